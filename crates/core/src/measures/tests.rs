//! Worked examples of every scoring rule (REFERENCE §6 and the sources in each measure file).

use super::*;
use crate::Content;
use crate::content::measure::MeasureDef;

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

#[test]
fn leg_and_back_pain_are_two_ratings_and_one_still_works() {
    // REFERENCE §6.5: leg and back apart; the score is the leg pain.
    let s = run(MeasureId::Nrs, "7,3");
    assert_eq!((s.score, s.leg, s.back), (Some(7.0), Some(7), Some(3)));
    let s = run(MeasureId::Nrs, "7");
    assert_eq!((s.score, s.leg, s.back), (Some(7.0), None, None), "the one-rating form of the contract");
    let s = run(MeasureId::Nrs, ",4");
    assert_eq!((s.score, s.back), (None, Some(4)), "no leg rating, no score");
    let e = parse_answers(def(MeasureId::Nrs), "1,2,3").unwrap_err();
    assert!(e.problem.contains("expects 2 (or 1, its shorter form) answers"), "{e}");
    assert_eq!(parse_answers(def(MeasureId::Nrs), "4,11").unwrap_err().field, "answers item 2");
}

#[test]
fn psfs_is_the_mean_of_the_activities_rated() {
    // Stratford 1995 (as printed with the form): total = sum of the activity scores / number
    // of activities. Three activities rated 3, 5 and 4: 12 / 3 = 4.0.
    let s = run(MeasureId::Psfs, "3,5,4,,");
    assert_eq!((s.score, s.answered, s.skipped), (Some(4.0), 3, 2));
    // Two activities 6 and 7: 6.5; five activities 2, 3, 3, 4, 5: 17 / 5 = 3.4.
    assert_eq!(run(MeasureId::Psfs, "6,7,,,").score, Some(6.5));
    assert_eq!(run(MeasureId::Psfs, "2,3,3,4,5").score, Some(3.4));
    // 1, 2 and 2: 5 / 3 = 1.67 → 1.7 (one decimal, half away from zero).
    assert_eq!(run(MeasureId::Psfs, "1,2,2,,").score, Some(1.7));
    assert_eq!(run(MeasureId::Psfs, ",,,,").score, None, "at least one activity");
    // Higher is better: 4.0 → 6.5 is 2.5 points better, past the 2-point change.
    let c = change(def(MeasureId::Psfs), 4.0, 6.5);
    assert_eq!((c.points, c.percent, c.meets_points, c.meets_percent), (2.5, Some(62.5), Some(true), None));
    let c = change(def(MeasureId::Psfs), 4.0, 3.0);
    assert_eq!((c.points, c.meets_points), (-1.0, Some(false)));
}

#[test]
fn psfs_activities_are_named_once_each() {
    let d = def(MeasureId::Psfs);
    let a = parse_answers(d, "3,5,,,").unwrap();
    let names = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    assert_eq!(
        name_activities(d, &a, &names(&[" Sitting ", "Walking", "", "", ""])).unwrap(),
        vec!["Sitting", "Walking"]
    );
    let e = name_activities(d, &a, &names(&["Sitting", "", "", "", ""])).unwrap_err();
    assert_eq!(e.field, "activity 2");
    let e = name_activities(d, &a, &names(&["Sitting", "Walking", "Gardening", "", ""])).unwrap_err();
    assert_eq!(e.field, "answers item 3", "a named activity needs a rating");
    let long = "x".repeat(81);
    assert!(name_activities(d, &a, &names(&[&long, "Walking"])).is_err());
    let odi = def(MeasureId::Odi);
    let oa = parse_answers(odi, "1,1,1,1,1,1,1,1,1,1").unwrap();
    assert!(name_activities(odi, &oa, &names(&["Sitting"])).is_err());
    assert!(name_activities(odi, &oa, &[]).unwrap().is_empty());
}

#[test]
fn peg_is_the_mean_of_its_three_items() {
    // Krebs 2009: the mean of the three items. 5, 5, 5 → 5.0; 7, 5, 6 → 6.0; 4, 6, 7 → 17 / 3
    // = 5.67 → 5.7.
    assert_eq!(run(MeasureId::Peg, "5,5,5").score, Some(5.0));
    assert_eq!(run(MeasureId::Peg, "7,5,6").score, Some(6.0));
    assert_eq!(run(MeasureId::Peg, "4,6,7").score, Some(5.7));
    assert_eq!(run(MeasureId::Peg, "4,,7").score, None, "every item is needed");
    // 6.0 → 4.7: 1.3 points (21.7%) → past the 1-point change, not the 30%.
    let c = change(def(MeasureId::Peg), 6.0, 4.7);
    assert_eq!(
        (c.points, c.percent, c.meets_points, c.meets_percent),
        (1.3, Some(21.7), Some(true), Some(false))
    );
}

#[test]
fn global_change_bands_each_answer() {
    let bands = [
        (0, "recovered"),
        (1, "much_better"),
        (2, "a_little_better"),
        (3, "unchanged"),
        (4, "worse"),
        (5, "worse"),
        (6, "worse"),
    ];
    for (code, band) in bands {
        let s = run(MeasureId::GlobalChange, &code.to_string());
        assert_eq!((s.score, s.band.as_deref()), (Some(f64::from(code)), Some(band)));
    }
    assert!(parse_answers(def(MeasureId::GlobalChange), "7").is_err());
    assert_eq!(run(MeasureId::GlobalChange, "").score, None);
}

#[test]
fn the_baseline_is_the_first_scored_response_before_the_latest() {
    assert_eq!(baseline(&[]), None);
    assert_eq!(baseline(&[Some(46.0)]), None, "the first is not compared with itself");
    assert_eq!(baseline(&[None, Some(46.0), Some(30.0), Some(28.0)]), Some(46.0));
    assert_eq!(baseline(&[None, Some(28.0)]), None);
}

#[test]
fn only_measures_whose_text_may_be_shown_are_offered() {
    let c = Content::embedded();
    let offered: Vec<&str> = c.measures.iter().filter(|m| m.offered()).map(|m| m.id.as_str()).collect();
    assert_eq!(offered, ["global_change", "nrs", "peg", "psfs"]);
    let mut odi: MeasureDef = def(MeasureId::Odi).clone();
    odi.licensed_text_loaded = true;
    assert!(odi.offered(), "a clinic's loaded text makes it offered");
}
