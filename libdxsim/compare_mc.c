/* Monte Carlo wrapper of the comparison: the scenario's <uncertainty> inputs
 * are drawn by the uncertainty module (seeded, identical for any thread
 * count); each draw re-runs every designed technology through the pipeline.
 * Outputs per technology: net cost, area coverage, feasible (0/1). */
#define _GNU_SOURCE
#include "dx_internal.h"
#include "compare_internal.h"
#include "progress_internal.h"

#include <stdio.h>
#include <string.h>

#include "dxsim/finance.h"
#include "dxsim/uncertainty.h"

/* Net cost given to a draw in which a technology has no design at all (so the
 * uncertainty module, which refuses non-finite outputs, can still rank it last). */
#define DX__MC_NO_DESIGN_JPY 1e15

typedef struct {
    const dx_results *R;
    int radio_fixed;          /* no input changes the radio design: reuse it */
    size_t n_tech;            /* technologies in the run (designed at base) */
    size_t tech_index[DX__SC_MAX_TECH]; /* index into R->t */
    struct dx__progress_s *progress;    /* draws done (maps branch: progress) */
    /* draws in which input k was outside its physical range and clamped
     * (counted atomically: draws run on worker threads) */
    unsigned long clamped[DX__SC_MAX_UNCERTAIN];
} dx__mc_ctx;

/* Where an uncertain input lands in the scenario: a numeric field (times
 * scale, clamped to its allowed range) and whether it changes the radio design. */
typedef struct {
    double *field;
    double scale, lo, hi;
    int radio;
} dx__mc_target;

static dx_status unknown_target(const dx_scenario *sc, const dx__sc_uncertain *u, const char *why)
{
    DX_FAIL(DX_EINVAL,
            "%s:%d: <uncertainty>/<input target=\"%s\">: %s (targets: discount_rate, "
            "edge_probability, target_area, carrier_coverage, area.width_m, area.height_m, "
            "demand_scale, devices:NAME.count|ul_kbps|dl_kbps|required_ul_kbps|required_dl_kbps, "
            "technology:ID.bs_height_m, benefit:NAME, price:KEY, "
            "price_scale:radio|installation|subscription|devices|all)",
            sc->source, u->line, u->target, why);
}

/* Resolve u->target in sc. Special targets (demand_scale, price_scale:,
 * price:) leave out->field NULL and are handled by apply_input. */
static dx_status resolve_target(dx_scenario *sc, const dx__sc_uncertain *u, dx__mc_target *out)
{
    const char *t = u->target;
    *out = (dx__mc_target){NULL, 1.0, -INFINITY, INFINITY, 0};
    const char *dot = strrchr(t, '.');
    if (strcmp(t, "discount_rate") == 0)
        *out = (dx__mc_target){&sc->discount_rate_ratio, 1, -0.05, 0.5, 0};
    else if (strcmp(t, "edge_probability") == 0)
        *out = (dx__mc_target){&sc->edge_probability_ratio, 1, 0.5, 0.999, 1};
    else if (strcmp(t, "target_area") == 0)
        *out = (dx__mc_target){&sc->target_area_ratio, 1, 0.1, 0.999, 1};
    else if (strcmp(t, "carrier_coverage") == 0)
        *out = (dx__mc_target){&sc->carrier_coverage_ratio, 1, 0, 1, 1};
    else if (strcmp(t, "area.width_m") == 0)
        *out = (dx__mc_target){&sc->width_m, 1, 10, 200e3, 1};
    else if (strcmp(t, "area.height_m") == 0)
        *out = (dx__mc_target){&sc->height_m, 1, 10, 200e3, 1};
    else if (strcmp(t, "demand_scale") == 0)
        out->radio = 1;
    else if (strncmp(t, "price_scale:", 12) == 0 || strncmp(t, "price:", 6) == 0)
        return DX_OK;
    else if (strncmp(t, "benefit:", 8) == 0) {
        for (size_t i = 0; i < sc->n_benefit; i++)
            if (strcmp(sc->benefit[i].name, t + 8) == 0)
                *out = (dx__mc_target){&sc->benefit[i].jpy_per_year, 1, 0, INFINITY, 0};
        if (!out->field)
            return unknown_target(sc, u, "no benefit with that name");
    } else if (strncmp(t, "devices:", 8) == 0 && dot) {
        size_t nlen = (size_t)(dot - (t + 8));
        dx__sc_demand *d = NULL;
        for (size_t i = 0; i < sc->n_demand; i++)
            if (strlen(sc->demand[i].name) == nlen && strncmp(sc->demand[i].name, t + 8, nlen) == 0)
                d = &sc->demand[i];
        if (!d)
            return unknown_target(sc, u, "no demand class with that name");
        const char *f = dot + 1;
        if (strcmp(f, "count") == 0)
            *out = (dx__mc_target){&d->count, 1, 1, 1e6, 1};
        else if (strcmp(f, "ul_kbps") == 0)
            *out = (dx__mc_target){&d->ul_bps, 1e3, 0, 1e10, 1};
        else if (strcmp(f, "dl_kbps") == 0)
            *out = (dx__mc_target){&d->dl_bps, 1e3, 0, 1e10, 1};
        else if (strcmp(f, "required_ul_kbps") == 0)
            *out = (dx__mc_target){&d->required_ul_bps, 1e3, 0, 1e10, 1};
        else if (strcmp(f, "required_dl_kbps") == 0)
            *out = (dx__mc_target){&d->required_dl_bps, 1e3, 0, 1e10, 1};
        else
            return unknown_target(sc, u, "unknown demand field");
    } else if (strncmp(t, "technology:", 11) == 0 && dot && strcmp(dot + 1, "bs_height_m") == 0) {
        size_t nlen = (size_t)(dot - (t + 11));
        for (size_t i = 0; i < sc->n_tech; i++)
            if (strlen(sc->tech[i].id) == nlen && strncmp(sc->tech[i].id, t + 11, nlen) == 0)
                *out = (dx__mc_target){&sc->tech[i].bs_height_m, 1, 1.5, 150, 1};
        if (!out->field)
            return unknown_target(sc, u, "no candidate technology with that id");
    } else
        return unknown_target(sc, u, "unknown target");
    return DX_OK;
}

/* The physical range of an input's drawn value (what apply_input clamps to). */
static void input_range(const dx__sc_uncertain *u, const dx__mc_target *tg, double *lo, double *hi)
{
    if (tg->field) {
        *lo = tg->lo;
        *hi = tg->hi;
    } else { /* demand_scale, price_scale:, price: are factors / prices >= 0 */
        *lo = 0.0;
        *hi = INFINITY;
    }
    (void)u;
}

/* Apply one drawn input to a scenario copy and the price scales; *clamped = 1
 * when the value was outside its physical range and was clamped to it. */
static dx_status apply_input(const dx__sc_uncertain *u, double v, dx_scenario *sc,
                             dx__price_scales *s, int *clamped)
{
    const char *t = u->target;
    dx__mc_target tg;
    DX_TRY(resolve_target(sc, u, &tg));
    double lo, hi;
    input_range(u, &tg, &lo, &hi);
    *clamped = v < lo || v > hi;
    if (tg.field) {
        *tg.field = fmin(tg.hi, fmax(tg.lo, v)) * tg.scale;
    } else if (strcmp(t, "demand_scale") == 0) {
        for (size_t i = 0; i < sc->n_demand; i++)
            sc->demand[i].count = fmax(1.0, round(sc->demand[i].count * fmax(0.0, v)));
    } else if (strncmp(t, "price_scale:", 12) == 0) {
        const char *k = t + 12;
        double *f = strcmp(k, "radio") == 0          ? &s->radio
                    : strcmp(k, "installation") == 0 ? &s->installation
                    : strcmp(k, "subscription") == 0 ? &s->subscription
                    : strcmp(k, "devices") == 0      ? &s->devices
                    : strcmp(k, "all") == 0          ? &s->all
                                                     : NULL;
        if (!f)
            return unknown_target(sc, u, "unknown price scale");
        *f = fmax(0.0, v);
    } else { /* price:KEY */
        if (sc->n_price >= DX__SC_MAX_PRICE)
            DX_FAIL(DX_EDOMAIN, "too many price overrides with uncertainty (at most %d)",
                    DX__SC_MAX_PRICE);
        dx__sc_price *p = &sc->price[sc->n_price++];
        snprintf(p->key, sizeof p->key, "%s", t + 6);
        p->jpy = fmax(0.0, v);
        p->line = u->line;
    }
    return DX_OK;
}

/* Price of a key in a scenario: its last <price> override, else the book's. */
static double key_price(const dx_scenario *sc, const dx_price_book *book, const char *key)
{
    dx_price_entry e;
    int found = dx_price_book_find(book, key, &e) == DX_OK;
    for (size_t i = sc->n_price; i-- > 0;)
        if (strcmp(sc->price[i].key, key) == 0) /* a state fee (不課税) has no tax to take out */
            return sc->price[i].jpy /
                   (sc->prices_tax_included && !(found && e.not_taxable) ? 1.0 + DX__CONSUMPTION_TAX_RATIO : 1.0);
    return found ? e.value : NAN;
}

/* A mixed design in a draw: its parts keep their design, and every item's
 * price moves with the draw's scales and price overrides (cash flows are
 * linear in the unit prices); then the programme and cost-effectiveness. */
static dx_status redraw_mixed(const dx_scenario *base, const dx_scenario *sc,
                              const dx__price_scales *s, dx__tech_out *o)
{
    dx_price_book *book = NULL;
    DX_TRY(dx_price_book_builtin(&book));
    const size_t ny = dx__compare_n_years(sc, NULL);
    dx_status st = DX_OK;
    for (int m = 0; m < DX_COMPARE_N_MODES && st == DX_OK; m++) {
        dx__cost_mode *cm = &o->mode[m];
        for (size_t k = 0; k < cm->n_items; k++) {
            dx_cost_item *it = &cm->items[k];
            double f = dx__compare_price_scale(s, it);
            if (it->price_key[0]) {
                double b = key_price(base, book, it->price_key), d = key_price(sc, book, it->price_key);
                if (b > 0 && isfinite(d))
                    f *= d / b;
            }
            it->unit_price_jpy *= f;
        }
        st = dx__compare_mode_flows(sc, cm, ny, cm->per_year_jpy);
        double total = 0;
        for (size_t y = 0; y < ny; y++)
            total += cm->per_year_jpy[y];
        o->res.cost_jpy[m] = total;
        if (st == DX_OK)
            st = dx_finance_npv_jpy(sc->discount_rate_ratio, ny, cm->per_year_jpy,
                                    &o->res.npv_cost_jpy[m]);
    }
    dx_price_book_free(book);
    if (st == DX_OK)
        st = dx__compare_settle(sc, o);
    return st;
}

/* Outputs per technology and draw: rank cost, coverage, feasible, B/C. */
#define MC_OUT 4

static int mc_model(const double *in, size_t n_in, double *out, size_t n_out, void *user)
{
    dx__mc_ctx *c = user;
    dx_scenario sc = c->R->sc;
    sc.compare_booking = 0; /* the side-by-side booking is the base run's, not each draw's */
    dx__price_scales s = {1, 1, 1, 1, 1};
    for (size_t k = 0; k < n_in; k++) {
        int clamped = 0;
        DX_TRY(apply_input(&sc.uncertain[k], in[k], &sc, &s, &clamped));
        if (clamped)
            __atomic_fetch_add(&c->clamped[k], 1UL, __ATOMIC_RELAXED);
    }
    dx__tech_out *o = dx__malloc(sizeof *o);
    if (!o)
        DX_FAIL(DX_ENOMEM, "out of memory in a Monte Carlo draw");
    for (size_t i = 0; i < c->n_tech && MC_OUT * i + 3 < n_out; i++) {
        const dx__tech_out *base = &c->R->t[c->tech_index[i]];
        const dx__sc_tech *choice = NULL;
        for (size_t k = 0; k < sc.n_tech; k++)
            if (strcmp(sc.tech[k].id, base->res.id) == 0)
                choice = &sc.tech[k];
        dx_status st;
        if (base->mixed) {
            memcpy(o, base, sizeof *o);
            o->n_notes = o->n_more_notes = 0;
            st = redraw_mixed(&c->R->sc, &sc, &s, o);
        } else if (!choice)
            st = DX_ERROR;
        else if (c->radio_fixed) {
            /* prices and discounting only: keep the base radio design */
            memcpy(o, base, sizeof *o);
            o->n_notes = o->n_more_notes = 0;
            st = dx__compare_finish(&sc, &s, o);
        } else {
            /* a radio input: re-plan (analytic fidelity, at the base run's width) */
            dx__plan_cfg cfg;
            dx__compare_plan_cfg(&sc, &s, 0, &cfg);
            cfg.fidelity = DX_PLAN_FIDELITY_ANALYTIC;
            st = dx__compare_tech(&sc, choice, &cfg, &s, o);
        }
        if (st != DX_OK) {
            dx__free(o);
            return st;
        }
        out[MC_OUT * i] = isfinite(o->res.rank_cost_jpy) ? o->res.rank_cost_jpy : DX__MC_NO_DESIGN_JPY;
        out[MC_OUT * i + 1] = isfinite(o->res.coverage_ratio) ? o->res.coverage_ratio : 0.0;
        out[MC_OUT * i + 2] = o->res.feasible;
        /* B/C (MLIT basis); a draw whose design does not deliver the service
         * has no benefits: 0 (the module refuses non-finite outputs) */
        out[MC_OUT * i + 3] = isfinite(o->res.benefit_cost_ratio) ? o->res.benefit_cost_ratio : 0.0;
    }
    dx__free(o);
    dx__progress_step(c->progress, "monte_carlo");
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

/* Every <uncertainty>/<input> resolves to a target of the scenario and has a
 * valid distribution; price:KEY names a price-book key (dx_compare_check). */
dx_status dx__compare_check_uncertainty(const dx_scenario *sc)
{
    if (!sc->n_uncertain)
        return DX_OK;
    dx_scenario *probe = dx__malloc(sizeof *probe);
    if (!probe)
        DX_FAIL(DX_ENOMEM, "out of memory checking the uncertainty inputs");
    *probe = *sc;
    dx_price_book *book = NULL;
    dx_status st = dx_price_book_builtin(&book);
    for (size_t k = 0; k < sc->n_uncertain && st == DX_OK; k++) {
        const dx__sc_uncertain *u = &sc->uncertain[k];
        dx__mc_target tg;
        dx_distribution d;
        double mean, var;
        st = resolve_target(probe, u, &tg);
        if (st == DX_OK && strncmp(u->target, "price_scale:", 12) == 0) {
            static const char *const scales[] = {"radio", "installation", "subscription",
                                                 "devices", "all"};
            int found = 0;
            for (int i = 0; i < 5; i++)
                found |= strcmp(u->target + 12, scales[i]) == 0;
            if (!found)
                st = unknown_target(sc, u, "unknown price scale");
        }
        if (st == DX_OK && strncmp(u->target, "price:", 6) == 0) {
            dx_price_entry e;
            if (dx_price_book_find(book, u->target + 6, &e) != DX_OK) {
                st = DX_ENOTFOUND;
                dx__set_error("%s:%d: <uncertainty>/<input target=\"%s\">: no price-book key "
                              "'%s' (dxsim cost --keys lists them)",
                              sc->source, u->line, u->target, u->target + 6);
            }
        }
        if (st == DX_OK)
            st = to_distribution(u, &d);
        if (st == DX_OK && (st = dx_uncertainty_moments(&d, &mean, &var)) != DX_OK)
            dx__prefix_error("%s:%d: <uncertainty>/<input target=\"%s\">", sc->source, u->line,
                             u->target);
    }
    dx_price_book_free(book);
    dx__free(probe);
    return st;
}

/* The Monte Carlo work of a run, in re-plans (the one place that estimates
 * it): draws x candidate technologies when an input moves the radio design
 * (those draws re-plan every designed technology, see mc_model), else 0.
 * *radio_input receives the first such input (NULL when none). The
 * candidates are an upper bound of the designed technologies. */
static dx_status mc_replans(const dx_scenario *sc, double *out, const dx__sc_uncertain **radio_input)
{
    *out = 0;
    *radio_input = NULL;
    if (!sc->n_uncertain)
        return DX_OK;
    dx_scenario *probe = dx__malloc(sizeof *probe);
    if (!probe)
        DX_FAIL(DX_ENOMEM, "out of memory estimating the Monte Carlo work");
    *probe = *sc;
    dx_status st = DX_OK;
    for (size_t k = 0; k < sc->n_uncertain && st == DX_OK && !*radio_input; k++) {
        dx__mc_target tg;
        st = resolve_target(probe, &sc->uncertain[k], &tg);
        if (st == DX_OK && tg.radio)
            *radio_input = &sc->uncertain[k];
    }
    dx__free(probe);
    DX_TRY(st);
    if (*radio_input)
        *out = (double)sc->mc_draws * (double)sc->n_tech;
    return DX_OK;
}

dx_status dx_compare_mc_replans(const dx_scenario *sc, double *out_replans)
{
    DX_REQUIRE_PTR(sc);
    DX_REQUIRE_PTR(out_replans);
    const dx__sc_uncertain *u;
    return mc_replans(sc, out_replans, &u);
}

/* Refuse a run whose Monte Carlo work exceeds max_replans (0 = no bound). */
dx_status dx__compare_check_mc_work(const dx_scenario *sc, size_t max_replans)
{
    double w = 0;
    const dx__sc_uncertain *u = NULL;
    DX_TRY(mc_replans(sc, &w, &u));
    if (max_replans == 0 || w <= (double)max_replans)
        return DX_OK;
    DX_FAIL(DX_EDOMAIN,
            "%s:%d: <uncertainty draws=\"%zu\">: %zu draws x %zu technologies re-planned per "
            "draw (input target=\"%s\" moves the radio design) = %.0f re-plans, above the bound "
            "of %zu re-plans (allowed: draws x technologies <= max_mc_replans; raise it with "
            "dxsim run --max-replans N, dx_compare_run_options.max_mc_replans or Python "
            "max_mc_replans=N, 0 = no bound; or use fewer draws)",
            sc->source, u->line, sc->mc_draws, sc->mc_draws, sc->n_tech, u->target, w, max_replans);
}

dx_status dx__compare_uncertainty(dx_results *R)
{
    const dx_scenario *sc = &R->sc;
    dx__mc_ctx ctx = {.R = R, .progress = R->progress};
    for (size_t i = 0; i < R->n && ctx.n_tech < DX__SC_MAX_TECH; i++)
        if (isfinite(R->t[i].res.rank_cost_jpy))
            ctx.tech_index[ctx.n_tech++] = i;
    if (ctx.n_tech == 0)
        return DX_OK;
    /* Inputs that only move prices, benefits or discounting keep the radio design. */
    ctx.radio_fixed = 1;
    dx_scenario probe = *sc;
    for (size_t k = 0; k < sc->n_uncertain; k++) {
        dx__mc_target tg;
        DX_TRY(resolve_target(&probe, &sc->uncertain[k], &tg));
        if (tg.radio)
            ctx.radio_fixed = 0;
    }
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
    if (ctx.progress)
        ctx.progress->total = (size_t)o.draws;
    DX_TRY(dx_uncertainty_run(sc->n_uncertain, dist, NULL, MC_OUT * ctx.n_tech, mc_model, &ctx, &o,
                              &u));

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
        dx_uncertainty_summary cs, vs, bs;
        st = dx_uncertainty_result_summary(u, MC_OUT * i, &cs);
        if (st == DX_OK)
            st = dx_uncertainty_result_summary(u, MC_OUT * i + 1, &vs);
        if (st == DX_OK)
            st = dx_uncertainty_result_summary(u, MC_OUT * i + 3, &bs);
        if (st != DX_OK)
            break;
        if (isfinite(r->benefit_cost_ratio)) { /* only where the base run has a B/C */
            r->benefit_cost_p10_ratio = bs.p10;
            r->benefit_cost_p50_ratio = bs.p50;
            r->benefit_cost_p90_ratio = bs.p90;
        }
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
        st = dx_uncertainty_result_output_draws(u, MC_OUT * i, nd, cost);
        if (st == DX_OK)
            st = dx_uncertainty_result_output_draws(u, MC_OUT * i + 2, nd, feas);
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
        st = dx_uncertainty_result_prob_less(u, 0, MC_OUT, &R->p_first_cheaper_ratio);
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
    /* Inputs clamped to their physical range: said in every technology's notes
     * (report.md/.html, results.json), never silent. */
    for (size_t k = 0; st == DX_OK && k < sc->n_uncertain; k++) {
        unsigned long nc = __atomic_load_n(&ctx.clamped[k], __ATOMIC_RELAXED);
        if (!nc)
            continue;
        const dx__sc_uncertain *in = &sc->uncertain[k];
        dx__mc_target tg;
        st = resolve_target(&probe, in, &tg);
        if (st != DX_OK)
            break;
        double lo, hi;
        input_range(in, &tg, &lo, &hi);
        char range[64];
        if (isfinite(hi))
            snprintf(range, sizeof range, "[%g, %g]", lo, hi);
        else
            snprintf(range, sizeof range, ">= %g", lo);
        for (size_t i = 0; i < ctx.n_tech; i++) {
            dx__tech_out *to = &R->t[ctx.tech_index[i]];
            if (to->n_notes >= DX__MAX_NOTES)
                continue;
            snprintf(to->notes[to->n_notes++], DX__NOTE_LEN,
                     "Monte Carlo: input %s (%s, line %d) was outside its physical range %s in "
                     "%lu of %zu draws (%.3g %%) and was clamped to it: the percentiles do not "
                     "follow the distribution's tail there",
                     in->target, in->dist, in->line, range, nc, nd,
                     nd ? 100.0 * (double)nc / (double)nd : 0.0);
        }
    }
    R->have_mc = st == DX_OK;
    R->mc_draws = nd;
    dx__free(best);
    dx__free(cost);
    dx_uncertainty_result_free(u);
    return st;
}
