#!/usr/bin/env python3
"""Load benchmark of `papila serve`: many stations scanning at once on one ledger.

    python3 bench/serve_load.py                      # 20 stations x 500 scans
    python3 bench/serve_load.py --stations 5 --scans 100

A generated district (`gen-district`, 24 offices in Kabupaten Cilacap) is planned; `bench-tokens`
signs the tokens its letters carry. Each station is a thread with its own session (signed in with
its office's code) and one keep-alive connection, scanning as fast as the server answers: its
office's people, with one scan in ten a letter scanned again (at this station or at the next one,
at the same moment). Then it checks what the issue asks: every scan answered; each person checked
in exactly once (one `valid`, the rest `already_checked_in`, and `papila report` agrees); and it
reports p50/p99 latency and scans per second. Timings are this machine's; see README "Web station".
"""

import argparse
import csv
import http.client
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import build  # noqa: E402

DAY = "2024-07-01"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def sign_in(port, code):
    conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.request("GET", f"/masuk?kode={code}")
    r = conn.getresponse()
    r.read()
    cookie = r.getheader("Set-Cookie").split(";")[0]
    office = r.getheader("Location").rsplit("/", 1)[1]
    conn.request("GET", f"/stasiun/{office}", headers={"Cookie": cookie})
    page = conn.getresponse().read().decode()
    csrf = re.search(r'name="csrf" content="([0-9a-f]+)"', page).group(1)
    return conn, cookie, csrf


def station(port, code, lines, results):
    conn, cookie, csrf = sign_in(port, code)
    office = code_office[code]
    headers = {"Cookie": cookie, "X-CSRF-Token": csrf, "Content-Type": "application/json"}
    for n, line in enumerate(lines):
        body = json.dumps({"line": line, "nonce": f"{office}-{n}"})
        started = time.perf_counter()
        conn.request("POST", f"/api/stasiun/{office}/pindai", body=body, headers=headers)
        r = conn.getresponse()
        data = r.read()
        took = time.perf_counter() - started
        outcome = json.loads(data).get("outcome") if r.status == 200 else f"http {r.status}"
        results.append((took, outcome, line))


code_office = {}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--stations", type=int, default=20)
    ap.add_argument("--scans", type=int, default=500, help="scans per station")
    ap.add_argument("--people", type=int, default=40_000, help="size of the generated district")
    args = ap.parse_args()
    release = build()
    papila = os.path.join(release, "papila")
    with tempfile.TemporaryDirectory(prefix="papila-serve-load-") as tmp:
        district = os.path.join(tmp, "district")
        subprocess.run([os.path.join(release, "gen-district"), "--out", district, "--people", str(args.people)],
                       check=True, stdout=subprocess.DEVNULL)
        subprocess.run([papila, "plan", "-c", "papila.toml"], cwd=district, check=True, stdout=subprocess.DEVNULL)
        out = subprocess.run([os.path.join(release, "bench-tokens"), "-c", "papila.toml"], cwd=district,
                             check=True, capture_output=True, text=True).stdout
        by_office = {}
        for row in csv.DictReader(out.splitlines()):
            by_office.setdefault(row["office_id"], []).append(row["token"])
        offices = sorted(by_office, key=lambda o: -len(by_office[o]))[: args.stations]
        if len(offices) < args.stations or len(by_office[offices[-1]]) < args.scans:
            sys.exit("the district is too small for that many stations and scans: raise --people")

        rng = random.Random(1)
        plans = []
        for i, office in enumerate(offices):
            fresh = by_office[office][: args.scans * 9 // 10]
            lines = list(fresh)
            neighbour = by_office[offices[(i + 1) % len(offices)]]
            while len(lines) < args.scans:
                # Again at this station, or the neighbour's people scanned here too.
                lines.append(rng.choice(fresh) if rng.random() < 0.5 else rng.choice(neighbour[: args.scans * 9 // 10]))
            rng.shuffle(lines)
            plans.append((office, lines))
        distinct = {line for _, lines in plans for line in lines}

        port = free_port()
        env = dict(os.environ, PAPILA_TODAY=DAY, PAPILA_LANG="id")
        server = subprocess.Popen([papila, "serve", "-c", "papila.toml", "--listen", f"127.0.0.1:{port}"],
                                  cwd=district, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        codes = {}
        for line in server.stdout:
            words = line.split()
            if "kode" in words and words[0] == "Stasiun":
                codes[words[1]] = words[words.index("kode") + 1]
            if line.startswith("Berikan"):
                break
        try:
            results = []
            threads = []
            for office, lines in plans:
                code_office[codes[office]] = office
                threads.append(threading.Thread(target=station, args=(port, codes[office], lines, results)))
            started = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            wall = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait()

        answered = len(results)
        asked = sum(len(lines) for _, lines in plans)
        outcomes = {}
        for _, outcome, _ in results:
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
        valid_by_line = {}
        for _, outcome, line in results:
            if outcome in ("valid", "not_today"):
                valid_by_line[line] = valid_by_line.get(line, 0) + 1
        once = all(valid_by_line.get(line) == 1 for line in distinct)
        report = subprocess.run([papila, "report", "-c", "papila.toml"], cwd=district, env=env,
                                check=True, capture_output=True, text=True)
        with open(os.path.join(district, "out", "report.csv")) as f:
            attended = next(int(r["attended"]) for r in csv.DictReader(f) if r["level"] == "district")
        lat = sorted(t for t, _, _ in results)
        p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1000  # noqa: E731
        print(f"{args.stations} stations x {args.scans} scans = {asked} scans of {len(distinct)} people "
              f"({args.people} generated, {sum(len(v) for v in by_office.values())} invited)")
        print(f"  answered: {answered} of {asked}; outcomes: {json.dumps(outcomes, sort_keys=True)}")
        print(f"  each person checked in exactly once: {'yes' if once and attended == len(distinct) else 'NO'} "
              f"(report: {attended} attended)")
        print(f"  wall {wall:.1f} s, {answered / wall:.0f} scans/s; latency p50 {p(0.50):.1f} ms, "
              f"p99 {p(0.99):.1f} ms, max {lat[-1] * 1000:.1f} ms, mean {statistics.mean(lat) * 1000:.1f} ms")
        if answered != asked or not once or attended != len(distinct):
            sys.exit(1)


if __name__ == "__main__":
    main()
