# Apa yang dikatakan render setelah selesai (src/cmd/render.rs), dan kata-kata galat render sendiri.

warning-prefix = peringatan
render-new-letters = { $count } surat baru
render-replacement-letters = { $count } surat pengganti
render-second-invitations = { $count } undangan kedua
render-void-letters = { $count } surat yang kini batal
render-round = Gelombang { $round }: { $held } untuk { $villages } desa{ $schools ->
    [0] {""}
   *[other] {" "}dan { $schools } sekolah
}.
render-round-files = satu PDF per desa (dan per sekolah yang dikunjungi, di sekolah/) yang hanya berisi surat-surat ini dan daftar surat batal: berikan file masing-masing kepada kantor desa dan sekolahnya (atau `papila send offices`).
render-no-round = Tidak ada gelombang baru: setiap surat yang harus diantar sudah pernah dicetak (`papila rounds` menampilkan daftar gelombang).
render-rounds-again = Dibuat lagi, persis seperti cetakan pertama, file yang hilang dari gelombang { $rounds }.
render-nothing = Tidak ada undangan untuk dicetak: belum ada jadwal di papila.db. Jalankan papila plan setelah menambahkan daftar penduduk.
render-done = { $letters } surat untuk { $villages } desa dicetak dalam { $seconds } detik: { $typeset } desa disusun, { $kept } tetap sama seperti cetakan sebelumnya; { $sheets_kept } dari { $sheets } daftar hadir tetap.
render-joined = Dari desa yang disusun, { $count } surat yang tidak berubah digabungkan dari susunan sebelumnya.
render-print = satu berkas cetak per desa, semua surat yang berlaku: sampul, surat, daftar tanda terima
render-pages-now = {" "}({ $pages } halaman disusun sekarang)
render-attendance = { $count } daftar hadir, satu per kantor dan hari
render-sms = { $count } teks SMS/WhatsApp ({ $parts } bagian SMS) untuk orang yang punya nomor telepon
render-letters = { $count } surat tunggal, satu PDF per orang
render-personal-data = File-file ini berisi data pribadi: berikan berkas setiap desa hanya kepada kantor desa itu.
render-warnings = Templat memberi { $count } peringatan:
render-office-gone = ada jadwal di kantor yang tidak ada lagi di papila.toml ({ $offices }); suratnya tidak akan menyebut tempat
render-office-gone-hint = jalankan `papila plan --replan` untuk memindahkannya ke kantor yang ada di papila.toml sekarang, atau kembalikan id [[office]] yang lama
render-at-office = { $count } di kantor "{ $office }"
render-busy = `papila render` (atau `run`) lain sedang menulis ke folder ini
render-busy-hint = tunggu sampai selesai (atau hentikan), lalu jalankan lagi perintah ini: dua render ke satu folder akan mencampur suratnya
render-driver = penyusun berkas cetak papila
render-marks = { $letters } surat disusun tetapi { $found } yang ditemukan di berkas, sehingga surat-surat itu tidak bisa disimpan satu per satu
render-fault-hint = ini kesalahan di papila; laporkan bersama templat kampanye ini
render-threads-stopped = utas penyusun berhenti
template-not-utf8 = file ini bukan teks UTF-8
template-not-utf8-hint = simpan templat sebagai UTF-8 (kebanyakan penyunting menyediakannya di "Simpan sebagai")
template-typst-silent = Typst berhenti tanpa menyebut sebabnya
template-contract = tidak mendefinisikan { $function } seperti yang dipanggil papila ({ $problem })
template-contract-hint = templat harus tetap memuat fungsi yang dipanggil papila: { $functions }
template-driver = { $name } papila
timings-unwritable = waktu tahapan tidak bisa ditulis ke { $path } ({ $problem })
template-function-in = { $function } di templates/{ $file }
template-typst-says = Typst tidak bisa memakai templat di sini (kata Typst: { $said })
template-shared-hint = bagian yang tercantum di `shared` pada invitation.typ disusun sekali untuk semua surat satu kantor dan satu tanggal surat, dan hanya melihat `s`: office, letter_date, later, later_days; nama, nomor, atau hari seseorang ditaruh di `letter`
template-typst-said = kata Typst: { $said }
