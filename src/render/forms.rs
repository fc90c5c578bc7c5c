//! The parts of a letter that the letters of one office and letter date share — the template's
//! `shared`: letterhead, opening paragraph, what to bring and the signature, footer — typeset once
//! per such group as a PDF of a page each, which print batches place on every letter of the group,
//! as a printer's form. Typst lays every element of a document out afresh (each gets a location),
//! so a letter typeset whole pays for its letterhead and body every time; placed, they are laid out
//! once and written into each batch part once (one XObject per page of a form, with the form's
//! font subsets), and pdftotext still reads their text.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, OnceLock};

use serde::Serialize;
use typst::foundations::Bytes;

use super::data::{Campaign, LetterGroup};
use super::json;
use super::pdf::Typeset;
use super::world::{Files, Kind, Typesetter};
use crate::error::{Error, Result};

/// Forms kept for reuse. Letters come village by village and a village's people fall in a few
/// neighbouring groups, so a few hundred cover what the workers are on (~30 KB each) without
/// growing with the district.
const KEPT: usize = 512;

/// The forms made so far, shared by the render's workers.
pub(super) struct Forms {
    /// Whether the campaign's template has shared parts (a template written before them has not:
    /// its letters are laid out in full). Known from the first form made.
    shares: OnceLock<bool>,
    made: Mutex<Made>,
}

#[derive(Default)]
struct Made {
    by_group: HashMap<Vec<u8>, Bytes>,
    /// LetterGroups in the order made: the oldest go first past `KEPT`.
    order: VecDeque<Vec<u8>>,
}

/// A group's form: `key` tells two groups apart within a batch part.
pub(super) struct Form {
    pub(super) key: Vec<u8>,
    pub(super) pdf: Bytes,
}

impl Forms {
    pub(super) fn new() -> Forms {
        Forms {
            shares: OnceLock::new(),
            made: Mutex::new(Made::default()),
        }
    }

    /// The form of `group`, typeset on first use (its warnings added to `warnings`); none when
    /// the template shares no parts.
    pub(super) fn of(
        &self,
        typesetter: &Typesetter,
        campaign: &Campaign,
        group: &LetterGroup,
        warnings: &mut Vec<String>,
    ) -> Result<Option<Form>> {
        if self.shares.get() == Some(&false) {
            return Ok(None);
        }
        let key = serde_json::to_vec(group).expect("plain data serializes");
        if let Some(pdf) = self.lock().by_group.get(&key) {
            return Ok(Some(Form {
                key,
                pdf: pdf.clone(),
            }));
        }
        // Typeset outside the lock: two workers may make the same form at once, and make the
        // same bytes.
        #[derive(Serialize)]
        struct Doc<'a> {
            campaign: &'a Campaign,
            group: &'a LetterGroup<'a>,
        }
        let typeset = Typeset::new(
            typesetter,
            Kind::Forms,
            json(&Doc { campaign, group }),
            Files::default(),
        )
        .map_err(|e| match e {
            Error::Template {
                location,
                message,
                mut hints,
            } => {
                hints.push(t!("template-shared-hint"));
                Error::Template {
                    location,
                    message,
                    hints,
                }
            }
            other => other,
        })?;
        let shares = !typeset.has_label("papila-no-shared");
        let _ = self.shares.set(shares);
        if !shares {
            return Ok(None);
        }
        let pdf = Bytes::new(typeset.export("papila-forms", false)?);
        warnings.extend(typeset.warnings);
        let mut made = self.lock();
        if made.by_group.insert(key.clone(), pdf.clone()).is_none() {
            made.order.push_back(key.clone());
            while made.order.len() > KEPT {
                if let Some(old) = made.order.pop_front() {
                    made.by_group.remove(&old);
                }
            }
        }
        Ok(Some(Form { key, pdf }))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Made> {
        // A worker that panicked while holding it left whole entries: the map is never half-written.
        self.made.lock().unwrap_or_else(|e| e.into_inner())
    }
}
