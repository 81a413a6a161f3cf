//! The database behind the repository modules: SQLite or PostgreSQL, one small query API for both
//! (`query(sql).bind(v).fetch_all(&pool)`, `row.try_get("column")`, parameters written `$1`,
//! `$2`, …).
//!
//! DESIGN allows typed pools per backend behind the repository API when measurement shows the
//! portable driver costs too much, and it did: with sqlx's `Any` driver over SQLite, every
//! statement went through a channel to a worker thread and back, and those thread switches were
//! the largest cost of a request (about a quarter of the CPU under load; `bench/README.md`). So
//! each backend has its own driver, chosen by the database URL:
//!
//! - SQLite ([`sqlite`]): `rusqlite` connections used in place, on the calling thread.
//! - PostgreSQL ([`postgres`]): sqlx's `PgPool`, already a dependency (for its migrations) and
//!   asynchronous on the network as a server database must be; `tokio-postgres` would be a second
//!   driver for the same job.
//!
//! [`Pool`], [`Conn`] and [`Tx`] are enums of the two, and a statement picks its driver with one
//! `match`: the SQLite path binds, steps and reads rows exactly as before (no boxing, no dynamic
//! dispatch). Values cross the API in SQLite's five kinds (`rusqlite`'s `Value`: NULL, integer,
//! real, text, blob) on both backends: a PostgreSQL row is read into them (BIGINT and BOOLEAN as
//! integers, DOUBLE PRECISION as real, TEXT, BYTEA as blob), so repository code reads a column
//! the same way whatever the backend.
//!
//! Dialect: the repository SQL is written once in the common subset (`$N` parameters,
//! `ON CONFLICT … DO UPDATE/NOTHING`, `RETURNING`, `COALESCE`, `LOWER`, `LIKE … ESCAPE`); the
//! schema is written once per backend (`migrations/sqlite`, `migrations/postgres`, same names,
//! same tables, columns and constraints: `tests/schema_parity.rs` compares them). What is SQLite
//! by nature has its own PostgreSQL answer where it is used: the write lock of `BEGIN IMMEDIATE`
//! is an advisory lock taken by every write transaction ([`postgres`]); the settings check reads
//! `PRAGMA`s on SQLite and the server's settings on PostgreSQL (`db`); a read of one consistent
//! moment is a deferred transaction in WAL mode on SQLite and `REPEATABLE READ` on PostgreSQL
//! ([`Pool::snapshot`]); the file backup and the erasure's WAL checkpoint are SQLite's, and
//! PostgreSQL is backed up by copying its rows into an SQLite file (`backup`) and erased
//! without a checkpoint (`erasure` says what the server keeps).

pub(crate) mod postgres;
mod query;
pub(crate) mod sqlite;

pub(crate) use query::{Query, Row, query};

/// The error of a statement, by backend. A value read back as the wrong kind is a SQLite
/// (`rusqlite`) error on both backends, since rows hold SQLite's value kinds.
#[derive(Debug, thiserror::Error)]
pub(crate) enum Error {
    /// From SQLite, or a value that is not of the kind asked for.
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    /// From PostgreSQL.
    #[error(transparent)]
    Postgres(#[from] sqlx::Error),
}

/// Which database a pool talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Backend {
    Sqlite,
    Postgres,
}

/// A pool of connections to one database.
#[derive(Clone)]
pub(crate) enum Pool {
    Sqlite(sqlite::Pool),
    Postgres(postgres::Pool),
}

/// A connection taken from the pool; it goes back when dropped.
pub(crate) enum Conn {
    Sqlite(sqlite::Conn),
    Postgres(postgres::Conn),
}

/// A transaction: a write transaction (the database's write lock held from its start,
/// [`Pool::begin`]) or a read-only one that sees one moment ([`Pool::snapshot`]); rolled back
/// when dropped without [`Tx::commit`].
pub(crate) struct Tx {
    conn: Conn,
    open: bool,
}

impl Pool {
    /// The backend.
    pub(crate) fn backend(&self) -> Backend {
        match self {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    /// Takes a connection, waiting while all are in use.
    pub(crate) async fn acquire(&self) -> Result<Conn, Error> {
        Ok(match self {
            Pool::Sqlite(p) => Conn::Sqlite(p.acquire().await?),
            Pool::Postgres(p) => Conn::Postgres(p.acquire().await?),
        })
    }

    /// Begins a write transaction on a connection of its own.
    pub(crate) async fn begin(&self) -> Result<Tx, Error> {
        let conn = match self {
            Pool::Sqlite(p) => {
                let mut conn = p.acquire().await?;
                conn.begin().await?;
                Conn::Sqlite(conn)
            }
            Pool::Postgres(p) => Conn::Postgres(p.begin().await?),
        };
        Ok(Tx { conn, open: true })
    }

    /// Begins a read-only transaction on a connection of its own in which every statement sees
    /// the database as it was at the first one, while writers go on: SQLite's deferred
    /// transaction (in WAL mode a reader holds its snapshot without blocking writers),
    /// PostgreSQL's `REPEATABLE READ`.
    pub(crate) async fn snapshot(&self) -> Result<Tx, Error> {
        let conn = match self {
            Pool::Sqlite(p) => {
                let mut conn = p.acquire().await?;
                conn.execute_batch("BEGIN DEFERRED")?;
                Conn::Sqlite(conn)
            }
            Pool::Postgres(p) => Conn::Postgres(p.snapshot().await?),
        };
        Ok(Tx { conn, open: true })
    }

    /// The database file, unless the database is in memory or on a server.
    pub(crate) fn file(&self) -> Option<&std::path::Path> {
        match self {
            Pool::Sqlite(p) => p.file(),
            Pool::Postgres(_) => None,
        }
    }

    /// How many statements have run on this pool's connections since it was opened (each
    /// `execute` or `fetch_*`, once however often it was retried while the database was locked;
    /// `BEGIN` and `COMMIT` are not counted). For tests that a request's statements do not grow
    /// with the data it reads.
    pub(crate) fn statements(&self) -> u64 {
        match self {
            Pool::Sqlite(p) => p.statements(),
            Pool::Postgres(p) => p.statements(),
        }
    }

    /// Closes the idle connections and refuses new work.
    pub(crate) async fn close(&self) {
        match self {
            Pool::Sqlite(p) => p.close(),
            Pool::Postgres(p) => p.close().await,
        }
    }
}

impl Conn {
    /// The backend.
    pub(crate) fn backend(&self) -> Backend {
        match self {
            Conn::Sqlite(_) => Backend::Sqlite,
            Conn::Postgres(_) => Backend::Postgres,
        }
    }

    /// Runs several statements separated by semicolons, without parameters.
    pub(crate) async fn execute_batch(&mut self, sql: &str) -> Result<(), Error> {
        match self {
            Conn::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Conn::Postgres(c) => Ok(c.execute_batch(sql).await?),
        }
    }
}

impl Tx {
    /// Commits; the transaction's writes are durable when this returns.
    pub(crate) async fn commit(mut self) -> Result<(), Error> {
        self.open = false;
        match &mut self.conn {
            Conn::Sqlite(c) => Ok(c.commit()?),
            Conn::Postgres(c) => Ok(c.commit().await?),
        }
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
            match &mut self.conn {
                Conn::Sqlite(c) => c.rollback(),
                // sqlx's transaction rolls itself back when dropped.
                Conn::Postgres(_) => {}
            }
        }
    }
}

/// Where a statement runs, by backend.
pub(crate) enum On<'a> {
    Sqlite(sqlite::Exec<'a>),
    Postgres(postgres::Exec<'a>),
}

/// Where a statement runs: the pool (a connection for this statement) or a connection.
pub(crate) trait Executor<'a>: Send {
    /// The backend's executor.
    fn on(self) -> On<'a>;
}

impl<'a> Executor<'a> for &'a Pool {
    fn on(self) -> On<'a> {
        match self {
            Pool::Sqlite(p) => On::Sqlite(sqlite::Exec::Pool(p)),
            Pool::Postgres(p) => On::Postgres(postgres::Exec::Pool(p)),
        }
    }
}

impl<'a> Executor<'a> for &'a mut Conn {
    fn on(self) -> On<'a> {
        match self {
            Conn::Sqlite(c) => On::Sqlite(sqlite::Exec::Conn(c)),
            Conn::Postgres(c) => On::Postgres(postgres::Exec::Conn(c)),
        }
    }
}

#[cfg(test)]
mod tests;
