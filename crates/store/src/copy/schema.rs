//! The tables a copy moves, read from the database's own catalogue (as `tests/schema_parity.rs`
//! reads them): their columns, primary keys and the tables their foreign keys point to, put in
//! an order in which every table comes after the tables it refers to. The migrator's own
//! bookkeeping table is not among them: each backend keeps its own (its checksums are of that
//! backend's migrations).

use crate::sql::{self, Backend, Conn};
use crate::{Result, StoreError};
use std::collections::{BTreeMap, BTreeSet};

/// The migrator's bookkeeping table.
const BOOKKEEPING: &str = "_sqlx_migrations";

/// A table to copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Table {
    /// Its name.
    pub(crate) name: String,
    /// Its columns, in the catalogue's order.
    pub(crate) columns: Vec<String>,
    /// The columns of its primary key, in the key's order (empty: the table has none).
    pub(crate) key: Vec<String>,
    /// The other tables its foreign keys refer to.
    pub(crate) refers_to: BTreeSet<String>,
}

/// A name as an SQL identifier, quoted (both backends quote with `"`).
pub(crate) fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Every table of the database but the migrator's, in an order that satisfies the foreign keys.
pub(crate) async fn tables(conn: &mut Conn) -> Result<Vec<Table>> {
    let (list, columns, refers) = match conn.backend() {
        Backend::Sqlite => (
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            "SELECT name, pk FROM pragma_table_info($1) ORDER BY cid",
            "SELECT DISTINCT \"table\" AS name FROM pragma_foreign_key_list($1)",
        ),
        Backend::Postgres => (
            "SELECT relname::text AS name FROM pg_class \
             WHERE relnamespace = current_schema()::regnamespace AND relkind = 'r'",
            // The column's place in the primary key, from 1 (0: not in it), as SQLite's `pk`.
            "SELECT a.attname::text AS name, COALESCE((SELECT k.o FROM unnest(x.indkey) WITH ORDINALITY \
             k(attnum, o) WHERE k.attnum = a.attnum), 0)::bigint AS pk \
             FROM pg_attribute a LEFT JOIN pg_index x ON x.indrelid = a.attrelid AND x.indisprimary \
             WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
            "SELECT DISTINCT confrelid::regclass::text AS name FROM pg_constraint \
             WHERE contype = 'f' AND conrelid = $1::regclass",
        ),
    };
    let mut names = Vec::new();
    for row in sql::query(list).fetch_all(&mut *conn).await? {
        let name: String = row.try_get("name")?;
        if name != BOOKKEEPING {
            names.push(name);
        }
    }
    let mut found = Vec::with_capacity(names.len());
    for name in names {
        let mut cols = Vec::new();
        let mut key = BTreeMap::new();
        for row in sql::query(columns).bind(name.clone()).fetch_all(&mut *conn).await? {
            let column: String = row.try_get("name")?;
            let place: i64 = row.try_get("pk")?;
            if place > 0 {
                key.insert(place, column.clone());
            }
            cols.push(column);
        }
        let mut refers_to = BTreeSet::new();
        for row in sql::query(refers).bind(name.clone()).fetch_all(&mut *conn).await? {
            let other: String = row.try_get("name")?;
            if other != name {
                refers_to.insert(other);
            }
        }
        found.push(Table { name, columns: cols, key: key.into_values().collect(), refers_to });
    }
    in_dependency_order(found)
}

/// The tables with each one after every table it refers to (ties by name, so the order is the
/// same on both backends).
pub(crate) fn in_dependency_order(tables: Vec<Table>) -> Result<Vec<Table>> {
    let mut left: BTreeMap<String, Table> = tables.into_iter().map(|t| (t.name.clone(), t)).collect();
    let mut done: BTreeSet<String> = BTreeSet::new();
    let mut ordered = Vec::with_capacity(left.len());
    while !left.is_empty() {
        let ready: Vec<String> = left
            .values()
            .filter(|t| t.refers_to.iter().all(|r| done.contains(r) || !left.contains_key(r)))
            .map(|t| t.name.clone())
            .collect();
        if ready.is_empty() {
            let names: Vec<&str> = left.keys().map(String::as_str).collect();
            return Err(StoreError::Corrupt(format!(
                "the foreign keys of these tables form a cycle: {}",
                names.join(", ")
            )));
        }
        for name in ready {
            if let Some(t) = left.remove(&name) {
                done.insert(name);
                ordered.push(t);
            }
        }
    }
    Ok(ordered)
}

/// Refuses a target whose tables or columns are not the source's.
pub(crate) fn same_tables(source: &[Table], target: &[Table]) -> Result<()> {
    let columns = |tables: &[Table]| -> BTreeMap<String, BTreeSet<String>> {
        tables.iter().map(|t| (t.name.clone(), t.columns.iter().cloned().collect())).collect()
    };
    let (ours, theirs) = (columns(source), columns(target));
    for (name, cols) in &ours {
        let problem = match theirs.get(name) {
            None => format!("has no table {name}"),
            Some(other) if other != cols => format!("has other columns in table {name}"),
            Some(_) => continue,
        };
        return Err(schema_differs(&problem));
    }
    if let Some(name) = theirs.keys().find(|n| !ours.contains_key(*n)) {
        return Err(schema_differs(&format!("has a table {name} the source has not")));
    }
    Ok(())
}

fn schema_differs(problem: &str) -> StoreError {
    StoreError::Invalid {
        field: "to".to_owned(),
        problem: format!("its schema is not the source's: it {problem}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(name: &str, refers_to: &[&str]) -> Table {
        Table {
            name: name.to_owned(),
            columns: vec!["id".to_owned()],
            key: vec!["id".to_owned()],
            refers_to: refers_to.iter().map(|r| (*r).to_owned()).collect(),
        }
    }

    fn names(tables: &[Table]) -> Vec<&str> {
        tables.iter().map(|t| t.name.as_str()).collect()
    }

    #[test]
    fn every_table_comes_after_the_tables_it_refers_to() {
        let tables = vec![
            table("harm_reports", &["sessions", "patients"]),
            table("sessions", &["patients", "programs"]),
            table("audit_log", &[]),
            table("programs", &["patients"]),
            table("patients", &[]),
        ];
        let ordered = in_dependency_order(tables).unwrap();
        assert_eq!(names(&ordered), ["audit_log", "patients", "programs", "sessions", "harm_reports"]);
    }

    #[test]
    fn a_cycle_of_foreign_keys_is_an_error_naming_the_tables() {
        let tables = vec![table("a", &["b"]), table("b", &["a"]), table("c", &[])];
        let err = in_dependency_order(tables).unwrap_err().to_string();
        assert!(err.ends_with("a cycle: a, b"), "{err}");
    }

    #[test]
    fn a_target_with_other_tables_or_columns_is_refused_naming_the_table() {
        let source = vec![table("patients", &[]), table("sessions", &["patients"])];
        assert!(same_tables(&source, &source).is_ok());
        let missing = same_tables(&source, &source[..1]).unwrap_err().to_string();
        assert!(missing.contains("no table sessions"), "{missing}");
        let mut other = source.clone();
        other[1].columns.push("extra".to_owned());
        let columns = same_tables(&source, &other).unwrap_err().to_string();
        assert!(columns.contains("other columns in table sessions"), "{columns}");
        let more = same_tables(&source[..1], &source).unwrap_err().to_string();
        assert!(more.contains("sessions the source has not"), "{more}");
    }

    /// Both backends' catalogues, migrated by this build, give the same tables, columns, keys
    /// (in the key's order) and references, and so the same order.
    #[tokio::test]
    async fn both_backends_describe_the_same_tables() {
        let Some(pg) = crate::testing::postgres_database("copy::schema").await.unwrap() else { return };
        let dir = std::env::temp_dir().join(format!("sciatica-schema-{}", crate::new_id()));
        std::fs::create_dir(&dir).unwrap();
        let mut described = Vec::new();
        for url in [dir.join("s.sqlite").to_string_lossy().into_owned(), pg] {
            let store = crate::Store::open(&url).await.unwrap();
            let mut conn = store.pool.acquire().await.unwrap();
            let mut found = tables(&mut conn).await.unwrap();
            for t in &mut found {
                t.columns.sort();
            }
            drop(conn);
            store.close().await;
            described.push(found);
        }
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(described[0], described[1]);
        let keyed = |name: &str| described[1].iter().find(|t| t.name == name).unwrap().key.clone();
        assert_eq!(keyed("session_exercises"), ["session_id", "position"]);
        assert_eq!(keyed("harm_reports"), ["patient_id", "id"]);
        assert_eq!(keyed("patients"), ["id"]);
        assert!(keyed("login_failures").is_empty());
    }

    #[test]
    fn names_are_quoted_as_identifiers() {
        assert_eq!(quoted("key"), "\"key\"");
        assert_eq!(quoted("odd\"name"), "\"odd\"\"name\"");
    }
}
