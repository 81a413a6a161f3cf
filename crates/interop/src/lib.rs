//! sciatica-interop: pure renderers of formats other programs read. No I/O: every function takes
//! domain values and returns text.

#![forbid(unsafe_code)]

pub mod bodymap;
pub mod charts;
pub mod csv;
pub mod figure;
pub mod ical;
