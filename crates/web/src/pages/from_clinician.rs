//! What the person sees of their clinician's actions: the latest note (on Today) and the latest
//! decision on a proposal with its reason (on Today and the programme page).

use jiff::{SignedDuration, Timestamp};
use sciatica_core::Content;
use sciatica_core::care::{ProposalKind, Verdict};
use sciatica_store::person::Person;

/// A decision is shown for four weeks.
const SHOWN_FOR: SignedDuration = SignedDuration::from_hours(28 * 24);

/// The latest note, as shown.
pub struct NoteView {
    /// The text (plain; escaped by the template).
    pub text: String,
    /// The day it was written.
    pub date: String,
}

/// The latest decision, as shown.
pub struct DecisionView {
    /// `progress_phase`, `regress_phase` or `remove_exercise`.
    pub about: &'static str,
    /// `accept`, `edit` or `reject`.
    pub verdict: &'static str,
    /// The phase after it.
    pub phase: u8,
    /// The exercise's plain name, for an exercise taken out.
    pub exercise: String,
    /// The clinician's reason.
    pub reason: String,
    /// The day.
    pub date: String,
}

fn date(person: &Person, at: Timestamp) -> String {
    crate::words::day(at.to_zoned_datetime(person.schedule.tz.clone()).date())
}

/// The latest note from a clinician.
pub fn note(person: &Person) -> Option<NoteView> {
    person.record.care.note.as_ref().map(|n| NoteView { text: n.text.clone(), date: date(person, n.at) })
}

/// The latest decision on a proposal, while recent.
pub fn decision(c: &Content, person: &Person) -> Option<DecisionView> {
    let d = person.record.latest_decision()?;
    let at = d.at.filter(|at| person.now.duration_since(*at) < SHOWN_FOR)?;
    Some(DecisionView {
        about: match d.about {
            ProposalKind::ProgressPhase => "progress_phase",
            ProposalKind::RegressPhase => "regress_phase",
            ProposalKind::RemoveExercise => "remove_exercise",
        },
        verdict: match d.verdict {
            Verdict::Accept => "accept",
            Verdict::Edit => "edit",
            Verdict::Reject => "reject",
        },
        phase: d.phase,
        exercise: d
            .exercise
            .as_deref()
            .map(|e| c.exercise(e).map_or_else(|| e.to_owned(), |x| x.plain_name.clone()))
            .unwrap_or_default(),
        reason: d.reason.clone(),
        date: date(person, at),
    })
}
