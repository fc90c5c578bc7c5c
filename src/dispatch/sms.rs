//! SMS and WhatsApp text (spec §9): the message from `templates/sms.hbs`, how a gateway will send it
//! (GSM 03.38 7-bit when every character allows, else UCS-2) and in how many parts, a wa.me link,
//! and `messages/sms.csv`, which holds them all.

use std::path::Path;

use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

use crate::config::Config;
use crate::dispatch::message::Message;
use crate::dispatch::templates::{self, Templates};
use crate::error::Result;
use crate::ledger::Ledger;
use crate::output;
use crate::render::templates_dir;

/// GSM 03.38's basic character set, one septet each (the escape code itself is not text).
const GSM_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?\
                         ¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/// Its extension table: an escape and the character, two septets each.
const GSM_EXTENSION: &str = "\u{c}^{}\\[~]|€";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    Gsm7,
    Ucs2,
}

impl Encoding {
    /// As `sms.csv` writes it.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Encoding::Gsm7 => "GSM-7",
            Encoding::Ucs2 => "UCS-2",
        }
    }
}

/// How a text travels: its encoding and the number of SMS parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Segments {
    pub(crate) encoding: Encoding,
    pub(crate) parts: usize,
}

/// Septets of `c` in GSM 7-bit, or `None` if it needs UCS-2.
fn gsm_septets(c: char) -> Option<usize> {
    if GSM_BASIC.contains(c) {
        Some(1)
    } else if GSM_EXTENSION.contains(c) {
        Some(2)
    } else {
        None
    }
}

/// The encoding and parts of `text`: one part holds 160 septets (GSM-7) or 70 UTF-16 units
/// (UCS-2); a longer text is split into parts of 153 or 67, the rest being the concatenation
/// header. A character is never split between parts (an escape pair, a surrogate pair).
pub(crate) fn segments(text: &str) -> Segments {
    let gsm: Option<Vec<usize>> = text.chars().map(gsm_septets).collect();
    let (encoding, units, single, multi) = match gsm {
        Some(units) => (Encoding::Gsm7, units, 160, 153),
        None => (
            Encoding::Ucs2,
            text.chars().map(char::len_utf16).collect(),
            70,
            67,
        ),
    };
    let total: usize = units.iter().sum();
    let parts = if total <= single {
        1
    } else {
        let mut parts = 1;
        let mut used = 0;
        for u in units {
            if used + u > multi {
                parts += 1;
                used = 0;
            }
            used += u;
        }
        parts
    };
    Segments { encoding, parts }
}

/// `https://wa.me/<digits>?text=<text>`: opens WhatsApp with the message ready to send.
pub(crate) fn whatsapp_url(phone_e164: &str, text: &str) -> String {
    let digits: String = phone_e164.chars().filter(char::is_ascii_digit).collect();
    format!(
        "https://wa.me/{digits}?text={}",
        utf8_percent_encode(text, NON_ALPHANUMERIC)
    )
}

/// `messages/sms.csv` (spec §7): the SMS template, loaded and checked before anything is
/// typeset, then the file written from the ledger.
pub(crate) struct SmsFile {
    templates: Templates,
}

/// What `sms.csv` holds: its rows (people with a phone number) and the SMS parts they take.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Written {
    pub(crate) rows: usize,
    pub(crate) parts: usize,
}

impl SmsFile {
    /// Loads `templates/sms.hbs` (or the built-in one): a misspelt field stops the run here.
    pub(crate) fn load(config: &Config) -> Result<SmsFile> {
        Ok(SmsFile {
            templates: Templates::load(&templates_dir(config), &[templates::SMS])?,
        })
    }

    /// One row per invited person with a phone number, in delivery order, replaced whole; the
    /// same table as `sms.xlsx` beside it, for the staff who hand it to a gateway from Excel.
    pub(crate) fn write(&self, config: &Config, ledger: &Ledger, out: &Path) -> Result<Written> {
        let started = std::time::Instant::now();
        let dir = out.join("messages");
        output::ensure_dir(&dir)?;
        let mut csv = output::CsvFile::create_with_xlsx(
            &dir.join("sms.csv"),
            &[
                "invitation_id",
                "phone",
                "text",
                "encoding",
                "segments",
                "whatsapp_url",
            ],
        )?;
        let mut written = Written::default();
        ledger.each_with_phone(|invited, phone| {
            let body = self
                .templates
                .render(templates::SMS, &Message::of(config, &invited))?;
            let measured = segments(&body);
            csv.row([
                invited.invitation_id.as_str(),
                // `62…`: a cell starting with `+` would be made text with a `'` for Excel; SMS
                // gateways take the number without its `+`, as wa.me does.
                phone.trim_start_matches('+'),
                body.as_str(),
                measured.encoding.label(),
                &measured.parts.to_string(),
                &whatsapp_url(&phone, &body),
            ])?;
            written.rows += 1;
            written.parts += measured.parts;
            Ok(())
        })?;
        csv.commit()?;
        crate::timings::record("messages", started);
        Ok(written)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(text: &str) -> (Encoding, usize) {
        let s = segments(text);
        (s.encoding, s.parts)
    }

    #[test]
    fn gsm7_single_and_concatenated() {
        assert_eq!(seg(""), (Encoding::Gsm7, 1));
        assert_eq!(seg(&"a".repeat(160)), (Encoding::Gsm7, 1));
        assert_eq!(seg(&"a".repeat(161)), (Encoding::Gsm7, 2));
        assert_eq!(seg(&"a".repeat(306)), (Encoding::Gsm7, 2));
        assert_eq!(seg(&"a".repeat(307)), (Encoding::Gsm7, 3));
    }

    #[test]
    fn the_extension_table_counts_double() {
        // 80 euro signs are 160 septets: one part; 81 are two.
        assert_eq!(seg(&"€".repeat(80)), (Encoding::Gsm7, 1));
        assert_eq!(seg(&"€".repeat(81)), (Encoding::Gsm7, 2));
        assert_eq!(seg(&format!("{}[", "a".repeat(158))), (Encoding::Gsm7, 1));
        assert_eq!(seg(&format!("{}[", "a".repeat(159))), (Encoding::Gsm7, 2));
        // An escape pair is not split: 152 septets, then a `[` that would straddle the boundary.
        assert_eq!(
            seg(&format!("{}[{}", "a".repeat(152), "a".repeat(152))),
            (Encoding::Gsm7, 3)
        );
    }

    #[test]
    fn anything_outside_gsm_makes_it_ucs2() {
        // A curly quote, as phones and Word type them.
        assert_eq!(seg("Yth. ‘Siti’"), (Encoding::Ucs2, 1));
        assert_eq!(seg(&"a".repeat(69)), (Encoding::Gsm7, 1));
        assert_eq!(seg(&format!("{}’", "a".repeat(69))), (Encoding::Ucs2, 1));
        assert_eq!(seg(&format!("{}’", "a".repeat(70))), (Encoding::Ucs2, 2));
        // An emoji is two UTF-16 units and is never split.
        assert_eq!(seg(&"😀".repeat(35)), (Encoding::Ucs2, 1));
        assert_eq!(seg(&"😀".repeat(36)), (Encoding::Ucs2, 2));
        assert_eq!(seg(&format!("{}😀", "a".repeat(66))), (Encoding::Ucs2, 1));
        assert_eq!(
            seg(&format!("{}😀{}", "a".repeat(66), "a".repeat(10))),
            (Encoding::Ucs2, 2)
        );
    }

    #[test]
    fn whatsapp_links_carry_the_text() {
        assert_eq!(
            whatsapp_url("+6281234567801", "Rekam KTP-el & bawa KK"),
            "https://wa.me/6281234567801?text=Rekam%20KTP%2Del%20%26%20bawa%20KK"
        );
    }
}
