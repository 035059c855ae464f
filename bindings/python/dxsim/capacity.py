"""Capacity models of libdxsim (include/dxsim/capacity.h).

    from dxsim import capacity as cap
    cap.lora_pdr_ratio(2000, 48, 0.3707, 8)             # pure ALOHA exp(-2G)
    cap.lora_simulate_pdr(2000, 48, 0.3707, 8)          # event simulation
    cap.lora_arib_max_msgs_per_hour(0.3707, "128us")    # 971
    cap.wifi_efficiency_ratio(20, "s1g", 3.9e6)         # Bianchi 2000
    cap.nr_cell_throughput_mbps([120, 60, 30])          # round robin: 70
    cap.plan("halow", (0, 0, 25, 96, 64), target_coverage_ratio=0.9,
             demand=[dict(name="camera", count=60, ul_bps=0.25e6)])

Errors raise DxError with the C message.
"""
from __future__ import annotations

import ctypes
from typing import Any, Dict, List, Optional, Sequence, Tuple

from ._lib import DxError, declare
from . import _args
from ._args import dbl_array
from . import coverage as _cov
from . import phy as _phy

__all__ = ["lora_pdr_ratio", "lora_max_devices", "lora_simulate_pdr",
           "lora_arib_max_msgs_per_hour", "wifi_saturation_bps", "wifi_efficiency_ratio",
           "nr_cell_throughput_mbps", "cell_capacity_mbps", "cell_loads", "plan", "DxError"]

_d, _i, _u, _sz, _u64 = ctypes.c_double, ctypes.c_int, ctypes.c_uint, ctypes.c_size_t, ctypes.c_uint64
_dp = ctypes.POINTER(ctypes.c_double)


class _Mac(ctypes.Structure):
    _fields_ = [("version", _u), ("cw_min", _d), ("max_backoff_stage", _i), ("slot_s", _d),
                ("sifs_s", _d), ("difs_s", _d), ("data_s", _d), ("ack_s", _d),
                ("payload_bits", _d)]


class _LoraSim(ctypes.Structure):
    _fields_ = [("version", _u), ("duration_s", _d), ("capture_threshold_db", _d),
                ("power_spread_db", _d), ("seed", _u64)]


class _Demand(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char * 256), ("count", _d), ("distribution", _i), ("ul_bps", _d),
                ("dl_bps", _d), ("msg_bytes", _d), ("msgs_per_day", _d), ("peak_ul_bps", _d),
                ("peak_dl_bps", _d), ("latency", _i), ("n_clusters", _sz),
                ("cluster_radius_m", _d), ("n_points", _sz), ("points_x_m", _dp),
                ("points_y_m", _dp)]


class _PlanOptions(ctypes.Structure):
    _fields_ = [("version", _u), ("method", _i), ("target_coverage_ratio", _d),
                ("max_utilisation_ratio", _d), ("max_sites", _sz), ("lora_target_pdr_ratio", _d),
                ("lora_airtime_s", _d), ("seed", _u64)]


class _PlanResult(ctypes.Structure):
    _fields_ = [("n_sites", _sz), ("sites_for_coverage", _sz), ("coverage_ratio", _d),
                ("max_utilisation_ratio", _d), ("busiest_cell", _sz), ("bound", _i), ("met", _i),
                ("offered_ul_bps", _d), ("offered_dl_bps", _d)]


class _CellLoad(ctypes.Structure):
    _fields_ = [(n, _d) for n in ("devices", "offered_ul_bps", "offered_dl_bps",
                                  "capacity_ul_mbps", "capacity_dl_mbps", "max_devices",
                                  "utilisation_ratio")]


_FAMILY = {"he": 1, "wifi-he": 1, "eht": 2, "wifi-eht": 2, "s1g": 3, "wifi-s1g": 3, "halow": 3}
_CS = {"5ms": 0, "128us": 1}
_BOUND = {0: "coverage", 1: "capacity", 2: "unmet"}

_pdr = declare("dx_capacity_lora_pdr_ratio", _i, [_d, _d, _d, _i, _d, _dp, _dp])
_maxdev = declare("dx_capacity_lora_max_devices", _i, [_d, _d, _d, _i, _d, _dp])
_arib = declare("dx_capacity_lora_arib_max_msgs_per_hour", _i, [_d, _i, _i, _dp])
_sim_init = declare("dx_lora_sim_options_init", _i, [ctypes.POINTER(_LoraSim), _u])
_sim_size = declare("dx_lora_sim_options_size", _sz, [])
_sim = declare("dx_capacity_lora_simulate_pdr", _i,
               [_d, _d, _d, _i, ctypes.POINTER(_LoraSim), _dp, _dp])
_mac_init = declare("dx_wifi_mac_params_init", _i, [ctypes.POINTER(_Mac), _u, _i, _d])
_mac_size = declare("dx_wifi_mac_params_size", _sz, [])
_sat = declare("dx_capacity_wifi_saturation", _i, [_d, ctypes.POINTER(_Mac), _dp, _dp])
_eff = declare("dx_capacity_wifi_efficiency_ratio", _i, [_d, _i, _d, _dp])
_nr = declare("dx_capacity_nr_cell_throughput_mbps", _i, [_sz, _dp, _i, _dp, _dp])
_cellcap = declare("dx_capacity_cell_capacity_mbps", _i, [ctypes.c_void_p, _d, _d, _dp])
_loads = declare("dx_capacity_cell_loads", _i,
                 [ctypes.c_void_p, ctypes.c_void_p, ctypes.POINTER(_cov._Options),
                  ctypes.POINTER(_PlanOptions), _sz, ctypes.POINTER(_Demand), _sz,
                  ctypes.POINTER(_CellLoad)])
_plan_init = declare("dx_plan_options_init", _i, [ctypes.POINTER(_PlanOptions), _u])
_plan_size = declare("dx_plan_options_size", _sz, [])
_plan = declare("dx_coverage_plan", _i,
                [ctypes.POINTER(_cov._Grid), ctypes.c_void_p, ctypes.POINTER(_cov._Options),
                 ctypes.POINTER(_PlanOptions), _sz, ctypes.POINTER(_cov._Site), _sz,
                 ctypes.POINTER(_Demand), _sz, ctypes.POINTER(_cov._Site),
                 ctypes.POINTER(_PlanResult)])


_SCHEDULERS = {"round-robin": 0, "equal-rate": 1}
_PLAN_METHODS = {"hex": 0, "candidates": 1}  # dx_plan_method
_r = _args.real  # a float from any real number; strings and None refused


def _out1(fn: Any, *args: Any) -> float:
    v = _d()
    fn(*args, ctypes.byref(v))
    return v.value


def lora_pdr_ratio(n_devices: float, msgs_per_day: float, airtime_s: float, n_channels: int = 1,
                   capture_ratio: float = 0.0) -> float:
    """Pure-ALOHA delivery ratio (0..1) exp(-2G(1 - capture)) of one SF pool: n_devices
    devices each sending msgs_per_day messages of airtime_s (s) over n_channels channels;
    capture_ratio: share (0..1) of collisions the stronger packet survives."""
    out = _d()
    _pdr(_r(n_devices, "n_devices"), _r(msgs_per_day, "msgs_per_day"),
         _r(airtime_s, "airtime_s"), _args.c_int(n_channels, "n_channels"),
         _r(capture_ratio, "capture_ratio"), ctypes.byref(out), None)
    return out.value


def lora_max_devices(target_pdr_ratio: float, msgs_per_day: float, airtime_s: float,
                     n_channels: int = 1, capture_ratio: float = 0.0) -> float:
    """Devices one LoRa gateway serves at a delivery ratio >= target_pdr_ratio (0..1) in one
    SF pool: -ln(target) / (2 (1 - capture_ratio) msgs_per_day / 86400 airtime_s / n_channels);
    airtime_s: time on air of one message (s)."""
    return _out1(_maxdev, _r(target_pdr_ratio, "target_pdr_ratio"),
                 _r(msgs_per_day, "msgs_per_day"), _r(airtime_s, "airtime_s"),
                 _args.c_int(n_channels, "n_channels"), _r(capture_ratio, "capture_ratio"))


def lora_simulate_pdr(n_devices: float, msgs_per_day: float, airtime_s: float, n_channels: int = 1,
                      duration_s: float = 86400.0, capture_threshold_db: float = 6.0,
                      power_spread_db: float = 0.0, seed: int = 1) -> float:
    """Delivery ratio (0..1) of n_devices sending msgs_per_day messages of airtime_s (s) each,
    by Monte Carlo over duration_s (s) with capture above capture_threshold_db (dB) and
    received powers spread uniformly over power_spread_db (dB); seeded, reproducible."""
    o = _LoraSim()
    _sim_init(ctypes.byref(o), 1)
    o.duration_s = _r(duration_s, "duration_s")
    o.capture_threshold_db = _r(capture_threshold_db, "capture_threshold_db")
    o.power_spread_db = _r(power_spread_db, "power_spread_db")
    o.seed = _args.count(seed, "seed", 0, 2 ** 64 - 1)
    pdr, sent = _d(), _d()
    _sim(_r(n_devices, "n_devices"), _r(msgs_per_day, "msgs_per_day"), _r(airtime_s, "airtime_s"),
         _args.c_int(n_channels, "n_channels"), ctypes.byref(o), ctypes.byref(pdr),
         ctypes.byref(sent))
    return pdr.value


def lora_arib_max_msgs_per_hour(airtime_s: float, cs: str = "5ms",
                                dwell_limit: bool = True) -> float:
    """Most messages per hour (1/h) ARIB STD-T108 allows for a message of airtime_s (s):
    cs: the carrier-sense time, "5ms" or "128us"; with the 400 ms AS923 dwell limit when
    dwell_limit; DxError DX_EREFUSED when one message exceeds a limit."""
    return _out1(_arib, _r(airtime_s, "airtime_s"), _args.choice(_CS, cs, "cs"), int(bool(dwell_limit)))


def wifi_saturation_bps(n_stations: float, family: str = "he", phy_rate_bps: float = 54e6,
                        **timing: Any) -> float:
    """Bianchi saturation payload throughput (bit/s) of n_stations saturated stations (a real
    number, as the C model takes it) at phy_rate_bps (bit/s), with the family's default
    timing; timing: fields of dx_wifi_mac_params (slot_s, sifs_s ... in s) to override."""
    p = _Mac()
    _mac_init(ctypes.byref(p), 1, _args.choice(_FAMILY, family, "family"), _r(phy_rate_bps, "phy_rate_bps"))
    for k, v in timing.items():
        _args.set_field(p, k, v)
    return _sat_bps(_r(n_stations, "n_stations"), p)


def _sat_bps(n, p):
    bps = _d()
    _sat(n, ctypes.byref(p), ctypes.byref(bps), None)
    return bps.value


def wifi_efficiency_ratio(n_stations: float, family: str, phy_rate_bps: float) -> float:
    """MAC efficiency ratio (0..1): saturation payload throughput of n_stations (Bianchi,
    the family's default timing) divided by phy_rate_bps (bit/s)."""
    return _out1(_eff, _r(n_stations, "n_stations"), _args.choice(_FAMILY, family, "family"), _r(phy_rate_bps, "phy_rate_bps"))


def nr_cell_throughput_mbps(rates_mbps: Sequence[float], scheduler: str = "round-robin") -> float:
    """Cell throughput (Mbit/s) of full-buffer users at rates_mbps (Mbit/s, one per location):
    scheduler "round-robin" (equal time, the arithmetic mean) or "equal-rate" (equal
    throughput, the harmonic mean)."""
    r = _args.vector(rates_mbps, "rates_mbps")
    sched = _args.choice(_SCHEDULERS, scheduler, "scheduler")
    out = _d()
    _nr(len(r), dbl_array(r), sched, ctypes.byref(out), None)
    return out.value


def cell_capacity_mbps(technology: str, mean_rate_mbps: float, n_devices: float) -> float:
    """Capacity (Mbit/s) one cell of `technology` offers n_devices whose mean full-buffer rate
    is mean_rate_mbps (Mbit/s): NR/Wi-Fi/HaLow with contention losses, LTE-M an ASSUMED 10 %
    of the catalogue rate (see dx_capacity_cell_capacity_mbps); DxError for LoRa."""
    t = _phy.technology_struct(technology)
    return _out1(_cellcap, ctypes.byref(t), _r(mean_rate_mbps, "mean_rate_mbps"), _r(n_devices, "n_devices"))


def _demands(demand):
    demand = list(demand or [])
    dem = (_Demand * max(1, len(demand)))()
    keep = []
    for k, d in enumerate(demand or []):
        for key, value in d.items():
            if key == "name":
                dem[k].name = str(value).encode()[:31]
            elif key == "distribution":
                dem[k].distribution = _args.choice({"uniform": 0, "clustered": 1, "points": 2},
                                                   value, f"demand[{k}].distribution")
            elif key == "points":
                xs = dbl_array([_args.finite(p[0], f"demand[{k}].points[{i}][0]", "m")
                                for i, p in enumerate(value)])
                ys = dbl_array([_args.finite(p[1], f"demand[{k}].points[{i}][1]", "m")
                                for i, p in enumerate(value)])
                keep += [xs, ys]
                dem[k].n_points = len(value)
                dem[k].points_x_m = ctypes.cast(xs, _dp)
                dem[k].points_y_m = ctypes.cast(ys, _dp)
                dem[k].distribution = 2
            else:
                _args.set_field(dem[k], key, value, f"demand[{k}].{key}")
    return dem, keep


def cell_loads(result: Any, technology: str, demand: Any,
               coverage_options: Any = None) -> List[Any]:
    """Per-cell load (list of dicts) of a coverage.run() result kept with the best_cell layer;
    demand: list of dicts of dx_demand_class fields (points=[(x, y), ...] for point demand)."""
    tech = _phy.technology_struct(technology)
    o, keep = _cov._options(**(coverage_options or {}))
    dem, keep2 = _demands(demand)
    n = len(result.cells)
    out = (_CellLoad * max(1, n))()
    _loads(result._h, ctypes.byref(tech), ctypes.byref(o), None, len(demand or []), dem, n,
           out)
    del keep, keep2
    return [{name: getattr(out[c], name) for name, _ in _CellLoad._fields_} for c in range(n)]


def plan(technology: str, grid: Sequence[float], method: str = "hex", candidates: Any = None,
         demand: Any = None, max_sites: int = 500, coverage_options: Any = None,
         **plan_options: Any) -> Tuple[Dict[str, Any], List[Tuple[float, float]]]:
    """Planner: add sites until coverage and capacity targets are met on grid (x0_m, y0_m,
    resolution_m, nx, ny). method "hex" (hexagonal lattice) or "candidates" (greedy among
    candidate sites, (x_m, y_m) tuples or dicts); demand: dicts of dx_demand_class fields;
    max_sites: upper bound (1 .. 10^7). Returns (result dict with 'bound' as text, list of
    (x_m, y_m) of the sites in m)."""
    tech = _phy.technology_struct(technology)
    g = _cov._grid(grid)
    o, keep = _cov._options(**(coverage_options or {}))
    po = _PlanOptions()
    _plan_init(ctypes.byref(po), 1)
    po.method = _args.choice(_PLAN_METHODS, method, "method")
    max_sites = _args.count(max_sites, "max_sites", 1, 10_000_000)
    po.max_sites = max_sites
    for k, v in plan_options.items():
        _args.set_field(po, k, v)  # AttributeError for an unknown option, as before
    cand = _cov._sites(tech, candidates or [])
    dem, keep2 = _demands(demand)
    out_sites = (_cov._Site * max_sites)()
    res = _PlanResult()
    _plan(ctypes.byref(g), ctypes.byref(tech), ctypes.byref(o), ctypes.byref(po),
          len(candidates or []), cand, len(demand or []), dem, int(max_sites), out_sites,
          ctypes.byref(res))
    del keep, keep2
    r = {name: getattr(res, name) for name, _ in _PlanResult._fields_}
    r["bound"] = _BOUND[r["bound"]]
    return r, [(out_sites[k].x_m, out_sites[k].y_m) for k in range(res.n_sites)]


for _s, _f in ((_Mac, _mac_size), (_LoraSim, _sim_size), (_PlanOptions, _plan_size)):
    if ctypes.sizeof(_s) != _f():
        raise ImportError(f"dxsim.capacity: {_s.__name__} layout differs from the library")
