//! Errors of the core: bad input that names the field and what is allowed.

/// One field of outside input that is missing, unknown or out of range.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{field}`: {problem}")]
pub struct FieldError {
    /// The field, as the person wrote it (a JSON key, a command-line option, an item number).
    pub field: String,
    /// What was wrong and what is allowed.
    pub problem: String,
}

impl FieldError {
    /// A new error for `field`.
    pub fn new(field: impl Into<String>, problem: impl Into<String>) -> FieldError {
        FieldError { field: field.into(), problem: problem.into() }
    }
}

/// Several field errors at once (every problem of an answers file, not only the first).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
pub struct FieldErrors(pub Vec<FieldError>);

/// A pain rating outside 0–10.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{0} is not a pain rating; allowed: a whole number from 0 (no pain) to 10 (worst imaginable)")]
pub struct PainOutOfRange(pub i64);
