/* The pipeline end to end (docs/DESIGN.md §1): the planning stage decides
 * each technology's design (plan.h); this file only wires that design
 * forward into cost, programme and cost-effectiveness, and gives the plan
 * the cost of a candidate design (its total cost of ownership) through the
 * plan's callback. No link budget is computed here. */
#define _GNU_SOURCE
#include "dx_internal.h"
#include "compare_internal.h"

#include <stdio.h>
#include <string.h>

#include "dxsim/cost.h"
#include "dxsim/finance.h"
#include "dxsim/programme.h"

/* The comparison's modes are the first three procurement modes of cost.h. */
_Static_assert(DX_COMPARE_PURCHASE == DX_PROCURE_PURCHASE && DX_COMPARE_LEASE == DX_PROCURE_LEASE &&
                   DX_COMPARE_SUBSCRIPTION == DX_PROCURE_SUBSCRIPTION,
               "compare modes follow dx_procurement");

const char *dx__compare_mode_name(int mode) { return dx_procurement_name((dx_procurement)mode); }

static void note(dx__tech_out *o, const char *fmt, ...) DX__PRINTF(2, 3);
static void note(dx__tech_out *o, const char *fmt, ...)
{
    if (o->n_notes >= DX__MAX_NOTES)
        return;
    va_list ap;
    va_start(ap, fmt);
    dx__vsnprintf_c(o->notes[o->n_notes++], DX__NOTE_LEN, fmt, ap);
    va_end(ap);
}

/* ---- design -> what the money stages need ------------------------------------- */

/* The cost module's view of a design (sites, radios, terminals) for a horizon. */
static dx_status cost_design(const dx_scenario *sc, const dx_plan_tech *p, double horizon_years,
                             dx_cost_design *d)
{
    DX_TRY(dx_cost_design_init(d, DX_COST_DESIGN_VERSION));
    if (p->sites > (size_t)INT32_MAX || p->radios > (size_t)INT32_MAX || !(p->devices < 2e9))
        DX_FAIL(DX_EDOMAIN, "technology '%s': a design of %zu sites, %zu radios and %.0f devices "
                            "is beyond what the cost model counts",
                p->id, p->sites, p->radios, p->devices);
    d->n_sites = (int)p->sites;
    d->sectors_per_site = p->sectors > 0 ? p->sectors : 1;
    d->n_radios = (int)p->radios;
    d->n_devices = (int)ceil(p->devices);
    /* version 2: the plan's terminals and what its sites already have */
    d->terminals_by_kind = 1;
    d->n_modules = (int)ceil(p->terminals_module);
    d->n_cpes = (int)ceil(p->terminals_cpe);
    d->n_sites_with_pole = (int)(p->sites - p->sites_need_pole);
    d->n_sites_with_power = (int)(p->sites - p->sites_need_power);
    d->n_sites_with_backhaul = (int)(p->sites - p->sites_need_backhaul);
    d->n_solution_devices = 0; /* priced per demand class by dx__compare_bom */
    d->outdoor = sc->env <= DX_ENV_URBAN;
    d->core_on_premises = sc->core_on_premises;
    d->horizon_years = horizon_years;
    d->area_km2 = sc->width_m * sc->height_m / 1e6;
    return DX_OK;
}

static const dx__sc_tech *choice_of(const dx_scenario *sc, const char *id)
{
    for (size_t i = 0; i < sc->n_tech; i++)
        if (strcmp(sc->tech[i].id, id) == 0)
            return &sc->tech[i];
    return NULL;
}

/* Total cost of ownership of a candidate design, for the plan's choice among
 * channel widths: every item bought (a carrier service subscribed), over the
 * planning life, tax included, discounted at the scenario's rate, without the
 * scenario's start date, procurement mode or programme menu. */
static dx_status tco_jpy(const dx_scenario *sc, const dx_plan_tech *p, double life_years, void *user,
                         double *out)
{
    const dx__price_scales *scales = user;
    const dx__sc_tech *choice = choice_of(sc, p->id);
    if (!choice)
        DX_FAIL(DX_EINVAL, "technology '%s' is not a candidate of the scenario", p->id);
    dx_technology t;
    DX_TRY(dx__plan_technology(choice, p->bw_hz, &t));
    dx_scenario *life = dx__malloc(sizeof *life);
    if (!life)
        DX_FAIL(DX_ENOMEM, "out of memory costing a design of '%s'", p->id);
    *life = *sc;
    life->horizon_years = life_years;
    life->start_date[0] = '\0';
    dx_cost_design d;
    dx_cost_item items[DX__MAX_ITEMS];
    double flows[DX__MAX_YEARS];
    size_t n = 0;
    int mode = t.subscription_only ? DX_COMPARE_SUBSCRIPTION : DX_COMPARE_PURCHASE;
    dx_status st = cost_design(life, p, life_years, &d);
    if (st == DX_OK)
        st = dx__compare_bom(life, scales, &t, &d, mode, DX__MAX_ITEMS, items, &n);
    size_t ny = dx__compare_n_years(life, NULL);
    if (st == DX_OK)
        st = dx__compare_cash_flows(life, n, items, ny, flows);
    if (st == DX_OK)
        st = dx_finance_npv_jpy(life->discount_rate_ratio, ny, flows, out);
    dx__free(life);
    return st;
}

void dx__compare_plan_cfg(const dx_scenario *sc, const dx__price_scales *scales, int place_sites,
                          dx__plan_cfg *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->fidelity = (dx_plan_fidelity)sc->plan_fidelity;
    cfg->grid_resolution_m = sc->grid_resolution_m;
    cfg->place_sites = place_sites;
    cfg->tco_fn = tco_jpy;
    cfg->tco_user = (void *)scales;
}

/* The flattened result of a design (radio columns), before any money. */
void dx__compare_from_plan(const dx__plan_out *p, dx__tech_out *o)
{
    memset(o, 0, sizeof *o);
    const dx_plan_tech *d = &p->d;
    dx_tech_result *r = &o->res;
    o->design = *d;
    o->tech = p->tech;
    o->n_routes = p->n_routes;
    memcpy(o->route, p->route, sizeof o->route);
    snprintf(r->id, sizeof r->id, "%s", d->id);
    snprintf(r->name, sizeof r->name, "%s", p->tech.name);
    r->feasible = d->feasible;
    snprintf(r->verdict, sizeof r->verdict, "%s", d->verdict);
    snprintf(r->propagation_model, sizeof r->propagation_model, "%s", d->propagation_model);
    r->fc_hz = d->fc_hz;
    r->bw_hz = d->bw_hz;
    r->mapl_dl_db = d->mapl_dl_db;
    r->mapl_ul_db = d->mapl_ul_db;
    r->shadow_sigma_db = d->shadow_sigma_db;
    r->shadow_margin_db = d->shadow_margin_db;
    r->cell_radius_m = d->cell_radius_m;
    snprintf(r->limiting_link, sizeof r->limiting_link, "%s", d->limiting_link);
    r->model_out_of_range = d->model_out_of_range;
    r->coverage_ratio = d->coverage_ratio;
    int designed = d->sites > 0 || p->tech.subscription_only;
    r->sites = designed ? (double)d->sites : NAN;
    r->radios = designed ? (double)d->radios : NAN;
    snprintf(r->bound_by, sizeof r->bound_by, "%s", d->bound_by);
    r->edge_dl_mbps = d->edge_dl_mbps;
    r->edge_ul_mbps = d->edge_ul_mbps;
    r->required_dl_mbps = d->required_dl_mbps;
    r->required_ul_mbps = d->required_ul_mbps;
    r->offered_dl_mbps = d->offered_dl_mbps;
    r->offered_ul_mbps = d->offered_ul_mbps;
    r->capacity_dl_mbps = d->capacity_dl_mbps;
    r->capacity_ul_mbps = d->capacity_ul_mbps;
    r->devices = d->devices;
    r->net_cost_p10_jpy = r->net_cost_p50_jpy = r->net_cost_p90_jpy = NAN;
    r->coverage_p10_ratio = r->coverage_p50_ratio = r->coverage_p90_ratio = NAN;
    r->p_cheapest_ratio = NAN;
    for (size_t k = 0; k < p->n_notes; k++)
        note(o, "%s", p->notes[k]);
}

/* ---- stages 6-7: cost, programme --------------------------------------------- */
static dx_status cost_modes(const dx_scenario *sc, const dx__price_scales *scales, dx__tech_out *o)
{
    dx_tech_result *r = &o->res;
    const dx_technology *t = &o->tech;
    dx_cost_design d;
    DX_TRY(cost_design(sc, &o->design, sc->horizon_years, &d));
    const size_t ny = dx__compare_n_years(sc, NULL);
    for (int mode = 0; mode < DX_COMPARE_N_MODES; mode++) {
        dx__cost_mode *cm = &o->mode[mode];
        cm->n_items = 0;
        if (t->subscription_only && mode != DX_COMPARE_SUBSCRIPTION) {
            /* a carrier service cannot be bought or leased */
            r->mode_available[mode] = 0;
            r->cost_jpy[mode] = r->npv_cost_jpy[mode] = NAN;
            continue;
        }
        DX_TRY(dx__compare_bom(sc, scales, t, &d, mode, DX__MAX_ITEMS, cm->items, &cm->n_items));
        r->mode_available[mode] = 1;
        DX_TRY(dx__compare_cash_flows(sc, cm->n_items, cm->items, ny, cm->per_year_jpy));
        double total = 0;
        for (size_t y = 0; y < ny; y++)
            total += cm->per_year_jpy[y];
        r->cost_jpy[mode] = total;
        DX_TRY(dx_finance_npv_jpy(sc->discount_rate_ratio, ny, cm->per_year_jpy,
                                  &r->npv_cost_jpy[mode]));
    }
    return DX_OK;
}

static dx_status programme(const dx_scenario *sc, dx__tech_out *o)
{
    dx_tech_result *r = &o->res;
    int mode = sc->procurement_mode;
    if (!r->mode_available[mode]) {
        /* e.g. carrier LTE-M can only be subscribed: evaluate the mode that exists */
        for (int k = 0; k < DX_COMPARE_N_MODES; k++)
            if (r->mode_available[k]) {
                mode = k;
                break;
            }
    }
    r->mode = mode;
    snprintf(r->menu, sizeof r->menu, "%s", sc->menu);
    dx__cost_mode *cm = &o->mode[mode];
    if (strcmp(sc->menu, "none") == 0) {
        r->eligible_jpy = 0;
        r->ineligible_jpy = r->cost_jpy[mode];
        r->subsidy_jpy = 0;
        r->net_cost_jpy = r->cost_jpy[mode];
        r->programme_ok = 0;
        return DX_OK;
    }
    dx_applicant a;
    DX_TRY(dx_programme_applicant_init(&a));
    DX_TRY(dx__compare_applicant(sc, &a));
    dx_programme_result *pr = NULL;
    DX_TRY(dx_programme_evaluate(sc->menu, cm->n_items, cm->items, &a, &pr));
    dx_programme_totals tot;
    dx_status st = dx_programme_result_totals(pr, &tot);
    if (st == DX_OK) {
        r->eligible_jpy = tot.eligible_total_jpy;
        r->ineligible_jpy = tot.ineligible_total_jpy;
        r->subsidy_jpy = tot.subsidy_jpy;
        r->programme_ok = tot.project_eligible;
        /* The applicant pays the whole horizon's cost less the subsidy. The
         * programme total covers the cost plan's items; the horizon cost can
         * differ only by discounting, which is not applied to r->cost_jpy. */
        r->net_cost_jpy = r->cost_jpy[mode] - r->subsidy_jpy;
        size_t ni = dx_programme_result_item_count(pr);
        for (size_t i = 0; i < ni && i < DX__MAX_ITEMS; i++) {
            dx_programme_item_verdict v;
            if (dx_programme_result_item(pr, i, &v) != DX_OK)
                continue;
            cm->verdict[i].eligible = v.eligible;
            cm->verdict[i].cost_jpy = v.cost_jpy;
            cm->verdict[i].eligible_jpy = v.eligible_jpy;
            snprintf(cm->verdict[i].rule, sizeof cm->verdict[i].rule, "%s", v.rule ? v.rule : "");
            snprintf(cm->verdict[i].reason, sizeof cm->verdict[i].reason, "%s",
                     v.reason ? v.reason : "");
        }
        cm->n_verdicts = ni < DX__MAX_ITEMS ? ni : DX__MAX_ITEMS;
        size_t nc = dx_programme_result_check_count(pr);
        for (size_t i = 0; i < nc; i++) {
            dx_programme_check ch;
            if (dx_programme_result_check(pr, i, &ch) == DX_OK && !ch.passed)
                note(o, "programme %s: %s [%s]", sc->menu, ch.reason, ch.rule);
        }
        size_t nw = dx_programme_result_warning_count(pr);
        for (size_t i = 0; i < nw; i++)
            note(o, "programme %s: %s", sc->menu, dx_programme_result_warning(pr, i));
    }
    dx_programme_result_free(pr);
    return st;
}

static void effectiveness(const dx_scenario *sc, dx__tech_out *o)
{
    dx_tech_result *r = &o->res;
    double net = r->net_cost_jpy;
    r->cost_per_device_jpy = r->devices > 0 ? net / r->devices : NAN;
    double km2 = sc->width_m * sc->height_m / 1e6 * r->coverage_ratio;
    r->cost_per_km2_jpy = km2 > 0 ? net / km2 : NAN;
    double mbps = r->offered_dl_mbps + r->offered_ul_mbps;
    r->cost_per_mbps_jpy = mbps > 0 ? net / mbps : NAN;
    /* Benefits accrue in every year of the horizon, discounted like the costs. */
    size_t ny = (size_t)sc->horizon_years;
    double flows[64] = {0};
    for (size_t y = 0; y < ny && y < 64; y++)
        for (size_t b = 0; b < sc->n_benefit; b++)
            flows[y] += sc->benefit[b].jpy_per_year;
    r->benefit_npv_jpy = 0;
    if (sc->n_benefit)
        dx_finance_npv_jpy(sc->discount_rate_ratio, ny, flows, &r->benefit_npv_jpy);
    /* B/C only for a design that delivers the service the benefits assume. */
    double cost_pv = r->npv_cost_jpy[r->mode] - r->subsidy_jpy;
    r->benefit_cost_ratio =
        r->feasible && cost_pv > 0 && sc->n_benefit ? r->benefit_npv_jpy / cost_pv : NAN;
}

dx_status dx__compare_cost(const dx_scenario *sc, const dx__price_scales *scales, dx__tech_out *o)
{
    return cost_modes(sc, scales, o);
}

dx_status dx__compare_settle(const dx_scenario *sc, dx__tech_out *o)
{
    dx_status st = programme(sc, o);
    if (st != DX_OK) {
        dx__prefix_error("technology '%s'", o->res.id);
        return st;
    }
    effectiveness(sc, o);
    return DX_OK;
}

/* Stages 6-7 and the cost-effectiveness figures, on a finished radio design. */
dx_status dx__compare_finish(const dx_scenario *sc, const dx__price_scales *scales, dx__tech_out *o)
{
    dx_tech_result *r = &o->res;
    for (int k = 0; k < DX_COMPARE_N_MODES; k++)
        r->cost_jpy[k] = r->npv_cost_jpy[k] = NAN;
    r->eligible_jpy = r->ineligible_jpy = r->subsidy_jpy = r->net_cost_jpy = NAN;
    r->cost_per_device_jpy = r->cost_per_km2_jpy = r->cost_per_mbps_jpy = r->benefit_npv_jpy =
        r->benefit_cost_ratio = NAN;
    /* No design (the link budget does not reach the first metres): nothing to cost. */
    if (!isfinite(r->sites))
        return DX_OK;
    dx_status st = cost_modes(sc, scales, o);
    if (st == DX_OK)
        st = programme(sc, o);
    if (st != DX_OK) {
        dx__prefix_error("technology '%s'", r->id);
        return st;
    }
    effectiveness(sc, o);
    return DX_OK;
}

dx_status dx__compare_tech(const dx_scenario *sc, const dx__sc_tech *choice,
                           const dx__plan_cfg *cfg, const dx__price_scales *scales,
                           dx__tech_out *o)
{
    dx__plan_out *p = dx__malloc(sizeof *p);
    if (!p)
        DX_FAIL(DX_ENOMEM, "out of memory planning '%s'", choice->id);
    dx_status st = dx__plan_one(sc, choice, cfg, p);
    if (st == DX_OK) {
        dx__compare_from_plan(p, o);
        dx__plan_out_dispose(p);
    }
    dx__free(p);
    if (st != DX_OK) {
        dx__prefix_error("technology '%s'", choice->id);
        return st;
    }
    return dx__compare_finish(sc, scales, o);
}
