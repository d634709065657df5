//! bantin's integration tests: one test binary (see DESIGN.md, "all integration tests compile
//! into one test binary"). Every test copies a fixture site to a temporary folder and runs the
//! real `bantin` executable on it (except `fuzz_fallback`, which calls the library in memory);
//! nothing is ever written inside the repository.

mod archive;
mod audience;
mod briefing;
mod cli;
mod data_files;
mod determinism;
mod diagnostics;
mod example_site;
mod fuzz_fallback;
mod hostile;
mod incremental;
mod incremental_edits;
mod labels;
mod names;
mod new;
mod photos;
mod roundtrip;
mod safety;
mod serve;
mod serve_limits;
mod share;
mod snapshots;
mod support;
mod wording;
