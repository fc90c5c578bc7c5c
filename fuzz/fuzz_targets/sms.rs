//! Fuzz target: arbitrary bytes to papila::fuzzing::sms, which must never panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| papila::fuzzing::sms(data));
