//! Framing: what stays fixed through the movement, and how the figure is scaled, placed on the
//! floor line and cropped to fit the view box.

use super::body_parts::body_shapes;
use super::scenery::{pedal, scenery};
use super::shapes::{Fit, Shape};
use super::{FLOOR_Y, HEIGHT, MARGIN, MAX_SCALE, STEPS, WIDTH};
use sciatica_core::pose::{ExercisePose, Point, Skeleton, Support};

/// What stays the same through the movement, measured on the start position.
pub(super) struct Setting {
    pub(super) seat: Option<f64>,
    pub(super) hub: Option<(Point, f64)>,
}

/// How a pose's figure sits in the view box.
pub(super) struct View {
    /// View-box units per body height.
    pub(super) scale: f64,
    /// Horizontal offset.
    pub(super) dx: f64,
    /// The lowest point of the figure, in body heights (drawn on the floor line).
    pub(super) y0: f64,
    /// Where the view box starts: figures lower than the box are cropped from the top.
    pub(super) top: f64,
}

/// The shortest view box: lying figures are cropped to this, not below, so that thumbnails keep
/// a steady rhythm on a page.
pub(super) const MIN_HEIGHT: f64 = 120.0;

pub(super) fn setting(pose: &ExercisePose, start: &Skeleton) -> Setting {
    Setting {
        seat: pose.seat_height(),
        hub: (pose.support == Support::Bike).then(|| {
            let (a, b) = (pedal(start, true), pedal(start, false));
            ((a + b) * 0.5, a.distance(b) / 2.0)
        }),
    }
}

/// Fits everything (the scenery and every frame of the movement) into the view box, above the
/// floor line, as large as the width allows, then crops the empty space above it.
pub(super) fn view(pose: &ExercisePose) -> View {
    let start = pose.at(0.0);
    let setting = setting(pose, &start);
    let back = scenery(pose, &start, &setting);
    let all_frames: Vec<Vec<Shape>> =
        (0..=STEPS).map(|k| body_shapes(pose, &pose.at(k as f64 / STEPS as f64), &setting)).collect();
    let (mut x0, mut x1, mut y0, mut y1) = (f64::INFINITY, f64::NEG_INFINITY, 0.0_f64, 0.0_f64);
    for s in back.iter().chain(all_frames.iter().flatten()).filter(|s| s.fit != Fit::Ignore) {
        for (x, y) in s.points() {
            let r = s.width / 2.0;
            x0 = x0.min(x - r);
            x1 = x1.max(x + r);
            if s.fit == Fit::Both {
                y0 = y0.min(y - r);
                y1 = y1.max(y + r);
            }
        }
    }
    let scale = ((WIDTH - 2.0 * MARGIN) / (x1 - x0)).min((FLOOR_Y - MARGIN) / (y1 - y0)).min(MAX_SCALE);
    let dx = WIDTH / 2.0 - f64::midpoint(x0, x1) * scale;
    let highest = FLOOR_Y - (y1 - y0) * scale;
    let top = (highest - MARGIN).floor().clamp(0.0, HEIGHT - MIN_HEIGHT);
    View { scale, dx, y0, top }
}

/// The height of a pose's figure in view-box units (its width is [`WIDTH`]), for the `height`
/// attribute of an `<img>` that shows it.
pub fn height(pose: &ExercisePose) -> f64 {
    HEIGHT - view(pose).top
}
