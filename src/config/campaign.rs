//! `[campaign]` and `[issuer]`: the campaign's id, dates, ages, time zone, holidays and region, and
//! who signs its letters.

use std::path::Path;

use chrono::NaiveDate;

use super::problems::{Problems, date_value, looked_for};
use super::raw::{
    OneOrMany, RawCampaign, RawInput, RawInputFile, RawIssuer, RawOffice, RawVillage,
};
use super::{Campaign, Issuer, MAX_CAMPAIGN_ID, Timezone};
use crate::region::{KabupatenCode, Regions, VillageCode};

/// The validated `[campaign]`, and its first and last day when both are valid; `offices` tell
/// the region when it is not named.
pub(super) fn campaign(
    c: &RawCampaign,
    offices: &[RawOffice],
    input: &RawInput,
    dir: &Path,
    p: &mut Problems,
) -> (Campaign, Option<(NaiveDate, NaiveDate)>) {
    check_id(&c.id, p);
    let (election_date, start, end) = dates(c, p);
    let (holidays, not_holidays, holidays_file) = holidays(c, dir, p);
    let campaign = Campaign {
        id: c.id.clone(),
        title: c.title.clone(),
        election_date: election_date.unwrap_or_default(),
        start: start.unwrap_or_default(),
        end: end.unwrap_or_default(),
        min_age: min_age(c, p),
        timezone: timezone(c, p),
        holidays,
        not_holidays,
        holidays_file,
        region: region(c, offices, (dir, input), p),
        max_invitations: c.max_invitations.unwrap_or(2),
        notice_days: notice_days(c, p),
    };
    if let Some(lang) = &c.lang
        && crate::lang::Lang::parse(lang).is_none()
    {
        p.at("campaign.lang", t!("config-lang", value = lang));
    }
    (campaign, start.zip(end))
}

/// Both ids travel in every QR token, and ids name folders.
fn check_id(id: &str, p: &mut Problems) {
    if id.trim().is_empty() {
        p.at("campaign.id", t!("config-id-empty"));
    } else if !id
        .chars()
        .all(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == '_')
    {
        p.at("campaign.id", t!("config-id-chars", id = id));
    }
    if id.len() > MAX_CAMPAIGN_ID {
        p.at(
            "campaign.id",
            t!(
                "config-id-long",
                id = id,
                length = id.len(),
                max = MAX_CAMPAIGN_ID
            ),
        );
    }
}

/// Election day, and the first and last appointment days.
fn dates(
    c: &RawCampaign,
    p: &mut Problems,
) -> (Option<NaiveDate>, Option<NaiveDate>, Option<NaiveDate>) {
    let election_date = date_value(&c.election_date, "campaign.election_date", p);
    let start = date_value(&c.start, "campaign.start", p);
    let end = date_value(&c.end, "campaign.end", p);
    if let (Some(s), Some(e)) = (start, end)
        && e < s
    {
        p.at(
            "campaign.end",
            t!("config-end-before-start", end = e, start = s),
        );
    }
    if let (Some(e), Some(el)) = (end, election_date)
        && e >= el
    {
        p.at(
            "campaign.end",
            t!("config-end-after-election", end = e, election = el),
        );
    }
    (election_date, start, end)
}

/// The age recording is allowed from (16 unless set).
fn min_age(c: &RawCampaign, p: &mut Problems) -> u32 {
    match c.min_age {
        None => 16,
        Some(a @ 0..=17) => a as u32,
        Some(a) => {
            p.at("campaign.min_age", t!("config-min-age", age = a));
            16
        }
    }
}

fn timezone(c: &RawCampaign, p: &mut Problems) -> Timezone {
    match c.timezone.as_deref().map(str::to_uppercase).as_deref() {
        None | Some("WIB") => Timezone::Wib,
        Some("WITA") => Timezone::Wita,
        Some("WIT") => Timezone::Wit,
        Some(other) => {
            p.at("campaign.timezone", t!("config-timezone", value = other));
            Timezone::Wib
        }
    }
}

/// The campaign's own holidays, the national ones it works anyway, and its holiday file.
fn holidays(
    c: &RawCampaign,
    dir: &Path,
    p: &mut Problems,
) -> (Vec<NaiveDate>, Vec<NaiveDate>, Option<std::path::PathBuf>) {
    let mut holidays = Vec::new();
    for (i, v) in c.holidays.iter().enumerate() {
        if let Some(d) = date_value(v, &format!("campaign.holidays[{i}]"), p) {
            holidays.push(d);
        }
    }
    let mut not_holidays = Vec::new();
    for (i, v) in c.not_holidays.iter().enumerate() {
        if let Some(d) = date_value(v, &format!("campaign.not_holidays[{i}]"), p) {
            not_holidays.push(d);
        }
    }
    let holidays_file = c.holidays_file.as_ref().and_then(|f| {
        let path = dir.join(f);
        if path.is_file() {
            Some(path)
        } else {
            p.at(
                "campaign.holidays_file",
                t!(
                    "config-holidays-file",
                    file = f,
                    looked = looked_for(f, &path)
                ),
            );
            None
        }
    });
    (holidays, not_holidays, holidays_file)
}

/// The region: named, or the kabupaten of the offices' village codes.
fn region(
    c: &RawCampaign,
    offices: &[RawOffice],
    (dir, input): (&Path, &RawInput),
    p: &mut Problems,
) -> Vec<KabupatenCode> {
    let regions = Regions::get();
    let mut region: Vec<KabupatenCode> = Vec::new();
    match &c.region {
        Some(r) => {
            let list = match r {
                OneOrMany::One(s) => vec![s.clone()],
                OneOrMany::Many(v) => v.clone(),
            };
            for (i, s) in list.iter().enumerate() {
                match KabupatenCode::parse(s) {
                    Some(k) if regions.kabupaten_name(k).is_some() => region.push(k),
                    _ => p.at(
                        if matches!(r, OneOrMany::One(_)) {
                            "campaign.region".to_string()
                        } else {
                            format!("campaign.region[{i}]")
                        },
                        t!("config-region-code", value = s),
                    ),
                }
            }
        }
        None => region = inferred_region(offices, || nik_kabupaten(dir, input), p),
    }
    region.sort();
    region
}

/// The kabupaten of the offices' villages: of their codes, and of the kecamatan they name where
/// the name is one kecamatan's in all of Indonesia (KIBIN is; KARANGANYAR is six kabupaten's), or
/// else where the people lists' NIKs all say (`lists_say`). A name that stays ambiguous is an error
/// naming where it is.
fn inferred_region(
    offices: &[RawOffice],
    lists_say: impl Fn() -> Option<KabupatenCode>,
    p: &mut Problems,
) -> Vec<KabupatenCode> {
    let regions = Regions::get();
    let mut region: Vec<KabupatenCode> = Vec::new();
    let add = |k: KabupatenCode, region: &mut Vec<KabupatenCode>| {
        if !region.contains(&k) {
            region.push(k);
        }
    };
    let mut ambiguous: Vec<(String, Vec<KabupatenCode>)> = Vec::new();
    for v in offices.iter().flat_map(|o| &o.villages) {
        match v {
            RawVillage::Code(code) => {
                if let Some(vc) = VillageCode::parse(code.as_str()) {
                    add(vc.kabupaten(), &mut region);
                } else if let Some(k) = crate::region::KecamatanCode::parse(code.as_str()) {
                    add(k.kabupaten(), &mut region);
                }
            }
            RawVillage::Named { kecamatan, .. } | RawVillage::Kecamatan { kecamatan } => {
                match regions.kecamatan_named(kecamatan)[..] {
                    [one] => add(one.kabupaten(), &mut region),
                    [] => {}
                    ref many => ambiguous.push((
                        kecamatan.clone(),
                        many.iter().map(|k| k.kabupaten()).collect(),
                    )),
                }
            }
        }
    }
    if ambiguous
        .iter()
        .any(|(_, places)| !places.iter().any(|k| region.contains(k)))
        && let Some(k) = lists_say()
        && ambiguous.iter().any(|(_, places)| places.contains(&k))
    {
        add(k, &mut region);
    }
    let unresolved: Vec<String> = ambiguous
        .iter()
        .filter(|(_, places)| !places.iter().any(|k| region.contains(k)))
        .map(|(name, places)| {
            let places: Vec<String> = places
                .iter()
                .map(|k| format!("{} ({k})", regions.kabupaten_name(*k).unwrap_or("?")))
                .collect();
            t!(
                "config-kecamatan-of",
                name = name,
                places = places.join(&t!("config-and-of"))
            )
        })
        .collect();
    let names_villages = offices
        .iter()
        .flat_map(|o| &o.villages)
        .any(|v| matches!(v, RawVillage::Named { .. }));
    if !unresolved.is_empty() || (region.is_empty() && names_villages) {
        let which = if unresolved.is_empty() {
            String::new()
        } else {
            format!(" ({})", unresolved.join("; "))
        };
        p.at(
            "campaign.region",
            t!("config-region-unknown", which = which),
        );
    }
    region
}

/// The kabupaten (PP.KK, the NIK's first four digits) every NIK in the people lists' CSV files
/// shares, read from their first MiB; `None` when they differ or none is found. The NIK's region is
/// where it was first issued, so only a list that agrees throughout settles the region.
fn nik_kabupaten(dir: &Path, input: &RawInput) -> Option<KabupatenCode> {
    let mut files = Vec::new();
    for f in &input.files {
        let written = match f {
            RawInputFile::Path(s) => s,
            RawInputFile::Entry(e) => &e.path,
        };
        let path = dir.join(written);
        match std::fs::read_dir(&path) {
            Ok(entries) => files.extend(entries.flatten().map(|e| e.path())),
            Err(_) => files.push(path),
        }
    }
    let mut found: Option<KabupatenCode> = None;
    for path in files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")))
    {
        let Ok(file) = std::fs::File::open(path) else {
            continue;
        };
        let mut head = Vec::new();
        std::io::Read::read_to_end(&mut std::io::Read::take(file, 1 << 20), &mut head).ok()?;
        for token in head
            .split(|b| !b.is_ascii_digit())
            .filter(|t| t.len() == 16)
        {
            let two = |i: usize| (token[i] - b'0') * 10 + (token[i + 1] - b'0');
            let k = KabupatenCode::from_parts(two(0), two(2));
            match found {
                None => found = Some(k),
                Some(f) if f != k => return None,
                Some(_) => {}
            }
        }
    }
    found.filter(|k| Regions::get().kabupaten_name(*k).is_some())
}

/// `campaign.notice_days`: 1 (the next day) to 30, default 3.
fn notice_days(c: &RawCampaign, p: &mut Problems) -> u32 {
    match c.notice_days {
        None => 3,
        Some(n @ 1..=30) => n as u32,
        Some(n) => {
            p.at("campaign.notice_days", t!("config-notice-days", days = n));
            3
        }
    }
}

/// `campaign.max_invitations` checked (last, as its problem is reported after the other sections').
pub(super) fn check_max_invitations(max_invitations: i64, p: &mut Problems) {
    if max_invitations < 1 {
        p.at(
            "campaign.max_invitations",
            t!("config-max-invitations", value = max_invitations),
        );
    }
}

/// The validated `[issuer]`.
pub(super) fn issuer(i: &RawIssuer, region: &[KabupatenCode], p: &mut Problems) -> Issuer {
    let regions = Regions::get();
    let i = i.clone();
    let issuer = Issuer {
        letter_date: i
            .letter_date
            .as_ref()
            .and_then(|v| date_value(v, "issuer.letter_date", p)),
        government: i.government,
        agency: i.agency,
        address: i.address,
        signatory: i.signatory,
        signatory_title: i.signatory_title,
        signatory_id: i.signatory_id,
        letter_number: i.letter_number,
        city: i.city.unwrap_or_else(|| {
            region
                .first()
                .and_then(|k| regions.kabupaten_name(*k))
                .map(|n| {
                    n.trim_start_matches("Kabupaten ")
                        .trim_start_matches("Kota ")
                        .to_string()
                })
                .unwrap_or_default()
        }),
        phone: i.phone,
        email: i.email,
        website: i.website,
    };
    if !crate::text::has_seq(&issuer.letter_number) {
        p.at(
            "issuer.letter_number",
            t!("config-letter-number", value = &issuer.letter_number),
        );
    }
    issuer
}
