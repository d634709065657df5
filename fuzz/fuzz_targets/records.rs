//! A YAML data file (first byte: site.yaml, units, stats, directives or cases) in a small valid site.
//! The entry point is shared with the CI fallback (tests/it/fuzz_fallback.rs).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| bantin::fuzzing::records(data));
