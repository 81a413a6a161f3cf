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
use jiff::Span;
use jiff::civil::Date;
use sciatica_core::adherence::{self, Done};
use sciatica_core::policy::Action;
use sciatica_core::{Cause, MeasureId, Slot};
use sciatica_interop::charts::{
    self, Calendar, CalendarDay, Chart, ChartText, Daily, DailySeries, Labels, Levels, Mark,
};
use serde::Deserialize;
use std::collections::BTreeMap;

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
    let window = person.today.saturating_sub(Span::new().days(i64::from(days) - 1));
    let programs = state.store.programs(&person.patient.id).await?;
    let stretches: Vec<_> = programs.iter().map(sciatica_store::programs::Program::stretch).collect();
    // A new record is drawn from its first day (a week at least), not as a month of blanks.
    let began = programs.iter().map(|p| p.started_on).min().unwrap_or(person.today);
    let from = window.max(began.min(person.today.saturating_sub(Span::new().days(6))));
    let shown = from.until(person.today).map_or(0, |s| s.get_days()) + 1;
    let since = from
        .to_datetime(jiff::civil::Time::midnight())
        .to_zoned_datetime(person.schedule.tz.clone())
        .map_err(|e| crate::error::AppError::Internal(e.into()))?
        .timestamp();
    let sessions = state.store.sessions_since(&person.patient.id, since).await?;
    let planned_on = |d: Date| sciatica_core::adherence::planned_on(c, &stretches, d);
    let mut leg: BTreeMap<Date, u8> = BTreeMap::new();
    let mut back: BTreeMap<Date, u8> = BTreeMap::new();
    let mut reach: BTreeMap<Date, (bool, u8)> = BTreeMap::new();
    let mut done: BTreeMap<Date, Done> = BTreeMap::new();
    for s in &sessions {
        let r = &s.record;
        if let Some(p) = r.leg_pain_before.max(r.leg_pain_after) {
            let e = leg.entry(r.date).or_insert(0);
            *e = (*e).max(p.get());
        }
        if let Some(p) = r.back_pain_before.max(r.back_pain_after) {
            let e = back.entry(r.date).or_insert(0);
            *e = (*e).max(p.get());
        }
        if let Some(l) = r.worse_pre_level() {
            let morning = r.slot == Slot::Morning;
            let e = reach.entry(r.date).or_insert((morning, l.get()));
            if morning && !e.0 {
                *e = (true, l.get());
            }
        }
        done.entry(r.date).or_default().add(r.slot);
    }
    let range: Vec<Date> = (0..shown).map(|i| from.saturating_add(Span::new().days(i64::from(i)))).collect();
    let t = ChartText::default();
    let pain = charts::daily_series(
        &Daily {
            from,
            to: person.today,
            series: vec![
                DailySeries {
                    name: "Leg pain".into(),
                    values: range.iter().map(|d| leg.get(d).map(|v| f64::from(*v))).collect(),
                },
                DailySeries {
                    name: "Back pain".into(),
                    values: range.iter().map(|d| back.get(d).map(|v| f64::from(*v))).collect(),
                },
            ],
        },
        &Labels { id: "pain", title: "Leg and back pain by day" },
        &t,
    );
    let reach_chart = charts::level_series(
        &Levels {
            from,
            to: person.today,
            levels: range.iter().map(|d| reach.get(d).map(|(_, l)| *l)).collect(),
        },
        &Labels { id: "reach", title: "How far down the leg symptoms reach" },
        &t,
    );
    let adh = adherence::adherence(&done, from, person.today, planned_on, person.today);
    let mark = |d: Date, did: bool, needs: u8| {
        if did {
            Mark::Done
        } else if d >= person.today {
            Mark::ToCome
        } else if planned_on(d) >= needs {
            Mark::Missed
        } else {
            Mark::NotPlanned
        }
    };
    let calendar = charts::adherence_calendar(
        &Calendar {
            days: range
                .iter()
                .map(|d| {
                    let x = done.get(d).copied().unwrap_or_default();
                    CalendarDay { date: *d, morning: mark(*d, x.morning, 1), evening: mark(*d, x.evening, 2) }
                })
                .collect(),
            current_streak: adh.current_streak,
            best_streak: adh.best_streak,
        },
        &Labels { id: "sessions", title: "Sessions done, morning and evening" },
        &t,
    );
    let responses = state.store.measure_responses(&person.patient.id).await?;
    let mut measures = Vec::new();
    // Measures compared with a first score (not STarT Back or the global change question).
    for id in MeasureId::ALL.iter().filter(|m| c.measure(**m).compared()) {
        let of: Vec<_> = responses.iter().filter(|r| r.measure == *id).collect();
        if of.is_empty() {
            continue;
        }
        let def = c.measure(*id);
        let chart = charts::measure_chart(
            &charts::Measure {
                max_score: def.max_score,
                lower_is_better: !def.higher_is_better,
                minimal_important_change: def.mic_points,
                baseline: of.iter().find_map(|r| r.score),
                points: of
                    .iter()
                    .map(|r| charts::MeasurePoint {
                        date: r.taken_at.to_zoned_datetime(person.schedule.tz.clone()).date(),
                        score: r.score,
                    })
                    .collect(),
            },
            &Labels { id: id.as_str(), title: &def.name },
            &t,
        );
        measures.push((def.name.clone(), chart));
    }
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
        since: (from > window).then(|| {
            if began > from {
                "Your first week.".to_owned()
            } else {
                format!("Since you started on {}.", from.strftime("%-d %B"))
            }
        }),
        pain,
        reach: reach_chart,
        sessions: calendar,
        measures,
        next_phase: (!checks.is_empty()).then_some(phase + 1),
        checks,
        ready,
    })
}
