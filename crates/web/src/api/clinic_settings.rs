//! The clinic settings through the API (`GET`/`PUT /api/v1/admin/settings`): the clinic's name
//! and number and the emergency numbers on the urgent cards, and the panel's inactivity threshold.
//! A setting left `null` falls back to the server's start-up option. Administrators only.

use crate::AppState;
use crate::api::extract::ApiJson;
use crate::auth::ApiUser;
use crate::error::{ApiResult, Problem};
use crate::manage;
use crate::settings::{ClinicSettings, DEFAULT_INACTIVE_DAYS};
use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The settings as stored (`null`: not set here).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettingsBody {
    /// The clinic's name on the urgent cards (one line of up to 100 characters). Unless the
    /// server was started with a clinic, a name needs `clinic_phone`.
    #[serde(default)]
    #[schema(schema_with = crate::api::schema::line_100_or_null)]
    pub clinic_name: Option<String>,
    /// The clinic's telephone number, e.g. `+44 20 7946 0000` (digits, spaces, `-`, `.`, `(`,
    /// `)` and a leading `+`; 2 to 20 digits).
    #[serde(default)]
    #[schema(schema_with = crate::api::schema::phone_or_null)]
    pub clinic_phone: Option<String>,
    /// The emergency numbers, separated by commas; the first is shown largest.
    #[serde(default)]
    #[schema(schema_with = crate::api::schema::phones_or_null)]
    pub emergency_numbers: Option<String>,
    /// Days without a session before the clinician panel shows "not logging" (1–90).
    #[serde(default)]
    #[schema(minimum = 1, maximum = 90)]
    pub inactive_days: Option<u32>,
}

/// What the urgent cards and the panel use now (the settings over the start-up options).
#[derive(Debug, Serialize, ToSchema)]
pub struct Effective {
    /// The clinic's name, when a clinic number is set.
    pub clinic_name: Option<String>,
    /// The clinic's number.
    pub clinic_phone: Option<String>,
    /// The emergency numbers.
    pub emergency_numbers: Vec<String>,
    /// The panel's inactivity threshold in days.
    pub inactive_days: u32,
}

/// The settings: as stored, and in effect.
#[derive(Debug, Serialize, ToSchema)]
pub struct SettingsView {
    /// As stored.
    pub stored: SettingsBody,
    /// In effect.
    pub effective: Effective,
}

fn view(state: &AppState, s: ClinicSettings) -> SettingsView {
    let c = s.contacts(&state.config.contacts);
    SettingsView {
        effective: Effective {
            clinic_name: c.clinic.as_ref().map(|k| k.name.clone()),
            clinic_phone: c.clinic.map(|k| k.phone.shown),
            emergency_numbers: c.emergency.into_iter().map(|p| p.shown).collect(),
            inactive_days: s.inactive_days.unwrap_or(DEFAULT_INACTIVE_DAYS),
        },
        stored: SettingsBody {
            clinic_name: s.clinic_name,
            clinic_phone: s.clinic_phone,
            emergency_numbers: s.emergency_numbers,
            inactive_days: s.inactive_days,
        },
    }
}

/// The clinic settings.
#[utoipa::path(
    get,
    path = "/api/v1/admin/settings",
    operation_id = "get_settings",
    tag = "admin",
    responses(
        (status = 200, description = "The settings", body = SettingsView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not an administrator", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn get_settings(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> ApiResult<Json<SettingsView>> {
    let s = manage::settings(&state, &user).await?;
    Ok(Json(view(&state, s)))
}

/// Replaces the clinic settings (a missing or `null` one is cleared).
#[utoipa::path(
    put,
    path = "/api/v1/admin/settings",
    operation_id = "put_settings",
    tag = "admin",
    request_body = SettingsBody,
    responses(
        (status = 200, description = "The settings now", body = SettingsView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not an administrator", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 64 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad input; the problem names the field", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn put_settings(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(b): ApiJson<SettingsBody>,
) -> ApiResult<Json<SettingsView>> {
    manage::settings(&state, &user).await?;
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let s = ClinicSettings::parse(
        &text(&b.clinic_name),
        &text(&b.clinic_phone),
        &text(&b.emergency_numbers),
        &b.inactive_days.map(|d| d.to_string()).unwrap_or_default(),
        &state.config.contacts,
    )?;
    manage::save_settings(&state, &user, &s).await?;
    Ok(Json(view(&state, s)))
}
