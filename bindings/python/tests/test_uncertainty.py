"""dxsim.uncertainty against published quantiles and closed forms.

Triangular values: brightway-lca/stats_arrays tests/distributions/test_triangular.py
(min 1, mode 3, max 4; np.allclose rtol 1e-5). Normal quantile z(0.9) = 1.2815515655446004
(Abramowitz & Stegun Table 26.5). Monte Carlo tolerances: 4 standard errors.
"""
import math
import unittest

from dxsim import DxError
from dxsim import uncertainty as U

Z90 = 1.2815515655446004


class Distributions(unittest.TestCase):
    def test_triangular_quantiles_match_stats_arrays(self):
        got = U.quantile(("triangular", 1, 3, 4), [0, 0.5, 1])
        for g, w in zip(got, [1, 2.73205083, 4]):
            self.assertTrue(math.isclose(g, w, rel_tol=1e-5, abs_tol=1e-8), (g, w))

    def test_pert_mean_and_lognormal_median(self):
        m, _ = U.moments({"kind": "pert", "low": 1.5, "mode": 2.385, "high": 7.2})
        self.assertAlmostEqual(m, (1.5 + 4 * 2.385 + 7.2) / 6, places=12)
        self.assertAlmostEqual(U.quantile({"kind": "lognormal", "median": 3.5, "gsd": 1.4}, 0.5),
                               3.5, places=12)
        xs = U.sample(("pert", 1.5, 2.385, 7.2), 100000, seed=3)
        _, sd = U.moments(("pert", 1.5, 2.385, 7.2))
        self.assertLess(abs(sum(xs) / len(xs) - m), 4 * sd / math.sqrt(len(xs)))

    def test_text_form_round_trips(self):
        self.assertEqual(U.to_text("pert( 1.5, 2.5 ,4)"), "pert(1.5, 2.5, 4)")
        self.assertEqual(U.quantile("triangular(1, 3, 4)", 0.5), U.quantile(("triangular", 1, 3, 4), 0.5))
        with self.assertRaises(DxError) as cm:
            U.distribution("gamma(1, 2)")
        self.assertEqual(cm.exception.name, "DX_EPARSE")

    def test_bad_parameters_raise_dxerror(self):
        with self.assertRaises(DxError) as cm:
            U.quantile(("normal", 0, -1), 0.5)
        self.assertEqual(cm.exception.name, "DX_EDOMAIN")
        with self.assertRaises(ValueError):
            U.distribution(("gamma", 1, 2))


class MonteCarlo(unittest.TestCase):
    def test_p10_p50_p90_of_a_linear_model(self):
        res = U.run(lambda x: [3 * x[0] - 2 * x[1] + 1000],
                    {"a": ("normal", 100, 15), "b": ("normal", 40, 8)},
                    output_names=["y"], draws=40000, seed=11)
        y = res["outputs"]["y"]
        sd = math.sqrt(9 * 225 + 4 * 64)
        se10 = 0.3 * sd / (math.exp(-0.5 * Z90 ** 2) / math.sqrt(2 * math.pi) * math.sqrt(40000))
        self.assertLess(abs(y["p10"] - (1220 - Z90 * sd)), 4 * se10)
        self.assertLess(abs(y["p90"] - (1220 + Z90 * sd)), 4 * se10)
        self.assertLess(abs(y["p50"] - 1220), 4 * 1.2533 * sd / math.sqrt(40000))
        self.assertEqual(res["tornado"]["y"][0]["input"], "a")  # swing 3*2*Z90*15 > 2*2*Z90*8

    def test_identical_results_for_one_and_two_threads(self):
        def model(x):
            return [x[0] * x[1], x[0] - x[1]]
        inputs = [("triangular", 1, 3, 4), ("uniform", 4.8, 4.9)]
        r1 = U.run(model, inputs, draws=1000, seed=5, threads=1, keep_draws=True)
        r2 = U.run(model, inputs, draws=1000, seed=5, threads=2, keep_draws=True)
        self.assertEqual(r1["samples"], r2["samples"])
        self.assertEqual(r1["outputs"], r2["outputs"])

    def test_batch_model_equals_per_draw_model(self):
        # one callback per block of draws: the same draws, so identical results
        def model(x):
            return [x[0] * x[1], x[0] - x[1]]

        def batch(xs):
            if U._np is not None:
                return U._np.stack([xs[:, 0] * xs[:, 1], xs[:, 0] - xs[:, 1]], axis=1)
            return [model(row) for row in xs]
        inputs = [("triangular", 1, 3, 4), ("pert", 4.8, 4.85, 4.9)]
        r1 = U.run(model, inputs, draws=3001, seed=5, threads=1, keep_draws=True)
        for threads in (1, 2, 3):
            for block in (256, 1000, 5000):
                r2 = U.run(batch, inputs, draws=3001, seed=5, threads=threads, keep_draws=True,
                           batch=True, batch_draws=block)
                self.assertEqual(r1["samples"], r2["samples"])
                self.assertEqual(r1["outputs"], r2["outputs"])
                self.assertEqual(r1["tornado"], r2["tornado"])

    def test_batch_model_without_numpy_equals_per_draw_model(self):
        # the stdlib route of a batch model (lists of rows in, a list of rows
        # out), forced by hiding numpy: the same draws and results
        def model(x):
            return [x[0] * x[1], x[0] - x[1]]
        inputs = [("normal", 3, 0.5), ("pert", 4.8, 4.85, 4.9)]
        r1 = U.run(model, inputs, draws=1500, seed=9, keep_draws=True)
        saved = U._np
        U._np = None
        try:
            seen = []

            def batch(rows):
                seen.append(type(rows))
                return [model(row) for row in rows]
            r2 = U.run(batch, inputs, draws=1500, seed=9, keep_draws=True, batch=True,
                       batch_draws=512, threads=2)
        finally:
            U._np = saved
        self.assertTrue(seen and all(t is list for t in seen))
        self.assertEqual(r1["samples"], r2["samples"])
        self.assertEqual(r1["outputs"], r2["outputs"])

    def test_counter_sampler_batch_equals_per_draw(self):
        inputs = [("normal", 100, 10), ("pert", 1, 2, 4)]
        r1 = U.run(lambda x: [x[0] + x[1]], inputs, draws=2000, seed=3, keep_draws=True,
                   sampler="counter")
        r2 = U.run(lambda xs: [[a + b] for a, b in xs], inputs, draws=2000, seed=3,
                   keep_draws=True, batch=True, sampler="counter", threads=2)
        self.assertEqual(r1["samples"], r2["samples"])
        self.assertLess(abs(r1["outputs"]["y0"]["mean"] - (100 + 13 / 6)), 4 * 10 / math.sqrt(2000))
        with self.assertRaises(ValueError):
            U.run(lambda x: [x[0]], inputs, draws=10, sampler="fast")

    def test_batch_model_exception_and_wrong_shape_propagate(self):
        def boom(xs):
            raise RuntimeError("boom")
        with self.assertRaises(RuntimeError):
            U.run(boom, [("uniform", 0, 1)], output_names=["y"], draws=10, batch=True)
        with self.assertRaises(ValueError):
            U.run(lambda xs: [[1.0, 2.0]] * len(xs), [("uniform", 0, 1)], output_names=["y"],
                  draws=10, batch=True)

    def test_probability_a_cheaper_than_b(self):
        res = U.run(lambda x: x, [("normal", 100, 10), ("normal", 105, 10)],
                    output_names=["A", "B"], draws=40000, seed=2)
        want = 0.5 * math.erfc(-(5 / math.sqrt(200)) / math.sqrt(2))
        self.assertLess(abs(res["prob_less"]["A"]["B"] - want),
                        4 * math.sqrt(want * (1 - want) / 40000))

    def test_model_exception_propagates(self):
        def model(x):
            raise RuntimeError("boom")
        with self.assertRaises(RuntimeError):
            U.run(model, [("uniform", 0, 1)], output_names=["y"], draws=10)

    def test_options_layout_matches_the_library(self):
        import ctypes
        self.assertEqual(ctypes.sizeof(U.Options), U._opts_size())


if __name__ == "__main__":
    unittest.main()
