"""Finance functions of libdxsim (include/dxsim/finance.h).

    from dxsim import finance
    finance.npv(0.04, [-1e6, 3e5, 3e5, 5e5])      # cashflows[0] at t = 0 (not discounted)
    finance.irr([-100, 60, 60])                    # DxError DX_ENOTFOUND / DX_EDOMAIN when none / several
    finance.irr_roots([-100, 230, -132])           # [0.1, 0.2]
    finance.pmt(0.08 / 12, 10, 10000)              # -1037.03 (spreadsheet sign convention)
    finance.payback_years([-1000, 300, 300, 300, 300], rate=0.1)

Rates are ratios per period (0.04, not 4). Money received is positive.
"""
from __future__ import annotations

import ctypes
import math
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

from ._lib import DxError, c_double_p, check, declare, lib
from ._args import c_int, count, dbl_array, out_array, real, vector, vectors_same_length

Number = Union[int, float]

__all__ = ["SOCIAL_DISCOUNT_RATE", "npv", "irr", "irr_roots", "pmt", "pv", "fv",
           "payback_years", "eac", "benefit_cost", "labour_benefit", "jp_declining_rates",
           "jp_straight_line_rate", "depreciation", "declining_schedule", "MAX_PERIODS", "DxError"]

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


_max_periods = declare("dx_finance_max_periods", _sz, [])
#: Longest cash-flow series / schedule accepted (periods): DX_FINANCE_MAX_PERIODS of the library.
MAX_PERIODS = int(_max_periods())


def _flows(cashflows: Sequence[float], name: str = "cashflows") -> Tuple[List[float], Any]:
    vals = vector(cashflows, name)
    count(len(vals), f"len({name})", 0, MAX_PERIODS)
    return vals, dbl_array(vals)


def _when(when: Union[str, int]) -> int:
    if when in ("end", 0):
        return 0
    if when in ("begin", 1):
        return 1
    raise ValueError(f"when = {when!r} (allowed: 'end', 'begin', 0, 1)")


def npv(rate: Number, cashflows: Sequence[float]) -> float:
    """Net present value (JPY) at `rate` (ratio per period, > -1) of cashflows (JPY),
    cashflows[0] at t = 0 (numpy-financial convention)."""
    vals, arr = _flows(cashflows)
    out = _d()
    _npv(real(rate, "rate"), len(vals), arr, ctypes.byref(out))
    return out.value


def irr_roots(cashflows: Sequence[float]) -> List[float]:
    """All internal rates of return (ratios per period, > -1) of cashflows (JPY, index 0 =
    t 0), ascending; [] when there is none."""
    vals, arr = _flows(cashflows)
    n = _sz()
    st = _roots(len(vals), arr, 0, None, ctypes.byref(n))
    if st < 0 and st != -7:
        check(st)
    buf = out_array(n.value)
    check(_roots(len(vals), arr, n.value, buf, ctypes.byref(n)))
    return [buf[i] for i in range(n.value)]


def irr(cashflows: Sequence[float]) -> float:
    """The internal rate of return (ratio per period) of cashflows (JPY, index 0 = t 0). Raises DxError with name DX_ENOTFOUND when
    there is none and DX_EDOMAIN when there are several (see irr_roots)."""
    vals, arr = _flows(cashflows)
    out = _d()
    _irr(len(vals), arr, ctypes.byref(out))
    return out.value


def pmt(rate: Number, nper: Number, pv: Number, fv: Number = 0.0,
        when: Union[str, int] = "end") -> float:
    """Payment per period (JPY, spreadsheet PMT): negative for a positive loan pv (JPY);
    rate: ratio per period; nper: periods; fv: future value (JPY) left after the last
    payment; when: "end" or "begin" of each period."""
    out = _d()
    _pmt(real(rate, "rate"), real(nper, "nper"), real(pv, "pv"), real(fv, "fv"), _when(when),
         ctypes.byref(out))
    return out.value


def pv(rate: Number, nper: Number, pmt: Number, fv: Number = 0.0,
       when: Union[str, int] = "end") -> float:
    """Present value (JPY) of an annuity (spreadsheet PV): pmt (JPY) per period for nper
    periods at rate (ratio per period), fv (JPY) at the end; when: "end" or "begin"."""
    out = _d()
    _pv(real(rate, "rate"), real(nper, "nper"), real(pmt, "pmt"), real(fv, "fv"), _when(when),
        ctypes.byref(out))
    return out.value


def fv(rate: Number, nper: Number, pmt: Number, pv: Number = 0.0,
       when: Union[str, int] = "end") -> float:
    """Future value (JPY) of an annuity (spreadsheet FV): pmt (JPY) per period for nper
    periods at rate (ratio per period) from pv (JPY); when: "end" or "begin"."""
    out = _d()
    _fv(real(rate, "rate"), real(nper, "nper"), real(pmt, "pmt"), real(pv, "pv"), _when(when),
        ctypes.byref(out))
    return out.value


def payback_years(cashflows: Sequence[float], rate: Optional[Number] = None) -> float:
    """Payback time in periods (years for yearly cash flows; interpolated inside the
    crossing period) of cashflows (JPY, index 0 = t 0); discounted when rate (ratio per
    period) is given; math.inf when never paid back."""
    vals, arr = _flows(cashflows)
    out = _d()
    _payback(len(vals), arr, math.nan if rate is None else real(rate, "rate"), ctypes.byref(out))
    return out.value


def eac(rate: Number, life_years: Number, pv_jpy: Number) -> float:
    """Equivalent annual cost (JPY/year) of a present value pv_jpy (JPY) over life_years
    (years, end-of-year payments) at rate (ratio per year)."""
    out = _d()
    _eac(real(rate, "rate"), real(life_years, "life_years"), real(pv_jpy, "pv_jpy"),
         ctypes.byref(out))
    return out.value


def benefit_cost(rate: Number, costs: Sequence[float],
                 benefits: Sequence[float]) -> Dict[str, float]:
    """PVs at rate (ratio per year) of yearly costs and benefits (JPY, both positive, index
    0 = t 0) and their ratio.
    Returns {"pv_cost_jpy", "pv_benefit_jpy", "bcr", "npv_jpy"}."""
    c, _ = _flows(costs, "costs")
    b, _ = _flows(benefits, "benefits")
    vectors_same_length(costs=c, benefits=b)
    pc, pb, r = _d(), _d(), _d()
    _bc(real(rate, "rate"), len(c), dbl_array(c), dbl_array(b), ctypes.byref(pc), ctypes.byref(pb),
        ctypes.byref(r))
    return {"pv_cost_jpy": pc.value, "pv_benefit_jpy": pb.value, "bcr": r.value,
            "npv_jpy": pb.value - pc.value}


def labour_benefit(hours_saved_per_year: Number, wage_jpy_per_hour: Number, years: int,
                   first_year: int = 1) -> List[float]:
    """Yearly benefit series (JPY, index 0 = t 0, `years` long) of hours_saved_per_year
    (hours/year) x wage_jpy_per_hour (JPY/hour) from first_year on."""
    n = count(years, "years", 0, MAX_PERIODS)
    first = c_int(first_year, "first_year")
    value = real(hours_saved_per_year, "hours_saved_per_year") * real(wage_jpy_per_hour,
                                                                     "wage_jpy_per_hour")
    return [value if t >= first else 0.0 for t in range(n)]


def jp_declining_rates(life_years: int) -> Tuple[float, float, float]:
    """(償却率, 改定償却率, 保証率) of the 200 % declining-balance method (耐用年数省令 別表第十)."""
    r, rr, g = _d(), _d(), _d()
    _dbr(c_int(life_years, "life_years"), ctypes.byref(r), ctypes.byref(rr), ctypes.byref(g))
    return r.value, rr.value, g.value


def jp_straight_line_rate(life_years: int) -> float:
    """定額法 償却率 (耐用年数省令 別表第八)."""
    r = _d()
    _slr(c_int(life_years, "life_years"), ctypes.byref(r))
    return r.value


def _round_mode(round_yen: Union[None, str, int]) -> int:
    modes = {None: 0, "none": 0, 0: 0, "up": 1, 1: 1, "down": -1, -1: -1}
    if round_yen not in modes:
        raise ValueError(f"round_yen = {round_yen!r} (allowed: None, 'up', 'down')")
    return modes[round_yen]


def depreciation(method: str, cost_jpy: Number, life_years: Number, years: int,
                 residual_jpy: Number = 0.0,
                 round_yen: Union[None, str, int] = None) -> Tuple[List[float], List[float]]:
    """Depreciation schedule: (amounts JPY, closing book values JPY), each `years` long;
    life_years: useful life (years).
    method: "straight-line", "jp-straight-line" or "jp-declining-200";
    round_yen: None, "up" or "down" (Japanese methods)."""
    if method not in _METHODS:
        raise ValueError(f"method = {method!r} (allowed: {', '.join(_METHODS)})")
    n = count(years, "years", 0, MAX_PERIODS)
    a, b = out_array(n), out_array(n)
    _dep(_METHODS[method], real(cost_jpy, "cost_jpy"), real(residual_jpy, "residual_jpy"),
         real(life_years, "life_years"), _round_mode(round_yen), n, a, b)
    return [a[i] for i in range(n)], [b[i] for i in range(n)]


def declining_schedule(cost_jpy: Number, rate: Number, revised_rate: Number, guarantee: Number,
                       years: int,
                       round_yen: Union[None, str, int] = None) -> Tuple[List[float], List[float]]:
    """Declining-balance schedule of cost_jpy (JPY) with explicit rates (ratios per year:
    rate 償却率, revised_rate 改定償却率, guarantee 保証率): (amounts JPY, closing book
    values JPY), each `years` long."""
    n = count(years, "years", 0, MAX_PERIODS)
    a, b = out_array(n), out_array(n)
    _dsched(real(cost_jpy, "cost_jpy"), real(rate, "rate"), real(revised_rate, "revised_rate"),
            real(guarantee, "guarantee"), _round_mode(round_yen), n, a, b)
    return [a[i] for i in range(n)], [b[i] for i in range(n)]
