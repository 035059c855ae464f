/**
 * @file dxsim/geo.h
 * Coordinates for real places in Japan: JGD2011 latitude/longitude <-> Japan
 * Plane Rectangular CS (EPSG:6669-6687) and UTM (EPSG:6688-6692) through
 * PROJ; geodesic distance, azimuth and points along a line (Karney, PROJ's
 * geodesic.h, GRS80); area polygons with holes (point in polygon, geodesic
 * area) read from GeoJSON (RFC 7946) or KML 2.2 files.
 *
 * Conventions: latitude/longitude in degrees, JGD2011 (PROJ treats it as
 * WGS84: EPSG:6668 -> 4326 is a no-op); projected coordinates are returned as
 * easting, northing in metres (never the surveyors' X = northing order).
 *
 * Thread safety: geodesic and polygon functions are reentrant; a
 * dx_geo_projection owns its PROJ context and must be used by one thread at a
 * time (create one per thread).
 */
#ifndef DXSIM_GEO_H
#define DXSIM_GEO_H

#include <stddef.h>
#include "dxsim/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Projections (PROJ)                                                       */

typedef struct dx_geo_projection dx_geo_projection;

/**
 * Projection from JGD2011 lat/lon (EPSG:6668) to a projected CRS, given by its
 * EPSG code: 6669..6687 (Plane Rectangular I..XIX) or 6688..6692 (UTM 51N..55N).
 * Needs proj.db (Debian package proj-data; PROJ_DATA overrides its location).
 * DX_EINVAL for another code; DX_EIO when PROJ cannot build the transform.
 */
DX_API dx_status dx_geo_projection_create(int epsg, dx_geo_projection **out);
DX_API void dx_geo_projection_free(dx_geo_projection *p); /* NULL is a no-op */
/** lat/lon -> easting, northing (m) for n points. */
DX_API dx_status dx_geo_project(dx_geo_projection *p, size_t n, const double *lat_deg,
                                const double *lon_deg, double *out_easting_m,
                                double *out_northing_m);
/** easting, northing (m) -> lat/lon for n points. */
DX_API dx_status dx_geo_unproject(dx_geo_projection *p, size_t n, const double *easting_m,
                                  const double *northing_m, double *out_lat_deg,
                                  double *out_lon_deg);

/**
 * Plane Rectangular zone for a place (MLIT notice 平成14年国土交通省告示第9号).
 * prefecture: romaji ("Shizuoka") or kanji ("静岡県"/"静岡"), or NULL. Split
 * prefectures (Hokkaido, Tokyo, Okinawa, Kagoshima) and a NULL prefecture are
 * resolved by the zone whose origin is nearest in longitude among the
 * candidates: an approximation at municipal borders (docs/terrain.md).
 * @param out_epsg  6669..6687
 */
DX_API dx_status dx_geo_plane_zone_epsg(double lat_deg, double lon_deg, const char *prefecture,
                                        int *out_epsg);

/* ------------------------------------------------------------------------ */
/* Geodesics on GRS80                                                       */

/** Distance (m) and forward azimuths (deg from north, clockwise) for n pairs.
 *  out_azi1_deg / out_azi2_deg may be NULL. */
DX_API dx_status dx_geo_inverse(size_t n, const double *lat1_deg, const double *lon1_deg,
                                const double *lat2_deg, const double *lon2_deg,
                                double *out_distance_m, double *out_azi1_deg,
                                double *out_azi2_deg);
/** Point at distance_m along azimuth azi_deg from (lat, lon), for n starts. */
DX_API dx_status dx_geo_direct(size_t n, const double *lat_deg, const double *lon_deg,
                               const double *azi_deg, const double *distance_m,
                               double *out_lat_deg, double *out_lon_deg);
/** n_points >= 2 equally spaced points on the geodesic from 1 to 2 (both ends
 *  included); out_distance_m (optional) = distance from point 1. */
DX_API dx_status dx_geo_line_points(double lat1_deg, double lon1_deg, double lat2_deg,
                                    double lon2_deg, size_t n_points, double *out_lat_deg,
                                    double *out_lon_deg, double *out_distance_m);

/* ------------------------------------------------------------------------ */
/* Area polygons with holes                                                 */

typedef struct dx_geo_area dx_geo_area;

DX_API dx_status dx_geo_area_create(dx_geo_area **out);
DX_API void dx_geo_area_free(dx_geo_area *a); /* NULL is a no-op */
/**
 * Append a ring of n >= 3 vertices (closing vertex optional). is_hole = 0
 * starts a new polygon (its exterior ring); is_hole = 1 adds a hole to the
 * last polygon. Orientation is free (both windings accepted).
 */
DX_API dx_status dx_geo_area_add_ring(dx_geo_area *a, int is_hole, size_t n,
                                      const double *lat_deg, const double *lon_deg);
/**
 * Read every Polygon / MultiPolygon of a GeoJSON file (FeatureCollection,
 * Feature, or bare geometry; positions [lon, lat(, h)]) or every Polygon of a
 * KML file (outerBoundaryIs / innerBoundaryIs). The format is chosen by the
 * first non-blank byte ('{' GeoJSON, '<' KML). The JSON reader is strict
 * (RFC 8259 syntax, depth <= 64, file <= 256 MB, no NaN); KML is parsed by
 * libxml2 without network, entities or DOCTYPE. DX_EPARSE names the file,
 * line and the problem; DX_EIO when unreadable.
 */
DX_API dx_status dx_geo_area_read_file(const char *path, dx_geo_area **out);

DX_API size_t dx_geo_area_polygon_count(const dx_geo_area *a);
DX_API size_t dx_geo_area_ring_count(const dx_geo_area *a);
/** Vertex count of ring i (closing vertex not repeated), whether it is a hole,
 *  and which polygon it belongs to. */
DX_API dx_status dx_geo_area_ring(const dx_geo_area *a, size_t i, size_t cap, double *out_lat_deg,
                                  double *out_lon_deg, size_t *out_n, int *out_is_hole,
                                  size_t *out_polygon);
/** Bounding box of all rings. */
DX_API dx_status dx_geo_area_bounds(const dx_geo_area *a, double *out_south_deg,
                                    double *out_west_deg, double *out_north_deg,
                                    double *out_east_deg);
/** 1 when the point is inside a polygon and not inside one of its holes
 *  (even-odd rule in lat/lon; edges of small areas; no antimeridian crossing). */
DX_API dx_status dx_geo_area_contains(const dx_geo_area *a, size_t n, const double *lat_deg,
                                      const double *lon_deg, unsigned char *out_inside);
/**
 * Check that the area is made of simple polygons: no ring repeats a vertex,
 * encloses no area or crosses/touches itself; no two rings cross or touch;
 * each hole lies inside its exterior ring and outside its sibling holes; no
 * polygon lies inside another (an island may lie inside another polygon's
 * hole). Tests are made in the lon/lat plane (small areas, no antimeridian).
 * DX_EDOMAIN names polygon, ring ("polygon 1 hole 2"), the vertices (1-based)
 * and their position; DX_EINVAL for an empty area. O(V^2) in the vertices.
 */
DX_API dx_status dx_geo_area_validate(const dx_geo_area *a);
/** Geodesic area on GRS80 (m^2): exteriors minus holes (Karney's algorithm). */
DX_API dx_status dx_geo_area_m2(const dx_geo_area *a, double *out_area_m2);

#ifdef __cplusplus
}
#endif
#endif /* DXSIM_GEO_H */
