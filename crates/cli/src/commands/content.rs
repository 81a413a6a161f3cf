//! `sciatica content`: check a content directory, or export the built-in content to start from.

use crate::args::{ContentCommand, ContentDirArgs};
use crate::ctx::{Ctx, load_content};
use crate::failure::bad;
use crate::output::{GOOD, Out, print_json};
use anyhow::Result;
use sciatica_core::Content;

pub fn run(ctx: &Ctx, cmd: ContentCommand) -> Result<()> {
    match cmd {
        ContentCommand::Check(a) => check(ctx, &a),
        ContentCommand::Export(a) => export(ctx, &a),
    }
}

fn check(ctx: &Ctx, a: &ContentDirArgs) -> Result<()> {
    let c = load_content(&a.dir)?;
    if ctx.json() {
        return print_json(&serde_json::json!({
            "ok": true, "causes": c.causes.len(), "exercises": c.exercises.len(),
            "protocols": c.protocols.len(), "rules": c.rules.len(), "measures": c.measures.len(),
        }));
    }
    Out::stdout().styled(
        GOOD,
        format!(
            "{}: no problems ({} causes, {} exercises, {} protocols, {} questions, {} rules, {} measures).",
            a.dir.display(),
            c.causes.len(),
            c.exercises.len(),
            c.protocols.len(),
            c.questions.len(),
            c.rules.len(),
            c.measures.len()
        ),
    );
    Ok(())
}

fn export(ctx: &Ctx, a: &ContentDirArgs) -> Result<()> {
    if a.dir.exists() && std::fs::read_dir(&a.dir).map_or(true, |mut d| d.next().is_some()) {
        return Err(bad(format!("{} is not empty; choose a new or empty directory", a.dir.display())));
    }
    let files = Content::embedded_files();
    for (rel, text) in files {
        let path = a.dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| bad(format!("cannot create {}: {e}", parent.display())))?;
        }
        std::fs::write(&path, text).map_err(|e| bad(format!("cannot write {}: {e}", path.display())))?;
    }
    if ctx.json() {
        return print_json(&serde_json::json!({ "written": files.len(), "dir": a.dir }));
    }
    Out::stdout().styled(
        GOOD,
        format!(
            "Wrote {} files to {}. Edit them, check with `sciatica content check {0}`, use with --content.",
            files.len(),
            a.dir.display()
        ),
    );
    Ok(())
}
