//! Indonesian mobile numbers to E.164 (`+62812…`), from the ways people write them.

/// `0812-3456-7890`, `+62 812 3456 7890`, `62812…`, `812…` → `+6281234567890`. Anything that is not a
/// plausible Indonesian mobile number (8xx, 9 to 12 digits after the country code) is an error; the
/// caller turns it into a warning, since the person is still invited by letter.
pub(crate) fn normalize(text: &str) -> Result<String, String> {
    let t = text.trim().trim_start_matches('\'');
    let digits: String = t.chars().filter(char::is_ascii_digit).collect();
    let allowed = t
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')' | '+'));
    if !allowed || t.matches('+').count() > 1 || (t.contains('+') && !t.starts_with('+')) {
        return Err(t!("row-phone", value = t));
    }
    let national = if let Some(rest) = digits.strip_prefix("62") {
        rest
    } else if let Some(rest) = digits.strip_prefix('0') {
        rest
    } else {
        digits.as_str()
    };
    if t.starts_with('+') && !digits.starts_with("62") {
        return Err(t!("row-phone-country", value = t));
    }
    if !national.starts_with('8') || !(9..=12).contains(&national.len()) {
        return Err(t!("row-phone-mobile", value = t));
    }
    Ok(format!("+62{national}"))
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn documented_forms_normalise() {
        for s in [
            "0812-3456-7890",
            "+62 812 3456 7890",
            "6281234567890",
            "81234567890",
            "(0812) 3456.7890",
        ] {
            assert_eq!(normalize(s).as_deref(), Ok("+6281234567890"), "{s}");
        }
    }

    #[test]
    fn implausible_numbers_are_refused() {
        for s in [
            "0282-123456",
            "12345",
            "+1 415 555 0100",
            "0812-ABCD-1234",
            "08123",
        ] {
            assert!(normalize(s).is_err(), "{s}");
        }
    }
}
