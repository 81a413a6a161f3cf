//! `GET /api/v1/progress?days=28`: pain and how far down the leg symptoms reach by day, sessions
//! done against planned, questionnaire scores against their baseline, and the way to the next
//! phase.

use crate::AppState;
use crate::api::extract::ApiQuery;
use crate::api::status::{StatusView, status_of};
use crate::auth::ApiUser;
use crate::error::{ApiResult, AppError, Problem};
use crate::pages::patient::person;
use axum::Json;
use axum::extract::State;
use jiff::Timestamp;
use jiff::civil::Date;
use sciatica_core::adherence::{self, Done};
use sciatica_core::policy::Action;
use sciatica_core::{Content, MeasureId, Pain, Slot};
use sciatica_store::measures::MeasureResponse;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};

/// One day.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DayView {
    /// The person's local date.
    #[schema(value_type = String, format = Date)]
    pub date: Date,
    /// Worst leg pain of the day (0–10).
    pub leg_pain: Option<u8>,
    /// Worst back pain of the day (0–10).
    pub back_pain: Option<u8>,
    /// How far down the worse leg symptoms reached in the morning (0 none … 6 toes); without a
    /// morning check, the day's first.
    pub level: Option<u8>,
    /// Sessions planned.
    pub planned: u8,
    /// The morning session was done.
    pub morning: bool,
    /// The evening session was done.
    pub evening: bool,
}

/// Sessions done against planned.
#[derive(Debug, Serialize, ToSchema)]
pub struct AdherenceView {
    /// Sessions planned.
    pub planned: u32,
    /// Planned sessions done.
    pub done: u32,
    /// Done / planned, when anything was planned.
    pub ratio: Option<f64>,
    /// Days in a row with every planned session done.
    pub current_streak: u32,
    /// The longest such run in the period.
    pub best_streak: u32,
}

/// A change against the baseline.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChangeView {
    /// Points better (positive) or worse (negative).
    pub points: f64,
    /// Percent better, when the baseline is not zero.
    pub percent: Option<f64>,
    /// The change reaches the measure's minimal important change in points.
    pub meets_points: Option<bool>,
    /// The change reaches the minimal important change in percent.
    pub meets_percent: Option<bool>,
}

/// The latest score of a questionnaire and its change from the first.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeasureProgress {
    /// The measure.
    #[schema(schema_with = crate::api::schema::measure)]
    pub measure: MeasureId,
    /// The latest score (null when incomplete).
    pub score: Option<f64>,
    /// Its band.
    pub band: Option<String>,
    /// When it was taken.
    #[schema(schema_with = crate::api::schema::instant)]
    pub taken_at: Timestamp,
    /// The first scored response (the baseline), when there is a later one.
    pub baseline: Option<f64>,
    /// The change from the baseline.
    pub change: Option<ChangeView>,
}

/// Progress over a period.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgressView {
    /// First day.
    #[schema(value_type = String, format = Date)]
    pub from: Date,
    /// Last day (today).
    #[schema(value_type = String, format = Date)]
    pub to: Date,
    /// Every day of the period.
    pub days: Vec<DayView>,
    /// Sessions done against planned.
    pub adherence: AdherenceView,
    /// Each questionnaire's latest score.
    pub measures: Vec<MeasureProgress>,
    /// The progression criteria of the phase and the changes in force (`checks`, `proposals`,
    /// `trend`, ...), when there is a programme.
    #[schema(value_type = Option<Object>)]
    pub assessment: Option<serde_json::Value>,
    /// The current status.
    pub status: StatusView,
}

/// The period.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ProgressQuery {
    /// Days, ending today (1–365, default 28).
    #[param(minimum = 1, maximum = 365)]
    pub days: Option<u32>,
}

/// Progress over the last days.
#[utoipa::path(
    get,
    path = "/api/v1/progress",
    operation_id = "get_progress",
    tag = "progress",
    params(ProgressQuery),
    responses(
        (status = 200, description = "Progress", body = ProgressView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No patient record of yours", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad parameter; the problem names it", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn progress(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiQuery(q): ApiQuery<ProgressQuery>,
) -> ApiResult<Json<ProgressView>> {
    let person = person(&state, &user, Action::ReadRecord).await?;
    let n = q.days.unwrap_or(28);
    if !(1..=365).contains(&n) {
        return Err(AppError::invalid("days", format!("{n} is not allowed; allowed: 1 to 365")).into());
    }
    let c = state.content;
    let pid = person.patient.id.clone();
    let from = person.today.saturating_sub(jiff::Span::new().days(i64::from(n) - 1));
    let since = person.schedule.start_of(from).map_err(|e| AppError::Internal(e.into()))?;
    let sessions = state.store.sessions_since(&pid, since).await?;
    let programs = state.store.programs(&pid).await?;
    let stretches: Vec<_> = programs.iter().map(sciatica_store::programs::Program::stretch).collect();
    let responses = state.store.measure_responses(&pid).await?;
    let mut days: BTreeMap<Date, DayView> = BTreeMap::new();
    let mut d = from;
    while d <= person.today {
        let planned = sciatica_core::adherence::planned_on(c, &stretches, d);
        days.insert(
            d,
            DayView {
                date: d,
                leg_pain: None,
                back_pain: None,
                level: None,
                planned,
                morning: false,
                evening: false,
            },
        );
        d = d.tomorrow().map_err(|e| AppError::Internal(e.into()))?;
    }
    let mut done: BTreeMap<Date, Done> = BTreeMap::new();
    let worst = |a: Option<Pain>, b: Option<Pain>| a.max(b).map(Pain::get);
    for r in &sessions {
        let Some(row) = days.get_mut(&r.date) else { continue };
        row.leg_pain = row.leg_pain.max(worst(r.leg_pain_before, r.leg_pain_after));
        row.back_pain = row.back_pain.max(worst(r.back_pain_before, r.back_pain_after));
        if let Some(l) = r.worse_pre_level()
            && (row.level.is_none() || (r.slot == Slot::Morning && !row.morning))
        {
            row.level = Some(l.get());
        }
        match r.slot {
            Slot::Morning => row.morning = true,
            Slot::Evening => row.evening = true,
            Slot::Extra => {}
        }
        done.entry(r.date).or_default().add(r.slot);
    }
    let adh = adherence::adherence(
        &done,
        from,
        person.today,
        |d| sciatica_core::adherence::planned_on(c, &stretches, d),
        person.today,
    );
    let assessment = person.assessment(c).and_then(|a| serde_json::to_value(a).ok());
    Ok(Json(ProgressView {
        from,
        to: person.today,
        days: days.into_values().collect(),
        adherence: AdherenceView {
            planned: adh.planned,
            done: adh.done,
            ratio: adh.ratio,
            current_streak: adh.current_streak,
            best_streak: adh.best_streak,
        },
        measures: measure_changes(c, &responses),
        assessment,
        status: status_of(c, &person)?,
    }))
}

/// The latest response of each measure, with its baseline (the first scored one) and change.
fn measure_changes(c: &Content, responses: &[MeasureResponse]) -> Vec<MeasureProgress> {
    sciatica_store::measures::measure_progress(c, responses)
        .into_iter()
        .map(|m| MeasureProgress {
            measure: m.latest.measure,
            score: m.latest.score,
            band: m.latest.band.clone(),
            taken_at: m.latest.taken_at,
            baseline: m.baseline,
            change: m.change.map(|ch| ChangeView {
                points: ch.points,
                percent: ch.percent,
                meets_points: ch.meets_points,
                meets_percent: ch.meets_percent,
            }),
        })
        .collect()
}
