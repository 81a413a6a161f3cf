//! The pages of a screen, one topic a page. The first screen asks every question. A later one
//! (the weekly check, REFERENCE §4.1) starts with the stable history of the last screen,
//! pre-filled, to confirm in one step, and then asks the rest afresh: the bladder, bowel,
//! saddle, sexual, both-legs, weakness and numbness questions are never pre-filled.

use super::answers::{KeyType, key_type};
use crate::content::Content;
use crate::content::screening::{Question, Topic};
use serde_json::{Map, Value as Json};

/// Keys asked afresh on every screen, never pre-filled: the cauda equina questions and the
/// new neurological signs of REFERENCE §4.2 (`NEW_NEURO`).
pub const ASKED_AFRESH: &[&str] =
    &["bladder", "bowel", "saddle", "sexual", "bilateral", "weakness", "new_numbness"];

/// One page of a screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Page<'c> {
    /// The stable history of the last screen, pre-filled, confirmed in one step.
    Confirm(Vec<&'c Question>),
    /// A topic and its questions still to ask.
    Topic(&'c Topic, Vec<&'c Question>),
}

impl<'c> Page<'c> {
    /// The questions this page answers.
    pub fn questions(&self) -> &[&'c Question] {
        match self {
            Page::Confirm(q) | Page::Topic(_, q) => q,
        }
    }
}

/// The answers of the last screen that a new screen pre-fills: the stable history (questions
/// with a `weekly_summary`) that the last screen answered. Values that no longer check (a
/// content change) are left out, and so asked again.
pub fn prefill(content: &Content, last: &Json) -> Map<String, Json> {
    let Some(last) = last.as_object() else { return Map::new() };
    let mut out = Map::new();
    for q in content.questions.iter().filter(|q| q.weekly_summary.is_some()) {
        if ASKED_AFRESH.contains(&q.key.as_str()) {
            continue;
        }
        if let Some(v) = last.get(&q.key)
            && crate::triage::answers::Answers::builder().set(&q.key, v.clone()).is_ok()
        {
            out.insert(q.key.clone(), v.clone());
        }
    }
    out
}

/// The pages of a screen with these pre-filled answers (none for a first screen).
pub fn pages<'c>(content: &'c Content, prefilled: &Map<String, Json>) -> Vec<Page<'c>> {
    let confirm: Vec<&Question> =
        content.questions.iter().filter(|q| prefilled.contains_key(&q.key)).collect();
    let mut out = Vec::new();
    if !confirm.is_empty() {
        out.push(Page::Confirm(confirm));
    }
    for t in &content.topics {
        let asked: Vec<&Question> =
            content.questions.iter().filter(|q| q.topic == t.id && !prefilled.contains_key(&q.key)).collect();
        if !asked.is_empty() {
            out.push(Page::Topic(t, asked));
        }
    }
    out
}

/// A pre-filled answer in words, for the confirmation page: the number, "Yes"/"No", the chosen
/// label, or the labels of a list (`none` when the list is empty).
pub fn answer_words(q: &Question, v: &Json, yes: &str, no: &str, none: &str) -> String {
    let label = |s: &str| q.choices.iter().find(|c| c.value == s).map_or(s.to_owned(), |c| c.label.clone());
    match (key_type(&q.key), v) {
        (Some(KeyType::Bool), Json::Bool(b)) => if *b { yes } else { no }.to_owned(),
        (Some(KeyType::List(_)), Json::Array(items)) if items.is_empty() => none.to_owned(),
        (Some(KeyType::List(_)), Json::Array(items)) => {
            items.iter().filter_map(Json::as_str).map(label).collect::<Vec<_>>().join("; ")
        }
        (_, Json::String(s)) => label(s),
        (_, other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::triage::answers::tests::clear;

    fn c() -> &'static Content {
        Content::embedded()
    }

    #[test]
    fn a_first_screen_asks_every_question_one_topic_a_page() {
        let p = pages(c(), &Map::new());
        assert_eq!(p.len(), 8);
        assert!(p.iter().all(|p| matches!(p, Page::Topic(..))));
        assert_eq!(p.iter().map(|p| p.questions().len()).sum::<usize>(), c().questions.len());
    }

    #[test]
    fn the_weekly_check_confirms_history_first_and_asks_red_flags_afresh() {
        let pre = prefill(c(), &clear());
        for key in ASKED_AFRESH {
            assert!(!pre.contains_key(*key), "{key} is never pre-filled");
        }
        for key in ["age", "diagnosis", "cancer", "bone_risk"] {
            assert_eq!(pre.get(key), clear().get(key), "{key} is pre-filled");
        }
        let p = pages(c(), &pre);
        let Page::Confirm(confirm) = &p[0] else { panic!("the confirmation comes first") };
        assert_eq!(confirm.len(), pre.len());
        let asked: Vec<&str> = p[1..].iter().flat_map(Page::questions).map(|q| q.key.as_str()).collect();
        for key in ASKED_AFRESH {
            assert!(asked.contains(key), "{key} is asked");
        }
        assert!(!asked.contains(&"age"));
        assert_eq!(asked.len() + confirm.len(), c().questions.len(), "every key is answered once");
        assert!(p.len() < 8, "shorter than the first screen: {}", p.len());
    }

    #[test]
    fn history_the_last_screen_did_not_answer_is_asked_again() {
        // A screen stopped early at page 3 saved no cancer or bone answers.
        let last = serde_json::json!({"age": 61, "diagnosis": "undiagnosed", "bladder": true});
        let pre = prefill(c(), &last);
        assert_eq!(pre.keys().collect::<Vec<_>>(), ["age", "diagnosis"]);
        let asked: Vec<&str> =
            pages(c(), &pre).iter().skip(1).flat_map(Page::questions).map(|q| q.key.as_str()).collect();
        assert!(asked.contains(&"cancer") && asked.contains(&"bladder"));
        // A value that no longer checks is not carried over.
        assert!(prefill(c(), &serde_json::json!({"age": 500})).is_empty());
    }

    #[test]
    fn answers_read_in_words() {
        let q = c().questions.iter().find(|q| q.key == "bone_risk").unwrap();
        assert_eq!(answer_words(q, &serde_json::json!([]), "Yes", "No", "None"), "None");
        assert!(
            answer_words(q, &serde_json::json!(["osteoporosis"]), "Yes", "No", "None")
                .contains("Osteoporosis")
        );
        let q = c().questions.iter().find(|q| q.key == "cancer").unwrap();
        assert_eq!(answer_words(q, &serde_json::json!(false), "Yes", "No", "None"), "No");
    }
}
