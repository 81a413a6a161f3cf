//! Backup and restore. A backup is always one checked SQLite file, whichever backend the
//! database is on:
//!
//! - SQLite: SQLite's online backup, taken while the server keeps writing (the copy is one
//!   consistent moment: every page is copied in one step, under one read transaction, which in
//!   WAL mode does not hold up writers); a restore copies a checked backup into place through
//!   SQLite, so the file, its write-ahead log and its header stay consistent.
//! - PostgreSQL: a copy (`copy`) of every row from one snapshot of the server database into a
//!   new SQLite file, checked as above; a restore copies a checked backup's rows into the server
//!   database in one transaction, replacing what it held. For point-in-time recovery of a large
//!   deployment the server's own tools remain the ones to use (`pg_basebackup` with WAL
//!   archiving, or `pg_dump`).

use crate::copy::Overwrite;
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
        if to.exists() {
            return Err(invalid("file", format!("{} exists already; choose a new file", to.display())));
        }
        if self.pool.backend() == crate::sql::Backend::Postgres {
            return self.backup_by_copy(to).await;
        }
        let Some(from) = self.pool.file().map(Path::to_owned) else {
            return Err(invalid("db", "an in-memory database cannot be backed up"));
        };
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

impl Store {
    /// A backup of a server database: its rows from one snapshot copied into a new SQLite file
    /// (made with this version's schema), which is then made one file and checked as an SQLite
    /// backup is. A file left half-written is removed.
    async fn backup_by_copy(&self, to: &Path) -> Result<Copied> {
        let Some(path) = to.to_str() else {
            return Err(invalid("file", format!("{} is not a path this program can name", to.display())));
        };
        let made = async {
            let file = Store::open(path).await?;
            let copied = self.copy_to(&file, Overwrite::Nothing).await;
            file.close().await;
            copied?;
            let to = to.to_owned();
            tokio::task::spawn_blocking(move || -> Result<Copied> {
                let conn = Connection::open(&to)?;
                conn.pragma_update(None, "journal_mode", "DELETE")?;
                check_integrity(&conn, &to)?;
                counts(&conn, &to)
            })
            .await
            .map_err(|e| StoreError::Corrupt(format!("the backup stopped: {e}")))?
        }
        .await;
        if made.is_err() {
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let _ = std::fs::remove_file(format!("{path}{suffix}"));
            }
        }
        made
    }

    /// Replaces this database's rows with those of the backup at `from`, in one transaction:
    /// the backup is checked first (a whole database, `integrity_check` ok, made by this version
    /// or an earlier one), copied to a private folder in the temporary directory and brought up
    /// to this version's schema there (the backup file itself is only read), and its rows are
    /// then copied in. A database that holds patients is replaced only with `replace`. Records
    /// get revision numbers above any the replaced rows had, so a server still running on the
    /// database reads them again. For a database on a server; an SQLite file is restored in
    /// place with [`restore`].
    pub async fn restore_from(&self, from: &Path, replace: bool) -> Result<Copied> {
        let scratch = Scratch::new()?;
        let work = scratch.0.join("restoring.sqlite");
        let (backup, into) = (from.to_owned(), work.clone());
        tokio::task::spawn_blocking(move || -> Result<()> {
            let source = open_backup(&backup)?;
            let mut copy_of = Connection::open(&into)?;
            copy(&source, &mut copy_of)
        })
        .await
        .map_err(|e| StoreError::Corrupt(format!("the restore stopped: {e}")))??;
        let Some(work) = work.to_str() else {
            return Err(invalid("file", "the temporary folder is not a path this program can name"));
        };
        let source = Store::open(work).await?;
        let overwrite = if replace { Overwrite::Everything } else { Overwrite::UnlessPatients };
        let copied = source.copy_to(self, overwrite).await;
        source.close().await;
        drop(scratch);
        let counted = copied?;
        let rows = |table: &str| counted.tables.iter().find(|t| t.table == table).map_or(0, |t| t.target);
        Ok(Copied {
            file: from.to_owned(),
            bytes: std::fs::metadata(from).map_or(0, |m| m.len()),
            patients: rows("patients"),
            sessions: rows("sessions"),
        })
    }
}

/// A private folder in the temporary directory, removed with everything in it when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Result<Scratch> {
        let dir = std::env::temp_dir().join(format!("sciatica-restore-{}", crate::new_id()));
        let mut builder = std::fs::DirBuilder::new();
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(&dir).map_err(|_| StoreError::Unusable {
            path: std::env::temp_dir().display().to_string(),
            problem: Unusable::CannotOpen,
        })?;
        Ok(Scratch(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
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
