//! `sciatica`: the command line of the sciatica home-exercise coach.

#![forbid(unsafe_code)]

mod args;
mod charts;
mod commands;
mod ctx;
mod failure;
mod output;
mod prompt;

use clap::FromArgMatches as _;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = args::Cli::from_arg_matches(&args::command().get_matches()).unwrap_or_else(|e| e.exit());
    // Every core: the server answers requests in parallel (one worker thread per core).
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(commands::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            failure::report(&e);
            ExitCode::from(failure::exit_code(&e))
        }
    }
}
