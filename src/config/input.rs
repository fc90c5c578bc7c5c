//! `[input]`: the people lists, the list of NIKs already recorded, and header names mapped to
//! fields.

use std::path::Path;

use super::Input;
use super::offices::{region_names, resolve_village};
use super::problems::{Problems, looked_for};
use super::raw::{RawInput, RawInputFile};
use crate::ingest::InputSpec;
use crate::ingest::columns::Field;
use crate::region::{KabupatenCode, NameIndex};

/// The validated `[input]`; village and kecamatan names are looked up in `index`.
pub(super) fn input(
    raw: &RawInput,
    dir: &Path,
    index: &NameIndex,
    region: &[KabupatenCode],
    p: &mut Problems,
) -> Input {
    let mut files = Vec::new();
    if raw.files.is_empty() {
        p.at("input.files", t!("config-files-empty"));
    }
    for (i, f) in raw.files.iter().enumerate() {
        let key = format!("input.files[{i}]");
        match f {
            RawInputFile::Path(s) => files.push(InputSpec {
                shown: s.clone(),
                path: dir.join(s),
                village: None,
                kecamatan: None,
                school: None,
            }),
            RawInputFile::Entry(e) => {
                let village = e
                    .village
                    .as_ref()
                    .and_then(|v| resolve_village(v, &format!("{key}.village"), index, p));
                let kecamatan = e.kecamatan.as_ref().and_then(|k| match index.kecamatan(k) {
                    [one] => Some(*one),
                    [] => {
                        p.at(
                            format!("{key}.kecamatan"),
                            t!(
                                "config-not-kecamatan-of",
                                name = k,
                                region = region_names(region)
                            ),
                        );
                        None
                    }
                    _ => {
                        p.at(
                            format!("{key}.kecamatan"),
                            t!("config-kecamatan-ambiguous", name = k),
                        );
                        None
                    }
                });
                files.push(InputSpec {
                    shown: e.path.clone(),
                    path: dir.join(&e.path),
                    village,
                    kecamatan,
                    school: None,
                });
            }
        }
    }
    let recorded = raw.recorded.as_ref().and_then(|r| {
        let path = dir.join(r);
        if path.exists() {
            Some(InputSpec {
                shown: r.clone(),
                path,
                village: None,
                kecamatan: None,
                school: None,
            })
        } else {
            p.at(
                "input.recorded",
                t!("config-recorded", file = r, looked = looked_for(r, &path)),
            );
            None
        }
    });
    let mut columns = Vec::new();
    for (field, header) in &raw.columns {
        match Field::from_config_key(field) {
            Some(f) => columns.push((f, header.clone())),
            None => p.at(
                format!("input.columns.{field}"),
                t!(
                    "config-column-field",
                    field = field,
                    known = Field::ALL
                        .iter()
                        .map(|f| f.config_key())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ),
        }
    }
    Input {
        files,
        recorded,
        columns,
    }
}
