//! The demo clinician's caseload: a few made-up patients besides Alex, one in each state the
//! clinician's panel sorts by (an urgent result not yet acknowledged, symptoms spreading down
//! the leg, a harm report, worsening leg pain, not logging, a proposal waiting, doing well), so
//! the panel shows what it is for.

use crate::commands::screen;
use anyhow::Result;
use jiff::civil::{Date, Time};
use jiff::{SignedDuration, Span, Timestamp};
use sciatica_core::harm::Report;
use sciatica_core::history::SideLevels;
use sciatica_core::plan::{self, Request};
use sciatica_core::triage::{self, answers::Answers};
use sciatica_core::{Cause, Content, Level, Pain, Response, Slot};
use sciatica_store::Store;
use sciatica_store::patients::{Patient, Profile};
use sciatica_store::programs::{NewProgram, SetBy};
use sciatica_store::sessions::{ExerciseDone, Finish, new_session};

/// One made-up session: days ago, slot, leg pain before and after, the left leg's level before
/// and after, the answer after every exercise, and whether it was stopped.
#[derive(Clone, Copy)]
struct Day {
    ago: i64,
    slot: Slot,
    pain: (i64, i64),
    level: (i64, i64),
    answer: Response,
    stopped: bool,
}

fn calm(ago: i64, slot: Slot, pain: i64) -> Day {
    Day {
        ago,
        slot,
        pain: (pain, (pain - 1).max(0)),
        level: (3, 2),
        answer: Response::MovedUp,
        stopped: false,
    }
}

/// Both sessions of each day from `from` days ago to `to` days ago, with leg pain `pain(ago)`.
fn twice_daily(from: i64, to: i64, pain: impl Fn(i64) -> i64) -> Vec<Day> {
    (to..=from)
        .rev()
        .flat_map(|d| [calm(d, Slot::Morning, pain(d)), calm(d, Slot::Evening, pain(d))])
        .collect()
}

/// The demo's screen answers: a cleared disc herniation at `age`, no red flag unless `bladder`.
pub(crate) fn demo_answers(age: u8, bladder: bool) -> Result<Answers> {
    Ok(Answers::from_json(&serde_json::json!({
        "age": age, "diagnosis": "disc_herniation", "cleared_to_exercise": true,
        "bladder": bladder, "bowel": false, "saddle": false, "sexual": false,
        "bilateral": "none", "weakness": "none", "fever": false, "unwell": false,
        "infection_risk": [], "cancer": false, "weight_loss": false, "night_pain": false,
        "thoracic": false, "back_pain_worsening": false, "trauma": "none", "bone_risk": [],
        "sudden_severe_central_pain": false, "abdominal": false, "inflammatory": false,
        "vascular": false, "first_episode": false, "pregnant": false,
        "recent_spinal_surgery": false, "new_numbness": false
    }))?)
}

struct Demo<'a> {
    c: &'static Content,
    store: &'a Store,
    zone: &'a str,
}

impl Demo<'_> {
    fn at(&self, day: Date, time: Time) -> Result<Timestamp> {
        Ok(day
            .to_datetime(time)
            .to_zoned_datetime(sciatica_core::schedule::parse_tz(self.zone)?)?
            .timestamp())
    }

    /// A patient screened `began` days ago (calm, disc herniation, cleared), in phase `phase` since
    /// `phase_ago` days ago.
    async fn patient(&self, name: &str, began: i64, phase: u8, phase_ago: i64) -> Result<(Patient, Date)> {
        let profile = Profile::new(Some(name), self.zone, "07:30", "19:00")?;
        let now = Timestamp::now();
        let today = profile_today(self.zone, now)?;
        let first = today.saturating_sub(Span::new().days(began));
        let start = self.at(first, Time::constant(7, 0, 0, 0))?;
        let patient = self.store.create_patient(&profile, start).await?;
        let a = demo_answers(52, false)?;
        screen::record(self.store, &patient, &a, &triage::screen(self.c, &a), start, SetBy::System).await?;
        if phase > 1 {
            let day = today.saturating_sub(Span::new().days(phase_ago));
            let program = NewProgram {
                cause: Cause::DiscHerniation,
                cleared: true,
                phase,
                started_on: first,
                phase_started_on: day,
                reason: format!("moved to phase {phase}"),
                set_by: SetBy::Clinician,
                trials: std::collections::BTreeSet::new(),
                edits: sciatica_core::care::Edits::default(),
            };
            self.store
                .start_program(&patient.id, &program, self.at(day, Time::constant(7, 5, 0, 0))?)
                .await?;
        }
        Ok((patient, today))
    }

    /// Logs the sessions (those still to come today are left out); returns the last one's id.
    async fn sessions(&self, p: &Patient, today: Date, phase: u8, days: &[Day]) -> Result<Option<String>> {
        let req = Request { cause: Some(Cause::DiscHerniation), phase, cleared: true, ..Request::default() };
        let exercises = plan::plan(self.c, &req)?.exercises;
        let mut last = None;
        for d in days {
            let date = today.saturating_sub(Span::new().days(d.ago));
            let time = if d.slot == Slot::Morning {
                Time::constant(7, 40, 0, 0)
            } else {
                Time::constant(19, 10, 0, 0)
            };
            let started = self.at(date, time)?;
            if started + SignedDuration::from_mins(20) > Timestamp::now() {
                continue;
            }
            let mut s = new_session(d.slot, date, started);
            s.ended_at = started + SignedDuration::from_mins(16);
            s.leg_pain_before = Some(Pain::new(d.pain.0)?);
            s.leg_pain_after = Some(Pain::new(d.pain.1)?);
            s.back_pain_before = Some(Pain::new(3)?);
            s.back_pain_after = Some(Pain::new(3)?);
            s.left = SideLevels {
                pre: Some(Level::new(d.level.0)?),
                post: Some(Level::new(d.level.1)?),
                late: None,
            };
            s.right = SideLevels { pre: Some(Level::NONE), post: Some(Level::NONE), late: None };
            s.stopped = d.stopped;
            for (i, e) in exercises.iter().enumerate() {
                s.exercises.push(ExerciseDone {
                    id: e.id.clone(),
                    sets_done: e.sets,
                    reps_done: e.reps * e.sets,
                    hold_seconds: e.hold_seconds,
                    completed: true,
                    response: Some(if i == 0 { d.answer } else { Response::NoChange }),
                    ..ExerciseDone::default()
                });
                if d.stopped {
                    break;
                }
            }
            last = Some(s.id.clone());
            self.store.finish_session(self.c, Finish::new(&p.id, s)).await?;
        }
        Ok(last)
    }
}

fn profile_today(zone: &str, now: Timestamp) -> Result<Date> {
    Ok(now.to_zoned_datetime(sciatica_core::schedule::parse_tz(zone)?).date())
}

/// Makes the caseload; returns the patients' ids with the emails their accounts get.
pub async fn caseload(c: &'static Content, store: &Store, zone: &str) -> Result<Vec<(String, String)>> {
    let demo = Demo { c, store, zone };
    let mut out = Vec::new();

    // An urgent result nobody has acknowledged yet: a new bladder change reported this morning.
    let (p, today) = demo.patient("Bea Moreno", 10, 2, 8).await?;
    demo.sessions(&p, today, 2, &twice_daily(8, 1, |_| 4)).await?;
    let a = demo_answers(52, true)?;
    let at = demo.at(today, Time::constant(6, 30, 0, 0))?.min(Timestamp::now());
    screen::record(store, &p, &a, &triage::screen(c, &a), at, SetBy::System).await?;
    out.push((p.id, "bea@demo.invalid".to_owned()));

    // Symptoms spreading down the leg after an exercise yesterday.
    let (p, today) = demo.patient("Cal Osei", 12, 2, 9).await?;
    let mut days = twice_daily(9, 2, |_| 4);
    days.push(calm(1, Slot::Morning, 4));
    days.push(Day {
        ago: 1,
        slot: Slot::Evening,
        pain: (4, 6),
        level: (2, 4),
        answer: Response::MovedDown,
        stopped: true,
    });
    demo.sessions(&p, today, 2, &days).await?;
    out.push((p.id, "cal@demo.invalid".to_owned()));

    // A harm report after yesterday evening's session.
    let (p, today) = demo.patient("Dee Laine", 12, 2, 9).await?;
    let last = demo.sessions(&p, today, 2, &twice_daily(9, 1, |_| 3)).await?;
    if let Some(session) = last {
        let report = Report::parse(
            "pain_worse",
            "moderate",
            "Sharp pain in the back of the thigh that lasted the evening.",
        )
        .map_err(|e| anyhow::anyhow!("{e}"))?;
        store
            .report_harm(c, &p, &session, None, &report, Timestamp::now() - SignedDuration::from_hours(2))
            .await?;
    }
    out.push((p.id, "dee@demo.invalid".to_owned()));

    // Leg pain worse this week than the week before.
    let (p, today) = demo.patient("Eli Brandt", 20, 2, 16).await?;
    demo.sessions(&p, today, 2, &twice_daily(13, 0, |ago| if ago >= 7 { 3 } else { 6 })).await?;
    out.push((p.id, "eli@demo.invalid".to_owned()));

    // No session for six days.
    let (p, today) = demo.patient("Fay Nakamura", 16, 2, 12).await?;
    demo.sessions(&p, today, 2, &twice_daily(12, 6, |_| 3)).await?;
    out.push((p.id, "fay@demo.invalid".to_owned()));

    // Two stopped sessions this week: the rules propose going back a phase.
    let (p, today) = demo.patient("Gus Ferreira", 14, 2, 10).await?;
    let mut days = twice_daily(10, 0, |_| 3);
    for d in &mut days {
        if (d.ago == 2 || d.ago == 4) && d.slot == Slot::Evening {
            d.stopped = true;
            d.answer = Response::NoChange;
            d.level = (3, 3);
        }
    }
    demo.sessions(&p, today, 2, &days).await?;
    out.push((p.id, "gus@demo.invalid".to_owned()));

    // Doing well: every session, leg pain settling.
    let (p, today) = demo.patient("Hana Ilic", 9, 2, 5).await?;
    demo.sessions(&p, today, 2, &twice_daily(5, 0, |ago| 2 + ago / 3)).await?;
    out.push((p.id, "hana@demo.invalid".to_owned()));
    Ok(out)
}
