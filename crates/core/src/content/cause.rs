//! Causes (REFERENCE §1).

use crate::ids::{Cause, Direction, Family};
use serde::{Deserialize, Serialize};

/// What the product knows about one cause of sciatica.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CauseInfo {
    /// The cause id.
    pub id: Cause,
    /// Clinical name.
    pub name: String,
    /// Plain name for the person.
    pub plain_name: String,
    /// The family of its protocol.
    pub family: Family,
    /// Typical person and onset.
    pub typical: String,
    /// How it presents.
    pub presentation: String,
    /// Directional preference, in words.
    pub directional_preference: String,
    /// Directions of movement that usually help.
    pub helpful_directions: Vec<Direction>,
    /// Directions to avoid early (phases 1 and 2), except as a logged trial.
    pub avoided_directions: Vec<Direction>,
    /// Exercise families that help, in words.
    pub helps: Vec<String>,
    /// What to avoid or delay early, in words.
    pub avoid: Vec<String>,
    /// The position that relieves symptoms, in plain words.
    pub relief_position: String,
    /// The relief positions one by one, each with the exercises done in that very position, so
    /// the advice after an exercise that made things worse never names that exercise's position.
    #[serde(default)]
    pub relief: Vec<Relief>,
    /// Evidence tags.
    pub evidence: String,
    /// Keys of `sources.toml`.
    pub sources: Vec<String>,
}

/// One relief position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Relief {
    /// The position, as a sentence.
    pub text: String,
    /// Exercises done in this position.
    #[serde(default)]
    pub like: Vec<String>,
}

impl CauseInfo {
    /// The relief advice after `exercise` made symptoms worse: the relief positions other than
    /// the one that exercise is done in; `None` when every one is (the caller then gives the
    /// general advice).
    pub fn relief_after(&self, exercise: Option<&str>) -> Option<String> {
        let Some(id) = exercise.filter(|id| self.relief.iter().any(|r| r.like.iter().any(|l| l == id)))
        else {
            return Some(self.relief_position.clone());
        };
        let rest: Vec<&str> =
            self.relief.iter().filter(|r| !r.like.iter().any(|l| l == id)).map(|r| r.text.as_str()).collect();
        (!rest.is_empty()).then(|| rest.join(" "))
    }
}

impl crate::Content {
    /// The relief advice for `cause` after `exercise` made symptoms worse (any relief position
    /// but that exercise's own; the general advice when none is left).
    pub fn relief_after(&self, cause: crate::Cause, exercise: Option<&str>) -> String {
        self.cause(cause).relief_after(exercise).unwrap_or_else(|| self.texts.session.relief_fallback.clone())
    }
}

/// A bibliography entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Short key cited by entries, e.g. `nice-ng59`.
    pub key: String,
    /// Full citation.
    pub citation: String,
    /// Where to read it, when public.
    #[serde(default)]
    pub url: Option<String>,
}
