#!/usr/bin/env python3
"""Crash trials: kill papila with SIGKILL at random moments and check that nothing is lost or doubled.

For each of `plan`, `render`, `send email` and `checkin --import`, TRIALS runs (default 20, seeded) are
killed after a random delay, and after each:
- the ledger passes `PRAGMA integrity_check`;
- plan: the ledger is exactly as before the killed run (its tables dumped and compared), the next plan
  completes, and the manifest has one row per input row;
- render: `print/` is the old set or the new set of files (hashes), never a mix; the next render
  completes with the new set;
- send email: after the trials and a last full run, every recipient received exactly one email (the
  test SMTP server's mail folder), and no email is still due;
- checkin --import: the next import completes and the ledger holds each check-in once.
Then: a full disk (a file-size limit) during render and plan gives exit 1 with a clear message and a
ledger that passes the integrity check; two plans at once, and two renders into one folder, are
refused with a clear message.

Usage: scripts/crash-trials.py [--trials N] [--seed S] [--people N] [--bin path/to/papila]
Needs Python's aiosmtpd (as the test suite does). Exit status 0 only if every check held.
`cargo test` runs a short version (tests/crash.rs: 3 trials each, 300 people, the debug build).
papila runs in English here (PAPILA_LANG=en), whatever the shell says, so the messages it checks
read the same on every machine.
"""

import argparse
import hashlib
import os
import random
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = {**{k: v for k, v in os.environ.items() if not k.startswith("PAPILA_")}, "PAPILA_LANG": "en"}
FAILURES = []
KILLED = {}  # command → (killed mid-run, finished before the kill)


def check(ok, what):
    if not ok:
        FAILURES.append(what)
        print(f"  FAIL: {what}", flush=True)
    return ok


def target_dir():
    return Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))


def build():
    subprocess.run(["cargo", "build", "--release", "--bins"], cwd=ROOT, check=True)
    return target_dir() / "release"


def run(bin_dir, args, cwd, **kw):
    return subprocess.run([str(bin_dir / "papila"), *args], cwd=cwd, capture_output=True, text=True,
                          env=ENV, **kw)


def killed_run(bin_dir, args, cwd, delay):
    """Starts papila, kills it with SIGKILL after `delay` seconds (if still running)."""
    p = subprocess.Popen([str(bin_dir / "papila"), *args], cwd=cwd, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, env=ENV)
    name = args[0] if args[0] != "send" else "send email"
    killed, finished = KILLED.get(name, (0, 0))
    try:
        p.wait(timeout=delay)
        KILLED[name] = (killed, finished + 1)
        return False  # finished before the kill
    except subprocess.TimeoutExpired:
        p.send_signal(signal.SIGKILL)
        p.wait()
        KILLED[name] = (killed + 1, finished)
        return True


def integrity(db):
    con = sqlite3.connect(db)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        con.close()


def dump(db, tables=("person", "invitation", "invitation_event", "message", "checkin", "scan")):
    con = sqlite3.connect(db)
    try:
        out = {}
        for t in tables:
            out[t] = con.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall()
        return out
    finally:
        con.close()


def tree_hashes(folder):
    if not folder.exists():
        return None
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def timed(bin_dir, args, cwd):
    started = time.monotonic()
    r = run(bin_dir, args, cwd)
    assert r.returncode == 0, f"{args}: {r.stdout}{r.stderr}"
    return time.monotonic() - started


def input_rows(campaign):
    return sum(max(0, len(p.read_text(encoding="utf-8", errors="replace").splitlines()) - 1)
               for p in (campaign / "people").glob("*.csv"))


def manifest_rows(campaign):
    return max(0, len((campaign / "out" / "manifest.csv").read_text().splitlines()) - 1)


def district(bin_dir, work, people, seed):
    work.mkdir(parents=True, exist_ok=True)
    d = work / "district"
    subprocess.run([str(bin_dir / "gen-district"), "--out", str(d), "--people", str(people),
                    "--seed", str(seed), "--kecamatan", "01,02"], check=True, capture_output=True, env=ENV)
    return d


def later_list(campaign, n):
    """A second list arriving later: n more people (others' rows with new NIK serials), so a plan or
    a render has new work."""
    first = sorted((campaign / "people").glob("*.csv"))[0]
    lines = first.read_text().splitlines()
    header, rows = lines[0], [r for r in lines[1:] if r[:16].isdigit()][:n]
    new = [f"{r[:12]}{9000 + i:04d}{r[16:]}" for i, r in enumerate(rows)]
    (campaign / "people" / "zz-later.csv").write_text("\n".join([header, *new]) + "\n")


def trial_plan(bin_dir, base, rng, trials):
    print("== plan", flush=True)
    full = timed(bin_dir, ["plan", "-c", "papila.toml", "--today", "2024-06-01"], base)
    later_list(base, 300)
    before = dump(base / "papila.db")
    probe = base.parent / "plan-probe"
    shutil.copytree(base, probe)
    timed(bin_dir, ["plan", "-c", "papila.toml", "--today", "2024-06-01"], probe)
    after = dump(probe / "papila.db")
    shutil.rmtree(probe)
    for i in range(trials):
        c = base.parent / f"plan-{i}"
        shutil.copytree(base, c)
        killed_run(bin_dir, ["plan", "-c", "papila.toml", "--today", "2024-06-01"], c,
                   rng.uniform(0, full * 1.2))
        check(integrity(c / "papila.db"), f"plan trial {i}: integrity")
        # Killed before its commit, the ledger is as it was; after it, as a whole run leaves it.
        check(dump(c / "papila.db") in (before, after),
              f"plan trial {i}: the ledger is neither as before the run nor as after a whole one")
        r = run(bin_dir, ["plan", "-c", "papila.toml", "--today", "2024-06-01"], c)
        check(r.returncode == 0, f"plan trial {i}: the next plan failed: {r.stderr[-300:]}")
        check(manifest_rows(c) == input_rows(c), f"plan trial {i}: manifest rows != input rows")
        shutil.rmtree(c)


def trial_render(bin_dir, base, rng, trials):
    print("== render", flush=True)
    run(bin_dir, ["plan", "-c", "papila.toml", "--today", "2024-06-01"], base)
    timed(bin_dir, ["render", "-c", "papila.toml"], base)
    old = tree_hashes(base / "out" / "print")
    # The new set: the later list planned and rendered in a copy.
    later_list(base, 300)
    run(bin_dir, ["plan", "-c", "papila.toml", "--today", "2024-06-01"], base)
    probe = base.parent / "render-probe"
    shutil.copytree(base, probe)
    full = timed(bin_dir, ["render", "-c", "papila.toml"], probe)
    new = tree_hashes(probe / "out" / "print")
    shutil.rmtree(probe)
    check(old != new, "render: the later list changed no print batch (the trial would prove nothing)")
    for i in range(trials):
        c = base.parent / f"render-{i}"
        shutil.copytree(base, c)
        killed_run(bin_dir, ["render", "-c", "papila.toml"], c, rng.uniform(0, full * 1.1))
        now = tree_hashes(c / "out" / "print")
        check(now in (old, new), f"render trial {i}: print/ is neither the old set nor the new one")
        r = run(bin_dir, ["render", "-c", "papila.toml"], c)
        check(r.returncode == 0 and tree_hashes(c / "out" / "print") == new,
              f"render trial {i}: the next render did not give the new set")
        shutil.rmtree(c)


def trial_send(bin_dir, base, rng, trials):
    print("== send email", flush=True)
    maildir = base.parent / "maildir"
    maildir.mkdir()
    server = subprocess.Popen([sys.executable, str(ROOT / "tests/support/smtp_server.py"), "--port",
                               "0", "--maildir", str(maildir)], stdout=subprocess.PIPE, text=True)
    try:
        ready = server.stdout.readline().split()
        assert ready[:1] == ["ready"], "the test SMTP server did not start (is aiosmtpd installed?)"
        port = int(ready[1])
        config = base / "papila.toml"
        config.write_text(config.read_text() + (
            f'\n[email]\nfrom = "Disdukcapil <noreply@example.go.id>"\nsmtp_host = "127.0.0.1"\n'
            f'smtp_port = {port}\nsecurity = "none"\nper_minute = 100000\nretry_after = 1\n'))
        run(bin_dir, ["plan", "-c", "papila.toml", "--today", "2024-06-01"], base)
        con = sqlite3.connect(base / "papila.db")
        expected = {r[0] for r in con.execute(
            "SELECT p.email FROM invitation i JOIN person p ON p.nik = i.nik "
            "WHERE i.state = 'planned' AND coalesce(p.email, '') != ''")}
        con.close()
        for i in range(trials):
            killed_run(bin_dir, ["send", "email", "-c", "papila.toml"], base, rng.uniform(0.2, 3.0))
            check(integrity(base / "papila.db"), f"send trial {i}: integrity")
        r = run(bin_dir, ["send", "email", "-c", "papila.toml"], base)
        check(r.returncode == 0, f"send: the last run failed: {r.stderr[-300:]}")
        received = {}
        for f in maildir.glob("*.eml"):
            first = f.read_text(errors="replace").splitlines()[0]
            to = first.removeprefix("X-Envelope-To: ")
            received[to] = received.get(to, 0) + 1
        doubled = [a for a, n in received.items() if n > 1]
        check(not doubled, f"send: {len(doubled)} recipients got an email twice, e.g. {doubled[:3]}")
        missing, strangers = expected - set(received), set(received) - expected
        check(not missing, f"send: {len(missing)} addresses got no email, e.g. {sorted(missing)[:3]}")
        check(not strangers, f"send: {len(strangers)} emails went to addresses nobody has, "
                             f"e.g. {sorted(strangers)[:3]}")
        con = sqlite3.connect(base / "papila.db")
        due = con.execute("SELECT count(*) FROM message WHERE state IN ('queued', 'sending')").fetchone()[0]
        sent = con.execute("SELECT count(*) FROM message WHERE state IN ('sent', 'unconfirmed')").fetchone()[0]
        con.close()
        check(due == 0, f"send: {due} emails still due after the last run")
        check(sent == len(expected), f"send: {sent} sent for {len(expected)} addresses")
        print(f"  {len(expected)} addresses, {sum(received.values())} emails received", flush=True)
    finally:
        server.terminate()
        server.wait()


def trial_import(bin_dir, base, rng, trials):
    print("== checkin --import", flush=True)
    run(bin_dir, ["plan", "-c", "papila.toml", "--today", "2024-06-01"], base)
    con = sqlite3.connect(base / "papila.db")
    ids = [r[0] for r in con.execute("SELECT id FROM invitation WHERE state = 'planned' ORDER BY seq LIMIT 2000")]
    con.close()
    log = base / "scans.csv"
    rows = ["scanned_at,station,outcome,invitation_id,office_id,date,start,end,token"]
    rows += [f"2024-07-01 08:{i % 60:02}:00,balai,unverified,{id_},,,,," for i, id_ in enumerate(ids)]
    log.write_text("\n".join(rows) + "\n")
    probe = base.parent / "import-probe"
    shutil.copytree(base, probe)
    full = timed(bin_dir, ["checkin", "-c", "papila.toml", "--import", "scans.csv"], probe)
    shutil.rmtree(probe)
    for i in range(trials):
        c = base.parent / f"import-{i}"
        shutil.copytree(base, c)
        killed_run(bin_dir, ["checkin", "-c", "papila.toml", "--import", "scans.csv"], c, rng.uniform(0, full))
        check(integrity(c / "papila.db"), f"import trial {i}: integrity")
        r = run(bin_dir, ["checkin", "-c", "papila.toml", "--import", "scans.csv"], c)
        check(r.returncode == 0, f"import trial {i}: the next import failed: {r.stderr[-300:]}")
        con = sqlite3.connect(c / "papila.db")
        n = con.execute("SELECT count(*), count(DISTINCT invitation_id) FROM checkin").fetchone()
        con.close()
        check(n == (len(ids), len(ids)), f"import trial {i}: {n} check-ins for {len(ids)} scans")
        shutil.rmtree(c)


def limited(limit_bytes):
    def preexec():
        # Ignored, SIGXFSZ is inherited ignored, and a write past the limit fails with EFBIG: the
        # disk is full, as papila sees it.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))
    return preexec


def held_while(lock, process):
    """Waits until `process` holds the OS lock `lock` (True), or ends first (False)."""
    import fcntl
    while process.poll() is None:
        try:
            with open(lock, "a") as f:
                try:
                    fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    fcntl.flock(f, fcntl.LOCK_UN)
                except BlockingIOError:
                    return True
        except FileNotFoundError:
            pass
        time.sleep(0.005)
    return False


def trial_disk_full_and_locks(bin_dir, base, big):
    """`big`: a district big enough that a plan holds its lock for a while (two plans at once)."""
    print("== a full disk, two runs at once", flush=True)
    for command in (["plan", "-c", "papila.toml", "--today", "2024-06-01"], ["render", "-c", "papila.toml"]):
        c = base.parent / f"full-{command[0]}"
        shutil.copytree(base, c)
        if command[0] == "render":
            run(bin_dir, ["plan", "-c", "papila.toml", "--today", "2024-06-01"], c)
        r = run(bin_dir, command, c, preexec_fn=limited(200_000))
        check(r.returncode == 1, f"full disk during {command[0]}: exit {r.returncode}")
        check("cannot" in r.stderr and "disk is full" in r.stderr and "panicked" not in r.stderr,
              f"full disk during {command[0]}: no clear message and hint: {r.stderr[-300:]}")
        if (c / "papila.db").exists():
            check(integrity(c / "papila.db"), f"full disk during {command[0]}: integrity")
        r = run(bin_dir, command, c)
        check(r.returncode == 0, f"after a full disk, {command[0]} failed: {r.stderr[-300:]}")
        shutil.rmtree(c)
    for command in (["plan", "-c", "papila.toml", "--today", "2024-06-01"], ["render", "-c", "papila.toml"]):
        c = base.parent / f"twice-{command[0]}"
        shutil.copytree(big if command[0] == "plan" else base, c)
        if command[0] == "render":
            run(bin_dir, ["plan", "-c", "papila.toml", "--today", "2024-06-01"], c)
        lock = c / ("papila.db.plan-lock" if command[0] == "plan" else "out/.papila-render.lock")
        for _ in range(5):
            first = subprocess.Popen([str(bin_dir / "papila"), *command], cwd=c, env=ENV,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if held_while(lock, first):
                second = run(bin_dir, command, c)
                overlapped = first.poll() is None
                first.wait()
                if second.returncode == 0 and not overlapped:
                    continue  # the first ended before the second began: try again
                check(second.returncode == 1 and "another `papila" in second.stderr,
                      f"two {command[0]}s at once: the second was not refused (exit "
                      f"{second.returncode}): {second.stderr[-300:]}")
                break
            first.wait()
        else:
            check(False, f"two {command[0]}s at once: the first never held its lock long enough to try")
        shutil.rmtree(c)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trials", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--people", type=int, default=4000)
    ap.add_argument("--bin", type=Path, help="folder holding papila and gen-district (default: build release)")
    args = ap.parse_args()
    bin_dir = args.bin or build()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="papila-crash-") as tmp:
        work = Path(tmp)
        pristine = district(bin_dir, work, args.people, args.seed)
        for name, trial in (("plan", trial_plan), ("render", trial_render), ("send", trial_send),
                            ("import", trial_import)):
            base = work / name / "campaign"
            shutil.copytree(pristine, base)
            trial(bin_dir, base, rng, args.trials)
        base = work / "misc" / "campaign"
        shutil.copytree(pristine, base)
        big = pristine
        if args.people < 3000:
            big = district(bin_dir, work / "big", 3000, args.seed)
        trial_disk_full_and_locks(bin_dir, base, big)
    for name, (killed, finished) in KILLED.items():
        print(f"  {name}: {killed} killed mid-run, {finished} finished before the kill")
    print(f"\n{args.trials} trials each of plan, render, send email and checkin --import; "
          f"{len(FAILURES)} failure(s)")
    sys.exit(1 if FAILURES else 0)


if __name__ == "__main__":
    main()
