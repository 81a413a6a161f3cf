//! `sciatica progress`: pain and how far down the leg symptoms reach by day, sessions done,
//! questionnaire scores against a change that matters, and the way to the next phase.

mod charts;

use crate::args::ProgressArgs;
use crate::ctx::Ctx;
use crate::failure::bad;
use crate::output::{BOLD, DIM, GOOD, Out, WARN, print_json};
use anyhow::Result;
use jiff::Timestamp;
use jiff::civil::Date;
use sciatica_core::adherence::{self, Done};
use sciatica_core::measures;
use sciatica_core::progression::{Proposal, StopReason};
use sciatica_core::{Cause, Content, Slot};
use sciatica_store::measures::MeasureResponse;
use sciatica_store::person::Person;
use sciatica_web::words;
use serde::Serialize;
use std::collections::BTreeMap;

/// One day of the charts.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct DayRow {
    date: Option<Date>,
    leg_pain: Option<u8>,
    back_pain: Option<u8>,
    level: Option<u8>,
    planned: u8,
    morning: bool,
    evening: bool,
}

pub async fn run(ctx: &Ctx, a: ProgressArgs) -> Result<()> {
    if !(1..=365).contains(&a.days) {
        return Err(sciatica_core::FieldError::new("days", "allowed: 1 to 365").into());
    }
    let c = ctx.content;
    let store = ctx.existing_store().await?;
    let Some(person) = Person::load(&store, Timestamp::now()).await? else {
        store.close().await;
        return Err(bad("no profile yet: start with `sciatica screen`"));
    };
    let pid = person.patient.id.clone();
    let from = person.today.saturating_sub(jiff::Span::new().days(i64::from(a.days) - 1));
    let since = person.schedule.start_of(from)?;
    let sessions = store.sessions_since(&pid, since).await?;
    let programs = store.programs(&pid).await?;
    let stretches: Vec<_> = programs.iter().map(sciatica_store::programs::Program::stretch).collect();
    let responses = store.measure_responses(&pid).await?;
    store.close().await;

    let mut days: BTreeMap<Date, DayRow> = BTreeMap::new();
    let mut d = from;
    while d <= person.today {
        days.insert(
            d,
            DayRow {
                date: Some(d),
                planned: sciatica_core::adherence::planned_on(c, &stretches, d),
                ..DayRow::default()
            },
        );
        d = d.tomorrow()?;
    }
    let mut done: BTreeMap<Date, Done> = BTreeMap::new();
    for r in &sessions {
        let Some(row) = days.get_mut(&r.date) else { continue };
        let worst = |a: Option<sciatica_core::Pain>, b: Option<sciatica_core::Pain>| {
            a.max(b).map(sciatica_core::Pain::get)
        };
        row.leg_pain = row.leg_pain.max(worst(r.leg_pain_before, r.leg_pain_after));
        row.back_pain = row.back_pain.max(worst(r.back_pain_before, r.back_pain_after));
        // The morning check is the day's level; without one, the day's first check.
        if let Some(l) = r.worse_pre_level()
            && (row.level.is_none() || (r.slot == Slot::Morning && !row.morning))
        {
            row.level = Some(l.get());
        }
        match r.slot {
            Slot::Morning => row.morning = true,
            Slot::Evening => row.evening = true,
            Slot::Extra => {}
        }
        done.entry(r.date).or_default().add(r.slot);
    }
    let rows: Vec<DayRow> = days.values().cloned().collect();
    let adh = adherence::adherence(
        &done,
        from,
        person.today,
        |d| sciatica_core::adherence::planned_on(c, &stretches, d),
        person.today,
    );
    let assessment = person.assessment(c);
    let status = person.status(c);
    let scores = measure_changes(c, &responses);

    if ctx.json() {
        return print_json(&serde_json::json!({
            "from": from,
            "to": person.today,
            "days": rows,
            "adherence": adh,
            "measures": scores.iter().map(|(r, base, ch)| serde_json::json!({
                "measure": r.measure, "score": r.score, "band": r.band, "taken_at": r.taken_at,
                "baseline": base, "change": ch,
            })).collect::<Vec<_>>(),
            "assessment": assessment,
            "status": status,
        }));
    }

    let mut out = Out::stdout();
    out.styled(
        BOLD,
        format!("Progress · {} to {}", from.strftime("%-d %b"), person.today.strftime("%-d %b")),
    );
    let layout = charts::layout(rows.len(), crate::output::columns());
    charts::draw(&mut out, c, &rows, from, person.today, assessment.as_ref().and_then(|a| a.trend), layout);

    out.heading("Sessions done");
    let pct = adh.ratio.map_or(String::new(), |r| format!(" ({:.0}%)", r * 100.0));
    out.para(
        &format!(
            "You did {} of {} planned sessions{pct}. Current streak: {} day{}; best: {}.",
            adh.done,
            adh.planned,
            adh.current_streak,
            if adh.current_streak == 1 { "" } else { "s" },
            adh.best_streak
        ),
        "  ",
    );
    charts::calendar(&mut out, &rows, person.today, layout);

    if !scores.is_empty() {
        out.heading("Questionnaires");
        for (r, base, change) in &scores {
            let def = c.measure(r.measure);
            let fmt = |v: f64| if def.decimals == 0 { format!("{v:.0}") } else { format!("{v:.1}") };
            let now = r.score.map_or("incomplete".to_owned(), fmt);
            let band = r.band.as_ref().map(|b| format!(" ({})", b.replace('_', " "))).unwrap_or_default();
            let band = if r.measure == sciatica_core::MeasureId::Startback {
                band.replace(" (", " (risk: ")
            } else {
                band
            };
            let mut line = format!("{}: {now}{band}", def.name);
            if let (Some(b), Some(ch)) = (base, change) {
                let dir = if ch.points >= 0.0 { "better" } else { "worse" };
                let pct = ch.percent.map_or(String::new(), |p| format!(", {p:.0}%"));
                line = format!(
                    "{}: {} → {now}{band} · {:.1} points {dir}{pct}",
                    def.name,
                    fmt(*b),
                    ch.points.abs()
                );
                let matters =
                    ch.points > 0.0 && (ch.meets_points == Some(true) || ch.meets_percent == Some(true));
                let mic = match (def.mic_points, def.mic_percent) {
                    (Some(p), Some(q)) => format!("{p} points or {q}%"),
                    (None, Some(q)) => format!("{q}%"),
                    (Some(p), None) => format!("{p} points"),
                    (None, None) => String::new(),
                };
                if matters {
                    line.push_str(&format!(" — a change that matters (at least {mic})"));
                } else if !mic.is_empty() {
                    line.push_str(&format!(" — a change that matters is at least {mic}"));
                }
            }
            out.bullet("•", &line);
        }
    }

    if let Some(a) = &assessment {
        let (protocol, phase) = person.record.protocol().unwrap_or((Cause::Undiagnosed, 1));
        if !a.checks.is_empty() {
            out.heading(format!("Toward {}", words::phase(phase + 1)));
            for check in &a.checks {
                out.bullet(if check.met { "✓" } else { "○" }, &words::criterion(check));
            }
            out.styled(DIM, "    ✓ met  ○ not yet");
            if a.checks.iter().all(|c| c.met) {
                out.blank();
                out.styled(
                    GOOD,
                    format!(
                        "  You are ready for {}. To move on: sciatica program --phase {}",
                        words::phase(phase + 1),
                        phase + 1
                    ),
                );
            }
        } else if protocol == Cause::Undiagnosed {
            out.heading("Next step");
            out.para("Your programme stays gentle until a clinician has confirmed the cause of your sciatica and cleared you to exercise. Then answer the safety questions again: sciatica screen", "  ");
        }
        for p in &a.proposals {
            let name = |id: &str| c.exercise(id).map_or(id.to_owned(), |e| e.plain_name.clone());
            let line = match p {
                Proposal::RegressExercise { exercise, until, reason } => Some(format!(
                    "{} is in its easier version until {} because {}.",
                    name(exercise),
                    until.strftime("%-d %B"),
                    match reason {
                        StopReason::MovedDown => "it sent symptoms down your leg",
                        StopReason::Stopped => "you stopped during it",
                    }
                )),
                Proposal::RemoveExercise { exercise } => Some(format!(
                    "{} is out of your programme: it sent symptoms down your leg twice this week. Tell your clinician.",
                    name(exercise)
                )),
                Proposal::RegressPhase { to, .. } => Some(format!(
                    "Two stops in a week: going back to {} for a while may help (sciatica program --phase {to}).",
                    words::phase(*to)
                )),
                Proposal::Unlock { .. } | Proposal::ProgressPhase { .. } => None,
            };
            if let Some(l) = line {
                out.blank();
                out.styled(WARN, crate::output::wrap(&l, "  ").trim_end());
            }
        }
    }
    if status.urgency > sciatica_core::Urgency::SelfManage {
        out.heading("Needs attention");
        for r in status.reasons.iter().filter(|r| r.urgency > sciatica_core::Urgency::SelfManage) {
            out.bullet("•", &r.advice);
        }
    }
    Ok(())
}

/// The latest response of each measure, with its baseline (the first scored one) and change.
fn measure_changes(
    c: &Content,
    responses: &[MeasureResponse],
) -> Vec<(MeasureResponse, Option<f64>, Option<measures::Change>)> {
    sciatica_store::measures::measure_progress(c, responses)
        .into_iter()
        .map(|m| (m.latest, m.baseline, m.change))
        .collect()
}
