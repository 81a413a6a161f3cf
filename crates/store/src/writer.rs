//! The group-commit writer: finished sessions from every request are committed in batches, one
//! transaction (and one fsync) for many, and each is acknowledged only after its batch committed.
//! In that transaction each session is stored, applied to its person's record (the core runs
//! the history rules at the session's own date), its alerts stored, the person's draft removed
//! and the record written: all of it or none. A batch that fails is retried one session at a
//! time, so one bad session cannot sink the others.

use crate::alerts::Alert;
use crate::sessions::{self, Session};
use crate::sql::{Conn, Pool};
use crate::{Result, StoreError, records};
use jiff::Timestamp;
use sciatica_core::Content;
use sciatica_core::record::Record;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use tokio::sync::{Mutex, mpsc, oneshot};

/// Writes at most this many sessions per transaction.
const BATCH: usize = 64;

/// A finished session to store.
#[derive(Debug, Clone)]
pub struct Finish {
    /// The person.
    pub patient_id: String,
    /// The session, with the id chosen when it started.
    pub session: Session,
    /// The server's clock set the times (and so the date and slot) when the request arrived,
    /// because the client sent no end time: a retry of it arrives later, so they are not compared.
    pub timed_on_arrival: bool,
    /// Remove the person's guided-session draft in the same transaction.
    pub remove_draft: bool,
}

impl Finish {
    /// `session` of `patient_id`, its times as the client gave them, no draft to remove.
    pub fn new(patient_id: &str, session: Session) -> Finish {
        Finish { patient_id: patient_id.to_owned(), session, timed_on_arrival: false, remove_draft: false }
    }
}

/// What finishing a session did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finished {
    /// Stored now, with the alerts it raised.
    Stored(Vec<Alert>),
    /// The same session was stored before under this id: nothing was stored again.
    Again,
}

struct Job {
    content: &'static Content,
    finish: Finish,
    ack: oneshot::Sender<Result<Finished>>,
}

/// A handle to the writer task.
#[derive(Clone)]
pub(crate) struct Writer {
    tx: mpsc::Sender<Job>,
    done: Arc<Mutex<Option<tokio::task::JoinHandle<()>>>>,
}

impl Writer {
    pub(crate) fn start(pool: Pool, cache: Arc<records::Cache>) -> Writer {
        let (tx, rx) = mpsc::channel(1024);
        let handle = tokio::spawn(run(pool, cache, rx));
        Writer { tx, done: Arc::new(Mutex::new(Some(handle))) }
    }

    /// Queues a finished session and waits until it is committed.
    pub(crate) async fn finish(&self, content: &'static Content, finish: Finish) -> Result<Finished> {
        let (ack, wait) = oneshot::channel();
        self.tx.send(Job { content, finish, ack }).await.map_err(|_| StoreError::WriterGone)?;
        wait.await.map_err(|_| StoreError::WriterGone)?
    }

    /// Lets the queue drain and waits for the task to end.
    pub(crate) async fn stop(self) {
        let Writer { tx, done } = self;
        drop(tx);
        if let Some(handle) = done.lock().await.take() {
            // Other clones of the sender may still be alive; do not wait for them for ever.
            let _ = tokio::time::timeout(std::time::Duration::from_secs(5), handle).await;
        }
    }
}

async fn run(pool: Pool, cache: Arc<records::Cache>, mut rx: mpsc::Receiver<Job>) {
    let mut jobs = Vec::with_capacity(BATCH);
    while rx.recv_many(&mut jobs, BATCH).await > 0 {
        let batch: Vec<Job> = std::mem::take(&mut jobs);
        let work: Vec<(&'static Content, &Finish)> = batch.iter().map(|j| (j.content, &j.finish)).collect();
        match commit(&pool, &cache, &work).await {
            Ok(results) => {
                for (job, result) in batch.into_iter().zip(results) {
                    let _ = job.ack.send(result);
                }
            }
            Err(e) if batch.len() == 1 => {
                if let Some(job) = batch.into_iter().next() {
                    let _ = job.ack.send(Err(e));
                }
            }
            Err(_) => {
                for job in batch {
                    let result = commit(&pool, &cache, &[(job.content, &job.finish)]).await;
                    let _ =
                        job.ack.send(result.and_then(|mut r| r.pop().unwrap_or(Err(StoreError::WriterGone))));
                }
            }
        }
    }
}

/// Commits a batch in one transaction. The outer error fails the whole batch; the inner ones
/// are a single session's answer (the same id with another content).
async fn commit(
    pool: &Pool,
    cache: &records::Cache,
    work: &[(&'static Content, &Finish)],
) -> Result<Vec<Result<Finished>>> {
    let mut tx = pool.begin().await.map_err(crate::error::classify)?;
    let patients: BTreeSet<&str> = work.iter().map(|(_, f)| f.patient_id.as_str()).collect();
    let stored = already_stored(&mut tx, work).await?;
    let ids: Vec<&str> = patients.iter().copied().collect();
    let mut found = records::stored_many(&mut tx, &ids, Some(cache)).await?;
    let mut kept: BTreeMap<&str, Record> = BTreeMap::new();
    for p in &patients {
        let record = if let Some((_, r)) = found.remove(*p) {
            r
        } else {
            // No record kept yet (or of another version): the one the history describes.
            let patient = crate::patients::get(&mut tx, p).await.map_err(|e| match e {
                StoreError::NotFound => StoreError::Invalid {
                    field: "patient_id".to_owned(),
                    problem: "refers to a record that does not exist".to_owned(),
                },
                other => other,
            })?;
            records::rebuild(&mut tx, &patient).await?
        };
        kept.insert(p, record);
    }
    let mut results = Vec::with_capacity(work.len());
    let mut to_insert: Vec<&Finish> = Vec::new();
    // The alerts each session raised, by its place in the batch.
    let mut raised: Vec<(usize, &str, sciatica_core::record::Alert)> = Vec::new();
    let mut out_of_order: BTreeSet<&str> = BTreeSet::new();
    for (i, (content, f)) in work.iter().enumerate() {
        let s = &f.session;
        let earlier = stored.get(s.id.as_str()).map(|(p, e)| (p.as_str(), e, false)).or_else(|| {
            let t = to_insert.iter().find(|t| t.session.id == s.id)?;
            Some((t.patient_id.as_str(), &t.session, t.timed_on_arrival))
        });
        if let Some((patient_id, earlier, timed)) = earlier {
            let server_timed = timed || f.timed_on_arrival;
            results.push(if patient_id == f.patient_id && earlier.same_as(s, server_timed) {
                Ok(Finished::Again)
            } else {
                Err(StoreError::Conflict {
                    field: "id".to_owned(),
                    problem: "a different session was already stored under this id".to_owned(),
                })
            });
            continue;
        }
        let record = kept.get_mut(f.patient_id.as_str()).ok_or(StoreError::NotFound)?;
        match record.session_logged(content, s.clone().stored(), &mut crate::new_id) {
            Ok(alerts) => raised.extend(alerts.into_iter().map(|a| (i, f.patient_id.as_str(), a))),
            Err(_) => {
                out_of_order.insert(f.patient_id.as_str());
            }
        }
        to_insert.push(f);
        results.push(Ok(Finished::Stored(Vec::new())));
    }
    sessions::insert_batch(&mut tx, &to_insert).await?;
    for p in &out_of_order {
        // A session older than every session the record keeps in full: the record is folded again
        // from the history (now holding it), and the rules run on each new session's own date.
        let patient = crate::patients::get(&mut tx, p).await?;
        let mut record = records::rebuild(&mut tx, &patient).await?;
        raised.retain(|(_, q, _)| q != p);
        let new = |i: &usize| matches!(results.get(*i), Some(Ok(Finished::Stored(_))));
        for (i, (content, f)) in work.iter().enumerate().filter(|(i, (_, f))| f.patient_id == *p && new(i)) {
            let s = &f.session;
            raised.extend(
                record
                    .rules_on(content, s.date, s.ended_at, &mut crate::new_id)
                    .into_iter()
                    .map(|a| (i, *p, a)),
            );
        }
        kept.insert(p, record);
    }
    for (_, f) in work.iter().filter(|(_, f)| f.remove_draft) {
        crate::sql::query("DELETE FROM session_drafts WHERE patient_id = $1")
            .bind(f.patient_id.clone())
            .execute(&mut *tx)
            .await?;
    }
    for (i, p, a) in &raised {
        let alert = crate::alerts::insert(&mut tx, p, a).await?;
        if let Some(Ok(Finished::Stored(alerts))) = results.get_mut(*i) {
            alerts.push(alert);
        }
    }
    let all: Vec<(&str, &Record)> = kept.iter().map(|(p, r)| (*p, r)).collect();
    let revs = records::put_many(&mut tx, &all, Timestamp::now()).await?;
    tx.commit().await.map_err(crate::error::classify)?;
    for (p, r) in kept {
        if let Some(rev) = revs.get(p) {
            cache.put(p, *rev, Arc::new(r));
        }
    }
    Ok(results)
}

/// The sessions of the batch whose ids are stored already, with the person each belongs to.
async fn already_stored(
    conn: &mut Conn,
    work: &[(&'static Content, &Finish)],
) -> Result<BTreeMap<String, (String, Session)>> {
    let params: Vec<String> = (1..=work.len()).map(|i| format!("${i}")).collect();
    let sql = format!("SELECT id FROM sessions WHERE id IN ({})", params.join(", "));
    let mut q = crate::sql::query(sql);
    for (_, f) in work {
        q = q.bind(f.session.id.clone());
    }
    let rows = q.fetch_all(&mut *conn).await?;
    let mut out = BTreeMap::new();
    for row in rows {
        let id: String = row.try_get("id")?;
        if let Some(s) = sessions::stored(conn, &id).await? {
            out.insert(id, s);
        }
    }
    Ok(out)
}
