//! Helpers for the web-page tests: the screen's forms page by page, and a
//! whole session through the player's forms.

use super::{Client, Server};
use reqwest::StatusCode;
use sciatica_core::Content;
use sciatica_core::policy::Role;
use serde_json::Value;

/// The answer keys a screen page asks (its form fields named after contract keys).
pub fn keys_on(body: &str) -> Vec<String> {
    let mut keys: Vec<String> = body
        .split("name=\"")
        .skip(1)
        .filter_map(|p| p.split('"').next())
        .filter(|k| sciatica_core::triage::answers::key_type(k).is_some())
        .map(str::to_owned)
        .collect();
    keys.dedup();
    keys
}

/// The form fields for these keys from a set of answers.
pub fn form_for(keys: &[String], a: &Value) -> Vec<(String, String)> {
    let mut form = Vec::new();
    for key in keys {
        match &a[key] {
            Value::Bool(b) => form.push((key.clone(), if *b { "yes" } else { "no" }.to_owned())),
            Value::Number(x) => form.push((key.clone(), x.to_string())),
            Value::String(s) => form.push((key.clone(), s.clone())),
            Value::Array(items) => {
                for i in items {
                    form.push((key.clone(), i.as_str().unwrap().to_owned()));
                }
            }
            _ => {}
        }
    }
    form
}

/// How many pages a first screen has (topics with questions).
pub fn pages() -> usize {
    let c = Content::embedded();
    c.topics.iter().filter(|t| c.questions.iter().any(|q| q.topic == t.id)).count()
}

/// One page of a screen as the test went through it.
pub struct Visited {
    /// The page's path.
    pub path: String,
    /// The answer keys it asked (empty for the confirmation of the last answers).
    pub keys: Vec<String>,
    /// The page's HTML.
    pub body: String,
}

/// Answers the screen page by page as a person would (confirming pre-filled history as it is),
/// until the result; returns the result page's path and the pages seen.
pub async fn screen_pages(c: &mut Client, a: &Value) -> (String, Vec<Visited>) {
    let start = c.get("/screen").await;
    assert_eq!(start.status, StatusCode::SEE_OTHER, "{}", start.body);
    let mut path = start.location().to_owned();
    let mut seen = Vec::new();
    for _ in 0..20 {
        let page = c.get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
        let keys = if page.body.contains("name=\"confirm\"") { Vec::new() } else { keys_on(&page.body) };
        let form =
            if keys.is_empty() { vec![("confirm".to_owned(), "yes".to_owned())] } else { form_for(&keys, a) };
        let refs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let r = c.post(&path, &refs).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}: {}", r.body);
        seen.push(Visited { path: path.clone(), keys, body: page.body });
        r.location().clone_into(&mut path);
        if path.starts_with("/screen/result/") {
            return (path, seen);
        }
    }
    panic!("the screen did not end: {path}");
}

/// Answers the screen and returns the result page's path.
pub async fn screen(c: &mut Client, a: &Value) -> String {
    screen_pages(c, a).await.0
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

/// An invitation link for a patient, made by an administrator; its path on the server.
pub async fn invitation(s: &Server) -> String {
    s.user("admin@example.org", Role::Admin).await;
    let mut admin = s.signed_in("admin@example.org").await;
    let invite = admin.post("/admin/invite", &[("role", "patient"), ("email", "")]).await;
    assert_eq!(invite.status, StatusCode::OK);
    let url = invite
        .body
        .split("value=\"")
        .find_map(|p| p.split('"').next().filter(|u| u.contains("/join/")))
        .unwrap()
        .to_owned();
    url.trim_start_matches(&s.base).to_owned()
}

/// An ODI form filled from a paper copy (item 8 skipped): 51.1 out of 100.
pub const ODI_ANSWERS: [(&str, &str); 10] = [
    ("item1", "3"),
    ("item2", "2"),
    ("item3", "3"),
    ("item4", "2"),
    ("item5", "4"),
    ("item6", "3"),
    ("item7", "1"),
    ("item8", ""),
    ("item9", "2"),
    ("item10", "3"),
];
