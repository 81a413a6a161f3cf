//! Sign-in sessions: a random token in a `__Host-` cookie (Secure, HttpOnly, SameSite=Lax), its
//! hash in the database.

use crate::AppState;
use crate::auth::token;
use crate::error::AppError;
use axum::http::{HeaderMap, HeaderValue, header};
use jiff::{SignedDuration, Timestamp};

/// The cookie's name. The `__Host-` prefix makes browsers refuse it unless Secure, for `/`, and
/// without a Domain, so no other site on the domain can set or read it.
pub const COOKIE: &str = "__Host-sciatica";

/// Starts a session for a user and returns the `Set-Cookie` value.
pub async fn start(state: &AppState, user_id: &str, now: Timestamp) -> Result<HeaderValue, AppError> {
    let secret = token::new_secret();
    let hours = state.config.session_hours;
    let expires = now + SignedDuration::from_hours(hours);
    state.store.create_auth_session(&token::hash(&secret), user_id, now, expires).await?;
    let cookie =
        format!("{COOKIE}={secret}; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age={}", hours * 3600);
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
