//! The SQLite backend: a pool of `rusqlite` connections used in place, behind a small query API
//! (`query(sql).bind(v).fetch_all(&pool)`, `row.try_get("column")`) that the repository modules
//! share.
//!
//! DESIGN allows typed pools per backend behind the repository API when measurement shows the
//! portable driver costs too much, and it did: with sqlx's `Any` driver over SQLite, every
//! statement went through a channel to a worker thread and back, and those thread switches were
//! the largest cost of a request (about a quarter of the CPU under load; `bench/README.md`).
//! Here a statement runs on the calling thread against a connection taken from the pool: a read
//! of a few rows from the page cache takes microseconds, less than a thread switch.
//!
//! Nothing here waits on a lock while holding a runtime thread: connections have no busy
//! timeout, write transactions begin with `BEGIN IMMEDIATE` (so the write lock is taken first
//! and every later statement of the transaction has it), and a `BEGIN` or a statement outside a
//! transaction that finds the database locked is retried after a short asynchronous sleep, for
//! at most [`BUSY_FOR`]. The fsync of a commit does run on the calling thread.

use rusqlite::types::{FromSql, ToSqlOutput, Value, ValueRef};
use rusqlite::{ErrorCode, ToSql};
use std::borrow::Cow;
use std::future::Future;
use std::path::PathBuf;
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

/// A write transaction: rolled back when dropped without [`Tx::commit`].
pub(crate) struct Tx {
    conn: Conn,
    open: bool,
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
    conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")?;
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

    /// Begins a write transaction on a connection of its own.
    pub(crate) async fn begin(&self) -> Result<Tx, Error> {
        let mut conn = self.acquire().await?;
        conn.begin().await?;
        Ok(Tx { conn, open: true })
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

    /// Begins a write transaction on this connection (see [`Tx`]).
    async fn begin(&mut self) -> Result<(), Error> {
        retry_busy(self.raw_mut(), |c| c.execute_batch("BEGIN IMMEDIATE")).await
    }

    /// Runs several statements separated by semicolons, without parameters.
    pub(crate) fn execute_batch(&mut self, sql: &str) -> Result<(), Error> {
        self.raw().execute_batch(sql)
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

impl Tx {
    /// Commits; the transaction's writes are durable when this returns. (Asynchronous like the
    /// rest of the repository API, though SQLite's commit does not wait on anything.)
    #[allow(clippy::unused_async)]
    pub(crate) async fn commit(mut self) -> Result<(), Error> {
        self.open = false;
        self.conn.raw().execute_batch("COMMIT")
    }
}

impl std::ops::Deref for Tx {
    type Target = Conn;
    fn deref(&self) -> &Conn {
        &self.conn
    }
}

impl std::ops::DerefMut for Tx {
    fn deref_mut(&mut self) -> &mut Conn {
        &mut self.conn
    }
}

impl Drop for Tx {
    fn drop(&mut self) {
        if self.open {
            let _ = self.conn.raw().execute_batch("ROLLBACK");
        }
    }
}

/// Where a statement runs: the pool (a connection for this statement) or a connection.
pub(crate) trait Executor: Send {
    /// Runs `f` on a connection; outside a transaction, again while the database is locked.
    fn run<R: Send>(
        self,
        f: impl Fn(&rusqlite::Connection) -> Result<R, Error> + Send,
    ) -> impl Future<Output = Result<R, Error>> + Send;
}

impl Executor for &Pool {
    async fn run<R: Send>(
        self,
        f: impl Fn(&rusqlite::Connection) -> Result<R, Error> + Send,
    ) -> Result<R, Error> {
        let mut conn = self.acquire().await?;
        retry_busy(conn.raw_mut(), f).await
    }
}

impl Executor for &mut Conn {
    async fn run<R: Send>(
        self,
        f: impl Fn(&rusqlite::Connection) -> Result<R, Error> + Send,
    ) -> Result<R, Error> {
        let conn = self.raw_mut();
        if conn.is_autocommit() { retry_busy(conn, f).await } else { f(conn) }
    }
}

/// A statement with its parameters.
pub(crate) struct Query<'q> {
    sql: Cow<'q, str>,
    params: Vec<Value>,
}

/// A statement to run: parameters are written `$1`, `$2`, … and bound in that order.
pub(crate) fn query<'q>(sql: impl Into<Cow<'q, str>>) -> Query<'q> {
    Query { sql: sql.into(), params: Vec::new() }
}

/// What an `INSERT`, `UPDATE` or `DELETE` did.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Done {
    rows: u64,
}

impl Done {
    /// How many rows it changed.
    pub(crate) fn rows_affected(self) -> u64 {
        self.rows
    }
}

fn owned(out: ToSqlOutput<'_>) -> Value {
    match out {
        // Values bound from Rust are valid text.
        ToSqlOutput::Borrowed(v) => Value::try_from(v).unwrap_or(Value::Null),
        ToSqlOutput::Owned(v) => v,
        // Other forms (zero blobs, pointers) are not used by the store.
        _ => Value::Null,
    }
}

impl Query<'_> {
    /// Binds the next parameter.
    #[must_use]
    pub(crate) fn bind<T: ToSql>(mut self, value: T) -> Self {
        // `ToSql` of the store's values (integers, floats, text, blobs, options) cannot fail.
        self.params.push(value.to_sql().map_or(Value::Null, owned));
        self
    }

    fn prepared<'c>(&self, conn: &'c rusqlite::Connection) -> Result<rusqlite::CachedStatement<'c>, Error> {
        let mut stmt = conn.prepare_cached(&self.sql)?;
        for i in 1..=stmt.parameter_count() {
            // `$N` is SQLite's named parameter "$N": bind value N to it wherever it appears.
            let n = stmt.parameter_name(i).and_then(|name| name[1..].parse::<usize>().ok()).unwrap_or(i);
            let value = self.params.get(n - 1).ok_or(Error::InvalidParameterCount(n, self.params.len()))?;
            stmt.raw_bind_parameter(i, value)?;
        }
        Ok(stmt)
    }

    fn rows(&self, conn: &rusqlite::Connection, limit: Option<usize>) -> Result<Vec<Row>, Error> {
        let mut stmt = self.prepared(conn)?;
        let columns: Arc<[String]> = stmt.column_names().map(str::to_owned).collect();
        let width = columns.len();
        let mut rows = stmt.raw_query();
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let mut values = Vec::with_capacity(width);
            for i in 0..width {
                let v = row.get_ref(i)?;
                values.push(
                    Value::try_from(v)
                        .map_err(|e| Error::FromSqlConversionFailure(i, v.data_type(), Box::new(e)))?,
                );
            }
            out.push(Row { columns: Arc::clone(&columns), values });
            if limit.is_some_and(|l| out.len() >= l) {
                break;
            }
        }
        Ok(out)
    }

    /// Runs a statement that returns no rows (or whose rows are not wanted).
    pub(crate) async fn execute(self, ex: impl Executor) -> Result<Done, Error> {
        ex.run(|conn| {
            let mut stmt = self.prepared(conn)?;
            Ok(Done { rows: stmt.raw_execute()? as u64 })
        })
        .await
    }

    /// Every row.
    pub(crate) async fn fetch_all(self, ex: impl Executor) -> Result<Vec<Row>, Error> {
        ex.run(|conn| self.rows(conn, None)).await
    }

    /// The first row, if any.
    pub(crate) async fn fetch_optional(self, ex: impl Executor) -> Result<Option<Row>, Error> {
        ex.run(|conn| Ok(self.rows(conn, Some(1))?.pop())).await
    }

    /// The first row; an error when there is none.
    pub(crate) async fn fetch_one(self, ex: impl Executor) -> Result<Row, Error> {
        self.fetch_optional(ex).await?.ok_or(Error::QueryReturnedNoRows)
    }
}

/// A row read back, with its values owned.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    columns: Arc<[String]>,
    values: Vec<Value>,
}

/// A column by name or by position.
pub(crate) trait Column: Copy + std::fmt::Debug {
    /// Its position in `columns`.
    fn position(self, columns: &[String]) -> Option<usize>;
}

impl Column for &str {
    fn position(self, columns: &[String]) -> Option<usize> {
        columns.iter().position(|c| c == self)
    }
}

impl Column for usize {
    fn position(self, columns: &[String]) -> Option<usize> {
        (self < columns.len()).then_some(self)
    }
}

impl Row {
    /// The value of a column as `T`.
    pub(crate) fn try_get<T: FromSql, C: Column>(&self, column: C) -> Result<T, Error> {
        let i =
            column.position(&self.columns).ok_or_else(|| Error::InvalidColumnName(format!("{column:?}")))?;
        let value = ValueRef::from(&self.values[i]);
        T::column_result(value).map_err(|e| match e {
            rusqlite::types::FromSqlError::InvalidType => {
                Error::InvalidColumnType(i, self.columns[i].clone(), value.data_type())
            }
            other => Error::FromSqlConversionFailure(i, value.data_type(), Box::new(other)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn parameters_bind_by_their_number_wherever_they_appear() {
        let pool = Pool::open(Target::Memory, 1).unwrap();
        let row = query("SELECT $2 AS b, $1 AS a, $2 + $1 AS sum")
            .bind(1_i64)
            .bind(20_i64)
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(row.try_get::<i64, _>("b").unwrap(), 20);
        assert_eq!(row.try_get::<i64, _>("a").unwrap(), 1);
        assert_eq!(row.try_get::<i64, _>(2).unwrap(), 21);
        assert!(row.try_get::<i64, _>("missing").is_err(), "an unknown column is an error");
        assert!(row.try_get::<String, _>("a").is_err(), "a number is not read as text");
        let missing = query("SELECT $1, $2").bind(1_i64).fetch_one(&pool).await;
        assert!(missing.is_err(), "a parameter without a value is an error, not NULL");
    }

    #[tokio::test]
    async fn a_transaction_dropped_without_commit_leaves_nothing() {
        let pool = Pool::open(Target::Memory, 1).unwrap();
        query("CREATE TABLE t (x BIGINT)").execute(&pool).await.unwrap();
        {
            let mut tx = pool.begin().await.unwrap();
            query("INSERT INTO t (x) VALUES ($1)").bind(1_i64).execute(&mut *tx).await.unwrap();
        }
        let mut tx = pool.begin().await.unwrap();
        query("INSERT INTO t (x) VALUES ($1)").bind(2_i64).execute(&mut *tx).await.unwrap();
        tx.commit().await.unwrap();
        let rows = query("SELECT x FROM t").fetch_all(&pool).await.unwrap();
        assert_eq!(rows.iter().map(|r| r.try_get::<i64, _>("x").unwrap()).collect::<Vec<_>>(), vec![2]);
    }
}
