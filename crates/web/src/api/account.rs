//! The account itself: erasing it with everything recorded (`DELETE /api/v1/me`, with the
//! password), and confirming the password for the steps that need a recent sign-in
//! (`POST /api/v1/me/confirm`).

use crate::AppState;
use crate::api::extract::{ApiJson, ApiQuery};
use crate::auth::{ApiUser, ClientAddr, throttle};
use crate::error::{ApiResult, AppError, Problem};
use crate::pages::patient::patient_id;
use axum::extract::State;
use axum::http::StatusCode;
use jiff::Timestamp;
use sciatica_core::policy::Action;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

/// The old confirmation of erasing (no longer needed: the password confirms it).
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct EraseQuery {
    /// Optional; when sent, it must be `true`.
    pub confirm: Option<String>,
}

/// The account's password, to confirm a step.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordBody {
    /// The account's password.
    #[schema(min_length = 1, max_length = 128)]
    pub password: String,
}

/// Checks the password of the request's account (throttled like signing in); a wrong or empty
/// one is a problem naming `password`.
async fn confirm_password(
    state: &AppState,
    user: &crate::auth::CurrentUser,
    client: ClientAddr,
    password: &str,
) -> Result<(), AppError> {
    if password.is_empty() {
        return Err(AppError::invalid("password", "is empty; send the account's password"));
    }
    if throttle::verify_again(state, &user.user, client, password).await? {
        Ok(())
    } else {
        Err(AppError::invalid("password", "is not the account's password"))
    }
}

/// Erases the account and every record of the person; it cannot be undone. The body carries the
/// account's password.
#[utoipa::path(
    delete,
    path = "/api/v1/me",
    operation_id = "erase_account",
    tag = "account",
    params(EraseQuery),
    request_body = PasswordBody,
    responses(
        (status = 204, description = "Erased"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No patient record of yours", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 64 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The password is missing or wrong", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong passwords; see `Retry-After`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn erase(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    client: ClientAddr,
    ApiQuery(q): ApiQuery<EraseQuery>,
    ApiJson(body): ApiJson<PasswordBody>,
) -> ApiResult<StatusCode> {
    patient_id(&state, &user, Action::EraseRecord).await?;
    if q.confirm.as_deref().is_some_and(|c| c != "true") {
        return Err(
            AppError::invalid("confirm", "allowed: true, or leave it out (the password confirms)").into()
        );
    }
    confirm_password(&state, &user, client, &body.password).await?;
    state.store.delete_user(&user.user.id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Confirms the password: for the next minutes (15 by default) this token or session may
/// export, make API tokens and the like without being asked again.
#[utoipa::path(
    post,
    path = "/api/v1/me/confirm",
    operation_id = "confirm_password",
    tag = "account",
    request_body = PasswordBody,
    responses(
        (status = 204, description = "Confirmed"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 64 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The password is missing or wrong", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong passwords; see `Retry-After`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn confirm(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    client: ClientAddr,
    ApiJson(body): ApiJson<PasswordBody>,
) -> ApiResult<StatusCode> {
    confirm_password(&state, &user, client, &body.password).await?;
    user.reauthenticated(&state, Timestamp::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}
