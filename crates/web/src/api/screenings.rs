//! Screens: `POST /api/v1/screenings` (the answers object of DESIGN §4, checked key by key),
//! `GET /api/v1/screenings` and `GET /api/v1/screenings/{id}`.

use crate::AppState;
use crate::api::extract::{ApiJson, ApiQuery, created};
use crate::api::schema::ScreeningAnswers;
use crate::api::status::ReasonView;
use crate::auth::ApiUser;
use crate::error::{ApiResult, AppError, Problem};
use crate::pages::patient::patient_id;
use axum::Json;
use axum::extract::{Path, State};
use axum::response::Response;
use jiff::Timestamp;
use sciatica_core::Urgency;
use sciatica_core::policy::Action;
use sciatica_core::triage::{self, answers::Answers};
use sciatica_store::programs::SetBy;
use sciatica_store::screenings::Screening;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A screen and its result.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScreeningView {
    /// Id.
    pub id: String,
    /// When it was taken.
    #[schema(schema_with = crate::api::schema::instant)]
    pub taken_at: Timestamp,
    /// The highest urgency among the matched rules.
    #[schema(schema_with = crate::api::schema::urgency)]
    pub urgency: Urgency,
    /// The most restrictive programme action among the matched rules.
    #[schema(schema_with = crate::api::schema::action)]
    pub action: sciatica_core::Action,
    /// Ids of every matched rule.
    pub rules: Vec<String>,
    /// Every matched rule with its condition and advice.
    pub reasons: Vec<ReasonView>,
    /// The answers.
    #[schema(value_type = ScreeningAnswers)]
    pub answers: serde_json::Value,
}

impl From<&Screening> for ScreeningView {
    fn from(s: &Screening) -> ScreeningView {
        let reasons = s
            .result
            .get("reasons")
            .and_then(|r| serde_json::from_value::<Vec<ReasonView>>(r.clone()).ok())
            .unwrap_or_default();
        ScreeningView {
            id: s.id.clone(),
            taken_at: s.taken_at,
            urgency: s.urgency,
            action: s.action,
            rules: s.rules.clone(),
            reasons,
            answers: s.answers.clone(),
        }
    }
}

/// When a screen was taken, for one entered after the fact.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ScreeningQuery {
    /// When the screen was taken (RFC 3339, up to 366 days ago and not in the future); by default
    /// now. A programme the screen starts begins on that day, and the rules see it at that time.
    #[param(format = DateTime)]
    pub taken_at: Option<String>,
}

/// How far back a screen may be entered.
const OLDEST: jiff::SignedDuration = jiff::SignedDuration::from_hours(366 * 24);
/// How far in the future a time may lie (clocks differ).
const CLOCK_SKEW: jiff::SignedDuration = jiff::SignedDuration::from_mins(5);

/// Answers the safety questions: saves the screen and its result, and starts the programme for
/// the recorded diagnosis and clearance when they changed.
#[utoipa::path(
    post,
    path = "/api/v1/screenings",
    operation_id = "create_screening",
    tag = "screenings",
    params(ScreeningQuery),
    request_body = ScreeningAnswers,
    responses(
        (status = 201, description = "Saved; the result", body = ScreeningView,
            headers(("Location" = String, description = "The screen's address"))),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No patient record of yours", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 64 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown, missing or out-of-range answers, or a bad `taken_at`, each named", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn create(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiQuery(q): ApiQuery<ScreeningQuery>,
    ApiJson(mut body): ApiJson<serde_json::Value>,
) -> ApiResult<Response> {
    // An age of `40.0` is the whole number the document's `integer` allows.
    crate::api::extract::whole_numbers_in(&mut body);
    let id = patient_id(&state, &user, Action::WriteRecord).await?;
    let now = Timestamp::now();
    let mut problems = Vec::new();
    let at =
        crate::api::session_body::instant(&mut problems, "taken_at", q.taken_at.as_deref()).unwrap_or(now);
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems).into());
    }
    if at > now + CLOCK_SKEW {
        return Err(AppError::invalid("taken_at", "is in the future; allowed: a time up to now").into());
    }
    if at < now - OLDEST {
        return Err(
            AppError::invalid("taken_at", "is more than a year ago; allowed: the last 366 days").into()
        );
    }
    let (patient, record) = state.store.patient_and_record(&id).await?;
    // A cause a clinician confirmed and a clearance they recorded win over the answers given.
    let answers = record.with_care(&Answers::from_json(&body)?);
    let outcome = triage::screen(state.content, &answers);
    let saved = state.store.record_screen(&patient, &answers, &outcome, at, SetBy::System).await?;
    Ok(created(&format!("/api/v1/screenings/{}", saved.id), &ScreeningView::from(&saved)))
}

/// Every screen, oldest first.
#[utoipa::path(
    get,
    path = "/api/v1/screenings",
    operation_id = "list_screenings",
    tag = "screenings",
    responses(
        (status = 200, description = "Every screen, oldest first", body = Vec<ScreeningView>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No patient record of yours", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> ApiResult<Json<Vec<ScreeningView>>> {
    let id = patient_id(&state, &user, Action::ReadRecord).await?;
    Ok(Json(state.store.screenings(&id).await?.iter().map(ScreeningView::from).collect()))
}

/// One screen.
#[utoipa::path(
    get,
    path = "/api/v1/screenings/{id}",
    operation_id = "get_screening",
    tag = "screenings",
    params(("id" = String, Path, description = "The screen's id")),
    responses(
        (status = 200, description = "The screen", body = ScreeningView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such screen of yours", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn one(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(screening): Path<String>,
) -> ApiResult<Json<ScreeningView>> {
    let id = patient_id(&state, &user, Action::ReadRecord).await?;
    let all = state.store.screenings(&id).await?;
    let s = all.iter().find(|s| s.id == screening).ok_or(AppError::NotFound)?;
    Ok(Json(s.into()))
}
