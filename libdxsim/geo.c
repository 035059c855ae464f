/*
 * Coordinates: PROJ transforms to the Japan Plane Rectangular / UTM CRSs,
 * GRS80 geodesics (Karney, PROJ's geodesic.h), area polygons with holes and
 * their GeoJSON / KML readers.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <geodesic.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <proj.h>

#include "dx_internal.h"
#include "dxsim/geo.h"

/* ---------------------------------------------------------------------- */
/* PROJ                                                                    */

struct dx_geo_projection {
    PJ_CONTEXT *ctx;
    PJ *pj;
    int epsg;
};

dx_status dx_geo_projection_create(int epsg, dx_geo_projection **out)
{
    DX_REQUIRE_PTR(out);
    *out = NULL;
    if (epsg < 6669 || epsg > 6692)
        DX_FAIL(DX_EINVAL,
                "dx_geo_projection_create: epsg = %d (allowed 6669..6687 Plane Rectangular, "
                "6688..6692 UTM)",
                epsg);
    dx_geo_projection *p = dx__calloc(1, sizeof *p);
    if (!p)
        DX_FAIL(DX_ENOMEM, "dx_geo_projection_create: out of memory");
    p->epsg = epsg;
    p->ctx = proj_context_create();
    if (!p->ctx) {
        dx__free(p);
        DX_FAIL(DX_ENOMEM, "dx_geo_projection_create: PROJ context");
    }
    proj_log_level(p->ctx, PJ_LOG_NONE); /* the library never prints */
    char target[32];
    snprintf(target, sizeof target, "EPSG:%d", epsg);
    PJ *raw = proj_create_crs_to_crs(p->ctx, "EPSG:6668", target, NULL);
    if (raw) {
        /* lon, lat in; easting, northing out, whatever the CRS axis order */
        p->pj = proj_normalize_for_visualization(p->ctx, raw);
        proj_destroy(raw);
    }
    if (!p->pj) {
        int e = proj_context_errno(p->ctx);
        char msg[160];
        snprintf(msg, sizeof msg, "%s", proj_context_errno_string(p->ctx, e));
        proj_context_destroy(p->ctx);
        dx__free(p);
        DX_FAIL(DX_EIO,
                "dx_geo_projection_create: PROJ cannot build EPSG:6668 -> %s (%s; is proj-data "
                "installed or PROJ_DATA set?)",
                target, msg);
    }
    *out = p;
    return DX_OK;
}

void dx_geo_projection_free(dx_geo_projection *p)
{
    if (!p)
        return;
    proj_destroy(p->pj);
    proj_context_destroy(p->ctx);
    dx__free(p);
}

static dx_status geo_trans(dx_geo_projection *p, PJ_DIRECTION dir, size_t n, const double *a,
                           const double *b, double *oa, double *ob, const char *fn)
{
    DX_REQUIRE_PTR(p);
    if (n && (!a || !b || !oa || !ob))
        DX_FAIL(DX_EINVAL, "%s: NULL array with n = %zu", fn, n);
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(a[i]) || !isfinite(b[i]))
            DX_FAIL(DX_EDOMAIN, "%s: point %zu (%g, %g) is not finite", fn, i, a[i], b[i]);
        PJ_COORD c = dir == PJ_FWD ? proj_coord(b[i], a[i], 0, 0) : proj_coord(a[i], b[i], 0, 0);
        proj_errno_reset(p->pj);
        PJ_COORD r = proj_trans(p->pj, dir, c);
        if (proj_errno(p->pj) || !isfinite(r.xy.x) || !isfinite(r.xy.y))
            DX_FAIL(DX_EDOMAIN, "%s: point %zu (%g, %g) cannot be transformed for EPSG:%d (%s)",
                    fn, i, a[i], b[i], p->epsg,
                    proj_context_errno_string(p->ctx, proj_errno(p->pj)));
        if (dir == PJ_FWD) {
            oa[i] = r.xy.x; /* easting */
            ob[i] = r.xy.y; /* northing */
        } else {
            oa[i] = r.lp.phi; /* normalised: degrees */
            ob[i] = r.lp.lam;
        }
    }
    return DX_OK;
}

dx_status dx_geo_project(dx_geo_projection *p, size_t n, const double *lat_deg,
                         const double *lon_deg, double *out_easting_m, double *out_northing_m)
{
    return geo_trans(p, PJ_FWD, n, lat_deg, lon_deg, out_easting_m, out_northing_m,
                     "dx_geo_project");
}

dx_status dx_geo_unproject(dx_geo_projection *p, size_t n, const double *easting_m,
                           const double *northing_m, double *out_lat_deg, double *out_lon_deg)
{
    return geo_trans(p, PJ_INV, n, easting_m, northing_m, out_lat_deg, out_lon_deg,
                     "dx_geo_unproject");
}

/* Zone of each prefecture (MLIT notice 平成14年国土交通省告示第9号); 0 = split. */
static const struct {
    const char *romaji, *kanji;
    int zone;
} PREFS[] = {
    {"hokkaido", "北海道", 0},   {"aomori", "青森", 10},     {"iwate", "岩手", 10},
    {"miyagi", "宮城", 10},      {"akita", "秋田", 10},      {"yamagata", "山形", 10},
    {"fukushima", "福島", 9},    {"ibaraki", "茨城", 9},     {"tochigi", "栃木", 9},
    {"gunma", "群馬", 9},        {"saitama", "埼玉", 9},     {"chiba", "千葉", 9},
    {"tokyo", "東京", 0},        {"kanagawa", "神奈川", 9},  {"niigata", "新潟", 8},
    {"toyama", "富山", 7},       {"ishikawa", "石川", 7},    {"fukui", "福井", 6},
    {"yamanashi", "山梨", 8},    {"nagano", "長野", 8},      {"gifu", "岐阜", 7},
    {"shizuoka", "静岡", 8},     {"aichi", "愛知", 7},       {"mie", "三重", 6},
    {"shiga", "滋賀", 6},        {"kyoto", "京都", 6},       {"osaka", "大阪", 6},
    {"hyogo", "兵庫", 5},        {"nara", "奈良", 6},        {"wakayama", "和歌山", 6},
    {"tottori", "鳥取", 5},      {"shimane", "島根", 3},     {"okayama", "岡山", 5},
    {"hiroshima", "広島", 3},    {"yamaguchi", "山口", 3},   {"tokushima", "徳島", 4},
    {"kagawa", "香川", 4},       {"ehime", "愛媛", 4},       {"kochi", "高知", 4},
    {"fukuoka", "福岡", 2},      {"saga", "佐賀", 2},        {"nagasaki", "長崎", 1},
    {"kumamoto", "熊本", 2},     {"oita", "大分", 2},        {"miyazaki", "宮崎", 2},
    {"kagoshima", "鹿児島", 0},  {"okinawa", "沖縄", 0},
};
/* origin longitudes of zones I..X (PROJ / EPSG) */
static const double ZONE_LON0[10] = {129.5,      131.0, 132.0 + 10.0 / 60, 133.5, 134.0 + 20.0 / 60,
                                     136.0,      137.0 + 10.0 / 60, 138.5, 139.0 + 50.0 / 60,
                                     140.0 + 50.0 / 60};

static int split_zone(const char *which, double lat, double lon)
{
    if (strcmp(which, "hokkaido") == 0) /* XI 140.25, XII 142.25, XIII 144.25 */
        return lon < 141.25 ? 11 : (lon < 143.25 ? 12 : 13);
    if (strcmp(which, "tokyo") == 0) {
        if (lat >= 28.0)
            return 9;
        return lon < 140.5 ? 18 : (lon > 143.0 ? 19 : 14);
    }
    if (strcmp(which, "okinawa") == 0)
        return lon < 126.0 ? 16 : (lon > 130.0 ? 17 : 15);
    if (strcmp(which, "kagoshima") == 0) /* islands 27-32 N west of 130 E (Amami to 130°13') */
        return (lat >= 27.0 && lat <= 32.0 && lon < 130.0) ||
                       (lat >= 27.0 && lat < 28.6 && lon < 130.0 + 13.0 / 60)
                   ? 1
                   : 2;
    return 0;
}

dx_status dx_geo_plane_zone_epsg(double lat_deg, double lon_deg, const char *prefecture,
                                 int *out_epsg)
{
    DX_REQUIRE_PTR(out_epsg);
    if (!(lat_deg >= 20.0 && lat_deg <= 46.0) || !(lon_deg >= 122.0 && lon_deg <= 154.5))
        DX_FAIL(DX_EDOMAIN,
                "dx_geo_plane_zone_epsg: %g N %g E is outside Japan (20..46 N, 122..154.5 E)",
                lat_deg, lon_deg);
    int zone = -1;
    const char *split = NULL;
    if (prefecture && *prefecture) {
        char low[64];
        size_t i = 0;
        for (; prefecture[i] && i < sizeof low - 1; i++)
            low[i] = (char)tolower((unsigned char)prefecture[i]);
        low[i] = '\0';
        /* accept "Shizuoka-ken", "静岡県", "東京都", "大阪府", "京都府", "北海道" */
        for (size_t k = 0; k < sizeof PREFS / sizeof PREFS[0]; k++) {
            size_t L = strlen(PREFS[k].romaji), K = strlen(PREFS[k].kanji);
            if ((strncmp(low, PREFS[k].romaji, L) == 0 &&
                 (low[L] == '\0' || low[L] == '-' || low[L] == ' ')) ||
                (strncmp(prefecture, PREFS[k].kanji, K) == 0 &&
                 (prefecture[K] == '\0' || strcmp(prefecture + K, "県") == 0 ||
                  strcmp(prefecture + K, "都") == 0 || strcmp(prefecture + K, "府") == 0))) {
                zone = PREFS[k].zone;
                split = PREFS[k].romaji;
                break;
            }
        }
        if (zone < 0)
            DX_FAIL(DX_EINVAL, "dx_geo_plane_zone_epsg: unknown prefecture '%.40s'", prefecture);
        if (zone == 0)
            zone = split_zone(split, lat_deg, lon_deg);
    } else {
        /* no prefecture: regions first, then the nearest origin longitude */
        if (lat_deg > 41.35 && lon_deg > 139.3)
            zone = split_zone("hokkaido", lat_deg, lon_deg);
        else if (lat_deg < 27.9 && lon_deg < 131.5 && !(lon_deg > 128.3 && lat_deg > 27.0))
            zone = split_zone("okinawa", lat_deg, lon_deg);
        else if (lat_deg < 28.0 && lon_deg > 135.0)
            zone = split_zone("tokyo", lat_deg, lon_deg);
        else {
            double best = 1e9;
            for (int z = 0; z < 10; z++) {
                double dl = fabs(lon_deg - ZONE_LON0[z]);
                if (dl < best) {
                    best = dl;
                    zone = z + 1;
                }
            }
        }
    }
    *out_epsg = 6668 + zone;
    return DX_OK;
}

/* ---------------------------------------------------------------------- */
/* Geodesics                                                               */

void dx__grs80_radii(double lat_deg, double *m_per_rad_lat, double *m_per_rad_lon)
{
    const double e2 = DX_GRS80_F * (2.0 - DX_GRS80_F);
    const double phi = lat_deg * DX_PI / 180.0;
    const double s = sin(phi);
    const double w = sqrt(1.0 - e2 * s * s);
    *m_per_rad_lat = DX_GRS80_A_M * (1.0 - e2) / (w * w * w); /* meridian radius M */
    *m_per_rad_lon = DX_GRS80_A_M / w * cos(phi);             /* N cos(phi) */
}

static void grs80(struct geod_geodesic *g) { geod_init(g, DX_GRS80_A_M, DX_GRS80_F); }

static int bad_pos(double lat, double lon)
{
    return !(fabs(lat) <= 90.0) || !(fabs(lon) <= 540.0);
}

dx_status dx_geo_inverse(size_t n, const double *lat1_deg, const double *lon1_deg,
                         const double *lat2_deg, const double *lon2_deg, double *out_distance_m,
                         double *out_azi1_deg, double *out_azi2_deg)
{
    if (n && (!lat1_deg || !lon1_deg || !lat2_deg || !lon2_deg || !out_distance_m))
        DX_FAIL(DX_EINVAL, "dx_geo_inverse: NULL array with n = %zu", n);
    struct geod_geodesic g;
    grs80(&g);
    for (size_t i = 0; i < n; i++) {
        if (bad_pos(lat1_deg[i], lon1_deg[i]) || bad_pos(lat2_deg[i], lon2_deg[i]))
            DX_FAIL(DX_EDOMAIN,
                    "dx_geo_inverse: pair %zu (%g, %g) -> (%g, %g) deg (|lat| <= 90, |lon| <= 540)",
                    i, lat1_deg[i], lon1_deg[i], lat2_deg[i], lon2_deg[i]);
        double s, a1, a2;
        geod_inverse(&g, lat1_deg[i], lon1_deg[i], lat2_deg[i], lon2_deg[i], &s, &a1, &a2);
        out_distance_m[i] = s;
        if (out_azi1_deg)
            out_azi1_deg[i] = a1;
        if (out_azi2_deg)
            out_azi2_deg[i] = a2;
    }
    return DX_OK;
}

dx_status dx_geo_direct(size_t n, const double *lat_deg, const double *lon_deg,
                        const double *azi_deg, const double *distance_m, double *out_lat_deg,
                        double *out_lon_deg)
{
    if (n && (!lat_deg || !lon_deg || !azi_deg || !distance_m || !out_lat_deg || !out_lon_deg))
        DX_FAIL(DX_EINVAL, "dx_geo_direct: NULL array with n = %zu", n);
    struct geod_geodesic g;
    grs80(&g);
    for (size_t i = 0; i < n; i++) {
        if (bad_pos(lat_deg[i], lon_deg[i]) || !isfinite(azi_deg[i]) || !isfinite(distance_m[i]))
            DX_FAIL(DX_EDOMAIN, "dx_geo_direct: start %zu (%g, %g) azimuth %g deg distance %g m",
                    i, lat_deg[i], lon_deg[i], azi_deg[i], distance_m[i]);
        geod_direct(&g, lat_deg[i], lon_deg[i], azi_deg[i], distance_m[i], &out_lat_deg[i],
                    &out_lon_deg[i], NULL);
    }
    return DX_OK;
}

dx_status dx_geo_line_points(double lat1_deg, double lon1_deg, double lat2_deg, double lon2_deg,
                             size_t n_points, double *out_lat_deg, double *out_lon_deg,
                             double *out_distance_m)
{
    DX_REQUIRE_PTR(out_lat_deg);
    DX_REQUIRE_PTR(out_lon_deg);
    if (n_points < 2)
        DX_FAIL(DX_EINVAL, "dx_geo_line_points: n_points = %zu (need >= 2)", n_points);
    if (bad_pos(lat1_deg, lon1_deg) || bad_pos(lat2_deg, lon2_deg))
        DX_FAIL(DX_EDOMAIN, "dx_geo_line_points: (%g, %g) -> (%g, %g) deg is not a line",
                lat1_deg, lon1_deg, lat2_deg, lon2_deg);
    struct geod_geodesic g;
    struct geod_geodesicline l;
    grs80(&g);
    geod_inverseline(&l, &g, lat1_deg, lon1_deg, lat2_deg, lon2_deg,
                     GEOD_LATITUDE | GEOD_LONGITUDE | GEOD_DISTANCE_IN);
    for (size_t i = 0; i < n_points; i++) {
        double s = l.s13 * (double)i / (double)(n_points - 1);
        geod_position(&l, s, &out_lat_deg[i], &out_lon_deg[i], NULL);
        if (out_distance_m)
            out_distance_m[i] = s;
    }
    return DX_OK;
}

/* ---------------------------------------------------------------------- */
/* Area polygons                                                           */

struct dx_geo_area {
    double *lat, *lon;   /* all vertices, rings back to back */
    size_t nv, capv;
    size_t *ring_start;  /* nr + 1 offsets */
    int *ring_hole;
    size_t *ring_poly;
    size_t nr, capr;
    size_t np;
};

dx_status dx_geo_area_create(dx_geo_area **out)
{
    DX_REQUIRE_PTR(out);
    *out = dx__calloc(1, sizeof(dx_geo_area));
    if (!*out)
        DX_FAIL(DX_ENOMEM, "dx_geo_area_create: out of memory");
    return DX_OK;
}

void dx_geo_area_free(dx_geo_area *a)
{
    if (!a)
        return;
    dx__free(a->lat);
    dx__free(a->lon);
    dx__free(a->ring_start);
    dx__free(a->ring_hole);
    dx__free(a->ring_poly);
    dx__free(a);
}

dx_status dx_geo_area_add_ring(dx_geo_area *a, int is_hole, size_t n, const double *lat_deg,
                               const double *lon_deg)
{
    DX_REQUIRE_PTR(a);
    DX_REQUIRE_PTR(lat_deg);
    DX_REQUIRE_PTR(lon_deg);
    if (n >= 2 && lat_deg[0] == lat_deg[n - 1] && lon_deg[0] == lon_deg[n - 1])
        n--; /* drop the closing vertex */
    if (n < 3)
        DX_FAIL(DX_EINVAL, "dx_geo_area_add_ring: a ring needs >= 3 distinct vertices (got %zu)",
                n);
    if (is_hole && a->np == 0)
        DX_FAIL(DX_EINVAL, "dx_geo_area_add_ring: a hole needs an exterior ring first");
    for (size_t i = 0; i < n; i++)
        if (!(fabs(lat_deg[i]) <= 90.0) || !(fabs(lon_deg[i]) <= 360.0))
            DX_FAIL(DX_EDOMAIN, "dx_geo_area_add_ring: vertex %zu at %g N %g E is not a position",
                    i, lat_deg[i], lon_deg[i]);
    if (a->nv + n > a->capv) {
        size_t cap = (a->nv + n) * 2;
        double *la = dx__realloc(a->lat, cap * sizeof(double));
        if (!la)
            DX_FAIL(DX_ENOMEM, "dx_geo_area_add_ring: out of memory");
        a->lat = la;
        double *lo = dx__realloc(a->lon, cap * sizeof(double));
        if (!lo)
            DX_FAIL(DX_ENOMEM, "dx_geo_area_add_ring: out of memory");
        a->lon = lo;
        a->capv = cap;
    }
    if (a->nr + 2 > a->capr) {
        size_t cap = (a->nr + 2) * 2;
        size_t *rs = dx__realloc(a->ring_start, cap * sizeof(size_t));
        if (!rs)
            DX_FAIL(DX_ENOMEM, "dx_geo_area_add_ring: out of memory");
        a->ring_start = rs;
        int *rh = dx__realloc(a->ring_hole, cap * sizeof(int));
        if (!rh)
            DX_FAIL(DX_ENOMEM, "dx_geo_area_add_ring: out of memory");
        a->ring_hole = rh;
        size_t *rp = dx__realloc(a->ring_poly, cap * sizeof(size_t));
        if (!rp)
            DX_FAIL(DX_ENOMEM, "dx_geo_area_add_ring: out of memory");
        a->ring_poly = rp;
        a->capr = cap;
    }
    if (a->nr == 0)
        a->ring_start[0] = 0;
    memcpy(a->lat + a->nv, lat_deg, n * sizeof(double));
    memcpy(a->lon + a->nv, lon_deg, n * sizeof(double));
    a->nv += n;
    if (!is_hole)
        a->np++;
    a->ring_hole[a->nr] = is_hole ? 1 : 0;
    a->ring_poly[a->nr] = a->np - 1;
    a->nr++;
    a->ring_start[a->nr] = a->nv;
    return DX_OK;
}

size_t dx_geo_area_polygon_count(const dx_geo_area *a) { return a ? a->np : 0; }
size_t dx_geo_area_ring_count(const dx_geo_area *a) { return a ? a->nr : 0; }

dx_status dx_geo_area_ring(const dx_geo_area *a, size_t i, size_t cap, double *out_lat_deg,
                           double *out_lon_deg, size_t *out_n, int *out_is_hole,
                           size_t *out_polygon)
{
    DX_REQUIRE_PTR(a);
    if (i >= a->nr)
        DX_FAIL(DX_EINVAL, "dx_geo_area_ring: ring %zu (the area has %zu)", i, a->nr);
    size_t n = a->ring_start[i + 1] - a->ring_start[i];
    if (out_n)
        *out_n = n;
    if (out_is_hole)
        *out_is_hole = a->ring_hole[i];
    if (out_polygon)
        *out_polygon = a->ring_poly[i];
    if (out_lat_deg || out_lon_deg) {
        if (cap < n)
            DX_FAIL(DX_EBUFSIZE, "dx_geo_area_ring: cap %zu < %zu vertices", cap, n);
        if (out_lat_deg)
            memcpy(out_lat_deg, a->lat + a->ring_start[i], n * sizeof(double));
        if (out_lon_deg)
            memcpy(out_lon_deg, a->lon + a->ring_start[i], n * sizeof(double));
    }
    return DX_OK;
}

dx_status dx_geo_area_bounds(const dx_geo_area *a, double *out_south_deg, double *out_west_deg,
                             double *out_north_deg, double *out_east_deg)
{
    DX_REQUIRE_PTR(a);
    if (a->nv == 0)
        DX_FAIL(DX_EINVAL, "dx_geo_area_bounds: the area is empty");
    double s = 90, w = 1e9, n = -90, e = -1e9;
    for (size_t i = 0; i < a->nv; i++) {
        s = fmin(s, a->lat[i]);
        n = fmax(n, a->lat[i]);
        w = fmin(w, a->lon[i]);
        e = fmax(e, a->lon[i]);
    }
    if (out_south_deg)
        *out_south_deg = s;
    if (out_west_deg)
        *out_west_deg = w;
    if (out_north_deg)
        *out_north_deg = n;
    if (out_east_deg)
        *out_east_deg = e;
    return DX_OK;
}

int dx__geo_ring_contains_xy(size_t n, const double *x, const double *y, double px, double py)
{
    int in = 0;
    for (size_t i = 0, j = n - 1; i < n; j = i++)
        if ((y[i] > py) != (y[j] > py) && px < (x[j] - x[i]) * (py - y[i]) / (y[j] - y[i]) + x[i])
            in = !in;
    return in;
}

static int ring_contains(const dx_geo_area *a, size_t r, double lat, double lon)
{
    const size_t s = a->ring_start[r], e = a->ring_start[r + 1];
    int in = 0;
    for (size_t i = s, j = e - 1; i < e; j = i++) {
        const double yi = a->lat[i], yj = a->lat[j], xi = a->lon[i], xj = a->lon[j];
        if ((yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi)
            in = !in;
    }
    return in;
}

dx_status dx_geo_area_contains(const dx_geo_area *a, size_t n, const double *lat_deg,
                               const double *lon_deg, unsigned char *out_inside)
{
    DX_REQUIRE_PTR(a);
    if (n && (!lat_deg || !lon_deg || !out_inside))
        DX_FAIL(DX_EINVAL, "dx_geo_area_contains: NULL array with n = %zu", n);
    for (size_t k = 0; k < n; k++) {
        int inside = 0;
        /* rings of one polygon are consecutive: exterior, then its holes */
        for (size_t r = 0; r < a->nr && !inside; r++) {
            if (a->ring_hole[r] || !ring_contains(a, r, lat_deg[k], lon_deg[k]))
                continue;
            int in_hole = 0;
            for (size_t h = r + 1; h < a->nr && a->ring_hole[h]; h++)
                if (ring_contains(a, h, lat_deg[k], lon_deg[k]))
                    in_hole = 1;
            inside = !in_hole;
        }
        out_inside[k] = (unsigned char)inside;
    }
    return DX_OK;
}

dx_status dx_geo_area_m2(const dx_geo_area *a, double *out_area_m2)
{
    DX_REQUIRE_PTR(a);
    DX_REQUIRE_PTR(out_area_m2);
    struct geod_geodesic g;
    grs80(&g);
    double total = 0.0;
    for (size_t r = 0; r < a->nr; r++) {
        double A = 0, P = 0;
        const size_t s = a->ring_start[r];
        geod_polygonarea(&g, a->lat + s, a->lon + s, (int)(a->ring_start[r + 1] - s), &A, &P);
        total += a->ring_hole[r] ? -fabs(A) : fabs(A);
    }
    *out_area_m2 = total;
    return DX_OK;
}

/* ---- ring checks (dx_geo_area_validate) --------------------------------- */

/* Sign of the turn a -> b -> c in the lon/lat plane (small areas, no antimeridian). */
static int turn(double ax, double ay, double bx, double by, double cx, double cy)
{
    const double v = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
    return (v > 0) - (v < 0);
}

/* c lies on segment ab, given that the three are collinear. */
static int within(double ax, double ay, double bx, double by, double cx, double cy)
{
    return cx >= fmin(ax, bx) && cx <= fmax(ax, bx) && cy >= fmin(ay, by) && cy <= fmax(ay, by);
}

/* Segments ab and cd cross or touch. */
static int segments_meet(double ax, double ay, double bx, double by, double cx, double cy,
                         double dx, double dy)
{
    const int o1 = turn(ax, ay, bx, by, cx, cy), o2 = turn(ax, ay, bx, by, dx, dy);
    const int o3 = turn(cx, cy, dx, dy, ax, ay), o4 = turn(cx, cy, dx, dy, bx, by);
    if (o1 != o2 && o3 != o4)
        return 1;
    return (!o1 && within(ax, ay, bx, by, cx, cy)) || (!o2 && within(ax, ay, bx, by, dx, dy)) ||
           (!o3 && within(cx, cy, dx, dy, ax, ay)) || (!o4 && within(cx, cy, dx, dy, bx, by));
}

/* Human name of ring r: "polygon 2 exterior ring" / "polygon 2 hole 1" (1-based). */
static void ring_name(const dx_geo_area *a, size_t r, char *buf, size_t cap)
{
    size_t hole = 0;
    for (size_t k = r; k > 0 && a->ring_hole[k]; k--)
        hole++;
    if (a->ring_hole[r])
        snprintf(buf, cap, "polygon %zu hole %zu", a->ring_poly[r] + 1, hole);
    else
        snprintf(buf, cap, "polygon %zu exterior ring", a->ring_poly[r] + 1);
}

/* Inside the polygon whose exterior ring is r, outside its holes. */
static int in_polygon(const dx_geo_area *a, size_t r, double lat, double lon)
{
    if (!ring_contains(a, r, lat, lon))
        return 0;
    for (size_t h = r + 1; h < a->nr && a->ring_hole[h]; h++)
        if (ring_contains(a, h, lat, lon))
            return 0;
    return 1;
}

/* ---- edge pairs that meet, by a sweep over x ------------------------------
 * The checks compared every pair of edges: O(n^2), and an area file of 10^6
 * vertices (a fine coastline) ran for hours. The edges are sorted by their
 * west end and swept west to east; an edge is compared only with the edges
 * whose x-range reaches it (and whose y-range overlaps). The pairs reported
 * are the ones the pairwise loops found first: per ring the smallest (i, j)
 * of a self-intersection, and over rings the smallest (r, q, i, j). */
typedef struct {
    double x0, x1, y0, y1; /* bounding box of the edge */
    size_t ring, i;        /* edge i -> i + 1 (mod n) of ring */
} geo_edge;

static int edge_by_x0(const void *pa, const void *pb)
{
    const geo_edge *a = pa, *b = pb;
    if (a->x0 != b->x0)
        return a->x0 < b->x0 ? -1 : 1;
    if (a->ring != b->ring)
        return a->ring < b->ring ? -1 : 1;
    return (a->i > b->i) - (a->i < b->i);
}

typedef struct {
    size_t *self_i, *self_j; /* per ring: the first self-intersection, or SIZE_MAX */
    size_t cr, cq, ci, cj;   /* the first pair of different rings, cr = SIZE_MAX if none */
} geo_meets;

static void meets_note(const dx_geo_area *a, geo_meets *m, const geo_edge *e, const geo_edge *f)
{
    if (e->ring > f->ring || (e->ring == f->ring && e->i > f->i)) {
        const geo_edge *t = e;
        e = f;
        f = t;
    }
    const size_t r = e->ring, q = f->ring, i = e->i, j = f->i;
    const size_t sr = a->ring_start[r], nr = a->ring_start[r + 1] - sr;
    const size_t sq = a->ring_start[q], nq = a->ring_start[q + 1] - sq;
    if (r == q) {
        if (j < i + 2 || (i == 0 && j == nr - 1))
            return; /* the same or adjacent edges */
        if (m->self_i[r] != SIZE_MAX &&
            (i > m->self_i[r] || (i == m->self_i[r] && j >= m->self_j[r])))
            return; /* a pair the loop order reaches later */
    } else if (m->cr != SIZE_MAX &&
               (r > m->cr || (r == m->cr && (q > m->cq || (q == m->cq &&
                                                          (i > m->ci || (i == m->ci && j >= m->cj)))))))
        return;
    const size_t i1 = (i + 1) % nr, j1 = (j + 1) % nq;
    if (!segments_meet(a->lon[sr + i], a->lat[sr + i], a->lon[sr + i1], a->lat[sr + i1],
                       a->lon[sq + j], a->lat[sq + j], a->lon[sq + j1], a->lat[sq + j1]))
        return;
    if (r == q) {
        m->self_i[r] = i;
        m->self_j[r] = j;
    } else {
        m->cr = r;
        m->cq = q;
        m->ci = i;
        m->cj = j;
    }
}

static dx_status find_meets(const dx_geo_area *a, geo_meets *m)
{
    m->cr = m->cq = m->ci = m->cj = SIZE_MAX;
    m->self_i = dx__malloc(2 * a->nr * sizeof(size_t));
    geo_edge *e = dx__malloc(a->nv * sizeof(geo_edge));
    size_t *active = dx__malloc(a->nv * sizeof(size_t));
    if (!m->self_i || !e || !active) {
        dx__free(m->self_i);
        dx__free(e);
        dx__free(active);
        m->self_i = NULL;
        DX_FAIL(DX_ENOMEM, "dx_geo_area_validate: out of memory for %zu edges", a->nv);
    }
    m->self_j = m->self_i + a->nr;
    size_t k = 0;
    for (size_t r = 0; r < a->nr; r++) {
        m->self_i[r] = m->self_j[r] = SIZE_MAX;
        const size_t s = a->ring_start[r], n = a->ring_start[r + 1] - s;
        for (size_t i = 0; i < n; i++, k++) {
            const size_t i1 = (i + 1) % n;
            e[k] = (geo_edge){fmin(a->lon[s + i], a->lon[s + i1]), fmax(a->lon[s + i], a->lon[s + i1]),
                              fmin(a->lat[s + i], a->lat[s + i1]), fmax(a->lat[s + i], a->lat[s + i1]),
                              r, i};
        }
    }
    qsort(e, k, sizeof *e, edge_by_x0);
    size_t n_active = 0;
    for (size_t t = 0; t < k; t++) {
        size_t keep = 0;
        for (size_t u = 0; u < n_active; u++) {
            const geo_edge *f = &e[active[u]];
            if (f->x1 < e[t].x0)
                continue; /* ends west of every edge still to come */
            active[keep++] = active[u];
            if (f->y1 >= e[t].y0 && e[t].y1 >= f->y0)
                meets_note(a, m, &e[t], f);
        }
        n_active = keep;
        active[n_active++] = t;
    }
    dx__free(e);
    dx__free(active);
    return DX_OK;
}

/* ---- ring pairs that can fail a containment check ------------------------
 * The ring-against-ring checks ran over every pair of rings: 20,000 islands
 * took 23 s, 10^5 about ten minutes. A pair can fail only if it is an
 * exterior and one of its own holes (a hole outside its exterior), or if the
 * two rings' bounding boxes overlap (a hole inside another hole, a polygon
 * inside another: a vertex of one inside the other), or if it is the first
 * crossing pair found by find_meets. Those pairs are listed (bounding boxes
 * by a sweep over x) and checked in the (r, q) order of the loop before. */
typedef struct {
    size_t r, q;
} ring_pair;

typedef struct {
    double x0, x1, y0, y1;
    size_t ring;
} ring_box;

static int box_by_x0(const void *pa, const void *pb)
{
    const ring_box *a = pa, *b = pb;
    if (a->x0 != b->x0)
        return a->x0 < b->x0 ? -1 : 1;
    return (a->ring > b->ring) - (a->ring < b->ring);
}

static int pair_order(const void *pa, const void *pb)
{
    const ring_pair *a = pa, *b = pb;
    if (a->r != b->r)
        return a->r < b->r ? -1 : 1;
    return (a->q > b->q) - (a->q < b->q);
}

static int pair_add(ring_pair **v, size_t *n, size_t *cap, size_t r, size_t q)
{
    if (*n == *cap) {
        size_t nc = *cap ? 2 * *cap : 64;
        ring_pair *p = dx__realloc(*v, nc * sizeof *p);
        if (!p)
            return 0;
        *v = p;
        *cap = nc;
    }
    (*v)[(*n)++] = (ring_pair){r < q ? r : q, r < q ? q : r};
    return 1;
}

static dx_status ring_pairs(const dx_geo_area *a, const geo_meets *m, ring_pair **out,
                            size_t *out_n)
{
    *out = NULL;
    *out_n = 0;
    ring_pair *v = NULL;
    size_t n = 0, cap = 0;
    ring_box *b = dx__malloc(a->nr * sizeof *b);
    size_t *active = dx__malloc(a->nr * sizeof *active);
    int ok = b && active;
    for (size_t r = 0; ok && r < a->nr; r++) {
        const size_t s = a->ring_start[r], k = a->ring_start[r + 1] - s;
        b[r] = (ring_box){a->lon[s], a->lon[s], a->lat[s], a->lat[s], r};
        for (size_t i = 1; i < k; i++) {
            b[r].x0 = fmin(b[r].x0, a->lon[s + i]);
            b[r].x1 = fmax(b[r].x1, a->lon[s + i]);
            b[r].y0 = fmin(b[r].y0, a->lat[s + i]);
            b[r].y1 = fmax(b[r].y1, a->lat[s + i]);
        }
        /* an exterior and each of its holes (they follow it) */
        for (size_t q = r + 1; !a->ring_hole[r] && q < a->nr && a->ring_hole[q]; q++)
            ok = ok && pair_add(&v, &n, &cap, r, q);
    }
    if (ok && m->cr != SIZE_MAX)
        ok = pair_add(&v, &n, &cap, m->cr, m->cq);
    if (ok) {
        qsort(b, a->nr, sizeof *b, box_by_x0);
        size_t n_active = 0;
        for (size_t t = 0; ok && t < a->nr; t++) {
            size_t keep = 0;
            for (size_t u = 0; ok && u < n_active; u++) {
                const ring_box *f = &b[active[u]];
                if (f->x1 < b[t].x0)
                    continue;
                active[keep++] = active[u];
                if (f->y1 >= b[t].y0 && b[t].y1 >= f->y0)
                    ok = pair_add(&v, &n, &cap, f->ring, b[t].ring);
            }
            if (ok) {
                n_active = keep;
                active[n_active++] = t;
            }
        }
    }
    dx__free(b);
    dx__free(active);
    if (!ok) {
        dx__free(v);
        DX_FAIL(DX_ENOMEM, "dx_geo_area_validate: out of memory for the pairs of %zu rings", a->nr);
    }
    if (n > 1) /* qsort(NULL, 0, ..) is undefined (UBSan: a single ring has no pair) */
        qsort(v, n, sizeof *v, pair_order);
    *out = v;
    *out_n = n;
    return DX_OK;
}

static dx_status check_ring_pair(const dx_geo_area *a, const geo_meets *m, size_t r, size_t q);

static dx_status validate_rings(const dx_geo_area *a, const geo_meets *m)
{
    char n1[64];
    for (size_t r = 0; r < a->nr; r++) {
        const size_t s = a->ring_start[r], n = a->ring_start[r + 1] - s;
        const double *y = a->lat + s, *x = a->lon + s;
        for (size_t i = 0; i < n; i++) {
            const size_t i1 = (i + 1) % n;
            if (x[i] == x[i1] && y[i] == y[i1]) {
                ring_name(a, r, n1, sizeof n1);
                DX_FAIL(DX_EDOMAIN, "%s: vertex %zu repeats vertex %zu (%.7f N %.7f E): remove it",
                        n1, i1 + 1, i + 1, y[i], x[i]);
            }
        }
        /* self-intersection: the first pair of non-adjacent edges that meet */
        if (m->self_i[r] != SIZE_MAX) {
            const size_t i = m->self_i[r], j = m->self_j[r], i1 = i + 1, j1 = (j + 1) % n;
            ring_name(a, r, n1, sizeof n1);
            dx__set_error("%s is self-intersecting: edge %zu-%zu (%.7f N %.7f E to %.7f N "
                          "%.7f E) meets edge %zu-%zu (%.7f N %.7f E to %.7f N %.7f E)",
                          n1, i + 1, i1 + 1, y[i], x[i], y[i1], x[i1], j + 1, j1 + 1, y[j], x[j],
                          y[j1], x[j1]);
            return DX_EDOMAIN;
        }
        double twice_area = 0.0;
        for (size_t i = 0; i < n; i++)
            twice_area += x[i] * y[(i + 1) % n] - x[(i + 1) % n] * y[i];
        if (twice_area == 0.0) {
            ring_name(a, r, n1, sizeof n1);
            DX_FAIL(DX_EDOMAIN, "%s: its %zu vertices enclose no area (all on one line)", n1, n);
        }
    }
    /* rings against each other: no edges meet; holes inside their exterior and
     * outside their siblings; exteriors outside one another */
    ring_pair *pairs = NULL;
    size_t n_pairs = 0;
    DX_TRY(ring_pairs(a, m, &pairs, &n_pairs));
    dx_status st = DX_OK;
    for (size_t p = 0; p < n_pairs && st == DX_OK; p++) {
        if (p && pairs[p].r == pairs[p - 1].r && pairs[p].q == pairs[p - 1].q)
            continue; /* listed twice (a hole whose box overlaps its exterior's) */
        st = check_ring_pair(a, m, pairs[p].r, pairs[p].q);
    }
    dx__free(pairs);
    return st;
}

/* The checks of one pair of rings r < q (validate_rings). */
static dx_status check_ring_pair(const dx_geo_area *a, const geo_meets *m, size_t r, size_t q)
{
    char n1[64], n2[64];
    {
            const size_t sr = a->ring_start[r], nr = a->ring_start[r + 1] - sr;
            const size_t sq = a->ring_start[q], nq = a->ring_start[q + 1] - sq;
            if (m->cr == r && m->cq == q) {
                const size_t i = m->ci, j = m->cj, i1 = (i + 1) % nr, j1 = (j + 1) % nq;
                (void)i1;
                ring_name(a, r, n1, sizeof n1);
                ring_name(a, q, n2, sizeof n2);
                dx__set_error("%s edge %zu-%zu meets %s edge %zu-%zu near %.7f N %.7f E "
                              "(rings may not cross or touch)",
                              n1, i + 1, i1 + 1, n2, j + 1, j1 + 1, a->lat[sq + j], a->lon[sq + j]);
                return DX_EDOMAIN;
            }
            const int same = a->ring_poly[r] == a->ring_poly[q];
            const double qy = a->lat[sq], qx = a->lon[sq], ry = a->lat[sr], rx = a->lon[sr];
            ring_name(a, r, n1, sizeof n1);
            ring_name(a, q, n2, sizeof n2);
            if (same && !a->ring_hole[r] && !ring_contains(a, r, qy, qx))
                DX_FAIL(DX_EDOMAIN,
                        "%s lies outside its exterior ring: vertex 1 at %.7f N %.7f E is not "
                        "inside it (a hole must lie inside the polygon it cuts)",
                        n2, qy, qx);
            if (same && a->ring_hole[r] && (ring_contains(a, r, qy, qx) || ring_contains(a, q, ry, rx)))
                DX_FAIL(DX_EDOMAIN, "%s and %s: one hole lies inside the other (give the outer one only)",
                        n1, n2);
            if (!same && !a->ring_hole[r] && !a->ring_hole[q] &&
                (in_polygon(a, r, qy, qx) || in_polygon(a, q, ry, rx)))
                DX_FAIL(DX_EDOMAIN,
                        "%s and %s overlap: one polygon lies inside the other (an island may "
                        "lie only inside a hole of another polygon)",
                        n1, n2);
        }
    return DX_OK;
}

dx_status dx_geo_area_validate(const dx_geo_area *a)
{
    DX_REQUIRE_PTR(a);
    if (a->nr == 0)
        DX_FAIL(DX_EINVAL, "dx_geo_area_validate: the area has no ring");
    geo_meets m;
    DX_TRY(find_meets(a, &m));
    dx_status st = validate_rings(a, &m);
    dx__free(m.self_i);
    return st;
}

/* ---------------------------------------------------------------------- */
/* GeoJSON: a small strict JSON reader (RFC 8259) walking only the geometry */

typedef struct {
    const char *p, *end, *name, *start;
    int depth;
} json_in;

static int json_line(const json_in *j)
{
    int line = 1;
    for (const char *q = j->start; q < j->p; q++)
        line += *q == '\n';
    return line;
}

#define JFAIL(j, ...)                                                                          \
    do {                                                                                       \
        char m_[200];                                                                          \
        snprintf(m_, sizeof m_, __VA_ARGS__);                                                  \
        DX_FAIL(DX_EPARSE, "%s: line %d: %s", (j)->name, json_line(j), m_);                   \
    } while (0)

static void json_ws(json_in *j)
{
    while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
        j->p++;
}

/* Parses a string; copies up to cap-1 bytes of it (escapes kept raw). */
static dx_status json_string(json_in *j, char *buf, size_t cap)
{
    if (j->p >= j->end || *j->p != '"')
        JFAIL(j, "expected a string");
    j->p++;
    size_t n = 0;
    while (j->p < j->end && *j->p != '"') {
        unsigned char c = (unsigned char)*j->p;
        if (c < 0x20)
            JFAIL(j, "control character in a string");
        if (c == '\\') {
            j->p++;
            if (j->p >= j->end || !strchr("\"\\/bfnrtu", *j->p))
                JFAIL(j, "bad escape in a string");
            if (*j->p == 'u') {
                for (int k = 1; k <= 4; k++)
                    if (j->p + k >= j->end || !isxdigit((unsigned char)j->p[k]))
                        JFAIL(j, "bad \\u escape");
                j->p += 4;
            }
        }
        if (buf && n + 1 < cap)
            buf[n++] = (char)c;
        j->p++;
    }
    if (j->p >= j->end)
        JFAIL(j, "unterminated string");
    j->p++;
    if (buf)
        buf[n] = '\0';
    return DX_OK;
}

static dx_status json_number(json_in *j, double *out)
{
    const char *s = j->p;
    if (j->p < j->end && *j->p == '-')
        j->p++;
    if (j->p >= j->end || !isdigit((unsigned char)*j->p))
        JFAIL(j, "expected a number");
    if (*j->p == '0' && j->p + 1 < j->end && isdigit((unsigned char)j->p[1]))
        JFAIL(j, "leading zero in a number");
    while (j->p < j->end && isdigit((unsigned char)*j->p))
        j->p++;
    if (j->p < j->end && *j->p == '.') {
        j->p++;
        if (j->p >= j->end || !isdigit((unsigned char)*j->p))
            JFAIL(j, "digit expected after '.'");
        while (j->p < j->end && isdigit((unsigned char)*j->p))
            j->p++;
    }
    if (j->p < j->end && (*j->p == 'e' || *j->p == 'E')) {
        j->p++;
        if (j->p < j->end && (*j->p == '+' || *j->p == '-'))
            j->p++;
        if (j->p >= j->end || !isdigit((unsigned char)*j->p))
            JFAIL(j, "digit expected in exponent");
        while (j->p < j->end && isdigit((unsigned char)*j->p))
            j->p++;
    }
    char tmp[64];
    size_t L = (size_t)(j->p - s);
    if (L >= sizeof tmp)
        JFAIL(j, "number too long");
    memcpy(tmp, s, L);
    tmp[L] = '\0';
    if (dx__parse_double(tmp, out) != 0 || !isfinite(*out))
        JFAIL(j, "number '%s' out of range", tmp);
    return DX_OK;
}

static dx_status json_skip(json_in *j);

static dx_status json_skip_container(json_in *j, char open, char close)
{
    if (++j->depth > 64)
        JFAIL(j, "nesting deeper than 64");
    j->p++;
    json_ws(j);
    if (j->p < j->end && *j->p == close) {
        j->p++;
        j->depth--;
        return DX_OK;
    }
    for (;;) {
        json_ws(j);
        if (open == '{') {
            DX_TRY(json_string(j, NULL, 0));
            json_ws(j);
            if (j->p >= j->end || *j->p != ':')
                JFAIL(j, "expected ':'");
            j->p++;
        }
        DX_TRY(json_skip(j));
        json_ws(j);
        if (j->p < j->end && *j->p == ',') {
            j->p++;
            continue;
        }
        if (j->p < j->end && *j->p == close) {
            j->p++;
            j->depth--;
            return DX_OK;
        }
        JFAIL(j, "expected ',' or '%c'", close);
    }
}

static dx_status json_skip(json_in *j)
{
    json_ws(j);
    if (j->p >= j->end)
        JFAIL(j, "unexpected end of file");
    char c = *j->p;
    if (c == '{')
        return json_skip_container(j, '{', '}');
    if (c == '[')
        return json_skip_container(j, '[', ']');
    if (c == '"')
        return json_string(j, NULL, 0);
    if (c == '-' || isdigit((unsigned char)c)) {
        double v;
        return json_number(j, &v);
    }
    static const char *lits[] = {"true", "false", "null"};
    for (int k = 0; k < 3; k++) {
        size_t L = strlen(lits[k]);
        if ((size_t)(j->end - j->p) >= L && memcmp(j->p, lits[k], L) == 0) {
            j->p += L;
            return DX_OK;
        }
    }
    JFAIL(j, "unexpected character '%c'", c);
}

/* Reads a ring [[lon,lat(,h)], ...] into the area. */
static dx_status json_ring(json_in *j, dx_geo_area *a, int is_hole)
{
    json_ws(j);
    if (j->p >= j->end || *j->p != '[')
        JFAIL(j, "a linear ring must be an array of positions");
    j->p++;
    size_t n = 0, cap = 64;
    double *la = dx__malloc(cap * sizeof(double)), *lo = dx__malloc(cap * sizeof(double));
    dx_status st = DX_OK;
    if (!la || !lo) {
        dx__set_error("%s: out of memory", j->name);
        st = DX_ENOMEM;
        goto out;
    }
    for (;;) {
        json_ws(j);
        if (n == 0 && j->p < j->end && *j->p == ']')
            break;
        if (j->p >= j->end || *j->p != '[') {
            dx__set_error("%s: line %d: a position must be [lon, lat]", j->name, json_line(j));
            st = DX_EPARSE;
            goto out;
        }
        j->p++;
        double v[3];
        int k = 0;
        for (;;) {
            json_ws(j);
            double x;
            if ((st = json_number(j, &x)) != DX_OK)
                goto out;
            if (k < 3)
                v[k] = x;
            k++;
            json_ws(j);
            if (j->p < j->end && *j->p == ',') {
                j->p++;
                continue;
            }
            if (j->p < j->end && *j->p == ']') {
                j->p++;
                break;
            }
            dx__set_error("%s: line %d: expected ',' or ']' in a position", j->name,
                          json_line(j));
            st = DX_EPARSE;
            goto out;
        }
        if (k < 2) {
            dx__set_error("%s: line %d: a position needs lon and lat", j->name, json_line(j));
            st = DX_EPARSE;
            goto out;
        }
        if (n == cap) {
            cap *= 2;
            double *t1 = dx__realloc(la, cap * sizeof(double));
            if (!t1) {
                st = DX_ENOMEM;
                dx__set_error("%s: out of memory", j->name);
                goto out;
            }
            la = t1;
            double *t2 = dx__realloc(lo, cap * sizeof(double));
            if (!t2) {
                st = DX_ENOMEM;
                dx__set_error("%s: out of memory", j->name);
                goto out;
            }
            lo = t2;
        }
        lo[n] = v[0];
        la[n] = v[1];
        n++;
        json_ws(j);
        if (j->p < j->end && *j->p == ',') {
            j->p++;
            continue;
        }
        if (j->p < j->end && *j->p == ']')
            break;
        dx__set_error("%s: line %d: expected ',' or ']' after a position", j->name, json_line(j));
        st = DX_EPARSE;
        goto out;
    }
    j->p++;
    if (n < 4) {
        dx__set_error("%s: line %d: a linear ring needs >= 4 positions (RFC 7946 3.1.6), got %zu",
                      j->name, json_line(j), n);
        st = DX_EPARSE;
        goto out;
    }
    if (la[0] != la[n - 1] || lo[0] != lo[n - 1]) {
        dx__set_error("%s: line %d: the linear ring is not closed: it starts at [%.7f, %.7f] and "
                      "ends at [%.7f, %.7f] (RFC 7946 3.1.6: the first and last positions must be "
                      "equal)",
                      j->name, json_line(j), lo[0], la[0], lo[n - 1], la[n - 1]);
        st = DX_EPARSE;
        goto out;
    }
    st = dx_geo_area_add_ring(a, is_hole, n, la, lo);
    if (st != DX_OK)
        dx__prefix_error("%s: line %d", j->name, json_line(j));
out:
    dx__free(la);
    dx__free(lo);
    return st;
}

/* coordinates of a Polygon: [ring, ring...] */
static dx_status json_polygon_coords(json_in *j, dx_geo_area *a)
{
    json_ws(j);
    if (j->p >= j->end || *j->p != '[')
        JFAIL(j, "Polygon coordinates must be an array of rings");
    j->p++;
    int k = 0;
    for (;;) {
        json_ws(j);
        if (k == 0 && j->p < j->end && *j->p == ']')
            JFAIL(j, "a Polygon needs at least one ring");
        DX_TRY(json_ring(j, a, k > 0));
        k++;
        json_ws(j);
        if (j->p < j->end && *j->p == ',') {
            j->p++;
            continue;
        }
        if (j->p < j->end && *j->p == ']') {
            j->p++;
            return DX_OK;
        }
        JFAIL(j, "expected ',' or ']' between rings");
    }
}

static dx_status json_object(json_in *j, dx_geo_area *a);

/* Value that may hold geometry: objects are walked, arrays of objects too. */
static dx_status json_value(json_in *j, dx_geo_area *a)
{
    json_ws(j);
    if (j->p < j->end && *j->p == '{')
        return json_object(j, a);
    if (j->p < j->end && *j->p == '[') {
        if (++j->depth > 64)
            JFAIL(j, "nesting deeper than 64");
        j->p++;
        json_ws(j);
        if (j->p < j->end && *j->p == ']') {
            j->p++;
            j->depth--;
            return DX_OK;
        }
        for (;;) {
            DX_TRY(json_value(j, a));
            json_ws(j);
            if (j->p < j->end && *j->p == ',') {
                j->p++;
                continue;
            }
            if (j->p < j->end && *j->p == ']') {
                j->p++;
                j->depth--;
                return DX_OK;
            }
            JFAIL(j, "expected ',' or ']'");
        }
    }
    return json_skip(j);
}

/* Object: remembers "type"; parses "coordinates" according to the type, which
 * RFC 7946 does not order before it, so an early "coordinates" is re-read. */
static dx_status json_object(json_in *j, dx_geo_area *a)
{
    if (++j->depth > 64)
        JFAIL(j, "nesting deeper than 64");
    j->p++;
    char type[32] = "";
    const char *coords = NULL;
    json_ws(j);
    if (j->p < j->end && *j->p == '}') {
        j->p++;
        j->depth--;
        return DX_OK;
    }
    for (;;) {
        json_ws(j);
        char key[32];
        DX_TRY(json_string(j, key, sizeof key));
        json_ws(j);
        if (j->p >= j->end || *j->p != ':')
            JFAIL(j, "expected ':' after \"%s\"", key);
        j->p++;
        json_ws(j);
        if (strcmp(key, "type") == 0) {
            DX_TRY(json_string(j, type, sizeof type));
        } else if (strcmp(key, "coordinates") == 0) {
            coords = j->p;
            DX_TRY(json_skip(j));
        } else if (strcmp(key, "properties") == 0) {
            DX_TRY(json_skip(j));
        } else {
            DX_TRY(json_value(j, a));
        }
        json_ws(j);
        if (j->p < j->end && *j->p == ',') {
            j->p++;
            continue;
        }
        if (j->p < j->end && *j->p == '}') {
            j->p++;
            break;
        }
        JFAIL(j, "expected ',' or '}'");
    }
    j->depth--;
    if (coords && (strcmp(type, "Polygon") == 0 || strcmp(type, "MultiPolygon") == 0)) {
        const char *resume = j->p;
        j->p = coords;
        if (strcmp(type, "Polygon") == 0) {
            DX_TRY(json_polygon_coords(j, a));
        } else {
            json_ws(j);
            if (j->p >= j->end || *j->p != '[')
                JFAIL(j, "MultiPolygon coordinates must be an array of polygons");
            j->p++;
            json_ws(j);
            if (j->p < j->end && *j->p == ']')
                j->p++;
            else
                for (;;) {
                    DX_TRY(json_polygon_coords(j, a));
                    json_ws(j);
                    if (j->p < j->end && *j->p == ',') {
                        j->p++;
                        continue;
                    }
                    if (j->p < j->end && *j->p == ']') {
                        j->p++;
                        break;
                    }
                    JFAIL(j, "expected ',' or ']' between polygons");
                }
        }
        j->p = resume;
    }
    return DX_OK;
}

static dx_status read_geojson(const char *name, const char *text, size_t len, dx_geo_area *a)
{
    json_in j = {text, text + len, name, text, 0};
    json_ws(&j);
    DX_TRY(json_value(&j, a));
    json_ws(&j);
    if (j.p != j.end)
        JFAIL(&j, "trailing text after the JSON value");
    return DX_OK;
}

/* ---------------------------------------------------------------------- */
/* KML                                                                     */

static dx_status kml_coords(const char *name, xmlNode *ring, dx_geo_area *a, int is_hole)
{
    xmlNode *c = NULL;
    for (xmlNode *n = ring; n && !c; n = n->next)
        if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, "LinearRing") == 0)
            for (xmlNode *m = n->children; m; m = m->next)
                if (m->type == XML_ELEMENT_NODE &&
                    strcmp((const char *)m->name, "coordinates") == 0)
                    c = m;
    if (!c)
        DX_FAIL(DX_EPARSE, "%s: line %ld: boundary without LinearRing/coordinates", name,
                (long)xmlGetLineNo(ring ? ring->parent : NULL));
    xmlChar *t = xmlNodeGetContent(c);
    if (!t)
        DX_FAIL(DX_EPARSE, "%s: empty coordinates", name);
    size_t cap = 64, n = 0;
    double *la = dx__malloc(cap * sizeof(double)), *lo = dx__malloc(cap * sizeof(double));
    dx_status st = DX_OK;
    int oom = !la || !lo;
    char *s = (char *)t;
    while (st == DX_OK && !oom) {
        while (*s && isspace((unsigned char)*s))
            s++;
        if (!*s)
            break;
        char *e = s;
        while (*e && !isspace((unsigned char)*e))
            e++;
        char save = *e;
        *e = '\0';
        /* lon,lat[,alt] */
        double v[3];
        int k = 0;
        char *tok = s;
        while (k < 3) {
            char *comma = strchr(tok, ',');
            if (comma)
                *comma = '\0';
            if (dx__parse_double(tok, &v[k]) != 0) {
                dx__set_error("%s: line %ld: coordinate tuple '%.40s' is not lon,lat[,alt]", name,
                              (long)xmlGetLineNo(c), s);
                st = DX_EPARSE;
                break;
            }
            k++;
            if (!comma)
                break;
            tok = comma + 1;
        }
        *e = save;
        if (st != DX_OK)
            break;
        if (k < 2) {
            dx__set_error("%s: line %ld: coordinate tuple without latitude", name,
                          (long)xmlGetLineNo(c));
            st = DX_EPARSE;
            break;
        }
        if (n == cap) {
            cap *= 2;
            double *t1 = dx__realloc(la, cap * sizeof(double));
            if (t1)
                la = t1;
            double *t2 = t1 ? dx__realloc(lo, cap * sizeof(double)) : NULL;
            if (t2)
                lo = t2;
            if (!t1 || !t2) {
                oom = 1;
                break;
            }
        }
        lo[n] = v[0];
        la[n] = v[1];
        n++;
        s = e;
    }
    if (st == DX_OK && oom) {
        dx__set_error("%s: out of memory", name);
        st = DX_ENOMEM;
    }
    if (st == DX_OK && n >= 1 && (la[0] != la[n - 1] || lo[0] != lo[n - 1] || n < 4)) {
        /* KML 2.2 (OGC 07-147r2 10.8): a LinearRing has >= 4 coordinates, first = last */
        if (n < 4)
            dx__set_error("%s: line %ld: a LinearRing needs >= 4 coordinates, first = last "
                          "(KML 2.2), got %zu",
                          name, (long)xmlGetLineNo(c), n);
        else
            dx__set_error("%s: line %ld: the LinearRing is not closed: it starts at %.7f,%.7f "
                          "and ends at %.7f,%.7f (KML 2.2: first and last coordinates equal)",
                          name, (long)xmlGetLineNo(c), lo[0], la[0], lo[n - 1], la[n - 1]);
        st = DX_EPARSE;
    }
    if (st == DX_OK) {
        st = dx_geo_area_add_ring(a, is_hole, n, la, lo);
        if (st != DX_OK)
            dx__prefix_error("%s: line %ld", name, (long)xmlGetLineNo(c));
    }
    xmlFree(t);
    dx__free(la);
    dx__free(lo);
    return st;
}

static dx_status kml_walk(const char *name, xmlNode *n, dx_geo_area *a)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (strcmp((const char *)n->name, "Polygon") == 0) {
            xmlNode *outer = NULL;
            for (xmlNode *m = n->children; m; m = m->next)
                if (m->type == XML_ELEMENT_NODE &&
                    strcmp((const char *)m->name, "outerBoundaryIs") == 0) {
                    /* KML 2.2: one per Polygon; the last used to replace the others silently */
                    if (outer)
                        DX_FAIL(DX_EPARSE, "%s: line %ld: a second outerBoundaryIs in one Polygon "
                                "(the first at line %ld; give another part as another Polygon)",
                                name, (long)xmlGetLineNo(m), (long)xmlGetLineNo(outer));
                    outer = m;
                }
            if (!outer)
                DX_FAIL(DX_EPARSE, "%s: line %ld: Polygon without outerBoundaryIs", name,
                        (long)xmlGetLineNo(n));
            DX_TRY(kml_coords(name, outer->children, a, 0));
            for (xmlNode *m = n->children; m; m = m->next)
                if (m->type == XML_ELEMENT_NODE &&
                    strcmp((const char *)m->name, "innerBoundaryIs") == 0)
                    DX_TRY(kml_coords(name, m->children, a, 1));
            continue;
        }
        DX_TRY(kml_walk(name, n->children, a));
    }
    return DX_OK;
}

static dx_status read_kml(const char *name, const char *text, size_t len, dx_geo_area *a)
{
    /* dx__xml_read: no network, no entities, a DOCTYPE refused in any
     * encoding; errors name the line and the element */
    xmlDoc *doc = NULL;
    DX_TRY(dx__xml_read(text, len, name, "a KML file", 0, &doc));
    xmlNode *root = xmlDocGetRootElement(doc);
    dx_status st = DX_OK;
    if (!root || strcmp((const char *)root->name, "kml") != 0) {
        dx__set_error("%s: root element is not <kml>", name);
        st = DX_EPARSE;
    } else {
        st = kml_walk(name, root->children, a);
    }
    xmlFreeDoc(doc);
    return st;
}

dx_status dx_geo_area_read_file(const char *path, dx_geo_area **out)
{
    DX_REQUIRE_PTR(path);
    DX_REQUIRE_PTR(out);
    *out = NULL;
    char *b = NULL;
    size_t n = 0;
    DX_TRY(dx__file_read(path, (size_t)256 << 20, "an area file", "256 MiB", &b, &n));
    const char *s = b;
    size_t len = (size_t)n;
    if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
        s += 3;
        len -= 3;
    }
    const char *q = s;
    while (q < s + len && isspace((unsigned char)*q))
        q++;
    dx_geo_area *a = NULL;
    dx_status st = dx_geo_area_create(&a);
    if (st == DX_OK) {
        if (q < s + len && *q == '{')
            st = read_geojson(path, s, len, a);
        else if (q < s + len && *q == '<')
            st = read_kml(path, s, len, a);
        else {
            dx__set_error("%s: neither GeoJSON ('{') nor KML ('<')", path);
            st = DX_EPARSE;
        }
    }
    if (st == DX_OK && a->np == 0) {
        dx__set_error("%s: no Polygon or MultiPolygon found", path);
        st = DX_EPARSE;
    }
    dx__free(b);
    if (st != DX_OK) {
        dx_geo_area_free(a);
        return st;
    }
    *out = a;
    return DX_OK;
}
