//! Signing in (with throttling of repeated failures per account and address) and signing out.

use super::email;
use super::sign_up::signup_open;
use crate::AppState;
use crate::auth::{ClientAddr, CurrentUser, password, session, throttle};
use crate::error::{AppError, PageResult};
use crate::pages::{Layout, render, render_status};
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect};
use jiff::Timestamp;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    layout: Layout,
    email: String,
    error: Option<String>,
    signup_open: bool,
    welcome: bool,
}

/// The sign-in page's query: `?welcome` after a sign-up.
#[derive(Debug, Deserialize)]
pub struct LoginQuery {
    welcome: Option<String>,
}

/// The sign-in form.
#[derive(Debug, Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
}

/// `GET /login`.
pub async fn login_page(
    State(state): State<AppState>,
    user: Option<CurrentUser>,
    Query(q): Query<LoginQuery>,
) -> PageResult {
    if user.is_some() {
        return Ok(Redirect::to("/").into_response());
    }
    render(&LoginPage {
        layout: Layout::anonymous("login"),
        email: String::new(),
        error: None,
        signup_open: signup_open(&state).await?,
        welcome: q.welcome.is_some(),
    })
}

/// `POST /login`.
pub async fn login(
    State(state): State<AppState>,
    client: ClientAddr,
    Form(f): Form<LoginForm>,
) -> PageResult {
    let now = Timestamp::now();
    let shown = f.email.trim().to_owned();
    let again = |error: String, status: StatusCode, open: bool| {
        render_status(
            status,
            &LoginPage {
                layout: Layout::anonymous("login"),
                email: shown.clone(),
                error: Some(error),
                signup_open: open,
                welcome: false,
            },
        )
    };
    let open = signup_open(&state).await?;
    let Ok(email) = email(&f.email) else {
        return again(
            "Please enter the email address you signed up with.".into(),
            StatusCode::UNPROCESSABLE_ENTITY,
            open,
        );
    };
    let attempt = throttle::Attempt::new(&email, client);
    match throttle::check(&state, &attempt, now).await {
        Ok(()) => {}
        Err(AppError::TooMany { retry_after }) => return too_many(again, retry_after, open),
        Err(e) => return Err(e),
    }
    let user = state.store.user_by_email(&email).await?;
    let hash = user.as_ref().map_or(password::DUMMY_HASH, |u| u.password_hash.as_str());
    let matches = password::verify(&state, &f.password, hash).await?;
    let Some(user) = user.filter(|u| matches && !u.disabled) else {
        throttle::failed(&state, &attempt, now).await?;
        return again(
            "That email and password do not match. Please try again.".into(),
            StatusCode::UNAUTHORIZED,
            open,
        );
    };
    throttle::succeeded(&state, &attempt, now).await?;
    let cookie = session::start(&state, &user, now).await?;
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to("/")).into_response())
}

/// The sign-in page again, saying how long to wait, with `Retry-After`.
fn too_many(
    again: impl Fn(String, StatusCode, bool) -> PageResult,
    retry_after: u64,
    open: bool,
) -> PageResult {
    let minutes = retry_after.div_ceil(60);
    let wait = if retry_after < 60 {
        format!("{retry_after} second{}", if retry_after == 1 { "" } else { "s" })
    } else {
        format!("{minutes} minute{}", if minutes == 1 { "" } else { "s" })
    };
    let mut res = again(
        format!("Too many tries. Please wait {wait} and try again."),
        StatusCode::TOO_MANY_REQUESTS,
        open,
    )?;
    if let Ok(v) = HeaderValue::from_str(&retry_after.to_string()) {
        res.headers_mut().insert(header::RETRY_AFTER, v);
    }
    Ok(res)
}

/// `POST /logout`.
pub async fn logout(State(state): State<AppState>, headers: HeaderMap) -> PageResult {
    session::end(&state, &headers).await?;
    Ok(([(header::SET_COOKIE, session::clear())], Redirect::to("/login")).into_response())
}
