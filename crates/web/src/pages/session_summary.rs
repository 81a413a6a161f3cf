//! The page after a session: what it showed, explained (the symptom class with its advice, leg
//! and back pain before and after, and the alerts it raised).

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::PageResult;
use crate::pages::patient::patient_id;
use crate::pages::{Layout, render};
use askama::Template;
use axum::extract::{Path, State};
use sciatica_core::policy::Action;
use sciatica_core::{Pain, SymptomClass};

#[derive(Template)]
#[template(path = "session_summary.html")]
struct SummaryPage {
    layout: Layout,
    done: usize,
    of: usize,
    stopped: bool,
    leg: Option<(u8, u8)>,
    back: Option<(u8, u8)>,
    class_title: String,
    class_advice: String,
    adverse: bool,
    good: bool,
    rescreen: bool,
    alerts: Vec<String>,
    /// The session's id (for the harm report link).
    id: String,
    /// "Something went wrong?"
    harm_link: String,
}

/// `GET /session/summary/{id}`: what the session showed, explained.
pub async fn summary(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(session_id): Path<String>,
) -> PageResult {
    let patient = patient_id(&state, &user, Action::ReadRecord).await?;
    let c = state.content;
    let r = state.store.session(&patient, &session_id).await?;
    let class = r.shown_class();
    // A stopped session is not told "no change, carry on".
    let text = class.filter(|k| !r.stopped || k.is_adverse()).map(|k| &c.texts.symptom_class[&k]);
    let pair = |a: Option<Pain>, b: Option<Pain>| a.zip(b).map(|(a, b)| (a.get(), b.get()));
    let leg = pair(r.leg_pain_before, r.leg_pain_after);
    let alerts = state
        .store
        .open_alerts(&patient)
        .await?
        .iter()
        .filter(|a| a.raised_at >= r.started_at)
        .filter_map(|a| c.rule(&a.rule).map(|rule| rule.advice.clone()))
        .collect();
    render(&SummaryPage {
        layout: Layout::for_user(&user, "today"),
        done: r.exercises.iter().filter(|e| e.completed).count(),
        of: r.exercises.len(),
        stopped: r.stopped,
        leg,
        back: pair(r.back_pain_before, r.back_pain_after),
        class_title: text.map(|t| t.title.clone()).unwrap_or_default(),
        class_advice: text.map(|t| t.advice.clone()).unwrap_or_default(),
        adverse: class.is_some_and(SymptomClass::is_adverse),
        good: matches!(class, Some(SymptomClass::Centralizing | SymptomClass::Abolished)),
        rescreen: r.calls_for_rescreen(),
        alerts,
        id: session_id,
        harm_link: c.texts.harm.link.clone(),
    })
}
