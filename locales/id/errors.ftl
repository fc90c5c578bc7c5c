# Galat dan petunjuk dari satu jenis Error papila (src/error.rs), dan yang menyertainya.

error-prefix = kesalahan
hint-prefix = saran
lang-env-unknown = PAPILA_LANG berisi "{ $value }", bukan bahasa yang dikenal papila (id atau en); yang dipakai lang dari papila.toml, atau Bahasa Indonesia

bug = papila berhenti karena kesalahan di dalam papila sendiri ({ $what }{ $at })
bug-hint = ini bukan kesalahan Anda; kirim pesan ini dan perintah yang Anda jalankan kepada pengelola papila

config-missing = file kampanye { $path } tidak ditemukan
config-missing-hint = sebutkan file kampanye dengan -c folder/papila.toml, atau buat kampanye baru dengan `papila init FOLDER`
config-mistakes = { $file } berisi { $count } kesalahan
config-hint = perbaiki baris di atas pada file kampanye, lalu jalankan lagi perintah yang sama

io = tidak dapat { $action } { $path }: { $reason }
io-not-found = file itu tidak ada
io-permission = izin ditolak
io-exists = file itu sudah ada
io-disk-full-hint = disk penuh (atau file lebih besar dari yang diizinkan sistem ini): kosongkan sebagian ruang, lalu jalankan lagi perintah yang sama; tidak ada yang tersimpan setengah jadi
io-not-found-hint = periksa lokasinya: lokasi relatif di dalam papila.toml dihitung dari folder tempat papila.toml berada
io-permission-hint = pastikan Anda boleh membaca (atau menulis) file ini, dan tidak ada program lain, misalnya Excel, yang sedang membukanya
io-clear = mengosongkan
io-copy = menyalin
io-create = membuat
io-create-the-folder = membuat folder
io-cut-into-parts = memotong menjadi beberapa bagian
io-encode = menyandikan
io-join-the-parts-of = menggabungkan bagian-bagian
io-list = membaca daftar isi
io-lock = mengunci
io-move-into-place = memindahkan ke tempatnya
io-open = membuka
io-read = membaca
io-read-the-folder = membaca folder
io-remove = menghapus
io-move = memindahkan
io-protect = membuat hanya-pemilik
io-replace = mengganti
io-use-the-certificate-in = memakai sertifikat di
io-write = menulis

input-none = tidak ada daftar penduduk di { $searched }
input-none-hint = taruh file CSV atau Excel hasil ekspor daftar penduduk di folder yang disebut [input] files di papila.toml, atau sebutkan file itu di baris perintah
would-overwrite = { $path } sudah ada; papila tidak pernah menimpanya
needs-setting = { $file } belum punya bagian [{ $section }], padahal { $why }
needs-setting-hint = tambahkan bagian [{ $section }] ke file kampanye, misalnya:
plan-none = belum ada yang bisa dicetak: { $ledger } belum ada
plan-none-hint = jalankan dulu `papila plan -c papila.toml` (atau `papila run`, yang menjadwalkan sekaligus mencetak)
template-hint = perbaiki templatnya, lalu jalankan lagi perintah yang sama; `papila init FOLDER` menulis templat bawaan untuk pembanding
bad-key = { $path } bukan kunci papila yang bisa dipakai: { $reason }
bad-key-hint = buat kunci baru dengan `papila keygen keys/papila.key` lalu arahkan [signing] key ke kunci itu (surat yang sudah dicetak dengan kunci lama tidak akan lolos verifikasi lagi)
io-generate-a-key-for = membuat kunci untuk

key-would-overwrite-hint = surat yang sudah ditandatangani dengan kunci ini tidak akan lolos verifikasi lagi bila kuncinya diganti; pilih nama file lain, atau hapus sendiri kunci lama bila memang belum pernah dipakai
key-not-private = isinya bukan kunci privat Ed25519 dalam bentuk PEM PKCS#8
key-secret-not-public = ini kunci rahasia; berikan kunci publiknya (file .pub di sebelahnya)
key-not-public = isinya bukan kunci publik Ed25519 dalam bentuk PEM
why-key-station = stasiun memeriksa kode dengan kunci kampanye
why-key-checkin = kode yang dipindai diperiksa dengan kunci kampanye
why-key-plan = id undangan dibuat dengan kunci kampanye
why-key-verify = token diperiksa dengan kunci kampanye
why-key-bench = token ditandatangani dengan kunci kampanye
why-key-letters = setiap surat memuat kode QR yang ditandatangani dengan kunci kampanye
why-email-send = `papila send email` memerlukan server SMTP untuk mengirim
why-contacts-offices = `papila send offices` memerlukan alamat kantor desa dan kantor perekaman
why-email-offices = `papila send offices` mengirim lewat server SMTP kampanye
why-issuer = surat ditandatangani oleh instansi penerbit
input-csv-unreadable = bukan file CSV yang bisa dibaca ({ $problem })
input-csv-unreadable-hint = buka di program spreadsheet lalu simpan lagi sebagai CSV
input-line-long = baris { $line } lebih panjang dari 16 MiB, jauh melebihi satu baris daftar penduduk: file ini bukan daftar, atau ada sel yang berisi hal lain
input-file-large = ukurannya lebih dari { $kib } KiB, jauh melebihi isi file semacam ini
input-not-list = { $file }: bukan file CSV atau spreadsheet
input-no-nik-sheet = tidak ada lembar yang punya kolom NIK di baris-baris awalnya
input-no-nik-sheet-hint = taruh baris judul berisi NIK, NAMA_LGKP, TGL_LHR … di atas data, atau petakan judul kolom Anda di papila.toml pada [input.columns], misalnya nik = "NOMOR INDUK"
input-no-headers = tanpa judul kolom
input-no-nik = tidak punya kolom NIK (judul kolomnya: { $headers })
input-no-nik-hint = baris pertama harus berisi nama kolom, misalnya NIK;NAMA_LGKP;TGL_LHR;…; bila hasil ekspor Anda menamainya lain, petakan di papila.toml pada [input.columns], misalnya nik = "NOMOR INDUK"
input-birth-date-mapped = ; papila.toml memetakan birth_date ke "{ $header }", yang tidak ada di antaranya
input-no-birth-date = tidak punya kolom tanggal lahir (judul kolomnya: { $headers }){ $mapped }
input-no-birth-date-hint = beri nama TGL_LHR atau TANGGAL_LAHIR, atau petakan judul kolom Anda di papila.toml pada [input.columns], misalnya birth_date = "TGL LAHIR (DD-MM-YYYY)"
input-no-village = tidak punya kolom desa (judul kolomnya: { $headers })
input-no-village-hint = tambahkan KODE_DESA (misalnya 33.01.02.2001), atau NAMA_KEL bersama NAMA_KEC; atau, bila seluruh file berisi satu desa, tulis di papila.toml: files = [{"{"} path = "{ $source }", village = "33.01.02.2001" {"}"}]
input-sheet-large-hint = pecah daftar menjadi file-file yang lebih kecil (satu per kecamatan), atau simpan sebagai CSV
input-sheet-large = berukuran { $mib } MiB; papila membaca spreadsheet paling besar { $max } MiB
input-sheet-inflated = akan menjadi { $mib } MiB setelah dibuka (dari file { $kib } KiB); papila menolak lebih dari { $max } MiB, karena tidak ada daftar penduduk yang sebesar itu
input-sheet-unreadable = tidak bisa dibaca sebagai spreadsheet ({ $problem })
input-sheet-unreadable-hint = pastikan file bisa dibuka di Excel atau LibreOffice; bila bisa, simpan lagi sebagai .xlsx
input-sheet-bad = lembar ini tidak bisa dibaca ({ $problem })
input-sheet-bad-hint = buka workbook-nya, periksa lembarnya, lalu simpan lagi sebagai .xlsx
ledger-disk-full = tidak bisa ditulis: disk penuh, atau file lebih besar dari yang diizinkan sistem ini
ledger-busy = sedang dipakai oleh papila lain yang berjalan
ledger-busy-hint = tunggu sampai yang lain selesai, lalu jalankan lagi perintah ini
ledger-unusable = tidak bisa dipakai: { $problem }
ledger-unusable-hint = pastikan file itu papila.db milik papila dan disk tidak penuh; salinan papila.db dari sebelum masalah terjadi aman untuk dikembalikan
ledger-not-written = papila.db berisi { $what } "{ $value }" yang tidak ditulis papila
ledger-not-written-hint = papila.db diubah oleh program lain; kembalikan dari cadangan
ledger-newer = ditulis oleh papila yang lebih baru (skema { $version }; papila ini mengenal sampai { $known })
ledger-newer-hint = pakai versi papila yang terakhir menulis papila.db ini, atau yang lebih baru
ledger-other-campaign = adalah papila.db kampanye "{ $theirs }", tetapi papila.toml menyebut "{ $ours }"
ledger-other-campaign-hint = id kampanye tidak pernah berubah setelah surat beredar; kembalikan [campaign] id, atau mulai kampanye baru di foldernya sendiri
outbox-unconfirmed = papila berhenti setelah menyerahkan pesan ini ke server dan sebelum server menjawab; pesan ini dihitung terkirim dan tidak dikirim lagi
io-start-the-rendering-threads-for = menjalankan utas penyusun untuk
io-render-into = menyusun ke
outbox-withdrawn = tidak dikirim: undangannya dibatalkan atau dipindah, atau alamatnya dihapus, sebelum pesan ini terkirim
example-signing-made-by = dibuat dengan `papila keygen keys/papila.key`
