//! The logged sessions as the progression engine and the history rules read them, and the
//! bounded part of the log they read ([`Log`]).

mod log;
pub mod summary;

pub use log::{LATE_WINDOW, Log, WINDOW_DAYS};

use crate::ids::Slot;
use crate::pain::Pain;
use crate::symptoms::{self, Level, Response, SymptomClass};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Most distal level on one side before, right after, and at the next check.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SideLevels {
    /// Before the session.
    pub pre: Option<Level>,
    /// Right after.
    pub post: Option<Level>,
    /// At the next check (next session start or about two hours later).
    pub late: Option<Level>,
}

impl SideLevels {
    /// The class of this side, when `pre` and `post` are known. A side with no symptoms before,
    /// after or later has nothing to classify, so it cannot hide the other side's response in the
    /// session's overall class [C].
    pub fn class(&self) -> Option<SymptomClass> {
        let (pre, post) = (self.pre?, self.post?);
        if pre.get() == 0 && post.get() == 0 && self.late.is_none_or(|l| l.get() == 0) {
            return None;
        }
        Some(symptoms::classify(pre, post, self.late).class)
    }
}

/// One exercise done in a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExerciseDone {
    /// Exercise slug.
    pub id: String,
    /// The person finished the planned dose.
    pub completed: bool,
    /// What it did to the leg symptoms, if asked.
    pub response: Option<Response>,
}

/// One logged session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRecord {
    /// The session's id.
    pub id: String,
    /// When it started.
    pub started_at: Timestamp,
    /// When it ended.
    pub ended_at: Timestamp,
    /// The person's local date.
    pub date: Date,
    /// The slot.
    pub slot: Slot,
    /// Leg pain before.
    pub leg_pain_before: Option<Pain>,
    /// Leg pain after.
    pub leg_pain_after: Option<Pain>,
    /// Back pain before.
    pub back_pain_before: Option<Pain>,
    /// Back pain after.
    pub back_pain_after: Option<Pain>,
    /// Left leg levels.
    pub left: SideLevels,
    /// Right leg levels.
    pub right: SideLevels,
    /// The exercises done.
    pub exercises: Vec<ExerciseDone>,
    /// Minutes of walking before leg symptoms start.
    pub walking_minutes: Option<u32>,
    /// Minutes of sitting tolerated.
    pub sitting_minutes: Option<u32>,
    /// "Is the pain more than you can cope with?" answered yes (R32 b).
    pub cannot_cope: bool,
    /// The session was stopped because of a stop rule.
    pub stopped: bool,
    /// A regression (after a stop) was in force during this session (R23 b).
    pub regression_applied: bool,
}

impl SessionRecord {
    /// The session's class: the worse of the two sides (REFERENCE §5.3).
    pub fn class(&self) -> Option<SymptomClass> {
        match (self.left.class(), self.right.class()) {
            (Some(a), Some(b)) => Some(a.worse(b)),
            (a, b) => a.or(b),
        }
    }

    /// The response to tell the person about: an exercise answered "moved further down" makes
    /// the session spreading whatever the levels before and after say (STOP-1: peripheralisation
    /// during or after the exercise).
    pub fn shown_class(&self) -> Option<SymptomClass> {
        if self.exercises.iter().any(|e| e.response == Some(Response::MovedDown)) {
            return Some(self.class().filter(|c| c.is_adverse()).unwrap_or(SymptomClass::Peripheralizing));
        }
        self.class()
    }

    /// The worst leg pain of the session.
    pub fn worst_leg_pain(&self) -> Option<Pain> {
        self.leg_pain_before.max(self.leg_pain_after)
    }

    /// The more distal of the two sides before the session.
    pub fn worse_pre_level(&self) -> Option<Level> {
        self.left.pre.max(self.right.pre)
    }

    /// The session counts as a session done: it was not stopped before any exercise was
    /// finished.
    pub fn counts_as_done(&self) -> bool {
        !self.stopped || self.exercises.iter().any(|e| e.completed)
    }

    /// The red-flag questions should be asked again now (REFERENCE §4.1: "immediately whenever the
    /// user logs a new leg involved ... or a big pain jump"): symptoms in a leg that had none, or
    /// leg pain more than 3 points above where the session started (STOP-6).
    pub fn calls_for_rescreen(&self) -> bool {
        let jump = matches!(
            (self.leg_pain_before, self.leg_pain_after),
            (Some(a), Some(b)) if b.get() > a.get() + 3
        );
        jump || self.class() == Some(SymptomClass::NewSide)
    }

    /// A stop event: peripheralising or new side, an exercise that moved symptoms down, or a
    /// session stopped by a stop rule (STOP-1/STOP-6).
    pub fn has_stop_event(&self) -> bool {
        self.stopped
            || self.class().is_some_and(SymptomClass::is_adverse)
            || self.exercises.iter().any(|e| e.response == Some(Response::MovedDown))
    }
}

/// Daily values derived from the session log.
pub struct Daily {
    /// Worst leg pain per day.
    pub worst_leg: BTreeMap<Date, Pain>,
    /// Morning most-distal level (worse side, before the session) per day.
    pub morning_level: BTreeMap<Date, Level>,
}

impl Daily {
    /// Derives the daily values from sessions.
    pub fn of(sessions: &[SessionRecord]) -> Daily {
        let mut worst_leg: BTreeMap<Date, Pain> = BTreeMap::new();
        let mut morning_level = BTreeMap::new();
        for s in sessions {
            if let Some(p) = s.worst_leg_pain() {
                let e = worst_leg.entry(s.date).or_insert(p);
                *e = (*e).max(p);
            }
            if s.slot == Slot::Morning
                && let Some(l) = s.worse_pre_level()
            {
                morning_level.entry(s.date).or_insert(l);
            }
        }
        Daily { worst_leg, morning_level }
    }

    /// Worst leg pain values on the days `from..=to`, in date order.
    pub fn worst_between(&self, from: Date, to: Date) -> Vec<u8> {
        if from > to {
            return Vec::new();
        }
        self.worst_leg.range(from..=to).map(|(_, p)| p.get()).collect()
    }
}

/// The median of a list of values (mean of the two middle values for an even count).
pub fn median(values: &[u8]) -> Option<f64> {
    let mut v = values.to_vec();
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    let n = v.len();
    Some(if n % 2 == 1 {
        f64::from(v[n / 2])
    } else {
        f64::midpoint(f64::from(v[n / 2 - 1]), f64::from(v[n / 2]))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side(pre: i64, post: i64) -> SideLevels {
        SideLevels { pre: Level::new(pre).ok(), post: Level::new(post).ok(), late: None }
    }

    #[test]
    fn a_symptom_free_leg_does_not_hide_the_other() {
        assert_eq!(side(0, 0).class(), None);
        assert_eq!(side(0, 1).class(), Some(SymptomClass::Stable));
        let s = SessionRecord {
            id: "s1".into(),
            started_at: Timestamp::UNIX_EPOCH,
            ended_at: Timestamp::UNIX_EPOCH,
            date: Date::constant(2026, 3, 1),
            slot: Slot::Morning,
            leg_pain_before: None,
            leg_pain_after: None,
            back_pain_before: None,
            back_pain_after: None,
            left: side(4, 3),
            right: side(0, 0),
            exercises: Vec::new(),
            walking_minutes: None,
            sitting_minutes: None,
            cannot_cope: false,
            stopped: false,
            regression_applied: false,
        };
        assert_eq!(s.class(), Some(SymptomClass::Centralizing));
        let both = SessionRecord { right: side(2, 2), ..s };
        assert_eq!(both.class(), Some(SymptomClass::Stable), "the worse of the two legs");
    }
}
