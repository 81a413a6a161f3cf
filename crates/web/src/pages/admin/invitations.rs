//! `/admin/invitations`: the invitations that still work, each of which the administrator can
//! revoke (its link stops working) or resend (a fresh link; the old one stops working).

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, PageResult};
use crate::manage;
use crate::pages::{Layout, render, when};
use askama::Template;
use axum::extract::{Path, State};

/// An invitation as the list shows it.
struct Row {
    id: String,
    role: &'static str,
    email: String,
    created_by: String,
    created: String,
    expires: String,
}

#[derive(Template)]
#[template(path = "admin_invitations.html")]
struct InvitationsPage {
    layout: Layout,
    here: &'static str,
    rows: Vec<Row>,
    notice: Option<String>,
    link: Option<String>,
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    notice: Option<String>,
    link: Option<String>,
) -> Result<InvitationsPage, AppError> {
    let rows = manage::invitations(state, user)
        .await?
        .into_iter()
        .map(|i| Row {
            role: i.role.as_str(),
            email: i.email.unwrap_or_default(),
            created_by: i.created_by.unwrap_or_default(),
            created: when(i.created_at),
            expires: when(i.expires_at),
            id: i.id,
        })
        .collect();
    Ok(InvitationsPage { layout: Layout::for_user(user, "admin"), here: "invitations", rows, notice, link })
}

/// `GET /admin/invitations`.
pub async fn list(State(state): State<AppState>, user: CurrentUser) -> PageResult {
    render(&page(&state, &user, None, None).await?)
}

/// `POST /admin/invitations/{id}/revoke`.
pub async fn revoke(State(state): State<AppState>, user: CurrentUser, Path(id): Path<String>) -> PageResult {
    manage::revoke(&state, &user, &id).await?;
    render(
        &page(&state, &user, Some("The invitation is revoked: its link no longer works.".into()), None)
            .await?,
    )
}

/// `POST /admin/invitations/{id}/resend`.
pub async fn resend(State(state): State<AppState>, user: CurrentUser, Path(id): Path<String>) -> PageResult {
    let url = manage::resend(&state, &user, &id).await?;
    render(&page(&state, &user, None, Some(url)).await?)
}
