"""DEMs and terrain-aware loss of libdxsim (include/dxsim/terrain.h).

    from dxsim import terrain
    dem = terrain.Dem()
    dem.add_file("FG-GML-5238-74-00-DEM5A-20161001.xml")   # or a GSI .zip
    dem.elevation_m(35.254, 138.506)                      # bilinear, metres
    d, h = dem.profile(35.2505, 138.506, 35.258, 138.506, 101)
    loss, shadow = dem.loss_grid(35.5, 138.5, 20, 920e6, lats, lons, 1.5, model="itm")
    terrain.mesh_bounds("52387400")                        # (35.25, 138.5, 35.2583, 138.5125)
"""
import ctypes

from ._lib import as_sequence, broadcast, dbl_array, declare, out_array, restore_shape
from . import itm as _itm

__all__ = ["Dem", "mesh_bounds", "mesh_code", "clearance"]

_d, _i, _u, _sz = ctypes.c_double, ctypes.c_int, ctypes.c_uint, ctypes.c_size_t
_dp = ctypes.POINTER(_d)
_ubp = ctypes.POINTER(ctypes.c_ubyte)
_szp = ctypes.POINTER(_sz)
_vp = ctypes.c_void_p

PRODUCTS = {1: "DEM1A", 2: "DEM5A", 3: "DEM5B", 4: "DEM5C", 5: "DEM10A", 6: "DEM10B", 7: "grid"}
CLASSES = {0: "nodata", 1: "ground", 2: "sea", 3: "inland-water"}


class _TileInfo(ctypes.Structure):
    _fields_ = [("mesh_code", ctypes.c_char * 16), ("product", _i), ("edition_yyyymmdd", _i),
                ("cols", _sz), ("rows", _sz), ("start_col", _sz), ("start_row", _sz),
                ("n_tuples", _sz), ("n_nodata", _sz), ("n_sea", _sz), ("south_deg", _d),
                ("west_deg", _d), ("north_deg", _d), ("east_deg", _d), ("dlat_deg", _d),
                ("dlon_deg", _d)]


class _ProfileOpts(ctypes.Structure):
    _fields_ = [("version", _u), ("k_factor", _d), ("interp", _i), ("fill_missing", _i)]


class _GridOpts(ctypes.Structure):
    _fields_ = [("version", _u), ("model", _i), ("spacing_m", _d), ("k_factor", _d),
                ("itm", _itm.Params), ("method", _i)]


_create = declare("dx_dem_create", _i, [ctypes.POINTER(_vp)])
_free = declare("dx_dem_free", None, [_vp], errcheck=False)
_add_file = declare("dx_dem_add_file", _i, [_vp, ctypes.c_char_p])
_add_mem = declare("dx_dem_add_gsi_xml_memory", _i, [_vp, ctypes.c_char_p, ctypes.c_char_p, _sz])
_add_grid = declare("dx_dem_add_grid", _i,
                    [_vp, _d, _d, _d, _d, _sz, _sz, ctypes.POINTER(ctypes.c_float)])
_count = declare("dx_dem_tile_count", _sz, [_vp], errcheck=False)
_info = declare("dx_dem_tile_info_get", _i, [_vp, _sz, ctypes.POINTER(_TileInfo)])
_cells = declare("dx_dem_tile_cells", _i,
                 [_vp, _sz, _sz, ctypes.POINTER(ctypes.c_float), _ubp])
_elev = declare("dx_dem_elevation_m", _i, [_vp, _i, _sz, _dp, _dp, _dp, _ubp, _szp])
_popt_init = declare("dx_dem_profile_options_init", _i, [ctypes.POINTER(_ProfileOpts), _u])
_popt_size = declare("dx_dem_profile_options_size", _sz, [])
_profile = declare("dx_dem_profile", _i,
                   [_vp, _d, _d, _d, _d, _sz, ctypes.POINTER(_ProfileOpts), _dp, _dp])
_mesh_bounds = declare("dx_mesh_bounds", _i, [ctypes.c_char_p, _dp, _dp, _dp, _dp])
_mesh_code = declare("dx_mesh_code", _i, [_d, _d, _i, ctypes.c_char_p, _sz])
_clear = declare("dx_terrain_clearance", _i,
                 [_sz, _dp, _dp, _d, _d, _d, _d, ctypes.POINTER(_i), _dp])
_gopt_init = declare("dx_terrain_grid_options_init", _i, [ctypes.POINTER(_GridOpts), _u])
_gopt_size = declare("dx_terrain_grid_options_size", _sz, [])
_grid = declare("dx_terrain_loss_grid", _i,
                [_vp, _d, _d, _d, _d, _sz, _dp, _dp, _dp, ctypes.POINTER(_GridOpts), _dp, _ubp,
                 _szp])
if _popt_size() != ctypes.sizeof(_ProfileOpts) or _gopt_size() != ctypes.sizeof(_GridOpts):
    raise ImportError("terrain option layouts differ between the bindings and the library")

_MODELS = {"bullington": 0, "deygout": 1, "itm": 2}
_METHODS = {"radial": 0, "per-pixel": 1}


def mesh_bounds(code):
    """(south, west, north, east) degrees of a JIS X 0410 mesh code (4, 6 or 8 digits)."""
    v = [_d() for _ in range(4)]
    _mesh_bounds(code.encode(), *[ctypes.byref(x) for x in v])
    return tuple(x.value for x in v)


def mesh_code(lat_deg, lon_deg, level=3):
    buf = ctypes.create_string_buffer(16)
    _mesh_code(lat_deg, lon_deg, level, buf, 16)
    return buf.value.decode()


def clearance(dist_m, height_m, h_tx_m, h_rx_m, fc_hz, k_factor=4.0 / 3.0):
    """(line_of_sight, minimum clearance / first-Fresnel radius) over a profile."""
    d, _ = as_sequence(dist_m)
    h, _ = as_sequence(height_m)
    los, c = _i(), _d()
    _clear(len(d), dbl_array(d), dbl_array(h), h_tx_m, h_rx_m, fc_hz, k_factor,
           ctypes.byref(los), ctypes.byref(c))
    return bool(los.value), c.value


class Dem:
    """A mosaic of DEM tiles (GSI XML / zip, or regular grids)."""

    def __init__(self, *paths):
        self._h = _vp()
        _create(ctypes.byref(self._h))
        for p in paths:
            self.add_file(p)

    def close(self):
        if self._h:
            _free(self._h)
            self._h = _vp()

    def __del__(self):
        self.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def add_file(self, path):
        _add_file(self._h, str(path).encode())
        return self

    def add_xml(self, text, name="(memory)"):
        data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
        _add_mem(self._h, name.encode(), data, len(data))
        return self

    def add_grid(self, south_deg, west_deg, dlat_deg, dlon_deg, heights_m):
        """heights_m: list of rows (row 0 = north) or a 2-D numpy array; NaN = no data."""
        rows = [list(map(float, r)) for r in heights_m]
        nr, nc = len(rows), len(rows[0])
        flat = (ctypes.c_float * (nr * nc))(*[v for r in rows for v in r])
        _add_grid(self._h, south_deg, west_deg, dlat_deg, dlon_deg, nr, nc, flat)
        return self

    def tiles(self):
        out = []
        for i in range(_count(self._h)):
            t = _TileInfo()
            _info(self._h, i, ctypes.byref(t))
            d = {f[0]: getattr(t, f[0]) for f in _TileInfo._fields_}
            d["mesh_code"] = t.mesh_code.decode()
            d["product"] = PRODUCTS.get(t.product, t.product)
            out.append(d)
        return out

    def tile_cells(self, index):
        """(heights as a list of rows with NaN for no data, classes as rows of names)."""
        t = self.tiles()[index]
        n = t["rows"] * t["cols"]
        h = (ctypes.c_float * n)()
        c = (ctypes.c_ubyte * n)()
        _cells(self._h, index, n, h, c)
        w = t["cols"]
        return ([list(h[r * w:(r + 1) * w]) for r in range(t["rows"])],
                [[CLASSES[v] for v in c[r * w:(r + 1) * w]] for r in range(t["rows"])])

    def elevation_m(self, lat_deg, lon_deg, interp="bilinear", return_class=False):
        (la, lo), shape = broadcast(lat_deg, lon_deg)
        n = len(la)
        out = out_array(n)
        cls = (ctypes.c_ubyte * max(1, n))()
        _elev(self._h, 0 if interp == "nearest" else 1, n, dbl_array(la), dbl_array(lo), out,
              cls, None)
        h = restore_shape(out[:n], shape)
        if return_class:
            return h, restore_shape([CLASSES[v] for v in cls[:n]], shape) if shape else \
                CLASSES[cls[0]]
        return h

    def profile(self, lat1, lon1, lat2, lon2, n_points, k_factor=4.0 / 3.0, interp="bilinear",
                fill_missing=True):
        """(distances m, heights m incl. the Earth bulge for k_factor > 0) along the geodesic."""
        o = _ProfileOpts()
        _popt_init(ctypes.byref(o), 1)
        o.k_factor = k_factor
        o.interp = 0 if interp == "nearest" else 1
        o.fill_missing = 1 if fill_missing else 0
        d, h = out_array(n_points), out_array(n_points)
        _profile(self._h, lat1, lon1, lat2, lon2, n_points, ctypes.byref(o), d, h)
        return list(d[:n_points]), list(h[:n_points])

    def loss_grid(self, site_lat_deg, site_lon_deg, h_tx_m, fc_hz, lat_deg, lon_deg, h_rx_m,
                  model="itm", method="radial", spacing_m=0.0, k_factor=4.0 / 3.0, **itm_params):
        """Extra terrain loss (dB) and shadow flags for pixels; see dx_terrain_loss_grid."""
        (la, lo, hr), shape = broadcast(lat_deg, lon_deg, h_rx_m)
        n = len(la)
        o = _GridOpts()
        _gopt_init(ctypes.byref(o), 1)
        o.model = _MODELS[model]
        o.method = _METHODS[method]
        o.spacing_m = spacing_m
        o.k_factor = k_factor
        for k, v in itm_params.items():
            setattr(o.itm, k, v)
        out = out_array(n)
        sh = (ctypes.c_ubyte * max(1, n))()
        _grid(self._h, site_lat_deg, site_lon_deg, h_tx_m, fc_hz, n, dbl_array(la),
              dbl_array(lo), dbl_array(hr), ctypes.byref(o), out, sh, None)
        return restore_shape(out[:n], shape), restore_shape([bool(v) for v in sh[:n]], shape)
