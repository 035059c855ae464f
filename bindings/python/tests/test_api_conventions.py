"""Public API conventions of the Python binding (issue 13).

1. Every public function and method of every dxsim module has type annotations for its
   parameters and its return, the annotations resolve (typing.get_type_hints), and it has a
   docstring; a function whose name carries a unit (_db, _m, _hz, _jpy ...) names that unit
   in its docstring.
2. py.typed ships in the wheel the offline build backend makes (PEP 561).
3. numpy conventions, for every function that takes arrays: inputs of shapes (2, 1) and
   (1, 2) give a (2, 2) result (numpy broadcasting) or a DxError that says why; numpy
   integer scalars are accepted wherever ints are; NaN, negative and fractional sizes and
   indexes are refused with DxError. The numpy parts are skipped, with a message, when
   numpy is absent.
"""
import importlib
import inspect
import math
import os
import pkgutil
import sys
import tarfile
import tempfile
import typing
import unittest
import zipfile

import dxsim
from dxsim import (calibrate, capacity, cost, coverage, finance, geo, itm, link, phy,  # noqa: F401
                   propagation, terrain, uncertainty)
from dxsim._lib import DxError

try:
    import numpy as np
except ImportError:  # pragma: no cover - depends on the machine
    np = None

PKG_DIR = os.path.dirname(os.path.abspath(dxsim.__file__))
needs_numpy = unittest.skipIf(np is None, "numpy is not installed: numpy conventions not checked")


def _public_modules():
    mods = [dxsim]
    for m in pkgutil.iter_modules(dxsim.__path__):
        if not m.name.startswith("_"):
            mods.append(importlib.import_module(f"dxsim.{m.name}"))
    return mods


def _public_callables():
    """(qualified name, function) of every public function, method and property getter
    defined in a public dxsim module (ctypes Structure fields are data, not API)."""
    out = []
    seen = set()
    for mod in _public_modules():
        for name, obj in sorted(vars(mod).items()):
            # defined here, or re-exported through __all__ (DxError lives in dxsim._lib)
            if name.startswith("_") or (getattr(obj, "__module__", None) != mod.__name__
                                        and name not in getattr(mod, "__all__", ())):
                continue
            if id(obj) in seen or inspect.ismodule(obj):
                continue
            seen.add(id(obj))
            if inspect.isfunction(obj):
                out.append((f"{mod.__name__}.{name}", obj))
            elif inspect.isclass(obj):
                for mname, m in sorted(vars(obj).items()):
                    if mname.startswith("_") and mname != "__init__":
                        continue
                    f = m.__func__ if isinstance(m, (staticmethod, classmethod)) else m
                    if isinstance(m, property):
                        f = m.fget
                    if inspect.isfunction(f):
                        out.append((f"{mod.__name__}.{name}.{mname}", f))
    return out


# Unit suffix of a function name -> words one of which its docstring must contain.
UNIT_WORDS = {"_db": ("dB",), "_dbm": ("dBm",), "_dbi": ("dBi",), "_m": (" m", "metre", "(m"),
              "_m2": ("m²", "m2", "square metre"), "_hz": ("Hz",), "_mhz": ("MHz",),
              "_jpy": ("JPY", "yen", "円"), "_mbps": ("Mbit/s", "Mbps"), "_bps": ("bit/s",),
              "_s": ("second", " s", "(s"), "_years": ("year",), "_deg": ("deg",),
              "_ratio": ("ratio", "0..1", "fraction"), "_db_per_km": ("dB/km",),
              "_bps_per_hz": ("bit/s/Hz",), "_bytes": ("byte",)}


class Annotations(unittest.TestCase):
    def test_the_walk_finds_the_api(self):
        names = {n for n, _ in _public_callables()}
        self.assertGreater(len(names), 150)
        for n in ("dxsim.run_scenario", "dxsim.finance.npv", "dxsim.coverage.CoverageResult.layer",
                  "dxsim.terrain.Dem.loss_grid", "dxsim.geo.Area.contains", "dxsim.sweep.run"):
            self.assertIn(n, names)

    def test_every_public_function_is_annotated_and_documented(self):
        problems = []
        for qn, f in _public_callables():
            sig = inspect.signature(f)
            missing = [p for p, v in sig.parameters.items()
                       if v.annotation is inspect.Parameter.empty and p not in ("self", "cls")]
            if missing:
                problems.append(f"{qn}: parameters without annotation: {', '.join(missing)}")
            if sig.return_annotation is inspect.Signature.empty:
                problems.append(f"{qn}: no return annotation")
            try:
                typing.get_type_hints(f)
            except Exception as exc:  # a name used in an annotation but never imported
                problems.append(f"{qn}: annotations do not resolve: {exc!r}")
            if not f.__name__ == "__init__" and not (inspect.getdoc(f) or "").strip():
                problems.append(f"{qn}: no docstring")
        self.assertEqual(problems, [], "\n".join(problems))

    def test_docstrings_name_the_unit_of_the_result(self):
        problems = []
        for qn, f in _public_callables():
            doc = inspect.getdoc(f) or ""
            suffix = max((s for s in UNIT_WORDS if f.__name__.endswith(s)), key=len, default=None)
            if suffix and not any(w in doc for w in UNIT_WORDS[suffix]):
                problems.append(f"{qn}: docstring does not name the unit ({UNIT_WORDS[suffix]})")
        self.assertEqual(problems, [], "\n".join(problems))

    def test_public_classes_are_documented(self):
        missing = [f"{m.__name__}.{n}" for m in _public_modules() for n, c in vars(m).items()
                   if inspect.isclass(c) and not n.startswith("_") and c.__module__ == m.__name__
                   and not (c.__doc__ or "").strip()]
        self.assertEqual(missing, [])


class Packaging(unittest.TestCase):
    def test_py_typed_is_in_the_package_and_in_the_wheel(self):
        self.assertTrue(os.path.isfile(os.path.join(PKG_DIR, "py.typed")))
        build_dir = os.path.join(PKG_DIR, "..", "_build")
        sys.path.insert(0, build_dir)
        try:
            backend = importlib.import_module("dxsim_build")
        finally:
            sys.path.remove(build_dir)
        with tempfile.TemporaryDirectory() as d:
            name = backend.build_wheel(d)
            with zipfile.ZipFile(os.path.join(d, name)) as z:
                names = set(z.namelist())
        self.assertIn("dxsim/py.typed", names)
        self.assertIn("dxsim/_args.py", names)
        with tempfile.TemporaryDirectory() as d:
            name = backend.build_sdist(d)
            with tarfile.open(os.path.join(d, name)) as t:
                self.assertTrue(any(n.endswith("/dxsim/py.typed") for n in t.getnames()))

    def test_every_name_in_all_exists(self):
        for mod in _public_modules():
            for name in getattr(mod, "__all__", []):
                with self.subTest(module=mod.__name__, name=name):
                    self.assertTrue(hasattr(mod, name))


# ---- numpy conventions ---------------------------------------------------------------
def _demo_dem():
    dem = terrain.Dem()
    heights = [[float(10 * (r + c)) for c in range(21)] for r in range(21)]
    dem.add_grid(35.0, 139.0, 0.001, 0.001, heights)
    return dem


def _array_calls():
    """(name, f(a, b)) for every public function taking arrays: a and b are placed in two
    array arguments (the other arguments are scalars), the result must broadcast."""
    fit = {"offset_db": 1.0, "slope_db_per_decade": 2.0, "d_ref_m": 1000.0, "extra_coef": []}
    dem = _demo_dem()
    return [
        ("propagation.path_loss_db", lambda a, b: propagation.path_loss_db(
            "38901-uma", 3.5e9, 100 * a, 25.0, b)),
        ("propagation.los_probability", lambda a, b: propagation.los_probability(
            "38901-uma", 100 * a, b)),
        ("propagation.shadow_fading_sigma_db", lambda a, b: propagation.shadow_fading_sigma_db(
            "38901-rma", "los", 1e9 * a, 100 * b)),
        ("propagation.p838_coefficients[0]", lambda a, b: propagation.p838_coefficients(
            10 * a, 10 * b, 45.0)[0]),
        ("propagation.p838_specific_attenuation_db_per_km",
         lambda a, b: propagation.p838_specific_attenuation_db_per_km(10 * a, 20 * b, 0, 0)),
        ("propagation.p676_specific_attenuation_db_per_km[1]",
         lambda a, b: propagation.p676_specific_attenuation_db_per_km(
             20 * a, 1013.0, 288.0, 7.5 * b)[1]),
        ("propagation.p2108_height_gain_correction_db",
         lambda a, b: propagation.p2108_height_gain_correction_db(a, 5 * b)),
        ("propagation.p2108_terrestrial_clutter_loss_db",
         lambda a, b: propagation.p2108_terrestrial_clutter_loss_db(a, 2 * b, 50.0)),
        ("propagation.p2108_earth_space_clutter_loss_db",
         lambda a, b: propagation.p2108_earth_space_clutter_loss_db(a + 10, 30 * b, 50.0)),
        ("propagation.p2109_building_entry_loss_db",
         lambda a, b: propagation.p2109_building_entry_loss_db(a, 40 * b)),
        ("propagation.p833_vegetation_loss_db",
         lambda a, b: propagation.p833_vegetation_loss_db(1e9 * a, 10 * b)),
        ("propagation.p526_knife_edge_loss_db",
         lambda a, b: propagation.p526_knife_edge_loss_db(a - b)),
        ("link.thermal_noise_dbm", lambda a, b: link.thermal_noise_dbm(1e6 * a, 5 * b)),
        ("link.eirp_dbm", lambda a, b: link.eirp_dbm(10 * a, b)),
        ("link.sinr_db", lambda a, b: link.sinr_db(-80 * a, -100 * b)),
        ("link.received_power_dbm", lambda a, b: link.received_power_dbm(100 * a + b)),
        ("link.antenna_gain_dbi", lambda a, b: link.antenna_gain_dbi(10 * a, 90 * b)),
        ("phy.shannon_attenuated_bps_per_hz",
         lambda a, b: phy.shannon_attenuated_bps_per_hz(10 * a + b)),
        ("phy.throughput_mbps", lambda a, b: phy.throughput_mbps("l5g-sub6", 10 * a,
                                                                 20 * b)),
        ("uncertainty.quantile", lambda a, b: uncertainty.quantile(("normal", 0, 1),
                                                                   (a + b) / 5)),
        ("geo.project[0]", lambda a, b: geo.project(6677, 35 + a / 10, 139 + b / 10)[0]),
        ("geo.unproject[0]", lambda a, b: geo.unproject(6677, 100 * a, 100 * b)[0]),
        ("geo.inverse[0]", lambda a, b: geo.inverse(35.0, 139.0, 35 + a / 10, 139 + b / 10)[0]),
        ("geo.direct[0]", lambda a, b: geo.direct(35.0, 139.0, 10 * a, 100 * b)[0]),
        ("geo.Area.contains", lambda a, b: geo.Area().add_ring(
            [35.0, 35.0, 36.0, 36.0], [139.0, 140.0, 140.0, 139.0]).contains(
                35 + a / 4, 139 + b / 4)),
        ("terrain.Dem.elevation_m", lambda a, b: dem.elevation_m(35 + a / 200,
                                                                 139 + b / 200)),
        ("terrain.Dem.loss_grid[0]", lambda a, b: dem.loss_grid(
            35.001, 139.001, 20.0, 920e6, 35 + a / 200, 139 + b / 200, 1.5,
            model="bullington", method="per-pixel")[0]),
        ("calibrate.apply", lambda a, b: calibrate.apply(fit, 100 * a, 100 * b)),
        ("calibrate.lora_signal_dbm", lambda a, b: calibrate.lora_signal_dbm(-100 * a,
                                                                            -5 * b)),
        ("coverage.points[rx_dbm]", lambda a, b: coverage.points(
            "halow", [(0, 0)], 100 * a, 100 * b)["rx_dbm"]),
        ("coverage.points[best_cell]", lambda a, b: coverage.points(
            "halow", [(0, 0), (300, 0)], 100 * a, 100 * b)["best_cell"]),
        # per-sample sequences (a profile, a polyline, samples): refused with the shape
        ("coverage.local_to_geo[0]", lambda a, b: coverage.local_to_geo(35.0, 139.0, a, b)[0]),
        ("coverage.geo_to_local[0]", lambda a, b: coverage.geo_to_local(35.0, 139.0, 35 + a / 100,
                                                                        139 + b / 100)[0]),
        ("coverage.route", lambda a, b: coverage.route("halow", [(0, 0)], 100 * a, 100 * b)),
        ("propagation.diffraction_loss_db", lambda a, b: propagation.diffraction_loss_db(
            "deygout", 1e3 * a, b, 1e9, 30, 30)),
        ("terrain.clearance", lambda a, b: terrain.clearance(1e3 * a, b, 10, 10, 1e9)),
        ("itm.p2p_loss_db", lambda a, b: itm.p2p_loss_db(10, 2, a * b, 100, 1e9)),
        ("calibrate.fit_losses", lambda a, b: calibrate.fit_losses(100 * a, 80 + b, 81 + b)),
        ("calibrate.fit", lambda a, b: calibrate.fit("hata", 920e6, 100 * a, 80 + b, 30, 1.5)),
        ("capacity.nr_cell_throughput_mbps", lambda a, b: capacity.nr_cell_throughput_mbps(
            a * b)),
        ("geo.Area.add_ring", lambda a, b: geo.Area().add_ring(35 + a, 139 + b)),
        ("cost.npv_draws", lambda a, b: cost.npv_draws(
            [{"category": "equipment", "unit_price_jpy": 1e6}], [0], a, 0.04 * b)),
        ("finance.npv", lambda a, b: finance.npv(0.04, -a * b)),
        ("finance.irr", lambda a, b: finance.irr(a - b)),
        ("finance.irr_roots", lambda a, b: finance.irr_roots(a - b)),
        ("finance.payback_years", lambda a, b: finance.payback_years(a - b)),
        ("finance.benefit_cost", lambda a, b: finance.benefit_cost(0.04, a, b)),
    ]


# Functions of the table that take 1-D per-sample series (refused for 2-D inputs).
_PER_SAMPLE = ("coverage.local_to_geo[0]", "coverage.geo_to_local[0]", "coverage.route",
               "propagation.diffraction_loss_db", "terrain.clearance", "itm.p2p_loss_db",
               "calibrate.fit_losses", "calibrate.fit", "capacity.nr_cell_throughput_mbps",
               "geo.Area.add_ring", "cost.npv_draws", "finance.npv", "finance.irr",
               "finance.irr_roots", "finance.payback_years", "finance.benefit_cost")


@needs_numpy
class NumpyBroadcasting(unittest.TestCase):
    def test_2x1_by_1x2_gives_2x2_for_every_array_function(self):
        a = np.array([[1.0], [2.0]])
        b = np.array([[1.0, 2.0]])
        for name, f in _array_calls():
            with self.subTest(function=name):
                try:
                    out = f(a, b)
                except DxError as exc:  # refusal is allowed when it says why
                    self.assertIn("shape", exc.message)
                    continue
                self.assertEqual(np.shape(out), (2, 2), f"{name} returned {np.shape(out)}")
                # element (i, j) equals the scalar call
                one = float(np.asarray(f(np.array(2.0), np.array(1.0))).reshape(()))
                self.assertTrue(math.isclose(float(np.asarray(out)[1, 0]), one,
                                             rel_tol=1e-12), f"{name}: {out} vs {one}")

    def test_empty_and_non_contiguous_arrays(self):
        """Empty inputs give empty results (no C call reads a 0-length buffer); transposed
        (non-contiguous) arrays give what their contiguous copies give."""
        grid = np.arange(1.0, 13.0).reshape(3, 4)
        nc, c = grid.T / 6, np.ascontiguousarray(grid.T) / 6
        self.assertFalse(nc.flags["C_CONTIGUOUS"])
        for name, f in _array_calls():
            if name in _PER_SAMPLE:
                continue
            with self.subTest(function=name):
                self.assertEqual(np.shape(f(np.zeros(0), np.zeros(0))), (0,))
                outs = []
                for x in (nc, c):
                    try:
                        outs.append(np.asarray(f(x, x), dtype=float))
                    except DxError as exc:
                        outs.append(exc.message)
                if isinstance(outs[0], str):
                    self.assertEqual(outs[0], outs[1])
                else:
                    self.assertEqual(outs[0].shape, (4, 3))
                    self.assertTrue(np.allclose(outs[0], outs[1], equal_nan=True))

    def test_incompatible_shapes_are_refused_with_dxerror(self):
        a = np.array([1.0, 2.0, 3.0])
        b = np.array([1.0, 2.0])
        combined = ("propagation.p526_knife_edge_loss_db", "link.received_power_dbm",
                    "finance.npv", "finance.irr", "finance.irr_roots", "finance.payback_years",
                    "phy.shannon_attenuated_bps_per_hz", "uncertainty.quantile",
                    "itm.p2p_loss_db", "capacity.nr_cell_throughput_mbps")
        for name, f in _array_calls():
            if name in combined:
                continue  # a and b combined by numpy arithmetic before the call
            with self.subTest(function=name):
                with self.assertRaises(DxError) as cm:
                    f(a, b)
                self.assertRegex(cm.exception.message, "broadcast|differ in length|has [0-9]+ "
                                                       "values but|shape")

    def test_every_function_taking_arrays_is_in_the_table(self):
        """A function whose annotations mention ArrayLike must be covered above."""
        covered = {n.split("[")[0] for n, _ in _array_calls()}
        missing = []
        for qn, f in _public_callables():
            hints = typing.get_type_hints(f)
            if any(t in repr(h) for h in hints.values()
                   for t in ("ArrayLike", "ndarray", "Sequence[float]")):
                short = qn[len("dxsim."):]
                if short not in covered and short not in ("capacity.plan", "coverage.run"):
                    # their Sequence[float] arguments are a grid 5-tuple and polygon vertices
                    missing.append(short)
        self.assertEqual(missing, [])

    def test_bad_dtypes_are_refused_with_dxerror(self):
        for bad in (np.array([1 + 2j, 3 + 0j]), np.array(["1", "2"]), np.array([True, False]),
                    np.array([1.0, None], dtype=object)):
            for name, f in (("los_probability", lambda x: propagation.los_probability(
                    "38901-uma", x)), ("path_loss_db", lambda x: propagation.path_loss_db(
                        "fspl", 1e9, x, 10, 1.5)), ("local_to_geo", lambda x: coverage.local_to_geo(
                            35.0, 139.0, x, [0.0, 0.0])), ("npv", lambda x: finance.npv(0.04, x))):
                with self.subTest(function=name, dtype=str(bad.dtype)):
                    with self.assertRaises(DxError) as cm:
                        f(bad)
                    self.assertIn("dtype", cm.exception.message)

    def test_float32_and_integer_arrays_are_accepted(self):
        d32 = np.array([100.0, 200.0], dtype=np.float32)
        di = np.array([100, 200], dtype=np.int64)
        ref = propagation.los_probability("38901-uma", [100.0, 200.0])
        for d in (d32, di):
            out = propagation.los_probability("38901-uma", d)
            self.assertEqual(out.dtype, np.float64)
            self.assertEqual(list(out), list(ref))


# Functions taking sizes / counts / indexes: (name, f(n), a valid n); n reaches C as size_t or
# int, or indexes a C array.
def _count_calls():
    dem = _demo_dem()
    return [
        ("finance.depreciation", lambda n: finance.depreciation("straight-line", 1e6, 5, n), 3),
        ("finance.declining_schedule",
         lambda n: finance.declining_schedule(1e6, 0.4, 0.5, 0.1, n), 3),
        ("finance.labour_benefit", lambda n: finance.labour_benefit(100, 2000, n), 3),
        ("finance.jp_straight_line_rate", finance.jp_straight_line_rate, 5),
        ("uncertainty.sample", lambda n: uncertainty.sample(("normal", 0, 1), n), 4),
        ("coverage.hex_site_area_m2", lambda n: coverage.hex_site_area_m2(100.0, n), 3),
        ("phy.wifi_rate_mbps", lambda n: phy.wifi_rate_mbps("ax", n, 20), 5),
        ("phy.lora_time_on_air_s", lambda n: phy.lora_time_on_air_s(7, 125e3, n), 10),
        ("geo.line_points", lambda n: geo.line_points(35.0, 139.0, 35.1, 139.1, n), 5),
        ("terrain.Dem.profile", lambda n: dem.profile(35.001, 139.001, 35.01, 139.01, n), 5),
        ("terrain.Dem.tile_cells", dem.tile_cells, 0),
        ("terrain.mesh_code", lambda n: terrain.mesh_code(35.0, 139.0, n), 3),
        ("itm.area_loss_db", lambda n: itm.area_loss_db(10, 1, 16e3, 0, 230e6, tx_siting=n), 1),
        # every other int-annotated parameter of the API (name, then the parameter)
        ("calibrate.fit_losses fast_fading_window",
         lambda n: calibrate.fit_losses([100, 200, 300, 400, 500], [80, 90, 95, 100, 103],
                                        [81, 92, 96, 101, 104], fast_fading_window=n), 0),
        ("capacity.lora_pdr_ratio n_channels",
         lambda n: capacity.lora_pdr_ratio(100, 24, 0.1, n), 2),
        ("capacity.lora_max_devices n_channels",
         lambda n: capacity.lora_max_devices(0.9, 24, 0.1, n), 2),
        ("capacity.lora_simulate_pdr seed",
         lambda n: capacity.lora_simulate_pdr(10, 24, 0.1, 1, duration_s=3600, seed=n), 2),
        ("coverage.hex_site_count sectors", lambda n: coverage.hex_site_count(1e6, 500, n), 3),
        ("coverage.indoor_ap_count n_floors", lambda n: coverage.indoor_ap_count(1000, n, 20), 2),
        ("finance.jp_declining_rates life_years", finance.jp_declining_rates, 5),
        ("geo.project epsg", lambda n: geo.project(n, 35.0, 139.0), 6677),
        ("itm.area_loss_db rx_siting",
         lambda n: itm.area_loss_db(10, 1, 16e3, 0, 230e6, rx_siting=n), 1),
        ("phy.lora_demod_snr_db sf", phy.lora_demod_snr_db, 7),
        ("phy.lora_sensitivity_dbm sf", lambda n: phy.lora_sensitivity_dbm(n, 125e3), 7),
        ("phy.lora_time_on_air_s sf", lambda n: phy.lora_time_on_air_s(n, 125e3, 10), 7),
        ("phy.lora_time_on_air_s coding_rate",
         lambda n: phy.lora_time_on_air_s(7, 125e3, 10, n), 1),
        ("phy.lora_time_on_air_s preamble_symbols",
         lambda n: phy.lora_time_on_air_s(7, 125e3, 10, preamble_symbols=n), 8),
        ("phy.lorawan_dr dr", phy.lorawan_dr, 2),
        ("phy.lorawan_max_app_rate_bps dr", phy.lorawan_max_app_rate_bps, 2),
        ("phy.lorawan_max_payload_bytes dr", phy.lorawan_max_payload_bytes, 2),
        ("phy.nr_cqi index", lambda n: phy.nr_cqi(1, n), 5),
        ("phy.nr_cqi table", lambda n: phy.nr_cqi(n, 5), 1),
        ("phy.nr_mcs index", lambda n: phy.nr_mcs(1, n), 5),
        ("phy.nr_mcs_required_sinr_db index", lambda n: phy.nr_mcs_required_sinr_db(1, n), 5),
        ("phy.nr_max_rate_mbps layers", lambda n: phy.nr_max_rate_mbps(100, 30, n, 8), 2),
        ("phy.nr_max_rate_mbps qm", lambda n: phy.nr_max_rate_mbps(100, 30, 2, n), 8),
        ("phy.wifi_mac_efficiency_ratio ampdu_max_mpdus",
         lambda n: phy.wifi_mac_efficiency_ratio("ax", 100, ampdu_max_mpdus=n), 8),
        ("phy.wifi_mac_efficiency_ratio n_stations",
         lambda n: phy.wifi_mac_efficiency_ratio("ax", 100, n_stations=n), 3),
        ("phy.wifi_rate_mbps nss", lambda n: phy.wifi_rate_mbps("ax", 5, 20, n), 2),
        ("phy.wifi_required_sinr_db mcs", lambda n: phy.wifi_required_sinr_db("ax", n, 20), 5),
        ("phy.wifi_sensitivity_dbm mcs", lambda n: phy.wifi_sensitivity_dbm("ax", n, 20), 5),
        ("uncertainty.sample seed", lambda n: uncertainty.sample(("normal", 0, 1), 2, n), 7),
        ("uncertainty.run draws",
         lambda n: uncertainty.run(lambda x: [x[0]], [("uniform", 1, 2)], draws=n), 50),
        ("uncertainty.run seed",
         lambda n: uncertainty.run(lambda x: [x[0]], [("uniform", 1, 2)], draws=20, seed=n), 5),
        ("uncertainty.run threads",
         lambda n: uncertainty.run(lambda x: [x[0]], [("uniform", 1, 2)], draws=20, threads=n), 1),
        ("uncertainty.run max_values",
         lambda n: uncertainty.run(lambda x: [x[0]], [("uniform", 1, 2)], draws=20, max_values=n),
             100),
    ]


# Optional parameters whose None means "the default" (not a bad size).
NONE_MEANS_DEFAULT = ("ampdu_max_mpdus", "n_stations", "max_values")


class Sizes(unittest.TestCase):
    def test_negative_nan_and_fractional_sizes_are_refused_with_dxerror(self):
        for name, f, good in _count_calls():
            for bad in (-1, math.nan, good + 0.5, str(good), None, 2 ** 64):
                if bad is None and name.endswith(NONE_MEANS_DEFAULT):
                    continue
                with self.subTest(function=name, value=bad):
                    with self.assertRaises(DxError):
                        f(bad)

    def test_whole_numbers_work(self):
        for name, f, good in _count_calls():
            with self.subTest(function=name):
                self.assertEqual(_plain(f(float(good))), _plain(f(good)))

    @needs_numpy
    def test_numpy_integer_scalars_work_where_ints_do(self):
        for name, f, good in _count_calls():
            for t in (np.int64, np.int32, np.uint16):
                with self.subTest(function=name, dtype=t.__name__):
                    self.assertEqual(_plain(f(t(good))), _plain(f(good)))


def _plain(x):
    """A comparable form of a result (numpy arrays to lists, NaN made equal)."""
    if np is not None and isinstance(x, np.ndarray):
        x = x.tolist()
    if isinstance(x, float) and math.isnan(x):
        return "nan"
    if isinstance(x, (list, tuple)):
        return [_plain(v) for v in x]
    if isinstance(x, dict):
        return {k: _plain(v) for k, v in x.items()}
    return x


class Scalars(unittest.TestCase):
    """A number where one is needed: strings (float("20") used to parse them), None and
    arrays of several values are refused with DxError naming the argument."""

    def test_non_numbers_are_refused(self):
        calls = [
            ("phy.wifi_rate_mbps bw_mhz", lambda v: phy.wifi_rate_mbps("ax", 5, v), 20.0),
            ("phy.lora_sensitivity_dbm bw_hz", lambda v: phy.lora_sensitivity_dbm(7, v), 125e3),
            ("capacity.lora_pdr_ratio n_devices",
             lambda v: capacity.lora_pdr_ratio(v, 24, 0.1), 100.0),
            ("cost.lease_payment price_jpy", lambda v: cost.lease_payment(v, 5, 0.03), 1e6),
            ("link.check_power_limit tx_power_dbm",
             lambda v: link.check_power_limit("halow", v, 2.0), 10.0),
            ("itm.area_loss_db d_m", lambda v: itm.area_loss_db(10, 1, v, 0, 230e6), 16e3),
            ("geo.plane_zone_epsg lat_deg", lambda v: geo.plane_zone_epsg(v, 138.5), 35.25),
            ("terrain.mesh_code lat_deg", lambda v: terrain.mesh_code(v, 138.5), 35.25),
            ("cost.cash_flows unit_price_jpy", lambda v: cost.cash_flows(
                [{"category": "equipment", "unit_price_jpy": v}]), 1e6),
        ]
        bads = ["20", None, [1.0, 2.0]] + ([np.array([1.0, 2.0])] if np is not None else [])
        for name, f, good in calls:
            f(good)
            if np is not None:
                self.assertEqual(_plain(f(np.float32(good))), _plain(f(float(np.float32(good)))))
            for bad in bads:
                with self.subTest(call=name, value=bad):
                    with self.assertRaises(DxError) as cm:
                        f(bad)
                    self.assertIn(name.split()[1], cm.exception.message)


class Distributions(unittest.TestCase):
    def test_numpy_scalars_are_fixed_values_and_wrong_arity_is_refused(self):
        self.assertEqual(uncertainty.sample(3, 2), [3.0, 3.0])
        if np is not None:
            self.assertEqual(uncertainty.sample(np.int64(3), 2), [3.0, 3.0])
            self.assertEqual(uncertainty.moments(("normal", np.float32(1), np.int16(2))),
                             (1.0, 2.0))
        # ("normal", 0, 1, 5) was cut to its first two values without a word
        for bad in (("normal", 0, 1, 5), ("pert", 1, 2), ("normal", "0", 1), ("fixed",)):
            with self.subTest(spec=bad):
                with self.assertRaises(DxError):
                    uncertainty.distribution(bad)

    def test_unknown_choices_are_refused(self):
        """Named choices: DxError (also a ValueError) listing the allowed names, where some
        used to fall back silently (interp, method, scheduler) or raise a bare KeyError."""
        dem = _demo_dem()
        cases = [
            # anything but "hex" used to mean "candidates", anything but "round-robin" and
            # "nearest" meant equal-rate and bilinear
            ("method", lambda: capacity.plan("halow", (0, 0, 25, 8, 8), method="hexagonal")),
            ("scheduler", lambda: capacity.nr_cell_throughput_mbps([10.0, 20.0], scheduler="pf")),
            ("interp", lambda: dem.elevation_m(35.005, 139.005, interp="cubic")),
            ("interp", lambda: dem.profile(35.001, 139.001, 35.01, 139.01, 5, interp="spline")),
            ("model", lambda: dem.loss_grid(35.001, 139.001, 20.0, 920e6, 35.01, 139.01, 1.5,
                                            model="hata")),
            ("family", lambda: capacity.wifi_saturation_bps(5, family="wifi8")),
            ("los", lambda: coverage.points("halow", [(0, 0)], [10.0], [0.0], los="maybe")),
            ("layer", lambda: coverage.points("halow", [(0, 0)], [10.0], [0.0],
                                              layers=["rx_dbm", "snr"])),
            ("clutter", lambda: propagation.p2108_height_gain_correction_db(3.5, 5, clutter="x")),
        ]
        for what, f in cases:
            with self.subTest(argument=what):
                with self.assertRaises(DxError) as cm:
                    f()
                self.assertIn(what, cm.exception.message)
                self.assertIn("allowed", cm.exception.message)
                self.assertIsInstance(cm.exception, ValueError)


class ArrayLengths(unittest.TestCase):
    """Per-sample arrays of different lengths are refused (they made C read past a buffer)."""

    def test_mismatched_lengths_are_refused(self):
        cases = [
            ("geo.Area.add_ring", lambda: geo.Area().add_ring([35.0, 35.0, 36.0], [139.0, 140.0])),
            ("terrain.clearance", lambda: terrain.clearance([0, 500, 1000], [0, 10], 10, 10,
                                                            1e9)),
            ("terrain.Dem.add_grid ragged", lambda: terrain.Dem().add_grid(
                35.0, 139.0, 0.01, 0.01, [[1.0, 2.0], [3.0]])),
            ("calibrate.fit_losses censored", lambda: calibrate.fit_losses(
                [100, 200, 300, 400], [80, 90, 95, 100], [81, 92, 96, 101],
                censored=[False, True])),
            ("calibrate.fit_losses groups", lambda: calibrate.fit_losses(
                [100, 200, 300, 400], [80, 90, 95, 100], [81, 92, 96, 101], groups=[1, 2])),
            ("calibrate.fit_losses model_pl_db", lambda: calibrate.fit_losses(
                [100, 200, 300, 400], [80, 90, 95], [81, 92, 96, 101])),
            ("calibrate.fit_losses extra ragged", lambda: calibrate.fit_losses(
                [100, 200, 300, 400], [80, 90, 95, 100], [81, 92, 96, 101],
                extra=[[1.0], [2.0, 3.0], [1.0], [1.0]])),
            ("calibrate.apply extra rows", lambda: calibrate.apply(
                {"offset_db": 0.0, "slope_db_per_decade": 0.0, "d_ref_m": 1000.0,
                 "extra_coef": [1.0]}, [100.0, 200.0], [80.0, 90.0], extra=[[1.0]])),
            ("itm.p2p_loss_db nan", lambda: itm.p2p_loss_db(10, 2, [0, math.nan, 0], 100,
                                                            1e9)),
        ]
        for name, f in cases:
            with self.subTest(case=name):
                with self.assertRaises(DxError) as cm:
                    f()
                self.assertTrue(cm.exception.message)


if __name__ == "__main__":
    unittest.main()
