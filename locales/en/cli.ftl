# The command line: `--help` texts by command path and argument id (src/cli.rs), clap's headings,
# and what papila says of a mistyped command line.

help-usage = Usage:
help-commands = Commands
help-command-value = COMMAND
help-arguments = Arguments
help-options = Options
help-flag = Print help (more with --help)
help-version = Print the version
help-value-FILE = FILE
help-value-DIR = DIR
help-value-DATE = DATE
help-value-INPUT = INPUT
help-value-N = N
help-value-ID = ID
help-value-NAME = NAME
help-value-TEXT = TEXT
help-value-TOKEN = TOKEN
help-value-PATH = PATH
help-value-ADDR = ADDR
help-value-LANG = LANG
cli-bad-day = "{ $text }" is not a day written YYYY-MM-DD (year first, e.g. 2024-08-19)
cli-bad-lang = "{ $text }" is no language papila speaks: use id (Bahasa Indonesia) or en (English)
cli-error-unknown-argument = papila does not know the option { $arg }
cli-error-unknown-command = papila has no command "{ $arg }"
cli-error-invalid-value = { $arg } cannot be "{ $value }"
cli-error-missing = { $arg } must be given
cli-error-conflict = { $arg } cannot be used together with { $other }
cli-error-missing-command = say which command to run
cli-error-too-many = "{ $value }" is one value too many here
cli-error-hint = see the command's help: { $usage } --help

help = Invite every first-time voter (pemilih pemula) of a district to record their e-KTP
help-long =
    Invite every first-time voter (pemilih pemula) of a district to record their e-KTP.

    papila reads the people lists of a campaign (CSV or Excel exports from SIAK), decides who must be invited and why the others are not, accounts for every row in manifest.csv, gives each invited person an appointment within each office's capacity, and prints their letters with a signed QR code: a PDF per village, attendance sheets per session, and SMS/WhatsApp text. It emails the letters (resumably, never twice), checks people in by their QR code, reports coverage, and invites those who missed their day again.
help-after = Start with `papila init my-campaign`, then `papila check -c my-campaign/papila.toml`, then `papila run -c my-campaign/papila.toml`.
help-arg-lang = The language papila speaks: id (Bahasa Indonesia, the default) or en (English); also PAPILA_LANG, or lang in [campaign]
help-arg-config = The campaign file
help-arg-out = Where output goes (default: [output] dir of the config, else out/ beside it)
help-arg-inputs = People lists to read instead of [input] files
help-arg-replan = Also move appointments already issued (otherwise they never move)
help-arg-today = Plan as of this day, written 2024-08-19 (default: today in the campaign's time zone, or PAPILA_TODAY). While the campaign runs, appointments before it that nobody came to are given again, and nobody is placed before the next day
help-arg-dry_run = Write each email to a .eml file in messages/ instead of sending it
help-arg-limit = Send at most N emails in this run (the rest wait for the next run)

help-init = Write a ready-to-edit campaign folder: papila.toml, a signing key and sample people
help-init-after =
    Example:
      papila init pilkada-2024
      papila check -c pilkada-2024/papila.toml
help-init-dir = The folder to create the campaign in (created if missing)

help-check = Read, validate and assess the people lists; write manifest.csv and change nothing else
help-check-after =
    Examples:
      papila check -c papila.toml
      papila check -c papila.toml exports/kesugihan.xlsx --out hasil/
help-check-inputs = People lists to read instead of [input] files: CSV, XLSX, XLS or ODS files, or folders of them

help-plan = Check, then give every invited person an appointment; recorded in the ledger (papila.db)
help-plan-after =
    Examples:
      papila plan -c papila.toml
      papila plan -c papila.toml --replan   # move existing appointments too

help-render = Make the PDFs and texts for what the ledger holds: print batches, attendance sheets, SMS
help-render-today = Make the print round as of this date, written 2024-08-19: its new letters carry it unless [issuer] letter_date is set (default: today in the campaign's time zone, or PAPILA_TODAY)
help-render-after =
    Examples:
      papila render -c papila.toml
      papila render -c papila.toml --out hasil/

help-run = Plan, then render: the main job, in one command
help-run-after =
    Examples:
      papila run -c papila.toml
      papila run -c papila.toml exports/*.xlsx

help-send = Send what the ledger holds: `papila send email` to invited people, `papila send offices` to village and recording offices
help-send-email = Email each invited person with an address their letter, over the [email] SMTP server; resumable: a second run sends only what is not yet sent
help-send-email-after =
    Examples:
      papila send email -c papila.toml --dry-run    # write out/messages/email/*.eml, send nothing
      papila send email -c papila.toml --limit 20   # a first batch
      papila send email -c papila.toml

    The SMTP password is read from the environment variable named by [email] password_env
    (PAPILA_SMTP_PASSWORD unless set), never from a file. Stopping a run (Ctrl-C) loses nothing.
help-send-offices = Email each village office its print round's batch (letters and the list of void ones), and each recording office its attendance sheets, to the addresses in [email] contacts; once per round and office, resumable
help-send-offices-after =
    Examples:
      papila send offices -c papila.toml --dry-run    # write out/messages/offices/*.eml, send nothing
      papila send offices -c papila.toml

    The contacts file ([email] contacts) has one line per village or office: code,email,whatsapp
    (a village code such as 33.01.09.2001, or an [[office]] id). A batch bigger than the
    attachment_limit_mb of [email] (default 15) goes in parts that say "bagian 1 dari 3".

help-verify = Say whether a scanned QR token is genuine and what it invites to (exit 0 only if it is)
help-verify-after =
    Examples:
      papila verify -c papila.toml GEAXAZ3…
      papila verify --public-key papila.key.pub GEAXAZ3…
help-verify-config = The campaign file; its [signing] key's public half checks the token, and its ledger tells whether the invitation still stands
help-verify-public_key = Check with this public key alone (the .pub file `papila keygen` wrote), without the campaign
help-verify-token = The token as the scanner read it

help-checkin = Check people in: reads scanned QR codes (or typed invitation ids), one per line, from the scanner and answers each at once
help-checkin-after =
    Examples:
      papila checkin -c papila.toml                     # at the district, with the ledger
      papila checkin --public-key papila.key.pub --log scans.csv --station balai-desa   # offline, at a village office
      papila checkin -c papila.toml --import scans.csv  # the district merges an offline log (twice is harmless)

    Each line is a QR token (as a USB scanner types it) or an 8-character invitation id typed by hand.
    Answers: valid, already_checked_in, not_today (accepted, with a warning), cancelled, forged,
    wrong_campaign, malformed. End with Ctrl-D (Ctrl-Z then Enter on Windows).
help-checkin-config = The campaign file: its key checks codes, its ledger records check-ins
help-checkin-public_key = Check offline with this public key alone (the .pub file `papila keygen` wrote); needs --log
help-checkin-log = Offline: append every scan to this CSV file, for the district to --import
help-checkin-campaign = Offline: the campaign id, so letters of another campaign signed with the same key are told apart
help-checkin-import = Merge offline scan logs into the ledger instead of reading scans (needs -c)
help-checkin-station = Where the scans happen, recorded with each check-in (e.g. the office or village)
help-checkin-force = Record on a day outside the campaign's dates too (when that is meant)
help-checkin-today = The day to check in for, as 2024-08-19 (default: today in the campaign's time zone, or the PAPILA_TODAY environment variable). Outside the campaign's dates it must be given: a scan on a training day must not count
help-checkin-undo = Take back the check-in of this invitation id (a wrong person, a test scan); needs --reason, which is kept in the ledger's history
help-checkin-reason = Why the check-in is taken back

help-report = Coverage per kecamatan, village and office: invited, attended, no-show, pending, overflow; on screen, in report.csv and in summary.pdf with charts
help-report-after =
    Examples:
      papila report -c papila.toml
      papila report -c papila.toml --today 2024-09-30   # as of a day
help-report-today = Count as of this day, written 2024-09-30: appointments before it are missed unless checked in (default: today in the campaign's time zone, or PAPILA_TODAY)

help-rounds = List the print rounds (gelombang): letters new, replaced and void in each, and what was emailed to which office
help-rounds-after =
    Examples:
      papila rounds -c papila.toml
      papila rounds -c papila.toml --round 2   # village by village
help-rounds-round = List this round village by village

help-serve = The web check-in station of each office and the district's live view, on the office LAN
help-serve-after =
    Examples:
      papila serve -c papila.toml                          # http://0.0.0.0:8080, for USB scanners
      papila serve -c papila.toml --tls                    # HTTPS, so phones may use their camera
      papila serve -c papila.toml --listen 127.0.0.1:8080  # this computer only

    It prints a code (and a link) per office's station and one for the district view. Stop with Ctrl-C.
help-serve-new_code = Make a new code for this office (an id from [[office]], or dinas) before serving: its old code and every session it opened stop working; the signing key and the letters do not change. May be given more than once
help-serve-listen = Address and port to listen on; 0.0.0.0 is every network of this computer
help-serve-tls = Serve HTTPS with a certificate from a CA kept beside the config (serve/ca.pem), which phones trust once: browsers allow the camera only on HTTPS
help-serve-force = Serve on a day outside the campaign's dates too (when that is meant)
help-serve-today = The day stations check in for, as 2024-08-19 (default: today, or PAPILA_TODAY); outside the campaign's dates it must be given

help-keygen = Write a new Ed25519 signing key to PATH (owner-only) and its public half to PATH.pub
help-keygen-after =
    Example:
      papila keygen keys/papila.key
help-keygen-path = Where to write the secret key; the public key goes to PATH.pub
help-default = default: { $value }
help-options-value = OPTIONS
help-send-email-today = Send as of this date, written 2024-08-19: a letter not printed yet carries it (default: today, or PAPILA_TODAY)
help-send-offices-today = Send as of this date, written 2024-08-19 (default: today, or PAPILA_TODAY)
