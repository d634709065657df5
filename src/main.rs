/// Builds allocate many small strings from several threads at once; mimalloc does that with
/// less contention than the system allocator (measured in README "Benchmarks").
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    bantin::cli::run()
}
