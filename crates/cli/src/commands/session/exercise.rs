//! The terminal side of one exercise in a guided session: the exercise shown with its steps and
//! cues, the dose done with countdowns and rep counting, the response asked afterwards, and
//! what to do when it is stopped or sends symptoms down the leg.

use crate::args::SessionArgs;
use crate::output::{BAD, BOLD, GOOD, HEAD, Out, WARN, stdout_is_terminal};
use crate::prompt::{Heard, Prompter, StopRequested};
use anyhow::Result;
use sciatica_core::content::exercise::{Dosage, Exercise};
use sciatica_core::content::text::fill;
use sciatica_core::guided::StopKind;
use sciatica_core::history::ExerciseDone;
use sciatica_core::{Content, Response};
use sciatica_store::person::Person;
use sciatica_web::words;
use std::time::Duration;

/// Seconds of rest between two holds [C: REFERENCE gives "a short rest"].
const REST_SECONDS: u32 = 5;

pub(super) fn show_exercise(out: &mut Out, c: &Content, ex: &Exercise, dose: &Dosage, n: usize, of: usize) {
    out.blank();
    out.styled(HEAD, "━".repeat(crate::output::width().min(72)));
    out.styled(HEAD, format!("  {n} of {of} · {}", ex.plain_name));
    out.styled(HEAD, "━".repeat(crate::output::width().min(72)));
    out.styled(BOLD, format!("  {}", words::dose(dose)));
    // An activity timed in minutes (a walk, the bike) says where to be; the rest, how to start.
    if dose.minutes.is_some() {
        out.para(&c.texts.session.player.where_to_be(&ex.position), "  ");
    } else {
        out.para(&format!("Start: {}", ex.start_position), "  ");
    }
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

/// Does the dose, counting sets, reps and holds into `log`, in the player's words: where to be
/// for a walk, the round and side of each hold, "Hold 2 of 10" and "2 done of 10" as it goes.
/// Repetitions are counted one Enter each, with no Enter to start them.
pub(super) fn perform(
    p: &mut Prompter,
    c: &Content,
    dose: &Dosage,
    log: &mut ExerciseDone,
    args: &SessionArgs,
) -> Result<()> {
    let (w, t) = (&c.texts.session.player, &c.texts.session.terminal);
    let live = stdout_is_terminal() && !args.no_timers;
    p.out.blank();
    if let Some(minutes) = dose.minutes {
        log.seconds_done = Some(0);
        p.enter(&t.ready_timed)?;
        let keep_going = w.keep_going(minutes);
        if live {
            countdown(p, c, &keep_going, minutes * 60)?;
        } else {
            p.out.line(format!("  {keep_going}"));
            p.enter(&t.timed_yourself)?;
        }
        log.sets_done = 1;
        log.reps_done = 1;
        log.seconds_done = Some(minutes * 60);
        log.completed = true;
        p.out.styled(GOOD, format!("  {}", t.all_done));
        return Ok(());
    }
    let sides = if dose.per_side { 2 } else { 1 };
    for set in 1..=dose.sets {
        for side in 0..sides {
            let place = w.place(set, dose.sets, w.side(dose.per_side, side));
            if let Some(hold) = dose.hold_seconds {
                holds(p, c, (dose.reps, hold), &place, live, &mut log.reps_done)?;
            } else {
                reps(p, c, dose.reps, &place, set == 1 && side == 0, &mut log.reps_done)?;
            }
        }
        log.sets_done += 1;
    }
    // Only the whole dose counts as completed, as in the browser: a round ended early with `d`
    // keeps what was counted.
    log.completed = log.reps_done >= dose.sets * dose.reps * sides;
    if log.completed {
        p.out.styled(GOOD, format!("  {}", t.all_done));
    }
    Ok(())
}

/// One round of `n` holds of `hold` seconds at `place` ("left side", or "" for the only round),
/// each counted down (or counted by the person without live timers), with a rest between; each
/// hold done is added to `counted` at once, so a stop keeps it.
fn holds(
    p: &mut Prompter,
    c: &Content,
    (n, hold): (u32, u32),
    place: &str,
    live: bool,
    counted: &mut u32,
) -> Result<()> {
    let (w, t) = (&c.texts.session.player, &c.texts.session.terminal);
    if place.is_empty() {
        p.enter(&t.ready)?;
    } else {
        p.enter(&fill(&t.next, &[("where", place)]))?;
    }
    let at = if place.is_empty() { String::new() } else { format!(" ({place})") };
    for rep in 1..=n {
        let label = format!("{}{at}", w.hold(rep, n));
        if live {
            countdown(p, c, &label, hold)?;
            if rep < n {
                countdown(p, c, &w.relax, REST_SECONDS)?;
            }
        } else {
            let seconds = words::seconds(hold);
            p.enter(&fill(&t.hold_yourself, &[("hold", &label), ("seconds", &seconds)]))?;
        }
        *counted += 1;
    }
    Ok(())
}

/// One round of `n` repetitions at `place`, one Enter each ("2 done of 10"); `d` ends the round
/// after the one just done. Each is added to `counted` at once, so a stop keeps it.
fn reps(p: &mut Prompter, c: &Content, n: u32, place: &str, first: bool, counted: &mut u32) -> Result<()> {
    let (w, t) = (&c.texts.session.player, &c.texts.session.terminal);
    if first {
        p.out.para(&t.do_one, "  ");
    } else {
        p.out.blank();
    }
    let at = if place.is_empty() { String::new() } else { format!(" ({place})") };
    let mut done = 0;
    while done < n {
        let a = p.enter(&format!("  {}{at}", w.reps_done(done, n)))?;
        done += 1;
        *counted += 1;
        if a.eq_ignore_ascii_case("d") || a.eq_ignore_ascii_case("done") {
            break;
        }
    }
    p.out.styled(GOOD, format!("  {}{at}", w.reps_done(done, n)));
    Ok(())
}

/// Counts down on one line ("Hold 2 of 10   25 s", "Keep going: 10 minutes   9:58"), listening
/// for `stop` (typed and Enter) every second, and ends with a bell.
fn countdown(p: &mut Prompter, c: &Content, label: &str, seconds: u32) -> Result<()> {
    let width = 30usize;
    for left in (1..=seconds).rev() {
        let filled = width * (seconds - left) as usize / seconds as usize;
        let bar = format!("{}{}", "█".repeat(filled), "░".repeat(width - filled));
        let clock =
            if seconds >= 60 { format!("{}:{:02}", left / 60, left % 60) } else { format!("{left} s") };
        p.out.raw(format!("\r  {BOLD}{label}{BOLD:#}  {BOLD}{clock:>5}{BOLD:#}  {bar} "));
        if let Heard::Stop = p.listen(Duration::from_secs(1)) {
            p.out.raw("\r\x1b[2K");
            return Err(anyhow::Error::new(StopRequested));
        }
    }
    p.out.raw(format!("\r\x1b[2K  {label}: {}\x07\n", c.texts.session.terminal.done));
    Ok(())
}

/// What the exercise did to the leg symptoms, asked in the same words as in the browser.
pub(super) fn response(p: &mut Prompter, c: &Content, exercise: &str) -> Result<Response> {
    let w = &c.texts.session;
    let name = c.exercise(exercise).map_or(exercise, |e| e.plain_name.as_str()).to_lowercase();
    let labels = [w.response_up.clone(), w.response_same.clone(), w.response_down.clone()];
    let question = fill(&w.response_question, &[("name", &name)]);
    let i = p.choice(&question, &w.response_hint, &labels, &["up", "same", "down"])?;
    Ok(Response::ALL[i])
}

fn cause(person: &Person) -> sciatica_core::Cause {
    person.record.program.as_ref().map_or(sciatica_core::Cause::Undiagnosed, |p| p.cause)
}

pub(super) fn moved_down(out: &mut Out, c: &Content, person: &Person, exercise: &str) {
    let advice = StopKind::MovedDown.advice(c, cause(person), Some(exercise));
    let title = c.texts.session.stop_title.to_uppercase();
    out.card(BAD, &title, &advice.iter().map(String::as_str).collect::<Vec<_>>());
}

/// Asks why the exercise was stopped, shows what to do, and says which stop it was.
pub(super) fn stop_menu(
    p: &mut Prompter,
    c: &Content,
    person: &Person,
    log: &mut ExerciseDone,
) -> Result<StopKind> {
    let t = &c.texts.session;
    let labels = [t.stop_moved_down.clone(), t.stop_too_painful.clone(), t.stop_unwell.clone()];
    let i = p.choice(&t.stopped_question, "", &labels, &["down", "pain", "other"])?;
    let kind = [StopKind::MovedDown, StopKind::TooPainful, StopKind::Unwell][i.min(2)];
    if kind == StopKind::MovedDown {
        log.response = Some(Response::MovedDown);
    }
    let advice = kind.advice(c, cause(person), Some(&log.id));
    let lines: Vec<&str> = advice.iter().map(String::as_str).collect();
    let (now, exercise) = (t.stop_now_title.to_uppercase(), t.stop_title.to_uppercase());
    match kind {
        StopKind::Unwell => p.out.card(BAD, &now, &lines),
        StopKind::MovedDown => p.out.card(BAD, &exercise, &lines),
        StopKind::TooPainful => p.out.card(WARN, &exercise, &lines),
    }
    Ok(kind)
}
