//! Throughput of acknowledged session logs through the group-commit writer.
//!
//! `cargo run --release -p sciatica-store --example writer_bench -- [SECONDS]`
//!
//! Runs 1, 8 and 32 concurrent producers against a fresh SQLite file (WAL, synchronous=FULL). Each
//! producer logs a session with two exercises and waits for its acknowledgement (the commit)
//! before sending the next, as a person's device would. With one producer every session is its
//! own transaction; with more, the writer commits them in batches.

use jiff::{SignedDuration, Timestamp};
use sciatica_core::Content;
use sciatica_core::history::SideLevels;
use sciatica_core::{Level, Pain, Response, Slot};
use sciatica_store::Store;
use sciatica_store::patients::Profile;
use sciatica_store::sessions::{ExerciseDone, Finish, new_session};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

fn session(patient: &str, n: u64) -> Finish {
    let at = Timestamp::from_second(1_780_000_000 + n as i64).unwrap();
    let mut s = new_session(Slot::Extra, at.to_zoned_datetime(jiff::tz::TimeZone::UTC).date(), at);
    s.ended_at = at + SignedDuration::from_mins(15);
    s.leg_pain_before = Some(Pain::new(5).unwrap());
    s.leg_pain_after = Some(Pain::new(4).unwrap());
    s.left = SideLevels { pre: Some(Level::new(4).unwrap()), post: Some(Level::new(3).unwrap()), late: None };
    s.exercises = ["prone-lying", "walking-program"]
        .iter()
        .map(|id| ExerciseDone {
            id: (*id).to_owned(),
            sets_done: 1,
            reps_done: 3,
            hold_seconds: Some(30),
            completed: true,
            response: Some(Response::NoChange),
            ..ExerciseDone::default()
        })
        .collect();
    Finish::new(patient, s)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let seconds: u64 = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(5);
    println!("producers  sessions/s  mean ack latency");
    for producers in [1u64, 8, 32] {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("bench.sqlite").to_string_lossy()).await.unwrap();
        let profile = Profile::new(None, "UTC", "08:00", "18:00").unwrap();
        let mut patients = Vec::new();
        for _ in 0..producers {
            patients.push(store.create_patient(&profile, Timestamp::now()).await.unwrap());
        }
        let done = Arc::new(AtomicU64::new(0));
        let waited = Arc::new(AtomicU64::new(0));
        let deadline = Instant::now() + Duration::from_secs(seconds);
        let mut tasks = Vec::new();
        for p in 0..producers {
            // One person per producer: a person logs one session at a time.
            let id = patients[p as usize].id.clone();
            let (store, done, waited) = (store.clone(), done.clone(), waited.clone());
            tasks.push(tokio::spawn(async move {
                let mut n = p * 10_000_000;
                while Instant::now() < deadline {
                    let t = Instant::now();
                    let finish = session(&id, n);
                    store.finish_session(Content::embedded(), finish).await.unwrap();
                    waited.fetch_add(t.elapsed().as_micros() as u64, Ordering::Relaxed);
                    done.fetch_add(1, Ordering::Relaxed);
                    n += 1;
                }
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        let n = done.load(Ordering::Relaxed);
        let mut stored = 0;
        for p in &patients {
            stored += store.sessions(&p.id).await.unwrap().len() as u64;
        }
        assert_eq!(stored, n, "every acknowledged session is stored");
        let latency = waited.load(Ordering::Relaxed) as f64 / n as f64 / 1000.0;
        println!("{producers:>9}  {:>10.0}  {latency:>10.1} ms", n as f64 / seconds as f64);
        store.close().await;
    }
}
