"""ITM (Longley-Rice) of libdxsim (include/dxsim/itm.h), NTIA's algorithm in C.

    from dxsim import itm
    itm.p2p_loss_db(15, 3, heights_m, 25.6, 3500e6, climate=5, sigma_s_per_m=0.005)
    itm.area_loss_db(10, 1, 16e3, 0, 230e6, time_ratio=0.87)     # NTIA area.csv row 1

Quantiles are ratios 0..1 (NTIA's percent / 100). Errors raise DxError.
Credit: NTIA/ITS (public-domain reference implementation).
"""
import ctypes

from ._lib import as_sequence, dbl_array, declare

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


def make_params(**kw):
    """A Params struct with the library defaults, then the given fields."""
    p = Params()
    _init(ctypes.byref(p), 1)
    for k, v in kw.items():
        if not any(k == f[0] for f in Params._fields_) or k == "version":
            raise TypeError(f"unknown ITM parameter {k!r}")
        setattr(p, k, v)
    return p


def params_defaults():
    p = make_params()
    return {f[0]: getattr(p, f[0]) for f in Params._fields_ if f[0] != "version"}


def _details(d):
    return {"d_m": d.d_m, "free_space_db": d.free_space_db, "a_ref_db": d.a_ref_db,
            "theta_hzn_rad": tuple(d.theta_hzn_rad), "d_hzn_m": tuple(d.d_hzn_m),
            "h_e_m": tuple(d.h_e_m), "n_s_n_units": d.n_s_n_units, "delta_h_m": d.delta_h_m,
            "mode": ("line-of-sight", "diffraction", "troposcatter")[d.mode - 1],
            "warnings": d.warnings}


def p2p_loss_db(h_tx_m, h_rx_m, elev_m, spacing_m, f_hz, details=False, **params):
    """Basic transmission loss over a terrain profile (elev_m from TX to RX)."""
    z, _ = as_sequence(elev_m)
    p = make_params(**params)
    out, det = _d(), _Details()
    _p2p(h_tx_m, h_rx_m, len(z), spacing_m, dbl_array(z), f_hz, ctypes.byref(p),
         ctypes.byref(out), ctypes.byref(det))
    return (out.value, _details(det)) if details else out.value


def area_loss_db(h_tx_m, h_rx_m, d_m, delta_h_m, f_hz, tx_siting=0, rx_siting=0,
                 details=False, **params):
    """ITM area mode (siting 0 random, 1 careful, 2 very careful)."""
    p = make_params(**params)
    out, det = _d(), _Details()
    _area(h_tx_m, h_rx_m, tx_siting, rx_siting, d_m, delta_h_m, f_hz, ctypes.byref(p),
          ctypes.byref(out), ctypes.byref(det))
    return (out.value, _details(det)) if details else out.value
