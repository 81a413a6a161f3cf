//! Outcome questionnaires in the browser: the list of those offered to the person with their
//! last scores and when they are due, one questionnaire at a time, and what a saved score means.
//! A licensed questionnaire whose text the clinic has not loaded is not listed and never due;
//! its form still takes the numbers from a clinic's paper copy.

mod form;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, PageResult};
use crate::pages::patient::person;
use crate::pages::{Layout, render};
use askama::Template;
use axum::extract::{Path, State};
use jiff::Span;
use jiff::civil::Date;
use sciatica_core::MeasureId;
use sciatica_core::content::measure::MeasureDef;
use sciatica_core::measures::{self, due, meaning};
use sciatica_core::policy::Action;
use sciatica_store::measures::MeasureResponse;
use sciatica_store::person::Person;

pub use form::{form, submit};

/// How far ahead the list and the calendar look for the next date [C].
pub const AHEAD_DAYS: i64 = 120;

struct Row {
    id: &'static str,
    name: String,
    last: Option<String>,
    due: bool,
    next: Option<String>,
}

#[derive(Template)]
#[template(path = "measures.html")]
struct ListPage {
    layout: Layout,
    rows: Vec<Row>,
}

/// A score as shown: the number, with its band's name when it has one.
pub(crate) fn shown(def: &MeasureDef, score: Option<f64>, band: Option<&str>) -> String {
    let v = score.map_or("incomplete".to_owned(), |v| meaning::number(v, def.decimals));
    match band {
        Some(b) => {
            let label =
                def.bands.iter().find(|x| x.id == b).map_or_else(|| b.replace('_', " "), |x| x.label.clone());
            // The band's range is in its label ("Minimal disability (0-20)"); the score says it.
            let label = label.split(" (").next().unwrap_or(&label).to_owned();
            format!("{v}, {label}")
        }
        None => v,
    }
}

fn day(d: Date) -> String {
    d.strftime("%-d %B").to_string()
}

/// The day the schedule counts from: the programme's start, or today before there is one.
pub(crate) fn start_of(person: &Person) -> Date {
    person.record.program.as_ref().map_or(person.today, |p| p.started_on)
}

/// The local dates of a person's responses to one measure.
pub(crate) fn taken(person: &Person, responses: &[MeasureResponse], id: MeasureId) -> Vec<Date> {
    responses.iter().filter(|r| r.measure == id).map(|r| person.schedule.date_of(r.taken_at)).collect()
}

/// The questionnaires due today for the person (the Today page's list), in the core's order.
pub(crate) fn due_now(
    c: &sciatica_core::Content,
    person: &Person,
    responses: &[MeasureResponse],
) -> Vec<due::Due> {
    due::due_list(c, start_of(person), person.today, |id| taken(person, responses, id))
}

/// `GET /measures`.
pub async fn list(State(state): State<AppState>, user: CurrentUser) -> PageResult {
    let person = person(&state, &user, Action::ReadRecord).await?;
    let c = state.content;
    let responses = state.store.measure_responses(&person.patient.id).await?;
    let start = start_of(&person);
    let until = person.today.saturating_add(Span::new().days(AHEAD_DAYS));
    let due_now = due_now(c, &person, &responses);
    let rows = due::offered(c)
        .into_iter()
        .map(|def| {
            let dates = taken(&person, &responses, def.id);
            let last = responses.iter().rev().find(|r| r.measure == def.id);
            Row {
                id: def.id.as_str(),
                name: def.plain_name.clone(),
                last: last.map(|r| {
                    let when = day(person.schedule.date_of(r.taken_at));
                    format!("{} ({when})", shown(def, r.score, r.band.as_deref()))
                }),
                due: due_now.iter().any(|d| d.measure == def.id),
                next: due::next_after(def, start, person.today, until, &dates).map(day),
            }
        })
        .collect();
    render(&ListPage { layout: Layout::for_user(&user, "progress"), rows })
}

#[derive(Template)]
#[template(path = "measure_saved.html")]
struct SavedPage {
    layout: Layout,
    name: String,
    figures: Vec<String>,
    sentence: String,
    more_due: bool,
}

/// `GET /measures/{id}/saved/{response}`: the score and what it means, in one sentence.
pub async fn saved(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((raw, response_id)): Path<(String, String)>,
) -> PageResult {
    let person = person(&state, &user, Action::ReadRecord).await?;
    let id: MeasureId = raw.parse().map_err(|_| AppError::NotFound)?;
    let c = state.content;
    let def = c.measure(id);
    let response =
        state.store.measure_response(&person.patient.id, &response_id).await?.ok_or(AppError::NotFound)?;
    if response.measure != id {
        return Err(AppError::NotFound);
    }
    let responses = state.store.measure_responses(&person.patient.id).await?;
    let scores: Vec<Option<f64>> = responses
        .iter()
        .filter(|r| r.measure == id && (r.taken_at, &r.id) <= (response.taken_at, &response.id))
        .map(|r| r.score)
        .collect();
    let baseline = measures::baseline(&scores);
    let score = response.scored().unwrap_or_else(|| measures::score(def, &response.answers));
    let max = meaning::number(def.max_score, 0);
    let label =
        score.band.as_ref().and_then(|b| def.bands.iter().find(|x| &x.id == b)).map(|b| b.label.clone());
    let figures = match (score.leg, score.back, score.score) {
        (Some(leg), Some(back), _) => vec![
            format!("{}: {leg} out of {max}", def.items[0].topic),
            format!("{}: {back} out of {max}", def.items[1].topic),
        ],
        // A single answer with named bands (the global change question): the answer itself.
        (_, _, Some(_)) if def.items.len() == 1 && label.is_some() => label.into_iter().collect(),
        (_, _, Some(v)) => {
            let mut f = vec![format!("{} out of {max}", meaning::number(v, def.decimals))];
            f.extend(label.map(|l| l.split(" (").next().unwrap_or(&l).to_owned()));
            f
        }
        (_, _, None) => Vec::new(),
    };
    let more_due = due_now(c, &person, &responses).iter().any(|d| d.measure != id);
    render(&SavedPage {
        layout: Layout::for_user(&user, "progress"),
        name: def.plain_name.clone(),
        figures,
        sentence: meaning::sentence(c, def, &score, baseline),
        more_due,
    })
}
