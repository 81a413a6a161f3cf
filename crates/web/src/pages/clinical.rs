//! The clinical-action pages under `/clinic/patients/{id}/...`: an index of what a clinician can
//! do for a patient of their care team, with the versioned history (who, when, why), and a small
//! form page for each action. Every page is the policy's `Treat` (audited); another clinician's
//! patient answers "not found". The core decides what an action changes.

pub mod exercises;
pub mod forms;
pub mod proposals;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::clinical::{self, Allowed};
use crate::error::PageResult;
use crate::pages::{Layout, render};
use askama::Template;
use axum::extract::{Path, Query, State};
use jiff::Timestamp;
use sciatica_core::Content;
use sciatica_core::care::{Edit, Entry, Verdict};
use sciatica_store::clinical::ClinicalAction;
use sciatica_store::person::Person;
use serde::Deserialize;

/// Who the pages are about.
pub struct Head {
    /// The patient's id.
    pub id: String,
    /// Their name, or a plain stand-in.
    pub name: String,
}

impl Head {
    /// The head of a loaded patient.
    pub fn of(person: &Person) -> Head {
        Head {
            id: person.patient.id.clone(),
            name: person.patient.display_name.clone().unwrap_or_else(|| "this patient".to_owned()),
        }
    }
}

/// Checks the policy and loads the patient.
pub async fn load(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
) -> Result<(Allowed, Person), crate::error::AppError> {
    let allowed = clinical::may_treat(state, user, id).await?;
    let person = clinical::patient(state, &allowed).await?;
    Ok((allowed, person))
}

/// The layout of the clinic pages.
pub fn layout(user: &CurrentUser) -> Layout {
    Layout::for_user(user, "clinic")
}

/// A local time in words, in the clinic's terms ("3 Mar 2026, 09:05").
pub fn when(person: &Person, at: Timestamp) -> String {
    at.to_zoned_datetime(person.schedule.tz.clone()).strftime("%-d %b %Y, %H:%M").to_string()
}

/// A problem in words: "The note is required: …", or the message itself when it names what it
/// is about.
pub fn said(field: &str, message: &str) -> String {
    let label = match field {
        "cause" => "The cause",
        "cleared" => "Clearance",
        "note" => "The note",
        "phase" => "The phase",
        "reason" => "The reason",
        "exercise" => "The exercise",
        "sets" => "Sets",
        "reps" => "Reps",
        "hold_seconds" => "Hold seconds",
        "decision" => "The decision",
        "proposal" => "This proposal",
        "program" => "The programme",
        _ => "This",
    };
    let message = message.trim_end_matches('.');
    if message.starts_with("is ") || message.starts_with("was ") {
        format!("{label} {message}.")
    } else {
        let mut m = message.to_owned();
        if let Some(first) = m.get(0..1) {
            m.replace_range(0..1, &first.to_uppercase());
        }
        format!("{m}.")
    }
}

/// One action of the history, as shown.
pub struct Row {
    when: String,
    who: String,
    kind: &'static str,
    cause: String,
    cleared: bool,
    from: u8,
    phase: u8,
    change: &'static str,
    exercise: String,
    proposal: String,
    verdict: &'static str,
    warnings: Vec<String>,
    reason: String,
}

fn exercise_name(c: &Content, id: &str) -> String {
    c.exercise(id).map_or_else(|| id.to_owned(), |e| e.plain_name.clone())
}

fn row(c: &Content, person: &Person, a: &ClinicalAction) -> Row {
    let mut r = Row {
        when: when(person, a.at),
        who: a.actor_email.clone().unwrap_or_else(|| "a former clinician".to_owned()),
        kind: a.entry.kind(),
        cause: String::new(),
        cleared: false,
        from: 0,
        phase: 0,
        change: "",
        exercise: String::new(),
        proposal: String::new(),
        verdict: "",
        warnings: Vec::new(),
        reason: a.reason.clone(),
    };
    match &a.entry {
        Entry::Cause { cause, .. } => r.cause.clone_from(&c.cause(*cause).name),
        Entry::Clearance { cleared, .. } => r.cleared = *cleared,
        Entry::StartProgram { cause, cleared, phase } => {
            r.cause.clone_from(&c.cause(*cause).name);
            (r.cleared, r.phase) = (*cleared, *phase);
        }
        Entry::EditProgram { edit, warnings } => {
            let (change, ex) = match edit {
                Edit::Add { exercise, .. } => ("add", exercise),
                Edit::Remove { exercise } => ("remove", exercise),
                Edit::Dose { exercise, .. } => ("dose", exercise),
            };
            (r.change, r.exercise) = (change, exercise_name(c, ex));
            r.warnings.clone_from(warnings);
        }
        Entry::Phase { from, to } => (r.from, r.phase) = (*from, *to),
        Entry::Decide(d) => {
            r.proposal.clone_from(&d.proposal);
            r.phase = d.phase;
            r.exercise = d.exercise.as_deref().map(|e| exercise_name(c, e)).unwrap_or_default();
            r.verdict = match d.verdict {
                Verdict::Accept => "accept",
                Verdict::Edit => "edit",
                Verdict::Reject => "reject",
            };
        }
        Entry::Acknowledge | Entry::Note => {}
    }
    r
}

/// A proposal waiting, as linked from the index.
pub struct WaitingLink {
    id: String,
    text: String,
}

#[derive(Template)]
#[template(path = "clinic_actions.html")]
struct IndexPage {
    layout: Layout,
    head: Head,
    saved: Option<&'static str>,
    cause: String,
    confirmed: bool,
    cleared: String,
    programme: String,
    urgent: bool,
    alerts: usize,
    waiting: Vec<WaitingLink>,
    history: Vec<Row>,
}

/// `?saved=KIND` after an action.
#[derive(Debug, Default, Deserialize)]
pub struct Saved {
    #[serde(default)]
    saved: String,
}

/// `GET /clinic/patients/{id}/actions`.
pub async fn index(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    Query(q): Query<Saved>,
) -> PageResult {
    let (_, person) = load(&state, &user, &id).await?;
    let c = state.content;
    let r = &person.record;
    let program = r.program.as_ref();
    let cause = r.care.cause.or(program.map(|p| p.cause));
    let cleared = r.care.cleared.or(program.map(|p| p.cleared));
    let programme = match (program, r.protocol()) {
        (Some(_), Some((protocol, phase))) => {
            format!("{} · {}", c.protocol(protocol).name, crate::words::phase(phase))
        }
        _ => "none yet".to_owned(),
    };
    let waiting = r
        .proposals_waiting(c, person.today)
        .into_iter()
        .map(|w| WaitingLink { text: proposals::describe(c, &w.proposal), id: w.id })
        .collect();
    let history = state.store.clinical_actions(&id).await?.iter().map(|a| row(c, &person, a)).collect();
    render(&IndexPage {
        layout: layout(&user),
        head: Head::of(&person),
        saved: (!q.saved.is_empty()).then_some("Saved. The person's programme and pages follow it now."),
        cause: cause.map_or_else(|| "not recorded".to_owned(), |x| c.cause(x).name.clone()),
        confirmed: r.care.cause.is_some(),
        cleared: match cleared {
            Some(true) => "yes".to_owned(),
            Some(false) => "no".to_owned(),
            None => "not recorded".to_owned(),
        },
        programme,
        urgent: r.urgent.is_some() && !r.urgent_lifted(),
        alerts: r.alerts.len(),
        waiting,
        history,
    })
}
