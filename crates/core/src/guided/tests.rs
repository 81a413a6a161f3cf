use super::*;

fn dose(reps: u32, per_side: bool) -> Dosage {
    Dosage { sets: 1, reps, hold_seconds: Some(30), minutes: None, per_side, times_per_day: 2 }
}

fn draft() -> Draft {
    Draft::new(
        "s1".into(),
        Timestamp::UNIX_EPOCH,
        Slot::Morning,
        Date::constant(2026, 3, 1),
        None,
        false,
        vec![("prone-lying".into(), dose(1, false)), ("single-knee-to-chest".into(), dose(3, true))],
    )
}

fn before(d: &mut Draft) {
    d.safety_checked = true;
    d.leg_pain_before = Pain::new(6).ok();
    d.back_pain_before = Pain::new(3).ok();
    d.left_before = Level::new(4).ok();
    d.right_before = Level::new(0).ok();
}

#[test]
fn steps_follow_the_answers() {
    let mut d = draft();
    assert_eq!(d.step(), Step::Safety);
    before(&mut d);
    assert_eq!(d.step(), Step::Exercise(0));
    d.complete(0, Timestamp::UNIX_EPOCH, Counted::default());
    assert_eq!(d.step(), Step::Response(0));
    d.complete(0, Timestamp::UNIX_EPOCH, Counted::default());
    assert_eq!(d.exercises.len(), 1, "a repeated submit changes nothing");
    d.respond(0, Response::MovedUp);
    assert_eq!(d.step(), Step::Exercise(1));
    d.complete(1, Timestamp::UNIX_EPOCH, Counted::default());
    assert_eq!(d.exercises[1].reps_done, 6, "3 holds on each side");
    d.respond(1, Response::NoChange);
    assert_eq!(d.step(), Step::PainAfter);
    d.leg_pain_after = Pain::new(4).ok();
    d.back_pain_after = Pain::new(3).ok();
    assert_eq!(d.step(), Step::ReachAfter);
    d.left_after = Level::new(3).ok();
    d.right_after = Level::new(0).ok();
    assert_eq!(d.step(), Step::Extras);
    d.extras_done = true;
    assert_eq!(d.step(), Step::Finished);
}

#[test]
fn moving_down_or_stopping_ends_the_exercises() {
    let mut d = draft();
    before(&mut d);
    d.complete(0, Timestamp::UNIX_EPOCH, Counted::default());
    d.respond(0, Response::MovedDown);
    assert_eq!(d.stopped, Some(StopKind::MovedDown));
    assert_eq!(d.step(), Step::PainAfter);

    let mut d = draft();
    before(&mut d);
    d.stop(0, StopKind::TooPainful);
    assert_eq!(d.step(), Step::PainAfter);
    assert!(!d.exercises[0].completed);
    d.stop(1, StopKind::Unwell);
    assert_eq!(d.stopped, Some(StopKind::TooPainful), "only the current exercise can be stopped");
}

#[test]
fn the_log_says_what_was_done_not_what_was_planned() {
    let at = |s: i64| Timestamp::from_second(s).unwrap();
    let walk =
        Dosage { sets: 1, reps: 1, hold_seconds: None, minutes: Some(20), per_side: false, times_per_day: 2 };
    let mut d = Draft::new(
        "s".into(),
        at(0),
        Slot::Morning,
        Date::constant(2026, 3, 1),
        None,
        false,
        vec![("walking-program".into(), walk), ("single-knee-to-chest".into(), dose(3, true))],
    );
    before(&mut d);
    assert!(d.showing(at(100)));
    assert!(!d.showing(at(120)), "the first time it is shown counts");
    d.complete(0, at(136), Counted::default());
    assert_eq!(
        (d.exercises[0].completed, d.exercises[0].reps_done, d.exercises[0].seconds_done),
        (false, 0, Some(36)),
        "36 seconds are not a 20-minute walk, and the log keeps the 36 seconds"
    );
    d.respond(0, Response::NoChange);
    d.showing(at(200));
    d.complete(1, at(290), Counted::default());
    assert_eq!(
        (d.exercises[1].reps_done, d.exercises[1].completed),
        (3, false),
        "90 s hold three 30-second holds of six"
    );
    let mut again = d.clone();
    again.exercises.pop();
    again.complete(1, at(290), Counted { reps: Some(6), seconds: None });
    assert!(again.exercises[1].completed, "what the player counted");
    assert_eq!(again.exercises[1].seconds_done, None, "a hold exercise has no timer seconds");

    let mut timed = d.clone();
    timed.exercises.clear();
    timed.complete(0, at(136), Counted { reps: None, seconds: Some(1_500) });
    assert_eq!(
        (timed.exercises[0].completed, timed.exercises[0].seconds_done),
        (true, Some(1_200)),
        "the player's timer ran the whole walk (a longer count is the planned 20 minutes)"
    );
}

#[test]
fn the_session_of_a_draft_is_what_the_draft_holds() {
    let mut d = draft();
    before(&mut d);
    d.complete(0, Timestamp::UNIX_EPOCH, Counted::default());
    d.stop(0, StopKind::MovedDown);
    d.leg_pain_after = Pain::new(7).ok();
    let ended = Timestamp::from_second(900).unwrap();
    let s = d.session(ended);
    assert_eq!((s.id.as_str(), s.slot, s.date, s.ended_at), ("s1", d.slot, d.date, ended));
    assert_eq!((s.leg_pain_before, s.leg_pain_after), (Pain::new(6).ok(), Pain::new(7).ok()));
    assert_eq!((s.left.pre, s.right.pre, s.left.post), (Level::new(4).ok(), Level::new(0).ok(), None));
    assert!(s.stopped, "a stop in the draft is a stopped session");
    assert_eq!(s.exercises, d.exercises);
    assert_eq!(s.exercises[0].response, Some(Response::MovedDown));
}

#[test]
fn stop_advice_is_the_rule_then_relief_that_is_not_the_exercise_itself() {
    let c = crate::Content::embedded();
    let disc = crate::Cause::DiscHerniation;
    let after_lying = StopKind::MovedDown.advice(c, disc, Some("prone-lying"));
    assert_eq!(after_lying[0], c.texts.moved_down_advice);
    assert!(
        !after_lying[1].contains("face down") && after_lying[1].contains("Stand up straight"),
        "{after_lying:?}"
    );
    let painful = StopKind::TooPainful.advice(c, disc, Some("walking-program"));
    assert_eq!(
        painful[1],
        c.cause(disc).relief_position,
        "every relief position when the exercise is none of them"
    );
    assert_eq!(StopKind::Unwell.advice(c, disc, None).len(), 1, "no exercise advice when unwell");
    // Spondylolisthesis has one relief position; when that is the exercise, the general advice.
    let spondy =
        StopKind::TooPainful.advice(c, crate::Cause::IsthmicSpondylolisthesis, Some("posterior-pelvic-tilt"));
    assert_eq!(spondy[1], c.texts.session.relief_fallback);
}

#[test]
fn drafts_survive_a_round_trip() {
    let mut d = draft();
    before(&mut d);
    d.complete(0, Timestamp::UNIX_EPOCH, Counted::default());
    let text = serde_json::to_string(&d).unwrap();
    let back: Draft = serde_json::from_str(&text).unwrap();
    assert_eq!(back, d);
    assert_eq!(back.step(), Step::Response(0));
}
