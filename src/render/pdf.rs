//! One Typst document in, PDFs out: compile, export (the whole document, or one letter's pages as a
//! file of its own), and turn Typst's diagnostics into papila errors that name the template file
//! and line.

use std::ops::Range;

use typst::foundations::{Bytes, Label, Selector, Smart};
use typst::introspection::Introspector;
use typst::model::Document as _;
use typst::utils::PicoStr;
use typst_layout::PagedDocument;
use typst_pdf::PdfOptions;

use crate::error::Result;

use super::world::{Document, Files, Kind, Typesetter};

/// A compiled and exported document.
pub(crate) struct Pdf {
    pub(crate) bytes: Vec<u8>,
    /// Typst's warnings (an unknown font, say), already located.
    pub(crate) warnings: Vec<String>,
}

/// Compiles the driver of `kind` over `data` and exports it. `ident` names the document stably
/// (its PDF id derives from it), so the same input gives the same bytes.
pub(crate) fn make(
    typesetter: &Typesetter,
    kind: Kind,
    ident: &str,
    data: Bytes,
    files: Files,
) -> Result<Pdf> {
    let typeset = Typeset::new(typesetter, kind, data, files)?;
    // Letters sent by email are tagged for screen readers; print batches and sheets are only
    // printed, and untagged they are half the size (../shared/notes/typst-at-scale.md).
    let bytes = typeset.export(ident, kind == Kind::Letter)?;
    Ok(Pdf {
        bytes,
        warnings: typeset.warnings,
    })
}

/// A compiled document, ready to export whole or in pieces.
pub(crate) struct Typeset<'a> {
    typesetter: &'a Typesetter,
    world: Document<'a>,
    pub(crate) document: PagedDocument,
    pub(crate) warnings: Vec<String>,
}

impl<'a> Typeset<'a> {
    pub(crate) fn new(
        typesetter: &'a Typesetter,
        kind: Kind,
        data: Bytes,
        files: Files<'a>,
    ) -> Result<Typeset<'a>> {
        let world = typesetter.document(kind, data, files);
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
        Ok(Typeset {
            typesetter,
            world,
            document,
            warnings,
        })
    }

    /// The whole document as PDF bytes.
    pub(crate) fn export(&self, ident: &str, tagged: bool) -> Result<Vec<u8>> {
        self.export_document(&self.document, ident, tagged)
    }

    /// `document` (this one, or pages of it) as PDF bytes.
    fn export_document(
        &self,
        document: &PagedDocument,
        ident: &str,
        tagged: bool,
    ) -> Result<Vec<u8>> {
        let options = PdfOptions {
            ident: Smart::Custom(ident.to_string()),
            creator: Smart::Custom(Some(format!("papila {}", env!("CARGO_PKG_VERSION")))),
            timestamp: None,
            tagged,
            ..PdfOptions::default()
        };
        typst_pdf::pdf(document, &options)
            .map_err(|diags| self.typesetter.error(&self.world, &diags))
    }

    /// Whether the document has an element labelled `name` (a marker of papila's drivers).
    pub(crate) fn has_label(&self, name: &str) -> bool {
        let label = Label::new(PicoStr::intern(name)).expect("a name");
        !self
            .document
            .introspector()
            .query(&Selector::Label(label))
            .is_empty()
    }

    /// The pages of each letter of a print batch, in order: from the page its `<papila-letter>`
    /// marker (print.typ) falls on to the page before the next letter or the roster.
    pub(crate) fn letter_pages(&self) -> Vec<Range<usize>> {
        let introspector = self.document.introspector();
        let page_of = |name: &str| -> Vec<usize> {
            let label = Label::new(PicoStr::intern(name)).expect("a name");
            introspector
                .query(&Selector::Label(label))
                .iter()
                .filter_map(|marker| introspector.page(marker.location()?))
                .map(|page| page.get() - 1)
                .collect()
        };
        let starts = page_of("papila-letter");
        let end = page_of("papila-roster")
            .first()
            .copied()
            .unwrap_or(self.document.pages().len());
        starts
            .iter()
            .enumerate()
            .map(|(i, &start)| start..starts.get(i + 1).copied().unwrap_or(end))
            .collect()
    }

    /// `pages` as a tagged PDF of their own, titled `title`: one person's letter cut from the
    /// batch it was typeset in, so it is laid out once for both. The pages get an introspector of
    /// their own, so the tags of the letter's elements (which begin and end within its pages)
    /// make a structure tree for screen readers.
    pub(crate) fn export_pages(
        &self,
        pages: Range<usize>,
        title: &str,
        ident: &str,
    ) -> Result<Vec<u8>> {
        let mut document = PagedDocument::new(
            self.document.pages()[pages].iter().cloned().collect(),
            self.document.info().clone(),
        );
        document.info_mut().title = Some(title.into());
        self.export_document(&document, ident, true)
    }
}
