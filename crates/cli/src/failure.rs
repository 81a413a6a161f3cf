//! Errors as the person sees them, and their exit codes: 2 for bad input, 3 for a database that
//! cannot be used, 1 for anything else (the list is in `sciatica --help` and the README).

use sciatica_core::content::ContentError;
use sciatica_core::{FieldError, FieldErrors};
use sciatica_store::StoreError;
use std::fmt;

/// Bad input that is not a single field of the core (a file that cannot be read, a choice that
/// does not exist). Exit code 2.
#[derive(Debug)]
pub struct BadInput(pub String);

impl fmt::Display for BadInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadInput {}

/// The person stopped a question sequence (end of input). Exit code 1; nothing half-written.
#[derive(Debug)]
pub struct Cancelled(pub &'static str);

impl fmt::Display for Cancelled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for Cancelled {}

/// A `BadInput` error.
pub fn bad(msg: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(BadInput(msg.into()))
}

/// True when the error is only that the reader of standard output went away (e.g. `| head`).
pub fn broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<serde_json::Error>().and_then(serde_json::Error::io_error_kind)
                == Some(std::io::ErrorKind::BrokenPipe)
    })
}

/// Exit code for bad input.
pub const BAD_INPUT: u8 = 2;
/// Exit code for a database that cannot be used (not ours, damaged, not writable, unsafe).
pub const DATABASE: u8 = 3;

/// The exit code of an error.
pub fn exit_code(e: &anyhow::Error) -> u8 {
    if broken_pipe(e) {
        return 0;
    }
    for cause in e.chain() {
        if matches!(
            cause.downcast_ref::<StoreError>(),
            Some(StoreError::Unusable { .. } | StoreError::Unsafe(_))
        ) {
            return DATABASE;
        }
    }
    for cause in e.chain() {
        if cause.is::<BadInput>()
            || cause.is::<FieldError>()
            || cause.is::<FieldErrors>()
            || cause.is::<ContentError>()
            || matches!(
                cause.downcast_ref::<StoreError>(),
                Some(StoreError::Invalid { .. } | StoreError::Unsupported(_))
            )
        {
            return BAD_INPUT;
        }
    }
    1
}

/// Prints the error on standard error.
pub fn report(e: &anyhow::Error) {
    if broken_pipe(e) {
        return;
    }
    let mut msg = e.to_string();
    for cause in e.chain().skip(1) {
        msg.push_str(&format!(": {cause}"));
    }
    let style = anstyle::Style::new().bold().fg_color(Some(anstyle::AnsiColor::Red.into()));
    let () = anstream::eprintln!("{style}error{style:#}: {}", msg.replace('\n', "\n  "));
}
