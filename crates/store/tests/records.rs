//! The kept patient record: updated with each event in the event's transaction, equal to the one
//! folded again from the history, and finishing a session is atomic and idempotent.

mod common;

use common::answers;

use jiff::{SignedDuration, Timestamp};
use sciatica_core::history::SideLevels;
use sciatica_core::triage;
use sciatica_core::{Content, Level, Pain, Response, Slot};
use sciatica_store::patients::{Patient, Profile};
use sciatica_store::screenings::AckBy;
use sciatica_store::sessions::{ExerciseDone, Finish, Finished, new_session};
use sciatica_store::{Store, StoreError};

fn t(s: &str) -> Timestamp {
    s.parse().unwrap()
}

async fn setup_in(dir: &tempfile::TempDir) -> Store {
    Store::open(&dir.path().join("r.sqlite").to_string_lossy()).await.unwrap()
}

async fn setup_on(db: &common::Fresh) -> ((), Store, Patient) {
    let store = Store::open(&db.url).await.unwrap();
    let profile = Profile::new(Some("Sam"), "UTC", "07:30", "19:00").unwrap();
    let p = store.create_patient(&profile, t("2026-02-01T08:00:00Z")).await.unwrap();
    ((), store, p)
}

/// A session `day` days after 2 February at `hour`, leg pain `pain`, left leg `pre` → `post`.
fn session(p: &Patient, day: i64, hour: i8, pain: i64, pre: i64, post: i64) -> Finish {
    let date = jiff::civil::date(2026, 2, 2).saturating_add(jiff::Span::new().days(day));
    let at = date.at(hour, 0, 0, 0).to_zoned_datetime(jiff::tz::TimeZone::UTC).unwrap().timestamp();
    let slot = if hour < 13 { Slot::Morning } else { Slot::Evening };
    let mut s = new_session(slot, date, at);
    s.ended_at = at + SignedDuration::from_mins(20);
    s.leg_pain_before = Some(Pain::new(pain).unwrap());
    s.leg_pain_after = Some(Pain::new(pain).unwrap());
    s.left =
        SideLevels { pre: Some(Level::new(pre).unwrap()), post: Some(Level::new(post).unwrap()), late: None };
    s.exercises = vec![ExerciseDone {
        id: "prone-lying".into(),
        sets_done: 1,
        reps_done: 1,
        hold_seconds: Some(120),
        completed: true,
        response: Some(Response::MovedUp),
        ..ExerciseDone::default()
    }];
    Finish::new(&p.id, s)
}

async fn finish(store: &Store, f: Finish) -> Result<Finished, StoreError> {
    store.finish_session(Content::embedded(), Finish { remove_draft: true, ..f }).await
}

/// The record is written without its log's sessions (the sessions table holds them), so writing
/// it costs the same whatever the window holds; read back by a store with nothing in memory, it
/// is the same record.
#[tokio::test]
async fn the_record_is_written_without_its_sessions_and_read_back_whole() {
    let dir = tempfile::tempdir().unwrap();
    let store = setup_in(&dir).await;
    let profile = Profile::new(Some("Sam"), "UTC", "07:30", "19:00").unwrap();
    let p = store.create_patient(&profile, t("2026-02-01T08:00:00Z")).await.unwrap();
    let c = Content::embedded();
    let a = answers(&[]);
    let at = t("2026-02-02T06:00:00Z");
    store
        .record_screen(&p, &a, &triage::screen(c, &a), at, sciatica_store::programs::SetBy::System)
        .await
        .unwrap();
    let mut sizes = Vec::new();
    for day in 0..20 {
        for hour in [8, 19] {
            finish(&store, session(&p, day, hour, 5, 4, 3)).await.unwrap();
        }
        let text: String = rusqlite::Connection::open(dir.path().join("r.sqlite"))
            .unwrap()
            .query_row("SELECT record FROM patient_records WHERE patient_id = ?1", [&p.id], |r| r.get(0))
            .unwrap();
        sizes.push(text.len());
    }
    let kept = store.record(&p).await.unwrap();
    assert!(kept.log.as_ref().unwrap().recent.len() > 20, "the window holds the last two weeks");
    assert!(sizes.iter().all(|n| *n < 4_000), "the stored record stays small: {sizes:?}");
    assert!(sizes[19] <= sizes[1] + 600, "and does not grow with the sessions: {sizes:?}");
    store.close().await;
    let again = Store::open(&dir.path().join("r.sqlite").to_string_lossy()).await.unwrap();
    assert_eq!(*again.record(&p).await.unwrap(), *kept, "read back with its sessions");
}

on_both!(async fn the_kept_record_equals_the_history_folded_again(db) {
    let (_dir, store, p) = setup_on(&db).await;
    let c = Content::embedded();
    let a = answers(&[]);
    store
        .record_screen(
            &p,
            &a,
            &triage::screen(c, &a),
            t("2026-02-02T06:00:00Z"),
            sciatica_store::programs::SetBy::System,
        )
        .await
        .unwrap();
    // Five weeks of twice-daily sessions, one of them sent days late and out of order.
    let mut late = None;
    for day in 0..35 {
        for hour in [8, 19] {
            let s = session(&p, day, hour, 7 - day.min(30) / 6, 4, 3);
            if day == 20 && hour == 8 {
                late = Some(s);
                continue;
            }
            assert!(matches!(finish(&store, s).await.unwrap(), Finished::Stored(_)));
        }
    }
    finish(&store, late.unwrap()).await.unwrap();
    store.acknowledge(&p.id, AckBy::SelfManager, "seen", t("2026-03-09T10:00:00Z")).await.unwrap();
    let kept = store.record(&p).await.unwrap();
    let log = kept.log.as_ref().unwrap();
    assert!(log.recent.len() < 40, "the kept log is bounded: {}", log.recent.len());
    assert_eq!(log.program().worst_leg.days, 35);
    assert_eq!(store.rebuild_records().await.unwrap(), (1, 0), "nothing differed from the history");
    assert_eq!(store.record(&p).await.unwrap(), kept);
});

on_both!(async fn finishing_twice_stores_once_and_another_session_under_its_id_is_refused(db) {
    let (_dir, store, p) = setup_on(&db).await;
    let s = session(&p, 0, 8, 5, 4, 3);
    store.save_draft(&p.id, &serde_json::json!({"step": "extras"})).await.unwrap();
    assert!(matches!(finish(&store, s.clone()).await.unwrap(), Finished::Stored(_)));
    assert_eq!(store.draft(&p.id).await.unwrap(), None, "the draft goes in the same transaction");
    assert_eq!(finish(&store, s.clone()).await.unwrap(), Finished::Again);
    let mut other = s.clone();
    other.session.leg_pain_after = Some(Pain::new(9).unwrap());
    match finish(&store, other).await {
        Err(StoreError::Conflict { field, .. }) => assert_eq!(field, "id"),
        x => panic!("{x:?}"),
    }
    assert_eq!(store.sessions(&p.id).await.unwrap().len(), 1);
});

on_both!(multi_thread async fn the_same_session_sent_concurrently_is_stored_once(db) {
    let (_dir, store, p) = setup_on(&db).await;
    let s = session(&p, 0, 8, 5, 4, 3);
    let tasks: Vec<_> = (0..16)
        .map(|_| {
            let (store, s) = (store.clone(), s.clone());
            tokio::spawn(async move { finish(&store, s).await.unwrap() })
        })
        .collect();
    let mut stored = 0;
    for t in tasks {
        if matches!(t.await.unwrap(), Finished::Stored(_)) {
            stored += 1;
        }
    }
    assert_eq!(stored, 1);
    assert_eq!(store.sessions(&p.id).await.unwrap().len(), 1);
});
