//! What a message template receives for one invited person: the same fields for SMS and email, so
//! a campaign learns one list (`FIELDS`) and the texts agree with the printed letter.

use chrono::NaiveDate;
use serde::Serialize;

use crate::config::Config;
use crate::ledger::Invited;
use crate::region::Regions;
use crate::text;

/// The fields a message template can use, as `{{field}}`.
pub(crate) const FIELDS: [&str; 20] = [
    "name",
    "invitation_id",
    "day",
    "date",
    "date_iso",
    "start",
    "end",
    "time",
    "office",
    "office_address",
    "village",
    "kecamatan",
    "letter_number",
    "campaign",
    "agency",
    "government",
    "election_date",
    "election_date_iso",
    "attempt",
    "missed",
];

/// One person's message data. Dates and times come formatted the Indonesian way; the `_iso` fields
/// are there for the `tanggal`, `hari` and `jam` helpers.
#[derive(Debug, Serialize)]
pub(crate) struct Message {
    pub(crate) name: String,
    pub(crate) invitation_id: String,
    /// "Senin".
    pub(crate) day: String,
    /// "19 Agustus 2024".
    pub(crate) date: String,
    /// "2024-08-19".
    pub(crate) date_iso: String,
    /// "08.00".
    pub(crate) start: String,
    pub(crate) end: String,
    /// "08.00–12.00 WIB".
    pub(crate) time: String,
    pub(crate) office: String,
    pub(crate) office_address: String,
    pub(crate) village: String,
    pub(crate) kecamatan: String,
    /// The letter's number, as printed on it: "400.8/00017/Disdukcapil/2024".
    pub(crate) letter_number: String,
    /// The campaign's title.
    pub(crate) campaign: String,
    pub(crate) agency: String,
    pub(crate) government: String,
    pub(crate) election_date: String,
    pub(crate) election_date_iso: String,
    /// 1 for a first invitation, 2 for a second after a missed appointment, …
    pub(crate) attempt: i64,
    /// "Senin, 1 Juli 2024": the appointment missed before this one, or empty.
    pub(crate) missed: String,
}

impl Message {
    /// The message of one invited person.
    pub(crate) fn of(config: &Config, p: &Invited) -> Message {
        let regions = Regions::get();
        let office = config
            .offices
            .iter()
            .find(|o| o.id == p.appointment.office_id);
        let issuer = config.issuer.as_ref();
        let election = config.campaign.election_date;
        Message {
            name: text::one_line(&p.name),
            invitation_id: p.invitation_id.clone(),
            day: text::day_name(p.appointment.date).to_string(),
            date: text::date(p.appointment.date),
            date_iso: p.appointment.date.to_string(),
            start: text::time(p.appointment.start),
            end: text::time(p.appointment.end),
            time: text::session(
                p.appointment.start,
                p.appointment.end,
                config.campaign.timezone,
            ),
            office: office
                .map(|o| o.name.clone())
                .unwrap_or(p.appointment.office_id.clone()),
            office_address: office.map(|o| o.address.clone()).unwrap_or_default(),
            village: regions.village_name(p.village).unwrap_or("").to_string(),
            kecamatan: regions
                .kecamatan_name(p.village.kecamatan())
                .unwrap_or("")
                .to_string(),
            letter_number: issuer
                .map(|i| text::letter_number(&i.letter_number, p.seq))
                .unwrap_or_default(),
            campaign: config.campaign.title.clone(),
            agency: issuer.map(|i| i.agency.clone()).unwrap_or_default(),
            government: issuer.map(|i| i.government.clone()).unwrap_or_default(),
            election_date: text::date(election),
            election_date_iso: election.to_string(),
            attempt: p.attempt,
            missed: p.missed.map(text::day_and_date).unwrap_or_default(),
        }
    }

    /// A made-up message, to check templates before real ones are rendered.
    pub(crate) fn example() -> Message {
        let date = NaiveDate::from_ymd_opt(2024, 8, 19).expect("a real date");
        let election = NaiveDate::from_ymd_opt(2024, 11, 27).expect("a real date");
        Message {
            name: "SITI AMINAH".into(),
            invitation_id: "PT83K9SD".into(),
            day: text::day_name(date).into(),
            date: text::date(date),
            date_iso: date.to_string(),
            start: "08.00".into(),
            end: "12.00".into(),
            time: "08.00–12.00 WIB".into(),
            office: "Kantor Kecamatan Kesugihan".into(),
            office_address: "Jl. Raya Kesugihan".into(),
            village: "Menganti".into(),
            kecamatan: "Kesugihan".into(),
            letter_number: "400.8/00017/Disdukcapil/2024".into(),
            campaign: "Perekaman KTP-el Pemilih Pemula Pilkada 2024".into(),
            agency: "Dinas Kependudukan dan Pencatatan Sipil".into(),
            government: "Pemerintah Kabupaten Cilacap".into(),
            election_date: text::date(election),
            election_date_iso: election.to_string(),
            attempt: 1,
            missed: String::new(),
        }
    }
}
