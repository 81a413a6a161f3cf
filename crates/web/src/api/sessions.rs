//! Sessions: `POST /api/v1/sessions` (log one; every value checked before anything is written,
//! then the history rules run), `GET /api/v1/sessions` and `GET /api/v1/sessions/{id}`.

use crate::AppState;
use crate::api::extract::{ApiJson, ApiQuery, created};
use crate::api::plan::blocked;
use crate::api::session_body::NewSessionBody;
use crate::api::status::{AlertView, status_of};
use crate::auth::ApiUser;
use crate::error::{ApiResult, AppError, Problem};
use crate::pages::patient::{patient_id, person};
use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use sciatica_core::SymptomClass;
pub use sciatica_core::history::view::{LegView, SessionView};
use sciatica_core::policy::Action;
use sciatica_store::person::Today;
use sciatica_store::sessions::{Finish, Finished};
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
    let v = body.check(c, person.now, |t| person.record.slot_for(&person.schedule, t))?;
    let pid = person.patient.id.as_str();
    let mut s = v.session;
    s.program_id = person.record.program.as_ref().map(|p| p.id.clone());
    if v.id_given
        && let Ok(stored) = state.store.session(pid, &s.id).await
    {
        // A retry of a session already stored: answered from the store, whatever the plan is now
        // (and in the slot it was given then, when the body names none).
        s.regression_applied = stored.regression_applied;
        if !v.slot_given {
            s.slot = stored.slot;
        }
        let finish = Finish { timed_on_arrival: v.timed_on_arrival, ..Finish::new(pid, s) };
        return match state.store.finish_session(c, finish).await? {
            Finished::Again => Ok(Json(SessionView::from(&stored)).into_response()),
            Finished::Stored(_) => Err(AppError::Internal("a stored session was stored again".into()).into()),
        };
    }
    let plan = match person.today_plan(c)?.0 {
        Today::Plan(p) => p,
        Today::NotScreened | Today::Blocked(_) => return Ok(blocked(status_of(c, &person)?)),
    };
    s.regression_applied = plan.exercises.iter().any(|e| e.regressed || e.replaces.is_some());
    let (id, class) = (s.id.clone(), s.class());
    let finish = Finish { timed_on_arrival: v.timed_on_arrival, ..Finish::new(pid, s) };
    match state.store.finish_session(c, finish).await? {
        Finished::Stored(raised) => {
            let alerts = raised.iter().filter_map(|a| AlertView::of(c, &a.into())).collect();
            Ok(created(&format!("/api/v1/sessions/{id}"), &Logged { id: id.clone(), class, alerts }))
        }
        Finished::Again => {
            let stored = state.store.session(pid, &id).await?;
            Ok(Json(SessionView::from(&stored)).into_response())
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
