/* Monte Carlo wrapper of the comparison: the scenario's <uncertainty> inputs
 * are drawn by the uncertainty module (seeded, identical for any thread
 * count); each draw re-runs every designed technology through the pipeline.
 * Outputs per technology: net cost, area coverage, feasible (0/1). */
#define _GNU_SOURCE
#include "dx_internal.h"
#include "compare_internal.h"
#include "progress_internal.h"
#include "counters_internal.h"

#include <stdio.h>
#include <string.h>

#include "dxsim/finance.h"
#include "dxsim/uncertainty.h"

/* Net cost given to a draw in which a technology has no design at all (so the
 * uncertainty module, which refuses non-finite outputs, can still rank it last). */
#define DX__MC_NO_DESIGN_JPY 1e15

/* An uncertain input prepared once per run (prepare_inputs): where its drawn
 * value lands in a copy of the scenario, so a draw applies it without looking
 * anything up by name. */
typedef enum { MC_FIELD, MC_DEMAND_SCALE, MC_PRICE_SCALE, MC_PRICE } dx__mc_kind;
typedef struct {
    dx__mc_kind kind;
    size_t offset;       /* MC_FIELD: byte offset of the double in dx_scenario */
    double scale, lo, hi; /* MC_FIELD: value x scale, clamped to [lo, hi] first */
    int price_scale;     /* MC_PRICE_SCALE: 0 radio, 1 installation, 2 subscription,
                            3 devices, 4 all */
} dx__mc_input;

typedef struct {
    const dx_results *R;
    int radio_fixed;          /* no input changes the radio design: reuse it */
    size_t n_tech;            /* technologies in the run (designed at base) */
    size_t tech_index[DX__SC_MAX_TECH]; /* index into R->t */
    size_t choice[DX__SC_MAX_TECH];     /* index into R->sc.tech (SIZE_MAX: none) */
    dx__mc_input in[DX__SC_MAX_UNCERTAIN];
    dx_price_book *book;      /* the built-in book, for mixed designs' redraws */
    dx__bom_books books;      /* each candidate's book with the scenario's overrides */
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
    dx__count(DX__COUNT_MC_TARGET_RESOLVE);
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
    else if ((strcmp(t, "area.width_m") == 0 || strcmp(t, "area.height_m") == 0) &&
             sc->polygon.on)
        DX_FAIL(DX_EINVAL, "%s:%d: <uncertainty>/<input target=\"%s\">: the area is a "
                           "polygon, whose extent is fixed (vary demand_scale instead)",
                sc->source, u->line, t);
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

/* Resolve every input once (names to offsets and kinds); the draws then only
 * write numbers (apply_input). Offsets, not pointers: each draw has its own copy. */
static dx_status prepare_inputs(dx_scenario *sc, dx__mc_input *in)
{
    static const char *const scales[] = {"radio", "installation", "subscription", "devices",
                                         "all"};
    for (size_t k = 0; k < sc->n_uncertain; k++) {
        const dx__sc_uncertain *u = &sc->uncertain[k];
        dx__mc_target tg;
        DX_TRY(resolve_target(sc, u, &tg));
        dx__mc_input *p = &in[k];
        *p = (dx__mc_input){MC_FIELD, 0, tg.scale, tg.lo, tg.hi, 0};
        input_range(u, &tg, &p->lo, &p->hi);
        if (tg.field) {
            p->offset = (size_t)((char *)tg.field - (char *)sc);
        } else if (strcmp(u->target, "demand_scale") == 0) {
            p->kind = MC_DEMAND_SCALE;
        } else if (strncmp(u->target, "price_scale:", 12) == 0) {
            p->kind = MC_PRICE_SCALE;
            p->price_scale = -1;
            for (int i = 0; i < 5; i++)
                if (strcmp(u->target + 12, scales[i]) == 0)
                    p->price_scale = i;
            if (p->price_scale < 0)
                return unknown_target(sc, u, "unknown price scale");
        } else { /* price:KEY */
            p->kind = MC_PRICE;
        }
    }
    return DX_OK;
}

/* Apply one drawn input to a scenario copy and the price scales; *clamped = 1
 * when the value was outside its physical range and was clamped to it. */
static dx_status apply_input(const dx__sc_uncertain *u, const dx__mc_input *p, double v,
                             dx_scenario *sc, dx__price_scales *s, int *clamped)
{
    *clamped = v < p->lo || v > p->hi;
    switch (p->kind) {
    case MC_FIELD:
        *(double *)((char *)sc + p->offset) = fmin(p->hi, fmax(p->lo, v)) * p->scale;
        break;
    case MC_DEMAND_SCALE:
        for (size_t i = 0; i < sc->n_demand; i++)
            sc->demand[i].count = fmax(1.0, round(sc->demand[i].count * fmax(0.0, v)));
        break;
    case MC_PRICE_SCALE: {
        double *f = p->price_scale == 0   ? &s->radio
                    : p->price_scale == 1 ? &s->installation
                    : p->price_scale == 2 ? &s->subscription
                    : p->price_scale == 3 ? &s->devices
                                          : &s->all;
        *f = fmax(0.0, v);
        break;
    }
    case MC_PRICE: {
        if (sc->n_price >= DX__SC_MAX_PRICE)
            DX_FAIL(DX_EDOMAIN, "too many price overrides with uncertainty (at most %d)",
                    DX__SC_MAX_PRICE);
        dx__sc_price *pr = &sc->price[sc->n_price++];
        snprintf(pr->key, sizeof pr->key, "%s", u->target + 6);
        pr->jpy = fmax(0.0, v);
        pr->line = u->line;
        break;
    }
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
                              const dx_price_book *book, const dx__price_scales *s,
                              dx__tech_out *o)
{
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
    if (st == DX_OK)
        st = dx__compare_settle(sc, o);
    return st;
}

/* Outputs per technology and draw: rank cost, coverage, feasible, B/C. */
#define MC_OUT 4

/* One draw into out (MC_OUT per technology), with sc and o as scratch. */
static dx_status mc_draw(dx__mc_ctx *c, const double *in, size_t n_in, double *out, size_t n_out,
                         dx_scenario *sc, dx__tech_out *o)
{
    *sc = c->R->sc;
    sc->compare_booking = 0; /* the side-by-side booking is the base run's, not each draw's */
    dx__price_scales s = {1, 1, 1, 1, 1, &c->books};
    for (size_t k = 0; k < n_in; k++) {
        int clamped = 0;
        DX_TRY(apply_input(&sc->uncertain[k], &c->in[k], in[k], sc, &s, &clamped));
        if (clamped)
            __atomic_fetch_add(&c->clamped[k], 1UL, __ATOMIC_RELAXED);
    }
    for (size_t i = 0; i < c->n_tech && MC_OUT * i + 3 < n_out; i++) {
        const dx__tech_out *base = &c->R->t[c->tech_index[i]];
        const dx__sc_tech *choice = c->choice[i] < sc->n_tech ? &sc->tech[c->choice[i]] : NULL;
        dx_status st;
        if (base->mixed) {
            dx__compare_draw_copy(o, base); /* numbers only: no text a draw would not read */
            st = redraw_mixed(&c->R->sc, sc, c->book, &s, o);
        } else if (!choice)
            st = DX_ERROR;
        else if (c->radio_fixed) {
            /* prices and discounting only: keep the base radio design */
            dx__compare_draw_copy(o, base);
            st = dx__compare_finish(sc, &s, o);
        } else {
            /* a radio input: re-plan (analytic fidelity, at the base run's width;
             * with terrain the scenario's fidelity, so the draws see the terrain:
             * their sites stand on pixel centres whose terrain loss the DEM's
             * memo keeps, docs/terrain.md §6) */
            dx__plan_cfg cfg;
            dx__compare_plan_cfg(sc, &s, 0, &cfg);
            if (!sc->terrain.on)
                cfg.fidelity = DX_PLAN_FIDELITY_ANALYTIC;
            st = dx__compare_tech(sc, choice, &cfg, &s, o);
        }
        DX_TRY(st);
        out[MC_OUT * i] = isfinite(o->res.rank_cost_jpy) ? o->res.rank_cost_jpy : DX__MC_NO_DESIGN_JPY;
        out[MC_OUT * i + 1] = isfinite(o->res.coverage_ratio) ? o->res.coverage_ratio : 0.0;
        out[MC_OUT * i + 2] = dx__compare_ranks_first(&o->res);
        /* B/C (MLIT basis); a draw whose design does not deliver the service
         * has no benefits: 0 (the module refuses non-finite outputs) */
        out[MC_OUT * i + 3] = isfinite(o->res.benefit_cost_ratio) ? o->res.benefit_cost_ratio : 0.0;
    }
    dx__progress_step(c->progress, "monte_carlo");
    return DX_OK;
}

/* A block of draws (dx_uncertainty_run_batch): one scenario copy and one
 * working record serve the whole block. */
static int mc_batch(size_t n_draws, const double *in, size_t n_in, double *out, size_t n_out,
                    void *user)
{
    dx__mc_ctx *c = user;
    dx_scenario *sc = dx__malloc(sizeof *sc);
    dx__tech_out *o = dx__malloc(sizeof *o);
    dx_status st = sc && o ? DX_OK : DX_ENOMEM;
    if (st != DX_OK)
        dx__set_error("out of memory in a block of Monte Carlo draws");
    else
        o->numbers_only = 1; /* a draw's outputs are numbers (MC_OUT): no text formatted */
    for (size_t d = 0; d < n_draws && st == DX_OK; d++)
        st = mc_draw(c, in + d * n_in, n_in, out + d * n_out, n_out, sc, o);
    dx__free(o);
    dx__free(sc);
    return st;
}

/* The same, one draw per call (dx_uncertainty_run): the unbatched path the
 * tests compare the batches with. */
static int mc_model(const double *in, size_t n_in, double *out, size_t n_out, void *user)
{
    return mc_batch(1, in, n_in, out, n_out, user);
}

static int dx__mc_unbatched; /* test hook (dx__test_mc_unbatched) */
void dx__test_mc_unbatched(int on) { dx__mc_unbatched = on; }

static void mc_ctx_dispose(dx__mc_ctx *c)
{
    dx_price_book_free(c->book);
    c->book = NULL;
    for (size_t k = 0; k < c->books.n; k++)
        dx_price_book_free(c->books.book[k]);
    c->books.n = 0;
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
    dx_scenario *probe = dx__malloc(sizeof *probe);
    if (!probe)
        DX_FAIL(DX_ENOMEM, "out of memory preparing the Monte Carlo");
    *probe = *sc;
    dx__mc_target tgs[DX__SC_MAX_UNCERTAIN];
    dx_status pst = DX_OK;
    for (size_t k = 0; k < sc->n_uncertain && pst == DX_OK; k++)
        if ((pst = resolve_target(probe, &sc->uncertain[k], &tgs[k])) == DX_OK && tgs[k].radio)
            ctx.radio_fixed = 0;
    /* everything a draw reads but does not change, prepared once: the inputs'
     * targets (offsets into a scenario copy is the same as into R->sc), the
     * technologies' records, the price book of mixed redraws */
    if (pst == DX_OK)
        pst = prepare_inputs(probe, ctx.in);
    dx__free(probe);
    DX_TRY(pst);
    for (size_t i = 0; i < ctx.n_tech; i++) {
        ctx.choice[i] = (size_t)-1;
        for (size_t k = 0; k < sc->n_tech; k++)
            if (strcmp(sc->tech[k].id, R->t[ctx.tech_index[i]].res.id) == 0)
                ctx.choice[i] = k;
    }
    dx_status bst = DX_OK;
    for (size_t i = 0; i < ctx.n_tech && !ctx.book && bst == DX_OK; i++)
        if (R->t[ctx.tech_index[i]].mixed)
            bst = dx_price_book_builtin(&ctx.book);
    ctx.books.n_price = sc->n_price;
    for (size_t k = 0; k < sc->n_tech && bst == DX_OK; k++) {
        snprintf(ctx.books.tech_id[k], sizeof ctx.books.tech_id[k], "%s", sc->tech[k].id);
        if ((bst = dx__compare_price_book(sc, sc->tech[k].id, &ctx.books.book[k])) == DX_OK)
            ctx.books.n++;
    }
    dx_distribution dist[DX__SC_MAX_UNCERTAIN];
    for (size_t k = 0; k < sc->n_uncertain && bst == DX_OK; k++)
        bst = to_distribution(&sc->uncertain[k], &dist[k]);
    if (bst != DX_OK) {
        mc_ctx_dispose(&ctx);
        return bst;
    }
    for (size_t k = 0; k < sc->n_uncertain; k++) {
        snprintf(R->mc_inputs[k], sizeof R->mc_inputs[k], "%s", sc->uncertain[k].target);
    }
    R->n_mc_inputs = sc->n_uncertain;
    dx_uncertainty_options o;
    dx_uncertainty_options_init(&o, DX_UNCERTAINTY_OPTIONS_VERSION); /* cannot fail */
    o.draws = sc->mc_draws;
    o.seed = sc->mc_seed;
    o.threads = 0; /* all cores; results do not depend on the thread count */
    /* blocks of whole chunks (results do not depend on the block size; ASSUMED
     * one chunk: 2,000 draws make 8 blocks to share between the threads) */
    o.batch_draws = DX_UNCERTAINTY_CHUNK_DRAWS;
    dx_uncertainty_result *u = NULL;
    if (ctx.progress)
        ctx.progress->total = (size_t)o.draws;
    dx_status rst =
        dx__mc_unbatched
            ? dx_uncertainty_run(sc->n_uncertain, dist, NULL, MC_OUT * ctx.n_tech, mc_model, &ctx,
                                 &o, &u)
            : dx_uncertainty_run_batch(sc->n_uncertain, dist, NULL, MC_OUT * ctx.n_tech, mc_batch,
                                       &ctx, &o, &u);
    mc_ctx_dispose(&ctx);
    DX_TRY(rst);

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
        double lo = ctx.in[k].lo, hi = ctx.in[k].hi;
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
