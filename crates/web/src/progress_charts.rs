//! The progress charts a patient sees on their Progress page, drawn once for them and for their
//! clinician (the record and the report show the same): leg and back pain by day, how far down
//! the leg symptoms reach, sessions done (a morning and evening calendar with the streak), and
//! questionnaire scores against a change that matters.

use crate::AppState;
use crate::error::AppError;
use jiff::Span;
use jiff::civil::Date;
use sciatica_core::adherence::{self, Done};
use sciatica_core::{MeasureId, Slot};
use sciatica_interop::charts::{
    self, Calendar, CalendarDay, Chart, ChartText, Daily, DailySeries, Labels, Levels, Mark,
};
use sciatica_store::person::Person;
use std::collections::BTreeMap;

/// The charts of a period.
pub struct Charts {
    /// Leg and back pain by day.
    pub pain: Chart,
    /// How far down the leg.
    pub reach: Chart,
    /// Sessions done, morning and evening.
    pub sessions: Chart,
    /// Each compared questionnaire: its name and chart.
    pub measures: Vec<(String, Chart)>,
    /// The first day drawn.
    pub from: Date,
    /// The first day of the first programme (today without one).
    pub began: Date,
    /// The first day of the asked window.
    pub window: Date,
}

/// Who reads the charts' words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    /// The person themselves ("your symptoms").
    Person,
    /// Their clinician, on the record or the printed report ("the symptoms").
    Clinician,
}

/// The charts of the last `days` days (a new record is drawn from its first day, a week at least),
/// worded for `reader`.
pub async fn charts(
    state: &AppState,
    person: &Person,
    days: u32,
    reader: Reader,
) -> Result<Charts, AppError> {
    let c = state.content;
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
    for r in &sessions {
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
    let t = match reader {
        Reader::Person => ChartText::default(),
        Reader::Clinician => ChartText::about_the_person(),
    };
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
    Ok(Charts { pain, reach: reach_chart, sessions: calendar, measures, from, began, window })
}
