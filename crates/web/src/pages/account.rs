//! Signing in and out, signing up (by invitation, or openly when allowed), password reset by link,
//! and the account page.

use crate::AppState;
use crate::auth::{CurrentUser, password, session, throttle, token};
use crate::error::{AppError, PageResult};
use crate::pages::{Errors, Layout, render, render_status};
use askama::Template;
use axum::Form;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use sciatica_core::policy::Role;
use sciatica_store::auth::LinkKind;
use sciatica_store::patients::Profile;
use sciatica_store::settings::OPEN_SIGNUP;
use sciatica_store::users::NewUser;
use serde::Deserialize;
use std::net::SocketAddr;

/// Checks and normalises an email address.
pub fn email(raw: &str) -> Result<String, AppError> {
    let e = raw.trim().to_lowercase();
    let ok = e.len() <= 254
        && !e.chars().any(char::is_whitespace)
        && e.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
        });
    if ok {
        Ok(e)
    } else {
        Err(AppError::invalid("email", "is not an email address; allowed: name@example.org"))
    }
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    layout: Layout,
    email: String,
    error: Option<String>,
    signup_open: bool,
}

/// The sign-in form.
#[derive(Debug, Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
}

async fn signup_open(state: &AppState) -> Result<bool, AppError> {
    Ok(state.store.setting(OPEN_SIGNUP).await?.as_deref() == Some("true"))
}

/// `GET /login`.
pub async fn login_page(State(state): State<AppState>, user: Option<CurrentUser>) -> PageResult {
    if user.is_some() {
        return Ok(Redirect::to("/").into_response());
    }
    render(&LoginPage {
        layout: Layout::anonymous("login"),
        email: String::new(),
        error: None,
        signup_open: signup_open(&state).await?,
    })
}

/// `POST /login`.
pub async fn login(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
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
    let email_key = format!("email:{email}");
    let ip_key = format!("ip:{}", addr.ip());
    for (key, tries) in [(&email_key, throttle::EMAIL_TRIES), (&ip_key, throttle::ADDRESS_TRIES)] {
        if let Err(AppError::TooMany { retry_after }) = throttle::check(&state, key, tries, now).await {
            let minutes = retry_after.div_ceil(60);
            return again(
                format!(
                    "Too many tries. Please wait {minutes} minute{} and try again.",
                    if minutes == 1 { "" } else { "s" }
                ),
                StatusCode::TOO_MANY_REQUESTS,
                open,
            );
        }
    }
    let user = state.store.user_by_email(&email).await?;
    let hash = user.as_ref().map_or(password::DUMMY_HASH, |u| u.password_hash.as_str());
    let matches = password::verify(&state, &f.password, hash).await?;
    let Some(user) = user.filter(|u| matches && !u.disabled) else {
        throttle::failed(&state, &[&email_key, &ip_key], now).await?;
        return again(
            "That email and password do not match. Please try again.".into(),
            StatusCode::UNAUTHORIZED,
            open,
        );
    };
    throttle::succeeded(&state, &email_key, now).await?;
    let cookie = session::start(&state, &user.id, now).await?;
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to("/")).into_response())
}

/// `POST /logout`.
pub async fn logout(State(state): State<AppState>, headers: HeaderMap) -> PageResult {
    session::end(&state, &headers).await?;
    Ok(([(header::SET_COOKIE, session::clear())], Redirect::to("/login")).into_response())
}

#[derive(Template)]
#[template(path = "signup.html")]
struct SignupPage {
    layout: Layout,
    action: String,
    role: Role,
    email: String,
    email_fixed: bool,
    name: String,
    errors: Errors,
}

/// The sign-up form.
#[derive(Debug, Deserialize)]
pub struct SignupForm {
    email: String,
    password: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    time_zone: String,
}

/// The time zone from the browser, or UTC when it sent none or an unknown one (the person
/// confirms it during onboarding).
fn zone(raw: &str) -> String {
    let z = raw.trim();
    if !z.is_empty() && sciatica_core::schedule::parse_tz(z).is_ok() {
        z.to_owned()
    } else {
        "UTC".to_owned()
    }
}

async fn new_user(
    state: &AppState,
    f: &SignupForm,
    role: Role,
    fixed_email: Option<&str>,
) -> Result<NewUser, AppError> {
    let mut errors = Vec::new();
    let address = match fixed_email {
        Some(e) => Ok(e.to_owned()),
        None => email(&f.email),
    };
    let address = match address {
        Ok(a) => a,
        Err(AppError::Invalid(p)) => {
            errors.extend(p);
            String::new()
        }
        Err(e) => return Err(e),
    };
    if let Err(AppError::Invalid(p)) = password::check(&f.password, &address) {
        errors.extend(p);
    }
    let profile = if role == Role::Patient {
        match Profile::new(Some(&f.name), &zone(&f.time_zone), "08:00", "18:00") {
            Ok(p) => Some(p),
            Err(e) => {
                errors.push(crate::error::FieldProblem { field: e.field, message: e.problem });
                None
            }
        }
    } else {
        None
    };
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    if state.store.user_by_email(&address).await?.is_some() {
        return Err(AppError::invalid(
            "email",
            "already has an account; sign in instead, or ask for a password-reset link",
        ));
    }
    Ok(NewUser { email: address, password_hash: password::hash(state, &f.password).await?, role, profile })
}

/// `GET /join/{token}`: sign up with an invitation.
pub async fn join_page(State(state): State<AppState>, Path(secret): Path<String>) -> PageResult {
    let link = invitation(&state, &secret).await?;
    render(&SignupPage {
        layout: Layout::anonymous("signup"),
        action: format!("/join/{secret}"),
        role: link.role,
        email: link.email.clone().unwrap_or_default(),
        email_fixed: link.email.is_some(),
        name: String::new(),
        errors: Errors::default(),
    })
}

async fn invitation(state: &AppState, secret: &str) -> Result<sciatica_store::auth::Link, AppError> {
    if !token::well_formed(secret) {
        return Err(AppError::NotFound);
    }
    let link = state.store.link(&token::hash(secret), Timestamp::now()).await?.ok_or(AppError::NotFound)?;
    if link.kind != LinkKind::Invite {
        return Err(AppError::NotFound);
    }
    Ok(link)
}

/// `POST /join/{token}`.
pub async fn join(
    State(state): State<AppState>,
    Path(secret): Path<String>,
    Form(f): Form<SignupForm>,
) -> PageResult {
    let link = invitation(&state, &secret).await?;
    let now = Timestamp::now();
    let user = match new_user(&state, &f, link.role, link.email.as_deref()).await {
        Ok(u) => state.store.redeem_invitation(&link.token_hash, &u, now).await?,
        Err(e) => {
            let page = SignupPage {
                layout: Layout::anonymous("signup"),
                action: format!("/join/{secret}"),
                role: link.role,
                email: link.email.clone().unwrap_or_else(|| f.email.trim().to_owned()),
                email_fixed: link.email.is_some(),
                name: f.name.clone(),
                errors: Errors::from_error(e)?,
            };
            return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let cookie = session::start(&state, &user.id, now).await?;
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to("/")).into_response())
}

/// `GET /signup`: open sign-up for self-managers, when the administrator allows it.
pub async fn signup_page(State(state): State<AppState>) -> PageResult {
    if !signup_open(&state).await? {
        return Err(AppError::NotFound);
    }
    render(&SignupPage {
        layout: Layout::anonymous("signup"),
        action: "/signup".into(),
        role: Role::Patient,
        email: String::new(),
        email_fixed: false,
        name: String::new(),
        errors: Errors::default(),
    })
}

/// `POST /signup`.
pub async fn signup(State(state): State<AppState>, Form(f): Form<SignupForm>) -> PageResult {
    if !signup_open(&state).await? {
        return Err(AppError::NotFound);
    }
    let now = Timestamp::now();
    let user = match new_user(&state, &f, Role::Patient, None).await {
        Ok(u) => state.store.create_user(&u, now).await?,
        Err(e) => {
            let page = SignupPage {
                layout: Layout::anonymous("signup"),
                action: "/signup".into(),
                role: Role::Patient,
                email: f.email.trim().to_owned(),
                email_fixed: false,
                name: f.name.clone(),
                errors: Errors::from_error(e)?,
            };
            return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let cookie = session::start(&state, &user.id, now).await?;
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to("/")).into_response())
}

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
}

/// `GET /account`.
pub async fn account_page(user: CurrentUser) -> PageResult {
    render(&AccountPage {
        layout: Layout::for_user(&user, "account"),
        email: user.user.email.clone(),
        role: user.user.role,
        errors: Errors::default(),
        saved: false,
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
    let again = |errors: Errors, saved: bool| AccountPage {
        layout: Layout::for_user(&user, "account"),
        email: user.user.email.clone(),
        role: user.user.role,
        errors,
        saved,
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

/// `GET /`: where a person starts.
pub async fn home(user: Option<CurrentUser>) -> Response {
    match user {
        None => Redirect::to("/login").into_response(),
        Some(u) if u.user.role == Role::Patient => Redirect::to("/today").into_response(),
        Some(_) => Redirect::to("/admin").into_response(),
    }
}
