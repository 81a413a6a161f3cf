//! What the served OpenAPI document states beyond types, and the server agreeing with it: the ids
//! of the content it runs with, each questionnaire's answers, the rules on free text and between
//! fields, and whole numbers written with a fraction of zero (`2.0`, which JSON Schema's
//! `integer` allows).

mod common;

use common::api::{World, answers};
use reqwest::Method;
use sciatica_core::policy::Role;
use serde_json::{Value, json};

fn strings(v: &Value) -> Vec<&str> {
    v.as_array().unwrap().iter().filter_map(Value::as_str).collect()
}

#[tokio::test]
async fn the_document_lists_the_contents_ids_and_each_questionnaires_answers() {
    let w = World::new().await;
    let content = sciatica_core::Content::embedded();
    let schemas = &w.api.doc["components"]["schemas"];

    let ids = strings(&schemas["ExerciseDoneBody"]["properties"]["id"]["enum"]);
    assert_eq!(ids.len(), content.exercises.len());
    assert!(ids.contains(&"prone-lying") && !ids.contains(&"no-such-exercise"));
    assert_eq!(strings(&schemas["EditBody"]["properties"]["exercise"]["enum"]), ids);
    let trials = &schemas["ProgramChange"]["properties"]["start_trial"]["enum"];
    assert!(trials.as_array().unwrap().contains(&Value::Null), "{trials}");
    let mut offered: Vec<&str> = content
        .protocols
        .iter()
        .flat_map(|p| &p.phases)
        .flat_map(|ph| &ph.exercises)
        .filter(|e| e.trial)
        .map(|e| e.id.as_str())
        .collect();
    offered.sort_unstable();
    offered.dedup();
    assert_eq!(strings(trials), offered, "every trial of the content, once");
    assert!(offered.contains(&"prone-lying"));

    let shapes = schemas["MeasureAnswers"]["properties"]["answers"]["anyOf"].as_array().unwrap();
    let odi = shapes.iter().find(|s| s["title"] == "odi").unwrap();
    assert_eq!((odi["minItems"].as_u64(), odi["maxItems"].as_u64()), (Some(10), Some(10)));
    assert_eq!(odi["prefixItems"][0]["maximum"], 5);
    let nrs: Vec<u64> =
        shapes.iter().filter(|s| s["title"] == "nrs").filter_map(|s| s["minItems"].as_u64()).collect();
    assert_eq!(nrs, [2, 1], "the NRS and its shorter form");

    // Rules between fields that JSON Schema can state.
    assert_eq!(schemas["NewHarmBody"]["if"]["properties"]["kind"]["const"], "other");
    assert_eq!(schemas["NewHarmBody"]["then"]["required"], json!(["details"]));
    assert_eq!(schemas["SettingsBody"]["then"]["required"], json!(["clinic_phone"]));
    // Free text states what it refuses.
    for (schema, field) in [("NewSessionBody", "notes"), ("NoteBody", "note"), ("NewToken", "name")] {
        let pattern = schemas[schema]["properties"][field]["pattern"].as_str().unwrap_or_default();
        assert!(pattern.contains("\\x00-"), "{schema}.{field} states no pattern for control characters");
    }
}

#[tokio::test]
async fn whole_numbers_with_a_fraction_of_zero_are_taken_and_other_fractions_refused() {
    let w = World::new().await;
    let (p, _) = w.account("pat@example.org", Role::Patient).await;
    let screen = p.send(Method::POST, "/api/v1/screenings", &[], &answers(&[("age", json!(42.0))])).await;
    assert_eq!(screen.status, 201, "{}", screen.text);
    let session = json!({
        "leg_pain_before": 4.0, "leg_pain_after": 3,
        "exercises": [{ "id": "prone-lying", "sets_done": 2.0, "reps_done": 1e1, "completed": true }]
    });
    let r = p.send(Method::POST, "/api/v1/sessions", &[], &session).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.body["id"].as_str().unwrap().to_owned();
    let stored = p.get("/api/v1/sessions/{id}", &[&id]).await;
    assert_eq!(stored.body["leg_pain_before"], 4, "{}", stored.text);
    assert_eq!(stored.body["exercises"][0]["reps_done"], 10, "{}", stored.text);
    p.send(Method::POST, "/api/v1/sessions", &[], &json!({ "leg_pain_before": 4.5 }))
        .await
        .names("leg_pain_before");
    let scored =
        p.send(Method::POST, "/api/v1/measures/{measure}", &["nrs"], &json!({ "answers": [5.0, 2.0] })).await;
    assert_eq!(scored.status, 201, "{}", scored.text);
    p.send(Method::POST, "/api/v1/measures/{measure}", &["nrs"], &json!({ "answers": [5.5, 2] }))
        .await
        .names("answers[0]");
}

#[tokio::test]
async fn activity_names_for_a_questionnaire_without_them_are_named_where_they_are() {
    let w = World::new().await;
    let (p, _) = w.account("pat@example.org", Role::Patient).await;
    // More names than answers once answered with a server error (the index was the answer's).
    let body = json!({ "answers": [6], "activities": ["", "", "Walking"] });
    p.send(Method::POST, "/api/v1/measures/{measure}", &["nrs"], &body).await.names("activities[2]");
}

#[tokio::test]
async fn text_the_document_refuses_the_server_refuses_and_the_reverse() {
    let w = World::new().await;
    let (p, _) = w.account("pat@example.org", Role::Patient).await;
    let token = |name: Value| {
        let p = p.clone();
        async move { p.send(Method::POST, "/api/v1/tokens", &[], &json!({ "name": name })).await }
    };
    // Whitespace around a name is trimmed before it is counted: 100 characters and a padding
    // of line breaks are one name of 100 characters.
    let padded = format!("\n{}\u{85}\n", "n".repeat(100));
    assert_eq!(token(json!(padded)).await.status, 201);
    token(json!("   ")).await.names("name");
    token(json!("bell\u{7}")).await.names("name");
    let harm = json!({ "kind": "other", "severity": "mild", "details": "  " });
    assert_eq!(p.send(Method::POST, "/api/v1/screenings", &[], &answers(&[])).await.status, 201);
    let s = p.send(Method::POST, "/api/v1/sessions", &[], &json!({})).await;
    assert_eq!(s.status, 201, "{}", s.text);
    let id = s.body["id"].as_str().unwrap().to_owned();
    p.send(Method::POST, "/api/v1/sessions/{id}/harm", &[&id], &harm).await.names("details");
}
