//! `papila send email` (spec §9): each invited person with an address gets one email with their
//! letter attached, through the outbox in the ledger (`outbox`), over SMTP (`smtp`).
//!
//! The sending loop itself, which `send offices` shares, is `sending`. The rules that keep a message
//! from being lost or doubled:
//! - one `send` at a time per ledger (a lock file the OS releases when the process dies);
//! - a message is `sending` only from just before its final dot to the server's reply; a run that
//!   finds `sending` left by a killed run settles it as `unconfirmed` (handed over, not resent);
//! - a reply of 4xx, a timeout or a lost connection is `failed-transient`: tried again after
//!   `retry_after`, doubling, up to `max_attempts` tries; a 5xx is `failed-permanent`, never retried.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use chrono::{DateTime, Utc};
use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart};

use crate::config::{Config, Email};
use crate::dispatch::message::Message;
use crate::dispatch::sending::{Dispatcher, Mailer, Options, SendReport, connect_lock};
use crate::dispatch::smtp::Relay;
use crate::dispatch::templates::{self, EmailText, Templates};
use crate::error::{Error, Result};
use crate::ledger::Ledger;
use crate::ledger::outbox::{self, Due, Outbox};
use crate::output;
use crate::progress::Progress;
use crate::render::{Studio, templates_dir};

pub(crate) fn send(config: &Config, out: &Path, options: Options) -> Result<SendReport> {
    let Some(settings) = &config.email else {
        return Err(Error::NeedsSetting {
            file: config.path.clone(),
            section: "email",
            why: t!("why-email-send"),
            example: "[email]\nfrom = \"Disdukcapil Cilacap <noreply@example.go.id>\"\nsmtp_host = \"smtp.example.go.id\"\nsmtp_port = 587\nsecurity = \"starttls\"\nusername = \"noreply@example.go.id\"\npassword_env = \"PAPILA_SMTP_PASSWORD\"\nper_minute = 60"
                .into(),
        });
    };
    let ledger = Ledger::open_planned(config)?;
    crate::render::check_offices(config, &ledger)?;
    // Taken first, before anything slow: a second run is told at once.
    let _lock = if options.dry_run {
        None
    } else {
        Some(connect_lock(&ledger, "send email")?)
    };
    let templates = Templates::load(
        &templates_dir(config),
        &[templates::EMAIL, templates::EMAIL_HTML],
    )?;
    let studio = Studio::new(config, 1)?;
    let writer = Writer {
        config,
        ledger: &ledger,
        today: options.today,
        settings,
        templates: &templates,
        studio: &studio,
    };
    if options.dry_run {
        return dry_run(&writer, &ledger, out, options.limit);
    }
    let relay = Relay::new(settings, &config.path)?;
    let outbox = ledger.outbox(ledger.begin_run("send email")?);
    let mut report = SendReport {
        relay: relay.describe(),
        settled: outbox.settle(Utc::now())?,
        synced: outbox.sync(
            &config.campaign.id,
            settings.from.email.domain(),
            Utc::now(),
        )?,
        ..SendReport::default()
    };
    let due_now = outbox.count_due(Utc::now())?;
    let taking = options.limit.map_or(due_now, |l| l.min(due_now));
    report.left_by_limit = due_now - taking;

    let dispatcher = Dispatcher::new(writer, settings, &outbox, &relay, options.limit)
        .showing("send email", taking);
    let result = dispatcher.run(&mut report);
    // The list of failures is written even when the run stops early: it is what staff act on.
    report.failed_csv = Some(write_failures(&outbox, out)?);
    report.counts = outbox.counts()?;
    result.map(|()| report)
}

/// What makes one person's email: templates, the letter, the sender.
struct Writer<'a> {
    config: &'a Config,
    ledger: &'a Ledger,
    /// The date of a letter not printed yet.
    today: chrono::NaiveDate,
    settings: &'a Email,
    templates: &'a Templates,
    studio: &'a Studio,
}

impl Writer<'_> {
    /// The letter the email carries: the one printed for the appointment (the same the village
    /// office delivers), or, before any render, the letter a render would print today.
    fn letter(&self, due: &Due) -> Result<crate::ledger::Printed> {
        let printed = self.ledger.standing_letter(&due.invited.invitation_id)?;
        Ok(match printed {
            Some(letter) if letter.says(&due.invited) => letter,
            _ => crate::ledger::Printed::unprinted(
                due.invited.clone(),
                crate::round::issue_date(self.config, self.today),
            ),
        })
    }

    /// The message as it goes on the wire, or why this address cannot be written to.
    fn compose(&self, due: &Due) -> Result<std::result::Result<lettre::Message, String>> {
        let message = Message::of(self.config, &due.invited);
        let text = self.templates.email(&message)?;
        let pdf = self.studio.letter_pdf(self.config, &self.letter(due)?)?;
        Ok(compose(
            self.settings,
            &due.invited.name,
            &due.address,
            &due.message_id,
            &text,
            pdf.bytes,
            &format!("undangan-{}.pdf", due.invited.invitation_id),
            SystemTime::now(),
        ))
    }
}

impl Mailer for Writer<'_> {
    type Item = Due;

    fn due(
        &self,
        outbox: &Outbox,
        after: i64,
        now: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<Due>> {
        outbox.due(after, now, limit)
    }

    fn key(due: &Due) -> (i64, u32) {
        (due.id, due.attempts)
    }

    fn who(due: &Due) -> (String, String) {
        (due.invited.name.clone(), due.address.clone())
    }

    fn compose(&self, due: &Due) -> Result<std::result::Result<lettre::Message, String>> {
        Writer::compose(self, due)
    }
}

/// The `Auto-Submitted: auto-generated` header (RFC 3834): tells mail systems not to answer
/// with vacation or out-of-office replies.
#[derive(Clone)]
struct AutoSubmitted;

impl Header for AutoSubmitted {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Auto-Submitted")
    }

    fn parse(_: &str) -> std::result::Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(AutoSubmitted)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "auto-generated".into())
    }
}

/// One email: text and HTML alternatives and the letter as a PDF attachment. `Err` says why the
/// address cannot be written to (it is recorded as the message's failure).
#[allow(clippy::too_many_arguments)]
pub(crate) fn compose(
    settings: &Email,
    name: &str,
    address: &str,
    message_id: &str,
    text: &EmailText,
    pdf: Vec<u8>,
    file_name: &str,
    date: SystemTime,
) -> std::result::Result<lettre::Message, String> {
    let address = super::address(address)?;
    let mut builder = lettre::Message::builder()
        .from(settings.from.clone())
        .to(Mailbox::new(Some(name.to_string()), address))
        .subject(text.subject.clone())
        .message_id(Some(message_id.to_string()))
        .date(date)
        .header(AutoSubmitted);
    if let Some(reply_to) = &settings.reply_to {
        builder = builder.reply_to(reply_to.clone());
    }
    let pdf_type = ContentType::parse("application/pdf").expect("a valid content type");
    builder
        .multipart(
            MultiPart::mixed()
                .multipart(MultiPart::alternative_plain_html(
                    text.text.clone(),
                    text.html.clone(),
                ))
                .singlepart(Attachment::new(file_name.to_string()).body(pdf, pdf_type)),
        )
        .map_err(|e| t!("send-unwritable", problem = e.to_string()))
}

/// `--dry-run`: `messages/email/<invitation_id>.eml` for each message a run would send now,
/// exactly as it would go out. The ledger is only read.
fn dry_run(
    writer: &Writer,
    ledger: &Ledger,
    out: &Path,
    limit: Option<usize>,
) -> Result<SendReport> {
    let dir = out.join("messages").join("email");
    if dir.exists() {
        std::fs::remove_dir_all(&dir).map_err(|e| Error::io("clear", &dir, e))?;
    }
    output::ensure_dir(&dir)?;
    let domain = writer.settings.from.email.domain();
    let pending = outbox::pending(ledger, &writer.config.campaign.id, domain, limit)?;
    let mut progress = Progress::new("send --dry-run", "progress-emails", pending.len() as u64);
    let mut report = SendReport {
        preview_dir: Some(dir.clone()),
        ..SendReport::default()
    };
    for due in &pending {
        match writer.compose(due)? {
            Ok(message) => {
                let path = dir.join(format!("{}.eml", due.invited.invitation_id));
                output::write_private(&path, &message.formatted())?;
                report.previews += 1;
            }
            Err(problem) => report.failed(Writer::who(due), &problem),
        }
        progress.add(1);
    }
    progress.finish();
    Ok(report)
}

/// `messages/email-failed.csv`: every message that failed for good or waits for a retry, with
/// the server's words. Replaced whole each run.
fn write_failures(outbox: &Outbox, out: &Path) -> Result<PathBuf> {
    let dir = out.join("messages");
    output::ensure_dir(&dir)?;
    let target = dir.join("email-failed.csv");
    let mut csv = output::CsvFile::create_with_xlsx(
        &target,
        &[
            "invitation_id",
            "name",
            "email",
            "state",
            "attempts",
            "reply",
            "last_attempt",
            "next_attempt",
        ],
    )?;
    outbox.failures(|f| {
        csv.row([
            f.invitation_id.as_str(),
            &f.name,
            &f.address,
            &f.state,
            &f.attempts.to_string(),
            &f.reply,
            &f.at,
            &f.retry_at,
        ])
    })?;
    csv.commit()?;
    Ok(target)
}
