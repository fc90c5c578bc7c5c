//! Joins PDFs page after page (lopdf), so a big village's batch can be typeset in parts that each fit
//! in memory and still reach the village office as one file.
//!
//! Only what papila's own untagged exports contain is expected: one catalog and page tree per part,
//! pages that carry their own resources and media box. The first part's catalog (with its metadata)
//! becomes the document's; objects no page refers to any more are pruned.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Document, Object, ObjectId};

/// The pages of `parts`, in order, as one PDF. Errors are lopdf's, for a bug report: papila made
/// every part itself.
pub fn join(parts: &[Vec<u8>]) -> Result<Vec<u8>, String> {
    let mut next_id = 1;
    let mut pages: Vec<(ObjectId, Dictionary)> = Vec::new();
    let mut objects: BTreeMap<ObjectId, Object> = BTreeMap::new();
    let mut catalog: Option<(ObjectId, Dictionary)> = None;
    let mut root: Option<(ObjectId, Dictionary)> = None;
    let mut info: Option<Object> = None;
    for bytes in parts {
        let mut doc = Document::load_mem(bytes).map_err(|e| e.to_string())?;
        doc.renumber_objects_with(next_id);
        next_id = doc.max_id + 1;
        if info.is_none() {
            // The title and author of the first part are the whole batch's.
            info = doc.trailer.get(b"Info").ok().cloned();
        }
        for id in doc.get_pages().into_values() {
            let page = doc.get_dictionary(id).map_err(|e| e.to_string())?.clone();
            pages.push((id, page));
        }
        for (id, object) in std::mem::take(&mut doc.objects) {
            match object.type_name().unwrap_or(b"") {
                b"Catalog" => {
                    if catalog.is_none() {
                        catalog = Some((id, object.as_dict().map_err(|e| e.to_string())?.clone()));
                    }
                }
                b"Pages" => {
                    if root.is_none() {
                        root = Some((id, object.as_dict().map_err(|e| e.to_string())?.clone()));
                    }
                }
                b"Page" => {}
                _ => {
                    objects.insert(id, object);
                }
            }
        }
    }
    let (catalog_id, mut catalog) = catalog.ok_or("a part has no catalog")?;
    let (root_id, mut root) = root.ok_or("a part has no page tree")?;

    let mut out = Document::with_version("1.7");
    out.objects = objects;
    let kids: Vec<Object> = pages.iter().map(|(id, _)| Object::Reference(*id)).collect();
    for (id, mut page) in pages {
        page.set("Parent", root_id);
        out.objects.insert(id, Object::Dictionary(page));
    }
    root.set("Count", kids.len() as i64);
    root.set("Kids", kids);
    root.remove(b"Parent");
    out.objects.insert(root_id, Object::Dictionary(root));
    catalog.set("Pages", root_id);
    // Outlines and page labels of one part would mislead in the whole.
    catalog.remove(b"Outlines");
    catalog.remove(b"PageLabels");
    out.objects.insert(catalog_id, Object::Dictionary(catalog));
    out.trailer.set("Root", catalog_id);
    if let Some(info) = info {
        out.trailer.set("Info", info);
    }
    out.max_id = out.objects.keys().map(|(n, _)| *n).max().unwrap_or(0);
    out.prune_objects();
    out.renumber_objects();
    let mut bytes = Vec::new();
    out.save_to(&mut bytes).map_err(|e| e.to_string())?;
    Ok(bytes)
}
