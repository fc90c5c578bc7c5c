//! What render need not typeset again: each file of `print/` and `attendance/` is recorded in
//! `.papila-render.cache` (in the output folder) with a key, the hash of everything that goes into
//! it — papila's version, the fonts, the templates, the campaign's settings and key, and the
//! file's letters or lines. A file whose key is unchanged is kept byte for byte (hard-linked into
//! the new set), so a re-run costs what changed.
//!
//! Inside a big village's batch, each run of letters is a part of its own (`batch::runs`), kept in
//! `.papila-parts/<key>.pdf`: a village with one newcomer typesets the newcomer's run, its cover
//! and roster, and joins the other runs as they were. Parts no render used are removed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use sha2::Digest;

use crate::error::{Error, Result};
use crate::output;

const FILE: &str = ".papila-render.cache";
const PARTS: &str = ".papila-parts";
const HEADER: &str = "papila render cache 2";

/// A file's key and the parts it was joined from.
type Entry = (String, Vec<String>);

/// The keys of the last render's files, and those of this one as it goes.
pub(super) struct Cache {
    before: HashMap<String, Entry>,
    now: std::sync::Mutex<Vec<(String, Entry)>>,
    /// The parts this render used or made.
    parts: std::sync::Mutex<std::collections::HashSet<String>>,
}

/// A key: the hash of `parts`, in order.
pub(super) fn key(parts: &[&[u8]]) -> String {
    let mut hash = sha2::Sha256::new();
    for part in parts {
        hash.update((part.len() as u64).to_le_bytes());
        hash.update(part);
    }
    data_encoding::HEXLOWER.encode(&hash.finalize()[..16])
}

impl Cache {
    /// The last render's keys; none when the file is missing or not papila's.
    pub(super) fn load(out: &Path) -> Cache {
        let text = output::read_bounded(&out.join(FILE), 64 << 20).unwrap_or_default();
        let mut lines = text.lines();
        let before = if lines.next() == Some(HEADER) {
            lines
                .filter_map(|l| {
                    let mut fields = l.split('\t');
                    let path = fields.next()?;
                    let key = fields.next()?;
                    let parts = fields
                        .next()
                        .unwrap_or("")
                        .split(',')
                        .filter(|p| !p.is_empty())
                        .map(str::to_string)
                        .collect();
                    Some((path.to_string(), (key.to_string(), parts)))
                })
                .collect()
        } else {
            HashMap::new()
        };
        Cache {
            before,
            now: std::sync::Mutex::new(Vec::new()),
            parts: std::sync::Mutex::new(std::collections::HashSet::new()),
        }
    }

    /// Records that `relative` is made with `key` in this render, joined from `parts`.
    pub(super) fn record(&self, relative: &Path, key: &str, parts: &[String]) {
        self.now.lock().expect("no thread panics holding it").push((
            relative.display().to_string(),
            (key.to_string(), parts.to_vec()),
        ));
    }

    /// When the last render made `relative` (and `also`, the letters cut from it) with `key` and
    /// they are all still in `out`: links them into `staging` and records the key. Whether it did.
    pub(super) fn keep(
        &self,
        out: &Path,
        staging: &Path,
        relative: &Path,
        also: &[PathBuf],
        key: &str,
    ) -> Result<bool> {
        let name = relative.display().to_string();
        let Some((_, parts)) = self.before.get(&name).filter(|(k, _)| k == key) else {
            return Ok(false);
        };
        let files: Vec<&Path> = std::iter::once(relative)
            .chain(also.iter().map(PathBuf::as_path))
            .collect();
        if !files.iter().all(|f| out.join(f).is_file()) {
            return Ok(false);
        }
        for f in files {
            link(&out.join(f), &staging.join(f))?;
        }
        // A kept file's parts stay: the next render that changes it joins them again.
        for part in parts {
            self.used(part);
        }
        self.record(relative, key, parts);
        Ok(true)
    }

    /// The part `key` as a render made it before, with the single letters cut from it (`singles`)
    /// linked into `staging`; `None` unless all of them are still there.
    pub(super) fn part(
        &self,
        out: &Path,
        staging: &Path,
        key: &str,
        singles: &[PathBuf],
    ) -> Result<Option<Vec<u8>>> {
        let path = out.join(PARTS).join(format!("{key}.pdf"));
        if !path.is_file() || !singles.iter().all(|f| out.join(f).is_file()) {
            return Ok(None);
        }
        let pdf = std::fs::read(&path).map_err(|e| Error::io("read", &path, e))?;
        for f in singles {
            link(&out.join(f), &staging.join(f))?;
        }
        self.used(key);
        Ok(Some(pdf))
    }

    /// Keeps part `key` for later renders.
    pub(super) fn keep_part(&self, out: &Path, key: &str, pdf: &[u8]) -> Result<()> {
        let dir = out.join(PARTS);
        output::ensure_dir(&dir)?;
        let path = dir.join(format!("{key}.pdf"));
        // Two workers may make the same part at once (a round's batch and the full set share
        // letters): each writes its own temporary file, and the same bytes land either way.
        let tmp = dir.join(format!("{key}.{:?}.tmp", std::thread::current().id()));
        output::write_private(&tmp, pdf)?;
        std::fs::rename(&tmp, &path).map_err(|e| Error::io("write", &path, e))?;
        self.used(key);
        Ok(())
    }

    fn used(&self, key: &str) {
        self.parts
            .lock()
            .expect("no thread panics holding it")
            .insert(key.to_string());
    }

    /// Removes the parts this render did not use: letters that changed since, villages gone.
    fn prune_parts(&self, out: &Path) -> Result<()> {
        let dir = out.join(PARTS);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return Ok(());
        };
        let used = self.parts.lock().expect("no thread panics holding it");
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let key = name.split('.').next().unwrap_or("");
            if !used.contains(key) || name.ends_with(".tmp") {
                let path = entry.path();
                std::fs::remove_file(&path).map_err(|e| Error::io("remove", &path, e))?;
            }
        }
        Ok(())
    }

    /// Writes this render's keys, replacing the last, and removes the parts it did not use.
    pub(super) fn save(&self, out: &Path) -> Result<()> {
        self.prune_parts(out)?;
        let mut now = self
            .now
            .lock()
            .expect("no thread panics holding it")
            .clone();
        now.sort();
        let mut text = String::from(HEADER);
        text.push('\n');
        for (path, (key, parts)) in now {
            text.push_str(&path);
            text.push('\t');
            text.push_str(&key);
            text.push('\t');
            text.push_str(&parts.join(","));
            text.push('\n');
        }
        let path = out.join(FILE);
        let tmp = out.join(format!("{FILE}.tmp"));
        output::write_private(&tmp, text.as_bytes())?;
        std::fs::rename(&tmp, &path).map_err(|e| Error::io("write", &path, e))
    }
}

/// `to` as the same file as `from` (a hard link; a copy where the file system has none).
pub(super) fn link(from: &Path, to: &Path) -> Result<()> {
    if let Some(dir) = to.parent() {
        output::ensure_dir(dir)?;
    }
    if std::fs::hard_link(from, to).is_ok() {
        return Ok(());
    }
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| Error::io("copy", from, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_change_with_any_part_and_with_where_parts_split() {
        let a = key(&[b"ab", b"c"]);
        assert_eq!(a, key(&[b"ab", b"c"]));
        assert_ne!(a, key(&[b"a", b"bc"]));
        assert_ne!(a, key(&[b"ab", b"d"]));
    }

    #[test]
    fn a_file_is_kept_only_with_its_key_and_while_it_exists() {
        let dir = tempfile::tempdir().unwrap();
        let (out, staging) = (dir.path().join("out"), dir.path().join("staging"));
        std::fs::create_dir_all(out.join("print")).unwrap();
        std::fs::write(out.join("print/a.pdf"), b"%PDF a").unwrap();
        let first = Cache::load(&out);
        first.record(Path::new("print/a.pdf"), "k1", &[]);
        first.save(&out).unwrap();

        let cache = Cache::load(&out);
        assert!(
            !cache
                .keep(&out, &staging, Path::new("print/a.pdf"), &[], "k2")
                .unwrap()
        );
        assert!(
            cache
                .keep(&out, &staging, Path::new("print/a.pdf"), &[], "k1")
                .unwrap()
        );
        assert_eq!(
            std::fs::read(staging.join("print/a.pdf")).unwrap(),
            b"%PDF a"
        );
        let missing = [PathBuf::from("letters/X.pdf")];
        assert!(
            !cache
                .keep(&out, &staging, Path::new("print/a.pdf"), &missing, "k1")
                .unwrap()
        );
    }
}
