//! The SQLite backend: a pool of `rusqlite` connections used in place. A statement runs on the
//! calling thread against a connection taken from the pool: a read of a few rows from the page
//! cache takes microseconds, less than a thread switch.
//!
//! Nothing here waits on a lock while holding a runtime thread: connections have no busy
//! timeout, write transactions begin with `BEGIN IMMEDIATE` (so the write lock is taken first
//! and every later statement of the transaction has it), and a `BEGIN` or a statement outside a
//! transaction that finds the database locked is retried after a short asynchronous sleep, for
//! at most [`BUSY_FOR`]. The fsync of a commit does run on the calling thread.
//!
//! Every connection runs with `secure_delete`: deleted content is overwritten with zeros, so an
//! erased person's data is not left in freed pages (`erasure`).

use rusqlite::ErrorCode;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The error of a statement.
pub(crate) type Error = rusqlite::Error;

/// How long a statement that finds the database locked is retried.
pub(crate) const BUSY_FOR: Duration = Duration::from_secs(5);

/// Prepared statements kept per connection.
const STATEMENTS: usize = 128;

/// Where the database lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// A file, created when missing if `create`.
    File { path: PathBuf, create: bool },
    /// A private in-memory database (one connection: each would be its own database).
    Memory,
}

struct Shared {
    target: Target,
    idle: Mutex<Vec<rusqlite::Connection>>,
    permits: Arc<Semaphore>,
    /// Statements run so far (see [`Pool::statements`]).
    statements: AtomicU64,
}

/// A pool of connections to one database.
#[derive(Clone)]
pub(crate) struct Pool {
    shared: Arc<Shared>,
}

/// A connection taken from the pool; it goes back when dropped.
pub(crate) struct Conn {
    inner: Option<rusqlite::Connection>,
    shared: Arc<Shared>,
    _permit: OwnedSemaphorePermit,
}

fn open_connection(target: &Target) -> Result<rusqlite::Connection, Error> {
    use rusqlite::OpenFlags;
    let conn = match target {
        Target::Memory => rusqlite::Connection::open_in_memory()?,
        Target::File { path, create } => {
            let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            if *create {
                flags |= OpenFlags::SQLITE_OPEN_CREATE;
            }
            rusqlite::Connection::open_with_flags(path, flags)?
        }
    };
    conn.set_prepared_statement_cache_capacity(STATEMENTS);
    conn.busy_timeout(Duration::ZERO)?;
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON;",
    )?;
    Ok(conn)
}

impl Pool {
    /// Opens the first connection now (so a bad path or a file that is not a database is
    /// reported at once); the others open when first needed.
    pub(crate) fn open(target: Target, max: usize) -> Result<Pool, Error> {
        let first = open_connection(&target)?;
        let max = if target == Target::Memory { 1 } else { max.max(1) };
        Ok(Pool {
            shared: Arc::new(Shared {
                target,
                idle: Mutex::new(vec![first]),
                permits: Arc::new(Semaphore::new(max)),
                statements: AtomicU64::new(0),
            }),
        })
    }

    /// Takes a connection, waiting while all are in use.
    pub(crate) async fn acquire(&self) -> Result<Conn, Error> {
        let permit = Arc::clone(&self.shared.permits).acquire_owned().await.map_err(|_| closed())?;
        let idle = self.shared.idle.lock().unwrap_or_else(PoisonError::into_inner).pop();
        let conn = match idle {
            Some(c) => c,
            None => open_connection(&self.shared.target)?,
        };
        Ok(Conn { inner: Some(conn), shared: Arc::clone(&self.shared), _permit: permit })
    }

    /// The database file, unless the database is in memory.
    pub(crate) fn file(&self) -> Option<&std::path::Path> {
        match &self.shared.target {
            Target::File { path, .. } => Some(path),
            Target::Memory => None,
        }
    }

    /// How many statements have run on this pool's connections since it was opened (each
    /// `execute` or `fetch_*`, once however often it was retried while the database was locked;
    /// `BEGIN` and `COMMIT` are not counted). For tests that a request's statements do not grow
    /// with the data it reads.
    pub(crate) fn statements(&self) -> u64 {
        self.shared.statements.load(Ordering::Relaxed)
    }

    /// Closes the idle connections and refuses new work.
    pub(crate) fn close(&self) {
        self.shared.permits.close();
        self.shared.idle.lock().unwrap_or_else(PoisonError::into_inner).clear();
    }
}

fn closed() -> Error {
    Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_MISUSE),
        Some("the pool is closed".into()),
    )
}

fn is_busy(e: &Error) -> bool {
    matches!(e.sqlite_error_code(), Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked))
}

/// Runs `f` until it does not find the database locked, sleeping in between, for at most
/// [`BUSY_FOR`].
async fn retry_busy<R>(
    conn: &mut rusqlite::Connection,
    f: impl Fn(&rusqlite::Connection) -> Result<R, Error>,
) -> Result<R, Error> {
    // Held across the sleeps as `&mut`: a connection may move between threads but is not shared.
    let start = Instant::now();
    let mut pause = Duration::from_micros(200);
    loop {
        match f(conn) {
            Err(e) if is_busy(&e) && start.elapsed() < BUSY_FOR => {
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(Duration::from_millis(20));
            }
            other => return other,
        }
    }
}

impl Conn {
    fn raw(&self) -> &rusqlite::Connection {
        self.inner.as_ref().expect("a pooled connection is present until dropped")
    }

    fn raw_mut(&mut self) -> &mut rusqlite::Connection {
        self.inner.as_mut().expect("a pooled connection is present until dropped")
    }

    /// Begins a write transaction on this connection, taking the write lock first.
    pub(crate) async fn begin(&mut self) -> Result<(), Error> {
        retry_busy(self.raw_mut(), |c| c.execute_batch("BEGIN IMMEDIATE")).await
    }

    /// Runs several statements separated by semicolons, without parameters.
    pub(crate) fn execute_batch(&mut self, sql: &str) -> Result<(), Error> {
        self.raw().execute_batch(sql)
    }

    /// Commits the transaction begun with [`Conn::begin`]; its writes are durable when this
    /// returns.
    pub(crate) fn commit(&mut self) -> Result<(), Error> {
        self.raw().execute_batch("COMMIT")
    }

    /// Rolls the transaction back (a transaction dropped without a commit).
    pub(crate) fn rollback(&mut self) {
        let _ = self.raw().execute_batch("ROLLBACK");
    }
}

impl Drop for Conn {
    fn drop(&mut self) {
        if let Some(conn) = self.inner.take() {
            // A connection left inside a transaction (a panic mid-way) is not reused.
            if conn.is_autocommit() && !self.shared.permits.is_closed() {
                self.shared.idle.lock().unwrap_or_else(PoisonError::into_inner).push(conn);
            }
        }
    }
}

/// Where a statement runs: the pool (a connection for this statement) or a connection.
pub(crate) enum Exec<'a> {
    /// A connection of the pool, for this statement.
    Pool(&'a Pool),
    /// A connection (perhaps in a transaction).
    Conn(&'a mut Conn),
}

impl Exec<'_> {
    /// Runs `f` on a connection; outside a transaction, again while the database is locked.
    pub(crate) async fn run<R: Send>(
        self,
        f: impl Fn(&rusqlite::Connection) -> Result<R, Error> + Send,
    ) -> Result<R, Error> {
        match self {
            Exec::Pool(pool) => {
                let mut conn = pool.acquire().await?;
                pool.shared.statements.fetch_add(1, Ordering::Relaxed);
                retry_busy(conn.raw_mut(), f).await
            }
            Exec::Conn(conn) => {
                conn.shared.statements.fetch_add(1, Ordering::Relaxed);
                let conn = conn.raw_mut();
                if conn.is_autocommit() { retry_busy(conn, f).await } else { f(conn) }
            }
        }
    }
}
