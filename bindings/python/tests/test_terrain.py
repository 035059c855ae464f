"""Python bindings of itm.h, terrain.h, geo.h and calibrate.h (issue 12).

Reference values: NTIA/itm vectors (tests/data/itm_*.csv), the GSI DEM5A
sample's documented corner heights, PROJ results of shared/docs/geodata.md
§4.2, and hand-checked leave-one-out figures."""
import math
import os
import unittest
import warnings

import dxsim
from dxsim import calibrate, geo, itm, terrain

DATA = os.environ.get("DXSIM_TEST_DATA") or os.path.join(
    os.path.dirname(__file__), "..", "..", "..", "tests", "data")


class ItmTest(unittest.TestCase):
    def test_command_line_example_114_5_db(self):
        with open(os.path.join(DATA, "itm_cmd_example_pfl.txt")) as f:
            v = [float(x) for x in f.read().replace("\n", "").split(",") if x.strip()]
        loss, det = itm.p2p_loss_db(15, 3, v[2:], v[1], 3500e6, details=True,
                                    sigma_s_per_m=0.005, mdvar=1, climate=5)
        self.assertAlmostEqual(loss, 114.5, delta=0.05)
        self.assertEqual(det["mode"], "line-of-sight")

    def test_area_first_ntia_row(self):
        # area.csv row 1: 10 m / 1 m, 16 km, delta_h 0, 230 MHz, horizontal, time 87 % -> 152.5
        loss = itm.area_loss_db(10, 1, 16e3, 0, 230e6, polarization_vertical=0, climate=5,
                                mdvar=0, time_ratio=0.87, location_ratio=0.5,
                                situation_ratio=0.5, sigma_s_per_m=0.008)
        self.assertAlmostEqual(loss, 152.5, delta=0.1)

    def test_bad_frequency_raises(self):
        with self.assertRaises(dxsim.DxError) as cm:
            itm.p2p_loss_db(10, 2, [0, 1, 2, 1, 0], 100, 30e9)
        self.assertIn("f_hz", str(cm.exception))


class TerrainTest(unittest.TestCase):
    def test_dem5a_corners_and_profile(self):
        dem = terrain.Dem(os.path.join(DATA, "gsi-dem", "FG-GML-5238-74-00-DEM5A-20161001.xml"))
        t = dem.tiles()[0]
        self.assertEqual((t["mesh_code"], t["product"], t["cols"], t["rows"]),
                         ("52387400", "DEM5A", 225, 150))
        h = dem.elevation_m([35.258333333 - 0.5 / 18000, 35.25 + 0.5 / 18000],
                            [138.5 + 0.5 / 18000, 138.5125 - 0.5 / 18000], interp="nearest")
        self.assertAlmostEqual(h[0], 145.30, places=3)
        self.assertAlmostEqual(h[1], 261.59, places=3)
        d, z = dem.profile(35.2505, 138.506, 35.2580, 138.506, 11, k_factor=0)
        self.assertEqual(len(z), 11)
        self.assertAlmostEqual(d[-1], 832.3, delta=1.0)  # 0.0075 deg of meridian at 35.25 N
        self.assertEqual(terrain.mesh_code(35.254, 138.506), "52387400")
        self.assertEqual(terrain.mesh_bounds("52387400")[:2], (35.25, 138.5))

    def test_grid_loss_behind_a_ridge(self):
        n = 200
        rows = [[300.0 if 99 <= c <= 101 else 100.0 for c in range(n)] for _ in range(n)]
        dem = terrain.Dem().add_grid(35.4, 138.4, 1 / 3600, 1 / 3600, rows)
        lat = [35.45, 35.45]
        lon = [138.4 + 150.5 / 3600, 138.4 + 80.5 / 3600]
        loss, shadow = dem.loss_grid(35.45, 138.4 + 20.5 / 3600, 20, 920e6, lat, lon, 1.5,
                                     model="bullington")
        self.assertEqual(shadow, [True, False])
        self.assertGreater(loss[0], 20)


class TerrainPlanTest(unittest.TestCase):
    """dxsim.plan.run on a scenario with <terrain> (tests/data/terrain_ridge.xml on the
    real DEM5A tile): terrain shadow only removes coverage, so the grid plan needs
    more sites than the same scenario on flat earth (physics; the counts are pins)."""

    RIDGE = os.path.join(DATA, "terrain_ridge.xml")

    def test_grid_plan_with_terrain_needs_more_sites_than_flat_earth(self):
        hilly = dxsim.plan.run(self.RIDGE, fidelity="grid", grid_resolution_m=40,
                               tech="l5g-sub6")[0]
        with open(self.RIDGE, encoding="utf-8") as f:
            flat_xml = "\n".join(line for line in f.read().splitlines()
                                  if "<terrain" not in line)
        flat = dxsim.plan.run(flat_xml, fidelity="grid", grid_resolution_m=40,
                              tech="l5g-sub6")[0]
        self.assertAlmostEqual(hilly["cell_radius_m"], flat["cell_radius_m"], places=9)
        self.assertGreater(hilly["sites"], flat["sites"])
        self.assertTrue(any(n.startswith("terrain: DEM tiles 52387400 DEM5A")
                            for n in hilly["notes"]), hilly["notes"])
        self.assertFalse(any(n.startswith("terrain:") for n in flat["notes"]))

    def test_analytic_fidelity_warns_that_it_ignores_terrain(self):
        d = dxsim.plan.run(self.RIDGE, fidelity="analytic", tech="l5g-sub6")[0]
        self.assertTrue(any(n.startswith("WARNING: the analytic fidelity ignores the terrain")
                            for n in d["notes"]), d["notes"])

    def test_area_outside_the_dem_raises_with_the_element(self):
        okinawa = os.path.abspath(os.path.join(DATA, "gsi-dem",
                                               "FG-GML-3926-76-DEM10B-20161001.xml"))
        with open(self.RIDGE, encoding="utf-8") as f:
            xml = f.read().replace("gsi-dem/FG-GML-5238-74-00-DEM5A-20161001.xml", okinawa)
        with self.assertRaises(dxsim.DxError) as cm:
            dxsim.plan.run(xml, tech="l5g-sub6")
        self.assertIn("<scenario>/<terrain>", str(cm.exception))
        self.assertIn("outside every tile", str(cm.exception))


class GeoTest(unittest.TestCase):
    def test_plane_rectangular_viii(self):
        e, n = geo.project(6676, 35.254, 138.506)
        self.assertAlmostEqual(e, 545.976, delta=5e-4)
        self.assertAlmostEqual(n, -82761.978, delta=5e-4)
        self.assertEqual(geo.plane_zone_epsg(35.254, 138.506, "静岡県"), 6676)

    def test_area_from_geojson(self):
        a = geo.Area.read(os.path.join(DATA, "geo_area.geojson"))
        self.assertEqual(a.polygon_count, 3)
        self.assertEqual(a.contains([35.255, 35.251], [138.505, 138.509]), [False, True])
        self.assertGreater(a.area_m2(), 1e6)


class CalibrateTest(unittest.TestCase):
    def test_leave_one_out_by_hand(self):
        r = calibrate.fit_losses([100, 200, 300, 400], [0, 0, 0, 0], [1, 2, 3, 6],
                                 terms=("offset",))
        self.assertAlmostEqual(r["offset_db"], 3.0)
        self.assertAlmostEqual(r["loo_rmse_db"], math.sqrt((64 / 9 + 16 / 9 + 16) / 4))
        r = calibrate.fit_losses([100, 200, 300, 400], [0, 0, 0, 0], [1, 2, 3, 6],
                                 terms=("offset",), groups=["a", "a", "b", "b"])
        self.assertAlmostEqual(r["loo_rmse_db"], math.sqrt(41 / 4))

    def test_fit_hata_recovers_offset_and_slope(self):
        d = [200 * 1.05 ** k for k in range(80)]
        with warnings.catch_warnings():  # 20 m < Hata's 30 m BS height: flagged, computed
            warnings.simplefilter("ignore")
            base = dxsim.propagation.path_loss_db("hata", 920e6, d, 20, 1.5, los="nlos")
        noise = [((k * 7919) % 13 - 6) * 0.5 for k in range(80)]  # deterministic, mean 0
        meas = [b + 5 + 3 * math.log10(x / 1000) + e for b, x, e in zip(base, d, noise)]
        r = calibrate.fit("hata", 920e6, d, meas, 20, 1.5)
        for key in ("offset_db", "slope_db_per_decade", "d_ref_m", "sigma_db", "rmse_db",
                    "loo_rmse_db", "offset_ci_db", "slope_ci_db_per_decade"):
            self.assertIn(key, r)
        self.assertLess(r["offset_ci_db"][0], 5)
        self.assertGreater(r["offset_ci_db"][1], 5)
        self.assertAlmostEqual(r["slope_db_per_decade"], 3, delta=1.0)
        out = calibrate.apply(r, [1000], [100.0])
        self.assertAlmostEqual(out[0], 100 + r["offset_db"])

    def test_lora_signal(self):
        self.assertAlmostEqual(calibrate.lora_signal_dbm(-118, -10),
                               -128 - 10 * math.log10(1.1))

    def test_read_csv_with_positions_and_fit(self):
        # a TTN Mapper-style table: point and gateway positions instead of distances;
        # row 1 is Geoscience Australia's Vincenty example (54 972.271 m on GRS80)
        import tempfile
        text = ("latitude,lng,gw_lat,gw_lon,rssi_dbm,snr_db,lost\n"
                "-37.65282114,143.92649553,-37.95103342,144.42486789,-110,5,0\n"
                "35.6812,139.7671,35.6895,139.6917,-120,-10,0\n"
                "35.6700,139.7000,35.6895,139.6917,0,0,1\n")
        with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
            f.write(text)
        try:
            m = calibrate.read_csv(f.name, tx_dbm=30, sensitivity_dbm=-137)
        finally:
            os.unlink(f.name)
        self.assertAlmostEqual(m["d2d_m"][0], 54972.271, delta=0.002)
        d = geo.inverse(35.6895, 139.6917, 35.6812, 139.7671)
        self.assertAlmostEqual(m["d2d_m"][1], float(d[0]), delta=1e-6)
        # PL = tx - signal: SNR >= 0 -> RSSI; SNR = -10 dB -> RSSI + SNR - 10 log10(1.1)
        self.assertAlmostEqual(m["path_loss_db"][0], 30 + 110)
        self.assertAlmostEqual(m["path_loss_db"][1], 30 + 130 + 10 * math.log10(1.1))
        self.assertAlmostEqual(m["path_loss_db"][2], 30 + 137)  # lost: the sensitivity bound
        self.assertEqual(m["lost"], [False, False, True])
        self.assertEqual(m["n_groups"], 2)  # one group per gateway
        self.assertEqual(m["group"][1], m["group"][2])
        self.assertNotEqual(m["group"][0], m["group"][1])
        with self.assertRaises(dxsim.DxError) as cm:
            calibrate.read_csv(os.path.join(DATA, "..", "..", "README.md"))
        self.assertIn("the header needs d2d_m", str(cm.exception))

    def test_read_csv_drive_test_around_one_site(self):
        # a Local 5G drive test logs the point and the RSRP only; the site is given once.
        # Site = Flinders Peak, point = Buninyong (Vincenty example, 54 972.271 m)
        import tempfile
        text = "lat,lon,rsrp_dbm\n-37.65282114,143.92649553,-80\n-37.70,144.00,-95.5\n"
        with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
            f.write(text)
        try:
            m = calibrate.read_csv(f.name, tx_dbm=18, site_lat=-37.95103342,
                                   site_lon=144.42486789)
            with self.assertRaises(dxsim.DxError) as cm:
                calibrate.read_csv(f.name, tx_dbm=18, site_lat=-37.95)
            self.assertIn("both are needed", str(cm.exception))
        finally:
            os.unlink(f.name)
        self.assertAlmostEqual(m["d2d_m"][0], 54972.271, delta=0.002)
        d = geo.inverse(-37.95103342, 144.42486789, -37.70, 144.00)
        self.assertAlmostEqual(m["d2d_m"][1], float(d[0]), delta=1e-6)
        self.assertEqual(m["path_loss_db"], [18 + 80, 18 + 95.5])  # PL = tx - RSRP
        self.assertEqual(m["n_groups"], 1)


if __name__ == "__main__":
    unittest.main()
