//! A delivery point's print batch — `print/<kecamatan>/<village>.pdf`, every standing letter, or
//! `rounds/<n>/<kecamatan>/<village>.pdf`, one round's — a cover, a round's void list, the letters in
//! delivery order and the receipt roster; with `[output] letters`, each letter also cut out on its
//! own (from the full set only: a round's letters are the same letters). A school's
//! (`…/sekolah/<npsn>-<school>.pdf`, spec §11) opens with the principal's letter and class lists,
//! holds its students' letters by class and name, and a receipt list per class.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveTime};
use typst::foundations::Bytes;

use super::data::{self, OfficeData};
use super::forms;
use super::letter::letter_title;
use super::pool::Done;
use super::school::SchoolData;
use super::world::{self, Kind};
use super::{EVICT_AGE, LETTERS_PER_PART, ROSTER_LINES_PER_PART, Shared, join, json, pdf, write};
use crate::error::{Error, Result};
use crate::ledger::{LetterKind, Point, Printed, Voided};
use crate::output;
use crate::region::Regions;
use crate::text;

/// What a delivery point's batch holds: the full set of its standing letters (`print/`), or one
/// round's letters and void list (`rounds/`).
pub(super) struct Batch {
    pub(super) point: Point,
    /// A school's: what its principal's letter says now.
    pub(super) school: Option<SchoolData>,
    pub(super) relative: PathBuf,
    /// The name the PDF is made under (its identifier): a round's file, even when the full set
    /// shares it, so a round made again is the same file.
    pub(super) ident: PathBuf,
    /// The same file at a second place: a village's full set that is exactly one round's batch.
    pub(super) also: Option<PathBuf>,
    pub(super) letters: Vec<Printed>,
    pub(super) void: Vec<Voided>,
    pub(super) round: Option<i64>,
    /// The day its round was made, for a round's file (a file of void letters only has no
    /// letter to take it from).
    pub(super) round_day: Option<chrono::NaiveDate>,
}

/// A village's print batch: cover, void list (a round's), letters, roster. Typst holds a whole
/// document in memory (~2 MB a letter with its caches), so a big village is typeset in parts of at
/// most `LETTERS_PER_PART` letters (and `ROSTER_LINES_PER_PART` roster lines), which are joined
/// into the one file the village office receives.
/// Returns what was done and the keys of the parts the file was joined from.
pub(super) fn print_batch(shared: &Shared, batch: &Batch) -> Result<(Done, Vec<String>)> {
    let people = &batch.letters;
    let village = village_data(shared, batch);
    let roster = match batch.point {
        Point::Village(_) => data::RosterLine::all(people.iter().map(|p| &p.invited)),
        Point::School(_) => data::RosterLine::by_class(people),
    };
    let void: Vec<data::VoidLine> = batch
        .void
        .iter()
        .enumerate()
        .map(|(i, v)| data::VoidLine::of(v, i + 1, shared.context.letter_number))
        .collect();
    let ident = batch.ident.display().to_string();
    // Single letters are cut from the full set only (a round's letters are the same letters).
    let cut = batch.relative.starts_with("print");
    let title = match batch.round {
        Some(n) => format!(
            "Gelombang {n} · surat undangan perekaman KTP-el · {}",
            village.name
        ),
        None => format!("Surat undangan perekaman KTP-el · {}", village.name),
    };

    // A village that fits one part is one document, with no joining. A bigger one is typeset in
    // parts: the cover (with a round's void list), the letters in runs whose bounds depend on the
    // letters themselves (`runs`), so one newcomer changes one run and the others are taken from
    // the part cache as they are, then the roster.
    let mut parts = Parts {
        shared,
        ident: &ident,
        cut,
        file: BatchFile::new(shared, &batch.relative, usize::MAX)?,
        done: Done::default(),
        keys: Vec::new(),
    };
    fn part<'a>(
        title: &str,
        campaign: &'a data::Campaign,
        village: &'a data::Village,
        roster: &'a [data::RosterLine],
        cover: bool,
    ) -> data::PrintBatch<'a> {
        data::PrintBatch {
            title: title.to_string(),
            campaign,
            village,
            roster,
            cover,
            letters: &[],
            void: &[],
        }
    }
    let page = |roster, cover| part(&title, shared.campaign, &village, roster, cover);
    if people.len() <= LETTERS_PER_PART {
        parts.file.parts = 1;
        let (letters, forms) = letters_of(shared, people, &mut parts.done)?;
        let whole = data::PrintBatch {
            letters: &letters,
            void: &void,
            ..page(&roster, true)
        };
        parts.typeset(&whole, &forms)?;
    } else {
        parts.typeset(
            &data::PrintBatch {
                void: &void,
                ..page(&[], true)
            },
            &[],
        )?;
        // Parts after the cover see the village's names alone, not its counts or sessions (which
        // change with every newcomer): a part whose letters or lines did not change is kept.
        // (Nor its title: the joined file takes the first part's.)
        let plain = village_data_plain(&village);
        let plain_title = format!("Surat undangan perekaman KTP-el · {}", village.name);
        let frame = part(&plain_title, shared.campaign, &plain, &[], false);
        // A run of letters is named by its letter rows (with the frame it is typeset in): the
        // same rows are the same letters, so a kept run's letters need not be made (signed, read
        // out) to know it is kept.
        let frame_json = serde_json::to_vec(&frame).expect("plain data serializes");
        for run in runs(people) {
            let rows: Vec<u8> = run.iter().flat_map(|p| p.row.to_le_bytes()).collect();
            let key = super::cache::key(&[&shared.fingerprint, b"letters", &frame_json, &rows]);
            let ids = run.iter().map(|p| p.invited.invitation_id.as_str());
            if parts.kept(key.clone(), ids, run.len())? {
                continue;
            }
            let (letters, forms) = letters_of(shared, run, &mut parts.done)?;
            let pdf = parts.typeset(
                &data::PrintBatch {
                    letters: &letters,
                    ..part(&plain_title, shared.campaign, &plain, &[], false)
                },
                &forms,
            )?;
            shared.cache.keep_part(shared.out, &key, &pdf)?;
        }
        for lines in roster_runs(&roster) {
            parts.cached(
                b"roster",
                &part(&plain_title, shared.campaign, &plain, lines, false),
            )?;
        }
    }
    let Parts {
        file, done, keys, ..
    } = parts;
    file.finish()?;
    if let Some(also) = &batch.also {
        super::cache::link(
            &shared.staging.join(&batch.relative),
            &shared.staging.join(also),
        )?;
    }
    Ok((done, keys))
}

/// The cover's facts: the village (or school), its offices and sessions, and for a round what it
/// holds. The batch is dated by its newest letter.
fn village_data(shared: &Shared, batch: &Batch) -> data::Village {
    let config = shared.context.config;
    let people = &batch.letters;
    let mut offices: Vec<OfficeData> = Vec::new();
    let mut sessions: BTreeMap<(NaiveDate, NaiveTime, String), (NaiveTime, usize)> =
        BTreeMap::new();
    for p in people {
        let a = &p.invited.appointment;
        if !offices.iter().any(|o| o.id == a.office_id) {
            let office = config.offices.iter().find(|o| o.id == a.office_id);
            offices.push(OfficeData::of(office, &a.office_id));
        }
        sessions
            .entry((a.date, a.start, a.office_id.clone()))
            .or_insert((a.end, 0))
            .1 += 1;
    }
    let office_name = |id: &str| {
        offices
            .iter()
            .find(|o| o.id == id)
            .map(|o| o.name.clone())
            .unwrap_or_default()
    };
    let newest = people
        .iter()
        .map(|p| p.letter_date)
        .max()
        .or(batch.round_day);
    let count = |kind: LetterKind| people.iter().filter(|p| p.kind == kind).count();
    let (code, name, kecamatan, kabupaten) = names_of(config, &batch.point);
    data::Village {
        code,
        name,
        kecamatan,
        kabupaten,
        npsn: match &batch.point {
            Point::School(npsn) => Some(npsn.clone()),
            Point::Village(_) => None,
        },
        school: batch.school.clone(),
        count: people.len(),
        generated: newest.map(text::date).unwrap_or_default(),
        sessions: sessions
            .iter()
            .map(|((date, start, office), (end, count))| data::SessionCount {
                day: text::day_name(*date),
                date: text::date(*date),
                time: text::session(*start, *end, config.campaign.timezone),
                office: office_name(office),
                count: *count,
            })
            .collect(),
        offices,
        round: batch.round.map(|number| data::RoundCover {
            number,
            new: count(LetterKind::New),
            replacement: count(LetterKind::Replacement),
            second: count(LetterKind::Second),
            void: batch.void.len(),
        }),
    }
}

/// A delivery point's code, name, kecamatan and kabupaten as its batch prints them: a village's
/// from the region codes; a school's NPSN and name (its address is on the principal's letter).
fn names_of(config: &crate::config::Config, point: &Point) -> (String, String, String, String) {
    match point {
        Point::Village(code) => {
            let regions = Regions::get();
            let name = |found: Option<&str>| found.unwrap_or("").to_string();
            (
                code.to_string(),
                name(regions.village_name(*code)),
                name(regions.kecamatan_name(code.kecamatan())),
                name(regions.kabupaten_name(code.kabupaten())),
            )
        }
        Point::School(npsn) => {
            let name = config
                .school(npsn)
                .map_or_else(|| npsn.clone(), |(_, s)| s.name.clone());
            (npsn.clone(), name, String::new(), String::new())
        }
    }
}

/// A village's print batch as its parts arrive: one part is written as it is; more are joined
/// into the file part by part, so a worker never holds a whole big village's PDF.
struct BatchFile {
    path: PathBuf,
    /// 1 for a file of one part, written as it is; else parts are joined.
    parts: usize,
    joiner: Option<join::Joiner<std::io::BufWriter<std::fs::File>>>,
}

impl BatchFile {
    fn new(shared: &Shared, relative: &Path, parts: usize) -> Result<BatchFile> {
        let path = shared.staging.join(relative);
        if let Some(dir) = path.parent() {
            output::ensure_dir(dir)?;
        }
        Ok(BatchFile {
            path,
            parts,
            joiner: None,
        })
    }

    fn add(&mut self, pdf: Vec<u8>) -> Result<()> {
        if self.parts == 1 {
            return output::write_private(&self.path, &pdf);
        }
        let joiner = match &mut self.joiner {
            Some(joiner) => joiner,
            None => {
                let file = output::create_private(&self.path)?;
                let joiner = join::Joiner::new(std::io::BufWriter::new(file))
                    .map_err(|e| Error::io("write", &self.path, e))?;
                self.joiner.insert(joiner)
            }
        };
        joiner
            .add(&pdf)
            .map_err(|e| Error::io("join the parts of", &self.path, e))
    }

    fn finish(self) -> Result<()> {
        if let Some(joiner) = self.joiner {
            joiner
                .finish()
                .map_err(|e| Error::io("join the parts of", &self.path, e))?;
        }
        Ok(())
    }
}

/// The letters of `people`, numbered within their part, with their QR codes' paths; in a batch
/// no letter is cut from, with the forms of their groups (each once) and their paths.
fn letters_of(
    shared: &Shared,
    people: &[Printed],
    done: &mut Done,
) -> Result<(Vec<data::Letter>, Vec<Bytes>)> {
    let mut letters: Vec<data::Letter> = people
        .iter()
        .enumerate()
        .map(|(i, p)| shared.context.letter(p, i + 1, world::qr_path(i)))
        .collect();
    let mut forms: Vec<forms::Form> = Vec::new();
    if !shared.letters {
        for letter in &mut letters {
            let Some(form) = shared.forms.of(
                shared.typesetter,
                shared.campaign,
                &letter.group(),
                &mut done.warnings,
            )?
            else {
                break;
            };
            let n = match forms.iter().position(|f| f.key == form.key) {
                Some(n) => n,
                None => {
                    forms.push(form);
                    forms.len() - 1
                }
            };
            letter.form = Some(world::form_path(n));
        }
    }
    Ok((letters, forms.into_iter().map(|f| f.pdf).collect()))
}

/// The fewest and the most letters in a run of `runs`.
const RUN_MIN: usize = LETTERS_PER_PART / 3;
const RUN_MAX: usize = super::MOST_LETTERS_PER_PART;

/// A village's letters cut into runs of about `LETTERS_PER_PART`, ending after a letter whose id
/// hashes to 0 modulo `LETTERS_PER_PART - RUN_MIN` (once the run holds `RUN_MIN`), or at `RUN_MAX`. The
/// bounds go with the letters, not their positions: a letter added or removed changes its own run,
/// and the runs before and after it stay the same.
pub(super) fn runs(people: &[Printed]) -> Vec<&[Printed]> {
    let mut runs = Vec::new();
    let mut start = 0;
    for (i, p) in people.iter().enumerate() {
        let len = i + 1 - start;
        let id = crate::ids::to_bits(&p.invited.invitation_id).unwrap_or(0);
        // Mixed, so ids made in sequence do not fall into step with the modulus.
        let mixed = id.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32;
        // Past RUN_MIN, a bound one letter in (LETTERS_PER_PART - RUN_MIN): runs of about
        // LETTERS_PER_PART on average.
        let odds = (LETTERS_PER_PART - RUN_MIN) as u64;
        if (len >= RUN_MIN && mixed.is_multiple_of(odds)) || len >= RUN_MAX {
            runs.push(&people[start..=i]);
            start = i + 1;
        }
    }
    if start < people.len() {
        runs.push(&people[start..]);
    }
    runs
}

/// The village's names and codes alone.
fn village_data_plain(village: &data::Village) -> data::Village {
    data::Village {
        code: village.code.clone(),
        name: village.name.clone(),
        kecamatan: village.kecamatan.clone(),
        kabupaten: village.kabupaten.clone(),
        count: 0,
        generated: String::new(),
        offices: Vec::new(),
        sessions: Vec::new(),
        round: None,
        npsn: village.npsn.clone(),
        school: None,
    }
}

/// The roster cut into parts at the start of an RT's group once a part holds half of
/// `ROSTER_LINES_PER_PART` lines (or at twice that, within a group): bounds the lines set, so a
/// newcomer changes the part of their RT and the others stay the same.
fn roster_runs(roster: &[data::RosterLine]) -> Vec<&[data::RosterLine]> {
    let mut runs = Vec::new();
    let mut start = 0;
    for (i, line) in roster.iter().enumerate() {
        let len = i - start;
        if (line.first && len >= ROSTER_LINES_PER_PART / 2) || len >= ROSTER_LINES_PER_PART * 2 {
            runs.push(&roster[start..i]);
            start = i;
        }
    }
    if start < roster.len() {
        runs.push(&roster[start..]);
    }
    runs
}

/// A village's batch as its parts are made.
struct Parts<'a> {
    shared: &'a Shared<'a>,
    ident: &'a str,
    /// Whether its letters are also cut out one by one.
    cut: bool,
    file: BatchFile,
    done: Done,
    /// The parts cached (kept or made) so far.
    keys: Vec<String>,
}

impl Parts<'_> {
    /// Typesets a part and adds it to the file; with `[output] letters` each of its letters is cut
    /// out as `letters/<invitation_id>.pdf`. Returns the part's PDF. Typst's caches are evicted
    /// after every part, letters or roster: a part's layout is of no use to the next beyond what
    /// they share, and when the roster parts skipped this, a village of 2,200 held ~100 MB more per
    /// worker until it was done.
    fn typeset(&mut self, part: &data::PrintBatch, forms: &[Bytes]) -> Result<Vec<u8>> {
        let shared = self.shared;
        let qr: Vec<Bytes> = part
            .letters
            .iter()
            .map(|l| Bytes::new(super::qr::png(&l.token).0))
            .collect();
        let files = world::Files { qr: &qr, forms };
        let typeset = pdf::Typeset::new(shared.typesetter, Kind::Print, json(part), files)?;
        self.done.print_pages += typeset.document.pages().len();
        let pdf = typeset.export(self.ident, false)?;
        self.file.add(pdf.clone())?;
        if shared.letters && self.cut && !part.letters.is_empty() {
            single_letters(shared, &typeset, part.letters, &mut self.done)?;
        }
        self.done.warnings.extend(typeset.warnings);
        typst::comemo::evict(EVICT_AGE);
        self.done.letters += part.letters.len();
        Ok(pdf)
    }

    /// A part of roster lines (`what`): from the part cache when the same part was typeset
    /// before, else typeset and kept there.
    fn cached(&mut self, what: &[u8], part: &data::PrintBatch) -> Result<()> {
        let shared = self.shared;
        let key = super::cache::key(&[
            &shared.fingerprint,
            what,
            &serde_json::to_vec(part).expect("plain data serializes"),
        ]);
        let ids = part.letters.iter().map(|l| l.invitation_id.as_str());
        if self.kept(key.clone(), ids, part.letters.len())? {
            return Ok(());
        }
        let pdf = self.typeset(part, &[])?;
        shared.cache.keep_part(shared.out, &key, &pdf)
    }

    /// Adds the part kept under `key` from the last render, if it is there (with the single
    /// letters of its `letters` invitation ids when those are cut out); records the key either way.
    fn kept<'i>(
        &mut self,
        key: String,
        ids: impl Iterator<Item = &'i str>,
        letters: usize,
    ) -> Result<bool> {
        let shared = self.shared;
        let singles: Vec<std::path::PathBuf> = if shared.letters && self.cut {
            ids.map(super::pool::letter_path).collect()
        } else {
            Vec::new()
        };
        let pdf = shared
            .cache
            .part(shared.out, shared.staging, &key, &singles)?;
        self.keys.push(key);
        let Some(pdf) = pdf else {
            return Ok(false);
        };
        self.file.add(pdf)?;
        self.done.letters += letters;
        self.done.letters_reused += letters;
        self.done.letter_files += singles.len();
        Ok(true)
    }
}

/// `letters/<invitation_id>.pdf` for each of `letters`, cut from the part they were typeset in.
fn single_letters(
    shared: &Shared,
    typeset: &pdf::Typeset,
    letters: &[data::Letter],
    done: &mut Done,
) -> Result<()> {
    let pages = typeset.letter_pages();
    if pages.len() != letters.len() {
        // papila's driver marks every letter, and templates cannot remove the marks.
        return Err(Error::Template {
            location: t!("render-driver"),
            message: t!("render-marks", letters = letters.len(), found = pages.len()),
            hints: vec![t!("render-fault-hint")],
        });
    }
    for (letter, pages) in letters.iter().zip(pages) {
        let bytes = typeset.export_pages(pages, &letter_title(letter), &letter.invitation_id)?;
        let relative = super::pool::letter_path(&letter.invitation_id);
        write(shared, &relative, &bytes)?;
        done.letter_files += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::region::VillageCode;

    fn letter(n: u64) -> Printed {
        let id = crate::ids::assign(&[3; 32], "test-2024", &format!("33010217080{n:05}"), |_| {
            false
        });
        Printed::unprinted(
            crate::ledger::Invited {
                invitation_id: id,
                seq: n as i64,
                appointment: crate::appointment::Appointment {
                    office_id: "kesugihan".into(),
                    date: "2024-07-01".parse().unwrap(),
                    start: "08:00".parse().unwrap(),
                    end: "12:00".parse().unwrap(),
                },
                name: format!("WARGA {n}"),
                nik: format!("33010217080{n:05}"),
                address: String::new(),
                rt: String::new(),
                rw: String::new(),
                dusun: String::new(),
                village: VillageCode::parse("33.01.02.2001").unwrap(),
                attempt: 1,
                missed: None,
            },
            "2024-06-20".parse().unwrap(),
        )
    }

    fn ids(runs: &[&[Printed]]) -> Vec<Vec<String>> {
        runs.iter()
            .map(|r| r.iter().map(|p| p.invited.invitation_id.clone()).collect())
            .collect()
    }

    #[test]
    fn runs_keep_their_bounds_when_a_letter_comes_in_between() {
        let mut people: Vec<Printed> = (1..=400).map(letter).collect();
        let before = ids(&runs(&people));
        assert!(before.iter().all(|r| (1..=RUN_MAX).contains(&r.len())));
        assert_eq!(before.iter().map(Vec::len).sum::<usize>(), 400);
        // A newcomer in the middle: every run but a few around it is the same.
        people.insert(200, letter(9999));
        let after = ids(&runs(&people));
        let kept = after.iter().filter(|r| before.contains(r)).count();
        assert!(
            kept + 4 >= before.len(),
            "{kept} of {} runs kept",
            before.len()
        );
    }
}
