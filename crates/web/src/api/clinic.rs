//! The clinician's API: `GET /api/v1/panel` (the caseload, who needs attention first),
//! `GET /api/v1/patients/{id}` (one patient's record, audited), its monthly monitoring summary
//! and recording clinician time. Another clinician's patient is not found.

use crate::AppState;
use crate::api::extract::{ApiJson, ApiQuery, created};
use crate::api::progress::ChangeView;
use crate::api::status::{StatusView, status_of};
use crate::auth::ApiUser;
use crate::clinic::panel::{self, Filter, SlotAdherence};
use crate::clinic::record::{FiredRule, Gathered, monthly};
use crate::error::{ApiResult, AppError, Problem};
use crate::pages::clinic::{clinician_may, read};
use crate::pages::clinic_report::month_of;
use axum::Json;
use axum::extract::{Path, State};
use axum::response::Response;
use jiff::Timestamp;
use jiff::civil::Date;
use sciatica_core::monitoring::{Summary, check_time};
use sciatica_core::policy::{Action, Target};
use sciatica_core::{Cause, MeasureId};
use sciatica_store::clinician_time::{NewTime, TimeEntry};
use serde::{Deserialize, Serialize};
use utoipa::openapi::schema::{Object, ObjectBuilder, Type};
use utoipa::{IntoParams, ToSchema};

fn attention_states() -> Object {
    let values: Vec<&str> = sciatica_core::attention::Attention::ALL.iter().map(|a| a.as_str()).collect();
    ObjectBuilder::new().schema_type(Type::String).enum_values(Some(values)).build()
}

/// An attention state, or empty for every patient.
fn attention_filter() -> Object {
    let values: Vec<&str> = std::iter::once("")
        .chain(sciatica_core::attention::Attention::ALL.iter().map(|a| a.as_str()))
        .collect();
    ObjectBuilder::new().schema_type(Type::String).enum_values(Some(values)).build()
}

fn attention_list() -> utoipa::openapi::schema::Array {
    utoipa::openapi::schema::ArrayBuilder::new().items(attention_states()).build()
}

/// A questionnaire's latest score against its first.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScoreView {
    /// The measure.
    #[schema(schema_with = crate::api::schema::measure)]
    pub measure: MeasureId,
    /// The latest score (null when incomplete).
    pub score: Option<f64>,
    /// When it was taken.
    #[schema(schema_with = crate::api::schema::instant)]
    pub taken_at: Timestamp,
    /// The change from the first score, against the minimal important change.
    pub change: Option<ChangeView>,
}

/// One patient of the caseload.
#[derive(Debug, Serialize, ToSchema)]
pub struct PanelPatient {
    /// The patient record's id.
    pub id: String,
    /// Their name, if they gave one.
    pub name: Option<String>,
    /// Why they need attention, most pressing first (`on_track` alone when nothing does).
    #[schema(schema_with = attention_list)]
    pub attention: Vec<String>,
    /// The confirmed cause, when a programme exists.
    #[schema(value_type = Option<String>)]
    pub cause: Option<Cause>,
    /// The phase.
    pub phase: Option<u8>,
    /// The local date of the last session.
    #[schema(value_type = Option<String>, format = Date)]
    pub last_session: Option<Date>,
    /// Sessions done and planned per slot over 7 and 28 days.
    pub adherence: SlotAdherence,
    /// Worst leg pain per day over the last 14 days, oldest first.
    pub leg_pain: Vec<Option<u8>>,
    /// The same in words.
    pub leg_pain_summary: String,
    /// Each compared questionnaire's latest score.
    pub scores: Vec<ScoreView>,
    /// Proposals of the progression rules waiting for a decision (`kind`, ...).
    #[schema(value_type = Vec<Object>)]
    pub proposals: Vec<serde_json::Value>,
}

/// The panel.
#[derive(Debug, Serialize, ToSchema)]
pub struct PanelView {
    /// The patients, most in need of attention first.
    pub patients: Vec<PanelPatient>,
    /// Patients in the caseload in all (before the filter).
    pub total: usize,
}

/// The panel's filter.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PanelQuery {
    /// Only patients in this attention state (empty for every patient).
    #[param(schema_with = attention_filter)]
    pub state: Option<String>,
    /// Only patients whose name contains this (any case; up to 100 characters).
    #[param(max_length = 100)]
    pub q: Option<String>,
}

fn change_view(c: Option<sciatica_core::measures::Change>) -> Option<ChangeView> {
    c.map(|ch| ChangeView {
        points: ch.points,
        percent: ch.percent,
        meets_points: ch.meets_points,
        meets_percent: ch.meets_percent,
    })
}

/// The signed-in clinician's caseload, who needs attention first.
#[utoipa::path(
    get,
    path = "/api/v1/panel",
    operation_id = "get_panel",
    tag = "clinic",
    params(PanelQuery),
    responses(
        (status = 200, description = "The caseload", body = PanelView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not a clinician", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad parameter; the problem names it", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn panel(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiQuery(q): ApiQuery<PanelQuery>,
) -> ApiResult<Json<PanelView>> {
    user.authorize(&state, Action::ViewCaseload, Target::Instance).await?;
    let filter = Filter::parse(q.state.as_deref(), q.q.as_deref())?;
    let (rows, total) = panel::rows(&state, &user, &filter).await?;
    let patients = rows
        .into_iter()
        .map(|r| PanelPatient {
            attention: r.flags.0.iter().map(|a| a.as_str().to_owned()).collect(),
            id: r.id,
            name: r.name,
            cause: r.cause,
            phase: r.phase,
            last_session: r.last_session,
            adherence: r.adherence,
            leg_pain: r.leg_pain,
            leg_pain_summary: r.leg_pain_text,
            scores: r
                .scores
                .into_iter()
                .map(|s| ScoreView {
                    measure: s.measure,
                    score: s.score,
                    taken_at: s.taken_at,
                    change: change_view(s.change),
                })
                .collect(),
            proposals: r.proposals.iter().filter_map(|p| serde_json::to_value(p).ok()).collect(),
        })
        .collect();
    Ok(Json(PanelView { patients, total }))
}

/// One patient's record as their clinician reads it.
#[derive(Debug, Serialize, ToSchema)]
pub struct PatientView {
    /// The patient record's id.
    pub id: String,
    /// Their name, if they gave one.
    pub name: Option<String>,
    /// Their time zone.
    pub time_zone: String,
    /// Why they need attention, most pressing first.
    #[schema(schema_with = attention_list)]
    pub attention: Vec<String>,
    /// The status in force.
    pub status: StatusView,
    /// The current programme (`cause`, `cleared`, `phase`, dates), if any.
    #[schema(value_type = Option<Object>)]
    pub program: Option<serde_json::Value>,
    /// Programme versions, newest first.
    #[schema(value_type = Vec<Object>)]
    pub programs: Vec<serde_json::Value>,
    /// Screens, newest first, each with the rules that fired and their conditions.
    #[schema(value_type = Vec<Object>)]
    pub screens: Vec<serde_json::Value>,
    /// Sessions of the last 90 days, newest first, with their symptom response and harm reports.
    #[schema(value_type = Vec<Object>)]
    pub sessions: Vec<serde_json::Value>,
    /// Every harm report, newest first.
    #[schema(value_type = Vec<Object>)]
    pub harm_reports: Vec<serde_json::Value>,
    /// Each questionnaire's latest score and its change from the first.
    pub measures: Vec<ScoreView>,
    /// Per exercise, the answers "moved up", "no change" and "moved down", and what the exercise
    /// tends to do (`peripheralises`, `mixed`, `centralises`, `no_change`).
    #[schema(value_type = Vec<Object>)]
    pub exercise_responses: Vec<serde_json::Value>,
    /// Proposals waiting for a decision.
    #[schema(value_type = Vec<Object>)]
    pub proposals: Vec<serde_json::Value>,
    /// Clinician time recorded, newest first.
    #[schema(value_type = Vec<Object>)]
    pub clinician_time: Vec<serde_json::Value>,
    /// This month's monitoring summary.
    pub monitoring: MonitoringView,
}

/// A month's monitoring summary.
#[derive(Debug, Serialize, ToSchema)]
pub struct MonitoringView {
    /// `YYYY-MM`.
    pub month: String,
    /// Days of the month (in the patient's time zone) with any data from the patient.
    pub days_with_data: u32,
    /// Sessions logged in the month.
    pub sessions: u32,
    /// Clinician minutes recorded against the patient in the month.
    pub clinician_minutes: u32,
}

impl From<Summary> for MonitoringView {
    fn from(s: Summary) -> MonitoringView {
        MonitoringView {
            month: s.month,
            days_with_data: s.days_with_data,
            sessions: s.sessions,
            clinician_minutes: s.clinician_minutes,
        }
    }
}

fn json<T: Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}

fn view(state: &AppState, g: Gathered) -> Result<PatientView, AppError> {
    let c = state.content;
    let scores = panel::scores(
        c,
        &g.responses
            .iter()
            .rev()
            .map(|r| sciatica_store::caseload::Scored {
                measure: r.measure,
                taken_at: r.taken_at,
                score: r.score,
            })
            .collect::<Vec<_>>(),
    );
    Ok(PatientView {
        id: g.person.patient.id.clone(),
        name: g.person.patient.display_name.clone(),
        time_zone: g.person.patient.time_zone.clone(),
        attention: g.flags.0.iter().map(|a| a.as_str().to_owned()).collect(),
        status: status_of(c, &g.person)?,
        program: g.person.record.program.as_ref().map(json),
        programs: g.programs.iter().map(json).collect(),
        screens: g
            .screens
            .iter()
            .map(|s| {
                serde_json::json!({
                    "id": s.screening.id, "taken_at": s.screening.taken_at, "urgency": s.screening.urgency,
                    "action": s.screening.action, "rules": json::<Vec<FiredRule>>(&s.fired),
                })
            })
            .collect(),
        sessions: g
            .sessions
            .iter()
            .map(|s| {
                let mut v = json(&s.record);
                v["class"] = json(&s.class);
                v["harm_reports"] = json(&s.harm);
                v
            })
            .collect(),
        harm_reports: g.harm.iter().map(json).collect(),
        measures: scores
            .into_iter()
            .map(|s| ScoreView {
                measure: s.measure,
                score: s.score,
                taken_at: s.taken_at,
                change: change_view(s.change),
            })
            .collect(),
        exercise_responses: g
            .by_exercise
            .iter()
            .map(|e| {
                let mut v = json(e);
                v["tendency"] = json(&e.tendency());
                v
            })
            .collect(),
        proposals: g.proposals.iter().map(json).collect(),
        clinician_time: g.time.iter().map(json).collect(),
        monitoring: g.month.into(),
    })
}

/// One patient's record (the read is audited).
#[utoipa::path(
    get,
    path = "/api/v1/patients/{id}",
    operation_id = "get_patient",
    tag = "clinic",
    params(("id" = String, Path, description = "The patient record's id")),
    responses(
        (status = 200, description = "The record", body = PatientView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not a patient in your care", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn patient(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> ApiResult<Json<PatientView>> {
    let g = read(&state, &user, &id).await?;
    Ok(Json(view(&state, g)?))
}

/// The month asked for.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MonthQuery {
    /// `YYYY-MM` (default: this month in the patient's time zone).
    #[param(pattern = "^\\s*([0-9]{4}-(0[1-9]|1[0-2]))?\\s*$")]
    pub month: Option<String>,
}

/// A patient's monthly monitoring summary (the read is audited).
#[utoipa::path(
    get,
    path = "/api/v1/patients/{id}/monitoring",
    operation_id = "get_patient_monitoring",
    tag = "clinic",
    params(("id" = String, Path, description = "The patient record's id"), MonthQuery),
    responses(
        (status = 200, description = "The month's summary", body = MonitoringView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not a patient in your care", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad parameter; the problem names it", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn monitoring(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiQuery(q): ApiQuery<MonthQuery>,
) -> ApiResult<Json<MonitoringView>> {
    clinician_may(&state, &user, Action::ReadRecord, &id).await?;
    let person = sciatica_store::person::Person::load_id(&state.store, &id, Timestamp::now()).await?;
    let month = month_of(q.month.as_deref(), person.today)?;
    Ok(Json(monthly(&state, &person, month).await?.into()))
}

/// Minutes spent on the patient's care.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TimeBody {
    /// Whole minutes, 1 to 600.
    #[schema(minimum = 1, maximum = 600)]
    pub minutes: i64,
    /// What for, without health details (up to 500 characters).
    #[serde(default)]
    #[schema(schema_with = crate::api::schema::any_500_or_null)]
    pub note: Option<String>,
}

/// Records clinician time against a patient, dated today in the patient's time zone (audited).
#[utoipa::path(
    post,
    path = "/api/v1/patients/{id}/time",
    operation_id = "record_clinician_time",
    tag = "clinic",
    params(("id" = String, Path, description = "The patient record's id")),
    request_body = TimeBody,
    responses(
        (status = 201, description = "Recorded", body = Object),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not a patient in your care", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad input; the problem names the field", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn record_time(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<TimeBody>,
) -> ApiResult<Response> {
    clinician_may(&state, &user, Action::Treat, &id).await?;
    let (minutes, note) = check_time(body.minutes, body.note.as_deref().unwrap_or(""))
        .map_err(|e| AppError::invalid(e.field, e.problem))?;
    let now = Timestamp::now();
    let person = sciatica_store::person::Person::load_id(&state.store, &id, now).await?;
    let entry =
        NewTime { patient_id: &id, clinician_id: &user.user.id, date: person.today, minutes, note: &note };
    let saved: TimeEntry = state.store.record_clinician_time(&entry, now).await?;
    Ok(created(&format!("/api/v1/patients/{id}/monitoring"), &saved))
}
