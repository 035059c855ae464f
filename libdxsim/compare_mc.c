/* Monte Carlo wrapper of the comparison: the scenario's <uncertainty> inputs
 * are drawn by the uncertainty module (seeded, identical for any thread
 * count); each draw re-runs every designed technology through the pipeline.
 * Outputs per technology: net cost, area coverage, feasible (0/1). */
#define _GNU_SOURCE
#include "dx_internal.h"
#include "compare_internal.h"

#include <stdio.h>
#include <string.h>

#include "dxsim/uncertainty.h"

/* Net cost given to a draw in which a technology has no design at all (so the
 * uncertainty module, which refuses non-finite outputs, can still rank it last). */
#define DX__MC_NO_DESIGN_JPY 1e15

typedef struct {
    const dx_results *R;
    int radio_fixed;          /* no input changes the radio design: reuse it */
    size_t n_tech;            /* technologies in the run (designed at base) */
    size_t tech_index[DX__SC_MAX_TECH]; /* index into R->t */
} dx__mc_ctx;

/* Apply one drawn input to a scenario copy and the price scales. */
static dx_status apply_input(const dx__sc_uncertain *u, double v, dx_scenario *sc,
                             dx__price_scales *s)
{
    const char *t = u->target;
    if (strcmp(t, "discount_rate") == 0)
        sc->discount_rate_ratio = v;
    else if (strcmp(t, "edge_probability") == 0)
        sc->edge_probability_ratio = fmin(0.999, fmax(0.5, v));
    else if (strcmp(t, "demand_scale") == 0) {
        for (size_t i = 0; i < sc->n_demand; i++)
            sc->demand[i].count = fmax(1.0, round(sc->demand[i].count * v));
    } else if (strncmp(t, "price_scale:", 12) == 0) {
        const char *k = t + 12;
        double *f = strcmp(k, "radio") == 0          ? &s->radio
                    : strcmp(k, "installation") == 0 ? &s->installation
                    : strcmp(k, "subscription") == 0 ? &s->subscription
                    : strcmp(k, "devices") == 0      ? &s->devices
                    : strcmp(k, "all") == 0          ? &s->all
                                                     : NULL;
        if (!f)
            DX_FAIL(DX_EINVAL, "%s:%d: <uncertainty>/<input target=\"%s\">: unknown price scale "
                               "(radio, installation, subscription, devices, all)",
                    sc->source, u->line, t);
        *f = fmax(0.0, v);
    } else if (strncmp(t, "price:", 6) == 0) {
        if (sc->n_price >= DX__SC_MAX_PRICE)
            DX_FAIL(DX_EDOMAIN, "too many price overrides with uncertainty (at most %d)",
                    DX__SC_MAX_PRICE);
        dx__sc_price *p = &sc->price[sc->n_price++];
        snprintf(p->key, sizeof p->key, "%s", t + 6);
        p->jpy = fmax(0.0, v);
        p->line = u->line;
    } else {
        DX_FAIL(DX_EINVAL, "%s:%d: <uncertainty>/<input target=\"%s\">: unknown target "
                           "(discount_rate, edge_probability, demand_scale, price_scale:NAME, "
                           "price:KEY)",
                sc->source, u->line, t);
    }
    return DX_OK;
}

static int mc_model(const double *in, size_t n_in, double *out, size_t n_out, void *user)
{
    const dx__mc_ctx *c = user;
    dx_scenario sc = c->R->sc;
    dx__price_scales s = {1, 1, 1, 1, 1};
    for (size_t k = 0; k < n_in; k++)
        DX_TRY(apply_input(&sc.uncertain[k], in[k], &sc, &s));
    dx__tech_out *o = dx__malloc(sizeof *o);
    if (!o)
        DX_FAIL(DX_ENOMEM, "out of memory in a Monte Carlo draw");
    for (size_t i = 0; i < c->n_tech && 3 * i + 2 < n_out; i++) {
        const dx__tech_out *base = &c->R->t[c->tech_index[i]];
        const dx__sc_tech *choice = NULL;
        for (size_t k = 0; k < sc.n_tech; k++)
            if (strcmp(sc.tech[k].id, base->res.id) == 0)
                choice = &sc.tech[k];
        dx_status st;
        if (!choice)
            st = DX_ERROR;
        else if (c->radio_fixed) {
            /* prices and discounting only: keep the base radio design */
            memcpy(o, base, sizeof *o);
            o->n_notes = 0;
            st = dx__compare_finish(&sc, &s, o);
        } else
            st = dx__compare_tech(&sc, choice, &s, o);
        if (st != DX_OK) {
            dx__free(o);
            return st;
        }
        out[3 * i] = isfinite(o->res.net_cost_jpy) ? o->res.net_cost_jpy : DX__MC_NO_DESIGN_JPY;
        out[3 * i + 1] = isfinite(o->res.coverage_ratio) ? o->res.coverage_ratio : 0.0;
        out[3 * i + 2] = o->res.feasible;
    }
    dx__free(o);
    return DX_OK;
}

static dx_status to_distribution(const dx__sc_uncertain *u, dx_distribution *d)
{
    static const char *const names[] = {"normal", "lognormal", "uniform", "triangular", "pert"};
    static const dx_dist_kind kinds[] = {DX_DIST_NORMAL, DX_DIST_LOGNORMAL, DX_DIST_UNIFORM,
                                         DX_DIST_TRIANGULAR, DX_DIST_PERT};
    for (int k = 0; k < 5; k++)
        if (strcmp(u->dist, names[k]) == 0) {
            d->kind = kinds[k];
            d->a = u->a;
            d->b = u->b;
            d->c = u->c;
            return DX_OK;
        }
    DX_FAIL(DX_EINVAL, "line %d: unknown distribution '%s'", u->line, u->dist);
}

dx_status dx__compare_uncertainty(dx_results *R)
{
    const dx_scenario *sc = &R->sc;
    dx__mc_ctx ctx = {.R = R};
    for (size_t i = 0; i < R->n && ctx.n_tech < DX__SC_MAX_TECH; i++)
        if (isfinite(R->t[i].res.net_cost_jpy))
            ctx.tech_index[ctx.n_tech++] = i;
    if (ctx.n_tech == 0)
        return DX_OK;
    ctx.radio_fixed = 1;
    for (size_t k = 0; k < sc->n_uncertain; k++)
        if (strcmp(sc->uncertain[k].target, "edge_probability") == 0 ||
            strcmp(sc->uncertain[k].target, "demand_scale") == 0)
            ctx.radio_fixed = 0;
    dx_distribution dist[DX__SC_MAX_UNCERTAIN];
    for (size_t k = 0; k < sc->n_uncertain; k++) {
        DX_TRY(to_distribution(&sc->uncertain[k], &dist[k]));
        snprintf(R->mc_inputs[k], sizeof R->mc_inputs[k], "%s", sc->uncertain[k].target);
    }
    R->n_mc_inputs = sc->n_uncertain;
    dx_uncertainty_options o;
    DX_TRY(dx_uncertainty_options_init(&o, DX_UNCERTAINTY_OPTIONS_VERSION));
    o.draws = sc->mc_draws;
    o.seed = sc->mc_seed;
    o.threads = 0; /* all cores; results do not depend on the thread count */
    dx_uncertainty_result *u = NULL;
    DX_TRY(dx_uncertainty_run(sc->n_uncertain, dist, NULL, 3 * ctx.n_tech, mc_model, &ctx, &o, &u));

    size_t nd = dx_uncertainty_result_draws(u);
    double *cost = dx__malloc(sizeof(double) * nd * 2);
    dx_status st = cost ? DX_OK : DX_ENOMEM;
    if (!cost)
        dx__set_error("out of memory summarising %zu draws", nd);
    double *best_cost = cost ? cost + nd : NULL;
    int *best = st == DX_OK ? dx__calloc(nd, sizeof *best) : NULL;
    if (st == DX_OK && !best) {
        st = DX_ENOMEM;
        dx__set_error("out of memory summarising %zu draws", nd);
    }
    for (size_t d = 0; st == DX_OK && d < nd; d++) {
        best[d] = -1;
        best_cost[d] = INFINITY;
    }
    /* Per technology: percentiles; then per draw: the cheapest feasible one. */
    for (size_t i = 0; st == DX_OK && i < ctx.n_tech; i++) {
        dx_tech_result *r = &R->t[ctx.tech_index[i]].res;
        dx_uncertainty_summary cs, vs;
        st = dx_uncertainty_result_summary(u, 3 * i, &cs);
        if (st == DX_OK)
            st = dx_uncertainty_result_summary(u, 3 * i + 1, &vs);
        if (st != DX_OK)
            break;
        r->net_cost_p10_jpy = cs.p10;
        r->net_cost_p50_jpy = cs.p50;
        r->net_cost_p90_jpy = cs.p90;
        r->coverage_p10_ratio = vs.p10;
        r->coverage_p50_ratio = vs.p50;
        r->coverage_p90_ratio = vs.p90;
        double *feas = dx__malloc(sizeof(double) * nd);
        if (!feas) {
            st = DX_ENOMEM;
            dx__set_error("out of memory summarising %zu draws", nd);
            break;
        }
        st = dx_uncertainty_result_output_draws(u, 3 * i, nd, cost);
        if (st == DX_OK)
            st = dx_uncertainty_result_output_draws(u, 3 * i + 2, nd, feas);
        for (size_t d = 0; st == DX_OK && d < nd; d++)
            if (feas[d] > 0.5 && cost[d] < best_cost[d]) {
                best_cost[d] = cost[d];
                best[d] = (int)i;
            }
        dx__free(feas);
    }
    for (size_t i = 0; st == DX_OK && i < ctx.n_tech; i++) {
        size_t wins = 0;
        for (size_t d = 0; d < nd; d++)
            wins += best[d] == (int)i;
        R->t[ctx.tech_index[i]].res.p_cheapest_ratio = nd ? (double)wins / (double)nd : NAN;
    }
    /* P(#1 cheaper than #2), when both have designs (tech_index 0 and 1 are ranks 1, 2). */
    if (st == DX_OK && ctx.n_tech >= 2 && ctx.tech_index[0] == 0 && ctx.tech_index[1] == 1)
        st = dx_uncertainty_result_prob_less(u, 0, 3, &R->p_first_cheaper_ratio);
    /* Tornado of the top-ranked technology's net cost (it is tech_index 0 when designed). */
    if (st == DX_OK && ctx.tech_index[0] == 0) {
        R->n_tornado = 0;
        for (size_t k = 0; k < sc->n_uncertain; k++) {
            dx_tornado_bar bar;
            if (dx_uncertainty_result_tornado(u, 0, k, &bar) != DX_OK)
                break;
            snprintf(R->tornado[k].input, sizeof R->tornado[k].input, "%s",
                     sc->uncertain[bar.input].target);
            R->tornado[k].low_jpy = bar.output_low;
            R->tornado[k].high_jpy = bar.output_high;
            R->n_tornado++;
        }
    }
    R->have_mc = st == DX_OK;
    R->mc_draws = nd;
    dx__free(best);
    dx__free(cost);
    dx_uncertainty_result_free(u);
    return st;
}
