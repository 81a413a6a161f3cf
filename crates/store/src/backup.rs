//! Backup and restore of a database file with SQLite's online backup: a backup is taken while the
//! server keeps writing (the copy is one consistent moment: every page is copied in one step, under
//! one read transaction, which in WAL mode does not hold up writers), and a restore copies a
//! checked backup into place through SQLite, so the file, its write-ahead log and its header stay
//! consistent.
//!
//! Not on PostgreSQL: a server database is backed up with the server's own tools (`pg_dump` for
//! a logical copy, `pg_basebackup` with WAL archiving for point-in-time recovery), and
//! [`Store::backup`] says so instead of copying anything.

use crate::error::Unusable;
use crate::{Result, Store, StoreError};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// What a backup or restore copied.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Copied {
    /// The file written.
    pub file: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
    /// Patients in it.
    pub patients: i64,
    /// Sessions in it.
    pub sessions: i64,
}

fn invalid(field: &str, problem: impl Into<String>) -> StoreError {
    StoreError::Invalid { field: field.to_owned(), problem: problem.into() }
}

/// Copies every page of `from` into `to` in one step, retrying while the source is locked.
fn copy(from: &Connection, to: &mut Connection) -> Result<()> {
    let backup = Backup::new(from, to)?;
    for _ in 0..500 {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            StepResult::More | StepResult::Busy | StepResult::Locked => {
                std::thread::sleep(Duration::from_millis(10));
            }
            _ => {}
        }
    }
    Err(StoreError::Unusable { path: String::new(), problem: Unusable::Busy })
}

/// `integrity_check` says "ok".
fn check_integrity(conn: &Connection, path: &Path) -> Result<()> {
    let verdict: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if verdict == "ok" {
        Ok(())
    } else {
        Err(StoreError::Unusable { path: path.display().to_string(), problem: Unusable::NotDatabase })
    }
}

fn counts(conn: &Connection, file: &Path) -> Result<Copied> {
    let count = |table: &str| -> Result<i64> {
        Ok(conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))?)
    };
    Ok(Copied {
        file: file.to_owned(),
        bytes: std::fs::metadata(file).map_or(0, |m| m.len()),
        patients: count("patients")?,
        sessions: count("sessions")?,
    })
}

/// Reads a backup file and checks it is a whole sciatica database this version can use.
fn open_backup(path: &Path) -> Result<Connection> {
    let unusable = |problem| StoreError::Unusable { path: path.display().to_string(), problem };
    if !path.is_file() {
        return Err(invalid("backup", format!("{} is not a file", path.display())));
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|_| unusable(Unusable::CannotOpen))?;
    check_integrity(&conn, path).map_err(|_| unusable(Unusable::NotDatabase))?;
    let mut stmt = conn
        .prepare("SELECT version FROM _sqlx_migrations ORDER BY version")
        .map_err(|_| unusable(Unusable::OtherProgram))?;
    let versions = stmt.query_map([], |r| r.get::<_, i64>(0))?.collect::<std::result::Result<Vec<_>, _>>()?;
    drop(stmt);
    let known = crate::db::known_versions();
    if versions.iter().any(|v| !known.contains(v)) {
        return Err(unusable(Unusable::Newer));
    }
    Ok(conn)
}

impl Store {
    /// Writes a consistent copy of the database to `to`, which must not exist yet, while other
    /// requests go on; the copy is checked with `integrity_check` before this returns.
    pub async fn backup(&self, to: &Path) -> Result<Copied> {
        if self.pool.backend() == crate::sql::Backend::Postgres {
            return Err(invalid(
                "db",
                "a PostgreSQL database is backed up with the server's tools, not here: use pg_dump \
                 (or pg_basebackup with WAL archiving)",
            ));
        }
        let Some(from) = self.pool.file().map(Path::to_owned) else {
            return Err(invalid("db", "an in-memory database cannot be backed up"));
        };
        if to.exists() {
            return Err(invalid("file", format!("{} exists already; choose a new file", to.display())));
        }
        let to = to.to_owned();
        tokio::task::spawn_blocking(move || -> Result<Copied> {
            let source = Connection::open_with_flags(&from, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
            let mut target = Connection::open(&to)?;
            let done = copy(&source, &mut target).and_then(|()| {
                // One file, no write-ahead log beside it: easy to move and to keep.
                target.pragma_update(None, "journal_mode", "DELETE")?;
                check_integrity(&target, &to)?;
                counts(&target, &to)
            });
            drop(target);
            if done.is_err() {
                let _ = std::fs::remove_file(&to);
            }
            done
        })
        .await
        .map_err(|e| StoreError::Corrupt(format!("the backup stopped: {e}")))?
    }
}

/// Replaces the database at `db` with the backup at `from`. The backup is checked first (a whole
/// database, `integrity_check` ok, made by this version or an earlier one); a database that holds
/// patients is replaced only with `replace`. The server must not be running on `db`: it keeps
/// records in memory. Records keep revision numbers above any the replaced file had, so a reader
/// that still holds one reads it again. Newer migrations are applied by the next open.
pub fn restore(from: &Path, db: &Path, replace: bool) -> Result<Copied> {
    let backup = open_backup(from)?;
    let mut target = Connection::open(db)?;
    target.busy_timeout(Duration::from_secs(5))?;
    let has = |conn: &Connection, table: &str| -> Result<bool> {
        Ok(conn.query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
            [table],
            |r| r.get::<_, i64>(0),
        )? > 0)
    };
    let mut revision = 0_i64;
    if has(&target, "patients")? {
        let patients: i64 = target.query_row("SELECT COUNT(*) FROM patients", [], |r| r.get(0))?;
        if patients > 0 && !replace {
            return Err(invalid(
                "db",
                format!(
                    "{} holds {patients} patient(s); add --replace to overwrite it with the backup",
                    db.display()
                ),
            ));
        }
        if has(&target, "patient_records")? {
            revision =
                target.query_row("SELECT COALESCE(MAX(rev), 0) FROM patient_records", [], |r| r.get(0))?;
        }
    }
    copy(&backup, &mut target)?;
    target.pragma_update(None, "journal_mode", "WAL")?;
    if revision > 0 && has(&target, "patient_records")? {
        target.execute("UPDATE patient_records SET rev = rev + ?1", [revision + 1])?;
    }
    check_integrity(&target, db)?;
    target.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?;
    counts(&target, db)
}
