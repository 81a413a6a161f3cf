//! `GET /api/v1/status` (the person's current status from screens and alerts) and
//! `POST /api/v1/assessed` (a clinician has seen the person: lifts an urgent result and the open
//! alerts).

use crate::AppState;
use crate::api::extract::{ApiJson, free_text};
use crate::auth::ApiUser;
use crate::error::{ApiResult, AppError, Problem};
use crate::pages::patient::{patient_id, person};
use axum::Json;
use axum::extract::State;
use jiff::Timestamp;
use sciatica_core::policy::Action;
use sciatica_core::record::Alert;
use sciatica_core::triage::Outcome;
use sciatica_core::{Content, Urgency};
use sciatica_store::person::{Person, Today};
use sciatica_store::screenings::AckBy;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A matched rule with its condition and advice.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReasonView {
    /// Rule id, e.g. `R03`.
    pub rule: String,
    /// The suspected condition.
    pub condition: String,
    /// What to do, in plain words.
    pub advice: String,
}

/// An alert raised by the history or questionnaire rules; it stays open until a clinician's
/// assessment is recorded.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AlertView {
    /// Id.
    pub id: String,
    /// The rule, e.g. `R23`.
    pub rule: String,
    /// When it was raised.
    #[schema(schema_with = crate::api::schema::instant)]
    pub raised_at: Timestamp,
    /// The rule's urgency.
    #[schema(schema_with = crate::api::schema::urgency)]
    pub urgency: Urgency,
    /// The rule's programme action.
    #[schema(schema_with = crate::api::schema::action)]
    pub action: sciatica_core::Action,
    /// What to do, in plain words.
    pub advice: String,
}

impl AlertView {
    /// An alert as the API shows it (an alert of a rule no longer in the content is left out).
    pub fn of(c: &Content, a: &Alert) -> Option<AlertView> {
        let rule = c.rule(&a.rule)?;
        Some(AlertView {
            id: a.id.clone(),
            rule: a.rule.clone(),
            raised_at: a.raised_at,
            urgency: rule.urgency,
            action: rule.action,
            advice: rule.advice.clone(),
        })
    }
}

/// The person's current status: the latest screen, an urgent screen not yet acknowledged, and the
/// open alerts, combined (highest urgency, most restrictive action).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StatusView {
    /// The highest urgency in force.
    #[schema(schema_with = crate::api::schema::urgency)]
    pub urgency: Urgency,
    /// The most restrictive programme action in force.
    #[schema(schema_with = crate::api::schema::action)]
    pub action: sciatica_core::Action,
    /// Every rule in force.
    pub rules: Vec<String>,
    /// Every rule in force with its condition and advice.
    pub reasons: Vec<ReasonView>,
    /// No exercise programme may be shown now (an urgent result or a hold).
    pub blocked: bool,
    /// The safety questions have been answered, and no new answers are awaited (after an urgent
    /// result a clinician has since seen, they are asked again).
    pub screened: bool,
    /// When the urgent screen still in force was taken (it stays until a clinician's assessment
    /// is recorded).
    #[schema(value_type = Option<String>, format = DateTime)]
    pub urgent_since: Option<Timestamp>,
    /// Open alerts.
    pub alerts: Vec<AlertView>,
}

/// The reasons of an outcome.
pub fn reasons(o: &Outcome) -> Vec<ReasonView> {
    o.reasons
        .iter()
        .map(|r| ReasonView {
            rule: r.rule.clone(),
            condition: r.condition.clone(),
            advice: r.advice.clone(),
        })
        .collect()
}

/// The status of a loaded person.
pub fn status_of(c: &Content, person: &Person) -> Result<StatusView, AppError> {
    let outcome = person.status(c);
    let blocked = matches!(person.today_plan(c)?.0, Today::Blocked(_));
    Ok(StatusView {
        urgency: outcome.urgency,
        action: outcome.action,
        rules: outcome.rules.clone(),
        reasons: reasons(&outcome),
        blocked,
        screened: person.record.screen.is_some() && !person.record.screen_again(),
        urgent_since: person.record.urgent.as_ref().map(|s| s.taken_at),
        alerts: person.record.alerts.iter().filter_map(|a| AlertView::of(c, a)).collect(),
    })
}

/// The current status.
#[utoipa::path(
    get,
    path = "/api/v1/status",
    operation_id = "get_status",
    tag = "status",
    responses(
        (status = 200, description = "The current status", body = StatusView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No patient record of yours", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn status(State(state): State<AppState>, ApiUser(user): ApiUser) -> ApiResult<Json<StatusView>> {
    let person = person(&state, &user, Action::ReadRecord).await?;
    Ok(Json(status_of(state.content, &person)?))
}

/// That a clinician has assessed the person.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Assessed {
    /// What the clinician found or advised (1–2000 characters).
    #[schema(schema_with = crate::api::schema::text_2000)]
    pub note: String,
}

/// Records that a clinician has assessed the person: lifts an urgent result and resolves the open
/// alerts.
#[utoipa::path(
    post,
    path = "/api/v1/assessed",
    operation_id = "record_assessment",
    tag = "status",
    request_body = Assessed,
    responses(
        (status = 200, description = "Recorded; the status now", body = StatusView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No patient record of yours", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 64 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad input; the problem names the field", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn assessed(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(body): ApiJson<Assessed>,
) -> ApiResult<Json<StatusView>> {
    let id = patient_id(&state, &user, Action::WriteRecord).await?;
    let note = free_text("note", &body.note, 2000)?
        .ok_or_else(|| AppError::invalid("note", "say briefly what the clinician found or advised"))?;
    state.store.acknowledge(&id, AckBy::SelfManager, &note, Timestamp::now()).await?;
    let person = person(&state, &user, Action::ReadRecord).await?;
    Ok(Json(status_of(state.content, &person)?))
}
