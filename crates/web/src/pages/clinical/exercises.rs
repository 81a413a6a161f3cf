//! `/clinic/patients/{id}/program/exercises`: the programme's exercises with their doses, and
//! forms to add one, take one out or change a dose. An exercise marked "avoid" for the cause is
//! refused with the content's reason; one outside the protocol is saved with a warning shown here.

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
use sciatica_core::care::Act;
use sciatica_store::person::Person;
use serde::Deserialize;

/// An exercise of the programme, as shown.
struct Item {
    id: String,
    name: String,
    dose: String,
    sets: u32,
    reps: u32,
    hold: Option<u32>,
    minutes: bool,
    added: bool,
}

#[derive(Template)]
#[template(path = "clinic_exercises.html")]
struct ExercisesPage {
    layout: Layout,
    head: Head,
    programme: String,
    has_program: bool,
    items: Vec<Item>,
    removed: Vec<String>,
    library: Vec<(String, String)>,
    saved: bool,
    warnings: Vec<String>,
    form: EditForm,
    errors: Errors,
}

impl ExercisesPage {
    /// The problem with a field, in words.
    fn said(&self, field: &str) -> Option<String> {
        self.errors.get(field).map(|m| super::said(field, m))
    }
}

/// The form as sent.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct EditForm {
    #[serde(default)]
    change: String,
    #[serde(default)]
    exercise: String,
    #[serde(default)]
    sets: String,
    #[serde(default)]
    reps: String,
    #[serde(default)]
    hold_seconds: String,
    #[serde(default)]
    reason: String,
}

fn page(
    state: &AppState,
    user: &CurrentUser,
    person: &Person,
    form: EditForm,
    errors: Errors,
) -> ExercisesPage {
    let c = state.content;
    let r = &person.record;
    let edits = r.program.as_ref().map(|p| p.edits.clone()).unwrap_or_default();
    let items = r
        .programme_exercises(c, person.today)
        .into_iter()
        .map(|e| Item {
            dose: crate::words::dose(&e.dosage()),
            sets: e.sets,
            reps: e.reps,
            hold: e.hold_seconds,
            minutes: e.minutes.is_some(),
            added: edits.added.contains(&e.id),
            id: e.id,
            name: e.name,
        })
        .collect();
    let programme = match r.protocol() {
        Some((protocol, phase)) => format!("{}, {}", c.protocol(protocol).name, crate::words::phase(phase)),
        None => String::new(),
    };
    ExercisesPage {
        layout: layout(user),
        head: Head::of(person),
        programme,
        has_program: r.program.is_some(),
        items,
        removed: edits.removed.iter().map(|id| super::exercise_name(c, id)).collect(),
        library: c
            .exercises
            .iter()
            .map(|e| (e.id.clone(), format!("{} ({})", e.plain_name, e.code)))
            .collect(),
        saved: false,
        warnings: Vec::new(),
        form,
        errors,
    }
}

/// `GET /clinic/patients/{id}/program/exercises`.
pub async fn show(State(state): State<AppState>, user: CurrentUser, Path(id): Path<String>) -> PageResult {
    let (_, person) = load(&state, &user, &id).await?;
    render(&page(&state, &user, &person, EditForm::default(), Errors::default()))
}

fn act_of(f: &EditForm) -> Result<(Act, Option<String>), AppError> {
    let dose = clinical::dose(
        clinical::number("sets", &f.sets, "1 to 5")?,
        clinical::number("reps", &f.reps, "1 to 30")?,
        clinical::number("hold_seconds", &f.hold_seconds, "1 to 600")?,
    );
    Ok((Act::Edit(clinical::edit(&f.change, &f.exercise, dose)?), clinical::reason(Some(&f.reason))?))
}

/// `POST /clinic/patients/{id}/program/exercises`: the page again, with what was saved and any
/// warning, or with the refusal.
pub async fn submit(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    Form(f): Form<EditForm>,
) -> PageResult {
    let (allowed, person) = load(&state, &user, &id).await?;
    let done = match act_of(&f) {
        Ok((act, why)) => clinical::treat(&state, &user, &allowed, &act, why.as_deref()).await,
        Err(e) => Err(e),
    };
    match done {
        Ok(t) => {
            let person = clinical::patient(&state, &allowed).await?;
            let mut p = page(&state, &user, &person, EditForm::default(), Errors::default());
            p.saved = true;
            p.warnings = t.warnings;
            render(&p)
        }
        Err(e) => {
            let errors = Errors::from_error(e)?;
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &page(&state, &user, &person, f, errors))
        }
    }
}
