# Errors and hints of papila's one Error type (src/error.rs), and what surrounds them.

error-prefix = error
hint-prefix = hint
lang-env-unknown = PAPILA_LANG is "{ $value }", which is no language papila speaks (id or en); the campaign's lang is used, else Indonesian

bug = papila stopped because of a bug in papila itself ({ $what }{ $at })
bug-hint = nothing you did caused this; please send this message and the command you ran to the papila maintainers

config-missing = cannot find the campaign config { $path }
config-missing-hint = pass the campaign file with -c path/to/papila.toml, or create a campaign with `papila init DIR`
config-mistakes = { $count ->
    [one] { $file } has a mistake
   *[other] { $file } has { $count } mistakes
}
config-hint = fix the lines above in the config and run the command again

io = cannot { $action } { $path }: { $reason }
io-not-found = it does not exist
io-permission = permission denied
io-exists = it already exists
io-disk-full-hint = the disk is full (or the file is bigger than this system allows): free some space, then run the same command again; nothing half-written was kept
io-not-found-hint = check the path: relative paths inside papila.toml start from the folder that holds it
io-permission-hint = check that you may read (or write) this file, and that no other program such as Excel holds it open
io-clear = clear
io-copy = copy
io-create = create
io-create-the-folder = create the folder
io-cut-into-parts = cut into parts
io-encode = encode
io-join-the-parts-of = join the parts of
io-list = list
io-lock = lock
io-move-into-place = move into place
io-open = open
io-read = read
io-read-the-folder = read the folder
io-remove = remove
io-move = move
io-protect = make owner-only
io-replace = replace
io-use-the-certificate-in = use the certificate in
io-write = write

input-none = no people lists found in { $searched }
input-none-hint = put the CSV or Excel exports of the people lists in the folder named by [input] files in papila.toml, or name them on the command line
would-overwrite = { $path } already exists; papila never overwrites it
needs-setting = { $file } has no [{ $section }] section, and { $why }
needs-setting-hint = add a [{ $section }] section to the config, for example:
plan-none = there is nothing to render yet: { $ledger } does not exist
plan-none-hint = run `papila plan -c papila.toml` first (or `papila run`, which plans and renders)
template-hint = fix the template and run the command again; `papila init DIR` writes the default templates to compare with
bad-key = { $path } is not a usable papila key: { $reason }
bad-key-hint = make a new key with `papila keygen keys/papila.key` and point [signing] key at it (letters already printed with the old key will no longer verify)
io-generate-a-key-for = generate a key for

key-would-overwrite-hint = letters already signed with this key would stop verifying if it were replaced; choose another file name, or delete the old key yourself if it was never used
key-not-private = it is not an Ed25519 private key in PKCS#8 PEM form
key-secret-not-public = it is the secret key; give the public half (the .pub file beside it)
key-not-public = it is not an Ed25519 public key in PEM form
why-key-station = the station checks codes with the campaign's key
why-key-checkin = scanned codes are checked with the campaign's key
why-key-plan = invitation ids are keyed with the campaign's key
why-key-verify = tokens are checked with the campaign's key
why-key-bench = tokens are signed with the campaign's key
why-key-letters = every letter carries a QR code signed with the campaign's key
why-email-send = `papila send email` needs the SMTP server to send through
why-contacts-offices = `papila send offices` needs the addresses of the village and recording offices
why-email-offices = `papila send offices` sends through the campaign's SMTP server
why-issuer = letters are signed by the issuing office
input-csv-unreadable = is not a readable CSV file ({ $problem })
input-csv-unreadable-hint = open it in a spreadsheet program and save it again as CSV
input-line-long = line { $line } is longer than 16 MiB, far more than a row of a people list: the file is not a list, or a cell holds something else
input-file-large = it is larger than { $kib } KiB, far more than such a file holds
input-not-list = { $file }: not a CSV or spreadsheet file
input-no-nik-sheet = no sheet has a NIK column in its first rows
input-no-nik-sheet-hint = put a header row with NIK, NAMA_LGKP, TGL_LHR … above the data, or map your header in papila.toml under [input.columns], e.g. nik = "NOMOR INDUK"
input-no-headers = no headers
input-no-nik = has no NIK column (its headers are: { $headers })
input-no-nik-hint = the first line must name the columns, e.g. NIK;NAMA_LGKP;TGL_LHR;…; if your export calls it something else, map it in papila.toml under [input.columns], e.g. nik = "NOMOR INDUK"
input-birth-date-mapped = ; papila.toml maps birth_date to "{ $header }", which is not one of them
input-no-birth-date = has no birth-date column (its headers are: { $headers }){ $mapped }
input-no-birth-date-hint = name it TGL_LHR or TANGGAL_LAHIR, or map your header in papila.toml under [input.columns], e.g. birth_date = "TGL LAHIR (DD-MM-YYYY)"
input-no-village = has no village column (its headers are: { $headers })
input-no-village-hint = add KODE_DESA (e.g. 33.01.02.2001), or NAMA_KEL with NAMA_KEC; or, if the whole file is one village, say so in papila.toml: files = [{"{"} path = "{ $source }", village = "33.01.02.2001" {"}"}]
input-sheet-large-hint = split the list into smaller files (one per kecamatan), or save it as CSV
input-sheet-large = is { $mib } MiB; papila reads spreadsheets of at most { $max } MiB
input-sheet-inflated = would take { $mib } MiB once unpacked (a { $kib } KiB file); papila refuses more than { $max } MiB, as no people list needs it
input-sheet-unreadable = cannot be read as a spreadsheet ({ $problem })
input-sheet-unreadable-hint = check that the file opens in Excel or LibreOffice; if it does, save it again as .xlsx
input-sheet-bad = the sheet cannot be read ({ $problem })
input-sheet-bad-hint = open the workbook, check the sheet, and save it again as .xlsx
ledger-disk-full = cannot be written: the disk is full, or the file is bigger than this system allows
ledger-busy = is in use by another papila run
ledger-busy-hint = wait for the other run to finish, then run this command again
ledger-unusable = cannot be used: { $problem }
ledger-unusable-hint = check that the file is a papila ledger and that the disk is not full; a copy of the ledger from before the problem can be put back safely
ledger-not-written = the ledger holds { $what } "{ $value }" that papila did not write
ledger-not-written-hint = the ledger was changed by another program; restore it from a backup
ledger-newer = was written by a newer papila (schema { $version }; this papila knows up to { $known })
ledger-newer-hint = use the papila version that last wrote this ledger, or a newer one
ledger-other-campaign = is the ledger of campaign "{ $theirs }", but papila.toml says "{ $ours }"
ledger-other-campaign-hint = a campaign id never changes once letters are out; put [campaign] id back, or start the new campaign in its own folder
outbox-unconfirmed = papila stopped after handing this message to the server and before the server's reply; it counts as sent and is not sent again
io-start-the-rendering-threads-for = start the rendering threads for
io-render-into = render into
outbox-withdrawn = not sent: the invitation was cancelled or moved, or the address removed, before this message went out
example-signing-made-by = made by `papila keygen keys/papila.key`
