"""MIC programme rules engine (include/dxsim/programme.h).

    from dxsim import programme
    res = programme.evaluate("r7-2-1", [
        {"name": "gNB lease", "category": "lease", "unit_price_jpy": 300000,
         "months": 6, "role": "network"},
        {"name": "sensor", "category": "equipment", "procurement": "purchase",
         "unit_price_jpy": 99999, "tax_included": True, "role": "solution"},
    ], {"type": "company"})
    res["subsidy_jpy"], res["items"][1]["rule"], res["warnings"]

Menus: "r7-1-1", "r7-1-2", "r7-1-3", "r7-2-1", "r7-2-2", "r7-2-3", "r7-3"
(fiscal year R7 = FY2025, menu numbers of the MIC briefing). Amounts are JPY,
tax-included (a tax-excluded price is multiplied by 1.10 first). For the
fixed-amount demonstrations (②) the subsidy is the full eligible cost, for ③ one
half. Every result carries the advice to verify the rules against the call
guidelines (公募要領) of the year.
"""
from __future__ import annotations

import ctypes
from typing import Any, Dict, List, Optional, Sequence
import math

from . import _args
from ._args import c_int as _ci, real as _real
from ._lib import DxError, declare, lib
from .cost import (CATEGORIES, PROCUREMENTS, ROLES, VALUE_CLASSES, _CostItem, _enum_names,
                   _index, _items, _s)

__all__ = ["MENUS", "CATEGORIES", "PROCUREMENTS", "ROLES", "APPLICANT_TYPES", "evaluate", "param"]

MENUS = ("r7-1-1", "r7-1-2", "r7-1-3", "r7-2-1", "r7-2-2", "r7-2-3", "r7-3")
APPLICANT_TYPES = _enum_names("dx_applicant_type_name", "unknown")

_c_int, _c_double, _c_char_p, _c_size_t = ctypes.c_int, ctypes.c_double, ctypes.c_char_p, ctypes.c_size_t


class _Applicant(ctypes.Structure):
    _fields_ = [
        ("type", _c_int),
        ("consortium_local_governments", _c_int),
        ("fiscal_strength_index", _c_double),
        ("previously_selected", _c_int),
        ("partner_municipalities", _c_int),
        ("previous_partner_municipalities", _c_int),
        ("advisor_onsite_visits_per_year", _c_int),
        ("advisor_online_hours_per_year", _c_double),
        ("consortium_members", _c_int),
    ]


class _Verdict(ctypes.Structure):
    _fields_ = [("eligible", _c_int), ("cost_jpy", _c_double), ("eligible_jpy", _c_double),
                ("rule", _c_char_p), ("reason", _c_char_p), ("value_class", _c_int),
                ("source", _c_char_p)]


class _Check(ctypes.Structure):
    _fields_ = [("passed", _c_int), ("blocking", _c_int), ("rule", _c_char_p),
                ("reason", _c_char_p), ("value_class", _c_int), ("source", _c_char_p)]


class _Totals(ctypes.Structure):
    _fields_ = [("total_cost_jpy", _c_double), ("eligible_total_jpy", _c_double),
                ("ineligible_total_jpy", _c_double), ("funding_ratio", _c_double),
                ("cap_jpy", _c_double), ("subsidy_jpy", _c_double),
                ("applicant_burden_jpy", _c_double), ("project_eligible", _c_int)]


_vp = ctypes.c_void_p
_evaluate = declare("dx_programme_evaluate", _c_int,
                    [_c_char_p, _c_size_t, ctypes.POINTER(_CostItem),
                     ctypes.POINTER(_Applicant), ctypes.POINTER(_vp)])
_free = declare("dx_programme_result_free", None, [_vp])
_applicant_init = declare("dx_programme_applicant_init", _c_int, [ctypes.POINTER(_Applicant)])
_applicant_size = declare("dx_programme_applicant_size", _c_size_t, [])
_menu = declare("dx_programme_result_menu", _c_char_p, [_vp])
_title = declare("dx_programme_result_title", _c_char_p, [_vp])
_item_count = declare("dx_programme_result_item_count", _c_size_t, [_vp])
_item = declare("dx_programme_result_item", _c_int, [_vp, _c_size_t, ctypes.POINTER(_Verdict)])
_totals = declare("dx_programme_result_totals", _c_int, [_vp, ctypes.POINTER(_Totals)])
_check_count = declare("dx_programme_result_check_count", _c_size_t, [_vp])
_check = declare("dx_programme_result_check", _c_int, [_vp, _c_size_t, ctypes.POINTER(_Check)])
_warning_count = declare("dx_programme_result_warning_count", _c_size_t, [_vp])
_warning = declare("dx_programme_result_warning", _c_char_p, [_vp, _c_size_t])
_param = declare("dx_programme_param", _c_int,
                 [_c_char_p, _c_char_p, ctypes.POINTER(_c_double), ctypes.POINTER(_c_int)])

if ctypes.sizeof(_Applicant) != _applicant_size():  # _CostItem: checked by dxsim.cost
    raise ImportError("dxsim.programme: struct layout differs from the loaded libdxsim")


def _default_procurement(category):
    """Procurement of an item dict without one, as the programme rules read it."""
    return {"equipment": "purchase", "software": "purchase", "other": "purchase",
            "lease": "lease", "subscription": "subscription", "cloud": "subscription"}.get(
                category, "service")


def _applicant(d):
    a = _Applicant()
    _applicant_init(ctypes.byref(a))
    d = dict(d or {})
    unknown = set(d) - {f for f, _ in _Applicant._fields_}
    if unknown:
        raise ValueError(f"applicant: unknown keys {sorted(unknown)}")
    a.type = _index(APPLICANT_TYPES, d.get("type", "municipality"), "applicant type")
    a.consortium_local_governments = _ci(d.get("consortium_local_governments", 0),
                                       "applicant.consortium_local_governments")
    fsi = d.get("fiscal_strength_index")
    a.fiscal_strength_index = (math.nan if fsi is None
                               else _real(fsi, "applicant.fiscal_strength_index"))
    a.previously_selected = 1 if d.get("previously_selected", False) else 0
    a.partner_municipalities = _ci(d.get("partner_municipalities", 0),
                                 "applicant.partner_municipalities")
    a.previous_partner_municipalities = _ci(d.get("previous_partner_municipalities", 0),
                                          "applicant.previous_partner_municipalities")
    a.advisor_onsite_visits_per_year = _ci(d.get("advisor_onsite_visits_per_year", 0),
                                         "applicant.advisor_onsite_visits_per_year")
    a.advisor_online_hours_per_year = _real(d.get("advisor_online_hours_per_year", 0.0),
                                            "applicant.advisor_online_hours_per_year")
    a.consortium_members = _ci(d.get("consortium_members", 0), "applicant.consortium_members")
    return a


def evaluate(menu: str, items: Sequence[Dict[str, Any]],
             applicant: Optional[Dict[str, Any]] = None) -> Any:
    """Apply a menu's rules to a list of item dicts; returns a plain dict.

    Item keys: name, category, procurement (default from the category), role
    ("network", "solution", "other"; default "other"), unit_price_jpy (MONTHLY
    for lease/subscription/cloud), tax_included (default False), quantity
    (default 1), useful_life_years (0 = unknown), leasable (default True),
    months, booked_in_first_year, in_period (default True), justification,
    taxable (default True except for licence-application-fee and radio-usage-fee:
    fees of the state bear no consumption tax, 不課税), price_key, source, value_class (default "ASSUMED"; informative, the verdicts
    carry the class of the rule), so the items of cost.bom() can be passed as they are.
    Applicant keys: type, consortium_local_governments, fiscal_strength_index
    (None = unknown), previously_selected, partner_municipalities,
    previous_partner_municipalities, advisor_onsite_visits_per_year,
    advisor_online_hours_per_year.
    """
    items = list(items)
    n, arr = _items(items, _default_procurement)
    a = _applicant(applicant)
    res = _vp()
    _evaluate(_args.text(menu, "menu"), n, arr, ctypes.byref(a), ctypes.byref(res))
    try:
        out_items = []
        v = _Verdict()
        for i in range(_item_count(res)):
            _item(res, i, ctypes.byref(v))
            out_items.append({
                "name": str(items[i].get("name", f"item {i}")),
                "eligible": bool(v.eligible), "cost_jpy": v.cost_jpy,
                "eligible_jpy": v.eligible_jpy, "rule": _s(v.rule), "reason": _s(v.reason),
                "value_class": VALUE_CLASSES[v.value_class], "source": _s(v.source)})
        checks = []
        c = _Check()
        for i in range(_check_count(res)):
            _check(res, i, ctypes.byref(c))
            checks.append({"rule": _s(c.rule), "passed": bool(c.passed),
                           "blocking": bool(c.blocking), "reason": _s(c.reason),
                           "value_class": VALUE_CLASSES[c.value_class], "source": _s(c.source)})
        t = _Totals()
        _totals(res, ctypes.byref(t))
        return {
            "menu": _s(_menu(res)), "title": _s(_title(res)), "items": out_items,
            "total_cost_jpy": t.total_cost_jpy, "eligible_total_jpy": t.eligible_total_jpy,
            "ineligible_total_jpy": t.ineligible_total_jpy, "funding_ratio": t.funding_ratio,
            "cap_jpy": t.cap_jpy, "subsidy_jpy": t.subsidy_jpy,
            "applicant_burden_jpy": t.applicant_burden_jpy,
            "project_eligible": bool(t.project_eligible), "checks": checks,
            "warnings": [_s(_warning(res, i)) for i in range(_warning_count(res))],
        }
    finally:
        _free(res)


def param(menu: str, key: str) -> Any:
    """A numeric rule parameter and its class, e.g. param("r7-3", "funding_ratio") -> (0.5, "FIRM")."""
    v, cls = _c_double(), _c_int()
    _param(_args.text(menu, "menu"), _args.text(key, "key"), ctypes.byref(v), ctypes.byref(cls))
    return v.value, VALUE_CLASSES[cls.value]


_ = DxError  # re-exported through dxsim.DxError; errors raise it
