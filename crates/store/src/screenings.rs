//! Screenings (answers and result) and acknowledgements that a clinician has assessed the person.

use crate::error::classify;
use crate::sql::Row;
use crate::{Result, Store, StoreError, ms, new_id, parse, ts};
use jiff::Timestamp;
use sciatica_core::triage::Outcome;
use sciatica_core::triage::answers::Answers;
use sciatica_core::{Action, Urgency};
use serde::Serialize;

/// A stored screening.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Screening {
    /// Id.
    pub id: String,
    /// When it was taken.
    pub taken_at: Timestamp,
    /// The answers (the contract JSON).
    pub answers: serde_json::Value,
    /// The highest urgency.
    pub urgency: Urgency,
    /// The most restrictive action.
    pub action: Action,
    /// Matched rule ids.
    pub rules: Vec<String>,
    /// The result as printed by `sciatica screen`.
    pub result: serde_json::Value,
}

/// Who acknowledged an urgent result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AckBy {
    /// The person, recording that a clinician has assessed them.
    #[serde(rename = "self")]
    SelfManager,
    /// A clinician, with a note.
    Clinician,
}

impl AckBy {
    fn as_str(self) -> &'static str {
        match self {
            AckBy::SelfManager => "self",
            AckBy::Clinician => "clinician",
        }
    }
}

/// A recorded acknowledgement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Acknowledgement {
    /// When.
    pub acknowledged_at: Timestamp,
    /// By whom.
    pub by: AckBy,
    /// The note.
    pub note: String,
}

fn from_row(row: &Row) -> Result<Screening> {
    let answers: String = row.try_get("answers")?;
    let result: String = row.try_get("result")?;
    let rules: String = row.try_get("rules")?;
    let json = |s: &str| serde_json::from_str(s).map_err(StoreError::from);
    Ok(Screening {
        id: row.try_get("id")?,
        taken_at: ts(row.try_get("taken_at")?)?,
        answers: json(&answers)?,
        urgency: parse("urgency", &row.try_get::<String, _>("urgency")?)?,
        action: parse("action", &row.try_get::<String, _>("action")?)?,
        rules: rules.split(',').filter(|r| !r.is_empty()).map(str::to_owned).collect(),
        result: json(&result)?,
    })
}

const COLUMNS: &str = "id, taken_at, answers, urgency, action, rules, result";

async fn insert(
    conn: &mut crate::sql::Conn,
    patient_id: &str,
    at: Timestamp,
    answers: &Answers,
    outcome: &Outcome,
) -> Result<Screening> {
    let id = new_id();
    let result = serde_json::to_string(outcome).map_err(StoreError::from)?;
    crate::sql::query(
        "INSERT INTO screenings (id, patient_id, taken_at, answers, urgency, action, rules, result) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id.clone())
    .bind(patient_id.to_owned())
    .bind(ms(at))
    .bind(answers.to_json().to_string())
    .bind(outcome.urgency.as_str())
    .bind(outcome.action.as_str())
    .bind(outcome.rules.join(","))
    .bind(result)
    .execute(&mut *conn)
    .await
    .map_err(classify)?;
    let row = crate::sql::query(format!("SELECT {COLUMNS} FROM screenings WHERE id = $1"))
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    from_row(&row)
}

/// The most recent screening.
pub(crate) async fn latest(conn: &mut crate::sql::Conn, patient_id: &str) -> Result<Option<Screening>> {
    let row = crate::sql::query(format!(
        "SELECT {COLUMNS} FROM screenings WHERE patient_id = $1 ORDER BY taken_at DESC, id DESC LIMIT 1"
    ))
    .bind(patient_id.to_owned())
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// The most recent urgent screening taken after the last acknowledgement.
pub(crate) async fn urgent_in_force(
    conn: &mut crate::sql::Conn,
    patient_id: &str,
) -> Result<Option<Screening>> {
    let last_ack: Option<i64> =
        crate::sql::query("SELECT MAX(acknowledged_at) FROM acknowledgements WHERE patient_id = $1")
            .bind(patient_id.to_owned())
            .fetch_one(&mut *conn)
            .await?
            .try_get(0)?;
    let row = crate::sql::query(format!(
        "SELECT {COLUMNS} FROM screenings WHERE patient_id = $1 AND urgency IN ('same_day', 'emergency_now') \
         AND taken_at > $2 ORDER BY taken_at DESC, id DESC LIMIT 1"
    ))
    .bind(patient_id.to_owned())
    .bind(last_ack.unwrap_or(i64::MIN))
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(from_row).transpose()
}

impl Store {
    /// Saves a screening and its result.
    pub async fn save_screening(
        &self,
        patient_id: &str,
        at: Timestamp,
        answers: &Answers,
        outcome: &Outcome,
    ) -> Result<Screening> {
        let mut conn = self.pool.acquire().await?;
        insert(&mut conn, patient_id, at, answers, outcome).await
    }

    /// Saves a screen and applies it to the person's record in one transaction: a new cause or
    /// clearance starts a new programme (the core decides), an urgent result stays in force.
    pub async fn record_screen(
        &self,
        patient: &crate::patients::Patient,
        answers: &Answers,
        outcome: &Outcome,
        at: Timestamp,
        set_by: crate::programs::SetBy,
    ) -> Result<Screening> {
        let mut tx = self.pool.begin().await?;
        let mut record = crate::records::current(&mut tx, patient).await?;
        let saved = insert(&mut tx, &patient.id, at, answers, outcome).await?;
        if record.screened((&saved).into()).is_err() {
            // Older than the latest screen: kept in the history, the record folded again; the
            // programme follows the latest screen, not this one.
            let record = crate::records::rebuild(&mut tx, patient).await?;
            crate::records::put(&mut tx, &patient.id, &record, at).await?;
            tx.commit().await?;
            return Ok(saved);
        }
        let today = patient.schedule()?.date_of(at);
        // A screen stopped early with an urgent result may not have reached these questions.
        let next = answers
            .cause_and_clearance()
            .and_then(|(cause, cleared)| record.program_after_screen(cause, cleared, today));
        if let Some(next) = next {
            let program = crate::programs::insert(
                &mut tx,
                &patient.id,
                &crate::programs::NewProgram::from_next(next, set_by),
                at,
            )
            .await?;
            if record.program_changed((&program).into()).is_err() {
                record = crate::records::rebuild(&mut tx, patient).await?;
            }
        }
        crate::records::put(&mut tx, &patient.id, &record, at).await?;
        tx.commit().await?;
        Ok(saved)
    }

    /// Every screening of the person, oldest first.
    pub async fn screenings(&self, patient_id: &str) -> Result<Vec<Screening>> {
        let rows = crate::sql::query(
            "SELECT id, taken_at, answers, urgency, action, rules, result FROM screenings \
             WHERE patient_id = $1 ORDER BY taken_at, id",
        )
        .bind(patient_id.to_owned())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(from_row).collect()
    }

    /// The most recent screening.
    pub async fn latest_screening(&self, patient_id: &str) -> Result<Option<Screening>> {
        let mut conn = self.pool.acquire().await?;
        latest(&mut conn, patient_id).await
    }

    /// The most recent `emergency_now` or `same_day` screening that no acknowledgement has
    /// followed: it stays in force whatever later, milder screens say (DESIGN §5).
    pub async fn unacknowledged_urgent(&self, patient_id: &str) -> Result<Option<Screening>> {
        let mut conn = self.pool.acquire().await?;
        urgent_in_force(&mut conn, patient_id).await
    }

    /// Records that a clinician has assessed the person: lifts urgent screens taken before it and
    /// resolves the open alerts, in one transaction.
    pub async fn acknowledge(&self, patient_id: &str, by: AckBy, note: &str, at: Timestamp) -> Result<()> {
        let patient = self.patient(patient_id).await?;
        let mut tx = self.pool.begin().await?;
        let mut record = crate::records::current(&mut tx, &patient).await?;
        acknowledge_in(&mut tx, patient_id, &mut record, by, note, at).await?;
        crate::records::put(&mut tx, patient_id, &record, at).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every acknowledgement, oldest first.
    pub async fn acknowledgements(&self, patient_id: &str) -> Result<Vec<Acknowledgement>> {
        let rows = crate::sql::query(
            "SELECT acknowledged_at, by_role, note FROM acknowledgements WHERE patient_id = $1 ORDER BY acknowledged_at",
        )
        .bind(patient_id.to_owned())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let by: String = r.try_get("by_role")?;
                Ok(Acknowledgement {
                    acknowledged_at: ts(r.try_get("acknowledged_at")?)?,
                    by: if by == "clinician" { AckBy::Clinician } else { AckBy::SelfManager },
                    note: r.try_get("note")?,
                })
            })
            .collect()
    }
}

/// Records an acknowledgement inside a transaction and applies it to the record: urgent screens
/// taken before it are lifted and the open alerts resolved.
pub(crate) async fn acknowledge_in(
    conn: &mut crate::sql::Conn,
    patient_id: &str,
    record: &mut sciatica_core::record::Record,
    by: AckBy,
    note: &str,
    at: Timestamp,
) -> Result<()> {
    if note.chars().count() > 2000 {
        return Err(StoreError::Invalid {
            field: "note".to_owned(),
            problem: "is too long; allowed: up to 2000 characters".to_owned(),
        });
    }
    crate::sql::query("INSERT INTO acknowledgements (id, patient_id, acknowledged_at, by_role, note) VALUES ($1, $2, $3, $4, $5)")
        .bind(new_id())
        .bind(patient_id.to_owned())
        .bind(ms(at))
        .bind(by.as_str())
        .bind(note.to_owned())
        .execute(&mut *conn)
        .await
        .map_err(classify)?;
    crate::sql::query(
        "UPDATE alerts SET resolved_at = $1, resolution = $2 WHERE patient_id = $3 AND resolved_at IS NULL",
    )
    .bind(ms(at))
    .bind(format!("assessed ({}): {note}", by.as_str()))
    .bind(patient_id.to_owned())
    .execute(&mut *conn)
    .await?;
    record.assessed(at);
    Ok(())
}
