//! Copying a whole database between backends: a clinic copied from SQLite to PostgreSQL and back
//! holds the same rows, value for value (booleans as 0/1, integers at their limits, reals, text,
//! bytes and NULLs), in every table, the bookkeeping of triggers and revisions included; a
//! target that holds rows is emptied only when asked, and keeps its triggers.

mod common;

use common::{Backend, Fresh, answers, at, fresh_db, user};
use jiff::SignedDuration;
use sciatica_core::policy::Role;
use sciatica_core::{Content, Pain, Slot, triage};
use sciatica_store::auth::{Link, LinkKind};
use sciatica_store::clinician_time::NewTime;
use sciatica_store::copy::{Counted, Overwrite};
use sciatica_store::patients::Patient;
use sciatica_store::programs::SetBy;
use sciatica_store::sessions::{ExerciseDone, Finish, new_session};
use sciatica_store::tokens::NewApiToken;
use sciatica_store::{Store, StoreError};
use sqlx::{Column as _, Row as _, TypeInfo as _};
use std::collections::BTreeMap;

/// A stored value, the same whichever backend it was read from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Cell {
    Null,
    Int(i64),
    /// The bits of a real, so that cells order and compare exactly.
    Real(u64),
    Text(String),
    Bytes(Vec<u8>),
}

/// A row of the `kinds` table read through PostgreSQL's own types: flag, n, x, t, b.
type Kinds = (i64, Option<i64>, Option<f64>, Option<String>, Option<Vec<u8>>);

/// Every table but the migrator's, each with its rows in order.
type Contents = BTreeMap<String, Vec<Vec<Cell>>>;

/// A table that holds every kind of value a column can have on both backends, and one with a
/// primary key of two columns (read in batches after the last pair).
fn kinds_table(backend: Backend) -> String {
    let bytes = if backend == Backend::Sqlite { "BLOB" } else { "BYTEA" };
    format!(
        "CREATE TABLE kinds (id TEXT PRIMARY KEY, flag BIGINT NOT NULL CONSTRAINT kinds_flag CHECK (flag IN (0, 1)), \
         n BIGINT, x DOUBLE PRECISION, t TEXT, b {bytes}); \
         CREATE TABLE pairs (a TEXT NOT NULL, b BIGINT NOT NULL, PRIMARY KEY (a, b))"
    )
}

/// Runs one statement on the database, outside the store.
async fn execute(db: &Fresh, sql: &str) -> Result<(), String> {
    match db.backend {
        Backend::Sqlite => {
            rusqlite::Connection::open(&db.url).unwrap().execute_batch(sql).map_err(|e| e.to_string())
        }
        Backend::Postgres => {
            let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(&db.url).await.unwrap();
            let done = sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_owned())).execute(&mut conn).await;
            done.map(|_| ()).map_err(|e| e.to_string())
        }
    }
}

fn sqlite_contents(path: &str) -> Contents {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'")
        .unwrap();
    let tables: Vec<String> = stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
    let mut out = Contents::new();
    for table in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {table}")).unwrap();
        let width = stmt.column_count();
        let mut rows: Vec<Vec<Cell>> = stmt
            .query_map([], |r| {
                (0..width)
                    .map(|i| {
                        use rusqlite::types::ValueRef;
                        Ok(match r.get_ref(i)? {
                            ValueRef::Null => Cell::Null,
                            ValueRef::Integer(n) => Cell::Int(n),
                            ValueRef::Real(x) => Cell::Real(x.to_bits()),
                            ValueRef::Text(t) => Cell::Text(String::from_utf8(t.to_vec()).unwrap()),
                            ValueRef::Blob(b) => Cell::Bytes(b.to_vec()),
                        })
                    })
                    .collect()
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        rows.sort();
        out.insert(table, rows);
    }
    out
}

async fn postgres_contents(url: &str) -> Contents {
    let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(url).await.unwrap();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT relname::text FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' \
         AND relname <> '_sqlx_migrations'",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    let mut out = Contents::new();
    for table in tables {
        let sql = format!("SELECT * FROM {table}");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(&mut conn).await.unwrap();
        let mut cells: Vec<Vec<Cell>> = rows
            .iter()
            .map(|r| {
                (0..r.len())
                    .map(|i| match r.columns()[i].type_info().name() {
                        "INT8" => r.get::<Option<i64>, _>(i).map_or(Cell::Null, Cell::Int),
                        "FLOAT8" => {
                            r.get::<Option<f64>, _>(i).map_or(Cell::Null, |x| Cell::Real(x.to_bits()))
                        }
                        "TEXT" => r.get::<Option<String>, _>(i).map_or(Cell::Null, Cell::Text),
                        "BYTEA" => r.get::<Option<Vec<u8>>, _>(i).map_or(Cell::Null, Cell::Bytes),
                        other => panic!("{table}: a column of type {other}"),
                    })
                    .collect()
            })
            .collect();
        cells.sort();
        out.insert(table, cells);
    }
    out
}

async fn contents(db: &Fresh) -> Contents {
    match db.backend {
        Backend::Sqlite => sqlite_contents(&db.url),
        Backend::Postgres => postgres_contents(&db.url).await,
    }
}

fn session(p: &Patient, minute: i64) -> Finish {
    let started = at(minute);
    let mut s = new_session(Slot::Morning, jiff::civil::date(2026, 5, 28), started);
    s.ended_at = started + SignedDuration::from_mins(15);
    s.leg_pain_before = Some(Pain::new(5).unwrap());
    s.leg_pain_after = Some(Pain::new(3).unwrap());
    s.notes = Some("«better» after the \"press-up\"\nand 'walking'".to_owned());
    s.exercises = vec![ExerciseDone {
        id: "prone-lying".into(),
        sets_done: 1,
        reps_done: 1,
        hold_seconds: Some(120),
        completed: true,
        response: None,
        ..ExerciseDone::default()
    }];
    Finish::new(&p.id, s)
}

/// A small clinic with a row in most tables, a sign-in bookkeeping a trigger would get wrong,
/// repeated rows in the table without a primary key, and more rows than one batch holds.
async fn clinic(store: &Store, db: &Fresh) {
    let c = Content::embedded();
    let pat = user(store, "pat@example.org", Role::Patient).await;
    let clin = user(store, "clin@example.org", Role::Clinician).await;
    let patient = store.patient(pat.patient_id.as_deref().unwrap()).await.unwrap();
    store.add_to_care_team(&patient.id, &clin.id, None, at(1)).await.unwrap();
    let a = answers(&[]);
    store.record_screen(&patient, &a, &triage::screen(c, &a), at(2), SetBy::System).await.unwrap();
    for minute in [10, 40, 70] {
        store.finish_session(c, session(&patient, minute)).await.unwrap();
    }
    store.set_setting("inactive_days", "9").await.unwrap();
    store.save_draft(&patient.id, &serde_json::json!({ "step": 2 })).await.unwrap();
    store.save_screen_draft(&patient.id, &serde_json::json!({ "page": "bladder" })).await.unwrap();
    store.set_calendar_token(&patient.id, "feed-token", at(3)).await.unwrap();
    let token = NewApiToken {
        token_hash: "token-hash",
        user_id: &pat.id,
        name: "phone",
        expires_at: at(9000),
        authenticated_at: at(4),
    };
    store.issue_api_token(&token, at(4)).await.unwrap();
    let link = Link {
        token_hash: "link-hash".into(),
        kind: LinkKind::Invite,
        role: Role::Patient,
        email: Some("new@example.org".into()),
        user_id: None,
        created_by: Some(clin.id.clone()),
        expires_at: at(9000),
    };
    store.create_link(&link, at(5)).await.unwrap();
    let time = NewTime {
        patient_id: &patient.id,
        clinician_id: &clin.id,
        date: jiff::civil::date(2026, 5, 28),
        minutes: 12,
        note: "call",
    };
    store.record_clinician_time(&time, at(6)).await.unwrap();
    store
        .audit(Some(&clin.id), Some(Role::Clinician), "read_record", Some(&patient.id), "x", at(80))
        .await
        .unwrap();
    // Signed in at minute 90, then at 95 and out again: the account's last sign-in is 95 while
    // only the session of 90 is left (a trigger run again by the copy would say 90).
    store.create_auth_session("hash-90", &pat.id, at(90), at(9000)).await.unwrap();
    store.create_auth_session("hash-95", &pat.id, at(95), at(9000)).await.unwrap();
    store.delete_auth_session("hash-95").await.unwrap();
    let mut inserts = String::from("BEGIN;");
    for i in 0..1200 {
        // Pairs of equal rows: the table has no key to tell them apart.
        inserts.push_str(&format!(
            "INSERT INTO login_failures (key, at) VALUES ('email:x|10.0.0.{}', {});",
            i % 7,
            i / 2
        ));
    }
    for i in 0..2500 {
        // Neither column is unique alone, and batches end in the middle of a first one.
        inserts.push_str(&format!("INSERT INTO pairs (a, b) VALUES ('p-{}', {});", i % 3, i / 3));
    }
    for i in 0_i64..2500 {
        let n = match i % 5 {
            0 => i64::MIN.to_string(),
            1 => i64::MAX.to_string(),
            2 => "NULL".to_owned(),
            _ => (i * 7 - 5000).to_string(),
        };
        let x = ["0.1", "-1e300", "5e-324", "NULL", &format!("{i}.0 / 3")][usize::try_from(i % 5).unwrap()]
            .to_owned();
        let t = [
            "''",
            "'naïve ☕ \"quoted\" ''single'' \\ back\nline'",
            "NULL",
            &format!("'{}'", "x".repeat(usize::try_from(i % 97).unwrap())),
        ][usize::try_from(i % 4).unwrap()]
        .to_owned();
        let b = ["x''", "NULL", "x'00ff7f80'", "randomblob(300)"][usize::try_from(i % 4).unwrap()];
        inserts.push_str(&format!(
            "INSERT INTO kinds (id, flag, n, x, t, b) VALUES ('k{i:05}', {}, {n}, {x}, {t}, {b});",
            i % 2
        ));
    }
    inserts.push_str("COMMIT;");
    execute(db, &inserts).await.unwrap();
}

/// The same rows in every table, or a short account of the first tables that differ.
fn assert_same(got: &Contents, want: &Contents, what: &str) {
    let differ: Vec<String> = want
        .keys()
        .chain(got.keys())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .filter(|t| got.get(*t) != want.get(*t))
        .map(|t| {
            let (g, w) =
                (got.get(t).map_or(&[][..], Vec::as_slice), want.get(t).map_or(&[][..], Vec::as_slice));
            let cells = |(a, b): (&Vec<Cell>, &Vec<Cell>)| -> Vec<String> {
                let differ = a.iter().zip(b).enumerate().filter(|(_, (x, y))| x != y);
                differ.map(|(i, (x, y))| format!("column {i}: {x:?} instead of {y:?}")).collect()
            };
            let first = g.iter().zip(w).find(|(a, b)| a != b).map(cells).unwrap_or_default();
            format!("{t}: {} rows instead of {}; first different row: {first:?}", g.len(), w.len())
        })
        .collect();
    assert!(differ.is_empty(), "{what}: {differ:#?}");
}

fn assert_verified(counted: &Counted, source: &Contents) {
    let names: Vec<&str> = counted.tables.iter().map(|t| t.table.as_str()).collect();
    let place =
        |t: &str| names.iter().position(|n| *n == t).unwrap_or_else(|| panic!("{t} not copied: {names:?}"));
    assert!(place("patients") < place("sessions") && place("sessions") < place("session_exercises"));
    assert!(place("users") < place("auth_sessions") && place("programs") < place("sessions"));
    assert_eq!(names.len(), source.len(), "every table: {names:?}");
    for t in &counted.tables {
        assert_eq!(t.source, t.target, "{t:?}");
        assert_eq!(usize::try_from(t.target).unwrap(), source[&t.table].len(), "{t:?}");
    }
    let full = source.values().filter(|rows| !rows.is_empty()).count();
    assert!(full >= 20, "most tables hold rows: {full} of {}", source.len());
}

#[tokio::test]
async fn a_clinic_copied_to_postgres_and_back_holds_the_same_rows() {
    let Some(pg) = fresh_db(Backend::Postgres, "copy::round_trip").await else { return };
    let lite = fresh_db(Backend::Sqlite, "").await.unwrap();
    let back = fresh_db(Backend::Sqlite, "").await.unwrap();
    let mut stores = Vec::new();
    for db in [&lite, &pg, &back] {
        let store = Store::open(&db.url).await.unwrap();
        execute(db, &kinds_table(db.backend)).await.unwrap();
        stores.push(store);
    }
    clinic(&stores[0], &lite).await;
    let source = contents(&lite).await;
    assert_eq!((source["kinds"].len(), source["pairs"].len()), (2500, 2500));

    let there = stores[0].copy_to(&stores[1], Overwrite::Nothing).await.unwrap();
    assert_verified(&there, &source);
    assert_same(&contents(&pg).await, &source, "SQLite → PostgreSQL keeps every value");
    let again = stores[1].copy_to(&stores[2], Overwrite::Nothing).await.unwrap();
    assert_verified(&again, &source);
    assert_same(&contents(&back).await, &source, "PostgreSQL → SQLite keeps every value");

    // PostgreSQL holds them in its own types, not as text.
    let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(&pg.url).await.unwrap();
    let typed: Vec<Kinds> =
        sqlx::query_as("SELECT flag, n, x, t, b FROM kinds WHERE id IN ('k00001', 'k00002') ORDER BY id")
            .fetch_all(&mut conn)
            .await
            .unwrap();
    let naive = "naïve ☕ \"quoted\" 'single' \\ back\nline".to_owned();
    assert_eq!(
        typed,
        [
            (1, Some(i64::MAX), Some(-1e300), Some(naive), None),
            (0, None, Some(5e-324), None, Some(vec![0x00, 0xff, 0x7f, 0x80]))
        ]
    );
    let last: Option<i64> =
        sqlx::query_scalar("SELECT last_sign_in_at FROM users WHERE email = 'pat@example.org'")
            .fetch_one(&mut conn)
            .await
            .unwrap();
    assert_eq!(last, Some(at(95).as_millisecond()), "the copy did not run the sign-in trigger");
    for store in stores {
        store.close().await;
    }
}

on_both! {
    async fn a_target_holding_rows_is_replaced_only_when_asked_and_keeps_its_triggers(db) {
        let lite = fresh_db(Backend::Sqlite, "").await.unwrap();
        let source = Store::open(&lite.url).await.unwrap();
        let target = Store::open(&db.url).await.unwrap();
        for d in [&lite, &db] {
            execute(d, &kinds_table(d.backend)).await.unwrap();
        }
        clinic(&source, &lite).await;
        // The target has a clinic of its own: an account, an audit entry, a record with revisions.
        let other = user(&target, "other@example.org", Role::Patient).await;
        let patient = target.patient(other.patient_id.as_deref().unwrap()).await.unwrap();
        let a = answers(&[]);
        let c = Content::embedded();
        target.record_screen(&patient, &a, &triage::screen(c, &a), at(2), SetBy::System).await.unwrap();
        for minute in [10, 40, 70, 100] {
            target.finish_session(c, session(&patient, minute)).await.unwrap();
        }
        target.audit(None, None, "export", Some(&patient.id), "x", at(5)).await.unwrap();
        let before = contents(&db).await;
        let highest = before["patient_records"].iter().map(|r| r[4].clone()).max().unwrap();

        let refused = source.copy_to(&target, Overwrite::Nothing).await.unwrap_err();
        assert!(
            matches!(&refused, StoreError::Invalid { field, problem } if field == "to" && problem.contains("--replace")),
            "{refused}"
        );
        assert_same(&contents(&db).await, &before, "a refused copy changes nothing");

        source.copy_to(&target, Overwrite::Everything).await.unwrap();
        let (mut copied, mut held) = (contents(&db).await, sqlite_contents(&lite.url));
        let records = copied.remove("patient_records").unwrap();
        assert_eq!(records.len(), held.remove("patient_records").unwrap().len());
        assert_same(&copied, &held, "the target holds the source's rows");
        let revs: Vec<&Cell> = records.iter().map(|r| &r[4]).collect();
        assert!(!revs.is_empty() && revs.iter().all(|r| **r > highest), "revisions above {highest:?}: {revs:?}");
        assert!(target.user_by_email("other@example.org").await.unwrap().is_none(), "the target's own rows are gone");

        // Its triggers are on again: the audit log is append-only, a sign-in is kept on the account.
        let update = execute(&db, "UPDATE audit_log SET detail = 'changed'").await;
        assert!(update.unwrap_err().contains("append-only"));
        let pat = target.user_by_email("pat@example.org").await.unwrap().unwrap();
        target.create_auth_session("hash-200", &pat.id, at(200), at(9000)).await.unwrap();
        let users = contents(&db).await["users"].clone();
        assert!(users.iter().any(|u| u.contains(&Cell::Int(at(200).as_millisecond()))), "{users:?}");
        source.close().await;
        target.close().await;
    }
}
