/* The report model: public accessors of what a report needs (compare.h,
 * "Report model") read out of the results handle, and the model every renderer
 * takes, built from those accessors alone. */
#include "report_internal.h"
#include "compare_internal.h"

#include <stdio.h>
#include <string.h>

dx_status dx_report_options_init(dx_report_options *o, unsigned int version)
{
    DX_REQUIRE_PTR(o);
    if (version == 0 || version > DX_REPORT_OPTIONS_VERSION)
        DX_FAIL(DX_EINVAL, "dx_report_options_init: version = %u (this library knows 1..%d)",
                version, DX_REPORT_OPTIONS_VERSION);
    memset(o, 0, sizeof *o);
    o->version = version;
    o->lang = DX_REPORT_LANG_JA;
    o->html_map = 1;
    return DX_OK;
}

size_t dx_report_options_size(void) { return sizeof(dx_report_options); }

#define COPY(dst, src) dx__report_utf8_copy((dst), sizeof(dst), (src))

dx_status dx_results_scenario(const dx_results *r, dx_report_scenario *out)
{
    DX_REQUIRE_PTR(r);
    DX_REQUIRE_PTR(out);
    const dx_scenario *sc = &r->sc;
    memset(out, 0, sizeof *out);
    COPY(out->title, sc->name);
    COPY(out->source, sc->source);
    COPY(out->environment, dx_environment_name(sc->env));
    out->width_m = sc->width_m;
    out->height_m = sc->height_m;
    out->area_km2 = dx__sc_area_m2(sc) / 1e6;
    if (sc->polygon.on) {
        out->area_polygons = sc->polygon.n_polygons;
        out->area_holes = sc->polygon.n_holes;
        out->area_vertices = sc->polygon.n_vertices;
        COPY(out->area_file, sc->polygon.file);
        out->area_epsg = sc->polygon.epsg;
        out->area_plane_km2 = sc->polygon.plane_area_m2 / 1e6;
    }
    out->horizon_years = sc->horizon_years;
    out->discount_rate_ratio = sc->discount_rate_ratio;
    COPY(out->menu, sc->menu);
    COPY(out->procurement, dx__compare_mode_name(sc->procurement_mode));
    COPY(out->applicant_type, sc->applicant_type);
    out->consortium_local_governments = sc->consortium_local_governments;
    out->prices_tax_included = sc->prices_tax_included;
    out->core_on_premises = sc->core_on_premises;
    COPY(out->plan_fidelity, dx_plan_fidelity_name((dx_plan_fidelity)sc->plan_fidelity));
    out->planning_life_years = sc->planning_life_years;
    out->rank_by_burden = sc->rank_by_burden;
    int fy0 = 0;
    size_t ny = dx__compare_n_years(sc, &fy0);
    out->first_fiscal_year = fy0;
    out->n_years = ny < DX_REPORT_MAX_YEARS ? ny : DX_REPORT_MAX_YEARS;
    out->have_period = sc->have_period;
    COPY(out->period_start, sc->period_start);
    COPY(out->period_end, sc->period_end);
    int p0, p1, H;
    dx__compare_period(sc, &p0, &p1, &H);
    out->period_start_m = p0;
    out->period_end_m = p1;
    out->edge_probability_ratio = sc->edge_probability_ratio;
    out->target_area_ratio = sc->target_area_ratio;
    out->n_demand = sc->n_demand;
    out->n_routes = sc->n_routes;
    return DX_OK;
}

dx_status dx_results_demand_get(const dx_results *r, size_t k, dx_report_demand *out)
{
    DX_REQUIRE_PTR(r);
    DX_REQUIRE_PTR(out);
    if (k >= r->sc.n_demand)
        DX_FAIL(DX_EINVAL, "dx_results_demand_get: k = %zu (the scenario has %zu demand classes)", k,
                r->sc.n_demand);
    const dx__sc_demand *d = &r->sc.demand[k];
    memset(out, 0, sizeof *out);
    COPY(out->name, d->name);
    out->count = d->count;
    out->ul_bps = d->ul_bps;
    out->dl_bps = d->dl_bps;
    out->required_ul_bps = d->required_ul_bps;
    out->required_dl_bps = d->required_dl_bps;
    out->solution = d->solution;
    return DX_OK;
}

static dx_status tech_index(const dx_results *r, size_t i, const char *fn)
{
    if (i >= r->n)
        DX_FAIL(DX_EINVAL, "%s: technology index = %zu (the results hold %zu)", fn, i, r->n);
    return DX_OK;
}

size_t dx_results_item_count(const dx_results *r, size_t i)
{
    return r && i < r->n ? r->t[i].n_prog : 0;
}

/* Cash flows of one item of a cost plan starting at month start_m (one-item plan). */
static dx_status item_flows(const dx_scenario *sc, dx__cost_mode *one, const dx_cost_item *it,
                            int start_m, size_t ny, double *out)
{
    one->n_items = 1;
    one->items[0] = *it;
    one->start_m[0] = start_m;
    return dx__compare_mode_flows(sc, one, ny, out);
}

/* Yearly flows of programme row k of technology o: the rows follow the mode's
 * items in order (one row, or an in-period row then an out-of-period row), so
 * each item is split again alone and its rows matched in sequence. */
static dx_status row_flows(const dx_scenario *sc, const dx__tech_out *o, size_t k, size_t ny,
                           double *out)
{
    const dx__cost_mode *cm = &o->mode[o->res.mode];
    dx__cost_mode *one = dx__calloc(1, sizeof *one);
    if (!one)
        DX_FAIL(DX_ENOMEM, "report: cost plan scratch");
    dx_status st = DX_OK;
    int p0, p1, H;
    dx__compare_period(sc, &p0, &p1, &H);
    size_t row = 0;
    for (size_t i = 0; i < ny; i++)
        out[i] = 0;
    for (size_t i = 0; i < cm->n_items && st == DX_OK; i++) {
        dx_cost_item rows[2];
        size_t nr = 0;
        st = dx__compare_programme_rows(sc, 1, &cm->items[i], &cm->start_m[i], 2, rows, &nr, NULL);
        if (st != DX_OK || k >= row + nr) {
            row += nr;
            continue;
        }
        double total[DX__MAX_YEARS];
        int s0 = cm->start_m[i];
        st = item_flows(sc, one, &cm->items[i], s0, ny, total);
        if (st == DX_OK && nr == 2 && dx__compare_purchase_month(&cm->items[i], s0, H, 1) >= 0) {
            /* a one-off bought again: the row's purchases (inside the period for
             * the first row, outside for the second), each once at its month */
            dx_cost_item once = cm->items[i];
            once.useful_life_years = 0;
            double part[DX__MAX_YEARS];
            for (int q = 0, m; st == DX_OK && (m = dx__compare_purchase_month(&cm->items[i], s0, H, q)) >= 0;
                 q++) {
                int inside = p0 <= m && m < p1;
                if (inside != (k == row))
                    continue;
                st = item_flows(sc, one, &once, m, ny, part);
                for (size_t y = 0; y < ny && st == DX_OK; y++)
                    out[y] += part[y];
            }
        } else if (st == DX_OK && nr == 2) {
            /* the in-period part: its months from the later of the item's and the period's start */
            dx_cost_item in = cm->items[i];
            in.months = rows[0].months;
            /* charged as a plain monthly service: a shortened lease would add re-lease fees */
            in.procurement = DX_PROCURE_SERVICE;
            in.category = DX_COST_CAT_OTHER;
            in.booked_in_first_year = 0;
            double part[DX__MAX_YEARS];
            st = item_flows(sc, one, &in, s0 > p0 ? s0 : p0, ny, part);
            for (size_t y = 0; y < ny && st == DX_OK; y++)
                out[y] = k == row ? part[y] : total[y] - part[y];
        } else if (st == DX_OK) {
            memcpy(out, total, ny * sizeof *out);
        }
        break;
    }
    dx__free(one);
    return st;
}

dx_status dx_results_item_get(const dx_results *r, size_t i, size_t k, dx_report_item *out)
{
    DX_REQUIRE_PTR(r);
    DX_REQUIRE_PTR(out);
    DX_TRY(tech_index(r, i, "dx_results_item_get"));
    const dx__tech_out *o = &r->t[i];
    if (k >= o->n_prog)
        DX_FAIL(DX_EINVAL, "dx_results_item_get: item = %zu (technology %zu has %zu)", k, i,
                o->n_prog);
    const dx_cost_item *it = &o->prog[k];
    memset(out, 0, sizeof *out);
    COPY(out->name, it->name);
    COPY(out->category, dx_cost_category_name(it->category));
    COPY(out->procurement, dx_procurement_name(it->procurement));
    out->quantity = it->quantity;
    out->unit_price_jpy = it->unit_price_jpy;
    out->unit_price_tax_included = it->tax_included;
    out->months = it->months;
    out->in_period = it->in_period;
    COPY(out->value_class, dx_value_class_name(it->value_class));
    COPY(out->source, it->source);
    size_t ny = dx__compare_n_years(&r->sc, NULL);
    if (ny > DX_REPORT_MAX_YEARS)
        ny = DX_REPORT_MAX_YEARS;
    DX_TRY(row_flows(&r->sc, o, k, ny, out->per_year_jpy));
    double flows = 0;
    for (size_t y = 0; y < ny; y++)
        flows += out->per_year_jpy[y];
    if (strcmp(o->res.menu, "none") == 0) {
        out->eligible = -1;
        out->cost_jpy = flows;
        out->eligible_jpy = 0;
    } else {
        const dx__verdict *v = &o->verdict[k];
        out->eligible = v->eligible ? 1 : 0;
        out->cost_jpy = v->cost_jpy;
        out->eligible_jpy = v->eligible_jpy;
        COPY(out->rule, v->rule);
        COPY(out->reason, v->reason);
        out->verify = strstr(v->reason, "公募要領") != NULL || strstr(v->reason, "verify") != NULL;
    }
    out->cost_tax_excluded_jpy = dx__tax_excluded_jpy(out->cost_jpy, it->not_taxable);
    out->consumption_tax_jpy = out->cost_jpy - out->cost_tax_excluded_jpy;
    return DX_OK;
}

dx_status dx_results_cash_flow_jpy(const dx_results *r, size_t i, int mode, size_t n_years,
                                   double *out_jpy)
{
    DX_REQUIRE_PTR(r);
    DX_REQUIRE_PTR(out_jpy);
    DX_TRY(tech_index(r, i, "dx_results_cash_flow_jpy"));
    if (mode < 0 || mode >= DX_COMPARE_N_MODES)
        DX_FAIL(DX_EINVAL, "dx_results_cash_flow_jpy: mode = %d (allowed 0..%d)", mode,
                DX_COMPARE_N_MODES - 1);
    if (n_years > DX_REPORT_MAX_YEARS)
        DX_FAIL(DX_EINVAL, "dx_results_cash_flow_jpy: n_years = %zu (allowed <= %d)", n_years,
                DX_REPORT_MAX_YEARS);
    size_t ny = dx__compare_n_years(&r->sc, NULL);
    for (size_t y = 0; y < n_years; y++)
        out_jpy[y] = y < ny && y < DX__MAX_YEARS ? r->t[i].mode[mode].per_year_jpy[y] : 0.0;
    return DX_OK;
}

size_t dx_results_note_count(const dx_results *r, size_t i) { return r && i < r->n ? r->t[i].n_notes : 0; }

const char *dx_results_note(const dx_results *r, size_t i, size_t k)
{
    if (!r || i >= r->n || k >= r->t[i].n_notes)
        return NULL;
    return r->t[i].notes[k];
}

dx_status dx_results_design_get(const dx_results *r, size_t i, dx_plan_tech *out)
{
    DX_REQUIRE_PTR(r);
    DX_REQUIRE_PTR(out);
    DX_TRY(tech_index(r, i, "dx_results_design_get"));
    *out = r->t[i].design;
    return DX_OK;
}

size_t dx_results_route_count(const dx_results *r, size_t i)
{
    if (!r || i >= r->n)
        return 0;
    return r->t[i].n_routes < r->sc.n_routes ? r->t[i].n_routes : r->sc.n_routes;
}

dx_status dx_results_route_get(const dx_results *r, size_t i, size_t k, dx_report_route *out)
{
    DX_REQUIRE_PTR(r);
    DX_REQUIRE_PTR(out);
    DX_TRY(tech_index(r, i, "dx_results_route_get"));
    if (k >= dx_results_route_count(r, i))
        DX_FAIL(DX_EINVAL, "dx_results_route_get: route = %zu (technology %zu has %zu)", k, i,
                dx_results_route_count(r, i));
    memset(out, 0, sizeof *out);
    COPY(out->name, r->sc.route[k].name);
    out->summary = r->t[i].route[k];
    return DX_OK;
}

/* ---- assumptions: every non-FIRM value a result used ----------------------------- */
typedef struct {
    size_t n, cap;
    dx_report_assumption *a;
} assumption_list;

static void add_assumption(assumption_list *l, const char *subject, const char *key,
                           const char *value, const char *cls, const char *source)
{
    if (l->a && l->n < l->cap) {
        dx_report_assumption *a = &l->a[l->n];
        memset(a, 0, sizeof *a);
        COPY(a->subject, subject);
        COPY(a->key, key);
        COPY(a->value, value);
        COPY(a->value_class, cls);
        COPY(a->source, source);
    }
    l->n++;
}

/* The value technology o's design used for catalogue parameter key, when the
 * scenario or the plan changed it (channel width chosen or given, TDD frame,
 * mast height): 1 and used/why filled, else 0 (the catalogue value was used). */
static int used_value(const dx_scenario *sc, const dx__tech_out *o, const char *key,
                      const char *catalogue, char *used, size_t cap, char *why, size_t wcap)
{
    const dx__sc_tech *st = NULL;
    for (size_t k = 0; k < sc->n_tech; k++)
        if (!strcmp(sc->tech[k].id, o->res.id))
            st = &sc->tech[k];
    char num[32];
    if (!strcmp(key, "bw_mhz") && isfinite(o->design.bw_hz) && o->design.bw_hz > 0) {
        dx__format_double(num, sizeof num, o->design.bw_hz / 1e6, 6);
        /* R->sc holds the width used (compare_run.c writes it back): the
         * plan's choice leaves its "channel width chosen" note */
        int chosen = 0;
        for (size_t k = 0; k < o->n_notes; k++)
            chosen |= !strncmp(o->notes[k], "channel width chosen", 20);
        snprintf(why, wcap, "%s", chosen ? "chosen by the plan among the catalogue's widths (see the notes)"
                                         : "scenario <technology bw_mhz>");
    } else if (!strcmp(key, "bs_height_m") && isfinite(o->design.bs_height_m) &&
               o->design.bs_height_m > 0) {
        dx__format_double(num, sizeof num, o->design.bs_height_m, 6);
        snprintf(why, wcap, "%s", st && st->bs_height_m > 0 ? "scenario <technology bs_height_m>"
                                                            : "the plan");
    } else if ((!strcmp(key, "tdd_pattern") || !strcmp(key, "tdd_special")) && o->tech.tdd_pattern[0]) {
        snprintf(num, sizeof num, "%s",
                 !strcmp(key, "tdd_pattern") ? o->tech.tdd_pattern : o->tech.tdd_special);
        snprintf(why, wcap, "scenario <technology tdd=\"%s\">", o->design.tdd_frame);
    } else {
        return 0;
    }
    if (!strcmp(num, catalogue))
        return 0;
    snprintf(used, cap, "%s", num);
    return 1;
}

/* Walks the assumptions; with l->a NULL it only counts them. */
static void list_assumptions(const dx_results *R, assumption_list *l)
{
    const dx_scenario *sc = &R->sc;
    char v[64], t[32];
    dx__format_double(t, sizeof t, 100 * sc->edge_probability_ratio, 4);
    snprintf(v, sizeof v, "%s %%", t);
    add_assumption(l, "", "coverage.edge_probability", v, "ASSUMED",
                   "scenario <coverage edge_probability> (libdxsim default 90 %, ASSUMED)");
    dx__format_double(t, sizeof t, 100 * sc->target_area_ratio, 4);
    snprintf(v, sizeof v, "%s %%", t);
    add_assumption(l, "", "coverage.target_area", v, "ASSUMED",
                   "scenario <coverage target_area> (libdxsim default 95 %, ASSUMED)");
    add_assumption(l, "", "plan.interference_margin", "3 dB", "ASSUMED",
                   "libdxsim planning default when sites outnumber channels");
    add_assumption(l, "", "plan.cell_load", "70 %", "ASSUMED", "libdxsim planning default");
    if (!sc->have_period)
        add_assumption(l, "", "programme.period", "first fiscal year", "ASSUMED",
                       "no <period> in the scenario: the demonstration period is taken to end "
                       "with the first fiscal year");
    for (size_t i = 0; i < R->n; i++) {
        const char *id = R->t[i].res.id;
        size_t np = dx_technology_param_count(id);
        for (size_t k = 0; k < np; k++) {
            dx_tech_param p;
            if (dx_technology_param(id, k, &p) != DX_OK || p.value_class == DX_VALUE_FIRM)
                continue;
            /* the value the design used, never the catalogue's when it was changed (issue 10) */
            char used[64], why[96], src[DX_REPORT_TEXT_MAX];
            if (used_value(sc, &R->t[i], p.key, p.value, used, sizeof used, why, sizeof why)) {
                char shown[128];
                snprintf(shown, sizeof shown, "%s (catalogue %s)", used, p.value);
                dx__text_fmt(src, sizeof src, "%s; catalogue value: %s", why, p.source);
                add_assumption(l, id, p.key, shown, dx_value_class_name(p.value_class), src);
                continue;
            }
            add_assumption(l, id, p.key, p.value, dx_value_class_name(p.value_class), p.source);
        }
        const dx__tech_out *o = &R->t[i];
        const dx__cost_mode *cm = &o->mode[o->res.mode];
        for (size_t k = 0; k < cm->n_items; k++) {
            const dx_cost_item *it = &cm->items[k];
            if (it->value_class == DX_VALUE_FIRM)
                continue;
            char y[48];
            /* per month as the programme rows and cash flows read it (programme.h,
             * compare_period.c as_flow_item): a lease/subscription, a lease,
             * subscription or cloud category, or a service with months; a service
             * without months is a one-off (labour, a licence fee): the ②-1 case's
             * app development was listed as "9,000,000 円/月" (tests/check_cases.py) */
            int monthly = it->procurement == DX_PROCURE_LEASE ||
                          it->procurement == DX_PROCURE_SUBSCRIPTION ||
                          it->category == DX_COST_CAT_LEASE || it->category == DX_COST_CAT_CLOUD ||
                          it->category == DX_COST_CAT_SUBSCRIPTION ||
                          (it->procurement == DX_PROCURE_SERVICE && it->months > 0.0);
            snprintf(v, sizeof v, "%s JPY%s%s", dx__report_yen(y, sizeof y, it->unit_price_jpy),
                     monthly ? "/month" : "",
                     /* a fee of the state (免許申請手数料, 電波利用料) bears no tax */
                     it->not_taxable ? " (not taxable)" : it->tax_included ? " (tax incl.)" : " (tax excl.)");
            add_assumption(l, id, it->name, v, dx_value_class_name(it->value_class), it->source);
        }
    }
}

size_t dx_results_assumption_count(const dx_results *r)
{
    if (!r)
        return 0;
    assumption_list l = {0, 0, NULL};
    list_assumptions(r, &l);
    return l.n;
}

dx_status dx_results_assumption_get(const dx_results *r, size_t k, dx_report_assumption *out)
{
    DX_REQUIRE_PTR(r);
    DX_REQUIRE_PTR(out);
    size_t n = dx_results_assumption_count(r);
    if (k >= n)
        DX_FAIL(DX_EINVAL, "dx_results_assumption_get: k = %zu (the results have %zu)", k, n);
    dx_report_assumption *all = dx__calloc(n, sizeof *all);
    if (!all)
        DX_FAIL(DX_ENOMEM, "dx_results_assumption_get: %zu assumptions", n);
    assumption_list l = {0, n, all};
    list_assumptions(r, &l);
    *out = all[k];
    dx__free(all);
    return DX_OK;
}

/* The whole list at once (the model). */
static dx_status assumptions_all(const dx_results *r, dx_report_assumption **out, size_t *n)
{
    *n = dx_results_assumption_count(r);
    *out = dx__calloc(*n ? *n : 1, sizeof **out);
    if (!*out)
        DX_FAIL(DX_ENOMEM, "report: %zu assumptions", *n);
    assumption_list l = {0, *n, *out};
    list_assumptions(r, &l);
    return DX_OK;
}

dx_status dx_results_uncertainty(const dx_results *r, dx_report_uncertainty *out)
{
    DX_REQUIRE_PTR(r);
    DX_REQUIRE_PTR(out);
    memset(out, 0, sizeof *out);
    out->draws = r->have_mc ? r->mc_draws : 0;
    out->seed = r->sc.mc_seed;
    out->p_first_cheaper_ratio = r->p_first_cheaper_ratio;
    for (size_t k = 0; k < r->n_mc_inputs && k < DX_REPORT_MAX_UNCERTAIN; k++)
        COPY(out->inputs[out->n_inputs++], r->mc_inputs[k]);
    for (size_t k = 0; k < r->n_tornado && k < DX_REPORT_MAX_UNCERTAIN; k++) {
        COPY(out->tornado[k].input, r->tornado[k].input);
        out->tornado[k].low_jpy = r->tornado[k].low_jpy;
        out->tornado[k].high_jpy = r->tornado[k].high_jpy;
        out->n_tornado++;
    }
    return DX_OK;
}

/* ---- the model: public accessors only ---------------------------------------------- */
void dx__report_model_dispose(dx__report_model *m)
{
    if (!m)
        return;
    for (size_t i = 0; m->t && i < m->n; i++) {
        dx__free(m->t[i].items);
        dx__free(m->t[i].notes);
    }
    dx__free(m->t);
    dx__free(m->demand);
    dx__free(m->assump);
    memset(m, 0, sizeof *m);
}

dx_status dx__report_model_build(const dx_results *R, const dx_report_options *o, dx__report_model *m)
{
    memset(m, 0, sizeof *m);
    dx_report_options def;
    if (!o) {
        DX_TRY(dx_report_options_init(&def, DX_REPORT_OPTIONS_VERSION));
        o = &def;
    }
    if (o->lang != DX_REPORT_LANG_JA && o->lang != DX_REPORT_LANG_EN)
        DX_FAIL(DX_EINVAL, "report options: lang = %d (allowed 0 = ja, 1 = en)", (int)o->lang);
    m->lang = o->lang;
    m->html_map = o->html_map;
    m->R = R;
    dx_status st = dx_results_scenario(R, &m->sc);
    if (st == DX_OK)
        st = dx_results_uncertainty(R, &m->unc);
    if (st == DX_OK)
        st = assumptions_all(R, &m->assump, &m->n_assump);
    if (st == DX_OK) {
        m->demand = dx__calloc(m->sc.n_demand ? m->sc.n_demand : 1, sizeof *m->demand);
        m->n = dx_results_count(R);
        m->t = dx__calloc(m->n ? m->n : 1, sizeof *m->t);
        if (!m->demand || !m->t)
            st = DX_ENOMEM, dx__set_error("report: model of %zu technologies", m->n);
    }
    for (size_t k = 0; k < m->sc.n_demand && st == DX_OK; k++)
        st = dx_results_demand_get(R, k, &m->demand[k]);
    for (size_t i = 0; i < m->n && st == DX_OK; i++) {
        dx__report_tech *t = &m->t[i];
        st = dx_results_get(R, i, &t->res);
        if (st == DX_OK) {
            /* the fixed-size texts of the result may end in a cut character */
            dx__report_utf8_copy(t->res.name, sizeof t->res.name, t->res.name);
            dx__report_utf8_copy(t->res.verdict, sizeof t->res.verdict, t->res.verdict);
            st = dx_results_design_get(R, i, &t->design);
        }
        for (int md = 0; md < DX_COMPARE_N_MODES && st == DX_OK; md++)
            st = dx_results_cash_flow_jpy(R, i, md, m->sc.n_years, t->flow_jpy[md]);
        t->n_items = dx_results_item_count(R, i);
        t->n_notes = dx_results_note_count(R, i);
        t->items = dx__calloc(t->n_items ? t->n_items : 1, sizeof *t->items);
        t->notes = dx__calloc(t->n_notes ? t->n_notes : 1, sizeof *t->notes);
        if (st == DX_OK && (!t->items || !t->notes))
            st = DX_ENOMEM, dx__set_error("report: items of technology %zu", i);
        for (size_t k = 0; k < t->n_items && st == DX_OK; k++)
            st = dx_results_item_get(R, i, k, &t->items[k]);
        for (size_t k = 0; k < t->n_notes && st == DX_OK; k++)
            dx__report_utf8_copy(t->notes[k], sizeof t->notes[k], dx_results_note(R, i, k));
        t->n_routes = dx_results_route_count(R, i);
        if (t->n_routes > 4)
            t->n_routes = 4;
        for (size_t k = 0; k < t->n_routes && st == DX_OK; k++)
            st = dx_results_route_get(R, i, k, &t->routes[k]);
    }
    if (st != DX_OK)
        dx__report_model_dispose(m);
    return st;
}
