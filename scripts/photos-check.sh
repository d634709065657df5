#!/usr/bin/env bash
# Every image of a built site carries no metadata a phone wrote: no EXIF (camera, date), no GPS,
# no XMP/IPTC. Usage: scripts/photos-check.sh OUTPUT_DIR [--expect-derived N]
# Needs exiftool (Debian: libimage-exiftool-perl); installs it with apt when missing.
set -euo pipefail
site="${1:?usage: photos-check.sh OUTPUT_DIR [--expect-derived N]}"
expect=""
if [ "${2:-}" = "--expect-derived" ]; then expect="${3:?}"; fi
command -v exiftool >/dev/null || { apt-get update -qq && apt-get install -y -qq libimage-exiftool-perl >/dev/null; }
mapfile -d '' images < <(find "$site" -type f \( -iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.png' -o -iname '*.webp' \) -print0 | sort -z)
[ "${#images[@]}" -gt 0 ] || { echo "photos-check: no image under $site" >&2; exit 1; }
bad=0
for f in "${images[@]}"; do
  meta="$(exiftool -q -q -s -G1 -EXIF:all -GPS:all -XMP:all -IPTC:all -MakerNotes:all "$f" || true)"
  if [ -n "$meta" ]; then
    echo "photos-check: $f still carries metadata:" >&2
    printf '%s\n' "$meta" | head -20 >&2
    bad=1
  fi
done
derived=$(find "$site/anh" -type f -name '*.jpg' 2>/dev/null | wc -l)
echo "photos-check: ${#images[@]} images, none with EXIF/GPS/XMP/IPTC ($derived derived photos under anh/)"
if [ -n "$expect" ] && [ "$derived" -ne "$expect" ]; then
  echo "photos-check: expected $expect derived photos, found $derived" >&2; bad=1
fi
exit "$bad"
