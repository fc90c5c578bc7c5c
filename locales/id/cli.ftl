# Baris perintah: teks `--help` menurut jalur perintah dan id argumen (src/cli.rs), judul bagian
# bantuan, dan apa yang dikatakan papila bila baris perintah salah ketik.

help-usage = Pemakaian:
help-commands = Perintah
help-command-value = PERINTAH
help-arguments = Argumen
help-options = Pilihan
help-flag = Tampilkan bantuan (lebih lengkap dengan --help)
help-version = Tampilkan versi
help-value-FILE = FILE
help-value-DIR = FOLDER
help-value-DATE = TANGGAL
help-value-INPUT = DAFTAR
help-value-N = N
help-value-ID = ID
help-value-NAME = NAMA
help-value-TEXT = TEKS
help-value-TOKEN = TOKEN
help-value-PATH = LOKASI
help-value-ADDR = ALAMAT
help-value-LANG = BAHASA
cli-bad-day = "{ $text }" bukan tanggal dengan format TTTT-BB-HH (tahun dulu, misalnya 2024-08-19)
cli-bad-lang = "{ $text }" bukan bahasa yang dikenal papila: pakai id (Bahasa Indonesia) atau en (Inggris)
cli-error-unknown-argument = papila tidak mengenal pilihan { $arg }
cli-error-unknown-command = papila tidak punya perintah "{ $arg }"
cli-error-invalid-value = { $arg } tidak boleh berisi "{ $value }"
cli-error-missing = { $arg } wajib diisi
cli-error-conflict = { $arg } tidak bisa dipakai bersama { $other }
cli-error-missing-command = sebutkan perintah yang mau dijalankan
cli-error-too-many = "{ $value }" kelebihan di sini
cli-error-hint = lihat bantuan perintahnya: { $usage } --help

help = Mengundang setiap pemilih pemula di satu kabupaten/kota untuk merekam e-KTP
help-long =
    Mengundang setiap pemilih pemula di satu kabupaten/kota untuk merekam e-KTP.

    papila membaca daftar penduduk sebuah kampanye (ekspor CSV atau Excel dari SIAK), menentukan siapa yang harus diundang dan mengapa yang lain tidak, mencatat setiap baris di manifest.csv, memberi setiap orang yang diundang jadwal rekam sesuai kuota tiap kantor, lalu mencetak surat undangan dengan kode QR bertanda tangan: satu PDF per desa, daftar hadir per sesi, dan teks SMS/WhatsApp. papila juga mengirim surat lewat email (bisa dilanjutkan, tidak pernah dua kali), mencatat kehadiran dari kode QR, melaporkan capaian, dan mengundang lagi yang tidak datang.
help-after = Mulai dengan `papila init kampanye-saya`, lalu `papila check -c kampanye-saya/papila.toml`, lalu `papila run -c kampanye-saya/papila.toml`.
help-arg-lang = Bahasa yang dipakai papila: id (Bahasa Indonesia, bawaan) atau en (Inggris); bisa juga lewat PAPILA_LANG, atau lang di [campaign]
help-arg-config = File kampanye
help-arg-out = Folder hasil (bawaan: [output] dir di file kampanye, atau out/ di sebelahnya)
help-arg-inputs = Daftar penduduk yang dibaca sebagai ganti [input] files
help-arg-replan = Pindahkan juga jadwal yang sudah diberikan (tanpa ini jadwal lama tidak pernah berpindah)
help-arg-today = Jadwalkan per tanggal ini, ditulis 2024-08-19 (bawaan: hari ini menurut zona waktu kampanye, atau PAPILA_TODAY). Selama kampanye berjalan, jadwal sebelum tanggal itu yang tidak didatangi diberikan lagi, dan tidak ada yang dijadwalkan sebelum hari berikutnya
help-arg-dry_run = Tulis setiap email ke file .eml di messages/, tanpa mengirimnya
help-arg-limit = Kirim paling banyak N email kali ini (sisanya menunggu giliran berikutnya)

help-init = Buat folder kampanye yang siap diubah: papila.toml, kunci tanda tangan, dan contoh daftar penduduk
help-init-after =
    Contoh:
      papila init pilkada-2024
      papila check -c pilkada-2024/papila.toml
help-init-dir = Folder tempat kampanye dibuat (dibuat bila belum ada)

help-check = Baca, periksa, dan nilai daftar penduduk; tulis manifest.csv tanpa mengubah apa pun yang lain
help-check-after =
    Contoh:
      papila check -c papila.toml
      papila check -c papila.toml ekspor/kesugihan.xlsx --out hasil/
help-check-inputs = Daftar penduduk yang dibaca sebagai ganti [input] files: file CSV, XLSX, XLS atau ODS, atau folder berisi file itu

help-plan = Periksa, lalu beri setiap orang yang diundang jadwal rekam; dicatat di papila.db
help-plan-after =
    Contoh:
      papila plan -c papila.toml
      papila plan -c papila.toml --replan   # pindahkan juga jadwal yang sudah ada

help-render = Buat PDF dan teks dari isi papila.db: berkas cetak, daftar hadir, SMS
help-render-today = Buat gelombang cetak per tanggal ini, ditulis 2024-08-19: surat barunya memuat tanggal itu kecuali [issuer] letter_date diisi (bawaan: hari ini menurut zona waktu kampanye, atau PAPILA_TODAY)
help-render-after =
    Contoh:
      papila render -c papila.toml
      papila render -c papila.toml --out hasil/

help-run = Jadwalkan, lalu cetak: pekerjaan utama dalam satu perintah
help-run-after =
    Contoh:
      papila run -c papila.toml
      papila run -c papila.toml ekspor/*.xlsx

help-send = Kirim isi papila.db: `papila send email` ke orang yang diundang, `papila send offices` ke kantor desa dan kantor perekaman
help-send-email = Kirim email berisi surat undangan ke setiap orang yang diundang dan punya alamat email, lewat server SMTP di [email]; bisa dilanjutkan: kiriman kedua hanya mengirim yang belum terkirim
help-send-email-after =
    Contoh:
      papila send email -c papila.toml --dry-run    # tulis out/messages/email/*.eml, tanpa mengirim
      papila send email -c papila.toml --limit 20   # kiriman pertama
      papila send email -c papila.toml

    Kata sandi SMTP dibaca dari variabel lingkungan yang disebut [email] password_env
    (PAPILA_SMTP_PASSWORD bila tidak diatur), tidak pernah dari file. Menghentikan kiriman (Ctrl-C) tidak menghilangkan apa pun.
help-send-offices = Kirim email ke setiap kantor desa berisi berkas gelombang cetaknya (surat dan daftar surat batal), dan ke setiap kantor perekaman berisi daftar hadirnya, ke alamat di [email] contacts; sekali per gelombang dan kantor, bisa dilanjutkan
help-send-offices-after =
    Contoh:
      papila send offices -c papila.toml --dry-run    # tulis out/messages/offices/*.eml, tanpa mengirim
      papila send offices -c papila.toml

    File kontak ([email] contacts) berisi satu baris per desa atau kantor: code,email,whatsapp
    (kode desa seperti 33.01.09.2001, atau id [[office]]). Berkas yang lebih besar dari
    attachment_limit_mb di [email] (bawaan 15) dikirim dalam beberapa bagian ("bagian 1 dari 3").

help-verify = Periksa apakah token QR yang dipindai asli dan undangan untuk apa (kode keluar 0 hanya bila asli)
help-verify-after =
    Contoh:
      papila verify -c papila.toml GEAXAZ3…
      papila verify --public-key papila.key.pub GEAXAZ3…
help-verify-config = File kampanye; kunci publik dari [signing] key memeriksa token, dan papila.db menunjukkan apakah undangan masih berlaku
help-verify-public_key = Periksa hanya dengan kunci publik ini (file .pub dari `papila keygen`), tanpa file kampanye
help-verify-token = Token seperti yang dibaca pemindai

help-checkin = Catat kehadiran: baca kode QR yang dipindai (atau id undangan yang diketik), satu per baris, dari pemindai dan jawab masing-masing saat itu juga
help-checkin-after =
    Contoh:
      papila checkin -c papila.toml                     # di kabupaten, dengan papila.db
      papila checkin --public-key papila.key.pub --log pindaian.csv --station balai-desa   # tanpa jaringan, di kantor desa
      papila checkin -c papila.toml --import pindaian.csv  # kabupaten menggabungkan catatan luring (dua kali pun aman)

    Setiap baris berisi token QR (seperti yang diketik pemindai USB) atau id undangan 8 karakter yang diketik tangan.
    Jawaban: valid, already_checked_in, not_today (diterima, dengan peringatan), cancelled, forged,
    wrong_campaign, malformed. Akhiri dengan Ctrl-D (Ctrl-Z lalu Enter di Windows).
help-checkin-config = File kampanye: kuncinya memeriksa kode, papila.db mencatat kehadiran
help-checkin-public_key = Periksa tanpa jaringan hanya dengan kunci publik ini (file .pub dari `papila keygen`); perlu --log
help-checkin-log = Tanpa jaringan: tambahkan setiap pindaian ke file CSV ini, agar kabupaten bisa menggabungkannya dengan --import
help-checkin-campaign = Tanpa jaringan: id kampanye, agar surat kampanye lain yang ditandatangani dengan kunci yang sama bisa dibedakan
help-checkin-import = Gabungkan catatan pindaian luring ke papila.db, bukan membaca pindaian (perlu -c)
help-checkin-station = Tempat pemindaian, dicatat bersama setiap kehadiran (misalnya kantor atau desa)
help-checkin-force = Catat juga pada hari di luar tanggal kampanye (bila memang disengaja)
help-checkin-today = Hari pencatatan kehadiran, ditulis 2024-08-19 (bawaan: hari ini menurut zona waktu kampanye, atau variabel lingkungan PAPILA_TODAY). Di luar tanggal kampanye hari itu wajib disebut: pindaian pada hari latihan tidak boleh terhitung
help-checkin-undo = Batalkan kehadiran id undangan ini (orang yang keliru, pindaian uji coba); perlu --reason, yang disimpan di riwayat papila.db
help-checkin-reason = Alasan kehadiran dibatalkan

help-report = Capaian per kecamatan, desa dan kantor: diundang, hadir, tidak datang, menunggu, luapan; di layar, di report.csv dan di summary.pdf dengan grafik
help-report-after =
    Contoh:
      papila report -c papila.toml
      papila report -c papila.toml --today 2024-09-30   # per tanggal tertentu
help-report-today = Hitung per tanggal ini, ditulis 2024-09-30: jadwal sebelum tanggal itu dihitung tidak datang kecuali sudah hadir (bawaan: hari ini menurut zona waktu kampanye, atau PAPILA_TODAY)

help-rounds = Daftar gelombang cetak: surat baru, pengganti dan batal di setiap gelombang, dan apa yang dikirim lewat email ke kantor mana
help-rounds-after =
    Contoh:
      papila rounds -c papila.toml
      papila rounds -c papila.toml --round 2   # per desa
help-rounds-round = Tampilkan gelombang ini per desa

help-serve = Stasiun kehadiran berbasis web untuk setiap kantor dan pantauan langsung kabupaten, di jaringan lokal kantor
help-serve-after =
    Contoh:
      papila serve -c papila.toml                          # http://0.0.0.0:8080, untuk pemindai USB
      papila serve -c papila.toml --tls                    # HTTPS, agar ponsel boleh memakai kamera
      papila serve -c papila.toml --listen 127.0.0.1:8080  # hanya komputer ini

    papila mencetak kode (dan tautan) untuk stasiun setiap kantor dan satu untuk pantauan kabupaten. Hentikan dengan Ctrl-C.
help-serve-new_code = Buat kode baru untuk kantor ini (id dari [[office]], atau dinas) sebelum melayani: kode lamanya dan semua sesi yang dibukanya tidak berlaku lagi; kunci tanda tangan dan surat tidak berubah. Boleh disebut berkali-kali
help-serve-listen = Alamat dan port yang didengarkan; 0.0.0.0 berarti semua jaringan komputer ini
help-serve-tls = Layani HTTPS dengan sertifikat dari CA yang disimpan di sebelah file kampanye (serve/ca.pem), yang cukup sekali dipercaya ponsel: peramban hanya mengizinkan kamera lewat HTTPS
help-serve-force = Layani juga pada hari di luar tanggal kampanye (bila memang disengaja)
help-serve-today = Hari pencatatan kehadiran di stasiun, ditulis 2024-08-19 (bawaan: hari ini, atau PAPILA_TODAY); di luar tanggal kampanye wajib disebut

help-keygen = Tulis kunci tanda tangan Ed25519 baru ke LOKASI (hanya pemilik yang bisa membaca) dan kunci publiknya ke LOKASI.pub
help-keygen-after =
    Contoh:
      papila keygen keys/papila.key
help-keygen-path = Tempat kunci rahasia ditulis; kunci publiknya ke LOKASI.pub
help-default = bawaan: { $value }
help-options-value = PILIHAN
help-send-email-today = Kirim per tanggal ini, ditulis 2024-08-19: surat yang belum dicetak diberi tanggal ini (bawaan: hari ini, atau PAPILA_TODAY)
help-send-offices-today = Kirim per tanggal ini, ditulis 2024-08-19 (bawaan: hari ini, atau PAPILA_TODAY)
