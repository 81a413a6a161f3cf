//! `sciatica today`: today's sessions, what is done, and anything that needs attention.

use crate::commands::screen;
use crate::ctx::Ctx;
use crate::output::{BOLD, DIM, GOOD, Out, print_json, urgency_style};
use anyhow::Result;
use jiff::Timestamp;
use sciatica_core::adherence;
use sciatica_core::triage::Outcome;
use sciatica_core::{Action, Content, Slot, Urgency};
use sciatica_store::person::{Person, Today};
use sciatica_web::words;
use serde_json::json;

/// Prints why no programme is shown: the urgent card, or the hold and its reasons.
pub fn blocked_message(out: &mut Out, c: &Content, status: &Outcome) {
    if status.urgency >= Urgency::SameDay {
        screen::show(out, c, status, true);
        return;
    }
    out.heading("Your programme is paused");
    out.para(&c.texts.action[&status.action], "  ");
    for r in status.reasons.iter().filter(|r| r.action >= Action::Hold) {
        out.bullet("•", &r.advice);
    }
    out.para(
        "When a clinician has assessed you, record it with: sciatica assessed --note \"what they said\"",
        "  ",
    );
}

pub async fn run(ctx: &Ctx) -> Result<()> {
    let store = ctx.existing_store().await?;
    let Some(person) = Person::load(&store, Timestamp::now()).await? else {
        store.close().await;
        return no_profile(ctx);
    };
    store.close().await;
    let c = ctx.content;
    let (today, assessment) = person.today_plan(c)?;
    let per_day = match &today {
        Today::Plan(p) => p.sessions_per_day,
        _ => 0,
    };
    let planned = person.schedule.planned(person.today, per_day);
    let todays: Vec<_> =
        person.record.recent().iter().filter(|s| s.date == person.today && s.counts_as_done()).collect();
    let done = person.record.done_by_day();
    let start = person.record.program.as_ref().map_or(person.today, |p| p.started_on);
    let week_from = person.today.saturating_sub(jiff::Span::new().days(6)).max(start);
    // The last 7 days: today counts only what is already done (it is still open).
    let adh = adherence::adherence(&done, week_from, person.today, |_| per_day, person.today);
    let status = person.status(c);

    if ctx.json() {
        let slots: Vec<_> = planned
            .iter()
            .map(|p| {
                let s = todays.iter().find(|s| s.slot == p.slot);
                json!({
                    "slot": p.slot,
                    "planned_at": p.at.timestamp(),
                    "local_time": p.at.strftime("%H:%M").to_string(),
                    "done": s.is_some(),
                    "session_id": s.map(|s| s.id.clone()),
                })
            })
            .collect();
        let plan = match &today {
            Today::Plan(p) => json!(p),
            _ => json!(null),
        };
        return print_json(&json!({
            "date": person.today,
            "status": status,
            "screened": person.record.screen.is_some(),
            "blocked": matches!(today, Today::Blocked(_)),
            "slots": slots,
            "extra_sessions": todays.iter().filter(|s| s.slot == Slot::Extra).count(),
            "plan": plan,
            "current_streak": adh.current_streak,
            "last_7_days": { "done": adh.done, "planned": adh.planned },
            "alerts": person.record.alerts.iter().map(|a| &a.rule).collect::<Vec<_>>(),
        }));
    }

    let mut out = Out::stdout();
    let hello = match person.schedule.slot_of(person.now).1 {
        Slot::Morning => "Good morning",
        _ => "Good evening",
    };
    let greeting = person.name().map_or(hello.to_owned(), |n| format!("{hello}, {n}"));
    out.styled(BOLD, format!("{greeting} · {}", words::day(person.today)));
    match &today {
        Today::NotScreened => {
            out.blank();
            out.para("Start with the safety questions: sciatica screen", "  ");
            return Ok(());
        }
        Today::Blocked(status) => {
            blocked_message(&mut out, c, status);
            return Ok(());
        }
        Today::Plan(plan) => {
            let cause = c.cause(plan.cause);
            let protocol =
                c.protocols.iter().find(|p| p.family == plan.family).map_or("", |p| p.name.as_str());
            out.styled(DIM, format!("{} · {protocol} · {}", cause.plain_name, words::phase(plan.phase)));
            if status.urgency > Urgency::SelfManage {
                out.blank();
                out.styled(
                    urgency_style(status.urgency),
                    format!("  {}", c.texts.urgency[&status.urgency].title),
                );
                for r in status.reasons.iter().filter(|r| r.urgency > Urgency::SelfManage) {
                    out.bullet("•", &r.advice);
                }
            }
            out.heading("Today");
            for p in &planned {
                let time = p.at.strftime("%H:%M");
                match todays.iter().find(|s| s.slot == p.slot) {
                    Some(s) => {
                        let at = s
                            .ended_at
                            .to_zoned_datetime(person.schedule.tz.clone())
                            .strftime("%H:%M")
                            .to_string();
                        out.styled(GOOD, format!("  ✓ {:<8} {time}   done at {at}", words::slot(p.slot)));
                    }
                    None if p.at.timestamp() < person.now => {
                        out.line(format!("  ○ {:<8} {time}   not done yet", words::slot(p.slot)));
                    }
                    None => out.line(format!("  ○ {:<8} {time}   to do", words::slot(p.slot))),
                }
            }
            let names: Vec<&str> = plan.exercises.iter().map(|e| e.name.as_str()).collect();
            out.blank();
            out.para(&format!("Exercises: {}.", names.join(", ")), "  ");
            if todays.iter().filter(|s| s.slot != Slot::Extra).count() < planned.len() {
                out.styled(BOLD, "  Start a session: sciatica session");
            } else {
                out.styled(GOOD, "  All done for today. Well done.");
            }
            out.blank();
            out.line(format!(
                "  Streak: {} day{} · last 7 days: {} of {} sessions",
                adh.current_streak,
                if adh.current_streak == 1 { "" } else { "s" },
                adh.done,
                adh.planned
            ));
        }
    }
    if let Some(a) = &assessment
        && a.proposals.iter().any(|p| matches!(p, sciatica_core::progression::Proposal::ProgressPhase { .. }))
    {
        out.blank();
        out.styled(GOOD, "  You are ready for the next phase. See: sciatica progress");
    }
    Ok(())
}

fn no_profile(ctx: &Ctx) -> Result<()> {
    if ctx.json() {
        return print_json(&json!({ "screened": false, "profile": null }));
    }
    let mut out = Out::stdout();
    out.line("Welcome. Start with the safety questions: sciatica screen");
    out.line("Then set your session times: sciatica setup");
    Ok(())
}
