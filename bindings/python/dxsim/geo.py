"""Coordinates of libdxsim (include/dxsim/geo.h): JGD2011 <-> Plane Rectangular / UTM
(PROJ), GRS80 geodesics, area polygons from GeoJSON / KML.

    from dxsim import geo
    geo.project(6676, 35.254, 138.506)          # (545.976, -82761.978) E, N in metres
    geo.plane_zone_epsg(35.254, 138.506, "Shizuoka")   # 6676 (zone VIII)
    geo.inverse(35.0, 139.0, 35.1, 139.1)       # (distance m, azi1, azi2)
    area = geo.Area.read("site.geojson"); area.contains(35.25, 138.5); area.area_m2()
"""
import ctypes

from ._lib import broadcast, dbl_array, declare, out_array, restore_shape

__all__ = ["project", "unproject", "plane_zone_epsg", "inverse", "direct", "line_points",
           "Area"]

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


def _transform(fn, epsg, a, b):
    (x, y), shape = broadcast(a, b)
    n = len(x)
    h = _vp()
    _pcreate(epsg, ctypes.byref(h))
    try:
        o1, o2 = out_array(n), out_array(n)
        fn(h, n, dbl_array(x), dbl_array(y), o1, o2)
    finally:
        _pfree(h)
    return restore_shape(o1[:n], shape), restore_shape(o2[:n], shape)


def project(epsg, lat_deg, lon_deg):
    """(easting m, northing m) in EPSG 6669-6687 (Plane Rectangular) or 6688-6692 (UTM)."""
    return _transform(_proj, epsg, lat_deg, lon_deg)


def unproject(epsg, easting_m, northing_m):
    """(lat deg, lon deg) from easting / northing."""
    return _transform(_unproj, epsg, easting_m, northing_m)


def plane_zone_epsg(lat_deg, lon_deg, prefecture=None):
    out = _i()
    _zone(lat_deg, lon_deg, prefecture.encode() if prefecture else None, ctypes.byref(out))
    return out.value


def inverse(lat1, lon1, lat2, lon2):
    """(distance m, azimuth at 1 deg, azimuth at 2 deg) on GRS80."""
    (a, b, c, d), shape = broadcast(lat1, lon1, lat2, lon2)
    n = len(a)
    s, z1, z2 = out_array(n), out_array(n), out_array(n)
    _inv(n, dbl_array(a), dbl_array(b), dbl_array(c), dbl_array(d), s, z1, z2)
    return (restore_shape(s[:n], shape), restore_shape(z1[:n], shape),
            restore_shape(z2[:n], shape))


def direct(lat, lon, azi_deg, distance_m):
    (a, b, c, d), shape = broadcast(lat, lon, azi_deg, distance_m)
    n = len(a)
    la, lo = out_array(n), out_array(n)
    _dir(n, dbl_array(a), dbl_array(b), dbl_array(c), dbl_array(d), la, lo)
    return restore_shape(la[:n], shape), restore_shape(lo[:n], shape)


def line_points(lat1, lon1, lat2, lon2, n_points):
    la, lo, s = out_array(n_points), out_array(n_points), out_array(n_points)
    _line(lat1, lon1, lat2, lon2, n_points, la, lo, s)
    return list(la[:n_points]), list(lo[:n_points]), list(s[:n_points])


class Area:
    """Polygons with holes (lat/lon degrees)."""

    def __init__(self, handle=None):
        self._h = handle if handle is not None else _vp()
        if handle is None:
            _acreate(ctypes.byref(self._h))

    @classmethod
    def read(cls, path):
        h = _vp()
        _aread(str(path).encode(), ctypes.byref(h))
        return cls(h)

    def close(self):
        if self._h:
            _afree(self._h)
            self._h = _vp()

    def __del__(self):
        self.close()

    def add_ring(self, lats, lons, hole=False):
        _aring(self._h, 1 if hole else 0, len(lats), dbl_array(lats), dbl_array(lons))
        return self

    def rings(self):
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
    def polygon_count(self):
        return _apoly(self._h)

    def bounds(self):
        v = [_d() for _ in range(4)]
        _abounds(self._h, *[ctypes.byref(x) for x in v])
        return tuple(x.value for x in v)

    def contains(self, lat_deg, lon_deg):
        (la, lo), shape = broadcast(lat_deg, lon_deg)
        n = len(la)
        out = (ctypes.c_ubyte * max(1, n))()
        _acontains(self._h, n, dbl_array(la), dbl_array(lo), out)
        vals = [bool(v) for v in out[:n]]
        return vals[0] if shape is None else vals

    def area_m2(self):
        a = _d()
        _aarea(self._h, ctypes.byref(a))
        return a.value
