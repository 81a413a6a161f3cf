//! Outcome-measure scoring (REFERENCE §6): ODI, RMDQ, SBI, SFI, NRS and STarT Back, with their
//! skipped-item rules, bands and the change against a baseline.

use crate::content::measure::{MeasureDef, Scoring};
use crate::error::FieldError;
use crate::ids::MeasureId;
use serde::Serialize;

/// One answer: an item code, or `None` when the item was skipped.
pub type Answer = Option<u8>;

/// Parses a comma-separated answer list ("3,2,,1"; an empty answer means skipped) against the
/// measure's items.
pub fn parse_answers(def: &MeasureDef, text: &str) -> Result<Vec<Answer>, FieldError> {
    let parts: Vec<&str> = text.split(',').map(str::trim).collect();
    if parts.len() != def.items.len() {
        return Err(FieldError::new(
            "answers",
            format!(
                "{} expects {} answers separated by commas (got {}); leave an answer empty to skip that item",
                def.id,
                def.items.len(),
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize)]
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

/// The change from a baseline to a follow-up score of a measure where higher is worse.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Change {
    /// The baseline score.
    pub baseline: f64,
    /// Points of improvement (baseline − follow-up; negative when worse).
    pub points: f64,
    /// Improvement as a percentage of the baseline, one decimal; `None` when the baseline is 0.
    pub percent: Option<f64>,
    /// The improvement reaches the minimal important change in points.
    pub meets_points: Option<bool>,
    /// The improvement reaches the minimal important change in percent.
    pub meets_percent: Option<bool>,
}

/// The change between two scores (REFERENCE §6: `pct = (baseline − follow_up) / baseline × 100`).
pub fn change(def: &MeasureDef, baseline: f64, follow_up: f64) -> Change {
    let points = round(baseline - follow_up, def.decimals.max(1));
    let raw_percent = (baseline != 0.0).then(|| (baseline - follow_up) / baseline * 100.0);
    Change {
        baseline,
        points,
        percent: raw_percent.map(|p| round(p, 1)),
        meets_points: def.mic_points.map(|m| points >= m),
        meets_percent: def.mic_percent.and_then(|m| raw_percent.map(|p| p >= m)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Content;

    fn def(id: MeasureId) -> &'static MeasureDef {
        Content::embedded().measure(id)
    }

    fn run(id: MeasureId, answers: &str) -> Score {
        let d = def(id);
        score(d, &parse_answers(d, answers).unwrap())
    }

    #[test]
    fn odi_worked_examples() {
        let a = run(MeasureId::Odi, "3,2,3,2,4,3,1,0,2,3");
        assert_eq!((a.score, a.band.as_deref()), (Some(46.0), Some("severe")));
        let b = run(MeasureId::Odi, "3,2,3,2,4,3,1,,2,3");
        assert_eq!((b.score, b.band.as_deref(), b.answered), (Some(51.1), Some("severe"), 9));
        let c = run(MeasureId::Odi, "2,1,2,1,3,2,1,,1,");
        assert_eq!((c.score, c.band.as_deref()), (Some(32.5), Some("moderate")));
        let d = run(MeasureId::Odi, "2,1,2,1,3,2,,,1,");
        assert_eq!((d.score, d.band, d.answered), (None, None, 7));
    }

    #[test]
    fn odi_bands_have_inclusive_upper_bounds() {
        // 41 of 50 sections-points → 82.0; 10 of 50 → 20.0 (minimal, not moderate).
        assert_eq!(run(MeasureId::Odi, "1,1,1,1,1,1,1,1,1,1").band.as_deref(), Some("minimal"));
        assert_eq!(run(MeasureId::Odi, "5,5,5,5,5,4,4,4,4,0").band.as_deref(), Some("bed_bound"));
        // 37 of 45 = 82.2 → bed_bound; 9 of 45 = 20.0 → minimal; 10 of 45 = 22.2 → moderate.
        assert_eq!(run(MeasureId::Odi, "1,1,1,1,1,1,1,,1,1").score, Some(20.0));
        assert_eq!(run(MeasureId::Odi, "2,1,1,1,1,1,1,,1,1").band.as_deref(), Some("moderate"));
    }

    #[test]
    fn odi_change_examples() {
        let d = def(MeasureId::Odi);
        let c = change(d, 46.0, 28.0);
        assert_eq!((c.points, c.percent), (18.0, Some(39.1)));
        assert_eq!((c.meets_points, c.meets_percent), (Some(true), Some(true)));
        let c = change(d, 24.0, 16.0);
        assert_eq!((c.points, c.percent), (8.0, Some(33.3)));
        assert_eq!((c.meets_points, c.meets_percent), (Some(false), Some(true)));
    }

    #[test]
    fn rmdq_counts_ticks_and_skips() {
        let r = run(MeasureId::Rmdq, "1,1,1,1,1,1,1,1,1,1,1,0,0,0,0,0,0,0,0,0,0,0,0,0");
        assert_eq!((r.score, r.band), (Some(11.0), None));
        let r = run(MeasureId::Rmdq, "1,1,,,,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0");
        assert_eq!((r.score, r.skipped, r.band.as_deref()), (Some(2.0), 3, Some("recovered")));
        let d = def(MeasureId::Rmdq);
        let c = change(d, 11.0, 6.0);
        assert_eq!(
            (c.points, c.percent, c.meets_points, c.meets_percent),
            (5.0, Some(45.5), Some(true), Some(true))
        );
        let c = change(d, 3.0, 1.0);
        assert_eq!((c.meets_points, c.meets_percent, c.percent), (Some(false), Some(true), Some(66.7)));
    }

    #[test]
    fn sbi_sfi_need_every_item() {
        assert_eq!(run(MeasureId::Sbi, "5,4,2,5").score, Some(16.0));
        assert_eq!(run(MeasureId::Sbi, "2,2,1,1").score, Some(6.0));
        assert_eq!(run(MeasureId::Sfi, "6,5,3,5").score, Some(19.0));
        assert_eq!(run(MeasureId::Sfi, "3,2,1,2").score, Some(8.0));
        assert_eq!(run(MeasureId::Sbi, "5,,2,5").score, None);
        let c = change(def(MeasureId::Sbi), 16.0, 6.0);
        assert_eq!((c.points, c.percent), (10.0, Some(62.5)));
        assert_eq!(change(def(MeasureId::Sfi), 19.0, 8.0).percent, Some(57.9));
    }

    #[test]
    fn nrs_examples() {
        assert_eq!(run(MeasureId::Nrs, "7").score, Some(7.0));
        let d = def(MeasureId::Nrs);
        let c = change(d, 7.0, 4.0);
        assert_eq!(
            (c.points, c.percent, c.meets_points, c.meets_percent),
            (3.0, Some(42.9), Some(true), Some(true))
        );
        let c = change(d, 8.0, 6.0);
        assert_eq!((c.meets_points, c.meets_percent, c.percent), (Some(true), Some(false), Some(25.0)));
        let c = change(d, 3.0, 1.0);
        assert_eq!((c.meets_points, c.meets_percent), (Some(true), Some(true)));
        assert_eq!(change(d, 0.0, 2.0).percent, None);
    }

    #[test]
    fn startback_worked_examples() {
        let cases = [
            ("1,0,1,1,0,0,0,0,2", 3, 0, Risk::Low),
            ("1,1,1,1,1,0,0,0,3", 6, 2, Risk::Medium),
            ("1,0,1,0,1,1,1,0,4", 6, 4, Risk::High),
            ("0,0,0,0,1,1,1,1,1", 4, 4, Risk::High),
        ];
        for (answers, total, psychosocial, risk) in cases {
            let s = run(MeasureId::Startback, answers);
            assert_eq!(
                (s.total, s.psychosocial, s.risk),
                (Some(total), Some(psychosocial), Some(risk)),
                "{answers}"
            );
            assert_eq!(s.score, Some(f64::from(total)));
            assert_eq!(s.band.as_deref(), Some(risk.as_str()));
        }
        let s = run(MeasureId::Startback, "1,0,1,0,1,1,1,0,");
        assert_eq!((s.total, s.psychosocial, s.risk, s.score), (None, None, None, None));
    }

    #[test]
    fn bad_answers_name_the_item_and_the_range() {
        let d = def(MeasureId::Odi);
        let e = parse_answers(d, "3,2,3,2,4,3,1,0,2").unwrap_err();
        assert!(e.to_string().contains("expects 10 answers"), "{e}");
        let e = parse_answers(d, "3,2,3,2,9,3,1,0,2,3").unwrap_err();
        assert_eq!(e.field, "answers item 5");
        assert!(e.problem.contains("0 to 5"), "{e}");
        assert!(parse_answers(def(MeasureId::Nrs), "11").is_err());
        assert!(parse_answers(def(MeasureId::Startback), "1,1,1,1,1,1,1,1,5").is_err());
        assert!(parse_answers(def(MeasureId::Rmdq), "x").is_err());
    }
}
