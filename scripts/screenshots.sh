#!/usr/bin/env bash
# Screenshots of the bantin example site for visual review.
#
# Usage: scripts/screenshots.sh [OUT_DIR] [SITE_DIR]
#   OUT_DIR   where the PNGs/PDF go (default: screenshots/ at the repository root; emptied first)
#   SITE_DIR  an already-built site to shoot; default: build the repository's site into a temp folder
# Env: CHROMIUM (default /usr/bin/chromium), DIRECTIVE / CASE (ids to shoot; default: first built one,
#      preferring 33-ct-tu-2020 / vu-khoi-ky-2023), SKIP_CARGO=1 (use the existing target/debug/bantin).
#
# Writes <page>-360.png and <page>-1280.png (full page) for: home, bulletins, article, stats,
# stats-dai-tu, directives, directive, cases, case, unit-dai-tu, briefing; plus briefing.pdf (A4, print
# media) and briefing-pdf-N.png (pdftoppm -r 50). Prints one line per page on horizontal overflow at
# 360 px and exits 1 if any page overflows, a page is missing, or a page requests another host.
# Needs: cargo, node + npm (playwright-core is installed into scripts/node_modules on first run),
# chromium, pdftoppm (poppler-utils).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
out="${1:-$root/screenshots}"
site="${2:-}"

if [[ ! -d "$here/node_modules/playwright-core" ]]; then
  (cd "$here" && if [[ -f package-lock.json ]]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi) >&2
fi

tmp=""
cleanup() { [[ -n "$tmp" ]] && rm -rf "$tmp"; }
trap cleanup EXIT

if [[ -z "$site" ]]; then
  if [[ "${SKIP_CARGO:-}" != 1 ]]; then (cd "$root" && cargo build --quiet); fi
  tmp="$(mktemp -d "${TMPDIR:-/tmp}/bantin-site.XXXXXX")"
  site="$tmp/site"
  "$root/target/debug/bantin" build --root "$root" --out "$site" >&2
fi
site="$(cd "$site" && pwd)"

pick() { # pick <dir> <preferred>: the preferred id if built, else the first built one
  if [[ -d "$site/$1/$2" ]]; then echo "$2"; return; fi
  find "$site/$1" -mindepth 2 -maxdepth 2 -name index.html -printf '%h\n' | sort | head -n1 | xargs -r basename
}
directive="${DIRECTIVE:-$(pick van-ban 33-ct-tu-2020)}"
case_id="${CASE:-$(pick vu-viec vu-khoi-ky-2023)}"

mkdir -p "$out"
rm -f "$out"/*.png "$out"/briefing.pdf
out="$(cd "$out" && pwd)"

status=0
node "$here/screenshots.mjs" "$site" "$out" "$directive" "$case_id" || status=$?

if [[ -f "$out/briefing.pdf" ]]; then
  pdftoppm -r 50 -png "$out/briefing.pdf" "$out/briefing-pdf"
  echo "briefing.pdf: $(pdfinfo "$out/briefing.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}') A4 page(s) → briefing-pdf-*.png"
fi
echo "screenshots in $out"
exit "$status"
