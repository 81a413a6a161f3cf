//! The drawing primitives: lines, curves, circles and rectangles in body heights, with their ink
//! and how they count when the figure is fitted into the view box; and writing them as SVG
//! elements (path data, SMIL animation between frames, escaped text).

use super::{CYCLE_SECONDS, FLOOR_Y, HEIGHT, PAUSE, WIDTH};
use std::fmt::Write as _;

pub(super) type P2 = (f64, f64);

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Geo {
    Line(Vec<P2>),
    Curve([P2; 3]),
    Circle(P2, f64),
    Rect(P2, P2, f64),
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Shape {
    pub(super) geo: Geo,
    pub(super) stroke: Option<&'static str>,
    pub(super) fill: Option<&'static str>,
    /// Stroke width in body heights.
    pub(super) width: f64,
    /// How it counts when fitting the figure into the view box.
    pub(super) fit: Fit,
}

/// How a shape counts when the figure is fitted into the view box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fit {
    /// Its whole extent.
    Both,
    /// Only its left and right ends (a wall).
    Across,
    /// Not at all (water, fills that run off the edge).
    Ignore,
}

impl Shape {
    pub(super) fn line(pts: Vec<P2>, stroke: &'static str, width: f64) -> Shape {
        Shape { geo: Geo::Line(pts), stroke: Some(stroke), fill: None, width, fit: Fit::Both }
    }

    pub(super) fn points(&self) -> Vec<P2> {
        match &self.geo {
            Geo::Line(p) => p.clone(),
            Geo::Curve([a, c, b]) => (0..=8)
                .map(|i| {
                    let t = f64::from(i) / 8.0;
                    let (u, v, w) = ((1.0 - t) * (1.0 - t), 2.0 * t * (1.0 - t), t * t);
                    (a.0 * u + c.0 * v + b.0 * w, a.1 * u + c.1 * v + b.1 * w)
                })
                .collect(),
            Geo::Circle((x, y), r) => vec![(x - r, y - r), (x + r, y + r)],
            Geo::Rect(a, b, _) => vec![*a, *b],
        }
    }
}

fn fmt_pt(out: &mut String, (x, y): P2) {
    let _ = write!(out, "{x:.1} {y:.1}");
}

fn path_d(geo: &Geo, tf: &dyn Fn(P2) -> P2) -> String {
    path_d_in(geo, tf, false)
}

/// The path data of a shape; `clamp` keeps the points inside the view box (for walls and water
/// that run off its edges).
fn path_d_in(geo: &Geo, tf: &dyn Fn(P2) -> P2, clamp: bool) -> String {
    let tf = |p: P2| {
        let (x, y) = tf(p);
        if clamp { (x.clamp(0.0, WIDTH), y.clamp(0.0, HEIGHT)) } else { (x, y) }
    };
    let mut d = String::new();
    match geo {
        Geo::Line(pts) => {
            for (i, p) in pts.iter().enumerate() {
                d.push(if i == 0 { 'M' } else { 'L' });
                fmt_pt(&mut d, tf(*p));
            }
        }
        Geo::Curve([a, c, b]) => {
            d.push('M');
            fmt_pt(&mut d, tf(*a));
            d.push('Q');
            fmt_pt(&mut d, tf(*c));
            d.push(' ');
            fmt_pt(&mut d, tf(*b));
        }
        Geo::Circle(..) | Geo::Rect(..) => {}
    }
    d
}

fn keyframes<T>(seq: &[T]) -> (String, Vec<&T>) {
    // start, pause, move to the end, pause, move back.
    let n = seq.len() - 1;
    let mut times = vec![0.0, PAUSE];
    let mut vals: Vec<&T> = vec![&seq[0], &seq[0]];
    let span = 0.5 - PAUSE;
    for (k, v) in seq.iter().enumerate().skip(1) {
        times.push(PAUSE + span * k as f64 / n as f64);
        vals.push(v);
    }
    times.push(0.5 + PAUSE);
    vals.push(&seq[n]);
    for k in (0..n).rev() {
        times.push(0.5 + PAUSE + span * (n - k) as f64 / n as f64);
        vals.push(&seq[k]);
    }
    let times: Vec<String> = times.iter().map(|t| format!("{t:.4}")).collect();
    (times.join(";"), vals)
}

fn animate(out: &mut String, attr: &str, values: &[String]) {
    let (times, vals) = keyframes(values);
    let vals: Vec<&str> = vals.iter().map(|s| s.as_str()).collect();
    let _ = write!(
        out,
        r#"<animate attributeName="{attr}" dur="{CYCLE_SECONDS}s" repeatCount="indefinite" calcMode="linear" keyTimes="{times}" values="{}"/>"#,
        vals.join(";")
    );
}

pub(super) fn draw(out: &mut String, s: &Shape, seq: &[&Shape], scale: f64, tf: &dyn Fn(P2) -> P2) {
    let stroke = s
        .stroke
        .map_or_else(String::new, |c| format!(r#" stroke="{c}" stroke-width="{:.1}""#, s.width * scale));
    let fill = format!(r#" fill="{}""#, s.fill.unwrap_or("none"));
    match &s.geo {
        Geo::Circle(c, r) => {
            let (x, y) = tf(*c);
            let _ = write!(out, r#"<circle cx="{x:.1}" cy="{y:.1}" r="{:.1}"{stroke}{fill}"#, r * scale);
            if seq.is_empty() {
                out.push_str("/>");
            } else {
                out.push('>');
                let centres: Vec<P2> =
                    seq.iter().map(|f| if let Geo::Circle(c, _) = f.geo { tf(c) } else { (x, y) }).collect();
                animate(out, "cx", &centres.iter().map(|c| format!("{:.1}", c.0)).collect::<Vec<_>>());
                animate(out, "cy", &centres.iter().map(|c| format!("{:.1}", c.1)).collect::<Vec<_>>());
                out.push_str("</circle>");
            }
        }
        Geo::Rect(a, b, r) => {
            let (p, q) = (tf(*a), tf(*b));
            let (x, y) = (p.0.min(q.0).max(0.0), p.1.min(q.1).max(0.0));
            let (w, h) = ((p.0.max(q.0).min(WIDTH) - x).max(0.0), (p.1.max(q.1).min(FLOOR_Y) - y).max(0.0));
            let _ = write!(
                out,
                r#"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" rx="{:.1}"{stroke}{fill}/>"#,
                r * scale
            );
        }
        geo => {
            let _ = write!(out, r#"<path d="{}"{stroke}{fill}"#, path_d_in(geo, tf, s.fit != Fit::Both));
            if seq.is_empty() {
                out.push_str("/>");
            } else {
                out.push('>');
                animate(out, "d", &seq.iter().map(|f| path_d(&f.geo, tf)).collect::<Vec<_>>());
                out.push_str("</path>");
            }
        }
    }
}

pub(super) fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
