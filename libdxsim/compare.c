/* The pipeline end to end (docs/DESIGN.md §1): the planning stage decides
 * each technology's design (plan.h); this file only wires that design
 * forward into cost, programme and cost-effectiveness, and gives the plan
 * the cost of a candidate design (its total cost of ownership) through the
 * plan's callback. No link budget is computed here. */
#define _GNU_SOURCE
#include "dx_internal.h"
#include "compare_internal.h"
#include "counters_internal.h"

#include <stddef.h>
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

void dx__compare_note(dx__tech_out *o, const char *fmt, ...)
{
    if (o->numbers_only)
        return;
    dx__count(DX__COUNT_NOTE);
    va_list ap;
    va_start(ap, fmt);
    dx__note_list_add(o->notes, DX__MAX_NOTES, &o->n_notes, &o->n_more_notes, fmt, ap);
    va_end(ap);
}
#define note dx__compare_note

/* ---- design -> what the money stages need ------------------------------------- */

/* The shortest lease term of the public lease scheme (domain-japan §5 table: 3..7 y). */
#define DX__SHORTEST_LEASE_MONTHS 36

/* Months the leasable equipment is rented short-term under <procurement
 * rental>, 0 for a lease: "yes" rents for the months the equipment is used,
 * "auto" only when those are fewer than the shortest lease (a demonstration
 * shorter than a lease). The equipment is used from the build to the end of the
 * horizon: the build is dated at the period start when the period starts after
 * the project start (dx__compare_date_build), and the network's monthly charges
 * start with it. Rented for the whole horizon from the build, a winter-season
 * demonstration (project from October for the licence, period December..March,
 * horizon to March) rented its radios for 6 months, December..May, at the
 * 6-month term rate: 2 months after the season were a commitment after the
 * horizon and the 4 months of the season were priced at the wrong term rate
 * (tests/data/cases/ski-resort-l5g-rental-r7-2-1.xml). The plan's total cost of
 * ownership (from_build = 0) has no period and rents, if at all, for its life. */
static int rental_months(const dx_scenario *sc, double horizon_years, int from_build)
{
    int h = (int)lround(horizon_years * 12.0);
    if (h < 1)
        h = 1;
    if (from_build && sc->have_period) {
        int p0, p1, H;
        dx__compare_period(sc, &p0, &p1, &H);
        if (p0 > 0 && p0 < H)
            h = H - p0;
    }
    if (sc->rental == 1 || (sc->rental == 2 && h < DX__SHORTEST_LEASE_MONTHS))
        return h;
    return 0;
}

/* The cost module's view of a design (sites, radios, terminals) for a horizon. */
static dx_status cost_design(const dx_scenario *sc, const dx_plan_tech *p, double horizon_years,
                             int from_build, dx_cost_design *d)
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
    d->rental_months = rental_months(sc, horizon_years, from_build);
    d->area_km2 = dx__sc_area_m2(sc) / 1e6;
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
    /* the bill of materials reads neither the horizon nor the start date of
     * sc (the design carries life_years): only the cash flows take them, so
     * no copy of the scenario (185 KB, several per plan) is made */
    dx_cost_design d;
    dx_cost_item items[DX__MAX_ITEMS];
    size_t n = 0;
    int mode = t.subscription_only ? DX_COMPARE_SUBSCRIPTION : DX_COMPARE_PURCHASE;
    DX_TRY(cost_design(sc, p, life_years, 0, &d));
    DX_TRY(dx__compare_bom(sc, scales, &t, &d, mode, DX__MAX_ITEMS, items, &n));
    return dx__compare_life_npv(sc, life_years, n, items, out);
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

/* The parts of a record a Monte Carlo draw reads and writes (numbers only):
 * the head up to the modes, each mode's items, start months, yearly cash
 * flows and moved build cost, and the money after the programme rows up to
 * the notes; copied from b, or zeroed when b is NULL. The item, row, verdict
 * and note arrays beyond their counts are never read, so a draw's scratch
 * record (669 KB) does not copy or clear them. The one place that lists
 * these parts: dx__compare_draw_copy and clear_out both come here. */
_Static_assert(offsetof(dx__tech_out, mode) < offsetof(dx__tech_out, n_prog) &&
                   offsetof(dx__tech_out, verdict) < offsetof(dx__tech_out, eligible_tax_excluded_jpy) &&
                   offsetof(dx__tech_out, commitment_jpy) < offsetof(dx__tech_out, n_notes) &&
                   offsetof(dx__tech_out, n_more_notes) < offsetof(dx__tech_out, notes),
               "draw_record's regions follow the field order of dx__tech_out");
static void draw_record(dx__tech_out *o, const dx__tech_out *b)
{
    const size_t tail = offsetof(dx__tech_out, notes) - offsetof(dx__tech_out, eligible_tax_excluded_jpy);
    if (b)
        memcpy(o, b, offsetof(dx__tech_out, mode));
    else
        memset(o, 0, offsetof(dx__tech_out, mode));
    for (int m = 0; m < DX_COMPARE_N_MODES; m++) {
        dx__cost_mode *d = &o->mode[m];
        const dx__cost_mode *s = b ? &b->mode[m] : NULL;
        d->n_items = s ? s->n_items : 0;
        if (s) {
            memcpy(d->items, s->items, s->n_items * sizeof *s->items);
            memcpy(d->start_m, s->start_m, s->n_items * sizeof *s->start_m);
            memcpy(d->per_year_jpy, s->per_year_jpy, sizeof d->per_year_jpy);
        } else {
            memset(d->per_year_jpy, 0, sizeof d->per_year_jpy);
        }
        d->build_moved_jpy = s ? s->build_moved_jpy : 0;
    }
    o->n_prog = 0;
    if (b)
        memcpy(&o->eligible_tax_excluded_jpy, &b->eligible_tax_excluded_jpy, tail);
    else
        memset(&o->eligible_tax_excluded_jpy, 0, tail);
    o->n_notes = o->n_more_notes = 0;
    o->numbers_only = 1;
}

/* Zero o as memset would for every reader; a numbers-only record (a draw's
 * scratch) stays numbers-only and is cleared as draw_record does. */
static void clear_out(dx__tech_out *o)
{
    if (!o->numbers_only)
        memset(o, 0, sizeof *o);
    else
        draw_record(o, NULL);
}

void dx__compare_draw_copy(dx__tech_out *o, const dx__tech_out *b) { draw_record(o, b); }

/* The flattened result of a design (radio columns), before any money. */
void dx__compare_from_plan(const dx__plan_out *p, dx__tech_out *o)
{
    clear_out(o);
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
    r->benefit_cost_p10_ratio = r->benefit_cost_p50_ratio = r->benefit_cost_p90_ratio = NAN;
    for (size_t k = 0; k < p->n_notes; k++)
        note(o, "%s", p->notes[k]);
}

/* ---- stages 6-7: cost, programme --------------------------------------------- */
static dx_status cost_modes(const dx_scenario *sc, const dx__price_scales *scales, dx__tech_out *o)
{
    dx_tech_result *r = &o->res;
    const dx_technology *t = &o->tech;
    dx_cost_design d;
    DX_TRY(cost_design(sc, &o->design, sc->horizon_years, 1, &d));
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
        memset(cm->start_m, 0, sizeof cm->start_m);
        dx__compare_date_build(sc, cm); /* ASSUMED: the build inside the period */
        DX_TRY(dx__compare_add_cost_lines(sc, o->res.id, cm));
        r->mode_available[mode] = 1;
        DX_TRY(dx__compare_mode_flows(sc, cm, ny, cm->per_year_jpy));
        double total = 0;
        for (size_t y = 0; y < ny; y++)
            total += cm->per_year_jpy[y];
        r->cost_jpy[mode] = total;
        DX_TRY(dx_finance_npv_jpy(sc->discount_rate_ratio, ny, cm->per_year_jpy,
                                  &r->npv_cost_jpy[mode]));
    }
    return DX_OK;
}

/* The approved money of an evaluation: unleasable purchases allowed with a
 * justification await MIC's consent (briefing ②-1 対象経費の考え方: 理由を提出し
 * 総務省の了解を得る必要, FIRM), so they are a separate conditional subtotal,
 * not counted as approved; the subsidy is recomputed on the approved part
 * (min(eligible x ratio, cap), 0 when the project fails a blocking check). */
typedef struct {
    double eligible, subsidy, cond_eligible, cond_subsidy;
    double eligible_tax_excluded, subsidy_tax_excluded; /* as paid without consumption tax */
} approved_money;

static dx_status approved(const dx_programme_result *pr, const dx_cost_item *items, double cost,
                          int deducts_input_tax, approved_money *m)
{
    dx_programme_totals tot;
    DX_TRY(dx_programme_result_totals(pr, &tot));
    double cond = 0, untaxed = 0, cond_untaxed = 0;
    size_t ni = dx_programme_result_item_count(pr);
    for (size_t i = 0; i < ni; i++) {
        dx_programme_item_verdict v;
        if (dx_programme_result_item(pr, i, &v) != DX_OK)
            continue;
        int is_cond = dx__programme_result_item_conditional(pr, i);
        if (is_cond)
            cond += v.eligible_jpy;
        /* eligible amounts of items with no consumption tax (不課税 state fees) */
        if (items && items[i].not_taxable)
            *(is_cond ? &cond_untaxed : &untaxed) += v.eligible_jpy;
    }
    double all = fmin(tot.eligible_total_jpy, cost);
    double full_subsidy = fmin(tot.subsidy_jpy, all);
    untaxed = fmin(untaxed + cond_untaxed, all);
    cond_untaxed = fmin(cond_untaxed, cond);
    /* tax-excluded amounts by the one tax rule: the taxable part / 1.10, the rest as is */
    double all_ex = dx__tax_excluded_jpy(all - untaxed, 0) + untaxed;
    double cond_ex = dx__tax_excluded_jpy(cond - cond_untaxed, 0) + cond_untaxed;
    if (deducts_input_tax) {
        /* an applicant that deducts input tax (仕入控除税額) is paid on the
         * tax-excluded cost (domain-japan §5: 10 %); ASSUMED reading of the
         * usual grant rule, flagged to verify against the 交付要綱 */
        all = all_ex;
        cond = cond_ex;
        full_subsidy = fmin(full_subsidy, all * tot.funding_ratio);
    }
    m->eligible = fmax(0.0, all - cond);
    double s = m->eligible * tot.funding_ratio;
    if (tot.cap_jpy > 0)
        s = fmin(s, tot.cap_jpy);
    m->subsidy = tot.project_eligible ? fmin(s, full_subsidy) : 0.0;
    m->cond_eligible = all - m->eligible;
    m->cond_subsidy = full_subsidy - m->subsidy;
    if (deducts_input_tax) {
        m->eligible_tax_excluded = m->eligible;
        m->subsidy_tax_excluded = m->subsidy;
    } else {
        m->eligible_tax_excluded = fmax(0.0, all_ex - cond_ex);
        /* the subsidy follows the eligible cost's taxable share */
        m->subsidy_tax_excluded = m->eligible > 0 ? m->subsidy * m->eligible_tax_excluded / m->eligible
                                                  : dx__tax_excluded_jpy(m->subsidy, 0);
    }
    return DX_OK;
}

/* Stage 7 on the evaluated mode's items, split by the period: eligible per
 * row, subsidy, and the money invariants (ineligible = cost - eligible,
 * burden = cost - subsidy over the horizon). */
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
    DX_TRY(dx__compare_programme_rows(sc, cm->n_items, cm->items, cm->start_m, DX__MAX_PROG,
                                      o->prog, &o->n_prog, &o->commitment_jpy));
    const double cost = r->cost_jpy[mode];
    r->conditional_eligible_jpy = r->conditional_subsidy_jpy = 0;
    r->licence_labour_verify_jpy = 0;
    o->eligible_tax_excluded_jpy = o->subsidy_tax_excluded_jpy = 0;
    if (strcmp(sc->menu, "none") == 0) {
        r->eligible_jpy = 0;
        r->ineligible_jpy = cost;
        r->subsidy_jpy = 0;
        r->net_cost_jpy = cost;
        r->programme_ok = 0;
        if (!o->numbers_only) /* 146 KB a draw does not read */
            memset(o->verdict, 0, sizeof o->verdict);
        return DX_OK;
    }
    dx_applicant a;
    DX_TRY(dx_programme_applicant_init(&a));
    DX_TRY(dx__compare_applicant(sc, &a));
    dx_programme_result *pr = NULL;
    DX_TRY(o->numbers_only ? dx__programme_evaluate_numbers(sc->menu, o->n_prog, o->prog, &a, &pr)
                           : dx_programme_evaluate(sc->menu, o->n_prog, o->prog, &a, &pr));
    dx_programme_totals tot;
    approved_money am;
    dx_status st = dx_programme_result_totals(pr, &tot);
    if (st == DX_OK)
        st = approved(pr, o->prog, cost, sc->deducts_input_tax, &am);
    if (st == DX_OK) {
        if (sc->deducts_input_tax)
            note(o, "verify: the applicant deducts input tax (仕入控除税額): eligible cost and "
                    "subsidy are tax-excluded (ASSUMED reading of the grant rules; check the "
                    "交付要綱 / 公募要領)");
        /* The rows' total is the horizon's cost without re-leases and
         * replacements (which are never eligible), so eligible <= cost. */
        double eligible = am.eligible;
        r->eligible_jpy = eligible;
        r->ineligible_jpy = cost - eligible;
        r->subsidy_jpy = am.subsidy;
        r->conditional_eligible_jpy = am.cond_eligible;
        r->conditional_subsidy_jpy = am.cond_subsidy;
        o->eligible_tax_excluded_jpy = am.eligible_tax_excluded;
        o->subsidy_tax_excluded_jpy = am.subsidy_tax_excluded;
        if (am.cond_eligible > 0.5)
            note(o, "conditional: %.0f JPY of purchases that cannot be leased are eligible only "
                    "once MIC accepts the reason (+%.0f JPY subsidy then); not counted as approved",
                 am.cond_eligible, am.cond_subsidy);
        r->programme_ok = tot.project_eligible;
        r->net_cost_jpy = cost - r->subsidy_jpy;
        if (cm->build_moved_jpy > 0.5)
            note(o, "ASSUMED: the generated one-off build costs (installation, poles, power, "
                    "licence support, bought equipment: %.0f JPY) are dated at the period start "
                    "%s, not the project start %s: costs before the grant decision are never "
                    "eligible, so the build is scheduled inside the period, and the network's "
                    "monthly charges start with it; your own <item>s keep their dates",
                 cm->build_moved_jpy, sc->period_start, sc->start_date);
        size_t ni = dx_programme_result_item_count(pr);
        for (size_t i = 0; i < ni && i < DX__MAX_PROG; i++) {
            dx_programme_item_verdict v;
            if (dx_programme_result_item(pr, i, &v) != DX_OK)
                continue;
            o->verdict[i].eligible = v.eligible;
            o->verdict[i].cost_jpy = v.cost_jpy;
            o->verdict[i].eligible_jpy = v.eligible_jpy;
            if (!o->numbers_only) {
                snprintf(o->verdict[i].rule, sizeof o->verdict[i].rule, "%s", v.rule ? v.rule : "");
                dx__text_fmt(o->verdict[i].reason, sizeof o->verdict[i].reason, "%s",
                             v.reason ? v.reason : ""); /* a cut is visible and whole-character */
            }
            /* labour for the radio licence may be 免許関係諸費用 (briefing ②-1 対象外経費,
             * FIRM for ②-1): flag it for verification, counting it as the rule says */
            const dx_cost_item *it = &o->prog[i];
            if (v.eligible && it->category == DX_COST_CAT_LABOUR &&
                (strcasestr(it->name, "licen") || strstr(it->name, "免許"))) {
                r->licence_labour_verify_jpy += v.eligible_jpy;
                note(o, "verify: '%s' (%.0f JPY eligible) is labour for the radio licence; it may "
                        "count as 免許関係諸費用, which briefing ②-1 excludes (対象外経費)",
                     it->name, v.eligible_jpy);
            }
        }
    }
    if (st == DX_OK && !o->numbers_only) { /* the warnings, period */
        /* a failed check is one of the warnings ("NOT ELIGIBLE RULE: reason" or
         * "note RULE: reason", programme.c finish_check): noted once. Its "reason
         * [RULE]" form was noted before it as well, so the Japanese report gave
         * the ③ minimum size twice (tests/data/cases/forest-dem-lpwa-lease-r7-3.xml) */
        size_t nw = dx_programme_result_warning_count(pr);
        for (size_t i = 0; i < nw; i++)
            note(o, "programme %s: %s", sc->menu, dx_programme_result_warning(pr, i));
        int p0, p1, H;
        dx__compare_period(sc, &p0, &p1, &H);
        note(o, "period: months %d to %d of the project%s; recurring items are split at its end "
                "(only months inside it can be eligible)",
             p0 + 1, p1, sc->have_period ? "" : " (to the end of the first fiscal year, ASSUMED)");
        if (dx__compare_period_past_fy(sc))
            note(o, "verify: the <period> runs past the end of the grant fiscal year (March); "
                    "under ③ only the grant year's costs count (fees after it only when booked "
                    "in year one, ※3), so the period is taken to end with that March (ASSUMED "
                    "reading of briefing ③; check the 公募要領)");
        if (o->commitment_jpy > 0.5)
            note(o, "commitment after the horizon: %.0f JPY (tax included) of lease or "
                    "subscription months beyond the %d-month horizon, not in the cost and never "
                    "funded",
                 o->commitment_jpy, H);
        int rent = rental_months(sc, sc->horizon_years, 1);
        if (rent > 0 && sc->procurement_mode != DX_COMPARE_PURCHASE)
            note(o, "short-term rental: leasable equipment is rented for %d months at "
                    "rental.monthly_ratio x the %d-month term rate, not leased for %d months or "
                    "more; the ratio is ASSUMED (replace it with a rental quotation: <price "
                    "key=\"rental.monthly_ratio\" technology=...>)",
                 rent, rent, DX__SHORTEST_LEASE_MONTHS);
        else if (sc->procurement_mode == DX_COMPARE_LEASE && o->commitment_jpy > 0.5 &&
                 H < DX__SHORTEST_LEASE_MONTHS)
            note(o, "the horizon (%d months) is shorter than the shortest lease (%d months): "
                    "<procurement rental=\"auto\"> rents the equipment for the horizon instead",
                 H, DX__SHORTEST_LEASE_MONTHS);
    }
    dx_programme_result_free(pr);
    return st;
}

/* One booking option of the evaluated mode (<programme compare_booking>):
 * the horizon's cost with the recurring rental / cloud fees booked in the
 * first year or paid month by month, its eligible part and subsidy. Paid
 * month by month also clears the items' own booked_in_first_year, so a line
 * the scenario books is compared with the same line paid yearly (only the
 * grant period's months then count). */
static dx_status booking_option(const dx_scenario *sc, const dx__tech_out *o, int booked,
                                double *cost, double *eligible, double *subsidy)
{
    const dx_tech_result *r = &o->res;
    dx__cost_mode *cm = dx__malloc(sizeof *cm);
    dx_scenario *alt = dx__malloc(sizeof *alt);
    dx_cost_item *rows = dx__malloc(DX__MAX_PROG * sizeof *rows);
    dx_programme_result *pr = NULL;
    dx_status st = DX_ENOMEM;
    if (!cm || !alt || !rows) {
        dx__set_error("out of memory comparing the booking of '%s'", r->id);
        goto done;
    }
    *cm = o->mode[r->mode];
    if (!booked)
        for (size_t k = 0; k < cm->n_items; k++)
            cm->items[k].booked_in_first_year = 0;
    *alt = *sc;
    alt->cloud_booked = booked;
    size_t ny = dx__compare_n_years(alt, NULL), nr = 0;
    double flows[DX__MAX_YEARS];
    st = dx__compare_mode_flows(alt, cm, ny, flows);
    if (st != DX_OK)
        goto done;
    *cost = 0;
    for (size_t y = 0; y < ny; y++)
        *cost += flows[y];
    st = dx__compare_programme_rows(alt, cm->n_items, cm->items, cm->start_m, DX__MAX_PROG, rows,
                                    &nr, NULL);
    dx_applicant a;
    if (st == DX_OK)
        st = dx_programme_applicant_init(&a);
    if (st == DX_OK)
        st = dx__compare_applicant(alt, &a);
    if (st == DX_OK)
        st = dx_programme_evaluate(alt->menu, nr, rows, &a, &pr);
    approved_money am;
    if (st == DX_OK)
        st = approved(pr, rows, *cost, alt->deducts_input_tax, &am);
    if (st == DX_OK) {
        *eligible = am.eligible;
        *subsidy = am.subsidy;
    }
done:
    dx_programme_result_free(pr);
    dx__free(rows);
    dx__free(alt);
    dx__free(cm);
    return st;
}

static dx_status compare_booking(const dx_scenario *sc, dx__tech_out *o)
{
    dx_tech_result *r = &o->res;
    if (!sc->compare_booking || strcmp(sc->menu, "none") == 0)
        return DX_OK;
    DX_TRY(booking_option(sc, o, 1, &r->booked_cost_jpy, &r->booked_eligible_jpy,
                          &r->booked_subsidy_jpy));
    DX_TRY(booking_option(sc, o, 0, &r->yearly_cost_jpy, &r->yearly_eligible_jpy,
                          &r->yearly_subsidy_jpy));
    r->booked_net_cost_jpy = r->booked_cost_jpy - r->booked_subsidy_jpy;
    r->yearly_net_cost_jpy = r->yearly_cost_jpy - r->yearly_subsidy_jpy;
    r->booking_subsidy_difference_jpy = r->booked_subsidy_jpy - r->yearly_subsidy_jpy;
    r->booking_compared = 1;
    /* the headline figures are the scenario as written (its own lines' booking,
     * the generated fees booked only with <procurement cloud_booked>): said, so
     * that a headline between the two options is not read as a third one */
    note(o, "booking (compare_booking): the figures above book as the scenario says (eligible "
            "%.0f JPY); every rental and cloud fee booked in the first year: cost %.0f, eligible "
            "%.0f, subsidy %.0f, burden %.0f JPY; every fee paid yearly: cost %.0f, eligible %.0f, "
            "subsidy %.0f, burden %.0f JPY; booking changes the subsidy by %+.0f JPY",
         r->eligible_jpy, r->booked_cost_jpy, r->booked_eligible_jpy, r->booked_subsidy_jpy,
         r->booked_net_cost_jpy, r->yearly_cost_jpy, r->yearly_eligible_jpy, r->yearly_subsidy_jpy,
         r->yearly_net_cost_jpy, r->booking_subsidy_difference_jpy);
    return DX_OK;
}

/* Present value of the benefits from service start to the end of the horizon,
 * in the cost flows' year columns: service starts with the period under ②
 * demonstrations (the demonstration is the service; a project start before the
 * period is preparation, not service) and at the end of the period under ③
 * (the grant year builds the infrastructure), ASSUMED. */
static dx_status benefit_pv(const dx_scenario *sc, double *out)
{
    *out = 0;
    if (!sc->n_benefit)
        return DX_OK;
    int p0, p1, H;
    dx__compare_period(sc, &p0, &p1, &H);
    int s0 = strcmp(sc->menu, "r7-3") == 0 ? (p1 < H ? p1 : H) : (p0 < 0 ? 0 : p0 < H ? p0 : H);
    double per_year = 0;
    for (size_t b = 0; b < sc->n_benefit; b++)
        per_year += sc->benefit[b].jpy_per_year;
    /* months s0..H as a monthly "service" item: all H months minus the first s0 */
    dx_cost_item it[2];
    memset(it, 0, sizeof it);
    for (int k = 0; k < 2; k++) {
        it[k].category = DX_COST_CAT_OTHER;
        it[k].procurement = DX_PROCURE_SERVICE;
        it[k].quantity = 1;
        it[k].tax_included = 1;
        it[k].unit_price_jpy = (k ? -1.0 : 1.0) * per_year / 12.0;
        it[k].months = k ? s0 : H;
    }
    size_t ny = dx__compare_n_years(sc, NULL);
    double flows[DX__MAX_YEARS];
    DX_TRY(dx__compare_cash_flows(sc, s0 > 0 ? 2 : 1, it, ny, flows));
    return dx_finance_npv_jpy(sc->discount_rate_ratio, ny, flows, out);
}

static void effectiveness(const dx_scenario *sc, dx__tech_out *o)
{
    dx_tech_result *r = &o->res;
    const double total = r->cost_jpy[r->mode];
    r->cost_per_device_jpy = r->devices > 0 ? total / r->devices : NAN;
    double km2 = dx__sc_area_m2(sc) / 1e6 * r->coverage_ratio;
    r->cost_per_km2_jpy = km2 > 0 ? total / km2 : NAN;
    /* Per Mbit/s of the offered load only when the design carries all of it: an
     * infeasible design's carried share (an LPWA without the camera class) gave
     * 10^12 JPY per Mbit/s, a figure nobody can compare. */
    double mbps = r->offered_dl_mbps + r->offered_ul_mbps;
    /* and only for a load of 1 Mbit/s or more (ASSUMED): a sensor network's few
     * kbit/s gave 3 x 10^11 JPY per Mbit/s (valley-town), a figure a reviewer
     * rejects; such designs compare per device (cost_per_device_jpy) */
    r->cost_per_mbps_jpy = r->feasible && mbps >= 1.0 ? total / mbps : NAN;
    r->rank_cost_jpy = sc->rank_by_burden ? r->net_cost_jpy : total;
    /* domain-japan §5: 10 % on taxable items only (approved()); already tax-excluded
     * for an applicant deducting input tax */
    r->eligible_tax_excluded_jpy = o->eligible_tax_excluded_jpy;
    r->subsidy_tax_excluded_jpy = o->subsidy_tax_excluded_jpy;
    r->commitment_jpy = o->commitment_jpy;
    /* running cost after the period: every recurring item's yearly charge */
    double running = 0, project_labour = 0;
    const dx__cost_mode *cm = &o->mode[r->mode];
    for (size_t k = 0; k < cm->n_items; k++) {
        const dx_cost_item *it = &cm->items[k];
        double incl = it->unit_price_jpy * it->quantity * dx__item_tax_included_factor(it);
        int monthly = it->months > 0 || it->procurement == DX_PROCURE_LEASE ||
                      it->procurement == DX_PROCURE_SUBSCRIPTION || it->category == DX_COST_CAT_CLOUD;
        /* fees booked (paid) in year one (③ ※3) are not paid again after the period:
         * counted here, the welfare case's booked 5-year leases and cloud were a
         * running cost of 2.44 M JPY a year where the applicant pays 0.49 M (fibre,
         * power, upkeep; tests/data/cases/welfare-3sites-subscription-r7-3.xml) */
        if (monthly && dx__compare_booked(sc, it))
            continue;
        if (monthly)
            running += 12.0 * incl;
        else if (it->quantity <= 1 &&
                 (it->category == DX_COST_CAT_LABOUR || it->category == DX_COST_CAT_SOFTWARE))
            project_labour += incl; /* one-off, per project: design, licence support, apps */
    }
    r->running_cost_jpy_per_year = running;
    r->repeat_cost_jpy = total - project_labour;
    /* B/C on the MLIT basis (domain-japan §5): PV(benefits) / PV(total project cost);
     * the applicant's view divides by the PV of its burden. Only for a design
     * that delivers the service the benefits assume. */
    r->benefit_npv_jpy = 0;
    if (benefit_pv(sc, &r->benefit_npv_jpy) != DX_OK)
        r->benefit_npv_jpy = NAN;
    double pv = r->npv_cost_jpy[r->mode];
    double pv_burden = pv - r->subsidy_jpy;
    int ok = r->feasible && sc->n_benefit;
    r->benefit_cost_ratio = ok && pv > 0 ? r->benefit_npv_jpy / pv : NAN;
    r->benefit_cost_applicant_ratio = ok && pv_burden > 0 ? r->benefit_npv_jpy / pv_burden : NAN;
}

dx_status dx__compare_cost(const dx_scenario *sc, const dx__price_scales *scales, dx__tech_out *o)
{
    return cost_modes(sc, scales, o);
}

static void clear_booking(dx_tech_result *r)
{
    r->booked_cost_jpy = r->booked_eligible_jpy = r->booked_subsidy_jpy = r->booked_net_cost_jpy =
        NAN;
    r->yearly_cost_jpy = r->yearly_eligible_jpy = r->yearly_subsidy_jpy = r->yearly_net_cost_jpy =
        NAN;
    r->booking_subsidy_difference_jpy = NAN;
    r->booking_compared = 0;
}

dx_status dx__compare_settle(const dx_scenario *sc, dx__tech_out *o)
{
    clear_booking(&o->res);
    dx_status st = programme(sc, o);
    if (st == DX_OK)
        st = compare_booking(sc, o);
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
        r->benefit_cost_ratio = r->benefit_cost_applicant_ratio = r->rank_cost_jpy = NAN;
    r->running_cost_jpy_per_year = r->commitment_jpy = r->repeat_cost_jpy = NAN;
    r->eligible_tax_excluded_jpy = r->subsidy_tax_excluded_jpy = NAN;
    clear_booking(r);
    r->conditional_eligible_jpy = r->conditional_subsidy_jpy = NAN;
    r->licence_labour_verify_jpy = 0;
    /* No design (the link budget does not reach the first metres): nothing to cost. */
    if (!isfinite(r->sites))
        return DX_OK;
    dx_status st = cost_modes(sc, scales, o);
    if (st == DX_OK)
        st = programme(sc, o);
    if (st == DX_OK)
        st = compare_booking(sc, o);
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
