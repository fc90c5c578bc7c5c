//! `papila.toml`: the raw serde shape, and its validation into a `Config` that the rest of papila trusts.
//!
//! Every mistake becomes a `ConfigProblem` with the line and dotted key, so a staffer can go straight to
//! it. Validation collects all problems before failing, rather than making the user fix them one by one.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

use crate::error::{ConfigProblem, Error, Result};
use crate::ingest::columns::Field;
use crate::region::{KabupatenCode, KecamatanCode, NameLookup, Regions, VillageCode};

// ---------------------------------------------------------------------------------------------------
// The raw shape, exactly as written in the file.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    campaign: RawCampaign,
    issuer: Option<RawIssuer>,
    #[serde(default)]
    input: RawInput,
    #[serde(default)]
    office: Vec<RawOffice>,
    #[serde(default)]
    output: RawOutput,
    signing: Option<RawSigning>,
    email: Option<RawEmail>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCampaign {
    id: String,
    title: String,
    election_date: toml::Value,
    start: toml::Value,
    end: toml::Value,
    min_age: Option<i64>,
    timezone: Option<String>,
    #[serde(default)]
    holidays: Vec<toml::Value>,
    /// Days of the national list that offices of this campaign work anyway.
    #[serde(default)]
    not_holidays: Vec<toml::Value>,
    holidays_file: Option<String>,
    /// Kabupaten/kota code(s) the campaign covers; derived from the offices' village codes if absent.
    region: Option<OneOrMany>,
    /// Invitations a person may have in all: 2 lets a no-show be invited once more.
    max_invitations: Option<i64>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawIssuer {
    pub government: String,
    pub agency: String,
    pub address: String,
    pub signatory: String,
    pub signatory_title: String,
    pub signatory_id: String,
    pub letter_number: String,
    pub city: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub letter_date: Option<toml::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInput {
    #[serde(default = "default_files")]
    files: Vec<RawInputFile>,
    recorded: Option<String>,
    #[serde(default)]
    columns: BTreeMap<String, String>,
}

impl Default for RawInput {
    fn default() -> Self {
        RawInput {
            files: default_files(),
            recorded: None,
            columns: BTreeMap::new(),
        }
    }
}

fn default_files() -> Vec<RawInputFile> {
    vec![RawInputFile::Path("people/".into())]
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawInputFile {
    Path(String),
    Entry(RawInputEntry),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInputEntry {
    path: String,
    /// Village of every row of a file that has no village column.
    village: Option<RawVillage>,
    /// Kecamatan for village names in a file that has no kecamatan column.
    kecamatan: Option<String>,
}

#[derive(Deserialize, Clone)]
#[serde(untagged)]
enum RawVillage {
    Code(String),
    Named { kecamatan: String, desa: String },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOffice {
    id: String,
    name: String,
    address: Option<String>,
    villages: Vec<RawVillage>,
    #[serde(default)]
    weekdays: Vec<String>,
    #[serde(default)]
    dates: Vec<toml::Value>,
    skip_holidays: Option<bool>,
    #[serde(default)]
    sessions: Vec<RawSession>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSession {
    start: String,
    end: String,
    capacity: i64,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawOutput {
    dir: Option<String>,
    letters: Option<bool>,
    paper: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSigning {
    key: String,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct RawEmail {
    from: String,
    smtp_host: String,
    smtp_port: Option<u16>,
    security: Option<String>,
    username: Option<String>,
    password_env: Option<String>,
    /// Only so that a password written here gets a clear refusal rather than "unknown field".
    password: Option<toml::Value>,
    per_minute: Option<u32>,
    reply_to: Option<String>,
    timeout: Option<u64>,
    retry_after: Option<u64>,
    max_attempts: Option<u32>,
    ca_file: Option<String>,
}

// ---------------------------------------------------------------------------------------------------
// The validated shape.

#[derive(Debug, Clone)]
pub struct Config {
    /// The config file as the user named it.
    pub path: PathBuf,
    /// The folder that holds it: relative paths inside the config start here.
    pub dir: PathBuf,
    pub campaign: Campaign,
    pub issuer: Option<Issuer>,
    pub input: Input,
    pub offices: Vec<Office>,
    pub output: Output,
    pub signing: Option<Signing>,
    pub email: Option<Email>,
}

#[derive(Debug, Clone)]
pub struct Campaign {
    pub id: String,
    pub title: String,
    pub election_date: NaiveDate,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub min_age: u32,
    pub timezone: Timezone,
    pub holidays: Vec<NaiveDate>,
    pub not_holidays: Vec<NaiveDate>,
    pub holidays_file: Option<PathBuf>,
    pub region: Vec<KabupatenCode>,
    /// Invitations a person may have in all, the first included (default 2: one re-invitation).
    pub max_invitations: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timezone {
    Wib,
    Wita,
    Wit,
}

impl Timezone {
    /// Hours ahead of UTC: WIB is UTC+7, WITA +8, WIT +9 (no daylight saving).
    pub fn utc_offset_hours(self) -> i32 {
        match self {
            Timezone::Wib => 7,
            Timezone::Wita => 8,
            Timezone::Wit => 9,
        }
    }

    /// The time now on the wall clocks of this zone.
    pub fn now(self) -> chrono::NaiveDateTime {
        chrono::Utc::now().naive_utc() + chrono::Duration::hours(self.utc_offset_hours().into())
    }

    pub fn label(self) -> &'static str {
        match self {
            Timezone::Wib => "WIB",
            Timezone::Wita => "WITA",
            Timezone::Wit => "WIT",
        }
    }
}

/// `[issuer]`: who signs the letters; printed on every letter and sheet. Templates receive it as
/// `c.issuer` (serialized as it is here, with the logo added by render).
#[derive(Debug, Clone, Serialize)]
pub struct Issuer {
    pub government: String,
    pub agency: String,
    pub address: String,
    pub signatory: String,
    pub signatory_title: String,
    pub signatory_id: String,
    /// Contains `{seq}`, replaced by the invitation's sequence number.
    #[serde(skip)]
    pub letter_number: String,
    /// The city letters are signed in: `[issuer] city`, else the kabupaten's name without its
    /// "Kabupaten"/"Kota" prefix.
    pub city: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    /// The date letters are signed on; the campaign's first day when absent.
    #[serde(skip)]
    pub letter_date: Option<NaiveDate>,
}

/// `[email]`: the SMTP server `papila send email` hands messages to.
#[derive(Debug, Clone)]
pub struct Email {
    pub from: lettre::message::Mailbox,
    pub reply_to: Option<lettre::message::Mailbox>,
    pub smtp_host: String,
    pub smtp_port: u16,
    pub security: Security,
    pub username: Option<String>,
    /// The environment variable holding the password; the password itself is never in a file.
    pub password_env: String,
    pub per_minute: u32,
    /// How long papila waits for the server at each step.
    pub timeout: std::time::Duration,
    /// The first wait before a deferred message is tried again; it doubles with each try.
    pub retry_after: std::time::Duration,
    /// Tries before a message the server keeps deferring counts as failed for good.
    pub max_attempts: u32,
    /// A PEM file with the certificate authority of a relay whose certificate is not publicly
    /// trusted (a government relay with its own CA).
    pub ca_file: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    StartTls,
    Tls,
    None,
}

#[derive(Debug, Clone)]
pub struct Input {
    pub files: Vec<InputSpec>,
    pub recorded: Option<InputSpec>,
    /// `[input.columns]`: header names that map to fields, beyond the built-in aliases.
    pub columns: Vec<(Field, String)>,
}

/// One input file or folder, with what the config says about it.
#[derive(Debug, Clone)]
pub struct InputSpec {
    /// As the user wrote it; becomes `source` in the manifest.
    pub shown: String,
    /// Where to find it on disk.
    pub path: PathBuf,
    pub village: Option<VillageCode>,
    pub kecamatan: Option<KecamatanCode>,
}

impl InputSpec {
    /// An input named on the command line: shown as typed, found from the working directory.
    pub fn from_cli(arg: &str) -> InputSpec {
        InputSpec {
            shown: arg.to_string(),
            path: PathBuf::from(arg),
            village: None,
            kecamatan: None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Office {
    pub id: String,
    pub name: String,
    pub address: String,
    pub villages: Vec<VillageCode>,
    pub weekdays: Vec<Weekday>,
    pub dates: Vec<NaiveDate>,
    pub skip_holidays: bool,
    pub sessions: Vec<Session>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Session {
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub capacity: u32,
}

#[derive(Debug, Clone)]
pub struct Output {
    pub dir: PathBuf,
    pub letters: bool,
    pub paper: String,
}

#[derive(Debug, Clone)]
pub struct Signing {
    pub key: PathBuf,
}

impl Config {
    /// Reads and validates the config file; every mistake is reported at once.
    pub fn load(path: &Path) -> Result<Config> {
        let text = match std::fs::read_to_string(path) {
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

    /// Resolves a path written inside the config.
    pub fn resolve(&self, written: &str) -> PathBuf {
        self.dir.join(written)
    }

    pub fn office_of(&self) -> HashMap<VillageCode, usize> {
        let mut map = HashMap::new();
        for (i, o) in self.offices.iter().enumerate() {
            for v in &o.villages {
                map.insert(*v, i);
            }
        }
        map
    }
}

fn clean_toml_message(m: &str) -> String {
    let m = m.trim();
    if m == "data did not match any variant of untagged enum RawVillage" {
        return "expected a village code like \"33.01.02.2001\" or { kecamatan = \"…\", desa = \"…\" }"
            .into();
    }
    if m.starts_with("data did not match any variant of untagged enum RawInputFile") {
        return "expected a path like \"people/\" or { path = \"…\", village = \"…\" }".into();
    }
    if m.starts_with("data did not match any variant of untagged enum OneOrMany") {
        return "expected a kabupaten code like \"33.01\" or a list of them".into();
    }
    m.to_string()
}

// ---------------------------------------------------------------------------------------------------
// Problem collection, with lines found from key paths.

struct Problems {
    file: PathBuf,
    text: String,
    doc: Option<toml_edit::Document<String>>,
    list: Vec<ConfigProblem>,
}

impl Problems {
    fn new(file: &Path, text: &str) -> Problems {
        Problems {
            file: file.to_path_buf(),
            text: text.to_string(),
            doc: toml_edit::Document::parse(text.to_string()).ok(),
            list: Vec::new(),
        }
    }

    fn at(&mut self, key: impl Into<String>, message: impl Into<String>) {
        let key = key.into();
        let line = self.locate(&key);
        self.list.push(ConfigProblem {
            line,
            key,
            message: message.into(),
        });
    }

    fn line_of(&self, offset: usize) -> usize {
        self.text[..offset.min(self.text.len())]
            .matches('\n')
            .count()
            + 1
    }

    /// The line of a dotted key path such as `office[1].sessions[0].end`, or of its nearest ancestor
    /// that exists in the file.
    fn locate(&self, key: &str) -> Option<usize> {
        let doc = self.doc.as_ref()?;
        let mut node = Node::Table(doc.as_table());
        let mut best = None;
        for seg in key.split('.').filter(|s| !s.is_empty()) {
            let (name, index) = match seg.split_once('[') {
                Some((n, rest)) => (n, rest.trim_end_matches(']').parse::<usize>().ok()),
                None => (seg, None),
            };
            node = match node.child(name) {
                Some(n) => n,
                None => break,
            };
            if let Some(span) = node.span() {
                best = Some(span.start);
            }
            if let Some(i) = index {
                node = match node.index(i) {
                    Some(n) => n,
                    None => break,
                };
                if let Some(span) = node.span() {
                    best = Some(span.start);
                }
            }
        }
        best.map(|o| self.line_of(o))
    }

    fn into_error(self) -> Error {
        Error::Config {
            file: self.file,
            problems: self.list,
        }
    }
}

enum Node<'a> {
    Table(&'a toml_edit::Table),
    Item(&'a toml_edit::Item),
    Value(&'a toml_edit::Value),
}

impl<'a> Node<'a> {
    fn child(&self, name: &str) -> Option<Node<'a>> {
        match self {
            Node::Table(t) => t.get(name).map(Node::Item),
            Node::Item(toml_edit::Item::Table(t)) => t.get(name).map(Node::Item),
            Node::Item(toml_edit::Item::Value(toml_edit::Value::InlineTable(t)))
            | Node::Value(toml_edit::Value::InlineTable(t)) => t.get(name).map(Node::Value),
            _ => None,
        }
    }

    fn index(&self, i: usize) -> Option<Node<'a>> {
        match self {
            Node::Item(toml_edit::Item::ArrayOfTables(a)) => a.get(i).map(Node::Table),
            Node::Item(toml_edit::Item::Value(toml_edit::Value::Array(a)))
            | Node::Value(toml_edit::Value::Array(a)) => a.get(i).map(Node::Value),
            _ => None,
        }
    }

    fn span(&self) -> Option<std::ops::Range<usize>> {
        match self {
            Node::Table(t) => t.span(),
            Node::Item(i) => i.span(),
            Node::Value(v) => v.span(),
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// Validation.

/// Both ids travel in every QR token (spec §8); short ids keep the code small enough to scan.
pub const MAX_CAMPAIGN_ID: usize = 40;
pub const MAX_OFFICE_ID: usize = 32;

fn validate(raw: RawConfig, path: &Path, dir: &Path, p: &mut Problems) -> Config {
    let regions = Regions::get();
    let c = &raw.campaign;

    if c.id.trim().is_empty() {
        p.at(
            "campaign.id",
            "must not be empty: invitation ids and QR tokens are derived from it",
        );
    } else if !c
        .id
        .chars()
        .all(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == '_')
    {
        p.at(
            "campaign.id",
            format!(
                "\"{}\" may hold only letters, digits, '-' and '_' (it goes into every QR code), e.g. \"pilkada-2024-cilacap\"",
                c.id
            ),
        );
    }
    if c.id.len() > MAX_CAMPAIGN_ID {
        p.at(
            "campaign.id",
            format!(
                "\"{}\" is {} characters long; at most {MAX_CAMPAIGN_ID} fit in a QR code that prints small",
                c.id,
                c.id.len()
            ),
        );
    }
    let election_date = date_value(&c.election_date, "campaign.election_date", p);
    let start = date_value(&c.start, "campaign.start", p);
    let end = date_value(&c.end, "campaign.end", p);
    if let (Some(s), Some(e)) = (start, end)
        && e < s
    {
        p.at(
            "campaign.end",
            format!("{e} is before campaign.start ({s}); the last appointment day must come after the first"),
        );
    }
    if let (Some(e), Some(el)) = (end, election_date)
        && e >= el
    {
        p.at(
            "campaign.end",
            format!(
                "{e} is not before the election ({el}); appointments must end before election day"
            ),
        );
    }
    let min_age = match c.min_age {
        None => 16,
        Some(a @ 0..=17) => a as u32,
        Some(a) => {
            p.at(
                "campaign.min_age",
                format!("{a} is not an age from 0 to 17 (recording is allowed from 16; the default is 16)"),
            );
            16
        }
    };
    let timezone = match c.timezone.as_deref().map(str::to_uppercase).as_deref() {
        None | Some("WIB") => Timezone::Wib,
        Some("WITA") => Timezone::Wita,
        Some("WIT") => Timezone::Wit,
        Some(other) => {
            p.at(
                "campaign.timezone",
                format!("\"{other}\" is not WIB, WITA or WIT"),
            );
            Timezone::Wib
        }
    };
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
                format!("cannot find \"{f}\"{}", looked_for(f, &path)),
            );
            None
        }
    });

    // The region: named, or the kabupaten of the offices' village codes.
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
                        format!("\"{s}\" is not a kabupaten/kota code from the Kemendagri list, e.g. \"33.01\" for Kabupaten Cilacap"),
                    ),
                }
            }
        }
        None => {
            for o in &raw.office {
                for v in &o.villages {
                    if let RawVillage::Code(code) = v
                        && let Some(vc) = VillageCode::parse(code)
                        && !region.contains(&vc.kabupaten())
                    {
                        region.push(vc.kabupaten());
                    }
                }
            }
        }
    }
    region.sort();
    let needs_names = raw.office.iter().any(|o| {
        o.villages
            .iter()
            .any(|v| matches!(v, RawVillage::Named { .. }))
    });
    if region.is_empty() && needs_names {
        p.at(
            "campaign.region",
            "cannot tell which kabupaten the campaign covers: add region = \"PP.KK\" (e.g. \"33.01\") under [campaign], or give office villages by code",
        );
    }
    let index = regions.index(&region);

    let issuer = raw.issuer.clone().map(|i| Issuer {
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
    });
    if let Some(i) = &issuer
        && !i.letter_number.contains("{seq}")
    {
        p.at(
            "issuer.letter_number",
            format!(
                "\"{}\" has no {{seq}}: every letter needs its own number, e.g. \"400.8/{{seq}}/Disdukcapil/2024\"",
                i.letter_number
            ),
        );
    }

    // Input.
    let mut files = Vec::new();
    if raw.input.files.is_empty() {
        p.at(
            "input.files",
            "is empty: name at least one file or folder of people lists, e.g. [\"people/\"]",
        );
    }
    for (i, f) in raw.input.files.iter().enumerate() {
        let key = format!("input.files[{i}]");
        match f {
            RawInputFile::Path(s) => files.push(InputSpec {
                shown: s.clone(),
                path: dir.join(s),
                village: None,
                kecamatan: None,
            }),
            RawInputFile::Entry(e) => {
                let village = e
                    .village
                    .as_ref()
                    .and_then(|v| resolve_village(v, &format!("{key}.village"), &index, p));
                let kecamatan = e.kecamatan.as_ref().and_then(|k| match index.kecamatan(k) {
                    [one] => Some(*one),
                    [] => {
                        p.at(
                            format!("{key}.kecamatan"),
                            format!("\"{k}\" is not a kecamatan of {}", region_names(&region)),
                        );
                        None
                    }
                    _ => {
                        p.at(
                            format!("{key}.kecamatan"),
                            format!("\"{k}\" names more than one kecamatan; set [campaign] region"),
                        );
                        None
                    }
                });
                files.push(InputSpec {
                    shown: e.path.clone(),
                    path: dir.join(&e.path),
                    village,
                    kecamatan,
                });
            }
        }
    }
    let recorded = raw.input.recorded.as_ref().and_then(|r| {
        let path = dir.join(r);
        if path.exists() {
            Some(InputSpec {
                shown: r.clone(),
                path,
                village: None,
                kecamatan: None,
            })
        } else {
            p.at(
                "input.recorded",
                format!(
                    "cannot find \"{r}\"{}; it should list the NIKs already recorded, one per line",
                    looked_for(r, &path)
                ),
            );
            None
        }
    });
    let mut columns = Vec::new();
    for (field, header) in &raw.input.columns {
        match Field::from_config_key(field) {
            Some(f) => columns.push((f, header.clone())),
            None => p.at(
                format!("input.columns.{field}"),
                format!(
                    "\"{field}\" is not a field papila knows; use one of: {}",
                    Field::ALL
                        .iter()
                        .map(|f| f.config_key())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ),
        }
    }

    // Offices.
    if raw.office.is_empty() {
        p.at(
            "office",
            "no [[office]] is defined: every village to be served needs an office with sessions",
        );
    }
    let mut offices = Vec::new();
    let mut served_by: HashMap<VillageCode, usize> = HashMap::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    for (oi, o) in raw.office.iter().enumerate() {
        let key = format!("office[{oi}]");
        if o.id.is_empty()
            || !o
                .id
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-' || ch == '_')
        {
            p.at(
                format!("{key}.id"),
                format!("\"{}\" must be lowercase letters, digits, '-' or '_' (it names folders), e.g. \"kesugihan\"", o.id),
            );
        }
        if o.id.len() > MAX_OFFICE_ID {
            p.at(
                format!("{key}.id"),
                format!(
                    "\"{}\" is {} characters long; at most {MAX_OFFICE_ID} (it goes into every QR code)",
                    o.id,
                    o.id.len()
                ),
            );
        }
        if let Some(prev) = ids.insert(o.id.clone(), oi) {
            p.at(
                format!("{key}.id"),
                format!(
                    "\"{}\" is already the id of office[{prev}]; office ids must differ",
                    o.id
                ),
            );
        }
        if o.villages.is_empty() {
            p.at(
                format!("{key}.villages"),
                "is empty: list the village codes this office serves",
            );
        }
        let mut villages = Vec::new();
        for (vi, v) in o.villages.iter().enumerate() {
            let vkey = format!("{key}.villages[{vi}]");
            if let Some(code) = resolve_village(v, &vkey, &index, p) {
                if let Some(&prev) = served_by.get(&code) {
                    p.at(
                        vkey,
                        format!(
                            "village {code} ({}) is already served by office \"{}\"; a village belongs to one office",
                            regions.village_name(code).unwrap_or("?"),
                            raw.office[prev].id
                        ),
                    );
                } else {
                    served_by.insert(code, oi);
                    villages.push(code);
                }
            }
        }
        let mut weekdays = Vec::new();
        for (wi, w) in o.weekdays.iter().enumerate() {
            match parse_weekday(w) {
                Some(d) if !weekdays.contains(&d) => weekdays.push(d),
                Some(_) => {}
                None => p.at(
                    format!("{key}.weekdays[{wi}]"),
                    format!("\"{w}\" is not a weekday: use mon, tue, wed, thu, fri, sat, sun"),
                ),
            }
        }
        let mut dates = Vec::new();
        for (di, d) in o.dates.iter().enumerate() {
            let dkey = format!("{key}.dates[{di}]");
            if let Some(d) = date_value(d, &dkey, p) {
                if let (Some(s), Some(e)) = (start, end)
                    && (d < s || d > e)
                {
                    p.at(dkey, format!("{d} is outside the campaign ({s} to {e})"));
                }
                dates.push(d);
            }
        }
        dates.sort();
        dates.dedup();
        if weekdays.is_empty() && dates.is_empty() {
            p.at(
                key.clone(),
                format!("office \"{}\" has no days: add weekdays = [\"mon\", …] or dates = [2024-08-10, …]", o.id),
            );
        }
        if o.sessions.is_empty() {
            p.at(
                key.clone(),
                format!("office \"{}\" has no sessions: add sessions = [{{ start = \"08:00\", end = \"12:00\", capacity = 60 }}]", o.id),
            );
        }
        let mut sessions: Vec<Session> = Vec::new();
        for (si, s) in o.sessions.iter().enumerate() {
            let skey = format!("{key}.sessions[{si}]");
            let st = parse_time(&s.start);
            let en = parse_time(&s.end);
            if st.is_none() {
                p.at(
                    format!("{skey}.start"),
                    format!("\"{}\" is not a time like \"08:00\"", s.start),
                );
            }
            if en.is_none() {
                p.at(
                    format!("{skey}.end"),
                    format!("\"{}\" is not a time like \"12:00\"", s.end),
                );
            }
            let capacity = match u32::try_from(s.capacity) {
                Ok(c) if c > 0 => c,
                _ => {
                    p.at(
                        format!("{skey}.capacity"),
                        format!("{} is not a number of people above 0", s.capacity),
                    );
                    0
                }
            };
            if let (Some(st), Some(en)) = (st, en) {
                if en <= st {
                    p.at(
                        format!("{skey}.end"),
                        format!("{} is not after start {}", s.end, s.start),
                    );
                } else if let Some(other) = sessions.iter().find(|o| st < o.end && o.start < en) {
                    p.at(
                        skey.clone(),
                        format!(
                            "{}–{} overlaps the session {}–{}",
                            s.start,
                            s.end,
                            other.start.format("%H:%M"),
                            other.end.format("%H:%M")
                        ),
                    );
                }
                sessions.push(Session {
                    start: st,
                    end: en,
                    capacity,
                });
            }
        }
        sessions.sort_by_key(|s| s.start);
        offices.push(Office {
            id: o.id.clone(),
            name: o.name.clone(),
            address: o.address.clone().unwrap_or_default(),
            villages,
            weekdays,
            dates,
            skip_holidays: o.skip_holidays.unwrap_or(true),
            sessions,
        });
    }

    // Output, signing, email.
    let paper = raw.output.paper.clone().unwrap_or_else(|| "a4".into());
    if !["a4", "f4", "us-letter", "us-legal"].contains(&paper.as_str()) {
        p.at(
            "output.paper",
            format!("\"{paper}\" is not a paper size papila prints on: use \"a4\", \"f4\", \"us-letter\" or \"us-legal\""),
        );
    }
    let output = Output {
        dir: dir.join(raw.output.dir.as_deref().unwrap_or("out")),
        letters: raw.output.letters.unwrap_or(false),
        paper,
    };
    let signing = raw.signing.as_ref().map(|s| {
        let key = dir.join(&s.key);
        if !key.is_file() {
            p.at(
                "signing.key",
                format!(
                    "the signing key \"{}\" does not exist{}; make one with `papila keygen {}`",
                    s.key,
                    looked_for(&s.key, &key),
                    key.display()
                ),
            );
        }
        Signing { key }
    });
    let email = raw.email.as_ref().map(|e| email(e, dir, p));
    let max_invitations = c.max_invitations.unwrap_or(2);
    if max_invitations < 1 {
        p.at(
            "campaign.max_invitations",
            format!(
                "{max_invitations} would invite nobody; use 1 (no re-invitation) or more (default 2)"
            ),
        );
    }

    Config {
        path: path.to_path_buf(),
        dir: dir.to_path_buf(),
        campaign: Campaign {
            id: c.id.clone(),
            title: c.title.clone(),
            election_date: election_date.unwrap_or_default(),
            start: start.unwrap_or_default(),
            end: end.unwrap_or_default(),
            min_age,
            timezone,
            holidays,
            not_holidays,
            holidays_file,
            region,
            max_invitations,
        },
        issuer,
        input: Input {
            files,
            recorded,
            columns,
        },
        offices,
        output,
        signing,
        email,
    }
}

/// The validated `[email]` section; its mistakes go to `p`.
fn email(e: &RawEmail, dir: &Path, p: &mut Problems) -> Email {
    use lettre::message::Mailbox;
    let mut mailbox = |key: &str, value: &str| -> Option<Mailbox> {
        match value.parse::<Mailbox>() {
            Ok(m) => Some(m),
            Err(_) => {
                p.at(
                    key,
                    format!(
                        "\"{value}\" is not an email address; write it as \"Disdukcapil Cilacap \
                         <noreply@example.go.id>\" or \"noreply@example.go.id\""
                    ),
                );
                None
            }
        }
    };
    let from = mailbox("email.from", &e.from);
    let reply_to = e
        .reply_to
        .as_deref()
        .and_then(|r| mailbox("email.reply_to", r));
    let security = match e.security.as_deref().unwrap_or("starttls") {
        "starttls" => Security::StartTls,
        "tls" => Security::Tls,
        "none" => Security::None,
        other => {
            p.at(
                "email.security",
                format!("\"{other}\" is not \"starttls\", \"tls\" or \"none\""),
            );
            Security::StartTls
        }
    };
    if e.password.is_some() {
        p.at(
            "email.password",
            "a password is never kept in papila.toml; remove this line and put the password in \
             the environment variable named by password_env (PAPILA_SMTP_PASSWORD unless set)",
        );
    }
    if e.smtp_host.trim().is_empty() {
        p.at("email.smtp_host", "the SMTP server's name is empty");
    }
    if e.per_minute == Some(0) {
        p.at(
            "email.per_minute",
            "0 would send nothing; use a number above 0",
        );
    }
    if e.max_attempts == Some(0) {
        p.at(
            "email.max_attempts",
            "0 would never try; use a number above 0 (default 5)",
        );
    }
    if e.timeout == Some(0) {
        p.at(
            "email.timeout",
            "a timeout of 0 seconds gives the server no time to answer; use a number above 0 (default 60)",
        );
    }
    let ca_file = e.ca_file.as_ref().map(|f| {
        let path = dir.join(f);
        if !path.is_file() {
            p.at(
                "email.ca_file",
                format!(
                    "the certificate file \"{f}\" does not exist{}",
                    looked_for(f, &path)
                ),
            );
        }
        path
    });
    Email {
        // A placeholder only when `p` holds the problem: the config is refused as a whole.
        from: from.unwrap_or_else(|| Mailbox::new(None, "invalid@invalid".parse().expect("valid"))),
        reply_to,
        smtp_host: e.smtp_host.trim().to_string(),
        smtp_port: e.smtp_port.unwrap_or(match security {
            Security::StartTls => 587,
            Security::Tls => 465,
            Security::None => 25,
        }),
        security,
        username: e.username.clone().filter(|u| !u.is_empty()),
        password_env: e
            .password_env
            .clone()
            .unwrap_or_else(|| "PAPILA_SMTP_PASSWORD".into()),
        per_minute: e.per_minute.unwrap_or(60),
        timeout: std::time::Duration::from_secs(e.timeout.unwrap_or(60)),
        retry_after: std::time::Duration::from_secs(e.retry_after.unwrap_or(60)),
        max_attempts: e.max_attempts.unwrap_or(5),
        ca_file,
    }
}

/// ` (looked for PATH)` when the path papila tried differs from what the user wrote.
fn looked_for(written: &str, resolved: &Path) -> String {
    if Path::new(written) == resolved {
        String::new()
    } else {
        format!(" (looked for {})", resolved.display())
    }
}

fn region_names(region: &[KabupatenCode]) -> String {
    let r = Regions::get();
    if region.is_empty() {
        return "the campaign (no region known)".into();
    }
    region
        .iter()
        .map(|k| r.kabupaten_name(*k).unwrap_or("?").to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn resolve_village(
    v: &RawVillage,
    key: &str,
    index: &crate::region::NameIndex,
    p: &mut Problems,
) -> Option<VillageCode> {
    let regions = Regions::get();
    match v {
        RawVillage::Code(code) => match VillageCode::parse(code) {
            Some(vc) if regions.village_name(vc).is_some() => Some(vc),
            Some(_) => {
                p.at(
                    key,
                    format!("\"{code}\" is not a desa/kelurahan code in the Kemendagri list"),
                );
                None
            }
            None => {
                p.at(
                    key,
                    format!("\"{code}\" is not a village code like \"33.01.02.2001\""),
                );
                None
            }
        },
        RawVillage::Named { kecamatan, desa } => match index.village(kecamatan, desa) {
            NameLookup::Found(vc) => Some(vc),
            NameLookup::UnknownKecamatan => {
                p.at(
                    key,
                    format!("kecamatan \"{kecamatan}\" is not in the campaign's region"),
                );
                None
            }
            NameLookup::AmbiguousKecamatan(_) => {
                p.at(key, format!("kecamatan \"{kecamatan}\" exists in more than one kabupaten; set [campaign] region"));
                None
            }
            NameLookup::NotInKecamatan(_) => {
                p.at(
                    key,
                    format!("there is no desa/kelurahan \"{desa}\" in kecamatan {kecamatan}"),
                );
                None
            }
        },
    }
}

fn date_value(v: &toml::Value, key: &str, p: &mut Problems) -> Option<NaiveDate> {
    let parsed = match v {
        toml::Value::Datetime(dt) => match (dt.date, dt.time) {
            (Some(d), None) => {
                NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
            }
            _ => None,
        },
        toml::Value::String(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok(),
        _ => None,
    };
    if parsed.is_none() {
        p.at(
            key,
            format!("{v} is not a date; write it as YYYY-MM-DD, e.g. 2024-07-01"),
        );
    }
    parsed
}

pub fn parse_weekday(s: &str) -> Option<Weekday> {
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
pub fn parse_time(s: &str) -> Option<NaiveTime> {
    let t = s.trim().replace('.', ":");
    NaiveTime::parse_from_str(&t, "%H:%M").ok()
}
