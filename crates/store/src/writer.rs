//! The group-commit writer: concurrent session logs are committed in batches, one transaction
//! (and one fsync) for many, and each is acknowledged only after its batch committed. A batch that
//! fails is retried one write at a time, so one bad write cannot sink the others.

use crate::sessions::{self, NewSession};
use crate::{Result, StoreError};
use sqlx::AnyPool;
use std::sync::Arc;
use tokio::sync::{Mutex, mpsc, oneshot};

/// Writes at most this many jobs per transaction.
const BATCH: usize = 64;

struct Job {
    session: NewSession,
    ack: oneshot::Sender<Result<()>>,
}

/// A handle to the writer task.
#[derive(Clone)]
pub(crate) struct Writer {
    tx: mpsc::Sender<Job>,
    done: Arc<Mutex<Option<tokio::task::JoinHandle<()>>>>,
}

impl Writer {
    pub(crate) fn start(pool: AnyPool) -> Writer {
        let (tx, rx) = mpsc::channel(1024);
        let handle = tokio::spawn(run(pool, rx));
        Writer { tx, done: Arc::new(Mutex::new(Some(handle))) }
    }

    /// Queues a session and waits until it is committed.
    pub(crate) async fn write(&self, session: NewSession) -> Result<()> {
        let (ack, wait) = oneshot::channel();
        self.tx.send(Job { session, ack }).await.map_err(|_| StoreError::WriterGone)?;
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

async fn run(pool: AnyPool, mut rx: mpsc::Receiver<Job>) {
    let mut jobs = Vec::with_capacity(BATCH);
    while rx.recv_many(&mut jobs, BATCH).await > 0 {
        let batch: Vec<Job> = std::mem::take(&mut jobs);
        let sessions: Vec<&NewSession> = batch.iter().map(|j| &j.session).collect();
        let result = commit(&pool, &sessions).await;
        match result {
            Ok(()) => {
                for job in batch {
                    let _ = job.ack.send(Ok(()));
                }
            }
            Err(e) if batch.len() == 1 => {
                if let Some(job) = batch.into_iter().next() {
                    let _ = job.ack.send(Err(e));
                }
            }
            Err(_) => {
                for job in batch {
                    let result = commit(&pool, &[&job.session]).await;
                    let _ = job.ack.send(result);
                }
            }
        }
    }
}

async fn commit(pool: &AnyPool, sessions: &[&NewSession]) -> Result<()> {
    let mut tx = pool.begin().await.map_err(crate::error::classify)?;
    sessions::insert_batch(&mut tx, sessions).await?;
    tx.commit().await.map_err(crate::error::classify)?;
    Ok(())
}
