//! An article body through `render_markdown` with callbacks that give awkward answers.
//! The entry point is shared with the CI fallback (tests/it/fuzz_fallback.rs).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| bantin::fuzzing::markdown(data));
