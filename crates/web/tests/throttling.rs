//! Throttling behind a reverse proxy: the client's address comes from `X-Forwarded-For` only
//! when the peer is a trusted proxy; failures slow down one account from one address, never
//! anyone else, and the wait is sent as `Retry-After`; and each account's writes are limited.

mod common;

use common::api::World;
use common::{Client, PASSWORD, Server, start, start_with};
use reqwest::{Method, StatusCode};
use sciatica_core::policy::Role;
use serde_json::json;

const WRONG: &str = "wrong password here";

async fn login(c: &mut Client, email: &str, password: &str, from: &str) -> common::Answer {
    c.post_with("/login", &[("email", email), ("password", password)], &[("x-forwarded-for", from)]).await
}

async fn behind_proxy() -> Server {
    let proxy = sciatica_web::auth::client::parse_proxy("127.0.0.1").unwrap();
    let s = start_with(|c| c.trusted_proxies = vec![proxy]).await;
    s.user("pat@example.org", Role::Patient).await;
    s
}

#[tokio::test]
async fn behind_a_trusted_proxy_failures_from_one_address_do_not_stop_another() {
    let s = behind_proxy().await;
    let mut c = s.client();
    for _ in 0..5 {
        assert_eq!(
            login(&mut c, "pat@example.org", WRONG, "203.0.113.5").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    let waiting = login(&mut c, "pat@example.org", WRONG, "203.0.113.5").await;
    assert_eq!(waiting.status, StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = waiting.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=300).contains(&retry), "{retry}");
    // The owner, somewhere else, signs in at once with the right password.
    let owner = login(&mut s.client(), "pat@example.org", PASSWORD, "198.51.100.9").await;
    assert_eq!(owner.status, StatusCode::SEE_OTHER, "{}", owner.body);
    // A spoofed address to the left of the proxy's entry changes nothing.
    let spoofed = login(&mut c, "pat@example.org", PASSWORD, "198.51.100.9, 203.0.113.5").await;
    assert_eq!(spoofed.status, StatusCode::TOO_MANY_REQUESTS, "the rightmost untrusted hop counts");
}

#[tokio::test]
async fn without_a_trusted_proxy_forwarded_for_is_ignored() {
    let s = start().await;
    s.user("pat@example.org", Role::Patient).await;
    let mut c = s.client();
    for i in 0..5 {
        let from = format!("203.0.113.{i}");
        assert_eq!(login(&mut c, "pat@example.org", WRONG, &from).await.status, StatusCode::UNAUTHORIZED);
    }
    let r = login(&mut c, "pat@example.org", PASSWORD, "198.51.100.9").await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "a made-up header does not escape the wait");
    assert!(r.headers.contains_key("retry-after"));
}

#[tokio::test]
async fn an_address_with_many_failures_still_signs_in_with_the_right_password() {
    let s = start().await;
    s.user("pat@example.org", Role::Patient).await;
    let mut c = s.client();
    // 51 failures from this address (over the old limit of 50 per address), on other accounts.
    for i in 0..51 {
        let email = format!("someone{i}@example.org");
        assert_eq!(login(&mut c, &email, WRONG, "").await.status, StatusCode::UNAUTHORIZED, "{i}");
    }
    let r = login(&mut c, "pat@example.org", PASSWORD, "").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "a throttled address with the right password signs in");
}

#[tokio::test]
async fn each_account_writes_within_its_limit() {
    let w = World::new().await;
    let (p, _) = w.account("pat@example.org", Role::Patient).await;
    let (q, _) = w.account("quinn@example.org", Role::Patient).await;
    let profile = json!({ "time_zone": "UTC", "morning": "08:00", "evening": "18:00" });
    let mut refused = None;
    for i in 0..40 {
        let r = p.send(Method::PUT, "/api/v1/profile", &[], &profile).await;
        if r.status == 429 {
            refused = Some((i, r));
            break;
        }
        assert_eq!(r.status, 200, "{}", r.text);
    }
    let (i, r) = refused.expect("the write limit answered 429");
    assert!((30..=32).contains(&i), "a burst of 30 first: refused at {i}");
    assert_eq!(r.content_type, "application/problem+json");
    assert_eq!(r.body["type"], "https://sciatica.invalid/problems/too-many-requests");
    assert!(r.headers["retry-after"].to_str().unwrap().parse::<u64>().unwrap() >= 1);
    assert_eq!(p.get("/api/v1/profile", &[]).await.status, 200, "reading is not limited");
    let other = q.send(Method::PUT, "/api/v1/profile", &[], &profile).await;
    assert_eq!(other.status, 200, "another account has its own limit");
}

#[tokio::test]
async fn page_writes_are_limited_too() {
    let s = start_with(|c| {
        c.write_burst = 3;
        c.writes_per_second = 0.01;
    })
    .await;
    s.user("pat@example.org", Role::Patient).await;
    let mut c = s.signed_in("pat@example.org").await;
    let times = [("time_zone", "UTC"), ("morning", "08:00"), ("evening", "18:00")];
    for _ in 0..3 {
        assert_eq!(c.post("/onboarding/times", &times).await.status, StatusCode::SEE_OTHER);
    }
    let r = c.post("/onboarding/times", &times).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers.contains_key("retry-after"));
    assert!(r.headers["content-type"].to_str().unwrap().starts_with("text/html"));
}
