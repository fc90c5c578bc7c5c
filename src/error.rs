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
    pub(crate) line: Option<usize>,
    /// Dotted key path, e.g. `office[2].sessions[0].capacity`.
    pub(crate) key: String,
    /// What is wrong and what is expected.
    pub(crate) message: String,
}

#[derive(Debug)]
pub enum Error {
    /// `papila.toml` is absent.
    ConfigMissing { path: PathBuf },

    /// `papila.toml` has one or more mistakes.
    Config {
        file: PathBuf,
        problems: Vec<ConfigProblem>,
    },

    /// A file could not be read or written.
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },

    /// An input list as a whole cannot be used (its rows could not even be read).
    Input {
        path: String,
        message: String,
        hint: String,
    },

    /// The ledger cannot be used (SQLite failed, or it holds what papila did not write).
    Ledger {
        path: PathBuf,
        message: String,
        hint: String,
    },

    /// No input files were found.
    NoInput { searched: Vec<String> },

    /// `keygen` or `init` would overwrite something.
    WouldOverwrite { path: PathBuf, hint: String },

    /// A command needs a config section the campaign does not have.
    NeedsSetting {
        file: PathBuf,
        section: &'static str,
        why: String,
        example: String,
    },

    /// `render` (or `send`) ran before any `plan`.
    NoPlan { ledger: PathBuf },

    /// A letter template could not be compiled. `location` is `file:line:column` when known.
    Template {
        location: String,
        message: String,
        hints: Vec<String>,
    },

    /// `verify` found a token that must not be accepted. `outcome` is spec §8's word.
    TokenRejected {
        outcome: &'static str,
        message: String,
        hint: String,
    },

    /// A command cannot go on for a reason outside the config and the lists: the SMTP server
    /// refuses papila, another `send` is running, an environment variable is wrong.
    Blocked { message: String, hint: String },

    /// A signing key file exists but cannot be used.
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
    pub(crate) fn stop_now(&self, note: &str) -> ! {
        use std::io::Write as _;
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "{}", Report(self));
        let _ = writeln!(err, "{note}");
        std::process::exit(self.code())
    }

    /// What the user should do next, printed after `hint:`.
    pub(crate) fn hint(&self) -> Option<String> {
        match self {
            Error::ConfigMissing { .. } => Some(t!("config-missing-hint")),
            Error::Config { .. } => Some(t!("config-hint")),
            Error::Io { source, .. } => match source.kind() {
                std::io::ErrorKind::NotFound => Some(t!("io-not-found-hint")),
                std::io::ErrorKind::PermissionDenied => Some(t!("io-permission-hint")),
                std::io::ErrorKind::StorageFull
                | std::io::ErrorKind::FileTooLarge
                | std::io::ErrorKind::QuotaExceeded => Some(t!("io-disk-full-hint")),
                _ => None,
            },
            Error::Input { hint, .. } | Error::Ledger { hint, .. } => Some(hint.clone()),
            Error::NoInput { .. } => Some(t!("input-none-hint")),
            Error::WouldOverwrite { hint, .. } => Some(hint.clone()),
            Error::NeedsSetting {
                section, example, ..
            } => Some(format!(
                "{}\n{}",
                t!("needs-setting-hint", section = *section),
                example
                    .lines()
                    .map(|l| format!("      {l}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            )),
            Error::NoPlan { .. } => Some(t!("plan-none-hint")),
            Error::Template { hints, .. } => {
                let mut all = hints.clone();
                all.push(t!("template-hint"));
                Some(all.join(&format!("\n{}: ", t!("hint-prefix"))))
            }
            Error::TokenRejected { hint, .. } => Some(hint.clone()),
            Error::Blocked { hint, .. } => Some(hint.clone()),
            Error::BadKey { .. } => Some(t!("bad-key-hint")),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            Error::ConfigMissing { path } => t!("config-missing", path = path),
            Error::Config { file, problems } => config_message(file, problems),
            Error::Io {
                action,
                path,
                source,
            } => t!(
                "io",
                action = crate::lang::text(&format!("io-{}", action.replace(' ', "-")), &[]),
                path = path,
                reason = io_reason(source)
            ),
            Error::Input { path, message, .. } => format!("{path}: {message}"),
            Error::Ledger { path, message, .. } => format!("{}: {message}", path.display()),
            Error::NoInput { searched } => t!("input-none", searched = searched.join(", ")),
            Error::WouldOverwrite { path, .. } => t!("would-overwrite", path = path),
            Error::NeedsSetting {
                file, section, why, ..
            } => t!("needs-setting", file = file, section = *section, why = why),
            Error::NoPlan { ledger } => t!("plan-none", ledger = ledger),
            Error::Template {
                location, message, ..
            } => format!("{location}: {message}"),
            Error::TokenRejected {
                outcome, message, ..
            } => format!("{outcome}: {message}"),
            Error::Blocked { message, .. } => message.clone(),
            Error::BadKey { path, reason } => t!("bad-key", path = path, reason = reason),
        };
        f.write_str(&text)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

fn config_message(file: &Path, problems: &[ConfigProblem]) -> String {
    let mut out = t!("config-mistakes", file = file, count = problems.len());
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
        std::io::ErrorKind::NotFound => t!("io-not-found"),
        std::io::ErrorKind::PermissionDenied => t!("io-permission"),
        std::io::ErrorKind::AlreadyExists => t!("io-exists"),
        _ => e.to_string(),
    }
}

/// How an error is shown to a user: `error:` then `hint:`, never a debug dump.
pub struct Report<'a>(pub &'a Error);

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", t!("error-prefix"), self.0)?;
        if let Some(hint) = self.0.hint() {
            write!(f, "\n{}: {hint}", t!("hint-prefix"))?;
        }
        Ok(())
    }
}
