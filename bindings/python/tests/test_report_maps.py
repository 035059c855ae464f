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
import unittest
import zlib

import dxsim

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
EXAMPLES = sorted(glob.glob(os.path.join(ROOT, "examples", "scenarios", "*.xml")))
ROUTE_RGB = (0, 114, 178)  # map_render.c ROUTE
IMG = re.compile(r'<img (?:id|class)="coverage-map"[^>]*alt="([^"]*)"[^>]*'
                 r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"')


def png_pixels(data):
    """(width, height, rows of RGB tuples) of an 8-bit RGB/RGBA non-interlaced PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, w = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and ctype in (2, 6) and interlace == 0, (depth, ctype)
            ch = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = w * ch
    rows, prev = [], bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - ch] if i >= ch else 0
            b = prev[i]
            c = prev[i - ch] if i >= ch else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return w, h, ch, rows


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
