/* Planning stage, corridors (menu ②-3 and any route demand): roadside sites
 * along the scenario's routes, spaced from the link budget, and every route
 * checked sample by sample along the design's sites (handovers, outage
 * segments, sustained uplink).
 *
 * Spacing. A roadside site serves the road on both sides of it, so
 * consecutive sites stand 2 r apart along the road, r being the radius at
 * which the served probability at the edge meets the scenario's cell-edge
 * target (dx_coverage_composite_radius_m with no area target: a corridor is a
 * line, not a disc). Sites are placed at equal arc-length steps of at most
 * 2 r, which is conservative at bends (the straight-line distance to a site
 * is never longer than the distance along the road), alternately on either
 * side of the road (ASSUMED 5 m setback: a pole on the kerb); sites of
 * crossing routes closer than r/2 are merged. When the check along the route
 * still finds an outage or an unsustained uplink at median signal, the
 * spacing is shrunk by 15 % and the route re-planned (at most 8 times). */
#define _GNU_SOURCE
#include "dx_internal.h"
#include "counters_internal.h"
#include "plan_internal.h"

#include <stdio.h>
#include <string.h>

#include "dxsim/coverage.h"

#define DX__ROADSIDE_SETBACK_M 5.0 /* ASSUMED: pole on the kerb */
#define DX__CORRIDOR_SHRINK 0.85
#define DX__CORRIDOR_TRIES 8

static double route_length_m(const dx__sc_route *rt)
{
    double L = 0;
    for (size_t k = 1; k < rt->n_points; k++)
        L += hypot(rt->x_m[k] - rt->x_m[k - 1], rt->y_m[k] - rt->y_m[k - 1]);
    return L;
}

/* Point at arc length s along the route, with the unit direction there. */
void dx__plan_route_point(const dx__sc_route *rt, double s, double *x, double *y, double *ux,
                        double *uy)
{
    for (size_t k = 1; k < rt->n_points; k++) {
        double dx = rt->x_m[k] - rt->x_m[k - 1], dy = rt->y_m[k] - rt->y_m[k - 1];
        double len = hypot(dx, dy);
        if (len <= 0)
            continue;
        if (s <= len || k + 1 == rt->n_points) {
            double f = fmin(1.0, s / len);
            *x = rt->x_m[k - 1] + f * dx;
            *y = rt->y_m[k - 1] + f * dy;
            *ux = dx / len;
            *uy = dy / len;
            return;
        }
        s -= len;
    }
    *x = rt->x_m[0];
    *y = rt->y_m[0];
    *ux = 1;
    *uy = 0;
}

static int route_has_demand(const dx_scenario *sc, size_t k)
{
    for (size_t i = 0; i < sc->n_demand; i++)
        if (sc->demand[i].route == (int)k)
            return 1;
    return 0;
}

/* Uplink a route must sustain: its own required_ul_kbps or the most demanding
 * class on it (Mbit/s). */
double dx__plan_route_required_ul_mbps(const dx_scenario *sc, size_t k)
{
    double ul = sc->route[k].required_ul_kbps / 1e3;
    for (size_t i = 0; i < sc->n_demand; i++)
        if (sc->demand[i].route == (int)k)
            ul = fmax(ul, sc->demand[i].required_ul_bps / 1e6);
    return ul;
}

/* A route check is a pure function of the sites, the technology record, the
 * coverage options and the route; a scenario Monte Carlo whose draws do not
 * move the design (demand within the same site count, prices) asks it again
 * on every draw. Per-thread memo of successful answers keyed on all of them
 * by value (equal bytes, equal question; padding-only differences are misses).
 * The area polygon the options borrow is keyed by its vertices (the options'
 * pointers are left out: each Monte Carlo block's scenario copy has its own).
 * Not used with terrain (the DEM is a pointer that could later hold other
 * data), with a polygon of more vertices or a design of more sites than a
 * slot holds. */
#define DX__ROUTE_MEMO 4
#define DX__ROUTE_MEMO_SITES 64
#define DX__ROUTE_MEMO_AREA 256
typedef struct {
    size_t n_sites;
    dx_site sites[DX__ROUTE_MEMO_SITES];
    dx_technology tech;
    dx_coverage_options co; /* area_x_m, area_y_m set to NULL */
    double area_x_m[DX__ROUTE_MEMO_AREA], area_y_m[DX__ROUTE_MEMO_AREA];
    size_t n_points;
    double x_m[DX__SC_MAX_ROUTE_POINTS], y_m[DX__SC_MAX_ROUTE_POINTS];
    double step_m, req_mbps;
} route_key;
static _Thread_local struct {
    int valid;
    route_key k;
    dx_coverage_route_summary sum;
} dx__route_memo[DX__ROUTE_MEMO];
static _Thread_local unsigned dx__route_memo_next;
static _Thread_local route_key dx__route_probe; /* scratch: too large for the stack */

static dx_status check_route(const dx__plan_out *o, const dx_coverage_options *co,
                             const dx__sc_route *rt, double req, dx_coverage_route_summary *out)
{
    route_key *k = &dx__route_probe;
    const int area = co->area_x_m || co->area_y_m;
    int memo = o->n_sites <= DX__ROUTE_MEMO_SITES && !co->dem &&
               rt->n_points <= DX__SC_MAX_ROUTE_POINTS &&
               (!area || (co->area_x_m && co->area_y_m && co->n_area <= DX__ROUTE_MEMO_AREA));
    if (memo) {
        memset(k, 0, sizeof *k);
        k->n_sites = o->n_sites;
        memcpy(k->sites, o->sites, o->n_sites * sizeof *o->sites);
        memcpy(&k->tech, &o->tech, sizeof k->tech);
        memcpy(&k->co, co, sizeof k->co);
        k->co.area_x_m = k->co.area_y_m = NULL;
        if (area) {
            memcpy(k->area_x_m, co->area_x_m, co->n_area * sizeof *co->area_x_m);
            memcpy(k->area_y_m, co->area_y_m, co->n_area * sizeof *co->area_y_m);
        }
        k->n_points = rt->n_points;
        memcpy(k->x_m, rt->x_m, rt->n_points * sizeof *rt->x_m);
        memcpy(k->y_m, rt->y_m, rt->n_points * sizeof *rt->y_m);
        k->step_m = rt->step_m;
        k->req_mbps = req;
        for (unsigned i = 0; i < DX__ROUTE_MEMO; i++)
            if (dx__route_memo[i].valid && memcmp(&dx__route_memo[i].k, k, sizeof *k) == 0) {
                *out = dx__route_memo[i].sum;
                return DX_OK;
            }
    }
    dx__count(DX__COUNT_ROUTE_CHECK);
    DX_TRY(dx_coverage_route(o->n_sites, o->sites, &o->tech, co, rt->n_points, rt->x_m, rt->y_m,
                             rt->step_m, req, out, 0, NULL, NULL, NULL, NULL, NULL));
    if (memo) {
        unsigned i = dx__route_memo_next++ % DX__ROUTE_MEMO;
        memcpy(&dx__route_memo[i].k, k, sizeof *k);
        dx__route_memo[i].sum = *out;
        dx__route_memo[i].valid = 1;
    }
    return DX_OK;
}

dx_status dx__plan_check_routes(const dx_scenario *sc, const dx__sc_tech *choice, dx__plan_out *o)
{
    o->n_routes = 0;
    o->d.n_routes = 0;
    if (sc->n_routes == 0 || o->tech.subscription_only || !o->sites || o->n_sites == 0)
        return DX_OK;
    dx_coverage_options co;
    DX_TRY(dx__plan_coverage_options(sc, choice, o, &co));
    for (size_t k = 0; k < sc->n_routes; k++) {
        const dx__sc_route *rt = &sc->route[k];
        DX_TRY(check_route(o, &co, rt, dx__plan_route_required_ul_mbps(sc, k), &o->route[k]));
        o->n_routes++;
    }
    o->d.n_routes = o->n_routes;
    return DX_OK;
}

/* Roadside positions of route k at spacing_m; appended to sites (cap entries). */
static dx_status place_route(const dx_scenario *sc, const dx_technology *t, size_t k,
                             double spacing_m, double merge_m, size_t cap, dx_site *sites,
                             size_t *n)
{
    const dx__sc_route *rt = &sc->route[k];
    double L = route_length_m(rt);
    size_t m = (size_t)ceil(L / spacing_m - 1e-9) + 1; /* sites at both ends and every <= 2r */
    for (size_t j = 0; j < m; j++) {
        double s = m > 1 ? L * (double)j / (double)(m - 1) : 0.0;
        double x, y, ux, uy;
        dx__plan_route_point(rt, s, &x, &y, &ux, &uy);
        double side = j % 2 ? -1.0 : 1.0; /* alternate sides of the road */
        x = fmin(fmax(x - side * uy * DX__ROADSIDE_SETBACK_M, 0.0), sc->width_m);
        y = fmin(fmax(y + side * ux * DX__ROADSIDE_SETBACK_M, 0.0), sc->height_m);
        int dup = 0;
        for (size_t q = 0; q < *n && !dup; q++)
            dup = hypot(sites[q].x_m - x, sites[q].y_m - y) < merge_m;
        if (dup)
            continue;
        if (*n >= cap)
            DX_FAIL(DX_EDOMAIN, "corridor of route '%s': more than %zu roadside sites", rt->name,
                    cap);
        DX_TRY(dx_coverage_site_init(&sites[*n], t, x, y));
        (*n)++;
    }
    return DX_OK;
}

dx_status dx__plan_corridor(const dx_scenario *sc, const dx__sc_tech *choice,
                            const dx__plan_out *route, dx__plan_out *o)
{
    if (!route->have_link)
        return DX_OK; /* no link: the design already says why */
    double r_edge = 0, area = 0;
    dx_status st = dx_coverage_composite_radius_m(&route->link, sc->edge_probability_ratio, 0.0,
                                                  10.0, 30000.0, &r_edge, &area);
    if (st != DX_OK) {
        dx__plan_note(o, "corridor: link budget too short for the route rate: %s", dx_last_error());
        o->d.feasible = 0;
        snprintf(o->d.verdict, sizeof o->d.verdict, "corridor: link budget too short for the "
                                                    "route's uplink");
        return DX_OK;
    }
    double total_len = 0;
    for (size_t k = 0; k < sc->n_routes; k++)
        if (route_has_demand(sc, k))
            total_len += route_length_m(&sc->route[k]);
    double spacing = 2.0 * r_edge;
    size_t cap = (size_t)ceil(total_len / (spacing * pow(DX__CORRIDOR_SHRINK, DX__CORRIDOR_TRIES))) +
                 2 * sc->n_routes + 2;
    if (cap > 100000)
        DX_FAIL(DX_EDOMAIN, "corridor: %.0f m of route at %.0f m spacing needs more than 100000 "
                            "roadside sites", total_len, spacing);
    dx_site *all = dx__calloc(o->n_sites + cap, sizeof *all);
    if (!all)
        DX_FAIL(DX_ENOMEM, "out of memory placing roadside sites");
    size_t n_area = o->n_sites, n = 0;
    if (n_area)
        memcpy(all, o->sites, n_area * sizeof *all);
    int tries = 0, ok = 0;
    double used = spacing;
    for (; tries <= DX__CORRIDOR_TRIES && !ok; tries++) {
        n = 0;
        used = spacing;
        for (size_t k = 0; k < sc->n_routes && st == DX_OK; k++)
            if (route_has_demand(sc, k))
                st = place_route(sc, &o->tech, k, spacing, r_edge / 2.0, cap, all + n_area, &n);
        if (st != DX_OK)
            break;
        dx__free(o->sites);
        o->sites = dx__malloc((n_area + n) * sizeof *o->sites);
        if (!o->sites) {
            st = DX_ENOMEM;
            dx__set_error("out of memory placing roadside sites");
            break;
        }
        memcpy(o->sites, all, (n_area + n) * sizeof *all);
        o->n_sites = n_area + n;
        st = dx__plan_check_routes(sc, choice, o);
        ok = 1;
        for (size_t k = 0; k < o->n_routes && st == DX_OK; k++)
            if (route_has_demand(sc, k) &&
                (o->route[k].n_outage_segments > 0 || !o->route[k].ul_sustained))
                ok = 0;
        if (!ok)
            spacing *= DX__CORRIDOR_SHRINK;
    }
    dx__free(all);
    if (st != DX_OK)
        return st;
    dx_plan_tech *d = &o->d;
    d->sites_corridor = n;
    d->corridor_spacing_m = used;
    d->sites += n;
    d->radios += n * (size_t)(o->tech.family == DX_TECH_FAMILY_LORA ? 1 : d->sectors);
    dx__plan_note(o, "corridor: %zu roadside sites along %.0f m of route, %.0f m apart (2 x the "
                     "%.0f m radius meeting the %.0f %% cell-edge target for %.3g Mbit/s uplink%s)",
                  n, total_len, used, r_edge, 100 * sc->edge_probability_ratio,
                  route->d.required_ul_mbps, tries > 1 ? ", shrunk after the route check" : "");
    if (!ok) {
        d->feasible = 0;
        snprintf(d->verdict, sizeof d->verdict,
                 "the route check still finds outages or an unsustained uplink after %d "
                 "re-plans of the corridor", DX__CORRIDOR_TRIES);
    }
    return DX_OK;
}
