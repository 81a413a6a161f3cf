//! Connecting, durability settings and migrations.

use crate::{Result, StoreError};
use sqlx::any::AnyPoolOptions;
use sqlx::{AnyPool, Executor, Row};
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

pub(crate) async fn connect(db: &str) -> Result<AnyPool> {
    sqlx::any::install_default_drivers();
    let url = database_url(db)?;
    let memory = url == "sqlite::memory:";
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

pub(crate) async fn settings(pool: &AnyPool) -> Result<Settings> {
    let mut conn = pool.acquire().await?;
    let backend = conn.backend_name().to_owned();
    let journal_mode: String = sqlx::query("PRAGMA journal_mode").fetch_one(&mut *conn).await?.try_get(0)?;
    let synchronous: i64 = sqlx::query("PRAGMA synchronous").fetch_one(&mut *conn).await?.try_get(0)?;
    let foreign_keys: i64 = sqlx::query("PRAGMA foreign_keys").fetch_one(&mut *conn).await?.try_get(0)?;
    Ok(Settings { backend, journal_mode: journal_mode.to_lowercase(), synchronous, foreign_keys })
}

pub(crate) async fn migrate(pool: &AnyPool) -> Result<()> {
    sqlx::migrate!("migrations/sqlite").run(pool).await?;
    Ok(())
}
