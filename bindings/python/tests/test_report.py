"""Report outputs (issue 11): Japanese and English reports of a scenario whose
names carry kanji, a pipe, a line break and a <script> tag stay valid UTF-8,
escaped and parseable; results.json validates against docs/results.schema.json."""
import ctypes
import importlib.util
import json
import os
import tempfile
import unittest

import dxsim

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
SCHEMA = os.path.join(ROOT, "docs", "results.schema.json")
_spec = importlib.util.spec_from_file_location(
    "check_report_outputs", os.path.join(ROOT, "tests", "check_report_outputs.py"))
chk = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(chk)

# XML attribute text: &#10; is a line break inside the attribute after parsing
HOSTILE_XML = "中山間地域 | 鳥獣被害&#10;&lt;script&gt;alert(1)&lt;/script&gt;"
HOSTILE = "中山間地域 | 鳥獣被害\n<script>alert(1)</script>"
# the longest demand-class name (63 bytes, 21 three-byte characters): notes and
# verdicts quote it in fixed-size buffers that may cut it
LONG_JA = ("長い名前の監視カメラ用の通信設備" * 2)[:21]


def hostile_scenario():
    xml = dxsim.demo_xml()
    xml = xml.replace('name="Demo: rural municipality, farm sensors and wildlife cameras"',
                      f'name="{HOSTILE_XML}"')
    xml = xml.replace('name="wildlife cameras"', f'name="{LONG_JA}"')
    xml = xml.replace('<technology id="all"/>',
                      '<technology id="lorawan-as923"/><technology id="halow"/>')
    costs = (f'<costs><item name="{HOSTILE_XML}" category="labour" procurement="purchase" '
             'unit_price_jpy="1234567" tax="excluded" quantity="1"/></costs>')
    return xml.replace("</scenario>", costs + "\n</scenario>")


class ReportOutputs(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dirs = {}
        xml = hostile_scenario()
        for lang in ("ja", "en"):
            d = os.path.join(cls.tmp.name, lang)
            cls.dirs[lang] = d
            dxsim.run_scenario_xml(xml, "hostile.xml", out_dir=d, lang=lang, html_map=(lang == "ja"))

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_every_output_is_valid_escaped_and_parseable(self):
        for lang, d in self.dirs.items():
            with self.subTest(lang=lang):
                res, items, md, html = chk.check(SCHEMA, d, lang)
                self.assertEqual(res["schema_version"], "2.0")
                # the name survives JSON and CSV exactly, and is escaped in md/html
                self.assertEqual(res["scenario"]["name"], HOSTILE)
                self.assertIn(HOSTILE, [r["item"] for r in items])
                self.assertIn("中山間地域 \\| 鳥獣被害<br>&lt;script&gt;", md)
                self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", html)

    def test_japanese_report_uses_ministry_units_and_reiwa_years(self):
        with open(os.path.join(self.dirs["ja"], "report.md"), encoding="utf-8") as f:
            md = f.read()
        # the demo starts on 2025-07-01: FY2025 is 令和7年度 (令和元年 = 2019)
        self.assertIn("| 令和7年度 |", md)
        self.assertIn("税抜（千円）", md)
        self.assertIn("消費税（千円）", md)
        self.assertIn("補助対象経費 小計", md)
        with open(os.path.join(self.dirs["ja"], "report.html"), encoding="utf-8") as f:
            html = f.read()
        self.assertIn('<html lang="ja">', html)
        self.assertIn('id="coverage-map"', html)
        for chart in ("chart-cost", "chart-cumulative", "chart-bands"):
            self.assertIn(f'id="{chart}"', html)
        self.assertIn("@media print", html)
        self.assertNotIn("http://", html.replace('xmlns="http://www.w3.org/2000/svg"', ""))

    def test_hostile_item_tax_split_in_items_csv(self):
        # 1,234,567 JPY tax excluded: 10 % consumption tax (FIRM) gives 1,358,023.7 included
        for lang, d in self.dirs.items():
            with open(os.path.join(d, "items.csv"), "rb") as f:
                rows = chk.csv_rows(f.read(), "items.csv")
            mine = [r for r in rows if r["item"] == HOSTILE]
            self.assertGreaterEqual(len(mine), 2)  # one row per technology (and mixed design)
            for r in mine:
                self.assertAlmostEqual(float(r["cost_tax_excluded_jpy"]), 1234567, delta=1)
                self.assertAlmostEqual(float(r["consumption_tax_jpy"]), 123456.7, delta=1)
                self.assertAlmostEqual(float(r["cost_tax_included_jpy"]), 1358023.7, delta=1)

    def test_render_returns_texts_in_the_language(self):
        out = {"markdown": None, "items_csv": None}
        dxsim.run_scenario_xml(hostile_scenario(), "h.xml", lang="en", render=out)
        self.assertIn("## Cost breakdown", out["markdown"])
        self.assertTrue(out["items_csv"].startswith("\ufeff"))

    def test_bad_lang_is_refused_before_the_run(self):
        with self.assertRaises(ValueError):
            dxsim.run_scenario_xml(hostile_scenario(), "h.xml", lang="fr")

    def test_report_options_layout_matches_the_library(self):
        lib = dxsim._lib
        self.assertEqual(ctypes.sizeof(dxsim._ReportOptions), dxsim._ropt_size())
        o = dxsim._report_options("ja")
        self.assertEqual((o.version, o.lang, o.html_map), (1, 0, 1))
        del lib


if __name__ == "__main__":
    unittest.main()
