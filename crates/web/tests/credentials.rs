//! The lifecycle of API tokens and sign-in sessions on a real server: a password change or reset
//! revokes every token and every other session; tokens expire and are listed and revoked through
//! the API and the account page; erasing through the API takes the password; export and new
//! tokens need a recent sign-in (a browser is asked for the password again, an API caller gets a
//! problem document); staff sessions end sooner than patients'.

mod common;

use common::api::{Api, Auth, World};
use common::{PASSWORD, start, start_with};
use jiff::{SignedDuration, Timestamp};
use reqwest::{Method, StatusCode};
use sciatica_core::policy::Role;
use sciatica_store::tokens::NewApiToken;
use sciatica_web::auth::token;
use serde_json::json;

/// A token for `email` whose holder entered the password `minutes_ago`.
async fn token_entered(w: &World, email: &str, minutes_ago: i64) -> Api {
    let user = w.server.store.user_by_email(email).await.unwrap().unwrap();
    let secret = token::new_secret();
    let now = Timestamp::now();
    let t = NewApiToken {
        token_hash: &token::hash(&secret),
        user_id: &user.id,
        name: "old phone",
        expires_at: now + SignedDuration::from_hours(24),
        authenticated_at: now - SignedDuration::from_mins(minutes_ago),
    };
    w.server.store.issue_api_token(&t, now).await.unwrap();
    w.api.with(Auth::Bearer(secret))
}

#[tokio::test]
async fn a_password_change_revokes_every_token_and_every_other_session() {
    let w = World::new().await;
    let (token, _) = w.account("pat@example.org", Role::Patient).await;
    let made = token.send(Method::POST, "/api/v1/tokens", &[], &json!({ "name": "tablet" })).await;
    assert_eq!(made.status, 201, "{}", made.text);
    let tablet = w.api.with(Auth::Bearer(made.body["token"].as_str().unwrap().to_owned()));
    let mut elsewhere = w.server.signed_in("pat@example.org").await;
    let mut here = w.server.signed_in("pat@example.org").await;

    let changed = here
        .post("/account/password", &[("current", PASSWORD), ("password", "a brand new passphrase")])
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    assert!(changed.body.contains("every API token stopped working"), "{}", changed.body);

    for old in [&token, &tablet] {
        let r = old.get("/api/v1/me", &[]).await;
        assert_eq!(r.status, 401, "an old token answers 401 after a password change: {}", r.text);
        let mint = old.send(Method::POST, "/api/v1/tokens", &[], &json!({ "name": "again" })).await;
        assert_eq!(mint.status, 401, "and cannot mint a new one");
    }
    assert_eq!(elsewhere.get("/today").await.location(), "/login", "the other session ended");
    assert_eq!(here.get("/account").await.status, StatusCode::OK, "this one goes on");
}

#[tokio::test]
async fn a_reset_revokes_every_token() {
    let w = World::new().await;
    let (token, _) = w.account("pat@example.org", Role::Patient).await;
    w.server.user("admin@example.org", Role::Admin).await;
    let mut admin = w.server.signed_in("admin@example.org").await;
    let link = admin.post("/admin/reset", &[("email", "pat@example.org")]).await;
    let url = link
        .body
        .split("value=\"")
        .find_map(|x| x.split('"').next().filter(|u| u.contains("/reset/")))
        .unwrap();
    let path = url.trim_start_matches(&w.server.base).to_owned();
    let done = w.server.client().post(&path, &[("password", "a brand new passphrase")]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(token.get("/api/v1/me", &[]).await.status, 401);
}

#[tokio::test]
async fn tokens_expire_and_are_listed_and_revoked() {
    let w = World::new().await;
    let (p, _) = w.account("pat@example.org", Role::Patient).await;
    let (other, _) = w.account("other@example.org", Role::Patient).await;
    let made =
        p.send(Method::POST, "/api/v1/tokens", &[], &json!({ "name": "watch", "expires_in_days": 7 })).await;
    assert_eq!(made.status, 201, "{}", made.text);
    let expires: Timestamp = made.body["expires_at"].as_str().unwrap().parse().unwrap();
    let days = (expires - Timestamp::now()).as_hours() / 24;
    assert!((6..=7).contains(&days), "{days}");
    let default = p.send(Method::POST, "/api/v1/tokens", &[], &json!({ "name": "laptop" })).await;
    let expires: Timestamp = default.body["expires_at"].as_str().unwrap().parse().unwrap();
    assert_eq!((expires - Timestamp::now()).as_hours() / 24, 89, "90 days unless chosen");
    for days in [0, 366, -1] {
        let r = p
            .send(Method::POST, "/api/v1/tokens", &[], &json!({ "name": "x", "expires_in_days": days }))
            .await;
        r.names("expires_in_days");
    }

    let list = p.get("/api/v1/tokens", &[]).await;
    assert_eq!(list.status, 200, "{}", list.text);
    let tokens = list.body.as_array().unwrap();
    assert_eq!(tokens.len(), 3, "{}", list.text);
    assert_eq!(
        tokens.iter().filter(|t| t["current"] == true).count(),
        1,
        "the token of the request is marked"
    );
    assert!(!list.text.contains(made.body["token"].as_str().unwrap()), "secrets are never listed");

    let watch = made.body["id"].as_str().unwrap();
    let r = other.call(Method::DELETE, "/api/v1/tokens/{id}", &[watch], "", None).await;
    assert_eq!(r.status, 404, "another account's token is not found");
    let r = p.call(Method::DELETE, "/api/v1/tokens/{id}", &[watch], "", None).await;
    assert_eq!(r.status, 204, "{}", r.text);
    let gone = w.api.with(Auth::Bearer(made.body["token"].as_str().unwrap().to_owned()));
    assert_eq!(gone.get("/api/v1/me", &[]).await.status, 401, "a revoked token stops at once");
    assert_eq!(p.get("/api/v1/tokens", &[]).await.body.as_array().unwrap().len(), 2);

    // A token past its expiry no longer works.
    let user = w.server.store.user_by_email("pat@example.org").await.unwrap().unwrap();
    let secret = token::new_secret();
    let past = Timestamp::now() - SignedDuration::from_hours(1);
    let t = NewApiToken {
        token_hash: &token::hash(&secret),
        user_id: &user.id,
        name: "expired",
        expires_at: past,
        authenticated_at: past,
    };
    w.server.store.issue_api_token(&t, past - SignedDuration::from_hours(1)).await.unwrap();
    assert_eq!(w.api.with(Auth::Bearer(secret)).get("/api/v1/me", &[]).await.status, 401);
}

#[tokio::test]
async fn the_account_page_lists_makes_and_revokes_tokens() {
    let s = start().await;
    s.user("pat@example.org", Role::Patient).await;
    let mut c = s.signed_in("pat@example.org").await;
    let made = c.post("/account/tokens", &[("name", "bathroom tablet")]).await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    assert!(made.body.contains("shown only once"), "{}", made.body);
    let page = c.get("/account").await;
    assert!(page.body.contains("bathroom tablet"), "{}", page.body);
    let user = s.store.user_by_email("pat@example.org").await.unwrap().unwrap();
    let tokens = s.store.api_tokens(&user.id, Timestamp::now()).await.unwrap();
    assert_eq!(tokens.len(), 1);
    let revoke = format!("/account/tokens/{}/revoke", tokens[0].id);
    assert!(page.body.contains(&revoke), "{}", page.body);
    let revoked = c.post(&revoke, &[]).await;
    assert_eq!(revoked.status, StatusCode::OK);
    assert!(revoked.body.contains("You have no API tokens"), "{}", revoked.body);
    assert_eq!(c.post(&revoke, &[]).await.status, StatusCode::NOT_FOUND, "only once");
    assert_eq!(c.post("/account/tokens", &[("name", "  ")]).await.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn an_api_caller_is_asked_to_confirm_the_password_for_export_and_tokens() {
    let w = World::new().await;
    w.account("pat@example.org", Role::Patient).await;
    let stale = token_entered(&w, "pat@example.org", 20).await;
    assert_eq!(stale.get("/api/v1/me", &[]).await.status, 200, "ordinary use goes on");
    for r in [
        stale.get("/api/v1/export", &[]).await,
        stale.send(Method::POST, "/api/v1/tokens", &[], &json!({ "name": "new" })).await,
    ] {
        assert_eq!(r.status, 401, "{}", r.text);
        assert_eq!(r.content_type, "application/problem+json");
        assert_eq!(r.body["type"], "https://sciatica.invalid/problems/recent-sign-in-required", "{}", r.text);
        assert!(r.body["detail"].as_str().unwrap().contains("/api/v1/me/confirm"), "{}", r.text);
        let challenge = r.headers["www-authenticate"].to_str().unwrap();
        assert!(challenge.contains("insufficient_user_authentication") && challenge.contains("max_age=900"));
    }
    let wrong =
        stale.send(Method::POST, "/api/v1/me/confirm", &[], &json!({ "password": "not it at all" })).await;
    wrong.names("password");
    let ok = stale.send(Method::POST, "/api/v1/me/confirm", &[], &json!({ "password": PASSWORD })).await;
    assert_eq!(ok.status, 204, "{}", ok.text);
    assert_eq!(stale.get("/api/v1/export", &[]).await.status, 200);
    let made = stale.send(Method::POST, "/api/v1/tokens", &[], &json!({ "name": "new" })).await;
    assert_eq!(made.status, 201, "{}", made.text);
}

#[tokio::test]
async fn a_browser_is_asked_for_the_password_again_before_a_download() {
    let s = start().await;
    s.user("pat@example.org", Role::Patient).await;
    let mut c = s.signed_in("pat@example.org").await;
    assert_eq!(c.get("/data/sciatica-export.json").await.status, StatusCode::OK, "fresh sign-in");
    let hash = token::hash(c.cookie.as_ref().unwrap());
    s.store.reauthenticate_session(&hash, Timestamp::now() - SignedDuration::from_mins(16)).await.unwrap();

    let asked = c.get("/data/sessions.csv").await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER);
    assert_eq!(asked.location(), "/account/confirm?next=/data/sessions.csv");
    let page = c.get("/data").await;
    assert!(page.body.contains("downloading needs your password again"), "{}", page.body);
    assert!(!page.body.contains(r#"href="/data/sessions.csv""#));
    let form = c.get(asked.location()).await;
    assert!(form.body.contains(r#"name="next" value="/data/sessions.csv""#), "{}", form.body);
    assert_eq!(
        c.post("/account/tokens", &[("name", "phone")]).await.location(),
        "/account/confirm?next=/account"
    );

    let wrong =
        c.post("/account/confirm", &[("password", "not it at all"), ("next", "/data/sessions.csv")]).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("This is not your password"));
    let elsewhere =
        c.post("/account/confirm", &[("password", PASSWORD), ("next", "https://evil.example/")]).await;
    assert_eq!(elsewhere.location(), "/account", "only back to this site");
    let back = c.post("/account/confirm", &[("password", PASSWORD), ("next", "/data/sessions.csv")]).await;
    assert_eq!(back.location(), "/data/sessions.csv");
    assert_eq!(c.get("/data/sessions.csv").await.status, StatusCode::OK);
}

#[tokio::test]
async fn staff_sessions_end_sooner_than_patients() {
    let s = start_with(|c| c.staff_idle_minutes = 0).await;
    s.user("doc@example.org", Role::Clinician).await;
    s.user("pat@example.org", Role::Patient).await;
    let mut doc = s.client();
    let r = doc.post("/login", &[("email", "doc@example.org"), ("password", PASSWORD)]).await;
    let cookie = r.headers["set-cookie"].to_str().unwrap();
    assert!(cookie.contains("Max-Age=43200"), "a staff session lasts 12 hours at most: {cookie}");
    let mut pat = s.client();
    let r = pat.post("/login", &[("email", "pat@example.org"), ("password", PASSWORD)]).await;
    assert!(r.headers["set-cookie"].to_str().unwrap().contains("Max-Age=2592000"), "a patient's 30 days");
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    assert_eq!(doc.get("/admin").await.location(), "/login", "the staff idle limit applies");
    assert_eq!(pat.get("/account").await.status, StatusCode::OK, "the patient's does not");

    let s = start().await;
    s.user("doc@example.org", Role::Clinician).await;
    let mut doc = s.signed_in("doc@example.org").await;
    assert_eq!(doc.get("/account").await.status, StatusCode::OK, "30 minutes idle by default");
}

#[tokio::test]
async fn erasing_through_the_api_takes_the_password() {
    let w = World::new().await;
    let (p, _) = w.account("pat@example.org", Role::Patient).await;
    let r = p.delete("/api/v1/me", "?confirm=true").await;
    assert_eq!(r.status, 415, "a body with the password is needed: {}", r.text);
    p.erase("wrong password here", "").await.names("password");
    assert!(w.server.store.user_by_email("pat@example.org").await.unwrap().is_some());
    assert_eq!(p.erase(PASSWORD, "").await.status, 204);
    assert!(w.server.store.user_by_email("pat@example.org").await.unwrap().is_none());
}
