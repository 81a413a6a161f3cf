//! `POST /api/v1/sessions/{id}/harm`: bad input named with what is allowed, the advice and the
//! status it leaves, retries stored once, another patient's session not found, and the reports
//! in the export and gone with the account. Every answer is checked against the OpenAPI document.

mod common;

use common::api::{Api, World, answers};
use reqwest::Method;
use sciatica_core::policy::Role;
use serde_json::json;

async fn screened_with_session(w: &World, email: &str) -> (Api, String) {
    let (p, _) = w.account(email, Role::Patient).await;
    assert_eq!(p.send(Method::POST, "/api/v1/screenings", &[], &answers(&[])).await.status, 201);
    let logged = p.send(Method::POST, "/api/v1/sessions", &[], &json!({ "leg_pain_before": 5 })).await;
    assert_eq!(logged.status, 201, "{}", logged.text);
    let id = logged.body["id"].as_str().unwrap().to_owned();
    (p, id)
}

const PATH: &str = "/api/v1/sessions/{id}/harm";

#[tokio::test]
async fn bad_input_names_the_field_and_what_is_allowed() {
    let w = World::new().await;
    let (p, session) = screened_with_session(&w, "pat@example.org").await;
    let r = p.send(Method::POST, PATH, &[&session], &json!({ "kind": "fell", "severity": "mild" })).await;
    r.names("kind");
    assert!(
        r.text.contains("bladder_bowel") && r.text.contains("fall_injury"),
        "lists what is allowed: {}",
        r.text
    );
    p.send(Method::POST, PATH, &[&session], &json!({ "kind": "fall_injury" })).await.names("severity");
    p.send(Method::POST, PATH, &[&session], &json!({ "kind": "other", "severity": "mild" }))
        .await
        .names("details");
    p.send(Method::POST, PATH, &[&session], &json!({ "kind": 3, "severity": "mild" })).await.names("kind");
    let extra = json!({ "kind": "numbness", "severity": "mild", "when": "now" });
    p.send(Method::POST, PATH, &[&session], &extra).await.names("when");
    let bad_id = json!({ "kind": "numbness", "severity": "mild", "id": "1" });
    p.send(Method::POST, PATH, &[&session], &bad_id).await.names("id");
    let status = p.get("/api/v1/status", &[]).await;
    assert_eq!(status.body["alerts"], json!([]), "nothing stored: {}", status.text);
}

#[tokio::test]
async fn new_weakness_pauses_the_programme_and_alerts_the_clinician() {
    let w = World::new().await;
    let (p, session) = screened_with_session(&w, "pat@example.org").await;
    let body = json!({ "kind": "weakness", "severity": "moderate", "details": "my foot caught on the rug",
                       "id": "0190a4c2-7b1e-7c3a-9f00-1a2b3c4d5e6f" });
    let r = p.send(Method::POST, PATH, &[&session], &body).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!((r.body["rule"].as_str(), r.body["urgency"].as_str()), (Some("H04"), Some("same_day")));
    assert_eq!((r.body["paused"].as_bool(), r.body["emergency"].as_bool()), (Some(true), Some(false)));
    assert_eq!(r.body["alert"]["rule"], "H04");
    assert_eq!(r.body["status"]["blocked"], true);
    let status = p.get("/api/v1/status", &[]).await;
    assert_eq!(status.body["alerts"][0]["rule"], "H04", "{}", status.text);
    assert_eq!(p.get("/api/v1/plan", &[]).await.status, 409, "the programme is paused");
    // The same report again is stored once.
    let again = p.send(Method::POST, PATH, &[&session], &body).await;
    assert_eq!(again.status, 200, "{}", again.text);
    assert_eq!(again.body["id"], r.body["id"]);
    let other =
        json!({ "kind": "weakness", "severity": "severe", "id": "0190a4c2-7b1e-7c3a-9f00-1a2b3c4d5e6f" });
    assert_eq!(p.send(Method::POST, PATH, &[&session], &other).await.status, 409);
    let export = p.get("/api/v1/export", &[]).await;
    let reports = export.body["harm_reports"].as_array().unwrap();
    assert_eq!(reports.len(), 1, "{}", export.text);
    assert_eq!(reports[0]["details"], "my foot caught on the rug");
    // Erasure takes the reports with it.
    let pid = w.server.store.user_by_email("pat@example.org").await.unwrap().unwrap().patient_id.unwrap();
    assert_eq!(p.erase(common::PASSWORD, "").await.status, 204);
    assert!(w.server.store.harm_reports(&pid).await.unwrap().is_empty());
}

#[tokio::test]
async fn an_emergency_says_so_and_another_patients_session_is_not_found() {
    let w = World::new().await;
    let (p, session) = screened_with_session(&w, "pat@example.org").await;
    let (k, _) = screened_with_session(&w, "kim@example.org").await;
    let body = json!({ "kind": "other_leg", "severity": "mild" });
    assert_eq!(k.send(Method::POST, PATH, &[&session], &body).await.status, 404);
    assert_eq!(p.send(Method::POST, PATH, &["no-such-session"], &body).await.status, 404);
    let r = p.send(Method::POST, PATH, &[&session], &body).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(
        (r.body["urgency"].as_str(), r.body["emergency"].as_bool()),
        (Some("emergency_now"), Some(true))
    );
    assert!(r.body["advice"].as_str().unwrap().contains("emergency department now"));
    assert_eq!(r.body["status"]["urgency"], "emergency_now");
    let mild =
        p.send(Method::POST, PATH, &[&session], &json!({ "kind": "fall_injury", "severity": "mild" })).await;
    assert_eq!(
        (mild.body["urgency"].as_str(), mild.body["paused"].as_bool()),
        (Some("self_manage"), Some(false))
    );
    assert!(mild.body["advice"].as_str().unwrap().contains("Carry on with care"));
}
