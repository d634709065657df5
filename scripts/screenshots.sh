#!/usr/bin/env bash
# Screenshots of the bantin example site for visual review: the browser part of the quality gate.
#
# Usage: scripts/screenshots.sh [OUT_DIR] [SITE_DIR]
#   OUT_DIR   where the PNGs/PDF go (default: screenshots/ at the repository root; emptied first)
#   SITE_DIR  an already-built site to shoot; default: build the repository's site into a temp folder
#
# Same as `scripts/gate.sh --only browser --shots OUT_DIR [--site SITE_DIR]` (see gate.sh and gate.mjs):
# <page>-360.png and <page>-1280.png of home, bulletins, article, stats, stats-unit, timeline, directive,
# cases, case, unit and briefing, briefing.pdf (A4, print media) and briefing-pdf-N.png; it exits non-zero
# if a page of the sitemap scrolls sideways at 360 px, asks another host for anything, logs a console
# error, has an axe violation or a broken internal link, or the briefing prints badly.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
args=(--only browser --shots "${1:-$here/../screenshots}")
if [[ -n "${2:-}" ]]; then args+=(--site "$2"); fi
exec "$here/gate.sh" "${args[@]}"
