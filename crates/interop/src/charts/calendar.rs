//! The session calendar: one column per day, grouped in weeks from Monday to Sunday (two weeks
//! side by side, later weeks below), and a row for the morning and one for the evening session.

use super::{
    BLUE, Chart, ChartText, INK, Labels, MUTED, Row, Table, clean_id, escape, fill, num, open, text,
};
use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Wider than the line charts: two weeks of day cells side by side.
const CALENDAR_WIDTH: f64 = 640.0;
const LABEL_W: f64 = 104.0;
const CELL: f64 = 36.0;
const GAP: f64 = 24.0;
const PER_ROW: usize = 2;
const ROW_H: f64 = 126.0;
const ROW_GAP: f64 = 18.0;
const LEGEND_H: f64 = 84.0;
const LEGEND_COLUMN: f64 = 200.0;
/// The outline of sessions still to come (4.8:1 on white).
const SOFT: &str = "#6b7280";

/// The state of one session slot on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mark {
    /// Done: a filled circle with a tick.
    Done,
    /// Planned and not done: a hollow circle.
    Missed,
    /// Nothing planned: a small dot.
    NotPlanned,
    /// Planned, later today or in the future: a dashed circle.
    ToCome,
}

/// One day of the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarDay {
    /// The day.
    pub date: Date,
    /// The morning session.
    pub morning: Mark,
    /// The evening session.
    pub evening: Mark,
}

/// Sessions by day, and the streaks to report (days in a row with every planned session done).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Calendar {
    /// The days, in any order; a day listed twice counts once (the last one).
    pub days: Vec<CalendarDay>,
    /// The streak ending today.
    pub current_streak: u32,
    /// The longest streak.
    pub best_streak: u32,
}

/// Draws the calendar: a week's title ("2–8 Mar") and weekday letters above each week, the slot
/// names on the left, a legend below. Shapes, not only colours, tell the states apart.
pub fn adherence_calendar(data: &Calendar, labels: &Labels, t: &ChartText) -> Chart {
    let id = clean_id(labels.id);
    let days: BTreeMap<Date, CalendarDay> = data.days.iter().map(|d| (d.date, *d)).collect();
    let mut weeks: BTreeMap<Date, Vec<CalendarDay>> = BTreeMap::new();
    for d in days.values() {
        let monday = d.date - i64::from(d.date.weekday().to_monday_zero_offset()).days();
        weeks.entry(monday).or_default().push(*d);
    }

    let marks = days.values().flat_map(|d| [d.morning, d.evening]);
    let done = marks.clone().filter(|m| *m == Mark::Done).count();
    let planned = done + marks.filter(|m| *m == Mark::Missed).count();
    let summary = if planned == 0 {
        t.calendar_nothing.clone()
    } else {
        fill(
            &t.calendar_summary,
            &[
                ("done", &done.to_string()),
                ("planned", &planned.to_string()),
                ("current", &t.days(data.current_streak)),
                ("best", &t.days(data.best_streak)),
            ],
        )
    };

    let block_rows = weeks.len().div_ceil(PER_ROW).max(1);
    let height = block_rows as f64 * (ROW_H + ROW_GAP) + LEGEND_H;
    let mut out = String::new();
    open(&mut out, "calendar", &id, (CALENDAR_WIDTH, height), labels.title, &summary);
    for (k, (monday, week)) in weeks.iter().enumerate() {
        let x0 = LABEL_W + (k % PER_ROW) as f64 * (7.0 * CELL + GAP);
        let y0 = (k / PER_ROW) as f64 * (ROW_H + ROW_GAP);
        let sunday = *monday + 6.days();
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" fill="{INK}" font-weight="600">{}</text>"#,
            num(x0 + 4.0),
            num(y0 + 20.0),
            escape(&week_title(*monday, sunday))
        );
        for (i, letter) in t.weekdays.iter().take(7).enumerate() {
            text(&mut out, x0 + (i as f64 + 0.5) * CELL, y0 + 46.0, "middle", MUTED, letter);
        }
        if k % PER_ROW == 0 {
            text(&mut out, LABEL_W - 14.0, y0 + 78.0, "end", INK, &t.morning);
            text(&mut out, LABEL_W - 14.0, y0 + 114.0, "end", INK, &t.evening);
        }
        let _ = write!(
            out,
            r##"<rect x="{}" y="{}" width="{}" height="{}" rx="6" fill="none" stroke="#d0d4da" stroke-width="1"/>"##,
            num(x0),
            num(y0 + 54.0),
            num(7.0 * CELL),
            num(2.0 * CELL)
        );
        for d in week {
            let col = f64::from(d.date.weekday().to_monday_zero_offset());
            let cx = x0 + (col + 0.5) * CELL;
            for (row, (mark, slot)) in
                [(d.morning, &t.morning), (d.evening, &t.evening)].into_iter().enumerate()
            {
                let tip = format!("{}, {}: {}", super::day_label(d.date), slot.to_lowercase(), word(mark, t));
                draw(&mut out, mark, cx, y0 + 72.0 + row as f64 * CELL, &tip);
            }
        }
    }

    let ly = block_rows as f64 * (ROW_H + ROW_GAP) + 14.0;
    for (i, mark) in [Mark::Done, Mark::Missed, Mark::ToCome, Mark::NotPlanned].into_iter().enumerate() {
        let lx = LABEL_W + 14.0 + (i % 2) as f64 * LEGEND_COLUMN;
        let y = ly + (i / 2) as f64 * 34.0;
        draw(&mut out, mark, lx, y, "");
        text(&mut out, lx + 22.0, y + 7.0, "start", INK, word(mark, t));
    }
    out.push_str("</svg>");

    let rows = days
        .values()
        .map(|d| Row {
            label: super::day_label(d.date),
            values: vec![word(d.morning, t).to_owned(), word(d.evening, t).to_owned()],
        })
        .collect();
    let headers = vec![t.day.clone(), t.morning.clone(), t.evening.clone()];
    Chart { svg: out, summary, table: Table { headers, rows } }
}

fn word(mark: Mark, t: &ChartText) -> &str {
    match mark {
        Mark::Done => &t.done,
        Mark::Missed => &t.missed,
        Mark::NotPlanned => &t.not_planned,
        Mark::ToCome => &t.to_come,
    }
}

/// "2–8 Mar", or "30 Mar – 5 Apr" across a month.
fn week_title(monday: Date, sunday: Date) -> String {
    if monday.month() == sunday.month() {
        format!("{}–{}", monday.day(), super::short_date(sunday))
    } else {
        format!("{} – {}", super::short_date(monday), super::short_date(sunday))
    }
}

fn draw(out: &mut String, mark: Mark, cx: f64, cy: f64, tip: &str) {
    let tip = if tip.is_empty() { String::new() } else { format!(r#" data-tip="{}""#, escape(tip)) };
    let (x, y) = (num(cx), num(cy));
    let _ = match mark {
        Mark::Done => write!(
            out,
            r##"<g class="mark done"{tip}><circle cx="{x}" cy="{y}" r="12" fill="{BLUE}"/><path d="M{} {}l4 4.5l8-9" fill="none" stroke="#fff" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/></g>"##,
            num(cx - 6.0),
            num(cy + 0.5)
        ),
        Mark::Missed => write!(
            out,
            r##"<circle class="mark missed" cx="{x}" cy="{y}" r="11" fill="#fff" stroke="{MUTED}" stroke-width="2.5"{tip}/>"##
        ),
        Mark::NotPlanned => {
            write!(out, r#"<circle class="mark not-planned" cx="{x}" cy="{y}" r="2.5" fill="{MUTED}"{tip}/>"#)
        }
        Mark::ToCome => write!(
            out,
            r#"<circle class="mark to-come" cx="{x}" cy="{y}" r="11" fill="none" stroke="{SOFT}" stroke-width="1.5" stroke-dasharray="3 3.2"{tip}/>"#
        ),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::check;
    use jiff::civil::date;

    pub(crate) fn sample() -> Calendar {
        // Wednesday 4 March to Thursday 19 March 2026; today is the 19th, its evening still to come.
        let mut days = Vec::new();
        let mut d = date(2026, 3, 4);
        let mut i = 0;
        while d <= date(2026, 3, 19) {
            let (m, e) = match i {
                5 => (Mark::Missed, Mark::Missed),
                9 => (Mark::Done, Mark::Missed),
                6 => (Mark::NotPlanned, Mark::NotPlanned),
                15 => (Mark::Done, Mark::ToCome),
                _ => (Mark::Done, Mark::Done),
            };
            days.push(CalendarDay { date: d, morning: m, evening: e });
            d = d.tomorrow().unwrap();
            i += 1;
        }
        Calendar { days, current_streak: 6, best_streak: 6 }
    }

    fn chart(c: &Calendar) -> Chart {
        adherence_calendar(c, &Labels { id: "sessions", title: "Sessions done" }, &ChartText::default())
    }

    #[test]
    fn summary_counts_sessions_and_streaks() {
        let c = chart(&sample());
        assert_eq!(
            c.summary,
            "You did 26 of the 29 sessions planned so far; your current streak is 6 days and your best streak is 6 days."
        );
        assert_eq!(c.table.headers, ["Day", "Morning", "Evening"]);
        assert_eq!(c.table.rows.len(), 16);
        assert_eq!(c.table.rows[5].label, "Mon 9 Mar");
        assert_eq!(c.table.rows[5].values, ["missed", "missed"]);
        assert_eq!(c.table.rows[15].values, ["done", "still to come"]);

        let one = Calendar { current_streak: 1, ..sample() };
        assert!(chart(&one).summary.contains("current streak is 1 day and"));
        let none = Calendar { days: vec![], current_streak: 0, best_streak: 0 };
        let c = chart(&none);
        assert_eq!(c.summary, "No sessions were planned on these days yet.");
        check::well_formed(&c.svg);
    }

    #[test]
    fn weeks_start_on_monday_and_shapes_tell_states_apart() {
        let c = chart(&sample());
        let doc = check::well_formed(&c.svg);
        assert_eq!(check::with_class(&doc, "done").len(), 26 + 1, "26 sessions and the legend");
        assert_eq!(check::with_class(&doc, "missed").len(), 3 + 1);
        assert_eq!(check::with_class(&doc, "not-planned").len(), 2 + 1);
        assert_eq!(check::with_class(&doc, "to-come").len(), 1 + 1);
        let texts: Vec<_> =
            doc.descendants().filter(|n| n.has_tag_name("text")).filter_map(|n| n.text()).collect();
        for title in ["2–8 Mar", "9–15 Mar", "16–22 Mar"] {
            assert!(texts.contains(&title), "{title} in {texts:?}");
        }
        assert_eq!(week_title(date(2026, 3, 30), date(2026, 4, 5)), "30 Mar – 5 Apr");
        // Three weeks: two rows of blocks.
        assert_eq!(doc.root_element().attribute("viewBox"), Some("0 0 640 372"));
    }

    #[test]
    fn same_input_same_output() {
        let mut shuffled = sample();
        shuffled.days.reverse();
        assert_eq!(chart(&sample()), chart(&shuffled));
        assert!(!chart(&sample()).svg.contains("style="));
    }
}
