//! Each patient's record (`sciatica_core::record::Record`): read in one query, rebuilt from the
//! history when missing or of another version, and written in the same transaction as every
//! event that changes it. Transactions that change a record start by locking its row, so two
//! events for one person never both read the old record.

use crate::patients::Patient;
use crate::programs::Program;
use crate::screenings::Screening;
use crate::{Result, Store, StoreError, ms};
use jiff::Timestamp;
use sciatica_core::Urgency;
use sciatica_core::record::{self, History, Record};
use sqlx::{AnyConnection, AssertSqlSafe, Row};
use std::collections::BTreeMap;

impl From<&Screening> for record::Screen {
    fn from(s: &Screening) -> record::Screen {
        record::Screen {
            id: s.id.clone(),
            taken_at: s.taken_at,
            urgency: s.urgency,
            action: s.action,
            rules: s.rules.clone(),
        }
    }
}

impl From<&Program> for record::Program {
    fn from(p: &Program) -> record::Program {
        record::Program {
            id: p.id.clone(),
            cause: p.cause,
            cleared: p.cleared,
            phase: p.phase,
            started_on: p.started_on,
            phase_started_on: p.phase_started_on,
            trials: p.trials.clone(),
        }
    }
}

/// The stored record of a patient, if there is one of this version.
pub(crate) async fn stored(conn: &mut AnyConnection, patient_id: &str) -> Result<Option<Record>> {
    Ok(stored_many(conn, &[patient_id]).await?.remove(patient_id))
}

/// A kept record read back: `None` when it is of another version (or unreadable), to be rebuilt.
fn kept(version: Option<i64>, text: Option<String>) -> Option<Record> {
    text.filter(|_| version == Some(i64::from(record::VERSION))).and_then(|t| serde_json::from_str(&t).ok())
}

/// `$1, $2, …, $n`.
fn in_list(n: usize) -> String {
    (1..=n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

/// The stored records of these patients that are of this version, in one query.
pub(crate) async fn stored_many(
    conn: &mut AnyConnection,
    patient_ids: &[&str],
) -> Result<std::collections::BTreeMap<String, Record>> {
    let sql = format!(
        "SELECT patient_id, version, record FROM patient_records WHERE patient_id IN ({})",
        in_list(patient_ids.len())
    );
    let mut q = sqlx::query(AssertSqlSafe(sql));
    for id in patient_ids {
        q = q.bind((*id).to_owned());
    }
    let mut out = std::collections::BTreeMap::new();
    for row in q.fetch_all(&mut *conn).await? {
        if let Some(r) = kept(row.try_get("version")?, row.try_get("record")?) {
            out.insert(row.try_get("patient_id")?, r);
        }
    }
    Ok(out)
}

/// Writes several records in one statement.
pub(crate) async fn put_many(
    conn: &mut AnyConnection,
    records: &[(&str, &Record)],
    at: Timestamp,
) -> Result<()> {
    for chunk in records.chunks(64) {
        let rows: Vec<String> = (0..chunk.len())
            .map(|r| format!("(${}, ${}, ${}, ${})", r * 4 + 1, r * 4 + 2, r * 4 + 3, r * 4 + 4))
            .collect();
        let sql = format!(
            "INSERT INTO patient_records (patient_id, version, updated_at, record) VALUES {} \
             ON CONFLICT (patient_id) DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at, \
             record = excluded.record",
            rows.join(", ")
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for (id, r) in chunk {
            let text = serde_json::to_string(r).map_err(StoreError::from)?;
            q = q.bind((*id).to_owned()).bind(i64::from(r.version)).bind(ms(at)).bind(text);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// The record the history describes.
pub(crate) async fn rebuild(conn: &mut AnyConnection, patient: &Patient) -> Result<Record> {
    let program = crate::programs::current(&mut *conn, &patient.id).await?;
    let screen = crate::screenings::latest(&mut *conn, &patient.id).await?;
    let urgent = crate::screenings::urgent_in_force(&mut *conn, &patient.id).await?;
    let sessions = match &program {
        Some(p) => {
            let since = patient.schedule()?.start_of(p.started_on).map_err(StoreError::from)?;
            crate::sessions::sessions_since(&mut *conn, &patient.id, since).await?
        }
        None => Vec::new(),
    };
    let alerts = crate::alerts::all(&mut *conn, &patient.id).await?;
    let mut resolved = BTreeMap::new();
    for a in &alerts {
        if let Some(at) = a.resolved_at {
            let e = resolved.entry(a.rule.clone()).or_insert(at);
            *e = (*e).max(at);
        }
    }
    let assessed: Option<i64> =
        sqlx::query("SELECT MAX(acknowledged_at) FROM acknowledgements WHERE patient_id = $1")
            .bind(patient.id.clone())
            .fetch_one(&mut *conn)
            .await?
            .try_get(0)?;
    Ok(Record::rebuild(History {
        screen: screen.as_ref().map(record::Screen::from),
        urgent: urgent.as_ref().filter(|s| s.urgency >= Urgency::SameDay).map(record::Screen::from),
        program: program.as_ref().map(record::Program::from),
        sessions: sessions.into_iter().map(|s| s.record).collect(),
        alerts: alerts
            .into_iter()
            .filter(|a| a.resolved_at.is_none())
            .map(|a| record::Alert { id: a.id, rule: a.rule, parts: a.parts, raised_at: a.raised_at })
            .collect(),
        resolved,
        assessed_at: assessed.map(crate::ts).transpose()?,
    }))
}

/// The stored record, or the one the history describes.
pub(crate) async fn current(conn: &mut AnyConnection, patient: &Patient) -> Result<Record> {
    match stored(conn, &patient.id).await? {
        Some(r) => Ok(r),
        None => rebuild(conn, patient).await,
    }
}

/// Takes the write lock for these patients' records inside a transaction (the first statement
/// of every transaction that changes a record: on SQLite it takes the database's write lock
/// before anything is read; on PostgreSQL it locks the rows).
pub(crate) async fn lock(conn: &mut AnyConnection, patient_ids: &[&str]) -> Result<()> {
    let sql = format!(
        "UPDATE patient_records SET updated_at = updated_at WHERE patient_id IN ({})",
        in_list(patient_ids.len())
    );
    let mut q = sqlx::query(AssertSqlSafe(sql));
    for id in patient_ids {
        q = q.bind((*id).to_owned());
    }
    q.execute(&mut *conn).await?;
    Ok(())
}

/// Writes a record.
pub(crate) async fn put(conn: &mut AnyConnection, patient_id: &str, r: &Record, at: Timestamp) -> Result<()> {
    let text = serde_json::to_string(r).map_err(StoreError::from)?;
    sqlx::query(
        "INSERT INTO patient_records (patient_id, version, updated_at, record) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (patient_id) DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at, \
         record = excluded.record",
    )
    .bind(patient_id.to_owned())
    .bind(i64::from(r.version))
    .bind(ms(at))
    .bind(text)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

impl Store {
    /// The patient's record: the stored one, or (missing or of another version) the one the
    /// history describes. Reads only; the next event writes it.
    pub async fn record(&self, patient: &Patient) -> Result<Record> {
        let mut conn = self.pool.acquire().await?;
        current(&mut conn, patient).await
    }

    /// A patient's profile and record in one query (the record rebuilt from the history when
    /// none of this version is kept).
    pub async fn patient_and_record(&self, patient_id: &str) -> Result<(Patient, Record)> {
        let mut conn = self.pool.acquire().await?;
        let row = sqlx::query(
            "SELECT p.id, p.display_name, p.time_zone, p.morning_time, p.evening_time, p.created_at, \
             r.version, r.record FROM patients p LEFT JOIN patient_records r ON r.patient_id = p.id WHERE p.id = $1",
        )
        .bind(patient_id.to_owned())
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NotFound)?;
        let patient = crate::patients::from_row(&row)?;
        let record = match kept(row.try_get("version")?, row.try_get("record")?) {
            Some(r) => r,
            None => rebuild(&mut conn, &patient).await?,
        };
        Ok((patient, record))
    }

    /// Rebuilds and writes the record of every patient from the history (after a content or
    /// rule change, or to check that the kept records match the history). Returns how many
    /// records were rebuilt and how many of them differed from the stored one.
    pub async fn rebuild_records(&self) -> Result<(u64, u64)> {
        let ids: Vec<String> = sqlx::query("SELECT id FROM patients ORDER BY id")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| r.try_get("id"))
            .collect::<std::result::Result<_, _>>()?;
        let (mut rebuilt, mut differed) = (0, 0);
        for id in ids {
            let patient = self.patient(&id).await?;
            let mut tx = self.pool.begin().await?;
            lock(&mut tx, &[&id]).await?;
            let before = stored(&mut tx, &id).await?;
            let fresh = rebuild(&mut tx, &patient).await?;
            if before.as_ref() != Some(&fresh) {
                differed += 1;
            }
            put(&mut tx, &id, &fresh, Timestamp::now()).await?;
            tx.commit().await?;
            rebuilt += 1;
        }
        Ok((rebuilt, differed))
    }
}
