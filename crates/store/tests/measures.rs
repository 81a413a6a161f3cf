//! Questionnaire responses: every measure can be stored, the figures saved with a response
//! (leg and back pain, PSFS activity names) come back, and one response is found by id only for
//! its own person.

mod common;

use jiff::Timestamp;
use sciatica_core::measures::{name_activities, parse_answers, score};
use sciatica_core::{Content, MeasureId};
use sciatica_store::Store;
use sciatica_store::patients::Profile;

fn t(s: &str) -> Timestamp {
    s.parse().unwrap()
}

on_both!(async fn every_measure_is_stored_with_its_figures(db) {
    let store = Store::open(&db.url).await.unwrap();
    let profile = Profile::new(Some("Sam"), "Europe/London", "07:30", "19:00").unwrap();
    let p = store.create_patient(&profile, t("2026-03-01T08:00:00Z")).await.unwrap();
    let other = store.create_patient(&profile, t("2026-03-01T08:00:00Z")).await.unwrap();
    let c = Content::embedded();
    let answers = [
        (MeasureId::Nrs, "7,3"),
        (MeasureId::Psfs, "3,5,,,"),
        (MeasureId::Peg, "4,6,7"),
        (MeasureId::GlobalChange, "1"),
        (MeasureId::Odi, "3,2,3,2,4,3,1,,2,3"),
    ];
    let mut ids = Vec::new();
    for (i, (id, text)) in answers.iter().enumerate() {
        let def = c.measure(*id);
        let a = parse_answers(def, text).unwrap();
        let mut s = score(def, &a);
        let names = ["Sitting", "Walking", "", "", ""].map(str::to_owned);
        s.activities = name_activities(def, &a, if def.named_items { &names } else { &[] }).unwrap();
        let at = t(&format!("2026-03-02T08:0{i}:00Z"));
        ids.push(store.save_measure(&p.id, &def.version, &a, &s, at).await.unwrap().0.id);
    }
    let saved = store.measure_responses(&p.id).await.unwrap();
    assert_eq!(saved.iter().map(|r| r.measure).collect::<Vec<_>>(), answers.map(|(id, _)| id));
    let nrs = saved[0].scored().unwrap();
    assert_eq!((nrs.score, nrs.leg, nrs.back), (Some(7.0), Some(7), Some(3)));
    assert_eq!(saved[1].activities(), ["Sitting", "Walking"]);
    assert_eq!(saved[1].score, Some(4.0));
    assert_eq!(saved[2].score, Some(5.7));
    assert_eq!(saved[3].band.as_deref(), Some("much_better"));
    assert!(saved[4].activities().is_empty());

    assert_eq!(store.measure_response(&p.id, &ids[1]).await.unwrap().unwrap().id, ids[1]);
    assert_eq!(store.measure_response(&other.id, &ids[1]).await.unwrap(), None, "not another person's");
    assert_eq!(store.measure_response(&p.id, "no-such-id").await.unwrap(), None);
});
