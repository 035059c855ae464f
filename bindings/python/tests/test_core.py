"""dxsim core: loading, version, errors carrying the C message, run_scenario."""
import json
import os
import subprocess
import tempfile
import unittest

import dxsim

DATA = os.environ.get("DXSIM_TEST_DATA", os.path.join(os.path.dirname(__file__), "..", "..", "..",
                                                      "tests", "data"))


class CoreTest(unittest.TestCase):
    def test_version_matches_the_library(self):
        self.assertRegex(dxsim.version(), r"^\d+\.\d+\.\d+$")

    def test_import_dxsim_gives_every_module(self):
        for name in ("propagation", "phy", "link", "coverage", "capacity", "cost", "finance",
                     "programme", "uncertainty"):
            self.assertTrue(hasattr(dxsim, name), name)
        # the README's example: spreadsheet NPV of -1e6 then 4 x 3e5 at 4 %
        self.assertAlmostEqual(dxsim.finance.npv(0.04, [-1e6, 3e5, 3e5, 3e5, 3e5]),
                               -1e6 + 3e5 * (1 - 1.04 ** -4) / 0.04, delta=1e-6)

    def test_catalogue_lists_the_required_technologies(self):
        ids = dxsim.technologies()
        for need in ("l5g-sub6", "l5g-mmw", "wifi6e-lpi", "wifi7", "halow", "lorawan-as923",
                     "ltem-carrier"):
            self.assertIn(need, ids)
        p = dxsim.technology("wifi6e-vlp")["max_eirp_dbm"]
        self.assertEqual(p["value"], "14")
        self.assertEqual(p["class"], "FIRM")
        self.assertIn("domain-japan", p["source"])
        with self.assertRaises(KeyError):
            dxsim.technology("wifi8")

    def test_demo_compares_every_technology_with_every_column(self):
        res = dxsim.demo()
        techs = res["technologies"]
        singles = [t for t in techs if not t["id"].startswith("mixed")]
        self.assertEqual(len(singles), len(dxsim.technologies()))
        self.assertEqual([t["rank"] for t in techs], list(range(1, len(techs) + 1)))
        for t in techs:
            for key in ("feasible", "coverage_ratio", "verdict", "net_cost_jpy"):
                self.assertIn(key, t)
        feasible = [t for t in techs if t["feasible"]]
        self.assertTrue(feasible, "the demo has at least one feasible technology")
        # feasible designs ③ can fund come first, cheapest total project cost first
        # (issue 10); a carrier data service builds no wireless network of its own
        # (briefing ③ ※2: 非該当): no subsidy, ranked after them
        fundable = [t for t in feasible if t["programme_ok"]]
        self.assertEqual(techs[:len(fundable)], fundable)
        costs = [t["rank_cost_jpy"] for t in fundable]
        self.assertEqual(costs, sorted(costs))
        # the MIC ③ subsidy is half of the eligible cost
        for t in fundable:
            self.assertAlmostEqual(t["subsidy_jpy"], 0.5 * t["eligible_jpy"], delta=1.0)
        for t in techs:
            if t["id"] in ("carrier-lte5g", "ltem-carrier"):
                self.assertFalse(t["programme_ok"])
                self.assertEqual(t["subsidy_jpy"], 0)
        # the mixed design: the sensors on its LoRaWAN are ③'s ② (300 x 30,000 x 1.1 =
        # 9,900,000, eligible); the cameras on the carrier's network are not "①に接続する
        # ソリューション機器" (12 x 120,000 x 1.1 = 1,584,000, not eligible, role rule)
        mixed = next(t for t in techs if t["id"] == "mixed-best")
        rows = {i["name"]: i for i in mixed["items"] if i["name"].startswith("Solution device")}
        sensors, cameras = rows["Solution device: soil and water sensors"], rows["Solution device: wildlife cameras"]
        self.assertAlmostEqual(sensors["cost_jpy"], 300 * 30000 * 1.1, delta=0.5)
        self.assertAlmostEqual(sensors["eligible_jpy"], sensors["cost_jpy"], delta=0.5)
        self.assertAlmostEqual(cameras["cost_jpy"], 12 * 120000 * 1.1, delta=0.5)
        self.assertEqual(cameras["eligible_jpy"], 0)
        self.assertEqual(cameras["rule"], "r7-3/require_role")

    def test_run_scenario_writes_the_reports(self):
        with tempfile.TemporaryDirectory() as d:
            xml = dxsim.demo_xml()
            path = os.path.join(d, "s.xml")
            with open(path, "w", encoding="utf-8") as f:
                f.write(xml)
            res = dxsim.run_scenario(path, out_dir=os.path.join(d, "out"))
            for name in ("report.md", "results.json", "results.csv"):
                self.assertTrue(os.path.exists(os.path.join(d, "out", name)), name)
            with open(os.path.join(d, "out", "results.json"), encoding="utf-8") as f:
                on_disk = json.load(f)
            self.assertEqual(on_disk["technologies"][0]["id"], res["technologies"][0]["id"])

    def test_bad_scenario_raises_dxerror_with_file_line_and_element(self):
        with self.assertRaises(dxsim.DxError) as cm:
            dxsim.run_scenario(os.path.join(DATA, "scenario_bad_value.xml"))
        e = cm.exception
        self.assertEqual(e.name, "DX_EDOMAIN")
        self.assertLess(e.status, 0)
        self.assertIn("scenario_bad_value.xml:4", e.message)
        self.assertIn("width_m = -250 m", e.message)
        with self.assertRaises(dxsim.DxError) as cm:
            dxsim.run_scenario_xml("<scenario><area", name="inline.xml")
        self.assertEqual(cm.exception.name, "DX_EPARSE")
        self.assertIn("inline.xml", cm.exception.message)


if __name__ == "__main__":
    unittest.main()
