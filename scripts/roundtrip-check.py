#!/usr/bin/env python3
"""The Excel round trip of the figures, end to end, with openpyxl as the office's spreadsheet:

    python3 scripts/roundtrip-check.py BANTIN ROOT

BANTIN is the bantin binary, ROOT a project folder (holding content/); it is copied, never changed.
1. `export stats` then `import stats` of that workbook: no change, exit 0.
2. Three cells edited with openpyxl, `import stats --write`: exactly those three values change in
   the YAML (read with PyYAML), every comment line stays, and a new build's data file shows them.
3. Eleven broken workbooks (or CSVs): each gives its diagnostic at its cell, exits 1, and leaves
   content/ byte-identical.
Prints one line per check; exits 1 on the first failure."""

import hashlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gate_venv import require  # noqa: E402

require(["openpyxl", "yaml"], ["openpyxl==3.1.5", "PyYAML==6.0.3"])

import csv  # noqa: E402

import openpyxl  # noqa: E402
import yaml  # noqa: E402

SHEET = "Số liệu"


def fail(msg):
    print(f"FAIL {msg}")
    sys.exit(1)


def run(bantin, root, *args):
    p = subprocess.run([bantin, *args, "--root", str(root)], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def content_hash(root):
    h = hashlib.sha256()
    for f in sorted((root / "content").rglob("*")):
        if f.is_file():
            h.update(str(f.relative_to(root)).encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


def stats_yaml(root):
    out = {}
    for f in sorted((root / "content" / "stats").glob("*.yaml")):
        doc = yaml.safe_load(f.read_text(encoding="utf-8"))
        for rec in doc if isinstance(doc, list) else [doc]:
            for y in rec.get("years", []):
                key = (rec["unit"], y["year"], y.get("months", 12))
                for k, v in y.items():
                    if isinstance(v, dict):
                        for kk, vv in v.items():
                            out[key + (f"{k}.{kk}",)] = vv
                    else:
                        out[key + (k,)] = v
    return out


def columns(ws):
    return {str(c.value).split("[")[-1].rstrip("]").strip(): c.column for c in ws[1] if c.value}


def find_row(ws, col, unit, year):
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, col["unit_id"]).value == unit and ws.cell(r, col["year"]).value == year:
            return r
    fail(f"no row for {unit} {year} in the export")


def as_number(v):
    """A YAML count or amount as a number: 1250000 or "1.250.000"."""
    return int(str(v).replace(".", "")) if isinstance(v, str) else v


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    bantin, source = sys.argv[1], Path(sys.argv[2])
    work = Path(tempfile.mkdtemp(prefix="bantin-roundtrip-"))
    try:
        root = work / "site"
        shutil.copytree(source / "content", root / "content")
        if (source / "templates").is_dir():
            shutil.copytree(source / "templates", root / "templates")
        book = work / "so-lieu.xlsx"

        # 1. export → import: no change.
        rc, out, err = run(bantin, root, "export", "stats", str(book))
        if rc != 0:
            fail(f"export stats exited {rc}: {err}")
        before = content_hash(root)
        rc, out, err = run(bantin, root, "import", "stats", "--write", str(book))
        if rc != 0 or "no change" not in out or content_hash(root) != before:
            fail(f"importing a fresh export changed something (exit {rc}): {out}{err}")
        print("ok   export → import --write: no change, content/ byte-identical")
        csv_path = work / "toan-bo.csv"
        rc, out, err = run(bantin, root, "build", "--out", str(work / "out0"))
        if rc != 0:
            fail(f"build exited {rc}: {err}")
        shutil.copy(work / "out0" / "du-lieu" / "toan-bo.csv", csv_path)
        rc, out, err = run(bantin, root, "import", "stats", str(csv_path))
        if rc != 0 or "no change" not in out:
            fail(f"importing the site's own CSV changed something (exit {rc}): {out}{err}")
        print("ok   the site's downloaded CSV imports with no change")

        # 2. three cells edited with openpyxl.
        wb = openpyxl.load_workbook(book)
        ws = wb[SHEET]
        col = columns(ws)
        edits = [
            ("cuc-thai-nguyen", 2023, "cases_eligible", "cases.eligible", 7440, 7440),
            ("dinh-hoa", 2023, "money_completed", "money.completed", 27_000_000_000, 27_000_000_000),
            ("vo-nhai", 2023, "cases_target", "cases.target", 0.86, 86),
        ]
        for unit, year, column, _, cell, _ in edits:
            ws.cell(find_row(ws, col, unit, year), col[column]).value = cell
        edited = work / "edited.xlsx"
        wb.save(edited)
        old_yaml = stats_yaml(root)
        comments = {
            f.name: [l for l in f.read_text(encoding="utf-8").splitlines() if l.strip().startswith("#")]
            for f in (root / "content" / "stats").glob("*.yaml")
        }
        rc, out, err = run(bantin, root, "import", "stats", str(edited))
        if rc != 0 or "3 value(s) would change" not in out or content_hash(root) != before:
            fail(f"import without --write (exit {rc}) must show 3 changes and write nothing: {out}{err}")
        rc, out, err = run(bantin, root, "import", "stats", "--write", str(edited))
        if rc != 0 or "updated 3 value(s)" not in out:
            fail(f"import --write exited {rc}: {out}{err}")
        new_yaml = stats_yaml(root)
        changed = {k for k in set(old_yaml) | set(new_yaml) if old_yaml.get(k) != new_yaml.get(k)}
        expected = {(u, y, 12, path) for u, y, _, path, _, _ in edits}
        if changed != expected:
            fail(f"the YAML values that changed are {sorted(changed)}, not {sorted(expected)}")
        for unit, year, _, path, _, value in edits:
            if as_number(new_yaml[(unit, year, 12, path)]) != value:
                fail(f"{unit} {year} {path} is {new_yaml[(unit, year, 12, path)]!r}, not {value}")
        for name, lines in comments.items():
            text = (root / "content" / "stats" / name).read_text(encoding="utf-8")
            missing = [l for l in lines if l not in text.splitlines()]
            if missing:
                fail(f"{name} lost its comments {missing}")
        rc, out, err = run(bantin, root, "build", "--out", str(work / "out1"))
        if rc != 0:
            fail(f"build after the import exited {rc}: {err}")
        with open(work / "out1" / "du-lieu" / "toan-bo.csv", encoding="utf-8-sig", newline="") as f:
            rows = {(r["unit_id"], int(r["year"])): r for r in csv.DictReader(
                f, fieldnames=None) for r in [{k.split("[")[-1].rstrip("]"): v for k, v in r.items()}]}
        for unit, year, column, _, _, value in edits:
            shown = float(rows[(unit, year)][column])
            if abs(shown - value) > 1e-9:
                fail(f"the new site's data file shows {column} = {shown} for {unit} {year}, not {value}")
        print("ok   three cells edited with openpyxl: exactly those three YAML values change, comments kept, the new site shows them")

        # 3. broken workbooks.
        before = content_hash(root)
        rc, _, err = run(bantin, root, "export", "stats", str(book))
        if rc != 0:
            fail(f"export stats exited {rc}: {err}")

        def broken(name, change, *expect, csv_file=False):
            wb = openpyxl.load_workbook(book)
            ws = wb[SHEET]
            col = columns(ws)
            where = change(ws, col)
            if csv_file:
                path = work / f"{name}.csv"
                with open(path, "w", encoding="utf-8-sig", newline="") as f:
                    w = csv.writer(f)
                    for row in ws.iter_rows(values_only=True):
                        w.writerow(["" if v is None else v for v in row])
            else:
                path = work / f"{name}.xlsx"
                wb.save(path)
            rc, out, err = run(bantin, root, "import", "stats", "--write", str(path))
            sheet = path.name if csv_file else SHEET
            wanted = [f"{sheet}!{where}", *expect]
            if rc != 1:
                fail(f"{name}: exit {rc}, not 1: {out}{err}")
            for e in wanted:
                if e not in err:
                    fail(f"{name}: no `{e}` in:\n{err}")
            if content_hash(root) != before:
                fail(f"{name}: content/ changed")
            print(f"ok   {name}: {wanted[0]}: {' … '.join(expect)}; exit 1; content/ unchanged")

        def at(ws, col, unit, year, column):
            r = find_row(ws, col, unit, year)
            return ws.cell(r, col[column]), f"{openpyxl.utils.get_column_letter(col[column])}{r}"

        def text_number(ws, col):
            c, where = at(ws, col, "dinh-hoa", 2023, "cases_total")
            c.value = str(c.value)
            return where

        def over_100(ws, col):
            c, where = at(ws, col, "phu-luong", 2023, "cases_target")
            c.value = 84.5
            return where

        def completed_over(ws, col):
            c, where = at(ws, col, "vo-nhai", 2023, "cases_completed")
            c.value = at(ws, col, "vo-nhai", 2023, "cases_eligible")[0].value + 10
            return where

        def unknown_unit(ws, col):
            c, where = at(ws, col, "dinh-hoa", 2022, "unit_id")
            c.value = "dinh-hoaa"
            return where

        def before_birth(ws, col):
            c, where = at(ws, col, "dai-tu", 2023, "year")
            c.value = 2026
            return where

        def merged(ws, col):
            ws.merge_cells("B1:C1")
            return "B1"

        def moved(ws, col):
            ws.insert_rows(1, 2)
            return "A3"

        def vietnamese_decimal(ws, col):
            c, where = at(ws, col, "dinh-hoa", 2023, "money_total")
            c.value = "1.234,5"
            return where

        def formula(ws, col):
            c, where = at(ws, col, "phu-luong", 2022, "cases_completed")
            c.value = f"={openpyxl.utils.get_column_letter(col['cases_eligible'])}{c.row}-1"
            return where

        def twice(ws, col):
            r = find_row(ws, col, "vo-nhai", 2022)
            new = ws.max_row + 1
            for cell in ws[r]:
                ws.cell(new, cell.column).value = cell.value
            return f"A{new}"

        def english_csv(ws, col):
            c, where = at(ws, col, "dinh-hoa", 2023, "cases_eligible")
            c.value = "1,234.5"
            return where

        broken("number-typed-as-text", text_number, "is typed as text")
        broken("percent-over-100", over_100, "8.450,00% is over 100%")
        broken("completed-over-eligible", completed_over, "completed", "is more than eligible")
        broken("unknown-unit", unknown_unit, "unknown unit `dinh-hoaa`", "did you mean `dinh-hoa`")
        broken("year-the-unit-did-not-exist", before_birth, "did not exist in the statistical year 2026")
        broken("merged-header", merged, "header cells B1:C1 are merged")
        broken("moved-header", moved, "the header row has moved to row 3")
        broken("vietnamese-decimal-comma", vietnamese_decimal, "typed as text", "Vietnamese", "`1234.5`")
        broken("formula-without-value", formula, "has no saved value")
        broken("row-given-twice", twice, "given twice")
        broken("english-thousands-in-csv", english_csv, "is not a number", "`1234.5`", csv_file=True)
        print("roundtrip-check: passed")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
