//! Blending between two poses: every angle linearly, the contacts from the nearer end.

use super::angles::{Arm, Leg, Pose};

impl Leg {
    fn lerp(&self, o: &Leg, t: f64) -> Leg {
        Leg {
            hip: mix(self.hip, o.hip, t),
            hip_abd: mix(self.hip_abd, o.hip_abd, t),
            hip_rot: mix(self.hip_rot, o.hip_rot, t),
            knee: mix(self.knee, o.knee, t),
            ankle: mix(self.ankle, o.ankle, t),
        }
    }
}

impl Arm {
    fn lerp(&self, o: &Arm, t: f64) -> Arm {
        Arm {
            shoulder: mix(self.shoulder, o.shoulder, t),
            shoulder_abd: mix(self.shoulder_abd, o.shoulder_abd, t),
            shoulder_rot: mix(self.shoulder_rot, o.shoulder_rot, t),
            elbow: mix(self.elbow, o.elbow, t),
            hand: mix(self.hand, o.hand, t),
        }
    }
}

fn mix(a: f64, b: f64, t: f64) -> f64 {
    a + (b - a) * t
}

impl Pose {
    /// The pose a fraction `t` (0 to 1) of the way to `other`: every angle blended linearly;
    /// the contacts are those of the nearer end.
    #[must_use]
    pub fn lerp(&self, other: &Pose, t: f64) -> Pose {
        Pose {
            pelvis: mix(self.pelvis, other.pelvis, t),
            spine: mix(self.spine, other.spine, t),
            spine_side: mix(self.spine_side, other.spine_side, t),
            head: mix(self.head, other.head, t),
            near_leg: self.near_leg.lerp(&other.near_leg, t),
            far_leg: self.far_leg.lerp(&other.far_leg, t),
            near_arm: self.near_arm.lerp(&other.near_arm, t),
            far_arm: self.far_arm.lerp(&other.far_arm, t),
            contacts: if t < 0.5 { self.contacts.clone() } else { other.contacts.clone() },
        }
    }
}
