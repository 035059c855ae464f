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
import ctypes

from ._lib import DxError, _np, dbl_array, declare, out_array
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
                ("max_pixels", _sz)]


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
_OPTIONS_VERSION = 3
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


def shadow_margin_db(sigma_db, edge_probability_ratio):
    """Edge margin sigma * Phi^-1(p) (dB) for a cell-edge coverage probability p."""
    return _out1(_margin, float(sigma_db), float(edge_probability_ratio))


def area_probability_ratio(sigma_db, path_loss_exponent, edge_margin_db):
    """Jakes/Reudink covered fraction of a circular cell."""
    return _out1(_area, float(sigma_db), float(path_loss_exponent), float(edge_margin_db))


def cell_radius_m(model, fc_hz, h_bs_m, h_ut_m, max_path_loss_db, r_min_m=1.0, r_max_m=1e5,
                  los="nlos", return_capped=False, **model_params):
    """Radius (m) where the model's path loss reaches max_path_loss_db (Brent).
    With return_capped=True returns (radius, capped) where capped means r_max_m was reached."""
    p = _prop._params(los, model_params)
    r, flags = _d(), _u()
    _radius(_prop._model(model), ctypes.byref(p), float(fc_hz), float(h_bs_m), float(h_ut_m),
            float(max_path_loss_db), float(r_min_m), float(r_max_m), ctypes.byref(r),
            ctypes.byref(flags))
    return (r.value, bool(flags.value & 1)) if return_capped else r.value


def hex_site_area_m2(cell_radius_m, sectors=1):
    return _out1(_hex_area, float(cell_radius_m), int(sectors))


def hex_site_count(area_m2, cell_radius_m, sectors=1):
    """Sites for area_m2 with a hexagonal layout (Holma & Toskala K factors)."""
    return _out1(_hex_count, float(area_m2), float(cell_radius_m), int(sectors))


def indoor_ap_count(floor_area_m2, n_floors, cell_radius_m):
    return _out1(_indoor, float(floor_area_m2), int(n_floors), float(cell_radius_m))


def local_to_geo(lat0_deg, lon0_deg, x_m, y_m):
    """(lat, lon) lists of local east/north metres around an origin (JGD2011/GRS80)."""
    xs, ys = [float(v) for v in x_m], [float(v) for v in y_m]
    n = len(xs)
    la, lo = out_array(n), out_array(n)
    _l2g(float(lat0_deg), float(lon0_deg), n, dbl_array(xs), dbl_array(ys), la, lo)
    return list(la)[:n], list(lo)[:n]


def geo_to_local(lat0_deg, lon0_deg, lat_deg, lon_deg):
    la, lo = [float(v) for v in lat_deg], [float(v) for v in lon_deg]
    n = len(la)
    x, y = out_array(n), out_array(n)
    _g2l(float(lat0_deg), float(lon0_deg), n, dbl_array(la), dbl_array(lo), x, y)
    return list(x)[:n], list(y)[:n]


_CRITERIA = {"rx": 0, "rx_level": 0, "rate": 1}
_DIRS = {"dl": 0, "ul": 1}


def _options(model="38901-uma", los="nlos", area=None, **kw):
    o = _Options()
    _opt_init(ctypes.byref(o), _OPTIONS_VERSION)
    o.model = _prop._model(model)
    o.prop.los = _prop._LOS[los]
    keep = []
    for key, value in kw.items():
        if key == "criterion":
            o.criterion = _CRITERIA[value]
        elif key == "rate_direction":
            o.rate_direction = _DIRS[value] if isinstance(value, str) else int(value)
        elif key == "layers":
            o.layers = sum(LAYERS[v] for v in value) if not isinstance(value, int) else value
        elif any(key == f for f, _ in _Options._fields_):
            setattr(o, key, value)
        else:
            raise TypeError(f"unknown coverage option {key!r}")
    if area is not None:
        xs = dbl_array([float(p[0]) for p in area])
        ys = dbl_array([float(p[1]) for p in area])
        keep += [xs, ys]
        o.n_area = len(area)
        o.area_x_m = ctypes.cast(xs, _dp)
        o.area_y_m = ctypes.cast(ys, _dp)
    return o, keep


def _sites(tech, sites):
    arr = (_Site * max(1, len(sites)))()
    for k, s in enumerate(sites):
        if isinstance(s, dict):
            _site_init(ctypes.byref(arr[k]), ctypes.byref(tech), float(s["x_m"]), float(s["y_m"]))
            for key, value in s.items():
                setattr(arr[k], key, value)
        else:
            _site_init(ctypes.byref(arr[k]), ctypes.byref(tech), float(s[0]), float(s[1]))
    return arr


class CoverageResult:
    """Result of run(); use as a context manager or call close()."""

    def __init__(self, handle, tech, sites):
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

    def layer(self, name):
        """Layer `name` (see LAYERS) as rows (south to north) of columns (west to east):
        a numpy array (ny, nx) when numpy is installed, else a list of lists."""
        ny, nx = self.shape
        buf = out_array(nx * ny)
        _layer(self._h, LAYERS[name], nx * ny, buf)
        if _np is not None:
            return _np.ctypeslib.as_array(buf)[: nx * ny].copy().reshape(ny, nx)
        vals = list(buf)
        return [vals[j * nx:(j + 1) * nx] for j in range(ny)]

    @property
    def shape(self):
        return self._shape

    def write_csv(self, path, lat0_deg=float("nan"), lon0_deg=float("nan")):
        _w_csv(self._h, float(lat0_deg), float(lon0_deg), str(path).encode())

    def write_geojson(self, path, lat0_deg, lon0_deg):
        _w_gj(self._h, len(self._sites), self._sites, float(lat0_deg), float(lon0_deg),
              str(path).encode())

    def write_kml(self, kml_path, png_name, lat0_deg, lon0_deg, layer="prob"):
        _w_kml(self._h, LAYERS[layer], len(self._sites), self._sites, float(lat0_deg),
               float(lon0_deg), str(kml_path).encode(), str(png_name).encode())

    def write_geotiff(self, path, lat0_deg, lon0_deg, layer="prob"):
        """Float32 GeoTIFF (JGD2011); raises DxError DX_EINVAL if libdxsim lacks GDAL."""
        _w_tif(self._h, LAYERS[layer], float(lat0_deg), float(lon0_deg), str(path).encode())

    def close(self):
        if self._h:
            _free(self._h)
            self._h = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        self.close()


def run(technology, sites, grid=None, area=None, resolution_m=None, **options):
    """Grid engine. technology: catalogue id; sites: (x_m, y_m) tuples or dicts of dx_site
    fields; grid: (x0_m, y0_m, resolution_m, nx, ny), or area (polygon of (x, y)) with
    resolution_m. options: model, los, criterion ("rx" or "rate"), threshold_dbm,
    required_rate_mbps, rate_direction ("dl"/"ul"), shadow_sigma_db, mc_runs, ..."""
    tech = _phy.technology_struct(technology)
    g = _Grid()
    if grid is not None:
        g.x0_m, g.y0_m, g.resolution_m, g.nx, g.ny = grid
    elif area is not None and resolution_m is not None:
        xs = dbl_array([float(p[0]) for p in area])
        ys = dbl_array([float(p[1]) for p in area])
        _grid_poly(len(area), xs, ys, float(resolution_m), ctypes.byref(g))
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


def points(technology, sites, x_m, y_m, **options):
    """Evaluate points of interest: dict of lists best_cell, rx_dbm, sinr_dl_db,
    rate_dl_mbps, rate_ul_mbps, prob_ratio (coverage probability of each point)."""
    tech = _phy.technology_struct(technology)
    o, keep = _options(**options)
    arr = _sites(tech, sites)
    n = len(x_m)
    best = (ctypes.c_int * max(1, n))()
    outs = [out_array(n) for _ in range(5)]
    _points(len(sites), arr, ctypes.byref(tech), ctypes.byref(o), n,
            dbl_array([float(v) for v in x_m]), dbl_array([float(v) for v in y_m]), best, *outs)
    del keep
    names = ("rx_dbm", "sinr_dl_db", "rate_dl_mbps", "rate_ul_mbps", "prob_ratio")
    r = {k: list(v)[:n] for k, v in zip(names, outs)}
    r["best_cell"] = list(best)[:n]
    return r


def route(technology, sites, x_m, y_m, step_m=10.0, required_ul_mbps=0.0, **options):
    """Sample a polyline every step_m: returns (summary dict, samples dict of lists
    s_m, best_cell, rx_dbm, sinr_dl_db, rate_ul_mbps)."""
    tech = _phy.technology_struct(technology)
    o, keep = _options(**options)
    arr = _sites(tech, sites)
    xs, ys = dbl_array([float(v) for v in x_m]), dbl_array([float(v) for v in y_m])
    n = len(x_m)
    s = _Route()
    _route(len(sites), arr, ctypes.byref(tech), ctypes.byref(o), n, xs, ys, float(step_m),
           float(required_ul_mbps), ctypes.byref(s), 0, None, None, None, None, None)
    ns = s.n_samples
    sm, rx, sinr, ul = out_array(ns), out_array(ns), out_array(ns), out_array(ns)
    best = (ctypes.c_int * max(1, ns))()
    _route(len(sites), arr, ctypes.byref(tech), ctypes.byref(o), n, xs, ys, float(step_m),
           float(required_ul_mbps), ctypes.byref(s), ns, sm, best, rx, sinr, ul)
    del keep
    summary = {name: getattr(s, name) for name, _ in _Route._fields_}
    samples = {"s_m": list(sm)[:ns], "best_cell": list(best)[:ns], "rx_dbm": list(rx)[:ns],
               "sinr_dl_db": list(sinr)[:ns], "rate_ul_mbps": list(ul)[:ns]}
    return summary, samples


if ctypes.sizeof(_Options) != _opt_size():
    raise ImportError("dxsim.coverage: dx_coverage_options layout differs from the library "
                      f"({ctypes.sizeof(_Options)} != {_opt_size()} bytes)")
