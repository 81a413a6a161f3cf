//! Each patient's record (`sciatica_core::record::Record`): read in one query, rebuilt from the
//! history when missing or of another version, and written in the same transaction as every
//! event that changes it. Every write transaction begins `IMMEDIATE` (`sql::Pool::begin`) and so
//! holds the database's write lock before it reads a record: two events for one person never
//! both read the old record.

use crate::patients::Patient;
use crate::programs::Program;
use crate::screenings::Screening;
use crate::sql::Conn;
use crate::{Result, Store, StoreError, ms};
use jiff::Timestamp;
use sciatica_core::Urgency;
use sciatica_core::record::{self, History, Record};
use std::collections::BTreeMap;
use std::sync::Arc;

mod cache;
pub(crate) use cache::Cache;

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
            edits: p.edits.clone(),
        }
    }
}

/// The stored record of a patient, if there is one of this version.
pub(crate) async fn stored(conn: &mut Conn, patient_id: &str) -> Result<Option<Record>> {
    Ok(stored_many(conn, &[patient_id], None).await?.remove(patient_id).map(|(_, r)| r))
}

/// A kept record read back: `None` when it is of another version (or unreadable), to be rebuilt.
/// Its log's sessions are not stored with it: [`refill`] gives them back.
fn kept(version: Option<i64>, text: Option<String>) -> Option<Record> {
    text.filter(|_| version == Some(i64::from(record::VERSION))).and_then(|t| serde_json::from_str(&t).ok())
}

/// Gives records read back the sessions of their logs' windows, in one read for all of them.
async fn refill(conn: &mut Conn, records: &mut [(String, Record)]) -> Result<()> {
    let asked: Vec<(&str, sciatica_core::history::Window)> =
        records.iter().filter_map(|(id, r)| Some((id.as_str(), r.window()?))).collect();
    if asked.is_empty() {
        return Ok(());
    }
    let mut found = crate::sessions::windows(&mut *conn, &asked).await?;
    for (id, r) in records.iter_mut() {
        if r.window().is_some() {
            r.refill(found.remove(id.as_str()).unwrap_or_default());
        }
    }
    Ok(())
}

/// The stored records of these patients that are of this version, in one query, with their
/// revisions. A record the cache holds at the stored revision is taken from it, not read again.
pub(crate) async fn stored_many(
    conn: &mut Conn,
    patient_ids: &[&str],
    cache: Option<&Cache>,
) -> Result<BTreeMap<String, (i64, Record)>> {
    Ok(stored_shared(conn, patient_ids, cache)
        .await?
        .into_iter()
        .map(|(id, (rev, r))| (id, (rev, Arc::unwrap_or_clone(r))))
        .collect())
}

/// [`stored_many`] without copying the records the cache holds (for readers).
pub(crate) async fn stored_shared(
    conn: &mut Conn,
    patient_ids: &[&str],
    cache: Option<&Cache>,
) -> Result<BTreeMap<String, (i64, Arc<Record>)>> {
    let held: Vec<Option<(i64, Arc<Record>)>> =
        patient_ids.iter().map(|id| cache.and_then(|c| c.get(id))).collect();
    let asked: Vec<String> =
        (0..patient_ids.len()).map(|i| format!("(${}, ${})", i * 2 + 1, i * 2 + 2)).collect();
    let sql = format!(
        "WITH asked (id, rev) AS (VALUES {}) SELECT r.patient_id, r.version, r.rev, \
         CASE WHEN r.rev = asked.rev THEN NULL ELSE r.record END AS record \
         FROM patient_records r JOIN asked ON asked.id = r.patient_id",
        asked.join(", ")
    );
    let mut q = crate::sql::query(sql);
    for (id, h) in patient_ids.iter().zip(&held) {
        q = q.bind((*id).to_owned()).bind(h.as_ref().map_or(-1, |(rev, _)| *rev));
    }
    let mut out = BTreeMap::new();
    let mut read: Vec<(String, Record)> = Vec::new();
    let mut revs: BTreeMap<String, i64> = BTreeMap::new();
    for row in q.fetch_all(&mut *conn).await? {
        let id: String = row.try_get("patient_id")?;
        let rev: i64 = row.try_get("rev")?;
        let version: Option<i64> = row.try_get("version")?;
        let text: Option<String> = row.try_get("record")?;
        let from_cache = || {
            let i = patient_ids.iter().position(|p| *p == id)?;
            held[i].as_ref().filter(|(r, _)| *r == rev).map(|(_, rec)| Arc::clone(rec))
        };
        if text.is_none() {
            if let Some(r) = from_cache() {
                out.insert(id, (rev, r));
            }
        } else if let Some(r) = kept(version, text) {
            revs.insert(id.clone(), rev);
            read.push((id, r));
        }
    }
    refill(conn, &mut read).await?;
    for (id, r) in read {
        let rev = revs[&id];
        out.insert(id, (rev, Arc::new(r)));
    }
    Ok(out)
}

/// Writes several records in one statement.
pub(crate) async fn put_many(
    conn: &mut Conn,
    records: &[(&str, &Record)],
    at: Timestamp,
) -> Result<BTreeMap<String, i64>> {
    let mut revs = BTreeMap::new();
    for chunk in records.chunks(64) {
        let rows: Vec<String> = (0..chunk.len())
            .map(|r| format!("(${}, ${}, ${}, ${})", r * 4 + 1, r * 4 + 2, r * 4 + 3, r * 4 + 4))
            .collect();
        let sql = format!(
            "INSERT INTO patient_records (patient_id, version, updated_at, record) VALUES {} \
             ON CONFLICT (patient_id) DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at, \
             record = excluded.record, rev = patient_records.rev + 1 RETURNING patient_id, rev",
            rows.join(", ")
        );
        let mut q = crate::sql::query(sql);
        for (id, r) in chunk {
            let text = serde_json::to_string(r).map_err(StoreError::from)?;
            q = q.bind((*id).to_owned()).bind(i64::from(r.version)).bind(ms(at)).bind(text);
        }
        for row in q.fetch_all(&mut *conn).await? {
            revs.insert(row.try_get("patient_id")?, row.try_get("rev")?);
        }
    }
    Ok(revs)
}

/// The record the history describes.
pub(crate) async fn rebuild(conn: &mut Conn, patient: &Patient) -> Result<Record> {
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
        crate::sql::query("SELECT MAX(acknowledged_at) FROM acknowledgements WHERE patient_id = $1")
            .bind(patient.id.clone())
            .fetch_one(&mut *conn)
            .await?
            .try_get(0)?;
    Ok(Record::rebuild(History {
        screen: screen.as_ref().map(record::Screen::from),
        urgent: urgent.as_ref().filter(|s| s.urgency >= Urgency::SameDay).map(record::Screen::from),
        program: program.as_ref().map(record::Program::from),
        sessions,
        alerts: alerts
            .into_iter()
            .filter(|a| a.resolved_at.is_none())
            .map(|a| record::Alert { id: a.id, rule: a.rule, parts: a.parts, raised_at: a.raised_at })
            .collect(),
        resolved,
        assessed_at: assessed.map(crate::ts).transpose()?,
        care: crate::clinical::logged(&mut *conn, &patient.id).await?,
    }))
}

/// The stored record, or the one the history describes.
pub(crate) async fn current(conn: &mut Conn, patient: &Patient) -> Result<Record> {
    match stored(conn, &patient.id).await? {
        Some(r) => Ok(r),
        None => rebuild(conn, patient).await,
    }
}

/// Writes a record.
pub(crate) async fn put(conn: &mut Conn, patient_id: &str, r: &Record, at: Timestamp) -> Result<()> {
    let text = serde_json::to_string(r).map_err(StoreError::from)?;
    crate::sql::query(
        "INSERT INTO patient_records (patient_id, version, updated_at, record) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (patient_id) DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at, \
         record = excluded.record, rev = patient_records.rev + 1",
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
    pub async fn record(&self, patient: &Patient) -> Result<Arc<Record>> {
        let mut conn = self.pool.acquire().await?;
        let (version, rev, text) = match crate::sql::query(
            "SELECT version, rev, CASE WHEN rev = $2 THEN NULL ELSE record END AS record \
             FROM patient_records WHERE patient_id = $1",
        )
        .bind(patient.id.clone())
        .bind(self.records.get(&patient.id).map_or(-1, |(rev, _)| rev))
        .fetch_optional(&mut conn)
        .await?
        {
            Some(row) => (row.try_get("version")?, row.try_get("rev")?, row.try_get("record")?),
            None => (None, None, None),
        };
        self.kept_or_rebuilt(&mut conn, patient, version, rev, text).await
    }

    /// A patient's profile and record in one query (the record rebuilt from the history when
    /// none of this version is kept).
    pub async fn patient_and_record(&self, patient_id: &str) -> Result<(Patient, Arc<Record>)> {
        let mut conn = self.pool.acquire().await?;
        let row = crate::sql::query(
            "SELECT p.id, p.display_name, p.time_zone, p.morning_time, p.evening_time, p.created_at, \
             r.version, r.rev, CASE WHEN r.rev = $2 THEN NULL ELSE r.record END AS record \
             FROM patients p LEFT JOIN patient_records r ON r.patient_id = p.id WHERE p.id = $1",
        )
        .bind(patient_id.to_owned())
        .bind(self.records.get(patient_id).map_or(-1, |(rev, _)| rev))
        .fetch_optional(&mut conn)
        .await?
        .ok_or(StoreError::NotFound)?;
        let patient = crate::patients::from_row(&row)?;
        let record = self
            .kept_or_rebuilt(
                &mut conn,
                &patient,
                row.try_get("version")?,
                row.try_get("rev")?,
                row.try_get("record")?,
            )
            .await?;
        Ok((patient, record))
    }

    /// The record read back at revision `rev` (its text absent when the cache holds that
    /// revision), or the one the history describes.
    async fn kept_or_rebuilt(
        &self,
        conn: &mut Conn,
        patient: &Patient,
        version: Option<i64>,
        rev: Option<i64>,
        text: Option<String>,
    ) -> Result<Arc<Record>> {
        if let Some(rev) = rev {
            let (mut version, mut text) = (version, text);
            if text.is_none() {
                if let Some((_, r)) = self.records.get(&patient.id).filter(|(held, _)| *held == rev) {
                    return Ok(r);
                }
                // Replaced in the cache since the query asked: read the text after all.
                let row =
                    crate::sql::query("SELECT version, record FROM patient_records WHERE patient_id = $1")
                        .bind(patient.id.clone())
                        .fetch_one(&mut *conn)
                        .await?;
                (version, text) = (row.try_get("version")?, row.try_get("record")?);
            }
            if let Some(r) = kept(version, text) {
                let mut one = [(patient.id.clone(), r)];
                refill(conn, &mut one).await?;
                let [(_, r)] = one;
                let r = Arc::new(r);
                self.records.put(&patient.id, rev, Arc::clone(&r));
                return Ok(r);
            }
        }
        Ok(Arc::new(rebuild(conn, patient).await?))
    }

    /// The records of patients that have none of this version kept (new patients, or after an
    /// upgrade): rebuilt from the history, written and kept in memory, all in one write
    /// transaction (so no event of theirs comes in between), so that a reader of many records
    /// pays for them once rather than on every read. A record written since the caller looked is
    /// taken as it is.
    pub(crate) async fn keep_rebuilt(&self, patients: &[&Patient]) -> Result<BTreeMap<String, Arc<Record>>> {
        let mut out = BTreeMap::new();
        if patients.is_empty() {
            return Ok(out);
        }
        let mut tx = self.pool.begin().await?;
        let ids: Vec<&str> = patients.iter().map(|p| p.id.as_str()).collect();
        for (id, (rev, r)) in stored_shared(&mut tx, &ids, Some(&self.records)).await? {
            self.records.put(&id, rev, Arc::clone(&r));
            out.insert(id, r);
        }
        let mut fresh = Vec::new();
        for p in patients.iter().filter(|p| !out.contains_key(&p.id)) {
            fresh.push((p.id.as_str(), rebuild(&mut tx, p).await?));
        }
        let written: Vec<(&str, &Record)> = fresh.iter().map(|(id, r)| (*id, r)).collect();
        let revs = put_many(&mut tx, &written, Timestamp::now()).await?;
        tx.commit().await?;
        for (id, r) in fresh {
            let r = Arc::new(r);
            if let Some(rev) = revs.get(id) {
                self.records.put(id, *rev, Arc::clone(&r));
            }
            out.insert(id.to_owned(), r);
        }
        Ok(out)
    }

    /// Rebuilds and writes the record of every patient from the history (after a content or
    /// rule change, or to check that the kept records match the history). Returns how many
    /// records were rebuilt and how many of them differed from the stored one.
    pub async fn rebuild_records(&self) -> Result<(u64, u64)> {
        let ids: Vec<String> = crate::sql::query("SELECT id FROM patients ORDER BY id")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| r.try_get("id"))
            .collect::<std::result::Result<_, _>>()?;
        let (mut rebuilt, mut differed) = (0, 0);
        for id in ids {
            let patient = self.patient(&id).await?;
            let mut tx = self.pool.begin().await?;
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
