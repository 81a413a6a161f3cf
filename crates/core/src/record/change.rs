//! Changes to the programme: the ones a person asks for (a phase, trials) and the one a screen
//! brings (a new cause or clearance starts a new programme).

use super::Record;
use crate::content::Content;
use crate::ids::Cause;
use jiff::civil::Date;
use std::collections::BTreeSet;

/// A change the person asks of their own programme; each part optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProgramChange {
    /// Move to this phase.
    pub phase: Option<u8>,
    /// Start these trials (exercise ids offered as trials in the phase).
    pub start_trials: Vec<String>,
    /// End these trials.
    pub end_trials: Vec<String>,
}

/// Why a programme change was refused: which part, and what is allowed. Each caller names the
/// part in its own terms (a form field, a JSON member, a flag).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeRefused {
    /// The phase.
    Phase(String),
    /// A trial to start.
    StartTrial(String),
    /// A trial to end.
    EndTrial(String),
}

/// The programme to store next, with the reason for the change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextProgram {
    /// The cause.
    pub cause: Cause,
    /// Cleared to exercise.
    pub cleared: bool,
    /// The phase.
    pub phase: u8,
    /// The first day of the programme.
    pub started_on: Date,
    /// The first day of the phase.
    pub phase_started_on: Date,
    /// Trials chosen.
    pub trials: BTreeSet<String>,
    /// A clinician's changes to the protocol's exercises.
    pub edits: crate::care::Edits,
    /// Why it changed, in plain words.
    pub reason: String,
}

impl Record {
    /// The programme after a change the person asked for on `today`; `None` when nothing changes
    /// (already in that phase, trial already started). The gentle programme has one phase until a
    /// clinician has confirmed the cause and cleared the person (REFERENCE §3.7).
    pub fn change_program(
        &self,
        content: &Content,
        change: &ProgramChange,
        today: Date,
    ) -> Result<Option<NextProgram>, ChangeRefused> {
        let Some(current) = &self.program else {
            return Err(ChangeRefused::Phase(
                "there is no programme yet; answer the safety questions first".into(),
            ));
        };
        let (protocol, _) = self.protocol().unwrap_or((Cause::Undiagnosed, 1));
        let gentle = protocol == Cause::Undiagnosed;
        let mut next = NextProgram {
            cause: current.cause,
            cleared: current.cleared,
            phase: current.phase,
            started_on: current.started_on,
            phase_started_on: current.phase_started_on,
            trials: current.trials.clone(),
            edits: current.edits.clone(),
            reason: String::new(),
        };
        let mut reasons = Vec::new();
        if let Some(n) = change.phase {
            let phases = u8::try_from(content.protocol(protocol).phases.len()).unwrap_or(1);
            if gentle && n != 1 {
                return Err(ChangeRefused::Phase(
                    "the gentle programme has one phase until a clinician has confirmed the cause and cleared you; allowed: 1".into(),
                ));
            }
            if !(1..=phases).contains(&n) {
                return Err(ChangeRefused::Phase(format!("{n} is not a phase; allowed: 1 to {phases}")));
            }
            if !gentle && n != current.phase {
                next.phase = n;
                next.phase_started_on = today;
                reasons.push(format!("moved to phase {n}"));
            }
        }
        let offered: Vec<&str> = content
            .protocol(protocol)
            .phase(if gentle { 1 } else { next.phase })
            .map(|p| p.exercises.iter().filter(|e| e.trial).map(|e| e.id.as_str()).collect())
            .unwrap_or_default();
        for t in &change.start_trials {
            if !offered.contains(&t.as_str()) {
                let allowed =
                    if offered.is_empty() { "none in this phase".to_owned() } else { offered.join(", ") };
                return Err(ChangeRefused::StartTrial(format!(
                    "`{t}` is not a trial of your programme; allowed: {allowed}"
                )));
            }
            if next.trials.insert(t.clone()) {
                reasons.push(format!("trial started: {t}"));
            }
        }
        for t in &change.end_trials {
            if !next.trials.remove(t) {
                return Err(ChangeRefused::EndTrial(format!("`{t}` is not a trial you have started")));
            }
            reasons.push(format!("trial ended: {t}"));
        }
        if reasons.is_empty() {
            return Ok(None);
        }
        next.reason = reasons.join("; ");
        Ok(Some(next))
    }

    /// The programme a screen on `today` brings: a new one from phase 1 when the cause or the
    /// clearance differs from the current programme's (trials of the same cause are kept), else
    /// `None`. A cause a clinician confirmed and a clearance a clinician recorded win over the
    /// screen's answers.
    pub fn program_after_screen(&self, cause: Cause, cleared: bool, today: Date) -> Option<NextProgram> {
        let cause = self.care.cause.unwrap_or(cause);
        let cleared = self.care.cleared.unwrap_or(cleared);
        let current = self.program.as_ref();
        if current.is_some_and(|p| p.cause == cause && p.cleared == cleared) {
            return None;
        }
        let trials = current.filter(|p| p.cause == cause).map(|p| p.trials.clone()).unwrap_or_default();
        Some(NextProgram {
            cause,
            cleared,
            phase: 1,
            started_on: today,
            phase_started_on: today,
            trials,
            edits: crate::care::Edits::default(),
            reason: format!(
                "screen: {cause}, {}",
                if cleared { "cleared to exercise" } else { "not yet cleared" }
            ),
        })
    }
}
