//! `sciatica log`: record a session (or a later check) without the guide.

use crate::args::LogArgs;
use crate::ctx::Ctx;
use crate::failure::bad;
use crate::output::{BAD, GOOD, Out, WARN, print_json};
use anyhow::Result;
use jiff::Timestamp;
use sciatica_core::history::SideLevels;
use sciatica_core::{FieldError, Level, Pain, Response, Slot, SymptomClass};
use sciatica_store::person::{Person, Today};
use sciatica_store::sessions::{ExerciseDone, Finish, Finished, new_session};
use serde_json::json;

fn pain(field: &str, v: Option<i64>) -> Result<Option<Pain>, FieldError> {
    v.map(|n| Pain::new(n).map_err(|e| FieldError::new(field, e.to_string()))).transpose()
}

fn level(field: &str, v: Option<i64>) -> Result<Option<Level>, FieldError> {
    v.map(|n| Level::new(n).map_err(|e| FieldError::new(field, e.to_string()))).transpose()
}

fn minutes(field: &str, v: Option<i64>, max: i64) -> Result<Option<u32>, FieldError> {
    v.map(|n| {
        if (0..=max).contains(&n) {
            Ok(u32::try_from(n).unwrap_or(0))
        } else {
            Err(FieldError::new(
                field,
                format!("{n} is not allowed; allowed: a whole number of minutes from 0 to {max}"),
            ))
        }
    })
    .transpose()
}

/// Everything given on the command line, checked, before anything is written.
struct Checked {
    slot: Option<Slot>,
    leg: (Option<Pain>, Option<Pain>),
    back: (Option<Pain>, Option<Pain>),
    left: (Option<Level>, Option<Level>),
    right: (Option<Level>, Option<Level>),
    walking: Option<u32>,
    sitting: Option<u32>,
    responses: Vec<(String, Response)>,
    later: (Option<Level>, Option<Level>),
}

fn check(ctx: &Ctx, a: &LogArgs) -> Result<Checked> {
    let slot = a
        .slot
        .as_deref()
        .map(|s| s.parse::<Slot>().map_err(|e| FieldError::new("slot", e.to_string())))
        .transpose()?;
    for id in &a.done {
        if ctx.content.exercise(id).is_none() {
            return Err(FieldError::new(
                "done",
                format!("`{id}` is not an exercise; see `sciatica plan` for the ids"),
            )
            .into());
        }
    }
    let mut responses = Vec::new();
    for r in &a.response {
        let (id, what) = r.split_once('=').ok_or_else(|| {
            FieldError::new("response", format!("`{r}` should be ID=RESPONSE, e.g. prone-lying=moved_up"))
        })?;
        if ctx.content.exercise(id).is_none() {
            return Err(FieldError::new("response", format!("`{id}` is not an exercise")).into());
        }
        let response = Response::parse(what).ok_or_else(|| {
            FieldError::new(
                "response",
                format!("`{what}` is not a response; allowed: moved_up, no_change, moved_down"),
            )
        })?;
        responses.push((id.to_owned(), response));
    }
    if let Some(n) = &a.notes
        && n.chars().count() > 2000
    {
        return Err(FieldError::new("notes", "is too long; allowed: up to 2000 characters").into());
    }
    Ok(Checked {
        slot,
        leg: (pain("leg-pain-before", a.leg_pain_before)?, pain("leg-pain-after", a.leg_pain_after)?),
        back: (pain("back-pain-before", a.back_pain_before)?, pain("back-pain-after", a.back_pain_after)?),
        left: (level("left-before", a.left_before)?, level("left-after", a.left_after)?),
        right: (level("right-before", a.right_before)?, level("right-after", a.right_after)?),
        walking: minutes("walking-minutes", a.walking_minutes, 600)?,
        sitting: minutes("sitting-minutes", a.sitting_minutes, 1440)?,
        responses,
        later: (level("later-left", a.later_left)?, level("later-right", a.later_right)?),
    })
}

pub async fn run(ctx: &Ctx, a: LogArgs) -> Result<()> {
    let v = check(ctx, &a)?;
    let session_given = a.leg_pain_before.is_some()
        || a.leg_pain_after.is_some()
        || a.back_pain_before.is_some()
        || a.back_pain_after.is_some()
        || a.left_before.is_some()
        || a.left_after.is_some()
        || a.right_before.is_some()
        || a.right_after.is_some()
        || !a.done.is_empty()
        || a.all
        || !a.response.is_empty()
        || a.walking_minutes.is_some()
        || a.sitting_minutes.is_some()
        || a.cannot_cope
        || a.stopped
        || a.notes.is_some();
    let later_given = v.later.0.is_some() || v.later.1.is_some();
    if !session_given && !later_given {
        return Err(bad("nothing to log: give pain, levels or exercises (see `sciatica log --help`)"));
    }
    if session_given && later_given {
        return Err(bad(
            "a later check (--later-left/--later-right) is logged on its own, for your last session",
        ));
    }
    let store = ctx.existing_store().await?;
    let Some(person) = Person::load(&store, Timestamp::now()).await? else {
        store.close().await;
        return Err(bad("no profile yet: start with `sciatica screen`"));
    };
    if later_given {
        let newest = store.newest_sessions(&person.patient.id, 1, None).await?;
        let Some(last) = newest.first() else {
            store.close().await;
            return Err(bad("there is no session yet to add a later check to"));
        };
        store.set_later(&person.patient.id, &last.id, v.later.0, v.later.1).await?;
        store.close().await;
        if ctx.json() {
            return print_json(
                &json!({ "session_id": last.id, "later": { "left": v.later.0, "right": v.later.1 } }),
            );
        }
        Out::stdout().styled(GOOD, "Saved the later check for your last session.");
        return Ok(());
    }
    let c = ctx.content;
    // As in the browser and the API: no session is logged while the programme is paused.
    let plan = match person.today_plan(c)?.0 {
        Today::Plan(p) => p,
        Today::NotScreened => {
            store.close().await;
            return Err(bad("start with the safety questions: sciatica screen"));
        }
        Today::Blocked(status) => {
            store.close().await;
            crate::commands::today::blocked_message(&mut Out::stderr(), c, &status);
            return Err(anyhow::anyhow!(
                "no session can be logged while your exercise programme is paused; see `sciatica today`"
            ));
        }
    };
    let (date, by_time) = person.record.slot_for(&person.schedule, person.now);
    let slot = v.slot.unwrap_or(by_time);
    let mut s = new_session(slot, date, person.now);
    s.program_id = person.record.program.as_ref().map(|p| p.id.clone());
    (s.leg_pain_before, s.leg_pain_after) = v.leg;
    (s.back_pain_before, s.back_pain_after) = v.back;
    s.left = SideLevels { pre: v.left.0, post: v.left.1, late: None };
    s.right = SideLevels { pre: v.right.0, post: v.right.1, late: None };
    s.walking_minutes = v.walking;
    s.sitting_minutes = v.sitting;
    s.cannot_cope = a.cannot_cope;
    s.stopped = a.stopped || v.responses.iter().any(|(_, r)| *r == Response::MovedDown);
    s.notes.clone_from(&a.notes);
    let mut ids: Vec<String> =
        if a.all { plan.exercises.iter().map(|e| e.id.clone()).collect() } else { Vec::new() };
    for id in a.done.iter().chain(v.responses.iter().map(|(id, _)| id)) {
        if !ids.contains(id) {
            ids.push(id.clone());
        }
    }
    for id in ids {
        let dose = plan.exercises.iter().find(|e| e.id == id).map_or_else(
            || c.exercise(&id).map(|e| e.dosage).expect("checked above"),
            sciatica_core::plan::Planned::dosage,
        );
        let response = v.responses.iter().find(|(r, _)| *r == id).map(|(_, r)| *r);
        s.exercises.push(ExerciseDone {
            id,
            sets_done: dose.sets,
            reps_done: dose.reps * dose.sets * if dose.per_side { 2 } else { 1 },
            hold_seconds: dose.hold_seconds,
            seconds_done: dose.minutes.map(|m| m * 60),
            completed: true,
            response,
        });
    }
    let class = s.left.class().into_iter().chain(s.right.class()).reduce(SymptomClass::worse);
    let id = s.id.clone();
    let raised = match store.finish_session(c, Finish::new(&person.patient.id, s)).await? {
        Finished::Stored(raised) => raised,
        Finished::Again => Vec::new(),
    };
    store.close().await;
    if ctx.json() {
        return print_json(&json!({
            "session_id": id,
            "slot": slot,
            "class": class,
            "alerts": raised.iter().map(|a| &a.rule).collect::<Vec<_>>(),
        }));
    }
    let mut out = Out::stdout();
    out.styled(GOOD, format!("Saved your {} session.", sciatica_web::words::slot(slot).to_lowercase()));
    if let Some(class) = class {
        let t = &c.texts.symptom_class[&class];
        out.styled(if class.is_adverse() { BAD } else { GOOD }, format!("  {}", t.title));
        out.para(&t.advice, "  ");
    }
    for al in &raised {
        if let Some(rule) = c.rule(&al.rule) {
            out.styled(WARN, format!("  {}", c.texts.urgency[&rule.urgency].title));
            out.para(&rule.advice, "  ");
        }
    }
    Ok(())
}
