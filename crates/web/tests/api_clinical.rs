//! Clinical actions through the API: a clinician of the care team confirms the cause, records
//! clearance, acknowledges an urgent result, starts and changes the programme, moves the phase,
//! decides a proposal and leaves a note; each is versioned and audited, the patient's own pages
//! follow it, another clinician and the patient themselves are answered 404. Every answer is
//! checked against the served OpenAPI document.

mod common;

use common::api::answers;
use common::clinic::{clinic, good_fortnight};
use reqwest::Method;
use serde_json::{Value, json};

fn own_answers() -> Value {
    answers(&[("diagnosis", json!("undiagnosed")), ("cleared_to_exercise", json!(false))])
}

fn rules(status: &Value) -> Vec<String> {
    status["rules"].as_array().unwrap().iter().map(|r| r.as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn a_confirmed_cause_and_clearance_win_over_the_persons_answers() {
    let k = clinic().await;
    assert_eq!(k.patient.send(Method::POST, "/api/v1/screenings", &[], &own_answers()).await.status, 201);
    assert_eq!(k.patient.get("/api/v1/program", &[]).await.body["family"], "general_gentle");
    assert!(rules(&k.patient.get("/api/v1/status", &[]).await.body).contains(&"R22".to_owned()));

    let put = |path: &'static str, body: Value| {
        let (api, pid) = (k.clinician.clone(), k.pid.clone());
        async move { api.send(Method::PUT, path, &[&pid], &body).await }
    };
    let cause =
        put("/api/v1/patients/{id}/cause", json!({ "cause": "disc_herniation", "reason": "MRI L5-S1" }))
            .await;
    assert_eq!(cause.status, 200, "{}", cause.text);
    assert_eq!(cause.body["action"]["kind"], "cause");
    assert_eq!(cause.body["action"]["reason"], "MRI L5-S1");
    let cleared = put("/api/v1/patients/{id}/clearance", json!({ "cleared": true })).await;
    assert_eq!(cleared.status, 200, "{}", cleared.text);
    assert!(cleared.body["action"]["program_id"].is_string(), "a new programme: {}", cleared.text);

    let program = k.patient.get("/api/v1/program", &[]).await;
    assert_eq!(
        (program.body["cause"].as_str(), program.body["family"].as_str()),
        (Some("disc_herniation"), Some("extension_bias"))
    );
    assert!(!rules(&k.patient.get("/api/v1/status", &[]).await.body).contains(&"R22".to_owned()));
    // The person answers the questions again as before: the clinician's decisions still hold.
    let again = k.patient.send(Method::POST, "/api/v1/screenings", &[], &own_answers()).await;
    assert_eq!(again.status, 201);
    assert_eq!(again.body["answers"]["diagnosis"], "disc_herniation", "{}", again.text);
    assert_eq!(k.patient.get("/api/v1/program", &[]).await.body["family"], "extension_bias");

    let history = k.clinician.get("/api/v1/patients/{id}/actions", &[&k.pid]).await;
    assert_eq!(history.status, 200, "{}", history.text);
    let kinds: Vec<&str> =
        history.body["actions"].as_array().unwrap().iter().map(|a| a["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["clearance", "cause"], "newest first");
    assert_eq!(history.body["actions"][1]["actor_email"], "c@example.org");
    assert_eq!(
        (history.body["cause"].as_str(), history.body["cleared"].as_bool()),
        (Some("disc_herniation"), Some(true))
    );
    let audit = k.w.server.store.audit_entries(100).await.unwrap();
    for kind in ["treat.cause", "treat.clearance"] {
        assert!(
            audit.iter().any(|e| e.action == kind && e.patient_id.as_deref() == Some(k.pid.as_str())),
            "{kind}"
        );
    }
    assert_eq!(k.w.server.store.rebuild_records().await.unwrap().1, 0, "the kept record matches the history");
}

#[tokio::test]
async fn bad_input_names_the_field() {
    let k = clinic().await;
    let own = answers(&[("diagnosis", json!("spinal_stenosis"))]);
    assert_eq!(k.patient.send(Method::POST, "/api/v1/screenings", &[], &own).await.status, 201);
    let c = &k.clinician;
    let id: &[&str] = &[&k.pid];
    c.send(Method::PUT, "/api/v1/patients/{id}/cause", id, &json!({ "cause": "flu" })).await.names("cause");
    c.send(Method::PUT, "/api/v1/patients/{id}/cause", id, &json!({ "cause": "piriformis", "why": "x" }))
        .await
        .names("why");
    c.send(Method::PUT, "/api/v1/patients/{id}/clearance", id, &json!({ "cleared": "maybe" }))
        .await
        .names("cleared");
    c.send(Method::POST, "/api/v1/patients/{id}/notes", id, &json!({ "note": "  " })).await.names("note");
    c.send(Method::POST, "/api/v1/patients/{id}/notes", id, &json!({ "note": "a".repeat(501) }))
        .await
        .names("note");
    c.send(Method::POST, "/api/v1/patients/{id}/acknowledgements", id, &json!({ "note": "" }))
        .await
        .names("note");
    c.send(Method::PUT, "/api/v1/patients/{id}/phase", id, &json!({ "phase": 7 })).await.names("phase");
    c.send(Method::POST, "/api/v1/patients/{id}/program", id, &json!({ "phase": 0 })).await.names("phase");
    let edit =
        |body: Value| async move { c.send(Method::PATCH, "/api/v1/patients/{id}/program", id, &body).await };
    edit(json!({ "change": "swap", "exercise": "clamshell" })).await.names("change");
    edit(json!({ "change": "add", "exercise": "handstand" })).await.names("exercise");
    edit(json!({ "change": "dose", "exercise": "posterior-pelvic-tilt", "sets": 9 })).await.names("sets");
    let refused = edit(json!({ "change": "add", "exercise": "prone-press-up" })).await;
    refused.names("exercise");
    assert!(refused.text.contains("avoid"), "{}", refused.text);
    assert!(
        refused.text.contains("Spinal stenosis or isthmic spondylolisthesis"),
        "the content's reason: {}",
        refused.text
    );
    let path = "/api/v1/patients/{id}/proposals/{proposal_id}";
    let args: &[&str] = &[&k.pid, "progress-phase-2"];
    c.send(Method::POST, path, args, &json!({ "decision": "accept" })).await.names("proposal");
    c.send(Method::POST, path, args, &json!({ "decision": "maybe" })).await.names("decision");
    assert!(k.w.server.store.clinical_actions(&k.pid).await.unwrap().is_empty(), "nothing refused was kept");
}

/// Every clinical route with a valid body.
fn routes() -> Vec<(Method, &'static str, Option<Value>)> {
    vec![
        (Method::PUT, "/api/v1/patients/{id}/cause", Some(json!({ "cause": "piriformis" }))),
        (Method::PUT, "/api/v1/patients/{id}/clearance", Some(json!({ "cleared": true }))),
        (Method::POST, "/api/v1/patients/{id}/acknowledgements", Some(json!({ "note": "seen" }))),
        (Method::POST, "/api/v1/patients/{id}/program", Some(json!({}))),
        (
            Method::PATCH,
            "/api/v1/patients/{id}/program",
            Some(json!({ "change": "remove", "exercise": "walking-program" })),
        ),
        (Method::PUT, "/api/v1/patients/{id}/phase", Some(json!({ "phase": 2 }))),
        (
            Method::POST,
            "/api/v1/patients/{id}/proposals/{proposal_id}",
            Some(json!({ "decision": "accept" })),
        ),
        (Method::POST, "/api/v1/patients/{id}/notes", Some(json!({ "note": "hello" }))),
        (Method::GET, "/api/v1/patients/{id}/actions", None),
    ]
}

#[tokio::test]
async fn another_clinician_and_the_patient_are_answered_not_found_and_audited() {
    let k = clinic().await;
    assert_eq!(k.patient.send(Method::POST, "/api/v1/screenings", &[], &answers(&[])).await.status, 201);
    for (method, path, body) in routes() {
        let args: &[&str] =
            if path.contains("{proposal_id}") { &[&k.pid, "progress-phase-2"] } else { &[&k.pid] };
        for (who, api) in [("another clinician", &k.other), ("the patient", &k.patient)] {
            let r =
                api.call(method.clone(), path, args, "", body.as_ref().map(common::api::Body::Json)).await;
            assert_eq!(r.status, 404, "{who}: {method} {path}: {}", r.text);
            assert_eq!(r.content_type, "application/problem+json");
        }
    }
    let o = k.w.server.store.user_by_email("o@example.org").await.unwrap().unwrap();
    let denied = k.w.server.store.audit_entries(500).await.unwrap();
    let denied = denied
        .iter()
        .filter(|e| {
            e.actor_id.as_deref() == Some(o.id.as_str())
                && e.action == "Treat.denied"
                && e.patient_id.as_deref() == Some(k.pid.as_str())
        })
        .count();
    assert_eq!(denied, routes().len(), "every refusal of the other clinician is audited");
    assert!(k.w.server.store.clinical_actions(&k.pid).await.unwrap().is_empty());
}

#[tokio::test]
async fn an_acknowledgement_lifts_the_block_of_an_urgent_screen() {
    let k = clinic().await;
    let urgent = k
        .patient
        .send(Method::POST, "/api/v1/screenings", &[], &answers(&[("weakness", json!("mild_new"))]))
        .await;
    assert_eq!(urgent.body["urgency"], "same_day", "{}", urgent.text);
    assert_eq!(k.patient.get("/api/v1/exercises", &[]).await.status, 409);
    assert_eq!(k.patient.get("/api/v1/plan", &[]).await.status, 409);
    let ack = k
        .clinician
        .send(
            Method::POST,
            "/api/v1/patients/{id}/acknowledgements",
            &[&k.pid],
            &json!({ "note": "Examined today: strength normal, no new signs." }),
        )
        .await;
    assert_eq!(ack.status, 201, "{}", ack.text);
    assert_eq!(ack.headers["location"], format!("/api/v1/patients/{}/actions", k.pid).as_str());
    let exercises = k.patient.get("/api/v1/exercises", &[]).await;
    assert_eq!(exercises.status, 200, "available after the acknowledgement: {}", exercises.text);
    assert_eq!(k.patient.get("/api/v1/plan", &[]).await.status, 200);
    let status = k.patient.get("/api/v1/status", &[]).await;
    assert_eq!(
        (status.body["blocked"].as_bool(), status.body["urgent_since"].is_null()),
        (Some(false), true)
    );
    let acks = k.w.server.store.acknowledgements(&k.pid).await.unwrap();
    assert_eq!(
        acks.last().map(|a| (a.by, a.note.as_str())),
        Some((
            sciatica_store::screenings::AckBy::Clinician,
            "Examined today: strength normal, no new signs."
        ))
    );
    assert!(
        k.w.server.store.audit_entries(50).await.unwrap().iter().any(|e| e.action == "treat.acknowledge")
    );
    // The person's own list of who has seen their record says it in words.
    let mut page = k.w.server.signed_in("p@example.org").await;
    let access = page.get("/account/access").await.body;
    assert!(access.contains("Looked at your urgent result or alert and wrote a note"), "{access}");
    assert!(!access.contains("treat."), "no identifiers: {access}");
    let listed = k.patient.get("/api/v1/me/access", &[]).await;
    assert!(listed.body["entries"].as_array().unwrap().iter().any(|e| e["action"] == "treat.acknowledge"));
}

#[tokio::test]
async fn a_programme_is_started_changed_and_kept_in_versions() {
    let k = clinic().await;
    assert_eq!(k.patient.send(Method::POST, "/api/v1/screenings", &[], &answers(&[])).await.status, 201);
    let id: &[&str] = &[&k.pid];
    let c = &k.clinician;
    let started = c
        .send(
            Method::POST,
            "/api/v1/patients/{id}/program",
            id,
            &json!({ "phase": 1, "reason": "fresh start" }),
        )
        .await;
    assert_eq!(started.status, 201, "{}", started.text);
    let add = c
        .send(
            Method::PATCH,
            "/api/v1/patients/{id}/program",
            id,
            &json!({ "change": "add", "exercise": "clamshell", "sets": 2 }),
        )
        .await;
    assert_eq!(add.status, 200, "{}", add.text);
    assert!(add.body["warnings"][0].as_str().unwrap().contains("not in phase 1"), "{}", add.text);
    let dose = c
        .send(
            Method::PATCH,
            "/api/v1/patients/{id}/program",
            id,
            &json!({ "change": "dose", "exercise": "abdominal-bracing", "reps": 6 }),
        )
        .await;
    assert_eq!(dose.status, 200, "{}", dose.text);
    let remove = c
        .send(
            Method::PATCH,
            "/api/v1/patients/{id}/program",
            id,
            &json!({ "change": "remove", "exercise": "walking-program" }),
        )
        .await;
    assert_eq!(remove.status, 200, "{}", remove.text);

    let plan = k.patient.get("/api/v1/plan", &[]).await;
    assert_eq!(plan.status, 200, "{}", plan.text);
    let text = plan.text.clone();
    assert!(text.contains("clamshell") && !text.contains("walking-program"), "{text}");
    let bracing = plan.body["exercises"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "abdominal-bracing")
        .cloned()
        .unwrap_or_default();
    assert_eq!(bracing["reps"], 6, "{text}");

    let phase = c
        .send(Method::PUT, "/api/v1/patients/{id}/phase", id, &json!({ "phase": 2, "reason": "doing well" }))
        .await;
    assert_eq!(phase.status, 200, "{}", phase.text);
    assert_eq!(k.patient.get("/api/v1/program", &[]).await.body["phase"], 2);
    let versions = k.w.server.store.programs(&k.pid).await.unwrap();
    assert_eq!(versions.len(), 6, "the screen's, then one per change");
    assert!(versions[1..].iter().all(|p| p.set_by == sciatica_store::programs::SetBy::Clinician));
    assert!(versions.last().unwrap().reason.contains("doing well"));
    assert_eq!(k.w.server.store.rebuild_records().await.unwrap().1, 0);
}

#[tokio::test]
async fn a_decided_proposal_is_no_longer_waiting_and_the_person_sees_why() {
    let k = clinic().await;
    good_fortnight(&k.patient).await;
    let id: &[&str] = &[&k.pid];
    let history = k.clinician.get("/api/v1/patients/{id}/actions", id).await;
    assert_eq!(history.body["proposals_waiting"][0]["id"], "progress-phase-2", "{}", history.text);
    assert_eq!(k.patient.get("/api/v1/program", &[]).await.body["ready_for_phase"], 2);
    let path = "/api/v1/patients/{id}/proposals/{proposal_id}";
    let args: &[&str] = &[&k.pid, "progress-phase-2"];
    k.clinician.send(Method::POST, path, args, &json!({ "decision": "reject" })).await.names("reason");
    k.clinician
        .send(Method::POST, path, args, &json!({ "decision": "edit", "reason": "x" }))
        .await
        .names("phase");
    let rejected = k
        .clinician
        .send(
            Method::POST,
            path,
            args,
            &json!({ "decision": "reject", "reason": "One more week in phase 1." }),
        )
        .await;
    assert_eq!(rejected.status, 201, "{}", rejected.text);
    assert_eq!(
        k.clinician.get("/api/v1/patients/{id}/actions", id).await.body["proposals_waiting"],
        json!([])
    );
    assert_eq!(
        k.patient.get("/api/v1/program", &[]).await.body["ready_for_phase"],
        Value::Null,
        "no longer offered"
    );
    k.clinician.send(Method::POST, path, args, &json!({ "decision": "accept" })).await.names("proposal");
    let note = k
        .clinician
        .send(
            Method::POST,
            "/api/v1/patients/{id}/notes",
            id,
            &json!({ "note": "Keep going <b>twice</b> a day." }),
        )
        .await;
    assert_eq!(note.status, 201, "{}", note.text);
    let program_page = k.w.server.signed_in("p@example.org").await.get("/program").await;
    assert!(program_page.body.contains("One more week in phase 1."), "{}", program_page.body);
    assert!(program_page.body.contains("You stay in phase 1 for now."));
}
