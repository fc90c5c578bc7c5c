//! A campaign of two offices planned for `papila serve`, the tokens its letters carry, and a
//! running server with signed-in sessions: what the HTTP and the browser tests share.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};

use chrono::{NaiveDate, NaiveTime};
use papila::token::{Claims, sign};
use serde_json::{Value, json};

use super::{HEADER, Workdir};

/// Two offices: Kesugihan serves two villages, Adipala two others; six people on 2024-07-01.
pub const CONFIG: &str = r#"
[campaign]
id = "test-2024"
title = "Perekaman KTP-el Pemilih Pemula"
election_date = 2024-11-27
start = 2024-07-01
end = 2024-10-31
region = "33.01"

[issuer]
government = "Pemerintah Kabupaten Cilacap"
agency = "Dinas Kependudukan dan Pencatatan Sipil"
address = "Jl. Kalimantan No. 1"
signatory = "Drs. Contoh"
signatory_title = "Kepala Dinas"
signatory_id = "NIP 1970"
letter_number = "470/{seq}/2024"

[input]
files = ["people/"]

[signing]
key = "keys/papila.key"

[[office]]
id = "kesugihan"
name = "Kantor Kecamatan Kesugihan"
villages = ["33.01.02.2001", "33.01.02.2002"]
weekdays = ["mon", "tue", "wed", "thu", "fri"]
sessions = [{ start = "08:00", end = "12:00", capacity = 60 }]

[[office]]
id = "adipala"
name = "Kantor Kecamatan Adipala"
villages = ["33.01.02.2003", "33.01.02.2004"]
weekdays = ["mon", "tue", "wed", "thu", "fri"]
sessions = [{ start = "08:00", end = "12:00", capacity = 60 }]
"#;

pub const DAY: &str = "2024-07-01";

pub fn campaign() -> Workdir {
    let wd = Workdir::new();
    wd.write("papila.toml", CONFIG);
    wd.keygen();
    wd.write(
        "people/desa.csv",
        &format!(
            "{}\n3301021708070001;ANDI PRATAMA;17-08-2006;L;BELUM KAWIN;33.01.02.2001\n\
             3301025708070002;SITI AMINAH;17-08-2006;P;BELUM KAWIN;33.01.02.2001\n\
             3301021808070003;BUDI SANTOSO;18-08-2006;L;BELUM KAWIN;33.01.02.2002\n\
             3301024101060004;DEWI LESTARI;01-01-2006;P;BELUM KAWIN;33.01.02.2002\n\
             3301021202060005;RUDI HARTONO;12-02-2006;L;BELUM KAWIN;33.01.02.2003\n\
             3301025303060006;RINA WATI;13-03-2006;P;BELUM KAWIN;33.01.02.2004\n",
            HEADER
        ),
    );
    let r = wd.run(&["plan", "-c", "papila.toml"]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    wd
}

/// A person as the manifest has them, with the token their letter carries.
pub struct Person {
    pub nik: String,
    pub name: String,
    pub id: String,
    pub office: String,
    pub token: String,
}

pub fn people(wd: &Workdir) -> Vec<Person> {
    let key = papila::keys::load(&wd.path("keys/papila.key")).unwrap();
    wd.manifest()
        .into_iter()
        .filter(|r| r["status"] == "invited")
        .map(|r| {
            let hm = |t: &str| NaiveTime::parse_from_str(t, "%H:%M").unwrap();
            let claims = Claims {
                campaign: papila::token::Campaign::of("test-2024"),
                invitation_id: r["invitation_id"].clone(),
                appointment: papila::appointment::Appointment {
                    office_id: r["office_id"].clone(),
                    date: NaiveDate::parse_from_str(&r["date"], "%Y-%m-%d").unwrap(),
                    start: hm(&r["start"]),
                    end: hm(&r["end"]),
                },
            };
            Person {
                nik: r["nik"].clone(),
                name: r["name"].clone(),
                id: r["invitation_id"].clone(),
                office: r["office_id"].clone(),
                token: sign(&key, &claims),
            }
        })
        .collect()
}

/// A running `papila serve`, killed when dropped.
pub struct Server {
    pub child: Child,
    pub base: String,
    pub codes: HashMap<String, String>,
}

impl Server {
    pub fn start(wd: &Workdir, extra: &[&str]) -> Server {
        let mut args = vec!["serve", "-c", "papila.toml", "--listen", "127.0.0.1:0"];
        args.extend_from_slice(extra);
        // In Bahasa Indonesia, the language of the station's pages: the codes are read off its words.
        let mut child = super::command_in(wd.root(), "id")
            .args(&args)
            .env("PAPILA_TODAY", DAY)
            .env("PAPILA_TIME", "09:00")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let first = lines.next().expect("serve said nothing").unwrap();
        let base = first
            .split_whitespace()
            .find(|w| w.starts_with("http"))
            .unwrap_or_else(|| panic!("no address in {first:?}"))
            .to_string();
        let mut codes = HashMap::new();
        for line in lines.by_ref().take_while(|l| l.is_ok()) {
            let line = line.unwrap();
            let words: Vec<&str> = line.split_whitespace().collect();
            if let Some(i) = words.iter().position(|w| *w == "kode") {
                let who = if words[0] == "Tampilan" {
                    "distrik"
                } else {
                    words[1]
                };
                codes.insert(who.to_string(), words[i + 1].to_string());
            }
            if line.starts_with("Berikan") {
                break;
            }
        }
        Server { child, base, codes }
    }

    /// A browser-like session signed in with `who`'s code: its cookie and CSRF token.
    pub fn session(&self, who: &str) -> Session {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .build()
            .into();
        let r = agent
            .get(format!("{}/masuk?kode={}", self.base, self.codes[who]))
            .call()
            .unwrap();
        assert_eq!(r.status(), 303);
        let cookie = r.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_string();
        let page = if who == "distrik" {
            "/".to_string()
        } else {
            format!("/stasiun/{who}")
        };
        let mut s = Session {
            agent,
            base: self.base.clone(),
            cookie,
            csrf: String::new(),
        };
        let html = s.get(&page).1;
        s.csrf = html
            .split("name=\"csrf\" content=\"")
            .nth(1)
            .and_then(|t| t.split('"').next())
            .unwrap()
            .to_string();
        s
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct Session {
    pub agent: ureq::Agent,
    pub base: String,
    pub cookie: String,
    pub csrf: String,
}

impl Session {
    pub fn get(&self, path: &str) -> (u16, String) {
        let mut r = self
            .agent
            .get(format!("{}{path}", self.base))
            .header("Cookie", &self.cookie)
            .call()
            .unwrap();
        (r.status().as_u16(), r.body_mut().read_to_string().unwrap())
    }

    /// A download: its status, content type and bytes.
    pub fn get_bytes(&self, path: &str) -> (u16, String, Vec<u8>) {
        let mut r = self
            .agent
            .get(format!("{}{path}", self.base))
            .header("Cookie", &self.cookie)
            .call()
            .unwrap();
        let kind = r
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        let bytes = r
            .body_mut()
            .with_config()
            .limit(50 << 20)
            .read_to_vec()
            .unwrap();
        (r.status().as_u16(), kind, bytes)
    }

    pub fn post_with(&self, path: &str, body: Value, csrf: Option<&str>) -> (u16, Value) {
        let mut req = self
            .agent
            .post(format!("{}{path}", self.base))
            .header("Cookie", &self.cookie);
        if let Some(token) = csrf {
            req = req.header("X-CSRF-Token", token);
        }
        let mut r = req.send_json(&body).unwrap();
        let status = r.status().as_u16();
        let text = r.body_mut().read_to_string().unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    pub fn post(&self, path: &str, body: Value) -> (u16, Value) {
        let csrf = self.csrf.clone();
        self.post_with(path, body, Some(&csrf))
    }

    pub fn scan(&self, office: &str, line: &str) -> Value {
        let (status, answer) = self.post(
            &format!("/api/stasiun/{office}/pindai"),
            json!({ "line": line, "nonce": nonce() }),
        );
        assert_eq!(status, 200, "{answer}");
        answer
    }

    pub fn counters(&self, office: &str) -> Value {
        let (status, body) = self.get(&format!("/api/stasiun/{office}/angka"));
        assert_eq!(status, 200, "{body}");
        serde_json::from_str(&body).unwrap()
    }
}

pub fn nonce() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    format!(
        "{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

pub fn at(people: &[Person], office: &str) -> Vec<usize> {
    (0..people.len())
        .filter(|&i| people[i].office == office)
        .collect()
}
