/*
 * Site planner (dx_coverage_plan in dxsim/capacity.h): add sites until the
 * coverage and the capacity targets are both met, and say which one bound.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>
#include "dx_internal.h"
#include "coverage_internal.h"
#include "dxsim/capacity.h"
#include "dxsim/coverage.h"
#include "dxsim/phy.h"
#include "terrain_internal.h"

dx_status dx_plan_options_init(dx_plan_options *o, unsigned int version)
{
    DX_REQUIRE_PTR(o);
    if (version == 0 || version > DX_PLAN_OPTIONS_VERSION)
        DX_FAIL(DX_EINVAL, "dx_plan_options_init: version = %u (this library knows 1..%d)", version,
                DX_PLAN_OPTIONS_VERSION);
    memset(o, 0, sizeof *o);
    o->version = version;
    o->method = DX_PLAN_HEX;
    o->target_coverage_ratio = 0.95;
    o->max_utilisation_ratio = 0.7; /* ASSUMED planning headroom */
    o->max_sites = 500;
    o->lora_target_pdr_ratio = 0.9;  /* ASSUMED */
    o->lora_airtime_s = 0.3707;      /* SF10, 12 B, 125 kHz, CR 4/5 (Semtech AN1200.13) */
    o->seed = 1;
    return DX_OK;
}

size_t dx_plan_options_size(void)
{
    return sizeof(dx_plan_options);
}

/* Per-pixel demand (devices and offered bps) for the area pixels. */
typedef struct {
    size_t npx;
    double *dev;    /* devices per pixel */
    double *ul_bps; /* offered UL per pixel */
    double *dl_bps;
    double *msgs;   /* LoRa: device-messages per day per pixel */
    double *bytes;  /* LoRa: message bytes x messages per day per pixel */
    uint8_t *in;    /* pixel inside the area */
    double tot_ul, tot_dl;
} demand_map;

static void demand_free(demand_map *m)
{
    dx__free(m->dev);
    dx__free(m->ul_bps);
    dx__free(m->dl_bps);
    dx__free(m->msgs);
    dx__free(m->bytes);
    dx__free(m->in);
    memset(m, 0, sizeof *m);
}

static int in_poly(size_t n, const double *xs, const double *ys, double x, double y)
{
    int inside = 0;
    for (size_t i = 0, j = n - 1; i < n; j = i++)
        if ((ys[i] > y) != (ys[j] > y) && x < xs[j] + (y - ys[j]) * (xs[i] - xs[j]) / (ys[i] - ys[j]))
            inside = !inside;
    return inside;
}

static dx_status demand_build(demand_map *m, const dx_grid *g, const dx_coverage_options *o,
                              size_t nd, const dx_demand_class *d, uint64_t seed)
{
    memset(m, 0, sizeof *m);
    DX_TRY(dx__coverage_grid_pixels(g, o, "dx_coverage_plan", &m->npx)); /* no wrap to 0 */
    m->dev = dx__calloc(m->npx, sizeof(double));
    m->ul_bps = dx__calloc(m->npx, sizeof(double));
    m->dl_bps = dx__calloc(m->npx, sizeof(double));
    m->msgs = dx__calloc(m->npx, sizeof(double));
    m->bytes = dx__calloc(m->npx, sizeof(double));
    m->in = dx__calloc(m->npx, 1);
    size_t *idx = dx__malloc(m->npx * sizeof *idx);
    if (!m->dev || !m->ul_bps || !m->dl_bps || !m->msgs || !m->bytes || !m->in || !idx) {
        dx__free(idx);
        demand_free(m);
        DX_FAIL(DX_ENOMEM, "dx_coverage_plan: demand map of %zu pixels", m->npx);
    }
    size_t n_in = 0;
    for (size_t j = 0; j < g->ny; j++)
        for (size_t i = 0; i < g->nx; i++) {
            double x = g->x0_m + (i + 0.5) * g->resolution_m, y = g->y0_m + (j + 0.5) * g->resolution_m;
            int in = !o->n_area || in_poly(o->n_area, o->area_x_m, o->area_y_m, x, y);
            m->in[j * g->nx + i] = (uint8_t)in;
            if (in)
                idx[n_in++] = j * g->nx + i;
        }
    dx_status st = DX_OK;
    for (size_t c = 0; c < nd && st == DX_OK && n_in; c++) {
        double ul = 0, dl = 0;
        st = dx_demand_offered_bps(&d[c], &ul, &dl);
        if (st != DX_OK)
            break;
        m->tot_ul += ul * d[c].count;
        m->tot_dl += dl * d[c].count;
#define ADD(px, n)                                                                               \
    do {                                                                                         \
        m->dev[px] += (n);                                                                       \
        m->ul_bps[px] += (n) * ul;                                                               \
        m->dl_bps[px] += (n) * dl;                                                               \
        m->msgs[px] += (n) * d[c].msgs_per_day;                                                  \
        m->bytes[px] += (n) * d[c].msgs_per_day * d[c].msg_bytes;                                \
    } while (0)
        switch (d[c].distribution) {
        case DX_DEMAND_UNIFORM:
            for (size_t k = 0; k < n_in; k++)
                ADD(idx[k], d[c].count / (double)n_in);
            break;
        case DX_DEMAND_POINTS: {
            if (d[c].n_points == 0 || !d[c].points_x_m || !d[c].points_y_m) {
                dx__set_error("dx_coverage_plan: demand[%zu] '%s' has distribution POINTS but "
                              "n_points = %zu or NULL arrays",
                              c, d[c].name, d[c].n_points);
                st = DX_EINVAL;
                break;
            }
            double per = d[c].count / (double)d[c].n_points;
            for (size_t k = 0; k < d[c].n_points; k++) {
                if (!isfinite(d[c].points_x_m[k]) || !isfinite(d[c].points_y_m[k])) {
                    /* a NaN passed the range test below and became a wild index */
                    dx__set_error("dx_coverage_plan: demand[%zu] '%s' point %zu = (%g, %g) m "
                                  "(allowed: finite)",
                                  c, d[c].name, k, d[c].points_x_m[k], d[c].points_y_m[k]);
                    st = DX_EDOMAIN;
                    break;
                }
                double fi = floor((d[c].points_x_m[k] - g->x0_m) / g->resolution_m);
                double fj = floor((d[c].points_y_m[k] - g->y0_m) / g->resolution_m);
                if (!(fi >= 0 && fj >= 0 && fi < (double)g->nx && fj < (double)g->ny))
                    continue; /* outside the grid: not served */
                ADD((size_t)fj * g->nx + (size_t)fi, per);
            }
            break;
        }
        case DX_DEMAND_CLUSTERED: {
            size_t nc = d[c].n_clusters ? d[c].n_clusters : 1;
            if (nc > n_in) { /* the loop below costs clusters x area pixels */
                dx__set_error("dx_coverage_plan: demand[%zu] '%s' n_clusters = %zu (allowed 1..%zu, "
                              "the pixels of the area)",
                              c, d[c].name, nc, n_in);
                st = DX_EDOMAIN;
                break;
            }
            double rad = d[c].cluster_radius_m > 0 ? d[c].cluster_radius_m : 100.0; /* ASSUMED */
            for (size_t q = 0; q < nc; q++) {
                /* centre: a seeded random pixel of the area */
                size_t centre = idx[dx__cov_hash3(seed, 0xc1u + c, q) % n_in];
                double cx = g->x0_m + (centre % g->nx + 0.5) * g->resolution_m;
                double cy = g->y0_m + (centre / g->nx + 0.5) * g->resolution_m;
                size_t cnt = 0;
                for (size_t k = 0; k < n_in; k++) {
                    double x = g->x0_m + (idx[k] % g->nx + 0.5) * g->resolution_m;
                    double y = g->y0_m + (idx[k] / g->nx + 0.5) * g->resolution_m;
                    cnt += hypot(x - cx, y - cy) <= rad;
                }
                if (cnt == 0) {
                    ADD(centre, d[c].count / (double)nc);
                    continue;
                }
                for (size_t k = 0; k < n_in; k++) {
                    double x = g->x0_m + (idx[k] % g->nx + 0.5) * g->resolution_m;
                    double y = g->y0_m + (idx[k] / g->nx + 0.5) * g->resolution_m;
                    if (hypot(x - cx, y - cy) <= rad)
                        ADD(idx[k], d[c].count / (double)nc / (double)cnt);
                }
            }
            break;
        }
        default:
            dx__set_error("dx_coverage_plan: demand[%zu].distribution = %d (allowed 0..2)", c,
                          (int)d[c].distribution);
            st = DX_EINVAL;
        }
#undef ADD
    }
    dx__free(idx);
    if (st != DX_OK)
        demand_free(m);
    return st;
}

/* Per-cell load of a finished run (needs the BEST_CELL layer). out has n_cells
 * entries; cx/cy (may be NULL) receive each cell's demand centroid. */
static dx_status loads_of(const dx_coverage_result *r, const dx_technology *tech,
                          const dx_plan_options *po, const demand_map *dm,
                          dx_capacity_cell_load *out, double *cx, double *cy)
{
    dx_grid gg;
    dx_coverage_result_grid(r, &gg);
    const dx_grid *g = &gg;
    dx_coverage_summary sm;
    dx_coverage_result_summary(r, &sm);
    const int32_t *best = dx__coverage_result_best(r);
    if (!best)
        DX_FAIL(DX_EINVAL, "dx_capacity_cell_loads: the result did not keep DX_COVERAGE_LAYER_BEST_CELL");
    size_t nc = sm.n_cells;
    double *msgs = dx__calloc(nc * 3, sizeof(double));
    if (!msgs)
        DX_FAIL(DX_ENOMEM, "dx_capacity_cell_loads: per-cell load of %zu cells", nc);
    double *sx = msgs + nc, *sy = msgs + 2 * nc;
    for (size_t c = 0; c < nc; c++) {
        memset(&out[c], 0, sizeof out[c]);
        out[c].max_devices = NAN;
    }
    for (size_t p = 0; p < dm->npx; p++) {
        if (!dm->in[p] || dm->dev[p] <= 0.0 || best[p] < 0)
            continue;
        size_t c = (size_t)best[p];
        out[c].devices += dm->dev[p];
        out[c].offered_ul_bps += dm->ul_bps[p];
        out[c].offered_dl_bps += dm->dl_bps[p];
        msgs[c] += dm->msgs[p];
        sx[c] += dm->dev[p] * (g->x0_m + (p % g->nx + 0.5) * g->resolution_m);
        sy[c] += dm->dev[p] * (g->y0_m + (p / g->nx + 0.5) * g->resolution_m);
    }
    dx_status st = DX_OK;
    /* LoRa with the UL SNR layer: each pixel's devices use the lowest SF whose
     * demodulation floor the median UL SNR meets (ADR-like; SX1276 Table 13 via
     * dx_phy_lora_demod_snr_db) and load that SF's pool with
     * messages/s x time on air (Semtech AN1200.13, LoRaWAN: 13 bytes of MAC
     * overhead, CR 4/5, 8 preamble symbols) / channels. */
    const float *snr_ul = tech->family == DX_TECH_FAMILY_LORA
                              ? dx__coverage_result_layer_f32(r, DX_COVERAGE_LAYER_SNR_UL_DB)
                              : NULL;
    double *lora_load = NULL;
    if (snr_ul) {
        lora_load = dx__calloc(nc * 13, sizeof(double));
        if (!lora_load) {
            dx__free(msgs);
            DX_FAIL(DX_ENOMEM, "dx_capacity_cell_loads: LoRa pools of %zu cells", nc);
        }
        int nch = tech->channels_available > 0 ? tech->channels_available : 1;
        int sf_min = tech->lora_sf_min >= 5 ? tech->lora_sf_min : 7;
        int sf_max = tech->lora_sf_max >= sf_min && tech->lora_sf_max <= 12 ? tech->lora_sf_max : 12;
        for (size_t p = 0; p < dm->npx && st == DX_OK; p++) {
            if (!dm->in[p] || dm->msgs[p] <= 0.0 || best[p] < 0)
                continue;
            int sf = sf_max;
            for (int k = sf_min; k <= sf_max; k++) {
                double floor_db = 0.0;
                if (dx_phy_lora_demod_snr_db(k, &floor_db) == DX_OK && snr_ul[p] >= floor_db) {
                    sf = k;
                    break;
                }
            }
            double bytes_d = ceil(dm->bytes[p] / dm->msgs[p]) + 13.0; /* compare before the int cast */
            int bytes = bytes_d > 255.0 ? 255 : (int)bytes_d;
            double toa = 0.0;
            st = dx_phy_lora_time_on_air_s(sf, tech->bw_hz > 0 ? tech->bw_hz : 125e3, bytes, 1, 8,
                                           1, 1, -1, &toa);
            lora_load[(size_t)best[p] * 13 + (size_t)sf] += dm->msgs[p] / 86400.0 * toa / nch;
        }
    }
    for (size_t c = 0; c < nc && st == DX_OK; c++) {
        dx_capacity_cell_load *L = &out[c];
        dx_coverage_cell_stats cs;
        dx_coverage_result_cell(r, c, &cs);
        if (cx)
            cx[c] = L->devices > 0.0 ? sx[c] / L->devices : NAN;
        if (cy)
            cy[c] = L->devices > 0.0 ? sy[c] / L->devices : NAN;
        if (tech->family == DX_TECH_FAMILY_LORA) {
            L->capacity_ul_mbps = L->capacity_dl_mbps = NAN;
            if (L->devices <= 0.0)
                continue;
            if (snr_ul) {
                /* per-SF pools (SFs orthogonal, Bor et al. 2016): the worst pool's load
                 * against the load that gives the target PDR, G* = -ln(PDR*) / 2 */
                double gstar = -log(po->lora_target_pdr_ratio) / 2.0;
                double util = 0.0;
                for (int sf = 0; sf < 13; sf++)
                    if (lora_load[c * 13 + (size_t)sf] / gstar > util)
                        util = lora_load[c * 13 + (size_t)sf] / gstar;
                L->utilisation_ratio = util;
                L->max_devices = util > 0.0 ? L->devices / util : INFINITY;
                continue;
            }
            int nch = tech->channels_available > 0 ? tech->channels_available : 1;
            double mpd = msgs[c] / L->devices, nmax = 0.0;
            if (mpd > 0.0) {
                st = dx_capacity_lora_max_devices(po->lora_target_pdr_ratio, mpd, po->lora_airtime_s,
                                                  nch, 0.0, &nmax);
                L->max_devices = nmax;
                /* LoRa: utilisation = devices / devices a gateway serves at the target PDR */
                L->utilisation_ratio = st == DX_OK && nmax > 0.0 ? L->devices / nmax : 0.0;
            }
            continue;
        }
        st = dx_capacity_cell_capacity_mbps(tech, cs.mean_rate_ul_mbps, L->devices,
                                            &L->capacity_ul_mbps);
        if (st == DX_OK)
            st = dx_capacity_cell_capacity_mbps(tech, cs.mean_rate_dl_mbps, L->devices,
                                                &L->capacity_dl_mbps);
        if (tech->family == DX_TECH_FAMILY_LTEM)
            L->capacity_dl_mbps = DX_CAPACITY_LTEM_SHARE_RATIO * tech->nominal_dl_bps / 1e6;
        double u1 = L->offered_ul_bps > 0.0
                        ? (L->capacity_ul_mbps > 0.0 ? L->offered_ul_bps / (L->capacity_ul_mbps * 1e6)
                                                     : INFINITY)
                        : 0.0;
        double u2 = L->offered_dl_bps > 0.0
                        ? (L->capacity_dl_mbps > 0.0 ? L->offered_dl_bps / (L->capacity_dl_mbps * 1e6)
                                                     : INFINITY)
                        : 0.0;
        L->utilisation_ratio = u1 > u2 ? u1 : u2;
    }
    dx__free(msgs);
    dx__free(lora_load);
    return st;
}

dx_status dx_capacity_cell_loads(const dx_coverage_result *r, const dx_technology *tech,
                                 const dx_coverage_options *cov, const dx_plan_options *plan,
                                 size_t n_demand, const dx_demand_class *demand, size_t cap,
                                 dx_capacity_cell_load *out)
{
    DX_REQUIRE_PTR(r);
    DX_REQUIRE_PTR(tech);
    DX_REQUIRE_PTR(out);
    if (n_demand && !demand)
        DX_FAIL(DX_EINVAL, "dx_capacity_cell_loads: argument 'demand' is NULL with n_demand = %zu",
                n_demand);
    dx_coverage_summary sm;
    dx_coverage_result_summary(r, &sm);
    if (cap < sm.n_cells)
        DX_FAIL(DX_EBUFSIZE, "dx_capacity_cell_loads: cap = %zu (need %zu cells)", cap, sm.n_cells);
    dx_coverage_options co;
    DX_TRY(dx__coverage_options_resolve(cov, &co, "dx_capacity_cell_loads"));
    dx_plan_options po;
    if (plan)
        po = *plan;
    else
        DX_TRY(dx_plan_options_init(&po, DX_PLAN_OPTIONS_VERSION));
    dx_grid g;
    dx_coverage_result_grid(r, &g);
    demand_map dm;
    DX_TRY(demand_build(&dm, &g, &co, n_demand, demand, po.seed));
    dx_status st = loads_of(r, tech, &po, &dm, out, NULL, NULL);
    demand_free(&dm);
    return st;
}

/* Run the engine and evaluate coverage and the busiest cell. */
typedef struct {
    double coverage, max_util;
    size_t busiest;
    double cx, cy; /* demand centroid of the busiest cell */
} eval_out;

static dx_status evaluate(const dx_grid *g, size_t ns, const dx_site *sites,
                          const dx_technology *tech, const dx_coverage_options *cov,
                          const dx_plan_options *po, const demand_map *dm, eval_out *ev)
{
    dx_coverage_options o = *cov;
    o.layers = DX_COVERAGE_LAYER_BEST_CELL |
               (tech->family == DX_TECH_FAMILY_LORA ? DX_COVERAGE_LAYER_SNR_UL_DB : 0u);
    o.mc_runs = 0;
    dx_coverage_result *r = NULL;
    DX_TRY(dx_coverage_run(g, ns, sites, tech, &o, &r));
    dx_coverage_summary sm;
    dx_coverage_result_summary(r, &sm);
    ev->coverage = sm.coverage_ratio;
    ev->max_util = 0.0;
    ev->busiest = 0;
    ev->cx = ev->cy = 0.0;
    size_t nc = sm.n_cells;
    dx_capacity_cell_load *L = dx__calloc(nc, sizeof *L);
    double *cx = dx__calloc(2 * nc, sizeof(double));
    if (!L || !cx) {
        dx__free(L);
        dx__free(cx);
        dx_coverage_result_free(r);
        DX_FAIL(DX_ENOMEM, "dx_coverage_plan: per-cell load of %zu cells", nc);
    }
    dx_status st = loads_of(r, tech, po, dm, L, cx, cx + nc);
    for (size_t c = 0; c < nc && st == DX_OK; c++)
        if (L[c].utilisation_ratio > ev->max_util) {
            ev->max_util = L[c].utilisation_ratio;
            ev->busiest = c;
            ev->cx = cx[c];
            ev->cy = cx[nc + c];
        }
    dx__free(L);
    dx__free(cx);
    dx_coverage_result_free(r);
    return st;
}

/* Hexagonal lattice with spacing isd (m) clipped to the area (site within the
 * area polygon, or the grid rectangle). Returns the count (<= cap). */
/* With terrain, sites stand on pixel centres: at a spacing of half a pixel every
 * pixel already holds a lattice point (rows 0.43 px apart, 0.5 px along a row),
 * so a finer lattice gives the same sites in the same (pixel row-major) order. */
static double hex_spacing_floor_m(const dx_grid *g, const dx_coverage_options *o)
{
    return o->dem ? g->resolution_m / 2.0 : 0.0;
}

static size_t hex_layout(const dx_grid *g, const dx_coverage_options *o, const dx_technology *tech,
                         double isd, size_t cap, dx_site *out)
{
    /* 1e6 cameras on a DEM area shrank the spacing to millimetres: 1e11 lattice
     * points per layout, each compared with every site placed (the run hung) */
    isd = fmax(isd, hex_spacing_floor_m(g, o));
    double w = g->nx * g->resolution_m, h = g->ny * g->resolution_m;
    size_t npx = (size_t)g->nx * (size_t)g->ny;
    unsigned char *taken = o->dem ? dx__calloc(npx ? npx : 1, 1) : NULL; /* pixel holds a site */
    double dy = isd * sqrt(3.0) / 2.0;
    /* the lattice is centred on the rectangle: its sites' bounding box has equal
     * margins on both sides (anchored at the south-west corner, a spacing wider
     * than the area put its one site off-centre, so a small area needed two) */
    double x_lo = INFINITY, x_hi = -INFINITY, y_lo = INFINITY, y_hi = -INFINITY;
    int row = 0;
    for (double y = dy / 2.0; y < h; y += dy, row++)
        for (double x = isd / 4.0 + ((row % 2) ? isd / 2.0 : 0.0); x < w; x += isd) {
            x_lo = fmin(x_lo, x);
            x_hi = fmax(x_hi, x);
            y_lo = fmin(y_lo, y);
            y_hi = fmax(y_hi, y);
        }
    double sx = isfinite(x_lo) ? (w - x_hi - x_lo) / 2.0 : 0.0;
    double sy = isfinite(y_lo) ? (h - y_hi - y_lo) / 2.0 : 0.0;
    size_t n = 0;
    row = 0;
    for (double y = dy / 2.0; y < h; y += dy, row++) {
        double off = (row % 2) ? isd / 2.0 : 0.0;
        for (double x0 = isd / 4.0 + off; x0 < w; x0 += isd) {
            double x = g->x0_m + x0 + sx, yy = g->y0_m + y + sy;
            if (o->dem) {
                /* with terrain, sites stand on pixel centres: layouts of other
                 * spacings and the Monte Carlo draws then meet the same site
                 * positions, whose terrain loss the DEM's memo keeps
                 * (docs/terrain.md §6); a site moves by at most res/sqrt(2) */
                const double r = g->resolution_m;
                double ix = floor((x - g->x0_m) / r), iy = floor((yy - g->y0_m) / r);
                x = g->x0_m + (ix + 0.5) * r;
                yy = g->y0_m + (iy + 0.5) * r;
                int dup = 0;
                if (taken && ix >= 0 && iy >= 0 && ix < g->nx && iy < g->ny) {
                    size_t k = (size_t)iy * (size_t)g->nx + (size_t)ix;
                    dup = taken[k];
                    taken[k] = 1;
                } else { /* no memory for the map: compare with the sites placed */
                    for (size_t j = 0; j < n && j < cap && !dup; j++)
                        dup = out[j].x_m == x && out[j].y_m == yy;
                }
                if (dup)
                    continue;
            }
            if (o->n_area && !in_poly(o->n_area, o->area_x_m, o->area_y_m, x, yy))
                continue;
            if (n < cap)
                dx_coverage_site_init(&out[n], tech, x, yy);
            n++;
        }
    }
    if (n == 0 && cap > 0) { /* area smaller than one cell: one site at the centre */
        dx_coverage_site_init(&out[0], tech, g->x0_m + w / 2, g->y0_m + h / 2);
        n = 1;
    }
    dx__free(taken);
    return n;
}

/* ---- memo of plans with terrain (docs/terrain.md §6) ----------------------------
 * A plan over a DEM costs tens of engine runs; the Monte Carlo draws and the
 * channel widths ask for the same plan again (a draw moves the device count
 * among a few values, or only prices). The memo on the DEM (terrain_cache.c)
 * keeps each successful plan keyed by the bytes of every input: the grid,
 * the technology, the resolved coverage options (pointers replaced by the
 * arrays they point to; the DEM is the memo's owner), the plan options, the
 * candidates, the demand classes (with their points) and cap. A hit returns
 * the result and every site slot the plan wrote, byte for byte. */

typedef struct {
    unsigned char *p;
    size_t n, cap;
    int oom;
} plan_key;

static void key_put(plan_key *k, const void *v, size_t n)
{
    if (k->oom || n == 0)
        return;
    if (k->n + n > k->cap) {
        size_t cap = k->cap ? k->cap : 4096;
        while (cap < k->n + n)
            cap *= 2;
        unsigned char *p = dx__realloc(k->p, cap);
        if (!p) {
            k->oom = 1;
            return;
        }
        k->p = p;
        k->cap = cap;
    }
    memcpy(k->p + k->n, v, n);
    k->n += n;
}

/* the bytes after a string's NUL say nothing: zero them in the key's copy */
static void key_str(char *s, size_t cap)
{
    size_t L = 0;
    while (L < cap && s[L])
        L++;
    memset(s + L, 0, cap - L);
}

static void plan_key_build(plan_key *k, const dx_grid *grid, const dx_technology *tech,
                           const dx_coverage_options *co, const dx_plan_options *po,
                           size_t n_candidates, const dx_site *candidates, size_t n_demand,
                           const dx_demand_class *demand, size_t cap)
{
    static const char tag[] = "dx_coverage_plan 1";
    key_put(k, tag, sizeof tag);
    const double g[3] = {grid->x0_m, grid->y0_m, grid->resolution_m};
    const size_t gn[2] = {grid->nx, grid->ny};
    key_put(k, g, sizeof g);
    key_put(k, gn, sizeof gn);
    dx_technology t;
    memset(&t, 0, sizeof t);
    memcpy(&t, tech, sizeof t);
    key_str(t.id, sizeof t.id);
    key_str(t.name, sizeof t.name);
    key_str(t.tdd_pattern, sizeof t.tdd_pattern);
    key_str(t.tdd_special, sizeof t.tdd_special);
    key_put(k, &t, sizeof t);
    dx_coverage_options o;
    memcpy(&o, co, sizeof o);
    o.dem = NULL; /* the memo's owner */
    o.area_x_m = o.area_y_m = NULL;
    key_put(k, &o, sizeof o);
    if (co->n_area && co->area_x_m && co->area_y_m) {
        key_put(k, co->area_x_m, co->n_area * sizeof(double));
        key_put(k, co->area_y_m, co->n_area * sizeof(double));
    }
    key_put(k, po, sizeof *po);
    key_put(k, &n_candidates, sizeof n_candidates);
    if (n_candidates && candidates)
        key_put(k, candidates, n_candidates * sizeof *candidates);
    key_put(k, &n_demand, sizeof n_demand);
    for (size_t i = 0; i < n_demand; i++) {
        dx_demand_class d;
        memcpy(&d, &demand[i], sizeof d);
        key_str(d.name, sizeof d.name);
        d.points_x_m = d.points_y_m = NULL;
        key_put(k, &d, sizeof d);
        if (demand[i].n_points && demand[i].points_x_m)
            key_put(k, demand[i].points_x_m, demand[i].n_points * sizeof(double));
        if (demand[i].n_points && demand[i].points_y_m)
            key_put(k, demand[i].points_y_m, demand[i].n_points * sizeof(double));
    }
    key_put(k, &cap, sizeof cap);
}

/* The planner; *written = how many leading slots of out_sites it wrote. */
static dx_status plan_impl(const dx_grid *grid, const dx_technology *tech,
                           const dx_coverage_options *cov, const dx_plan_options *plan,
                           size_t n_candidates, const dx_site *candidates, size_t n_demand,
                           const dx_demand_class *demand, size_t cap, dx_site *out_sites,
                           dx_plan_result *out, size_t *written)
{
    DX_REQUIRE_PTR(grid);
    DX_REQUIRE_PTR(tech);
    DX_REQUIRE_PTR(out);
    DX_REQUIRE_PTR(out_sites);
    memset(out, 0, sizeof *out);
    dx_coverage_options co;
    DX_TRY(dx__coverage_options_resolve(cov, &co, "dx_coverage_plan"));
    dx_plan_options po;
    if (plan)
        po = *plan;
    else
        DX_TRY(dx_plan_options_init(&po, DX_PLAN_OPTIONS_VERSION));
    if (!(po.target_coverage_ratio > 0.0 && po.target_coverage_ratio <= 1.0))
        DX_FAIL(DX_EDOMAIN, "dx_coverage_plan: plan->target_coverage_ratio = %g (allowed 0 < r <= 1)",
                po.target_coverage_ratio);
    if (!(po.max_utilisation_ratio > 0.0))
        DX_FAIL(DX_EDOMAIN, "dx_coverage_plan: plan->max_utilisation_ratio = %g (allowed > 0)",
                po.max_utilisation_ratio);
    if (po.max_sites == 0)
        DX_FAIL(DX_EDOMAIN, "dx_coverage_plan: plan->max_sites = 0 (allowed >= 1)");
    if (po.method == DX_PLAN_CANDIDATES && (n_candidates == 0 || !candidates))
        DX_FAIL(DX_EINVAL, "dx_coverage_plan: method CANDIDATES with n_candidates = %zu", n_candidates);
    if (n_demand && !demand)
        DX_FAIL(DX_EINVAL, "dx_coverage_plan: argument 'demand' is NULL with n_demand = %zu", n_demand);
    size_t npx_checked, bytes_checked;
    DX_TRY(dx__coverage_grid_pixels(grid, &co, "dx_coverage_plan", &npx_checked));
    size_t limit = po.max_sites < cap ? po.max_sites : cap;
    DX_TRY(dx__mul_size("dx_coverage_plan: sites x sizeof(dx_site)", limit, sizeof(dx_site),
                        &bytes_checked));
    if (po.method != DX_PLAN_HEX)
        DX_TRY(dx__mul3_size("dx_coverage_plan: candidate maps (n_candidates x pixels x 8 bytes)",
                             n_candidates, npx_checked, sizeof(double), &bytes_checked));
    demand_map dm;
    DX_TRY(demand_build(&dm, grid, &co, n_demand, demand, po.seed));
    out->offered_ul_bps = dm.tot_ul;
    out->offered_dl_bps = dm.tot_dl;
    dx_status st = DX_OK;
    eval_out ev = {0, 0, 0, 0, 0};
    size_t ns = 0;
    int cov_met = 0, cap_met = 0;

    if (po.method == DX_PLAN_HEX) {
        double w = grid->nx * grid->resolution_m, h = grid->ny * grid->resolution_m;
        double isd = (w > h ? w : h);
        dx_site *tmp = dx__malloc(limit * sizeof *tmp);
        if (!tmp) {
            demand_free(&dm);
            DX_FAIL(DX_ENOMEM, "dx_coverage_plan: %zu sites", limit);
        }
        /* 1. shrink the spacing by 20 % until coverage is met; 2. bisect between
         * the last failing and the first passing spacing (6 steps) for the
         * fewest sites that cover; 3. shrink by 10 % until the capacity target
         * is also met. The plan kept is always the last evaluated passing layout
         * (or the last layout when nothing passes). */
        double good = NAN, bad = NAN;
        int step;
#define HEX_TRY(spacing, accepted)                                                              \
    do {                                                                                        \
        (accepted) = -1;                                                                        \
        size_t n_ = hex_layout(grid, &co, tech, (spacing), limit, tmp);                         \
        if (n_ > limit) {                                                                       \
            (accepted) = -2;                                                                    \
            break;                                                                              \
        }                                                                                       \
        eval_out ev_;                                                                           \
        st = evaluate(grid, n_, tmp, tech, &co, &po, &dm, &ev_);                                \
        if (st != DX_OK)                                                                        \
            break;                                                                              \
        int cov_ = ev_.coverage >= po.target_coverage_ratio;                                    \
        (accepted) = cov_;                                                                      \
        if (cov_ || !cov_met) { /* keep passing layouts, or the best effort so far */          \
            ns = n_;                                                                            \
            memcpy(out_sites, tmp, n_ * sizeof *tmp);                                           \
            *written = n_ > *written ? n_ : *written;                                           \
            ev = ev_;                                                                           \
            cov_met = cov_;                                                                     \
            cap_met = ev_.max_util <= po.max_utilisation_ratio;                                 \
        }                                                                                       \
    } while (0)
        int acc = -1;
        const double floor_m = hex_spacing_floor_m(grid, &co); /* no denser layout below */
        for (step = 0; step < 60 && st == DX_OK; step++, isd *= 0.8) {
            HEX_TRY(isd, acc);
            if (acc == -2 || acc == 1)
                break;
            bad = isd;
            if (isd <= floor_m)
                break;
        }
        if (acc == 1)
            good = isd;
        for (step = 0; step < 6 && st == DX_OK && !isnan(good) && !isnan(bad); step++) {
            double mid = 0.5 * (good + bad);
            HEX_TRY(mid, acc);
            if (acc == 1)
                good = mid;
            else
                bad = mid;
        }
        /* re-establish the best covering layout (the bisection may end on a failure) */
        if (st == DX_OK && !isnan(good)) {
            cov_met = 0;
            HEX_TRY(good, acc);
        }
        if (cov_met)
            out->sites_for_coverage = ns;
        for (step = 0; step < 100 && st == DX_OK && cov_met && !cap_met; step++) {
            if (good <= floor_m)
                break; /* the last layout was already the densest */
            good *= 0.9;
            HEX_TRY(good, acc);
            if (acc == -2)
                break;
        }
#undef HEX_TRY
        if (st == DX_OK && ns == 0) {
            st = DX_EBUFSIZE;
        }
        dx__free(tmp);
        if (st == DX_EBUFSIZE)
            dx__set_error("dx_coverage_plan: even the first layout needs more than %zu sites", limit);
    } else {
        /* candidates: best-server coverage probability of each candidate alone */
        size_t npx = dm.npx;
        double *pmap = dx__malloc(n_candidates * npx * sizeof(double));
        double *curp = dx__calloc(npx, sizeof(double));
        double *px = dx__malloc(npx * sizeof(double)), *py = dx__malloc(npx * sizeof(double));
        uint8_t *used = dx__calloc(n_candidates, 1);
        if (!pmap || !curp || !px || !py || !used) {
            dx__set_error("dx_coverage_plan: %zu candidate maps of %zu pixels", n_candidates, npx);
            st = DX_ENOMEM;
        }
        for (size_t p = 0; p < npx && st == DX_OK; p++) {
            px[p] = grid->x0_m + (p % grid->nx + 0.5) * grid->resolution_m;
            py[p] = grid->y0_m + (p / grid->nx + 0.5) * grid->resolution_m;
        }
        for (size_t c = 0; c < n_candidates && st == DX_OK; c++)
            st = dx_coverage_points(1, &candidates[c], tech, &co, npx, px, py, NULL, NULL, NULL,
                                    NULL, NULL, pmap + c * npx);
        /* weight: area share + demand share (a pixel with devices counts more) */
        double tot_dev = 0.0;
        size_t n_in = 0;
        for (size_t p = 0; p < npx; p++) {
            tot_dev += dm.in[p] ? dm.dev[p] : 0.0;
            n_in += dm.in[p];
        }
        while (st == DX_OK && ns < limit) {
            int need_cov = !cov_met;
            size_t pick = n_candidates;
            if (need_cov) {
                double best_gain = 0.0;
                for (size_t c = 0; c < n_candidates; c++) {
                    if (used[c])
                        continue;
                    double gain = 0.0;
                    const double *pm = pmap + c * npx;
                    for (size_t p = 0; p < npx; p++) {
                        if (!dm.in[p] || pm[p] <= curp[p])
                            continue;
                        double wgt = 1.0 / (double)n_in + (tot_dev > 0 ? dm.dev[p] / tot_dev : 0.0);
                        gain += wgt * (pm[p] - curp[p]);
                    }
                    if (gain > best_gain) {
                        best_gain = gain;
                        pick = c;
                    }
                }
            } else {
                double bd = INFINITY;
                for (size_t c = 0; c < n_candidates; c++) {
                    if (used[c])
                        continue;
                    double d = hypot(candidates[c].x_m - ev.cx, candidates[c].y_m - ev.cy);
                    if (d < bd) {
                        bd = d;
                        pick = c;
                    }
                }
            }
            if (pick == n_candidates)
                break; /* candidates exhausted or no gain */
            used[pick] = 1;
            out_sites[ns++] = candidates[pick];
            *written = ns > *written ? ns : *written;
            for (size_t p = 0; p < npx; p++)
                if (pmap[pick * npx + p] > curp[p])
                    curp[p] = pmap[pick * npx + p];
            st = evaluate(grid, ns, out_sites, tech, &co, &po, &dm, &ev);
            if (st != DX_OK)
                break;
            cov_met = ev.coverage >= po.target_coverage_ratio;
            cap_met = ev.max_util <= po.max_utilisation_ratio;
            if (cov_met && !out->sites_for_coverage)
                out->sites_for_coverage = ns;
            if (cov_met && cap_met)
                break;
        }
        dx__free(pmap);
        dx__free(curp);
        dx__free(px);
        dx__free(py);
        dx__free(used);
    }
    demand_free(&dm);
    if (st != DX_OK)
        return st;
    out->n_sites = ns;
    out->coverage_ratio = ev.coverage;
    out->max_utilisation_ratio = ev.max_util;
    out->busiest_cell = ev.busiest;
    out->met = cov_met && cap_met;
    if (!out->met)
        out->bound = DX_PLAN_BOUND_UNMET;
    else if (out->sites_for_coverage && out->sites_for_coverage < ns)
        out->bound = DX_PLAN_BOUND_CAPACITY;
    else
        out->bound = DX_PLAN_BOUND_COVERAGE;
    return DX_OK;
}

dx_status dx_coverage_plan(const dx_grid *grid, const dx_technology *tech,
                           const dx_coverage_options *cov, const dx_plan_options *plan,
                           size_t n_candidates, const dx_site *candidates, size_t n_demand,
                           const dx_demand_class *demand, size_t cap, dx_site *out_sites,
                           dx_plan_result *out)
{
    /* with terrain: the memo on the DEM. Invalid arguments never reach it
     * (only successful plans are stored, so a hit means the same inputs
     * passed every check before); plan_impl reports them. */
    plan_key key = {NULL, 0, 0, 0};
    const dx_dem *dem = NULL;
    dx_coverage_options co;
    dx_plan_options po;
    if (grid && tech && out && out_sites && cov && cov->version >= 4 && cov->dem &&
        (!n_candidates || candidates) && (!n_demand || demand) &&
        dx__coverage_options_resolve(cov, &co, "dx_coverage_plan") == DX_OK &&
        (plan || dx_plan_options_init(&po, DX_PLAN_OPTIONS_VERSION) == DX_OK)) {
        if (plan)
            po = *plan;
        dem = co.dem;
        plan_key_build(&key, grid, tech, &co, &po, n_candidates, candidates, n_demand, demand,
                       cap);
        const size_t limit = po.max_sites < cap ? po.max_sites : cap;
        if (!key.oom && limit <= ((size_t)1 << 20)) {
            const size_t vcap = sizeof *out + limit * sizeof *out_sites;
            unsigned char *v = dx__malloc(vcap);
            size_t len = 0;
            int hit = v && dx__dem_memo_get(dem, key.p, key.n, v, vcap, &len) &&
                      len >= sizeof *out && (len - sizeof *out) % sizeof *out_sites == 0;
            if (hit) {
                memcpy(out, v, sizeof *out);
                memcpy(out_sites, v + sizeof *out, len - sizeof *out);
            }
            dx__free(v);
            if (hit) {
                dx__free(key.p);
                return DX_OK;
            }
        }
    }
    size_t written = 0;
    dx_status st = plan_impl(grid, tech, cov, plan, n_candidates, candidates, n_demand, demand,
                             cap, out_sites, out, &written);
    if (st == DX_OK && dem && !key.oom) {
        const size_t vlen = sizeof *out + written * sizeof *out_sites;
        unsigned char *v = dx__malloc(vlen);
        if (v) {
            memcpy(v, out, sizeof *out);
            memcpy(v + sizeof *out, out_sites, written * sizeof *out_sites);
            dx__dem_memo_put(dem, key.p, key.n, v, vlen);
            dx__free(v);
        }
    }
    dx__free(key.p);
    return st;
}
