//! The progression engine's proposals that wait for a clinician (move on a phase, drop back a
//! phase, an exercise taken out after symptoms moved down the leg), and the decisions on them.
//! A proposal is decided once per phase: after a decision it no longer waits.

use super::{Decision, Dose, Entry, ProposalKind, Treated, Verdict};
use crate::content::Content;
use crate::error::FieldError;
use crate::progression::{Assessment, Proposal};
use crate::record::Record;
use crate::record::change::NextProgram;
use jiff::civil::Date;
use serde::Serialize;

/// A proposal waiting for a clinician's decision.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Waiting {
    /// Its id, stable while the proposal holds in this phase.
    pub id: String,
    /// The proposal with its figures.
    pub proposal: Proposal,
}

/// The id of a proposal a clinician decides (`progress-phase-2`, `regress-phase-1`,
/// `remove-prone-press-up`); `None` for the changes in force that need no decision.
pub fn proposal_id(p: &Proposal) -> Option<String> {
    match p {
        Proposal::ProgressPhase { to, .. } => Some(format!("progress-phase-{to}")),
        Proposal::RegressPhase { to, .. } => Some(format!("regress-phase-{to}")),
        Proposal::RemoveExercise { exercise } => Some(format!("remove-{exercise}")),
        Proposal::RegressExercise { .. } | Proposal::Unlock { .. } => None,
    }
}

impl Record {
    /// The proposals waiting for a clinician on `today`: the progression engine's proposals that
    /// need a decision, less those decided in the current phase.
    pub fn proposals_waiting(&self, content: &Content, today: Date) -> Vec<Waiting> {
        self.assessment(content, today).map_or_else(Vec::new, |a| self.proposals_waiting_in(&a))
    }

    /// [`Record::proposals_waiting`] given the day's assessment (a caller that has it already).
    pub fn proposals_waiting_in(&self, assessment: &Assessment) -> Vec<Waiting> {
        assessment
            .proposals
            .iter()
            .filter_map(|p| proposal_id(p).map(|id| Waiting { id, proposal: p.clone() }))
            .filter(|w| self.decided(&w.id).is_none())
            .collect()
    }

    /// The decision taken in the current phase on the proposal `id`, if any.
    pub fn decided(&self, id: &str) -> Option<&Decision> {
        let p = self.program.as_ref()?;
        self.care.decisions.iter().rev().find(|d| {
            d.proposal == id && d.started_on == p.started_on && d.phase_started_on == p.phase_started_on
        })
    }

    /// The latest decision on a proposal, for the person to see.
    pub fn latest_decision(&self) -> Option<&Decision> {
        self.care.decisions.last()
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn decide(
        &self,
        content: &Content,
        id: &str,
        verdict: Verdict,
        phase: Option<u8>,
        dose: Dose,
        reason: Option<&str>,
        today: Date,
    ) -> Result<Treated, FieldError> {
        let program = self
            .program
            .as_ref()
            .ok_or_else(|| FieldError::new("proposal", "there is no programme, so nothing is proposed"))?;
        let waiting = self.proposals_waiting(content, today);
        let Some(w) = waiting.iter().find(|w| w.id == id) else {
            let problem = if self.decided(id).is_some() {
                "was decided already in this phase".to_owned()
            } else if waiting.is_empty() {
                "is not waiting for a decision; nothing is waiting".to_owned()
            } else {
                let ids: Vec<&str> = waiting.iter().map(|w| w.id.as_str()).collect();
                format!("is not waiting for a decision; waiting: {}", ids.join(", "))
            };
            return Err(FieldError::new("proposal", problem));
        };
        if verdict != Verdict::Accept {
            super::required(reason, "reason", "say why, for the person and the record")?;
        }
        let (about, proposed_phase, exercise) = match &w.proposal {
            Proposal::ProgressPhase { to, .. } => (ProposalKind::ProgressPhase, Some(*to), None),
            Proposal::RegressPhase { to, .. } => (ProposalKind::RegressPhase, Some(*to), None),
            Proposal::RemoveExercise { exercise } => {
                (ProposalKind::RemoveExercise, None, Some(exercise.clone()))
            }
            _ => unreachable!("only proposals with an id wait"),
        };
        if verdict != Verdict::Edit && (phase.is_some() || !dose.is_empty()) {
            return Err(FieldError::new(
                if phase.is_some() { "phase" } else { "sets" },
                "is only for `edit`; allowed with `accept` or `reject`: a reason",
            ));
        }
        let mut warnings = Vec::new();
        let next: Option<NextProgram> = match (verdict, proposed_phase, &exercise) {
            (Verdict::Reject, Some(_), _) | (_, None, None) => None,
            (Verdict::Accept, Some(to), _) => self.move_phase(content, to, today)?.program,
            (Verdict::Edit, Some(_), _) => {
                let to = phase.ok_or_else(|| {
                    FieldError::new("phase", "is required with `edit`: the phase to move to instead")
                })?;
                self.move_phase(content, to, today)?.program
            }
            (Verdict::Accept, None, Some(ex)) => {
                let mut edits = program.edits.clone();
                edits.protocol = self.drawn_from().map(|d| d.0);
                edits.kept.remove(ex);
                edits.removed.insert(ex.clone());
                edits.doses.remove(ex);
                Some(NextProgram { edits, ..NextProgram::from(program) })
            }
            (Verdict::Reject | Verdict::Edit, None, Some(ex)) => {
                if verdict == Verdict::Edit && dose.is_empty() {
                    return Err(FieldError::new(
                        "sets",
                        "give the sets, reps or hold seconds to keep the exercise at with `edit`",
                    ));
                }
                let mut edits = program.edits.clone();
                edits.protocol = self.drawn_from().map(|d| d.0);
                edits.kept.insert(ex.clone());
                if !dose.is_empty() {
                    let base = content.exercise(ex).map(|e| e.dosage).ok_or_else(|| {
                        FieldError::new("proposal", format!("`{ex}` is no longer an exercise of the library"))
                    })?;
                    super::program::checked_dose(base, &dose)?;
                    edits.doses.insert(ex.clone(), dose);
                }
                warnings.push(format!(
                    "{} stays in the programme although symptoms moved down the leg with it twice this week",
                    content.exercise(ex).map_or(ex.as_str(), |e| e.plain_name.as_str())
                ));
                Some(NextProgram { edits, ..NextProgram::from(program) })
            }
        };
        let next = next.map(|mut n| {
            n.reason = format!("clinician decided {id}: {}", verdict_word(verdict));
            n
        });
        let decision = Decision {
            proposal: id.to_owned(),
            about,
            verdict,
            proposed_phase,
            phase: next.as_ref().map_or(program.phase, |n| n.phase),
            exercise,
            started_on: program.started_on,
            phase_started_on: program.phase_started_on,
            at: None,
            reason: String::new(),
        };
        Ok(Treated { entry: Entry::Decide(decision), program: next, acknowledge: false, warnings })
    }
}

fn verdict_word(v: Verdict) -> &'static str {
    match v {
        Verdict::Accept => "accepted",
        Verdict::Edit => "accepted with changes",
        Verdict::Reject => "not taken up",
    }
}
