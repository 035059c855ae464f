"""Model calibration to measurements (include/dxsim/calibrate.h).

    from dxsim import calibrate
    r = calibrate.fit("hata", 920e6, d2d_m, path_loss_db, h_bs_m=20, h_ut_m=1.5)
    r["offset_db"], r["slope_db_per_decade"], r["sigma_db"], r["loo_rmse_db"], r["offset_ci_db"]
    calibrate.apply(r, d2d_m, model_pl_db)
    calibrate.lora_signal_dbm(rssi_dbm, snr_db)

PL_cal(d) = PL_model,NLOS(d) + offset_db + slope_db_per_decade log10(d / d_ref_m) + extras.
Censored samples (lost packets: loss >= the recorded bound) use a Tobit likelihood.
"""
import ctypes

from ._lib import as_sequence, broadcast, dbl_array, declare, out_array, restore_shape
from . import propagation as _prop

__all__ = ["fit", "fit_losses", "apply", "lora_signal_dbm"]

_d, _i, _u, _sz = ctypes.c_double, ctypes.c_int, ctypes.c_uint, ctypes.c_size_t
_dp = ctypes.POINTER(_d)
_ubp = ctypes.POINTER(ctypes.c_ubyte)
_ip = ctypes.POINTER(_i)
MAX_EXTRA = 8


class _Opts(ctypes.Structure):
    _fields_ = [("version", _u), ("d_ref_m", _d), ("fit_offset", _i), ("fit_slope", _i),
                ("n_extra", _sz), ("confidence_ratio", _d), ("fast_fading_window", _sz),
                ("max_iterations", _i)]


class _Cal(ctypes.Structure):
    _fields_ = [("offset_db", _d), ("slope_db_per_decade", _d), ("d_ref_m", _d),
                ("extra_coef", _d * MAX_EXTRA), ("n_extra", _sz), ("offset_ci_db", _d * 2),
                ("slope_ci_db_per_decade", _d * 2), ("extra_ci", (_d * 2) * MAX_EXTRA),
                ("sigma_db", _d), ("sigma_ci_db", _d * 2), ("sigma_location_db", _d),
                ("rmse_db", _d), ("bias_db", _d), ("model_rmse_db", _d),
                ("model_bias_db", _d), ("loo_rmse_db", _d), ("n_samples", _sz),
                ("n_censored", _sz), ("n_groups", _sz), ("censored_ml", _i)]


_oinit = declare("dx_calibrate_options_init", _i, [ctypes.POINTER(_Opts), _u])
_osize = declare("dx_calibrate_options_size", _sz, [])
_fit = declare("dx_calibrate_fit", _i,
               [_sz, _dp, _dp, _dp, _ubp, _dp, _ip, ctypes.POINTER(_Opts), ctypes.POINTER(_Cal)])
_fitm = declare("dx_calibrate_fit_model", _i,
                [_i, ctypes.POINTER(_prop._Params), _d, _d, _d, _sz, _dp, _dp, _ubp, _dp, _ip,
                 ctypes.POINTER(_Opts), ctypes.POINTER(_Cal)])
_apply = declare("dx_calibrate_apply", _i, [ctypes.POINTER(_Cal), _sz, _dp, _dp, _dp, _dp])
_lora = declare("dx_calibrate_lora_signal_dbm", _i, [_sz, _dp, _dp, _i, _dp])
if _osize() != ctypes.sizeof(_Opts):
    raise ImportError("dx_calibrate_options layout differs between the bindings and the library")


def _options(terms, extra_cols, d_ref_m, confidence, fast_fading_window):
    o = _Opts()
    _oinit(ctypes.byref(o), 1)
    terms = tuple(terms)
    unknown = [t for t in terms if t not in ("offset", "slope")]
    if unknown:
        raise ValueError(f"unknown terms {unknown} (allowed 'offset', 'slope'; extra columns "
                         "go in extra=)")
    o.fit_offset = 1 if "offset" in terms else 0
    o.fit_slope = 1 if "slope" in terms else 0
    o.n_extra = extra_cols
    o.d_ref_m = d_ref_m
    o.confidence_ratio = confidence
    o.fast_fading_window = fast_fading_window
    return o


def _result(c):
    k = c.n_extra
    return {"offset_db": c.offset_db, "slope_db_per_decade": c.slope_db_per_decade,
            "d_ref_m": c.d_ref_m, "extra_coef": list(c.extra_coef[:k]),
            "offset_ci_db": tuple(c.offset_ci_db),
            "slope_ci_db_per_decade": tuple(c.slope_ci_db_per_decade),
            "extra_ci": [tuple(c.extra_ci[i]) for i in range(k)],
            "sigma_db": c.sigma_db, "sigma_ci_db": tuple(c.sigma_ci_db),
            "sigma_location_db": c.sigma_location_db, "rmse_db": c.rmse_db,
            "bias_db": c.bias_db, "model_rmse_db": c.model_rmse_db,
            "model_bias_db": c.model_bias_db, "loo_rmse_db": c.loo_rmse_db,
            "n_samples": c.n_samples, "n_censored": c.n_censored, "n_groups": c.n_groups,
            "censored_ml": bool(c.censored_ml)}


def _common(d2d_m, path_loss_db, censored, extra, groups):
    d, _ = as_sequence(d2d_m)
    y, _ = as_sequence(path_loss_db)
    if len(d) != len(y):
        raise ValueError(f"d2d_m has {len(d)} samples, path_loss_db {len(y)}")
    n = len(d)
    cens = None if censored is None else (ctypes.c_ubyte * max(1, n))(
        *[1 if v else 0 for v in censored])
    ncol = 0
    ex = None
    if extra is not None:
        rows = [list(map(float, r)) for r in extra]
        if len(rows) != n:
            raise ValueError("extra needs one row per sample")
        ncol = len(rows[0]) if rows else 0
        ex = dbl_array([v for r in rows for v in r])
    gr = None if groups is None else (_i * max(1, n))(*[int(g) for g in _group_ids(groups)])
    return n, d, y, cens, ex, ncol, gr


def _group_ids(groups):
    ids = {}
    return [ids.setdefault(g, len(ids)) for g in groups]


def fit(model, fc_hz, d2d_m, path_loss_db, h_bs_m, h_ut_m, terms=("offset", "slope"),
        groups=None, censored=None, extra=None, d_ref_m=1000.0, confidence=0.95,
        fast_fading_window=0, **model_params):
    """Calibrate a propagation model (its NLOS formula) to measured path losses."""
    n, d, y, cens, ex, ncol, gr = _common(d2d_m, path_loss_db, censored, extra, groups)
    o = _options(terms, ncol, d_ref_m, confidence, fast_fading_window)
    mid = _prop._model(model)
    p = _prop._Params()
    _prop._params_init(ctypes.byref(p), 1)
    for k, v in model_params.items():
        setattr(p, k, v)
    c = _Cal()
    _fitm(mid, ctypes.byref(p), fc_hz, h_bs_m, h_ut_m, n, dbl_array(d), dbl_array(y), cens, ex,
          gr, ctypes.byref(o), ctypes.byref(c))
    out = _result(c)
    out["model"] = model
    return out


def fit_losses(d2d_m, model_pl_db, path_loss_db, terms=("offset", "slope"), groups=None,
               censored=None, extra=None, d_ref_m=1000.0, confidence=0.95,
               fast_fading_window=0):
    """Same with the model's path loss at each sample given (any model, e.g. ITM)."""
    n, d, y, cens, ex, ncol, gr = _common(d2d_m, path_loss_db, censored, extra, groups)
    m, _ = as_sequence(model_pl_db)
    o = _options(terms, ncol, d_ref_m, confidence, fast_fading_window)
    c = _Cal()
    _fit(n, dbl_array(d), dbl_array(m), dbl_array(y), cens, ex, gr, ctypes.byref(o),
         ctypes.byref(c))
    return _result(c)


def apply(result, d2d_m, model_pl_db, extra=None):
    """Calibrated path loss from a fit() result."""
    (d, m), shape = broadcast(d2d_m, model_pl_db)
    c = _Cal()
    c.offset_db = result["offset_db"]
    c.slope_db_per_decade = result["slope_db_per_decade"]
    c.d_ref_m = result["d_ref_m"]
    coefs = result.get("extra_coef", [])
    c.n_extra = len(coefs)
    for i, v in enumerate(coefs):
        c.extra_coef[i] = v
    n = len(d)
    ex = None
    if coefs:
        ex = dbl_array([float(v) for r in extra for v in r])
    out = out_array(n)
    _apply(ctypes.byref(c), n, dbl_array(d), dbl_array(m), ex, out)
    return restore_shape(out[:n], shape)


def lora_signal_dbm(rssi_dbm, snr_db, exact_all_snr=False):
    """Signal power from a Semtech chip's packet RSSI and SNR (see calibrate.h)."""
    (r, s), shape = broadcast(rssi_dbm, snr_db)
    n = len(r)
    out = out_array(n)
    _lora(n, dbl_array(r), dbl_array(s), 1 if exact_all_snr else 0, out)
    return restore_shape(out[:n], shape)
