//! Outcome questionnaires: `POST /api/v1/measures/{measure}` (score and save a response; a high
//! STarT Back result raises R26) and `GET /api/v1/measures` (every response, and when the
//! disability questionnaire is next due).

use crate::AppState;
use crate::api::extract::{ApiJson, created};
use crate::api::status::AlertView;
use crate::auth::ApiUser;
use crate::error::{ApiResult, AppError, Problem};
use crate::pages::calendar::MEASURE_WEEKS;
use crate::pages::patient::{patient_id, person};
use axum::Json;
use axum::extract::{Path, State};
use axum::response::Response;
use jiff::civil::Date;
use jiff::{Span, Timestamp};
use sciatica_core::measures::{self, Risk};
use sciatica_core::policy::Action;
use sciatica_core::{FieldError, MeasureId};
use sciatica_store::measures::MeasureResponse;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A questionnaire's answers.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeasureAnswers {
    /// One answer code per item, in order; `null` for an item skipped. ODI: 10 sections 0–5;
    /// RMDQ: 24 items 0/1; SBI and SFI: 4 items 0–6; NRS: 1 item 0–10; STarT Back: items 1–8
    /// 0/1 and item 9 0–4.
    #[schema(value_type = Vec<Option<u8>>)]
    pub answers: Vec<Option<i64>>,
}

/// A scored response (the JSON of `sciatica measure score`, with its id and time).
#[derive(Debug, Serialize, ToSchema)]
pub struct ScoreView {
    /// Id of the saved response.
    pub id: String,
    /// The measure.
    #[schema(schema_with = crate::api::schema::measure)]
    pub measure: MeasureId,
    /// The score, or null when too few items were answered.
    pub score: Option<f64>,
    /// The band, or null for a measure without bands or an incomplete questionnaire.
    pub band: Option<String>,
    /// Items answered.
    pub answered: usize,
    /// Items skipped.
    pub skipped: usize,
    /// STarT Back only: the sum of the nine items.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<u8>,
    /// STarT Back only: the sum of items 5–9.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub psychosocial: Option<u8>,
    /// STarT Back only: `low`, `medium` or `high`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::api::schema::risk)]
    pub risk: Option<Risk>,
    /// The instrument version.
    pub version: String,
    /// When it was taken.
    #[schema(schema_with = crate::api::schema::instant)]
    pub taken_at: Timestamp,
    /// Alerts the response raised.
    pub alerts: Vec<AlertView>,
}

fn measure_id(raw: &str) -> Result<MeasureId, AppError> {
    raw.parse().map_err(|e: sciatica_core::ids::UnknownId| AppError::invalid("measure", e.to_string()))
}

/// The core names an item `answers item N` (from 1); the API names it by its JSON path.
fn json_field(e: FieldError) -> AppError {
    let field = match e.field.strip_prefix("answers item ").and_then(|n| n.parse::<usize>().ok()) {
        Some(n) => format!("answers[{}]", n.saturating_sub(1)),
        None => e.field,
    };
    AppError::invalid(field, e.problem.replace("or empty to skip", "or null to skip"))
}

/// Scores and saves a questionnaire.
#[utoipa::path(
    post,
    path = "/api/v1/measures/{measure}",
    operation_id = "submit_measure",
    tag = "measures",
    params(("measure" = String, Path, description = "`odi`, `rmdq`, `sbi`, `sfi`, `nrs` or `startback`")),
    request_body = MeasureAnswers,
    responses(
        (status = 201, description = "Scored and saved", body = ScoreView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No patient record of yours", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 64 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown measure, wrong number of answers or an answer out of range, named", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn submit(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(raw): Path<String>,
    ApiJson(body): ApiJson<MeasureAnswers>,
) -> ApiResult<Response> {
    let patient = patient_id(&state, &user, Action::WriteRecord).await?;
    let id = measure_id(&raw)?;
    let def = state.content.measure(id);
    if body.answers.len() != def.items.len() {
        let message = format!(
            "{id} has {} items; send one answer per item (null for an item skipped), got {}",
            def.items.len(),
            body.answers.len()
        );
        return Err(AppError::invalid("answers", message).into());
    }
    let text: Vec<String> =
        body.answers.iter().map(|a| a.map(|v| v.to_string()).unwrap_or_default()).collect();
    let answers = measures::parse_answers(def, &text.join(",")).map_err(json_field)?;
    let score = measures::score(def, &answers);
    let now = Timestamp::now();
    let (saved, raised) = state.store.save_measure(&patient, &def.version, &answers, &score, now).await?;
    let view = ScoreView {
        id: saved.id.clone(),
        measure: id,
        score: score.score,
        band: score.band.clone(),
        answered: score.answered,
        skipped: score.skipped,
        total: score.total,
        psychosocial: score.psychosocial,
        risk: score.risk,
        version: def.version.clone(),
        taken_at: saved.taken_at,
        alerts: raised.iter().filter_map(|a| AlertView::of(state.content, &a.into())).collect(),
    };
    Ok(created("/api/v1/measures", &view))
}

/// A saved response.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResponseView {
    /// Id.
    pub id: String,
    /// The measure.
    #[schema(schema_with = crate::api::schema::measure)]
    pub measure: MeasureId,
    /// When it was taken.
    #[schema(schema_with = crate::api::schema::instant)]
    pub taken_at: Timestamp,
    /// The answers (null = skipped).
    pub answers: Vec<Option<u8>>,
    /// The score.
    pub score: Option<f64>,
    /// The band.
    pub band: Option<String>,
    /// The instrument version.
    pub version: String,
}

impl From<&MeasureResponse> for ResponseView {
    fn from(r: &MeasureResponse) -> ResponseView {
        ResponseView {
            id: r.id.clone(),
            measure: r.measure,
            taken_at: r.taken_at,
            answers: r.answers.clone(),
            score: r.score,
            band: r.band.clone(),
            version: r.instrument_version.clone(),
        }
    }
}

/// The responses and what is due.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeasuresView {
    /// Every response, oldest first.
    pub responses: Vec<ResponseView>,
    /// When the disability questionnaire (ODI) is next due (2, 6 and 12 weeks into the
    /// programme), if it is.
    #[schema(value_type = Option<String>, format = Date)]
    pub odi_due: Option<Date>,
}

/// Every response, and when the next one is due.
#[utoipa::path(
    get,
    path = "/api/v1/measures",
    operation_id = "list_measures",
    tag = "measures",
    responses(
        (status = 200, description = "Responses", body = MeasuresView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No patient record of yours", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn list(State(state): State<AppState>, ApiUser(user): ApiUser) -> ApiResult<Json<MeasuresView>> {
    let person = person(&state, &user, Action::ReadRecord).await?;
    let responses = state.store.measure_responses(&person.patient.id).await?;
    let start = person.record.program.as_ref().map_or(person.today, |p| p.started_on);
    let odi_due = MEASURE_WEEKS
        .iter()
        .map(|w| start.saturating_add(Span::new().weeks(*w)))
        .find(|d| *d >= person.today);
    Ok(Json(MeasuresView { responses: responses.iter().map(ResponseView::from).collect(), odi_due }))
}
