//! Exercises (REFERENCE §2): what a person does, how, how much, and for which causes.

use crate::ids::{Cause, Direction, Posture};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One exercise of the library. Patient-facing fields are written in plain words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    /// Kebab-case slug, e.g. `prone-lying`.
    pub id: String,
    /// Reference code, e.g. `E01`.
    pub code: String,
    /// Clinical name (for clinicians).
    pub name: String,
    /// Plain name shown to the person.
    pub plain_name: String,
    /// The main direction of movement (what `plan` prints).
    pub direction: Direction,
    /// Family in words (for clinicians).
    pub family: String,
    /// Only a clinician may prescribe it.
    #[serde(default)]
    pub clinician_only: bool,
    /// Body position in plain words.
    pub position: String,
    /// Floor, seated or standing: what orders a session.
    pub posture: Posture,
    /// Where the body starts.
    pub start_position: String,
    /// Where the body ends.
    pub end_position: String,
    /// Steps, in order, in the second person.
    pub steps: Vec<String>,
    /// Form cues.
    pub form_cues: Vec<String>,
    /// Common mistakes.
    pub common_mistakes: Vec<String>,
    /// Extra stop rules for this exercise, on top of the universal stop rules.
    #[serde(default)]
    pub stop_when: Vec<String>,
    /// Contraindications and cautions (for clinicians).
    pub contraindications: Vec<String>,
    /// Default dosage.
    pub dosage: Dosage,
    /// The dosage in words, with its range and how it builds up.
    pub dosage_note: String,
    /// How to make it harder.
    pub progression: Step,
    /// How to make it easier.
    pub regression: Step,
    /// Suitability for every cause (REFERENCE §2.2).
    pub suits: BTreeMap<Cause, Suitability>,
    /// Evidence tags, e.g. `P/C`.
    pub evidence: String,
    /// Keys of `sources.toml`.
    pub sources: Vec<String>,
    /// The figure: start and end positions as joint angles (see [`crate::pose`]).
    pub pose: crate::pose::ExercisePose,
}

/// How much of an exercise: a starting dose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dosage {
    /// Rounds.
    pub sets: u32,
    /// Repetitions per round (for a hold exercise: the number of holds).
    pub reps: u32,
    /// Seconds each repetition is held, when the exercise is a hold.
    #[serde(default)]
    pub hold_seconds: Option<u32>,
    /// Minutes, for time-based activity such as walking.
    #[serde(default)]
    pub minutes: Option<u32>,
    /// The dose is done on each side.
    #[serde(default)]
    pub per_side: bool,
    /// How many times a day.
    pub times_per_day: u32,
}

/// A partial dosage that overrides an exercise's default in a protocol phase.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DosageOverride {
    /// Rounds.
    pub sets: Option<u32>,
    /// Repetitions per round.
    pub reps: Option<u32>,
    /// Seconds per hold.
    pub hold_seconds: Option<u32>,
    /// Minutes.
    pub minutes: Option<u32>,
    /// Done on each side.
    pub per_side: Option<bool>,
    /// Times a day.
    pub times_per_day: Option<u32>,
}

impl Dosage {
    /// This dosage with the fields of `o` that are set.
    #[must_use]
    pub fn with(self, o: &DosageOverride) -> Dosage {
        Dosage {
            sets: o.sets.unwrap_or(self.sets),
            reps: o.reps.unwrap_or(self.reps),
            hold_seconds: o.hold_seconds.or(self.hold_seconds),
            minutes: o.minutes.or(self.minutes),
            per_side: o.per_side.unwrap_or(self.per_side),
            times_per_day: o.times_per_day.unwrap_or(self.times_per_day),
        }
    }

    /// Problems with the bounds, as (field, allowed) pairs.
    pub fn out_of_bounds(&self) -> Vec<(&'static str, &'static str)> {
        let mut bad = Vec::new();
        if !(1..=5).contains(&self.sets) {
            bad.push(("sets", "1 to 5"));
        }
        if !(1..=30).contains(&self.reps) {
            bad.push(("reps", "1 to 30"));
        }
        if self.hold_seconds.is_some_and(|h| !(1..=600).contains(&h)) {
            bad.push(("hold_seconds", "1 to 600"));
        }
        if self.minutes.is_some_and(|m| !(1..=60).contains(&m)) {
            bad.push(("minutes", "1 to 60"));
        }
        if !(1..=12).contains(&self.times_per_day) {
            bad.push(("times_per_day", "1 to 12"));
        }
        if self.hold_seconds.is_some() && self.minutes.is_some() {
            bad.push(("hold_seconds", "not together with minutes"));
        }
        bad
    }
}

/// A progression or regression: words, and optionally the exercise it leads to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// The exercise it leads to, when it is another exercise.
    #[serde(default)]
    pub to: Option<String>,
    /// What to change, in words.
    pub text: String,
    /// The dose of the easier version, when the source gives one (a regression only).
    #[serde(default)]
    pub dosage: Option<DosageOverride>,
}

/// How an exercise suits one cause: one status for every phase, or one per phase (1, 2, 3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Suitability {
    /// The same in every phase.
    All(Status),
    /// Phase 1, 2 and 3.
    PerPhase([Status; 3]),
}

/// One cell of the suitability matrix (REFERENCE §2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// ✓ core.
    Core,
    /// ○ optional.
    Optional,
    /// T: only as a cautious, logged symptom-response trial.
    Trial,
    /// Not in this phase yet (a later phase), but not contraindicated.
    Later,
    /// Only when a clinician prescribes it.
    ClinicianOnly,
    /// ✗ avoid.
    Avoid,
    /// – not relevant.
    NotRelevant,
}

impl Suitability {
    /// The status in a phase (1-based; phases beyond 3 read as phase 3).
    pub fn in_phase(&self, phase: u8) -> Status {
        match self {
            Suitability::All(s) => *s,
            Suitability::PerPhase(p) => p[usize::from(phase.clamp(1, 3)) - 1],
        }
    }
}

impl Exercise {
    /// The status of this exercise for a cause in a phase. A cause missing from the matrix reads
    /// as `avoid` (validation rejects such content anyway).
    pub fn status(&self, cause: Cause, phase: u8) -> Status {
        self.suits.get(&cause).map_or(Status::Avoid, |s| s.in_phase(phase))
    }
}
