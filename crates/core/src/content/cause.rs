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
    /// Evidence tags.
    pub evidence: String,
    /// Keys of `sources.toml`.
    pub sources: Vec<String>,
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
