//! The SMTP conversation with the relay, through lettre's connection: connect (TLS, STARTTLS or
//! plain), log in, hand over one message at a time, and say what each reply means for the outbox.
//!
//! lettre's `SmtpTransport` sends a message in one call; papila drives `SmtpConnection` step by
//! step instead, because it must record "sending" in the ledger at one exact moment: after the
//! whole message has been written and before the final `.` that makes the server take it.

use std::cell::Cell;
use std::error::Error as _;
use std::time::Duration;

use lettre::Address;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{Certificate, SmtpConnection, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt, Rset};
use lettre::transport::smtp::extension::{ClientId, Extension, MailBodyParameter, MailParameter};

use crate::config::{Email, Security};
use crate::error::{Error, Result};

/// Where and how to reach the SMTP server, with the password read from the environment.
pub(crate) struct Relay {
    host: String,
    port: u16,
    security: Security,
    timeout: Duration,
    credentials: Option<Credentials>,
    tls: Option<TlsParameters>,
    hello: ClientId,
}

/// Why a connection could not be made.
pub(crate) enum ConnectFailure {
    /// Worth trying again in a while: the server is down, busy or unreachable.
    Retry(String),
    /// Will not get better by waiting: a refused password, a certificate papila cannot trust.
    Stop(Error),
}

/// What became of one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// The server took it; its reply.
    Accepted(String),
    /// Try again later: a 4xx reply, a timeout or a lost connection.
    Deferred(String),
    /// Never try again: a 5xx reply for this message (a bad address, refused content).
    Rejected(String),
    /// The server refuses the sender itself: no message can go until `[email] from` is fixed.
    SenderRefused(String),
}

/// One try at one message.
#[derive(Debug)]
pub(crate) struct Attempt {
    pub(crate) outcome: Outcome,
    /// Whether the hand-over hook ran, i.e. the server may hold the whole message.
    pub(crate) handed_over: bool,
    /// The connection cannot be used again.
    pub(crate) broken: bool,
}

impl Relay {
    pub(crate) fn new(settings: &Email, config_path: &std::path::Path) -> Result<Relay> {
        let credentials = match &settings.username {
            None => None,
            Some(user) => {
                let password =
                    std::env::var(&settings.password_env).map_err(|_| Error::Blocked {
                        message: t!(
                            "smtp-password-missing",
                            config = config_path,
                            user = user,
                            variable = &settings.password_env
                        ),
                        hint: t!(
                            "smtp-password-missing-hint",
                            variable = &settings.password_env
                        ),
                    })?;
                Some(Credentials::new(user.clone(), password))
            }
        };
        let tls = match settings.security {
            Security::None => None,
            Security::StartTls | Security::Tls => {
                let mut builder = TlsParameters::builder(settings.smtp_host.clone());
                if let Some(ca) = &settings.ca_file {
                    let pem = std::fs::read(ca).map_err(|e| Error::io("read", ca, e))?;
                    let cert = Certificate::from_pem(&pem).map_err(|e| Error::Blocked {
                        message: t!("smtp-ca-not-pem", path = ca, problem = e.to_string()),
                        hint: t!("smtp-ca-not-pem-hint"),
                    })?;
                    builder = builder.add_root_certificate(cert);
                }
                Some(builder.build().map_err(|e| Error::Blocked {
                    message: t!(
                        "smtp-tls-setup",
                        host = &settings.smtp_host,
                        problem = e.to_string()
                    ),
                    hint: t!("smtp-tls-setup-hint"),
                })?)
            }
        };
        Ok(Relay {
            host: settings.smtp_host.clone(),
            port: settings.smtp_port,
            security: settings.security,
            timeout: settings.timeout,
            credentials,
            tls,
            hello: ClientId::default(),
        })
    }

    /// "smtp.example.go.id:587 (STARTTLS)".
    pub(crate) fn describe(&self) -> String {
        let how = match self.security {
            Security::StartTls => "STARTTLS",
            Security::Tls => "TLS",
            Security::None => "",
        };
        let how = if how.is_empty() {
            t!("smtp-unencrypted")
        } else {
            how.to_string()
        };
        format!("{}:{} ({how})", self.host, self.port)
    }

    pub(crate) fn connect(&self) -> std::result::Result<Session, ConnectFailure> {
        let direct_tls = match self.security {
            Security::Tls => self.tls.as_ref(),
            _ => None,
        };
        let mut client = SmtpConnection::connect(
            (self.host.as_str(), self.port),
            Some(self.timeout),
            &self.hello,
            direct_tls,
            None,
        )
        .map_err(|e| self.connect_failure(e))?;
        if let (Security::StartTls, Some(tls)) = (self.security, &self.tls) {
            if !client.can_starttls() {
                client.abort();
                return Err(ConnectFailure::Stop(Error::Blocked {
                    message: t!("smtp-no-starttls", relay = self.describe()),
                    hint: t!("smtp-no-starttls-hint"),
                }));
            }
            client
                .starttls(tls, &self.hello)
                .map_err(|e| self.connect_failure(e))?;
        }
        if let Some(credentials) = &self.credentials
            && let Err(e) = client.auth(&[Mechanism::Plain, Mechanism::Login], credentials)
        {
            client.abort();
            return Err(if e.is_permanent() || e.is_client() {
                ConnectFailure::Stop(Error::Blocked {
                    message: t!(
                        "smtp-login-refused",
                        relay = self.describe(),
                        words = words(&e, self.timeout)
                    ),
                    hint: t!("smtp-login-refused-hint"),
                })
            } else {
                ConnectFailure::Retry(words(&e, self.timeout))
            });
        }
        Ok(Session {
            client,
            timeout: self.timeout,
        })
    }

    fn connect_failure(&self, e: lettre::transport::smtp::Error) -> ConnectFailure {
        if e.is_tls() || io_kind(&e, &[std::io::ErrorKind::InvalidData]) {
            ConnectFailure::Stop(Error::Blocked {
                message: t!(
                    "smtp-tls-failed",
                    relay = self.describe(),
                    words = words(&e, self.timeout)
                ),
                hint: t!("smtp-tls-failed-hint"),
            })
        } else if e.is_permanent() {
            ConnectFailure::Stop(Error::Blocked {
                message: t!(
                    "smtp-refuses",
                    relay = self.describe(),
                    words = words(&e, self.timeout)
                ),
                hint: t!("smtp-refuses-hint"),
            })
        } else {
            ConnectFailure::Retry(words(&e, self.timeout))
        }
    }
}

/// An open, logged-in connection.
pub(crate) struct Session {
    client: SmtpConnection,
    timeout: Duration,
}

impl Session {
    /// Sends `bytes` from `from` to `to`. `hand_over` runs once the whole message is written and
    /// before the final dot: it must record "sending" durably, or stop the process.
    pub(crate) fn send(
        &mut self,
        from: &Address,
        to: &Address,
        bytes: &[u8],
        hand_over: impl FnOnce(),
    ) -> Attempt {
        let mut options = Vec::new();
        if !bytes.is_ascii()
            && self
                .client
                .server_info()
                .supports_feature(Extension::EightBitMime)
        {
            options.push(MailParameter::Body(MailBodyParameter::EightBitMime));
        }
        if let Err(e) = self.client.command(Mail::new(Some(from.clone()), options)) {
            return self.failed(e, true, false);
        }
        if let Err(e) = self.client.command(Rcpt::new(to.clone(), Vec::new())) {
            return self.failed(e, false, false);
        }
        if let Err(e) = self.client.command(Data) {
            return self.failed(e, false, false);
        }
        let handed_over = Cell::new(false);
        let parts = HandOver {
            body: Some(bytes),
            hook: Some(|| {
                hand_over();
                handed_over.set(true);
            }),
        };
        match self.client.message_iter(parts) {
            Ok(reply) => Attempt {
                outcome: Outcome::Accepted(format!(
                    "{} {}",
                    reply.code(),
                    reply.message().collect::<Vec<_>>().join(" ")
                )),
                handed_over: handed_over.get(),
                broken: false,
            },
            Err(e) => self.failed(e, false, handed_over.get()),
        }
    }

    /// Says goodbye; a server that already left is no matter.
    pub(crate) fn quit(mut self) {
        let _ = self.client.quit();
    }

    fn failed(
        &mut self,
        e: lettre::transport::smtp::Error,
        at_mail: bool,
        handed_over: bool,
    ) -> Attempt {
        let reply = words(&e, self.timeout);
        if e.status().is_none() {
            // No reply at all: the connection is gone (or out of step), so it is not reused.
            self.client.abort();
            return Attempt {
                outcome: Outcome::Deferred(reply),
                handed_over,
                broken: true,
            };
        }
        // A reply: the transaction is over but the connection may serve the next message.
        let broken = !handed_over && self.client.command(Rset).is_err();
        let outcome = if e.is_transient() {
            Outcome::Deferred(reply)
        } else if at_mail {
            Outcome::SenderRefused(reply)
        } else {
            Outcome::Rejected(reply)
        };
        Attempt {
            outcome,
            handed_over,
            broken,
        }
    }
}

/// The server's words ("550 5.1.1 <x@y>: Recipient address rejected"), or what happened instead.
pub(crate) fn words(e: &lettre::transport::smtp::Error, timeout: Duration) -> String {
    let detail = e.source().map(|s| s.to_string()).unwrap_or_default();
    match e.status() {
        Some(code) => format!("{code} {detail}").trim().to_string(),
        None if e.is_timeout()
            || io_kind(
                e,
                &[std::io::ErrorKind::WouldBlock, std::io::ErrorKind::TimedOut],
            ) =>
        {
            t!("smtp-timeout", seconds = timeout.as_secs())
        }
        None if detail.is_empty() => t!("smtp-connection-failed", problem = e.to_string()),
        None => t!("smtp-connection-failed", problem = detail),
    }
}

/// Whether an I/O error of one of `kinds` caused `e`. A socket timeout shows as "would block" on
/// Linux, which lettre does not count as a timeout; a failed TLS handshake (an untrusted
/// certificate, a server that does not speak TLS) reaches lettre as "invalid data".
fn io_kind(e: &lettre::transport::smtp::Error, kinds: &[std::io::ErrorKind]) -> bool {
    let mut source = e.source();
    while let Some(s) = source {
        if let Some(io) = s.downcast_ref::<std::io::Error>()
            && kinds.contains(&io.kind())
        {
            return true;
        }
        source = s.source();
    }
    false
}

/// The message as lettre writes it: the body, then — once the body is on the wire and before
/// lettre writes the final dot — the hook.
struct HandOver<'a, F: FnOnce()> {
    body: Option<&'a [u8]>,
    hook: Option<F>,
}

impl<'a, F: FnOnce()> Iterator for HandOver<'a, F> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        if let Some(body) = self.body.take() {
            return Some(body);
        }
        if let Some(hook) = self.hook.take() {
            hook();
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hook_runs_after_the_body_and_before_the_end() {
        let order = std::cell::RefCell::new(Vec::new());
        let mut parts = HandOver {
            body: Some(b"body".as_slice()),
            hook: Some(|| order.borrow_mut().push("hook")),
        };
        assert_eq!(parts.next(), Some(b"body".as_slice()));
        assert!(order.borrow().is_empty(), "the hook must wait for the body");
        assert_eq!(parts.next(), None);
        assert_eq!(*order.borrow(), ["hook"]);
        assert_eq!(parts.next(), None);
        assert_eq!(order.borrow().len(), 1, "the hook runs once");
    }
}
