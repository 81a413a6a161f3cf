//! Outcome questionnaires in the browser: the list with their last scores and when they are due,
//! and one questionnaire at a time. Licensed wording is not shipped; a clinic adds it.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, PageResult};
use crate::pages::calendar::MEASURE_WEEKS;
use crate::pages::patient::{patient_id, person};
use crate::pages::{Layout, render};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use jiff::{Span, Timestamp};
use sciatica_core::MeasureId;
use sciatica_core::measures::{self, Answer};
use sciatica_core::policy::Action;

struct Row {
    id: &'static str,
    name: String,
    last: Option<String>,
    due: Option<String>,
}

#[derive(Template)]
#[template(path = "measures.html")]
struct ListPage {
    layout: Layout,
    rows: Vec<Row>,
}

fn shown(
    def: &sciatica_core::content::measure::MeasureDef,
    score: Option<f64>,
    band: Option<&str>,
) -> String {
    let v = score.map_or("incomplete".to_owned(), |v| {
        if def.decimals == 0 { format!("{v:.0}") } else { format!("{v:.1}") }
    });
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

/// `GET /measures`.
pub async fn list(State(state): State<AppState>, user: CurrentUser) -> PageResult {
    let person = person(&state, &user, Action::ReadRecord).await?;
    let c = state.content;
    let responses = state.store.measure_responses(&person.patient.id).await?;
    let start = person.record.program.as_ref().map_or(person.today, |p| p.started_on);
    let rows = MeasureId::ALL
        .iter()
        .map(|id| {
            let def = c.measure(*id);
            let last = responses.iter().rev().find(|r| r.measure == *id);
            let due = if *id == MeasureId::Odi {
                MEASURE_WEEKS
                    .iter()
                    .map(|w| start.saturating_add(Span::new().weeks(*w)))
                    .find(|d| *d >= person.today)
                    .map(|d| d.strftime("%-d %B").to_string())
            } else {
                None
            };
            Row {
                id: id.as_str(),
                name: def.name.clone(),
                last: last.map(|r| {
                    let date = r
                        .taken_at
                        .to_zoned_datetime(person.schedule.tz.clone())
                        .strftime("%-d %B")
                        .to_string();
                    format!("{} ({date})", shown(def, r.score, r.band.as_deref()))
                }),
                due,
            }
        })
        .collect();
    render(&ListPage { layout: Layout::for_user(&user, "progress"), rows })
}

struct ItemView {
    n: usize,
    topic: String,
    text: Option<String>,
    options: Vec<(u8, String)>,
    /// Every answer is just its number (licensed wording not installed): a row of number boxes.
    numbers_only: bool,
}

#[derive(Template)]
#[template(path = "measure.html")]
struct MeasurePage {
    layout: Layout,
    id: &'static str,
    name: String,
    recall: String,
    licensed: bool,
    items: Vec<ItemView>,
}

fn measure_id(raw: &str) -> Result<MeasureId, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

/// `GET /measures/{id}`.
pub async fn form(State(state): State<AppState>, user: CurrentUser, Path(id): Path<String>) -> PageResult {
    patient_id(&state, &user, Action::WriteRecord).await?;
    let id = measure_id(&id)?;
    let def = state.content.measure(id);
    let items = def
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let options: Vec<(u8, String)> = (item.min..=item.max)
                .map(|code| {
                    let label = item
                        .labels
                        .get(usize::from(code - item.min))
                        .cloned()
                        .unwrap_or_else(|| code.to_string());
                    (code, label)
                })
                .collect();
            ItemView {
                n: i + 1,
                topic: item.topic.clone(),
                text: (!def.item_text_licensed).then(|| item.text.clone()),
                numbers_only: options.iter().all(|(code, label)| *label == code.to_string()),
                options,
            }
        })
        .collect();
    render(&MeasurePage {
        layout: Layout::for_user(&user, "progress"),
        id: id.as_str(),
        name: def.name.clone(),
        recall: def.recall.clone(),
        licensed: def.item_text_licensed,
        items,
    })
}

/// `POST /measures/{id}`: scores and saves; an item left blank is skipped.
pub async fn submit(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let patient = patient_id(&state, &user, Action::WriteRecord).await?;
    let id = measure_id(&id)?;
    let def = state.content.measure(id);
    let text: Vec<String> = (1..=def.items.len())
        .map(|n| {
            pairs
                .iter()
                .find(|(k, _)| *k == format!("item{n}"))
                .map(|(_, v)| v.trim().to_owned())
                .unwrap_or_default()
        })
        .collect();
    let answers: Vec<Answer> = measures::parse_answers(def, &text.join(","))?;
    let score = measures::score(def, &answers);
    let now = Timestamp::now();
    state.store.save_measure(&patient, &def.version, &answers, &score, now).await?;
    Ok(Redirect::to("/measures").into_response())
}
