//! A clinician's caseload as the panel reads it: every patient's profile and record, and the
//! few rows the panel shows beside them (sessions of the last weeks, programme phases, scores),
//! in five statements whatever the size of the caseload (up to [`CHUNK`] patients). Records the
//! cache holds at the stored revision are neither sent nor parsed again; a patient with no record
//! of this version kept (new, or after an upgrade) has theirs rebuilt and kept on the first read.

use crate::patients::Patient;
use crate::{Result, Store, ms, parse, ts};
use jiff::Timestamp;
use jiff::civil::Date;
use sciatica_core::adherence::Stretch;
use sciatica_core::record::Record;
use sciatica_core::{MeasureId, Pain, Slot};
use std::collections::BTreeMap;
use std::sync::Arc;

/// A session as the panel reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionDay {
    /// The patient's local date.
    pub date: Date,
    /// The slot.
    pub slot: Slot,
    /// It counts as a session done (not stopped before any exercise was finished).
    pub done: bool,
    /// The worst leg pain of the session.
    pub worst_leg: Option<Pain>,
}

/// A questionnaire score as the panel reads it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scored {
    /// The measure.
    pub measure: MeasureId,
    /// When it was taken.
    pub taken_at: Timestamp,
    /// The score (`None` when incomplete).
    pub score: Option<f64>,
}

/// One patient of the caseload.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The profile.
    pub patient: Patient,
    /// The record.
    pub record: Arc<Record>,
    /// Sessions since the asked instant, oldest first.
    pub sessions: Vec<SessionDay>,
    /// The programme's phases as adherence reads them, oldest first.
    pub stretches: Vec<Stretch>,
    /// Every score, oldest first.
    pub scores: Vec<Scored>,
}

/// Patients asked about in one statement at most (two parameters each, far below SQLite's
/// 32,766): up to this many, the caseload takes the same five statements whatever its size.
pub const CHUNK: usize = 4000;

impl Store {
    /// The current caseload of a clinician with what the panel reads, sessions from `since`.
    pub async fn caseload_entries(&self, clinician_id: &str, since: Timestamp) -> Result<Vec<Entry>> {
        let mut conn = self.pool.acquire().await?;
        let mine =
            "JOIN care_team c ON c.patient_id = x.patient_id AND c.clinician_id = $1 AND c.ended_at IS NULL";
        let rows = crate::sql::query(
            "SELECT p.id, p.display_name, p.time_zone, p.morning_time, p.evening_time, p.created_at \
             FROM care_team c JOIN patients p ON p.id = c.patient_id \
             WHERE c.clinician_id = $1 AND c.ended_at IS NULL ORDER BY p.id",
        )
        .bind(clinician_id.to_owned())
        .fetch_all(&mut conn)
        .await?;
        let patients: Vec<Patient> = rows.iter().map(crate::patients::from_row).collect::<Result<_>>()?;
        let ids: Vec<&str> = patients.iter().map(|p| p.id.as_str()).collect();
        let mut records = BTreeMap::new();
        for chunk in ids.chunks(CHUNK) {
            let found = crate::records::stored_shared(&mut conn, chunk, Some(&self.records)).await?;
            for (id, (rev, record)) in found {
                self.records.put(&id, rev, Arc::clone(&record));
                records.insert(id, record);
            }
        }
        let mut sessions: BTreeMap<String, Vec<SessionDay>> = BTreeMap::new();
        for r in crate::sql::query(format!(
            "SELECT x.patient_id, x.local_date, x.slot, x.stopped, x.leg_pain_before, x.leg_pain_after, \
             EXISTS (SELECT 1 FROM session_exercises e WHERE e.session_id = x.id AND e.completed = 1) AS any_done \
             FROM sessions x {mine} WHERE x.started_at >= $2 ORDER BY x.started_at, x.id"
        ))
        .bind(clinician_id.to_owned())
        .bind(ms(since))
        .fetch_all(&mut conn)
        .await?
        {
            let pain = |col: &str| -> Result<Option<Pain>> {
                r.try_get::<Option<i64>, _>(col)?
                    .map(|v| Pain::new(v).map_err(|e| crate::StoreError::Corrupt(format!("{col}: {e}"))))
                    .transpose()
            };
            let stopped = r.try_get::<i64, _>("stopped")? == 1;
            let any_done = r.try_get::<i64, _>("any_done")? == 1;
            sessions.entry(r.try_get("patient_id")?).or_default().push(SessionDay {
                date: parse("local_date", &r.try_get::<String, _>("local_date")?)?,
                slot: parse("slot", &r.try_get::<String, _>("slot")?)?,
                done: !stopped || any_done,
                worst_leg: pain("leg_pain_before")?.max(pain("leg_pain_after")?),
            });
        }
        let mut stretches: BTreeMap<String, Vec<Stretch>> = BTreeMap::new();
        for r in crate::sql::query(format!(
            "SELECT x.patient_id, x.cause, x.cleared, x.phase, x.phase_started_on FROM programs x {mine} \
             ORDER BY x.created_at, x.id"
        ))
        .bind(clinician_id.to_owned())
        .fetch_all(&mut conn)
        .await?
        {
            let phase: i64 = r.try_get("phase")?;
            stretches.entry(r.try_get("patient_id")?).or_default().push(Stretch {
                from: parse("phase_started_on", &r.try_get::<String, _>("phase_started_on")?)?,
                cause: parse("cause", &r.try_get::<String, _>("cause")?)?,
                cleared: r.try_get::<i64, _>("cleared")? == 1,
                phase: u8::try_from(phase)
                    .map_err(|_| crate::StoreError::Corrupt(format!("phase {phase}")))?,
            });
        }
        let mut scores: BTreeMap<String, Vec<Scored>> = BTreeMap::new();
        for r in crate::sql::query(format!(
            "SELECT x.patient_id, x.measure, x.taken_at, x.score FROM measure_responses x {mine} \
             ORDER BY x.taken_at, x.id"
        ))
        .bind(clinician_id.to_owned())
        .fetch_all(&mut conn)
        .await?
        {
            scores.entry(r.try_get("patient_id")?).or_default().push(Scored {
                measure: parse("measure", &r.try_get::<String, _>("measure")?)?,
                taken_at: ts(r.try_get("taken_at")?)?,
                score: r.try_get("score")?,
            });
        }
        drop(conn);
        // No record of this version kept yet (a new patient, or after an upgrade): rebuilt and
        // kept once, so that the next read finds it.
        let missing: Vec<&Patient> = patients.iter().filter(|p| !records.contains_key(&p.id)).collect();
        records.extend(self.keep_rebuilt(&missing).await?);
        let mut out = Vec::with_capacity(patients.len());
        for patient in patients {
            let record = match records.remove(&patient.id) {
                Some(r) => r,
                None => self.record(&patient).await?,
            };
            out.push(Entry {
                sessions: sessions.remove(&patient.id).unwrap_or_default(),
                stretches: stretches.remove(&patient.id).unwrap_or_default(),
                scores: scores.remove(&patient.id).unwrap_or_default(),
                patient,
                record,
            });
        }
        Ok(out)
    }
}
