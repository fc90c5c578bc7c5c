//! `papila.toml` exactly as written: the serde shape, before anything is checked.

use std::collections::BTreeMap;

use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawConfig {
    pub(super) campaign: RawCampaign,
    pub(super) issuer: Option<RawIssuer>,
    #[serde(default)]
    pub(super) input: RawInput,
    #[serde(default)]
    pub(super) office: Vec<RawOffice>,
    #[serde(default)]
    pub(super) school: Vec<RawSchool>,
    #[serde(default)]
    pub(super) team: Vec<RawTeam>,
    #[serde(default)]
    pub(super) visit: Vec<RawVisit>,
    #[serde(default)]
    pub(super) output: RawOutput,
    pub(super) signing: Option<RawSigning>,
    pub(super) email: Option<RawEmail>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCampaign {
    pub(super) id: String,
    pub(super) title: String,
    pub(super) election_date: toml::Value,
    pub(super) start: toml::Value,
    pub(super) end: toml::Value,
    pub(super) min_age: Option<i64>,
    pub(super) timezone: Option<String>,
    #[serde(default)]
    pub(super) holidays: Vec<toml::Value>,
    /// Days of the national list that offices of this campaign work anyway.
    #[serde(default)]
    pub(super) not_holidays: Vec<toml::Value>,
    pub(super) holidays_file: Option<String>,
    /// Kabupaten/kota code(s) the campaign covers; derived from the offices' village codes if absent.
    pub(super) region: Option<OneOrMany>,
    /// Invitations a person may have in all: 2 lets a no-show be invited once more.
    pub(super) max_invitations: Option<i64>,
    /// Days between a plan made while the campaign runs and the first appointment it gives.
    pub(super) notice_days: Option<i64>,
    /// The language papila speaks to staff: "id" (default) or "en".
    pub(super) lang: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
pub(super) enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub(super) struct RawIssuer {
    pub(super) government: String,
    pub(super) agency: String,
    pub(super) address: String,
    pub(super) signatory: String,
    pub(super) signatory_title: String,
    pub(super) signatory_id: String,
    pub(super) letter_number: String,
    pub(super) city: Option<String>,
    pub(super) phone: Option<String>,
    pub(super) email: Option<String>,
    pub(super) website: Option<String>,
    pub(super) letter_date: Option<toml::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawInput {
    #[serde(default = "default_files")]
    pub(super) files: Vec<RawInputFile>,
    pub(super) recorded: Option<String>,
    #[serde(default)]
    pub(super) columns: BTreeMap<String, String>,
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
pub(super) enum RawInputFile {
    Path(String),
    Entry(RawInputEntry),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawInputEntry {
    pub(super) path: String,
    /// Village of every row of a file that has no village column.
    pub(super) village: Option<RawVillage>,
    /// Kecamatan for village names in a file that has no kecamatan column.
    pub(super) kecamatan: Option<String>,
}

#[derive(Deserialize, Clone)]
#[serde(untagged)]
pub(super) enum RawVillage {
    Code(String),
    Named {
        kecamatan: String,
        desa: String,
    },
    /// A whole kecamatan, by name (an office's `villages` only).
    Kecamatan {
        kecamatan: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawOffice {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) address: Option<String>,
    pub(super) villages: Vec<RawVillage>,
    #[serde(default)]
    pub(super) weekdays: Vec<String>,
    #[serde(default)]
    pub(super) dates: Vec<toml::Value>,
    pub(super) skip_holidays: Option<bool>,
    #[serde(default)]
    pub(super) sessions: Vec<RawSession>,
}

/// `[[school]]`: a school whose students a team visits (spec §11).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSchool {
    pub(super) npsn: String,
    pub(super) name: String,
    pub(super) address: Option<String>,
    #[serde(default)]
    pub(super) files: Vec<String>,
    /// Where the school is: the village of a student found neither in SIAK nor by their own
    /// address.
    pub(super) village: Option<RawVillage>,
}

/// `[[team]]`: a mobile recording team.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTeam {
    pub(super) id: String,
    pub(super) name: String,
}

/// `[[visit]]`: one team at one place on one day, with its sessions.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawVisit {
    pub(super) id: String,
    pub(super) team: String,
    pub(super) date: toml::Value,
    pub(super) school: Option<String>,
    pub(super) villages: Option<Vec<RawVillage>>,
    pub(super) place: String,
    pub(super) address: Option<String>,
    #[serde(default)]
    pub(super) sessions: Vec<RawSession>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSession {
    pub(super) start: String,
    pub(super) end: String,
    pub(super) capacity: i64,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawOutput {
    pub(super) dir: Option<String>,
    pub(super) letters: Option<bool>,
    pub(super) paper: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSigning {
    pub(super) key: String,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEmail {
    pub(super) from: String,
    pub(super) smtp_host: String,
    pub(super) smtp_port: Option<u16>,
    pub(super) security: Option<String>,
    pub(super) username: Option<String>,
    pub(super) password_env: Option<String>,
    /// Only so that a password written here gets a clear refusal rather than "unknown field".
    pub(super) password: Option<toml::Value>,
    pub(super) per_minute: Option<u32>,
    pub(super) reply_to: Option<String>,
    pub(super) timeout: Option<u64>,
    pub(super) retry_after: Option<u64>,
    pub(super) max_attempts: Option<u32>,
    pub(super) ca_file: Option<String>,
    pub(super) contacts: Option<String>,
    pub(super) attachment_limit_mb: Option<f64>,
}

pub(super) fn clean_toml_message(m: &str) -> String {
    let m = m.trim();
    if m == "data did not match any variant of untagged enum RawVillage" {
        return t!("toml-village");
    }
    if m.starts_with("data did not match any variant of untagged enum RawInputFile") {
        return t!("toml-input-file");
    }
    if m.starts_with("data did not match any variant of untagged enum OneOrMany") {
        return t!("toml-region");
    }
    // serde's own words for the usual mistakes, said in the user's language.
    if let Some(rest) = m.strip_prefix("unknown field `") {
        let (field, after) = rest.split_once('`').unwrap_or((rest, ""));
        let field = crate::text::cut(field, 40);
        return match after
            .strip_prefix(", expected one of ")
            .or(after.strip_prefix(", expected "))
        {
            Some(expected) => t!("toml-unknown-field", field = &*field, expected = expected),
            None => t!("toml-unknown-field-none", field = &*field),
        };
    }
    if let Some(rest) = m.strip_prefix("missing field `") {
        return t!("toml-missing-field", field = rest.trim_end_matches('`'));
    }
    if let Some((found, expected)) = m
        .strip_prefix("invalid type: ")
        .and_then(|r| r.split_once(", expected "))
    {
        return t!("toml-invalid-type", found = found, expected = expected);
    }
    // Anything else is the TOML reader's own sentence, in English: said as quoted.
    t!("config-toml-says", said = m)
}
