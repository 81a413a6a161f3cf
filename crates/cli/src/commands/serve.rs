//! `sciatica serve`: the web application.

use crate::args::ServeArgs;
use crate::ctx::Ctx;
use anyhow::{Context as _, Result};
use sciatica_core::Content;
use sciatica_store::Store;
use sciatica_web::{AppState, Config};

pub async fn run(ctx: &Ctx, args: ServeArgs) -> Result<()> {
    init_logging();
    // Checked before the database is opened: a wrong number is a start-up error naming the option.
    let contacts = sciatica_web::contacts::Contacts::new(
        &args.emergency_number,
        args.clinic_name.as_deref(),
        args.clinic_phone.as_deref(),
    )
    .map_err(|e| crate::failure::bad(e.to_string()))?;
    let trusted_proxies = args
        .trusted_proxy
        .iter()
        .map(|p| sciatica_web::auth::client::parse_proxy(p))
        .collect::<Result<Vec<_>, _>>()
        .map_err(crate::failure::bad)?;
    let metrics_token = args.metrics_token.map(|t| t.trim().to_owned());
    if metrics_token.as_deref().is_some_and(|t| t.len() < 16) {
        return Err(crate::failure::bad("--metrics-token must be at least 16 characters".to_owned()));
    }
    let mut config = Config::new(args.listen, ctx.db_location()?);
    args.writes.apply(&mut config).map_err(crate::failure::bad)?;
    let location = ctx.db_location()?;
    let store = Store::open(&location).await.with_context(|| {
        format!("cannot open the database {}", sciatica_store::without_password(&location))
    })?;
    config.base_url = args.base_url;
    config.contacts = contacts;
    config.trusted_proxies = trusted_proxies;
    config.metrics_token = metrics_token;
    serve(ctx.content, store, config, &[]).await
}

/// Logs to standard error; `RUST_LOG` chooses the level (default: info). Logs name routes and
/// statuses, never paths with tokens, form values or health data.
pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .try_init();
}

/// Serves until Ctrl-C or SIGTERM, then lets in-flight requests finish.
pub async fn serve(content: &'static Content, store: Store, config: Config, banner: &[String]) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("cannot listen on {}", config.listen))?;
    let addr = listener.local_addr()?;
    let mut config = config;
    if config.base_url.is_none() {
        config.base_url = Some(format!("http://{addr}"));
    }
    println!("sciatica is running at http://{addr} (press Ctrl-C to stop)");
    for line in banner {
        println!("{line}");
    }
    let state = AppState::new(store.clone(), content, config);
    sciatica_web::serve(state, listener, shutdown()).await?;
    store.close().await;
    println!("stopped");
    Ok(())
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
