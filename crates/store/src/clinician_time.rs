//! Clinician time recorded against a patient, and what the monthly monitoring summary reads:
//! the days with data from the patient and their sessions in a month.

use crate::{Result, Store, StoreError, ms, new_id, parse, ts};
use jiff::Timestamp;
use jiff::civil::Date;
use sciatica_core::policy::Role;
use serde::Serialize;

/// An entry of clinician time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimeEntry {
    /// Id.
    pub id: String,
    /// The clinician's email, when the account still exists.
    pub clinician_email: Option<String>,
    /// The patient's local date of the work.
    pub date: Date,
    /// Minutes.
    pub minutes: u32,
    /// What the time was for, without health details.
    pub note: String,
    /// When it was recorded.
    pub recorded_at: Timestamp,
}

/// What a month of monitoring reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthData {
    /// The local dates of the sessions of the month.
    pub session_dates: Vec<Date>,
    /// When the patient sent other data (questionnaires, screens, harm reports) in the month.
    pub other_data: Vec<Timestamp>,
    /// The clinician time of the month.
    pub time: Vec<TimeEntry>,
}

/// A new entry of clinician time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTime<'a> {
    /// The patient.
    pub patient_id: &'a str,
    /// The clinician recording it.
    pub clinician_id: &'a str,
    /// The patient's local date of the work.
    pub date: Date,
    /// Minutes (checked by `sciatica_core::monitoring::check_time`).
    pub minutes: u32,
    /// The note (checked likewise).
    pub note: &'a str,
}

fn entry(r: &crate::sql::Row) -> Result<TimeEntry> {
    let minutes: i64 = r.try_get("minutes")?;
    Ok(TimeEntry {
        id: r.try_get("id")?,
        clinician_email: r.try_get("email")?,
        date: parse("local_date", &r.try_get::<String, _>("local_date")?)?,
        minutes: u32::try_from(minutes).map_err(|_| StoreError::Corrupt(format!("minutes {minutes}")))?,
        note: r.try_get("note")?,
        recorded_at: ts(r.try_get("recorded_at")?)?,
    })
}

const SELECT: &str = "SELECT t.id, u.email, t.local_date, t.minutes, t.note, t.recorded_at \
                      FROM clinician_time t LEFT JOIN users u ON u.id = t.clinician_id";

impl Store {
    /// Records clinician time and its audit entry in one transaction.
    pub async fn record_clinician_time(&self, t: &NewTime<'_>, at: Timestamp) -> Result<TimeEntry> {
        let id = new_id();
        let mut tx = self.pool.begin().await?;
        crate::sql::query(
            "INSERT INTO clinician_time (id, patient_id, clinician_id, local_date, minutes, note, recorded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id.clone())
        .bind(t.patient_id.to_owned())
        .bind(t.clinician_id.to_owned())
        .bind(t.date.to_string())
        .bind(i64::from(t.minutes))
        .bind(t.note.to_owned())
        .bind(ms(at))
        .execute(&mut *tx)
        .await
        .map_err(crate::error::classify)?;
        crate::audit::append(
            &mut tx,
            Some(t.clinician_id),
            Some(Role::Clinician),
            "clinician_time.record",
            Some(t.patient_id),
            &format!("{} minutes on {}", t.minutes, t.date),
            at,
        )
        .await?;
        let row = crate::sql::query(format!("{SELECT} WHERE t.id = $1")).bind(id).fetch_one(&mut *tx).await?;
        let saved = entry(&row)?;
        tx.commit().await?;
        Ok(saved)
    }

    /// The clinician time recorded against a patient, newest first.
    pub async fn clinician_time(&self, patient_id: &str) -> Result<Vec<TimeEntry>> {
        let rows = crate::sql::query(format!(
            "{SELECT} WHERE t.patient_id = $1 ORDER BY t.local_date DESC, t.recorded_at DESC"
        ))
        .bind(patient_id.to_owned())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(entry).collect()
    }

    /// What the monitoring summary of the local dates `first..=last` reads; `from..to` are the
    /// instants of those dates in the patient's time zone.
    pub async fn month_data(
        &self,
        patient_id: &str,
        (first, last): (Date, Date),
        (from, to): (Timestamp, Timestamp),
    ) -> Result<MonthData> {
        let mut conn = self.pool.acquire().await?;
        let session_dates = crate::sql::query(
            "SELECT local_date FROM sessions WHERE patient_id = $1 AND local_date >= $2 AND local_date <= $3 ORDER BY started_at",
        )
        .bind(patient_id.to_owned())
        .bind(first.to_string())
        .bind(last.to_string())
        .fetch_all(&mut conn)
        .await?
        .iter()
        .map(|r| parse("local_date", &r.try_get::<String, _>("local_date")?))
        .collect::<Result<Vec<Date>>>()?;
        let other_data = crate::sql::query(
            "SELECT taken_at AS at FROM measure_responses WHERE patient_id = $1 AND taken_at >= $2 AND taken_at < $3 \
             UNION ALL SELECT taken_at FROM screenings WHERE patient_id = $1 AND taken_at >= $2 AND taken_at < $3 \
             UNION ALL SELECT reported_at FROM harm_reports WHERE patient_id = $1 AND reported_at >= $2 AND reported_at < $3",
        )
        .bind(patient_id.to_owned())
        .bind(ms(from))
        .bind(ms(to))
        .fetch_all(&mut conn)
        .await?
        .iter()
        .map(|r| ts(r.try_get("at")?))
        .collect::<Result<Vec<Timestamp>>>()?;
        let time = crate::sql::query(format!(
            "{SELECT} WHERE t.patient_id = $1 AND t.local_date >= $2 AND t.local_date <= $3 ORDER BY t.local_date, t.recorded_at"
        ))
        .bind(patient_id.to_owned())
        .bind(first.to_string())
        .bind(last.to_string())
        .fetch_all(&mut conn)
        .await?
        .iter()
        .map(entry)
        .collect::<Result<Vec<_>>>()?;
        Ok(MonthData { session_dates, other_data, time })
    }
}
