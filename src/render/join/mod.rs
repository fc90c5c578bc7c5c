//! Joins PDFs page after page into one file as they are made, so a big village's batch can be
//! typeset in parts and still reach the village office as one file, while memory holds one part at
//! a time, never the village.
//!
//! The objects each part's pages need are renumbered after the previous part's and written
//! straight out; the page tree, catalog and cross-reference table come at the end. The first part
//! is parsed with lopdf; a later one, as Typst writes it, is copied object by object with only its
//! references rewritten (`RawPart`), and lopdf reads any part that is not so. Only what papila's
//! own untagged exports contain is expected: one catalog and page tree per part, pages that carry
//! their own resources and media box. The first part's catalog and document
//! information (title, author, XMP metadata) become the whole file's.

use std::collections::{BTreeSet, HashMap};
use std::io::{self, Write};

use lopdf::{Dictionary, Document, Object, ObjectId, Writer};

mod raw;
use raw::RawPart;

/// The page tree and catalog are written last but numbered first, so parts can follow at once.
const PAGE_TREE: u32 = 1;
const CATALOG: u32 = 2;

/// Writes the pages of the parts given to `add`, in order, as one PDF into `out`.
pub(crate) struct Joiner<W: Write> {
    out: Counting<W>,
    /// The byte offset of each object, by number - 1.
    offsets: Vec<u64>,
    pages: Vec<u32>,
    /// The first part's catalog (renumbered), its document information and file identifier.
    catalog: Option<Dictionary>,
    info: Option<Object>,
    id: Option<Object>,
}

impl<W: Write> Joiner<W> {
    pub(crate) fn new(out: W) -> io::Result<Joiner<W>> {
        let mut out = Counting {
            inner: out,
            written: 0,
        };
        // The binary mark tells transfer programs the file is not text.
        out.write_all(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n")?;
        Ok(Joiner {
            out,
            offsets: vec![0, 0],
            pages: Vec::new(),
            catalog: None,
            info: None,
            id: None,
        })
    }

    /// Appends the pages of one part. Errors name what lopdf could not read, for a bug report:
    /// papila made every part itself.
    pub(crate) fn add(&mut self, part: &[u8]) -> io::Result<()> {
        // After the first part (whose catalog and information the file takes), a part as Typst
        // writes it is copied object by object with its references renumbered, its streams as
        // they are: parsing every object with lopdf and writing it again was a tenth of a re-run.
        if self.catalog.is_some()
            && let Some(raw) = RawPart::read(part)
        {
            return self.add_raw(&raw);
        }
        let mut doc = Document::load_mem(part).map_err(io::Error::other)?;
        let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
        let mut roots = pages.clone();
        let first = self.catalog.is_none();
        let mut catalog = None;
        if first {
            let mut dict = doc.catalog().map_err(io::Error::other)?.clone();
            // The page tree is rebuilt; one part's outline and page labels would mislead in the
            // whole.
            for key in [&b"Pages"[..], b"Outlines", b"PageLabels"] {
                dict.remove(key);
            }
            roots.extend(references(&Object::Dictionary(dict.clone())));
            if let Ok(info) = doc.trailer.get(b"Info") {
                roots.extend(references(info));
                self.info = Some(info.clone());
            }
            self.id = doc.trailer.get(b"ID").ok().cloned();
            catalog = Some(dict);
        }

        // What the pages (and the first catalog) reach; a page's way up to its own part's page tree
        // is not followed, since that tree is replaced.
        let mut needed = BTreeSet::new();
        while let Some(id) = roots.pop() {
            if !needed.insert(id) {
                continue;
            }
            match doc.objects.get(&id) {
                Some(Object::Dictionary(page)) if pages.contains(&id) => {
                    let mut page = page.clone();
                    page.remove(b"Parent");
                    roots.extend(references(&Object::Dictionary(page)));
                }
                Some(object) => roots.extend(references(object)),
                None => {}
            }
        }
        let numbers = self.numbers(&needed, |id| doc.objects.contains_key(id));

        for id in &needed {
            let Some(mut object) = doc.objects.remove(id) else {
                continue;
            };
            renumber(&mut object, &numbers);
            if pages.contains(id) {
                if let Object::Dictionary(page) = &mut object {
                    page.set("Parent", Object::Reference((PAGE_TREE, 0)));
                }
                self.pages.push(numbers[id]);
            }
            self.offsets.push(self.out.written);
            write_object(&mut self.out, numbers[id], &object)?;
        }
        if let Some(mut catalog) = catalog.map(Object::Dictionary) {
            renumber(&mut catalog, &numbers);
            if let Some(info) = &mut self.info {
                renumber(info, &numbers);
            }
            if let Object::Dictionary(dict) = catalog {
                self.catalog = Some(dict);
            }
        }
        Ok(())
    }

    /// The numbers the objects of a part that `needed` names and the part `has` take, in order,
    /// after those written so far.
    fn numbers<K: Copy + Eq + std::hash::Hash>(
        &self,
        needed: &BTreeSet<K>,
        has: impl Fn(&K) -> bool,
    ) -> HashMap<K, u32> {
        let base = self.offsets.len() as u32 + 1;
        needed
            .iter()
            .filter(|k| has(k))
            .enumerate()
            .map(|(i, k)| (*k, base + i as u32))
            .collect()
    }

    /// Appends the pages of a part read as it was written (`RawPart`), and what they reach.
    fn add_raw(&mut self, part: &RawPart) -> io::Result<()> {
        let mut needed = BTreeSet::new();
        let mut roots = part.pages.clone();
        while let Some(n) = roots.pop() {
            if !needed.insert(n) {
                continue;
            }
            if let Some(object) = part.objects.get(&n) {
                let page = part.pages.contains(&n);
                roots.extend(
                    object
                        .references
                        .iter()
                        .filter(|r| !(page && r.parent))
                        .map(|r| r.number),
                );
            }
        }
        let numbers = self.numbers(&needed, |n| part.objects.contains_key(n));
        for n in &needed {
            let Some(object) = part.objects.get(n) else {
                continue;
            };
            let page = part.pages.contains(n);
            if page {
                self.pages.push(numbers[n]);
            }
            self.offsets.push(self.out.written);
            writeln!(self.out, "{} 0 obj", numbers[n])?;
            let mut at = object.body.start;
            for r in &object.references {
                self.out.write_all(&part.bytes[at..r.span.start])?;
                match numbers.get(&r.number) {
                    _ if page && r.parent => write!(self.out, "{PAGE_TREE} 0 R")?,
                    Some(new) => write!(self.out, "{new} 0 R")?,
                    None => self.out.write_all(b"null")?,
                }
                at = r.span.end;
            }
            self.out.write_all(&part.bytes[at..object.body.end])?;
            self.out.write_all(b"\nendobj\n")?;
        }
        Ok(())
    }

    /// Writes the page tree, catalog and cross-reference table; returns the writer, flushed.
    pub(crate) fn finish(mut self) -> io::Result<W> {
        let mut tree = Dictionary::new();
        tree.set("Type", Object::Name(b"Pages".to_vec()));
        tree.set(
            "Kids",
            Object::Array(
                self.pages
                    .iter()
                    .map(|n| Object::Reference((*n, 0)))
                    .collect(),
            ),
        );
        tree.set("Count", self.pages.len() as i64);
        self.offsets[PAGE_TREE as usize - 1] = self.out.written;
        write_object(&mut self.out, PAGE_TREE, &Object::Dictionary(tree))?;

        let mut catalog = self.catalog.take().unwrap_or_else(|| {
            let mut dict = Dictionary::new();
            dict.set("Type", Object::Name(b"Catalog".to_vec()));
            dict
        });
        catalog.set("Pages", Object::Reference((PAGE_TREE, 0)));
        self.offsets[CATALOG as usize - 1] = self.out.written;
        write_object(&mut self.out, CATALOG, &Object::Dictionary(catalog))?;

        let xref = self.out.written;
        let size = self.offsets.len() + 1;
        write!(self.out, "xref\n0 {size}\n0000000000 65535 f \n")?;
        for offset in &self.offsets {
            writeln!(self.out, "{offset:010} 00000 n ")?;
        }
        let mut trailer = Dictionary::new();
        trailer.set("Size", size as i64);
        trailer.set("Root", Object::Reference((CATALOG, 0)));
        if let Some(info) = self.info.take() {
            trailer.set("Info", info);
        }
        if let Some(id) = self.id.take() {
            trailer.set("ID", id);
        }
        self.out.write_all(b"trailer\n")?;
        Writer::write_object(&mut self.out, &Object::Dictionary(trailer))
            .map_err(io::Error::other)?;
        write!(self.out, "\nstartxref\n{xref}\n%%EOF\n")?;
        self.out.flush()?;
        Ok(self.out.inner)
    }
}

/// `n 0 obj … endobj`, framed as lopdf frames it.
fn write_object(out: &mut impl Write, number: u32, object: &Object) -> io::Result<()> {
    let before = if Writer::need_separator(object) {
        " "
    } else {
        ""
    };
    write!(out, "{number} 0 obj\n{before}")?;
    Writer::write_object(out, object).map_err(io::Error::other)?;
    let after = if Writer::need_end_separator(object) {
        " "
    } else {
        ""
    };
    write!(out, "{after}\nendobj\n")
}

/// The objects `object` refers to, directly or inside arrays and dictionaries.
fn references(object: &Object) -> Vec<ObjectId> {
    let mut found = Vec::new();
    let mut stack = vec![object];
    while let Some(object) = stack.pop() {
        match object {
            Object::Reference(id) => found.push(*id),
            Object::Array(items) => stack.extend(items),
            Object::Dictionary(dict) => stack.extend(dict.iter().map(|(_, v)| v)),
            Object::Stream(stream) => stack.extend(stream.dict.iter().map(|(_, v)| v)),
            _ => {}
        }
    }
    found
}

/// Points every reference in `object` at its new number; one to an object not carried over (a
/// page's old parent) becomes null.
fn renumber(object: &mut Object, numbers: &HashMap<ObjectId, u32>) {
    match object {
        Object::Reference(id) => {
            *object = match numbers.get(id) {
                Some(n) => Object::Reference((*n, 0)),
                None => Object::Null,
            }
        }
        Object::Array(items) => items.iter_mut().for_each(|o| renumber(o, numbers)),
        Object::Dictionary(dict) => dict.iter_mut().for_each(|(_, o)| renumber(o, numbers)),
        Object::Stream(stream) => stream
            .dict
            .iter_mut()
            .for_each(|(_, o)| renumber(o, numbers)),
        _ => {}
    }
}

/// Counts what passes through, for the cross-reference table's offsets.
struct Counting<W> {
    inner: W,
    written: u64,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}
/// `pdf` cut into `parts` files of consecutive pages (at most one a page), as even as the pages
/// allow: an email attachment has a size limit a big village's batch may pass. Each part keeps
/// only the objects its pages use. The same `parts` always cuts at the same pages.
pub(crate) fn split(pdf: &[u8], parts: usize) -> io::Result<Vec<Vec<u8>>> {
    let doc = Document::load_mem(pdf).map_err(io::Error::other)?;
    let pages = doc.get_pages().len();
    let parts = parts.clamp(1, pages.max(1));
    let mut out = Vec::with_capacity(parts);
    for part in 0..parts {
        // Pages are numbered from 1; part `part` holds [first, last].
        let first = part * pages / parts + 1;
        let last = (part + 1) * pages / parts;
        let mut piece = doc.clone();
        let drop: Vec<u32> = (1..=pages as u32)
            .filter(|&n| (n as usize) < first || (n as usize) > last)
            .collect();
        piece.delete_pages(&drop);
        piece.prune_objects();
        let mut bytes = Vec::new();
        piece.save_to(&mut bytes)?;
        out.push(bytes);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{Stream, dictionary};

    /// A one-page PDF with a cross-reference table and a flat page tree, as Typst writes them: a
    /// font and a content stream showing `text`.
    fn part(text: &str) -> Vec<u8> {
        let mut doc = Document::with_version("1.7");
        let font = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        });
        // Not object 1, which the joined file's page tree is.
        let pages = doc.new_object_id();
        let content = format!("BT /F1 12 Tf 72 720 Td ({text}) Tj ET");
        let content = doc.add_object(Stream::new(dictionary! {}, content.into_bytes()));
        let page = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages,
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Contents" => content,
        });
        doc.objects.insert(
            pages,
            Object::Dictionary(dictionary! {
                "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1,
            }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
        doc.trailer.set("Root", catalog);
        doc.reference_table.cross_reference_type = lopdf::xref::XrefType::CrossReferenceTable;
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).unwrap();
        bytes
    }

    /// The text each page of `pdf` shows, and whether each page's parent is the file's tree.
    fn pages_of(pdf: &[u8]) -> Vec<(String, bool)> {
        let doc = Document::load_mem(pdf).unwrap();
        let tree = doc
            .catalog()
            .unwrap()
            .get(b"Pages")
            .unwrap()
            .as_reference()
            .unwrap();
        doc.get_pages()
            .into_values()
            .map(|id| {
                let page = doc.get_dictionary(id).unwrap();
                let content = doc.get_page_content(id);
                let font = doc
                    .get_dictionary(
                        page.get(b"Resources")
                            .unwrap()
                            .as_dict()
                            .unwrap()
                            .get(b"Font")
                            .unwrap()
                            .as_dict()
                            .unwrap()
                            .get(b"F1")
                            .unwrap()
                            .as_reference()
                            .unwrap(),
                    )
                    .unwrap();
                assert_eq!(
                    font.get(b"BaseFont").unwrap().as_name().unwrap(),
                    b"Helvetica"
                );
                (
                    String::from_utf8(content).unwrap(),
                    page.get(b"Parent").unwrap().as_reference().unwrap() == tree,
                )
            })
            .collect()
    }

    #[test]
    fn parts_after_the_first_are_copied_with_their_references_renumbered() {
        // Text that looks like syntax: a reference, a nested string, a name.
        let texts = ["first", "second 1 0 R \\(not) /Parent", "third"];
        let parts: Vec<Vec<u8>> = texts.iter().map(|t| part(t)).collect();
        assert!(
            parts.iter().all(|p| RawPart::read(p).is_some()),
            "every part is read as written"
        );
        let mut joiner = Joiner::new(Vec::new()).unwrap();
        for p in &parts {
            joiner.add(p).unwrap();
        }
        let joined = joiner.finish().unwrap();
        let pages = pages_of(&joined);
        assert_eq!(pages.len(), 3);
        for ((content, in_tree), text) in pages.iter().zip(texts) {
            assert!(content.contains(&format!("({text})")), "{content}");
            assert!(in_tree, "a page's parent is the joined file's page tree");
        }
    }

    #[test]
    fn what_the_raw_reader_does_not_expect_goes_to_lopdf() {
        assert!(RawPart::read(b"%PDF-1.7\nnot a pdf").is_none());
        // An object stream or a cross-reference stream: no `xref` table where startxref points.
        let mut odd = part("x");
        let at = odd.windows(4).rposition(|w| w == b"xref").unwrap();
        odd[at] = b'X';
        assert!(RawPart::read(&odd).is_none());
    }
}
