//! The charts of `sciatica progress`: leg and back pain, how far down the leg symptoms reach,
//! and the sessions done, each with a sentence in words above it, laid out to fit the terminal.

use super::DayRow;
use crate::charts::{self, Layout, Mark};
use crate::output::{DIM, Out};
use jiff::civil::Date;
use sciatica_core::symptoms::Trend;
use sciatica_core::{Content, Slot};

/// Characters left of the widest chart's columns ("  buttock │", "  Morning  ").
const WIDEST_LABEL: usize = 11;
/// Level names on the chart's rows.
const LEVELS: [&str; 7] = ["none", "back", "buttock", "thigh", "calf", "foot", "toes"];

/// The layout of every chart for these days in a terminal `columns` wide.
pub fn layout(days: usize, columns: usize) -> Layout {
    Layout::fit(days, columns.saturating_sub(WIDEST_LABEL))
}

/// Draws the charts of `rows` (one per day, `from` to `today`).
pub fn draw(
    out: &mut Out,
    c: &Content,
    rows: &[DayRow],
    from: Date,
    today: Date,
    trend: Option<Trend>,
    l: Layout,
) {
    let shown_from = l.first_day(from, rows.len());
    if l.skipped > 0 {
        let note = format!(
            "The charts show the last {} weeks, from {}: a wider terminal shows them all.",
            l.columns(rows).len(),
            shown_from.strftime("%-d %b")
        );
        out.blank();
        out.para(&note, "  ");
    }
    let per = |pick: fn(&DayRow) -> Option<u8>| -> (Vec<Option<f64>>, Vec<Option<f64>>) {
        let daily: Vec<Option<f64>> = rows.iter().map(|r| pick(r).map(f64::from)).collect();
        let shown = l.columns(&daily).into_iter().map(charts::mean).collect();
        (daily, shown)
    };
    let cells = |n: usize| charts::width(n, l.gap);
    for (title, pick, what) in [
        ("Leg pain", (|r: &DayRow| r.leg_pain) as fn(&DayRow) -> Option<u8>, "leg pain"),
        ("Back pain", |r: &DayRow| r.back_pain, "back pain"),
    ] {
        let (daily, shown) = per(pick);
        let how =
            if l.weekly() { "week by week: the average of each day's worst" } else { "worst of each day" };
        out.heading(format!("{title} ({how})"));
        out.para(&trend_sentence(&daily, what), "  ");
        for line in charts::bars(&shown, 10.0, 5, l.gap, |v| format!("{v:.0}")) {
            out.line(format!("  {line}"));
        }
        out.styled(DIM, charts::axis(shown_from, today, 6, cells(shown.len())));
    }

    let how = if l.weekly() { "week by week: the average of the mornings" } else { "each morning" };
    out.heading(format!("How far down the leg ({how}, the worse leg)"));
    let (daily, shown) = per(|r| r.level);
    out.para(&level_sentence(c, &daily), "  ");
    for line in charts::bars(&shown, 6.0, 6, l.gap, |v| LEVELS[(v.round() as usize).min(6)].to_owned()) {
        out.line(format!("  {line}"));
    }
    out.styled(DIM, charts::axis(shown_from, today, WIDEST_LABEL, cells(shown.len())));
    if let Some(t) = trend {
        let line = match t {
            Trend::Centralizing => {
                "Over the last week your symptoms have moved up toward your back. That is a good sign."
            }
            Trend::Steady => "Over the last week how far down your leg symptoms reach has not changed much.",
            Trend::Peripheralizing => {
                "Over the last week your symptoms have reached further down your leg. Please tell your clinician."
            }
        };
        out.para(line, "  ");
    }
}

/// The morning and evening rows of the session calendar, and their legend.
pub fn calendar(out: &mut Out, rows: &[DayRow], today: Date, l: Layout) {
    let cell = |r: &DayRow, slot: Slot| -> Option<bool> {
        let (needed, did) = if slot == Slot::Morning { (1, r.morning) } else { (2, r.evening) };
        if did {
            Some(true)
        } else if r.planned < needed || r.date == Some(today) {
            None
        } else {
            Some(false)
        }
    };
    for (name, slot) in [("Morning", Slot::Morning), ("Evening", Slot::Evening)] {
        let days: Vec<Option<bool>> = rows.iter().map(|r| cell(r, slot)).collect();
        let marks: Vec<Mark> = l.columns(&days).into_iter().map(Mark::of).collect();
        out.line(format!("  {name}  {}", charts::calendar_row(&marks, l.gap)));
    }
    let keys: &[&str] = if l.weekly() {
        &[
            "each mark is a week:",
            "● all done",
            "◐ some done",
            "○ none done",
            "· nothing planned or still to come",
        ]
    } else {
        &["● done", "○ missed", "· nothing planned or still to come"]
    };
    for line in charts::legend(keys, WIDEST_LABEL, crate::output::width()) {
        out.styled(DIM, line);
    }
}

fn first_last(values: &[Option<f64>]) -> Option<(f64, f64)> {
    let known: Vec<f64> = values.iter().flatten().copied().collect();
    Some((*known.first()?, *known.last()?))
}

fn trend_sentence(values: &[Option<f64>], what: &str) -> String {
    match first_last(values) {
        None => format!("No {what} logged in this period."),
        Some((a, b)) if (a - b).abs() < 1.0 => {
            format!("Your {what} stayed about the same, around {b:.0} out of 10.")
        }
        Some((a, b)) if b < a => format!("Your {what} fell from {a:.0} to {b:.0} out of 10."),
        Some((a, b)) => format!("Your {what} rose from {a:.0} to {b:.0} out of 10."),
    }
}

fn level_sentence(c: &Content, values: &[Option<f64>]) -> String {
    let name = |v: f64| c.texts.levels[(v as usize).min(6)].to_lowercase();
    match first_last(values) {
        None => "No morning check logged in this period.".to_owned(),
        Some((a, b)) if (a - b).abs() < 0.5 => {
            format!("Symptoms reach the same place as at the start: {}.", name(b))
        }
        Some((a, b)) if b < a => format!(
            "At the start symptoms reached: {}. Lately: {}. Moving up toward the back is a good sign.",
            name(a),
            name(b)
        ),
        Some((a, b)) => format!(
            "At the start symptoms reached: {}. Lately: {}. Please tell your clinician.",
            name(a),
            name(b)
        ),
    }
}
