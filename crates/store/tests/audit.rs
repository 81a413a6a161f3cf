//! The audit log as an administrator searches it and a patient reads it: filters by actor,
//! patient, action and time, pages, the client address of each entry, and the account facts an
//! administrator sees (last sign-in), invitations revoked and resent.

mod common;

use common::{at, user};
use sciatica_core::policy::Role;
use sciatica_store::Store;
use sciatica_store::audit::{AuditFilter, NewEntry};
use sciatica_store::auth::{Link, LinkKind};
use sciatica_store::users::User;

fn entry(actor: &User, action: &str, patient: Option<&str>, address: Option<&str>, minute: i64) -> NewEntry {
    NewEntry {
        actor_id: Some(actor.id.clone()),
        actor_role: Some(actor.role),
        action: action.into(),
        patient_id: patient.map(str::to_owned),
        detail: String::new(),
        address: address.map(str::to_owned),
        at: at(minute),
    }
}

on_both!(async fn the_audit_log_is_searched_by_actor_patient_action_and_time_a_page_at_a_time(db) {
    let store = Store::open(&db.url).await.unwrap();
    let dr = user(&store, "dr@example.org", Role::Clinician).await;
    let other = user(&store, "other@example.org", Role::Clinician).await;
    let admin = user(&store, "admin@example.org", Role::Admin).await;
    let sam = user(&store, "sam@example.org", Role::Patient).await;
    let kim = user(&store, "kim@example.org", Role::Patient).await;
    let (s, k) = (sam.patient_id.clone().unwrap(), kim.patient_id.clone().unwrap());
    for minute in 1..=5 {
        store.append_audit(&entry(&dr, "ReadRecord", Some(&s), Some("192.0.2.1"), minute)).await.unwrap();
    }
    store.append_audit(&entry(&dr, "Treat", Some(&s), Some("192.0.2.1"), 10)).await.unwrap();
    store.append_audit(&entry(&other, "ReadRecord", Some(&k), Some("2001:db8::7"), 20)).await.unwrap();
    store.append_audit(&entry(&other, "ReadRecord.denied", Some(&s), None, 30)).await.unwrap();
    store.append_audit(&entry(&admin, "account.role", None, Some("192.0.2.9"), 40)).await.unwrap();
    store.audit(None, None, "invite.create.cli", None, "patient", at(50)).await.unwrap();

    let all = store.audit_search(&AuditFilter::default(), 0, 100).await.unwrap();
    assert_eq!(all.rows.len(), 10);
    assert!(!all.more);
    assert_eq!(all.rows[0].entry.action, "invite.create.cli", "newest first");
    assert_eq!(all.rows[0].entry.address, None, "the command line has no address");
    assert_eq!(all.rows[0].actor_email, None);
    let role = all.rows.iter().find(|r| r.entry.action == "account.role").unwrap();
    assert_eq!(role.entry.address.as_deref(), Some("192.0.2.9"), "the address is kept");
    assert_eq!(role.actor_email.as_deref(), Some("admin@example.org"));
    let kims = all.rows.iter().find(|r| r.entry.patient_id.as_deref() == Some(k.as_str())).unwrap();
    assert_eq!(kims.patient_email.as_deref(), Some("kim@example.org"), "the record's owner is named");
    assert_eq!(kims.entry.address.as_deref(), Some("2001:db8::7"));

    let by = |f: AuditFilter| {
        let store = store.clone();
        async move { store.audit_search(&f, 0, 100).await.unwrap().rows }
    };
    let dr_rows = by(AuditFilter { actor_id: Some(dr.id.clone()), ..AuditFilter::default() }).await;
    assert_eq!(dr_rows.len(), 6);
    assert!(dr_rows.iter().all(|r| r.entry.actor_id.as_deref() == Some(dr.id.as_str())));
    let on_sam = by(AuditFilter { patient_id: Some(s.clone()), ..AuditFilter::default() }).await;
    assert_eq!(on_sam.len(), 7, "the denied attempt on Sam's record is in the admin's view");
    let treat = by(AuditFilter { action: Some("Treat".into()), ..AuditFilter::default() }).await;
    assert_eq!(treat.len(), 1);
    let window = by(AuditFilter { from: Some(at(3)), until: Some(at(20)), ..AuditFilter::default() }).await;
    assert_eq!(
        window.iter().map(|r| r.entry.at).collect::<Vec<_>>(),
        [at(10), at(5), at(4), at(3)],
        "from is included, until is not"
    );
    let both = by(AuditFilter {
        actor_id: Some(other.id.clone()),
        patient_id: Some(s.clone()),
        ..AuditFilter::default()
    })
    .await;
    assert_eq!(both.len(), 1);
    assert_eq!(both[0].entry.action, "ReadRecord.denied");

    let first = store.audit_search(&AuditFilter::default(), 0, 4).await.unwrap();
    let second = store.audit_search(&AuditFilter::default(), 4, 4).await.unwrap();
    let third = store.audit_search(&AuditFilter::default(), 8, 4).await.unwrap();
    assert!(first.more && second.more && !third.more);
    assert_eq!(first.rows.len() + second.rows.len() + third.rows.len(), 10);
    assert!(first.rows.last().unwrap().entry.at >= second.rows[0].entry.at);

    let actions = store.audit_actions().await.unwrap();
    assert_eq!(actions, ["ReadRecord", "ReadRecord.denied", "Treat", "account.role", "invite.create.cli"]);
});

on_both!(async fn a_patient_sees_only_staff_accesses_to_their_own_record(db) {
    let store = Store::open(&db.url).await.unwrap();
    let dr = user(&store, "dr@example.org", Role::Clinician).await;
    let admin = user(&store, "admin@example.org", Role::Admin).await;
    let sam = user(&store, "sam@example.org", Role::Patient).await;
    let kim = user(&store, "kim@example.org", Role::Patient).await;
    let (s, k) = (sam.patient_id.clone().unwrap(), kim.patient_id.clone().unwrap());
    store.append_audit(&entry(&dr, "ReadRecord", Some(&s), Some("192.0.2.1"), 1)).await.unwrap();
    store.append_audit(&entry(&dr, "ReadRecord.denied", Some(&s), None, 2)).await.unwrap();
    store.append_audit(&entry(&admin, "patient.transfer", Some(&s), None, 3)).await.unwrap();
    store.append_audit(&entry(&dr, "ReadRecord", Some(&k), None, 4)).await.unwrap();
    store.append_audit(&entry(&sam, "ReadRecord", Some(&s), None, 5)).await.unwrap();
    let seen = store.access_log(&s, 0, 50).await.unwrap();
    let got: Vec<(&str, &str)> =
        seen.rows.iter().map(|r| (r.actor_email.as_deref().unwrap(), r.entry.action.as_str())).collect();
    assert_eq!(got, [("admin@example.org", "patient.transfer"), ("dr@example.org", "ReadRecord")]);
    assert!(!seen.more);
    let one = store.access_log(&s, 0, 1).await.unwrap();
    assert!(one.more);
    assert_eq!(store.access_log(&s, 1, 1).await.unwrap().rows[0].entry.address.as_deref(), Some("192.0.2.1"));
});

on_both!(async fn the_last_sign_in_is_kept_when_a_session_starts(db) {
    let store = Store::open(&db.url).await.unwrap();
    let sam = user(&store, "sam@example.org", Role::Patient).await;
    assert_eq!(store.account(&sam.id).await.unwrap().last_sign_in_at, None);
    store.create_auth_session("hash-1", &sam.id, at(5), at(500)).await.unwrap();
    store.create_auth_session("hash-2", &sam.id, at(9), at(500)).await.unwrap();
    let a = store.account(&sam.id).await.unwrap();
    assert_eq!(a.last_sign_in_at, Some(at(9)));
    assert!(a.active);
});

on_both!(async fn a_revoked_invitation_stops_working_and_a_resent_one_replaces_it(db) {
    let store = Store::open(&db.url).await.unwrap();
    let admin = user(&store, "admin@example.org", Role::Admin).await;
    let link = |hash: &str| Link {
        token_hash: hash.into(),
        kind: LinkKind::Invite,
        role: Role::Clinician,
        email: Some("new@example.org".into()),
        user_id: None,
        created_by: Some(admin.id.clone()),
        expires_at: at(10_000),
    };
    store.create_link(&link("old"), at(1)).await.unwrap();
    store.create_link(&link("other"), at(2)).await.unwrap();
    let pending = store.pending_invitations(at(3)).await.unwrap();
    assert_eq!(pending.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(), ["other", "old"]);
    assert_eq!(pending[0].created_by.as_deref(), Some("admin@example.org"));

    store
        .replace_invitation("old", &link("new"), &entry(&admin, "invite.resend", None, None, 4))
        .await
        .unwrap();
    assert!(store.link("old", at(5)).await.unwrap().is_none(), "the old link no longer works");
    let new = store.link("new", at(5)).await.unwrap().unwrap();
    assert_eq!((new.role, new.email.as_deref()), (Role::Clinician, Some("new@example.org")));
    assert_eq!(new.created_by.as_deref(), Some(admin.id.as_str()), "the inviter is kept");

    store.revoke_invitation("other", &entry(&admin, "invite.revoke", None, None, 6)).await.unwrap();
    assert!(store.link("other", at(7)).await.unwrap().is_none());
    let err = store.revoke_invitation("other", &entry(&admin, "invite.revoke", None, None, 8)).await;
    assert!(matches!(err, Err(sciatica_store::StoreError::NotFound)), "{err:?}");
    let left = store.pending_invitations(at(9)).await.unwrap();
    assert_eq!(left.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(), ["new"]);
    let audited = store.audit_entries(10).await.unwrap();
    assert_eq!(
        audited.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
        ["invite.revoke", "invite.resend"]
    );
});
