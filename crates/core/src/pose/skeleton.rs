//! Forward kinematics: a pose's joint angles turned into joint positions ([`Skeleton`]), and
//! measurements on them (the back's curve, the lowest point of the body).

use super::angles::Pose;
use super::body::{
    FOOT, FOREARM, HAND, HIP_HALF_WIDTH, NECK_TO_HEAD, PELVIS_TO_WAIST, SHANK, SHOULDER_DROP,
    SHOULDER_HALF_WIDTH, THIGH, TRUNK_RADIUS, UPPER_ARM, WAIST_TO_NECK,
};
use super::exercise::View;
use super::geometry::{Axes, Point, rot_z};
use super::landmark::Landmark;

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

    pub(super) fn shift(&mut self, d: Point) {
        for q in &mut self.points {
            *q = *q + d;
        }
    }
}

impl Pose {
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
