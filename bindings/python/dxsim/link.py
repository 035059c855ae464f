"""Link budget, noise, antenna patterns and Japanese power rules (include/dxsim/link.h).

    from dxsim import link
    link.thermal_noise_dbm(20e6, 7)                         # -93.99 dBm (kTB + NF, 290 K)
    link.max_path_loss_db(tx_power_dbm=23, bandwidth_hz=180e3, noise_figure_db=5,
                          required_sinr_db=-16.25)          # 155.7 dB
    link.check_power_limit("wifi6e-lpi", 20, 3, outdoor=True)   # DxError DX_EREFUSED (indoor only)
    link.antenna_gain_dbi([0, 32.5], [90, 90])              # [8.0, 5.0] (TR 38.901 sector)

A design above a Japanese cap raises DxError with status DX_EREFUSED and a message naming
the rule, the value, the cap and the source; nothing is clipped silently.
"""
from __future__ import annotations

import ctypes
from typing import Any, Dict, List, Optional, Sequence
import math

from ._lib import DxError, c_double_p, declare
from . import _args
from ._args import ArrayLike, broadcast, dbl_array, out_array, restore_shape
from .phy import technology_struct, _Technology

__all__ = ["thermal_noise_dbm", "eirp_dbm", "sinr_db", "budget_defaults", "max_path_loss_db",
           "required_rx_level_dbm", "received_power_dbm", "check_power_limit",
           "antenna_gain_dbi", "DxError"]

_d, _i, _u, _sz = ctypes.c_double, ctypes.c_int, ctypes.c_uint, ctypes.c_size_t
_dp = ctypes.POINTER(ctypes.c_double)


class _Budget(ctypes.Structure):
    _fields_ = [("version", _u)] + [(n, _d) for n in (
        "tx_power_dbm", "tx_antenna_gain_dbi", "tx_cable_loss_db", "rx_antenna_gain_dbi",
        "rx_cable_loss_db", "body_loss_db", "penetration_loss_db", "interference_margin_db",
        "bandwidth_hz", "noise_figure_db", "required_sinr_db", "shadowing_margin_db",
        "other_loss_db")]


class _Antenna(ctypes.Structure):
    _fields_ = [("version", _u), ("kind", _i), ("max_gain_dbi", _d), ("hpbw_h_deg", _d),
                ("hpbw_v_deg", _d), ("front_back_db", _d), ("sla_v_db", _d),
                ("downtilt_deg", _d), ("n_h", _sz), ("h_azimuth_deg", _dp),
                ("h_gain_db", _dp), ("n_v", _sz), ("v_zenith_deg", _dp), ("v_gain_db", _dp)]


_noise = declare("dx_link_thermal_noise_dbm", _i, [_sz, c_double_p, c_double_p, c_double_p])
_eirp = declare("dx_link_eirp_dbm", _i, [_sz, c_double_p, c_double_p, c_double_p, c_double_p])
_sinr = declare("dx_link_sinr_db", _i, [_sz, c_double_p, c_double_p, c_double_p, c_double_p])
_binit = declare("dx_link_budget_init", _i, [ctypes.POINTER(_Budget), _u])
_bsize = declare("dx_link_budget_size", _sz, [])
_mapl = declare("dx_link_max_path_loss_db", _i, [ctypes.POINTER(_Budget), _dp])
_rxreq = declare("dx_link_required_rx_level_dbm", _i, [ctypes.POINTER(_Budget), _dp])
_rxp = declare("dx_link_received_power_dbm", _i,
               [ctypes.POINTER(_Budget), _sz, c_double_p, c_double_p])
_check = declare("dx_link_check_power_limit", _i, [ctypes.POINTER(_Technology), _d, _d, _i])
_ainit = declare("dx_link_antenna_init", _i, [ctypes.POINTER(_Antenna), _u])
_asize = declare("dx_link_antenna_size", _sz, [])
_again = declare("dx_link_antenna_gain_dbi", _i,
                 [ctypes.POINTER(_Antenna), _sz, c_double_p, c_double_p, c_double_p])

if _bsize() != ctypes.sizeof(_Budget) or _asize() != ctypes.sizeof(_Antenna):
    raise ImportError("dxsim.link: struct layout does not match the library")

_KINDS = {"omni": 0, "3gpp-sector": 1, "table": 2}


def _vector(fn, *args):
    lists, shape = broadcast(*args)
    n = len(lists[0])
    out = out_array(n)
    fn(n, *[dbl_array(v) for v in lists], out)
    return restore_shape(out[:n], shape)


def thermal_noise_dbm(bw_hz: ArrayLike, noise_figure_db: ArrayLike) -> Any:
    """kTB + NF (dBm) at 290 K; scalars or sequences (broadcast)."""
    return _vector(_noise, bw_hz, noise_figure_db)


def eirp_dbm(tx_power_dbm: ArrayLike, antenna_gain_dbi: ArrayLike,
             cable_loss_db: ArrayLike = 0.0) -> Any:
    """EIRP (dBm) = conducted power + antenna gain - cable loss."""
    return _vector(_eirp, tx_power_dbm, antenna_gain_dbi, cable_loss_db)


def sinr_db(signal_dbm: ArrayLike, noise_dbm: ArrayLike,
            interference_dbm: ArrayLike = -math.inf) -> Any:
    """SINR (dB) from signal, noise and aggregate interference powers (dBm)."""
    return _vector(_sinr, signal_dbm, noise_dbm, interference_dbm)


def _budget(kw):
    b = _Budget()
    _binit(ctypes.byref(b), 1)
    names = {f for f, _ in _Budget._fields_ if f != "version"}
    for k, v in kw.items():
        if k not in names:
            raise TypeError(f"unknown link-budget field {k!r} (known: {', '.join(sorted(names))})")
        setattr(b, k, _args.real(v, k))
    return b


def budget_defaults() -> Dict[str, Any]:
    """The library's default link budget as a dict (dx_link_budget_init); units by suffix
    (dBm, dBi, dB, Hz)."""
    b = _budget({})
    return {f: getattr(b, f) for f, _ in _Budget._fields_ if f != "version"}


def max_path_loss_db(**budget: Any) -> float:
    """Maximum allowable path loss (dB) of a link budget given as keyword fields of
    dx_link_budget (tx_power_dbm, tx_antenna_gain_dbi, ..., required_sinr_db)."""
    out = _d()
    _mapl(ctypes.byref(_budget(budget)), ctypes.byref(out))
    return out.value


def required_rx_level_dbm(**budget: Any) -> float:
    """kTB + NF + required SINR + interference margin (dBm)."""
    out = _d()
    _rxreq(ctypes.byref(_budget(budget)), ctypes.byref(out))
    return out.value


def received_power_dbm(path_loss_db: ArrayLike, **budget: Any) -> Any:
    """Received power (dBm) after each path loss (dB)."""
    (vals,), shape = broadcast(path_loss_db=path_loss_db)
    out = out_array(len(vals))
    _rxp(ctypes.byref(_budget(budget)), len(vals), dbl_array(vals), out)
    return restore_shape(out[:len(vals)], shape)


def check_power_limit(technology: str, tx_power_dbm: float, antenna_gain_dbi: float,
                      outdoor: bool = False) -> Any:
    """None when the design meets the Japanese rule of the technology; DxError (DX_EREFUSED)
    naming the rule, value, cap and source otherwise."""
    t = technology_struct(technology)
    _check(ctypes.byref(t), _args.real(tx_power_dbm, "tx_power_dbm"), _args.real(antenna_gain_dbi, "antenna_gain_dbi"), 1 if outdoor else 0)


def antenna_gain_dbi(azimuth_deg: ArrayLike, zenith_deg: ArrayLike, kind: str = "3gpp-sector",
                     max_gain_dbi: Optional[ArrayLike] = None,
                     hpbw_h_deg: Optional[ArrayLike] = None,
                     hpbw_v_deg: Optional[ArrayLike] = None,
                     front_back_db: Optional[ArrayLike] = None,
                     sla_v_db: Optional[ArrayLike] = None, downtilt_deg: ArrayLike = 0.0,
                     h_cut: Any = None, v_cut: Any = None) -> Any:
    """Antenna gain (dBi) toward each (azimuth from boresight, zenith angle) direction.
    kind: "omni", "3gpp-sector" (TR 38.901 Table 7.3-1 defaults) or "table" with
    h_cut = [(azimuth_deg, rel_gain_db), ...] and v_cut = [(zenith_deg, rel_gain_db), ...]."""
    a = _Antenna()
    _ainit(ctypes.byref(a), 1)
    try:
        a.kind = _KINDS[kind]
    except KeyError:
        raise ValueError(f"kind = {kind!r} (allowed {', '.join(_KINDS)})") from None
    for name, v in (("max_gain_dbi", max_gain_dbi), ("hpbw_h_deg", hpbw_h_deg),
                    ("hpbw_v_deg", hpbw_v_deg), ("front_back_db", front_back_db),
                    ("sla_v_db", sla_v_db), ("downtilt_deg", downtilt_deg)):
        if v is not None:
            setattr(a, name, _args.real(v, name))
    keep = []
    if kind == "table":
        if not h_cut or not v_cut:
            raise ValueError("kind='table' needs h_cut and v_cut")
        for cut, n_f, x_f, y_f in ((h_cut, "n_h", "h_azimuth_deg", "h_gain_db"),
                                   (v_cut, "n_v", "v_zenith_deg", "v_gain_db")):
            xs = dbl_array([_args.finite(p[0], f"{n_f} cut[{i}][0]") for i, p in enumerate(cut)])
            ys = dbl_array([_args.finite(p[1], f"{n_f} cut[{i}][1]") for i, p in enumerate(cut)])
            keep += [xs, ys]
            setattr(a, n_f, len(cut))
            setattr(a, x_f, ctypes.cast(xs, _dp))
            setattr(a, y_f, ctypes.cast(ys, _dp))
    (az, th), shape = broadcast(azimuth_deg=azimuth_deg, zenith_deg=zenith_deg)
    out = out_array(len(az))
    _again(ctypes.byref(a), len(az), dbl_array(az), dbl_array(th), out)
    del keep
    return restore_shape(out[:len(az)], shape)
