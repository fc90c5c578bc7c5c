# send email and send offices (src/cmd/send.rs, src/dispatch/): summaries, errors, the server's
# refusals explained.

send-no-rounds = No print rounds yet: run `papila render` (or `papila run`) first; each render that finds new letters makes a round for the village offices.
send-queued-offices = { $count ->
    [one] 1 email
   *[other] { $count } emails
} queued for the offices.
send-no-contact = warning: { $count ->
    [one] 1 village or office has
   *[other] { $count } villages or offices have
} files in a round but no email address in the contacts file, so nothing was sent (add an address to [email] contacts, or deliver by hand):
send-nothing-people = every invited person with an email address has had their email
send-fix-people = correct the addresses in the people lists, or reach these people by letter or SMS
send-nothing-offices = every round has gone to every office with an address
send-fix-offices = correct the addresses in the contacts file, or deliver these files by hand
send-dry-run = Dry run: wrote { $count ->
    [one] 1 email to { $dir }/ exactly as it would be sent.
   *[other] { $count } emails to { $dir }/ exactly as they would be sent.
} Nothing was sent and the ledger is unchanged.
send-dry-run-failed = { $count ->
    [one] 1 email
   *[other] { $count } emails
} could not be written: the address is not one papila can send to.
send-settled = { $count ->
    [one] 1 email
   *[other] { $count } emails
} from a stopped earlier run had been handed to the server before it stopped; they count as sent (state "unconfirmed") and are not sent again.
send-withdrawn = { $count ->
    [one] 1 email
   *[other] { $count } emails
} not sent: the appointment was moved or cancelled, or the address removed, since they were queued.
send-nothing = Nothing to send: { $why }.
send-sent = Sent { $count ->
    [one] 1 email
   *[other] { $count } emails
} through { $relay } in { $seconds } s.
send-deferred = { $count ->
    [one] 1 try was
   *[other] { $count } tries were
} put off (a 4xx reply, a timeout or a lost connection) and tried again later.
send-failed-heading = Failed for good in this run, with the server's words:
send-more = … and { $count } more
send-failed-all = { $count ->
    [one] 1 email
   *[other] { $count } emails
} failed for good in all ({ $run } in this run), each with the server's reason in { $csv }: { $fix }.
send-waiting = { $count ->
    [one] 1 email waits
   *[other] { $count } emails wait
} for a retry (listed in { $csv }): run `papila { $command }` again later.
send-limit = { $count ->
    [one] 1 email
   *[other] { $count } emails
} not sent yet because of --limit: run `papila { $command }` again to send them.
send-outbox = Outbox: { $sent } sent{ $unconfirmed ->
    [0] {""}
   *[other] {" "}({ $unconfirmed } unconfirmed)
}, { $failed } failed, { $waiting } waiting, { $queued } queued.
contacts-header-unreadable = its header cannot be read: { $problem }
contacts-header = its header is "{ $header }"; it needs the columns code and email (and whatsapp)
contacts-line = line { $line }: { $problem }
contacts-code = line { $line }, code: "{ $code }" is neither a village code of the campaign (33.01.09.2001) nor an [[office]] id
contacts-email = line { $line }, email: "{ $email }" is not an email address
contacts-twice = line { $line }, code: "{ $code }" is listed twice
contacts-hint = fix the contacts file ([email] contacts in papila.toml): one line per village or office, code,email,whatsapp — e.g. 33.01.09.2001,desa.bulupayung@example.go.id,0812…
send-bad-address = "{ $address }" is not an email address papila can send to ({ $problem })
send-unwritable = the message cannot be written: { $problem }
send-nothing-to-attach = nothing to attach: the files of this part are gone (run `papila render`)
send-who-village = village { $code }, round { $round }
send-who-office = office { $id }, round { $round }
send-who-school = school NPSN { $npsn }, round { $round }
send-whatsapp-only = : no email, WhatsApp { $whatsapp }
send-round-files-missing = { $count ->
    [one] 1 file
   *[other] { $count } files
} of the print rounds are not in the output folder, e.g. { $first }
send-round-files-missing-hint = run `papila render` first: it makes a round's missing files again, exactly as first printed
send-deferred-wait = { $count ->
    [one] 1 message
   *[other] { $count } messages
} deferred by the server; trying again in { $seconds } s
send-stopped-queued = papila stopped before the server took the message to { $to }; it stays queued
send-gave-up = gave up after { $tries } tries; the last: { $reply }
send-sender-refused = { $relay } refuses to send from { $from }: { $reply }
send-sender-refused-hint = check [email] from with the relay's administrator; no message was lost, run `papila { $command }` again once it is fixed
send-busy = another `papila { $command }` is already sending from this ledger
send-busy-hint = let it finish (or stop it); two runs at once could not share the outbox safely, so this one sent nothing
send-unreachable = cannot reach the SMTP server { $relay } after { $tries } tries: { $words }
send-unreachable-hint = check [email] smtp_host and smtp_port and the network; nothing was lost: run `papila { $command }` again when the server is back
send-unreachable-wait = cannot reach { $relay } ({ $words }); trying again in { $seconds } s
smtp-password-missing = { $config } sets [email] username = "{ $user }", but the environment variable { $variable } that holds its password is not set
smtp-password-missing-hint = set it in the same window before sending: `export { $variable }=…` (Windows: `set { $variable }=…`); papila never reads a password from a file
smtp-ca-not-pem = { $path } is not a PEM certificate: { $problem }
smtp-ca-not-pem-hint = [email] ca_file names the relay's certificate authority, a file starting with -----BEGIN CERTIFICATE-----
smtp-tls-setup = cannot set up TLS for { $host }: { $problem }
smtp-tls-setup-hint = check [email] smtp_host and ca_file
smtp-no-starttls = { $relay } does not offer STARTTLS
smtp-no-starttls-hint = set [email] security = "tls" if the server encrypts from the start (usually port 465), or "none" only for a relay on the office network
smtp-login-refused = { $relay } refused to log in: { $words }
smtp-login-refused-hint = check [email] username and the password in the environment variable named by password_env; nothing was sent
smtp-tls-failed = cannot make a secure connection to { $relay }: { $words }
smtp-tls-failed-hint = check [email] security ("starttls" for port 587, "tls" for port 465); a relay with its own certificate authority needs [email] ca_file
smtp-refuses = { $relay } refuses papila: { $words }
smtp-refuses-hint = ask the relay's administrator to allow this computer to send
smtp-timeout = the server did not answer within { $seconds } seconds
smtp-connection-failed = the connection failed: { $problem }
smtp-unencrypted = unencrypted
template-built-in = papila's built-in templates/{ $name }
template-no-field = there is no field "{ $field }"
template-fields = the fields a message can use are: { $fields }
template-helpers = and the helpers: { $helpers }
template-subject-hint = the first line is the subject, e.g. `Subject: Undangan perekaman KTP-el untuk {"{{"}name{"}}"}`, then an empty line, then the text of the email
template-subject-first = the first line must be the subject, starting with `Subject:`
template-subject-empty = the subject is empty
template-subject-blank = the subject line must be followed by an empty line
template-helper-param = `{ $helper }` needs one field to format, e.g. {"{{"}{ $helper } date_iso{"}}"}
template-helper-date = `{ $helper }` formats a date written 2024-08-19, not "{ $value }" (use date_iso or election_date_iso)
template-helper-time = `jam` formats a time written 08:00, not "{ $value }"
send-by-hand = : no email and no WhatsApp — deliver by hand
send-whatsapp-file = { $count } files for offices with WhatsApp only: { $file } holds the message prepared, a wa.me link that opens it, and the files to attach
