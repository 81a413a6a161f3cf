//! A person's state as the commands need it: profile, programme, log, screens, alerts, and what
//! follows from them (status, assessment, today's plan).

use crate::alerts::Alert;
use crate::patients::Patient;
use crate::programs::{NewProgram, Program, SetBy};
use crate::screenings::Screening;
use crate::sessions::Session;
use crate::{Result, Store, StoreError};
use jiff::Timestamp;
use jiff::civil::Date;
use sciatica_core::guided::Draft;
use sciatica_core::plan::{self, Plan, Request};
use sciatica_core::progression::{self, Assessment, Context};
use sciatica_core::schedule::Schedule;
use sciatica_core::triage::Outcome;
use sciatica_core::{Action, Cause, Content, Slot, status};

/// Everything loaded about the person.
pub struct Person {
    /// The profile.
    pub patient: Patient,
    /// Their schedule.
    pub schedule: Schedule,
    /// The current programme.
    pub program: Option<Program>,
    /// Sessions since the programme began (all sessions when there is none).
    pub sessions: Vec<Session>,
    /// The latest screen.
    pub latest: Option<Screening>,
    /// An urgent screen not yet acknowledged.
    pub urgent: Option<Screening>,
    /// Open alerts.
    pub alerts: Vec<Alert>,
    /// Now.
    pub now: Timestamp,
    /// The person's local date.
    pub today: Date,
}

/// A change the person asks of their own programme; each part optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProgramChange {
    /// Move to this phase.
    pub phase: Option<u8>,
    /// Start these trials (exercise ids offered as trials in the phase).
    pub start_trials: Vec<String>,
    /// End these trials.
    pub end_trials: Vec<String>,
}

/// Why a programme change was refused: which part, and what is allowed. Each caller names the
/// part in its own terms (a form field, a JSON member, a flag).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeRefused {
    /// The phase.
    Phase(String),
    /// A trial to start.
    StartTrial(String),
    /// A trial to end.
    EndTrial(String),
}

/// What the person may do today.
pub enum Today {
    /// No screen yet.
    NotScreened,
    /// An urgent result or a hold: no programme.
    Blocked(Outcome),
    /// The programme to do.
    Plan(Plan),
}

impl Person {
    /// Loads the person of a local database, if a profile exists.
    pub async fn load(store: &Store, now: Timestamp) -> Result<Option<Person>> {
        let Some(patient) = store.local_patient().await? else { return Ok(None) };
        Ok(Some(Person::load_patient(store, patient, now).await?))
    }

    /// Loads a given person.
    pub async fn load_patient(store: &Store, patient: Patient, now: Timestamp) -> Result<Person> {
        let schedule = patient.schedule()?;
        let program = store.current_program(&patient.id).await?;
        let since = match &program {
            Some(p) => p
                .started_on
                .to_datetime(jiff::civil::Time::midnight())
                .to_zoned_datetime(schedule.tz.clone())
                .map_err(|e| StoreError::Corrupt(e.to_string()))?
                .timestamp(),
            None => Timestamp::MIN,
        };
        let sessions = store.sessions_since(&patient.id, since).await?;
        let latest = store.latest_screening(&patient.id).await?;
        let urgent = store.unacknowledged_urgent(&patient.id).await?;
        let alerts = store.open_alerts(&patient.id).await?;
        let today = schedule.date_of(now);
        Ok(Person { patient, schedule, program, sessions, latest, urgent, alerts, now, today })
    }

    /// The protocol the person follows: their cause, or the cautious programme when not cleared,
    /// undiagnosed, or when the latest screen says `general_gentle`.
    pub fn protocol(&self) -> Option<(Cause, u8)> {
        let p = self.program.as_ref()?;
        let gentle = !p.cleared
            || p.cause == Cause::Undiagnosed
            || self.latest.as_ref().is_some_and(|s| s.action == Action::GeneralGentle);
        Some(if gentle { (Cause::Undiagnosed, 1) } else { (p.cause, p.phase) })
    }

    /// The progression assessment of the log.
    pub fn assessment(&self, content: &Content) -> Option<Assessment> {
        let p = self.program.as_ref()?;
        let (protocol, phase) = self.protocol()?;
        let records: Vec<_> = self.sessions.iter().map(|s| s.record.clone()).collect();
        Some(progression::assess(&Context {
            content,
            protocol,
            phase,
            phase_started: if protocol == p.cause { p.phase_started_on } else { p.started_on },
            program_started: p.started_on,
            today: self.today,
            sessions: &records,
        }))
    }

    /// The current status: latest screen, any urgent screen in force, and open alerts.
    pub fn status(&self, content: &Content) -> Outcome {
        let ids = self
            .latest
            .iter()
            .chain(self.urgent.iter())
            .flat_map(|s| s.rules.iter().map(String::as_str))
            .chain(self.alerts.iter().map(|a| a.rule.as_str()));
        status::combine(content, ids)
    }

    /// A new guided session following `plan`: in the slot the time of day falls in, or an extra
    /// session when that slot is already done.
    pub fn new_draft(&self, plan: &Plan) -> Draft {
        let (date, mut slot) = self.schedule.slot_of(self.now);
        if self.sessions.iter().any(|s| s.record.date == date && s.record.slot == slot) {
            slot = Slot::Extra;
        }
        Draft::new(
            self.now,
            slot,
            date,
            self.program.as_ref().map(|p| p.id.clone()),
            plan.exercises.iter().any(|e| e.regressed || e.replaces.is_some()),
            plan.exercises.iter().map(|e| (e.id.clone(), e.dosage())).collect(),
        )
    }

    /// The programme after a change the person asked for, with the reason recorded; `None` when
    /// nothing changes (already in that phase, trial already started). The gentle programme has
    /// one phase until a clinician has confirmed the cause and cleared the person.
    pub fn change_program(
        &self,
        content: &Content,
        change: &ProgramChange,
    ) -> std::result::Result<Option<NewProgram>, ChangeRefused> {
        let Some(current) = &self.program else {
            return Err(ChangeRefused::Phase(
                "there is no programme yet; answer the safety questions first".into(),
            ));
        };
        let (protocol, _) = self.protocol().unwrap_or((Cause::Undiagnosed, 1));
        let gentle = protocol == Cause::Undiagnosed;
        let mut next = NewProgram {
            cause: current.cause,
            cleared: current.cleared,
            phase: current.phase,
            started_on: current.started_on,
            phase_started_on: current.phase_started_on,
            reason: String::new(),
            set_by: SetBy::SelfManager,
            trials: current.trials.clone(),
        };
        let mut reasons = Vec::new();
        if let Some(n) = change.phase {
            let phases = u8::try_from(content.protocol(protocol).phases.len()).unwrap_or(1);
            if gentle && n != 1 {
                return Err(ChangeRefused::Phase(
                    "the gentle programme has one phase until a clinician has confirmed the cause and cleared you; allowed: 1".into(),
                ));
            }
            if !(1..=phases).contains(&n) {
                return Err(ChangeRefused::Phase(format!("{n} is not a phase; allowed: 1 to {phases}")));
            }
            if !gentle && n != current.phase {
                next.phase = n;
                next.phase_started_on = self.today;
                reasons.push(format!("moved to phase {n}"));
            }
        }
        let offered: Vec<&str> = content
            .protocol(protocol)
            .phase(if gentle { 1 } else { next.phase })
            .map(|p| p.exercises.iter().filter(|e| e.trial).map(|e| e.id.as_str()).collect())
            .unwrap_or_default();
        for t in &change.start_trials {
            if !offered.contains(&t.as_str()) {
                let allowed =
                    if offered.is_empty() { "none in this phase".to_owned() } else { offered.join(", ") };
                return Err(ChangeRefused::StartTrial(format!(
                    "`{t}` is not a trial of your programme; allowed: {allowed}"
                )));
            }
            if next.trials.insert(t.clone()) {
                reasons.push(format!("trial started: {t}"));
            }
        }
        for t in &change.end_trials {
            if !next.trials.remove(t) {
                return Err(ChangeRefused::EndTrial(format!("`{t}` is not a trial you have started")));
            }
            reasons.push(format!("trial ended: {t}"));
        }
        if reasons.is_empty() {
            return Ok(None);
        }
        next.reason = reasons.join("; ");
        Ok(Some(next))
    }

    /// What the person may do today.
    pub fn today_plan(&self, content: &Content, assessment: Option<&Assessment>) -> Result<Today> {
        if self.latest.is_none() {
            return Ok(Today::NotScreened);
        }
        let status = self.status(content);
        if status.blocks_program() {
            return Ok(Today::Blocked(status));
        }
        let Some(program) = &self.program else { return Ok(Today::NotScreened) };
        let mut req = Request {
            cause: Some(program.cause),
            phase: program.phase,
            cleared: program.cleared,
            trials: program.trials.clone(),
            ..Request::default()
        };
        if let Some(a) = assessment {
            req.unlocked.clone_from(&a.unlocked);
            req.regressed.clone_from(&a.regressed);
            req.removed.clone_from(&a.removed);
        }
        if req.apply_action(status.action).is_err() {
            return Ok(Today::Blocked(status));
        }
        let plan = plan::plan(content, &req)
            .map_err(|e| StoreError::Invalid { field: e.field, problem: e.problem })?;
        Ok(Today::Plan(plan))
    }

    /// Runs the history rules over the log and raises the alerts that newly hold.
    pub async fn raise_alerts(&mut self, store: &Store, content: &Content) -> Result<Vec<Alert>> {
        let Some(a) = self.assessment(content) else { return Ok(Vec::new()) };
        let rules: Vec<(String, String)> =
            a.alerts.iter().map(|x| (x.rule.clone(), x.parts.iter().collect::<String>())).collect();
        let raised = store.raise_alerts(&self.patient.id, &rules, self.now).await?;
        if !raised.is_empty() {
            self.alerts = store.open_alerts(&self.patient.id).await?;
        }
        Ok(raised)
    }

    /// The name to greet the person with.
    pub fn name(&self) -> Option<&str> {
        self.patient.display_name.as_deref()
    }
}
