//! Signing up: by invitation link, or openly for self-managers when the administrator allows it.
//! Either way the answer is the same whether or not the email already has an account.

use super::email;
use crate::AppState;
use crate::auth::{password, token};
use crate::error::{AppError, PageResult};
use crate::pages::{Errors, Layout, render, render_status};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use sciatica_core::policy::Role;
use sciatica_store::StoreError;
use sciatica_store::auth::{LinkKind, Spent};
use sciatica_store::patients::Profile;
use sciatica_store::settings::OPEN_SIGNUP;
use sciatica_store::users::NewUser;
use serde::Deserialize;

pub(super) async fn signup_open(state: &AppState) -> Result<bool, AppError> {
    Ok(state.store.setting(OPEN_SIGNUP).await?.as_deref() == Some("true"))
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

/// The account a sign-up form asks for, checked. Whether the email already has an account is not
/// looked at here: the caller answers the same either way, and the password is hashed either way
/// so that the time taken does not tell.
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
    Ok(NewUser { email: address, password_hash: password::hash(state, &f.password).await?, role, profile })
}

/// Where every accepted sign-up goes, whether or not the email already had an account: the
/// sign-in page, which says the account is ready (so the answer never tells whether an address
/// has an account here).
fn accepted() -> Response {
    Redirect::to("/login?welcome").into_response()
}

#[derive(Template)]
#[template(path = "link_spent.html")]
struct SpentPage {
    layout: Layout,
    used: bool,
}

/// The page for an invitation link that was used or has expired (410), or not found.
async fn spent(state: &AppState, secret: &str) -> PageResult {
    let spent = if token::well_formed(secret) {
        state.store.spent_link(&token::hash(secret), LinkKind::Invite, Timestamp::now()).await?
    } else {
        None
    };
    let Some(spent) = spent else { return Err(AppError::NotFound) };
    let page = SpentPage { layout: Layout::anonymous("signup"), used: spent == Spent::Used };
    render_status(StatusCode::GONE, &page)
}

/// `GET /join/{token}`: sign up with an invitation.
pub async fn join_page(State(state): State<AppState>, Path(secret): Path<String>) -> PageResult {
    let Some(link) = invitation(&state, &secret).await? else { return spent(&state, &secret).await };
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

/// The invitation behind a link that still works.
async fn invitation(state: &AppState, secret: &str) -> Result<Option<sciatica_store::auth::Link>, AppError> {
    if !token::well_formed(secret) {
        return Ok(None);
    }
    let link = state.store.link(&token::hash(secret), Timestamp::now()).await?;
    Ok(link.filter(|l| l.kind == LinkKind::Invite))
}

/// `POST /join/{token}`.
pub async fn join(
    State(state): State<AppState>,
    Path(secret): Path<String>,
    Form(f): Form<SignupForm>,
) -> PageResult {
    let Some(link) = invitation(&state, &secret).await? else { return spent(&state, &secret).await };
    let now = Timestamp::now();
    match new_user(&state, &f, link.role, link.email.as_deref()).await {
        Ok(u) => {
            state.store.redeem_invitation(&link.token_hash, &u, now).await?;
            Ok(accepted())
        }
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
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
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
    match new_user(&state, &f, Role::Patient, None).await {
        Ok(u) => {
            if state.store.user_by_email(&u.email).await?.is_none() {
                match state.store.create_user(&u, now).await {
                    // Made by someone else a moment ago: answered the same.
                    Ok(_) | Err(StoreError::Invalid { .. }) => {}
                    Err(e) => return Err(e.into()),
                }
            }
            Ok(accepted())
        }
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
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}
