//! "Something went wrong?" after a session: a short form (what happened, how bad, in the
//! person's words), then the advice that matches it. The core chooses the advice and whether the
//! programme pauses (`sciatica_core::harm`); an urgent result is the same card, with the same
//! calls, as an urgent screen.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, PageResult};
use crate::pages::patient::patient_id;
use crate::pages::screen_result::Calls;
use crate::pages::{Errors, Layout, render, render_status};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use jiff::Timestamp;
use sciatica_core::Urgency;
use sciatica_core::content::text::HarmText;
use sciatica_core::harm::Report;
use sciatica_core::policy::Action;
use sciatica_store::harm::Reported;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "harm_form.html")]
struct FormPage<'a> {
    layout: Layout,
    session_id: String,
    t: &'a HarmText,
    kind: String,
    severity: String,
    details: String,
    errors: Errors,
}

impl FormPage<'_> {
    fn kinds(&self) -> Vec<(&'static str, &str)> {
        self.t.kinds.iter().map(|(k, label)| (k.as_str(), label.as_str())).collect()
    }

    fn severities(&self) -> Vec<(&'static str, &str)> {
        self.t.severities.iter().map(|(s, label)| (s.as_str(), label.as_str())).collect()
    }
}

/// The form as sent; a choice not made is absent.
#[derive(Debug, Default, Deserialize)]
pub struct HarmForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    severity: String,
    #[serde(default)]
    details: String,
}

/// `GET /session/summary/{id}/harm`: the form.
pub async fn form(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(session_id): Path<String>,
) -> PageResult {
    let patient = patient_id(&state, &user, Action::ReadRecord).await?;
    state.store.session(&patient, &session_id).await?;
    render(&FormPage {
        layout: Layout::for_user(&user, "today"),
        session_id,
        t: &state.content.texts.harm,
        kind: String::new(),
        severity: String::new(),
        details: String::new(),
        errors: Errors::default(),
    })
}

/// `POST /session/summary/{id}/harm`: checks the report, stores it with its alert, and shows the
/// advice (the form again with its errors when a choice is missing or the text is too long).
pub async fn submit(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(session_id): Path<String>,
    Form(f): Form<HarmForm>,
) -> PageResult {
    let patient_id = patient_id(&state, &user, Action::WriteRecord).await?;
    let patient = state.store.patient(&patient_id).await?;
    state.store.session(&patient_id, &session_id).await?;
    let report = match Report::parse(&f.kind, &f.severity, &f.details) {
        Ok(r) => r,
        Err(e) => {
            let page = FormPage {
                layout: Layout::for_user(&user, "today"),
                session_id,
                t: &state.content.texts.harm,
                kind: f.kind,
                severity: f.severity,
                details: f.details,
                errors: Errors::from_error(AppError::from(e))?,
            };
            return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let id = match state
        .store
        .report_harm(state.content, &patient, &session_id, None, &report, Timestamp::now())
        .await?
    {
        Reported::Stored(r, _) | Reported::Again(r) => r.id,
    };
    Ok(Redirect::to(&format!("/session/summary/{session_id}/harm/{id}")).into_response())
}

#[derive(Template)]
#[template(path = "harm_result.html")]
struct ResultPage {
    layout: Layout,
    urgent: bool,
    emergency: bool,
    title: String,
    what_to_do: String,
    advice: String,
    action: String,
    saved: String,
    calls: Calls,
}

/// `GET /session/summary/{id}/harm/{report}`: the advice for a stored report.
pub async fn result(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((session_id, report_id)): Path<(String, String)>,
) -> PageResult {
    let patient = patient_id(&state, &user, Action::ReadRecord).await?;
    let reports = state.store.session_harm(&patient, &session_id).await?;
    let r = reports.iter().find(|r| r.id == report_id).ok_or(AppError::NotFound)?;
    let c = state.content;
    let advice = sciatica_core::harm::advise(c, r.kind, r.severity);
    let urgent = advice.urgency >= Urgency::SameDay;
    let text = &c.texts.urgency[&advice.urgency];
    let mut layout = Layout::for_user(&user, "today");
    layout.bare = urgent;
    let calls = Calls::new(&state, advice.urgency).await?;
    render(&ResultPage {
        layout,
        urgent,
        emergency: advice.emergency(),
        title: text.title.clone(),
        what_to_do: calls.words(&text.what_to_do),
        advice: calls.words(&advice.advice),
        action: c.texts.action[&advice.action].clone(),
        saved: c.texts.harm.saved.clone(),
        calls,
    })
}
