//! The Typst `World` papila compiles in: the campaign's templates (or the built-in ones), the bundled
//! fonts, and the data of one document as virtual files. Nothing is read from the system while
//! compiling, so the same ledger and templates give the same PDF on every machine.
//!
//! Virtual files, all under the project root:
//! - `/papila/<kind>.typ`: papila's drivers (print batch, letter, attendance sheet, summary); not editable.
//!   They import the templates and loop over the data.
//! - `/templates/…`: every file of the campaign's `templates/` folder, else the built-in defaults.
//! - `/data.json`: the document's data. User text reaches Typst only as data, never as source.
//! - `/qr/<n>.png`: the QR code of the n-th letter of the document. File ids are interned for the
//!   life of the process (at most 65,535), so the same fixed paths are reused by every document.
//! - `/forms/<n>.pdf`: the n-th group's shared parts of a print batch's letters (`forms`), as
//!   PDF pages to place; fixed paths, like the QR codes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use typst::diag::{FileError, FileResult, Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{DiagSpan, FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};

use sha2::Digest;

use crate::error::{Error, Result};

use super::fonts;

/// The templates a campaign may replace, with papila's defaults. `papila init` writes these out.
pub(crate) const TEMPLATES: [(&str, &str); 4] = [
    (
        "invitation.typ",
        include_str!("../../assets/templates/invitation.typ"),
    ),
    (
        "sheets.typ",
        include_str!("../../assets/templates/sheets.typ"),
    ),
    (
        "report.typ",
        include_str!("../../assets/templates/report.typ"),
    ),
    (
        "school.typ",
        include_str!("../../assets/templates/school.typ"),
    ),
];

/// The functions papila's drivers call, and the template that must define each.
const CONTRACT: [(&str, &str); 6] = [
    ("letter(l, c)", "invitation.typ"),
    ("cover(village, c)", "sheets.typ"),
    ("roster(village, c)", "sheets.typ"),
    ("attendance(day, c)", "sheets.typ"),
    ("summary(r, c)", "report.typ"),
    ("school(s, c)", "school.typ"),
];

/// Papila's drivers: one per kind of document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A village's or school's print batch: cover (a school's: the principal's letter), letters,
    /// receipt roster.
    Print,
    /// One letter, for email.
    Letter,
    /// A day's attendance sheets of one office.
    Attendance,
    /// The coverage summary with its charts.
    Summary,
    /// The parts of a letter one group's letters share, a page each (`forms`).
    Forms,
}

impl Kind {
    fn driver(self) -> (&'static str, &'static str) {
        match self {
            Kind::Print => ("print.typ", include_str!("../../assets/typst/print.typ")),
            Kind::Letter => ("letter.typ", include_str!("../../assets/typst/letter.typ")),
            Kind::Attendance => (
                "attendance.typ",
                include_str!("../../assets/typst/attendance.typ"),
            ),
            Kind::Summary => (
                "summary.typ",
                include_str!("../../assets/typst/summary.typ"),
            ),
            Kind::Forms => ("forms.typ", include_str!("../../assets/typst/forms.typ")),
        }
    }
}

fn vpath(path: &str) -> FileId {
    RootedPath::new(
        VirtualRoot::Project,
        VirtualPath::new(path).expect("papila's virtual paths are valid"),
    )
    .intern()
}

static DATA: LazyLock<FileId> = LazyLock::new(|| vpath("/data.json"));

/// The path a template reads the n-th QR code from; the same for every document.
pub(crate) fn qr_path(n: usize) -> String {
    format!("/qr/{n}.png")
}

/// The path a print driver reads the n-th form PDF of its document from.
pub(crate) fn form_path(n: usize) -> String {
    format!("/forms/{n}.pdf")
}

/// Where a template file came from, for error messages.
#[derive(Debug, Clone)]
enum Origin {
    /// A file of the campaign's `templates/` folder.
    Campaign(PathBuf),
    /// Papila's built-in default of that name.
    BuiltIn(&'static str),
    /// A papila driver.
    Driver(&'static str),
}

/// What every document shares: library, fonts, parsed templates. Built once per command.
pub(crate) struct Typesetter {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    sources: HashMap<FileId, Source>,
    files: HashMap<FileId, Bytes>,
    origins: HashMap<FileId, Origin>,
    qr_ids: Vec<FileId>,
    form_ids: Vec<FileId>,
    today: Option<Datetime>,
    /// Every font, driver and template read, hashed in the order read: what `fingerprint` gives.
    inputs: sha2::Sha256,
}

impl Typesetter {
    /// Loads the campaign's `templates/` folder (when it exists) over papila's defaults. `today` is
    /// what `datetime.today()` gives in a template: the letters' date, never the clock.
    pub(crate) fn new(templates: Option<&Path>, today: chrono::NaiveDate) -> Result<Typesetter> {
        use chrono::Datelike;
        let fonts = fonts::load();
        let mut t = Typesetter {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
            sources: HashMap::new(),
            files: HashMap::new(),
            origins: HashMap::new(),
            qr_ids: Vec::new(),
            form_ids: Vec::new(),
            today: Datetime::from_ymd(today.year(), today.month() as u8, today.day() as u8),
            inputs: sha2::Sha256::new(),
        };
        for font in &t.fonts {
            t.inputs.update(font.data().as_slice());
        }
        t.inputs.update(today.to_string());
        for kind in [
            Kind::Print,
            Kind::Letter,
            Kind::Attendance,
            Kind::Summary,
            Kind::Forms,
        ] {
            let (name, text) = kind.driver();
            let id = vpath(&format!("/papila/{name}"));
            t.sources.insert(id, Source::new(id, text.into()));
            t.origins.insert(id, Origin::Driver(name));
            t.hash_input(name, text.as_bytes());
        }
        // What the print driver imports for a round's batch: its cover and void list.
        let (name, text) = ("round.typ", include_str!("../../assets/typst/round.typ"));
        let id = vpath(&format!("/papila/{name}"));
        t.sources.insert(id, Source::new(id, text.into()));
        t.origins.insert(id, Origin::Driver(name));
        t.hash_input(name, text.as_bytes());
        for (name, text) in TEMPLATES {
            let id = vpath(&format!("/templates/{name}"));
            t.sources.insert(id, Source::new(id, text.into()));
            t.origins.insert(id, Origin::BuiltIn(name));
            t.hash_input(name, text.as_bytes());
        }
        if let Some(dir) = templates.filter(|d| d.is_dir()) {
            t.load_campaign_templates(dir, dir)?;
        }
        Ok(t)
    }

    fn hash_input(&mut self, name: &str, bytes: &[u8]) {
        self.inputs.update((name.len() as u64).to_le_bytes());
        self.inputs.update(name.as_bytes());
        self.inputs.update((bytes.len() as u64).to_le_bytes());
        self.inputs.update(bytes);
    }

    /// A hash of everything this typesetter reads besides a document's data: fonts, papila's
    /// drivers, the templates. Two renders with the same fingerprint and data make the same PDF.
    pub(crate) fn fingerprint(&self) -> Vec<u8> {
        self.inputs.clone().finalize().to_vec()
    }

    /// Reads every file under the campaign's `templates/` folder: `.typ` files as sources, the rest
    /// (a logo, say) as bytes. A handful of small files, read once.
    fn load_campaign_templates(&mut self, root: &Path, dir: &Path) -> Result<()> {
        let entries = std::fs::read_dir(dir).map_err(|e| Error::io("read the folder", dir, e))?;
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            if path.is_dir() {
                self.load_campaign_templates(root, &path)?;
                continue;
            }
            let relative = path.strip_prefix(root).expect("below the root");
            let Some(relative) = relative.to_str() else {
                continue;
            };
            let id = vpath(&format!("/templates/{}", relative.replace('\\', "/")));
            let bytes = std::fs::read(&path).map_err(|e| Error::io("read", &path, e))?;
            self.hash_input(relative, &bytes);
            if path.extension().is_some_and(|e| e == "typ") {
                let text = String::from_utf8(bytes).map_err(|_| Error::Template {
                    location: path.display().to_string(),
                    message: t!("template-not-utf8"),
                    hints: vec![t!("template-not-utf8-hint")],
                })?;
                let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
                self.sources.insert(id, Source::new(id, text));
            } else {
                self.files.insert(id, Bytes::new(bytes));
            }
            self.origins.insert(id, Origin::Campaign(path));
        }
        Ok(())
    }

    /// The world for one document: `data` becomes `/data.json`, `files.qr[n]` `/qr/<n>.png` and
    /// `files.forms[n]` `/forms/<n>.pdf`. Their paths must have been interned with `reserve`, so
    /// documents can be made from several threads at once.
    pub(crate) fn document<'a>(
        &'a self,
        kind: Kind,
        data: Bytes,
        files: Files<'a>,
    ) -> Document<'a> {
        assert!(
            files.qr.len() <= self.qr_ids.len() && files.forms.len() <= self.form_ids.len(),
            "reserve first"
        );
        Document {
            typesetter: self,
            main: vpath(&format!("/papila/{}", kind.driver().0)),
            data,
            files,
        }
    }

    /// Interns the QR and form file ids for documents of up to `n` letters.
    pub(crate) fn reserve(&mut self, n: usize) {
        while self.qr_ids.len() < n {
            let id = vpath(&qr_path(self.qr_ids.len()));
            self.qr_ids.push(id);
        }
        while self.form_ids.len() < n {
            let id = vpath(&form_path(self.form_ids.len()));
            self.form_ids.push(id);
        }
    }

    /// A Typst diagnostic as a papila error: the template file and line, Typst's message and hints.
    pub(crate) fn error(&self, world: &Document, diagnostics: &[SourceDiagnostic]) -> Error {
        let diag = diagnostics
            .iter()
            .find(|d| d.severity == Severity::Error)
            .or(diagnostics.first());
        let Some(diag) = diag else {
            return Error::Template {
                location: "templates/".into(),
                message: t!("template-typst-silent"),
                hints: vec![],
            };
        };
        let hints: Vec<String> = diag.hints.iter().map(|h| h.v.to_string()).collect();
        let in_driver = |span: DiagSpan| {
            matches!(
                span.id().and_then(|id| self.origins.get(&id)),
                Some(Origin::Driver(_)) | None
            )
        };
        // The innermost place in a template is the useful one; the trace runs from the inside out.
        let span = std::iter::once(diag.span)
            .chain(diag.trace.iter().map(|t| DiagSpan::from(t.span)))
            .find(|&s| !in_driver(s))
            .unwrap_or(diag.span);
        if in_driver(span) {
            // Papila's drivers only import and call the templates' functions: a failure there is a
            // template that lacks one. Name the template and the function, not the driver.
            let called = world
                .range(span)
                .zip(span.id().and_then(|id| self.sources.get(&id)))
                .and_then(|(range, source)| source.text().get(range))
                .unwrap_or("");
            if let Some(&(function, file)) = CONTRACT
                .iter()
                .find(|(f, _)| called.starts_with(&f[..f.find('(').unwrap_or(f.len())]))
            {
                return Error::Template {
                    location: self.template_name(file),
                    message: t!(
                        "template-contract",
                        function = function,
                        problem = t!("template-typst-said", said = diag.message.to_string())
                    ),
                    hints: vec![t!(
                        "template-contract-hint",
                        functions = CONTRACT
                            .iter()
                            .map(|(f, file)| t!(
                                "template-function-in",
                                function = *f,
                                file = *file
                            ))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )],
                };
            }
        }
        Error::Template {
            location: self.locate(world, span),
            message: t!("template-typst-says", said = diag.message.to_string()),
            hints,
        }
    }

    /// How a template file is named to the user: the campaign's file, or papila's built-in one.
    fn template_name(&self, file: &str) -> String {
        let id = vpath(&format!("/templates/{file}"));
        match self.origins.get(&id) {
            Some(Origin::Campaign(path)) => path.display().to_string(),
            _ => t!("template-built-in", name = file),
        }
    }

    fn locate(&self, world: &Document, span: DiagSpan) -> String {
        let Some(id) = span.id() else {
            return "templates/".into();
        };
        let name = match self.origins.get(&id) {
            Some(Origin::Campaign(path)) => path.display().to_string(),
            Some(Origin::BuiltIn(name)) => t!("template-built-in", name = name),
            Some(Origin::Driver(name)) => t!("template-driver", name = name),
            None => format!("{:?}", id.vpath()),
        };
        let line = world.range(span).and_then(|range| {
            let source = self.sources.get(&id)?;
            let (line, column) = source.lines().byte_to_line_column(range.start)?;
            Some((line + 1, column + 1))
        });
        match line {
            Some((line, column)) => format!("{name}:{line}:{column}"),
            None => name,
        }
    }
}

/// A document's own files besides its data: its letters' QR codes and their groups' forms.
#[derive(Clone, Copy, Default)]
pub(crate) struct Files<'a> {
    pub(crate) qr: &'a [Bytes],
    pub(crate) forms: &'a [Bytes],
}

/// The world of one compile.
pub(crate) struct Document<'a> {
    typesetter: &'a Typesetter,
    main: FileId,
    data: Bytes,
    files: Files<'a>,
}

impl World for Document<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.typesetter.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.typesetter.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        match self.typesetter.sources.get(&id) {
            Some(source) => Ok(source.clone()),
            None if self.typesetter.files.contains_key(&id) || self.is_data(id) => {
                Err(FileError::NotSource)
            }
            None => Err(not_found(id)),
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == *DATA {
            return Ok(self.data.clone());
        }
        if let Some(n) = self.typesetter.qr_ids.iter().position(|&q| q == id) {
            return self.files.qr.get(n).cloned().ok_or_else(|| not_found(id));
        }
        if let Some(n) = self.typesetter.form_ids.iter().position(|&q| q == id) {
            return self
                .files
                .forms
                .get(n)
                .cloned()
                .ok_or_else(|| not_found(id));
        }
        if let Some(bytes) = self.typesetter.files.get(&id) {
            return Ok(bytes.clone());
        }
        if let Some(source) = self.typesetter.sources.get(&id) {
            return Ok(Bytes::from_string(source.clone()));
        }
        Err(not_found(id))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.typesetter.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.typesetter.today
    }
}

impl Document<'_> {
    fn is_data(&self, id: FileId) -> bool {
        id == *DATA
            || self.typesetter.qr_ids.contains(&id)
            || self.typesetter.form_ids.contains(&id)
    }
}

fn not_found(id: FileId) -> FileError {
    let vpath = id.vpath();
    FileError::NotFound(PathBuf::from(vpath.get_without_slash()))
}
