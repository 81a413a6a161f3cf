//! The body as shapes: the far limbs, the trunk and head, the near limbs, and the props that
//! move with the body (bike cranks, stick, strap).

use super::framing::Setting;
use super::scenery::pedal;
use super::shapes::{Fit, Geo, Shape};
use super::{ACCENT, FAR, HALO, HALO_WIDTH, INK, PROP_INK};
use sciatica_core::pose::{ExercisePose, Landmark as L, Point, Prop, Skeleton, body};

/// The body (and the props that move with it) in drawing order: far limbs, trunk and head, near
/// limbs. The same shapes in the same order for every frame, so they can be animated.
pub(super) fn body_shapes(pose: &ExercisePose, sk: &Skeleton, set: &Setting) -> Vec<Shape> {
    let pj = |l: L| pose.project(sk.get(l));
    let limb = body::LIMB_RADIUS * 2.0;
    let chain = |ls: [L; 4]| ls.iter().map(|&l| pj(l)).collect::<Vec<_>>();
    let mut out = Vec::new();
    if let Some((hub, _)) = set.hub {
        for near in [false, true] {
            out.push(Shape::line(
                vec![pose.project(hub), pose.project(pedal(sk, near))],
                PROP_INK,
                limb * 0.5,
            ));
        }
    }
    out.push(Shape::line(chain([L::FarShoulder, L::FarElbow, L::FarWrist, L::FarHand]), FAR, limb));
    out.push(Shape::line(chain([L::FarHip, L::FarKnee, L::FarAnkle, L::FarToe]), FAR, limb));
    let [a, c, b] = sk.spine_curve();
    out.push(Shape {
        geo: Geo::Curve([pose.project(a), pose.project(c), pose.project(b)]),
        stroke: Some(INK),
        fill: None,
        width: body::TRUNK_RADIUS * 2.0,
        fit: Fit::Both,
    });
    out.push(Shape::line(vec![pj(L::FarHip), pj(L::NearHip)], INK, limb));
    out.push(Shape::line(vec![pj(L::FarShoulder), pj(L::Neck), pj(L::NearShoulder)], INK, limb));
    out.push(Shape::line(vec![pj(L::Neck), pj(L::Head)], INK, limb));
    out.push(Shape {
        geo: Geo::Circle(pj(L::Head), body::HEAD_RADIUS),
        stroke: None,
        fill: Some(INK),
        width: 0.0,
        fit: Fit::Both,
    });
    if pose.props.contains(&Prop::Stick) {
        let tail = sk.get(L::Pelvis) - sk.pelvis_forward * body::TRUNK_RADIUS;
        let skull = sk.get(L::Head) - sk.head_forward * body::HEAD_RADIUS;
        let along = (skull - tail) * (1.0 / skull.distance(tail));
        let (lo, hi) = (tail - along * 0.08, skull + along * 0.07);
        out.push(Shape::line(vec![pose.project(lo), pose.project(hi)], ACCENT, limb * 0.55));
    }
    for ls in [
        [L::NearHip, L::NearKnee, L::NearAnkle, L::NearToe],
        [L::NearShoulder, L::NearElbow, L::NearWrist, L::NearHand],
    ] {
        // A thin light outline keeps a near limb readable where it crosses the trunk.
        out.push(Shape { fit: Fit::Ignore, ..Shape::line(chain(ls), HALO, limb + HALO_WIDTH) });
        out.push(Shape::line(chain(ls), INK, limb));
    }
    if pose.props.contains(&Prop::Strap) {
        // Around the middle of the sole: the side of the foot away from the shin.
        let (ankle, toe, knee) = (sk.get(L::NearAnkle), sk.get(L::NearToe), sk.get(L::NearKnee));
        let along = (toe - ankle) * (1.0 / toe.distance(ankle));
        let shin = knee - ankle;
        let up = shin - along * (shin.x * along.x + shin.y * along.y + shin.z * along.z);
        let sole = ankle + (toe - ankle) * 0.45 - up * (body::LIMB_RADIUS / up.distance(Point::default()));
        let strap = vec![pj(L::NearWrist), pose.project(sole), pj(L::FarWrist)];
        out.push(Shape { fit: Fit::Across, ..Shape::line(strap, ACCENT, limb * 0.45) });
    }
    out
}
