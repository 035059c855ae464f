"""The MIC examples (examples/scenarios/*.xml) through the user path
(dxsim.run_scenario = `dxsim run`): the feasibility an RF engineer expects, and
the money of every applicant's cost line computed by hand below.

Hand rules used (sources in the comments):
- consumption tax 10 % (domain-japan §5): a tax-excluded price x 1.10;
  fees (licence application) are not taxed and are written tax="included";
- a monthly line is split at the period's end: months inside the period
  can be eligible, months after it are not (briefing ②-1 対象経費: 実証期間内に
  発生した経費のみ; issue 10); months count whole calendar months, the end
  month included;
- ② demonstrations are 請負（定額）: MIC pays the whole eligible cost
  (briefing ②-1 実施形態; ②-2 cap 1億円程度); ③ pays 1/2 (briefing ③ 補助率),
  cloud fees booked in year one count up to 60 months (③ ※3), not booked
  only the grant year's months;
- lease-rate factors per month (domain-japan §5): 3 y 2.944 %, 5 y 1.789 %.

The generated bill of materials (base stations, APs ...) depends on the
design; for it the tests check the invariants of issue 10 only: per row
0 <= eligible <= cost; eligible + ineligible = cost; subsidy = eligible x rate
(below any cap); burden = cost - subsidy >= 0; the rows add up to the total.
"""
import os
import re
import unittest

import dxsim

SRC = os.environ.get("DXSIM_SOURCE_DIR",
                     os.path.join(os.path.dirname(__file__), "..", "..", ".."))
SCEN = os.path.join(SRC, "examples", "scenarios")
TAX = 1.10

_cache = {}


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def run(name, edit=None):
    """results of examples/scenarios/<name>.xml; edit = (old, new) rewrites the XML first."""
    key = (name, edit)
    if key not in _cache:
        path = os.path.join(SCEN, name + ".xml")
        if edit is None:
            _cache[key] = dxsim.run_scenario(path)
        else:
            text = read(path)
            assert edit[0] in text, edit[0]
            _cache[key] = dxsim.run_scenario_xml(text.replace(edit[0], edit[1]), name + ".xml")
    return _cache[key]


def tech(res, tid):
    for t in res["technologies"]:
        if t["id"] == tid:
            return t
    raise KeyError(tid)


def rows(t, name):
    """the programme rows of one cost line: the line itself or its period parts"""
    return [i for i in t["items"] if i["name"] == name or i["name"].startswith(name + " [")]


def part(t, name, where):
    """the row of a line inside ('in') or after ('outside') the period"""
    found = [i for i in rows(t, name) if i["name"].endswith("[%s the period]" % where)]
    assert len(found) == 1, (name, where, [i["name"] for i in rows(t, name)])
    return found[0]


class ExampleCase(unittest.TestCase):
    RATE = None  # funding ratio of the example's menu

    def line(self, t, name, cost, eligible, months=None):
        """a one-row line: its cost and eligible amount (JPY, tax included)"""
        r = rows(t, name)
        self.assertEqual(len(r), 1, [i["name"] for i in r])
        self.assertAlmostEqual(r[0]["cost_jpy"], cost, delta=0.5, msg=name)
        self.assertAlmostEqual(r[0]["eligible_jpy"], eligible, delta=0.5, msg=name)
        if months is not None:
            self.assertEqual(r[0]["months"], months, name)

    def split(self, t, name, m_in, cost_in, m_out, cost_out):
        """a line straddling the period's end: months and cost on each side"""
        a, b = part(t, name, "in"), part(t, name, "outside")
        self.assertEqual((a["months"], b["months"]), (m_in, m_out), name)
        self.assertAlmostEqual(a["cost_jpy"], cost_in, delta=0.5, msg=name)
        self.assertAlmostEqual(a["eligible_jpy"], cost_in, delta=0.5, msg=name)
        self.assertAlmostEqual(b["cost_jpy"], cost_out, delta=0.5, msg=name)
        self.assertEqual(b["eligible_jpy"], 0, name)

    def invariants(self, res, cap=None, rows_are_total=True):
        """issue 10's invariants; rows_are_total: the programme rows add up to the
        horizon's total (else, issue 10: they never exceed it)"""
        for t in res["technologies"]:
            tid = t["id"]
            total = 0.0
            eligible = 0.0
            for i in t["items"]:
                self.assertGreaterEqual(i["eligible_jpy"], 0, (tid, i["name"]))
                self.assertLessEqual(i["eligible_jpy"], i["cost_jpy"] + 0.01, (tid, i["name"]))
                total += i["cost_jpy"]
                eligible += i["eligible_jpy"]
            cost = t["rank_cost_jpy"]  # total project cost of the evaluated mode
            if rows_are_total:
                self.assertAlmostEqual(total, cost, delta=1.0, msg="%s: rows add up to the total" % tid)
            else:
                self.assertLessEqual(total, cost + 1.0, tid)
            self.assertAlmostEqual(t["eligible_jpy"], eligible, delta=1.0, msg=tid)
            self.assertAlmostEqual(t["eligible_jpy"] + t["ineligible_jpy"], cost, delta=1.0, msg=tid)
            paid = eligible * self.RATE
            if cap is not None:
                paid = min(paid, cap)
            self.assertAlmostEqual(t["subsidy_jpy"], paid, delta=1.0, msg=tid)
            self.assertAlmostEqual(t["net_cost_jpy"], cost - t["subsidy_jpy"], delta=1.0, msg=tid)
            self.assertGreaterEqual(t["net_cost_jpy"], 0, tid)


class PortR721(ExampleCase):
    """e. ②-1 port demonstration, leased, 2025-08-01 -> 2026-03-31 (8 months)."""
    RATE = 1.0  # 請負（定額）
    NAME = "port-r7-2-1"

    def test_verdicts(self):
        res = run(self.NAME)
        # 24 cameras x 4 Mbit/s + 6 machines x 8 Mbit/s: outdoor Local 5G carries it,
        # HaLow (1-4 MHz at 920 MHz, 10 % duty) cannot carry one 4 Mbit/s camera
        self.assertTrue(tech(res, "l5g-sub6")["feasible"])
        h = tech(res, "halow")
        self.assertFalse(h["feasible"])
        self.assertIn("ヤード監視カメラ", h["verdict"])
        self.assertEqual(res["scenario"]["menu"], "r7-2-1")

    def test_cost_lines_by_hand(self):
        t = tech(run(self.NAME), "l5g-sub6")
        # licence application fee: 30,000 JPY, not taxed, ineligible (②-1 対象外経費)
        self.line(t, "無線局免許申請手数料", 30000, 0)
        # 3 person-months x 1,200,000 x 1.10 = 3,960,000 (役務費, eligible)
        self.line(t, "実証環境構築 技術者人件費", 3960000, 3960000)
        # app development 4,500,000 x 1.10 = 4,950,000 (役務費)
        self.line(t, "遠隔監視アプリ開発", 4950000, 4950000)
        # 24 trips x 25,000 tax-included = 600,000 (旅費)
        self.line(t, "技術者旅費 (東京-静岡)", 600000, 600000)
        # edge server leased 2025-12 .. 2026-11 (12 months) at 95,000/month:
        # Dec, Jan, Feb, Mar inside = 4 x 95,000 x 1.10 = 418,000 eligible;
        # Apr .. Nov 2026 = 8 x 104,500 = 836,000 after the period, not eligible
        self.split(t, "エッジAIサーバ リース", 4, 418000, 8, 836000)
        # cloud 12 months from 2025-10 at 150,000: Oct .. Mar = 6 x 165,000 = 990,000
        # inside, Apr .. Sep 2026 = 990,000 after
        self.split(t, "映像解析クラウド利用料", 6, 990000, 6, 990000)
        # fibre 2025-08 .. 2026-03 = 8 months x 12,000 x 1.10 = 105,600, all inside
        self.line(t, "光回線 (実証用)", 105600, 105600, months=8)
        # 4 anemometers bought at 45,000: 49,500 tax-included < 100,000 (税込10万円未満)
        # so the purchase is eligible: 4 x 49,500 = 198,000
        self.line(t, "風速計 (荷役中止判断用)", 198000, 198000)
        # report labour in February 2026: 1,500,000 x 1.10 = 1,650,000
        self.line(t, "効果検証・報告書作成", 1650000, 1650000)
        names = ["無線局免許申請手数料", "実証環境構築 技術者人件費", "遠隔監視アプリ開発",
                 "技術者旅費 (東京-静岡)", "エッジAIサーバ リース", "映像解析クラウド利用料",
                 "光回線 (実証用)", "風速計 (荷役中止判断用)", "効果検証・報告書作成"]
        lines = [i for n in names for i in rows(t, n)]
        # total of the lines: 30,000 + 3,960,000 + 4,950,000 + 600,000 + 1,254,000
        # + 1,980,000 + 105,600 + 198,000 + 1,650,000 = 14,727,600
        self.assertAlmostEqual(sum(i["cost_jpy"] for i in lines), 14727600, delta=1)
        # eligible: the same minus the fee, the 8 lease months and the 6 cloud months
        # = 14,727,600 - 30,000 - 836,000 - 990,000 = 12,871,600
        self.assertAlmostEqual(sum(i["eligible_jpy"] for i in lines), 12871600, delta=1)
        # HaLow needs no radio licence: its lines are the same without the fee
        h = tech(run(self.NAME), "halow")
        self.assertEqual(rows(h, "無線局免許申請手数料"), [])
        self.assertAlmostEqual(sum(i["cost_jpy"] for n in names for i in rows(h, n)), 14697600,
                               delta=1)

    def test_quotation_and_generated_leases(self):
        t = tech(run(self.NAME), "l5g-sub6")
        bs = part(t, "Local 5G sub-6 outdoor base station (gNB + RU + antenna), per site", "in")
        # quotation 7,200,000 leased over the 3-year horizon at 2.944 %/month
        # (domain-japan §5): 211,968 JPY per month, 8 months inside the period
        self.assertAlmostEqual(bs["unit_price_jpy"], 7200000 * 0.02944, delta=0.5)
        self.assertEqual(bs["months"], 8)
        core_in = part(t, "5G core as a cloud service", "in")
        core_out = part(t, "5G core as a cloud service", "outside")
        # 36 months of the horizon: 8 inside the period, 28 after it
        self.assertEqual((core_in["months"], core_out["months"]), (8, 28))

    def test_invariants(self):
        self.invariants(run(self.NAME))


class PortShortRental(ExampleCase):
    """issue 10: the port demonstration with nothing after the period (horizon to
    2026-03-31, 8 months) and <procurement rental="auto">: the equipment is rented for
    the 8 months instead of leased for 36, so no lease months are left as a commitment."""
    RATE = 1.0
    NAME = "port-r7-2-1"
    SHORT = ('<finance horizon_years="3"', '<finance horizon_end="2026-03-31"')
    MODE = '<procurement mode="lease" core="cloud"/>'

    def short(self, rental):
        text = read(os.path.join(SCEN, self.NAME + ".xml"))
        text = text.replace(self.SHORT[0], self.SHORT[1])
        if rental is not None:
            text = text.replace(self.MODE, '<procurement mode="lease" core="cloud" rental="%s"/>'
                                % rental)
        return dxsim.run_scenario_xml(text, self.NAME + ".xml")

    def test_rented_lines_by_hand(self):
        res = self.short("auto")
        t = tech(res, "l5g-sub6")
        name = "Local 5G sub-6 outdoor base station (gNB + RU + antenna), per site (short-term rental)"
        r = rows(t, name)
        self.assertEqual(len(r), 1, [i["name"] for i in t["items"]])
        # quotation 7,200,000 x rental.monthly_ratio 0.06 (ASSUMED) x 8-month term rate
        # 0.61 (sooki.co.jp table) = 263,520 JPY per site-month, 8 months, all inside
        self.assertAlmostEqual(r[0]["unit_price_jpy"], 7200000 * 0.06 * 0.61, delta=0.5)
        self.assertEqual(r[0]["months"], 8)
        cost = 7200000 * 0.06 * 0.61 * 8 * r[0]["quantity"] * TAX
        self.line(t, name, cost, cost)
        self.assertEqual(r[0]["class"], "ASSUMED")
        self.assertIn("sooki.co.jp", r[0]["source"])
        # no lease line and no maintenance of rented equipment
        self.assertFalse([i for i in t["items"] if i["category"] == "lease"
                          and "rental" not in i["name"] and "リース" not in i["name"]])
        self.assertFalse([i for i in t["items"] if i["name"].startswith("Maintenance")])
        # the commitment is only the applicant's own straddling lines:
        # edge AI lease 95,000 x 8 months after + cloud 150,000 x 6 months after, tax incl.
        self.assertAlmostEqual(t["commitment_jpy"], (95000 * 8 + 150000 * 6) * TAX, delta=1)
        self.assertTrue(any("short-term rental" in n for n in t["notes"]), t["notes"])
        self.invariants(res)

    def test_lease_kept_without_rental(self):
        t = tech(self.short(None), "l5g-sub6")
        bs = [i for i in t["items"]
              if i["name"].startswith("Local 5G sub-6 outdoor base station (gNB + RU + antenna), per site")]
        # a 36-month lease at 2.944 %/month: 8 months in the horizon, 28 a commitment
        self.assertTrue(bs and all("rental" not in i["name"] for i in bs))
        self.assertAlmostEqual(bs[0]["unit_price_jpy"], 7200000 * 0.02944, delta=0.5)
        lease_after = 7200000 * 0.02944 * 28 * bs[0]["quantity"] * TAX
        self.assertGreater(t["commitment_jpy"], lease_after)
        self.assertTrue(any('rental="auto"' in n for n in t["notes"]), t["notes"])

    def test_auto_leases_a_long_horizon(self):
        text = read(os.path.join(SCEN, self.NAME + ".xml")).replace(
            self.MODE, '<procurement mode="lease" core="cloud" rental="auto"/>')
        t = tech(dxsim.run_scenario_xml(text, self.NAME + ".xml"), "l5g-sub6")
        self.assertFalse([i for i in t["items"] if "rental" in i["name"]])

    def test_same_design_rented_or_leased(self):
        a, b = self.short("yes"), self.short("no")
        for x, y in zip(a["technologies"], b["technologies"]):
            self.assertEqual((x["id"], x["sites"], x["radios"], x["bw_hz"]), (y["id"], y["sites"], y["radios"], y["bw_hz"]))

    def test_bad_value_is_named(self):
        text = read(os.path.join(SCEN, self.NAME + ".xml")).replace(
            self.MODE, '<procurement mode="lease" core="cloud" rental="maybe"/>')
        with self.assertRaises(dxsim.DxError) as cm:
            dxsim.run_scenario_xml(text, self.NAME + ".xml")
        msg = str(cm.exception)
        for word in ("procurement", "rental", "maybe", "auto"):
            self.assertIn(word, msg)


class FactoryR722(ExampleCase):
    """a. ②-2 factory: Local 5G vs Wi-Fi 7 for AMRs and AI cameras, 2025-09 .. 2026-02."""
    RATE = 1.0
    NAME = "factory-agv-r7-2-2"

    def test_verdicts(self):
        res = run(self.NAME)
        w, l = tech(res, "wifi7"), tech(res, "l5g-sub6-indoor")
        # a 150 m x 90 m hall, 141 Mbit/s of uplink: both carry it indoors; Wi-Fi 7
        # needs no licence and no core and is ranked first (total project cost)
        self.assertTrue(w["feasible"])
        self.assertTrue(l["feasible"])
        self.assertLess(w["rank_cost_jpy"], l["rank_cost_jpy"])
        self.assertEqual(w["rank"], 1)

    def test_cost_lines_by_hand(self):
        t = tech(run(self.NAME), "l5g-sub6-indoor")
        self.line(t, "無線局免許申請手数料", 15000, 0)
        # 2 person-months x 1,100,000 x 1.10 = 2,420,000
        self.line(t, "AMR制御連携 人件費", 2420000, 2420000)
        # 3,800,000 x 1.10 = 4,180,000 (役務費: アプリケーション開発)
        self.line(t, "AI検査モデル開発", 4180000, 4180000)
        # 12 x 30,000 tax-included = 360,000
        self.line(t, "技術者旅費 (東京-燕三条)", 360000, 360000)
        # lease 2025-09 .. 2026-02: 6 months x 120,000 x 1.10 = 792,000, all inside
        self.line(t, "エッジAIサーバ リース", 792000, 792000, months=6)
        # 12 months from 2025-11 at 80,000: Nov .. Feb = 4 x 88,000 = 352,000 inside;
        # Mar .. Oct 2026 = 8 x 88,000 = 704,000 after the period (it ends 2026-02-27)
        self.split(t, "AI学習基盤 クラウド利用料", 4, 352000, 8, 704000)
        # jigs 150,000 (165,000 tax-included, above 100,000) but usable < 1 year:
        # consumable, purchase eligible: 2 x 165,000 = 330,000 bought in the period;
        # usable 0.5 y, bought again every 6 months of the 3-year horizon (months 6,
        # 12, ..., 30: 5 x 330,000 = 1,650,000), after the period (it ends 2026-02-27):
        # a row of their own, not eligible, so the rows add up to the cost
        a, b = part(t, "検査用治具 (消耗品)", "in"), part(t, "検査用治具 (消耗品)", "outside")
        self.assertAlmostEqual(a["cost_jpy"], 330000, delta=0.5)
        self.assertAlmostEqual(a["eligible_jpy"], 330000, delta=0.5)
        self.assertAlmostEqual(b["cost_jpy"], 5 * 330000, delta=0.5)
        self.assertEqual(b["eligible_jpy"], 0)
        self.assertEqual((a["quantity"], b["quantity"]), (2, 10))
        self.assertEqual(sum(a["per_year_jpy"]) + sum(b["per_year_jpy"]), 6 * 330000)
        self.assertEqual(rows(tech(run(self.NAME), "wifi7"), "無線局免許申請手数料"), [])

    def test_quotation(self):
        t = tech(run(self.NAME), "wifi7")
        ap = part(t, "Wi-Fi 7 enterprise AP (6 GHz, indoor LPI)", "in")
        # the quoted 180,000 JPY AP leased over 3 years at 2.944 %/month = 5,299.2 JPY
        self.assertAlmostEqual(ap["unit_price_jpy"], 180000 * 0.02944, delta=0.5)

    def test_invariants(self):
        # ②-2: 1億円程度 cap (briefing ②-2 事業規模の上限). The rows add up to the
        # horizon's total: the jigs bought again every 6 months (5 x 330,000 =
        # 1,650,000) have their row (they were charged but listed nowhere). The
        # 6-month edge-server lease is charged over its stated term only (no
        # re-lease after it), wherever it starts.
        res = run(self.NAME)
        self.invariants(res, cap=100000000, rows_are_total=True)


class TouristR721(ExampleCase):
    """b. ②-1 tourist area / festival: Wi-Fi 6E (VLP outdoors) vs Local 5G."""
    RATE = 1.0
    NAME = "tourist-event-wifi6e"

    def test_verdicts(self):
        res = run(self.NAME)
        w, l = tech(res, "wifi6e-vlp"), tech(res, "l5g-sub6")
        self.assertTrue(w["feasible"])
        self.assertTrue(l["feasible"])
        # 25 mW EIRP (VLP, the only 6 GHz class allowed outdoors) against a licensed
        # outdoor base station: tens of times more Wi-Fi sites over the same streets
        self.assertGreater(w["sites"], 10 * l["sites"])
        self.assertTrue(tech(res, "mixed-1")["feasible"])

    def test_cost_lines_by_hand(self):
        res = run(self.NAME)
        t = tech(res, "l5g-sub6")
        self.line(t, "無線局免許申請手数料", 20000, 0)
        # 2 x 1,000,000 x 1.10 = 2,200,000; 3,200,000 x 1.10 = 3,520,000
        self.line(t, "実証環境構築 人件費", 2200000, 2200000)
        self.line(t, "多言語案内・人流ダッシュボード開発", 3520000, 3520000)
        # 8 x 28,000 tax-included = 224,000
        self.line(t, "技術者旅費 (名古屋-高山)", 224000, 224000)
        # temporary power Oct .. Nov 2025: 2 x 60,000 x 1.10 = 132,000, inside
        self.line(t, "祭礼期間 仮設電源", 132000, 132000, months=2)
        # cloud 12 months from 2025-12, period ends 2026-01-31: Dec, Jan inside
        # = 2 x 55,000 = 110,000; Feb 2026 .. Nov 2026 = 10 x 55,000 = 550,000 after
        self.split(t, "案内アプリ クラウド利用料", 2, 110000, 10, 550000)
        # the mixed design carries each line once (the fee with its Local 5G part)
        m = tech(res, "mixed-1")
        for n in ("実証環境構築 人件費", "多言語案内・人流ダッシュボード開発", "無線局免許申請手数料"):
            self.assertEqual(len(rows(m, n)), 1, n)

    def test_invariants(self):
        self.invariants(run(self.NAME))


class RiverR73(ExampleCase):
    """c. ③ river / landslide monitoring, booked vs yearly cloud fees."""
    RATE = 0.5  # 補助率 1/2
    NAME = "river-disaster-r7-3"
    UNBOOKED = ('months="60" booked_in_first_year="yes"', 'months="60"')

    def test_verdicts(self):
        res = run(self.NAME)
        # no LPWA carries a 1 Mbit/s camera: LoRaWAN and LTE-M alone are infeasible,
        # the LPWA + carrier mixed design is feasible
        self.assertFalse(tech(res, "lorawan-as923")["feasible"])
        self.assertFalse(tech(res, "ltem-carrier")["feasible"])
        self.assertIn("河川監視カメラ", tech(res, "lorawan-as923")["verdict"])
        # the cameras' required edge rate (1000 kbit/s) is below their average (1500):
        # the design follows the required figure and every design says so
        for t in res["technologies"]:
            self.assertTrue(any("'河川監視カメラ' requires 1000 kbit/s uplink at the cell edge, below its "
                                "average of 1500 kbit/s" in n for n in t["notes"]), t["id"])
        self.assertTrue(tech(res, "carrier-lte5g")["feasible"])
        self.assertTrue(tech(res, "mixed-1")["feasible"])

    def test_cost_lines_by_hand(self):
        t = tech(run(self.NAME), "mixed-1")
        # platform booked in the grant year: 60 x 60,000 x 1.10 = 3,960,000, all 60
        # months eligible (③ ※3: up to 5 years when booked in year one)
        self.line(t, "河川監視プラットフォーム利用料", 3960000, 3960000, months=60)
        self.line(t, "ネットワーク設計・現地調査", 2750000, 2750000)  # 2,500,000 x 1.10
        self.line(t, "防災システム連携 構築", 3300000, 3300000)  # 3,000,000 x 1.10
        # travel is not 整備 under ③ (ASSUMED rule): 10 x 20,000 = 200,000 ineligible
        self.line(t, "設置工事 旅費 (熊本-人吉)", 200000, 0)
        self.line(t, "災害対策本部 監視モニター", 880000, 880000)  # 2 x 400,000 x 1.10

    def test_booked_vs_yearly(self):
        booked = tech(run(self.NAME), "mixed-1")
        yearly = tech(run(self.NAME, self.UNBOOKED), "mixed-1")
        # not booked: only the grant year's months count, Jul 2025 .. Mar 2026 = 9:
        # 9 x 66,000 = 594,000 eligible, 51 x 66,000 = 3,366,000 after the grant year
        self.split(yearly, "河川監視プラットフォーム利用料", 9, 594000, 51, 3366000)
        # the same total cost; the subsidy differs by (3,960,000 - 594,000) / 2 = 1,683,000
        self.assertAlmostEqual(booked["rank_cost_jpy"], yearly["rank_cost_jpy"], delta=1)
        self.assertAlmostEqual(booked["eligible_jpy"] - yearly["eligible_jpy"], 3366000, delta=1)
        self.assertAlmostEqual(booked["subsidy_jpy"] - yearly["subsidy_jpy"], 1683000, delta=1)

    def test_compare_booking_is_read(self):
        self.assertIn('compare_booking="yes"', read(os.path.join(SCEN, self.NAME + ".xml")))

    def test_invariants(self):
        self.invariants(run(self.NAME))
        self.invariants(run(self.NAME, self.UNBOOKED))


class CampusR73(ExampleCase):
    """d. ③ municipal school: Wi-Fi 7 vs Local 5G, lease vs purchase."""
    RATE = 0.5
    NAME = "campus-school-wifi7"
    LEASE = ('<procurement mode="purchase"', '<procurement mode="lease"')

    def test_verdicts(self):
        res = run(self.NAME)
        w, l = tech(res, "wifi7"), tech(res, "l5g-sub6-indoor")
        self.assertTrue(w["feasible"])
        self.assertTrue(l["feasible"])
        # indoors, built-in Wi-Fi in every tablet: Wi-Fi 7 is the cheaper network
        self.assertLess(w["rank_cost_jpy"], l["rank_cost_jpy"])

    def test_cost_lines_by_hand(self):
        t = tech(run(self.NAME), "wifi7")
        self.line(t, "校内ネットワーク設計", 1320000, 1320000)  # 1,200,000 x 1.10
        self.line(t, "LAN配線・PoEスイッチ工事", 3080000, 3080000)  # 2,800,000 x 1.10
        self.line(t, "換気管理ダッシュボード", 990000, 990000)  # 900,000 x 1.10
        # role other: neither network nor solution, ineligible under ③ ※2
        self.line(t, "教員研修", 330000, 0)
        # cloud not booked: the grant year's months Jun 2025 .. Mar 2026 = 10 x
        # 16,500 = 165,000 eligible; 50 months after = 825,000
        self.split(t, "ダッシュボード クラウド利用料", 10, 165000, 50, 825000)

    def test_lease_vs_purchase(self):
        bought = tech(run(self.NAME), "wifi7")
        leased = tech(run(self.NAME, self.LEASE), "wifi7")
        self.assertEqual(bought["mode"], "purchase")
        self.assertEqual(leased["mode"], "lease")
        ap = part(leased, "Wi-Fi 7 enterprise AP (6 GHz, indoor LPI)", "in")
        # 200,000 JPY AP leased over the 5-year horizon at 1.789 %/month = 3,578 JPY;
        # June .. March = 10 months inside the grant year
        self.assertAlmostEqual(ap["unit_price_jpy"], 200000 * 0.01789, delta=0.5)
        self.assertEqual(ap["months"], 10)
        # 60 x 1.789 % = 107.3 % of the price: leasing costs the town more over 5 years
        self.assertGreater(leased["rank_cost_jpy"], bought["rank_cost_jpy"])
        self.assertAlmostEqual(bought["cost_lease_jpy"], leased["rank_cost_jpy"], delta=1)

    def test_invariants(self):
        self.invariants(run(self.NAME))
        self.invariants(run(self.NAME, self.LEASE))


class FarmHillyR73(ExampleCase):
    """f. ③ hilly orchards: LoRaWAN vs HaLow vs Local 5G, fixed and searched mixed designs."""
    RATE = 0.5
    NAME = "farm-hilly-mixed"
    LINES = ("営農支援プラットフォーム利用料", "ネットワーク設計・電波調査", "中継局 太陽光電源",
             "生産者向け操作研修")

    def test_verdicts(self):
        res = run(self.NAME)
        self.assertFalse(tech(res, "lorawan-as923")["feasible"])  # cameras
        self.assertTrue(tech(res, "halow")["feasible"])
        self.assertTrue(tech(res, "l5g-sub6")["feasible"])
        m = tech(res, "mixed-1")
        self.assertTrue(m["feasible"])
        # the searched best is the applicant's assignment (LoRaWAN sensors, HaLow
        # cameras) and beats every single technology on total project cost
        best = tech(res, "mixed-best")
        self.assertIn("鳥獣害AIカメラ -> halow", best["verdict"])
        self.assertIn("土壌水分センサー -> lorawan-as923", best["verdict"])
        for tid in ("halow", "l5g-sub6"):
            self.assertLess(best["rank_cost_jpy"], tech(res, tid)["rank_cost_jpy"], tid)
        # 14 outdoor base stations for 8 cameras: Local 5G costs several times HaLow
        self.assertGreater(tech(res, "l5g-sub6")["rank_cost_jpy"],
                           4 * tech(res, "halow")["rank_cost_jpy"])

    def test_cost_lines_by_hand(self):
        res = run(self.NAME)
        for tid in ("halow", "mixed-1", "mixed-best"):
            t = tech(res, tid)
            # booked for 5 years: 60 x 40,000 x 1.10 = 2,640,000, all eligible (③ ※3)
            self.line(t, "営農支援プラットフォーム利用料", 2640000, 2640000, months=60)
            self.line(t, "ネットワーク設計・電波調査", 1980000, 1980000)  # 1,800,000 x 1.10
            self.line(t, "中継局 太陽光電源", 1540000, 1540000)  # 4 x 350,000 x 1.10
            self.line(t, "生産者向け操作研修", 440000, 0)  # role other: ineligible
            # once per project, also in a two-part mixed design:
            # 2,640,000 + 1,980,000 + 1,540,000 + 440,000 = 6,600,000
            total = sum(i["cost_jpy"] for n in self.LINES for i in rows(t, n))
            self.assertAlmostEqual(total, 6600000, delta=1, msg=tid)

    def test_invariants(self):
        self.invariants(run(self.NAME))


class EveryExample(unittest.TestCase):
    def test_every_example_runs_with_a_location_and_valid_names(self):
        names = sorted(f for f in os.listdir(SCEN) if f.endswith(".xml"))
        self.assertGreaterEqual(len(names), 9)
        for f in names:
            res = dxsim.run_scenario(os.path.join(SCEN, f))
            self.assertTrue(res["technologies"], f)
            self.assertTrue(any(t["feasible"] for t in res["technologies"]), f)
            text = read(os.path.join(SCEN, f))
            if f.replace(".xml", "") in ("port-r7-2-1", "factory-agv-r7-2-2", "tourist-event-wifi6e",
                                         "river-disaster-r7-3", "campus-school-wifi7",
                                         "farm-hilly-mixed"):
                # the new MIC cases: a place in Japan, a period in FY2025 (令和7年度)
                m = re.search(r'lat_deg="([0-9.]+)" lon_deg="([0-9.]+)"', text)
                self.assertTrue(m and 24 < float(m.group(1)) < 46 and 122 < float(m.group(2)) < 154, f)
                p = re.search(r'<period start="(\d{4}-\d\d-\d\d)" end="(\d{4}-\d\d-\d\d)"', text)
                self.assertTrue(p and "2025-04-01" <= p.group(1) < p.group(2) <= "2026-03-31", f)


if __name__ == "__main__":
    unittest.main()
