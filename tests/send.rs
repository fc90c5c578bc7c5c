//! `papila send email` against a real SMTP server: aiosmtpd (installed by .ci/run) on loopback,
//! started by each test with the faults it needs (`tests/support/smtp_server.py`). Delivery is
//! judged by what the server stored, never by what papila says it did.

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{Workdir, run_ok};
use mail_parser::{MessageParser, MimeHeaders};

/// A running test SMTP server; stopped when dropped.
struct Smtp {
    child: Child,
    maildir: PathBuf,
}

impl Smtp {
    /// A server on a port the system picks, and `wd`'s papila.toml pointed at it.
    fn start(wd: &Workdir, maildir: &Path, faults: &[&str]) -> Smtp {
        let (smtp, port) = Smtp::start_on(0, maildir, faults);
        let config = wd.read("papila.toml");
        let at = config.find("smtp_port = ").expect("an [email] smtp_port");
        let end = at + config[at..].find('\n').unwrap();
        wd.write(
            "papila.toml",
            &format!("{}smtp_port = {port}{}", &config[..at], &config[end..]),
        );
        smtp
    }

    /// A server on `port` (for a test that needs the port before the server exists).
    fn start_on(port: u16, maildir: &Path, faults: &[&str]) -> (Smtp, u16) {
        let python = std::env::var("PAPILA_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/smtp_server.py");
        let mut child = Command::new(&python)
            .arg(&script)
            .args(["--port", &port.to_string(), "--maildir"])
            .arg(maildir)
            .args(faults)
            .stdout(Stdio::piped())
            // The server's log (one test makes a TLS handshake fail on purpose) would be noise.
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot run {python} ({e}); .ci/run installs Python's aiosmtpd")
            });
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .trim()
            .strip_prefix("ready ")
            .and_then(|p| p.parse().ok())
            .expect(
                "the test SMTP server did not start: is aiosmtpd installed? (`python3 -m pip \
                 install aiosmtpd`, as .ci/run does)",
            );
        (
            Smtp {
                child,
                maildir: maildir.to_path_buf(),
            },
            port,
        )
    }

    /// Stored messages, by envelope recipient, each as parsed raw bytes.
    fn received(&self) -> BTreeMap<String, Vec<Vec<u8>>> {
        received(&self.maildir)
    }
}

impl Drop for Smtp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn received(maildir: &Path) -> BTreeMap<String, Vec<Vec<u8>>> {
    let mut by_rcpt: BTreeMap<String, Vec<Vec<u8>>> = BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(maildir) else {
        return by_rcpt;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "eml") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let rcpt = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("X-Envelope-To: "))
            .expect("the server writes the envelope recipient first")
            .to_string();
        by_rcpt.entry(rcpt).or_default().push(bytes);
    }
    by_rcpt
}

fn stored(maildir: &Path) -> usize {
    received(maildir).values().map(Vec::len).sum()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn address(i: usize) -> String {
    format!("orang{i}@example.com")
}

/// The test campaign of `common` with a letterhead, a key, `[email]` pointing at `port`, and
/// `people` people with an email address each.
fn campaign(port: u16, people: usize, email_extra: &str) -> Workdir {
    let wd = Workdir::campaign();
    common::Config::new()
        .issuer()
        .signing()
        .merge(&format!(
            "[email]\nfrom = \"Disdukcapil Cilacap <noreply@cilacapkab.go.id>\"\n\
             smtp_host = \"127.0.0.1\"\nsmtp_port = {port}\nsecurity = \"none\"\n\
             per_minute = 60000\nretry_after = 1\ntimeout = 10\n{email_extra}\n"
        ))
        .write(&wd);
    wd.keygen();
    let mut csv = format!("{};EMAIL\n", common::HEADER);
    for i in 1..=people {
        csv.push_str(&format!(
            "33010217080700{i:02};ORANG KE-{i};17-08-2007;L;BELUM KAWIN;33.01.02.2001;{}\n",
            address(i)
        ));
    }
    wd.write("people/desa.csv", &csv);
    run_ok(&wd, &["plan", "-c", "papila.toml"]);
    wd
}

fn spawn_send(wd: &Workdir, extra: &[&str]) -> Child {
    common::command(wd.root())
        .args(["send", "email", "-c", "papila.toml"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn wait_until(what: &str, limit: Duration, mut done: impl FnMut() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(started.elapsed() < limit, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Message states in the ledger, by address.
/// The outbox's state per address: the latest message to each. An address with two messages that
/// are both still live (not withdrawn) would be a doubled email in the making, and fails here.
fn states(wd: &Workdir) -> BTreeMap<String, String> {
    let conn = rusqlite::Connection::open(wd.path("papila.db")).unwrap();
    let mut stmt = conn
        .prepare("SELECT address, state FROM message ORDER BY id")
        .unwrap();
    let rows: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut live: BTreeMap<&str, usize> = BTreeMap::new();
    for (address, state) in &rows {
        if state != "withdrawn" {
            *live.entry(address).or_default() += 1;
        }
    }
    let doubled: Vec<_> = live.iter().filter(|(_, n)| **n > 1).collect();
    assert!(
        doubled.is_empty(),
        "two live messages to one address: {doubled:?}"
    );
    rows.into_iter().collect()
}

/// Each of `expected` received exactly one message; nobody else received any.
fn assert_one_each(got: &BTreeMap<String, Vec<Vec<u8>>>, expected: &[String]) {
    let counts: BTreeMap<&str, usize> = got.iter().map(|(k, v)| (k.as_str(), v.len())).collect();
    let want: BTreeMap<&str, usize> = expected.iter().map(|a| (a.as_str(), 1)).collect();
    assert_eq!(counts, want, "messages stored per recipient");
}

#[test]
fn through_faults_every_recipient_gets_exactly_one_message_and_a_rerun_sends_nothing() {
    let port = free_port();
    let wd = campaign(port, 12, "");
    let maildir = wd.path("maildir");
    // The server is absent when papila starts: it must wait and try again, not fail the run.
    let mut send = spawn_send(&wd, &[]);
    // Wait until papila has found the server absent (its stderr says so), then start it.
    let stderr_pipe = send.stderr.take().unwrap();
    let (said, heard) = std::sync::mpsc::channel::<String>();
    let reader = std::thread::spawn(move || {
        let mut all = String::new();
        for line in BufReader::new(stderr_pipe).lines() {
            let line = line.unwrap();
            let _ = said.send(line.clone());
            all.push_str(&line);
            all.push('\n');
        }
        all
    });
    loop {
        let line = heard
            .recv_timeout(Duration::from_secs(60))
            .expect("papila reports the absent server");
        if line.contains("cannot reach 127.0.0.1") {
            break;
        }
    }
    let (smtp, _) = Smtp::start_on(
        port,
        &maildir,
        &[
            "--reject",
            &address(3),
            "--defer",
            &address(5),
            "--defer",
            &address(7),
            "--drop",
            &address(9),
        ],
    );
    let out = send.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = reader.join().unwrap();
    assert!(out.status.success(), "{stdout}\n{stderr}");

    let everyone_but_3: Vec<String> = (1..=12).filter(|&i| i != 3).map(address).collect();
    assert_one_each(&smtp.received(), &everyone_but_3);

    // The rejected address failed for good, with the server's own words, and nothing else did.
    let failed = wd.csv("out/messages/email-failed.csv");
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert_eq!(failed[0]["email"], address(3));
    assert_eq!(failed[0]["state"], "failed-permanent");
    assert!(
        failed[0]["reply"].starts_with("550 5.1.1")
            && failed[0]["reply"].contains("Recipient address rejected: User unknown"),
        "{}",
        failed[0]["reply"]
    );
    let states = states(&wd);
    assert_eq!(states[&address(3)], "failed-permanent");
    for a in &everyone_but_3 {
        assert_eq!(states[a], "sent", "{a}");
    }
    // The deferred and dropped messages were failed-transient on the way.
    let conn = rusqlite::Connection::open(wd.path("papila.db")).unwrap();
    let transient: Vec<String> = conn
        .prepare(
            "SELECT m.address FROM message_event e JOIN message m ON m.id = e.message
             WHERE e.state = 'failed-transient' ORDER BY m.id",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(transient, [address(5), address(7), address(9)]);
    assert!(stdout.contains("Sent 11 emails"), "{stdout}");
    assert!(
        stdout.contains(&format!(
            "ORANG KE-3 <{}>: 550 5.1.1 <{}>: Recipient address rejected: User unknown",
            address(3),
            address(3)
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains("1 email failed for good in all"),
        "{stdout}"
    );
    let shown: String = stdout
        .lines()
        .map(
            |l| match l.find(" in ").filter(|_| l.starts_with("Sent ")) {
                Some(at) => format!("{} in [TIME]\n", &l[..at]),
                None => format!("{l}\n"),
            },
        )
        .collect();
    insta::assert_snapshot!(
        "send_summary_after_faults",
        shown
            .replace(&port.to_string(), "[PORT]")
            .replace(&wd.root().display().to_string(), "[DIR]")
    );

    // A second run delivers nothing.
    let again = run_ok(&wd, &["send", "email", "-c", "papila.toml"]);
    assert!(
        again.stdout().contains("Nothing to send"),
        "{}",
        again.stdout()
    );
    assert_one_each(&smtp.received(), &everyone_but_3);
}

#[test]
fn a_send_killed_mid_run_resumes_and_every_recipient_gets_exactly_one() {
    let port = free_port();
    let wd = campaign(port, 8, "");
    let maildir = wd.path("maildir");
    // A slow relay: each message is stored, then answered 800 ms later, so the kill lands while
    // papila waits for the reply to a message the server already has.
    let smtp = Smtp::start(&wd, &maildir, &["--delay-ms", "800"]);
    let mut send = spawn_send(&wd, &[]);
    wait_until("3 messages stored", Duration::from_secs(60), || {
        stored(&maildir) >= 3
    });
    send.kill().unwrap(); // SIGKILL: no chance to tidy up
    send.wait().unwrap();
    let before = stored(&maildir);
    assert!(
        before < 8,
        "the run finished before it was killed; the test proves nothing"
    );
    let states_after_kill = states(&wd);
    assert_eq!(
        states_after_kill
            .values()
            .filter(|s| *s == "sending")
            .count(),
        1,
        "the message whose reply papila was waiting for: {states_after_kill:?}"
    );

    let again = run_ok(&wd, &["send", "email", "-c", "papila.toml"]);
    assert!(
        again
            .stdout()
            .contains("1 email from a stopped earlier run had been handed to the server"),
        "{}",
        again.stdout()
    );
    let everyone: Vec<String> = (1..=8).map(address).collect();
    assert_one_each(&smtp.received(), &everyone);
    let states = states(&wd);
    assert_eq!(states.values().filter(|s| *s == "unconfirmed").count(), 1);
    assert_eq!(states.values().filter(|s| *s == "sent").count(), 7);
}

#[test]
fn two_sends_at_once_do_not_both_send() {
    let port = free_port();
    let wd = campaign(port, 6, "");
    let maildir = wd.path("maildir");
    // A slow relay keeps the first run busy for seconds after its first message.
    let smtp = Smtp::start(&wd, &maildir, &["--delay-ms", "400"]);
    let first = spawn_send(&wd, &[]);
    wait_until("the first run to send", Duration::from_secs(60), || {
        stored(&maildir) >= 1
    });
    let second = wd.run(&["send", "email", "-c", "papila.toml"]);
    assert_eq!(second.code(), 1, "{}", second.stdout());
    insta::assert_snapshot!(
        "second_send_refused",
        second
            .stderr()
            .replace(&wd.root().display().to_string(), "[DIR]")
    );
    assert!(first.wait_with_output().unwrap().status.success());
    let everyone: Vec<String> = (1..=6).map(address).collect();
    assert_one_each(&smtp.received(), &everyone);
}

#[test]
fn limit_sends_a_first_batch_and_the_next_run_the_rest() {
    let port = free_port();
    let wd = campaign(port, 5, "");
    let maildir = wd.path("maildir");
    let smtp = Smtp::start(&wd, &maildir, &[]);
    let first = run_ok(&wd, &["send", "email", "-c", "papila.toml", "--limit", "2"]);
    assert_eq!(stored(&maildir), 2);
    assert!(
        first
            .stdout()
            .contains("3 emails not sent yet because of --limit"),
        "{}",
        first.stdout()
    );
    run_ok(&wd, &["send", "email", "-c", "papila.toml"]);
    let everyone: Vec<String> = (1..=5).map(address).collect();
    assert_one_each(&smtp.received(), &everyone);
}

#[test]
fn a_cancelled_invitation_withdraws_its_unsent_email_and_a_restored_one_sends_it() {
    let port = free_port();
    let wd = campaign(port, 3, "");
    let maildir = wd.path("maildir");
    let smtp = Smtp::start(&wd, &maildir, &[]);
    run_ok(&wd, &["send", "email", "-c", "papila.toml", "--limit", "1"]);
    assert_one_each(&smtp.received(), &[address(1)]);

    // Person 3 leaves the list before their email went out: their invitation is cancelled.
    let people = wd.read("people/desa.csv");
    let without_3: String = people
        .lines()
        .filter(|l| !l.contains(&address(3)))
        .map(|l| format!("{l}\n"))
        .collect();
    wd.write("people/desa.csv", &without_3);
    run_ok(&wd, &["plan", "-c", "papila.toml"]);
    let r = run_ok(&wd, &["send", "email", "-c", "papila.toml"]);
    assert!(
        r.stdout().contains("1 email not sent: the appointment was"),
        "{}",
        r.stdout()
    );
    assert_one_each(&smtp.received(), &[address(1), address(2)]);
    assert_eq!(states(&wd)[&address(3)], "withdrawn");

    // Back on the list, with the same appointment: the same email is due again, and sent once.
    wd.write("people/desa.csv", &people);
    run_ok(&wd, &["plan", "-c", "papila.toml"]);
    run_ok(&wd, &["send", "email", "-c", "papila.toml"]);
    let everyone: Vec<String> = (1..=3).map(address).collect();
    assert_one_each(&smtp.received(), &everyone);
    assert!(states(&wd).values().all(|s| s == "sent"));
}

#[test]
fn dry_run_writes_the_emails_as_they_would_go_and_changes_nothing() {
    let wd = campaign(
        free_port(),
        2,
        "reply_to = \"Layanan Disdukcapil <layanan@cilacapkab.go.id>\"",
    );
    // A name that would be markup in HTML, and a text template that must not escape it.
    let csv = wd
        .read("people/desa.csv")
        .replace("ORANG KE-2", "SITI <B>AMINAH</B> & \"PUTRI\"");
    wd.write("people/desa.csv", &csv);
    run_ok(&wd, &["plan", "-c", "papila.toml"]);
    let r = run_ok(&wd, &["send", "email", "-c", "papila.toml", "--dry-run"]);
    assert!(
        r.stdout().contains("Dry run: wrote 2 emails"),
        "{}",
        r.stdout()
    );
    assert_eq!(states(&wd).len(), 0, "a dry run leaves the outbox empty");

    let manifest = wd.manifest();
    let row = manifest
        .iter()
        .find(|r| r["name"].starts_with("SITI"))
        .unwrap();
    let id = &row["invitation_id"];
    let eml = std::fs::read(wd.path(&format!("out/messages/email/{id}.eml"))).unwrap();
    let message = MessageParser::default().parse(&eml).unwrap();
    assert_eq!(
        message.header_raw("Auto-Submitted").map(str::trim),
        Some("auto-generated")
    );
    assert_eq!(
        message.message_id(),
        Some(format!("{id}.1.test-2024@cilacapkab.go.id").as_str())
    );
    assert_eq!(
        message
            .to()
            .and_then(|a| a.first())
            .and_then(|a| a.address()),
        Some(address(2).as_str())
    );
    let attachment = message.attachment(0).expect("the letter is attached");
    assert_eq!(
        attachment.attachment_name(),
        Some(format!("undangan-{id}.pdf").as_str())
    );
    let pdf = wd.path("letter.pdf");
    std::fs::write(&pdf, attachment.contents()).unwrap();
    let out = Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils, installed by .ci/run)");
    let letter = String::from_utf8_lossy(&out.stdout);
    assert!(
        letter.contains("SITI <B>AMINAH</B> & \"PUTRI\""),
        "{letter}"
    );
    assert!(letter.contains(id.as_str()), "{letter}");

    let text = message.body_text(0).unwrap();
    let html = message.body_html(0).unwrap();
    assert!(
        text.contains("Yth. SITI <B>AMINAH</B> & \"PUTRI\","),
        "{text}"
    );
    assert!(
        html.contains("SITI &lt;B&gt;AMINAH&lt;/B&gt; &amp; &quot;PUTRI&quot;"),
        "{html}"
    );
    let shown = format!(
        "Subject: {}\n\n--- text ---\n{}\n--- html ---\n{}",
        message.subject().unwrap(),
        text,
        html
    )
    .replace(id.as_str(), "[ID]");
    insta::assert_snapshot!("dry_run_email", shown);
}

#[test]
fn login_uses_the_password_from_the_environment_and_never_shows_it() {
    let port = free_port();
    let wd = campaign(
        port,
        2,
        "username = \"papila\"\npassword_env = \"TEST_SMTP_SANDI\"",
    );
    let maildir = wd.path("maildir");
    let smtp = Smtp::start(&wd, &maildir, &["--require-auth", "papila:rahasia-123"]);
    let send = |password: Option<&str>| {
        let mut cmd = common::command(wd.root());
        cmd.args(["send", "email", "-c", "papila.toml"])
            .env_remove("TEST_SMTP_SANDI");
        if let Some(p) = password {
            cmd.env("TEST_SMTP_SANDI", p);
        }
        common::Run(cmd.output().unwrap())
    };

    let missing = send(None);
    assert_eq!(missing.code(), 1);
    insta::assert_snapshot!(
        "password_variable_missing",
        missing
            .stderr()
            .replace(&wd.root().display().to_string(), "[DIR]")
    );

    let mut in_indonesian = common::command_in(wd.root(), "id");
    in_indonesian
        .args(["send", "email", "-c", "papila.toml"])
        .env_remove("TEST_SMTP_SANDI");
    insta::assert_snapshot!(
        "password_variable_missing_id",
        common::Run(in_indonesian.output().unwrap())
            .stderr()
            .replace(&wd.root().display().to_string(), "[DIR]")
    );

    let wrong = send(Some("salah"));
    assert_eq!(wrong.code(), 1, "{}", wrong.stdout());
    assert!(
        wrong.stderr().contains("refused to log in"),
        "{}",
        wrong.stderr()
    );
    assert!(!wrong.stderr().contains("salah"), "{}", wrong.stderr());
    assert_eq!(stored(&maildir), 0);
    assert!(states(&wd).values().all(|s| s == "queued"));

    let right = send(Some("rahasia-123"));
    assert_eq!(right.code(), 0, "{}\n{}", right.stdout(), right.stderr());
    assert!(!right.stdout().contains("rahasia") && !right.stderr().contains("rahasia"));
    let everyone: Vec<String> = (1..=2).map(address).collect();
    assert_one_each(&smtp.received(), &everyone);
}

#[test]
fn a_password_in_the_config_is_refused() {
    let wd = campaign(free_port(), 1, "");
    let config = wd.read("papila.toml");
    wd.write("papila.toml", &format!("{config}password = \"rahasia\"\n"));
    let r = wd.run(&["send", "email", "-c", "papila.toml"]);
    assert_eq!(r.code(), 1);
    assert!(
        r.stderr()
            .contains("email.password: a password is never kept in papila.toml"),
        "{}",
        r.stderr()
    );
    assert!(!r.stderr().contains("\"rahasia\""), "{}", r.stderr());
}

/// A relay with a certificate from its own authority, as government relays often have: papila
/// trusts it through `ca_file`, over STARTTLS and over TLS from the first byte; without
/// `ca_file` it refuses to send at once rather than retrying.
#[test]
fn starttls_and_tls_reach_a_relay_with_its_own_certificate_authority() {
    let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    for (mode, security) in [("starttls", "starttls"), ("implicit", "tls")] {
        let port = free_port();
        let wd = campaign(port, 2, "");
        wd.write("relay-ca.pem", &certified.cert.pem());
        wd.write("relay-key.pem", &certified.signing_key.serialize_pem());
        let config = wd.read("papila.toml");
        let untrusted = config
            .replace("smtp_host = \"127.0.0.1\"", "smtp_host = \"localhost\"")
            .replace("security = \"none\"", &format!("security = \"{security}\""));
        wd.write("papila.toml", &untrusted);
        let maildir = wd.path("maildir");
        let smtp = Smtp::start(
            &wd,
            &maildir,
            &[
                "--tls",
                mode,
                "--cert",
                wd.path("relay-ca.pem").to_str().unwrap(),
                "--key",
                wd.path("relay-key.pem").to_str().unwrap(),
            ],
        );

        let refused = wd.run(&["send", "email", "-c", "papila.toml"]);
        assert_eq!(refused.code(), 1, "{mode}: {}", refused.stdout());
        assert!(
            refused
                .stderr()
                .contains("cannot make a secure connection to localhost")
                && refused.stderr().contains("ca_file"),
            "{mode}: {}",
            refused.stderr()
        );
        assert!(
            !refused.stderr().contains("trying again"),
            "{}",
            refused.stderr()
        );
        assert_eq!(stored(&maildir), 0);

        let trusting = format!("{}ca_file = \"relay-ca.pem\"\n", wd.read("papila.toml"));
        wd.write("papila.toml", &trusting);
        run_ok(&wd, &["send", "email", "-c", "papila.toml"]);
        let got = smtp.received();
        assert_one_each(&got, &[address(1), address(2)]);
        for messages in got.values() {
            let text = String::from_utf8_lossy(&messages[0]);
            assert!(text.contains("\r\nX-Tls: yes\r\n"), "{mode}: not encrypted");
        }
    }
}

/// A person invited again after missing their day gets a new email (a new Message-ID, saying it is
/// a renewed invitation) in the next run; the first email is not sent again.
#[test]
fn a_reinvited_person_gets_a_new_email_with_a_new_message_id() {
    let port = free_port();
    let wd = campaign(port, 2, "");
    let maildir = wd.path("maildir");
    let smtp = Smtp::start(&wd, &maildir, &[]);
    run_ok(&wd, &["send", "email", "-c", "papila.toml"]);
    // Nobody came on Monday 1 July: planning on the 2nd invites both again.
    let plan = run_ok(&wd, &["plan", "-c", "papila.toml", "--today", "2024-07-02"]);
    assert!(plan.stdout().contains("Invited again"), "{}", plan.stdout());
    run_ok(&wd, &["send", "email", "-c", "papila.toml"]);

    let got = smtp.received();
    for i in 1..=2 {
        let messages = &got[&address(i)];
        assert_eq!(
            messages.len(),
            2,
            "{}: the first email and the renewed one",
            address(i)
        );
        let ids: Vec<String> = messages
            .iter()
            .map(|m| {
                MessageParser::default()
                    .parse(m)
                    .unwrap()
                    .message_id()
                    .unwrap()
                    .to_string()
            })
            .collect();
        let mut ns: Vec<&str> = ids.iter().map(|id| id.split('.').nth(1).unwrap()).collect();
        ns.sort();
        assert_eq!(ns, ["1", "2"], "{ids:?}");
        let renewed = messages
            .iter()
            .map(|m| MessageParser::default().parse(m).unwrap())
            .find(|m| m.message_id().unwrap().contains(".2."))
            .unwrap();
        let text = renewed.body_text(0).unwrap();
        assert!(text.contains("UNDANGAN KEMBALI"), "{text}");
        assert!(text.contains("Senin, 1 Juli 2024"), "{text}");
        assert!(text.contains("Jumat, 5 Juli 2024"), "{text}");
    }
    // The first emails stay sent; nothing more is due.
    let again = run_ok(&wd, &["send", "email", "-c", "papila.toml"]);
    assert!(
        again.stdout().contains("Nothing to send"),
        "{}",
        again.stdout()
    );
}

#[test]
fn a_message_deferred_max_attempts_times_fails_for_good_and_is_not_tried_again() {
    let port = free_port();
    let wd = campaign(port, 3, "max_attempts = 1");
    let maildir = wd.path("maildir");
    // The relay defers orang2 once: with one attempt allowed, that is the end of it.
    let smtp = Smtp::start(&wd, &maildir, &["--defer", &address(2)]);
    run_ok(&wd, &["send", "email", "-c", "papila.toml"]);
    assert_one_each(&smtp.received(), &[address(1), address(3)]);
    let failed = wd.csv("out/messages/email-failed.csv");
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert_eq!(failed[0]["email"], address(2));
    assert_eq!(failed[0]["state"], "failed-permanent");
    assert!(
        failed[0]["reply"].starts_with("gave up after 1 tries"),
        "{failed:?}"
    );
    // The next run does not try it again, though the relay would now take it.
    let again = run_ok(&wd, &["send", "email", "-c", "papila.toml"]);
    assert!(
        again.stdout().contains("Nothing to send"),
        "{}",
        again.stdout()
    );
    assert_one_each(&smtp.received(), &[address(1), address(3)]);
}

/// A campaign of four villages (three people each, with no personal email), planned and rendered
/// (round 1), with a contacts file: villages 2001–2003 and the office have an address, 2004 only
/// a WhatsApp number.
fn offices_campaign(port: u16, email_extra: &str) -> Workdir {
    let wd = campaign(port, 0, email_extra);
    let mut csv = format!("{}\n", common::HEADER);
    for v in 1..=4 {
        for i in 1..=3 {
            csv.push_str(&format!(
                "33010217080{v}{i:04};WARGA {v}-{i};17-08-2007;L;BELUM KAWIN;33.01.02.200{v}\n"
            ));
        }
    }
    wd.write("people/desa.csv", &csv);
    wd.write(
        "kontak-desa.csv",
        "code,name,email,whatsapp\n33.01.02.2001,Desa 1,desa1@example.com,\n\
         33.01.02.2002,Desa 2,desa2@example.com,0812-1111-2222\n\
         33.01.02.2003,Desa 3,desa3@example.com,\n33.01.02.2004,Desa 4,,0812-3333-4444\n\
         kesugihan,Kecamatan,kantor@example.com,\n",
    );
    // [email] is the config's last section.
    let config = wd.read("papila.toml");
    wd.write(
        "papila.toml",
        &format!("{config}contacts = \"kontak-desa.csv\"\n"),
    );
    run_ok(&wd, &["run", "-c", "papila.toml"]);
    wd
}

/// The PDF attachments of a stored message, with their subject.
fn attachments(raw: &[u8]) -> (String, Vec<(String, Vec<u8>)>) {
    let message = MessageParser::default().parse(raw).unwrap();
    let subject = message.subject().unwrap_or_default().to_string();
    let files = message
        .attachments()
        .map(|a| {
            (
                a.attachment_name().unwrap_or_default().to_string(),
                a.contents().to_vec(),
            )
        })
        .collect();
    (subject, files)
}

fn round_file(wd: &Workdir, round: &str, village: &str) -> Vec<u8> {
    let dir = wd.path(&format!("out/rounds/{round}"));
    let mut found = Vec::new();
    for kec in std::fs::read_dir(&dir).unwrap() {
        for f in std::fs::read_dir(kec.unwrap().path()).unwrap() {
            found.push(f.unwrap().path());
        }
    }
    found.sort();
    // The villages' files in code order are 2001..2004 by name order in this region's table;
    // found by the village's name on its cover instead, to be sure.
    for f in found {
        let text = String::from_utf8(
            Command::new("pdftotext")
                .args([f.to_str().unwrap(), "-"])
                .output()
                .unwrap()
                .stdout,
        )
        .unwrap();
        if text.contains(&format!("Kode wilayah {village}")) {
            return std::fs::read(f).unwrap();
        }
    }
    panic!("no batch for {village} in round {round}")
}

#[test]
fn each_office_gets_its_round_once_through_faults() {
    let port = free_port();
    let wd = offices_campaign(port, "");
    let maildir = wd.path("maildir");
    let smtp = Smtp::start(
        &wd,
        &maildir,
        &[
            "--defer",
            "desa2@example.com",
            "--reject",
            "desa3@example.com",
        ],
    );
    let r = run_ok(&wd, &["send", "offices", "-c", "papila.toml"]);
    let got = smtp.received();
    let count: BTreeMap<&str, usize> = got.iter().map(|(k, v)| (k.as_str(), v.len())).collect();
    assert_eq!(
        count,
        BTreeMap::from([
            ("desa1@example.com", 1),
            ("desa2@example.com", 1),
            ("kantor@example.com", 1)
        ]),
        "{}",
        r.stdout()
    );
    // Each village office gets its round's batch, byte for byte, and says which round.
    let (subject, files) = attachments(&got["desa1@example.com"][0]);
    assert!(subject.starts_with("Gelombang 1: "), "{subject}");
    assert_eq!(files.len(), 1);
    assert!(files[0].1 == round_file(&wd, "01", "33.01.02.2001"));
    let (_, files) = attachments(&got["desa2@example.com"][0]);
    assert!(files[0].1 == round_file(&wd, "01", "33.01.02.2002"));
    // The recording office gets the day's attendance sheet.
    let (subject, files) = attachments(&got["kantor@example.com"][0]);
    assert!(subject.contains("daftar hadir"), "{subject}");
    assert_eq!(
        files.len(),
        1,
        "{:?}",
        files.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    assert!(
        files[0].1 == std::fs::read(wd.path("out/attendance/kesugihan/2024-07-01.pdf")).unwrap()
    );
    // The rejected address is listed with the server's words; the village without an email
    // address is named with its WhatsApp number.
    let failed = wd.csv("out/messages/offices-failed.csv");
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert_eq!(failed[0]["email"], "desa3@example.com");
    assert!(failed[0]["reply"].starts_with("550"), "{:?}", failed[0]);
    assert!(
        r.stdout().contains("WhatsApp 0812-3333-4444"),
        "{}",
        r.stdout()
    );
    assert!(r.stdout().contains("1 try was put off"), "{}", r.stdout());
    // Its round file is ready to go by WhatsApp: the message prepared, a wa.me link, the file.
    assert!(
        r.stdout().contains("messages/kantor-whatsapp.csv"),
        "{}",
        r.stdout()
    );
    let by_hand = wd.csv("out/messages/kantor-whatsapp.csv");
    assert_eq!(by_hand.len(), 1, "{by_hand:?}");
    assert_eq!(by_hand[0]["whatsapp"], "6281233334444");
    assert!(by_hand[0]["files"].starts_with("rounds/01/"), "{by_hand:?}");
    assert!(
        by_hand[0]["whatsapp_url"].starts_with("https://wa.me/6281233334444?text=Yth%2E"),
        "{by_hand:?}"
    );
    assert!(wd.path("out/messages/kantor-whatsapp.xlsx").is_file());

    // Again: nothing new is sent.
    let again = run_ok(&wd, &["send", "offices", "-c", "papila.toml"]);
    assert!(
        again.stdout().contains("Nothing to send"),
        "{}",
        again.stdout()
    );
    assert_eq!(stored(&maildir), 3);

    // A newcomer in Desa 1 makes round 2: Desa 1 and the office get one email more, nobody else.
    let people = wd.read("people/desa.csv");
    wd.write(
        "people/desa.csv",
        &format!("{people}3301021708019999;WARGA BARU;17-08-2007;L;BELUM KAWIN;33.01.02.2001\n"),
    );
    run_ok(&wd, &["run", "-c", "papila.toml"]);
    run_ok(&wd, &["send", "offices", "-c", "papila.toml"]);
    let got = smtp.received();
    assert_eq!(got["desa1@example.com"].len(), 2);
    assert_eq!(got["desa2@example.com"].len(), 1);
    assert_eq!(got["kantor@example.com"].len(), 2);
    let (subject, files) = attachments(&got["desa1@example.com"][1]);
    let (subject, files) = if subject.starts_with("Gelombang 2") {
        (subject, files)
    } else {
        attachments(&got["desa1@example.com"][0])
    };
    assert!(subject.starts_with("Gelombang 2: "), "{subject}");
    assert!(files[0].1 == round_file(&wd, "02", "33.01.02.2001"));
    let listed = run_ok(&wd, &["rounds", "-c", "papila.toml", "--round", "1"]);
    assert!(listed.stdout().contains("failed"), "{}", listed.stdout());
    assert!(
        listed.stdout().contains("not emailed"),
        "{}",
        listed.stdout()
    );
}

#[test]
fn a_round_with_only_void_letters_tells_its_village_there_is_nothing_to_hand_out() {
    let port = free_port();
    let wd = offices_campaign(port, "");
    let smtp = Smtp::start(&wd, &wd.path("maildir"), &[]);
    run_ok(&wd, &["send", "offices", "-c", "papila.toml"]);
    // WARGA 1-1 leaves the lists: Desa 1's round 2 holds their void letter and nothing else.
    wd.remove_lines("people/desa.csv", "WARGA 1-1;");
    run_ok(&wd, &["run", "-c", "papila.toml"]);
    run_ok(&wd, &["send", "offices", "-c", "papila.toml"]);
    let got = smtp.received();
    let round2 = got["desa1@example.com"]
        .iter()
        .map(|raw| MessageParser::default().parse(raw).unwrap())
        .find(|m| m.subject().unwrap_or_default().starts_with("Gelombang 2"))
        .expect("Desa 1's round 2 email");
    let body = round2.body_text(0).unwrap().replace('\n', " ");
    assert!(
        body.contains("tidak memuat surat untuk diserahkan")
            && body.contains("daftar tanda terima"),
        "{body}"
    );
    assert!(body.contains("1 surat lama tidak berlaku lagi"), "{body}");
    assert!(!body.contains("Mohon berkas dicetak"), "{body}");
    // Its file says so on its cover, and lists the void letter.
    let file = wd.path("round2.pdf");
    std::fs::write(&file, round_file(&wd, "02", "33.01.02.2001")).unwrap();
    let text = common::pdftotext(&file);
    assert!(
        text.contains("tidak memuat surat untuk diserahkan"),
        "{text}"
    );
    assert!(text.contains("WARGA 1-1"), "{text}");
    assert!(
        !text.contains("Kepada Yth."),
        "a letter in a void-only file: {text}"
    );
    // The other villages, with nothing new, get nothing.
    assert_eq!(got["desa2@example.com"].len(), 1);
}

#[test]
fn a_school_gets_its_batch_once_through_a_real_smtp_server() {
    let port = free_port();
    let wd = campaign(port, 0, "");
    let config = wd.read("papila.toml");
    wd.write(
        "papila.toml",
        &format!(
            "{config}contacts = \"kontak.csv\"\n\n[[school]]\nnpsn = \"20301234\"\nname = \"SMA Negeri 1 Kesugihan\"\n\
             address = \"Jl. Raya Kesugihan No. 1\"\nfiles = [\"sekolah/sman1.xlsx\"]\n\n\
             [[team]]\nid = \"tim-1\"\nname = \"Tim Jemput Bola 1\"\n\n\
             [[visit]]\nid = \"sman1-0805\"\nteam = \"tim-1\"\ndate = 2024-08-05\n\
             school = \"20301234\"\nplace = \"Aula SMA Negeri 1 Kesugihan\"\n\
             sessions = [{{ start = \"08:00\", end = \"12:00\", capacity = 100 }}]\n"
        ),
    );
    wd.write(
        "people/desa.csv",
        &format!(
            "{}\n3301021708070001;ANDI PRATAMA;17-08-2007;L;BELUM KAWIN;33.01.02.2001\n",
            common::HEADER
        ),
    );
    std::fs::create_dir_all(wd.path("sekolah")).unwrap();
    wd.write(
        "dapodik.json",
        &serde_json::json!({
            "path": wd.path("sekolah/sman1.xlsx"),
            "school": "SMA Negeri 1 Kesugihan",
            "students": [{ "nik": "3301021708070001", "name": "ANDI PRATAMA",
                           "birth": "2007-08-17", "class": "XII MIPA 1" }],
        })
        .to_string(),
    );
    let made = Command::new("python3")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/support/dapodik.py"
        ))
        .arg(wd.path("dapodik.json"))
        .status()
        .expect("python3 runs");
    assert!(made.success(), "openpyxl writes the Dapodik workbook");
    wd.write(
        "kontak.csv",
        "code,name,email,whatsapp\n33.01.02.2001,Desa 1,desa1@example.com,\n\
         20301234,SMA Negeri 1 Kesugihan,tu@sman1.example.sch.id,\n",
    );
    run_ok(&wd, &["run", "-c", "papila.toml", "--today", "2024-06-20"]);
    let maildir = wd.path("maildir");
    let smtp = Smtp::start(&wd, &maildir, &[]);
    run_ok(&wd, &["send", "offices", "-c", "papila.toml"]);
    let got = smtp.received();
    let school = &got["tu@sman1.example.sch.id"];
    assert_eq!(school.len(), 1);
    let (subject, files) = attachments(&school[0]);
    assert!(
        subject.starts_with("Gelombang 1: surat undangan perekaman KTP-el untuk SMA Negeri 1"),
        "{subject}"
    );
    let body = MessageParser::default()
        .parse(&school[0])
        .unwrap()
        .body_text(0)
        .unwrap()
        .to_string();
    assert!(
        body.contains("Yth. Kepala Sekolah") && body.contains("wali kelas"),
        "the school is told how to hand the letters out:\n{body}"
    );
    assert_eq!(files.len(), 1);
    // The round's school batch: the principal's letter, Andi's letter, the class's receipt list.
    let batch = wd.path("out/rounds/01/sekolah/20301234-sma-negeri-1-kesugihan.pdf");
    assert!(files[0].1 == std::fs::read(&batch).unwrap());
    let text = common::pdftotext(&batch);
    for part in [
        "PEMBERITAHUAN KUNJUNGAN",
        "ANDI PRATAMA",
        "Nomor undangan",
        "TANDA TERIMA",
    ] {
        assert!(text.contains(part), "{part} missing:\n{text}");
    }
    // Andi's letter went through his school: his village has nothing in this round.
    assert!(!got.contains_key("desa1@example.com"), "{:?}", got.keys());
    // Once: a second send sends nothing more.
    run_ok(&wd, &["send", "offices", "-c", "papila.toml"]);
    assert_eq!(smtp.received()["tu@sman1.example.sch.id"].len(), 1);
}

#[test]
fn a_send_offices_killed_mid_run_sends_no_double() {
    let port = free_port();
    let wd = offices_campaign(port, "");
    let maildir = wd.path("maildir");
    let smtp = Smtp::start(&wd, &maildir, &["--delay-ms", "800"]);
    let mut send = common::command(wd.root())
        .args(["send", "offices", "-c", "papila.toml"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_until("a message stored", Duration::from_secs(60), || {
        stored(&maildir) >= 1
    });
    send.kill().unwrap();
    send.wait().unwrap();
    assert!(
        stored(&maildir) < 4,
        "the run finished before it was killed"
    );
    run_ok(&wd, &["send", "offices", "-c", "papila.toml"]);
    let counts: Vec<usize> = smtp.received().values().map(Vec::len).collect();
    assert_eq!(counts, [1, 1, 1, 1], "{:?}", smtp.received().keys());
}

#[test]
fn a_batch_over_the_attachment_limit_arrives_in_parts_that_join_back() {
    let port = free_port();
    let wd = offices_campaign(port, "attachment_limit_mb = 0.07\n");
    let maildir = wd.path("maildir");
    let smtp = Smtp::start(&wd, &maildir, &[]);
    run_ok(&wd, &["send", "offices", "-c", "papila.toml"]);
    let got = smtp.received();
    let mut parts: Vec<(String, Vec<u8>)> = got["desa1@example.com"]
        .iter()
        .map(|raw| {
            let (subject, mut files) = attachments(raw);
            assert_eq!(files.len(), 1);
            (subject, files.remove(0).1)
        })
        .collect();
    parts.sort_by(|a, b| a.0.cmp(&b.0));
    let n = parts.len();
    assert!(n >= 2, "a 70 KB limit splits a village's batch");
    for (i, (subject, bytes)) in parts.iter().enumerate() {
        assert!(
            subject.ends_with(&format!("(bagian {} dari {n})", i + 1)),
            "{subject}"
        );
        // Every part fits: the cut is tried until each does (a letter's shared forms and the
        // fonts repeat in every part, so a guess from the file's size alone is not enough).
        assert!(
            bytes.len() <= 73_400,
            "part {} is {} bytes",
            i + 1,
            bytes.len()
        );
    }
    // The parts, page after page, are the batch's pages: each drawn (pdftoppm, grey, 40 dpi) as
    // the printer would draw it, compared pixel for pixel.
    let pages = |name: &str, bytes: &[u8]| -> Vec<Vec<u8>> {
        let dir = wd.path(&format!("pages-{name}"));
        std::fs::create_dir_all(&dir).unwrap();
        let pdf = dir.join("file.pdf");
        std::fs::write(&pdf, bytes).unwrap();
        let out = Command::new("pdftoppm")
            .args(["-r", "40", "-gray"])
            .arg(&pdf)
            .arg(dir.join("page"))
            .output()
            .expect("pdftoppm (poppler-utils)");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "pgm"))
            .collect();
        // page-01.pgm … page-10.pgm: the same width in one run, so name order is page order.
        files.sort();
        files.iter().map(|p| std::fs::read(p).unwrap()).collect()
    };
    let joined: Vec<Vec<u8>> = parts
        .iter()
        .enumerate()
        .flat_map(|(i, (_, b))| pages(&format!("part{i}"), b))
        .collect();
    let batch = pages("batch", &round_file(&wd, "01", "33.01.02.2001"));
    assert!(batch.len() >= n, "{} pages in {n} parts", batch.len());
    assert_eq!(
        joined.len(),
        batch.len(),
        "the parts hold the batch's pages"
    );
    for (i, (a, b)) in joined.iter().zip(&batch).enumerate() {
        assert!(
            a == b,
            "page {} of the parts differs from the batch's",
            i + 1
        );
    }
}
