//! `GET /api/v1/exercises` and `GET /api/v1/exercises/{id}`: how to do each exercise, with the
//! dose of the person's plan when it is in it; a 409 problem carrying the status while no
//! programme may be done.

use crate::AppState;
use crate::api::plan::{BlockedProblem, blocked};
use crate::api::status::status_of;
use crate::auth::ApiUser;
use crate::error::{ApiResult, AppError, Problem};
use crate::pages::patient::person;
use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use sciatica_core::Direction;
use sciatica_core::content::exercise::{Dosage, Exercise};
use sciatica_core::plan::Planned;
use sciatica_core::policy::Action;
use sciatica_store::person::{Person, Today};
use serde::Serialize;
use utoipa::ToSchema;

/// An exercise in the list.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExerciseSummary {
    /// Exercise id (kebab-case).
    pub id: String,
    /// Plain name.
    pub name: String,
    /// Main direction of movement.
    #[schema(schema_with = crate::api::schema::direction)]
    pub direction: Direction,
    /// It is in today's plan.
    pub in_plan: bool,
    /// The exercise's instructions.
    pub url: String,
    /// The animated figure.
    pub figure: String,
}

/// A dose.
#[derive(Debug, Serialize, ToSchema)]
pub struct DoseView {
    /// Rounds.
    pub sets: u32,
    /// Repetitions per round (holds, for a hold exercise).
    pub reps: u32,
    /// Seconds each hold lasts, for a hold exercise.
    pub hold_seconds: Option<u32>,
    /// Minutes, for time-based activity.
    pub minutes: Option<u32>,
    /// Done on each side.
    pub per_side: bool,
    /// Times a day.
    pub times_per_day: u32,
    /// The dose in words.
    pub text: String,
}

impl From<Dosage> for DoseView {
    fn from(d: Dosage) -> DoseView {
        DoseView {
            sets: d.sets,
            reps: d.reps,
            hold_seconds: d.hold_seconds,
            minutes: d.minutes,
            per_side: d.per_side,
            times_per_day: d.times_per_day,
            text: format!("{} · {}", crate::words::dose(&d), crate::words::per_day(d.times_per_day)),
        }
    }
}

/// The figures of an exercise.
#[derive(Debug, Serialize, ToSchema)]
pub struct Figures {
    /// From the start to the end position, animated.
    pub animated: String,
    /// The start position.
    pub start: String,
    /// The end position.
    pub end: String,
}

/// How to do an exercise.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExerciseView {
    /// Exercise id (kebab-case).
    pub id: String,
    /// Plain name.
    pub name: String,
    /// Main direction of movement.
    #[schema(schema_with = crate::api::schema::direction)]
    pub direction: Direction,
    /// Where the body starts.
    pub start_position: String,
    /// Where the body ends.
    pub end_position: String,
    /// The steps, in order.
    pub steps: Vec<String>,
    /// Form cues.
    pub cues: Vec<String>,
    /// Common mistakes.
    pub mistakes: Vec<String>,
    /// The dose: the plan's when the exercise is in it, else the usual starting dose.
    pub dosage: DoseView,
    /// The dose in words, with its range and how it builds up.
    pub dosage_note: String,
    /// When to stop this exercise.
    pub stop_when: Vec<String>,
    /// When to stop any exercise.
    pub stop_rules: Vec<String>,
    /// It is in today's plan.
    pub in_plan: bool,
    /// Figures.
    pub figures: Figures,
}

/// Today's planned exercises, or the 409 answer while no programme may be done (nothing
/// clinical behind a block).
fn planned(state: &AppState, person: &Person) -> Result<Result<Vec<Planned>, Response>, AppError> {
    let c = state.content;
    Ok(match person.today_plan(c)?.0 {
        Today::Plan(p) => Ok(p.exercises),
        Today::Blocked(_) | Today::NotScreened => Err(blocked(status_of(c, person)?)),
    })
}

fn summary(ex: &Exercise, plan: &[Planned]) -> ExerciseSummary {
    ExerciseSummary {
        id: ex.id.clone(),
        name: ex.plain_name.clone(),
        direction: ex.direction,
        in_plan: plan.iter().any(|p| p.id == ex.id),
        url: format!("/api/v1/exercises/{}", ex.id),
        figure: format!("/figures/{}.svg", ex.id),
    }
}

/// Every exercise.
#[utoipa::path(
    get,
    path = "/api/v1/exercises",
    operation_id = "list_exercises",
    tag = "exercises",
    responses(
        (status = 200, description = "Every exercise", body = Vec<ExerciseSummary>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No patient record of yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "No programme may be done now, so no instructions are given; the problem carries the status", body = BlockedProblem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn list(State(state): State<AppState>, ApiUser(user): ApiUser) -> ApiResult<Response> {
    let person = person(&state, &user, Action::ReadRecord).await?;
    let plan = match planned(&state, &person)? {
        Ok(plan) => plan,
        Err(refused) => return Ok(refused),
    };
    Ok(Json(state.content.exercises.iter().map(|e| summary(e, &plan)).collect::<Vec<_>>()).into_response())
}

/// How to do one exercise.
#[utoipa::path(
    get,
    path = "/api/v1/exercises/{id}",
    operation_id = "get_exercise",
    tag = "exercises",
    params(("id" = String, Path, description = "The exercise id, e.g. `prone-lying`")),
    responses(
        (status = 200, description = "The exercise", body = ExerciseView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such exercise, or no patient record of yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "No programme may be done now, so no instructions are given; the problem carries the status", body = BlockedProblem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn one(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let person = person(&state, &user, Action::ReadRecord).await?;
    let c = state.content;
    let ex = c.exercise(&id).ok_or(AppError::NotFound)?;
    let plan = match planned(&state, &person)? {
        Ok(plan) => plan,
        Err(refused) => return Ok(refused),
    };
    let in_plan = plan.iter().find(|p| p.id == ex.id);
    Ok(Json(ExerciseView {
        id: ex.id.clone(),
        name: ex.plain_name.clone(),
        direction: ex.direction,
        start_position: ex.start_position.clone(),
        end_position: ex.end_position.clone(),
        steps: ex.steps.clone(),
        cues: ex.form_cues.clone(),
        mistakes: ex.common_mistakes.clone(),
        dosage: in_plan.map_or(ex.dosage, Planned::dosage).into(),
        dosage_note: ex.dosage_note.clone(),
        stop_when: ex.stop_when.clone(),
        stop_rules: c.texts.stop_rules.iter().map(|r| r.when.clone()).collect(),
        in_plan: in_plan.is_some(),
        figures: Figures {
            animated: format!("/figures/{}.svg", ex.id),
            start: format!("/figures/{}-start.svg", ex.id),
            end: format!("/figures/{}-end.svg", ex.id),
        },
    })
    .into_response())
}
