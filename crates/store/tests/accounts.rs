//! Accounts as an administrator manages them: search, roles, deactivation (sessions end, tokens
//! stop), the last active administrator kept, patients moved between clinicians; every change
//! commits with its audit entry.

mod common;

use common::{at, user};
use sciatica_core::policy::{Relation, Role};
use sciatica_store::accounts::AccountFilter;
use sciatica_store::audit::NewEntry;
use sciatica_store::users::User;
use sciatica_store::{Store, StoreError};

fn by(admin: &User, action: &str) -> NewEntry {
    NewEntry {
        actor_id: Some(admin.id.clone()),
        actor_role: Some(Role::Admin),
        action: action.into(),
        patient_id: None,
        detail: String::new(),
        address: Some("192.0.2.4".into()),
        at: at(5),
    }
}

fn field(e: Result<impl std::fmt::Debug, StoreError>) -> String {
    match e {
        Err(StoreError::Invalid { field, .. }) => field,
        other => panic!("expected a problem naming a field: {other:?}"),
    }
}

on_both!(async fn accounts_are_found_by_part_of_the_email_and_by_role_with_their_clinicians(db) {
    let store = Store::open(&db.url).await.unwrap();
    let dr = user(&store, "dr.jones@example.org", Role::Clinician).await;
    user(&store, "admin@example.org", Role::Admin).await;
    let sam = user(&store, "sam@example.org", Role::Patient).await;
    user(&store, "sam_100%@example.org", Role::Patient).await;
    store.add_to_care_team(sam.patient_id.as_deref().unwrap(), &dr.id, None, at(1)).await.unwrap();
    let all = store.accounts(&AccountFilter::default(), 0, 50).await.unwrap();
    assert_eq!(all.accounts.len(), 4);
    let found =
        store.accounts(&AccountFilter { email: Some("SAM".into()), role: None }, 0, 50).await.unwrap();
    assert_eq!(
        found.accounts.iter().map(|a| a.email.as_str()).collect::<Vec<_>>(),
        ["sam@example.org", "sam_100%@example.org"]
    );
    assert_eq!(
        found.accounts[0].clinicians.iter().map(|c| c.email.as_str()).collect::<Vec<_>>(),
        ["dr.jones@example.org"]
    );
    let literal =
        store.accounts(&AccountFilter { email: Some("_100%".into()), role: None }, 0, 50).await.unwrap();
    assert_eq!(literal.accounts.len(), 1, "% and _ are matched as written");
    let staff =
        store.accounts(&AccountFilter { email: None, role: Some(Role::Clinician) }, 0, 50).await.unwrap();
    assert_eq!(staff.accounts.iter().map(|a| a.email.as_str()).collect::<Vec<_>>(), ["dr.jones@example.org"]);
    let page = store.accounts(&AccountFilter::default(), 1, 2).await.unwrap();
    assert_eq!(page.accounts.len(), 2);
    assert!(page.more);
});

on_both!(async fn the_last_active_administrator_can_be_neither_demoted_nor_deactivated(db) {
    let store = Store::open(&db.url).await.unwrap();
    let a = user(&store, "a@example.org", Role::Admin).await;
    let b = user(&store, "b@example.org", Role::Admin).await;
    let sam = user(&store, "sam@example.org", Role::Patient).await;
    assert_eq!(field(store.set_role(&sam.id, Role::Admin, &by(&a, "account.role")).await), "role");
    assert_eq!(field(store.set_role(&a.id, Role::Patient, &by(&a, "account.role")).await), "role");
    assert_eq!(field(store.set_role(&a.id, Role::Admin, &by(&a, "account.role")).await), "role");
    store.set_active(&b.id, false, &by(&a, "account.deactivate")).await.unwrap();
    assert_eq!(field(store.set_role(&a.id, Role::Clinician, &by(&a, "account.role")).await), "role");
    assert_eq!(field(store.set_active(&a.id, false, &by(&a, "account.deactivate")).await), "active");
    store.set_active(&b.id, true, &by(&a, "account.reactivate")).await.unwrap();
    let a_now = store.set_role(&a.id, Role::Clinician, &by(&b, "account.role")).await.unwrap();
    assert_eq!(a_now.role, Role::Clinician);
    assert_eq!(field(store.set_role(&b.id, Role::Clinician, &by(&b, "account.role")).await), "role");
    let log = store.audit_entries(10).await.unwrap();
    assert_eq!(
        log.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
        ["account.role", "account.reactivate", "account.deactivate"],
        "only the changes that happened are audited"
    );
    assert_eq!(log[0].address.as_deref(), Some("192.0.2.4"));
});

on_both!(async fn deactivating_ends_sessions_and_revokes_tokens(db) {
    let store = Store::open(&db.url).await.unwrap();
    let admin = user(&store, "admin@example.org", Role::Admin).await;
    let sam = user(&store, "sam@example.org", Role::Patient).await;
    store.create_auth_session("s1", &sam.id, at(1), at(10_000)).await.unwrap();
    store.create_api_token("t1", &sam.id, "phone", at(1)).await.unwrap();
    let off = store.set_active(&sam.id, false, &by(&admin, "account.deactivate")).await.unwrap();
    assert!(!off.active);
    assert!(
        store
            .session_user("s1", at(2), |_| sciatica_store::auth::Lifetime {
                idle_ms: 1_000_000,
                max_ms: 1_000_000_000
            })
            .await
            .unwrap()
            .is_none()
    );
    assert!(store.api_token_user("t1", at(2)).await.unwrap().is_none());
    assert_eq!(field(store.set_active(&sam.id, false, &by(&admin, "account.deactivate")).await), "active");
    store.set_active(&sam.id, true, &by(&admin, "account.reactivate")).await.unwrap();
    assert!(
        store
            .session_user("s1", at(3), |_| sciatica_store::auth::Lifetime {
                idle_ms: 1_000_000,
                max_ms: 1_000_000_000
            })
            .await
            .unwrap()
            .is_none(),
        "the old session stays ended"
    );
    assert!(store.api_token_user("t1", at(3)).await.unwrap().is_none(), "the old token stays revoked");
});

on_both!(async fn a_patient_moves_to_another_clinician_and_the_old_one_loses_access(db) {
    let store = Store::open(&db.url).await.unwrap();
    let admin = user(&store, "admin@example.org", Role::Admin).await;
    let dr = user(&store, "dr@example.org", Role::Clinician).await;
    let other = user(&store, "other@example.org", Role::Clinician).await;
    let sam = user(&store, "sam@example.org", Role::Patient).await;
    let p = sam.patient_id.clone().unwrap();
    store.move_patient(&p, None, &dr.id, &by(&admin, "patient.transfer")).await.unwrap();
    assert_eq!(store.relation(&dr.id, Role::Clinician, &p).await.unwrap(), Relation::CareTeam);
    assert_eq!(field(store.move_patient(&p, None, &dr.id, &by(&admin, "patient.transfer")).await), "to");
    assert_eq!(
        field(store.move_patient(&p, Some(&dr.id), &dr.id, &by(&admin, "patient.transfer")).await),
        "to"
    );
    assert_eq!(
        field(store.move_patient(&p, Some(&dr.id), &admin.id, &by(&admin, "patient.transfer")).await),
        "to"
    );
    assert_eq!(
        field(store.move_patient(&p, Some(&other.id), &admin.id, &by(&admin, "patient.transfer")).await),
        "to"
    );
    let third = user(&store, "third@example.org", Role::Clinician).await;
    assert_eq!(
        field(store.move_patient(&p, Some(&other.id), &third.id, &by(&admin, "patient.transfer")).await),
        "from"
    );
    store.move_patient(&p, Some(&dr.id), &other.id, &by(&admin, "patient.transfer")).await.unwrap();
    assert_eq!(store.relation(&dr.id, Role::Clinician, &p).await.unwrap(), Relation::None);
    assert_eq!(store.relation(&other.id, Role::Clinician, &p).await.unwrap(), Relation::CareTeam);
    assert_eq!(
        field(store.set_role(&other.id, Role::Admin, &by(&admin, "account.role")).await),
        "role",
        "a clinician with patients keeps the role until they are moved"
    );
    assert_eq!(store.caseload(&other.id).await.unwrap(), [p]);
});
