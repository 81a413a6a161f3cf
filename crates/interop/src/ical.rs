//! The private calendar feed (iCalendar, RFC 5545).
