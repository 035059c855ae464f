"""dxsim.propagation against published values (ns-3, ITU-R SG3, NTIA) and the
documented behaviour: shapes, range warnings, errors with the C message."""
import math
import unittest
import warnings

from dxsim import DxError
from dxsim import propagation as prop

try:
    import numpy as np
except ImportError:  # pragma: no cover
    np = None


class PathLossTest(unittest.TestCase):
    def test_38901_uma_matches_ns3_vectors(self):
        # ns-3 three-gpp-propagation-loss-model-test-suite.cc, 5 GHz, BS 25 m, UT 1.5 m, tol 0.05 dB
        los = prop.path_loss_db("38901-uma", 5e9, [10, 100, 1000, 5000], 25, 1.5)
        nlos = prop.path_loss_db("38901-uma", 5e9, [10, 100, 1000, 5000], 25, 1.5, los="nlos")
        for got, want in zip(los, [72.9380, 86.2362, 109.7252, 137.6794]):
            self.assertAlmostEqual(got, want, delta=0.05)
        for got, want in zip(nlos, [82.5131, 106.1356, 144.7641, 172.0753]):
            self.assertAlmostEqual(got, want, delta=0.05)

    def test_hata_and_p1411_match_ns3_vectors(self):
        self.assertAlmostEqual(prop.path_loss_db("hata", 869e6, 2000, 30, 1,
                                                 environment="urban-large"), 137.93, delta=0.1)
        self.assertAlmostEqual(prop.path_loss_db("p1411-los", 2.114e9, 100, 30, 1), 81.005,
                               delta=0.1)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", prop.PropagationRangeWarning)
            self.assertAlmostEqual(prop.path_loss_db("cost231-hata", 2.114e9, 2000, 30, 1),
                                   150.64, delta=0.1)

    def test_scalar_in_scalar_out_sequence_in_list_out(self):
        self.assertIsInstance(prop.path_loss_db("fspl", 3.5e9, 2385.0, 30, 1.5), float)
        out = prop.path_loss_db("38901-rma", 3.5e9, (100, 200), 35, 1.5)
        self.assertIsInstance(out, list)
        self.assertEqual(len(out), 2)

    @unittest.skipIf(np is None, "numpy not installed")
    def test_numpy_in_numpy_out_with_shape(self):
        d = np.linspace(20, 2385, 12).reshape(3, 4)
        out = prop.path_loss_db("38901-umi", 3.5e9, d, 10, 1.5, los="nlos")
        self.assertIsInstance(out, np.ndarray)
        self.assertEqual(out.shape, (3, 4))
        self.assertTrue(np.all(np.diff(out.ravel()) > 0))

    @unittest.skipIf(np is None, "numpy not installed")
    def test_numpy_broadcasts_scalars_and_matches_the_list_path(self):
        d = np.array([[12.5, 238.5], [2385.0, 4999.0]])
        fast = prop.path_loss_db("38901-uma", 3.5e9, d, 25.0, 1.5, los="nlos")
        slow = prop.path_loss_db("38901-uma", 3.5e9, d.ravel().tolist(), 25.0, 1.5, los="nlos")
        self.assertEqual(fast.shape, (2, 2))
        for a, b in zip(fast.ravel(), slow):
            self.assertEqual(a, b)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", prop.PropagationRangeWarning)
            _, flags = prop.path_loss_db("38901-uma", 3.5e9, np.array([5.0, 100.0]), 25, 1.5,
                                         return_flags=True)
        self.assertEqual(flags.tolist(), [1, 0])
        with self.assertRaises(DxError):
            prop.path_loss_db("38901-uma", 3.5e9, np.array([100.0, np.nan]), 25, 1.5)

    def test_outside_range_warns_and_flags(self):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            loss, flags = prop.path_loss_db("hata", 3.5e9, [500, 2385], 30, 1.5,
                                            return_flags=True)
        self.assertTrue(any(issubclass(w.category, prop.PropagationRangeWarning)
                            for w in caught))
        self.assertIn("150-1500 MHz", str(caught[-1].message))
        self.assertEqual(flags, [1, 1])
        self.assertTrue(all(math.isfinite(x) for x in loss))

    def test_invalid_input_raises_with_index_value_and_unit(self):
        with self.assertRaises(DxError) as ctx:
            prop.path_loss_db("38901-uma", 3.5e9, [100, -2.385], 25, 1.5)
        self.assertEqual(ctx.exception.name, "DX_EDOMAIN")
        self.assertIn("d2d_m[1] = -2.385 m", ctx.exception.message)
        with self.assertRaises(DxError) as ctx:
            prop.path_loss_db("38901-umx", 3.5e9, 100, 25, 1.5)
        self.assertEqual(ctx.exception.name, "DX_ENOTFOUND")
        with self.assertRaises(TypeError):
            prop.path_loss_db("38901-rma", 3.5e9, 100, 35, 1.5, roof_colour="red")

    def test_model_params_reach_the_model(self):
        a = prop.path_loss_db("38901-rma", 3.5e9, 2385, 35, 1.5, los="nlos")
        b = prop.path_loss_db("38901-rma", 3.5e9, 2385, 35, 1.5, los="nlos", h_building_m=15,
                              street_width_m=30)
        self.assertNotAlmostEqual(a, b, places=3)
        ld = prop.path_loss_db("log-distance", 2.4e9, 20, 0, 0, pl0_db=40.045997, exponent=3)
        self.assertAlmostEqual(ld, 40.045997 + 30 * math.log10(20), places=9)
        self.assertEqual(prop.params_defaults()["h_building_m"], 5.0)
        self.assertEqual(len(prop.model_names()), 15)


class LosAndShadowingTest(unittest.TestCase):
    def test_los_probability_table_7_4_2_1(self):
        self.assertAlmostEqual(prop.los_probability("38901-uma", 100), 0.347671, places=6)
        self.assertAlmostEqual(prop.los_probability("38901-umi", 50), 0.519585, places=6)
        self.assertAlmostEqual(prop.los_probability("38901-inh", 60, inh_open_office=True),
                               0.512658, places=6)
        self.assertAlmostEqual(prop.los_probability("38901-inf-sl", 30, clutter_density=0.2),
                               0.512, places=6)

    def test_shadow_fading_sigma(self):
        self.assertEqual(prop.shadow_fading_sigma_db("38901-umi", "nlos", 3.5e9), 7.82)
        self.assertEqual(prop.shadow_fading_sigma_db("38901-rma", "los", 3.5e9, 8000), 6.0)
        with self.assertRaises(DxError):
            prop.shadow_fading_sigma_db("hata", "los", 900e6)


class ItuTest(unittest.TestCase):
    def test_p838_and_p676_match_itu_validation_examples(self):
        k, a = prop.p838_coefficients(29, 40.232036, 0)
        self.assertAlmostEqual(k, 0.22031404, places=5)
        self.assertAlmostEqual(a, 0.9504446, places=5)
        g = prop.p838_specific_attenuation_db_per_km(29, 50.639304, 22.27833468, 0)
        self.assertAlmostEqual(g, 9.42430244, places=5)
        go, gw = prop.p676_specific_attenuation_db_per_km(60, 1013.25, 288.15, 7.5)
        self.assertAlmostEqual(go, 14.6234748, places=5)
        self.assertAlmostEqual(gw, 0.154841841, places=5)

    def test_p2108_and_p2109_match_ntia_and_sg3(self):
        self.assertAlmostEqual(prop.p2108_height_gain_correction_db(1.5, 2, 27, 20,
                                                                    "dense-urban"),
                               27.1, delta=0.1)
        self.assertAlmostEqual(prop.p2108_terrestrial_clutter_loss_db(26.6, 15.8, 45), 32.5,
                               delta=0.1)
        self.assertAlmostEqual(prop.p2108_earth_space_clutter_loss_db(10, 10.5, 45), 12.4,
                               delta=0.1)
        self.assertAlmostEqual(prop.p2109_building_entry_loss_db(28, 50.11872, 0,
                                                                 "thermally-efficient"),
                               41.732, delta=0.01)

    def test_p833_p526_and_terrain_diffraction(self):
        self.assertAlmostEqual(prop.p833_vegetation_loss_db(949e6, 20), 3.1908, places=3)
        j = prop.p526_knife_edge_loss_db([-0.5, 0, 0.5, 1, 2, 3])
        for got, want in zip(j, [1.96, 6.03, 10.29, 13.93, 19.04, 22.42]):
            self.assertAlmostEqual(got, want, delta=0.005)
        lb = prop.diffraction_loss_db("bullington", [0, 2e3, 4e3, 6e3, 1e4], [0, 0, 60, 0, 0],
                                      1e9, 30, 30)
        self.assertAlmostEqual(lb, 27.1969, places=3)
        with self.assertRaises(ValueError):
            prop.diffraction_loss_db("fresnel", [0, 1, 2], [0, 0, 0], 1e9, 1, 1)


if __name__ == "__main__":
    unittest.main()
