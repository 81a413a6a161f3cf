//! Harm reports: kept with the person's own session, raising an alert in the same transaction,
//! exported and erased with the person.

mod common;

use jiff::Timestamp;
use sciatica_core::harm::{HarmKind, Report, Severity};
use sciatica_core::{Content, Slot, Urgency};
use sciatica_store::harm::Reported;
use sciatica_store::patients::{Patient, Profile};
use sciatica_store::person::{Person, Today};
use sciatica_store::programs::SetBy;
use sciatica_store::sessions::{Finish, new_session};
use sciatica_store::{Store, StoreError};

fn t(s: &str) -> Timestamp {
    s.parse().unwrap()
}

async fn fresh(db: &common::Fresh) -> ((), Store) {
    let store = Store::open(&db.url).await.unwrap();
    ((), store)
}

/// A screened person with one logged session; the session's id.
async fn person_with_session(store: &Store, name: &str) -> (Patient, String) {
    let p = store
        .create_patient(
            &Profile::new(Some(name), "UTC", "07:30", "19:00").unwrap(),
            t("2026-03-01T07:00:00Z"),
        )
        .await
        .unwrap();
    let a = common::answers(&[]);
    let outcome = sciatica_core::triage::screen(Content::embedded(), &a);
    store.record_screen(&p, &a, &outcome, t("2026-03-01T07:10:00Z"), SetBy::System).await.unwrap();
    let started = t("2026-03-01T08:00:00Z");
    let mut s =
        new_session(Slot::Morning, started.to_zoned_datetime(jiff::tz::TimeZone::UTC).date(), started);
    s.ended_at = started + jiff::SignedDuration::from_mins(15);
    let id = s.id.clone();
    store.finish_session(Content::embedded(), Finish::new(&p.id, s)).await.unwrap();
    (p, id)
}

fn report(kind: HarmKind, severity: Severity) -> Report {
    Report { kind, severity, details: Some("it happened on the second exercise".into()) }
}

async fn blocked(store: &Store, p: &Patient) -> bool {
    let person = Person::load_id(store, &p.id, t("2026-03-01T10:00:00Z")).await.unwrap();
    matches!(person.today_plan(Content::embedded()).unwrap().0, Today::Blocked(_))
}

on_both!(async fn a_report_is_kept_with_the_session_and_raises_an_alert_that_pauses_the_programme(db) {
    let (_dir, store) = fresh(&db).await;
    let c = Content::embedded();
    let (p, session) = person_with_session(&store, "Sam").await;
    assert!(!blocked(&store, &p).await);
    let at = t("2026-03-01T09:00:00Z");
    let Reported::Stored(saved, alert) = store
        .report_harm(c, &p, &session, None, &report(HarmKind::BladderBowel, Severity::Mild), at)
        .await
        .unwrap()
    else {
        panic!("stored")
    };
    let alert = alert.expect("an alert for the clinician");
    assert_eq!((saved.rule.as_str(), saved.urgency), ("H01", Urgency::EmergencyNow));
    assert_eq!(saved.alert_id.as_deref(), Some(alert.id.as_str()));
    assert_eq!(store.session_harm(&p.id, &session).await.unwrap(), vec![saved.clone()]);
    assert_eq!(store.open_alerts(&p.id).await.unwrap()[0].rule, "H01");
    assert!(blocked(&store, &p).await, "the record was updated in the same transaction");
    // The kept record matches the one the history describes.
    assert_eq!(store.rebuild_records().await.unwrap(), (1, 0));
    // A second report of the same rule joins the open alert.
    let Reported::Stored(second, None) = store
        .report_harm(c, &p, &session, None, &report(HarmKind::BladderBowel, Severity::Severe), at)
        .await
        .unwrap()
    else {
        panic!("stored without a second alert")
    };
    assert_eq!(second.alert_id, saved.alert_id);
    let export = store.export(&p.id).await.unwrap();
    assert_eq!(export.harm_reports.len(), 2);
    let json = serde_json::to_value(&export).unwrap();
    assert_eq!(json["harm_reports"][0]["kind"], "bladder_bowel");
    assert_eq!(json["harm_reports"][0]["severity"], "mild");
});

on_both!(async fn another_patients_session_is_not_found_and_nothing_is_written(db) {
    let (_dir, store) = fresh(&db).await;
    let c = Content::embedded();
    let (sam, _) = person_with_session(&store, "Sam").await;
    let (_kim, kims_session) = person_with_session(&store, "Kim").await;
    let r = report(HarmKind::Weakness, Severity::Moderate);
    let e = store.report_harm(c, &sam, &kims_session, None, &r, t("2026-03-01T09:00:00Z")).await.unwrap_err();
    assert!(matches!(e, StoreError::NotFound), "{e}");
    assert!(store.harm_reports(&sam.id).await.unwrap().is_empty());
    assert!(store.open_alerts(&sam.id).await.unwrap().is_empty());
    assert!(!blocked(&store, &sam).await);
});

on_both!(async fn a_failed_insert_leaves_no_alert_and_no_pause(db) {
    let (_dir, store) = fresh(&db).await;
    let c = Content::embedded();
    let (p, session) = person_with_session(&store, "Sam").await;
    // Past the parser's checks (the fields are public): the table's CHECK refuses it, after the
    // alert was inserted in the same transaction.
    let too_long = Report { details: Some("x".repeat(2001)), ..report(HarmKind::Weakness, Severity::Severe) };
    let e = store.report_harm(c, &p, &session, None, &too_long, t("2026-03-01T09:00:00Z")).await.unwrap_err();
    assert!(matches!(&e, StoreError::Invalid { field, .. } if field == "details"), "{e}");
    assert!(store.open_alerts(&p.id).await.unwrap().is_empty(), "the alert was rolled back");
    assert!(store.harm_reports(&p.id).await.unwrap().is_empty());
    assert!(!blocked(&store, &p).await, "the record was rolled back");
});

on_both!(async fn the_same_report_again_is_stored_once_and_another_under_its_id_conflicts(db) {
    let (_dir, store) = fresh(&db).await;
    let c = Content::embedded();
    let (p, session) = person_with_session(&store, "Sam").await;
    let id = Some("0190f2a0-0000-7000-8000-000000000001".to_owned());
    let r = report(HarmKind::PainWorse, Severity::Mild);
    let at = t("2026-03-01T09:00:00Z");
    assert!(matches!(
        store.report_harm(c, &p, &session, id.clone(), &r, at).await.unwrap(),
        Reported::Stored(..)
    ));
    assert!(matches!(
        store.report_harm(c, &p, &session, id.clone(), &r, at).await.unwrap(),
        Reported::Again(_)
    ));
    assert_eq!(store.harm_reports(&p.id).await.unwrap().len(), 1);
    let other = report(HarmKind::PainWorse, Severity::Severe);
    let e = store.report_harm(c, &p, &session, id, &other, at).await.unwrap_err();
    assert!(matches!(&e, StoreError::Conflict { field, .. } if field == "id"), "{e}");
});

on_both!(async fn erasing_the_person_erases_their_reports(db) {
    let (_dir, store) = fresh(&db).await;
    let c = Content::embedded();
    let (p, session) = person_with_session(&store, "Sam").await;
    let (kim, kims_session) = person_with_session(&store, "Kim").await;
    let r = report(HarmKind::FallInjury, Severity::Moderate);
    store.report_harm(c, &p, &session, None, &r, t("2026-03-01T09:00:00Z")).await.unwrap();
    store.report_harm(c, &kim, &kims_session, None, &r, t("2026-03-01T09:00:00Z")).await.unwrap();
    store.delete_patient(&p.id).await.unwrap();
    assert!(store.harm_reports(&p.id).await.unwrap().is_empty());
    assert_eq!(store.harm_reports(&kim.id).await.unwrap().len(), 1, "only theirs");
});
