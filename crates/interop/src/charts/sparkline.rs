//! A sparkline: a small line of daily values (leg pain 0–10) for a row of the clinician's panel,
//! with no axes or labels. It is an image with an accessible name that says in words what the
//! line shows (the caller's sentence), so the line itself needs no legend.

use super::{BLUE, GRID, Labels, clean_id, escape, num};
use std::fmt::Write as _;

const WIDTH: f64 = 120.0;
const HEIGHT: f64 = 32.0;
const PAD: f64 = 3.0;

/// Draws `values` (one per day, oldest first, `None` for a day without one) from 0 to `max`,
/// higher values higher up; the line breaks where a day has no value and a lone value is a dot.
/// `labels.title` is the accessible name (e.g. "Leg pain over 14 days: from 6 to 3").
pub fn sparkline(values: &[Option<f64>], max: f64, labels: &Labels<'_>) -> String {
    let id = clean_id(labels.id);
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-labelledby="{id}-title" class="sparkline"><title id="{id}-title">{name}</title><line x1="0" y1="{base}" x2="{w}" y2="{base}" stroke="{GRID}" stroke-width="1"/>"#,
        w = num(WIDTH),
        h = num(HEIGHT),
        base = num(HEIGHT - PAD),
        name = escape(labels.title),
    );
    let n = values.len();
    let step = if n > 1 { (WIDTH - 2.0 * PAD) / (n - 1) as f64 } else { 0.0 };
    let x = |i: usize| PAD + i as f64 * step;
    let y = |v: f64| HEIGHT - PAD - (v.clamp(0.0, max) / max.max(1.0)) * (HEIGHT - 2.0 * PAD);
    let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut current: Vec<(f64, f64)> = Vec::new();
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => current.push((x(i), y(*v))),
            None if !current.is_empty() => runs.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    for run in runs {
        if let [(px, py)] = run.as_slice() {
            let _ = write!(out, r#"<circle cx="{}" cy="{}" r="2.5" fill="{BLUE}"/>"#, num(*px), num(*py));
        } else {
            let points: Vec<String> =
                run.iter().map(|(px, py)| format!("{},{}", num(*px), num(*py))).collect();
            let _ = write!(
                out,
                r#"<polyline points="{}" fill="none" stroke="{BLUE}" stroke-width="2.5" stroke-linejoin="round" stroke-linecap="round"/>"#,
                points.join(" ")
            );
        }
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::check::well_formed;

    #[test]
    fn draws_runs_and_dots_with_its_name() {
        let svg = sparkline(
            &[Some(6.0), Some(5.0), None, Some(3.0), None, Some(2.0), Some(2.0)],
            10.0,
            &Labels { id: "p 1", title: "Leg pain <14 days>" },
        );
        let doc = well_formed(&svg);
        let root = doc.root_element();
        assert_eq!(root.attribute("role"), Some("img"));
        let title = root.children().find(|n| n.has_tag_name("title")).unwrap();
        assert_eq!((title.attribute("id"), title.text()), (Some("p-1-title"), Some("Leg pain <14 days>")));
        let lines = root.children().filter(|n| n.has_tag_name("polyline")).count();
        let dots = root.children().filter(|n| n.has_tag_name("circle")).count();
        assert_eq!((lines, dots), (2, 1));
        assert!(!svg.contains("style="), "no inline style under the content security policy");
    }

    #[test]
    fn higher_values_are_drawn_higher_and_an_empty_line_is_only_the_base() {
        let svg = sparkline(&[Some(0.0), Some(10.0)], 10.0, &Labels { id: "a", title: "x" });
        assert!(svg.contains(r#"points="3,29 117,3""#), "{svg}");
        let empty = sparkline(&[None, None], 10.0, &Labels { id: "b", title: "No leg pain logged" });
        assert!(!empty.contains("polyline") && !empty.contains("circle"));
    }
}
