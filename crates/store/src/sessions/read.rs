//! The SQL that reads sessions back: rows to [`Session`]s with their exercises, and the
//! [`Store`] queries over them.

use super::{ExerciseDone, Session};
use crate::sql::Row;
use crate::{Result, Store, StoreError, ms, parse, ts};
use jiff::Timestamp;
use sciatica_core::history::SideLevels;
use sciatica_core::{Level, Pain, Response};
use std::collections::HashMap;

/// The stored session under `id`, with the person it belongs to, to compare a retry with.
pub(crate) async fn stored(conn: &mut crate::sql::Conn, id: &str) -> Result<Option<(String, Session)>> {
    let rows = crate::sql::query(format!("SELECT patient_id, {SELECT_COLUMNS} FROM sessions WHERE id = $1"))
        .bind(id.to_owned())
        .fetch_all(&mut *conn)
        .await?;
    let Some(patient_id) = rows.first().map(|r| r.try_get::<String, _>("patient_id")).transpose()? else {
        return Ok(None);
    };
    Ok(with_exercises(conn, rows).await?.pop().map(|s| (patient_id, s)))
}

fn get_opt(row: &Row, col: &str) -> Result<Option<i64>> {
    Ok(row.try_get::<Option<i64>, _>(col)?)
}

fn pain(row: &Row, col: &str) -> Result<Option<Pain>> {
    get_opt(row, col)?
        .map(|v| Pain::new(v).map_err(|e| StoreError::Corrupt(format!("{col}: {e}"))))
        .transpose()
}

fn level(row: &Row, col: &str) -> Result<Option<Level>> {
    get_opt(row, col)?
        .map(|v| Level::new(v).map_err(|e| StoreError::Corrupt(format!("{col}: {e}"))))
        .transpose()
}

fn minutes(row: &Row, col: &str) -> Result<Option<u32>> {
    Ok(get_opt(row, col)?.map(|v| u32::try_from(v).unwrap_or(0)))
}

fn session_from_row(row: &Row) -> Result<Session> {
    let flag = |col: &str| -> Result<bool> { Ok(row.try_get::<i64, _>(col)? == 1) };
    let local_date: String = row.try_get("local_date")?;
    let slot: String = row.try_get("slot")?;
    Ok(Session {
        id: row.try_get("id")?,
        program_id: row.try_get("program_id")?,
        started_at: ts(row.try_get("started_at")?)?,
        ended_at: ts(row.try_get("ended_at")?)?,
        date: parse("local_date", &local_date)?,
        slot: parse("slot", &slot)?,
        leg_pain_before: pain(row, "leg_pain_before")?,
        leg_pain_after: pain(row, "leg_pain_after")?,
        back_pain_before: pain(row, "back_pain_before")?,
        back_pain_after: pain(row, "back_pain_after")?,
        left: SideLevels {
            pre: level(row, "left_before")?,
            post: level(row, "left_after")?,
            late: level(row, "left_later")?,
        },
        right: SideLevels {
            pre: level(row, "right_before")?,
            post: level(row, "right_after")?,
            late: level(row, "right_later")?,
        },
        exercises: Vec::new(),
        walking_minutes: minutes(row, "walking_minutes")?,
        sitting_minutes: minutes(row, "sitting_minutes")?,
        cannot_cope: flag("cannot_cope")?,
        stopped: flag("stopped")?,
        regression_applied: flag("regression_applied")?,
        notes: row.try_get("notes")?,
    })
}

const SELECT_COLUMNS: &str = "id, program_id, slot, local_date, started_at, ended_at, leg_pain_before, \
    leg_pain_after, back_pain_before, back_pain_after, left_before, left_after, left_later, right_before, \
    right_after, right_later, walking_minutes, sitting_minutes, cannot_cope, stopped, regression_applied, notes";

/// The person's sessions that started at or after `since`, oldest first, with exercises.
pub(crate) async fn sessions_since(
    conn: &mut crate::sql::Conn,
    patient_id: &str,
    since: Timestamp,
) -> Result<Vec<Session>> {
    let rows = crate::sql::query(format!(
        "SELECT {SELECT_COLUMNS} FROM sessions WHERE patient_id = $1 AND started_at >= $2 ORDER BY started_at, id"
    ))
    .bind(patient_id.to_owned())
    .bind(ms(since))
    .fetch_all(&mut *conn)
    .await?;
    with_exercises(conn, rows).await
}

/// The stored sessions the logs of these records hold in full (see
/// `sciatica_core::history::Log::refill`), by person, oldest first, with exercises: at most each
/// window's days, read by index, in two queries for all of them.
pub(crate) async fn windows(
    conn: &mut crate::sql::Conn,
    asked: &[(&str, sciatica_core::history::Window)],
) -> Result<HashMap<String, Vec<Session>>> {
    let mut out: HashMap<String, Vec<Session>> = HashMap::new();
    for chunk in asked.chunks(100) {
        let values: Vec<String> =
            (0..chunk.len()).map(|i| format!("(${}, ${}, ${})", i * 3 + 1, i * 3 + 2, i * 3 + 3)).collect();
        let columns = SELECT_COLUMNS.split(", ").map(|c| format!("s.{c}")).collect::<Vec<_>>().join(", ");
        let mut q = crate::sql::query(format!(
            "WITH w (patient_id, after, since) AS (VALUES {}) SELECT s.patient_id, {columns} FROM w \
             JOIN sessions s ON s.patient_id = w.patient_id AND s.started_at > w.after AND s.local_date >= w.since \
             ORDER BY s.patient_id, s.started_at, s.id",
            values.join(", ")
        ));
        for (id, w) in chunk {
            q = q.bind((*id).to_owned()).bind(w.after.map_or(i64::MIN, ms)).bind(w.since.to_string());
        }
        let rows = q.fetch_all(&mut *conn).await?;
        let owners: Vec<String> = rows.iter().map(|r| r.try_get("patient_id")).collect::<Result<_, _>>()?;
        for (owner, s) in owners.into_iter().zip(with_exercises(conn, rows).await?) {
            out.entry(owner).or_default().push(s);
        }
    }
    Ok(out)
}

/// The sessions of `rows` with their exercises (one query for all of them).
async fn with_exercises(conn: &mut crate::sql::Conn, rows: Vec<Row>) -> Result<Vec<Session>> {
    let mut sessions = rows.iter().map(session_from_row).collect::<Result<Vec<_>>>()?;
    if sessions.is_empty() {
        return Ok(sessions);
    }
    let params: Vec<String> = (1..=sessions.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT session_id, position, exercise_id, sets_done, reps_done, hold_seconds, seconds_done, completed, response \
         FROM session_exercises WHERE session_id IN ({}) ORDER BY session_id, position",
        params.join(", ")
    );
    let mut q = crate::sql::query(sql);
    for s in &sessions {
        q = q.bind(s.id.clone());
    }
    let ex_rows = q.fetch_all(&mut *conn).await?;
    let mut by_session: HashMap<String, Vec<ExerciseDone>> = HashMap::new();
    for row in &ex_rows {
        let id: String = row.try_get("session_id")?;
        by_session.entry(id).or_default().push(exercise_from_row(row)?);
    }
    for s in &mut sessions {
        s.exercises = by_session.remove(&s.id).unwrap_or_default();
    }
    Ok(sessions)
}

fn exercise_from_row(row: &Row) -> Result<ExerciseDone> {
    let response: Option<String> = row.try_get("response")?;
    Ok(ExerciseDone {
        id: row.try_get("exercise_id")?,
        sets_done: u32::try_from(row.try_get::<i64, _>("sets_done")?).unwrap_or(0),
        reps_done: u32::try_from(row.try_get::<i64, _>("reps_done")?).unwrap_or(0),
        hold_seconds: minutes(row, "hold_seconds")?,
        seconds_done: minutes(row, "seconds_done")?,
        completed: row.try_get::<i64, _>("completed")? == 1,
        response: response
            .map(|r| Response::parse(&r).ok_or_else(|| StoreError::Corrupt(format!("response `{r}`"))))
            .transpose()?,
    })
}

impl Store {
    /// The person's sessions that started at or after `since`, oldest first, with exercises.
    pub async fn sessions_since(&self, patient_id: &str, since: Timestamp) -> Result<Vec<Session>> {
        let mut conn = self.pool.acquire().await?;
        sessions_since(&mut conn, patient_id, since).await
    }

    /// One session of the person.
    pub async fn session(&self, patient_id: &str, id: &str) -> Result<Session> {
        let mut conn = self.pool.acquire().await?;
        let rows = crate::sql::query(format!(
            "SELECT {SELECT_COLUMNS} FROM sessions WHERE patient_id = $1 AND id = $2"
        ))
        .bind(patient_id.to_owned())
        .bind(id.to_owned())
        .fetch_all(&mut conn)
        .await?;
        with_exercises(&mut conn, rows).await?.pop().ok_or(StoreError::NotFound)
    }

    /// The person's newest sessions (at most `limit`, started before `before` when given),
    /// newest first.
    pub async fn newest_sessions(
        &self,
        patient_id: &str,
        limit: u32,
        before: Option<Timestamp>,
    ) -> Result<Vec<Session>> {
        let mut conn = self.pool.acquire().await?;
        let rows = crate::sql::query(format!(
            "SELECT {SELECT_COLUMNS} FROM sessions WHERE patient_id = $1 AND started_at < $2 \
             ORDER BY started_at DESC, id DESC LIMIT $3"
        ))
        .bind(patient_id.to_owned())
        .bind(before.map_or(i64::MAX, ms))
        .bind(i64::from(limit))
        .fetch_all(&mut conn)
        .await?;
        with_exercises(&mut conn, rows).await
    }

    /// Every session of the person, oldest first.
    pub async fn sessions(&self, patient_id: &str) -> Result<Vec<Session>> {
        self.sessions_since(patient_id, Timestamp::MIN).await
    }
}
