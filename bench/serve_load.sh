#!/usr/bin/env bash
# `bantin serve` under load while an article is edited: wrk hits a page for SECONDS while a loop
# appends a sentence to an article every 0.5 s (each edit is a rebuild and a new site published).
#
#     bench/serve_load.sh --bantin target/release/bantin --root SITE [--seconds 20] [--path /]
#                         [--connections 64] [--threads 2]
#
# Prints wrk's report, its errors (non-2xx responses, socket errors), how many builds the server
# made, and the server's resident memory (VmRSS from /proc/PID/status) before the load and at its
# end, with the peak (VmHWM). Exit status 1 when wrk saw an error. Needs wrk (Debian: apt-get
# install wrk) and Linux. The article is restored at the end; nothing else in SITE is written.
set -euo pipefail

bantin="" root="" seconds=20 path="/" connections=64 threads=2
while [ $# -gt 0 ]; do
    case "$1" in
        --bantin) bantin="$2"; shift 2 ;;
        --root) root="$2"; shift 2 ;;
        --seconds) seconds="$2"; shift 2 ;;
        --path) path="$2"; shift 2 ;;
        --connections) connections="$2"; shift 2 ;;
        --threads) threads="$2"; shift 2 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done
[ -n "$bantin" ] && [ -n "$root" ] || { sed -n '4,5p' "$0" >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }

# An article from the middle of the site, not a draft (drafts are not served).
mapfile -t articles < <(grep -rL --include='*.md' '^draft: true' "$root/content/articles" | sort)
[ "${#articles[@]}" -gt 0 ] || { echo "no article to edit in $root/content/articles" >&2; exit 2; }
article="${articles[$(( ${#articles[@]} / 2 ))]}"

work="$(mktemp -d)"
cp "$article" "$work/article"
server_pid="" editor_pid=""
cleanup() {
    if [ -n "$editor_pid" ]; then kill "$editor_pid" 2>/dev/null || true; wait "$editor_pid" 2>/dev/null || true; fi
    cp "$work/article" "$article"
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

"$bantin" serve --root "$root" --port 0 >"$work/log" 2>&1 &
server_pid=$!
port=""
for _ in $(seq 600); do
    port="$(sed -n 's|^serving http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$work/log")"
    [ -n "$port" ] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/log" >&2; exit 1; }
    sleep 0.1
done
[ -n "$port" ] || { echo "bantin serve did not start" >&2; cat "$work/log" >&2; exit 1; }

rss() { awk -v k="$1:" '$1 == k {print $2}' "/proc/$server_pid/status"; }
rss_start="$(rss VmRSS)"
builds_start="$(grep -c '^built ' "$work/log" || true)"

(
    k=1
    while :; do
        printf '\nĐoạn thêm khi đo tải, lần %d.\n' "$k" >>"$article"
        k=$((k + 1))
        sleep 0.5
    done
) &
editor_pid=$!

wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency "http://127.0.0.1:$port$path" | tee "$work/wrk"

kill "$editor_pid" 2>/dev/null; wait "$editor_pid" 2>/dev/null || true
editor_pid=""
sleep 1 # the last rebuild
rss_end="$(rss VmRSS)"
rss_peak="$(rss VmHWM)"
builds=$(( $(grep -c '^built ' "$work/log" || true) - builds_start ))
failed_builds="$(grep -c '^error' "$work/log" || true)"

non2xx="$(sed -n 's/^ *Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' "$work/wrk")"
socket="$(sed -n 's/^ *Socket errors: *//p' "$work/wrk")"
rps="$(sed -n 's/^Requests\/sec: *//p' "$work/wrk")"
echo
echo "requests/s ${rps:-?}; non-2xx responses ${non2xx:-0}; socket errors ${socket:-none}"
echo "builds during the run: $builds (failed: $failed_builds)"
echo "server RSS: start $((rss_start / 1024)) MiB, end $((rss_end / 1024)) MiB, peak $((rss_peak / 1024)) MiB"
[ -z "$non2xx" ] && [ -z "$socket" ]
