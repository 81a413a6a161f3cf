//! Progress at a glance: leg and back pain by day, how far down the leg symptoms reach, sessions
//! done (a morning and evening calendar with the streak), questionnaire scores against a change
//! that matters, and the way to the next phase. Every chart is SVG drawn on the server, with a
//! sentence above it and a table with the same data.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::PageResult;
use crate::pages::patient::person;
use crate::pages::{Layout, render};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect};
use sciatica_core::Cause;
use sciatica_core::policy::Action;
use sciatica_interop::charts::Chart;
use serde::Deserialize;

/// The range shown.
#[derive(Debug, Deserialize)]
pub struct Range {
    #[serde(default)]
    days: Option<u32>,
}

struct CheckView {
    met: bool,
    text: String,
}

#[derive(Template)]
#[template(path = "progress.html")]
struct ProgressPage {
    layout: Layout,
    days: u32,
    /// The record began inside the chosen window: what is drawn instead.
    since: Option<String>,
    pain: Chart,
    reach: Chart,
    sessions: Chart,
    measures: Vec<(String, Chart)>,
    next_phase: Option<u8>,
    checks: Vec<CheckView>,
    ready: bool,
}

/// `GET /progress?days=28`.
pub async fn progress(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(r): Query<Range>,
) -> PageResult {
    let person = person(&state, &user, Action::ReadRecord).await?;
    if person.record.screen.is_none() {
        return Ok(Redirect::to("/screen").into_response());
    }
    let c = state.content;
    let days = r.days.unwrap_or(28).clamp(7, 365);
    let charts =
        crate::progress_charts::charts(&state, &person, days, crate::progress_charts::Reader::Person).await?;
    let assessment = person.assessment(c);
    let (_, phase) = person.record.protocol().unwrap_or((Cause::Undiagnosed, 1));
    let checks: Vec<CheckView> = assessment
        .as_ref()
        .map(|a| {
            a.checks.iter().map(|ch| CheckView { met: ch.met, text: crate::words::criterion(ch) }).collect()
        })
        .unwrap_or_default();
    let ready = !checks.is_empty() && checks.iter().all(|ch| ch.met);
    render(&ProgressPage {
        layout: Layout::for_user(&user, "progress"),
        days,
        since: (charts.from > charts.window).then(|| {
            if charts.began > charts.from {
                "Your first week.".to_owned()
            } else {
                format!("Since you started on {}.", charts.from.strftime("%-d %B"))
            }
        }),
        pain: charts.pain,
        reach: charts.reach,
        sessions: charts.sessions,
        measures: charts.measures,
        next_phase: (!checks.is_empty()).then_some(phase + 1),
        checks,
        ready,
    })
}
