//! Who may do what to whom: one policy for every handler (DESIGN §6). Deny by default.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// An account's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A person with sciatica; owns exactly one patient record.
    Patient,
    /// A clinician: invites patients (care-team access to records comes with the clinician panel).
    Clinician,
    /// An administrator: accounts and settings, never health records.
    Admin,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 3] = [Role::Patient, Role::Clinician, Role::Admin];

    /// The stored spelling.
    pub const fn as_str(self) -> &'static str {
        match self {
            Role::Patient => "patient",
            Role::Clinician => "clinician",
            Role::Admin => "admin",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = crate::ids::UnknownId;
    fn from_str(s: &str) -> Result<Role, Self::Err> {
        Role::ALL.into_iter().find(|r| r.as_str() == s).ok_or_else(|| crate::ids::UnknownId {
            what: "role",
            got: s.to_owned(),
            allowed: "patient, clinician, admin".to_owned(),
        })
    }
}

/// The signed-in account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The user id.
    pub user_id: String,
    /// The role.
    pub role: Role,
    /// The patient record a patient account owns.
    pub patient_id: Option<String>,
}

/// What the actor wants to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// See a patient's record: screens, programme, sessions, progress, measures.
    ReadRecord,
    /// Add to a patient's record: screens, sessions, measures, programme choices, profile.
    WriteRecord,
    /// Download a patient's record.
    ExportRecord,
    /// Erase a patient's record and account.
    EraseRecord,
    /// Create or revoke a patient's calendar feed.
    ManageCalendar,
    /// Invite a patient.
    InvitePatient,
    /// Invite a clinician or an administrator.
    InviteStaff,
    /// Issue password-reset links, disable accounts, create API tokens for others.
    ManageUsers,
    /// Change instance settings (e.g. open sign-up).
    ManageSettings,
}

/// What the action is done to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target<'a> {
    /// A patient record, by id.
    Patient(&'a str),
    /// The instance itself.
    Instance,
}

/// The policy's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Allowed; `audit` when someone other than the patient touches the record.
    Allow {
        /// Write an audit entry before answering.
        audit: bool,
    },
    /// Denied. A request for another person's record answers "not found".
    Deny,
}

impl Decision {
    /// True when allowed.
    pub const fn allowed(self) -> bool {
        matches!(self, Decision::Allow { .. })
    }
}

/// Decides whether `actor` may do `action` to `target`.
pub fn decide(actor: &Actor, action: Action, target: Target<'_>) -> Decision {
    use Action::{
        EraseRecord, ExportRecord, InvitePatient, InviteStaff, ManageCalendar, ManageSettings, ManageUsers,
        ReadRecord, WriteRecord,
    };
    match (actor.role, action, target) {
        (
            Role::Patient,
            ReadRecord | WriteRecord | ExportRecord | EraseRecord | ManageCalendar,
            Target::Patient(p),
        ) if actor.patient_id.as_deref() == Some(p) => Decision::Allow { audit: false },
        (Role::Clinician | Role::Admin, InvitePatient, Target::Instance)
        | (Role::Admin, InviteStaff | ManageUsers | ManageSettings, Target::Instance) => {
            Decision::Allow { audit: true }
        }
        _ => Decision::Deny,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role, patient: Option<&str>) -> Actor {
        Actor { user_id: "u".into(), role, patient_id: patient.map(str::to_owned) }
    }

    const RECORD: [Action; 5] = [
        Action::ReadRecord,
        Action::WriteRecord,
        Action::ExportRecord,
        Action::EraseRecord,
        Action::ManageCalendar,
    ];

    #[test]
    fn patients_own_only_their_record() {
        let me = actor(Role::Patient, Some("p1"));
        for a in RECORD {
            assert_eq!(decide(&me, a, Target::Patient("p1")), Decision::Allow { audit: false });
            assert_eq!(decide(&me, a, Target::Patient("p2")), Decision::Deny);
        }
        let none = actor(Role::Patient, None);
        assert_eq!(decide(&none, Action::ReadRecord, Target::Patient("p1")), Decision::Deny);
        for a in [Action::InvitePatient, Action::InviteStaff, Action::ManageUsers, Action::ManageSettings] {
            assert_eq!(decide(&me, a, Target::Instance), Decision::Deny);
        }
    }

    #[test]
    fn staff_invite_and_administer_but_never_read_records() {
        let clinician = actor(Role::Clinician, None);
        let admin = actor(Role::Admin, None);
        assert!(decide(&clinician, Action::InvitePatient, Target::Instance).allowed());
        assert!(!decide(&clinician, Action::InviteStaff, Target::Instance).allowed());
        assert!(!decide(&clinician, Action::ManageUsers, Target::Instance).allowed());
        for a in [Action::InvitePatient, Action::InviteStaff, Action::ManageUsers, Action::ManageSettings] {
            assert_eq!(decide(&admin, a, Target::Instance), Decision::Allow { audit: true });
        }
        for a in RECORD {
            assert_eq!(decide(&admin, a, Target::Patient("p1")), Decision::Deny);
            assert_eq!(decide(&clinician, a, Target::Patient("p1")), Decision::Deny);
        }
    }
}
