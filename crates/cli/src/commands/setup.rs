//! `sciatica setup`: time zone, session times and name.

use crate::args::SetupArgs;
use crate::ctx::Ctx;
use crate::output::{GOOD, Out, print_json};
use crate::prompt::Prompter;
use anyhow::Result;
use jiff::Timestamp;
use sciatica_store::patients::Profile;

pub async fn run(ctx: &Ctx, a: SetupArgs) -> Result<()> {
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
    let mut field = |given: Option<String>, question: &str, default: &str| -> Result<String> {
        match given {
            Some(v) => Ok(v),
            None if ask => p.text(question, Some(default)),
            None => Ok(default.to_owned()),
        }
    };
    if ask {
        println!(
            "Your time zone and the times you would like to exercise. Press Enter to keep the value in brackets."
        );
    }
    let time_zone = field(a.time_zone, "Time zone (e.g. Europe/London)", &tz_default)?;
    let morning = field(a.morning, "Morning session time (HH:MM)", &morning_default)?;
    let evening = field(a.evening, "Evening session time (HH:MM)", &evening_default)?;
    let name = match a.name {
        Some(n) => Some(n),
        None if ask => Some(p.text("What should we call you? (optional)", name_default.as_deref())?),
        None => name_default,
    };
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
