//! `sciatica screen`: the safety questions and what to do.

use crate::args::ScreenArgs;
use crate::ctx::Ctx;
use crate::failure::bad;
use crate::output::{BOLD, GOOD, Out, print_json, urgency_style};
use crate::prompt::Prompter;
use anyhow::{Context as _, Result};
use jiff::Timestamp;
use sciatica_core::content::screening::Question;
use sciatica_core::triage::answers::{Answers, AnswersBuilder, KeyType, key_type};
use sciatica_core::triage::pages::{self, Page};
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
        let mut prefilled = serde_json::Map::new();
        if let (Some(store), Some(patient)) = (&store, &patient) {
            if let Some(urgent) = store.unacknowledged_urgent(&patient.id).await? {
                assessed = ask_assessed(&mut p, &urgent, patient)?;
            }
            if let Some(last) = store.latest_screening(&patient.id).await? {
                prefilled = pages::prefill(ctx.content, &last.answers);
            }
        }
        ask(ctx.content, &mut p, &prefilled)?
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

/// Asks the screening questions, one topic a page; a later screen first confirms the stable
/// history of the last one (`prefilled`). Stops as soon as the answers decide an urgent result
/// (the core decides): the remaining questions can wait, and the answers so far are returned.
pub fn ask(
    c: &Content,
    p: &mut Prompter,
    prefilled: &serde_json::Map<String, serde_json::Value>,
) -> Result<Answers> {
    p.out.heading("Safety questions");
    p.out.para(
        "These questions look for rare problems that need a doctor before any exercise. Answer for how you are now. Type ? for help with any question.",
        "",
    );
    let mut builder = Answers::builder();
    let all = pages::pages(c, prefilled);
    for (n, page) in all.iter().enumerate() {
        match page {
            Page::Confirm(questions) => {
                p.out.heading(format!("{} of {} · Is this still right?", n + 1, all.len()));
                p.out.para("This is what you told us last time.", "  ");
                for q in questions {
                    let words = pages::answer_words(q, &prefilled[&q.key], "Yes", "No", "None");
                    p.out.bullet(
                        "•",
                        &format!("{}: {words}", q.weekly_summary.as_deref().unwrap_or(&q.prompt)),
                    );
                }
                p.out.blank();
                if p.yes_no(
                    "Is all of this still right?",
                    "Answer no to change what is different now.",
                    None,
                )? {
                    for q in questions {
                        builder.set(&q.key, prefilled[&q.key].clone())?;
                    }
                } else {
                    for q in questions {
                        p.out.blank();
                        ask_one(p, q, &mut builder, prefilled.get(&q.key))?;
                    }
                }
            }
            Page::Topic(topic, questions) => {
                p.out.heading(format!("{} of {} · {}", n + 1, all.len(), topic.title));
                p.out.para(&topic.intro, "  ");
                for q in questions {
                    p.out.blank();
                    ask_one(p, q, &mut builder, None)?;
                }
            }
        }
        let so_far = builder.so_far()?;
        if !so_far.is_complete() && triage::decided::decided(c, &so_far).is_some() {
            p.out.blank();
            p.out.para("Your answers so far already say what to do. The other questions can wait until you have been checked.", "");
            return Ok(so_far);
        }
    }
    Ok(builder.build()?)
}

/// Asks one question; `before` is last time's answer, offered as the default where it can be.
fn ask_one(
    p: &mut Prompter,
    q: &Question,
    builder: &mut AnswersBuilder,
    before: Option<&serde_json::Value>,
) -> Result<()> {
    let ty = key_type(&q.key).expect("validated: every question has a contract key");
    let labels: Vec<String> = q.choices.iter().map(|ch| ch.label.clone()).collect();
    let values: Vec<&str> = q.choices.iter().map(|ch| ch.value.as_str()).collect();
    let value = match ty {
        KeyType::Bool => serde_json::Value::Bool(p.yes_no(
            &q.prompt,
            &q.help,
            before.and_then(serde_json::Value::as_bool),
        )?),
        KeyType::Int { min, max } => serde_json::Value::from(p.number(
            &q.prompt,
            &q.help,
            min,
            max,
            before.and_then(serde_json::Value::as_i64),
        )?),
        KeyType::Choice(_) => {
            serde_json::Value::from(values[p.choice(&q.prompt, &q.help, &labels, &values)?])
        }
        KeyType::List(_) => {
            let picked = p.multi(&q.prompt, &q.help, &labels, &values)?;
            serde_json::Value::from(picked.iter().map(|i| values[*i]).collect::<Vec<_>>())
        }
    };
    builder.set(&q.key, value)?;
    Ok(())
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
