//! The named points of the skeleton ([`Landmark`]) and how thick the body is around each.

use super::body::{HEAD_RADIUS, LIMB_RADIUS, TRUNK_RADIUS};
use serde::{Deserialize, Serialize};

macro_rules! landmarks {
    ($($(#[$doc:meta])* $v:ident = $name:literal,)*) => {
        /// A named point of the skeleton (the joints, plus the head's centre and the tips of the
        /// hands and feet).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Landmark {
            $($(#[$doc])* $v,)*
        }

        impl Landmark {
            /// Every landmark, in index order.
            pub const ALL: &[Landmark] = &[$(Landmark::$v,)*];

            /// The name used in content files.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Landmark::$v => $name,)*
                }
            }
        }
    };
}

landmarks! {
    /// Centre of the head.
    Head = "head",
    /// Base of the neck.
    Neck = "neck",
    /// The bend of the low back.
    Waist = "waist",
    /// Midway between the hip joints.
    Pelvis = "pelvis",
    /// Near shoulder.
    NearShoulder = "near_shoulder",
    /// Near elbow.
    NearElbow = "near_elbow",
    /// Near wrist.
    NearWrist = "near_wrist",
    /// Near fingertips.
    NearHand = "near_hand",
    /// Near hip joint.
    NearHip = "near_hip",
    /// Near knee.
    NearKnee = "near_knee",
    /// Near ankle (the heel rests here when the foot is flat).
    NearAnkle = "near_ankle",
    /// Near toes.
    NearToe = "near_toe",
    /// Far shoulder.
    FarShoulder = "far_shoulder",
    /// Far elbow.
    FarElbow = "far_elbow",
    /// Far wrist.
    FarWrist = "far_wrist",
    /// Far fingertips.
    FarHand = "far_hand",
    /// Far hip joint.
    FarHip = "far_hip",
    /// Far knee.
    FarKnee = "far_knee",
    /// Far ankle.
    FarAnkle = "far_ankle",
    /// Far toes.
    FarToe = "far_toe",
}

impl Landmark {
    /// How far the body surface is from this point (for resting on a surface).
    pub fn radius(self) -> f64 {
        match self {
            Landmark::Head => HEAD_RADIUS,
            Landmark::Neck | Landmark::Waist | Landmark::Pelvis => TRUNK_RADIUS,
            _ => LIMB_RADIUS,
        }
    }
}
