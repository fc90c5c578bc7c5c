//! The command line as clap parses it: raw arguments only. `cmd/` turns them into validated work.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "papila",
    version,
    about = "Invite every first-time voter (pemilih pemula) of a district to record their e-KTP",
    long_about = "Invite every first-time voter (pemilih pemula) of a district to record their e-KTP.\n\n\
                  papila reads the people lists of a campaign (CSV or Excel exports from SIAK), decides \
                  who must be invited and why the others are not, accounts for every row in \
                  manifest.csv, gives each invited person an appointment within each office's \
                  capacity, and prints their letters with a signed QR code: a PDF per village, \
                  attendance sheets per session, and SMS/WhatsApp text. It emails the letters \
                  (resumably, never twice), checks people in by their QR code, reports coverage, \
                  and invites those who missed their day again.",
    after_help = "Start with `papila init my-campaign`, then `papila check -c my-campaign/papila.toml`, then `papila run -c my-campaign/papila.toml`."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a ready-to-edit campaign folder: papila.toml, a signing key and sample people
    #[command(
        after_help = "Example:\n  papila init pilkada-2024\n  papila check -c pilkada-2024/papila.toml"
    )]
    Init(InitArgs),
    /// Read, validate and assess the people lists; write manifest.csv and change nothing else
    #[command(
        after_help = "Examples:\n  papila check -c papila.toml\n  papila check -c papila.toml exports/kesugihan.xlsx --out hasil/"
    )]
    Check(CheckArgs),
    /// Check, then give every invited person an appointment; recorded in the ledger (papila.db)
    #[command(
        after_help = "Examples:\n  papila plan -c papila.toml\n  papila plan -c papila.toml --replan   # move existing appointments too"
    )]
    Plan(PlanArgs),
    /// Make the PDFs and texts for what the ledger holds: print batches, attendance sheets, SMS
    #[command(
        after_help = "Examples:\n  papila render -c papila.toml\n  papila render -c papila.toml --out hasil/"
    )]
    Render(RenderArgs),
    /// Plan, then render: the main job, in one command
    #[command(
        after_help = "Examples:\n  papila run -c papila.toml\n  papila run -c papila.toml exports/*.xlsx"
    )]
    Run(PlanArgs),
    /// Send what the ledger holds: `papila send email` to invited people, `papila send offices`
    /// to village and recording offices
    #[command(subcommand)]
    Send(SendCommand),
    /// Say whether a scanned QR token is genuine and what it invites to (exit 0 only if it is)
    #[command(
        after_help = "Examples:\n  papila verify -c papila.toml GEAXAZ3…\n  papila verify --public-key papila.key.pub GEAXAZ3…"
    )]
    Verify(VerifyArgs),
    /// Check people in: reads scanned QR codes (or typed invitation ids), one per line, from the
    /// scanner and answers each at once
    #[command(
        after_help = "Examples:\n  papila checkin -c papila.toml                     # at the district, with the ledger\n  papila checkin --public-key papila.key.pub --log scans.csv --station balai-desa   # offline, at a village office\n  papila checkin -c papila.toml --import scans.csv  # the district merges an offline log (twice is harmless)\n\nEach line is a QR token (as a USB scanner types it) or an 8-character invitation id typed by hand.\nAnswers: valid, already_checked_in, not_today (accepted, with a warning), cancelled, forged,\nwrong_campaign, malformed. End with Ctrl-D (Ctrl-Z then Enter on Windows)."
    )]
    Checkin(CheckinArgs),
    /// Coverage per kecamatan, village and office: invited, attended, no-show, pending, overflow;
    /// on screen, in report.csv and in summary.pdf with charts
    #[command(
        after_help = "Examples:\n  papila report -c papila.toml\n  papila report -c papila.toml --today 2024-09-30   # as of a day"
    )]
    Report(ReportArgs),
    /// List the print rounds (gelombang): letters new, replaced and void in each, and what was
    /// emailed to which office
    #[command(
        after_help = "Examples:\n  papila rounds -c papila.toml\n  papila rounds -c papila.toml --round 2   # village by village"
    )]
    Rounds(RoundsArgs),
    /// The web check-in station of each office and the district's live view, on the office LAN
    #[command(
        after_help = "Examples:\n  papila serve -c papila.toml                          # http://0.0.0.0:8080, for USB scanners\n  papila serve -c papila.toml --tls                    # HTTPS, so phones may use their camera\n  papila serve -c papila.toml --listen 127.0.0.1:8080  # this computer only\n\nIt prints a code (and a link) per office's station and one for the district view. Stop with Ctrl-C."
    )]
    Serve(ServeArgs),
    /// Write a new Ed25519 signing key to PATH (owner-only) and its public half to PATH.pub
    #[command(after_help = "Example:\n  papila keygen keys/papila.key")]
    Keygen(KeygenArgs),
}

#[derive(Debug, Args)]
pub struct ConfigArg {
    /// The campaign file
    #[arg(
        short = 'c',
        long = "config",
        value_name = "FILE",
        default_value = "papila.toml"
    )]
    pub config: PathBuf,
    /// Where output goes (default: [output] dir of the config, else out/ beside it)
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub config: ConfigArg,
    /// People lists to read instead of [input] files: CSV, XLSX, XLS or ODS files, or folders of them
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<String>,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub config: ConfigArg,
    /// People lists to read instead of [input] files
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<String>,
    /// Also move appointments already issued (otherwise they never move)
    #[arg(long)]
    pub replan: bool,
    /// Plan as of this day, written 2024-08-19 (default: today in the campaign's time zone, or
    /// PAPILA_TODAY). While the campaign runs, appointments before it that nobody came to are
    /// given again, and nobody is placed before the next day
    #[arg(long, value_name = "DATE", value_parser = day)]
    pub today: Option<chrono::NaiveDate>,
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    #[command(flatten)]
    pub config: ConfigArg,
}

#[derive(Debug, Subcommand)]
pub enum SendCommand {
    /// Email each invited person with an address their letter, over the [email] SMTP server;
    /// resumable: a second run sends only what is not yet sent
    #[command(
        after_help = "Examples:\n  papila send email -c papila.toml --dry-run    # write out/messages/email/*.eml, send nothing\n  papila send email -c papila.toml --limit 20   # a first batch\n  papila send email -c papila.toml\n\nThe SMTP password is read from the environment variable named by [email] password_env\n(PAPILA_SMTP_PASSWORD unless set), never from a file. Stopping a run (Ctrl-C) loses nothing."
    )]
    Email(SendEmailArgs),
    /// Email each village office its print round's batch (letters and the list of void ones),
    /// and each recording office its attendance sheets, to the addresses in [email] contacts;
    /// once per round and office, resumable
    #[command(
        after_help = "Examples:\n  papila send offices -c papila.toml --dry-run    # write out/messages/offices/*.eml, send nothing\n  papila send offices -c papila.toml\n\nThe contacts file ([email] contacts) has one line per village or office: code,email,whatsapp\n(a village code such as 33.01.09.2001, or an [[office]] id). A batch bigger than\n[email] attachment_limit_mb (default 15) goes in parts that say \"bagian 1 dari 3\"."
    )]
    Offices(SendOfficesArgs),
}

#[derive(Debug, Args)]
pub struct SendOfficesArgs {
    #[command(flatten)]
    pub config: ConfigArg,
    /// Write each email to messages/offices/<round>-<code>-<part>.eml instead of sending it
    #[arg(long)]
    pub dry_run: bool,
    /// Send at most N emails in this run (the rest wait for the next run)
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

#[derive(Debug, Args)]
pub struct SendEmailArgs {
    #[command(flatten)]
    pub config: ConfigArg,
    /// Write each email to messages/email/<invitation_id>.eml instead of sending it
    #[arg(long)]
    pub dry_run: bool,
    /// Send at most N emails in this run (the rest wait for the next run)
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The campaign file; its [signing] key's public half checks the token, and its ledger tells
    /// whether the invitation still stands
    #[arg(short = 'c', long = "config", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Check with this public key alone (the .pub file `papila keygen` wrote), without the campaign
    #[arg(long, value_name = "FILE", conflicts_with = "config")]
    pub public_key: Option<PathBuf>,
    /// The token as the scanner read it
    #[arg(value_name = "TOKEN")]
    pub token: String,
}

#[derive(Debug, Args)]
pub struct CheckinArgs {
    /// The campaign file: its key checks codes, its ledger records check-ins
    #[arg(short = 'c', long = "config", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Check offline with this public key alone (the .pub file `papila keygen` wrote); needs --log
    #[arg(long, value_name = "FILE", conflicts_with = "config", requires = "log")]
    pub public_key: Option<PathBuf>,
    /// Offline: append every scan to this CSV file, for the district to --import
    #[arg(long, value_name = "FILE", requires = "public_key")]
    pub log: Option<PathBuf>,
    /// Offline: the campaign id, so letters of another campaign signed with the same key are told apart
    #[arg(long, value_name = "ID", requires = "public_key")]
    pub campaign: Option<String>,
    /// Merge offline scan logs into the ledger instead of reading scans (needs -c)
    #[arg(long, value_name = "FILE", num_args = 1.., conflicts_with = "public_key")]
    pub import: Vec<PathBuf>,
    /// Where the scans happen, recorded with each check-in (e.g. the office or village)
    #[arg(long, value_name = "NAME", default_value = "")]
    pub station: String,
    /// The day to check in for, as 2024-08-19 (default: today in the campaign's time zone, or the
    /// PAPILA_TODAY environment variable). Outside the campaign's dates it must be given: a scan on
    /// a training day must not count
    #[arg(long, value_name = "DATE", value_parser = day)]
    pub today: Option<chrono::NaiveDate>,
    /// Take back the check-in of this invitation id (a wrong person, a test scan); needs --reason,
    /// which is kept in the ledger's history
    #[arg(long, value_name = "ID", requires = "reason", conflicts_with_all = ["public_key", "import"])]
    pub undo: Option<String>,
    /// Why the check-in is taken back
    #[arg(long, value_name = "TEXT", requires = "undo")]
    pub reason: Option<String>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub config: ConfigArg,
    /// Address and port to listen on; 0.0.0.0 is every network of this computer
    #[arg(long, value_name = "ADDR", default_value = "0.0.0.0:8080")]
    pub listen: std::net::SocketAddr,
    /// Serve HTTPS with a certificate from a CA kept beside the config (serve/ca.pem), which
    /// phones trust once: browsers allow the camera only on HTTPS
    #[arg(long)]
    pub tls: bool,
    /// The day stations check in for, as 2024-08-19 (default: today, or PAPILA_TODAY); outside
    /// the campaign's dates it must be given
    #[arg(long, value_name = "DATE", value_parser = day)]
    pub today: Option<chrono::NaiveDate>,
}

#[derive(Debug, Args)]
pub struct RoundsArgs {
    #[command(flatten)]
    pub config: ConfigArg,
    /// List this round village by village
    #[arg(long, value_name = "N")]
    pub round: Option<i64>,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub config: ConfigArg,
    /// Count as of this day, written 2024-09-30: appointments before it are missed unless checked
    /// in (default: today in the campaign's time zone, or PAPILA_TODAY)
    #[arg(long, value_name = "DATE", value_parser = day)]
    pub today: Option<chrono::NaiveDate>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create the campaign in (created if missing)
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct KeygenArgs {
    /// Where to write the secret key; the public key goes to PATH.pub
    #[arg(value_name = "PATH")]
    pub path: PathBuf,
}

/// A day given on the command line: `2024-08-19` only, with a message that says so (chrono's own
/// says "trailing input").
fn day(text: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        format!("\"{text}\" is not a day written YYYY-MM-DD (year first, e.g. 2024-08-19)")
    })
}
