//! Copying a whole database into another, on either backend (SQLite to PostgreSQL and back):
//! every row of every table, read from one consistent moment of the source (a read-only
//! transaction, while the source's writers go on) and written in one transaction on the target
//! (which holds the target's write lock throughout), in batches. After the commit every table's
//! rows are counted again in the target and compared with the source's count; a difference is an
//! error. Both stores are migrated by this build when opened, so their schemas are the same; the
//! copy checks that they are and that the same migrations were applied.
//!
//! `sciatica copy` moves a clinic between backends with it, and a backup or restore of a
//! PostgreSQL database is a copy to or from an SQLite backup file (`backup`).

mod rows;
mod schema;
mod target;

use crate::{Result, Store, StoreError};

/// What the target may hold before the copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overwrite {
    /// Nothing: a target with any row is refused.
    Nothing,
    /// Anything: the target's rows are deleted first, in the copy's transaction.
    Everything,
    /// Anything but patients (a restore without `--replace`): the rows are deleted first.
    UnlessPatients,
}

/// One table's rows: counted in the source's snapshot, and in the target after the commit.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TableCount {
    /// The table.
    pub table: String,
    /// Rows in the source.
    pub source: i64,
    /// Rows in the target, read back after the commit.
    pub target: i64,
}

/// What a copy moved: every table in the order copied (each after the tables it refers to).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Counted {
    /// The tables.
    pub tables: Vec<TableCount>,
    /// Rows in all of them (as read back from the target).
    pub rows: i64,
}

impl Counted {
    /// The tables whose counts differ, as `table (source N, target M)`.
    fn differences(&self) -> Vec<String> {
        self.tables
            .iter()
            .filter(|t| t.source != t.target)
            .map(|t| format!("{} (source {}, target {})", t.table, t.source, t.target))
            .collect()
    }
}

fn refused(field: &str, problem: String) -> StoreError {
    StoreError::Invalid { field: field.to_owned(), problem }
}

/// The versions of the migrations applied to a database.
async fn migrations(conn: &mut crate::sql::Conn) -> Result<Vec<i64>> {
    let rows =
        crate::sql::query("SELECT version FROM _sqlx_migrations ORDER BY version").fetch_all(conn).await?;
    rows.iter().map(|r| Ok(r.try_get("version")?)).collect()
}

/// Refuses a target that holds what `overwrite` does not allow; says whether it holds anything.
fn allowed(held: &[(String, i64)], overwrite: Overwrite) -> Result<bool> {
    let holding: Vec<String> = held.iter().filter(|(_, n)| *n > 0).map(|(t, n)| format!("{t} {n}")).collect();
    let patients = held.iter().find(|(t, _)| t == "patients").map_or(0, |(_, n)| *n);
    match overwrite {
        Overwrite::Nothing if !holding.is_empty() => Err(refused(
            "to",
            format!("is not empty (rows: {}); add --replace to empty it first", holding.join(", ")),
        )),
        Overwrite::UnlessPatients if patients > 0 => Err(refused(
            "db",
            format!("holds {patients} patient(s); add --replace to overwrite it with the backup"),
        )),
        _ => Ok(!holding.is_empty()),
    }
}

impl Store {
    /// Copies every row of this database into `to` (see the module's documentation) and returns
    /// every table's count in both, verified; `overwrite` says what `to` may hold before.
    /// Another instance working on `to` meanwhile waits for the copy's write lock, and then
    /// reads the copied records, not the ones it kept.
    pub async fn copy_to(&self, to: &Store, overwrite: Overwrite) -> Result<Counted> {
        let mut source = self.pool.snapshot().await?;
        let tables = schema::tables(&mut source).await?;
        let mut target = to.pool.begin().await?;
        schema::same_tables(&tables, &schema::tables(&mut target).await?)?;
        let (ours, theirs) = (migrations(&mut source).await?, migrations(&mut target).await?);
        if ours != theirs {
            return Err(refused(
                "to",
                format!(
                    "has migrations {theirs:?} applied, the source {ours:?}: open both with this version first"
                ),
            ));
        }
        let mut held = Vec::with_capacity(tables.len());
        for t in &tables {
            held.push((t.name.clone(), rows::count(&mut target, &t.name).await?));
        }
        let replacing = allowed(&held, overwrite)?;
        let again = target::triggers_off(&mut target).await?;
        let highest = if replacing { target::highest_revision(&mut target).await? } else { None };
        if replacing {
            target::empty(&mut target, &tables).await?;
        }
        let mut counted = Vec::with_capacity(tables.len());
        for t in &tables {
            let n = rows::count(&mut source, &t.name).await?;
            let copied = rows::copy_table(&mut source, &mut target, t).await?;
            if copied != n {
                return Err(StoreError::CopyDiffers(format!(
                    "{} rows of {n} in {} were read",
                    copied, t.name
                )));
            }
            counted.push((t.name.clone(), n));
        }
        if let Some(highest) = highest {
            target::raise_revisions(&mut target, highest).await?;
        }
        target::triggers_on(&mut target, &again).await?;
        target.commit().await?;
        source.commit().await?;
        let mut conn = to.pool.acquire().await?;
        let mut out = Counted { tables: Vec::with_capacity(counted.len()), rows: 0 };
        for (table, source) in counted {
            let target = rows::count(&mut conn, &table).await?;
            out.rows += target;
            out.tables.push(TableCount { table, source, target });
        }
        let differences = out.differences();
        if !differences.is_empty() {
            return Err(StoreError::CopyDiffers(format!(
                "these tables' rows differ after the commit: {}",
                differences.join(", ")
            )));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn held(rows: &[(&str, i64)]) -> Vec<(String, i64)> {
        rows.iter().map(|(t, n)| ((*t).to_owned(), *n)).collect()
    }

    #[test]
    fn a_target_holding_rows_is_replaced_only_when_allowed() {
        let empty = held(&[("patients", 0), ("users", 0)]);
        let staff = held(&[("patients", 0), ("users", 2)]);
        let clinic = held(&[("patients", 3), ("users", 4)]);
        for overwrite in [Overwrite::Nothing, Overwrite::Everything, Overwrite::UnlessPatients] {
            assert!(!allowed(&empty, overwrite).unwrap(), "an empty target is not emptied");
        }
        let err = allowed(&staff, Overwrite::Nothing).unwrap_err().to_string();
        assert!(err.contains("`to`") && err.contains("users 2") && err.contains("--replace"), "{err}");
        assert!(allowed(&staff, Overwrite::UnlessPatients).unwrap(), "accounts alone are replaced");
        let err = allowed(&clinic, Overwrite::UnlessPatients).unwrap_err().to_string();
        assert!(err.contains("holds 3 patient(s)") && err.contains("--replace"), "{err}");
        assert!(allowed(&clinic, Overwrite::Everything).unwrap());
    }

    #[test]
    fn counts_that_differ_are_named() {
        let c = Counted {
            tables: vec![
                TableCount { table: "patients".into(), source: 3, target: 3 },
                TableCount { table: "sessions".into(), source: 10, target: 9 },
            ],
            rows: 12,
        };
        assert_eq!(c.differences(), ["sessions (source 10, target 9)"]);
    }
}
