//! The joint angles of a pose ([`Leg`], [`Arm`], [`Pose`]), their allowed ranges, and the check
//! that a pose keeps to them.

use super::landmark::Landmark;
use serde::{Deserialize, Serialize};

/// The angles of one leg, in degrees (see the [`pose`](crate::pose) module documentation).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Leg {
    /// Hip flexion.
    pub hip: f64,
    /// Hip abduction.
    #[serde(default)]
    pub hip_abd: f64,
    /// Hip external rotation.
    #[serde(default)]
    pub hip_rot: f64,
    /// Knee flexion.
    pub knee: f64,
    /// Ankle dorsiflexion.
    #[serde(default)]
    pub ankle: f64,
}

/// The angles of one arm, in degrees (see the [`pose`](crate::pose) module documentation).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Arm {
    /// Shoulder flexion.
    pub shoulder: f64,
    /// Shoulder abduction.
    #[serde(default)]
    pub shoulder_abd: f64,
    /// Shoulder external rotation.
    #[serde(default)]
    pub shoulder_rot: f64,
    /// Elbow flexion.
    #[serde(default)]
    pub elbow: f64,
    /// Hand bend.
    #[serde(default)]
    pub hand: f64,
}

/// One body position: joint angles in degrees and the points that rest on the support.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pose {
    /// Tilt of the pelvis in the picture.
    pub pelvis: f64,
    /// Forward bend of the spine.
    #[serde(default)]
    pub spine: f64,
    /// Side bend of the spine toward the near side.
    #[serde(default)]
    pub spine_side: f64,
    /// Neck flexion.
    #[serde(default)]
    pub head: f64,
    /// The near leg.
    pub near_leg: Leg,
    /// The far leg.
    pub far_leg: Leg,
    /// The near arm.
    pub near_arm: Arm,
    /// The far arm.
    pub far_arm: Arm,
    /// Landmarks that rest on the floor (or, for the pelvis, on the seat).
    #[serde(default)]
    pub contacts: Vec<Landmark>,
}

/// Allowed range of each angle, by its short name.
const BOUNDS: &[(&str, f64, f64)] = &[
    ("pelvis", -180.0, 180.0),
    ("spine", -45.0, 90.0),
    ("spine_side", -40.0, 40.0),
    ("head", -70.0, 60.0),
    ("hip", -30.0, 140.0),
    ("hip_abd", -30.0, 60.0),
    ("hip_rot", -50.0, 80.0),
    ("knee", 0.0, 160.0),
    ("ankle", -90.0, 40.0),
    ("shoulder", -70.0, 180.0),
    ("shoulder_abd", -30.0, 180.0),
    ("shoulder_rot", -90.0, 90.0),
    ("elbow", 0.0, 150.0),
    ("hand", -90.0, 90.0),
];

/// The allowed range of an angle, by its short name (`knee`, `hip_abd`, ...).
pub fn bounds(angle: &str) -> Option<(f64, f64)> {
    BOUNDS.iter().find(|(n, _, _)| *n == angle).map(|&(_, lo, hi)| (lo, hi))
}

impl Pose {
    /// Every angle with its full name (`near_leg.knee`), in a fixed order.
    pub fn angles(&self) -> Vec<(String, f64)> {
        let mut out = vec![
            ("pelvis".to_owned(), self.pelvis),
            ("spine".to_owned(), self.spine),
            ("spine_side".to_owned(), self.spine_side),
            ("head".to_owned(), self.head),
        ];
        for (side, l) in [("near_leg", &self.near_leg), ("far_leg", &self.far_leg)] {
            for (n, v) in [
                ("hip", l.hip),
                ("hip_abd", l.hip_abd),
                ("hip_rot", l.hip_rot),
                ("knee", l.knee),
                ("ankle", l.ankle),
            ] {
                out.push((format!("{side}.{n}"), v));
            }
        }
        for (side, a) in [("near_arm", &self.near_arm), ("far_arm", &self.far_arm)] {
            for (n, v) in [
                ("shoulder", a.shoulder),
                ("shoulder_abd", a.shoulder_abd),
                ("shoulder_rot", a.shoulder_rot),
                ("elbow", a.elbow),
                ("hand", a.hand),
            ] {
                out.push((format!("{side}.{n}"), v));
            }
        }
        out
    }

    /// Angles outside their anatomical range, and duplicate contacts, as messages.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (name, v) in self.angles() {
            let short = name.rsplit('.').next().unwrap_or(&name);
            let (lo, hi) = bounds(short).expect("every angle has bounds");
            if !v.is_finite() || v < lo || v > hi {
                out.push(format!("`{name}` is {v}; allowed: {lo} to {hi} degrees"));
            }
        }
        for (i, c) in self.contacts.iter().enumerate() {
            if self.contacts[..i].contains(c) {
                out.push(format!("contact `{}` is listed twice", c.as_str()));
            }
        }
        out
    }
}
