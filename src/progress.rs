//! Progress of long commands on stderr: a bar with counts and time left on a terminal, and a plain
//! line every few seconds when stderr is a file or a pipe (CI, logs, a scheduled task), so a
//! district run of several minutes never looks hung.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

/// How often a plain line is written when stderr is not a terminal.
const PLAIN_EVERY: Duration = Duration::from_secs(5);

pub(crate) struct Progress {
    stage: &'static str,
    what: String,
    total: u64,
    done: u64,
    started: Instant,
    last_line: Instant,
    bar: Option<ProgressBar>,
}

impl Progress {
    /// Counts `total` units of `what` (the catalogue's key of their name: `progress-letters`) for
    /// the command `stage` ("render"). Nothing is shown for an empty job.
    pub(crate) fn new(stage: &'static str, what: &'static str, total: u64) -> Progress {
        let what = crate::lang::text(what, &[]);
        let bar = (std::io::stderr().is_terminal() && total > 0).then(|| {
            let bar = ProgressBar::hidden();
            bar.set_length(total);
            bar.set_prefix(stage);
            bar.set_message(what.clone());
            bar.set_style(
                ProgressStyle::with_template(&format!(
                    "{{prefix}} [{{bar:30}}] {{human_pos}}/{{human_len}} {{msg}} · {{rate}} · {}",
                    t!("progress-eta")
                ))
                .expect("a valid template")
                .with_key(
                    "rate",
                    |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                        let _ = write!(w, "{:.0}/s", state.per_sec());
                    },
                )
                .progress_chars("=> "),
            );
            bar.set_draw_target(ProgressDrawTarget::stderr());
            bar
        });
        let now = Instant::now();
        Progress {
            stage,
            what,
            total,
            done: 0,
            started: now,
            last_line: now,
            bar,
        }
    }

    pub(crate) fn add(&mut self, n: u64) {
        self.done += n;
        match &self.bar {
            Some(bar) => bar.inc(n),
            None if self.total > 0 && self.last_line.elapsed() >= PLAIN_EVERY => {
                self.last_line = Instant::now();
                let _ = writeln!(std::io::stderr(), "{}", self.line());
            }
            None => {}
        }
    }

    /// Moves on to the next kind of work of the same command (attendance lines after letters;
    /// `what` a catalogue key as for `new`): the count, the rate and the time left start afresh, `done` of `total` already made.
    pub(crate) fn next(&mut self, what: &'static str, total: u64, done: u64) {
        self.what = crate::lang::text(what, &[]);
        self.total = total;
        self.done = done;
        self.started = Instant::now();
        if let Some(bar) = &self.bar {
            bar.reset();
            bar.set_length(total);
            bar.set_position(done);
            bar.set_message(self.what.clone());
        }
    }

    /// A line for the user (a retry, a wait) printed above the bar, or as it is without one.
    pub(crate) fn note(&self, text: &str) {
        match &self.bar {
            Some(bar) => bar.println(text),
            None => {
                let _ = writeln!(std::io::stderr(), "{text}");
            }
        }
    }

    /// "render: 4000 of 20000 letters (20%), 310 a second, about 52 s left".
    pub(crate) fn line(&self) -> String {
        let seconds = self.started.elapsed().as_secs_f64().max(1e-3);
        let rate = self.done as f64 / seconds;
        let left = if rate > 0.0 {
            (self.total.saturating_sub(self.done)) as f64 / rate
        } else {
            0.0
        };
        format!(
            "{}: {}",
            self.stage,
            t!(
                "progress-line",
                done = self.done,
                total = self.total,
                what = &self.what,
                percent = self.done * 100 / self.total.max(1),
                rate = format!("{rate:.0}"),
                left = human(left)
            )
        )
    }

    pub(crate) fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}

fn human(seconds: f64) -> String {
    if seconds < 90.0 {
        t!("progress-seconds", n = format!("{seconds:.0}"))
    } else {
        t!("progress-minutes", n = format!("{:.0}", seconds / 60.0))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn times_read_naturally() {
        assert_eq!(super::human(42.4), "42 s");
        assert_eq!(super::human(600.0), "10 min");
    }
}
