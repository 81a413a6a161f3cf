//! Pending invitations through the API: list (`GET /api/v1/admin/invitations`), revoke
//! (`DELETE …/{id}`), resend (`POST …/{id}/resend`: a fresh link, the old one stops working).
//! Administrators only; anyone else gets 404.

use crate::AppState;
use crate::api::admin::{LinkView, role};
use crate::auth::ApiUser;
use crate::error::{ApiResult, Problem};
use crate::manage;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use jiff::Timestamp;
use serde::Serialize;
use utoipa::ToSchema;

/// An invitation that has not been used and still works.
#[derive(Debug, Serialize, ToSchema)]
pub struct InvitationView {
    /// Its id (the hash of its link's secret; the link itself is never stored).
    pub id: String,
    /// The role of the account it makes.
    #[schema(schema_with = role)]
    pub role: String,
    /// The email it is bound to (`null`: anyone with the link).
    pub email: Option<String>,
    /// The email of who made it (`null`: the command line).
    pub created_by: Option<String>,
    /// When it was made.
    #[schema(schema_with = crate::api::schema::instant)]
    pub created_at: Timestamp,
    /// When it stops working.
    #[schema(schema_with = crate::api::schema::instant)]
    pub expires_at: Timestamp,
}

/// The pending invitations.
#[derive(Debug, Serialize, ToSchema)]
pub struct InvitationList {
    /// Newest first.
    pub invitations: Vec<InvitationView>,
}

/// Lists the invitations that still work.
#[utoipa::path(
    get,
    path = "/api/v1/admin/invitations",
    operation_id = "list_invitations",
    tag = "admin",
    responses(
        (status = 200, description = "The pending invitations", body = InvitationList),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not an administrator", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn list(State(state): State<AppState>, ApiUser(user): ApiUser) -> ApiResult<Json<InvitationList>> {
    let invitations = manage::invitations(&state, &user)
        .await?
        .into_iter()
        .map(|i| InvitationView {
            id: i.id,
            role: i.role.as_str().to_owned(),
            email: i.email,
            created_by: i.created_by,
            created_at: i.created_at,
            expires_at: i.expires_at,
        })
        .collect();
    Ok(Json(InvitationList { invitations }))
}

/// Revokes an invitation: its link stops working at once.
#[utoipa::path(
    delete,
    path = "/api/v1/admin/invitations/{id}",
    operation_id = "revoke_invitation",
    tag = "admin",
    params(("id" = String, Path, description = "The invitation's id")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such pending invitation, or not an administrator", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn revoke(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    manage::revoke(&state, &user, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Makes a fresh link for an invitation (same role, email and inviter) and revokes the old one.
#[utoipa::path(
    post,
    path = "/api/v1/admin/invitations/{id}/resend",
    operation_id = "resend_invitation",
    tag = "admin",
    params(("id" = String, Path, description = "The invitation's id")),
    responses(
        (status = 201, description = "The new link (the invitation's id changes with it)", body = LinkView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such pending invitation, or not an administrator", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn resend(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> ApiResult<(StatusCode, Json<LinkView>)> {
    let url = manage::resend(&state, &user, &id).await?;
    let expires_at = Timestamp::now() + jiff::SignedDuration::from_hours(24 * crate::links::INVITE_DAYS);
    Ok((StatusCode::CREATED, Json(LinkView { url, expires_at })))
}
