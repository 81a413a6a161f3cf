//! A clinician's programme: started from the cause's protocol, its exercises added, taken out or
//! dosed differently, its phase moved. An exercise marked "avoid" for the cause is refused with
//! the content's contraindications; anything else outside the protocol is accepted with a warning.

use super::{Dose, Edit, Entry, Treated};
use crate::content::Content;
use crate::content::exercise::{Dosage, DosageOverride, Status};
use crate::error::FieldError;
use crate::ids::Cause;
use crate::plan::{self, MAX_EXERCISES};
use crate::record::Record;
use crate::record::change::{NextProgram, ProgramChange};
use jiff::civil::Date;
use std::collections::BTreeSet;

fn no_program() -> FieldError {
    FieldError::new("program", "there is no programme yet; start one from the cause's protocol first")
}

impl Record {
    /// The protocol the programme's exercises are drawn from and its phase: the cause's, or the
    /// gentle programme's while the cause is not confirmed or the person not cleared.
    pub(super) fn drawn_from(&self) -> Option<(Cause, u8)> {
        let p = self.program.as_ref()?;
        Some(if p.cleared && p.cause != Cause::Undiagnosed {
            (p.cause, p.phase)
        } else {
            (Cause::Undiagnosed, 1)
        })
    }

    /// The exercises of the programme as planned now (whatever the status in force), for
    /// checking what a change is about.
    pub fn programme_exercises(&self, content: &Content, today: Date) -> Vec<plan::Planned> {
        self.planned_with(content, self.assessment(content, today).as_ref())
    }

    fn planned_with(
        &self,
        content: &Content,
        assessment: Option<&crate::progression::Assessment>,
    ) -> Vec<plan::Planned> {
        self.request(assessment)
            .and_then(|req| plan::plan(content, &req).ok())
            .map(|p| p.exercises)
            .unwrap_or_default()
    }

    pub(super) fn start_from_protocol(
        &self,
        content: &Content,
        phase: u8,
        today: Date,
    ) -> Result<Treated, FieldError> {
        let current = self.program.as_ref();
        let cause =
            self.care.cause.or(current.map(|p| p.cause)).ok_or_else(|| {
                FieldError::new("cause", "no cause is recorded yet; confirm the cause first")
            })?;
        let cleared = self.care.cleared.or(current.map(|p| p.cleared)).unwrap_or(false);
        let protocol = if cleared && cause != Cause::Undiagnosed { cause } else { Cause::Undiagnosed };
        let phases = u8::try_from(content.protocol(protocol).phases.len()).unwrap_or(1);
        if !(1..=phases).contains(&phase) {
            let allowed = if phases == 1 {
                "1 (the gentle programme has one phase until the cause is confirmed and clearance recorded)"
                    .to_owned()
            } else {
                format!("1 to {phases}")
            };
            return Err(FieldError::new("phase", format!("{phase} is not a phase; allowed: {allowed}")));
        }
        let next = NextProgram {
            cause,
            cleared,
            phase,
            started_on: today,
            phase_started_on: today,
            trials: BTreeSet::new(),
            edits: super::Edits::default(),
            reason: format!(
                "clinician started the {} programme at phase {phase}",
                content.protocol(protocol).family
            ),
        };
        Ok(Treated {
            entry: Entry::StartProgram { cause, cleared, phase },
            program: Some(next),
            acknowledge: false,
            warnings: Vec::new(),
        })
    }

    pub(super) fn move_phase(
        &self,
        content: &Content,
        phase: u8,
        today: Date,
    ) -> Result<Treated, FieldError> {
        let current = self.program.as_ref().ok_or_else(no_program)?;
        let (protocol, now) = self.drawn_from().unwrap_or((Cause::Undiagnosed, 1));
        if protocol == Cause::Undiagnosed && phase != 1 {
            return Err(FieldError::new(
                "phase",
                "the gentle programme has one phase until the cause is confirmed and clearance recorded; allowed: 1",
            ));
        }
        if phase == now {
            return Err(FieldError::new("phase", format!("the person is already in phase {phase}")));
        }
        let change = ProgramChange { phase: Some(phase), ..ProgramChange::default() };
        let next = self
            .change_program(content, &change, today)
            .map_err(|_| {
                let phases = content.protocol(protocol).phases.len();
                FieldError::new("phase", format!("{phase} is not a phase; allowed: 1 to {phases}"))
            })?
            .ok_or_else(|| FieldError::new("phase", format!("the person is already in phase {phase}")))?;
        Ok(Treated {
            entry: Entry::Phase { from: current.phase, to: phase },
            program: Some(next),
            acknowledge: false,
            warnings: Vec::new(),
        })
    }

    pub(super) fn edit_program(
        &self,
        content: &Content,
        edit: &Edit,
        today: Date,
    ) -> Result<Treated, FieldError> {
        let current = self.program.as_ref().ok_or_else(no_program)?;
        let (cause, phase) = self.drawn_from().unwrap_or((Cause::Undiagnosed, 1));
        let assessment = self.assessment(content, today);
        let planned = self.planned_with(content, assessment.as_ref());
        let in_programme: Vec<&str> = planned.iter().map(|p| p.id.as_str()).collect();
        let mut edits = current.edits.clone();
        let mut warnings = Vec::new();
        let exercise_of = |id: &str| {
            content.exercise(id).ok_or_else(|| {
                FieldError::new("exercise", format!("`{id}` is not an exercise of the library"))
            })
        };
        match edit {
            Edit::Add { exercise, dose } => {
                let ex = exercise_of(exercise)?;
                let status = ex.status(cause, phase);
                if status == Status::Avoid {
                    return Err(FieldError::new("exercise", contraindicated(content, ex, cause)));
                }
                if in_programme.contains(&exercise.as_str()) {
                    return Err(FieldError::new(
                        "exercise",
                        format!("{} is already in the programme", ex.plain_name),
                    ));
                }
                let in_phase = content
                    .protocol(cause)
                    .phase(phase)
                    .is_some_and(|p| p.exercises.iter().any(|e| e.id == *exercise));
                if !edits.removed.remove(exercise) {
                    if edits.added.len() >= MAX_EXERCISES {
                        return Err(FieldError::new(
                            "exercise",
                            format!("at most {MAX_EXERCISES} exercises can be added; take one out first"),
                        ));
                    }
                    edits.added.insert(exercise.clone());
                }
                if assessment.as_ref().is_some_and(|a| a.removed.contains(exercise)) {
                    edits.kept.insert(exercise.clone());
                }
                if !in_phase {
                    warnings.push(format!(
                        "{} is not in phase {phase} of the {} programme",
                        ex.plain_name,
                        content.protocol(cause).name
                    ));
                }
                if let Some(words) = status_words(status) {
                    warnings.push(format!("{} is {words} for {}", ex.plain_name, content.cause(cause).name));
                }
                if ex.clinician_only {
                    warnings.push(format!("{} is for a clinician to prescribe and supervise", ex.plain_name));
                }
                if planned.len() >= MAX_EXERCISES {
                    warnings.push(format!(
                        "the programme now has more than {MAX_EXERCISES} exercises; the last of the protocol's give way"
                    ));
                }
                if !dose.is_empty() {
                    checked_dose(ex.dosage, dose)?;
                    edits.doses.insert(exercise.clone(), *dose);
                }
            }
            Edit::Remove { exercise } => {
                exercise_of(exercise)?;
                if !in_programme.contains(&exercise.as_str()) && !edits.added.contains(exercise) {
                    return Err(not_in_programme(exercise, &in_programme));
                }
                if !edits.added.remove(exercise) {
                    edits.removed.insert(exercise.clone());
                }
                edits.doses.remove(exercise);
                edits.kept.remove(exercise);
                if in_programme.len() <= 2 {
                    warnings.push("the programme now has fewer than 2 exercises".to_owned());
                }
            }
            Edit::Dose { exercise, dose } => {
                let ex = exercise_of(exercise)?;
                let Some(p) = planned.iter().find(|p| p.id == *exercise) else {
                    return Err(not_in_programme(exercise, &in_programme));
                };
                if dose.is_empty() {
                    return Err(FieldError::new("sets", "give the sets, reps or hold seconds to change"));
                }
                if dose.hold_seconds.is_some() && p.hold_seconds.is_none() {
                    return Err(FieldError::new(
                        "hold_seconds",
                        format!("{} has no hold; change sets or reps instead", ex.plain_name),
                    ));
                }
                checked_dose(p.dosage(), dose)?;
                edits.doses.insert(exercise.clone(), *dose);
            }
        }
        edits.protocol = Some(cause);
        let next = NextProgram {
            edits,
            reason: format!("clinician changed the exercises: {}", describe(edit)),
            ..NextProgram::from(current)
        };
        Ok(Treated {
            entry: Entry::EditProgram { edit: edit.clone(), warnings: warnings.clone() },
            program: Some(next),
            acknowledge: false,
            warnings,
        })
    }
}

/// Why an exercise is refused for a cause, in the content's words: its contraindications that
/// name the cause (all of them when none does).
fn contraindicated(content: &Content, ex: &crate::content::exercise::Exercise, cause: Cause) -> String {
    let name = &content.cause(cause).name;
    let words: Vec<String> =
        name.split_whitespace().filter(|w| w.len() >= 7).map(str::to_lowercase).collect();
    let naming: Vec<&str> = ex
        .contraindications
        .iter()
        .filter(|c| {
            let c = c.to_lowercase();
            words.iter().any(|w| c.contains(w.as_str()))
        })
        .map(String::as_str)
        .collect();
    let lines =
        if naming.is_empty() { ex.contraindications.iter().map(String::as_str).collect() } else { naming };
    let why =
        if lines.is_empty() { String::new() } else { format!(" Contraindications: {}", lines.join(" ")) };
    format!("{} is marked avoid for {name} in the exercise library.{why}", ex.plain_name)
}

fn status_words(status: Status) -> Option<&'static str> {
    match status {
        Status::Core | Status::Optional => None,
        Status::Trial => Some("only a logged symptom-response trial"),
        Status::Later => Some("meant for a later phase"),
        Status::ClinicianOnly => Some("only for a clinician to prescribe"),
        Status::NotRelevant => Some("not usually relevant"),
        Status::Avoid => Some("marked avoid"),
    }
}

fn not_in_programme(exercise: &str, in_programme: &[&str]) -> FieldError {
    FieldError::new(
        "exercise",
        format!("`{exercise}` is not in the programme; in it: {}", in_programme.join(", ")),
    )
}

/// The dose after the change, checked against the bounds; errors name `sets`, `reps` or
/// `hold_seconds`.
pub(super) fn checked_dose(base: Dosage, dose: &Dose) -> Result<Dosage, FieldError> {
    let d = base.with(&DosageOverride {
        sets: dose.sets,
        reps: dose.reps,
        hold_seconds: dose.hold_seconds,
        ..DosageOverride::default()
    });
    for (field, allowed) in d.out_of_bounds() {
        if ["sets", "reps", "hold_seconds"].contains(&field) {
            return Err(FieldError::new(field, format!("is out of range; allowed: {allowed}")));
        }
    }
    Ok(d)
}

fn describe(edit: &Edit) -> String {
    match edit {
        Edit::Add { exercise, .. } => format!("added {exercise}"),
        Edit::Remove { exercise } => format!("took out {exercise}"),
        Edit::Dose { exercise, .. } => format!("changed the dose of {exercise}"),
    }
}

impl From<&crate::record::Program> for NextProgram {
    fn from(p: &crate::record::Program) -> NextProgram {
        NextProgram {
            cause: p.cause,
            cleared: p.cleared,
            phase: p.phase,
            started_on: p.started_on,
            phase_started_on: p.phase_started_on,
            trials: p.trials.clone(),
            edits: p.edits.clone(),
            reason: String::new(),
        }
    }
}
