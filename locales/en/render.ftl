# What render says when it is done (src/cmd/render.rs), and the words of render's own errors.

warning-prefix = warning
render-new-letters = { $count ->
    [one] 1 new letter
   *[other] { $count } new letters
}
render-replacement-letters = { $count ->
    [one] 1 replacement letter
   *[other] { $count } replacement letters
}
render-second-invitations = { $count ->
    [one] 1 second invitation
   *[other] { $count } second invitations
}
render-void-letters = { $count ->
    [one] 1 letter now void
   *[other] { $count } letters now void
}
render-round = Round { $round } (gelombang { $round }): { $held } for { $villages } villages{ $schools ->
    [0] {""}
   *[other] {" "}and { $schools } schools
}.
render-round-files = one PDF per village (and per visited school, under sekolah/) with only these letters and the list of void ones: give each village office and school its file (or `papila send offices`).
render-no-round = No new round: every letter to deliver has been printed before (`papila rounds` lists the rounds).
render-rounds-again = Made again, as first printed, the missing files of { $count ->
    [one] round
   *[other] rounds
} { $rounds }.
render-nothing = No invitations to render: the ledger holds no planned appointment. Run papila plan after adding people lists.
render-done = Rendered { $letters } letters for { $villages } villages in { $seconds } s: { $typeset } villages typeset, { $kept } kept unchanged from the last render; { $sheets_kept } of { $sheets } attendance sheets kept.
render-joined = Of the villages typeset, { $count } unchanged letters were joined as typeset before.
render-print = a print batch per village, every letter that stands: cover, letters, receipt roster
render-pages-now = {" "}({ $pages } pages typeset now)
render-attendance = { $count } attendance sheets, one per office and day
render-sms = { $count } SMS/WhatsApp texts ({ $parts } SMS parts) for people with a phone number
render-letters = { $count } single letters, one PDF per person
render-personal-data = These files hold personal data: share each village's batch only with that village office.
render-warnings = The templates gave { $count } warnings:
render-office-gone = appointments are booked at an office papila.toml no longer has ({ $offices }); their letters would name no place
render-office-gone-hint = run `papila plan --replan` to move them to the offices papila.toml has now, or put the old [[office]] id back
render-at-office = { $count } at office "{ $office }"
render-busy = another `papila render` (or `run`) is writing into this folder
render-busy-hint = let it finish (or stop it), then run this command again: two renders into one folder would mix their letters
render-driver = papila's print batch driver
render-marks = { $letters } letters were typeset but { $found } were found in the batch, so they cannot be saved one by one
render-fault-hint = this is a fault in papila; report it with the campaign's templates
render-threads-stopped = the rendering threads stopped
template-not-utf8 = the file is not UTF-8 text
template-not-utf8-hint = save the template as UTF-8 (most editors offer it under "Save as")
template-typst-silent = Typst stopped without saying why
template-contract = does not define { $function } as papila calls it ({ $problem })
template-contract-hint = a template must keep the functions papila calls: { $functions }
template-driver = papila's { $name }
timings-unwritable = could not write the timings to { $path } ({ $problem })
template-function-in = { $function } in templates/{ $file }
template-typst-says = Typst cannot use the template here (Typst says: { $said })
template-shared-hint = the parts named in `shared` of invitation.typ are typeset once for all letters of an office and letter date, and see only `s`: office, letter_date, later, later_days; a person's name, number or day belongs in `letter`
template-typst-said = Typst says: { $said }
