//! The web pages' defences end to end on a real server: other people's objects, cross-site posts,
//! security headers, health and metrics, sign-in throttling and password changes and resets.

mod common;

use common::api::answers;
use common::pages::{screen, session};
use common::{PASSWORD, start};
use reqwest::StatusCode;
use sciatica_core::policy::Role;
use serde_json::Value;

#[tokio::test]
async fn another_patients_objects_answer_not_found() {
    let s = start().await;
    s.user("a@example.org", Role::Patient).await;
    s.user("b@example.org", Role::Patient).await;
    s.user("doc@example.org", Role::Clinician).await;
    let mut a = s.signed_in("a@example.org").await;
    let result = screen(&mut a, &answers(&[])).await;
    let summary = session(&mut a, false).await;
    let mut b = s.signed_in("b@example.org").await;
    let mut doc = s.signed_in("doc@example.org").await;
    for other in [&mut b, &mut doc] {
        assert_eq!(other.get(&result).await.status, StatusCode::NOT_FOUND, "{result}");
        assert_eq!(other.get(&summary).await.status, StatusCode::NOT_FOUND, "{summary}");
    }
    for path in ["/today", "/data", "/data/sciatica-export.json", "/calendar"] {
        assert_eq!(doc.get(path).await.status, StatusCode::NOT_FOUND, "staff have no record: {path}");
    }
    assert_eq!(b.get("/admin").await.status, StatusCode::NOT_FOUND);
    let export: Value = serde_json::from_str(&b.get("/data/sciatica-export.json").await.body).unwrap();
    assert_eq!(export["sessions"].as_array().unwrap().len(), 0, "only their own data");
    assert_eq!(
        s.client()
            .get("/calendar/0000000000000000000000000000000000000000000000000000000000000000.ics")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let entries = s.store.audit_entries(50).await.unwrap();
    assert!(
        entries.iter().any(|e| e.action.ends_with(".denied") && e.actor_role == "clinician"),
        "denied staff access is audited"
    );
}

#[tokio::test]
async fn every_form_refuses_a_cross_site_post() {
    let s = start().await;
    s.user("pat@example.org", Role::Patient).await;
    let mut p = s.signed_in("pat@example.org").await;
    for path in [
        "/login",
        "/logout",
        "/signup",
        "/account/password",
        "/admin/invite",
        "/admin/reset",
        "/admin/signup",
        "/screen/1",
        "/screen/assessed",
        "/onboarding/times",
        "/assessed",
        "/program",
        "/session/safety",
        "/calendar",
        "/measures/odi",
        "/data/delete",
        "/data/delete/confirm",
    ] {
        let r = p.post_cross_site(path, &[("x", "y")]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}");
    }
}

#[tokio::test]
async fn security_headers_on_every_kind_of_response() {
    let s = start().await;
    s.user("pat@example.org", Role::Patient).await;
    let mut anon = s.client();
    let mut p = s.signed_in("pat@example.org").await;
    let answers = vec![
        anon.get("/login").await,
        anon.get("/no/such/page").await,
        anon.get("/today").await,
        anon.get("/static/app.css").await,
        anon.get("/healthz").await,
        anon.get("/api/v1/me").await,
        p.get("/account").await,
        p.post("/login", &[("email", "x")]).await,
    ];
    for a in &answers {
        let h = &a.headers;
        assert!(h["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"));
        assert!(!h["content-security-policy"].to_str().unwrap().contains("unsafe-inline"));
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["x-frame-options"], "DENY");
        assert_eq!(h["referrer-policy"], "no-referrer");
        assert!(h.contains_key("cache-control"));
    }
    assert_eq!(answers[6].headers["cache-control"], "no-store", "pages with health data are never cached");
    assert_eq!(answers[1].status, StatusCode::NOT_FOUND);
    assert!(!answers[1].body.to_lowercase().contains("panicked"));
    // Every answer carries its own request id (the one in the server's log line for it).
    let ids: std::collections::BTreeSet<&str> =
        answers.iter().map(|a| a.headers["x-request-id"].to_str().unwrap()).collect();
    assert_eq!(ids.len(), answers.len(), "{ids:?}");
}

#[tokio::test]
async fn health_readiness_and_metrics() {
    let s = start().await;
    let mut c = s.client();
    assert_eq!(c.get("/healthz").await.status, StatusCode::OK);
    assert_eq!(c.get("/readyz").await.body.trim(), "ready");
    c.get("/login").await;
    let m = c.get("/metrics").await;
    assert!(
        m.body.contains("sciatica_http_requests_total{method=\"GET\",route=\"/login\",status=\"200\"} 1"),
        "{}",
        m.body
    );
    assert!(!m.body.contains('@'), "no personal data in metrics");
}

#[tokio::test]
async fn sign_in_is_throttled_and_passwords_change_and_reset() {
    let s = start().await;
    s.user("pat@example.org", Role::Patient).await;
    s.user("admin@example.org", Role::Admin).await;
    let mut c = s.client();
    for _ in 0..5 {
        let r = c.post("/login", &[("email", "pat@example.org"), ("password", "wrong password here")]).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert!(r.body.contains("do not match"));
    }
    let r = c.post("/login", &[("email", "pat@example.org"), ("password", PASSWORD)]).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "even the right password waits after 5 failures");
    assert!(r.body.contains("Too many tries"));

    let mut admin = s.signed_in("admin@example.org").await;
    let link = admin.post("/admin/reset", &[("email", "pat@example.org")]).await;
    let url = link
        .body
        .split("value=\"")
        .find_map(|x| x.split('"').next().filter(|u| u.contains("/reset/")))
        .unwrap()
        .to_owned();
    let path = url.trim_start_matches(&s.base).to_owned();
    let mut p = s.client();
    let done = p.post(&path, &[("password", "a brand new password")]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert!(p.cookie.is_some());
    assert_eq!(
        s.client().post(&path, &[("password", "another new password")]).await.status,
        StatusCode::NOT_FOUND,
        "a reset link works once"
    );
    let changed =
        p.post("/account/password", &[("current", "wrong"), ("password", "yet another password")]).await;
    assert_eq!(changed.status, StatusCode::UNPROCESSABLE_ENTITY);
    let changed = p
        .post(
            "/account/password",
            &[("current", "a brand new password"), ("password", "yet another password")],
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK);
    assert!(changed.body.contains("new password is saved"));
    let out = p.post("/logout", &[]).await;
    assert_eq!(out.location(), "/login");
    assert_eq!(p.get("/today").await.location(), "/login");
}
