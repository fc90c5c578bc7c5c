//! Text hygiene for every value read from a list: control characters (C0, C1, NUL), bidirectional
//! overrides and isolates (U+202A–U+202E, U+2066–U+2069, which make a printed name read backwards),
//! and invisible characters (zero-width spaces and joiners, soft hyphens, byte-order marks) are
//! removed, line breaks and tabs become spaces, and the text is put in Unicode NFC so a name typed
//! two ways is one name. Removing (with a warning on the row) rather than rejecting keeps the row:
//! such characters come from copying out of chat apps and PDFs, not from the person's name.

use std::borrow::Cow;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// A value made clean, and how many characters were taken out or were line breaks.
pub(crate) struct Clean<'a> {
    pub(crate) text: Cow<'a, str>,
    pub(crate) removed: usize,
    pub(crate) breaks: usize,
}

/// What becomes of one character.
enum Fate {
    Keep,
    Space,
    Break,
    Drop,
}

fn fate(c: char) -> Fate {
    match c {
        '\t' | '\n' | '\r' | '\u{2028}' | '\u{2029}' => Fate::Break,
        '\u{a0}' => Fate::Space,
        c if c.is_control() => Fate::Drop,
        '\u{200b}'..='\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{ad}'
        | '\u{feff}' => Fate::Drop,
        _ => Fate::Keep,
    }
}

/// `text` without what no list value should hold, in NFC, trimmed, runs of spaces made one.
pub(crate) fn clean(text: &str) -> Clean<'_> {
    let plain = text.chars().all(|c| matches!(fate(c), Fate::Keep))
        && matches!(is_nfc_quick(text.chars()), IsNormalized::Yes)
        && !text.contains("  ");
    if plain {
        return Clean {
            text: Cow::Borrowed(text.trim()),
            removed: 0,
            breaks: 0,
        };
    }
    let (mut removed, mut breaks) = (0, 0);
    let mut out = String::with_capacity(text.len());
    for c in text.nfc() {
        match fate(c) {
            Fate::Keep => out.push(c),
            Fate::Space => out.push(' '),
            Fate::Break => {
                breaks += 1;
                out.push(' ');
            }
            Fate::Drop => removed += 1,
        }
    }
    let joined = out.split_whitespace().collect::<Vec<_>>().join(" ");
    Clean {
        text: Cow::Owned(joined),
        removed,
        breaks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_and_control_characters_go_and_names_become_one_spelling() {
        let c = clean("SITI\u{0}AMINAH");
        assert_eq!((c.text.as_ref(), c.removed), ("SITIAMINAH", 1));
        let c = clean("\u{202e}HANIMA ITIS");
        assert_eq!((c.text.as_ref(), c.removed), ("HANIMA ITIS", 1));
        let c = clean("SITI\u{200b} AMINAH\u{feff}");
        assert_eq!((c.text.as_ref(), c.removed), ("SITI AMINAH", 2));
        // A line break inside a quoted cell: a space, nothing removed.
        let c = clean("SITI\nAMINAH");
        assert_eq!(
            (c.text.as_ref(), c.removed, c.breaks),
            ("SITI AMINAH", 0, 1)
        );
        let c = clean("NI\u{85}MAH");
        assert_eq!((c.text.as_ref(), c.removed), ("NIMAH", 1));
        // é as one character or as e + combining accent: the same name.
        assert_eq!(clean("ANDRE\u{301}").text, clean("ANDR\u{c9}").text);
        assert!(matches!(clean("  BUDI  SANTOSO ").text, Cow::Owned(_)));
        assert_eq!(clean("  BUDI  SANTOSO ").text, "BUDI SANTOSO");
        assert!(matches!(
            clean(" BUDI SANTOSO ").text,
            Cow::Borrowed("BUDI SANTOSO")
        ));
    }
}
