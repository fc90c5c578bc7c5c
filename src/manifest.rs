//! `manifest.csv`: one row per input data row, never fewer (spec §7), streamed as rows are assessed.

use std::path::Path;

use crate::appointment::Appointment;
use crate::error::Result;
use crate::output::CsvFile;
use crate::pipeline::Assessed;
use crate::region::Regions;

/// The columns of spec §7, then papila's own additions at the end.
pub(crate) const COLUMNS: [&str; 17] = [
    "source",
    "line",
    "nik",
    "name",
    "village_code",
    "village",
    "status",
    "reason",
    "invitation_id",
    "office_id",
    "date",
    "start",
    "end",
    "kecamatan",
    "warnings",
    "school",
    "class",
];

pub(crate) struct ManifestWriter {
    csv: CsvFile,
    rows: u64,
}

impl ManifestWriter {
    /// `manifest.csv` (and `manifest.xlsx`) in `out_dir`, as `check` writes it.
    pub(crate) fn create(out_dir: &Path) -> Result<ManifestWriter> {
        Ok(ManifestWriter {
            csv: CsvFile::create_with_xlsx(&out_dir.join("manifest.csv"), &COLUMNS)?,
            rows: 0,
        })
    }

    /// A manifest without appointments at `path`, that `plan` completes.
    pub(crate) fn pending(path: &Path) -> Result<ManifestWriter> {
        Ok(ManifestWriter {
            csv: CsvFile::create_internal(path, &COLUMNS)?,
            rows: 0,
        })
    }

    /// Writes one assessed row; its appointment columns stay empty until `plan` fills them in.
    pub(crate) fn write(&mut self, row: &Assessed<'_>) -> Result<()> {
        let regions = Regions::get();
        let village_code = row.village.map(|v| v.to_string()).unwrap_or_default();
        let village = row
            .village
            .and_then(|v| regions.village_name(v))
            .unwrap_or("");
        let kecamatan = row
            .village
            .and_then(|v| regions.kecamatan_name(v.kecamatan()))
            .unwrap_or("");
        let line = row.line.to_string();
        let warnings = row.warnings.join("; ");
        let (school, class) = row.student.map_or(("", ""), |s| (s.npsn, s.class));
        self.csv.row([
            row.source,
            &line,
            row.nik,
            row.name,
            &village_code,
            village,
            row.status.as_str(),
            &row.reason,
            "",
            "",
            "",
            "",
            "",
            kecamatan,
            &warnings,
            school,
            class,
        ])?;
        self.rows += 1;
        Ok(())
    }

    /// Moves the finished manifest into place; until then the previous one stays.
    pub(crate) fn finish(self) -> Result<u64> {
        let rows = self.rows;
        self.csv.commit()?;
        Ok(rows)
    }
}

/// Column indexes of the manifest's fields that `plan` fills in after scheduling.
pub(crate) struct Columns {
    pub(crate) nik: usize,
    pub(crate) status: usize,
    pub(crate) reason: usize,
    invitation_id: usize,
}

/// Where the manifest's columns are.
pub(crate) const COLUMN_AT: Columns = Columns {
    nik: 2,
    status: 6,
    reason: 7,
    invitation_id: 8,
};

impl Columns {
    /// Fills in a row's invitation id and appointment (office, date, start, end).
    pub(crate) fn set_appointment(&self, fields: &mut [String], id: &str, a: &Appointment) {
        let at = self.invitation_id;
        fields[at] = id.to_string();
        fields[at + 1] = a.office_id.clone();
        fields[at + 2] = a.date_iso();
        fields[at + 3] = a.start_hm();
        fields[at + 4] = a.end_hm();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_indexes_match_the_header() {
        assert_eq!(COLUMNS[COLUMN_AT.nik], "nik");
        assert_eq!(COLUMNS[COLUMN_AT.status], "status");
        assert_eq!(COLUMNS[COLUMN_AT.reason], "reason");
        let at = COLUMN_AT.invitation_id;
        assert_eq!(
            COLUMNS[at..at + 5],
            ["invitation_id", "office_id", "date", "start", "end"]
        );
    }
}
