"""Coordinates of libdxsim (include/dxsim/geo.h): JGD2011 <-> Plane Rectangular / UTM
(PROJ), GRS80 geodesics, area polygons from GeoJSON / KML.

    from dxsim import geo
    geo.project(6676, 35.254, 138.506)          # (545.976, -82761.978) E, N in metres
    geo.plane_zone_epsg(35.254, 138.506, "Shizuoka")   # 6676 (zone VIII)
    geo.inverse(35.0, 139.0, 35.1, 139.1)       # (distance m, azi1, azi2)
    area = geo.Area.read("site.geojson"); area.contains(35.25, 138.5); area.area_m2()
"""
from __future__ import annotations

import ctypes
import os
from typing import Any, Dict, List, Optional, Tuple, Union

from ._lib import broadcast, dbl_array, declare, out_array, restore_shape
from . import _args
from ._args import ArrayLike, Count, Real, count, finite, vector, vectors_same_length

__all__ = ["project", "unproject", "plane_zone_epsg", "inverse", "direct", "line_points",
           "Area", "polygon_area_km2"]

_d, _i, _sz = ctypes.c_double, ctypes.c_int, ctypes.c_size_t
_dp = ctypes.POINTER(_d)
_ubp = ctypes.POINTER(ctypes.c_ubyte)
_vp = ctypes.c_void_p

_pcreate = declare("dx_geo_projection_create", _i, [_i, ctypes.POINTER(_vp)])
_pfree = declare("dx_geo_projection_free", None, [_vp], errcheck=False)
_proj = declare("dx_geo_project", _i, [_vp, _sz, _dp, _dp, _dp, _dp])
_unproj = declare("dx_geo_unproject", _i, [_vp, _sz, _dp, _dp, _dp, _dp])
_zone = declare("dx_geo_plane_zone_epsg", _i, [_d, _d, ctypes.c_char_p, ctypes.POINTER(_i)])
_inv = declare("dx_geo_inverse", _i, [_sz, _dp, _dp, _dp, _dp, _dp, _dp, _dp])
_dir = declare("dx_geo_direct", _i, [_sz, _dp, _dp, _dp, _dp, _dp, _dp])
_line = declare("dx_geo_line_points", _i, [_d, _d, _d, _d, _sz, _dp, _dp, _dp])
_acreate = declare("dx_geo_area_create", _i, [ctypes.POINTER(_vp)])
_afree = declare("dx_geo_area_free", None, [_vp], errcheck=False)
_aring = declare("dx_geo_area_add_ring", _i, [_vp, _i, _sz, _dp, _dp])
_aread = declare("dx_geo_area_read_file", _i, [ctypes.c_char_p, ctypes.POINTER(_vp)])
_apoly = declare("dx_geo_area_polygon_count", _sz, [_vp], errcheck=False)
_arings = declare("dx_geo_area_ring_count", _sz, [_vp], errcheck=False)
_aget = declare("dx_geo_area_ring", _i,
                [_vp, _sz, _sz, _dp, _dp, ctypes.POINTER(_sz), ctypes.POINTER(_i),
                 ctypes.POINTER(_sz)])
_abounds = declare("dx_geo_area_bounds", _i, [_vp, _dp, _dp, _dp, _dp])
_acontains = declare("dx_geo_area_contains", _i, [_vp, _sz, _dp, _dp, _ubp])
_aarea = declare("dx_geo_area_m2", _i, [_vp, _dp])
_avalid = declare("dx_geo_area_validate", _i, [_vp])


def _transform(fn: Any, epsg: Count, a: Any, b: Any, names: Tuple[str, str]) -> Tuple[Any, Any]:
    (x, y), shape = broadcast(**{names[0]: a, names[1]: b})
    n = len(x)
    h = _vp()
    _pcreate(_args.c_int(epsg, "epsg"), ctypes.byref(h))
    try:
        o1, o2 = out_array(n), out_array(n)
        fn(h, n, dbl_array(x), dbl_array(y), o1, o2)
    finally:
        _pfree(h)
    return restore_shape(o1[:n], shape), restore_shape(o2[:n], shape)


def project(epsg: Count, lat_deg: ArrayLike, lon_deg: ArrayLike) -> Tuple[Any, Any]:
    """(easting m, northing m) of JGD2011 points (degrees) in EPSG 6669-6687 (Plane
    Rectangular zones I-XIX) or 6688-6692 (UTM); lat_deg and lon_deg broadcast (numpy rules)."""
    return _transform(_proj, epsg, lat_deg, lon_deg, ("lat_deg", "lon_deg"))


def unproject(epsg: Count, easting_m: ArrayLike, northing_m: ArrayLike) -> Tuple[Any, Any]:
    """(lat deg, lon deg) JGD2011 of easting / northing (m) in EPSG epsg (as project)."""
    return _transform(_unproj, epsg, easting_m, northing_m, ("easting_m", "northing_m"))


def plane_zone_epsg(lat_deg: Real, lon_deg: Real, prefecture: Optional[str] = None) -> int:
    """EPSG code (6669-6687) of the Plane Rectangular zone of a point (degrees), from its
    prefecture (romaji, e.g. "Shizuoka") when given, else from the position."""
    out = _i()
    _zone(finite(lat_deg, "lat_deg", "deg"), finite(lon_deg, "lon_deg", "deg"),
          _args.text(prefecture, "prefecture") if prefecture else None, ctypes.byref(out))
    return out.value


def inverse(lat1: ArrayLike, lon1: ArrayLike, lat2: ArrayLike,
            lon2: ArrayLike) -> Tuple[Any, Any, Any]:
    """(distance m, azimuth at 1 deg, azimuth at 2 deg) of the GRS80 geodesic between points
    1 and 2 (degrees); the four arguments broadcast (numpy rules)."""
    (a, b, c, d), shape = broadcast(lat1=lat1, lon1=lon1, lat2=lat2, lon2=lon2)
    n = len(a)
    s, z1, z2 = out_array(n), out_array(n), out_array(n)
    _inv(n, dbl_array(a), dbl_array(b), dbl_array(c), dbl_array(d), s, z1, z2)
    return (restore_shape(s[:n], shape), restore_shape(z1[:n], shape),
            restore_shape(z2[:n], shape))


def direct(lat: ArrayLike, lon: ArrayLike, azi_deg: ArrayLike,
           distance_m: ArrayLike) -> Tuple[Any, Any]:
    """(lat deg, lon deg) reached from (lat, lon) (degrees) along azimuth azi_deg (degrees
    clockwise from north) after distance_m (m) on GRS80; arguments broadcast (numpy rules)."""
    (a, b, c, d), shape = broadcast(lat=lat, lon=lon, azi_deg=azi_deg, distance_m=distance_m)
    n = len(a)
    la, lo = out_array(n), out_array(n)
    _dir(n, dbl_array(a), dbl_array(b), dbl_array(c), dbl_array(d), la, lo)
    return restore_shape(la[:n], shape), restore_shape(lo[:n], shape)


def line_points(lat1: Real, lon1: Real, lat2: Real, lon2: Real,
                n_points: Count) -> Tuple[List[float], List[float], List[float]]:
    """n_points points evenly spaced along the geodesic from 1 to 2 (degrees): (lats deg,
    lons deg, distances from point 1 in m)."""
    # at most 10^7 points (ASSUMED: 240 MB of Python floats); 10**12 raised MemoryError,
    # 2**63 OverflowError
    n_points = count(n_points, "n_points", 0, 10 ** 7)
    la, lo, s = out_array(n_points), out_array(n_points), out_array(n_points)
    _line(finite(lat1, "lat1", "deg"), finite(lon1, "lon1", "deg"), finite(lat2, "lat2", "deg"),
          finite(lon2, "lon2", "deg"), n_points, la, lo, s)
    return list(la[:n_points]), list(lo[:n_points]), list(s[:n_points])


class Area:
    """Polygons with holes (lat/lon degrees, JGD2011), e.g. a municipality's boundary."""

    def __init__(self, handle: Optional[ctypes.c_void_p] = None) -> None:
        self._h = handle if handle is not None else _vp()
        if handle is None:
            _acreate(ctypes.byref(self._h))

    @classmethod
    def read(cls, path: Union[str, os.PathLike]) -> "Area":
        """An area read from a GeoJSON (Polygon / MultiPolygon) or KML file."""
        h = _vp()
        _aread(_args.path(path, "path"), ctypes.byref(h))
        return cls(h)

    def close(self) -> None:
        """Free the C area (also done when the object is collected)."""
        if self._h:
            _afree(self._h)
            self._h = _vp()

    def __del__(self) -> None:
        self.close()

    def add_ring(self, lats: ArrayLike, lons: ArrayLike, hole: bool = False) -> "Area":
        """Add a ring of vertices (degrees; lats and lons of equal length, finite): an outer
        ring starts a new polygon, hole=True cuts a hole in the last one. Returns self."""
        la = vector(lats, "lats", finite_only=True, unit="deg")
        lo = vector(lons, "lons", finite_only=True, unit="deg")
        n = vectors_same_length(lats=la, lons=lo)
        _aring(self._h, 1 if hole else 0, n, dbl_array(la), dbl_array(lo))
        return self

    def rings(self) -> List[Dict[str, Any]]:
        """Every ring as {"lat": [deg], "lon": [deg], "hole": bool, "polygon": index}."""
        out = []
        for i in range(_arings(self._h)):
            n, hole, poly = _sz(), _i(), _sz()
            _aget(self._h, i, 0, None, None, ctypes.byref(n), ctypes.byref(hole),
                  ctypes.byref(poly))
            la, lo = out_array(n.value), out_array(n.value)
            _aget(self._h, i, n.value, la, lo, None, None, None)
            out.append({"lat": list(la[:n.value]), "lon": list(lo[:n.value]),
                        "hole": bool(hole.value), "polygon": poly.value})
        return out

    @property
    def polygon_count(self) -> int:
        """Number of polygons (outer rings)."""
        return _apoly(self._h)

    def bounds(self) -> Tuple[float, ...]:
        """(south, west, north, east) in degrees."""
        v = [_d() for _ in range(4)]
        _abounds(self._h, *[ctypes.byref(x) for x in v])
        return tuple(x.value for x in v)

    def contains(self, lat_deg: ArrayLike, lon_deg: ArrayLike) -> Any:
        """Whether each point (degrees) lies inside the area (holes excluded); lat_deg and
        lon_deg broadcast (numpy rules): a bool for scalars, else bools of the broadcast
        shape (a numpy bool array for array inputs)."""
        (la, lo), shape = broadcast(lat_deg=lat_deg, lon_deg=lon_deg)
        n = len(la)
        out = (ctypes.c_ubyte * max(1, n))()
        _acontains(self._h, n, dbl_array(la), dbl_array(lo), out)
        return _args.restore_shape([bool(v) for v in out[:n]], shape, bool)

    def area_m2(self) -> float:
        """Geodesic area (m²) on GRS80, holes subtracted."""
        a = _d()
        _aarea(self._h, ctypes.byref(a))
        return a.value

    def validate(self) -> "Area":
        """Check the rings as a scenario's <area> does (dx_geo_area_validate): simple rings
        (no repeated vertex, no self-intersection), rings not crossing or touching, holes
        inside their boundary, parts not overlapping. Raises DxError (DX_EDOMAIN) naming the
        ring ("polygon 1 hole 2"), the vertices and their position; returns self."""
        _avalid(self._h)
        return self


def polygon_area_km2(exterior: Any, holes: Any = ()) -> float:
    """Geodesic area (km², GRS80, holes subtracted) of one polygon given as sequences of
    (lon, lat) pairs in degrees (GeoJSON order; a closing pair is optional), after the
    checks of Area.validate. The scenario's <area><polygon> uses the same C functions
    (dx_geo_area_add_ring, dx_geo_area_validate, dx_geo_area_m2)."""
    area = Area()
    try:
        for k, ring in enumerate([exterior] + list(holes)):
            pts = [tuple(p) for p in ring]
            if any(len(p) < 2 for p in pts):
                raise ValueError("polygon_area_km2: ring %d: every position is (lon, lat)" % k)
            area.add_ring([p[1] for p in pts], [p[0] for p in pts], hole=k > 0)
        return area.validate().area_m2() / 1e6
    finally:
        area.close()

