//! The village of a row: by its Kemendagri code, by kecamatan and village numbers (SIAK's NO_KEC and
//! NO_KEL), or by kecamatan and village names — never by a village name alone, which repeats.

use super::Validator;
use super::row::Row;
use crate::ingest::InputSpec;
use crate::ingest::columns::Field;
use crate::region::{KabupatenCode, KecamatanCode, NameLookup, Regions, VillageCode};

impl Validator {
    /// The village of a row, from the first of its columns that says it, else the input's.
    pub(super) fn village(&self, r: &mut Row, spec: &InputSpec) -> Option<VillageCode> {
        let code = r.text(Field::VillageCode);
        if !code.is_empty() {
            return by_code(r, &code);
        }
        if !r.text(Field::VillageNo).is_empty() {
            return self.by_numbers(r);
        }
        let name = r.text(Field::VillageName);
        if !name.is_empty() {
            return self.by_names(r, spec, &name);
        }
        if let Some(v) = spec.village {
            return Some(v);
        }
        r.problem(Field::VillageCode, t!("row-village-empty"));
        None
    }

    /// NO_KEC and NO_KEL, within NO_PROP and NO_KAB or the campaign's one kabupaten.
    fn by_numbers(&self, r: &mut Row) -> Option<VillageCode> {
        let (kec_no, kel_no) = (r.text(Field::KecamatanNo), r.text(Field::VillageNo));
        let kab = match (r.text(Field::ProvinceNo), r.text(Field::KabupatenNo)) {
            (p, k) if !p.is_empty() && !k.is_empty() => p
                .parse()
                .ok()
                .zip(k.parse().ok())
                .map(|(p, k)| KabupatenCode::from_parts(p, k)),
            _ if self.region.len() == 1 => Some(self.region[0]),
            _ => None,
        };
        let kec = kec_no.parse::<u8>().ok();
        let kel = kel_no.parse::<u16>().ok().filter(|n| *n >= 1000);
        let problem = match (kab, kec, kel) {
            (Some(kab), Some(kec), Some(kel)) => {
                let v = VillageCode::from_parts(KecamatanCode::from_parts(kab, kec), kel);
                if Regions::get().village_name(v).is_some() {
                    return Some(v);
                }
                t!(
                    "row-village-numbers-unknown",
                    kec = &kec_no,
                    kel = &kel_no,
                    code = v.to_string()
                )
            }
            (None, ..) => t!("row-village-numbers-region"),
            _ => t!("row-village-numbers", kec = &kec_no, kel = &kel_no),
        };
        r.problem(Field::VillageNo, problem);
        None
    }

    /// A village name within the row's kecamatan name, or the input's kecamatan.
    fn by_names(&self, r: &mut Row, spec: &InputSpec, name: &str) -> Option<VillageCode> {
        let kec_name = r.text(Field::KecamatanName);
        let lookup = if !kec_name.is_empty() {
            self.index.village(&kec_name, name)
        } else if let Some(kec) = spec.kecamatan {
            self.index.village_in(kec, name)
        } else {
            let places = self.kecamatan_list(self.index.villages_named(name));
            r.problem(
                Field::VillageName,
                if places.is_empty() {
                    t!("row-village-name-unknown", name = name)
                } else {
                    t!("row-village-name-repeats", name = name, places = &places)
                },
            );
            return None;
        };
        let (field, problem) = match lookup {
            NameLookup::Found(v) => return Some(v),
            NameLookup::UnknownKecamatan => (
                Field::KecamatanName,
                t!(
                    "row-kecamatan-unknown",
                    name = &kec_name,
                    region = self.region_names()
                ),
            ),
            NameLookup::AmbiguousKecamatan(_) => (
                Field::KecamatanName,
                t!("row-kecamatan-ambiguous", name = &kec_name),
            ),
            NameLookup::NotInKecamatan(elsewhere) => {
                let kec = if kec_name.is_empty() {
                    spec.kecamatan
                        .and_then(|k| Regions::get().kecamatan_name(k))
                        .unwrap_or("?")
                        .to_string()
                } else {
                    kec_name
                };
                let hint = match self.kecamatan_list(&elsewhere) {
                    s if s.is_empty() => String::new(),
                    s => t!("row-village-is-in", places = s),
                };
                (
                    Field::VillageName,
                    t!(
                        "row-village-not-in",
                        name = name,
                        kecamatan = kec,
                        hint = hint
                    ),
                )
            }
        };
        r.problem(field, problem);
        None
    }

    /// "Kabupaten Cilacap (33.01)": the campaign's region as staff know it.
    fn region_names(&self) -> String {
        let regions = Regions::get();
        self.region
            .iter()
            .map(|k| format!("{} ({k})", regions.kabupaten_name(*k).unwrap_or("?")))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// "kecamatan A, B and C": where villages of a name are.
    fn kecamatan_list(&self, villages: &[VillageCode]) -> String {
        let regions = Regions::get();
        let names: Vec<&str> = villages
            .iter()
            .filter_map(|v| regions.kecamatan_name(v.kecamatan()))
            .collect();
        match names.as_slice() {
            [] => String::new(),
            [one] => t!("row-kecamatan-one", name = *one),
            [init @ .., last] => t!("row-kecamatan-many", names = init.join(", "), last = *last),
        }
    }
}

/// A KODE_DESA: a code of the Kemendagri list.
fn by_code(r: &mut Row, code: &str) -> Option<VillageCode> {
    let problem = match VillageCode::parse(code) {
        Some(v) if Regions::get().village_name(v).is_some() => return Some(v),
        Some(_) => t!("config-village-code-unknown", code = code),
        None => t!("row-village-code", code = code),
    };
    r.problem(Field::VillageCode, problem);
    None
}
