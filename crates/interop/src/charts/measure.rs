//! A questionnaire's scores over time, with the baseline and the line a score has to reach to
//! count as a change that matters (REFERENCE §6: baseline minus the minimal important change).

use super::{
    BAND, BLUE, Chart, ChartText, GRID, INK, LABEL_SIZE, Labels, MUTED, Row, Table, WIDTH, clean_id, escape,
    fill, grid_line, long_date, num, open, short_date, text, text_width,
};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

const HEIGHT: f64 = 330.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = WIDTH - 24.0;
const TOP: f64 = 92.0;
const BOTTOM: f64 = HEIGHT - 50.0;
const PAD: f64 = 28.0;
const EPS: f64 = 1e-9;
/// Space kept between two date labels.
const DATE_ROOM: f64 = 96.0;

/// One completed questionnaire.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MeasurePoint {
    /// The day it was filled in.
    pub date: Date,
    /// Its score; `None` when too few questions were answered to score it.
    pub score: Option<f64>,
}

/// An outcome measure's scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Measure {
    /// The highest possible score (100 for the ODI, 24 for the RMDQ, 10 for pain).
    pub max_score: f64,
    /// Lower scores are better (true for every measure in REFERENCE §6).
    pub lower_is_better: bool,
    /// The smallest change in points that matters to a person, when one is known.
    pub minimal_important_change: Option<f64>,
    /// The score to compare with; `None` for the first score.
    pub baseline: Option<f64>,
    /// The questionnaires, in any order.
    pub points: Vec<MeasurePoint>,
}

/// Draws the scores by date (spaced by the time between them) as a line with labelled dots, the
/// baseline as a dashed grey line and the line of a change that matters in blue over a light band
/// (the scores that count), with a legend above.
pub fn measure_chart(data: &Measure, labels: &Labels, t: &ChartText) -> Chart {
    let id = clean_id(labels.id);
    let max = if data.max_score.is_finite() && data.max_score > 0.0 { data.max_score } else { 10.0 };
    let mut points = data.points.clone();
    points.sort_by_key(|p| p.date);
    let score = |p: &MeasurePoint| p.score.filter(|s| s.is_finite()).map(|s| s.clamp(0.0, max));
    let scored: Vec<(Date, f64)> = points.iter().filter_map(|p| score(p).map(|s| (p.date, s))).collect();
    let baseline = data.baseline.filter(|b| b.is_finite()).or(scored.first().map(|s| s.1));
    let sign = if data.lower_is_better { -1.0 } else { 1.0 };
    let target = match (baseline, data.minimal_important_change) {
        (Some(b), Some(m)) if m > 0.0 => Some(b + sign * m).filter(|t| (-EPS..=max + EPS).contains(t)),
        _ => None,
    };
    let target_words = |tmpl: &str| target.map(|v| fill(tmpl, &[("score", &num(v))])).unwrap_or_default();
    let or_target = target_words(if data.lower_is_better { &t.or_lower } else { &t.or_higher });

    let summary = summary(data, &scored, baseline, target, &or_target, t);
    let better = if data.lower_is_better { &t.lower_is_better } else { &t.higher_is_better };
    let mut out = String::new();
    open(&mut out, "measure", &id, (WIDTH, HEIGHT), labels.title, &format!("{summary} {better}"));

    let y = |v: f64| BOTTOM - v / max * (BOTTOM - TOP);
    if let Some(tv) = target {
        let (a, b) = if data.lower_is_better { (y(tv), BOTTOM) } else { (TOP, y(tv)) };
        let _ = write!(
            out,
            r#"<rect class="target-band" x="{}" y="{}" width="{}" height="{}" fill="{BAND}"/>"#,
            num(LEFT),
            num(a),
            num(RIGHT - LEFT),
            num(b - a)
        );
    }
    let step = grid_step(max);
    let mut g = 0.0;
    while g <= max + EPS {
        grid_line(&mut out, LEFT, RIGHT, y(g), &num(g), LEFT - 12.0);
        g += step;
    }
    if let Some(b) = baseline {
        hline(&mut out, "baseline", y(b), MUTED, 2.0, " stroke-dasharray=\"7 5\"");
    }
    if let Some(tv) = target {
        hline(&mut out, "target", y(tv), BLUE, 3.0, "");
    }

    // Dates along the bottom, spaced by the days between them.
    let first = points.first().map(|p| p.date);
    let span = match (first, points.last()) {
        (Some(a), Some(b)) => a.until(b.date).map_or(0, |s| s.get_days()),
        _ => 0,
    };
    let x = |d: Date| match first {
        Some(f) if span > 0 => {
            let k = f64::from(f.until(d).map_or(0, |s| s.get_days())) / f64::from(span);
            LEFT + PAD + k * (RIGHT - LEFT - 2.0 * PAD)
        }
        _ => f64::midpoint(LEFT, RIGHT),
    };
    let mut dates: Vec<Date> = points.iter().map(|p| p.date).collect();
    dates.dedup();
    // The first and last dates, and those between with room around them.
    let last_x = dates.last().map_or(RIGHT, |d| x(*d));
    let mut prev = f64::NEG_INFINITY;
    for (i, d) in dates.iter().enumerate() {
        let at = x(*d);
        let ends = i == 0 || i == dates.len() - 1;
        if ends || (at - prev >= DATE_ROOM && last_x - at >= DATE_ROOM) {
            text(
                &mut out,
                at.clamp(LEFT + 30.0, RIGHT - 30.0),
                BOTTOM + 32.0,
                "middle",
                MUTED,
                &short_date(*d),
            );
            prev = at;
        }
    }

    if scored.len() > 1 {
        let d: Vec<String> = scored
            .iter()
            .enumerate()
            .map(|(i, (d, s))| format!("{}{} {}", if i == 0 { 'M' } else { 'L' }, num(x(*d)), num(y(*s))))
            .collect();
        let _ = write!(
            out,
            r#"<path class="line" d="{}" fill="none" stroke="{INK}" stroke-width="3" stroke-linejoin="round"/>"#,
            d.concat()
        );
    }
    out.push_str(r#"<g class="dots">"#);
    for (d, s) in &scored {
        let (cx, cy) = (x(*d), y(*s));
        let tip = format!("{}: {}", short_date(*d), num(*s));
        let _ = write!(
            out,
            r##"<circle cx="{}" cy="{}" r="6.5" fill="{INK}" stroke="#fff" stroke-width="2" data-tip="{}"/>"##,
            num(cx),
            num(cy),
            escape(&tip)
        );
        let ly = if cy - 16.0 < TOP + 4.0 { cy + 30.0 } else { cy - 14.0 };
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" text-anchor="middle" fill="{INK}" font-weight="700">{}</text>"#,
            num(cx),
            num(ly),
            num(*s)
        );
    }
    out.push_str("</g>");

    legend(
        &mut out,
        baseline,
        target.map(|_| target_words(if data.lower_is_better { &t.target_lower } else { &t.target_higher })),
        t,
    );
    out.push_str("</svg>");

    let mut rows: Vec<Row> = Vec::new();
    if let Some(b) = data.baseline.filter(|b| b.is_finite()) {
        rows.push(Row { label: t.start.clone(), values: vec![num(b)] });
    }
    rows.extend(points.iter().map(|p| Row {
        label: long_date(p.date),
        values: vec![score(p).map_or_else(|| t.incomplete.clone(), num)],
    }));
    if target.is_some() {
        rows.push(Row { label: t.target_heading.clone(), values: vec![or_target.clone()] });
    }
    Chart { svg: out, summary, table: Table { headers: vec![t.date.clone(), t.score.clone()], rows } }
}

fn summary(
    data: &Measure,
    scored: &[(Date, f64)],
    baseline: Option<f64>,
    target: Option<f64>,
    or_target: &str,
    t: &ChartText,
) -> String {
    let Some(b) = baseline else { return t.measure_nothing.clone() };
    let latest = if data.baseline.is_some() { scored.last() } else { scored.get(1..).and_then(<[_]>::last) };
    let Some((date, latest)) = latest else {
        return match target {
            Some(_) => fill(&t.measure_first_target, &[("baseline", &num(b)), ("target", or_target)]),
            None => fill(&t.measure_first, &[("baseline", &num(b))]),
        };
    };
    let gain = if data.lower_is_better { b - latest } else { latest - b };
    let (bs, ls, ds) = (num(b), num(*latest), short_date(*date));
    let pairs =
        [("baseline", bs.as_str()), ("latest", ls.as_str()), ("date", ds.as_str()), ("target", or_target)];
    let mic = data.minimal_important_change.filter(|m| *m > 0.0);
    let template = if gain.abs() < EPS {
        &t.measure_same
    } else if gain < 0.0 {
        &t.measure_worse
    } else if mic.is_some_and(|m| gain >= m - EPS) {
        &t.measure_matters
    } else if target.is_some() {
        &t.measure_better_not_yet
    } else {
        &t.measure_better
    };
    fill(template, &pairs)
}

/// A step for grid lines that divides the range into at most six whole parts, or four parts.
fn grid_step(max: f64) -> f64 {
    for s in [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 10.0, 20.0, 25.0, 50.0, 100.0, 200.0, 250.0, 500.0] {
        let parts = max / s;
        if parts <= 6.0 + EPS && (parts - parts.round()).abs() < EPS {
            return s;
        }
    }
    max / 4.0
}

fn hline(out: &mut String, class: &str, y: f64, stroke: &str, width: f64, extra: &str) {
    let _ = write!(
        out,
        r#"<line class="{class}" x1="{}" y1="{yy}" x2="{}" y2="{yy}" stroke="{stroke}" stroke-width="{width}"{extra}/>"#,
        num(LEFT),
        num(RIGHT),
        yy = num(y)
    );
}

fn legend(out: &mut String, baseline: Option<f64>, target: Option<String>, t: &ChartText) {
    let (y1, y2) = (26.0, 60.0);
    out.push_str(r#"<g class="legend">"#);
    let _ = write!(
        out,
        r##"<line x1="{LEFT}" y1="{y1}" x2="{}" y2="{y1}" stroke="{INK}" stroke-width="3"/><circle cx="{}" cy="{y1}" r="6.5" fill="{INK}" stroke="#fff" stroke-width="2"/>"##,
        LEFT + 40.0,
        LEFT + 20.0
    );
    text(out, LEFT + 50.0, y1 + 6.0, "start", INK, &t.score);
    if let Some(b) = baseline {
        let x = LEFT + 50.0 + text_width(&t.score, LABEL_SIZE) + 36.0;
        let _ = write!(
            out,
            r#"<line x1="{}" y1="{y1}" x2="{}" y2="{y1}" stroke="{MUTED}" stroke-width="2" stroke-dasharray="7 5"/>"#,
            num(x),
            num(x + 40.0)
        );
        text(out, x + 50.0, y1 + 6.0, "start", INK, &fill(&t.baseline, &[("score", &num(b))]));
    }
    if let Some(words) = target {
        let _ = write!(
            out,
            r#"<rect x="{LEFT}" y="{}" width="40" height="16" fill="{BAND}" stroke="{GRID}" stroke-width="1"/><line x1="{LEFT}" y1="{}" x2="{}" y2="{}" stroke="{BLUE}" stroke-width="3"/>"#,
            num(y2 - 6.0),
            num(y2 - 6.0),
            num(LEFT + 40.0),
            num(y2 - 6.0)
        );
        text(out, LEFT + 50.0, y2 + 6.0, "start", INK, &words);
    }
    out.push_str("</g>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::check;
    use jiff::civil::date;

    fn odi(scores: &[(i8, i8, f64)]) -> Measure {
        Measure {
            max_score: 100.0,
            lower_is_better: true,
            minimal_important_change: Some(10.0),
            baseline: None,
            points: scores
                .iter()
                .map(|(m, d, s)| MeasurePoint { date: date(2026, *m, *d), score: (*s >= 0.0).then_some(*s) })
                .collect(),
        }
    }

    fn chart(m: &Measure) -> Chart {
        measure_chart(m, &Labels { id: "odi", title: "Oswestry Disability Index" }, &ChartText::default())
    }

    #[test]
    fn summary_tells_whether_the_change_matters() {
        let m = odi(&[(3, 2, 46.0), (3, 16, 40.0), (4, 13, -1.0), (5, 25, 28.0)]);
        let c = chart(&m);
        assert_eq!(c.summary, "Your score went from 46 at the start to 28 on 25 May: a change that matters.");
        assert_eq!(c.table.headers, ["Date", "Your score"]);
        let rows: Vec<(&str, &str)> =
            c.table.rows.iter().map(|r| (r.label.as_str(), r.values[0].as_str())).collect();
        assert_eq!(
            rows,
            [
                ("2 Mar 2026", "46"),
                ("16 Mar 2026", "40"),
                ("13 Apr 2026", "incomplete"),
                ("25 May 2026", "28"),
                ("A change that matters", "36 or lower")
            ]
        );
        assert_eq!(
            chart(&odi(&[(3, 2, 46.0), (3, 16, 40.0)])).summary,
            "Your score went from 46 at the start to 40 on 16 Mar: better, but not yet a change that matters (36 or lower)."
        );
        assert!(
            chart(&odi(&[(3, 2, 46.0), (3, 16, 51.1)]))
                .summary
                .ends_with("to 51.1 on 16 Mar: worse than at the start.")
        );
        assert_eq!(
            chart(&odi(&[(3, 2, 46.0), (3, 16, 46.0)])).summary,
            "Your score on 16 Mar was 46, the same as at the start."
        );
        assert_eq!(
            chart(&odi(&[(3, 2, 46.0)])).summary,
            "Your first score is 46; a change that matters would be 36 or lower."
        );
        assert_eq!(chart(&odi(&[(3, 2, -1.0)])).summary, "There are no scores yet.");
    }

    #[test]
    fn without_a_reachable_target_no_line_is_drawn() {
        let mut m = odi(&[(3, 2, 4.0), (3, 16, 2.0)]);
        let c = chart(&m);
        assert_eq!(c.summary, "Your score went from 4 at the start to 2 on 16 Mar: better.");
        let doc = check::well_formed(&c.svg);
        assert!(check::with_class(&doc, "target").is_empty());
        assert_eq!(check::with_class(&doc, "baseline").len(), 1);
        m.minimal_important_change = None;
        m.baseline = Some(5.0);
        let c = chart(&m);
        assert_eq!(c.table.rows[0].label, "Start");
        assert_eq!(c.summary, "Your score went from 5 at the start to 2 on 16 Mar: better.");
    }

    #[test]
    fn lines_bands_and_labels() {
        let c = chart(&odi(&[(3, 2, 46.0), (3, 16, 40.0), (4, 13, -1.0), (5, 25, 28.0)]));
        let doc = check::well_formed(&c.svg);
        let target = &check::with_class(&doc, "target")[0];
        let band = &check::with_class(&doc, "target-band")[0];
        assert_eq!(target.attribute("y1"), band.attribute("y"), "the band starts at the line");
        assert_eq!(check::with_class(&doc, "line").len(), 1);
        let texts: Vec<_> =
            doc.descendants().filter(|n| n.has_tag_name("text")).filter_map(|n| n.text()).collect();
        for s in [
            "0",
            "20",
            "100",
            "46",
            "28",
            "2 Mar",
            "25 May",
            "Start: 46",
            "A change that matters: 36 or lower",
        ] {
            assert!(texts.contains(&s), "{s} in {texts:?}");
        }
        for (max, step) in [(24.0, 4.0), (9.0, 3.0), (100.0, 20.0), (10.0, 2.0), (7.0, 1.75)] {
            assert!((grid_step(max) - step).abs() < EPS, "{max}");
        }
    }

    #[test]
    fn higher_is_better_flips_the_target() {
        let mut m = odi(&[(3, 2, 40.0), (3, 16, 55.0)]);
        m.lower_is_better = false;
        let c = chart(&m);
        assert!(c.summary.ends_with("a change that matters."));
        assert_eq!(c.table.rows.last().unwrap().values, ["50 or higher"]);
    }

    #[test]
    fn same_input_same_output() {
        let m = odi(&[(5, 25, 28.0), (3, 2, 46.0)]);
        assert_eq!(chart(&m), chart(&m));
        assert!(!chart(&m).svg.contains("style="));
        assert_eq!(chart(&m).table.rows[0].label, "2 Mar 2026", "sorted by date");
    }
}
