#!/usr/bin/env bash
# Fuzzes each of papila's readers for N minutes (default 10), JOBS targets at a time (default 2; all
# six at once fit the ten minutes in one wall-clock round, each with a share of the cores), with cargo fuzz
# (libFuzzer; needs a nightly toolchain: `rustup toolchain list` shows one on the development
# machine, and `cargo install cargo-fuzz`). CI stays on stable: `cargo test` replays fuzz/corpus/ and
# fuzz/regressions/ through the same entry points (tests/fuzz_regressions.rs).
#
# New inputs go to fuzz/work/<target>/ (not committed); a crash is saved under fuzz/artifacts/<target>/
# and the script stops with its path: fix it, copy the file to fuzz/regressions/<target>/, run again.
# At the end each target's line of figures (executions, coverage) is printed and kept in
# fuzz/work/<target>.log.
set -euo pipefail
minutes="${1:-10}"
cd "$(dirname "$0")"
targets=(csv xlsx config token scan_log sms)

# No sanitizer: papila is safe Rust, and a panic is what a fuzzer finds here; the build (Typst
# included) is half as long and the runs twice as fast.
cargo +nightly fuzz build -O --sanitizer none

run() {
    local t="$1"
    mkdir -p "work/$t" "artifacts/$t"
    cargo +nightly fuzz run -O --sanitizer none "$t" "work/$t" "corpus/$t" -- \
        -max_total_time=$((minutes * 60)) -rss_limit_mb=2048 -timeout=20 -print_final_stats=1 \
        >"work/$t.log" 2>&1 || { echo "== $t: crash, see fuzz/artifacts/$t/ and fuzz/work/$t.log"; return 1; }
    echo "== $t: $(grep -E '^stat::number_of_executed_units' "work/$t.log" | awk '{print $2}') executions, \
$(grep -oE 'cov: [0-9]+' "work/$t.log" | tail -1), no crash"
}

jobs="${JOBS:-2}"
status=0
for ((i = 0; i < ${#targets[@]}; i += jobs)); do
    pids=()
    for t in "${targets[@]:i:jobs}"; do
        run "$t" &
        pids+=($!)
    done
    for pid in "${pids[@]}"; do
        wait "$pid" || status=1
    done
done
exit "$status"
