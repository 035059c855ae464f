/*
 * Grid engine (dxsim/coverage.h, second half): sites, channel assignment,
 * rasterised areas, the fused per-pixel kernel (distance -> path loss ->
 * best server -> SINR -> rate -> coverage probability), Monte Carlo
 * shadowing, points and routes.
 *
 * Memory: the engine never holds the pixel x cell matrix. Pixels are
 * processed in tiles; per tile and thread it keeps the best power, the best
 * cell and one power sum per channel in use.
 * Determinism: every pixel is computed independently from its coordinates;
 * Monte Carlo normals are counter-based (seed, cell, run, pixel/lattice node);
 * per-tile partial sums are merged in tile order. Results are therefore
 * bit-identical for any thread count.
 */
#include <float.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef DXSIM_HAVE_OPENMP
#include <omp.h>
#endif
#include "dx_internal.h"
#include "coverage_internal.h"
#include "propagation_kernels.h"
#include "propagation_lines.h"
#include "dxsim/coverage.h"
#include "dxsim/link.h"
#include "dxsim/phy.h"

/* The vector loops are compiled twice: for the baseline ISA and for AVX-512
 * (picked at load time by an ifunc). The fast float/double math below needs
 * AVX-512's masked and 64-bit integer operations for GCC 12 to vectorise it.
 * fp-contract=fast lets GCC fuse a * b + c into one FMA where the clone's ISA
 * has it (AVX-512F does; the baseline clone does not and is unchanged): the
 * library is built as ISO C11, whose default (-ffp-contract=off) would leave
 * every Horner step of the log2/exp2 polynomials as a separate multiply and
 * add (about 1.3 x slower). Contraction is decided per statement, identically
 * in the vector body and the scalar remainder of a loop, so a pixel's result
 * does not depend on its position in a block (tested: grid vs points, any tile
 * size). */
#if DX__HAVE_CLONES /* dx_internal.h */
#define DX__CLONES __attribute__((target_clones("default", "arch=x86-64-v4"), optimize("fp-contract=fast")))
#else
#define DX__CLONES
#endif

/* ---- options ------------------------------------------------------------- */

dx_status dx_coverage_options_init(dx_coverage_options *o, unsigned int version)
{
    DX_REQUIRE_PTR(o);
    if (version == 0 || version > DX_COVERAGE_OPTIONS_VERSION)
        DX_FAIL(DX_EINVAL, "dx_coverage_options_init: version = %u (this library knows 1..%d)",
                version, DX_COVERAGE_OPTIONS_VERSION);
    /* an older caller's struct ends before the fields of later versions */
    memset(o, 0, version >= 4   ? sizeof *o
                 : version == 3 ? offsetof(dx_coverage_options, dem)
                 : version == 2 ? offsetof(dx_coverage_options, max_pixels)
                                : offsetof(dx_coverage_options, los_mixture));
    o->version = version;
    o->model = DX_PROPAGATION_38901_UMA;
    DX_TRY(dx_propagation_params_init(&o->prop, DX_PROPAGATION_PARAMS_VERSION));
    /* NLOS: the conservative planning choice (38.901 NLOS = max(LOS, NLOS')) */
    o->prop.los = DX_PROPAGATION_NLOS;
    o->ue_height_m = 0.0;
    o->shadow_sigma_db = -1.0;
    o->criterion = DX_COVERAGE_BY_RATE;
    o->threshold_dbm = -100.0; /* ASSUMED generic sensitivity level */
    o->required_rate_mbps = 0.0;
    o->rate_direction = DX_PHY_UL;
    o->interference_load_ratio = 1.0;   /* ASSUMED: full-buffer interferers */
    o->ul_interference_margin_db = 3.0; /* ASSUMED: 50 % UL load noise rise (TR 36.942 style) */
    o->layers = DX_COVERAGE_LAYER_ALL;
    o->tile_px = 64;
    o->mc_runs = 0;
    o->shadow_corr_m = 50.0; /* 38.901 Table 7.5-6 Part-1: UMa NLOS SF correlation distance 50 m */
    o->seed = 1;
    o->threads = 0;
    o->pixel_target_ratio = 0.9;
    if (version >= 3)
        o->max_pixels = DX_COVERAGE_DEFAULT_MAX_PIXELS;
    if (version >= 4) {
        o->origin_lat_deg = o->origin_lon_deg = NAN;
        o->terrain_model = DX_TERRAIN_LOSS_BULLINGTON;
        o->terrain_k_factor = 4.0 / 3.0; /* ITU-R P.453 median effective-Earth factor */
        o->pl_d_ref_m = 1000.0;          /* dx_calibrate_options_init's d_ref_m */
    }
    return DX_OK;
}

dx_status dx__coverage_options_resolve(const dx_coverage_options *in, dx_coverage_options *out,
                                       const char *fn)
{
    DX_TRY(dx_coverage_options_init(out, DX_COVERAGE_OPTIONS_VERSION));
    if (!in)
        return DX_OK;
    if (in->version == 0 || in->version > DX_COVERAGE_OPTIONS_VERSION)
        DX_FAIL(DX_EINVAL, "%s: opts->version = %u (this library knows 1..%d)", fn, in->version,
                DX_COVERAGE_OPTIONS_VERSION);
    /* copy only the fields the caller's version has; later ones keep their defaults */
    size_t n = in->version >= 4   ? sizeof *in
               : in->version == 3 ? offsetof(dx_coverage_options, dem)
               : in->version == 2 ? offsetof(dx_coverage_options, max_pixels)
                                  : offsetof(dx_coverage_options, los_mixture);
    memcpy(out, in, n);
    out->version = DX_COVERAGE_OPTIONS_VERSION;
    if (out->max_pixels == 0)
        DX_FAIL(DX_EDOMAIN, "%s: opts->max_pixels = 0 (allowed >= 1; default %zu)", fn,
                DX_COVERAGE_DEFAULT_MAX_PIXELS);
    DX_TRY(dx__coverage_terrain_check(out, fn));
    if (out->n_area && out->area_x_m && out->area_y_m) {
        DX_TRY(dx__require_finite_n(fn, "opts->area_x_m", out->n_area, out->area_x_m, "m"));
        DX_TRY(dx__require_finite_n(fn, "opts->area_y_m", out->n_area, out->area_y_m, "m"));
    }
    return DX_OK;
}

dx_status dx__coverage_grid_pixels(const dx_grid *g, const dx_coverage_options *o, const char *fn,
                                   size_t *out_npx)
{
    *out_npx = 0;
    if (!(g->resolution_m > 0.0) || !isfinite(g->resolution_m))
        DX_FAIL(DX_EDOMAIN, "%s: grid->resolution_m = %g m (allowed finite, > 0)", fn, g->resolution_m);
    if (!isfinite(g->x0_m) || !isfinite(g->y0_m))
        DX_FAIL(DX_EDOMAIN, "%s: grid origin (x0_m, y0_m) = (%g, %g) m (allowed finite)", fn, g->x0_m,
                g->y0_m);
    if (g->nx == 0 || g->ny == 0)
        DX_FAIL(DX_EDOMAIN, "%s: grid %zu x %zu pixels (allowed nx, ny >= 1)", fn, g->nx, g->ny);
    size_t npx;
    if (dx__mul_size("grid pixels nx x ny", g->nx, g->ny, &npx) != DX_OK || npx > o->max_pixels)
        DX_FAIL(DX_EDOMAIN,
                "%s: grid %zu x %zu pixels at %g m (allowed nx x ny <= opts->max_pixels = %zu; "
                "coarsen the resolution or raise max_pixels)",
                fn, g->nx, g->ny, g->resolution_m, o->max_pixels);
    /* the far edge must be a finite coordinate too */
    if (!isfinite(g->x0_m + (double)g->nx * g->resolution_m) ||
        !isfinite(g->y0_m + (double)g->ny * g->resolution_m))
        DX_FAIL(DX_EDOMAIN, "%s: grid extent %g x %g m (allowed finite)", fn,
                (double)g->nx * g->resolution_m, (double)g->ny * g->resolution_m);
    *out_npx = npx;
    return DX_OK;
}

size_t dx_coverage_options_size(void)
{
    return sizeof(dx_coverage_options);
}

/* ---- geography ----------------------------------------------------------- */

/* GRS80 radii of curvature: dx__grs80_radii (geo.c) */

dx_status dx_coverage_local_to_geo(double lat0_deg, double lon0_deg, size_t n, const double *x_m,
                                   const double *y_m, double *out_lat_deg, double *out_lon_deg)
{
    DX_REQUIRE_PTR(x_m);
    DX_REQUIRE_PTR(y_m);
    DX_REQUIRE_PTR(out_lat_deg);
    DX_REQUIRE_PTR(out_lon_deg);
    if (!(fabs(lat0_deg) < 89.0) || !isfinite(lon0_deg))
        DX_FAIL(DX_EDOMAIN, "dx_coverage_local_to_geo: lat0_deg = %g, lon0_deg = %g (allowed |lat| < 89)",
                lat0_deg, lon0_deg);
    DX_TRY(dx__require_finite_n("dx_coverage_local_to_geo", "x_m", n, x_m, "m"));
    DX_TRY(dx__require_finite_n("dx_coverage_local_to_geo", "y_m", n, y_m, "m"));
    double mlat, mlon;
    dx__grs80_radii(lat0_deg, &mlat, &mlon);
    for (size_t i = 0; i < n; i++) {
        out_lat_deg[i] = lat0_deg + y_m[i] / mlat * 180.0 / DX_PI;
        out_lon_deg[i] = lon0_deg + x_m[i] / mlon * 180.0 / DX_PI;
    }
    return DX_OK;
}

dx_status dx_coverage_geo_to_local(double lat0_deg, double lon0_deg, size_t n,
                                   const double *lat_deg, const double *lon_deg, double *out_x_m,
                                   double *out_y_m)
{
    DX_REQUIRE_PTR(lat_deg);
    DX_REQUIRE_PTR(lon_deg);
    DX_REQUIRE_PTR(out_x_m);
    DX_REQUIRE_PTR(out_y_m);
    if (!(fabs(lat0_deg) < 89.0) || !isfinite(lon0_deg))
        DX_FAIL(DX_EDOMAIN, "dx_coverage_geo_to_local: lat0_deg = %g, lon0_deg = %g (allowed |lat| < 89)",
                lat0_deg, lon0_deg);
    DX_TRY(dx__require_finite_n("dx_coverage_geo_to_local", "lat_deg", n, lat_deg, "deg"));
    DX_TRY(dx__require_finite_n("dx_coverage_geo_to_local", "lon_deg", n, lon_deg, "deg"));
    double mlat, mlon;
    dx__grs80_radii(lat0_deg, &mlat, &mlon);
    for (size_t i = 0; i < n; i++) {
        out_y_m[i] = (lat_deg[i] - lat0_deg) * DX_PI / 180.0 * mlat;
        out_x_m[i] = (lon_deg[i] - lon0_deg) * DX_PI / 180.0 * mlon;
    }
    return DX_OK;
}

/* ---- sites and grids ----------------------------------------------------- */

dx_status dx_coverage_site_init(dx_site *s, const dx_technology *tech, double x_m, double y_m)
{
    DX_REQUIRE_PTR(s);
    DX_REQUIRE_PTR(tech);
    memset(s, 0, sizeof *s);
    s->x_m = x_m;
    s->y_m = y_m;
    s->height_m = tech->bs_height_m > 0.0 ? tech->bs_height_m : 10.0; /* 10 m ASSUMED if absent */
    s->tx_power_dbm = tech->bs_tx_power_dbm;
    s->antenna_gain_dbi = tech->bs_antenna_gain_dbi;
    s->cable_loss_db = tech->bs_cable_loss_db;
    s->sectors = tech->sectors == 3 || tech->sectors == 6 ? tech->sectors : 1;
    s->azimuth_deg = 0.0;
    s->channel = -1;
    double eirp = s->tx_power_dbm + s->antenna_gain_dbi - s->cable_loss_db;
    if (tech->max_eirp_dbm != 0.0 && eirp > tech->max_eirp_dbm)
        s->tx_power_dbm -= eirp - tech->max_eirp_dbm;
    return DX_OK;
}

dx_status dx_coverage_grid_for_polygon(size_t n, const double *x_m, const double *y_m,
                                       double resolution_m, dx_grid *out)
{
    DX_REQUIRE_PTR(x_m);
    DX_REQUIRE_PTR(y_m);
    DX_REQUIRE_PTR(out);
    if (n < 3)
        DX_FAIL(DX_EDOMAIN, "dx_coverage_grid_for_polygon: n = %zu vertices (allowed >= 3)", n);
    if (!(resolution_m > 0.0) || !isfinite(resolution_m))
        DX_FAIL(DX_EDOMAIN, "dx_coverage_grid_for_polygon: resolution_m = %g m (allowed > 0)",
                resolution_m);
    double x0 = x_m[0], x1 = x_m[0], y0 = y_m[0], y1 = y_m[0];
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(x_m[i]) || !isfinite(y_m[i]))
            DX_FAIL(DX_EDOMAIN, "dx_coverage_grid_for_polygon: vertex %zu = (%g, %g) m (allowed finite)",
                    i, x_m[i], y_m[i]);
        x0 = fmin(x0, x_m[i]);
        x1 = fmax(x1, x_m[i]);
        y0 = fmin(y0, y_m[i]);
        y1 = fmax(y1, y_m[i]);
    }
    double nx = ceil((x1 - x0) / resolution_m), ny = ceil((y1 - y0) / resolution_m);
    if (nx < 1.0)
        nx = 1.0;
    if (ny < 1.0)
        ny = 1.0;
    if (nx * ny > 2147483648.0)
        DX_FAIL(DX_EDOMAIN, "dx_coverage_grid_for_polygon: %g x %g pixels (allowed <= 2^31)", nx, ny);
    out->x0_m = x0;
    out->y0_m = y0;
    out->resolution_m = resolution_m;
    out->nx = (size_t)nx;
    out->ny = (size_t)ny;
    return DX_OK;
}

static int point_in_polygon(size_t n, const double *xs, const double *ys, double x, double y)
{
    int inside = 0;
    for (size_t i = 0, j = n - 1; i < n; j = i++) {
        if ((ys[i] > y) != (ys[j] > y)) {
            double xc = xs[j] + (y - ys[j]) * (xs[i] - xs[j]) / (ys[i] - ys[j]);
            if (x < xc)
                inside = !inside;
        }
    }
    return inside;
}

/* ---- prepared cells ------------------------------------------------------- */

typedef struct {
    double x, y, h;      /* position, antenna height */
    double eirp_dbm;     /* boresight EIRP */
    double bx, by;       /* boresight unit vector (east, north) */
    int sectorised;      /* apply the sector pattern */
    int channel;         /* compact channel index 0..n_ch-1 */
    int tech_channel;    /* channel number of the technology's plan */
    double ul_offset_db; /* UL received = DL received + ul_offset_db */
    size_t site;
    int sector;
    dx__prop_lines lines;     /* path loss of this cell as lines (fused path, models other than UMa/UMi) */
    dx__prop_site_range range;/* validity range of its links */
} cell;

typedef struct {
    const dx_technology *tech;
    dx_coverage_options o;
    size_t n_cells;
    cell *cells;
    int n_ch;            /* channels in use (compact) */
    double fc_hz, fc_ghz, h_ut;
    double noise_dl_mw, noise_ul_dbm, noise_dl_dbm;
    double sigma_db;
    double req_db;       /* threshold of the criterion, in the criterion's unit */
    int fused;           /* 1 = fused single-precision kernel */
    int lines;           /* 1 = the fused kernel reads each cell's lines (every model but UMa/UMi) */
    double ox, oy;       /* origin of the single-precision coordinates */
    int *cell_ch;        /* channel of each cell (vector-friendly copies) */
    double *cell_ul_off; /* ul_offset_db of each cell */
    int uniform_ul_off;  /* every cell has the same ul_offset_db */
    double *rate_lut[2]; /* DL, UL: rate at SINR = LUT_MIN_DB + k LUT_STEP_DB */
    int lut_borrowed;    /* rate_lut belongs to a workspace (1) or the thread's cache (2) */
    unsigned lut_slot;   /* lut_borrowed == 2: the slot of dx__lut_tls */
    struct fused_f32 *cf; /* fused: each cell's single-precision constants, made once */
} engine;

static int engine_f32_init(engine *e);

/* Rate lookup: the PHY rate is a step function of SINR (MCS tables); the
 * engine evaluates dx_phy_throughput_mbps once on a 0.01 dB grid from -40 to
 * +60 dB and reads it at the SINR rounded DOWN to that grid (conservative; the
 * result differs from a direct call only within 0.01 dB above an MCS step). */
#define LUT_MIN_DB (-40.0)
#define LUT_STEP_DB 0.01
#define LUT_N 10001

/* Rate tables of the last technologies seen by a calling thread without a
 * workspace (dx_coverage_points: the planner checks routes thousands of times
 * per scenario Monte Carlo on the same few records, one per candidate). Inline
 * arrays, so the thread's TLS block owns them and nothing leaks at thread exit;
 * keyed on the whole record like phy.c's ladder cache; a slot is never refilled
 * while an engine of this thread borrows it (in_use). */
#define DX__LUT_TLS_SLOTS 4
static _Thread_local struct {
    int valid;
    int in_use;
    dx_technology tech;
    double lut[2][LUT_N];
} dx__lut_tls[DX__LUT_TLS_SLOTS];
static _Thread_local unsigned dx__lut_tls_next;

static void engine_dispose(engine *e)
{
    dx__free(e->cells);
    e->cells = NULL;
    dx__free(e->cf);
    e->cf = NULL;
    if (e->lut_borrowed == 2) { /* given back once, even if disposed twice */
        dx__lut_tls[e->lut_slot].in_use--;
        e->lut_borrowed = 1;
    }
    if (!e->lut_borrowed) {
        dx__free(e->rate_lut[0]);
        dx__free(e->rate_lut[1]);
    }
    dx__free(e->cell_ch);
    dx__free(e->cell_ul_off);
    e->cell_ch = NULL;
    e->cell_ul_off = NULL;
    e->rate_lut[0] = e->rate_lut[1] = NULL;
}

static dx_status engine_build_lut(engine *e, const char *fn)
{
    double *sinr = dx__malloc(LUT_N * sizeof(double));
    e->rate_lut[0] = dx__malloc(LUT_N * sizeof(double));
    e->rate_lut[1] = dx__malloc(LUT_N * sizeof(double));
    if (!sinr || !e->rate_lut[0] || !e->rate_lut[1]) {
        dx__free(sinr);
        DX_FAIL(DX_ENOMEM, "%s: rate lookup tables", fn);
    }
    for (size_t k = 0; k < LUT_N; k++)
        sinr[k] = LUT_MIN_DB + (double)k * LUT_STEP_DB;
    dx_status st = dx_phy_throughput_mbps(e->tech, DX_PHY_DL, LUT_N, sinr, e->rate_lut[0]);
    if (st == DX_OK)
        st = dx_phy_throughput_mbps(e->tech, DX_PHY_UL, LUT_N, sinr, e->rate_lut[1]);
    dx__free(sinr);
    return st;
}

DX__CLONES
static void lut_rates(size_t n, const double *restrict lut, const double *restrict sinr_db,
                      double *restrict out)
{
#pragma omp simd
    for (size_t i = 0; i < n; i++) {
        double k = (sinr_db[i] - LUT_MIN_DB) * (1.0 / LUT_STEP_DB) + 1e-9;
        k = k > 0.0 ? k : 0.0; /* also maps NaN to 0 */
        k = k < (double)(LUT_N - 1) ? k : (double)(LUT_N - 1);
        out[i] = lut[(int)k]; /* truncation = floor for k >= 0 */
    }
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

dx_status dx_coverage_assign_channels(size_t n_sites, dx_site *sites, const dx_technology *tech)
{
    DX_REQUIRE_PTR(tech);
    if (n_sites && !sites)
        DX_FAIL(DX_EINVAL, "dx_coverage_assign_channels: argument 'sites' is NULL");
    int nch = tech->channels_available > 0 ? tech->channels_available : 1;
    for (size_t s = 0; s < n_sites; s++) {
        if (sites[s].channel >= 0)
            continue;
        int best_ch = 0;
        double best_d = -1.0;
        for (int ch = 0; ch < nch; ch++) {
            double dmin = INFINITY;
            for (size_t t = 0; t < n_sites; t++) {
                if (t == s || sites[t].channel < 0)
                    continue;
                int nsec = sites[t].sectors > 0 ? sites[t].sectors : 1;
                for (int k = 0; k < nsec; k++)
                    if ((sites[t].channel + k) % nch == ch) {
                        double dx = sites[t].x_m - sites[s].x_m, dy = sites[t].y_m - sites[s].y_m;
                        double d = sqrt(dx * dx + dy * dy);
                        if (d < dmin)
                            dmin = d;
                    }
            }
            if (dmin > best_d) {
                best_d = dmin;
                best_ch = ch;
            }
        }
        sites[s].channel = best_ch;
    }
    return DX_OK;
}

/* Rate tables kept by a workspace for the technology they were built for. */
typedef struct {
    dx_technology tech;
    double *lut[2];
} lut_cache;

static dx_status engine_init(engine *e, size_t n_sites, const dx_site *sites,
                             const dx_technology *tech, const dx_coverage_options *opts,
                             const char *fn, lut_cache *cache)
{
    memset(e, 0, sizeof *e);
    DX_REQUIRE_PTR(tech);
    if (n_sites == 0 || !sites)
        DX_FAIL(DX_EINVAL, "%s: n_sites = %zu, sites = %p (need at least one site)", fn, n_sites,
                (const void *)sites);
    e->tech = tech;
    DX_TRY(dx__coverage_options_resolve(opts, &e->o, fn));
    dx_coverage_options *o = &e->o;
    if (o->tile_px < 8 || o->tile_px > 1024)
        DX_FAIL(DX_EDOMAIN, "%s: opts->tile_px = %zu (allowed 8..1024)", fn, o->tile_px);
    if (!(o->interference_load_ratio >= 0.0 && o->interference_load_ratio <= 1.0))
        DX_FAIL(DX_EDOMAIN, "%s: opts->interference_load_ratio = %g (allowed 0..1)", fn,
                o->interference_load_ratio);
    if (o->mc_runs < 0 || o->mc_runs > 100000)
        DX_FAIL(DX_EDOMAIN, "%s: opts->mc_runs = %d (allowed 0..100000)", fn, o->mc_runs);
    if (!(o->shadow_corr_m >= 0.0))
        DX_FAIL(DX_EDOMAIN, "%s: opts->shadow_corr_m = %g m (allowed >= 0)", fn, o->shadow_corr_m);
    if (!(o->pixel_target_ratio > 0.0 && o->pixel_target_ratio <= 1.0))
        DX_FAIL(DX_EDOMAIN, "%s: opts->pixel_target_ratio = %g (allowed 0 < p <= 1)", fn,
                o->pixel_target_ratio);
    if (o->n_area && (o->n_area < 3 || !o->area_x_m || !o->area_y_m))
        DX_FAIL(DX_EDOMAIN, "%s: opts->n_area = %zu with x/y arrays %p/%p (allowed 0, or >= 3 "
                            "vertices with both arrays)",
                fn, o->n_area, (const void *)o->area_x_m, (const void *)o->area_y_m);
    if (o->rate_direction != DX_PHY_DL && o->rate_direction != DX_PHY_UL)
        DX_FAIL(DX_EINVAL, "%s: opts->rate_direction = %d (allowed 0 = DL, 1 = UL)", fn,
                o->rate_direction);
    e->fc_hz = tech->fc_hz;
    e->fc_ghz = tech->fc_hz / 1e9;
    if (!(e->fc_hz > 0.0))
        DX_FAIL(DX_EDOMAIN, "%s: tech->fc_hz = %g Hz (allowed > 0)", fn, tech->fc_hz);
    e->h_ut = o->ue_height_m > 0.0 ? o->ue_height_m : tech->ue_height_m;
    if (!(e->h_ut > 0.0))
        e->h_ut = 1.5; /* 38.901 Table 7.4.1-1 reference UT height */

    /* noise floors (link module): DL at the device, UL at the base station */
    double bw = tech->bw_hz, nf_ue = tech->ue_noise_figure_db, nf_bs = tech->bs_noise_figure_db;
    DX_TRY(dx_link_thermal_noise_dbm(1, &bw, &nf_ue, &e->noise_dl_dbm));
    DX_TRY(dx_link_thermal_noise_dbm(1, &bw, &nf_bs, &e->noise_ul_dbm));
    e->noise_ul_dbm += o->ul_interference_margin_db;
    e->noise_dl_mw = pow(10.0, e->noise_dl_dbm / 10.0);

    /* shadow fading sigma */
    if (o->shadow_sigma_db < 0.0) {
        DX_TRY(dx_propagation_shadow_fading_sigma_db(o->model, o->prop.los, e->fc_hz, 100.0,
                                                     &e->sigma_db));
    } else {
        e->sigma_db = o->shadow_sigma_db;
    }
    if (o->criterion == DX_COVERAGE_BY_RX_LEVEL) {
        if (!isfinite(o->threshold_dbm))
            DX_FAIL(DX_EDOMAIN, "%s: opts->threshold_dbm = %g dBm (allowed finite)", fn,
                    o->threshold_dbm);
        e->req_db = o->threshold_dbm;
    } else if (o->criterion == DX_COVERAGE_BY_RATE) {
        if (!(o->required_rate_mbps >= 0.0))
            DX_FAIL(DX_EDOMAIN, "%s: opts->required_rate_mbps = %g Mbit/s (allowed >= 0)", fn,
                    o->required_rate_mbps);
        DX_TRY(dx_phy_required_sinr_db(tech, (dx_phy_direction)o->rate_direction,
                                       o->required_rate_mbps, &e->req_db));
    } else {
        DX_FAIL(DX_EINVAL, "%s: opts->criterion = %d (allowed 0 or 1)", fn, (int)o->criterion);
    }
    e->fused = o->model == DX_PROPAGATION_38901_UMA || o->model == DX_PROPAGATION_38901_UMI;
    e->lines = !e->fused;

    /* cells, with automatic channels on a copy of the sites */
    size_t nc = 0;
    for (size_t s = 0; s < n_sites; s++) {
        const dx_site *si = &sites[s];
        if (si->sectors != 1 && si->sectors != 3 && si->sectors != 6)
            DX_FAIL(DX_EDOMAIN, "%s: sites[%zu].sectors = %d (allowed 1, 3 or 6)", fn, s, si->sectors);
        if (!(si->height_m > 0.0) || !isfinite(si->height_m))
            DX_FAIL(DX_EDOMAIN, "%s: sites[%zu].height_m = %g m (allowed > 0)", fn, s, si->height_m);
        if (!isfinite(si->x_m) || !isfinite(si->y_m))
            DX_FAIL(DX_EDOMAIN, "%s: sites[%zu] position = (%g, %g) m (allowed finite)", fn, s,
                    si->x_m, si->y_m);
        if (!isfinite(si->tx_power_dbm) || !isfinite(si->antenna_gain_dbi) ||
            !isfinite(si->cable_loss_db))
            DX_FAIL(DX_EDOMAIN, "%s: sites[%zu] power/gain/loss = %g dBm / %g dBi / %g dB (allowed finite)",
                    fn, s, si->tx_power_dbm, si->antenna_gain_dbi, si->cable_loss_db);
        if (e->fused && fabs(si->height_m - e->h_ut) < 1e-3)
            DX_FAIL(DX_EDOMAIN, "%s: sites[%zu].height_m = %g m equals the device height (3D distance 0)",
                    fn, s, si->height_m);
        nc += (size_t)si->sectors;
    }
    dx_site *copy = dx__malloc(n_sites * sizeof *copy);
    e->cells = dx__calloc(nc, sizeof *e->cells);
    if (!copy || !e->cells) {
        dx__free(copy);
        engine_dispose(e);
        DX_FAIL(DX_ENOMEM, "%s: %zu cells", fn, nc);
    }
    memcpy(copy, sites, n_sites * sizeof *copy);
    dx_coverage_assign_channels(n_sites, copy, tech);
    int nch_tech = tech->channels_available > 0 ? tech->channels_available : 1;
    int *chs = dx__malloc(nc * sizeof *chs);
    if (!chs) {
        dx__free(copy);
        engine_dispose(e);
        DX_FAIL(DX_ENOMEM, "%s: %zu cells", fn, nc);
    }
    size_t c = 0;
    for (size_t s = 0; s < n_sites; s++) {
        const dx_site *si = &copy[s];
        for (int k = 0; k < si->sectors; k++, c++) {
            cell *ce = &e->cells[c];
            ce->x = si->x_m;
            ce->y = si->y_m;
            ce->h = si->height_m;
            ce->eirp_dbm = si->tx_power_dbm + si->antenna_gain_dbi - si->cable_loss_db;
            double az = (si->azimuth_deg + 360.0 * k / si->sectors) * DX_PI / 180.0;
            ce->bx = sin(az);
            ce->by = cos(az);
            ce->sectorised = si->sectors > 1;
            chs[c] = ce->channel = ce->tech_channel = (si->channel + k) % nch_tech;
            ce->ul_offset_db = tech->ue_tx_power_dbm + tech->ue_antenna_gain_dbi - si->tx_power_dbm;
            ce->site = s;
            ce->sector = k;
            dx__propagation_site_range(o->model, &o->prop, e->fc_hz, ce->h, e->h_ut, &ce->range);
            /* every other model takes the fused path through its lines, unless
             * one cell cannot be written so (P.1411 NLOS corner cases) or has
             * a zero 3D distance: then the double-precision path for all */
            if (e->lines && (fabs(ce->h - e->h_ut) < 1e-3 ||
                             !dx__propagation_lines(o->model, &o->prop, e->fc_hz, ce->h, e->h_ut,
                                                    &ce->lines)))
                e->lines = 0;
        }
    }
    if (e->lines)
        e->fused = 1;
    if (dx__coverage_terrain_on(o)) /* terrain / calibration: the double-precision path */
        e->fused = e->lines = 0;
    e->n_cells = nc;
    e->ox = e->cells[0].x;
    e->oy = e->cells[0].y;
    /* compact channel numbering */
    qsort(chs, nc, sizeof *chs, cmp_int);
    int nu = 0;
    for (size_t i = 0; i < nc; i++)
        if (i == 0 || chs[i] != chs[i - 1])
            chs[nu++] = chs[i];
    for (size_t i = 0; i < nc; i++)
        for (int u = 0; u < nu; u++)
            if (chs[u] == e->cells[i].channel) {
                e->cells[i].channel = u;
                break;
            }
    e->n_ch = nu;
    dx__free(chs);
    dx__free(copy);
    e->cell_ch = dx__malloc(nc * sizeof *e->cell_ch);
    e->cell_ul_off = dx__malloc(nc * sizeof *e->cell_ul_off);
    if (!e->cell_ch || !e->cell_ul_off) {
        engine_dispose(e);
        DX_FAIL(DX_ENOMEM, "%s: %zu cells", fn, nc);
    }
    if (e->fused && !engine_f32_init(e)) {
        engine_dispose(e);
        DX_FAIL(DX_ENOMEM, "%s: %zu cells", fn, nc);
    }
    e->uniform_ul_off = 1;
    for (size_t i = 0; i < nc; i++) {
        e->cell_ch[i] = e->cells[i].channel;
        e->cell_ul_off[i] = e->cells[i].ul_offset_db;
        if (e->cell_ul_off[i] != e->cell_ul_off[0])
            e->uniform_ul_off = 0;
    }
    if (cache && cache->lut[0] && memcmp(&cache->tech, tech, sizeof *tech) == 0) {
        e->rate_lut[0] = cache->lut[0];
        e->rate_lut[1] = cache->lut[1];
        e->lut_borrowed = 1;
        return DX_OK;
    }
    for (unsigned k = 0; !cache && k < DX__LUT_TLS_SLOTS; k++)
        if (dx__lut_tls[k].valid && memcmp(&dx__lut_tls[k].tech, tech, sizeof *tech) == 0) {
            e->rate_lut[0] = dx__lut_tls[k].lut[0];
            e->rate_lut[1] = dx__lut_tls[k].lut[1];
            e->lut_borrowed = 2;
            e->lut_slot = k;
            dx__lut_tls[k].in_use++;
            return DX_OK;
        }
    dx_status st = engine_build_lut(e, fn);
    if (st != DX_OK) {
        engine_dispose(e);
        return st;
    }
    unsigned k = dx__lut_tls_next % DX__LUT_TLS_SLOTS;
    if (!cache && dx__lut_tls[k].in_use == 0) { /* keep a copy for this thread's next call */
        dx__lut_tls_next++;
        memcpy(&dx__lut_tls[k].tech, tech, sizeof *tech);
        memcpy(dx__lut_tls[k].lut[0], e->rate_lut[0], sizeof dx__lut_tls[k].lut[0]);
        memcpy(dx__lut_tls[k].lut[1], e->rate_lut[1], sizeof dx__lut_tls[k].lut[1]);
        dx__lut_tls[k].valid = 1;
    }
    if (cache) { /* hand the new tables to the workspace */
        dx__free(cache->lut[0]);
        dx__free(cache->lut[1]);
        cache->tech = *tech;
        cache->lut[0] = e->rate_lut[0];
        cache->lut[1] = e->rate_lut[1];
        e->lut_borrowed = 1;
    }
    return DX_OK;
}

/* Exposed for the internal test: 1 when these inputs take the fused
 * single-precision path, 0 for the double-precision one, negative on error. */
int dx__coverage_fused_path(size_t n_sites, const dx_site *sites, const dx_technology *tech,
                            const dx_coverage_options *opts)
{
    engine e;
    dx_status st = engine_init(&e, n_sites, sites, tech, opts, "dx__coverage_fused_path", NULL);
    if (st != DX_OK)
        return (int)st;
    int f = e.fused;
    engine_dispose(&e);
    return f;
}

/* ---- the kernel ----------------------------------------------------------- */

/* Per-thread scratch for a block of up to cap points. */
typedef struct {
    size_t cap;
    double *best_p;   /* best received power (mW) */
    int *best_i;      /* best cell */
    double *tot;      /* n_ch x cap power sums (mW) */
    double *tmp;      /* cap: distances / path losses for the generic path */
    double *fc, *hb, *hu; /* cap: constant inputs of the generic path */
    double *sinr, *snr_ul, *rate_dl, *rate_ul, *rx;
    float *fx, *fy, *fbest, *ftot; /* fused single-precision path */
    double *terr;     /* cap: terrain + calibration loss of one site (allocated on first use) */
} scratch;

static void scratch_free(scratch *s)
{
    dx__free(s->best_p);
    dx__free(s->best_i);
    dx__free(s->tot);
    dx__free(s->tmp);
    dx__free(s->fc);
    dx__free(s->hb);
    dx__free(s->hu);
    dx__free(s->sinr);
    dx__free(s->snr_ul);
    dx__free(s->rate_dl);
    dx__free(s->rate_ul);
    dx__free(s->rx);
    dx__free(s->fx);
    dx__free(s->fy);
    dx__free(s->fbest);
    dx__free(s->ftot);
    dx__free(s->terr);
    memset(s, 0, sizeof *s);
}

static int scratch_alloc(scratch *s, size_t cap, int n_ch)
{
    memset(s, 0, sizeof *s);
    s->cap = cap;
    s->best_p = dx__malloc(cap * sizeof(double));
    s->best_i = dx__malloc(cap * sizeof(int));
    s->tot = dx__malloc((size_t)n_ch * cap * sizeof(double));
    s->tmp = dx__malloc(cap * sizeof(double));
    s->fc = dx__malloc(cap * sizeof(double));
    s->hb = dx__malloc(cap * sizeof(double));
    s->hu = dx__malloc(cap * sizeof(double));
    s->sinr = dx__malloc(cap * sizeof(double));
    s->snr_ul = dx__malloc(cap * sizeof(double));
    s->rate_dl = dx__malloc(cap * sizeof(double));
    s->rate_ul = dx__malloc(cap * sizeof(double));
    s->rx = dx__malloc(cap * sizeof(double));
    s->fx = dx__malloc(cap * sizeof(float));
    s->fy = dx__malloc(cap * sizeof(float));
    s->fbest = dx__malloc(cap * sizeof(float));
    s->ftot = dx__malloc((size_t)n_ch * cap * sizeof(float));
    if (!s->fx || !s->fy || !s->fbest || !s->ftot || !s->best_p || !s->best_i || !s->tot || !s->tmp || !s->fc || !s->hb || !s->hu || !s->sinr ||
        !s->snr_ul || !s->rate_dl || !s->rate_ul || !s->rx) {
        scratch_free(s);
        return -1;
    }
    return 0;
}

/* Independent (uncorrelated) shadow normal of cell c in run r at pixel id pid. */
static double shadow_normal(const engine *e, size_t c, int run, uint64_t pid)
{
    uint64_t stream = ((uint64_t)c << 20) ^ (uint64_t)run;
    return dx__cov_normal(dx__cov_hash3(e->o.seed, stream, 2 * pid),
                          dx__cov_hash3(e->o.seed, stream, 2 * pid + 1));
}

/*
 * Spatially correlated shadowing with Gudmundson's exponential correlation
 * rho(r) = exp(-r / d_corr) (Gudmundson, Electronics Letters 27(23), 1991),
 * extended isotropically to 2D, by random Fourier features: X(p) = sqrt(2/M)
 * sum_m cos(2 pi k_m . p + phi_m) with k_m drawn from the 2D spectral density
 * of exp(-r/d), S(k) = 2 pi d^2 / (1 + (2 pi d |k|)^2)^(3/2) (radial CDF
 * 1 - 1/sqrt(1 + u^2), u = 2 pi d |k|, inverted in closed form) and uniform
 * phases. E[X(p) X(p')] = rho(|p - p'|) exactly; the marginal is a sum of M
 * cosines (near-normal, |X| <= sqrt(2M)). The field depends only on (seed,
 * cell, run), never on tiles or threads.
 */
void dx__coverage_rff_init(dx__cov_rff *f, uint64_t seed, uint64_t stream, double corr_m)
{
    for (int m = 0; m < DX__COV_RFF_M; m++) {
        double uu = dx__cov_u01(dx__cov_hash3(seed, stream ^ 0x5f0000000000ull, 3 * (uint64_t)m));
        double th = 2.0 * DX_PI * dx__cov_u01(dx__cov_hash3(seed, stream ^ 0x5f0000000000ull, 3 * (uint64_t)m + 1));
        double ph = 2.0 * DX_PI * dx__cov_u01(dx__cov_hash3(seed, stream ^ 0x5f0000000000ull, 3 * (uint64_t)m + 2));
        double om = 1.0 - uu;
        double u = sqrt(1.0 / (om * om) - 1.0);
        double rho = u / (2.0 * DX_PI * corr_m); /* cycles per metre */
        f->kx[m] = 2.0 * DX_PI * rho * cos(th);
        f->ky[m] = 2.0 * DX_PI * rho * sin(th);
        f->ph[m] = ph;
    }
}

double dx__coverage_rff_eval(const dx__cov_rff *f, double x, double y)
{
    double s = 0.0;
    for (int m = 0; m < DX__COV_RFF_M; m++)
        s += cos(f->kx[m] * x + f->ky[m] * y + f->ph[m]);
    return s * sqrt(2.0 / DX__COV_RFF_M);
}

/*
 * Best server and channel power sums for n points (x[i], y[i]).
 * run < 0: median powers; run >= 0: with Monte Carlo shadowing (pid[i] ids).
 * Returns the number of pairs outside the model's validity (generic path).
 */

/*
 * Fused path loss of the 38.901 UMa / UMi street-canyon models
 * (TR 38.901 V17 Table 7.4.1-1), written as
 *   LOS  = d2D <= d'BP ? a1 + b1 L : a2 + b2 L,   NLOS = max(LOS, an + bn L),
 *   L = log10(d3D) = 0.5 log10(d2D^2 + (hBS - hUT)^2),
 * with the coefficients per cell precomputed from the table (fused_coeffs),
 * so that the loop needs no sqrt() and vectorises (see dx__cov_rsqrt_fast).
 * tests/test_coverage_internal.c checks fused_pl against the shared scalar
 * kernels of propagation_kernels.h (dx__pl_38901_uma_he_db / _umi_he_db).
 */
typedef struct {
    double a1, b1, a2, b2, an, bn, dbp2, dz2;
    int nlos;
} fused_coef;

static fused_coef fused_coeffs(int model, double fc_ghz, double h_bs, double h_ut, int nlos,
                               double h_e)
{
    fused_coef k;
    double lf = log10(fc_ghz), dz = h_bs - h_ut;
    double dbp = 4.0 * (h_bs - h_e) * (h_ut - h_e) * fc_ghz * 1e9 / DX__C_38901_M_PER_S;
    double lbp = log10(dbp * dbp + dz * dz);
    if (model == DX_PROPAGATION_38901_UMA) {
        k.a1 = 28.0 + 20.0 * lf;
        k.b1 = 22.0;
        k.a2 = 28.0 + 20.0 * lf - 9.0 * lbp;
        k.b2 = 40.0;
        k.an = 13.54 + 20.0 * lf - 0.6 * (h_ut - 1.5);
        k.bn = 39.08;
    } else { /* UMi street canyon */
        k.a1 = 32.4 + 20.0 * lf;
        k.b1 = 21.0;
        k.a2 = 32.4 + 20.0 * lf - 9.5 * lbp;
        k.b2 = 40.0;
        k.an = 22.4 + 21.3 * lf - 0.3 * (h_ut - 1.5);
        k.bn = 35.3;
    }
    k.dbp2 = dbp > 0.0 ? dbp * dbp : -1.0; /* d'BP <= 0: always beyond the breakpoint */
    k.dz2 = dz * dz;
    k.nlos = nlos;
    return k;
}

static inline double fused_pl(const fused_coef *k, double d2sq)
{
    double l = 0.5 * dx__log10_fast(d2sq + k->dz2);
    double los = d2sq <= k->dbp2 ? k->a1 + k->b1 * l : k->a2 + k->b2 * l;
    double nl = k->an + k->bn * l;
    nl = nl > los ? nl : los;
    return k->nlos ? nl : los;
}

/* Exposed for the internal test. */
double dx__coverage_fused_pl_db(int model, double fc_ghz, double d2d_m, double h_bs, double h_ut,
                                int nlos, double h_e)
{
    fused_coef k = fused_coeffs(model, fc_ghz, h_bs, h_ut, nlos, h_e);
    return fused_pl(&k, d2d_m * d2d_m);
}

/*
 * Single-precision form of the same model for the vector loop. With
 * u = log2(d3D^2), the received power in log2(mW) units is
 *   e = (EIRP - PL) log2(10) / 10 = c - k u,
 * one (c, k) pair per branch (LOS before/after the breakpoint, NLOS'), and
 * NLOS = max(PL_LOS, PL'_NLOS) becomes min(e_LOS, e_NLOS). Power = 2^e mW.
 * Float resolution: about 1e-6 dB in the received power (7 significant digits).
 */
/* sqrt for x > 0 without the errno branch (see dx__cov_rsqrt_fast). */
static inline float sqrtf_nb(float x)
{
    uint32_t b;
    memcpy(&b, &x, sizeof b);
    b = 0x5f375a86u - (b >> 1);
    float y;
    memcpy(&y, &b, sizeof y);
    float h = 0.5f * x;
    y = y * (1.5f - h * y * y);
    y = y * (1.5f - h * y * y);
    y = y * (1.5f - h * y * y);
    return x * y;
}

typedef struct fused_f32 {
    float cx, cy, dz2, c1, k1, c2, k2, cn, kn, bx, by;
    int nlos, sectorised;
    double nl_lo, nl_hi; /* NLOS' alone wins for d3D^2 in [nl_lo, nl_hi] (block test) */
    /* general lines (propagation_lines.h), used when gen = 1: line 1 also
     * loses m1 per metre of d3D, and LOS is line 1 where s^2 <= thr2 (s^2 =
     * d2D^2 + sdz2), line 2 beyond, instead of the min of the two */
    float m1, thr2, sdz2;
    int gen, sel;
    /* limits of the sector pattern (fields, not literals: a select with a
     * constant arm is turned into a branch by GCC's PRE and blocks the
     * vectoriser): cos clamp, loss cap (log2 units), smallest d2D^2 */
    float c_lo, c_hi, g_cap, d2_min;
    /* 3-sector sites on one channel take the shared-gain pass
     * (fused_site3_shared) unless dx__cov_sector_shared is 0 (tests) */
    int shared3;
    /* its limits, as fields for the same reason: the best and middle
     * sectors' cos clamps, the 30 dB floor (linear), the gain at 90 deg and
     * the exponent floor; sector numbers 1 and 2 */
    float s3_blo, s3_mlo, s3_mhi, s3_floor, s3_g90, s3_g90x2, s3_emin;
    int s3_one, s3_two;
} fused_f32;

int dx__cov_sector_shared = 1;

static double clamp_1e6(double v)
{
    return v < -1e6 ? -1e6 : (v > 1e6 ? 1e6 : v);
}

static fused_f32 fused_f32_make(const fused_coef *k, double eirp_dbm, double cx, double cy,
                                double bx, double by, int sectorised, int no_nl)
{
    const double s = 3.3219280948873623 / 10.0;  /* log2(10) / 10 */
    const double h = 0.5 * 0.30102999566398120; /* log10(d3D) = h * log2(d3D^2) */
    fused_f32 f;
    memset(&f, 0, sizeof f); /* gen = 0, m1 = 0, ...: the UMa/UMi form */
    f.cx = (float)cx;
    f.cy = (float)cy;
    f.dz2 = (float)k->dz2;
    /* The exponents c - k log2(d3D^2) must stay within |e| < 1e7 (domain of
     * dx__cov_exp2f_fast): |k log2(d3D^2)| < 2.1 * 130, so c is kept within
     * +-1e6 (an EIRP beyond +-3e6 dBm only saturates the power further). */
    f.c1 = (float)clamp_1e6((eirp_dbm - k->a1) * s);
    f.k1 = (float)(k->b1 * h * s);
    f.c2 = (float)clamp_1e6((eirp_dbm - k->a2) * s);
    f.k2 = (float)(k->b2 * h * s);
    /* LOS-only: an NLOS line that never wins the min() */
    f.cn = k->nlos ? (float)clamp_1e6((eirp_dbm - k->an) * s) : 3.0e38f;
    f.kn = k->nlos ? (float)(k->bn * h * s) : 0.0f;
    /* TR 38.901 Table 7.4.1-1 LOS is continuous at d'BP: PL2 - PL1 =
     * (b2 - b1) log10(d3D) - 9 log10(d'BP^2 + dz^2) (UMi: 9.5) vanishes at
     * d2D = d'BP since b2 - b1 = 18 (UMi 19) and d3D^2 = d'BP^2 + dz^2 there;
     * and b2 > b1, so PL_LOS = max(PL1, PL2) for every distance: in power,
     * e_LOS = min(e1, e2) with no breakpoint test in the loop. (d'BP <= 0:
     * always the PL2 line.) NLOS = max(PL_LOS, PL'_NLOS) likewise is
     * e = min(e1, e2, en). */
    if (!(k->dbp2 > 0.0)) {
        f.c1 = f.c2;
        f.k1 = f.k2;
    }
    f.bx = (float)bx;
    f.by = (float)by;
    f.c_lo = -0.3f;
    f.c_hi = 1.0f;
    f.g_cap = 9.965784284662087f; /* 30 dB */
    f.d2_min = 1e-12f;
    f.shared3 = dx__cov_sector_shared;
    f.s3_blo = 0.5f;
    f.s3_mlo = -0.231f;
    f.s3_mhi = 0.5f;
    f.s3_floor = 1e-3f;
    f.s3_g90 = 0.0050050484f; /* 10^(-1.2 (90 / 65)^2): 23.0 dB */
    f.s3_g90x2 = 2.0f * f.s3_g90;
    f.s3_emin = -100.0f;
    f.s3_one = 1;
    f.s3_two = 2;
    f.nlos = k->nlos;
    f.sectorised = sectorised;
    /* Where NLOS' alone wins (en <= min(e1, e2) - margin, lines in
     * L = log2(d3D^2)): en <= e1 - m for L >= L1 (kn > k1: NLOS' is steeper
     * than PL1) and en <= e2 - m for L <= L2 (k2 > kn; otherwise for L >= L2).
     * A block of pixels whose d3D^2 range lies inside [2^L1, 2^L2] is computed
     * with the NLOS' line only: the same bits as the 3-line form, because
     * the margin (1e-3 in log2 units, 0.003 dB) is far above the float error
     * of the exponents (1e-5), so the min() would pick en for every pixel. */
    f.nl_lo = INFINITY;
    f.nl_hi = -INFINITY;
    if (k->nlos && !no_nl) {
        const double m = 1e-3;
        double c1 = f.c1, k1 = f.k1, c2 = f.c2, k2 = f.k2, cn = f.cn, kn = f.kn;
        double lo = -INFINITY, hi = INFINITY;
        if (kn > k1)
            lo = (cn - c1 + m) / (kn - k1);
        else if (kn < k1)
            hi = (c1 - cn - m) / (k1 - kn);
        else if (!(cn <= c1 - m))
            lo = INFINITY; /* never below PL1 by the margin */
        if (k2 > kn)
            hi = fmin(hi, (c2 - cn - m) / (k2 - kn));
        else if (kn > k2)
            lo = fmax(lo, (cn - c2 + m) / (kn - k2));
        else if (!(cn <= c2 - m))
            lo = INFINITY;
        /* and the exponent en = cn - kn L stays in [-125 + m, 126 - m]
         * (dx__cov_exp2f_fast_inrange needs no clamp there) */
        if (kn > 0.0) {
            lo = fmax(lo, (cn - 126.0 + m) / kn);
            hi = fmin(hi, (cn + 125.0 - m) / kn);
        } else {
            lo = INFINITY;
        }
        if (lo < hi && lo < 200.0 && hi > -200.0) {
            f.nl_lo = exp2(fmax(lo, -200.0));
            f.nl_hi = exp2(fmin(hi, 200.0));
        }
    }
    return f;
}

/* Single-precision form of a cell's lines (any model but UMa/UMi, whose
 * coefficients come from fused_coeffs): the same exponents c - k log2(d3D^2)
 * per line, plus the d3D term and the breakpoint selection when the model has
 * them (gen). A model with one line and no NLOS' line puts it in the NLOS'
 * slot, with lines 1 and 2 far weaker, so it takes the one-line loop. */
static fused_f32 fused_f32_from_lines(const dx__prop_lines *ln, double dz2, double eirp_dbm,
                                      double cx, double cy, double bx, double by, int sectorised)
{
    fused_coef k;
    memset(&k, 0, sizeof k);
    k.a1 = ln->a_db;
    k.b1 = ln->a_k;
    k.a2 = ln->b_db;
    k.b2 = ln->b_k;
    k.an = ln->n_db;
    k.bn = ln->n_k;
    k.nlos = ln->has_n;
    k.dbp2 = 1.0; /* keep line 1 (fused_f32_make folds it into line 2 otherwise) */
    k.dz2 = dz2;
    int one_line = !ln->has_n && !ln->two && ln->a_m == 0.0;
    if (one_line) {
        k.an = ln->a_db;
        k.bn = ln->a_k;
        k.a1 = k.a2 = ln->a_db - 1000.0; /* 1000 dB below: never the max */
        k.nlos = 1;
    }
    int gen = ln->sel != DX__LINES_MAX || ln->a_m != 0.0;
    fused_f32 f = fused_f32_make(&k, eirp_dbm, cx, cy, bx, by, sectorised, gen);
    f.sectorised = sectorised;
    const double s = 3.3219280948873623 / 10.0; /* log2(10) / 10 */
    f.m1 = (float)(ln->a_m * s);
    f.thr2 = (float)ln->thr2;
    f.sdz2 = ln->sel == DX__LINES_SEL_3D ? (float)dz2 : 0.0f;
    f.gen = gen;
    f.sel = ln->sel != DX__LINES_MAX;
    if (gen && ln->has_n && ln->a_m >= 0.0) {
        f.nl_lo = 0.0; /* marks: block test by the end points (fused_nlos_only) */
        f.nl_hi = INFINITY;
    }
    return f;
}

/* Range of d3D^2 = (x - cx)^2 + (y - cy)^2 + dz^2 over a box of points. */
typedef struct {
    double x0, x1, y0, y1;
} fused_box;

/* Range [*umin, *umax] of (x - cx)^2 + (y - cy)^2 + dz2 over a box (the
 * nearest and farthest points of the box from (cx, cy)). Ternaries, not
 * fmax: libm's fmax is a call here (NaN rules), and this runs per block and
 * cell. Inputs are finite. */
static inline void box_d2_range(const fused_box *b, double cx, double cy, double dz2,
                                double *umin, double *umax)
{
    double ax = b->x0 - cx, bx = cx - b->x1, ay = b->y0 - cy, by = cy - b->y1;
    double ex = ax > bx ? ax : bx, ey = ay > by ? ay : by;
    ex = ex > 0.0 ? ex : 0.0;
    ey = ey > 0.0 ? ey : 0.0;
    double fx = fabs(ax) > fabs(bx) ? fabs(ax) : fabs(bx);
    double fy = fabs(ay) > fabs(by) ? fabs(ay) : fabs(by);
    *umin = ex * ex + ey * ey + dz2;
    *umax = fx * fx + fy * fy + dz2;
}

static int fused_nlos_only(const fused_f32 *k, const fused_box *b)
{
    double umin, umax;
    box_d2_range(b, k->cx, k->cy, k->dz2, &umin, &umax);
    if (k->gen) {
        /* g1(u) = e1 - en = (c1 - cn) - (k1 - kn) u - m1 2^(u/2) is concave in
         * u = log2(d3D^2) (m1 >= 0) and g2 = e2 - en and en are linear, so
         * NLOS' wins by the margin over the whole box when it does at both
         * ends of the (slackened) range, and en stays in exp2's range there. */
        if (!(k->nl_lo == 0.0) || !(umin > 0.0))
            return 0;
        const double m = 1e-3;
        double ends[2] = {umin * (1.0 - 1e-6), umax * (1.0 + 1e-6)};
        for (int j = 0; j < 2; j++) {
            double u = log2(ends[j]), d = sqrt(ends[j]);
            double en = (double)k->cn - (double)k->kn * u;
            double e1 = (double)k->c1 - (double)k->k1 * u - (double)k->m1 * d;
            double e2 = (double)k->c2 - (double)k->k2 * u;
            if (!(en <= e1 - m && en <= e2 - m && en >= -125.0 + m && en <= 126.0 - m))
                return 0;
        }
        return 1;
    }
    /* relative slack 1e-6 for the float rounding of d3D^2 in the loop */
    return umin * (1.0 - 1e-6) >= k->nl_lo && umax * (1.0 + 1e-6) <= k->nl_hi;
}

/* Received power (mW, single precision) of one omni cell at (xi, yi), for
 * every omni pass (one, two or four cells): e = min(e1, e2, en), or en alone
 * where the block test says NLOS' wins and en is within exp2's range (nl = 1,
 * a constant after inlining: no min, no clamp).
 * d3D^2 = dx^2 + (dy^2 + dz^2) contracts to two FMAs. */
/* Exponent of a general cell (gen): line 1 with its d3D term, the LOS
 * selection by distance or the min of lines 1 and 2, then the min with NLOS'. */
DX__KINLINE float fused_exponent_gen(const fused_f32 *k, float dx, float dy, float u, float w)
{
    float d3 = sqrtf_nb(w);
    float e1 = k->c1 - k->k1 * u - k->m1 * d3, e2 = k->c2 - k->k2 * u;
    float sv = dx * dx + (dy * dy + k->sdz2);
    float em = e1 < e2 ? e1 : e2;
    float es = sv <= k->thr2 ? e1 : e2;
    float el = k->sel ? es : em;
    float en = k->cn - k->kn * u;
    return en < el ? en : el;
}

DX__KINLINE float fused_power(const fused_f32 *k, float xi, float yi, int nl, int gen)
{
    float dx = xi - k->cx, dy = yi - k->cy;
    float w = dx * dx + (dy * dy + k->dz2);
    float u = dx__cov_log2f_fast(w);
    float en = k->cn - k->kn * u;
    if (nl)
        return dx__cov_exp2f_fast_inrange(en);
    if (gen)
        return dx__cov_exp2f_fast(fused_exponent_gen(k, dx, dy, u, w));
    float e1 = k->c1 - k->k1 * u, e2 = k->c2 - k->k2 * u;
    float el = e1 < e2 ? e1 : e2;
    return dx__cov_exp2f_fast(en < el ? en : el);
}

/* Exponent (log2 mW) of a sectorised cell before its pattern, d2 = d2D^2. */
DX__KINLINE float sector_exponent(const fused_f32 *k, float dx, float dy, float d2, int gen)
{
    float w = d2 + k->dz2;
    float u = dx__cov_log2f_fast(w);
    float e1 = k->c1 - k->k1 * u, e2 = k->c2 - k->k2 * u, en = k->cn - k->kn * u;
    float el = e1 < e2 ? e1 : e2;
    float e = en < el ? en : el;
    if (gen)
        return fused_exponent_gen(k, dx, dy, u, w);
    return e;
}

/* 1/sqrt(x) for x > 0 without libm (three Newton steps: 5e-9 relative). */
DX__KINLINE float rsqrtf_nb(float x)
{
    uint32_t b;
    memcpy(&b, &x, sizeof b);
    b = 0x5f375a86u - (b >> 1);
    float y;
    memcpy(&y, &b, sizeof y);
    float h = 0.5f * x;
    y = y * (1.5f - h * y * y);
    y = y * (1.5f - h * y * y);
    y = y * (1.5f - h * y * y);
    return y;
}

/* Sector pattern of 38.901 Table 7.3-1 (horizontal cut, phi_3dB = 65 deg,
 * A_m = 30 dB) in log2 units of power: min(12 (phi / 65 deg)^2, 30) log2(10)/10
 * as a function of c = cos(phi), with no acos: acos(c)^2 is analytic at c = 1,
 * and a degree-8 polynomial in c (Chebyshev fit on [-0.3, 1], float Horner)
 * is within 1.3e-5 dB of the exact pattern wherever it is above the 30 dB
 * floor (phi < 102.8 deg, c > -0.221); c is clamped to -0.3, where the
 * polynomial gives 32.8 dB, so the floor applies beyond. (The A&S acos this
 * replaces was within 2e-3 dB.) */
DX__KINLINE float sector_gain_poly(const fused_f32 *k, float c)
{
    c = c < k->c_lo ? k->c_lo : c;
    c = c > k->c_hi ? k->c_hi : c;
    float p = 0.05291834666380899f;
    p = p * c - 0.2372841656916865f;
    p = p * c + 0.5001522708459002f;
    p = p * c - 0.7451576949529586f;
    p = p * c + 1.0429255709601197f;
    p = p * c - 1.622324679759246f;
    p = p * c + 3.0969483054531306f;
    p = p * c - 9.730578809349485f;
    p = p * c + 7.642402677583792f;
    return p < k->g_cap ? p : k->g_cap;
}

DX__KINLINE float sector_loss_log2(const fused_f32 *k, float dx, float dy, float d2)
{
    float rinv = rsqrtf_nb(d2 > k->d2_min ? d2 : k->d2_min);
    return sector_gain_poly(k, (dx * k->bx + dy * k->by) * rinv);
}

DX__CLONES
static void fused_cell(const float *restrict x, const float *restrict y, size_t n,
                       const fused_f32 *kc, int nl, int ci, float *restrict tot,
                       float *restrict best_p, int *restrict best_i)
{
    const fused_f32 k = *kc;
    if (!k.sectorised && nl) {
#pragma omp simd
        for (size_t i = 0; i < n; i++) {
            float p = fused_power(&k, x[i], y[i], 1, 0);
            tot[i] += p;
            float bp = best_p[i];
            best_i[i] = p > bp ? ci : best_i[i];
            best_p[i] = p > bp ? p : bp;
        }
        return;
    }
    if (!k.sectorised && k.gen) {
#pragma omp simd
        for (size_t i = 0; i < n; i++) {
            float p = fused_power(&k, x[i], y[i], 0, 1);
            tot[i] += p;
            float bp = best_p[i];
            best_i[i] = p > bp ? ci : best_i[i];
            best_p[i] = p > bp ? p : bp;
        }
        return;
    }
    if (!k.sectorised) {
#pragma omp simd
        for (size_t i = 0; i < n; i++) {
            float p = fused_power(&k, x[i], y[i], 0, 0);
            tot[i] += p;
            float bp = best_p[i];
            best_i[i] = p > bp ? ci : best_i[i];
            best_p[i] = p > bp ? p : bp;
        }
        return;
    }
#define DX__SECTOR_CELL_BODY(GEN)                                                            \
    for (size_t i = 0; i < n; i++) {                                                         \
        float dx = x[i] - k.cx, dy = y[i] - k.cy;                                            \
        float d2 = dx * dx + dy * dy;                                                        \
        float e = sector_exponent(&k, dx, dy, d2, GEN);                                      \
        float p = dx__cov_exp2f_fast(e - sector_loss_log2(&k, dx, dy, d2));                  \
        tot[i] += p;                                                                         \
        float bp = best_p[i];                                                                \
        best_i[i] = p > bp ? ci : best_i[i];                                                 \
        best_p[i] = p > bp ? p : bp;                                                         \
    }
    if (k.gen) {
#pragma omp simd
        DX__SECTOR_CELL_BODY(1)
    } else {
#pragma omp simd
        DX__SECTOR_CELL_BODY(0)
    }
#undef DX__SECTOR_CELL_BODY
}

/* All sectors of one site in one pass (sectorised cells are consecutive and
 * share position, height and EIRP): the distance, the logarithm and the path
 * loss once per pixel, then per sector the pattern and one exp2. NSEC is 3 or
 * 6; SAME: every sector on one channel (one sum array), else each sector on
 * its own channel. Best server and channel sums are updated in cell order, as
 * the per-cell passes would. */
#define DX__SITE_PRE                                                                         \
    float dx = x[i] - k.cx, dy = y[i] - k.cy;                                                \
    float d2 = dx * dx + dy * dy;                                                            \
    float e = sector_exponent(&k, dx, dy, d2, GEN);                                          \
    float rinv = rsqrtf_nb(d2 > k.d2_min ? d2 : k.d2_min);                                   \
    float bp = best_p[i];                                                                    \
    int bi = best_i[i];
#define DX__SITE_SECTOR(J)                                                                   \
    float p##J = dx__cov_exp2f_fast(e - sector_gain_poly(&k, (dx * bx##J + dy * by##J) * rinv)); \
    bi = p##J > bp ? ci + J : bi;                                                            \
    bp = p##J > bp ? p##J : bp;
#define DX__SITE_POST                                                                        \
    best_p[i] = bp;                                                                          \
    best_i[i] = bi;

/* Linear gains of the strongest and the middle sector of a 3-sector site on
 * one channel, as functions of their cosines (the "shared gain lookup" of
 * issue 14): with boresights 120 deg apart the strongest sector is within
 * 60 deg (c_b in [0.5, 1]), the middle one between 60 and 120 deg
 * (c_m in [-0.5, 0.5]) and the third beyond 120 deg, always on the 30 dB
 * floor. 10^(-1.2 (acos(c) / 65 deg)^2) is analytic in c there (acos^2 is
 * analytic at c = 1), so a low-degree polynomial in linear gain needs no
 * acos and no exp2: degree 7 on [0.5, 1] and degree 8 on [-0.231, 0.5]
 * (relative-weighted Chebyshev fits in x = a c + b, float, Estrin;
 * scripts/fit_sector_gains.py), within 1.3e-6 dB and 1.3e-5 dB of the exact
 * pattern (float rounding of c included; tests/test_coverage_internal.c
 * checks 1e-4 dB end to end). The middle
 * sector meets the floor at 102.8 deg (c = -0.2211); below c = -0.231 the
 * polynomial is under 1e-3 and the max takes the floor. */
DX__KINLINE float sector3_gain_best(const fused_f32 *k, float c)
{
    c = c < k->s3_blo ? k->s3_blo : c;
    c = c > k->c_hi ? k->c_hi : c;
    float x = c * 4.0f - 3.0f, x2 = x * x, x4 = x2 * x2;
    /* Estrin's scheme: half the dependent FMAs of Horner */
    float a01 = 0.38215866145558641f * x + 0.32581304798327682f;
    float a23 = 0.067840209667654194f * x + 0.20608792228663445f;
    float a45 = 0.0024959019755274627f * x + 0.015265708444924904f;
    float a67 = 2.803568022633037e-05f * x + 0.00031045951004252342f;
    return (a67 * x2 + a45) * x4 + (a23 * x2 + a01);
}

DX__KINLINE float sector3_gain_mid(const fused_f32 *k, float c)
{
    c = c < k->s3_mlo ? k->s3_mlo : c;
    c = c > k->s3_mhi ? k->s3_mhi : c;
    float x = c * 2.735978112175103f - 0.36798905608755134f, x2 = x * x, x4 = x2 * x2;
    float a01 = 0.027191408197026555f * x + 0.011956768468194809f;
    float a23 = 0.017519097341559403f * x + 0.02810692172718492f;
    float a45 = 0.0022185182518811839f * x + 0.007368023376228194f;
    float a67 = 8.5849278462333227e-05f * x + 0.00049776678994486513f;
    float p = ((9.9432490683506687e-06f * x4 + (a67 * x2 + a45)) * x4) + (a23 * x2 + a01);
    return p > k->s3_floor ? p : k->s3_floor;
}

/* One pass of a 3-sector site with every sector on one channel: the path
 * loss and one exp2 per pixel; the strongest sector is the largest of the
 * three boresight dot products (ties to the lower sector, as the per-sector
 * passes' strict '>' in cell order); it alone can be the best server, and
 * the channel sum gets p0 g_best + p0 (g_mid + 1e-3). A pixel at the site
 * itself (d2D^2 <= d2_min) takes every sector at 90 deg, as the per-sector
 * pattern does there. The exponent is floored at -100 (-301 dBm) so the
 * products stay normal floats. */
DX__KINLINE void fused_site3_shared(const float *restrict x, const float *restrict y, size_t n,
                                    const fused_f32 *kc, const float *bxs, const float *bys,
                                    int ci, float *restrict t0, float *restrict best_p,
                                    int *restrict best_i, const int GEN, const int NL)
{
    const fused_f32 k = *kc;
    const float bx0 = bxs[0], by0 = bys[0], bx1 = bxs[1], by1 = bys[1], bx2 = bxs[2],
                by2 = bys[2];
#pragma omp simd
    for (size_t i = 0; i < n; i++) {
        float dx = x[i] - k.cx, dy = y[i] - k.cy;
        float d2 = dx * dx + dy * dy;
        float e = NL ? k.cn - k.kn * dx__cov_log2f_fast(d2 + k.dz2)
                     : sector_exponent(&k, dx, dy, d2, GEN);
        e = e > k.s3_emin ? e : k.s3_emin;
        float rinv = rsqrtf_nb(d2 > k.d2_min ? d2 : k.d2_min);
        float q0 = dx * bx0 + dy * by0, q1 = dx * bx1 + dy * by1, q2 = dx * bx2 + dy * by2;
        int ge01 = q0 >= q1;
        float hi01 = ge01 ? q0 : q1, lo01 = ge01 ? q1 : q0;
        int i01 = ge01 ? 0 : k.s3_one;
        int top = hi01 >= q2;
        float qb = top ? hi01 : q2;
        float qm = top ? (lo01 > q2 ? lo01 : q2) : hi01;
        int ib = top ? i01 : k.s3_two;
        float gb = sector3_gain_best(&k, qb * rinv);
        float go = sector3_gain_mid(&k, qm * rinv) + k.s3_floor; /* the other two */
        int at_site = d2 <= k.d2_min;
        gb = at_site ? k.s3_g90 : gb;
        go = at_site ? k.s3_g90x2 : go;
        ib = at_site ? 0 : ib;
        float p0 = NL ? dx__cov_exp2f_fast_inrange(e) : dx__cov_exp2f_fast(e);
        float pb = p0 * gb, po = p0 * go;
        /* the serving term first, as the per-sector passes add it: the
         * interference tot - pb then carries one rounding of the sum */
        t0[i] = (t0[i] + pb) + po;
        float bp = best_p[i];
        best_i[i] = pb > bp ? ci + ib : best_i[i];
        best_p[i] = pb > bp ? pb : bp;
    }
}

DX__KINLINE void fused_site_impl(const float *restrict x, const float *restrict y, size_t n,
                                 const fused_f32 *kc, int nsec, const float *bxs,
                                 const float *bys, int ci, int same, float *const *tot,
                                 float *restrict best_p, int *restrict best_i, const int GEN)
{
    const fused_f32 k = *kc;
    const float bx0 = bxs[0], by0 = bys[0], bx1 = bxs[1], by1 = bys[1], bx2 = bxs[2],
                by2 = bys[2];
    float *restrict t0 = tot[0];
    if (nsec == 3 && same) {
#pragma omp simd
        for (size_t i = 0; i < n; i++) {
            DX__SITE_PRE
            DX__SITE_SECTOR(0)
            DX__SITE_SECTOR(1)
            DX__SITE_SECTOR(2)
            t0[i] = ((t0[i] + p0) + p1) + p2;
            DX__SITE_POST
        }
        return;
    }
    if (nsec == 3) {
        float *restrict t1 = tot[1], *restrict t2 = tot[2];
#pragma omp simd
        for (size_t i = 0; i < n; i++) {
            DX__SITE_PRE
            DX__SITE_SECTOR(0)
            DX__SITE_SECTOR(1)
            DX__SITE_SECTOR(2)
            t0[i] += p0;
            t1[i] += p1;
            t2[i] += p2;
            DX__SITE_POST
        }
        return;
    }
    const float bx3 = bxs[3], by3 = bys[3], bx4 = bxs[4], by4 = bys[4], bx5 = bxs[5],
                by5 = bys[5];
    if (same) {
#pragma omp simd
        for (size_t i = 0; i < n; i++) {
            DX__SITE_PRE
            DX__SITE_SECTOR(0)
            DX__SITE_SECTOR(1)
            DX__SITE_SECTOR(2)
            DX__SITE_SECTOR(3)
            DX__SITE_SECTOR(4)
            DX__SITE_SECTOR(5)
            t0[i] = ((((((t0[i] + p0) + p1) + p2) + p3) + p4) + p5);
            DX__SITE_POST
        }
        return;
    }
    float *restrict t1 = tot[1], *restrict t2 = tot[2], *restrict t3 = tot[3],
                    *restrict t4 = tot[4], *restrict t5 = tot[5];
#pragma omp simd
    for (size_t i = 0; i < n; i++) {
        DX__SITE_PRE
        DX__SITE_SECTOR(0)
        DX__SITE_SECTOR(1)
        DX__SITE_SECTOR(2)
        DX__SITE_SECTOR(3)
        DX__SITE_SECTOR(4)
        DX__SITE_SECTOR(5)
        t0[i] += p0;
        t1[i] += p1;
        t2[i] += p2;
        t3[i] += p3;
        t4[i] += p4;
        t5[i] += p5;
        DX__SITE_POST
    }
}
#undef DX__SITE_PRE
#undef DX__SITE_SECTOR
#undef DX__SITE_POST

DX__CLONES
static void fused_site(const float *restrict x, const float *restrict y, size_t n,
                       const fused_f32 *kc, int nsec, const float *bxs, const float *bys, int ci,
                       int same, int nl, float *const *tot, float *restrict best_p,
                       int *restrict best_i)
{
    if (nsec == 3 && same && kc->shared3) {
        if (nl)
            fused_site3_shared(x, y, n, kc, bxs, bys, ci, tot[0], best_p, best_i, 0, 1);
        else if (kc->gen)
            fused_site3_shared(x, y, n, kc, bxs, bys, ci, tot[0], best_p, best_i, 1, 0);
        else
            fused_site3_shared(x, y, n, kc, bxs, bys, ci, tot[0], best_p, best_i, 0, 0);
        return;
    }
    if (kc->gen)
        fused_site_impl(x, y, n, kc, nsec, bxs, bys, ci, same, tot, best_p, best_i, 1);
    else
        fused_site_impl(x, y, n, kc, nsec, bxs, bys, ci, same, tot, best_p, best_i, 0);
}

/* Four omni cells on the same channel in one pass: the per-pixel loads and
 * stores (coordinates, channel sum, best power and cell) are shared by four
 * cells instead of one or two. The best server is updated in cell order with
 * strict '>', as four single-cell passes would; the channel sum adds
 * (p0 + p1) + (p2 + p3). */
#define DX__CELL4_BODY(NL, GEN)                                                                \
    for (size_t i = 0; i < n; i++) {                                                        \
        float xi = x[i], yi = y[i];                                                         \
        float p0 = fused_power(&k0, xi, yi, NL, GEN), p1 = fused_power(&k1, xi, yi, NL, GEN); \
        float p2 = fused_power(&k2, xi, yi, NL, GEN), p3 = fused_power(&k3, xi, yi, NL, GEN); \
        tot[i] += (p0 + p1) + (p2 + p3);                                                    \
        float bp = best_p[i];                                                               \
        int bi = best_i[i];                                                                 \
        bi = p0 > bp ? ci : bi;                                                             \
        bp = p0 > bp ? p0 : bp;                                                             \
        bi = p1 > bp ? ci + 1 : bi;                                                         \
        bp = p1 > bp ? p1 : bp;                                                             \
        bi = p2 > bp ? ci + 2 : bi;                                                         \
        bp = p2 > bp ? p2 : bp;                                                             \
        bi = p3 > bp ? ci + 3 : bi;                                                         \
        bp = p3 > bp ? p3 : bp;                                                             \
        best_i[i] = bi;                                                                     \
        best_p[i] = bp;                                                                     \
    }

/* Four omni cells on the same channel in one pass: the per-pixel loads and
 * stores (coordinates, channel sum, best power and cell) are shared by four
 * cells instead of one or two. The best server is updated in cell order with
 * strict '>', as four single-cell passes would; the channel sum adds
 * (p0 + p1) + (p2 + p3). nl: the NLOS' line alone (block test). */
DX__CLONES
static void fused_cell4(const float *restrict x, const float *restrict y, size_t n,
                        const fused_f32 *kc, int nl, int ci, float *restrict tot,
                        float *restrict best_p, int *restrict best_i)
{
    const fused_f32 k0 = kc[0], k1 = kc[1], k2 = kc[2], k3 = kc[3];
    if (nl) {
#pragma omp simd
        DX__CELL4_BODY(1, 0)
    } else if (k0.gen | k1.gen | k2.gen | k3.gen) {
#pragma omp simd
        DX__CELL4_BODY(0, 1)
    } else {
#pragma omp simd
        DX__CELL4_BODY(0, 0)
    }
}
#undef DX__CELL4_BODY

/* Eight omni cells on the same channel in one pass: as fused_cell4, with the
 * per-pixel loads and stores shared by eight cells (on a core that issues
 * more vector operations per cycle than the four-cell loop keeps busy, the
 * shared part is what bounds it: +10 % pairs/s on the 2026-12-06 Zen 5 VM).
 * The best server is updated in cell order with strict '>'; the channel sum
 * adds ((p0 + p1) + (p2 + p3)) + ((p4 + p5) + (p6 + p7)). */
#define DX__CELL8_BODY(NL, GEN)                                                                \
    for (size_t i = 0; i < n; i++) {                                                        \
        float xi = x[i], yi = y[i];                                                         \
        float p[8];                                                                         \
        p[0] = fused_power(&k0, xi, yi, NL, GEN);                                           \
        p[1] = fused_power(&k1, xi, yi, NL, GEN);                                           \
        p[2] = fused_power(&k2, xi, yi, NL, GEN);                                           \
        p[3] = fused_power(&k3, xi, yi, NL, GEN);                                           \
        p[4] = fused_power(&k4, xi, yi, NL, GEN);                                           \
        p[5] = fused_power(&k5, xi, yi, NL, GEN);                                           \
        p[6] = fused_power(&k6, xi, yi, NL, GEN);                                           \
        p[7] = fused_power(&k7, xi, yi, NL, GEN);                                           \
        tot[i] += ((p[0] + p[1]) + (p[2] + p[3])) + ((p[4] + p[5]) + (p[6] + p[7]));        \
        float bp = best_p[i];                                                               \
        int bi = best_i[i];                                                                 \
        for (int j = 0; j < 8; j++) {                                                       \
            bi = p[j] > bp ? ci + j : bi;                                                   \
            bp = p[j] > bp ? p[j] : bp;                                                     \
        }                                                                                   \
        best_i[i] = bi;                                                                     \
        best_p[i] = bp;                                                                     \
    }

DX__CLONES
static void fused_cell8(const float *restrict x, const float *restrict y, size_t n,
                        const fused_f32 *kc, int nl, int ci, float *restrict tot,
                        float *restrict best_p, int *restrict best_i)
{
    const fused_f32 k0 = kc[0], k1 = kc[1], k2 = kc[2], k3 = kc[3], k4 = kc[4], k5 = kc[5],
                    k6 = kc[6], k7 = kc[7];
    int gen = k0.gen | k1.gen | k2.gen | k3.gen | k4.gen | k5.gen | k6.gen | k7.gen;
    if (nl) {
#pragma omp simd
        DX__CELL8_BODY(1, 0)
    } else if (gen) {
#pragma omp simd
        DX__CELL8_BODY(0, 1)
    } else {
#pragma omp simd
        DX__CELL8_BODY(0, 0)
    }
}
#undef DX__CELL8_BODY

/* Two omni cells on the same channel in one pass (half the loads and stores
 * of the per-pixel arrays); same arithmetic as two fused_cell calls except
 * that the channel sum adds p1 + p2 at once. */
DX__CLONES
static void fused_cell2(const float *restrict x, const float *restrict y, size_t n,
                        const fused_f32 *ka, const fused_f32 *kb, int nl, int ci,
                        float *restrict tot, float *restrict best_p, int *restrict best_i)
{
    const fused_f32 a = *ka, b = *kb;
    if (nl) {
#pragma omp simd
        for (size_t i = 0; i < n; i++) {
            float pa = fused_power(&a, x[i], y[i], 1, 0), pb = fused_power(&b, x[i], y[i], 1, 0);
            tot[i] += pa + pb;
            float bp = best_p[i];
            int bi = best_i[i];
            bi = pa > bp ? ci : bi;
            bp = pa > bp ? pa : bp;
            bi = pb > bp ? ci + 1 : bi;
            bp = pb > bp ? pb : bp;
            best_i[i] = bi;
            best_p[i] = bp;
        }
        return;
    }
    if (a.gen | b.gen) {
#pragma omp simd
        for (size_t i = 0; i < n; i++) {
            float pa = fused_power(&a, x[i], y[i], 0, 1), pb = fused_power(&b, x[i], y[i], 0, 1);
            tot[i] += pa + pb;
            float bp = best_p[i];
            int bi = best_i[i];
            bi = pa > bp ? ci : bi;
            bp = pa > bp ? pa : bp;
            bi = pb > bp ? ci + 1 : bi;
            bp = pb > bp ? pb : bp;
            best_i[i] = bi;
            best_p[i] = bp;
        }
        return;
    }
#pragma omp simd
    for (size_t i = 0; i < n; i++) {
        float pa = fused_power(&a, x[i], y[i], 0, 0), pb = fused_power(&b, x[i], y[i], 0, 0);
        tot[i] += pa + pb;
        float bp = best_p[i];
        int bi = best_i[i];
        bi = pa > bp ? ci : bi;
        bp = pa > bp ? pa : bp;
        bi = pb > bp ? ci + 1 : bi;
        bp = pb > bp ? pb : bp;
        best_i[i] = bi;
        best_p[i] = bp;
    }
}

/* Common case of levels_f32: one channel in use and the same UL offset for
 * every cell (no gathers). */
DX__CLONES
static void levels_f32_1ch(size_t n, const float *restrict fbest, const float *restrict ftot,
                           const int *restrict best_i, double ul_off, double load, double noise_mw,
                           double noise_ul_dbm, double *restrict rx, double *restrict sinr,
                           double *restrict snr_ul)
{
    /* Written so that GCC 12 vectorises it: no select feeds a computation
     * (a select with a constant arm is split into a branch by PRE, and the
     * branch blocks the vectoriser), the invalid case is masked at the end.
     * ftot[i] >= fbest[i] holds in float (the sum includes the best term and
     * rounding is monotone), so the interference needs no clamp; a pixel with
     * no server (pb = 0) gets a finite meaningless log2 that is masked out. */
    const float loadf = (float)load, noisef = (float)noise_mw;
#pragma omp simd
    for (size_t i = 0; i < n; i++) {
        float pb = fbest[i];
        int ok = (best_i[i] >= 0) & (pb > 0.0f);
        float in = loadf * (ftot[i] - pb) + noisef;
        double r = 3.0102999566398120 * (double)dx__cov_log2f_fast(pb);
        double si = r - 3.0102999566398120 * (double)dx__cov_log2f_fast(in);
        double su = r + ul_off - noise_ul_dbm;
        double lim = ok ? -INFINITY : INFINITY; /* the values are finite */
        rx[i] = r > lim ? r : -300.0;
        sinr[i] = si > lim ? si : -300.0;
        snr_ul[i] = su > lim ? su : -300.0;
    }
}

/* Received power, DL SINR and UL SNR from the single-precision best/sum arrays. */
DX__CLONES
static void levels_f32(size_t n, const float *restrict fbest, const float *restrict ftot,
                       const int *restrict best_i, const int *restrict cell_ch,
                       const double *restrict cell_ul_off, double load, double noise_mw,
                       double noise_ul_dbm, double *restrict rx, double *restrict sinr,
                       double *restrict snr_ul)
{
#pragma omp simd
    for (size_t i = 0; i < n; i++) {
        int b = best_i[i];
        int bb = b < 0 ? 0 : b;
        double pb = fbest[i];
        int ok = (b >= 0) & (pb > 0.0); /* & not &&: no branch, the loop vectorises */
        pb = ok ? pb : 1.0;
        double interf = (double)ftot[(size_t)cell_ch[bb] * n + i] - pb;
        interf = interf > 0.0 ? interf : 0.0;
        /* 10 log10(v) = 10 log10(2) log2(v); float log2 (6e-8) is 2e-7 dB here */
        double r = 3.0102999566398120 * (double)dx__cov_log2f_fast((float)pb);
        double si = r - 3.0102999566398120 * (double)dx__cov_log2f_fast((float)(load * interf + noise_mw));
        rx[i] = ok ? r : -300.0;
        sinr[i] = ok ? si : -300.0;
        snr_ul[i] = ok ? r + cell_ul_off[bb] - noise_ul_dbm : -300.0;
    }
}

/* Single-precision constants of one cell (either path). */
static fused_f32 cell_f32_make(const engine *e, const cell *ce, int nlos)
{
    if (e->lines)
        return fused_f32_from_lines(&ce->lines, (ce->h - e->h_ut) * (ce->h - e->h_ut),
                                    ce->eirp_dbm, ce->x - e->ox, ce->y - e->oy, ce->bx, ce->by,
                                    ce->sectorised);
    fused_coef k = fused_coeffs((int)e->o.model, e->fc_ghz, ce->h, e->h_ut, nlos, e->o.prop.h_e_m);
    return fused_f32_make(&k, ce->eirp_dbm, ce->x - e->ox, ce->y - e->oy, ce->bx, ce->by,
                          ce->sectorised, 0);
}

/* Every cell's constants once per engine (not per tile): 0 when out of memory. */
static int engine_f32_init(engine *e)
{
    e->cf = dx__malloc(e->n_cells * sizeof *e->cf);
    if (!e->cf)
        return 0;
    int nlos = e->o.prop.los == DX_PROPAGATION_NLOS;
    for (size_t c = 0; c < e->n_cells; c++)
        e->cf[c] = cell_f32_make(e, &e->cells[c], nlos);
    return 1;
}

DX__CLONES
static size_t count_outside_loop(size_t n, const float *restrict x, const float *restrict y,
                                 float cx, float cy, float dz2, float dmin2, float dmax2)
{
    int k = 0;
#pragma omp simd reduction(+ : k)
    for (size_t i = 0; i < n; i++) {
        float dx = x[i] - cx, dy = y[i] - cy;
        float d2 = dx * dx + (dy * dy + dz2);
        k += (d2 < dmin2) | (d2 > dmax2);
    }
    return (size_t)k;
}

/* Pairs of a block outside the model's validity range (as
 * dx_propagation_path_loss_db counts them, here on the single-precision
 * coordinates: a pixel within ~1e-7 relative of a range limit may count
 * differently); the block's box decides first, so only blocks that straddle
 * a limit are counted pixel by pixel. x, y: the block's float coordinates. */
static size_t count_outside(const engine *e, const cell *ce, const float *x, const float *y,
                            size_t n, const fused_box *b)
{
    const dx__prop_site_range *r = &ce->range;
    if (r->all_outside)
        return n;
    double cx = ce->x - e->ox, cy = ce->y - e->oy;
    double umin, umax;
    box_d2_range(b, cx, cy, r->dz2, &umin, &umax);
    if (umin * (1.0 - 1e-6) - 1.0 >= r->dmin2 && umax * (1.0 + 1e-6) + 1.0 <= r->dmax2)
        return 0;
    /* wholly beyond the far limit or inside the near one (most blocks of a
     * large grid are beyond 5 km of most UMa/UMi sites): every pixel */
    if (umin * (1.0 - 1e-6) - 1.0 > r->dmax2 || umax * (1.0 + 1e-6) + 1.0 < r->dmin2)
        return n;
    return count_outside_loop(n, x, y, (float)cx, (float)cy, (float)r->dz2, (float)r->dmin2,
                              (float)fmin(r->dmax2, 3.0e38));
}

static dx_status eval_block(const engine *e, size_t n, const double *x, const double *y,
                            int run, const uint64_t *pid, scratch *s, size_t *n_outside)
{
    const int f32 = e->fused && run < 0;
    fused_box box[1024]; /* n <= 1024^2 (tile_px <= 1024): at most 1024 sub-blocks */
    for (size_t i = 0; i < n; i++)
        s->best_i[i] = -1;
    if (!f32)
        for (size_t i = 0; i < n; i++)
            s->best_p[i] = 0.0;
    if (f32) {
        for (size_t i = 0; i < n; i++) {
            s->fx[i] = (float)(x[i] - e->ox);
            s->fy[i] = (float)(y[i] - e->oy);
            s->fbest[i] = 0.0f;
        }
        memset(s->ftot, 0, (size_t)e->n_ch * n * sizeof(float));
        /* bounding box of each sub-block of 1024 points, for the NLOS'-only test */
        for (size_t b = 0; b * 1024 < n; b++) {
            size_t i1 = (b + 1) * 1024 < n ? (b + 1) * 1024 : n;
            float x0 = s->fx[b * 1024], x1 = x0, y0 = s->fy[b * 1024], y1 = y0;
#pragma omp simd reduction(min : x0, y0) reduction(max : x1, y1)
            for (size_t i = b * 1024; i < i1; i++) {
                x0 = s->fx[i] < x0 ? s->fx[i] : x0;
                x1 = s->fx[i] > x1 ? s->fx[i] : x1;
                y0 = s->fy[i] < y0 ? s->fy[i] : y0;
                y1 = s->fy[i] > y1 ? s->fy[i] : y1;
            }
            box[b].x0 = x0;
            box[b].x1 = x1;
            box[b].y0 = y0;
            box[b].y1 = y1;
        }
    } else {
        memset(s->tot, 0, (size_t)e->n_ch * n * sizeof(double));
    }
    for (size_t c = 0; c < e->n_cells; c++) {
        const cell *ce = &e->cells[c];
        double *tot = s->tot + (size_t)ce->channel * n;
        if (f32) {
            fused_f32 kf = e->cf[c];
            float *ftot = s->ftot + (size_t)ce->channel * n;
            /* all sectors of a site in one pass (3 or 6 sectors, all on one
             * channel or each on its own) */
            int nsec = 0;
            if (ce->sectorised && ce->sector == 0)
                while (c + (size_t)nsec < e->n_cells && nsec < 7 &&
                       e->cells[c + (size_t)nsec].site == ce->site)
                    nsec++;
            if ((nsec == 3 || nsec == 6) && c + (size_t)nsec <= e->n_cells) {
                int same = 1, distinct = 1, same_range = 1;
                float bxs[6] = {0}, bys[6] = {0};
                float *tots[6] = {0};
                for (int j = 0; j < nsec; j++) {
                    const cell *cj = &e->cells[c + (size_t)j];
                    same &= cj->channel == ce->channel && cj->site == ce->site;
                    for (int q = 0; q < j; q++)
                        distinct &= cj->channel != e->cells[c + (size_t)q].channel;
                    distinct &= cj->site == ce->site;
                    same_range &= cj->x == ce->x && cj->y == ce->y && cj->h == ce->h &&
                                  memcmp(&cj->range, &ce->range, sizeof ce->range) == 0;
                    bxs[j] = (float)cj->bx;
                    bys[j] = (float)cj->by;
                    tots[j] = s->ftot + (size_t)cj->channel * n;
                }
                if (same || distinct) {
                    for (size_t i0 = 0; i0 < n; i0 += 1024) {
                        size_t m = n - i0 < 1024 ? n - i0 : 1024;
                        float *tt[6] = {0};
                        for (int j = 0; j < nsec; j++)
                            tt[j] = tots[j] + i0;
                        const fused_box *bx = &box[i0 / 1024];
                        fused_site(s->fx + i0, s->fy + i0, m, &kf, nsec, bxs, bys, (int)c, same,
                                   fused_nlos_only(&kf, bx), tt, s->fbest + i0, s->best_i + i0);
                        /* the sectors share position, height and so range:
                         * count once (the same count for each) */
                        size_t out0 = count_outside(e, ce, s->fx + i0, s->fy + i0, m, bx);
                        for (int j = 0; j < nsec; j++)
                            *n_outside += j == 0 || same_range
                                              ? out0
                                              : count_outside(e, &e->cells[c + (size_t)j],
                                                              s->fx + i0, s->fy + i0, m, bx);
                    }
                    c += (size_t)nsec - 1; /* the site is done */
                    continue;
                }
            }
            /* eight, else four, else two consecutive omni cells on one channel
             * share a pass */
            size_t group = 0; /* 8 or 4 cells in one pass, 0: fewer */
            for (size_t g = 8; g >= 4 && !group; g /= 2) {
                int ok = c + g - 1 < e->n_cells;
                for (size_t j = 0; j < g && ok; j++)
                    ok = !e->cells[c + j].sectorised && e->cells[c + j].channel == ce->channel;
                group = ok ? g : 0;
            }
            if (group) {
                fused_f32 kq[8];
                kq[0] = kf;
                for (size_t j = 1; j < group; j++)
                    kq[j] = e->cf[c + j];
                for (size_t i0 = 0; i0 < n; i0 += 1024) {
                    size_t m = n - i0 < 1024 ? n - i0 : 1024;
                    const fused_box *bx = &box[i0 / 1024];
                    int nl = 1;
                    for (size_t j = 0; j < group && nl; j++)
                        nl = fused_nlos_only(&kq[j], bx);
                    if (group == 8)
                        fused_cell8(s->fx + i0, s->fy + i0, m, kq, nl, (int)c, ftot + i0,
                                    s->fbest + i0, s->best_i + i0);
                    else
                        fused_cell4(s->fx + i0, s->fy + i0, m, kq, nl, (int)c, ftot + i0,
                                    s->fbest + i0, s->best_i + i0);
                    for (size_t j = 0; j < group; j++)
                        *n_outside += count_outside(e, &e->cells[c + j], s->fx + i0, s->fy + i0, m, bx);
                }
                c += group - 1; /* the group is done */
                continue;
            }
            const cell *c2 = c + 1 < e->n_cells ? &e->cells[c + 1] : NULL;
            if (c2 && !ce->sectorised && !c2->sectorised && c2->channel == ce->channel) {
                fused_f32 kf2 = e->cf[c + 1];
                for (size_t i0 = 0; i0 < n; i0 += 1024) {
                    size_t m = n - i0 < 1024 ? n - i0 : 1024;
                    const fused_box *bx = &box[i0 / 1024];
                    int nl = fused_nlos_only(&kf, bx) && fused_nlos_only(&kf2, bx);
                    fused_cell2(s->fx + i0, s->fy + i0, m, &kf, &kf2, nl, (int)c, ftot + i0,
                                s->fbest + i0, s->best_i + i0);
                    *n_outside += count_outside(e, ce, s->fx + i0, s->fy + i0, m, bx) +
                                  count_outside(e, c2, s->fx + i0, s->fy + i0, m, bx);
                }
                c++; /* the pair is done */
                continue;
            }
            /* sub-blocks of 1024 points keep the working set in L1 */
            for (size_t i0 = 0; i0 < n; i0 += 1024) {
                size_t m = n - i0 < 1024 ? n - i0 : 1024;
                fused_cell(s->fx + i0, s->fy + i0, m, &kf, fused_nlos_only(&kf, &box[i0 / 1024]),
                           (int)c, ftot + i0, s->fbest + i0, s->best_i + i0);
                *n_outside += count_outside(e, ce, s->fx + i0, s->fy + i0, m, &box[i0 / 1024]);
            }
            continue;
        }
        for (size_t i = 0; i < n; i++) {
            double dx = x[i] - ce->x, dy = y[i] - ce->y;
            s->tmp[i] = sqrt(dx * dx + dy * dy);
            s->fc[i] = e->fc_hz;
            s->hb[i] = ce->h;
            s->hu[i] = e->h_ut;
        }
        size_t nout = 0;
        /* path loss in place (the distances are re-derived below for the pattern) */
        double *pl = s->rx; /* rx is free until the end of the block */
        DX_TRY(dx_propagation_path_loss_db(e->o.model, &e->o.prop, n, s->fc, s->tmp, s->hb, s->hu,
                                           pl, NULL, &nout));
        *n_outside += nout;
        if (dx__coverage_terrain_on(&e->o)) {
            /* terrain and calibration depend on the site only: once per site */
            if (!s->terr && !(s->terr = dx__malloc(s->cap * sizeof(double))))
                DX_FAIL(DX_ENOMEM, "terrain loss of %zu points", s->cap);
            if (c == 0 || e->cells[c - 1].site != ce->site) {
                memset(s->terr, 0, n * sizeof(double));
                DX_TRY(dx__coverage_terrain_add(&e->o, e->fc_hz, ce->x, ce->y, ce->h, e->h_ut, n, x,
                                                y, s->tmp, pl, s->terr));
            }
            for (size_t i = 0; i < n; i++)
                pl[i] += s->terr[i];
        }
        const int corr = run >= 0 && e->sigma_db > 0.0 && e->o.shadow_corr_m > 0.0;
        dx__cov_rff rff;
        if (corr)
            dx__coverage_rff_init(&rff, e->o.seed, ((uint64_t)c << 20) ^ (uint64_t)run,
                                  e->o.shadow_corr_m);
        for (size_t i = 0; i < n; i++) {
            double dx = x[i] - ce->x, dy = y[i] - ce->y;
            double d2 = s->tmp[i];
            double g = 0.0;
            if (ce->sectorised) {
                double cth = (dx * ce->bx + dy * ce->by) / (d2 > 1e-9 ? d2 : 1e-9);
                double phi = dx__cov_acos_fast(cth) * (180.0 / DX_PI) / 65.0;
                double a = 12.0 * phi * phi;
                g = a < 30.0 ? -a : -30.0;
            }
            double sh = 0.0;
            if (corr)
                sh = e->sigma_db * dx__coverage_rff_eval(&rff, x[i], y[i]);
            else if (run >= 0 && e->sigma_db > 0.0)
                sh = e->sigma_db * shadow_normal(e, c, run, pid[i]);
            double p = dx__cov_exp10_fast((ce->eirp_dbm + g - pl[i] + sh) * 0.1);
            tot[i] += p;
            if (p > s->best_p[i]) {
                s->best_p[i] = p;
                s->best_i[i] = (int)c;
            }
        }
    }
    /* levels */
    const double load = e->o.interference_load_ratio;
    if (f32) {
        if (e->n_ch == 1 && e->uniform_ul_off)
            levels_f32_1ch(n, s->fbest, s->ftot, s->best_i, e->cell_ul_off[0], load,
                           e->noise_dl_mw, e->noise_ul_dbm, s->rx, s->sinr, s->snr_ul);
        else
            levels_f32(n, s->fbest, s->ftot, s->best_i, e->cell_ch, e->cell_ul_off, load,
                       e->noise_dl_mw, e->noise_ul_dbm, s->rx, s->sinr, s->snr_ul);
        return DX_OK;
    }
    for (size_t i = 0; i < n; i++) {
        int b = s->best_i[i];
        if (b < 0 || !((f32 ? (double)s->fbest[i] : s->best_p[i]) > 0.0)) {
            s->rx[i] = -300.0;
            s->sinr[i] = -300.0;
            s->snr_ul[i] = -300.0;
            continue;
        }
        double pb = f32 ? (double)s->fbest[i] : s->best_p[i];
        double tb = f32 ? (double)s->ftot[(size_t)e->cells[b].channel * n + i]
                        : s->tot[(size_t)e->cells[b].channel * n + i];
        double interf = tb - pb;
        if (interf < 0.0)
            interf = 0.0;
        double rx = 10.0 * dx__log10_fast(pb);
        s->rx[i] = rx;
        s->sinr[i] = rx - 10.0 * dx__log10_fast(load * interf + e->noise_dl_mw);
        s->snr_ul[i] = rx + e->cells[b].ul_offset_db - e->noise_ul_dbm;
    }
    return DX_OK;
}

/* Rates and the level the criterion looks at. */
static dx_status block_rates(const engine *e, size_t n, scratch *s, int want_dl, int want_ul)
{
    if (want_dl)
        lut_rates(n, e->rate_lut[0], s->sinr, s->rate_dl);
    if (want_ul)
        lut_rates(n, e->rate_lut[1], s->snr_ul, s->rate_ul);
    return DX_OK;
}

static inline double criterion_level(const engine *e, const scratch *s, size_t i)
{
    if (e->o.criterion == DX_COVERAGE_BY_RX_LEVEL)
        return s->rx[i];
    return e->o.rate_direction == DX_PHY_DL ? s->sinr[i] : s->snr_ul[i];
}

/* P(level + N(0, sigma) >= threshold) = Q((threshold - level) / sigma); the
 * erfc of A&S 7.1.26 (absolute error <= 1.5e-7 in the probability). */
static inline double coverage_prob(const engine *e, double level)
{
    if (level <= -299.0)
        return 0.0;
    if (e->sigma_db <= 0.0)
        return level >= e->req_db ? 1.0 : 0.0;
    return 0.5 * dx__cov_erfc_fast((e->req_db - level) / (e->sigma_db * 1.4142135623730951));
}

DX__CLONES
static void coverage_probs(size_t n, const double *restrict level, double req_db, double sigma_db,
                           double *restrict out)
{
    const double inv = sigma_db > 0.0 ? 1.0 / (sigma_db * 1.4142135623730951) : 0.0;
#pragma omp simd
    for (size_t i = 0; i < n; i++) {
        double l = level[i];
        double pr = sigma_db > 0.0 ? 0.5 * dx__cov_erfc_fast((req_db - l) * inv)
                                   : (l >= req_db ? 1.0 : 0.0);
        out[i] = l <= -299.0 ? 0.0 : pr;
    }
}

/* LOS/NLOS mixture of the coverage probability (opts->los_mixture): the
 * NLOS probability p_N of each pixel becomes P_LOS Q_LOS + (1 - P_LOS) p_N,
 * where Q_LOS is the probability with the serving cell's LOS path loss
 * (PL_NLOS - PL_LOS dB stronger) and the LOS sigma, and P_LOS is TR 38.901
 * Table 7.4.2-1 at the pixel's distance from that cell. Per pixel, not per
 * pair: a few scalar propagation calls. */
static int mixture_on(const engine *e)
{
    return e->o.version >= 2 && e->o.los_mixture && e->o.model >= DX_PROPAGATION_38901_RMA &&
           e->o.model <= DX_PROPAGATION_38901_INF_DH;
}

static void los_mixture(const engine *e, size_t m, const double *px, const double *py,
                        const int *best, const double *level, double *prob)
{
    dx_propagation_params los = e->o.prop, nlos = e->o.prop;
    los.los = DX_PROPAGATION_LOS;
    nlos.los = DX_PROPAGATION_NLOS;
    for (size_t k = 0; k < m; k++) {
        if (best[k] < 0 || level[k] <= -299.0)
            continue;
        const cell *c = &e->cells[best[k]];
        double d = hypot(px[k] - c->x, py[k] - c->y);
        d = d > 10.0 ? d : 10.0; /* 38.901 outdoor models start at 10 m */
        double p_los = 0, pl_l, pl_n, s_l;
        if (dx_propagation_los_probability_bs(e->o.model, &e->o.prop, 1, &d, &c->h, &e->h_ut,
                                              &p_los) != DX_OK ||
            dx__propagation_path_loss_quiet_db(e->o.model, &los, 1, &e->fc_hz, &d, &c->h, &e->h_ut, &pl_l,
                                        NULL, NULL) != DX_OK ||
            dx__propagation_path_loss_quiet_db(e->o.model, &nlos, 1, &e->fc_hz, &d, &c->h, &e->h_ut,
                                        &pl_n, NULL, NULL) != DX_OK ||
            dx_propagation_shadow_fading_sigma_db(e->o.model, DX_PROPAGATION_LOS, e->fc_hz, d,
                                                  &s_l) != DX_OK)
            continue; /* keep the NLOS probability */
        double lvl = level[k] + (pl_n - pl_l);
        double q = s_l > 0.0 ? 0.5 * erfc((e->req_db - lvl) / (s_l * 1.4142135623730951))
                             : (lvl >= e->req_db ? 1.0 : 0.0);
        prob[k] = p_los * q + (1.0 - p_los) * prob[k];
    }
}

/* inv = rate > 0 ? 1 / rate : 0 for the harmonic means, as a vector loop:
 * the division is unconditional and the zero rates are masked with integer
 * operations (a select would be split into a branch around the division). */
DX__CLONES
static void inv_rates(size_t n, const double *restrict dl, const double *restrict ul,
                      double *restrict inv_dl, double *restrict inv_ul)
{
#pragma omp simd
    for (size_t i = 0; i < n; i++) {
        double a = 1.0 / dl[i], b = 1.0 / ul[i];
        uint64_t ab, bb;
        memcpy(&ab, &a, sizeof ab);
        memcpy(&bb, &b, sizeof bb);
        ab &= (uint64_t)0 - (uint64_t)(dl[i] > 0.0);
        bb &= (uint64_t)0 - (uint64_t)(ul[i] > 0.0);
        memcpy(&a, &ab, sizeof a);
        memcpy(&b, &bb, sizeof b);
        inv_dl[i] = a;
        inv_ul[i] = b;
    }
}

/* ---- grid run -------------------------------------------------------------- */

typedef struct {
    size_t cell;
    double served, rate_dl, rate_ul, inv_dl, inv_ul, prob;
} tile_cell_acc;

typedef struct {
    size_t n_pixels;
    double prob_sum, rate_dl_sum, rate_ul_sum;
    size_t reliable, median_cov, n_outside;
    size_t n_cells_acc;
    tile_cell_acc *cells;
    dx_status status;
    char error[256];
} tile_acc;

struct dx_coverage_result {
    dx_grid grid;
    unsigned int layers;
    float *layer[7]; /* by bit index; BEST_CELL stored in best */
    int32_t *best;
    dx_coverage_summary summary;
    dx_coverage_cell_stats *cells;
    double pixel_target_ratio;
    dx_coverage_workspace *ws; /* the layers belong to this workspace (NULL: to the result) */
};

/* Per-thread scratch of a grid run (tile buffers and per-cell sums). */
typedef struct {
    scratch s;
    double *px, *py;
    uint64_t *pid;
    size_t *gidx;
    tile_cell_acc *dense;
    size_t cap_px, cap_cells;
    int n_ch;
} thread_scratch;

static void thread_scratch_free(thread_scratch *t)
{
    scratch_free(&t->s);
    dx__free(t->px);
    dx__free(t->py);
    dx__free(t->pid);
    dx__free(t->gidx);
    dx__free(t->dense);
    memset(t, 0, sizeof *t);
}

/* Buffers for T x T-pixel tiles with n_ch channels and n_cells cells; kept
 * when large enough. Returns 0, or -1 (out of memory, t freed). */
static int thread_scratch_reserve(thread_scratch *t, size_t cap_px, int n_ch, size_t n_cells)
{
    if (t->px && t->cap_px >= cap_px && t->n_ch >= n_ch && t->cap_cells >= n_cells) {
        memset(t->dense, 0, n_cells * sizeof *t->dense);
        return 0;
    }
    thread_scratch_free(t);
    int bad = scratch_alloc(&t->s, cap_px, n_ch) != 0;
    t->px = dx__malloc(cap_px * sizeof(double));
    t->py = dx__malloc(cap_px * sizeof(double));
    t->pid = dx__malloc(cap_px * sizeof(uint64_t));
    t->gidx = dx__malloc(cap_px * sizeof(size_t));
    t->dense = dx__calloc(n_cells ? n_cells : 1, sizeof *t->dense);
    if (bad || !t->px || !t->py || !t->pid || !t->gidx || !t->dense) {
        thread_scratch_free(t);
        return -1;
    }
    t->cap_px = cap_px;
    t->n_ch = n_ch;
    t->cap_cells = n_cells;
    return 0;
}

struct dx_coverage_workspace {
    size_t cap_px;          /* pixels the layer buffers hold */
    float *layer[7];        /* by layer bit index (1..6), allocated when first asked for */
    int32_t *best;
    size_t n_thr;           /* per-thread scratch kept between runs */
    thread_scratch *thr;
    tile_acc *acc;          /* per-tile sums */
    size_t cap_tiles;
    lut_cache luts;         /* rate tables of the last technology */
    const dx_coverage_result *lent; /* the last result that borrows the layers */
};

dx_status dx_coverage_workspace_create(size_t n_pixels, unsigned int layers,
                                       dx_coverage_workspace **out)
{
    DX_REQUIRE_PTR(out);
    *out = NULL;
    if (n_pixels > ((size_t)1 << 31))
        DX_FAIL(DX_EDOMAIN, "dx_coverage_workspace_create: n_pixels = %zu (allowed <= 2^31)",
                n_pixels);
    dx_coverage_workspace *w = dx__calloc(1, sizeof *w);
    if (!w)
        DX_FAIL(DX_ENOMEM, "dx_coverage_workspace_create: workspace");
    w->cap_px = n_pixels;
    layers &= DX_COVERAGE_LAYER_ALL;
    int bad = 0;
    if (n_pixels && (layers & DX_COVERAGE_LAYER_BEST_CELL))
        bad |= !(w->best = dx__malloc(n_pixels * sizeof *w->best));
    for (unsigned int k = 1; k < 7; k++)
        if (n_pixels && (layers & (1u << k)))
            bad |= !(w->layer[k] = dx__malloc(n_pixels * sizeof(float)));
    if (bad) {
        dx_coverage_workspace_free(w);
        DX_FAIL(DX_ENOMEM, "dx_coverage_workspace_create: layers 0x%x for %zu pixels", layers,
                n_pixels);
    }
    *out = w;
    return DX_OK;
}

void dx_coverage_workspace_free(dx_coverage_workspace *w)
{
    if (!w)
        return;
    for (int k = 0; k < 7; k++)
        dx__free(w->layer[k]);
    dx__free(w->best);
    for (size_t t = 0; t < w->n_thr; t++)
        thread_scratch_free(&w->thr[t]);
    dx__free(w->thr);
    dx__free(w->acc);
    dx__free(w->luts.lut[0]);
    dx__free(w->luts.lut[1]);
    dx__free(w);
}

void dx_coverage_result_free(dx_coverage_result *r)
{
    if (!r)
        return;
    if (!r->ws) {
        for (int k = 0; k < 7; k++)
            dx__free(r->layer[k]);
        dx__free(r->best);
    } else if (r->ws->lent == r) {
        r->ws->lent = NULL;
    }
    dx__free(r->cells);
    dx__free(r);
}

static size_t layer_index(unsigned int bit)
{
    size_t k = 0;
    while (bit > 1u) {
        bit >>= 1;
        k++;
    }
    return k;
}

/* Adds the sums of a run of pixels served by cell b (none if b < 0) to
 * dense[b] and clears the run; returns 1 if dense[b] was untouched so far. */
/* Sums of a tile's pixels: coverage probability, DL and UL rates, pixels
 * reliably covered (p >= target) and covered at the median (level >= req and
 * a real level). One vector reduction (lane-wise partial sums). */
typedef struct {
    double prob, dl, ul;
    size_t reliable, median_cov;
} tile_sums;

DX__CLONES
static tile_sums tile_sums_of(size_t m, const double *restrict lv, const double *restrict p,
                              const double *restrict rdl, const double *restrict rul, double req,
                              double target)
{
    double ps = 0.0, ds = 0.0, us = 0.0;
    size_t rel = 0, med = 0;
#pragma omp simd reduction(+ : ps, ds, us, rel, med)
    for (size_t k = 0; k < m; k++) {
        ps += p[k];
        ds += rdl[k];
        us += rul[k];
        rel += p[k] >= target;
        med += (lv[k] >= req) & (lv[k] > -299.0);
    }
    return (tile_sums){ps, ds, us, rel, med};
}

/* One cell's sums over a run of n pixels it serves (served, rates, inverse
 * rates, coverage probability). */
DX__CLONES
static void run_sums(size_t n, const double *restrict p, const double *restrict rdl,
                     const double *restrict rul, const double *restrict idl,
                     const double *restrict iul, tile_cell_acc *out)
{
    double a = 0.0, b = 0.0, c = 0.0, d = 0.0, f = 0.0;
#pragma omp simd reduction(+ : a, b, c, d, f)
    for (size_t k = 0; k < n; k++) {
        a += rdl[k];
        b += rul[k];
        c += idl[k];
        d += iul[k];
        f += p[k];
    }
    *out = (tile_cell_acc){0, (double)n, a, b, c, d, f};
}

static size_t acc_flush(tile_cell_acc *dense, int b, tile_cell_acc *run)
{
    size_t fresh = 0;
    if (b >= 0 && run->served > 0.0) {
        tile_cell_acc *d = &dense[b];
        fresh = d->served == 0.0;
        d->served += run->served;
        d->rate_dl += run->rate_dl;
        d->rate_ul += run->rate_ul;
        d->inv_dl += run->inv_dl;
        d->inv_ul += run->inv_ul;
        d->prob += run->prob;
    }
    memset(run, 0, sizeof *run);
    return fresh;
}

dx_status dx_coverage_run(const dx_grid *grid, size_t n_sites, const dx_site *sites,
                          const dx_technology *tech, const dx_coverage_options *opts,
                          dx_coverage_result **out)
{
    return dx_coverage_run_ws(grid, n_sites, sites, tech, opts, NULL, out);
}

dx_status dx_coverage_run_ws(const dx_grid *grid, size_t n_sites, const dx_site *sites,
                             const dx_technology *tech, const dx_coverage_options *opts,
                             dx_coverage_workspace *ws, dx_coverage_result **out)
{
    DX_REQUIRE_PTR(out);
    *out = NULL;
    DX_REQUIRE_PTR(grid);
    {
        dx_coverage_options ro;
        size_t npx_checked;
        DX_TRY(dx__coverage_options_resolve(opts, &ro, "dx_coverage_run"));
        DX_TRY(dx__coverage_grid_pixels(grid, &ro, "dx_coverage_run", &npx_checked));
        if (npx_checked > 2147483648u) /* pixel indices are kept in int32 layers */
            DX_FAIL(DX_EDOMAIN, "dx_coverage_run: grid %zu x %zu pixels (allowed <= 2^31)", grid->nx,
                    grid->ny);
    }
    engine e;
    DX_TRY(engine_init(&e, n_sites, sites, tech, opts, "dx_coverage_run", ws ? &ws->luts : NULL));
    const dx_coverage_options *o = &e.o;
    const size_t nx = grid->nx, ny = grid->ny, npx = nx * ny;
    const size_t T = o->tile_px;
    const size_t tx_n = (nx + T - 1) / T, ty_n = (ny + T - 1) / T, n_tiles = tx_n * ty_n;

#ifdef DXSIM_HAVE_OPENMP
    int nthreads = o->threads > 0 ? o->threads : omp_get_max_threads();
#else
    int nthreads = 1;
#endif
    dx_coverage_result *r = dx__calloc(1, sizeof *r);
    tile_acc *acc = NULL;
    thread_scratch *thr = NULL;
    size_t *mc_cov = NULL; /* n_tiles x mc_runs covered-pixel counts */
    if (!r)
        goto nomem;
    r->grid = *grid;
    r->layers = o->layers & DX_COVERAGE_LAYER_ALL;
    r->pixel_target_ratio = o->pixel_target_ratio;
    if (ws) {
        /* reuse the workspace: layers, per-thread scratch and tile sums */
        if (ws->lent) { /* the previous result borrowing the layers loses them */
            dx_coverage_result *prev = (dx_coverage_result *)ws->lent;
            prev->layers = 0;
            prev->best = NULL;
            memset(prev->layer, 0, sizeof prev->layer);
            prev->ws = NULL;
            ws->lent = NULL;
        }
        if (npx > ws->cap_px) { /* grow: every buffer is reallocated at the new size */
            dx__free(ws->best);
            ws->best = NULL;
            for (unsigned int k = 1; k < 7; k++) {
                dx__free(ws->layer[k]);
                ws->layer[k] = NULL;
            }
            ws->cap_px = npx;
        }
        if ((r->layers & DX_COVERAGE_LAYER_BEST_CELL) && !ws->best &&
            !(ws->best = dx__malloc(ws->cap_px * sizeof *ws->best)))
            goto nomem;
        for (unsigned int k = 1; k < 7; k++)
            if ((r->layers & (1u << k)) && !ws->layer[k] &&
                !(ws->layer[k] = dx__malloc(ws->cap_px * sizeof(float))))
                goto nomem;
        if (r->layers & DX_COVERAGE_LAYER_BEST_CELL)
            r->best = ws->best;
        for (unsigned int k = 1; k < 7; k++)
            if (r->layers & (1u << k))
                r->layer[k] = ws->layer[k];
        r->ws = ws;
        ws->lent = r;
        if (ws->cap_tiles < n_tiles) {
            dx__free(ws->acc);
            ws->acc = dx__malloc(n_tiles * sizeof *ws->acc);
            ws->cap_tiles = ws->acc ? n_tiles : 0;
            if (!ws->acc)
                goto nomem;
        }
        acc = ws->acc;
        memset(acc, 0, n_tiles * sizeof *acc);
        if (ws->n_thr < (size_t)nthreads) {
            thread_scratch *nt = dx__calloc((size_t)nthreads, sizeof *nt);
            if (!nt)
                goto nomem;
            if (ws->thr)
                memcpy(nt, ws->thr, ws->n_thr * sizeof *nt);
            dx__free(ws->thr);
            ws->thr = nt;
            ws->n_thr = (size_t)nthreads;
        }
        thr = ws->thr;
    } else {
        acc = dx__calloc(n_tiles, sizeof *acc);
        thr = dx__calloc((size_t)nthreads, sizeof *thr);
        if (!acc || !thr)
            goto nomem;
        if (r->layers & DX_COVERAGE_LAYER_BEST_CELL) {
            r->best = dx__malloc(npx * sizeof *r->best);
            if (!r->best)
                goto nomem;
        }
        for (unsigned int bit = 2; bit <= DX_COVERAGE_LAYER_PROB; bit <<= 1)
            if (r->layers & bit) {
                r->layer[layer_index(bit)] = dx__malloc(npx * sizeof(float));
                if (!r->layer[layer_index(bit)])
                    goto nomem;
            }
    }
    /* per-thread scratch, allocated here (one thread) rather than in the
     * parallel region */
    for (int t = 0; t < nthreads; t++)
        if (thread_scratch_reserve(&thr[t], T * T, e.n_ch, e.n_cells) != 0)
            goto nomem;
    if (o->mc_runs > 0) {
        mc_cov = dx__calloc(n_tiles * (size_t)o->mc_runs, sizeof *mc_cov);
        if (!mc_cov)
            goto nomem;
    }
    const int want_dl = 1, want_ul = 1;

#ifdef DXSIM_HAVE_OPENMP
#pragma omp parallel num_threads(nthreads)
#endif
    {
#ifdef DXSIM_HAVE_OPENMP
        thread_scratch *ts = &thr[omp_get_thread_num()];
#else
        thread_scratch *ts = &thr[0];
#endif
        scratch s = ts->s;
        double *px = ts->px, *py = ts->py;
        uint64_t *pid = ts->pid;
        size_t *gidx = ts->gidx;
        tile_cell_acc *dense = ts->dense; /* (scratch was reserved before the region) */
#ifdef DXSIM_HAVE_OPENMP
#pragma omp for schedule(dynamic, 1)
#endif
        for (size_t t = 0; t < n_tiles; t++) {
            tile_acc *ta = &acc[t];
            size_t tx0 = (t % tx_n) * T, ty0 = (t / tx_n) * T;
            size_t tw = nx - tx0 < T ? nx - tx0 : T, th = ny - ty0 < T ? ny - ty0 : T;
            /* pixels of the tile inside the area */
            size_t m = 0;
            if (!o->n_area) {
                /* no area polygon: every pixel, row by row (a loop the compiler
                 * vectorises; the same values as the general loop below) */
                for (size_t j = 0; j < th; j++) {
                    size_t gj = ty0 + j;
                    double yc = grid->y0_m + ((double)gj + 0.5) * grid->resolution_m;
                    for (size_t i = 0; i < tw; i++) {
                        size_t gi = tx0 + i, g = gj * nx + gi;
                        px[m + i] = grid->x0_m + ((double)gi + 0.5) * grid->resolution_m;
                        py[m + i] = yc;
                        pid[m + i] = (uint64_t)g;
                        gidx[m + i] = g;
                    }
                    m += tw;
                }
            } else {
                for (size_t j = 0; j < th; j++)
                    for (size_t i = 0; i < tw; i++) {
                        size_t gi = tx0 + i, gj = ty0 + j;
                        double xc = grid->x0_m + ((double)gi + 0.5) * grid->resolution_m;
                        double yc = grid->y0_m + ((double)gj + 0.5) * grid->resolution_m;
                        size_t g = gj * nx + gi;
                        if (!point_in_polygon(o->n_area, o->area_x_m, o->area_y_m, xc, yc)) {
                            if (r->best)
                                r->best[g] = -1;
                            for (int k = 1; k < 7; k++)
                                if (r->layer[k])
                                    r->layer[k][g] = NAN;
                            continue;
                        }
                        px[m] = xc;
                        py[m] = yc;
                        pid[m] = (uint64_t)g;
                        gidx[m] = g;
                        m++;
                    }
            }
            ta->n_pixels = m;
            if (m == 0)
                continue;
            dx_status st = eval_block(&e, m, px, py, -1, pid, &s, &ta->n_outside);
            if (st == DX_OK)
                st = block_rates(&e, m, &s, want_dl, want_ul);
            if (st != DX_OK) {
                ta->status = st;
                snprintf(ta->error, sizeof ta->error, "%s", dx_last_error());
                continue;
            }
            size_t touched = 0;
            const double *lv = e.o.criterion == DX_COVERAGE_BY_RX_LEVEL
                                   ? s.rx
                                   : (e.o.rate_direction == DX_PHY_DL ? s.sinr : s.snr_ul);
            coverage_probs(m, lv, e.req_db, e.sigma_db, s.tmp);
            if (mixture_on(&e))
                los_mixture(&e, m, px, py, s.best_i, lv, s.tmp);
            /* 1/rate (0 for a zero rate) for the harmonic means, in a vector
             * loop (s.fc and s.hb are free after eval_block) */
            inv_rates(m, s.rate_dl, s.rate_ul, s.fc, s.hb);
            /* Per-cell sums are kept in registers over each run of pixels with
             * one server and added to dense[] when the server changes: a
             * read-modify-write of dense[b] per pixel chains every pixel to the
             * previous one through memory (store-to-load forwarding). */
            tile_sums ts_ = tile_sums_of(m, lv, s.tmp, s.rate_dl, s.rate_ul, e.req_db,
                                         o->pixel_target_ratio);
            /* Per-cell sums over each run of pixels with one server, added to
             * dense[] when the server changes (a read-modify-write of dense[b]
             * per pixel would chain every pixel to the previous one through
             * memory); each run's sums are one vector reduction. */
            for (size_t k = 0; k < m;) {
                int b = s.best_i[k];
                size_t k1 = k + 1;
                while (k1 < m && s.best_i[k1] == b)
                    k1++;
                tile_cell_acc racc;
                run_sums(k1 - k, s.tmp + k, s.rate_dl + k, s.rate_ul + k, s.fc + k, s.hb + k,
                         &racc);
                touched += acc_flush(dense, b, &racc);
                k = k1;
            }
            double prob_sum = ts_.prob, dl_sum = ts_.dl, ul_sum = ts_.ul;
            size_t reliable = ts_.reliable, median_cov = ts_.median_cov;
            /* (tile sums in locals: the stores to the layers below would
             * otherwise keep them in memory) */
            ta->prob_sum += prob_sum;
            ta->rate_dl_sum += dl_sum;
            ta->rate_ul_sum += ul_sum;
            ta->reliable += reliable;
            ta->median_cov += median_cov;
            for (size_t k = 0; k < m && r->layers; k++) {
                size_t g = gidx[k];
                if (r->best)
                    r->best[g] = s.best_i[k];
                if (r->layer[1])
                    r->layer[1][g] = (float)s.rx[k];
                if (r->layer[2])
                    r->layer[2][g] = (float)s.sinr[k];
                if (r->layer[3])
                    r->layer[3][g] = (float)s.snr_ul[k];
                if (r->layer[4])
                    r->layer[4][g] = (float)s.rate_dl[k];
                if (r->layer[5])
                    r->layer[5][g] = (float)s.rate_ul[k];
                if (r->layer[6])
                    r->layer[6][g] = (float)s.tmp[k];
            }
            ta->cells = dx__malloc((touched ? touched : 1) * sizeof *ta->cells);
            if (!ta->cells) {
                ta->status = DX_ENOMEM;
                snprintf(ta->error, sizeof ta->error, "dx_coverage_run: per-tile cell statistics");
            }
            for (size_t c = 0; c < e.n_cells; c++)
                if (dense[c].served > 0.0) {
                    if (ta->cells) {
                        ta->cells[ta->n_cells_acc] = dense[c];
                        ta->cells[ta->n_cells_acc].cell = c;
                        ta->n_cells_acc++;
                    }
                    memset(&dense[c], 0, sizeof dense[c]);
                }
            /* Monte Carlo shadowing */
            for (int run = 0; run < o->mc_runs && ta->status == DX_OK; run++) {
                st = eval_block(&e, m, px, py, run, pid, &s, &ta->n_outside);
                if (st != DX_OK) {
                    ta->status = st;
                    snprintf(ta->error, sizeof ta->error, "%s", dx_last_error());
                    break;
                }
                size_t cov = 0;
                for (size_t k = 0; k < m; k++) {
                    double lvl = criterion_level(&e, &s, k);
                    cov += lvl >= e.req_db && lvl > -299.0;
                }
                mc_cov[t * (size_t)o->mc_runs + (size_t)run] = cov;
            }
        }
        ts->s.terr = s.terr; /* eval_block allocates it on first use: the thread keeps it */
    }
    if (!ws) {
        for (int t = 0; t < nthreads; t++)
            thread_scratch_free(&thr[t]);
        dx__free(thr);
        thr = NULL;
    }

    /* merge in tile order (deterministic) */
    dx_status status = DX_OK;
    r->cells = dx__calloc(e.n_cells, sizeof *r->cells);
    double *inv_dl = dx__calloc(e.n_cells, sizeof(double));
    double *inv_ul = dx__calloc(e.n_cells, sizeof(double));
    dx_coverage_summary *sm = &r->summary;
    memset(sm, 0, sizeof *sm);
    double prob_sum = 0.0, dl_sum = 0.0, ul_sum = 0.0;
    size_t reliable = 0, median_cov = 0;
    for (size_t t = 0; t < n_tiles; t++) {
        tile_acc *ta = &acc[t];
        if (ta->status != DX_OK && status == DX_OK) {
            status = ta->status;
            dx__set_error("%s", ta->error);
        }
        sm->n_pixels += ta->n_pixels;
        prob_sum += ta->prob_sum;
        dl_sum += ta->rate_dl_sum;
        ul_sum += ta->rate_ul_sum;
        reliable += ta->reliable;
        median_cov += ta->median_cov;
        sm->n_outside_validity += ta->n_outside;
        for (size_t k = 0; k < ta->n_cells_acc && r->cells && inv_dl && inv_ul; k++) {
            const tile_cell_acc *d = &ta->cells[k];
            dx_coverage_cell_stats *cs = &r->cells[d->cell];
            cs->served_pixels += (size_t)d->served;
            cs->mean_rate_dl_mbps += d->rate_dl;
            cs->mean_rate_ul_mbps += d->rate_ul;
            inv_dl[d->cell] += d->inv_dl;
            inv_ul[d->cell] += d->inv_ul;
            cs->covered_pixels += d->prob;
        }
        dx__free(ta->cells);
    }
    if (status == DX_OK && (!r->cells || !inv_dl || !inv_ul)) {
        status = DX_ENOMEM;
        dx__set_error("dx_coverage_run: per-cell statistics for %zu cells", e.n_cells);
    }
    if (status == DX_OK) {
        double a_px = grid->resolution_m * grid->resolution_m;
        sm->area_m2 = (double)sm->n_pixels * a_px;
        double np = sm->n_pixels ? (double)sm->n_pixels : 1.0;
        sm->coverage_ratio = prob_sum / np;
        sm->coverage_reliable_ratio = (double)reliable / np;
        sm->coverage_median_ratio = (double)median_cov / np;
        sm->mean_rate_dl_mbps = dl_sum / np;
        sm->mean_rate_ul_mbps = ul_sum / np;
        sm->shadow_sigma_db = e.sigma_db;
        sm->required_sinr_db = o->criterion == DX_COVERAGE_BY_RATE ? e.req_db : NAN;
        sm->noise_dl_dbm = e.noise_dl_dbm;
        sm->noise_ul_dbm = e.noise_ul_dbm;
        sm->n_cells = e.n_cells;
        sm->coverage_mc_ratio = NAN;
        sm->coverage_mc_std_ratio = NAN;
        if (o->mc_runs > 0) {
            double s1 = 0.0, s2 = 0.0;
            for (int run = 0; run < o->mc_runs; run++) {
                size_t cov = 0;
                for (size_t t = 0; t < n_tiles; t++)
                    cov += mc_cov[t * (size_t)o->mc_runs + (size_t)run];
                double f = (double)cov / np;
                s1 += f;
                s2 += f * f;
            }
            double R = (double)o->mc_runs;
            sm->coverage_mc_ratio = s1 / R;
            sm->coverage_mc_std_ratio = R > 1 ? sqrt(fmax(0.0, (s2 - s1 * s1 / R) / (R - 1))) : 0.0;
        }
        for (size_t c = 0; c < e.n_cells; c++) {
            dx_coverage_cell_stats *cs = &r->cells[c];
            cs->site = e.cells[c].site;
            cs->sector = e.cells[c].sector;
            cs->channel = e.cells[c].tech_channel;
            cs->served_area_m2 = (double)cs->served_pixels * a_px;
            if (cs->served_pixels) {
                cs->mean_rate_dl_mbps /= (double)cs->served_pixels;
                cs->mean_rate_ul_mbps /= (double)cs->served_pixels;
            }
            cs->hmean_rate_dl_mbps = inv_dl[c] > 0.0 ? (double)cs->served_pixels / inv_dl[c] : 0.0;
            cs->hmean_rate_ul_mbps = inv_ul[c] > 0.0 ? (double)cs->served_pixels / inv_ul[c] : 0.0;
        }
    }
    dx__free(inv_dl);
    dx__free(inv_ul);
    if (!ws)
        dx__free(acc);
    dx__free(mc_cov);
    engine_dispose(&e);
    if (status != DX_OK) {
        dx_coverage_result_free(r);
        return status;
    }
    *out = r;
    return DX_OK;

nomem:
    if (!ws) {
        dx__free(acc);
        if (thr)
            for (int t = 0; t < nthreads; t++)
                thread_scratch_free(&thr[t]);
        dx__free(thr);
    }
    dx__free(mc_cov);
    dx_coverage_result_free(r);
    engine_dispose(&e);
    DX_FAIL(DX_ENOMEM, "dx_coverage_run: result layers for %zu x %zu pixels", nx, ny);
}

dx_status dx_coverage_result_summary(const dx_coverage_result *r, dx_coverage_summary *out)
{
    DX_REQUIRE_PTR(r);
    DX_REQUIRE_PTR(out);
    *out = r->summary;
    return DX_OK;
}

dx_status dx_coverage_result_grid(const dx_coverage_result *r, dx_grid *out)
{
    DX_REQUIRE_PTR(r);
    DX_REQUIRE_PTR(out);
    *out = r->grid;
    return DX_OK;
}

dx_status dx_coverage_result_cell(const dx_coverage_result *r, size_t i,
                                  dx_coverage_cell_stats *out)
{
    DX_REQUIRE_PTR(r);
    DX_REQUIRE_PTR(out);
    if (i >= r->summary.n_cells)
        DX_FAIL(DX_EINVAL, "dx_coverage_result_cell: i = %zu (allowed 0..%zu)", i,
                r->summary.n_cells ? r->summary.n_cells - 1 : 0);
    *out = r->cells[i];
    return DX_OK;
}

dx_status dx_coverage_result_layer(const dx_coverage_result *r, unsigned int layer, size_t cap,
                                   double *out)
{
    DX_REQUIRE_PTR(r);
    DX_REQUIRE_PTR(out);
    if (layer == 0 || (layer & (layer - 1)) || !(layer & DX_COVERAGE_LAYER_ALL))
        DX_FAIL(DX_EINVAL, "dx_coverage_result_layer: layer = 0x%x (allowed one DX_COVERAGE_LAYER_* bit)",
                layer);
    if (!(r->layers & layer))
        DX_FAIL(DX_EINVAL, "dx_coverage_result_layer: layer 0x%x was not kept (opts.layers = 0x%x)",
                layer, r->layers);
    size_t npx = r->grid.nx * r->grid.ny;
    if (cap < npx)
        DX_FAIL(DX_EBUFSIZE, "dx_coverage_result_layer: cap = %zu (need %zu)", cap, npx);
    if (layer == DX_COVERAGE_LAYER_BEST_CELL) {
        for (size_t i = 0; i < npx; i++)
            out[i] = (double)r->best[i];
    } else {
        const float *src = r->layer[layer_index(layer)];
        for (size_t i = 0; i < npx; i++)
            out[i] = (double)src[i];
    }
    return DX_OK;
}

/* Internal accessors for the writers. */
const float *dx__coverage_result_layer_f32(const dx_coverage_result *r, unsigned int layer)
{
    if (layer == DX_COVERAGE_LAYER_BEST_CELL || !(r->layers & layer))
        return NULL;
    return r->layer[layer_index(layer)];
}
const int32_t *dx__coverage_result_best(const dx_coverage_result *r)
{
    return r->best;
}
double dx__coverage_result_pixel_target(const dx_coverage_result *r)
{
    return r->pixel_target_ratio;
}
unsigned int dx__coverage_result_layers(const dx_coverage_result *r)
{
    return r->layers;
}

/* ---- points and routes ----------------------------------------------------- */

dx_status dx_coverage_points(size_t n_sites, const dx_site *sites, const dx_technology *tech,
                             const dx_coverage_options *opts, size_t n, const double *x_m,
                             const double *y_m, int *out_best_cell, double *out_rx_dbm,
                             double *out_sinr_dl_db, double *out_rate_dl_mbps,
                             double *out_rate_ul_mbps, double *out_prob_ratio)
{
    if (n == 0)
        return DX_OK;
    DX_REQUIRE_PTR(x_m);
    DX_REQUIRE_PTR(y_m);
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x_m[i]) || !isfinite(y_m[i]))
            DX_FAIL(DX_EDOMAIN, "dx_coverage_points: point %zu = (%g, %g) m (allowed finite)", i,
                    x_m[i], y_m[i]);
    engine e;
    DX_TRY(engine_init(&e, n_sites, sites, tech, opts, "dx_coverage_points", NULL));
    const size_t B = 1024;
    scratch s;
    if (scratch_alloc(&s, B, e.n_ch) != 0) {
        engine_dispose(&e);
        DX_FAIL(DX_ENOMEM, "dx_coverage_points: scratch for %zu points", B);
    }
    dx_status st = DX_OK;
    size_t nout = 0;
    for (size_t i0 = 0; i0 < n && st == DX_OK; i0 += B) {
        size_t m = n - i0 < B ? n - i0 : B;
        st = eval_block(&e, m, x_m + i0, y_m + i0, -1, NULL, &s, &nout);
        if (st == DX_OK)
            st = block_rates(&e, m, &s, 1, 1);
        if (st != DX_OK)
            break;
        for (size_t k = 0; k < m; k++) {
            if (out_best_cell)
                out_best_cell[i0 + k] = s.best_i[k];
            if (out_rx_dbm)
                out_rx_dbm[i0 + k] = s.rx[k];
            if (out_sinr_dl_db)
                out_sinr_dl_db[i0 + k] = s.sinr[k];
            if (out_rate_dl_mbps)
                out_rate_dl_mbps[i0 + k] = s.rate_dl[k];
            if (out_rate_ul_mbps)
                out_rate_ul_mbps[i0 + k] = s.rate_ul[k];
            if (out_prob_ratio)
                out_prob_ratio[i0 + k] = coverage_prob(&e, criterion_level(&e, &s, k));
        }
        if (out_prob_ratio && mixture_on(&e)) {
            for (size_t k = 0; k < m; k++)
                s.tmp[k] = criterion_level(&e, &s, k);
            los_mixture(&e, m, x_m + i0, y_m + i0, s.best_i, s.tmp, out_prob_ratio + i0);
        }
    }
    scratch_free(&s);
    engine_dispose(&e);
    return st;
}

dx_status dx_coverage_route(size_t n_sites, const dx_site *sites, const dx_technology *tech,
                            const dx_coverage_options *opts, size_t n_vertices, const double *x_m,
                            const double *y_m, double step_m, double required_ul_mbps,
                            dx_coverage_route_summary *out_summary, size_t cap, double *out_s_m,
                            int *out_best_cell, double *out_rx_dbm, double *out_sinr_dl_db,
                            double *out_rate_ul_mbps)
{
    DX_REQUIRE_PTR(out_summary);
    DX_REQUIRE_PTR(x_m);
    DX_REQUIRE_PTR(y_m);
    memset(out_summary, 0, sizeof *out_summary);
    if (n_vertices < 2)
        DX_FAIL(DX_EDOMAIN, "dx_coverage_route: n_vertices = %zu (allowed >= 2)", n_vertices);
    if (!(step_m > 0.0) || !isfinite(step_m))
        DX_FAIL(DX_EDOMAIN, "dx_coverage_route: step_m = %g m (allowed > 0)", step_m);
    if (!(required_ul_mbps >= 0.0))
        DX_FAIL(DX_EDOMAIN, "dx_coverage_route: required_ul_mbps = %g Mbit/s (allowed >= 0)",
                required_ul_mbps);
    double len = 0.0;
    for (size_t i = 1; i < n_vertices; i++) {
        if (!isfinite(x_m[i]) || !isfinite(y_m[i]))
            DX_FAIL(DX_EDOMAIN, "dx_coverage_route: vertex %zu = (%g, %g) m (allowed finite)", i,
                    x_m[i], y_m[i]);
        len += hypot(x_m[i] - x_m[i - 1], y_m[i] - y_m[i - 1]);
    }
    double ns_d = floor(len / step_m) + 1.0;
    if (len - (ns_d - 1.0) * step_m > 1e-9 * (len + 1.0))
        ns_d += 1.0; /* the end point */
    if (ns_d > 1e8)
        DX_FAIL(DX_EDOMAIN, "dx_coverage_route: %g samples (allowed <= 1e8; raise step_m)", ns_d);
    size_t ns = (size_t)ns_d;
    out_summary->length_m = len;
    out_summary->n_samples = ns;
    int any_out = out_s_m || out_best_cell || out_rx_dbm || out_sinr_dl_db || out_rate_ul_mbps;
    if (any_out && cap < ns)
        DX_FAIL(DX_EBUFSIZE, "dx_coverage_route: cap = %zu (need %zu samples)", cap, ns);
    double *sx = dx__malloc(ns * sizeof(double)), *sy = dx__malloc(ns * sizeof(double));
    double *ss = dx__malloc(ns * sizeof(double)), *sinr = dx__malloc(ns * sizeof(double));
    double *rul = dx__malloc(ns * sizeof(double)), *prob = dx__malloc(ns * sizeof(double));
    double *rxs = dx__malloc(ns * sizeof(double));
    int *best = dx__malloc(ns * sizeof(int));
    dx_status st = DX_OK;
    if (!sx || !sy || !ss || !sinr || !rul || !prob || !rxs || !best) {
        dx__set_error("dx_coverage_route: %zu samples", ns);
        st = DX_ENOMEM;
        goto done;
    }
    /* sample positions */
    {
        size_t seg = 1;
        double seg_start = 0.0;
        for (size_t k = 0; k < ns; k++) {
            double s_k = k + 1 == ns ? len : (double)k * step_m;
            double seg_len = hypot(x_m[seg] - x_m[seg - 1], y_m[seg] - y_m[seg - 1]);
            while (seg + 1 < n_vertices && s_k > seg_start + seg_len) {
                seg_start += seg_len;
                seg++;
                seg_len = hypot(x_m[seg] - x_m[seg - 1], y_m[seg] - y_m[seg - 1]);
            }
            double u = seg_len > 0.0 ? (s_k - seg_start) / seg_len : 0.0;
            u = u < 0.0 ? 0.0 : (u > 1.0 ? 1.0 : u);
            sx[k] = x_m[seg - 1] + u * (x_m[seg] - x_m[seg - 1]);
            sy[k] = y_m[seg - 1] + u * (y_m[seg] - y_m[seg - 1]);
            ss[k] = s_k;
        }
    }
    st = dx_coverage_points(n_sites, sites, tech, opts, ns, sx, sy, best, rxs, sinr, NULL, rul,
                            prob);
    if (st != DX_OK)
        goto done;
    {
        /* covered (median signal) = probability >= 0.5 */
        size_t covered = 0, sustained = 0;
        int in_outage = 0;
        double min_ul = INFINITY;
        for (size_t k = 0; k < ns; k++) {
            int cov = prob[k] >= 0.5;
            covered += cov;
            sustained += rul[k] >= required_ul_mbps && best[k] >= 0;
            if (rul[k] < min_ul)
                min_ul = rul[k];
            if (k > 0 && best[k] != best[k - 1] && best[k] >= 0 && best[k - 1] >= 0)
                out_summary->n_handovers++;
            if (!cov) {
                if (!in_outage)
                    out_summary->n_outage_segments++;
                in_outage = 1;
                double a = k > 0 ? 0.5 * (ss[k] - ss[k - 1]) : 0.0;
                double b = k + 1 < ns ? 0.5 * (ss[k + 1] - ss[k]) : 0.0;
                out_summary->outage_length_m += a + b;
            } else {
                in_outage = 0;
            }
        }
        out_summary->covered_ratio = (double)covered / (double)ns;
        out_summary->ul_sustained_ratio = (double)sustained / (double)ns;
        out_summary->ul_sustained = sustained == ns;
        out_summary->min_rate_ul_mbps = min_ul;
        for (size_t k = 0; k < ns; k++) {
            if (out_s_m)
                out_s_m[k] = ss[k];
            if (out_best_cell)
                out_best_cell[k] = best[k];
            if (out_rx_dbm)
                out_rx_dbm[k] = rxs[k];
            if (out_sinr_dl_db)
                out_sinr_dl_db[k] = sinr[k];
            if (out_rate_ul_mbps)
                out_rate_ul_mbps[k] = rul[k];
        }
    }
done:
    dx__free(sx);
    dx__free(sy);
    dx__free(ss);
    dx__free(sinr);
    dx__free(rul);
    dx__free(prob);
    dx__free(rxs);
    dx__free(best);
    return st;
}
