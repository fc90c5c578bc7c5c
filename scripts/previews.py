#!/usr/bin/env python3
"""Makes the pictures in samples/preview/ from the sample campaign, so they follow the templates.

    python3 scripts/previews.py            # builds papila (release) and rewrites samples/preview/*.png

It copies samples/cilacap to a temporary folder, runs it as of 2024-06-24, then makes a second
round there (a person recorded elsewhere, a corrected name, two newcomers in Desa Bulupayung) as of
2024-06-27, and draws pages with pdftoppm (poppler-utils): a letter, a village cover, a receipt
roster, an attendance sheet, the school's letter to its principal and a class list, the second
round's cover and its list of void letters, and the summary
(the village cover is drawn after round 2, when the full set is no longer one round's batch).
"""

import os
import shutil
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PREVIEW = os.path.join(ROOT, "samples", "preview")
DPI = "70"


def papila():
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    return os.path.join(target, "release", "papila")


def page(pdf, number, name):
    """Page `number` of `pdf` (1-based; negative from the end) as samples/preview/<name>.png."""
    if number < 0:
        info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
        pages = int(next(l.split()[1] for l in info.splitlines() if l.startswith("Pages:")))
        number = pages + 1 + number
    stem = os.path.join(tempfile.gettempdir(), "papila-preview")
    subprocess.run(["pdftoppm", "-r", DPI, "-png", "-singlefile", "-f", str(number), "-l", str(number),
                    pdf, stem], check=True)
    shutil.move(stem + ".png", os.path.join(PREVIEW, name + ".png"))


def main():
    binary = papila()
    work = tempfile.mkdtemp(prefix="papila-preview-")
    try:
        campaign = os.path.join(work, "cilacap")
        shutil.copytree(os.path.join(ROOT, "samples", "cilacap"), campaign,
                        ignore=shutil.ignore_patterns("out", "papila.db*"))

        def run(*args, day):
            subprocess.run([binary, *args, "-c", "papila.toml"], cwd=campaign, check=True,
                           stdout=subprocess.DEVNULL, env=dict(os.environ, PAPILA_TODAY=day))

        run("run", day="2024-06-24")
        run("report", day="2024-06-24")
        out = os.path.join(campaign, "out")
        batch = os.path.join(out, "print", "kesugihan", "bulupayung.pdf")
        page(batch, 2, "letter")
        page(batch, -1, "roster")
        page(os.path.join(out, "attendance", "kesugihan", "2024-07-01.pdf"), 1, "attendance")
        page(os.path.join(out, "summary.pdf"), 1, "summary")
        school = os.path.join(out, "print", "sekolah", "20301234-sma-negeri-1-kesugihan.pdf")
        page(school, 1, "school-letter")
        page(school, 2, "class-list")

        people = os.path.join(campaign, "people", "02-kesugihan.csv")
        with open(people, encoding="utf-8") as f:
            text = f.read().replace(";ADI FAUZI;", ";ADI FAUZI RAHMAN;")
        text += ("3301024305070001;3301020000000999;DEWI LESTARI;CILACAP;03-05-2007;PEREMPUAN;"
                 "BELUM KAWIN;JL. MAWAR NO. 7;010;005;SIDAMULYA;33.01.02.2013;BULUPAYUNG;KESUGIHAN;;;"
                 "BELUM REKAM\n"
                 "3301021109070001;3301020000000998;RIZKY PRATAMA;CILACAP;11-09-2007;LAKI-LAKI;"
                 "BELUM KAWIN;JL. DURIAN NO. 2;013;002;KIDUL;33.01.02.2013;BULUPAYUNG;KESUGIHAN;;;"
                 "BELUM REKAM\n")
        with open(people, "w", encoding="utf-8") as f:
            f.write(text)
        with open(os.path.join(campaign, "sudah-rekam.csv"), "a", encoding="utf-8") as f:
            f.write("3301024208060001\n")
        run("run", day="2024-06-27")
        # The full set now holds two rounds' letters: its own cover, not a round's.
        page(batch, 1, "cover")
        second = os.path.join(out, "rounds", "02", "kesugihan", "bulupayung.pdf")
        page(second, 1, "round-cover")
        page(second, 2, "void-list")
        print(f"wrote {PREVIEW}/*.png")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
