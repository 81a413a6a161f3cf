//! Outcome-measure scoring (REFERENCE §6): ODI, RMDQ, SBI, SFI, the leg and back pain ratings,
//! STarT Back, the PSFS, the PEG and the global change question, with their skipped-item rules,
//! bands and the change against a baseline; when each falls due ([`due`]); and what a score
//! means to the person, in one sentence ([`meaning`]).

pub mod due;
pub mod meaning;

use crate::content::measure::{MeasureDef, Scoring};
use crate::error::FieldError;
use crate::ids::MeasureId;
use serde::{Deserialize, Serialize};

/// One answer: an item code, or `None` when the item was skipped.
pub type Answer = Option<u8>;

/// Parses a comma-separated answer list ("3,2,,1"; an empty answer means skipped) against the
/// measure's items.
/// A measure with a shorter form (`short_form_items`, the NRS's one rating) also takes that
/// many answers.
pub fn parse_answers(def: &MeasureDef, text: &str) -> Result<Vec<Answer>, FieldError> {
    let parts: Vec<&str> = text.split(',').map(str::trim).collect();
    if parts.len() != def.items.len() && Some(parts.len()) != def.short_form_items {
        let expected = match def.short_form_items {
            Some(n) => format!("{} (or {n}, its shorter form)", def.items.len()),
            None => def.items.len().to_string(),
        };
        return Err(FieldError::new(
            "answers",
            format!(
                "{} expects {expected} answers separated by commas (got {}); leave an answer empty to skip that item",
                def.id,
                parts.len()
            ),
        ));
    }
    parts
        .iter()
        .zip(&def.items)
        .enumerate()
        .map(|(i, (part, item))| {
            if part.is_empty() {
                return Ok(None);
            }
            match part.parse::<u8>() {
                Ok(n) if (item.min..=item.max).contains(&n) => Ok(Some(n)),
                _ => Err(FieldError::new(
                    format!("answers item {}", i + 1),
                    format!(
                        "`{part}` is not allowed; allowed: a whole number from {} to {}, or empty to skip",
                        item.min, item.max
                    ),
                )),
            }
        })
        .collect()
}

/// STarT Back risk group (REFERENCE §6.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Risk {
    /// Total 0–3.
    Low,
    /// Total 4–9 with a psychosocial subscale below 4.
    Medium,
    /// Psychosocial subscale 4–5.
    High,
}

impl Risk {
    /// The contract spelling.
    pub const fn as_str(self) -> &'static str {
        match self {
            Risk::Low => "low",
            Risk::Medium => "medium",
            Risk::High => "high",
        }
    }
}

/// A scored questionnaire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Score {
    /// The measure.
    pub measure: MeasureId,
    /// The score, or `None` when the questionnaire is incomplete.
    pub score: Option<f64>,
    /// The band, or `None` for a measure without bands or an incomplete questionnaire.
    pub band: Option<String>,
    /// Items answered.
    pub answered: usize,
    /// Items skipped.
    pub skipped: usize,
    /// STarT Back: sum of the nine item scores.
    pub total: Option<u8>,
    /// STarT Back: sum of items 5–9.
    pub psychosocial: Option<u8>,
    /// STarT Back: risk group.
    pub risk: Option<Risk>,
    /// Leg and back pain (NRS, both items): the leg pain rating.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leg: Option<u8>,
    /// Leg and back pain (NRS, both items): the back pain rating.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub back: Option<u8>,
    /// PSFS: the activity each answered item is about, in item order (empty for other measures).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub activities: Vec<String>,
}

impl Score {
    /// The measure rule this result raises: R26 for a high-risk STarT Back (REFERENCE §4.3 and
    /// §6.6: refer for psychologically informed care).
    pub fn rule(&self) -> Option<&'static str> {
        (self.measure == MeasureId::Startback && self.risk == Some(Risk::High)).then_some("R26")
    }
}

/// Rounds half away from zero to `decimals` places.
fn round(x: f64, decimals: u8) -> f64 {
    let f = 10f64.powi(i32::from(decimals));
    (x * f).round() / f
}

/// Scores a questionnaire. `answers` must come from [`parse_answers`] for the same measure.
pub fn score(def: &MeasureDef, answers: &[Answer]) -> Score {
    let answered = answers.iter().filter(|a| a.is_some()).count();
    let mut s = Score {
        measure: def.id,
        score: None,
        band: None,
        answered,
        skipped: answers.len() - answered,
        total: None,
        psychosocial: None,
        risk: None,
        leg: None,
        back: None,
        activities: Vec::new(),
    };
    let sum: u32 = answers.iter().flatten().map(|a| u32::from(*a)).sum();
    s.score = match def.scoring {
        // Fairbank & Pynsent 2000: each unanswered section removes its maximum from the
        // denominator; app policy [C]: at least `min_answered` sections.
        Scoring::OdiPercent => {
            let enough = answered >= def.min_answered.unwrap_or(1) && answered > 0;
            enough.then(|| {
                let max: u32 = answers
                    .iter()
                    .zip(&def.items)
                    .filter(|(a, _)| a.is_some())
                    .map(|(_, item)| u32::from(item.max))
                    .sum();
                // Exact rounding half away from zero: tenths = round(sum * 1000 / max).
                let scale = 10u32.pow(u32::from(def.decimals));
                let num = sum * 100 * scale;
                f64::from((2 * num + max) / (2 * max)) / f64::from(scale)
            })
        }
        // Roland & Morris 1983: a statement not ticked (or skipped) counts 0 [C].
        Scoring::SumSkippedZero => Some(f64::from(sum)),
        // SBI/SFI: no published rule for missing items; no total [C].
        Scoring::SumAllRequired | Scoring::Single => (s.skipped == 0).then_some(f64::from(sum)),
        // REFERENCE §6.5: leg and back pain rated apart. Leg pain is the score (in sciatica the
        // leg pain is the main complaint) [C]; the one-rating short form scores that rating.
        Scoring::LegBack => {
            if answers.len() >= 2 {
                s.leg = answers[0];
                s.back = answers[1];
            }
            answers[0].map(f64::from)
        }
        // PSFS (Stratford 1995): the sum of the activity scores over the number of activities;
        // PEG (Krebs 2009): the mean of its three items. Fewest answered: `min_answered`, or all.
        Scoring::Mean => {
            let needed = def.min_answered.unwrap_or(answers.len()).max(1);
            #[allow(clippy::cast_precision_loss)] // at most a few items
            let mean = (answered >= needed).then(|| f64::from(sum) / answered as f64);
            mean
        }
        Scoring::Startback => {
            startback(answers, &mut s);
            s.total.map(f64::from)
        }
    }
    .map(|v| round(v, def.decimals));
    s.band = match (def.scoring, s.risk, s.score) {
        (Scoring::Startback, Some(risk), _) => Some(risk.as_str().to_owned()),
        (_, _, Some(v)) => def.bands.iter().find(|b| v <= b.max).map(|b| b.id.clone()),
        _ => None,
    };
    s
}

/// Keele STarT Back scoring (REFERENCE §6.6; Keele "Using and scoring"): items 1–8 count their
/// code; item 9 counts 1 for "very much" (3) or "extremely" (4); psychosocial = items 5–9;
/// high if psychosocial ≥ 4, else medium if total ≥ 4, else low. Any skipped item: no result [C].
fn startback(answers: &[Answer], s: &mut Score) {
    let Some(codes) = answers.iter().copied().collect::<Option<Vec<u8>>>() else {
        return;
    };
    let item_scores: Vec<u8> =
        codes.iter().enumerate().map(|(i, c)| if i == 8 { u8::from(*c >= 3) } else { *c }).collect();
    let total: u8 = item_scores.iter().sum();
    let psychosocial: u8 = item_scores[4..9].iter().sum();
    s.total = Some(total);
    s.psychosocial = Some(psychosocial);
    s.risk = Some(if psychosocial >= 4 {
        Risk::High
    } else if total >= 4 {
        Risk::Medium
    } else {
        Risk::Low
    });
}

/// Names the activities of a PSFS response: one name for each answered item, none for an item
/// left empty. Names are trimmed and at most 80 characters.
pub fn name_activities(
    def: &MeasureDef,
    answers: &[Answer],
    names: &[String],
) -> Result<Vec<String>, FieldError> {
    if !def.named_items {
        return match names.iter().position(|n| !n.trim().is_empty()) {
            Some(i) => Err(FieldError::new(
                format!("activity {}", i + 1),
                format!("{} has no named items; allowed: no activity names", def.id),
            )),
            None => Ok(Vec::new()),
        };
    }
    let mut out = Vec::new();
    for (i, answer) in answers.iter().enumerate() {
        let name = names.get(i).map_or("", |n| n.trim());
        let field = format!("activity {}", i + 1);
        match (answer, name.is_empty()) {
            (Some(_), true) => {
                return Err(FieldError::new(
                    field,
                    "has a rating but no name; allowed: the activity the rating is about, in a few words",
                ));
            }
            (None, false) => {
                return Err(FieldError::new(
                    format!("answers item {}", i + 1),
                    format!("`{name}` has no rating; allowed: a whole number from 0 to 10"),
                ));
            }
            (Some(_), false) if name.chars().count() > 80 => {
                return Err(FieldError::new(field, "is too long; allowed: up to 80 characters"));
            }
            (Some(_), false) => out.push(name.to_owned()),
            (None, true) => {}
        }
    }
    Ok(out)
}

/// The first scored response of a measure, when there is one before the latest: what the latest
/// is compared with (REFERENCE §6). `scores` are the measure's scores, oldest first, the latest
/// last.
pub fn baseline(scores: &[Option<f64>]) -> Option<f64> {
    let (_, earlier) = scores.split_last()?;
    earlier.iter().flatten().copied().next()
}

/// The change from a baseline to a follow-up score; `points` is positive when better, whichever
/// way the measure runs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Change {
    /// The baseline score.
    pub baseline: f64,
    /// Points of improvement (baseline − follow-up, or the reverse where higher is better;
    /// negative when worse).
    pub points: f64,
    /// Improvement as a percentage of the baseline, one decimal; `None` when the baseline is 0.
    pub percent: Option<f64>,
    /// The improvement reaches the minimal important change in points.
    pub meets_points: Option<bool>,
    /// The improvement reaches the minimal important change in percent.
    pub meets_percent: Option<bool>,
}

/// The change between two scores (REFERENCE §6: `pct = (baseline − follow_up) / baseline × 100`
/// where higher is worse; the improvement over the baseline where higher is better).
pub fn change(def: &MeasureDef, baseline: f64, follow_up: f64) -> Change {
    let better = if def.higher_is_better { follow_up - baseline } else { baseline - follow_up };
    let points = round(better, def.decimals.max(1));
    let raw_percent = (baseline != 0.0).then(|| better / baseline * 100.0);
    Change {
        baseline,
        points,
        percent: raw_percent.map(|p| round(p, 1)),
        meets_points: def.mic_points.map(|m| points >= m),
        meets_percent: def.mic_percent.and_then(|m| raw_percent.map(|p| p >= m)),
    }
}

#[cfg(test)]
mod tests;
