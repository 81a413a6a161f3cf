//! Erasure through the web page and through the API: afterwards a unique marker the person put
//! in their account (email, name, a screen, an assessment note, a token's name) is nowhere in
//! the database's bytes, main file or write-ahead log.

mod common;

use common::PASSWORD;
use common::api::{Body, World, answers};
use reqwest::{Method, StatusCode};
use sciatica_core::policy::Role;
use serde_json::json;
use std::path::Path;

const MARKER: &str = "qx9erase";

/// How many times the marker occurs in the database file and its write-ahead log.
fn occurrences(db: &Path) -> usize {
    ["", "-wal"]
        .iter()
        .filter_map(|suffix| std::fs::read(format!("{}{suffix}", db.display())).ok())
        .map(|bytes| bytes.windows(MARKER.len()).filter(|w| *w == MARKER.as_bytes()).count())
        .sum()
}

#[tokio::test]
async fn erasing_through_the_api_leaves_no_trace() {
    let w = World::new().await;
    if w.server.sqlite_only("erasing_through_the_api_leaves_no_trace") {
        return;
    }
    let email = format!("{MARKER}@example.org");
    let (p, _) = w.account(&email, Role::Patient).await;
    assert_eq!(p.send(Method::POST, "/api/v1/screenings", &[], &answers(&[])).await.status, 201);
    let note = json!({ "note": format!("seen by Dr {MARKER}") });
    assert_eq!(p.send(Method::POST, "/api/v1/assessed", &[], &note).await.status, 200);
    let token =
        p.send(Method::POST, "/api/v1/tokens", &[], &json!({ "name": format!("phone {MARKER}") })).await;
    assert_eq!(token.status, 201, "{}", token.text);
    assert!(occurrences(&w.server.db) > 0, "the marker is stored before the erasure");

    let erase = json!({ "password": PASSWORD });
    let erased = p.call(Method::DELETE, "/api/v1/me", &[], "", Some(Body::Json(&erase))).await;
    assert_eq!(erased.status, 204, "{}", erased.text);
    assert_eq!(occurrences(&w.server.db), 0, "nothing of the person is left in the database bytes");
}

#[tokio::test]
async fn erasing_through_the_page_leaves_no_trace() {
    let s = common::start().await;
    if s.sqlite_only("erasing_through_the_page_leaves_no_trace") {
        return;
    }
    let email = format!("{MARKER}@example.org");
    s.user(&email, Role::Patient).await;
    let mut c = s.signed_in(&email).await;
    // A failed sign-in under the address is kept for throttling: it names the person too.
    let mut stranger = s.client();
    let refused = stranger.post("/login", &[("email", &email), ("password", "not the password")]).await;
    assert_ne!(refused.status, StatusCode::SEE_OTHER);
    assert!(occurrences(&s.db) > 0);

    let gone = c.post("/data/delete/confirm", &[("password", PASSWORD), ("understood", "yes")]).await;
    assert_eq!(gone.status, StatusCode::OK, "{}", gone.body);
    assert_eq!(occurrences(&s.db), 0, "nothing of the person is left in the database bytes");
}
