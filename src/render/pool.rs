//! Render's worker pool: the ledger read in village order, then in office-and-day order, each group
//! a job for one of the workers, and their work gathered with the progress shown.

use std::sync::mpsc;

use chrono::NaiveDate;

use super::{EVICT_AGE, RenderReport, Shared};
use crate::error::{Error, Result};
use crate::ledger::{Invited, Ledger};
use crate::progress::Progress;
use crate::region::VillageCode;
use crate::text;

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
pub(super) struct Done {
    pub(super) print_pages: usize,
    pub(super) letters: usize,
    pub(super) letter_files: usize,
    pub(super) attendance_files: usize,
    pub(super) attendance_lines: usize,
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
            Progress::new("render", "attendance lines", planned)
        } else {
            Progress::new("render", "letters", to_print)
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
            self.shown
                .next("attendance lines", self.planned, self.attendance_lines);
        }
    }
}

/// Reads the ledger in village order, then in office-and-day order, and hands each group to a
/// worker: one per core, or `PAPILA_THREADS` (for an office PC that must stay usable meanwhile).
/// The channel holds at most one waiting job per worker, which bounds memory.
pub(super) fn run_jobs(shared: &Shared, ledger: &Ledger, report: &mut RenderReport) -> Result<()> {
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
    let mut progress = RenderProgress::new(ledger.count_planned()?);
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
    let run_days = ledger.run_days()?;
    let generated = |run: i64| {
        run_days
            .get(&run)
            .map(|d| text::date(*d))
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
    ledger.each_village(|people, last_run| {
        send(Job::Village {
            code: people[0].village,
            people,
            generated: generated(last_run),
        })
    })?;
    // Attendance sheets, office by office and day by day.
    ledger.each_office_day(|people| {
        send(Job::Day {
            office_id: people[0].appointment.office_id.clone(),
            date: people[0].appointment.date,
            people,
        })
    })
}

/// Makes one job's files.
fn work(shared: &Shared, job: Job) -> Result<Done> {
    match job {
        Job::Village {
            code,
            people,
            generated,
        } => super::batch::print_village(shared, code, &people, generated),
        Job::Day {
            office_id,
            date,
            people,
        } => super::attendance::attendance_day(shared, &office_id, date, &people),
    }
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
