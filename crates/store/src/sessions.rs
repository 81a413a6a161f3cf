//! Logged sessions and the exercises done in them, as the core's one [`Session`] type: the SQL
//! that writes them in `write` and the SQL that reads them back in `read`.

mod read;
mod write;

pub use crate::writer::{Finish, Finished};
pub(crate) use read::{sessions_since, stored, windows};
pub use sciatica_core::history::{ExerciseDone, Session};
pub(crate) use write::insert_batch;

/// A session started at `started_at` under a fresh id, nothing recorded yet.
pub fn new_session(
    slot: sciatica_core::Slot,
    date: jiff::civil::Date,
    started_at: jiff::Timestamp,
) -> Session {
    Session::new(crate::new_id(), slot, date, started_at)
}

/// The session a finished guided draft describes, ending at `ended_at`; a draft saved before
/// drafts had ids gets a fresh one.
pub fn from_draft(d: &sciatica_core::guided::Draft, ended_at: jiff::Timestamp) -> Session {
    let mut s = d.session(ended_at);
    if s.id.is_empty() {
        s.id = crate::new_id();
    }
    s
}
