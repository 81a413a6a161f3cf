//! The clinician's workspace as data: the panel of a caseload and the record of one patient,
//! gathered once for the pages and the API alike. The decisions (who needs attention, what a
//! change means) are the core's; this puts its answers together with what the clinician sees.

pub mod fmt;
pub mod panel;
pub mod record;
