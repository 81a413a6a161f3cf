//! The terminal: charts that fit its width, `setup` checking each answer as it is typed, and
//! `session --format json` printing JSON or refusing with a pointer to `log`.

mod common;

use common::Home;
use serde_json::{Value, json};
use std::path::Path;

/// A home with `days` days of made-up history (the demo).
fn demo(days: u32) -> Home {
    let h = Home::new();
    let out = h.cmd().args(["demo", "--days", &days.to_string()]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    h
}

fn progress(h: &Home, days: &str, columns: Option<&str>) -> String {
    let mut c = h.cmd();
    c.args(["progress", "--days", days]);
    if let Some(cols) = columns {
        c.env("COLUMNS", cols);
    }
    let out = c.output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn widest(text: &str) -> usize {
    text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

/// The bar lines of the leg pain chart (between its sentence and its axis).
fn leg_pain_bars(text: &str) -> Vec<&str> {
    let lines: Vec<&str> = text.lines().collect();
    let at = lines.iter().position(|l| l.starts_with("Leg pain")).expect("a leg pain chart");
    lines[at + 2..=at + 7].to_vec()
}

/// How many columns the bottom rule of a chart spans.
fn rule(line: &str) -> usize {
    line.chars().filter(|c| *c == '─').count()
}

#[test]
fn charts_fit_the_terminal_width_with_weeks_when_days_do_not_fit() {
    let h = demo(130);
    for cols in [60usize, 100] {
        let text = progress(&h, "120", Some(&cols.to_string()));
        assert!(widest(&text) <= cols, "{cols} columns:\n{text}");
        assert!(text.contains("Leg pain (week by week"), "{text}");
        let bars = leg_pain_bars(&text);
        assert!(bars[0].starts_with("  10 │"), "{bars:?}");
        // 120 days are 18 weeks (the oldest one short): a column each, with a space between.
        assert_eq!(rule(bars[5]), 2 * 18, "{cols} columns: {}", bars[5]);
        assert!(text.contains("each mark is a week"), "{text}");
    }

    // Days when they fit: 28 days side by side at 60 columns, with a space between at 100.
    let narrow = progress(&h, "28", Some("60"));
    assert!(widest(&narrow) <= 60, "{narrow}");
    assert!(narrow.contains("Leg pain (worst of each day)"), "{narrow}");
    assert_eq!(rule(leg_pain_bars(&narrow)[5]), 28, "side by side");
    let wide = progress(&h, "28", Some("100"));
    assert!(widest(&wide) <= 100, "{wide}");
    assert_eq!(rule(leg_pain_bars(&wide)[5]), 2 * 28, "a space between");
    assert!(wide.contains("● done  ○ missed"), "{wide}");

    // Not a terminal and no COLUMNS: 80 columns. A year at 40 columns: the latest weeks, said so.
    assert!(widest(&progress(&h, "120", None)) <= 80);
    let year = progress(&h, "365", Some("40"));
    assert!(widest(&year) <= 40, "{year}");
    assert!(year.contains("The charts show the last 29 weeks"), "{year}");
}

#[test]
fn setup_options_are_checked_before_anything_is_asked_or_written() {
    let h = Home::new();
    for (args, field) in [
        (&["--time-zone", "Mars/Olympus"][..], "time_zone"),
        (&["--morning", "25:00"], "morning"),
        (&["--morning", "09:00", "--evening", "08:00"], "evening"),
    ] {
        let out = h.cmd().arg("setup").args(args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(field) && err.contains("allowed"), "{args:?}: {err}");
        assert!(!h.db.exists(), "{args:?} wrote a database");
    }
}

/// Runs the binary on a pseudo-terminal: for each step, waits for the text, then types the
/// answer (if any) and Enter.
fn on_terminal(h: &Home, args: &[&str], steps: &[(&str, Option<&str>)]) -> (Option<i32>, String) {
    let driver = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/common/on_pty.py");
    let steps = serde_json::to_string(steps).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("sciatica");
    let out = std::process::Command::new("python3")
        .arg(driver)
        .arg(steps)
        .arg(bin)
        .arg("--db")
        .arg(&h.db)
        .args(args)
        .env("NO_COLOR", "1")
        .env("TZ", "UTC")
        .output()
        .expect("python3 runs the project's tests (run-tests)");
    (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn setup_checks_each_answer_as_it_is_typed_and_asks_again() {
    let h = Home::new();
    let (code, text) = on_terminal(
        &h,
        &["setup"],
        &[
            ("Time zone (e.g. Europe/London) [", Some("Mars/Olympus")),
            ("is not a known IANA time zone", None),
            ("Time zone (e.g. Europe/London) [", Some("Europe/London")),
            ("Morning session time (HH:MM) [08:00]", Some("7.30")),
            ("allowed: HH:MM on the 24-hour clock", None),
            ("Morning session time (HH:MM) [08:00]", Some("07:30")),
            ("Evening session time (HH:MM) [18:00]", Some("06:00")),
            ("is not after the morning time", None),
            ("Evening session time (HH:MM) [18:00]", Some("19:15")),
            ("What should we call you? (optional)", Some(&"x".repeat(101))),
            ("allowed: up to 100 characters", None),
            ("What should we call you? (optional)", Some("Sam")),
        ],
    );
    // Each wrong answer is said to be wrong and the question comes again (the steps wait for
    // it): it is neither taken nor swapped for the default.
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("Saved. Sessions at 07:30 and 19:15 (Europe/London)."), "{text}");
    let who = h.json(&["export"]);
    assert_eq!(who["patient"]["display_name"], "Sam", "{who}");
}

#[test]
fn a_blocked_session_in_json_says_so_in_json() {
    let h = Home::new();
    h.screen(&[("bladder", json!(true))]);
    let out = h.cmd().args(["session", "--no-timers", "--format", "json"]).write_stdin("").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    assert_eq!((v["saved"].as_bool(), v["blocked"].as_bool()), (Some(false), Some(true)), "{v}");
    assert_eq!(v["session_id"], Value::Null);
    assert_eq!(v["status"]["urgency"], "emergency_now", "{v}");
}

#[test]
fn a_session_in_json_without_answers_refuses_with_a_pointer_to_log() {
    let h = Home::new();
    h.screen(&[]);
    let out = h.cmd().args(["session", "--no-timers", "--format", "json"]).write_stdin("").output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(0), "{err}");
    assert!(out.stdout.is_empty(), "nothing half-printed on standard output");
    assert!(err.contains("sciatica log"), "{err}");
}

#[test]
fn a_red_flag_at_the_start_of_a_session_in_json_gives_the_screen_in_json() {
    let h = Home::new();
    h.screen(&[]);
    // Yes to the safety question; then the weekly check: the stable history confirmed, and a
    // yes to new bladder changes on the page of warning signs, which decides the result there.
    let input = ["y", "y", "y", "n", "n", "n"];
    let out = h
        .cmd()
        .args(["session", "--no-timers", "--format", "json"])
        .write_stdin(input.join("\n") + "\n")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {err}"));
    assert_eq!((v["saved"].as_bool(), v["blocked"].as_bool()), (Some(false), Some(true)), "{v}");
    assert_eq!(v["screen"]["urgency"], "emergency_now", "{v}");
}
