//! The store on a fresh SQLite file per test.

mod common;

use common::answers;

use jiff::Timestamp;
use jiff::civil::Date;
use sciatica_core::history::SideLevels;
use sciatica_core::triage;
use sciatica_core::{Cause, Content, Level, MeasureId, Pain, Response, Slot, Urgency};
use sciatica_store::patients::{Patient, Profile};
use sciatica_store::programs::{NewProgram, SetBy};
use sciatica_store::screenings::AckBy;
use sciatica_store::sessions::{ExerciseDone, Finish, new_session};
use sciatica_store::{Store, StoreError};

/// Stores a finished session; its id.
async fn log(store: &Store, f: Finish) -> Result<String, StoreError> {
    let id = f.session.id.clone();
    store.finish_session(Content::embedded(), f).await?;
    Ok(id)
}

struct Db {
    path: String,
    store: Store,
}

async fn fresh(db: &common::Fresh) -> Db {
    let store = Store::open(&db.url).await.unwrap();
    Db { path: db.url.clone(), store }
}

fn t(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

async fn person(store: &Store) -> Patient {
    let p = Profile::new(Some("Sam"), "Europe/London", "07:30", "19:00").unwrap();
    store.create_patient(&p, t("2026-03-01T08:00:00Z")).await.unwrap()
}

fn lv(n: i64) -> Option<Level> {
    Some(Level::new(n).unwrap())
}

fn session(patient: &str, at: &str, slot: Slot, pre: i64, post: i64) -> Finish {
    let started = t(at);
    let mut s = new_session(slot, started.to_zoned_datetime(jiff::tz::TimeZone::UTC).date(), started);
    s.ended_at = started + jiff::SignedDuration::from_mins(15);
    s.leg_pain_before = Some(Pain::new(5).unwrap());
    s.leg_pain_after = Some(Pain::new(4).unwrap());
    s.left = SideLevels { pre: lv(pre), post: lv(post), late: None };
    s.exercises = vec![ExerciseDone {
        id: "prone-lying".into(),
        sets_done: 1,
        reps_done: 1,
        hold_seconds: Some(120),
        completed: true,
        response: Some(Response::MovedUp),
        ..ExerciseDone::default()
    }];
    Finish::new(patient, s)
}

on_both!(async fn opens_with_durable_settings_and_migrates_once(db) {
    let db = fresh(&db).await;
    let s = db.store.settings().await.unwrap();
    assert_eq!((s.journal_mode.as_str(), s.synchronous, s.foreign_keys), ("wal", 2, 1));
    db.store.close().await;
    // Opening again runs no migration twice and keeps data.
    let again = Store::open(&db.path).await.unwrap();
    assert!(again.local_patient().await.unwrap().is_none());
});

on_both!(async fn profiles_are_checked_and_kept(db) {
    let db = fresh(&db).await;
    assert_eq!(Profile::new(None, "Mars/Base", "07:00", "19:00").unwrap_err().field, "time_zone");
    assert_eq!(Profile::new(None, "UTC", "7am", "19:00").unwrap_err().field, "morning");
    assert_eq!(Profile::new(None, "UTC", "19:00", "07:00").unwrap_err().field, "evening");
    assert_eq!(Profile::new(Some(&"x".repeat(101)), "UTC", "07:00", "19:00").unwrap_err().field, "name");
    let p = person(&db.store).await;
    assert_eq!(db.store.local_patient().await.unwrap().unwrap(), p);
    let changed = db
        .store
        .update_patient(&p.id, &Profile::new(None, "America/New_York", "06:45", "21:00").unwrap())
        .await
        .unwrap();
    assert_eq!(
        (changed.time_zone.as_str(), changed.morning.as_str(), changed.display_name),
        ("America/New_York", "06:45", None)
    );
    assert!(matches!(db.store.patient("nobody").await, Err(StoreError::NotFound)));
});

on_both!(async fn an_urgent_screen_stays_in_force_until_acknowledged(db) {
    let db = fresh(&db).await;
    let p = person(&db.store).await;
    let content = Content::embedded();
    let urgent = answers(&[("saddle", serde_json::json!(true))]);
    let urgent_outcome = triage::screen(content, &urgent);
    db.store.save_screening(&p.id, t("2026-03-02T08:00:00Z"), &urgent, &urgent_outcome).await.unwrap();
    let calm = answers(&[]);
    db.store
        .save_screening(&p.id, t("2026-03-03T08:00:00Z"), &calm, &triage::screen(content, &calm))
        .await
        .unwrap();
    let blocking = db.store.unacknowledged_urgent(&p.id).await.unwrap().unwrap();
    assert_eq!((blocking.urgency, blocking.rules.clone()), (Urgency::EmergencyNow, vec!["R03".to_owned()]));
    assert_eq!(blocking.answers["saddle"], true);
    assert_eq!(db.store.latest_screening(&p.id).await.unwrap().unwrap().urgency, Urgency::SelfManage);
    db.store
        .acknowledge(&p.id, AckBy::SelfManager, "Seen in A&E, scan normal", t("2026-03-04T08:00:00Z"))
        .await
        .unwrap();
    assert!(db.store.unacknowledged_urgent(&p.id).await.unwrap().is_none());
    // A new urgent screen after the acknowledgement is in force again.
    db.store.save_screening(&p.id, t("2026-03-05T08:00:00Z"), &urgent, &urgent_outcome).await.unwrap();
    assert!(db.store.unacknowledged_urgent(&p.id).await.unwrap().is_some());
    assert_eq!(db.store.acknowledgements(&p.id).await.unwrap().len(), 1);
});

on_both!(async fn programmes_keep_their_history_and_one_current(db) {
    let db = fresh(&db).await;
    let p = person(&db.store).await;
    let mut np = NewProgram {
        cause: Cause::DiscHerniation,
        cleared: true,
        phase: 1,
        started_on: d("2026-03-01"),
        phase_started_on: d("2026-03-01"),
        reason: "screen".into(),
        set_by: SetBy::System,
        trials: ["prone-lying".to_owned()].into(),
        edits: sciatica_core::care::Edits::default(),
    };
    let first = db.store.start_program(&p.id, &np, t("2026-03-01T09:00:00Z")).await.unwrap();
    np.phase = 2;
    np.phase_started_on = d("2026-03-15");
    np.set_by = SetBy::SelfManager;
    let second = db.store.start_program(&p.id, &np, t("2026-03-15T09:00:00Z")).await.unwrap();
    let all = db.store.programs(&p.id).await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].id, first.id);
    assert_eq!(all[0].ended_at, Some(t("2026-03-15T09:00:00Z")));
    assert_eq!(db.store.current_program(&p.id).await.unwrap().unwrap(), second);
    assert_eq!(second.trials.len(), 1);
    np.phase = 4;
    assert!(matches!(
        db.store.start_program(&p.id, &np, Timestamp::now()).await,
        Err(StoreError::Invalid { .. })
    ));
    assert_eq!(db.store.programs(&p.id).await.unwrap().len(), 2, "nothing written");
});

on_both!(async fn sessions_round_trip_and_the_next_session_fills_the_later_levels(db) {
    let db = fresh(&db).await;
    let p = person(&db.store).await;
    let first = session(&p.id, "2026-03-02T07:30:00Z", Slot::Morning, 4, 3);
    let id = log(&db.store, first.clone()).await.unwrap();
    log(&db.store, session(&p.id, "2026-03-02T19:00:00Z", Slot::Evening, 2, 2)).await.unwrap();
    // Two days later is not the "next check" of the evening session.
    log(&db.store, session(&p.id, "2026-03-05T07:30:00Z", Slot::Morning, 5, 5)).await.unwrap();
    let got = db.store.sessions(&p.id).await.unwrap();
    assert_eq!(got.len(), 3);
    assert_eq!(got[0].id, id);
    assert_eq!(got[0].exercises, first.session.exercises);
    assert_eq!(got[0].left.late, lv(2));
    assert_eq!(got[0].class(), Some(sciatica_core::SymptomClass::Centralizing));
    assert_eq!(got[1].left.late, None);
    assert_eq!(got[0].leg_pain_before, Some(Pain::new(5).unwrap()));
    db.store.set_later(&p.id, &got[1].id, lv(1), None).await.unwrap();
    assert_eq!(db.store.sessions(&p.id).await.unwrap()[1].left.late, lv(1));
    assert!(matches!(
        db.store.set_later("someone-else", &got[1].id, lv(1), None).await,
        Err(StoreError::NotFound)
    ));
});

on_both!(async fn a_bad_session_names_the_field_and_writes_nothing(db) {
    let db = fresh(&db).await;
    let p = person(&db.store).await;
    let mut bad = session(&p.id, "2026-03-02T07:30:00Z", Slot::Morning, 4, 3);
    bad.session.walking_minutes = Some(700);
    match log(&db.store, bad).await {
        Err(StoreError::Invalid { field, .. }) => assert_eq!(field, "walking_minutes"),
        other => panic!("{other:?}"),
    }
    let mut orphan = session("no-such-person", "2026-03-02T07:30:00Z", Slot::Morning, 4, 3);
    orphan.session.notes = Some("x".into());
    assert!(matches!(log(&db.store, orphan).await, Err(StoreError::Invalid { .. })));
    assert!(db.store.sessions(&p.id).await.unwrap().is_empty());
});

on_both!(multi_thread async fn concurrent_logs_are_committed_in_batches_and_a_bad_one_fails_alone(db) {
    let db = fresh(&db).await;
    let p = person(&db.store).await;
    let mut tasks = Vec::new();
    for i in 0..200 {
        let store = db.store.clone();
        let pid = if i == 77 { "no-such-person".to_owned() } else { p.id.clone() };
        tasks.push(tokio::spawn(async move {
            let at = format!("2026-03-02T{:02}:{:02}:00Z", i / 60, i % 60);
            log(&store, session(&pid, &at, Slot::Extra, 3, 3)).await
        }));
    }
    let mut ok = 0;
    let mut failed = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => ok += 1,
            Err(_) => failed += 1,
        }
    }
    assert_eq!((ok, failed), (199, 1));
    assert_eq!(db.store.sessions(&p.id).await.unwrap().len(), 199);
});

on_both!(async fn measures_alerts_drafts_export_and_erasure(db) {
    let db = fresh(&db).await;
    let p = person(&db.store).await;
    let content = Content::embedded();
    let def = content.measure(MeasureId::Odi);
    let answers_odi = sciatica_core::measures::parse_answers(def, "3,2,3,2,4,3,1,,2,3").unwrap();
    let score = sciatica_core::measures::score(def, &answers_odi);
    let saved = db
        .store
        .save_measure(&p.id, &def.version, &answers_odi, &score, t("2026-03-02T08:00:00Z"))
        .await
        .unwrap();
    assert_eq!(db.store.measure_responses(&p.id).await.unwrap(), vec![saved.0]);

    // A high-risk STarT Back raises R26 once; after an assessment it stays quiet for 7 days.
    let sb = content.measure(MeasureId::Startback);
    let high = sciatica_core::measures::parse_answers(sb, "1,1,1,1,1,1,1,1,4").unwrap();
    let high_score = sciatica_core::measures::score(sb, &high);
    let at = |s: &str| t(s);
    let raised = |r: (_, Option<_>)| r.1.is_some();
    let save = |when: &'static str| {
        let (store, id, version, high, score) =
            (&db.store, p.id.clone(), sb.version.clone(), high.clone(), high_score.clone());
        async move { store.save_measure(&id, &version, &high, &score, at(when)).await.unwrap() }
    };
    assert!(raised(save("2026-03-02T09:00:00Z").await));
    assert!(!raised(save("2026-03-03T09:00:00Z").await), "one open alert per rule");
    db.store.acknowledge(&p.id, AckBy::SelfManager, "GP reviewed", t("2026-03-04T09:00:00Z")).await.unwrap();
    assert!(db.store.open_alerts(&p.id).await.unwrap().is_empty());
    assert!(!raised(save("2026-03-06T09:00:00Z").await), "quiet for 7 days");
    assert!(raised(save("2026-03-12T09:00:00Z").await));
    let record = db.store.record(&p).await.unwrap();
    assert_eq!(record.alerts.iter().map(|a| a.rule.as_str()).collect::<Vec<_>>(), vec!["R26"]);

    db.store.save_draft(&p.id, &serde_json::json!({"step": 1})).await.unwrap();
    db.store.save_draft(&p.id, &serde_json::json!({"step": 2})).await.unwrap();
    assert_eq!(db.store.draft(&p.id).await.unwrap(), Some(serde_json::json!({"step": 2})));

    log(&db.store, session(&p.id, "2026-03-02T07:30:00Z", Slot::Morning, 4, 3)).await.unwrap();
    let export = db.store.export(&p.id).await.unwrap();
    let json = serde_json::to_value(&export).unwrap();
    assert_eq!(json["format"], "sciatica-export");
    assert_eq!(json["patient"]["display_name"], "Sam");
    assert_eq!(json["sessions"][0]["exercises"][0]["id"], "prone-lying");
    assert_eq!(json["version"], 2);
    assert_eq!(json["sessions"][0]["left"]["before"], 4);
    assert_eq!(json["measures"][0]["score"], 51.1);
    assert_eq!(json["measures"].as_array().unwrap().len(), 5);
    assert_eq!(json["alerts"].as_array().unwrap().len(), 2);

    db.store.delete_patient(&p.id).await.unwrap();
    assert!(db.store.local_patient().await.unwrap().is_none());
    assert!(db.store.sessions(&p.id).await.unwrap().is_empty());
    assert!(db.store.alerts(&p.id).await.unwrap().is_empty());
    assert!(db.store.measure_responses(&p.id).await.unwrap().is_empty());
    assert!(db.store.draft(&p.id).await.unwrap().is_none());
});

/// Run in a child process by `acknowledged_writes_survive_a_kill`: logs sessions for ever and
/// prints each id once its write is acknowledged.
#[tokio::test]
#[ignore = "a helper process for the crash test, not a test"]
async fn crash_child() {
    let path = std::env::var("SCIATICA_CRASH_DB").expect("run by the crash test");
    let store = Store::open(&path).await.unwrap();
    let p = store.local_patient().await.unwrap().unwrap();
    for i in 0u64.. {
        let at = Timestamp::from_second(1_770_000_000 + i as i64).unwrap().to_string();
        let id = log(&store, session(&p.id, &at, Slot::Extra, 3, 2)).await.unwrap();
        println!("ACK {id}");
    }
}

on_both!(async fn acknowledged_writes_survive_a_kill(db) {
    use std::io::{BufRead, BufReader};
    let db = fresh(&db).await;
    person(&db.store).await;
    db.store.close().await;
    for round in 0..3 {
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["crash_child", "--exact", "--ignored", "--nocapture", "--test-threads=1"])
            .env("SCIATICA_CRASH_DB", &db.path)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let mut acked = Vec::new();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        while acked.len() < 40 + round * 25 {
            let line = lines.next().expect("the child stopped early").unwrap();
            if let Some(id) = line.strip_prefix("ACK ") {
                acked.push(id.to_owned());
            }
        }
        child.kill().unwrap(); // SIGKILL: no chance to flush anything.
        child.wait().unwrap();
        let store = Store::open(&db.path).await.unwrap();
        let p = store.local_patient().await.unwrap().unwrap();
        let stored: std::collections::HashSet<String> =
            store.sessions(&p.id).await.unwrap().into_iter().map(|s| s.id).collect();
        for id in &acked {
            assert!(stored.contains(id), "round {round}: acknowledged session {id} was lost");
        }
        store.close().await;
    }
});
