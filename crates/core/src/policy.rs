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
    /// A clinician: invites patients, and reads and treats the patients on whose care team they are.
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
    /// Clinical actions on a patient's record: confirm the cause, clear to exercise, acknowledge an
    /// urgent result, start or edit the programme, decide proposals, leave a note.
    Treat,
    /// See one's own caseload (the clinician panel).
    ViewCaseload,
    /// End a clinician's access to one's own record.
    EndCareTeam,
    /// Read the audit log of the whole instance.
    ViewAudit,
}

/// What the action is done to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target<'a> {
    /// A patient record, by id.
    Patient(&'a str),
    /// The instance itself.
    Instance,
}

/// How the actor stands to the patient record of a [`Target::Patient`], beyond owning it (which
/// [`Actor::patient_id`] says): looked up by the caller, from the care team.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// The actor is a clinician on the patient's current care team.
    CareTeam,
    /// No relation (or not a clinician).
    None,
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

/// Decides whether `actor` may do `action` to `target`, given how the actor stands to the
/// target's patient (`relation`; [`Relation::None`] for [`Target::Instance`]).
///
/// A patient does everything to their own record except treat it; a clinician reads and treats
/// the records of the patients on whose care team they are (always audited), and nothing else;
/// an administrator manages accounts, settings and the audit log but never reads a record.
pub fn decide(actor: &Actor, action: Action, target: Target<'_>, relation: Relation) -> Decision {
    use Action::{
        EndCareTeam, EraseRecord, ExportRecord, InvitePatient, InviteStaff, ManageCalendar, ManageSettings,
        ManageUsers, ReadRecord, Treat, ViewAudit, ViewCaseload, WriteRecord,
    };
    match (actor.role, action, target) {
        (
            Role::Patient,
            ReadRecord | WriteRecord | ExportRecord | EraseRecord | ManageCalendar | EndCareTeam,
            Target::Patient(p),
        ) if actor.patient_id.as_deref() == Some(p) => Decision::Allow { audit: false },
        (Role::Clinician, ReadRecord | Treat, Target::Patient(_)) if relation == Relation::CareTeam => {
            Decision::Allow { audit: true }
        }
        (Role::Clinician, ViewCaseload, Target::Instance) => Decision::Allow { audit: false },
        (Role::Clinician | Role::Admin, InvitePatient, Target::Instance)
        | (Role::Admin, InviteStaff | ManageUsers | ManageSettings | ViewAudit, Target::Instance) => {
            Decision::Allow { audit: true }
        }
        _ => Decision::Deny,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Relation::{CareTeam, None as Unrelated};

    fn actor(role: Role, patient: Option<&str>) -> Actor {
        Actor { user_id: "u".into(), role, patient_id: patient.map(str::to_owned) }
    }

    const RECORD: [Action; 6] = [
        Action::ReadRecord,
        Action::WriteRecord,
        Action::ExportRecord,
        Action::EraseRecord,
        Action::ManageCalendar,
        Action::EndCareTeam,
    ];

    const INSTANCE: [Action; 6] = [
        Action::InvitePatient,
        Action::InviteStaff,
        Action::ManageUsers,
        Action::ManageSettings,
        Action::ViewCaseload,
        Action::ViewAudit,
    ];

    #[test]
    fn patients_own_only_their_record() {
        let me = actor(Role::Patient, Some("p1"));
        for a in RECORD {
            assert_eq!(decide(&me, a, Target::Patient("p1"), Unrelated), Decision::Allow { audit: false });
            assert_eq!(decide(&me, a, Target::Patient("p2"), Unrelated), Decision::Deny);
            // A relation a caller wrongly passed for a patient grants nothing.
            assert_eq!(decide(&me, a, Target::Patient("p2"), CareTeam), Decision::Deny);
        }
        assert_eq!(decide(&me, Action::Treat, Target::Patient("p1"), Unrelated), Decision::Deny);
        let none = actor(Role::Patient, None);
        assert_eq!(decide(&none, Action::ReadRecord, Target::Patient("p1"), Unrelated), Decision::Deny);
        for a in INSTANCE {
            assert_eq!(decide(&me, a, Target::Instance, Unrelated), Decision::Deny);
        }
    }

    #[test]
    fn clinicians_read_and_treat_only_their_care_team() {
        let clinician = actor(Role::Clinician, None);
        for a in [Action::ReadRecord, Action::Treat] {
            assert_eq!(
                decide(&clinician, a, Target::Patient("p1"), CareTeam),
                Decision::Allow { audit: true }
            );
            assert_eq!(decide(&clinician, a, Target::Patient("p1"), Unrelated), Decision::Deny);
        }
        for a in [
            Action::WriteRecord,
            Action::ExportRecord,
            Action::EraseRecord,
            Action::ManageCalendar,
            Action::EndCareTeam,
        ] {
            assert_eq!(decide(&clinician, a, Target::Patient("p1"), CareTeam), Decision::Deny, "{a:?}");
        }
        assert!(decide(&clinician, Action::InvitePatient, Target::Instance, Unrelated).allowed());
        assert_eq!(
            decide(&clinician, Action::ViewCaseload, Target::Instance, Unrelated),
            Decision::Allow { audit: false }
        );
        for a in [Action::InviteStaff, Action::ManageUsers, Action::ManageSettings, Action::ViewAudit] {
            assert!(!decide(&clinician, a, Target::Instance, Unrelated).allowed(), "{a:?}");
        }
    }

    #[test]
    fn admins_administer_but_never_read_records() {
        let admin = actor(Role::Admin, None);
        for a in [
            Action::InvitePatient,
            Action::InviteStaff,
            Action::ManageUsers,
            Action::ManageSettings,
            Action::ViewAudit,
        ] {
            assert_eq!(decide(&admin, a, Target::Instance, Unrelated), Decision::Allow { audit: true });
        }
        assert!(!decide(&admin, Action::ViewCaseload, Target::Instance, Unrelated).allowed());
        for a in RECORD.into_iter().chain([Action::Treat]) {
            for r in [CareTeam, Unrelated] {
                assert_eq!(decide(&admin, a, Target::Patient("p1"), r), Decision::Deny);
            }
        }
    }
}
