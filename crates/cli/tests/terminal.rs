//! The terminal: charts that fit its width.

mod common;

use common::Home;

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
