//! Connecting, durability settings and migrations.

use crate::error::Unusable;
use crate::{Result, StoreError};
use sqlx::any::AnyPoolOptions;
use sqlx::{AnyConnection, AnyPool, Connection as _, Executor, Row};
use std::path::PathBuf;
use std::time::Duration;

/// The SQLite settings that make an acknowledged write survive a crash, as read back.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Settings {
    /// The backend name.
    pub backend: String,
    /// `wal` when safe.
    pub journal_mode: String,
    /// 2 (FULL) when safe.
    pub synchronous: i64,
    /// 1 when on.
    pub foreign_keys: i64,
}

/// The sqlx URL for a `--db` value: a plain path becomes `sqlite://PATH?mode=rwc`.
pub fn database_url(db: &str) -> Result<String> {
    if db.starts_with("postgres://") || db.starts_with("postgresql://") {
        return Err(StoreError::Unsupported(
            "postgres:// (PostgreSQL is not available in this version)".to_owned(),
        ));
    }
    if db == "sqlite::memory:" {
        return Ok(db.to_owned());
    }
    let path = db.strip_prefix("sqlite://").unwrap_or(db);
    if path.is_empty() || path.contains("://") {
        return Err(StoreError::Unsupported(db.to_owned()));
    }
    let base = path.split('?').next().unwrap_or(path);
    Ok(format!("sqlite://{base}?mode=rwc"))
}

/// The file a `--db` value names (`None` for an in-memory database).
pub fn database_file(db: &str) -> Result<Option<PathBuf>> {
    let url = database_url(db)?;
    Ok(url.strip_prefix("sqlite://").map(|rest| PathBuf::from(rest.split('?').next().unwrap_or(rest))))
}

pub(crate) async fn connect(db: &str) -> Result<AnyPool> {
    sqlx::any::install_default_drivers();
    let url = database_url(db)?;
    let memory = url == "sqlite::memory:";
    if !memory {
        check_usable(db, &url).await?;
    }
    let pool = AnyPoolOptions::new()
        // One connection for an in-memory database (each connection would be its own database).
        .max_connections(if memory { 1 } else { 4 })
        .acquire_timeout(Duration::from_secs(30))
        .after_connect(|conn, _meta| {
            Box::pin(async move {
                if conn.backend_name() == "SQLite" {
                    for pragma in [
                        "PRAGMA journal_mode = WAL",
                        "PRAGMA synchronous = FULL",
                        "PRAGMA foreign_keys = ON",
                        "PRAGMA busy_timeout = 5000",
                    ] {
                        conn.execute(pragma).await?;
                    }
                }
                Ok(())
            })
        })
        .connect(&url)
        .await?;
    let s = settings(&pool).await?;
    let wal_ok = s.journal_mode == "wal" || (memory && s.journal_mode == "memory");
    if !wal_ok || s.synchronous != 2 || s.foreign_keys != 1 {
        return Err(StoreError::Unsafe(format!(
            "journal_mode={} synchronous={} foreign_keys={} (need wal, 2 and 1)",
            s.journal_mode, s.synchronous, s.foreign_keys
        )));
    }
    Ok(pool)
}

/// Opens one connection and tries what the pool needs (the durability settings, a write lock,
/// our own tables), so that a file SQLite cannot use is reported at once: the pool itself retries
/// a connection that fails after opening until its acquire timeout, and then says only that it
/// timed out.
async fn check_usable(db: &str, url: &str) -> Result<()> {
    let unusable = |problem| StoreError::Unusable { path: shown(db), problem };
    let probe = async {
        let mut conn = AnyConnection::connect(url).await?;
        for statement in [
            "PRAGMA busy_timeout = 5000",
            "PRAGMA journal_mode = WAL",
            // A read-only file passes `BEGIN IMMEDIATE` in WAL mode; a change (undone) does not.
            "BEGIN IMMEDIATE",
            "CREATE TABLE _sciatica_write_check (x)",
            "ROLLBACK",
        ] {
            conn.execute(statement).await?;
        }
        let tables: Vec<String> = sqlx::query_scalar(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        )
        .fetch_all(&mut conn)
        .await?;
        conn.close().await?;
        Ok::<_, sqlx::Error>(tables)
    };
    match probe.await {
        Ok(tables) if !tables.is_empty() && !tables.iter().any(|t| t == "_sqlx_migrations") => {
            Err(unusable(Unusable::OtherProgram))
        }
        Ok(_) => Ok(()),
        Err(e) => Err(problem(&e).map_or(StoreError::Db(e), unusable)),
    }
}

/// The database as a person gave it, without the `sqlite://` prefix or options.
fn shown(db: &str) -> String {
    let path = db.strip_prefix("sqlite://").unwrap_or(db);
    path.split('?').next().unwrap_or(path).to_owned()
}

/// What an SQLite error says about the file, by its primary result code.
fn problem(e: &sqlx::Error) -> Option<Unusable> {
    if let sqlx::Error::Io(_) = e {
        return Some(Unusable::Io);
    }
    let code: i64 = e.as_database_error()?.code()?.parse().ok()?;
    Some(match code & 0xff {
        // SQLITE_CORRUPT, SQLITE_NOTADB
        11 | 26 => Unusable::NotDatabase,
        // SQLITE_PERM, SQLITE_READONLY, SQLITE_AUTH
        3 | 8 | 23 => Unusable::ReadOnly,
        // SQLITE_CANTOPEN
        14 => Unusable::CannotOpen,
        // SQLITE_FULL
        13 => Unusable::Full,
        // SQLITE_BUSY, SQLITE_LOCKED
        5 | 6 => Unusable::Busy,
        // SQLITE_IOERR
        10 => Unusable::Io,
        _ => return None,
    })
}

pub(crate) async fn settings(pool: &AnyPool) -> Result<Settings> {
    let mut conn = pool.acquire().await?;
    let backend = conn.backend_name().to_owned();
    let journal_mode: String = sqlx::query("PRAGMA journal_mode").fetch_one(&mut *conn).await?.try_get(0)?;
    let synchronous: i64 = sqlx::query("PRAGMA synchronous").fetch_one(&mut *conn).await?.try_get(0)?;
    let foreign_keys: i64 = sqlx::query("PRAGMA foreign_keys").fetch_one(&mut *conn).await?.try_get(0)?;
    Ok(Settings { backend, journal_mode: journal_mode.to_lowercase(), synchronous, foreign_keys })
}

pub(crate) async fn migrate(pool: &AnyPool, db: &str) -> Result<()> {
    match sqlx::migrate!("migrations/sqlite").run(pool).await {
        Err(sqlx::migrate::MigrateError::VersionMissing(_)) => {
            Err(StoreError::Unusable { path: shown(db), problem: Unusable::Newer })
        }
        other => Ok(other?),
    }
}
