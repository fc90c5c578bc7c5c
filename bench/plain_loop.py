#!/usr/bin/env python3
"""The plain Typst loop papila is measured against (issue 34): what a Typst user does without papila.

    python3 bench/plain_loop.py DISTRICT WORK [--workers 2]

After `papila run` on DISTRICT, its invited people (out/manifest.csv, with their addresses from the
lists the manifest names) are written as one CSV per village under WORK (not timed), then each
village's CSV is typeset as one document by PyPI's `typst` (the Python binding of the Typst papila
builds in, at the nearest version) from `bench/plain/letter.typ` — papila's letter as a user would
write it: the same letterhead, addressee block, body, schedule table and signature, no QR code —
two documents at a time. Prints one line of JSON: letters (one page each), documents, seconds
(the loop alone).
"""

import argparse
import csv
import datetime
import json
import multiprocessing
import os
import shutil
import sys
import time
import tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FONTS = os.path.join(ROOT, "fonts")
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
          "Oktober", "November", "Desember"]


def typst_module():
    """PyPI's typst, installed on first use (the benchmark machine has the package registry)."""
    try:
        import typst
    except ImportError:
        import subprocess
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "typst==0.15.0"],
                       check=True)
        import typst
    return typst


def date_id(day: datetime.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def source_rows(district, source):
    """The rows of one people list by line number (the header is line 1)."""
    path = os.path.join(district, source)
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as f:
        sample = f.read(4096)
        f.seek(0)
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
        return {i + 2: row for i, row in enumerate(csv.DictReader(f, delimiter=delimiter))}


def prepare(district, work):
    """One CSV per village of the invited, and the campaign as JSON; returns the CSVs' names."""
    with open(os.path.join(district, "papila.toml"), "rb") as f:
        config = tomllib.load(f)
    tz = config["campaign"].get("timezone", "WIB")
    offices = {o["id"]: (o["name"], o.get("address", "")) for o in config.get("office", [])}
    offices.update({v["id"]: (v.get("place", v["id"]), v.get("address", ""))
                    for v in config.get("visit", [])})
    issuer = dict(config.get("issuer", {}))
    for key in ["address", "phone", "email", "website"]:
        issuer.setdefault(key, "")
    issuer["logo"] = None
    campaign = {
        "title": config["campaign"]["title"],
        "election_date": date_id(config["campaign"]["election_date"]),
        "letter_date": date_id(config["campaign"]["start"]),
        "page": {"width": 210, "height": 297},
        "issuer": issuer,
    }
    if os.path.exists(work):
        shutil.rmtree(work)
    os.makedirs(os.path.join(work, "csv"))
    os.makedirs(os.path.join(work, "pdf"))
    with open(os.path.join(work, "campaign.json"), "w") as f:
        json.dump(campaign, f)
    shutil.copy(os.path.join(ROOT, "bench", "plain", "letter.typ"), work)

    sources = {}
    villages = {}
    with open(os.path.join(district, "out", "manifest.csv"), encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["status"] not in ("invited", "reinvited") or not row["invitation_id"]:
                continue
            name = row["source"].split("!")[0]
            if name not in sources:
                sources[name] = source_rows(district, name) if name.endswith(".csv") else {}
            src = sources[name].get(int(row["line"]), {})
            rt, rw = src.get("NO_RT", ""), src.get("NO_RW", "")
            address = src.get("ALAMAT", "")
            day = datetime.date.fromisoformat(row["date"])
            office = offices.get(row["office_id"], (row["office_id"], ""))
            villages.setdefault(row["village_code"] or "tanpa-desa", []).append({
                "invitation_id": row["invitation_id"],
                "number": row["invitation_id"],
                "name": row["name"],
                "nik": row["nik"][:6] + "******" + row["nik"][12:],
                "address_line": f"{address} RT {rt}/RW {rw}" if rt else address,
                "dusun": src.get("DUSUN", ""),
                "village": row["village"],
                "kecamatan": row["kecamatan"],
                "office_name": office[0],
                "office_address": office[1],
                "day": DAYS[day.weekday()],
                "date": date_id(day),
                "time": f"{row['start'].replace(':', '.')}–{row['end'].replace(':', '.')} {tz}",
            })
    names = []
    for code, people in sorted(villages.items()):
        people.sort(key=lambda p: (p["dusun"], p["address_line"], p["name"]))
        name = code.replace(".", "-") + ".csv"
        with open(os.path.join(work, "csv", name), "w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(people[0].keys()))
            writer.writeheader()
            writer.writerows(people)
        names.append((name, len(people)))
    # Biggest first, so two workers finish together.
    names.sort(key=lambda n: -n[1])
    return names


def compile_one(args):
    work, name = args
    typst = typst_module()
    out = os.path.join(work, "pdf", name.replace(".csv", ".pdf"))
    typst.compile(os.path.join(work, "letter.typ"), output=out, root=work, font_paths=[FONTS],
                  ignore_system_fonts=True, sys_inputs={"csv": f"/csv/{name}"})


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("district")
    ap.add_argument("work")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    typst_module()
    names = prepare(args.district, args.work)
    letters = sum(n for _, n in names)
    started = time.perf_counter()
    with multiprocessing.Pool(args.workers) as pool:
        pool.map(compile_one, [(args.work, name) for name, _ in names], chunksize=1)
    seconds = time.perf_counter() - started
    print(json.dumps({"letters": letters, "documents": len(names), "seconds": seconds}))


if __name__ == "__main__":
    main()
