#!/usr/bin/env python3
"""Check the downloadable data files of a built site against the YAML they came from, as other
tools read them: every CSV with Python's csv module and with pandas, every XLSX with openpyxl.

Usage: scripts/data-check.py OUTPUT_DIR [--content DIR]   (default content/ of the repository)

For every unit-year of content/stats/*.yaml (but those with `audience: internal`) the whole-site
file, its unit's file and its year's file each hold one row, and in each reader:
  - the published rate, the target, `exceeded`, the counts, the money in đồng, the published
    ranks, `as_of` (ISO in CSV, a date in XLSX) and `source` equal the YAML's;
  - the recomputed rate is completed / eligible (two decimals), the derived target rate − exceeded
    (marked `true`), a computed `exceeded` rate − target (marked `true`);
  - a missing value is an empty cell; the CSV starts with a UTF-8 BOM; the XLSX shows rates with
    `0.00%` (a fraction), amounts with `#,##0`, freezes its header row and has a "Ghi chú" sheet.
One `ok …` line per file; `FAIL …` and exit 1 on any mismatch.

pandas, openpyxl and PyYAML are installed into .gate/venv (pinned) when this Python lacks them;
the script then runs again under the venv's Python.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from gate_venv import require  # noqa: E402

require(["openpyxl", "pandas", "yaml"], ["pandas==2.3.3", "openpyxl==3.1.5", "PyYAML==6.0.3"])

import csv
import datetime
import math

import openpyxl
import pandas
import yaml

FAILS = []


def fail(msg):
    FAILS.append(msg)
    print("FAIL " + msg)


def money(v, factor):
    if v is None:
        return None
    if isinstance(v, (int, float)):
        return int(round(v * factor))
    s = str(v).replace(".", "").replace(" ", "").replace("\u00a0", "")
    return int(s) * factor


def date_iso(v):
    if v is None:
        return None
    if isinstance(v, datetime.date):
        return v.isoformat()
    s = str(v)
    if "/" in s:
        d, m, y = s.split("/")
        return f"{int(y):04d}-{int(m):02d}-{int(d):02d}"
    return s


def r2(v):
    return math.floor(v * 100 + 0.5) / 100


def expected_measure(m, factor, prefix):
    """The columns of one measure as the YAML gives or implies them."""
    m = m or {}
    out = {}
    amount = (lambda v: money(v, factor)) if factor else (lambda v: None if v is None else int(v))
    for k in ("total", "eligible", "completed"):
        out[f"{prefix}_{k}"] = amount(m.get(k))
    rate = m.get("rate")
    out[f"{prefix}_rate"] = None if rate is None else float(rate)
    e, c = out[f"{prefix}_eligible"], out[f"{prefix}_completed"]
    computed = c / e * 100 if (e and c is not None) else None
    out[f"{prefix}_rate_recomputed"] = None if computed is None else r2(computed)
    value = float(rate) if rate is not None else computed
    target, exceeded = m.get("target"), m.get("exceeded")
    derived = None
    if target is not None:
        target, derived = float(target), False
    elif value is not None and exceeded is not None:
        target, derived = r2(value - float(exceeded)), True
    out[f"{prefix}_target"] = target
    out[f"{prefix}_target_derived"] = derived
    if exceeded is not None:
        out[f"{prefix}_exceeded"], out[f"{prefix}_exceeded_computed"] = float(exceeded), False
    elif value is not None and target is not None:
        out[f"{prefix}_exceeded"], out[f"{prefix}_exceeded_computed"] = r2(value - target), True
    else:
        out[f"{prefix}_exceeded"], out[f"{prefix}_exceeded_computed"] = None, None
    return out


def expected_rows(content):
    site = yaml.safe_load((content / "site.yaml").read_text(encoding="utf-8")) or {}
    factor = 1000 if (site.get("stats") or {}).get("money_input") == "nghin-dong" else 1
    rows = {}
    for f in sorted((content / "stats").glob("*.yaml")):
        doc = yaml.safe_load(f.read_text(encoding="utf-8"))
        for y in doc.get("years") or []:
            if y.get("audience") == "internal":
                continue
            year = str(y["year"])
            months = 6 if year.endswith("-6t") else int(y.get("months", 12))
            year = int(year.removesuffix("-6t"))
            row = {"unit_id": doc["unit"], "year": year, "months": months}
            row.update(expected_measure(y.get("cases"), None, "cases"))
            row.update(expected_measure(y.get("money"), factor, "money"))
            rank = y.get("rank") or {}
            row["rank_cases"] = rank.get("cases")
            row["rank_money"] = rank.get("money")
            row["as_of"] = date_iso(y.get("as_of"))
            row["source"] = y.get("source")
            rows[(doc["unit"], year, months)] = row
    return rows


def machine(header):
    return header.rsplit("[", 1)[1].rstrip("]")


def same(want, got):
    if want is None:
        return got is None
    if got is None:
        return False
    if isinstance(want, bool) or isinstance(got, bool):
        return bool(want) == bool(got) and isinstance(got, bool) == isinstance(want, bool)
    if isinstance(want, (int, float)) and isinstance(got, (int, float)):
        return abs(float(want) - float(got)) < 1e-9 * max(1.0, abs(float(want)))
    return str(want) == str(got)


def compare(where, want_rows, got_rows, keys_expected):
    got_keys = []
    for got in got_rows:
        key = (got["unit_id"], int(got["year"]), int(got["months"]))
        got_keys.append(key)
        want = want_rows.get(key)
        if want is None:
            fail(f"{where}: row {key} is in no YAML file")
            continue
        for col, w in want.items():
            if not same(w, got.get(col)):
                fail(f"{where}: {key} {col}: YAML {w!r}, file {got.get(col)!r}")
    if sorted(got_keys) != sorted(keys_expected):
        fail(f"{where}: rows {sorted(got_keys)} but the YAML has {sorted(keys_expected)}")


def parse_csv_value(col, s):
    if s == "":
        return None
    if col in ("unit_id", "unit_name", "source", "source_url", "as_of", "period_start", "period_end"):
        return s
    if s in ("true", "false"):
        return s == "true"
    return int(s) if s.lstrip("-").isdigit() else float(s)


def read_csv_module(path):
    raw = path.read_bytes()
    if not raw.startswith(b"\xef\xbb\xbf"):
        fail(f"{path}: no UTF-8 byte-order mark")
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        head = [machine(h) for h in next(reader)]
        return [{c: parse_csv_value(c, v) for c, v in zip(head, line)} for line in reader]


def read_pandas(path):
    df = pandas.read_csv(path, encoding="utf-8-sig", keep_default_na=True)
    df = df.rename(columns=machine)
    rows = []
    for rec in df.to_dict("records"):
        row = {}
        for c, v in rec.items():
            if isinstance(v, float) and math.isnan(v):
                v = None
            elif hasattr(v, "item"):
                v = v.item()
            if c in ("cases_target_derived", "cases_exceeded_computed", "money_target_derived", "money_exceeded_computed") and v is not None and not isinstance(v, bool):
                v = {"True": True, "False": False, "true": True, "false": False}.get(str(v), v)
            row[c] = v
        rows.append(row)
    return rows


def read_xlsx(path):
    book = openpyxl.load_workbook(path)
    names = book.sheetnames
    if len(names) != 2 or names[1] != "Ghi chú":
        fail(f"{path}: sheets {names}, not [data, 'Ghi chú']")
    sheet = book[names[0]]
    if sheet.freeze_panes != "A2":
        fail(f"{path}: header row not frozen ({sheet.freeze_panes})")
    lines = list(sheet.iter_rows())
    head = [machine(c.value) for c in lines[0]]
    rows = []
    for line in lines[1:]:
        row = {}
        for col, cell in zip(head, line):
            v = cell.value
            if col.endswith(("_rate", "_rate_recomputed", "_target")) and v is not None:
                if cell.number_format != "0.00%":
                    fail(f"{path}: {cell.coordinate} format {cell.number_format!r}, not 0.00%")
                v = round(v * 100, 10)
            elif col.startswith("money_") and col.endswith(("_total", "_eligible", "_completed")) and v is not None:
                if cell.number_format != "#,##0":
                    fail(f"{path}: {cell.coordinate} format {cell.number_format!r}, not #,##0")
            if isinstance(v, datetime.datetime):
                v = v.date().isoformat()
            if isinstance(v, float) and v.is_integer() and not col.endswith(("_rate", "_rate_recomputed", "_target", "_exceeded")):
                v = int(v)
            row[col] = v
        rows.append(row)
    notes = " ".join(str(c.value) for r in book[names[1]].iter_rows() for c in r if c.value)
    if "01/10" not in notes or "30/09" not in notes:
        fail(f"{path}: the notes sheet does not give the period 01/10–30/09")
    return rows


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    out = Path(args[0])
    content = Path(args[args.index("--content") + 1]) if "--content" in args else ROOT / "content"
    want = expected_rows(content)
    data = out / "du-lieu"
    files = {"du-lieu/toan-bo": sorted(want)}
    for key in want:
        files.setdefault(f"du-lieu/don-vi/{key[0]}", []).append(key)
        files.setdefault(f"du-lieu/nam/{key[1]}", []).append(key)
    present = {str(p.relative_to(out)) for p in data.rglob("*") if p.is_file()}
    expected_names = {f"{b}.{e}" for b in files for e in ("csv", "xlsx")}
    if present != expected_names:
        fail(f"files {sorted(present ^ expected_names)} differ from the YAML's units and years")
    for base, keys in sorted(files.items()):
        before = len(FAILS)
        csv_path, xlsx_path = out / f"{base}.csv", out / f"{base}.xlsx"
        if not csv_path.exists() or not xlsx_path.exists():
            continue
        compare(f"{base}.csv (csv)", want, read_csv_module(csv_path), keys)
        compare(f"{base}.csv (pandas)", want, read_pandas(csv_path), keys)
        compare(f"{base}.xlsx (openpyxl)", want, read_xlsx(xlsx_path), keys)
        if len(FAILS) == before:
            print(f"ok {base}.csv and .xlsx: {len(keys)} rows equal the YAML (csv, pandas, openpyxl)")
    if FAILS:
        print(f"FAIL {len(FAILS)} mismatches")
        sys.exit(1)
    print(f"ok {len(files)} data files in two formats, every value as in the YAML")


if __name__ == "__main__":
    main()
