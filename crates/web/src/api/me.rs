//! `GET /api/v1/me`: the signed-in account.

use crate::auth::ApiUser;
use crate::error::{ApiResult, Problem};
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

/// The signed-in account.
#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    /// Account id.
    pub id: String,
    /// Email address.
    pub email: String,
    /// `patient`, `clinician` or `admin`.
    pub role: String,
    /// The patient record a patient account owns.
    pub patient_id: Option<String>,
}

/// The signed-in account.
#[utoipa::path(
    get,
    path = "/api/v1/me",
    operation_id = "get_me",
    responses(
        (status = 200, description = "The signed-in account", body = Me),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn me(ApiUser(user): ApiUser) -> ApiResult<Json<Me>> {
    let u = user.user;
    Ok(Json(Me { id: u.id, email: u.email, role: u.role.as_str().to_owned(), patient_id: u.patient_id }))
}
