//! The audit log through the API: an administrator's search (`GET /api/v1/audit`, itself
//! audited) and a patient's own view of who among the staff read or changed their record
//! (`GET /api/v1/me/access`).

use crate::AppState;
use crate::api::extract::ApiQuery;
use crate::auth::ApiUser;
use crate::error::{ApiResult, Problem};
use crate::manage::{self, AuditQuery, page_number};
use axum::Json;
use axum::extract::State;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// An audit entry.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditView {
    /// When.
    #[schema(schema_with = crate::api::schema::instant)]
    pub at: Timestamp,
    /// The actor's account id (`null`: the command line).
    pub actor_id: Option<String>,
    /// The actor's email (`null` once the account is gone).
    pub actor_email: Option<String>,
    /// The actor's role then (`patient`, `clinician`, `admin` or `anonymous`).
    pub actor_role: String,
    /// What they did, e.g. `ReadRecord`, `account.role`, `ReadRecord.denied`.
    pub action: String,
    /// Whose record, if any.
    pub patient_id: Option<String>,
    /// The email of the account owning that record.
    pub patient_email: Option<String>,
    /// The client's network address (`null` when not recorded).
    pub address: Option<String>,
    /// Details, without health data.
    pub detail: String,
}

/// A page of audit entries.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditList {
    /// Newest first.
    pub entries: Vec<AuditView>,
    /// This page's number.
    pub page: i64,
    /// The next page's number, when there is one.
    pub next_page: Option<i64>,
}

/// What to look for; every filter is optional.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    /// Who did it: an email or an account id.
    pub actor: Option<String>,
    /// Whose record: a patient account's email or a patient record id.
    pub patient: Option<String>,
    /// The action, exactly (up to 100 characters).
    #[param(max_length = 100)]
    pub action: Option<String>,
    /// From this day (`YYYY-MM-DD`, UTC, included).
    #[param(schema_with = crate::api::schema::date_or_empty)]
    pub from: Option<String>,
    /// Until this day (`YYYY-MM-DD`, UTC, included; not before `from`).
    #[param(schema_with = crate::api::schema::date_or_empty)]
    pub to: Option<String>,
    /// The page, from 1 (50 entries a page; empty for the first).
    #[param(pattern = "^\\s*([1-9][0-9]{0,4}|100000)?\\s*$")]
    pub page: Option<String>,
}

/// Searches the audit log (administrators only; the search is itself audited).
#[utoipa::path(
    get,
    path = "/api/v1/audit",
    operation_id = "search_audit",
    tag = "admin",
    params(AuditParams),
    responses(
        (status = 200, description = "A page of matching entries", body = AuditList),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not an administrator", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad parameter; the problem names it", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn search(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiQuery(p): ApiQuery<AuditParams>,
) -> ApiResult<Json<AuditList>> {
    let q = AuditQuery {
        actor: p.actor.unwrap_or_default(),
        patient: p.patient.unwrap_or_default(),
        action: p.action.unwrap_or_default(),
        from: p.from.unwrap_or_default(),
        to: p.to.unwrap_or_default(),
        page: p.page.unwrap_or_default(),
    };
    let (found, page) = manage::audit(&state, &user, &q).await?;
    let entries = found
        .rows
        .into_iter()
        .map(|r| AuditView {
            at: r.entry.at,
            actor_id: r.entry.actor_id,
            actor_email: r.actor_email,
            actor_role: r.entry.actor_role,
            action: r.entry.action,
            patient_id: r.entry.patient_id,
            patient_email: r.patient_email,
            address: r.entry.address,
            detail: r.entry.detail,
        })
        .collect();
    Ok(Json(AuditList { entries, page, next_page: found.more.then_some(page + 1) }))
}

/// A staff access to the patient's record.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccessView {
    /// When.
    #[schema(schema_with = crate::api::schema::instant)]
    pub at: Timestamp,
    /// Who: their email (`null` once their account is gone).
    pub who: Option<String>,
    /// Their role: `clinician` or `admin`.
    pub role: String,
    /// What they did, as the audit log names it (e.g. `ReadRecord`, `Treat`, `panel.view`: saw
    /// the patient on their panel).
    pub action: String,
}

/// A page of accesses.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccessList {
    /// Newest first.
    pub entries: Vec<AccessView>,
    /// This page's number.
    pub page: i64,
    /// The next page's number, when there is one.
    pub next_page: Option<i64>,
}

/// The page to show.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// The page, from 1 (50 entries a page; empty for the first).
    #[param(pattern = "^\\s*([1-9][0-9]{0,4}|100000)?\\s*$")]
    pub page: Option<String>,
}

/// Who among the staff read or changed the signed-in patient's record, and when.
#[utoipa::path(
    get,
    path = "/api/v1/me/access",
    operation_id = "get_my_access_log",
    tag = "account",
    params(PageParams),
    responses(
        (status = 200, description = "A page of accesses, newest first", body = AccessList),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No patient record of yours", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad parameter; the problem names it", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn my_access(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiQuery(p): ApiQuery<PageParams>,
) -> ApiResult<Json<AccessList>> {
    let page = page_number(p.page.as_deref().unwrap_or(""))?;
    let (_, found) = crate::pages::account::accesses(&state, &user, page).await?;
    let entries = found
        .rows
        .into_iter()
        .map(|r| AccessView {
            at: r.entry.at,
            who: r.actor_email,
            role: r.entry.actor_role,
            action: r.entry.action,
        })
        .collect();
    Ok(Json(AccessList { entries, page, next_page: found.more.then_some(page + 1) }))
}
