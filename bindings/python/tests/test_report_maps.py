"""Maps of report.html (issue 11): every example's HTML report embeds the map
that `dxsim coverage` draws (coverage probability with legend, scale bar and
north arrow, sites, routes with outage segments and handover points), at least
1000 px wide; a mixed design gets one map per part. PNGs are decoded here with
zlib (standard library) to read their size and count route pixels."""
import base64
import glob
import html
import os
import re
import struct
import sys
import unittest

import dxsim

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests"))
from png_read import png_pixels  # noqa: E402  (tests/png_read.py, shared with check_map_outputs.py)
EXAMPLES = sorted(glob.glob(os.path.join(ROOT, "examples", "scenarios", "*.xml")))
ROUTE_RGB = (0, 114, 178)  # map_render.c ROUTE
IMG = re.compile(r'<img (?:id|class)="coverage-map"[^>]*alt="([^"]*)"[^>]*'
                 r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"')


def maps_of(path):
    r = {"html": None}
    dxsim.run_scenario(path, render=r)
    return [(html.unescape(a), base64.b64decode(b)) for a, b in IMG.findall(r["html"])]


class ReportMaps(unittest.TestCase):
    def test_every_example_has_a_wide_map(self):
        for path in EXAMPLES:
            with self.subTest(example=os.path.basename(path)):
                maps = maps_of(path)
                self.assertGreaterEqual(len(maps), 1)
                for alt, png in maps:
                    w, h = struct.unpack(">II", png[16:24])
                    self.assertGreaterEqual(w, 1000, alt)
                    self.assertGreater(h, 300, alt)

    def test_mixed_design_one_map_per_part(self):
        # farm-hilly-mixed: the best design is mixed-1 (sensors, weather station and
        # valves on LoRaWAN, cameras on HaLow; see its verdict): two parts, two maps
        path = os.path.join(ROOT, "examples", "scenarios", "farm-hilly-mixed.xml")
        res = dxsim.run_scenario(path)
        best = res["technologies"][0]
        self.assertEqual(best["id"], "mixed-1")
        maps = maps_of(path)
        self.assertEqual([a.split(" ")[0] for a, _ in maps], ["LoRaWAN", "Wi-Fi"])
        self.assertIn("HaLow", maps[1][0])

    def test_route_drawn_on_the_bus_map(self):
        # bus-route-level4 has one route; the map draws it in ROUTE blue across the
        # map (hundreds of pixels; the legend's sample line alone is ~60)
        maps = maps_of(os.path.join(ROOT, "examples", "scenarios", "bus-route-level4.xml"))
        w, h, ch, rows = png_pixels(maps[0][1])
        n = sum(1 for row in rows for x in range(0, w * ch, ch)
                if tuple(row[x:x + 3]) == ROUTE_RGB)
        self.assertGreater(n, 300)
        # farm-hilly-mixed has no route: only the legend could hold that colour, and
        # the legend shows no route row there
        maps = maps_of(os.path.join(ROOT, "examples", "scenarios", "farm-hilly-mixed.xml"))
        w, h, ch, rows = png_pixels(maps[0][1])
        n0 = sum(1 for row in rows for x in range(0, w * ch, ch)
                 if tuple(row[x:x + 3]) == ROUTE_RGB)
        self.assertEqual(n0, 0)


if __name__ == "__main__":
    unittest.main()
