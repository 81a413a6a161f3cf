//! The session player: morning and evening sessions, one step at a time, as plain forms (every
//! answer is saved in the draft before the next page, so a closed tab or lost connection loses
//! nothing); a small script adds hold countdowns, a rep counter and keeps the screen on.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, PageResult};
use crate::pages::patient::person;
use crate::pages::{Errors, Layout, render, render_status};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use jiff::Timestamp;
use sciatica_core::guided::{Counted, Draft, Step, StopKind};
use sciatica_core::policy::Action;
use sciatica_core::{Level, Pain, Response, Slot};
use sciatica_store::person::{Person, Today};
use sciatica_store::sessions::{Finish, from_draft};
use serde::Deserialize;

mod exercise_view;
use exercise_view::ExerciseView;

async fn load(state: &AppState, patient: &str) -> Result<Option<Draft>, AppError> {
    Ok(state.store.draft(patient).await?.and_then(|v| serde_json::from_value(v).ok()))
}

async fn save(state: &AppState, patient: &str, d: &Draft) -> Result<(), AppError> {
    let v = serde_json::to_value(d).map_err(|e| AppError::Internal(e.into()))?;
    Ok(state.store.save_draft(patient, &v).await?)
}

struct Scale {
    name: &'static str,
    label: &'static str,
    options: Vec<(u8, bool)>,
}

impl Scale {
    fn new(name: &'static str, label: &'static str, value: Option<u8>) -> Scale {
        Scale { name, label, options: (0..=10).map(|n| (n, value == Some(n))).collect() }
    }
}

struct LevelChoice {
    value: u8,
    label: String,
    left: bool,
    right: bool,
}

#[derive(Template)]
#[template(path = "session.html")]
struct SessionPage {
    layout: Layout,
    slot: &'static str,
    step: &'static str,
    index: usize,
    exercise: Option<ExerciseView>,
    scales: Vec<Scale>,
    levels: Vec<LevelChoice>,
    map: String,
    stop_title: String,
    stop_advice: Vec<String>,
    rules: Vec<String>,
    walking: bool,
    words: &'static sciatica_core::content::text::SessionText,
    /// The ends of the pain scale, as the pain rating (NRS) words them.
    pain_anchors: (String, String),
    errors: Errors,
}

fn slot_name(s: Slot) -> &'static str {
    match s {
        Slot::Morning => "Morning",
        Slot::Evening => "Evening",
        Slot::Extra => "Extra",
    }
}

fn page(state: &AppState, user: &CurrentUser, person: &Person, d: &Draft, errors: Errors) -> SessionPage {
    let c = state.content;
    let step = d.step();
    let (left, right) = match step {
        Step::ReachBefore => (d.left_before, d.right_before),
        Step::ReachAfter => (d.left_after, d.right_after),
        _ => (None, None),
    };
    let levels = (0..=6u8)
        .map(|i| LevelChoice {
            value: i,
            label: c.texts.levels[usize::from(i)].clone(),
            left: left.map(Level::get) == Some(i),
            right: right.map(Level::get) == Some(i),
        })
        .collect();
    let mut p = SessionPage {
        layout: Layout::for_user(user, "today"),
        slot: slot_name(d.slot),
        step: "",
        index: 0,
        exercise: None,
        scales: Vec::new(),
        levels,
        map: if matches!(step, Step::ReachBefore | Step::ReachAfter) {
            crate::bodymap::select_map(c, left.map(Level::get), right.map(Level::get))
        } else {
            String::new()
        },
        stop_title: String::new(),
        stop_advice: Vec::new(),
        rules: c.texts.session_rules.clone(),
        walking: d.includes_walking(),
        words: &c.texts.session,
        pain_anchors: c.measure(sciatica_core::MeasureId::Nrs).anchors(),
        errors,
    };
    if let Some(kind) = d.stopped {
        let words = &c.texts.session;
        p.stop_title =
            if kind == StopKind::Unwell { words.stop_now_title.clone() } else { words.stop_title.clone() };
        let cause = person.record.program.as_ref().map_or(sciatica_core::Cause::Undiagnosed, |p| p.cause);
        p.stop_advice = kind.advice(c, cause, d.exercises.last().map(|e| e.id.as_str()));
    }
    match step {
        Step::Safety => p.step = "safety",
        Step::PainBefore | Step::PainAfter => {
            let before = step == Step::PainBefore;
            p.step = if before { "pain-before" } else { "pain-after" };
            p.scales = vec![
                Scale::new(
                    "leg",
                    "Leg pain",
                    if before { d.leg_pain_before } else { d.leg_pain_after }.map(Pain::get),
                ),
                Scale::new(
                    "back",
                    "Back pain",
                    if before { d.back_pain_before } else { d.back_pain_after }.map(Pain::get),
                ),
            ];
        }
        Step::ReachBefore | Step::ReachAfter => {
            let before = step == Step::ReachBefore;
            p.step = if before { "reach-before" } else { "reach-after" };
        }
        Step::Exercise(i) | Step::Response(i) => {
            p.step = if matches!(step, Step::Exercise(_)) { "exercise" } else { "response" };
            p.index = i;
            p.exercise = exercise_view::view(c, person, d, i);
        }
        Step::Extras => p.step = "extras",
        Step::Finished => p.step = "finished",
    }
    p
}

/// `GET /session`: the current step of the session in progress, or a new session.
pub async fn show(State(state): State<AppState>, user: CurrentUser) -> PageResult {
    let person = person(&state, &user, Action::WriteRecord).await?;
    let c = state.content;
    let plan = match person.today_plan(c)?.0 {
        Today::Plan(p) => p,
        Today::Blocked(_) => return Ok(Redirect::to("/today").into_response()),
        Today::NotScreened => return Ok(Redirect::to("/screen").into_response()),
    };
    let d = if let Some(d) = load(&state, &person.patient.id).await? {
        d
    } else {
        let d = person.new_draft(&plan);
        save(&state, &person.patient.id, &d).await?;
        d
    };
    if d.step() == Step::Finished {
        return finish(&state, &person, &d).await;
    }
    let mut d = d;
    if d.showing(Timestamp::now()) {
        save(&state, &person.patient.id, &d).await?;
    }
    render(&page(&state, &user, &person, &d, Errors::default()))
}

/// Every answer of the player's forms (each step uses some of them).
#[derive(Debug, Default, Deserialize)]
pub struct Answer {
    #[serde(default)]
    warning_signs: Option<String>,
    #[serde(default)]
    leg: Option<String>,
    #[serde(default)]
    back: Option<String>,
    #[serde(default)]
    left: Option<String>,
    #[serde(default)]
    right: Option<String>,
    #[serde(default)]
    response: Option<String>,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    walking_minutes: Option<String>,
    #[serde(default)]
    sitting_minutes: Option<String>,
    #[serde(default)]
    cannot_cope: Option<String>,
    /// Holds or repetitions the player counted.
    #[serde(default)]
    reps_done: Option<String>,
    /// Seconds the player's timer ran.
    #[serde(default)]
    seconds: Option<String>,
}

fn number(
    field: &str,
    raw: Option<&String>,
    max: u32,
    required: bool,
    problems: &mut Vec<crate::error::FieldProblem>,
) -> Option<u32> {
    match raw.map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None if required => {
            problems.push(crate::error::FieldProblem {
                field: field.into(),
                message: "Please choose a number.".into(),
            });
            None
        }
        None => None,
        Some(s) => match s.parse::<u32>() {
            Ok(n) if n <= max => Some(n),
            _ => {
                problems.push(crate::error::FieldProblem {
                    field: field.into(),
                    message: format!("Please choose a whole number from 0 to {max}."),
                });
                None
            }
        },
    }
}

/// `POST /session/{step}`: records one step's answers and shows the next step.
pub async fn answer(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(step): Path<String>,
    Form(a): Form<Answer>,
) -> PageResult {
    let person = person(&state, &user, Action::WriteRecord).await?;
    let id = person.patient.id.clone();
    if step == "discard" {
        state.store.delete_draft(&id).await?;
        return Ok(Redirect::to("/today").into_response());
    }
    let Some(mut d) = load(&state, &id).await? else { return Ok(Redirect::to("/session").into_response()) };
    let mut problems = Vec::new();
    // `number` has checked the range: these only change the type.
    let pain = |n: Option<u32>| n.and_then(|v| Pain::new(i64::from(v)).ok());
    let level = |n: Option<u32>| n.and_then(|v| Level::new(i64::from(v)).ok());
    match (step.as_str(), d.step()) {
        ("safety", Step::Safety) => match a.warning_signs.as_deref() {
            Some("yes") => {
                state.store.delete_draft(&id).await?;
                return Ok(Redirect::to("/screen").into_response());
            }
            Some("no") => d.safety_checked = true,
            _ => problems.push(crate::error::FieldProblem {
                field: "warning_signs".into(),
                message: "Please choose yes or no.".into(),
            }),
        },
        ("pain-before", Step::PainBefore) | ("pain-after", Step::PainAfter) => {
            let leg = pain(number("leg", a.leg.as_ref(), 10, true, &mut problems));
            let back = pain(number("back", a.back.as_ref(), 10, true, &mut problems));
            if problems.is_empty() {
                if step == "pain-before" {
                    (d.leg_pain_before, d.back_pain_before) = (leg, back);
                } else {
                    (d.leg_pain_after, d.back_pain_after) = (leg, back);
                }
            }
        }
        ("reach-before", Step::ReachBefore) | ("reach-after", Step::ReachAfter) => {
            let left = level(number("left", a.left.as_ref(), 6, true, &mut problems));
            let right = level(number("right", a.right.as_ref(), 6, true, &mut problems));
            if problems.is_empty() {
                if step == "reach-before" {
                    (d.left_before, d.right_before) = (left, right);
                } else {
                    (d.left_after, d.right_after) = (left, right);
                }
            }
        }
        (s, Step::Exercise(i)) if s == format!("exercise-{i}") => {
            let counted = Counted {
                reps: number("reps_done", a.reps_done.as_ref(), 200, false, &mut problems),
                seconds: number("seconds", a.seconds.as_ref(), 86_400, false, &mut problems),
            };
            if problems.is_empty() {
                d.complete(i, Timestamp::now(), counted);
            }
        }
        (s, Step::Exercise(i) | Step::Response(i)) if s == format!("stop-{i}") => {
            let kind = match a.reason.as_deref() {
                Some("moved_down") => StopKind::MovedDown,
                Some("too_painful") => StopKind::TooPainful,
                Some("unwell") => StopKind::Unwell,
                _ => {
                    problems.push(crate::error::FieldProblem {
                        field: "reason".into(),
                        message: "Please choose what happened.".into(),
                    });
                    StopKind::TooPainful
                }
            };
            if problems.is_empty() {
                d.stop(i, kind);
            }
        }
        (s, Step::Response(i)) if s == format!("response-{i}") => {
            match a.response.as_deref().and_then(Response::parse) {
                Some(r) => d.respond(i, r),
                None => problems.push(crate::error::FieldProblem {
                    field: "response".into(),
                    message: "Please choose one answer.".into(),
                }),
            }
        }
        ("extras", Step::Extras) => {
            d.walking_minutes =
                number("walking_minutes", a.walking_minutes.as_ref(), 600, false, &mut problems);
            d.sitting_minutes =
                number("sitting_minutes", a.sitting_minutes.as_ref(), 1440, false, &mut problems);
            d.cannot_cope = a.cannot_cope.as_deref() == Some("yes");
            if problems.is_empty() {
                d.extras_done = true;
            }
        }
        // A form from an earlier step (a double tap, the back button): show where things are.
        _ => return Ok(Redirect::to("/session").into_response()),
    }
    if !problems.is_empty() {
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &page(&state, &user, &person, &d, Errors(problems)),
        );
    }
    save(&state, &id, &d).await?;
    if d.step() == Step::Finished {
        return finish(&state, &person, &d).await;
    }
    Ok(Redirect::to("/session").into_response())
}

/// Stores the finished session: the session, the draft's removal, the person's record and the
/// alerts it raised, in one transaction. A second submit of the last step (a double tap) finds
/// the session stored under the draft's id and stores nothing.
async fn finish(state: &AppState, person: &Person, d: &Draft) -> PageResult {
    let s = from_draft(d, Timestamp::now());
    let id = s.id.clone();
    let finish = Finish { remove_draft: true, ..Finish::new(&person.patient.id, s) };
    state.store.finish_session(state.content, finish).await?;
    Ok(Redirect::to(&format!("/session/summary/{id}")).into_response())
}
