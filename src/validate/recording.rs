//! A list's recording status (spec §2): the words Disdukcapil's exports use, in Indonesian or as the
//! e-KTP pipeline writes them, full or abbreviated, in any case, with spaces, `-` or `_` alike.

/// What a recording status means for an invitation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Recording {
    /// No status given: the list says nothing.
    Unstated,
    /// Not recorded yet: invite.
    NotRecorded(&'static str),
    /// Recorded (the card may still be on its way): not invited.
    Recorded(&'static str),
    /// Recorded more than once: a new recording makes it worse; not invited, resolved at Disdukcapil.
    Duplicate,
    /// The recording did not arrive whole: it must be deleted and made again; invited.
    Failed(&'static str),
    /// A word papila does not know: treated as not recorded, with a warning.
    Unknown,
}

/// (name as reports write it, abbreviation) of statuses meaning "not recorded yet".
const NOT_RECORDED: &[(&str, &str)] = &[("BELUM REKAM", ""), ("UNREGISTERED", "")];

/// Statuses meaning "recorded".
const RECORDED: &[(&str, &str)] = &[
    ("SUDAH REKAM", ""),
    ("REKAM", ""),
    ("RECORDED", ""),
    ("BIO_CAPTURED", "BC"),
    ("PROCESSING", "PRO"),
    ("SENT_FOR_ENROLLMENT", "SFE"),
    ("RECEIVED_AT_CENTRAL", ""),
    ("PRINT_READY_RECORD", "PRR"),
    ("CARD_PRINTED", ""),
    ("CARD_SHIPPED", ""),
    ("CARD_ISSUED", ""),
];

/// Statuses of a recording that failed on its way.
const FAILED: &[(&str, &str)] = &[
    ("ENROLL_FAILURE_AT_CENTRAL", "EFAC"),
    ("ENROLL_FAILURE_AT_REGIONAL", ""),
    ("SEARCH_FAILURE_AT_CENTRAL", ""),
];

const DUPLICATE: (&str, &str) = ("DUPLICATE_RECORD", "DUP");

impl Recording {
    /// The meaning of a status cell.
    pub(crate) fn read(text: &str) -> Recording {
        let word = normalize(text);
        if word.is_empty() {
            return Recording::Unstated;
        }
        let find = |table: &[(&'static str, &'static str)]| {
            table
                .iter()
                .find(|(name, short)| spelled(name, &word) || (!short.is_empty() && *short == word))
                .map(|(name, _)| *name)
        };
        if let Some(name) = find(NOT_RECORDED) {
            return Recording::NotRecorded(name);
        }
        if find(&[DUPLICATE]).is_some() {
            return Recording::Duplicate;
        }
        if let Some(name) = find(RECORDED) {
            return Recording::Recorded(name);
        }
        if let Some(name) = find(FAILED) {
            return Recording::Failed(name);
        }
        // Free Indonesian wording: "BELUM PEREKAMAN", "SUDAH REKAM KTP-EL".
        if word.contains("BELUM") {
            Recording::NotRecorded("BELUM REKAM")
        } else if word.starts_with("SUDAH") {
            Recording::Recorded("SUDAH REKAM")
        } else {
            Recording::Unknown
        }
    }

    /// The status as the ledger keeps it: its name, or empty when none was given.
    pub(crate) fn stored(self) -> &'static str {
        match self {
            Recording::Unstated => "",
            other => other.name(),
        }
    }

    /// The status as a summary shows it to staff: its name, or what stands for none.
    pub(crate) fn shown(self) -> String {
        match self {
            Recording::Unstated => t!("recording-none-given"),
            Recording::Unknown => t!("recording-not-recognised"),
            other => other.name().to_string(),
        }
    }

    /// The status as the ledger keeps it and reasons name it.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Recording::Unstated => "(none given)",
            Recording::NotRecorded(name) | Recording::Recorded(name) | Recording::Failed(name) => {
                name
            }
            Recording::Duplicate => DUPLICATE.0,
            Recording::Unknown => "(not recognised)",
        }
    }

    /// The statuses papila knows, for a message about one it does not.
    pub(crate) fn known() -> String {
        let mut names: Vec<&str> = NOT_RECORDED.iter().map(|(n, _)| *n).collect();
        names.extend(RECORDED.iter().map(|(n, _)| *n));
        names.push(DUPLICATE.0);
        names.extend(FAILED.iter().map(|(n, _)| *n));
        names.join(", ")
    }
}

/// Whether `word` (normalized) is the table's `name` (upper case, `_` between words), without
/// making a string per name: it runs for every row of a list.
fn spelled(name: &str, word: &str) -> bool {
    name.len() == word.len()
        && name
            .bytes()
            .zip(word.bytes())
            .all(|(n, w)| (if n == b'_' { b' ' } else { n }) == w)
}

/// Upper case, with `-`, `_` and runs of spaces as one space.
fn normalize(text: &str) -> String {
    text.to_uppercase()
        .replace(['-', '_'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_and_abbreviated_words_in_any_case_and_spelling() {
        for (text, meaning) in [
            ("", Recording::Unstated),
            ("BELUM REKAM", Recording::NotRecorded("BELUM REKAM")),
            ("belum_rekam", Recording::NotRecorded("BELUM REKAM")),
            ("Unregistered", Recording::NotRecorded("UNREGISTERED")),
            ("SUDAH REKAM", Recording::Recorded("SUDAH REKAM")),
            ("sudah rekam ktp-el", Recording::Recorded("SUDAH REKAM")),
            ("PRR", Recording::Recorded("PRINT_READY_RECORD")),
            ("prr", Recording::Recorded("PRINT_READY_RECORD")),
            (
                "print ready record",
                Recording::Recorded("PRINT_READY_RECORD"),
            ),
            (
                "Print-Ready-Record",
                Recording::Recorded("PRINT_READY_RECORD"),
            ),
            ("SFE", Recording::Recorded("SENT_FOR_ENROLLMENT")),
            ("BC", Recording::Recorded("BIO_CAPTURED")),
            ("bio_captured", Recording::Recorded("BIO_CAPTURED")),
            ("PRO", Recording::Recorded("PROCESSING")),
            (
                "Received At Central",
                Recording::Recorded("RECEIVED_AT_CENTRAL"),
            ),
            ("card-printed", Recording::Recorded("CARD_PRINTED")),
            ("DUP", Recording::Duplicate),
            ("duplicate record", Recording::Duplicate),
            ("EFAC", Recording::Failed("ENROLL_FAILURE_AT_CENTRAL")),
            (
                "enroll-failure-at-regional",
                Recording::Failed("ENROLL_FAILURE_AT_REGIONAL"),
            ),
            (
                "SEARCH FAILURE AT CENTRAL",
                Recording::Failed("SEARCH_FAILURE_AT_CENTRAL"),
            ),
            ("MAYBE", Recording::Unknown),
        ] {
            assert_eq!(Recording::read(text), meaning, "{text:?}");
        }
    }
}
