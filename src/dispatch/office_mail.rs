//! An email to an office: its subject and text in Bahasa Indonesia (what is attached, what to do),
//! its attachments (a round's village batch, cut into parts by pages, or a recording office's
//! attendance sheets grouped within the size limit), and the sending loop's view of it (`Mailer`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use chrono::{DateTime, Utc};
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};

use super::offices::Parcel;
use super::sending::Mailer;
use crate::config::{Config, Email};
use crate::error::{Error, Result};
use crate::ledger::offices::{OfficeMail, Recipient};
use crate::ledger::outbox::Outbox;
use crate::ledger::{Ledger, LetterKind};
use crate::region::Regions;
use crate::render::{round_path, slug};

/// Files grouped in order so that each group's sizes add up to at most `limit` (a file larger
/// than that is a group of its own).
pub(super) fn groups(sizes: &[u64], limit: u64) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut total = 0;
    for (i, &size) in sizes.iter().enumerate() {
        match groups.last_mut() {
            Some(group) if total + size <= limit => {
                group.push(i);
                total += size;
            }
            _ => {
                groups.push(vec![i]);
                total = size;
            }
        }
    }
    groups
}

/// Names for messages: villages and offices as people call them.
pub(super) struct Names {
    offices: HashMap<String, String>,
    /// School names by NPSN.
    schools: HashMap<String, String>,
}

pub(super) fn names(config: &Config) -> Names {
    Names {
        offices: config
            .offices
            .iter()
            .map(|o| (o.id.clone(), o.name.clone()))
            .collect(),
        schools: config
            .schools
            .iter()
            .map(|s| (s.npsn.clone(), s.name.clone()))
            .collect(),
    }
}

impl Names {
    pub(super) fn of(&self, recipient: &Recipient) -> String {
        match recipient {
            Recipient::Village(code) => {
                let regions = Regions::get();
                format!(
                    "Desa/Kelurahan {} (Kecamatan {}, {code})",
                    regions.village_name(*code).unwrap_or("?"),
                    regions.kecamatan_name(code.kecamatan()).unwrap_or("?")
                )
            }
            Recipient::Office(id) => self.offices.get(id).cloned().unwrap_or_else(|| id.clone()),
            Recipient::School(npsn) => self.schools.get(npsn).map_or_else(
                || format!("NPSN {npsn}"),
                |name| format!("{name} (NPSN {npsn})"),
            ),
        }
    }
}

/// A round's one file for `mail` (a village's batch, a school's document), named for the round,
/// or its part when it goes in several.
fn one_file(
    path: &Path,
    mail: &OfficeMail,
    label: &dyn Fn(u32) -> String,
) -> Result<Vec<(String, Vec<u8>)>> {
    let bytes = std::fs::read(path).map_err(|e| Error::io("read", path, e))?;
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("berkas");
    let name = format!("gelombang-{:02}-{stem}{}.pdf", mail.round, label(mail.part));
    if mail.parts == 1 {
        return Ok(vec![(name, bytes)]);
    }
    let mut pieces = crate::render::split_pdf(&bytes, mail.parts as usize)
        .map_err(|e| Error::io("cut into parts", path, e))?;
    let index = (mail.part as usize - 1).min(pieces.len() - 1);
    Ok(vec![(name, pieces.swap_remove(index))])
}

/// What makes an email to an office.
pub(super) struct OfficeWriter<'a> {
    pub(super) config: &'a Config,
    pub(super) settings: &'a Email,
    pub(super) ledger: &'a Ledger,
    pub(super) out: &'a Path,
    pub(super) names: Names,
}

impl OfficeWriter<'_> {
    pub(super) fn message_id(&self, parcel: &Parcel, part: u32) -> String {
        let code = match &parcel.recipient {
            Recipient::Village(code) => format!("desa-{code}"),
            Recipient::Office(id) => format!("kantor-{}", slug(id)),
            Recipient::School(npsn) => format!("sekolah-{npsn}"),
        };
        format!(
            "<gelombang-{}.{code}.{part}.{}@{}>",
            parcel.round,
            slug(&self.config.campaign.id),
            self.settings.from.email.domain()
        )
    }

    /// The files of `mail`'s part, as (file name, bytes).
    fn attachments(&self, mail: &OfficeMail) -> Result<Vec<(String, Vec<u8>)>> {
        let label = |part: u32| {
            if mail.parts > 1 {
                format!("-bagian-{part}-dari-{}", mail.parts)
            } else {
                String::new()
            }
        };
        match &mail.recipient {
            Recipient::Village(_) | Recipient::School(_) => {
                let point = mail.recipient.point().expect("a village or a school");
                let file = round_path(self.config, mail.round, &point);
                one_file(&self.out.join(file), mail, &label)
            }
            Recipient::Office(office) => {
                let files: Vec<PathBuf> = self
                    .ledger
                    .round_office_days(mail.round)?
                    .into_iter()
                    .filter(|(o, _)| o == office)
                    .map(|(o, d)| self.out.join(crate::render::attendance_path(&o, d)))
                    .filter(|f| f.is_file())
                    .collect();
                let sizes = files
                    .iter()
                    .map(|f| std::fs::metadata(f).map(|m| m.len()).unwrap_or(0))
                    .collect::<Vec<_>>();
                let groups = groups(&sizes, self.settings.attachment_limit);
                let Some(group) = groups.get(mail.part as usize - 1) else {
                    return Ok(Vec::new());
                };
                group
                    .iter()
                    .map(|&i| {
                        let f = &files[i];
                        let bytes = std::fs::read(f).map_err(|e| Error::io("read", f, e))?;
                        let day = f.file_stem().and_then(|s| s.to_str()).unwrap_or("hari");
                        Ok((format!("daftar-hadir-{}-{day}.pdf", slug(office)), bytes))
                    })
                    .collect()
            }
        }
    }

    /// The subject and text of `mail`, in Bahasa Indonesia: what is attached and what to do.
    fn words(&self, mail: &OfficeMail) -> Result<(String, String)> {
        let issuer = self.config.issuer.as_ref();
        let agency = issuer.map(|i| i.agency.clone()).unwrap_or_default();
        let government = issuer.map(|i| i.government.clone()).unwrap_or_default();
        let part = if mail.parts > 1 {
            format!(" (bagian {} dari {})", mail.part, mail.parts)
        } else {
            String::new()
        };
        let name = self.names.of(&mail.recipient);
        let (subject, body) = match &mail.recipient {
            Recipient::Village(_) | Recipient::School(_) => {
                let point = mail.recipient.point().expect("a village or a school");
                let school = matches!(point, crate::ledger::Point::School(_));
                let (letters, void) = self.ledger.round_point(mail.round, &point)?;
                let count = |k: LetterKind| letters.iter().filter(|l| l.kind == k).count();
                let mut held = Vec::new();
                for (n, what) in [
                    (count(LetterKind::New), "surat baru"),
                    (count(LetterKind::Replacement), "surat pengganti"),
                    (count(LetterKind::Second), "undangan kedua"),
                ] {
                    if n > 0 {
                        held.push(format!("{n} {what}"));
                    }
                }
                let nothing_to_hand_out = held.is_empty();
                let void_line = if void.is_empty() {
                    String::new()
                } else {
                    format!(
                        "\n{} surat lama tidak berlaku lagi: daftarnya ada di halaman sesudah \
                         sampul. Mohon surat-surat itu ditarik dari penerimanya.\n",
                        void.len()
                    )
                };
                let (dear, people) = if school {
                    ("Yth. Kepala Sekolah", "siswa")
                } else {
                    ("Yth. Kepala Desa/Lurah", "warga")
                };
                // A school's batch opens with the letter about the team's visit, and its
                // receipt lists go class by class.
                let (opening, hand_out) = if school {
                    (
                        "surat pemberitahuan kunjungan tim perekaman (hari, sesi, dan kelas di \
                         setiap sesi) dan daftar siswa per kelas, lalu ",
                        "setiap surat diserahkan kepada siswanya melalui wali kelas, dan daftar \
                         tanda terima setiap kelas yang sudah ditandatangani",
                    )
                } else {
                    (
                        "",
                        "setiap surat diserahkan kepada yang bersangkutan, dan daftar tanda \
                         terima yang sudah ditandatangani",
                    )
                };
                (
                    format!(
                        "Gelombang {}: surat undangan perekaman KTP-el untuk {name}{part}",
                        mail.round
                    ),
                    if nothing_to_hand_out {
                        // Void letters only: nothing to print and hand out, no roster to sign.
                        format!(
                            "{dear},\n\nGelombang {} tidak memuat surat untuk diserahkan kepada \
                             {people} {name}, dan tidak ada daftar tanda terima.\n{void_line}",
                            mail.round
                        )
                    } else {
                        format!(
                            "{dear},\n\nTerlampir berkas cetak gelombang {}: {opening}surat \
                             undangan perekaman KTP-el untuk {people} {name}: {}.\n{void_line}\n\
                             Mohon berkas dicetak, {hand_out} dikembalikan kepada {agency}.\n",
                            mail.round,
                            held.join(", ")
                        )
                    },
                )
            }
            Recipient::Office(_) => (
                format!(
                    "Gelombang {}: daftar hadir perekaman KTP-el untuk {name}{part}",
                    mail.round
                ),
                format!(
                    "Yth. {name},\n\nTerlampir daftar hadir perekaman KTP-el untuk hari-hari \
                     yang jadwalnya berubah pada gelombang {}. Setiap daftar menggantikan daftar \
                     hadir yang dikirim sebelumnya untuk hari yang sama.\n",
                    mail.round
                ),
            ),
        };
        let parts_note = if mail.parts > 1 {
            format!(
                "\nBerkas ini dikirim dalam {} email karena ukurannya; ini bagian {}. Halaman \
                 bagian-bagiannya berurutan.\n",
                mail.parts, mail.part
            )
        } else {
            String::new()
        };
        Ok((
            subject,
            format!(
                "{body}{parts_note}\nBerkas ini memuat data pribadi: simpan dan serahkan hanya \
                 kepada yang berhak.\n\n{agency}\n{government}\n"
            ),
        ))
    }

    pub(super) fn compose_at(
        &self,
        mail: &OfficeMail,
        date: SystemTime,
    ) -> Result<std::result::Result<lettre::Message, String>> {
        let address = match super::address(&mail.address) {
            Ok(a) => a,
            Err(problem) => return Ok(Err(problem)),
        };
        let attachments = self.attachments(mail)?;
        if attachments.is_empty() {
            return Ok(Err(t!("send-nothing-to-attach")));
        }
        let (subject, body) = self.words(mail)?;
        let mut builder = lettre::Message::builder()
            .from(self.settings.from.clone())
            .to(Mailbox::new(None, address))
            .subject(subject)
            .message_id(Some(mail.message_id.clone()))
            .date(date);
        if let Some(reply_to) = &self.settings.reply_to {
            builder = builder.reply_to(reply_to.clone());
        }
        let pdf = ContentType::parse("application/pdf").expect("a valid content type");
        let mut multipart = MultiPart::mixed().singlepart(SinglePart::plain(body));
        for (name, bytes) in attachments {
            multipart = multipart.singlepart(Attachment::new(name).body(bytes, pdf.clone()));
        }
        Ok(builder
            .multipart(multipart)
            .map_err(|e| t!("send-unwritable", problem = e.to_string())))
    }
}

impl Mailer for OfficeWriter<'_> {
    type Item = OfficeMail;

    fn due(
        &self,
        outbox: &Outbox,
        after: i64,
        now: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<OfficeMail>> {
        outbox.office_due(after, now, limit)
    }

    fn key(mail: &OfficeMail) -> (i64, u32) {
        (mail.id, mail.attempts)
    }

    fn who(mail: &OfficeMail) -> (String, String) {
        let who = match &mail.recipient {
            Recipient::Village(code) => {
                t!(
                    "send-who-village",
                    code = code.to_string(),
                    round = mail.round
                )
            }
            Recipient::Office(id) => t!("send-who-office", id = id, round = mail.round),
            Recipient::School(npsn) => t!("send-who-school", npsn = npsn, round = mail.round),
        };
        (who, mail.address.clone())
    }

    fn compose(&self, mail: &OfficeMail) -> Result<std::result::Result<lettre::Message, String>> {
        self.compose_at(mail, SystemTime::now())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_grouped_in_order_within_the_limit() {
        assert_eq!(groups(&[4, 4, 4], 10), vec![vec![0, 1], vec![2]]);
        assert_eq!(groups(&[12, 1], 10), vec![vec![0], vec![1]]);
        assert_eq!(groups(&[], 10), Vec::<Vec<usize>>::new());
    }
}
