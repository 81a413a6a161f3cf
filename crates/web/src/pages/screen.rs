//! The red-flag screen in the browser: one topic a page, each question explained, the answers
//! kept in a draft after every page; the result as soon as the answers make it urgent (the core
//! decides), else after the last page. A later screen confirms the stable history of the last
//! one in one step and asks the rest afresh.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, PageResult};
use crate::pages::patient::{patient_id, person};
use crate::pages::{Errors, Layout, render, render_status};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use jiff::Timestamp;
use sciatica_core::content::screening::Question;
use sciatica_core::policy::Action;
use sciatica_core::triage::answers::{Answers, KeyType, key_type};
use sciatica_core::triage::pages::{self, Page};
use sciatica_core::triage::{self, Outcome};
use sciatica_store::programs::SetBy;
use sciatica_store::screenings::AckBy;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A screen in progress.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Draft {
    answers: Map<String, Value>,
    /// For an urgent result in force: `Some(note)` when a clinician has seen the person.
    assessed: Option<String>,
    /// The "has a clinician seen you" question was answered.
    assessed_asked: bool,
    /// Stable history from the last screen, to confirm in one step (empty for a first screen).
    #[serde(default)]
    prefilled: Map<String, Value>,
}

/// One option of a question, as shown.
struct Opt {
    value: String,
    label: String,
    checked: bool,
}

/// One question, as shown.
struct Shown {
    key: String,
    prompt: String,
    help: String,
    kind: &'static str,
    options: Vec<Opt>,
    value: String,
    min: i64,
    max: i64,
    error: Option<String>,
}

fn shown(q: &Question, draft: &Draft, errors: &Errors) -> Shown {
    let ty = key_type(&q.key).expect("validated: every question has a contract key");
    let current = draft.answers.get(&q.key).or_else(|| draft.prefilled.get(&q.key));
    let (kind, options, min, max) = match ty {
        KeyType::Bool => {
            let opts = [("yes", "Yes", true), ("no", "No", false)]
                .into_iter()
                .map(|(v, l, b)| Opt {
                    value: v.into(),
                    label: l.into(),
                    checked: current == Some(&Value::Bool(b)),
                })
                .collect();
            ("radio", opts, 0, 0)
        }
        KeyType::Int { min, max } => ("number", Vec::new(), min, max),
        KeyType::Choice(_) | KeyType::List(_) => {
            let list = matches!(ty, KeyType::List(_));
            let opts = q
                .choices
                .iter()
                .map(|ch| {
                    let checked = match current {
                        Some(Value::String(s)) => *s == ch.value,
                        Some(Value::Array(a)) => a.iter().any(|v| v.as_str() == Some(&ch.value)),
                        _ => false,
                    };
                    Opt { value: ch.value.clone(), label: ch.label.clone(), checked }
                })
                .collect();
            (if list { "checkbox" } else { "radio" }, opts, 0, 0)
        }
    };
    Shown {
        key: q.key.clone(),
        prompt: q.prompt.clone(),
        help: q.help.clone(),
        kind,
        options,
        value: current.and_then(Value::as_i64).map(|n| n.to_string()).unwrap_or_default(),
        min,
        max,
        error: errors.get(&q.key).map(str::to_owned),
    }
}

#[derive(Template)]
#[template(path = "screen_page.html")]
struct ScreenPage {
    layout: Layout,
    n: usize,
    of: usize,
    title: String,
    intro: String,
    questions: Vec<Shown>,
    /// A clinician has just seen the person after an urgent result: say so on the first page.
    assessed: bool,
    errors: Errors,
}

/// A pre-filled answer, as shown for confirmation.
struct Summary {
    label: String,
    answer: String,
}

#[derive(Template)]
#[template(path = "screen_confirm.html")]
struct ConfirmPage {
    layout: Layout,
    n: usize,
    of: usize,
    items: Vec<Summary>,
    assessed: bool,
}

#[derive(Template)]
#[template(path = "screen_assessed.html")]
struct AssessedPage {
    layout: Layout,
    when: String,
}

/// The screen in progress, or a new one: pre-filled with the stable history of the last screen.
async fn load_draft(state: &AppState, patient: &str) -> Result<Draft, AppError> {
    if let Some(d) = state.store.screen_draft(patient).await?.and_then(|v| serde_json::from_value(v).ok()) {
        return Ok(d);
    }
    let last = state.store.latest_screening(patient).await?;
    let prefilled = last.map(|s| pages::prefill(state.content, &s.answers)).unwrap_or_default();
    Ok(Draft { prefilled, ..Draft::default() })
}

async fn save_draft(state: &AppState, patient: &str, d: &Draft) -> Result<(), AppError> {
    let v = serde_json::to_value(d).map_err(|e| AppError::Internal(e.into()))?;
    Ok(state.store.save_screen_draft(patient, &v).await?)
}

/// `GET /screen`: the first question not yet answered (or the "has a clinician seen you" page).
pub async fn start(State(state): State<AppState>, user: CurrentUser) -> PageResult {
    let person = person(&state, &user, Action::WriteRecord).await?;
    let draft = load_draft(&state, &person.patient.id).await?;
    if let Some(urgent) = &person.record.urgent
        && !draft.assessed_asked
    {
        let when =
            urgent.taken_at.to_zoned_datetime(person.schedule.tz.clone()).strftime("%-d %B").to_string();
        return render(&AssessedPage { layout: Layout::for_user(&user, "today"), when });
    }
    let first_open = pages::pages(state.content, &draft.prefilled)
        .iter()
        .position(|p| p.questions().iter().any(|q| !draft.answers.contains_key(&q.key)))
        .unwrap_or(0);
    Ok(Redirect::to(&format!("/screen/{}", first_open + 1)).into_response())
}

/// The "has a clinician seen you" form.
#[derive(Debug, Deserialize)]
pub struct AssessedForm {
    seen: Option<String>,
    #[serde(default)]
    note: String,
}

/// `POST /screen/assessed`.
pub async fn assessed(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(f): Form<AssessedForm>,
) -> PageResult {
    let patient = patient_id(&state, &user, Action::WriteRecord).await?;
    let mut draft = load_draft(&state, &patient).await?;
    draft.assessed_asked = true;
    draft.assessed = match f.seen.as_deref() {
        Some("yes") => Some(if f.note.trim().is_empty() {
            "assessed by a clinician".to_owned()
        } else {
            f.note.trim().chars().take(2000).collect()
        }),
        Some("no") => None,
        _ => return Err(AppError::invalid("seen", "please choose yes or no")),
    };
    save_draft(&state, &patient, &draft).await?;
    Ok(Redirect::to("/screen/1").into_response())
}

/// `?change=yes` on the confirmation page: show the pre-filled questions to change.
#[derive(Debug, Deserialize)]
pub struct PageQuery {
    change: Option<String>,
}

/// `GET /screen/{n}`.
pub async fn page(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(n): Path<usize>,
    Query(query): Query<PageQuery>,
) -> PageResult {
    let person = person(&state, &user, Action::WriteRecord).await?;
    let draft = load_draft(&state, &person.patient.id).await?;
    let assessed = n == 1 && person.record.screen_again();
    let all = pages::pages(state.content, &draft.prefilled);
    let current = n.checked_sub(1).and_then(|i| all.get(i)).ok_or(AppError::NotFound)?;
    if let Page::Confirm(questions) = current
        && query.change.is_none()
    {
        let items = questions
            .iter()
            .map(|q| Summary {
                label: q.weekly_summary.clone().unwrap_or_else(|| q.prompt.clone()),
                answer: draft
                    .prefilled
                    .get(&q.key)
                    .map_or_else(String::new, |v| pages::answer_words(q, v, "Yes", "No", "None")),
            })
            .collect();
        let layout = Layout::for_user(&user, "today");
        return render(&ConfirmPage { layout, n, of: all.len(), items, assessed });
    }
    let mut page = screen_page(&state, &user, n, &draft, Errors::default())?;
    page.assessed = assessed;
    render(&page)
}

fn screen_page(
    state: &AppState,
    user: &CurrentUser,
    n: usize,
    draft: &Draft,
    errors: Errors,
) -> Result<ScreenPage, AppError> {
    let all = pages::pages(state.content, &draft.prefilled);
    let current = n.checked_sub(1).and_then(|i| all.get(i)).ok_or(AppError::NotFound)?;
    let (title, intro) = match current {
        Page::Topic(t, _) => (t.title.clone(), t.intro.clone()),
        Page::Confirm(_) => (String::new(), String::new()),
    };
    Ok(ScreenPage {
        layout: Layout::for_user(user, "today"),
        n,
        of: all.len(),
        title,
        intro,
        questions: current.questions().iter().map(|q| shown(q, draft, &errors)).collect(),
        assessed: false,
        errors,
    })
}

/// Reads one question's answer from the form pairs into a JSON value, or a plain-words problem.
fn read(q: &Question, pairs: &[(String, String)]) -> Result<Value, String> {
    let ty = key_type(&q.key).expect("validated");
    let values: Vec<&str> = pairs.iter().filter(|(k, _)| *k == q.key).map(|(_, v)| v.as_str()).collect();
    match ty {
        KeyType::Bool => match values.first().copied() {
            Some("yes") => Ok(Value::Bool(true)),
            Some("no") => Ok(Value::Bool(false)),
            _ => Err("Please choose yes or no.".to_owned()),
        },
        KeyType::Int { min, max } => match values.first().and_then(|v| v.trim().parse::<i64>().ok()) {
            Some(n) if (min..=max).contains(&n) => Ok(Value::from(n)),
            _ => Err(format!("Please enter a whole number from {min} to {max}.")),
        },
        KeyType::Choice(allowed) => match values.first() {
            Some(v) if allowed.contains(v) => Ok(Value::from(*v)),
            _ => Err("Please choose one answer.".to_owned()),
        },
        KeyType::List(allowed) => {
            let mut out = Vec::new();
            for v in values.iter().filter(|v| !v.is_empty() && **v != "none") {
                if !allowed.contains(v) {
                    return Err("Please choose from the list.".to_owned());
                }
                if !out.contains(v) {
                    out.push(*v);
                }
            }
            Ok(Value::from(out))
        }
    }
}

/// `POST /screen/{n}`: saves this page's answers (or confirms the pre-filled history); as soon as
/// the answers decide an urgent result, or after the last page, saves the screen.
pub async fn answer(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(n): Path<usize>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let patient = patient_id(&state, &user, Action::WriteRecord).await?;
    let c = state.content;
    let mut draft = load_draft(&state, &patient).await?;
    let all = pages::pages(c, &draft.prefilled);
    let current = n.checked_sub(1).and_then(|i| all.get(i)).ok_or(AppError::NotFound)?;
    let confirmed =
        matches!(current, Page::Confirm(_)) && pairs.iter().any(|(k, v)| k == "confirm" && v == "yes");
    let mut problems = Vec::new();
    for q in current.questions() {
        let read = if confirmed {
            draft.prefilled.get(&q.key).cloned().ok_or_else(|| "Please answer this question.".to_owned())
        } else {
            read(q, &pairs)
        };
        match read {
            Ok(v) => {
                draft.answers.insert(q.key.clone(), v);
            }
            Err(message) => problems.push(crate::error::FieldProblem { field: q.key.clone(), message }),
        }
    }
    if !problems.is_empty() {
        let page = screen_page(&state, &user, n, &draft, Errors(problems))?;
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    let Ok(answers) = Answers::partial(&Value::Object(draft.answers.clone())) else {
        state.store.delete_screen_draft(&patient).await?;
        return Ok(Redirect::to("/screen").into_response());
    };
    // A cause a clinician confirmed and a clearance they recorded win over the answers given.
    let answers = state.store.patient_and_record(&patient).await?.1.with_care(&answers);
    let outcome = if answers.is_complete() {
        triage::screen(c, &answers)
    } else if let Some(urgent) = triage::decided::decided(c, &answers) {
        urgent
    } else {
        save_draft(&state, &patient, &draft).await?;
        let next = if n < all.len() { format!("/screen/{}", n + 1) } else { "/screen".to_owned() };
        return Ok(Redirect::to(&next).into_response());
    };
    let id = save_screen(&state, &patient, &draft, &answers, &outcome).await?;
    Ok(Redirect::to(&format!("/screen/result/{id}")).into_response())
}

/// Saves a finished screen (complete, or stopped early as urgent): the acknowledgement first
/// when the person said a clinician has seen them, then the screen; the draft goes.
async fn save_screen(
    state: &AppState,
    patient: &str,
    draft: &Draft,
    answers: &Answers,
    outcome: &Outcome,
) -> Result<String, AppError> {
    let now = Timestamp::now();
    if let Some(note) = &draft.assessed {
        state.store.acknowledge(patient, AckBy::SelfManager, note, now).await?;
    }
    let p = state.store.patient(patient).await?;
    let saved = state
        .store
        .record_screen(&p, answers, outcome, now + jiff::SignedDuration::from_millis(1), SetBy::System)
        .await?;
    state.store.delete_screen_draft(patient).await?;
    Ok(saved.id)
}
