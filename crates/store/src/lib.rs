//! sciatica-store: persistence. The repository modules are the only place with SQL; callers see
//! domain types and [`Store`] methods, whichever backend sits underneath.

#![forbid(unsafe_code)]

mod db;
pub mod error;
mod sql;
mod writer;

pub mod accounts;
pub mod alerts;
pub mod audit;
pub mod auth;
pub mod backup;
pub mod care_team;
pub mod caseload;
pub mod clinical;
pub mod clinician_time;
pub mod copy;
pub mod drafts;
pub mod erasure;
pub mod export;
pub mod feeds;
pub mod harm;
pub mod invitations;
pub mod measures;
pub mod patients;
pub mod person;
pub mod programs;
pub mod records;
pub mod screenings;
pub mod sessions;
pub mod settings;
pub mod testing;
pub mod tokens;
pub mod users;

pub use error::{Result, StoreError, Unusable};

use sql::Pool;

/// The store: a connection pool and the group-commit writer.
#[derive(Clone)]
pub struct Store {
    pool: Pool,
    writer: writer::Writer,
    records: std::sync::Arc<records::Cache>,
}

impl Store {
    /// Opens (creating when needed) and migrates the database at `url`: a file path,
    /// `sqlite://PATH`, `sqlite::memory:` or `postgres://…`. Checks that SQLite runs in WAL mode
    /// with `synchronous=FULL` and foreign keys on (PostgreSQL: `fsync` and
    /// `synchronous_commit` on), and refuses to run otherwise.
    pub async fn open(url: &str) -> Result<Store> {
        let pool = db::connect(url).await?;
        db::migrate(&pool, url).await?;
        let records = std::sync::Arc::new(records::Cache::default());
        let writer = writer::Writer::start(pool.clone(), std::sync::Arc::clone(&records));
        Ok(Store { pool, writer, records })
    }

    /// Closes the pool after the writer has finished its queue.
    pub async fn close(self) {
        self.writer.stop().await;
        self.pool.close().await;
    }

    /// How many SQL statements this store has run since it was opened (reads and writes alike;
    /// `BEGIN` and `COMMIT` are not counted). Lets a test check that a request's statements do not
    /// grow with the data it reads.
    pub fn statements_run(&self) -> u64 {
        self.pool.statements()
    }

    /// The durability settings as read back from the database (for `sciatica doctor`).
    pub async fn settings(&self) -> Result<db::Settings> {
        db::settings(&self.pool).await
    }
}

pub use db::{
    Applied, Migrated, Settings, database_file, database_url, is_postgres, migrate_database, without_password,
};

/// Milliseconds since the Unix epoch.
pub(crate) fn ms(t: jiff::Timestamp) -> i64 {
    t.as_millisecond()
}

/// A timestamp from milliseconds.
pub(crate) fn ts(ms: i64) -> Result<jiff::Timestamp> {
    jiff::Timestamp::from_millisecond(ms).map_err(StoreError::from)
}

/// A new sortable id.
pub(crate) fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Parses stored text into a domain value.
pub(crate) fn parse<T: std::str::FromStr>(what: &str, s: &str) -> Result<T>
where
    T::Err: std::fmt::Display,
{
    s.parse().map_err(|e| StoreError::Corrupt(format!("{what}: {e}")))
}
