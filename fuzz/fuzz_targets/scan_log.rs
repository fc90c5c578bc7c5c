//! Fuzz target: arbitrary bytes to papila::fuzzing::scan_log, which must never panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| papila::fuzzing::scan_log(data));
