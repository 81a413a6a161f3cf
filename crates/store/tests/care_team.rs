//! The care team: a patient invited by a clinician is in that clinician's care; access ends when the
//! patient says so or an administrator transfers them; only current memberships grant access.

mod common;

use jiff::Timestamp;
use sciatica_core::policy::{Relation, Role};
use sciatica_store::auth::{Link, LinkKind};
use sciatica_store::patients::Profile;
use sciatica_store::users::{NewUser, User};
use sciatica_store::{Store, StoreError};

fn at(minute: i64) -> Timestamp {
    Timestamp::from_second(1_780_000_000 + minute * 60).unwrap()
}

async fn staff(store: &Store, email: &str, role: Role) -> User {
    let u = NewUser { email: email.into(), password_hash: "h".into(), role, profile: None };
    store.create_user(&u, at(0)).await.unwrap()
}

fn patient(email: &str) -> NewUser {
    NewUser {
        email: email.into(),
        password_hash: "h".into(),
        role: Role::Patient,
        profile: Some(Profile::new(Some("Sam"), "UTC", "07:30", "19:00").unwrap()),
    }
}

async fn invite(store: &Store, token: &str, by: &User) {
    let link = Link {
        token_hash: token.into(),
        kind: LinkKind::Invite,
        role: Role::Patient,
        email: None,
        user_id: None,
        created_by: Some(by.id.clone()),
        expires_at: at(10_000),
    };
    store.create_link(&link, at(1)).await.unwrap();
}

on_both!(async fn a_patient_invited_by_a_clinician_is_in_their_care_until_they_end_it(db) {
    let store = Store::open(&db.url).await.unwrap();
    let dr = staff(&store, "dr@example.org", Role::Clinician).await;
    let other = staff(&store, "other@example.org", Role::Clinician).await;
    invite(&store, "t1", &dr).await;
    let sam = store.redeem_invitation("t1", &patient("sam@example.org"), at(2)).await.unwrap().unwrap();
    let p = sam.patient_id.clone().unwrap();

    assert_eq!(store.relation(&dr.id, Role::Clinician, &p).await.unwrap(), Relation::CareTeam);
    assert_eq!(store.relation(&other.id, Role::Clinician, &p).await.unwrap(), Relation::None);
    // Only clinicians stand in a care-team relation, whatever the rows say.
    assert_eq!(store.relation(&dr.id, Role::Admin, &p).await.unwrap(), Relation::None);
    assert_eq!(store.caseload(&dr.id).await.unwrap(), vec![p.clone()]);
    assert!(store.caseload(&other.id).await.unwrap().is_empty());

    store.end_care_team(&p, &dr.id, Some(&sam.id), at(5)).await.unwrap();
    assert_eq!(store.relation(&dr.id, Role::Clinician, &p).await.unwrap(), Relation::None);
    assert!(store.caseload(&dr.id).await.unwrap().is_empty());
    let team = store.care_team(&p).await.unwrap();
    assert_eq!(team.len(), 1, "the ended membership stays as history");
    assert_eq!(team[0].clinician_email, "dr@example.org");
    assert_eq!(team[0].ended_at, Some(at(5)));
    assert!(matches!(store.end_care_team(&p, &dr.id, None, at(6)).await, Err(StoreError::NotFound)));

    // Access can be given again; the history keeps both.
    store.add_to_care_team(&p, &dr.id, None, at(7)).await.unwrap();
    store.add_to_care_team(&p, &dr.id, None, at(8)).await.unwrap();
    let team = store.care_team(&p).await.unwrap();
    assert_eq!(team.len(), 2);
    assert_eq!(team[0].ended_at, None, "current members come first");
});

on_both!(async fn invitations_by_admins_join_no_care_team_and_only_clinicians_can_join(db) {
    let store = Store::open(&db.url).await.unwrap();
    let admin = staff(&store, "admin@example.org", Role::Admin).await;
    invite(&store, "t2", &admin).await;
    let sam = store.redeem_invitation("t2", &patient("sam@example.org"), at(2)).await.unwrap().unwrap();
    let p = sam.patient_id.clone().unwrap();
    assert!(store.care_team(&p).await.unwrap().is_empty());
    let err = store.add_to_care_team(&p, &admin.id, None, at(3)).await.unwrap_err();
    assert!(matches!(err, StoreError::Invalid { ref field, .. } if field == "clinician"), "{err:?}");
    assert!(store.care_team(&p).await.unwrap().is_empty());
});

on_both!(async fn a_transfer_moves_the_patient_in_one_step(db) {
    let store = Store::open(&db.url).await.unwrap();
    let dr = staff(&store, "dr@example.org", Role::Clinician).await;
    let next = staff(&store, "next@example.org", Role::Clinician).await;
    let admin = staff(&store, "admin@example.org", Role::Admin).await;
    invite(&store, "t3", &dr).await;
    let p = store
        .redeem_invitation("t3", &patient("sam@example.org"), at(2))
        .await
        .unwrap()
        .unwrap()
        .patient_id
        .unwrap();

    // To someone who is not a clinician: refused, and nothing changes.
    assert!(store.transfer_patient(&p, &dr.id, &admin.id, Some(&admin.id), at(3)).await.is_err());
    assert_eq!(store.caseload(&dr.id).await.unwrap(), vec![p.clone()]);

    store.transfer_patient(&p, &dr.id, &next.id, Some(&admin.id), at(4)).await.unwrap();
    assert!(store.caseload(&dr.id).await.unwrap().is_empty());
    assert_eq!(store.caseload(&next.id).await.unwrap(), vec![p.clone()]);
    // From someone who no longer has them: not found.
    assert!(matches!(
        store.transfer_patient(&p, &dr.id, &next.id, None, at(5)).await,
        Err(StoreError::NotFound)
    ));

    store.delete_patient(&p).await.unwrap();
    assert!(store.caseload(&next.id).await.unwrap().is_empty(), "erasure removes the care team too");
});
