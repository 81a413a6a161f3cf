//! The audit log end to end: a clinician's read is written with who, what, which patient, when and
//! from where; the patient's own "who has seen my record" page and API match it; an administrator
//! filters it (and that is audited too); a read fails when its entry cannot be written.

mod common;

use common::api::World;
use common::start;
use jiff::Timestamp;
use reqwest::{Method, StatusCode};
use sciatica_core::Content;
use sciatica_core::policy::{Action, Role, Target};
use sciatica_web::auth::CurrentUser;
use sciatica_web::{AppState, Config};

/// A session credential for a user built in the test (only the audit path is exercised).
fn credential() -> sciatica_web::auth::user::Credential {
    sciatica_web::auth::user::Credential::Session {
        token_hash: "test".into(),
        authenticated_at: jiff::Timestamp::now(),
    }
}

/// The web state over a test server's store, to act as a signed-in account from the test.
fn state_of(store: &sciatica_store::Store) -> AppState {
    AppState::new(
        store.clone(),
        Content::embedded(),
        Config::new("127.0.0.1:0".parse().unwrap(), String::new()),
    )
}

/// A clinician's read of a patient's record, as every clinic handler makes it.
async fn clinician_reads(
    state: &AppState,
    clinician: &sciatica_store::users::User,
    patient: &str,
    from: &str,
) {
    let user =
        CurrentUser { user: clinician.clone(), credential: credential(), address: Some(from.to_owned()) };
    user.authorize(state, Action::ReadRecord, Target::Patient(patient)).await.unwrap();
}

#[tokio::test]
async fn the_patients_access_page_matches_the_audit_of_a_clinician_read() {
    let w = World::new().await;
    let s = &w.server;
    let (sam_api, sam_pid) = w.account("sam@example.org", Role::Patient).await;
    let p = sam_pid.unwrap();
    let dr = s.user("dr@example.org", Role::Clinician).await;
    let other = s.user("other@example.org", Role::Clinician).await;
    s.store.add_to_care_team(&p, &dr.id, None, Timestamp::now()).await.unwrap();
    let state = state_of(&s.store);

    let mut sam = s.signed_in("sam@example.org").await;
    let before = sam.get("/account/access").await;
    assert_eq!(before.status, StatusCode::OK);
    assert!(
        before.body.contains("No clinician or administrator has opened your record yet."),
        "{}",
        before.body
    );

    clinician_reads(&state, &dr, &p, "203.0.113.9").await;
    clinician_reads(&state, &dr, &p, "203.0.113.9").await;
    let stranger =
        CurrentUser { user: other.clone(), credential: credential(), address: Some("198.51.100.2".into()) };
    assert!(
        stranger.authorize(&state, Action::ReadRecord, Target::Patient(&p)).await.is_err(),
        "not their patient"
    );

    let audit: Vec<_> = s
        .store
        .audit_entries(50)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.patient_id.as_deref() == Some(p.as_str()))
        .collect();
    let reads: Vec<_> = audit.iter().filter(|e| e.action == "ReadRecord").collect();
    assert_eq!(reads.len(), 2);
    for e in &reads {
        assert_eq!(e.actor_id.as_deref(), Some(dr.id.as_str()), "who");
        assert_eq!(e.actor_role, "clinician");
        assert_eq!(e.address.as_deref(), Some("203.0.113.9"), "from where");
    }
    assert!(
        audit.iter().any(|e| e.action == "ReadRecord.denied" && e.address.as_deref() == Some("198.51.100.2"))
    );

    let page = sam.get("/account/access").await;
    assert_eq!(page.body.matches("<strong>dr@example.org</strong>").count(), 2, "{}", page.body);
    assert_eq!(page.body.matches("Read your record").count(), 2);
    assert!(!page.body.contains("other@example.org"), "a refused attempt saw nothing: {}", page.body);

    let api = sam_api.get("/api/v1/me/access", &[]).await;
    assert_eq!(api.status, 200, "{}", api.text);
    let entries = api.body["entries"].as_array().unwrap();
    assert_eq!(entries.len(), reads.len(), "the same entries as the audit");
    for (got, e) in entries.iter().zip(&reads) {
        assert_eq!(got["who"], "dr@example.org");
        assert_eq!(got["action"], "ReadRecord");
        assert_eq!(got["role"], "clinician");
        let at: Timestamp = got["at"].as_str().unwrap().parse().unwrap();
        assert_eq!(at.as_millisecond(), e.at.as_millisecond(), "when");
    }
    sam_api.call(Method::GET, "/api/v1/me/access", &[], "?page=x", None).await.names("page");
    let (dr_api, _) = w.account("dr2@example.org", Role::Clinician).await;
    assert_eq!(dr_api.get("/api/v1/me/access", &[]).await.status, 404, "staff have no record of their own");
}

#[tokio::test]
async fn the_audit_log_is_filtered_a_page_at_a_time_and_looking_is_audited() {
    let w = World::new().await;
    let s = &w.server;
    let (admin_api, _) = w.account("admin@example.org", Role::Admin).await;
    let (_, sam_pid) = w.account("sam@example.org", Role::Patient).await;
    let (_, kim_pid) = w.account("kim@example.org", Role::Patient).await;
    let (sam, kim) = (sam_pid.unwrap(), kim_pid.unwrap());
    let dr = s.user("dr@example.org", Role::Clinician).await;
    s.store.add_to_care_team(&sam, &dr.id, None, Timestamp::now()).await.unwrap();
    s.store.add_to_care_team(&kim, &dr.id, None, Timestamp::now()).await.unwrap();
    let state = state_of(&s.store);
    for _ in 0..55 {
        clinician_reads(&state, &dr, &sam, "192.0.2.1").await;
    }
    clinician_reads(&state, &dr, &kim, "192.0.2.1").await;

    let mut admin = s.signed_in("admin@example.org").await;
    let first =
        admin.get("/admin/audit?actor=dr%40example.org&patient=sam%40example.org&action=ReadRecord").await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert_eq!(first.body.matches("<strong>ReadRecord</strong>").count(), 50, "50 a page");
    assert!(first.body.contains("<dt>Address</dt><dd>192.0.2.1</dd>"));
    assert!(first.body.contains("<dt>Patient</dt><dd>sam@example.org</dd>"));
    assert!(!first.body.contains("kim@example.org</dd>"), "only Sam's record");
    assert!(first.body.contains("page=2"), "a link to the next page");
    let second = admin
        .get("/admin/audit?actor=dr%40example.org&patient=sam%40example.org&action=ReadRecord&page=2")
        .await;
    assert_eq!(second.body.matches("<strong>ReadRecord</strong>").count(), 5);
    let today = Timestamp::now().strftime("%Y-%m-%d").to_string();
    let dated = admin.get(&format!("/admin/audit?patient=kim%40example.org&from={today}&to={today}")).await;
    assert_eq!(dated.body.matches("<strong>ReadRecord</strong>").count(), 1, "{}", dated.body);
    let none = admin.get("/admin/audit?from=2020-01-01&to=2020-01-31").await;
    assert!(none.body.contains("No entry matches."));

    let bad = admin.get("/admin/audit?from=yesterday").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains(r#"id="f-from-error">&#34;yesterday&#34; is not a date"#), "{}", bad.body);
    let reversed = admin.get("/admin/audit?from=2026-02-02&to=2026-02-01").await;
    assert!(reversed.body.contains(r#"id="f-to-error">is before"#), "{}", reversed.body);
    let unknown = admin.get("/admin/audit?actor=nobody%40example.org").await;
    assert!(unknown.body.contains(r#"id="f-actor-error">no account has this email"#), "{}", unknown.body);
    let staff = admin.get("/admin/audit?patient=dr%40example.org").await;
    assert!(
        staff.body.contains(r#"id="f-patient-error">is not the email of a patient account"#),
        "{}",
        staff.body
    );

    let r = admin_api
        .call(Method::GET, "/api/v1/audit", &[], "?patient=kim%40example.org&action=ReadRecord", None)
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let entries = r.body["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["actor_email"], "dr@example.org");
    assert_eq!(entries[0]["patient_email"], "kim@example.org");
    assert_eq!(entries[0]["address"], "192.0.2.1");
    admin_api.call(Method::GET, "/api/v1/audit", &[], "?to=31-01-2026", None).await.names("to");
    admin_api.call(Method::GET, "/api/v1/audit", &[], "?colour=red", None).await.names("colour");
    let page2 = admin_api.call(Method::GET, "/api/v1/audit", &[], "?action=ReadRecord&page=2", None).await;
    assert_eq!(page2.body["entries"].as_array().unwrap().len(), 6);
    assert_eq!(page2.body["next_page"], serde_json::Value::Null);

    let views: Vec<_> =
        s.store.audit_entries(500).await.unwrap().into_iter().filter(|e| e.action == "audit.view").collect();
    assert!(views.len() >= 6, "each look at the log is in the log: {}", views.len());
    assert!(views.iter().any(
        |v| v.detail.contains("patient=kim@example.org") && v.patient_id.as_deref() == Some(kim.as_str())
    ));
    assert!(views.iter().all(|v| v.actor_role == "admin"));

    let (dr_api, _) = w.account("dr2@example.org", Role::Clinician).await;
    assert_eq!(dr_api.get("/api/v1/audit", &[]).await.status, 404);
    let mut dr_page = s.signed_in("dr2@example.org").await;
    assert_eq!(dr_page.get("/admin/audit").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_read_fails_when_its_audit_entry_cannot_be_written() {
    let w = World::new().await;
    let s = &w.server;
    if s.sqlite_only("a_read_fails_when_its_audit_entry_cannot_be_written") {
        return;
    }
    w.account("admin@example.org", Role::Admin).await;
    let (sam_api, sam_pid) = w.account("sam@example.org", Role::Patient).await;
    let p = sam_pid.unwrap();
    let dr = s.user("dr@example.org", Role::Clinician).await;
    s.store.add_to_care_team(&p, &dr.id, None, Timestamp::now()).await.unwrap();
    let state = state_of(&s.store);

    // The database refuses every new audit entry from now on.
    let db = rusqlite::Connection::open(&s.db).unwrap();
    db.execute_batch(
        "CREATE TRIGGER audit_log_refused BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit refused'); END;",
    )
    .unwrap();
    drop(db);

    let user =
        CurrentUser { user: dr.clone(), credential: credential(), address: Some("203.0.113.9".into()) };
    let read = user.authorize(&state, Action::ReadRecord, Target::Patient(&p)).await;
    assert!(read.is_err(), "the clinician's read is refused when it cannot be audited");
    let mut admin = s.signed_in("admin@example.org").await;
    let looked = admin.get("/admin/audit").await;
    assert_eq!(looked.status, StatusCode::INTERNAL_SERVER_ERROR, "the admin's look at the log fails too");
    assert!(!looked.body.contains("audit refused"), "no database detail reaches the client");
    assert_eq!(admin.get("/admin/accounts").await.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        sam_api.get("/api/v1/status", &[]).await.status,
        200,
        "the patient's own reads are not audited"
    );
}

#[tokio::test]
async fn the_client_address_of_a_web_request_is_written() {
    let s = start().await;
    s.user("admin@example.org", Role::Admin).await;
    let mut admin = s.signed_in("admin@example.org").await;
    assert_eq!(admin.get("/admin/invitations").await.status, StatusCode::OK);
    let e =
        s.store.audit_entries(5).await.unwrap().into_iter().find(|e| e.action == "invitations.view").unwrap();
    assert_eq!(e.address.as_deref(), Some("127.0.0.1"));
    assert_eq!(e.actor_role, "admin");
}
