//! Invariants of the sanitizer over arbitrary input (see also `crate::markdown`'s tests and the
//! hostile-input corpus under tests/fixtures/hostile/).
