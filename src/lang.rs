//! The language papila speaks to staff, chosen once, and its message catalogues (`locales/`).
//!
//! Every sentence a person reads from the tool (summaries, progress, errors and hints, the
//! manifest's reasons and warnings, `--help`) is a Fluent message looked up here by key with named
//! arguments, in Bahasa Indonesia unless English is asked for. Machine-facing words (CSV columns,
//! status values, `verify`'s outcomes, exit codes) are not messages and never change.
//!
//! The choice, strongest first: `--lang`, `PAPILA_LANG`, `[campaign] lang`, then Indonesian.

use std::sync::LazyLock;
use std::sync::atomic::{AtomicU8, Ordering};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Id,
    En,
}

impl Lang {
    /// `id` or `en` (also `indonesia`, `english`, in any case); None for anything else.
    pub(crate) fn parse(text: &str) -> Option<Lang> {
        match text.trim().to_ascii_lowercase().as_str() {
            "id" | "id-id" | "ind" | "indonesia" | "indonesian" | "bahasa" => Some(Lang::Id),
            "en" | "en-us" | "en-gb" | "eng" | "english" | "inggris" => Some(Lang::En),
            _ => None,
        }
    }

    pub(crate) fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// The catalogue files of one language, in `locales/<lang>/`, one per part of the tool.
macro_rules! catalogue {
    ($lang:literal) => {
        [
            include_str!(concat!("../locales/", $lang, "/cli.ftl")),
            include_str!(concat!("../locales/", $lang, "/errors.ftl")),
            include_str!(concat!("../locales/", $lang, "/config.ftl")),
            include_str!(concat!("../locales/", $lang, "/rows.ftl")),
            include_str!(concat!("../locales/", $lang, "/commands.ftl")),
            include_str!(concat!("../locales/", $lang, "/render.ftl")),
            include_str!(concat!("../locales/", $lang, "/send.ftl")),
            include_str!(concat!("../locales/", $lang, "/checkin.ftl")),
        ]
    };
}

/// Each language's catalogue files, as compiled in; `tests` compare their keys.
pub const CATALOGUES: [(Lang, [&str; 8]); 2] =
    [(Lang::Id, catalogue!("id")), (Lang::En, catalogue!("en"))];

const UNSET: u8 = 0;
/// Set by `--lang` or `PAPILA_LANG`: the campaign's own setting does not override it.
const EXPLICIT: u8 = 0x10;
static CHOSEN: AtomicU8 = AtomicU8::new(UNSET);

/// The language messages are written in now.
pub(crate) fn current() -> Lang {
    match CHOSEN.load(Ordering::Relaxed) & 0x0f {
        2 => Lang::En,
        1 => Lang::Id,
        // Unit tests assert the English texts; `tests/` check both languages through the binary.
        _ if cfg!(test) => Lang::En,
        _ => Lang::Id,
    }
}

/// The language asked for on the command line or in the environment: it wins over the campaign's.
pub(crate) fn choose(lang: Lang) {
    CHOSEN.store(EXPLICIT | (lang.index() as u8 + 1), Ordering::Relaxed);
}

/// The campaign's `[campaign] lang`, used unless the command line or environment chose.
pub(crate) fn campaign_default(lang: Lang) {
    let _ = CHOSEN.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |now| {
        (now & EXPLICIT == 0).then_some(lang.index() as u8 + 1)
    });
}

/// Reads `--lang X` / `--lang=X` from the raw arguments, else `PAPILA_LANG`, before clap parses
/// anything (so `--help` is already in that language). A value that is no language is left to
/// clap (for `--lang`) or named in the returned warning (for the variable).
pub fn choose_from(args: &[std::ffi::OsString]) -> Option<String> {
    let mut given = None;
    let mut it = args.iter().skip(1);
    while let Some(arg) = it.next() {
        let Some(arg) = arg.to_str() else { continue };
        if arg == "--" {
            break;
        }
        if arg == "--lang" {
            given = it.next().and_then(|v| v.to_str()).map(str::to_string);
        } else if let Some(v) = arg.strip_prefix("--lang=") {
            given = Some(v.to_string());
        }
    }
    if let Some(lang) = given.as_deref().and_then(Lang::parse) {
        choose(lang);
        return None;
    }
    let var = std::env::var("PAPILA_LANG").ok()?;
    if var.trim().is_empty() {
        return None;
    }
    match Lang::parse(&var) {
        Some(lang) => {
            choose(lang);
            None
        }
        None => Some(format!(
            "{}: {}",
            text("warning-prefix", &[]),
            text(
                "lang-env-unknown",
                &[("value", crate::text::cut(&var, 20).into_owned().into())]
            )
        )),
    }
}

type Bundle = FluentBundle<FluentResource>;

static BUNDLES: LazyLock<[Bundle; 2]> =
    LazyLock::new(|| CATALOGUES.map(|(lang, files)| bundle(lang, &files)));

fn bundle(lang: Lang, files: &[&str]) -> Bundle {
    let id: unic_langid::LanguageIdentifier = lang.code().parse().expect("a language code");
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Terminals and CSV cells show Unicode isolation marks as stray characters.
    bundle.set_use_isolating(false);
    for file in files {
        let resource = FluentResource::try_new(file.to_string()).unwrap_or_else(|(_, errors)| {
            panic!("a catalogue of {} does not parse: {errors:?}", lang.code())
        });
        bundle.add_resource(resource).unwrap_or_else(|errors| {
            panic!("a key of {} is defined twice: {errors:?}", lang.code())
        });
    }
    bundle
}

/// One named argument of a message.
pub(crate) struct Arg(FluentValue<'static>);

macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Arg {
                Arg(FluentValue::from(n))
            }
        }
    )*};
}
number_arg!(usize, u64, u32, i64, i32, u16, u8);

macro_rules! copied_arg {
    ($($t:ty),*) => {$(
        impl From<&$t> for Arg {
            fn from(n: &$t) -> Arg {
                Arg::from(*n)
            }
        }
    )*};
}
copied_arg!(usize, u64, u32, i64, i32, u16, chrono::NaiveDate);

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg(FluentValue::from(s))
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg(FluentValue::from(s.to_string()))
    }
}

impl From<&&str> for Arg {
    fn from(s: &&str) -> Arg {
        Arg::from(*s)
    }
}

impl From<&String> for Arg {
    fn from(s: &String) -> Arg {
        Arg::from(s.as_str())
    }
}

impl From<&std::path::Path> for Arg {
    fn from(p: &std::path::Path) -> Arg {
        Arg::from(p.display().to_string())
    }
}

impl From<&std::path::PathBuf> for Arg {
    fn from(p: &std::path::PathBuf) -> Arg {
        Arg::from(p.as_path())
    }
}

impl From<chrono::NaiveDate> for Arg {
    fn from(d: chrono::NaiveDate) -> Arg {
        Arg::from(d.to_string())
    }
}

/// The message `key` in the current language with its arguments filled in.
pub(crate) fn text(key: &str, args: &[(&str, Arg)]) -> String {
    text_in(current(), key, args)
}

/// The message `key` in `lang`. A key missing from the catalogue is a bug that `tests/lang.rs`
/// catches; were one to slip through, the key itself is shown rather than nothing.
pub(crate) fn text_in(lang: Lang, key: &str, args: &[(&str, Arg)]) -> String {
    let bundle = &BUNDLES[lang.index()];
    let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
        debug_assert!(false, "no message {key} in the {} catalogue", lang.code());
        return key.to_string();
    };
    let mut fluent_args = FluentArgs::with_capacity(args.len());
    for (name, Arg(value)) in args {
        fluent_args.set(*name, value.clone());
    }
    let mut errors = Vec::new();
    let out = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
    debug_assert!(
        errors.is_empty(),
        "message {key} ({}): {errors:?}",
        lang.code()
    );
    out.into_owned()
}

/// Whether `key` is in the catalogue of `lang` (the help texts are looked up by computed keys).
pub(crate) fn has(lang: Lang, key: &str) -> bool {
    BUNDLES[lang.index()].has_message(key)
}

/// `t!("key")` or `t!("key", name = value, …)`: the message in the current language.
#[macro_export]
macro_rules! t {
    ($key:literal) => {
        $crate::lang::text($key, &[])
    };
    ($key:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::lang::text($key, &[$((stringify!($name), $crate::lang::Arg::from($value))),+])
    };
}

/// A number with `places` decimals as staff of the chosen language write it: `0,6` in Bahasa
/// Indonesia, `0.6` in English.
pub(crate) fn decimal(x: f64, places: usize) -> String {
    let s = format!("{x:.places$}");
    match current() {
        Lang::Id => s.replace('.', ","),
        Lang::En => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_catalogues_parse_and_english_counts_rows() {
        let checked = |lang, rows: usize| {
            text_in(
                lang,
                "check-checked",
                &[("rows", rows.into()), ("files", 1usize.into())],
            )
        };
        assert_eq!(checked(Lang::En, 1), "Checked 1 row in 1 file.");
        assert_eq!(checked(Lang::En, 2), "Checked 2 rows in 1 file.");
        assert_eq!(checked(Lang::Id, 2), "Memeriksa 2 baris dalam 1 file.");
    }

    #[test]
    fn a_language_is_read_in_the_forms_staff_write() {
        assert_eq!(Lang::parse(" EN "), Some(Lang::En));
        assert_eq!(Lang::parse("Indonesia"), Some(Lang::Id));
        assert_eq!(Lang::parse("fr"), None);
    }
}
