"""dxsim.coverage and dxsim.capacity bindings: the same reference values as the C tests."""
import math
import os
import tempfile
import unittest

from dxsim import DxError
from dxsim import capacity as cap
from dxsim import coverage as cov


class TestAnalytic(unittest.TestCase):
    def test_margin_matches_normal_table(self):
        # Abramowitz & Stegun Table 26.5: Phi^-1(0.95) = 1.644854
        self.assertAlmostEqual(cov.shadow_margin_db(1.0, 0.95), 1.644854, places=5)

    def test_jakes_area_matches_published_curve(self):
        # Rappaport 2002 §4.9.2: sigma/n = 2, 75 % edge -> ~90 % area
        m = cov.shadow_margin_db(8.0, 0.75)
        self.assertAlmostEqual(cov.area_probability_ratio(8.0, 4.0, m), 0.90, delta=0.01)

    def test_radius_and_hex_count(self):
        r = cov.cell_radius_m("log-distance", 3.5e9, 1.5, 1.5, 138.7, pl0_db=41.3, exponent=3.5,
                              los="los")
        self.assertAlmostEqual(r, 10 ** ((138.7 - 41.3) / 35.0), delta=1e-4)
        self.assertEqual(cov.hex_site_count(10.385e6, 1200.0, 3), 4.0)
        with self.assertRaises(DxError) as e:
            cov.hex_site_count(1e6, 500.0, 2)
        self.assertIn("sectors", e.exception.message)


class TestGrid(unittest.TestCase):
    def test_run_layers_and_files(self):
        with cov.run("halow", [(120, 80), (610, 395)], grid=(0, 0, 25, 32, 20),
                     model="38901-umi") as r:
            self.assertEqual(r.summary["n_pixels"], 640)
            self.assertEqual(len(r.cells), 2)
            sinr = r.layer("sinr_dl_db")
            self.assertEqual(len(sinr), 20)
            self.assertEqual(len(sinr[0]), 32)
            with tempfile.TemporaryDirectory() as d:
                r.write_kml(os.path.join(d, "m.kml"), "m.png", 33.64, 130.69)
                with open(os.path.join(d, "m.png"), "rb") as f:
                    self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")

    def test_points_of_interest(self):
        r = cov.points("halow", [(0, 0)], [10, 300, 5000], [0, 0, 0], model="38901-umi",
                       criterion="rx", threshold_dbm=-100.0, shadow_sigma_db=6.0)
        self.assertEqual(r["best_cell"], [0, 0, 0])
        self.assertGreater(r["rx_dbm"][0], r["rx_dbm"][1])
        self.assertGreater(r["prob_ratio"][0], 0.99)
        self.assertLess(r["prob_ratio"][2], 0.01)

    def test_route(self):
        s, samples = cov.route("halow", [(0, 0), (900, 0)], [0, 900, 3900], [10, 10, 10],
                               step_m=25.0, model="38901-umi", criterion="rx",
                               threshold_dbm=-110.0, shadow_sigma_db=0.0)
        self.assertEqual(s["n_handovers"], 1)
        self.assertEqual(s["n_outage_segments"], 1)
        self.assertEqual(len(samples["s_m"]), s["n_samples"])


class TestCapacity(unittest.TestCase):
    def test_lora_closed_form_and_simulation(self):
        g = 0.2
        n = g * 3 * 86400 / (24 * 0.3707)
        closed = cap.lora_pdr_ratio(n, 24, 0.3707, 3)
        self.assertAlmostEqual(closed, math.exp(-2 * g), places=12)
        sim = cap.lora_simulate_pdr(n, 24, 0.3707, 3, capture_threshold_db=float("inf"),
                                    duration_s=86400.0)
        self.assertAlmostEqual(sim, closed, delta=0.01)

    def test_arib_and_wifi(self):
        self.assertEqual(cap.lora_arib_max_msgs_per_hour(0.3707, "128us"), 971)
        e1 = cap.wifi_efficiency_ratio(1, "s1g", 3.9e6)
        e20 = cap.wifi_efficiency_ratio(20, "s1g", 3.9e6)
        self.assertGreater(e1, e20)
        self.assertAlmostEqual(cap.nr_cell_throughput_mbps([120, 60, 30]), 70.0)

    def test_cell_loads(self):
        with cov.run("halow", [(400, 400), (2000, 400)], grid=(0, 0, 25, 96, 64),
                     model="38901-umi") as r:
            loads = cap.cell_loads(r, "halow", [dict(name="cam", count=2, ul_bps=0.5e6,
                                                     points=[(410, 395), (1990, 420)])],
                                   coverage_options=dict(model="38901-umi"))
        self.assertEqual(len(loads), 2)
        self.assertAlmostEqual(loads[0]["offered_ul_bps"], 0.5e6)
        self.assertAlmostEqual(loads[1]["offered_ul_bps"], 0.5e6)

    def test_plan_reports_bound(self):
        r, sites = cap.plan("halow", (0, 0, 25, 96, 64), target_coverage_ratio=0.9,
                            coverage_options=dict(model="38901-umi", rate_direction="ul"))
        self.assertEqual(r["bound"], "coverage")
        self.assertEqual(len(sites), r["n_sites"])


if __name__ == "__main__":
    unittest.main()
