//! The signed list of void letters a village office carries with the public key (spec §8 offline):
//! the invitations cancelled, and those whose appointment was moved with the appointment that
//! stands, so `checkin --public-key` and `verify --public-key` refuse a cancelled letter and name a
//! moved one's new appointment without the ledger. Signed with the campaign's key like the QR
//! codes: a list changed by one byte is refused; one older than a list already carried too.
//!
//! The file is text, one entry a line, then the signature of every byte before it:
//!
//! ```text
//! papila void list 1
//! campaign pilkada-2024-cilacap
//! made 2024-08-19 07:30:00
//! cancelled PT83K9SD
//! moved 2JT0CYNZ kesugihan 2024-08-20 08:00 12:00
//! signature 3f…
//! ```

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveTime};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};

use crate::appointment::Appointment;

const HEADER: &str = "papila void list 1";

/// What the list says of one invitation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Entry {
    Cancelled,
    /// Moved: the appointment that stands.
    Moved(Appointment),
}

/// A list read and verified.
#[derive(Debug, Clone)]
pub(crate) struct VoidList {
    pub(crate) campaign: String,
    /// When the district made it (`text::stamp`): a list older than one carried before is refused.
    pub(crate) made: String,
    pub(crate) entries: HashMap<String, Entry>,
}

/// Why a list was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refused {
    /// Not a void list at all, or cut short.
    NotAList,
    /// Its signature does not match the key: changed, or not made by the district.
    Altered,
}

/// The list's text, signed with `key`.
pub(crate) fn write(
    key: &SigningKey,
    campaign: &str,
    made: &str,
    entries: &[(String, Entry)],
) -> String {
    let mut body = format!("{HEADER}\ncampaign {campaign}\nmade {made}\n");
    for (id, entry) in entries {
        match entry {
            Entry::Cancelled => body.push_str(&format!("cancelled {id}\n")),
            Entry::Moved(a) => body.push_str(&format!(
                "moved {id} {} {} {} {}\n",
                a.office_id,
                a.date_iso(),
                a.start_hm(),
                a.end_hm()
            )),
        }
    }
    let signature = key.sign(body.as_bytes());
    body.push_str(&format!(
        "signature {}\n",
        data_encoding::HEXLOWER.encode(&signature.to_bytes())
    ));
    body
}

/// Reads a list and checks its signature with `key`.
pub(crate) fn read(key: &VerifyingKey, text: &str) -> Result<VoidList, Refused> {
    let at = text.rfind("signature ").ok_or(Refused::NotAList)?;
    let (body, tail) = text.split_at(at);
    let hex = tail
        .trim()
        .strip_prefix("signature ")
        .ok_or(Refused::NotAList)?;
    let bytes = data_encoding::HEXLOWER
        .decode(hex.as_bytes())
        .map_err(|_| Refused::Altered)?;
    let signature = Signature::from_slice(&bytes).map_err(|_| Refused::Altered)?;
    key.verify(body.as_bytes(), &signature)
        .map_err(|_| Refused::Altered)?;
    let mut lines = body.lines();
    if lines.next() != Some(HEADER) {
        return Err(Refused::NotAList);
    }
    let mut field = |name: &str| {
        lines
            .next()
            .and_then(|l| l.strip_prefix(name))
            .map(|v| v.trim().to_string())
            .ok_or(Refused::NotAList)
    };
    let campaign = field("campaign ")?;
    let made = field("made ")?;
    let mut entries = HashMap::new();
    for line in lines {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["cancelled", id] => {
                entries.insert(id.to_string(), Entry::Cancelled);
            }
            ["moved", id, office, date, start, end] => {
                let hm = |t: &str| NaiveTime::parse_from_str(t, "%H:%M").ok();
                let a = Appointment {
                    office_id: office.to_string(),
                    date: NaiveDate::parse_from_str(date, "%Y-%m-%d")
                        .map_err(|_| Refused::NotAList)?,
                    start: hm(start).ok_or(Refused::NotAList)?,
                    end: hm(end).ok_or(Refused::NotAList)?,
                };
                entries.insert(id.to_string(), Entry::Moved(a));
            }
            [] => {}
            _ => return Err(Refused::NotAList),
        }
    }
    Ok(VoidList {
        campaign,
        made,
        entries,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_reads_back_and_a_changed_byte_is_refused() {
        let key = SigningKey::from_bytes(&[7; 32]);
        let moved = Appointment {
            office_id: "kesugihan".into(),
            date: NaiveDate::from_ymd_opt(2024, 8, 20).unwrap(),
            start: NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
            end: NaiveTime::from_hms_opt(12, 0, 0).unwrap(),
        };
        let text = write(
            &key,
            "c",
            "2024-08-19 07:30:00",
            &[
                ("PT83K9SD".into(), Entry::Cancelled),
                ("2JT0CYNZ".into(), Entry::Moved(moved.clone())),
            ],
        );
        let list = read(&key.verifying_key(), &text).unwrap();
        assert_eq!(list.campaign, "c");
        assert_eq!(list.made, "2024-08-19 07:30:00");
        assert_eq!(list.entries["PT83K9SD"], Entry::Cancelled);
        assert_eq!(list.entries["2JT0CYNZ"], Entry::Moved(moved));
        // One byte changed anywhere before the signature: refused.
        for at in [0, 25, text.find("PT83").unwrap() + 1] {
            let mut bytes = text.clone().into_bytes();
            bytes[at] ^= 1;
            let changed = String::from_utf8(bytes).unwrap();
            assert!(read(&key.verifying_key(), &changed).is_err(), "byte {at}");
        }
        // Another key's list: refused.
        let other = SigningKey::from_bytes(&[8; 32]);
        assert_eq!(
            read(&other.verifying_key(), &text).unwrap_err(),
            Refused::Altered
        );
        assert_eq!(
            read(&key.verifying_key(), "hello").unwrap_err(),
            Refused::NotAList
        );
    }
}
