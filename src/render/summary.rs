//! `summary.pdf`: the coverage recap with its charts, drawn by `templates/report.typ`.

use super::world::{Files, Kind, Typesetter};
use super::{data, json, logo, pdf, templates_dir};
use crate::config::Config;
use crate::error::Result;

/// The coverage summary, `summary.pdf`, over `report` (what `templates/report.typ` receives as
/// `r`). Needs `[issuer]` for its heading, but no key.
pub(crate) fn summary_pdf(config: &Config, report: &impl serde::Serialize) -> Result<pdf::Pdf> {
    let templates = templates_dir(config);
    let typesetter = Typesetter::new(Some(&templates), data::letter_date(config))?;
    #[derive(serde::Serialize)]
    struct Doc<'a, R> {
        title: &'a str,
        campaign: data::Campaign,
        report: &'a R,
    }
    let doc = Doc {
        title: "Rekap perekaman KTP-el pemilih pemula",
        campaign: data::campaign(config, logo(&templates)),
        report,
    };
    pdf::make(
        &typesetter,
        Kind::Summary,
        "summary.pdf",
        json(&doc),
        Files::default(),
    )
}
