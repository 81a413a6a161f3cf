//! Progression and regression from the session log (REFERENCE §3) and the history rules R23,
//! R25 and R32 (REFERENCE §4.3). Everything here is derived from the log: nothing is stored but
//! the sessions themselves and the decisions a person or clinician takes on the proposals.
//!
//! This module holds what the engine is given and what it answers, and [`assess`], which puts
//! them together; the criteria checks are in `criteria` and the history rules in
//! `history_rules`.

mod criteria;
mod history_rules;

use crate::content::Content;
use crate::content::protocol::Criterion;
use crate::history::summary::Stats;
use crate::history::{Daily, Log, Session};
use crate::ids::Cause;
#[cfg(test)]
use crate::symptoms::Response;
use crate::symptoms::{self, Trend};
use criteria::Engine;
use history_rules::history_rules;
use jiff::Span;
use jiff::civil::Date;
use serde::Serialize;
use std::collections::BTreeSet;

/// What the engine reads: the bounded log of the programme (never the whole history).
pub struct Context<'a> {
    /// The content.
    pub content: &'a Content,
    /// The protocol being followed (`undiagnosed` for `general_gentle`).
    pub protocol: Cause,
    /// The current phase.
    pub phase: u8,
    /// The person's local date today (never before the newest session).
    pub today: Date,
    /// The sessions of the last weeks of the programme, oldest first.
    pub recent: &'a [Session],
    /// Summaries since the phase began (since the programme began on the gentle programme,
    /// which has one phase).
    pub since_phase: &'a Stats,
    /// Summaries since the programme began.
    pub since_program: &'a Stats,
}

impl<'a> Context<'a> {
    /// The context of a log whose summaries are `since_phase` and `since_program` (see
    /// [`Log::phase`] and [`Log::program`]; the phase's are the programme's on the gentle
    /// programme, followed while the cause is not confirmed).
    pub fn of(
        content: &'a Content,
        protocol: Cause,
        phase: u8,
        today: Date,
        log: &'a Log,
        since_phase: &'a Stats,
        since_program: &'a Stats,
    ) -> Context<'a> {
        Context { content, protocol, phase, today, recent: &log.recent, since_phase, since_program }
    }
}

/// Figures behind a criterion, for the person and the clinician.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Detail {
    /// P-1: stop-worthy spreading in the last 7 days.
    Spreading {
        /// Days of the phase so far.
        phase_days: i64,
        /// Sessions in the last 7 days.
        sessions: usize,
        /// Sessions in the last 7 days where symptoms spread down the leg.
        spreading: usize,
    },
    /// P-2: worst leg pain at the start and now.
    LegPain {
        /// Median of the first three daily worst values.
        baseline: Option<f64>,
        /// Median of the last three daily worst values.
        current: Option<f64>,
    },
    /// P-3: sessions done against planned in the last 7 days.
    Sessions {
        /// Planned sessions done.
        done: u32,
        /// Sessions planned.
        planned: u32,
        /// Sessions with a stop event.
        stops: usize,
    },
    /// P-4: how far down the leg symptoms reach in the morning (worse side).
    Reach {
        /// Median of the first three mornings of the phase.
        baseline: Option<f64>,
        /// Median of the last three mornings.
        current: Option<f64>,
    },
    /// WALK-30: minutes of walking before leg symptoms start.
    Walking {
        /// Median of the first three values of the phase.
        baseline: Option<f64>,
        /// Median of the last three values.
        current: Option<f64>,
    },
    /// SETTLED-14: leg pain over 14 days and tolerance of sitting and walking.
    Settled {
        /// Days logged in the last 14.
        days_logged: usize,
        /// Highest daily worst leg pain in the last 14 days.
        worst_leg_pain: Option<u8>,
        /// Longest sitting in the last 7 days, in minutes.
        sitting_minutes: Option<u32>,
        /// Longest walking in the last 7 days, in minutes.
        walking_minutes: Option<u32>,
    },
}

/// One criterion checked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Check {
    /// The criterion.
    pub criterion: Criterion,
    /// Whether it holds.
    pub met: bool,
    /// The figures.
    pub detail: Detail,
}

/// Why an exercise is done in its easier version or taken out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StopReason {
    /// The person said it moved symptoms further down the leg.
    MovedDown,
    /// The session was stopped during it.
    Stopped,
}

/// A proposal with its reason, or a change already in force.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Proposal {
    /// Every criterion of the phase holds: move to the next phase (needs a decision).
    ProgressPhase {
        /// The next phase.
        to: u8,
        /// The criteria, all met.
        checks: Vec<Check>,
    },
    /// Two or more stop events in 7 days: drop back a phase (needs a decision).
    RegressPhase {
        /// The phase before.
        to: u8,
        /// Sessions with a stop event in the last 7 days.
        stop_events: usize,
    },
    /// In force: the easier version of an exercise for 3 days after a stop event.
    RegressExercise {
        /// The exercise.
        exercise: String,
        /// The last day of the regression.
        until: Date,
        /// What happened.
        reason: StopReason,
    },
    /// In force: taken out of the plan and flagged for the clinician (two "moved further down"
    /// answers in 7 days).
    RemoveExercise {
        /// The exercise.
        exercise: String,
    },
    /// In force: a ladder step is now offered because the step before it was tolerated.
    Unlock {
        /// The exercise now offered.
        exercise: String,
        /// The step it follows.
        after: String,
    },
}

/// A history rule that holds, with the part of its condition that matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Alert {
    /// The rule id (R23, R25, R32).
    pub rule: String,
    /// The matched parts (`a`, `b`, `c`).
    pub parts: Vec<char>,
}

/// The result of assessing the log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    /// The progression criteria of the current phase.
    pub checks: Vec<Check>,
    /// Proposals and changes in force.
    pub proposals: Vec<Proposal>,
    /// History rules that hold.
    pub alerts: Vec<Alert>,
    /// Ladder steps now offered.
    pub unlocked: BTreeSet<String>,
    /// Exercises in their easier version now.
    pub regressed: BTreeSet<String>,
    /// Exercises taken out.
    pub removed: BTreeSet<String>,
    /// The multi-day trend of the morning level.
    pub trend: Option<Trend>,
}

fn days(n: i64) -> Span {
    Span::new().days(n)
}

fn back(d: Date, n: i64) -> Date {
    d.saturating_sub(days(n))
}

fn days_between(from: Date, to: Date) -> i64 {
    i64::from(from.until(to).map_or(0, |s| s.get_days()))
}

/// Assesses the log: criteria, proposals and changes in force, and history-rule alerts.
pub fn assess(ctx: &Context<'_>) -> Assessment {
    let phase_sessions: Vec<&Session> =
        ctx.recent.iter().filter(|s| s.date >= ctx.since_phase.since && s.date <= ctx.today).collect();
    let protocol = ctx.content.protocol(ctx.protocol);
    let phase = protocol.phase(ctx.phase);
    let engine = Engine {
        ctx,
        daily: Daily::of(ctx.recent),
        phase_sessions,
        per_day: phase.map_or(2, |p| p.sessions_per_day),
    };
    let checks: Vec<Check> =
        phase.map(|p| p.progress_when.iter().map(|c| engine.check(*c)).collect()).unwrap_or_default();
    let mut proposals = Vec::new();
    let mut unlocked = BTreeSet::new();
    if let Some(p) = phase {
        for pe in &p.exercises {
            if let Some(after) = &pe.after
                && (engine.tolerated(after) || ctx.since_phase.done.contains(&pe.id))
            {
                unlocked.insert(pe.id.clone());
                proposals.push(Proposal::Unlock { exercise: pe.id.clone(), after: after.clone() });
            }
        }
    }
    if !checks.is_empty() && checks.iter().all(|c| c.met) {
        proposals.push(Proposal::ProgressPhase { to: ctx.phase + 1, checks: checks.clone() });
    }
    let stop_sessions = engine.recent(7).filter(|s| s.has_stop_event()).count();
    if stop_sessions >= 2 && ctx.phase > 1 {
        proposals.push(Proposal::RegressPhase { to: ctx.phase - 1, stop_events: stop_sessions });
    }
    let removed: BTreeSet<String> = symptoms::exercises_to_remove(
        engine.phase_sessions.iter().flat_map(|s| {
            s.exercises.iter().filter_map(move |e| e.response.map(|r| (s.date, e.id.as_str(), r)))
        }),
        ctx.today,
    )
    .into_iter()
    .collect();
    for e in &removed {
        proposals.push(Proposal::RemoveExercise { exercise: e.clone() });
    }
    let mut regressed = BTreeSet::new();
    for (date, exercise, reason) in engine.stop_events() {
        let until = date.saturating_add(days(2));
        if until >= ctx.today && !removed.contains(&exercise) && regressed.insert(exercise.clone()) {
            proposals.push(Proposal::RegressExercise { exercise, until, reason });
        }
    }
    let alerts = history_rules(ctx, &engine);
    Assessment {
        checks,
        proposals,
        alerts,
        unlocked,
        regressed,
        removed,
        trend: symptoms::trend(&engine.daily.morning_level, ctx.today),
    }
}

#[cfg(test)]
mod tests;
