//! Checks the calendar feed with an independent parser: Python's `icalendar` and
//! `recurring_ical_events` packages read a rendered feed, expand its daily events across the
//! March 2026 change to British Summer Time, and rebuild the time zone from the feed's VTIMEZONE
//! alone (for London and for zones with other kinds of rules).
//!
//! These tests need `python3` with both packages installed and FAIL without them, so that a
//! missing oracle is never mistaken for a passing check. Install them with
//! `pip install icalendar recurring_ical_events` (CI does).

use jiff::civil::time;
use sciatica_core::schedule::{Schedule, parse_tz};
use sciatica_interop::ical::{Feed, FeedText, MeasureDue, render};
use std::path::{Path, PathBuf};
use std::process::Command;

const INSTALL: &str = "run `pip install icalendar recurring_ical_events`";

fn text() -> FeedText {
    FeedText {
        calendar_name: "Sciatica exercises".into(),
        morning_summary: "Morning exercises".into(),
        evening_summary: "Evening exercises".into(),
        session_description: "Your {programme} programme for {cause}, step by step.".into(),
        reminder: "Time for your exercises".into(),
        measure_summary: "Questionnaire: {measure}".into(),
        measure_description: "Please answer the {measure} questionnaire.".into(),
    }
}

/// Renders a feed for `zone` (morning 07:30, evening 19:00, from 2026-03-20) into a file named
/// after the zone.
fn render_to_file(zone: &str, measures: &[MeasureDue]) -> PathBuf {
    let schedule = Schedule::new(parse_tz(zone).unwrap(), time(7, 30, 0, 0), time(19, 0, 0, 0)).unwrap();
    let text = text();
    let feed = Feed {
        id: "feed-test",
        schedule: &schedule,
        sessions_per_day: 2,
        session_minutes: 20,
        reminder_minutes_before: Some(5),
        start: "2026-03-20".parse().unwrap(),
        programme: "Extension bias",
        cause: "disc herniation",
        today_url: Some("https://example.org/today"),
        measures,
        text: &text,
        stamp: "2026-03-19T10:00:00Z".parse().unwrap(),
    };
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{}.ics", zone.replace('/', "~")));
    std::fs::write(&path, render(&feed).unwrap()).unwrap();
    path
}

/// Runs the Python check with `args`; panics with its output when it fails.
fn python_check(args: &[&Path]) -> String {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ical_python_check.py");
    let output = Command::new("python3")
        .arg(&script)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run python3 ({e}); install Python 3, then {INSTALL}"));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("ModuleNotFoundError"), "the Python packages are missing; {INSTALL}\n{stderr}");
    assert!(output.status.success(), "the independent parser rejected the feed:\n{stdout}\n{stderr}");
    assert!(stdout.starts_with("ok"), "{stdout}");
    stdout
}

#[test]
fn python_icalendar_reads_the_london_feed_across_the_clock_change() {
    let measures = [
        MeasureDue { key: "odi-week-2".into(), date: "2026-04-03".parse().unwrap(), name: "Oswestry".into() },
        MeasureDue {
            key: "sbi-week-6".into(),
            date: "2026-05-01".parse().unwrap(),
            name: "Sciatica Bothersomeness; Index".into(),
        },
    ];
    let path = render_to_file("Europe/London", &measures);
    python_check(&[&path]);
}

#[test]
fn python_icalendar_rebuilds_other_zones_from_the_vtimezone() {
    let zones = [
        "America/New_York",
        "Australia/Sydney",
        "Europe/Berlin",
        "Europe/Dublin",
        "America/Sao_Paulo",
        "Asia/Kolkata",
        "America/St_Johns",
        "Pacific/Chatham",
        "Africa/Casablanca",
    ];
    let paths: Vec<PathBuf> = zones.iter().map(|z| render_to_file(z, &[])).collect();
    let args: Vec<&Path> =
        std::iter::once(Path::new("--zones")).chain(paths.iter().map(PathBuf::as_path)).collect();
    let out = python_check(&args);
    assert_eq!(out.lines().count(), zones.len(), "{out}");
}
