#!/usr/bin/env bash
# Two bantin binaries on the same corpus, in alternating runs (a change against the commit before it).
#
#   bench/compare.sh [--runs R] [--rest S] [--check] [--shm] BEFORE AFTER [N]
#
#   BEFORE, AFTER  bantin executables (e.g. copies of target/release/bantin built at two commits)
#   N              number of articles (default 10000); the corpus is made by make_bantin_corpus.py, as in
#                  bench/run.sh, under /tmp/bantin-compare/nN (kept between runs)
#   --runs R       runs of each (default 9); medians are reported
#   --check        time `bantin check` (no output written) instead of `bantin build`
#   --shm          work in /dev/shm (memory, no disk), as `bench/run.sh --shm`
#   --rest S       wait S seconds before each timed run (default 0), after the flush: on a virtual disk
#                  mounted with `discard`, the deletes and writes of the run before slow the next one
#                  for several seconds, whichever binary it is
#
# Like bench/run.sh: each build deletes its output first (not timed), pending writes are flushed and the
# input is read once before each timed run. Prints every run's wall time and validate stage, then the
# medians of both and their ratio. On a machine shared with other work, wall times move by tens of percent
# from one run to the next: compare medians of many runs, or count instructions (valgrind --tool=callgrind).
set -euo pipefail

runs=9
rest=0
cmd=build
base=/tmp/bantin-compare
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --check) cmd=check; shift ;;
    --shm) base=/dev/shm/bantin-compare; shift ;;
    --rest) rest="$2"; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) break ;;
  esac
done
[ $# -ge 2 ] || { echo "usage: bench/compare.sh [--runs R] [--rest S] [--check] [--shm] BEFORE AFTER [N]" >&2; exit 2; }
before="$1"; after="$2"; n="${3:-10000}"

repo="$(cd "$(dirname "$0")/.." && pwd)"
corpus="${BANTIN_BENCH_CORPUS:-$repo/bench/corpus}"
work=$base/n$n
if [ ! -d "$work/site/content" ]; then
  mkdir -p "$work"
  python3 "$corpus/make_bantin_corpus.py" --n "$n" --out "$work/site" >/dev/null
fi

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
declare -A wall validate
for r in $(seq "$runs"); do
  for side in before after; do
    bin="${!side}"
    out="$work/out-$side"
    rm -rf "$out" "$work/.out-$side".bantin-*; sync; find "$work/site/content" -type f -exec cat {} + >/dev/null
    sleep "$rest"
    args=("$cmd" --root "$work/site" --timings)
    [ "$cmd" = build ] && args+=(--out "$out")
    start=$(date +%s%N)
    "$bin" "${args[@]}" >"$work/$side.log" 2>&1 || true
    end=$(date +%s%N)
    w=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
    v=$(sed -n 's/.*timings:.*validate \([0-9.]*\) ms.*/\1/p' "$work/$side.log" | head -1)
    wall[$side]="${wall[$side]:-} $w"; validate[$side]="${validate[$side]:-} $v"
    echo "run $r $side: ${w} s, validate ${v} ms"
  done
done
wb=$(echo "${wall[before]}" | median); wa=$(echo "${wall[after]}" | median)
vb=$(echo "${validate[before]}" | median); va=$(echo "${validate[after]}" | median)
echo "medians of $runs runs ($cmd, N=$n): before $wb s (validate $vb ms) · after $wa s (validate $va ms) · after/before $(awk -v a="$wa" -v b="$wb" 'BEGIN { printf "%.3f", a / b }')"
