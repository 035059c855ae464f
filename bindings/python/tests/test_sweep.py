"""dxsim.sweep: a spec runs in one process from Python; rows equal those of a
direct run of each job's scenario (dxsim.run_scenario_xml); the table is the
same at 1 and 2 threads; a malformed scenario gives an error row naming file,
line and element."""
import os
import shutil
import tempfile
import unittest

import dxsim

SRC = os.environ.get("DXSIM_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", "..", ".."))
DATA = os.path.join(SRC, "tests", "data")

SPEC = """<sweep name="py">
  <output columns="rank,feasible,net_cost_jpy,sites"/>
  <scenarios>
    <set path="uncertainty" attribute="draws" value="20"/>
    <file path="../../examples/scenarios/farm-halow-lorawan.xml" key="farm"/>
    <file path="scenario_malformed.xml"/>
  </scenarios>
  <variants>
    <variant name="lease"><set path="procurement" attribute="mode" value="lease"/></variant>
    <variant name="x1.3"><scale-prices factor="1.3"/></variant>
  </variants>
</sweep>"""


class SweepTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="dxsim-pysweep-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def test_options_layout_matches_c(self):
        self.assertTrue(dxsim.sweep.options_size_matches())

    def test_rows_equal_direct_runs_and_threads_agree(self):
        with dxsim.sweep.Sweep(xml=SPEC, name="py.xml", base_dir=DATA) as sw:
            self.assertEqual(sw.keys(), ["farm|lease", "farm|x1.3", "scenario_malformed|lease",
                                         "scenario_malformed|x1.3"])
            seen = []
            failed = sw.run(os.path.join(self.tmp, "a"), threads=1,
                            progress=lambda d, t, f: seen.append((d, t, f)))
            self.assertEqual(failed, 2)
            self.assertEqual(seen[-1], (4, 4, 2))
            sw.run(os.path.join(self.tmp, "b"), threads=2)
            direct = dxsim.run_scenario_xml(sw.job_xml(1), name="direct.xml")
            scaled_xml = sw.job_xml(1)
        with open(os.path.join(self.tmp, "a", "results.csv"), "rb") as fa, \
                open(os.path.join(self.tmp, "b", "results.csv"), "rb") as fb:
            self.assertEqual(fa.read(), fb.read())
        rows = dxsim.sweep.read_table(os.path.join(self.tmp, "a"))
        mine = [r for r in rows if r["scenario"] == "farm" and r["variant"] == "x1.3"]
        self.assertEqual([r["technology"] for r in mine], [t["id"] for t in direct["technologies"]])
        for r, t in zip(mine, direct["technologies"]):
            self.assertAlmostEqual(r["net_cost_jpy"], t["net_cost_jpy"], delta=1e-6 * abs(t["net_cost_jpy"]) + 1e-3)
        # scale-prices wrote the gateway quotation x 1.3 (farm scenario: lora.gw 180000 JPY)
        self.assertIn('key="lora.gw" jpy="234000"', scaled_xml)
        err = [r for r in rows if r["status"] == "error"]
        self.assertEqual(len(err), 2)
        self.assertIn("scenario_malformed.xml:7: malformed XML: Opening and ending tag mismatch: devices line 6",
                      err[0]["error"])

    def test_bad_spec_raises_with_file_and_line(self):
        with self.assertRaises(dxsim.DxError) as cm:
            dxsim.sweep.Sweep(xml="<sweep>\n<scenarios><nope/></scenarios></sweep>", name="bad.xml")
        self.assertIn("bad.xml:2: <sweep>/<scenarios>/<nope>: unknown element", cm.exception.message)


if __name__ == "__main__":
    unittest.main()
