//! Kemendagri region codes and names, bundled from `data/wilayah.csv`, and village lookup by code or by
//! kecamatan + name.
//!
//! Village names repeat inside one kabupaten, so a name is only ever resolved together with its
//! kecamatan (spec §2); a name alone is answered with the kecamatan that hold it, for the error message.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

const WILAYAH_CSV: &str = include_str!("../data/wilayah.csv");

/// A 10-digit desa/kelurahan code, `PP.KK.CC.DDDD`, held as its digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VillageCode(u64);

impl VillageCode {
    /// Parses `33.01.02.2001` or `3301022001`. Does not check that the village exists.
    pub fn parse(text: &str) -> Option<VillageCode> {
        let digits: String = text.trim().chars().filter(|c| *c != '.').collect();
        if digits.len() != 10 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        // Dots, when present, must sit where Kemendagri puts them.
        let t = text.trim();
        if t.contains('.') && !(t.len() == 13 && [2, 5, 8].iter().all(|&i| &t[i..i + 1] == ".")) {
            return None;
        }
        digits.parse().ok().map(VillageCode)
    }

    pub fn from_parts(kecamatan: KecamatanCode, village: u16) -> VillageCode {
        VillageCode(kecamatan.0 * 10_000 + u64::from(village))
    }

    pub fn kecamatan(self) -> KecamatanCode {
        KecamatanCode(self.0 / 10_000)
    }

    pub(crate) fn kabupaten(self) -> KabupatenCode {
        KabupatenCode((self.0 / 1_000_000) as u32)
    }
}

impl fmt::Display for VillageCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.0;
        write!(
            f,
            "{:02}.{:02}.{:02}.{:04}",
            d / 100_000_000,
            d / 1_000_000 % 100,
            d / 10_000 % 100,
            d % 10_000
        )
    }
}

/// A 6-digit kecamatan code, `PP.KK.CC`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KecamatanCode(u64);

impl KecamatanCode {
    /// `33.01.02` or `330102`.
    pub(crate) fn parse(text: &str) -> Option<KecamatanCode> {
        let t = text.trim();
        let digits: String = t.chars().filter(|c| *c != '.').collect();
        let dotted_ok = !t.contains('.') || (t.len() == 8 && &t[2..3] == "." && &t[5..6] == ".");
        if digits.len() != 6 || !dotted_ok || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.parse().ok().map(KecamatanCode)
    }

    pub fn from_parts(kabupaten: KabupatenCode, kecamatan: u8) -> KecamatanCode {
        KecamatanCode(u64::from(kabupaten.0) * 100 + u64::from(kecamatan))
    }
    pub(crate) fn kabupaten(self) -> KabupatenCode {
        KabupatenCode((self.0 / 100) as u32)
    }
}

impl fmt::Display for KecamatanCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.0;
        write!(f, "{:02}.{:02}.{:02}", d / 10_000, d / 100 % 100, d % 100)
    }
}

/// A 4-digit kabupaten/kota code, `PP.KK`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KabupatenCode(u32);

impl KabupatenCode {
    pub fn parse(text: &str) -> Option<KabupatenCode> {
        let t = text.trim();
        let digits: String = t.chars().filter(|c| *c != '.').collect();
        let dotted_ok = !t.contains('.') || (t.len() == 5 && &t[2..3] == ".");
        if digits.len() != 4 || !dotted_ok || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.parse().ok().map(KabupatenCode)
    }
    pub fn from_parts(province: u8, kabupaten: u8) -> KabupatenCode {
        KabupatenCode(u32::from(province) * 100 + u32::from(kabupaten))
    }
}

impl fmt::Display for KabupatenCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}.{:02}", self.0 / 100, self.0 % 100)
    }
}

/// The whole Kemendagri table, parsed once per process.
pub struct Regions {
    provinces: HashMap<u8, &'static str>,
    kabupaten: HashMap<KabupatenCode, &'static str>,
    kecamatan: HashMap<KecamatanCode, &'static str>,
    villages: HashMap<VillageCode, &'static str>,
}

impl Regions {
    pub fn get() -> &'static Regions {
        static REGIONS: OnceLock<Regions> = OnceLock::new();
        REGIONS.get_or_init(Regions::parse_bundled)
    }

    fn parse_bundled() -> Regions {
        let mut r = Regions {
            provinces: HashMap::new(),
            kabupaten: HashMap::new(),
            kecamatan: HashMap::new(),
            villages: HashMap::with_capacity(90_000),
        };
        // The bundled file is ours and checked by a unit test, so a malformed line is skipped here
        // rather than handled at run time.
        for line in WILAYAH_CSV.lines().skip(1) {
            let Some((code, name)) = line.split_once(',') else {
                continue;
            };
            let name = name.trim_matches('"');
            match code.len() {
                2 => {
                    if let Ok(p) = code.parse() {
                        r.provinces.insert(p, name);
                    }
                }
                5 => {
                    if let Some(k) = KabupatenCode::parse(code) {
                        r.kabupaten.insert(k, name);
                    }
                }
                8 => {
                    let digits: String = code.chars().filter(|c| *c != '.').collect();
                    if let Ok(d) = digits.parse() {
                        r.kecamatan.insert(KecamatanCode(d), name);
                    }
                }
                13 => {
                    if let Some(v) = VillageCode::parse(code) {
                        r.villages.insert(v, name);
                    }
                }
                _ => {}
            }
        }
        r
    }

    pub(crate) fn province_exists(&self, code: u8) -> bool {
        self.provinces.contains_key(&code)
    }
    pub fn kabupaten_name(&self, code: KabupatenCode) -> Option<&'static str> {
        self.kabupaten.get(&code).copied()
    }
    /// Every village of a kecamatan, in code order.
    pub(crate) fn villages_of(&self, kecamatan: KecamatanCode) -> Vec<VillageCode> {
        let mut all: Vec<VillageCode> = self
            .villages
            .keys()
            .filter(|v| v.kecamatan() == kecamatan)
            .copied()
            .collect();
        all.sort();
        all
    }

    pub fn kecamatan_name(&self, code: KecamatanCode) -> Option<&'static str> {
        self.kecamatan.get(&code).copied()
    }
    pub fn village_name(&self, code: VillageCode) -> Option<&'static str> {
        self.villages.get(&code).copied()
    }

    /// Every kecamatan of Indonesia with this name.
    pub(crate) fn kecamatan_named(&self, name: &str) -> Vec<KecamatanCode> {
        let wanted = normalize_name(name);
        let mut found: Vec<KecamatanCode> = self
            .kecamatan
            .iter()
            .filter(|(_, n)| normalize_name(n) == wanted)
            .map(|(code, _)| *code)
            .collect();
        found.sort();
        found
    }

    /// A name index for the villages and kecamatan of the campaign's kabupaten.
    pub(crate) fn index(&self, kabupaten: &[KabupatenCode]) -> NameIndex {
        let mut idx = NameIndex::default();
        for (&code, &name) in &self.kecamatan {
            if kabupaten.contains(&code.kabupaten()) {
                idx.kecamatan
                    .entry(normalize_name(name))
                    .or_default()
                    .push(code);
            }
        }
        for (&code, &name) in &self.villages {
            if kabupaten.contains(&code.kabupaten()) {
                idx.villages
                    .entry(normalize_name(name))
                    .or_default()
                    .push(code);
            }
        }
        for list in idx.kecamatan.values_mut() {
            list.sort();
        }
        for list in idx.villages.values_mut() {
            list.sort();
        }
        idx
    }
}

/// Looks up kecamatan and villages by name within the campaign's kabupaten.
#[derive(Default)]
pub(crate) struct NameIndex {
    kecamatan: HashMap<String, Vec<KecamatanCode>>,
    villages: HashMap<String, Vec<VillageCode>>,
}

/// Why a village name did not resolve to exactly one code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NameLookup {
    Found(VillageCode),
    /// The kecamatan name is not one of the campaign's.
    UnknownKecamatan,
    /// The kecamatan name matches more than one kecamatan (in different kabupaten).
    AmbiguousKecamatan(Vec<KecamatanCode>),
    /// No village of that name in the kecamatan; lists the kecamatan where the name does exist.
    NotInKecamatan(Vec<VillageCode>),
}

impl NameIndex {
    pub(crate) fn kecamatan(&self, name: &str) -> &[KecamatanCode] {
        self.kecamatan
            .get(&normalize_name(name))
            .map_or(&[], Vec::as_slice)
    }

    /// Every village of the campaign's kabupaten with this name.
    pub(crate) fn villages_named(&self, name: &str) -> &[VillageCode] {
        self.villages
            .get(&normalize_name(name))
            .map_or(&[], Vec::as_slice)
    }

    pub(crate) fn village_in(&self, kecamatan: KecamatanCode, name: &str) -> NameLookup {
        let all = self.villages_named(name);
        match all.iter().find(|v| v.kecamatan() == kecamatan) {
            Some(&v) => NameLookup::Found(v),
            None => NameLookup::NotInKecamatan(all.to_vec()),
        }
    }

    pub(crate) fn village(&self, kecamatan_name: &str, name: &str) -> NameLookup {
        match self.kecamatan(kecamatan_name) {
            [] => NameLookup::UnknownKecamatan,
            [one] => self.village_in(*one, name),
            many => NameLookup::AmbiguousKecamatan(many.to_vec()),
        }
    }
}

/// Case-, space- and punctuation-insensitive form of a place name, without the `DESA`/`KELURAHAN`/
/// `KECAMATAN` prefixes that exports sometimes add.
pub(crate) fn normalize_name(name: &str) -> String {
    let upper = name.trim().to_uppercase();
    let mut rest = upper.as_str();
    for prefix in [
        "KELURAHAN ",
        "KEL. ",
        "KEL ",
        "DESA ",
        "DS. ",
        "DS ",
        "KECAMATAN ",
        "KEC. ",
        "KEC ",
    ] {
        if let Some(r) = rest.strip_prefix(prefix) {
            rest = r;
            break;
        }
    }
    rest.chars().filter(|c| c.is_alphanumeric()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_table_has_cilacap() {
        let r = Regions::get();
        let kab = KabupatenCode::parse("33.01").unwrap();
        assert_eq!(r.kabupaten_name(kab), Some("Kabupaten Cilacap"));
        let v = VillageCode::parse("33.01.02.2001").unwrap();
        assert_eq!(r.village_name(v), Some("Menganti"));
        assert_eq!(r.kecamatan_name(v.kecamatan()), Some("Kesugihan"));
        assert!(r.province_exists(31));
        assert!(!r.province_exists(99));
        // Every row of the bundled file was taken in (91,599 rows less provinces etc. is checked loosely).
        assert!(r.villages.len() > 80_000, "{}", r.villages.len());
    }

    #[test]
    fn codes_parse_dotted_and_plain_and_print_dotted() {
        let v = VillageCode::parse("3301022001").unwrap();
        assert_eq!(v.to_string(), "33.01.02.2001");
        assert_eq!(VillageCode::parse(" 33.01.02.2001 "), Some(v));
        assert_eq!(VillageCode::parse("33.0102.2001"), None);
        assert_eq!(VillageCode::parse("33010220011"), None);
        assert_eq!(v.kecamatan().to_string(), "33.01.02");
        assert_eq!(v.kabupaten().to_string(), "33.01");
    }

    #[test]
    fn names_resolve_only_with_kecamatan() {
        let idx = Regions::get().index(&[KabupatenCode::parse("33.01").unwrap()]);
        // Karanganyar exists in Adipala and in Gandrungmangu.
        assert_eq!(idx.villages_named("karanganyar").len(), 2);
        assert_eq!(
            idx.village("Adipala", "KARANGANYAR"),
            NameLookup::Found(VillageCode::parse("33.01.03.2005").unwrap())
        );
        assert_eq!(
            idx.village("Kec. Gandrungmangu", "Desa Karanganyar"),
            NameLookup::Found(VillageCode::parse("33.01.10.2004").unwrap())
        );
        assert!(matches!(
            idx.village("Kesugihan", "Karanganyar"),
            NameLookup::NotInKecamatan(v) if v.len() == 2
        ));
        assert_eq!(
            idx.village("Nowhere", "Karanganyar"),
            NameLookup::UnknownKecamatan
        );
    }
}
