//! The commands.

mod admin;
mod backup;
mod content;
mod copy;
mod demo;
mod demo_caseload;
mod docs;
mod export;
mod harm;
mod log;
mod measure;
mod migrate;
mod plan;
mod program;
mod progress;
pub mod screen;
mod serve;
mod session;
mod setup;
mod symptoms;
pub mod today;

use crate::args::{Cli, Command};
use crate::ctx::Ctx;
use anyhow::Result;

/// Runs a parsed command line.
pub async fn run(cli: Cli) -> Result<()> {
    let ctx = Ctx::new(cli.db, cli.content.as_deref(), cli.format)?;
    match cli.command {
        Command::Screen(a) => screen::run(&ctx, a).await,
        Command::Plan(a) => plan::run(&ctx, a).await,
        Command::Measure(m) => measure::run(&ctx, m).await,
        Command::Symptoms(s) => symptoms::run(&ctx, s),
        Command::Setup(a) => setup::run(&ctx, a).await,
        Command::Today => today::run(&ctx).await,
        Command::Session(a) => session::run(&ctx, a).await,
        Command::Log(a) => log::run(&ctx, a).await,
        Command::Progress(a) => progress::run(&ctx, a).await,
        Command::Program(a) => program::program(&ctx, a).await,
        Command::Harm(a) => harm::run(&ctx, a).await,
        Command::Assessed(a) => program::assessed(&ctx, a).await,
        Command::Export(a) => export::run(&ctx, a).await,
        Command::Delete(a) => program::delete(&ctx, a).await,
        Command::Demo(a) => demo::run(&ctx, a).await,
        Command::Content(c) => content::run(&ctx, c),
        Command::Serve(a) => serve::run(&ctx, a).await,
        Command::Backup(a) => backup::backup(&ctx, &a).await,
        Command::Restore(a) => backup::restore(&ctx, &a).await,
        Command::Migrate => migrate::run(&ctx).await,
        Command::Copy(a) => copy::run(&ctx, &a).await,
        Command::Admin(a) => admin::run(&ctx, a).await,
        Command::Completions(a) => docs::completions(&a),
        Command::Man(a) => docs::man(&a),
    }
}
