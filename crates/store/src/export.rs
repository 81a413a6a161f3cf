//! Everything recorded about a person, for them to take away (JSON).

use crate::alerts::Alert;
use crate::harm::HarmReport;
use crate::measures::MeasureResponse;
use crate::patients::Patient;
use crate::programs::Program;
use crate::screenings::{Acknowledgement, Screening};
use crate::sessions::{ExerciseLog, Session};
use crate::{Result, Store};
use jiff::Timestamp;
use jiff::civil::Date;
use sciatica_core::history::SideLevels;
use sciatica_core::{Level, Pain, Slot, SymptomClass};
use serde::Serialize;

/// The export format version.
pub const EXPORT_VERSION: u32 = 1;

/// Levels of one leg as exported.
#[derive(Debug, Clone, Serialize)]
pub struct LegExport {
    /// Before the session.
    pub before: Option<Level>,
    /// Right after.
    pub after: Option<Level>,
    /// At the next check.
    pub later: Option<Level>,
    /// The symptom-response class of this leg.
    pub class: Option<SymptomClass>,
}

impl From<&SideLevels> for LegExport {
    fn from(s: &SideLevels) -> LegExport {
        LegExport { before: s.pre, after: s.post, later: s.late, class: s.class() }
    }
}

/// A session as exported.
#[derive(Debug, Clone, Serialize)]
pub struct SessionExport {
    /// Id.
    pub id: String,
    /// The programme followed.
    pub program_id: Option<String>,
    /// The slot.
    pub slot: Slot,
    /// The local date.
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
    /// Left leg.
    pub left: LegExport,
    /// Right leg.
    pub right: LegExport,
    /// The session's class (worse leg).
    pub class: Option<SymptomClass>,
    /// Walking minutes before leg symptoms.
    pub walking_minutes: Option<u32>,
    /// Sitting minutes tolerated.
    pub sitting_minutes: Option<u32>,
    /// "More than I can cope with".
    pub cannot_cope: bool,
    /// Stopped by a stop rule.
    pub stopped: bool,
    /// A regression was in force.
    pub regression_applied: bool,
    /// Notes.
    pub notes: Option<String>,
    /// Exercises.
    pub exercises: Vec<ExerciseLog>,
}

impl From<&Session> for SessionExport {
    fn from(s: &Session) -> SessionExport {
        let r = &s.record;
        SessionExport {
            id: s.id.clone(),
            program_id: s.program_id.clone(),
            slot: r.slot,
            local_date: r.date,
            started_at: r.started_at,
            ended_at: s.ended_at,
            leg_pain_before: r.leg_pain_before,
            leg_pain_after: r.leg_pain_after,
            back_pain_before: r.back_pain_before,
            back_pain_after: r.back_pain_after,
            left: (&r.left).into(),
            right: (&r.right).into(),
            class: r.class(),
            walking_minutes: r.walking_minutes,
            sitting_minutes: r.sitting_minutes,
            cannot_cope: r.cannot_cope,
            stopped: r.stopped,
            regression_applied: r.regression_applied,
            notes: s.notes.clone(),
            exercises: s.exercises.clone(),
        }
    }
}

/// Everything about one person.
#[derive(Debug, Clone, Serialize)]
pub struct Export {
    /// Always `sciatica-export`.
    pub format: &'static str,
    /// The format version.
    pub version: u32,
    /// When it was made.
    pub exported_at: Timestamp,
    /// The profile.
    pub patient: Patient,
    /// Screenings.
    pub screenings: Vec<Screening>,
    /// Acknowledgements that a clinician assessed the person.
    pub acknowledgements: Vec<Acknowledgement>,
    /// Programmes, oldest first.
    pub programs: Vec<Program>,
    /// Sessions, oldest first.
    pub sessions: Vec<SessionExport>,
    /// Outcome-measure responses.
    pub measures: Vec<MeasureResponse>,
    /// Alerts.
    pub alerts: Vec<Alert>,
    /// What the person reported went wrong after a session, oldest first.
    pub harm_reports: Vec<HarmReport>,
    /// What the person's clinicians decided (who, when, why), newest first.
    pub clinical_actions: Vec<crate::clinical::ClinicalAction>,
    /// A guided session started and not finished (its answers so far), if any.
    pub session_in_progress: Option<serde_json::Value>,
    /// A screen started and not finished (its answers so far), if any.
    pub screen_in_progress: Option<serde_json::Value>,
}

impl Store {
    /// Everything recorded about a person.
    pub async fn export(&self, patient_id: &str) -> Result<Export> {
        Ok(Export {
            format: "sciatica-export",
            version: EXPORT_VERSION,
            exported_at: Timestamp::now(),
            patient: self.patient(patient_id).await?,
            screenings: self.screenings(patient_id).await?,
            acknowledgements: self.acknowledgements(patient_id).await?,
            programs: self.programs(patient_id).await?,
            sessions: self.sessions(patient_id).await?.iter().map(SessionExport::from).collect(),
            measures: self.measure_responses(patient_id).await?,
            alerts: self.alerts(patient_id).await?,
            harm_reports: self.harm_reports(patient_id).await?,
            clinical_actions: self.clinical_actions(patient_id).await?,
            session_in_progress: self.draft(patient_id).await?,
            screen_in_progress: self.screen_draft(patient_id).await?,
        })
    }
}
