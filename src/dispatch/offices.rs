//! `papila send offices`: each village office gets its batch of each print round (letters and void
//! list) by email, and each recording office the attendance sheets of the days a round changed —
//! once per round and office, through the ledger's office outbox and the same sending loop as
//! personal email (`email::Dispatcher`). A batch larger than `[email] attachment_limit_mb` goes in
//! parts that say "bagian 1 dari 3". The addresses come from the contacts file
//! (`[email] contacts`); a village or office without one is listed, never skipped silently.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use chrono::Utc;

use super::contacts::Contacts;
use super::office_mail::{OfficeWriter, groups, names};
use super::sending::{Dispatcher, Mailer, Options, SendReport, connect_lock};
use super::smtp::Relay;
use crate::config::{Config, Email};
use crate::error::{Error, Result};
use crate::ledger::Ledger;
use crate::ledger::offices::{OfficeMail, Recipient};
use crate::ledger::outbox::State;
use crate::output;
use crate::render::round_path;

/// What one recipient gets of one round.
pub(super) struct Parcel {
    pub(super) round: i64,
    pub(super) recipient: Recipient,
    pub(super) files: Vec<PathBuf>,
}

/// What a `send offices` run did.
#[derive(Debug, Default)]
pub(crate) struct OfficesReport {
    pub(crate) send: SendReport,
    /// Villages and offices a round has files for and the contacts file has no email for.
    pub(crate) no_contact: Vec<String>,
    /// Of those, the ones with a WhatsApp number: one row each in `messages/kantor-whatsapp.csv`.
    pub(crate) by_whatsapp: usize,
    /// Where that file was written, when there was one to write.
    pub(crate) whatsapp_file: Option<PathBuf>,
    /// Rounds found, and emails queued for the first time in this run.
    pub(crate) rounds: usize,
    pub(crate) queued: usize,
}

/// Sends every round's files not sent yet to the offices they are for.
pub(crate) fn send(config: &Config, out: &Path, options: Options) -> Result<OfficesReport> {
    let settings = settings(config)?;
    let contacts_path = settings.contacts.as_ref().ok_or_else(|| Error::NeedsSetting {
        file: config.path.clone(),
        section: "email",
        why: t!("why-contacts-offices"),
        example: "[email]\n# …\ncontacts = \"kontak-desa.csv\"   # code,email,whatsapp\nattachment_limit_mb = 15"
                .into(),
    })?;
    let contacts = Contacts::load(contacts_path, config)?;
    let ledger = Ledger::open_planned(config)?;
    let _lock = if options.dry_run {
        None
    } else {
        Some(connect_lock(&ledger, "send offices")?)
    };
    let mut report = OfficesReport::default();
    let mut by_hand = Vec::new();
    let parcels = parcels(config, &ledger, out, &contacts, &mut report, &mut by_hand)?;
    if !by_hand.is_empty() {
        report.by_whatsapp = by_hand.len();
        report.whatsapp_file = Some(write_whatsapp(out, &by_hand)?);
    }
    let writer = OfficeWriter {
        config,
        settings,
        ledger: &ledger,
        out,
        names: names(config),
    };
    if options.dry_run {
        dry_run(
            &writer,
            &ledger,
            &parcels,
            &contacts,
            out,
            options.limit,
            &mut report,
        )?;
        return Ok(report);
    }
    let relay = Relay::new(settings, &config.path)?;
    let outbox = ledger.office_outbox(ledger.begin_run("send offices")?);
    report.send.relay = relay.describe();
    report.send.settled = outbox.settle(Utc::now())?;
    for parcel in &parcels {
        let address = contacts
            .get(&parcel.recipient)
            .and_then(|c| c.email.clone())
            .expect("parcels are made for recipients with an address");
        let parts = parts_of(&parcel.files, settings.attachment_limit)?;
        let id = |part: u32| writer.message_id(parcel, part);
        if outbox.queue_office(
            parcel.round,
            &parcel.recipient,
            parts,
            &address,
            id,
            Utc::now(),
        )? {
            report.queued += parts as usize;
        }
    }
    let due_now = outbox.office_count_due(Utc::now())?;
    let taking = options.limit.map_or(due_now, |l| l.min(due_now));
    report.send.left_by_limit = due_now - taking;
    let dispatcher = Dispatcher::new(writer, settings, &outbox, &relay, options.limit)
        .showing("send offices", taking);
    let result = dispatcher.run(&mut report.send);
    report.send.failed_csv = Some(write_failures(&ledger, out)?);
    report.send.counts = outbox.counts()?;
    result.map(|()| report)
}

fn settings(config: &Config) -> Result<&Email> {
    config.email.as_ref().ok_or_else(|| Error::NeedsSetting {
        file: config.path.clone(),
        section: "email",
        why: t!("why-email-offices"),
        example: "[email]\nfrom = \"Disdukcapil Cilacap <noreply@example.go.id>\"\nsmtp_host = \"smtp.example.go.id\"\ncontacts = \"kontak-desa.csv\""
                .into(),
    })
}

/// Every round's parcels for recipients with an email address; the others are listed.
/// A round's files for an office reached by WhatsApp only: who, the number, what to attach.
struct ByHand {
    round: i64,
    name: String,
    whatsapp: String,
    files: Vec<PathBuf>,
}

/// `messages/kantor-whatsapp.csv` (and `.xlsx`): for each office with only a WhatsApp number, its
/// round's files, the message prepared, and a `wa.me` link that opens it — staff attach the files.
fn write_whatsapp(out: &Path, by_hand: &[ByHand]) -> Result<PathBuf> {
    let dir = out.join("messages");
    crate::output::ensure_dir(&dir)?;
    let path = dir.join("kantor-whatsapp.csv");
    let mut csv = crate::output::CsvFile::create_with_xlsx(
        &path,
        &[
            "round",
            "recipient",
            "whatsapp",
            "files",
            "text",
            "whatsapp_url",
        ],
    )?;
    for b in by_hand {
        let files: Vec<String> = b
            .files
            .iter()
            .map(|f| f.strip_prefix(out).unwrap_or(f).display().to_string())
            .collect();
        let text = format!(
            "Yth. {}, berkas gelombang {} surat undangan perekaman KTP-el kami kirim bersama pesan \
             ini ({}). Mohon surat diserahkan kepada yang bersangkutan, dan surat dalam daftar \
             \"tidak berlaku lagi\" ditarik dari penerimanya. Terima kasih.",
            b.name,
            b.round,
            files.join(", ")
        );
        // Written 62…, as sms.csv does: a leading + would be a formula to a spreadsheet.
        let phone = crate::validate::phone::normalize(&b.whatsapp)
            .unwrap_or_else(|_| b.whatsapp.clone())
            .trim_start_matches('+')
            .to_string();
        csv.row([
            b.round.to_string(),
            b.name.clone(),
            phone.clone(),
            files.join("; "),
            text.clone(),
            super::sms::whatsapp_url(&phone, &text),
        ])?;
    }
    csv.commit()?;
    Ok(path)
}

fn parcels(
    config: &Config,
    ledger: &Ledger,
    out: &Path,
    contacts: &Contacts,
    report: &mut OfficesReport,
    by_hand: &mut Vec<ByHand>,
) -> Result<Vec<Parcel>> {
    let names = names(config);
    let mut parcels = Vec::new();
    let mut missing = Vec::new();
    let rounds = ledger.rounds()?;
    report.rounds = rounds.len();
    for round in rounds {
        let mut wanted: Vec<Parcel> = Vec::new();
        // Each village's and school's batch of the round (a school's: the principal's letter,
        // its students' letters and receipt lists per class).
        for point in ledger.round_points(round.round)? {
            let file = out.join(round_path(config, round.round, &point));
            if !file.is_file() {
                missing.push(file.display().to_string());
            }
            wanted.push(Parcel {
                round: round.round,
                recipient: Recipient::of_point(point),
                files: vec![file],
            });
        }
        let mut days: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
        for (office, date) in ledger.round_office_days(round.round)? {
            let file = out.join(crate::render::attendance_path(&office, date));
            // A day left with nobody booked has no sheet any more.
            if file.is_file() {
                days.entry(office).or_default().push(file);
            }
        }
        for (office, files) in days {
            wanted.push(Parcel {
                round: round.round,
                recipient: Recipient::Office(office),
                files,
            });
        }
        for parcel in wanted {
            match contacts
                .get(&parcel.recipient)
                .and_then(|c| c.email.as_ref())
            {
                Some(_) => parcels.push(parcel),
                None => {
                    let mut name = names.of(&parcel.recipient);
                    match contacts
                        .get(&parcel.recipient)
                        .and_then(|c| c.whatsapp.as_ref())
                    {
                        Some(wa) => {
                            by_hand.push(ByHand {
                                round: parcel.round,
                                name: name.clone(),
                                whatsapp: wa.clone(),
                                files: parcel.files.clone(),
                            });
                            name.push_str(&t!("send-whatsapp-only", whatsapp = wa));
                        }
                        None => name.push_str(&t!("send-by-hand")),
                    }
                    if !report.no_contact.contains(&name) {
                        report.no_contact.push(name);
                    }
                }
            }
        }
    }
    if let Some(first) = missing.first() {
        return Err(Error::Blocked {
            message: t!(
                "send-round-files-missing",
                count = missing.len(),
                first = first
            ),
            hint: t!("send-round-files-missing-hint"),
        });
    }
    Ok(parcels)
}

/// How many emails `files` need so that none carries more than `limit` bytes of attachments.
fn parts_of(files: &[PathBuf], limit: u64) -> Result<u32> {
    let sizes = files
        .iter()
        .map(|f| {
            std::fs::metadata(f)
                .map(|m| m.len())
                .map_err(|e| Error::io("read", f, e))
        })
        .collect::<Result<Vec<u64>>>()?;
    Ok(if files.len() == 1 {
        cut_to_fit(&files[0], sizes[0], limit)?
    } else {
        groups(&sizes, limit).len().max(1) as u32
    })
}

/// How many parts of pages one batch of `size` bytes is cut into so that each fits under `limit`:
/// a first guess with a margin for what every part repeats (fonts, a letter's shared forms), then
/// one more part at a time until every part fits, or each is one page.
fn cut_to_fit(file: &Path, size: u64, limit: u64) -> Result<u32> {
    let budget = limit - limit / 5;
    let mut parts = size.div_ceil(budget.max(1)).max(1) as usize;
    if parts == 1 {
        return Ok(1);
    }
    let bytes = std::fs::read(file).map_err(|e| Error::io("read", file, e))?;
    loop {
        let pieces = crate::render::split_pdf(&bytes, parts)
            .map_err(|e| Error::io("cut into parts", file, e))?;
        if pieces.len() < parts || pieces.iter().all(|p| p.len() as u64 <= limit) {
            return Ok(pieces.len() as u32);
        }
        parts += 1;
    }
}

/// `--dry-run`: `messages/offices/<round>-<recipient>-<part>.eml` for each email a run would
/// send now. The ledger is only read.
fn dry_run(
    writer: &OfficeWriter,
    ledger: &Ledger,
    parcels: &[Parcel],
    contacts: &Contacts,
    out: &Path,
    limit: Option<usize>,
    report: &mut OfficesReport,
) -> Result<()> {
    let dir = out.join("messages").join("offices");
    if dir.exists() {
        std::fs::remove_dir_all(&dir).map_err(|e| Error::io("clear", &dir, e))?;
    }
    output::ensure_dir(&dir)?;
    let done: HashSet<(i64, String, u32)> = ledger
        .office_mail()?
        .into_iter()
        .filter(|m| !matches!(m.state, Some(State::Queued | State::FailedTransient)))
        .map(|m| (m.round, format!("{:?}", m.recipient), m.part))
        .collect();
    for parcel in parcels {
        let parts = parts_of(&parcel.files, writer.settings.attachment_limit)?;
        for part in 1..=parts {
            if limit.is_some_and(|l| report.send.previews >= l)
                || done.contains(&(parcel.round, format!("{:?}", parcel.recipient), part))
            {
                continue;
            }
            let mail = OfficeMail {
                id: 0,
                round: parcel.round,
                recipient: parcel.recipient.clone(),
                part,
                parts,
                address: contacts
                    .get(&parcel.recipient)
                    .and_then(|c| c.email.clone())
                    .unwrap_or_default(),
                message_id: writer.message_id(parcel, part),
                attempts: 0,
                state: None,
                reply: String::new(),
                at: String::new(),
            };
            match writer.compose_at(&mail, SystemTime::now())? {
                Ok(message) => {
                    let code = parcel.recipient.code();
                    let path = dir.join(format!("{:02}-{code}-{part}.eml", parcel.round));
                    output::write_private(&path, &message.formatted())?;
                    report.send.previews += 1;
                }
                Err(problem) => report.send.failures.push((
                    OfficeWriter::who(&mail).0,
                    mail.address.clone(),
                    problem,
                )),
            }
        }
    }
    report.send.preview_dir = Some(dir);
    Ok(())
}

/// `messages/offices-failed.csv`: every office email that failed for good or waits for a retry,
/// with the server's words. Replaced whole each run.
fn write_failures(ledger: &Ledger, out: &Path) -> Result<PathBuf> {
    let dir = out.join("messages");
    output::ensure_dir(&dir)?;
    let target = dir.join("offices-failed.csv");
    let mut csv = output::CsvFile::create_with_xlsx(
        &target,
        &[
            "round",
            "recipient",
            "part",
            "email",
            "state",
            "attempts",
            "reply",
            "last_attempt",
        ],
    )?;
    for m in ledger.office_mail()? {
        let Some(state @ (State::FailedPermanent | State::FailedTransient)) = m.state else {
            continue;
        };
        let recipient = m.recipient.code();
        csv.row([
            m.round.to_string().as_str(),
            &recipient,
            &format!("{} of {}", m.part, m.parts),
            &m.address,
            state.as_str(),
            &m.attempts.to_string(),
            &m.reply,
            &m.at,
        ])?;
    }
    csv.commit()?;
    Ok(target)
}
