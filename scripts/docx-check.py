#!/usr/bin/env python3
"""Check a briefing .docx as Word would read it, through python-docx (an independent reader).

Usage: scripts/docx-check.py FILE.docx [--expect TEXT]... [--internal | --public] [--label TEXT]

Checks, one `ok …` line each (`FAIL …` and exit 1 on any failure):
  - every section is A4 portrait with the decree's margins (top 20, bottom 20, left 30,
    right 15 mm), within 0.5 mm;
  - the Normal style (or the document defaults it inherits) uses Times New Roman for every
    script, and no body run names another font;
  - a real table (one with visible borders, not a layout grid) holds each --expect value in a cell;
  - every picture (inline or floating) has a non-empty alt text (`descr` of `wp:docPr`);
  - the first page has its own header without a PAGE field; the other pages' header has one;
  - the internal label ("Tài liệu nội bộ") is in the headers iff --internal (default --public).

python-docx is installed into .gate/venv (pinned) when this Python does not have it; the script
then runs again under the venv's Python.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gate_venv import require  # noqa: E402

require(["docx"], ["python-docx==1.2.0"])

import docx  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Mm  # noqa: E402

FONT = "Times New Roman"
FONT_ATTRS = ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia")
# (name, expected mm): A4 and the margins of Nghị định 30/2020/NĐ-CP as bantin sets them.
PAGE = [("page width", 210), ("page height", 297)]
MARGINS = [("top margin", 20), ("bottom margin", 20), ("left margin", 30), ("right margin", 15)]
TOLERANCE_MM = 0.5

failures = []


def ok(message):
    print(f"ok   {message}")


def fail(message):
    print(f"FAIL {message}")
    failures.append(message)


def check(condition, message, detail=""):
    if condition:
        ok(message)
    else:
        fail(f"{message}{': ' + detail if detail else ''}")


def mm(length):
    return None if length is None else length / Mm(1)


def check_sections(document):
    for i, s in enumerate(document.sections, 1):
        values = {
            "page width": mm(s.page_width),
            "page height": mm(s.page_height),
            "top margin": mm(s.top_margin),
            "bottom margin": mm(s.bottom_margin),
            "left margin": mm(s.left_margin),
            "right margin": mm(s.right_margin),
        }
        wrong = [
            f"{name} {values[name]!r} mm, want {want}"
            for name, want in PAGE + MARGINS
            if values[name] is None or abs(values[name] - want) > TOLERANCE_MM
        ]
        check(
            not wrong,
            f"section {i}: A4 {values['page width']:.1f} × {values['page height']:.1f} mm, margins "
            f"{values['top margin']:.1f}/{values['bottom margin']:.1f}/"
            f"{values['left margin']:.1f}/{values['right margin']:.1f} mm (top/bottom/left/right)",
            "; ".join(wrong),
        )


def fonts_of(r_pr):
    """The rFonts attributes of an rPr element, or {}."""
    if r_pr is None:
        return {}
    r_fonts = r_pr.find(qn("w:rFonts"))
    if r_fonts is None:
        return {}
    return {a: r_fonts.get(qn(a)) for a in FONT_ATTRS if r_fonts.get(qn(a)) is not None}


def check_fonts(document):
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    default_r_pr = None
    if defaults is not None:
        default_r_pr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    normal = document.styles["Normal"]
    fonts = fonts_of(default_r_pr)
    fonts.update(fonts_of(normal.element.find(qn("w:rPr"))))
    missing = [a for a in FONT_ATTRS if fonts.get(a) != FONT]
    check(
        not missing,
        f"Normal style (with the document defaults) uses {FONT} for {', '.join(FONT_ATTRS)}",
        f"got {fonts}",
    )
    others = set()
    runs = 0
    body = document.element.body
    for r in body.iter(qn("w:r")):
        runs += 1
        for value in fonts_of(r.find(qn("w:rPr"))).values():
            if value != FONT:
                others.add(value)
    for style in document.styles:
        for value in fonts_of(style.element.find(qn("w:rPr"))).values():
            if value != FONT:
                others.add(f"{value} (style {style.name})")
    check(not others, f"no run or style of the body ({runs} runs) names another font", str(others))


def has_visible_borders(table):
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    if borders is None:
        return False
    return any(b.get(qn("w:val")) not in (None, "none", "nil") for b in borders)


def check_tables(document, expected):
    real = [t for t in document.tables if has_visible_borders(t)]
    layout = len(document.tables) - len(real)
    check(bool(real), f"{len(real)} table(s) with borders, {layout} borderless layout table(s)")
    for value in expected:
        holders = [
            i
            for i, t in enumerate(real, 1)
            if any(value in cell.text for row in t.rows for cell in row.cells)
        ]
        check(bool(holders), f"a bordered table's cell holds {value!r}", "in no table with borders")


def check_pictures(document):
    doc_prs = list(document.element.body.iter(qn("wp:docPr")))
    empty = [d.get("name") or d.get("id") for d in doc_prs if not (d.get("descr") or "").strip()]
    check(bool(doc_prs), f"{len(doc_prs)} picture(s) in the body")
    check(not empty, "every picture has alt text (wp:docPr descr)", f"empty: {empty}")
    inline = len(document.inline_shapes)
    check(inline == len(doc_prs), f"{inline} inline picture(s) (python-docx's inline_shapes)")


def has_page_field(header):
    element = header._element
    instr = " ".join(t.text or "" for t in element.iter(qn("w:instrText")))
    simple = " ".join(f.get(qn("w:instr")) or "" for f in element.iter(qn("w:fldSimple")))
    return "PAGE" in f"{instr} {simple}".split()


def check_headers(document, internal, label):
    for i, s in enumerate(document.sections, 1):
        check(s.different_first_page_header_footer, f"section {i}: a first-page header of its own (titlePg)")
        first, default = s.first_page_header, s.header
        check(not first.is_linked_to_previous, f"section {i}: the first-page header is defined")
        check(not has_page_field(first), f"section {i}: no PAGE field in the first-page header")
        check(has_page_field(default), f"section {i}: a PAGE field in the default header (page 2 on)")
        for name, h in (("first-page", first), ("default", default)):
            text = " ".join(p.text for p in h.paragraphs)
            if internal:
                check(label in text, f"section {i}: {label!r} in the {name} header", repr(text))
            else:
                check(label not in text, f"section {i}: no {label!r} in the {name} header", repr(text))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file")
    parser.add_argument("--expect", action="append", default=[], help="a value a figures table must hold")
    audience = parser.add_mutually_exclusive_group()
    audience.add_argument("--internal", action="store_true", help="the headers must carry the internal label")
    audience.add_argument("--public", action="store_true", help="the headers must not (the default)")
    parser.add_argument("--label", default="Tài liệu nội bộ", help="the internal label")
    args = parser.parse_args()

    document = docx.Document(args.file)
    ok(f"python-docx {docx.__version__ if hasattr(docx, '__version__') else ''} opens {args.file}")
    check_sections(document)
    check_fonts(document)
    check_tables(document, args.expect)
    check_pictures(document)
    check_headers(document, args.internal, args.label)
    if failures:
        print(f"{len(failures)} check(s) failed")
        sys.exit(1)


if __name__ == "__main__":
    main()
