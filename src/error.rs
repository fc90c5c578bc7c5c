//! The one error type of papila: every failure a user can cause, with a message and a hint for staff.
//!
//! Row problems are not errors: they are data (a `rejected` row in the manifest). An `Error` stops the
//! command, so it must say what happened, where (file, line, key) and what to do about it.

use std::fmt;
use std::path::{Path, PathBuf};

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// One mistake in `papila.toml`, located by line and key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    /// 1-based line in the config file, when the key could be found.
    pub line: Option<usize>,
    /// Dotted key path, e.g. `office[2].sessions[0].capacity`.
    pub key: String,
    /// What is wrong and what is expected.
    pub message: String,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// `papila.toml` is absent.
    #[error("cannot find the campaign config {}", .path.display())]
    ConfigMissing { path: PathBuf },

    /// `papila.toml` has one or more mistakes.
    #[error("{}", config_message(.file, .problems))]
    Config {
        file: PathBuf,
        problems: Vec<ConfigProblem>,
    },

    /// A file could not be read or written.
    #[error("cannot {action} {}: {}", .path.display(), io_reason(.source))]
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },

    /// An input list as a whole cannot be used (its rows could not even be read).
    #[error("{path}: {message}")]
    Input {
        path: String,
        message: String,
        hint: String,
    },

    /// The ledger cannot be used (SQLite failed, or it holds what papila did not write).
    #[error("{}: {message}", .path.display())]
    Ledger {
        path: PathBuf,
        message: String,
        hint: String,
    },

    /// No input files were found.
    #[error("no people lists found in {}", .searched.join(", "))]
    NoInput { searched: Vec<String> },

    /// `keygen` or `init` would overwrite something.
    #[error("{} already exists; papila never overwrites it", .path.display())]
    WouldOverwrite { path: PathBuf, hint: String },

    /// A command needs a config section the campaign does not have.
    #[error("{} has no [{section}] section, and {why}", .file.display())]
    NeedsSetting {
        file: PathBuf,
        section: &'static str,
        why: &'static str,
        example: &'static str,
    },

    /// `render` (or `send`) ran before any `plan`.
    #[error("there is nothing to render yet: {} does not exist", .ledger.display())]
    NoPlan { ledger: PathBuf },

    /// A letter template could not be compiled. `location` is `file:line:column` when known.
    #[error("{location}: {message}")]
    Template {
        location: String,
        message: String,
        hints: Vec<String>,
    },

    /// `verify` found a token that must not be accepted. `outcome` is spec §8's word.
    #[error("{outcome}: {message}")]
    TokenRejected {
        outcome: &'static str,
        message: String,
        hint: String,
    },

    /// A command cannot go on for a reason outside the config and the lists: the SMTP server
    /// refuses papila, another `send` is running, an environment variable is wrong.
    #[error("{message}")]
    Blocked { message: String, hint: String },

    /// A signing key file exists but cannot be used.
    #[error("{} is not a usable papila key: {reason}", .path.display())]
    BadKey { path: PathBuf, reason: String },
}

impl Error {
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }

    /// The process's exit status for this error: every `Error` is something the user can fix
    /// (spec §4); a bug in papila is a panic, status 2.
    pub fn code(&self) -> i32 {
        crate::EXIT_USER_ERROR
    }

    /// Prints the error as `papila` does at its end, with `note` after it, and ends the process
    /// with the error's status at once. Only for a moment where returning would do harm (see
    /// `dispatch::email`: returning would let the SMTP client write a message's final dot).
    pub fn stop_now(&self, note: &str) -> ! {
        use std::io::Write as _;
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "{}", Report(self));
        let _ = writeln!(err, "{note}");
        std::process::exit(self.code())
    }

    /// What the user should do next, printed after `hint:`.
    pub fn hint(&self) -> Option<String> {
        match self {
            Error::ConfigMissing { .. } => Some(
                "pass the campaign file with -c path/to/papila.toml, or create a campaign with \
                 `papila init DIR`"
                    .into(),
            ),
            Error::Config { .. } => {
                Some("fix the lines above in the config and run the command again".into())
            }
            Error::Io { source, .. } => match source.kind() {
                std::io::ErrorKind::NotFound => {
                    Some("check the path: relative paths inside papila.toml start from the folder that holds it".into())
                }
                std::io::ErrorKind::PermissionDenied => Some(
                    "check that you may read (or write) this file, and that no other program \
                     such as Excel holds it open"
                        .into(),
                ),
                _ => None,
            },
            Error::Input { hint, .. } | Error::Ledger { hint, .. } => Some(hint.clone()),
            Error::NoInput { .. } => Some(
                "put the CSV or Excel exports of the people lists in the folder named by \
                 [input] files in papila.toml, or name them on the command line"
                    .into(),
            ),
            Error::WouldOverwrite { hint, .. } => Some(hint.clone()),
            Error::NeedsSetting { section, example, .. } => Some(format!(
                "add a [{section}] section to the config, for example:\n{}",
                example
                    .lines()
                    .map(|l| format!("      {l}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            )),
            Error::NoPlan { .. } => Some(
                "run `papila plan -c papila.toml` first (or `papila run`, which plans and renders)"
                    .into(),
            ),
            Error::Template { hints, .. } => {
                let mut all = hints.clone();
                all.push(
                    "fix the template and run the command again; `papila init DIR` writes the \
                     default templates to compare with"
                        .into(),
                );
                Some(all.join("\nhint: "))
            }
            Error::TokenRejected { hint, .. } => Some(hint.clone()),
            Error::Blocked { hint, .. } => Some(hint.clone()),
            Error::BadKey { .. } => Some(
                "make a new key with `papila keygen keys/papila.key` and point [signing] key at it \
                 (letters already printed with the old key will no longer verify)"
                    .into(),
            ),
        }
    }
}

fn config_message(file: &Path, problems: &[ConfigProblem]) -> String {
    let mut out = match problems.len() {
        1 => format!("{} has a mistake", file.display()),
        n => format!("{} has {n} mistakes", file.display()),
    };
    for p in problems {
        out.push_str("\n  ");
        out.push_str(&file.display().to_string());
        if let Some(line) = p.line {
            out.push_str(&format!(":{line}"));
        }
        if !p.key.is_empty() {
            out.push_str(&format!(": {}", p.key));
        }
        out.push_str(&format!(": {}", p.message));
    }
    out
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "it does not exist".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::AlreadyExists => "it already exists".into(),
        _ => e.to_string(),
    }
}

/// How an error is shown to a user: `error:` then `hint:`, never a debug dump.
pub struct Report<'a>(pub &'a Error);

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}", self.0)?;
        if let Some(hint) = self.0.hint() {
            write!(f, "\nhint: {hint}")?;
        }
        Ok(())
    }
}
