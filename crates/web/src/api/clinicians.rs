//! The patient's side of the care team: `GET /api/v1/me/clinicians` (who has access to the
//! record, since when, and who had it) and `DELETE /api/v1/me/clinicians/{clinician_id}` (end a
//! clinician's access; audited as `care_team.end`).

use crate::AppState;
use crate::auth::ApiUser;
use crate::error::{ApiResult, Problem};
use crate::pages::clinicians::end_access;
use crate::pages::patient::patient_id;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use jiff::Timestamp;
use sciatica_core::policy::Action;
use serde::Serialize;
use utoipa::ToSchema;

/// A clinician who has or had access.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClinicianView {
    /// The clinician's account id.
    pub clinician_id: String,
    /// Their email.
    pub email: String,
    /// Since when.
    #[schema(schema_with = crate::api::schema::instant)]
    pub since: Timestamp,
    /// When the access ended (null while it lasts).
    #[schema(value_type = Option<String>, format = DateTime)]
    pub ended_at: Option<Timestamp>,
}

/// The care team.
#[derive(Debug, Serialize, ToSchema)]
pub struct CliniciansView {
    /// Current members first, then past ones.
    pub clinicians: Vec<ClinicianView>,
}

/// Who has (and had) access to your record.
#[utoipa::path(
    get,
    path = "/api/v1/me/clinicians",
    operation_id = "list_my_clinicians",
    tag = "account",
    responses(
        (status = 200, description = "Your clinicians", body = CliniciansView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No patient record of yours", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn list(State(state): State<AppState>, ApiUser(user): ApiUser) -> ApiResult<Json<CliniciansView>> {
    let pid = patient_id(&state, &user, Action::EndCareTeam).await?;
    let clinicians = state
        .store
        .care_team(&pid)
        .await?
        .into_iter()
        .map(|m| ClinicianView {
            clinician_id: m.clinician_id,
            email: m.clinician_email,
            since: m.added_at,
            ended_at: m.ended_at,
        })
        .collect();
    Ok(Json(CliniciansView { clinicians }))
}

/// Ends a clinician's access to your record.
#[utoipa::path(
    delete,
    path = "/api/v1/me/clinicians/{clinician_id}",
    operation_id = "end_my_clinician",
    tag = "account",
    params(("clinician_id" = String, Path, description = "The clinician's account id")),
    responses(
        (status = 204, description = "Their access ended"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such clinician with access to your record", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn end(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(clinician_id): Path<String>,
) -> ApiResult<StatusCode> {
    end_access(&state, &user, &clinician_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
