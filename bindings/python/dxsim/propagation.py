"""Propagation models of libdxsim (include/dxsim/propagation.h): path loss and extra losses.

    from dxsim import propagation as prop
    prop.path_loss_db("38901-uma", 3.5e9, [100, 2385], 25, 1.5, los="nlos")
    prop.path_loss_db("hata", 869e6, 2000, 30, 1, environment="urban-large")   # 137.93 dB
    prop.los_probability("38901-uma", 100)                                       # 0.3477
    prop.shadow_fading_sigma_db("38901-umi", "nlos", 3.5e9)                      # 7.82
    prop.p838_specific_attenuation_db_per_km(29, 50, 22.3, 0)                    # 9.42 dB/km
    prop.p676_specific_attenuation_db_per_km(60, 1013.25, 288.15, 7.5)         # (14.62, 0.155)
    prop.p2108_terrestrial_clutter_loss_db(3.5, 1.0, 50)
    prop.p2109_building_entry_loss_db(28, 50, 0, "thermally-efficient")
    prop.p833_vegetation_loss_db(949e6, 20)                                      # 3.19 dB
    prop.p526_knife_edge_loss_db([-0.5, 0, 1])                                   # 1.96 6.03 13.93
    prop.diffraction_loss_db("deygout", [0, 2e3, 4e3, 6e3, 1e4], [0, 0, 60, 0, 0], 1e9, 30, 30)

Scalars or sequences in, the same shape out; numpy arrays are accepted and
returned when numpy is installed. Inputs outside a model's validity range are
computed and flagged: a RuntimeWarning (category PropagationRangeWarning) carries
the C message; pass return_flags=True to get the per-element flags
(bit 0x1 outside the range, 0x2 BS height differs from the scenario's nominal one).
Invalid inputs raise DxError (DX_EDOMAIN / DX_EINVAL) with the C message.
"""
from __future__ import annotations

import ctypes
from typing import Any, Dict, List, Optional, Sequence
import warnings

from ._lib import DxError, declare, lib
from . import _args
from ._args import ArrayLike, broadcast, dbl_array, out_array, restore_shape

__all__ = ["path_loss_db", "los_probability", "shadow_fading_sigma_db", "model_names",
           "params_defaults", "p838_coefficients", "p838_specific_attenuation_db_per_km",
           "p676_specific_attenuation_db_per_km", "p2108_height_gain_correction_db",
           "p2108_terrestrial_clutter_loss_db", "p2108_earth_space_clutter_loss_db",
           "p2109_building_entry_loss_db", "p833_vegetation_loss_db",
           "p526_knife_edge_loss_db", "diffraction_loss_db", "PropagationRangeWarning",
           "DxError"]

_d, _i, _u, _sz = ctypes.c_double, ctypes.c_int, ctypes.c_uint, ctypes.c_size_t
_dp = ctypes.POINTER(ctypes.c_double)
_ubp = ctypes.POINTER(ctypes.c_ubyte)
_szp = ctypes.POINTER(ctypes.c_size_t)


class PropagationRangeWarning(RuntimeWarning):
    """Some inputs lie outside the model's validity range (values are still computed)."""


class _Params(ctypes.Structure):
    """dx_propagation_params of include/dxsim/propagation.h, in C field order."""
    _fields_ = [("version", _u), ("los", _i), ("pl0_db", _d), ("d0_m", _d), ("exponent", _d),
                ("environment", _i), ("h_building_m", _d), ("street_width_m", _d),
                ("h_roof_m", _d), ("building_separation_m", _d),
                ("street_orientation_deg", _d), ("building_extent_m", _d), ("h_e_m", _d),
                ("inh_open_office", _i), ("clutter_density_ratio", _d),
                ("clutter_size_m", _d), ("clutter_height_m", _d)]


_PARAMS_VERSION = 1
_params_init = declare("dx_propagation_params_init", _i, [ctypes.POINTER(_Params), _u])
_params_size = declare("dx_propagation_params_size", _sz, [])
_from_name = declare("dx_propagation_model_from_name", _i, [ctypes.c_char_p, ctypes.POINTER(_i)])
_name = declare("dx_propagation_model_name", ctypes.c_char_p, [_i])
_pl = declare("dx_propagation_path_loss_db", _i,
              [_i, ctypes.POINTER(_Params), _sz, _dp, _dp, _dp, _dp, _dp, _ubp, _szp])
_losp = declare("dx_propagation_los_probability_bs", _i,
                [_i, ctypes.POINTER(_Params), _sz, _dp, _dp, _dp, _dp])
_sigma = declare("dx_propagation_shadow_fading_sigma_db", _i, [_i, _i, _d, _d, _dp])
_p838k = declare("dx_propagation_p838_coefficients", _i,
                 [_sz, _dp, _dp, _dp, _dp, _dp, _ubp, _szp])
_p838g = declare("dx_propagation_p838_specific_attenuation_db_per_km", _i,
                 [_sz, _dp, _dp, _dp, _dp, _dp, _ubp, _szp])
_p676 = declare("dx_propagation_p676_specific_attenuation_db_per_km", _i,
                [_sz, _dp, _dp, _dp, _dp, _dp, _dp, _ubp, _szp])
_p2108hg = declare("dx_propagation_p2108_height_gain_correction_db", _i,
                   [_sz, _dp, _dp, _dp, _dp, _i, _dp, _ubp, _szp])
_p2108t = declare("dx_propagation_p2108_terrestrial_clutter_loss_db", _i,
                  [_sz, _dp, _dp, _dp, _dp, _ubp, _szp])
_p2108e = declare("dx_propagation_p2108_earth_space_clutter_loss_db", _i,
                  [_sz, _dp, _dp, _dp, _dp, _ubp, _szp])
_p2109 = declare("dx_propagation_p2109_building_entry_loss_db", _i,
                 [_sz, _dp, _dp, _dp, _i, _dp, _ubp, _szp])
_p833 = declare("dx_propagation_p833_vegetation_loss_db", _i,
                [_sz, _dp, _dp, _dp, _dp, _dp, _ubp, _szp])
_p526 = declare("dx_propagation_p526_knife_edge_loss_db", _i, [_sz, _dp, _dp])
_diff = declare("dx_propagation_diffraction_loss_db", _i, [_i, _sz, _dp, _dp, _d, _d, _d, _dp])

if _params_size() != ctypes.sizeof(_Params):  # pragma: no cover - layout guard
    raise ImportError(f"dx_propagation_params layout mismatch: C {_params_size()} bytes, "
                      f"Python {ctypes.sizeof(_Params)}")

_MODELS = ("fspl", "log-distance", "two-ray", "hata", "cost231-hata", "p1411-los",
           "p1411-nlos", "38901-rma", "38901-uma", "38901-umi", "38901-inh", "38901-inf-sl",
           "38901-inf-dl", "38901-inf-sh", "38901-inf-dh")
_ENV = {"urban-medium": 0, "medium": 0, "urban": 0, "urban-large": 1, "metropolitan": 1,
        "large": 1, "suburban": 2, "open": 3}
_LOS = {"los": 0, "nlos": 1, 0: 0, 1: 1, False: 0, True: 1}
_CLUTTER = {"water-sea": 0, "open-rural": 1, "suburban": 2, "urban": 3, "trees-forest": 4,
            "dense-urban": 5}
_BUILDING = {"traditional": 0, "thermally-efficient": 1}
_METHOD = {"bullington": 0, "deygout": 1}


def model_names() -> List[Any]:
    """Names accepted by path_loss_db, in dx_propagation_model order."""
    return [_name(i).decode() for i in range(len(_MODELS))]


def _model(name):
    m = _i()
    _from_name(str(name).encode(), ctypes.byref(m))
    return m.value


def _choice(table, value, what):
    return _args.choice(table, value, what)  # DxError DX_EINVAL, also a ValueError


def params_defaults() -> Dict[str, Any]:
    """Default model parameters (dx_propagation_params_init) as a dict."""
    p = _Params()
    _params_init(ctypes.byref(p), _PARAMS_VERSION)
    return {name: getattr(p, name) for name, _ in _Params._fields_ if name != "version"}


def _params(los, model_params):
    p = _Params()
    _params_init(ctypes.byref(p), _PARAMS_VERSION)
    p.los = _choice(_LOS, los.lower() if isinstance(los, str) else los, "los")
    for key, value in model_params.items():
        if key == "environment":
            p.environment = _choice(_ENV, value, "environment")
        elif key == "clutter_density":  # the spelling of the ratio
            p.clutter_density_ratio = _args.real(value, key)
        elif key == "inh_open_office":
            p.inh_open_office = 1 if value else 0
        elif key in dict(_Params._fields_) and key not in ("version", "los"):
            setattr(p, key, _args.real(value, key))
        else:
            raise TypeError(f"unknown model parameter {key!r} (known: "
                            f"{', '.join(n for n, _ in _Params._fields_[2:])}, clutter_density)")
    return p


try:  # numpy is optional: with ndarray inputs the buffers go to C without copies into lists
    import numpy as _np
except ImportError:  # pragma: no cover
    _np = None


def _np_inputs(**named):
    """(pointers, n, shape, keepalive) when numpy is present and an input is an ndarray,
    else None. Inputs are broadcast to one shape and made contiguous float64 (dtypes checked
    by _args.float_array)."""
    if _np is None or not any(isinstance(a, _np.ndarray) for a in named.values()):
        return None
    floats = [_args.float_array(a, k) for k, a in named.items()]
    try:
        arrs = _np.broadcast_arrays(*floats)
    except ValueError:
        desc = ", ".join(f"{k} {f.shape}" for k, f in zip(named, floats))
        raise _args.ArgumentError(_args.DX_EINVAL, f"shapes cannot be broadcast together: "
                                                   f"{desc}") from None
    shape = arrs[0].shape
    keep = [_np.ascontiguousarray(a, dtype=_np.float64).ravel() for a in arrs]
    return [k.ctypes.data_as(_dp) for k in keep], keep[0].size, shape, keep


def _warn(n_out):
    if n_out:
        warnings.warn(lib.dx_last_error().decode("utf-8", "replace"), PropagationRangeWarning,
                      stacklevel=3)


def _flags_out(flags, n, shape):
    vals = [int(flags[i]) for i in range(n)]
    if shape is None:
        return vals[0]
    if shape[0] == "ndarray":
        import numpy as np
        return np.asarray(vals, dtype=np.uint8).reshape(shape[1])
    return vals


def path_loss_db(model: str, fc_hz: ArrayLike, d2d_m: ArrayLike, h_bs_m: ArrayLike,
                 h_ut_m: ArrayLike, los: str = "los", return_flags: bool = False,
                 **model_params: Any) -> Any:
    """Basic transmission loss (dB) of each link.

    model: one of model_names(); fc_hz, d2d_m, h_bs_m, h_ut_m broadcast against each other;
    los: "los" or "nlos" (38.901 NLOS is max(LOS, NLOS') as Table 7.4.1-1 defines it);
    model_params: fields of dx_propagation_params, e.g. h_building_m, street_width_m,
    environment ("urban-medium", "urban-large"/"metropolitan", "suburban", "open"),
    h_roof_m, building_separation_m, street_orientation_deg, building_extent_m, pl0_db,
    d0_m, exponent, h_e_m, inh_open_office, clutter_density(_ratio), clutter_size_m,
    clutter_height_m.
    With return_flags=True returns (loss, flags).
    """
    m = _model(model)
    p = _params(los, model_params)
    fast = _np_inputs(fc_hz=fc_hz, d2d_m=d2d_m, h_bs_m=h_bs_m, h_ut_m=h_ut_m)
    if fast is not None:
        ptrs, n, shape, _keep = fast
        out_np = _np.empty(n)
        flags_np = _np.empty(max(1, n), dtype=_np.uint8)
        n_out = _sz(0)
        _pl(m, ctypes.byref(p), n, *ptrs, out_np.ctypes.data_as(_dp),
            flags_np.ctypes.data_as(_ubp), ctypes.byref(n_out))
        _warn(n_out.value)
        loss = out_np.reshape(shape)
        return (loss, flags_np[:n].reshape(shape)) if return_flags else loss
    (fc, d, hb, hu), shape = broadcast(fc_hz=fc_hz, d2d_m=d2d_m, h_bs_m=h_bs_m, h_ut_m=h_ut_m)
    n = len(d)
    out = out_array(n)
    flags = (ctypes.c_ubyte * max(1, n))()
    n_out = _sz(0)
    _pl(m, ctypes.byref(p), n, dbl_array(fc), dbl_array(d), dbl_array(hb), dbl_array(hu), out,
        flags, ctypes.byref(n_out))
    _warn(n_out.value)
    loss = restore_shape(out[:n], shape)
    return (loss, _flags_out(flags, n, shape)) if return_flags else loss


def los_probability(model: str, d2d_m: ArrayLike, h_ut_m: ArrayLike = 1.5, h_bs_m: ArrayLike = 8.0,
                    **model_params: Any) -> Any:
    """LOS probability (0..1) of 3GPP TR 38.901 Table 7.4.2-1.

    h_bs_m is used by InF-SH/DH only (Table 7.2-4: 8 m); model_params as path_loss_db
    (inh_open_office, clutter_density, clutter_size_m, clutter_height_m).
    """
    m = _model(model)
    p = _params("los", model_params)
    (d, hu, hb), shape = broadcast(d2d_m=d2d_m, h_ut_m=h_ut_m, h_bs_m=h_bs_m)
    n = len(d)
    out = out_array(n)
    _losp(m, ctypes.byref(p), n, dbl_array(d), dbl_array(hb), dbl_array(hu), out)
    return restore_shape(out[:n], shape)


def shadow_fading_sigma_db(model: str, los: str, fc_hz: ArrayLike,
                           d2d_m: Optional[ArrayLike] = None) -> Any:
    """Shadow-fading sigma (dB) of 3GPP TR 38.901 Table 7.4.1-1 (RMa LOS depends on d2d_m)."""
    m = _model(model)
    lv = _choice(_LOS, los.lower() if isinstance(los, str) else los, "los")
    (fc, d), shape = broadcast(fc_hz, 0.0 if d2d_m is None else d2d_m)
    res = []
    for f, dd in zip(fc, d):
        s = _d()
        _sigma(m, lv, f, dd, ctypes.byref(s))
        res.append(s.value)
    return restore_shape(res, shape)


def p838_coefficients(f_ghz: ArrayLike, elevation_deg: ArrayLike, tilt_deg: ArrayLike) -> Any:
    """ITU-R P.838-3 rain coefficients (k, alpha)."""
    (f, el, tau), shape = broadcast(f_ghz=f_ghz, elevation_deg=elevation_deg, tilt_deg=tilt_deg)
    n = len(f)
    k, a = out_array(n), out_array(n)
    n_out = _sz(0)
    _p838k(n, dbl_array(f), dbl_array(el), dbl_array(tau), k, a, None, ctypes.byref(n_out))
    _warn(n_out.value)
    return restore_shape(k[:n], shape), restore_shape(a[:n], shape)


def p838_specific_attenuation_db_per_km(f_ghz: ArrayLike, rain_mm_per_h: ArrayLike,
                                        elevation_deg: ArrayLike, tilt_deg: ArrayLike) -> Any:
    """ITU-R P.838-3 rain specific attenuation gamma_R = k R^alpha (dB/km)."""
    (f, r, el, tau), shape = broadcast(f_ghz=f_ghz, rain_mm_per_h=rain_mm_per_h, elevation_deg=elevation_deg, tilt_deg=tilt_deg)
    n = len(f)
    g = out_array(n)
    n_out = _sz(0)
    _p838g(n, dbl_array(f), dbl_array(r), dbl_array(el), dbl_array(tau), g, None,
           ctypes.byref(n_out))
    _warn(n_out.value)
    return restore_shape(g[:n], shape)


def p676_specific_attenuation_db_per_km(f_ghz: ArrayLike, pressure_hpa: ArrayLike,
                                        temperature_k: ArrayLike,
                                        water_vapour_g_per_m3: ArrayLike) -> Any:
    """ITU-R P.676-12 Annex 1 specific attenuation: (oxygen, water_vapour) in dB/km.

    pressure_hpa is the dry-air pressure p of the Recommendation.
    """
    (f, pr, t, rho), shape = broadcast(f_ghz=f_ghz, pressure_hpa=pressure_hpa, temperature_k=temperature_k, water_vapour_g_per_m3=water_vapour_g_per_m3)
    n = len(f)
    go, gw = out_array(n), out_array(n)
    n_out = _sz(0)
    _p676(n, dbl_array(f), dbl_array(pr), dbl_array(t), dbl_array(rho), go, gw, None,
          ctypes.byref(n_out))
    _warn(n_out.value)
    return restore_shape(go[:n], shape), restore_shape(gw[:n], shape)


def p2108_height_gain_correction_db(f_ghz: ArrayLike, h_m: ArrayLike,
                                    street_width_m: ArrayLike = 27.0,
                                    r_m: Optional[ArrayLike] = None,
                                    clutter: str = "urban") -> Any:
    """ITU-R P.2108 §3.1 height-gain terminal correction A_h (dB).

    clutter: water-sea, open-rural, suburban, urban, trees-forest, dense-urban;
    r_m (representative clutter height) None = Table 3's value for the clutter type.
    """
    ct = _choice(_CLUTTER, clutter, "clutter")
    if r_m is None:
        (f, h, w), shape = broadcast(f_ghz=f_ghz, h_m=h_m, street_width_m=street_width_m)
        r_arr = None
    else:
        (f, h, w, r), shape = broadcast(f_ghz=f_ghz, h_m=h_m, street_width_m=street_width_m, r_m=r_m)
        r_arr = dbl_array(r)
    n = len(f)
    out = out_array(n)
    n_out = _sz(0)
    _p2108hg(n, dbl_array(f), dbl_array(h), dbl_array(w), r_arr, ct, out, None,
             ctypes.byref(n_out))
    _warn(n_out.value)
    return restore_shape(out[:n], shape)


def p2108_terrestrial_clutter_loss_db(f_ghz: ArrayLike, d_km: ArrayLike,
                                      p_percent: ArrayLike) -> Any:
    """ITU-R P.2108 §3.2 clutter loss of a terrestrial path, one end (dB)."""
    (f, d, p), shape = broadcast(f_ghz=f_ghz, d_km=d_km, p_percent=p_percent)
    n = len(f)
    out = out_array(n)
    n_out = _sz(0)
    _p2108t(n, dbl_array(f), dbl_array(d), dbl_array(p), out, None, ctypes.byref(n_out))
    _warn(n_out.value)
    return restore_shape(out[:n], shape)


def p2108_earth_space_clutter_loss_db(f_ghz: ArrayLike, elevation_deg: ArrayLike,
                                      p_percent: ArrayLike) -> Any:
    """ITU-R P.2108 §3.3 Earth-space / aeronautical clutter loss (dB)."""
    (f, el, p), shape = broadcast(f_ghz=f_ghz, elevation_deg=elevation_deg, p_percent=p_percent)
    n = len(f)
    out = out_array(n)
    n_out = _sz(0)
    _p2108e(n, dbl_array(f), dbl_array(el), dbl_array(p), out, None, ctypes.byref(n_out))
    _warn(n_out.value)
    return restore_shape(out[:n], shape)


def p2109_building_entry_loss_db(f_ghz: ArrayLike, p_percent: ArrayLike,
                                 elevation_deg: ArrayLike = 0.0,
                                 building: str = "traditional") -> Any:
    """ITU-R P.2109 building entry loss not exceeded for p % of locations (dB)."""
    b = _choice(_BUILDING, building, "building")
    (f, p, el), shape = broadcast(f_ghz=f_ghz, p_percent=p_percent, elevation_deg=elevation_deg)
    n = len(f)
    out = out_array(n)
    n_out = _sz(0)
    _p2109(n, dbl_array(f), dbl_array(p), dbl_array(el), b, out, None, ctypes.byref(n_out))
    _warn(n_out.value)
    return restore_shape(out[:n], shape)


def p833_vegetation_loss_db(f_hz: ArrayLike, depth_m: ArrayLike,
                            gamma_db_per_m: Optional[ArrayLike] = None,
                            a_max_db: Optional[ArrayLike] = None) -> Any:
    """ITU-R P.833 woodland excess loss A_m (1 - exp(-d gamma / A_m)) (dB).

    gamma_db_per_m / a_max_db None = P.833-9 Table 1, interpolated in log frequency.
    """
    args = [f_hz, depth_m]
    if gamma_db_per_m is not None:
        args.append(gamma_db_per_m)
    if a_max_db is not None:
        args.append(a_max_db)
    vals, shape = broadcast(*args)
    f, d = vals[0], vals[1]
    k = 2
    g_arr = am_arr = None
    if gamma_db_per_m is not None:
        g_arr = dbl_array(vals[k])
        k += 1
    if a_max_db is not None:
        am_arr = dbl_array(vals[k])
    n = len(f)
    out = out_array(n)
    n_out = _sz(0)
    _p833(n, dbl_array(f), dbl_array(d), g_arr, am_arr, out, None, ctypes.byref(n_out))
    _warn(n_out.value)
    return restore_shape(out[:n], shape)


def p526_knife_edge_loss_db(v: ArrayLike) -> Any:
    """ITU-R P.526 eq. (31) single knife-edge loss J(v) (dB)."""
    (vv,), shape = broadcast(v=v)
    n = len(vv)
    out = out_array(n)
    _p526(n, dbl_array(vv), out)
    return restore_shape(out[:n], shape)


def diffraction_loss_db(method: str, distance_m: float, height_m: float, fc_hz: float,
                        h_tx_m: float, h_rx_m: float) -> float:
    """Diffraction loss (dB) over one terrain profile: "bullington" or "deygout".

    distance_m / height_m: the profile from the transmitter (0 m) to the receiver, terrain
    heights above sea level; h_tx_m / h_rx_m antenna heights above the end points.
    """
    mth = _choice(_METHOD, str(method).lower(), "method")
    d = _args.vector(distance_m, "distance_m", finite_only=True, unit="m")
    h = _args.vector(height_m, "height_m", finite_only=True, unit="m")
    _args.vectors_same_length(distance_m=d, height_m=h)
    out = _d()
    _diff(mth, len(d), dbl_array(d), dbl_array(h), _args.real(fc_hz, "fc_hz"), _args.real(h_tx_m, "h_tx_m"), _args.real(h_rx_m, "h_rx_m"),
          ctypes.byref(out))
    return out.value

