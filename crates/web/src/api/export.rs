//! `GET /api/v1/export`: everything recorded about the person, with the account's email (the
//! same document as the download on the data page).

use crate::AppState;
use crate::auth::ApiUser;
use crate::error::{ApiResult, AppError, Problem};
use crate::pages::patient::patient_id;
use axum::Json;
use axum::extract::State;
use jiff::Timestamp;
use sciatica_core::policy::{Action, Role};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

/// The account the record belongs to.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportAccount {
    /// Email address.
    pub email: String,
    /// `patient`.
    #[schema(value_type = String)]
    pub role: Role,
    /// When the account was made.
    #[schema(schema_with = crate::api::schema::instant)]
    pub created_at: Timestamp,
}

/// Everything recorded about the person (export format `sciatica-export`).
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportView {
    /// Always `sciatica-export`.
    pub format: String,
    /// The format version.
    pub version: u32,
    /// When it was made.
    #[schema(schema_with = crate::api::schema::instant)]
    pub exported_at: Timestamp,
    /// The account.
    pub account: ExportAccount,
    /// The profile.
    #[schema(value_type = Object)]
    pub patient: Value,
    /// Screens with answers and results.
    #[schema(value_type = Vec<Object>)]
    pub screenings: Value,
    /// Records that a clinician assessed the person.
    #[schema(value_type = Vec<Object>)]
    pub acknowledgements: Value,
    /// Programmes, oldest first.
    #[schema(value_type = Vec<Object>)]
    pub programs: Value,
    /// Sessions, oldest first.
    #[schema(value_type = Vec<Object>)]
    pub sessions: Value,
    /// Questionnaire responses.
    #[schema(value_type = Vec<Object>)]
    pub measures: Value,
    /// Alerts.
    #[schema(value_type = Vec<Object>)]
    pub alerts: Value,
    /// What the person reported went wrong after a session, oldest first.
    #[schema(value_type = Vec<Object>)]
    pub harm_reports: Value,
    /// What the person's clinicians decided (who, when, why), newest first.
    #[schema(value_type = Vec<Object>)]
    pub clinical_actions: Value,
    /// A guided session started and not finished (its answers so far), or null.
    #[schema(value_type = Option<Object>)]
    pub session_in_progress: Option<Value>,
    /// A screen started and not finished (its answers so far), or null.
    #[schema(value_type = Option<Object>)]
    pub screen_in_progress: Option<Value>,
}

/// Everything recorded about the person; needs a recent sign-in.
#[utoipa::path(
    get,
    path = "/api/v1/export",
    operation_id = "export_record",
    tag = "account",
    responses(
        (status = 200, description = "The export", body = ExportView),
        (status = 401, description = "Not signed in, or the password was not entered recently (`recent-sign-in-required`: confirm it at `POST /api/v1/me/confirm`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No patient record of yours", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn export(State(state): State<AppState>, ApiUser(user): ApiUser) -> ApiResult<Json<ExportView>> {
    let id = patient_id(&state, &user, Action::ExportRecord).await?;
    user.require_recent(&state, "/data")?;
    let e = state.store.export(&id).await?;
    Ok(Json(ExportView {
        format: e.format.to_owned(),
        version: e.version,
        exported_at: e.exported_at,
        account: ExportAccount {
            email: user.user.email.clone(),
            role: user.user.role,
            created_at: user.user.created_at,
        },
        patient: json(&e.patient)?,
        screenings: json(&e.screenings)?,
        acknowledgements: json(&e.acknowledgements)?,
        programs: json(&e.programs)?,
        sessions: json(&e.sessions)?,
        measures: json(&e.measures)?,
        alerts: json(&e.alerts)?,
        harm_reports: json(&e.harm_reports)?,
        clinical_actions: json(&e.clinical_actions)?,
        session_in_progress: e.session_in_progress,
        screen_in_progress: e.screen_in_progress,
    }))
}

fn json<T: Serialize>(v: &T) -> Result<Value, AppError> {
    serde_json::to_value(v).map_err(|e| AppError::Internal(e.into()))
}
