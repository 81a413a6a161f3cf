//! A logged session, the one type every surface derives from (the API body and view, the guided
//! draft, the export and its CSV tables), and the bounded part of the log the progression engine
//! and the history rules read ([`Log`]).

mod log;
pub mod summary;
pub mod view;

pub use log::{LATE_WINDOW, Log, WINDOW_DAYS, Window};

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

/// One exercise of a session, as it was really done: what the player (or the person) counted,
/// not what was planned.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExerciseDone {
    /// Exercise id.
    pub id: String,
    /// Rounds done.
    #[serde(default)]
    pub sets_done: u32,
    /// Repetitions (or holds) done in all; 0 when it was skipped or stopped before the first.
    #[serde(default)]
    pub reps_done: u32,
    /// Seconds each hold lasted, for a hold exercise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hold_seconds: Option<u32>,
    /// Seconds the timer ran, for an activity timed in minutes (a walk, the bike).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seconds_done: Option<u32>,
    /// The planned dose was finished.
    pub completed: bool,
    /// What it did to the leg symptoms, if asked.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::response_or_null))]
    pub response: Option<Response>,
}

/// One logged session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// The session's id, chosen when it started (a retry with it stores nothing again).
    pub id: String,
    /// The programme followed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub program_id: Option<String>,
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
    /// The person's notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

impl Session {
    /// A session started at `started_at` with nothing recorded yet.
    pub fn new(id: String, slot: Slot, date: Date, started_at: Timestamp) -> Session {
        Session {
            id,
            program_id: None,
            started_at,
            ended_at: started_at,
            date,
            slot,
            leg_pain_before: None,
            leg_pain_after: None,
            back_pain_before: None,
            back_pain_after: None,
            left: SideLevels::default(),
            right: SideLevels::default(),
            exercises: Vec::new(),
            walking_minutes: None,
            sitting_minutes: None,
            cannot_cope: false,
            stopped: false,
            regression_applied: false,
            notes: None,
        }
    }

    /// The same session with its instants as they are stored (to the millisecond).
    #[must_use]
    pub fn stored(mut self) -> Session {
        let ms = |t: Timestamp| Timestamp::from_millisecond(t.as_millisecond()).unwrap_or(t);
        self.started_at = ms(self.started_at);
        self.ended_at = ms(self.ended_at);
        self
    }

    /// The same session as `other` in everything the person said (a retried request): the
    /// later checks (filled in by later sessions), the programme and whether a regression was in
    /// force (the server's reading) and, when `server_timed`, the times the server's clock gave a session
    /// sent without them, are not compared.
    pub fn same_as(&self, other: &Session, server_timed: bool) -> bool {
        let said = |s: &Session| {
            let mut r = s.clone().stored();
            r.left.late = None;
            r.right.late = None;
            r.regression_applied = false;
            r.program_id = None;
            if server_timed {
                r.started_at = Timestamp::UNIX_EPOCH;
                r.ended_at = Timestamp::UNIX_EPOCH;
                r.date = Date::default();
                r.slot = Slot::Morning;
            }
            r
        };
        said(self) == said(other)
    }

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
    pub fn of(sessions: &[Session]) -> Daily {
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
        let s = Session {
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
            program_id: None,
            notes: None,
        };
        assert_eq!(s.class(), Some(SymptomClass::Centralizing));
        let both = Session { right: side(2, 2), ..s };
        assert_eq!(both.class(), Some(SymptomClass::Stable), "the worse of the two legs");
    }

    #[test]
    fn a_retry_is_the_same_session_in_what_the_person_said() {
        let at = Timestamp::from_second(1_000).unwrap();
        let mut s = Session::new("s1".into(), Slot::Morning, Date::constant(2026, 3, 1), at);
        s.left = side(4, 3);
        s.notes = Some("stiff".into());
        let mut later = s.clone();
        later.left.late = Level::new(2).ok();
        later.regression_applied = true;
        later.program_id = Some("p2".into());
        assert!(s.same_as(&later, false), "what the server filled in later is not compared");
        let mut other = s.clone();
        other.notes = Some("better".into());
        assert!(!s.same_as(&other, false), "another note is another session");
        let mut moved = s.clone();
        moved.started_at = Timestamp::from_second(5_000).unwrap();
        moved.ended_at = moved.started_at;
        assert!(!s.same_as(&moved, false));
        assert!(s.same_as(&moved, true), "times the server's clock gave are not compared");
        let sub_ms = Session { ended_at: Timestamp::new(1_000, 400).unwrap(), ..s.clone() };
        assert!(s.same_as(&sub_ms, false), "instants are compared as stored, to the millisecond");
    }
}
