//! Outcome-measure definitions (REFERENCE §6). The scoring itself is in `crate::measures`.

use crate::ids::MeasureId;
use serde::{Deserialize, Serialize};

/// One outcome measure: its items, scoring rule, bands and minimal important change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasureDef {
    /// Measure id.
    pub id: MeasureId,
    /// Full name.
    pub name: String,
    /// Instrument version, stored with every response.
    pub version: String,
    /// The period the answers are about ("today", "the past week").
    pub recall: String,
    /// How items become a score.
    pub scoring: Scoring,
    /// Fewest answered items for a score (ODI: 8).
    #[serde(default)]
    pub min_answered: Option<usize>,
    /// Decimals the score is rounded to (half away from zero).
    #[serde(default)]
    pub decimals: u8,
    /// Largest possible score.
    pub max_score: f64,
    /// Bands with inclusive upper bounds, ascending; a score above every bound has no band.
    #[serde(default)]
    pub bands: Vec<Band>,
    /// Minimal important change in points.
    #[serde(default)]
    pub mic_points: Option<f64>,
    /// Minimal important change as a percentage of the baseline.
    #[serde(default)]
    pub mic_percent: Option<f64>,
    /// A note on the minimal important change (e.g. that it is an extrapolation).
    #[serde(default)]
    pub mic_note: Option<String>,
    /// When it is suggested (e.g. `baseline`, `2w`, `6w`, `12w`, `daily`).
    pub schedule: Vec<String>,
    /// Item text is licensed and not shipped; the item text here is a placeholder.
    pub item_text_licensed: bool,
    /// Licence terms in words.
    pub licence: String,
    /// The items, in order.
    pub items: Vec<Item>,
    /// Evidence tags.
    pub evidence: String,
    /// Keys of `sources.toml`.
    pub sources: Vec<String>,
}

/// The scoring rules the core implements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scoring {
    /// ODI: sum of answered sections / (5 × answered) × 100, when enough are answered.
    OdiPercent,
    /// Sum of items; a skipped item counts 0 and is reported as `skipped` (RMDQ).
    SumSkippedZero,
    /// Sum of items; no total when any item is skipped (SBI, SFI).
    SumAllRequired,
    /// A single 0–10 item (NRS).
    Single,
    /// Keele STarT Back: total, psychosocial subscale and risk group.
    Startback,
}

/// A labelled score band.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// Band id, e.g. `moderate`.
    pub id: String,
    /// Inclusive upper bound of the score after rounding.
    pub max: f64,
    /// What it means, in words.
    pub label: String,
}

/// One item of a measure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Topic of the item (not licensed text), e.g. "Pain intensity".
    pub topic: String,
    /// The text shown; a placeholder where the item text is licensed.
    pub text: String,
    /// Lowest answer code.
    pub min: u8,
    /// Highest answer code.
    pub max: u8,
    /// Labels of the answer codes, from `min` up, when shipped.
    #[serde(default)]
    pub labels: Vec<String>,
}
