"""Writes a Dapodik "Daftar Peserta Didik" workbook as schools download it (spec §11), with openpyxl:
title lines, a two-row header whose `Data Ayah`/`Data Ibu`/`Data Wali` groups are merged over their
sub-columns (which repeat `Nama` and `NIK`), the student's own columns merged over both header rows,
and one row per student. Usage: dapodik.py SPEC.json, the spec naming `path`, `school`, `students`."""

import json
import sys

from openpyxl import Workbook

TOP = ["No", "Nama", "NIPD", "JK", "NISN", "Tempat Lahir", "Tanggal Lahir", "NIK", "Agama", "Alamat",
       "RT", "RW", "Dusun", "Kelurahan", "Kecamatan", "HP", "E-Mail"]
GROUPS = ["Data Ayah", "Data Ibu", "Data Wali"]
SUB = ["Nama", "Tahun Lahir", "NIK"]
TAIL = ["Rombel Saat Ini", "No KK"]


def main():
    spec = json.load(open(sys.argv[1]))
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet"
    titles = ["Daftar Peserta Didik", spec["school"], "Kecamatan Kesugihan, Kabupaten Cilacap",
              "Tanggal Unduh: 2024-06-10 08:15:00", "Pengunduh: operator@sekolah"]
    for i, t in enumerate(titles, start=1):
        ws.cell(row=i, column=1, value=t)
    top, sub = len(titles) + 2, len(titles) + 3
    col = 1
    for h in TOP:
        ws.cell(row=top, column=col, value=h)
        ws.merge_cells(start_row=top, start_column=col, end_row=sub, end_column=col)
        col += 1
    for g in GROUPS:
        ws.cell(row=top, column=col, value=g)
        ws.merge_cells(start_row=top, start_column=col, end_row=top, end_column=col + len(SUB) - 1)
        for k, h in enumerate(SUB):
            ws.cell(row=sub, column=col + k, value=h)
        col += len(SUB)
    for h in TAIL:
        ws.cell(row=top, column=col, value=h)
        ws.merge_cells(start_row=top, start_column=col, end_row=sub, end_column=col)
        col += 1
    for n, s in enumerate(spec["students"], start=1):
        row = [n, s["name"], f"{2300 + n}", s.get("sex", "L"), f"00{7000000 + n}", "Cilacap",
               s["birth"], s["nik"], "Islam", "Jl. Sekolah", "1", "2", "", s.get("kelurahan", ""),
               s.get("kecamatan", "Kesugihan"), "", ""]
        for parent in ("ayah", "ibu", "wali"):
            row += [f"{parent.upper()} {s['name']}", "1975", s.get(f"nik_{parent}", "")]
        row += [s["class"], s.get("kk", "")]
        for c, value in enumerate(row, start=1):
            ws.cell(row=sub + n, column=c, value=value)
    wb.save(spec["path"])


if __name__ == "__main__":
    main()
