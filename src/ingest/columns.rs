//! The fields papila reads from a people list, and how header names (SIAK style or plain) map to them.
//!
//! Headers are compared case- and punctuation-insensitively (`NAMA_LGKP`, `Nama Lgkp` and `nama-lgkp`
//! are one header); `[input.columns]` in the config adds names for a district's own exports.

/// A field of a person record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Field {
    Nik,
    NoKk,
    Name,
    BirthPlace,
    BirthDate,
    Sex,
    MaritalStatus,
    Address,
    Rt,
    Rw,
    Dusun,
    VillageCode,
    ProvinceNo,
    KabupatenNo,
    KecamatanNo,
    VillageNo,
    VillageName,
    KecamatanName,
    Phone,
    Email,
    RecordStatus,
    /// A student's class (Dapodik's `Rombel Saat Ini`).
    Class,
    Nisn,
}

impl Field {
    pub(crate) const ALL: [Field; 23] = [
        Field::Nik,
        Field::NoKk,
        Field::Name,
        Field::BirthPlace,
        Field::BirthDate,
        Field::Sex,
        Field::MaritalStatus,
        Field::Address,
        Field::Rt,
        Field::Rw,
        Field::Dusun,
        Field::VillageCode,
        Field::ProvinceNo,
        Field::KabupatenNo,
        Field::KecamatanNo,
        Field::VillageNo,
        Field::VillageName,
        Field::KecamatanName,
        Field::Phone,
        Field::Email,
        Field::RecordStatus,
        Field::Class,
        Field::Nisn,
    ];
    pub(crate) const COUNT: usize = Field::ALL.len();

    /// The key used for this field in `[input.columns]`.
    pub(crate) fn config_key(self) -> &'static str {
        match self {
            Field::Nik => "nik",
            Field::NoKk => "no_kk",
            Field::Name => "name",
            Field::BirthPlace => "birth_place",
            Field::BirthDate => "birth_date",
            Field::Sex => "sex",
            Field::MaritalStatus => "marital_status",
            Field::Address => "address",
            Field::Rt => "rt",
            Field::Rw => "rw",
            Field::Dusun => "dusun",
            Field::VillageCode => "village_code",
            Field::ProvinceNo => "province_no",
            Field::KabupatenNo => "kabupaten_no",
            Field::KecamatanNo => "kecamatan_no",
            Field::VillageNo => "village_no",
            Field::VillageName => "village_name",
            Field::KecamatanName => "kecamatan_name",
            Field::Phone => "phone",
            Field::Email => "email",
            Field::RecordStatus => "record_status",
            Field::Class => "class",
            Field::Nisn => "nisn",
        }
    }

    pub(crate) fn from_config_key(key: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.config_key() == key)
    }

    /// The name staff know the field by, used in row problems (`TGL_LHR: …`).
    pub(crate) fn label(self) -> &'static str {
        self.aliases()[0]
    }

    /// Recognised header names, SIAK style first; compared after `normalize_header`.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::Nik => &["NIK", "NOMOR_INDUK_KEPENDUDUKAN", "NO_NIK"],
            Field::NoKk => &[
                "NO_KK",
                "NKK",
                "NOMOR_KK",
                "NO_KARTU_KELUARGA",
                "NOMOR_KARTU_KELUARGA",
            ],
            Field::Name => &["NAMA_LGKP", "NAMA", "NAMA_LENGKAP"],
            Field::BirthPlace => &["TMPT_LHR", "TEMPAT_LAHIR", "TMP_LAHIR"],
            Field::BirthDate => &["TGL_LHR", "TANGGAL_LAHIR", "TGL_LAHIR"],
            Field::Sex => &[
                "JENIS_KLMIN",
                "JENIS_KELAMIN",
                "JK",
                "KELAMIN",
                "SEX",
                "L_P",
            ],
            Field::MaritalStatus => &["STAT_KWN", "STATUS_KAWIN", "STATUS_PERKAWINAN", "STS_KWN"],
            Field::Address => &["ALAMAT", "ALAMAT_LENGKAP"],
            Field::Rt => &["NO_RT", "RT"],
            Field::Rw => &["NO_RW", "RW"],
            Field::Dusun => &["DUSUN", "NAMA_DUSUN", "DUKUH", "DUSUN_DUKUH"],
            Field::VillageCode => &[
                "KODE_DESA",
                "KODE_WILAYAH",
                "KODE_KEL",
                "KODE_KELURAHAN",
                "KODE_DESA_KEL",
            ],
            Field::ProvinceNo => &["NO_PROP", "NO_PROV"],
            Field::KabupatenNo => &["NO_KAB", "NO_KAB_KOTA"],
            Field::KecamatanNo => &["NO_KEC"],
            Field::VillageNo => &["NO_KEL", "NO_DESA"],
            Field::VillageName => &[
                "NAMA_KEL",
                "KEL_NAME",
                "DESA",
                "KELURAHAN",
                "NAMA_DESA",
                "DESA_KELURAHAN",
                "DESA_KEL",
            ],
            Field::KecamatanName => &["NAMA_KEC", "KEC_NAME", "KECAMATAN"],
            Field::Phone => &[
                "NO_HP",
                "TELP",
                "HP",
                "NO_TELP",
                "TELEPON",
                "NOMOR_HP",
                "NO_TELEPON",
                "WA",
                "NO_WA",
            ],
            Field::Email => &["EMAIL", "E_MAIL", "SUREL"],
            Field::RecordStatus => &[
                "STATUS_REKAM",
                "STATUS_KTP",
                "STATUS_KTP_EL",
                "STATUS_EKTP",
                "KET_REKAM",
            ],
            Field::Class => &["ROMBEL_SAAT_INI", "KELAS", "ROMBEL", "ROMBONGAN_BELAJAR"],
            Field::Nisn => &["NISN"],
        }
    }
}

/// Upper-case letters and digits only: `Nama Lgkp.` → `NAMALGKP`.
pub(crate) fn normalize_header(h: &str) -> String {
    h.trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}

/// Which column holds which field, for one header row.
#[derive(Debug, Clone, Default)]
pub(crate) struct ColumnMap {
    index: [Option<usize>; Field::COUNT],
}

impl ColumnMap {
    /// Maps a header row; `custom` (from `[input.columns]`) wins over the built-in aliases. The first
    /// column that matches a field takes it.
    pub(crate) fn from_headers<S: AsRef<str>>(
        headers: &[S],
        custom: &[(Field, String)],
    ) -> ColumnMap {
        let normalized: Vec<String> = headers
            .iter()
            .map(|h| normalize_header(h.as_ref()))
            .collect();
        let mut map = ColumnMap::default();
        for (field, header) in custom {
            let want = normalize_header(header);
            if let Some(i) = normalized.iter().position(|h| *h == want) {
                map.index[*field as usize] = Some(i);
            }
        }
        for field in Field::ALL {
            if map.index[field as usize].is_some() {
                continue;
            }
            let found = field.aliases().iter().find_map(|alias| {
                let alias = normalize_header(alias);
                normalized.iter().position(|h| *h == alias)
            });
            // A column taken by a custom mapping is not also read as another field.
            if let Some(i) = found
                && !map.index.contains(&Some(i))
            {
                map.index[field as usize] = Some(i);
            }
        }
        map
    }

    pub(crate) fn get(&self, field: Field) -> Option<usize> {
        self.index[field as usize]
    }

    pub(crate) fn has(&self, field: Field) -> bool {
        self.get(field).is_some()
    }

    /// Whether any village column (code, numbers or name) is present.
    pub(crate) fn has_village(&self) -> bool {
        self.has(Field::VillageCode) || self.has(Field::VillageNo) || self.has(Field::VillageName)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn siak_and_plain_headers_map() {
        let h = [
            "\u{feff}nik",
            "NO_KK",
            "Nama Lengkap",
            "tgl_lhr",
            "Jenis Klmin",
            "KODE-DESA",
            "No. HP",
        ];
        let m = ColumnMap::from_headers(&h, &[]);
        assert_eq!(m.get(Field::Nik), Some(0));
        assert_eq!(m.get(Field::NoKk), Some(1));
        assert_eq!(m.get(Field::Name), Some(2));
        assert_eq!(m.get(Field::BirthDate), Some(3));
        assert_eq!(m.get(Field::Sex), Some(4));
        assert_eq!(m.get(Field::VillageCode), Some(5));
        assert_eq!(m.get(Field::Phone), Some(6));
        assert_eq!(m.get(Field::Email), None);
    }

    #[test]
    fn custom_mapping_wins_and_is_not_reused() {
        // "NIK" is a built-in name of the NIK column; the config says it is "NOMOR INDUK": that wins.
        let h = ["NIK", "NOMOR INDUK", "NAMA"];
        let m = ColumnMap::from_headers(&h, &[(Field::Nik, "Nomor Induk".into())]);
        assert_eq!(m.get(Field::Nik), Some(1));
        assert_eq!(m.get(Field::Name), Some(2));
        // A column the config gives one field is not also read as another field it is named for.
        let h = ["NAMA", "TGL_LHR"];
        let m = ColumnMap::from_headers(&h, &[(Field::Address, "NAMA".into())]);
        assert_eq!(m.get(Field::Address), Some(0));
        assert_eq!(m.get(Field::Name), None);
        assert_eq!(m.get(Field::BirthDate), Some(1));
    }

    #[test]
    fn every_field_has_a_unique_config_key() {
        for f in Field::ALL {
            assert_eq!(Field::from_config_key(f.config_key()), Some(f));
        }
    }
}
