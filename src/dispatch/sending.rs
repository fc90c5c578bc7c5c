//! The sending loop every outbox shares (`send email`, `send offices`): what a run is asked to do
//! and what it did, one run at a time per outbox (a lock), the rate per minute, connecting and
//! trying again, and each message's moves in the outbox around the SMTP conversation.

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use crate::config::Email;
use crate::dispatch::smtp::{ConnectFailure, Outcome, Relay, Session};
use crate::error::{Error, Result};
use crate::ledger::Ledger;
use crate::ledger::outbox::{Outbox, State, Synced};
use crate::output;
use crate::progress::Progress;

/// How a `send` run is limited.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Options {
    /// Take at most this many messages from the outbox.
    pub(crate) limit: Option<usize>,
    /// Write `.eml` files instead of sending.
    pub(crate) dry_run: bool,
    /// The date a letter not printed yet carries (the command's day).
    pub(crate) today: chrono::NaiveDate,
}

/// What a `send` run did, and the state of the whole outbox after it.
#[derive(Debug, Default)]
pub(crate) struct SendReport {
    pub(crate) relay: String,
    /// Messages a stopped earlier run left with the server's reply unknown.
    pub(crate) settled: usize,
    pub(crate) synced: Synced,
    pub(crate) sent: usize,
    /// Who failed for good in this run and the server's words: (name, address, reply).
    pub(crate) failures: Vec<(String, String, String)>,
    /// Times the server deferred a message in this run (each retried, or given up on).
    pub(crate) deferrals: usize,
    /// Messages due now that `--limit` left for a later run.
    pub(crate) left_by_limit: usize,
    pub(crate) counts: Vec<(State, usize)>,
    pub(crate) failed_csv: Option<PathBuf>,
    /// `--dry-run`: the `.eml` files written and their folder.
    pub(crate) previews: usize,
    pub(crate) preview_dir: Option<PathBuf>,
}

impl SendReport {
    pub(crate) fn failed(&mut self, (who, address): (String, String), reply: &str) {
        self.failures.push((who, address, reply.to_string()));
    }

    pub(crate) fn count(&self, state: State) -> usize {
        self.counts
            .iter()
            .find(|(s, _)| *s == state)
            .map_or(0, |(_, n)| *n)
    }
}

/// Rows of the outbox read at a time.
const BATCH: usize = 200;

/// What the sending loop sends: messages due in an outbox, each made into an email.
pub(crate) trait Mailer {
    type Item;
    /// Up to `limit` messages due at `now`, after message `after` (outbox order).
    fn due(
        &self,
        outbox: &Outbox,
        after: i64,
        now: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<Self::Item>>;
    /// The message's outbox id and the tries it has had.
    fn key(item: &Self::Item) -> (i64, u32);
    /// Who it goes to, for the failures listed: (name, address).
    fn who(item: &Self::Item) -> (String, String);
    /// The email as it goes on the wire, or why it cannot be written.
    fn compose(&self, item: &Self::Item) -> Result<std::result::Result<lettre::Message, String>>;
}

/// The sending loop of one run.
pub(crate) struct Dispatcher<'a, M: Mailer> {
    mailer: M,
    settings: &'a Email,
    outbox: &'a Outbox<'a>,
    relay: &'a Relay,
    session: Option<Session>,
    pace: Pace,
    /// Messages deferred in this run, with when they may be tried again.
    retry: BTreeMap<i64, DateTime<Utc>>,
    /// Messages taken in this run, for `--limit`.
    taken: HashSet<i64>,
    limit: Option<usize>,
    progress: Progress,
    /// The command, as the messages name it: `send email`, `send offices`.
    command: &'static str,
}

impl<'a, M: Mailer> Dispatcher<'a, M> {
    /// A loop sending `mailer`'s messages from `outbox` through `relay`, at most `limit` of them.
    pub(crate) fn new(
        mailer: M,
        settings: &'a Email,
        outbox: &'a Outbox<'a>,
        relay: &'a Relay,
        limit: Option<usize>,
    ) -> Dispatcher<'a, M> {
        Dispatcher {
            mailer,
            settings,
            outbox,
            relay,
            session: None,
            pace: Pace::new(settings.per_minute),
            retry: BTreeMap::new(),
            taken: HashSet::new(),
            limit,
            progress: Progress::new("send", "progress-emails", 0),
            command: "send email",
        }
    }

    /// Shows progress as `papila <command>` (`send email`), over `taking` emails.
    pub(crate) fn showing(mut self, command: &'static str, taking: usize) -> Self {
        self.progress = Progress::new(command, "progress-emails", taking as u64);
        self.command = command;
        self
    }

    /// Sends every message due, going round again for the deferred ones while they have tries
    /// left; the SMTP session is closed at the end.
    pub(crate) fn run(mut self, report: &mut SendReport) -> Result<()> {
        let result = self.rounds(report);
        if let Some(session) = self.session.take() {
            session.quit();
        }
        self.progress.finish();
        result
    }

    fn rounds(&mut self, report: &mut SendReport) -> Result<()> {
        loop {
            let mut after = 0;
            loop {
                let batch = self.mailer.due(self.outbox, after, Utc::now(), BATCH)?;
                let Some(last) = batch.last() else { break };
                after = M::key(last).0;
                for due in batch {
                    let id = M::key(&due).0;
                    let first_try = !self.taken.contains(&id);
                    if first_try {
                        if self.limit.is_some_and(|limit| self.taken.len() >= limit) {
                            continue;
                        }
                        self.taken.insert(id);
                    }
                    self.retry.remove(&id);
                    self.one(&due, report)?;
                    if first_try {
                        self.progress.add(1);
                    }
                }
            }
            // Deferred messages with tries left: wait for the first, then go round again.
            let Some(&next) = self.retry.values().min() else {
                return Ok(());
            };
            let wait = (next - Utc::now()).to_std().unwrap_or_default();
            if !wait.is_zero() {
                self.progress.note(&format!(
                    "{}: {}",
                    self.command,
                    t!(
                        "send-deferred-wait",
                        count = self.retry.len(),
                        seconds = wait.as_secs_f64().ceil().to_string()
                    )
                ));
                std::thread::sleep(wait);
            }
        }
    }

    /// One try at one message, recorded in the outbox.
    fn one(&mut self, due: &M::Item, report: &mut SendReport) -> Result<()> {
        let settings = self.settings;
        let (id, attempts) = M::key(due);
        let message = match self.mailer.compose(due)? {
            Ok(message) => message,
            Err(problem) => {
                report.failed(M::who(due), &problem);
                return self.outbox.outcome(
                    id,
                    State::FailedPermanent,
                    &problem,
                    false,
                    None,
                    Utc::now(),
                );
            }
        };
        let bytes = message.formatted();
        let to = message
            .envelope()
            .to()
            .first()
            .cloned()
            .expect("a message has its recipient");
        std::thread::sleep(self.pace.wait(Instant::now()));
        let session = match &mut self.session {
            Some(session) => session,
            None => {
                self.session
                    .insert(connect(self.relay, settings, &self.progress, self.command)?)
            }
        };
        let outbox = self.outbox;
        let attempt = session.send(&settings.from.email, &to, &bytes, || {
            if let Err(e) = outbox.sending(id, Utc::now()) {
                // The final dot has not been written, and lettre writes it as soon as this
                // returns: the process ends here instead, so the server drops the message, which
                // is still `queued`, and the next run sends it exactly once.
                e.stop_now(&t!("send-stopped-queued", to = M::who(due).1));
            }
        });
        if attempt.broken {
            self.session = None;
        }
        let now = Utc::now();
        let handed = attempt.handed_over;
        match attempt.outcome {
            Outcome::Accepted(reply) => {
                report.sent += 1;
                self.outbox
                    .outcome(id, State::Sent, &reply, handed, None, now)
            }
            Outcome::Rejected(reply) => {
                report.failed(M::who(due), &reply);
                self.outbox
                    .outcome(id, State::FailedPermanent, &reply, handed, None, now)
            }
            Outcome::Deferred(reply) => {
                report.deferrals += 1;
                let tries = attempts + 1;
                if tries >= settings.max_attempts {
                    let reply = t!("send-gave-up", tries = tries, reply = &reply);
                    report.failed(M::who(due), &reply);
                    self.outbox
                        .outcome(id, State::FailedPermanent, &reply, handed, None, now)
                } else {
                    let at = now + backoff(settings.retry_after, tries);
                    self.retry.insert(id, at);
                    self.outbox
                        .outcome(id, State::FailedTransient, &reply, handed, Some(at), now)
                }
            }
            Outcome::SenderRefused(reply) => Err(Error::Blocked {
                message: t!(
                    "send-sender-refused",
                    relay = self.relay.describe(),
                    from = settings.from.to_string(),
                    reply = &reply
                ),
                hint: t!("send-sender-refused-hint", command = self.command),
            }),
        }
    }
}

/// The lock one `papila <command>` (`send email`, `send offices`) holds on a ledger's outbox
/// while it sends: a second run is refused at once.
pub(crate) fn connect_lock(ledger: &Ledger, command: &str) -> Result<output::Lock> {
    let name = if command == "send email" {
        ".send-lock".to_string()
    } else {
        format!(".{}-lock", command.replace(' ', "-"))
    };
    output::Lock::take(
        &output::beside(ledger.path(), &name),
        &t!("send-busy", command = command),
        &t!("send-busy-hint"),
    )
}

/// Connects, waiting and trying again while the server is unreachable.
fn connect(relay: &Relay, settings: &Email, progress: &Progress, command: &str) -> Result<Session> {
    let mut tries = 0;
    loop {
        tries += 1;
        match relay.connect() {
            Ok(session) => return Ok(session),
            Err(ConnectFailure::Stop(e)) => return Err(e),
            Err(ConnectFailure::Retry(words)) if tries >= settings.max_attempts => {
                return Err(Error::Blocked {
                    message: t!(
                        "send-unreachable",
                        relay = relay.describe(),
                        tries = tries,
                        words = &words
                    ),
                    hint: t!("send-unreachable-hint", command = command),
                });
            }
            Err(ConnectFailure::Retry(words)) => {
                let wait = backoff(settings.retry_after, tries);
                progress.note(&format!(
                    "{command}: {}",
                    t!(
                        "send-unreachable-wait",
                        relay = relay.describe(),
                        words = &words,
                        seconds = wait.as_secs()
                    )
                ));
                std::thread::sleep(wait);
            }
        }
    }
}

/// The wait before try `tries + 1`: `first`, doubling, at most an hour.
pub(crate) fn backoff(first: Duration, tries: u32) -> Duration {
    let factor = 1u32 << tries.saturating_sub(1).min(12);
    (first * factor).min(Duration::from_secs(3600))
}

/// Spaces messages evenly so no minute holds more than `per_minute` of them.
pub(crate) struct Pace {
    gap: Duration,
    next: Option<Instant>,
}

impl Pace {
    pub(crate) fn new(per_minute: u32) -> Pace {
        Pace {
            gap: Duration::from_secs(60) / per_minute.max(1),
            next: None,
        }
    }

    /// How long to wait, at `now`, before the next message; reserves its slot.
    pub(crate) fn wait(&mut self, now: Instant) -> Duration {
        let slot = match self.next {
            Some(next) if next > now => next,
            _ => now,
        };
        self.next = Some(slot + self.gap);
        slot - now
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        let first = Duration::from_secs(60);
        assert_eq!(backoff(first, 1), Duration::from_secs(60));
        assert_eq!(backoff(first, 2), Duration::from_secs(120));
        assert_eq!(backoff(first, 4), Duration::from_secs(480));
        assert_eq!(backoff(first, 30), Duration::from_secs(3600));
    }

    #[test]
    fn pace_holds_the_rate_per_minute() {
        let mut pace = Pace::new(60);
        let t0 = Instant::now();
        assert_eq!(pace.wait(t0), Duration::ZERO);
        // The next one a second after the first, whenever it is asked for.
        assert_eq!(pace.wait(t0), Duration::from_secs(1));
        assert_eq!(
            pace.wait(t0 + Duration::from_millis(1500)),
            Duration::from_millis(500)
        );
        // After a pause, no burst is saved up: the next goes at once, the one after a gap later.
        let later = t0 + Duration::from_secs(60);
        assert_eq!(pace.wait(later), Duration::ZERO);
        assert_eq!(pace.wait(later), Duration::from_secs(1));
        // Any 60 s window holds at most per_minute starts.
        let mut pace = Pace::new(120);
        let mut at = t0;
        let mut starts = Vec::new();
        for _ in 0..500 {
            at += pace.wait(at);
            starts.push(at);
        }
        for (i, s) in starts.iter().enumerate() {
            let within = starts[i..]
                .iter()
                .take_while(|t| **t < *s + Duration::from_secs(60))
                .count();
            assert!(within <= 120, "{within} in a minute");
        }
    }
}
