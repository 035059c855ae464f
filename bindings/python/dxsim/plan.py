"""dxsim.plan: the planning stage (include/dxsim/plan.h) through dx_compare_plan.

    import dxsim
    designs = dxsim.plan.run("examples/scenarios/bus-route-level4.xml", fidelity="grid")
    designs[0]["id"], designs[0]["sites"], designs[0]["site_positions"][:2]

Every front door (`dxsim run`, `dxsim coverage`, this module) takes its design
from the same function, so sites, channel width and feasibility agree.
"""
import ctypes
import os
from typing import Any, Callable, Dict, List, Optional

from ._lib import declare, lib as _lib
from ._args import PathLike, Real, real
from .coverage import _Site

__all__ = ["run", "FIDELITIES"]

FIDELITIES = ("analytic", "grid")
_ID_MAX = 32
_TEXT_MAX = 1024


class _PlanTech(ctypes.Structure):
    """dx_plan_tech, in C field order."""
    _fields_ = [("id", ctypes.c_char * _ID_MAX), ("fidelity", ctypes.c_int),
                ("legal", ctypes.c_int), ("feasible", ctypes.c_int),
                ("verdict", ctypes.c_char * _TEXT_MAX), ("tdd_frame", ctypes.c_char * 16),
                ("fc_hz", ctypes.c_double), ("bw_hz", ctypes.c_double),
                ("bs_height_m", ctypes.c_double), ("sectors", ctypes.c_int),
                ("propagation_model", ctypes.c_char * 24), ("model_out_of_range", ctypes.c_int),
                ("mapl_dl_db", ctypes.c_double), ("mapl_ul_db", ctypes.c_double),
                ("limiting_link", ctypes.c_char * 4), ("shadow_sigma_db", ctypes.c_double),
                ("shadow_margin_db", ctypes.c_double), ("cell_radius_m", ctypes.c_double),
                ("interference_margin_db", ctypes.c_double),
                ("sites", ctypes.c_size_t), ("radios", ctypes.c_size_t),
                ("bound_by", ctypes.c_char * 16), ("coverage_ratio", ctypes.c_double),
                ("devices", ctypes.c_double), ("classes_unserved", ctypes.c_size_t),
                ("required_dl_mbps", ctypes.c_double), ("required_ul_mbps", ctypes.c_double),
                ("edge_dl_mbps", ctypes.c_double), ("edge_ul_mbps", ctypes.c_double),
                ("offered_dl_mbps", ctypes.c_double), ("offered_ul_mbps", ctypes.c_double),
                ("capacity_dl_mbps", ctypes.c_double), ("capacity_ul_mbps", ctypes.c_double),
                ("tco_jpy", ctypes.c_double), ("planning_life_years", ctypes.c_double),
                ("sites_area", ctypes.c_size_t), ("sites_corridor", ctypes.c_size_t),
                ("corridor_spacing_m", ctypes.c_double), ("n_routes", ctypes.c_size_t),
                ("sites_given", ctypes.c_size_t), ("sites_candidate", ctypes.c_size_t),
                ("sites_new", ctypes.c_size_t), ("sites_need_pole", ctypes.c_size_t),
                ("sites_need_power", ctypes.c_size_t), ("sites_need_backhaul", ctypes.c_size_t),
                ("terminals_module", ctypes.c_double), ("terminals_cpe", ctypes.c_double)]


class _RunOptions(ctypes.Structure):
    """dx_plan_run_options, in C field order."""
    _fields_ = [("version", ctypes.c_uint), ("fidelity", ctypes.c_int),
                ("grid_resolution_m", ctypes.c_double), ("tco_fn", ctypes.c_void_p),
                ("tco_user", ctypes.c_void_p), ("only_tech", ctypes.c_char_p),
                ("progress_fn", ctypes.c_void_p), ("progress_user", ctypes.c_void_p)]


# dx_progress_fn: void (*)(void *user, const char *stage, double done_ratio)
PROGRESS_FN = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_double)


class _Progress:
    """A Python progress(stage, done_ratio) as a dx_progress_fn (pointer()). An
    exception cannot cross the C call: the first one is kept, later calls are skipped,
    and reraise() raises it once the call has returned (it used to be printed as
    'Exception ignored' at every call and lost, Ctrl-C and a wrong signature included)."""

    def __init__(self, progress: Callable[[str, float], Any]) -> None:
        self.error: Optional[BaseException] = None

        def _cb(user, stage, ratio):
            if self.error is not None:
                return
            try:
                progress(stage.decode("utf-8", "replace"), ratio)
            except BaseException as e:  # noqa: B902 - raised again by reraise()
                self.error = e
        self._fn = PROGRESS_FN(_cb)  # kept alive with this object

    def pointer(self) -> ctypes.c_void_p:
        return ctypes.cast(self._fn, ctypes.c_void_p)

    def reraise(self) -> None:
        if self.error is not None:
            raise self.error


_vp = ctypes.c_void_p
_vpp = ctypes.POINTER(ctypes.c_void_p)
_sz = ctypes.c_size_t
_tech_size = declare("dx_plan_tech_size", _sz, [], errcheck=False)
_opts_size = declare("dx_plan_run_options_size", _sz, [], errcheck=False)
_opts_init = declare("dx_plan_run_options_init", ctypes.c_int,
                     [ctypes.POINTER(_RunOptions), ctypes.c_uint])
_load = declare("dx_scenario_load", ctypes.c_int, [ctypes.c_char_p, _vp, _vpp])
_load_mem = declare("dx_scenario_load_memory", ctypes.c_int,
                    [ctypes.c_char_p, _sz, ctypes.c_char_p, _vp, _vpp])
_sc_free = declare("dx_scenario_free", None, [_vp], errcheck=False)
_plan = declare("dx_compare_plan", ctypes.c_int, [_vp, ctypes.POINTER(_RunOptions), _vpp])
_free = declare("dx_plan_free", None, [_vp], errcheck=False)
_count = declare("dx_plan_count", _sz, [_vp], errcheck=False)
_get = declare("dx_plan_get", ctypes.c_int, [_vp, _sz, ctypes.POINTER(_PlanTech)])
_sites = declare("dx_plan_sites", ctypes.c_int,
                 [_vp, _sz, _sz, ctypes.POINTER(_Site), ctypes.POINTER(_sz)])
class _RouteSummary(ctypes.Structure):
    """dx_coverage_route_summary, in C field order."""
    _fields_ = [("length_m", ctypes.c_double), ("n_samples", ctypes.c_size_t),
                ("n_handovers", ctypes.c_size_t), ("n_outage_segments", ctypes.c_size_t),
                ("outage_length_m", ctypes.c_double), ("covered_ratio", ctypes.c_double),
                ("ul_sustained_ratio", ctypes.c_double), ("ul_sustained", ctypes.c_int),
                ("min_rate_ul_mbps", ctypes.c_double)]


_route = declare("dx_plan_route", ctypes.c_int, [_vp, _sz, _sz, ctypes.POINTER(_RouteSummary)])
_note_count = declare("dx_plan_note_count", _sz, [_vp, _sz], errcheck=False)
_note = declare("dx_plan_note", ctypes.c_char_p, [_vp, _sz, _sz], errcheck=False)

if _tech_size() != ctypes.sizeof(_PlanTech) or _opts_size() != ctypes.sizeof(_RunOptions):
    raise ImportError("dxsim.plan: dx_plan_tech / dx_plan_run_options layout mismatch with the "
                      "loaded library")


def _design(handle: ctypes.c_void_p, i: int) -> Dict[str, Any]:
    t = _PlanTech()
    _get(handle, i, ctypes.byref(t))
    out = {}
    for name, _ in _PlanTech._fields_:
        v = getattr(t, name)
        out[name] = v.decode("utf-8", "replace") if isinstance(v, bytes) else v
    out["fidelity"] = FIDELITIES[t.fidelity]
    out["feasible"] = bool(t.feasible)
    out["legal"] = bool(t.legal)
    n = _sz(t.sites + 1)  # grid designs hold at most their site count
    buf = (_Site * n.value)()
    _sites(handle, i, n.value, buf, ctypes.byref(n))
    out["site_positions"] = [(buf[k].x_m, buf[k].y_m) for k in range(n.value)]
    routes = []
    for k in range(t.n_routes):
        r = _RouteSummary()
        _route(handle, i, k, ctypes.byref(r))
        routes.append({name: getattr(r, name) for name, _ in _RouteSummary._fields_})
        routes[-1]["ul_sustained"] = bool(r.ul_sustained)
    out["routes"] = routes
    out["notes"] = [_note(handle, i, k).decode("utf-8", "replace")
                    for k in range(_note_count(handle, i))]
    return out


def run(scenario: PathLike, fidelity: Optional[str] = None,
        grid_resolution_m: Real = 0.0, tech: Optional[str] = None,
        progress: Optional[Callable[[str, float], Any]] = None) -> List[Dict[str, Any]]:
    """Design of every candidate technology of a scenario (a file path, or XML
    text starting with '<'), as `dxsim run` costs it.

    fidelity: None (the scenario's <plan fidelity>), "analytic" or "grid".
    grid_resolution_m: pixel size (m) for the grid fidelity (0 = the scenario's or automatic).
    tech: plan only this technology id.
    progress: None, or a callable progress(stage, done_ratio) called as each
    technology is planned (done_ratio grows to 1.0).
    Returns a list of dicts (the fields of dx_plan_tech plus site_positions in
    local metres and the planning notes), in scenario order; costs in JPY, distances in m,
    rates in Mbit/s as each field's suffix says.
    """
    sc = ctypes.c_void_p()
    if isinstance(scenario, str) and scenario.lstrip().startswith("<"):
        data = scenario.encode("utf-8")
        _load_mem(data, len(data), b"scenario.xml", None, ctypes.byref(sc))
    else:
        _load(os.fsencode(scenario), None, ctypes.byref(sc))
    try:
        o = _RunOptions()
        _opts_init(ctypes.byref(o), 2)
        cb = _Progress(progress) if progress is not None else None
        if cb is not None:
            o.progress_fn = cb.pointer()
        if fidelity is not None:
            if fidelity not in FIDELITIES:
                raise ValueError(f"fidelity = {fidelity!r} (allowed: {', '.join(FIDELITIES)})")
            o.fidelity = FIDELITIES.index(fidelity)
        o.grid_resolution_m = real(grid_resolution_m, "grid_resolution_m")
        o.only_tech = tech.encode() if tech else None
        p = ctypes.c_void_p()
        _plan(sc, ctypes.byref(o), ctypes.byref(p))
    finally:
        _sc_free(sc)
    try:
        if cb is not None:
            cb.reraise()
        return [_design(p, i) for i in range(_count(p))]
    finally:
        _free(p)
