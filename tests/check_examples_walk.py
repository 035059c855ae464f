#!/usr/bin/env python3
"""Every example scenario through the user's whole path, as a proposal writer meets it.

For each examples/scenarios/*.xml: `dxsim run` in English and Japanese, `dxsim coverage`
(the same sites as `run`, a map per technology), the Python binding (`dxsim.run_scenario`,
the same figures as the CLI), and the properties every design must have whoever pays:
items add up to the cost, 0 <= eligible <= cost per item and per technology, eligible +
ineligible = cost, 0 <= subsidy <= eligible, burden = cost - subsidy >= 0, commitment >= 0;
and every text file the run writes is valid UTF-8 (a Japanese report opened in a browser
or Excel). The per-case arithmetic lives in check_cases.py and check_money_independent.py;
this walk holds the examples to the properties that need no hand figure.

Usage: check_examples_walk.py DXSIM EXAMPLES_DIR OUTDIR  (Python checks need DXSIM_LIBRARY,
PYTHONPATH)
"""
import csv
import glob
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_money_independent as m  # noqa: E402
import check_cases as cases  # noqa: E402  (same_sites_as_coverage, same_as_python)

check, near = m.check, m.near
TEXT_FILES = ("report.md", "report.html", "results.json", "results.csv", "items.csv",
              "cashflows.csv")


def properties(j, label):
    for t in j["technologies"]:
        tid = "%s/%s" % (label, t["id"])
        cost = t["cost_%s_jpy" % t["mode"]]
        check(near(sum(i["cost_jpy"] for i in t["items"]), cost, 2), "%s: items add up to the cost" % tid)
        for i in t["items"]:
            check(-0.5 <= i["eligible_jpy"] <= i["cost_jpy"] + 0.5,
                  "%s %s: 0 <= eligible %s <= cost %s" % (tid, i["name"], i["eligible_jpy"], i["cost_jpy"]))
        check(0 <= t["eligible_jpy"] <= cost + 1, "%s: 0 <= eligible %s <= cost %s" % (tid, t["eligible_jpy"], cost))
        check(near(t["eligible_jpy"] + t["ineligible_jpy"], cost, 2), "%s: eligible + ineligible = cost" % tid)
        check(-0.5 <= t["subsidy_jpy"] <= t["eligible_jpy"] + 0.5,
              "%s: 0 <= subsidy %s <= eligible %s" % (tid, t["subsidy_jpy"], t["eligible_jpy"]))
        check(near(t["net_cost_jpy"], cost - t["subsidy_jpy"], 2) and t["net_cost_jpy"] >= 0,
              "%s: burden %s = cost - subsidy >= 0" % (tid, t["net_cost_jpy"]))
        check(t["commitment_jpy"] >= 0, "%s: commitment >= 0" % tid)
        npv = t["npv_cost_%s_jpy" % t["mode"]]
        check(npv is not None and npv <= cost + 1, "%s: PV of the costs %s <= their sum %s" % (tid, npv, cost))
        if t["devices"] and t["cost_per_device_jpy"] is not None:
            check(near(t["cost_per_device_jpy"], cost / t["devices"], 1e-6 * cost + 0.5),
                  "%s: cost per device %s = %s / %s" % (tid, t["cost_per_device_jpy"], cost, t["devices"]))
        load = (t["offered_dl_mbps"] or 0) + (t["offered_ul_mbps"] or 0)
        cpm = t["cost_per_mbps_jpy"]
        if t["feasible"] and load >= 1.0:
            check(cpm is not None and near(cpm, cost / load, 1e-6 * cost / load + 0.5),
                  "%s: cost per Mbit/s %s = %s / %s" % (tid, cpm, cost, load))
        else:  # a sensor network's kbit/s: compared per device, not per Mbit/s
            check(cpm is None, "%s: cost per Mbit/s %s for an offered load of %s Mbit/s" % (tid, cpm, load))
        if t["benefit_cost_ratio"] is not None and npv:
            check(near(t["benefit_cost_ratio"], t["benefit_npv_jpy"] / npv, 1e-6),
                  "%s: B/C %s = PV(benefits) %s / PV(cost) %s" % (tid, t["benefit_cost_ratio"],
                                                                 t["benefit_npv_jpy"], npv))
    # the ranking: feasible designs the menu can fund first (a ③ design without a
    # wireless network of its own is 非該当, briefing ③ ※2), then the other feasible
    # ones, then the rest; each group by its ranking cost
    def group(t):
        return (t["feasible"] and (t["programme_ok"] or t["menu"] == "none"), t["feasible"])
    ts = sorted(j["technologies"], key=lambda t: t["rank"])
    check([t["rank"] for t in ts] == list(range(1, len(ts) + 1)), "%s: ranks 1..n" % label)
    for a, b in zip(ts, ts[1:]):
        check(group(a) >= group(b), "%s: %s ranked before %s" % (label, a["id"], b["id"]))
        if group(a) == group(b):
            check(a["rank_cost_jpy"] <= b["rank_cost_jpy"] + 1, "%s: %s (%s) ranked before %s (%s)" %
                  (label, a["id"], a["rank_cost_jpy"], b["id"], b["rank_cost_jpy"]))


# what a reader must never meet in a report: a quantity printed as a dash where a
# sentence states it (a mixed or carrier design has no single radius or edge rate),
# or a plain number in exponent form
DASHES = ("セル半径 - m", "下り - /", "中心周波数 - MHz", "cell radius - m", "DL - /", "e+0")


def readable(outdir, label):
    with open(os.path.join(outdir, "report.md"), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if "dx_propagation" in line or "dx\\_propagation" in line or "fc_hz" in line:
                continue  # the library's own technical messages, quoted in notes
            for d in DASHES:
                check(d not in line, "%s: report.md:%d has %r: %s" % (label, n, d, line.strip()[:160]))
            bare = re.search(r"(?<![\d,.])\d{5,} ?円", line)  # yen are grouped: 24,524,942 円
            check(bare is None, "%s: report.md:%d has ungrouped yen %r" % (label, n, bare and bare.group(0)))


def csv_matches_json(outdir, j, label):
    """results.csv (what Excel opens) carries the figures of results.json"""
    with open(os.path.join(outdir, "results.csv"), encoding="utf-8-sig", newline="") as f:
        rows = {r["id"]: r for r in csv.DictReader(f)}
    for t in j["technologies"]:
        r = rows.get(t["id"])
        check(r is not None, "%s/%s: a results.csv row" % (label, t["id"]))
        if r is None:
            continue
        for col, key in (("sites", "sites"), ("eligible_jpy", "eligible_jpy"),
                         ("subsidy_jpy", "subsidy_jpy"), ("net_cost_jpy", "net_cost_jpy"),
                         ("cost_purchase_jpy", "cost_purchase_jpy")):
            v = t[key]
            check((r[col] == "" and v is None) or (v is not None and r[col] != "" and
                                                 near(float(r[col]), v, 1e-6 * abs(v) + 0.5)),
                  "%s/%s: results.csv %s %r, results.json %r" % (label, t["id"], col, r[col], v))


def utf8(outdir, label):
    for f in TEXT_FILES:
        p = os.path.join(outdir, f)
        check(os.path.exists(p), "%s: %s written" % (label, f))
        if os.path.exists(p):
            try:
                open(p, encoding="utf-8").read()
            except UnicodeDecodeError as e:
                check(False, "%s: %s is not UTF-8: %s" % (label, f, e))


def main():
    dxsim, examples, out = sys.argv[1:4]
    scenarios = sorted(glob.glob(os.path.join(examples, "*.xml")))
    check(len(scenarios) >= 1, "scenarios found: %d" % len(scenarios))
    for scen in scenarios:
        name = os.path.splitext(os.path.basename(scen))[0]
        d = os.path.join(out, name)
        j = m.run(dxsim, scen, os.path.join(d, "en"), "en")
        ja = m.run(dxsim, scen, os.path.join(d, "ja"), "ja")
        properties(j, name)
        check([t["net_cost_jpy"] for t in j["technologies"]] == [t["net_cost_jpy"] for t in ja["technologies"]],
              "%s: the report language changes no figure" % name)
        utf8(os.path.join(d, "ja"), name + " (ja)")
        csv_matches_json(os.path.join(d, "ja"), ja, name)
        readable(os.path.join(d, "ja"), name + " (ja)")
        readable(os.path.join(d, "en"), name + " (en)")
        cases.same_sites_as_coverage(dxsim, scen, j, os.path.join(d, "coverage"), name)
        cases.same_as_python(scen, j)
    for f in m.failures:
        print("FAIL: " + f)
    if m.failures:
        sys.exit(1)
    print("ok: examples walk, %d scenarios, %d checks" % (len(scenarios), m.n_checks[0]))


if __name__ == "__main__":
    main()
