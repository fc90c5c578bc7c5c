plan-busy = another `papila plan` (or `run`) is planning this campaign
plan-busy-hint = let it finish (or stop it), then run this command again: two plans at once would write one manifest over the other
plan-orphaned = { $id } at { $office } on { $date } { $time }: that session is no longer in papila.toml
plan-overbooked = { $office } on { $date } { $time }: { $booked } booked, capacity now { $capacity }
check-ignored-sheet = ignored sheet { $sheet }: no NIK column in its first rows ({ $rows } rows not read)
check-blank-rows = { $source }: { $count ->
    [one] 1 empty row without any value passed over
   *[other] { $count } empty rows without any value passed over
} (line { $lines })
check-recorded-not-niks = { $file }: { $count ->
    [one] 1 value is not a NIK and was not used
   *[other] { $count } values are not NIKs and were not used
} (first: { $first })
holiday-bad = the holiday { $problem }
holiday-bad-hint = write one holiday per line as YYYY-MM-DD, optionally followed by a comma and its name
holiday-list-ends = papila's list of national holidays ends in { $known_until }: no holiday is known for { $year }, so sessions may be booked on them. List that year's holidays under [campaign] holidays = [{ $year }-01-01, …] (or in a holidays_file) and plan again.
holiday-no-leave = No collective leave (cuti bersama) is known for { $year }: add its days under [campaign] holidays once the SKB 3 Menteri is published, then plan again.
holiday-estimates = These holidays are estimates until the SKB 3 Menteri is published: { $days }. When it is, correct a wrong date with [campaign] not_holidays (the estimated day) and holidays (the real one), and plan again.
check-checked = Checked { $rows ->
    [one] 1 row
   *[other] { $rows } rows
} in { $files ->
    [one] 1 file
   *[other] { $files } files
}.
status-invited = invited: gets an appointment
status-overflow = invited, but no place is left in the campaign
status-too-young = too young by election day
status-already-recorded = e-KTP already recorded
status-duplicate = the same NIK again
status-out-of-area = village not served by any office
status-rejected = the row cannot be read: fix it
check-recorded-list = { $count ->
    [one] 1 NIK in the list of people already recorded
   *[other] { $count } NIKs in the list of people already recorded
}
check-recording-heading = Recording status (list)
check-rows = rows
check-invited = invited
check-recording-recorded = recorded: not invited
check-recording-duplicate = recorded twice: not invited; resolve the duplicate at Disdukcapil
check-recording-failed = invited: Disdukcapil must delete the failed recording first
check-recording-unknown = treated as not recorded; see the warnings column
check-village-unknown = (village unknown)
check-first-rejected = First rejected rows ({ $total } in all):
check-notes = Notes:
check-wrote-manifest = Wrote { $manifest }: one line per row, with its status and the reason.
check-warnings = { $count ->
    [one] 1 warning (odd phone numbers, NIKs that disagree with the birth date, …) is in its warnings column; that person is still invited.
   *[other] { $count } warnings (odd phone numbers, NIKs that disagree with the birth date, …) are in its warnings column; those people are still invited.
}
check-fix-rejected = Fix the rejected rows in the source files (filter the manifest on status = rejected) and run the same command again.
plan-appointments = Appointments: { $kept } kept from earlier runs, { $new } new, { $restored } restored, { $moved } moved, { $cancelled } cancelled.
plan-cancelled = Cancelled invitations (their letters must not be used):
plan-reinvited = Invited again, having missed their appointment (their new letter says "Undangan Kedua"; render and send to reach them):
plan-missed-now = missed { $missed }, now { $date }
plan-moved-office = Moved to the office that now serves their village (a newer list puts them in another village; render to print their replacement letters):
plan-kept-elsewhere = warning: kept at their old office, because the office that now serves their village is full (add capacity there and run plan again to move them):
plan-not-reinvited = Missed their appointment and not invited again (reach them another way):
plan-late = { $count ->
    [one] 1 eligible person reaches
   *[other] { $count } eligible people reach
} the minimum age only after the last appointment day (overflow in the manifest, with that reason): no extra capacity would place them, so they count in no shortfall; reach them after the campaign.
plan-not-enough = Not enough places: these people are marked overflow in the manifest.
plan-not-enough-missed = The shortfall counts { $count } who missed their day and have no later place (listed above, their missed appointment kept).
plan-col-office = office
plan-col-demand = demand
plan-col-capacity = capacity
plan-col-shortfall = shortfall
plan-col-extra = extra session-days
plan-add-capacity = Add days or capacity to those offices in papila.toml and run papila plan again: people already booked keep their appointments.
plan-holidays = Holidays:
plan-overbooked-heading = Sessions holding more appointments than their capacity now allows (nobody was moved; use --replan to move them):
plan-orphaned-heading = Appointments whose session is no longer in papila.toml (kept; use --replan to move them):
plan-wrote = Wrote { $capacity } (every session with its bookings). Ledger: { $ledger }.
keygen-wrote = Wrote the signing key to { $path } (readable by you only) and its public half to { $public }.
keygen-keep = Keep the key secret and backed up: letters signed with it can only be verified while it exists. Give the .pub file to offices that check QR codes.
init-exists-hint = this folder already holds a campaign; choose a new folder name for `papila init`
init-created = Created a campaign in { $dir }:
init-config = the campaign: dates, letterhead, offices and their sessions
init-people = five sample people; replace them with your SIAK or Excel exports
init-templates = the letter (invitation.typ), the sheets (sheets.typ), the coverage summary (report.typ), the SMS (sms.hbs) and email (email.hbs, email.html.hbs) texts; edit freely
init-key = the signing key for QR codes (secret; keys/papila.key.pub is public)
init-next = Next: edit papila.toml, put your lists in { $dir }/people/, then run
init-then = and, when the check reads well, the whole job:
env-time = PAPILA_TIME is "{ $value }", not a time written 09:00
env-time-hint = set it to a time such as 09:00, or unset it to use the clock
env-today = PAPILA_TODAY is "{ $value }", not a date written 2024-08-19
env-today-hint = set it to a date such as 2024-08-19, or unset it to use today
checkin-day-given-outside = the day given, { $day }, is outside the campaign ({ $start } to { $end }): scans on that day are not recorded
checkin-day-given-outside-hint = check the date (a year mistyped?); to record on that day anyway, add --force
checkin-day-outside = today, { $day }, is outside the campaign ({ $start } to { $end }): a scan now would record a check-in
checkin-day-outside-hint = to check in as of a campaign day, give it: --today 2024-08-19; a scan for practice is best made on a copy of the campaign folder
report-summary-pdf = { $path } (with charts)
report-no-summary-pdf = no summary.pdf: papila.toml has no [issuer] for its heading
report-wrote = Wrote { $csv } and { $summary }.
report-col-invited = invited
report-col-came = came
report-col-missed = missed day
report-col-to-come = to come
report-col-no-place = no place
report-col-recorded = recorded
report-heading = Coverage as of { $day }
report-all = all
report-too-late = { $count ->
    [one] 1 eligible person reaches
   *[other] { $count } eligible people reach
} the minimum age only after the campaign's last day: not counted in "no place" nor in "recorded" (report.csv: too_late).
report-duplicates = { $count } people are recorded twice (DUPLICATE_RECORD in the lists) and are not invited: resolve each duplicate at Disdukcapil (report.csv has them per village and office).
report-legend = "recorded" is the share of those who must record (invited, or found no place) who came. "missed day" is an appointment passed without a check-in.
rounds-none-such = there is no round { $round }; the ledger holds { $count ->
    [0] none yet
   *[other] rounds 1 to { $count }
}
rounds-none-such-hint = run `papila rounds -c papila.toml` to list them
rounds-none = No print rounds yet: `papila render` (or `papila run`) makes the first.
rounds-heading = Print rounds (files in { $out }/rounds/<round>/):
rounds-col-round = round
rounds-col-date = date
rounds-col-new = new
rounds-col-replacement = replacement
rounds-col-repl = repl.
rounds-col-second = second
rounds-col-void = void
rounds-col-villages = villages
rounds-col-village = village
rounds-col-name = name
rounds-col-emailed = emailed
rounds-col-emailed-villages = emailed to village offices
rounds-emailed = { $sent } sent, { $waiting } waiting, { $failed } failed, { $not_emailed } not emailed
rounds-more = `papila rounds --round N` lists a round village by village; `papila send offices` emails what is not sent yet.
rounds-round = Round { $round } of { $day }: { $new } new, { $replacement } replacement, { $second } second invitations, { $void } void, { $villages } villages.
rounds-mail-sent = sent
rounds-mail-failed = failed
rounds-mail-waiting = waiting
rounds-mail-none = not emailed
progress-eta = {"{"}eta{"}"} left
progress-line = { $done } of { $total } { $what } ({ $percent }%), { $rate } a second, about { $left } left
progress-seconds = { $n } s
progress-minutes = { $n } min
progress-letters = letters
progress-attendance-lines = attendance lines
progress-emails = emails
check-disagreeing = { $count } duplicate { $count ->
    [one] row says
   *[other] rows say
} otherwise than the row used for the same NIK (the reason column says what differs and which row is used). Used: a row with new content, then the newer export. To drop old data, replace or remove its old export file.
check-by-order = For { $count } { $count ->
    [one] NIK
   *[other] NIKs
} only the order of the file names decided (see the warnings column): check those rows.
plan-visits = Team visits (places booked of places offered):
plan-visit = { $team }, { $visit }: { $date }, { $place }: { $booked } of { $capacity }
render-schools = { $count } schools, { $letters } of the letters: each school's batch opens with the letter to its principal (the visit's days and sessions) and the class lists, then its students' letters by class and a receipt list per class
plan-class-split = class { $class } of { $school } is seated in { $count } sessions: no session had room for all of it (or some reach the minimum age only later); give the visit a bigger session to keep it together
