//! What a patient's clinicians decide (the clinical actions): the confirmed cause, clearance to
//! exercise, acknowledgements, the programme drawn from the cause's protocol and the changes made
//! to it, the phase, decisions on the progression engine's proposals, and a short note for the
//! person. A handler parses a clinician's request into an [`Act`]; [`Record::treat`] decides what
//! it changes, or refuses it naming the field; the store keeps each [`Entry`] in an append-only
//! log and folds it into the record with [`Care::log`], in the same transaction.

mod edits;
mod program;
mod proposals;

pub use edits::{Dose, Edit, Edits};
pub use proposals::{Waiting, proposal_id};

use crate::content::Content;
use crate::error::FieldError;
use crate::ids::Cause;
use crate::record::change::NextProgram;
use crate::record::{Record, Screen};
use crate::triage::{self, answers::Answers};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// The longest note shown on the person's Today page, in characters.
pub const NOTE_MAX: usize = 500;

/// The longest reason kept with an action, in characters.
pub const REASON_MAX: usize = 2000;

/// Decisions on proposals kept in the record (older ones stay in the log).
const DECISIONS_KEPT: usize = 20;

/// What a clinician decides on a proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Do what it proposes.
    Accept,
    /// Do something else instead (another phase, or keep the exercise at another dose).
    Edit,
    /// Leave things as they are.
    Reject,
}

/// What a decision is about, on the proposal's side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProposalKind {
    /// Move on to the next phase.
    ProgressPhase,
    /// Drop back a phase.
    RegressPhase,
    /// An exercise taken out after symptoms moved down the leg.
    RemoveExercise,
}

/// A clinical action, parsed at the edge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Act {
    /// Confirm or change the cause.
    Cause(Cause),
    /// Record whether the person may exercise.
    Clearance(bool),
    /// Acknowledge the urgent result and open alerts (the note is the reason).
    Acknowledge,
    /// Start a programme from the cause's protocol, at a phase.
    StartProgram {
        /// The phase (1 when not given).
        phase: u8,
    },
    /// Change the programme's exercises.
    Edit(Edit),
    /// Move to a phase.
    Phase(u8),
    /// Decide a proposal.
    Decide {
        /// The proposal's id (see [`proposal_id`]).
        proposal: String,
        /// The decision.
        verdict: Verdict,
        /// For `edit` of a phase proposal: the phase to move to instead.
        phase: Option<u8>,
        /// For `edit` of an exercise taken out: keep it at this dose.
        dose: Dose,
    },
    /// A short note for the person's Today page (the note is the reason).
    Note,
}

/// One clinical action as the log keeps it (the reason is kept beside it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Entry {
    /// The cause confirmed; the latest screen as it reads with it.
    Cause {
        /// The cause.
        cause: Cause,
        /// The latest screen read again with the care team's decisions.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        screen: Option<Screen>,
    },
    /// Clearance recorded; the latest screen as it reads with it.
    Clearance {
        /// Cleared to exercise.
        cleared: bool,
        /// The latest screen read again with the care team's decisions.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        screen: Option<Screen>,
    },
    /// The urgent result and open alerts acknowledged.
    Acknowledge,
    /// A programme started from a protocol.
    StartProgram {
        /// Its cause.
        cause: Cause,
        /// Cleared to exercise.
        cleared: bool,
        /// Its phase.
        phase: u8,
    },
    /// The exercises changed.
    EditProgram {
        /// The change.
        edit: Edit,
        /// What the clinician was warned of (outside the protocol).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        warnings: Vec<String>,
    },
    /// The phase moved.
    Phase {
        /// From.
        from: u8,
        /// To.
        to: u8,
    },
    /// A proposal decided.
    Decide(Decision),
    /// A note for the person.
    Note,
}

impl Entry {
    /// The kind as stored (`cause`, `clearance`, `acknowledge`, `start_program`, `edit_program`,
    /// `phase`, `decide`, `note`).
    pub fn kind(&self) -> &'static str {
        match self {
            Entry::Cause { .. } => "cause",
            Entry::Clearance { .. } => "clearance",
            Entry::Acknowledge => "acknowledge",
            Entry::StartProgram { .. } => "start_program",
            Entry::EditProgram { .. } => "edit_program",
            Entry::Phase { .. } => "phase",
            Entry::Decide(_) => "decide",
            Entry::Note => "note",
        }
    }
}

/// A decision on a proposal, and what came of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// The proposal's id.
    pub proposal: String,
    /// What it proposed.
    pub about: ProposalKind,
    /// The decision.
    pub verdict: Verdict,
    /// The phase proposed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposed_phase: Option<u8>,
    /// The phase the person is in after the decision.
    pub phase: u8,
    /// The exercise, for an exercise taken out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exercise: Option<String>,
    /// The programme the decision was taken in: its first day and its phase's first day (a
    /// proposal of a later phase is a new proposal).
    pub started_on: Date,
    /// The first day of the phase.
    pub phase_started_on: Date,
    /// When (filled in as the log is folded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Timestamp>,
    /// Why (filled in as the log is folded).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

/// A note from a clinician.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    /// The text, plain.
    pub text: String,
    /// When.
    pub at: Timestamp,
}

/// What the care team decided, as the record keeps it (folded from the log).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Care {
    /// The cause a clinician confirmed: it wins over the person's own answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<Cause>,
    /// Clearance a clinician recorded: it wins over the person's own answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cleared: Option<bool>,
    /// When a clinician last acknowledged an urgent result or alert.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acknowledged_at: Option<Timestamp>,
    /// The latest note for the person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Note>,
    /// The latest decisions on proposals, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<Decision>,
}

impl Care {
    /// Folds one logged entry in (at `at`, with its reason).
    pub fn log(&mut self, at: Timestamp, entry: &Entry, reason: &str) {
        match entry {
            Entry::Cause { cause, .. } => self.cause = Some(*cause),
            Entry::Clearance { cleared, .. } => self.cleared = Some(*cleared),
            Entry::Acknowledge => self.acknowledged_at = self.acknowledged_at.max(Some(at)),
            Entry::Note => self.note = Some(Note { text: reason.to_owned(), at }),
            Entry::Decide(d) => {
                let mut d = d.clone();
                d.at = Some(at);
                reason.clone_into(&mut d.reason);
                self.decisions.push(d);
                if self.decisions.len() > DECISIONS_KEPT {
                    self.decisions.remove(0);
                }
            }
            Entry::StartProgram { .. } | Entry::EditProgram { .. } | Entry::Phase { .. } => {}
        }
    }
}

/// An entry of the log as a rebuild reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logged {
    /// When.
    pub at: Timestamp,
    /// What.
    pub entry: Entry,
    /// Why.
    pub reason: String,
}

/// What an action changes: the entry to log, and a programme version or a screen read again
/// when it brings one.
#[derive(Debug, Clone, PartialEq)]
pub struct Treated {
    /// The entry for the log.
    pub entry: Entry,
    /// The programme to store next.
    pub program: Option<NextProgram>,
    /// Acknowledge the urgent result and open alerts.
    pub acknowledge: bool,
    /// What the clinician should know (anything outside the protocol).
    pub warnings: Vec<String>,
}

impl Record {
    /// Screening answers as the care team's decisions read them: a confirmed cause and a recorded
    /// clearance win over the person's own answers.
    pub fn with_care(&self, answers: &Answers) -> Answers {
        answers.with_care(self.care.cause, self.care.cleared)
    }

    /// Decides what a clinical action changes on `today`, or refuses it naming the field.
    /// `latest` is the latest screen's answers (to read them again with a new cause or
    /// clearance); `reason` is the clinician's reason or note, already trimmed.
    pub fn treat(
        &self,
        content: &Content,
        act: &Act,
        reason: Option<&str>,
        latest: Option<&Answers>,
        today: Date,
    ) -> Result<Treated, FieldError> {
        let plain = |entry| Treated { entry, program: None, acknowledge: false, warnings: Vec::new() };
        if reason.is_some_and(|r| r.chars().count() > REASON_MAX) {
            return Err(FieldError::new(
                "reason",
                format!("is too long; allowed: up to {REASON_MAX} characters"),
            ));
        }
        match act {
            Act::Cause(cause) => {
                let care = Care { cause: Some(*cause), ..self.care.clone() };
                let (screen, program) = self.with_decisions(content, &care, latest, today);
                Ok(Treated { program, ..plain(Entry::Cause { cause: *cause, screen }) })
            }
            Act::Clearance(cleared) => {
                let care = Care { cleared: Some(*cleared), ..self.care.clone() };
                let (screen, program) = self.with_decisions(content, &care, latest, today);
                Ok(Treated { program, ..plain(Entry::Clearance { cleared: *cleared, screen }) })
            }
            Act::Acknowledge => {
                required(reason, "note", "say briefly what you found or advised")?;
                Ok(Treated { acknowledge: true, ..plain(Entry::Acknowledge) })
            }
            Act::Note => {
                let text = required(reason, "note", "write the note for the person")?;
                if text.chars().count() > NOTE_MAX {
                    return Err(FieldError::new(
                        "note",
                        format!("is too long; allowed: up to {NOTE_MAX} characters"),
                    ));
                }
                Ok(plain(Entry::Note))
            }
            Act::StartProgram { phase } => self.start_from_protocol(content, *phase, today),
            Act::Edit(edit) => self.edit_program(content, edit, today),
            Act::Phase(n) => self.move_phase(content, *n, today),
            Act::Decide { proposal, verdict, phase, dose } => {
                self.decide(content, proposal, *verdict, *phase, *dose, reason, today)
            }
        }
    }

    /// The latest screen read again with the care team's decisions `care`, when it reads
    /// differently, and the programme they bring (a confirmed cause or clearance that differs
    /// from the current programme's starts a new one, as a screen would).
    fn with_decisions(
        &self,
        content: &Content,
        care: &Care,
        latest: Option<&Answers>,
        today: Date,
    ) -> (Option<Screen>, Option<NextProgram>) {
        let Some(current) = &self.screen else { return (None, None) };
        let screen = latest.and_then(|a| {
            let outcome = triage::screen(content, &a.with_care(care.cause, care.cleared));
            let again = Screen {
                urgency: outcome.urgency,
                action: outcome.action,
                rules: outcome.rules,
                ..current.clone()
            };
            (again != *current).then_some(again)
        });
        let answered = latest.and_then(Answers::cause_and_clearance);
        let program = self.program.as_ref();
        let cause = care.cause.or(program.map(|p| p.cause)).or(answered.map(|a| a.0));
        let cleared = care.cleared.or(program.map(|p| p.cleared)).or(answered.map(|a| a.1));
        let next = match (cause, cleared) {
            (Some(cause), Some(cleared)) => {
                let mut with = self.clone();
                with.care = care.clone();
                with.program_after_screen(cause, cleared, today).map(|mut n| {
                    n.reason = format!(
                        "clinician: {cause}, {}",
                        if cleared { "cleared to exercise" } else { "not yet cleared" }
                    );
                    n
                })
            }
            _ => None,
        };
        (screen, next)
    }

    /// The latest screen is urgent and someone recorded since that a clinician has seen the
    /// person: it no longer holds the programme.
    pub fn urgent_lifted(&self) -> bool {
        self.screen.as_ref().is_some_and(|s| {
            s.urgency >= crate::ids::Urgency::SameDay && self.assessed_at.is_some_and(|a| a > s.taken_at)
        })
    }
}

/// The reason, required for this action.
fn required<'a>(reason: Option<&'a str>, field: &str, what: &str) -> Result<&'a str, FieldError> {
    reason
        .filter(|r| !r.trim().is_empty())
        .ok_or_else(|| FieldError::new(field, format!("is required: {what}")))
}

#[cfg(test)]
mod tests;
