use super::*;
use crate::history::{ExerciseDone, Session, SideLevels};
use crate::ids::{Action, Slot, Urgency};
use crate::pain::Pain;
use crate::plan::Planned;
use crate::record::queries::Today;
use crate::record::{History, Program};
use crate::symptoms::{Level, Response};
use jiff::Span;
use serde_json::json;
use std::collections::BTreeSet;

fn c() -> &'static Content {
    Content::embedded()
}

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

/// The person's own answers: no red flags, no cause confirmed, not cleared.
fn own_answers() -> Answers {
    Answers::from_json(&json!({
        "age": 42, "diagnosis": "undiagnosed", "cleared_to_exercise": false,
        "bladder": false, "bowel": false, "saddle": false, "sexual": false,
        "bilateral": "none", "weakness": "none", "fever": false, "unwell": false,
        "infection_risk": [], "cancer": false, "weight_loss": false, "night_pain": false,
        "thoracic": false, "back_pain_worsening": false, "trauma": "none", "bone_risk": [],
        "sudden_severe_central_pain": false, "abdominal": false, "inflammatory": false,
        "vascular": false, "first_episode": false, "pregnant": false,
        "recent_spinal_surgery": false, "new_numbness": false
    }))
    .unwrap()
}

fn screen_of(answers: &Answers, taken: &str) -> Screen {
    let o = triage::screen(c(), answers);
    Screen { id: "s1".into(), taken_at: at(taken), urgency: o.urgency, action: o.action, rules: o.rules }
}

fn program(cause: Cause, cleared: bool, phase: u8, start: &str) -> Program {
    Program {
        id: "p1".into(),
        cause,
        cleared,
        phase,
        started_on: d(start),
        phase_started_on: d(start),
        trials: BTreeSet::new(),
        edits: Edits::default(),
    }
}

/// A record as the store would fold it: a screen of the person's own answers and its programme.
fn screened(answers: &Answers, p: Program, sessions: Vec<Session>) -> Record {
    Record::rebuild(History {
        screen: Some(screen_of(answers, "2026-03-01T07:00:00Z")),
        program: Some(p),
        sessions,
        ..History::default()
    })
}

/// Applies what an action changes, as the store does in its transaction.
fn apply(r: &mut Record, t: &Treated, when: &str, reason: &str) {
    if let Some(next) = &t.program {
        let p = Program {
            id: format!("p-{when}"),
            cause: next.cause,
            cleared: next.cleared,
            phase: next.phase,
            started_on: next.started_on,
            phase_started_on: next.phase_started_on,
            trials: next.trials.clone(),
            edits: next.edits.clone(),
        };
        r.program_changed(p).unwrap();
    }
    if t.acknowledge {
        r.assessed(at(when));
    }
    if let Entry::Cause { screen: Some(s), .. } | Entry::Clearance { screen: Some(s), .. } = &t.entry {
        r.screen = Some(s.clone());
    }
    r.care.log(at(when), &t.entry, reason);
}

fn plan_ids(r: &Record, today: Date) -> Vec<String> {
    match r.today(c(), today, at("2026-03-20T12:00:00Z")).unwrap().0 {
        Today::Plan(p) => p.exercises.into_iter().map(|e| e.id).collect(),
        other => panic!("no plan: {other:?}"),
    }
}

fn planned(r: &Record, today: Date, id: &str) -> Planned {
    match r.today(c(), today, at("2026-03-20T12:00:00Z")).unwrap().0 {
        Today::Plan(p) => p.exercises.into_iter().find(|e| e.id == id).unwrap(),
        other => panic!("no plan: {other:?}"),
    }
}

#[test]
fn a_confirmed_cause_and_clearance_win_over_the_persons_own_answers() {
    let own = own_answers();
    let mut r = screened(&own, program(Cause::Undiagnosed, false, 1, "2026-03-01"), Vec::new());
    assert!(r.screen.as_ref().unwrap().rules.contains(&"R22".to_owned()), "not assessed yet");
    assert_eq!(r.protocol(), Some((Cause::Undiagnosed, 1)));
    let today = d("2026-03-03");

    let t =
        r.treat(c(), &Act::Cause(Cause::DiscHerniation), Some("MRI and exam"), Some(&own), today).unwrap();
    apply(&mut r, &t, "2026-03-03T09:00:00Z", "MRI and exam");
    assert_eq!(r.care.cause, Some(Cause::DiscHerniation));
    // Not cleared yet: the gentle programme, and the reason why stays (R22).
    assert_eq!(r.protocol(), Some((Cause::Undiagnosed, 1)));

    let t = r.treat(c(), &Act::Clearance(true), None, Some(&own), today).unwrap();
    let again = match &t.entry {
        Entry::Clearance { screen: Some(s), .. } => s.clone(),
        other => panic!("the screen is read again: {other:?}"),
    };
    assert!(!again.rules.contains(&"R22".to_owned()), "{:?}", again.rules);
    assert_eq!((again.id.as_str(), again.action), ("s1", Action::Continue));
    assert_eq!(
        t.program.as_ref().map(|p| (p.cause, p.cleared, p.phase)),
        Some((Cause::DiscHerniation, true, 1))
    );
    apply(&mut r, &t, "2026-03-03T09:05:00Z", "");
    assert_eq!(r.protocol(), Some((Cause::DiscHerniation, 1)));
    assert!(plan_ids(&r, today).contains(&"prone-lying".to_owned()));

    // The person answers the questions again as they did: the clinician's decisions still win.
    let effective = r.with_care(&own);
    assert_eq!(effective.cause_and_clearance(), Some((Cause::DiscHerniation, true)));
    assert!(!triage::screen(c(), &effective).rules.contains(&"R22".to_owned()));
    assert_eq!(r.program_after_screen(Cause::Undiagnosed, false, d("2026-03-04")), None, "no new programme");

    // Rebuilt from the log, the record reads the same.
    let logged = |when: &str, entry: Entry| Logged { at: at(when), entry, reason: String::new() };
    let rebuilt = Record::rebuild(History {
        screen: Some(screen_of(&own, "2026-03-01T07:00:00Z")),
        program: r.program.clone(),
        care: vec![
            logged("2026-03-03T09:00:00Z", Entry::Cause { cause: Cause::DiscHerniation, screen: None }),
            logged("2026-03-03T09:05:00Z", t.entry.clone()),
        ],
        ..History::default()
    });
    assert_eq!(rebuilt.screen, r.screen);
    assert_eq!((rebuilt.care.cause, rebuilt.care.cleared), (Some(Cause::DiscHerniation), Some(true)));
}

#[test]
fn clearance_withdrawn_by_a_clinician_wins_over_a_person_who_says_cleared() {
    let own = own_answers().with_care(Some(Cause::SpinalStenosis), Some(true));
    let mut r = screened(&own, program(Cause::SpinalStenosis, true, 1, "2026-03-01"), Vec::new());
    let t =
        r.treat(c(), &Act::Clearance(false), Some("wait for the scan"), Some(&own), d("2026-03-02")).unwrap();
    apply(&mut r, &t, "2026-03-02T10:00:00Z", "wait for the scan");
    assert_eq!(r.protocol(), Some((Cause::Undiagnosed, 1)));
    assert!(r.screen.as_ref().unwrap().rules.contains(&"R22".to_owned()));
    assert_eq!(r.with_care(&own).cause_and_clearance(), Some((Cause::SpinalStenosis, false)));
}

#[test]
fn a_contraindicated_exercise_is_refused_with_the_contents_reason() {
    let own = own_answers().with_care(Some(Cause::SpinalStenosis), Some(true));
    let r = screened(&own, program(Cause::SpinalStenosis, true, 1, "2026-03-01"), Vec::new());
    let add = Act::Edit(Edit::Add { exercise: "prone-press-up".into(), dose: Dose::default() });
    let e = r.treat(c(), &add, None, None, d("2026-03-02")).unwrap_err();
    assert_eq!(e.field, "exercise");
    let ex = c().exercise("prone-press-up").unwrap();
    assert!(e.problem.contains("avoid"), "{}", e.problem);
    assert!(e.problem.contains(&ex.contraindications[0]), "the content's words: {}", e.problem);
    assert!(e.problem.contains(&c().cause(Cause::SpinalStenosis).name), "{}", e.problem);
    let unknown = Act::Edit(Edit::Add { exercise: "handstand".into(), dose: Dose::default() });
    assert_eq!(r.treat(c(), &unknown, None, None, d("2026-03-02")).unwrap_err().field, "exercise");
}

#[test]
fn outside_the_protocol_is_accepted_with_a_warning_and_edits_reach_the_plan() {
    let own = own_answers().with_care(Some(Cause::DiscHerniation), Some(true));
    let mut r = screened(&own, program(Cause::DiscHerniation, true, 1, "2026-03-01"), Vec::new());
    let today = d("2026-03-02");
    let add = Act::Edit(Edit::Add {
        exercise: "clamshell".into(),
        dose: Dose { sets: Some(2), ..Dose::default() },
    });
    let t = r.treat(c(), &add, Some("hip weakness"), None, today).unwrap();
    assert!(t.warnings.iter().any(|w| w.contains("not in phase 1")), "{:?}", t.warnings);
    apply(&mut r, &t, "2026-03-02T09:00:00Z", "hip weakness");
    assert!(plan_ids(&r, today).contains(&"clamshell".to_owned()));
    assert_eq!(planned(&r, today, "clamshell").sets, 2);

    let dose = Act::Edit(Edit::Dose {
        exercise: "abdominal-bracing".into(),
        dose: Dose { reps: Some(6), ..Dose::default() },
    });
    let t = r.treat(c(), &dose, None, None, today).unwrap();
    apply(&mut r, &t, "2026-03-02T09:01:00Z", "");
    assert_eq!(planned(&r, today, "abdominal-bracing").reps, 6);

    let remove = Act::Edit(Edit::Remove { exercise: "walking-program".into() });
    let t = r.treat(c(), &remove, None, None, today).unwrap();
    apply(&mut r, &t, "2026-03-02T09:02:00Z", "");
    assert!(!plan_ids(&r, today).contains(&"walking-program".to_owned()));
    let again = r.treat(c(), &remove, None, None, today).unwrap_err();
    assert_eq!(again.field, "exercise");
    assert!(again.problem.contains("not in the programme"), "{}", again.problem);

    let too_much = Act::Edit(Edit::Dose {
        exercise: "abdominal-bracing".into(),
        dose: Dose { sets: Some(9), ..Dose::default() },
    });
    assert_eq!(r.treat(c(), &too_much, None, None, today).unwrap_err().field, "sets");

    // The gentle programme a screen falls back to does not follow the clinician's changes.
    let s = r.screen.as_mut().unwrap();
    (s.action, s.rules) = (Action::GeneralGentle, vec!["R22".into()]);
    assert!(!plan_ids(&r, today).contains(&"clamshell".to_owned()));
}

fn session(date: Date, slot: Slot, pain: u8, level: u8, moved_down: bool) -> Session {
    let hour = if slot == Slot::Morning { 8 } else { 19 };
    let t = |m| date.at(hour, m, 0, 0).to_zoned_datetime(jiff::tz::TimeZone::UTC).unwrap().timestamp();
    let lv = Some(Level::new(i64::from(level)).unwrap());
    let response = if moved_down { Response::MovedDown } else { Response::MovedUp };
    Session {
        id: format!("{date}-{slot}"),
        started_at: t(0),
        ended_at: t(20),
        date,
        slot,
        leg_pain_before: Some(Pain::new(i64::from(pain)).unwrap()),
        leg_pain_after: Some(Pain::new(i64::from(pain)).unwrap()),
        back_pain_before: Some(Pain::ZERO),
        back_pain_after: Some(Pain::ZERO),
        left: SideLevels { pre: lv, post: lv, late: None },
        right: SideLevels {
            pre: Some(Level::new(0).unwrap()),
            post: Some(Level::new(0).unwrap()),
            late: None,
        },
        exercises: vec![
            ExerciseDone {
                id: "prone-lying".into(),
                completed: true,
                response: Some(response),
                ..ExerciseDone::default()
            },
            ExerciseDone {
                id: "walking-program".into(),
                completed: true,
                response: Some(Response::NoChange),
                ..ExerciseDone::default()
            },
        ],
        walking_minutes: None,
        sitting_minutes: None,
        cannot_cope: false,
        stopped: false,
        regression_applied: false,
        program_id: None,
        notes: None,
    }
}

/// A good fortnight in phase 1: every criterion of the phase holds.
fn good_fortnight() -> Vec<Session> {
    (0..14)
        .flat_map(|i| {
            let date = d("2026-03-01").saturating_add(Span::new().days(i));
            let (pain, level) = if i < 3 { (7, 4) } else { (3, 2) };
            [
                session(date, Slot::Morning, pain, level, false),
                session(date, Slot::Evening, pain, level, false),
            ]
        })
        .collect()
}

#[test]
fn a_decided_proposal_is_no_longer_waiting() {
    let own = own_answers().with_care(Some(Cause::DiscHerniation), Some(true));
    let today = d("2026-03-14");
    let mut r = screened(&own, program(Cause::DiscHerniation, true, 1, "2026-03-01"), good_fortnight());
    let waiting = r.proposals_waiting(c(), today);
    assert_eq!(waiting.iter().map(|w| w.id.as_str()).collect::<Vec<_>>(), ["progress-phase-2"]);

    let reject = decide("progress-phase-2", Verdict::Reject);
    assert_eq!(r.treat(c(), &reject, None, None, today).unwrap_err().field, "reason", "a rejection says why");
    let t = r.treat(c(), &reject, Some("one more week"), None, today).unwrap();
    assert!(t.program.is_none(), "nothing changes");
    apply(&mut r, &t, "2026-03-14T10:00:00Z", "one more week");
    assert!(r.proposals_waiting(c(), today).is_empty(), "decided: no longer waiting");
    let d = r.latest_decision().unwrap();
    assert_eq!((d.verdict, d.phase, d.reason.as_str()), (Verdict::Reject, 1, "one more week"));
    let e = r.treat(c(), &decide("progress-phase-2", Verdict::Accept), None, None, today).unwrap_err();
    assert_eq!(e.field, "proposal");
    assert!(e.problem.contains("decided already"), "{}", e.problem);
}

#[test]
fn accepting_a_progression_moves_the_phase() {
    let own = own_answers().with_care(Some(Cause::DiscHerniation), Some(true));
    let today = d("2026-03-14");
    let mut r = screened(&own, program(Cause::DiscHerniation, true, 1, "2026-03-01"), good_fortnight());
    let t = r.treat(c(), &decide("progress-phase-2", Verdict::Accept), None, None, today).unwrap();
    assert_eq!(t.program.as_ref().map(|p| (p.phase, p.phase_started_on)), Some((2, today)));
    apply(&mut r, &t, "2026-03-14T10:00:00Z", "");
    assert_eq!(r.protocol(), Some((Cause::DiscHerniation, 2)));
    assert!(r.proposals_waiting(c(), today).is_empty());
    assert_eq!(r.latest_decision().map(|d| (d.verdict, d.phase)), Some((Verdict::Accept, 2)));
    let edit = Act::Decide {
        proposal: "progress-phase-3".into(),
        verdict: Verdict::Edit,
        phase: Some(3),
        dose: Dose::default(),
    };
    assert_eq!(r.treat(c(), &edit, Some("x"), None, today).unwrap_err().field, "proposal");
}

#[test]
fn an_exercise_taken_out_by_the_log_waits_and_a_clinician_can_keep_it() {
    let own = own_answers().with_care(Some(Cause::DiscHerniation), Some(true));
    let today = d("2026-03-03");
    let sessions = vec![
        session(d("2026-03-02"), Slot::Morning, 6, 3, true),
        session(d("2026-03-03"), Slot::Morning, 6, 3, true),
    ];
    let mut r = screened(&own, program(Cause::DiscHerniation, true, 1, "2026-03-01"), sessions);
    let ids: Vec<String> = r.proposals_waiting(c(), today).into_iter().map(|w| w.id).collect();
    assert!(ids.contains(&"remove-prone-lying".to_owned()), "{ids:?}");
    assert!(!plan_ids(&r, today).contains(&"prone-lying".to_owned()));
    let keep = Act::Decide {
        proposal: "remove-prone-lying".into(),
        verdict: Verdict::Edit,
        phase: None,
        dose: Dose { reps: Some(3), ..Dose::default() },
    };
    let t = r.treat(c(), &keep, Some("form was wrong; retaught"), None, today).unwrap();
    assert!(!t.warnings.is_empty());
    apply(&mut r, &t, "2026-03-03T12:00:00Z", "form was wrong; retaught");
    assert!(!r.proposals_waiting(c(), today).iter().any(|w| w.id == "remove-prone-lying"));
    assert!(plan_ids(&r, today).contains(&"prone-lying".to_owned()), "kept by the clinician");
}

#[test]
fn a_clinicians_acknowledgement_lifts_an_urgent_screen_without_asking_again() {
    let urgent = own_answers().with_care(Some(Cause::DiscHerniation), Some(true));
    let mut r = screened(&urgent, program(Cause::DiscHerniation, true, 1, "2026-03-01"), Vec::new());
    let s = r.screen.as_mut().unwrap();
    (s.urgency, s.action, s.rules) = (Urgency::SameDay, Action::NoneHold, vec!["R05".into()]);
    r.urgent = r.screen.clone();
    let today = d("2026-03-02");
    assert!(matches!(r.today(c(), today, at("2026-03-02T08:00:00Z")).unwrap().0, Today::Blocked(_)));
    assert_eq!(r.treat(c(), &Act::Acknowledge, None, None, today).unwrap_err().field, "note");
    let t = r.treat(c(), &Act::Acknowledge, Some("seen in clinic, stable"), None, today).unwrap();
    assert!(t.acknowledge);
    apply(&mut r, &t, "2026-03-02T09:00:00Z", "seen in clinic, stable");
    assert!(!r.screen_again());
    assert!(matches!(r.today(c(), today, at("2026-03-02T10:00:00Z")).unwrap().0, Today::Plan(_)));
}

#[test]
fn notes_are_required_short_and_the_latest_is_kept() {
    let r = Record::default();
    let today = d("2026-03-02");
    assert_eq!(r.treat(c(), &Act::Note, Some("  "), None, today).unwrap_err().field, "note");
    let long = "a".repeat(NOTE_MAX + 1);
    assert_eq!(r.treat(c(), &Act::Note, Some(&long), None, today).unwrap_err().field, "note");
    let mut care = Care::default();
    care.log(at("2026-03-02T09:00:00Z"), &Entry::Note, "first");
    care.log(at("2026-03-03T09:00:00Z"), &Entry::Note, "keep walking");
    assert_eq!(care.note.map(|n| n.text), Some("keep walking".to_owned()));
}

fn decide(proposal: &str, verdict: Verdict) -> Act {
    Act::Decide { proposal: proposal.into(), verdict, phase: None, dose: Dose::default() }
}
