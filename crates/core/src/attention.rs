//! Who needs the clinician first: the attention states of a patient on the clinician's panel,
//! worked out from the patient's record and the day's assessment, and the order of the panel.
//!
//! The states, most pressing first: an urgent screen or alert not yet acknowledged, symptoms
//! spreading down the leg, a harm report, worsening leg pain, another open alert, not logging,
//! proposals waiting for a decision; a patient with none of them is on track.

use crate::content::Content;
use crate::ids::{UnknownId, Urgency, id_enum};
use crate::progression::{Assessment, Proposal};
use crate::record::{QUIET, Record};
use crate::symptoms::Trend;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// A session in the last this many days whose symptoms spread down the leg counts as spreading.
pub const SPREADING_DAYS: i64 = 7;

/// The default of the clinic setting "not logging after N days without a session" [C].
pub const DEFAULT_INACTIVE_DAYS: u32 = 3;

id_enum! {
    /// Why a patient needs attention, in the order the panel sorts by (most pressing first).
    Attention, "attention state", {
        /// An `emergency_now` or `same_day` screen or alert that no clinician has acknowledged.
        Urgent => "urgent",
        /// Symptoms spreading down the leg: rule R23 open or holding, a session since the last
        /// assessment whose symptoms spread in the last [`SPREADING_DAYS`] days, or a
        /// peripheralising morning trend.
        Spreading => "spreading",
        /// An open alert of a harm report (rules H01–H09).
        Harm => "harm",
        /// Worsening or intolerable leg pain: rule R32 open or holding.
        Worsening => "worsening",
        /// Another open alert (R25 not improving, R26 high STarT Back risk).
        Alert => "alert",
        /// No session in the clinic's number of days.
        NotLogging => "not_logging",
        /// A proposal of the progression rules waits for a decision.
        Proposals => "proposals",
        /// Nothing needs attention.
        OnTrack => "on_track",
    }
}

/// What the states are worked out from.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    /// The patient's record.
    pub record: &'a Record,
    /// The progression assessment on `today` (none without a programme).
    pub assessment: Option<&'a Assessment>,
    /// The patient's local date.
    pub today: Date,
    /// Now.
    pub now: Timestamp,
    /// The patient's local date when they joined (the start of "not logging" before any session).
    pub joined: Date,
    /// Days without a session after which a patient is not logging (the clinic's setting).
    pub inactive_days: u32,
}

/// A patient's attention states, most pressing first; [`Attention::OnTrack`] alone when none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flags(pub Vec<Attention>);

impl Flags {
    /// The most pressing state.
    pub fn first(&self) -> Attention {
        self.0.first().copied().unwrap_or(Attention::OnTrack)
    }

    /// Whether `state` is among them.
    pub fn has(&self, state: Attention) -> bool {
        self.0.contains(&state)
    }

    /// How many states call for attention.
    fn needing(&self) -> usize {
        self.0.iter().filter(|a| **a != Attention::OnTrack).count()
    }
}

impl Ord for Flags {
    /// The panel's order: the most pressing state first; among equals, more reasons first, then
    /// the next reasons in turn.
    fn cmp(&self, other: &Flags) -> Ordering {
        self.first()
            .cmp(&other.first())
            .then_with(|| other.needing().cmp(&self.needing()))
            .then_with(|| self.0.cmp(&other.0))
    }
}

impl PartialOrd for Flags {
    fn partial_cmp(&self, other: &Flags) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The proposals of the assessment that wait for a clinician's decision: moving a phase on or
/// back, and an exercise taken out, that a clinician has not decided in this phase. (Easier
/// versions and unlocked steps are already in force.) The one place that says which proposals
/// are waiting.
pub fn proposals_waiting(record: &Record, assessment: Option<&Assessment>) -> Vec<Proposal> {
    assessment
        .map(|a| record.proposals_waiting_in(a).into_iter().map(|w| w.proposal).collect())
        .unwrap_or_default()
}

/// A rule holds today and was not resolved within the quiet period (a clinician has just
/// assessed the person), or its alert is open.
fn rule_in_force(i: &Inputs<'_>, rule: &str) -> bool {
    let open = i.record.alerts.iter().any(|a| a.rule == rule);
    let quiet = i.record.resolved.get(rule).is_some_and(|at| i.now - QUIET < *at);
    let holding = i.assessment.is_some_and(|a| a.alerts.iter().any(|x| x.rule == rule));
    open || (holding && !quiet)
}

fn spreading(i: &Inputs<'_>) -> bool {
    let since = i.today.saturating_sub(jiff::Span::new().days(SPREADING_DAYS - 1));
    let after_assessment = |at: Timestamp| i.record.assessed_at.is_none_or(|a| at > a);
    let spread = i.record.recent().iter().any(|s| {
        s.date >= since
            && after_assessment(s.ended_at)
            && s.shown_class().is_some_and(crate::symptoms::SymptomClass::is_adverse)
    });
    let trend = i.assessment.is_some_and(|a| a.trend == Some(Trend::Peripheralizing));
    rule_in_force(i, "R23") || spread || trend
}

fn not_logging(i: &Inputs<'_>) -> bool {
    let last = i.record.recent().iter().map(|s| s.date).max();
    let started = i.record.program.as_ref().map(|p| p.started_on);
    let from = last.or(started).unwrap_or(i.joined);
    let idle = from.until(i.today).map_or(0, |s| i64::from(s.get_days()));
    idle >= i64::from(i.inactive_days.max(1))
}

/// The attention states of a patient, most pressing first.
pub fn flags(content: &Content, i: &Inputs<'_>) -> Flags {
    let urgent_alert =
        i.record.alerts.iter().any(|a| content.rule(&a.rule).is_some_and(|r| r.urgency >= Urgency::SameDay));
    let harm_alert = i.record.alerts.iter().any(|a| crate::harm::RULES.contains(&a.rule.as_str()));
    let other_alert = i.record.alerts.iter().any(|a| {
        !crate::harm::RULES.contains(&a.rule.as_str()) && !["R23", "R32"].contains(&a.rule.as_str())
    });
    let mut out = Vec::new();
    let mut push = |holds: bool, state: Attention| {
        if holds {
            out.push(state);
        }
    };
    push(i.record.urgent.is_some() || urgent_alert, Attention::Urgent);
    push(spreading(i), Attention::Spreading);
    push(harm_alert, Attention::Harm);
    push(rule_in_force(i, "R32"), Attention::Worsening);
    push(other_alert, Attention::Alert);
    push(not_logging(i), Attention::NotLogging);
    push(!proposals_waiting(i.record, i.assessment).is_empty(), Attention::Proposals);
    if out.is_empty() {
        out.push(Attention::OnTrack);
    }
    Flags(out)
}

/// Sorts panel rows: by their flags (see [`Flags`]'s order), then by name.
pub fn sort_panel<T>(rows: &mut [T], key: impl Fn(&T) -> (&Flags, &str)) {
    rows.sort_by(|a, b| {
        let (fa, na) = key(a);
        let (fb, nb) = key(b);
        fa.cmp(fb).then_with(|| na.to_lowercase().cmp(&nb.to_lowercase()))
    });
}

/// How long ago `at` was, in whole days, for "last session 4 days ago" (never negative).
pub fn days_since(from: Date, today: Date) -> i64 {
    i64::from(from.until(today).map_or(0, |s| s.get_days())).max(0)
}

#[cfg(test)]
mod tests;
