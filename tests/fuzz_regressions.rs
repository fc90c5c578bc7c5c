//! Replays the fuzz corpus (`fuzz/corpus/<target>/`) and every input a fuzzer found to crash papila
//! (`fuzz/regressions/<target>/`, kept after the fix) through the same entry points the fuzz
//! targets use, on stable: each must be read without a panic.

use std::path::Path;

type Target = fn(&[u8]);

const TARGETS: [(&str, Target); 6] = [
    ("csv", papila::fuzzing::csv),
    ("xlsx", papila::fuzzing::xlsx),
    ("config", papila::fuzzing::config),
    ("token", papila::fuzzing::token),
    ("scan_log", papila::fuzzing::scan_log),
    ("sms", papila::fuzzing::sms),
];

#[test]
fn every_corpus_and_regression_input_is_read_without_a_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut replayed = 0;
    for (name, target) in TARGETS {
        let mut inputs = 0;
        for kind in ["corpus", "regressions"] {
            let Ok(entries) = std::fs::read_dir(root.join(kind).join(name)) else {
                continue;
            };
            let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
            paths.sort();
            for path in paths {
                let data = std::fs::read(&path).unwrap();
                let outcome = std::panic::catch_unwind(|| target(&data));
                assert!(outcome.is_ok(), "{name}: {} panics", path.display());
                inputs += 1;
            }
        }
        assert!(inputs > 0, "no corpus for the {name} target");
        replayed += inputs;
    }
    assert!(replayed >= 12, "{replayed}");
}
