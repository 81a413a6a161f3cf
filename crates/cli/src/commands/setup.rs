//! `sciatica setup`: time zone, session times and name. Values given as options are checked
//! before anything is asked; each answer typed is checked at once, and a wrong one is asked again.

use crate::args::SetupArgs;
use crate::ctx::Ctx;
use crate::output::{GOOD, Out, print_json};
use crate::prompt::Prompter;
use anyhow::Result;
use jiff::Timestamp;
use jiff::civil::Time;
use sciatica_core::FieldError;
use sciatica_core::schedule::{Schedule, parse_time, parse_tz};
use sciatica_store::patients::Profile;

/// The longest name kept.
const NAME_MAX: usize = 100;

fn check_name(name: &str) -> Result<String, FieldError> {
    if name.trim().chars().count() > NAME_MAX {
        return Err(FieldError::new("name", format!("is too long; allowed: up to {NAME_MAX} characters")));
    }
    Ok(name.trim().to_owned())
}

fn check_evening(morning: Time, text: &str) -> Result<Time, FieldError> {
    let evening = parse_time("evening", text)?;
    Schedule::new(jiff::tz::TimeZone::UTC, morning, evening).map_err(|_| {
        FieldError::new(
            "evening",
            format!(
                "`{}` is not after the morning time {}; allowed: a later time than the morning session",
                text.trim(),
                hhmm(morning)
            ),
        )
    })?;
    Ok(evening)
}

fn hhmm(t: Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

pub async fn run(ctx: &Ctx, a: SetupArgs) -> Result<()> {
    // Options first: a wrong one is an error before any question.
    if let Some(tz) = &a.time_zone {
        parse_tz(tz)?;
    }
    let given_morning = a.morning.as_deref().map(|m| parse_time("morning", m)).transpose()?;
    if let (Some(m), Some(e)) = (given_morning, &a.evening) {
        check_evening(m, e)?;
    }
    if let Some(n) = &a.name {
        check_name(n)?;
    }

    let store = ctx.store().await?;
    let current = store.local_patient().await?;
    let system_tz = jiff::tz::TimeZone::system().iana_name().map_or_else(|| "UTC".to_owned(), str::to_owned);
    let tz_default = current.as_ref().map_or(system_tz, |p| p.time_zone.clone());
    let morning_default = current.as_ref().map_or("08:00".to_owned(), |p| p.morning.clone());
    let evening_default = current.as_ref().map_or("18:00".to_owned(), |p| p.evening.clone());
    let name_default = current.as_ref().and_then(|p| p.display_name.clone());
    let all_given = a.time_zone.is_some() && a.morning.is_some() && a.evening.is_some();
    let mut p = Prompter::new(ctx.json());
    let ask = !all_given && p.interactive();
    if ask {
        p.out.para(
            "Your time zone and the times you would like to exercise. Press Enter to keep the value in brackets.",
            "",
        );
    }
    let time_zone = match a.time_zone {
        Some(tz) => tz,
        None if ask => p.checked("Time zone (e.g. Europe/London)", Some(&tz_default), |t| {
            parse_tz(t).map(|_| t.to_owned())
        })?,
        None => tz_default,
    };
    let morning = match given_morning {
        Some(m) => m,
        None if ask => {
            p.checked("Morning session time (HH:MM)", Some(&morning_default), |t| parse_time("morning", t))?
        }
        None => parse_time("morning", &morning_default)?,
    };
    let evening = match a.evening {
        Some(e) => e,
        None if ask => p.checked("Evening session time (HH:MM)", Some(&evening_default), |t| {
            check_evening(morning, t).map(|_| t.to_owned())
        })?,
        None => evening_default,
    };
    let name = match a.name {
        Some(n) => Some(n),
        None if ask => {
            Some(p.checked("What should we call you? (optional)", name_default.as_deref(), check_name)?)
        }
        None => name_default,
    };
    let morning = hhmm(morning);
    let profile = Profile::new(name.as_deref(), &time_zone, &morning, &evening)?;
    let saved = match current {
        Some(c) => store.update_patient(&c.id, &profile).await?,
        None => store.create_patient(&profile, Timestamp::now()).await?,
    };
    store.close().await;
    if ctx.json() {
        return print_json(&saved);
    }
    let mut out = Out::stdout();
    out.styled(
        GOOD,
        format!("Saved. Sessions at {} and {} ({}).", saved.morning, saved.evening, saved.time_zone),
    );
    out.line("Next: sciatica today");
    Ok(())
}
