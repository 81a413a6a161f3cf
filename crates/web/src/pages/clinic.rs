//! The clinician's pages: the panel of their caseload (`/clinic`) and one patient's record
//! (`/clinic/patients/{id}`), with the small form that records clinician time. Another
//! clinician's patient is not found (and the attempt is audited).

use crate::AppState;
use crate::auth::CurrentUser;
use crate::clinic::fmt::Fmt;
use crate::clinic::panel::{self, Filter, Row};
use crate::clinic::record::{Gathered, gather};
use crate::error::{AppError, PageResult};
use crate::pages::{Errors, Layout, render, render_status};
use crate::progress_charts::{Charts, Reader, charts};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use jiff::Timestamp;
use sciatica_core::attention::Attention;
use sciatica_core::monitoring::check_time;
use sciatica_core::policy::{Action, Target};
use sciatica_core::progression::Proposal;
use sciatica_store::clinician_time::NewTime;
use sciatica_store::screenings::AckBy;
use serde::Deserialize;

/// The panel's filter form (a plain GET form).
#[derive(Debug, Deserialize)]
pub struct PanelQuery {
    #[serde(default)]
    state: Option<String>,
    #[serde(default)]
    q: Option<String>,
}

#[derive(Template)]
#[template(path = "clinic.html")]
struct PanelPage {
    layout: Layout,
    rows: Vec<Row>,
    total: usize,
    state: String,
    q: String,
    states: &'static [Attention],
    spark_days: i64,
    errors: Errors,
}

/// `GET /clinic?state=&q=`: who needs attention first.
pub async fn panel(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(f): Query<PanelQuery>,
) -> PageResult {
    user.authorize(&state, Action::ViewCaseload, Target::Instance).await?;
    let (filter, errors) = match Filter::parse(f.state.as_deref(), f.q.as_deref()) {
        Ok(filter) => (filter, Errors::default()),
        Err(e) => (Filter::default(), Errors::from_error(e)?),
    };
    let (rows, total) = panel::rows(&state, &user, &filter).await?;
    let page = PanelPage {
        layout: Layout::for_user(&user, "clinic"),
        rows,
        total,
        state: filter.state.map(|s| s.as_str().to_owned()).unwrap_or_default(),
        q: f.q.unwrap_or_default(),
        states: Attention::ALL,
        spark_days: panel::SPARK_DAYS,
        errors,
    };
    if page.errors.is_empty() {
        render(&page)
    } else {
        render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
    }
}

#[derive(Template)]
#[template(path = "clinic_patient.html")]
struct RecordPage {
    layout: Layout,
    fmt: Fmt,
    session_days: i64,
    /// Not `id`: the chart includes set `id` for themselves.
    patient_id: String,
    g: Gathered,
    charts: Charts,
    errors: Errors,
    saved: bool,
}

/// Whether the clinic's time entry was just saved.
#[derive(Debug, Deserialize)]
pub struct Saved {
    #[serde(default)]
    saved: Option<String>,
}

/// Checks that the signed-in account is a clinician with `action` on the patient (audited);
/// anyone else, and another clinician's patient, is not found. (A patient reads their own record
/// on their own pages, not on the clinician's.)
pub async fn clinician_may(
    state: &AppState,
    user: &CurrentUser,
    action: Action,
    id: &str,
) -> Result<(), AppError> {
    user.authorize(state, Action::ViewCaseload, Target::Instance).await?;
    user.authorize(state, action, Target::Patient(id)).await
}

/// Reads a patient's record for the signed-in clinician: authorised (and audited) as a read of
/// the record; another clinician's patient is not found.
pub async fn read(state: &AppState, user: &CurrentUser, id: &str) -> Result<Gathered, AppError> {
    clinician_may(state, user, Action::ReadRecord, id).await?;
    gather(state, id).await
}

async fn record_page(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
    errors: Errors,
    saved: bool,
) -> PageResult {
    let g = read(state, user, id).await?;
    let charts = charts(state, &g.person, 28, Reader::Clinician).await?;
    let fmt = Fmt::new(state.content, g.person.schedule.tz.clone(), g.person.patient.display_name.clone());
    let page = RecordPage {
        layout: Layout::for_user(user, "clinic"),
        fmt,
        session_days: crate::clinic::record::SESSION_DAYS,
        patient_id: id.to_owned(),
        g,
        charts,
        saved,
        errors,
    };
    if page.errors.is_empty() {
        render(&page)
    } else {
        render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
    }
}

/// `GET /clinic/patients/{id}`.
pub async fn patient(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    Query(s): Query<Saved>,
) -> PageResult {
    record_page(&state, &user, &id, Errors::default(), s.saved.is_some()).await
}

/// The clinician-time form.
#[derive(Debug, Deserialize)]
pub struct TimeForm {
    #[serde(default)]
    minutes: String,
    #[serde(default)]
    note: String,
}

/// `POST /clinic/patients/{id}/time`: records minutes spent on the patient's care (audited).
pub async fn record_time(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    Form(f): Form<TimeForm>,
) -> PageResult {
    clinician_may(&state, &user, Action::Treat, &id).await?;
    let checked = f
        .minutes
        .trim()
        .parse::<i64>()
        .map_err(|_| {
            sciatica_core::FieldError::new("minutes", "allowed: a whole number of minutes from 1 to 600")
        })
        .and_then(|m| check_time(m, &f.note));
    let (minutes, note) = match checked {
        Ok(v) => v,
        Err(e) => {
            let errors = Errors::from_error(AppError::invalid(e.field, e.problem))?;
            return record_page(&state, &user, &id, errors, false).await;
        }
    };
    let now = Timestamp::now();
    let person = sciatica_store::person::Person::load_id(&state.store, &id, now).await?;
    let entry =
        NewTime { patient_id: &id, clinician_id: &user.user.id, date: person.today, minutes, note: &note };
    state.store.record_clinician_time(&entry, now).await?;
    Ok(Redirect::to(&format!("/clinic/patients/{id}?saved=time#time")).into_response())
}
