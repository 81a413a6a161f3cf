//! The account page: who is signed in, changing the password, the account's API tokens (make,
//! list, revoke), and confirming the password again for the steps that need a recent sign-in.

use crate::AppState;
use crate::api::tokens::{DEFAULT_DAYS, TokenView, views};
use crate::auth::{ClientAddr, Credential, CurrentUser, throttle, token};
use crate::error::{AppError, PageResult};
use crate::pages::{Errors, Layout, render, render_status};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::{SignedDuration, Timestamp};
use sciatica_core::policy::Role;
use sciatica_store::tokens::NewApiToken;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    layout: Layout,
    email: String,
    role: Role,
    errors: Errors,
    saved: bool,
    tokens: Vec<TokenView>,
    new_token: Option<String>,
    revoked: bool,
    clinicians: Vec<crate::pages::clinicians::Shown>,
    ended: bool,
}

/// What the account page shows besides the account.
#[derive(Debug, Default)]
pub(super) struct Shown {
    pub errors: Errors,
    pub saved: bool,
    pub new_token: Option<String>,
    pub revoked: bool,
    /// A clinician's access was just ended.
    pub ended: bool,
}

/// Renders the account page with `status`.
pub(super) async fn account(
    state: &AppState,
    user: &CurrentUser,
    status: StatusCode,
    shown: Shown,
) -> PageResult {
    let tokens = state.store.api_tokens(&user.user.id, Timestamp::now()).await?;
    render_status(
        status,
        &AccountPage {
            layout: Layout::for_user(user, "account"),
            email: user.user.email.clone(),
            role: user.user.role,
            errors: shown.errors,
            saved: shown.saved,
            tokens: views(tokens, &user.credential),
            new_token: shown.new_token,
            revoked: shown.revoked,
            clinicians: crate::pages::clinicians::shown(state, user).await?,
            ended: shown.ended,
        },
    )
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
    Query(q): Query<AccountQuery>,
) -> PageResult {
    account(&state, &user, StatusCode::OK, Shown { ended: q.ended.is_some(), ..Shown::default() }).await
}

/// The new-token form.
#[derive(Debug, Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    name: String,
}

/// `POST /account/tokens`: makes an API token (shown once); needs a recent sign-in.
pub async fn create_token(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(f): Form<TokenForm>,
) -> PageResult {
    let name = f.name.trim();
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        let errors = Errors::from_error(AppError::invalid("name", "needs 1 to 100 characters on one line"))?;
        return account(
            &state,
            &user,
            StatusCode::UNPROCESSABLE_ENTITY,
            Shown { errors, ..Shown::default() },
        )
        .await;
    }
    user.require_recent(&state, "/account")?;
    let (Credential::Session { authenticated_at, .. } | Credential::Token { authenticated_at, .. }) =
        user.credential;
    let now = Timestamp::now();
    let secret = token::new_secret();
    let hash = token::hash(&secret);
    let t = NewApiToken {
        token_hash: &hash,
        user_id: &user.user.id,
        name,
        expires_at: now + SignedDuration::from_hours(24 * DEFAULT_DAYS),
        authenticated_at,
    };
    state.store.issue_api_token(&t, now).await?;
    account(&state, &user, StatusCode::OK, Shown { new_token: Some(secret), ..Shown::default() }).await
}

/// `POST /account/tokens/{id}/revoke`: revokes one of the account's tokens.
pub async fn revoke_token(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> PageResult {
    state.store.revoke_api_token_by_id(&id, &user.user.id, Timestamp::now()).await?;
    account(&state, &user, StatusCode::OK, Shown { revoked: true, ..Shown::default() }).await
}

#[derive(Template)]
#[template(path = "confirm.html")]
struct ConfirmPage {
    layout: Layout,
    next: String,
    error: Option<String>,
}

/// Where to go back to: a path on this site, or the account page.
fn local(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains(['\\', '\r', '\n']) => {
            n.to_owned()
        }
        _ => "/account".to_owned(),
    }
}

/// The confirm page's query.
#[derive(Debug, Deserialize)]
pub struct ConfirmQuery {
    next: Option<String>,
}

/// `GET /account/confirm?next=…`: asks for the password again.
pub async fn confirm_page(user: CurrentUser, Query(q): Query<ConfirmQuery>) -> PageResult {
    render(&ConfirmPage {
        layout: Layout::for_user(&user, "account"),
        next: local(q.next.as_deref()),
        error: None,
    })
}

/// The confirm form.
#[derive(Debug, Deserialize)]
pub struct ConfirmForm {
    #[serde(default)]
    password: String,
    next: Option<String>,
}

/// `POST /account/confirm`: checks the password (throttled like signing in), notes it on the
/// session, and goes back to where the person was.
pub async fn confirm(
    State(state): State<AppState>,
    user: CurrentUser,
    client: ClientAddr,
    Form(f): Form<ConfirmForm>,
) -> Result<Response, AppError> {
    let next = local(f.next.as_deref());
    let again = |error: &str, status: StatusCode| {
        let page = ConfirmPage {
            layout: Layout::for_user(&user, "account"),
            next: next.clone(),
            error: Some(error.to_owned()),
        };
        render_status(status, &page)
    };
    if f.password.is_empty() {
        return again(
            "Your password is empty: type your password to go on.",
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    match throttle::verify_again(&state, &user.user, client, &f.password).await {
        Ok(true) => {}
        Ok(false) => return again("This is not your password.", StatusCode::UNPROCESSABLE_ENTITY),
        Err(AppError::TooMany { retry_after }) => {
            let minutes = retry_after.div_ceil(60);
            let mut res = again(
                &format!(
                    "Too many tries. Please wait {minutes} minute{} and try again.",
                    if minutes == 1 { "" } else { "s" }
                ),
                StatusCode::TOO_MANY_REQUESTS,
            )?;
            if let Ok(v) = axum::http::HeaderValue::from_str(&retry_after.to_string()) {
                res.headers_mut().insert(axum::http::header::RETRY_AFTER, v);
            }
            return Ok(res);
        }
        Err(e) => return Err(e),
    }
    user.reauthenticated(&state, Timestamp::now()).await?;
    Ok(Redirect::to(&next).into_response())
}

#[cfg(test)]
mod tests {
    use super::local;

    #[test]
    fn only_local_paths_are_gone_back_to() {
        assert_eq!(local(Some("/data/sessions.csv")), "/data/sessions.csv");
        assert_eq!(local(Some("//evil.example/")), "/account");
        assert_eq!(local(Some("https://evil.example/")), "/account");
        assert_eq!(local(Some("/\\evil.example")), "/account");
        assert_eq!(local(None), "/account");
    }
}
