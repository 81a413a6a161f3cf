//! A clinician's caseload as the panel reads it: every patient in their care with what the panel
//! shows, in the same number of statements for 3 patients as for 60 (none per patient, once the
//! patients who had done nothing have a record kept); and the audit entries of a panel read, one
//! per patient shown, written together.

mod common;

use common::{answers, at, user};
use jiff::SignedDuration;
use sciatica_core::policy::Role;
use sciatica_core::triage;
use sciatica_core::{Content, MeasureId, Pain, Slot};
use sciatica_store::Store;
use sciatica_store::audit::NewEntry;
use sciatica_store::patients::Profile;
use sciatica_store::programs::SetBy;
use sciatica_store::sessions::{Finish, new_session};

async fn fresh(db: &common::Fresh) -> ((), Store) {
    let store = Store::open(&db.url).await.unwrap();
    ((), store)
}

/// `n` patients in the care of a new clinician: two of every three screened, with a session a
/// day for three days and a leg-pain score; every third has done nothing yet. Returns the
/// clinician's id and the patients' ids.
async fn caseload(store: &Store, email: &str, n: usize) -> (String, Vec<String>) {
    let c = Content::embedded();
    let dr = user(store, email, Role::Clinician).await;
    let mut ids = Vec::new();
    for i in 0..n {
        let profile = Profile::new(Some(&format!("Patient {i}")), "UTC", "07:30", "19:00").unwrap();
        let p = store.create_patient(&profile, at(0)).await.unwrap();
        store.add_to_care_team(&p.id, &dr.id, None, at(1)).await.unwrap();
        if !i.is_multiple_of(3) {
            let a = answers(&[]);
            store.record_screen(&p, &a, &triage::screen(c, &a), at(2), SetBy::System).await.unwrap();
            for day in 0..3 {
                let started = at(60 + day * 24 * 60);
                let date = started.to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
                let mut s = new_session(Slot::Morning, date, started);
                s.ended_at = started + SignedDuration::from_mins(15);
                s.leg_pain_before = Some(Pain::new(4).unwrap());
                store.finish_session(c, Finish::new(&p.id, s)).await.unwrap();
            }
            let def = c.measure(MeasureId::Nrs);
            let given = sciatica_core::measures::parse_answers(def, "5,3").unwrap();
            let score = sciatica_core::measures::score(def, &given);
            store.save_measure(&p.id, &def.version, &given, &score, at(90)).await.unwrap();
        }
        ids.push(p.id);
    }
    (dr.id, ids)
}

/// The statements one caseload read takes, and what it read.
async fn read(store: &Store, clinician: &str) -> (u64, Vec<sciatica_store::caseload::Entry>) {
    let before = store.statements_run();
    let entries = store.caseload_entries(clinician, at(0)).await.unwrap();
    (store.statements_run() - before, entries)
}

on_both!(async fn the_caseload_takes_the_same_statements_for_3_patients_as_for_60(db) {
    let (_dir, store) = fresh(&db).await;
    let (small, small_ids) = caseload(&store, "small@example.org", 3).await;
    let (large, large_ids) = caseload(&store, "large@example.org", 60).await;

    // The first reads keep a record for each patient who has none yet (every third has done
    // nothing); from then on a read is the same few statements.
    read(&store, &small).await;
    read(&store, &large).await;
    let (few, entries) = read(&store, &small).await;
    let mut got: Vec<&str> = entries.iter().map(|e| e.patient.id.as_str()).collect();
    got.sort_unstable();
    let mut want: Vec<&str> = small_ids.iter().map(String::as_str).collect();
    want.sort_unstable();
    assert_eq!(got, want, "exactly the clinician's patients");

    let (many, entries) = read(&store, &large).await;
    assert_eq!(entries.len(), 60);
    assert_eq!(many, few, "statements for 60 patients ({many}) and for 3 ({few})");
    assert!(few <= 6, "a handful of statements: {few}");
    for e in &entries {
        let n: usize = e.patient.display_name.as_deref().unwrap()[8..].parse().unwrap();
        let (sessions, scores) = if n.is_multiple_of(3) { (0, 0) } else { (3, 1) };
        assert_eq!((e.sessions.len(), e.scores.len()), (sessions, scores), "{n}");
        assert!(large_ids.contains(&e.patient.id));
    }
    // Read again: the records come from memory, the statements stay the same.
    assert_eq!(read(&store, &large).await.0, many);
});

on_both!(async fn a_panel_read_is_audited_once_per_patient_shown_in_one_statement(db) {
    let (_dir, store) = fresh(&db).await;
    let (dr, ids) = caseload(&store, "dr@example.org", 7).await;
    let (_, elsewhere) = caseload(&store, "other@example.org", 1).await;
    let shown: Vec<&str> = ids.iter().map(String::as_str).collect();
    let entry = NewEntry {
        actor_id: Some(dr.clone()),
        actor_role: Some(Role::Clinician),
        action: "panel.view".into(),
        patient_id: None,
        detail: String::new(),
        address: Some("192.0.2.7".into()),
        at: at(500),
    };
    let before = store.statements_run();
    store.append_audit_each(&entry, &shown).await.unwrap();
    assert_eq!(store.statements_run() - before, 1, "one statement for every patient shown");
    store.append_audit_each(&entry, &[]).await.unwrap();
    assert_eq!(store.statements_run() - before, 1, "nothing to write for an empty panel");

    for id in &ids {
        let page = store.access_log(id, 0, 10).await.unwrap();
        assert_eq!(page.rows.len(), 1, "one entry for {id}");
        let e = &page.rows[0];
        assert_eq!(e.entry.action, "panel.view");
        assert_eq!(e.entry.actor_id.as_deref(), Some(dr.as_str()));
        assert_eq!(e.entry.address.as_deref(), Some("192.0.2.7"));
        assert_eq!(e.entry.at, at(500));
        assert_eq!(e.actor_email.as_deref(), Some("dr@example.org"));
    }
    assert!(store.access_log(&elsewhere[0], 0, 10).await.unwrap().rows.is_empty(), "not shown, not audited");
    let all = store.audit_entries(100).await.unwrap();
    assert_eq!(all.iter().filter(|e| e.action == "panel.view").count(), 7);
});
