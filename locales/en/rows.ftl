# What the manifest's reason and warnings columns say of a row (src/validate/), each after the
# column's name as the list writes it ("TGL_LHR: …"); and the row counts staff read.

row-too-long = is { $length } characters long; at most { $max } fit ("{ $value }")
row-invisible-removed = { $count ->
    [one] 1 control or invisible character removed (they come from copying text, not from the person's data)
   *[other] { $count } control or invisible characters removed (they come from copying text, not from the person's data)
}
row-breaks = { $count ->
    [one] 1 line break or tab made a space
   *[other] { $count } line breaks or tabs made spaces
}
row-too-wide = the row has { $values } values but the header has { $columns } columns (is there a delimiter inside a value that is not quoted?)
row-nik-number-whole = stored as a number ({ $nik }); all 16 digits are there this time, but format the column as Text before Excel saves the file, or it will lose the last one
row-nik-grouped = "{ $value }" is written in groups; read as { $nik }
row-date-number = is a number ({ $value }), not a date; format the column as a date, or write DD-MM-YYYY
row-born-after-election = { $date } is after election day
row-born-before-1900 = { $date } is before 1900
row-sex = "{ $value }" is not 1/2, L/P or LAKI-LAKI/PEREMPUAN; ignored
row-marital = "{ $value }" is not a marital status (1 BELUM KAWIN, 2 KAWIN, 3 CERAI HIDUP, 4 CERAI MATI)
row-recording-failed = { $status }: the recording did not arrive whole; Disdukcapil must delete it before this person records again (perekaman ulang)
row-recording-unknown = "{ $value }" is not a known recording status ({ $known }); treated as not recorded
row-no-sms = { $problem }; no SMS will be sent
row-email = "{ $value }" is not an email address; no email will be sent
row-kk-number = stored as a number, so the spreadsheet destroyed it; siblings will not be grouped
row-kk = "{ $value }" is not a 16-digit KK number; siblings will not be grouped
row-nik-birth-date = NIK encodes birth date { $nik_date } but { $column } says { $date }; age is taken from { $column }
row-nik-sex = NIK encodes sex { $nik_sex } but { $column } says { $sex }
row-empty = is empty
row-date-impossible = "{ $value }" is not a real date
row-date-month-first = "{ $value }" is not a real date read day first, as papila reads it; if the month was written first, write it { $day_first }
row-date-short-year = "{ $value }" has a two-digit year; write the year in full, e.g. 17-08-2007
row-date-unreadable = "{ $value }" is not a date papila reads; use DD-MM-YYYY, YYYY-MM-DD or 17 Agustus 2007
row-nik-as-text = format the NIK column as Text in the spreadsheet (or export it from SIAK again) so all 16 digits are kept
row-nik-scientific = "{ $value }" was destroyed by a spreadsheet, which turned the NIK into a rounded number; { row-nik-as-text }
row-nik-number = is stored as a number ({ $value }); a spreadsheet keeps only 15 digits of a number, so its last digit may be lost; { row-nik-as-text }
row-nik-not-digits = "{ $value }" must be 16 digits and nothing else
row-nik-length = "{ $value }" has { $digits } digits; a NIK has 16
row-nik-province = "{ $value }" starts with { $province }, which is not a province code
row-nik-birth = "{ $value }" has { $digits } where its birth date (DDMMYY) goes, which is not a real date
row-nik-serial-zero = "{ $value }" ends in 0000, which no NIK has: a spreadsheet probably rounded it (Excel keeps only 15 digits); { row-nik-as-text }
row-phone = "{ $value }" is not a phone number
row-phone-country = "{ $value }" is not an Indonesian number (+62)
row-phone-mobile = "{ $value }" is not an Indonesian mobile number (expected e.g. 0812-3456-7890)
recording-none-given = (none given)
recording-not-recognised = (not recognised)
row-village-empty = is empty: the row says nothing of the village
row-village-numbers-unknown = NO_KEC { $kec } with NO_KEL { $kel } is not a village of the Kemendagri list ({ $code })
row-village-numbers-region = add NO_PROP and NO_KAB columns, or set [campaign] region, to read NO_KEC and NO_KEL
row-village-numbers = NO_KEC "{ $kec }" with NO_KEL "{ $kel }" are not kecamatan (2 digits) and village (4 digits) numbers
row-village-name-unknown = "{ $name }" is not a village of the campaign's region, and there is no kecamatan column to tell which is meant
row-village-name-repeats = "{ $name }" needs a kecamatan (village names repeat; "{ $name }" is in { $places }): add a NAMA_KEC column or a KODE_DESA column
row-kecamatan-unknown = "{ $name }" is not a kecamatan of the campaign's region ({ $region }, [campaign] region in papila.toml)
row-kecamatan-ambiguous = "{ $name }" names more than one kecamatan; use KODE_DESA
row-village-is-in = {" "}(it is in { $places })
row-village-not-in = there is no village "{ $name }" in kecamatan { $kecamatan }{ $hint }
row-kecamatan-one = kecamatan { $name }
row-kecamatan-many = kecamatan { $names } and { $last }
row-village-code = "{ $code }" is not a 10-digit village code like 33.01.02.2001
reason-duplicate-record = the list's recording status is DUPLICATE_RECORD: this person was recorded more than once, and recording again makes it worse; not invited — resolve the duplicate at Disdukcapil
reason-recorded-status = the list's recording status is { $status }: the e-KTP is already recorded
reason-recorded-list = the NIK is in the list of people already recorded
reason-out-of-area = no office in papila.toml serves village { $village }; add it to an office's villages
reason-too-young = turns 17 on { $date }, after election day ({ $election }), and is not married
reason-age-after-last-day = reaches { $age } on { $date }, after the last appointment day ({ $last })
reason-no-place = no free place at office { $office } from { $from } to { $to }; add sessions or capacity (see capacity.csv)
reason-invitation-count = invitation { $count } of this person
reason-missed-invitation-count = did not come on { $missed }; invitation { $count } of this person
reason-missed = did not come on { $missed }; { $reason }
reason-replan-no-place = no place left on --replan: { $reason }
reason-replan-no-place-short = no place left on --replan
reason-left-lists = no longer in the lists
reason-recorded-since = has recorded their e-KTP since
reason-now = is now { $status }
reason-duplicate = same NIK as { $source } line { $line }, which is used instead
reason-moved-office = their village is now served by office { $office }: moved there from { $before } (a replacement letter is printed in the next round)
reason-max-invitations = did not come on { $missed }; already invited { $count ->
    [one] once
   *[other] { $count } times
}, the most [campaign] max_invitations allows
reason-kept-elsewhere = their village is now served by office { $office }, which has no place left ({ $reason }); keeps the appointment at { $before } on { $date }
differs-name = name "{ $theirs }" (the row used: "{ $ours }")
differs-birth = birth date { $theirs } (the row used: { $ours })
differs-village = village { $theirs } (the row used: { $ours })
differs-recording = recording status { $theirs } (the row used: { $ours })
differs-address = address
differs-phone = phone number
differs-other = other columns
reason-duplicate-differs = { $used }; this row says otherwise: { $differs }
wins-news = its content is new (never read by papila before)
wins-used-before = it is the row used before
wins-newer = its export is newer (a date in the file name, or the time the file was last changed)
wins-recorded = it is as new, and says recorded
wins-last-in-order = nothing told them apart but the order of the file names; check which is right, then replace or remove the wrong export
wins-warning = this NIK is also in { $source } line { $line } with other content ({ $count } other { $count ->
    [one] row
   *[other] rows
}); this row is used because { $why }
reason-duplicate-student = a student: their school's row, { $source } line { $line }, is used instead (the school visit invites them)
reason-student-no-village = not in the SIAK lists, and the school's list does not tell the village: { $problems }; add the student to SIAK, or give the school's village (`village` in its [[school]])
warn-student-birth = the school ({ $school }) gives birth date { $dapodik }, SIAK { $siak }: SIAK's is used
warn-student-name = the school spells the name "{ $dapodik }", SIAK "{ $siak }": SIAK's is printed
warn-student-not-in-siak = not in the SIAK lists: invited to the visit of { $school } on the school's word; check the NIK with the school
reason-student-no-visit = { $school } has no [[visit]], and no office serves the student's village: add a visit to the school
reason-no-later-visit = no place left at the visits of { $school }, and no office serves their village: add a visit to the school, or give the village an office
