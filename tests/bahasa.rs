//! Bahasa Indonesia first, English on request: the catalogues agree key for key, every key the
//! code asks for is in both, the sample campaign says nothing in English, and the choice of
//! language follows `--lang`, `PAPILA_LANG` and `[campaign] lang` in that order.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::{CONFIG, HEADER, Workdir};
use papila::lang::{CATALOGUES, Lang};

/// Each key of a catalogue with the names of the arguments it uses: (said in the text, all,
/// selectors such as English's `{ $count -> [one] … }` included).
type Args = (BTreeSet<String>, BTreeSet<String>);

fn keys(files: &[&str]) -> BTreeMap<String, Args> {
    let mut keys = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in files.iter().flat_map(|f| f.lines()) {
        let starts_entry =
            line.chars().next().is_some_and(|c| c.is_ascii_lowercase()) && line.contains(" =");
        if starts_entry {
            let key = line.split(" =").next().unwrap().trim().to_string();
            keys.insert(key.clone(), Args::default());
            current = Some(key);
        } else if line.starts_with('#') {
            current = None;
        }
        if let Some(key) = &current {
            let (said, all) = keys.get_mut(key).unwrap();
            let mut rest = line;
            while let Some(at) = rest.find("{ $") {
                let name: String = rest[at + 3..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !rest[at + 3 + name.len()..].trim_start().starts_with("->") {
                    said.insert(name.clone());
                }
                all.insert(name);
                rest = &rest[at + 3..];
            }
        }
    }
    keys
}

fn catalogue(lang: Lang) -> BTreeMap<String, Args> {
    let (_, files) = CATALOGUES.iter().find(|(l, _)| *l == lang).unwrap();
    keys(files)
}

#[test]
fn both_catalogues_have_the_same_keys_with_the_same_arguments() {
    let (id, en) = (catalogue(Lang::Id), catalogue(Lang::En));
    let only_id: Vec<_> = id.keys().filter(|k| !en.contains_key(*k)).collect();
    let only_en: Vec<_> = en.keys().filter(|k| !id.contains_key(*k)).collect();
    assert!(only_id.is_empty(), "only in Bahasa Indonesia: {only_id:?}");
    assert!(only_en.is_empty(), "only in English: {only_en:?}");
    // What one language says of a message, the other receives too (a plural's count may be a
    // selector in English alone).
    for (key, (said, all)) in &id {
        let (en_said, en_all) = &en[key];
        assert!(
            said.is_subset(en_all),
            "{key}: {said:?} not all given in English"
        );
        assert!(
            en_said.is_subset(all),
            "{key}: {en_said:?} not all given in Indonesian"
        );
    }
    assert!(
        id.len() > 300,
        "{} keys: the parser read too little",
        id.len()
    );
}

/// papila's own sources, tests set aside.
fn sources() -> String {
    let mut out = String::new();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                out.push_str(text.split("#[cfg(test)]").next().unwrap());
            }
        }
    }
    out
}

/// Every string literal of `code`, read past comments, char literals and escaped quotes.
fn literals(code: &str) -> Vec<String> {
    let b = code.as_bytes();
    let (mut out, mut i) = (Vec::new(), 0);
    while i < b.len() {
        if b[i..].starts_with(b"//") {
            i += b[i..]
                .iter()
                .position(|&c| c == b'\n')
                .unwrap_or(b.len() - i);
        } else if b[i] == b'\'' {
            // '"', '\'' and '–' are chars; 'a in a lifetime is not closed.
            let rest = &code[i + 1..];
            i += if let Some(escaped) = rest.strip_prefix('\\') {
                escaped.find('\'').map_or(1, |end| end + 3)
            } else {
                match rest.chars().next() {
                    Some(c) if rest[c.len_utf8()..].starts_with('\'') => c.len_utf8() + 2,
                    _ => 1,
                }
            };
        } else if b[i] == b'"' {
            let mut literal = Vec::new();
            i += 1;
            while i < b.len() && b[i] != b'"' {
                if b[i] == b'\\' {
                    i += 1;
                }
                literal.push(b[i]);
                i += 1;
            }
            out.push(String::from_utf8_lossy(&literal).into_owned());
            i += 1;
        } else {
            i += 1;
        }
    }
    out
}

#[test]
fn every_key_the_code_names_is_in_both_catalogues_and_every_key_is_used() {
    let (id, en) = (catalogue(Lang::Id), catalogue(Lang::En));
    let prefixes: BTreeSet<&str> = id.keys().map(|k| k.split('-').next().unwrap()).collect();
    let code = sources();
    let literals = literals(&code);
    let shaped = |s: &str| {
        s.contains('-')
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
            && prefixes.contains(s.split('-').next().unwrap())
    };
    let named: BTreeSet<&str> = literals
        .iter()
        .map(String::as_str)
        .filter(|s| shaped(s) || id.contains_key(*s))
        .collect();
    let missing: Vec<_> = named
        .iter()
        .filter(|k| !id.contains_key(**k) || !en.contains_key(**k))
        .collect();
    assert!(
        missing.is_empty(),
        "named in the code, missing from a catalogue: {missing:?}"
    );

    // What `Error::io` does, by its action's own key; the command line's help, by path and id.
    let mut computed: BTreeSet<String> = code
        .split("Error::io(")
        .skip(1)
        .filter_map(|call| call.trim_start().strip_prefix('"'))
        .filter_map(|call| call.split('"').next())
        .map(|action| format!("io-{}", action.replace(' ', "-")))
        .collect();
    for (key, shared) in papila::cli::help_keys() {
        let found = id.contains_key(&key) || shared.as_ref().is_some_and(|s| id.contains_key(s));
        assert!(found, "no help text for {key} (nor {shared:?})");
        computed.insert(key);
        computed.extend(shared);
    }
    for key in computed.iter().filter(|k| k.starts_with("io-")) {
        assert!(
            id.contains_key(key) && en.contains_key(key),
            "no words for the action {key}"
        );
    }

    // A key nobody asks for is a sentence staff will never read; it must go.
    let messages: String = CATALOGUES
        .iter()
        .flat_map(|(_, files)| files.iter())
        .copied()
        .collect();
    let unused: Vec<_> = id
        .keys()
        .filter(|k| {
            !named.contains(k.as_str())
                && !computed.contains(*k)
                && !k.starts_with("help-value-")
                && !k.starts_with("help-")
                && !messages.contains(&format!("{{ {k} }}"))
        })
        .collect();
    assert!(
        unused.is_empty(),
        "in the catalogues, asked for by nothing: {unused:?}"
    );
}

/// Words that mark an English sentence; none is Indonesian, and none is a status value or a
/// column name papila keeps in English for the tools that read them.
const ENGLISH: &[&str] = &[
    "the",
    "is",
    "are",
    "was",
    "were",
    "not",
    "of",
    "and",
    "with",
    "from",
    "has",
    "have",
    "this",
    "that",
    "which",
    "wrote",
    "rows",
    "letters",
    "must",
    "will",
    "cannot",
    "again",
    "into",
    "there",
    "their",
    "they",
    "checked",
    "rendered",
    "appointments",
    "warning",
    "error",
    "hint",
];

fn english_in(text: &str) -> Vec<String> {
    text.lines()
        .filter(|line| {
            // Status values (`out_of_area`) are one word, not English prose.
            line.split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
                .any(|w| ENGLISH.contains(&w.to_ascii_lowercase().as_str()))
        })
        .map(str::to_string)
        .collect()
}

#[test]
fn the_sample_campaign_says_nothing_in_english_by_default() {
    let wd = Workdir::sample();
    // No PAPILA_LANG at all: the default a clerk gets.
    let out = common::command_in(wd.root(), "")
        .env_remove("PAPILA_LANG")
        .args(["run", "-c", "papila.toml"])
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{said}");
    assert!(said.contains("Memeriksa 445 baris"), "{said}");
    assert_eq!(english_in(&said), Vec::<String>::new(), "{said}");
    // Numbers as Indonesians write them: "dicetak dalam 1,1 detik", never "1.1 detik".
    let seconds = said
        .split_whitespace()
        .collect::<Vec<_>>()
        .windows(2)
        .find(|w| w[1] == "detik:")
        .map(|w| w[0].to_string())
        .unwrap_or_else(|| panic!("no seconds in {said}"));
    assert!(
        seconds.contains(',') && !seconds.contains('.'),
        "{seconds} in {said}"
    );

    let manifest = wd.manifest();
    let mut read = 0;
    for row in &manifest {
        for column in ["reason", "warnings"] {
            assert_eq!(english_in(&row[column]), Vec::<String>::new(), "{row:?}");
            read += usize::from(!row[column].is_empty());
        }
    }
    assert!(read > 100, "only {read} reasons and warnings were read");
    // The machine-facing words stay as the spec names them.
    assert!(manifest.iter().any(|r| r["status"] == "too_young"));
    assert!(wd.read("out/manifest.csv").starts_with("source,line,nik"));
}

fn two_rows(wd: &Workdir) {
    wd.write(
        "people/a.csv",
        &format!(
            "{HEADER}\n3301021708070001;ANDI;17-08-2007;L;1;33.01.02.2001\n12345;B;17-08-2007;L;1;33.01.02.2001\n"
        ),
    );
}

#[test]
fn the_language_is_chosen_by_flag_then_variable_then_campaign() {
    let wd = Workdir::campaign();
    two_rows(&wd);
    let check = |lang: &str, extra: &[&str]| {
        let mut args = vec!["check", "-c", "papila.toml"];
        args.extend_from_slice(extra);
        let r = wd.run_in(lang, &args, &[]);
        assert_eq!(r.code(), 0, "{}", r.stderr());
        r.stdout()
    };
    let reason = |wd: &Workdir| wd.row("12345")["reason"].clone();

    // Unset: Bahasa Indonesia, in the summary and in the manifest's reasons.
    assert!(check("", &[]).starts_with("Memeriksa 2 baris dalam 1 file."));
    assert_eq!(
        reason(&wd),
        "NIK: \"12345\" berisi 5 angka; NIK berisi 16 angka"
    );

    // The campaign asks for English.
    let config = CONFIG.replace("region = \"33.01\"", "region = \"33.01\"\nlang = \"en\"");
    wd.write("papila.toml", &config);
    assert!(check("", &[]).starts_with("Checked 2 rows in 1 file."));
    assert_eq!(reason(&wd), "NIK: \"12345\" has 5 digits; a NIK has 16");

    // The variable and the flag each win over the campaign; the flag over the variable.
    assert!(check("id", &[]).starts_with("Memeriksa"));
    assert!(check("", &["--lang", "id"]).starts_with("Memeriksa"));
    assert!(check("id", &["--lang=en"]).starts_with("Checked"));

    // What is no language is refused, and said so.
    let r = wd.run_in("", &["check", "-c", "papila.toml", "--lang", "fr"], &[]);
    assert_eq!(r.code(), 1);
    // Said before any campaign is read: in the default language.
    assert!(r.stderr().contains("\"fr\" bukan bahasa"), "{}", r.stderr());
    wd.write(
        "papila.toml",
        &config.replace("lang = \"en\"", "lang = \"jawa\""),
    );
    let r = wd.run_in("", &["check", "-c", "papila.toml"], &[]);
    assert_eq!(r.code(), 1);
    assert!(
        r.stderr()
            .contains("campaign.lang: \"jawa\" bukan bahasa yang dikenal papila"),
        "{}",
        r.stderr()
    );
}
