//! Protocols (REFERENCE §3): for each cause, three phases with their exercises and criteria.

use crate::content::exercise::DosageOverride;
use crate::ids::{Cause, Family};
use serde::{Deserialize, Serialize};

/// The protocol of one cause.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Protocol {
    /// The cause it treats.
    pub cause: Cause,
    /// Its family.
    pub family: Family,
    /// Name in words.
    pub name: String,
    /// Why this programme for this cause, in two plain sentences.
    pub summary: String,
    /// Phases in order, numbered from 1.
    pub phases: Vec<Phase>,
    /// Extra stop-and-consult criteria for this cause, in words.
    #[serde(default)]
    pub stop_and_consult: Vec<String>,
    /// Evidence tags.
    pub evidence: String,
    /// Keys of `sources.toml`.
    pub sources: Vec<String>,
}

/// One phase of a protocol.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    /// 1, 2 or 3.
    pub number: u8,
    /// `relief`, `recovery` or `maintenance`.
    pub name: PhaseName,
    /// Typical window, in words ("days 0–14").
    pub window: String,
    /// Planned sessions a day (2 = morning and evening).
    pub sessions_per_day: u8,
    /// Exercises in priority order; the planner takes the first five that apply.
    pub exercises: Vec<PhaseExercise>,
    /// Criteria that must all hold to move to the next phase (empty in the last phase).
    #[serde(default)]
    pub progress_when: Vec<Criterion>,
    /// Notes for the person and the clinician.
    pub notes: Vec<String>,
}

/// The three phases of REFERENCE §3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhaseName {
    /// Phase 1.
    Relief,
    /// Phase 2.
    Recovery,
    /// Phase 3.
    Maintenance,
}

/// An exercise in a phase, with the dose for that phase.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhaseExercise {
    /// The exercise slug.
    pub id: String,
    /// Changes to the exercise's default dose in this phase.
    #[serde(default)]
    pub dosage: DosageOverride,
    /// Offered only once this exercise has been tolerated (a ladder step).
    #[serde(default)]
    pub after: Option<String>,
    /// A logged symptom-response trial rather than a core exercise.
    #[serde(default)]
    pub trial: bool,
    /// A note for this phase ("if it causes no spreading down the leg").
    #[serde(default)]
    pub note: Option<String>,
}

/// A progression criterion that the progression engine knows how to check (REFERENCE §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Criterion {
    /// No peripheralisation logged for 7 consecutive days.
    #[serde(rename = "P-1")]
    NoPeripheralization7Days,
    /// Worst leg pain down ≥ 2 points and ≥ 30% from the phase start, or ≤ 3/10.
    #[serde(rename = "P-2")]
    LegPainImproved,
    /// Exercises done on ≥ 80% of planned sessions in the last week, without stop events.
    #[serde(rename = "P-3")]
    Adherence80,
    /// The most distal symptom moved up at least one level and stayed, or symptoms abolished.
    #[serde(rename = "P-4")]
    Centralized,
    /// Walking time to symptom onset up ≥ 30% from the phase baseline (stenosis).
    #[serde(rename = "WALK-30")]
    WalkingTimeUp30,
    /// Leg pain ≤ 1/10 for 14 days, and 30 minutes of sitting and of walking tolerated.
    #[serde(rename = "SETTLED-14")]
    Settled14Days,
}

impl Criterion {
    /// The content spelling.
    pub const fn code(self) -> &'static str {
        match self {
            Criterion::NoPeripheralization7Days => "P-1",
            Criterion::LegPainImproved => "P-2",
            Criterion::Adherence80 => "P-3",
            Criterion::Centralized => "P-4",
            Criterion::WalkingTimeUp30 => "WALK-30",
            Criterion::Settled14Days => "SETTLED-14",
        }
    }
}

impl Protocol {
    /// The phase with this number.
    pub fn phase(&self, number: u8) -> Option<&Phase> {
        self.phases.iter().find(|p| p.number == number)
    }
}
