"""Coverage engine of libdxsim (include/dxsim/coverage.h): analytic planning and grid maps.

    from dxsim import coverage as cov
    cov.shadow_margin_db(8.0, 0.9)                       # 10.25 dB
    cov.area_probability_ratio(8.0, 4.0, 10.25)          # 0.963 (Jakes)
    cov.cell_radius_m("38901-uma", 3.5e9, 25, 1.5, 141.2, los="nlos")
    cov.hex_site_count(10.385e6, 1200.0, 3)              # 4.0
    with cov.run("halow", [(0, 0), (900, 0)], grid=(-500, -500, 25, 80, 40),
                 model="38901-umi") as r:
        r.summary["coverage_ratio"], r.layer("sinr_dl_db")  # rows south -> north
        r.write_kml("map.kml", "map.png", lat0_deg=33.64, lon0_deg=130.69)
    cov.route("halow", [(0, 0), (900, 0)], [0, 3900], [10, 10], step_m=25)

Errors raise DxError with the C message (argument, value, unit, allowed range).
"""
from __future__ import annotations

import ctypes
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

from ._lib import DxError, _np, declare
from . import _args
from ._args import ArrayLike, count, dbl_array, finite, out_array, real, vector, vectors_same_length

Number = Union[int, float]
Point = Sequence[float]
from . import propagation as _prop
from . import phy as _phy

__all__ = ["shadow_margin_db", "area_probability_ratio", "cell_radius_m", "hex_site_area_m2",
           "hex_site_count", "indoor_ap_count", "local_to_geo", "geo_to_local", "run", "points",
           "route",
           "CoverageResult", "LAYERS", "DxError"]

_d, _i, _u, _sz, _u64 = ctypes.c_double, ctypes.c_int, ctypes.c_uint, ctypes.c_size_t, ctypes.c_uint64
_dp = ctypes.POINTER(ctypes.c_double)
_ip = ctypes.POINTER(ctypes.c_int)


class _Site(ctypes.Structure):
    """dx_site, in C field order."""
    _fields_ = [("x_m", _d), ("y_m", _d), ("height_m", _d), ("tx_power_dbm", _d),
                ("antenna_gain_dbi", _d), ("cable_loss_db", _d), ("sectors", _i),
                ("azimuth_deg", _d), ("channel", _i)]


class _Grid(ctypes.Structure):
    _fields_ = [("x0_m", _d), ("y0_m", _d), ("resolution_m", _d), ("nx", _sz), ("ny", _sz)]


class _Options(ctypes.Structure):
    """dx_coverage_options, in C field order."""
    _fields_ = [("version", _u), ("model", _i), ("prop", _prop._Params), ("ue_height_m", _d),
                ("shadow_sigma_db", _d), ("criterion", _i), ("threshold_dbm", _d),
                ("required_rate_mbps", _d), ("rate_direction", _i),
                ("interference_load_ratio", _d), ("ul_interference_margin_db", _d),
                ("layers", _u), ("tile_px", _sz), ("mc_runs", _i), ("shadow_corr_m", _d),
                ("seed", _u64), ("threads", _i), ("n_area", _sz), ("area_x_m", _dp),
                ("area_y_m", _dp), ("pixel_target_ratio", _d), ("los_mixture", _i),
                ("max_pixels", _sz),
                # version 4: terrain (a dxsim.terrain.Dem) and calibration
                ("dem", ctypes.c_void_p), ("origin_lat_deg", _d), ("origin_lon_deg", _d),
                ("terrain_model", _i), ("terrain_k_factor", _d), ("pl_offset_db", _d),
                ("pl_slope_db_per_decade", _d), ("pl_d_ref_m", _d)]


class _Summary(ctypes.Structure):
    _fields_ = [("n_pixels", _sz), ("area_m2", _d), ("coverage_ratio", _d),
                ("coverage_reliable_ratio", _d), ("coverage_median_ratio", _d),
                ("coverage_mc_ratio", _d), ("coverage_mc_std_ratio", _d),
                ("mean_rate_dl_mbps", _d), ("mean_rate_ul_mbps", _d), ("shadow_sigma_db", _d),
                ("required_sinr_db", _d), ("noise_dl_dbm", _d), ("noise_ul_dbm", _d),
                ("n_cells", _sz), ("n_outside_validity", _sz)]


class _CellStats(ctypes.Structure):
    _fields_ = [("site", _sz), ("sector", _i), ("channel", _i), ("served_pixels", _sz),
                ("served_area_m2", _d), ("mean_rate_dl_mbps", _d), ("mean_rate_ul_mbps", _d),
                ("hmean_rate_dl_mbps", _d), ("hmean_rate_ul_mbps", _d), ("covered_pixels", _d)]


class _Route(ctypes.Structure):
    _fields_ = [("length_m", _d), ("n_samples", _sz), ("n_handovers", _sz),
                ("n_outage_segments", _sz), ("outage_length_m", _d), ("covered_ratio", _d),
                ("ul_sustained_ratio", _d), ("ul_sustained", _i), ("min_rate_ul_mbps", _d)]


LAYERS = {"best_cell": 0x01, "rx_dbm": 0x02, "sinr_dl_db": 0x04, "snr_ul_db": 0x08,
          "rate_dl_mbps": 0x10, "rate_ul_mbps": 0x20, "prob": 0x40}
_OPTIONS_VERSION = 4
_TechP = ctypes.c_void_p
_SiteP = ctypes.POINTER(_Site)

_margin = declare("dx_coverage_shadow_margin_db", _i, [_d, _d, _dp])
_area = declare("dx_coverage_area_probability_ratio", _i, [_d, _d, _d, _dp])
_radius = declare("dx_coverage_cell_radius_flags_m", _i,
                  [_i, ctypes.POINTER(_prop._Params), _d, _d, _d, _d, _d, _d, _dp,
                   ctypes.POINTER(_u)])
_hex_area = declare("dx_coverage_hex_site_area_m2", _i, [_d, _i, _dp])
_hex_count = declare("dx_coverage_hex_site_count", _i, [_d, _d, _i, _dp])
_indoor = declare("dx_coverage_indoor_ap_count", _i, [_d, _i, _d, _dp])
_l2g = declare("dx_coverage_local_to_geo", _i, [_d, _d, _sz, _dp, _dp, _dp, _dp])
_g2l = declare("dx_coverage_geo_to_local", _i, [_d, _d, _sz, _dp, _dp, _dp, _dp])
_site_init = declare("dx_coverage_site_init", _i, [_SiteP, _TechP, _d, _d])
_opt_init = declare("dx_coverage_options_init", _i, [ctypes.POINTER(_Options), _u])
_opt_size = declare("dx_coverage_options_size", _sz, [])
_grid_poly = declare("dx_coverage_grid_for_polygon", _i, [_sz, _dp, _dp, _d, ctypes.POINTER(_Grid)])
_run = declare("dx_coverage_run", _i, [ctypes.POINTER(_Grid), _sz, _SiteP, _TechP,
                                       ctypes.POINTER(_Options), ctypes.POINTER(ctypes.c_void_p)])
_free = declare("dx_coverage_result_free", None, [ctypes.c_void_p])
_summary = declare("dx_coverage_result_summary", _i, [ctypes.c_void_p, ctypes.POINTER(_Summary)])
_cell = declare("dx_coverage_result_cell", _i, [ctypes.c_void_p, _sz, ctypes.POINTER(_CellStats)])
_layer = declare("dx_coverage_result_layer", _i, [ctypes.c_void_p, _u, _sz, _dp])
_route = declare("dx_coverage_route", _i, [_sz, _SiteP, _TechP, ctypes.POINTER(_Options), _sz, _dp,
                                           _dp, _d, _d, ctypes.POINTER(_Route), _sz, _dp, _ip, _dp,
                                           _dp, _dp])
_points = declare("dx_coverage_points", _i, [_sz, _SiteP, _TechP, ctypes.POINTER(_Options), _sz,
                                              _dp, _dp, _ip, _dp, _dp, _dp, _dp, _dp])
_w_csv = declare("dx_coverage_write_csv", _i, [ctypes.c_void_p, _d, _d, ctypes.c_char_p])
_w_gj = declare("dx_coverage_write_geojson", _i, [ctypes.c_void_p, _sz, _SiteP, _d, _d,
                                                  ctypes.c_char_p])
_w_tif = declare("dx_coverage_write_geotiff", _i, [ctypes.c_void_p, _u, _d, _d, ctypes.c_char_p])
_w_kml = declare("dx_coverage_write_kml", _i, [ctypes.c_void_p, _u, _sz, _SiteP, _d, _d,
                                               ctypes.c_char_p, ctypes.c_char_p])


def _out1(fn, *args):
    v = _d()
    fn(*args, ctypes.byref(v))
    return v.value


def shadow_margin_db(sigma_db: Number, edge_probability_ratio: Number) -> float:
    """Edge margin sigma * Phi^-1(p) (dB) for a shadowing sigma (dB) and a cell-edge coverage
    probability p (ratio)."""
    return _out1(_margin, real(sigma_db, "sigma_db"),
                 real(edge_probability_ratio, "edge_probability_ratio"))


def area_probability_ratio(sigma_db: Number, path_loss_exponent: Number,
                           edge_margin_db: Number) -> float:
    """Jakes/Reudink covered fraction (ratio 0..1) of a circular cell: log-normal shadowing
    sigma_db (dB), path_loss_exponent (dimensionless, e.g. 3.5), edge_margin_db (dB)."""
    return _out1(_area, real(sigma_db, "sigma_db"), real(path_loss_exponent, "path_loss_exponent"),
                 real(edge_margin_db, "edge_margin_db"))


def cell_radius_m(model: str, fc_hz: Number, h_bs_m: Number, h_ut_m: Number,
                  max_path_loss_db: Number, r_min_m: Number = 1.0, r_max_m: Number = 1e5,
                  los: str = "nlos", return_capped: bool = False,
                  **model_params: Any) -> Union[float, Tuple[float, bool]]:
    """Radius (m) where the model's path loss reaches max_path_loss_db (Brent).
    With return_capped=True returns (radius, capped) where capped means r_max_m was reached."""
    p = _prop._params(los, model_params)
    r, flags = _d(), _u()
    _radius(_prop._model(model), ctypes.byref(p), real(fc_hz, "fc_hz"), real(h_bs_m, "h_bs_m"),
            real(h_ut_m, "h_ut_m"), real(max_path_loss_db, "max_path_loss_db"),
            real(r_min_m, "r_min_m"), real(r_max_m, "r_max_m"), ctypes.byref(r),
            ctypes.byref(flags))
    return (r.value, bool(flags.value & 1)) if return_capped else r.value


def hex_site_area_m2(cell_radius_m: Number, sectors: int = 1) -> float:
    """Area (m²) served by one site of `sectors` cells of radius cell_radius_m (m)."""
    return _out1(_hex_area, real(cell_radius_m, "cell_radius_m"), _args.c_int(sectors, "sectors"))


def hex_site_count(area_m2: Number, cell_radius_m: Number, sectors: int = 1) -> float:
    """Sites for area_m2 (m²) with a hexagonal layout of cells of radius cell_radius_m (m)
    (Holma & Toskala K factors)."""
    return _out1(_hex_count, real(area_m2, "area_m2"), real(cell_radius_m, "cell_radius_m"),
                 _args.c_int(sectors, "sectors"))


def indoor_ap_count(floor_area_m2: Number, n_floors: int, cell_radius_m: Number) -> float:
    """Access points for n_floors floors of floor_area_m2 (m²) each, cell radius in m."""
    return _out1(_indoor, real(floor_area_m2, "floor_area_m2"), _args.c_int(n_floors, "n_floors"),
                 real(cell_radius_m, "cell_radius_m"))


def local_to_geo(lat0_deg: Number, lon0_deg: Number, x_m: Sequence[float],
                 y_m: Sequence[float]) -> Tuple[List[float], List[float]]:
    """(lat, lon) lists (degrees) of local east/north metres around an origin (degrees,
    JGD2011/GRS80). x_m and y_m must have the same length; NaN/inf are refused."""
    xs = vector(x_m, "x_m", finite_only=True, unit="m")
    ys = vector(y_m, "y_m", finite_only=True, unit="m")
    n = vectors_same_length(x_m=xs, y_m=ys)
    la, lo = out_array(n), out_array(n)
    _l2g(finite(lat0_deg, "lat0_deg", "deg"), finite(lon0_deg, "lon0_deg", "deg"), n,
         dbl_array(xs), dbl_array(ys), la, lo)
    return list(la)[:n], list(lo)[:n]


def geo_to_local(lat0_deg: Number, lon0_deg: Number, lat_deg: Sequence[float],
                 lon_deg: Sequence[float]) -> Tuple[List[float], List[float]]:
    """(x_m, y_m) lists (m east, m north) of points (degrees) around an origin (degrees).
    lat_deg and lon_deg must have the same length; NaN/inf are refused."""
    la = vector(lat_deg, "lat_deg", finite_only=True, unit="deg")
    lo = vector(lon_deg, "lon_deg", finite_only=True, unit="deg")
    n = vectors_same_length(lat_deg=la, lon_deg=lo)
    x, y = out_array(n), out_array(n)
    _g2l(finite(lat0_deg, "lat0_deg", "deg"), finite(lon0_deg, "lon0_deg", "deg"), n,
         dbl_array(la), dbl_array(lo), x, y)
    return list(x)[:n], list(y)[:n]


_CRITERIA = {"rx": 0, "rx_level": 0, "rate": 1}
_DIRS = {"dl": 0, "ul": 1}


def _options(model: str = "38901-uma", los: str = "nlos",
             area: Optional[Sequence[Point]] = None, **kw: Any) -> Tuple[_Options, list]:
    o = _Options()
    _opt_init(ctypes.byref(o), _OPTIONS_VERSION)
    o.model = _prop._model(model)
    o.prop.los = _args.choice(_prop._LOS, los, "los")
    keep = []
    for key, value in kw.items():
        if key == "criterion":
            o.criterion = _args.choice(_CRITERIA, value, "criterion")
        elif key == "rate_direction":
            o.rate_direction = (_args.choice(_DIRS, value, "rate_direction")
                                if isinstance(value, str) else _args.c_int(value, "rate_direction", 0, 1))
        elif key == "layers":
            o.layers = (sum(_args.choice(LAYERS, v, "layers") for v in value)
                        if isinstance(value, (list, tuple, set))
                        else _args.c_int(value, "layers", 0))
        elif any(key == f for f, _ in _Options._fields_) and key not in _POINTER_FIELDS:
            _args.set_field(o, key, value)
        else:
            raise TypeError(f"unknown coverage option {key!r}")
    if area is not None:
        xs = dbl_array(_area_coords(area, 0))
        ys = dbl_array(_area_coords(area, 1))
        keep += [xs, ys]
        o.n_area = len(area)
        o.area_x_m = ctypes.cast(xs, _dp)
        o.area_y_m = ctypes.cast(ys, _dp)
    return o, keep


_POINTER_FIELDS = {"area_x_m", "area_y_m", "prop", "version", "dem"}


def _area_coords(area: Sequence[Point], axis: int) -> List[float]:
    return [finite(p[axis], f"area[{i}][{axis}]", "m") for i, p in enumerate(area)]


def _sites(tech: Any, sites: Sequence[Any]) -> ctypes.Array:
    arr = (_Site * max(1, len(sites)))()
    for k, s in enumerate(sites):
        if isinstance(s, dict):
            _site_init(ctypes.byref(arr[k]), ctypes.byref(tech),
                       finite(s["x_m"], f"sites[{k}].x_m", "m"),
                       finite(s["y_m"], f"sites[{k}].y_m", "m"))
            for key, value in s.items():
                if key in ("sectors", "channel"):
                    _args.set_field(arr[k], key, value, f"sites[{k}].{key}")
                else:
                    setattr(arr[k], key, finite(value, f"sites[{k}].{key}"))
        else:
            _site_init(ctypes.byref(arr[k]), ctypes.byref(tech),
                       finite(s[0], f"sites[{k}][0] (x_m)", "m"),
                       finite(s[1], f"sites[{k}][1] (y_m)", "m"))
    return arr


def _grid(grid: Sequence[Number]) -> _Grid:
    """(x0_m, y0_m, resolution_m, nx, ny) -> dx_grid (finite origin, whole pixel counts)."""
    if len(grid) != 5:
        raise _args.ArgumentError(_args.DX_EINVAL, f"grid has {len(grid)} values (allowed: "
                                                   "(x0_m, y0_m, resolution_m, nx, ny))")
    g = _Grid()
    g.x0_m = finite(grid[0], "grid x0_m", "m")
    g.y0_m = finite(grid[1], "grid y0_m", "m")
    g.resolution_m = finite(grid[2], "grid resolution_m", "m")
    g.nx = count(grid[3], "grid nx", 1)
    g.ny = count(grid[4], "grid ny", 1)
    return g


class CoverageResult:
    """Result of run(); use as a context manager or call close().

    summary: dict of dx_coverage_summary (area_m2, coverage_ratio, mean_rate_dl_mbps ...);
    cells: per-cell dicts (served_area_m2, mean_rate_dl_mbps ...); shape: (ny, nx) pixels."""

    def __init__(self, handle: ctypes.c_void_p, tech: Any, sites: ctypes.Array) -> None:
        self._h = handle
        self._sites = sites
        s = _Summary()
        _summary(self._h, ctypes.byref(s))
        self.summary = {name: getattr(s, name) for name, _ in _Summary._fields_}
        g = _Grid()
        self.cells = []
        for c in range(s.n_cells):
            cs = _CellStats()
            _cell(self._h, c, ctypes.byref(cs))
            self.cells.append({name: getattr(cs, name) for name, _ in _CellStats._fields_})
        del g

    def layer(self, name: str) -> Any:
        """Layer `name` (see LAYERS: best_cell index, rx_dbm dBm, sinr_dl_db / snr_ul_db dB,
        rate_dl_mbps / rate_ul_mbps Mbit/s, prob ratio 0..1) as rows (south to north) of
        columns (west to east): a numpy array (ny, nx) when numpy is installed, else a list
        of lists."""
        ny, nx = self.shape
        buf = out_array(nx * ny)
        _layer(self._h, _args.choice(LAYERS, name, "layer"), nx * ny, buf)
        if _np is not None:
            return _np.ctypeslib.as_array(buf)[: nx * ny].copy().reshape(ny, nx)
        vals = list(buf)
        return [vals[j * nx:(j + 1) * nx] for j in range(ny)]

    @property
    def shape(self) -> Tuple[int, int]:
        """(ny, nx): pixel rows (south to north) and columns (west to east)."""
        return self._shape

    def write_csv(self, path: str, lat0_deg: Number = float("nan"),
                  lon0_deg: Number = float("nan")) -> None:
        """Grid CSV (one row per pixel); lat/lon columns when the origin (degrees) is given."""
        _w_csv(self._h, real(lat0_deg, "lat0_deg"), real(lon0_deg, "lon0_deg"), _args.path(path, "path"))

    def write_geojson(self, path: str, lat0_deg: Number, lon0_deg: Number) -> None:
        """GeoJSON (RFC 7946) of the covered area and the sites; origin in degrees."""
        _w_gj(self._h, len(self._sites), self._sites, finite(lat0_deg, "lat0_deg", "deg"),
              finite(lon0_deg, "lon0_deg", "deg"), _args.path(path, "path"))

    def write_kml(self, kml_path: str, png_name: str, lat0_deg: Number, lon0_deg: Number,
                  layer: str = "prob") -> None:
        """KML GroundOverlay with its PNG beside it (written together); origin in degrees."""
        _w_kml(self._h, _args.choice(LAYERS, layer, "layer"), len(self._sites), self._sites,
               finite(lat0_deg, "lat0_deg", "deg"), finite(lon0_deg, "lon0_deg", "deg"),
               _args.path(kml_path, "kml_path"), _args.path(png_name, "png_name"))

    def write_geotiff(self, path: str, lat0_deg: Number, lon0_deg: Number,
                      layer: str = "prob") -> None:
        """Float32 GeoTIFF (JGD2011); raises DxError DX_EINVAL if libdxsim lacks GDAL."""
        _w_tif(self._h, _args.choice(LAYERS, layer, "layer"), finite(lat0_deg, "lat0_deg", "deg"),
               finite(lon0_deg, "lon0_deg", "deg"), _args.path(path, "path"))

    def close(self) -> None:
        """Free the C result (also done when the object is collected)."""
        if self._h:
            _free(self._h)
            self._h = None

    def __enter__(self) -> "CoverageResult":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        self.close()


def run(technology: str, sites: Sequence[Any], grid: Optional[Sequence[Number]] = None,
        area: Optional[Sequence[Point]] = None, resolution_m: Optional[Number] = None,
        **options: Any) -> CoverageResult:
    """Grid engine. technology: catalogue id; sites: (x_m, y_m) tuples or dicts of dx_site
    fields; grid: (x0_m, y0_m, resolution_m, nx, ny), or area (polygon of (x, y)) with
    resolution_m. options: model, los, criterion ("rx" or "rate"), threshold_dbm,
    required_rate_mbps, rate_direction ("dl"/"ul"), shadow_sigma_db, mc_runs, ..."""
    tech = _phy.technology_struct(technology)
    if grid is not None:
        g = _grid(grid)
    elif area is not None and resolution_m is not None:
        g = _Grid()
        xs = dbl_array(_area_coords(area, 0))
        ys = dbl_array(_area_coords(area, 1))
        _grid_poly(len(area), xs, ys, finite(resolution_m, "resolution_m", "m"), ctypes.byref(g))
    else:
        raise ValueError("give grid=(x0, y0, res, nx, ny) or area=[...] with resolution_m")
    o, keep = _options(area=area, **options)
    arr = _sites(tech, sites)
    h = ctypes.c_void_p()
    _run(ctypes.byref(g), len(sites), arr, ctypes.byref(tech), ctypes.byref(o), ctypes.byref(h))
    r = CoverageResult(h, tech, arr)
    r._shape = (g.ny, g.nx)
    del keep
    return r


def points(technology: str, sites: Sequence[Any], x_m: ArrayLike, y_m: ArrayLike,
           **options: Any) -> Dict[str, Any]:
    """Evaluate points of interest (m east, m north; broadcast with numpy rules): dict of
    best_cell (index), rx_dbm (dBm), sinr_dl_db (dB), rate_dl_mbps, rate_ul_mbps (Mbit/s),
    prob_ratio (coverage probability of each point, 0..1), each of the broadcast shape
    (lists for sequences, arrays for numpy inputs, one value for scalars)."""
    (xs, ys), shape = _args.broadcast(x_m=x_m, y_m=y_m)
    for name, vals in (("x_m", xs), ("y_m", ys)):
        vector(vals, name, finite_only=True, unit="m")
    tech = _phy.technology_struct(technology)
    o, keep = _options(**options)
    arr = _sites(tech, sites)
    n = len(xs)
    best = (ctypes.c_int * max(1, n))()
    outs = [out_array(n) for _ in range(5)]
    _points(len(sites), arr, ctypes.byref(tech), ctypes.byref(o), n,
            dbl_array(xs), dbl_array(ys), best, *outs)
    del keep
    names = ("rx_dbm", "sinr_dl_db", "rate_dl_mbps", "rate_ul_mbps", "prob_ratio")
    r = {k: _args.restore_shape(list(v)[:n], shape) for k, v in zip(names, outs)}
    r["best_cell"] = _args.restore_shape(list(best)[:n], shape, int)
    return r


def route(technology: str, sites: Sequence[Any], x_m: Sequence[float], y_m: Sequence[float],
          step_m: Number = 10.0, required_ul_mbps: Number = 0.0,
          **options: Any) -> Tuple[Dict[str, Any], Dict[str, List[float]]]:
    """Sample a polyline (vertices in m east / m north, same length) every step_m (m):
    returns (summary dict, samples dict of lists s_m, best_cell, rx_dbm, sinr_dl_db,
    rate_ul_mbps)."""
    xv = vector(x_m, "x_m", finite_only=True, unit="m")
    yv = vector(y_m, "y_m", finite_only=True, unit="m")
    n = vectors_same_length(x_m=xv, y_m=yv)
    tech = _phy.technology_struct(technology)
    o, keep = _options(**options)
    arr = _sites(tech, sites)
    xs, ys = dbl_array(xv), dbl_array(yv)
    step = finite(step_m, "step_m", "m")
    req = real(required_ul_mbps, "required_ul_mbps")
    s = _Route()
    _route(len(sites), arr, ctypes.byref(tech), ctypes.byref(o), n, xs, ys, step,
           req, ctypes.byref(s), 0, None, None, None, None, None)
    ns = s.n_samples
    sm, rx, sinr, ul = out_array(ns), out_array(ns), out_array(ns), out_array(ns)
    best = (ctypes.c_int * max(1, ns))()
    _route(len(sites), arr, ctypes.byref(tech), ctypes.byref(o), n, xs, ys, step,
           req, ctypes.byref(s), ns, sm, best, rx, sinr, ul)
    del keep
    summary = {name: getattr(s, name) for name, _ in _Route._fields_}
    samples = {"s_m": list(sm)[:ns], "best_cell": list(best)[:ns], "rx_dbm": list(rx)[:ns],
               "sinr_dl_db": list(sinr)[:ns], "rate_ul_mbps": list(ul)[:ns]}
    return summary, samples


if ctypes.sizeof(_Options) != _opt_size():
    raise ImportError("dxsim.coverage: dx_coverage_options layout differs from the library "
                      f"({ctypes.sizeof(_Options)} != {_opt_size()} bytes)")
