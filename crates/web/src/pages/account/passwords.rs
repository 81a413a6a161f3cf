//! Setting a password: resetting a forgotten one by link (which signs out everywhere, revokes
//! every API token and signs in here), and changing it on the account page (which signs out
//! every other session and revokes every API token).

use super::settings::{Shown, account};
use crate::AppState;
use crate::auth::{ClientAddr, CurrentUser, password, session, throttle, token};
use crate::error::{AppError, PageResult};
use crate::pages::{Errors, Layout, render, render_status};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect};
use jiff::Timestamp;
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
    // The link proved who this is: earlier wrong guesses no longer count against them.
    state.store.clear_account_login_failures(&sciatica_store::erasure::email_key(&user.email)).await?;
    let cookie = session::start(&state, &user, now).await?;
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to("/")).into_response())
}

/// The change-password form.
#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    current: String,
    password: String,
}

/// `POST /account/password`: needs the current password (entering it is the recent sign-in this
/// step asks for); signs out every other session and revokes every API token.
pub async fn change_password(
    State(state): State<AppState>,
    user: CurrentUser,
    client: ClientAddr,
    Form(f): Form<PasswordForm>,
) -> PageResult {
    let refused = |errors: Errors| Shown { errors, ..Shown::default() };
    if !throttle::verify_again(&state, &user.user, client, &f.current).await? {
        let errors = Errors::from_error(AppError::invalid("current", "is not your current password"))?;
        return account(&state, &user, StatusCode::UNPROCESSABLE_ENTITY, refused(errors)).await;
    }
    if let Err(e) = password::check(&f.password, &user.user.email) {
        return account(&state, &user, StatusCode::UNPROCESSABLE_ENTITY, refused(Errors::from_error(e)?))
            .await;
    }
    let now = Timestamp::now();
    let hash = password::hash(&state, &f.password).await?;
    state.store.set_password(&user.user.id, &hash, now).await?;
    let cookie = session::start(&state, &user.user, now).await?;
    let mut res = account(&state, &user, StatusCode::OK, Shown { saved: true, ..Shown::default() }).await?;
    res.headers_mut().insert(header::SET_COOKIE, cookie);
    Ok(res)
}
