//! `render`: the ledger's planned invitations as print-ready PDFs (spec §7) — a print batch per
//! village, attendance sheets per office and day, and (with `[output] letters = true`) one letter per
//! person — and the files of print rounds (`rounds/<n>/`), which the round stage (`round`) made
//! before. Render only reads the ledger.
//!
//! Rendering streams: the ledger is read in village order and each village becomes one job for a
//! pool of worker threads (`pool`), so memory holds a few villages at a time, never the district.
//! Everything is written under a staging folder and moved into place at the end, so a killed render
//! leaves the previous complete set of PDFs, never a mix of old and new letters.
//!
//! A file whose inputs did not change since the last render is kept, not typeset again (`cache`).
//!
//! The jobs, each in its file: `batch` (a village's or school's print batch, whole or a round's;
//! `school` the principal's letter a school's opens with), `attendance` (an office's day),
//! `letter` (the `Studio` every document shares, and single letters), `summary` (`summary.pdf`);
//! beneath them `world` (the Typst world), `fonts`, `qr`, `data` (what templates receive), `pdf`
//! (compile and export), `forms` (the parts of a letter a session's letters share, typeset once) and
//! `join` (a big village's parts joined).

mod attendance;
mod batch;
mod cache;
pub(crate) mod data;
mod fonts;
mod forms;
mod join;
mod letter;
pub(crate) mod pdf;
mod pool;
mod qr;
mod school;
mod summary;
pub(crate) mod world;

use std::path::{Path, PathBuf};

use typst::foundations::Bytes;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::ledger::{Ledger, Point, RoundCounts};
use crate::output;
use crate::region::{Regions, VillageCode};

pub(crate) use attendance::attendance_path;
pub(crate) use join::split as split_pdf;
pub(crate) use letter::Studio;
pub(crate) use summary::summary_pdf;

use data::LetterContext;
use world::Typesetter;

/// The most letters one Typst document holds. A letter costs ~2 MB of layout and caches until its
/// document is exported, so a bigger village is typeset in parts and joined; see `print_batch`.
/// A newcomer's whole run is typeset again on a re-run (~25 letters at 18, ~34 at 25), and each
/// part embeds its own font subsets (docs/performance.md weighs the two).
pub const LETTERS_PER_PART: usize = 18;

/// The most letters a part may hold: runs of letters end where the letters say (`batch::runs`),
/// at about `LETTERS_PER_PART` and never past this.
pub(crate) const MOST_LETTERS_PER_PART: usize = LETTERS_PER_PART * 2;

/// The most receipt-roster lines one Typst document holds, for the same reason (with two workers
/// on villages of 2,200, parts of 500 lines peaked ~25 MB higher than parts of 100, five pages).
pub(crate) const ROSTER_LINES_PER_PART: usize = 100;

/// Typst's caches keep what the last few documents used: consecutive letters share most of their
/// layout work, but nothing older is worth its memory.
const EVICT_AGE: usize = 2;

#[derive(Debug, Default)]
pub(crate) struct RenderReport {
    pub(crate) villages: usize,
    pub(crate) letters: usize,
    pub(crate) print_pages: usize,
    pub(crate) attendance_files: usize,
    pub(crate) letter_files: usize,
    /// Schools' batches (a principal's letter, class lists, the students' letters and receipt
    /// lists each), and the letters in them (also counted in `letters`).
    pub(crate) school_files: usize,
    pub(crate) school_letters: usize,
    /// Villages and attendance days kept from the last render, unchanged.
    pub(crate) villages_kept: usize,
    /// Letters of typeset villages joined from the part cache, unchanged.
    pub(crate) letters_reused: usize,
    pub(crate) attendance_kept: usize,
    /// The round the round stage made before this render, if it found letters not printed before.
    pub(crate) round: Option<RoundCounts>,
    /// Rounds whose files were made (the new one, and any whose files were missing).
    pub(crate) rounds_made: Vec<i64>,
    pub(crate) round_files: usize,
    /// Rows of `messages/sms.csv` (people with a phone number) and the SMS parts they take.
    pub(crate) sms: usize,
    pub(crate) sms_parts: usize,
    /// Typst's warnings, each once.
    pub(crate) warnings: Vec<String>,
    pub(crate) out: PathBuf,
}

/// Folder names: the place's name in lower case with dashes ("Kesugihan Kidul" → `kesugihan-kidul`),
/// readable by the village office that receives the file.
pub(crate) fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        "tanpa-nama".into()
    } else {
        out
    }
}

/// `print/<kecamatan>/<village>.pdf` or `print/sekolah/<npsn>-<school>.pdf`: a delivery point's
/// full set, relative to the output folder.
pub(crate) fn print_path(config: &Config, point: &Point) -> PathBuf {
    PathBuf::from("print").join(point_file(config, point))
}

/// `rounds/<nn>/<kecamatan>/<village>.pdf` (or `…/sekolah/<npsn>-<school>.pdf`): a delivery
/// point's batch of round `round`.
pub(crate) fn round_path(config: &Config, round: i64, point: &Point) -> PathBuf {
    round_dir(round).join(point_file(config, point))
}

/// `rounds/<nn>`: round `round`'s folder.
pub(crate) fn round_dir(round: i64) -> PathBuf {
    PathBuf::from("rounds").join(format!("{round:02}"))
}

fn point_file(config: &Config, point: &Point) -> PathBuf {
    match point {
        Point::Village(code) => village_file(*code),
        Point::School(npsn) => school::school_file(config, npsn),
    }
}

fn village_file(code: VillageCode) -> PathBuf {
    let regions = Regions::get();
    let kecamatan = regions
        .kecamatan_name(code.kecamatan())
        .unwrap_or("kecamatan");
    let village = regions.village_name(code).unwrap_or("desa");
    PathBuf::from(slug(kecamatan)).join(format!("{}.pdf", slug(village)))
}

/// The campaign's logo, `templates/logo.*`, as templates read it.
fn logo(templates: &Path) -> Option<String> {
    ["logo.png", "logo.jpg", "logo.jpeg", "logo.svg"]
        .iter()
        .find(|name| templates.join(name).is_file())
        .map(|name| format!("/templates/{name}"))
}

/// The campaign's `templates/` folder.
pub(crate) fn templates_dir(config: &Config) -> PathBuf {
    config.dir.join("templates")
}

/// Refuses to make letters for appointments at an office papila.toml no longer has (renamed after
/// planning): such a letter would send people to a raw id, with no name and no address.
pub(crate) fn check_offices(config: &Config, ledger: &Ledger) -> Result<()> {
    let gone: Vec<String> = ledger
        .planned_offices()?
        .into_iter()
        .filter(|(id, _)| !config.offices.iter().any(|o| &o.id == id))
        .map(|(id, n)| t!("render-at-office", count = n, office = id))
        .collect();
    if gone.is_empty() {
        return Ok(());
    }
    Err(Error::Blocked {
        message: t!("render-office-gone", offices = gone.join(", ")),
        hint: t!("render-office-gone-hint"),
    })
}

/// Renders what `ledger` holds into `out` with `studio`'s templates and key, on `threads`
/// workers. The ledger is only read from here on: it is made read-only first.
pub(crate) fn render(
    config: &Config,
    studio: &Studio,
    ledger: &Ledger,
    out: &Path,
    threads: usize,
) -> Result<RenderReport> {
    let started = std::time::Instant::now();
    ledger.read_only()?;
    output::ensure_dir(out)?;
    let _lock = output::Lock::take(
        &out.join(".papila-render.lock"),
        &t!("render-busy"),
        &t!("render-busy-hint"),
    )?;
    let context = studio.context(config);
    let staging = fresh_staging(out)?;
    let cache = cache::Cache::load(out);
    let shared = Shared {
        config,
        typesetter: &studio.typesetter,
        campaign: &studio.campaign,
        context: &context,
        staging: &staging,
        out,
        letters: config.output.letters,
        forms: forms::Forms::new(),
        // The ledger's own id too: letter rows name letters within one ledger only.
        fingerprint: cache::key(&[&studio.fingerprint(config), ledger.ledger_id()?.as_bytes()])
            .into_bytes(),
        cache: &cache,
    };
    let mut report = RenderReport {
        out: out.to_path_buf(),
        ..RenderReport::default()
    };
    let rounds = rounds_to_make(config, ledger, out)?;
    report.rounds_made = rounds.iter().map(|r| r.counts.round).collect();
    pool::run_jobs(&shared, ledger, &rounds, threads, &mut report)?;
    swap_into_place(&staging, out, config.output.letters, &report.rounds_made)?;
    cache.save(out)?;
    crate::timings::record("render", started);
    report.warnings.sort();
    report.warnings.dedup();
    Ok(report)
}

/// The rounds whose files are not all in `out` (the one just made, or one whose files were
/// lost), each with its delivery points. A round's files never change once made.
fn rounds_to_make(config: &Config, ledger: &Ledger, out: &Path) -> Result<Vec<RoundToMake>> {
    let mut to_make = Vec::new();
    for counts in ledger.rounds()? {
        let points = ledger.round_points(counts.round)?;
        if points
            .iter()
            .any(|p| !out.join(round_path(config, counts.round, p)).is_file())
        {
            to_make.push(RoundToMake { counts, points });
        }
    }
    Ok(to_make)
}

/// A round whose files this render makes: what it holds, and its delivery points.
pub(super) struct RoundToMake {
    pub(super) counts: RoundCounts,
    pub(super) points: Vec<Point>,
}

/// The staging folder, emptied of what a stopped render left.
fn fresh_staging(out: &Path) -> Result<PathBuf> {
    output::ensure_dir(out)?;
    let staging = out.join(".papila-render");
    if staging.exists() {
        std::fs::remove_dir_all(&staging).map_err(|e| Error::io("clear", &staging, e))?;
    }
    output::ensure_dir(&staging)?;
    Ok(staging)
}

/// Moves the new folders from `staging` into `out`, replacing the old ones; then each round made.
fn swap_into_place(staging: &Path, out: &Path, letters: bool, rounds: &[i64]) -> Result<()> {
    let mut dirs = vec!["print", "attendance"];
    if letters {
        dirs.push("letters");
    }
    // The old folder is moved aside into the staging folder (a rename, not a slow delete) just
    // before the new one takes its place: `print/` is absent only between two renames.
    let old = staging.join("old");
    output::ensure_dir(&old)?;
    for dir in ["print", "attendance", "letters"] {
        let from = staging.join(dir);
        let to = out.join(dir);
        if to.exists() {
            std::fs::rename(&to, old.join(dir)).map_err(|e| Error::io("replace", &to, e))?;
        }
        if dirs.contains(&dir) {
            if !from.exists() {
                output::ensure_dir(&from)?;
            }
            std::fs::rename(&from, &to).map_err(|e| Error::io("move into place", &to, e))?;
        }
    }
    for &round in rounds {
        let (from, to) = (staging.join(round_dir(round)), out.join(round_dir(round)));
        if to.exists() {
            let aside = old.join(format!("round-{round}"));
            std::fs::rename(&to, &aside).map_err(|e| Error::io("replace", &to, e))?;
        }
        if from.exists() {
            output::ensure_dir(&out.join("rounds"))?;
            std::fs::rename(&from, &to).map_err(|e| Error::io("move into place", &to, e))?;
        }
    }
    std::fs::remove_dir_all(staging).map_err(|e| Error::io("clear", staging, e))
}

struct Shared<'a> {
    config: &'a Config,
    typesetter: &'a Typesetter,
    campaign: &'a data::Campaign,
    context: &'a LetterContext<'a>,
    staging: &'a Path,
    /// The output folder, where the last render's files are.
    out: &'a Path,
    /// Whether each letter is also cut out as a file of its own (`[output] letters`): those are
    /// laid out in full, tagged, so their batches place no forms.
    letters: bool,
    forms: forms::Forms,
    /// What every file's cache key starts with: `Studio::fingerprint`.
    fingerprint: Vec<u8>,
    cache: &'a cache::Cache,
}

/// Writes a finished file under the staging folder.
fn write(shared: &Shared, relative: &Path, bytes: &[u8]) -> Result<()> {
    let path = shared.staging.join(relative);
    if let Some(dir) = path.parent() {
        output::ensure_dir(dir)?;
    }
    output::write_private(&path, bytes)
}

fn json(value: &impl serde::Serialize) -> Bytes {
    Bytes::new(serde_json::to_vec(value).expect("plain data serializes"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_readable_file_names() {
        assert_eq!(slug("Kesugihan Kidul"), "kesugihan-kidul");
        assert_eq!(slug("Karang Kandri (Baru)"), "karang-kandri-baru");
        assert_eq!(slug("  "), "tanpa-nama");
    }
}
