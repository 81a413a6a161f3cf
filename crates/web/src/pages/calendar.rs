//! Reminders the person controls: a private calendar feed (iCalendar) with the morning and evening
//! sessions and the next questionnaire dates, behind a secret link they can renew or turn off.

use crate::AppState;
use crate::auth::{CurrentUser, token};
use crate::error::{AppError, PageResult};
use crate::pages::patient::patient_id;
use crate::pages::{Layout, render};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::{Span, Timestamp};
use sciatica_core::measures::due;
use sciatica_core::policy::Action;
use sciatica_interop::ical::{self, Feed, FeedText, MeasureDue};
use sciatica_store::measures::MeasureResponse;
use sciatica_store::person::{Person, Today};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "calendar.html")]
struct CalendarPage {
    layout: Layout,
    url: Option<String>,
    webcal: Option<String>,
    detail: bool,
}

/// `GET /calendar`.
pub async fn page(State(state): State<AppState>, user: CurrentUser) -> PageResult {
    let id = patient_id(&state, &user, Action::ManageCalendar).await?;
    let url =
        state.store.calendar_token(&id).await?.map(|t| format!("{}/calendar/{t}.ics", state.config.base()));
    let webcal =
        url.as_ref().map(|u| u.replacen("https://", "webcal://", 1).replacen("http://", "webcal://", 1));
    let detail = state.store.calendar_detail(&id).await?;
    render(&CalendarPage { layout: Layout::for_user(&user, "account"), url, webcal, detail })
}

/// The feed form.
#[derive(Debug, Deserialize)]
pub struct CalendarForm {
    action: String,
}

/// `POST /calendar`: `on` (a new link; an old one stops working), `off`, `detail` (show the
/// programme and cause in the events) or `private` (times and neutral titles only).
pub async fn change(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(f): Form<CalendarForm>,
) -> PageResult {
    let id = patient_id(&state, &user, Action::ManageCalendar).await?;
    match f.action.as_str() {
        "on" => state.store.set_calendar_token(&id, &token::new_secret(), Timestamp::now()).await?,
        "off" => state.store.revoke_calendar(&id).await?,
        "detail" => state.store.set_calendar_detail(&id, true).await?,
        "private" => state.store.set_calendar_detail(&id, false).await?,
        _ => return Err(AppError::invalid("action", "allowed: on, off, detail, private")),
    }
    Ok(Redirect::to("/calendar").into_response())
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|f| f.to_lowercase().chain(chars).collect()).unwrap_or_default()
}

/// `GET /calendar/{token}.ics`: the feed (no sign-in: calendar apps cannot; the link is the key).
/// Unless the person chose to show more, it holds session times and neutral titles only: no
/// cause, no programme, no questionnaire names, no link naming the service.
pub async fn feed(State(state): State<AppState>, Path(file): Path<String>) -> Result<Response, AppError> {
    let secret = file.strip_suffix(".ics").ok_or(AppError::NotFound)?;
    if !token::well_formed(secret) {
        return Err(AppError::NotFound);
    }
    let (patient_id, detail) =
        state.store.patient_by_calendar_token(secret).await?.ok_or(AppError::NotFound)?;
    let patient = state.store.patient(&patient_id).await?;
    let person = Person::load_patient(&state.store, patient, Timestamp::now()).await?;
    let c = state.content;
    let (per_day, programme, cause) = match person.today_plan(c)?.0 {
        Today::Plan(p) => {
            let name = c
                .protocols
                .iter()
                .find(|x| x.family == p.family)
                .map_or(String::new(), |x| lower_first(&x.name));
            (p.sessions_per_day, name, lower_first(&c.cause(p.cause).plain_name))
        }
        _ => (0, String::new(), String::new()),
    };
    let start = crate::pages::measures::start_of(&person);
    let responses = state.store.measure_responses(&person.patient.id).await?;
    let measures = questionnaire_days(c, &person, &responses, start);
    let t = &c.texts.calendar;
    let text = if detail {
        FeedText {
            calendar_name: t.calendar_name.clone(),
            morning_summary: t.morning_summary.clone(),
            evening_summary: t.evening_summary.clone(),
            session_description: t.session_description.clone(),
            reminder: t.reminder.clone(),
            measure_summary: t.measure_summary.clone(),
            measure_description: t.measure_description.clone(),
        }
    } else {
        FeedText {
            calendar_name: t.private.calendar_name.clone(),
            morning_summary: t.morning_summary.clone(),
            evening_summary: t.evening_summary.clone(),
            session_description: t.private.session_description.clone(),
            reminder: t.private.reminder.clone(),
            measure_summary: t.private.measure_summary.clone(),
            measure_description: t.private.measure_description.clone(),
        }
    };
    let (programme, cause) = if detail { (programme, cause) } else { (String::new(), String::new()) };
    let today_url = format!("{}/today", state.config.base());
    // Event ids stay stable between fetches but do not carry the record's id.
    let feed_id = crate::auth::token::hash(&person.patient.id)[..24].to_owned();
    let feed = Feed {
        id: &feed_id,
        schedule: &person.schedule,
        sessions_per_day: per_day,
        session_minutes: 20,
        reminder_minutes_before: Some(0),
        start,
        programme: &programme,
        cause: &cause,
        today_url: detail.then_some(today_url.as_str()),
        measures: &measures,
        text: &text,
        stamp: Timestamp::now(),
    };
    let body = ical::render(&feed).map_err(|e| AppError::Internal(e.into()))?;
    Ok(([(header::CONTENT_TYPE, ical::CONTENT_TYPE)], body).into_response())
}

/// The days questionnaires are asked on, from today to `AHEAD_DAYS` ahead (the schedule the
/// core keeps: 2, 6 and 12 weeks, and the weekly question), one event a day naming them all.
fn questionnaire_days(
    c: &sciatica_core::Content,
    person: &Person,
    responses: &[MeasureResponse],
    start: jiff::civil::Date,
) -> Vec<MeasureDue> {
    let until = person.today.saturating_add(Span::new().days(crate::pages::measures::AHEAD_DAYS));
    let mut days: std::collections::BTreeMap<jiff::civil::Date, Vec<String>> =
        std::collections::BTreeMap::new();
    for def in due::offered(c) {
        let taken = crate::pages::measures::taken(person, responses, def.id);
        for (date, _) in due::upcoming(def, start, person.today, until, &taken) {
            days.entry(date).or_default().push(lower_first(&def.plain_name));
        }
    }
    days.into_iter()
        .map(|(date, names)| MeasureDue {
            key: format!("questionnaires-{date}"),
            date,
            name: names.join(", "),
        })
        .collect()
}
