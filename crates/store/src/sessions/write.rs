//! The SQL that writes sessions: the batched inserts of the group-commit writer and the later
//! check of a stored session.

use super::{ExerciseDone, Finish, Finished};
use crate::error::classify;
use crate::{Result, Store, StoreError, ms};
use jiff::Timestamp;
use sciatica_core::{Level, Pain, Response};

/// A later check can reach a session this long after it ended (the next session start).
const LATE_WINDOW_MS: i64 = sciatica_core::history::LATE_WINDOW.as_millis() as i64;

const SESSION_COLUMNS: &str = "id, patient_id, program_id, slot, local_date, started_at, ended_at, \
    leg_pain_before, leg_pain_after, back_pain_before, back_pain_after, left_before, left_after, left_later, \
    right_before, right_after, right_later, walking_minutes, sitting_minutes, cannot_cope, stopped, \
    regression_applied, notes, created_at";
const EXERCISE_COLUMNS: &str = "session_id, position, exercise_id, sets_done, reps_done, hold_seconds, seconds_done, completed, response";

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
pub(crate) async fn insert_batch(tx: &mut crate::sql::Tx, sessions: &[&Finish]) -> Result<()> {
    let now = ms(Timestamp::now());
    for chunk in sessions.chunks(32) {
        let sql = format!("INSERT INTO sessions ({SESSION_COLUMNS}) VALUES {}", values(chunk.len(), 24));
        let mut q = crate::sql::query(sql);
        for f in chunk {
            let s = &f.session;
            q = q
                .bind(s.id.clone())
                .bind(f.patient_id.clone())
                .bind(s.program_id.clone())
                .bind(s.slot.as_str())
                .bind(s.date.to_string())
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
    let rows: Vec<(&str, usize, &ExerciseDone)> = sessions
        .iter()
        .flat_map(|f| f.session.exercises.iter().enumerate().map(move |(i, e)| (f.session.id.as_str(), i, e)))
        .collect();
    for chunk in rows.chunks(100) {
        let sql =
            format!("INSERT INTO session_exercises ({EXERCISE_COLUMNS}) VALUES {}", values(chunk.len(), 9));
        let mut q = crate::sql::query(sql);
        for (session_id, position, e) in chunk {
            q = q
                .bind((*session_id).to_owned())
                .bind(*position as i64)
                .bind(e.id.clone())
                .bind(i64::from(e.sets_done))
                .bind(i64::from(e.reps_done))
                .bind(e.hold_seconds.map(i64::from))
                .bind(e.seconds_done.map(i64::from))
                .bind(i64::from(e.completed))
                .bind(e.response.map(Response::as_str));
        }
        q.execute(&mut **tx).await.map_err(classify)?;
    }
    for f in sessions {
        let s = &f.session;
        if s.left.pre.is_none() && s.right.pre.is_none() {
            continue;
        }
        crate::sql::query(
            "UPDATE sessions SET left_later = COALESCE(left_later, $1), right_later = COALESCE(right_later, $2) \
             WHERE id = (SELECT id FROM sessions WHERE patient_id = $3 AND started_at < $4 AND ended_at >= $5 \
             ORDER BY started_at DESC LIMIT 1)",
        )
        .bind(lv(s.left.pre))
        .bind(lv(s.right.pre))
        .bind(f.patient_id.clone())
        .bind(ms(s.started_at))
        .bind(ms(s.started_at) - LATE_WINDOW_MS)
        .execute(&mut **tx)
        .await
        .map_err(classify)?;
    }
    Ok(())
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
        let done = crate::sql::query(
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
