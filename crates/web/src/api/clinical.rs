//! Clinical actions on a patient of the clinician's care team (`/api/v1/patients/{id}/...`):
//! confirm the cause, record clearance, acknowledge an urgent result or alert, start and change
//! the programme, move the phase, decide a proposal, leave a note, and the versioned history.
//! Each is the policy's `Treat` (audited; see [`Treating`]); another clinician's patient answers
//! 404. The core decides what an action changes.

use crate::AppState;
use crate::api::clinical_views::{
    AcknowledgementBody, ActionsView, CauseBody, ClearanceBody, DecisionBody, EditBody, NoteBody, PhaseBody,
    StartBody, TreatmentView, WaitingView,
};
use crate::api::extract::created;
use crate::api::treating::{Refusals, Treating};
use crate::auth::ApiUser;
use crate::clinical;
use crate::error::{ApiResult, Problem};
use axum::Json;
use axum::extract::{Path, State};
use axum::response::Response;
use sciatica_core::care::Act;

fn created_view(patient: &str, t: &sciatica_store::clinical::Treatment) -> Response {
    created(&format!("/api/v1/patients/{patient}/actions"), &TreatmentView::from(t))
}

/// Confirms or changes the cause: the person's assessment then follows it, whatever their own
/// answers say.
#[utoipa::path(
    put,
    path = "/api/v1/patients/{id}/cause",
    operation_id = "confirm_cause",
    tag = "clinical",
    params(("id" = String, Path, description = "The patient's id")),
    request_body = CauseBody,
    responses(
        (status = 200, description = "Recorded", body = TreatmentView),
        Refusals,
        (status = 422, description = "Bad input; the problem names the field", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn put_cause(
    State(state): State<AppState>,
    t: Treating<CauseBody>,
) -> ApiResult<Json<TreatmentView>> {
    let act = Act::Cause(clinical::cause(&t.body.cause)?);
    let reason = clinical::reason(t.body.reason.as_deref())?;
    let done = t.act(&state, &act, reason.as_deref()).await?;
    Ok(Json((&done).into()))
}

/// Records whether the person may exercise: it wins over their own answer.
#[utoipa::path(
    put,
    path = "/api/v1/patients/{id}/clearance",
    operation_id = "record_clearance",
    tag = "clinical",
    params(("id" = String, Path, description = "The patient's id")),
    request_body = ClearanceBody,
    responses(
        (status = 200, description = "Recorded", body = TreatmentView),
        Refusals,
        (status = 422, description = "Bad input; the problem names the field", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn put_clearance(
    State(state): State<AppState>,
    t: Treating<ClearanceBody>,
) -> ApiResult<Json<TreatmentView>> {
    let reason = clinical::reason(t.body.reason.as_deref())?;
    let done = t.act(&state, &Act::Clearance(t.body.cleared), reason.as_deref()).await?;
    Ok(Json((&done).into()))
}

/// Acknowledges the urgent result and the open alerts with a note: the only way a clinician
/// lifts them.
#[utoipa::path(
    post,
    path = "/api/v1/patients/{id}/acknowledgements",
    operation_id = "acknowledge",
    tag = "clinical",
    params(("id" = String, Path, description = "The patient's id")),
    request_body = AcknowledgementBody,
    responses(
        (status = 201, description = "Acknowledged; the urgent result and open alerts are lifted", body = TreatmentView),
        Refusals,
        (status = 422, description = "Bad input; the problem names the field", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn acknowledge(
    State(state): State<AppState>,
    t: Treating<AcknowledgementBody>,
) -> ApiResult<Response> {
    let note = crate::api::extract::free_text("note", &t.body.note, 2000)?;
    let done = t.act(&state, &Act::Acknowledge, note.as_deref()).await?;
    Ok(created_view(t.patient_id(), &done))
}

/// Starts a programme from the cause's protocol (the confirmed cause and clearance), at a phase.
#[utoipa::path(
    post,
    path = "/api/v1/patients/{id}/program",
    operation_id = "start_program",
    tag = "clinical",
    params(("id" = String, Path, description = "The patient's id")),
    request_body = StartBody,
    responses(
        (status = 201, description = "Started", body = TreatmentView),
        Refusals,
        (status = 422, description = "Bad input; the problem names the field", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn start_program(State(state): State<AppState>, t: Treating<StartBody>) -> ApiResult<Response> {
    let reason = clinical::reason(t.body.reason.as_deref())?;
    let act = Act::StartProgram { phase: t.body.phase.unwrap_or(1) };
    let done = t.act(&state, &act, reason.as_deref()).await?;
    Ok(created_view(t.patient_id(), &done))
}

/// Adds an exercise, takes one out, or changes a dose. An exercise marked "avoid" for the cause
/// is refused with the reason; one outside the protocol is accepted with a warning.
#[utoipa::path(
    patch,
    path = "/api/v1/patients/{id}/program",
    operation_id = "edit_program",
    tag = "clinical",
    params(("id" = String, Path, description = "The patient's id")),
    request_body = EditBody,
    responses(
        (status = 200, description = "Changed; `warnings` says what is outside the protocol", body = TreatmentView),
        Refusals,
        (status = 422, description = "Bad input, or an exercise not suitable for the cause; the problem names the field and says why", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn edit_program(
    State(state): State<AppState>,
    t: Treating<EditBody>,
) -> ApiResult<Json<TreatmentView>> {
    let dose = clinical::dose(t.body.sets, t.body.reps, t.body.hold_seconds);
    let act = Act::Edit(clinical::edit(&t.body.change, &t.body.exercise, dose)?);
    let reason = clinical::reason(t.body.reason.as_deref())?;
    let done = t.act(&state, &act, reason.as_deref()).await?;
    Ok(Json((&done).into()))
}

/// Moves the programme to a phase.
#[utoipa::path(
    put,
    path = "/api/v1/patients/{id}/phase",
    operation_id = "move_phase",
    tag = "clinical",
    params(("id" = String, Path, description = "The patient's id")),
    request_body = PhaseBody,
    responses(
        (status = 200, description = "Moved", body = TreatmentView),
        Refusals,
        (status = 422, description = "Bad input; the problem names the field", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn put_phase(
    State(state): State<AppState>,
    t: Treating<PhaseBody>,
) -> ApiResult<Json<TreatmentView>> {
    let reason = clinical::reason(t.body.reason.as_deref())?;
    let done = t.act(&state, &Act::Phase(t.body.phase), reason.as_deref()).await?;
    Ok(Json((&done).into()))
}

/// Accepts, edits or rejects a proposal of the progression engine; the person sees the result and
/// the reason.
#[utoipa::path(
    post,
    path = "/api/v1/patients/{id}/proposals/{proposal_id}",
    operation_id = "decide_proposal",
    tag = "clinical",
    params(
        ("id" = String, Path, description = "The patient's id"),
        ("proposal_id" = String, Path, description = "The proposal's id, from `proposals_waiting` of `GET /api/v1/patients/{id}/actions`"),
    ),
    request_body = DecisionBody,
    responses(
        (status = 201, description = "Decided", body = TreatmentView),
        Refusals,
        (status = 422, description = "Bad input, or no such proposal waiting; the problem names the field", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn decide(State(state): State<AppState>, t: Treating<DecisionBody>) -> ApiResult<Response> {
    let act = Act::Decide {
        proposal: t.param("proposal_id").to_owned(),
        verdict: clinical::verdict(&t.body.decision)?,
        phase: t.body.phase,
        dose: clinical::dose(t.body.sets, t.body.reps, t.body.hold_seconds),
    };
    let reason = clinical::reason(t.body.reason.as_deref())?;
    let done = t.act(&state, &act, reason.as_deref()).await?;
    Ok(created_view(t.patient_id(), &done))
}

/// Leaves a short note for the person's Today page (the latest is shown).
#[utoipa::path(
    post,
    path = "/api/v1/patients/{id}/notes",
    operation_id = "leave_note",
    tag = "clinical",
    params(("id" = String, Path, description = "The patient's id")),
    request_body = NoteBody,
    responses(
        (status = 201, description = "Saved; the person sees it on their Today page", body = TreatmentView),
        Refusals,
        (status = 422, description = "Bad input; the problem names the field", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn note(State(state): State<AppState>, t: Treating<NoteBody>) -> ApiResult<Response> {
    let note = clinical::note(&t.body.note)?;
    let done = t.act(&state, &Act::Note, note.as_deref()).await?;
    Ok(created_view(t.patient_id(), &done))
}

/// The versioned history of clinical actions (who, when, why), what is in force, and the
/// proposals waiting for a decision.
#[utoipa::path(
    get,
    path = "/api/v1/patients/{id}/actions",
    operation_id = "list_clinical_actions",
    tag = "clinical",
    params(("id" = String, Path, description = "The patient's id")),
    responses(
        (status = 200, description = "The history, newest first", body = ActionsView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not a patient of your care team", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn actions(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> ApiResult<Json<ActionsView>> {
    let allowed = clinical::may_treat(&state, &user, &id).await?;
    let person = clinical::patient(&state, &allowed).await?;
    let waiting = person
        .record
        .proposals_waiting(state.content, person.today)
        .into_iter()
        .map(|w| WaitingView { id: w.id, proposal: serde_json::to_value(&w.proposal).unwrap_or_default() })
        .collect();
    let all = state.store.clinical_actions(&id).await?;
    Ok(Json(ActionsView::of(&all, &person.record, waiting)))
}
