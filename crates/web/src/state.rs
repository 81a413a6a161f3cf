//! What every handler shares.

use crate::config::Config;
use crate::metrics::Metrics;
use sciatica_core::Content;
use sciatica_store::Store;
use std::sync::Arc;
use tokio::sync::Semaphore;

/// The shared state.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

/// The state's parts.
pub struct Inner {
    /// The database.
    pub store: Store,
    /// The clinical content.
    pub content: &'static Content,
    /// Settings.
    pub config: Config,
    /// Bounds concurrent password hashing (Argon2id takes 19 MiB and tens of milliseconds).
    pub hashing: Semaphore,
    /// Request counters.
    pub metrics: Metrics,
    /// Each account's write limit.
    pub writes: crate::auth::writes::WriteLimits,
}

impl AppState {
    /// The state.
    pub fn new(store: Store, content: &'static Content, config: Config) -> AppState {
        let writes = crate::auth::writes::WriteLimits::new(config.write_burst, config.writes_per_second);
        AppState(Arc::new(Inner {
            writes,
            store,
            content,
            config,
            hashing: Semaphore::new(2),
            metrics: Metrics::default(),
        }))
    }
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}
