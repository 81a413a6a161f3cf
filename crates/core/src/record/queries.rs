//! Questions answered from the record alone: the protocol followed, the current status, what the
//! person may do today, the slot a new session goes in, and what is due.

use super::Record;
use crate::adherence::Done;
use crate::content::Content;
use crate::guided::Draft;
use crate::ids::{Action, Cause, Slot};
use crate::plan::{self, Plan, Request};
use crate::progression::{Assessment, Proposal};
use crate::schedule::Schedule;
use crate::triage::Outcome;
use crate::{FieldError, history::Session, status};
use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use std::collections::BTreeMap;

/// The red-flag questions are asked again weekly (REFERENCE §4.1).
pub const RESCREEN_AFTER: SignedDuration = SignedDuration::from_hours(7 * 24);

/// What the person may do today.
#[derive(Debug, Clone, PartialEq)]
pub enum Today {
    /// No screen yet (or no programme).
    NotScreened,
    /// An urgent result or a hold: no programme.
    Blocked(Outcome),
    /// The programme to do.
    Plan(Plan),
}

impl Record {
    /// The protocol the person follows and its phase: their cause, or the cautious programme
    /// (phase 1) when not cleared, undiagnosed, or when the latest screen says
    /// `general_gentle` (REFERENCE §3.7).
    pub fn protocol(&self) -> Option<(Cause, u8)> {
        let p = self.program.as_ref()?;
        let gentle = !p.cleared
            || p.cause == Cause::Undiagnosed
            || self.screen.as_ref().is_some_and(|s| s.action == Action::GeneralGentle);
        Some(if gentle { (Cause::Undiagnosed, 1) } else { (p.cause, p.phase) })
    }

    /// The latest screen was urgent and a clinician has seen the person since: the urgent result
    /// is lifted, and the next step is to answer the safety questions again (DESIGN §5) before
    /// any programme is shown. A clinician's own acknowledgement lifts the urgent result without
    /// asking the questions again: they have seen the person.
    pub fn screen_again(&self) -> bool {
        self.urgent_lifted()
            && self.screen.as_ref().is_none_or(|s| self.care.acknowledged_at.is_none_or(|a| a <= s.taken_at))
    }

    /// The current status on `today`: the latest screen, the urgent screen in force, the open
    /// alerts, and the history rules that hold today but are not raised yet (they are raised with
    /// the next logged session; quiet rules stay quiet), combined as a screen is (REFERENCE §4.1).
    pub fn status(&self, content: &Content, today: Date, now: Timestamp) -> Outcome {
        self.status_from(content, self.assessment(content, today).as_ref(), now)
    }

    /// [`Record::status`] given the day's assessment (so a caller asking for the status and the
    /// plan of one day assesses the log once).
    pub fn status_from(&self, content: &Content, assessment: Option<&Assessment>, now: Timestamp) -> Outcome {
        let holding: Vec<&str> = assessment
            .map(|a| {
                a.alerts
                    .iter()
                    .map(|x| x.rule.as_str())
                    .filter(|r| self.resolved.get(*r).is_none_or(|at| now - super::QUIET >= *at))
                    .collect()
            })
            .unwrap_or_default();
        let latest = self.screen.iter().filter(|_| !self.urgent_lifted());
        let ids = latest
            .chain(self.urgent.iter())
            .flat_map(|s| s.rules.iter().map(String::as_str))
            .chain(self.alerts.iter().map(|a| a.rule.as_str()))
            .chain(holding);
        status::combine(content, ids)
    }

    /// What the person may do on `today`, with the assessment the plan was built from.
    pub fn today(
        &self,
        content: &Content,
        today: Date,
        now: Timestamp,
    ) -> Result<(Today, Option<Assessment>), FieldError> {
        if self.screen.is_none() || self.screen_again() {
            return Ok((Today::NotScreened, None));
        }
        let assessment = self.assessment(content, today);
        let status = self.status_from(content, assessment.as_ref(), now);
        self.today_from(content, assessment, status)
    }

    /// [`Record::today`] given the day's assessment and the status worked out from it.
    pub fn today_from(
        &self,
        content: &Content,
        assessment: Option<Assessment>,
        status: Outcome,
    ) -> Result<(Today, Option<Assessment>), FieldError> {
        if self.screen.is_none() || self.screen_again() {
            return Ok((Today::NotScreened, None));
        }
        if status.blocks_program() {
            return Ok((Today::Blocked(status), None));
        }
        let Some(mut req) = self.request(assessment.as_ref()) else {
            return Ok((Today::NotScreened, None));
        };
        if req.apply_action(status.action).is_err() {
            return Ok((Today::Blocked(status), assessment));
        }
        Ok((Today::Plan(plan::plan(content, &req)?), assessment))
    }

    /// What the planner is asked for the programme, given the day's assessment (before the
    /// status in force is applied); `None` without a programme.
    pub fn request(&self, assessment: Option<&Assessment>) -> Option<Request> {
        let program = self.program.as_ref()?;
        let mut req = Request {
            cause: Some(program.cause),
            phase: program.phase,
            cleared: program.cleared,
            trials: program.trials.clone(),
            edits: Some(program.edits.clone()).filter(|e| !e.is_empty()),
            ..Request::default()
        };
        if let Some(a) = assessment {
            req.unlocked.clone_from(&a.unlocked);
            req.regressed = a
                .proposals
                .iter()
                .filter_map(|p| match p {
                    Proposal::RegressExercise { exercise, until, reason } => Some((
                        exercise.clone(),
                        plan::Easier { reason: *reason, until: *until, text: String::new() },
                    )),
                    _ => None,
                })
                .collect();
            req.removed.clone_from(&a.removed);
        }
        Some(req)
    }

    /// The sessions of the programme's last weeks, oldest first.
    pub fn recent(&self) -> &[Session] {
        self.log.as_ref().map_or(&[], |l| l.recent.as_slice())
    }

    /// The date and slot of a session starting at `at`: the slot the time of day falls in, or
    /// an extra session when that slot is already done that day.
    pub fn slot_for(&self, schedule: &Schedule, at: Timestamp) -> (Date, Slot) {
        let (date, slot) = schedule.slot_of(at);
        if self.recent().iter().any(|s| s.date == date && s.slot == slot && s.counts_as_done()) {
            (date, Slot::Extra)
        } else {
            (date, slot)
        }
    }

    /// A new guided session following `plan`, starting at `now`, under the id `id`.
    pub fn new_draft(&self, schedule: &Schedule, plan: &Plan, now: Timestamp, id: String) -> Draft {
        let (date, slot) = self.slot_for(schedule, now);
        Draft::new(
            id,
            now,
            slot,
            date,
            self.program.as_ref().map(|p| p.id.clone()),
            plan.exercises.iter().any(|e| e.regressed || e.replaces.is_some()),
            plan.exercises.iter().map(|e| (e.id.clone(), e.dosage())).collect(),
        )
    }

    /// Sessions done per day over the window (a session stopped before any exercise was done
    /// does not count).
    pub fn done_by_day(&self) -> BTreeMap<Date, Done> {
        let mut done: BTreeMap<Date, Done> = BTreeMap::new();
        for s in self.recent().iter().filter(|s| s.counts_as_done()) {
            done.entry(s.date).or_default().add(s.slot);
        }
        done
    }

    /// The weekly red-flag questions are due (REFERENCE §4.1).
    pub fn rescreen_due(&self, now: Timestamp) -> bool {
        self.screen.as_ref().is_some_and(|s| now.duration_since(s.taken_at) > RESCREEN_AFTER)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::Urgency;
    use crate::record::Screen;

    #[test]
    fn the_weekly_check_is_due_after_seven_days() {
        let taken = Timestamp::from_second(1_772_000_000).unwrap();
        let mut r = Record::default();
        assert!(!r.rescreen_due(taken), "nothing to repeat before a first screen");
        let screen = Screen {
            id: "s1".into(),
            taken_at: taken,
            urgency: Urgency::SelfManage,
            action: Action::Continue,
            rules: vec!["R28".into()],
        };
        r.screened(screen).unwrap();
        assert!(!r.rescreen_due(taken + SignedDuration::from_hours(6 * 24)));
        assert!(!r.rescreen_due(taken + RESCREEN_AFTER));
        assert!(r.rescreen_due(taken + RESCREEN_AFTER + SignedDuration::from_secs(1)));
    }
}
