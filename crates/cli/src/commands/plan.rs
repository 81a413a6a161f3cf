//! `sciatica plan`: the programme for a cause and phase, or the person's own.

use crate::args::PlanArgs;
use crate::commands::today::blocked_message;
use crate::ctx::Ctx;
use crate::failure::bad;
use crate::output::{BOLD, DIM, Out, print_json};
use anyhow::Result;
use jiff::Timestamp;
use sciatica_core::plan::{self, Plan, Request};
use sciatica_core::{Cause, Content, FieldError};
use sciatica_store::person::{Person, Today};
use sciatica_web::words;

pub async fn run(ctx: &Ctx, args: PlanArgs) -> Result<()> {
    let plan = if let Some(cause) = &args.cause {
        let cause: Cause = cause
            .parse()
            .map_err(|e: sciatica_core::ids::UnknownId| FieldError::new("cause", e.to_string()))?;
        let req = Request {
            cause: Some(cause),
            phase: args.phase.unwrap_or(1),
            cleared: true,
            ..Request::default()
        };
        plan::plan(ctx.content, &req)?
    } else {
        if args.phase.is_some() {
            return Err(bad(
                "--phase needs --cause; to move your own programme to another phase use: sciatica program --phase N",
            ));
        }
        let store = ctx.existing_store().await?;
        let person = Person::load(&store, Timestamp::now()).await?;
        store.close().await;
        let Some(person) = person else {
            return Err(bad("no profile yet: start with `sciatica screen`, or give --cause CAUSE"));
        };
        match person.today_plan(ctx.content)?.0 {
            Today::Plan(p) => p,
            Today::NotScreened => return Err(bad("no programme yet: start with `sciatica screen`")),
            Today::Blocked(status) => {
                if ctx.json() {
                    return print_json(&serde_json::json!({ "blocked": true, "status": status }));
                }
                blocked_message(&mut Out::stdout(), ctx.content, &status);
                return Ok(());
            }
        }
    };
    if ctx.json() {
        print_json(&plan)
    } else {
        show(&mut Out::stdout(), ctx.content, &plan);
        Ok(())
    }
}

/// Prints a plan.
pub fn show(out: &mut Out, c: &Content, plan: &Plan) {
    let cause = c.cause(plan.cause);
    let protocol = c.protocols.iter().find(|p| p.family == plan.family).expect("every family has a protocol");
    out.heading(format!("{} — {}", cause.plain_name, protocol.name));
    let sessions = match plan.sessions_per_day {
        1 => "one session a day".to_owned(),
        2 => "two sessions a day, morning and evening".to_owned(),
        n => format!("{n} sessions a day"),
    };
    out.line(format!("  {}, {sessions}", words::phase(plan.phase)));
    out.para(&protocol.summary, "  ");
    out.blank();
    for (i, e) in plan.exercises.iter().enumerate() {
        let mut title = format!("  {}. {}", i + 1, e.name);
        if e.trial {
            title.push_str(" (a trial: note what it does to your leg)");
        }
        out.styled(BOLD, title);
        let line = format!("{} · {}", words::dose(&e.dosage()), words::per_day(e.times_per_day));
        out.para(&line, "     ");
        if let Some(easier) = words::easier(c, e) {
            out.para(&easier, "     ");
        }
        if let Some(note) = &e.note {
            out.styled(DIM, crate::output::wrap(note, "     ").trim_end());
        }
    }
    out.blank();
    out.para("Do them slowly, breathing normally. `sciatica session` guides you through each one with its steps and timers.", "  ");
}
