//! The administrator's accounts through the API: list and search (`GET /api/v1/admin/accounts`),
//! change a role or deactivate/reactivate (`PATCH /api/v1/admin/accounts/{id}`), a
//! password-reset link (`POST …/{id}/reset-link`), moving a patient to another clinician
//! (`POST …/{id}/transfer`). Account-level facts only; anyone but an administrator gets 404.

use crate::AppState;
use crate::api::extract::{ApiJson, ApiQuery};
use crate::auth::ApiUser;
use crate::error::{ApiResult, AppError, Problem};
use crate::manage::{self, AccountQuery};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use jiff::Timestamp;
use sciatica_store::accounts::Account;
use serde::{Deserialize, Serialize};
use utoipa::openapi::schema::{Object, ObjectBuilder, Type};
use utoipa::{IntoParams, ToSchema};

/// `patient`, `clinician` or `admin`.
pub fn role() -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(["patient", "clinician", "admin"]))
        .build()
}

/// A role to list, or empty for every role.
fn role_filter() -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(["", "patient", "clinician", "admin"]))
        .build()
}

/// The role a staff account may be given, or null to keep it.
fn staff_role_or_null() -> Object {
    ObjectBuilder::new()
        .schema_type([Type::String, Type::Null].into_iter().collect::<utoipa::openapi::schema::SchemaType>())
        .enum_values(Some([Some("clinician"), Some("admin"), None]))
        .build()
}

/// A clinician on a patient's care team.
#[derive(Debug, Serialize, ToSchema)]
pub struct CareTeamMemberView {
    /// Account id.
    pub id: String,
    /// Email.
    pub email: String,
}

/// An account as an administrator sees it: account-level facts, never health data.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccountView {
    /// Account id.
    pub id: String,
    /// Email.
    pub email: String,
    /// Role.
    #[schema(schema_with = role)]
    pub role: String,
    /// When it was made.
    #[schema(schema_with = crate::api::schema::instant)]
    pub created_at: Timestamp,
    /// When it last signed in (`null`: not since this was recorded).
    #[schema(value_type = Option<String>, format = DateTime)]
    pub last_sign_in_at: Option<Timestamp>,
    /// It can sign in.
    pub active: bool,
    /// For a patient: the clinicians currently on their care team.
    pub clinicians: Vec<CareTeamMemberView>,
}

impl From<Account> for AccountView {
    fn from(a: Account) -> AccountView {
        AccountView {
            id: a.id,
            email: a.email,
            role: a.role.as_str().to_owned(),
            created_at: a.created_at,
            last_sign_in_at: a.last_sign_in_at,
            active: a.active,
            clinicians: a
                .clinicians
                .into_iter()
                .map(|c| CareTeamMemberView { id: c.id, email: c.email })
                .collect(),
        }
    }
}

/// A page of accounts.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccountList {
    /// The accounts, by email.
    pub accounts: Vec<AccountView>,
    /// This page's number.
    pub page: i64,
    /// The next page's number, when there is one.
    pub next_page: Option<i64>,
}

/// Which accounts to list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AccountsParams {
    /// Part of the email (any case; up to 254 characters).
    #[param(max_length = 254)]
    pub email: Option<String>,
    /// Only this role: `patient`, `clinician` or `admin` (empty for every role).
    #[param(schema_with = role_filter)]
    pub role: Option<String>,
    /// The page, from 1 (50 accounts a page; empty for the first).
    #[param(pattern = "^\\s*([1-9][0-9]{0,4}|100000)?\\s*$")]
    pub page: Option<String>,
}

/// Lists and searches accounts.
#[utoipa::path(
    get,
    path = "/api/v1/admin/accounts",
    operation_id = "list_accounts",
    tag = "admin",
    params(AccountsParams),
    responses(
        (status = 200, description = "A page of accounts", body = AccountList),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not an administrator", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad parameter; the problem names it", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiQuery(p): ApiQuery<AccountsParams>,
) -> ApiResult<Json<AccountList>> {
    let q = AccountQuery {
        email: p.email.unwrap_or_default(),
        role: p.role.unwrap_or_default(),
        page: p.page.unwrap_or_default(),
    };
    let (found, page) = manage::accounts(&state, &user, &q).await?;
    Ok(Json(AccountList {
        accounts: found.accounts.into_iter().map(AccountView::from).collect(),
        page,
        next_page: found.more.then_some(page + 1),
    }))
}

/// What to change about an account.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountChange {
    /// A staff account's new role: `clinician` or `admin` (a patient account keeps its role).
    #[schema(schema_with = staff_role_or_null)]
    pub role: Option<String>,
    /// `false` deactivates (no sign-in; sessions end, API tokens are revoked), `true` reactivates.
    pub active: Option<bool>,
}

/// Changes a staff account's role, or deactivates or reactivates an account. The last active
/// administrator can be neither demoted nor deactivated.
#[utoipa::path(
    patch,
    path = "/api/v1/admin/accounts/{id}",
    operation_id = "change_account",
    tag = "admin",
    params(("id" = String, Path, description = "The account's id")),
    request_body = AccountChange,
    responses(
        (status = 200, description = "The account as changed", body = AccountView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account, or not an administrator", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 64 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad input; the problem names the field", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn change(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<AccountChange>,
) -> ApiResult<Json<AccountView>> {
    if body.role.is_none() && body.active.is_none() {
        user.permit(
            &state,
            sciatica_core::policy::Action::ManageUsers,
            sciatica_core::policy::Target::Instance,
        )
        .await?;
        return Err(AppError::invalid("body", "give `role`, `active` or both").into());
    }
    let mut account = None;
    if let Some(r) = &body.role {
        account = Some(manage::change_role(&state, &user, &id, r).await?);
    }
    if let Some(a) = body.active {
        account = Some(manage::set_active(&state, &user, &id, a).await?);
    }
    Ok(Json(account.ok_or(AppError::NotFound)?.into()))
}

/// A link to hand to a person.
#[derive(Debug, Serialize, ToSchema)]
pub struct LinkView {
    /// The link; it works once.
    pub url: String,
    /// When it stops working.
    #[schema(schema_with = crate::api::schema::instant)]
    pub expires_at: Timestamp,
}

/// Makes a password-reset link for an account (it works once, for 24 hours).
#[utoipa::path(
    post,
    path = "/api/v1/admin/accounts/{id}/reset-link",
    operation_id = "create_reset_link",
    tag = "admin",
    params(("id" = String, Path, description = "The account's id")),
    responses(
        (status = 201, description = "The link", body = LinkView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account, or not an administrator", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The account is deactivated", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn reset_link(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> ApiResult<(StatusCode, Json<LinkView>)> {
    let url = manage::reset_link(&state, &user, &id).await?;
    let expires_at = Timestamp::now() + jiff::SignedDuration::from_hours(crate::links::RESET_HOURS);
    Ok((StatusCode::CREATED, Json(LinkView { url, expires_at })))
}

/// Where a patient moves.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Transfer {
    /// The account id of the clinician whose access ends (omit to add a clinician, e.g. for a
    /// patient who has none).
    pub from: Option<String>,
    /// The account id of the clinician who takes the patient into their care.
    #[schema(pattern = "\\S")]
    pub to: String,
}

/// Moves a patient into another clinician's care.
#[utoipa::path(
    post,
    path = "/api/v1/admin/accounts/{id}/transfer",
    operation_id = "transfer_patient",
    tag = "admin",
    params(("id" = String, Path, description = "The patient's account id")),
    request_body = Transfer,
    responses(
        (status = 200, description = "The patient's account with its clinicians now", body = AccountView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account, or not an administrator", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 64 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad input; the problem names the field", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn transfer(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<Transfer>,
) -> ApiResult<Json<AccountView>> {
    let a = manage::transfer(&state, &user, &id, body.from.as_deref().unwrap_or(""), &body.to).await?;
    Ok(Json(a.into()))
}
