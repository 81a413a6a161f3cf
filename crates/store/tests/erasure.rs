//! Erasure that erases: after a person deletes their account, a unique marker put in everything
//! they wrote (their name, a screen's answers, an assessment note, a token's name, their email in
//! an invitation and in failed sign-ins) is found nowhere in the database's bytes: not in the
//! main file, not in its write-ahead log, not in freed pages.

mod common;

use common::answers;
use jiff::{SignedDuration, Timestamp};
use sciatica_core::policy::Role;
use sciatica_core::triage;
use sciatica_store::Store;
use sciatica_store::auth::{Link, LinkKind};
use sciatica_store::patients::Profile;
use sciatica_store::programs::SetBy;
use sciatica_store::screenings::AckBy;
use sciatica_store::users::NewUser;
use std::path::Path;

const MARKER: &str = "zq7marker";

fn now() -> Timestamp {
    "2026-03-01T09:00:00Z".parse().unwrap()
}

/// How many times `needle` occurs in the database file and its write-ahead log.
fn occurrences(db: &Path, needle: &str) -> usize {
    let mut n = 0;
    for suffix in ["", "-wal", "-journal"] {
        let path = format!("{}{suffix}", db.display());
        if let Ok(bytes) = std::fs::read(&path) {
            n += bytes.windows(needle.len()).filter(|w| *w == needle.as_bytes()).count();
        }
    }
    n
}

/// A patient whose account and record carry the marker everywhere they can.
async fn marked_patient(store: &Store, other: &str) -> String {
    let c = sciatica_core::Content::embedded();
    let email = format!("{MARKER}@example.invalid");
    let profile = Profile::new(Some(&format!("Sam {MARKER}")), "UTC", "07:30", "19:00").unwrap();
    let user = store
        .create_user(
            &NewUser {
                email: email.clone(),
                password_hash: format!("hash-{MARKER}"),
                role: Role::Patient,
                profile: Some(profile),
            },
            now(),
        )
        .await
        .unwrap();
    let patient = store.patient(user.patient_id.as_deref().unwrap()).await.unwrap();
    let a = answers(&[]);
    store.record_screen(&patient, &a, &triage::screen(c, &a), now(), SetBy::System).await.unwrap();
    store.acknowledge(&patient.id, AckBy::SelfManager, &format!("seen by Dr {MARKER}"), now()).await.unwrap();
    store
        .create_api_token(&format!("tokenhash-{MARKER}"), &user.id, &format!("phone {MARKER}"), now())
        .await
        .unwrap();
    store.record_login_failure(&sciatica_store::erasure::email_key(&email), now()).await.unwrap();
    let pair = format!("{}|203.0.113.7", sciatica_store::erasure::email_key(&email));
    store.record_login_failure(&pair, now()).await.unwrap();
    let link = Link {
        token_hash: format!("invite-{MARKER}"),
        kind: LinkKind::Invite,
        role: Role::Patient,
        email: Some(email.clone()),
        user_id: None,
        created_by: None,
        expires_at: now() + SignedDuration::from_hours(48),
    };
    store.create_link(&link, now()).await.unwrap();
    // Someone else stays, so the erasure is not simply the whole file emptied.
    let keep = Profile::new(Some(other), "UTC", "07:30", "19:00").unwrap();
    store.create_patient(&keep, now()).await.unwrap();
    user.id
}

#[tokio::test]
async fn an_erased_account_leaves_no_trace_in_the_database_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("erase.sqlite");
    let store = Store::open(&db.to_string_lossy()).await.unwrap();
    let user_id = marked_patient(&store, "Kept Person").await;
    assert!(occurrences(&db, MARKER) > 0, "the marker is written before the erasure");

    store.delete_user(&user_id).await.unwrap();
    assert_eq!(occurrences(&db, MARKER), 0, "nothing of the erased person is left, even before closing");
    store.close().await;
    assert_eq!(occurrences(&db, MARKER), 0);
    assert!(occurrences(&db, "Kept Person") > 0, "the other person is kept");
}

#[tokio::test]
async fn erasing_a_local_record_leaves_no_trace_either() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("local.sqlite");
    let store = Store::open(&db.to_string_lossy()).await.unwrap();
    let c = sciatica_core::Content::embedded();
    let profile = Profile::new(Some(&format!("Local {MARKER}")), "UTC", "07:30", "19:00").unwrap();
    let p = store.create_patient(&profile, now()).await.unwrap();
    let a = answers(&[]);
    store.record_screen(&p, &a, &triage::screen(c, &a), now(), SetBy::System).await.unwrap();
    store.acknowledge(&p.id, AckBy::SelfManager, &format!("note {MARKER}"), now()).await.unwrap();
    assert!(occurrences(&db, MARKER) > 0);
    store.delete_patient(&p.id).await.unwrap();
    assert_eq!(occurrences(&db, MARKER), 0);
}
