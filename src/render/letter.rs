//! What every document of a campaign shares (`Studio`: the typesetter, the campaign's data and the
//! signing key), and one person's letter as a document of its own: the email attachment and
//! `letters/<invitation_id>.pdf`.

use typst::foundations::Bytes;

use super::data::{self, LetterContext};
use super::world::{self, Kind, Typesetter};
use super::{EVICT_AGE, json, logo, pdf, templates_dir};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::ledger::Printed;

/// What every document of a campaign shares: the typesetter (fonts, templates), the campaign's data
/// and the key that signs the QR codes. Made once per command.
pub(crate) struct Studio {
    pub(super) typesetter: Typesetter,
    pub(super) campaign: data::Campaign,
    key: ed25519_dalek::SigningKey,
    letter_number: String,
    /// The campaign's holidays: a session on one says so on its letter.
    holidays: std::collections::BTreeSet<chrono::NaiveDate>,
}

impl Studio {
    /// Checks that the campaign can sign letters and loads its templates; `qr_slots` is the most
    /// QR codes one document holds.
    pub(crate) fn new(config: &Config, qr_slots: usize) -> Result<Studio> {
        let Some(issuer) = &config.issuer else {
            return Err(Error::NeedsSetting {
                file: config.path.clone(),
                section: "issuer",
                why: t!("why-issuer"),
                example: "[issuer]\ngovernment = \"Pemerintah Kabupaten Cilacap\"\nagency = \"Dinas Kependudukan dan Pencatatan Sipil\"\naddress = \"Jl. Kalimantan No. 1, Cilacap\"\nsignatory = \"…\"\nsignatory_title = \"Kepala Dinas\"\nsignatory_id = \"NIP …\"\nletter_number = \"400.8/{seq}/Disdukcapil/2024\""
                .into(),
            });
        };
        let key = crate::keys::of_campaign(config, t!("why-key-letters"))?;
        let templates = templates_dir(config);
        let mut typesetter = Typesetter::new(Some(&templates), data::letter_date(config))?;
        typesetter.reserve(qr_slots);
        Ok(Studio {
            typesetter,
            campaign: data::campaign(config, logo(&templates)),
            key,
            letter_number: issuer.letter_number.clone(),
            holidays: crate::holidays::load(config)?.into_iter().collect(),
        })
    }

    pub(super) fn context<'a>(&'a self, config: &'a Config) -> LetterContext<'a> {
        LetterContext {
            config,
            key: &self.key,
            letter_number: &self.letter_number,
            holidays: &self.holidays,
        }
    }

    /// What every file's content depends on besides its own letters or lines: papila's version,
    /// fonts and templates, the campaign's settings as letters show them, and the signing key.
    pub(super) fn fingerprint(&self, config: &Config) -> Vec<u8> {
        let settings = format!(
            "{}|{:?}|{:?}|{}|{}|{:?}|{}",
            env!("CARGO_PKG_VERSION"),
            config.offices,
            config.campaign.timezone,
            config.output.letters,
            self.letter_number,
            self.holidays,
            config.campaign.end
        );
        super::cache::key(&[
            &self.typesetter.fingerprint(),
            settings.as_bytes(),
            &serde_json::to_vec(&self.campaign).expect("plain data serializes"),
            self.key.verifying_key().as_bytes(),
        ])
        .into_bytes()
    }

    /// One person's letter as a PDF of its own: the email attachment.
    pub(crate) fn letter_pdf(&self, config: &Config, p: &Printed) -> Result<pdf::Pdf> {
        let letter = self.context(config).letter(p, 1, world::qr_path(0));
        let qr = [Bytes::new(super::qr::png(&letter.token).0)];
        let pdf = single_letter(&self.typesetter, &self.campaign, &letter, &qr);
        typst::comemo::evict(EVICT_AGE);
        pdf
    }
}

/// A single letter's document title.
pub(super) fn letter_title(letter: &data::Letter) -> String {
    format!("Surat undangan perekaman KTP-el · {}", letter.name)
}

/// A letter as a document of its own (tagged, for screen readers): the email attachment.
fn single_letter(
    typesetter: &Typesetter,
    campaign: &data::Campaign,
    letter: &data::Letter,
    qr: &[Bytes],
) -> Result<pdf::Pdf> {
    let doc = data::LetterDoc {
        title: letter_title(letter),
        campaign,
        letters: std::slice::from_ref(letter),
    };
    pdf::make(
        typesetter,
        Kind::Letter,
        &letter.invitation_id,
        json(&doc),
        world::Files { qr, forms: &[] },
    )
}
