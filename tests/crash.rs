//! The crash trials, short: `scripts/crash-trials.py` kills `plan`, `render`, `send email` and
//! `checkin --import` with SIGKILL at random moments (3 trials each, seeded, a 300-person district
//! from gen-district, this build's binaries) and checks that nothing is lost or doubled, that a full
//! disk during plan and render is told with a hint, and that two runs at once are refused. The
//! script with its defaults (20 trials, 4,000 people, the release build) is the long version.

use std::path::Path;
use std::process::Command;

#[test]
fn killed_at_random_moments_papila_loses_nothing_and_doubles_nothing() {
    let bin = Path::new(env!("CARGO_BIN_EXE_papila")).parent().unwrap();
    assert!(
        bin.join("gen-district").is_file(),
        "gen-district is built beside papila"
    );
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/crash-trials.py");
    let out = Command::new("python3")
        .arg(&script)
        .args(["--trials", "3", "--people", "300", "--seed", "7", "--bin"])
        .arg(bin)
        .output()
        .expect("python3 runs the crash trials");
    let said = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "crash trials failed:\n{said}");
    assert!(said.contains("0 failure(s)"), "{said}");
}
