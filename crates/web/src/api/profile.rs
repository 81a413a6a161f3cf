//! `GET` and `PUT /api/v1/profile`: what to call the person, their time zone and the times of
//! their morning and evening sessions.

use crate::AppState;
use crate::api::extract::ApiJson;
use crate::auth::ApiUser;
use crate::error::{ApiResult, AppError, Problem};
use crate::pages::patient::patient_id;
use axum::Json;
use axum::extract::State;
use sciatica_core::policy::Action;
use sciatica_store::patients::{Patient, Profile};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The profile.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProfileView {
    /// What to call the person, if they said.
    pub name: Option<String>,
    /// IANA time zone, e.g. `Europe/London`.
    pub time_zone: String,
    /// Morning session time, `HH:MM`.
    pub morning: String,
    /// Evening session time, `HH:MM` (after the morning).
    pub evening: String,
}

impl From<Patient> for ProfileView {
    fn from(p: Patient) -> ProfileView {
        ProfileView { name: p.display_name, time_zone: p.time_zone, morning: p.morning, evening: p.evening }
    }
}

/// A new profile (every field replaced; leave `name` out or null for none).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileChange {
    /// What to call the person (one line of up to 100 characters).
    #[serde(default)]
    #[schema(schema_with = crate::api::schema::strict_line_100_or_null)]
    pub name: Option<String>,
    /// IANA time zone, e.g. `Europe/London`.
    #[schema(schema_with = crate::api::schema::time_zone)]
    pub time_zone: String,
    /// Morning session time, `HH:MM` on the 24-hour clock.
    #[schema(pattern = "^([01]?[0-9]|2[0-3]):[0-5][0-9]$")]
    pub morning: String,
    /// Evening session time, `HH:MM`, later than the morning.
    #[schema(pattern = "^([01]?[0-9]|2[0-3]):[0-5][0-9]$")]
    pub evening: String,
}

/// The profile.
#[utoipa::path(
    get,
    path = "/api/v1/profile",
    operation_id = "get_profile",
    tag = "profile",
    responses(
        (status = 200, description = "The profile", body = ProfileView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No patient record of yours", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn get_profile(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> ApiResult<Json<ProfileView>> {
    let id = patient_id(&state, &user, Action::ReadRecord).await?;
    Ok(Json(state.store.patient(&id).await?.into()))
}

/// Changes the profile.
#[utoipa::path(
    put,
    path = "/api/v1/profile",
    operation_id = "put_profile",
    tag = "profile",
    request_body = ProfileChange,
    responses(
        (status = 200, description = "The profile as saved", body = ProfileView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No patient record of yours", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 64 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad input; the problem names the field", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn put_profile(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(body): ApiJson<ProfileChange>,
) -> ApiResult<Json<ProfileView>> {
    let id = patient_id(&state, &user, Action::WriteRecord).await?;
    if body.name.as_deref().is_some_and(|n| n.chars().any(char::is_control)) {
        return Err(
            AppError::invalid("name", "contains control characters; allowed: one line of text").into()
        );
    }
    let profile = Profile::new(body.name.as_deref(), body.time_zone.trim(), &body.morning, &body.evening)?;
    Ok(Json(state.store.update_patient(&id, &profile).await?.into()))
}
