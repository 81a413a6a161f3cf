//! Every parser of outside input, fed arbitrary and mutated input: screen answers, questionnaire
//! answers, harm reports, times and time zones, symptom responses, measure due points and content
//! files. Each one answers with a value or with errors naming a field; none panics, and an error
//! never names a field that is not there.
//!
//! The number of cases per parser is `SCIATICA_FUZZ_CASES` (default 512, for CI); proptest keeps
//! any failing case in `fuzz_parsers.proptest-regressions` beside this file, which is committed and
//! replayed first on every run.

use proptest::prelude::*;
use sciatica_core::content::Content;
use sciatica_core::ids::MeasureId;
use sciatica_core::triage::answers::Answers;
use serde_json::{Value, json};

fn cases() -> u32 {
    std::env::var("SCIATICA_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(512)
}

fn calm() -> Value {
    json!({
        "age": 42, "diagnosis": "disc_herniation", "cleared_to_exercise": true,
        "bladder": false, "bowel": false, "saddle": false, "sexual": false,
        "bilateral": "none", "weakness": "none", "fever": false, "unwell": false,
        "infection_risk": [], "cancer": false, "weight_loss": false, "night_pain": false,
        "thoracic": false, "back_pain_worsening": false, "trauma": "none", "bone_risk": [],
        "sudden_severe_central_pain": false, "abdominal": false, "inflammatory": false,
        "vascular": false, "first_episode": false, "pregnant": false,
        "recent_spinal_surgery": false, "new_numbness": false
    })
}

/// Any JSON value, nested a little.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        ".{0,12}".prop_map(Value::String),
        Just(json!("none")),
        Just(json!(-1)),
        Just(json!(1e300)),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::btree_map(".{0,8}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn content_file() -> impl Strategy<Value = usize> {
    0..Content::embedded_files().len()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn screen_answers_from_any_text(text in "\\PC{0,200}", bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = Answers::from_json_str(&text);
        let _ = Answers::from_json_str(&String::from_utf8_lossy(&bytes));
    }

    /// One answer replaced by anything: accepted, or refused naming that very key.
    #[test]
    fn screen_answers_with_one_value_changed(key in proptest::sample::select(calm().as_object().unwrap().keys().cloned().collect::<Vec<_>>()), value in any_json()) {
        let mut a = calm();
        a[&key] = value;
        if let Err(errors) = Answers::from_json(&a) {
            prop_assert!(!errors.0.is_empty());
            prop_assert!(errors.0.iter().all(|e| e.field == key), "{:?} for a change of {key}", errors.0);
        }
        let _ = Answers::partial(&a);
    }

    /// An unknown key is refused by name.
    #[test]
    fn screen_answers_with_an_unknown_key(key in "[a-z_]{1,20}", value in any_json()) {
        let mut a = calm();
        prop_assume!(a.get(&key).is_none());
        a[&key] = value;
        let errors = Answers::from_json(&a).unwrap_err();
        prop_assert!(errors.0.iter().any(|e| e.field == key), "{:?}", errors.0);
    }

    #[test]
    fn questionnaire_answers_from_any_text(measure in proptest::sample::select(MeasureId::ALL.to_vec()), text in "[0-9, \\-x]{0,80}|\\PC{0,40}") {
        let def = Content::embedded().measure(measure);
        if let Ok(answers) = sciatica_core::measures::parse_answers(def, &text) {
            prop_assert!(answers.len() == def.items.len() || Some(answers.len()) == def.short_form_items);
        }
    }

    #[test]
    fn harm_reports_times_and_small_values_from_any_text(a in "\\PC{0,30}", b in "\\PC{0,30}", c in "\\PC{0,300}") {
        let _ = sciatica_core::harm::Report::parse(&a, &b, &c);
        let _ = sciatica_core::schedule::parse_tz(&a);
        let _ = sciatica_core::schedule::parse_time("morning", &b);
        let _ = sciatica_core::symptoms::Response::parse(&a);
        let _ = sciatica_core::measures::due::Point::parse(&b);
    }

    /// A content file with a stretch of it replaced by anything: loaded, or refused with its
    /// problems listed; never a panic.
    #[test]
    fn content_files_mutated(which in content_file(), at in any::<prop::sample::Index>(), cut in 0usize..200, with in "\\PC{0,40}|[\\[\\]=\"',.0-9a-z_\\n ]{0,40}") {
        let mut files: Vec<(String, String)> =
            Content::embedded_files().iter().map(|(p, t)| ((*p).to_owned(), (*t).to_owned())).collect();
        let text = &mut files[which].1;
        let start = at.index(text.len().max(1)).min(text.len());
        let start = (0..=start).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
        let end = (start + cut).min(text.len());
        let end = (end..=text.len()).find(|i| text.is_char_boundary(*i)).unwrap_or(text.len());
        text.replace_range(start..end, &with);
        match Content::from_files(files) {
            Ok(_) => {}
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }
}
