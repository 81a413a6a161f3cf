//! `sciatica screen`: the safety questions and what to do.

use crate::args::ScreenArgs;
use crate::ctx::Ctx;
use crate::failure::bad;
use crate::output::{BOLD, GOOD, Out, print_json, urgency_style};
use crate::prompt::Prompter;
use anyhow::{Context as _, Result};
use jiff::Timestamp;
use sciatica_core::triage::answers::{Answers, KeyType, key_type};
use sciatica_core::triage::{self, Outcome};
use sciatica_core::{Content, Urgency};
use sciatica_store::Store;
use sciatica_store::patients::{Patient, Profile};
use sciatica_store::programs::SetBy;
use sciatica_store::screenings::{AckBy, Screening};
use std::io::Read;

pub async fn run(ctx: &Ctx, args: ScreenArgs) -> Result<()> {
    // Answers from a file are checked before anything is opened or written.
    let from_file = args.answers.as_deref().map(read_answers).transpose()?;
    let save = from_file.is_none() || args.save;
    let store = if save { Some(ctx.store().await?) } else { None };
    let patient = match &store {
        Some(store) => Some(ensure_patient(store).await?),
        None => None,
    };
    let mut assessed = args.assessed.as_deref().map(str::trim).filter(|n| !n.is_empty()).map(str::to_owned);
    let answers = if let Some(answers) = from_file {
        answers
    } else {
        let mut p = Prompter::new(ctx.json());
        if let (Some(store), Some(patient)) = (&store, &patient)
            && let Some(urgent) = store.unacknowledged_urgent(&patient.id).await?
        {
            assessed = ask_assessed(&mut p, &urgent, patient)?;
        }
        ask(ctx.content, &mut p)?
    };
    let outcome = triage::screen(ctx.content, &answers);
    if let (Some(store), Some(patient)) = (&store, &patient) {
        let now = Timestamp::now();
        if let Some(note) = &assessed {
            store.acknowledge(&patient.id, AckBy::SelfManager, note, now).await?;
        }
        record(store, patient, &answers, &outcome, now + jiff::SignedDuration::from_millis(1), SetBy::System)
            .await?;
    }
    if let Some(store) = store {
        store.close().await;
    }
    if ctx.json() {
        print_json(&outcome)
    } else {
        show(&mut Out::stdout(), ctx.content, &outcome, save);
        Ok(())
    }
}

/// Before a new screen, while an urgent result is in force: has a clinician assessed the person?
/// A later screen lifts the urgent result only with that answer, never silently.
fn ask_assessed(p: &mut Prompter, urgent: &Screening, patient: &Patient) -> Result<Option<String>> {
    let when = patient
        .schedule()
        .map(|s| urgent.taken_at.to_zoned_datetime(s.tz).strftime("%-d %B").to_string())
        .unwrap_or_default();
    p.out.heading("Your last urgent result");
    p.out.para(&format!("On {when} your answers asked you to get urgent medical care."), "  ");
    if !p.yes_no("Has a doctor or other clinician seen you about it since then?", "", None)? {
        p.out.para("Please get that care first. You can still answer the questions now; the exercises stay paused until a clinician has seen you.", "  ");
        return Ok(None);
    }
    let note = p.text("What did they say? (a short note for your record)", None)?;
    Ok(Some(if note.trim().is_empty() {
        "assessed by a clinician".to_owned()
    } else {
        note.trim().to_owned()
    }))
}

fn read_answers(source: &str) -> Result<Answers> {
    let text = if source == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| bad(format!("cannot read the answers from standard input: {e}")))?;
        s
    } else {
        std::fs::read_to_string(source)
            .map_err(|e| bad(format!("cannot read the answers file {source}: {e}")))?
    };
    Answers::from_json_str(&text).context("the answers are not valid")
}

/// The profile of a local database, made with defaults (the computer's time zone, 08:00 and
/// 18:00) when there is none yet; `sciatica setup` changes it.
pub async fn ensure_patient(store: &Store) -> Result<Patient> {
    if let Some(p) = store.local_patient().await? {
        return Ok(p);
    }
    let tz = jiff::tz::TimeZone::system();
    let zone = tz.iana_name().filter(|z| Profile::new(None, z, "08:00", "18:00").is_ok()).unwrap_or("UTC");
    let profile = Profile::new(None, zone, "08:00", "18:00")?;
    Ok(store.create_patient(&profile, Timestamp::now()).await?)
}

/// Saves a screen and starts a programme for its diagnosis and clearance when they changed.
pub async fn record(
    store: &Store,
    patient: &Patient,
    answers: &Answers,
    outcome: &Outcome,
    at: Timestamp,
    set_by: SetBy,
) -> Result<()> {
    store.record_screen(patient, answers, outcome, at, set_by).await?;
    Ok(())
}

/// Asks every screening question, one topic a page.
pub fn ask(c: &Content, p: &mut Prompter) -> Result<Answers> {
    p.out.heading("Safety questions");
    p.out.para(
        "These questions look for rare problems that need a doctor before any exercise. Answer for how you are now. Type ? for help with any question.",
        "",
    );
    let mut builder = Answers::builder();
    let pages: Vec<_> = c.topics.iter().filter(|t| c.questions.iter().any(|q| q.topic == t.id)).collect();
    for (n, topic) in pages.iter().enumerate() {
        p.out.heading(format!("{} of {} · {}", n + 1, pages.len(), topic.title));
        p.out.para(&topic.intro, "  ");
        for q in c.questions.iter().filter(|q| q.topic == topic.id) {
            p.out.blank();
            let ty = key_type(&q.key).expect("validated: every question has a contract key");
            let labels: Vec<String> = q.choices.iter().map(|ch| ch.label.clone()).collect();
            let values: Vec<&str> = q.choices.iter().map(|ch| ch.value.as_str()).collect();
            let value = match ty {
                KeyType::Bool => serde_json::Value::Bool(p.yes_no(&q.prompt, &q.help, None)?),
                KeyType::Int { min, max } => {
                    serde_json::Value::from(p.number(&q.prompt, &q.help, min, max, None)?)
                }
                KeyType::Choice(_) => {
                    serde_json::Value::from(values[p.choice(&q.prompt, &q.help, &labels, &values)?])
                }
                KeyType::List(_) => {
                    let picked = p.multi(&q.prompt, &q.help, &labels, &values)?;
                    serde_json::Value::from(picked.iter().map(|i| values[*i]).collect::<Vec<_>>())
                }
            };
            builder.set(&q.key, value)?;
        }
    }
    Ok(builder.build()?)
}

/// The first sentence of a text: a rule's advice starts with the reason in one sentence.
fn first_sentence(text: &str) -> &str {
    text.find(". ").map_or(text, |i| &text[..=i])
}

/// Prints a result: a card for urgent results, calm advice otherwise.
pub fn show(out: &mut Out, c: &Content, o: &Outcome, saved: bool) {
    let text = &c.texts.urgency[&o.urgency];
    let style = urgency_style(o.urgency);
    match o.urgency {
        Urgency::EmergencyNow | Urgency::SameDay => {
            let mut lines: Vec<&str> = vec![text.what_to_do.as_str()];
            for r in o.reasons.iter().filter(|r| r.urgency == o.urgency) {
                lines.push(first_sentence(&r.advice));
            }
            out.card(style, &text.title.to_uppercase(), &lines);
            out.blank();
            out.para(&c.texts.action[&o.action], "");
            if saved {
                out.para(
                    "No exercises will be shown until a clinician has assessed you. Afterwards, record it with: sciatica assessed --note \"what the clinician said\"",
                    "",
                );
            }
        }
        Urgency::SeeClinicianSoon | Urgency::SelfManage => {
            out.heading("Result");
            out.styled(style, format!("  {}", text.title));
            out.para(&text.what_to_do, "  ");
            let shown: Vec<_> =
                o.reasons.iter().filter(|r| c.rule(&r.rule).is_none_or(|rule| !rule.fallback)).collect();
            if !shown.is_empty() {
                out.blank();
                out.styled(BOLD, "  Why");
                for r in shown {
                    out.bullet("•", &r.advice);
                }
            }
            out.blank();
            out.styled(BOLD, "  Your exercise programme");
            out.para(&c.texts.action[&o.action], "  ");
            if saved {
                out.blank();
                out.styled(GOOD, "  Saved. Next: sciatica setup (your session times), then sciatica today.");
            }
        }
    }
}
