# send email dan send offices (src/cmd/send.rs, src/dispatch/): ringkasan, galat, dan penjelasan
# penolakan server.

send-no-rounds = Belum ada gelombang cetak: jalankan dulu `papila render` (atau `papila run`); setiap render yang menemukan surat baru membuat gelombang untuk kantor desa.
send-queued-offices = { $count } email diantrekan untuk kantor-kantor.
send-no-contact = peringatan: { $count } desa atau kantor punya file dalam gelombang tetapi tidak punya alamat email di file kontak, sehingga tidak ada yang dikirim (tambahkan alamat di [email] contacts, atau antar sendiri):
send-nothing-people = setiap orang diundang yang punya alamat email sudah menerima emailnya
send-fix-people = betulkan alamatnya di daftar penduduk, atau hubungi orang-orang ini lewat surat atau SMS
send-nothing-offices = setiap gelombang sudah terkirim ke setiap kantor yang punya alamat
send-fix-offices = betulkan alamatnya di file kontak, atau antar sendiri file-file ini
send-dry-run = Uji coba: { $count } email ditulis ke { $dir }/ persis seperti yang akan dikirim. Tidak ada yang dikirim dan papila.db tidak berubah.
send-dry-run-failed = { $count } email tidak bisa ditulis: alamatnya bukan alamat yang bisa dikirimi papila.
send-settled = { $count } email dari kiriman sebelumnya yang terhenti sudah diserahkan ke server sebelum berhenti; email itu dihitung terkirim (status "unconfirmed") dan tidak dikirim lagi.
send-withdrawn = { $count } email tidak dikirim: sejak diantrekan, jadwalnya dipindah atau dibatalkan, atau alamatnya dihapus.
send-nothing = Tidak ada yang perlu dikirim: { $why }.
send-sent = { $count } email dikirim lewat { $relay } dalam { $seconds } detik.
send-deferred = { $count } percobaan ditunda (jawaban 4xx, waktu habis, atau sambungan terputus) dan dicoba lagi kemudian.
send-failed-heading = Gagal permanen pada kiriman ini, dengan kata-kata server:
send-more = … dan { $count } lagi
send-failed-all = { $count } email gagal permanen seluruhnya ({ $run } pada kiriman ini), masing-masing dengan alasan dari server di { $csv }: { $fix }.
send-waiting = { $count } email menunggu dicoba lagi (tercantum di { $csv }): jalankan lagi `papila { $command }` nanti.
send-limit = { $count } email belum dikirim karena --limit: jalankan lagi `papila { $command }` untuk mengirimnya.
send-outbox = Kotak keluar: { $sent } terkirim{ $unconfirmed ->
    [0] {""}
   *[other] {" "}({ $unconfirmed } belum terkonfirmasi)
}, { $failed } gagal, { $waiting } menunggu, { $queued } antre.
contacts-header-unreadable = baris judulnya tidak bisa dibaca: { $problem }
contacts-header = baris judulnya "{ $header }"; harus ada kolom code dan email (dan whatsapp)
contacts-line = baris { $line }: { $problem }
contacts-code = baris { $line }, code: "{ $code }" bukan kode desa kampanye ini (33.01.09.2001) dan bukan id [[office]]
contacts-email = baris { $line }, email: "{ $email }" bukan alamat email
contacts-twice = baris { $line }, code: "{ $code }" tercantum dua kali
contacts-hint = perbaiki file kontak ([email] contacts di papila.toml): satu baris per desa atau kantor, code,email,whatsapp — misalnya 33.01.09.2001,desa.bulupayung@example.go.id,0812…
send-bad-address = "{ $address }" bukan alamat email yang bisa dikirimi papila ({ $problem })
send-unwritable = pesannya tidak bisa ditulis: { $problem }
send-nothing-to-attach = tidak ada yang bisa dilampirkan: file bagian ini sudah tidak ada (jalankan `papila render`)
send-who-village = desa { $code }, gelombang { $round }
send-who-office = kantor { $id }, gelombang { $round }
send-who-school = sekolah NPSN { $npsn }, gelombang { $round }
send-whatsapp-only = : tanpa email, WhatsApp { $whatsapp }
send-round-files-missing = { $count } file gelombang cetak tidak ada di folder hasil, misalnya { $first }
send-round-files-missing-hint = jalankan dulu `papila render`: render membuat lagi file gelombang yang hilang, persis seperti cetakan pertama
send-deferred-wait = { $count } pesan ditunda server; dicoba lagi dalam { $seconds } detik
send-stopped-queued = papila berhenti sebelum server menerima pesan untuk { $to }; pesan itu tetap dalam antrean
send-gave-up = menyerah setelah { $tries } kali mencoba; jawaban terakhir: { $reply }
send-sender-refused = { $relay } menolak mengirim atas nama { $from }: { $reply }
send-sender-refused-hint = periksa [email] from bersama pengelola server email; tidak ada pesan yang hilang, jalankan lagi `papila { $command }` setelah diperbaiki
send-busy = `papila { $command }` lain sedang mengirim dari papila.db ini
send-busy-hint = tunggu sampai selesai (atau hentikan); dua kiriman sekaligus tidak bisa berbagi kotak keluar dengan aman, jadi kiriman ini tidak mengirim apa pun
send-unreachable = server SMTP { $relay } tidak bisa dihubungi setelah { $tries } kali mencoba: { $words }
send-unreachable-hint = periksa [email] smtp_host dan smtp_port serta jaringannya; tidak ada yang hilang: jalankan lagi `papila { $command }` setelah server kembali
send-unreachable-wait = { $relay } tidak bisa dihubungi ({ $words }); dicoba lagi dalam { $seconds } detik
smtp-password-missing = { $config } mengisi [email] username = "{ $user }", tetapi variabel lingkungan { $variable } yang menyimpan kata sandinya belum diisi
smtp-password-missing-hint = isi variabel itu di jendela yang sama sebelum mengirim: `export { $variable }=…` (Windows: `set { $variable }=…`); papila tidak pernah membaca kata sandi dari file
smtp-ca-not-pem = { $path } bukan sertifikat PEM: { $problem }
smtp-ca-not-pem-hint = [email] ca_file menyebut otoritas sertifikat (CA) server email, yaitu file yang diawali -----BEGIN CERTIFICATE-----
smtp-tls-setup = TLS untuk { $host } tidak bisa disiapkan: { $problem }
smtp-tls-setup-hint = periksa [email] smtp_host dan ca_file
smtp-no-starttls = { $relay } tidak menyediakan STARTTLS
smtp-no-starttls-hint = isi [email] security = "tls" bila server mengenkripsi sejak awal (biasanya port 465), atau "none" hanya untuk server di jaringan kantor
smtp-login-refused = { $relay } menolak login: { $words }
smtp-login-refused-hint = periksa [email] username dan kata sandi di variabel lingkungan yang disebut password_env; tidak ada yang terkirim
smtp-tls-failed = sambungan aman ke { $relay } tidak bisa dibuat: { $words }
smtp-tls-failed-hint = periksa [email] security ("starttls" untuk port 587, "tls" untuk port 465); server dengan otoritas sertifikat sendiri memerlukan [email] ca_file
smtp-refuses = { $relay } menolak papila: { $words }
smtp-refuses-hint = minta pengelola server email mengizinkan komputer ini mengirim
smtp-timeout = server tidak menjawab dalam { $seconds } detik
smtp-connection-failed = sambungan gagal: { $problem }
smtp-unencrypted = tanpa enkripsi
template-built-in = templat bawaan papila templates/{ $name }
template-no-field = tidak ada kolom "{ $field }"
template-fields = kolom yang bisa dipakai pesan: { $fields }
template-helpers = dan fungsi bantu: { $helpers }
template-subject-hint = baris pertama adalah subjek, misalnya `Subject: Undangan perekaman KTP-el untuk {"{{"}name{"}}"}`, lalu satu baris kosong, lalu isi email
template-subject-first = baris pertama harus berisi subjek, diawali `Subject:`
template-subject-empty = subjeknya kosong
template-subject-blank = baris subjek harus diikuti satu baris kosong
template-helper-param = `{ $helper }` memerlukan satu kolom untuk diformat, misalnya {"{{"}{ $helper } date_iso{"}}"}
template-helper-date = `{ $helper }` memformat tanggal yang ditulis 2024-08-19, bukan "{ $value }" (pakai date_iso atau election_date_iso)
template-helper-time = `jam` memformat jam yang ditulis 08:00, bukan "{ $value }"
send-by-hand = : tanpa email dan tanpa WhatsApp — antar langsung
send-whatsapp-file = { $count } berkas untuk kantor yang hanya punya WhatsApp: { $file } berisi pesan yang sudah disiapkan, tautan wa.me yang membukanya, dan file yang harus dilampirkan
