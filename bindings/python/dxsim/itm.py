"""ITM (Longley-Rice) of libdxsim (include/dxsim/itm.h), NTIA's algorithm in C.

    from dxsim import itm
    itm.p2p_loss_db(15, 3, heights_m, 25.6, 3500e6, climate=5, sigma_s_per_m=0.005)
    itm.area_loss_db(10, 1, 16e3, 0, 230e6, time_ratio=0.87)     # NTIA area.csv row 1

Quantiles are ratios 0..1 (NTIA's percent / 100). Errors raise DxError.
Credit: NTIA/ITS (public-domain reference implementation).
"""
from __future__ import annotations

import ctypes
from typing import Any, Dict, Mapping, Tuple, Union

from ._lib import dbl_array, declare
from . import _args
from ._args import ArrayLike, Count, Real, finite, real, vector

__all__ = ["p2p_loss_db", "area_loss_db", "params_defaults"]

_d, _i, _u, _sz, _l = ctypes.c_double, ctypes.c_int, ctypes.c_uint, ctypes.c_size_t, ctypes.c_long
_dp = ctypes.POINTER(_d)


class Params(ctypes.Structure):
    """dx_itm_params in C field order."""
    _fields_ = [("version", _u), ("climate", _i), ("n0_n_units", _d),
                ("polarization_vertical", _i), ("epsilon_ratio", _d), ("sigma_s_per_m", _d),
                ("mdvar", _i), ("time_ratio", _d), ("location_ratio", _d),
                ("situation_ratio", _d)]


class _Details(ctypes.Structure):
    _fields_ = [("d_m", _d), ("free_space_db", _d), ("a_ref_db", _d),
                ("theta_hzn_rad", _d * 2), ("d_hzn_m", _d * 2), ("h_e_m", _d * 2),
                ("n_s_n_units", _d), ("delta_h_m", _d), ("mode", _i), ("warnings", _l)]


_init = declare("dx_itm_params_init", _i, [ctypes.POINTER(Params), _u])
_size = declare("dx_itm_params_size", _sz, [])
_p2p = declare("dx_itm_p2p_loss_db", _i,
               [_d, _d, _sz, _d, _dp, _d, ctypes.POINTER(Params), _dp, ctypes.POINTER(_Details)])
_area = declare("dx_itm_area_loss_db", _i,
                [_d, _d, _i, _i, _d, _d, _d, ctypes.POINTER(Params), _dp,
                 ctypes.POINTER(_Details)])
if _size() != ctypes.sizeof(Params):
    raise ImportError("dx_itm_params layout differs between the bindings and the library")


def _set_params(p: Params, kw: Mapping[str, Any]) -> None:
    """Set fields of a Params from keywords, each checked for its C type (set_field)."""
    for k, v in kw.items():
        if not any(k == f[0] for f in Params._fields_) or k == "version":
            raise TypeError(f"unknown ITM parameter {k!r} (known: "
                            f"{', '.join(f[0] for f in Params._fields_[1:])})")
        _args.set_field(p, k, v)


def make_params(**kw: Any) -> Params:
    """A Params struct with the library defaults, then the given fields: climate (1-7),
    n0_n_units (surface refractivity, N-units), polarization_vertical (0/1), epsilon_ratio
    (relative permittivity), sigma_s_per_m (ground conductivity, S/m), mdvar, time_ratio,
    location_ratio, situation_ratio (quantiles 0..1)."""
    p = Params()
    _init(ctypes.byref(p), 1)
    _set_params(p, kw)
    return p


def params_defaults() -> Dict[str, Any]:
    """The library's default ITM parameters (fields of Params, see make_params) as a dict."""
    p = make_params()
    return {f[0]: getattr(p, f[0]) for f in Params._fields_ if f[0] != "version"}


def _details(d: _Details) -> Dict[str, Any]:
    return {"d_m": d.d_m, "free_space_db": d.free_space_db, "a_ref_db": d.a_ref_db,
            "theta_hzn_rad": tuple(d.theta_hzn_rad), "d_hzn_m": tuple(d.d_hzn_m),
            "h_e_m": tuple(d.h_e_m), "n_s_n_units": d.n_s_n_units, "delta_h_m": d.delta_h_m,
            "mode": ("line-of-sight", "diffraction", "troposcatter")[d.mode - 1],
            "warnings": d.warnings}


def p2p_loss_db(h_tx_m: Real, h_rx_m: Real, elev_m: ArrayLike, spacing_m: Real, f_hz: Real,
                details: bool = False, **params: Any) -> Union[float, Tuple[float, Dict[str, Any]]]:
    """Basic transmission loss (dB) over a terrain profile: elev_m terrain heights (m above
    sea level, finite) from TX to RX every spacing_m (m); antenna heights h_tx_m / h_rx_m (m
    above ground); f_hz (Hz); params: see make_params. details=True returns (loss dB,
    details dict: distances m, horizon angles rad, mode ...)."""
    z = vector(elev_m, "elev_m", finite_only=True, unit="m")
    p = make_params(**params)
    out, det = _d(), _Details()
    _p2p(real(h_tx_m, "h_tx_m"), real(h_rx_m, "h_rx_m"), len(z), finite(spacing_m, "spacing_m", "m"),
         dbl_array(z), real(f_hz, "f_hz"), ctypes.byref(p), ctypes.byref(out), ctypes.byref(det))
    return (out.value, _details(det)) if details else out.value


def area_loss_db(h_tx_m: Real, h_rx_m: Real, d_m: Real, delta_h_m: Real, f_hz: Real,
                 tx_siting: Count = 0, rx_siting: Count = 0, details: bool = False,
                 **params: Any) -> Union[float, Tuple[float, Dict[str, Any]]]:
    """Basic transmission loss (dB) of ITM area mode: antenna heights h_tx_m / h_rx_m (m),
    path length d_m (m), terrain irregularity delta_h_m (m), f_hz (Hz); siting 0 random,
    1 careful, 2 very careful; params: see make_params. details=True returns (loss dB,
    details dict)."""
    p = make_params(**params)
    out, det = _d(), _Details()
    _area(real(h_tx_m, "h_tx_m"), real(h_rx_m, "h_rx_m"), _args.c_int(tx_siting, "tx_siting", 0, 2),
          _args.c_int(rx_siting, "rx_siting", 0, 2), real(d_m, "d_m"), real(delta_h_m, "delta_h_m"),
          real(f_hz, "f_hz"), ctypes.byref(p), ctypes.byref(out), ctypes.byref(det))
    return (out.value, _details(det)) if details else out.value
