/* dx_compare_run: every candidate technology through the pipeline, ranking,
 * and the Monte Carlo wrapper when the scenario carries distributions. */
#define _GNU_SOURCE
#include "dx_internal.h"
#include "compare_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t dx_tech_result_size(void) { return sizeof(dx_tech_result); }

static int better(const dx_tech_result *a, const dx_tech_result *b)
{
    if (a->feasible != b->feasible)
        return a->feasible > b->feasible;
    double x = a->net_cost_jpy, y = b->net_cost_jpy;
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

/* When the scenario does not fix a channel width, try every width the
 * catalogue allows and keep the best design (feasible first, then cheapest):
 * a narrow HaLow or Wi-Fi channel reaches further, a wide one carries more,
 * and which wins depends on the demand. The chosen width is written back to
 * the choice so Monte Carlo draws re-use it. */
static dx_status best_bandwidth(const dx_scenario *sc, dx__sc_tech *choice,
                                const dx__price_scales *scales, dx__tech_out *out)
{
    dx_technology t;
    DX_TRY(dx_technology_find(choice->id, &t));
    if (choice->bw_mhz > 0 || t.n_bw_options <= 1)
        return dx__compare_tech(sc, choice, scales, out);
    dx__tech_out *trial = dx__malloc(sizeof *trial);
    if (!trial)
        DX_FAIL(DX_ENOMEM, "out of memory comparing channel widths of '%s'", t.id);
    int have = 0;
    double best_bw = 0;
    char tried[160] = "";
    for (size_t k = 0; k < t.n_bw_options; k++) {
        dx__sc_tech c = *choice;
        c.bw_mhz = t.bw_options_hz[k] / 1e6;
        dx_status st = dx__compare_tech(sc, &c, scales, trial);
        if (st != DX_OK) {
            dx__free(trial);
            return st;
        }
        char one[48];
        snprintf(one, sizeof one, "%s%g MHz: %s%s", k ? "; " : "", c.bw_mhz,
                 trial->res.feasible ? "feasible" : "not feasible",
                 isfinite(trial->res.net_cost_jpy) ? "" : " (no design)");
        strncat(tried, one, sizeof tried - strlen(tried) - 1);
        if (!have || better(&trial->res, &out->res)) {
            memcpy(out, trial, sizeof *trial);
            best_bw = c.bw_mhz;
            have = 1;
        }
    }
    dx__free(trial);
    choice->bw_mhz = best_bw;
    if (out->n_notes < DX__MAX_NOTES)
        snprintf(out->notes[out->n_notes++], DX__NOTE_LEN,
                 "channel width chosen: %g MHz (tried %s)", best_bw, tried);
    return DX_OK;
}

dx_status dx_compare_run(const dx_scenario *sc, dx_results **out)
{
    DX_REQUIRE_PTR(out);
    *out = NULL;
    DX_REQUIRE_PTR(sc);
    if (sc->horizon_years > DX__MAX_YEARS)
        DX_FAIL(DX_EDOMAIN, "horizon_years = %g (at most %d years)", sc->horizon_years,
                DX__MAX_YEARS);
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
    dx__price_scales unit = {1, 1, 1, 1, 1};
    for (size_t i = 0; i < sc->n_tech; i++) {
        dx_status st = best_bandwidth(sc, &R->sc.tech[i], &unit, &R->t[i]);
        if (st != DX_OK) {
            dx_results_free(R);
            return st;
        }
        R->n++;
    }
    qsort(R->t, R->n, sizeof *R->t, cmp_rank);
    for (size_t i = 0; i < R->n; i++)
        R->t[i].res.rank = (int)i + 1;
    if (sc->n_uncertain) {
        dx_status st = dx__compare_uncertainty(R);
        if (st != DX_OK) {
            dx_results_free(R);
            return st;
        }
    }
    *out = R;
    return DX_OK;
}

void dx_results_free(dx_results *r)
{
    if (!r)
        return;
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
