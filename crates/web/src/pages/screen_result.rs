//! The result of a screen: an urgent card with one-tap calls first, or calm advice; and the
//! numbers every urgent card offers.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::contacts::{Clinic, Contacts, Phone};
use crate::error::{AppError, PageResult};
use crate::pages::patient::patient_id;
use crate::pages::{Layout, render};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use sciatica_core::Urgency;
use sciatica_core::policy::Action;
use sciatica_core::triage::Outcome;
use sciatica_core::triage::answers::Answers;

/// The calls an urgent card offers, in the order to try them.
pub(crate) struct Calls {
    /// An emergency: the emergency number first and largest.
    pub emergency: bool,
    /// The emergency numbers.
    pub numbers: Vec<Phone>,
    /// The clinic, when the deployment set one.
    pub clinic: Option<Clinic>,
    /// All the deployment's numbers, for the advice's words.
    contacts: Contacts,
}

impl Calls {
    /// The calls for a result of this urgency (the clinic settings over the start-up options).
    pub(crate) async fn new(state: &AppState, urgency: Urgency) -> Result<Calls, AppError> {
        let c = crate::settings::contacts(state).await?;
        Ok(Calls {
            emergency: urgency == Urgency::EmergencyNow,
            numbers: c.emergency.clone(),
            clinic: c.clinic.clone(),
            contacts: c,
        })
    }

    /// Advice with the deployment's emergency numbers in place of the common ones.
    pub(crate) fn words(&self, text: &str) -> String {
        self.contacts.words(text)
    }
}

/// A reason, as shown.
struct ShownReason {
    advice: String,
}

#[derive(Template)]
#[template(path = "screen_result.html")]
struct ResultPage {
    layout: Layout,
    id: String,
    urgent: bool,
    emergency: bool,
    title: String,
    what_to_do: String,
    reasons: Vec<ShownReason>,
    action: String,
    first_time: bool,
    /// The screen stopped as soon as the answers made it urgent.
    stopped_early: bool,
    calls: Calls,
}

/// The reason in one sentence: a rule's advice starts with it.
pub(crate) fn first_sentence(text: &str) -> String {
    text.find(". ").map_or(text, |i| &text[..=i]).to_owned()
}

/// `GET /screen/result/{id}`.
pub async fn result(State(state): State<AppState>, user: CurrentUser, Path(id): Path<String>) -> PageResult {
    let patient = patient_id(&state, &user, Action::ReadRecord).await?;
    let all = state.store.screenings(&patient).await?;
    let s = all.iter().find(|s| s.id == id).ok_or(AppError::NotFound)?;
    let c = state.content;
    let outcome: Outcome = sciatica_core::status::combine(c, s.rules.iter().map(String::as_str));
    let urgent = outcome.urgency >= Urgency::SameDay;
    let text = &c.texts.urgency[&outcome.urgency];
    let calls = Calls::new(&state, outcome.urgency).await?;
    let reasons = outcome
        .reasons
        .iter()
        .filter(|r| c.rule(&r.rule).is_none_or(|rule| !rule.fallback))
        .filter(|r| !urgent || r.urgency == outcome.urgency)
        .map(|r| ShownReason {
            advice: calls.words(&if urgent { first_sentence(&r.advice) } else { r.advice.clone() }),
        })
        .collect();
    let stopped_early = Answers::partial(&s.answers).is_ok_and(|a| !a.is_complete());
    let mut layout = Layout::for_user(&user, "today");
    layout.bare = urgent;
    render(&ResultPage {
        layout,
        id: s.id.clone(),
        urgent,
        emergency: outcome.urgency == Urgency::EmergencyNow,
        title: text.title.clone(),
        what_to_do: calls.words(&text.what_to_do),
        reasons,
        action: c.texts.action[&outcome.action].clone(),
        first_time: all.len() == 1,
        stopped_early,
        calls,
    })
}

/// `POST /screen/result/{id}/understood`: the person has read an urgent result.
pub async fn understood(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> PageResult {
    let patient = patient_id(&state, &user, Action::ReadRecord).await?;
    // Another person's screen is not found, like every other object of theirs.
    if !state.store.screenings(&patient).await?.iter().any(|s| s.id == id) {
        return Err(AppError::NotFound);
    }
    Ok(Redirect::to("/today").into_response())
}
