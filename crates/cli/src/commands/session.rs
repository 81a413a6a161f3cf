//! `sciatica session`: a guided session in the terminal. One exercise at a time with its steps,
//! cues and common mistakes, live countdowns for holds, rep counting, pain and how far down the
//! leg symptoms reach before and after, and the per-exercise response. Every answer is saved to a
//! draft at once, so Ctrl-C or a closed terminal loses nothing; the session itself is written in
//! one transaction at the end.

use crate::args::SessionArgs;
use crate::commands::{screen, today};
use crate::ctx::Ctx;
use crate::failure::bad;
use crate::output::{BAD, BOLD, DIM, GOOD, HEAD, Out, WARN, print_json, stdout_is_terminal};
use crate::prompt::{Heard, Prompter, StopRequested};
use anyhow::Result;
use jiff::Timestamp;
use sciatica_core::content::exercise::{Dosage, Exercise};
use sciatica_core::guided::{Done, Draft, Step, StopKind};
use sciatica_core::{Content, Response};
use sciatica_store::Store;
use sciatica_store::person::{Person, Today};
use sciatica_store::sessions::{Finish, Finished, NewSession};
use sciatica_web::words;
use std::time::Duration;

/// Seconds of rest between two holds [C: REFERENCE gives "a short rest"].
const REST_SECONDS: u32 = 5;

pub async fn run(ctx: &Ctx, args: SessionArgs) -> Result<()> {
    let c = ctx.content;
    let store = ctx.store().await?;
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
        Ok(Some(session)) => session,
        Ok(None) => {
            store.close().await;
            return Ok(());
        }
        Err(e) => {
            store.close().await;
            if e.is::<crate::failure::Cancelled>() {
                return Err(anyhow::Error::new(crate::failure::Cancelled(
                    "paused: what you entered is kept; run `sciatica session` to carry on",
                )));
            }
            return Err(e);
        }
    };
    let id = outcome.id.clone();
    let raised =
        match store.finish_session(c, Finish { session: outcome.clone(), remove_draft: true }).await? {
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

async fn guide(
    ctx: &Ctx,
    store: &Store,
    person: &Person,
    p: &mut Prompter,
    d: &mut Draft,
    args: &SessionArgs,
) -> Result<Option<NewSession>> {
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
            let answers = screen::ask(c, p)?;
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
            return Ok(None);
        }
        d.safety_checked = true;
        save(store, pid, d).await?;
    }
    p.out.heading("Before you start");
    if d.leg_pain_before.is_none() {
        d.leg_pain_before = Some(pain(p, "Leg pain now")?);
        save(store, pid, d).await?;
    }
    if d.back_pain_before.is_none() {
        d.back_pain_before = Some(pain(p, "Back pain now")?);
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
        p.out.styled(
            DIM,
            "  Type `stop` at any question if an exercise hurts or sends symptoms down your leg.",
        );
    }
    loop {
        match d.step() {
            Step::Response(i) => {
                let r = response(p)?;
                d.respond(i, r);
                if r == Response::MovedDown {
                    moved_down(&mut p.out, c, person, &d.plan[i].0);
                }
            }
            Step::Exercise(i) => {
                let (id, dosage) = d.plan[i].clone();
                let mut done = Done {
                    id: id.clone(),
                    sets_done: 0,
                    reps_done: 0,
                    hold_seconds: dosage.hold_seconds,
                    completed: false,
                    response: None,
                };
                if let Some(ex) = c.exercise(&id) {
                    show_exercise(&mut p.out, ex, &dosage, i + 1, d.plan.len());
                    if let Ok((Today::Plan(plan), _)) = person.today_plan(c)
                        && let Some(easier) =
                            plan.exercises.iter().find(|e| e.id == id).and_then(|e| words::easier(c, e))
                    {
                        p.out.para(&easier, "  ");
                    }
                    p.stop_word = true;
                    let performed = perform(p, &dosage, &mut done, args);
                    p.stop_word = false;
                    match performed {
                        Ok(()) => done.completed = true,
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
        d.leg_pain_after = Some(pain(p, "Leg pain now")?);
        save(store, pid, d).await?;
    }
    if d.back_pain_after.is_none() {
        d.back_pain_after = Some(pain(p, "Back pain now")?);
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
    Ok(Some(NewSession::from_draft(pid, d, Timestamp::now())?))
}

fn pain(p: &mut Prompter, what: &str) -> Result<u8> {
    Ok(u8::try_from(p.number(&format!("{what}, 0 (none) to 10 (worst imaginable)"), "", 0, 10, None)?)
        .unwrap_or(0))
}

fn level(p: &mut Prompter, c: &Content, what: &str) -> Result<u8> {
    Ok(u8::try_from(p.number(&format!("{what}: how far down"), &level_help(c), 0, 6, None)?).unwrap_or(0))
}

fn show_exercise(out: &mut Out, ex: &Exercise, dose: &Dosage, n: usize, of: usize) {
    out.blank();
    out.styled(HEAD, "━".repeat(crate::output::width().min(72)));
    out.styled(HEAD, format!("  {n} of {of} · {}", ex.plain_name));
    out.styled(HEAD, "━".repeat(crate::output::width().min(72)));
    out.styled(BOLD, format!("  {}", words::dose(dose)));
    out.para(&format!("Start: {}", ex.start_position), "  ");
    out.blank();
    for (i, step) in ex.steps.iter().enumerate() {
        out.bullet(&format!("{}.", i + 1), step);
    }
    out.blank();
    out.styled(GOOD, "  Good form");
    for cue in &ex.form_cues {
        out.bullet("✓", cue);
    }
    out.styled(WARN, "  Avoid");
    for m in &ex.common_mistakes {
        out.bullet("✗", m);
    }
    if !ex.stop_when.is_empty() {
        out.styled(BAD, "  Stop if");
        for s in &ex.stop_when {
            out.bullet("!", s);
        }
    }
}

fn sides(dose: &Dosage) -> Vec<&'static str> {
    if dose.per_side { vec!["left side", "right side"] } else { vec![""] }
}

/// Does the dose, counting sets, reps and holds into `log`.
fn perform(p: &mut Prompter, dose: &Dosage, log: &mut Done, args: &SessionArgs) -> Result<()> {
    let live = stdout_is_terminal() && !args.no_timers;
    if let Some(minutes) = dose.minutes {
        p.enter(&format!("Go for {minutes} minutes. Press Enter when you start (or type stop)."))?;
        if live {
            countdown(p, "Time left", minutes * 60)?;
        } else {
            p.enter("Press Enter when you have finished.")?;
        }
        log.sets_done = 1;
        log.reps_done = 1;
        return Ok(());
    }
    for set in 1..=dose.sets {
        for side in sides(dose) {
            let round = if dose.sets > 1 { format!("Round {set} of {}", dose.sets) } else { String::new() };
            let label = [round.as_str(), side]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(", ");
            let label = if label.is_empty() { String::new() } else { format!("{label}: ") };
            let press = if label.is_empty() { "Press" } else { "press" };
            match dose.hold_seconds {
                Some(hold) if dose.reps == 1 => {
                    p.enter(&format!("{label}{press} Enter to start the hold (or type stop)."))?;
                    if live {
                        countdown(p, "Hold", hold)?;
                    } else {
                        p.enter(&format!(
                            "Hold for {} (count it yourself), then press Enter.",
                            words::seconds(hold)
                        ))?;
                    }
                    log.reps_done += 1;
                }
                Some(hold) => {
                    p.enter(&format!("{label}{press} Enter to start the first hold (or type stop)."))?;
                    for rep in 1..=dose.reps {
                        if live {
                            countdown(p, &format!("Hold {rep} of {}", dose.reps), hold)?;
                            if rep < dose.reps {
                                countdown(p, "Relax", REST_SECONDS)?;
                            }
                        } else {
                            p.enter(&format!(
                                "Hold {rep} of {} for {} (count it yourself), then press Enter.",
                                dose.reps,
                                words::seconds(hold)
                            ))?;
                        }
                        log.reps_done += 1;
                    }
                }
                None => {
                    let what = if label.is_empty() { "Do".to_owned() } else { format!("{label}do") };
                    p.out.line(format!(
                        "  {what} {} slowly. Press Enter after each one (type d when the round is done).",
                        dose.reps
                    ));
                    let mut rep = 1;
                    while rep <= dose.reps {
                        let a = p.enter(&format!("  {rep} of {}", dose.reps))?;
                        log.reps_done += 1;
                        if a.eq_ignore_ascii_case("d") || a.eq_ignore_ascii_case("done") {
                            break;
                        }
                        rep += 1;
                    }
                }
            }
        }
        log.sets_done += 1;
    }
    Ok(())
}

/// A live countdown on one line, ending with a bell.
/// Counts down on one line, listening for `stop` (typed and Enter) every second.
fn countdown(p: &mut Prompter, label: &str, seconds: u32) -> Result<()> {
    let width = 30usize;
    for left in (1..=seconds).rev() {
        let filled = width * (seconds - left) as usize / seconds as usize;
        let bar = format!("{}{}", "█".repeat(filled), "░".repeat(width - filled));
        p.out.raw(format!("\r  {BOLD}{label}{BOLD:#}  {BOLD}{left:>4} s{BOLD:#}  {bar} "));
        if let Heard::Stop = p.listen(Duration::from_secs(1)) {
            p.out.raw("\r\x1b[2K");
            return Err(anyhow::Error::new(StopRequested));
        }
    }
    p.out.raw(format!("\r\x1b[2K  {label}: done\x07\n"));
    Ok(())
}

fn response(p: &mut Prompter) -> Result<Response> {
    let labels = [
        "It moved up toward my back".to_owned(),
        "No change".to_owned(),
        "It moved further down my leg".to_owned(),
    ];
    let values = ["up", "same", "down"];
    let i =
        p.choice("What did that exercise do to the pain or tingling in your leg?", "", &labels, &values)?;
    Ok(Response::ALL[i])
}

/// The relief advice after `exercise` made things worse (never that exercise's own position).
fn relief(c: &Content, person: &Person, exercise: &str) -> String {
    let cause = person.record.program.as_ref().map_or(sciatica_core::Cause::Undiagnosed, |p| p.cause);
    let text = c.relief_after(cause, Some(exercise));
    let mut chars = text.chars();
    let lowered = chars.next().map(|f| f.to_lowercase().chain(chars).collect::<String>()).unwrap_or_default();
    format!("To ease it: {lowered}")
}

fn moved_down(out: &mut Out, c: &Content, person: &Person, exercise: &str) {
    out.card(BAD, "STOP THIS EXERCISE", &[&c.texts.moved_down_advice, &relief(c, person, exercise)]);
}

/// Asks why the exercise was stopped, shows what to do, and says which stop it was.
fn stop_menu(p: &mut Prompter, c: &Content, person: &Person, log: &mut Done) -> Result<StopKind> {
    let t = &c.texts.session;
    let labels = [t.stop_moved_down.clone(), t.stop_too_painful.clone(), t.stop_unwell.clone()];
    let i = p.choice(&t.stopped_question, "", &labels, &["down", "pain", "other"])?;
    let rule = |code: &str| c.texts.stop_rules.iter().find(|s| s.code == code);
    Ok(match i {
        0 => {
            log.response = Some(Response::MovedDown);
            moved_down(&mut p.out, c, person, &log.id);
            StopKind::MovedDown
        }
        1 => {
            if let Some(r) = rule("STOP-6") {
                p.out.card(WARN, "STOP THIS EXERCISE", &[&r.then, &relief(c, person, &log.id)]);
            }
            StopKind::TooPainful
        }
        _ => {
            if let Some(r) = rule("STOP-7") {
                p.out.card(BAD, "STOP NOW", &[&r.then]);
            }
            StopKind::Unwell
        }
    })
}

fn summary(
    out: &mut Out,
    c: &Content,
    s: &NewSession,
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
