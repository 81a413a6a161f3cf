//! What an administrator does, shared by the admin pages and the admin API: each function checks
//! the policy (anyone else is answered "not found"), parses what was typed into the store's
//! types (problems name the field), and writes the audit entry with the change, in the same
//! transaction. An administrator sees account-level facts only, never a patient's record.

use crate::auth::CurrentUser;
use crate::auth::address::email;
use crate::error::AppError;
use crate::settings::ClinicSettings;
use crate::{AppState, links};
use jiff::civil::Date;
use jiff::{Timestamp, tz::TimeZone};
use sciatica_core::policy::{Action, Role, Target};
use sciatica_store::accounts::{Account, AccountFilter, AccountPage};
use sciatica_store::audit::{AuditFilter, AuditPage};
use sciatica_store::auth::{Link, LinkKind};
use sciatica_store::invitations::Invitation;

/// Accounts on a page.
pub const ACCOUNTS_PER_PAGE: i64 = 50;
/// Audit entries on a page.
pub const ENTRIES_PER_PAGE: i64 = 50;

/// A page number as typed (empty: the first).
pub fn page_number(text: &str) -> Result<i64, AppError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(1);
    }
    match t.parse::<i64>() {
        Ok(n) if (1..=100_000).contains(&n) => Ok(n),
        _ => Err(AppError::invalid("page", format!("\"{t}\" is not a page number; allowed: 1 or more"))),
    }
}

fn role(field: &str, text: &str) -> Result<Role, AppError> {
    text.trim().parse().map_err(|_| {
        AppError::invalid(
            field,
            format!("\"{}\" is not a role; allowed: patient, clinician or admin", text.trim()),
        )
    })
}

/// Which accounts to list, as typed: part of an email, a role, a page.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct AccountQuery {
    /// Part of the email.
    #[serde(default)]
    pub email: String,
    /// `patient`, `clinician`, `admin`, or empty for all.
    #[serde(default)]
    pub role: String,
    /// The page, from 1.
    #[serde(default)]
    pub page: String,
}

/// A page of accounts matching a query.
pub async fn accounts(
    state: &AppState,
    user: &CurrentUser,
    q: &AccountQuery,
) -> Result<(AccountPage, i64), AppError> {
    user.permit(state, Action::ManageUsers, Target::Instance).await?;
    let page = page_number(&q.page)?;
    let role = if q.role.trim().is_empty() { None } else { Some(role("role", &q.role)?) };
    let text = q.email.trim();
    if text.chars().count() > 254 {
        return Err(AppError::invalid("email", "is too long; allowed: up to 254 characters"));
    }
    let filter = AccountFilter { email: Some(text.to_owned()).filter(|t| !t.is_empty()), role };
    let detail = format!("email={text} role={} page={page}", role.map_or("", Role::as_str));
    state.store.append_audit(&user.entry("accounts.view", None, &detail)).await?;
    let found = state.store.accounts(&filter, (page - 1) * ACCOUNTS_PER_PAGE, ACCOUNTS_PER_PAGE).await?;
    Ok((found, page))
}

/// Changes a staff account's role.
pub async fn change_role(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
    text: &str,
) -> Result<Account, AppError> {
    user.permit(state, Action::ManageUsers, Target::Instance).await?;
    let target = state.store.account(id).await?;
    let to = role("role", text)?;
    let detail = format!("{}: {} to {to}", target.email, target.role);
    Ok(state.store.set_role(id, to, &user.entry("account.role", None, &detail)).await?)
}

/// Deactivates (`active == false`) or reactivates an account.
pub async fn set_active(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
    active: bool,
) -> Result<Account, AppError> {
    user.permit(state, Action::ManageUsers, Target::Instance).await?;
    let target = state.store.account(id).await?;
    let action = if active { "account.reactivate" } else { "account.deactivate" };
    let entry = user.entry(action, target.patient_id.as_deref(), &target.email);
    Ok(state.store.set_active(id, active, &entry).await?)
}

/// A password-reset link for an account (the same link `/admin/reset` makes).
pub async fn reset_link(state: &AppState, user: &CurrentUser, id: &str) -> Result<String, AppError> {
    user.permit(state, Action::ManageUsers, Target::Instance).await?;
    let target = state.store.account(id).await?;
    if !target.active {
        return Err(AppError::invalid("active", "the account is deactivated; reactivate it first"));
    }
    let now = Timestamp::now();
    let url = links::reset_link_for(&state.store, id, Some(&user.user.id), &state.config.base(), now).await?;
    state
        .store
        .append_audit(&user.entry("reset.create", target.patient_id.as_deref(), &target.email))
        .await?;
    Ok(url)
}

/// Moves a patient account into the care of clinician `to` (from clinician `from`, whose access
/// ends; with `from` empty, in addition to any current clinician).
pub async fn transfer(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
    from: &str,
    to: &str,
) -> Result<Account, AppError> {
    user.permit(state, Action::ManageUsers, Target::Instance).await?;
    let target = state.store.account(id).await?;
    let patient = target.patient_id.as_deref().ok_or_else(|| {
        AppError::invalid("account", "is not a patient account; only patients have clinicians")
    })?;
    if to.trim().is_empty() {
        return Err(AppError::invalid("to", "is empty; choose the clinician to move the patient to"));
    }
    let from = Some(from.trim()).filter(|f| !f.is_empty());
    let name = |id: Option<&str>| {
        let clinicians = &target.clinicians;
        id.map(|i| clinicians.iter().find(|c| c.id == i).map_or(i.to_owned(), |c| c.email.clone()))
    };
    let to_email = state.store.account(to.trim()).await.map_or_else(|_| to.trim().to_owned(), |a| a.email);
    let detail = format!(
        "{}: from {} to {to_email}",
        target.email,
        name(from).unwrap_or_else(|| "no clinician".into())
    );
    state
        .store
        .move_patient(patient, from, to.trim(), &user.entry("patient.transfer", Some(patient), &detail))
        .await?;
    Ok(state.store.account(id).await?)
}

/// The invitations that still work.
pub async fn invitations(state: &AppState, user: &CurrentUser) -> Result<Vec<Invitation>, AppError> {
    user.permit(state, Action::ManageUsers, Target::Instance).await?;
    state.store.append_audit(&user.entry("invitations.view", None, "")).await?;
    Ok(state.store.pending_invitations(Timestamp::now()).await?)
}

/// Revokes a pending invitation.
pub async fn revoke(state: &AppState, user: &CurrentUser, id: &str) -> Result<(), AppError> {
    user.permit(state, Action::ManageUsers, Target::Instance).await?;
    let old = state.store.pending_invitation(id, Timestamp::now()).await?;
    let detail = format!("{} {}", old.role, old.email.as_deref().unwrap_or("(any email)"));
    Ok(state.store.revoke_invitation(id, &user.entry("invite.revoke", None, &detail)).await?)
}

/// Makes a fresh link for a pending invitation (same role, email and inviter) and revokes the
/// old one; returns the new link.
pub async fn resend(state: &AppState, user: &CurrentUser, id: &str) -> Result<String, AppError> {
    user.permit(state, Action::ManageUsers, Target::Instance).await?;
    let now = Timestamp::now();
    let old = state.store.pending_invitation(id, now).await?;
    let secret = crate::auth::token::new_secret();
    let new = Link {
        token_hash: crate::auth::token::hash(&secret),
        kind: LinkKind::Invite,
        role: old.role,
        email: old.email.clone(),
        user_id: None,
        created_by: old.created_by.clone(),
        expires_at: now + jiff::SignedDuration::from_hours(24 * links::INVITE_DAYS),
    };
    let detail = format!("{} {}", old.role, old.email.as_deref().unwrap_or("(any email)"));
    state.store.replace_invitation(id, &new, &user.entry("invite.resend", None, &detail)).await?;
    Ok(format!("{}/join/{secret}", state.config.base()))
}

/// An audit search as typed: actor and patient (an email, or an id), action, dates
/// (`YYYY-MM-DD`, in UTC, both days included), page.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct AuditQuery {
    /// Who did it.
    #[serde(default)]
    pub actor: String,
    /// Whose record.
    #[serde(default)]
    pub patient: String,
    /// What they did.
    #[serde(default)]
    pub action: String,
    /// From this day.
    #[serde(default)]
    pub from: String,
    /// Until this day.
    #[serde(default)]
    pub to: String,
    /// The page, from 1.
    #[serde(default)]
    pub page: String,
}

fn day(field: &str, text: &str) -> Result<Option<Timestamp>, AppError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let d: Date = t.parse().map_err(|_| {
        AppError::invalid(field, format!("\"{t}\" is not a date; allowed: YYYY-MM-DD, e.g. 2026-03-01"))
    })?;
    let at = d
        .at(0, 0, 0, 0)
        .to_zoned_datetime(TimeZone::UTC)
        .map_err(|_| AppError::invalid(field, "is out of range"))?;
    Ok(Some(at.timestamp()))
}

async fn account_id(
    state: &AppState,
    field: &str,
    text: &str,
    patient: bool,
) -> Result<Option<String>, AppError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if !t.contains('@') {
        return Ok(Some(t.to_owned()));
    }
    let e = email(t).map_err(|_| {
        AppError::invalid(field, "is not an email address; allowed: name@example.org, or an id")
    })?;
    let found = state.store.user_by_email(&e).await?;
    match (found, patient) {
        (Some(u), false) => Ok(Some(u.id)),
        (Some(u), true) if u.patient_id.is_some() => Ok(u.patient_id),
        (Some(_), true) => Err(AppError::invalid(field, "is not the email of a patient account")),
        (None, _) => Err(AppError::invalid(field, "no account has this email")),
    }
}

/// Parses an audit search into the store's filter.
pub async fn audit_filter(state: &AppState, q: &AuditQuery) -> Result<AuditFilter, AppError> {
    let from = day("from", &q.from)?;
    let to = day("to", &q.to)?;
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        return Err(AppError::invalid("to", "is before the \"from\" day; allowed: the same day or later"));
    }
    let action = q.action.trim();
    if action.chars().count() > 100 {
        return Err(AppError::invalid("action", "is too long; allowed: up to 100 characters"));
    }
    Ok(AuditFilter {
        actor_id: account_id(state, "actor", &q.actor, false).await?,
        patient_id: account_id(state, "patient", &q.patient, true).await?,
        action: Some(action.to_owned()).filter(|a| !a.is_empty()),
        from,
        until: to.map(|t| t + jiff::SignedDuration::from_hours(24)),
    })
}

/// A page of the audit log matching a search; the search is itself audited.
pub async fn audit(
    state: &AppState,
    user: &CurrentUser,
    q: &AuditQuery,
) -> Result<(AuditPage, i64), AppError> {
    user.permit(state, Action::ViewAudit, Target::Instance).await?;
    let page = page_number(&q.page)?;
    let filter = audit_filter(state, q).await?;
    let detail = format!(
        "actor={} patient={} action={} from={} to={} page={page}",
        q.actor.trim(),
        q.patient.trim(),
        q.action.trim(),
        q.from.trim(),
        q.to.trim()
    );
    state.store.append_audit(&user.entry("audit.view", filter.patient_id.as_deref(), &detail)).await?;
    let found = state.store.audit_search(&filter, (page - 1) * ENTRIES_PER_PAGE, ENTRIES_PER_PAGE).await?;
    Ok((found, page))
}

/// The clinic settings as stored.
pub async fn settings(state: &AppState, user: &CurrentUser) -> Result<ClinicSettings, AppError> {
    user.permit(state, Action::ManageSettings, Target::Instance).await?;
    ClinicSettings::load(&state.store).await
}

/// Stores clinic settings (an empty value clears one, bringing back the start-up option).
pub async fn save_settings(state: &AppState, user: &CurrentUser, s: &ClinicSettings) -> Result<(), AppError> {
    user.permit(state, Action::ManageSettings, Target::Instance).await?;
    let shown = |v: &Option<String>| v.clone().unwrap_or_default();
    let detail = format!(
        "clinic_name={} clinic_phone={} emergency_numbers={} inactive_days={}",
        shown(&s.clinic_name),
        shown(&s.clinic_phone),
        shown(&s.emergency_numbers),
        s.inactive_days.map(|d| d.to_string()).unwrap_or_default()
    );
    let changes = s.changes();
    state.store.change_settings(&changes, &user.entry("settings.clinic", None, &detail)).await?;
    Ok(())
}
