//! `sciatica measure`: score an outcome questionnaire, or take one and save it.

use crate::args::{MeasureCommand, MeasureScoreArgs, MeasureTakeArgs};
use crate::commands::screen::ensure_patient;
use crate::ctx::Ctx;
use crate::output::{BOLD, DIM, GOOD, Out, WARN, print_json};
use crate::prompt::Prompter;
use anyhow::Result;
use jiff::Timestamp;
use sciatica_core::content::measure::MeasureDef;
use sciatica_core::measures::{self, Answer, Change, Score, meaning};
use sciatica_core::{Content, FieldError, MeasureId};
use serde_json::{Map, Value, json};

pub async fn run(ctx: &Ctx, cmd: MeasureCommand) -> Result<()> {
    match cmd {
        MeasureCommand::Score(a) => score(ctx, &a),
        MeasureCommand::Take(a) => take(ctx, a).await,
    }
}

fn measure_id(text: &str) -> Result<MeasureId, FieldError> {
    text.parse().map_err(|e: sciatica_core::ids::UnknownId| FieldError::new("measure", e.to_string()))
}

fn number(def: &MeasureDef, v: f64) -> Value {
    if def.decimals == 0 && v.fract() == 0.0 { json!(v as i64) } else { json!(v) }
}

/// The JSON of a score (the contract of `measure score`); `meaning` is the sentence a person
/// reads about it.
pub fn score_json(def: &MeasureDef, s: &Score, change: Option<&Change>, meaning: &str) -> Value {
    let mut m = Map::new();
    m.insert("measure".into(), json!(def.id));
    m.insert("score".into(), s.score.map_or(Value::Null, |v| number(def, v)));
    m.insert("band".into(), json!(s.band));
    m.insert("answered".into(), json!(s.answered));
    m.insert("skipped".into(), json!(s.skipped));
    if def.id == MeasureId::Startback {
        m.insert("total".into(), json!(s.total));
        m.insert("psychosocial".into(), json!(s.psychosocial));
        m.insert("risk".into(), json!(s.risk));
    }
    if s.leg.is_some() || s.back.is_some() {
        m.insert("leg".into(), json!(s.leg));
        m.insert("back".into(), json!(s.back));
    }
    if !s.activities.is_empty() {
        m.insert("activities".into(), json!(s.activities));
    }
    if let Some(c) = change {
        m.insert(
            "change".into(),
            json!({
                "baseline": number(def, c.baseline),
                "points": c.points,
                "percent": c.percent,
                "mic_points": def.mic_points,
                "mic_percent": def.mic_percent,
                "meets_points": c.meets_points,
                "meets_percent": c.meets_percent,
            }),
        );
    }
    m.insert("meaning".into(), json!(meaning));
    m.insert("version".into(), json!(def.version));
    Value::Object(m)
}

fn score(ctx: &Ctx, a: &MeasureScoreArgs) -> Result<()> {
    let id = measure_id(&a.measure)?;
    let def = ctx.content.measure(id);
    let answers = measures::parse_answers(def, &a.answers)?;
    let s = measures::score(def, &answers);
    if let Some(b) = a.baseline
        && !(0.0..=def.max_score).contains(&b)
    {
        return Err(FieldError::new(
            "baseline",
            format!("{b} is outside the scores of {id}; allowed: 0 to {}", def.max_score),
        )
        .into());
    }
    let change = a.baseline.zip(s.score).map(|(b, v)| measures::change(def, b, v));
    let said = meaning::sentence(ctx.content, def, &s, a.baseline);
    if ctx.json() {
        return print_json(&score_json(def, &s, change.as_ref(), &said));
    }
    show(&mut Out::stdout(), def, &s, change.as_ref(), &said);
    Ok(())
}

/// Prints a score for people, then what it means (`said`, from the core).
pub fn show(out: &mut Out, def: &MeasureDef, s: &Score, change: Option<&Change>, said: &str) {
    out.heading(&def.name);
    match s.score {
        None => {
            out.styled(WARN, "  Not enough answers for a score.");
            if let Some(min) = def.min_answered {
                out.para(
                    &format!("{} of {} answered; at least {min} are needed.", s.answered, def.items.len()),
                    "  ",
                );
            } else {
                out.para("Every item needs an answer for this questionnaire.", "  ");
            }
        }
        Some(v) => {
            let band = s.band.as_ref().map(|b| {
                def.bands.iter().find(|x| &x.id == b).map_or_else(|| b.replace('_', " "), |x| x.label.clone())
            });
            let shown = if def.decimals == 0 { format!("{v:.0}") } else { format!("{v:.1}") };
            out.styled(
                BOLD,
                format!(
                    "  Score {shown} of {}{}",
                    def.max_score,
                    band.map(|b| format!(" · {b}")).unwrap_or_default()
                ),
            );
            if let (Some(leg), Some(back)) = (s.leg, s.back) {
                out.line(format!("  {} {leg} · {} {back}", def.items[0].topic, def.items[1].topic));
            }
            if def.id == MeasureId::Startback {
                out.line(format!(
                    "  Total {} of 9 · worry and mood items {} of 5",
                    s.total.unwrap_or(0),
                    s.psychosocial.unwrap_or(0)
                ));
            }
            out.styled(DIM, format!("  {} answered, {} skipped", s.answered, s.skipped));
        }
    }
    if let Some(c) = change {
        let pct = c.percent.map_or(String::new(), |p| format!(" ({p:.1}%)"));
        let direction = if c.points >= 0.0 { "better" } else { "worse" };
        out.line(format!(
            "  Since the baseline of {}: {:.1} points {direction}{pct}",
            c.baseline,
            c.points.abs()
        ));
    }
    out.blank();
    out.para(said, "  ");
    if change.is_some()
        && let Some(note) = &def.mic_note
    {
        out.styled(DIM, crate::output::wrap(note, "  ").trim_end());
    }
}

async fn take(ctx: &Ctx, a: MeasureTakeArgs) -> Result<()> {
    let id = measure_id(&a.measure)?;
    let c: &Content = ctx.content;
    let def = c.measure(id);
    let (answers, names): (Vec<Answer>, Vec<String>) = match &a.answers {
        Some(text) => {
            let answers = measures::parse_answers(def, text)?;
            // One name per rating, in order; the core reads one per item slot.
            let mut given =
                a.activities.as_deref().unwrap_or("").split(',').map(str::trim).filter(|n| !n.is_empty());
            let names = answers
                .iter()
                .map(|x| if x.is_some() { given.next().unwrap_or("").to_owned() } else { String::new() })
                .collect();
            (answers, names)
        }
        None => ask(ctx, def)?,
    };
    let mut s = measures::score(def, &answers);
    s.activities = measures::name_activities(def, &answers, &names)?;
    let store = ctx.store().await?;
    let patient = ensure_patient(&store).await?;
    let now = Timestamp::now();
    let earlier = store.measure_responses(&patient.id).await?;
    let mut scores: Vec<Option<f64>> = earlier.iter().filter(|r| r.measure == id).map(|r| r.score).collect();
    scores.push(s.score);
    let baseline = measures::baseline(&scores);
    let (_, raised) = store.save_measure(&patient.id, &def.version, &answers, &s, now).await?;
    store.close().await;
    let change = baseline.zip(s.score).map(|(b, v)| measures::change(def, b, v));
    let said = meaning::sentence(c, def, &s, baseline);
    if ctx.json() {
        let mut v = score_json(def, &s, change.as_ref(), &said);
        v["saved"] = json!(true);
        return print_json(&v);
    }
    let mut out = Out::stdout();
    show(&mut out, def, &s, change.as_ref(), &said);
    if (raised.is_some() || s.risk == Some(measures::Risk::High))
        && let Some(rule) = c.rule("R26")
    {
        out.blank();
        out.para(&rule.advice, "  ");
    }
    out.blank();
    out.styled(GOOD, "  Saved.");
    Ok(())
}

fn ask(ctx: &Ctx, def: &MeasureDef) -> Result<(Vec<Answer>, Vec<String>)> {
    let mut p = Prompter::new(ctx.json());
    p.out.heading(&def.plain_name);
    if let Some(intro) = &def.intro {
        p.out.para(intro, "  ");
    }
    p.out.para(&format!("About {}.", def.recall), "  ");
    if !def.offered() {
        p.out.para(
            "The wording of this questionnaire is licensed and is not included here. Use your clinic's copy and type the number of the answer you chose for each item.",
            "  ",
        );
    }
    let mut answers = Vec::with_capacity(def.items.len());
    let mut names = Vec::with_capacity(def.items.len());
    for (i, item) in def.items.iter().enumerate() {
        p.out.blank();
        p.out.styled(BOLD, format!("  {} of {} · {}", i + 1, def.items.len(), item.topic));
        if def.named_items {
            let name = p.text("The activity (Enter when you have no more)", None)?;
            if name.is_empty() {
                answers.push(None);
                names.push(String::new());
                continue;
            }
            names.push(name);
        } else {
            names.push(String::new());
        }
        if def.offered() {
            p.out.para(&item.text, "  ");
        }
        for (code, label) in (item.min..=item.max).zip(&item.labels) {
            p.out.line(format!("    {code} = {label}"));
        }
        let v = p.optional_number("Your answer", i64::from(item.min), i64::from(item.max))?;
        answers.push(v.map(|v| u8::try_from(v).unwrap_or(0)));
    }
    Ok((answers, names))
}
