//! The Today page (morning and evening sessions and what is done) and the onboarding page for the
//! person's time zone and session times.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, PageResult};
use crate::pages::patient::{patient_id, person};
use crate::pages::{Errors, Layout, render, render_status};
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use jiff::Span;
use sciatica_core::adherence;
use sciatica_core::policy::Action;
use sciatica_core::progression::Proposal;
use sciatica_core::{Slot, Urgency};
use sciatica_store::patients::Profile;
use sciatica_store::person::Today;
use serde::Deserialize;

/// A planned slot, as shown.
struct SlotView {
    name: &'static str,
    time: String,
    done_at: Option<String>,
    past: bool,
}

/// An exercise of today's plan, as shown.
struct ExerciseView {
    id: String,
    name: String,
    dose: String,
    easier: Option<String>,
}

/// An urgent or paused status, as shown.
struct StatusView {
    emergency: bool,
    urgent: bool,
    title: String,
    what_to_do: String,
    reasons: Vec<String>,
}

#[derive(Template)]
#[template(path = "today.html")]
struct TodayPage {
    layout: Layout,
    greeting: String,
    date: String,
    programme: String,
    blocked: Option<StatusView>,
    /// The calls an urgent card offers.
    calls: super::screen_result::Calls,
    attention: Option<StatusView>,
    slots: Vec<SlotView>,
    exercises: Vec<ExerciseView>,
    all_done: bool,
    /// A guided session in progress: when it started (local time).
    paused: Option<String>,
    streak: u32,
    done_7: u32,
    planned_7: u32,
    rescreen: bool,
    /// Questionnaires due today (id, plain name), in the core's order.
    due: Vec<(&'static str, String)>,
    next_phase: bool,
    /// The latest note from a clinician.
    note: Option<super::from_clinician::NoteView>,
    /// The latest decision on a proposal.
    decision: Option<super::from_clinician::DecisionView>,
}

fn status_view(
    c: &sciatica_core::Content,
    status: &sciatica_core::triage::Outcome,
    paused: bool,
    calls: &super::screen_result::Calls,
) -> StatusView {
    let text = &c.texts.urgency[&status.urgency];
    let urgent = status.urgency >= Urgency::SameDay;
    StatusView {
        emergency: status.urgency == Urgency::EmergencyNow,
        urgent,
        title: if urgent || !paused { text.title.clone() } else { "Your exercises are paused".to_owned() },
        what_to_do: if urgent || !paused {
            calls.words(&text.what_to_do)
        } else {
            c.texts.action[&status.action].clone()
        },
        reasons: status
            .reasons
            .iter()
            .filter(|r| c.rule(&r.rule).is_none_or(|rule| !rule.fallback))
            .filter(|r| if urgent { r.urgency == status.urgency } else { r.urgency > Urgency::SelfManage })
            .map(|r| {
                calls.words(&if urgent {
                    super::screen_result::first_sentence(&r.advice)
                } else {
                    r.advice.clone()
                })
            })
            .fold(Vec::new(), |mut shown, r| {
                if !shown.contains(&r) {
                    shown.push(r);
                }
                shown
            }),
    }
}

/// `GET /today`.
pub async fn today(State(state): State<AppState>, user: CurrentUser) -> PageResult {
    let person = person(&state, &user, Action::ReadRecord).await?;
    if person.record.screen.is_none() {
        return Ok(Redirect::to("/screen").into_response());
    }
    let c = state.content;
    let (plan, assessment) = person.today_plan(c)?;
    let status = person.status(c);
    let name = person.patient.display_name.clone();
    let hello =
        if person.schedule.slot_of(person.now).1 == Slot::Morning { "Good morning" } else { "Good evening" };
    let mut page = TodayPage {
        layout: Layout::for_user(&user, "today"),
        greeting: name.map_or(hello.to_owned(), |n| format!("{hello}, {n}")),
        date: person.today.strftime("%A %-d %B").to_string(),
        programme: String::new(),
        blocked: None,
        calls: super::screen_result::Calls::new(&state, status.urgency).await?,
        attention: None,
        slots: Vec::new(),
        exercises: Vec::new(),
        all_done: false,
        paused: None,
        streak: 0,
        done_7: 0,
        planned_7: 0,
        rescreen: person.record.rescreen_due(person.now),
        next_phase: false,
        due: Vec::new(),
        note: super::from_clinician::note(&person),
        decision: super::from_clinician::decision(c, &person),
    };
    let plan = match plan {
        Today::NotScreened => return Ok(Redirect::to("/screen").into_response()),
        Today::Blocked(status) => {
            page.blocked = Some(status_view(c, &status, true, &page.calls));
            return render(&page);
        }
        Today::Plan(p) => p,
    };
    if status.urgency > Urgency::SelfManage {
        page.attention = Some(status_view(c, &status, false, &page.calls));
    }
    let protocol = c.protocols.iter().find(|p| p.family == plan.family).map_or("", |p| p.name.as_str());
    page.programme = format!("{} · {protocol} · phase {}", c.cause(plan.cause).plain_name, plan.phase);
    let todays: Vec<_> =
        person.record.recent().iter().filter(|s| s.date == person.today && s.counts_as_done()).collect();
    for p in person.schedule.planned(person.today, plan.sessions_per_day) {
        let done = todays.iter().find(|s| s.slot == p.slot);
        page.slots.push(SlotView {
            name: if p.slot == Slot::Morning { "Morning" } else { "Evening" },
            time: p.at.strftime("%H:%M").to_string(),
            done_at: done.map(|s| {
                s.ended_at.to_zoned_datetime(person.schedule.tz.clone()).strftime("%H:%M").to_string()
            }),
            past: p.at.timestamp() < person.now,
        });
    }
    page.all_done = page.slots.iter().all(|s| s.done_at.is_some());
    page.paused = state
        .store
        .draft(&person.patient.id)
        .await?
        .and_then(|v| serde_json::from_value::<sciatica_core::guided::Draft>(v).ok())
        .map(|d| d.started_at.to_zoned_datetime(person.schedule.tz.clone()).strftime("%H:%M").to_string());
    page.exercises = plan
        .exercises
        .iter()
        .map(|e| ExerciseView {
            id: e.id.clone(),
            name: e.name.clone(),
            dose: format!("{} · {}", crate::words::dose(&e.dosage()), crate::words::per_day(e.times_per_day)),
            easier: crate::words::easier(c, e),
        })
        .collect();
    let start = person.record.program.as_ref().map_or(person.today, |p| p.started_on);
    let from = person.today.saturating_sub(Span::new().days(6)).max(start);
    let adh = adherence::adherence(
        &person.record.done_by_day(),
        from,
        person.today,
        |_| plan.sessions_per_day,
        person.today,
    );
    page.streak = adh.current_streak;
    page.done_7 = adh.done;
    page.planned_7 = adh.planned;
    let responses = state.store.measure_responses(&person.patient.id).await?;
    page.due = crate::pages::measures::due_now(c, &person, &responses)
        .iter()
        .map(|d| (d.measure.as_str(), c.measure(d.measure).plain_name.clone()))
        .collect();
    page.next_phase = assessment.as_ref().is_some_and(|a| {
        a.proposals.iter().any(|p| {
            matches!(p, Proposal::ProgressPhase { .. })
                && sciatica_core::care::proposal_id(p).is_none_or(|id| person.record.decided(&id).is_none())
        })
    });
    render(&page)
}

#[derive(Template)]
#[template(path = "times.html")]
struct TimesPage {
    layout: Layout,
    zones: Vec<String>,
    zone: String,
    morning: String,
    evening: String,
    errors: Errors,
}

fn zones() -> Vec<String> {
    let mut all: Vec<String> =
        jiff::tz::db().available().map(|z| z.to_string()).filter(|z| z.contains('/') || z == "UTC").collect();
    all.sort();
    all
}

/// The zone a person means by what they typed: a zone's name in any case ("europe/london"), or
/// a city found by name ("London", "new york"). A city under two names (an old one kept as an
/// alias) is found when both keep the same clock all year; `None` when nothing, or two different
/// clocks, fit.
fn find_zone(typed: &str, zones: &[String]) -> Option<String> {
    let typed = typed.trim();
    if let Some(z) = zones.iter().find(|z| z.eq_ignore_ascii_case(typed)) {
        return Some(z.clone());
    }
    let plain = |s: &str| s.replace('_', " ").split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    let wanted = plain(typed);
    let found: Vec<&String> =
        zones.iter().filter(|z| z.rsplit('/').next().is_some_and(|city| plain(city) == wanted)).collect();
    let first = found.first()?;
    let clock = |z: &str| {
        let tz = jiff::tz::TimeZone::get(z).ok()?;
        let now = jiff::Timestamp::now();
        let later = now.checked_add(Span::new().hours(24 * 182)).ok()?;
        Some((tz.to_offset(now), tz.to_offset(later)))
    };
    let same = found.iter().all(|z| clock(z).is_some() && clock(z) == clock(first));
    same.then(|| (*first).clone())
}

/// `GET /onboarding/times`.
pub async fn times_page(State(state): State<AppState>, user: CurrentUser) -> PageResult {
    let id = patient_id(&state, &user, Action::ReadRecord).await?;
    let p = state.store.patient(&id).await?;
    render(&TimesPage {
        layout: Layout::for_user(&user, "today"),
        zones: zones(),
        zone: p.time_zone,
        morning: p.morning,
        evening: p.evening,
        errors: Errors::default(),
    })
}

/// The times form.
#[derive(Debug, Deserialize)]
pub struct TimesForm {
    time_zone: String,
    morning: String,
    evening: String,
}

/// `POST /onboarding/times`.
pub async fn save_times(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(f): Form<TimesForm>,
) -> PageResult {
    let id = patient_id(&state, &user, Action::WriteRecord).await?;
    let p = state.store.patient(&id).await?;
    let all = zones();
    let zone = find_zone(&f.time_zone, &all);
    let profile = match &zone {
        Some(z) => Profile::new(p.display_name.as_deref(), z, &f.morning, &f.evening).map_err(AppError::from),
        None if f.time_zone.trim().is_empty() => {
            Err(AppError::invalid("time_zone", "Your time zone is empty: type the name of a city near you."))
        }
        None => Err(AppError::invalid(
            "time_zone",
            format!(
                "Your time zone “{}” was not found: type the name of a big city near you, such as London.",
                f.time_zone.trim()
            ),
        )),
    };
    match profile {
        Ok(profile) => {
            state.store.update_patient(&id, &profile).await?;
            Ok(Redirect::to("/today").into_response())
        }
        Err(e) => {
            let page = TimesPage {
                layout: Layout::for_user(&user, "today"),
                zones: all,
                zone: f.time_zone,
                morning: f.morning,
                evening: f.evening,
                errors: Errors::from_error(e)?,
            };
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}
