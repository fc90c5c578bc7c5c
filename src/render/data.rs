//! What templates receive (`/data.json`): the campaign, each letter, each village batch and each
//! attendance day, with every date and time already written the Indonesian way. The field names
//! are the templates' contract, listed at the top of `assets/templates/*.typ`.

use chrono::{Datelike as _, NaiveDate};
use ed25519_dalek::SigningKey;
use serde::Serialize;

use crate::config::{Config, Office};
use crate::ledger::{Invited, LetterKind, Printed, VoidReason, Voided};
use crate::region::Regions;
use crate::token::{self, Claims};

use crate::text;

#[derive(Serialize)]
pub(crate) struct Campaign {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) letter_date: String,
    pub(crate) election_date: String,
    pub(crate) timezone: &'static str,
    pub(crate) page: Page,
    pub(crate) issuer: Issuer,
}

#[derive(Serialize)]
pub(crate) struct Page {
    pub(crate) width: f64,
    pub(crate) height: f64,
}

/// `c.issuer`: the config's `[issuer]` and the campaign's logo.
#[derive(Serialize)]
pub(crate) struct Issuer {
    #[serde(flatten)]
    pub(crate) issuer: crate::config::Issuer,
    /// Virtual path of `templates/logo.*` when the campaign has one.
    pub(crate) logo: Option<String>,
}

#[derive(Serialize, Clone)]
pub(crate) struct OfficeData {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) address: String,
}

impl OfficeData {
    pub(crate) fn of(office: Option<&Office>, id: &str) -> OfficeData {
        match office {
            Some(o) => OfficeData {
                id: o.id.clone(),
                name: o.name.clone(),
                address: o.address.clone(),
            },
            // An appointment whose office left the config (kept by plan, reported there).
            None => OfficeData {
                id: id.to_string(),
                name: id.to_string(),
                address: String::new(),
            },
        }
    }
}

/// Paper sizes in millimetres. F4 (215 × 330 mm) is the folio most Indonesian offices print on.
pub(crate) fn page(paper: &str) -> Page {
    let (width, height) = match paper {
        "f4" => (215.0, 330.0),
        "us-letter" => (215.9, 279.4),
        "us-legal" => (215.9, 355.6),
        _ => (210.0, 297.0),
    };
    Page { width, height }
}

/// The date templates see as `c.letter_date` and `datetime.today()`: `[issuer] letter_date`, else
/// the campaign's first day. Letters print their own (`l.letter_date`).
pub(crate) fn letter_date(config: &Config) -> NaiveDate {
    config
        .issuer
        .as_ref()
        .and_then(|i| i.letter_date)
        .unwrap_or(config.campaign.start)
}

#[derive(Serialize)]
pub(crate) struct Letter {
    pub(crate) no: usize,
    pub(crate) invitation_id: String,
    pub(crate) number: String,
    pub(crate) name: String,
    pub(crate) nik: String,
    pub(crate) address: String,
    pub(crate) rt: String,
    pub(crate) rw: String,
    /// The address with its RT and RW, once: `JL. MERPATI NO. 3, RT 001 / RW 002`, or the address as
    /// it is when it already names them.
    pub(crate) address_line: String,
    pub(crate) dusun: String,
    pub(crate) village: String,
    pub(crate) kecamatan: String,
    pub(crate) kabupaten: String,
    pub(crate) office: OfficeData,
    pub(crate) day: &'static str,
    pub(crate) date: String,
    pub(crate) date_iso: String,
    pub(crate) time: String,
    pub(crate) qr: String,
    pub(crate) token: String,
    pub(crate) attempt: i64,
    /// "Kedua" for a second invitation; empty for the first.
    pub(crate) ordinal: String,
    /// "Senin, 1 Juli 2024": the appointment missed before this one, or empty.
    pub(crate) missed: String,
    /// The day the letter was issued (its print round's): "2 Juli 2024".
    pub(crate) letter_date: String,
    /// "baru", "pengganti" (replaces a letter printed before) or "kedua" (after a missed day).
    pub(crate) kind: &'static str,
    /// For a letter that moves an appointment: the old day ("Senin, 1 Juli 2024") and place.
    pub(crate) replaces: String,
    pub(crate) replaces_place: String,
    /// A replacement's predecessor as printed: its number and date ("" when not known).
    pub(crate) replaces_number: String,
    pub(crate) replaces_date: String,
    /// What the letter promises one who cannot come: "hari" (the office's next service day: it
    /// works on weekdays), "tanggal" (its later dates, in `later_days`) or "dinas" (it has no
    /// later day: ask the Dinas).
    pub(crate) later: &'static str,
    pub(crate) later_days: String,
    /// "hari Minggu" or "hari libur" when the session is on a day the office works on purpose.
    pub(crate) special_day: String,
    /// In a print batch, the PDF of the parts its group's letters share (`forms`), to place
    /// rather than lay out; none for a letter laid out in full.
    pub(crate) form: Option<String>,
}

/// `s`: what the letters of one office and letter date share, and all the template's shared
/// parts see (`shared` in templates/invitation.typ): the office, the letters' date and what they
/// promise one who cannot come. Nothing of a person, nor the day: a village's letters spread over
/// many sessions, and each group's form is written into every batch part that places it.
#[derive(Serialize)]
pub(crate) struct LetterGroup<'a> {
    office: &'a OfficeData,
    letter_date: &'a str,
    later: &'a str,
    later_days: &'a str,
}

impl Letter {
    pub(crate) fn group(&self) -> LetterGroup<'_> {
        LetterGroup {
            office: &self.office,
            letter_date: &self.letter_date,
            later: self.later,
            later_days: &self.later_days,
        }
    }
}

/// The word templates receive for a letter's kind.
pub(crate) fn kind_word(kind: LetterKind) -> &'static str {
    match kind {
        LetterKind::New => "baru",
        LetterKind::Replacement => "pengganti",
        LetterKind::Second => "kedua",
    }
}

/// Everything a letter needs besides the person: names of places, the key, the office table.
pub(crate) struct LetterContext<'a> {
    pub(crate) config: &'a Config,
    pub(crate) key: &'a SigningKey,
    pub(crate) letter_number: &'a str,
    pub(crate) holidays: &'a std::collections::BTreeSet<NaiveDate>,
}

impl LetterContext<'_> {
    /// The printed letter `printed`, numbered `no` in its batch, with its QR code at `qr_path`.
    pub(crate) fn letter(&self, printed: &Printed, no: usize, qr_path: String) -> Letter {
        let p = &printed.invited;
        let regions = Regions::get();
        let office = self
            .config
            .offices
            .iter()
            .find(|o| o.id == p.appointment.office_id);
        let token = token::sign(
            self.key,
            &Claims {
                campaign: token::Campaign::of(&self.config.campaign.id),
                invitation_id: p.invitation_id.clone(),
                appointment: p.appointment.clone(),
            },
        );
        let nik = crate::validate::nik::masked_text(&p.nik);
        let later = self.later_days(office, p.appointment.date);
        Letter {
            no,
            invitation_id: p.invitation_id.clone(),
            number: text::letter_number(self.letter_number, p.seq),
            name: p.name.clone(),
            nik,
            address: p.address.clone(),
            rt: p.rt.clone(),
            rw: p.rw.clone(),
            address_line: address_line(&p.address, &p.rt, &p.rw),
            dusun: p.dusun.clone(),
            village: regions.village_name(p.village).unwrap_or("").to_string(),
            kecamatan: regions
                .kecamatan_name(p.village.kecamatan())
                .unwrap_or("")
                .to_string(),
            kabupaten: regions
                .kabupaten_name(p.village.kabupaten())
                .unwrap_or("")
                .to_string(),
            office: OfficeData::of(office, &p.appointment.office_id),
            day: text::day_name(p.appointment.date),
            date: text::date(p.appointment.date),
            date_iso: p.appointment.date.to_string(),
            time: text::session(
                p.appointment.start,
                p.appointment.end,
                self.config.campaign.timezone,
            ),
            qr: qr_path,
            token,
            attempt: p.attempt,
            ordinal: text::ordinal(p.attempt),
            missed: p.missed.map(text::day_and_date).unwrap_or_default(),
            letter_date: text::date(printed.letter_date),
            kind: kind_word(printed.kind),
            replaces: printed
                .replaces
                .as_ref()
                .map(|a| text::day_and_date(a.date))
                .unwrap_or_default(),
            replaces_place: printed
                .replaces
                .as_ref()
                .map(|a| self.office_name(&a.office_id))
                .unwrap_or_default(),
            replaces_number: printed
                .replaced_letter
                .map(|(seq, _)| text::letter_number(self.letter_number, seq))
                .unwrap_or_default(),
            replaces_date: printed
                .replaced_letter
                .map(|(_, day)| text::date(day))
                .unwrap_or_default(),
            later: later.0,
            later_days: later.1,
            special_day: if self.holidays.contains(&p.appointment.date) {
                "hari libur".into()
            } else if p.appointment.date.weekday() == chrono::Weekday::Sun {
                "hari Minggu".into()
            } else {
                String::new()
            },
            form: None,
        }
    }

    /// What a letter may promise one who cannot come on `day`: an office working on weekdays has
    /// a next service day; one with dates only (a team's visits) has its later dates, or none.
    fn later_days(
        &self,
        office: Option<&crate::config::Office>,
        day: NaiveDate,
    ) -> (&'static str, String) {
        let Some(office) = office else {
            return ("dinas", String::new());
        };
        if !office.weekdays.is_empty() {
            return ("hari", String::new());
        }
        let later: Vec<String> = office
            .dates
            .iter()
            .filter(|d| **d > day && **d <= self.config.campaign.end)
            .map(|d| text::day_and_date(*d))
            .collect();
        if later.is_empty() {
            ("dinas", String::new())
        } else {
            ("tanggal", later.join("; "))
        }
    }

    fn office_name(&self, id: &str) -> String {
        let office = self.config.offices.iter().find(|o| o.id == id);
        OfficeData::of(office, id).name
    }
}

/// A round's cover: what the batch holds.
#[derive(Serialize)]
pub(crate) struct RoundCover {
    pub(crate) number: i64,
    pub(crate) new: usize,
    pub(crate) replacement: usize,
    pub(crate) second: usize,
    pub(crate) void: usize,
}

/// A line of a round's list of void letters.
#[derive(Serialize)]
pub(crate) struct VoidLine {
    pub(crate) no: usize,
    pub(crate) invitation_id: String,
    pub(crate) name: String,
    pub(crate) nik: String,
    pub(crate) rt: String,
    pub(crate) rw: String,
    pub(crate) dusun: String,
    /// The day the void letter invited to.
    pub(crate) date: String,
    /// The void letter's number and date, as printed on it.
    pub(crate) number: String,
    pub(crate) letter_date: String,
    /// Why it is void, in words for the village office.
    pub(crate) reason: String,
}

impl VoidLine {
    /// A void letter's line; `pattern` is the campaign's letter number (`[issuer] letter_number`).
    pub(crate) fn of(v: &Voided, no: usize, pattern: &str) -> VoidLine {
        let p = &v.printed.invited;
        let regions = crate::region::Regions::get();
        VoidLine {
            number: text::letter_number(pattern, p.seq),
            letter_date: text::date(v.printed.letter_date),
            no,
            invitation_id: p.invitation_id.clone(),
            name: p.name.clone(),
            nik: crate::validate::nik::masked_text(&p.nik),
            rt: p.rt.clone(),
            rw: p.rw.clone(),
            dusun: p.dusun.clone(),
            date: text::date(p.appointment.date),
            reason: match (v.reason, &v.moved_to) {
                (VoidReason::Replaced, Some((village, office))) => format!(
                    "pindah: diganti surat baru untuk Desa/Kel. {}, Kec. {} (kantor {office}), \
                     dikirim ke desa itu",
                    regions.village_name(*village).unwrap_or("?"),
                    regions.kecamatan_name(village.kecamatan()).unwrap_or("?"),
                ),
                (VoidReason::Replaced, None) => "diganti surat baru dalam berkas ini".into(),
                (VoidReason::Recorded, _) => "sudah merekam KTP-el".into(),
                (VoidReason::Left, _) => "tidak ada lagi dalam daftar".into(),
                (VoidReason::Cancelled, _) => "undangan dibatalkan".into(),
            },
        }
    }
}

#[derive(Serialize)]
pub(crate) struct SessionCount {
    pub(crate) day: &'static str,
    pub(crate) date: String,
    pub(crate) time: String,
    pub(crate) office: String,
    pub(crate) count: usize,
}

#[derive(Serialize)]
pub(crate) struct Village {
    pub(crate) code: String,
    pub(crate) name: String,
    pub(crate) kecamatan: String,
    pub(crate) kabupaten: String,
    pub(crate) count: usize,
    pub(crate) generated: String,
    pub(crate) offices: Vec<OfficeData>,
    pub(crate) sessions: Vec<SessionCount>,
    /// For a round's batch: what it holds; `none` for the full set.
    pub(crate) round: Option<RoundCover>,
    /// A school's batch (spec §11): the school's NPSN (`code` and `name` are the school's), and
    /// on its cover what the principal's letter says; `none` for a village's.
    pub(crate) npsn: Option<String>,
    pub(crate) school: Option<super::school::SchoolData>,
}

/// A line of the receipt roster. Lines come in groups of one RT (and RW, dusun), numbered within
/// their group: the village office can hand each RT head their part, and a newcomer renumbers
/// only their own RT's lines.
#[derive(Serialize, Debug)]
pub(crate) struct RosterLine {
    pub(crate) no: usize,
    /// The group's heading, `RT 001 · RW 002 · Dusun KULON`, and whether this line opens it.
    pub(crate) group: String,
    pub(crate) first: bool,
    pub(crate) invitation_id: String,
    pub(crate) name: String,
    pub(crate) rt: String,
    pub(crate) rw: String,
    pub(crate) dusun: String,
    pub(crate) address: String,
}

impl RosterLine {
    /// The roster of `people` (in delivery order), numbered within each RT.
    pub(crate) fn all<'a>(people: impl Iterator<Item = &'a Invited>) -> Vec<RosterLine> {
        let mut lines: Vec<RosterLine> = Vec::new();
        for p in people {
            let group = [("RT", &p.rt), ("RW", &p.rw), ("Dusun", &p.dusun)]
                .iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| format!("{k} {v}"))
                .collect::<Vec<_>>()
                .join(" · ");
            let no = match lines.last() {
                Some(last) if last.group == group => last.no + 1,
                _ => 1,
            };
            lines.push(RosterLine::of(p, no, group));
        }
        lines
    }

    /// The roster of a school's `people` (by class, then name), numbered within each class: one
    /// receipt list per class, for its class teacher.
    pub(crate) fn by_class(people: &[Printed]) -> Vec<RosterLine> {
        let mut lines: Vec<RosterLine> = Vec::new();
        for p in people {
            let group = format!("Kelas {}", if p.class.is_empty() { "–" } else { &p.class });
            let no = match lines.last() {
                Some(last) if last.group == group => last.no + 1,
                _ => 1,
            };
            let mut line = RosterLine::of(&p.invited, no, group);
            line.first = no == 1;
            lines.push(line);
        }
        lines
    }

    fn of(p: &Invited, no: usize, group: String) -> RosterLine {
        RosterLine {
            no,
            // A list without RT, RW or dusun has one group and no heading.
            first: no == 1 && !group.is_empty(),
            group,
            invitation_id: p.invitation_id.clone(),
            name: p.name.clone(),
            rt: p.rt.clone(),
            rw: p.rw.clone(),
            dusun: p.dusun.clone(),
            address: p.address.clone(),
        }
    }
}

/// One part of a village's print batch: the cover (on the first part), some letters, and roster
/// lines (on the last parts).
#[derive(Serialize)]
pub(crate) struct PrintBatch<'a> {
    pub(crate) title: String,
    pub(crate) campaign: &'a Campaign,
    pub(crate) village: &'a Village,
    pub(crate) cover: bool,
    pub(crate) roster: &'a [RosterLine],
    pub(crate) letters: &'a [Letter],
    /// A round's void letters (on the first part, after the cover).
    pub(crate) void: &'a [VoidLine],
}

#[derive(Serialize)]
pub(crate) struct LetterDoc<'a> {
    pub(crate) title: String,
    pub(crate) campaign: &'a Campaign,
    pub(crate) letters: &'a [Letter],
}

#[derive(Serialize)]
pub(crate) struct Attendee {
    pub(crate) no: usize,
    pub(crate) name: String,
    pub(crate) village: String,
    pub(crate) rt: String,
    pub(crate) rw: String,
    pub(crate) invitation_id: String,
}

#[derive(Serialize)]
pub(crate) struct SessionSheet {
    pub(crate) time: String,
    pub(crate) capacity: u32,
    pub(crate) people: Vec<Attendee>,
}

#[derive(Serialize)]
pub(crate) struct Day {
    pub(crate) office: OfficeData,
    pub(crate) day: &'static str,
    pub(crate) date: String,
    pub(crate) count: usize,
    pub(crate) sessions: Vec<SessionSheet>,
}

#[derive(Serialize)]
pub(crate) struct AttendanceDoc<'a> {
    pub(crate) title: String,
    pub(crate) campaign: &'a Campaign,
    pub(crate) day: Day,
}

pub(crate) fn campaign(config: &Config, logo: Option<String>) -> Campaign {
    let issuer = config
        .issuer
        .as_ref()
        .expect("render checks [issuer] first");
    Campaign {
        id: config.campaign.id.clone(),
        title: config.campaign.title.clone(),
        letter_date: text::date(letter_date(config)),
        election_date: text::date(config.campaign.election_date),
        timezone: config.campaign.timezone.label(),
        page: page(&config.output.paper),
        issuer: Issuer {
            issuer: issuer.clone(),
            logo,
        },
    }
}

/// The address with RT and RW, unless the address already names them (`… RT 01 RW 02`,
/// `RT.001/RW.002`): a list's ALAMAT often does, and the letter must not say it twice.
fn address_line(address: &str, rt: &str, rw: &str) -> String {
    let upper = address.to_uppercase();
    let names = |word: &str| {
        upper.match_indices(word).any(|(at, _)| {
            let before = upper[..at].chars().next_back();
            let after = upper[at + word.len()..].chars().next();
            !before.is_some_and(char::is_alphabetic) && !after.is_some_and(char::is_alphabetic)
        })
    };
    if names("RT") && names("RW") {
        address.to_string()
    } else if address.is_empty() {
        format!("RT {rt} / RW {rw}")
    } else {
        format!("{address}, RT {rt} / RW {rw}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f4_is_folio() {
        let p = page("f4");
        assert_eq!((p.width, p.height), (215.0, 330.0));
    }

    #[test]
    fn rt_and_rw_are_said_once() {
        let line = super::address_line;
        assert_eq!(
            line("JL. MERPATI NO. 3", "001", "002"),
            "JL. MERPATI NO. 3, RT 001 / RW 002"
        );
        assert_eq!(line("", "001", "002"), "RT 001 / RW 002");
        assert_eq!(
            line("DUKUH KRAJAN RT 01 RW 02", "001", "002"),
            "DUKUH KRAJAN RT 01 RW 02"
        );
        assert_eq!(
            line("Jl. Mawar RT.001/RW.002", "001", "002"),
            "Jl. Mawar RT.001/RW.002"
        );
        // "RT" inside a word is not an RT.
        assert_eq!(
            line("PERTIWI 3", "004", "005"),
            "PERTIWI 3, RT 004 / RW 005"
        );
    }
}
