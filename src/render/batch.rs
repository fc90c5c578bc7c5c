//! A village's print batch — `print/<kecamatan>/<village>.pdf`, every standing letter, or
//! `rounds/<n>/<kecamatan>/<village>.pdf`, one round's — a cover, a round's void list, the letters in
//! delivery order and the receipt roster; with `[output] letters`, each letter also cut out on its
//! own (from the full set only: a round's letters are the same letters).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveTime};
use typst::foundations::Bytes;

use super::data::{self, OfficeData};
use super::letter::letter_title;
use super::pool::Done;
use super::world::{self, Kind};
use super::{EVICT_AGE, LETTERS_PER_PART, ROSTER_LINES_PER_PART, Shared, join, json, pdf, write};
use crate::error::{Error, Result};
use crate::ledger::{LetterKind, Printed, Voided};
use crate::output;
use crate::region::{Regions, VillageCode};
use crate::text;

/// What a village's batch holds: the full set of its standing letters (`print/`), or one round's
/// letters and void list (`rounds/`).
pub(super) struct Batch {
    pub(super) code: VillageCode,
    pub(super) relative: PathBuf,
    /// The name the PDF is made under (its identifier): a round's file, even when the full set
    /// shares it, so a round made again is the same file.
    pub(super) ident: PathBuf,
    /// The same file at a second place: a village's full set that is exactly one round's batch.
    pub(super) also: Option<PathBuf>,
    pub(super) letters: Vec<Printed>,
    pub(super) void: Vec<Voided>,
    pub(super) round: Option<i64>,
}

/// A village's print batch: cover, void list (a round's), letters, roster. Typst holds a whole
/// document in memory (~2 MB a letter with its caches), so a big village is typeset in parts of at
/// most `LETTERS_PER_PART` letters (and `ROSTER_LINES_PER_PART` roster lines), which are joined
/// into the one file the village office receives.
pub(super) fn print_village(shared: &Shared, batch: &Batch) -> Result<Done> {
    let people = &batch.letters;
    let village = village_data(shared, batch);
    let roster: Vec<data::RosterLine> = people
        .iter()
        .enumerate()
        .map(|(i, p)| data::RosterLine::of(&p.invited, i + 1))
        .collect();
    let void: Vec<data::VoidLine> = batch
        .void
        .iter()
        .enumerate()
        .map(|(i, v)| data::VoidLine::of(v, i + 1))
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
    let mut done = Done::default();

    // Parts: the cover (with a round's void list) and the first letters, the other letters, then
    // the roster. A village that fits one part is one document, with no joining.
    let mut letter_parts: Vec<&[Printed]> = people.chunks(LETTERS_PER_PART).collect();
    if letter_parts.is_empty() {
        letter_parts.push(&[]);
    }
    let roster_parts: Vec<&[data::RosterLine]> = if people.len() <= LETTERS_PER_PART {
        Vec::new()
    } else {
        roster.chunks(ROSTER_LINES_PER_PART).collect()
    };
    let mut batch_file = BatchFile::new(
        shared,
        &batch.relative,
        letter_parts.len() + roster_parts.len(),
    )?;
    for (part, chunk) in letter_parts.iter().enumerate() {
        let first_no = part * LETTERS_PER_PART + 1;
        let mut qr = Vec::with_capacity(chunk.len());
        let letters: Vec<data::Letter> = chunk
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let letter = shared.context.letter(p, first_no + i, world::qr_path(i));
                qr.push(Bytes::new(super::qr::png(&letter.token).0));
                letter
            })
            .collect();
        let whole = roster_parts.is_empty();
        let part_data = data::PrintBatch {
            title: title.clone(),
            campaign: shared.campaign,
            village: &village,
            roster: if whole { &roster } else { &[] },
            cover: part == 0,
            letters: &letters,
            void: if part == 0 { &void } else { &[] },
        };
        typeset_part(
            shared,
            &ident,
            &part_data,
            &qr,
            cut,
            &mut batch_file,
            &mut done,
        )?;
        done.letters += letters.len();
    }
    for lines in roster_parts {
        let part_data = data::PrintBatch {
            title: title.clone(),
            campaign: shared.campaign,
            village: &village,
            roster: lines,
            cover: false,
            letters: &[],
            void: &[],
        };
        typeset_part(
            shared,
            &ident,
            &part_data,
            &[],
            cut,
            &mut batch_file,
            &mut done,
        )?;
    }
    batch_file.finish()?;
    if let Some(also) = &batch.also {
        super::cache::link(
            &shared.staging.join(&batch.relative),
            &shared.staging.join(also),
        )?;
    }
    Ok(done)
}

/// The cover's facts: the village, its offices and sessions, and for a round what it holds. The
/// batch is dated by its newest letter.
fn village_data(shared: &Shared, batch: &Batch) -> data::Village {
    let regions = Regions::get();
    let config = shared.context.config;
    let code = batch.code;
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
        .chain(batch.void.iter().map(|v| v.printed.letter_date))
        .max();
    let count = |kind: LetterKind| people.iter().filter(|p| p.kind == kind).count();
    data::Village {
        code: code.to_string(),
        name: regions.village_name(code).unwrap_or("").to_string(),
        kecamatan: regions
            .kecamatan_name(code.kecamatan())
            .unwrap_or("")
            .to_string(),
        kabupaten: regions
            .kabupaten_name(code.kabupaten())
            .unwrap_or("")
            .to_string(),
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

/// A village's print batch as its parts arrive: one part is written as it is; more are joined
/// into the file part by part, so a worker never holds a whole big village's PDF.
struct BatchFile {
    path: PathBuf,
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

/// One part of a village's batch, typeset and added to its file, and with `[output] letters` each
/// of its letters cut out as `letters/<invitation_id>.pdf`. Typst's caches are evicted after every
/// part, letters or roster: a part's layout is of no use to the next beyond what they share, and
/// when the roster parts skipped this, a village of 2,200 held ~100 MB more per worker until it was
/// done.
fn typeset_part(
    shared: &Shared,
    ident: &str,
    batch: &data::PrintBatch,
    qr: &[Bytes],
    cut: bool,
    batch_file: &mut BatchFile,
    done: &mut Done,
) -> Result<()> {
    let typeset = pdf::Typeset::new(shared.typesetter, Kind::Print, json(batch), qr)?;
    done.print_pages += typeset.document.pages().len();
    batch_file.add(typeset.export(ident, false)?)?;
    if shared.letters && cut && !batch.letters.is_empty() {
        single_letters(shared, &typeset, batch.letters, done)?;
    }
    done.warnings.extend(typeset.warnings);
    typst::comemo::evict(EVICT_AGE);
    Ok(())
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
            location: "papila's print batch driver".into(),
            message: format!(
                "{} letters were typeset but {} were found in the batch, so they cannot be \
                 saved one by one",
                letters.len(),
                pages.len()
            ),
            hints: vec![
                "this is a fault in papila; report it with the campaign's templates".into(),
            ],
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
