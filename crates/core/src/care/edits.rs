//! A clinician's changes to the exercises of the cause's protocol: added, removed and re-dosed
//! exercises, and the dose a change sets.

use crate::ids::Cause;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// A change of dose; each part optional.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dose {
    /// Rounds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sets: Option<u32>,
    /// Repetitions per round.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reps: Option<u32>,
    /// Seconds per hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hold_seconds: Option<u32>,
}

impl Dose {
    /// Nothing is changed.
    pub fn is_empty(&self) -> bool {
        self.sets.is_none() && self.reps.is_none() && self.hold_seconds.is_none()
    }
}

/// A clinician's changes to a programme drawn from its protocol, kept with each programme
/// version.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edits {
    /// The protocol they were made for: they are followed only while the plan is drawn from it
    /// (not on the gentle programme a screen falls back to).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<Cause>,
    /// Exercises added to the protocol's.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub added: BTreeSet<String>,
    /// Exercises taken out.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub removed: BTreeSet<String>,
    /// Exercises kept although the log would take them out (a clinician looked at it).
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub kept: BTreeSet<String>,
    /// Doses changed.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub doses: BTreeMap<String, Dose>,
}

impl Edits {
    /// No change from the protocol.
    pub fn is_empty(&self) -> bool {
        self == &Edits::default()
    }
}

/// A change to the programme's exercises.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Edit {
    /// Add an exercise, optionally at a dose.
    Add {
        /// The exercise.
        exercise: String,
        /// Its dose, when not the protocol's.
        #[serde(default, skip_serializing_if = "Dose::is_empty")]
        dose: Dose,
    },
    /// Take an exercise out.
    Remove {
        /// The exercise.
        exercise: String,
    },
    /// Change an exercise's dose.
    Dose {
        /// The exercise.
        exercise: String,
        /// The new dose.
        dose: Dose,
    },
}
