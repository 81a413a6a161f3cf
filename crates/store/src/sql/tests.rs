//! The query module on an in-memory database.

use super::*;

#[tokio::test]
async fn parameters_bind_by_their_number_wherever_they_appear() {
    let pool = Pool::Sqlite(sqlite::Pool::open(sqlite::Target::Memory, 1).unwrap());
    let row = query("SELECT $2 AS b, $1 AS a, $2 + $1 AS sum")
        .bind(1_i64)
        .bind(20_i64)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(row.try_get::<i64, _>("b").unwrap(), 20);
    assert_eq!(row.try_get::<i64, _>("a").unwrap(), 1);
    assert_eq!(row.try_get::<i64, _>(2).unwrap(), 21);
    assert!(row.try_get::<i64, _>("missing").is_err(), "an unknown column is an error");
    assert!(row.try_get::<String, _>("a").is_err(), "a number is not read as text");
    let missing = query("SELECT $1, $2").bind(1_i64).fetch_one(&pool).await;
    assert!(missing.is_err(), "a parameter without a value is an error, not NULL");
}

#[tokio::test]
async fn a_transaction_dropped_without_commit_leaves_nothing() {
    let pool = Pool::Sqlite(sqlite::Pool::open(sqlite::Target::Memory, 1).unwrap());
    query("CREATE TABLE t (x BIGINT)").execute(&pool).await.unwrap();
    {
        let mut tx = pool.begin().await.unwrap();
        query("INSERT INTO t (x) VALUES ($1)").bind(1_i64).execute(&mut *tx).await.unwrap();
    }
    let mut tx = pool.begin().await.unwrap();
    query("INSERT INTO t (x) VALUES ($1)").bind(2_i64).execute(&mut *tx).await.unwrap();
    tx.commit().await.unwrap();
    let rows = query("SELECT x FROM t").fetch_all(&pool).await.unwrap();
    assert_eq!(rows.iter().map(|r| r.try_get::<i64, _>("x").unwrap()).collect::<Vec<_>>(), vec![2]);
}

/// A snapshot reads the rows as they were at its first statement while another connection
/// writes and commits, on both backends.
async fn a_snapshot_sees_one_moment(pool: Pool) {
    query("CREATE TABLE snap (x BIGINT)").execute(&pool).await.unwrap();
    query("INSERT INTO snap (x) VALUES (1)").execute(&pool).await.unwrap();
    let count = async |conn: &mut Conn| -> i64 {
        query("SELECT COUNT(*) AS n FROM snap").fetch_one(conn).await.unwrap().try_get("n").unwrap()
    };
    let mut snapshot = pool.snapshot().await.unwrap();
    assert_eq!(count(&mut snapshot).await, 1);
    let mut tx = pool.begin().await.unwrap();
    query("INSERT INTO snap (x) VALUES (2)").execute(&mut *tx).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(count(&mut snapshot).await, 1, "the write committed since is not seen");
    let write = query("INSERT INTO snap (x) VALUES (3)").execute(&mut *snapshot).await;
    // PostgreSQL's snapshot is read-only; SQLite's cannot write over a moment that has passed.
    assert!(write.is_err(), "a snapshot does not write");
    drop(snapshot);
    let mut conn = pool.acquire().await.unwrap();
    assert_eq!(count(&mut conn).await, 2, "a new read sees it (and nothing the snapshot tried)");
}

#[tokio::test]
async fn a_snapshot_sees_one_moment_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let target = sqlite::Target::File { path: dir.path().join("snap.sqlite"), create: true };
    a_snapshot_sees_one_moment(Pool::Sqlite(sqlite::Pool::open(target, 2).unwrap())).await;
}

#[tokio::test]
async fn a_snapshot_sees_one_moment_on_postgres() {
    let Some(url) = crate::testing::postgres_database("sql::a_snapshot_sees_one_moment").await.unwrap()
    else {
        return;
    };
    a_snapshot_sees_one_moment(Pool::Postgres(postgres::Pool::open(&url, 2).await.unwrap())).await;
}
