//! `/account/access`: who among the staff read or changed a patient's record, and when, from the
//! audit log (the same entries an administrator sees there).

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, PageResult};
use crate::manage::page_number;
use crate::pages::patient::patient_id;
use crate::pages::{Layout, render};
use askama::Template;
use axum::extract::{Query, State};
use jiff::tz::TimeZone;
use sciatica_core::policy::Action;
use sciatica_store::audit::AuditPage;
use serde::Deserialize;

/// Entries on a page.
pub const PER_PAGE: i64 = 50;

/// The page number.
#[derive(Debug, Default, Deserialize)]
pub struct AccessQuery {
    #[serde(default)]
    page: String,
}

/// One access as the patient sees it.
struct Row {
    who: String,
    role: String,
    action: String,
    when: String,
}

#[derive(Template)]
#[template(path = "access.html")]
struct AccessPage {
    layout: Layout,
    rows: Vec<Row>,
    page: i64,
    previous: Option<String>,
    next: Option<String>,
}

/// The staff accesses to the signed-in patient's record, a page at a time (page from 1).
pub async fn accesses(
    state: &AppState,
    user: &CurrentUser,
    page: i64,
) -> Result<(String, AuditPage), AppError> {
    let patient = patient_id(state, user, Action::ReadRecord).await?;
    let found = state.store.access_log(&patient, (page - 1) * PER_PAGE, PER_PAGE).await?;
    Ok((patient, found))
}

/// `GET /account/access`.
pub async fn access_page(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<AccessQuery>,
) -> PageResult {
    let page = page_number(&q.page).unwrap_or(1);
    let (patient, found) = accesses(&state, &user, page).await?;
    let zone = state.store.patient(&patient).await?.time_zone;
    let tz = TimeZone::get(&zone).unwrap_or(TimeZone::UTC);
    let rows = found
        .rows
        .into_iter()
        .map(|r| Row {
            who: r.actor_email.unwrap_or_default(),
            role: r.entry.actor_role,
            action: r.entry.action,
            when: r.entry.at.to_zoned_datetime(tz.clone()).strftime("%A %-d %B %Y, %H:%M").to_string(),
        })
        .collect();
    render(&AccessPage {
        layout: Layout::for_user(&user, "account"),
        rows,
        previous: (page > 1).then(|| format!("/account/access?page={}", page - 1)),
        next: found.more.then(|| format!("/account/access?page={}", page + 1)),
        page,
    })
}
