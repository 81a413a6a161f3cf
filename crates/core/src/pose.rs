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

use serde::{Deserialize, Serialize};
use std::ops::{Add, Mul, Neg, Sub};

/// Segment lengths and thicknesses as fractions of standing height (rounded from Winter,
/// *Biomechanics and Motor Control of Human Movement*, 4th ed., table 4.1).
pub mod body {
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
}

use body::{
    CONTACT_TOLERANCE, FOOT, FOREARM, HAND, HEAD_RADIUS, HIP_HALF_WIDTH, LIMB_RADIUS, NECK_TO_HEAD,
    PEDAL_CLEARANCE, PELVIS_TO_WAIST, SHANK, SHOULDER_DROP, SHOULDER_HALF_WIDTH, THIGH, TRUNK_RADIUS,
    UPPER_ARM, WAIST_TO_NECK,
};

/// A point in world space (fractions of standing height).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Point {
    /// To the right of the picture.
    pub x: f64,
    /// Up.
    pub y: f64,
    /// Toward the viewer.
    pub z: f64,
}

impl Point {
    /// A point from its coordinates.
    pub const fn new(x: f64, y: f64, z: f64) -> Point {
        Point { x, y, z }
    }

    /// The distance to another point.
    pub fn distance(self, o: Point) -> f64 {
        let d = self - o;
        (d.x * d.x + d.y * d.y + d.z * d.z).sqrt()
    }

    fn cross(self, o: Point) -> Point {
        Point::new(self.y * o.z - self.z * o.y, self.z * o.x - self.x * o.z, self.x * o.y - self.y * o.x)
    }
}

impl Add for Point {
    type Output = Point;
    fn add(self, o: Point) -> Point {
        Point::new(self.x + o.x, self.y + o.y, self.z + o.z)
    }
}

impl Sub for Point {
    type Output = Point;
    fn sub(self, o: Point) -> Point {
        Point::new(self.x - o.x, self.y - o.y, self.z - o.z)
    }
}

impl Mul<f64> for Point {
    type Output = Point;
    fn mul(self, k: f64) -> Point {
        Point::new(self.x * k, self.y * k, self.z * k)
    }
}

impl Neg for Point {
    type Output = Point;
    fn neg(self) -> Point {
        self * -1.0
    }
}

/// An orthonormal frame: forward, up and toward the near side (`n = f × u`).
#[derive(Debug, Clone, Copy)]
struct Axes {
    f: Point,
    u: Point,
    n: Point,
}

impl Axes {
    fn new(f: Point, u: Point) -> Axes {
        Axes { f, u, n: f.cross(u) }
    }

    /// Turns about the side axis: forward toward up by `deg`.
    fn rot_n(self, deg: f64) -> Axes {
        let (s, c) = deg.to_radians().sin_cos();
        Axes { f: self.f * c + self.u * s, u: self.u * c - self.f * s, n: self.n }
    }

    /// Turns about the forward axis: up toward the near side by `deg`.
    fn rot_f(self, deg: f64) -> Axes {
        let (s, c) = deg.to_radians().sin_cos();
        Axes { f: self.f, u: self.u * c + self.n * s, n: self.n * c - self.u * s }
    }

    /// Turns about the up axis: the near side toward forward by `deg`.
    fn rot_u(self, deg: f64) -> Axes {
        let (s, c) = deg.to_radians().sin_cos();
        Axes { f: self.f * c - self.n * s, u: self.u, n: self.n * c + self.f * s }
    }
}

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

/// The angles of one leg, in degrees (see the module documentation).
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

/// The angles of one arm, in degrees (see the module documentation).
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

    /// Forward kinematics: the joint positions with the pelvis at the origin, seen in `view`.
    pub fn skeleton(&self, view: View) -> Skeleton {
        let (f0, u0, alpha) = match view {
            View::Side => (Point::new(1.0, 0.0, 0.0), Point::new(0.0, 1.0, 0.0), -self.pelvis),
            View::Front => (Point::new(0.0, 0.0, 1.0), Point::new(0.0, 1.0, 0.0), self.pelvis),
        };
        let root = Axes::new(rot_z(f0, alpha), rot_z(u0, alpha));
        let chest = root.rot_n(-self.spine).rot_f(self.spine_side);
        let head_axes = chest.rot_n(-self.head);
        let mut p = [Point::default(); Landmark::ALL.len()];
        let set = |p: &mut [Point; LANDMARKS], l: Landmark, v: Point| p[l as usize] = v;
        let pelvis = Point::default();
        let waist = pelvis + root.u * PELVIS_TO_WAIST;
        let neck = waist + chest.u * WAIST_TO_NECK;
        set(&mut p, Landmark::Pelvis, pelvis);
        set(&mut p, Landmark::Waist, waist);
        set(&mut p, Landmark::Neck, neck);
        set(&mut p, Landmark::Head, neck + head_axes.u * NECK_TO_HEAD);
        let legs = [
            (
                1.0,
                &self.near_leg,
                [Landmark::NearHip, Landmark::NearKnee, Landmark::NearAnkle, Landmark::NearToe],
            ),
            (
                -1.0,
                &self.far_leg,
                [Landmark::FarHip, Landmark::FarKnee, Landmark::FarAnkle, Landmark::FarToe],
            ),
        ];
        for (s, leg, [hip_l, knee_l, ankle_l, toe_l]) in legs {
            let hip = pelvis + root.n * (s * HIP_HALF_WIDTH);
            let thigh = root.rot_n(leg.hip).rot_f(-s * leg.hip_abd).rot_u(-s * leg.hip_rot);
            let knee = hip - thigh.u * THIGH;
            let shank = thigh.rot_n(-leg.knee);
            let ankle = knee - shank.u * SHANK;
            let foot = shank.rot_n(leg.ankle);
            set(&mut p, hip_l, hip);
            set(&mut p, knee_l, knee);
            set(&mut p, ankle_l, ankle);
            set(&mut p, toe_l, ankle + foot.f * FOOT);
        }
        let arms = [
            (
                1.0,
                &self.near_arm,
                [Landmark::NearShoulder, Landmark::NearElbow, Landmark::NearWrist, Landmark::NearHand],
            ),
            (
                -1.0,
                &self.far_arm,
                [Landmark::FarShoulder, Landmark::FarElbow, Landmark::FarWrist, Landmark::FarHand],
            ),
        ];
        for (s, arm, [sh_l, el_l, wr_l, ha_l]) in arms {
            let shoulder = neck - chest.u * SHOULDER_DROP + chest.n * (s * SHOULDER_HALF_WIDTH);
            let upper = chest.rot_n(arm.shoulder).rot_f(-s * arm.shoulder_abd).rot_u(-s * arm.shoulder_rot);
            let elbow = shoulder - upper.u * UPPER_ARM;
            let fore = upper.rot_n(arm.elbow);
            let wrist = elbow - fore.u * FOREARM;
            let hand = fore.rot_n(arm.hand);
            set(&mut p, sh_l, shoulder);
            set(&mut p, el_l, elbow);
            set(&mut p, wr_l, wrist);
            set(&mut p, ha_l, wrist - hand.u * HAND);
        }
        let mut sk =
            Skeleton { points: p, pelvis_forward: root.f, chest_forward: chest.f, head_forward: head_axes.f };
        if view == View::Front {
            sk.map(|q| Point::new(-q.x, q.y, q.z));
        }
        sk
    }
}

/// Rotates `p` about the `z` axis by `deg` (counter-clockwise with `y` up).
fn rot_z(p: Point, deg: f64) -> Point {
    let (s, c) = deg.to_radians().sin_cos();
    Point::new(p.x * c - p.y * s, p.x * s + p.y * c, p.z)
}

const LANDMARKS: usize = Landmark::ALL.len();

/// Joint positions of one pose, in world space.
#[derive(Debug, Clone, PartialEq)]
pub struct Skeleton {
    points: [Point; LANDMARKS],
    /// The way the front of the pelvis faces (a unit vector).
    pub pelvis_forward: Point,
    /// The way the front of the chest faces.
    pub chest_forward: Point,
    /// The way the face looks.
    pub head_forward: Point,
}

impl Skeleton {
    /// The position of a landmark.
    pub fn get(&self, l: Landmark) -> Point {
        self.points[l as usize]
    }

    /// The back's curve from the pelvis to the neck as a quadratic Bézier (start, control, end)
    /// that passes through the waist.
    pub fn spine_curve(&self) -> [Point; 3] {
        let (a, w, b) = (self.get(Landmark::Pelvis), self.get(Landmark::Waist), self.get(Landmark::Neck));
        [a, w * 2.0 - (a + b) * 0.5, b]
    }

    /// The lowest point of the body's surface (`y` of the lowest landmark or back point, less its
    /// thickness).
    pub fn lowest(&self) -> f64 {
        let [a, c, b] = self.spine_curve();
        let back = (0..=8).map(|i| {
            let t = f64::from(i) / 8.0;
            let q = a * ((1.0 - t) * (1.0 - t)) + c * (2.0 * t * (1.0 - t)) + b * (t * t);
            q.y - TRUNK_RADIUS
        });
        Landmark::ALL.iter().map(|&l| self.bottom(l)).chain(back).fold(f64::INFINITY, f64::min)
    }

    /// The height of the body's surface under a landmark.
    pub fn bottom(&self, l: Landmark) -> f64 {
        self.get(l).y - l.radius()
    }

    fn map(&mut self, f: impl Fn(Point) -> Point) {
        for q in &mut self.points {
            *q = f(*q);
        }
        self.pelvis_forward = f(self.pelvis_forward);
        self.chest_forward = f(self.chest_forward);
        self.head_forward = f(self.head_forward);
    }

    fn shift(&mut self, d: Point) {
        for q in &mut self.points {
            *q = *q + d;
        }
    }
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
            Support::Bike => PEDAL_CLEARANCE,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn standing() -> Pose {
        Pose::default()
    }

    fn fig(view: View, support: Support, anchor: Landmark, start: Pose, end: Pose) -> ExercisePose {
        ExercisePose { view, turn: 0.0, elevation: 0.0, support, props: vec![], anchor, start, end }
    }

    #[test]
    fn standing_is_about_one_body_height_tall_and_stands_on_the_floor() {
        let f = fig(View::Side, Support::Floor, Landmark::NearAnkle, standing(), standing());
        let sk = f.at(0.0);
        assert!(sk.lowest().abs() < 1e-9);
        let top = sk.get(Landmark::Head).y + HEAD_RADIUS;
        assert!((0.95..1.0).contains(&top), "top of head at {top}");
        assert!(sk.get(Landmark::NearToe).x > sk.get(Landmark::NearAnkle).x, "feet point forward");
    }

    #[test]
    fn angle_signs_follow_the_documented_convention() {
        let mut p = standing();
        p.near_leg.hip = 90.0;
        p.near_arm.shoulder = 90.0;
        p.head = 30.0;
        let sk = p.skeleton(View::Side);
        let (hip, knee) = (sk.get(Landmark::NearHip), sk.get(Landmark::NearKnee));
        assert!((knee.x - hip.x - THIGH).abs() < 1e-9 && (knee.y - hip.y).abs() < 1e-9, "thigh forward");
        assert!(sk.get(Landmark::NearHand).x > sk.get(Landmark::NearShoulder).x, "arm forward");
        assert!(
            sk.get(Landmark::NearHip).z > 0.0 && sk.get(Landmark::FarHip).z < 0.0,
            "near side toward viewer"
        );
        assert!(
            sk.get(Landmark::Head).x > sk.get(Landmark::Neck).x,
            "chin toward chest moves the head forward"
        );
        p.near_leg.knee = 90.0;
        let sk = p.skeleton(View::Side);
        assert!(
            sk.get(Landmark::NearAnkle).y < sk.get(Landmark::NearKnee).y - 0.2,
            "knee bends the shin down"
        );
    }

    #[test]
    fn lying_on_the_back_puts_the_head_left_and_the_face_up() {
        let p = Pose { pelvis: -90.0, ..standing() };
        let sk = p.skeleton(View::Side);
        assert!(sk.get(Landmark::Head).x < -0.3);
        assert!(sk.pelvis_forward.y > 0.99);
        let f = fig(View::Side, Support::Floor, Landmark::Pelvis, p.clone(), p);
        let sk = f.at(0.0);
        assert!(sk.bottom(Landmark::Head).abs() < 1e-9, "head rests on the floor");
        assert!(sk.bottom(Landmark::Pelvis) < HEAD_RADIUS - TRUNK_RADIUS + 1e-9, "back rests on the floor");
    }

    #[test]
    fn lying_face_down_puts_the_head_right_and_the_face_down() {
        let sk = Pose { pelvis: 90.0, ..standing() }.skeleton(View::Side);
        assert!(sk.get(Landmark::Head).x > 0.3);
        assert!(sk.head_forward.y < -0.99);
    }

    #[test]
    fn front_view_side_lying_has_the_near_side_up() {
        let sk = Pose { pelvis: -90.0, ..standing() }.skeleton(View::Front);
        assert!(sk.get(Landmark::Head).x < -0.3);
        assert!(sk.get(Landmark::NearHip).y > sk.get(Landmark::FarHip).y);
        let up = Pose::default().skeleton(View::Front);
        assert!(up.get(Landmark::NearShoulder).x > up.get(Landmark::FarShoulder).x, "near side on the right");
    }

    #[test]
    fn abduction_and_rotation_move_the_limb_outward() {
        let mut p = standing();
        p.near_leg.hip_abd = 30.0;
        p.far_leg.hip_abd = 30.0;
        let sk = p.skeleton(View::Front);
        assert!(sk.get(Landmark::NearKnee).x > sk.get(Landmark::NearHip).x);
        assert!(sk.get(Landmark::FarKnee).x < sk.get(Landmark::FarHip).x);
        let mut p = standing();
        p.near_leg.hip_rot = 40.0;
        let sk = p.skeleton(View::Side);
        assert!(
            sk.get(Landmark::NearToe).z > sk.get(Landmark::NearAnkle).z + 0.05,
            "turned out: the toes point out"
        );
        p.near_leg.hip = 90.0;
        p.near_leg.knee = 90.0;
        let sk = p.skeleton(View::Side);
        assert!(
            sk.get(Landmark::NearAnkle).z < sk.get(Landmark::NearKnee).z - 0.1,
            "figure-4: the shin swings in"
        );
    }

    #[test]
    fn interpolation_ends_at_the_start_and_end() {
        let a = standing();
        let mut b = standing();
        b.pelvis = 30.0;
        b.near_leg.knee = 80.0;
        b.contacts = vec![Landmark::NearToe];
        assert_eq!(a.lerp(&b, 0.0), a);
        assert_eq!(a.lerp(&b, 1.0), b);
        assert!((a.lerp(&b, 0.5).near_leg.knee - 40.0).abs() < 1e-9);
        let f = fig(View::Side, Support::Floor, Landmark::NearAnkle, a.clone(), b.clone());
        assert_eq!(f.at(0.0), f.place(&a));
        assert_eq!(f.at(1.0), f.place(&b));
    }

    #[test]
    fn the_anchor_stays_in_place() {
        let a = Pose { pelvis: -90.0, ..standing() };
        let mut b = a.clone();
        b.spine = 40.0;
        b.near_leg.hip = 100.0;
        let f = fig(View::Side, Support::Floor, Landmark::Pelvis, a, b);
        for t in [0.0, 0.3, 0.7, 1.0] {
            let p = f.at(t).get(Landmark::Pelvis);
            assert!(p.x.abs() < 1e-9 && p.z.abs() < 1e-9);
        }
    }

    #[test]
    fn a_chair_keeps_the_pelvis_on_the_seat() {
        let mut sit = standing();
        sit.near_leg = Leg { hip: 90.0, knee: 90.0, ..Leg::default() };
        sit.far_leg = sit.near_leg;
        let mut lean = sit.clone();
        lean.pelvis = 40.0;
        lean.near_leg.hip = 130.0;
        lean.near_leg.knee = 0.0;
        let f = fig(View::Side, Support::Chair, Landmark::Pelvis, sit, lean);
        let seat = f.seat_height().unwrap();
        assert!((seat - THIGH).abs() < 0.05, "seat at knee height, got {seat}");
        for t in [0.0, 0.5, 1.0] {
            assert!((f.at(t).bottom(Landmark::Pelvis) - seat).abs() < 1e-9);
        }
        assert!(f.at(0.0).lowest().abs() < 1e-9, "feet on the floor at the start");
    }

    #[test]
    fn problems_name_the_angle_and_its_bounds() {
        let mut p = standing();
        p.near_leg.knee = 170.0;
        let msgs = p.problems();
        assert_eq!(msgs.len(), 1);
        assert!(msgs[0].contains("near_leg.knee") && msgs[0].contains("0 to 160"), "{msgs:?}");
    }

    #[test]
    fn a_floating_contact_is_reported() {
        let mut p = Pose { pelvis: -90.0, ..standing() };
        p.near_leg.hip = 60.0;
        p.contacts = vec![Landmark::Pelvis, Landmark::NearAnkle];
        let f = fig(View::Side, Support::Floor, Landmark::Pelvis, p.clone(), p);
        let msgs = f.problems();
        assert!(msgs.iter().any(|m| m.contains("near_ankle") && m.contains("above")), "{msgs:?}");
        assert!(!msgs.iter().any(|m| m.contains("`pelvis`")), "{msgs:?}");
    }

    #[test]
    fn every_exercise_has_a_valid_pose() {
        for e in &crate::Content::embedded().exercises {
            assert!(e.pose.problems().is_empty(), "{}: {:?}", e.id, e.pose.problems());
            for t in [0.0, 0.25, 0.5, 0.75, 1.0] {
                let sk = e.pose.at(t);
                assert!(sk.lowest() > -CONTACT_TOLERANCE, "{} at {t}: below the floor", e.id);
                if e.pose.support == Support::Floor {
                    assert!(sk.lowest().abs() < 1e-9, "{} at {t}: the lowest point touches the floor", e.id);
                }
            }
        }
    }

    #[test]
    fn the_content_check_reports_a_bad_pose() {
        let files: Vec<(String, String)> = crate::Content::embedded_files()
            .iter()
            .map(|(p, t)| {
                let t = if p.ends_with("06-single-knee-to-chest.toml") {
                    t.replacen("knee = 135", "knee = 170", 1)
                } else {
                    (*t).to_owned()
                };
                ((*p).to_owned(), t)
            })
            .collect();
        let err = crate::Content::from_files(files).unwrap_err().to_string();
        assert!(err.contains("single-knee-to-chest") && err.contains("near_leg.knee"), "{err}");
    }
}
