"""A scenario's area as latitude/longitude polygons with holes (issue 12): the
geodesic area against the ellipsoid's zone area computed here by hand, the
same figure through dxsim.run_scenario_xml, and the ring checks. Also the
calibration fit file (<calibration file>) round trip with figures by hand."""
import math
import os
import tempfile
import unittest

import dxsim
from dxsim import calibrate, geo

EXAMPLES = os.path.join(os.path.dirname(__file__), "..", "..", "..", "examples", "scenarios")


def zone_m2(lat1, lat2, lon1, lon2):
    """Area of lat1..lat2 x lon1..lon2 on GRS80 (authalic formula, Snyder eq. 3-12):
    dlon b^2/2 [q(lat2) - q(lat1)], q = sin/(1 - e^2 sin^2) + ln((1+e sin)/(1-e sin))/(2e).
    The geodesic quadrilateral differs by the bulge of its east-west edges (< 0.01 m^2)."""
    a, f = 6378137.0, 1 / 298.257222101
    e2 = f * (2 - f)
    e, b = math.sqrt(e2), a * (1 - f)

    def q(lat):
        s = math.sin(math.radians(lat))
        return s / (1 - e2 * s * s) + math.log((1 + e * s) / (1 - e * s)) / (2 * e)
    return math.radians(lon2 - lon1) * b * b / 2 * (q(lat2) - q(lat1))


SQUARE = [(138.50, 35.00), (138.51, 35.00), (138.51, 35.01), (138.50, 35.01), (138.50, 35.00)]
HOLE = [(138.504, 35.004), (138.504, 35.006), (138.506, 35.006), (138.506, 35.004),
        (138.504, 35.004)]
HAND_M2 = zone_m2(35.0, 35.01, 138.50, 138.51) - zone_m2(35.004, 35.006, 138.504, 138.506)


def ring_text(ring):
    return " ".join("%r,%r" % p for p in ring)


XML = """<?xml version="1.0"?>
<scenario name="square with a hole">
  <area environment="rural"><polygon>
    <ring>%s</ring>
    <hole>%s</hole>
  </polygon></area>
  <demand><devices name="s" count="50" message_bytes="16" messages_per_day="96"/></demand>
  <technologies><technology id="lorawan-as923"/></technologies>
</scenario>
""" % (ring_text(SQUARE), ring_text(HOLE))


class PolygonAreaTest(unittest.TestCase):
    def test_polygon_area_km2_by_hand(self):
        self.assertAlmostEqual(HAND_M2, 972187.607, places=2)
        self.assertAlmostEqual(geo.polygon_area_km2(SQUARE, [HOLE]) * 1e6, HAND_M2, delta=0.01)

    def test_run_scenario_reports_the_polygon_area(self):
        res = dxsim.run_scenario_xml(XML, html_map=False, render={})
        sc = res["scenario"]
        self.assertAlmostEqual(sc["area_km2"] * 1e6, HAND_M2, delta=0.01)
        poly = sc["area_polygon"]
        self.assertEqual((poly["polygons"], poly["holes"], poly["vertices"]), (1, 1, 8))
        self.assertEqual(poly["epsg"], 6676)  # zone VIII: origin 36 N 138.5 E
        # the plane area carries the zone's scale factor near its central meridian:
        # k0^2 = 0.9999^2 to within the 0.0002 % of the square's 0.01 deg offset
        self.assertAlmostEqual(poly["plane_area_km2"] / sc["area_km2"], 0.9999 ** 2, delta=2e-6)

    def test_bad_rings_raise(self):
        bowtie = [(138.50, 35.00), (138.51, 35.01), (138.51, 35.00), (138.50, 35.01),
                  (138.50, 35.00)]
        with self.assertRaisesRegex(dxsim.DxError, "self-intersecting"):
            geo.polygon_area_km2(bowtie)
        outside = [(x + 0.02, y) for x, y in HOLE]
        with self.assertRaisesRegex(dxsim.DxError, "outside its exterior ring"):
            geo.polygon_area_km2(SQUARE, [outside])
        unclosed = XML.replace("138.5,35.0</ring>", "</ring>", 1)
        self.assertNotEqual(unclosed, XML)
        with self.assertRaisesRegex(dxsim.DxError, "scenario.xml:4: .*not closed"):
            dxsim.run_scenario_xml(unclosed, html_map=False, render={})

    def test_example_town_from_geojson(self):
        area = geo.Area.read(os.path.join(EXAMPLES, "valley-town.geojson")).validate()
        self.assertEqual(len(area.rings()), 2)
        self.assertAlmostEqual(area.area_m2() / 1e6, 7.339, delta=0.001)  # regression pin
        # the hole's centre is not demand area, the town hall is
        self.assertFalse(area.contains(35.3623, 138.4466))
        self.assertTrue(area.contains(35.3605, 138.4405))


class CalibrationFileTest(unittest.TestCase):
    def test_round_trip_by_hand(self):
        # model 100 dB; measured 100 + 5 + 10 x + e at x = log10(d/1000) = -1, 0, 1 with
        # e = +1, -2, +1: offset 5, slope 10; RMSE sqrt(2); LOO RMSE sqrt(27) (refits by
        # hand: errors 6, 3, 6); sigma sqrt(6/(3-2))
        r = calibrate.fit_losses([100, 1000, 10000], [100, 100, 100], [96, 103, 116])
        self.assertAlmostEqual(r["offset_db"], 5.0, places=9)
        self.assertAlmostEqual(r["slope_db_per_decade"], 10.0, places=9)
        self.assertAlmostEqual(r["rmse_db"], math.sqrt(2), places=9)
        self.assertAlmostEqual(r["loo_rmse_db"], math.sqrt(27), places=9)
        with tempfile.TemporaryDirectory() as d:
            calibrate.write_xml(r, os.path.join(d, "fit.xml"), model="38901-rma", fc_hz=920e6,
                                source="by hand")
            xml = XML.replace("</technologies>",
                              '</technologies>\n  <calibration file="fit.xml"/>')
            path = os.path.join(d, "s.xml")
            with open(path, "w") as f:
                f.write(xml)
            res = dxsim.run_scenario(path, out_dir=os.path.join(d, "out"), html_map=False)
        notes = " ".join(n for t in res["technologies"] for n in t.get("notes", []))
        for want in ("+ 5.00 dB + 10.00 dB x log10(d / 1000 m)", "shadowing sigma 2.45 dB",
                     "n = 3 samples", "RMSE 1.41 dB", "leave-one-group-out RMSE 5.20 dB"):
            self.assertIn(want, notes)
        self.assertNotIn("WARNING: the calibration was fitted", notes)


if __name__ == "__main__":
    unittest.main()
