//! Outcome questionnaires: `POST /api/v1/measures/{measure}` (score and save a response, with
//! what it means in one sentence; a high STarT Back result raises R26) and `GET /api/v1/measures`
//! (every response, and what is due). Licensed questionnaires whose text the clinic has not
//! loaded are never due, but their scores are still taken here (from a clinic's paper copy).

use crate::AppState;
use crate::api::extract::{ApiJson, created};
use crate::api::status::AlertView;
use crate::auth::ApiUser;
use crate::error::{ApiResult, AppError, Problem};
use crate::pages::patient::{patient_id, person};
use axum::Json;
use axum::extract::{Path, State};
use axum::response::Response;
use jiff::civil::Date;
use jiff::{Span, Timestamp};
use sciatica_core::measures::{self, Risk};
use sciatica_core::measures::{due, meaning};
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
    /// RMDQ: 24 items 0/1; SBI and SFI: 4 items 0–6; NRS: leg pain then back pain 0–10 (or one
    /// rating, the older form); STarT Back: items 1–8 0/1 and item 9 0–4; PSFS: up to 5
    /// activities 0–10 (`null` for a slot not used); PEG: 3 items 0–10; global change: 1 item
    /// 0 (completely recovered) to 6 (very much worse).
    #[schema(value_type = Vec<Option<u8>>)]
    pub answers: Vec<Option<i64>>,
    /// PSFS only: the activity each answer is about, one per answered item, in order.
    #[serde(default)]
    pub activities: Vec<String>,
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
    /// NRS with both ratings: the leg pain (also the score).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub leg: Option<u8>,
    /// NRS with both ratings: the back pain.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub back: Option<u8>,
    /// PSFS only: the activities rated.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub activities: Vec<String>,
    /// The person's first score of this measure, when this is not the first.
    pub baseline: Option<f64>,
    /// What the score means against the first one and the minimal important change, in one
    /// plain sentence.
    pub meaning: String,
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
    params(("measure" = String, Path, description = "`odi`, `rmdq`, `sbi`, `sfi`, `nrs`, `startback`, `psfs`, `peg` or `global_change`")),
    request_body = MeasureAnswers,
    responses(
        (status = 201, description = "Scored and saved", body = ScoreView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No patient record of yours", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 64 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown measure, wrong number of answers, an answer out of range or a PSFS activity without a name, named", body = Problem, content_type = "application/problem+json"),
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
    if body.answers.len() != def.items.len() && Some(body.answers.len()) != def.short_form_items {
        let short = def.short_form_items.map(|n| format!(" (or {n}, its shorter form)")).unwrap_or_default();
        let message = format!(
            "{id} has {} items{short}; send one answer per item (null for an item skipped), got {}",
            def.items.len(),
            body.answers.len()
        );
        return Err(AppError::invalid("answers", message).into());
    }
    let text: Vec<String> =
        body.answers.iter().map(|a| a.map(|v| v.to_string()).unwrap_or_default()).collect();
    let answers = measures::parse_answers(def, &text.join(",")).map_err(json_field)?;
    let mut names = body.activities.clone();
    if def.named_items {
        // The API sends one name per answered item; the core reads one per item slot.
        let mut given = body.activities.iter();
        names = answers
            .iter()
            .map(|a| if a.is_some() { given.next().cloned().unwrap_or_default() } else { String::new() })
            .collect();
        if given.next().is_some() {
            return Err(AppError::invalid(
                "activities",
                "one name per answered item; allowed: as many names as ratings",
            )
            .into());
        }
    }
    let activities = measures::name_activities(def, &answers, &names).map_err(|e| {
        let field = match e.field.strip_prefix("activity ").and_then(|n| n.parse::<usize>().ok()) {
            // A measure with named items counts names per answered item; any other, as sent.
            Some(n) if def.named_items => {
                format!("activities[{}]", answers.iter().take(n.saturating_sub(1)).flatten().count())
            }
            Some(n) => format!("activities[{}]", n.saturating_sub(1)),
            None => e.field.clone(),
        };
        AppError::invalid(field, e.problem)
    })?;
    let mut score = measures::score(def, &answers);
    score.activities = activities;
    let earlier = state.store.measure_responses(&patient).await?;
    let mut scores: Vec<Option<f64>> = earlier.iter().filter(|r| r.measure == id).map(|r| r.score).collect();
    scores.push(score.score);
    let baseline = measures::baseline(&scores);
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
        leg: score.leg,
        back: score.back,
        activities: score.activities.clone(),
        baseline,
        meaning: meaning::sentence(state.content, def, &score, baseline),
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

/// A questionnaire due now.
#[derive(Debug, Serialize, ToSchema)]
pub struct DueView {
    /// The measure.
    #[schema(schema_with = crate::api::schema::measure)]
    pub measure: MeasureId,
    /// The schedule point: `baseline`, `week-2`, `week-6`, `week-12` or `weekly`.
    pub point: String,
    /// The date it fell due.
    #[schema(value_type = String, format = Date)]
    pub since: Date,
}

/// The responses and what is due.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeasuresView {
    /// Every response, oldest first.
    pub responses: Vec<ResponseView>,
    /// The questionnaires offered to the person that are due now. A licensed questionnaire
    /// whose text the clinic has not loaded is never due.
    pub due: Vec<DueView>,
    /// When the disability questionnaire (ODI) is next due (2, 6 and 12 weeks into the
    /// programme), if it is offered (its licensed text loaded) and due within 120 days.
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
    let c = state.content;
    let start = crate::pages::measures::start_of(&person);
    let until = person.today.saturating_add(Span::new().days(crate::pages::measures::AHEAD_DAYS));
    let odi = c.measure(MeasureId::Odi);
    let odi_taken = crate::pages::measures::taken(&person, &responses, MeasureId::Odi);
    let odi_due = due::due(odi, start, person.today, &odi_taken)
        .map(|d| d.since)
        .or_else(|| due::upcoming(odi, start, person.today, until, &odi_taken).first().map(|(d, _)| *d));
    let due = crate::pages::measures::due_now(c, &person, &responses)
        .into_iter()
        .map(|d| DueView { measure: d.measure, point: d.point.key(), since: d.since })
        .collect();
    Ok(Json(MeasuresView { responses: responses.iter().map(ResponseView::from).collect(), due, odi_due }))
}
