/* Adapters between a finished design and the money stages: price overrides
 * and uncertainty scales on the bill of materials, the solution devices of
 * each demand class, cash-flow options from the scenario and the applicant. */
#define _GNU_SOURCE
#include "dx_internal.h"
#include "compare_internal.h"

#include <stdio.h>
#include <string.h>

#include "dxsim/cost.h"
#include "dxsim/finance.h"
#include "dxsim/programme.h"

#define DX__CONSUMPTION_TAX_RATIO 0.10 /* domain-japan §5, FIRM since 2019-10-01 */

double dx__compare_price_scale(const dx__price_scales *s, const dx_cost_item *it)
{
    if (!s)
        return 1.0;
    double f = s->all;
    switch (it->category) {
    case DX_COST_CAT_LABOUR:
    case DX_COST_CAT_CONSTRUCTION:
        f *= s->installation;
        break;
    case DX_COST_CAT_SUBSCRIPTION:
    case DX_COST_CAT_CLOUD:
    case DX_COST_CAT_COMMUNICATIONS:
        f *= s->subscription;
        break;
    default:
        if (it->role == DX_COST_ROLE_NETWORK)
            f *= s->radio;
        else
            f *= s->devices;
    }
    return f;
}

/* Solution devices of each demand class (cameras, sensors): bought, or leased
 * at the monthly lease-rate factor of the lease term (domain-japan §5), or
 * rented short-term (dx_cost_hire_terms). */
static dx_status solution_items(const dx_scenario *sc, const dx_price_book *book,
                                const dx_cost_design *d, dx_procurement pm, size_t cap,
                                dx_cost_item *items, size_t *n)
{
    double factor = 0, hire_months = 0;
    int rental = 0;
    if (pm != DX_PROCURE_PURCHASE) /* lease or short-term rental: the cost module decides */
        DX_TRY(dx_cost_hire_terms(d, book, &factor, &hire_months, &rental));
    dx_price_entry life;
    DX_TRY(dx_price_book_find(book, "life.camera", &life));
    for (size_t i = 0; i < sc->n_demand; i++) {
        const dx__sc_demand *dm = &sc->demand[i];
        if (!dm->solution || (dm->solution_price_jpy <= 0 && !dm->solution_key[0]))
            continue;
        double price = dm->solution_price_jpy;
        dx_value_class cls = DX_VALUE_INDICATIVE;
        char src[DX_COST_TEXT_MAX];
        int tax_in = sc->prices_tax_included, untaxed = 0;
        snprintf(src, sizeof src, "%.100s:%d <devices solution_price_jpy> (user input)",
                 sc->source, dm->line);
        if (dm->solution_key[0]) {
            dx_price_entry e;
            dx_status st = dx_price_book_find(book, dm->solution_key, &e);
            if (st != DX_OK) {
                dx__prefix_error("%s:%d: <devices solution_key=\"%s\">", sc->source, dm->line,
                                 dm->solution_key);
                return st;
            }
            price = e.value;
            cls = e.value_class;
            tax_in = e.tax_included;
            untaxed = e.not_taxable;
            snprintf(src, sizeof src, "%s", e.source);
        }
        if (*n >= cap)
            DX_FAIL(DX_EBUFSIZE, "bill of materials longer than %zu items", cap);
        dx_cost_item *it = &items[(*n)++];
        memset(it, 0, sizeof *it);
        dx__text_fmt(it->name, sizeof it->name, "Solution device: %s", dm->name);
        it->role = DX_COST_ROLE_SOLUTION;
        it->quantity = ceil(dm->count);
        it->tax_included = tax_in;
        it->not_taxable = untaxed;
        it->useful_life_years = life.value;
        it->leasable = 1;
        it->value_class = cls;
        snprintf(it->source, sizeof it->source, "%s", src);
        if (pm == DX_PROCURE_PURCHASE) {
            it->category = DX_COST_CAT_EQUIPMENT;
            it->procurement = DX_PROCURE_PURCHASE;
            it->unit_price_jpy = price;
        } else {
            it->category = DX_COST_CAT_LEASE;
            it->procurement = DX_PROCURE_LEASE;
            it->unit_price_jpy = price * factor;
            it->months = hire_months;
            if (rental) {
                dx__text_fmt(it->name, sizeof it->name, "Solution device: %s (short-term rental)",
                             dm->name);
                it->value_class = DX_VALUE_ASSUMED; /* rental.monthly_ratio */
            }
        }
    }
    return DX_OK;
}

dx_status dx__compare_price_book(const dx_scenario *sc, const char *tech_id, dx_price_book **out)
{
    dx_price_book *book = NULL;
    DX_TRY(dx_price_book_builtin(&book));
    for (size_t i = 0; i < sc->n_price; i++) {
        if (sc->price[i].technology[0] && strcmp(sc->price[i].technology, tech_id) != 0)
            continue; /* a quotation for another technology */
        /* scenario prices are written tax-excluded or tax-included (finance/@prices);
         * the price book holds tax-excluded prices */
        double v = sc->price[i].jpy / (sc->prices_tax_included ? 1.0 + DX__CONSUMPTION_TAX_RATIO : 1.0);
        dx_price_entry known;
        dx_status st = dx_price_book_find(book, sc->price[i].key, &known);
        if (st == DX_OK && known.not_taxable)
            v = sc->price[i].jpy; /* a fee of the state (不課税): the same either way */
        if (st == DX_OK)
            st = dx_price_book_override(book, sc->price[i].key, v);
        if (st != DX_OK) {
            dx_price_book_free(book);
            dx__prefix_error("%s:%d: <prices>/<price key=\"%s\">", sc->source, sc->price[i].line,
                             sc->price[i].key);
            return st;
        }
    }
    *out = book;
    return DX_OK;
}

dx_status dx__compare_bom(const dx_scenario *sc, const dx__price_scales *scales,
                          const dx_technology *t, const dx_cost_design *design, int mode,
                          size_t cap, dx_cost_item *items, size_t *n)
{
    const dx_price_book *book = NULL;
    dx_price_book *own = NULL;
    const dx__bom_books *bb = scales ? scales->books : NULL;
    for (size_t k = 0; bb && bb->n_price == sc->n_price && k < bb->n && !book; k++)
        if (strcmp(bb->tech_id[k], t->id) == 0)
            book = bb->book[k]; /* prepared for the draws: the same overrides */
    if (!book) {
        DX_TRY(dx__compare_price_book(sc, t->id, &own));
        book = own;
    }
    dx_procurement pm = mode == DX_COMPARE_PURCHASE ? DX_PROCURE_PURCHASE
                        : mode == DX_COMPARE_LEASE  ? DX_PROCURE_LEASE
                                                    : DX_PROCURE_SUBSCRIPTION;
    dx_status st = dx_cost_bom(t, design, pm, book, cap, items, n);
    size_t n_network = *n;
    if (st == DX_OK)
        /* like for like: a carrier service (only subscribed) gets its solution
         * devices the way the scenario procures, as every other technology does */
        st = solution_items(sc, book, design,
                            t->subscription_only ? (dx_procurement)sc->procurement_mode : pm, cap,
                            items, n);
    /* devices on a carrier's network are not "①に接続するソリューション機器"
     * (solution equipment connected to the applicant's own wireless network,
     * briefing ③ 補助対象 ②, ※2): the cameras of a LoRaWAN + carrier design
     * are not ③-eligible, the LoRaWAN part's sensors are. Role OTHER, as the
     * carrier terminals (cost.c); menus without the role rule are unchanged */
    if (st == DX_OK && (t->subscription_only || t->family == DX_TECH_FAMILY_LTEM))
        for (size_t i = n_network; i < *n; i++)
            items[i].role = DX_COST_ROLE_OTHER;
    dx_price_book_free(own);
    if (st != DX_OK)
        return st;
    for (size_t i = 0; i < *n; i++) {
        items[i].unit_price_jpy *= dx__compare_price_scale(scales, &items[i]);
    }
    return DX_OK;
}

int dx__compare_start_date(const dx_scenario *sc, int *y, int *m, int *d)
{
    /* the cash flows of every draw ask again: the last answer per thread */
    static _Thread_local char last[sizeof sc->start_date];
    static _Thread_local int last_ok, last_y, last_m, last_d;
    if (!sc->start_date[0])
        return 0;
    if (last[0] && memcmp(last, sc->start_date, sizeof last) == 0) {
        *y = last_y, *m = last_m, *d = last_d;
        return last_ok;
    }
    int ok = sscanf(sc->start_date, "%4d-%2d-%2d", y, m, d) == 3;
    memcpy(last, sc->start_date, sizeof last);
    last_ok = ok;
    if (ok)
        last_y = *y, last_m = *m, last_d = *d;
    return ok;
}

/* Cost options of the scenario: horizon, discounting, tax included, and
 * Japanese fiscal years (April-March) when the scenario gives a start date. */
static void cash_flow_options(const dx_scenario *sc, dx_cost_options *o)
{
    dx_cost_options_init(o, DX_COST_OPTIONS_VERSION);
    o->horizon_years = sc->horizon_years;
    o->discount_rate_ratio = sc->discount_rate_ratio;
    o->output_tax_included = 1;
    int y, m, d;
    if (dx__compare_start_date(sc, &y, &m, &d)) {
        o->start_year = y;
        o->start_month = m;
    }
}

dx_status dx__compare_life_npv(const dx_scenario *sc, double life_years, size_t n_items,
                               const dx_cost_item *items, double *out_npv_jpy)
{
    dx_cost_options o;
    dx_cost_options_init(&o, DX_COST_OPTIONS_VERSION);
    o.horizon_years = life_years;
    o.discount_rate_ratio = sc->discount_rate_ratio;
    o.output_tax_included = 1;
    size_t ny = dx_cost_n_years(&o);
    if (ny > DX__MAX_YEARS)
        ny = DX__MAX_YEARS;
    double flows[DX__MAX_YEARS];
    DX_TRY(dx_cost_cash_flows_jpy(n_items, items, &o, ny, flows));
    return dx_finance_npv_jpy(sc->discount_rate_ratio, ny, flows, out_npv_jpy);
}

size_t dx__compare_n_years(const dx_scenario *sc, int *out_first_fy)
{
    dx_cost_options o;
    cash_flow_options(sc, &o);
    if (out_first_fy) /* a fiscal year is named by the calendar year it starts in */
        *out_first_fy = o.start_year ? (o.start_month >= 4 ? o.start_year : o.start_year - 1) : 0;
    size_t n = dx_cost_n_years(&o);
    return n < DX__MAX_YEARS ? n : DX__MAX_YEARS;
}

dx_status dx__compare_cash_flows(const dx_scenario *sc, size_t n_items, const dx_cost_item *items,
                                 size_t n_years, double *out_per_year_jpy)
{
    dx_cost_options o;
    cash_flow_options(sc, &o);
    return dx_cost_cash_flows_jpy(n_items, items, &o, n_years, out_per_year_jpy);
}

dx_status dx__compare_applicant(const dx_scenario *sc, dx_applicant *a)
{
    DX_TRY(dx_applicant_type_from_name(sc->applicant_type, &a->type));
    a->consortium_local_governments = sc->consortium_local_governments;
    a->fiscal_strength_index = sc->fiscal_strength_index;
    a->previously_selected = sc->previously_selected;
    a->partner_municipalities = sc->partner_municipalities;
    a->consortium_members = sc->consortium_members;
    a->advisor_onsite_visits_per_year = sc->advisor_visits_per_year;
    a->advisor_online_hours_per_year = sc->advisor_online_hours_per_year;
    return DX_OK;
}
