//! Two stores on one database file, as two server instances would be: a record one of them
//! changed is what the other reads next (each keeps parsed records in memory, by revision), and
//! writes from both wait for each other instead of failing.

mod common;

use common::answers;
use jiff::{SignedDuration, Timestamp};
use sciatica_core::{Content, Pain, Slot, triage};
use sciatica_store::Store;
use sciatica_store::patients::Profile;
use sciatica_store::person::Person;
use sciatica_store::programs::SetBy;
use sciatica_store::sessions::{ExerciseDone, Finish, Finished, new_session};

fn t(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn session(patient_id: &str, at: Timestamp) -> Finish {
    let mut s = new_session(Slot::Morning, jiff::civil::date(2026, 2, 2), at);
    s.ended_at = at + SignedDuration::from_mins(15);
    s.leg_pain_before = Some(Pain::new(4).unwrap());
    s.leg_pain_after = Some(Pain::new(3).unwrap());
    s.exercises = vec![ExerciseDone {
        id: "prone-lying".into(),
        sets_done: 1,
        reps_done: 1,
        hold_seconds: Some(120),
        completed: true,
        response: None,
        ..ExerciseDone::default()
    }];
    Finish::new(patient_id, s)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_record_changed_through_one_store_is_read_fresh_by_the_other() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.sqlite").to_string_lossy().into_owned();
    let (one, two) = (Store::open(&path).await.unwrap(), Store::open(&path).await.unwrap());
    let c = Content::embedded();
    let profile = Profile::new(Some("Sam"), "UTC", "07:30", "19:00").unwrap();
    let p = one.create_patient(&profile, t("2026-02-01T08:00:00Z")).await.unwrap();
    let a = answers(&[]);
    one.record_screen(&p, &a, &triage::screen(c, &a), t("2026-02-02T06:00:00Z"), SetBy::System)
        .await
        .unwrap();
    let now = t("2026-02-02T20:00:00Z");

    // The second store reads (and keeps) the record, then the first logs two sessions.
    let before = Person::load_id(&two, &p.id, now).await.unwrap();
    assert!(before.record.program.is_some(), "the screen started a programme");
    assert_eq!(before.record.recent().len(), 0);
    for hour in [8, 9] {
        let at = t(&format!("2026-02-02T{hour:02}:00:00Z"));
        let done = one.finish_session(c, session(&p.id, at)).await;
        assert!(matches!(done.unwrap(), Finished::Stored(_)));
    }
    let after = Person::load_id(&two, &p.id, now).await.unwrap();
    assert_eq!(after.record.recent().len(), 2, "the other store's writes are read, not the kept copy");
    assert_eq!(after.record, one.record(&p).await.unwrap(), "both stores read the same record");
    // And a record read again unchanged is the same one.
    let again = Person::load_id(&two, &p.id, now).await.unwrap();
    assert!(std::sync::Arc::ptr_eq(&after.record, &again.record), "an unchanged record is not parsed again");

    // Writes from both stores at once all land: each waits for the other's write lock.
    let mut jobs = Vec::new();
    for (i, store) in [one.clone(), two.clone()].into_iter().cycle().take(40).enumerate() {
        let id = p.id.clone();
        jobs.push(tokio::spawn(async move {
            let at = t("2026-02-02T10:00:00Z") + SignedDuration::from_secs(i64::try_from(i).unwrap() * 60);
            store.finish_session(Content::embedded(), session(&id, at)).await
        }));
    }
    for j in jobs {
        assert!(matches!(j.await.unwrap().unwrap(), Finished::Stored(_)));
    }
    let last = Person::load_id(&one, &p.id, now).await.unwrap();
    assert_eq!(last.record.recent().len(), 42);
    assert_eq!(Person::load_id(&two, &p.id, now).await.unwrap().record, last.record);
}
