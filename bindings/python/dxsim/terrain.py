"""DEMs and terrain-aware loss of libdxsim (include/dxsim/terrain.h).

    from dxsim import terrain
    dem = terrain.Dem()
    dem.add_file("FG-GML-5238-74-00-DEM5A-20161001.xml")   # or a GSI .zip
    dem.elevation_m(35.254, 138.506)                      # bilinear, metres
    d, h = dem.profile(35.2505, 138.506, 35.258, 138.506, 101)
    loss, shadow = dem.loss_grid(35.5, 138.5, 20, 920e6, lats, lons, 1.5, model="itm")
    terrain.mesh_bounds("52387400")                        # (35.25, 138.5, 35.2583, 138.5125)
"""
from __future__ import annotations

import ctypes
import os
from typing import Any, Dict, List, Tuple, Union

from ._lib import broadcast, dbl_array, declare, out_array, restore_shape
from . import _args
from . import itm as _itm
from ._args import ArrayLike, Count, Real, count, finite, real, vector, vectors_same_length

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
_INTERP = {"nearest": 0, "bilinear": 1}


def mesh_bounds(code: str) -> Tuple[float, ...]:
    """(south, west, north, east) degrees of a JIS X 0410 mesh code (4, 6 or 8 digits)."""
    v = [_d() for _ in range(4)]
    _mesh_bounds(_args.text(code, "code"), *[ctypes.byref(x) for x in v])
    return tuple(x.value for x in v)


def mesh_code(lat_deg: Real, lon_deg: Real, level: Count = 3) -> str:
    """JIS X 0410 mesh code of a point (degrees): level 1 (80 km, 4 digits), 2 (10 km,
    6 digits) or 3 (1 km, 8 digits)."""
    buf = ctypes.create_string_buffer(16)
    _mesh_code(finite(lat_deg, "lat_deg", "deg"), finite(lon_deg, "lon_deg", "deg"),
               _args.c_int(level, "level", 1, 3), buf, 16)
    return buf.value.decode()


def clearance(dist_m: ArrayLike, height_m: ArrayLike, h_tx_m: Real, h_rx_m: Real, fc_hz: Real,
              k_factor: Real = 4.0 / 3.0) -> Tuple[bool, float]:
    """(line_of_sight, minimum clearance / first-Fresnel radius as a ratio) over a profile:
    dist_m (m from the transmitter) and height_m (terrain m above sea level) of equal length;
    h_tx_m / h_rx_m antenna heights (m) above the end points; fc_hz (Hz); k_factor: effective
    Earth-radius factor (4/3 standard atmosphere)."""
    d = vector(dist_m, "dist_m", finite_only=True, unit="m")
    h = vector(height_m, "height_m", finite_only=True, unit="m")
    n = vectors_same_length(dist_m=d, height_m=h)
    los, c = _i(), _d()
    _clear(n, dbl_array(d), dbl_array(h), real(h_tx_m, "h_tx_m"), real(h_rx_m, "h_rx_m"),
           real(fc_hz, "fc_hz"), real(k_factor, "k_factor"), ctypes.byref(los), ctypes.byref(c))
    return bool(los.value), c.value


class Dem:
    """A mosaic of DEM tiles (GSI XML / zip, or regular grids); heights in m, positions in
    degrees (JGD2011). Close it or use `with`."""

    def __init__(self, *paths: Union[str, os.PathLike]) -> None:
        self._h = _vp()
        _create(ctypes.byref(self._h))
        for p in paths:
            self.add_file(p)

    def close(self) -> None:
        """Free the C mosaic (also done when the object is collected)."""
        if self._h:
            _free(self._h)
            self._h = _vp()

    def __del__(self) -> None:
        self.close()

    def __enter__(self) -> "Dem":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def add_file(self, path: Union[str, os.PathLike]) -> "Dem":
        """Add a GSI 基盤地図情報 DEM file (JPGIS GML .xml or its .zip). Returns self."""
        _add_file(self._h, _args.path(path, "path"))
        return self

    def add_xml(self, text: Union[str, bytes], name: str = "(memory)") -> "Dem":
        """Add a GSI DEM tile from its XML text (name appears in error messages). Returns self."""
        data = _args.document(text, "text")
        _add_mem(self._h, _args.text(name, "name"), data, len(data))
        return self

    def add_grid(self, south_deg: Real, west_deg: Real, dlat_deg: Real, dlon_deg: Real,
                 heights_m: Any) -> "Dem":
        """Add a regular grid of heights (m): rows of equal length (row 0 = north) or a 2-D
        numpy array; NaN = no data. south_deg / west_deg: the south-west corner, dlat_deg /
        dlon_deg: the cell size (degrees). Ragged rows are refused. Returns self."""
        flat_d, nr, nc = _args.matrix(heights_m, "heights_m")
        if nr == 0 or nc == 0:
            raise _args.ArgumentError(_args.DX_EINVAL, f"heights_m has {nr} rows of {nc} values "
                                                       "(allowed: at least 1 x 1)")
        flat = (ctypes.c_float * (nr * nc))(*flat_d)
        _add_grid(self._h, finite(south_deg, "south_deg", "deg"),
                  finite(west_deg, "west_deg", "deg"), finite(dlat_deg, "dlat_deg", "deg"),
                  finite(dlon_deg, "dlon_deg", "deg"), nr, nc, flat)
        return self

    def tiles(self) -> List[Dict[str, Any]]:
        """Every tile's description (mesh_code, product, cols, rows, bounds in degrees ...)."""
        out = []
        for i in range(_count(self._h)):
            t = _TileInfo()
            _info(self._h, i, ctypes.byref(t))
            d = {f[0]: getattr(t, f[0]) for f in _TileInfo._fields_}
            d["mesh_code"] = t.mesh_code.decode()
            d["product"] = PRODUCTS.get(t.product, t.product)
            out.append(d)
        return out

    def tile_cells(self, index: Count) -> Tuple[List[List[float]], List[List[str]]]:
        """(heights in m as a list of rows with NaN for no data, classes as rows of names) of
        tile `index` (0 .. len(tiles()) - 1; -1 is refused, not the last tile)."""
        tiles = self.tiles()
        index = _args.index(index, "index", len(tiles))
        t = tiles[index]
        n = t["rows"] * t["cols"]
        h = (ctypes.c_float * n)()
        c = (ctypes.c_ubyte * n)()
        _cells(self._h, index, n, h, c)
        w = t["cols"]
        return ([list(h[r * w:(r + 1) * w]) for r in range(t["rows"])],
                [[CLASSES[v] for v in c[r * w:(r + 1) * w]] for r in range(t["rows"])])

    def elevation_m(self, lat_deg: ArrayLike, lon_deg: ArrayLike, interp: str = "bilinear",
                    return_class: bool = False) -> Any:
        """Terrain height (m above sea level, NaN where no tile has data) at points (degrees;
        lat_deg and lon_deg broadcast with numpy rules); interp "bilinear" or "nearest".
        return_class=True returns (heights, classes: "ground", "sea", "inland-water",
        "nodata")."""
        (la, lo), shape = broadcast(lat_deg=lat_deg, lon_deg=lon_deg)
        n = len(la)
        out = out_array(n)
        cls = (ctypes.c_ubyte * max(1, n))()
        _elev(self._h, _args.choice(_INTERP, interp, "interp"), n, dbl_array(la), dbl_array(lo), out,
              cls, None)
        h = restore_shape(out[:n], shape)
        if return_class:
            return h, restore_shape([CLASSES[v] for v in cls[:n]], shape, object) if shape \
                else CLASSES[cls[0]]
        return h

    def profile(self, lat1: Real, lon1: Real, lat2: Real, lon2: Real, n_points: Count,
                k_factor: Real = 4.0 / 3.0, interp: str = "bilinear",
                fill_missing: bool = True) -> Tuple[List[float], List[float]]:
        """(distances m, heights m incl. the Earth bulge for k_factor > 0) of n_points along
        the geodesic from 1 to 2 (degrees)."""
        n_points = count(n_points, "n_points", 0, 10 ** 7)  # as geo.line_points (ASSUMED)
        lat1, lon1 = finite(lat1, "lat1", "deg"), finite(lon1, "lon1", "deg")
        lat2, lon2 = finite(lat2, "lat2", "deg"), finite(lon2, "lon2", "deg")
        o = _ProfileOpts()
        _popt_init(ctypes.byref(o), 1)
        o.k_factor = real(k_factor, "k_factor")
        o.interp = _args.choice(_INTERP, interp, "interp")
        o.fill_missing = 1 if fill_missing else 0
        d, h = out_array(n_points), out_array(n_points)
        _profile(self._h, lat1, lon1, lat2, lon2, n_points, ctypes.byref(o), d, h)
        return list(d[:n_points]), list(h[:n_points])

    def loss_grid(self, site_lat_deg: Real, site_lon_deg: Real, h_tx_m: Real, fc_hz: Real,
                  lat_deg: ArrayLike, lon_deg: ArrayLike, h_rx_m: ArrayLike, model: str = "itm",
                  method: str = "radial", spacing_m: Real = 0.0, k_factor: Real = 4.0 / 3.0,
                  **itm_params: Any) -> Tuple[Any, Any]:
        """(extra terrain loss in dB, shadowed flags) at pixels (degrees) seen from a site
        (degrees, antenna h_tx_m m above ground, fc_hz Hz); lat_deg, lon_deg and h_rx_m (m)
        broadcast with numpy rules. model "itm", "bullington" or "deygout"; method "radial"
        (profiles shared along radials) or "per-pixel"; spacing_m: profile step (m, 0 =
        the DEM's); itm_params: fields of itm.Params. See dx_terrain_loss_grid."""
        (la, lo, hr), shape = broadcast(lat_deg=lat_deg, lon_deg=lon_deg, h_rx_m=h_rx_m)
        n = len(la)
        o = _GridOpts()
        _gopt_init(ctypes.byref(o), 1)
        o.model = _args.choice(_MODELS, model, "model")
        o.method = _args.choice(_METHODS, method, "method")
        o.spacing_m = real(spacing_m, "spacing_m")
        o.k_factor = real(k_factor, "k_factor")
        _itm._set_params(o.itm, itm_params)
        out = out_array(n)
        sh = (ctypes.c_ubyte * max(1, n))()
        _grid(self._h, finite(site_lat_deg, "site_lat_deg", "deg"),
              finite(site_lon_deg, "site_lon_deg", "deg"), real(h_tx_m, "h_tx_m"),
              real(fc_hz, "fc_hz"), n, dbl_array(la),
              dbl_array(lo), dbl_array(hr), ctypes.byref(o), out, sh, None)
        return restore_shape(out[:n], shape), restore_shape([bool(v) for v in sh[:n]], shape,
                                                            bool)
