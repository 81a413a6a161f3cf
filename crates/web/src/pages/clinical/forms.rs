//! The small form pages of the clinical actions: the cause, clearance, acknowledgement, starting
//! a programme, the phase, and a note for the person. A refused form is shown again with the
//! field named; a saved one goes back to the index.

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
use sciatica_core::Cause;
use sciatica_core::care::Act;
use sciatica_store::person::Person;
use serde::Deserialize;

/// Which form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// The cause.
    Cause,
    /// Clearance to exercise.
    Clearance,
    /// Acknowledge an urgent result or alert.
    Acknowledge,
    /// Start a programme.
    Program,
    /// Move phase.
    Phase,
    /// A note for the person.
    Note,
}

impl Which {
    fn path(self) -> &'static str {
        match self {
            Which::Cause => "cause",
            Which::Clearance => "clearance",
            Which::Acknowledge => "acknowledge",
            Which::Program => "program",
            Which::Phase => "phase",
            Which::Note => "note",
        }
    }
}

#[derive(Template)]
#[template(path = "clinic_form.html")]
struct FormPage {
    layout: Layout,
    head: Head,
    form: &'static str,
    causes: Vec<(&'static str, String)>,
    phases: u8,
    current: String,
    urgent: Vec<String>,
    value: String,
    reason: String,
    errors: Errors,
}

impl FormPage {
    /// The problem with a field, in words.
    fn said(&self, field: &str) -> Option<String> {
        self.errors.get(field).map(|m| super::said(field, m))
    }
}

/// A form as sent (each form uses some of the fields).
#[derive(Debug, Default, Deserialize)]
pub struct ActionForm {
    #[serde(default)]
    cause: String,
    #[serde(default)]
    cleared: String,
    #[serde(default)]
    phase: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    reason: String,
}

impl ActionForm {
    fn value(&self, which: Which) -> &str {
        match which {
            Which::Cause => &self.cause,
            Which::Clearance => &self.cleared,
            Which::Program | Which::Phase => &self.phase,
            Which::Acknowledge | Which::Note => &self.note,
        }
    }
}

fn page(
    state: &AppState,
    user: &CurrentUser,
    person: &Person,
    which: Which,
    f: &ActionForm,
    errors: Errors,
) -> FormPage {
    let c = state.content;
    let r = &person.record;
    let program = r.program.as_ref();
    let cause = r.care.cause.or(program.map(|p| p.cause));
    let (protocol, phase) = r.protocol().unwrap_or((Cause::Undiagnosed, 1));
    let current = match which {
        Which::Cause => cause
            .map_or_else(|| "No cause is recorded yet.".to_owned(), |x| format!("Now: {}.", c.cause(x).name)),
        Which::Clearance => match r.care.cleared.or(program.map(|p| p.cleared)) {
            Some(true) => "Now: cleared to exercise.".to_owned(),
            Some(false) => "Now: not cleared to exercise.".to_owned(),
            None => "Nothing is recorded yet.".to_owned(),
        },
        Which::Program | Which::Phase => match program {
            Some(_) => format!("Now: {}, {}.", c.protocol(protocol).name, crate::words::phase(phase)),
            None => "There is no programme yet.".to_owned(),
        },
        Which::Acknowledge => String::new(),
        Which::Note => {
            r.care.note.as_ref().map_or_else(String::new, |n| format!("The person sees now: “{}”", n.text))
        }
    };
    let status = person.status(c);
    let mut urgent: Vec<String> = if r.urgent.is_some() {
        status
            .reasons
            .iter()
            .filter(|x| x.urgency >= sciatica_core::Urgency::SameDay)
            .map(|x| format!("{}: {}", x.rule, x.condition))
            .collect()
    } else {
        Vec::new()
    };
    urgent.extend(r.alerts.iter().map(|a| {
        let condition = c.rule(&a.rule).map_or("", |x| x.condition.as_str());
        format!("Alert {}: {condition} (raised {})", a.rule, super::when(person, a.raised_at))
    }));
    let start_cause = cause.unwrap_or(Cause::Undiagnosed);
    let cleared = r.care.cleared.or(program.map(|p| p.cleared)).unwrap_or(false);
    let drawn = if cleared && start_cause != Cause::Undiagnosed { start_cause } else { Cause::Undiagnosed };
    let phases = match which {
        Which::Program => c.protocol(drawn).phases.len(),
        _ => c.protocol(protocol).phases.len(),
    };
    FormPage {
        layout: layout(user),
        head: Head::of(person),
        form: which.path(),
        causes: Cause::ALL.iter().map(|x| (x.as_str(), c.cause(*x).name.clone())).collect(),
        phases: u8::try_from(phases).unwrap_or(1),
        current,
        urgent,
        value: f.value(which).to_owned(),
        reason: f.reason.clone(),
        errors,
    }
}

/// `GET /clinic/patients/{id}/{form}`.
pub async fn show(state: &AppState, user: &CurrentUser, id: &str, which: Which) -> PageResult {
    let (_, person) = load(state, user, id).await?;
    render(&page(state, user, &person, which, &ActionForm::default(), Errors::default()))
}

fn act_of(which: Which, f: &ActionForm) -> Result<(Act, Option<String>), AppError> {
    let reason = clinical::reason(Some(&f.reason))?;
    Ok(match which {
        Which::Cause => (Act::Cause(clinical::cause(&f.cause)?), reason),
        Which::Clearance => (Act::Clearance(clinical::yes_no("cleared", &f.cleared)?), reason),
        Which::Acknowledge => (Act::Acknowledge, crate::api::extract::free_text("note", &f.note, 2000)?),
        Which::Program => (Act::StartProgram { phase: clinical::phase(&f.phase)? }, reason),
        Which::Phase => (Act::Phase(clinical::phase(&f.phase)?), reason),
        Which::Note => (Act::Note, clinical::note(&f.note)?),
    })
}

/// `POST /clinic/patients/{id}/{form}`.
pub async fn submit(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
    which: Which,
    f: ActionForm,
) -> PageResult {
    let (allowed, person) = load(state, user, id).await?;
    let done = match act_of(which, &f) {
        Ok((act, why)) => clinical::treat(state, user, &allowed, &act, why.as_deref()).await.map(|_| ()),
        Err(e) => Err(e),
    };
    match done {
        Ok(()) => {
            Ok(Redirect::to(&format!("/clinic/patients/{id}/actions?saved={}", which.path())).into_response())
        }
        Err(e) => {
            let errors = Errors::from_error(e)?;
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &page(state, user, &person, which, &f, errors))
        }
    }
}

macro_rules! form_routes {
    ($($get:ident, $post:ident => $which:expr;)+) => {$(
        /// The form page.
        pub async fn $get(State(state): State<AppState>, user: CurrentUser, Path(id): Path<String>) -> PageResult {
            show(&state, &user, &id, $which).await
        }

        /// The form sent.
        pub async fn $post(
            State(state): State<AppState>,
            user: CurrentUser,
            Path(id): Path<String>,
            Form(f): Form<ActionForm>,
        ) -> PageResult {
            submit(&state, &user, &id, $which, f).await
        }
    )+};
}

form_routes! {
    cause_page, cause => Which::Cause;
    clearance_page, clearance => Which::Clearance;
    acknowledge_page, acknowledge => Which::Acknowledge;
    program_page, program => Which::Program;
    phase_page, phase => Which::Phase;
    note_page, note => Which::Note;
}
