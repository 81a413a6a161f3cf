//! `sciatica export`: everything recorded, as JSON.

use crate::args::ExportArgs;
use crate::ctx::Ctx;
use crate::failure::bad;
use crate::output::{GOOD, Out, print_json};
use anyhow::{Context as _, Result};
use std::io::Write;

pub async fn run(ctx: &Ctx, a: ExportArgs) -> Result<()> {
    let store = ctx.existing_store().await?;
    let Some(patient) = store.local_patient().await? else {
        store.close().await;
        return Err(bad("there is nothing to export yet"));
    };
    let export = store.export(&patient.id).await?;
    store.close().await;
    let Some(path) = a.output else { return print_json(&export) };
    let tmp = path.with_extension("partial");
    {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut f = options.open(&tmp).map_err(|e| bad(format!("cannot write {}: {e}", tmp.display())))?;
        serde_json::to_writer_pretty(&mut f, &export)?;
        f.write_all(b"\n")?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, &path).with_context(|| format!("cannot write {}", path.display()))?;
    if ctx.json() {
        return print_json(&serde_json::json!({ "written": path, "sessions": export.sessions.len() }));
    }
    Out::stdout().styled(
        GOOD,
        format!(
            "Wrote {} sessions, {} screens and {} questionnaires to {}. It holds health information: keep it safe.",
            export.sessions.len(),
            export.screenings.len(),
            export.measures.len(),
            path.display()
        ),
    );
    Ok(())
}
