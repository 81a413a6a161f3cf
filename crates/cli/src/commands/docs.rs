//! `sciatica completions` and `sciatica man`: a shell completion script and the manual pages,
//! both made from the same command line as `--help`.

use crate::args::{CompletionsArgs, ManArgs, command};
use crate::failure::bad;
use crate::output::{GOOD, Out};
use anyhow::Result;
use std::io::Write;

/// Prints the completion script for a shell.
pub fn completions(a: &CompletionsArgs) -> Result<()> {
    let mut cmd = command();
    let mut out = std::io::stdout().lock();
    clap_complete::generate(a.shell, &mut cmd, "sciatica", &mut out);
    out.flush()?;
    Ok(())
}

/// How many pages a command and its subcommands make.
fn pages(cmd: &clap::Command) -> usize {
    1 + cmd.get_subcommands().filter(|s| !s.is_hide_set()).map(pages).sum::<usize>()
}

/// Prints the main manual page, or writes a page for every command to a folder.
pub fn man(a: &ManArgs) -> Result<()> {
    // The pages are per command; `help` is not one.
    let cmd = command().disable_help_subcommand(true);
    let Some(dir) = &a.dir else {
        let mut out = std::io::stdout().lock();
        clap_mangen::Man::new(cmd).render(&mut out)?;
        out.flush()?;
        return Ok(());
    };
    if !dir.is_dir() {
        return Err(bad(format!("--dir: {} is not a folder; allowed: an existing folder", dir.display())));
    }
    let pages = pages(&cmd);
    clap_mangen::generate_to(cmd, dir).map_err(|e| bad(format!("cannot write to {}: {e}", dir.display())))?;
    Out::stderr().styled(GOOD, format!("Wrote {pages} manual pages to {}.", dir.display()));
    Ok(())
}
