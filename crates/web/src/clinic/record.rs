//! One patient's record as their clinician reads it: screens with the rules that fired,
//! programme versions, sessions with their symptom response and harm reports, questionnaires,
//! which exercises centralise or peripheralise, what needs attention and the proposals
//! waiting, clinician time and this month's monitoring summary. The caller has authorised the
//! read (and so audited it).

use crate::AppState;
use crate::error::AppError;
use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use sciatica_core::attention::{self, Flags, Inputs};
use sciatica_core::history::Session;
use sciatica_core::monitoring::{Month, Summary};
use sciatica_core::progression::Proposal;
use sciatica_core::responses::{self, ExerciseResponses};
use sciatica_core::triage::Outcome;
use sciatica_core::{Content, SymptomClass};
use sciatica_store::clinician_time::TimeEntry;
use sciatica_store::harm::HarmReport;
use sciatica_store::measures::{MeasureProgress, MeasureResponse, measure_progress};
use sciatica_store::person::Person;
use sciatica_store::programs::Program;
use sciatica_store::screenings::{Acknowledgement, Screening};
use std::collections::BTreeMap;

/// Days of sessions the record lists and counts responses over.
pub const SESSION_DAYS: i64 = 90;

/// A rule that fired, with its condition.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FiredRule {
    /// The rule id.
    pub rule: String,
    /// The suspected condition.
    pub condition: String,
}

/// A screen as the record shows it.
#[derive(Debug, Clone)]
pub struct ScreenRow {
    /// The stored screening.
    pub screening: Screening,
    /// The rules that fired, with their conditions.
    pub fired: Vec<FiredRule>,
}

/// A session as the record shows it.
#[derive(Debug, Clone)]
pub struct SessionRow {
    /// What the engine reads of it.
    pub record: Session,
    /// Its symptom response (the worse leg; "moved further down" makes it spreading).
    pub class: Option<SymptomClass>,
    /// Exercises done and each one's answer.
    pub exercises: Vec<(String, Option<sciatica_core::Response>)>,
    /// Harm reported after it.
    pub harm: Vec<HarmReport>,
}

/// Everything the record page, the report and the API show.
pub struct Gathered {
    /// The person with their record and local date.
    pub person: Person,
    /// The status in force.
    pub status: Outcome,
    /// What needs attention.
    pub flags: Flags,
    /// Screens, newest first.
    pub screens: Vec<ScreenRow>,
    /// Acknowledgements, newest first.
    pub acknowledgements: Vec<Acknowledgement>,
    /// Programme versions, newest first.
    pub programs: Vec<Program>,
    /// Sessions of the last [`SESSION_DAYS`] days, newest first.
    pub sessions: Vec<SessionRow>,
    /// Every harm report, newest first.
    pub harm: Vec<HarmReport>,
    /// Questionnaire responses, newest first.
    pub responses: Vec<MeasureResponse>,
    /// Each measure's latest score and change from the first.
    pub progress: Vec<MeasureProgress>,
    /// Per-exercise answers over the sessions listed.
    pub by_exercise: Vec<ExerciseResponses>,
    /// Proposals waiting for a decision.
    pub proposals: Vec<Proposal>,
    /// Clinician time, newest first.
    pub time: Vec<TimeEntry>,
    /// This month's monitoring summary.
    pub month: Summary,
}

/// Reads a patient's record for their clinician.
pub async fn gather(state: &AppState, patient_id: &str) -> Result<Gathered, AppError> {
    let c = state.content;
    let now = Timestamp::now();
    let person = Person::load_id(&state.store, patient_id, now).await?;
    let store = &state.store;
    let status = person.status(c);
    let assessment = person.assessment(c);
    let flags = attention::flags(
        c,
        &Inputs {
            record: &person.record,
            assessment: assessment.as_ref(),
            today: person.today,
            now,
            joined: person.schedule.date_of(person.patient.created_at),
            inactive_days: store.inactive_days().await?,
        },
    );
    let mut screens: Vec<ScreenRow> =
        store.screenings(patient_id).await?.into_iter().map(|s| screen_row(c, s)).collect();
    screens.reverse();
    let mut acknowledgements = store.acknowledgements(patient_id).await?;
    acknowledgements.reverse();
    let mut programs = store.programs(patient_id).await?;
    programs.reverse();
    let mut harm = store.harm_reports(patient_id).await?;
    harm.sort_by_key(|h| std::cmp::Reverse(h.reported_at));
    let mut by_session: BTreeMap<&str, Vec<HarmReport>> = BTreeMap::new();
    for h in &harm {
        by_session.entry(h.session_id.as_str()).or_default().push(h.clone());
    }
    let stored =
        store.sessions_since(patient_id, now - SignedDuration::from_hours(SESSION_DAYS * 24)).await?;
    let by_exercise = responses::by_exercise(stored.iter());
    let sessions: Vec<SessionRow> = stored
        .iter()
        .rev()
        .map(|s| SessionRow {
            class: s.shown_class(),
            exercises: s.exercises.iter().map(|e| (e.id.clone(), e.response)).collect(),
            harm: by_session.get(s.id.as_str()).cloned().unwrap_or_default(),
            record: s.clone(),
        })
        .collect();
    let mut responses = store.measure_responses(patient_id).await?;
    let progress = measure_progress(c, &responses);
    responses.reverse();
    let month = monthly(state, &person, Month::of(person.today)).await?;
    Ok(Gathered {
        status,
        flags,
        screens,
        acknowledgements,
        programs,
        sessions,
        harm,
        responses,
        progress,
        by_exercise,
        proposals: attention::proposals_waiting(&person.record, assessment.as_ref()),
        time: store.clinician_time(patient_id).await?,
        month,
        person,
    })
}

fn screen_row(c: &Content, screening: Screening) -> ScreenRow {
    let fired = screening
        .rules
        .iter()
        .map(|r| FiredRule {
            rule: r.clone(),
            condition: c.rule(r).map_or_else(String::new, |rule| rule.condition.clone()),
        })
        .collect();
    ScreenRow { screening, fired }
}

/// The instant a local date begins for the person.
fn start_of(person: &Person, d: Date) -> Result<Timestamp, AppError> {
    d.to_datetime(jiff::civil::Time::midnight())
        .to_zoned_datetime(person.schedule.tz.clone())
        .map(|z| z.timestamp())
        .map_err(|e| AppError::Internal(e.into()))
}

/// The monitoring summary of a month (the core sums it up).
pub async fn monthly(state: &AppState, person: &Person, month: Month) -> Result<Summary, AppError> {
    let (first, last) = (month.first, month.last());
    let from = start_of(person, first)?;
    let to = start_of(person, month.next().first)?;
    let data = state.store.month_data(&person.patient.id, (first, last), (from, to)).await?;
    let tz = person.schedule.tz.clone();
    Ok(sciatica_core::monitoring::summary(
        month,
        data.other_data.iter().map(|t| t.to_zoned_datetime(tz.clone()).date()),
        data.session_dates.iter().copied(),
        data.time.iter().map(|t| (t.date, t.minutes)),
    ))
}
