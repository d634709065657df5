#!/usr/bin/env bash
# bantin against the floor and Hugo (and Zola when it is installed) on the same articles, in
# alternating runs.
#
#   bench/run.sh [--runs R] [--shm | --dir DIR] [--quick] [N ...]
#
#   N          numbers of articles (default: 1000 10000)
#   --runs R   runs of each tool per size (default 5); the median is reported
#   --shm      work in /dev/shm (memory, no disk) instead of /tmp
#   --dir DIR  work in DIR (corpora are generated once and kept there; outputs are rewritten)
#   --quick    one run of each: proves the benchmark works (CI runs `--quick 200`)
#
# For each N: generates the bantin corpus (make_bantin_corpus.py) and the same articles as a Hugo
# (and Zola) site (gen_corpus.py), builds bantin and the floor (release), then runs bantin, floor,
# Hugo [, Zola], bantin, floor, Hugo … each deleting its output first (not timed), then bantin again
# R times over its own output (an in-place rebuild: nothing changed, nothing written). Before each
# timed run (not timed) pending writes are flushed (`sync`) and the tool's input is read once: on a
# disk, no tool pays for the previous one's writes or for reading its input cold. Prints the
# wall time of every run, the ratios bantin/floor and bantin/Hugo per run and of the medians,
# peak memory (/usr/bin/time -v), HTML pages per second and bantin's own stages (`--timings`).
# A benchmark, not a test: it never fails on time.
#
# The floor (examples/floor.rs, built with `cargo build --release --example floor`) is a small
# program doing only the I/O and the Markdown of a build: it reads every file under content/,
# parses the YAML (front matter and records) with serde-saphyr, renders the Markdown with
# pulldown-cmark on every CPU (rayon), and writes as many files, of the same sizes and in the same
# folders, as bantin's output of that run (so it runs right after bantin; its output is filler and
# is deleted at the end). Issue 9 asks bantin's build to stay within 3 × the floor.
#
# Installs what it needs when missing: `time` and `hugo` from Debian (apt-get). Zola is not
# packaged: it is compared only when `zola` is on PATH. The corpus generators are taken from
# $BANTIN_BENCH_CORPUS (default: bench/corpus/ of the repository, a copy of the project's shared
# generators).
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
runs=5
work=/tmp/bantin-bench
sizes=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --shm) work=/dev/shm/bantin-bench; shift ;;
    --dir) work="$2"; shift 2 ;;
    --quick) runs=1; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    -*) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    *) sizes+=("$1"); shift ;;
  esac
done
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)

say() { printf '%s\n' "$*" >&2; }

# --- tools --------------------------------------------------------------------------------------
apt_install() {
  # Quietly, and only when we may (root with apt-get); the caller says what is missing otherwise.
  command -v apt-get >/dev/null && [ "$(id -u)" = 0 ] || return 1
  DEBIAN_FRONTEND=noninteractive apt-get install -y "$@" >/dev/null 2>&1 \
    || { apt-get update >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y "$@" >/dev/null 2>&1; }
}
if [ ! -x /usr/bin/time ]; then
  say "installing GNU time (apt-get install -y time)"
  apt_install time || { say "error: /usr/bin/time is missing and could not be installed"; exit 1; }
fi
have_hugo=1
if ! command -v hugo >/dev/null; then
  say "installing Hugo (apt-get install -y hugo)"
  apt_install hugo || { say "Hugo is missing and could not be installed: bantin alone"; have_hugo=0; }
fi
have_zola=0
command -v zola >/dev/null && have_zola=1

corpus="${BANTIN_BENCH_CORPUS:-$repo/bench/corpus}"
if [ ! -f "$corpus/make_bantin_corpus.py" ] || [ ! -f "$corpus/gen_corpus.py" ]; then
  say "error: corpus generators not found (set BANTIN_BENCH_CORPUS to the folder of make_bantin_corpus.py)"
  exit 1
fi

say "building bantin (release)"
(cd "$repo" && cargo build --release --locked --quiet)
bantin="${CARGO_TARGET_DIR:-$repo/target}/release/bantin"
[ -x "$bantin" ] || { say "error: no $bantin after the build"; exit 1; }
say "building the floor (release example: examples/floor.rs)"
(cd "$repo" && cargo build --release --locked --quiet --example floor)
floor="${CARGO_TARGET_DIR:-$repo/target}/release/examples/floor"
[ -x "$floor" ] || { say "error: no $floor after the build"; exit 1; }

# --- measuring ----------------------------------------------------------------------------------
# measure NAME LOG CMD...: runs CMD, sets $wall (seconds) and $rss (KiB); exits on failure.
measure() {
  local name="$1" log="$2"; shift 2
  local start end
  start=$(date +%s%N)
  if ! /usr/bin/time -v -o "$log.time" "$@" >"$log" 2>&1; then
    say "error: $name failed; the end of its output ($log):"; tail -n 20 "$log" >&2; exit 1
  fi
  end=$(date +%s%N)
  wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
  rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$log.time")
}
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
mib() { awk -v k="$1" 'BEGIN { if (k >= 1048576) printf "%.2f GiB", k / 1048576; else printf "%.0f MiB", k / 1024 }'; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "–" }'; }
rate() { awk -v p="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.0f", p / s; else print "–" }'; }
html_pages() { find "$1" -name '*.html' | wc -l; }
# ready DIR...: before a timed run (not timed), the previous runs' writes are flushed to the disk and the
# tool's input is read once, so that no tool pays for another's writes or for a cold cache.
ready() { sync; find "$@" -type f -exec cat {} + >/dev/null 2>&1 || true; }
# stage NAME LOGS...: median milliseconds of one bantin stage from `--timings` lines.
stage() {
  local name="$1"; shift
  cat "$@" | sed -n "s/.*timings:.*$name \([0-9.]*\) ms.*/\1/p" | tr '\n' ' ' | median
}

mkdir -p "$work"
if df -T "$work" 2>/dev/null | awk 'NR == 2 { exit !($2 == "tmpfs") }'; then medium="memory (tmpfs)"; else medium="disk"; fi
hugo_version=$([ $have_hugo = 1 ] && hugo version | awk '{ print $2 }' || echo "not installed")
zola_version=$([ $have_zola = 1 ] && zola --version | awk '{ print $2 }' || echo "not installed")
echo "bantin $(cd "$repo" && git describe --always --dirty 2>/dev/null || echo '?') · Hugo $hugo_version · Zola $zola_version · $(nproc) CPUs"
echo "work folder $work ($medium); $runs alternating run(s) per size, each tool deleting its output first"

summary=()
for n in "${sizes[@]}"; do
  dir="$work/n$n"
  mkdir -p "$dir"
  stamp="$dir/.generated"
  want="$n $(cat "$corpus/make_bantin_corpus.py" "$corpus/gen_corpus.py" | cksum) zola=$have_zola"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    say "generating the corpora for N=$n in $dir"
    rm -rf "$dir/bantin" "$dir/hugo" "$dir/zola" "$stamp"
    python3 "$corpus/make_bantin_corpus.py" --n "$n" --out "$dir/bantin" >/dev/null
    python3 "$corpus/gen_corpus.py" --n "$n" --emit hugo --out "$dir/hugo" >/dev/null
    [ $have_zola = 1 ] && python3 "$corpus/gen_corpus.py" --n "$n" --emit zola --out "$dir/zola" >/dev/null
    echo "$want" >"$stamp"
  fi
  logs="$dir/logs"; rm -rf "$logs"; mkdir -p "$logs"

  bw=(); fw=(); hw=(); zw=(); br=(); fr=(); hr=(); zr=(); ratios=(); fratios=()
  for r in $(seq "$runs"); do
    say "N=$n run $r/$runs"
    rm -rf "$dir/out-bantin" "$dir"/.out-bantin.bantin-*
    ready "$dir/bantin/content"
    measure bantin "$logs/bantin-$r" "$bantin" build --root "$dir/bantin" --out "$dir/out-bantin" --timings
    bw+=("$wall"); br+=("$rss")
    rm -rf "$dir/out-floor"
    ready "$dir/bantin/content"
    measure floor "$logs/floor-$r" "$floor" --root "$dir/bantin" --like "$dir/out-bantin" --out "$dir/out-floor"
    fw+=("$wall"); fr+=("$rss"); fratios+=("$(div "${bw[-1]}" "$wall")")
    if [ $have_hugo = 1 ]; then
      rm -rf "$dir/hugo/public" "$dir/hugo/resources"
      ready "$dir/hugo/content"
      measure hugo "$logs/hugo-$r" hugo --source "$dir/hugo" --destination "$dir/hugo/public"
      hw+=("$wall"); hr+=("$rss"); ratios+=("$(div "${bw[-1]}" "$wall")")
    fi
    if [ $have_zola = 1 ]; then
      rm -rf "$dir/zola/public"
      ready "$dir/zola/content"
      measure zola "$logs/zola-$r" zola --root "$dir/zola" build
      zw+=("$wall"); zr+=("$rss")
    fi
  done
  rm -rf "$dir/out-floor"
  bantin_pages=$(html_pages "$dir/out-bantin")
  iw=(); ir=()
  for r in $(seq "$runs"); do
    ready "$dir/bantin/content" "$dir/out-bantin"
    measure bantin "$logs/inplace-$r" "$bantin" build --root "$dir/bantin" --out "$dir/out-bantin" --timings
    iw+=("$wall"); ir+=("$rss")
  done

  echo
  echo "== N = $n articles: bantin writes $bantin_pages HTML pages$([ $have_hugo = 1 ] && echo ", Hugo $(html_pages "$dir/hugo/public")")$([ $have_zola = 1 ] && echo ", Zola $(html_pages "$dir/zola/public")")"
  printf '%-5s %12s %12s %12s %12s %12s %12s\n' run "bantin" "floor" "bantin/floor" "Hugo" "bantin/Hugo" "Zola"
  for i in $(seq 0 $((runs - 1))); do
    printf '%-5s %12s %12s %12s %12s %12s %12s\n' "$((i + 1))" "${bw[$i]} s" "${fw[$i]} s" "${fratios[$i]}" \
      "${hw[$i]:+${hw[$i]} s}" "${ratios[$i]:-–}" "${zw[$i]:+${zw[$i]} s}"
  done
  bm=$(echo "${bw[*]}" | median); bmr=$(echo "${br[*]}" | median)
  echo "bantin  median $bm s · peak $(mib "$bmr") · $(rate "$bantin_pages" "$bm") pages/s"
  echo "bantin  stages (median of --timings): load $(stage load "$logs"/bantin-*[0-9]) ms · validate $(stage validate "$logs"/bantin-*[0-9]) ms · render (pages, charts, search index) $(stage render "$logs"/bantin-*[0-9]) ms, of which charts $(stage charts "$logs"/bantin-*[0-9]) ms · write $(stage write "$logs"/bantin-*[0-9]) ms"
  im=$(echo "${iw[*]}" | median)
  echo "bantin  in place (output kept, nothing changed): median $im s · peak $(mib "$(echo "${ir[*]}" | median)") · write $(stage write "$logs"/inplace-*[0-9]) ms · $(grep -ho '([0-9]* written, [0-9]* unchanged' "$logs/inplace-1" | tr -d '(')"
  fm=$(echo "${fw[*]}" | median); fmr=$(echo "${fr[*]}" | median)
  echo "floor   median $fm s · peak $(mib "$fmr") · $(grep -ho '[0-9]* files read, [0-9]* articles rendered, [0-9]* files written, [0-9]* bytes' "$logs/floor-1")"
  echo "ratio bantin/floor: median of the runs' ratios $(echo "${fratios[*]}" | median) · ratio of the medians $(div "$bm" "$fm")"
  row="| $n | $bm s, $(mib "$bmr") | $(rate "$bantin_pages" "$bm") | $im s | $fm s, $(mib "$fmr") | $(echo "${fratios[*]}" | median)"
  if [ $have_hugo = 1 ]; then
    hm=$(echo "${hw[*]}" | median); hmr=$(echo "${hr[*]}" | median)
    echo "Hugo    median $hm s · peak $(mib "$hmr") · $(rate "$(html_pages "$dir/hugo/public")" "$hm") pages/s"
    echo "ratio bantin/Hugo: median of the runs' ratios $(echo "${ratios[*]}" | median) · ratio of the medians $(div "$bm" "$hm")"
    row="$row | $hm s, $(mib "$hmr") | $(echo "${ratios[*]}" | median)"
  else
    row="$row | – | –"
  fi
  if [ $have_zola = 1 ]; then
    zm=$(echo "${zw[*]}" | median)
    echo "Zola    median $zm s · peak $(mib "$(echo "${zr[*]}" | median)")"
    row="$row | $zm s"
  else
    row="$row | –"
  fi
  summary+=("$row |")
done

echo
echo "| N articles | bantin (median, peak RSS) | bantin pages/s | bantin in place | floor (median, peak RSS) | bantin/floor | Hugo (median, peak RSS) | bantin/Hugo | Zola |"
echo "|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${summary[@]}"
