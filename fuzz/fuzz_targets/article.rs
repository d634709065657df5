//! An article file (front matter + Markdown) checked and rendered in a small valid site.
//! The entry point is shared with the CI fallback (tests/it/fuzz_fallback.rs).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| bantin::fuzzing::article(data));
