use super::*;
use crate::history::{ExerciseDone, SideLevels};
use crate::ids::Slot;
use crate::pain::Pain;
use crate::symptoms::Level;

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

fn lv(n: u8) -> Option<Level> {
    Some(Level::new(i64::from(n)).unwrap())
}

/// A session on `date` in `slot` with leg pain `pain` and the left leg going `pre` → `post`.
fn session(
    date: Date,
    slot: Slot,
    pain: u8,
    pre: u8,
    post: u8,
    exercises: &[(&str, Option<Response>)],
) -> Session {
    let hour = if slot == Slot::Morning { 8 } else { 19 };
    Session {
        id: format!("{date}-{slot}"),
        started_at: date.at(hour, 0, 0, 0).to_zoned_datetime(jiff::tz::TimeZone::UTC).unwrap().timestamp(),
        ended_at: date.at(hour, 20, 0, 0).to_zoned_datetime(jiff::tz::TimeZone::UTC).unwrap().timestamp(),
        date,
        slot,
        leg_pain_before: Some(Pain::new(i64::from(pain)).unwrap()),
        leg_pain_after: Some(Pain::new(i64::from(pain)).unwrap()),
        back_pain_before: Some(Pain::ZERO),
        back_pain_after: Some(Pain::ZERO),
        left: SideLevels { pre: lv(pre), post: lv(post), late: None },
        right: SideLevels { pre: lv(0), post: lv(0), late: None },
        exercises: exercises
            .iter()
            .map(|(id, r)| ExerciseDone {
                id: (*id).to_owned(),
                completed: true,
                response: *r,
                ..ExerciseDone::default()
            })
            .collect(),
        walking_minutes: None,
        sitting_minutes: None,
        cannot_cope: false,
        stopped: false,
        regression_applied: false,
        program_id: None,
        notes: None,
    }
}

fn day(start: &str, n: i64) -> Date {
    d(start).saturating_add(Span::new().days(n))
}

/// A log folded from `sessions` as the store would keep it, with what the engine is told.
struct Fixture {
    sessions: Vec<Session>,
    protocol: Cause,
    phase: u8,
    program_started: Date,
    phase_started: Date,
    today: Date,
}

fn ctx(sessions: &[Session], protocol: Cause, phase: u8, start: &str, today: Date) -> Fixture {
    Fixture {
        sessions: sessions.to_vec(),
        protocol,
        phase,
        program_started: d(start),
        phase_started: d(start),
        today,
    }
}

/// Assesses the fixture's log, folded one session at a time into the bounded [`Log`].
fn assess(f: &Fixture) -> Assessment {
    let mut log = Log::new(f.program_started, f.phase_started);
    for s in &f.sessions {
        assert!(log.add(s.clone()));
    }
    let (phase, program) = (log.phase(), log.program());
    super::assess(&Context::of(Content::embedded(), f.protocol, f.phase, f.today, &log, &phase, &program))
}

/// Twice-daily sessions for `n` days with the leg pain and left-leg level of each day.
fn steady_log(start: &str, n: i64, pain: impl Fn(i64) -> u8, level: impl Fn(i64) -> u8) -> Vec<Session> {
    let ex = [("prone-lying", Some(Response::MovedUp)), ("walking-program", Some(Response::NoChange))];
    (0..n)
        .flat_map(|i| {
            let date = day(start, i);
            [
                session(date, Slot::Morning, pain(i), level(i), level(i), &ex),
                session(date, Slot::Evening, pain(i), level(i), level(i), &ex),
            ]
        })
        .collect()
}

#[test]
fn a_good_fortnight_proposes_the_next_phase_with_every_criterion() {
    let log = steady_log("2026-03-01", 14, |i| if i < 3 { 7 } else { 3 }, |i| if i < 3 { 4 } else { 2 });
    let a = assess(&ctx(&log, Cause::DiscHerniation, 1, "2026-03-01", day("2026-03-01", 13)));
    assert_eq!(a.checks.len(), 4);
    assert!(a.checks.iter().all(|c| c.met), "{:#?}", a.checks);
    assert!(a.proposals.iter().any(|p| matches!(p, Proposal::ProgressPhase { to: 2, .. })));
    assert!(a.alerts.is_empty(), "{:?}", a.alerts);
}

#[test]
fn too_early_or_not_improving_is_not_progress() {
    let log = steady_log("2026-03-01", 5, |_| 3, |_| 2);
    let a = assess(&ctx(&log, Cause::DiscHerniation, 1, "2026-03-01", day("2026-03-01", 4)));
    let p1 = a.checks.iter().find(|c| c.criterion == Criterion::NoPeripheralization7Days).unwrap();
    assert!(!p1.met, "five days are not seven");
    assert!(!a.proposals.iter().any(|p| matches!(p, Proposal::ProgressPhase { .. })));
}

#[test]
fn missed_sessions_fail_adherence() {
    let mut log = steady_log("2026-03-01", 14, |_| 2, |_| 1);
    log.retain(|s| s.slot == Slot::Morning);
    let a = assess(&ctx(&log, Cause::DiscHerniation, 1, "2026-03-01", day("2026-03-01", 13)));
    let p3 = a.checks.iter().find(|c| c.criterion == Criterion::Adherence80).unwrap();
    assert!(!p3.met);
    // Today is open: its one session done counts as its plan so far.
    assert_eq!(p3.detail, Detail::Sessions { done: 7, planned: 13, stops: 0 });
}

#[test]
fn a_tolerated_step_unlocks_the_next() {
    let today = d("2026-03-02");
    let log = [
        session(d("2026-03-01"), Slot::Morning, 5, 4, 3, &[("prone-lying", Some(Response::MovedUp))]),
        session(d("2026-03-01"), Slot::Evening, 5, 4, 3, &[("prone-lying", Some(Response::NoChange))]),
    ];
    let a = assess(&ctx(&log, Cause::DiscHerniation, 1, "2026-03-01", today));
    assert!(a.unlocked.contains("prone-on-elbows"), "{:?}", a.unlocked);
    assert!(!a.unlocked.contains("prone-press-up"));
    let one = &log[..1];
    assert!(assess(&ctx(one, Cause::DiscHerniation, 1, "2026-03-01", today)).unlocked.is_empty());
}

#[test]
fn moved_down_regresses_for_three_days_then_twice_removes() {
    let log = vec![session(
        d("2026-03-05"),
        Slot::Morning,
        5,
        3,
        3,
        &[("prone-press-up", Some(Response::MovedDown))],
    )];
    let a = assess(&ctx(&log, Cause::DiscHerniation, 1, "2026-03-01", d("2026-03-07")));
    assert!(a.regressed.contains("prone-press-up"));
    assert!(a.proposals.contains(&Proposal::RegressExercise {
        exercise: "prone-press-up".into(),
        until: d("2026-03-07"),
        reason: StopReason::MovedDown
    }));
    let a = assess(&ctx(&log, Cause::DiscHerniation, 1, "2026-03-01", d("2026-03-08")));
    assert!(a.regressed.is_empty(), "three days have passed");
    let mut log2 = log.clone();
    log2.push(session(
        d("2026-03-08"),
        Slot::Morning,
        5,
        3,
        3,
        &[("prone-press-up", Some(Response::MovedDown))],
    ));
    let a = assess(&ctx(&log2, Cause::DiscHerniation, 1, "2026-03-01", d("2026-03-08")));
    assert!(a.removed.contains("prone-press-up"));
    assert!(!a.regressed.contains("prone-press-up"));
}

#[test]
fn two_stop_events_in_a_week_propose_the_phase_before() {
    let mut log = steady_log("2026-03-01", 6, |_| 4, |_| 3);
    log[4].exercises[0].response = Some(Response::MovedDown);
    log[8].stopped = true;
    log[8].exercises[1].completed = false;
    let a = assess(&ctx(&log, Cause::DiscHerniation, 2, "2026-03-01", d("2026-03-06")));
    assert!(a.proposals.contains(&Proposal::RegressPhase { to: 1, stop_events: 2 }), "{:#?}", a.proposals);
    assert!(a.regressed.contains("walking-program"), "the unfinished exercise of a stopped session");
}

#[test]
fn r23_a_spreading_that_persists_a_day_later() {
    let log = [
        session(d("2026-03-05"), Slot::Morning, 5, 3, 5, &[]),
        session(d("2026-03-06"), Slot::Morning, 5, 4, 4, &[]),
    ];
    let a = assess(&ctx(&log, Cause::DiscHerniation, 1, "2026-03-01", d("2026-03-06")));
    assert_eq!(a.alerts, vec![Alert { rule: "R23".into(), parts: vec!['a'] }]);
    let settled = [log[0].clone(), session(d("2026-03-06"), Slot::Morning, 5, 3, 3, &[])];
    let a = assess(&ctx(&settled, Cause::DiscHerniation, 1, "2026-03-01", d("2026-03-06")));
    assert!(a.alerts.is_empty(), "{:?}", a.alerts);
}

#[test]
fn r23_b_two_spreading_sessions_in_a_row_after_the_regression() {
    let mut log = vec![
        session(d("2026-03-05"), Slot::Morning, 5, 3, 4, &[]),
        session(d("2026-03-05"), Slot::Evening, 5, 3, 4, &[]),
    ];
    let a = assess(&ctx(&log, Cause::DiscHerniation, 1, "2026-03-01", d("2026-03-05")));
    assert!(a.alerts.is_empty(), "without the regression in force it is not (b)");
    log[1].regression_applied = true;
    let a = assess(&ctx(&log, Cause::DiscHerniation, 1, "2026-03-01", d("2026-03-05")));
    assert_eq!(a.alerts, vec![Alert { rule: "R23".into(), parts: vec!['b'] }]);
}

#[test]
fn r23_c_the_morning_trend_rises() {
    let log = steady_log("2026-03-01", 10, |_| 4, |i| if i < 5 { 2 } else { 4 });
    let a = assess(&ctx(&log, Cause::DiscHerniation, 1, "2026-03-01", d("2026-03-10")));
    assert_eq!(a.trend, Some(Trend::Peripheralizing));
    assert!(a.alerts.iter().any(|x| x.rule == "R23" && x.parts.contains(&'c')));
}

#[test]
fn r25_not_improving_after_two_weeks_in_phase_one() {
    let log = steady_log("2026-03-01", 15, |_| 7, |_| 4);
    let a = assess(&ctx(&log, Cause::SpinalStenosis, 1, "2026-03-01", day("2026-03-01", 14)));
    assert!(a.alerts.iter().any(|x| x.rule == "R25" && x.parts == vec!['a']), "{:?}", a.alerts);
    let better = steady_log("2026-03-01", 15, |i| if i < 3 { 7 } else { 4 }, |_| 4);
    let a = assess(&ctx(&better, Cause::SpinalStenosis, 1, "2026-03-01", day("2026-03-01", 14)));
    assert!(!a.alerts.iter().any(|x| x.rule == "R25"), "7 → 4 is 3 points and 43%");
}

#[test]
fn r25_b_still_severe_at_six_weeks() {
    let log = steady_log("2026-01-01", 45, |i| if i < 3 { 9 } else { 7 }, |_| 3);
    let today = day("2026-01-01", 44);
    let mut c = ctx(&log, Cause::DiscHerniation, 2, "2026-01-01", today);
    c.phase_started = day("2026-01-01", 20);
    let a = assess(&c);
    assert!(a.alerts.iter().any(|x| x.rule == "R25" && x.parts == vec!['b']), "{:?}", a.alerts);
}

#[test]
fn r32_worsening_or_intolerable() {
    let log = steady_log("2026-03-01", 14, |i| if i < 7 { 3 } else { 6 }, |_| 3);
    let a = assess(&ctx(&log, Cause::DiscHerniation, 1, "2026-03-01", day("2026-03-01", 13)));
    assert!(a.alerts.iter().any(|x| x.rule == "R32" && x.parts == vec!['a']), "{:?}", a.alerts);

    let mut log = steady_log("2026-03-01", 3, |_| 5, |_| 3);
    log[2].cannot_cope = true;
    let a = assess(&ctx(&log, Cause::DiscHerniation, 1, "2026-03-01", d("2026-03-03")));
    assert!(a.alerts.iter().any(|x| x.rule == "R32" && x.parts == vec!['b']));

    let log = steady_log("2026-03-01", 3, |i| if i == 0 { 5 } else { 9 }, |_| 3);
    let a = assess(&ctx(&log, Cause::DiscHerniation, 1, "2026-03-01", d("2026-03-03")));
    assert!(a.alerts.iter().any(|x| x.rule == "R32" && x.parts == vec!['c']), "{:?}", a.alerts);
    let apart = [
        session(d("2026-03-01"), Slot::Morning, 9, 3, 3, &[]),
        session(d("2026-03-03"), Slot::Morning, 9, 3, 3, &[]),
    ];
    let a = assess(&ctx(&apart, Cause::DiscHerniation, 1, "2026-03-01", d("2026-03-03")));
    assert!(!a.alerts.iter().any(|x| x.rule == "R32"), "not on consecutive days");
}

#[test]
fn stenosis_progresses_on_walking_time_not_centralisation() {
    let mut log = steady_log("2026-03-01", 14, |i| if i < 3 { 6 } else { 3 }, |_| 3);
    for (i, s) in log.iter_mut().enumerate() {
        s.walking_minutes = Some(if i < 6 { 10 } else { 14 });
    }
    let a = assess(&ctx(&log, Cause::SpinalStenosis, 1, "2026-03-01", day("2026-03-01", 13)));
    assert!(a.checks.iter().any(|c| c.criterion == Criterion::WalkingTimeUp30 && c.met), "{:#?}", a.checks);
    assert!(!a.checks.iter().any(|c| c.criterion == Criterion::Centralized));
}
