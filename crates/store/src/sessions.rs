//! Logged sessions and the exercises done in them: the types here, the SQL that writes them in
//! `write` and the SQL that reads them back in `read`.

mod read;
mod write;

pub use crate::writer::{Finish, Finished};
use crate::{Result, StoreError, new_id};
use jiff::Timestamp;
use jiff::civil::Date;
pub(crate) use read::{sessions_since, stored_as_new};
use sciatica_core::guided::Draft;
use sciatica_core::history::{ExerciseDone, SessionRecord, SideLevels};
use sciatica_core::{Level, Pain, Response, Slot};
use serde::{Deserialize, Serialize};
pub(crate) use write::insert_batch;

/// An exercise as logged in a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExerciseLog {
    /// Exercise slug.
    pub exercise_id: String,
    /// Rounds done.
    pub sets_done: u32,
    /// Repetitions (or holds) done in all.
    pub reps_done: u32,
    /// Seconds each hold lasted, for a hold exercise.
    pub hold_seconds: Option<u32>,
    /// The planned dose was finished.
    pub completed: bool,
    /// What it did to the leg symptoms.
    pub response: Option<Response>,
}

/// A session to log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewSession {
    /// Id, chosen when the session is built.
    pub id: String,
    /// The person.
    pub patient_id: String,
    /// The programme followed.
    pub program_id: Option<String>,
    /// The slot.
    pub slot: Slot,
    /// The person's local date.
    pub local_date: Date,
    /// Start.
    pub started_at: Timestamp,
    /// End.
    pub ended_at: Timestamp,
    /// Leg pain before.
    pub leg_pain_before: Option<Pain>,
    /// Leg pain after.
    pub leg_pain_after: Option<Pain>,
    /// Back pain before.
    pub back_pain_before: Option<Pain>,
    /// Back pain after.
    pub back_pain_after: Option<Pain>,
    /// Left leg: most distal level before, after and later.
    #[serde(skip)]
    pub left: SideLevels,
    /// Right leg.
    #[serde(skip)]
    pub right: SideLevels,
    /// Minutes of walking before leg symptoms start.
    pub walking_minutes: Option<u32>,
    /// Minutes of sitting tolerated.
    pub sitting_minutes: Option<u32>,
    /// "Is the pain more than you can cope with?" answered yes.
    pub cannot_cope: bool,
    /// Stopped by a stop rule.
    pub stopped: bool,
    /// A regression was in force.
    pub regression_applied: bool,
    /// Free-text notes.
    pub notes: Option<String>,
    /// The exercises, in order.
    pub exercises: Vec<ExerciseLog>,
    /// The server set the times (and so the date and slot) when the request arrived, because the
    /// client sent no end time: a retry of it arrives later, so they are not compared.
    #[serde(skip)]
    pub timed_on_arrival: bool,
}

impl NewSession {
    /// A session with a fresh id and nothing recorded yet.
    pub fn new(patient_id: &str, slot: Slot, local_date: Date, started_at: Timestamp) -> NewSession {
        NewSession {
            id: new_id(),
            patient_id: patient_id.to_owned(),
            program_id: None,
            slot,
            local_date,
            started_at,
            ended_at: started_at,
            leg_pain_before: None,
            leg_pain_after: None,
            back_pain_before: None,
            back_pain_after: None,
            left: SideLevels::default(),
            right: SideLevels::default(),
            walking_minutes: None,
            sitting_minutes: None,
            cannot_cope: false,
            stopped: false,
            regression_applied: false,
            notes: None,
            exercises: Vec::new(),
            timed_on_arrival: false,
        }
    }

    /// The session a finished guided draft describes, ending at `ended_at`.
    pub fn from_draft(patient_id: &str, d: &Draft, ended_at: Timestamp) -> Result<NewSession> {
        let pain = |field: &str, v: Option<u8>| {
            v.map(|p| Pain::new(i64::from(p)))
                .transpose()
                .map_err(|e| StoreError::Invalid { field: field.to_owned(), problem: e.to_string() })
        };
        let level = |field: &str, v: Option<u8>| {
            v.map(|l| Level::new(i64::from(l)))
                .transpose()
                .map_err(|e| StoreError::Invalid { field: field.to_owned(), problem: e.to_string() })
        };
        let mut s = NewSession::new(patient_id, d.slot, d.date, d.started_at);
        if !d.id.is_empty() {
            s.id.clone_from(&d.id);
        }
        s.program_id.clone_from(&d.program_id);
        s.ended_at = ended_at;
        s.leg_pain_before = pain("leg_pain_before", d.leg_pain_before)?;
        s.back_pain_before = pain("back_pain_before", d.back_pain_before)?;
        s.leg_pain_after = pain("leg_pain_after", d.leg_pain_after)?;
        s.back_pain_after = pain("back_pain_after", d.back_pain_after)?;
        s.left = SideLevels {
            pre: level("left_before", d.left_before)?,
            post: level("left_after", d.left_after)?,
            late: None,
        };
        s.right = SideLevels {
            pre: level("right_before", d.right_before)?,
            post: level("right_after", d.right_after)?,
            late: None,
        };
        s.walking_minutes = d.walking_minutes;
        s.sitting_minutes = d.sitting_minutes;
        s.cannot_cope = d.cannot_cope;
        s.stopped = d.stopped.is_some();
        s.regression_applied = d.regression_applied;
        s.exercises = d
            .exercises
            .iter()
            .map(|e| ExerciseLog {
                exercise_id: e.id.clone(),
                sets_done: e.sets_done,
                reps_done: e.reps_done,
                hold_seconds: e.hold_seconds,
                completed: e.completed,
                response: e.response,
            })
            .collect();
        Ok(s)
    }
}

impl NewSession {
    /// What the progression engine reads of it, with instants as they are stored (to the
    /// millisecond).
    pub fn record(&self) -> SessionRecord {
        let stored = |t: Timestamp| Timestamp::from_millisecond(t.as_millisecond()).unwrap_or(t);
        SessionRecord {
            id: self.id.clone(),
            started_at: stored(self.started_at),
            ended_at: stored(self.ended_at),
            date: self.local_date,
            slot: self.slot,
            leg_pain_before: self.leg_pain_before,
            leg_pain_after: self.leg_pain_after,
            back_pain_before: self.back_pain_before,
            back_pain_after: self.back_pain_after,
            left: self.left,
            right: self.right,
            exercises: self
                .exercises
                .iter()
                .map(|e| ExerciseDone {
                    id: e.exercise_id.clone(),
                    completed: e.completed,
                    response: e.response,
                })
                .collect(),
            walking_minutes: self.walking_minutes,
            sitting_minutes: self.sitting_minutes,
            cannot_cope: self.cannot_cope,
            stopped: self.stopped,
            regression_applied: self.regression_applied,
        }
    }

    /// The same session as `other` in everything the person said (a retried request): the
    /// later checks, filled in by later sessions, and what the server added (the times of a
    /// session sent without them) are not compared.
    pub fn same_as(&self, other: &NewSession) -> bool {
        let server_timed = self.timed_on_arrival || other.timed_on_arrival;
        let said = |s: &NewSession| {
            let mut r = s.record();
            r.left.late = None;
            r.right.late = None;
            r.regression_applied = false;
            if server_timed {
                r.started_at = Timestamp::UNIX_EPOCH;
                r.ended_at = Timestamp::UNIX_EPOCH;
                r.date = Date::default();
                r.slot = Slot::Morning;
            }
            (r, s.notes.clone(), s.exercises.clone())
        };
        said(self) == said(other)
    }
}

/// A stored session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// Id.
    pub id: String,
    /// The programme followed.
    pub program_id: Option<String>,
    /// When it ended.
    pub ended_at: Timestamp,
    /// Notes.
    pub notes: Option<String>,
    /// The exercises as logged.
    pub exercises: Vec<ExerciseLog>,
    /// What the progression engine reads.
    pub record: SessionRecord,
}
