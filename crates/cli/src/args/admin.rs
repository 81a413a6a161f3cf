//! Options of the web application and its accounts, the demo and the clinical content.

use super::examples;
use clap::{Args, Subcommand};
use std::path::PathBuf;

/// `serve` options.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "SCIATICA_LISTEN", default_value = "127.0.0.1:8080", value_name = "ADDR")]
    pub listen: std::net::SocketAddr,
    /// The address people use to reach it (for links), e.g. https://sciatica.example.org.
    #[arg(long, env = "SCIATICA_BASE_URL", value_name = "URL")]
    pub base_url: Option<String>,
    /// The emergency number on the urgent cards (repeat it, or separate with commas, for more
    /// than one; the first is shown largest). Default: 999, 911 and 112. An administrator's
    /// clinic settings in the browser win over this.
    #[arg(long, env = "SCIATICA_EMERGENCY_NUMBERS", value_name = "NUMBER", value_delimiter = ',')]
    pub emergency_number: Vec<String>,
    /// The clinic's name, shown with its number on the urgent cards (needs --clinic-phone; the
    /// clinic settings in the browser win over it).
    #[arg(long, env = "SCIATICA_CLINIC_NAME", value_name = "NAME")]
    pub clinic_name: Option<String>,
    /// The clinic's telephone number, e.g. "+44 20 7946 0000".
    #[arg(long, env = "SCIATICA_CLINIC_PHONE", value_name = "NUMBER")]
    pub clinic_phone: Option<String>,
    /// A reverse proxy whose X-Forwarded-For is believed: an address or a network, e.g.
    /// 127.0.0.1 or 10.0.0.0/8 (repeat it, or separate with commas, for more). Sign-in
    /// throttling then keys on the client's address instead of the proxy's.
    #[arg(long, env = "SCIATICA_TRUSTED_PROXIES", value_name = "ADDR", value_delimiter = ',')]
    pub trusted_proxy: Vec<String>,
    /// A secret that lets a scraper read /metrics from anywhere, sent as
    /// "Authorization: Bearer TOKEN". Without it, /metrics answers only direct requests from
    /// this machine.
    #[arg(long, env = "SCIATICA_METRICS_TOKEN", value_name = "TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,
    /// How fast one account may write.
    #[command(flatten)]
    pub writes: WriteLimitArgs,
}

/// The per-account write limit (sessions, screens, questionnaires, settings): a burst, then a
/// steady rate; past it a write answers 429 with Retry-After.
#[derive(Debug, Clone, Copy, Args)]
pub struct WriteLimitArgs {
    /// Writes one account may make at once before it is slowed down.
    #[arg(long, env = "SCIATICA_WRITE_BURST", default_value_t = 30, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub write_burst: u32,
    /// Writes per second one account may make in the long run (e.g. 0.5 or 1).
    #[arg(long, env = "SCIATICA_WRITES_PER_SECOND", default_value_t = 1.0, value_name = "RATE")]
    pub writes_per_second: f64,
}

impl WriteLimitArgs {
    /// Puts the limit into the web application's settings; a rate that is not a positive number
    /// is refused, naming the option.
    pub fn apply(self, config: &mut sciatica_web::Config) -> Result<(), String> {
        if !(self.writes_per_second.is_finite()
            && self.writes_per_second > 0.0
            && self.writes_per_second <= 100_000.0)
        {
            return Err(format!(
                "--writes-per-second {} is not allowed; allowed: a number above 0 and up to 100000",
                self.writes_per_second
            ));
        }
        config.write_burst = self.write_burst;
        config.writes_per_second = self.writes_per_second;
        Ok(())
    }
}

/// `admin` commands.
#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Make an invitation link for a patient, clinician or administrator.
    #[command(after_help = examples::ADMIN_INVITE)]
    Invite(AdminInviteArgs),
    /// Create an account directly; prints a link to set its password (or reads it from stdin).
    #[command(after_help = examples::ADMIN_CREATE_USER)]
    CreateUser(AdminCreateUserArgs),
    /// Make a password-reset link for an account.
    #[command(after_help = examples::ADMIN_RESET_LINK)]
    ResetLink(AdminEmailArgs),
    /// List the accounts.
    #[command(after_help = examples::ADMIN_USERS)]
    Users,
    /// Fold every patient's record again from their history and store it (after an upgrade, or
    /// to check the kept records: it says how many differed).
    #[command(after_help = examples::ADMIN_REBUILD)]
    RebuildRecords,
    /// Allow or stop open sign-up for self-managers.
    #[command(after_help = examples::ADMIN_SIGNUP)]
    OpenSignup(AdminSignupArgs),
}

/// `admin invite` options.
#[derive(Debug, Args)]
pub struct AdminInviteArgs {
    /// patient, clinician or admin.
    #[arg(long, default_value = "patient")]
    pub role: String,
    /// Make the link work only for this email.
    #[arg(long)]
    pub email: Option<String>,
    /// The address people use to reach the server (for the link).
    #[arg(long, env = "SCIATICA_BASE_URL", default_value = "http://127.0.0.1:8080", value_name = "URL")]
    pub base_url: String,
}

/// `admin create-user` options.
#[derive(Debug, Args)]
pub struct AdminCreateUserArgs {
    /// The email address.
    #[arg(long)]
    pub email: String,
    /// patient, clinician or admin.
    #[arg(long, default_value = "patient")]
    pub role: String,
    /// For a patient: what to call them.
    #[arg(long)]
    pub name: Option<String>,
    /// For a patient: their IANA time zone.
    #[arg(long, default_value = "UTC")]
    pub time_zone: String,
    /// Read the password from standard input instead of printing a link to set it.
    #[arg(long)]
    pub password_stdin: bool,
    /// The address people use to reach the server (for the link).
    #[arg(long, env = "SCIATICA_BASE_URL", default_value = "http://127.0.0.1:8080", value_name = "URL")]
    pub base_url: String,
}

/// An account by email.
#[derive(Debug, Args)]
pub struct AdminEmailArgs {
    /// The email address.
    #[arg(long)]
    pub email: String,
    /// The address people use to reach the server (for the link).
    #[arg(long, env = "SCIATICA_BASE_URL", default_value = "http://127.0.0.1:8080", value_name = "URL")]
    pub base_url: String,
}

/// `admin open-signup` options.
#[derive(Debug, Args)]
pub struct AdminSignupArgs {
    /// on or off.
    #[arg(value_name = "on|off")]
    pub state: String,
}

/// `demo` options.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Then serve the web application on the demo database, with demo accounts.
    #[arg(long)]
    pub serve: bool,
    /// With --serve: address to listen on.
    #[arg(long, env = "SCIATICA_LISTEN", default_value = "127.0.0.1:8080", value_name = "ADDR")]
    pub listen: std::net::SocketAddr,
    /// Replace the demo database if it exists.
    #[arg(long)]
    pub force: bool,
    /// Days of made-up history.
    #[arg(long, default_value_t = 24, value_name = "N")]
    pub days: u32,
    /// Patients with that history (with --serve, each has an account: patient2@demo.invalid …).
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub patients: u32,
    /// With --serve: how fast one account may write.
    #[command(flatten)]
    pub writes: WriteLimitArgs,
}

/// `content` commands.
#[derive(Debug, Subcommand)]
pub enum ContentCommand {
    /// Check a content directory: sources, references, contraindications, ids and dosages.
    #[command(after_help = examples::CONTENT_CHECK)]
    Check(ContentDirArgs),
    /// Write the built-in content to a directory, to start adapting it.
    #[command(after_help = examples::CONTENT_EXPORT)]
    Export(ContentDirArgs),
}

/// A content directory.
#[derive(Debug, Args)]
pub struct ContentDirArgs {
    /// The directory.
    pub dir: PathBuf,
}
