#!/usr/bin/env python3
"""Times the release `papila` on a generated district and reports wall time and peak memory.

    python3 bench/bench.py                 # 200,000 people
    python3 bench/bench.py --people 20000  # any size
    python3 bench/bench.py --repeat 3      # `run` and the baseline three times each, medians
    python3 bench/bench.py --schools 120   # school-heavy: half the people students of 120 schools

The district comes from `gen-district` (deterministic for a seed), so figures are comparable across
runs and machines. It times `papila check`, then `papila run` on a fresh ledger (plan, print batches,
attendance sheets, sms.csv: the main job), split into its stages by the lines papila writes to the
file named by PAPILA_TIMINGS; right after it the naive in-process baseline (`naive-render`: one Typst
compile and PDF per letter, one thread) on the same ledger, and the plain Typst loop of issue 34
(`plain_loop.py`: PyPI's typst, one document per village from a CSV, two at a time, papila's letter
without its QR code) on the people it invited, so they are measured close in time (interleaved with
--repeat: papila, baselines, papila, baselines, …);
then a re-plan that keeps every appointment; a run with 300 newcomers spread over the villages
and a render with nothing changed (a re-run costs what changed: unchanged villages are kept, not
typeset); and a render with per-person letters (`letters = true`).
With --repeat N, `run` (each time on a fresh ledger) and the baseline alternate N times and the
medians are reported with the spread (of an even count, the slower run and the faster baseline, so
the ratio errs low): this machine's speed drifts by a fifth between hours, so one sample of each is
a rough figure.
Peak RSS is each process's maximum resident set, read from getrusage, so no extra tool is needed.
"""

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import typing

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def build():
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bins"], cwd=ROOT, check=True)
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    return os.path.join(target, "release")


def timed(cmd, cwd, env=None, said=None):
    """Runs cmd, returns (seconds, peak RSS in MiB) of that child alone; with `said` (a list), its
    stdout lines are appended to it."""
    pid_start = time.perf_counter()
    out = tempfile.TemporaryFile() if said is not None else subprocess.DEVNULL
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    if said is not None:
        out.seek(0)
        said.extend(out.read().decode(errors="replace").splitlines())
    seconds = time.perf_counter() - pid_start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"{' '.join(cmd)} failed with status {code}:\n{proc.stderr.read().decode()}")
    return seconds, usage.ru_maxrss / 1024


class Run(typing.NamedTuple):
    """One `papila run`, the naive baseline and the plain Typst loop right after it."""
    seconds: float
    rss: float
    stages: dict
    letters: int
    naive_rate: float
    naive_rss: float
    plain_rate: float

    @property
    def rate(self):
        return self.letters / self.seconds


def at_least_one(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def letter_count(district):
    """Invited people with an appointment: one letter each."""
    import csv
    with open(os.path.join(district, "out", "manifest.csv"), newline="", encoding="utf-8") as f:
        return sum(1 for row in csv.DictReader(f) if row["invitation_id"])


def plain_loop(district, work):
    """The plain Typst loop (bench/plain_loop.py, issue 34) on the people `papila run` invited:
    letters (one page each) a second."""
    done = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "plain_loop.py"), district,
                           os.path.join(work, "plain")], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"the plain Typst loop failed:\n{done.stderr}")
    result = json.loads(done.stdout.splitlines()[-1])
    return result["letters"] / result["seconds"]


def tree_size(path):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(path) for f in files)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--people", type=int, default=200_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", action="store_true", help="keep the generated district")
    ap.add_argument("--naive-letters", type=int, default=2000,
                    help="letters the naive baseline makes (its rate is steady; a sample suffices)")
    ap.add_argument("--repeat", type=at_least_one, default=1,
                    help="run `run` and the baseline this many times, alternating; report medians")
    ap.add_argument("--no-letters", action="store_true",
                    help="skip rendering per-person letters (letters = true), the longest stage")
    ap.add_argument("--schools", type=int, default=0,
                    help="a school-heavy district: this many schools with a team's visit each "
                         "(e.g. 120), their students also in Dapodik-style lists")
    ap.add_argument("--students", type=float, default=0.5,
                    help="with --schools, the share of the people who are students")
    args = ap.parse_args()

    bin_dir = build()
    work = tempfile.mkdtemp(prefix="papila-bench-")
    try:
        district = os.path.join(work, "district")
        schools = ["--schools", str(args.schools), "--students", str(args.students)] if args.schools else []
        gen_s, _ = timed([os.path.join(bin_dir, "gen-district"), "--out", district,
                          "--people", str(args.people), "--seed", str(args.seed), "--messy"] + schools,
                         work)
        size = sum(os.path.getsize(os.path.join(district, "people", f))
                   for f in os.listdir(os.path.join(district, "people")))
        print(f"district: {args.people} people, {size / 2**20:.1f} MiB of CSV (generated in {gen_s:.1f} s)"
              + (f"; {args.schools} schools, {args.students:.0%} of the people their students"
                 if args.schools else ""))
        papila = os.path.join(bin_dir, "papila")
        timings = os.path.join(work, "timings.csv")
        env = dict(os.environ, PAPILA_TIMINGS=timings, PAPILA_LANG="en")

        def stage_times():
            """The `stage,seconds` lines papila appended since the last call."""
            if not os.path.exists(timings):
                return {}
            with open(timings) as f:
                lines = dict(line.strip().split(",") for line in f if line.strip())
            os.remove(timings)
            return {k: float(v) for k, v in lines.items()}

        print(f"{'command':<28}{'wall s':>9}{'per s':>12}{'peak RSS MiB':>15}")

        def show(label, seconds, rate, unit, rss=None):
            memory = "" if rss is None else f"{rss:.1f}"
            print(f"{label:<28}{seconds:>9.2f}{rate:>8.0f} {unit:<4}{memory:>14}")

        seconds, rss = timed([papila, "check", "-c", "papila.toml"], district, env)
        stage_times()
        show("check", seconds, args.people / seconds, "rows", rss)

        # The main job on a fresh ledger: plan, print batches, attendance sheets, sms.csv. Right
        # after it, the naive in-process baseline: one Typst compile and PDF per letter, one
        # thread, on the first letters of the same ledger; run next to `run` because this
        # machine's speed drifts between hours and the ratio should compare like with like.
        runs = []
        for attempt in range(args.repeat):
            if attempt > 0:
                for name in os.listdir(district):
                    if name.startswith("papila.db"):
                        os.remove(os.path.join(district, name))
                shutil.rmtree(os.path.join(district, "out"))
            seconds, rss = timed([papila, "run", "-c", "papila.toml"], district, env)
            stages = stage_times()
            letters = letter_count(district)
            sample = min(args.naive_letters, letters)
            naive_s, naive_rss = timed([os.path.join(bin_dir, "naive-render"), "-c", "papila.toml",
                                        "--limit", str(sample), "--out", os.path.join(work, "naive")],
                                       district)
            plain_rate = plain_loop(district, work)
            run = Run(seconds, rss, stages, letters, sample / naive_s, naive_rss, plain_rate)
            runs.append(run)
            if args.repeat > 1:
                print(f"  run {attempt + 1} of {args.repeat}: {run.rate:.0f} letters/s, "
                      f"baseline {run.naive_rate:.0f} letters/s, {run.rate / run.naive_rate:.1f}x; "
                      f"plain Typst loop {run.plain_rate:.0f} letters/s, "
                      f"{run.rate / run.plain_rate:.2f}x")
        # The median run by wall time, with its own stages, and the median baseline rate; of an
        # even count, the slower run and the faster baseline.
        median = sorted(runs, key=lambda r: r.seconds)[len(runs) // 2]
        seconds, stages, letters = median.seconds, median.stages, median.letters
        naive_rates = sorted(r.naive_rate for r in runs)
        naive_rate = naive_rates[len(naive_rates) // 2]
        run_rss = max(r.rss for r in runs)
        naive_rss = max(r.naive_rss for r in runs)
        rate = letters / seconds
        show("run (plan + render)", seconds, rate, "ltr", run_rss)
        for stage, unit, count in [("plan", "rows", args.people), ("render", "ltr", letters),
                                   ("messages", "ltr", letters)]:
            if stage in stages:
                show(f"  {stage}", stages[stage], count / stages[stage], unit)
        size = tree_size(os.path.join(district, "out", "print"))
        print(f"run: {letters} letters, {rate:.0f} letters/s overall, "
              f"{size / max(letters, 1) / 1024:.1f} KiB of print PDF per letter")
        print(f"naive baseline: {min(args.naive_letters, letters)} letters, {naive_rate:.0f} letters/s, "
              f"{naive_rss:.1f} MiB; run is {rate / naive_rate:.1f}x the baseline")
        plain_rates = sorted(r.plain_rate for r in runs)
        # Of an even count, the faster loop: the ratio errs low.
        plain_rate = plain_rates[len(plain_rates) // 2]
        print(f"plain Typst loop (PyPI typst, one document per village, two at a time, no QR): "
              f"{plain_rate:.0f} letters/s; run is {rate / plain_rate:.2f}x the loop"
              + (f" (loop {plain_rates[0]:.0f}–{plain_rates[-1]:.0f} letters/s over "
                 f"{args.repeat} runs)" if args.repeat > 1 else ""))
        if args.repeat > 1:
            rates = sorted(r.rate for r in runs)
            ratios = sorted(r.rate / r.naive_rate for r in runs)
            print(f"over {args.repeat} runs: run {rates[0]:.0f}–{rates[-1]:.0f} letters/s, "
                  f"baseline {naive_rates[0]:.0f}–{naive_rates[-1]:.0f} letters/s, "
                  f"ratio {ratios[0]:.1f}–{ratios[-1]:.1f}x (medians above; peak RSS the highest)")

        seconds, rss = timed([papila, "plan", "-c", "papila.toml"], district, env)
        stage_times()
        show("plan again (all kept)", seconds, args.people / seconds, "rows", rss)

        # A week later: 300 newcomers spread over the villages (another seed of the generator),
        # then a render with nothing changed. A re-run should cost what changed: only the
        # newcomers' villages and days are typeset again, and their letters make round 2.
        first_render = stages.get("render")
        extra = os.path.join(work, "newcomers")
        timed([os.path.join(bin_dir, "gen-district"), "--out", extra, "--people", "300",
               "--seed", str(args.seed + 1000), "--serial-from", "5000"], work)
        for name in os.listdir(os.path.join(extra, "people")):
            shutil.copy(os.path.join(extra, "people", name),
                        os.path.join(district, "people", "newcomers-" + name))
        said = []
        seconds, rss = timed([papila, "run", "-c", "papila.toml"], district, env, said)
        again = stage_times()
        show("run with 300 newcomers", seconds, 300 / seconds, "new", rss)
        for line in said:
            if line.startswith(("Appointments:", "Rendered", "Round", "  Of the villages")):
                print(f"    {line.strip()}")
        if "render" in again:
            show("  render", again["render"], 300 / again["render"], "new")
        seconds, rss = timed([papila, "render", "-c", "papila.toml"], district, env)
        unchanged = stage_times()
        show("render, nothing changed", seconds, letters / seconds, "ltr", rss)
        if first_render and "render" in again:
            print(f"re-run render: {again['render'] / first_render:.3f} of the first "
                  f"({again['render']:.1f} s of {first_render:.1f} s); nothing changed: "
                  f"{unchanged.get('render', seconds):.1f} s")

        if not args.no_letters:
            # Per-person letters as well: `[output] letters = true`, rendered again.
            config = os.path.join(district, "papila.toml")
            with open(config) as f:
                text = f.read()
            with open(config, "w") as f:
                f.write(text.replace("letters = false", "letters = true"))
            seconds, rss = timed([papila, "render", "-c", "papila.toml"], district, env)
            stage_times()
            show("render with letters = true", seconds, letters / seconds, "ltr", rss)

    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
