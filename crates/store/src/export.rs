//! Everything recorded about a person, for them to take away (JSON).

use crate::alerts::Alert;
use crate::harm::HarmReport;
use crate::measures::MeasureResponse;
use crate::patients::Patient;
use crate::programs::Program;
use crate::screenings::{Acknowledgement, Screening};
use crate::{Result, Store};
use jiff::Timestamp;
use sciatica_core::history::view::SessionView;
use serde::Serialize;

/// The export format version. 2: each exercise of a session names its exercise `id` (as the API
/// does) and has the seconds an activity timed in minutes ran (`seconds_done`).
pub const EXPORT_VERSION: u32 = 2;

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
    pub sessions: Vec<SessionView>,
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
            sessions: self.sessions(patient_id).await?.iter().map(SessionView::from).collect(),
            measures: self.measure_responses(patient_id).await?,
            alerts: self.alerts(patient_id).await?,
            harm_reports: self.harm_reports(patient_id).await?,
            clinical_actions: self.clinical_actions(patient_id).await?,
            session_in_progress: self.draft(patient_id).await?,
            screen_in_progress: self.screen_draft(patient_id).await?,
        })
    }
}
