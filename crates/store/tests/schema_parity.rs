//! Schema parity: both backends, migrated by this build, hold the same tables; the same columns
//! (name, nullability, a normalised type); the same primary keys, unique keys (with or without a
//! condition), foreign keys (with their `ON DELETE`), named CHECK constraints, other indexes and
//! triggers. Each schema is read from the database's own catalogue and written as one line per
//! fact; any line on one side only fails the test.

use sciatica_store::Store;
use sqlx::Row as _;
use std::collections::{BTreeMap, BTreeSet};

/// Tables the migrator keeps for itself.
const BOOKKEEPING: &str = "_sqlx_migrations";

/// One type name for both backends' spelling of the portable column types.
fn normal_type(t: &str) -> String {
    match t.to_ascii_lowercase().as_str() {
        "text" => "text".into(),
        "bigint" => "bigint".into(),
        "double precision" | "real" => "double".into(),
        "blob" | "bytea" => "bytes".into(),
        other => format!("unportable type {other}"),
    }
}

fn on_delete(action: &str) -> &str {
    match action.to_ascii_uppercase().as_str() {
        "CASCADE" | "C" => "cascade",
        "SET NULL" | "N" => "set null",
        "SET DEFAULT" | "D" => "set default",
        "RESTRICT" | "R" => "restrict",
        _ => "no action",
    }
}

/// The names of the `CONSTRAINT name CHECK` clauses in a table's definition.
fn check_names(sql: &str) -> Vec<String> {
    let words: Vec<&str> = sql.split_whitespace().collect();
    words
        .windows(3)
        .filter(|w| w[0].eq_ignore_ascii_case("CONSTRAINT") && w[2].to_ascii_uppercase().starts_with("CHECK"))
        .map(|w| w[1].to_owned())
        .collect()
}

fn sqlite_schema(path: &str) -> BTreeSet<String> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let strings = |sql: &str| -> Vec<Vec<String>> {
        let mut stmt = conn.prepare(sql).unwrap();
        let width = stmt.column_count();
        stmt.query_map([], |r| {
            (0..width)
                .map(|i| {
                    Ok(match r.get_ref(i)? {
                        rusqlite::types::ValueRef::Integer(n) => n.to_string(),
                        rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                        rusqlite::types::ValueRef::Null => String::new(),
                        other => format!("{other:?}"),
                    })
                })
                .collect()
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
    };
    let mut facts = BTreeSet::new();
    let tables = strings(&format!(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         AND name <> '{BOOKKEEPING}'"
    ));
    for t in &tables {
        let (table, sql) = (&t[0], &t[1]);
        facts.insert(format!("table {table}"));
        let mut pk = BTreeMap::new();
        for c in strings(&format!("SELECT name, type, \"notnull\", pk FROM pragma_table_info('{table}')")) {
            // A primary key column is NOT NULL on PostgreSQL; SQLite allows NULL in a TEXT key
            // but the store never writes one.
            let not_null = c[2] == "1" || c[3] != "0";
            let null = if not_null { "not null" } else { "null" };
            facts.insert(format!("column {table}.{} {} {null}", c[0], normal_type(&c[1])));
            if c[3] != "0" {
                pk.insert(c[3].parse::<i64>().unwrap(), c[0].clone());
            }
        }
        if !pk.is_empty() {
            facts
                .insert(format!("primary key {table} ({})", pk.into_values().collect::<Vec<_>>().join(", ")));
        }
        for i in
            strings(&format!("SELECT name, \"unique\", origin, partial FROM pragma_index_list('{table}')"))
        {
            let columns = strings(&format!("SELECT name FROM pragma_index_info('{}') ORDER BY seqno", i[0]));
            let columns: Vec<&str> = columns.iter().map(|c| c[0].as_str()).collect();
            let columns = columns.join(", ");
            match (i[1].as_str(), i[2].as_str()) {
                (_, "pk") => {}
                ("1", _) => {
                    let partial = if i[3] == "1" { " where …" } else { "" };
                    facts.insert(format!("unique {table} ({columns}){partial}"));
                }
                _ => {
                    facts.insert(format!("index {table} {} ({columns})", i[0]));
                }
            }
        }
        let mut fks: BTreeMap<String, (String, Vec<String>, Vec<String>, String)> = BTreeMap::new();
        for f in strings(&format!(
            "SELECT id, \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list('{table}') ORDER BY id, seq"
        )) {
            let e = fks.entry(f[0].clone()).or_insert_with(|| (f[1].clone(), vec![], vec![], f[4].clone()));
            e.1.push(f[2].clone());
            e.2.push(f[3].clone());
        }
        for (to, from, cols, del) in fks.into_values() {
            let (from, cols, del) = (from.join(", "), cols.join(", "), on_delete(&del));
            facts.insert(format!("foreign key {table} ({from}) → {to} ({cols}) on delete {del}"));
        }
        for name in check_names(sql) {
            facts.insert(format!("check {table} {name}"));
        }
    }
    for t in strings("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'") {
        facts.insert(format!("trigger {} {}", t[0], t[1]));
    }
    facts
}

async fn postgres_schema(url: &str) -> BTreeSet<String> {
    let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(url).await.unwrap();
    let mut rows = async |sql: &'static str| -> Vec<Vec<String>> {
        let rows = sqlx::query(sql).fetch_all(&mut conn).await.unwrap();
        rows.iter()
            .map(|r| (0..r.len()).map(|i| r.get::<Option<String>, _>(i).unwrap_or_default()).collect())
            .collect()
    };
    let mut facts = BTreeSet::new();
    for t in rows(
        "SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> '_sqlx_migrations'",
    )
    .await
    {
        facts.insert(format!("table {}", t[0]));
    }
    for c in rows(
        "SELECT c.relname::text, a.attname::text, format_type(a.atttypid, a.atttypmod), \
         CASE WHEN a.attnotnull THEN 'not null' ELSE 'null' END \
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> '_sqlx_migrations' \
         AND a.attnum > 0 AND NOT a.attisdropped",
    )
    .await
    {
        facts.insert(format!("column {}.{} {} {}", c[0], c[1], normal_type(&c[2]), c[3]));
    }
    // Indexes: the primary key, unique ones (a UNIQUE constraint or a unique index), the others.
    for i in rows(
        "SELECT t.relname::text, i.relname::text, \
         CASE WHEN x.indisprimary THEN 'p' WHEN x.indisunique THEN 'u' ELSE 'i' END, \
         CASE WHEN x.indpred IS NULL THEN '' ELSE ' where …' END, \
         array_to_string(ARRAY(SELECT a.attname::text FROM unnest(x.indkey) WITH ORDINALITY k(attnum, o) \
           JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.o), ', ') \
         FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid \
         JOIN pg_namespace n ON n.oid = t.relnamespace \
         WHERE n.nspname = 'public' AND t.relname <> '_sqlx_migrations'",
    )
    .await
    {
        let (table, name, kind, partial, columns) = (&i[0], &i[1], &i[2], &i[3], &i[4]);
        facts.insert(match kind.as_str() {
            "p" => format!("primary key {table} ({columns})"),
            "u" => format!("unique {table} ({columns}){partial}"),
            _ => format!("index {table} {name} ({columns})"),
        });
    }
    for f in rows(
        "SELECT c.conrelid::regclass::text, c.confrelid::regclass::text, \
         array_to_string(ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(attnum, o) \
           JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.o), ', '), \
         array_to_string(ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(attnum, o) \
           JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.o), ', '), \
         c.confdeltype::text \
         FROM pg_constraint c WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace",
    )
    .await
    {
        let del = on_delete(&f[4]);
        facts.insert(format!("foreign key {} ({}) → {} ({}) on delete {del}", f[0], f[2], f[1], f[3]));
    }
    for c in rows(
        "SELECT conrelid::regclass::text, conname::text FROM pg_constraint \
         WHERE contype = 'c' AND connamespace = 'public'::regnamespace",
    )
    .await
    {
        facts.insert(format!("check {} {}", c[0], c[1]));
    }
    for t in rows("SELECT tgrelid::regclass::text, tgname::text FROM pg_trigger WHERE NOT tgisinternal").await
    {
        facts.insert(format!("trigger {} {}", t[0], t[1]));
    }
    facts
}

#[tokio::test]
async fn both_backends_migrate_to_the_same_schema() {
    let Some(pg) = sciatica_store::testing::postgres_database("schema_parity").await.unwrap() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("parity.sqlite").to_string_lossy().into_owned();
    Store::open(&path).await.unwrap().close().await;
    Store::open(&pg).await.unwrap().close().await;
    let lite = sqlite_schema(&path);
    let post = postgres_schema(&pg).await;
    assert!(lite.len() > 100, "the SQLite schema was read: {lite:#?}");
    let only_lite: Vec<&String> = lite.difference(&post).collect();
    let only_post: Vec<&String> = post.difference(&lite).collect();
    assert!(
        only_lite.is_empty() && only_post.is_empty(),
        "the schemas differ\nonly on SQLite: {only_lite:#?}\nonly on PostgreSQL: {only_post:#?}"
    );
}
