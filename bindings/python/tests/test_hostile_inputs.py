"""Hostile inputs of issue 13: every 'py' row of tests/data/hostile_inputs.csv must
raise DxError with the status and message given there (before the fix these
crashed with SIZE_MAX counts, read past buffers or returned garbage), plus the
broadcasting, numpy-integer and output-folder checks that are not error rows."""
import csv
import math
import os
import pathlib
import shutil
import tempfile
import unittest

import numpy as np

import dxsim
from dxsim import (capacity, cost, coverage, finance, geo, phy, programme,  # noqa: F401
                   propagation, uncertainty)
from dxsim._lib import DxError

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.environ.get("DXSIM_TEST_DATA", os.path.join(HERE, "..", "..", "..", "tests", "data"))


def _rows():
    with open(os.path.join(DATA, "hostile_inputs.csv"), newline="", encoding="utf-8") as f:
        lines = [ln for ln in f if not ln.startswith("#")]
    return list(csv.DictReader(lines))


class HostileInputTable(unittest.TestCase):
    def test_every_python_row_raises_the_documented_error(self):
        rows = [r for r in _rows() if r["lang"] == "py"]
        self.assertGreaterEqual(len(rows), 15)
        env = {"finance": finance, "uncertainty": uncertainty, "coverage": coverage,
               "programme": programme,
               "cost": cost, "capacity": capacity, "propagation": propagation, "phy": phy,
               "np": np, "nan": math.nan}
        for r in rows:
            with self.subTest(row=r["id"]):
                with self.assertRaises(DxError) as cm:
                    eval(r["call"], env)  # noqa: S307 - expressions from our own test table
                self.assertEqual(cm.exception.name, r["status"], cm.exception.message)
                self.assertIn(r["message"], cm.exception.message)

    def test_the_table_has_c_rows_too(self):
        self.assertGreaterEqual(len([r for r in _rows() if r["lang"] == "c"]), 15)


class NulBytes(unittest.TestCase):
    """A C string ends at its first NUL: run_scenario("farm.xml\\0x") read farm.xml and
    out_dir="out\\0x" wrote to out, without a word. Every C string argument refuses it."""
    FARM = os.path.join(DATA, "..", "..", "examples", "scenarios", "farm-halow-lorawan.xml")

    def test_scenario_path_with_a_nul_is_refused(self):
        with self.assertRaises(DxError) as cm:
            dxsim.run_scenario(self.FARM + "\0junk")
        self.assertEqual(cm.exception.name, "DX_EINVAL")
        self.assertIn("holds a NUL byte", cm.exception.message)

    def test_output_folder_with_a_nul_writes_nothing(self):
        with tempfile.TemporaryDirectory() as d:
            with self.assertRaises(DxError) as cm:
                dxsim.run_scenario(self.FARM, out_dir=os.path.join(d, "out\0x"))
            self.assertIn("holds a NUL byte", cm.exception.message)
            self.assertEqual(os.listdir(d), [])  # not written to d/out

    def test_names_with_a_nul_are_refused(self):
        with self.assertRaises(DxError):
            dxsim.technology("halow\0x")
        with self.assertRaises(DxError):
            dxsim.run_scenario_xml(dxsim.demo_xml(), name="a\0b")


class Broadcasting(unittest.TestCase):
    def test_los_probability_broadcasts_like_numpy(self):
        # (2,1) x (1,2) -> (2,2): it returned (2,1) before, the second column silently dropped
        d = np.array([[50.0], [300.0]])
        h = np.array([[1.5, 22.0]])
        out = propagation.los_probability("38901-uma", d, h, 25.0)
        self.assertEqual(out.shape, (2, 2))
        for i in range(2):
            for j in range(2):
                self.assertAlmostEqual(
                    out[i, j], propagation.los_probability("38901-uma", d[i, 0], h[0, j], 25.0))

    def test_nested_lists_broadcast_to_nested_lists(self):
        out = propagation.los_probability("38901-umi", [[20.0], [200.0]], [1.5, 1.5, 1.5])
        self.assertEqual(len(out), 2)
        self.assertEqual(len(out[0]), 3)

    def test_points_broadcast_a_scalar_coordinate(self):
        r = coverage.points("halow", [(0, 0)], [100.0, 200.0, 300.0], 0.0)
        self.assertEqual(len(r["rx_dbm"]), 3)
        self.assertGreater(r["rx_dbm"][0], r["rx_dbm"][2])


class Limits(unittest.TestCase):
    def test_max_pixels_is_settable(self):
        with self.assertRaises(DxError) as cm:
            coverage.run("halow", [(0, 0)], grid=(0, 0, 25, 10, 10), max_pixels=99)
        self.assertIn("opts->max_pixels = 99", cm.exception.message)
        with coverage.run("halow", [(0, 0)], grid=(0, 0, 25, 10, 10), max_pixels=100) as r:
            self.assertEqual(r.shape, (10, 10))

    def test_max_values_is_settable(self):
        model = lambda x: [x[0], 2 * x[0]]  # noqa: E731
        with self.assertRaises(DxError) as cm:
            uncertainty.run(model, [("uniform", 1, 2)], draws=100, max_values=199)
        self.assertIn("opts->max_values = 199", cm.exception.message)
        r = uncertainty.run(model, [("uniform", 1, 2)], draws=100, max_values=200)
        self.assertEqual(r["draws"], 100)


class NumpyScalars(unittest.TestCase):
    def test_numpy_integers_are_accepted_wherever_ints_are(self):
        a, _ = finance.depreciation("straight-line", 1e6, np.int64(5), years=np.int64(3))
        self.assertEqual(a, [200000.0] * 3)
        self.assertEqual(len(uncertainty.sample(("normal", 0, 1), np.int32(4))), 4)
        self.assertAlmostEqual(finance.jp_straight_line_rate(np.int64(5)), 0.2)
        with coverage.run("halow", [(0, 0)], grid=(0, 0, 25, np.int64(8), np.uint16(6))) as r:
            self.assertEqual(r.shape, (6, 8))
        self.assertEqual(coverage.hex_site_area_m2(np.float64(100.0), np.int64(3)),
                         coverage.hex_site_area_m2(100.0, 3))

    def test_whole_floats_are_counts_fractions_are_not(self):
        self.assertEqual(len(uncertainty.sample(("normal", 0, 1), 3.0)), 3)
        with self.assertRaises(ValueError):  # ArgumentError is also a ValueError
            uncertainty.sample(("normal", 0, 1), 3.5)


class OutputFolder(unittest.TestCase):
    def test_output_check_refuses_a_missing_parent_and_accepts_a_new_folder(self):
        with tempfile.TemporaryDirectory() as d:
            dxsim.output_check(os.path.join(d, "new"))
            self.assertFalse(os.path.exists(os.path.join(d, "new")))
            self.assertEqual(os.listdir(d), [])  # the probe leaves nothing behind
            with self.assertRaises(DxError) as cm:
                dxsim.output_check(os.path.join(d, "missing", "out"))
            self.assertEqual(cm.exception.name, "DX_EIO")

    def test_run_refuses_an_unwritable_folder_before_running(self):
        with tempfile.TemporaryDirectory() as d:
            blocker = os.path.join(d, "file")
            with open(blocker, "w") as f:
                f.write("x")
            with self.assertRaises(DxError) as cm:
                dxsim.run_scenario_xml(dxsim.demo_xml(), out_dir=os.path.join(blocker, "out"))
            self.assertEqual(cm.exception.name, "DX_EIO")
            self.assertIn("Not a directory", cm.exception.message)


class PathsAndNames(unittest.TestCase):
    """Round 2. Paths went to C as str(path).encode() in six places (coverage writers, area
    files, DEM files, price books, calibration files): a bytes path b"out.csv" became a file
    named "b'out.csv'", and a file name with bytes that are not UTF-8 (a Windows zip's
    Shift_JIS name, as os.listdir returns it) raised UnicodeEncodeError. render={"pdf": ...}
    raised KeyError after the whole comparison had run."""
    EXAMPLES = os.path.join(DATA, "..", "..", "examples", "scenarios")

    def test_a_bytes_path_names_the_file_itself(self):
        with tempfile.TemporaryDirectory() as d:
            with coverage.run("halow", [(0, 0)], grid=(0, 0, 25, 4, 4)) as r:
                r.write_csv(os.fsencode(os.path.join(d, "grid.csv")))
                r.write_csv(pathlib.PurePath(d, "日本語 グリッド.csv"))
            self.assertEqual(sorted(os.listdir(d)), ["grid.csv", "日本語 グリッド.csv"])

    def test_a_name_with_non_utf8_bytes_reaches_its_file(self):
        with tempfile.TemporaryDirectory() as d:
            raw = os.path.join(os.fsencode(d), b"area \x93\xfa\x96\x7b.geojson")  # 日本 in CP932
            shutil.copy(os.path.join(self.EXAMPLES, "valley-town.geojson"), raw)
            name = os.fsdecode(raw)  # with surrogate escapes, as os.listdir gives it
            area = geo.Area.read(name)
            self.assertGreater(area.area_m2(), 0)
            scen = os.path.join(os.fsencode(d), b"\x94\x5f farm.xml")
            shutil.copy(os.path.join(self.EXAMPLES, "farm-halow-lorawan.xml"), scen)
            out = os.path.join(d, "出力 フォルダ")
            res = dxsim.run_scenario(os.fsdecode(scen), out_dir=out)
            self.assertTrue(res["technologies"])
            self.assertTrue(os.path.isfile(os.path.join(out, "results.csv")))

    def test_not_a_path_is_refused_naming_the_argument(self):
        for bad in (5, None, 1.5, ["a.xml"]):
            with self.subTest(bad=bad):
                with self.assertRaises(DxError) as cm:
                    dxsim.run_scenario(bad)
                self.assertIn("(allowed: str, bytes or os.PathLike)", cm.exception.message)
        with self.assertRaises(DxError) as cm:
            dxsim.technology(5)
        self.assertIn("tech_id = 5 of type int (allowed: str)", cm.exception.message)

    def test_a_bad_render_request_fails_before_the_run(self):
        calls = []
        xml = dxsim.demo_xml()
        for render, want in (({"pdf": None}, "render key = 'pdf' (allowed: 'markdown'"),
                             (["csv"], "render = ['csv'] of type list")):
            with self.subTest(render=render):
                with self.assertRaises(DxError) as cm:
                    dxsim.run_scenario_xml(xml, render=render,
                                           progress=lambda stage, r: calls.append(stage))
                self.assertIn(want, cm.exception.message)
        self.assertEqual(calls, [])  # nothing was computed

    def test_wrong_types_are_refused_naming_the_argument(self):
        """Round 2, a fuzz of every public function with wrong types: read_csv(True) opened
        file descriptor 1 (True == 1) and closed the process's stdout; str arguments raised
        AttributeError (.encode of an int), item lists AttributeError (.get of a list),
        fit results IndexError, line_points(10**12) MemoryError, n_samples=-1 was written
        as 18446744073709551615."""
        from dxsim import calibrate, programme, terrain
        with self.assertRaises(DxError) as cm:
            calibrate.read_csv(True)
        self.assertIn("path = True of type bool", cm.exception.message)
        os.fstat(1)  # stdout is still open
        cases = [(lambda: programme.param(5, "x"), "menu = 5 of type int (allowed: str)"),
                 (lambda: programme.evaluate(["r7-3"], []), "menu = ['r7-3'] of type list"),
                 (lambda: terrain.mesh_bounds(5339), "code = 5339 of type int"),
                 (lambda: phy.tdd_shares(None), "pattern = None of type NoneType"),
                 (lambda: cost.lease_vs_purchase([]), "items[0] = [] of type list (allowed: a dict"),
                 (lambda: geo.line_points(35, 139, 36, 140, 10 ** 12),
                  "n_points = 1000000000000 (allowed 0..10000000)"),
                 (lambda: calibrate.apply(np.arange(3.0), [1000.0], [120.0]),
                  "(allowed: the dict fit() returns)")]
        for call, want in cases:
            with self.subTest(want=want):
                with self.assertRaises(DxError) as cm:
                    call()
                self.assertIn(want, cm.exception.message)
        # document texts: bytes(10**9) made a gigabyte of zeros, bytes(2**63) OverflowError
        from dxsim import sweep
        for call, want in ((lambda: terrain.Dem().add_xml(2 ** 63), "text = 9223372036854775808 of type int"),
                           (lambda: dxsim.run_scenario_xml(10 ** 9), "xml_text = 1000000000 of type int"),
                           (lambda: sweep.Sweep(xml=10 ** 9), "xml = 1000000000 of type int"),
                           (lambda: terrain.Dem().profile(35, 139, 35.1, 139, 2 ** 63),
                            "n_points = 9223372036854775808 (allowed 0..10000000)")):
            with self.subTest(want=want):
                with self.assertRaises(DxError) as cm:
                    call()
                self.assertIn(want, cm.exception.message)
        fit = {"offset_db": 1.0, "slope_db_per_decade": 0.0, "d_ref_m": 1000.0, "sigma_db": 4.0,
               "n_samples": -1}
        with tempfile.TemporaryDirectory() as d:
            with self.assertRaises(DxError) as cm:
                calibrate.write_xml(fit, os.path.join(d, "fit.xml"))
            self.assertIn("result['n_samples'] = -1", cm.exception.message)
            self.assertEqual(os.listdir(d), [])


if __name__ == "__main__":
    unittest.main()
