#!/usr/bin/env bash
# Time of the photo stage on phone-size photos, cold (empty cache: every photo decoded, resized
# to 480/960/1600 and encoded) and warm (the cache holds them: none decoded).
#
#   bench/photos.sh [--runs R] [--dir DIR] [N]
#
#   N          photos (default 200), 3000 × 4000 px JPEGs made by examples/photo_corpus.rs
#   --runs R   runs of each kind (default 3); the median is reported
#   --dir DIR  work in DIR (default /tmp/bantin-photos-bench; the corpus is made once and kept)
#
# Each run is a whole `bantin build --timings` of a site with one bulletin showing N photos;
# reported: wall time, the photo stage's time and photos decoded (from --timings). A benchmark,
# not a test: it never fails on time.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
runs=3
work=/tmp/bantin-photos-bench
n=200
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --dir) work="$2"; shift 2 ;;
    *) n="$1"; shift ;;
  esac
done
cd "$repo"
cargo build --quiet --release --bin bantin --example photo_corpus
target="${CARGO_TARGET_DIR:-target}/release"
site="$work/site-$n"
if [ ! -f "$site/content/articles/2024/anh.md" ]; then
  rm -rf "$site"
  "$target/examples/photo_corpus" "$site" "$n"
fi
echo "corpus: $n photos, $(du -sh "$site/content/static" | cut -f1) in $site/content/static"
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
one() { # one build; prints "wall_ms photo_ms decoded"
  local log start end
  log="$(mktemp)"
  sync
  cat "$site"/content/static/anh/* >/dev/null
  start=$(date +%s%N)
  "$target/bantin" build --root "$site" --out "$work/out" --timings 2>"$log" >/dev/null
  end=$(date +%s%N)
  local photos decoded
  photos=$(grep -Eo 'photos [0-9.]+ ms' "$log" | grep -Eo '[0-9.]+')
  decoded=$(grep -Eo '[0-9]+ photos decoded' "$log" | grep -Eo '^[0-9]+')
  rm -f "$log"
  echo "$(( (end - start) / 1000000 )) $photos $decoded"
}
for kind in cold warm; do
  walls=(); stage=()
  for r in $(seq "$runs"); do
    if [ "$kind" = cold ]; then rm -rf "$site/.bantin-cache" "$work/out"; fi
    read -r wall photo decoded < <(one)
    echo "$kind run $r: build ${wall} ms, photo stage ${photo} ms, ${decoded} photos decoded"
    walls+=("$wall"); stage+=("$photo")
  done
  echo "$kind median: build $(printf '%s\n' "${walls[@]}" | median) ms, photo stage $(printf '%s\n' "${stage[@]}" | median) ms ($n photos, $(nproc) CPUs)"
done
