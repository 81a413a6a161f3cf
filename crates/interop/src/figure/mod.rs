//! Exercise figures: a body pose drawn as SVG, animated between the start and end positions.
//!
//! One style for every exercise: rounded strokes, a filled head, the trunk and near limbs dark,
//! the far limbs lighter, a floor line, and simple props (chair, bike, wall, stick, strap,
//! cushion, water). The geometry comes from [`sciatica_core::pose`]; this module only lays it out
//! in a 400 × 240 view box and writes SVG. The animated figure moves from start to end and back
//! (SMIL, precomputed eased frames, a pause at each end); a page that honours reduced motion shows
//! the static start or end figure instead. Text is limited to `<title>` and `<desc>`, taken from
//! the caller (the exercise's content).

mod body_parts;
mod framing;
mod scenery;
mod shapes;
#[cfg(test)]
mod tests;

use body_parts::body_shapes;
pub use framing::height;
use framing::{View, setting, view};
use scenery::scenery;
use sciatica_core::content::exercise::Exercise;
use sciatica_core::pose::ExercisePose;
use shapes::{P2, Shape, draw, escape};
use std::fmt::Write as _;

/// Width of the view box.
pub const WIDTH: f64 = 400.0;
/// Height of the view box.
pub const HEIGHT: f64 = 240.0;
/// Where the floor line is drawn (the top of its stroke), in view-box units from the top.
pub const FLOOR_Y: f64 = 224.0;
const MARGIN: f64 = 12.0;
const MAX_SCALE: f64 = 330.0;
/// Seconds for one cycle: start, move, pause, move back.
const CYCLE_SECONDS: f64 = 4.0;
/// Fraction of the cycle spent still at each end.
const PAUSE: f64 = 0.125;
/// Eased frames per move.
const STEPS: usize = 12;

/// The dark ink of the trunk, head and near limbs (14.5:1 on white).
pub const INK: &str = "#1f2a37";
/// The far limbs (3.7:1 on white).
pub const FAR: &str = "#7b8794";
const HALO: &str = "#ffffff";
const HALO_WIDTH: f64 = 0.014;
const PROP_INK: &str = "#6b7785";
const PROP_FILL: &str = "#e4e8ed";
const ACCENT: &str = "#b45309";
const WATER_LINE: &str = "#2563eb";
const WATER_FILL: &str = "#dbeafe";

/// Which picture to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frame {
    /// The start position, still.
    Start,
    /// The end position, still.
    End,
    /// Start to end and back, repeating.
    Animated,
}

impl Frame {
    /// A short name (`start`, `end`, `animated`) for ids and file names.
    pub fn as_str(self) -> &'static str {
        match self {
            Frame::Start => "start",
            Frame::End => "end",
            Frame::Animated => "animated",
        }
    }
}

/// The accessible name and description of a figure, and a prefix for its element ids.
#[derive(Debug, Clone, Copy)]
pub struct Labels<'a> {
    /// Prefix of the ids of `<title>` and `<desc>` (unique on the page).
    pub id: &'a str,
    /// The accessible name.
    pub title: &'a str,
    /// The accessible description.
    pub description: &'a str,
}

/// An exercise's figure, named by its plain name and described by its start and/or end position.
pub fn exercise_svg(e: &Exercise, frame: Frame) -> String {
    let description = match frame {
        Frame::Start => e.start_position.clone(),
        Frame::End => e.end_position.clone(),
        Frame::Animated => format!("{} {}", e.start_position, e.end_position),
    };
    let id = format!("figure-{}-{}", e.id, frame.as_str());
    svg(&e.pose, frame, &Labels { id: &id, title: &e.plain_name, description: &description })
}

/// The figure of a pose as a standalone SVG document.
pub fn svg(pose: &ExercisePose, frame: Frame, labels: &Labels) -> String {
    match frame {
        Frame::Start => render(pose, &[0.0], labels),
        Frame::End => render(pose, &[1.0], labels),
        Frame::Animated => {
            let ts: Vec<f64> = (0..=STEPS).map(|k| ease(k as f64 / STEPS as f64)).collect();
            render(pose, &ts, labels)
        }
    }
}

/// The still figure a fraction `t` (0 to 1) of the way from start to end.
pub fn svg_at(pose: &ExercisePose, t: f64, labels: &Labels) -> String {
    render(pose, &[t.clamp(0.0, 1.0)], labels)
}

/// Slow at both ends, fast in the middle.
fn ease(x: f64) -> f64 {
    (1.0 - (std::f64::consts::PI * x).cos()) / 2.0
}

/// The SVG document of the figure at each of `ts` (one: still; several: animated through them).
fn render(pose: &ExercisePose, ts: &[f64], labels: &Labels) -> String {
    let start = pose.at(0.0);
    let setting = setting(pose, &start);
    let back = scenery(pose, &start, &setting);
    let frames: Vec<Vec<Shape>> = ts.iter().map(|&t| body_shapes(pose, &pose.at(t), &setting)).collect();
    let View { scale, dx, y0, top } = view(pose);
    let tf = |(x, y): P2| (dx + x * scale, FLOOR_Y - (y - y0) * scale);
    let h = HEIGHT - top;

    let mut out = String::new();
    let esc_title = escape(labels.title);
    let esc_desc = escape(labels.description);
    let id = escape(labels.id);
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 {top} {WIDTH} {h}" width="{WIDTH}" height="{h}" role="img" aria-labelledby="{id}-title {id}-desc"><title id="{id}-title">{esc_title}</title><desc id="{id}-desc">{esc_desc}</desc>"#
    );
    out.push_str(r#"<g stroke-linecap="round" stroke-linejoin="round">"#);
    for s in &back {
        draw(&mut out, s, &[], scale, &tf);
    }
    if pose.elevation == 0.0 {
        let _ = write!(
            out,
            r#"<path d="M4 {y:.1}H396" stroke="{PROP_INK}" stroke-width="3" fill="none"/>"#,
            y = FLOOR_Y + 1.5
        );
    }
    let still = frames.windows(2).all(|w| w[0] == w[1]);
    for (i, s) in frames[0].iter().enumerate() {
        let seq: Vec<&Shape> = if still { Vec::new() } else { frames.iter().map(|f| &f[i]).collect() };
        draw(&mut out, s, &seq, scale, &tf);
    }
    out.push_str("</g></svg>");
    out
}
