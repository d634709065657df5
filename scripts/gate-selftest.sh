#!/usr/bin/env bash
# Proves that the quality gate bites: builds a copy of the example site whose own templates/ override two
# built-in templates with deliberately broken pages, runs scripts/gate.sh on it (the internal build, which has
# the briefing /bao-cao/) and asserts that the gate FAILS and names each reason:
#   article.html  + <script src="https://cdn.example.com/x.js"> → a request to another host (browser)
#                 + <img> without alt text                     → axe image-alt (browser) and an HTML error
#                 + a link to a page that does not exist         → a broken internal link (browser)
#   stats_unit.html + CSS that makes the narrow charts 28rem wide  → a chart scrolling sideways at 360 px
#                                                                   (browser: charts)
#   briefing.html + print CSS that makes table rows 100 mm tall → a table taller than a page, cut (print)
#                 + print CSS that sets the paragraphs in 8 pt  → text under 11 pt (print)
#                 + a 20 mm left margin on the report's pages   → text in the decree's 30 mm left margin (print)
#                 + a page number on page 1 too                 → page 1 numbered (print)
# Usage: scripts/gate-selftest.sh   (exit 0 = the gate failed as expected)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/bantin-gate-selftest.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

cp -r "$repo/content" "$tmp/content"
mkdir -p "$tmp/templates"
inject() { # inject <template> <html>: put <html> right after the template's `{% block content %}`
  local html="$2" file="$repo/templates/$1"
  grep -q '{% block content %}' "$file" || { echo "selftest: no content block in templates/$1" >&2; exit 2; }
  awk -v html="$html" '{ print } /\{% block content %\}/ && !done { print html; done = 1 }' "$file" >"$tmp/templates/$1"
}
inject article.html '<script src="https://cdn.example.com/x.js"></script><p><img src="{{ root }}img/cuong-che.svg" width="40" height="40"> <a href="{{ root }}khong-co-trang-nay/">?</a></p>'
inject stats_unit.html '<style>.chart-narrow { overflow-x: auto } .chart-narrow svg { min-width: 28rem }</style>'
inject briefing.html '<style>@media print { .report-table td { padding-top: 100mm !important } .report-p { font-size: 8pt } } @page report { margin-left: 20mm } @page report:first { @top-center { content: counter(page) } }</style>'

set +e
"$repo/scripts/gate.sh" --root "$tmp" --audience internal --shots "$tmp/shots" >"$tmp/gate.log" 2>&1
rc=$?
set -e

bad=0
expect() { # expect <what> <pattern>: the gate's output names this reason
  if grep -Eq -- "$2" "$tmp/gate.log"; then echo "ok    the gate reports $1"
  else echo "MISS  the gate does not report $1 (looked for /$2/)"; bad=1; fi
}
echo "gate exit code on the broken site: $rc; its first complaints:"
grep -E '^FAIL' "$tmp/gate.log" | sort -u -k2,2 | cut -c1-220 | sed 's/^/  /' || true
[[ $rc -ne 0 ]] || { echo "MISS  the gate passed a broken site"; bad=1; }
expect "the request to another host" '^FAIL  requests .*asks another host: https://cdn\.example\.com/x\.js'
expect "the image without alt text (axe)" '^FAIL  axe .*image-alt'
expect "the image without alt text (Nu HTML Checker)" '^FAIL  html .*img.* must have an .alt. attribute'
expect "the broken internal link" '^FAIL  links .*khong-co-trang-nay/ → HTTP 404'
expect "the chart scrolling sideways at 360 px" '^FAIL  charts .*/thong-ke/dai-tu/: the chart .* at 360 px: div\.chart-svg\.chart-narrow scrolls sideways'
expect "the table cut across pages in print" '^FAIL  print .*table.* is cut across PDF pages'
expect "the 8 pt paragraphs in print" '^FAIL  print .*text printed under 11 pt: p\.report-p at 8\.00 pt'
expect "the text printed in the left margin" '^FAIL  print .*briefing\.pdf page 1: text in the margins: .*left [0-9.]+ mm < 30'
expect "the page number on page 1" '^FAIL  print .*briefing\.pdf page 1 has a number in the top margin'
expect "the failed checks in its last line" '^gate: FAILED: browser \(.*(requests.*charts|charts.*requests).*\); html \([0-9]+ errors\)'
if [[ $bad -ne 0 ]]; then
  echo; echo "---- gate output ----"; cat "$tmp/gate.log"
  echo; echo "gate self-test FAILED: the gate misses a broken page"; exit 1
fi
echo "gate self-test passed: the gate fails on a broken site and names why ($(tail -n1 "$tmp/gate.log" | cut -c1-160)…)"
