//! Segment lengths and thicknesses as fractions of standing height (rounded from Winter,
//! *Biomechanics and Motor Control of Human Movement*, 4th ed., table 4.1).

/// Hip joints' centre to the waist (the bend of the low back).
pub const PELVIS_TO_WAIST: f64 = 0.10;
/// Waist to the base of the neck.
pub const WAIST_TO_NECK: f64 = 0.19;
/// Base of the neck to the centre of the head.
pub const NECK_TO_HEAD: f64 = 0.105;
/// Radius of the head.
pub const HEAD_RADIUS: f64 = 0.054;
/// Shoulder joints below the base of the neck.
pub const SHOULDER_DROP: f64 = 0.025;
/// Shoulder joint to the middle of the body.
pub const SHOULDER_HALF_WIDTH: f64 = 0.11;
/// Hip joint to the middle of the body.
pub const HIP_HALF_WIDTH: f64 = 0.08;
/// Shoulder to elbow.
pub const UPPER_ARM: f64 = 0.186;
/// Elbow to wrist.
pub const FOREARM: f64 = 0.146;
/// Wrist to fingertips (as drawn).
pub const HAND: f64 = 0.075;
/// Hip to knee.
pub const THIGH: f64 = 0.245;
/// Knee to ankle.
pub const SHANK: f64 = 0.246;
/// Ankle to toes (as drawn).
pub const FOOT: f64 = 0.11;
/// Half the thickness of the trunk.
pub const TRUNK_RADIUS: f64 = 0.042;
/// Half the thickness of a limb.
pub const LIMB_RADIUS: f64 = 0.026;
/// How far a listed contact may be from its surface (about 5 cm).
pub const CONTACT_TOLERANCE: f64 = 0.03;
/// Height of the lowest pedal above the floor on an exercise bike.
pub const PEDAL_CLEARANCE: f64 = 0.07;
