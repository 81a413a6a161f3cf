//! Sign-in sessions: a random token in a `__Host-` cookie (Secure, HttpOnly, SameSite=Lax), its
//! hash in the database. A patient's session lasts as configured (by default 7 days unused, 30
//! days in all); a clinician's or administrator's ends after 30 minutes unused and 12 hours in
//! all.

use crate::AppState;
use crate::auth::token;
use crate::error::AppError;
use axum::http::{HeaderMap, HeaderValue, header};
use jiff::{SignedDuration, Timestamp};
use sciatica_store::users::User;

/// The cookie's name. The `__Host-` prefix makes browsers refuse it unless Secure, for `/`, and
/// without a Domain, so no other site on the domain can set or read it.
pub const COOKIE: &str = "__Host-sciatica";

/// Starts a session for a user who has just entered their password and returns the
/// `Set-Cookie` value.
pub async fn start(state: &AppState, user: &User, now: Timestamp) -> Result<HeaderValue, AppError> {
    let secret = token::new_secret();
    let max_ms = state.config.lifetime(user.role).max_ms;
    let expires = now + SignedDuration::from_millis(max_ms);
    state.store.create_auth_session(&token::hash(&secret), &user.id, now, expires).await?;
    let cookie =
        format!("{COOKIE}={secret}; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age={}", max_ms / 1000);
    HeaderValue::from_str(&cookie).map_err(|e| AppError::Internal(e.into()))
}

/// The `Set-Cookie` value that removes the cookie.
pub fn clear() -> HeaderValue {
    HeaderValue::from_static("__Host-sciatica=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0")
}

/// The session secret from the request's cookies, if well formed.
pub fn secret(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.to_owned())
        .filter(|s| token::well_formed(s))
}

/// Ends the request's session, if any.
pub async fn end(state: &AppState, headers: &HeaderMap) -> Result<(), AppError> {
    if let Some(secret) = secret(headers) {
        state.store.delete_auth_session(&token::hash(&secret)).await?;
    }
    Ok(())
}
