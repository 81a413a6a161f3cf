//! The one-page progress report of a patient (`/clinic/patients/{id}/report`, printed from the
//! browser on A4 or Letter) and the monthly monitoring summary
//! (`/clinic/patients/{id}/monitoring?month=YYYY-MM`).

use crate::AppState;
use crate::auth::CurrentUser;
use crate::clinic::fmt::Fmt;
use crate::clinic::record::{Gathered, ScreenRow, monthly};
use crate::error::{AppError, PageResult};
use crate::pages::clinic::read;
use crate::pages::{Layout, render};
use crate::progress_charts::{Charts, Reader, charts};
use crate::words;
use askama::Template;
use axum::extract::{Path, Query, State};
use jiff::Span;
use jiff::civil::Date;
use sciatica_core::Urgency;
use sciatica_core::adherence::{self, Adherence, Done};
use sciatica_core::monitoring::{Month, Summary};
use sciatica_store::clinician_time::TimeEntry;
use sciatica_store::person::Today;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Template)]
#[template(path = "clinic_report.html")]
struct ReportPage {
    layout: Layout,
    fmt: Fmt,
    id: String,
    g: Gathered,
    charts: Charts,
    week: Adherence,
    month: Adherence,
    printed: String,
    flags_history: Vec<ScreenRow>,
    /// Red-flag screens older than those listed.
    earlier_flags: usize,
    /// Harm reports older than those listed.
    earlier_harm: usize,
    listed: usize,
    /// The exercises the patient does now, as "name: dose · times a day" (none while blocked).
    exercises: Vec<(String, String)>,
}

/// Red-flag screens, and harm reports, the report lists (the latest; the record has them all).
const LISTED: usize = 4;

/// Adherence over the last `days` days from the sessions the record lists.
fn adherence_over(state: &AppState, g: &Gathered, days: i64) -> Adherence {
    let mut done: BTreeMap<Date, Done> = BTreeMap::new();
    for s in g.sessions.iter().filter(|s| s.record.counts_as_done()) {
        done.entry(s.record.date).or_default().add(s.record.slot);
    }
    let mut stretches: Vec<_> = g.programs.iter().map(sciatica_store::programs::Program::stretch).collect();
    stretches.reverse();
    let today = g.person.today;
    let from = today.saturating_sub(Span::new().days(days - 1));
    adherence::adherence(&done, from, today, |d| adherence::planned_on(state.content, &stretches, d), today)
}

/// `GET /clinic/patients/{id}/report`.
pub async fn report(State(state): State<AppState>, user: CurrentUser, Path(id): Path<String>) -> PageResult {
    let g = read(&state, &user, &id).await?;
    let charts = charts(&state, &g.person, 28, Reader::Clinician).await?;
    let fmt = Fmt::new(state.content, g.person.schedule.tz.clone(), g.person.patient.display_name.clone());
    // The screens that matched more than the calm fallback rule: the red-flag history, the latest
    // few of it (with the harm reports, the rest would push the report onto a second page).
    let flagged: Vec<ScreenRow> =
        g.screens.iter().filter(|s| s.screening.urgency > Urgency::SelfManage).cloned().collect();
    let earlier_flags = flagged.len().saturating_sub(LISTED);
    let earlier_harm = g.harm.len().saturating_sub(LISTED);
    let flags_history = flagged.into_iter().take(LISTED).collect();
    let exercises = match g.person.today_plan(state.content)?.0 {
        Today::Plan(p) => p
            .exercises
            .iter()
            .map(|e| {
                let dose = format!("{} · {}", words::dose(&e.dosage()), words::per_day(e.times_per_day));
                (e.name.clone(), dose)
            })
            .collect(),
        Today::NotScreened | Today::Blocked(_) => Vec::new(),
    };
    render(&ReportPage {
        layout: Layout::for_user(&user, "clinic"),
        week: adherence_over(&state, &g, 7),
        month: adherence_over(&state, &g, 28),
        printed: fmt.full_day(&g.person.today),
        fmt,
        id,
        g,
        charts,
        flags_history,
        earlier_flags,
        earlier_harm,
        listed: LISTED,
        exercises,
    })
}

/// The month asked for.
#[derive(Debug, Deserialize)]
pub struct MonthQuery {
    #[serde(default)]
    month: Option<String>,
}

#[derive(Template)]
#[template(path = "clinic_monitoring.html")]
struct MonitoringPage {
    layout: Layout,
    fmt: Fmt,
    id: String,
    summary: Summary,
    previous: String,
    next: Option<String>,
    time: Vec<TimeEntry>,
}

/// The month of a `month` parameter (this month when absent), for the patient's today.
pub fn month_of(raw: Option<&str>, today: Date) -> Result<Month, AppError> {
    match raw.map(str::trim).filter(|m| !m.is_empty()) {
        None => Ok(Month::of(today)),
        Some(m) => Month::parse(m).map_err(|e| AppError::invalid(e.field, e.problem)),
    }
}

/// `GET /clinic/patients/{id}/monitoring?month=YYYY-MM`.
pub async fn monitoring(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    Query(q): Query<MonthQuery>,
) -> PageResult {
    let g = read(&state, &user, &id).await?;
    let month = month_of(q.month.as_deref(), g.person.today)?;
    let summary = monthly(&state, &g.person, month).await?;
    let fmt = Fmt::new(state.content, g.person.schedule.tz.clone(), g.person.patient.display_name.clone());
    let time = g.time.iter().filter(|t| month.contains(t.date)).cloned().collect();
    render(&MonitoringPage {
        layout: Layout::for_user(&user, "clinic"),
        fmt,
        id,
        summary,
        previous: month.previous().code(),
        next: (month.next().first <= g.person.today).then(|| month.next().code()),
        time,
    })
}
