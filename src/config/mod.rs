//! `papila.toml`: read, then validated into a `Config` that the rest of papila trusts.
//!
//! `raw` is the file's serde shape; each section is validated by a function of its own (`campaign`
//! for `[campaign]` and `[issuer]`, `input`, `offices`, `email`; `[output]` and `[signing]` here).
//! Every mistake becomes a `ConfigProblem` with the line and dotted key (`problems`), and all of
//! them are reported at once, rather than making the user fix them one by one.

mod campaign;
mod email;
mod input;
mod offices;
mod problems;
mod raw;
mod visits;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveTime, Weekday};
use serde::Serialize;

use crate::error::{ConfigProblem, Error, Result};
use crate::ingest::InputSpec;
use crate::ingest::columns::Field;
use crate::region::{KabupatenCode, Regions, VillageCode};

pub(crate) use crate::text::Timezone;
use problems::{Problems, looked_for};
use raw::{RawConfig, RawOutput, RawSigning, clean_toml_message};

#[derive(Debug, Clone)]
pub struct Config {
    /// The config file as the user named it.
    pub(crate) path: PathBuf,
    /// The folder that holds it: relative paths inside the config start here.
    pub(crate) dir: PathBuf,
    pub(crate) campaign: Campaign,
    pub(crate) issuer: Option<Issuer>,
    pub(crate) input: Input,
    /// The fixed offices (`[[office]]`), then the teams' visits (`[[visit]]`) as offices of a day.
    pub(crate) offices: Vec<Office>,
    pub(crate) schools: Vec<School>,
    pub(crate) teams: Vec<Team>,
    pub(crate) output: Output,
    pub(crate) signing: Option<Signing>,
    pub(crate) email: Option<Email>,
}

#[derive(Debug, Clone)]
pub(crate) struct Campaign {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) election_date: NaiveDate,
    pub(crate) start: NaiveDate,
    pub(crate) end: NaiveDate,
    pub(crate) min_age: u32,
    pub(crate) timezone: Timezone,
    pub(crate) holidays: Vec<NaiveDate>,
    pub(crate) not_holidays: Vec<NaiveDate>,
    pub(crate) holidays_file: Option<PathBuf>,
    pub(crate) region: Vec<KabupatenCode>,
    /// Invitations a person may have in all, the first included (default 2: one re-invitation).
    pub(crate) max_invitations: i64,
    /// While the campaign runs, the days between a plan and the first appointment it gives: the
    /// time to print a letter and carry it to the house (default 3).
    pub(crate) notice_days: u32,
}

/// `[issuer]`: who signs the letters; printed on every letter and sheet. Templates receive it as
/// `c.issuer` (serialized as it is here, with the logo added by render).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Issuer {
    pub(crate) government: String,
    pub(crate) agency: String,
    pub(crate) address: String,
    pub(crate) signatory: String,
    pub(crate) signatory_title: String,
    pub(crate) signatory_id: String,
    /// Contains `{seq}` (or `{seq:05}`, zero-padded), replaced by the invitation's number.
    #[serde(skip)]
    pub(crate) letter_number: String,
    /// The city letters are signed in: `[issuer] city`, else the kabupaten's name without its
    /// "Kabupaten"/"Kota" prefix.
    pub(crate) city: String,
    pub(crate) phone: Option<String>,
    pub(crate) email: Option<String>,
    pub(crate) website: Option<String>,
    /// The date letters are signed on; the campaign's first day when absent.
    #[serde(skip)]
    pub(crate) letter_date: Option<NaiveDate>,
}

/// `[email]`: the SMTP server `papila send email` hands messages to.
#[derive(Debug, Clone)]
pub(crate) struct Email {
    pub(crate) from: lettre::message::Mailbox,
    pub(crate) reply_to: Option<lettre::message::Mailbox>,
    pub(crate) smtp_host: String,
    pub(crate) smtp_port: u16,
    pub(crate) security: Security,
    pub(crate) username: Option<String>,
    /// The environment variable holding the password; the password itself is never in a file.
    pub(crate) password_env: String,
    pub(crate) per_minute: u32,
    /// How long papila waits for the server at each step.
    pub(crate) timeout: std::time::Duration,
    /// The first wait before a deferred message is tried again; it doubles with each try.
    pub(crate) retry_after: std::time::Duration,
    /// Tries before a message the server keeps deferring counts as failed for good.
    pub(crate) max_attempts: u32,
    /// A PEM file with the certificate authority of a relay whose certificate is not publicly
    /// trusted (a government relay with its own CA).
    pub(crate) ca_file: Option<PathBuf>,
    /// `papila send offices`: the file of village and recording offices' addresses.
    pub(crate) contacts: Option<PathBuf>,
    /// The most bytes of attachments one email to an office carries; a bigger batch is sent in
    /// parts.
    pub(crate) attachment_limit: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Security {
    StartTls,
    Tls,
    None,
}

#[derive(Debug, Clone)]
pub(crate) struct Input {
    pub(crate) files: Vec<InputSpec>,
    pub(crate) recorded: Option<InputSpec>,
    /// `[input.columns]`: header names that map to fields, beyond the built-in aliases.
    pub(crate) columns: Vec<(Field, String)>,
}

#[derive(Debug, Clone)]
pub(crate) struct Office {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) address: String,
    pub(crate) villages: Vec<VillageCode>,
    pub(crate) weekdays: Vec<Weekday>,
    pub(crate) dates: Vec<NaiveDate>,
    pub(crate) skip_holidays: bool,
    pub(crate) sessions: Vec<Session>,
    /// For a team's visit (`[[visit]]`, spec §11): which team, and whose people it invites.
    pub(crate) visit: Option<Visit>,
}

/// A visit of a mobile team: one place, one day (its office's only date).
#[derive(Debug, Clone)]
pub(crate) struct Visit {
    /// Index into `Config::teams`.
    pub(crate) team: usize,
    /// Index into `Config::schools`, for a visit to a school; `None` for a village visit (its
    /// office's `villages`).
    pub(crate) school: Option<usize>,
}

/// A school whose students are invited to its visits.
#[derive(Debug, Clone)]
pub(crate) struct School {
    /// NPSN: 8 digits.
    pub(crate) npsn: String,
    pub(crate) name: String,
    pub(crate) address: String,
    /// Its Dapodik lists (each an input whose rows are its students).
    pub(crate) files: Vec<InputSpec>,
}

#[derive(Debug, Clone)]
pub(crate) struct Team {
    pub(crate) id: String,
    pub(crate) name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Session {
    pub(crate) start: NaiveTime,
    pub(crate) end: NaiveTime,
    pub(crate) capacity: u32,
}

#[derive(Debug, Clone)]
pub(crate) struct Output {
    pub(crate) dir: PathBuf,
    pub(crate) letters: bool,
    pub(crate) paper: String,
}

#[derive(Debug, Clone)]
pub(crate) struct Signing {
    pub(crate) key: PathBuf,
}

impl Config {
    /// Reads and validates the config file; every mistake is reported at once.
    pub fn load(path: &Path) -> Result<Config> {
        let text = match crate::output::read_bounded(path, 1 << 20) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::ConfigMissing { path: path.into() });
            }
            Err(e) => return Err(Error::io("read", path, e)),
        };
        Config::from_text(path, &text)
    }

    pub fn from_text(path: &Path, text: &str) -> Result<Config> {
        let mut p = Problems::new(path, text);
        let raw: RawConfig = match toml::Deserializer::parse(text)
            .map_err(|e| (String::new(), e))
            .and_then(|de| {
                serde_path_to_error::deserialize(de).map_err(|e| {
                    let key = e.path().to_string();
                    (key, e.into_inner())
                })
            }) {
            Ok(raw) => raw,
            Err((key, e)) => {
                let key = if key == "." { String::new() } else { key };
                let line = e
                    .span()
                    .map(|s| p.line_of(s.start))
                    .or_else(|| p.locate(&key));
                p.list.push(ConfigProblem {
                    line,
                    key,
                    message: clean_toml_message(e.message()),
                });
                return Err(p.into_error());
            }
        };
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            // A config in the working directory: paths stay as written (`out/`, not `./out/`).
            _ => PathBuf::new(),
        };
        let config = validate(raw, path, &dir, &mut p);
        if p.list.is_empty() {
            Ok(config)
        } else {
            Err(p.into_error())
        }
    }

    /// The school of NPSN `npsn`, with its index in `schools` (what a visit names it by).
    pub(crate) fn school(&self, npsn: &str) -> Option<(usize, &School)> {
        self.schools
            .iter()
            .enumerate()
            .find(|(_, s)| s.npsn == npsn)
    }

    /// The NPSNs of the schools a team visits: their students' letters go through the school
    /// (spec §11), in its batch.
    pub(crate) fn visited_schools(&self) -> Vec<String> {
        self.schools
            .iter()
            .enumerate()
            .filter(|(i, _)| {
                self.offices
                    .iter()
                    .any(|o| o.visit.as_ref().is_some_and(|v| v.school == Some(*i)))
            })
            .map(|(_, s)| s.npsn.clone())
            .collect()
    }

    /// Where each person may be placed, in the order tried (spec §11).
    pub(crate) fn routes(&self) -> Routes {
        let mut by_school = vec![Vec::new(); self.schools.len()];
        let mut by_village: HashMap<VillageCode, Vec<usize>> = HashMap::new();
        let mut visits: Vec<(NaiveDate, usize)> = self
            .offices
            .iter()
            .enumerate()
            .filter(|(_, o)| o.visit.is_some())
            .map(|(i, o)| (o.dates.first().copied().unwrap_or(NaiveDate::MIN), i))
            .collect();
        visits.sort();
        for (_, i) in visits {
            let office = &self.offices[i];
            match office.visit.as_ref().and_then(|v| v.school) {
                Some(s) => by_school[s].push(i),
                None => {
                    for v in &office.villages {
                        by_village.entry(*v).or_default().push(i);
                    }
                }
            }
        }
        Routes {
            office_of: self.office_of(),
            by_school,
            by_village,
        }
    }

    pub(crate) fn office_of(&self) -> HashMap<VillageCode, usize> {
        let mut map = HashMap::new();
        // A village visit's villages stay their office's: it serves who misses the visit.
        for (i, o) in self
            .offices
            .iter()
            .enumerate()
            .filter(|(_, o)| o.visit.is_none())
        {
            for v in &o.villages {
                map.insert(*v, i);
            }
        }
        map
    }
}

/// Which offices may seat a person, in the order they are tried: a student's school visits by
/// date, else (or then) a village's visits by date, then the office serving the village.
#[derive(Debug, Clone)]
pub(crate) struct Routes {
    office_of: HashMap<VillageCode, usize>,
    by_school: Vec<Vec<usize>>,
    by_village: HashMap<VillageCode, Vec<usize>>,
}

impl Routes {
    /// The offices for someone of `village`, a student of `school` if given: the first, and the
    /// others in the order tried (empty, allocating nothing, for most people); `None` when nothing
    /// serves them.
    pub(crate) fn of(
        &self,
        village: VillageCode,
        school: Option<usize>,
    ) -> Option<(usize, Vec<usize>)> {
        let visits: &[usize] = match school {
            Some(s) => &self.by_school[s],
            None => self.by_village.get(&village).map_or(&[], Vec::as_slice),
        };
        let office = self.office_of.get(&village).copied();
        match visits.split_first() {
            None => office.map(|o| (o, Vec::new())),
            Some((&first, rest)) => {
                let mut also = rest.to_vec();
                also.extend(office);
                Some((first, also))
            }
        }
    }

    /// How many visits `school` has: the first offices of its students' routes.
    pub(crate) fn visits_of_school(&self, school: usize) -> usize {
        self.by_school[school].len()
    }

    /// Whether a student of `school` living in `village` has somewhere to be seated.
    pub(crate) fn serves(&self, village: VillageCode, school: Option<usize>) -> bool {
        school.is_some_and(|s| !self.by_school[s].is_empty())
            || self.office_of.contains_key(&village)
            || self.by_village.contains_key(&village)
    }
}

/// `[campaign] lang` of the config at `path`, read before anything else (by the command's
/// context, which chooses the language) so the file's own mistakes are told in it. `None` when the
/// file cannot be read or says no language: reading it properly will say what is wrong.
pub(crate) fn campaign_lang(path: &Path) -> Option<crate::lang::Lang> {
    let text = crate::output::read_bounded(path, 1 << 20).ok()?;
    let table = text.parse::<toml::Table>().ok()?;
    table
        .get("campaign")?
        .get("lang")?
        .as_str()
        .and_then(crate::lang::Lang::parse)
}

/// Both ids travel in every QR token (spec §8); short ids keep the code small enough to scan.
pub(crate) const MAX_CAMPAIGN_ID: usize = 40;
pub(crate) const MAX_OFFICE_ID: usize = 32;

/// Validates each section in turn; their problems go to `p` in the file's order of sections.
fn validate(raw: RawConfig, path: &Path, dir: &Path, p: &mut Problems) -> Config {
    let (campaign, span) = campaign::campaign(&raw.campaign, &raw.office, &raw.input, dir, p);
    let index = Regions::get().index(&campaign.region);
    let issuer = raw
        .issuer
        .as_ref()
        .map(|i| campaign::issuer(i, &campaign.region, p));
    let input = input::input(&raw.input, dir, &index, &campaign.region, p);
    let mut offices = offices::offices(
        &raw.office,
        span,
        &index,
        &campaign.region,
        !raw.visit.is_empty(),
        p,
    );
    let schools = visits::schools(&raw.school, dir, &index, p);
    let teams = visits::teams(&raw.team, p);
    let visits = visits::visits(&raw.visit, &offices, &schools, &teams, span, &index, p);
    offices.extend(visits);
    let output = output(&raw.output, dir, p);
    let signing = raw.signing.as_ref().map(|s| signing(s, dir, p));
    let email = raw.email.as_ref().map(|e| email::email(e, dir, p));
    campaign::check_max_invitations(campaign.max_invitations, p);
    Config {
        path: path.to_path_buf(),
        dir: dir.to_path_buf(),
        campaign,
        issuer,
        input,
        offices,
        schools,
        teams,
        output,
        signing,
        email,
    }
}

/// The validated `[output]`.
fn output(raw: &RawOutput, dir: &Path, p: &mut Problems) -> Output {
    let paper = raw.paper.clone().unwrap_or_else(|| "a4".into());
    if !["a4", "f4", "us-letter", "us-legal"].contains(&paper.as_str()) {
        p.at("output.paper", t!("config-paper", value = &paper));
    }
    Output {
        dir: dir.join(raw.dir.as_deref().unwrap_or("out")),
        letters: raw.letters.unwrap_or(false),
        paper,
    }
}

/// The validated `[signing]`: the key must exist.
fn signing(s: &RawSigning, dir: &Path, p: &mut Problems) -> Signing {
    let key = dir.join(&s.key);
    if !key.is_file() {
        p.at(
            "signing.key",
            t!(
                "config-signing-key",
                key = &s.key,
                looked = looked_for(&s.key, &key),
                path = &key
            ),
        );
    }
    Signing { key }
}

pub(crate) fn parse_weekday(s: &str) -> Option<Weekday> {
    Some(match s.trim().to_lowercase().as_str() {
        "mon" | "monday" | "senin" => Weekday::Mon,
        "tue" | "tuesday" | "selasa" => Weekday::Tue,
        "wed" | "wednesday" | "rabu" => Weekday::Wed,
        "thu" | "thursday" | "kamis" => Weekday::Thu,
        "fri" | "friday" | "jumat" | "jum'at" => Weekday::Fri,
        "sat" | "saturday" | "sabtu" => Weekday::Sat,
        "sun" | "sunday" | "minggu" | "ahad" => Weekday::Sun,
        _ => return None,
    })
}

/// `08:00` or the Indonesian `08.00`.
pub(crate) fn parse_time(s: &str) -> Option<NaiveTime> {
    let t = s.trim().replace('.', ":");
    NaiveTime::parse_from_str(&t, "%H:%M").ok()
}
