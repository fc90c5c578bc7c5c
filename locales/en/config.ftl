# Mistakes in papila.toml (src/config/): each follows "papila.toml:LINE: KEY: ".

config-id-empty = must not be empty: invitation ids and QR tokens are derived from it
config-id-chars = "{ $id }" may hold only letters, digits, '-' and '_' (it goes into every QR code), e.g. "pilkada-2024-cilacap"
config-id-long = "{ $id }" is { $length } characters long; at most { $max } fit in a QR code that prints small
config-end-before-start = { $end } is before campaign.start ({ $start }); the last appointment day must come after the first
config-end-after-election = { $end } is not before the election ({ $election }); appointments must end before election day
config-min-age = { $age } is not an age from 0 to 17 (recording is allowed from 16; the default is 16)
config-timezone = "{ $value }" is not WIB, WITA or WIT
config-holidays-file = cannot find "{ $file }"{ $looked }
config-region-code = "{ $value }" is not a kabupaten/kota code from the Kemendagri list, e.g. "33.01" for Kabupaten Cilacap
config-kecamatan-of = "{ $name }" is a kecamatan of { $places }
config-and-of = {" "}and of{" "}
config-region-unknown = cannot tell which kabupaten the campaign covers{ $which }: add region = "PP.KK" (e.g. "33.01") under [campaign], or give office villages by code
config-notice-days = { $days } is not a number of days from 1 to 30: the days a letter needs to be printed and delivered before its appointment (default 3)
config-max-invitations = { $value } would invite nobody; use 1 (no re-invitation) or more (default 2)
config-letter-number = "{ $value }" has no {"{"}seq{"}"}: every letter needs its own number, e.g. "400.8/{"{"}seq{"}"}/Disdukcapil/2024" (or {"{"}seq:05{"}"} for five digits, zeros in front)
config-lang = "{ $value }" is no language papila speaks: use "id" (Bahasa Indonesia) or "en" (English)
config-paper = "{ $value }" is not a paper size papila prints on: use "a4", "f4", "us-letter" or "us-legal"
config-signing-key = the signing key "{ $key }" does not exist{ $looked }; make one with `papila keygen { $path }`
config-looked-for = {" "}(looked for { $path })
config-date = { $value } is not a date; write it as YYYY-MM-DD, e.g. 2024-07-01
toml-village = expected a village code like "33.01.02.2001" or {"{"} kecamatan = "…", desa = "…" {"}"}
toml-input-file = expected a path like "people/" or {"{"} path = "…", village = "…" {"}"}
toml-region = expected a kabupaten code like "33.01" or a list of them
toml-unknown-field = unknown field `{ $field }`, expected one of { $expected }
toml-unknown-field-none = unknown field `{ $field }`: this section has no settings
toml-missing-field = missing field `{ $field }`
toml-invalid-type = invalid type: { $found }, expected { $expected }
config-mailbox = "{ $value }" is not an email address; write it as "Disdukcapil Cilacap <noreply@example.go.id>" or "noreply@example.go.id"
config-security = "{ $value }" is not "starttls", "tls" or "none"
config-password = a password is never kept in papila.toml; remove this line and put the password in the environment variable named by password_env (PAPILA_SMTP_PASSWORD unless set)
config-smtp-host = the SMTP server's name is empty
config-per-minute = 0 would send nothing; use a number above 0
config-max-attempts = 0 would never try; use a number above 0 (default 5)
config-timeout = a timeout of 0 seconds gives the server no time to answer; use a number above 0 (default 60)
config-ca-file = the certificate file "{ $file }" does not exist{ $looked }
config-contacts = the contacts file "{ $file }" does not exist{ $looked }
config-attachment-limit = { $mb } MB is not a limit mail servers use; give 1 to 100 (default 15)
config-files-empty = is empty: name at least one file or folder of people lists, e.g. ["people/"]
config-not-kecamatan-of = "{ $name }" is not a kecamatan of { $region }
config-kecamatan-ambiguous = "{ $name }" names more than one kecamatan; set [campaign] region
config-recorded = cannot find "{ $file }"{ $looked }; it should list the NIKs already recorded, one per line
config-column-field = "{ $field }" is not a field papila knows; use one of: { $known }
config-no-office = no [[office]] is defined: every village to be served needs an office with sessions
config-office-no-days = office "{ $id }" has no days: add weekdays = ["mon", …] or dates = [2024-08-10, …]
config-office-no-sessions = office "{ $id }" has no sessions: add sessions = [{"{"} start = "08:00", end = "12:00", capacity = 60 {"}"}]
config-office-id-chars = "{ $id }" must be lowercase letters, digits, '-' or '_' (it names folders), e.g. "kesugihan"
config-office-id-long = "{ $id }" is { $length } characters long; at most { $max } (it goes into every QR code)
config-office-id-twice = "{ $id }" is already the id of office[{ $other }]; office ids must differ
config-villages-empty = is empty: list the village codes this office serves
config-village-outside = village { $code } ({ $village }, { $kabupaten }) is outside the campaign's region ([campaign] region is { $region }); set region = "{ $suggested }" if the campaign is there
config-village-twice = village { $code } ({ $village }) is already served by office "{ $office }"; a village belongs to one office
config-weekday = "{ $value }" is not a weekday: use mon, tue, wed, thu, fri, sat, sun
config-date-outside = { $date } is outside the campaign ({ $start } to { $end })
config-time = "{ $value }" is not a time like "{ $example }"
config-capacity = { $value } is not a number of people above 0
config-session-end = { $end } is not after start { $start }
config-session-overlap = { $start }–{ $end } overlaps the session { $other_start }–{ $other_end }
config-no-region = the campaign (no region known)
config-village-code-unknown = "{ $code }" is not a desa/kelurahan code in the Kemendagri list
config-village-code = "{ $code }" is not a village code like "33.01.02.2001"
config-kecamatan-outside = kecamatan "{ $kecamatan }" is not in the campaign's region
config-kecamatan-twice = kecamatan "{ $kecamatan }" exists in more than one kabupaten; set [campaign] region
config-no-desa = there is no desa/kelurahan "{ $desa }" in kecamatan { $kecamatan }
config-toml-says = this is not valid TOML (the TOML reader says: { $said })
config-kecamatan-code-unknown = there is no kecamatan with code { $code } in the Kemendagri region table
config-village-not-kecamatan = one village is needed here: write {"{"} kecamatan = "{ $kecamatan }", desa = "…" {"}"}
config-npsn = "{ $value }" is not an NPSN: a school's NPSN has 8 digits (Dapodik shows it), e.g. "20301234"
config-npsn-twice = NPSN { $npsn } is already school[{ $other }]'s; list each school once, with all its files
config-school-no-files = lists no files: give the Dapodik export(s) of { $name }, e.g. files = ["sekolah/sman1.xlsx"]
config-visit-id-office = "{ $id }" is already an office's id; a visit's id names its own folder and QR codes, so it must differ
config-visit-team = team "{ $team }" is not a [[team]] of this campaign (teams: { $teams })
config-visit-team-twice = team "{ $team }" is booked in two places on { $date }: visit "{ $visit }" and visit "{ $other }"; give one of them another team or day
config-visit-school = no [[school]] has NPSN { $npsn }; add the school (npsn, name, files) or correct the NPSN
config-visit-what = visit "{ $id }" must name either a school (school = "NPSN") or the villages it serves (villages = [...]), not both or neither
