#!/usr/bin/env bash
# Fuzz bantin with cargo-fuzz (libFuzzer): every target for SECONDS each, one after another.
#
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
#   SECONDS  time per target (default 60)
#   TARGET   article, records, docnum, markdown (default: all of them)
# Env: JOBS (default 1) runs that many targets at the same time.
#
# Works on stable Rust: RUSTC_BOOTSTRAP=1 lets stable rustc accept the -Z flags cargo-fuzz needs.
# Installs cargo-fuzz if missing. The seeds in fuzz/corpus/<target>/ are read, never written: new
# inputs go to fuzz/target/corpus/<target>/ and crashes to fuzz/artifacts/<target>/ (both ignored
# by git). For a crash: `cargo fuzz tmin <target> <file>`, fix it, then add the minimized input to
# fuzz/corpus/<target>/ so tests/it/fuzz_fallback.rs replays it in every `cargo test`.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-60}"
shift || true
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(article records docnum markdown)
jobs="${JOBS:-1}"

command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
export RUSTC_BOOTSTRAP=1

cd "$root/fuzz"
# Same dependency versions as the main build.
[[ -f Cargo.lock ]] || cp ../Cargo.lock Cargo.lock
cargo fuzz build

run() {
  local t="$1" log="$root/fuzz/target/fuzz-$1.log"
  mkdir -p "target/corpus/$t"
  echo "==> $t: ${seconds}s (log: fuzz/target/fuzz-$t.log)"
  if cargo fuzz run "$t" "target/corpus/$t" "corpus/$t" -- \
      -max_total_time="$seconds" -timeout=10 -dict=bantin.dict -print_final_stats=1 >"$log" 2>&1; then
    grep -E '^(Done|stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb))' "$log" | sed "s/^/$t /"
  else
    echo "$t FAILED: see $log and fuzz/artifacts/$t/"; tail -n 30 "$log"
    return 1
  fi
}

status=0
pids=()
for t in "${targets[@]}"; do
  run "$t" & pids+=($!)
  if [[ ${#pids[@]} -ge $jobs ]]; then
    wait "${pids[0]}" || status=1
    pids=("${pids[@]:1}")
  fi
done
for p in "${pids[@]}"; do wait "$p" || status=1; done
exit $status
