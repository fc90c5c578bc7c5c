//! `render`: the ledger's planned invitations as print-ready PDFs (spec §7) — a print batch per
//! village, attendance sheets per office and day, and (with `[output] letters = true`) one letter per
//! person.
//!
//! Rendering streams: the ledger is read in village order and each village becomes one job for a
//! pool of worker threads, so memory holds a few villages at a time, never the district. Everything
//! is written under a staging folder and moved into place at the end, so a killed render leaves the
//! previous complete set of PDFs, never a mix of old and new letters.

pub mod data;
pub mod fonts;
pub mod join;
pub mod pdf;
pub mod qr;
pub mod text;
pub mod world;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use chrono::{NaiveDate, NaiveTime};
use typst::foundations::Bytes;

use crate::config::Config;
use crate::dispatch::message::Message;
use crate::dispatch::sms;
use crate::dispatch::templates::{self, Templates};
use crate::error::{Error, Result};
use crate::ledger::{DELIVERY_FROM, DELIVERY_ORDER, Ledger, sql};
use crate::output;
use crate::progress::Progress;
use crate::region::{Regions, VillageCode};

use data::{Invited, LetterContext, OfficeData};
use world::{Kind, Typesetter};

/// The most letters one Typst document holds. A letter costs ~2 MB of layout and caches until its
/// document is exported, so a bigger village is typeset in parts and joined; see `print_village`.
pub const LETTERS_PER_PART: usize = 25;

/// The most receipt-roster lines one Typst document holds, for the same reason (with two workers
/// on villages of 2,200, parts of 500 lines peaked ~25 MB higher than parts of 100, five pages).
pub const ROSTER_LINES_PER_PART: usize = 100;

/// Typst's caches keep what the last few documents used: consecutive letters share most of their
/// layout work, but nothing older is worth its memory.
const EVICT_AGE: usize = 2;

#[derive(Debug, Default)]
pub struct RenderReport {
    pub villages: usize,
    pub letters: usize,
    pub print_pages: usize,
    pub attendance_files: usize,
    pub letter_files: usize,
    /// Rows of `messages/sms.csv` (people with a phone number) and the SMS parts they take.
    pub sms: usize,
    pub sms_parts: usize,
    /// Typst's warnings, each once.
    pub warnings: Vec<String>,
    pub out: PathBuf,
}

/// What a worker is asked to make.
enum Job {
    Village {
        code: VillageCode,
        people: Vec<Invited>,
        generated: String,
    },
    Day {
        office_id: String,
        date: NaiveDate,
        people: Vec<Invited>,
    },
}

#[derive(Default)]
struct Done {
    print_pages: usize,
    letters: usize,
    letter_files: usize,
    attendance_files: usize,
    attendance_lines: usize,
    warnings: Vec<String>,
}

/// Render's progress: the letters, then the attendance sheets' lines (a sixth of the work, which
/// would otherwise pass with the bar standing at 100%). Both count every planned invitation.
struct RenderProgress {
    shown: Progress,
    planned: u64,
    letters: u64,
    attendance_lines: u64,
}

impl RenderProgress {
    fn new(planned: u64) -> RenderProgress {
        RenderProgress {
            shown: Progress::new("render", "letters", planned),
            planned,
            letters: 0,
            attendance_lines: 0,
        }
    }

    fn add(&mut self, done: &Done) {
        let on_letters = self.letters < self.planned;
        self.letters += done.letters as u64;
        self.attendance_lines += done.attendance_lines as u64;
        if !on_letters {
            self.shown.add(done.attendance_lines as u64);
        } else if self.letters < self.planned {
            self.shown.add(done.letters as u64);
        } else {
            self.shown
                .next("attendance lines", self.planned, self.attendance_lines);
        }
    }
}

/// Folder names: the place's name in lower case with dashes ("Kesugihan Kidul" → `kesugihan-kidul`),
/// readable by the village office that receives the file.
pub fn slug(name: &str) -> String {
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

/// `print/<kecamatan>/<village>.pdf`, relative to the output folder.
pub fn print_path(code: VillageCode) -> PathBuf {
    let regions = Regions::get();
    let kecamatan = regions
        .kecamatan_name(code.kecamatan())
        .unwrap_or("kecamatan");
    let village = regions.village_name(code).unwrap_or("desa");
    PathBuf::from("print")
        .join(slug(kecamatan))
        .join(format!("{}.pdf", slug(village)))
}

/// What every document of a campaign shares: the typesetter (fonts, templates), the campaign's data
/// and the key that signs the QR codes. Made once per command.
pub struct Studio {
    typesetter: Typesetter,
    campaign: data::Campaign,
    key: ed25519_dalek::SigningKey,
    letter_number: String,
}

impl Studio {
    /// Checks that the campaign can sign letters and loads its templates; `qr_slots` is the most
    /// QR codes one document holds.
    pub fn new(config: &Config, qr_slots: usize) -> Result<Studio> {
        let Some(issuer) = &config.issuer else {
            return Err(Error::NeedsSetting {
                file: config.path.clone(),
                section: "issuer",
                why: "letters are signed by the issuing office",
                example: "[issuer]\ngovernment = \"Pemerintah Kabupaten Cilacap\"\nagency = \"Dinas Kependudukan dan Pencatatan Sipil\"\naddress = \"Jl. Kalimantan No. 1, Cilacap\"\nsignatory = \"…\"\nsignatory_title = \"Kepala Dinas\"\nsignatory_id = \"NIP …\"\nletter_number = \"400.8/{seq}/Disdukcapil/2024\"",
            });
        };
        let key = crate::keys::of_campaign(
            config,
            "every letter carries a QR code signed with the campaign's key",
        )?;
        let templates = templates_dir(config);
        let mut typesetter = Typesetter::new(Some(&templates), data::letter_date(config))?;
        typesetter.reserve_qr(qr_slots);
        Ok(Studio {
            typesetter,
            campaign: data::campaign(config, logo(&templates)),
            key,
            letter_number: issuer.letter_number.clone(),
        })
    }

    fn context<'a>(&'a self, config: &'a Config) -> LetterContext<'a> {
        LetterContext {
            config,
            key: &self.key,
            letter_number: &self.letter_number,
        }
    }

    /// One person's letter as a PDF of its own: the email attachment, `letters/<id>.pdf`.
    pub fn letter_pdf(&self, config: &Config, p: &Invited) -> Result<pdf::Pdf> {
        let letter = self.context(config).letter(p, 1, world::qr_path(0));
        let qr = [Bytes::new(self::qr::png(&letter.token).0)];
        let pdf = single_letter(&self.typesetter, &self.campaign, &letter, &qr);
        typst::comemo::evict(EVICT_AGE);
        pdf
    }
}

/// The coverage summary, `summary.pdf`, over `report` (what `templates/report.typ` receives as
/// `r`). Needs `[issuer]` for its heading, but no key.
pub fn summary_pdf(config: &Config, report: &impl serde::Serialize) -> Result<pdf::Pdf> {
    let templates = templates_dir(config);
    let typesetter = Typesetter::new(Some(&templates), data::letter_date(config))?;
    #[derive(serde::Serialize)]
    struct Doc<'a, R> {
        title: &'a str,
        campaign: data::Campaign,
        report: &'a R,
    }
    let doc = Doc {
        title: "Rekap perekaman KTP-el pemilih pemula",
        campaign: data::campaign(config, logo(&templates)),
        report,
    };
    pdf::make(&typesetter, Kind::Summary, "summary.pdf", json(&doc), &[])
}

/// The campaign's logo, `templates/logo.*`, as templates read it.
fn logo(templates: &Path) -> Option<String> {
    ["logo.png", "logo.jpg", "logo.jpeg", "logo.svg"]
        .iter()
        .find(|name| templates.join(name).is_file())
        .map(|name| format!("/templates/{name}"))
}

/// The campaign's `templates/` folder.
pub fn templates_dir(config: &Config) -> PathBuf {
    config.dir.join("templates")
}

/// The ledger of a campaign that has been planned, opened.
pub fn planned_ledger(config: &Config) -> Result<Ledger> {
    let ledger_path = crate::plan::ledger_path(config);
    if !ledger_path.exists() {
        return Err(Error::NoPlan {
            ledger: ledger_path,
        });
    }
    Ledger::open(&ledger_path, &config.campaign.id)
}

pub fn render(config: &Config, out: &Path) -> Result<RenderReport> {
    let started = std::time::Instant::now();
    let studio = Studio::new(config, LETTERS_PER_PART)?;
    let ledger = planned_ledger(config)?;
    // Message templates first: a misspelt field stops the run before minutes of typesetting.
    let messages = Templates::load(&templates_dir(config), &[templates::SMS])?;
    let context = studio.context(config);

    output::ensure_dir(out)?;
    let staging = out.join(".papila-render");
    if staging.exists() {
        std::fs::remove_dir_all(&staging).map_err(|e| Error::io("clear", &staging, e))?;
    }
    output::ensure_dir(&staging)?;

    let shared = Shared {
        typesetter: &studio.typesetter,
        campaign: &studio.campaign,
        context: &context,
        staging: &staging,
        letters: config.output.letters,
    };
    let mut report = RenderReport {
        out: out.to_path_buf(),
        ..RenderReport::default()
    };
    run_jobs(&shared, &ledger, &mut report)?;

    let mut dirs = vec!["print", "attendance"];
    if config.output.letters {
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
    std::fs::remove_dir_all(&staging).map_err(|e| Error::io("clear", &staging, e))?;
    crate::timings::record("render", started);
    let started = std::time::Instant::now();
    (report.sms, report.sms_parts) = write_sms(config, &ledger, out, &messages)?;
    crate::timings::record("messages", started);
    report.warnings.sort();
    report.warnings.dedup();
    Ok(report)
}

struct Shared<'a> {
    typesetter: &'a Typesetter,
    campaign: &'a data::Campaign,
    context: &'a LetterContext<'a>,
    staging: &'a Path,
    letters: bool,
}

/// Reads the ledger in village order, then in office-and-day order, and hands each group to a
/// worker: one per core, or `PAPILA_THREADS` (for an office PC that must stay usable meanwhile).
/// The channel holds at most one waiting job per worker, which bounds memory.
fn run_jobs(shared: &Shared, ledger: &Ledger, report: &mut RenderReport) -> Result<()> {
    let workers = std::env::var("PAPILA_THREADS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
        });
    let (job_tx, job_rx) = mpsc::sync_channel::<Job>(workers);
    let job_rx = std::sync::Mutex::new(job_rx);
    let (done_tx, done_rx) = mpsc::channel::<Result<Done>>();
    let total: i64 = ledger
        .conn
        .query_row(
            "SELECT count(*) FROM invitation WHERE state = 'planned'",
            [],
            |r| r.get(0),
        )
        .map_err(|e| sql(&ledger.path, e))?;
    let mut progress = RenderProgress::new(total as u64);
    // The workers are the threads of a rayon pool: Typst lays a document's pages out in parallel
    // through rayon, and a worker outside the pool would sleep while the pool does that work
    // (~10% of two cores lay idle so); inside it, the worker lays out its own pages and takes
    // the other's when it waits.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(workers)
        .thread_name(|i| format!("papila-render-{i}"))
        .build()
        .map_err(|e| {
            Error::io(
                "start the rendering threads for",
                shared.staging,
                std::io::Error::other(e),
            )
        })?;
    let result = std::thread::scope(|scope| -> Result<()> {
        let work_done = done_tx.clone();
        let job_rx = &job_rx;
        let pool = &pool;
        // One worker on each thread of the pool (a broadcast job runs only on its own thread,
        // so no thread can pick up a second worker while it waits for layout).
        scope.spawn(move || {
            pool.broadcast(|_| {
                let done_tx = work_done.clone();
                loop {
                    let job = job_rx.lock().expect("no worker panics").recv();
                    let Ok(job) = job else { break };
                    let result = work(shared, job);
                    // Layout caches only grow; drop what the last jobs no longer share.
                    typst::comemo::evict(EVICT_AGE);
                    if done_tx.send(result).is_err() {
                        break;
                    }
                }
            });
        });
        drop(done_tx);
        let produced = produce(shared, ledger, &job_tx, &done_rx, report, &mut progress);
        drop(job_tx);
        let mut first_error = produced.err();
        for result in done_rx.iter() {
            match result {
                Ok(done) => add(report, &mut progress, done),
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        match first_error {
            Some(e) => Err(e),
            None => Ok(()),
        }
    });
    progress.shown.finish();
    result
}

fn add(report: &mut RenderReport, progress: &mut RenderProgress, done: Done) {
    progress.add(&done);
    report.print_pages += done.print_pages;
    report.letters += done.letters;
    report.letter_files += done.letter_files;
    report.attendance_files += done.attendance_files;
    if done.print_pages > 0 {
        report.villages += 1;
    }
    report.warnings.extend(done.warnings);
}

/// Sends the jobs; between sends, takes in finished work so a failure stops the render early.
fn produce(
    shared: &Shared,
    ledger: &Ledger,
    jobs: &mpsc::SyncSender<Job>,
    done: &mpsc::Receiver<Result<Done>>,
    report: &mut RenderReport,
    progress: &mut RenderProgress,
) -> Result<()> {
    let path = &ledger.path;
    let runs: HashMap<i64, String> = {
        let mut stmt = ledger
            .conn
            .prepare("SELECT id, started_at FROM run")
            .map_err(|e| sql(path, e))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
            .map_err(|e| sql(path, e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| sql(path, e))?
    };
    let generated = |run: i64| {
        runs.get(&run)
            .and_then(|t| NaiveDate::parse_from_str(t.get(..10)?, "%Y-%m-%d").ok())
            .map(text::date)
            .unwrap_or_default()
    };
    let mut send = |job: Job| -> Result<()> {
        while let Ok(result) = done.try_recv() {
            add(report, progress, result?);
        }
        jobs.send(job).map_err(|_| {
            Error::io(
                "render into",
                shared.staging,
                std::io::Error::other("the rendering threads stopped"),
            )
        })
    };

    // Print batches, village by village, letters in delivery order.
    each_group(
        ledger,
        &format!("{DELIVERY_FROM} ORDER BY {DELIVERY_ORDER}"),
        |a, b| a.village == b.village,
        |people, last_run| {
            send(Job::Village {
                code: people[0].village,
                people,
                generated: generated(last_run),
            })
        },
    )?;
    // Attendance sheets, office by office and day by day.
    each_group(
        ledger,
        // invitation_slot gives this order but for names within a session.
        "invitation i JOIN person p ON p.nik = i.nik WHERE i.state = 'planned'
         ORDER BY i.office_id, i.date, i.start, p.name, i.id",
        |a, b| a.office_id == b.office_id && a.date == b.date,
        |people, _| {
            send(Job::Day {
                office_id: people[0].office_id.clone(),
                date: people[0].date,
                people,
            })
        },
    )
}

/// Streams the planned invitations of `from` (joins, filter and order) and hands each run of rows that `same`
/// groups together to `emit`, with the latest run that changed one of them. Only one group is held
/// at a time.
fn each_group(
    ledger: &Ledger,
    from: &str,
    same: impl Fn(&Invited, &Invited) -> bool,
    mut emit: impl FnMut(Vec<Invited>, i64) -> Result<()>,
) -> Result<()> {
    let path = &ledger.path;
    let mut stmt = ledger
        .conn
        .prepare(&format!("SELECT {INVITED_COLUMNS} FROM {from}"))
        .map_err(|e| sql(path, e))?;
    let mut rows = stmt.query([]).map_err(|e| sql(path, e))?;
    let mut group: Vec<Invited> = Vec::new();
    let mut last_run = 0;
    while let Some(row) = rows.next().map_err(|e| sql(path, e))? {
        let (invited, run) = read_invited(path, row)?;
        if group.first().is_some_and(|first| !same(first, &invited)) {
            emit(std::mem::take(&mut group), last_run)?;
            last_run = 0;
        }
        last_run = last_run.max(run);
        group.push(invited);
    }
    if !group.is_empty() {
        emit(group, last_run)?;
    }
    Ok(())
}

/// The columns `read_invited` reads, from `invitation i JOIN person p`; a query may select more
/// after them, from index `INVITED_COLUMN_COUNT` on.
pub const INVITED_COLUMNS: &str = "i.id, i.seq, i.office_id, i.date, i.start, i.end, p.name, \
     p.nik, p.address, p.rt, p.rw, p.dusun, p.village_code, i.updated_run, i.attempt, i.missed";
pub const INVITED_COLUMN_COUNT: usize = 16;

/// An invitation row (`INVITED_COLUMNS`) and the run that last changed it. A value papila could
/// not have written is an error, not a letter with a blank in it.
pub fn read_invited(path: &Path, row: &rusqlite::Row) -> Result<(Invited, i64)> {
    let text = |i: usize| row.get::<_, String>(i).map_err(|e| sql(path, e));
    let bad = |what: &str, value: &str| Error::Input {
        path: path.display().to_string(),
        message: format!("the ledger holds {what} \"{value}\" that papila did not write"),
        hint: "the ledger was changed by another program; restore it from a backup".into(),
    };
    let date_text = text(3)?;
    let date =
        NaiveDate::parse_from_str(&date_text, "%Y-%m-%d").map_err(|_| bad("a date", &date_text))?;
    let time = |i: usize| -> Result<NaiveTime> {
        let t = text(i)?;
        NaiveTime::parse_from_str(&t, "%H:%M").map_err(|_| bad("a time", &t))
    };
    let code_text = text(12)?;
    let village =
        VillageCode::parse(&code_text).ok_or_else(|| bad("a village code", &code_text))?;
    let invitation_id = text(0)?;
    if crate::ids::to_bits(&invitation_id).is_none() {
        return Err(bad("an invitation id", &invitation_id));
    }
    Ok((
        Invited {
            invitation_id,
            seq: row.get(1).map_err(|e| sql(path, e))?,
            office_id: text(2)?,
            date,
            start: time(4)?,
            end: time(5)?,
            name: text(6)?,
            nik: text(7)?,
            address: text(8)?,
            rt: text(9)?,
            rw: text(10)?,
            dusun: text(11)?,
            village,
            attempt: row.get(14).map_err(|e| sql(path, e))?,
            missed: NaiveDate::parse_from_str(&text(15)?, "%Y-%m-%d").ok(),
        },
        row.get(13).map_err(|e| sql(path, e))?,
    ))
}

fn work(shared: &Shared, job: Job) -> Result<Done> {
    match job {
        Job::Village {
            code,
            people,
            generated,
        } => print_village(shared, code, &people, generated),
        Job::Day {
            office_id,
            date,
            people,
        } => attendance_day(shared, &office_id, date, &people),
    }
}

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

/// A village's print batch, `print/<kecamatan>/<village>.pdf`: cover, letters, roster. Typst holds
/// a whole document in memory (~2 MB a letter with its caches), so a big village is typeset in
/// parts of at most `LETTERS_PER_PART` letters (and `ROSTER_LINES_PER_PART` roster lines), which
/// are joined into the one file the village office receives.
fn print_village(
    shared: &Shared,
    code: VillageCode,
    people: &[Invited],
    generated: String,
) -> Result<Done> {
    let regions = Regions::get();
    let config = shared.context.config;
    let mut offices: Vec<OfficeData> = Vec::new();
    let mut sessions: BTreeMap<(NaiveDate, NaiveTime, String), (NaiveTime, usize)> =
        BTreeMap::new();
    for p in people {
        if !offices.iter().any(|o| o.id == p.office_id) {
            let office = config.offices.iter().find(|o| o.id == p.office_id);
            offices.push(OfficeData::of(office, &p.office_id));
        }
        sessions
            .entry((p.date, p.start, p.office_id.clone()))
            .or_insert((p.end, 0))
            .1 += 1;
    }
    let office_name = |id: &str| {
        offices
            .iter()
            .find(|o| o.id == id)
            .map(|o| o.name.clone())
            .unwrap_or_default()
    };
    let village = data::Village {
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
        generated,
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
        letters: Vec::new(),
    };
    let roster: Vec<data::RosterLine> = people
        .iter()
        .enumerate()
        .map(|(i, p)| data::RosterLine::of(p, i + 1))
        .collect();
    let relative = print_path(code);
    let ident = relative.display().to_string();
    let title = format!("Surat undangan perekaman KTP-el · {}", village.name);
    let mut done = Done::default();

    // Parts: the cover with the first letters, the other letters, then the roster. A village that
    // fits one part is one document, with no joining.
    let letter_parts: Vec<&[Invited]> = people.chunks(LETTERS_PER_PART).collect();
    let roster_parts: Vec<&[data::RosterLine]> = if people.len() <= LETTERS_PER_PART {
        Vec::new()
    } else {
        roster.chunks(ROSTER_LINES_PER_PART).collect()
    };
    let mut batch_file =
        BatchFile::new(shared, &relative, letter_parts.len() + roster_parts.len())?;
    for (part, chunk) in letter_parts.iter().enumerate() {
        let first_no = part * LETTERS_PER_PART + 1;
        let mut qr = Vec::with_capacity(chunk.len());
        let letters: Vec<data::Letter> = chunk
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let letter = shared.context.letter(p, first_no + i, world::qr_path(i));
                qr.push(Bytes::new(self::qr::png(&letter.token).0));
                letter
            })
            .collect();
        let whole = roster_parts.is_empty();
        let batch = data::PrintBatch {
            title: title.clone(),
            campaign: shared.campaign,
            village: &village,
            roster: if whole { &roster } else { &[] },
            cover: part == 0,
            letters: &letters,
        };
        typeset_part(shared, &ident, &batch, &qr, &mut batch_file, &mut done)?;
        done.letters += letters.len();
    }
    for lines in roster_parts {
        let batch = data::PrintBatch {
            title: title.clone(),
            campaign: shared.campaign,
            village: &village,
            roster: lines,
            cover: false,
            letters: &[],
        };
        typeset_part(shared, &ident, &batch, &[], &mut batch_file, &mut done)?;
    }
    batch_file.finish()?;
    Ok(done)
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
    batch_file: &mut BatchFile,
    done: &mut Done,
) -> Result<()> {
    let typeset = pdf::Typeset::new(shared.typesetter, Kind::Print, json(batch), qr)?;
    done.print_pages += typeset.document.pages().len();
    batch_file.add(typeset.export(ident, false)?)?;
    if shared.letters && !batch.letters.is_empty() {
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
        let relative = PathBuf::from("letters").join(format!("{}.pdf", letter.invitation_id));
        write(shared, &relative, &bytes)?;
        done.letter_files += 1;
    }
    Ok(())
}

/// A single letter's document title.
fn letter_title(letter: &data::Letter) -> String {
    format!("Surat undangan perekaman KTP-el · {}", letter.name)
}

/// A letter as a document of its own (tagged, for screen readers): the email attachment.
fn single_letter(
    typesetter: &Typesetter,
    campaign: &data::Campaign,
    letter: &data::Letter,
    qr: &[Bytes],
) -> Result<pdf::Pdf> {
    let doc = data::LetterDoc {
        title: letter_title(letter),
        campaign,
        letters: std::slice::from_ref(letter),
    };
    pdf::make(
        typesetter,
        Kind::Letter,
        &letter.invitation_id,
        json(&doc),
        qr,
    )
}

/// A day's attendance sheets of one office: a page (or more) per session, people by name.
fn attendance_day(
    shared: &Shared,
    office_id: &str,
    date: NaiveDate,
    people: &[Invited],
) -> Result<Done> {
    let regions = Regions::get();
    let config = shared.context.config;
    let office = config.offices.iter().find(|o| o.id == office_id);
    let mut sessions: Vec<data::SessionSheet> = Vec::new();
    let mut current: Option<(NaiveTime, NaiveTime)> = None;
    for p in people {
        if current != Some((p.start, p.end)) {
            current = Some((p.start, p.end));
            let capacity = office
                .and_then(|o| {
                    o.sessions
                        .iter()
                        .find(|s| s.start == p.start && s.end == p.end)
                })
                .map(|s| s.capacity)
                .unwrap_or(0);
            sessions.push(data::SessionSheet {
                time: text::session(p.start, p.end, config.campaign.timezone),
                capacity,
                people: Vec::new(),
            });
        }
        let sheet = sessions.last_mut().expect("pushed above");
        sheet.people.push(data::Attendee {
            no: sheet.people.len() + 1,
            name: p.name.clone(),
            village: regions.village_name(p.village).unwrap_or("").to_string(),
            rt: p.rt.clone(),
            rw: p.rw.clone(),
            invitation_id: p.invitation_id.clone(),
        });
    }
    let doc = data::AttendanceDoc {
        title: format!("Daftar hadir perekaman KTP-el · {office_id} · {date}"),
        campaign: shared.campaign,
        day: data::Day {
            office: OfficeData::of(office, office_id),
            day: text::day_name(date),
            date: text::date(date),
            count: people.len(),
            sessions,
        },
    };
    let relative = PathBuf::from("attendance")
        .join(office_id)
        .join(format!("{date}.pdf"));
    let pdf = pdf::make(
        shared.typesetter,
        Kind::Attendance,
        &relative.display().to_string(),
        json(&doc),
        &[],
    )?;
    write(shared, &relative, &pdf.bytes)?;
    Ok(Done {
        attendance_files: 1,
        attendance_lines: people.len(),
        warnings: pdf.warnings,
        ..Done::default()
    })
}

/// `messages/sms.csv` (spec §7): one row per invited person with a phone number, in delivery
/// order, replaced whole. Returns the rows and the SMS parts they take.
fn write_sms(
    config: &Config,
    ledger: &Ledger,
    out: &Path,
    templates: &Templates,
) -> Result<(usize, usize)> {
    let path = &ledger.path;
    let dir = out.join("messages");
    output::ensure_dir(&dir)?;
    let target = dir.join("sms.csv");
    let mut csv = output::CsvFile::create(
        &target,
        &[
            "invitation_id",
            "phone",
            "text",
            "encoding",
            "segments",
            "whatsapp_url",
        ],
    )?;
    let mut stmt = ledger
        .conn
        .prepare(&format!(
            "SELECT {INVITED_COLUMNS}, p.phone
             FROM {DELIVERY_FROM} AND coalesce(p.phone, '') != ''
             ORDER BY {DELIVERY_ORDER}"
        ))
        .map_err(|e| sql(path, e))?;
    let mut rows = stmt.query([]).map_err(|e| sql(path, e))?;
    let (mut count, mut parts) = (0, 0);
    while let Some(row) = rows.next().map_err(|e| sql(path, e))? {
        let (invited, _) = read_invited(path, row)?;
        let phone: String = row.get(INVITED_COLUMN_COUNT).map_err(|e| sql(path, e))?;
        let id = invited.invitation_id.clone();
        let message = Message::of(config, &invited);
        let body = templates.render(templates::SMS, &message)?;
        let measured = sms::segments(&body);
        csv.row([
            id.as_str(),
            phone.as_str(),
            body.as_str(),
            measured.encoding.label(),
            &measured.parts.to_string(),
            &sms::whatsapp_url(&phone, &body),
        ])?;
        count += 1;
        parts += measured.parts;
    }
    csv.commit()?;
    Ok((count, parts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_counts_letters_then_attendance_lines() {
        let letters = |n| Done {
            letters: n,
            ..Done::default()
        };
        let lines = |n| Done {
            attendance_lines: n,
            ..Done::default()
        };
        let mut progress = RenderProgress::new(10);
        progress.add(&letters(6));
        // A day's sheets may be done before the last village.
        progress.add(&lines(4));
        assert!(
            progress
                .shown
                .line()
                .starts_with("render: 6 of 10 letters (60%)")
        );
        progress.add(&letters(4));
        assert!(
            progress
                .shown
                .line()
                .starts_with("render: 4 of 10 attendance lines (40%)"),
            "{}",
            progress.shown.line()
        );
        progress.add(&lines(6));
        assert!(
            progress
                .shown
                .line()
                .starts_with("render: 10 of 10 attendance lines (100%)")
        );
    }

    #[test]
    fn slugs_are_readable_file_names() {
        assert_eq!(slug("Kesugihan Kidul"), "kesugihan-kidul");
        assert_eq!(slug("Karang Kandri (Baru)"), "karang-kandri-baru");
        assert_eq!(slug("  "), "tanpa-nama");
    }
}
