//! QR tokens (spec §8): what an invitation's QR code holds, signed with the campaign's Ed25519 key so
//! anyone with the public key can check a letter offline and only the district can make one.
//!
//! A token is the RFC 4648 base32 (upper case, no padding) of `payload || signature`. Base32 uses only
//! characters of the QR alphanumeric mode, so the code stays small; it holds no NIK and no name.
//!
//! Payload, version 2 (all integers big-endian):
//!
//! | bytes | field |
//! | --- | --- |
//! | 1 | version = 2 |
//! | 4 | the campaign: the first 4 bytes of SHA-256 of its id |
//! | 5 | invitation id, its 40 Crockford bits |
//! | 1 + n | office id, length-prefixed ASCII |
//! | 2 | appointment date, days since 2000-01-01 |
//! | 2 + 2 | session start and end, minutes after midnight |
//!
//! Version 1 spelled the campaign id out (length-prefixed ASCII) where version 2 has its hash: the
//! id of a long campaign made the code a size larger, its modules smaller, and a photocopied letter
//! harder to scan. Letters printed with version 1 still verify. A hash still tells another campaign's
//! letter (`wrong_campaign`); with the campaign's key, no other letter can be made.
//!
//! The signature covers `DOMAIN || payload`, so a papila signature can never be replayed as a
//! signature over anything else made with the same key.

use chrono::{Duration, NaiveDate, NaiveTime, Timelike};
use data_encoding::BASE32_NOPAD;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};

use crate::appointment::Appointment;
use crate::ids;

const VERSION: u8 = 2;
/// The first version, with the campaign id spelled out; read, never written.
const VERSION_1: u8 = 1;
const DOMAIN: &[u8] = b"papila token v1\0";
const SIGNATURE_LEN: usize = 64;

/// What a token invites to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claims {
    pub campaign: Campaign,
    pub invitation_id: String,
    pub appointment: Appointment,
}

/// The campaign a token names: its id (version 1), or its id's hash (version 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Campaign {
    Id(String),
    Hash([u8; 4]),
}

impl Campaign {
    /// The campaign of `id`, as tokens made now name it.
    pub fn of(id: &str) -> Campaign {
        Campaign::Hash(campaign_hash(id))
    }

    /// Whether this is the campaign `id`.
    pub(crate) fn is(&self, id: &str) -> bool {
        match self {
            Campaign::Id(own) => own == id,
            Campaign::Hash(hash) => *hash == campaign_hash(id),
        }
    }
}

impl std::fmt::Display for Campaign {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Campaign::Id(id) => f.write_str(id),
            Campaign::Hash(h) => write!(f, "#{}", data_encoding::HEXLOWER.encode(h)),
        }
    }
}

fn campaign_hash(id: &str) -> [u8; 4] {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(id.as_bytes());
    [digest[0], digest[1], digest[2], digest[3]]
}

/// What checking a token found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Signed by the campaign's key.
    Genuine(Claims),
    /// Well formed, but the signature does not match: changed or made without the key. The claims
    /// are what the token says, not facts.
    Forged(Claims),
    /// Not a papila token at all, or damaged; the reason is for staff.
    Malformed(String),
}

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(2000, 1, 1).expect("valid date")
}

fn minutes(t: NaiveTime) -> u16 {
    (t.hour() * 60 + t.minute()) as u16
}

/// Packs the claims. Ids are checked by the config (ASCII, at most 40 and 32 bytes), so this only
/// fails on an invitation id the ledger could not have issued.
fn payload(c: &Claims) -> Vec<u8> {
    let a = &c.appointment;
    let mut out = Vec::with_capacity(20 + a.office_id.len());
    match &c.campaign {
        Campaign::Hash(hash) => {
            out.push(VERSION);
            out.extend_from_slice(hash);
        }
        Campaign::Id(id) => {
            out.push(VERSION_1);
            push_text(&mut out, id);
        }
    }
    let bits = ids::to_bits(&c.invitation_id).expect("invitation ids come from ids::derive");
    out.extend_from_slice(&bits.to_be_bytes()[3..]);
    push_text(&mut out, &a.office_id);
    let days = (a.date - epoch()).num_days().clamp(0, i64::from(u16::MAX)) as u16;
    out.extend_from_slice(&days.to_be_bytes());
    out.extend_from_slice(&minutes(a.start).to_be_bytes());
    out.extend_from_slice(&minutes(a.end).to_be_bytes());
    out
}

fn push_text(out: &mut Vec<u8>, text: &str) {
    let len = u8::try_from(text.len()).expect("ids are limited to 40 bytes by the config");
    out.push(len);
    out.extend_from_slice(text.as_bytes());
}

fn message(payload: &[u8]) -> Vec<u8> {
    [DOMAIN, payload].concat()
}

/// The token for `claims`, signed with `key`.
pub fn sign(key: &SigningKey, claims: &Claims) -> String {
    let payload = payload(claims);
    let signature = key.sign(&message(&payload));
    let mut bytes = payload;
    bytes.extend_from_slice(&signature.to_bytes());
    BASE32_NOPAD.encode(&bytes)
}

/// Checks a token as a scanner typed it (surrounding spaces ignored, any letter case).
pub(crate) fn verify(key: &VerifyingKey, token: &str) -> Verdict {
    let (claims, payload, signature) = match parse(token) {
        Ok(parts) => parts,
        Err(reason) => return Verdict::Malformed(reason),
    };
    match key.verify(&message(&payload), &signature) {
        Ok(()) => Verdict::Genuine(claims),
        Err(_) => Verdict::Forged(claims),
    }
}

type Parsed = (Claims, Vec<u8>, Signature);

fn parse(token: &str) -> Result<Parsed, String> {
    let text = token.trim().to_ascii_uppercase();
    if text.is_empty() {
        return Err(t!("token-empty"));
    }
    let bytes = BASE32_NOPAD
        .decode(text.as_bytes())
        .map_err(|_| t!("token-not-papila"))?;
    if bytes.len() <= SIGNATURE_LEN {
        return Err(t!("token-short"));
    }
    let (payload, signature) = bytes.split_at(bytes.len() - SIGNATURE_LEN);
    let signature = Signature::from_slice(signature).map_err(|_| t!("token-signature-damaged"))?;
    let claims = read_payload(payload)?;
    Ok((claims, payload.to_vec(), signature))
}

fn read_payload(p: &[u8]) -> Result<Claims, String> {
    let mut r = Reader { rest: p };
    let campaign = match r.byte()? {
        VERSION => {
            let hash = r.take(4)?;
            Campaign::Hash([hash[0], hash[1], hash[2], hash[3]])
        }
        VERSION_1 => Campaign::Id(r.text()?),
        version => {
            return Err(t!(
                "token-version",
                version = version,
                first = VERSION_1,
                last = VERSION
            ));
        }
    };
    let id_bytes = r.take(5)?;
    let bits = id_bytes
        .iter()
        .fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
    let office_id = r.text()?;
    let days = r.u16()?;
    let start = r.u16()?;
    let end = r.u16()?;
    if !r.rest.is_empty() {
        return Err(t!("token-long"));
    }
    let time = |m: u16| {
        NaiveTime::from_hms_opt(u32::from(m / 60), u32::from(m % 60), 0)
            .ok_or_else(|| t!("token-time"))
    };
    Ok(Claims {
        campaign,
        invitation_id: ids::from_bits(bits),
        appointment: Appointment {
            office_id,
            date: epoch() + Duration::days(i64::from(days)),
            start: time(start)?,
            end: time(end)?,
        },
    })
}

struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        if self.rest.len() < n {
            return Err(t!("token-cut"));
        }
        let (head, tail) = self.rest.split_at(n);
        self.rest = tail;
        Ok(head)
    }

    fn byte(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }

    fn u16(&mut self) -> Result<u16, String> {
        let b = self.take(2)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }

    fn text(&mut self) -> Result<String, String> {
        let n = self.byte()? as usize;
        let b = self.take(n)?;
        if !b.iter().all(|c| c.is_ascii_graphic()) {
            return Err(t!("token-names"));
        }
        Ok(String::from_utf8(b.to_vec()).expect("ASCII"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(seed: u8) -> SigningKey {
        SigningKey::from_bytes(&[seed; 32])
    }

    fn claims() -> Claims {
        Claims {
            campaign: Campaign::of("pilkada-2024-cilacap"),
            invitation_id: "PT83K9SD".into(),
            appointment: Appointment {
                office_id: "kesugihan".into(),
                date: NaiveDate::from_ymd_opt(2024, 8, 19).unwrap(),
                start: NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
                end: NaiveTime::from_hms_opt(12, 0, 0).unwrap(),
            },
        }
    }

    #[test]
    fn round_trip() {
        let t = sign(&key(1), &claims());
        assert_eq!(
            verify(&key(1).verifying_key(), &t),
            Verdict::Genuine(claims())
        );
        // Scanners and people change case and add spaces.
        assert_eq!(
            verify(
                &key(1).verifying_key(),
                &format!("  {}\n", t.to_lowercase())
            ),
            Verdict::Genuine(claims())
        );
    }

    #[test]
    fn fits_qr_alphanumeric_and_holds_no_personal_data() {
        let t = sign(&key(1), &claims());
        assert!(
            t.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        );
        // A 9-byte office: 90 bytes, 144 characters, a version 7 QR code at level M.
        assert_eq!(t.len(), 144, "{t}");
        // The invitation id of a real NIK: neither the NIK's digits nor its number are in the
        // token, in any of the forms a careless encoding would leave.
        let nik = "3301021708070001";
        let with_id = Claims {
            invitation_id: ids::derive(&[5; 32], "pilkada-2024-cilacap", nik, 0),
            ..claims()
        };
        let bytes = BASE32_NOPAD
            .decode(sign(&key(1), &with_id).as_bytes())
            .unwrap();
        let number: u64 = nik.parse().unwrap();
        for needle in [
            nik.as_bytes().to_vec(),
            nik.as_bytes()[4..12].to_vec(),
            number.to_be_bytes()[2..].to_vec(),
            number.to_le_bytes()[..6].to_vec(),
        ] {
            assert!(!bytes.windows(needle.len()).any(|w| w == needle.as_slice()));
        }
    }

    #[test]
    fn another_key_or_a_changed_character_is_caught() {
        let t = sign(&key(1), &claims());
        assert!(matches!(
            verify(&key(2).verifying_key(), &t),
            Verdict::Forged(_)
        ));
        // Change every position in turn: each must be forged or malformed, never genuine.
        for i in 0..t.len() {
            let mut b = t.clone().into_bytes();
            b[i] = if b[i] == b'A' { b'B' } else { b'A' };
            let changed = String::from_utf8(b).unwrap();
            assert!(
                !matches!(
                    verify(&key(1).verifying_key(), &changed),
                    Verdict::Genuine(_)
                ),
                "position {i}"
            );
        }
    }

    #[test]
    fn a_version_1_letter_still_verifies_and_names_its_campaign() {
        let old = Claims {
            campaign: Campaign::Id("pilkada-2024-cilacap".into()),
            ..claims()
        };
        let t = sign(&key(1), &old);
        assert_eq!(verify(&key(1).verifying_key(), &t), Verdict::Genuine(old));
        assert!(t.len() > 170, "version 1 spelled the campaign out");
        let Verdict::Genuine(read) = verify(&key(1).verifying_key(), &sign(&key(1), &claims()))
        else {
            panic!("genuine")
        };
        assert!(read.campaign.is("pilkada-2024-cilacap"));
        assert!(!read.campaign.is("pilkada-2029-cilacap"));
        assert_eq!(read.campaign.to_string().len(), 9, "{}", read.campaign);
    }

    #[test]
    fn garbage_is_malformed() {
        let k = key(1).verifying_key();
        for junk in [
            "",
            "hello",
            "PT83K9SD",
            "12345678901234567890",
            &"A".repeat(200),
        ] {
            assert!(
                matches!(verify(&k, junk), Verdict::Malformed(_)),
                "{junk:?}"
            );
        }
    }
}
