//! How far down the leg the symptoms reach, by day: a step line over the nerve-route levels 0–6,
//! drawn like the body (no symptoms at the top, toes at the bottom), so a line that rises means
//! symptoms moving up toward the back.

use super::{
    BLUE, Chart, ChartText, GRID, Labels, MUTED, Row, Table, WIDTH, clean_id, days, ends, escape, fill,
    lower_first, num, open, short_date, text,
};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

const HEIGHT: f64 = 300.0;
const LEFT: f64 = 164.0;
const RIGHT: f64 = WIDTH - 20.0;
const TOP: f64 = 22.0;
const BOTTOM: f64 = HEIGHT - 56.0;

/// The most distal level per day, for the days `from..=to`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Levels {
    /// The first day.
    pub from: Date,
    /// The last day.
    pub to: Date,
    /// One level (0 none … 6 toes) per day from `from` on, `None` for a day without one; a
    /// person with symptoms in both legs is shown by the worse side.
    pub levels: Vec<Option<u8>>,
}

/// Draws the levels as steps: each day a flat piece at its level, joined to the next day's by a
/// vertical piece, broken where a day has none. The level names label the axis.
pub fn level_series(data: &Levels, labels: &Labels, t: &ChartText) -> Chart {
    let id = clean_id(labels.id);
    let dates = days(data.from, data.to);
    let n = dates.len();
    let level = |i: usize| data.levels.get(i).copied().flatten().map(|l| l.min(6));
    let summary = summary(&dates, t, &level, data);
    let desc = format!("{summary} {}", t.levels_axis);

    let mut out = String::new();
    open(&mut out, "levels", &id, (WIDTH, HEIGHT), labels.title, &desc);
    let row = (BOTTOM - TOP) / 6.0;
    let y = |l: u8| TOP + f64::from(l) * row;
    for l in 0..=6 {
        let _ = write!(
            out,
            r#"<line class="grid" x1="{}" y1="{yy}" x2="{}" y2="{yy}" stroke="{GRID}" stroke-width="1"/>"#,
            num(LEFT),
            num(RIGHT),
            yy = num(y(l))
        );
        text(&mut out, LEFT - 12.0, y(l) + 7.0, "end", MUTED, &t.level(l));
    }
    let band = (RIGHT - LEFT) / n.max(1) as f64;
    let x0 = |i: usize| LEFT + i as f64 * band;
    if let (Some(first), Some(last)) = (dates.first(), dates.last()) {
        text(&mut out, LEFT, BOTTOM + 34.0, "start", MUTED, &short_date(*first));
        if n > 1 {
            text(&mut out, RIGHT, BOTTOM + 34.0, "end", MUTED, &short_date(*last));
        }
    }

    let points: Vec<Option<u8>> = (0..n).map(level).collect();
    let mut i = 0;
    while i < n {
        if points[i].is_none() {
            i += 1;
            continue;
        }
        let mut d = String::new();
        let mut j = i;
        while let Some(Some(l)) = points.get(j) {
            if j == i {
                let _ = write!(d, "M{} {}", num(x0(j)), num(y(*l)));
            } else {
                let _ = write!(d, "V{}", num(y(*l)));
            }
            let _ = write!(d, "H{}", num(x0(j + 1)));
            j += 1;
        }
        let _ = write!(
            out,
            r#"<path class="line" d="{d}" fill="none" stroke="{BLUE}" stroke-width="4" stroke-linejoin="round" stroke-linecap="round"/>"#
        );
        i = j;
    }
    // Invisible day bands carry the tooltips.
    out.push_str(r#"<g class="tips">"#);
    for (i, p) in points.iter().enumerate() {
        if let Some(l) = p {
            let tip = format!("{}: {}", short_date(dates[i]), t.level(*l));
            let _ = write!(
                out,
                r##"<rect x="{}" y="{}" width="{}" height="{}" fill="#fff" fill-opacity="0" data-tip="{}"/>"##,
                num(x0(i)),
                num(TOP - row / 2.0),
                num(band),
                num(BOTTOM - TOP + row),
                escape(&tip)
            );
        }
    }
    out.push_str("</g>");
    out.push_str("</svg>");

    let rows = (0..n)
        .map(|i| Row {
            label: super::day_label(dates[i]),
            values: vec![points[i].map_or_else(|| t.not_logged.clone(), |l| t.level(l))],
        })
        .collect();
    Chart { svg: out, summary, table: Table { headers: vec![t.day.clone(), t.level_heading.clone()], rows } }
}

fn summary(dates: &[Date], t: &ChartText, level: &dyn Fn(usize) -> Option<u8>, data: &Levels) -> String {
    let (from, to) = match (dates.first(), dates.last()) {
        (Some(a), Some(b)) => (short_date(*a), short_date(*b)),
        _ => (short_date(data.from), short_date(data.to)),
    };
    let logged: Vec<(usize, u8)> = (0..dates.len()).filter_map(|i| level(i).map(|l| (i, l))).collect();
    let vals: Vec<f64> = logged.iter().map(|(_, l)| f64::from(*l)).collect();
    let Some((start, end)) = ends(&vals) else {
        return fill(&t.levels_nothing, &[("from", &from), ("to", &to)]);
    };
    let (start, end) = (start as u8, end as u8);
    let (s, e) = (lower_first(&t.level(start)), lower_first(&t.level(end)));
    let pairs = [("from", from.as_str()), ("to", to.as_str()), ("start", s.as_str()), ("end", e.as_str())];
    if logged.len() == 1 {
        return fill(&t.levels_once, &[("date", &short_date(dates[logged[0].0])), ("end", &e)]);
    }
    let template = match (start, end) {
        (0, 0) => &t.levels_clear,
        (_, 0) => &t.levels_gone,
        (0, _) => &t.levels_new,
        (s, e) if e < s => &t.levels_up,
        (s, e) if e > s => &t.levels_down,
        _ => &t.levels_same,
    };
    fill(template, &pairs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::check;
    use jiff::civil::date;

    fn sample(levels: &[i8]) -> Levels {
        Levels {
            from: date(2026, 3, 2),
            to: date(2026, 3, 15),
            levels: levels.iter().map(|l| u8::try_from(*l).ok()).collect(),
        }
    }

    fn chart(levels: &[i8]) -> Chart {
        level_series(&sample(levels), &Labels { id: "levels", title: "How far down" }, &ChartText::default())
    }

    #[test]
    fn summary_says_where_symptoms_moved() {
        let c = chart(&[5, 5, 4, 4, -1, 4, 3, 3, -1, -1, 3, 2, 2, 2]);
        assert_eq!(
            c.summary,
            "From 2 Mar to 15 Mar, your symptoms moved up toward your back, from the foot to the buttock."
        );
        assert_eq!(c.table.headers, ["Day", "Furthest point"]);
        assert_eq!(c.table.rows[0].values, ["Foot"]);
        assert_eq!(c.table.rows[4].values, ["not logged"]);

        assert!(
            chart(&[2, 2, 3, 4, 4, 4])
                .summary
                .contains("moved further down your leg, from the buttock to the calf or shin")
        );
        assert!(chart(&[3, 3, 3, 3]).summary.ends_with("your symptoms kept reaching the thigh."));
        assert!(
            chart(&[4, 4, 3, 0, 0, 0]).summary.contains("went away; at first they reached the calf or shin")
        );
        assert!(chart(&[0, 0, 0, 1, 1, 1]).summary.contains("symptoms appeared and now reach the low back"));
        assert_eq!(chart(&[0, 0]).summary, "From 2 Mar to 15 Mar, you had no symptoms.");
        assert_eq!(chart(&[-1, 6]).summary, "On 3 Mar, your symptoms reached the toes.");
        assert_eq!(chart(&[]).summary, "Nothing was logged from 2 Mar to 15 Mar.");
    }

    #[test]
    fn steps_break_at_days_without_data_and_labels_name_levels() {
        let c = chart(&[5, 5, 4, 4, -1, 4, 3, 3, -1, -1, 3, 2, 2, 2]);
        let doc = check::well_formed(&c.svg);
        let lines = check::with_class(&doc, "line");
        assert_eq!(lines.len(), 3);
        assert!(lines[0].attribute("d").unwrap().contains('V'), "a step");
        let labels: Vec<_> =
            doc.descendants().filter(|n| n.has_tag_name("text")).filter_map(|n| n.text()).collect();
        for name in
            ["No symptoms", "Low back", "Buttock", "Thigh", "Calf or shin", "Foot", "Toes", "2 Mar", "15 Mar"]
        {
            assert!(labels.contains(&name), "{name} missing from {labels:?}");
        }
    }

    #[test]
    fn same_input_same_output() {
        let a = chart(&[9, 3, 2]);
        assert_eq!(a, chart(&[9, 3, 2]));
        assert!(!a.svg.contains("style="));
        assert_eq!(a.table.rows[0].values, ["Toes"]);
    }
}
