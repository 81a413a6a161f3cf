//! Progression and regression from the session log (REFERENCE §3) and the history rules R23,
//! R25 and R32 (REFERENCE §4.3). Everything here is derived from the log: nothing is stored but
//! the sessions themselves and the decisions a person or clinician takes on the proposals.

use crate::adherence::{Done, adherence};
use crate::content::Content;
use crate::content::protocol::Criterion;
use crate::history::summary::Stats;
use crate::history::{Daily, Log, SessionRecord, median};
use crate::ids::Cause;
use crate::symptoms::{self, Response, Trend};
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
    pub recent: &'a [SessionRecord],
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

fn medians(first: &[u8], last: &[u8]) -> (Option<f64>, Option<f64>) {
    (median(first), median(last))
}

/// P-2 (REFERENCE §3, MCID from Ostelo 2008): down by ≥ 2 points and ≥ 30%, or ≤ 3/10.
fn leg_pain_improved(baseline: Option<f64>, current: Option<f64>) -> bool {
    match (baseline, current) {
        (_, Some(c)) if c <= 3.0 => true,
        (Some(b), Some(c)) => b - c >= 2.0 && (b - c) / b >= 0.3,
        _ => false,
    }
}

struct Engine<'a> {
    ctx: &'a Context<'a>,
    daily: Daily,
    phase_sessions: Vec<&'a SessionRecord>,
    per_day: u8,
}

impl<'a> Engine<'a> {
    fn recent(&self, n: i64) -> impl Iterator<Item = &&'a SessionRecord> {
        let from = back(self.ctx.today, n - 1);
        self.phase_sessions.iter().filter(move |s| s.date >= from && s.date <= self.ctx.today)
    }

    fn phase_days(&self) -> i64 {
        days_between(self.ctx.since_phase.since, self.ctx.today) + 1
    }

    /// The medians of the first and of the last three days' worst leg pain since a start.
    fn leg_pain(stats: &Stats) -> (Option<f64>, Option<f64>) {
        medians(&stats.worst_leg.first_values(), &stats.worst_leg.last_values())
    }

    fn check(&self, criterion: Criterion) -> Check {
        let (met, detail) = match criterion {
            Criterion::NoPeripheralization7Days => {
                let recent: Vec<_> = self.recent(7).collect();
                let spreading = recent
                    .iter()
                    .filter(|s| {
                        s.class().is_some_and(symptoms::SymptomClass::is_adverse)
                            || s.exercises.iter().any(|e| e.response == Some(Response::MovedDown))
                    })
                    .count();
                let phase_days = self.phase_days();
                (
                    phase_days >= 7 && !recent.is_empty() && spreading == 0,
                    Detail::Spreading { phase_days, sessions: recent.len(), spreading },
                )
            }
            Criterion::LegPainImproved => {
                let (baseline, current) = Engine::leg_pain(self.ctx.since_phase);
                (leg_pain_improved(baseline, current), Detail::LegPain { baseline, current })
            }
            Criterion::Adherence80 => {
                let recent: Vec<_> = self.recent(7).collect();
                let mut done = std::collections::BTreeMap::<Date, Done>::new();
                for s in recent.iter().filter(|s| !s.stopped) {
                    done.entry(s.date).or_default().add(s.slot);
                }
                let from = back(self.ctx.today, 6).max(self.ctx.since_phase.since);
                let a = adherence(&done, from, self.ctx.today, |_| self.per_day, self.ctx.today);
                let stops = recent.iter().filter(|s| s.has_stop_event()).count();
                (
                    self.phase_days() >= 7
                        && a.planned > 0
                        && f64::from(a.done) >= 0.8 * f64::from(a.planned)
                        && stops == 0,
                    Detail::Sessions { done: a.done, planned: a.planned, stops },
                )
            }
            Criterion::Centralized => {
                let levels = &self.ctx.since_phase.morning_level;
                let (baseline, current) = medians(&levels.first_values(), &levels.last_values());
                let met = levels.days >= 4
                    && match (baseline, current) {
                        (Some(b), Some(c)) => c <= 1.0 || c <= b - 1.0,
                        _ => false,
                    };
                (met, Detail::Reach { baseline, current })
            }
            Criterion::WalkingTimeUp30 => {
                let walking = &self.ctx.since_phase.walking;
                let (baseline, current) = medians(&walking.first, &walking.last);
                let met = walking.count >= 4
                    && matches!((baseline, current), (Some(b), Some(c)) if b > 0.0 && c >= 1.3 * b);
                (met, Detail::Walking { baseline, current })
            }
            Criterion::Settled14Days => {
                let from = back(self.ctx.today, 13);
                let worst = self.daily.worst_between(from, self.ctx.today);
                let week: Vec<_> = self.recent(7).collect();
                let sitting = week.iter().filter_map(|s| s.sitting_minutes).max();
                let walking = week.iter().filter_map(|s| s.walking_minutes).max();
                let worst_leg_pain = worst.iter().copied().max();
                let met = self.phase_days() >= 14
                    && worst.len() >= 10
                    && worst_leg_pain.is_some_and(|w| w <= 1)
                    && sitting.is_some_and(|m| m >= 30)
                    && walking.is_some_and(|m| m >= 30);
                (
                    met,
                    Detail::Settled {
                        days_logged: worst.len(),
                        worst_leg_pain,
                        sitting_minutes: sitting,
                        walking_minutes: walking,
                    },
                )
            }
        };
        Check { criterion, met, detail }
    }

    /// An exercise is tolerated once done in at least two sessions of the phase, none of them
    /// spreading symptoms, and never answered "moved further down" in the last 7 days [C].
    fn tolerated(&self, id: &str) -> bool {
        let week_start = back(self.ctx.today, 6);
        let moved_down_this_week = self.phase_sessions.iter().any(|s| {
            s.date >= week_start
                && s.exercises
                    .iter()
                    .find(|e| e.id == id)
                    .is_some_and(|e| e.response == Some(Response::MovedDown))
        });
        !moved_down_this_week && self.ctx.since_phase.tolerated.get(id).is_some_and(|n| *n >= 2)
    }

    /// The exercise a stop event is attributed to: the one answered "moved further down", else
    /// the unfinished one when the session was stopped. Only the last days matter (a regression
    /// lasts three days), and those are all in the window.
    fn stop_events(&self) -> Vec<(Date, String, StopReason)> {
        let mut out = Vec::new();
        for s in &self.phase_sessions {
            for e in &s.exercises {
                if e.response == Some(Response::MovedDown) {
                    out.push((s.date, e.id.clone(), StopReason::MovedDown));
                }
            }
            if s.stopped
                && let Some(e) = s.exercises.iter().rev().find(|e| !e.completed)
                && e.response != Some(Response::MovedDown)
            {
                out.push((s.date, e.id.clone(), StopReason::Stopped));
            }
        }
        out
    }
}

/// Assesses the log: criteria, proposals and changes in force, and history-rule alerts.
pub fn assess(ctx: &Context<'_>) -> Assessment {
    let phase_sessions: Vec<&SessionRecord> =
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

fn history_rules(ctx: &Context<'_>, engine: &Engine<'_>) -> Vec<Alert> {
    let mut alerts = Vec::new();
    let week = back(ctx.today, 6);
    // R23 (a): a spreading session whose side was still worse than its `pre` at the first
    // session-start check made at least 24 h later; (b) two spreading sessions in a row, the
    // second with the regression in force; (c) the morning trend rose a level in 7 days.
    let mut r23 = Vec::new();
    let sessions = ctx.recent;
    let adverse = |s: &SessionRecord| s.class().is_some_and(symptoms::SymptomClass::is_adverse);
    for (i, s) in sessions.iter().enumerate() {
        if s.date < week {
            continue;
        }
        let later = sessions[i + 1..]
            .iter()
            .find(|t| t.started_at.as_millisecond() - s.started_at.as_millisecond() >= 24 * 3_600_000);
        if let Some(t) = later {
            for (side, next) in [(&s.left, &t.left), (&s.right, &t.right)] {
                let bad = side.class().is_some_and(symptoms::SymptomClass::is_adverse);
                if bad && matches!((next.pre, side.pre), (Some(n), Some(p)) if n > p) {
                    r23.push('a');
                }
            }
        }
        if i > 0 && adverse(&sessions[i - 1]) && adverse(s) && s.regression_applied {
            r23.push('b');
        }
    }
    if symptoms::trend(&engine.daily.morning_level, ctx.today) == Some(Trend::Peripheralizing) {
        r23.push('c');
    }
    push(&mut alerts, "R23", r23);
    // R25 (a): ≥ 14 days in phase 1 without P-2 against the phase-1 baseline; (b) ≥ 42 days
    // since the programme began and P-2 not met against the programme baseline, or the 7-day
    // median of the daily worst leg pain is ≥ 7.
    let mut r25 = Vec::new();
    if ctx.phase == 1 && days_between(ctx.since_phase.since, ctx.today) >= 14 {
        let (b, c) = Engine::leg_pain(ctx.since_phase);
        if b.is_some() && c.is_some() && !leg_pain_improved(b, c) {
            r25.push('a');
        }
    }
    if days_between(ctx.since_program.since, ctx.today) >= 42 {
        let (b, c) = Engine::leg_pain(ctx.since_program);
        let last_week = median(&engine.daily.worst_between(week, ctx.today));
        if (b.is_some() && c.is_some() && !leg_pain_improved(b, c)) || last_week.is_some_and(|m| m >= 7.0) {
            r25.push('b');
        }
    }
    push(&mut alerts, "R25", r25);
    // R32 (a): the 7-day median of the daily worst leg pain is ≥ 2 above the 7 days before
    // (each window with at least 3 logged days [C]); (b) "more than I can cope with" in a
    // session this week; (c) daily worst ≥ 9 on 2 consecutive days this week.
    let mut r32 = Vec::new();
    let this_week = engine.daily.worst_between(week, ctx.today);
    let before = engine.daily.worst_between(back(ctx.today, 13), back(ctx.today, 7));
    if this_week.len() >= 3
        && before.len() >= 3
        && let (Some(now), Some(then)) = (median(&this_week), median(&before))
        && now - then >= 2.0
    {
        r32.push('a');
    }
    if sessions.iter().any(|s| s.date >= week && s.cannot_cope) {
        r32.push('b');
    }
    let severe: Vec<Date> = engine
        .daily
        .worst_leg
        .range(back(ctx.today, 7)..=ctx.today)
        .filter(|(_, p)| p.get() >= 9)
        .map(|(d, _)| *d)
        .collect();
    if severe.windows(2).any(|w| w[0].tomorrow().ok() == Some(w[1]) && w[1] >= week) {
        r32.push('c');
    }
    push(&mut alerts, "R32", r32);
    alerts
}

fn push(alerts: &mut Vec<Alert>, rule: &str, mut parts: Vec<char>) {
    parts.sort_unstable();
    parts.dedup();
    if !parts.is_empty() {
        alerts.push(Alert { rule: rule.to_owned(), parts });
    }
}

#[cfg(test)]
mod tests;
