//! CSV export of a person's records.
