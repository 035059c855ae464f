"""Finance functions of libdxsim (include/dxsim/finance.h).

    from dxsim import finance
    finance.npv(0.04, [-1e6, 3e5, 3e5, 5e5])      # cashflows[0] at t = 0 (not discounted)
    finance.irr([-100, 60, 60])                    # DxError DX_ENOTFOUND / DX_EDOMAIN when none / several
    finance.irr_roots([-100, 230, -132])           # [0.1, 0.2]
    finance.pmt(0.08 / 12, 10, 10000)              # -1037.03 (spreadsheet sign convention)
    finance.payback_years([-1000, 300, 300, 300, 300], rate=0.1)

Rates are ratios per period (0.04, not 4). Money received is positive.
"""
import ctypes
import math

from ._lib import DxError, c_double_p, check, dbl_array, declare, lib, out_array

__all__ = ["SOCIAL_DISCOUNT_RATE", "npv", "irr", "irr_roots", "pmt", "pv", "fv",
           "payback_years", "eac", "benefit_cost", "labour_benefit", "jp_declining_rates",
           "jp_straight_line_rate", "depreciation", "declining_schedule", "DxError"]

#: Social discount rate of Japanese public cost-benefit analysis (domain-japan §5, MLIT).
SOCIAL_DISCOUNT_RATE = 0.04

_d, _i, _sz = ctypes.c_double, ctypes.c_int, ctypes.c_size_t
_dp = ctypes.POINTER(ctypes.c_double)
_szp = ctypes.POINTER(ctypes.c_size_t)

_npv = declare("dx_finance_npv_jpy", _i, [_d, _sz, c_double_p, _dp])
_irr = declare("dx_finance_irr_ratio", _i, [_sz, c_double_p, _dp])
_roots = declare("dx_finance_irr_roots_ratio", _i, [_sz, c_double_p, _sz, c_double_p, _szp],
                 errcheck=False)
_pmt = declare("dx_finance_pmt_jpy", _i, [_d, _d, _d, _d, _i, _dp])
_pv = declare("dx_finance_pv_jpy", _i, [_d, _d, _d, _d, _i, _dp])
_fv = declare("dx_finance_fv_jpy", _i, [_d, _d, _d, _d, _i, _dp])
_payback = declare("dx_finance_payback_years", _i, [_sz, c_double_p, _d, _dp])
_eac = declare("dx_finance_eac_jpy", _i, [_d, _d, _d, _dp])
_bc = declare("dx_finance_benefit_cost", _i, [_d, _sz, c_double_p, c_double_p, _dp, _dp, _dp])
_dbr = declare("dx_finance_jp_declining_rates", _i, [_i, _dp, _dp, _dp])
_slr = declare("dx_finance_jp_straight_line_rate", _i, [_i, _dp])
_dep = declare("dx_finance_depreciation_jpy", _i, [_i, _d, _d, _d, _i, _sz, c_double_p, c_double_p])
_dsched = declare("dx_finance_declining_schedule_jpy", _i,
                  [_d, _d, _d, _d, _i, _sz, c_double_p, c_double_p])

_METHODS = {"straight-line": 0, "jp-straight-line": 1, "jp-declining-200": 2}


def _flows(cashflows):
    vals = [float(v) for v in cashflows]
    return vals, dbl_array(vals)


def _when(when):
    if when in ("end", 0):
        return 0
    if when in ("begin", 1):
        return 1
    raise ValueError(f"when = {when!r} (allowed: 'end', 'begin', 0, 1)")


def npv(rate, cashflows):
    """Net present value, cashflows[0] at t = 0 (numpy-financial convention)."""
    vals, arr = _flows(cashflows)
    out = _d()
    _npv(float(rate), len(vals), arr, ctypes.byref(out))
    return out.value


def irr_roots(cashflows):
    """All internal rates of return (> -1), ascending; [] when there is none."""
    vals, arr = _flows(cashflows)
    n = _sz()
    st = _roots(len(vals), arr, 0, None, ctypes.byref(n))
    if st < 0 and st != -7:
        check(st)
    buf = out_array(n.value)
    check(_roots(len(vals), arr, n.value, buf, ctypes.byref(n)))
    return [buf[i] for i in range(n.value)]


def irr(cashflows):
    """The internal rate of return. Raises DxError with name DX_ENOTFOUND when
    there is none and DX_EDOMAIN when there are several (see irr_roots)."""
    vals, arr = _flows(cashflows)
    out = _d()
    _irr(len(vals), arr, ctypes.byref(out))
    return out.value


def pmt(rate, nper, pv, fv=0.0, when="end"):
    """Payment per period (spreadsheet PMT): negative for a positive loan pv."""
    out = _d()
    _pmt(float(rate), float(nper), float(pv), float(fv), _when(when), ctypes.byref(out))
    return out.value


def pv(rate, nper, pmt, fv=0.0, when="end"):
    """Present value of an annuity (spreadsheet PV)."""
    out = _d()
    _pv(float(rate), float(nper), float(pmt), float(fv), _when(when), ctypes.byref(out))
    return out.value


def fv(rate, nper, pmt, pv=0.0, when="end"):
    """Future value of an annuity (spreadsheet FV)."""
    out = _d()
    _fv(float(rate), float(nper), float(pmt), float(pv), _when(when), ctypes.byref(out))
    return out.value


def payback_years(cashflows, rate=None):
    """Payback time in periods (interpolated inside the crossing period);
    discounted when rate is given; math.inf when never paid back."""
    vals, arr = _flows(cashflows)
    out = _d()
    _payback(len(vals), arr, math.nan if rate is None else float(rate), ctypes.byref(out))
    return out.value


def eac(rate, life_years, pv_jpy):
    """Equivalent annual cost of a present value over life_years (end-of-year payments)."""
    out = _d()
    _eac(float(rate), float(life_years), float(pv_jpy), ctypes.byref(out))
    return out.value


def benefit_cost(rate, costs, benefits):
    """PVs of yearly costs and benefits (both positive, index 0 = t 0) and their ratio.
    Returns {"pv_cost_jpy", "pv_benefit_jpy", "bcr", "npv_jpy"}."""
    c, b = [float(v) for v in costs], [float(v) for v in benefits]
    if len(c) != len(b):
        raise ValueError(f"costs and benefits differ in length: {len(c)} vs {len(b)}")
    pc, pb, r = _d(), _d(), _d()
    _bc(float(rate), len(c), dbl_array(c), dbl_array(b), ctypes.byref(pc), ctypes.byref(pb),
        ctypes.byref(r))
    return {"pv_cost_jpy": pc.value, "pv_benefit_jpy": pb.value, "bcr": r.value,
            "npv_jpy": pb.value - pc.value}


def labour_benefit(hours_saved_per_year, wage_jpy_per_hour, years, first_year=1):
    """Yearly benefit series (index 0 = t 0) of labour hours saved x wage from first_year on."""
    return [hours_saved_per_year * wage_jpy_per_hour if t >= first_year else 0.0
            for t in range(int(years))]


def jp_declining_rates(life_years):
    """(償却率, 改定償却率, 保証率) of the 200 % declining-balance method (耐用年数省令 別表第十)."""
    r, rr, g = _d(), _d(), _d()
    _dbr(int(life_years), ctypes.byref(r), ctypes.byref(rr), ctypes.byref(g))
    return r.value, rr.value, g.value


def jp_straight_line_rate(life_years):
    """定額法 償却率 (耐用年数省令 別表第八)."""
    r = _d()
    _slr(int(life_years), ctypes.byref(r))
    return r.value


def _round_mode(round_yen):
    return {None: 0, "none": 0, 0: 0, "up": 1, 1: 1, "down": -1, -1: -1}[round_yen]


def depreciation(method, cost_jpy, life_years, years, residual_jpy=0.0, round_yen=None):
    """Depreciation schedule: (amounts, closing book values), each `years` long.
    method: "straight-line", "jp-straight-line" or "jp-declining-200";
    round_yen: None, "up" or "down" (Japanese methods)."""
    if method not in _METHODS:
        raise ValueError(f"method = {method!r} (allowed: {', '.join(_METHODS)})")
    n = int(years)
    a, b = out_array(n), out_array(n)
    _dep(_METHODS[method], float(cost_jpy), float(residual_jpy), float(life_years),
         _round_mode(round_yen), n, a, b)
    return [a[i] for i in range(n)], [b[i] for i in range(n)]


def declining_schedule(cost_jpy, rate, revised_rate, guarantee, years, round_yen=None):
    """Declining-balance schedule with explicit rates: (amounts, closing book values)."""
    n = int(years)
    a, b = out_array(n), out_array(n)
    _dsched(float(cost_jpy), float(rate), float(revised_rate), float(guarantee),
            _round_mode(round_yen), n, a, b)
    return [a[i] for i in range(n)], [b[i] for i in range(n)]
