//! The props that do not move, drawn behind the body: the mat, water, wall, cushion, chair and
//! exercise bike.

use super::framing::Setting;
use super::shapes::{Fit, Geo, P2, Shape};
use super::{PROP_FILL, PROP_INK, STEPS, WATER_FILL, WATER_LINE};
use sciatica_core::pose::{ExercisePose, Landmark as L, Point, Prop, Skeleton, Support, body};

/// The ball of the foot, where it rests on a pedal.
pub(super) fn pedal(sk: &Skeleton, near: bool) -> Point {
    let (a, t) = if near { (L::NearAnkle, L::NearToe) } else { (L::FarAnkle, L::FarToe) };
    let (a, t) = (sk.get(a), sk.get(t));
    a + (t - a) * 0.6
}

/// Props that do not move, drawn behind the body.
pub(super) fn scenery(pose: &ExercisePose, start: &Skeleton, set: &Setting) -> Vec<Shape> {
    let pj = |p: Point| pose.project(p);
    let prop_w = body::LIMB_RADIUS * 1.1;
    let mut out = Vec::new();
    if pose.elevation > 0.0 {
        out.push(mat(pose));
    }
    if pose.props.contains(&Prop::Water) {
        let level = 0.62;
        out.push(Shape {
            geo: Geo::Rect((-2.0, 0.0), (2.0, level), 0.0),
            stroke: None,
            fill: Some(WATER_FILL),
            width: 0.0,
            fit: Fit::Ignore,
        });
        let wave: Vec<P2> = (0..=80)
            .map(|i| {
                let x = -2.0 + f64::from(i) * 0.05;
                (x, level + 0.008 * (x * 40.0).sin())
            })
            .collect();
        out.push(Shape { fit: Fit::Ignore, ..Shape::line(wave, WATER_LINE, body::LIMB_RADIUS * 0.5) });
    }
    if pose.props.contains(&Prop::Wall) {
        let x = [L::NearShoulder, L::NearElbow, L::NearWrist]
            .iter()
            .map(|&l| pj(start.get(l)).0)
            .fold(f64::NEG_INFINITY, f64::max)
            + body::LIMB_RADIUS
            + prop_w / 2.0;
        out.push(Shape {
            geo: Geo::Rect((x, 0.0), (2.0, 1.2), 0.0),
            stroke: None,
            fill: Some(PROP_FILL),
            width: 0.0,
            fit: Fit::Ignore,
        });
        out.push(Shape { fit: Fit::Across, ..Shape::line(vec![(x, 0.0), (x, 1.2)], PROP_INK, prop_w) });
    }
    if pose.props.contains(&Prop::Cushion) {
        let knee = [L::NearKnee, L::FarKnee]
            .into_iter()
            .map(|l| start.get(l))
            .min_by(|a, b| a.y.total_cmp(&b.y))
            .expect("two knees");
        let (x, _) = pj(knee);
        let h = body::LIMB_RADIUS * 2.6;
        out.push(Shape {
            geo: Geo::Rect((x - 0.1, body::LIMB_RADIUS * 0.25), (x + 0.1, h), h / 2.0),
            stroke: Some(PROP_INK),
            fill: Some(PROP_FILL),
            width: body::LIMB_RADIUS * 0.5,
            fit: Fit::Both,
        });
    }
    match (pose.support, set.seat) {
        (Support::Chair, Some(seat)) => out.extend(chair(pose, start.get(L::Pelvis), seat, prop_w)),
        (Support::Bike, Some(seat)) => {
            if let Some((hub, r)) = set.hub {
                out.extend(bike(pose, start, seat, hub, r, prop_w));
            }
        }
        _ => {}
    }
    out
}

/// The floor seen from above: a mat under every position of the body.
fn mat(pose: &ExercisePose) -> Shape {
    let (mut x0, mut x1, mut z0, mut z1) =
        (f64::INFINITY, f64::NEG_INFINITY, f64::INFINITY, f64::NEG_INFINITY);
    for k in 0..=STEPS {
        let sk = pose.at(k as f64 / STEPS as f64);
        for &l in L::ALL {
            let p = sk.get(l);
            x0 = x0.min(p.x);
            x1 = x1.max(p.x);
            z0 = z0.min(p.z);
            z1 = z1.max(p.z);
        }
    }
    let pad = 0.08;
    let corner = |x: f64, z: f64| pose.project(Point::new(x, 0.0, z));
    let (x0, x1, z0, z1) = (x0 - pad, x1 + pad, z0 - pad, z1 + pad);
    Shape {
        geo: Geo::Line(vec![corner(x0, z0), corner(x1, z0), corner(x1, z1), corner(x0, z1), corner(x0, z0)]),
        stroke: Some(PROP_INK),
        fill: Some(PROP_FILL),
        width: body::LIMB_RADIUS * 0.4,
        fit: Fit::Both,
    }
}

fn chair(pose: &ExercisePose, pelvis: Point, seat: f64, w: f64) -> Vec<Shape> {
    let pj = |x: f64, y: f64, z: f64| pose.project(Point::new(x, y, z));
    let (back, front) = (pelvis.x - 0.13, pelvis.x + 0.13);
    let mut out = Vec::new();
    for z in [pelvis.z + 0.12, pelvis.z - 0.12] {
        out.push(Shape::line(vec![pj(back, seat + 0.27, z), pj(back, w / 2.0, z)], PROP_INK, w));
        out.push(Shape::line(vec![pj(front, seat, z), pj(front, w / 2.0, z)], PROP_INK, w));
    }
    for z in [pelvis.z + 0.12, pelvis.z - 0.12] {
        out.push(Shape::line(vec![pj(back, seat - w, z), pj(front, seat - w, z)], PROP_INK, w * 1.4));
    }
    out
}

fn bike(pose: &ExercisePose, start: &Skeleton, seat: f64, hub: Point, r: f64, w: f64) -> Vec<Shape> {
    let pj = |p: Point| pose.project(p);
    let pelvis = start.get(L::Pelvis);
    let grip = start.get(L::NearHand);
    let base_y = w;
    let saddle = Point::new(pelvis.x - 0.01, seat - w * 0.6, 0.0);
    let front_base = Point::new(hub.x + 0.3, base_y, 0.0);
    let rear_base = Point::new(saddle.x - 0.16, base_y, 0.0);
    let wheel = Point::new(hub.x + 0.2, (r + 0.05).max(0.13), 0.0);
    vec![
        Shape::line(vec![pj(rear_base), pj(front_base)], PROP_INK, w * 1.4),
        Shape::line(vec![pj(rear_base), pj(saddle - Point::new(0.0, 0.06, 0.0)), pj(hub)], PROP_INK, w),
        Shape::line(vec![pj(saddle - Point::new(0.0, 0.06, 0.0)), pj(saddle)], PROP_INK, w),
        Shape::line(
            vec![pj(saddle - Point::new(0.06, 0.0, 0.0)), pj(saddle + Point::new(0.05, 0.0, 0.0))],
            PROP_INK,
            w * 1.8,
        ),
        Shape::line(vec![pj(hub), pj(front_base)], PROP_INK, w),
        Shape::line(
            vec![
                pj(front_base),
                pj(grip - Point::new(0.03, 0.01, 0.0)),
                pj(grip + Point::new(0.02, 0.0, 0.0)),
            ],
            PROP_INK,
            w,
        ),
        Shape {
            geo: Geo::Circle(pj(wheel), 0.1),
            stroke: Some(PROP_INK),
            fill: Some(PROP_FILL),
            width: w,
            fit: Fit::Both,
        },
    ]
}
