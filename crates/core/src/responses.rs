//! Which exercises centralise and which peripheralise for one person: the answers "moved up
//! toward my back", "no change" and "moved further down my leg" counted per exercise
//! (REFERENCE §5.3, per-exercise attribution), for the clinician's view of the record.

use crate::history::Session;
use crate::symptoms::Response;
use serde::Serialize;
use std::collections::BTreeMap;

/// What an exercise tends to do for this person, from their answers [C].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tendency {
    /// Answered "moved further down" at least as often as "moved up": the direction loads the
    /// problem (REFERENCE §5.2).
    Peripheralises,
    /// Both up and down answers, more of them up.
    Mixed,
    /// Only "moved up" (and "no change") answers.
    Centralises,
    /// Only "no change" answers.
    NoChange,
}

/// The answers about one exercise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExerciseResponses {
    /// The exercise's slug.
    pub exercise: String,
    /// "Moved up toward my back".
    pub moved_up: u32,
    /// "No change".
    pub no_change: u32,
    /// "Moved further down my leg".
    pub moved_down: u32,
}

impl ExerciseResponses {
    /// Every answer counted.
    pub fn total(&self) -> u32 {
        self.moved_up + self.no_change + self.moved_down
    }

    /// What the exercise tends to do.
    pub fn tendency(&self) -> Tendency {
        match (self.moved_up, self.moved_down) {
            (_, down) if down > 0 && down >= self.moved_up => Tendency::Peripheralises,
            (up, down) if up > 0 && down > 0 => Tendency::Mixed,
            (up, _) if up > 0 => Tendency::Centralises,
            _ => Tendency::NoChange,
        }
    }
}

/// The answers per exercise over `sessions`: exercises that peripheralise first, then mixed,
/// centralising and unchanged ones; within each, the most answers first, then by slug.
pub fn by_exercise<'a>(sessions: impl IntoIterator<Item = &'a Session>) -> Vec<ExerciseResponses> {
    let mut counts: BTreeMap<&str, ExerciseResponses> = BTreeMap::new();
    for s in sessions {
        for e in &s.exercises {
            let Some(r) = e.response else { continue };
            let c = counts.entry(e.id.as_str()).or_insert_with(|| ExerciseResponses {
                exercise: e.id.clone(),
                moved_up: 0,
                no_change: 0,
                moved_down: 0,
            });
            match r {
                Response::MovedUp => c.moved_up += 1,
                Response::NoChange => c.no_change += 1,
                Response::MovedDown => c.moved_down += 1,
            }
        }
    }
    let mut out: Vec<ExerciseResponses> = counts.into_values().collect();
    out.sort_by(|a, b| {
        a.tendency()
            .cmp(&b.tendency())
            .then_with(|| b.total().cmp(&a.total()))
            .then_with(|| a.exercise.cmp(&b.exercise))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::{ExerciseDone, SideLevels};
    use crate::ids::Slot;
    use jiff::Timestamp;
    use jiff::civil::Date;

    fn session(answers: &[(&str, Option<Response>)]) -> Session {
        Session {
            id: "s".into(),
            started_at: Timestamp::UNIX_EPOCH,
            ended_at: Timestamp::UNIX_EPOCH,
            date: Date::constant(2026, 3, 1),
            slot: Slot::Morning,
            leg_pain_before: None,
            leg_pain_after: None,
            back_pain_before: None,
            back_pain_after: None,
            left: SideLevels::default(),
            right: SideLevels::default(),
            exercises: answers
                .iter()
                .map(|(id, r)| ExerciseDone {
                    id: (*id).into(),
                    completed: true,
                    response: *r,
                    ..ExerciseDone::default()
                })
                .collect(),
            walking_minutes: None,
            sitting_minutes: None,
            cannot_cope: false,
            stopped: false,
            regression_applied: false,
            program_id: None,
            notes: None,
        }
    }

    #[test]
    fn counts_each_answer_per_exercise_and_puts_spreading_first() {
        use Response::{MovedDown as Down, MovedUp as Up, NoChange as Same};
        let sessions = [
            session(&[("prone-lying", Some(Up)), ("prone-press-up", Some(Down)), ("walking-program", None)]),
            session(&[("prone-lying", Some(Up)), ("prone-press-up", Some(Up)), ("cat-cow", Some(Same))]),
            session(&[("prone-lying", Some(Down)), ("prone-on-elbows", Some(Up)), ("cat-cow", Some(Same))]),
            session(&[("prone-lying", Some(Up))]),
        ];
        let got = by_exercise(&sessions);
        let summary: Vec<(&str, u32, u32, u32, Tendency)> = got
            .iter()
            .map(|e| (e.exercise.as_str(), e.moved_up, e.no_change, e.moved_down, e.tendency()))
            .collect();
        assert_eq!(
            summary,
            [
                ("prone-press-up", 1, 0, 1, Tendency::Peripheralises),
                ("prone-lying", 3, 0, 1, Tendency::Mixed),
                ("prone-on-elbows", 1, 0, 0, Tendency::Centralises),
                ("cat-cow", 0, 2, 0, Tendency::NoChange),
            ]
        );
        assert!(by_exercise(&[session(&[("walking-program", None)])]).is_empty(), "no answer, no row");
    }
}
