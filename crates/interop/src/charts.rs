//! Progress charts as inline SVG: leg and back pain by day, how far down the leg the symptoms
//! reach, the morning and evening session calendar, and questionnaire scores.
//!
//! Every chart fills the width of its container (a fixed view box, `width="100%"`), is an image
//! with a `<title>` and `<desc>` for screen readers, and comes with a one-sentence summary and a
//! table that say the same in words ([`Chart`]). The SVG uses presentation attributes and class
//! names only (no `style` attribute, no script, nothing loaded from elsewhere), so it can be
//! placed inline under a strict Content-Security-Policy. Series differ by line pattern and
//! marker shape as well as by colour. The same input always gives the same output.
//!
//! The wording comes from the caller ([`ChartText`], English by default); dates are written as
//! "3 Mar".

mod calendar;
mod daily;
mod levels;
mod measure;
mod sparkline;
mod text;

pub use calendar::{Calendar, CalendarDay, Mark, adherence_calendar};
pub use daily::{Daily, DailySeries, daily_series};
pub use levels::{Levels, level_series};
pub use measure::{Measure, MeasurePoint, measure_chart};
pub use sparkline::sparkline;
pub use text::ChartText;

use jiff::civil::Date;
use serde::Serialize;
use std::fmt::Write as _;

/// Width of the line charts' view box: narrow enough that 20-unit labels read at about 13 px on a
/// phone. (The calendar is wider; see `calendar`.)
pub const WIDTH: f64 = 540.0;

/// Body text and labels (16.9:1 on white).
pub(crate) const INK: &str = "#1b1b1b";
/// The brand blue of the main series (8.5:1 on white).
pub(crate) const BLUE: &str = "#0b5394";
/// Axis labels and the second series (8.9:1 on white).
pub(crate) const MUTED: &str = "#4a4a4a";
/// Grid lines.
pub(crate) const GRID: &str = "#d0d4da";
/// Light fill of bands (the range that counts as a change that matters).
pub(crate) const BAND: &str = "#e3edf7";
/// Fonts: the reader's own interface font.
const FONT: &str = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif";
/// Size of axis labels, legends and table-like text, in view-box units.
pub(crate) const LABEL_SIZE: f64 = 20.0;

/// The accessible name of a chart and a prefix for its element ids.
#[derive(Debug, Clone, Copy)]
pub struct Labels<'a> {
    /// Prefix of the ids of `<title>` and `<desc>` (unique on the page; characters other than
    /// letters, digits, `-` and `_` become `-`).
    pub id: &'a str,
    /// The accessible name, e.g. "Leg and back pain".
    pub title: &'a str,
}

/// A rendered chart with its equivalents in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Chart {
    /// The `<svg>` element, to be placed inline in a page.
    pub svg: String,
    /// One sentence in plain words, shown above the chart.
    pub summary: String,
    /// The same data as a table.
    pub table: Table,
}

/// A chart's data as a table: one row per day or date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table {
    /// Column headings: the label column first, then one per value.
    pub headers: Vec<String>,
    /// The rows.
    pub rows: Vec<Row>,
}

/// One table row: a label (a day, a date) and its values, in the order of the headings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    /// What the row is about.
    pub label: String,
    /// The values, one per heading after the first.
    pub values: Vec<String>,
}

/// Escapes text for XML content and attribute values.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// An id prefix safe to use in `id` and `aria-labelledby`.
pub(crate) fn clean_id(id: &str) -> String {
    let id: String =
        id.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect();
    if id.is_empty() { "chart".to_owned() } else { id }
}

/// A number with at most one decimal, without a trailing `.0`.
pub(crate) fn num(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if (r - r.round()).abs() < 1e-9 { format!("{}", r.round() as i64) } else { format!("{r:.1}") }
}

/// "3 Mar".
pub(crate) fn short_date(d: Date) -> String {
    d.strftime("%-d %b").to_string()
}

/// "Mon 3 Mar".
pub(crate) fn day_label(d: Date) -> String {
    d.strftime("%a %-d %b").to_string()
}

/// "3 Mar 2026".
pub(crate) fn long_date(d: Date) -> String {
    d.strftime("%-d %b %Y").to_string()
}

/// The days `from..=to` (none when `to` is before `from`).
pub(crate) fn days(from: Date, to: Date) -> Vec<Date> {
    let mut out = Vec::new();
    let mut d = from;
    while d <= to {
        out.push(d);
        match d.tomorrow() {
            Ok(next) => d = next,
            Err(_) => break,
        }
    }
    out
}

/// Replaces `{key}` by its value for each pair.
pub(crate) fn fill(template: &str, pairs: &[(&str, &str)]) -> String {
    let mut out = template.to_owned();
    for (k, v) in pairs {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

/// The text with its first letter in lower case, to use a name inside a sentence.
pub(crate) fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The text with its first letter in upper case, for the start of a sentence.
pub(crate) fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Joins sentence parts: "a", "a and b", "a, b and c".
pub(crate) fn join_parts(parts: &[String], and: &str) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{}{and}{last}", rest.join(", ")),
    }
}

/// A rough width of a label, to lay out legends.
pub(crate) fn text_width(s: &str, size: f64) -> f64 {
    s.chars().count() as f64 * size * 0.56
}

/// The median of a small set (the upper one of the middle two for an even count).
pub(crate) fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Typical values at the start and at the end of a series: the medians of up to three values at
/// each end, without overlap, so one unusual day does not decide the trend.
pub(crate) fn ends(values: &[f64]) -> Option<(f64, f64)> {
    if values.is_empty() {
        return None;
    }
    let n = (values.len() / 2).clamp(1, 3);
    Some((median(&values[..n]), median(&values[values.len() - n..])))
}

/// Opens the `<svg>` element with its title and description.
pub(crate) fn open(
    out: &mut String,
    kind: &str,
    id: &str,
    (width, height): (f64, f64),
    title: &str,
    desc: &str,
) {
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="100%" role="img" aria-labelledby="{id}-title {id}-desc" class="chart chart-{kind}" font-family="{FONT}" font-size="{LABEL_SIZE}"><title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>"#,
        w = num(width),
        h = num(height),
        title = escape(title),
        desc = escape(desc),
    );
}

/// A text element. `anchor` is `start`, `middle` or `end`.
pub(crate) fn text(out: &mut String, x: f64, y: f64, anchor: &str, fill: &str, content: &str) {
    let _ = write!(
        out,
        r#"<text x="{}" y="{}" text-anchor="{anchor}" fill="{fill}">{}</text>"#,
        num(x),
        num(y),
        escape(content)
    );
}

/// A horizontal grid line with its label on the left.
pub(crate) fn grid_line(out: &mut String, left: f64, right: f64, y: f64, label: &str, label_x: f64) {
    let _ = write!(
        out,
        r#"<line class="grid" x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{GRID}" stroke-width="1"/>"#,
        num(left),
        num(right),
        y = num(y)
    );
    text(out, label_x, y + 7.0, "end", MUTED, label);
}

#[cfg(test)]
pub(crate) mod check {
    //! Shared checks of rendered SVG.

    /// Parses the SVG as XML and checks what every chart and map must satisfy.
    pub fn well_formed(svg: &str) -> roxmltree::Document<'_> {
        let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not well-formed: {e}\n{svg}"));
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        assert_eq!(root.tag_name().namespace(), Some("http://www.w3.org/2000/svg"));
        assert!(!svg.starts_with("<?xml"), "no XML prolog");
        for node in doc.descendants().filter(roxmltree::Node::is_element) {
            let name = node.tag_name().name();
            assert!(!matches!(name, "script" | "style" | "foreignObject" | "image" | "a"), "no <{name}>");
            for a in node.attributes() {
                assert_ne!(a.name(), "style", "no style attribute");
                assert!(!a.name().starts_with("on"), "no event handler attribute {}", a.name());
                assert!(!a.value().contains("http") || a.name() == "xmlns", "nothing loaded: {}", a.value());
            }
        }
        // The accessible name and description are inside and referenced.
        let labelled = root.attribute("aria-labelledby").expect("aria-labelledby");
        for id in labelled.split(' ') {
            assert!(
                doc.descendants().any(|n| n.attribute("id") == Some(id)),
                "{id} is referenced but missing"
            );
        }
        assert_eq!(root.attribute("role"), Some("img"));
        doc
    }

    /// The elements with the given class.
    pub fn with_class<'a>(doc: &'a roxmltree::Document<'a>, class: &str) -> Vec<roxmltree::Node<'a, 'a>> {
        doc.descendants()
            .filter(|n| n.attribute("class").is_some_and(|c| c.split(' ').any(|c| c == class)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short() {
        assert_eq!(num(3.0), "3");
        assert_eq!(num(51.12), "51.1");
        assert_eq!(num(-0.01), "0");
        assert_eq!(num(2.25), "2.3");
    }

    #[test]
    fn escapes_markup_and_ids() {
        assert_eq!(escape(r#"a<b & "c" 'd'"#), "a&lt;b &amp; &quot;c&quot; &#39;d&#39;");
        assert_eq!(clean_id("pain chart/1"), "pain-chart-1");
        assert_eq!(clean_id(""), "chart");
    }

    #[test]
    fn ends_use_medians_without_overlap() {
        assert_eq!(ends(&[]), None);
        assert_eq!(ends(&[5.0]), Some((5.0, 5.0)));
        assert_eq!(ends(&[5.0, 3.0]), Some((5.0, 3.0)));
        assert_eq!(ends(&[7.0, 9.0, 7.0, 1.0, 4.0, 3.0, 4.0]), Some((7.0, 4.0)));
    }

    fn day(n: i64) -> Date {
        jiff::civil::date(2026, 1, 1).checked_add(jiff::Span::new().days(n)).unwrap()
    }

    proptest::proptest! {
        /// Whatever the data, every chart is well-formed, labelled and has one table row per day.
        #[test]
        fn any_data_gives_a_well_formed_chart(
            start in 0i64..400,
            len in 0i64..120,
            values in proptest::collection::vec(proptest::option::of(-5.0f64..15.0), 0..130),
            levels in proptest::collection::vec(proptest::option::of(0u8..9), 0..130),
            name in "[ -~]{0,12}",
            marks in proptest::collection::vec(0u8..4, 0..130),
            max in 1.0f64..120.0,
            mic in proptest::option::of(0.0f64..30.0),
        ) {
            let (from, to) = (day(start), day(start + len - 1));
            let labels = Labels { id: &name, title: &name };
            let t = ChartText::default();
            let series = vec![DailySeries { name: name.clone(), values: values.clone() }];
            let c = daily_series(&Daily { from, to, series }, &labels, &t);
            check::well_formed(&c.svg);
            proptest::prop_assert_eq!(c.table.rows.len(), len as usize);

            let c = level_series(&Levels { from, to, levels }, &labels, &t);
            check::well_formed(&c.svg);
            proptest::prop_assert_eq!(c.table.rows.len(), len as usize);

            let mark = |m: u8| [Mark::Done, Mark::Missed, Mark::NotPlanned, Mark::ToCome][usize::from(m)];
            let days: Vec<CalendarDay> = marks
                .chunks(2)
                .enumerate()
                .map(|(i, m)| CalendarDay { date: day(start + i as i64), morning: mark(m[0]), evening: mark(*m.last().unwrap()) })
                .collect();
            let c = adherence_calendar(&Calendar { days: days.clone(), current_streak: 2, best_streak: 5 }, &labels, &t);
            check::well_formed(&c.svg);
            proptest::prop_assert_eq!(c.table.rows.len(), days.len());

            let points: Vec<MeasurePoint> = values
                .iter()
                .take(8)
                .enumerate()
                .map(|(i, s)| MeasurePoint { date: day(start + 14 * i as i64), score: *s })
                .collect();
            let m = Measure { max_score: max, lower_is_better: len % 2 == 0, minimal_important_change: mic, baseline: None, points };
            let c = measure_chart(&m, &labels, &t);
            check::well_formed(&c.svg);
            proptest::prop_assert!(!c.summary.is_empty());
        }
    }

    #[test]
    fn parts_join_like_a_sentence() {
        let p = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(join_parts(&p(&["a"]), " and "), "a");
        assert_eq!(join_parts(&p(&["a", "b", "c"]), " and "), "a, b and c");
    }
}
