"""Cost module of libdxsim (include/dxsim/cost.h): price book, bill of
materials, yearly cash flows, summaries, lease factors, Monte Carlo kernel.

    from dxsim import cost
    items = cost.bom("l5g-sub6", {"n_sites": 2, "sectors_per_site": 3, "n_devices": 17,
                                  "outdoor": True}, mode="purchase")
    cost.cash_flows(items)                      # yearly JPY, tax included, costs positive
    cost.summarise(items, {"area_km2": 2.385, "n_devices": 17})
    with cost.PriceBook.builtin() as book:
        book.override("lora.gw", 99000)         # a quotation
        cost.bom("lorawan-as923", {...}, book=book)

Items are dicts with the keys of dxsim.programme.evaluate (name, price_key,
category, procurement, role, unit_price_jpy (MONTHLY for lease/subscription/
cloud/service), tax_included, quantity, useful_life_years, leasable, months,
booked_in_first_year, in_period, justification, source, value_class ("FIRM",
"INDICATIVE", "ASSUMED", "UNVERIFIED")): bom() output feeds
programme.evaluate directly.

The name tuples (CATEGORIES, PROCUREMENTS, ROLES, VALUE_CLASSES) are read from
the library (dx_cost_category_name ...), and _CostItem is the one ctypes
layout of dx_cost_item; dxsim.programme imports all of them from here.
"""
from __future__ import annotations

import ctypes
from typing import Mapping, Any, Dict, List, Optional, Sequence, Tuple, Union

from ._args import ArrayLike, PathLike, Real, real
from ._lib import DxError, c_double_p, check, declare
from . import _args
from ._args import ArgumentError, dbl_array, out_array

__all__ = ["CATEGORIES", "PROCUREMENTS", "ROLES", "VALUE_CLASSES", "PriceBook", "bom",
           "cash_flows", "n_years", "summarise", "lease_rate_factor", "lease_vs_purchase",
           "npv_draws", "options", "builtin_prices", "lease_payment", "rental_term_rate", "hire_terms",
           "compare_procurement", "depreciation", "DxError"]

_i, _u, _d, _sz, _cp, _vp = (ctypes.c_int, ctypes.c_uint, ctypes.c_double, ctypes.c_size_t,
                             ctypes.c_char_p, ctypes.c_void_p)


def _enum_names(c_name, unknown):
    """Names of enum values 0, 1, ... as the C function c_name spells them (up to its `unknown`)."""
    fn = declare(c_name, _cp, [_i])
    names = []
    while len(names) < 256:
        s = fn(len(names)).decode()
        if s == unknown:
            break
        names.append(s)
    return tuple(names)


CATEGORIES = _enum_names("dx_cost_category_name", "unknown")
PROCUREMENTS = _enum_names("dx_procurement_name", "unknown")
ROLES = _enum_names("dx_cost_role_name", "unknown")
VALUE_CLASSES = _enum_names("dx_value_class_name", "UNKNOWN")
_category_not_taxable = declare("dx_cost_category_not_taxable", _i, [_i], errcheck=False)


class _CostItem(ctypes.Structure):
    """dx_cost_item of include/dxsim/cost.h, in C field order."""
    _fields_ = [("name", ctypes.c_char * 256), ("price_key", ctypes.c_char * 48),
                ("category", _i), ("procurement", _i), ("role", _i),
                ("unit_price_jpy", _d), ("tax_included", _i), ("quantity", _d),
                ("useful_life_years", _d), ("leasable", _i), ("months", _d),
                ("booked_in_first_year", _i), ("in_period", _i),
                ("justification", ctypes.c_char * 512), ("value_class", _i),
                ("source", ctypes.c_char * 512), ("not_taxable", _i)]


class _Design(ctypes.Structure):
    _fields_ = [("version", _u), ("n_sites", _i), ("sectors_per_site", _i), ("n_radios", _i),
                ("n_devices", _i), ("n_solution_devices", _i), ("outdoor", _i),
                ("core_on_premises", _i), ("horizon_years", _d), ("area_km2", _d),
                ("delivered_bps", _d), ("n_edge_servers", _i), ("lease_term_years", _d),
                ("include_spares", _i), ("n_sites_with_pole", _i), ("n_sites_with_power", _i),
                ("n_sites_with_backhaul", _i), ("terminals_by_kind", _i), ("n_modules", _i),
                ("n_cpes", _i), ("rental_months", _i)]


class _Options(ctypes.Structure):
    _fields_ = [("version", _u), ("horizon_years", _d), ("discount_rate_ratio", _d),
                ("tax_rate_ratio", _d), ("output_tax_included", _i), ("start_year", _i),
                ("start_month", _i), ("replace_at_end_of_life", _i), ("release_after_term", _i),
                ("credit_residual_value", _i)]


class _Entry(ctypes.Structure):
    _fields_ = [("key", _cp), ("name", _cp), ("unit", _cp), ("low", _d), ("value", _d),
                ("high", _d), ("value_class", _i), ("source", _cp), ("tax_included", _i),
                ("not_taxable", _i)]


class _Summary(ctypes.Structure):
    _fields_ = [(n, _d) for n in ("total_jpy", "npv_cost_jpy", "eac_jpy_per_year", "capex_jpy",
                                  "opex_jpy_per_year", "cost_per_km2_jpy",
                                  "cost_per_device_jpy", "cost_per_mbps_jpy")]


_DESIGN_VERSION = 3
_OPTIONS_VERSION = 1
_dp = ctypes.POINTER(_d)
_szp = ctypes.POINTER(_sz)
_itemp = ctypes.POINTER(_CostItem)

_opts_init = declare("dx_cost_options_init", _i, [ctypes.POINTER(_Options), _u])
_opts_size = declare("dx_cost_options_size", _sz, [])
_design_init = declare("dx_cost_design_init", _i, [ctypes.POINTER(_Design), _u])
_design_size = declare("dx_cost_design_size", _sz, [])
_n_years = declare("dx_cost_n_years", _sz, [ctypes.POINTER(_Options)])
_bom = declare("dx_cost_bom", _i, [_vp, ctypes.POINTER(_Design), _i, _vp, _sz, _itemp, _szp],
               errcheck=False)
_cash = declare("dx_cost_cash_flows_jpy", _i, [_sz, _itemp, ctypes.POINTER(_Options), _sz,
                                               c_double_p])
_summ = declare("dx_cost_summarise", _i, [_sz, _itemp, ctypes.POINTER(_Design),
                                           ctypes.POINTER(_Options), ctypes.POINTER(_Summary)])
_lrf = declare("dx_cost_lease_rate_factor_ratio", _i, [_d, _dp])
_rtr = declare("dx_cost_rental_term_rate_ratio", _i, [_i, _dp])
_hire = declare("dx_cost_hire_terms", _i, [ctypes.POINTER(_Design), _vp, _dp, _dp,
                                           ctypes.POINTER(_i)])
_lvp = declare("dx_cost_lease_vs_purchase_jpy", _i, [_itemp, _d, _d, ctypes.POINTER(_Options),
                                                      _dp, _dp])
_draws = declare("dx_cost_npv_draws_jpy", _i, [_sz, _itemp, ctypes.POINTER(_Options),
                                                ctypes.POINTER(_i), _sz, _sz, c_double_p,
                                                c_double_p, c_double_p])
_lpay = declare("dx_cost_lease_payment_jpy", _i, [_d, _d, _d, _d, _i, _dp])
_cmp = declare("dx_cost_compare_procurement_jpy", _i, [_vp, ctypes.POINTER(_Design), _vp,
                                                        ctypes.POINTER(_Options), _dp])
_cdep = declare("dx_cost_depreciation_jpy", _i, [_sz, _itemp, _i, ctypes.POINTER(_Options), _sz,
                                                  c_double_p])
_item_size = declare("dx_programme_cost_item_size", _sz, [])
_tfind = declare("dx_technology_find", _i, [_cp, _vp])
_pb_builtin = declare("dx_price_book_builtin", _i, [ctypes.POINTER(_vp)])
_pb_load = declare("dx_price_book_load", _i, [_cp, ctypes.POINTER(_vp)])
_pb_parse = declare("dx_price_book_parse", _i, [_cp, _sz, ctypes.POINTER(_vp)])
_pb_free = declare("dx_price_book_free", None, [_vp])
_pb_override = declare("dx_price_book_override_ex", _i, [_vp, _cp, _d, _i, _cp])
_pb_count = declare("dx_price_book_count", _sz, [_vp])
_pb_entry = declare("dx_price_book_entry", _i, [_vp, _sz, ctypes.POINTER(_Entry)])
_pb_find = declare("dx_price_book_find", _i, [_vp, _cp, ctypes.POINTER(_Entry)])

if (ctypes.sizeof(_Options) != _opts_size() or ctypes.sizeof(_Design) != _design_size()
        or ctypes.sizeof(_CostItem) != _item_size()):
    raise ImportError("dxsim.cost: struct layout differs from the loaded libdxsim")

_DX_EBUFSIZE = -7


def _s(b):
    return b.decode("utf-8", "replace") if b is not None else ""


def _index(table, value, what):
    try:
        return table.index(value)
    except ValueError:
        raise ValueError(f"{what} = {value!r} (allowed: {', '.join(table)})") from None


# ---- price book -------------------------------------------------------------------


def _entry_dict(e):
    return {"key": _s(e.key), "name": _s(e.name), "unit": _s(e.unit), "low": e.low,
            "value": e.value, "high": e.high, "value_class": VALUE_CLASSES[e.value_class],
            "source": _s(e.source), "tax_included": bool(e.tax_included),
            "taxable": not e.not_taxable}


class PriceBook:
    """A price book handle (dx_price_book). Use builtin(), load(path) or parse(text)."""

    def __init__(self, handle: Optional[int]) -> None:
        self._h = _vp(handle)

    @classmethod
    def builtin(cls) -> "PriceBook":
        """The built-in price book (prices in JPY, tax included unless an entry says not)."""
        h = _vp()
        _pb_builtin(ctypes.byref(h))
        return cls(h.value)

    @classmethod
    def load(cls, path: PathLike) -> "PriceBook":
        """A price book read from a file (docs/cost-model.md format; prices in JPY)."""
        h = _vp()
        _pb_load(_args.path(path, "path"), ctypes.byref(h))
        return cls(h.value)

    @classmethod
    def parse(cls, text: Union[str, bytes]) -> "PriceBook":
        """A price book from its text (same format as load; prices in JPY)."""
        raw = _args.document(text, "text")
        h = _vp()
        _pb_parse(raw, len(raw), ctypes.byref(h))
        return cls(h.value)

    def override(self, key: str, value: Real, value_class: str = "INDICATIVE",
                 source: Optional[str] = None) -> None:
        """Set a price (JPY per the entry's unit, e.g. a quotation); class INDICATIVE and
        source "scenario override" by default."""
        _pb_override(self._h, _args.text(key, "key"), real(value, "value"),
                     _index(VALUE_CLASSES, value_class, "value_class"),
                     None if source is None else str(source).encode("utf-8"))

    def find(self, key: str) -> Dict[str, Any]:
        """The entry `key`: {key, name, unit, low, value, high (JPY per unit), value_class,
        source, tax_included}; DxError DX_ENOTFOUND when absent."""
        e = _Entry()
        _pb_find(self._h, _args.text(key, "key"), ctypes.byref(e))
        return _entry_dict(e)

    def entries(self) -> List[Dict[str, Any]]:
        """Every entry, as find() returns them (prices in JPY)."""
        out = []
        for i in range(_pb_count(self._h)):
            e = _Entry()
            _pb_entry(self._h, i, ctypes.byref(e))
            out.append(_entry_dict(e))
        return out

    def close(self) -> None:
        """Free the C price book (also done when the object is collected)."""
        if self._h:
            _pb_free(self._h)
            self._h = _vp()

    def __enter__(self) -> "PriceBook":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:  # safety net only
        try:
            self.close()
        except Exception:  # pragma: no cover
            pass


def builtin_prices() -> Any:
    """Entries of the built-in price book (list of dicts with key, value, low, high in JPY
    per the entry's unit, class, source)."""
    with PriceBook.builtin() as b:
        return b.entries()


# ---- options / design ----------------------------------------------------------------------


def options(**kw: Any) -> Any:
    """dx_cost_options with defaults (horizon 5 y, 4 % discount, 10 % tax, output tax included),
    updated from keyword arguments named like the C fields."""
    o = _Options()
    _opts_init(ctypes.byref(o), _OPTIONS_VERSION)
    names = {f for f, _ in _Options._fields_} - {"version"}
    for k, v in kw.items():
        if k not in names:
            raise ValueError(f"unknown cost option {k!r} (allowed: {', '.join(sorted(names))})")
        _args.set_field(o, k, v)
    return o


def _design(d):
    s = _Design()
    _design_init(ctypes.byref(s), _DESIGN_VERSION)
    names = {f for f, _ in _Design._fields_} - {"version"}
    for k, v in dict(d or {}).items():
        if k not in names:
            raise ValueError(f"unknown design key {k!r} (allowed: {', '.join(sorted(names))})")
        _args.set_field(s, k, v, f"design {k}")
    return s


# ---- items ----------------------------------------------------------------------------------


def _item_dict(it, with_class=True):
    d = {"name": _s(it.name), "price_key": _s(it.price_key),
         "category": CATEGORIES[it.category], "procurement": PROCUREMENTS[it.procurement],
         "role": ROLES[it.role], "unit_price_jpy": it.unit_price_jpy,
         "tax_included": bool(it.tax_included), "quantity": it.quantity,
         "useful_life_years": it.useful_life_years, "leasable": bool(it.leasable),
         "months": it.months, "booked_in_first_year": bool(it.booked_in_first_year),
         "in_period": bool(it.in_period), "justification": _s(it.justification),
         "source": _s(it.source), "taxable": not it.not_taxable}
    if with_class:
        d["value_class"] = VALUE_CLASSES[it.value_class]
    return d


_ITEM_KEYS = {"name", "category", "procurement", "unit_price_jpy", "tax_included", "quantity",
              "useful_life_years", "leasable", "role", "months", "booked_in_first_year",
              "in_period", "justification", "price_key", "source", "value_class", "taxable"}


def _default_procurement(category):
    """Procurement of an item dict without one, for the cash-flow functions."""
    return {"lease": "lease", "subscription": "subscription", "cloud": "subscription",
            "utilities": "service", "communications": "service",
            "radio-usage-fee": "service"}.get(category, "purchase")


def _fill(dst, d, i, default_procurement=_default_procurement):
    """Fill one _CostItem from an item dict (default_procurement(category) when it has none)."""
    unknown = set(d) - _ITEM_KEYS
    if unknown:
        raise ValueError(f"items[{i}]: unknown keys {sorted(unknown)}")
    cat = d.get("category", "other")
    dst.name = str(d.get("name", f"item {i}")).encode("utf-8")[:95]
    dst.price_key = str(d.get("price_key", "")).encode("utf-8")[:47]
    dst.category = _index(CATEGORIES, cat, f"items[{i}].category")
    proc = d["procurement"] if "procurement" in d else default_procurement(cat)
    dst.procurement = _index(PROCUREMENTS, proc, f"items[{i}].procurement")
    dst.role = _index(ROLES, d.get("role", "other"), f"items[{i}].role")
    dst.unit_price_jpy = real(d.get("unit_price_jpy", 0.0), f"items[{i}].unit_price_jpy")
    dst.tax_included = 1 if d.get("tax_included", False) else 0
    dst.quantity = real(d.get("quantity", 1.0), f"items[{i}].quantity")
    dst.useful_life_years = real(d.get("useful_life_years", 0.0), f"items[{i}].useful_life_years")
    dst.leasable = 1 if d.get("leasable", True) else 0
    dst.months = real(d.get("months", 0.0), f"items[{i}].months")
    dst.booked_in_first_year = 1 if d.get("booked_in_first_year", False) else 0
    dst.in_period = 1 if d.get("in_period", True) else 0
    dst.justification = str(d.get("justification") or "").encode("utf-8")[:159]
    dst.value_class = _index(VALUE_CLASSES, d.get("value_class", "ASSUMED"), f"items[{i}].value_class")
    dst.source = str(d.get("source", "")).encode("utf-8")[:159]
    # taxable False: a state fee (不課税), no consumption tax on it; by default the
    # category's (licence-application-fee, radio-usage-fee: not taxable), as the C readers
    default_taxable = not _category_not_taxable(dst.category)
    dst.not_taxable = 0 if d.get("taxable", default_taxable) else 1


def _items(items, default_procurement=_default_procurement):
    if isinstance(items, (str, bytes)) or isinstance(items, Mapping):
        raise ArgumentError(_args.DX_EINVAL, f"items = {items!r:.60} (allowed: a sequence of "
                                             f"item dicts)")
    items = list(items)
    arr = (_CostItem * max(1, len(items)))()
    for i, d in enumerate(items):
        if not isinstance(d, Mapping):  # a list item raised AttributeError: no .get
            raise ArgumentError(_args.DX_EINVAL, f"items[{i}] = {d!r:.60} of type "
                                                 f"{type(d).__name__} (allowed: a dict of "
                                                 f"item keys)")
        _fill(arr[i], d, i, default_procurement)
    return len(items), arr


def bom(tech_id: str, design: Dict[str, Any], mode: str = "purchase", book: Any = None,
        programme_compatible: bool = False) -> List[Any]:
    """Bill of materials of a built-in technology for a design dict (keys of dx_cost_design:
    n_sites, sectors_per_site, n_radios, n_devices, n_solution_devices, outdoor,
    core_on_premises, horizon_years, area_km2, delivered_bps, n_edge_servers,
    lease_term_years, include_spares, rental_months: > 0 rents the leasable equipment
    short-term for that many months instead of leasing it, see hire_terms).
    mode: "purchase", "lease" or "subscription".
    The items feed cost.cash_flows / summarise and programme.evaluate as they are.
    programme_compatible: no longer needed (programme.evaluate accepts value_class);
    kept for existing callers: True still leaves the value_class key out."""
    tech = ctypes.create_string_buffer(16384)  # holds a dx_technology (well under 2 kB)
    check(_tfind(str(tech_id).encode(), tech))
    d = _design(design)
    m = _index(("purchase", "lease", "subscription"), mode, "mode")
    h = book._h if book is not None else None
    n = _sz()
    st = _bom(tech, ctypes.byref(d), m, h, 0, None, ctypes.byref(n))
    if st < 0 and st != _DX_EBUFSIZE:
        check(st)
    arr = (_CostItem * max(1, n.value))()
    check(_bom(tech, ctypes.byref(d), m, h, n.value, arr, ctypes.byref(n)))
    return [_item_dict(arr[i], not programme_compatible) for i in range(n.value)]


def n_years(**opts: Any) -> int:
    """Number of yearly columns of cash_flows for these options."""
    o = options(**opts)
    return _n_years(ctypes.byref(o))


def cash_flows(items: Sequence[Dict[str, Any]], **opts: Any) -> List[Any]:
    """Yearly costs (positive JPY), year 0 first; options as keyword arguments
    (horizon_years, tax_rate_ratio, output_tax_included, start_year, start_month, ...)."""
    o = options(**opts)
    ny = _n_years(ctypes.byref(o))
    n, arr = _items(items)
    out = out_array(ny)
    _cash(n, arr, ctypes.byref(o), ny, out)
    return [out[i] for i in range(ny)]


def summarise(items: Sequence[Dict[str, Any]], design: Optional[Dict[str, Any]] = None,
              **opts: Any) -> Dict[str, Any]:
    """Totals, NPV of costs, EAC, capex/opex (JPY) and cost per km², device and Mbit/s
    (JPY/km², JPY/device, JPY/(Mbit/s)) as a dict whose keys carry their units."""
    o = options(**opts)
    n, arr = _items(items)
    s = _Summary()
    d = _design(design) if design is not None else None
    _summ(n, arr, ctypes.byref(d) if d is not None else None, ctypes.byref(o), ctypes.byref(s))
    return {f: getattr(s, f) for f, _ in _Summary._fields_}


def lease_rate_factor(term_years: float) -> float:
    """Monthly lease-rate factor (ratio of the price paid per month) for a 3..7-year term
    (term_years in years; domain-japan §5)."""
    out = _d()
    _lrf(real(term_years, "term_years"), ctypes.byref(out))
    return out.value


def rental_term_rate(months: int) -> float:
    """Short-term rental term rate: the monthly rental of a `months`-month contract as a
    share of the 1-month rental (one rental company's table, INDICATIVE; see
    dx_cost_rental_term_rate_ratio)."""
    out = _d()
    _rtr(_args.count(months, "months", 0, 2**31 - 1), ctypes.byref(out))
    return out.value


def hire_terms(design: Dict[str, Any], book: Any = None) -> Dict[str, Any]:
    """How a design's leasable equipment is hired under mode "lease": a dict with
    factor_per_month (monthly price / purchase price), months and rental (True for a
    short-term rental, design key rental_months > 0; False for a lease)."""
    d = _design(design)
    f, m, r = _d(), _d(), _i()
    _hire(ctypes.byref(d), book._h if book is not None else None, ctypes.byref(f),
          ctypes.byref(m), ctypes.byref(r))
    return {"factor_per_month": f.value, "months": m.value, "rental": bool(r.value)}


def depreciation(items: Sequence[Dict[str, Any]], method: str = "jp-declining-200",
                 **opts: Any) -> List[Any]:
    """Yearly depreciation expense (accounting view) of the purchased items.
    method: "straight-line", "jp-straight-line" or "jp-declining-200"; amounts in JPY per year."""
    methods = {"straight-line": 0, "jp-straight-line": 1, "jp-declining-200": 2}
    if method not in methods:
        raise ValueError(f"method = {method!r} (allowed: {', '.join(methods)})")
    o = options(**opts)
    ny = _n_years(ctypes.byref(o))
    n, arr = _items(items)
    out = out_array(ny)
    _cdep(n, arr, methods[method], ctypes.byref(o), ny, out)
    return [out[i] for i in range(ny)]


def lease_payment(price_jpy: float, term_years: float, annual_rate: float,
                  residual_ratio: float = 0.0, in_advance: bool = True) -> float:
    """Interest-based monthly lease payment (positive JPY) for price_jpy (JPY) over
    term_years (years) at annual_rate (ratio per year), leaving residual_ratio of the price;
    paid at the start of each month when in_advance."""
    out = _d()
    _lpay(real(price_jpy, "price_jpy"), real(term_years, "term_years"), real(annual_rate, "annual_rate"), real(residual_ratio, "residual_ratio"),
          1 if in_advance else 0, ctypes.byref(out))
    return out.value


def compare_procurement(tech_id: str, design: Dict[str, Any], book: Any = None,
                        **opts: Any) -> Dict[str, Any]:
    """PV of the whole BOM under each mode: {"purchase", "lease", "subscription"} in JPY.
    Without options the horizon is the design's."""
    tech = ctypes.create_string_buffer(16384)
    check(_tfind(str(tech_id).encode(), tech))
    d = _design(design)
    o = None
    if opts:
        opts.setdefault("horizon_years", d.horizon_years)
        o = options(**opts)
    out = (_d * 3)()
    _cmp(tech, ctypes.byref(d), book._h if book is not None else None,
         ctypes.byref(o) if o is not None else None, out)
    return {"purchase": out[0], "lease": out[1], "subscription": out[2]}


def lease_vs_purchase(item: Dict[str, Any], maintenance_ratio_per_year: float = 0.10,
                      term_years: float = 5,
                      **opts: Any) -> Dict[str, Any]:
    """PVs (JPY) of buying and of leasing one purchased item over term_years (years), with
    maintenance of maintenance_ratio_per_year (ratio of the price per year) when bought:
    {"pv_purchase_jpy", "pv_lease_jpy"}."""
    n, arr = _items([item])
    o = options(**opts)
    a, b = _d(), _d()
    _lvp(arr, real(maintenance_ratio_per_year, "maintenance_ratio_per_year"), real(term_years, "term_years"), ctypes.byref(o),
         ctypes.byref(a), ctypes.byref(b))
    return {"pv_purchase_jpy": a.value, "pv_lease_jpy": b.value}


def npv_draws(items: Sequence[Dict[str, Any]], input_of_item: Sequence[int],
              scales: ArrayLike, rates: Optional[ArrayLike] = None, **opts: Any) -> List[Any]:
    """PV of the costs (JPY) for each draw: scales is a list (or 2-D array) of n_draws rows
    of n_inputs multipliers (ratios); item i uses column input_of_item[i] (-1 = fixed);
    rates: optional discount rate (ratio per year) of each draw, n_draws values. Rows of
    different lengths and a rates length other than n_draws are refused (DxError)."""
    n, arr = _items(items)
    o = options(**opts)
    try:
        import numpy as np
    except ImportError:  # pragma: no cover
        np = None
    if np is not None and isinstance(scales, np.ndarray):
        if scales.ndim != 2:
            raise ArgumentError(_args.DX_EINVAL, f"scales: array of shape {scales.shape} "
                                                 "(allowed: 2-D, n_draws x n_inputs)")
        sc = np.ascontiguousarray(_args.float_array(scales, "scales"))
        n_draws, n_inputs = sc.shape
        sp = sc.ctypes.data_as(c_double_p)
    else:
        flat, n_draws, n_inputs = _args.matrix(scales, "scales")  # ragged rows refused
        sp = dbl_array(flat)
    if len(input_of_item) != n:
        raise ArgumentError(_args.DX_EINVAL, f"input_of_item has {len(input_of_item)} entries "
                                             f"for {n} items (allowed: one per item)")
    cols = [_args.c_int(k, f"input_of_item[{i}]", -1, max(n_inputs - 1, -1))
            for i, k in enumerate(input_of_item)]
    mp = (ctypes.c_int * max(1, n))(*cols)
    rp = None
    if rates is not None and np is not None and isinstance(rates, np.ndarray):
        rates = np.ascontiguousarray(_args.float_array(rates, "rates"))
        if rates.shape != (n_draws,):
            raise ArgumentError(_args.DX_EINVAL, f"rates has shape {rates.shape}, need "
                                                 f"({n_draws},)")
        rp = rates.ctypes.data_as(c_double_p)
    elif rates is not None:
        rates = _args.vector(rates, "rates")
        if len(rates) != n_draws:
            raise ArgumentError(_args.DX_EINVAL, f"rates has {len(rates)} values, need {n_draws} "
                                                 "(one per row of scales)")
        rp = dbl_array(rates)
    if np is not None and isinstance(scales, np.ndarray):
        res = np.empty(n_draws)
        _draws(n, arr, ctypes.byref(o), mp, n_inputs, n_draws, sp, rp, res.ctypes.data_as(c_double_p))
        return res
    out = out_array(n_draws)
    _draws(n, arr, ctypes.byref(o), mp, n_inputs, n_draws, sp, rp, out)
    return [out[i] for i in range(n_draws)]
