//! The terminal side of one exercise in a guided session: the exercise shown with its steps and
//! cues, the dose done with countdowns and rep counting, the response asked afterwards, and
//! what to do when it is stopped or sends symptoms down the leg.

use crate::args::SessionArgs;
use crate::output::{BAD, BOLD, GOOD, HEAD, Out, WARN, stdout_is_terminal};
use crate::prompt::{Heard, Prompter, StopRequested};
use anyhow::Result;
use sciatica_core::content::exercise::{Dosage, Exercise};
use sciatica_core::guided::StopKind;
use sciatica_core::history::ExerciseDone;
use sciatica_core::{Content, Response};
use sciatica_store::person::Person;
use sciatica_web::words;
use std::time::Duration;

/// Seconds of rest between two holds [C: REFERENCE gives "a short rest"].
const REST_SECONDS: u32 = 5;

pub(super) fn show_exercise(out: &mut Out, ex: &Exercise, dose: &Dosage, n: usize, of: usize) {
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
pub(super) fn perform(
    p: &mut Prompter,
    dose: &Dosage,
    log: &mut ExerciseDone,
    args: &SessionArgs,
) -> Result<()> {
    let live = stdout_is_terminal() && !args.no_timers;
    if let Some(minutes) = dose.minutes {
        log.seconds_done = Some(0);
        p.enter(&format!("Go for {minutes} minutes. Press Enter when you start (or type stop)."))?;
        if live {
            countdown(p, "Time left", minutes * 60)?;
        } else {
            p.enter("Press Enter when you have finished.")?;
        }
        log.sets_done = 1;
        log.reps_done = 1;
        log.seconds_done = Some(minutes * 60);
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

pub(super) fn response(p: &mut Prompter) -> Result<Response> {
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

fn cause(person: &Person) -> sciatica_core::Cause {
    person.record.program.as_ref().map_or(sciatica_core::Cause::Undiagnosed, |p| p.cause)
}

pub(super) fn moved_down(out: &mut Out, c: &Content, person: &Person, exercise: &str) {
    let advice = StopKind::MovedDown.advice(c, cause(person), Some(exercise));
    out.card(BAD, "STOP THIS EXERCISE", &advice.iter().map(String::as_str).collect::<Vec<_>>());
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
    match kind {
        StopKind::Unwell => p.out.card(BAD, "STOP NOW", &lines),
        StopKind::MovedDown => p.out.card(BAD, "STOP THIS EXERCISE", &lines),
        StopKind::TooPainful => p.out.card(WARN, "STOP THIS EXERCISE", &lines),
    }
    Ok(kind)
}
