//! Setting a password: resetting a forgotten one by link (which signs out everywhere and signs in
//! here), and the account page, where a signed-in person changes theirs (which signs out every
//! other session).

use crate::AppState;
use crate::auth::{CurrentUser, password, session, token};
use crate::error::{AppError, PageResult};
use crate::pages::{Errors, Layout, render, render_status};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect};
use jiff::Timestamp;
use sciatica_core::policy::Role;
use sciatica_store::auth::LinkKind;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "reset.html")]
struct ResetPage {
    layout: Layout,
    action: String,
    errors: Errors,
}

/// The new-password form.
#[derive(Debug, Deserialize)]
pub struct ResetForm {
    password: String,
}

async fn reset_link(
    state: &AppState,
    secret: &str,
) -> Result<(sciatica_store::auth::Link, String), AppError> {
    if !token::well_formed(secret) {
        return Err(AppError::NotFound);
    }
    let link = state.store.link(&token::hash(secret), Timestamp::now()).await?.ok_or(AppError::NotFound)?;
    let user_id = link.user_id.clone().filter(|_| link.kind == LinkKind::Reset).ok_or(AppError::NotFound)?;
    let email = state.store.user(&user_id).await?.email;
    Ok((link, email))
}

/// `GET /reset/{token}`.
pub async fn reset_page(State(state): State<AppState>, Path(secret): Path<String>) -> PageResult {
    reset_link(&state, &secret).await?;
    render(&ResetPage {
        layout: Layout::anonymous("reset"),
        action: format!("/reset/{secret}"),
        errors: Errors::default(),
    })
}

/// `POST /reset/{token}`: sets the password, signs out everywhere, signs in here.
pub async fn reset(
    State(state): State<AppState>,
    Path(secret): Path<String>,
    Form(f): Form<ResetForm>,
) -> PageResult {
    let (link, email) = reset_link(&state, &secret).await?;
    if let Err(e) = password::check(&f.password, &email) {
        let page = ResetPage {
            layout: Layout::anonymous("reset"),
            action: format!("/reset/{secret}"),
            errors: Errors::from_error(e)?,
        };
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    let now = Timestamp::now();
    let hash = password::hash(&state, &f.password).await?;
    let user = state.store.redeem_reset(&link.token_hash, &hash, now).await?;
    let cookie = session::start(&state, &user.id, now).await?;
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to("/")).into_response())
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    layout: Layout,
    email: String,
    role: Role,
    errors: Errors,
    saved: bool,
    clinicians: Vec<crate::pages::clinicians::Shown>,
    ended: bool,
}

/// Whether a clinician's access was just ended.
#[derive(Debug, Deserialize)]
pub struct AccountQuery {
    #[serde(default)]
    ended: Option<String>,
}

/// `GET /account`.
pub async fn account_page(
    State(state): State<AppState>,
    user: CurrentUser,
    axum::extract::Query(q): axum::extract::Query<AccountQuery>,
) -> PageResult {
    render(&AccountPage {
        layout: Layout::for_user(&user, "account"),
        email: user.user.email.clone(),
        role: user.user.role,
        errors: Errors::default(),
        saved: false,
        clinicians: crate::pages::clinicians::shown(&state, &user).await?,
        ended: q.ended.is_some(),
    })
}

/// The change-password form.
#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    current: String,
    password: String,
}

/// `POST /account/password`: needs the current password; signs out every other session.
pub async fn change_password(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(f): Form<PasswordForm>,
) -> PageResult {
    let clinicians = crate::pages::clinicians::shown(&state, &user).await?;
    let again = |errors: Errors, saved: bool| AccountPage {
        layout: Layout::for_user(&user, "account"),
        email: user.user.email.clone(),
        role: user.user.role,
        errors,
        saved,
        clinicians: clinicians.clone(),
        ended: false,
    };
    if !password::verify(&state, &f.current, &user.user.password_hash).await? {
        let errors = Errors::from_error(AppError::invalid("current", "is not your current password"))?;
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &again(errors, false));
    }
    if let Err(e) = password::check(&f.password, &user.user.email) {
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &again(Errors::from_error(e)?, false));
    }
    let now = Timestamp::now();
    let hash = password::hash(&state, &f.password).await?;
    state.store.set_password(&user.user.id, &hash, now).await?;
    let cookie = session::start(&state, &user.user.id, now).await?;
    let mut res = render(&again(Errors::default(), true))?;
    res.headers_mut().insert(header::SET_COOKIE, cookie);
    Ok(res)
}
