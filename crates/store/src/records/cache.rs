//! Parsed records kept in memory, by patient and revision. Every write of a record raises its
//! `rev` in the database, so a read asks for the record's text only when the revision it holds
//! is not the stored one: the database stays the only source of truth (several instances on one
//! database each keep their own cache and never serve a record another has changed), and an
//! unchanged record is neither sent nor parsed again.

use sciatica_core::record::Record;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

/// Records kept at most; past it, one kept record makes room for each new one.
const CAPACITY: usize = 4096;

/// The kept records.
#[derive(Default)]
pub(crate) struct Cache {
    map: Mutex<HashMap<String, (i64, Arc<Record>)>>,
}

impl Cache {
    /// The revision and record kept for a patient.
    pub(crate) fn get(&self, patient_id: &str) -> Option<(i64, Arc<Record>)> {
        self.map.lock().unwrap_or_else(PoisonError::into_inner).get(patient_id).cloned()
    }

    /// Keeps a record read or written at revision `rev`.
    pub(crate) fn put(&self, patient_id: &str, rev: i64, record: Arc<Record>) {
        let mut map = self.map.lock().unwrap_or_else(PoisonError::into_inner);
        if map.len() >= CAPACITY
            && !map.contains_key(patient_id)
            && let Some(any) = map.keys().next().cloned()
        {
            map.remove(&any);
        }
        map.insert(patient_id.to_owned(), (rev, record));
    }

    /// Forgets a patient's record (erasure).
    pub(crate) fn forget(&self, patient_id: &str) {
        self.map.lock().unwrap_or_else(PoisonError::into_inner).remove(patient_id);
    }
}
