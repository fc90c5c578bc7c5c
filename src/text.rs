//! Dates and times as an Indonesian letter writes them ("Senin, 19 Agustus 2024", "08.00–12.00 WIB"):
//! the one place every stage that prints (letters, sheets, email, SMS, check-in, report) takes them from.

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike, Weekday};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
/// The campaign's time zone, printed after times ("08.00 WIB").
pub(crate) enum Timezone {
    Wib,
    Wita,
    Wit,
}

impl Timezone {
    /// Hours ahead of UTC: WIB is UTC+7, WITA +8, WIT +9 (no daylight saving).
    pub(crate) fn utc_offset_hours(self) -> i32 {
        match self {
            Timezone::Wib => 7,
            Timezone::Wita => 8,
            Timezone::Wit => 9,
        }
    }

    /// The time now on the wall clocks of this zone.
    pub(crate) fn now(self) -> chrono::NaiveDateTime {
        chrono::Utc::now().naive_utc() + chrono::Duration::hours(self.utc_offset_hours().into())
    }

    pub(crate) fn label(self) -> &'static str {
        match self {
            Timezone::Wib => "WIB",
            Timezone::Wita => "WITA",
            Timezone::Wit => "WIT",
        }
    }
}

const MONTHS: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

pub(crate) fn day_name(date: NaiveDate) -> &'static str {
    match date.weekday() {
        Weekday::Mon => "Senin",
        Weekday::Tue => "Selasa",
        Weekday::Wed => "Rabu",
        Weekday::Thu => "Kamis",
        Weekday::Fri => "Jumat",
        Weekday::Sat => "Sabtu",
        Weekday::Sun => "Minggu",
    }
}

/// "19 Agustus 2024".
pub(crate) fn date(date: NaiveDate) -> String {
    format!(
        "{} {} {}",
        date.day(),
        MONTHS[date.month0() as usize],
        date.year()
    )
}

/// "Senin, 19 Agustus 2024".
pub(crate) fn day_and_date(d: NaiveDate) -> String {
    format!("{}, {}", day_name(d), date(d))
}

/// "2024-08-19 08:13:05": when a scan, a check-in or an undo happened, as the ledger keeps it.
pub(crate) fn stamp(at: chrono::NaiveDateTime) -> String {
    at.format("%Y-%m-%d %H:%M:%S").to_string()
}

/// A stamp as staff read it: "Senin, 19 Agustus 2024, 09.05" (the stamp as kept if it is not one).
pub(crate) fn when(stamp: &str) -> String {
    match parse_stamp(stamp) {
        Some(at) => format!("{}, {}", day_and_date(at.date()), time(at.time())),
        None => stamp.to_string(),
    }
}

/// `stamp` read back.
pub(crate) fn parse_stamp(text: &str) -> Option<chrono::NaiveDateTime> {
    chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").ok()
}

/// "08.00": Indonesian letters write hours and minutes with a dot.
pub(crate) fn time(t: NaiveTime) -> String {
    format!("{:02}.{:02}", t.hour(), t.minute())
}

/// "08.00–12.00 WIB".
pub(crate) fn session(start: NaiveTime, end: NaiveTime, tz: Timezone) -> String {
    format!("{}–{} {}", time(start), time(end), tz.label())
}

/// "Kedua" for a second invitation, "Ketiga" for a third; empty for the first.
pub(crate) fn ordinal(n: i64) -> String {
    match n {
        ..=1 => String::new(),
        2 => "Kedua".into(),
        3 => "Ketiga".into(),
        4 => "Keempat".into(),
        5 => "Kelima".into(),
        n => format!("ke-{n}"),
    }
}

/// `value` on one line: line breaks, tabs and other control characters as single spaces. A value
/// from a list that reaches an email's subject or an SMS must not break its lines.
/// A name compared as spelled, not as typed: letters and digits only, upper case, one space
/// between words ("Siti  Aminah." and "SITI AMINAH" are one name).
pub(crate) fn fold_name(name: &str) -> String {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_uppercase)
        .collect::<Vec<_>>()
        .join(" ")
}

pub(crate) fn one_line(value: &str) -> String {
    if !value.chars().any(char::is_control) {
        return value.to_string();
    }
    value
        .split(char::is_control)
        .flat_map(str::split_whitespace)
        .collect::<Vec<_>>()
        .join(" ")
}

/// `value` cut to `max` characters with `…` after it, for quoting a user's value in a message: a
/// 5 MB cell or a binary file's first line must not fill the screen.
pub(crate) fn cut(value: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match value.char_indices().nth(max) {
        Some((at, _)) => std::borrow::Cow::Owned(format!("{}…", &value[..at])),
        None => std::borrow::Cow::Borrowed(value),
    }
}

/// `message` with every quoted value (`"…"`) longer than 60 characters cut to 40 and `…`: the one
/// place a message about a user's value keeps it readable, however long the value was.
pub(crate) fn cut_quotes(message: &str) -> std::borrow::Cow<'_, str> {
    let parts: Vec<&str> = message.split('"').collect();
    // Odd parts lie between quotes, but for a last one left open.
    let quoted = |i: usize| i % 2 == 1 && i + 1 < parts.len();
    let long = |i: usize, part: &str| quoted(i) && part.chars().count() > 60;
    if !parts.iter().enumerate().any(|(i, p)| long(i, p)) {
        return std::borrow::Cow::Borrowed(message);
    }
    let cut_parts: Vec<std::borrow::Cow<str>> = parts
        .iter()
        .enumerate()
        .map(|(i, p)| if long(i, p) { cut(p, 40) } else { (*p).into() })
        .collect();
    std::borrow::Cow::Owned(cut_parts.join("\""))
}

/// `[issuer] letter_number` with the invitation's number in place of `{seq}` (as it is: `17`) or
/// `{seq:0N}` (N digits, zeros in front: `{seq:05}` gives `00017`), as the office numbers letters.
pub(crate) fn letter_number(pattern: &str, seq: i64) -> String {
    let mut out = pattern.replace("{seq}", &seq.to_string());
    while let Some(at) = out.find("{seq:0") {
        let Some(close) = out[at..].find('}') else {
            break;
        };
        let Ok(width) = out[at + 6..at + close].parse::<usize>() else {
            break;
        };
        out.replace_range(at..=at + close, &format!("{seq:0width$}"));
    }
    out
}

/// Whether a letter number pattern holds the number: `{seq}` or `{seq:0N}`.
pub(crate) fn has_seq(pattern: &str) -> bool {
    pattern.contains("{seq}")
        || pattern.match_indices("{seq:0").any(|(at, _)| {
            pattern[at + 6..]
                .split_once('}')
                .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn indonesian_dates() {
        assert_eq!(day_and_date(d(2024, 8, 19)), "Senin, 19 Agustus 2024");
        assert_eq!(day_and_date(d(2024, 11, 27)), "Rabu, 27 November 2024");
        assert_eq!(day_and_date(d(2024, 9, 1)), "Minggu, 1 September 2024");
        assert_eq!(date(d(2025, 2, 28)), "28 Februari 2025");
    }

    #[test]
    fn indonesian_times() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        assert_eq!(session(t(8, 0), t(12, 0), Timezone::Wib), "08.00–12.00 WIB");
        assert_eq!(
            session(t(13, 30), t(15, 5), Timezone::Wita),
            "13.30–15.05 WITA"
        );
    }

    #[test]
    fn letter_numbers_as_the_pattern_says() {
        assert_eq!(letter_number("400.8/{seq}/2024", 17), "400.8/17/2024");
        assert_eq!(letter_number("400.8/{seq:05}/2024", 17), "400.8/00017/2024");
        assert_eq!(letter_number("{seq:03}-{seq}", 7), "007-7");
        assert!(has_seq("a/{seq}/b") && has_seq("a/{seq:04}/b"));
        assert!(!has_seq("a/seq/b") && !has_seq("a/{seq:0x}/b") && !has_seq("a/{seq:0}/b"));
    }

    #[test]
    fn long_quoted_values_are_cut_and_the_rest_kept() {
        let long = "A".repeat(5000);
        let message = format!("NAMA: \"{long}\" is too long; e.g. \"SITI\"");
        let cut = cut_quotes(&message);
        assert_eq!(
            cut,
            format!("NAMA: \"{}…\" is too long; e.g. \"SITI\"", "A".repeat(40))
        );
        assert!(matches!(
            cut_quotes("short \"value\""),
            std::borrow::Cow::Borrowed(_)
        ));
        // An unclosed quote is left as it is.
        let open = format!("odd \"{long}");
        assert_eq!(cut_quotes(&open), open);
    }
}
