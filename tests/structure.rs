//! The two rules that keep papila's shape (docs/design.md): the ledger is the one door to stored
//! state (no SQL outside `src/ledger/`), and stages flow forward (no import cycle between the
//! top-level modules of `src/`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The top-level module a file of `src/` belongs to (`src/plan/settle.rs` → `plan`).
fn module_of(file: &Path) -> Option<String> {
    let relative = file.strip_prefix(src()).ok()?;
    let first = relative.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    match name {
        "lib" | "main" | "bin" => None,
        _ => Some(name.to_string()),
    }
}

#[test]
fn sql_is_written_only_in_the_ledger() {
    let ledger = src().join("ledger");
    let needles = [
        "rusqlite",
        ".execute(",
        ".prepare(",
        ".prepare_cached(",
        ".query_row(",
        "execute_batch",
        "SELECT ",
        "INSERT INTO",
        "UPDATE ",
    ];
    let mut found = Vec::new();
    for file in rust_files(&src()) {
        if file.starts_with(&ledger) {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for (i, line) in text.lines().enumerate() {
            if let Some(n) = needles.iter().find(|n| line.contains(*n)) {
                found.push(format!("{}:{}: {n}", file.display(), i + 1));
            }
        }
    }
    assert!(
        found.is_empty(),
        "SQL outside src/ledger/:\n{}",
        found.join("\n")
    );
}

/// Top-level module → the top-level modules it names through `crate::`.
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in rust_files(&src()) {
        let Some(from) = module_of(&file) else {
            continue;
        };
        let text = std::fs::read_to_string(&file).unwrap();
        let deps = graph.entry(from.clone()).or_default();
        for (at, _) in text.match_indices("crate::") {
            let before = text[..at].chars().last();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue; // `papila_crate::`, not ours
            }
            let rest = &text[at + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() && name != from && name.chars().next().unwrap().is_lowercase() {
                deps.insert(name);
            }
        }
    }
    graph
}

/// Each cycle found, as `a → b → a`; empty when imports go one way only.
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    fn back_to(
        graph: &BTreeMap<String, BTreeSet<String>>,
        start: &str,
        at: &str,
        path: &mut Vec<String>,
        seen: &mut BTreeSet<String>,
    ) -> bool {
        for next in graph.get(at).into_iter().flatten() {
            path.push(next.clone());
            if next == start {
                return true;
            }
            if seen.insert(next.clone()) && back_to(graph, start, next, path, seen) {
                return true;
            }
            path.pop();
        }
        false
    }
    let mut found = Vec::new();
    for start in graph.keys() {
        let mut path = vec![start.clone()];
        if back_to(graph, start, start, &mut path, &mut BTreeSet::new()) {
            found.push(path.join(" → "));
        }
    }
    found
}

#[test]
fn top_level_modules_import_each_other_in_one_direction_only() {
    let graph = imports();
    // The reader sees real imports, so an empty graph cannot pass.
    assert!(graph["plan"].contains("ledger"), "{graph:?}");
    assert!(graph["render"].contains("ledger"), "{graph:?}");
    let found = cycles(&graph);
    assert!(found.is_empty(), "import cycles:\n{}", found.join("\n"));
}

#[test]
fn the_cycle_search_finds_a_cycle_when_there_is_one() {
    let graph = |edges: &[(&str, &str)]| {
        let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (a, b) in edges {
            g.entry(a.to_string()).or_default().insert(b.to_string());
        }
        g
    };
    assert_eq!(
        cycles(&graph(&[("a", "b"), ("b", "c")])),
        Vec::<String>::new()
    );
    assert_eq!(
        cycles(&graph(&[("a", "b"), ("b", "c"), ("c", "a")])),
        ["a → b → c → a", "b → c → a → b", "c → a → b → c"]
    );
}
