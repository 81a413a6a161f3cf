//! A guided session in progress: what has been answered so far and what comes next. Saved after
//! every answer, so a closed tab, a lost connection or Ctrl-C loses nothing already entered.

use crate::content::exercise::Dosage;
use crate::history::{ExerciseDone, Session, SideLevels};
use crate::ids::Slot;
use crate::pain::Pain;
use crate::symptoms::{Level, Response};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Why an exercise was stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StopKind {
    /// Symptoms spread further down the leg (STOP-1).
    MovedDown,
    /// Too painful (STOP-6).
    TooPainful,
    /// Dizziness, chest pain or breathlessness (STOP-7).
    Unwell,
}

impl StopKind {
    /// The universal stop rule it is (REFERENCE §2.1).
    pub fn rule(self) -> &'static str {
        match self {
            StopKind::MovedDown => "STOP-1",
            StopKind::TooPainful => "STOP-6",
            StopKind::Unwell => "STOP-7",
        }
    }

    /// What to do now, in the content's words, on every surface: the rule's advice (for
    /// "moved further down", the fuller advice of REFERENCE §5.3), then, unless the person feels
    /// unwell, the relief position for `cause`, never the position of `exercise` that caused it.
    pub fn advice(self, c: &crate::Content, cause: crate::Cause, exercise: Option<&str>) -> Vec<String> {
        let mut out = Vec::new();
        if self == StopKind::MovedDown {
            out.push(c.texts.moved_down_advice.clone());
        } else if let Some(rule) = c.texts.stop_rules.iter().find(|r| r.code == self.rule()) {
            out.push(rule.then.clone());
        }
        if self != StopKind::Unwell {
            out.push(c.relief_after(cause, exercise));
        }
        out
    }
}

/// The session so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// The session's id, chosen when it started (finishing it twice stores it once).
    #[serde(default)]
    pub id: String,
    /// When it started.
    pub started_at: Timestamp,
    /// The slot.
    pub slot: Slot,
    /// The person's local date.
    pub date: Date,
    /// The programme followed.
    pub program_id: Option<String>,
    /// A regression was in force when it started.
    pub regression_applied: bool,
    /// The exercises and doses planned at the start.
    pub plan: Vec<(String, Dosage)>,
    /// The quick safety check was answered "no new warning signs".
    pub safety_checked: bool,
    /// Leg pain before (0–10).
    pub leg_pain_before: Option<Pain>,
    /// Back pain before.
    pub back_pain_before: Option<Pain>,
    /// Left leg level before (0–6).
    pub left_before: Option<Level>,
    /// Right leg level before.
    pub right_before: Option<Level>,
    /// Exercises done (the last one may still wait for its response).
    pub exercises: Vec<ExerciseDone>,
    /// Why the session stopped early, if it did.
    pub stopped: Option<StopKind>,
    /// Leg pain after.
    pub leg_pain_after: Option<Pain>,
    /// Back pain after.
    pub back_pain_after: Option<Pain>,
    /// Left leg level after.
    pub left_after: Option<Level>,
    /// Right leg level after.
    pub right_after: Option<Level>,
    /// The last questions (walking, sitting, coping) were answered.
    pub extras_done: bool,
    /// Minutes of walking before leg symptoms started.
    pub walking_minutes: Option<u32>,
    /// Minutes of sitting tolerated.
    pub sitting_minutes: Option<u32>,
    /// "Is the pain more than you can cope with?"
    pub cannot_cope: bool,
    /// The exercise on screen and when it was first shown, to judge what was done of it.
    #[serde(default)]
    pub shown: Option<(usize, Timestamp)>,
}

/// What the player counted of an exercise, when it ran.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counted {
    /// Holds or repetitions finished, in all.
    pub reps: Option<u32>,
    /// Seconds the timer ran (a timed activity).
    pub seconds: Option<u32>,
}

/// What the person is asked next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "step", content = "index", rename_all = "snake_case")]
pub enum Step {
    /// "Any new warning signs since your last session?"
    Safety,
    /// Leg and back pain before.
    PainBefore,
    /// How far down each leg before (the body map).
    ReachBefore,
    /// Doing exercise `i` of the plan.
    Exercise(usize),
    /// What exercise `i` did to the leg symptoms.
    Response(usize),
    /// Leg and back pain after.
    PainAfter,
    /// How far down each leg after.
    ReachAfter,
    /// Walking and sitting tolerance, and coping.
    Extras,
    /// Everything is answered: save it.
    Finished,
}

impl Draft {
    /// A new session with this plan.
    pub fn new(
        id: String,
        started_at: Timestamp,
        slot: Slot,
        date: Date,
        program_id: Option<String>,
        regression_applied: bool,
        plan: Vec<(String, Dosage)>,
    ) -> Draft {
        Draft {
            id,
            started_at,
            slot,
            date,
            program_id,
            regression_applied,
            plan,
            safety_checked: false,
            leg_pain_before: None,
            back_pain_before: None,
            left_before: None,
            right_before: None,
            exercises: Vec::new(),
            stopped: None,
            leg_pain_after: None,
            back_pain_after: None,
            left_after: None,
            right_after: None,
            extras_done: false,
            walking_minutes: None,
            sitting_minutes: None,
            cannot_cope: false,
            shown: None,
        }
    }

    /// Notes that the current exercise is on screen from `now` (the first time it is shown);
    /// `true` when that changed the draft.
    pub fn showing(&mut self, now: Timestamp) -> bool {
        match self.step() {
            Step::Exercise(i) if self.shown.map(|(j, _)| j) != Some(i) => {
                self.shown = Some((i, now));
                true
            }
            _ => false,
        }
    }

    /// The next question.
    pub fn step(&self) -> Step {
        if !self.safety_checked {
            return Step::Safety;
        }
        if self.leg_pain_before.is_none() || self.back_pain_before.is_none() {
            return Step::PainBefore;
        }
        if self.left_before.is_none() || self.right_before.is_none() {
            return Step::ReachBefore;
        }
        if let Some(last) = self.exercises.last()
            && self.stopped.is_none()
            && last.response.is_none()
        {
            return Step::Response(self.exercises.len() - 1);
        }
        if self.stopped.is_none() && self.exercises.len() < self.plan.len() {
            return Step::Exercise(self.exercises.len());
        }
        if self.leg_pain_after.is_none() || self.back_pain_after.is_none() {
            return Step::PainAfter;
        }
        if self.left_after.is_none() || self.right_after.is_none() {
            return Step::ReachAfter;
        }
        if !self.extras_done {
            return Step::Extras;
        }
        Step::Finished
    }

    /// Records exercise `i` as done at `now`, with what was really done of the planned dose: what
    /// the player counted when it ran; otherwise judged from how long the exercise was on screen
    /// (a hold cannot be held, nor a walk walked, in less time than it lasts) [C]. Only the whole
    /// dose counts as completed.
    pub fn complete(&mut self, i: usize, now: Timestamp, counted: Counted) {
        if self.step() != Step::Exercise(i) {
            return;
        }
        let (id, d) = self.plan[i].clone();
        let sides = if d.per_side { 2 } else { 1 };
        let planned_reps = d.sets * d.reps * sides;
        let on_screen = self
            .shown
            .filter(|(j, _)| *j == i)
            .map(|(_, at)| u32::try_from(now.duration_since(at).as_secs().max(0)).unwrap_or(u32::MAX));
        // A timed activity: the seconds the timer ran, or else the time it was on screen.
        let seconds_done = d.minutes.map(|m| counted.seconds.or(on_screen).unwrap_or(m * 60).min(m * 60));
        let reps_done = match (d.minutes.zip(seconds_done), d.hold_seconds) {
            (Some((minutes, seconds)), _) => {
                if seconds >= minutes * 60 {
                    planned_reps
                } else {
                    0
                }
            }
            (None, Some(hold)) if hold > 0 => {
                let by_time = on_screen.map_or(planned_reps, |s| s / hold);
                counted.reps.unwrap_or(by_time).min(planned_reps)
            }
            (None, _) => counted.reps.unwrap_or(planned_reps).min(planned_reps),
        };
        let per_set = (d.reps * sides).max(1);
        self.exercises.push(ExerciseDone {
            id,
            sets_done: (reps_done / per_set).min(d.sets),
            reps_done,
            hold_seconds: d.hold_seconds,
            seconds_done,
            completed: reps_done >= planned_reps,
            response: None,
        });
    }

    /// Records the response to exercise `i`; "moved further down" stops the session (STOP-1).
    pub fn respond(&mut self, i: usize, r: Response) {
        if self.step() != Step::Response(i) {
            return;
        }
        self.exercises[i].response = Some(r);
        if r == Response::MovedDown {
            self.stopped = Some(StopKind::MovedDown);
        }
    }

    /// Stops exercise `i` (not finished) for a reason; the session goes to the questions after.
    pub fn stop(&mut self, i: usize, kind: StopKind) {
        if !matches!(self.step(), Step::Exercise(j) | Step::Response(j) if j == i) {
            return;
        }
        if self.exercises.len() == i {
            let (id, d) = self.plan[i].clone();
            self.exercises.push(ExerciseDone {
                id,
                hold_seconds: d.hold_seconds,
                seconds_done: d.minutes.map(|_| 0),
                ..ExerciseDone::default()
            });
        }
        if kind == StopKind::MovedDown {
            self.exercises[i].response = Some(Response::MovedDown);
        }
        self.stopped = Some(kind);
    }

    /// The session this draft describes, ending at `ended_at`.
    pub fn session(&self, ended_at: Timestamp) -> Session {
        let mut s = Session::new(self.id.clone(), self.slot, self.date, self.started_at);
        s.program_id.clone_from(&self.program_id);
        s.ended_at = ended_at;
        s.leg_pain_before = self.leg_pain_before;
        s.back_pain_before = self.back_pain_before;
        s.leg_pain_after = self.leg_pain_after;
        s.back_pain_after = self.back_pain_after;
        s.left = SideLevels { pre: self.left_before, post: self.left_after, late: None };
        s.right = SideLevels { pre: self.right_before, post: self.right_after, late: None };
        s.walking_minutes = self.walking_minutes;
        s.sitting_minutes = self.sitting_minutes;
        s.cannot_cope = self.cannot_cope;
        s.stopped = self.stopped.is_some();
        s.regression_applied = self.regression_applied;
        s.exercises.clone_from(&self.exercises);
        s
    }

    /// The plan includes walking, so walking tolerance is asked.
    pub fn includes_walking(&self) -> bool {
        self.plan.iter().any(|(id, _)| id == "walking-program" || id == "water-walking")
    }
}

#[cfg(test)]
mod tests;
