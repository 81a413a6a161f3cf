//! Invitation and password-reset links: a random secret in the URL, its hash in the database.

use crate::auth::token;
use jiff::{SignedDuration, Timestamp};
use sciatica_core::policy::Role;
use sciatica_store::auth::{Link, LinkKind};
use sciatica_store::{Store, StoreError};

/// How long an invitation works.
pub const INVITE_DAYS: i64 = 14;
/// How long a reset link works.
pub const RESET_HOURS: i64 = 24;

/// Makes an invitation link for a role (optionally bound to an email) and returns its URL.
pub async fn invite_link(
    store: &Store,
    role: Role,
    email: Option<String>,
    created_by: Option<&str>,
    base: &str,
    now: Timestamp,
) -> Result<String, StoreError> {
    let secret = token::new_secret();
    store
        .create_link(
            &Link {
                token_hash: token::hash(&secret),
                kind: LinkKind::Invite,
                role,
                email,
                user_id: None,
                created_by: created_by.map(str::to_owned),
                expires_at: now + SignedDuration::from_hours(24 * INVITE_DAYS),
            },
            now,
        )
        .await?;
    Ok(format!("{base}/join/{secret}"))
}

/// Makes a password-reset link for an account and returns its URL.
pub async fn reset_link_for(
    store: &Store,
    user_id: &str,
    created_by: Option<&str>,
    base: &str,
    now: Timestamp,
) -> Result<String, StoreError> {
    let user = store.user(user_id).await?;
    let secret = token::new_secret();
    store
        .create_link(
            &Link {
                token_hash: token::hash(&secret),
                kind: LinkKind::Reset,
                role: user.role,
                email: Some(user.email),
                user_id: Some(user.id),
                created_by: created_by.map(str::to_owned),
                expires_at: now + SignedDuration::from_hours(RESET_HOURS),
            },
            now,
        )
        .await?;
    Ok(format!("{base}/reset/{secret}"))
}
