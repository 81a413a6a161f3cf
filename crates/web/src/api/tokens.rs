//! API tokens of the signed-in account: make one (`POST /api/v1/tokens`, which needs a recent
//! sign-in), list them (`GET /api/v1/tokens`), and revoke one (`DELETE /api/v1/tokens/{id}`) or
//! the one the request came with (`DELETE /api/v1/tokens/current`). A token expires (90 days
//! unless chosen otherwise, at most a year), and every token is revoked when the password
//! changes.

use crate::AppState;
use crate::api::extract::{ApiJson, free_text};
use crate::auth::{ApiUser, Credential, token};
use crate::error::{ApiResult, AppError, Problem};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use jiff::{SignedDuration, Timestamp};
use sciatica_store::tokens::{ApiToken, NewApiToken};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Days a token lasts unless its maker chooses.
pub const DEFAULT_DAYS: i64 = 90;
/// The most days a token may last.
pub const MAX_DAYS: i64 = 365;

/// A new API token.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewToken {
    /// A name to recognise it by, e.g. the app or device (1–100 characters on one line).
    #[schema(schema_with = crate::api::schema::line_100)]
    pub name: String,
    /// Days until it stops working: 1–365 (default 90).
    #[schema(minimum = 1, maximum = 365)]
    pub expires_in_days: Option<i64>,
}

/// A token, shown once: only its hash is stored.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenCreated {
    /// Its id (to list and revoke it by).
    pub id: String,
    /// The secret, for `Authorization: Bearer …`.
    pub token: String,
    /// Its name.
    pub name: String,
    /// When it stops working.
    #[schema(schema_with = crate::api::schema::instant)]
    pub expires_at: Timestamp,
}

/// A token of the account (never its secret).
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenView {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// When it was made.
    #[schema(schema_with = crate::api::schema::instant)]
    pub created_at: Timestamp,
    /// When it was last used (to the minute), or null.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub last_used_at: Option<Timestamp>,
    /// When it stops working.
    #[schema(schema_with = crate::api::schema::instant)]
    pub expires_at: Timestamp,
    /// True for the token this request came with.
    pub current: bool,
}

/// Creates an API token for the signed-in account; needs a recent sign-in.
#[utoipa::path(
    post,
    path = "/api/v1/tokens",
    operation_id = "create_token",
    tag = "account",
    request_body = NewToken,
    responses(
        (status = 201, description = "The token (shown once)", body = TokenCreated),
        (status = 401, description = "Not signed in, or the password was not entered recently (`recent-sign-in-required`: confirm it at `POST /api/v1/me/confirm`)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 64 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad input; the problem names the field", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many writes; see `Retry-After`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn create_token(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(body): ApiJson<NewToken>,
) -> ApiResult<(StatusCode, Json<TokenCreated>)> {
    let name = free_text("name", &body.name, 100)?
        .filter(|n| !n.contains(['\n', '\r', '\t']))
        .ok_or_else(|| AppError::invalid("name", "give a name of 1 to 100 characters on one line"))?;
    let days = body.expires_in_days.unwrap_or(DEFAULT_DAYS);
    if !(1..=MAX_DAYS).contains(&days) {
        return Err(AppError::invalid("expires_in_days", format!("allowed: 1 to {MAX_DAYS} days")).into());
    }
    user.require_recent(&state, "/account")?;
    let (Credential::Session { authenticated_at, .. } | Credential::Token { authenticated_at, .. }) =
        user.credential;
    let now = Timestamp::now();
    let secret = token::new_secret();
    let hash = token::hash(&secret);
    let made = state
        .store
        .issue_api_token(
            &NewApiToken {
                token_hash: &hash,
                user_id: &user.user.id,
                name: &name,
                expires_at: now + SignedDuration::from_hours(24 * days),
                authenticated_at,
            },
            now,
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(TokenCreated { id: made.id, token: secret, name, expires_at: made.expires_at }),
    ))
}

/// The hash of the token a request came with, if it came with one.
fn current_hash(credential: &Credential) -> Option<&str> {
    match credential {
        Credential::Token { token_hash, .. } => Some(token_hash),
        Credential::Session { .. } => None,
    }
}

/// The account's tokens as the API and the account page show them.
pub fn views(tokens: Vec<ApiToken>, credential: &Credential) -> Vec<TokenView> {
    let current = current_hash(credential);
    tokens
        .into_iter()
        .map(|t| TokenView {
            current: current == Some(t.token_hash.as_str()),
            id: t.id,
            name: t.name,
            created_at: t.created_at,
            last_used_at: t.last_used_at,
            expires_at: t.expires_at,
        })
        .collect()
}

/// The account's live tokens, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/tokens",
    operation_id = "list_tokens",
    tag = "account",
    responses(
        (status = 200, description = "The tokens", body = Vec<TokenView>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn list_tokens(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> ApiResult<Json<Vec<TokenView>>> {
    let tokens = state.store.api_tokens(&user.user.id, Timestamp::now()).await?;
    Ok(Json(views(tokens, &user.credential)))
}

/// Revokes the bearer token this request was sent with; it stops working at once.
#[utoipa::path(
    delete,
    path = "/api/v1/tokens/current",
    operation_id = "revoke_current_token",
    tag = "account",
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The request was not sent with a token of this account", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many writes; see `Retry-After`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn revoke_token(State(state): State<AppState>, ApiUser(user): ApiUser) -> ApiResult<StatusCode> {
    let hash = current_hash(&user.credential).ok_or(AppError::NotFound)?;
    state.store.revoke_api_token(hash, &user.user.id, Timestamp::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Revokes one of the account's tokens by id; it stops working at once.
#[utoipa::path(
    delete,
    path = "/api/v1/tokens/{id}",
    operation_id = "revoke_token",
    tag = "account",
    params(("id" = String, Path, description = "The token's id, from `GET /api/v1/tokens`")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No live token of this account has that id", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many writes; see `Retry-After`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn revoke_by_id(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    state.store.revoke_api_token_by_id(&id, &user.user.id, Timestamp::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}
