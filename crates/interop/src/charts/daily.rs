//! Values from 0 to 10 by day (leg pain, back pain): lines with markers, broken where a day has
//! no value.

use super::{
    BLUE, Chart, ChartText, INK, LABEL_SIZE, Labels, MUTED, Row, Table, WIDTH, clean_id, days, ends, escape,
    fill, grid_line, join_parts, lower_first, num, open, short_date, text, text_width, upper_first,
};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

const HEIGHT: f64 = 300.0;
const LEFT: f64 = 52.0;
const RIGHT: f64 = WIDTH - 20.0;
const TOP: f64 = 64.0;
const BOTTOM: f64 = HEIGHT - 50.0;
const LEGEND_Y: f64 = 26.0;
const MAX: f64 = 10.0;

/// How the n-th series is drawn: colour, dash pattern, marker.
const STYLES: [(&str, &str, Marker); 3] =
    [(BLUE, "", Marker::Disc), (MUTED, "9 6", Marker::Square), (INK, "2 5", Marker::Triangle)];

#[derive(Debug, Clone, Copy)]
enum Marker {
    Disc,
    Square,
    Triangle,
}

/// One line on a daily chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DailySeries {
    /// Its name in the legend and the table, e.g. "Leg pain".
    pub name: String,
    /// One value (0–10) per day from the chart's first day on; `None` for a day without one.
    /// Days past the end of the list have none; values past the last day are ignored.
    pub values: Vec<Option<f64>>,
}

/// Values from 0 to 10 by day, for the days `from..=to`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Daily {
    /// The first day.
    pub from: Date,
    /// The last day.
    pub to: Date,
    /// The lines; the first is drawn solid with round markers, the second dashed with square
    /// ones, the third dotted with triangles.
    pub series: Vec<DailySeries>,
}

/// Draws daily values from 0 to 10, one line per series, with grid lines at 0, 2 … 10, the first
/// and last dates under the chart and a legend above it.
pub fn daily_series(data: &Daily, labels: &Labels, t: &ChartText) -> Chart {
    let id = clean_id(labels.id);
    let dates = days(data.from, data.to);
    let n = dates.len();
    let value = |s: &DailySeries, i: usize| -> Option<f64> {
        s.values.get(i).copied().flatten().filter(|v| v.is_finite()).map(|v| v.clamp(0.0, MAX))
    };

    let summary = summary(data, &dates, t, &value);
    let desc = format!("{summary} {}", t.daily_scale);
    let mut out = String::new();
    open(&mut out, "daily", &id, (WIDTH, HEIGHT), labels.title, &desc);

    let step = (BOTTOM - TOP) / MAX;
    let y = |v: f64| BOTTOM - v * step;
    for g in (0..=10).step_by(2) {
        grid_line(&mut out, LEFT, RIGHT, y(f64::from(g)), &g.to_string(), LEFT - 12.0);
    }
    let band = (RIGHT - LEFT) / n.max(1) as f64;
    let x = |i: usize| LEFT + (i as f64 + 0.5) * band;
    if let (Some(first), Some(last)) = (dates.first(), dates.last()) {
        text(&mut out, LEFT, BOTTOM + 32.0, "start", MUTED, &short_date(*first));
        if n > 1 {
            text(&mut out, RIGHT, BOTTOM + 32.0, "end", MUTED, &short_date(*last));
        }
    }

    // Legend.
    let mut lx = LEFT;
    for (k, s) in data.series.iter().enumerate() {
        let (colour, dash, marker) = STYLES[k % STYLES.len()];
        let _ = write!(
            out,
            r#"<g class="legend s{k}"><line x1="{}" y1="{LEGEND_Y}" x2="{}" y2="{LEGEND_Y}" stroke="{colour}" stroke-width="3"{}/>"#,
            num(lx),
            num(lx + 40.0),
            dash_attr(dash)
        );
        draw_marker(&mut out, marker, colour, lx + 20.0, LEGEND_Y, 6.0, "");
        text(&mut out, lx + 50.0, LEGEND_Y + 6.0, "start", INK, &s.name);
        out.push_str("</g>");
        lx += 50.0 + text_width(&s.name, LABEL_SIZE) + 32.0;
    }

    // Lines, broken at days without a value, then markers on top.
    let r = (band * 0.3).clamp(2.5, 6.0);
    for (k, s) in data.series.iter().enumerate() {
        let (colour, dash, marker) = STYLES[k % STYLES.len()];
        let points: Vec<Option<(f64, f64)>> = (0..n).map(|i| value(s, i).map(|v| (x(i), y(v)))).collect();
        for run in points.split(Option::is_none).filter(|r| r.len() > 1) {
            let mut d = String::new();
            for (j, p) in run.iter().flatten().enumerate() {
                let _ = write!(d, "{}{} {}", if j == 0 { 'M' } else { 'L' }, num(p.0), num(p.1));
            }
            let _ = write!(
                out,
                r#"<path class="line s{k}" d="{d}" fill="none" stroke="{colour}" stroke-width="3" stroke-linejoin="round" stroke-linecap="round"{}/>"#,
                dash_attr(dash)
            );
        }
        let _ = write!(out, r#"<g class="dots s{k}">"#);
        for (i, p) in points.iter().enumerate() {
            let Some((px, py)) = *p else { continue };
            let alone = (i == 0 || points[i - 1].is_none()) && points.get(i + 1).is_none_or(Option::is_none);
            if band >= 9.0 || alone {
                let v = value(s, i).unwrap_or_default();
                let tip = format!("{}, {}: {}", s.name, short_date(dates[i]), num(v));
                draw_marker(&mut out, marker, colour, px, py, r, &tip);
            }
        }
        out.push_str("</g>");
    }
    out.push_str("</svg>");

    let mut headers = vec![t.day.clone()];
    headers.extend(data.series.iter().map(|s| s.name.clone()));
    let rows = dates
        .iter()
        .enumerate()
        .map(|(i, d)| Row {
            label: super::day_label(*d),
            values: data
                .series
                .iter()
                .map(|s| value(s, i).map_or_else(|| t.not_logged.clone(), num))
                .collect(),
        })
        .collect();
    Chart { svg: out, summary, table: Table { headers, rows } }
}

fn summary(
    data: &Daily,
    dates: &[Date],
    t: &ChartText,
    value: &dyn Fn(&DailySeries, usize) -> Option<f64>,
) -> String {
    let (Some(first), Some(last)) = (dates.first(), dates.last()) else {
        let d = short_date(data.from);
        return fill(&t.daily_nothing, &[("from", &d), ("to", &short_date(data.to))]);
    };
    let (from, to) = (short_date(*first), short_date(*last));
    let mut any = false;
    let parts: Vec<String> = data
        .series
        .iter()
        .map(|s| {
            let logged: Vec<(usize, f64)> =
                (0..dates.len()).filter_map(|i| value(s, i).map(|v| (i, v))).collect();
            let vals: Vec<f64> = logged.iter().map(|(_, v)| *v).collect();
            let name = lower_first(&s.name);
            let Some((start, end)) = ends(&vals) else {
                return fill(&t.daily_none, &[("name", &name)]);
            };
            any = true;
            let (start, end) = (start.round(), end.round());
            let (ns, ne) = (num(start), num(end));
            let pairs = [("name", name.as_str()), ("start", ns.as_str()), ("end", ne.as_str())];
            if logged.len() == 1 {
                let date = short_date(dates[logged[0].0]);
                fill(&t.daily_once, &[("name", &name), ("end", &num(vals[0])), ("date", &date)])
            } else if end < start {
                fill(&t.daily_down, &pairs)
            } else if end > start {
                fill(&t.daily_up, &pairs)
            } else {
                fill(&t.daily_same, &pairs)
            }
        })
        .collect();
    if !any {
        return fill(&t.daily_nothing, &[("from", &from), ("to", &to)]);
    }
    let sentence =
        fill(&t.daily_summary, &[("from", &from), ("to", &to), ("parts", &join_parts(&parts, &t.and))]);
    upper_first(&sentence)
}

fn dash_attr(dash: &str) -> String {
    if dash.is_empty() { String::new() } else { format!(r#" stroke-dasharray="{dash}""#) }
}

fn draw_marker(out: &mut String, marker: Marker, colour: &str, x: f64, y: f64, r: f64, tip: &str) {
    let tip = if tip.is_empty() { String::new() } else { format!(r#" data-tip="{}""#, escape(tip)) };
    let _ = match marker {
        Marker::Disc => write!(
            out,
            r##"<circle cx="{}" cy="{}" r="{}" fill="{colour}" stroke="#fff" stroke-width="1.5"{tip}/>"##,
            num(x),
            num(y),
            num(r)
        ),
        Marker::Square => write!(
            out,
            r##"<rect x="{}" y="{}" width="{s}" height="{s}" fill="#fff" stroke="{colour}" stroke-width="2.5"{tip}/>"##,
            num(x - r * 0.85),
            num(y - r * 0.85),
            s = num(r * 1.7)
        ),
        Marker::Triangle => write!(
            out,
            r#"<path d="M{} {}L{} {}L{} {}Z" fill="{colour}"{tip}/>"#,
            num(x),
            num(y - r * 1.1),
            num(x + r),
            num(y + r * 0.7),
            num(x - r),
            num(y + r * 0.7)
        ),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::check;
    use jiff::civil::date;

    fn sample() -> Daily {
        Daily {
            from: date(2026, 3, 2),
            to: date(2026, 3, 15),
            series: vec![
                DailySeries {
                    name: "Leg pain".into(),
                    values: [7, 8, 7, 6, -1, 6, 5, 5, -1, -1, 4, 4, 3, 4]
                        .map(|v| (v >= 0).then_some(f64::from(v)))
                        .to_vec(),
                },
                DailySeries {
                    name: "Back pain".into(),
                    values: [3, 3, 4, 3, -1, 4, 3, 3, -1, -1, 3, 4, 3, 3]
                        .map(|v| (v >= 0).then_some(f64::from(v)))
                        .to_vec(),
                },
            ],
        }
    }

    fn labels() -> Labels<'static> {
        Labels { id: "pain", title: "Leg and back pain" }
    }

    #[test]
    fn summary_says_the_trend_in_words() {
        let c = daily_series(&sample(), &labels(), &ChartText::default());
        assert_eq!(
            c.summary,
            "From 2 Mar to 15 Mar, leg pain went down from about 7 to about 4 and back pain stayed at about 3."
        );
        assert_eq!(c.table.headers, ["Day", "Leg pain", "Back pain"]);
        assert_eq!(c.table.rows.len(), 14);
        assert_eq!(c.table.rows[0].label, "Mon 2 Mar");
        assert_eq!(c.table.rows[4].values, ["not logged", "not logged"]);
        assert_eq!(c.table.rows[13].values, ["4", "3"]);
    }

    #[test]
    fn lines_break_at_days_without_data() {
        let c = daily_series(&sample(), &labels(), &ChartText::default());
        let doc = check::well_formed(&c.svg);
        // Days 0–3, 5–7 and 10–13: three pieces per line.
        assert_eq!(check::with_class(&doc, "line").len(), 6);
        let leg: Vec<_> = check::with_class(&doc, "dots").into_iter().take(1).collect();
        assert_eq!(leg[0].children().filter(roxmltree::Node::is_element).count(), 11);
        assert!(c.svg.contains("stroke-dasharray=\"9 6\""), "the second line is dashed");
        assert_eq!(doc.root_element().attribute("width"), Some("100%"));
    }

    #[test]
    fn a_lone_day_still_shows_and_nothing_logged_is_said() {
        let mut d = sample();
        d.series[0].values = vec![None, None, Some(6.0)];
        d.series[1].values = vec![];
        let c = daily_series(&d, &labels(), &ChartText::default());
        assert_eq!(c.summary, "From 2 Mar to 15 Mar, leg pain was 6 on 4 Mar and back pain was not logged.");
        let doc = check::well_formed(&c.svg);
        assert!(check::with_class(&doc, "line").is_empty());
        assert_eq!(
            doc.descendants()
                .filter(|n| n.has_tag_name("circle") && n.attribute("data-tip").is_some())
                .count(),
            1
        );

        d.series[0].values = vec![];
        let c = daily_series(&d, &labels(), &ChartText::default());
        assert_eq!(c.summary, "Nothing was logged from 2 Mar to 15 Mar.");
        check::well_formed(&c.svg);
    }

    #[test]
    fn odd_input_still_draws() {
        let mut d = sample();
        d.series[0].values[0] = Some(f64::NAN);
        d.series[0].values[1] = Some(14.0);
        d.to = d.from;
        let c = daily_series(&d, &Labels { id: "x <y>", title: "A & B" }, &ChartText::default());
        let doc = check::well_formed(&c.svg);
        assert!(doc.descendants().any(|n| n.attribute("id") == Some("x--y--title")));
        assert_eq!(c.table.rows.len(), 1);
        d.to = date(2026, 3, 1);
        let c = daily_series(&d, &labels(), &ChartText::default());
        check::well_formed(&c.svg);
        assert!(c.table.rows.is_empty());
        assert_eq!(c.summary, "Nothing was logged from 2 Mar to 1 Mar.");
    }

    #[test]
    fn same_input_same_output() {
        let a = daily_series(&sample(), &labels(), &ChartText::default());
        let b = daily_series(&sample(), &labels(), &ChartText::default());
        assert_eq!(a, b);
        assert!(!a.svg.contains("style="));
    }
}
