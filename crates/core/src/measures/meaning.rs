//! What a saved score means to the person, in one plain sentence: against their first score and
//! the measure's minimal important change (REFERENCE §6), or, for a measure that is not compared
//! (STarT Back, the global change question), what its band means. The wording is content
//! (`text.toml`, `[measure_result]`, and each measure's `band_meanings`); the choice is made here.

use super::{Change, Score, change};
use crate::content::Content;
use crate::content::measure::MeasureDef;
use serde::Serialize;

/// What a score means, before it is put into words.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Meaning {
    /// Too few answers for a score.
    Incomplete {
        /// Items answered.
        answered: usize,
        /// Items needed for a score.
        needed: usize,
    },
    /// A measure not compared with a baseline: its band says what it means.
    Band {
        /// The band (or STarT Back risk group).
        band: String,
    },
    /// The first score: the starting point later ones are compared with.
    First,
    /// Better than the first score.
    Better {
        /// The change.
        change: Change,
        /// It reaches the minimal important change (in points or in percent).
        matters: bool,
    },
    /// The same as the first score.
    Same,
    /// Worse than the first score.
    Worse {
        /// The change (negative points).
        change: Change,
        /// It is at least as large as the minimal important change, the other way [C].
        matters: bool,
    },
}

/// Decides what a score means against the person's first score of the measure (`baseline`,
/// `None` when this is the first).
pub fn meaning(def: &MeasureDef, score: &Score, baseline: Option<f64>) -> Meaning {
    let Some(value) = score.score else {
        let needed = def.min_answered.unwrap_or(score.answered + score.skipped);
        return Meaning::Incomplete { answered: score.answered, needed };
    };
    if !def.compared() {
        return match &score.band {
            Some(band) => Meaning::Band { band: band.clone() },
            None => Meaning::First,
        };
    }
    let Some(baseline) = baseline else { return Meaning::First };
    let c = change(def, baseline, value);
    // Either threshold is enough (REFERENCE §6.1: report both flags; the relative rule suits a
    // low baseline) [C].
    let reaches = |points: f64, percent: Option<f64>| {
        def.mic_points.is_some_and(|m| points >= m)
            || def.mic_percent.zip(percent).is_some_and(|(m, p)| p >= m)
    };
    if c.points > 0.0 {
        Meaning::Better { change: c, matters: reaches(c.points, c.percent) }
    } else if c.points < 0.0 {
        Meaning::Worse { change: c, matters: reaches(-c.points, c.percent.map(|p| -p)) }
    } else {
        Meaning::Same
    }
}

/// A number as a person reads it: whole numbers without decimals, others with the measure's.
pub fn number(v: f64, decimals: u8) -> String {
    if v.fract() == 0.0 { format!("{v:.0}") } else { format!("{v:.*}", usize::from(decimals.max(1))) }
}

fn fill(template: &str, pairs: &[(&str, String)]) -> String {
    pairs.iter().fold(template.to_owned(), |t, (k, v)| t.replace(&format!("{{{k}}}"), v))
}

/// A number of points with its unit ("1 point", "2.5 points").
fn points(content: &Content, v: f64) -> String {
    let t = &content.texts.measure_result;
    let n = number(v, 1);
    fill(if n == "1" { &t.one_point } else { &t.points }, &[("n", n)])
}

/// The minimal important change in words ("10 points or 30% better").
fn mic_words(content: &Content, def: &MeasureDef) -> String {
    let t = &content.texts.measure_result;
    let points = def.mic_points.map(|p| points(content, p));
    let percent = def.mic_percent.map(|p| number(p, 0));
    match (points, percent) {
        (Some(p), Some(c)) => fill(&t.mic_both, &[("points", p), ("percent", c)]),
        (Some(p), None) => fill(&t.mic_points, &[("points", p)]),
        (None, Some(c)) => fill(&t.mic_percent, &[("percent", c)]),
        (None, None) => String::new(),
    }
}

/// The one plain sentence shown after saving.
pub fn sentence(content: &Content, def: &MeasureDef, score: &Score, baseline: Option<f64>) -> String {
    let t = &content.texts.measure_result;
    let m = meaning(def, score, baseline);
    let value = score.score.map(|v| number(v, def.decimals)).unwrap_or_default();
    let mut pairs = vec![
        ("name", def.result_name.clone()),
        ("score", value),
        ("max", number(def.max_score, 0)),
        ("mic", mic_words(content, def)),
        ("baseline", baseline.map(|b| number(b, def.decimals)).unwrap_or_default()),
    ];
    let template = match &m {
        Meaning::Incomplete { answered, needed } => {
            pairs.push(("answered", answered.to_string()));
            pairs.push(("items", (score.answered + score.skipped).to_string()));
            pairs.push(("needed", needed.to_string()));
            &t.incomplete
        }
        Meaning::Band { band } => def.band_meanings.get(band).unwrap_or(&t.plain),
        Meaning::First => &t.first,
        Meaning::Same => &t.same,
        Meaning::Better { change, matters } | Meaning::Worse { change, matters } => {
            pairs.push(("points", points(content, change.points.abs())));
            match (change.points > 0.0, matters) {
                (true, true) => &t.better_matters,
                (true, false) => &t.better,
                (false, true) => &t.worse_matters,
                (false, false) => &t.worse,
            }
        }
    };
    fill(template, &pairs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MeasureId;
    use crate::measures::{parse_answers, score};

    fn said(id: MeasureId, answers: &str, baseline: Option<f64>) -> String {
        let c = Content::embedded();
        let def = c.measure(id);
        sentence(c, def, &score(def, &parse_answers(def, answers).unwrap()), baseline)
    }

    #[test]
    fn the_first_score_is_the_starting_point() {
        assert_eq!(
            said(MeasureId::Nrs, "7,3", None),
            "Your leg pain is 7 out of 10: this is your starting point, and your next answers will be compared with it."
        );
        assert!(
            said(MeasureId::Psfs, "3,5,4,,", None).starts_with("Your average rating is 4 out of 10: this is")
        );
    }

    #[test]
    fn against_the_baseline_and_the_change_that_matters() {
        // NRS 7 → 4: 3 points (42.9%): matters (REFERENCE §6.5 worked example).
        assert_eq!(
            said(MeasureId::Nrs, "4,2", Some(7.0)),
            "Your leg pain is 4 out of 10, 3 points better than your first answer of 7: that is a change that matters."
        );
        // PEG 6.0 → 5.7: 0.3 points, neither 1 point nor 30%.
        assert_eq!(
            said(MeasureId::Peg, "4,6,7", Some(6.0)),
            "Your PEG score is 5.7 out of 10, 0.3 points better than your first answer of 6; a change that matters is 1 point or 30% better."
        );
        // PSFS: higher is better; 4.0 → 6.5 is 2.5 points better.
        assert!(
            said(MeasureId::Psfs, "6,7,,,", Some(4.0))
                .contains("2.5 points better than your first answer of 4: that is a change that matters")
        );
        // Worse: 4 → 5 on the leg-pain scale is small; 3 → 6 is past the change that matters.
        assert!(
            said(MeasureId::Nrs, "5,1", Some(4.0))
                .contains("1 point worse than your first answer of 4; small ups and downs")
        );
        assert!(said(MeasureId::Nrs, "6,1", Some(3.0)).ends_with("please tell your clinician how you are."));
        assert_eq!(
            said(MeasureId::Nrs, "4,0", Some(4.0)),
            "Your leg pain is 4 out of 10, the same as your first answer."
        );
    }

    #[test]
    fn either_threshold_is_enough() {
        let c = Content::embedded();
        let def = c.measure(MeasureId::Nrs);
        // 8 → 6: 2 points (25%): the points threshold alone.
        let m = meaning(def, &score(def, &parse_answers(def, "6,0").unwrap()), Some(8.0));
        assert!(matches!(m, Meaning::Better { matters: true, .. }), "{m:?}");
        // ODI 24 → 16: 8 points (33.3%): the percent threshold alone (REFERENCE §6.1).
        let odi = c.measure(MeasureId::Odi);
        let m = meaning(odi, &score(odi, &parse_answers(odi, "1,1,1,1,1,1,1,1,0,0").unwrap()), Some(24.0));
        assert!(matches!(m, Meaning::Better { matters: true, .. }), "{m:?}");
    }

    #[test]
    fn measures_without_a_baseline_say_what_their_band_means() {
        assert!(
            said(MeasureId::GlobalChange, "1", None)
                .starts_with("You feel much better than when you started")
        );
        assert!(said(MeasureId::GlobalChange, "0", Some(3.0)).starts_with("You feel completely recovered"));
        assert!(said(MeasureId::GlobalChange, "5", None).contains("please tell your clinician"));
        assert!(said(MeasureId::Startback, "0,0,0,0,1,1,1,1,1", None).contains("high-risk group"));
    }

    #[test]
    fn too_few_answers_say_how_many_are_needed() {
        assert_eq!(
            said(MeasureId::Odi, "2,1,2,1,3,2,,,1,", None),
            "There were not enough answers for a score (7 of 10 answered, at least 8 needed), so this one is not compared with your others."
        );
        assert!(said(MeasureId::Peg, "4,,7", None).contains("(2 of 3 answered, at least 3 needed)"));
    }
}
