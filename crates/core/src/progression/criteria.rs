//! The progression criteria of a phase (P-1 to P-4, WALK-30, SETTLED-14; REFERENCE §3), when
//! an exercise counts as tolerated, and which exercise each stop event is attributed to.

use super::{Check, Context, Detail, StopReason, back, days_between};
use crate::adherence::{Done, adherence};
use crate::content::protocol::Criterion;
use crate::history::summary::Stats;
use crate::history::{Daily, Session, median};
use crate::symptoms::{self, Response};
use jiff::civil::Date;

fn medians(first: &[u8], last: &[u8]) -> (Option<f64>, Option<f64>) {
    (median(first), median(last))
}

/// P-2 (REFERENCE §3, MCID from Ostelo 2008): down by ≥ 2 points and ≥ 30%, or ≤ 3/10.
pub(super) fn leg_pain_improved(baseline: Option<f64>, current: Option<f64>) -> bool {
    match (baseline, current) {
        (_, Some(c)) if c <= 3.0 => true,
        (Some(b), Some(c)) => b - c >= 2.0 && (b - c) / b >= 0.3,
        _ => false,
    }
}

/// The log of a context, read for the criteria.
pub(super) struct Engine<'a> {
    pub(super) ctx: &'a Context<'a>,
    pub(super) daily: Daily,
    pub(super) phase_sessions: Vec<&'a Session>,
    pub(super) per_day: u8,
}

impl<'a> Engine<'a> {
    pub(super) fn recent(&self, n: i64) -> impl Iterator<Item = &&'a Session> {
        let from = back(self.ctx.today, n - 1);
        self.phase_sessions.iter().filter(move |s| s.date >= from && s.date <= self.ctx.today)
    }

    fn phase_days(&self) -> i64 {
        days_between(self.ctx.since_phase.since, self.ctx.today) + 1
    }

    /// The medians of the first and of the last three days' worst leg pain since a start.
    pub(super) fn leg_pain(stats: &Stats) -> (Option<f64>, Option<f64>) {
        medians(&stats.worst_leg.first_values(), &stats.worst_leg.last_values())
    }

    pub(super) fn check(&self, criterion: Criterion) -> Check {
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
    pub(super) fn tolerated(&self, id: &str) -> bool {
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
    pub(super) fn stop_events(&self) -> Vec<(Date, String, StopReason)> {
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
