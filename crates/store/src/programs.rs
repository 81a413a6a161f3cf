//! Programmes: the current one and its history. A change ends the current row and starts a new
//! one, so the history is kept.

use crate::error::classify;
use crate::sql::Row;
use crate::{Result, Store, StoreError, ms, new_id, parse, ts};
use jiff::Timestamp;
use jiff::civil::Date;
use sciatica_core::Cause;
use sciatica_core::care::Edits;
use serde::Serialize;
use std::collections::BTreeSet;

/// Who set a programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SetBy {
    /// The person.
    #[serde(rename = "self")]
    SelfManager,
    /// A clinician.
    Clinician,
    /// The product, from a screen.
    System,
}

impl SetBy {
    fn as_str(self) -> &'static str {
        match self {
            SetBy::SelfManager => "self",
            SetBy::Clinician => "clinician",
            SetBy::System => "system",
        }
    }

    fn parse(s: &str) -> Result<SetBy> {
        match s {
            "self" => Ok(SetBy::SelfManager),
            "clinician" => Ok(SetBy::Clinician),
            "system" => Ok(SetBy::System),
            _ => Err(StoreError::Corrupt(format!("set_by `{s}`"))),
        }
    }
}

/// A programme to start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewProgram {
    /// The cause.
    pub cause: Cause,
    /// Cleared to exercise by a clinician.
    pub cleared: bool,
    /// The phase.
    pub phase: u8,
    /// The person's local date when the cause programme began.
    pub started_on: Date,
    /// The person's local date when this phase began.
    pub phase_started_on: Date,
    /// Why it was started or changed.
    pub reason: String,
    /// Who set it.
    pub set_by: SetBy,
    /// Symptom-response trials chosen.
    pub trials: BTreeSet<String>,
    /// A clinician's changes to the protocol's exercises.
    pub edits: Edits,
}

/// A stored programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Program {
    /// Id.
    pub id: String,
    /// The cause.
    pub cause: Cause,
    /// Cleared to exercise.
    pub cleared: bool,
    /// The phase.
    pub phase: u8,
    /// Local date the cause programme began.
    pub started_on: Date,
    /// Local date the phase began.
    pub phase_started_on: Date,
    /// When this row was made.
    pub created_at: Timestamp,
    /// When it was replaced (`None` for the current one).
    pub ended_at: Option<Timestamp>,
    /// Why.
    pub reason: String,
    /// Who set it.
    pub set_by: SetBy,
    /// Trials chosen.
    pub trials: BTreeSet<String>,
    /// A clinician's changes to the protocol's exercises.
    pub edits: Edits,
}

fn from_row(row: &Row) -> Result<Program> {
    let trials: String = row.try_get("trials")?;
    let phase: i64 = row.try_get("phase")?;
    Ok(Program {
        id: row.try_get("id")?,
        cause: parse("cause", &row.try_get::<String, _>("cause")?)?,
        cleared: row.try_get::<i64, _>("cleared")? == 1,
        phase: u8::try_from(phase).map_err(|_| StoreError::Corrupt(format!("phase {phase}")))?,
        started_on: parse("started_on", &row.try_get::<String, _>("started_on")?)?,
        phase_started_on: parse("phase_started_on", &row.try_get::<String, _>("phase_started_on")?)?,
        created_at: ts(row.try_get("created_at")?)?,
        ended_at: row.try_get::<Option<i64>, _>("ended_at")?.map(ts).transpose()?,
        reason: row.try_get("reason")?,
        set_by: SetBy::parse(&row.try_get::<String, _>("set_by")?)?,
        trials: trials.split(',').filter(|t| !t.is_empty()).map(str::to_owned).collect(),
        edits: edits_of(&row.try_get::<String, _>("edits")?)?,
    })
}

fn edits_of(text: &str) -> Result<Edits> {
    if text.is_empty() {
        return Ok(Edits::default());
    }
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(format!("programme edits: {e}")))
}

fn edits_text(e: &Edits) -> Result<String> {
    if e.is_empty() { Ok(String::new()) } else { serde_json::to_string(e).map_err(StoreError::from) }
}

/// Ends the current programme and starts `p`, inside a transaction.
pub(crate) async fn insert(
    conn: &mut crate::sql::Conn,
    patient_id: &str,
    p: &NewProgram,
    at: Timestamp,
) -> Result<Program> {
    if !(1..=3).contains(&p.phase) {
        return Err(StoreError::Invalid { field: "phase".to_owned(), problem: "allowed: 1 to 3".to_owned() });
    }
    let id = new_id();
    crate::sql::query("UPDATE programs SET ended_at = $1 WHERE patient_id = $2 AND ended_at IS NULL")
        .bind(ms(at))
        .bind(patient_id.to_owned())
        .execute(&mut *conn)
        .await?;
    crate::sql::query(
        "INSERT INTO programs (id, patient_id, cause, cleared, phase, started_on, phase_started_on, created_at, \
         ended_at, reason, set_by, trials, edits) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, $9, $10, $11, $12)",
    )
    .bind(id.clone())
    .bind(patient_id.to_owned())
    .bind(p.cause.as_str())
    .bind(i64::from(p.cleared))
    .bind(i64::from(p.phase))
    .bind(p.started_on.to_string())
    .bind(p.phase_started_on.to_string())
    .bind(ms(at))
    .bind(p.reason.clone())
    .bind(p.set_by.as_str())
    .bind(p.trials.iter().cloned().collect::<Vec<_>>().join(","))
    .bind(edits_text(&p.edits)?)
    .execute(&mut *conn)
    .await
    .map_err(classify)?;
    current(conn, patient_id).await?.ok_or(StoreError::NotFound)
}

/// The current programme.
pub(crate) async fn current(conn: &mut crate::sql::Conn, patient_id: &str) -> Result<Option<Program>> {
    let row = crate::sql::query(
        "SELECT id, cause, cleared, phase, started_on, phase_started_on, created_at, ended_at, reason, set_by, trials, edits \
         FROM programs WHERE patient_id = $1 AND ended_at IS NULL",
    )
    .bind(patient_id.to_owned())
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(from_row).transpose()
}

impl NewProgram {
    /// The programme the core decided on, set by `set_by`.
    pub fn from_next(next: sciatica_core::record::change::NextProgram, set_by: SetBy) -> NewProgram {
        NewProgram {
            cause: next.cause,
            cleared: next.cleared,
            phase: next.phase,
            started_on: next.started_on,
            phase_started_on: next.phase_started_on,
            reason: next.reason,
            set_by,
            trials: next.trials,
            edits: next.edits,
        }
    }
}

impl Store {
    /// Starts a programme, ending the current one in the same transaction.
    pub async fn start_program(&self, patient_id: &str, p: &NewProgram, at: Timestamp) -> Result<Program> {
        let patient = self.patient(patient_id).await?;
        let mut tx = self.pool.begin().await?;
        let mut record = crate::records::current(&mut tx, &patient).await?;
        let program = insert(&mut tx, patient_id, p, at).await?;
        if record.program_changed((&program).into()).is_err() {
            record = crate::records::rebuild(&mut tx, &patient).await?;
        }
        crate::records::put(&mut tx, patient_id, &record, at).await?;
        tx.commit().await?;
        Ok(program)
    }

    /// The current programme.
    pub async fn current_program(&self, patient_id: &str) -> Result<Option<Program>> {
        let mut conn = self.pool.acquire().await?;
        current(&mut conn, patient_id).await
    }

    /// Every programme of the person, oldest first (the history of changes).
    pub async fn programs(&self, patient_id: &str) -> Result<Vec<Program>> {
        let rows = crate::sql::query(
            "SELECT id, cause, cleared, phase, started_on, phase_started_on, created_at, ended_at, reason, set_by, trials, edits \
             FROM programs WHERE patient_id = $1 ORDER BY created_at, id",
        )
        .bind(patient_id.to_owned())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(from_row).collect()
    }
}

impl Program {
    /// This programme's phase as adherence reads it.
    pub fn stretch(&self) -> sciatica_core::adherence::Stretch {
        sciatica_core::adherence::Stretch {
            from: self.phase_started_on,
            cause: self.cause,
            cleared: self.cleared,
            phase: self.phase,
        }
    }
}
