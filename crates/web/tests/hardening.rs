//! Smaller holes, kept closed: a slow body gets `408` with the security headers, HSTS when the
//! server is reached over HTTPS, `/metrics` only from this machine or with its token, a calendar
//! feed that tells nothing about the person's health unless they choose, and a path that is not
//! UTF-8 answered with a problem document.

mod common;

use common::api::World;
use common::{start, start_with};
use reqwest::{Method, StatusCode};
use sciatica_core::policy::Role;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Sends the head of a request with a body that never finishes; returns the raw answer.
async fn slow_body(base: &str, path: &str, content_type: &str, cookie: &str) -> String {
    let addr = base.trim_start_matches("http://");
    let mut tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nSec-Fetch-Site: same-origin\r\nContent-Type: {content_type}\r\nCookie: __Host-sciatica={cookie}\r\nContent-Length: 100\r\n\r\nemail=a"
    );
    tcp.write_all(head.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), tcp.read_to_end(&mut answer)).await;
    assert!(read.is_ok(), "the server answered a slow body in time");
    String::from_utf8_lossy(&answer).to_lowercase()
}

#[tokio::test]
async fn a_slow_body_gets_408_with_the_security_headers() {
    let s = start_with(|c| c.request_timeout = Duration::from_millis(500)).await;
    s.user("pat@example.org", Role::Patient).await;
    let cookie = s.signed_in("pat@example.org").await.cookie.unwrap();
    for (path, kind, answer_kind) in [
        ("/login", "application/x-www-form-urlencoded", "text/plain"),
        ("/api/v1/sessions", "application/json", "application/problem+json"),
    ] {
        let a = slow_body(&s.base, path, kind, &cookie).await;
        assert!(a.starts_with("http/1.1 408"), "{path}: {a}");
        for header in [
            "content-security-policy:",
            "x-content-type-options: nosniff",
            "x-frame-options: deny",
            "cache-control: no-store",
        ] {
            assert!(a.contains(header), "{path}: {header} missing in {a}");
        }
        assert!(a.contains(&format!("content-type: {answer_kind}")), "{path}: {a}");
    }
}

#[tokio::test]
async fn hsts_only_when_the_base_url_is_https() {
    let s = start_with(|c| c.base_url = Some("https://sciatica.example.org".into())).await;
    let a = s.client().get("/login").await;
    assert_eq!(a.headers["strict-transport-security"], "max-age=31536000");
    assert!(s.client().get("/no/such/page").await.headers.contains_key("strict-transport-security"));
    let plain = start().await;
    assert!(!plain.client().get("/login").await.headers.contains_key("strict-transport-security"));
}

#[tokio::test]
async fn metrics_only_from_this_machine_or_with_the_token() {
    let s = start().await;
    let mut c = s.client();
    assert_eq!(c.get("/metrics").await.status, StatusCode::OK, "a direct local scrape");
    let proxied = c.get_with("/metrics", &[("x-forwarded-for", "203.0.113.5")]).await;
    assert_eq!(proxied.status, StatusCode::UNAUTHORIZED, "through a proxy on this machine: {}", proxied.body);
    assert!(!proxied.body.contains("sciatica_http"));

    let token = "a metrics token of some length";
    let s = start_with(|c| c.metrics_token = Some(token.into())).await;
    let mut c = s.client();
    let auth = format!("Bearer {token}");
    let with = c.get_with("/metrics", &[("x-forwarded-for", "203.0.113.5"), ("authorization", &auth)]).await;
    assert_eq!(with.status, StatusCode::OK);
    let wrong =
        c.get_with("/metrics", &[("x-forwarded-for", "203.0.113.5"), ("authorization", "Bearer nope")]).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_calendar_feed_shows_times_only_unless_the_person_chooses_more() {
    let w = World::new().await;
    let (p, _) = w.account("pat@example.org", Role::Patient).await;
    let screened = p.send(Method::POST, "/api/v1/screenings", &[], &common::api::answers(&[])).await;
    assert_eq!(screened.status, 201, "{}", screened.text);
    let url = p.call(Method::POST, "/api/v1/calendar", &[], "", None).await.body["url"]
        .as_str()
        .unwrap()
        .to_owned();
    let feed = w.api.http.get(&url).send().await.unwrap().text().await.unwrap();
    assert!(feed.contains("BEGIN:VEVENT") && feed.contains("RRULE:FREQ=DAILY"), "{feed}");
    let lower = feed.to_lowercase();
    for word in
        ["disc", "herniation", "extension", "programme", "sciatica exercises", "/today", "questionnaires:"]
    {
        assert!(!lower.contains(word), "the feed names `{word}`: {feed}");
    }
    let patient = w.server.store.user_by_email("pat@example.org").await.unwrap().unwrap().patient_id.unwrap();
    assert!(!feed.contains(&patient), "nor the record's id");
    assert_eq!(p.get("/api/v1/calendar", &[]).await.body["detail"], false);

    let mut c = w.server.signed_in("pat@example.org").await;
    let page = c.get("/calendar").await;
    assert!(page.body.contains("only the times and a neutral title"), "{}", page.body);
    assert_eq!(c.post("/calendar", &[("action", "detail")]).await.status, StatusCode::SEE_OTHER);
    let detailed = w.api.http.get(&url).send().await.unwrap().text().await.unwrap().to_lowercase();
    assert!(detailed.contains("disc"), "the person chose to show the cause: {detailed}");
    assert_eq!(p.get("/api/v1/calendar", &[]).await.body["detail"], true);
    assert_eq!(c.post("/calendar", &[("action", "private")]).await.status, StatusCode::SEE_OTHER);
    let again = w.api.http.get(&url).send().await.unwrap().text().await.unwrap().to_lowercase();
    assert!(!again.contains("disc"));
}

#[tokio::test]
async fn a_path_that_is_not_utf8_answers_a_problem_document() {
    let s = start().await;
    let http = reqwest::Client::new();
    for path in ["/api/v1/exercises/%FF", "/api/v1/sessions/%C3%28", "/api/v1/measures/%80/x"] {
        let r = http.get(format!("{}{path}", s.base)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
        assert_eq!(r.headers()["content-type"], "application/problem+json", "{path}");
        assert!(r.headers().contains_key("content-security-policy"));
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body["errors"][0]["field"], "path", "{path}: {body}");
    }
    let page = http.get(format!("{}/exercises/%FF", s.base)).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    assert!(page.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let fine = http.get(format!("{}/api/v1/exercises/%C3%A9", s.base)).send().await.unwrap();
    assert_eq!(fine.headers()["content-type"], "application/problem+json", "valid UTF-8 goes to the route");
}
