"""Model calibration to measurements (include/dxsim/calibrate.h).

    from dxsim import calibrate
    r = calibrate.fit("hata", 920e6, d2d_m, path_loss_db, h_bs_m=20, h_ut_m=1.5)
    r["offset_db"], r["slope_db_per_decade"], r["sigma_db"], r["loo_rmse_db"], r["offset_ci_db"]
    calibrate.apply(r, d2d_m, model_pl_db)
    calibrate.lora_signal_dbm(rssi_dbm, snr_db)
    m = calibrate.read_csv("drive.csv", tx_dbm=16)   # the table `dxsim calibrate` reads
    calibrate.fit("hata", 920e6, m["d2d_m"], m["path_loss_db"], groups=m["group"],
                  censored=m["lost"], h_bs_m=30)

PL_cal(d) = PL_model,NLOS(d) + offset_db + slope_db_per_decade log10(d / d_ref_m) + extras.
Censored samples (lost packets: loss >= the recorded bound) use a Tobit likelihood.
"""
from __future__ import annotations

import ctypes
from typing import Any, Dict, Hashable, List, Mapping, Optional, Sequence, Tuple

from ._lib import broadcast, dbl_array, declare, out_array, restore_shape
from . import _args
from . import propagation as _prop
from ._args import ArrayLike, Count, Real, real, vector

__all__ = ["fit", "fit_losses", "apply", "lora_signal_dbm", "write_xml", "read_csv"]

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


class _Samples(ctypes.Structure):
    _fields_ = [("n", _sz), ("d2d_m", _dp), ("path_loss_db", _dp), ("lost", _ubp),
                ("group", _ip), ("n_groups", _sz), ("has_lost", _i), ("has_group", _i)]


class _CsvOpts(ctypes.Structure):
    _fields_ = [("version", _u), ("tx_dbm", _d), ("sensitivity_dbm", _d),
                ("site_lat_deg", _d), ("site_lon_deg", _d)]


_csv_oinit = declare("dx_calibrate_csv_options_init", _i, [ctypes.POINTER(_CsvOpts), _u])
_csv_osize = declare("dx_calibrate_csv_options_size", _sz, [])
_read_csv = declare("dx_calibrate_samples_read_csv", _i,
                    [ctypes.c_char_p, _sz, ctypes.c_char_p, ctypes.POINTER(_CsvOpts),
                     ctypes.POINTER(_Samples)])
_samples_dispose = declare("dx_calibrate_samples_dispose", None, [ctypes.POINTER(_Samples)])


def read_csv(path: Any, tx_dbm: Optional[Real] = None,
             sensitivity_dbm: Optional[Real] = None, site_lat: Optional[Real] = None,
             site_lon: Optional[Real] = None) -> Dict[str, Any]:
    """Read a measurement table as `dxsim calibrate` does (dx_calibrate_samples_parse_csv):
    d2d_m, or the positions lat, lon, site_lat, site_lon (degrees; the distance is the
    GRS80 geodesic and each site is a group unless a group column is given); path_loss_db,
    or rssi_dbm and snr_db (LoRa), or a received power rx_dbm / rsrp_dbm / rssi_dbm alone,
    with tx_dbm (EIRP + RX antenna gain, dBm; RSRP: RS EPRE + gains); optional lost (0/1,
    with sensitivity_dbm when no path_loss_db bound) and group. Returns lists d2d_m (m),
    path_loss_db (dB), lost (bool) and group (int ids, or None without groups), ready for
    fit(..., groups=r["group"], censored=r["lost"]). site_lat, site_lon (degrees, both or
    neither): the one site of a table of positions lat, lon without site columns (a drive
    test around one base station; `dxsim calibrate --site-lat --site-lon`)."""
    o = _CsvOpts()
    _csv_oinit(ctypes.byref(o), 1)
    if tx_dbm is not None:
        o.tx_dbm = real(tx_dbm, "tx_dbm")
    if sensitivity_dbm is not None:
        o.sensitivity_dbm = real(sensitivity_dbm, "sensitivity_dbm")
    if site_lat is not None:
        o.site_lat_deg = real(site_lat, "site_lat")
    if site_lon is not None:
        o.site_lon_deg = real(site_lon, "site_lon")
    # the name checked first: open(True) opened fd 1 and closed the process's stdout
    name = _args.path(path, "path")
    with open(name, "rb") as f:
        text = f.read()
    s = _Samples()
    _read_csv(text, len(text), name, ctypes.byref(o), ctypes.byref(s))
    try:
        n = s.n
        return {"d2d_m": s.d2d_m[:n], "path_loss_db": s.path_loss_db[:n],
                "lost": [bool(v) for v in s.lost[:n]],
                "group": s.group[:n] if s.has_group else None, "n_groups": s.n_groups}
    finally:
        _samples_dispose(ctypes.byref(s))


class _Info(ctypes.Structure):
    _fields_ = [("model", ctypes.c_char_p), ("fc_hz", _d), ("h_bs_m", _d), ("h_ut_m", _d),
                ("technology", ctypes.c_char_p), ("source", ctypes.c_char_p)]


_write = declare("dx_calibrate_write_xml", _i,
                 [ctypes.POINTER(_Cal), ctypes.POINTER(_Info), ctypes.c_char_p])
if _osize() != ctypes.sizeof(_Opts):
    raise ImportError("dx_calibrate_options layout differs between the bindings and the library")
if _csv_osize() != ctypes.sizeof(_CsvOpts):
    raise ImportError("dx_calibrate_csv_options layout differs between the bindings and the library")


def _options(terms: Sequence[str], extra_cols: int, d_ref_m: Real, confidence: Real,
             fast_fading_window: Count) -> _Opts:
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
    o.d_ref_m = real(d_ref_m, "d_ref_m")
    o.confidence_ratio = real(confidence, "confidence")
    o.fast_fading_window = _args.count(fast_fading_window, "fast_fading_window")
    return o


def _result(c: _Cal) -> Dict[str, Any]:
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


def _extra_rows(extra: Any, n: int) -> Tuple[Any, int]:
    """(flat C array, columns) of the per-sample extra regressors: n rows of equal length."""
    flat, rows, ncol = _args.matrix(extra, "extra")
    _args.same_length(range(rows), "extra (rows)", n, "d2d_m")
    if ncol > MAX_EXTRA:
        raise _args.ArgumentError(_args.DX_EINVAL, f"extra has {ncol} columns (allowed "
                                                   f"0..{MAX_EXTRA})")
    return dbl_array(flat), ncol


def _common(d2d_m: ArrayLike, path_loss_db: ArrayLike, censored: Optional[Sequence[bool]],
            extra: Any, groups: Optional[Sequence[Hashable]]) -> Tuple[Any, ...]:
    d = vector(d2d_m, "d2d_m")
    y = vector(path_loss_db, "path_loss_db")
    n = _args.vectors_same_length(d2d_m=d, path_loss_db=y)
    cens = None if censored is None else (ctypes.c_ubyte * max(1, n))(
        *_args.flags(censored, "censored", n, "d2d_m"))
    ncol = 0
    ex = None
    if extra is not None:
        ex, ncol = _extra_rows(extra, n)
    gr = None
    if groups is not None:
        ids = _group_ids(groups)
        _args.same_length(ids, "groups", n, "d2d_m")
        gr = (_i * max(1, n))(*ids)
    return n, d, y, cens, ex, ncol, gr


def _group_ids(groups: Sequence[Hashable]) -> List[int]:
    ids: Dict[Hashable, int] = {}
    if _args._np is not None and isinstance(groups, _args._np.ndarray):
        groups = groups.tolist()
    return [ids.setdefault(g, len(ids)) for g in groups]


def fit(model: str, fc_hz: Real, d2d_m: ArrayLike, path_loss_db: ArrayLike, h_bs_m: Real,
        h_ut_m: Real, terms: Sequence[str] = ("offset", "slope"),
        groups: Optional[Sequence[Hashable]] = None, censored: Optional[Sequence[bool]] = None,
        extra: Any = None, d_ref_m: Real = 1000.0, confidence: Real = 0.95,
        fast_fading_window: Count = 0, **model_params: Any) -> Dict[str, Any]:
    """Calibrate a propagation model (its NLOS formula) to measured path losses.

    fc_hz (Hz), h_bs_m / h_ut_m (m); d2d_m (m) and path_loss_db (dB): one value per sample,
    equal lengths; groups: a label per sample (e.g. the route) for the location sigma;
    censored: a bool per sample (lost packets, loss >= the recorded bound); extra: one row
    of regressors per sample (at most MAX_EXTRA columns); d_ref_m: reference distance (m)
    of the slope term; confidence: ratio (0.95) of the intervals; fast_fading_window:
    samples averaged (0 = none). Returns offset_db, slope_db_per_decade, sigma_db, their
    intervals, rmse_db, loo_rmse_db, n_samples ... and model."""
    n, d, y, cens, ex, ncol, gr = _common(d2d_m, path_loss_db, censored, extra, groups)
    o = _options(terms, ncol, d_ref_m, confidence, fast_fading_window)
    mid = _prop._model(model)
    p = _prop._Params()
    _prop._params_init(ctypes.byref(p), 1)
    for k, v in model_params.items():
        _args.set_field(p, k, v)
    c = _Cal()
    _fitm(mid, ctypes.byref(p), real(fc_hz, "fc_hz"), real(h_bs_m, "h_bs_m"),
          real(h_ut_m, "h_ut_m"), n, dbl_array(d), dbl_array(y), cens, ex,
          gr, ctypes.byref(o), ctypes.byref(c))
    out = _result(c)
    out["model"] = model
    return out


def fit_losses(d2d_m: ArrayLike, model_pl_db: ArrayLike, path_loss_db: ArrayLike,
               terms: Sequence[str] = ("offset", "slope"),
               groups: Optional[Sequence[Hashable]] = None,
               censored: Optional[Sequence[bool]] = None, extra: Any = None,
               d_ref_m: Real = 1000.0, confidence: Real = 0.95,
               fast_fading_window: Count = 0) -> Dict[str, Any]:
    """Same as fit with the model's path loss (dB) at each sample given (any model, e.g.
    ITM): d2d_m (m), model_pl_db (dB) and path_loss_db (dB) of equal lengths."""
    n, d, y, cens, ex, ncol, gr = _common(d2d_m, path_loss_db, censored, extra, groups)
    m = vector(model_pl_db, "model_pl_db")
    _args.same_length(m, "model_pl_db", n, "d2d_m")
    o = _options(terms, ncol, d_ref_m, confidence, fast_fading_window)
    c = _Cal()
    _fit(n, dbl_array(d), dbl_array(m), dbl_array(y), cens, ex, gr, ctypes.byref(o),
         ctypes.byref(c))
    return _result(c)


def _check_result(result: Any) -> None:
    """A fit() result is a dict (an array raised IndexError inside the binding)."""
    if not isinstance(result, Mapping) or "offset_db" not in result:
        raise _args.ArgumentError(_args.DX_EINVAL, f"result = {result!r:.60} (allowed: the dict "
                                                   f"fit() returns)")


def write_xml(result: Mapping[str, Any], path: Any, model: Optional[str] = None,
              fc_hz: Optional[Real] = None, h_bs_m: Optional[Real] = None,
              h_ut_m: Optional[Real] = None, technology: Optional[str] = None,
              source: Optional[str] = None) -> None:
    """Write a fit() result as the file a scenario reads with <calibration file="..."/>
    (dx_calibrate_write_xml; the same file as `dxsim calibrate --out`): the fitted
    offset, slope, d_ref and sigma, the validation figures (rmse_db, loo_rmse_db, bias_db,
    model_rmse_db, sigma_location_db, n_samples, n_censored, n_groups) and what the fit
    was made against."""
    _check_result(result)
    c = _Cal()
    for k in ("offset_db", "slope_db_per_decade", "d_ref_m", "sigma_db"):
        setattr(c, k, real(result[k], f"result['{k}']"))
    for k in ("sigma_location_db", "rmse_db", "bias_db", "model_rmse_db", "model_bias_db",
              "loo_rmse_db"):
        setattr(c, k, real(result.get(k, float("nan")), f"result['{k}']"))
    for k in ("n_samples", "n_censored", "n_groups"):  # size_t: -1 wrapped to 2**64 - 1
        _args.set_field(c, k, result.get(k, 0), f"result['{k}']")
    nan = float("nan")
    info = _Info(_args.text(model, "model") if model else None,
                 nan if fc_hz is None else real(fc_hz, "fc_hz"),
                 nan if h_bs_m is None else real(h_bs_m, "h_bs_m"),
                 nan if h_ut_m is None else real(h_ut_m, "h_ut_m"),
                 _args.text(technology, "technology") if technology else None,
                 _args.text(source, "source") if source else None)
    _write(ctypes.byref(c), ctypes.byref(info), _args.path(path, "path"))


def apply(result: Mapping[str, Any], d2d_m: ArrayLike, model_pl_db: ArrayLike,
          extra: Any = None) -> Any:
    """Calibrated path loss (dB) from a fit() result at distances d2d_m (m) where the model
    gives model_pl_db (dB); the two broadcast with numpy rules. extra: one row of regressors
    per point when the fit had extra columns."""
    _check_result(result)
    (d, m), shape = broadcast(d2d_m=d2d_m, model_pl_db=model_pl_db)
    c = _Cal()
    c.offset_db = real(result["offset_db"], "result['offset_db']")
    c.slope_db_per_decade = real(result["slope_db_per_decade"], "result['slope_db_per_decade']")
    c.d_ref_m = real(result["d_ref_m"], "result['d_ref_m']")
    coefs = vector(result.get("extra_coef", []), "result['extra_coef']")
    if len(coefs) > MAX_EXTRA:
        raise _args.ArgumentError(_args.DX_EINVAL, f"result['extra_coef'] has {len(coefs)} "
                                                   f"values (allowed 0..{MAX_EXTRA})")
    c.n_extra = len(coefs)
    for i, v in enumerate(coefs):
        c.extra_coef[i] = v
    n = len(d)
    ex = None
    if coefs:
        if extra is None:
            raise _args.ArgumentError(_args.DX_EINVAL, f"extra is None but the fit has "
                                                       f"{len(coefs)} extra columns")
        ex, ncol = _extra_rows(extra, n)
        _args.same_length(range(ncol), "extra (columns)", len(coefs), "result['extra_coef']")
    out = out_array(n)
    _apply(ctypes.byref(c), n, dbl_array(d), dbl_array(m), ex, out)
    return restore_shape(out[:n], shape)


def lora_signal_dbm(rssi_dbm: ArrayLike, snr_db: ArrayLike, exact_all_snr: bool = False) -> Any:
    """Signal power (dBm) from a Semtech chip's packet RSSI (dBm) and SNR (dB) (see
    calibrate.h); the two broadcast with numpy rules."""
    (r, s), shape = broadcast(rssi_dbm=rssi_dbm, snr_db=snr_db)
    n = len(r)
    out = out_array(n)
    _lora(n, dbl_array(r), dbl_array(s), 1 if exact_all_snr else 0, out)
    return restore_shape(out[:n], shape)
