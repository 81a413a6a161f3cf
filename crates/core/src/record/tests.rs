use super::*;
use crate::history::{ExerciseDone, SideLevels};
use crate::ids::Slot;
use crate::pain::Pain;
use crate::symptoms::{Level, Response};
use jiff::SignedDuration;
use proptest::prelude::*;

fn start() -> Date {
    Date::constant(2026, 3, 1)
}

fn program(phase: u8, phase_started_on: Date) -> Program {
    Program {
        id: "p1".into(),
        cause: Cause::DiscHerniation,
        cleared: true,
        phase,
        started_on: start(),
        phase_started_on,
        trials: BTreeSet::new(),
        edits: crate::care::Edits::default(),
    }
}

fn screen(urgency: Urgency, action: Action, rules: &[&str], at: Timestamp) -> Screen {
    Screen {
        id: format!("s{}", at.as_second()),
        taken_at: at,
        urgency,
        action,
        rules: rules.iter().map(|r| (*r).to_owned()).collect(),
    }
}

/// One generated session: day offset, slot, leg pain before/after, left levels before/after,
/// exercises with their responses, stopped, coping, walking minutes.
type Gen = (
    i64,
    u8,
    (Option<u8>, Option<u8>),
    (Option<u8>, Option<u8>),
    Vec<(usize, u8, bool)>,
    bool,
    bool,
    Option<u32>,
);

const IDS: [&str; 4] = ["prone-lying", "prone-on-elbows", "prone-press-up", "walking-program"];

fn session(g: &Gen) -> Session {
    let (day, slot, pain, levels, exercises, stopped, cannot_cope, walking) = g;
    let date = start().saturating_add(jiff::Span::new().days(*day));
    let (slot, hour) = match slot % 3 {
        0 => (Slot::Morning, 8),
        1 => (Slot::Extra, 13),
        _ => (Slot::Evening, 19),
    };
    let at =
        |h: i8, m: i8| date.at(h, m, 0, 0).to_zoned_datetime(jiff::tz::TimeZone::UTC).unwrap().timestamp();
    let p = |v: Option<u8>| v.map(|v| Pain::new(i64::from(v % 11)).unwrap());
    let l = |v: Option<u8>| v.map(|v| Level::new(i64::from(v % 7)).unwrap());
    Session {
        id: format!("{date}-{hour}"),
        started_at: at(hour, 0),
        ended_at: at(hour, 25),
        date,
        slot,
        leg_pain_before: p(pain.0),
        leg_pain_after: p(pain.1),
        back_pain_before: None,
        back_pain_after: None,
        left: SideLevels { pre: l(levels.0), post: l(levels.1), late: None },
        right: SideLevels { pre: l(Some(0)), post: l(Some(0)), late: None },
        exercises: exercises
            .iter()
            .map(|(i, r, completed)| ExerciseDone {
                id: IDS[i % IDS.len()].to_owned(),
                completed: *completed,
                response: [
                    None,
                    Some(Response::MovedUp),
                    Some(Response::NoChange),
                    Some(Response::MovedDown),
                ][usize::from(r % 4)],
                ..ExerciseDone::default()
            })
            .collect(),
        walking_minutes: *walking,
        sitting_minutes: None,
        cannot_cope: *cannot_cope,
        stopped: *stopped,
        regression_applied: false,
        program_id: None,
        notes: None,
    }
}

fn gen_session() -> impl Strategy<Value = Gen> {
    (
        0i64..3,
        0u8..3,
        (proptest::option::of(0u8..11), proptest::option::of(0u8..11)),
        (proptest::option::weighted(0.9, 0u8..7), proptest::option::weighted(0.9, 0u8..7)),
        proptest::collection::vec((0usize..4, 0u8..4, proptest::bool::weighted(0.85)), 0..4),
        proptest::bool::weighted(0.1),
        proptest::bool::weighted(0.05),
        proptest::option::weighted(0.3, 0u32..60),
    )
}

/// Sessions in the order they started: each generated day offset is added to the previous day.
fn history(gens: &[Gen]) -> Vec<Session> {
    let mut day = 0;
    let mut out: Vec<Session> = Vec::new();
    for g in gens {
        day += g.0;
        let mut g = g.clone();
        g.0 = day;
        let s = session(&g);
        if out.last().is_some_and(|last| last.started_at >= s.started_at) {
            continue;
        }
        out.push(s);
    }
    out
}

/// The record written and read back as the store does: its log's sessions come back from the
/// sessions stored so far, as the store holds them.
fn round_trip(r: &Record, stored: &[Session]) -> Record {
    let mut back: Record = serde_json::from_str(&serde_json::to_string(r).unwrap()).unwrap();
    back.refill(as_stored(stored));
    back
}

/// The sessions as the store keeps them after they arrived in `arrival` order: each fills the
/// later check of the session that started last before it (when that one ended within the late
/// window and has none yet), then all in the order they started.
fn as_stored(arrival: &[Session]) -> Vec<Session> {
    let mut stored: Vec<Session> = Vec::new();
    for s in arrival {
        if s.left.pre.is_some() || s.right.pre.is_some() {
            let reach = s.started_at - crate::history::LATE_WINDOW;
            if let Some(p) = stored
                .iter_mut()
                .filter(|p| p.started_at < s.started_at && p.ended_at >= reach)
                .max_by_key(|p| (p.started_at, p.id.clone()))
            {
                p.left.late = p.left.late.or(s.left.pre);
                p.right.late = p.right.late.or(s.right.pre);
            }
        }
        stored.push(s.clone());
    }
    stored.sort_by(|a, b| (a.started_at, &a.id).cmp(&(b.started_at, &b.id)));
    stored
}

/// `sessions` in the order they arrive: each flagged one swaps with the one after it (a request
/// that reached the store late).
fn arrival(sessions: &[Session], late: &[bool]) -> Vec<Session> {
    let mut out = sessions.to_vec();
    let mut i = 0;
    while i + 1 < out.len() {
        if late.get(i).copied().unwrap_or(false) {
            out.swap(i, i + 1);
            i += 2;
        } else {
            i += 1;
        }
    }
    out
}

fn assess(c: &Content, log: &Log, today: Date) -> progression::Assessment {
    let (phase, program) = (log.phase(), log.program());
    progression::assess(&Context::of(c, Cause::DiscHerniation, 1, today, log, &phase, &program))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// Kept incrementally (stored and read back between events, some sessions arriving late, a
    /// phase change part-way) or folded from scratch from what the store holds, the record is the
    /// same, and so is every assessment made from it.
    #[test]
    fn incremental_equals_from_scratch(
        gens in proptest::collection::vec(gen_session(), 1..90),
        late in proptest::collection::vec(proptest::bool::weighted(0.15), 90),
        cut in 0usize..90,
    ) {
        let c = Content::embedded();
        let sessions = history(&gens);
        let cut = cut.min(sessions.len());
        let phase_start = sessions.get(cut).map_or(start(), |s| s.date);
        let mut kept = Record::default();
        kept.screened(screen(Urgency::SelfManage, Action::Continue, &["R28"], Timestamp::UNIX_EPOCH)).unwrap();
        kept.program_changed(program(1, start())).unwrap();
        // The phase changes on the day of session `cut`, before any session of that day arrives.
        let (before, after): (Vec<_>, Vec<_>) = sessions.iter().cloned().partition(|s| s.date < phase_start || cut == 0);
        let arrived: Vec<Session> = arrival(&before, &late).into_iter().chain(arrival(&after, &late[45..])).collect();
        for (i, s) in arrived.iter().enumerate() {
            if i == before.len() && cut > 0 {
                kept.program_changed(program(2, phase_start)).unwrap();
            }
            kept = round_trip(&kept, &arrived[..i]);
            kept.session_logged(c, s.clone(), &mut || "a".to_owned()).unwrap();
        }
        let final_program = if cut > 0 && !after.is_empty() { program(2, phase_start) } else { program(1, start()) };
        let scratch = Record::rebuild(History {
            screen: kept.screen.clone(),
            urgent: None,
            program: Some(final_program),
            sessions: as_stored(&arrived),
            alerts: kept.alerts.clone(),
            resolved: BTreeMap::new(),
            assessed_at: None,
            care: Vec::new(),
        });
        prop_assert_eq!(&kept.log, &scratch.log);
        let last = sessions.last().map_or(start(), |s| s.date);
        for ahead in [0, 1, 6] {
            let today = last.saturating_add(jiff::Span::new().days(ahead));
            prop_assert_eq!(kept.assessment(c, today), scratch.assessment(c, today));
        }
    }

    /// The bounded log answers every rule as the whole log does.
    #[test]
    fn the_window_loses_nothing_the_rules_read(gens in proptest::collection::vec(gen_session(), 1..90)) {
        let c = Content::embedded();
        let sessions = as_stored(&history(&gens));
        let bounded = Log::of(start(), start(), sessions.clone());
        let whole = Log::whole(start(), start(), sessions.clone());
        prop_assert!(bounded.recent.len() <= whole.recent.len());
        let last = sessions.last().map_or(start(), |s| s.date);
        for ahead in [0, 2, 7] {
            let today = last.saturating_add(jiff::Span::new().days(ahead));
            prop_assert_eq!(assess(c, &bounded, today), assess(c, &whole, today));
        }
        // The summaries equal the daily values of the whole log.
        let daily = crate::history::Daily::of(&whole.recent);
        let program = bounded.program();
        let worst: Vec<u8> = daily.worst_leg.values().map(|p| p.get()).collect();
        prop_assert_eq!(program.worst_leg.first_values(), worst.iter().take(3).copied().collect::<Vec<_>>());
        prop_assert_eq!(program.worst_leg.last_values(), worst[worst.len().saturating_sub(3)..].to_vec());
        prop_assert_eq!(program.worst_leg.days as usize, worst.len());
        let mornings: Vec<u8> = daily.morning_level.values().map(|l| l.get()).collect();
        prop_assert_eq!(program.morning_level.first_values(), mornings.iter().take(3).copied().collect::<Vec<_>>());
        prop_assert_eq!(program.morning_level.days as usize, mornings.len());
    }
}

#[test]
fn an_urgent_screen_stays_until_assessed_and_alerts_keep_quiet_after() {
    let t = |s: &str| s.parse::<Timestamp>().unwrap();
    let mut r = Record::default();
    r.screened(screen(Urgency::EmergencyNow, Action::NoneHold, &["R01"], t("2026-03-01T08:00:00Z"))).unwrap();
    r.screened(screen(Urgency::SelfManage, Action::Continue, &["R28"], t("2026-03-02T08:00:00Z"))).unwrap();
    assert_eq!(
        r.screened(screen(Urgency::SelfManage, Action::Continue, &["R28"], t("2026-02-20T08:00:00Z"))),
        Err(NeedsHistory::OutOfOrder),
        "an older screen needs the history"
    );
    assert_eq!(
        r.urgent.as_ref().map(|u| u.rules.clone()),
        Some(vec!["R01".to_owned()]),
        "a milder screen does not lift it"
    );
    assert!(r.measure_rule("R26", t("2026-03-02T09:00:00Z"), "a".into()).is_some());
    assert!(
        r.measure_rule("R26", t("2026-03-02T10:00:00Z"), "a".into()).is_none(),
        "one open alert per rule"
    );
    assert!(!r.screen_again(), "the latest screen is calm");
    r.assessed(t("2026-03-03T08:00:00Z"));
    assert!(r.urgent.is_none() && r.alerts.is_empty());
    assert!(r.measure_rule("R26", t("2026-03-09T08:00:00Z"), "a".into()).is_none(), "quiet for 7 days");
    assert!(r.measure_rule("R26", t("2026-03-10T08:00:01Z"), "a".into()).is_some());
}

#[test]
fn an_old_session_or_an_old_programme_start_asks_for_the_history() {
    let c = Content::embedded();
    let gens: Vec<Gen> = (0..30)
        .map(|_| (1, 0, (Some(5), Some(4)), (Some(3), Some(2)), vec![(0, 1, true)], false, false, None))
        .collect();
    let sessions = history(&gens);
    let mut r = Record::default();
    r.program_changed(program(1, start())).unwrap();
    for s in &sessions {
        r.session_logged(c, s.clone(), &mut String::new).unwrap();
    }
    assert_eq!(r.session_logged(c, sessions[3].clone(), &mut String::new), Err(NeedsHistory::OutOfOrder));
    let late_but_kept = sessions[sessions.len() - 2].clone();
    let mut fresh = Record::default();
    fresh.program_changed(program(1, start())).unwrap();
    for s in sessions.iter().filter(|s| s.id != late_but_kept.id) {
        fresh.session_logged(c, s.clone(), &mut String::new).unwrap();
    }
    assert!(
        fresh.session_logged(c, late_but_kept, &mut String::new).is_ok(),
        "a late session in the window takes its place"
    );
    assert_eq!(
        r.program_changed(program(2, start().saturating_add(jiff::Span::new().days(2)))),
        Err(NeedsHistory::BeforeWindow)
    );
    assert!(r.log.as_ref().unwrap().recent.len() < sessions.len(), "the window is bounded");
}

#[test]
fn after_an_urgent_screen_is_assessed_the_next_step_is_a_new_screen() {
    let t = |s: &str| s.parse::<Timestamp>().unwrap();
    let c = Content::embedded();
    let mut r = Record::default();
    r.screened(screen(Urgency::EmergencyNow, Action::NoneHold, &["R01"], t("2026-03-01T08:00:00Z"))).unwrap();
    r.program_changed(program(1, start())).unwrap();
    let now = t("2026-03-02T09:00:00Z");
    assert!(matches!(r.today(c, start(), now).unwrap().0, queries::Today::Blocked(_)));
    r.assessed(t("2026-03-02T08:00:00Z"));
    assert!(r.screen_again());
    assert_eq!(
        r.today(c, start(), now).unwrap().0,
        queries::Today::NotScreened,
        "screen again, no programme yet"
    );
    assert_eq!(r.status(c, start(), now).urgency, Urgency::SelfManage, "the urgent result is lifted");
    r.screened(screen(Urgency::SelfManage, Action::Continue, &["R28"], t("2026-03-02T08:05:00Z"))).unwrap();
    assert!(matches!(r.today(c, start(), now).unwrap().0, queries::Today::Plan(_)));
}

#[test]
fn a_session_stopped_before_any_exercise_is_not_a_session_done() {
    let c = Content::embedded();
    let schedule = crate::schedule::Schedule::new(
        jiff::tz::TimeZone::UTC,
        jiff::civil::Time::constant(7, 30, 0, 0),
        jiff::civil::Time::constant(19, 0, 0, 0),
    )
    .unwrap();
    let mut r = Record::default();
    r.program_changed(program(1, start())).unwrap();
    // A morning session stopped at its first exercise, nothing finished.
    let mut stopped =
        session(&(0, 0, (Some(5), Some(6)), (Some(3), Some(4)), vec![(0, 0, false)], true, false, None));
    stopped.exercises[0].completed = false;
    r.session_logged(c, stopped.clone(), &mut String::new).unwrap();
    assert!(r.done_by_day().is_empty(), "not counted toward the day or the streak");
    let later = stopped.ended_at + SignedDuration::from_mins(30);
    assert_eq!(r.slot_for(&schedule, later), (start(), Slot::Morning), "the morning slot is still open");
    // A finished one is.
    let done =
        session(&(0, 0, (Some(5), Some(4)), (Some(3), Some(2)), vec![(0, 1, true)], false, false, None));
    let mut done = Session { id: "done".into(), ..done };
    done.started_at = later;
    done.ended_at = later + SignedDuration::from_mins(20);
    r.session_logged(c, done, &mut String::new).unwrap();
    assert_eq!(r.done_by_day().get(&start()).map(|d| d.morning), Some(true));
    assert_eq!(r.slot_for(&schedule, later + SignedDuration::from_hours(1)).1, Slot::Extra);
}
