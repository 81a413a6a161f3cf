//! Connecting, durability settings and migrations.

use crate::sql::{self, Pool, Target};
use crate::{Result, StoreError};
use std::path::PathBuf;

/// Connections in the pool of a database file.
const CONNECTIONS: usize = 4;

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

/// The database a `--db` value names: a plain path or `sqlite://PATH` (a query such as
/// `?mode=rwc` is ignored), or `sqlite::memory:`.
pub(crate) fn target(db: &str) -> Result<Target> {
    if db.starts_with("postgres://") || db.starts_with("postgresql://") {
        return Err(StoreError::Unsupported(
            "postgres:// (PostgreSQL is not available in this version)".to_owned(),
        ));
    }
    if db == "sqlite::memory:" {
        return Ok(Target::Memory);
    }
    let path = db.strip_prefix("sqlite://").unwrap_or(db);
    if path.is_empty() || path.contains("://") {
        return Err(StoreError::Unsupported(db.to_owned()));
    }
    let base = path.split('?').next().unwrap_or(path);
    Ok(Target::File { path: PathBuf::from(base), create: true })
}

/// The normalised URL for a `--db` value: a plain path becomes `sqlite://PATH?mode=rwc`.
pub fn database_url(db: &str) -> Result<String> {
    Ok(match target(db)? {
        Target::Memory => "sqlite::memory:".to_owned(),
        Target::File { path, .. } => format!("sqlite://{}?mode=rwc", path.display()),
    })
}

pub(crate) async fn connect(db: &str) -> Result<Pool> {
    let target = target(db)?;
    let memory = target == Target::Memory;
    let pool = Pool::open(target, CONNECTIONS).map_err(crate::error::classify)?;
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

pub(crate) async fn settings(pool: &Pool) -> Result<Settings> {
    let mut conn = pool.acquire().await?;
    let journal_mode: String = sql::query("PRAGMA journal_mode").fetch_one(&mut conn).await?.try_get(0)?;
    let synchronous: i64 = sql::query("PRAGMA synchronous").fetch_one(&mut conn).await?.try_get(0)?;
    let foreign_keys: i64 = sql::query("PRAGMA foreign_keys").fetch_one(&mut conn).await?.try_get(0)?;
    Ok(Settings {
        backend: "SQLite".to_owned(),
        journal_mode: journal_mode.to_lowercase(),
        synchronous,
        foreign_keys,
    })
}

/// The migrations of `migrations/sqlite`, applied in order, each in its own transaction with its
/// bookkeeping row. The bookkeeping table is the one sqlx's migrator keeps (same columns, same
/// checksums), so databases made by earlier versions carry on.
pub(crate) async fn migrate(pool: &Pool) -> Result<()> {
    let migrator = sqlx::migrate!("migrations/sqlite");
    let mut conn = pool.acquire().await?;
    sql::query(
        "CREATE TABLE IF NOT EXISTS _sqlx_migrations (version BIGINT PRIMARY KEY, description TEXT NOT NULL, \
         installed_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, success BOOLEAN NOT NULL, \
         checksum BLOB NOT NULL, execution_time BIGINT NOT NULL)",
    )
    .execute(&mut conn)
    .await?;
    let applied = sql::query("SELECT version, checksum, success FROM _sqlx_migrations ORDER BY version")
        .fetch_all(&mut conn)
        .await?;
    let mut done = std::collections::BTreeMap::new();
    for row in applied {
        let version: i64 = row.try_get("version")?;
        if !row.try_get::<bool, _>("success")? {
            return Err(StoreError::Migrate(format!("migration {version} was left partly applied")));
        }
        done.insert(version, row.try_get::<Vec<u8>, _>("checksum")?);
    }
    // An in-memory database has one connection: give it back before each migration takes it.
    drop(conn);
    for m in migrator.iter().filter(|m| m.migration_type.is_up_migration()) {
        if let Some(checksum) = done.get(&m.version) {
            if checksum.as_slice() != &*m.checksum {
                return Err(StoreError::Migrate(format!(
                    "migration {} was applied but differs from this version's",
                    m.version
                )));
            }
            continue;
        }
        let start = std::time::Instant::now();
        let mut tx = pool.begin().await?;
        tx.execute_batch(m.sql.as_str())?;
        sql::query(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
             VALUES ($1, $2, TRUE, $3, $4)",
        )
        .bind(m.version)
        .bind(m.description.as_ref())
        .bind(m.checksum.as_ref())
        .bind(i64::try_from(start.elapsed().as_nanos()).unwrap_or(i64::MAX))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
    }
    Ok(())
}
