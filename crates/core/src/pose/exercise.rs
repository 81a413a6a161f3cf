//! An exercise's figure ([`ExercisePose`]): the view, the support and props, the start and end
//! poses, and placing the body on its support at any point of the movement.

use super::angles::Pose;
use super::body::{self, CONTACT_TOLERANCE, TRUNK_RADIUS};
use super::geometry::Point;
use super::landmark::Landmark;
use super::skeleton::Skeleton;
use serde::{Deserialize, Serialize};

/// How the body is seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum View {
    /// From the side: the face to the right when upright, the near side toward the viewer.
    Side,
    /// From the front: the body faces the viewer, the near side on the viewer's right.
    Front,
}

/// What carries the body's weight.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Support {
    /// The floor: in every frame the lowest point of the body touches it.
    #[default]
    Floor,
    /// A chair: the buttocks stay on the seat, whose height is set by the start position's
    /// lowest point resting on the floor.
    Chair,
    /// An exercise bike: the buttocks stay on the saddle, whose height puts the start position's
    /// lowest point at [`body::PEDAL_CLEARANCE`]; the feet are on the pedals.
    Bike,
}

/// Things drawn with the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Prop {
    /// A wall beside the near arm (front view).
    Wall,
    /// A stick along the back, touching the head, upper back and tailbone.
    Stick,
    /// A strap from both hands around the near foot.
    Strap,
    /// A cushion under the lower knee.
    Cushion,
    /// Water up to between the waist and the chest.
    Water,
}

/// An exercise's figure: how it is seen, what supports the body, and its start and end poses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExercisePose {
    /// Side or front view.
    pub view: View,
    /// Degrees the figure is turned about the vertical for a three-quarter view (positive brings
    /// the right end of the picture toward the viewer), -80 to 80.
    #[serde(default)]
    pub turn: f64,
    /// Degrees the viewer looks down from the horizontal, 0 to 80 (0: the floor is a line; more:
    /// the floor is seen as a mat).
    #[serde(default)]
    pub elevation: f64,
    /// What carries the body's weight.
    #[serde(default)]
    pub support: Support,
    /// Things drawn with the body.
    #[serde(default)]
    pub props: Vec<Prop>,
    /// The landmark that stays in place while the body moves from start to end.
    pub anchor: Landmark,
    /// The start position.
    pub start: Pose,
    /// The end position.
    pub end: Pose,
}

impl ExercisePose {
    /// The body a fraction `t` (0 = start, 1 = end) of the way through the movement, resting on
    /// its support, with the anchor at the origin's `x` and `z`. Coordinates are in world space,
    /// before the view's [`turn`](ExercisePose::turn) (see [`ExercisePose::project`]).
    pub fn at(&self, t: f64) -> Skeleton {
        let pose = if t <= 0.0 {
            self.start.clone()
        } else if t >= 1.0 {
            self.end.clone()
        } else {
            self.start.lerp(&self.end, t)
        };
        self.place(&pose)
    }

    /// Places any pose on this exercise's support, anchored like the start position.
    pub fn place(&self, pose: &Pose) -> Skeleton {
        let mut sk = pose.skeleton(self.view);
        let dy = match self.seat_pelvis_height() {
            None => -sk.lowest(),
            Some(h) => h - sk.get(Landmark::Pelvis).y,
        };
        let a = sk.get(self.anchor);
        sk.shift(Point::new(-a.x, dy, -a.z));
        sk
    }

    /// The height of the pelvis on a chair or bike (fixed for the whole movement).
    fn seat_pelvis_height(&self) -> Option<f64> {
        let floor = match self.support {
            Support::Floor => return None,
            Support::Chair => 0.0,
            Support::Bike => body::PEDAL_CLEARANCE,
        };
        let sk = self.start.skeleton(self.view);
        Some(sk.get(Landmark::Pelvis).y - sk.lowest() + floor)
    }

    /// The top of the chair seat or saddle, when the body sits.
    pub fn seat_height(&self) -> Option<f64> {
        self.seat_pelvis_height().map(|h| h - TRUNK_RADIUS)
    }

    /// A world point as drawn: turned by [`turn`](ExercisePose::turn) about the vertical axis
    /// through the anchor, then seen from [`elevation`](ExercisePose::elevation) degrees above
    /// the horizontal (returns `x` to the right and `y` up in the picture).
    pub fn project(&self, p: Point) -> (f64, f64) {
        let (s, c) = (-self.turn).to_radians().sin_cos();
        let (x, z) = (p.x * c + p.z * s, -p.x * s + p.z * c);
        let (se, ce) = self.elevation.to_radians().sin_cos();
        (x, p.y * ce - z * se)
    }

    /// Everything wrong with the figure, as messages: angles out of range, a turn out of range,
    /// repeated props, contacts that do not rest on their surface, and a body below the floor.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !(-80.0..=80.0).contains(&self.turn) {
            out.push(format!("`turn` is {}; allowed: -80 to 80 degrees", self.turn));
        }
        if !(0.0..=80.0).contains(&self.elevation) {
            out.push(format!("`elevation` is {}; allowed: 0 to 80 degrees", self.elevation));
        }
        for (i, p) in self.props.iter().enumerate() {
            if self.props[..i].contains(p) {
                out.push(format!("prop `{p:?}` is listed twice"));
            }
        }
        for (name, pose) in [("start", &self.start), ("end", &self.end)] {
            let bad = pose.problems();
            let ok = bad.is_empty();
            out.extend(bad.into_iter().map(|m| format!("{name}: {m}")));
            if !ok {
                continue;
            }
            let sk = self.place(pose);
            let seat = self.seat_height();
            for &c in &pose.contacts {
                let surface = match (c, seat) {
                    (Landmark::Pelvis, Some(s)) => s,
                    _ => 0.0,
                };
                let gap = sk.bottom(c) - surface;
                if gap.abs() > CONTACT_TOLERANCE {
                    out.push(format!(
                        "{name}: contact `{}` is {:.2} body heights {} its surface; move it to within {CONTACT_TOLERANCE}",
                        c.as_str(),
                        gap.abs(),
                        if gap > 0.0 { "above" } else { "below" }
                    ));
                }
            }
            if sk.lowest() < -CONTACT_TOLERANCE {
                out.push(format!("{name}: the body goes {:.2} body heights below the floor", -sk.lowest()));
            }
        }
        out
    }
}
