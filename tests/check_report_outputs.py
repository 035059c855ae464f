#!/usr/bin/env python3
"""Checks the files `dxsim run` writes (issue 11), with the standard library only:
every file is valid UTF-8; results.json validates against docs/results.schema.json
(a small JSON Schema validator below: type, const, enum, required, properties,
items, minimum, maximum); results.csv, items.csv and cashflows.csv start with a UTF-8 BOM and
round-trip through Python's csv module; report.md tables keep their column count
(escaped | and line breaks); no raw <script> in report.md or report.html;
consumption tax is 10 % except on fees of the state, 不課税 (消費税法 art. 29 with the local consumption tax, FIRM since
2019-10-01); 令和 fiscal years follow the era's start (令和元年 = 2019, so
FY2025 = 令和7年度); per-item yearly flows add up to the technology's yearly cash flow.

Usage: check_report_outputs.py SCHEMA DIR [ja|en]   (exit 0 when every check passes)
"""
import csv
import io
import json
import os
import re
import sys

FILES = ("report.md", "report.html", "results.json", "results.csv", "items.csv", "cashflows.csv")
BOM = b"\xef\xbb\xbf"


class Invalid(Exception):
    pass


def _type_ok(v, t):
    if isinstance(t, list):
        return any(_type_ok(v, x) for x in t)
    return {"object": lambda: isinstance(v, dict),
            "array": lambda: isinstance(v, list),
            "string": lambda: isinstance(v, str),
            "boolean": lambda: isinstance(v, bool),
            "null": lambda: v is None,
            "integer": lambda: isinstance(v, int) and not isinstance(v, bool)
            or isinstance(v, float) and v.is_integer(),
            "number": lambda: isinstance(v, (int, float)) and not isinstance(v, bool)}[t]()


def validate(v, schema, path="$"):
    """Raise Invalid naming the path of the first violation."""
    if "type" in schema and not _type_ok(v, schema["type"]):
        raise Invalid(f"{path}: {v!r:.60} is not of type {schema['type']}")
    if "const" in schema and v != schema["const"]:
        raise Invalid(f"{path}: {v!r} != const {schema['const']!r}")
    if "enum" in schema and v not in schema["enum"]:
        raise Invalid(f"{path}: {v!r} not in {schema['enum']}")
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        if "minimum" in schema and v < schema["minimum"]:
            raise Invalid(f"{path}: {v} < minimum {schema['minimum']}")
        if "maximum" in schema and v > schema["maximum"]:
            raise Invalid(f"{path}: {v} > maximum {schema['maximum']}")
    if isinstance(v, dict):
        for k in schema.get("required", []):
            if k not in v:
                raise Invalid(f"{path}: required key '{k}' missing")
        for k, sub in schema.get("properties", {}).items():
            if k in v:
                validate(v[k], sub, f"{path}.{k}")
    if isinstance(v, list) and "items" in schema:
        for i, x in enumerate(v):
            validate(x, schema["items"], f"{path}[{i}]")


def md_tables_consistent(text):
    """Every Markdown table keeps the header's number of unescaped pipes."""
    want = None
    for n, line in enumerate(text.split("\n"), 1):
        if line.startswith("|"):
            pipes = len(re.findall(r"(?<!\\)\|", line.replace("\\\\", "")))
            if want is None:
                want = pipes
            elif pipes != want:
                raise Invalid(f"report.md line {n}: {pipes} cell separators, the table has {want}")
        else:
            want = None


def reiwa(fy):
    return "令和元年度" if fy == 2019 else f"令和{fy - 2018}年度"


def csv_rows(raw, name):
    if not raw.startswith(BOM):
        raise Invalid(f"{name}: no UTF-8 BOM")
    text = raw[len(BOM):].decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(rows)
    again = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    if again != rows:
        raise Invalid(f"{name}: does not round-trip through csv")
    for i, r in enumerate(rows):
        if len(r) != len(rows[0]):
            raise Invalid(f"{name} row {i}: {len(r)} fields, header has {len(rows[0])}")
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def check(schema_path, d, lang="ja"):
    raw = {}
    for f in FILES:
        with open(os.path.join(d, f), "rb") as fh:
            raw[f] = fh.read()
        try:
            raw[f].decode("utf-8")
        except UnicodeDecodeError as e:
            raise Invalid(f"{f}: not valid UTF-8 ({e})")
    with open(schema_path, encoding="utf-8") as fh:
        schema = json.load(fh)
    res = json.loads(raw["results.json"].decode("utf-8"))
    validate(res, schema)
    md = raw["report.md"].decode("utf-8")
    html = raw["report.html"].decode("utf-8")
    for name, text in (("report.md", md), ("report.html", html)):
        if "<script" in text.lower():
            raise Invalid(f"{name}: contains a raw <script")
    md_tables_consistent(md)
    if lang == "ja":
        for h in ("経費内訳", "費用対効果", "技術比較", "見積書で置き換えてください"):
            if h not in md or h not in html:
                raise Invalid(f"Japanese report lacks {h}")
    items = csv_rows(raw["items.csv"], "items.csv")
    flows = csv_rows(raw["cashflows.csv"], "cashflows.csv")
    # results.csv too starts with a BOM (it had none, and Excel on Japanese
    # Windows read its Japanese verdicts and names as Shift_JIS, garbled)
    summary = csv_rows(raw["results.csv"], "results.csv")
    ids = [t["id"] for t in res["technologies"]]
    if [r["id"] for r in summary] != ids:
        raise Invalid(f"results.csv ids {[r['id'] for r in summary]} != results.json {ids}")
    for r in items:
        incl, excl, tax = (float(r[k]) for k in ("cost_tax_included_jpy", "cost_tax_excluded_jpy",
                                                 "consumption_tax_jpy"))
        # fees of the state (免許申請手数料, 電波利用料) bear no consumption tax (不課税)
        rate = 1.0 if r["category"] in ("licence-application-fee", "radio-usage-fee") else 1.10
        if abs(excl * rate - incl) > 1.5 or abs(incl - excl - tax) > 1.5:
            raise Invalid(f"items.csv {r['technology']} #{r['item_no']}: {incl} != {excl} + 10 % ({tax})")
    # a recurring row inside the period is charged exactly its months: its yearly
    # columns add up to its cost (re-leases and replacements fall outside the period)
    per_row = {}
    for r in flows:
        k = (r["technology"], r["item_no"])
        per_row[k] = per_row.get(k, 0.0) + float(r["cost_tax_included_jpy"])
    for r in items:
        if r["in_period"] == "1" and r["procurement"] != "purchase" and r["eligible"]:
            got = per_row.get((r["technology"], r["item_no"]), 0.0)
            if abs(got - float(r["cost_tax_included_jpy"])) > 10:
                raise Invalid(f"items {r['technology']} #{r['item_no']} {r['item']!r}: yearly "
                              f"columns add up to {got}, cost {r['cost_tax_included_jpy']}")
    # item and reason in Japanese beside the English (the report's phrases):
    # every row has them, a known line is translated, cashflows agree with items
    names_ja = {}
    for r in items:
        if not r["item_ja"] or (r["reason"] and not r["reason_ja"]):
            raise Invalid(f"items.csv {r['technology']} #{r['item_no']}: empty item_ja/reason_ja")
        if r["item"].startswith("Fibre backhaul") and not r["item_ja"].startswith("光回線"):
            raise Invalid(f"items.csv: {r['item']!r} is {r['item_ja']!r} in item_ja")
        names_ja[(r["technology"], r["item_no"])] = r["item_ja"]
    for r in flows:
        if names_ja.get((r["technology"], r["item_no"])) != r["item_ja"]:
            raise Invalid(f"cashflows.csv {r['technology']} #{r['item_no']}: item_ja "
                          f"{r['item_ja']!r} differs from items.csv")
    for r in flows:
        if r["fiscal_year"] and r["fiscal_year_ja"] != reiwa(int(r["fiscal_year"])):
            raise Invalid(f"cashflows.csv: FY{r['fiscal_year']} labelled {r['fiscal_year_ja']}")
    # per-item flows of a technology add up to its yearly cash flow (rounded to yen per row)
    for t in res["technologies"]:
        mine = [r for r in flows if r["technology"] == t["id"]]
        n_items = len(t["items"])
        for y, want in enumerate(t["cash_flow_jpy"]):
            got = sum(float(r["cost_tax_included_jpy"]) for r in mine if int(r["year_index"]) == y)
            if abs(got - (want or 0)) > 0.5 * n_items + 1:
                raise Invalid(f"cashflows.csv {t['id']} year {y}: items sum {got}, cash flow {want}")
    return res, items, md, html


if __name__ == "__main__":
    try:
        check(sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else "ja")
    except Invalid as e:
        print("FAIL:", e)
        sys.exit(1)
    print("ok:", sys.argv[2])
