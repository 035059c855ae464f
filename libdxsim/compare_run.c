/* dx_compare_run: every candidate technology through the pipeline, ranking,
 * and the Monte Carlo wrapper when the scenario carries distributions. */
#define _GNU_SOURCE
#include "dx_internal.h"
#include "compare_internal.h"
#include "progress_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t dx_tech_result_size(void) { return sizeof(dx_tech_result); }

static int better(const dx_tech_result *a, const dx_tech_result *b)
{
    int fa = dx__compare_ranks_first(a), fb = dx__compare_ranks_first(b);
    if (fa != fb)
        return fa > fb;
    if (a->feasible != b->feasible) /* then the fundable-elsewhere feasible ones */
        return a->feasible > b->feasible;
    /* the ranking basis: total project cost (the ministry's money), or the
     * applicant's burden when the scenario asks (effectiveness sets it) */
    double x = a->rank_cost_jpy, y = b->rank_cost_jpy;
    if (isfinite(x) != isfinite(y))
        return isfinite(x);
    return x < y;
}

static int cmp_rank(const void *pa, const void *pb)
{
    const dx__tech_out *a = pa, *b = pb;
    if (better(&a->res, &b->res))
        return -1;
    if (better(&b->res, &a->res))
        return 1;
    return strcmp(a->res.id, b->res.id);
}

dx_status dx__compare_uncertainty(dx_results *R); /* compare_mc.c */

/* The plan of a scenario with the comparison's cost of a design (price scales
 * of the base case): the one design every front door sees. */
static dx_status plan_scenario(const dx_scenario *sc, const dx_plan_run_options *opts,
                               const dx__price_scales *scales, dx_plan **out)
{
    dx__plan_cfg cfg;
    dx__compare_plan_cfg(sc, scales, 1, &cfg);
    dx_plan_run_options o;
    DX_TRY(dx_plan_run_options_init(&o, DX_PLAN_RUN_OPTIONS_VERSION));
    if (opts) {
        if (opts->version == 0 || opts->version > DX_PLAN_RUN_OPTIONS_VERSION)
            DX_FAIL(DX_EINVAL, "dx_compare_plan: opts->version = %u (call "
                               "dx_plan_run_options_init)", opts->version);
        o = *opts;
    }
    o.tco_fn = cfg.tco_fn;
    o.tco_user = cfg.tco_user;
    return dx_plan_run(sc, &o, out);
}

static dx_status compare_plan(const dx_scenario *sc, const dx_plan_run_options *opts, dx_plan **out)
{
    static const dx__price_scales unit = {1, 1, 1, 1, 1, NULL};
    DX_REQUIRE_PTR(out);
    *out = NULL;
    DX_REQUIRE_PTR(sc);
    return plan_scenario(sc, opts, &unit, out);
}

dx_status dx__compare_check_uncertainty(const dx_scenario *sc); /* compare_mc.c */
dx_status dx__compare_check_mc_work(const dx_scenario *sc, size_t max_replans); /* compare_mc.c */

/* What dx_compare_run refuses before it plans anything; `dxsim validate`
 * calls the same function, so a file validate accepts is one run accepts
 * (as far as checks made before the run go; the Monte Carlo work against the
 * run's bound, the default one for validate). */
static dx_status compare_check(const dx_scenario *sc, size_t max_mc_replans)
{
    DX_REQUIRE_PTR(sc);
    if (sc->horizon_years > DX__MAX_YEARS)
        DX_FAIL(DX_EDOMAIN, "horizon_years = %g (at most %d years)", sc->horizon_years,
                DX__MAX_YEARS);
    dx_price_book *book = NULL;
    DX_TRY(dx_price_book_builtin(&book));
    dx_status st = DX_OK;
    for (size_t i = 0; i < sc->n_price && st == DX_OK; i++) {
        dx_price_entry e;
        if ((st = dx_price_book_find(book, sc->price[i].key, &e)) != DX_OK)
            dx__prefix_error("%s:%d: <prices>/<price key=\"%s\">", sc->source, sc->price[i].line,
                             sc->price[i].key);
    }
    for (size_t i = 0; i < sc->n_demand && st == DX_OK; i++) {
        const dx__sc_demand *d = &sc->demand[i];
        dx_price_entry e;
        if (d->solution_key[0] && (st = dx_price_book_find(book, d->solution_key, &e)) != DX_OK)
            dx__prefix_error("%s:%d: <devices solution_key=\"%s\">", sc->source, d->line,
                             d->solution_key);
    }
    dx_price_book_free(book);
    DX_TRY(st);
    if (strcmp(sc->menu, "none") != 0) {
        dx_applicant a;
        DX_TRY(dx_programme_applicant_init(&a));
        DX_TRY(dx__compare_applicant(sc, &a));
        double v;
        if (dx_programme_param(sc->menu, "funding_ratio", &v, NULL) != DX_OK)
            DX_FAIL(DX_ENOTFOUND, "%s: <programme menu=\"%s\"> is not a menu of the embedded "
                                  "rules", sc->source, sc->menu);
    }
    DX_TRY(dx__compare_check_uncertainty(sc));
    return dx__compare_check_mc_work(sc, max_mc_replans);
}

dx_status dx_compare_check(const dx_scenario *sc)
{
    return compare_check(sc, DX_COMPARE_DEFAULT_MAX_MC_REPLANS);
}

dx_status dx_compare_run_options_init(dx_compare_run_options *o, unsigned int version)
{
    DX_REQUIRE_PTR(o);
    if (version == 0 || version > DX_COMPARE_RUN_OPTIONS_VERSION)
        DX_FAIL(DX_EINVAL, "dx_compare_run_options_init: version = %u (this library knows 1..%d)",
                version, DX_COMPARE_RUN_OPTIONS_VERSION);
    memset(o, 0, sizeof *o);
    o->version = version;
    if (version >= 2)
        o->max_mc_replans = DX_COMPARE_DEFAULT_MAX_MC_REPLANS;
    return DX_OK;
}

size_t dx_compare_run_options_size(void) { return sizeof(dx_compare_run_options); }

/* the plan's own 0..1 progress forwarded into the run's plan share */
static void plan_progress(void *user, const char *stage, double r)
{
    dx__progress_report(user, stage, r);
}

static dx_status compare_run(const dx_scenario *sc, const dx_compare_run_options *opts,
                             dx_results **out)
{
    DX_REQUIRE_PTR(out);
    *out = NULL;
    DX_REQUIRE_PTR(sc);
    if (opts && (opts->version == 0 || opts->version > DX_COMPARE_RUN_OPTIONS_VERSION))
        DX_FAIL(DX_EINVAL, "dx_compare_run_ex: opts->version = %u (call "
                           "dx_compare_run_options_init)", opts->version);
    /* ASSUMED shares: planning 20 % of the run when a Monte Carlo follows (its
     * draws re-plan analytically and dominate), else all of it */
    double w_plan = sc->n_uncertain ? 0.2 : 1.0;
    dx__progress pp = {opts ? opts->progress_fn : NULL, opts ? opts->progress_user : NULL,
                       0.0, w_plan, 0, 0, -1.0, 0};
    dx__progress mc = {pp.fn, pp.user, w_plan, 1.0, 0, 0, -1.0, 0};
    dx_plan_run_options po;
    DX_TRY(dx_plan_run_options_init(&po, DX_PLAN_RUN_OPTIONS_VERSION));
    if (pp.fn) {
        po.progress_fn = plan_progress;
        po.progress_user = &pp;
    }
    /* a version-1 struct has no max_mc_replans: the default bound */
    size_t max_replans = opts && opts->version >= 2 ? opts->max_mc_replans
                                                     : DX_COMPARE_DEFAULT_MAX_MC_REPLANS;
    DX_TRY(compare_check(sc, max_replans));
    dx_results *R = dx__calloc(1, sizeof *R);
    if (!R)
        DX_FAIL(DX_ENOMEM, "out of memory allocating results");
    R->sc = *sc;
    R->p_first_cheaper_ratio = NAN;
    R->t = dx__calloc(sc->n_tech ? sc->n_tech : 1, sizeof *R->t);
    if (!R->t) {
        dx__free(R);
        DX_FAIL(DX_ENOMEM, "out of memory allocating results for %zu technologies", sc->n_tech);
    }
    static const dx__price_scales unit = {1, 1, 1, 1, 1, NULL};
    dx_status st = plan_scenario(sc, &po, &unit, &R->plan);
    for (size_t i = 0; st == DX_OK && i < dx_plan_count(R->plan); i++) {
        const dx__plan_out *p = dx__plan_out_at(R->plan, i);
        dx__compare_from_plan(p, &R->t[i]);
        /* Monte Carlo draws re-plan at the width chosen here */
        R->sc.tech[i].bw_mhz = p->d.bw_hz / 1e6;
        st = dx__compare_finish(sc, &unit, &R->t[i]);
        if (st == DX_OK)
            R->n++;
    }
    if (st != DX_OK) {
        dx_results_free(R);
        return st;
    }
    st = dx__compare_mixed(R);
    if (st != DX_OK) {
        dx_results_free(R);
        return st;
    }
    qsort(R->t, R->n, sizeof *R->t, cmp_rank);
    for (size_t i = 0; i < R->n; i++)
        R->t[i].res.rank = (int)i + 1;
    if (sc->n_uncertain) {
        mc.last = pp.last;
        R->progress = &mc;
        st = dx__compare_uncertainty(R);
        R->progress = NULL;
        if (st != DX_OK) {
            dx_results_free(R);
            return st;
        }
    }
    if (pp.fn)
        pp.fn(pp.user, "done", 1.0);
    *out = R;
    return DX_OK;
}

void dx_results_free(dx_results *r)
{
    if (!r)
        return;
    dx_plan_free(r->plan);
    dx__free(r->t);
    dx__free(r);
}

size_t dx_results_count(const dx_results *r) { return r ? r->n : 0; }

dx_status dx_results_get(const dx_results *r, size_t i, dx_tech_result *out)
{
    DX_REQUIRE_PTR(r);
    DX_REQUIRE_PTR(out);
    if (i >= r->n)
        DX_FAIL(DX_EINVAL, "dx_results_get: i = %zu (results hold %zu technologies)", i, r->n);
    *out = r->t[i].res;
    return DX_OK;
}

/* The public entry points run in the C numeric locale (common.c): their stages
 * write verdicts and notes with snprintf. */
dx_status dx_compare_plan(const dx_scenario *sc, const dx_plan_run_options *opts, dx_plan **out)
{
    void *old = dx__c_numeric_begin();
    dx_status st = compare_plan(sc, opts, out);
    dx__c_numeric_end(old);
    return st;
}

dx_status dx_compare_run_ex(const dx_scenario *sc, const dx_compare_run_options *opts,
                            dx_results **out)
{
    void *old = dx__c_numeric_begin();
    dx_status st = compare_run(sc, opts, out);
    dx__c_numeric_end(old);
    return st;
}

dx_status dx_compare_run(const dx_scenario *sc, dx_results **out)
{
    return dx_compare_run_ex(sc, NULL, out);
}
