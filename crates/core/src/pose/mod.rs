//! Body poses: an exercise's start and end positions as joint angles of a simple skeleton.
//!
//! The model is geometric so that the same numbers can draw the figure and, later, be compared
//! with a person's measured posture. A [`Pose`] holds joint angles in degrees; [`Pose::skeleton`]
//! turns them into 3-D joint positions (forward kinematics) and [`ExercisePose::at`] places the
//! body on its support (floor, chair or bike) and blends between the start and end positions.
//!
//! # Conventions
//!
//! Lengths are fractions of standing height ([`body`]). World axes: `x` to the right of the
//! picture, `y` up, `z` toward the viewer; the floor is `y = 0`.
//!
//! The body is drawn in a [`View`]: `side` shows the sagittal plane with the face to the right
//! when upright and the **near** side of the body toward the viewer; `front` shows the body facing
//! the viewer with the near side on the viewer's right. Near and far are roles, not left and
//! right: the near limbs are the ones the exercise moves (drawn dark and in front), and in a
//! side-lying pose the near side is the upper one.
//!
//! Every angle is 0 in upright standing with the arms hanging and the feet flat:
//!
//! | angle | positive means | allowed |
//! |---|---|---|
//! | `pelvis` | the pelvis (hip joints to waist) tipped clockwise in the picture; side view: forward, `90` lying face down with the head to the right, `-90` lying on the back with the head to the left; front view: `-90` lying on the far side, head left, near side up | -180 to 180 |
//! | `spine` | the chest bent forward on the pelvis (rounding); negative arches back | -45 to 90 |
//! | `spine_side` | the chest bent toward the near side | -40 to 40 |
//! | `head` | the chin toward the chest; negative looks up | -70 to 60 |
//! | `hip` | the thigh forward (flexion); negative behind the body | -30 to 140 |
//! | `hip_abd` | the thigh out to the side, away from the other leg | -30 to 60 |
//! | `hip_rot` | the thigh turned out (with the knee straight the foot points outward; with the knee bent the shin swings inward, as in a figure-4) | -50 to 80 |
//! | `knee` | the knee bent | 0 to 160 |
//! | `ankle` | the toes toward the shin; negative points the foot (includes the midfoot) | -90 to 40 |
//! | `shoulder` | the arm raised forward; negative behind the body | -70 to 180 |
//! | `shoulder_abd` | the arm out to the side | -30 to 180 |
//! | `shoulder_rot` | the arm turned out (the forearm swings outward) | -90 to 90 |
//! | `elbow` | the elbow bent | 0 to 150 |
//! | `hand` | the hand bent toward the front of the forearm (as the elbow bends) | -90 to 90 |
//!
//! A limb is rotated from hanging straight down by flexion about the body's side axis, then
//! abduction about the (rotated) forward axis, then rotation about its own long axis; the knee,
//! ankle, elbow and hand bend in the limb's own plane. The trunk has two segments, pelvis to waist
//! and waist to neck, bent by `spine` and `spine_side` at the waist; the back is drawn as a smooth
//! curve through the three points ([`Skeleton::spine_curve`]).
//!
//! # Placing the body
//!
//! On the floor, every frame is lowered until its lowest point (the body's surface, not its
//! centre line) touches `y = 0`. On a chair or bike the pelvis stays at the height the start
//! position gives it. Horizontally, the [`ExercisePose::anchor`] landmark stays in place, so that
//! what rests (hips in a press-up, feet when standing, a knee when kneeling) does not slide.
//! Listed `contacts` must lie within [`body::CONTACT_TOLERANCE`] of their surface.

mod angles;
pub mod body;
mod exercise;
mod geometry;
mod interpolation;
mod landmark;
mod skeleton;
#[cfg(test)]
mod tests;

pub use angles::{Arm, Leg, Pose, bounds};
pub use exercise::{ExercisePose, Prop, Support, View};
pub use geometry::Point;
pub use landmark::Landmark;
pub use skeleton::Skeleton;
