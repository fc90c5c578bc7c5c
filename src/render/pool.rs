//! Render's worker pool: the ledger read in village order, then in office-and-day order, each group
//! a job for one of the workers, and their work gathered with the progress shown.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::mpsc;

use chrono::NaiveDate;

use super::batch::Batch;
use super::{EVICT_AGE, RenderReport, RoundToMake, Shared};
use crate::error::{Error, Result};
use crate::ledger::{Invited, Ledger, Point, Standing};
use crate::progress::Progress;

/// What a worker is asked to make, and the cache key it is recorded with.
enum Job {
    Batch(Box<Batch>, String),
    Day {
        office_id: String,
        date: NaiveDate,
        people: Vec<Invited>,
        key: String,
    },
}

#[derive(Default)]
pub(super) struct Done {
    pub(super) print_pages: usize,
    pub(super) letters: usize,
    pub(super) letter_files: usize,
    pub(super) attendance_files: usize,
    pub(super) attendance_lines: usize,
    /// 1 for a round's batch.
    pub(super) round_files: usize,
    /// Letters joined from the part cache rather than typeset.
    pub(super) letters_reused: usize,
    pub(super) school_files: usize,
    pub(super) warnings: Vec<String>,
}

/// Render's progress: the letters, then the attendance sheets' lines (a sixth of the work, which
/// would otherwise pass with the bar standing at 100%). Letters are made for everyone planned who
/// has not come; the sheets list everyone planned.
struct RenderProgress {
    shown: Progress,
    planned: u64,
    to_print: u64,
    letters: u64,
    attendance_lines: u64,
}

impl RenderProgress {
    fn new((planned, to_print): (u64, u64)) -> RenderProgress {
        let shown = if to_print == 0 {
            Progress::new("render", "progress-attendance-lines", planned)
        } else {
            Progress::new("render", "progress-letters", to_print)
        };
        RenderProgress {
            shown,
            planned,
            to_print,
            letters: 0,
            attendance_lines: 0,
        }
    }

    fn add(&mut self, done: &Done) {
        let on_letters = self.letters < self.to_print;
        self.letters += done.letters as u64;
        self.attendance_lines += done.attendance_lines as u64;
        if !on_letters {
            self.shown.add(done.attendance_lines as u64);
        } else if self.letters < self.to_print {
            self.shown.add(done.letters as u64);
        } else {
            self.shown.next(
                "progress-attendance-lines",
                self.planned,
                self.attendance_lines,
            );
        }
    }
}

/// Reads the ledger in village order, then in office-and-day order, and hands each group to one
/// of `workers` threads. The channel holds at most one waiting job per worker, which bounds memory.
pub(super) fn run_jobs(
    shared: &Shared,
    ledger: &Ledger,
    rounds: &[RoundToMake],
    workers: usize,
    report: &mut RenderReport,
) -> Result<()> {
    let workers = workers.max(1);
    let (job_tx, job_rx) = mpsc::sync_channel::<Job>(workers);
    let job_rx = std::sync::Mutex::new(job_rx);
    let (done_tx, done_rx) = mpsc::channel::<Result<Done>>();
    let (planned, standing) = ledger.count_planned()?;
    let in_rounds: usize = rounds.iter().map(|r| r.counts.letters()).sum();
    let mut progress = RenderProgress::new((planned, standing + in_rounds as u64));
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
        let produced = produce(
            shared,
            ledger,
            rounds,
            &job_tx,
            &done_rx,
            report,
            &mut progress,
        );
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
    report.letter_files += done.letter_files;
    report.letters_reused += done.letters_reused;
    report.attendance_files += done.attendance_files;
    if done.round_files > 0 {
        report.round_files += done.round_files;
    } else if done.school_files > 0 {
        report.school_files += done.school_files;
        report.print_pages += done.print_pages;
        report.letters += done.letters;
        report.school_letters += done.letters;
    } else if done.print_pages > 0 {
        report.print_pages += done.print_pages;
        report.villages += 1;
        report.letters += done.letters;
    }
    report.warnings.extend(done.warnings);
}

/// Sends the jobs — the full set village by village, the rounds to make, the attendance sheets
/// office by office and day by day — keeping what the cache says is unchanged; between sends,
/// takes in finished work so a failure stops the render early.
fn produce(
    shared: &Shared,
    ledger: &Ledger,
    rounds: &[RoundToMake],
    jobs: &mpsc::SyncSender<Job>,
    done: &mpsc::Receiver<Result<Done>>,
    report: &mut RenderReport,
    progress: &mut RenderProgress,
) -> Result<()> {
    let mut producer = Producer {
        shared,
        rounds,
        jobs,
        done,
        report,
        progress,
        round_counts: HashMap::new(),
        shared_files: HashSet::new(),
    };
    // A visited school has a batch even with no letter to hand out: its principal's letter.
    let mut schools: std::collections::BTreeSet<String> =
        shared.config.visited_schools().into_iter().collect();
    ledger.each_standing(|letters| {
        if let Point::School(npsn) = &letters.point {
            schools.remove(npsn);
        }
        producer.point(ledger, letters)
    })?;
    for npsn in schools {
        producer.point(
            ledger,
            Standing {
                point: Point::School(npsn),
                ids: Vec::new(),
                rounds: Vec::new(),
                invitation_ids: Vec::new(),
            },
        )?;
    }
    producer.rounds(ledger)?;
    ledger.each_office_day(|people| producer.day(people))
}

/// The state of `produce`.
struct Producer<'a, 'b> {
    shared: &'a Shared<'a>,
    rounds: &'a [RoundToMake],
    jobs: &'a mpsc::SyncSender<Job>,
    done: &'a mpsc::Receiver<Result<Done>>,
    report: &'b mut RenderReport,
    progress: &'b mut RenderProgress,
    /// Per round, its letters and void letters per delivery point.
    round_counts: HashMap<i64, HashMap<Point, (usize, usize)>>,
    /// Round files made as a delivery point's full set.
    shared_files: HashSet<(i64, Point)>,
}

impl Producer<'_, '_> {
    fn send(&mut self, job: Job) -> Result<()> {
        while let Ok(result) = self.done.try_recv() {
            add(self.report, self.progress, result?);
        }
        self.jobs.send(job).map_err(|_| {
            Error::io(
                "render into",
                self.shared.staging,
                std::io::Error::other(t!("render-threads-stopped")),
            )
        })
    }

    /// A delivery point's full set: kept, or typeset. A point whose standing letters are exactly
    /// one round's batch (round 1, or a village new in a round) has one file for both, typeset
    /// once under the round's name; whether it is so does not depend on which rounds are being
    /// made, or its cache key would change from one render to the next. A school's file says what
    /// its principal's letter says now, so that is in its key too.
    fn point(&mut self, ledger: &Ledger, standing: Standing) -> Result<()> {
        let shared = self.shared;
        let config = shared.config;
        let point = standing.point;
        let count = standing.ids.len();
        let relative = super::print_path(config, &point);
        let school = super::school::principal_letter(config, ledger, &point)?;
        let round = standing.rounds.first().copied();
        if let Some(round) = round
            && let std::collections::hash_map::Entry::Vacant(e) = self.round_counts.entry(round)
        {
            e.insert(ledger.round_point_counts(round)?);
        }
        let whole_round = round.filter(|&round| {
            standing.rounds.iter().all(|&r| r == round)
                && self.round_counts[&round]
                    .get(&point)
                    .is_some_and(|&(printed, void)| printed == count && void == 0)
        });
        let round_file = whole_round.map(|round| super::round_path(config, round, &point));
        // The round's file itself, when this render makes that round.
        let also = round_file.clone().filter(|_| {
            self.rounds
                .iter()
                .any(|r| Some(r.counts.round) == whole_round)
        });
        if let (Some(round), Some(_)) = (whole_round, &also) {
            // The round's copy is this file: its letters count as done in the progress shown.
            self.shared_files.insert((round, point.clone()));
            self.progress.add(&Done {
                letters: count,
                ..Done::default()
            });
        }
        // Keyed by the letters' row ids (the fingerprint holds the ledger's id): a letter row is
        // never rewritten, so the same ids in the same order are the same letters, and what they
        // say need not be read.
        let ids: Vec<u8> = standing
            .ids
            .iter()
            .flat_map(|id| id.to_le_bytes())
            .collect();
        let school_json = school
            .as_ref()
            .map(|s| serde_json::to_vec(s).expect("plain data serializes"))
            .unwrap_or_default();
        let key = super::cache::key(&[
            &shared.fingerprint,
            b"print",
            format!("{whole_round:?}").as_bytes(),
            &ids,
            &school_json,
        ]);
        let cut: Vec<PathBuf> = if shared.letters {
            standing
                .invitation_ids
                .iter()
                .map(|id| letter_path(id))
                .collect()
        } else {
            Vec::new()
        };
        if shared
            .cache
            .keep(shared.out, shared.staging, &relative, &cut, &key)?
        {
            if let Some(file) = &also {
                super::cache::link(&shared.staging.join(&relative), &shared.staging.join(file))?;
            }
            match point {
                Point::Village(_) => {
                    self.report.villages_kept += 1;
                    self.report.villages += 1;
                }
                Point::School(_) => {
                    self.report.school_files += 1;
                    self.report.school_letters += count;
                }
            }
            self.report.letters += count;
            self.report.letter_files += cut.len();
            self.progress.add(&Done {
                letters: count,
                ..Done::default()
            });
            return Ok(());
        }
        let letters = if count == 0 {
            Vec::new()
        } else {
            ledger.standing_letters_of(&point)?
        };
        let batch = Batch {
            point,
            school,
            ident: round_file.clone().unwrap_or_else(|| relative.clone()),
            relative,
            letters,
            void: Vec::new(),
            round: whole_round,
            round_day: None,
            also,
        };
        self.send(Job::Batch(Box::new(batch), key))
    }

    /// The rounds' files not made as a full set.
    fn rounds(&mut self, ledger: &Ledger) -> Result<()> {
        let config = self.shared.config;
        for RoundToMake { counts, points } in self.rounds {
            let round = &counts.round;
            for point in points {
                if self.shared_files.contains(&(*round, point.clone())) {
                    continue;
                }
                let (letters, void) = ledger.round_point(*round, point)?;
                let relative = super::round_path(config, *round, point);
                let school = super::school::principal_letter(config, ledger, point)?;
                let batch = Batch {
                    point: point.clone(),
                    school,
                    ident: relative.clone(),
                    relative,
                    letters,
                    void,
                    round: Some(*round),
                    round_day: counts.day.parse().ok(),
                    also: None,
                };
                self.send(Job::Batch(Box::new(batch), String::new()))?;
            }
        }
        Ok(())
    }

    /// An office's day of attendance sheets: kept, or typeset.
    fn day(&mut self, people: Vec<Invited>) -> Result<()> {
        let shared = self.shared;
        let office_id = people[0].appointment.office_id.clone();
        let date = people[0].appointment.date;
        let relative = super::attendance::attendance_path(&office_id, date);
        let key = super::cache::key(&[&shared.fingerprint, b"attendance", &people_bytes(&people)]);
        if shared
            .cache
            .keep(shared.out, shared.staging, &relative, &[], &key)?
        {
            self.report.attendance_kept += 1;
            self.report.attendance_files += 1;
            self.progress.add(&Done {
                attendance_lines: people.len(),
                ..Done::default()
            });
            return Ok(());
        }
        self.send(Job::Day {
            office_id,
            date,
            people,
            key,
        })
    }
}

/// `letters/<invitation_id>.pdf`.
pub(super) fn letter_path(invitation_id: &str) -> PathBuf {
    PathBuf::from("letters").join(format!("{invitation_id}.pdf"))
}

/// Makes one job's files, and records the cache key of a file of the full set.
fn work(shared: &Shared, job: Job) -> Result<Done> {
    match job {
        Job::Batch(batch, key) => {
            let (mut done, parts) = super::batch::print_batch(shared, &batch)?;
            if !batch.relative.starts_with("print") {
                done.round_files = 1;
            } else {
                shared.cache.record(&batch.relative, &key, &parts);
                if matches!(batch.point, Point::School(_)) {
                    done.school_files = 1;
                }
            }
            Ok(done)
        }
        Job::Day {
            office_id,
            date,
            people,
            key,
        } => {
            let done = super::attendance::attendance_day(shared, &office_id, date, &people)?;
            let relative = super::attendance::attendance_path(&office_id, date);
            shared.cache.record(&relative, &key, &[]);
            Ok(done)
        }
    }
}

/// Every field of `people` (`Invited::fields`), each ended by a unit separator (which no field
/// holds: text is cleaned of control characters on the way in): what an attendance sheet's key is
/// made of. Written field by field, as `{:?}` would but at a fraction of its cost, which a render
/// that keeps every sheet pays for each of a district's people.
fn people_bytes(people: &[Invited]) -> Vec<u8> {
    let mut out = Vec::with_capacity(people.len() * 160);
    for p in people {
        for field in p.fields() {
            out.extend_from_slice(field.as_bytes());
            out.push(0x1f);
        }
        out.push(0x1e);
    }
    out
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
        let mut progress = RenderProgress::new((10, 10));
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
}
