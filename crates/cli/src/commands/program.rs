//! `sciatica program`, `assessed` and `delete`: the programme and its phase and trials, recording
//! a clinician's assessment, and erasure.

use crate::args::{AssessedArgs, DeleteArgs, ProgramArgs};
use crate::commands::{plan, today};
use crate::ctx::Ctx;
use crate::failure::bad;
use crate::output::{BOLD, DIM, GOOD, Out, print_json};
use crate::prompt::Prompter;
use anyhow::Result;
use jiff::Timestamp;
use sciatica_core::FieldError;
use sciatica_store::person::{ChangeRefused, Person, ProgramChange, Today};
use sciatica_store::programs::{NewProgram, SetBy};
use sciatica_store::screenings::AckBy;
use sciatica_web::words;

pub async fn program(ctx: &Ctx, a: ProgramArgs) -> Result<()> {
    let c = ctx.content;
    let store = ctx.existing_store().await?;
    let Some(person) = Person::load(&store, Timestamp::now()).await? else {
        store.close().await;
        return Err(bad("no profile yet: start with `sciatica screen`"));
    };
    if person.record.program.is_none() {
        store.close().await;
        return Err(bad("no programme yet: start with `sciatica screen`"));
    }
    let change =
        ProgramChange { phase: a.phase, start_trials: a.trial.clone(), end_trials: a.end_trial.clone() };
    let changed = match person.record.change_program(c, &change, person.today) {
        Ok(Some(next)) => {
            let next = NewProgram::from_next(next, SetBy::SelfManager);
            store.start_program(&person.patient.id, &next, Timestamp::now()).await?;
            true
        }
        Ok(None) => false,
        Err(refused) => {
            store.close().await;
            let (field, problem) = match refused {
                ChangeRefused::Phase(p) => ("phase", p),
                ChangeRefused::StartTrial(p) => ("trial", p),
                ChangeRefused::EndTrial(p) => ("end-trial", p),
            };
            return Err(FieldError::new(field, problem).into());
        }
    };
    let person = Person::load(&store, Timestamp::now()).await?.expect("the profile exists");
    let history = store.programs(&person.patient.id).await?;
    store.close().await;
    let assessment = person.assessment(c);
    let today = person.today_plan(c)?.0;
    if ctx.json() {
        return print_json(&serde_json::json!({
            "program": history.iter().find(|p| p.ended_at.is_none()),
            "history": history,
            "plan": match &today { Today::Plan(p) => serde_json::json!(p), _ => serde_json::Value::Null },
            "assessment": assessment,
        }));
    }
    let mut out = Out::stdout();
    let p = person.record.program.as_ref().expect("a programme exists");
    let (protocol, phase) = person.record.protocol().expect("a programme exists");
    out.styled(
        BOLD,
        format!("{} · started {}", c.cause(p.cause).plain_name, p.started_on.strftime("%-d %B %Y")),
    );
    out.styled(
        DIM,
        format!(
            "{} since {} · {}",
            words::phase(p.phase),
            p.phase_started_on.strftime("%-d %B"),
            if p.cleared { "cleared to exercise" } else { "not yet cleared by a clinician" }
        ),
    );
    match today {
        Today::Plan(plan) => plan::show(&mut out, c, &plan),
        Today::Blocked(status) => today::blocked_message(&mut out, c, &status),
        Today::NotScreened => {}
    }
    let trials: Vec<_> = c
        .protocol(protocol)
        .phase(phase)
        .map(|ph| ph.exercises.iter().filter(|e| e.trial).collect())
        .unwrap_or_default();
    if !trials.is_empty() {
        out.heading("Trials you can choose");
        for t in trials {
            let name = c.exercise(&t.id).map_or(t.id.as_str(), |e| e.plain_name.as_str());
            let on = p.trials.contains(&t.id);
            out.bullet(if on { "●" } else { "○" }, &format!("{name} ({})", t.id));
            if let Some(n) = &t.note {
                out.styled(DIM, crate::output::wrap(n, "     ").trim_end());
            }
        }
        out.para("Start one with: sciatica program --trial ID · end it with --end-trial ID", "  ");
    }
    if changed {
        out.blank();
        out.styled(GOOD, "Saved.");
    }
    Ok(())
}

pub async fn assessed(ctx: &Ctx, a: AssessedArgs) -> Result<()> {
    if a.note.trim().is_empty() {
        return Err(FieldError::new("note", "say briefly what the clinician found or advised").into());
    }
    let store = ctx.existing_store().await?;
    let Some(patient) = store.local_patient().await? else {
        store.close().await;
        return Err(bad("no profile yet: start with `sciatica screen`"));
    };
    store.acknowledge(&patient.id, AckBy::SelfManager, a.note.trim(), Timestamp::now()).await?;
    store.close().await;
    if ctx.json() {
        return print_json(&serde_json::json!({ "acknowledged": true }));
    }
    let mut out = Out::stdout();
    out.styled(GOOD, "Saved: a clinician has assessed you.");
    out.line("Next: answer the safety questions again, so your programme can start: sciatica screen");
    Ok(())
}

pub async fn delete(ctx: &Ctx, a: DeleteArgs) -> Result<()> {
    let location = ctx.db_location()?;
    if !a.yes {
        let mut p = Prompter::new(ctx.json());
        if !p.interactive() {
            return Err(bad("to erase everything without being asked, add --yes"));
        }
        p.out.para(&format!("This erases your profile, screens, programmes, sessions and questionnaires from {location}. It cannot be undone. Consider `sciatica export` first."), "");
        if p.text("Type DELETE to erase everything", None)? != "DELETE" {
            p.out.line("Nothing was erased.");
            return Ok(());
        }
    }
    let store = ctx.existing_store().await?;
    let mut erased = 0;
    while let Some(patient) = store.local_patient().await? {
        store.delete_patient(&patient.id).await?;
        erased += 1;
    }
    store.close().await;
    if ctx.json() {
        return print_json(&serde_json::json!({ "erased_profiles": erased }));
    }
    Out::stdout()
        .styled(GOOD, if erased > 0 { "Everything was erased." } else { "There was nothing to erase." });
    Ok(())
}
