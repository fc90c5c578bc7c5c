//! `papila serve` over HTTP, through the real binary: who may do what (a station at its own office
//! only, the district view with its code, CSRF on every POST), what a scan answers and records
//! (a nonce once, an offline scan with its own time), search, undo, the counters, no full NIK in
//! any answer, nothing acknowledged lost to a kill -9, and HTTPS from the station-local CA.

mod common;

use common::run_ok;
use common::station::{DAY, Server, Session, at, campaign, nonce, people};
use serde_json::{Value, json};

#[test]
fn a_station_works_its_own_office_only_and_the_district_view_needs_its_code() {
    let wd = campaign();
    let people = people(&wd);
    let server = Server::start(&wd, &[]);
    let adipala = server.session("adipala");
    let kesugihan_person = &people[at(&people, "kesugihan")[0]];

    // Another office's station: refused, and nothing recorded.
    let (status, _) = adipala.post(
        "/api/stasiun/kesugihan/pindai",
        json!({ "line": kesugihan_person.token, "nonce": nonce() }),
    );
    assert_eq!(status, 403);
    assert_eq!(adipala.get("/api/stasiun/kesugihan/angka").0, 403);
    assert_eq!(adipala.get("/stasiun/kesugihan").0, 403);
    // The district view and its files.
    assert_eq!(adipala.get("/api/distrik").0, 403);
    assert_eq!(adipala.get("/unduh/report.csv").0, 403);
    // Its own office: fine.
    let own = &people[at(&people, "adipala")[0]];
    assert_eq!(adipala.scan("adipala", &own.token)["outcome"], "valid");

    let district = server.session("distrik");
    // The district may work any station of the campaign, but no office it does not have.
    let (status, _) = district.post(
        "/api/stasiun/nowhere/pindai",
        json!({ "line": own.token, "nonce": nonce() }),
    );
    assert_eq!(status, 403);
    let (status, body) = district.get("/api/distrik");
    assert_eq!(status, 200);
    let figures: Value = serde_json::from_str(&body).unwrap();
    let kesugihan = figures["today"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == "kesugihan")
        .unwrap();
    assert_eq!(kesugihan["arrived"], 0, "the refused scan recorded nothing");
    let adipala_today = figures["today"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == "adipala")
        .unwrap();
    assert_eq!(adipala_today["arrived"], 1);
    assert_eq!(figures["total"]["attended"], 1);

    // No session at all: sent to sign in, or refused.
    let anonymous = Session {
        agent: district.agent.clone(),
        base: server.base.clone(),
        cookie: String::new(),
        csrf: String::new(),
    };
    assert_eq!(anonymous.get("/api/distrik").0, 401);
    assert_eq!(anonymous.get("/").0, 303);
    // A made-up cookie for the district.
    let forged = Session {
        cookie: "papila=d:.00000000000000000000000000000000".into(),
        ..anonymous
    };
    assert_eq!(forged.get("/api/distrik").0, 401);
}

#[test]
fn a_post_without_its_csrf_token_is_refused() {
    let wd = campaign();
    let people = people(&wd);
    let server = Server::start(&wd, &[]);
    let station = server.session("kesugihan");
    let person = &people[at(&people, "kesugihan")[0]];
    let path = "/api/stasiun/kesugihan/pindai";
    let body = || json!({ "line": person.token, "nonce": nonce() });
    assert_eq!(station.post_with(path, body(), None).0, 403);
    assert_eq!(station.post_with(path, body(), Some("0123abcd")).0, 403);
    // The district's token is not the station's.
    let district = server.session("distrik");
    assert_eq!(station.post_with(path, body(), Some(&district.csrf)).0, 403);
    assert_eq!(station.counters("kesugihan")["arrived"], 0);
    assert_eq!(station.post(path, body()).0, 200);
    assert_eq!(station.counters("kesugihan")["arrived"], 1);
}

#[test]
fn scans_answer_as_checkin_does_and_a_nonce_is_recorded_once() {
    let wd = campaign();
    let people = people(&wd);
    let server = Server::start(&wd, &[]);
    let station = server.session("kesugihan");
    let mine = at(&people, "kesugihan");
    let person = &people[mine[0]];

    let path = "/api/stasiun/kesugihan/pindai";
    let first = json!({ "line": person.token, "nonce": "scan-1" });
    let (_, answer) = station.post(path, first.clone());
    assert_eq!(answer["outcome"], "valid");
    assert_eq!(answer["tone"], "ok");
    assert_eq!(answer["name"], person.name.as_str());
    assert_eq!(answer["again"], false);
    // The same scan sent again (its answer was lost): the first answer, nothing new recorded.
    let (_, again) = station.post(path, first);
    assert_eq!(again["outcome"], "valid");
    assert_eq!(again["again"], true);
    // A new scan of the same letter.
    let used = station.scan("kesugihan", &person.token);
    assert_eq!(used["outcome"], "already_checked_in");
    assert_eq!(used["tone"], "used");
    assert!(used["detail"].as_str().unwrap().contains("09.00"), "{used}");
    // Typed by hand, lower case, with a space.
    let typed = &people[mine[1]];
    let lower = format!("{} {}", &typed.id[..4], &typed.id[4..]).to_lowercase();
    assert_eq!(station.scan("kesugihan", &lower)["outcome"], "valid");
    // Tampered: one character of the signature changed.
    let mut tampered = people[mine[2]].token.clone();
    let last = tampered.pop().unwrap();
    tampered.push(if last == 'A' { 'B' } else { 'A' });
    let forged = station.scan("kesugihan", &tampered);
    assert_eq!(forged["outcome"], "forged");
    assert_eq!(forged["tone"], "refused");
    assert!(
        forged["name"].is_null(),
        "a forged code names nobody: {forged}"
    );
    assert_eq!(station.scan("kesugihan", "hello")["outcome"], "malformed");

    let counters = station.counters("kesugihan");
    assert_eq!(counters["arrived"], 2);
    assert_eq!(counters["booked"], mine.len());
    assert_eq!(counters["remaining"], mine.len() - 2);
    let latest: Vec<&str> = counters["latest"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["outcome"].as_str().unwrap())
        .collect();
    // Newest first; the repeated nonce is not among them.
    assert_eq!(
        latest,
        [
            "malformed",
            "forged",
            "valid",
            "already_checked_in",
            "valid"
        ]
    );

    // The ledger holds what the terminal `checkin` would: `report` counts two who came.
    drop(server);
    let r = wd.run_with_env(&["report", "-c", "papila.toml"], &[("PAPILA_TODAY", DAY)]);
    assert_eq!(r.code(), 0);
    let kesugihan = wd
        .csv("out/report.csv")
        .into_iter()
        .find(|r| r["level"] == "office" && r["office_id"] == "kesugihan")
        .unwrap();
    assert_eq!(kesugihan["attended"], "2");
}

#[test]
fn a_scan_queued_offline_keeps_the_time_it_was_made() {
    let wd = campaign();
    let people = people(&wd);
    let server = Server::start(&wd, &[]);
    let station = server.session("kesugihan");
    let person = &people[at(&people, "kesugihan")[0]];
    // Made 40 minutes before it reached the server (the clock starts at 09:00).
    let (status, answer) = station.post(
        "/api/stasiun/kesugihan/pindai",
        json!({ "line": person.token, "nonce": nonce(), "age_ms": 40 * 60 * 1000 }),
    );
    assert_eq!(status, 200);
    assert_eq!(answer["outcome"], "valid");
    let counters = station.counters("kesugihan");
    assert_eq!(counters["latest"][0]["time"], "08.20");
    // Not among the arrivals of the last 15 minutes.
    assert_eq!(counters["last_15_min"], 0);
    assert_eq!(counters["arrived"], 1);
}

#[test]
fn search_finds_a_person_of_this_office_by_name_and_birth_date_and_is_bounded() {
    let wd = campaign();
    let people = people(&wd);
    let server = Server::start(&wd, &[]);
    let station = server.session("kesugihan");
    let path = "/api/stasiun/kesugihan/cari";
    let (status, found) = station.post(path, json!({ "name": "aminah", "birth": "2006-08-17" }));
    assert_eq!(status, 200, "{found}");
    let found = found.as_array().unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["name"], "SITI AMINAH");
    assert_eq!(found[0]["nik"], "************0002");
    assert!(found[0]["rt_rw"].as_str().unwrap().starts_with("RT "));
    // The wrong birth date, or a person of another office: nothing.
    let none = |name: &str, birth: &str| {
        let (s, v) = station.post(path, json!({ "name": name, "birth": birth }));
        assert_eq!(s, 200);
        v.as_array().unwrap().len()
    };
    assert_eq!(none("aminah", "2006-08-18"), 0);
    assert_eq!(none("rudi", "2006-02-12"), 0);
    // Too short a name is no search (a list dump by letter); too long a name is refused, and
    // each says which.
    let (s, short) = station.post(path, json!({ "name": "a", "birth": "2006-08-17" }));
    assert_eq!(s, 400);
    assert!(
        short["error"]
            .as_str()
            .unwrap()
            .contains("paling sedikit 3"),
        "{short}"
    );
    let (s, long) = station.post(
        path,
        json!({ "name": "A".repeat(101), "birth": "2006-08-17" }),
    );
    assert_eq!(s, 400);
    assert!(
        long["error"].as_str().unwrap().contains("terlalu panjang"),
        "{long}"
    );
    // Checking in from a search result is a typed id.
    let siti = people.iter().find(|p| p.name == "SITI AMINAH").unwrap();
    assert_eq!(found[0]["id"], siti.id.as_str());
    // Rate-limited: 12 a minute per session.
    let statuses: Vec<u16> = (0..12)
        .map(|_| {
            station
                .post(path, json!({ "name": "andi", "birth": "2006-08-17" }))
                .0
        })
        .collect();
    assert!(statuses.contains(&429), "{statuses:?}");
}

#[test]
fn an_undo_is_kept_in_the_history_and_only_at_its_station() {
    let wd = campaign();
    let people = people(&wd);
    let server = Server::start(&wd, &[]);
    let station = server.session("kesugihan");
    let person = &people[at(&people, "kesugihan")[0]];
    assert_eq!(station.scan("kesugihan", &person.token)["outcome"], "valid");
    let path = "/api/stasiun/kesugihan/batal";
    // A reason is needed.
    assert_eq!(
        station
            .post(path, json!({ "id": person.id, "reason": "" }))
            .0,
        400
    );
    let (status, body) = station.post(
        path,
        json!({ "id": person.id, "reason": "salah orang, kakaknya" }),
    );
    assert_eq!(status, 200, "{body}");
    let counters = station.counters("kesugihan");
    assert_eq!(counters["arrived"], 0);
    let undone = &counters["latest"][0];
    assert_eq!(undone["outcome"], "undone");
    assert_eq!(undone["reason"], "salah orang, kakaknya");
    assert_eq!(undone["name"], person.name.as_str());
    // The valid scan stays in the history too.
    assert_eq!(counters["latest"][1]["outcome"], "valid");
    // Nothing left to undo.
    assert_eq!(
        station
            .post(path, json!({ "id": person.id, "reason": "lagi" }))
            .0,
        409
    );
    // Scanned again, they are valid again (the undo took the check-in back).
    assert_eq!(station.scan("kesugihan", &person.token)["outcome"], "valid");
    // Another station cannot undo it.
    let adipala = server.session("adipala");
    assert_eq!(
        adipala
            .post(
                "/api/stasiun/kesugihan/batal",
                json!({ "id": person.id, "reason": "coba" })
            )
            .0,
        403
    );
}

#[test]
fn no_answer_holds_a_full_nik() {
    let wd = campaign();
    let people = people(&wd);
    let server = Server::start(&wd, &[]);
    let station = server.session("kesugihan");
    let district = server.session("distrik");
    let mut bodies = Vec::new();
    for p in &people {
        if p.office == "kesugihan" {
            bodies.push(station.scan("kesugihan", &p.token).to_string());
            bodies.push(station.scan("kesugihan", &p.id).to_string());
        }
    }
    bodies.push(
        station
            .post(
                "/api/stasiun/kesugihan/cari",
                json!({ "name": "a", "birth": "2006-08-17" }),
            )
            .1
            .to_string(),
    );
    for name in ["andi", "siti", "budi", "dewi"] {
        for birth in ["2006-08-17", "2006-08-18", "2006-01-01"] {
            bodies.push(
                station
                    .post(
                        "/api/stasiun/kesugihan/cari",
                        json!({ "name": name, "birth": birth }),
                    )
                    .1
                    .to_string(),
            );
        }
    }
    assert!(
        bodies.iter().any(|b| b.contains("************")),
        "the search found someone"
    );
    bodies.push(station.get("/stasiun/kesugihan").1);
    bodies.push(station.get("/api/stasiun/kesugihan/angka").1);
    bodies.push(district.get("/").1);
    bodies.push(district.get("/api/distrik").1);
    bodies.push(district.get("/unduh/report.csv").1);
    for p in &people {
        for body in &bodies {
            assert!(!body.contains(&p.nik), "a full NIK in {body}");
        }
    }
}

#[test]
fn a_killed_server_loses_no_checkin_it_answered() {
    let wd = campaign();
    let people = people(&wd);
    let mut server = Server::start(&wd, &[]);
    let station = server.session("distrik");
    let mut answered = 0;
    for p in &people {
        let a = station.scan(&p.office, &p.token);
        assert_eq!(a["outcome"], "valid");
        answered += 1;
    }
    // SIGKILL: no chance to flush anything.
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    let total = district_total(&wd, DAY);
    assert_eq!(total["attended"], answered.to_string());
}

#[test]
fn tls_serves_a_certificate_from_the_station_ca() {
    let wd = campaign();
    let server = Server::start(&wd, &["--tls"]);
    assert!(server.base.starts_with("https://"), "{}", server.base);
    let ca = wd.path("serve/ca.pem");
    assert!(ca.exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(wd.path("serve/ca-key.pem"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "the CA key is owner-only");
    }
    // Python's TLS client trusting only that CA: the chain and the name must both be right.
    let url = format!("{}/masuk", server.base);
    let out = std::process::Command::new("python3")
        .args([
            "-c",
            "import ssl, sys, urllib.request\n\
             ctx = ssl.create_default_context(cafile=sys.argv[1])\n\
             r = urllib.request.urlopen(sys.argv[2], context=ctx)\n\
             print(r.status, r.headers['Content-Security-Policy'] is not None)",
            ca.to_str().unwrap(),
            &url,
        ])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "200 True",
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The cookie is Secure over HTTPS; the CA certificate is offered to phones.
    drop(server);
    let again = Server::start(&wd, &["--tls"]);
    let out = std::process::Command::new("python3")
        .args([
            "-c",
            "import ssl, sys, urllib.request\n\
             ctx = ssl.create_default_context(cafile=sys.argv[1])\n\
             r = urllib.request.urlopen(sys.argv[2], context=ctx)\n\
             print(r.read().decode() == open(sys.argv[1]).read())",
            ca.to_str().unwrap(),
            &format!("{}/ca.pem", again.base),
        ])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "True",
        "a restart keeps the CA phones trust: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Signing in over HTTPS sets a cookie that is Secure (never sent over plain HTTP) and
    // HttpOnly (never read by a page's scripts).
    let out = std::process::Command::new("python3")
        .args([
            "-c",
            "import ssl, sys, http.client, urllib.parse\n\
             ctx = ssl.create_default_context(cafile=sys.argv[1])\n\
             u = urllib.parse.urlparse(sys.argv[2])\n\
             c = http.client.HTTPSConnection(u.hostname, u.port, context=ctx)\n\
             c.request('GET', u.path + '?' + u.query)\n\
             r = c.getresponse()\n\
             print(r.status)\n\
             print(r.getheader('Set-Cookie'))",
            ca.to_str().unwrap(),
            &format!("{}/masuk?kode={}", again.base, again.codes["kesugihan"]),
        ])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    let mut lines = said.lines();
    assert_eq!(
        lines.next(),
        Some("303"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cookie = lines.next().unwrap_or_default();
    let attributes: Vec<String> = cookie
        .split(';')
        .map(|a| a.trim().to_ascii_lowercase())
        .collect();
    assert!(attributes.iter().any(|a| a == "secure"), "{cookie}");
    assert!(attributes.iter().any(|a| a == "httponly"), "{cookie}");
}

#[test]
fn signing_in_by_the_form_needs_the_forms_own_token() {
    let wd = campaign();
    let server = Server::start(&wd, &[]);
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into();
    let url = format!("{}/masuk", server.base);
    let code = server.codes["kesugihan"].as_str();
    // Posted from anywhere but the page (another site's form): refused, no session.
    let r = agent.post(&url).send_form([("kode", code)]).unwrap();
    assert_eq!(r.status(), 403);
    assert!(
        r.headers()
            .get_all("set-cookie")
            .iter()
            .all(|c| !c.to_str().unwrap().starts_with("papila=")),
        "no session for a sign-in without the form's token"
    );
    // As a browser does: the page's cookie and the token in its form.
    let mut page = agent.get(&url).call().unwrap();
    let cookie = page.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    assert!(cookie.starts_with("papila_masuk="));
    let html = page.body_mut().read_to_string().unwrap();
    let token = html
        .split("name=\"token\" value=\"")
        .nth(1)
        .and_then(|t| t.split('"').next())
        .unwrap()
        .to_string();
    // Another form's token does not do.
    let r = agent
        .post(&url)
        .header("Cookie", &cookie)
        .send_form([("kode", code), ("token", "0000")])
        .unwrap();
    assert_eq!(r.status(), 403);
    let r = agent
        .post(&url)
        .header("Cookie", &cookie)
        .send_form([("kode", code), ("token", token.as_str())])
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/stasiun/kesugihan");
    // A session of its own: a random value, nothing of the role or office in it.
    assert!(
        r.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .strip_prefix("papila=")
            .is_some_and(|v| v.len() > 64
                && v[..64].bytes().all(|b| b.is_ascii_hexdigit())
                && v.as_bytes()[64] == b';')
    );
}

#[test]
fn stations_scanning_the_same_letters_at_once_check_each_person_in_once() {
    let wd = campaign();
    let people = people(&wd);
    let server = Server::start(&wd, &[]);
    // Four devices at once: two at each office, each scanning every letter of its office twice,
    // in its own order, so the same person arrives at two devices at the same moment.
    let valid = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|s| {
        for (device, office) in ["kesugihan", "kesugihan", "adipala", "adipala"]
            .into_iter()
            .enumerate()
        {
            let station = server.session(office);
            let (people, valid) = (&people, &valid);
            s.spawn(move || {
                let mut mine = at(people, office);
                if device % 2 == 1 {
                    mine.reverse();
                }
                for _ in 0..2 {
                    for &i in &mine {
                        let answer = station.scan(office, &people[i].token);
                        match answer["outcome"].as_str().unwrap() {
                            "valid" => {
                                valid.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                            }
                            "already_checked_in" => {}
                            other => panic!("{other}: {answer}"),
                        }
                    }
                }
            });
        }
    });
    assert_eq!(
        valid.into_inner(),
        people.len(),
        "each person valid exactly once"
    );
    drop(server);
    let total = district_total(&wd, DAY);
    assert_eq!(total["attended"], people.len().to_string());
}

#[test]
fn a_server_killed_while_stations_write_keeps_every_answered_checkin() {
    let wd = campaign();
    let people = people(&wd);
    let mut server = Server::start(&wd, &[]);
    let stop = std::sync::atomic::AtomicBool::new(false);
    let answered_valid = std::sync::Mutex::new(std::collections::HashSet::new());
    std::thread::scope(|s| {
        for office in ["kesugihan", "adipala"] {
            let station = server.session(office);
            let (people, stop, answered_valid) = (&people, &stop, &answered_valid);
            s.spawn(move || {
                // Scans written one after another (every scan is a row in the ledger) until the
                // server is gone.
                'scanning: loop {
                    for &i in &at(people, office) {
                        if stop.load(std::sync::atomic::Ordering::SeqCst) {
                            break 'scanning;
                        }
                        let sent = station
                            .agent
                            .post(format!("{}/api/stasiun/{office}/pindai", station.base))
                            .header("Cookie", &station.cookie)
                            .header("X-CSRF-Token", &station.csrf)
                            .send_json(json!({ "line": people[i].token, "nonce": nonce() }));
                        let Ok(mut r) = sent else { break 'scanning };
                        let Ok(text) = r.body_mut().read_to_string() else {
                            break 'scanning;
                        };
                        let answer: Value = serde_json::from_str(&text).unwrap_or_default();
                        if answer["outcome"] == "valid" {
                            answered_valid.lock().unwrap().insert(people[i].id.clone());
                        }
                    }
                }
            });
        }
        // Killed while both stations are writing.
        std::thread::sleep(std::time::Duration::from_millis(400));
        server.child.kill().unwrap();
        server.child.wait().unwrap();
        stop.store(true, std::sync::atomic::Ordering::SeqCst);
    });
    let answered = answered_valid.into_inner().unwrap();
    assert!(!answered.is_empty(), "no scan was answered before the kill");
    // The ledger opens, and holds every check-in a station was told of.
    let total = district_total(&wd, DAY);
    let attended: usize = total["attended"].parse().unwrap();
    assert!(
        attended >= answered.len(),
        "{attended} attended, {} answered valid",
        answered.len()
    );
    // And the server starts again on it, where a scan of an answered letter is already in.
    let again = Server::start(&wd, &[]);
    let station = again.session("distrik");
    let first = people.iter().find(|p| answered.contains(&p.id)).unwrap();
    assert_eq!(
        station.scan(&first.office, &first.token)["outcome"],
        "already_checked_in"
    );
}

#[test]
fn an_undo_is_refused_after_its_window() {
    let wd = campaign();
    let people = people(&wd);
    let server = Server::start(&wd, &[]);
    let station = server.session("kesugihan");
    let mine = at(&people, "kesugihan");
    let path = "/api/stasiun/kesugihan/pindai";
    // Scans queued while the network was down: one made 20 minutes ago, one 10 minutes ago.
    for (i, minutes) in [(mine[0], 20), (mine[1], 10)] {
        let (status, answer) = station.post(
            path,
            json!({ "line": people[i].token, "nonce": nonce(), "age_ms": minutes * 60_000 }),
        );
        assert_eq!(status, 200, "{answer}");
        assert_eq!(answer["outcome"], "valid");
    }
    let undo = |i: usize| {
        station.post(
            "/api/stasiun/kesugihan/batal",
            json!({ "id": people[i].id, "reason": "salah orang" }),
        )
    };
    let (status, body) = undo(mine[0]);
    assert_eq!(status, 409, "{body}");
    assert!(body.to_string().contains("15 menit"), "{body}");
    let (status, body) = undo(mine[1]);
    assert_eq!(status, 200, "{body}");
}

#[test]
fn the_district_view_downloads_a_fresh_summary_pdf() {
    let wd = campaign();
    let people = people(&wd);
    let server = Server::start(&wd, &[]);
    let station = server.session("kesugihan");
    let person = &people[at(&people, "kesugihan")[0]];
    assert_eq!(station.scan("kesugihan", &person.token)["outcome"], "valid");
    // A station may not.
    assert_eq!(station.get_bytes("/unduh/summary.pdf").0, 403);
    let district = server.session("distrik");
    let (status, kind, pdf) = district.get_bytes("/unduh/summary.pdf");
    assert_eq!(status, 200);
    assert_eq!(kind, "application/pdf");
    assert!(pdf.starts_with(b"%PDF"), "not a PDF");
    wd.write_bytes("downloaded.pdf", &pdf);
    let text = common::pdftotext(&wd.path("downloaded.pdf"));
    // The check-in just made is counted in it: one of the six invited has come.
    assert!(text.contains("Kesugihan"), "{text}");
    let (status, kind, csv) = district.get_bytes("/unduh/report.csv");
    assert_eq!(status, 200);
    assert!(kind.starts_with("text/csv"), "{kind}");
    let csv = String::from_utf8(csv).unwrap();
    let district_line = csv.lines().find(|l| l.starts_with("district")).unwrap();
    let fields: Vec<&str> = district_line.split(',').collect();
    assert_eq!(fields[5], people.len().to_string(), "{district_line}");
    assert_eq!(fields[6], "1", "{district_line}");
    assert_eq!(district.get_bytes("/unduh/../papila.db").0, 404);
}

/// A scan posted with a given nonce, its status and answer.
fn scan_with_nonce(station: &Session, office: &str, line: &str, nonce: &str) -> (u16, Value) {
    station.post(
        &format!("/api/stasiun/{office}/pindai"),
        json!({ "line": line, "nonce": nonce }),
    )
}

#[test]
fn a_nonce_sent_again_with_another_line_reveals_nothing() {
    let wd = campaign();
    let people = people(&wd);
    let server = Server::start(&wd, &[]);
    let station = server.session("kesugihan");
    let mine = at(&people, "kesugihan");
    let theirs = &people[at(&people, "adipala")[0]];
    let (status, first) = scan_with_nonce(&station, "kesugihan", &people[mine[0]].token, "n-1");
    assert_eq!(status, 200, "{first}");
    // The same nonce with the id of a person of another office, typed: refused, nobody named.
    let (status, again) = scan_with_nonce(&station, "kesugihan", &theirs.id, "n-1");
    assert_eq!(status, 409, "{again}");
    let said = again.to_string();
    assert!(
        !said.contains(&theirs.name) && !said.contains(&theirs.id),
        "{said}"
    );
    // Nor with another token of this office.
    let (status, again) = scan_with_nonce(&station, "kesugihan", &people[mine[1]].token, "n-1");
    assert_eq!(status, 409, "{again}");
    assert!(
        !again.to_string().contains(&people[mine[1]].name),
        "{again}"
    );
    // The same line again is the first answer, again; nothing new was recorded by the refusals.
    let (status, same) = scan_with_nonce(&station, "kesugihan", &people[mine[0]].token, "n-1");
    assert_eq!(
        (status, same["again"].as_bool()),
        (200, Some(true)),
        "{same}"
    );
    assert_eq!(station.counters("kesugihan")["arrived"], 1);
    // Another station sending that nonce learns nothing either.
    let adipala = server.session("adipala");
    let (status, _) = scan_with_nonce(&adipala, "adipala", &theirs.token, "n-1");
    assert_eq!(status, 409);
}

#[test]
fn typed_ids_are_bounded_while_scanned_codes_and_a_queue_flush_go_through() {
    let wd = campaign();
    let people = people(&wd);
    let server = Server::start(&wd, &[]);
    let station = server.session("kesugihan");
    let mine = at(&people, "kesugihan");
    // A queue of 200 signed scans flushed at once (the same letters again and again, each scan
    // its own nonce): every one answered.
    for n in 0..200 {
        let token = &people[mine[n % mine.len()]].token;
        let (status, answer) = scan_with_nonce(&station, "kesugihan", token, &format!("q-{n}"));
        assert_eq!(status, 200, "scan {n}: {answer}");
    }
    // Ids no invitation has, typed one after another: a few mistakes pass, then typing stops.
    let mut refused_at = None;
    for n in 0..40 {
        let (status, _) =
            scan_with_nonce(&station, "kesugihan", &format!("ZZZZZZ{:02}", n), &nonce());
        if status == 429 {
            refused_at = Some(n);
            break;
        }
    }
    let refused_at = refused_at.expect("a burst of unknown ids is refused");
    assert!((5..=15).contains(&refused_at), "refused after {refused_at}");
    // From then on a real id typed on that device is refused too, but its scans still go through.
    let (status, _) = scan_with_nonce(&station, "kesugihan", &people[mine[0]].id, &nonce());
    assert_eq!(status, 429);
    let (status, _) = scan_with_nonce(&station, "kesugihan", &people[mine[0]].token, &nonce());
    assert_eq!(status, 200);
    // Another device of the same office types as before.
    let other = server.session("kesugihan");
    let (status, answer) = scan_with_nonce(&other, "kesugihan", &people[mine[1]].id, &nonce());
    assert_eq!(status, 200, "{answer}");
}

#[test]
fn invitation_ids_are_keyed_not_derived_from_the_nik_alone() {
    // The same campaign and people, planned with two signing keys: other ids, so nobody can work
    // an id out from a NIK without the key.
    let wd = campaign();
    let first: Vec<String> = people(&wd).into_iter().map(|p| p.id).collect();
    let other = campaign();
    std::fs::remove_file(other.path("keys/papila.key")).unwrap();
    std::fs::remove_file(other.path("keys/papila.key.pub")).unwrap();
    std::fs::remove_file(other.path("papila.db")).unwrap();
    assert_eq!(other.run(&["keygen", "keys/papila.key"]).code(), 0);
    let r = other.run(&["plan", "-c", "papila.toml"]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    let second: Vec<String> = people(&other).into_iter().map(|p| p.id).collect();
    assert_eq!(first.len(), second.len());
    assert!(
        first.iter().all(|id| !second.contains(id)),
        "{first:?} {second:?}"
    );
    // A ledger made anew with the same key gives the same ids.
    std::fs::remove_file(wd.path("papila.db")).unwrap();
    let r = wd.run(&["plan", "-c", "papila.toml"]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    let again: Vec<String> = people(&wd).into_iter().map(|p| p.id).collect();
    assert_eq!(first, again);
}

#[test]
fn signing_out_ends_that_session_on_the_server_only() {
    let wd = campaign();
    let people = people(&wd);
    let server = Server::start(&wd, &[]);
    let phone = server.session("kesugihan");
    let laptop = server.session("kesugihan");
    let mine = at(&people, "kesugihan");
    assert_eq!(
        phone.scan("kesugihan", &people[mine[0]].token)["outcome"],
        "valid"
    );
    let (status, _) = phone.post("/keluar", json!({}));
    assert!(status == 303 || status == 200, "{status}");
    // The phone's old cookie, sent again as a copy would be: refused by the server.
    let (status, _) = scan_with_nonce(&phone, "kesugihan", &people[mine[1]].token, &nonce());
    assert_eq!(status, 401);
    assert_eq!(phone.get("/api/stasiun/kesugihan/angka").0, 401);
    // The laptop of the same office still works.
    assert_eq!(
        laptop.scan("kesugihan", &people[mine[1]].token)["outcome"],
        "valid"
    );
    // "Sign out every device" ends the laptop's too.
    let (status, body) = laptop.post("/api/stasiun/kesugihan/keluar-semua", json!({}));
    assert_eq!(status, 200, "{body}");
    assert_eq!(laptop.get("/api/stasiun/kesugihan/angka").0, 401);
    // The code still opens a new session.
    let again = server.session("kesugihan");
    assert_eq!(again.get("/api/stasiun/kesugihan/angka").0, 200);
}

#[test]
fn an_expired_sessions_queued_scan_is_recorded_once_after_signing_in_again() {
    let wd = campaign();
    let people = people(&wd);
    let person = &people[at(&people, "kesugihan")[0]];
    let server = Server::start(&wd, &[]);
    let old = server.session("kesugihan");
    drop(server);
    // The next day the session (14 hours) has expired, also across the restart: the scan made
    // then waits in the page's queue.
    let server = Server::start(&wd, &["--today", "2024-07-02"]);
    let expired = Session {
        base: server.base.clone(),
        ..old
    };
    let (status, _) = scan_with_nonce(&expired, "kesugihan", &person.token, "queued-1");
    assert_eq!(status, 401);
    // Signed in again, the page sends its queue: recorded once, however often it is sent.
    let fresh = server.session("kesugihan");
    let (status, first) = scan_with_nonce(&fresh, "kesugihan", &person.token, "queued-1");
    assert_eq!(status, 200, "{first}");
    assert_eq!(first["again"], false);
    let (_, again) = scan_with_nonce(&fresh, "kesugihan", &person.token, "queued-1");
    assert_eq!(again["again"], true);
    assert_eq!(
        fresh.counters("kesugihan")["arrived"],
        0,
        "their day was the 1st"
    );
    drop(server);
    assert_eq!(district_total(&wd, "2024-07-02")["attended"], "1");
}

/// The server's resident memory, in KiB.
fn resident_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap()
}

#[test]
fn stalled_strangers_hold_no_memory_and_a_half_sent_request_is_closed() {
    use std::io::{Read, Write};
    let wd = campaign();
    let server = Server::start(&wd, &[]);
    let address = server.base.trim_start_matches("http://").to_string();
    // 300 connections with no session, each announcing a 2 MB body and sending a little of it.
    let mut stalled = Vec::new();
    for _ in 0..300 {
        let Ok(mut c) = std::net::TcpStream::connect(&address) else {
            continue;
        };
        let _ = c.write_all(
            b"POST /api/stasiun/kesugihan/pindai HTTP/1.1\r\nHost: x\r\n\
              Content-Type: application/json\r\nContent-Length: 2000000\r\n\r\n{\"line\":\"",
        );
        let _ = c.write_all(&[b'A'; 60_000]);
        stalled.push(c);
    }
    std::thread::sleep(std::time::Duration::from_millis(500));
    let rss = resident_kib(server.child.id());
    assert!(
        rss < 400 * 1024,
        "{} MiB with 300 stalled bodies",
        rss / 1024
    );
    drop(stalled);
    // A request line sent half and left: closed by the server within its timeout (10 s).
    let mut half = std::net::TcpStream::connect(&address).unwrap();
    half.write_all(b"GET /masuk HT").unwrap();
    half.set_read_timeout(Some(std::time::Duration::from_secs(20)))
        .unwrap();
    let started = std::time::Instant::now();
    let mut buf = [0u8; 512];
    let read = half.read(&mut buf);
    let waited = started.elapsed();
    assert!(
        matches!(read, Ok(0))
            || matches!(&read, Ok(n) if buf[..*n].starts_with(b"HTTP/1.1 408"))
            || read.is_err() && waited < std::time::Duration::from_secs(19),
        "{read:?} after {waited:?}"
    );
    assert!(
        waited < std::time::Duration::from_secs(15),
        "closed after {waited:?}"
    );
    // The stations still work.
    let station = server.session("kesugihan");
    assert_eq!(station.get("/api/stasiun/kesugihan/angka").0, 200);
}

#[test]
fn the_station_ca_vouches_for_the_station_and_for_no_other_site() {
    let wd = campaign();
    let server = Server::start(&wd, &["--tls"]);
    drop(server);
    let serve = wd.path("serve");
    let openssl = |args: &[&str]| {
        std::process::Command::new("openssl")
            .args(args)
            .current_dir(&serve)
            .output()
            .expect("openssl (scripts/test installs it)")
    };
    // A certificate made with the CA's own key (as whoever holds it could) for `name` (`DNS:…` or
    // `IP:…`), with that subject: whether `openssl verify` accepts it for `check` (its -verify_*
    // option and value).
    let certificate_verifies = |stem: &str, subject: &str, name: &str, check: [&str; 2]| {
        let made = openssl(&[
            "req",
            "-new",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            &format!("{stem}.key"),
            "-subj",
            subject,
            "-out",
            &format!("{stem}.csr"),
        ]);
        assert!(
            made.status.success(),
            "{}",
            String::from_utf8_lossy(&made.stderr)
        );
        let ext = format!("{stem}.cnf");
        std::fs::write(
            serve.join(&ext),
            format!("subjectAltName={name}\nextendedKeyUsage=serverAuth\n"),
        )
        .unwrap();
        let signed = openssl(&[
            "x509",
            "-req",
            "-in",
            &format!("{stem}.csr"),
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca-key.pem",
            "-CAcreateserial",
            "-days",
            "30",
            "-extfile",
            &ext,
            "-out",
            &format!("{stem}.pem"),
        ]);
        assert!(
            signed.status.success(),
            "{}",
            String::from_utf8_lossy(&signed.stderr)
        );
        let verify = openssl(&[
            "verify",
            "-CAfile",
            "ca.pem",
            check[0],
            check[1],
            &format!("{stem}.pem"),
        ]);
        verify.status.success()
    };
    // A public site's: refused by the CA's name constraints.
    assert!(
        !certificate_verifies(
            "forged",
            "/CN=accounts.google.com",
            "DNS:accounts.google.com",
            ["-verify_hostname", "accounts.google.com"]
        ),
        "a forged certificate for accounts.google.com verified"
    );
    // A station's for a LAN address: accepted.
    assert!(
        certificate_verifies(
            "lan",
            "/CN=papila serve",
            "IP:192.168.1.10",
            ["-verify_ip", "192.168.1.10"]
        ),
        "a station certificate for a LAN address did not verify"
    );
    // The CA lives about two years, not until 4096, and names no campaign.
    let text = openssl(&["x509", "-in", "ca.pem", "-noout", "-enddate", "-subject"]);
    let text = String::from_utf8_lossy(&text.stdout).to_string();
    let year: i32 = text
        .lines()
        .find_map(|l| l.strip_prefix("notAfter="))
        .and_then(|d| d.split_whitespace().nth(3))
        .and_then(|y| y.parse().ok())
        .unwrap_or_else(|| panic!("{text}"));
    let now: i32 = chrono::Utc::now().format("%Y").to_string().parse().unwrap();
    assert!(year <= now + 3, "{text}");
    assert!(!text.contains("test-2024"), "{text}");
    // Without its certificate, the key is never replaced silently.
    std::fs::remove_file(serve.join("ca.pem")).unwrap();
    let key_before = std::fs::read(serve.join("ca-key.pem")).unwrap();
    let r = wd.run_with_env(
        &[
            "serve",
            "-c",
            "papila.toml",
            "--listen",
            "127.0.0.1:0",
            "--tls",
        ],
        &[("PAPILA_TODAY", DAY)],
    );
    assert_eq!(r.code(), 1, "{}", r.stderr());
    assert!(r.stderr().contains("ca.pem"), "{}", r.stderr());
    assert_eq!(std::fs::read(serve.join("ca-key.pem")).unwrap(), key_before);
}

#[test]
fn an_old_letter_of_a_moved_appointment_is_replaced_at_the_station_too() {
    let wd = campaign();
    let people = people(&wd);
    let person = &people[at(&people, "kesugihan")[0]];
    // The letter printed before the appointment moved: the same invitation, another day.
    let key = papila::keys::load(&wd.path("keys/papila.key")).unwrap();
    let manifest = wd.row(&person.nik);
    let hm = |t: &str| chrono::NaiveTime::parse_from_str(t, "%H:%M").unwrap();
    let old = papila::token::Claims {
        campaign: papila::token::Campaign::of("test-2024"),
        invitation_id: person.id.clone(),
        appointment: papila::appointment::Appointment {
            office_id: "kesugihan".into(),
            date: chrono::NaiveDate::from_ymd_opt(2024, 7, 9).unwrap(),
            start: hm(&manifest["start"]),
            end: hm(&manifest["end"]),
        },
    };
    let old_letter = papila::token::sign(&key, &old);
    let server = Server::start(&wd, &[]);
    let station = server.session("kesugihan");
    let answer = station.scan("kesugihan", &old_letter);
    assert_eq!(answer["outcome"], "replaced", "{answer}");
    assert_eq!(answer["tone"], "other-day");
    assert_eq!(answer["name"], person.name.as_str());
    // It names the appointment that stands (1 July), as checkin and verify do.
    assert!(
        answer["detail"].as_str().unwrap().contains("1 Juli 2024"),
        "{answer}"
    );
    assert!(
        answer["title"].as_str().unwrap().contains("SURAT LAMA"),
        "{answer}"
    );
    assert_eq!(station.counters("kesugihan")["arrived"], 1, "accepted");
}

#[test]
fn a_walk_in_without_a_seat_is_found_by_search_and_recorded_at_its_own_office_only() {
    let wd = campaign();
    // One place per office in all: of Kesugihan's four people three are left without one.
    common::Config::from(common::station::CONFIG)
        .set("campaign.end", "2024-07-01")
        .set(
            "office.sessions",
            r#"[{ start = "08:00", end = "12:00", capacity = 1 }]"#,
        )
        .write(&wd);
    run_ok(
        &wd,
        &[
            "plan",
            "-c",
            "papila.toml",
            "--today",
            "2024-06-20",
            "--replan",
        ],
    );
    let unseated: Vec<_> = wd
        .manifest()
        .into_iter()
        .filter(|r| {
            r["status"] == "overflow"
                && r["village_code"].starts_with("33.01.02.200")
                && ["ANDI", "SITI", "BUDI", "DEWI"]
                    .iter()
                    .any(|n| r["name"].starts_with(n))
        })
        .collect();
    let who = unseated
        .first()
        .expect("someone of Kesugihan without a place");
    let births = [
        ("SITI AMINAH", "2006-08-17"),
        ("ANDI PRATAMA", "2006-08-17"),
        ("BUDI SANTOSO", "2006-08-18"),
        ("DEWI LESTARI", "2006-01-01"),
    ];
    let birth = births.iter().find(|(n, _)| *n == who["name"]).unwrap().1;
    let name = who["name"].split(' ').next().unwrap().to_lowercase();
    let server = Server::start(&wd, &[]);
    let kesugihan = server.session("kesugihan");
    let adipala = server.session("adipala");
    let search = |s: &Session, office: &str| {
        let (status, v) = s.post(
            &format!("/api/stasiun/{office}/cari"),
            json!({ "name": name, "birth": birth }),
        );
        assert_eq!(status, 200, "{v}");
        v.as_array().unwrap().clone()
    };
    // Their own office's station finds them, with a reference and no invitation, NIK masked.
    let found = search(&kesugihan, "kesugihan");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0]["id"].is_null(), "{found:?}");
    let walk_in = found[0]["walk_in"].as_str().unwrap().to_string();
    assert_eq!(found[0]["name"], who["name"].as_str());
    assert_eq!(
        found[0]["nik"],
        format!("************{}", &who["nik"][12..])
    );
    assert!(!found[0].to_string().contains(&who["nik"][..12]));
    // Another office's station does not.
    assert!(search(&adipala, "adipala").is_empty());
    let record = |s: &Session, office: &str, reference: &str| {
        s.post(
            &format!("/api/stasiun/{office}/datang"),
            json!({ "name": name, "birth": birth, "walk_in": reference }),
        )
    };
    // A made-up reference, or this one at another office, records nothing.
    assert_eq!(
        record(&kesugihan, "kesugihan", "00112233445566778899aabb").0,
        404
    );
    assert_eq!(record(&adipala, "adipala", &walk_in).0, 404);
    assert_eq!(kesugihan.counters("kesugihan")["arrived"], 0);
    // Recorded: checked in at once, in the session running now.
    let (status, answer) = record(&kesugihan, "kesugihan", &walk_in);
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["outcome"], "valid");
    assert_eq!(answer["name"], who["name"].as_str());
    assert!(
        answer["title"]
            .as_str()
            .unwrap()
            .contains("DATANG LANGSUNG")
    );
    assert_eq!(kesugihan.counters("kesugihan")["arrived"], 1);
    // Twice: they have an appointment now, and the search shows it checked in.
    assert_eq!(record(&kesugihan, "kesugihan", &walk_in).0, 404);
    let again = search(&kesugihan, "kesugihan");
    assert_eq!(again.len(), 1, "{again:?}");
    assert!(again[0]["walk_in"].is_null());
    assert!(again[0]["checked_in"].is_string(), "{again:?}");
    drop(server);
    let total = district_total(&wd, DAY);
    assert_eq!(total["walk_in"], "1", "{total:?}");
    assert_eq!(total["attended"], "1", "{total:?}");
}

/// `papila report` as of `day`, its district line (the whole campaign's figures).
fn district_total(wd: &common::Workdir, day: &str) -> std::collections::HashMap<String, String> {
    let r = wd.run_with_env(&["report", "-c", "papila.toml"], &[("PAPILA_TODAY", day)]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    wd.csv("out/report.csv")
        .into_iter()
        .find(|r| r["level"] == "district")
        .unwrap()
}
