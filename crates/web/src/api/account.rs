//! The account itself: erasing it with everything recorded (`DELETE /api/v1/me`), and API tokens
//! for the signed-in account (`POST /api/v1/tokens`, `DELETE /api/v1/tokens/current`).

use crate::AppState;
use crate::api::extract::{ApiJson, ApiQuery, free_text};
use crate::auth::{ApiUser, token};
use crate::error::{ApiResult, AppError, Problem};
use crate::pages::patient::patient_id;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use jiff::Timestamp;
use sciatica_core::policy::Action;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// The confirmation that erasing is meant.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct EraseQuery {
    /// Must be `true`: the account and everything recorded are erased for good.
    pub confirm: Option<String>,
}

/// Erases the account and every record of the person; it cannot be undone.
#[utoipa::path(
    delete,
    path = "/api/v1/me",
    operation_id = "erase_account",
    tag = "account",
    params(EraseQuery),
    responses(
        (status = 204, description = "Erased"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No patient record of yours", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`confirm=true` is missing", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn erase(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiQuery(q): ApiQuery<EraseQuery>,
) -> ApiResult<StatusCode> {
    patient_id(&state, &user, Action::EraseRecord).await?;
    if q.confirm.as_deref() != Some("true") {
        return Err(AppError::invalid(
            "confirm",
            "must be true: add ?confirm=true to erase your account and everything recorded (this cannot be undone)",
        )
        .into());
    }
    state.store.delete_user(&user.user.id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A new API token.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewToken {
    /// A name to recognise it by, e.g. the app or device (1–100 characters).
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
}

/// A token, shown once: only its hash is stored.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenCreated {
    /// The secret, for `Authorization: Bearer …`.
    pub token: String,
    /// Its name.
    pub name: String,
}

/// Creates an API token for the signed-in account.
#[utoipa::path(
    post,
    path = "/api/v1/tokens",
    operation_id = "create_token",
    tag = "account",
    request_body = NewToken,
    responses(
        (status = 201, description = "The token (shown once)", body = TokenCreated),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 64 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad input; the problem names the field", body = Problem, content_type = "application/problem+json"),
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
    let secret = token::new_secret();
    state.store.create_api_token(&token::hash(&secret), &user.user.id, &name, Timestamp::now()).await?;
    Ok((StatusCode::CREATED, Json(TokenCreated { token: secret, name })))
}

/// The bearer secret of a request, if it sent one.
fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let secret = value.strip_prefix("Bearer ")?.trim();
    token::well_formed(secret).then_some(secret)
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
    ),
    security(("bearer" = []))
)]
pub async fn revoke_token(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    headers: HeaderMap,
) -> ApiResult<StatusCode> {
    let secret = bearer(&headers).ok_or(AppError::NotFound)?;
    state.store.revoke_api_token(&token::hash(secret), &user.user.id, Timestamp::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}
