#!/usr/bin/env python3
"""The Japanese report speaks Japanese (issue 11): the generated phrases of a run
(verdicts, notes, per-item reasons; libdxsim/report_phrases.c translates them)
must not reach the Japanese report.html as English sentences; and the scenario
section names the menu, the applicant and the environment in Japanese, not by
their XML keys ("申請者: municipality" was copied into proposals as is), and the
cost lines the program generates (price book names) are named in Japanese.

    check_report_japanese.py EN_DIR JA_DIR SCENARIO.xml

EN_DIR and JA_DIR hold `dxsim run --lang en` and `--lang ja` outputs of the same
scenario. From every verdict, note and item reason of EN_DIR/results.json the
check takes each English sentence fragment (4 or more English words in a row),
drops those that are the user's or the catalogue's own words (found in the
scenario file, or in an item, technology, demand-class or route name, or an
assumption's source: names and sources are proper nouns of the input, not
generated text), and fails when one of the rest occurs in the body text of
JA_DIR/report.html. Exit 0 ok, 1 with the fragments found."""
import html
import json
import os
import re
import sys

WORDS = re.compile(r"[A-Za-z][A-Za-z'\-]*(?:[ ,]+[A-Za-z][A-Za-z'\-]*){3,}")


def body_text(path):
    with open(path, encoding="utf-8") as f:
        h = f.read()
    h = re.sub(r"<(style|script|svg)\b.*?</\1>", " ", h, flags=re.S)
    h = re.sub(r"<[^>]+>", "\n", h)
    return re.sub(r"[ \t]+", " ", html.unescape(h))


def generated(results):
    """(phrase, own words of the input) from results.json"""
    phrases, own = [], []
    for t in results["technologies"]:
        phrases.append(t["verdict"])
        phrases.extend(t["notes"])
        own.append(t["name"])
        for it in t["items"]:
            phrases.append(it.get("reason", ""))  # no programme (menu none): no reason
            own.extend([it["name"], it.get("source", "")])
        for r in t.get("routes", []):
            own.append(r.get("name", ""))
    for a in results.get("assumptions", []):
        own.extend([str(a.get("source", "")), str(a.get("value", ""))])
    sc = results.get("scenario", {})
    for d in sc.get("demand", []):
        own.append(d.get("name", ""))
    return phrases, own


def main(argv):
    if len(argv) != 4:
        print(__doc__)
        return 2
    en_dir, ja_dir, xml = argv[1:]
    with open(os.path.join(en_dir, "results.json"), encoding="utf-8") as f:
        res = json.load(f)
    with open(xml, encoding="utf-8") as f:
        own_text = xml_text = f.read()
    phrases, own = generated(res)
    own_text += "\n".join(own)
    text = body_text(os.path.join(ja_dir, "report.html"))
    found = set()
    for p in phrases:
        p = re.sub(r"'[^']*'", " ", p)  # quoted names are the input's
        for m in WORDS.finditer(p):
            frag = m.group(0).strip(" ,")
            if len(frag.split()) < 4 or frag in own_text:
                continue
            if frag in text:
                found.add(frag)
    name = os.path.basename(xml)
    # cost lines the program generates (price book, bill of materials, solution devices; not
    # named in the scenario): a proposal's 経費内訳 lists them, so not in English
    for t in res["technologies"]:
        for it in t["items"]:
            nm = re.sub(r" \[(in|outside) the period\]$", "", it["name"])
            if nm not in xml_text and re.search(r"[A-Za-z]{3,}.*[ ,]", nm) and nm in text:
                found.add(nm + " (generated cost line)")
    # catalogue parameters (bs_height_m, fc_mhz ...) are named in Japanese, the key in brackets
    prose = text
    for a in res.get("assumptions", []):  # the sources cite XML attributes by their names
        prose = prose.replace(str(a.get("source", "")), " ")
    for a in res.get("assumptions", []):
        k = str(a.get("key", ""))
        if re.fullmatch(r"[a-z0-9]+[_.][a-z0-9_.]+", k) and re.search(r"(?<!（)" + re.escape(k) + r"(?![\w.])", prose):
            found.add(k + " (catalogue key without a Japanese name)")
    sc = res.get("scenario", {})
    for label, key in (("補助事業メニュー: ", sc.get("menu")), ("申請者: ", sc.get("applicant_type")),
                       ("環境: ", sc.get("environment"))):
        if key and re.search(re.escape(label + key) + r"(?![\w-])", text):
            found.add(label + key + " (scenario key, not Japanese)")
    if found:
        for frag in sorted(found):
            print(f"FAIL: {name}: English in the Japanese report: {frag!r}")
        return 1
    print(f"ok: {name}: no generated English sentence in the Japanese report.html "
          f"({len(phrases)} phrases checked)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
