//! One Typst document in, one PDF out: compile, export, and turn Typst's diagnostics into papila
//! errors that name the template file and line.

use typst::foundations::{Bytes, Smart};
use typst_layout::PagedDocument;
use typst_pdf::PdfOptions;

use crate::error::Result;

use super::world::{Kind, Typesetter};

/// A compiled and exported document.
pub struct Pdf {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// Typst's warnings (an unknown font, say), already located.
    pub warnings: Vec<String>,
}

/// Compiles the driver of `kind` over `data` and exports it. `ident` names the document stably
/// (its PDF id derives from it), so the same input gives the same bytes.
pub fn make(
    typesetter: &Typesetter,
    kind: Kind,
    ident: &str,
    data: Bytes,
    qr: &[Bytes],
) -> Result<Pdf> {
    let world = typesetter.document(kind, data, qr);
    let warned = typst::compile::<PagedDocument>(&world);
    let warnings = warned
        .warnings
        .iter()
        .map(|w| {
            typesetter
                .error(&world, std::slice::from_ref(w))
                .to_string()
        })
        .collect();
    let document = warned
        .output
        .map_err(|diags| typesetter.error(&world, &diags))?;
    let options = PdfOptions {
        ident: Smart::Custom(ident.to_string()),
        creator: Smart::Custom(Some(format!("papila {}", env!("CARGO_PKG_VERSION")))),
        timestamp: None,
        // Letters sent by email are tagged for screen readers; print batches and sheets are only
        // printed, and untagged they are half the size (../shared/notes/typst-at-scale.md).
        tagged: kind == Kind::Letter,
        ..PdfOptions::default()
    };
    let bytes =
        typst_pdf::pdf(&document, &options).map_err(|diags| typesetter.error(&world, &diags))?;
    Ok(Pdf {
        bytes,
        pages: document.pages().len(),
        warnings,
    })
}
