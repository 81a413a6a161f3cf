//! Sessions: `POST /api/v1/sessions` (log one; every value checked before anything is written,
//! then the history rules run), `GET /api/v1/sessions` and `GET /api/v1/sessions/{id}`.

use crate::AppState;
use crate::api::extract::{ApiJson, ApiQuery, created};
use crate::api::plan::blocked;
use crate::api::session_body::{Checked, NewSessionBody};
use crate::api::status::{AlertView, status_of};
use crate::auth::ApiUser;
use crate::error::{ApiResult, AppError, Problem};
use crate::pages::patient::{patient_id, person};
use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use jiff::civil::Date;
use sciatica_core::history::SideLevels;
use sciatica_core::policy::Action;
use sciatica_core::{Level, Pain, Response as Moved, Slot, SymptomClass};
use sciatica_store::person::{Person, Today};
use sciatica_store::sessions::{Finish, Finished, NewSession, Session};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// The answer to a logged session.
#[derive(Debug, Serialize, ToSchema)]
pub struct Logged {
    /// The session's id.
    pub id: String,
    /// How the symptoms responded (the worse leg), when levels before and after were given.
    #[schema(schema_with = crate::api::schema::class_or_null)]
    pub class: Option<SymptomClass>,
    /// Alerts the session raised.
    pub alerts: Vec<AlertView>,
}

/// A 409 from logging a session: no programme may be done now (`current_status` says why), or
/// another session was stored under this id (`errors` names `id`).
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionConflict {
    /// A URI naming the kind of problem.
    #[serde(rename = "type")]
    pub kind: String,
    /// Short summary.
    pub title: String,
    /// HTTP status (409).
    pub status: u16,
    /// What happened and what to do.
    pub detail: String,
    /// The status that holds the programme back, when that is the conflict.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_status: Option<crate::api::status::StatusView>,
    /// The field that clashes (`id`), when that is the conflict.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<crate::error::FieldProblem>,
}

/// Logs a session. Levels and pain are optional; what is given is checked (pain 0–10, levels
/// 0 none … 6 toes) and nothing is written when any value is wrong.
#[utoipa::path(
    post,
    path = "/api/v1/sessions",
    operation_id = "log_session",
    tag = "sessions",
    request_body = NewSessionBody,
    responses(
        (status = 200, description = "This session was stored before under its id; nothing was stored again", body = SessionView),
        (status = 201, description = "Logged", body = Logged,
            headers(("Location" = String, description = "The session's address"))),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No patient record of yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "No programme may be done now (the problem carries the status), or another session was stored under this id", body = SessionConflict, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 64 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad input; the problem names every wrong field", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn create(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(body): ApiJson<NewSessionBody>,
) -> ApiResult<Response> {
    let person = person(&state, &user, Action::WriteRecord).await?;
    let c = state.content;
    let v = body.check(c, person.now)?;
    if let Some(id) = &v.id
        && let Ok(stored) = state.store.session(&person.patient.id, id).await
    {
        // A retry of a session already stored: answered from the store, whatever the plan is now
        // (and in the slot it was given then, when the body names none).
        let slot_given = v.slot.is_some();
        let mut s = build(&person, v, stored.record.regression_applied);
        if !slot_given {
            s.slot = stored.record.slot;
        }
        return match state.store.finish_session(c, Finish { session: s, remove_draft: false }).await? {
            Finished::Again => Ok(Json(SessionView::from(&stored)).into_response()),
            Finished::Stored(_) => Err(AppError::Internal("a stored session was stored again".into()).into()),
        };
    }
    let plan = match person.today_plan(c)?.0 {
        Today::Plan(p) => p,
        Today::NotScreened | Today::Blocked(_) => return Ok(blocked(status_of(c, &person)?)),
    };
    let s = build(&person, v, plan.exercises.iter().any(|e| e.regressed || e.replaces.is_some()));
    let (id, class) = (s.id.clone(), s.record().class());
    match state.store.finish_session(c, Finish { session: s, remove_draft: false }).await? {
        Finished::Stored(raised) => {
            let alerts = raised.iter().filter_map(|a| AlertView::of(c, &a.into())).collect();
            Ok(created(&format!("/api/v1/sessions/{id}"), &Logged { id: id.clone(), class, alerts }))
        }
        Finished::Again => {
            let stored = state.store.session(&person.patient.id, &id).await?;
            Ok(Json(SessionView::from(&stored)).into_response())
        }
    }
}

fn build(person: &Person, v: Checked, regression_applied: bool) -> NewSession {
    let (date, by_time) = person.record.slot_for(&person.schedule, v.started_at);
    let slot = v.slot.unwrap_or(by_time);
    let mut s = NewSession::new(&person.patient.id, slot, date, v.started_at);
    if let Some(id) = v.id {
        s.id = id;
    }
    s.program_id = person.record.program.as_ref().map(|p| p.id.clone());
    s.ended_at = v.ended_at;
    (s.leg_pain_before, s.leg_pain_after) = v.leg;
    (s.back_pain_before, s.back_pain_after) = v.back;
    s.left = SideLevels { pre: v.left.0, post: v.left.1, late: None };
    s.right = SideLevels { pre: v.right.0, post: v.right.1, late: None };
    s.walking_minutes = v.walking_minutes;
    s.sitting_minutes = v.sitting_minutes;
    s.cannot_cope = v.cannot_cope;
    s.stopped = v.stopped;
    s.regression_applied = regression_applied;
    s.notes = v.notes;
    s.exercises = v.exercises;
    s.timed_on_arrival = v.timed_on_arrival;
    s
}

/// One leg's levels.
#[derive(Debug, Serialize, ToSchema)]
pub struct LegView {
    /// Before the session (0 none … 6 toes).
    #[schema(schema_with = crate::api::schema::level_or_null)]
    pub before: Option<Level>,
    /// Right after.
    #[schema(schema_with = crate::api::schema::level_or_null)]
    pub after: Option<Level>,
    /// At the next check.
    #[schema(schema_with = crate::api::schema::level_or_null)]
    pub later: Option<Level>,
    /// How this leg responded.
    #[schema(schema_with = crate::api::schema::class_or_null)]
    pub class: Option<SymptomClass>,
}

impl From<&SideLevels> for LegView {
    fn from(s: &SideLevels) -> LegView {
        LegView { before: s.pre, after: s.post, later: s.late, class: s.class() }
    }
}

/// An exercise as logged.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExerciseLogView {
    /// Exercise id.
    pub id: String,
    /// Rounds done.
    pub sets_done: u32,
    /// Repetitions done in all.
    pub reps_done: u32,
    /// Seconds each hold lasted.
    pub hold_seconds: Option<u32>,
    /// The planned dose was finished.
    pub completed: bool,
    /// What it did to the leg symptoms.
    #[schema(schema_with = crate::api::schema::response_or_null)]
    pub response: Option<Moved>,
}

/// A logged session.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionView {
    /// Id.
    pub id: String,
    /// The programme followed.
    pub program_id: Option<String>,
    /// The slot.
    #[schema(schema_with = crate::api::schema::slot)]
    pub slot: Slot,
    /// The person's local date.
    #[schema(value_type = String, format = Date)]
    pub local_date: Date,
    /// Start.
    #[schema(schema_with = crate::api::schema::instant)]
    pub started_at: Timestamp,
    /// End.
    #[schema(schema_with = crate::api::schema::instant)]
    pub ended_at: Timestamp,
    /// Leg pain before (0–10).
    #[schema(schema_with = crate::api::schema::pain_or_null)]
    pub leg_pain_before: Option<Pain>,
    /// Leg pain after.
    #[schema(schema_with = crate::api::schema::pain_or_null)]
    pub leg_pain_after: Option<Pain>,
    /// Back pain before.
    #[schema(schema_with = crate::api::schema::pain_or_null)]
    pub back_pain_before: Option<Pain>,
    /// Back pain after.
    #[schema(schema_with = crate::api::schema::pain_or_null)]
    pub back_pain_after: Option<Pain>,
    /// The left leg.
    pub left: LegView,
    /// The right leg.
    pub right: LegView,
    /// How the symptoms responded (the worse leg).
    #[schema(schema_with = crate::api::schema::class_or_null)]
    pub class: Option<SymptomClass>,
    /// Minutes of walking before leg symptoms start.
    pub walking_minutes: Option<u32>,
    /// Minutes of sitting tolerated.
    pub sitting_minutes: Option<u32>,
    /// The pain was more than the person could cope with.
    pub cannot_cope: bool,
    /// Stopped by a stop rule.
    pub stopped: bool,
    /// An easier version was in force.
    pub regression_applied: bool,
    /// Notes.
    pub notes: Option<String>,
    /// The exercises, in order.
    pub exercises: Vec<ExerciseLogView>,
}

impl From<&Session> for SessionView {
    fn from(s: &Session) -> SessionView {
        let r = &s.record;
        SessionView {
            id: s.id.clone(),
            program_id: s.program_id.clone(),
            slot: r.slot,
            local_date: r.date,
            started_at: r.started_at,
            ended_at: s.ended_at,
            leg_pain_before: r.leg_pain_before,
            leg_pain_after: r.leg_pain_after,
            back_pain_before: r.back_pain_before,
            back_pain_after: r.back_pain_after,
            left: (&r.left).into(),
            right: (&r.right).into(),
            class: r.class(),
            walking_minutes: r.walking_minutes,
            sitting_minutes: r.sitting_minutes,
            cannot_cope: r.cannot_cope,
            stopped: r.stopped,
            regression_applied: r.regression_applied,
            notes: s.notes.clone(),
            exercises: s
                .exercises
                .iter()
                .map(|e| ExerciseLogView {
                    id: e.exercise_id.clone(),
                    sets_done: e.sets_done,
                    reps_done: e.reps_done,
                    hold_seconds: e.hold_seconds,
                    completed: e.completed,
                    response: e.response,
                })
                .collect(),
        }
    }
}

/// Which sessions to list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SessionsQuery {
    /// At most this many, newest first (1–100, default 100).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
    /// Only sessions that started before this instant (RFC 3339), to page back.
    #[param(format = DateTime)]
    pub before: Option<String>,
}

/// Logged sessions, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/sessions",
    operation_id = "list_sessions",
    tag = "sessions",
    params(SessionsQuery),
    responses(
        (status = 200, description = "Sessions, newest first", body = Vec<SessionView>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No patient record of yours", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad parameter; the problem names it", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiQuery(q): ApiQuery<SessionsQuery>,
) -> ApiResult<Json<Vec<SessionView>>> {
    let id = patient_id(&state, &user, Action::ReadRecord).await?;
    let limit = q.limit.unwrap_or(100);
    if !(1..=100).contains(&limit) {
        return Err(AppError::invalid("limit", format!("{limit} is not allowed; allowed: 1 to 100")).into());
    }
    let mut problems = Vec::new();
    let before = crate::api::session_body::instant(&mut problems, "before", q.before.as_deref());
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems).into());
    }
    let sessions = state.store.newest_sessions(&id, limit, before).await?;
    Ok(Json(sessions.iter().map(SessionView::from).collect()))
}

/// One session.
#[utoipa::path(
    get,
    path = "/api/v1/sessions/{id}",
    operation_id = "get_session",
    tag = "sessions",
    params(("id" = String, Path, description = "The session's id")),
    responses(
        (status = 200, description = "The session", body = SessionView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such session of yours", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn one(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(session): Path<String>,
) -> ApiResult<Json<SessionView>> {
    let id = patient_id(&state, &user, Action::ReadRecord).await?;
    Ok(Json((&state.store.session(&id, &session).await?).into()))
}
