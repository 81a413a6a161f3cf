//! One questionnaire: the form (its text when it may be shown, numbers for a clinic's paper copy
//! otherwise) and saving it. Bad answers come back on the same form with the field named.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, PageResult};
use crate::pages::patient::patient_id;
use crate::pages::{Errors, Layout, render_status};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use jiff::Timestamp;
use sciatica_core::content::measure::MeasureDef;
use sciatica_core::measures::{self, Answer};
use sciatica_core::policy::Action;
use sciatica_core::{FieldError, MeasureId};

struct ItemView {
    n: usize,
    topic: String,
    text: Option<String>,
    options: Vec<(u8, String)>,
    /// A row of number boxes (a 0–10 scale, or numbers for a clinic's paper copy).
    numbers_only: bool,
    /// The words of the lowest and highest answers of a number scale, when shipped.
    anchors: Option<(String, String)>,
    /// The person names this item (PSFS): the name typed or kept from last time.
    name: Option<String>,
    chosen: Option<u8>,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "measure.html")]
struct MeasurePage {
    layout: Layout,
    id: &'static str,
    name: String,
    intro: Option<String>,
    recall: String,
    /// The licensed text is not loaded: numbers only, from the clinic's paper copy.
    paper: bool,
    copyright: Option<String>,
    items: Vec<ItemView>,
    errors: Errors,
}

fn measure_id(raw: &str) -> Result<MeasureId, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

/// "0 - no pain" → "no pain".
fn anchor(label: &str, code: u8) -> String {
    label.strip_prefix(&format!("{code} - ")).unwrap_or(label).to_owned()
}

fn page(
    user: &CurrentUser,
    def: &MeasureDef,
    chosen: &[Option<u8>],
    names: &[String],
    errors: Errors,
) -> MeasurePage {
    let items = def
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let label = |code: u8| item.labels.get(usize::from(code - item.min)).cloned();
            let options: Vec<(u8, String)> = (item.min..=item.max)
                .map(|code| (code, label(code).unwrap_or_else(|| code.to_string())))
                .collect();
            let inner_numbers = options
                .iter()
                .filter(|(c, _)| *c != item.min && *c != item.max)
                .all(|(code, l)| *l == code.to_string());
            let scale = item.max - item.min >= 4 && inner_numbers;
            let anchors = (scale && !item.labels.is_empty()).then(|| {
                let (low, high) = (&options[0].1, &options[options.len() - 1].1);
                (
                    format!("{}: {}", item.min, anchor(low, item.min)),
                    format!("{}: {}", item.max, anchor(high, item.max)),
                )
            });
            let n = i + 1;
            // The same question for every item (the PSFS activities) is shown once, on the first.
            let repeated = i > 0 && def.items[i - 1].text == item.text;
            ItemView {
                n,
                topic: item.topic.clone(),
                text: (def.offered() && !repeated).then(|| item.text.clone()),
                options: if scale {
                    options.iter().map(|(c, _)| (*c, c.to_string())).collect()
                } else {
                    options
                },
                numbers_only: scale || item.labels.is_empty() || !def.offered(),
                anchors,
                name: def.named_items.then(|| names.get(i).cloned().unwrap_or_default()),
                chosen: chosen.get(i).copied().flatten(),
                error: errors.get(&format!("item{n}")).or(errors.get(&format!("name{n}"))).map(str::to_owned),
            }
        })
        .collect();
    MeasurePage {
        layout: Layout::for_user(user, "progress"),
        id: def.id.as_str(),
        name: def.plain_name.clone(),
        intro: def.intro.clone(),
        recall: def.recall.clone(),
        paper: !def.offered(),
        copyright: def.copyright_notice.clone().filter(|_| def.offered()),
        items,
        errors,
    }
}

/// `GET /measures/{id}`. A PSFS form names last time's activities, to be rated again.
pub async fn form(State(state): State<AppState>, user: CurrentUser, Path(id): Path<String>) -> PageResult {
    let patient = patient_id(&state, &user, Action::WriteRecord).await?;
    let id = measure_id(&id)?;
    let def = state.content.measure(id);
    let names = if def.named_items {
        let responses = state.store.measure_responses(&patient).await?;
        responses
            .iter()
            .rev()
            .find(|r| r.measure == id)
            .map(sciatica_store::measures::MeasureResponse::activities)
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    render_status(StatusCode::OK, &page(&user, def, &[], &names, Errors::default()))
}

/// The core names an item `answers item N` and an activity `activity N`; the form calls them
/// `itemN` and `nameN`.
fn form_field(e: FieldError) -> AppError {
    let n = |prefix: &str| e.field.strip_prefix(prefix).and_then(|n| n.parse::<usize>().ok());
    let field = match (n("answers item "), n("activity ")) {
        (Some(i), _) => format!("item{i}"),
        (_, Some(i)) => format!("name{i}"),
        _ => e.field.clone(),
    };
    AppError::invalid(field, e.problem)
}

/// `POST /measures/{id}`: scores and saves, then shows what the score means. An item left blank
/// is skipped; a bad answer comes back on the form, named.
pub async fn submit(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let patient = patient_id(&state, &user, Action::WriteRecord).await?;
    let id = measure_id(&id)?;
    let def = state.content.measure(id);
    let field = |key: String| {
        pairs.iter().find(|(k, _)| *k == key).map(|(_, v)| v.trim().to_owned()).unwrap_or_default()
    };
    let text: Vec<String> = (1..=def.items.len()).map(|n| field(format!("item{n}"))).collect();
    let names: Vec<String> = (1..=def.items.len()).map(|n| field(format!("name{n}"))).collect();
    let parsed = measures::parse_answers(def, &text.join(",")).and_then(|answers| {
        let activities = measures::name_activities(def, &answers, &names)?;
        Ok((answers, activities))
    });
    let (answers, activities): (Vec<Answer>, Vec<String>) = match parsed {
        Ok(ok) => ok,
        Err(e) => {
            let chosen: Vec<Option<u8>> = text.iter().map(|t| t.parse().ok()).collect();
            let errors = Errors::from_error(form_field(e))?;
            return render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &page(&user, def, &chosen, &names, errors),
            );
        }
    };
    let mut score = measures::score(def, &answers);
    score.activities = activities;
    let (saved, _) =
        state.store.save_measure(&patient, &def.version, &answers, &score, Timestamp::now()).await?;
    Ok(Redirect::to(&format!("/measures/{}/saved/{}", id.as_str(), saved.id)).into_response())
}
