//! The programme page, the exercise pages with their figures, the learn pages, and recording that
//! a clinician has seen the person.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, PageResult};
use crate::pages::patient::{patient_id, person};
use crate::pages::{Layout, render, render_status};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use sciatica_core::Cause;
use sciatica_core::policy::Action;
use sciatica_core::progression::{Proposal, StopReason};
use sciatica_interop::figure::{self, Frame, Labels};
use sciatica_store::person::{ChangeRefused, ProgramChange, Today};
use sciatica_store::screenings::AckBy;
use serde::Deserialize;

struct Item {
    id: String,
    name: String,
    /// The thumbnail's height at 160 wide.
    thumb_h: u32,
    dose: String,
    note: Option<String>,
    trial: bool,
    easier: Option<String>,
}

struct TrialView {
    id: String,
    name: String,
    note: String,
    on: bool,
}

#[derive(Template)]
#[template(path = "program.html")]
struct ProgramPage {
    layout: Layout,
    cause: String,
    programme: String,
    phase: u8,
    phase_name: &'static str,
    summary: String,
    items: Vec<Item>,
    blocked: bool,
    gentle: bool,
    ready: Option<u8>,
    changes: Vec<String>,
    trials: Vec<TrialView>,
    relief: String,
    /// The latest note from a clinician (shown on Today).
    note: Option<super::from_clinician::NoteView>,
    /// The latest decision on a proposal, with its reason.
    decision: Option<super::from_clinician::DecisionView>,
}

fn phase_name(n: u8) -> &'static str {
    match n {
        1 => "relief",
        2 => "recovery",
        _ => "maintenance",
    }
}

/// `GET /program`.
pub async fn program(State(state): State<AppState>, user: CurrentUser) -> PageResult {
    let person = person(&state, &user, Action::ReadRecord).await?;
    let c = state.content;
    let Some(current) = person.record.program.clone() else {
        return Ok(Redirect::to("/screen").into_response());
    };
    let assessment = person.assessment(c);
    let (protocol, phase) = person.record.protocol().unwrap_or((Cause::Undiagnosed, 1));
    let proto = c.protocol(protocol);
    let mut page = ProgramPage {
        layout: Layout::for_user(&user, "today"),
        cause: c.cause(current.cause).plain_name.clone(),
        programme: proto.name.clone(),
        phase,
        phase_name: phase_name(phase),
        summary: proto.summary.clone(),
        items: Vec::new(),
        blocked: false,
        gentle: protocol == Cause::Undiagnosed,
        ready: None,
        changes: Vec::new(),
        trials: Vec::new(),
        relief: c.cause(current.cause).relief_position.clone(),
        note: None,
        decision: super::from_clinician::decision(c, &person),
    };
    match person.today_plan(c)?.0 {
        Today::Plan(plan) => {
            page.items = plan
                .exercises
                .iter()
                .map(|e| Item {
                    id: e.id.clone(),
                    name: e.name.clone(),
                    thumb_h: c.exercise(&e.id).map_or(96, |ex| figure_height(ex) * 2 / 5),
                    dose: format!(
                        "{} · {}",
                        crate::words::dose(&e.dosage()),
                        crate::words::per_day(e.times_per_day)
                    ),
                    note: e.note.clone(),
                    trial: e.trial,
                    easier: crate::words::easier(c, e),
                })
                .collect();
        }
        Today::Blocked(_) | Today::NotScreened => page.blocked = true,
    }
    if let Some(a) = &assessment {
        let name = |id: &str| c.exercise(id).map_or(id.to_owned(), |e| e.plain_name.clone());
        let decided = |p: &Proposal| {
            sciatica_core::care::proposal_id(p).is_some_and(|id| person.record.decided(&id).is_some())
        };
        for p in a.proposals.iter().filter(|p| !decided(p)) {
            match p {
                Proposal::ProgressPhase { to, .. } => page.ready = Some(*to),
                Proposal::RegressExercise { exercise, until, reason } => page.changes.push(format!(
                    "{} is in its easier version until {}, because {}.",
                    name(exercise),
                    until.strftime("%-d %B"),
                    if *reason == StopReason::MovedDown { "it sent symptoms down your leg" } else { "you stopped during it" }
                )),
                Proposal::RemoveExercise { exercise } => page.changes.push(format!(
                    "{} is out of your programme for now: it sent symptoms down your leg twice this week. Please tell your clinician.",
                    name(exercise)
                )),
                Proposal::RegressPhase { to, .. } => page.changes.push(format!(
                    "You stopped twice this week. Going back to phase {to} for a while may help; you can do that below."
                )),
                Proposal::Unlock { .. } => {}
            }
        }
    }
    if let Some(ph) = proto.phase(phase) {
        page.trials = ph
            .exercises
            .iter()
            .filter(|e| e.trial)
            .map(|e| TrialView {
                id: e.id.clone(),
                name: c.exercise(&e.id).map_or(e.id.clone(), |x| x.plain_name.clone()),
                note: e.note.clone().unwrap_or_default(),
                on: current.trials.contains(&e.id),
            })
            .collect();
    }
    render(&page)
}

/// The phase and trial form.
#[derive(Debug, Deserialize)]
pub struct ProgramForm {
    #[serde(default)]
    phase: Option<u8>,
    #[serde(default)]
    trial: Option<String>,
    #[serde(default)]
    end_trial: Option<String>,
}

/// A refused programme change as bad input naming the field (`start_trial` names the field that
/// starts a trial: it differs between the form and the API).
pub(crate) fn refusal(refused: ChangeRefused, start_trial: &str) -> AppError {
    match refused {
        ChangeRefused::Phase(p) => AppError::invalid("phase", p),
        ChangeRefused::StartTrial(p) => AppError::invalid(start_trial, p),
        ChangeRefused::EndTrial(p) => AppError::invalid("end_trial", p),
    }
}

/// `POST /program`: move to a phase, or start or end a trial.
pub async fn change(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(f): Form<ProgramForm>,
) -> PageResult {
    let person = person(&state, &user, Action::WriteRecord).await?;
    let c = state.content;
    if person.record.program.is_none() {
        return Err(AppError::NotFound);
    }
    let asked = ProgramChange {
        phase: f.phase,
        start_trials: f.trial.into_iter().collect(),
        end_trials: f.end_trial.into_iter().collect(),
    };
    match person.record.change_program(c, &asked, person.today) {
        Ok(Some(next)) => {
            let next = sciatica_store::programs::NewProgram::from_next(
                next,
                sciatica_store::programs::SetBy::SelfManager,
            );
            state.store.start_program(&person.patient.id, &next, Timestamp::now()).await?;
        }
        Ok(None) => {}
        Err(refused) => return Err(refusal(refused, "trial")),
    }
    Ok(Redirect::to("/program").into_response())
}

#[derive(Template)]
#[template(path = "exercise.html")]
struct ExercisePage {
    layout: Layout,
    id: String,
    fig_h: u32,
    name: String,
    start: String,
    end: String,
    steps: Vec<String>,
    cues: Vec<String>,
    mistakes: Vec<String>,
    dose: String,
    dose_note: String,
    stop_when: Vec<String>,
    stop_rules: Vec<String>,
}

#[derive(Template)]
#[template(path = "exercise_paused.html")]
struct ExercisePaused {
    layout: Layout,
    screened: bool,
}

/// `GET /exercises/{id}`: the instructions, or (409) a calm page pointing to the advice while
/// exercise is paused.
pub async fn exercise(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> PageResult {
    let person = person(&state, &user, Action::ReadRecord).await?;
    let c = state.content;
    let ex = c.exercise(&id).ok_or(AppError::NotFound)?;
    let planned = match person.today_plan(c)?.0 {
        Today::Plan(p) => p.exercises.into_iter().find(|e| e.id == id),
        // Nothing clinical behind a block: no instructions while exercise is paused.
        Today::Blocked(_) | Today::NotScreened => {
            let layout = Layout::for_user(&user, "today");
            let screened = person.record.screen.is_some() && !person.record.screen_again();
            return render_status(StatusCode::CONFLICT, &ExercisePaused { layout, screened });
        }
    };
    let dose = planned.as_ref().map_or(ex.dosage, sciatica_core::plan::Planned::dosage);
    render(&ExercisePage {
        layout: Layout::for_user(&user, "today"),
        id: ex.id.clone(),
        fig_h: figure_height(ex),
        name: ex.plain_name.clone(),
        start: ex.start_position.clone(),
        end: ex.end_position.clone(),
        steps: ex.steps.clone(),
        cues: ex.form_cues.clone(),
        mistakes: ex.common_mistakes.clone(),
        dose: format!("{} · {}", crate::words::dose(&dose), crate::words::per_day(dose.times_per_day)),
        dose_note: ex.dosage_note.clone(),
        stop_when: ex.stop_when.clone(),
        stop_rules: c.texts.stop_rules.iter().map(|r| r.when.clone()).collect(),
    })
}

/// The height of an exercise's figure at its full width (400), for the `<img>` that shows it.
pub(crate) fn figure_height(ex: &sciatica_core::content::exercise::Exercise) -> u32 {
    // At most 240 by construction, so the conversion cannot truncate.
    figure::height(&ex.pose).round() as u32
}

/// `GET /figures/{file}`: `{id}.svg` (animated), `{id}-start.svg` or `{id}-end.svg`.
pub async fn figure(State(state): State<AppState>, Path(file): Path<String>) -> Result<Response, AppError> {
    let stem = file.strip_suffix(".svg").ok_or(AppError::NotFound)?;
    let (id, frame) = match (stem.strip_suffix("-start"), stem.strip_suffix("-end")) {
        (Some(id), _) => (id, Frame::Start),
        (_, Some(id)) => (id, Frame::End),
        _ => (stem, Frame::Animated),
    };
    let ex = state.content.exercise(id).ok_or(AppError::NotFound)?;
    let description = match frame {
        Frame::Start => ex.start_position.clone(),
        Frame::End => ex.end_position.clone(),
        Frame::Animated => format!("From: {} To: {}", ex.start_position, ex.end_position),
    };
    let labels =
        Labels { id: &format!("{id}-{}", frame.as_str()), title: &ex.plain_name, description: &description };
    let svg = figure::svg(&ex.pose, frame, &labels);
    Ok(([(header::CONTENT_TYPE, "image/svg+xml")], svg).into_response())
}

struct LearnLink {
    id: String,
    title: String,
    summary: String,
}

#[derive(Template)]
#[template(path = "learn_index.html")]
struct LearnIndex {
    layout: Layout,
    pages: Vec<LearnLink>,
}

fn learn_layout(user: Option<&CurrentUser>) -> Layout {
    user.map_or_else(|| Layout::anonymous("learn"), |u| Layout::for_user(u, "learn"))
}

/// `GET /learn` (open to everyone: the warning signs must be reachable signed out too).
pub async fn learn_index(State(state): State<AppState>, user: Option<CurrentUser>) -> PageResult {
    let pages = state
        .content
        .learn
        .iter()
        .map(|p| LearnLink { id: p.id.clone(), title: p.title.clone(), summary: p.summary.clone() })
        .collect();
    render(&LearnIndex { layout: learn_layout(user.as_ref()), pages })
}

struct SectionView {
    heading: String,
    paragraphs: Vec<String>,
    bullets: Vec<String>,
}

#[derive(Template)]
#[template(path = "learn_page.html")]
struct LearnPageView {
    layout: Layout,
    title: String,
    summary: String,
    body_map: Option<String>,
    sections: Vec<SectionView>,
    related: Vec<LearnLink>,
}

/// `GET /learn/{id}`.
pub async fn learn_page(
    State(state): State<AppState>,
    user: Option<CurrentUser>,
    Path(id): Path<String>,
) -> PageResult {
    let c = state.content;
    let page = c.learn_page(&id).ok_or(AppError::NotFound)?;
    let contacts = crate::settings::contacts(&state).await?;
    render(&LearnPageView {
        layout: learn_layout(user.as_ref()),
        title: page.title.clone(),
        summary: page.summary.clone(),
        body_map: page.body_map.then(|| crate::bodymap::static_map(c)),
        sections: page
            .sections
            .iter()
            .map(|s| SectionView {
                heading: s.heading.clone(),
                paragraphs: s.paragraphs.iter().map(|p| contacts.words(p)).collect(),
                bullets: s.bullets.iter().map(|b| contacts.words(b)).collect(),
            })
            .collect(),
        related: page
            .related
            .iter()
            .filter_map(|r| c.learn_page(r))
            .map(|p| LearnLink { id: p.id.clone(), title: p.title.clone(), summary: p.summary.clone() })
            .collect(),
    })
}

/// The "a clinician has seen me" form.
#[derive(Debug, Deserialize)]
pub struct AssessedForm {
    note: String,
}

/// `POST /assessed`: lifts an urgent result and open alerts.
pub async fn assessed(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(f): Form<AssessedForm>,
) -> PageResult {
    let id = patient_id(&state, &user, Action::WriteRecord).await?;
    let note = f.note.trim();
    if note.is_empty() {
        return Err(AppError::invalid("note", "say briefly what the clinician found or advised"));
    }
    state
        .store
        .acknowledge(&id, AckBy::SelfManager, &note.chars().take(2000).collect::<String>(), Timestamp::now())
        .await?;
    // The next step: the safety questions again (the screen says why).
    Ok(Redirect::to("/screen").into_response())
}
