//! The administrator's accounts, in the pages and the API: listed and searched with account-level
//! facts only, roles changed, accounts deactivated (no sign-in, sessions end) and reactivated,
//! reset links, patients moved between clinicians; problems name the field, anyone else gets
//! 404, and the last active administrator stays one. Every change is audited.

mod common;

use common::api::{Auth, World};
use common::{PASSWORD, Server, start};
use reqwest::{Method, StatusCode};
use sciatica_core::policy::{Relation, Role};
use serde_json::json;

/// The link shown in a page's copy box.
fn link_in(body: &str, kind: &str) -> String {
    body.split("value=\"")
        .find_map(|x| x.split('"').next().filter(|u| u.contains(kind)))
        .unwrap_or_else(|| panic!("no {kind} link: {body}"))
        .to_owned()
}

async fn id_of(s: &Server, email: &str) -> String {
    s.store.user_by_email(email).await.unwrap().unwrap().id
}

#[tokio::test]
async fn accounts_are_listed_searched_and_filtered_with_account_facts_only() {
    let s = start().await;
    s.user("admin@example.org", Role::Admin).await;
    let dr = s.user("dr@example.org", Role::Clinician).await;
    let sam = s.user("sam@example.org", Role::Patient).await;
    s.user("kim@example.org", Role::Patient).await;
    s.store
        .add_to_care_team(sam.patient_id.as_deref().unwrap(), &dr.id, None, jiff::Timestamp::now())
        .await
        .unwrap();
    let mut admin = s.signed_in("admin@example.org").await;
    let all = admin.get("/admin/accounts").await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.body);
    for email in ["admin@example.org", "dr@example.org", "sam@example.org", "kim@example.org"] {
        assert!(all.body.contains(email), "{email} is listed");
    }
    assert!(all.body.contains("<dt>Clinician</dt><dd>dr@example.org</dd>"), "Sam's clinician: {}", all.body);
    assert!(!all.body.contains("Sam</"), "no patient name or other record data: {}", all.body);
    assert!(all.body.contains("<dt>Last sign-in</dt><dd>20"), "the admin's own sign-in is shown");

    let found = admin.get("/admin/accounts?email=SAM&role=").await;
    assert!(
        found.body.contains("sam@example.org") && !found.body.contains("kim@example.org"),
        "{}",
        found.body
    );
    let staff = admin.get("/admin/accounts?role=clinician").await;
    assert!(staff.body.contains("dr@example.org") && !staff.body.contains("sam@example.org"));
    let bad = admin.get("/admin/accounts?role=nurse").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("<strong>role</strong>: &#34;nurse&#34; is not a role"), "{}", bad.body);

    let w = World::new().await;
    let (api, _) = w.account("root@example.org", Role::Admin).await;
    w.account("pat@example.org", Role::Patient).await;
    let listed = api.get("/api/v1/admin/accounts", &[]).await;
    assert_eq!(listed.status, 200, "{}", listed.text);
    assert_eq!(listed.body["accounts"].as_array().unwrap().len(), 2);
    assert_eq!(listed.body["next_page"], serde_json::Value::Null);
    let pats = api.call(Method::GET, "/api/v1/admin/accounts", &[], "?role=patient", None).await;
    assert_eq!(pats.body["accounts"][0]["email"], "pat@example.org");
    api.call(Method::GET, "/api/v1/admin/accounts", &[], "?page=0", None).await.names("page");
    api.call(Method::GET, "/api/v1/admin/accounts", &[], "?role=x", None).await.names("role");
    for role in [Role::Patient, Role::Clinician] {
        let (other, _) = w.account(&format!("{role}@example.org"), role).await;
        assert_eq!(other.get("/api/v1/admin/accounts", &[]).await.status, 404, "{role}");
    }
    let mut dr_page = s.signed_in("dr@example.org").await;
    assert_eq!(dr_page.get("/admin/accounts").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn roles_change_between_staff_roles_and_the_last_admin_stays() {
    let s = start().await;
    s.user("admin@example.org", Role::Admin).await;
    s.user("dr@example.org", Role::Clinician).await;
    s.user("sam@example.org", Role::Patient).await;
    let (admin_id, dr, sam) = (
        id_of(&s, "admin@example.org").await,
        id_of(&s, "dr@example.org").await,
        id_of(&s, "sam@example.org").await,
    );
    let mut admin = s.signed_in("admin@example.org").await;

    let last = admin.post(&format!("/admin/accounts/{admin_id}/role"), &[("role", "clinician")]).await;
    assert_eq!(last.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        last.body.contains("<strong>role</strong>: this is the last active administrator"),
        "{}",
        last.body
    );
    let patient = admin.post(&format!("/admin/accounts/{sam}/role"), &[("role", "admin")]).await;
    assert_eq!(patient.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(patient.body.contains("<strong>role</strong>: only staff roles change"), "{}", patient.body);
    let nonsense = admin.post(&format!("/admin/accounts/{dr}/role"), &[("role", "boss")]).await;
    assert!(
        nonsense.body.contains("<strong>role</strong>: &#34;boss&#34; is not a role"),
        "{}",
        nonsense.body
    );

    let promoted = admin.post(&format!("/admin/accounts/{dr}/role?email=dr"), &[("role", "admin")]).await;
    assert_eq!(promoted.status, StatusCode::OK, "{}", promoted.body);
    assert!(promoted.body.contains("dr@example.org is now admin."), "{}", promoted.body);
    assert!(promoted.body.contains(r#"value="dr""#), "the search is kept: {}", promoted.body);
    let entry =
        s.store.audit_entries(5).await.unwrap().into_iter().find(|e| e.action == "account.role").unwrap();
    assert_eq!(entry.actor_id.as_deref(), Some(admin_id.as_str()));
    assert_eq!(entry.address.as_deref(), Some("127.0.0.1"), "from where");
    assert!(entry.detail.contains("clinician to admin"), "{}", entry.detail);
    let mut dr_now = s.signed_in("dr@example.org").await;
    assert_eq!(dr_now.get("/admin/accounts").await.status, StatusCode::OK, "the new admin manages accounts");
    let back = dr_now.post(&format!("/admin/accounts/{admin_id}/role"), &[("role", "clinician")]).await;
    assert_eq!(back.status, StatusCode::OK, "with two admins one may be demoted: {}", back.body);
    assert_eq!(admin.get("/admin/accounts").await.status, StatusCode::NOT_FOUND, "a clinician now");

    let w = World::new().await;
    let (api, _) = w.account("root@example.org", Role::Admin).await;
    w.account("c@example.org", Role::Clinician).await;
    let c = w.server.store.user_by_email("c@example.org").await.unwrap().unwrap().id;
    let root = w.server.store.user_by_email("root@example.org").await.unwrap().unwrap().id;
    let r = api.send(Method::PATCH, "/api/v1/admin/accounts/{id}", &[&c], &json!({ "role": "admin" })).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["role"], "admin");
    api.send(Method::PATCH, "/api/v1/admin/accounts/{id}", &[&c], &json!({ "role": "admin" }))
        .await
        .names("role");
    api.send(Method::PATCH, "/api/v1/admin/accounts/{id}", &[&c], &json!({})).await.names("body");
    api.send(Method::PATCH, "/api/v1/admin/accounts/{id}", &[&c], &json!({ "role": 3 })).await.names("role");
    let gone = api
        .send(Method::PATCH, "/api/v1/admin/accounts/{id}", &["no-such-id"], &json!({ "role": "admin" }))
        .await;
    assert_eq!(gone.status, 404);
    api.send(Method::PATCH, "/api/v1/admin/accounts/{id}", &[&root], &json!({ "role": "clinician" })).await;
    let (c_api, _) = w.account("c2@example.org", Role::Clinician).await;
    let r = c_api
        .send(Method::PATCH, "/api/v1/admin/accounts/{id}", &[&c], &json!({ "role": "clinician" }))
        .await;
    assert_eq!(r.status, 404, "a clinician cannot");
    let last = w.server.store.account(&c).await.unwrap();
    assert_eq!(last.role, Role::Admin, "the remaining admin");
}

#[tokio::test]
async fn a_deactivated_account_cannot_sign_in_and_its_sessions_end() {
    let w = World::new().await;
    let s = &w.server;
    s.user("admin@example.org", Role::Admin).await;
    let (sam_api, _) = w.account("sam@example.org", Role::Patient).await;
    let sam = id_of(s, "sam@example.org").await;
    let admin_id = id_of(s, "admin@example.org").await;
    let mut sam_page = s.signed_in("sam@example.org").await;
    assert_eq!(sam_page.get("/account").await.status, StatusCode::OK);
    let mut admin = s.signed_in("admin@example.org").await;

    let bad = admin.post(&format!("/admin/accounts/{sam}/active"), &[("active", "maybe")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("<strong>active</strong>"), "{}", bad.body);
    let last = admin.post(&format!("/admin/accounts/{admin_id}/active"), &[("active", "false")]).await;
    assert_eq!(last.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        last.body.contains("<strong>active</strong>: this is the last active administrator"),
        "{}",
        last.body
    );

    let off = admin.post(&format!("/admin/accounts/{sam}/active"), &[("active", "false")]).await;
    assert_eq!(off.status, StatusCode::OK, "{}", off.body);
    assert!(off.body.contains("sam@example.org is deactivated"), "{}", off.body);
    assert_eq!(sam_page.get("/account").await.location(), "/login", "the session ended");
    assert_eq!(sam_api.get("/api/v1/me", &[]).await.status, 401, "the token stopped");
    let tried = s.client().post("/login", &[("email", "sam@example.org"), ("password", PASSWORD)]).await;
    assert_eq!(tried.status, StatusCode::UNAUTHORIZED, "a deactivated account cannot sign in");
    let reset = admin.post(&format!("/admin/accounts/{sam}/reset"), &[]).await;
    assert_eq!(reset.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reset.body.contains("<strong>active</strong>: the account is deactivated"), "{}", reset.body);
    let entry = s
        .store
        .audit_entries(10)
        .await
        .unwrap()
        .into_iter()
        .find(|e| e.action == "account.deactivate")
        .unwrap();
    assert_eq!(entry.patient_id, s.store.user(&sam).await.unwrap().patient_id, "on the patient's record");

    let on = admin.post(&format!("/admin/accounts/{sam}/active"), &[("active", "true")]).await;
    assert!(on.body.contains("sam@example.org can sign in again"), "{}", on.body);
    s.signed_in("sam@example.org").await;

    let (api, _) = w.account("root@example.org", Role::Admin).await;
    let r =
        api.send(Method::PATCH, "/api/v1/admin/accounts/{id}", &[&sam], &json!({ "active": false })).await;
    assert_eq!((r.status, &r.body["active"]), (200, &json!(false)), "{}", r.text);
    api.send(Method::PATCH, "/api/v1/admin/accounts/{id}", &[&sam], &json!({ "active": false }))
        .await
        .names("active");
    let patient = w.api.with(Auth::Bearer("x".repeat(43)));
    assert_eq!(patient.get("/api/v1/admin/accounts", &[]).await.status, 401);
}

#[tokio::test]
async fn a_reset_link_made_for_an_account_sets_its_password() {
    let w = World::new().await;
    let s = &w.server;
    s.user("admin@example.org", Role::Admin).await;
    s.user("kim@example.org", Role::Patient).await;
    let kim = id_of(s, "kim@example.org").await;
    let mut admin = s.signed_in("admin@example.org").await;
    let made = admin.post(&format!("/admin/accounts/{kim}/reset"), &[]).await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    let url = link_in(&made.body, "/reset/");
    let path = url.trim_start_matches(&s.base).to_owned();
    let used = s.client().post(&path, &[("password", "a brand new password here")]).await;
    assert_eq!(used.status, StatusCode::SEE_OTHER, "{}", used.body);
    let again = s
        .client()
        .post("/login", &[("email", "kim@example.org"), ("password", "a brand new password here")])
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(admin.post("/admin/accounts/no-such-id/reset", &[]).await.status, StatusCode::NOT_FOUND);

    let (api, _) = w.account("root@example.org", Role::Admin).await;
    let r = api.call(Method::POST, "/api/v1/admin/accounts/{id}/reset-link", &[&kim], "", None).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert!(r.body["url"].as_str().unwrap().contains("/reset/"));
    let (doc, _) = w.account("doc@example.org", Role::Clinician).await;
    assert_eq!(
        doc.call(Method::POST, "/api/v1/admin/accounts/{id}/reset-link", &[&kim], "", None).await.status,
        404
    );
    let audited = s.store.audit_entries(20).await.unwrap();
    assert_eq!(audited.iter().filter(|e| e.action == "reset.create").count(), 2);
}

#[tokio::test]
async fn a_patient_moves_between_clinicians() {
    let w = World::new().await;
    let s = &w.server;
    s.user("admin@example.org", Role::Admin).await;
    let a = s.user("a@example.org", Role::Clinician).await;
    let b = s.user("b@example.org", Role::Clinician).await;
    let sam = s.user("sam@example.org", Role::Patient).await;
    let p = sam.patient_id.clone().unwrap();
    let mut admin = s.signed_in("admin@example.org").await;
    let path = format!("/admin/accounts/{}/transfer", sam.id);

    let assigned = admin.post(&path, &[("to", &a.id)]).await;
    assert_eq!(assigned.status, StatusCode::OK, "{}", assigned.body);
    assert!(
        assigned.body.contains("sam@example.org is now in the care of a@example.org."),
        "{}",
        assigned.body
    );
    let empty = admin.post(&path, &[("from", &a.id), ("to", "")]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("<strong>to</strong>: is empty"), "{}", empty.body);
    let to_patient = admin.post(&path, &[("from", &a.id), ("to", &sam.id)]).await;
    assert!(
        to_patient.body.contains("<strong>to</strong>: must be the account of an active clinician"),
        "{}",
        to_patient.body
    );
    let wrong_from = admin.post(&path, &[("from", &b.id), ("to", &b.id)]).await;
    assert!(wrong_from.body.contains("<strong>to</strong>"), "{}", wrong_from.body);
    let staff = admin.post(&format!("/admin/accounts/{}/transfer", a.id), &[("to", &b.id)]).await;
    assert!(staff.body.contains("<strong>account</strong>: is not a patient account"), "{}", staff.body);

    let moved = admin.post(&path, &[("from", &a.id), ("to", &b.id)]).await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);
    assert!(moved.body.contains("in the care of b@example.org."), "{}", moved.body);
    assert_eq!(s.store.relation(&a.id, Role::Clinician, &p).await.unwrap(), Relation::None);
    assert_eq!(s.store.relation(&b.id, Role::Clinician, &p).await.unwrap(), Relation::CareTeam);
    let entry = s
        .store
        .audit_entries(10)
        .await
        .unwrap()
        .into_iter()
        .find(|e| e.action == "patient.transfer")
        .unwrap();
    assert_eq!(entry.patient_id.as_deref(), Some(p.as_str()));
    assert_eq!(entry.detail, "sam@example.org: from a@example.org to b@example.org");
    let mut dr = s.signed_in("a@example.org").await;
    assert_eq!(dr.post(&path, &[("from", &b.id), ("to", &a.id)]).await.status, StatusCode::NOT_FOUND);

    let (api, _) = w.account("root@example.org", Role::Admin).await;
    let t = "/api/v1/admin/accounts/{id}/transfer";
    let back = api.send(Method::POST, t, &[&sam.id], &json!({ "from": b.id, "to": a.id })).await;
    assert_eq!(back.status, 200, "{}", back.text);
    assert_eq!(back.body["clinicians"][0]["email"], "a@example.org");
    api.send(Method::POST, t, &[&sam.id], &json!({ "from": b.id, "to": a.id })).await.names("to");
    api.send(Method::POST, t, &[&sam.id], &json!({ "from": b.id })).await.names("to");
}
