//! People using the product: name, time zone and preferred session times.

use crate::error::classify;
use crate::sql::Row;
use crate::{Result, Store, StoreError, ms, new_id, ts};
use jiff::Timestamp;
use jiff::civil::Time;
use sciatica_core::FieldError;
use sciatica_core::schedule::{Schedule, parse_time, parse_tz};
use serde::Serialize;

/// A person's profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Patient {
    /// Id.
    pub id: String,
    /// What to call them, if they said.
    pub display_name: Option<String>,
    /// IANA time zone.
    pub time_zone: String,
    /// Preferred morning session time (HH:MM).
    pub morning: String,
    /// Preferred evening session time (HH:MM).
    pub evening: String,
    /// When the profile was made.
    pub created_at: Timestamp,
}

/// A checked profile to save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    display_name: Option<String>,
    time_zone: String,
    morning: Time,
    evening: Time,
}

impl Profile {
    /// Checks a profile: the name (at most 100 characters), the time zone and the two times.
    pub fn new(
        display_name: Option<&str>,
        time_zone: &str,
        morning: &str,
        evening: &str,
    ) -> Result<Profile, FieldError> {
        let display_name = display_name.map(str::trim).filter(|n| !n.is_empty()).map(str::to_owned);
        if display_name.as_ref().is_some_and(|n| n.chars().count() > 100) {
            return Err(FieldError::new("name", "is too long; allowed: up to 100 characters"));
        }
        let tz = parse_tz(time_zone)?;
        let morning = parse_time("morning", morning)?;
        let evening = parse_time("evening", evening)?;
        Schedule::new(tz, morning, evening)?;
        Ok(Profile { display_name, time_zone: time_zone.to_owned(), morning, evening })
    }
}

fn hhmm(t: Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// A profile, inside a transaction or on a connection.
pub(crate) async fn get(conn: &mut crate::sql::Conn, id: &str) -> Result<Patient> {
    let row = crate::sql::query(
        "SELECT id, display_name, time_zone, morning_time, evening_time, created_at FROM patients WHERE id = $1",
    )
    .bind(id.to_owned())
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(from_row).transpose()?.ok_or(StoreError::NotFound)
}

pub(crate) fn from_row(row: &Row) -> Result<Patient> {
    Ok(Patient {
        id: row.try_get("id")?,
        display_name: row.try_get("display_name")?,
        time_zone: row.try_get("time_zone")?,
        morning: row.try_get("morning_time")?,
        evening: row.try_get("evening_time")?,
        created_at: ts(row.try_get("created_at")?)?,
    })
}

impl Patient {
    /// The person's schedule.
    pub fn schedule(&self) -> Result<Schedule> {
        let bad = |e: FieldError| StoreError::Corrupt(e.to_string());
        Schedule::new(
            parse_tz(&self.time_zone).map_err(bad)?,
            parse_time("morning", &self.morning).map_err(bad)?,
            parse_time("evening", &self.evening).map_err(bad)?,
        )
        .map_err(bad)
    }
}

/// Inserts a profile inside a transaction; returns its id.
pub(crate) async fn insert(tx: &mut crate::sql::Tx, p: &Profile, at: Timestamp) -> Result<String> {
    let id = new_id();
    crate::sql::query(
        "INSERT INTO patients (id, display_name, time_zone, morning_time, evening_time, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6)",
    )
    .bind(id.clone())
    .bind(p.display_name.clone())
    .bind(p.time_zone.clone())
    .bind(hhmm(p.morning))
    .bind(hhmm(p.evening))
    .bind(ms(at))
    .execute(&mut **tx)
    .await
    .map_err(classify)?;
    Ok(id)
}

impl Store {
    /// Creates a profile.
    pub async fn create_patient(&self, p: &Profile, at: Timestamp) -> Result<Patient> {
        let mut tx = self.pool.begin().await?;
        let id = insert(&mut tx, p, at).await?;
        tx.commit().await?;
        self.patient(&id).await
    }

    /// Changes a profile.
    pub async fn update_patient(&self, id: &str, p: &Profile) -> Result<Patient> {
        let done = crate::sql::query(
            "UPDATE patients SET display_name = $1, time_zone = $2, morning_time = $3, evening_time = $4, updated_at = $5 \
             WHERE id = $6",
        )
        .bind(p.display_name.clone())
        .bind(p.time_zone.clone())
        .bind(hhmm(p.morning))
        .bind(hhmm(p.evening))
        .bind(ms(Timestamp::now()))
        .bind(id.to_owned())
        .execute(&self.pool)
        .await
        .map_err(classify)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        self.patient(id).await
    }

    /// A profile by id.
    pub async fn patient(&self, id: &str) -> Result<Patient> {
        let mut conn = self.pool.acquire().await?;
        get(&mut conn, id).await
    }

    /// The profile of a local, single-person database (the oldest one).
    pub async fn local_patient(&self) -> Result<Option<Patient>> {
        let row = crate::sql::query(
            "SELECT id, display_name, time_zone, morning_time, evening_time, created_at FROM patients \
             ORDER BY created_at, id LIMIT 1",
        )
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(from_row).transpose()
    }
}
