//! Connecting, durability settings and migrations, for both backends. A `postgres://` URL opens
//! a PostgreSQL pool; anything else names an SQLite file.

use crate::error::Unusable;
use crate::sql::sqlite::Target;
use crate::sql::{self, Backend, Pool};
use crate::{Result, StoreError};
use std::path::{Path, PathBuf};

/// Connections in the pool of a database file.
const CONNECTIONS: usize = 4;

/// Connections in the pool of a PostgreSQL database (per instance).
const PG_CONNECTIONS: u32 = 8;

/// Whether a `--db` value names a PostgreSQL database (`postgres://` or `postgresql://`).
pub fn is_postgres(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

/// The settings that make an acknowledged write survive a crash, as read back. On PostgreSQL the
/// same three are reported in SQLite's terms: `journal_mode` is `wal` (the server always keeps
/// one), `synchronous` is 2 when `fsync` is on and `synchronous_commit` is not `off` (else 0),
/// and `foreign_keys` is 1 (always enforced).
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
/// (A `postgres://` URL is not a target: see [`is_postgres`].)
pub(crate) fn target(db: &str) -> Result<Target> {
    if is_postgres(db) {
        return Err(StoreError::Unsupported(format!("{db} as an SQLite file")));
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

/// The normalised URL for a `--db` value: a plain path becomes `sqlite://PATH?mode=rwc`; a
/// `postgres://` URL stays as it is.
pub fn database_url(db: &str) -> Result<String> {
    if is_postgres(db) {
        return Ok(db.to_owned());
    }
    Ok(match target(db)? {
        Target::Memory => "sqlite::memory:".to_owned(),
        Target::File { path, .. } => format!("sqlite://{}?mode=rwc", path.display()),
    })
}

/// The file a `--db` value names (`None` for an in-memory or a PostgreSQL database).
pub fn database_file(db: &str) -> Result<Option<PathBuf>> {
    if is_postgres(db) {
        return Ok(None);
    }
    Ok(match target(db)? {
        Target::Memory => None,
        Target::File { path, .. } => Some(path),
    })
}

pub(crate) async fn connect(db: &str) -> Result<Pool> {
    if is_postgres(db) {
        let pool = Pool::Postgres(sql::postgres::Pool::open(db, PG_CONNECTIONS).await?);
        let s = settings(&pool).await?;
        if s.synchronous != 2 {
            return Err(StoreError::Unsafe(
                "the PostgreSQL server runs with fsync or synchronous_commit off".to_owned(),
            ));
        }
        return Ok(pool);
    }
    let target = target(db)?;
    let memory = target == Target::Memory;
    if let Target::File { path, .. } = &target {
        check_usable(path)?;
    }
    let pool = Pool::Sqlite(
        sql::sqlite::Pool::open(target, CONNECTIONS).map_err(|e| crate::error::classify(e.into()))?,
    );
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
/// our own tables), so that a file SQLite cannot use is reported at once, in one sentence that
/// names it.
fn check_usable(path: &Path) -> Result<()> {
    let unusable = |problem| StoreError::Unusable { path: path.display().to_string(), problem };
    let probe = || -> std::result::Result<Vec<String>, rusqlite::Error> {
        use rusqlite::OpenFlags;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = rusqlite::Connection::open_with_flags(path, flags)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // A read-only file passes `BEGIN IMMEDIATE` in WAL mode; a change (undone) does not.
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; BEGIN IMMEDIATE; CREATE TABLE _sciatica_write_check (x); ROLLBACK;",
        )?;
        let mut stmt =
            conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")?;
        let tables = stmt.query_map([], |r| r.get(0))?.collect::<std::result::Result<Vec<String>, _>>()?;
        Ok(tables)
    };
    match probe() {
        Ok(tables) if !tables.is_empty() && !tables.iter().any(|t| t == "_sqlx_migrations") => {
            Err(unusable(Unusable::OtherProgram))
        }
        Ok(_) => Ok(()),
        Err(e) => Err(problem(&e).map_or(StoreError::Db(e), unusable)),
    }
}

/// What an SQLite error says about the file, by its primary result code.
fn problem(e: &rusqlite::Error) -> Option<Unusable> {
    use rusqlite::ErrorCode;
    Some(match e.sqlite_error_code()? {
        ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase => Unusable::NotDatabase,
        ErrorCode::PermissionDenied | ErrorCode::ReadOnly | ErrorCode::AuthorizationForStatementDenied => {
            Unusable::ReadOnly
        }
        ErrorCode::CannotOpen => Unusable::CannotOpen,
        ErrorCode::DiskFull => Unusable::Full,
        ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => Unusable::Busy,
        ErrorCode::SystemIoFailure => Unusable::Io,
        _ => return None,
    })
}

pub(crate) async fn settings(pool: &Pool) -> Result<Settings> {
    let mut conn = pool.acquire().await?;
    if pool.backend() == Backend::Postgres {
        let fsync: String = sql::query("SHOW fsync").fetch_one(&mut conn).await?.try_get(0)?;
        let commit: String = sql::query("SHOW synchronous_commit").fetch_one(&mut conn).await?.try_get(0)?;
        let durable = fsync == "on" && commit != "off";
        return Ok(Settings {
            backend: "PostgreSQL".to_owned(),
            journal_mode: "wal".to_owned(),
            synchronous: if durable { 2 } else { 0 },
            foreign_keys: 1,
        });
    }
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

/// A migration applied to a database.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Applied {
    /// Its version (the number its file name starts with).
    pub version: i64,
    /// What it does (the rest of its file name).
    pub description: String,
}

/// What bringing a database up to this version's schema did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Migrated {
    /// The backend name.
    pub backend: String,
    /// The migrations applied now, in order (none when it was up to date).
    pub applied: Vec<Applied>,
    /// The version of the schema now (the last migration applied, ever).
    pub version: i64,
}

/// Opens the database at `db` (creating an SQLite file when needed), checks its durability
/// settings as [`crate::Store::open`] does, applies the migrations it has not had yet and says
/// which.
pub async fn migrate_database(db: &str) -> Result<Migrated> {
    let pool = connect(db).await?;
    let done = migrate(&pool, db).await;
    let version = match &done {
        Ok(_) => sql::query("SELECT COALESCE(MAX(version), 0) AS v FROM _sqlx_migrations")
            .fetch_one(&pool)
            .await
            .map_err(StoreError::from)
            .and_then(|r| Ok(r.try_get::<i64, _>("v")?)),
        Err(_) => Ok(0),
    };
    let backend = settings(&pool).await.map(|s| s.backend);
    pool.close().await;
    Ok(Migrated { backend: backend?, applied: done?, version: version? })
}

/// The versions of the migrations this build knows.
pub(crate) fn known_versions() -> Vec<i64> {
    sqlx::migrate!("migrations/sqlite").iter().map(|m| m.version).collect()
}

/// The key of the session-level advisory lock held while PostgreSQL is migrated, so that
/// instances started together migrate one after the other.
const MIGRATE_LOCK: i64 = 0x7363_6961_7469_6d67;

/// The migrations of the backend's folder (`migrations/sqlite` or `migrations/postgres`), applied
/// in order, each in its own transaction with its bookkeeping row. The bookkeeping table is the
/// one sqlx's migrator keeps (same columns, same checksums), so databases made by earlier
/// versions carry on.
pub(crate) async fn migrate(pool: &Pool, db: &str) -> Result<Vec<Applied>> {
    if pool.backend() == Backend::Sqlite {
        return apply(pool, db, &sqlx::migrate!("migrations/sqlite")).await;
    }
    let mut lock = pool.acquire().await?;
    sql::query("SELECT pg_advisory_lock($1)").bind(MIGRATE_LOCK).execute(&mut lock).await?;
    let done = apply(pool, db, &sqlx::migrate!("migrations/postgres")).await;
    let unlocked = sql::query("SELECT pg_advisory_unlock($1)").bind(MIGRATE_LOCK).execute(&mut lock).await;
    let applied = done?;
    unlocked?;
    Ok(applied)
}

async fn apply(pool: &Pool, db: &str, migrator: &sqlx::migrate::Migrator) -> Result<Vec<Applied>> {
    let mut conn = pool.acquire().await?;
    let table = match pool.backend() {
        Backend::Sqlite => {
            "CREATE TABLE IF NOT EXISTS _sqlx_migrations (version BIGINT PRIMARY KEY, description TEXT NOT NULL, \
             installed_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, success BOOLEAN NOT NULL, \
             checksum BLOB NOT NULL, execution_time BIGINT NOT NULL)"
        }
        Backend::Postgres => {
            "CREATE TABLE IF NOT EXISTS _sqlx_migrations (version BIGINT PRIMARY KEY, description TEXT NOT NULL, \
             installed_on TIMESTAMPTZ NOT NULL DEFAULT now(), success BOOLEAN NOT NULL, \
             checksum BYTEA NOT NULL, execution_time BIGINT NOT NULL)"
        }
    };
    sql::query(table).execute(&mut conn).await?;
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
    if done.keys().any(|v| !migrator.iter().any(|m| m.version == *v)) {
        let path = database_file(db)?.map_or_else(|| without_password(db), |p| p.display().to_string());
        return Err(StoreError::Unusable { path, problem: Unusable::Newer });
    }
    let mut applied = Vec::new();
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
        tx.execute_batch(m.sql.as_str()).await?;
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
        applied.push(Applied { version: m.version, description: m.description.to_string() });
    }
    Ok(applied)
}

/// A `--db` value fit to show in a message: a URL's password is left out.
pub fn without_password(db: &str) -> String {
    let Some((scheme, rest)) = db.split_once("://") else { return db.to_owned() };
    let (authority, path) = rest.split_once('/').map_or((rest, ""), |(a, p)| (a, p));
    match authority.rsplit_once('@') {
        Some((user, host)) => {
            let user = user.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}@{host}/{path}")
        }
        None => db.to_owned(),
    }
}
