//! The command line as clap parses it: raw arguments only. `cmd/` turns them into validated work.
//!
//! Help texts are not written here but in the catalogues (`locales/*/cli.ftl`), by the command's
//! path and the argument's id: `help-check` is `papila check`'s line, `help-check-inputs` its
//! INPUT argument, `help-arg-config` every `-c` that has no text of its own.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{ArgAction, Args, CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::lang::{self as lang_, Lang};

/// Parses the command line with every help text in the chosen language (`lang::choose_from` has
/// run). Errors are clap's, to be shown by `exit_on_usage_error`.
pub fn parse(args: Vec<OsString>) -> Result<Cli, clap::Error> {
    let mut command = localize(Cli::command(), "", true);
    command.build();
    let command = usage_in_language(command);
    let matches = command.try_get_matches_from(args)?;
    Cli::from_arg_matches(&matches)
}

/// Sets one command's texts (and, recursively, its subcommands') from the catalogue.
fn localize(mut command: clap::Command, path: &str, root: bool) -> clap::Command {
    let key = |part: &str| help_key(path, part);
    let lang = lang_::current();
    let text = |key: &str| lang_::has(lang, key).then(|| lang_::text(key, &[]));
    if let Some(about) = text(&key("")) {
        command = command.about(about);
    }
    if let Some(long) = text(&key("long")) {
        command = command.long_about(long);
    }
    if let Some(after) = text(&key("after")) {
        command = command.after_help(after);
    }
    command = command
        .help_template(format!(
            "{{before-help}}{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}\n",
            t!("help-usage")
        ))
        .subcommand_help_heading(t!("help-commands"))
        .subcommand_value_name(t!("help-command-value"))
        .disable_help_subcommand(true)
        .disable_help_flag(true);
    if root {
        command = command
            .arg(
                clap::Arg::new("help")
                    .short('h')
                    .long("help")
                    .action(ArgAction::Help)
                    .help(t!("help-flag"))
                    .help_heading(t!("help-options"))
                    .global(true),
            )
            .disable_version_flag(true)
            .arg(
                clap::Arg::new("version")
                    .short('V')
                    .long("version")
                    .action(ArgAction::Version)
                    .help(t!("help-version"))
                    .help_heading(t!("help-options")),
            );
    }
    let ids: Vec<String> = command
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .filter(|id| id != "help" && id != "version")
        .collect();
    for id in ids {
        let help = text(&key(&id)).or_else(|| text(&shared_help_key(&id)));
        command = command.mut_arg(&id, |arg| {
            let heading = if arg.is_positional() {
                t!("help-arguments")
            } else {
                t!("help-options")
            };
            let mut arg = arg.help_heading(heading);
            // clap says "[default: …]" in English: the default goes into the text instead.
            let takes_value = arg.get_action().takes_values();
            let default: Vec<String> = arg
                .get_default_values()
                .iter()
                .map(|v| v.to_string_lossy().into_owned())
                .filter(|v| !v.is_empty())
                .collect();
            let help = match (help, default.is_empty() || !takes_value) {
                (Some(help), false) => Some(format!(
                    "{help} ({})",
                    t!("help-default", value = default.join(" "))
                )),
                (help, _) => help,
            };
            if let Some(help) = help {
                arg = arg.help(help);
            }
            if takes_value {
                arg = arg.hide_default_value(true);
            }
            let names: Vec<String> = arg
                .get_value_names()
                .unwrap_or_default()
                .iter()
                .map(|n| text(&format!("help-value-{n}")).unwrap_or_else(|| n.to_string()))
                .collect();
            if !names.is_empty() {
                arg = arg.value_names(names);
            }
            arg
        });
    }
    let names: Vec<String> = command
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for name in names {
        let sub = sub_path(path, &name);
        command = command.mut_subcommand(&name, |c| localize(c, &sub, false));
    }
    command
}

/// The catalogue key of a text of the command at `path` (`send-email`): its line (`part` empty),
/// `long`, `after`, or an argument's id.
fn help_key(path: &str, part: &str) -> String {
    ["help", path, part]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// The text an argument has wherever it has none of its own (`-c`, `--out`, …).
fn shared_help_key(id: &str) -> String {
    format!("help-arg-{id}")
}

/// The path of subcommand `name` of the command at `path`.
fn sub_path(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path}-{name}")
    }
}

/// clap writes "[OPTIONS]" in each usage line whatever the language; the built command (whose
/// subcommands know their full names) gets its usage lines written again.
fn usage_in_language(mut command: clap::Command) -> clap::Command {
    let usage = command.render_usage().to_string();
    let usage = usage
        .split_once(' ')
        .map(|(_, u)| u.trim())
        .unwrap_or_default()
        .replace("[OPTIONS]", &format!("[{}]", t!("help-options-value")));
    if !usage.is_empty() {
        command = command.override_usage(usage);
    }
    let names: Vec<String> = command
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for name in names {
        command = command.mut_subcommand(&name, usage_in_language);
    }
    command
}

/// Every help key the command line looks up, for the catalogue test: each command's line and each
/// argument's (by its own key or the shared `help-arg-`).
pub fn help_keys() -> Vec<(String, Option<String>)> {
    fn walk(command: &clap::Command, path: &str, out: &mut Vec<(String, Option<String>)>) {
        out.push((help_key(path, ""), None));
        for arg in command.get_arguments() {
            let id = arg.get_id().as_str();
            if id == "help" || id == "version" {
                continue;
            }
            out.push((help_key(path, id), Some(shared_help_key(id))));
        }
        for sub in command.get_subcommands() {
            walk(sub, &sub_path(path, sub.get_name()), out);
        }
    }
    let mut out = Vec::new();
    walk(&Cli::command(), "", &mut out);
    out
}

#[derive(Debug, Parser)]
#[command(name = "papila", version)]
pub struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
    #[arg(long, global = true, value_name = "LANG", value_parser = lang)]
    pub(crate) lang: Option<Lang>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    Init(InitArgs),
    Check(CheckArgs),
    Plan(PlanArgs),
    Render(RenderArgs),
    Run(PlanArgs),
    #[command(subcommand)]
    Send(SendCommand),
    Verify(VerifyArgs),
    Checkin(CheckinArgs),
    Report(ReportArgs),
    Rounds(RoundsArgs),
    Serve(ServeArgs),
    Keygen(KeygenArgs),
}

#[derive(Debug, Args)]
pub(crate) struct ConfigArg {
    #[arg(
        short = 'c',
        long = "config",
        value_name = "FILE",
        default_value = "papila.toml"
    )]
    pub(crate) config: PathBuf,
    #[arg(long, value_name = "DIR")]
    pub(crate) out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    #[command(flatten)]
    pub(crate) config: ConfigArg,
    #[arg(value_name = "INPUT")]
    pub(crate) inputs: Vec<String>,
}

#[derive(Debug, Args)]
pub(crate) struct PlanArgs {
    #[command(flatten)]
    pub(crate) config: ConfigArg,
    #[arg(value_name = "INPUT")]
    pub(crate) inputs: Vec<String>,
    #[arg(long)]
    pub(crate) replan: bool,
    #[arg(long, value_name = "DATE", value_parser = day)]
    pub(crate) today: Option<chrono::NaiveDate>,
}

#[derive(Debug, Args)]
pub(crate) struct RenderArgs {
    #[command(flatten)]
    pub(crate) config: ConfigArg,
    #[arg(long, value_name = "DATE", value_parser = day)]
    pub(crate) today: Option<chrono::NaiveDate>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum SendCommand {
    Email(SendEmailArgs),
    Offices(SendOfficesArgs),
}

#[derive(Debug, Args)]
pub(crate) struct SendOfficesArgs {
    #[command(flatten)]
    pub(crate) config: ConfigArg,
    #[arg(long)]
    pub(crate) dry_run: bool,
    #[arg(long, value_name = "N")]
    pub(crate) limit: Option<usize>,
    #[arg(long, value_name = "DATE", value_parser = day)]
    pub(crate) today: Option<chrono::NaiveDate>,
}

#[derive(Debug, Args)]
pub(crate) struct SendEmailArgs {
    #[command(flatten)]
    pub(crate) config: ConfigArg,
    #[arg(long)]
    pub(crate) dry_run: bool,
    #[arg(long, value_name = "N")]
    pub(crate) limit: Option<usize>,
    #[arg(long, value_name = "DATE", value_parser = day)]
    pub(crate) today: Option<chrono::NaiveDate>,
}

#[derive(Debug, Args)]
pub(crate) struct VerifyArgs {
    #[arg(short = 'c', long = "config", value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    #[arg(long, value_name = "FILE", conflicts_with = "config")]
    pub(crate) public_key: Option<PathBuf>,
    #[arg(long, value_name = "FILE", requires = "public_key")]
    pub(crate) void_list: Option<PathBuf>,
    #[arg(value_name = "TOKEN")]
    pub(crate) token: String,
}

#[derive(Debug, Args)]
pub(crate) struct CheckinArgs {
    #[arg(short = 'c', long = "config", value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    #[arg(long, value_name = "FILE", conflicts_with = "config", requires = "log")]
    pub(crate) public_key: Option<PathBuf>,
    #[arg(long, value_name = "FILE", requires = "public_key")]
    pub(crate) log: Option<PathBuf>,
    #[arg(long, value_name = "ID", requires = "public_key")]
    pub(crate) campaign: Option<String>,
    #[arg(long, value_name = "FILE", num_args = 1.., conflicts_with = "public_key")]
    pub(crate) import: Vec<PathBuf>,
    #[arg(long, value_name = "NAME", default_value = "")]
    pub(crate) station: String,
    #[arg(long, value_name = "DATE", value_parser = day)]
    pub(crate) today: Option<chrono::NaiveDate>,
    #[arg(long)]
    pub(crate) force: bool,
    #[arg(long, value_name = "ID", requires = "reason", conflicts_with_all = ["public_key", "import"])]
    pub(crate) undo: Option<String>,
    #[arg(long, value_name = "TEXT", requires = "undo")]
    pub(crate) reason: Option<String>,
    #[arg(long, value_name = "FILE", requires = "public_key")]
    pub(crate) void_list: Option<PathBuf>,
    #[arg(long, value_name = "FILE", conflicts_with_all = ["public_key", "import", "undo"])]
    pub(crate) write_void_list: Option<PathBuf>,
    #[arg(long, value_name = "NIK", conflicts_with_all = ["public_key", "import", "undo"])]
    pub(crate) walk_in: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    #[command(flatten)]
    pub(crate) config: ConfigArg,
    #[arg(long, value_name = "ADDR", default_value = "0.0.0.0:8080")]
    pub(crate) listen: std::net::SocketAddr,
    #[arg(long)]
    pub(crate) tls: bool,
    #[arg(long, value_name = "DATE", value_parser = day)]
    pub(crate) today: Option<chrono::NaiveDate>,
    #[arg(long)]
    pub(crate) force: bool,
    #[arg(long = "new-code", value_name = "OFFICE")]
    pub(crate) new_code: Vec<String>,
}

#[derive(Debug, Args)]
pub(crate) struct RoundsArgs {
    #[command(flatten)]
    pub(crate) config: ConfigArg,
    #[arg(long, value_name = "N")]
    pub(crate) round: Option<i64>,
}

#[derive(Debug, Args)]
pub(crate) struct ReportArgs {
    #[command(flatten)]
    pub(crate) config: ConfigArg,
    #[arg(long, value_name = "DATE", value_parser = day)]
    pub(crate) today: Option<chrono::NaiveDate>,
}

#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    #[arg(value_name = "DIR")]
    pub(crate) dir: PathBuf,
}

#[derive(Debug, Args)]
pub(crate) struct KeygenArgs {
    #[arg(value_name = "PATH")]
    pub(crate) path: PathBuf,
}

fn day(text: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        t!(
            "cli-bad-day",
            text = crate::text::cut(text, 40).into_owned()
        )
    })
}

fn lang(text: &str) -> Result<Lang, String> {
    Lang::parse(text).ok_or_else(|| {
        t!(
            "cli-bad-lang",
            text = crate::text::cut(text, 20).into_owned()
        )
    })
}
