#!/usr/bin/env bash
# A briefing .docx as an office prints it: LibreOffice converts it to PDF headless, and the PDF
# is checked as paper would be:
#   - every page is A4 (pdfinfo: 595.x × 841.x pt);
#   - the margins, from the words' boxes (pdftotext -bbox): on every page no word starts left of
#     30 mm or ends right of 195 mm (210 − 15), none ends below 277 mm (297 − 20), none starts
#     above 20 mm, each with 1 mm of tolerance (a word's box is the font's ascent to descent, a
#     little taller than its ink). The one exception is the page header: a word lying wholly
#     inside the top margin is allowed when it is the page's own number or a word of the internal
#     label (--label), and nothing else (a body line that rose into the margin, or a stray
#     header, fails). Pictures are not text and are not measured;
#   - the text (pdftotext, whitespace flattened to single spaces, NFC) holds every --expect;
#   - with --shots DIR, the first page as a PNG at 80 dpi: DIR/<name>-page1.png.
# Usage: scripts/docx-pdf-check.sh FILE.docx [--expect TEXT]... [--shots DIR] [--label TEXT]
# Installs Debian's libreoffice-writer, poppler-utils and the Liberation fonts (metric-compatible
# with Times New Roman; fonts-liberation2 has the Vietnamese letters) when soffice or poppler is
# missing. Exits non-zero with a message on any failure.
set -euo pipefail

usage() { echo "usage: $0 FILE.docx [--expect TEXT]... [--shots DIR] [--label TEXT]" >&2; exit 2; }
[[ $# -ge 1 ]] || usage
docx="$1"; shift
expects=()
shots=""
label="Tài liệu nội bộ"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --expect) [[ $# -ge 2 ]] || usage; expects+=("$2"); shift 2 ;;
    --shots) [[ $# -ge 2 ]] || usage; shots="$2"; shift 2 ;;
    --label) [[ $# -ge 2 ]] || usage; label="$2"; shift 2 ;;
    *) usage ;;
  esac
done
[[ -f "$docx" ]] || { echo "FAIL no such file: $docx"; exit 1; }

if ! command -v soffice >/dev/null || ! command -v pdftotext >/dev/null || ! command -v pdftoppm >/dev/null; then
  echo "installing libreoffice-writer, poppler-utils, fonts-liberation(2) with apt-get" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    libreoffice-writer poppler-utils fonts-liberation fonts-liberation2 >&2
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/bantin-docx-pdf.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
name="$(basename "$docx" .docx)"
# A profile of its own, so a LibreOffice already running (or a concurrent check) does not take
# the conversion over or lock it.
soffice -env:UserInstallation="file://$tmp/profile" --headless --convert-to pdf \
  --outdir "$tmp" "$docx" >"$tmp/soffice.log" 2>&1 || true
pdf="$tmp/$name.pdf"
[[ -s "$pdf" ]] || { echo "FAIL LibreOffice did not convert $docx:"; cat "$tmp/soffice.log"; exit 1; }
echo "ok   LibreOffice converted $docx ($(( $(stat -c %s "$pdf") / 1024 )) KB PDF)"

pdfinfo -f 1 -l 100000 "$pdf" >"$tmp/info.txt"
pdftotext -bbox "$pdf" "$tmp/bbox.html"
pdftotext "$pdf" "$tmp/text.txt"

status=0
python3 - "$tmp/info.txt" "$tmp/bbox.html" "$tmp/text.txt" "$label" "${expects[@]+"${expects[@]}"}" <<'PY' || status=1
import html, re, sys, unicodedata

info, bbox, text_file, label, *expects = sys.argv[1:]
PT = 25.4 / 72  # mm per point
LEFT, RIGHT, TOP, BOTTOM = 30.0, 210.0 - 15.0, 20.0, 297.0 - 20.0
TOL = 1.0
failures = 0


def ok(msg):
    print(f"ok   {msg}")


def fail(msg):
    global failures
    failures += 1
    print(f"FAIL {msg}")


sizes = re.findall(r"^Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+) pts", open(info).read(), re.M)
if not sizes:
    fail("pdfinfo gave no page sizes")
bad = [(p, w, h) for p, w, h in sizes if not (595 <= float(w) < 596 and 841 <= float(h) < 842)]
if bad:
    fail(f"pages not A4 (595.x × 841.x pt): {bad}")
elif sizes:
    ok(f"{len(sizes)} page(s), all A4 ({sizes[0][1]} × {sizes[0][2]} pt)")

nfc = lambda s: unicodedata.normalize("NFC", s)
label_words = set(nfc(label).split())
doc = open(bbox, encoding="utf-8").read()
pages = re.findall(r"<page width=\"([\d.]+)\" height=\"([\d.]+)\">(.*?)</page>", doc, re.S)
word_re = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)
extent = [999.0, 999.0, 0.0, 0.0]  # left, top, right, bottom of the body text, all pages
header_words = 0
for number, (_, _, body) in enumerate(pages, 1):
    for x0, y0, x1, y1, word in word_re.findall(body):
        x0, y0, x1, y1 = (float(v) * PT for v in (x0, y0, x1, y1))
        word = nfc(html.unescape(word))
        where = f"page {number}: {word!r} at x {x0:.1f}–{x1:.1f} mm, y {y0:.1f}–{y1:.1f} mm"
        if y1 <= TOP + TOL and y0 < TOP - TOL:
            # Wholly in the top margin: only the page header may be there.
            if word == str(number) or word in label_words:
                header_words += 1
            else:
                fail(f"{where}: in the top margin and not the page number or the label")
            continue
        if x0 < LEFT - TOL or x1 > RIGHT + TOL or y0 < TOP - TOL or y1 > BOTTOM + TOL:
            fail(f"{where}: outside the margins")
        extent = [min(extent[0], x0), min(extent[1], y0), max(extent[2], x1), max(extent[3], y1)]
if pages:
    ok(
        f"text within the margins on {len(pages)} page(s): body words span x {extent[0]:.1f}–"
        f"{extent[2]:.1f} mm (≥ {LEFT - TOL:.0f}, ≤ {RIGHT + TOL:.0f}), y {extent[1]:.1f}–"
        f"{extent[3]:.1f} mm (≥ {TOP - TOL:.0f}, ≤ {BOTTOM + TOL:.0f}); {header_words} header word(s) "
        "in the top margin, all page numbers or the label"
    )
else:
    fail("pdftotext -bbox found no page")

flat = " ".join(nfc(open(text_file, encoding="utf-8").read()).split())
for want in expects:
    want_flat = " ".join(nfc(want).split())
    if want_flat in flat:
        ok(f"text holds {want!r}")
    else:
        fail(f"text does not hold {want!r}")
sys.exit(1 if failures else 0)
PY

if [[ -n "$shots" ]]; then
  mkdir -p "$shots"
  pdftoppm -r 80 -png -f 1 -l 1 -singlefile "$pdf" "$shots/$name-page1"
  echo "ok   first page: $shots/$name-page1.png"
fi

if [[ $status -ne 0 ]]; then
  echo "FAIL $docx: see the lines above"
  exit 1
fi
