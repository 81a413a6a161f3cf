//! The administrator's invitations and clinic settings, in the pages and the API: pending
//! invitations listed, revoked (the link stops working) and resent (a fresh link; the old one stops
//! working); clinic settings that override the server's start-up options and fall back to them.

mod common;

use common::api::{World, answers};
use common::{PASSWORD, start, start_with};
use reqwest::{Method, StatusCode};
use sciatica_core::policy::Role;
use serde_json::{Value, json};

fn link_in(body: &str, kind: &str) -> String {
    body.split("value=\"")
        .find_map(|x| x.split('"').next().filter(|u| u.contains(kind)))
        .unwrap_or_else(|| panic!("no {kind} link: {body}"))
        .to_owned()
}

/// The invitation ids on the invitations page.
fn ids_in(body: &str) -> Vec<String> {
    body.split("/admin/invitations/")
        .skip(1)
        .filter_map(|x| x.split_once("/revoke").map(|(id, _)| id.to_owned()))
        .collect()
}

#[tokio::test]
async fn invitations_are_listed_revoked_and_resent() {
    let s = start().await;
    s.user("admin@example.org", Role::Admin).await;
    s.user("dr@example.org", Role::Clinician).await;
    let mut admin = s.signed_in("admin@example.org").await;
    let mut dr = s.signed_in("dr@example.org").await;
    let made = dr.post("/admin/invite", &[("role", "patient"), ("email", "new@example.org")]).await;
    let first = link_in(&made.body, "/join/");
    admin.post("/admin/invite", &[("role", "clinician"), ("email", "")]).await;

    let list = admin.get("/admin/invitations").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert!(list.body.contains("new@example.org"), "{}", list.body);
    assert!(list.body.contains("<dt>Made by</dt><dd>dr@example.org</dd>"), "{}", list.body);
    assert!(list.body.contains("Anyone with the link"));
    assert_eq!(ids_in(&list.body).len(), 2);
    let row = list.body.split("<li class=\"row-card\">").find(|r| r.contains("new@example.org")).unwrap();
    let patient_invite = &ids_in(row)[0];

    let resent = admin.post(&format!("/admin/invitations/{patient_invite}/resend"), &[]).await;
    assert_eq!(resent.status, StatusCode::OK, "{}", resent.body);
    let fresh = link_in(&resent.body, "/join/");
    assert_ne!(fresh, first);
    let old = s.client().get(first.trim_start_matches(&s.base)).await;
    assert_ne!(old.status, StatusCode::OK, "the old link stopped working");
    let joined = s
        .client()
        .post(
            fresh.trim_start_matches(&s.base),
            &[("email", "new@example.org"), ("password", PASSWORD), ("name", "New"), ("time_zone", "UTC")],
        )
        .await;
    assert_eq!(joined.status, StatusCode::SEE_OTHER, "the new link works: {}", joined.body);
    let new = s.store.user_by_email("new@example.org").await.unwrap().unwrap();
    let dr_id = s.store.user_by_email("dr@example.org").await.unwrap().unwrap().id;
    let team = s.store.care_team(new.patient_id.as_deref().unwrap()).await.unwrap();
    assert_eq!(team[0].clinician_id, dr_id, "a resent invitation keeps its inviter's care team");

    let left = ids_in(&admin.get("/admin/invitations").await.body);
    assert_eq!(left.len(), 1);
    let revoked = admin.post(&format!("/admin/invitations/{}/revoke", left[0]), &[]).await;
    assert!(revoked.body.contains("The invitation is revoked"), "{}", revoked.body);
    assert!(revoked.body.contains("No invitation is waiting."));
    assert_eq!(
        admin.post(&format!("/admin/invitations/{}/revoke", left[0]), &[]).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        dr.get("/admin/invitations").await.status,
        StatusCode::NOT_FOUND,
        "clinicians do not manage them"
    );
    let actions: Vec<String> =
        s.store.audit_entries(20).await.unwrap().into_iter().map(|e| e.action).collect();
    assert!(
        actions.contains(&"invite.resend".to_owned()) && actions.contains(&"invite.revoke".to_owned()),
        "{actions:?}"
    );
}

#[tokio::test]
async fn invitations_through_the_api() {
    let w = World::new().await;
    let (api, _) = w.account("admin@example.org", Role::Admin).await;
    let url = sciatica_web::links::invite_link(
        &w.server.store,
        Role::Patient,
        None,
        None,
        "http://x",
        jiff::Timestamp::now(),
    )
    .await
    .unwrap();
    let list = api.get("/api/v1/admin/invitations", &[]).await;
    assert_eq!(list.status, 200, "{}", list.text);
    let id = list.body["invitations"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(list.body["invitations"][0]["created_by"], Value::Null);
    let resent = api.call(Method::POST, "/api/v1/admin/invitations/{id}/resend", &[&id], "", None).await;
    assert_eq!(resent.status, 201, "{}", resent.text);
    assert_ne!(resent.body["url"].as_str().unwrap(), url);
    assert_eq!(
        api.call(Method::DELETE, "/api/v1/admin/invitations/{id}", &[&id], "", None).await.status,
        404,
        "resent: gone"
    );
    let id = api.get("/api/v1/admin/invitations", &[]).await.body["invitations"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        api.call(Method::DELETE, "/api/v1/admin/invitations/{id}", &[&id], "", None).await.status,
        204
    );
    assert_eq!(api.get("/api/v1/admin/invitations", &[]).await.body["invitations"], json!([]));
    let (pat, _) = w.account("pat@example.org", Role::Patient).await;
    assert_eq!(pat.get("/api/v1/admin/invitations", &[]).await.status, 404);
}

#[tokio::test]
async fn clinic_settings_override_the_start_up_options_and_fall_back_to_them() {
    let s = start_with(|c| {
        c.contacts = sciatica_web::contacts::Contacts::new(
            &["000".to_owned()],
            Some("Riverside"),
            Some("03 9000 0000"),
        )
        .unwrap();
    })
    .await;
    s.user("admin@example.org", Role::Admin).await;
    s.user("pat@example.org", Role::Patient).await;
    let mut admin = s.signed_in("admin@example.org").await;
    let page = admin.get("/admin/settings").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Start-up setting: Riverside."), "{}", page.body);
    assert!(page.body.contains("Default: 3."), "{}", page.body);

    let form = |name: &'static str, phone: &'static str, emergency: &'static str, days: &'static str| {
        [
            ("clinic_name", name),
            ("clinic_phone", phone),
            ("emergency_numbers", emergency),
            ("inactive_days", days),
        ]
    };
    for (f, field) in [
        (form("", "call us", "", ""), "clinic_phone"),
        (form("", "", "11a", ""), "emergency_numbers"),
        (form("", "", "", "0"), "inactive_days"),
        (form("", "", "", "many"), "inactive_days"),
    ] {
        let r = admin.post("/admin/settings", &f).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        assert!(r.body.contains(&format!("<strong>{field}</strong>")), "{field}: {}", r.body);
        assert!(
            r.body.contains(&format!(r#"id="{field}-error""#)),
            "the error sits at the field: {}",
            r.body
        );
    }
    let saved =
        admin.post("/admin/settings", &form("Hillside Physio", "+44 20 7946 0000", "112, 999", "7")).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert!(saved.body.contains("The settings are saved"));

    // An urgent result now offers the stored numbers.
    let w_answers = answers(&[("bladder", json!(true))]);
    let mut pat = s.signed_in("pat@example.org").await;
    let result = common::pages::screen(&mut pat, &w_answers).await;
    let card = pat.get(&result).await.body;
    assert!(card.contains("href=\"tel:112\""), "{card}");
    assert!(card.contains("Hillside Physio: +44 20 7946 0000"), "{card}");
    assert!(!card.contains("tel:000"), "the start-up number is overridden");

    let cleared = admin.post("/admin/settings", &form("", "", "", "")).await;
    assert_eq!(cleared.status, StatusCode::OK);
    let card = pat.get(&result).await.body;
    assert!(
        card.contains("href=\"tel:000\"") && card.contains("Riverside: 03 9000 0000"),
        "back to the start-up options: {card}"
    );
    let entries = s.store.audit_entries(20).await.unwrap();
    assert_eq!(entries.iter().filter(|e| e.action == "settings.clinic").count(), 2, "each save is audited");
    let mut dr_less = s.signed_in("pat@example.org").await;
    assert_eq!(dr_less.get("/admin/settings").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn clinic_settings_through_the_api() {
    let w = World::new().await;
    let (api, _) = w.account("admin@example.org", Role::Admin).await;
    let got = api.get("/api/v1/admin/settings", &[]).await;
    assert_eq!(got.status, 200, "{}", got.text);
    assert_eq!(got.body["effective"]["inactive_days"], 3, "the default");
    assert_eq!(got.body["effective"]["emergency_numbers"], json!(["999", "911", "112"]));
    let put = api
        .send(
            Method::PUT,
            "/api/v1/admin/settings",
            &[],
            &json!({ "inactive_days": 7, "clinic_name": "Hillside", "clinic_phone": "0161 000 0000" }),
        )
        .await;
    assert_eq!(put.status, 200, "{}", put.text);
    assert_eq!(put.body["effective"]["inactive_days"], 7);
    assert_eq!(put.body["effective"]["clinic_name"], "Hillside");
    assert_eq!(
        w.server.store.setting(sciatica_store::settings::PANEL_INACTIVE_DAYS).await.unwrap().as_deref(),
        Some("7")
    );
    api.send(Method::PUT, "/api/v1/admin/settings", &[], &json!({ "clinic_name": "Hillside" }))
        .await
        .names("clinic_phone");
    api.send(Method::PUT, "/api/v1/admin/settings", &[], &json!({ "inactive_days": 91 }))
        .await
        .names("inactive_days");
    api.send(Method::PUT, "/api/v1/admin/settings", &[], &json!({ "inactive_days": "x" }))
        .await
        .names("inactive_days");
    api.send(Method::PUT, "/api/v1/admin/settings", &[], &json!({ "colour": "red" })).await.names("colour");
    let (dr, _) = w.account("dr@example.org", Role::Clinician).await;
    assert_eq!(dr.get("/api/v1/admin/settings", &[]).await.status, 404);
    assert_eq!(dr.send(Method::PUT, "/api/v1/admin/settings", &[], &json!({})).await.status, 404);
}
