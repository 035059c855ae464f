"""dxsim.plan: every front door gives the same design.

For every example scenario and the demo: `dxsim run` (results.json through
dxsim.run_scenario), `dxsim coverage` (the CLI, analytic and grid fidelity)
and dxsim.plan.run agree on sites, channel width, feasibility and route
results; grid and analytic agree within the tolerance of docs/planning.md.
"""
import glob
import os
import re
import subprocess
import tempfile
import unittest

import dxsim

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
EXAMPLES = sorted(glob.glob(os.path.join(ROOT, "examples", "scenarios", "*.xml")))


def _cli():
    lib = os.environ.get("DXSIM_LIBRARY", os.path.join(ROOT, "build", "libdxsim.so"))
    path = os.path.join(os.path.dirname(lib), "examples", "dxsim")
    return path if os.path.exists(path) else None


def _without_uncertainty(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    return re.sub(r"<uncertainty.*?</uncertainty>", "", text, flags=re.S)


ROW = re.compile(r"^(\S+)\s+(\S+)\s+(\d+(?:\.\d+)?) MHz\s+(\d+)\s+\S+%\s+\S+%\s+.*?Mb/s\s+.*?Mb/s\s+(.*)$")
ROUTE = re.compile(r"route '(.+?)': .*?(\d+) handovers, (\d+) outage segments.*?: (sustained|NOT sustained)")


def _coverage_cli(path, fidelity=None):
    """Rows of `dxsim coverage [--fidelity F]`: id -> (sites, width MHz, feasible, routes)."""
    opts = ["--fidelity", fidelity] if fidelity else []
    with tempfile.TemporaryDirectory() as out:
        text = subprocess.run([_cli(), "coverage", path, "-o", out] + opts,
                              check=True, capture_output=True, text=True).stdout
    rows, last = {}, None
    for line in text.splitlines():
        m = ROW.match(line)
        if m:
            last = m.group(1)
            rows[last] = {"sites": int(m.group(4)), "bw_mhz": float(m.group(3)),
                          "feasible": m.group(5).strip() == "feasible", "routes": []}
            continue
        r = ROUTE.search(line)
        if r and last:
            rows[last]["routes"].append((int(r.group(2)), int(r.group(3)), r.group(4) == "sustained"))
    return rows


class PlanAgreementTest(unittest.TestCase):
    def test_progress_is_monotone_and_ends_at_one(self):
        seen = []
        dxsim.plan.run(EXAMPLES[0], fidelity="analytic", progress=lambda s, r: seen.append((s, r)))
        self.assertGreaterEqual(len(seen), 2)
        ratios = [r for _, r in seen]
        self.assertEqual(ratios, sorted(ratios))
        self.assertEqual(ratios[-1], 1.0)
        self.assertEqual(seen[-1][0], "plan")

    def test_run_and_plan_agree_on_every_example(self):
        for path in EXAMPLES:
            with self.subTest(example=os.path.basename(path)):
                # the full path as the name: a <terrain dem> resolves next to the file
                res = dxsim.run_scenario_xml(_without_uncertainty(path), name=path)
                runs = {t["id"]: t for t in res["technologies"]}
                fidelity = runs and next(iter(runs.values()))["fidelity"]
                for d in dxsim.plan.run(path, fidelity=fidelity):
                    t = runs[d["id"]]
                    self.assertEqual(t["feasible"], d["feasible"])
                    self.assertEqual(t["bw_hz"], d["bw_hz"])
                    if t["sites"] is not None:
                        self.assertEqual(t["sites"], d["sites"])
                    # every example plans analytically, except the terrain example (grid)
                    with open(path, encoding="utf-8") as f:
                        grid = 'fidelity="grid"' in f.read()
                    self.assertEqual(t["fidelity"], "grid" if grid else "analytic")

    @unittest.skipUnless(_cli(), "the dxsim CLI is not built next to the library")
    def test_coverage_cli_by_default_maps_the_design_run_costs(self):
        # without --fidelity, `dxsim coverage` plans at the scenario's own
        # <plan fidelity>, as `dxsim run` does: same sites, width, feasibility
        # (it planned every scenario on the grid before, and showed 53 HaLow
        # sites of the farm example where `dxsim run` costs 58)
        for path in EXAMPLES:
            with self.subTest(example=os.path.basename(path)):
                rows = _coverage_cli(path)
                res = dxsim.run_scenario_xml(_without_uncertainty(path), name=path)
                for t in res["technologies"]:
                    if t["id"] not in rows:
                        continue  # carrier networks, mixed designs: no map row
                    row = rows[t["id"]]
                    self.assertEqual(row["sites"], t["sites"])
                    self.assertEqual(row["bw_mhz"], t["bw_hz"] / 1e6)
                    self.assertEqual(row["feasible"], t["feasible"])

    @unittest.skipUnless(_cli(), "the dxsim CLI is not built next to the library")
    def test_coverage_cli_agrees_with_plan_at_both_fidelities(self):
        for path in EXAMPLES:
            for fidelity in ("analytic", "grid"):
                with self.subTest(example=os.path.basename(path), fidelity=fidelity):
                    rows = _coverage_cli(path, fidelity)
                    for d in dxsim.plan.run(path, fidelity=fidelity):
                        if d["id"] not in rows:
                            continue  # carrier networks and refused designs have no map row
                        row = rows[d["id"]]
                        self.assertEqual(row["sites"], d["sites"])
                        self.assertEqual(row["bw_mhz"], d["bw_hz"] / 1e6)
                        self.assertEqual(row["feasible"], d["feasible"])
                        # the route checks the CLI prints are the plan's
                        want = [(r["n_handovers"], r["n_outage_segments"], r["ul_sustained"])
                                for r in d["routes"]]
                        self.assertEqual(row["routes"], want)

    def test_grid_and_analytic_within_tolerance(self):
        for path in EXAMPLES:
            with open(path, encoding="utf-8") as f:
                if "<terrain" in f.read():
                    continue  # the analytic fidelity ignores terrain by design (test_terrain.py)
            a = dxsim.plan.run(path, fidelity="analytic")
            g = dxsim.plan.run(path, fidelity="grid")
            for x, y in zip(a, g):
                with self.subTest(example=os.path.basename(path), tech=x["id"]):
                    self.assertEqual(x["bw_hz"], y["bw_hz"])
                    self.assertEqual(x["feasible"], y["feasible"])
                    if x["sites"]:
                        self.assertGreaterEqual(y["sites"] / x["sites"], 0.5)
                        # site counts are integers: a small design may need one more
                        # (one AP of the factory example, 3 -> 4 in the tourist one)
                        self.assertLessEqual(y["sites"], max(1.25 * x["sites"], x["sites"] + 1))
                        self.assertEqual(len(y["site_positions"]), y["sites"])

    def test_bad_fidelity_is_refused(self):
        with self.assertRaises(ValueError):
            dxsim.plan.run(EXAMPLES[0], fidelity="exact")


if __name__ == "__main__":
    unittest.main()
