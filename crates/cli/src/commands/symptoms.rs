//! `sciatica symptoms classify`: the symptom-response class of one leg.

use crate::args::{ClassifyArgs, SymptomsCommand};
use crate::ctx::Ctx;
use crate::output::{BOLD, Out, print_json};
use anyhow::Result;
use sciatica_core::FieldError;
use sciatica_core::symptoms::{Level, classify};
use serde_json::json;

pub fn run(ctx: &Ctx, cmd: SymptomsCommand) -> Result<()> {
    match cmd {
        SymptomsCommand::Classify(a) => classify_cmd(ctx, &a),
    }
}

fn level(field: &str, n: i64) -> Result<Level, FieldError> {
    Level::new(n).map_err(|e| FieldError::new(field, e.to_string()))
}

fn classify_cmd(ctx: &Ctx, a: &ClassifyArgs) -> Result<()> {
    let pre = level("pre", a.pre)?;
    let post = level("post", a.post)?;
    let late = a.late.map(|l| level("late", l)).transpose()?;
    let c = classify(pre, post, late);
    if ctx.json() {
        return print_json(&json!({ "class": c.class, "provisional": c.provisional }));
    }
    let text = &ctx.content.texts.symptom_class[&c.class];
    let mut out = Out::stdout();
    out.styled(BOLD, format!("{} ({})", text.title, c.class));
    out.para(&text.advice, "  ");
    if c.provisional {
        out.para("Provisional: give --late with the level at the next check (next session or about two hours later).", "  ");
    }
    Ok(())
}
