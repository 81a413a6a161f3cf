//! `sciatica admin`: accounts of the web application, from the command line.

use crate::args::{AdminCommand, AdminCreateUserArgs, AdminEmailArgs, AdminInviteArgs, AdminSignupArgs};
use crate::ctx::Ctx;
use crate::failure::bad;
use crate::output::{Out, print_json};
use anyhow::Result;
use jiff::Timestamp;
use sciatica_core::FieldError;
use sciatica_core::policy::Role;
use sciatica_store::patients::Profile;
use sciatica_store::settings::OPEN_SIGNUP;
use sciatica_store::users::NewUser;
use sciatica_web::auth::address::email;
use sciatica_web::auth::password;
use std::io::Read;

fn role(s: &str) -> Result<Role, FieldError> {
    s.parse().map_err(|e: sciatica_core::ids::UnknownId| FieldError::new("role", e.to_string()))
}

fn address(s: &str) -> Result<String> {
    email(s)
        .map_err(|_| FieldError::new("email", "is not an email address; allowed: name@example.org").into())
}

fn base(url: &str) -> String {
    url.trim_end_matches('/').to_owned()
}

pub async fn run(ctx: &Ctx, cmd: AdminCommand) -> Result<()> {
    match cmd {
        AdminCommand::Invite(a) => invite(ctx, a).await,
        AdminCommand::CreateUser(a) => create_user(ctx, a).await,
        AdminCommand::ResetLink(a) => reset_link(ctx, a).await,
        AdminCommand::Users => users(ctx).await,
        AdminCommand::RebuildRecords => rebuild_records(ctx).await,
        AdminCommand::OpenSignup(a) => open_signup(ctx, a).await,
    }
}

async fn invite(ctx: &Ctx, a: AdminInviteArgs) -> Result<()> {
    let r = role(&a.role)?;
    let bound = a.email.as_deref().map(address).transpose()?;
    let store = ctx.store().await?;
    let now = Timestamp::now();
    let url = sciatica_web::links::invite_link(&store, r, bound, None, &base(&a.base_url), now).await?;
    store.audit(None, None, "invite.create.cli", None, r.as_str(), now).await?;
    store.close().await;
    if ctx.json() {
        return print_json(
            &serde_json::json!({ "role": r, "url": url, "expires_in_days": sciatica_web::links::INVITE_DAYS }),
        );
    }
    let mut out = Out::stdout();
    out.line(format!("Invitation for a {r} (works once, for {} days):", sciatica_web::links::INVITE_DAYS));
    out.line(url);
    Ok(())
}

async fn create_user(ctx: &Ctx, a: AdminCreateUserArgs) -> Result<()> {
    let r = role(&a.role)?;
    let address = address(&a.email)?;
    let profile = if r == Role::Patient {
        Some(Profile::new(a.name.as_deref(), &a.time_zone, "08:00", "18:00")?)
    } else {
        None
    };
    let secret = if a.password_stdin {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s).map_err(|e| bad(format!("cannot read the password: {e}")))?;
        let s = s.trim_end_matches(['\n', '\r']).to_owned();
        password::check(&s, &address).map_err(|e| bad(e.to_string()))?;
        s
    } else {
        sciatica_web::auth::token::new_secret()
    };
    let hash = password::hash_now(&secret).map_err(|e| anyhow::anyhow!("{e}"))?;
    let store = ctx.store().await?;
    if store.user_by_email(&address).await?.is_some() {
        store.close().await;
        return Err(FieldError::new("email", "already has an account").into());
    }
    let now = Timestamp::now();
    let user = store
        .create_user(&NewUser { email: address.clone(), password_hash: hash, role: r, profile }, now)
        .await?;
    let link = if a.password_stdin {
        None
    } else {
        Some(sciatica_web::links::reset_link_for(&store, &user.id, None, &base(&a.base_url), now).await?)
    };
    store.audit(None, None, "user.create.cli", user.patient_id.as_deref(), r.as_str(), now).await?;
    store.close().await;
    if ctx.json() {
        return print_json(
            &serde_json::json!({ "id": user.id, "email": address, "role": r, "set_password_url": link }),
        );
    }
    let mut out = Out::stdout();
    out.line(format!("Created {address} ({r})."));
    if let Some(link) = link {
        out.line(format!(
            "Send them this link to choose a password (works once, within {} hours):",
            sciatica_web::links::RESET_HOURS
        ));
        out.line(link);
    }
    Ok(())
}

async fn reset_link(ctx: &Ctx, a: AdminEmailArgs) -> Result<()> {
    let address = address(&a.email)?;
    let store = ctx.existing_store().await?;
    let Some(user) = store.user_by_email(&address).await? else {
        store.close().await;
        return Err(FieldError::new("email", "has no account").into());
    };
    let now = Timestamp::now();
    let url = sciatica_web::links::reset_link_for(&store, &user.id, None, &base(&a.base_url), now).await?;
    store.audit(None, None, "reset.create.cli", user.patient_id.as_deref(), "", now).await?;
    store.close().await;
    if ctx.json() {
        return print_json(&serde_json::json!({ "email": address, "url": url }));
    }
    let mut out = Out::stdout();
    out.line(format!(
        "Password-reset link for {address} (works once, within {} hours):",
        sciatica_web::links::RESET_HOURS
    ));
    out.line(url);
    Ok(())
}

async fn users(ctx: &Ctx) -> Result<()> {
    let store = ctx.existing_store().await?;
    let all = store.users().await?;
    store.close().await;
    if ctx.json() {
        let list: Vec<_> = all
            .iter()
            .map(|u| serde_json::json!({ "id": u.id, "email": u.email, "role": u.role, "disabled": u.disabled, "created_at": u.created_at }))
            .collect();
        return print_json(&list);
    }
    let mut out = Out::stdout();
    if all.is_empty() {
        out.line("No accounts yet. Make one with: sciatica admin invite --role admin");
    }
    for u in all {
        out.line(format!("{:<32} {:<10} {}", u.email, u.role.as_str(), u.created_at.strftime("%Y-%m-%d")));
    }
    Ok(())
}

async fn rebuild_records(ctx: &Ctx) -> Result<()> {
    let store = ctx.existing_store().await?;
    let (rebuilt, differed) = store.rebuild_records().await?;
    store.close().await;
    if ctx.json() {
        return print_json(&serde_json::json!({ "rebuilt": rebuilt, "differed": differed }));
    }
    Out::stdout().line(format!(
        "Rebuilt {rebuilt} patient record{} from the history; {differed} differed from the kept one.",
        if rebuilt == 1 { "" } else { "s" }
    ));
    Ok(())
}

async fn open_signup(ctx: &Ctx, a: AdminSignupArgs) -> Result<()> {
    let on = match a.state.as_str() {
        "on" => true,
        "off" => false,
        other => {
            return Err(
                FieldError::new("state", format!("`{other}` is not allowed; allowed: on, off")).into()
            );
        }
    };
    let store = ctx.store().await?;
    store.set_setting(OPEN_SIGNUP, if on { "true" } else { "false" }).await?;
    store.audit(None, None, "settings.open_signup.cli", None, &on.to_string(), Timestamp::now()).await?;
    store.close().await;
    if ctx.json() {
        return print_json(&serde_json::json!({ "open_signup": on }));
    }
    Out::stdout().line(format!("Open sign-up is {}.", if on { "on" } else { "off" }));
    Ok(())
}
