//! `manifest.csv`: one row per input data row, never fewer (spec §7), streamed as rows are assessed.

use std::path::Path;

use crate::error::Result;
use crate::output::CsvFile;
use crate::pipeline::Assessed;
use crate::region::Regions;

/// The columns of spec §7, then papila's own additions at the end.
pub const COLUMNS: [&str; 15] = [
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
];

/// What scheduling adds to a row; empty until an appointment exists.
#[derive(Debug, Default, Clone)]
pub struct Appointment {
    pub invitation_id: String,
    pub office_id: String,
    pub date: String,
    pub start: String,
    pub end: String,
}

pub struct ManifestWriter {
    csv: CsvFile,
    rows: u64,
}

impl ManifestWriter {
    pub fn create(out_dir: &Path) -> Result<ManifestWriter> {
        ManifestWriter::create_at(&out_dir.join("manifest.csv"))
    }

    pub fn create_at(path: &Path) -> Result<ManifestWriter> {
        Ok(ManifestWriter {
            csv: CsvFile::create(path, &COLUMNS)?,
            rows: 0,
        })
    }

    pub fn write(&mut self, row: &Assessed<'_>, appointment: Option<&Appointment>) -> Result<()> {
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
        let none = Appointment::default();
        let a = appointment.unwrap_or(&none);
        let line = row.line.to_string();
        let warnings = row.warnings.join("; ");
        self.csv.row([
            row.source,
            &line,
            row.nik,
            row.name,
            &village_code,
            village,
            row.status.as_str(),
            &row.reason,
            &a.invitation_id,
            &a.office_id,
            &a.date,
            &a.start,
            &a.end,
            kecamatan,
            &warnings,
        ])?;
        self.rows += 1;
        Ok(())
    }

    /// Moves the finished manifest into place; until then the previous one stays.
    pub fn finish(self) -> Result<u64> {
        let rows = self.rows;
        self.csv.commit()?;
        Ok(rows)
    }
}
