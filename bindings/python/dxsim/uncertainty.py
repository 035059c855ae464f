"""Uncertainty engine (include/dxsim/uncertainty.h): distributions and seeded Monte Carlo.

    from dxsim import uncertainty as U
    res = U.run(lambda x: [x[0] * x[1], x[0] + x[1]],
                {"price_jpy": ("pert", 1.5e6, 2.5e6, 4.0e6), "units": ("uniform", 3, 7)},
                output_names=["capex_jpy", "other"], draws=10000, seed=1)
    res["outputs"]["capex_jpy"]["p90"], res["tornado"]["capex_jpy"][0]["input"]

A distribution is a number (fixed), a text such as "pert(1.5e6, 2.5e6, 4e6)",
a tuple (kind, ...) or a dict:
    ("normal", mean, sd)              {"kind": "normal", "mean": m, "sd": s}
    ("lognormal", mu, sigma)          {"kind": "lognormal", "mu": m, "sigma": s}
                                      {"kind": "lognormal", "median": m, "gsd": g}
    ("uniform", low, high)            {"kind": "uniform", "low": l, "high": h}
    ("triangular", low, mode, high)   {"kind": "triangular", "low": .., "mode": .., "high": ..}
    ("pert", low, mode, high)         {"kind": "pert", "low": .., "mode": .., "high": ..}
The model is any Python callable taking a list of floats and returning a
sequence of floats. With threads != 1 it is called from several C threads
(each call holds the GIL, so this is safe but not faster for Python models).

With batch=True the model is called once per block of draws
(dx_uncertainty_run_batch): it receives a 2-D array of shape
(n_draws, n_inputs) - a numpy array viewing the C buffer when numpy is
installed, else a list of rows - and returns the outputs as an array-like of
shape (n_draws, n_outputs) (or (n_draws,) for one output):

    res = U.run(lambda x: x[:, 0] * x[:, 1], {...}, output_names=["capex_jpy"],
                batch=True)

The draws are the same as with batch=False, so the results are identical.
Python holds the GIL during each call, so keep threads=1 for Python models.
"""
from __future__ import annotations

import ctypes
import math
import numbers
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from ._lib import DxError, check, declare, lib
from . import _args

#: Largest n of sample(): the library's default bound on stored Monte Carlo values
#: (DX_UNCERTAINTY_DEFAULT_MAX_VALUES, 10^8 doubles = 800 MB).
_MAX_SAMPLES = 100_000_000

__all__ = ["KINDS", "distribution", "to_text", "quantile", "moments", "sample", "run", "Options"]

KINDS = ("fixed", "normal", "lognormal", "uniform", "triangular", "pert")
_N_PARAMS = {"fixed": 1, "normal": 2, "lognormal": 2, "uniform": 2, "triangular": 3, "pert": 3}
_c_double, _c_size_t, _c_int = ctypes.c_double, ctypes.c_size_t, ctypes.c_int
_dp = ctypes.POINTER(ctypes.c_double)


class _Dist(ctypes.Structure):
    _fields_ = [("kind", _c_int), ("a", _c_double), ("b", _c_double), ("c", _c_double)]


class Options(ctypes.Structure):
    """dx_uncertainty_options (C field order); filled by dx_uncertainty_options_init."""
    _fields_ = [("version", ctypes.c_uint), ("draws", _c_size_t), ("seed", ctypes.c_ulong),
                ("threads", _c_int), ("tornado_low_ratio", _c_double),
                ("tornado_high_ratio", _c_double),
                # version 2
                ("batch_draws", _c_size_t), ("sampler", _c_int),
                # version 3
                ("max_values", _c_size_t)]


class _Summary(ctypes.Structure):
    _fields_ = [(n, _c_double) for n in ("base", "mean", "sd", "p10", "p50", "p90", "min", "max")]


class _Bar(ctypes.Structure):
    _fields_ = [("input", _c_size_t), ("input_low", _c_double), ("input_high", _c_double),
                ("output_low", _c_double), ("output_high", _c_double), ("swing", _c_double)]


_MODEL = ctypes.CFUNCTYPE(_c_int, _dp, _c_size_t, _dp, _c_size_t, ctypes.c_void_p)
_BATCH = ctypes.CFUNCTYPE(_c_int, _c_size_t, _dp, _c_size_t, _dp, _c_size_t, ctypes.c_void_p)
_vp = ctypes.c_void_p
_OPTIONS_VERSION = 3

try:  # optional: batch models get numpy arrays viewing the C buffers
    import numpy as _np
except ImportError:  # pragma: no cover - numpy is optional
    _np = None

_quantile = declare("dx_uncertainty_quantile", _c_int, [ctypes.POINTER(_Dist), _c_size_t, _dp, _dp])
_moments = declare("dx_uncertainty_moments", _c_int, [ctypes.POINTER(_Dist), _dp, _dp])
_sample = declare("dx_uncertainty_sample", _c_int,
                  [ctypes.POINTER(_Dist), ctypes.c_ulong, _c_size_t, _dp])
_parse = declare("dx_uncertainty_parse", _c_int, [ctypes.c_char_p, ctypes.POINTER(_Dist)])
_format = declare("dx_uncertainty_format", _c_int, [ctypes.POINTER(_Dist), ctypes.c_char_p, _c_size_t])
_opts_init = declare("dx_uncertainty_options_init", _c_int, [ctypes.POINTER(Options), ctypes.c_uint])
_opts_size = declare("dx_uncertainty_options_size", _c_size_t, [])
# no errcheck on run: a Python exception inside the model is re-raised instead
_run = declare("dx_uncertainty_run", _c_int,
               [_c_size_t, ctypes.POINTER(_Dist), _dp, _c_size_t, _MODEL, ctypes.c_void_p,
                ctypes.POINTER(Options), ctypes.POINTER(_vp)], errcheck=False)
_run_batch = declare("dx_uncertainty_run_batch", _c_int,
                     [_c_size_t, ctypes.POINTER(_Dist), _dp, _c_size_t, _BATCH, ctypes.c_void_p,
                      ctypes.POINTER(Options), ctypes.POINTER(_vp)], errcheck=False)
_free = declare("dx_uncertainty_result_free", None, [_vp])
_draws = declare("dx_uncertainty_result_draws", _c_size_t, [_vp])
_summary = declare("dx_uncertainty_result_summary", _c_int, [_vp, _c_size_t, ctypes.POINTER(_Summary)])
_percentile = declare("dx_uncertainty_result_percentile", _c_int, [_vp, _c_size_t, _c_double, _dp])
_prob_less = declare("dx_uncertainty_result_prob_less", _c_int, [_vp, _c_size_t, _c_size_t, _dp])
_out_draws = declare("dx_uncertainty_result_output_draws", _c_int, [_vp, _c_size_t, _c_size_t, _dp])
_tornado = declare("dx_uncertainty_result_tornado", _c_int,
                   [_vp, _c_size_t, _c_size_t, ctypes.POINTER(_Bar)])

if ctypes.sizeof(Options) != _opts_size():
    raise ImportError("dxsim.uncertainty: Options layout differs from the loaded libdxsim")


def distribution(spec: Any) -> "_Dist":
    """Convert a number / tuple / dict to the C struct (see the module docstring)."""
    if isinstance(spec, _Dist):
        return spec
    if isinstance(spec, numbers.Real) and not isinstance(spec, bool):  # numpy scalars too
        return _Dist(0, _args.real(spec, "distribution value"), 0.0, 0.0)
    if isinstance(spec, str):  # "pert(1.5e6, 2.5e6, 4e6)", the scenario-file form
        d = _Dist()
        _parse(spec.encode(), ctypes.byref(d))
        return d
    if isinstance(spec, dict):
        kind = spec["kind"]
        keys = {"fixed": ("value",), "normal": ("mean", "sd"), "lognormal": ("mu", "sigma"),
                "uniform": ("low", "high"), "triangular": ("low", "mode", "high"),
                "pert": ("low", "mode", "high")}.get(kind)
        if keys is None:
            raise ValueError(f"distribution kind = {kind!r} (allowed: {', '.join(KINDS)})")
        if kind == "lognormal" and "median" in spec:
            if spec["median"] <= 0 or spec["gsd"] <= 1:
                raise ValueError("lognormal needs median > 0 and gsd > 1")
            vals = (math.log(spec["median"]), math.log(spec["gsd"]))
        else:
            vals = tuple(_args.real(spec[k], f"distribution {k}") for k in keys)
        spec = (kind,) + vals
    kind, *vals = spec
    if kind not in KINDS:
        raise ValueError(f"distribution kind = {kind!r} (allowed: {', '.join(KINDS)})")
    if len(vals) != _N_PARAMS[kind]:  # ("normal", 0, 1, 5) was cut to 2 values silently
        raise _args.ArgumentError(_args.DX_EINVAL, f"distribution {spec!r}: {kind} takes "
                                                   f"{_N_PARAMS[kind]} values, not {len(vals)}")
    vals = [_args.real(v, f"distribution {kind} value {i + 1}")
            for i, v in enumerate(vals)] + [0.0] * (3 - len(vals))
    return _Dist(KINDS.index(kind), *vals[:3])


def to_text(dist: Any) -> str:
    """The text form of a distribution, e.g. "pert(1, 2, 3)" (read back by distribution())."""
    buf = ctypes.create_string_buffer(160)
    _format(ctypes.byref(distribution(dist)), buf, len(buf))
    return buf.value.decode()


def quantile(dist: Any, p: Any) -> Any:
    """Inverse CDF (in the distribution's unit) at probability p (ratio 0..1; a number,
    sequence or array, broadcast shape kept)."""
    d = distribution(dist)
    (ps,), shape = _args.broadcast(p=p)
    arr_p = (_c_double * max(1, len(ps)))(*ps)
    out = (_c_double * max(1, len(ps)))()
    _quantile(ctypes.byref(d), len(ps), arr_p, out)
    return _args.restore_shape(out[:len(ps)], shape)


def moments(dist: Any) -> Tuple[float, float]:
    """(mean, sd) in closed form, in the distribution's unit."""
    d = distribution(dist)
    m, s = _c_double(), _c_double()
    _moments(ctypes.byref(d), ctypes.byref(m), ctypes.byref(s))
    return m.value, s.value


def sample(dist: Any, n: int, seed: int = 20250310) -> List[float]:
    """n seeded draws (list of floats, in the distribution's unit); draw k depends only on
    (seed, k). n is a whole number >= 0 (numpy integers accepted)."""
    d = distribution(dist)
    n = _args.count(n, "n", 0, _MAX_SAMPLES)
    out = (_c_double * max(1, n))()
    _sample(ctypes.byref(d), _args.count(seed, "seed", 0, 2 ** (8 * ctypes.sizeof(ctypes.c_ulong)) - 1),
            n, out)
    return list(out[:n])


def _batch_trampoline(model, errors):
    """C callback for a batch model: numpy views in and out when numpy is present."""
    def call(n, x, n_in, y, n_y, user):
        try:
            if _np is not None:
                xs = _np.ctypeslib.as_array(x, shape=(n, n_in))
                ys = _np.ctypeslib.as_array(y, shape=(n, n_y))
                vals = _np.asarray(model(xs), dtype=float)
                if vals.shape == (n,) and n_y == 1:
                    vals = vals.reshape(n, 1)
                if vals.shape != (n, n_y):
                    raise ValueError(f"batch model returned shape {vals.shape}, expected ({n}, {n_y})")
                ys[...] = vals
            else:
                rows = [[x[k * n_in + i] for i in range(n_in)] for k in range(n)]
                vals = list(model(rows))
                if len(vals) != n:
                    raise ValueError(f"batch model returned {len(vals)} rows, expected {n}")
                for k, row in enumerate(vals):
                    row = [row] if n_y == 1 and not hasattr(row, "__len__") else list(row)
                    if len(row) != n_y:
                        raise ValueError(f"batch model row {k} has {len(row)} outputs, expected {n_y}")
                    for j in range(n_y):
                        y[k * n_y + j] = float(row[j])
            return 0
        except BaseException as exc:  # noqa: BLE001 - re-raised after the C call
            if not errors:
                errors.append(exc)
            return -1
    return call


def run(model: Callable[..., Any], inputs: Any, output_names: Optional[Sequence[str]] = None,
        base: Any = None, draws: int = 10000, seed: int = 20250310, threads: int = 1,
        tornado: Tuple[float, float] = (0.10, 0.90), keep_draws: bool = False,
        batch: bool = False, batch_draws: int = 4096, sampler: str = "mt19937",
        max_values: Optional[int] = None) -> Dict[str, Any]:
    """Monte Carlo run of a Python model; returns plain dicts.

    inputs: a dict name -> distribution (ordered) or a list of distributions.
    output_names: names of the outputs (default: found by one call at the base values).
    base: base values (list or dict), default each distribution's median.
    batch: the model takes a block of draws (see the module docstring);
    batch_draws: draws per call (rounded up to a multiple of 256).
    sampler: "mt19937" (GSL streams per chunk, the default) or "counter" (the
    vectorised counter-based sampler: same distributions, other draws, faster).
    Returns {"draws", "seed", "inputs", "outputs": {name: {base, mean, sd, p10, p50, p90,
    min, max}}, "prob_less": {a: {b: P(a < b)}}, "tornado": {output: [bars, largest first]}}
    (plus "samples": {output: [...]} with keep_draws=True).
    max_values: bound on draws x outputs (default: the library's, 10^8; docs/robustness.md).
    """
    if isinstance(inputs, dict):
        names = list(inputs)
        specs = [inputs[k] for k in names]
    else:
        specs = list(inputs)
        names = [f"x{i}" for i in range(len(specs))]
    dists = (_Dist * max(1, len(specs)))(*[distribution(s) for s in specs])
    if base is None:
        base_vals = [quantile(dists[i], 0.5) for i in range(len(specs))]
    elif isinstance(base, dict):
        missing = [k for k in names if k not in base]
        if missing:
            raise _args.ArgumentError(_args.DX_EINVAL, f"base has no value for {missing} "
                                                       f"(allowed: one per input)")
        base_vals = [_args.real(base[k], f"base[{k!r}]") for k in names]
    else:
        base_vals = _args.vector(base, "base")
        if len(base_vals) != len(specs):
            raise _args.ArgumentError(_args.DX_EINVAL, f"base has {len(base_vals)} values for "
                                                       f"{len(specs)} inputs (allowed: one each)")
    if output_names is None:
        if batch:
            rows = [list(base_vals)]
            probe = model(_np.array(rows, dtype=float) if _np is not None else rows)
            probe = _np.asarray(probe, dtype=float) if _np is not None else probe
            n_out = 1 if (_np is not None and probe.ndim == 1) else len(list(probe[0]))
        else:
            n_out = len(list(model(list(base_vals))))
        output_names = [f"y{j}" for j in range(n_out)]
    output_names = list(output_names)
    n_out = len(output_names)

    errors = []

    def _trampoline(x, n_in, y, n_y, user):
        try:
            vals = model([x[i] for i in range(n_in)])
            vals = list(vals)
            if len(vals) != n_y:
                raise ValueError(f"model returned {len(vals)} outputs, expected {n_y}")
            for j in range(n_y):
                y[j] = float(vals[j])
            return 0
        except BaseException as exc:  # noqa: BLE001 - re-raised after the C call
            if not errors:
                errors.append(exc)
            return -1

    # kept referenced until the call returns
    cb = _BATCH(_batch_trampoline(model, errors)) if batch else _MODEL(_trampoline)
    o = Options()
    check(_opts_init(ctypes.byref(o), _OPTIONS_VERSION))
    o.draws = _args.count(draws, "draws", 2)
    o.seed = _args.count(seed, "seed", 0, 2 ** (8 * ctypes.sizeof(ctypes.c_ulong)) - 1)
    o.threads = _args.c_int(threads, "threads", 0)
    if max_values is not None:
        o.max_values = _args.count(max_values, "max_values", 1)
    o.tornado_low_ratio = _args.real(tornado[0], "tornado[0]")
    o.tornado_high_ratio = _args.real(tornado[1], "tornado[1]")
    o.batch_draws = _args.count(batch_draws, "batch_draws", 1)
    samplers = ("mt19937", "counter")
    if sampler not in samplers:
        raise ValueError(f"sampler = {sampler!r} (allowed: {', '.join(samplers)})")
    o.sampler = samplers.index(sampler)
    base_arr = (_c_double * max(1, len(base_vals)))(*base_vals)
    res = _vp()
    runner = _run_batch if batch else _run
    st = runner(len(specs), dists, base_arr, n_out, cb, None, ctypes.byref(o), ctypes.byref(res))
    if errors:
        raise errors[0]
    check(st)
    try:
        outputs = {}
        s = _Summary()
        for j, name in enumerate(output_names):
            _summary(res, j, ctypes.byref(s))
            outputs[name] = {f: getattr(s, f) for f, _ in _Summary._fields_}
        prob = {}
        p = _c_double()
        for i, a in enumerate(output_names):
            prob[a] = {}
            for j, b in enumerate(output_names):
                _prob_less(res, i, j, ctypes.byref(p))
                prob[a][b] = p.value
        torn = {}
        bar = _Bar()
        for j, name in enumerate(output_names):
            bars = []
            for k in range(len(specs)):
                _tornado(res, j, k, ctypes.byref(bar))
                bars.append({"input": names[bar.input], "index": bar.input,
                             "input_low": bar.input_low, "input_high": bar.input_high,
                             "output_low": bar.output_low, "output_high": bar.output_high,
                             "swing": bar.swing})
            torn[name] = bars
        result = {"draws": _draws(res), "seed": int(seed), "inputs": names,
                  "outputs": outputs, "prob_less": prob, "tornado": torn}
        if keep_draws:
            n = _draws(res)
            buf = (_c_double * n)()
            result["samples"] = {}
            for j, name in enumerate(output_names):
                _out_draws(res, j, n, buf)
                result["samples"][name] = list(buf)
        return result
    finally:
        _free(res)
        del cb


_ = (DxError, lib)
