#!/usr/bin/env python3
"""Independent acceptance of the proposal's money (issue 10, money parts of issue 11).

Three proposal cases written from the MIC briefing (/work/shared/docs/mic-briefing-2025.txt)
and domain-japan.md WITHOUT reading the money code, in tests/data/acceptance/:
  r7-2-1-aquaculture.xml  ②-1 demonstration, items straddling the period on both edges
  r7-3-wildlife-mixed.xml ③ subsidy, fixed mixed design, cloud booked for 60 and 72 months
  r7-2-3-snow-bus.xml     ②-3 route case (consortium of 3), leases past the period
Each is run through `dxsim run --lang ja` and `--lang en`; the applicant's own lines are
checked in results.json / items.csv against the hand arithmetic written below, and the
totals against identities every design must satisfy.

Rules used (sources):
  tax 10 % (domain-japan §5, FIRM): a tax-excluded price x 1.10 = tax-included cost.
  ②-1 対象経費 (briefing ②-1 対象経費の考え方): 実証期間内に発生した経費のみ; leases and
    subscriptions eligible; purchases of goods ineligible unless 税込10万円未満 or usable < 1 year,
    or unleasable with MIC's consent (conditional); 役務費 (labour), travel, communications
    eligible; 免許申請手数料 ineligible. 請負（定額）: MIC pays 100 % of eligible.
  ②-3: same cost rules by analogy (ASSUMED by the project), 定額, a consortium is required.
  ③ (briefing ③ ※3, 補助率 1/2): rental / cloud fees count up to 60 months when booked in
    the first year; otherwise only the grant fiscal year's months.

Known discrepancies are EXPECTED FAILURES (printed as "expected failure", listed in KNOWN below with the reason):
they are printed but do not fail the test; every other check must pass.

Usage: check_money_independent.py DXSIM DATADIR OUTDIR
"""
import csv
import json
import os
import re
import subprocess
import sys

TAX = 1.10
failures = []
xfails = []
n_checks = [0]

# Checks known to be wrong in the program (report of the `accept` helper, 2026-12-06).
# (licence-fee-untaxed fixed by the `tax` helper: fees of the state are not_taxable)
KNOWN = {}


def check(cond, msg, known=None):
    n_checks[0] += 1
    if cond:
        if known:
            print("XPASS (known issue now fixed?): %s [%s]" % (msg, known))
        return
    if known:
        xfails.append("%s [%s: %s]" % (msg, known, KNOWN[known]))
    else:
        failures.append(msg)


def near(a, b, tol=1.0):
    return a is not None and abs(a - b) <= tol


def run(dxsim, scenario, out, lang):
    r = subprocess.run([dxsim, "run", "-q", "--no-map", "--lang", lang, "-o", out, scenario],
                       capture_output=True)
    if r.returncode != 0:
        print("FAIL: dxsim run %s (%s) exited %d: %s" % (scenario, lang, r.returncode,
                                                         r.stderr.decode("utf-8", "replace")))
        sys.exit(1)
    return json.load(open(os.path.join(out, "results.json"), encoding="utf-8"))


def tech(j, tid):
    for t in j["technologies"]:
        if t["id"] == tid:
            return t
    failures.append("technology %s missing" % tid)
    return None


def item(t, name):
    for i in t["items"]:
        if i["name"] == name:
            return i
    failures.append("%s: item %r missing" % (t["id"], name))
    return {"cost_jpy": None, "eligible_jpy": None, "months": None, "per_year_jpy": []}


def check_item(t, name, cost, eligible, months=None, per_year=None, cost_tax_excluded=None, known=None):
    i = item(t, name)
    check(near(i["cost_jpy"], cost), "%s %s: cost %s, hand %s" % (t["id"], name, i["cost_jpy"], cost))
    check(near(i["eligible_jpy"], eligible),
          "%s %s: eligible %s, hand %s" % (t["id"], name, i["eligible_jpy"], eligible))
    if months is not None:
        check(i["months"] == months, "%s %s: months %s, hand %s" % (t["id"], name, i["months"], months))
    if per_year is not None:
        py = i["per_year_jpy"]
        check(len(py) >= len(per_year) and all(near(a, b) for a, b in zip(py, per_year)),
              "%s %s: per fiscal year %s, hand %s" % (t["id"], name, py, per_year))
    if cost_tax_excluded is not None:
        check(near(i.get("cost_tax_excluded_jpy"), cost_tax_excluded),
              "%s %s: cost tax-excluded %s, hand %s" % (t["id"], name, i.get("cost_tax_excluded_jpy"),
                                                        cost_tax_excluded), known)


def invariants(j, label, funding_ratio):
    """Properties every design must satisfy, whoever pays."""
    for t in j["technologies"]:
        mode = t["mode"]
        cost = t["cost_%s_jpy" % mode]
        tid = "%s/%s" % (label, t["id"])
        s_cost = sum(i["cost_jpy"] for i in t["items"])
        s_elig = sum(i["eligible_jpy"] for i in t["items"])
        for i in t["items"]:
            check(-0.5 <= i["eligible_jpy"] <= i["cost_jpy"] + 0.5,
                  "%s %s: 0 <= eligible %s <= cost %s" % (tid, i["name"], i["eligible_jpy"], i["cost_jpy"]))
            check(near(i["cost_tax_excluded_jpy"] + i["consumption_tax_jpy"], i["cost_jpy"]),
                  "%s %s: tax-excluded + tax = tax-included" % (tid, i["name"]))
            check(near(sum(i["per_year_jpy"]), i["cost_jpy"]),
                  "%s %s: fiscal-year columns %s sum to the cost %s" % (tid, i["name"], i["per_year_jpy"],
                                                                       i["cost_jpy"]))
        check(near(s_cost, cost, 2), "%s: items sum %s = cost %s" % (tid, s_cost, cost))
        # approved eligible = items' eligible minus the conditional purchases (awaiting consent)
        check(near(s_elig - t["conditional_eligible_jpy"], t["eligible_jpy"], 2),
              "%s: items' eligible %s - conditional %s = eligible %s" %
              (tid, s_elig, t["conditional_eligible_jpy"], t["eligible_jpy"]))
        check(near(t["eligible_jpy"] + t["ineligible_jpy"], cost, 2),
              "%s: eligible + ineligible = cost" % tid)
        check(0 <= t["eligible_jpy"] <= cost + 1, "%s: 0 <= eligible <= cost" % tid)
        check(near(t["subsidy_jpy"], funding_ratio * t["eligible_jpy"], 2),
              "%s: subsidy %s = %s x eligible %s" % (tid, t["subsidy_jpy"], funding_ratio, t["eligible_jpy"]))
        check(near(t["net_cost_jpy"], cost - t["subsidy_jpy"], 2) and t["net_cost_jpy"] >= 0,
              "%s: burden %s = cost - subsidy >= 0" % (tid, t["net_cost_jpy"]))
        check(t["commitment_jpy"] >= 0, "%s: commitment >= 0" % tid)
        check(near(t["eligible_tax_excluded_jpy"],
                   sum(i["cost_tax_excluded_jpy"] * (i["eligible_jpy"] / i["cost_jpy"])
                       for i in t["items"] if i["cost_jpy"] > 0) -
                   t["conditional_eligible_jpy"] / TAX, 20),
              "%s: eligible tax-excluded %s" % (tid, t["eligible_tax_excluded_jpy"]))


def items_csv(out):
    with open(os.path.join(out, "items.csv"), encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def case_r7_2_1(dxsim, data, outdir):
    scen = os.path.join(data, "r7-2-1-aquaculture.xml")
    j = run(dxsim, scen, os.path.join(outdir, "a-en"), "en")
    run(dxsim, scen, os.path.join(outdir, "a-ja"), "ja")
    invariants(j, "②-1", 1.0)   # 請負（定額）: MIC pays 100 % of eligible
    # Project start 2025-07 (start_date), period 2025-09 .. 2026-02 (6 months), horizon 18 months
    # (2025-07 .. 2026-12). Fiscal years: FY2025 = 2025-07 .. 2026-03, FY2026 = 2026-04 .. 2026-12.
    for tid in ("l5g-sub6", "halow", "mixed-best"):
        t = tech(j, tid)
        if t is None:
            continue
        # one-off labour in July 2025, before the period: 700,000 x 1.1 = 770,000, ineligible
        check_item(t, "事前海域調査", 770000, 0)
        # app development in September 2025: 3,800,000 x 1.1 = 4,180,000, eligible (役務費)
        check_item(t, "いけす監視アプリ開発", 4180000, 4180000)
        # lease Nov 2025 .. Jun 2026 = 8 months, 3 units x 68,000 x 1.1 = 224,400 per month:
        # inside Nov..Feb 4 months = 897,600 eligible; after Mar..Jun 4 months = 897,600 ineligible,
        # of which March (FY2025) 224,400 and Apr..Jun (FY2026) 673,200
        check_item(t, "水中カメラ筐体 リース [in the period]", 897600, 897600, 4, [897600, 0])
        check_item(t, "水中カメラ筐体 リース [outside the period]", 897600, 0, 4, [224400, 673200])
        # cloud Jul 2025 .. Jun 2026 = 12 months x 42,000 x 1.1 = 46,200: inside Sep..Feb 6 months
        # = 277,200 eligible; outside Jul, Aug (before) + Mar (FY2025) = 138,600 and Apr..Jun
        # (FY2026) = 138,600, 6 months = 277,200 ineligible
        check_item(t, "水質データ クラウド [in the period]", 277200, 277200, 6, [277200, 0])
        check_item(t, "水質データ クラウド [outside the period]", 277200, 0, 6, [138600, 138600])
        # travel 15 x 18,000 tax-included = 270,000 eligible; tax-excluded 270,000 / 1.1 = 245,455
        check_item(t, "技術者旅費", 270000, 270000, cost_tax_excluded=245455)
        # 95,000 x 1.1 = 104,500 >= 100,000 tax-included: purchase ineligible; 2 x = 209,000
        check_item(t, "水温ロガー", 209000, 0)
        # 88,000 x 1.1 = 96,800 < 100,000 tax-included: purchase eligible; 6 x = 580,800
        check_item(t, "防水ケース", 580800, 580800)
        # report after the period (March 2026): 900,000 x 1.1 = 990,000 ineligible
        check_item(t, "成果報告書作成", 990000, 0)
        # unleasable purchase with a justification: 1,200,000 x 1.1 = 1,320,000, conditional
        # (eligible only with MIC's consent): its own subtotal, subsidy 100 % of it, not approved
        check(near(t["conditional_eligible_jpy"], 1320000) and near(t["conditional_subsidy_jpy"], 1320000),
              "%s: conditional %s / %s, hand 1,320,000 / 1,320,000" %
              (tid, t["conditional_eligible_jpy"], t["conditional_subsidy_jpy"]))
    # licence application fee, Local 5G only: 2 x 6,500 (government fee, not taxed) = 13,000,
    # ineligible (対象外経費: 免許申請手数料); tax-excluded = 13,000 (no tax to take out)
    t = tech(j, "l5g-sub6")
    check_item(t, "無線局免許申請手数料", 13000, 0, cost_tax_excluded=13000)
    fee = item(t, "無線局免許申請手数料")
    check(near(fee.get("consumption_tax_jpy"), 0), "licence fee: 消費税 %s, hand 0" % fee.get("consumption_tax_jpy"))
    # Generated build of the HaLow design (price book, tax-excluded: pole and civil works
    # 800,000, power connection 200,000, installation 500,000 per outdoor site). The
    # proposal builds inside the period (ASSUMED: generated one-off build costs are dated at
    # the period start 2025-09, not the project start 2025-07, whose costs are never
    # eligible): 3 sites x 1,500,000 x 1.1 = 4,950,000, all eligible, paid in FY2025.
    h = tech(j, "halow")
    check(h["sites"] == 3, "halow: 3 outdoor sites (hand figures below assume it), got %s" % h["sites"])
    check_item(h, "Pole, mounting and civil works (outdoor site)", 3 * 800000 * TAX, 3 * 800000 * TAX,
               per_year=[3 * 800000 * TAX, 0])
    check_item(h, "Installation labour, outdoor site", 3 * 500000 * TAX, 3 * 500000 * TAX,
               per_year=[3 * 500000 * TAX, 0])
    build = [i for i in h["items"] if i["name"].startswith(("Pole, mounting", "Power supply connection",
                                                             "Installation labour"))]
    check(near(sum(i["eligible_jpy"] for i in build), 4950000),
          "halow: generated build eligible %s, hand 4,950,000" % sum(i["eligible_jpy"] for i in build))
    check(any("ASSUMED: the generated one-off build costs" in n and "4950000 JPY" in n for n in h["notes"]),
          "halow: the results say the build was dated at the period start (ASSUMED)")
    check(not any(i["name"] == "無線局免許申請手数料" for i in tech(j, "halow")["items"]),
          "the Local 5G licence fee must not be charged to HaLow")
    # B/C on the MLIT basis = PV(benefits from service start) / PV(total project cost).
    # Benefits 600 h x 6,000 = 3,600,000 JPY/year = 300,000/month. Under ② the demonstration
    # is the service: it starts with the period (2025-09), not with the preparation (2025-07).
    # FY2025 Sep..Mar 7 months = 2,100,000 at t = 0; FY2026 Apr..Dec 9 months = 2,700,000 / 1.04
    # = 2,596,153.85; PV = 4,696,153.85 (with the project start it would be 5,296,153.85).
    for t in j["technologies"]:
        check(near(t["benefit_npv_jpy"], 2100000 + 2700000 / 1.04),
              "%s: PV(benefits) %s, hand 4,696,153.85" % (t["id"], t["benefit_npv_jpy"]))
        npv_cost = t["npv_cost_%s_jpy" % t["mode"]]
        if t["benefit_cost_ratio"] is not None:
            check(abs(t["benefit_cost_ratio"] - (2100000 + 2700000 / 1.04) / npv_cost) < 1e-9,
                  "%s: B/C %s = PV(benefits) / PV(total cost)" % (t["id"], t["benefit_cost_ratio"]))
    # ②: the ranking basis is the total project cost, not the (≈0) burden
    check(j["scenario"]["rank_basis"] == "total_cost", "②-1 ranks by total cost")
    # the same lines in items.csv of the Japanese run (yen, BOM)
    rows = [r for r in items_csv(os.path.join(outdir, "a-ja")) if r["technology"] == "halow"]
    r = [r for r in rows if r["item"] == "水中カメラ筐体 リース [in the period]"]
    check(len(r) == 1 and r[0]["cost_tax_included_jpy"] == "897600" and r[0]["eligible_jpy"] == "897600"
          and r[0]["months"] == "4", "items.csv (ja): lease inside the period 897,600 / 4 months")
    # the Japanese report as a proposal writer reads it
    md = open(os.path.join(outdir, "a-ja", "report.md"), encoding="utf-8").read()
    check("経費内訳" in md and "費用対効果" in md, "ja report has 経費内訳 and 費用対効果")
    # 18,637 千円 = 13,010 千円 of the lines above (13,009,805.56) + the generated build of the
    # mixed design dated in the period (5,627,600, see the HaLow check above; it was 13,010
    # while that build fell in July 2025, before the period)
    check("18,637" in md, "ja report shows the mixed design's eligible 18,637 千円")
    english = [p for p in ("arises outside the demonstration period", "commitment after the horizon",
                           "is outside the guidance") if p in md]
    # (fixed in libdxsim/report_phrases.c: these three phrases had no Japanese)
    check(not english, "ja report.md contains English prose: %s" % english)
    m = re.search(r"\*\*補助対象経費 小計\*\* \|[^|]*\|[^|]*\|[^|]*\| \*\*[\d,]+\*\* \| \*\*[\d,]+\*\* \| "
                  r"\*\*([\d,]+)\*\*", md)
    # the conditional purchase (海上中継器 1,320 千円) is its own subtotal, not approved: the
    # table's 補助対象経費 小計 equals the summary's 補助対象 18,637 (fixed in libdxsim/report_doc.c)
    check(m is not None and m.group(1) == "18,637",
          "ja cost table 補助対象経費 小計 %s, summary 18,637" % (m.group(1) if m else None))
    check(re.search(r"\*\*条件付き[^|]*小計\*\* \|[^|]*\|[^|]*\|[^|]*\| \*\*1,200\*\* \| \*\*120\*\* \| "
                    r"\*\*1,320\*\*", md) is not None, "ja cost table: conditional subtotal 1,200 + 120 = 1,320 千円")
    check("| 海上中継器 | 機器購入費 | 条件付き |" in md, "ja cost table: the conditional row says 条件付き")
    # same design whoever pays: the ③ menu with purchase changes no radio figure
    alt = os.path.join(outdir, "a-r7-3.xml")
    open(alt, "w", encoding="utf-8").write(
        open(scen, encoding="utf-8").read().replace('menu="r7-2-1"', 'menu="r7-3"')
        .replace('mode="lease"', 'mode="purchase"'))
    j3 = run(dxsim, alt, os.path.join(outdir, "a-r7-3"), "en")
    for t in j["technologies"]:
        u = tech(j3, t["id"])
        if u is not None:
            check((t["sites"], t["radios"], t["coverage_ratio"], t["feasible"]) ==
                  (u["sites"], u["radios"], u["coverage_ratio"], u["feasible"]),
                  "%s: the design changes with the menu" % t["id"])


def case_r7_3(dxsim, data, outdir):
    scen = os.path.join(data, "r7-3-wildlife-mixed.xml")
    j = run(dxsim, scen, os.path.join(outdir, "b-en"), "en")
    run(dxsim, scen, os.path.join(outdir, "b-ja"), "ja")
    invariants(j, "③", 0.5)     # 補助率 1/2
    mixed = [t for t in j["technologies"] if t["id"].startswith("mixed")]
    # the row is named by the design's own name when the assignment is too long for a
    # name; the assignment is then given in full in an "assignment:" note
    said = [mixed[0]["name"]] + [n for n in mixed[0]["notes"] if n.startswith("assignment:")] if mixed else []
    check(len(mixed) == 1 and any("lorawan-as923" in x and "halow" in x for x in said),
          "③: the fixed mixed design LoRaWAN + HaLow is evaluated")
    for t in mixed + [tech(j, "halow")]:
        if t is None:
            continue
        tid = t["id"]
        # 60 months x 55,000 x 1.1 = 3,630,000, booked in year one: all 60 months eligible (※3),
        # paid in FY2025
        check_item(t, "鳥獣害監視クラウド", 3630000, 3630000, 60, [3630000, 0])
        # 72 months x 10,000 x 1.1 = 792,000 booked: 60 months eligible = 660,000, 12 beyond the cap
        check_item(t, "画像解析AI利用料", 792000, 660000, 72, [792000, 0])
        check_item(t, "ネットワーク設計", 1980000, 1980000)   # 1,800,000 x 1.1, 整備 labour
        check_item(t, "集落説明会 旅費", 120000, 0)            # 8 x 15,000 tax-included, not 整備
        check_item(t, "役場 監視端末", 825000, 825000)        # 3 x 250,000 x 1.1, solution equipment
        # Paid yearly instead: only the grant fiscal year's months count (2025-10 .. 2026-03 = 6):
        #   monitoring cloud 6 x 55,000 x 1.1 = 363,000 (eligible drops 3,630,000 - 363,000 = 3,267,000)
        #   AI fee           6 x 10,000 x 1.1 =  66,000 (eligible drops   660,000 -  66,000 =   594,000)
        # subsidy difference of these lines = (3,267,000 + 594,000) / 2 = 1,930,500. The mixed
        # design's LoRaWAN network server (generated, 10,000 JPY/month, 1 gateway, not booked in the
        # base run) adds (60 - 6) x 11,000 / 2 = 297,000 when booked.
        # Cost: booked, the 72-month fee is paid in full in year one (792,000 in the horizon);
        # paid monthly the horizon (60 months from 2025-10) holds 60 x 11,000 = 660,000:
        # booked cost - yearly cost = 132,000.
        extra = 297000 if tid.startswith("mixed") else 0
        check(near(t["booking_subsidy_difference_jpy"], 1930500 + extra),
              "%s: booked - yearly subsidy %s, hand %s" % (tid, t["booking_subsidy_difference_jpy"],
                                                          1930500 + extra))
        check(near(t["booked_subsidy_jpy"] - t["yearly_subsidy_jpy"], t["booking_subsidy_difference_jpy"]),
              "%s: booking difference = booked - yearly subsidy" % tid)
        check(near(t["booked_cost_jpy"] - t["yearly_cost_jpy"], 132000),
              "%s: booked - yearly cost %s, hand 132,000" % (tid, t["booked_cost_jpy"] - t["yearly_cost_jpy"]))
        check(near(t["booked_subsidy_jpy"], t["booked_eligible_jpy"] / 2) and
              near(t["yearly_subsidy_jpy"], t["yearly_eligible_jpy"] / 2), "%s: 1/2 in both options" % tid)
        check(near(t["booked_net_cost_jpy"], t["booked_cost_jpy"] - t["booked_subsidy_jpy"]) and
              near(t["yearly_net_cost_jpy"], t["yearly_cost_jpy"] - t["yearly_subsidy_jpy"]),
              "%s: burden = cost - subsidy in both options" % tid)
    # ③ shows both bases; the default ranking basis is the total cost
    check(j["scenario"]["rank_basis"] == "total_cost", "③ ranks by total cost by default")
    for lang in ("ja", "en"):
        md = open(os.path.join(outdir, "b-" + lang, "report.md"), encoding="utf-8").read()
        check("1,931" in md or "1,930" in md,
              "%s report shows the booking subsidy difference 1,930.5 千円 (halow)" % lang)


def case_r7_2_3(dxsim, data, outdir):
    scen = os.path.join(data, "r7-2-3-snow-bus.xml")
    j = run(dxsim, scen, os.path.join(outdir, "c-en"), "en")
    run(dxsim, scen, os.path.join(outdir, "c-ja"), "ja")
    invariants(j, "②-3", 1.0)   # 定額
    # Period 2025-06 .. 2026-02 (9 months), horizon 24 months 2025-06 .. 2027-05;
    # fiscal years FY2025 (Jun..Mar, 10 months), FY2026 (12), FY2027 (Apr, May).
    for tid in ("l5g-sub6", "carrier-lte5g"):
        t = tech(j, tid)
        if t is None:
            continue
        check(t["programme_ok"], "%s: a consortium of 3 with a town is eligible under ②-3" % tid)
        check_item(t, "通信信頼性検証 技術者", 10450000, 10450000)   # 9,500,000 x 1.1
        check_item(t, "遠隔監視システム改修", 4620000, 4620000)      # 4,200,000 x 1.1, Aug 2025
        check_item(t, "冬期走行試験 旅費", 660000, 660000)            # 30 x 22,000 tax-included, Jan 2026
        # lease Dec 2025 .. Nov 2026, 3 x 15,000 x 1.1 = 49,500 a month: Dec..Feb 3 = 148,500 eligible;
        # Mar 2026 (FY2025) 49,500 + Apr..Nov (FY2026) 396,000 = 445,500 ineligible
        check_item(t, "車載ルータ リース [in the period]", 148500, 148500, 3, [148500, 0, 0])
        check_item(t, "車載ルータ リース [outside the period]", 445500, 0, 9, [49500, 396000, 0])
        # data plans 2025-06 + 24 months, 3 x 9,000 x 1.1 = 29,700 a month: 9 inside = 267,300;
        # 15 after: Mar 2026 29,700 + FY2026 356,400 + Apr, May 2027 59,400 = 445,500
        check_item(t, "バス用データ通信 [in the period]", 267300, 267300, 9, [267300, 0, 0])
        check_item(t, "バス用データ通信 [outside the period]", 445500, 0, 15, [29700, 356400, 59400])
        # licence-related labour: eligible 660,000, flagged to verify (免許関係諸費用?)
        check_item(t, "免許申請書類作成 支援", 660000, 660000)
        check(t["licence_labour_verify_jpy"] >= 660000 - 1, "%s: licence labour flagged" % tid)
        # ②-3 cap 2.5億円程度: eligible below it
        check(t["eligible_jpy"] <= 250e6, "%s: eligible within the ②-3 cap" % tid)
    check(near(tech(j, "carrier-lte5g")["licence_labour_verify_jpy"], 660000),
          "carrier: only the applicant's licence labour is flagged")
    check_item(tech(j, "l5g-sub6"), "免許申請手数料", 26000, 0)   # 4 x 6,500, 対象外
    # a municipality alone is not a consortium (briefing ②-3 <実施主体>, ASSUMED reading): no subsidy
    alt = os.path.join(outdir, "c-lone.xml")
    open(alt, "w", encoding="utf-8").write(open(scen, encoding="utf-8").read().replace(
        'type="company" consortium_local_governments="1" consortium_members="3"',
        'type="municipality" consortium_local_governments="1" consortium_members="1"'))
    jl = run(dxsim, alt, os.path.join(outdir, "c-lone"), "en")
    for t in jl["technologies"]:
        check(not t["programme_ok"] and t["subsidy_jpy"] == 0 and
              any("consortium" in n for n in t["notes"]),
              "%s: a lone municipality under ②-3 is refused with a note" % t["id"])


def japanese_only(data, outdir):
    """No generated English sentence in the Japanese report.html of the three cases
    (the project's own checker, tests/check_report_japanese.py, on these inputs)."""
    checker = os.path.join(os.path.dirname(os.path.abspath(__file__)), "check_report_japanese.py")
    for tag, scen in (("a", "r7-2-1-aquaculture.xml"), ("b", "r7-3-wildlife-mixed.xml"),
                      ("c", "r7-2-3-snow-bus.xml")):
        r = subprocess.run([sys.executable, checker, os.path.join(outdir, tag + "-en"),
                            os.path.join(outdir, tag + "-ja"), os.path.join(data, scen)],
                           capture_output=True, text=True)
        check(r.returncode == 0, "%s: English in the Japanese report.html: %s" %
              (scen, r.stdout.strip().replace("FAIL:", "-")))


def main():
    dxsim, data, outdir = sys.argv[1:4]
    os.makedirs(outdir, exist_ok=True)
    case_r7_2_1(dxsim, data, outdir)
    case_r7_3(dxsim, data, outdir)
    case_r7_2_3(dxsim, data, outdir)
    japanese_only(data, outdir)
    for x in xfails:
        print("expected failure, known issue - " + x)
    for f in failures:
        print("FAIL: " + f)
    if failures:
        sys.exit(1)
    print("ok: independent money acceptance, %d checks (%d known issues)" % (n_checks[0], len(xfails)))


if __name__ == "__main__":
    main()
