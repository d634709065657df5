//! bantin's integration tests: one test binary (see DESIGN.md, "all integration tests compile
//! into one test binary"). Every test copies a fixture site to a temporary folder and runs the
//! real `bantin` executable on it; nothing is ever written inside the repository.

mod audience;
mod cli;
mod determinism;
mod diagnostics;
mod example_site;
mod safety;
mod snapshots;
mod support;
