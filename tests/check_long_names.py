#!/usr/bin/env python3
"""Names and notes are never cut (issue 10), with the standard library only.

Runs `dxsim run` (Japanese and English) on tests/data/scenario_long_names.xml:
a 200-byte Japanese demand-class name, a 200-byte Japanese cost-item name that
the period split adds a suffix to, and 42 labour lines for the radio licence,
each of which gets a "verify" note. Checks, for every file written:
- it decodes as strict UTF-8 (no character cut in half);
- both 200-byte names appear whole in report.md, report.html, results.json and
  items.csv (the item name with its " [in the period]" suffix);
- every technology's notes hold all 42 licence notes, or the list's last note
  says how many more were not listed (no silent cap).

Usage: check_long_names.py DXSIM SCENARIO OUTDIR   (exit 0 when every check passes)
"""
import html
import json
import os
import re
import subprocess
import sys

N_LICENCE = 42


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def main():
    dxsim, scenario, outdir = sys.argv[1:4]
    text = open(scenario, encoding="utf-8").read()
    dname = re.search(r'<devices name="([^"]+)"', text).group(1)
    iname = re.search(r'<item name="([^"]+)"', text).group(1)
    for name in (dname, iname):
        if len(name.encode("utf-8")) != 200:
            fail("the test scenario's long names must be 200 bytes: %r" % name)
    for lang in ("ja", "en"):
        out = os.path.join(outdir, lang)
        r = subprocess.run([dxsim, "run", "-q", "--no-map", "--lang", lang, "-o", out, scenario],
                           capture_output=True)
        if r.returncode != 0:
            fail("dxsim run (%s) exited %d: %s" % (lang, r.returncode, r.stderr.decode("utf-8", "replace")))
        texts = {}
        for f in ("report.md", "report.html", "results.json", "results.csv", "items.csv", "cashflows.csv"):
            raw = open(os.path.join(out, f), "rb").read()
            try:
                texts[f] = raw.decode("utf-8")
            except UnicodeDecodeError as e:
                fail("%s/%s is not valid UTF-8: %s" % (lang, f, e))
        # The period split's suffix is the item name's own text in results.json and
        # items.csv; the Japanese report renders it through report_phrases.c.
        for f in ("report.md", "results.json", "items.csv"):
            if iname + " [in the period]" not in texts[f] and \
                    not (lang == "ja" and f == "report.md" and iname + "（期間内）" in texts[f]):
                fail("%s/%s: the 200-byte item name is not whole" % (lang, f))
        if html.escape(iname) not in texts["report.html"]:
            fail("%s/report.html: the 200-byte item name is not whole" % lang)
        for f in ("report.md", "report.html", "results.json"):
            if dname not in texts[f]:
                fail("%s/%s: the 200-byte demand-class name is not whole" % (lang, f))
        j = json.loads(texts["results.json"])
        for t in j["technologies"]:
            notes = t["notes"]
            listed = sum(1 for n in notes if n.startswith("verify: '免許申請支援 作業"))
            more = 0
            m = re.match(r"(\d+) more notes? not listed", notes[-1]) if notes else None
            if m:
                more = int(m.group(1))
            if listed + more < N_LICENCE:
                fail("%s/%s: %d licence notes listed + %d counted < %d" % (lang, t["id"], listed, more, N_LICENCE))
            for n in notes:
                if n.endswith(" [...]"):
                    fail("%s/%s: a note was cut: %s" % (lang, t["id"], n[:80]))
            for k in range(1, N_LICENCE + 1):
                if listed == N_LICENCE and not any("作業 %02d'" % k in n for n in notes):
                    fail("%s/%s: licence note %d missing" % (lang, t["id"], k))
        print("PASS: %s: names whole, %d technologies, every file valid UTF-8" % (lang, len(j["technologies"])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
