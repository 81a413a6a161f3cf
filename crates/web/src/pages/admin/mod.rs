//! The staff pages: invitations, password-reset links and open sign-up here; the administrator's
//! accounts, invitations, audit log and clinic settings in the submodules.

pub mod accounts;
pub mod audit;
pub mod invitations;
pub mod settings;

use crate::auth::CurrentUser;
use crate::error::{AppError, PageResult};
use crate::pages::account::email;
use crate::pages::{Errors, Layout, render, render_status};
use crate::{AppState, links};
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use jiff::Timestamp;
use sciatica_core::policy::{Action, Role, Target};
use sciatica_store::settings::OPEN_SIGNUP;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "admin.html")]
struct AdminPage {
    layout: Layout,
    here: &'static str,
    admin: bool,
    open_signup: bool,
    link: Option<String>,
    link_kind: &'static str,
    errors: Errors,
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    link: Option<String>,
    kind: &'static str,
    errors: Errors,
) -> Result<AdminPage, AppError> {
    if user.user.role == Role::Patient {
        return Err(AppError::NotFound);
    }
    Ok(AdminPage {
        layout: Layout::for_user(user, "admin"),
        here: "invite",
        admin: user.user.role == Role::Admin,
        open_signup: state.store.setting(OPEN_SIGNUP).await?.as_deref() == Some("true"),
        link,
        link_kind: kind,
        errors,
    })
}

/// `GET /admin`.
pub async fn admin_page(State(state): State<AppState>, user: CurrentUser) -> PageResult {
    render(&page(&state, &user, None, "", Errors::default()).await?)
}

/// The invitation form.
#[derive(Debug, Deserialize)]
pub struct InviteForm {
    role: String,
    #[serde(default)]
    email: String,
}

/// `POST /admin/invite`.
pub async fn invite(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(f): Form<InviteForm>,
) -> PageResult {
    let role: Role = if let Ok(r) = f.role.parse() {
        r
    } else {
        let errors = Errors::from_error(AppError::invalid("role", "allowed: patient, clinician or admin"))?;
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &page(&state, &user, None, "", errors).await?,
        );
    };
    let action = if role == Role::Patient { Action::InvitePatient } else { Action::InviteStaff };
    user.authorize(&state, action, Target::Instance).await?;
    let bound = if f.email.trim().is_empty() {
        None
    } else {
        match email(&f.email) {
            Ok(e) => Some(e),
            Err(e) => {
                return render_status(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    &page(&state, &user, None, "", Errors::from_error(e)?).await?,
                );
            }
        }
    };
    let now = Timestamp::now();
    let url =
        links::invite_link(&state.store, role, bound, Some(&user.user.id), &state.config.base(), now).await?;
    state.store.append_audit(&user.entry("invite.create", None, role.as_str())).await?;
    render(&page(&state, &user, Some(url), "invitation", Errors::default()).await?)
}

/// The reset-link form.
#[derive(Debug, Deserialize)]
pub struct ResetLinkForm {
    email: String,
}

/// `POST /admin/reset`.
pub async fn reset(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(f): Form<ResetLinkForm>,
) -> PageResult {
    user.authorize(&state, Action::ManageUsers, Target::Instance).await?;
    let address = match email(&f.email) {
        Ok(e) => e,
        Err(e) => {
            return render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &page(&state, &user, None, "", Errors::from_error(e)?).await?,
            );
        }
    };
    let Some(target) = state.store.user_by_email(&address).await? else {
        let errors = Errors::from_error(AppError::invalid("email", "has no account"))?;
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &page(&state, &user, None, "", errors).await?,
        );
    };
    let now = Timestamp::now();
    let url = links::reset_link_for(&state.store, &target.id, Some(&user.user.id), &state.config.base(), now)
        .await?;
    state
        .store
        .append_audit(&user.entry("reset.create", target.patient_id.as_deref(), &target.email))
        .await?;
    render(&page(&state, &user, Some(url), "password-reset", Errors::default()).await?)
}

/// The open sign-up form.
#[derive(Debug, Deserialize)]
pub struct SignupSetting {
    #[serde(default)]
    open: Option<String>,
}

/// `POST /admin/signup`.
pub async fn signup_setting(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(f): Form<SignupSetting>,
) -> PageResult {
    user.authorize(&state, Action::ManageSettings, Target::Instance).await?;
    let open = f.open.as_deref() == Some("true");
    state.store.set_setting(OPEN_SIGNUP, if open { "true" } else { "false" }).await?;
    state.store.append_audit(&user.entry("settings.open_signup", None, &open.to_string())).await?;
    render(&page(&state, &user, None, "", Errors::default()).await?)
}
