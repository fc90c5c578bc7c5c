# Kesalahan di papila.toml (src/config/): masing-masing didahului "papila.toml:BARIS: KUNCI: ".

config-id-empty = tidak boleh kosong: id undangan dan token QR dibentuk darinya
config-id-chars = "{ $id }" hanya boleh berisi huruf, angka, '-' dan '_' (masuk ke setiap kode QR), misalnya "pilkada-2024-cilacap"
config-id-long = "{ $id }" panjangnya { $length } karakter; paling banyak { $max } agar kode QR tetap bisa dicetak kecil
config-end-before-start = { $end } lebih awal dari campaign.start ({ $start }); hari jadwal terakhir harus sesudah hari pertama
config-end-after-election = { $end } tidak sebelum hari pemungutan suara ({ $election }); jadwal rekam harus selesai sebelum hari pemungutan suara
config-min-age = { $age } bukan umur dari 0 sampai 17 (perekaman boleh mulai umur 16; bawaannya 16)
config-timezone = "{ $value }" bukan WIB, WITA atau WIT
config-holidays-file = "{ $file }" tidak ditemukan{ $looked }
config-region-code = "{ $value }" bukan kode kabupaten/kota dari daftar Kemendagri, misalnya "33.01" untuk Kabupaten Cilacap
config-kecamatan-of = "{ $name }" adalah kecamatan di { $places }
config-and-of = {" "}dan di{" "}
config-region-unknown = tidak jelas kabupaten mana yang dicakup kampanye{ $which }: tambahkan region = "PP.KK" (misalnya "33.01") di bawah [campaign], atau tulis desa setiap kantor dengan kodenya
config-notice-days = { $days } bukan jumlah hari dari 1 sampai 30: hari yang diperlukan untuk mencetak dan mengantar surat sebelum jadwalnya (bawaan 3)
config-max-invitations = { $value } berarti tidak ada yang diundang; pakai 1 (tanpa undangan ulang) atau lebih (bawaan 2)
config-letter-number = "{ $value }" tidak memuat {"{"}seq{"}"}: setiap surat perlu nomornya sendiri, misalnya "400.8/{"{"}seq{"}"}/Disdukcapil/2024" (atau {"{"}seq:05{"}"} untuk lima angka, dengan nol di depan)
config-lang = "{ $value }" bukan bahasa yang dikenal papila: pakai "id" (Bahasa Indonesia) atau "en" (Inggris)
config-paper = "{ $value }" bukan ukuran kertas yang bisa dicetak papila: pakai "a4", "f4", "us-letter" atau "us-legal"
config-signing-key = kunci tanda tangan "{ $key }" tidak ada{ $looked }; buat dengan `papila keygen { $path }`
config-looked-for = {" "}(dicari di { $path })
config-date = { $value } bukan tanggal; tulis dengan format TTTT-BB-HH, misalnya 2024-07-01
toml-village = seharusnya kode desa seperti "33.01.02.2001" atau {"{"} kecamatan = "…", desa = "…" {"}"}
toml-input-file = seharusnya lokasi seperti "people/" atau {"{"} path = "…", village = "…" {"}"}
toml-region = seharusnya kode kabupaten seperti "33.01" atau daftar kode itu
toml-unknown-field = papila tidak mengenal `{ $field }`; yang dikenal di sini: { $expected }
toml-unknown-field-none = papila tidak mengenal `{ $field }`: bagian ini tidak punya pengaturan
toml-missing-field = `{ $field }` wajib diisi
toml-invalid-type = jenis isinya salah: { $found }, seharusnya { $expected }
config-mailbox = "{ $value }" bukan alamat email; tulis seperti "Disdukcapil Cilacap <noreply@example.go.id>" atau "noreply@example.go.id"
config-security = "{ $value }" bukan "starttls", "tls" atau "none"
config-password = kata sandi tidak pernah disimpan di papila.toml; hapus baris ini dan simpan kata sandinya di variabel lingkungan yang disebut password_env (PAPILA_SMTP_PASSWORD bila tidak diatur)
config-smtp-host = nama server SMTP kosong
config-per-minute = 0 berarti tidak ada yang terkirim; pakai angka di atas 0
config-max-attempts = 0 berarti tidak pernah dicoba; pakai angka di atas 0 (bawaan 5)
config-timeout = batas waktu 0 detik tidak memberi server waktu menjawab; pakai angka di atas 0 (bawaan 60)
config-ca-file = file sertifikat "{ $file }" tidak ada{ $looked }
config-contacts = file kontak "{ $file }" tidak ada{ $looked }
config-attachment-limit = { $mb } MB bukan batas yang dipakai server email; isi 1 sampai 100 (bawaan 15)
config-files-empty = kosong: sebutkan paling sedikit satu file atau folder daftar penduduk, misalnya ["people/"]
config-not-kecamatan-of = "{ $name }" bukan kecamatan di { $region }
config-kecamatan-ambiguous = "{ $name }" adalah nama lebih dari satu kecamatan; isi region di [campaign]
config-recorded = "{ $file }" tidak ditemukan{ $looked }; file itu berisi NIK yang sudah rekam, satu per baris
config-column-field = "{ $field }" bukan kolom yang dikenal papila; pakai salah satu dari: { $known }
config-no-office = belum ada [[office]]: setiap desa yang dilayani perlu kantor dengan sesi
config-office-no-days = kantor "{ $id }" tidak punya hari layanan: tambahkan weekdays = ["mon", …] atau dates = [2024-08-10, …]
config-office-no-sessions = kantor "{ $id }" tidak punya sesi: tambahkan sessions = [{"{"} start = "08:00", end = "12:00", capacity = 60 {"}"}]
config-office-id-chars = "{ $id }" hanya boleh berisi huruf kecil, angka, '-' atau '_' (dipakai sebagai nama folder), misalnya "kesugihan"
config-office-id-long = "{ $id }" panjangnya { $length } karakter; paling banyak { $max } (masuk ke setiap kode QR)
config-office-id-twice = "{ $id }" sudah menjadi id office[{ $other }]; id kantor harus berbeda
config-villages-empty = kosong: tulis kode desa yang dilayani kantor ini
config-village-outside = desa { $code } ({ $village }, { $kabupaten }) di luar wilayah kampanye (region di [campaign] adalah { $region }); isi region = "{ $suggested }" bila kampanye memang di sana
config-village-twice = desa { $code } ({ $village }) sudah dilayani kantor "{ $office }"; satu desa hanya dilayani satu kantor
config-weekday = "{ $value }" bukan nama hari: pakai mon, tue, wed, thu, fri, sat, sun (atau senin … minggu)
config-date-outside = { $date } di luar masa kampanye ({ $start } sampai { $end })
config-time = "{ $value }" bukan jam seperti "{ $example }"
config-capacity = { $value } bukan jumlah orang di atas 0
config-session-end = { $end } tidak sesudah jam mulai { $start }
config-session-overlap = { $start }–{ $end } bertumpang tindih dengan sesi { $other_start }–{ $other_end }
config-no-region = kampanye (wilayahnya belum diketahui)
config-village-code-unknown = "{ $code }" bukan kode desa/kelurahan dalam daftar Kemendagri
config-village-code = "{ $code }" bukan kode desa seperti "33.01.02.2001"
config-kecamatan-outside = kecamatan "{ $kecamatan }" tidak ada di wilayah kampanye
config-kecamatan-twice = kecamatan "{ $kecamatan }" ada di lebih dari satu kabupaten; isi region di [campaign]
config-no-desa = tidak ada desa/kelurahan "{ $desa }" di kecamatan { $kecamatan }
config-toml-says = isinya bukan TOML yang benar (kata pembaca TOML: { $said })
config-kecamatan-code-unknown = tidak ada kecamatan berkode { $code } di tabel wilayah Kemendagri
config-village-not-kecamatan = di sini harus satu desa/kelurahan: tulis {"{"} kecamatan = "{ $kecamatan }", desa = "…" {"}"}
config-npsn = "{ $value }" bukan NPSN: NPSN sekolah 8 angka (tertera di Dapodik), misalnya "20301234"
config-npsn-twice = NPSN { $npsn } sudah dipakai school[{ $other }]; tulis setiap sekolah sekali, dengan semua berkasnya
config-school-no-files = tidak menyebut berkas: berikan ekspor Dapodik { $name }, misalnya files = ["sekolah/sman1.xlsx"]
config-visit-id-office = "{ $id }" sudah menjadi id kantor; id kunjungan menamai folder dan kode QR-nya sendiri, jadi harus berbeda
config-visit-team = tim "{ $team }" bukan [[team]] kegiatan ini (tim: { $teams })
config-visit-team-twice = tim "{ $team }" dijadwalkan di dua tempat pada { $date }: kunjungan "{ $visit }" dan kunjungan "{ $other }"; beri salah satunya tim atau hari lain
config-visit-school = tidak ada [[school]] dengan NPSN { $npsn }; tambahkan sekolahnya (npsn, name, files) atau perbaiki NPSN-nya
config-visit-what = kunjungan "{ $id }" harus menyebut sekolah (school = "NPSN") atau desa yang dilayaninya (villages = [...]), tidak keduanya dan tidak kosong
