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
