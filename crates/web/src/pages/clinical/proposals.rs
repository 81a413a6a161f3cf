//! `/clinic/patients/{id}/proposals/{proposal_id}`: a proposal of the progression engine with
//! its figures, and the form to accept, change or reject it (the person sees the result and the
//! reason).

use super::{Head, layout, load};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::clinical;
use crate::error::{AppError, PageResult};
use crate::pages::{Errors, Layout, render, render_status};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use sciatica_core::Content;
use sciatica_core::care::{Act, Waiting};
use sciatica_core::progression::Proposal;
use sciatica_store::person::Person;
use serde::Deserialize;

/// A proposal in a line, for the clinician.
pub fn describe(c: &Content, p: &Proposal) -> String {
    match p {
        Proposal::ProgressPhase { to, .. } => {
            format!("Move on to phase {to}: every criterion of the phase holds")
        }
        Proposal::RegressPhase { to, stop_events } => {
            format!("Drop back to phase {to}: {stop_events} sessions with a stop in the last 7 days")
        }
        Proposal::RemoveExercise { exercise } => format!(
            "{} was taken out: symptoms moved down the leg with it twice in 7 days",
            super::exercise_name(c, exercise)
        ),
        Proposal::RegressExercise { exercise, .. } | Proposal::Unlock { exercise, .. } => {
            super::exercise_name(c, exercise)
        }
    }
}

#[derive(Template)]
#[template(path = "clinic_proposal.html")]
struct ProposalPage {
    layout: Layout,
    head: Head,
    id: String,
    text: String,
    figures: Vec<String>,
    phase_proposal: bool,
    phases: u8,
    form: DecisionForm,
    errors: Errors,
}

impl ProposalPage {
    /// The problem with a field, in words.
    fn said(&self, field: &str) -> Option<String> {
        self.errors.get(field).map(|m| super::said(field, m))
    }
}

/// The form as sent.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    phase: String,
    #[serde(default)]
    sets: String,
    #[serde(default)]
    reps: String,
    #[serde(default)]
    reason: String,
}

fn waiting(state: &AppState, person: &Person, pid: &str) -> Result<Waiting, AppError> {
    person
        .record
        .proposals_waiting(state.content, person.today)
        .into_iter()
        .find(|w| w.id == pid)
        .ok_or(AppError::NotFound)
}

fn page(
    state: &AppState,
    user: &CurrentUser,
    person: &Person,
    w: &Waiting,
    form: DecisionForm,
    errors: Errors,
) -> ProposalPage {
    let c = state.content;
    let figures = match &w.proposal {
        Proposal::ProgressPhase { checks, .. } => checks.iter().map(crate::words::criterion).collect(),
        _ => Vec::new(),
    };
    let (protocol, _) = person.record.protocol().unwrap_or((sciatica_core::Cause::Undiagnosed, 1));
    ProposalPage {
        layout: layout(user),
        head: Head::of(person),
        id: w.id.clone(),
        text: describe(c, &w.proposal),
        figures,
        phase_proposal: !matches!(w.proposal, Proposal::RemoveExercise { .. }),
        phases: u8::try_from(c.protocol(protocol).phases.len()).unwrap_or(1),
        form,
        errors,
    }
}

/// `GET /clinic/patients/{id}/proposals/{proposal_id}`.
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, pid)): Path<(String, String)>,
) -> PageResult {
    let (_, person) = load(&state, &user, &id).await?;
    let w = waiting(&state, &person, &pid)?;
    render(&page(&state, &user, &person, &w, DecisionForm::default(), Errors::default()))
}

fn act_of(pid: &str, f: &DecisionForm) -> Result<(Act, Option<String>), AppError> {
    let verdict = clinical::verdict(&f.decision)
        .map_err(|_| AppError::invalid("decision", "choose accept, change or reject"))?;
    let edit = verdict == sciatica_core::care::Verdict::Edit;
    let phase = if edit && !f.phase.trim().is_empty() { Some(clinical::phase(&f.phase)?) } else { None };
    let (sets, reps) = if edit {
        (clinical::number("sets", &f.sets, "1 to 5")?, clinical::number("reps", &f.reps, "1 to 30")?)
    } else {
        (None, None)
    };
    let act =
        Act::Decide { proposal: pid.to_owned(), verdict, phase, dose: clinical::dose(sets, reps, None) };
    Ok((act, clinical::reason(Some(&f.reason))?))
}

/// `POST /clinic/patients/{id}/proposals/{proposal_id}`.
pub async fn submit(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, pid)): Path<(String, String)>,
    Form(f): Form<DecisionForm>,
) -> PageResult {
    let (allowed, person) = load(&state, &user, &id).await?;
    let w = waiting(&state, &person, &pid)?;
    let done = match act_of(&pid, &f) {
        Ok((act, why)) => clinical::treat(&state, &user, &allowed, &act, why.as_deref()).await.map(|_| ()),
        Err(e) => Err(e),
    };
    match done {
        Ok(()) => Ok(Redirect::to(&format!("/clinic/patients/{id}/actions?saved=decide")).into_response()),
        Err(e) => {
            let errors = Errors::from_error(e)?;
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &page(&state, &user, &person, &w, f, errors))
        }
    }
}
