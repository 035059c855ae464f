/*
 * Terrain-aware path loss: line of sight and first-Fresnel clearance over a
 * profile, and the per-pixel extra terrain loss the planning stage adds to
 * its base model (P.526 Bullington / Deygout from propagation.c, or ITM).
 *
 * Grid kernel: one site, n pixels. Each pixel's profile is sampled at about
 * the DEM spacing on the straight lat/lon line from the site, with distances
 * from a local frame using the ellipsoidal radii at the mid-latitude
 * (geodata.md §4.4: < 1 cm error over 20 km, far cheaper than a geodesic per
 * pixel). Pixels are independent, so the result does not depend on threads.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef DXSIM_HAVE_OPENMP
#include <omp.h>
#endif

#include "dx_internal.h"
#include "itm_internal.h"
#include "terrain_internal.h"
#include "dxsim/propagation.h"

/* Below this many pixels a call runs on one thread: the planner calls the
 * kernel per site with a few hundred pixels, where waking the OpenMP team
 * cost more CPU (threads spinning at the barrier) than the profiles
 * (docs/terrain.md §6). ASSUMED from a profile of the hilly example. */
#define DX__TERRAIN_PARALLEL_MIN_PIXELS 2048
/* Shortest path ITM evaluates in the map kernel (NTIA ITM: distances greater
 * than 1 km); shorter ones use P.526 Bullington (profile_loss). */
#define DX__TERRAIN_ITM_MIN_PATH_M 1000.0

dx_status dx_terrain_clearance(size_t n_points, const double *dist_m, const double *height_m,
                               double h_tx_m, double h_rx_m, double fc_hz, double k_factor,
                               int *out_los, double *out_clearance_ratio)
{
    DX_REQUIRE_PTR(dist_m);
    DX_REQUIRE_PTR(height_m);
    if (n_points < 2)
        DX_FAIL(DX_EINVAL, "dx_terrain_clearance: n_points = %zu (need >= 2)", n_points);
    if (!(fc_hz > 0.0))
        DX_FAIL(DX_EDOMAIN, "dx_terrain_clearance: fc_hz = %g Hz (must be > 0)", fc_hz);
    if (!(k_factor >= 0.0 && k_factor <= 100.0))
        DX_FAIL(DX_EDOMAIN, "dx_terrain_clearance: k_factor = %g (allowed 0..100, 0 = flat)",
                k_factor);
    if (!(h_tx_m >= 0.0) || !(h_rx_m >= 0.0))
        DX_FAIL(DX_EDOMAIN, "dx_terrain_clearance: antenna heights %g, %g m (must be >= 0)",
                h_tx_m, h_rx_m);
    const double D = dist_m[n_points - 1] - dist_m[0];
    if (!(D > 0.0))
        DX_FAIL(DX_EDOMAIN, "dx_terrain_clearance: profile length %g m (must be > 0)", D);
    const double lambda = DX_SPEED_OF_LIGHT_M_PER_S / fc_hz;
    const double inv2a = k_factor > 0.0 ? 1.0 / (2.0 * k_factor * DX_EARTH_MEAN_RADIUS_M) : 0.0;
    const double z0 = height_m[0] + h_tx_m, z1 = height_m[n_points - 1] + h_rx_m;
    int los = 1;
    double cmin = INFINITY;
    for (size_t i = 1; i + 1 < n_points; i++) {
        const double d1 = dist_m[i] - dist_m[0], d2 = D - d1;
        if (d1 <= 0.0 || d2 <= 0.0)
            continue;
        const double ray = z0 + (z1 - z0) * d1 / D;
        const double terr = height_m[i] + d1 * d2 * inv2a;
        const double r1 = sqrt(lambda * d1 * d2 / D);
        const double c = (ray - terr) / r1;
        if (ray < terr)
            los = 0;
        if (c < cmin)
            cmin = c;
    }
    if (out_los)
        *out_los = los;
    if (out_clearance_ratio)
        *out_clearance_ratio = cmin;
    return DX_OK;
}

dx_status dx_terrain_grid_options_init(dx_terrain_grid_options *o, unsigned int version)
{
    DX_REQUIRE_PTR(o);
    if (version == 0 || version > DX_TERRAIN_GRID_OPTIONS_VERSION)
        DX_FAIL(DX_EINVAL, "dx_terrain_grid_options_init: version %u (this library knows 1..%u)",
                version, (unsigned)DX_TERRAIN_GRID_OPTIONS_VERSION);
    memset(o, 0, sizeof *o);
    o->version = version;
    o->model = DX_TERRAIN_LOSS_ITM_EXCESS;
    o->spacing_m = 0.0;
    o->k_factor = 4.0 / 3.0;
    return dx_itm_params_init(&o->itm, DX_ITM_PARAMS_VERSION);
}

size_t dx_terrain_grid_options_size(void) { return sizeof(dx_terrain_grid_options); }

typedef struct {
    double lat0, lon0, m_per_deg_lat, m_per_deg_lon;
} local_frame;

static void frame_at(local_frame *f, double lat0, double lon0, double lat_mid)
{
    double m_lat, m_lon;
    dx__grs80_radii(lat_mid, &m_lat, &m_lon);
    f->lat0 = lat0;
    f->lon0 = lon0;
    f->m_per_deg_lat = m_lat * DX_PI / 180.0;
    f->m_per_deg_lon = m_lon * DX_PI / 180.0;
}

/* Work buffers of one thread. */
typedef struct {
    double *d, *z;
    size_t cap;
} grid_ws;

static int ws_reserve(grid_ws *w, size_t n)
{
    if (n <= w->cap)
        return 0;
    double *d = dx__realloc(w->d, n * sizeof(double));
    if (!d)
        return -1;
    w->d = d;
    double *z = dx__realloc(w->z, n * sizeof(double));
    if (!z)
        return -1;
    w->z = z;
    w->cap = n;
    return 0;
}

/* Loss and shadow flag over one profile z[0..np] of length D (uniform
 * spacing D/np); d is scratch for np+1 distances. Inner NaN samples are
 * filled linearly (z[0] and z[np] must be valid). */
static dx_status profile_loss(const dx_terrain_grid_options *o, const dx__itm_prep *K,
                              size_t np, double D, double *z, double *d, double h_tx, double h_rx,
                              double fc_hz, int has_nan, const double *cum, size_t ray_cap1,
                              double *out_db, unsigned char *out_sh)
{
    /* has_nan = 0: the caller knows z has no gap; cum (optional): prefix sums
     * cum[i] = z[0] + ... + z[i-1] valid for i <= np (for ITM's mean height) */
    for (size_t i = 1, last = 0; has_nan && i <= np; i++) {
        if (isnan(z[i]))
            continue;
        for (size_t j = last + 1; j < i; j++)
            z[j] = z[last] + (z[i] - z[last]) * (double)(j - last) / (double)(i - last);
        last = i;
    }
    const double xi = D / (double)np;
    /* shadow: the direct ray below the terrain (with the k-factor bulge) */
    const double inv2a = 1.0 / (2.0 * o->k_factor * DX_EARTH_MEAN_RADIUS_M);
    const double z0 = z[0] + h_tx, z1 = z[np] + h_rx;
    const double slope = (z1 - z0) / D;
    unsigned char sh = 0;
    for (size_t i = 1; i < np; i++) {
        const double d1 = xi * (double)i;
        if (z[i] + d1 * (D - d1) * inv2a > z0 + slope * d1) {
            sh = 1;
            break;
        }
    }
    *out_sh = sh;
    /* ITM is specified for paths longer than 1 km (NTIA ITM; Hufford 1995).
     * Below that its line-of-sight formula A = A_o + k1 d + k2 ln d is an
     * extrapolation of a fit made between d0 and the smooth-Earth horizon
     * distance, and over an obstruction it grows as the path shortens (a
     * 20 m hill at mid-path: 28 dB at 1 km, 53 dB at 100 m, 62 dB at 50 m,
     * where Bullington gives 26, 36 and 39 dB; docs/terrain.md §1). Shorter paths
     * therefore take P.526 Bullington over the same profile. */
    if (o->model == DX_TERRAIN_LOSS_ITM_EXCESS && D >= DX__TERRAIN_ITM_MIN_PATH_M) {
        double L;
        /* the ray's prefix sums hold for z[0..np-1]; z[np] is the pixel's own height */
        const dx__itm_prefix pre = {cum, cum ? cum + ray_cap1 : NULL, (int)np - 1};
        DX_TRY(dx__itm_p2p_prepared_pre(K, h_tx, h_rx, (int)np, xi, z, cum ? &pre : NULL, &L,
                                        NULL));
        /* NTIA's free-space expression, so the excess is ITM's own A - A_fs */
        *out_db = L - (K->fs_f_db + 20.0 * log10(D / 1000.0));
        return DX_OK;
    }
    for (size_t i = 0; i <= np; i++)
        d[i] = xi * (double)i;
    /* dx_propagation_diffraction_loss_db bends the profile with k = 4/3
     * (a_e = 8495 km, P.452 eq. 6a); another k_factor adds the difference of
     * the two bulges d1 d2 / (2 a_e), so the loss follows o->k_factor */
    if (fabs(o->k_factor - 4.0 / 3.0) > 1e-9) {
        const double dc = inv2a - 1.0 / (2.0 * 8495.0e3);
        for (size_t i = 1; i < np; i++)
            z[i] += d[i] * (D - d[i]) * dc;
    }
    return dx_propagation_diffraction_loss_db(o->model == DX_TERRAIN_LOSS_DEYGOUT
                                                  ? DX_DIFFRACTION_DEYGOUT
                                                  : DX_DIFFRACTION_BULLINGTON,
                                              np + 1, d, z, fc_hz, h_tx, h_rx, out_db);
}

/* One pixel; returns DX_OK, or an error status with the message set. */
static dx_status grid_pixel(const dx_dem *dem, const dx_terrain_grid_options *o,
                            const dx__itm_prep *K, double lat0,
                            double lon0, double h_tx, double fc_hz, double spacing, double lat,
                            double lon, double h_rx, grid_ws *w, double *out_db,
                            unsigned char *out_sh, int *missing)
{
    *missing = 0;
    local_frame fr;
    frame_at(&fr, lat0, lon0, 0.5 * (lat0 + lat));
    const double dx = (lon - lon0) * fr.m_per_deg_lon, dy = (lat - lat0) * fr.m_per_deg_lat;
    const double D = sqrt(dx * dx + dy * dy);
    size_t np = (size_t)ceil(D / spacing);
    if (np < 2) {
        *out_db = 0.0;
        *out_sh = 0;
        return DX_OK;
    }
    if (ws_reserve(w, np + 1) != 0)
        DX_FAIL(DX_ENOMEM, "dx_terrain_loss_grid: out of memory for a %zu-point profile", np + 1);
    size_t hint = 0;
    for (size_t i = 0; i <= np; i++) {
        const double t = (double)i / (double)np;
        unsigned char c;
        double h;
        if (!dx__dem_bilinear(dem, lat0 + t * (lat - lat0), lon0 + t * (lon - lon0), &hint, &h,
                              &c)) {
            if (i == 0 || i == np) {
                *missing = 1;
                *out_db = NAN;
                *out_sh = 0;
                return DX_OK;
            }
            h = NAN;
        }
        w->z[i] = h;
        w->d[i] = t * D;
    }
    return profile_loss(o, K, np, D, w->z, w->d, h_tx, h_rx, fc_hz, 1, NULL, 0, out_db, out_sh);
}


/* ---- radial sweeps ---------------------------------------------------- */

typedef struct {
    double d;
    size_t i;
} ray_px;

static int cmp_ray_px(const void *a, const void *b)
{
    const ray_px *x = a, *y = b;
    if (x->d != y->d)
        return x->d < y->d ? -1 : 1;
    return x->i < y->i ? -1 : (x->i > y->i);
}

/* Radial method: see DX_TERRAIN_GRID_RADIAL. status[i] != 0 marks a failed pixel. */
static dx_status grid_radial(const dx_dem *dem, const dx_terrain_grid_options *o,
                             const dx__itm_prep *K, double lat0,
                             double lon0, double h_tx, double fc_hz, double s, size_t n,
                             const double *lat, const double *lon, const double *h_rx,
                             double *out_db, unsigned char *out_sh, size_t *out_miss,
                             long *first_bad)
{
    double mlat0, mlon0;
    dx__grs80_radii(lat0, &mlat0, &mlon0);
    mlat0 *= DX_PI / 180.0;
    mlon0 *= DX_PI / 180.0;
    ray_px *px = dx__malloc((n ? n : 1) * sizeof *px);
    size_t *ray_of = dx__malloc((n ? n : 1) * sizeof(size_t));
    if (!px || !ray_of) {
        dx__free(px);
        dx__free(ray_of);
        DX_FAIL(DX_ENOMEM, "dx_terrain_loss_grid: out of memory for %zu pixels", n);
    }
    double dmax = 0.0;
    local_frame fr = {0, 0, 0, 0};
    double fr_lat = NAN; /* rows of a grid share their latitude: one frame per row */
    for (size_t i = 0; i < n; i++) {
        if (!(lat[i] == fr_lat)) {
            frame_at(&fr, lat0, lon0, 0.5 * (lat0 + lat[i]));
            fr_lat = lat[i];
        }
        const double dx = (lon[i] - lon0) * fr.m_per_deg_lon, dy = (lat[i] - lat0) * fr.m_per_deg_lat;
        px[i].d = sqrt(dx * dx + dy * dy);
        px[i].i = i;
        if (px[i].d > dmax)
            dmax = px[i].d;
    }
    /* one radial per DEM sample of arc at the farthest pixel */
    size_t R = (size_t)ceil(2.0 * DX_PI * dmax / s);
    if (R < 8)
        R = 8;
    size_t *start = dx__calloc(R + 1, sizeof(size_t));
    ray_px *sorted = dx__malloc((n ? n : 1) * sizeof *sorted);
    if (!start || !sorted) {
        dx__free(px);
        dx__free(ray_of);
        dx__free(start);
        dx__free(sorted);
        DX_FAIL(DX_ENOMEM, "dx_terrain_loss_grid: out of memory for %zu radials", R);
    }
    const double dphi = 2.0 * DX_PI / (double)R;
    for (size_t i = 0; i < n; i++) {
        /* azimuth in the site frame, where the radials are traced too */
        const double e = (lon[i] - lon0) * mlon0, no = (lat[i] - lat0) * mlat0;
        double az = atan2(e, no);
        if (az < 0)
            az += 2.0 * DX_PI;
        size_t k = (size_t)floor(az / dphi + 0.5);
        ray_of[i] = k % R;
        start[ray_of[i] + 1]++;
    }
    for (size_t k = 0; k < R; k++)
        start[k + 1] += start[k];
    {
        size_t *fill = dx__malloc((R + 1) * sizeof(size_t));
        if (!fill) {
            dx__free(px);
            dx__free(ray_of);
            dx__free(start);
            dx__free(sorted);
            DX_FAIL(DX_ENOMEM, "dx_terrain_loss_grid: out of memory");
        }
        memcpy(fill, start, (R + 1) * sizeof(size_t));
        for (size_t i = 0; i < n; i++)
            sorted[fill[ray_of[i]]++] = px[i];
        dx__free(fill);
    }
    size_t miss = 0;
    long bad = -1;
#ifdef DXSIM_HAVE_OPENMP
#pragma omp parallel reduction(+ : miss) if (n >= DX__TERRAIN_PARALLEL_MIN_PIXELS)
#endif
    {
        grid_ws w = {NULL, NULL, 0};
        double *ray = NULL, *cum = NULL;
        size_t ray_cap = 0;
#ifdef DXSIM_HAVE_OPENMP
#pragma omp for schedule(dynamic, 16)
#endif
        for (long kk = 0; kk < (long)R; kk++) {
            const size_t k = (size_t)kk, b = start[k], e = start[k + 1];
            if (b == e)
                continue;
            qsort(sorted + b, e - b, sizeof *sorted, cmp_ray_px);
            const size_t n_smp = (size_t)ceil(sorted[e - 1].d / s) + 2;
            if (n_smp > ray_cap) {
                double *r2 = dx__realloc(ray, n_smp * sizeof(double));
                double *c2 = r2 ? dx__realloc(cum, 2 * (n_smp + 1) * sizeof(double)) : NULL;
                if (c2)
                    cum = c2;
                if (!r2 || !c2 || ws_reserve(&w, n_smp + 1) != 0) {
                    if (r2)
                        ray = r2;
#ifdef DXSIM_HAVE_OPENMP
#pragma omp critical
#endif
                    if (bad < 0 || (long)sorted[b].i < bad)
                        bad = (long)sorted[b].i;
                    for (size_t j = b; j < e; j++)
                        out_db[sorted[j].i] = NAN;
                    continue;
                }
                ray = r2;
                ray_cap = n_smp;
            }
            const double az = (double)k * dphi, ca = cos(az), sa = sin(az);
            size_t hint = 0;
            dx__dem_bilinear_ray(dem, lat0, lon0, s, ca, sa, mlat0, mlon0, n_smp, &hint, ray);
            /* gaps in the ray (filled per pixel) and prefix sums of its heights */
            int ray_nan = 0;
            double *cum1 = cum + ray_cap + 1; /* c0 in cum[0..ray_cap], c1 after it */
            cum[0] = cum1[0] = 0.0;
            for (size_t i = 0; i < n_smp; i++) {
                ray_nan |= isnan(ray[i]);
                cum[i + 1] = cum[i] + ray[i];
                cum1[i + 1] = cum1[i] + (double)i * ray[i];
            }
            for (size_t j = b; j < e; j++) {
                const size_t i = sorted[j].i;
                const double D = sorted[j].d;
                size_t np = (size_t)floor(D / s + 0.5);
                if (np < 2) {
                    out_db[i] = 0.0;
                    out_sh[i] = 0;
                    continue;
                }
                unsigned char c;
                double hend;
                if (isnan(ray[0]) || !dx__dem_bilinear(dem, lat[i], lon[i], &hint, &hend, &c)) {
                    out_db[i] = NAN;
                    out_sh[i] = 0;
                    miss++;
                    continue;
                }
                memcpy(w.z, ray, np * sizeof(double));
                w.z[np] = hend;
                if (profile_loss(o, K, np, D, w.z, w.d, h_tx, h_rx[i], fc_hz, ray_nan,
                                 ray_nan ? NULL : cum, ray_cap + 1, &out_db[i],
                                 &out_sh[i]) != DX_OK) {
#ifdef DXSIM_HAVE_OPENMP
#pragma omp critical
#endif
                    if (bad < 0 || (long)i < bad)
                        bad = (long)i;
                    out_db[i] = NAN;
                }
            }
        }
        dx__free(ray);
        dx__free(cum);
        dx__free(w.d);
        dx__free(w.z);
    }
    dx__free(px);
    dx__free(ray_of);
    dx__free(start);
    dx__free(sorted);
    *out_miss = miss;
    *first_bad = bad;
    return DX_OK;
}

static double dem_finest_spacing_m(const dx_dem *dem, double lat, double lon)
{
    float h;
    unsigned char c;
    size_t ti = 0;
    double dlat = 0, dlon = 0;
    if (dx__dem_nearest(dem, lat, lon, &ti, &h, &c)) {
        dlat = dem->t[ti].info.dlat_deg;
        dlon = dem->t[ti].info.dlon_deg;
    } else if (dem->n) {
        dlat = dem->t[0].info.dlat_deg;
        dlon = dem->t[0].info.dlon_deg;
    }
    local_frame fr;
    frame_at(&fr, lat, lon, lat);
    /* the geometric mean of the cell's sides: "about the DEM spacing" */
    return sqrt(dlat * fr.m_per_deg_lat * dlon * fr.m_per_deg_lon);
}

dx_status dx_terrain_loss_grid(const dx_dem *dem, double site_lat_deg, double site_lon_deg,
                               double h_tx_m, double fc_hz, size_t n, const double *lat_deg,
                               const double *lon_deg, const double *h_rx_m,
                               const dx_terrain_grid_options *opts, double *out_loss_db,
                               unsigned char *out_shadow, size_t *out_n_missing)
{
    DX_REQUIRE_PTR(dem);
    if (n && (!lat_deg || !lon_deg || !h_rx_m || !out_loss_db || !out_shadow))
        DX_FAIL(DX_EINVAL, "dx_terrain_loss_grid: NULL array with n = %zu", n);
    dx_terrain_grid_options def;
    if (!opts) {
        dx_terrain_grid_options_init(&def, DX_TERRAIN_GRID_OPTIONS_VERSION);
        opts = &def;
    }
    if (opts->model < DX_TERRAIN_LOSS_BULLINGTON || opts->model > DX_TERRAIN_LOSS_ITM_EXCESS)
        DX_FAIL(DX_EINVAL, "dx_terrain_loss_grid: model = %d (0 Bullington, 1 Deygout, 2 ITM)",
                opts->model);
    if (!(fabs(site_lat_deg) < 89.0) || !(fabs(site_lon_deg) <= 360.0))
        DX_FAIL(DX_EDOMAIN, "dx_terrain_loss_grid: site at %g N %g E (|lat| < 89)", site_lat_deg,
                site_lon_deg);
    if (!(h_tx_m >= 0.0 && h_tx_m <= 3000.0))
        DX_FAIL(DX_EDOMAIN, "dx_terrain_loss_grid: h_tx_m = %g m (allowed 0..3000)", h_tx_m);
    if (!(fc_hz > 0.0 && fc_hz < 1e12))
        DX_FAIL(DX_EDOMAIN, "dx_terrain_loss_grid: fc_hz = %g Hz (must be > 0)", fc_hz);
    if (!(opts->k_factor > 0.0 && opts->k_factor <= 100.0))
        DX_FAIL(DX_EDOMAIN, "dx_terrain_loss_grid: k_factor = %g (allowed (0, 100])",
                opts->k_factor);
    if (!(opts->spacing_m >= 0.0 && opts->spacing_m < 1e5))
        DX_FAIL(DX_EDOMAIN, "dx_terrain_loss_grid: spacing_m = %g m (allowed 0..1e5, 0 = DEM)",
                opts->spacing_m);
    for (size_t i = 0; i < n; i++) {
        if (!(fabs(lat_deg[i] - site_lat_deg) < 5.0) || !(fabs(lon_deg[i] - site_lon_deg) < 5.0))
            DX_FAIL(DX_EDOMAIN,
                    "dx_terrain_loss_grid: pixel %zu at %g N %g E is more than 5 deg from the site",
                    i, lat_deg[i], lon_deg[i]);
        if (!(h_rx_m[i] >= 0.0 && h_rx_m[i] <= 3000.0))
            DX_FAIL(DX_EDOMAIN, "dx_terrain_loss_grid: h_rx_m[%zu] = %g m (allowed 0..3000)", i,
                    h_rx_m[i]);
    }
    double spacing = opts->spacing_m;
    if (spacing == 0.0)
        spacing = dem_finest_spacing_m(dem, site_lat_deg, site_lon_deg);
    if (!(spacing > 0.0))
        DX_FAIL(DX_EDOMAIN, "dx_terrain_loss_grid: the DEM is empty (no spacing to sample at)");

    if (opts->method != DX_TERRAIN_GRID_RADIAL && opts->method != DX_TERRAIN_GRID_PER_PIXEL)
        DX_FAIL(DX_EINVAL, "dx_terrain_loss_grid: method = %d (0 radial, 1 per pixel)",
                opts->method);
    dx__itm_prep K;
    memset(&K, 0, sizeof K);
    if (opts->model == DX_TERRAIN_LOSS_ITM_EXCESS) {
        dx_status st = dx__itm_prepare(fc_hz, &opts->itm, &K);
        if (st != DX_OK) {
            dx__prefix_error("dx_terrain_loss_grid");
            return st;
        }
    }
    size_t miss = 0;
    long first_bad = -1;
    if (opts->method == DX_TERRAIN_GRID_RADIAL) {
        DX_TRY(grid_radial(dem, opts, &K, site_lat_deg, site_lon_deg, h_tx_m, fc_hz, spacing, n,
                           lat_deg, lon_deg, h_rx_m, out_loss_db, out_shadow, &miss, &first_bad));
    } else {
#ifdef DXSIM_HAVE_OPENMP
#pragma omp parallel reduction(+ : miss) if (n >= DX__TERRAIN_PARALLEL_MIN_PIXELS)
#endif
        {
            grid_ws w = {NULL, NULL, 0};
#ifdef DXSIM_HAVE_OPENMP
#pragma omp for schedule(dynamic, 256)
#endif
            for (long i = 0; i < (long)n; i++) {
                int m = 0;
                dx_status st = grid_pixel(dem, opts, &K, site_lat_deg, site_lon_deg, h_tx_m, fc_hz,
                                          spacing, lat_deg[i], lon_deg[i], h_rx_m[i], &w,
                                          &out_loss_db[i], &out_shadow[i], &m);
                if (st != DX_OK) {
#ifdef DXSIM_HAVE_OPENMP
#pragma omp critical
#endif
                    if (first_bad < 0 || i < first_bad)
                        first_bad = i;
                    out_loss_db[i] = NAN;
                }
                miss += (size_t)m;
            }
            dx__free(w.d);
            dx__free(w.z);
        }
    }
    if (out_n_missing)
        *out_n_missing = miss;
    if (first_bad >= 0) {
        /* recompute the first failing pixel on this thread for its message */
        grid_ws w = {NULL, NULL, 0};
        int m;
        unsigned char s;
        double v;
        dx_status st = grid_pixel(dem, opts, &K, site_lat_deg, site_lon_deg, h_tx_m, fc_hz, spacing,
                                  lat_deg[first_bad], lon_deg[first_bad], h_rx_m[first_bad], &w,
                                  &v, &s, &m);
        dx__free(w.d);
        dx__free(w.z);
        if (st != DX_OK) {
            dx__prefix_error("dx_terrain_loss_grid: pixel %ld", first_bad);
            return st;
        }
        DX_FAIL(DX_EDOMAIN,
                "dx_terrain_loss_grid: pixel %ld at %g N %g E: the model failed on its radial "
                "profile (out of memory or outside ITM's range)",
                first_bad, lat_deg[first_bad], lon_deg[first_bad]);
    }
    return DX_OK;
}
