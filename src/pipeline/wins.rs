//! Which row wins (spec §6) when one NIK has several rows: a campaign adds each week's export beside
//! the earlier ones, in files named any way, so neither file order nor file names may decide.
//!
//! Ranked, best first: (1) a row whose content no earlier plan has seen (news) beats rows seen
//! before; (2) among rows all seen before, the row used last time stays, so a third run does not
//! undo a correction; (3) among news rows (and on a first run) the newer export wins — a date in the
//! file name, else the file's modification time (two minutes apart or less tell nothing); where
//! these cannot tell, a row saying recorded beats one saying not recorded, and only then the last
//! file in name order (within one file, the first row), said in a warning. The whole row wins,
//! never field by field.
//!
//! The first pass over the lists offers every usable row to `Winners`, which keeps the best per
//! NIK (one candidate each, so memory grows with people, not with rows); the second pass then knows,
//! for each row, whether it is the one used.

use std::collections::HashMap;
use std::path::Path;
use std::rc::Rc;

use chrono::{Datelike as _, NaiveDate, NaiveDateTime};
use sha2::Digest;

use crate::error::Result;
use crate::region::VillageCode;
use crate::validate::{Person, Recording};

/// What earlier plans saw of a NIK's rows: the ledger, or nothing (a first run, `check` without
/// a ledger).
pub(crate) trait History {
    /// Whether a row of `nik` with this content was seen by an earlier plan.
    fn seen(&self, nik: u64, fingerprint: &str) -> Result<bool>;
    /// The content of the row used for `nik` by the last plan, if any.
    fn used(&self, nik: u64) -> Result<Option<String>>;
}

/// No history: every row is news.
pub(crate) struct NoHistory;

impl History for NoHistory {
    fn seen(&self, _: u64, _: &str) -> Result<bool> {
        Ok(false)
    }
    fn used(&self, _: u64) -> Result<Option<String>> {
        Ok(None)
    }
}

/// A row's content as a short hex digest of every field a person's row carries: the same
/// content, however the file spelled or ordered it, gives the same fingerprint.
pub(crate) fn fingerprint(p: &Person) -> String {
    let fields = [
        p.nik.to_string(),
        p.no_kk.clone().unwrap_or_default(),
        p.name.clone(),
        p.birth_place.clone(),
        p.birth_date.to_string(),
        format!("{:?}", p.sex),
        p.ever_married.to_string(),
        p.address.clone(),
        p.rt.clone(),
        p.rw.clone(),
        p.dusun.clone(),
        p.village.to_string(),
        p.phone.clone().unwrap_or_default(),
        p.email.clone().unwrap_or_default(),
        p.recording.stored().to_string(),
    ];
    let mut h = sha2::Sha256::new();
    for f in &fields {
        h.update((f.len() as u32).to_be_bytes());
        h.update(f.as_bytes());
    }
    h.finalize()[..12]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// When an export was made, as far as its file tells: a date in its name (`2028-10-09`,
/// `09-10-2028`, `20281009`), else the file's modification time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Newness(pub(crate) NaiveDateTime);

/// Modification times this close tell nothing: files copied, unpacked or checked out together.
const SAME_TIME_SECONDS: i64 = 120;

impl Newness {
    fn same_time(self, other: Newness) -> bool {
        (self.0 - other.0).num_seconds().abs() < SAME_TIME_SECONDS
    }

    pub(crate) fn of_file(path: &Path, name: &str) -> Newness {
        if let Some(day) = date_in_name(name) {
            return Newness(day.and_time(chrono::NaiveTime::MIN));
        }
        let modified = std::fs::metadata(path)
            .and_then(|m| m.modified())
            .ok()
            .map(|t| chrono::DateTime::<chrono::Utc>::from(t).naive_utc())
            .unwrap_or_default();
        Newness(modified)
    }
}

/// A date written in a file name, day-first or ISO, with `-`, `_`, `.` or nothing between.
pub(crate) fn date_in_name(name: &str) -> Option<NaiveDate> {
    let digits_at = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    let chars: Vec<char> = name.chars().collect();
    let mut found = None;
    for start in 0..chars.len() {
        // Not in the middle of a longer number.
        if start > 0 && chars[start - 1].is_ascii_digit() {
            continue;
        }
        for len in [10usize, 8] {
            if start + len > chars.len() {
                continue;
            }
            if chars.get(start + len).is_some_and(char::is_ascii_digit) {
                continue;
            }
            let s: String = chars[start..start + len].iter().collect();
            let day = if len == 10 {
                let sep = |i: usize| matches!(s.as_bytes()[i], b'-' | b'_' | b'.');
                if sep(4)
                    && sep(7)
                    && digits_at(&s[..4])
                    && digits_at(&s[5..7])
                    && digits_at(&s[8..])
                {
                    ymd(&s[..4], &s[5..7], &s[8..])
                } else if sep(2)
                    && sep(5)
                    && digits_at(&s[..2])
                    && digits_at(&s[3..5])
                    && digits_at(&s[6..])
                {
                    ymd(&s[6..], &s[3..5], &s[..2])
                } else {
                    None
                }
            } else if digits_at(&s) {
                ymd(&s[..4], &s[4..6], &s[6..])
            } else {
                None
            };
            if let Some(day) = day {
                found = Some(day);
            }
        }
    }
    found
}

fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    let day = NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)?;
    (2000..=2100).contains(&day.year()).then_some(day)
}

/// What a row's manifest reason needs of the row used: where it is and what it says.
#[derive(Debug, Clone)]
pub(crate) struct Summary {
    pub(crate) source: Rc<str>,
    pub(crate) line: u64,
    name: String,
    birth_date: NaiveDate,
    village: VillageCode,
    address: String,
    recording: Recording,
    phone: Option<String>,
}

impl Summary {
    fn of(source: &Rc<str>, line: u64, p: &Person) -> Summary {
        Summary {
            source: Rc::clone(source),
            line,
            name: p.name.clone(),
            birth_date: p.birth_date,
            village: p.village,
            address: format!("{} RT {} RW {} {}", p.address, p.rt, p.rw, p.dusun),
            recording: p.recording,
            phone: p.phone.clone(),
        }
    }

    /// What `p` says differently from this row, in words (`nama: "A" → "B"`), at most a few.
    pub(crate) fn differences(&self, p: &Person) -> Vec<String> {
        let mut out = Vec::new();
        let cut = |s: &str| crate::text::cut(s, 40).into_owned();
        if p.name != self.name {
            out.push(t!(
                "differs-name",
                theirs = cut(&p.name),
                ours = cut(&self.name)
            ));
        }
        if p.birth_date != self.birth_date {
            out.push(t!(
                "differs-birth",
                theirs = p.birth_date.format("%d-%m-%Y").to_string(),
                ours = self.birth_date.format("%d-%m-%Y").to_string()
            ));
        }
        if p.village != self.village {
            out.push(t!(
                "differs-village",
                theirs = p.village.to_string(),
                ours = self.village.to_string()
            ));
        }
        if p.recording != self.recording {
            out.push(t!(
                "differs-recording",
                theirs = p.recording.shown(),
                ours = self.recording.shown()
            ));
        }
        let address = format!("{} RT {} RW {} {}", p.address, p.rt, p.rw, p.dusun);
        if address != self.address {
            out.push(t!("differs-address"));
        }
        if p.phone != self.phone {
            out.push(t!("differs-phone"));
        }
        if out.is_empty() {
            out.push(t!("differs-other"));
        }
        out
    }
}

/// Why the row used won over another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Why {
    /// Its content is new; the other's was seen before.
    News,
    /// It is the row used last time.
    UsedBefore,
    /// Its export is newer.
    Newer,
    /// Equally new, and it says recorded.
    Recorded,
    /// Nothing told them apart but the file name order (or line): warned.
    LastInOrder,
}

impl Why {
    pub(crate) fn words(self) -> String {
        match self {
            Why::News => t!("wins-news"),
            Why::UsedBefore => t!("wins-used-before"),
            Why::Newer => t!("wins-newer"),
            Why::Recorded => t!("wins-recorded"),
            Why::LastInOrder => t!("wins-last-in-order"),
        }
    }
}

/// One row offered for a NIK.
#[derive(Debug, Clone)]
struct Candidate {
    table: u32,
    line: u64,
    fingerprint: String,
    newness: Newness,
    recorded: bool,
    /// The table's name, shared by all its rows (one allocation a table, not a row).
    source: Rc<str>,
    /// Filled in only when a second row of the NIK turns up.
    news: Option<bool>,
    used: Option<bool>,
}

/// The best row so far of one NIK, and what the others were.
#[derive(Debug, Clone)]
pub(crate) struct Winner {
    best: Candidate,
    pub(crate) summary: Summary,
    /// Rows of this NIK in all.
    pub(crate) rows: u32,
    /// Rows whose content differs from the one used.
    pub(crate) differing: u32,
    /// The first other row (source, line) whose content differs from the one used.
    pub(crate) other: Option<(Rc<str>, u64)>,
    /// Why the row used beat the last row it was compared with that differs.
    pub(crate) why: Option<Why>,
}

impl Winner {
    /// Whether the row at (`table`, `line`) is the one used.
    pub(crate) fn is(&self, table: u32, line: u64) -> bool {
        self.best.table == table && self.best.line == line
    }

    pub(crate) fn fingerprint(&self) -> &str {
        &self.best.fingerprint
    }
}

/// The best row per NIK, offered row by row in the first pass.
#[derive(Default)]
pub(crate) struct Winners {
    by_nik: HashMap<u64, Winner>,
}

impl Winners {
    /// Offers a usable row: the row at `line` of table `table` (`source`), exported at `newness`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn offer(
        &mut self,
        history: &dyn History,
        table: u32,
        source: &Rc<str>,
        line: u64,
        newness: Newness,
        p: &Person,
        fingerprint: String,
    ) -> Result<()> {
        let nik = p.nik.value();
        let offered = Candidate {
            table,
            line,
            fingerprint,
            newness,
            recorded: matches!(p.recording, Recording::Recorded(_)),
            source: Rc::clone(source),
            news: None,
            used: None,
        };
        let Some(winner) = self.by_nik.get_mut(&nik) else {
            self.by_nik.insert(
                nik,
                Winner {
                    best: offered,
                    summary: Summary::of(source, line, p),
                    rows: 1,
                    differing: 0,
                    other: None,
                    why: None,
                },
            );
            return Ok(());
        };
        winner.rows += 1;
        let mut offered = offered;
        if offered.fingerprint == winner.best.fingerprint {
            // The same content again (an export carried twice): the first stays, nothing to say.
            return Ok(());
        }
        for c in [&mut winner.best, &mut offered] {
            if c.news.is_none() {
                c.news = Some(!history.seen(nik, &c.fingerprint)?);
                c.used = Some(history.used(nik)?.as_deref() == Some(c.fingerprint.as_str()));
            }
        }
        let (why, offered_wins) = compare(&offered, &winner.best);
        winner.differing += 1;
        winner.why = Some(why);
        if offered_wins {
            let loser = std::mem::replace(&mut winner.best, offered);
            winner.summary = Summary::of(source, line, p);
            winner.other = Some((loser.source, loser.line));
        } else if winner.other.is_none() {
            winner.other = Some((Rc::clone(source), line));
        }
        Ok(())
    }

    pub(crate) fn get(&self, nik: u64) -> Option<&Winner> {
        self.by_nik.get(&nik)
    }
}

/// Which of two rows of one NIK with different content is used, and why: whether `a` wins.
fn compare(a: &Candidate, b: &Candidate) -> (Why, bool) {
    let (a_news, b_news) = (a.news.unwrap_or(true), b.news.unwrap_or(true));
    if a_news != b_news {
        return (Why::News, a_news);
    }
    if !a_news {
        let (a_used, b_used) = (a.used.unwrap_or(false), b.used.unwrap_or(false));
        if a_used != b_used {
            return (Why::UsedBefore, a_used);
        }
    }
    if !a.newness.same_time(b.newness) {
        return (Why::Newer, a.newness > b.newness);
    }
    if a.recorded != b.recorded {
        return (Why::Recorded, a.recorded);
    }
    // The last file in name order; within one file, the first row (a list with a NIK twice says
    // nothing of which is newer).
    let a_wins = if a.source != b.source {
        a.source > b.source
    } else {
        a.line < b.line
    };
    (Why::LastInOrder, a_wins)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_file_names_in_the_forms_staff_write() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd);
        assert_eq!(date_in_name("minggu-2 (2028-10-09).csv"), d(2028, 10, 9));
        assert_eq!(date_in_name("siak_09-10-2028.xlsx"), d(2028, 10, 9));
        assert_eq!(date_in_name("ekspor 20281009.csv"), d(2028, 10, 9));
        assert_eq!(date_in_name("desa 09.10.2028.csv"), d(2028, 10, 9));
        assert_eq!(date_in_name("people.csv"), None);
        assert_eq!(
            date_in_name("3301021708070001.csv"),
            None,
            "a NIK is no date"
        );
        assert_eq!(date_in_name("2028-13-40.csv"), None);
    }

    fn candidate(news: bool, used: bool, day: u32, recorded: bool, source: &str) -> Candidate {
        Candidate {
            table: 0,
            line: 2,
            fingerprint: format!("{news}{used}{day}{recorded}{source}"),
            newness: Newness(
                NaiveDate::from_ymd_opt(2028, 10, day)
                    .unwrap()
                    .and_time(chrono::NaiveTime::MIN),
            ),
            recorded,
            source: source.into(),
            news: Some(news),
            used: Some(used),
        }
    }

    #[test]
    fn news_beats_seen_then_the_row_used_stays_then_newer_then_recorded_then_order() {
        let old_used = candidate(false, true, 9, false, "b.csv");
        let old = candidate(false, false, 20, false, "z.csv");
        let news = candidate(true, false, 1, false, "a.csv");
        assert_eq!(compare(&news, &old_used), (Why::News, true));
        assert_eq!(compare(&old, &old_used), (Why::UsedBefore, false));
        let newer = candidate(true, false, 9, false, "a.csv");
        let older = candidate(true, false, 2, false, "z.csv");
        assert_eq!(compare(&newer, &older), (Why::Newer, true));
        let says_recorded = candidate(true, false, 9, true, "a.csv");
        let says_not = candidate(true, false, 9, false, "z.csv");
        assert_eq!(compare(&says_recorded, &says_not), (Why::Recorded, true));
        let first = candidate(true, false, 9, false, "a.csv");
        let last = candidate(true, false, 9, false, "z.csv");
        assert_eq!(compare(&first, &last), (Why::LastInOrder, false));
        assert_eq!(compare(&last, &first), (Why::LastInOrder, true));
        // Within one file, the first row.
        let mut later = candidate(true, false, 9, false, "a.csv");
        later.line = 9;
        assert_eq!(compare(&later, &first), (Why::LastInOrder, false));
    }
}
