#!/usr/bin/env bash
# Archive snapshots as an archivist would check them (SPEC §7, issue 7):
#   - `bantin snapshot --warc` of the example site into a temp folder, twice: byte-identical;
#   - `sha256sum -c` on the snapshot; `warcio check` and `warcio index` on the WARC (warcio from PyPI);
#   - headless Chromium opens archive/<DATE>/index.html from file://, follows every link on every page,
#     and runs three searches with their expected first results (scripts/archive-test.mjs).
# Usage: scripts/archive-check.sh [DATE]   (default 2025-12-31). Installs warcio into .gate/venv and
# playwright-core into scripts/node_modules when missing. Exits non-zero on any failure.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
date="${1:-2025-12-31}"
venv="$root/.gate/venv"

if [[ ! -x "$venv/bin/warcio" ]]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "warcio==1.7.5"
fi
if [[ ! -d "$here/node_modules/playwright-core" ]]; then
  (cd "$here" && npm ci --no-audit --no-fund) >&2
fi
# BANTIN=path: use that binary (CI passes its release build); otherwise a debug build of this checkout
bin="${BANTIN:-}"
if [[ -z "$bin" ]]; then (cd "$root" && cargo build --quiet); bin="$root/target/debug/bantin"; fi
tmp="$(mktemp -d "${TMPDIR:-/tmp}/bantin-archive.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

for copy in a b; do
  "$bin" snapshot --root "$root" --as-of "$date" --warc --out "$tmp/$copy"
done
diff -r "$tmp/a" "$tmp/b" >/dev/null || { echo "FAIL two snapshots of the same day differ"; exit 1; }
echo "ok   two snapshots are byte-identical (folder, zip, WARC)"

(cd "$tmp/a/$date" && sha256sum -c --quiet SHA256SUMS) || { echo "FAIL sha256sum -c"; exit 1; }
echo "ok   sha256sum -c SHA256SUMS ($(wc -l < "$tmp/a/$date/SHA256SUMS") files)"

warc="$tmp/a/$date.warc.gz"
"$venv/bin/warcio" check "$warc" || { echo "FAIL warcio check"; exit 1; }
records=$("$venv/bin/warcio" index "$warc" | wc -l)
responses=$("$venv/bin/warcio" index "$warc" | grep -c '"warc-type": "response"')
files=$(find "$tmp/a/$date" -type f ! -name .bantin-output ! -name .bantin-lock | wc -l)
[[ "$responses" == "$files" ]] || { echo "FAIL WARC has $responses responses for $files files"; exit 1; }
echo "ok   warcio check; warcio index: $records records ($responses responses = files, 1 warcinfo)"

node "$here/archive-test.mjs" "$tmp/a/$date" \
  "dai tu=don-vi/dai-tu/index.html" \
  "33-CT/TU=van-ban/33-ct-tu-2020/index.html" \
  "cuong che=tin-tuc/cuong-che-thi-hanh-an-tai-xa-ky-phu-dien-ra-an-toan/index.html"
echo "sizes: site $(du -sk "$tmp/a/$date" | cut -f1) KB, zip $(( $(stat -c %s "$tmp/a/$date.zip") / 1024 )) KB, WARC $(( $(stat -c %s "$warc") / 1024 )) KB"
