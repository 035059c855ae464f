"""Long runs of issue 13 through Python: the Monte Carlo work bound
(max_mc_replans of run_scenario / run_scenario_xml / demo), clamped Monte Carlo
inputs reported in the results, and a 10^6-device scenario with a finite site
count. Figures are computed by hand in the tests."""
import ctypes
import math
import os
import tempfile
import unittest

import dxsim
from dxsim._lib import DxError, lib as _clib


def mc_xml(draws, inp):
    return ("<scenario name=\"mc\" version=\"1\">"
            "<area width_m=\"1500\" height_m=\"1000\" environment=\"rural\"/>"
            "<demand><devices name=\"sensors\" count=\"200\" message_bytes=\"16\" "
            "messages_per_day=\"96\"/></demand>"
            "<technologies><technology id=\"lorawan-as923\"/><technology id=\"halow\"/>"
            "</technologies><finance horizon_years=\"5\" discount_rate=\"0.04\"/>"
            f"<uncertainty draws=\"{draws}\" seed=\"11\">{inp}</uncertainty></scenario>")


RADIO = "<input target=\"devices:sensors.count\" dist=\"uniform\" a=\"100\" b=\"300\"/>"


class MonteCarloWorkBound(unittest.TestCase):
    def test_options_struct_matches_the_library(self):
        size = _clib.dx_compare_run_options_size
        size.restype = ctypes.c_size_t
        self.assertEqual(size(), ctypes.sizeof(dxsim._CompareRunOptions))
        self.assertEqual(dxsim.DEFAULT_MAX_MC_REPLANS, 200000)

    def test_refused_above_the_bound_and_run_at_it(self):
        xml = mc_xml(50, RADIO)  # 50 draws x 2 technologies = 100 re-plans
        with self.assertRaises(DxError) as cm:
            dxsim.run_scenario_xml(xml, name="mc.xml", max_mc_replans=99)
        self.assertEqual(cm.exception.name, "DX_EDOMAIN")
        self.assertIn("= 100 re-plans, above the bound of 99", cm.exception.message)
        res = dxsim.run_scenario_xml(xml, name="mc.xml", max_mc_replans=100)
        self.assertEqual(len(res["technologies"]), 2)

    def test_default_bound_and_no_bound(self):
        # 66,667 draws x 3 technologies = 200,001 re-plans: above the default (draws are
        # capped at 100,000, so two technologies can no longer exceed it)
        xml = mc_xml(66667, RADIO).replace("</technologies>",
                                           "<technology id=\"ltem-carrier\"/></technologies>")
        with self.assertRaises(DxError) as cm:
            dxsim.run_scenario_xml(xml, name="mc.xml")
        self.assertIn("above the bound of 200000", cm.exception.message)
        # a file on disk, through run_scenario (refused before any planning)
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, "mc.xml")
            with open(p, "w", encoding="utf-8") as f:
                f.write(xml)
            with self.assertRaises(DxError):
                dxsim.run_scenario(p, max_mc_replans=200000)

    def test_bad_bound_values_are_refused(self):
        for bad in (-1, 2.5, math.nan, "many"):
            with self.subTest(bad=bad):
                with self.assertRaises(DxError) as cm:
                    dxsim.demo(max_mc_replans=bad)
                self.assertIn("max_mc_replans", cm.exception.message)


class ClampedInputs(unittest.TestCase):
    def test_clamped_discount_rate_is_noted(self):
        # normal(0.04, 0.05) below -0.05: Phi(-1.8) = 0.03593 (normal table)
        xml = mc_xml(2000, "<input target=\"discount_rate\" dist=\"normal\" a=\"0.04\" "
                           "b=\"0.05\"/>")
        text = {"markdown": None}
        dxsim.run_scenario_xml(xml, name="mc.xml", render=text)
        self.assertIn("was outside its physical range [-0.05, 0.5]", text["markdown"])
        line = [ln for ln in text["markdown"].splitlines() if "physical range" in ln][0]
        n_clamped = int(line.split("] in ")[1].split(" of ")[0])
        # binomial sd sqrt(p(1-p)/n) = 0.0042 at n = 2000: 4 sd
        self.assertAlmostEqual(n_clamped / 2000, 0.03593, delta=0.017)


class MillionDevices(unittest.TestCase):
    def test_halow_site_count_is_finite(self):
        xml = ("<scenario name=\"1e6\" version=\"1\">"
               "<area width_m=\"2000\" height_m=\"1500\" environment=\"rural\"/>"
               "<demand><devices name=\"meters\" count=\"1000000\" ul_kbps=\"1\" "
               "required_ul_kbps=\"1\"/></demand>"
               "<technologies><technology id=\"halow\"/></technologies>"
               "<finance horizon_years=\"5\" discount_rate=\"0.04\"/></scenario>")
        res = dxsim.run_scenario_xml(xml)
        t = res["technologies"][0]
        self.assertTrue(t["feasible"])
        self.assertTrue(1 <= t["sites"] <= 100000)
        # 10^6 devices x 1 kbit/s = 1000 Mbit/s offered, carried
        self.assertAlmostEqual(t["offered_ul_mbps"], 1000.0, places=6)
        self.assertGreaterEqual(t["capacity_ul_mbps"], 1000.0)


if __name__ == "__main__":
    unittest.main()
