//! Tests of the pose model: the angle conventions, placing on a support, interpolation, the
//! checks, and every exercise's pose in the embedded content.

use super::body::{CONTACT_TOLERANCE, HEAD_RADIUS, THIGH, TRUNK_RADIUS};
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
    assert!(sk.get(Landmark::NearHip).z > 0.0 && sk.get(Landmark::FarHip).z < 0.0, "near side toward viewer");
    assert!(sk.get(Landmark::Head).x > sk.get(Landmark::Neck).x, "chin toward chest moves the head forward");
    p.near_leg.knee = 90.0;
    let sk = p.skeleton(View::Side);
    assert!(sk.get(Landmark::NearAnkle).y < sk.get(Landmark::NearKnee).y - 0.2, "knee bends the shin down");
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
