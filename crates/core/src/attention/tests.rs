use super::*;
use crate::history::{ExerciseDone, Session, SideLevels};
use crate::ids::{Action, Cause, Slot};
use crate::pain::Pain;
use crate::progression::{Alert as Holding, StopReason};
use crate::record::{Alert, Program, Screen};
use crate::symptoms::{Level, Response};
use jiff::{SignedDuration, Span};
use std::collections::BTreeSet;

fn today() -> Date {
    Date::constant(2026, 3, 20)
}

fn noon(d: Date) -> Timestamp {
    d.at(12, 0, 0, 0).to_zoned_datetime(jiff::tz::TimeZone::UTC).unwrap().timestamp()
}

fn day(n: i64) -> Date {
    today().saturating_sub(Span::new().days(n))
}

fn session(days_ago: i64, pre: i64, post: i64, response: Response) -> Session {
    let date = day(days_ago);
    Session {
        id: format!("s{days_ago}"),
        started_at: noon(date),
        ended_at: noon(date) + SignedDuration::from_mins(20),
        date,
        slot: Slot::Morning,
        leg_pain_before: Some(Pain::new(5).unwrap()),
        leg_pain_after: Some(Pain::new(4).unwrap()),
        back_pain_before: None,
        back_pain_after: None,
        left: SideLevels { pre: Level::new(pre).ok(), post: Level::new(post).ok(), late: None },
        right: SideLevels { pre: Some(Level::NONE), post: Some(Level::NONE), late: None },
        exercises: vec![ExerciseDone {
            id: "prone-lying".into(),
            completed: true,
            response: Some(response),
            ..ExerciseDone::default()
        }],
        walking_minutes: None,
        sitting_minutes: None,
        cannot_cope: false,
        stopped: false,
        regression_applied: false,
        program_id: None,
        notes: None,
    }
}

/// A record with a programme begun 30 days ago and these sessions.
fn record(sessions: Vec<Session>) -> Record {
    let mut r = Record::default();
    r.screened(Screen {
        id: "sc".into(),
        taken_at: noon(day(30)),
        urgency: Urgency::SelfManage,
        action: Action::Continue,
        rules: vec!["R28".into()],
    })
    .unwrap();
    r.program_changed(Program {
        id: "p".into(),
        cause: Cause::DiscHerniation,
        cleared: true,
        phase: 1,
        started_on: day(30),
        phase_started_on: day(30),
        trials: BTreeSet::new(),
        edits: crate::care::Edits::default(),
    })
    .unwrap();
    let mut n = 0;
    for s in sessions {
        r.session_logged(Content::embedded(), s, &mut || {
            n += 1;
            format!("a{n}")
        })
        .unwrap();
    }
    r.alerts.clear();
    r
}

fn alert(rule: &str) -> Alert {
    Alert { id: format!("al-{rule}"), rule: rule.into(), parts: String::new(), raised_at: noon(day(1)) }
}

fn flags_of(r: &Record, assessment: Option<&Assessment>) -> Flags {
    flags(
        Content::embedded(),
        &Inputs {
            record: r,
            assessment,
            today: today(),
            now: noon(today()),
            joined: day(40),
            inactive_days: 3,
        },
    )
}

fn calm() -> Vec<Session> {
    (0..5).map(|d| session(d, 3, 2, Response::MovedUp)).collect()
}

fn empty_assessment() -> Assessment {
    Assessment {
        checks: Vec::new(),
        proposals: Vec::new(),
        alerts: Vec::new(),
        unlocked: BTreeSet::new(),
        regressed: BTreeSet::new(),
        removed: BTreeSet::new(),
        trend: None,
    }
}

#[test]
fn a_patient_logging_calmly_is_on_track() {
    let r = record(calm());
    assert_eq!(flags_of(&r, None).0, vec![Attention::OnTrack]);
}

#[test]
fn each_state_is_recognised() {
    let mut urgent = record(calm());
    urgent.urgent = Some(Screen {
        id: "u".into(),
        taken_at: noon(day(1)),
        urgency: Urgency::EmergencyNow,
        action: Action::NoneHold,
        rules: vec!["R01".into()],
    });
    assert_eq!(flags_of(&urgent, None).first(), Attention::Urgent);

    // A harm alert of an emergency rule is urgent and a harm report.
    let mut harm = record(calm());
    harm.alerts.push(alert("H01"));
    assert_eq!(flags_of(&harm, None).0, vec![Attention::Urgent, Attention::Harm]);
    let mut mild = record(calm());
    mild.alerts.push(alert("H09"));
    assert_eq!(flags_of(&mild, None).0, vec![Attention::Harm]);

    let mut spread = calm();
    spread.push(session(1, 2, 4, Response::MovedDown));
    assert_eq!(flags_of(&record(spread), None).0, vec![Attention::Spreading]);

    let mut worse = record(calm());
    worse.alerts.push(alert("R32"));
    assert_eq!(flags_of(&worse, None).0, vec![Attention::Worsening]);
    let mut holding = empty_assessment();
    holding.alerts.push(Holding { rule: "R32".into(), parts: vec!['a'] });
    assert_eq!(flags_of(&record(calm()), Some(&holding)).0, vec![Attention::Worsening]);

    let mut other = record(calm());
    other.alerts.push(alert("R26"));
    assert_eq!(flags_of(&other, None).0, vec![Attention::Alert]);

    let idle: Vec<_> = (3..8).map(|d| session(d, 3, 2, Response::MovedUp)).collect();
    assert_eq!(flags_of(&record(idle), None).0, vec![Attention::NotLogging]);
    let recent: Vec<_> = (2..8).map(|d| session(d, 3, 2, Response::MovedUp)).collect();
    assert_eq!(flags_of(&record(recent), None).0, vec![Attention::OnTrack], "two days is not yet three");

    let mut waiting = empty_assessment();
    waiting.proposals.push(Proposal::ProgressPhase { to: 2, checks: Vec::new() });
    assert_eq!(flags_of(&record(calm()), Some(&waiting)).0, vec![Attention::Proposals]);
}

#[test]
fn a_patient_who_never_logged_counts_from_the_programme_or_joining() {
    let mut r = Record::default();
    assert_eq!(flags_of(&r, None).0, vec![Attention::NotLogging], "joined 40 days ago, nothing since");
    let fresh = flags(
        Content::embedded(),
        &Inputs {
            record: &r,
            assessment: None,
            today: today(),
            now: noon(today()),
            joined: day(1),
            inactive_days: 3,
        },
    );
    assert_eq!(fresh.0, vec![Attention::OnTrack]);
    r = record(Vec::new());
    assert!(flags_of(&r, None).has(Attention::NotLogging), "a programme begun 30 days ago");
}

#[test]
fn an_assessment_quiets_what_came_before_it() {
    let mut spread = calm();
    spread.push(session(2, 2, 4, Response::MovedDown));
    let mut r = record(spread);
    assert!(flags_of(&r, None).has(Attention::Spreading));
    r.assessed(noon(day(1)));
    assert!(!flags_of(&r, None).has(Attention::Spreading), "the spreading session was before the assessment");
    // A rule resolved by the assessment stays quiet while it still holds.
    r.resolved.insert("R32".into(), noon(day(1)));
    let mut holding = empty_assessment();
    holding.alerts.push(Holding { rule: "R32".into(), parts: vec!['a'] });
    assert!(!flags_of(&r, Some(&holding)).has(Attention::Worsening));
}

#[test]
fn only_proposals_that_need_a_decision_are_waiting() {
    let mut a = empty_assessment();
    a.proposals = vec![
        Proposal::Unlock { exercise: "prone-press-up".into(), after: "prone-on-elbows".into() },
        Proposal::RegressExercise {
            exercise: "prone-lying".into(),
            until: today(),
            reason: StopReason::MovedDown,
        },
    ];
    let r = record(calm());
    assert!(proposals_waiting(&r, Some(&a)).is_empty());
    a.proposals.push(Proposal::RemoveExercise { exercise: "prone-lying".into() });
    a.proposals.push(Proposal::RegressPhase { to: 1, stop_events: 2 });
    assert_eq!(proposals_waiting(&r, Some(&a)).len(), 2);
    assert!(proposals_waiting(&r, None).is_empty());
}

#[test]
fn the_panel_puts_the_most_pressing_first_then_more_reasons_then_names() {
    use Attention::*;
    let mut rows = vec![
        (Flags(vec![OnTrack]), "Ann"),
        (Flags(vec![NotLogging]), "Bea"),
        (Flags(vec![Proposals]), "Cal"),
        (Flags(vec![Spreading]), "Dee"),
        (Flags(vec![Urgent]), "eve"),
        (Flags(vec![Harm, NotLogging]), "Fay"),
        (Flags(vec![Harm]), "Gus"),
        (Flags(vec![Worsening]), "Hal"),
        (Flags(vec![Urgent]), "Ada"),
        (Flags(vec![Alert]), "Ike"),
    ];
    sort_panel(&mut rows, |(f, n)| (f, n));
    let names: Vec<&str> = rows.iter().map(|(_, n)| *n).collect();
    assert_eq!(names, ["Ada", "eve", "Dee", "Fay", "Gus", "Hal", "Ike", "Bea", "Cal", "Ann"]);
}

#[test]
fn the_states_have_stable_spellings_in_order() {
    let spelled: Vec<&str> = Attention::ALL.iter().map(|a| a.as_str()).collect();
    assert_eq!(
        spelled,
        ["urgent", "spreading", "harm", "worsening", "alert", "not_logging", "proposals", "on_track"]
    );
    assert_eq!("harm".parse::<Attention>().unwrap(), Attention::Harm);
    assert!("calm".parse::<Attention>().unwrap_err().to_string().contains("not_logging"));
    let mut sorted = Attention::ALL.to_vec();
    sorted.sort();
    assert_eq!(sorted, Attention::ALL);
}
