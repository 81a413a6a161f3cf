//! The panel is a read of every patient it shows: a clinician opening it writes one audit entry
//! per patient shown (and none for a patient not on it), which each patient sees on their own
//! "who has seen my record" page and API; the panel fails when the entries cannot be written; and
//! its statements do not grow with the caseload.

mod common;

use common::api::World;
use jiff::Timestamp;
use reqwest::Method;
use sciatica_core::policy::Role;
use sciatica_core::{Content, triage};
use sciatica_store::patients::Profile;
use sciatica_store::programs::SetBy;
use serde_json::Value;

fn ids(panel: &Value) -> Vec<String> {
    panel["patients"].as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap().to_owned()).collect()
}

/// The `panel.view` entries of a patient's own access log, through the API.
async fn panel_views(patient: &common::api::Api) -> Vec<Value> {
    let r = patient.get("/api/v1/me/access", &[]).await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.body["entries"].as_array().unwrap().iter().filter(|e| e["action"] == "panel.view").cloned().collect()
}

#[tokio::test]
async fn each_patient_on_the_panel_sees_that_the_clinician_saw_them_there() {
    let w = World::new().await;
    let store = &w.server.store;
    let (clinician, _) = w.account("dr@example.org", Role::Clinician).await;
    let dr = store.user_by_email("dr@example.org").await.unwrap().unwrap();
    let mut patients = Vec::new();
    for (email, name) in [("ann@example.org", "Ann"), ("ben@example.org", "Ben"), ("cy@example.org", "Cy")] {
        let (api, pid) = w.account(email, Role::Patient).await;
        let pid = pid.unwrap();
        let profile = Profile::new(Some(name), "Europe/London", "07:30", "19:00").unwrap();
        store.update_patient(&pid, &profile).await.unwrap();
        store.add_to_care_team(&pid, &dr.id, None, Timestamp::now()).await.unwrap();
        patients.push((api, pid));
    }
    let (stranger, _) = w.account("eve@example.org", Role::Patient).await;

    let before = store.audit_entries(500).await.unwrap().len();
    let panel = clinician.get("/api/v1/panel", &[]).await;
    assert_eq!(panel.status, 200, "{}", panel.text);
    assert_eq!(ids(&panel.body).len(), 3);
    let written = store.audit_entries(500).await.unwrap();
    assert_eq!(written.len() - before, 3, "one entry per patient shown, nothing else");
    for (api, pid) in &patients {
        let seen = panel_views(api).await;
        assert_eq!(seen.len(), 1, "{pid}: {seen:?}");
        assert_eq!(seen[0]["who"], "dr@example.org");
        assert_eq!(seen[0]["role"], "clinician");
        let entry = written.iter().find(|e| e.patient_id.as_deref() == Some(pid.as_str())).unwrap();
        assert_eq!(entry.action, "panel.view");
        assert_eq!(entry.actor_id.as_deref(), Some(dr.id.as_str()));
        assert_eq!(entry.address.as_deref(), Some("127.0.0.1"), "from where");
    }
    assert!(panel_views(&stranger).await.is_empty(), "a patient not on the caseload sees nothing");
    let stranger_log = stranger.get("/api/v1/me/access", &[]).await;
    assert_eq!(stranger_log.body["entries"], serde_json::json!([]));

    // A filtered panel shows one patient: only that one gets a second entry.
    let named = clinician.call(Method::GET, "/api/v1/panel", &[], "?q=ben", None).await;
    assert_eq!(ids(&named.body), [patients[1].1.clone()]);
    let mut counts = Vec::new();
    for (api, _) in &patients {
        counts.push(panel_views(api).await.len());
    }
    assert_eq!(counts, [1, 2, 1]);

    // The page is the same read; the patient's page says it in words.
    let mut page = w.server.signed_in("dr@example.org").await;
    assert_eq!(page.get("/clinic").await.status, 200);
    assert_eq!(panel_views(&patients[0].0).await.len(), 2);
    let mut ann = w.server.signed_in("ann@example.org").await;
    let access = ann.get("/account/access").await.body;
    assert_eq!(access.matches("Saw you on their list of patients").count(), 2, "{access}");
    assert!(access.contains("<strong>dr@example.org</strong>"));
}

#[tokio::test]
async fn the_panel_fails_when_its_audit_entries_cannot_be_written() {
    let w = World::new().await;
    if w.server.sqlite_only("the_panel_fails_when_its_audit_entries_cannot_be_written") {
        return;
    }
    let store = &w.server.store;
    let (clinician, _) = w.account("dr@example.org", Role::Clinician).await;
    let dr = store.user_by_email("dr@example.org").await.unwrap().unwrap();
    let (_, pid) = w.account("ann@example.org", Role::Patient).await;
    let pid = pid.unwrap();
    store.add_to_care_team(&pid, &dr.id, None, Timestamp::now()).await.unwrap();
    let mut page = w.server.signed_in("dr@example.org").await;
    assert_eq!(clinician.get("/api/v1/panel", &[]).await.status, 200);

    let db = rusqlite::Connection::open(&w.server.db).unwrap();
    db.execute_batch(
        "CREATE TRIGGER audit_log_refused BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit refused'); END;",
    )
    .unwrap();
    drop(db);
    // (Through the plain client: a failure of the server is not in the API document.)
    let refused = page.get("/api/v1/panel").await;
    assert_eq!(refused.status, 500, "{}", refused.body);
    assert!(refused.headers["content-type"].to_str().unwrap().starts_with("application/problem+json"));
    assert!(!refused.body.contains(&pid) && !refused.body.contains("audit refused"));
    let shown = page.get("/clinic").await;
    assert_eq!(shown.status, 500);
    assert!(!shown.body.contains(&pid), "nothing of the patient is shown");
}

/// `n` screened patients in the care of a new clinician, made directly in the store.
async fn caseload(w: &World, email: &str, n: usize) -> common::api::Api {
    let store = &w.server.store;
    let (api, _) = w.account(email, Role::Clinician).await;
    let dr = store.user_by_email(email).await.unwrap().unwrap();
    let c = Content::embedded();
    let a = sciatica_core::triage::answers::Answers::from_json(&common::api::answers(&[])).unwrap();
    for i in 0..n {
        let profile = Profile::new(Some(&format!("P{i}")), "Europe/London", "07:30", "19:00").unwrap();
        let p = store.create_patient(&profile, Timestamp::now()).await.unwrap();
        store.add_to_care_team(&p.id, &dr.id, None, Timestamp::now()).await.unwrap();
        if i.is_multiple_of(2) {
            store
                .record_screen(&p, &a, &triage::screen(c, &a), Timestamp::now(), SetBy::System)
                .await
                .unwrap();
        }
    }
    api
}

#[tokio::test]
async fn the_panels_statements_do_not_grow_with_the_caseload() {
    let w = World::new().await;
    let small = caseload(&w, "small@example.org", 3).await;
    let large = caseload(&w, "large@example.org", 80).await;
    let mut counts = Vec::new();
    for (api, n) in [(&small, 3), (&large, 80)] {
        // The first read fills the record cache; the second is the one measured.
        assert_eq!(ids(&api.get("/api/v1/panel", &[]).await.body).len(), n);
        let before = w.server.store.statements_run();
        let r = api.get("/api/v1/panel", &[]).await;
        counts.push(w.server.store.statements_run() - before);
        assert_eq!(ids(&r.body).len(), n);
    }
    assert_eq!(counts[0], counts[1], "statements of a panel read of 3 and of 80 patients");
    assert!(counts[0] <= 12, "a handful of statements: {}", counts[0]);
}
