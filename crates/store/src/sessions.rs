//! Logged sessions and the exercises done in them.

use crate::error::classify;
pub use crate::writer::{Finish, Finished};
use crate::{Result, Store, StoreError, ms, new_id, parse, ts};
use jiff::Timestamp;
use jiff::civil::Date;
use sciatica_core::guided::Draft;
use sciatica_core::history::{ExerciseDone, SessionRecord, SideLevels};
use sciatica_core::{Level, Pain, Response, Slot};
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

/// An exercise as logged in a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExerciseLog {
    /// Exercise slug.
    pub exercise_id: String,
    /// Rounds done.
    pub sets_done: u32,
    /// Repetitions (or holds) done in all.
    pub reps_done: u32,
    /// Seconds each hold lasted, for a hold exercise.
    pub hold_seconds: Option<u32>,
    /// The planned dose was finished.
    pub completed: bool,
    /// What it did to the leg symptoms.
    pub response: Option<Response>,
}

/// A session to log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewSession {
    /// Id, chosen when the session is built.
    pub id: String,
    /// The person.
    pub patient_id: String,
    /// The programme followed.
    pub program_id: Option<String>,
    /// The slot.
    pub slot: Slot,
    /// The person's local date.
    pub local_date: Date,
    /// Start.
    pub started_at: Timestamp,
    /// End.
    pub ended_at: Timestamp,
    /// Leg pain before.
    pub leg_pain_before: Option<Pain>,
    /// Leg pain after.
    pub leg_pain_after: Option<Pain>,
    /// Back pain before.
    pub back_pain_before: Option<Pain>,
    /// Back pain after.
    pub back_pain_after: Option<Pain>,
    /// Left leg: most distal level before, after and later.
    #[serde(skip)]
    pub left: SideLevels,
    /// Right leg.
    #[serde(skip)]
    pub right: SideLevels,
    /// Minutes of walking before leg symptoms start.
    pub walking_minutes: Option<u32>,
    /// Minutes of sitting tolerated.
    pub sitting_minutes: Option<u32>,
    /// "Is the pain more than you can cope with?" answered yes.
    pub cannot_cope: bool,
    /// Stopped by a stop rule.
    pub stopped: bool,
    /// A regression was in force.
    pub regression_applied: bool,
    /// Free-text notes.
    pub notes: Option<String>,
    /// The exercises, in order.
    pub exercises: Vec<ExerciseLog>,
}

impl NewSession {
    /// A session with a fresh id and nothing recorded yet.
    pub fn new(patient_id: &str, slot: Slot, local_date: Date, started_at: Timestamp) -> NewSession {
        NewSession {
            id: new_id(),
            patient_id: patient_id.to_owned(),
            program_id: None,
            slot,
            local_date,
            started_at,
            ended_at: started_at,
            leg_pain_before: None,
            leg_pain_after: None,
            back_pain_before: None,
            back_pain_after: None,
            left: SideLevels::default(),
            right: SideLevels::default(),
            walking_minutes: None,
            sitting_minutes: None,
            cannot_cope: false,
            stopped: false,
            regression_applied: false,
            notes: None,
            exercises: Vec::new(),
        }
    }

    /// The session a finished guided draft describes, ending at `ended_at`.
    pub fn from_draft(patient_id: &str, d: &Draft, ended_at: Timestamp) -> Result<NewSession> {
        let pain = |field: &str, v: Option<u8>| {
            v.map(|p| Pain::new(i64::from(p)))
                .transpose()
                .map_err(|e| StoreError::Invalid { field: field.to_owned(), problem: e.to_string() })
        };
        let level = |field: &str, v: Option<u8>| {
            v.map(|l| Level::new(i64::from(l)))
                .transpose()
                .map_err(|e| StoreError::Invalid { field: field.to_owned(), problem: e.to_string() })
        };
        let mut s = NewSession::new(patient_id, d.slot, d.date, d.started_at);
        if !d.id.is_empty() {
            s.id.clone_from(&d.id);
        }
        s.program_id.clone_from(&d.program_id);
        s.ended_at = ended_at;
        s.leg_pain_before = pain("leg_pain_before", d.leg_pain_before)?;
        s.back_pain_before = pain("back_pain_before", d.back_pain_before)?;
        s.leg_pain_after = pain("leg_pain_after", d.leg_pain_after)?;
        s.back_pain_after = pain("back_pain_after", d.back_pain_after)?;
        s.left = SideLevels {
            pre: level("left_before", d.left_before)?,
            post: level("left_after", d.left_after)?,
            late: None,
        };
        s.right = SideLevels {
            pre: level("right_before", d.right_before)?,
            post: level("right_after", d.right_after)?,
            late: None,
        };
        s.walking_minutes = d.walking_minutes;
        s.sitting_minutes = d.sitting_minutes;
        s.cannot_cope = d.cannot_cope;
        s.stopped = d.stopped.is_some();
        s.regression_applied = d.regression_applied;
        s.exercises = d
            .exercises
            .iter()
            .map(|e| ExerciseLog {
                exercise_id: e.id.clone(),
                sets_done: e.sets_done,
                reps_done: e.reps_done,
                hold_seconds: e.hold_seconds,
                completed: e.completed,
                response: e.response,
            })
            .collect();
        Ok(s)
    }
}

impl NewSession {
    /// What the progression engine reads of it, with instants as they are stored (to the
    /// millisecond).
    pub fn record(&self) -> SessionRecord {
        let stored = |t: Timestamp| Timestamp::from_millisecond(t.as_millisecond()).unwrap_or(t);
        SessionRecord {
            id: self.id.clone(),
            started_at: stored(self.started_at),
            ended_at: stored(self.ended_at),
            date: self.local_date,
            slot: self.slot,
            leg_pain_before: self.leg_pain_before,
            leg_pain_after: self.leg_pain_after,
            back_pain_before: self.back_pain_before,
            back_pain_after: self.back_pain_after,
            left: self.left,
            right: self.right,
            exercises: self
                .exercises
                .iter()
                .map(|e| ExerciseDone {
                    id: e.exercise_id.clone(),
                    completed: e.completed,
                    response: e.response,
                })
                .collect(),
            walking_minutes: self.walking_minutes,
            sitting_minutes: self.sitting_minutes,
            cannot_cope: self.cannot_cope,
            stopped: self.stopped,
            regression_applied: self.regression_applied,
        }
    }

    /// The same session as `other` in everything the person said (a retried request): the
    /// later checks, filled in by later sessions, and what the server added are not compared.
    pub fn same_as(&self, other: &NewSession) -> bool {
        let said = |s: &NewSession| {
            let mut r = s.record();
            r.left.late = None;
            r.right.late = None;
            r.regression_applied = false;
            (r, s.notes.clone(), s.exercises.clone())
        };
        said(self) == said(other)
    }
}

/// A stored session as it was sent, to compare a retry with.
pub(crate) async fn stored_as_new(
    conn: &mut sqlx::AnyConnection,
    patient_id: &str,
    id: &str,
) -> Result<Option<NewSession>> {
    let rows = sqlx::query(AssertSqlSafe(format!("SELECT {SELECT_COLUMNS} FROM sessions WHERE id = $1")))
        .bind(id.to_owned())
        .fetch_all(&mut *conn)
        .await?;
    let Some(s) = with_exercises(conn, rows).await?.pop() else { return Ok(None) };
    let r = s.record;
    Ok(Some(NewSession {
        id: s.id,
        patient_id: patient_id.to_owned(),
        program_id: s.program_id,
        slot: r.slot,
        local_date: r.date,
        started_at: r.started_at,
        ended_at: r.ended_at,
        leg_pain_before: r.leg_pain_before,
        leg_pain_after: r.leg_pain_after,
        back_pain_before: r.back_pain_before,
        back_pain_after: r.back_pain_after,
        left: r.left,
        right: r.right,
        walking_minutes: r.walking_minutes,
        sitting_minutes: r.sitting_minutes,
        cannot_cope: r.cannot_cope,
        stopped: r.stopped,
        regression_applied: r.regression_applied,
        notes: s.notes,
        exercises: s.exercises,
    }))
}

/// A stored session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// Id.
    pub id: String,
    /// The programme followed.
    pub program_id: Option<String>,
    /// When it ended.
    pub ended_at: Timestamp,
    /// Notes.
    pub notes: Option<String>,
    /// The exercises as logged.
    pub exercises: Vec<ExerciseLog>,
    /// What the progression engine reads.
    pub record: SessionRecord,
}

/// A later check can reach a session this long after it ended (the next session start).
const LATE_WINDOW_MS: i64 = sciatica_core::history::LATE_WINDOW.as_millis() as i64;

const SESSION_COLUMNS: &str = "id, patient_id, program_id, slot, local_date, started_at, ended_at, \
    leg_pain_before, leg_pain_after, back_pain_before, back_pain_after, left_before, left_after, left_later, \
    right_before, right_after, right_later, walking_minutes, sitting_minutes, cannot_cope, stopped, \
    regression_applied, notes, created_at";
const EXERCISE_COLUMNS: &str =
    "session_id, position, exercise_id, sets_done, reps_done, hold_seconds, completed, response";

/// `($1, $2, …), (…)` for `rows` rows of `cols` columns.
fn values(rows: usize, cols: usize) -> String {
    (0..rows)
        .map(|r| {
            let params: Vec<String> = (1..=cols).map(|c| format!("${}", r * cols + c)).collect();
            format!("({})", params.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn lv(l: Option<Level>) -> Option<i64> {
    l.map(|l| i64::from(l.get()))
}

fn pn(p: Option<Pain>) -> Option<i64> {
    p.map(|p| i64::from(p.get()))
}

/// Inserts sessions with their exercises in one transaction (multi-row INSERTs), and fills the
/// `later` levels of each person's previous session from this session's `before` levels.
pub(crate) async fn insert_batch(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    sessions: &[&NewSession],
) -> Result<()> {
    let now = ms(Timestamp::now());
    for chunk in sessions.chunks(32) {
        let sql = format!("INSERT INTO sessions ({SESSION_COLUMNS}) VALUES {}", values(chunk.len(), 24));
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for s in chunk {
            q = q
                .bind(s.id.clone())
                .bind(s.patient_id.clone())
                .bind(s.program_id.clone())
                .bind(s.slot.as_str())
                .bind(s.local_date.to_string())
                .bind(ms(s.started_at))
                .bind(ms(s.ended_at))
                .bind(pn(s.leg_pain_before))
                .bind(pn(s.leg_pain_after))
                .bind(pn(s.back_pain_before))
                .bind(pn(s.back_pain_after))
                .bind(lv(s.left.pre))
                .bind(lv(s.left.post))
                .bind(lv(s.left.late))
                .bind(lv(s.right.pre))
                .bind(lv(s.right.post))
                .bind(lv(s.right.late))
                .bind(s.walking_minutes.map(i64::from))
                .bind(s.sitting_minutes.map(i64::from))
                .bind(i64::from(s.cannot_cope))
                .bind(i64::from(s.stopped))
                .bind(i64::from(s.regression_applied))
                .bind(s.notes.clone())
                .bind(now);
        }
        q.execute(&mut **tx).await.map_err(classify)?;
    }
    let rows: Vec<(&str, usize, &ExerciseLog)> = sessions
        .iter()
        .flat_map(|s| s.exercises.iter().enumerate().map(move |(i, e)| (s.id.as_str(), i, e)))
        .collect();
    for chunk in rows.chunks(128) {
        let sql =
            format!("INSERT INTO session_exercises ({EXERCISE_COLUMNS}) VALUES {}", values(chunk.len(), 8));
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for (session_id, position, e) in chunk {
            q = q
                .bind((*session_id).to_owned())
                .bind(*position as i64)
                .bind(e.exercise_id.clone())
                .bind(i64::from(e.sets_done))
                .bind(i64::from(e.reps_done))
                .bind(e.hold_seconds.map(i64::from))
                .bind(i64::from(e.completed))
                .bind(e.response.map(Response::as_str));
        }
        q.execute(&mut **tx).await.map_err(classify)?;
    }
    for s in sessions {
        if s.left.pre.is_none() && s.right.pre.is_none() {
            continue;
        }
        sqlx::query(
            "UPDATE sessions SET left_later = COALESCE(left_later, $1), right_later = COALESCE(right_later, $2) \
             WHERE id = (SELECT id FROM sessions WHERE patient_id = $3 AND started_at < $4 AND ended_at >= $5 \
             ORDER BY started_at DESC LIMIT 1)",
        )
        .bind(lv(s.left.pre))
        .bind(lv(s.right.pre))
        .bind(s.patient_id.clone())
        .bind(ms(s.started_at))
        .bind(ms(s.started_at) - LATE_WINDOW_MS)
        .execute(&mut **tx)
        .await
        .map_err(classify)?;
    }
    Ok(())
}

fn get_opt(row: &AnyRow, col: &str) -> Result<Option<i64>> {
    Ok(row.try_get::<Option<i64>, _>(col)?)
}

fn pain(row: &AnyRow, col: &str) -> Result<Option<Pain>> {
    get_opt(row, col)?
        .map(|v| Pain::new(v).map_err(|e| StoreError::Corrupt(format!("{col}: {e}"))))
        .transpose()
}

fn level(row: &AnyRow, col: &str) -> Result<Option<Level>> {
    get_opt(row, col)?
        .map(|v| Level::new(v).map_err(|e| StoreError::Corrupt(format!("{col}: {e}"))))
        .transpose()
}

fn minutes(row: &AnyRow, col: &str) -> Result<Option<u32>> {
    Ok(get_opt(row, col)?.map(|v| u32::try_from(v).unwrap_or(0)))
}

fn session_from_row(row: &AnyRow) -> Result<Session> {
    let flag = |col: &str| -> Result<bool> { Ok(row.try_get::<i64, _>(col)? == 1) };
    let local_date: String = row.try_get("local_date")?;
    let slot: String = row.try_get("slot")?;
    let ended_at = ts(row.try_get("ended_at")?)?;
    let id: String = row.try_get("id")?;
    let record = SessionRecord {
        id: id.clone(),
        started_at: ts(row.try_get("started_at")?)?,
        ended_at,
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
    };
    Ok(Session {
        id,
        program_id: row.try_get("program_id")?,
        ended_at,
        notes: row.try_get("notes")?,
        exercises: Vec::new(),
        record,
    })
}

const SELECT_COLUMNS: &str = "id, program_id, slot, local_date, started_at, ended_at, leg_pain_before, \
    leg_pain_after, back_pain_before, back_pain_after, left_before, left_after, left_later, right_before, \
    right_after, right_later, walking_minutes, sitting_minutes, cannot_cope, stopped, regression_applied, notes";

/// The person's sessions that started at or after `since`, oldest first, with exercises.
pub(crate) async fn sessions_since(
    conn: &mut sqlx::AnyConnection,
    patient_id: &str,
    since: Timestamp,
) -> Result<Vec<Session>> {
    let rows = sqlx::query(AssertSqlSafe(format!(
        "SELECT {SELECT_COLUMNS} FROM sessions WHERE patient_id = $1 AND started_at >= $2 ORDER BY started_at, id"
    )))
    .bind(patient_id.to_owned())
    .bind(ms(since))
    .fetch_all(&mut *conn)
    .await?;
    with_exercises(conn, rows).await
}

/// The sessions of `rows` with their exercises (one query for all of them).
async fn with_exercises(conn: &mut sqlx::AnyConnection, rows: Vec<AnyRow>) -> Result<Vec<Session>> {
    let mut sessions = rows.iter().map(session_from_row).collect::<Result<Vec<_>>>()?;
    if sessions.is_empty() {
        return Ok(sessions);
    }
    let params: Vec<String> = (1..=sessions.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT session_id, position, exercise_id, sets_done, reps_done, hold_seconds, completed, response \
         FROM session_exercises WHERE session_id IN ({}) ORDER BY session_id, position",
        params.join(", ")
    );
    let mut q = sqlx::query(AssertSqlSafe(sql));
    for s in &sessions {
        q = q.bind(s.id.clone());
    }
    let ex_rows = q.fetch_all(&mut *conn).await?;
    let mut by_session: std::collections::HashMap<String, Vec<ExerciseLog>> =
        std::collections::HashMap::new();
    for row in &ex_rows {
        let id: String = row.try_get("session_id")?;
        by_session.entry(id).or_default().push(exercise_from_row(row)?);
    }
    for s in &mut sessions {
        let logs = by_session.remove(&s.id).unwrap_or_default();
        s.record.exercises = logs
            .iter()
            .map(|e| ExerciseDone { id: e.exercise_id.clone(), completed: e.completed, response: e.response })
            .collect();
        s.exercises = logs;
    }
    Ok(sessions)
}

fn exercise_from_row(row: &AnyRow) -> Result<ExerciseLog> {
    let response: Option<String> = row.try_get("response")?;
    Ok(ExerciseLog {
        exercise_id: row.try_get("exercise_id")?,
        sets_done: u32::try_from(row.try_get::<i64, _>("sets_done")?).unwrap_or(0),
        reps_done: u32::try_from(row.try_get::<i64, _>("reps_done")?).unwrap_or(0),
        hold_seconds: minutes(row, "hold_seconds")?,
        completed: row.try_get::<i64, _>("completed")? == 1,
        response: response
            .map(|r| Response::parse(&r).ok_or_else(|| StoreError::Corrupt(format!("response `{r}`"))))
            .transpose()?,
    })
}

impl Store {
    /// Stores a finished session through the group-commit writer, in one transaction with the
    /// person's record, the alerts it raised and (when asked) the removal of their draft;
    /// returns once that is durably committed. Sending the same session again under its id
    /// stores nothing ([`Finished::Again`]); another session under a stored id is a conflict.
    pub async fn finish_session(
        &self,
        content: &'static sciatica_core::Content,
        finish: Finish,
    ) -> Result<Finished> {
        self.writer.finish(content, finish).await
    }

    /// The person's sessions that started at or after `since`, oldest first, with exercises.
    pub async fn sessions_since(&self, patient_id: &str, since: Timestamp) -> Result<Vec<Session>> {
        let mut conn = self.pool.acquire().await?;
        sessions_since(&mut conn, patient_id, since).await
    }

    /// One session of the person.
    pub async fn session(&self, patient_id: &str, id: &str) -> Result<Session> {
        let mut conn = self.pool.acquire().await?;
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {SELECT_COLUMNS} FROM sessions WHERE patient_id = $1 AND id = $2"
        )))
        .bind(patient_id.to_owned())
        .bind(id.to_owned())
        .fetch_all(&mut *conn)
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
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {SELECT_COLUMNS} FROM sessions WHERE patient_id = $1 AND started_at < $2 \
             ORDER BY started_at DESC, id DESC LIMIT $3"
        )))
        .bind(patient_id.to_owned())
        .bind(before.map_or(i64::MAX, ms))
        .bind(i64::from(limit))
        .fetch_all(&mut *conn)
        .await?;
        with_exercises(&mut conn, rows).await
    }

    /// Every session of the person, oldest first.
    pub async fn sessions(&self, patient_id: &str) -> Result<Vec<Session>> {
        self.sessions_since(patient_id, Timestamp::MIN).await
    }

    /// Records a later check of the most distal levels for a session that has none yet; the
    /// person's record is folded again from the history in the same transaction (the check
    /// changes that session's class).
    pub async fn set_later(
        &self,
        patient_id: &str,
        session_id: &str,
        left: Option<Level>,
        right: Option<Level>,
    ) -> Result<()> {
        let patient = self.patient(patient_id).await?;
        let mut tx = self.pool.begin().await?;
        crate::records::lock(&mut tx, &[patient_id]).await?;
        let done = sqlx::query(
            "UPDATE sessions SET left_later = COALESCE($1, left_later), right_later = COALESCE($2, right_later) \
             WHERE id = $3 AND patient_id = $4",
        )
        .bind(lv(left))
        .bind(lv(right))
        .bind(session_id.to_owned())
        .bind(patient_id.to_owned())
        .execute(&mut *tx)
        .await
        .map_err(classify)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        let record = crate::records::rebuild(&mut tx, &patient).await?;
        crate::records::put(&mut tx, patient_id, &record, Timestamp::now()).await?;
        tx.commit().await?;
        Ok(())
    }
}
