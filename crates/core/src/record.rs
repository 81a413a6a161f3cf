//! The patient's record as every decision needs it (DESIGN §3): the screen in force and any
//! urgent screen not yet acknowledged, the programme and its phase, open alerts and their quiet
//! periods, and the bounded log the progression rules read. Events are applied to it by the
//! functions here, each returning what it raised; questions are answered by the queries in
//! [`queries`]. The store keeps one per patient, updated in the same transaction as the event, and
//! rebuilds it from the history with [`Record::rebuild`].

pub mod change;
pub mod queries;

use crate::content::Content;
use crate::history::{Log, Session};
use crate::ids::{Action, Cause, Urgency};
use crate::progression::{self, Context};
use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The version of the record's shape and of the rules folded into it. A stored record of another
/// version is rebuilt from the history.
pub const VERSION: u32 = 1;

/// A history or measure rule is not raised again this long after it was resolved (a clinician
/// has just assessed the person) [C].
pub const QUIET: SignedDuration = SignedDuration::from_hours(7 * 24);

/// A screen as the record keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Screen {
    /// The screening's id.
    pub id: String,
    /// When it was taken.
    pub taken_at: Timestamp,
    /// Its urgency.
    pub urgency: Urgency,
    /// Its action.
    pub action: Action,
    /// The rules that fired.
    pub rules: Vec<String>,
}

/// The current programme as the record keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Program {
    /// The programme row's id.
    pub id: String,
    /// The clinician-confirmed cause (`undiagnosed` when none).
    pub cause: Cause,
    /// A clinician cleared the person to exercise.
    pub cleared: bool,
    /// The phase, 1-based.
    pub phase: u8,
    /// The person's local date when the programme began.
    pub started_on: Date,
    /// The person's local date when the phase began.
    pub phase_started_on: Date,
    /// Symptom-response trials chosen.
    pub trials: BTreeSet<String>,
    /// A clinician's changes to the protocol's exercises.
    #[serde(default, skip_serializing_if = "crate::care::Edits::is_empty")]
    pub edits: crate::care::Edits,
}

/// An open alert.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alert {
    /// The alert's id (the caller's choice).
    pub id: String,
    /// The rule (R23, R25, R26, R32, or a harm rule H01–H09).
    pub rule: String,
    /// The matched parts of its condition (`a`, `b`, `c`), as text.
    pub parts: String,
    /// When it was raised.
    pub raised_at: Timestamp,
}

/// The record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// [`VERSION`] when it was written.
    pub version: u32,
    /// The latest screen.
    pub screen: Option<Screen>,
    /// The latest `emergency_now` or `same_day` screen that no acknowledgement has followed: it
    /// stays in force whatever later, milder screens say (DESIGN §5).
    pub urgent: Option<Screen>,
    /// The current programme.
    pub program: Option<Program>,
    /// The bounded log of the current programme.
    pub log: Option<Log>,
    /// Open alerts, oldest first; one per rule.
    pub alerts: Vec<Alert>,
    /// When each rule's alerts were last resolved (the quiet period).
    pub resolved: BTreeMap<String, Timestamp>,
    /// When a clinician's assessment was last recorded.
    #[serde(default)]
    pub assessed_at: Option<Timestamp>,
    /// What the care team decided (folded from the log of clinical actions).
    #[serde(default)]
    pub care: crate::care::Care,
}

/// What an event needs that the record does not hold: the store rebuilds the record from the
/// history and applies nothing else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NeedsHistory {
    /// A session older than every session kept in full, or a screen older than the latest
    /// (entered after the fact).
    #[error("a session or screen older than the ones kept")]
    OutOfOrder,
    /// A programme or phase starts before the sessions the log keeps in full.
    #[error("a programme or phase that starts before the sessions kept")]
    BeforeWindow,
}

/// Everything a rebuild reads of the history.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// The latest screen.
    pub screen: Option<Screen>,
    /// The urgent screen in force, if any.
    pub urgent: Option<Screen>,
    /// The current programme.
    pub program: Option<Program>,
    /// The sessions since the programme began, in the order they started.
    pub sessions: Vec<Session>,
    /// The open alerts.
    pub alerts: Vec<Alert>,
    /// The last resolution of each rule.
    pub resolved: BTreeMap<String, Timestamp>,
    /// The last clinician's assessment recorded.
    pub assessed_at: Option<Timestamp>,
    /// The log of clinical actions, oldest first.
    pub care: Vec<crate::care::Logged>,
}

impl Default for Record {
    fn default() -> Record {
        Record {
            version: VERSION,
            screen: None,
            urgent: None,
            program: None,
            log: None,
            alerts: Vec::new(),
            resolved: BTreeMap::new(),
            assessed_at: None,
            care: crate::care::Care::default(),
        }
    }
}

impl Record {
    /// The record the history describes.
    pub fn rebuild(h: History) -> Record {
        let log = h.program.as_ref().map(|p| Log::of(p.started_on, p.phase_started_on, h.sessions));
        let mut care = crate::care::Care::default();
        let mut screen = h.screen;
        for l in &h.care {
            care.log(l.at, &l.entry, &l.reason);
            // The latest screen as a confirmed cause or clearance reads it.
            if let crate::care::Entry::Cause { screen: Some(again), .. }
            | crate::care::Entry::Clearance { screen: Some(again), .. } = &l.entry
                && screen.as_ref().is_some_and(|s| s.id == again.id)
            {
                screen = Some(again.clone());
            }
        }
        Record {
            version: VERSION,
            screen,
            urgent: h.urgent,
            program: h.program,
            log,
            alerts: h.alerts,
            resolved: h.resolved,
            assessed_at: h.assessed_at,
            care,
        }
    }

    /// A screen was saved. One taken before the latest screen (entered after the fact) needs
    /// the history.
    pub fn screened(&mut self, s: Screen) -> Result<(), NeedsHistory> {
        if self.screen.as_ref().is_some_and(|latest| s.taken_at < latest.taken_at) {
            return Err(NeedsHistory::OutOfOrder);
        }
        if s.urgency >= Urgency::SameDay {
            self.urgent = Some(s.clone());
        }
        self.screen = Some(s);
        Ok(())
    }

    /// A clinician's assessment was recorded at `at`: the urgent screen before it is lifted and
    /// every open alert resolved.
    pub fn assessed(&mut self, at: Timestamp) {
        if self.urgent.as_ref().is_some_and(|u| u.taken_at < at) {
            self.urgent = None;
        }
        for a in self.alerts.drain(..) {
            self.resolved.insert(a.rule, at);
        }
        self.assessed_at = self.assessed_at.max(Some(at));
    }

    /// The stored sessions a record read back needs given again ([`Record::refill`]), when it
    /// keeps a log.
    pub fn window(&self) -> Option<crate::history::Window> {
        self.log.as_ref().map(Log::window)
    }

    /// Gives a record read back the sessions of its log's window (see [`Log::refill`]).
    pub fn refill(&mut self, stored: impl IntoIterator<Item = Session>) {
        if let Some(log) = self.log.as_mut() {
            log.refill(stored);
        }
    }

    /// The programme changed (a new programme, a new phase, trials). A new programme keeps
    /// only the sessions from its first day; a new phase counts its criteria from its first day.
    pub fn program_changed(&mut self, p: Program) -> Result<(), NeedsHistory> {
        let log = match (&self.log, &self.program) {
            (Some(log), Some(old)) => {
                let mut log = log.clone();
                let new_program =
                    old.started_on != p.started_on || old.cause != p.cause || old.cleared != p.cleared;
                let restarted = if new_program {
                    log.restart_program(p.started_on) && log.restart_phase(p.phase_started_on)
                } else if old.phase_started_on != p.phase_started_on {
                    log.restart_phase(p.phase_started_on)
                } else {
                    true
                };
                if !restarted {
                    return Err(NeedsHistory::BeforeWindow);
                }
                log
            }
            _ => Log::new(p.started_on, p.phase_started_on),
        };
        self.log = Some(log);
        self.program = Some(p);
        Ok(())
    }

    /// A session was logged: it takes its place in the log (a late one too, unless it is older
    /// than every session kept in full) and the history rules are run on the person's local date
    /// of the session (so a history entered after the fact is judged as if it had been
    /// logged live). Returns the alerts it raised.
    pub fn session_logged(
        &mut self,
        content: &Content,
        s: Session,
        new_id: &mut dyn FnMut() -> String,
    ) -> Result<Vec<Alert>, NeedsHistory> {
        let Some(log) = self.log.as_mut() else { return Ok(Vec::new()) };
        let (date, at) = (s.date, s.ended_at);
        if !log.add(s) {
            return Err(NeedsHistory::OutOfOrder);
        }
        Ok(self.rules_on(content, date, at, new_id))
    }

    /// A measure rule holds (R26 after a high-risk STarT Back): raised unless already open or
    /// resolved within the quiet period.
    pub fn measure_rule(&mut self, rule: &str, at: Timestamp, id: String) -> Option<Alert> {
        let mut id = Some(id);
        self.raise(rule, String::new(), at, &mut || id.take().unwrap_or_default())
    }

    /// The person reported harm matching the harm rule `rule` (see [`crate::harm`]): raised
    /// unless that rule's alert is already open. No quiet period applies: what a person reports
    /// always reaches their clinician.
    pub fn harm_reported(&mut self, rule: &str, at: Timestamp, id: String) -> Option<Alert> {
        if self.alerts.iter().any(|a| a.rule == rule) {
            return None;
        }
        let alert = Alert { id, rule: rule.to_owned(), parts: String::new(), raised_at: at };
        self.alerts.push(alert.clone());
        Some(alert)
    }

    /// Raises the history rules that hold on `date` (at `at`), unless open or quiet.
    pub fn rules_on(
        &mut self,
        content: &Content,
        date: Date,
        at: Timestamp,
        new_id: &mut dyn FnMut() -> String,
    ) -> Vec<Alert> {
        let holding: Vec<(String, String)> = self
            .assessment(content, date)
            .map(|a| a.alerts.iter().map(|x| (x.rule.clone(), x.parts.iter().collect())).collect())
            .unwrap_or_default();
        holding.into_iter().filter_map(|(rule, parts)| self.raise(&rule, parts, at, new_id)).collect()
    }

    fn raise(
        &mut self,
        rule: &str,
        parts: String,
        at: Timestamp,
        new_id: &mut dyn FnMut() -> String,
    ) -> Option<Alert> {
        if self.alerts.iter().any(|a| a.rule == rule)
            || self.resolved.get(rule).is_some_and(|r| at - QUIET < *r)
        {
            return None;
        }
        let alert = Alert { id: new_id(), rule: rule.to_owned(), parts, raised_at: at };
        self.alerts.push(alert.clone());
        Some(alert)
    }

    /// The progression assessment on `today`, when there is a programme.
    pub fn assessment(&self, content: &Content, today: Date) -> Option<progression::Assessment> {
        let (p, log) = (self.program.as_ref()?, self.log.as_ref()?);
        let (protocol, phase) = self.protocol()?;
        let program = log.program();
        let in_phase = if protocol == p.cause { log.phase() } else { program.clone() };
        Some(progression::assess(&Context::of(content, protocol, phase, today, log, &in_phase, &program)))
    }
}

#[cfg(test)]
mod tests;
