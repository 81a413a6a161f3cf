//! Outcome-measure definitions (REFERENCE §6). The scoring itself is in `crate::measures`.

use crate::ids::MeasureId;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The placeholder a licensed item carries until a clinic loads its text.
pub const PLACEHOLDER: &str = "Licensed item text is not included. Your clinic can add it.";

/// One outcome measure: its items, scoring rule, bands and minimal important change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasureDef {
    /// Measure id.
    pub id: MeasureId,
    /// Full name.
    pub name: String,
    /// The name a person knows it by ("Leg and back pain").
    pub plain_name: String,
    /// One or two plain sentences shown above the questions.
    #[serde(default)]
    pub intro: Option<String>,
    /// What the score is called in the sentence after saving ("Your leg pain").
    pub result_name: String,
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
    /// Higher scores are better (PSFS); a change is then the follow-up minus the baseline.
    #[serde(default)]
    pub higher_is_better: bool,
    /// What each band means to the person, in one sentence, for a measure that is not
    /// compared with a baseline (STarT Back risk groups, the global change answers).
    #[serde(default)]
    pub band_meanings: BTreeMap<String, String>,
    /// The command line and the API also take this many answers, the first items: an older,
    /// shorter form of the measure (NRS: one rating before leg and back were asked apart).
    #[serde(default)]
    pub short_form_items: Option<usize>,
    /// The person names each item they answer (PSFS: the activities they find hard).
    #[serde(default)]
    pub named_items: bool,
    /// Item text is licensed and not shipped; the item text here is a placeholder.
    pub item_text_licensed: bool,
    /// A clinic has put its licensed item text (and answer labels) into this file: the form
    /// shows it, and the measure is offered to patients and falls due on its schedule.
    #[serde(default)]
    pub licensed_text_loaded: bool,
    /// The copyright and licence statement shown under the licensed text (required with it).
    #[serde(default)]
    pub copyright_notice: Option<String>,
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
    /// A single item: its code (the global change answer).
    Single,
    /// Leg pain then back pain, 0–10 each (NRS): the score is the leg pain.
    LegBack,
    /// The mean of the answered items, when at least `min_answered` are (PSFS, PEG).
    Mean,
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

impl MeasureDef {
    /// The words at the two ends of its first item's scale ("0 - no pain", "10 - worst pain
    /// imaginable"), for a pain rating asked outside the questionnaire (a session's before and
    /// after); the bare numbers when the item has no labels.
    pub fn anchors(&self) -> (String, String) {
        let item = self.items.first();
        let labels = item.map(|i| i.labels.as_slice()).unwrap_or_default();
        match (labels.first(), labels.last(), item) {
            (Some(low), Some(high), _) => (low.clone(), high.clone()),
            (_, _, Some(i)) => (i.min.to_string(), i.max.to_string()),
            _ => ("0".to_owned(), "10".to_owned()),
        }
    }

    /// Offered to patients: its text may be shipped, or a clinic has loaded its licensed text.
    /// A measure that is not offered is not listed to the person and never falls due; its
    /// scores can still be entered from a clinic's paper copy.
    pub fn offered(&self) -> bool {
        !self.item_text_licensed || self.licensed_text_loaded
    }

    /// Compared with the person's first score (it has a minimal important change).
    pub fn compared(&self) -> bool {
        self.mic_points.is_some() || self.mic_percent.is_some()
    }
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
