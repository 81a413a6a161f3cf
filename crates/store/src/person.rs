//! A person as a request needs them: the profile, their schedule and their record, read in two
//! queries whatever the length of their history. Decisions are the core's
//! (`sciatica_core::record`); this only gathers what they read.

use crate::patients::Patient;
use crate::{Result, Store, StoreError};
use jiff::Timestamp;
use jiff::civil::Date;
use sciatica_core::Content;
use sciatica_core::FieldError;
use sciatica_core::guided::Draft;
use sciatica_core::plan::Plan;
use sciatica_core::progression::Assessment;
use sciatica_core::record::Record;
use sciatica_core::schedule::Schedule;
use sciatica_core::triage::Outcome;
use std::sync::OnceLock;

pub use sciatica_core::record::change::{ChangeRefused, ProgramChange};
pub use sciatica_core::record::queries::Today;

/// Everything loaded about the person.
pub struct Person {
    /// The profile.
    pub patient: Patient,
    /// Their schedule.
    pub schedule: Schedule,
    /// Their record.
    pub record: std::sync::Arc<Record>,
    /// Now.
    pub now: Timestamp,
    /// The person's local date.
    pub today: Date,
    /// The day's assessment, status and plan, each worked out once when first asked (a request
    /// asks for them several times; the content is the process's one content).
    day: Day,
}

#[derive(Default)]
struct Day {
    assessment: OnceLock<Option<Assessment>>,
    status: OnceLock<Outcome>,
    plan: OnceLock<std::result::Result<(Today, Option<Assessment>), FieldError>>,
}

impl Person {
    /// Loads the person of a local database, if a profile exists.
    pub async fn load(store: &Store, now: Timestamp) -> Result<Option<Person>> {
        let Some(patient) = store.local_patient().await? else { return Ok(None) };
        Ok(Some(Person::load_patient(store, patient, now).await?))
    }

    /// Loads a person by id (two tables, one query).
    pub async fn load_id(store: &Store, patient_id: &str, now: Timestamp) -> Result<Person> {
        let (patient, record) = store.patient_and_record(patient_id).await?;
        let schedule = patient.schedule()?;
        let today = schedule.date_of(now);
        Ok(Person { patient, schedule, record, now, today, day: Day::default() })
    }

    /// Loads a given person.
    pub async fn load_patient(store: &Store, patient: Patient, now: Timestamp) -> Result<Person> {
        let schedule = patient.schedule()?;
        let record = store.record(&patient).await?;
        let today = schedule.date_of(now);
        Ok(Person { patient, schedule, record, now, today, day: Day::default() })
    }

    /// The current status.
    pub fn status(&self, content: &Content) -> Outcome {
        self.day
            .status
            .get_or_init(|| self.record.status_from(content, self.assessment_of_day(content), self.now))
            .clone()
    }

    /// What the person may do today, and the assessment it follows from.
    pub fn today_plan(&self, content: &Content) -> Result<(Today, Option<Assessment>)> {
        self.day
            .plan
            .get_or_init(|| {
                self.record.today_from(
                    content,
                    self.assessment_of_day(content).cloned(),
                    self.status(content),
                )
            })
            .clone()
            .map_err(|e| StoreError::Invalid { field: e.field, problem: e.problem })
    }

    fn assessment_of_day(&self, content: &Content) -> Option<&Assessment> {
        self.day.assessment.get_or_init(|| self.record.assessment(content, self.today)).as_ref()
    }

    /// A new guided session following `plan`, with a fresh id.
    pub fn new_draft(&self, plan: &Plan) -> Draft {
        self.record.new_draft(&self.schedule, plan, self.now, crate::new_id())
    }

    /// The progression assessment on the person's today.
    pub fn assessment(&self, content: &Content) -> Option<Assessment> {
        self.assessment_of_day(content).cloned()
    }

    /// The name to greet the person with.
    pub fn name(&self) -> Option<&str> {
        self.patient.display_name.as_deref()
    }
}
