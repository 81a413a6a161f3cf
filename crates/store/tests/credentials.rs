//! The lifecycle of credentials: a password change or reset revokes every API token and ends
//! every session; tokens expire and are listed and revoked by id (only the account's own);
//! sessions end by the lifetime of their account's role; failed sign-ins are counted per account
//! across addresses.

mod common;

use jiff::{SignedDuration, Timestamp};
use sciatica_core::policy::Role;
use sciatica_store::auth::{Lifetime, Link, LinkKind};
use sciatica_store::erasure::email_key;
use sciatica_store::tokens::NewApiToken;
use sciatica_store::users::{NewUser, User};
use sciatica_store::{Store, StoreError};

fn now() -> Timestamp {
    "2026-03-01T09:00:00Z".parse().unwrap()
}

async fn store(db: &common::Fresh) -> (Store, ()) {
    (Store::open(&db.url).await.unwrap(), ())
}

async fn account(store: &Store, email: &str, role: Role) -> User {
    let user = NewUser { email: email.into(), password_hash: "x".into(), role, profile: None };
    store.create_user(&user, now()).await.unwrap()
}

fn lifetime(role: Role) -> Lifetime {
    match role {
        Role::Patient => Lifetime { idle_ms: 7 * 24 * 3_600_000, max_ms: 30 * 24 * 3_600_000 },
        _ => Lifetime { idle_ms: 30 * 60_000, max_ms: 12 * 3_600_000 },
    }
}

on_both!(async fn a_password_change_or_reset_revokes_every_token_and_session(db) {
    let (store, _dir) = store(&db).await;
    let u = account(&store, "doc@example.org", Role::Clinician).await;
    for (i, h) in ["t1", "t2"].iter().enumerate() {
        store.create_api_token(h, &u.id, &format!("device {i}"), now()).await.unwrap();
    }
    store.create_auth_session("s1", &u.id, now(), now() + SignedDuration::from_hours(12)).await.unwrap();
    assert!(store.api_token_user("t1", now()).await.unwrap().is_some());

    let later = now() + SignedDuration::from_mins(1);
    store.set_password(&u.id, "y", later).await.unwrap();
    assert!(store.api_token_user("t1", later).await.unwrap().is_none());
    assert!(store.api_token_user("t2", later).await.unwrap().is_none());
    assert!(store.session_user("s1", later, lifetime).await.unwrap().is_none());
    assert!(store.api_tokens(&u.id, later).await.unwrap().is_empty());

    store.create_api_token("t3", &u.id, "after", later).await.unwrap();
    let link = Link {
        token_hash: "reset1".into(),
        kind: LinkKind::Reset,
        role: Role::Clinician,
        email: None,
        user_id: Some(u.id.clone()),
        created_by: None,
        expires_at: later + SignedDuration::from_hours(1),
    };
    store.create_link(&link, later).await.unwrap();
    store.redeem_reset("reset1", "z", later).await.unwrap();
    assert!(store.api_token_user("t3", later).await.unwrap().is_none(), "a reset revokes tokens too");
});

on_both!(async fn tokens_expire_and_are_listed_and_revoked_by_id(db) {
    let (store, _dir) = store(&db).await;
    let u = account(&store, "a@example.org", Role::Admin).await;
    let other = account(&store, "b@example.org", Role::Admin).await;
    let short = NewApiToken {
        token_hash: "short",
        user_id: &u.id,
        name: "one day",
        expires_at: now() + SignedDuration::from_hours(24),
        authenticated_at: now(),
    };
    let made = store.issue_api_token(&short, now()).await.unwrap();
    store.create_api_token("long", &u.id, "default", now()).await.unwrap();
    let list = store.api_tokens(&u.id, now()).await.unwrap();
    assert_eq!(list.len(), 2);
    let default = list.iter().find(|t| t.name == "default").unwrap();
    assert_eq!(default.expires_at, now() + SignedDuration::from_hours(24 * 90), "90 days unless chosen");

    let next_day = now() + SignedDuration::from_hours(24);
    assert!(store.api_token_user("short", next_day).await.unwrap().is_none(), "expired");
    assert_eq!(store.api_tokens(&u.id, next_day).await.unwrap().len(), 1);

    assert!(matches!(
        store.revoke_api_token_by_id(&default.id, &other.id, now()).await,
        Err(StoreError::NotFound)
    ));
    store.revoke_api_token_by_id(&default.id, &u.id, now()).await.unwrap();
    assert!(store.api_token_user("long", now()).await.unwrap().is_none());
    assert!(matches!(
        store.revoke_api_token_by_id(&made.id, &u.id, next_day).await,
        Err(StoreError::NotFound)
    ));
});

on_both!(async fn sessions_end_by_the_lifetime_of_the_role(db) {
    let (store, _dir) = store(&db).await;
    let doc = account(&store, "doc@example.org", Role::Clinician).await;
    let far = now() + SignedDuration::from_hours(24 * 30);
    store.create_auth_session("idle", &doc.id, now(), far).await.unwrap();
    store.create_auth_session("busy", &doc.id, now(), far).await.unwrap();
    // Used every 20 minutes: never idle for 30, yet over after 12 hours in all.
    let mut t = now();
    for _ in 0..35 {
        t += SignedDuration::from_mins(20);
        assert!(store.session_user("busy", t, lifetime).await.unwrap().is_some(), "{t}");
    }
    t += SignedDuration::from_mins(20);
    assert!(store.session_user("busy", t, lifetime).await.unwrap().is_none(), "12 hours in all");
    assert!(
        store.session_user("idle", now() + SignedDuration::from_mins(31), lifetime).await.unwrap().is_none()
    );

    store.create_auth_session("fresh", &doc.id, now(), far).await.unwrap();
    let (_, s) = store.session_user("fresh", now(), lifetime).await.unwrap().unwrap();
    assert_eq!(s.authenticated_at, now());
    let later = now() + SignedDuration::from_mins(10);
    store.reauthenticate_session("fresh", later).await.unwrap();
    let (_, s) = store.session_user("fresh", later, lifetime).await.unwrap().unwrap();
    assert_eq!(s.authenticated_at, later);
});

on_both!(async fn failed_sign_ins_are_counted_per_account_across_addresses(db) {
    let (store, _dir) = store(&db).await;
    let key = email_key("sam@example.org");
    for address in ["203.0.113.1", "203.0.113.2", "2001:db8::1"] {
        store.record_login_failure(&format!("{key}|{address}"), now()).await.unwrap();
    }
    store
        .record_login_failure(&format!("{}|203.0.113.1", email_key("sam@example.org.uk")), now())
        .await
        .unwrap();
    store.record_login_failure(&format!("{}|203.0.113.1", email_key("sa@example.org")), now()).await.unwrap();
    assert_eq!(store.account_login_failures_since(&key, now()).await.unwrap(), 3);
    assert_eq!(store.login_failures_since(&format!("{key}|203.0.113.1"), now()).await.unwrap().0, 1);
});
