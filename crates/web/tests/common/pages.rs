//! Helpers for the web-page tests: the screen's forms page by page, and a
//! whole session through the player's forms.

use super::Client;
use reqwest::StatusCode;
use sciatica_core::Content;
use serde_json::Value;

/// The form fields of screen page `n` for these answers.
pub fn page_form(n: usize, a: &Value) -> Vec<(String, String)> {
    let c = Content::embedded();
    let topics: Vec<_> = c.topics.iter().filter(|t| c.questions.iter().any(|q| q.topic == t.id)).collect();
    let mut form = Vec::new();
    for q in c.questions.iter().filter(|q| q.topic == topics[n - 1].id) {
        match &a[&q.key] {
            Value::Bool(b) => form.push((q.key.clone(), if *b { "yes" } else { "no" }.to_owned())),
            Value::Number(x) => form.push((q.key.clone(), x.to_string())),
            Value::String(s) => form.push((q.key.clone(), s.clone())),
            Value::Array(items) => {
                for i in items {
                    form.push((q.key.clone(), i.as_str().unwrap().to_owned()));
                }
            }
            _ => {}
        }
    }
    form
}

/// How many pages the screen has (topics with questions).
pub fn pages() -> usize {
    let c = Content::embedded();
    c.topics.iter().filter(|t| c.questions.iter().any(|q| q.topic == t.id)).count()
}

/// Answers every page of the screen and returns the result page's path.
pub async fn screen(c: &mut Client, a: &Value) -> String {
    let start = c.get("/screen").await;
    assert_eq!(start.status, StatusCode::SEE_OTHER, "{}", start.body);
    let n = pages();
    let mut last = None;
    for page in 1..=n {
        let form = page_form(page, a);
        let refs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let r = c.post(&format!("/screen/{page}"), &refs).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "page {page}: {}", r.body);
        last = Some(r.location().to_owned());
    }
    let result = last.unwrap();
    assert!(result.starts_with("/screen/result/"), "{result}");
    result
}

/// Goes through a whole session of the current plan with the player's forms.
pub async fn session(c: &mut Client, moved_down_first: bool) -> String {
    assert_eq!(c.get("/session").await.status, StatusCode::OK);
    assert_eq!(c.post("/session/safety", &[("warning_signs", "no")]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(
        c.post("/session/pain-before", &[("leg", "6"), ("back", "3")]).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        c.post("/session/reach-before", &[("left", "4"), ("right", "0")]).await.status,
        StatusCode::SEE_OTHER
    );
    for i in 0..10 {
        let page = c.get("/session").await;
        if !page.body.contains(&format!("/session/exercise-{i}")) {
            break;
        }
        // As the player sends what it counted (more than planned is cut to the plan).
        let counted = [("reps_done", "200"), ("seconds", "86400")];
        assert_eq!(c.post(&format!("/session/exercise-{i}"), &counted).await.status, StatusCode::SEE_OTHER);
        let response = if moved_down_first { "moved_down" } else { "moved_up" };
        assert_eq!(
            c.post(&format!("/session/response-{i}"), &[("response", response)]).await.status,
            StatusCode::SEE_OTHER
        );
        if moved_down_first {
            let after = c.get("/session").await;
            assert!(after.body.contains("Stop this exercise"), "stop advice right after: {}", after.body);
            break;
        }
    }
    assert_eq!(
        c.post("/session/pain-after", &[("leg", "4"), ("back", "3")]).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        c.post("/session/reach-after", &[("left", "3"), ("right", "0")]).await.status,
        StatusCode::SEE_OTHER
    );
    let done = c.post("/session/extras", &[("sitting_minutes", "20"), ("cannot_cope", "no")]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let summary = done.location().to_owned();
    assert!(summary.starts_with("/session/summary/"), "{summary}");
    summary
}
