//! The `bantin` command: the command line (`cli`) run with the allocator that suits its builds.

/// Builds allocate many small strings from several threads at once; mimalloc does that with
/// less contention than the system allocator (measured in README "Benchmarks").
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit codes: 0 success, 1 content errors, 2 usage or environment errors (SPEC §1).
fn main() -> std::process::ExitCode {
    match bantin::cli::run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::from(2)
        }
    }
}
