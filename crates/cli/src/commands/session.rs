//! `sciatica session`: a guided session in the terminal. One exercise at a time with its steps,
//! cues and common mistakes, live countdowns for holds, rep counting, pain and how far down the
//! leg symptoms reach before and after, and the per-exercise response. Every answer is saved to a
//! draft at once, so Ctrl-C or a closed terminal loses nothing; the session itself is written in
//! one transaction at the end.

mod exercise;

use crate::args::SessionArgs;
use crate::commands::{screen, today};
use crate::ctx::Ctx;
use crate::failure::bad;
use crate::output::{BAD, DIM, GOOD, HEAD, Out, WARN, print_json};
use crate::prompt::{Prompter, StopRequested};
use anyhow::Result;
use exercise::{moved_down, perform, response, show_exercise, stop_menu};
use jiff::Timestamp;
use sciatica_core::guided::{Draft, Step};
use sciatica_core::history::{ExerciseDone, Session};
use sciatica_core::{Content, Response};
use sciatica_core::{Level, Pain};
use sciatica_store::Store;
use sciatica_store::person::{Person, Today};
use sciatica_store::sessions::{Finish, Finished, from_draft};
use sciatica_web::words;

pub async fn run(ctx: &Ctx, args: SessionArgs) -> Result<()> {
    let c = ctx.content;
    let store = ctx.existing_store().await?;
    let Some(person) = Person::load(&store, Timestamp::now()).await? else {
        store.close().await;
        return Err(bad("no profile yet: start with `sciatica screen`"));
    };
    let mut p = Prompter::new(ctx.json());
    let plan = match person.today_plan(c)?.0 {
        Today::Plan(plan) => plan,
        Today::NotScreened => {
            store.close().await;
            return Err(bad("start with the safety questions: sciatica screen"));
        }
        Today::Blocked(status) => {
            today::blocked_message(&mut p.out, c, &status);
            store.close().await;
            if ctx.json() {
                return print_json(&serde_json::json!({
                    "session_id": null, "saved": false, "blocked": true, "status": status,
                }));
            }
            return Ok(());
        }
    };
    let pid = person.patient.id.clone();
    if args.restart {
        store.delete_draft(&pid).await?;
    }
    let mut draft = match store.draft(&pid).await?.and_then(|v| serde_json::from_value::<Draft>(v).ok()) {
        Some(d) => {
            let at = d
                .started_at
                .to_zoned_datetime(person.schedule.tz.clone())
                .strftime("%H:%M on %-d %B")
                .to_string();
            if p.yes_no(&format!("Carry on with the session you started at {at}?"), "", Some(true))? {
                d
            } else {
                person.new_draft(&plan)
            }
        }
        None => person.new_draft(&plan),
    };
    store.save_draft(&pid, &serde_json::to_value(&draft)?).await?;
    install_pause_message();

    let planned = draft.plan.len();
    let result = guide(ctx, &store, &person, &mut p, &mut draft, &args).await;
    let outcome = match result {
        Ok(Guided::Session(session)) => session,
        Ok(Guided::Screened(screen)) => {
            let now = Person::load(&store, Timestamp::now()).await?;
            store.close().await;
            if ctx.json() {
                let blocked = match now {
                    Some(person) => matches!(person.today_plan(c)?.0, Today::Blocked(_)),
                    None => false,
                };
                return print_json(&serde_json::json!({
                    "session_id": null, "saved": false, "blocked": blocked, "screen": screen,
                }));
            }
            return Ok(());
        }
        Err(e) => {
            store.close().await;
            if e.is::<crate::failure::Cancelled>() {
                return Err(anyhow::Error::new(crate::failure::Cancelled(if ctx.json() {
                    "the answers ended before the questions did; what you entered is kept. A guided session asks its questions one by one: to record a session from a script, use `sciatica log`"
                } else {
                    "paused: what you entered is kept; run `sciatica session` to carry on"
                })));
            }
            return Err(e);
        }
    };
    let id = outcome.id.clone();
    let raised = match store
        .finish_session(c, Finish { remove_draft: true, ..Finish::new(&pid, outcome.clone()) })
        .await?
    {
        Finished::Stored(raised) => raised,
        Finished::Again => Vec::new(),
    };
    store.close().await;
    let class = outcome
        .left
        .class()
        .into_iter()
        .chain(outcome.right.class())
        .reduce(sciatica_core::SymptomClass::worse);
    if ctx.json() {
        return print_json(&serde_json::json!({
            "session_id": id,
            "saved": true,
            "blocked": false,
            "slot": outcome.slot,
            "class": class,
            "stopped": outcome.stopped,
            "exercises": outcome.exercises,
            "alerts": raised.iter().map(|a| &a.rule).collect::<Vec<_>>(),
        }));
    }
    summary(&mut p.out, c, &outcome, planned, class, &raised);
    Ok(())
}

fn install_pause_message() {
    let _ = ctrlc::set_handler(|| {
        eprintln!("\n\nPaused. What you entered is saved: run `sciatica session` to carry on.");
        std::process::exit(130);
    });
}

async fn save(store: &Store, pid: &str, draft: &Draft) -> Result<()> {
    store.save_draft(pid, &serde_json::to_value(draft)?).await?;
    Ok(())
}

fn level_help(c: &Content) -> String {
    (0..=6).map(|i| format!("{i} {}", c.texts.levels[i].to_lowercase())).collect::<Vec<_>>().join(" · ")
}

fn body_map(out: &mut Out, c: &Content) {
    out.styled(DIM, "  How far down does the pain or tingling reach?");
    out.styled(DIM, format!("  {}", level_help(c)));
}

/// How a guided session ended.
enum Guided {
    /// Every question answered: the session to store.
    Session(Session),
    /// The person reported a red flag at the start and answered the safety questions instead.
    Screened(sciatica_core::triage::Outcome),
}

async fn guide(
    ctx: &Ctx,
    store: &Store,
    person: &Person,
    p: &mut Prompter,
    d: &mut Draft,
    args: &SessionArgs,
) -> Result<Guided> {
    let c = ctx.content;
    let pid = person.patient.id.as_str();
    p.out.styled(HEAD, format!("{} session · {}", words::slot(d.slot), words::day(d.date)));
    if !d.safety_checked {
        p.out.blank();
        let urgent = p.yes_no(&c.texts.session.safety_question, &c.texts.session.safety_hint, Some(false))?;
        if urgent {
            p.out.styled(
                BAD,
                "  These can be signs of a serious problem. Please answer the safety questions now.",
            );
            store.delete_draft(pid).await?;
            p.stop_word = false;
            let last = store.latest_screening(pid).await?;
            let prefilled =
                last.map(|s| sciatica_core::triage::pages::prefill(c, &s.answers)).unwrap_or_default();
            let answers = screen::ask(c, p, &prefilled)?;
            let outcome = sciatica_core::triage::screen(c, &answers);
            screen::record(
                store,
                &person.patient,
                &answers,
                &outcome,
                Timestamp::now(),
                sciatica_store::programs::SetBy::System,
            )
            .await?;
            screen::show(&mut p.out, c, &outcome, true);
            return Ok(Guided::Screened(outcome));
        }
        d.safety_checked = true;
        save(store, pid, d).await?;
    }
    p.out.heading("Before you start");
    if d.leg_pain_before.is_none() {
        d.leg_pain_before = Some(pain(p, c, "Leg pain now")?);
        save(store, pid, d).await?;
    }
    if d.back_pain_before.is_none() {
        d.back_pain_before = Some(pain(p, c, "Back pain now")?);
        save(store, pid, d).await?;
    }
    if d.left_before.is_none() || d.right_before.is_none() {
        body_map(&mut p.out, c);
    }
    if d.left_before.is_none() {
        d.left_before = Some(level(p, c, "Left leg")?);
        save(store, pid, d).await?;
    }
    if d.right_before.is_none() {
        d.right_before = Some(level(p, c, "Right leg")?);
        save(store, pid, d).await?;
    }
    if d.exercises.is_empty() && d.stopped.is_none() {
        p.out.heading("For every exercise");
        for rule in &c.texts.session_rules {
            p.out.bullet("•", rule);
        }
        p.out.styled(DIM, format!("  {}", c.texts.session.terminal.stop_hint));
    }
    loop {
        match d.step() {
            Step::Response(i) => {
                let r = response(p, c, &d.plan[i].0)?;
                d.respond(i, r);
                if r == Response::MovedDown {
                    moved_down(&mut p.out, c, person, &d.plan[i].0);
                }
            }
            Step::Exercise(i) => {
                let (id, dosage) = d.plan[i].clone();
                let mut done = ExerciseDone {
                    id: id.clone(),
                    hold_seconds: dosage.hold_seconds,
                    ..ExerciseDone::default()
                };
                if let Some(ex) = c.exercise(&id) {
                    show_exercise(&mut p.out, c, ex, &dosage, i + 1, d.plan.len());
                    if let Ok((Today::Plan(plan), _)) = person.today_plan(c)
                        && let Some(easier) =
                            plan.exercises.iter().find(|e| e.id == id).and_then(|e| words::easier(c, e))
                    {
                        p.out.para(&easier, "  ");
                    }
                    p.stop_word = true;
                    let performed = perform(p, c, &dosage, &mut done, args);
                    p.stop_word = false;
                    match performed {
                        Ok(()) => {}
                        Err(e) if e.is::<StopRequested>() => {
                            d.stopped = Some(stop_menu(p, c, person, &mut done)?);
                        }
                        Err(e) => return Err(e),
                    }
                }
                d.exercises.push(done);
            }
            _ => break,
        }
        save(store, pid, d).await?;
    }
    if d.step() == Step::PainAfter {
        p.out.heading("After the session");
    }
    if d.leg_pain_after.is_none() {
        d.leg_pain_after = Some(pain(p, c, "Leg pain now")?);
        save(store, pid, d).await?;
    }
    if d.back_pain_after.is_none() {
        d.back_pain_after = Some(pain(p, c, "Back pain now")?);
        save(store, pid, d).await?;
    }
    if d.left_after.is_none() || d.right_after.is_none() {
        body_map(&mut p.out, c);
    }
    if d.left_after.is_none() {
        d.left_after = Some(level(p, c, "Left leg")?);
        save(store, pid, d).await?;
    }
    if d.right_after.is_none() {
        d.right_after = Some(level(p, c, "Right leg")?);
        save(store, pid, d).await?;
    }
    if !d.extras_done {
        let minutes = |m: Option<i64>| m.map(|m| u32::try_from(m).unwrap_or(0));
        if d.includes_walking() {
            d.walking_minutes = minutes(p.optional_number(
                "How many minutes could you walk before leg symptoms started?",
                0,
                600,
            )?);
        }
        d.sitting_minutes =
            minutes(p.optional_number("How many minutes can you sit comfortably at the moment?", 0, 1440)?);
        d.cannot_cope = p.yes_no("Is the pain more than you can cope with?", "", Some(false))?;
        d.extras_done = true;
        save(store, pid, d).await?;
    }
    Ok(Guided::Session(from_draft(d, Timestamp::now())))
}

/// A pain rating, its scale's ends worded as the pain rating (NRS) words them.
fn pain(p: &mut Prompter, c: &Content, what: &str) -> Result<Pain> {
    let (low, high) = c.measure(sciatica_core::MeasureId::Nrs).anchors();
    Ok(Pain::new(p.number(&format!("{what} ({low} … {high})"), "", 0, 10, None)?)?)
}

fn level(p: &mut Prompter, c: &Content, what: &str) -> Result<Level> {
    Ok(Level::new(p.number(&format!("{what}: how far down"), &level_help(c), 0, 6, None)?)?)
}

fn summary(
    out: &mut Out,
    c: &Content,
    s: &Session,
    planned: usize,
    class: Option<sciatica_core::SymptomClass>,
    raised: &[sciatica_store::alerts::Alert],
) {
    out.heading("Saved");
    let done = s.exercises.iter().filter(|e| e.completed).count();
    if s.stopped {
        out.line(format!(
            "  You stopped after {done} of {planned} exercises. Stopping was the right thing to do."
        ));
    } else {
        out.line(format!("  {done} of {planned} exercises done."));
    }
    if let (Some(b), Some(a)) = (s.leg_pain_before, s.leg_pain_after) {
        out.line(format!("  Leg pain {b} → {a}."));
    }
    if let Some(class) = class {
        let text = &c.texts.symptom_class[&class];
        let style = if class.is_adverse() { BAD } else { GOOD };
        out.blank();
        out.styled(style, format!("  {}", text.title));
        out.para(&text.advice, "  ");
    }
    for a in raised {
        if let Some(rule) = c.rule(&a.rule) {
            out.blank();
            out.styled(WARN, format!("  {}", c.texts.urgency[&rule.urgency].title));
            out.para(&rule.advice, "  ");
        }
    }
    out.blank();
    out.styled(DIM, "  See how you are doing: sciatica progress");
}
