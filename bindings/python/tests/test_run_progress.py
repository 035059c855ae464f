"""progress= of dxsim.run_scenario (issue 11: long Monte Carlo runs show progress
in Python too). The farm example has <uncertainty draws="1000">, so the run
reports "plan", then "monte_carlo" draws, then "done" at 1.0; the ratios never
go back; the results equal those of a run without progress."""
import os
import unittest

import dxsim

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
FARM = os.path.join(ROOT, "examples", "scenarios", "farm-halow-lorawan.xml")


class RunProgress(unittest.TestCase):
    def test_stages_in_order_and_monotonic(self):
        calls = []
        res = dxsim.run_scenario(FARM, progress=lambda stage, r: calls.append((stage, r)))
        self.assertGreaterEqual(len(calls), 3, calls[:5])
        stages = [s for s, _ in calls]
        self.assertEqual(stages[0], "plan")
        self.assertIn("monte_carlo", stages)
        self.assertEqual(calls[-1], ("done", 1.0))
        ratios = [r for _, r in calls]
        for a, b in zip(ratios, ratios[1:]):
            self.assertLessEqual(a, b + 1e-12)
        self.assertTrue(all(0.0 <= r <= 1.0 for r in ratios))
        plain = dxsim.run_scenario(FARM)
        self.assertEqual(res, plain)  # progress does not change the results

    def test_xml_and_demo_accept_progress(self):
        seen = []
        dxsim.demo(progress=lambda s, r: seen.append(s))
        self.assertEqual(seen[-1], "done")
        with open(FARM, encoding="utf-8") as f:
            xml = f.read()
        seen.clear()
        dxsim.run_scenario_xml(xml, progress=lambda s, r: seen.append(s))
        self.assertIn("monte_carlo", seen)

    def test_not_callable_rejected_before_the_run(self):
        with self.assertRaises(TypeError):
            dxsim.run_scenario(FARM, progress=5)

    def test_an_exception_in_progress_reaches_the_caller(self):
        # it was printed as "Exception ignored" at every call and lost (Ctrl-C too)
        calls = []

        def stop(stage, ratio):
            calls.append(stage)
            raise KeyboardInterrupt

        with self.assertRaises(KeyboardInterrupt):
            dxsim.run_scenario(FARM, progress=stop)
        self.assertEqual(len(calls), 1)  # later calls are skipped
        with self.assertRaises(TypeError):  # a callable of the wrong signature
            dxsim.plan.run(FARM, progress=lambda stage: None)


if __name__ == "__main__":
    unittest.main()
