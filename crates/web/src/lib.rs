//! sciatica-web: the web application.

#![forbid(unsafe_code)]
