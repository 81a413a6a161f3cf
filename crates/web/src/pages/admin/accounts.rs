//! `/admin/accounts`: the administrator's list of accounts (search by email, filter by role) and
//! what can be done to one: change a staff role, deactivate or reactivate, make a password-reset
//! link, move a patient to another clinician. Account-level facts only.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, PageResult};
use crate::manage::{self, AccountQuery};
use crate::pages::{Errors, Layout, render, render_status, when};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use sciatica_store::accounts::{Account, Clinician};
use serde::Deserialize;

/// An account as the list shows it.
pub(crate) struct Row {
    id: String,
    email: String,
    role: &'static str,
    staff: bool,
    created: String,
    last_sign_in: String,
    active: bool,
    patient: bool,
    clinicians: Vec<Clinician>,
}

impl Row {
    fn of(a: Account) -> Row {
        Row {
            staff: a.role != sciatica_core::policy::Role::Patient,
            role: a.role.as_str(),
            created: when(a.created_at),
            last_sign_in: a.last_sign_in_at.map_or_else(String::new, when),
            active: a.active,
            patient: a.patient_id.is_some(),
            clinicians: a.clinicians,
            id: a.id,
            email: a.email,
        }
    }
}

#[derive(Template)]
#[template(path = "admin_accounts.html")]
struct AccountsPage {
    layout: Layout,
    here: &'static str,
    query: AccountQuery,
    /// The query string that keeps the search after an action (`?email=…&role=…&page=…`).
    keep: String,
    rows: Vec<Row>,
    page: i64,
    previous: Option<String>,
    next: Option<String>,
    clinicians: Vec<Clinician>,
    notice: Option<String>,
    link: Option<String>,
    errors: Errors,
}

fn query_string(q: &AccountQuery, page: i64) -> String {
    let mut s = url_form(&[("email", q.email.trim()), ("role", q.role.trim())]);
    if page > 1 {
        s.push_str(&format!("&page={page}"));
    }
    s
}

/// `a=1&b=2` with the values form-encoded.
pub(crate) fn url_form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| {
            let mut e = String::new();
            for b in v.bytes() {
                match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                        e.push(char::from(b));
                    }
                    b' ' => e.push('+'),
                    _ => e.push_str(&format!("%{b:02X}")),
                }
            }
            format!("{k}={e}")
        })
        .collect::<Vec<_>>()
        .join("&")
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    q: AccountQuery,
    notice: Option<String>,
    link: Option<String>,
    errors: Errors,
) -> Result<AccountsPage, AppError> {
    let (found, page, errors) = match manage::accounts(state, user, &q).await {
        Ok((found, page)) => (found, page, errors),
        Err(e @ AppError::Invalid(_)) => {
            let empty = AccountQuery::default();
            let (found, page) = manage::accounts(state, user, &empty).await?;
            (found, page, Errors::from_error(e)?)
        }
        Err(e) => return Err(e),
    };
    Ok(AccountsPage {
        layout: Layout::for_user(user, "admin"),
        here: "accounts",
        keep: format!("?{}", query_string(&q, page)),
        previous: (page > 1).then(|| format!("/admin/accounts?{}", query_string(&q, page - 1))),
        next: found.more.then(|| format!("/admin/accounts?{}", query_string(&q, page + 1))),
        query: q,
        rows: found.accounts.into_iter().map(Row::of).collect(),
        page,
        clinicians: state.store.active_clinicians().await?,
        notice,
        link,
        errors,
    })
}

/// Renders the list after an action: its notice, or the form's problems with 422.
async fn after(
    state: &AppState,
    user: &CurrentUser,
    q: AccountQuery,
    done: Result<(Option<String>, Option<String>), AppError>,
) -> PageResult {
    match done {
        Ok((notice, link)) => render(&page(state, user, q, notice, link, Errors::default()).await?),
        Err(e @ AppError::Invalid(_)) => {
            let errors = Errors::from_error(e)?;
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &page(state, user, q, None, None, errors).await?)
        }
        Err(e) => Err(e),
    }
}

/// `GET /admin/accounts`.
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<AccountQuery>,
) -> PageResult {
    let p = page(&state, &user, q, None, None, Errors::default()).await?;
    if p.errors.is_empty() { render(&p) } else { render_status(StatusCode::UNPROCESSABLE_ENTITY, &p) }
}

/// The role form.
#[derive(Debug, Deserialize)]
pub struct RoleForm {
    #[serde(default)]
    role: String,
}

/// `POST /admin/accounts/{id}/role`.
pub async fn role(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    Query(q): Query<AccountQuery>,
    Form(f): Form<RoleForm>,
) -> PageResult {
    let done = manage::change_role(&state, &user, &id, &f.role)
        .await
        .map(|a| (Some(format!("{} is now {}.", a.email, a.role)), None));
    after(&state, &user, q, done).await
}

/// The deactivate/reactivate form.
#[derive(Debug, Deserialize)]
pub struct ActiveForm {
    #[serde(default)]
    active: String,
}

/// `POST /admin/accounts/{id}/active`.
pub async fn active(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    Query(q): Query<AccountQuery>,
    Form(f): Form<ActiveForm>,
) -> PageResult {
    let done = match f.active.as_str() {
        "true" => manage::set_active(&state, &user, &id, true).await,
        "false" => manage::set_active(&state, &user, &id, false).await,
        other => {
            user.permit(
                &state,
                sciatica_core::policy::Action::ManageUsers,
                sciatica_core::policy::Target::Instance,
            )
            .await?;
            Err(AppError::invalid("active", format!("\"{other}\" is not allowed; allowed: true or false")))
        }
    };
    let done = done.map(|a| {
        let what = if a.active {
            "can sign in again"
        } else {
            "is deactivated: it cannot sign in, and its sessions ended"
        };
        (Some(format!("{} {what}.", a.email)), None)
    });
    after(&state, &user, q, done).await
}

/// `POST /admin/accounts/{id}/reset`.
pub async fn reset_link(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    Query(q): Query<AccountQuery>,
) -> PageResult {
    let done = match manage::reset_link(&state, &user, &id).await {
        Ok(url) => {
            let email = state.store.account(&id).await?.email;
            Ok((Some(format!("A password-reset link for {email} is ready.")), Some(url)))
        }
        Err(e) => Err(e),
    };
    after(&state, &user, q, done).await
}

/// The transfer form.
#[derive(Debug, Deserialize)]
pub struct TransferForm {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

/// `POST /admin/accounts/{id}/transfer`.
pub async fn transfer(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    Query(q): Query<AccountQuery>,
    Form(f): Form<TransferForm>,
) -> PageResult {
    let done = manage::transfer(&state, &user, &id, &f.from, &f.to).await.map(|a| {
        let to: Vec<&str> = a.clinicians.iter().map(|c| c.email.as_str()).collect();
        (Some(format!("{} is now in the care of {}.", a.email, to.join(", "))), None)
    });
    after(&state, &user, q, done).await
}
