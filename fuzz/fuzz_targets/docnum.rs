//! Document numbers: `parse_doc_number` and `find_doc_numbers` on the text.
//! The entry point is shared with the CI fallback (tests/it/fuzz_fallback.rs).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| bantin::fuzzing::docnum(data));
