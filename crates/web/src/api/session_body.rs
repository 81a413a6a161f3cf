//! The body of `POST /api/v1/sessions` and its checks. Pain and levels are parsed into their
//! bounded types as the JSON is read; the rest is checked here, every problem reported at once.

use crate::api::extract::free_text;
use crate::error::{AppError, FieldProblem};
use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use sciatica_core::history::{ExerciseDone, SideLevels};
use sciatica_core::{Content, Level, Pain, Response, Slot};
use sciatica_store::sessions::{Session, new_session};
use serde::Deserialize;
use utoipa::ToSchema;

/// Most exercises in one session.
const MAX_EXERCISES: usize = 30;
/// How far in the future an end time may lie (clocks differ).
const CLOCK_SKEW: SignedDuration = SignedDuration::from_mins(5);
/// The longest a session may last.
const LONGEST: SignedDuration = SignedDuration::from_hours(24);
/// How far back a session may be logged.
const OLDEST: SignedDuration = SignedDuration::from_hours(366 * 24);

/// An exercise done in the session.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExerciseDoneBody {
    /// Exercise id (see `GET /api/v1/exercises`); the served document lists them.
    pub id: String,
    /// Rounds done (0–20).
    #[schema(minimum = 0, maximum = 20)]
    pub sets_done: u32,
    /// Repetitions (or holds) done in all (0–200).
    #[schema(minimum = 0, maximum = 200)]
    pub reps_done: u32,
    /// Seconds each hold lasted, for a hold exercise (0–3600).
    #[serde(default)]
    #[schema(minimum = 0, maximum = 3600)]
    pub hold_seconds: Option<u32>,
    /// Seconds the timer ran, for an activity timed in minutes (0–86400).
    #[serde(default)]
    #[schema(minimum = 0, maximum = 86400)]
    pub seconds_done: Option<u32>,
    /// The planned dose was finished.
    pub completed: bool,
    /// What it did to the leg symptoms.
    #[serde(default)]
    #[schema(schema_with = crate::api::schema::response_or_null)]
    pub response: Option<Response>,
}

/// A session to log. Everything but the exercises' own fields is optional.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSessionBody {
    /// The session's id (a UUID the client chooses when the session starts). Sending the same
    /// session again with its id stores nothing and answers 200 with the stored session; another
    /// session under an id already used answers 409. Without it the server chooses one.
    #[serde(default)]
    #[schema(format = "uuid")]
    pub id: Option<String>,
    /// The slot; by default the one the start time falls in (`extra` when that one is done).
    #[serde(default)]
    #[schema(schema_with = crate::api::schema::slot_or_null)]
    pub slot: Option<Slot>,
    /// Start (RFC 3339): before the end, at most 24 hours before it and within the last 366
    /// days; by default the end.
    #[serde(default)]
    #[schema(format = DateTime)]
    pub started_at: Option<String>,
    /// End (RFC 3339), no later than now (5 minutes of clock difference allowed); by default now.
    #[serde(default)]
    #[schema(format = DateTime)]
    pub ended_at: Option<String>,
    /// Leg pain before (0 none … 10 worst imaginable).
    #[serde(default)]
    #[schema(schema_with = crate::api::schema::pain_or_null)]
    pub leg_pain_before: Option<Pain>,
    /// Leg pain after.
    #[serde(default)]
    #[schema(schema_with = crate::api::schema::pain_or_null)]
    pub leg_pain_after: Option<Pain>,
    /// Back pain before.
    #[serde(default)]
    #[schema(schema_with = crate::api::schema::pain_or_null)]
    pub back_pain_before: Option<Pain>,
    /// Back pain after.
    #[serde(default)]
    #[schema(schema_with = crate::api::schema::pain_or_null)]
    pub back_pain_after: Option<Pain>,
    /// How far down the left leg symptoms reached before (0 none, 1 low back, 2 buttock,
    /// 3 thigh, 4 calf, 5 foot, 6 toes).
    #[serde(default)]
    #[schema(schema_with = crate::api::schema::level_or_null)]
    pub left_before: Option<Level>,
    /// The left leg right after.
    #[serde(default)]
    #[schema(schema_with = crate::api::schema::level_or_null)]
    pub left_after: Option<Level>,
    /// The right leg before.
    #[serde(default)]
    #[schema(schema_with = crate::api::schema::level_or_null)]
    pub right_before: Option<Level>,
    /// The right leg right after.
    #[serde(default)]
    #[schema(schema_with = crate::api::schema::level_or_null)]
    pub right_after: Option<Level>,
    /// The exercises done, in order (at most 30).
    #[serde(default)]
    #[schema(max_items = 30)]
    pub exercises: Vec<ExerciseDoneBody>,
    /// Minutes of walking before leg symptoms start (0–600).
    #[serde(default)]
    #[schema(minimum = 0, maximum = 600)]
    pub walking_minutes: Option<u32>,
    /// Minutes of sitting tolerated (0–1440).
    #[serde(default)]
    #[schema(minimum = 0, maximum = 1440)]
    pub sitting_minutes: Option<u32>,
    /// The pain was more than the person could cope with.
    #[serde(default)]
    pub cannot_cope: bool,
    /// The session was stopped by a stop rule.
    #[serde(default)]
    pub stopped: bool,
    /// Notes (up to 2000 characters; no control characters but tabs and line breaks).
    #[serde(default)]
    #[schema(schema_with = crate::api::schema::text_2000_or_null)]
    pub notes: Option<String>,
}

/// A checked session, ready to log.
#[derive(Debug)]
pub struct Checked {
    /// The session: its id (the one sent, or a new one), and its slot and date from the start
    /// time unless a slot was sent. Neither the programme nor the regression is set.
    pub session: Session,
    /// The id was sent (the session may be a retry).
    pub id_given: bool,
    /// The slot was sent.
    pub slot_given: bool,
    /// No end time was sent: the server's clock set the times.
    pub timed_on_arrival: bool,
}

fn push(problems: &mut Vec<FieldProblem>, field: &str, message: &str) {
    problems.push(FieldProblem { field: field.to_owned(), message: message.to_owned() });
}

/// An instant in RFC 3339, e.g. `2025-01-31T07:30:00Z`.
pub fn instant(problems: &mut Vec<FieldProblem>, field: &str, text: Option<&str>) -> Option<Timestamp> {
    let text = text?;
    let parsed = text.parse::<Timestamp>().ok();
    if parsed.is_none() {
        let message =
            format!("`{text}` is not a time; allowed: RFC 3339 with a time zone, e.g. 2025-01-31T07:30:00Z");
        problems.push(FieldProblem { field: field.to_owned(), message });
    }
    parsed
}

fn at_most(problems: &mut Vec<FieldProblem>, field: String, value: Option<u32>, max: u32, what: &str) {
    if let Some(v) = value
        && v > max
    {
        problems
            .push(FieldProblem { field, message: format!("{v} is not allowed; allowed: 0 to {max} {what}") });
    }
}

impl NewSessionBody {
    /// Checks every value against `now`; all problems are reported together. `place` gives the
    /// person's local date and slot of a start time.
    pub fn check(
        self,
        c: &Content,
        now: Timestamp,
        place: impl FnOnce(Timestamp) -> (Date, Slot),
    ) -> Result<Checked, AppError> {
        let mut problems = Vec::new();
        let ended_at = instant(&mut problems, "ended_at", self.ended_at.as_deref()).unwrap_or(now);
        let started_at = instant(&mut problems, "started_at", self.started_at.as_deref()).unwrap_or(ended_at);
        if ended_at > now + CLOCK_SKEW {
            push(&mut problems, "ended_at", "is in the future; allowed: a time up to now");
        }
        if started_at > ended_at {
            push(&mut problems, "started_at", "is after ended_at; allowed: a start before the end");
        } else if ended_at.duration_since(started_at) > LONGEST {
            push(
                &mut problems,
                "started_at",
                "is more than 24 hours before ended_at; allowed: a session of up to 24 hours",
            );
        }
        if started_at < now - OLDEST {
            push(
                &mut problems,
                "started_at",
                "is more than a year ago; allowed: sessions of the last 366 days",
            );
        }
        let id = match self.id.as_deref().map(uuid::Uuid::try_parse) {
            Some(Ok(u)) => Some(u.hyphenated().to_string()),
            Some(Err(_)) => {
                push(
                    &mut problems,
                    "id",
                    "is not a UUID; allowed: a UUID such as 0190a4c2-7b1e-7c3a-9f00-1a2b3c4d5e6f",
                );
                None
            }
            None => None,
        };
        if self.exercises.len() > MAX_EXERCISES {
            push(&mut problems, "exercises", "has too many entries; allowed: up to 30");
        }
        for (i, e) in self.exercises.iter().enumerate() {
            if c.exercise(&e.id).is_none() {
                push(
                    &mut problems,
                    &format!("exercises[{i}].id"),
                    "is not an exercise; see GET /api/v1/exercises for the ids",
                );
            }
        }
        for (i, e) in self.exercises.iter().enumerate() {
            at_most(&mut problems, format!("exercises[{i}].sets_done"), Some(e.sets_done), 20, "rounds");
            at_most(
                &mut problems,
                format!("exercises[{i}].reps_done"),
                Some(e.reps_done),
                200,
                "repetitions",
            );
            at_most(&mut problems, format!("exercises[{i}].hold_seconds"), e.hold_seconds, 3600, "seconds");
            at_most(&mut problems, format!("exercises[{i}].seconds_done"), e.seconds_done, 86_400, "seconds");
        }
        at_most(&mut problems, "walking_minutes".into(), self.walking_minutes, 600, "minutes");
        at_most(&mut problems, "sitting_minutes".into(), self.sitting_minutes, 1440, "minutes");
        let notes = match self.notes.as_deref().map(|n| free_text("notes", n, 2000)).transpose() {
            Ok(n) => n.flatten(),
            Err(AppError::Invalid(p)) => {
                problems.extend(p);
                None
            }
            Err(other) => return Err(other),
        };
        if !problems.is_empty() {
            return Err(AppError::Invalid(problems));
        }
        let (date, by_time) = place(started_at);
        let mut s = new_session(self.slot.unwrap_or(by_time), date, started_at);
        if let Some(id) = &id {
            s.id.clone_from(id);
        }
        s.ended_at = ended_at;
        (s.leg_pain_before, s.leg_pain_after) = (self.leg_pain_before, self.leg_pain_after);
        (s.back_pain_before, s.back_pain_after) = (self.back_pain_before, self.back_pain_after);
        s.left = SideLevels { pre: self.left_before, post: self.left_after, late: None };
        s.right = SideLevels { pre: self.right_before, post: self.right_after, late: None };
        s.walking_minutes = self.walking_minutes;
        s.sitting_minutes = self.sitting_minutes;
        s.cannot_cope = self.cannot_cope;
        s.stopped = self.stopped;
        s.notes = notes;
        s.exercises = self
            .exercises
            .into_iter()
            .map(|e| ExerciseDone {
                id: e.id,
                sets_done: e.sets_done,
                reps_done: e.reps_done,
                hold_seconds: e.hold_seconds,
                seconds_done: e.seconds_done,
                completed: e.completed,
                response: e.response,
            })
            .collect();
        Ok(Checked {
            session: s,
            id_given: id.is_some(),
            slot_given: self.slot.is_some(),
            timed_on_arrival: self.ended_at.is_none(),
        })
    }
}
