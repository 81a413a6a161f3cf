//! Deciding an urgent result early: every urgent rule of REFERENCE §4.3 on the keys it reads
//! alone, rules that read unanswered keys or `NOT`, the embedded pages in order, and random
//! partial answers against the complete screen.

use super::*;
use crate::Content;
use crate::ids::Action;
use crate::triage::answers::tests::clear;
use crate::triage::screen;
use crate::triage::tests::{answers_strategy, urgency_of};
use proptest::prelude::*;
use serde_json::{Map, Value as Json, json};

fn partial(pairs: &[(&str, Json)]) -> Answers {
    let object: Map<String, Json> = pairs.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect();
    Answers::partial(&Json::Object(object)).unwrap()
}

/// The calm answers with these changed: complete.
fn complete(pairs: &[(&str, Json)]) -> Answers {
    let mut j = clear();
    for (k, v) in pairs {
        j[*k] = v.clone();
    }
    Answers::from_json(&j).unwrap()
}

fn c() -> &'static Content {
    Content::embedded()
}

fn matched(a: &Answers) -> Vec<String> {
    so_far(c(), a).matched.into_iter().map(|r| r.rule).collect()
}

/// Every urgent rule, with the fewest answers that make it match.
const URGENT: &[(&str, &[(&str, &str)])] = &[
    ("R01", &[("bladder", "true")]),
    ("R02", &[("bowel", "true")]),
    ("R03", &[("saddle", "true")]),
    ("R04", &[("sexual", "true")]),
    ("R05", &[("bilateral", "\"new\"")]),
    ("R06", &[("weakness", "\"severe\"")]),
    ("R07", &[("weakness", "\"mild_new\"")]),
    ("R08", &[("fever", "true"), ("back_pain_worsening", "true")]),
    ("R09", &[("fever", "true"), ("new_numbness", "true")]),
    ("R10", &[("cancer", "true"), ("saddle", "true")]),
    ("R11", &[("cancer", "true"), ("night_pain", "true")]),
    ("R12", &[("trauma", "\"major\"")]),
    ("R13", &[("trauma", "\"minor\""), ("bone_risk", "[\"osteoporosis\"]")]),
    ("R14", &[("sudden_severe_central_pain", "true"), ("trauma", "\"none\""), ("age", "75")]),
    ("R15", &[("abdominal", "true")]),
    ("R30", &[("unwell", "true")]),
];

fn pairs(raw: &[(&'static str, &str)]) -> Vec<(&'static str, Json)> {
    raw.iter().map(|(k, v)| (*k, serde_json::from_str(v).unwrap())).collect()
}

#[test]
fn the_list_covers_every_urgent_screen_rule_of_the_content() {
    let mut urgent: Vec<&str> = c()
        .rules
        .iter()
        .filter(|r| r.urgency >= Urgency::SameDay && r.when.is_some())
        .map(|r| r.id.as_str())
        .collect();
    urgent.sort_unstable();
    assert_eq!(urgent, URGENT.iter().map(|(r, _)| *r).collect::<Vec<_>>());
}

#[test]
fn every_urgent_rule_matches_on_the_keys_it_reads_alone() {
    for (rule, raw) in URGENT {
        let keys = pairs(raw);
        let a = partial(&keys);
        assert!(matched(&a).contains(&(*rule).to_owned()), "{rule}: {:?}", matched(&a));
        // Without any one of those answers the rule is not known to match.
        for skip in 0..keys.len() {
            let fewer: Vec<_> =
                keys.iter().enumerate().filter(|(i, _)| *i != skip).map(|(_, p)| p.clone()).collect();
            let m = matched(&partial(&fewer));
            assert!(!m.contains(&(*rule).to_owned()), "{rule} without {}: {m:?}", keys[skip].0);
        }
        if urgency_of(rule) == Urgency::EmergencyNow {
            // Nothing can be higher than an emergency: decided at once.
            let o = decided(c(), &a).unwrap_or_else(|| panic!("{rule} decides an emergency"));
            assert_eq!((o.urgency, o.action), (Urgency::EmergencyNow, Action::NoneHold), "{rule}");
            assert!(o.rules.contains(&(*rule).to_owned()), "{rule}");
        } else {
            // A same-day result waits while an emergency is still possible, and is decided once
            // every other answer is in and calm.
            assert_eq!(decided(c(), &a), None, "{rule}: an emergency is still possible");
            let o = decided(c(), &complete(&keys)).unwrap_or_else(|| panic!("{rule} complete"));
            assert_eq!((o.urgency, o.action), (Urgency::SameDay, Action::NoneHold), "{rule}");
            assert!(o.rules.contains(&(*rule).to_owned()), "{rule}");
        }
    }
}

#[test]
fn rules_reading_unanswered_keys_or_not_wait_for_them() {
    // R14 needs trauma == "none": an unanswered trauma could be minor or major.
    let a = partial(&pairs(&[("sudden_severe_central_pain", "true"), ("age", "75")]));
    assert!(!matched(&a).contains(&"R14".to_owned()));
    // INFECTION_CONTEXT: an empty risk list still counts recent surgery, so it is unknown
    // until that is answered, and known once surgery is answered either way.
    let base = [("fever", "true"), ("infection_risk", "[]"), ("back_pain_worsening", "false")];
    assert!(!matched(&partial(&pairs(&base))).contains(&"R08".to_owned()));
    let mut with_surgery = base.to_vec();
    with_surgery.push(("recent_spinal_surgery", "true"));
    assert!(matched(&partial(&pairs(&with_surgery))).contains(&"R08".to_owned()));
    let mut without = base.to_vec();
    without.push(("recent_spinal_surgery", "false"));
    let s = so_far(c(), &partial(&pairs(&without)));
    assert!(!s.possible.iter().any(|r| r.rule == "R08"), "R08 cannot match any more");
    // NOT_ASSESSED (a NOT of an unanswered key) is unknown, not true: R22 does not match yet.
    assert!(!matched(&partial(&pairs(&[("diagnosis", "\"disc_herniation\"")]))).contains(&"R22".to_owned()));
    assert!(matched(&partial(&pairs(&[("cleared_to_exercise", "false")]))).contains(&"R22".to_owned()));
    // Calm answers so far decide nothing, and a non-urgent rule alone decides nothing.
    assert_eq!(decided(c(), &partial(&pairs(&[("bladder", "false")]))), None);
    assert_eq!(decided(c(), &complete(&pairs(&[("weight_loss", "true")]))), None);
}

/// The answers of the first `n` pages of the embedded screen, from a complete set.
fn first_pages(all: &Json, n: usize) -> Answers {
    let c = c();
    let topics: Vec<_> = c.topics.iter().filter(|t| c.questions.iter().any(|q| q.topic == t.id)).collect();
    let mut object = Map::new();
    for t in &topics[..n] {
        for q in c.questions.iter().filter(|q| q.topic == t.id) {
            object.insert(q.key.clone(), all[&q.key].clone());
        }
    }
    Answers::partial(&Json::Object(object)).unwrap()
}

fn first_decided_page(all: &Json) -> Option<usize> {
    let pages = c().topics.iter().filter(|t| c().questions.iter().any(|q| q.topic == t.id)).count();
    (1..=pages).find(|n| decided(c(), &first_pages(all, *n)).is_some())
}

#[test]
fn in_page_order_the_advice_comes_on_the_page_that_decides_it() {
    let mut j = clear();
    j["bladder"] = json!(true);
    assert_eq!(first_decided_page(&j), Some(3), "bladder is asked on page 3");
    let mut j = clear();
    j["bilateral"] = json!("new");
    assert_eq!(first_decided_page(&j), Some(4));
    // New mild weakness is same-day: an emergency is possible until the last page.
    let mut j = clear();
    j["weakness"] = json!("mild_new");
    assert_eq!(first_decided_page(&j), Some(8));
    assert_eq!(first_decided_page(&clear()), None);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn what_is_decided_early_holds_for_the_complete_answers(
        a in answers_strategy(),
        drop in proptest::collection::vec(any::<bool>(), 27),
    ) {
        let full = Answers::from_json(&a).unwrap();
        let mut object = a.as_object().unwrap().clone();
        for ((k, _), d) in crate::triage::answers::KEYS.iter().zip(&drop) {
            if *d {
                object.remove(*k);
            }
        }
        let part = Answers::partial(&Json::Object(object)).unwrap();
        let end = screen(c(), &full);
        let s = so_far(c(), &part);
        for r in &s.matched {
            prop_assert!(end.rules.contains(&r.rule), "{} matched early but not at the end", r.rule);
        }
        for r in end.rules.iter().filter(|r| *r != "R28") {
            prop_assert!(s.possible.iter().any(|p| &p.rule == r), "{r} was ruled out early");
        }
        if let Some(o) = decided(c(), &part) {
            prop_assert_eq!((o.urgency, o.action), (end.urgency, end.action));
        }
        prop_assert_eq!(decided(c(), &full).is_some(), end.urgency >= Urgency::SameDay);
    }
}
