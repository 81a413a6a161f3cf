//! `GET /api/v1/program` and `PATCH /api/v1/program`: the programme, its phase and the
//! symptom-response trials the person chose (the same rules as the programme page).

use crate::AppState;
use crate::api::extract::ApiJson;
use crate::auth::ApiUser;
use crate::error::{ApiResult, AppError, Problem};
use crate::pages::patient::person;
use axum::Json;
use axum::extract::State;
use jiff::Timestamp;
use jiff::civil::Date;
use sciatica_core::policy::Action;
use sciatica_core::progression::Proposal;
use sciatica_core::{Cause, Content, Family};
use sciatica_store::person::{Person, Today};
use sciatica_store::programs::{NewProgram, SetBy};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A symptom-response trial offered in this phase.
#[derive(Debug, Serialize, ToSchema)]
pub struct TrialView {
    /// Exercise id.
    pub id: String,
    /// Plain name.
    pub name: String,
    /// What to know before trying it.
    pub note: String,
    /// The person has started it.
    pub on: bool,
}

/// The programme.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgramView {
    /// Id of the current programme row (a change starts a new one).
    pub id: String,
    /// The cause recorded.
    #[schema(schema_with = crate::api::schema::cause)]
    pub cause: Cause,
    /// A clinician cleared the person to exercise.
    pub cleared: bool,
    /// The family of the programme followed (`general_gentle` until cleared with a cause).
    #[schema(schema_with = crate::api::schema::family)]
    pub family: Family,
    /// The programme's name.
    pub programme: String,
    /// What the programme is about.
    pub summary: String,
    /// The phase followed.
    pub phase: u8,
    /// How many phases the programme has.
    pub phases: u8,
    /// The local date the programme began.
    #[schema(value_type = String, format = Date)]
    pub started_on: Date,
    /// The local date the phase began.
    #[schema(value_type = String, format = Date)]
    pub phase_started_on: Date,
    /// The cautious programme, until a clinician confirms the cause and clears the person.
    pub gentle: bool,
    /// No programme may be shown now (see `GET /api/v1/status`).
    pub blocked: bool,
    /// Every criterion of the phase holds: the person may move to this phase.
    pub ready_for_phase: Option<u8>,
    /// The trials offered in this phase.
    pub trials: Vec<TrialView>,
    /// Changes in force and proposals from the log (`kind`: `progress_phase`, `regress_phase`,
    /// `regress_exercise`, `remove_exercise`, `unlock`).
    #[schema(value_type = Vec<Object>)]
    pub proposals: Vec<serde_json::Value>,
    /// The easiest position to ease the leg.
    pub relief_position: String,
}

fn view(c: &Content, person: &Person) -> Result<ProgramView, AppError> {
    let current = person.record.program.clone().ok_or(AppError::NotFound)?;
    let assessment = person.assessment(c);
    let (protocol, phase) = person.record.protocol().unwrap_or((Cause::Undiagnosed, 1));
    let proto = c.protocol(protocol);
    let blocked = !matches!(person.today_plan(c)?.0, Today::Plan(_));
    let trials = proto
        .phase(phase)
        .map(|ph| {
            ph.exercises
                .iter()
                .filter(|e| e.trial)
                .map(|e| TrialView {
                    id: e.id.clone(),
                    name: c.exercise(&e.id).map_or_else(|| e.id.clone(), |x| x.plain_name.clone()),
                    note: e.note.clone().unwrap_or_default(),
                    on: current.trials.contains(&e.id),
                })
                .collect()
        })
        .unwrap_or_default();
    let proposals = assessment.as_ref().map_or_else(Vec::new, |a| a.proposals.clone());
    Ok(ProgramView {
        id: current.id.clone(),
        cause: current.cause,
        cleared: current.cleared,
        family: proto.family,
        programme: proto.name.clone(),
        summary: proto.summary.clone(),
        phase,
        phases: u8::try_from(proto.phases.len()).unwrap_or(1),
        started_on: current.started_on,
        phase_started_on: current.phase_started_on,
        gentle: protocol == Cause::Undiagnosed,
        blocked,
        ready_for_phase: proposals.iter().find_map(|p| match p {
            Proposal::ProgressPhase { to, .. }
                if sciatica_core::care::proposal_id(p)
                    .is_none_or(|id| person.record.decided(&id).is_none()) =>
            {
                Some(*to)
            }
            _ => None,
        }),
        trials,
        proposals: proposals.iter().filter_map(|p| serde_json::to_value(p).ok()).collect(),
        relief_position: c.cause(current.cause).relief_position.clone(),
    })
}

/// The programme.
#[utoipa::path(
    get,
    path = "/api/v1/program",
    operation_id = "get_program",
    tag = "programme",
    responses(
        (status = 200, description = "The programme", body = ProgramView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No programme yet (answer the safety questions first), or no patient record of yours", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn get_program(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> ApiResult<Json<ProgramView>> {
    let person = person(&state, &user, Action::ReadRecord).await?;
    Ok(Json(view(state.content, &person)?))
}

/// A change of phase or of trials (each field optional).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgramChange {
    /// Move to this phase (1 to the programme's phases; not for the cautious programme).
    #[serde(default)]
    #[schema(minimum = 1, maximum = 3)]
    pub phase: Option<u8>,
    /// Start a trial of this phase (an exercise id from `trials`).
    #[serde(default)]
    pub start_trial: Option<String>,
    /// End a trial the person started.
    #[serde(default)]
    pub end_trial: Option<String>,
}

/// Moves to a phase, or starts or ends a trial.
#[utoipa::path(
    patch,
    path = "/api/v1/program",
    operation_id = "change_program",
    tag = "programme",
    request_body = ProgramChange,
    responses(
        (status = 200, description = "The programme after the change", body = ProgramView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No programme yet, or no patient record of yours", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 64 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad input; the problem names the field", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn patch_program(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(change): ApiJson<ProgramChange>,
) -> ApiResult<Json<ProgramView>> {
    let person = person(&state, &user, Action::WriteRecord).await?;
    let c = state.content;
    if person.record.program.is_none() {
        return Err(AppError::NotFound.into());
    }
    let asked = sciatica_store::person::ProgramChange {
        phase: change.phase,
        start_trials: change.start_trial.into_iter().collect(),
        end_trials: change.end_trial.into_iter().collect(),
    };
    match person.record.change_program(c, &asked, person.today) {
        Ok(Some(next)) => {
            let next = NewProgram::from_next(next, SetBy::SelfManager);
            state.store.start_program(&person.patient.id, &next, Timestamp::now()).await?;
        }
        Ok(None) => {}
        Err(refused) => return Err(crate::pages::program::refusal(refused, "start_trial").into()),
    }
    let person = crate::pages::patient::person(&state, &user, Action::ReadRecord).await?;
    Ok(Json(view(c, &person)?))
}
