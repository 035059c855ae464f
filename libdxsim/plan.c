/* Planning stage (dxsim/plan.h): one design per candidate technology. The
 * channel width is chosen here, on feasibility first and then the total cost
 * of ownership over the planning life, which a later stage supplies through a
 * callback; the evaluation horizon, procurement mode and programme menu never
 * enter. Both fidelities start from the analytic design (plan_radio.c); the
 * grid fidelity then places and checks the sites pixel by pixel. */
#define _GNU_SOURCE
#include "dx_internal.h"
#include "plan_internal.h"
#include "terrain_internal.h"
#include "progress_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dxsim/capacity.h"
#include "dxsim/coverage.h"
#include "dxsim/propagation.h"

struct dx_plan {
    size_t n;
    dx__plan_out *t; /* n entries, scenario order */
    dx_scenario sc;  /* the scenario planned (coverage options are derived from it) */
};

const char *dx_plan_fidelity_name(dx_plan_fidelity f)
{
    return f == DX_PLAN_FIDELITY_ANALYTIC ? "analytic" : f == DX_PLAN_FIDELITY_GRID ? "grid"
                                                                                     : "unknown";
}

size_t dx_plan_tech_size(void) { return sizeof(dx_plan_tech); }
size_t dx_plan_run_options_size(void) { return sizeof(dx_plan_run_options); }

dx_status dx_plan_run_options_init(dx_plan_run_options *o, unsigned int version)
{
    DX_REQUIRE_PTR(o);
    if (version == 0 || version > DX_PLAN_RUN_OPTIONS_VERSION)
        DX_FAIL(DX_EINVAL, "dx_plan_run_options_init: version = %u (this library knows 1..%d)",
                version, DX_PLAN_RUN_OPTIONS_VERSION);
    memset(o, 0, sizeof *o);
    o->version = version;
    o->fidelity = -1;
    return DX_OK;
}

void dx__plan_out_dispose(dx__plan_out *o)
{
    if (!o)
        return;
    dx__free(o->sites);
    o->sites = NULL;
    o->n_sites = 0;
}

/* ---- positions ------------------------------------------------------------------ */

/* Hexagonal lattice over the area for the analytic design: the lattice spacing
 * that gives the design's site count over the area's rectangle (pointy-top
 * hexagons of the planned radius, row spacing 1.5 R, column spacing sqrt(3) R),
 * clipped to the area. Returns exactly d.sites positions. */
/* m positions in rows over the w x h rectangle, staggered as a hexagonal lattice. */
static void lattice_xy(size_t m, double w, double h, size_t k, double *x, double *y)
{
    size_t cols = (size_t)fmax(1.0, round(sqrt((double)m * w / h)));
    if (cols > m)
        cols = m;
    size_t rows = (m + cols - 1) / cols;
    size_t r = k / cols, c = k % cols;
    size_t in_row = r + 1 < rows ? cols : m - r * cols;
    double dx = w / (double)in_row, dy = h / (double)rows;
    *x = fmin(fmax((c + 0.5 + (r % 2 ? 0.25 : -0.25) * (in_row > 1)) * dx, 0.0), w);
    *y = (r + 0.5) * dy;
}

size_t dx__plan_part_groups(const dx_scenario *sc, double radius_m, int sectors, dx__plan_group *g,
                            size_t cap, double *out_sites)
{
    *out_sites = 0;
    const size_t np = sc->polygon.on ? sc->polygon.n_parts : 0;
    if (np < 2 || !(radius_m > 0))
        return 0;
    dx__plan_group grp[DX__SC_MAX_PARTS];
    size_t ng = 0;
    double planar = 0;
    for (size_t i = 0; i < np; i++)
        planar += fmax(0.0, sc->polygon.part[i].area_m2);
    /* the parts' planar areas scaled to the geodesic area the report states */
    const double scale = planar > 0 && sc->polygon.area_m2 > 0 ? sc->polygon.area_m2 / planar : 1.0;
    for (size_t i = 0; i < np; i++) {
        const double a = fmax(0.0, sc->polygon.part[i].area_m2) * scale;
        double n = 1;
        if (dx_coverage_hex_site_count(a, radius_m, sectors, &n) != DX_OK || !(n >= 1))
            n = 1;
        dx__plan_group p = {sc->polygon.part[i].x0, sc->polygon.part[i].y0, sc->polygon.part[i].x1,
                            sc->polygon.part[i].y1, a, n};
        size_t j = 0;
        for (; n == 1 && j < ng; j++) {
            if (grp[j].sites != 1)
                continue;
            double x0 = fmin(grp[j].x0, p.x0), y0 = fmin(grp[j].y0, p.y0);
            double x1 = fmax(grp[j].x1, p.x1), y1 = fmax(grp[j].y1, p.y1);
            /* within half the radius of the shared site: at the radius itself a part sees
             * only the edge probability (90 %), below the area target (95 %); the grid
             * found 92 % for two facilities 1.07 km from a 1.13 km gateway (ASSUMED factor) */
            if (0.5 * hypot(x1 - x0, y1 - y0) <= 0.5 * radius_m) {
                grp[j].x0 = x0, grp[j].y0 = y0, grp[j].x1 = x1, grp[j].y1 = y1;
                grp[j].area_m2 += a;
                break;
            }
        }
        if (n != 1 || j == ng)
            grp[ng++] = p;
    }
    for (size_t j = 0; j < ng; j++) {
        *out_sites += grp[j].sites;
        if (g && j < cap)
            g[j] = grp[j];
    }
    return ng;
}

/* n positions on the lattice of the box (x0, y0, w, h) that lie inside the area
 * polygon, spread evenly through its rows; 0 when the lattice finds none. */
static size_t lattice_inside(const dx_scenario *sc, size_t n, double x0, double y0, double w, double h,
                             double *px, double *py)
{
    double x, y;
    size_t m_inside = 0;
    for (size_t m = n; m <= 64 * n + 64 && !m_inside; m += m / 16 > 1 ? m / 16 : 1) {
        size_t in = 0;
        for (size_t k = 0; k < m; k++) {
            lattice_xy(m, w, h, k, &x, &y);
            in += (size_t)dx__geo_ring_contains_xy(sc->polygon.n, sc->polygon.x_m, sc->polygon.y_m,
                                                   x0 + x, y0 + y);
        }
        if (in >= n)
            m_inside = m;
    }
    if (!m_inside)
        return 0;
    size_t c_inside = 0;
    for (size_t k = 0; k < m_inside; k++) {
        lattice_xy(m_inside, w, h, k, &x, &y);
        c_inside += (size_t)dx__geo_ring_contains_xy(sc->polygon.n, sc->polygon.x_m, sc->polygon.y_m,
                                                     x0 + x, y0 + y);
    }
    size_t placed = 0;
    for (size_t k = 0, seen = 0; k < m_inside && placed < n; k++) {
        lattice_xy(m_inside, w, h, k, &x, &y);
        if (!dx__geo_ring_contains_xy(sc->polygon.n, sc->polygon.x_m, sc->polygon.y_m, x0 + x, y0 + y))
            continue;
        if (seen++ != (size_t)(((double)placed + 0.5) * (double)c_inside / (double)n))
            continue;
        px[placed] = x0 + x, py[placed] = y0 + y;
        placed++;
    }
    return placed;
}

/* The sites of an area of several parts, group by group (dx__plan_part_groups):
 * a one-site group's site at the centre of its box, a larger part's on its own
 * lattice; sites beyond the groups' count (capacity) go to the groups in
 * proportion to their area. Returns 0 (nothing placed) when the groups do not
 * apply or a part's lattice finds no point inside. */
static int place_by_part(const dx_scenario *sc, dx__plan_out *o)
{
    dx__plan_group g[DX__SC_MAX_PARTS];
    double cov = 0;
    size_t ng = dx__plan_part_groups(sc, o->d.cell_radius_m, o->d.sectors > 0 ? o->d.sectors : 1, g,
                                     DX__SC_MAX_PARTS, &cov);
    const size_t n = o->d.sites;
    if (ng == 0 || (double)n < cov)
        return 0;
    double total_a = 0;
    for (size_t j = 0; j < ng; j++)
        total_a += g[j].area_m2;
    size_t extra = n - (size_t)cov, given = 0, per[DX__SC_MAX_PARTS];
    for (size_t j = 0; j < ng; j++) {
        per[j] = (size_t)g[j].sites;
        size_t e = total_a > 0 ? (size_t)floor((double)extra * g[j].area_m2 / total_a) : 0;
        per[j] += e, given += e;
    }
    for (size_t j = 0; given < extra; j = (j + 1) % ng, given++)
        per[j]++;
    double *px = dx__calloc(2 * n, sizeof *px);
    if (!px)
        return 0;
    double *py = px + n;
    size_t k = 0;
    for (size_t j = 0; j < ng; j++) {
        if (per[j] == 1) {
            px[k] = 0.5 * (g[j].x0 + g[j].x1), py[k] = 0.5 * (g[j].y0 + g[j].y1);
            k++;
        } else if (lattice_inside(sc, per[j], g[j].x0, g[j].y0, g[j].x1 - g[j].x0, g[j].y1 - g[j].y0,
                                  px + k, py + k) == per[j]) {
            k += per[j];
        } else {
            dx__free(px);
            return 0;
        }
    }
    for (size_t i = 0; i < n; i++)
        if (dx_coverage_site_init(&o->sites[i], &o->tech, px[i], py[i]) != DX_OK) {
            dx__free(px);
            return 0;
        }
    dx__free(px);
    return 1;
}

dx_status dx__plan_hex_positions(const dx_scenario *sc, dx__plan_out *o)
{
    size_t n = o->d.sites;
    dx__free(o->sites);
    o->sites = NULL;
    o->n_sites = 0;
    if (n == 0)
        return DX_OK;
    o->sites = dx__calloc(n, sizeof *o->sites);
    if (!o->sites)
        DX_FAIL(DX_ENOMEM, "out of memory placing %zu sites of '%s'", n, o->d.id);
    if (place_by_part(sc, o)) {
        o->n_sites = n;
        return DX_OK;
    }
    /* columns x rows ~ n with the aspect of the area */
    double w = sc->width_m, h = sc->height_m, x, y;
    /* a polygon area: the densest lattice over the bounding box whose points
     * inside the polygon (outside its holes) number at least n; its first n */
    size_t m_inside = 0;
    if (sc->polygon.on)
        for (size_t m = n; m <= 64 * n + 64 && !m_inside; m += m / 16 > 1 ? m / 16 : 1) {
            size_t in = 0;
            for (size_t k = 0; k < m; k++) {
                lattice_xy(m, w, h, k, &x, &y);
                in += (size_t)dx__geo_ring_contains_xy(sc->polygon.n, sc->polygon.x_m,
                                                       sc->polygon.y_m, x, y);
            }
            if (in >= n)
                m_inside = m;
        }
    /* that lattice may have more points inside than n: take n of them spread evenly
     * through its rows (inside point number floor((j + 0.5) c / n) for site j), not the
     * first n, which left the top rows empty and put a single gateway in a corner */
    size_t c_inside = 0;
    for (size_t k = 0; k < m_inside; k++) {
        lattice_xy(m_inside, w, h, k, &x, &y);
        c_inside += (size_t)dx__geo_ring_contains_xy(sc->polygon.n, sc->polygon.x_m, sc->polygon.y_m, x, y);
    }
    for (size_t k = 0, placed = 0, seen = 0; placed < n; k++) {
        if (m_inside) {
            lattice_xy(m_inside, w, h, k, &x, &y);
            if (!dx__geo_ring_contains_xy(sc->polygon.n, sc->polygon.x_m, sc->polygon.y_m, x, y))
                continue;
            if (seen++ != (size_t)(((double)placed + 0.5) * (double)c_inside / (double)n))
                continue;
        } else {
            lattice_xy(n, w, h, k, &x, &y);
        }
        DX_TRY(dx_coverage_site_init(&o->sites[placed++], &o->tech, x, y));
    }
    o->n_sites = n;
    return DX_OK;
}

/* ---- grid fidelity -------------------------------------------------------------- */

static double auto_resolution_m(const dx_scenario *sc)
{
    double longer = fmax(sc->width_m, sc->height_m);
    return fmax(10.0, longer / 200.0);
}

/* The coverage options of a design: the same model, mixture, rate and
 * shadowing as the analytic design, so the two fidelities differ only in how
 * the area is checked. */
dx_status dx__plan_coverage_options(const dx_scenario *sc, const dx__sc_tech *choice,
                                    const dx__plan_out *o, dx_coverage_options *co)
{
    DX_TRY(dx_coverage_options_init(co, DX_COVERAGE_OPTIONS_VERSION));
    char note[8];
    co->model = dx__plan_model(sc, choice, &o->tech, note, sizeof note);
    co->prop.los = DX_PROPAGATION_NLOS;
    if (co->model == DX_PROPAGATION_HATA)
        co->prop.environment = sc->env == DX_ENV_URBAN ? DX_PROPAGATION_ENV_URBAN_MEDIUM
                                                       : DX_PROPAGATION_ENV_SUBURBAN;
    co->los_mixture = 1;
    co->shadow_sigma_db = o->d.shadow_sigma_db;
    co->criterion = DX_COVERAGE_BY_RATE;
    co->rate_direction = 1; /* UL: the limiting direction of every catalogued uplink-heavy demand */
    co->required_rate_mbps = o->d.required_ul_mbps;
    co->pixel_target_ratio = sc->edge_probability_ratio;
    co->threads = 1; /* designs are planned in parallel by the caller, not per pixel */
    dx__plan_terrain_options(sc, choice, co);
    /* indoor devices: the building entry loss the analytic link budget takes off the MAPL is
     * added to every pixel's path loss (the grid found 1 LoRaWAN gateway enough for indoor bed
     * sensors the analytic design gave 2) */
    co->pl_offset_db += dx__plan_o2i_db(sc, o->tech.fc_hz, NULL, NULL, NULL);
    return DX_OK;
}

static dx_status grid_demand(const dx_scenario *sc, const dx__plan_out *o, dx_demand_class *dm,
                             size_t *n)
{
    *n = 0;
    for (size_t i = 0; i < sc->n_demand; i++) {
        const dx__sc_demand *d = &sc->demand[i];
        if (d->required_ul_bps / 1e6 > o->d.required_ul_mbps + 1e-9 ||
            d->required_dl_bps / 1e6 > o->d.required_dl_mbps + 1e-9)
            continue; /* a class the technology cannot carry */
        dx_demand_class *c = &dm[(*n)++];
        DX_TRY(dx_demand_class_init(c, d->name));
        c->count = d->count;
        c->distribution = DX_DEMAND_UNIFORM;
        c->ul_bps = d->ul_bps;
        c->dl_bps = d->dl_bps;
        c->peak_ul_bps = d->required_ul_bps;
        c->peak_dl_bps = d->required_dl_bps;
        if (d->message_bytes > 0 && d->messages_per_day > 0 && o->tech.family == DX_TECH_FAMILY_LORA) {
            c->ul_bps = 0; /* LoRa: counted as messages */
            c->msg_bytes = d->message_bytes;
            c->msgs_per_day = d->messages_per_day;
        }
    }
    return DX_OK;
}

dx_status dx__plan_grid(const dx_scenario *sc, const dx__plan_cfg *cfg, dx__plan_out *o)
{
    dx_plan_tech *r = &o->d;
    r->fidelity = DX_PLAN_FIDELITY_GRID;
    if (o->tech.subscription_only || !r->legal || r->sites == 0)
        return DX_OK; /* nothing to place: carrier network, refused or no design */
    const dx__sc_tech *choice = NULL;
    for (size_t i = 0; i < sc->n_tech; i++)
        if (strcmp(sc->tech[i].id, r->id) == 0)
            choice = &sc->tech[i];
    double res = cfg->grid_resolution_m > 0 ? cfg->grid_resolution_m : auto_resolution_m(sc);
    double nx = ceil(sc->width_m / res - 1e-9), ny = ceil(sc->height_m / res - 1e-9);
    if (!(nx * ny <= 4e6))
        DX_FAIL(DX_EDOMAIN, "grid fidelity: %.0f x %.0f pixels at %g m for a %g m x %g m area "
                            "(at most 4,000,000 pixels: give a coarser <plan grid_resolution_m>)",
                nx, ny, res, sc->width_m, sc->height_m);
    dx_grid g = {0.0, 0.0, res, (size_t)nx, (size_t)ny};
    dx_coverage_options co;
    DX_TRY(dx__plan_coverage_options(sc, choice, o, &co));
    dx_demand_class dm[DX__SC_MAX_DEMAND];
    size_t nd = 0;
    DX_TRY(grid_demand(sc, o, dm, &nd));
    dx_plan_options po;
    DX_TRY(dx_plan_options_init(&po, DX_PLAN_OPTIONS_VERSION));
    po.target_coverage_ratio = sc->target_area_ratio;
    /* room for four times the analytic count: the grid may need more sites
     * than the hexagonal estimate at the area's edges */
    size_t cap = r->sites * 4 + 16;
    po.max_sites = cap;
    dx_site *sites = dx__calloc(cap, sizeof *sites);
    if (!sites)
        DX_FAIL(DX_ENOMEM, "out of memory planning up to %zu sites of '%s'", cap, r->id);
    dx_plan_result pr;
    dx_status st = dx_coverage_plan(&g, &o->tech, &co, &po, 0, NULL, nd, dm, cap, sites, &pr);
    if (st != DX_OK) {
        dx__free(sites);
        return st;
    }
    dx__free(o->sites);
    o->sites = sites;
    o->n_sites = pr.n_sites;
    size_t per_site = o->tech.family == DX_TECH_FAMILY_LORA ? 1 : (size_t)r->sectors;
    r->sites = pr.n_sites;
    r->radios = pr.n_sites * per_site;
    r->coverage_ratio = pr.coverage_ratio;
    snprintf(r->bound_by, sizeof r->bound_by, "%s",
             pr.bound == DX_PLAN_BOUND_CAPACITY ? "capacity" : "coverage");
    /* capacity of the design at the planned load: the busiest cell sets it */
    double util = pr.max_utilisation_ratio;
    if (util > 0) {
        r->capacity_ul_mbps = r->offered_ul_mbps / util * po.max_utilisation_ratio;
        r->capacity_dl_mbps = r->offered_dl_mbps / util * po.max_utilisation_ratio;
    }
    dx__plan_note(o, "grid fidelity: %zu sites placed on %zu x %zu pixels of %g m; area coverage "
                     "%.1f %% (LOS/NLOS mixture of the serving cell), busiest cell at %.0f %% load",
                  pr.n_sites, g.nx, g.ny, res, 100 * pr.coverage_ratio, 100 * util);
    if (r->legal && !r->classes_unserved && !o->lpwa_overloaded) {
        r->feasible = pr.met;
        if (pr.met)
            snprintf(r->verdict, sizeof r->verdict,
                     "covers %.1f %% of the area and carries every demand class (%s-bound, %zu "
                     "sites placed on the grid)",
                     100 * r->coverage_ratio, r->bound_by, r->sites);
        else
            snprintf(r->verdict, sizeof r->verdict,
                     "grid plan stops at %zu sites: area coverage %.1f %% (target %.0f %%), busiest "
                     "cell at %.0f %% load",
                     r->sites, 100 * r->coverage_ratio, 100 * sc->target_area_ratio, 100 * util);
    }
    return DX_OK;
}

/* ---- one technology: every width, the best design kept ------------------------------ */

static int better(const dx_plan_tech *a, const dx_plan_tech *b)
{
    if (a->feasible != b->feasible)
        return a->feasible > b->feasible;
    if (a->feasible) {
        if (isfinite(a->tco_jpy) && isfinite(b->tco_jpy) && a->tco_jpy != b->tco_jpy)
            return a->tco_jpy < b->tco_jpy;
        if (a->radios != b->radios)
            return a->radios < b->radios;
        return a->bw_hz < b->bw_hz;
    }
    /* neither feasible: the design closest to the targets */
    if (a->coverage_ratio != b->coverage_ratio)
        return a->coverage_ratio > b->coverage_ratio;
    return a->radios < b->radios;
}

/* The scenario restricted to the demand classes on routes (on_route = 1) or
 * spread over the area (on_route = 0). Returns the number of classes kept. */
static size_t demand_subset(const dx_scenario *sc, int on_route, dx_scenario *out)
{
    *out = *sc;
    out->n_demand = 0;
    for (size_t i = 0; i < sc->n_demand; i++)
        if ((sc->demand[i].route >= 0) == on_route)
            out->demand[out->n_demand++] = sc->demand[i];
    return out->n_demand;
}

/* The design of the area demand classes at the configured fidelity. */
static dx_status plan_area(const dx_scenario *sc, const dx__sc_tech *choice, double bw_hz,
                           const dx__plan_cfg *cfg, int place, dx__plan_out *o)
{
    memset(o, 0, sizeof *o);
    DX_TRY(dx__plan_technology(choice, bw_hz, &o->tech));
    DX_TRY(dx__plan_radio(sc, choice, o));
    o->d.corridor_spacing_m = NAN;
    if (cfg->fidelity == DX_PLAN_FIDELITY_GRID)
        DX_TRY(dx__plan_grid(sc, cfg, o));
    else if (place && !o->tech.subscription_only)
        DX_TRY(dx__plan_hex_positions(sc, o));
    if (sc->terrain.on && cfg->fidelity == DX_PLAN_FIDELITY_ANALYTIC && !o->tech.subscription_only)
        dx__plan_note(o, "WARNING: the analytic fidelity ignores the terrain the scenario names "
                         "(DEM %s): its site count assumes flat earth; plan with <plan "
                         "fidelity=\"grid\"> (dxsim run/coverage --fidelity grid) for terrain "
                         "shadow",
                      sc->terrain.tiles);
    /* a class whose required edge rate is below its own average cannot send
     * its traffic at the edge: the design follows the required figure, said */
    for (size_t i = 0; i < sc->n_demand; i++)
        if (sc->demand[i].required_ul_bps < sc->demand[i].ul_bps - 0.5)
            dx__plan_note(o, "WARNING: demand class '%s' requires %g kbit/s uplink at the cell edge, "
                             "below its average of %g kbit/s: a device there cannot send its "
                             "traffic; the design uses the required figure (check required_ul_kbps)",
                          sc->demand[i].name, sc->demand[i].required_ul_bps / 1e3,
                          sc->demand[i].ul_bps / 1e3);
    o->d.sites_area = o->d.sites;
    return DX_OK;
}

/* Area and route demand together: the area design of the area classes plus
 * roadside sites for the route classes (the route design gives the link). */
static dx_status plan_with_routes(const dx_scenario *sc, const dx__sc_tech *choice, double bw_hz,
                                  const dx__plan_cfg *cfg, dx__plan_out *o)
{
    dx_scenario *sub = dx__malloc(2 * sizeof *sub);
    dx__plan_out *route = dx__calloc(1, sizeof *route);
    if (!sub || !route) {
        dx__free(sub);
        dx__free(route);
        DX_FAIL(DX_ENOMEM, "out of memory planning the routes of '%s'", choice->id);
    }
    dx_scenario *area_sc = &sub[0], *route_sc = &sub[1];
    size_t n_area = demand_subset(sc, 0, area_sc);
    demand_subset(sc, 1, route_sc);
    dx__plan_cfg analytic = *cfg; /* the route classes' design only gives the corridor's link */
    analytic.place_sites = 0;
    analytic.fidelity = DX_PLAN_FIDELITY_ANALYTIC;
    dx_status st = plan_area(route_sc, choice, bw_hz, &analytic, 0, route);
    if (st == DX_OK && n_area)
        st = plan_area(area_sc, choice, bw_hz, cfg, 1, o);
    else if (st == DX_OK) {
        /* route demand only: the design is the corridor */
        *o = *route;
        o->sites = NULL;
        o->n_sites = 0;
        o->d.sites = o->d.radios = o->d.sites_area = 0;
        /* a corridor is checked sample by sample with the grid engine at either fidelity */
        o->d.fidelity = cfg->fidelity;
        snprintf(o->d.bound_by, sizeof o->d.bound_by, "corridor");
        /* the corridor's verdict is set below from the route checks */
    }
    if (st == DX_OK && n_area) {
        /* the design carries the route classes too */
        dx_plan_tech *d = &o->d;
        const dx_plan_tech *r = &route->d;
        d->devices += r->devices;
        o->served_mask |= route->served_mask;
        d->classes_unserved += r->classes_unserved;
        d->offered_dl_mbps += r->offered_dl_mbps;
        d->offered_ul_mbps += r->offered_ul_mbps;
        d->required_dl_mbps = fmax(d->required_dl_mbps, r->required_dl_mbps);
        d->required_ul_mbps = fmax(d->required_ul_mbps, r->required_ul_mbps);
        if (!r->legal || r->classes_unserved) {
            d->feasible = 0;
            snprintf(d->verdict, sizeof d->verdict, "%s", r->verdict);
        }
        for (size_t k = 0; k < route->n_notes; k++)
            if (strncmp(route->notes[k], "cannot carry", 12) == 0)
                dx__plan_note(o, "%s", route->notes[k]);
    }
    if (st == DX_OK && o->d.legal && !route->d.classes_unserved)
        st = dx__plan_corridor(sc, choice, route, o);
    if (st == DX_OK && !n_area && o->d.legal && !route->d.classes_unserved) {
        /* a corridor design is feasible when every route with demand is sustained */
        double worst = 1.0;
        int ok = o->n_sites > 0;
        for (size_t k = 0; k < o->n_routes; k++) {
            worst = fmin(worst, o->route[k].covered_ratio);
            ok = ok && o->route[k].ul_sustained && o->route[k].n_outage_segments == 0;
        }
        o->d.coverage_ratio = worst;
        o->d.feasible = ok;
        if (ok)
            snprintf(o->d.verdict, sizeof o->d.verdict,
                     "covers every route sample and sustains %.3g Mbit/s uplink with %zu roadside "
                     "sites %.0f m apart",
                     o->d.required_ul_mbps, o->d.sites_corridor, o->d.corridor_spacing_m);
    }
    dx__plan_out_dispose(route);
    dx__free(route);
    dx__free(sub);
    return st;
}

/* ---- terminals and existing sites ----------------------------------------------- */

/* Terminal of a demand class on a technology: the class's own, else the
 * default by class (ASSUMED, docs/planning.md): Wi-Fi devices have the radio
 * built in; a carrier or LPWA device embeds a module; on Local 5G and HaLow a
 * stream of 1 Mbit/s or more (an IP camera, a vehicle) connects through a
 * CPE/bridge and anything slower (a sensor, a wearable) embeds a module. */
static int terminal_of(const dx__sc_demand *d, const dx_technology *t)
{
    if (d->terminal >= 0)
        return d->terminal;
    switch (t->family) {
    case DX_TECH_FAMILY_WIFI_HE:
    case DX_TECH_FAMILY_WIFI_EHT:
        return DX__TERMINAL_BUILTIN;
    case DX_TECH_FAMILY_LORA:
    case DX_TECH_FAMILY_LTEM:
        return DX__TERMINAL_MODULE;
    case DX_TECH_FAMILY_CARRIER:
        return DX__TERMINAL_CPE; /* a router or camera with a carrier module: carrier.router */
    default:
        break;
    }
    return d->required_ul_bps >= 1e6 || d->ul_bps >= 1e6 ? DX__TERMINAL_CPE : DX__TERMINAL_MODULE;
}

static void plan_terminals(const dx_scenario *sc, dx__plan_out *o)
{
    o->d.terminals_module = o->d.terminals_cpe = 0;
    for (size_t i = 0; i < sc->n_demand; i++) {
        if (!(o->served_mask & (1u << i)))
            continue;
        const dx__sc_demand *d = &sc->demand[i];
        switch (terminal_of(d, &o->tech)) {
        case DX__TERMINAL_MODULE:
            o->d.terminals_module += d->count;
            break;
        case DX__TERMINAL_CPE:
            o->d.terminals_cpe += d->count;
            break;
        case DX__TERMINAL_GATEWAY:
            o->d.terminals_cpe += ceil(d->count / d->devices_per_terminal);
            break;
        default:
            break; /* built in */
        }
    }
}

/* Existing (given) sites first, then candidates: each replaces the planned
 * position it is nearest to when it lies within tol_m of it (a site within
 * half a cell radius of the ideal position serves the same area; ASSUMED,
 * docs/planning.md); the others stay new. Positions [from, to) of o. */
static void reuse_sites(const dx_scenario *sc, dx__plan_out *o, size_t from, size_t to,
                        double tol_m, unsigned char *used, unsigned char *origin)
{
    for (int pass = 0; pass < 2; pass++)
        for (size_t k = 0; k < sc->n_sites; k++) {
            const dx__sc_site *s = &sc->site[k];
            if (used[k] || s->candidate != pass)
                continue;
            size_t best = to;
            double best_d = tol_m;
            for (size_t j = from; j < to; j++) {
                double dist = hypot(o->sites[j].x_m - s->x_m, o->sites[j].y_m - s->y_m);
                if (!origin[j] && dist <= best_d) {
                    best_d = dist;
                    best = j;
                }
            }
            if (best == to)
                continue;
            used[k] = 1;
            origin[best] = (unsigned char)(2 + k % 254); /* != 0: reused */
            o->sites[best].x_m = s->x_m;
            o->sites[best].y_m = s->y_m;
            if (s->height_m > 0)
                o->sites[best].height_m = s->height_m;
            o->d.sites_given += !s->candidate;
            o->d.sites_candidate += s->candidate;
            o->d.sites_need_pole -= s->pole;
            o->d.sites_need_power -= s->power;
            o->d.sites_need_backhaul -= s->backhaul;
        }
}

static dx_status plan_sites_origin(const dx_scenario *sc, dx__plan_out *o)
{
    dx_plan_tech *d = &o->d;
    d->sites_given = d->sites_candidate = 0;
    d->sites_need_pole = d->sites_need_power = d->sites_need_backhaul = d->sites;
    if (sc->n_sites && o->sites && o->n_sites == d->sites) {
        unsigned char *used = dx__calloc(sc->n_sites + o->n_sites, 1);
        if (!used)
            DX_FAIL(DX_ENOMEM, "out of memory matching the scenario's sites");
        size_t n_area = d->sites_area < o->n_sites ? d->sites_area : o->n_sites;
        double r = isfinite(d->cell_radius_m) ? d->cell_radius_m : 0;
        reuse_sites(sc, o, 0, n_area, 0.5 * r, used, used + sc->n_sites);
        if (isfinite(d->corridor_spacing_m))
            reuse_sites(sc, o, n_area, o->n_sites, 0.25 * d->corridor_spacing_m, used,
                        used + sc->n_sites);
        dx__free(used);
        if (d->sites_given + d->sites_candidate)
            dx__plan_note(o, "sites: %zu existing and %zu candidate sites of the scenario stand "
                             "within half a cell radius of planned positions and are used; %zu new "
                             "sites (poles needed at %zu, power at %zu, backhaul at %zu)",
                          d->sites_given, d->sites_candidate,
                          d->sites - d->sites_given - d->sites_candidate, d->sites_need_pole,
                          d->sites_need_power, d->sites_need_backhaul);
    }
    d->sites_new = d->sites - d->sites_given - d->sites_candidate;
    return DX_OK;
}

static int has_route_demand(const dx_scenario *sc)
{
    for (size_t i = 0; i < sc->n_demand; i++)
        if (sc->demand[i].route >= 0)
            return 1;
    return 0;
}

static dx_status plan_width(const dx_scenario *sc, const dx__sc_tech *choice, double bw_hz,
                            const dx__plan_cfg *cfg, dx__plan_out *o)
{
    dx_technology t;
    DX_TRY(dx_technology_find(choice->id, &t));
    if (has_route_demand(sc) && !t.subscription_only) {
        DX_TRY(plan_with_routes(sc, choice, bw_hz, cfg, o));
    } else {
        /* routes without demand of their own are checked along the area's sites */
        DX_TRY(plan_area(sc, choice, bw_hz, cfg, cfg->place_sites || sc->n_routes || sc->n_sites,
                         o));
        DX_TRY(dx__plan_check_routes(sc, choice, o));
    }
    if (!o->tech.subscription_only) {
        DX_TRY(plan_sites_origin(sc, o));
        if (o->d.sites_given + o->d.sites_candidate && sc->n_routes) {
            /* reused sites moved: the routes are checked again along the final sites */
            DX_TRY(dx__plan_check_routes(sc, choice, o));
            for (size_t k = 0; k < o->n_routes; k++) {
                int with_demand = 0;
                for (size_t i = 0; i < sc->n_demand; i++)
                    with_demand |= sc->demand[i].route == (int)k;
                if (with_demand && o->d.feasible &&
                    (o->route[k].n_outage_segments || !o->route[k].ul_sustained)) {
                    o->d.feasible = 0;
                    snprintf(o->d.verdict, sizeof o->d.verdict,
                             "route '%s' has %zu outage segments along the existing sites used",
                             sc->route[k].name, o->route[k].n_outage_segments);
                }
            }
        }
    }
    plan_terminals(sc, o);
    o->d.planning_life_years = sc->planning_life_years;
    o->d.tco_jpy = NAN;
    if (cfg->tco_fn && (o->d.sites > 0 || o->tech.subscription_only))
        DX_TRY(cfg->tco_fn(sc, &o->d, sc->planning_life_years, cfg->tco_user, &o->d.tco_jpy));
    return DX_OK;
}

dx_status dx__plan_one(const dx_scenario *sc, const dx__sc_tech *choice, const dx__plan_cfg *cfg,
                       dx__plan_out *o)
{
    dx_technology t;
    DX_TRY(dx_technology_find(choice->id, &t));
    if (choice->bw_mhz > 0 || t.n_bw_options <= 1) {
        dx_status st = plan_width(sc, choice, 0.0, cfg, o);
        if (st != DX_OK)
            dx__plan_out_dispose(o);
        return st;
    }
    if (cfg->fidelity == DX_PLAN_FIDELITY_GRID) {
        /* the width is chosen on the analytic designs (the same choice as the
         * analytic fidelity); the grid then places and checks that design */
        dx__plan_cfg analytic = *cfg;
        analytic.fidelity = DX_PLAN_FIDELITY_ANALYTIC;
        analytic.place_sites = 0;
        DX_TRY(dx__plan_one(sc, choice, &analytic, o));
        double bw = o->d.bw_hz;
        char width_note[DX__NOTE_LEN] = "";
        for (size_t k = 0; k < o->n_notes; k++)
            if (strncmp(o->notes[k], "channel width chosen", 20) == 0)
                snprintf(width_note, sizeof width_note, "%s", o->notes[k]);
        dx__plan_out_dispose(o);
        dx_status st = plan_width(sc, choice, bw, cfg, o);
        if (st != DX_OK) {
            dx__plan_out_dispose(o);
            return st;
        }
        if (width_note[0])
            dx__plan_note(o, "%s", width_note);
        return DX_OK;
    }
    dx__plan_out *trial = dx__malloc(sizeof *trial);
    if (!trial)
        DX_FAIL(DX_ENOMEM, "out of memory comparing channel widths of '%s'", t.id);
    int have = 0;
    char tried[DX__NOTE_LEN] = "";
    memset(o, 0, sizeof *o);
    for (size_t k = 0; k < t.n_bw_options; k++) {
        dx_status st = plan_width(sc, choice, t.bw_options_hz[k], cfg, trial);
        if (st != DX_OK) {
            dx__plan_out_dispose(trial);
            dx__plan_out_dispose(o);
            dx__free(trial);
            return st;
        }
        char one[96], tco[32] = "";
        if (isfinite(trial->d.tco_jpy))
            snprintf(tco, sizeof tco, ", TCO %.4g M JPY", trial->d.tco_jpy / 1e6);
        snprintf(one, sizeof one, "%s%g MHz: %s%s", k ? "; " : "", t.bw_options_hz[k] / 1e6,
                 trial->d.feasible ? "feasible" : "not feasible", tco);
        strncat(tried, one, sizeof tried - strlen(tried) - 1);
        if (!have || better(&trial->d, &o->d)) {
            dx__plan_out_dispose(o);
            memcpy(o, trial, sizeof *trial);
            have = 1;
        } else
            dx__plan_out_dispose(trial);
        trial->sites = NULL;
    }
    dx__free(trial);
    dx__plan_note(o, "channel width chosen: %g MHz, feasible first, then the lowest %g-year total "
                     "cost of ownership at purchase prices (tried %s)",
                  o->d.bw_hz / 1e6, sc->planning_life_years, tried);
    return DX_OK;
}

/* ---- public API ------------------------------------------------------------------- */

dx_status dx_plan_run(const dx_scenario *sc, const dx_plan_run_options *opts, dx_plan **out)
{
    DX_REQUIRE_PTR(out);
    *out = NULL;
    DX_REQUIRE_PTR(sc);
    dx_plan_run_options def;
    if (!opts) {
        dx_plan_run_options_init(&def, DX_PLAN_RUN_OPTIONS_VERSION);
        opts = &def;
    }
    if (opts->version == 0 || opts->version > DX_PLAN_RUN_OPTIONS_VERSION)
        DX_FAIL(DX_EINVAL, "dx_plan_run: opts->version = %u (call dx_plan_run_options_init)",
                opts->version);
    if (opts->fidelity < -1 || opts->fidelity > DX_PLAN_FIDELITY_GRID)
        DX_FAIL(DX_EINVAL, "dx_plan_run: opts->fidelity = %d (allowed -1, 0 analytic, 1 grid)",
                opts->fidelity);
    if (!(opts->grid_resolution_m >= 0 && opts->grid_resolution_m <= 10000))
        DX_FAIL(DX_EDOMAIN, "dx_plan_run: opts->grid_resolution_m = %g m (allowed 0 = auto, or "
                            "up to 10000 m)", opts->grid_resolution_m);
    dx__plan_cfg cfg = {
        .fidelity = (dx_plan_fidelity)(opts->fidelity >= 0 ? opts->fidelity : sc->plan_fidelity),
        .grid_resolution_m = opts->grid_resolution_m > 0 ? opts->grid_resolution_m
                                                         : sc->grid_resolution_m,
        .place_sites = 1,
        .tco_fn = opts->tco_fn,
        .tco_user = opts->tco_user,
    };
    dx_plan *p = dx__calloc(1, sizeof *p);
    if (!p)
        DX_FAIL(DX_ENOMEM, "out of memory allocating a plan");
    p->t = dx__calloc(sc->n_tech ? sc->n_tech : 1, sizeof *p->t);
    if (!p->t) {
        dx__free(p);
        DX_FAIL(DX_ENOMEM, "out of memory allocating a plan of %zu technologies", sc->n_tech);
    }
    p->sc = *sc;
    dx__dem_retain(p->sc.terrain.dem); /* the plan's copy keeps the terrain alive */
    dx__progress own = {0}, *prog = NULL;
    if (opts->version >= 2 && opts->progress_fn) {
        own = (dx__progress){opts->progress_fn, opts->progress_user, 0.0, 1.0, 0, 0, -1.0, 0};
        prog = &own;
    }
    dx__progress_report(prog, "plan", 0.0);
    for (size_t i = 0; i < sc->n_tech; i++) {
        if (opts->only_tech && strcmp(opts->only_tech, sc->tech[i].id) != 0)
            continue;
        dx_status st = dx__plan_one(sc, &sc->tech[i], &cfg, &p->t[p->n]);
        dx__progress_report(prog, "plan", (double)(i + 1) / (double)sc->n_tech);
        if (st != DX_OK) {
            dx__prefix_error("technology '%s'", sc->tech[i].id);
            dx_plan_free(p);
            return st;
        }
        p->n++;
    }
    dx__progress_report(prog, "plan", 1.0);
    if (opts->only_tech && p->n == 0) {
        dx_plan_free(p);
        DX_FAIL(DX_ENOTFOUND, "dx_plan_run: technology '%s' is not a candidate of the scenario",
                opts->only_tech);
    }
    *out = p;
    return DX_OK;
}

void dx_plan_free(dx_plan *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++)
        dx__plan_out_dispose(&p->t[i]);
    dx__free(p->t);
    dx_dem_free((dx_dem *)p->sc.terrain.dem);
    dx__free(p);
}

size_t dx_plan_count(const dx_plan *p) { return p ? p->n : 0; }

dx_status dx_plan_get(const dx_plan *p, size_t i, dx_plan_tech *out)
{
    DX_REQUIRE_PTR(p);
    DX_REQUIRE_PTR(out);
    if (i >= p->n)
        DX_FAIL(DX_EINVAL, "dx_plan_get: i = %zu (the plan holds %zu technologies)", i, p->n);
    *out = p->t[i].d;
    return DX_OK;
}

dx_status dx_plan_sites(const dx_plan *p, size_t i, size_t cap, dx_site *out_sites, size_t *out_n)
{
    DX_REQUIRE_PTR(p);
    DX_REQUIRE_PTR(out_n);
    if (i >= p->n)
        DX_FAIL(DX_EINVAL, "dx_plan_sites: i = %zu (the plan holds %zu technologies)", i, p->n);
    *out_n = p->t[i].n_sites;
    if (cap < p->t[i].n_sites)
        DX_FAIL(DX_EBUFSIZE, "dx_plan_sites: cap = %zu, technology '%s' has %zu sites", cap,
                p->t[i].d.id, p->t[i].n_sites);
    if (p->t[i].n_sites)
        memcpy(out_sites, p->t[i].sites, p->t[i].n_sites * sizeof *out_sites);
    return DX_OK;
}

dx_status dx_plan_technology(const dx_plan *p, size_t i, dx_technology *out)
{
    DX_REQUIRE_PTR(p);
    DX_REQUIRE_PTR(out);
    if (i >= p->n)
        DX_FAIL(DX_EINVAL, "dx_plan_technology: i = %zu (the plan holds %zu technologies)", i, p->n);
    *out = p->t[i].tech;
    return DX_OK;
}

dx_status dx_plan_coverage_options(const dx_plan *p, size_t i, dx_coverage_options *out)
{
    DX_REQUIRE_PTR(p);
    DX_REQUIRE_PTR(out);
    if (i >= p->n)
        DX_FAIL(DX_EINVAL, "dx_plan_coverage_options: i = %zu (the plan holds %zu technologies)",
                i, p->n);
    const dx__plan_out *o = &p->t[i];
    if (o->tech.subscription_only)
        DX_FAIL(DX_ENOTFOUND, "dx_plan_coverage_options: '%s' is a carrier network (no sites)",
                o->d.id);
    const dx__sc_tech *choice = NULL;
    for (size_t k = 0; k < p->sc.n_tech; k++)
        if (strcmp(p->sc.tech[k].id, o->d.id) == 0)
            choice = &p->sc.tech[k];
    return dx__plan_coverage_options(&p->sc, choice, o, out);
}

dx_status dx_plan_route(const dx_plan *p, size_t i, size_t k, dx_coverage_route_summary *out)
{
    DX_REQUIRE_PTR(p);
    DX_REQUIRE_PTR(out);
    if (i >= p->n || k >= p->t[i].n_routes)
        DX_FAIL(DX_EINVAL, "dx_plan_route: technology %zu, route %zu (the plan holds %zu "
                           "technologies; this one has %zu routes)",
                i, k, p->n, i < p->n ? p->t[i].n_routes : 0);
    *out = p->t[i].route[k];
    return DX_OK;
}

size_t dx_plan_note_count(const dx_plan *p, size_t i) { return p && i < p->n ? p->t[i].n_notes : 0; }

const char *dx_plan_note(const dx_plan *p, size_t i, size_t k)
{
    if (!p || i >= p->n || k >= p->t[i].n_notes)
        return NULL;
    return p->t[i].notes[k];
}

const dx__plan_out *dx__plan_out_at(const dx_plan *p, size_t i)
{
    return p && i < p->n ? &p->t[i] : NULL;
}

const dx_scenario *dx__plan_scenario(const dx_plan *p) { return &p->sc; }
