//! What templates receive (`/data.json`): the campaign, each letter, each village batch and each
//! attendance day, with every date and time already written the Indonesian way. The field names
//! are the templates' contract, listed at the top of `assets/templates/*.typ`.

use chrono::{NaiveDate, NaiveTime};
use ed25519_dalek::SigningKey;
use serde::Serialize;

use crate::config::{Config, Office};
use crate::region::{Regions, VillageCode};
use crate::token::{self, Claims};
use crate::validate::nik::Nik;

use super::text;

#[derive(Serialize)]
pub struct Campaign {
    pub id: String,
    pub title: String,
    pub letter_date: String,
    pub election_date: String,
    pub timezone: &'static str,
    pub page: Page,
    pub issuer: Issuer,
}

#[derive(Serialize)]
pub struct Page {
    pub width: f64,
    pub height: f64,
}

/// `c.issuer`: the config's `[issuer]` and the campaign's logo.
#[derive(Serialize)]
pub struct Issuer {
    #[serde(flatten)]
    pub issuer: crate::config::Issuer,
    /// Virtual path of `templates/logo.*` when the campaign has one.
    pub logo: Option<String>,
}

#[derive(Serialize, Clone)]
pub struct OfficeData {
    pub id: String,
    pub name: String,
    pub address: String,
}

impl OfficeData {
    pub fn of(office: Option<&Office>, id: &str) -> OfficeData {
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
pub fn page(paper: &str) -> Page {
    let (width, height) = match paper {
        "f4" => (215.0, 330.0),
        "us-letter" => (215.9, 279.4),
        "us-legal" => (215.9, 355.6),
        _ => (210.0, 297.0),
    };
    Page { width, height }
}

/// The date printed on letters: `[issuer] letter_date`, else the campaign's first day.
pub fn letter_date(config: &Config) -> NaiveDate {
    config
        .issuer
        .as_ref()
        .and_then(|i| i.letter_date)
        .unwrap_or(config.campaign.start)
}

/// One invited person as the ledger holds them, ready to be a letter.
#[derive(Debug, Clone)]
pub struct Invited {
    pub invitation_id: String,
    pub seq: i64,
    pub office_id: String,
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub name: String,
    pub nik: String,
    pub address: String,
    pub rt: String,
    pub rw: String,
    pub dusun: String,
    pub village: VillageCode,
    /// 1 for a first invitation, 2 after one missed appointment, …
    pub attempt: i64,
    /// The missed appointment this invitation follows, if any.
    pub missed: Option<NaiveDate>,
}

#[derive(Serialize)]
pub struct Letter {
    pub no: usize,
    pub invitation_id: String,
    pub number: String,
    pub name: String,
    pub nik: String,
    pub address: String,
    pub rt: String,
    pub rw: String,
    pub dusun: String,
    pub village: String,
    pub kecamatan: String,
    pub kabupaten: String,
    pub office: OfficeData,
    pub day: &'static str,
    pub date: String,
    pub date_iso: String,
    pub time: String,
    pub qr: String,
    pub token: String,
    pub attempt: i64,
    /// "Kedua" for a second invitation; empty for the first.
    pub ordinal: String,
    /// "Senin, 1 Juli 2024": the appointment missed before this one, or empty.
    pub missed: String,
}

/// Everything a letter needs besides the person: names of places, the key, the office table.
pub struct LetterContext<'a> {
    pub config: &'a Config,
    pub key: &'a SigningKey,
    pub letter_number: &'a str,
}

impl LetterContext<'_> {
    /// The letter of `p`, numbered `no` in its batch, with its QR code at `qr_path`. Returns the
    /// token too, for the QR picture.
    pub fn letter(&self, p: &Invited, no: usize, qr_path: String) -> Letter {
        let regions = Regions::get();
        let office = self.config.offices.iter().find(|o| o.id == p.office_id);
        let token = token::sign(
            self.key,
            &Claims {
                campaign: self.config.campaign.id.clone(),
                invitation_id: p.invitation_id.clone(),
                office_id: p.office_id.clone(),
                date: p.date,
                start: p.start,
                end: p.end,
            },
        );
        let nik = Nik::parse(&p.nik)
            .map(|n| n.masked())
            .unwrap_or_else(|_| "*".repeat(16));
        Letter {
            no,
            invitation_id: p.invitation_id.clone(),
            number: crate::dispatch::message::letter_number(self.letter_number, p.seq),
            name: p.name.clone(),
            nik,
            address: p.address.clone(),
            rt: p.rt.clone(),
            rw: p.rw.clone(),
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
            office: OfficeData::of(office, &p.office_id),
            day: text::day_name(p.date),
            date: text::date(p.date),
            date_iso: p.date.to_string(),
            time: text::session(p.start, p.end, self.config.campaign.timezone),
            qr: qr_path,
            token,
            attempt: p.attempt,
            ordinal: text::ordinal(p.attempt),
            missed: p.missed.map(text::day_and_date).unwrap_or_default(),
        }
    }
}

#[derive(Serialize)]
pub struct SessionCount {
    pub day: &'static str,
    pub date: String,
    pub time: String,
    pub office: String,
    pub count: usize,
}

#[derive(Serialize)]
pub struct Village {
    pub code: String,
    pub name: String,
    pub kecamatan: String,
    pub kabupaten: String,
    pub count: usize,
    pub generated: String,
    pub offices: Vec<OfficeData>,
    pub sessions: Vec<SessionCount>,
    /// Filled per document from `PrintBatch::roster`.
    #[serde(skip)]
    pub letters: Vec<RosterLine>,
}

/// A line of the receipt roster.
#[derive(Serialize)]
pub struct RosterLine {
    pub no: usize,
    pub invitation_id: String,
    pub name: String,
    pub rt: String,
    pub rw: String,
    pub dusun: String,
    pub address: String,
}

impl RosterLine {
    pub fn of(p: &Invited, no: usize) -> RosterLine {
        RosterLine {
            no,
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
pub struct PrintBatch<'a> {
    pub title: String,
    pub campaign: &'a Campaign,
    pub village: &'a Village,
    pub cover: bool,
    pub roster: &'a [RosterLine],
    pub letters: &'a [Letter],
}

#[derive(Serialize)]
pub struct LetterDoc<'a> {
    pub title: String,
    pub campaign: &'a Campaign,
    pub letters: &'a [Letter],
}

#[derive(Serialize)]
pub struct Attendee {
    pub no: usize,
    pub name: String,
    pub village: String,
    pub rt: String,
    pub rw: String,
    pub invitation_id: String,
}

#[derive(Serialize)]
pub struct SessionSheet {
    pub time: String,
    pub capacity: u32,
    pub people: Vec<Attendee>,
}

#[derive(Serialize)]
pub struct Day {
    pub office: OfficeData,
    pub day: &'static str,
    pub date: String,
    pub count: usize,
    pub sessions: Vec<SessionSheet>,
}

#[derive(Serialize)]
pub struct AttendanceDoc<'a> {
    pub title: String,
    pub campaign: &'a Campaign,
    pub day: Day,
}

pub fn campaign(config: &Config, logo: Option<String>) -> Campaign {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f4_is_folio() {
        let p = page("f4");
        assert_eq!((p.width, p.height), (215.0, 330.0));
    }
}
