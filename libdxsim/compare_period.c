/* The proposal's period (issue 10): every recurring cost item is split by
 * months into the part inside the demonstration / grant period (eligible if
 * the menu's rules allow) and the part after it inside the horizon (not
 * eligible), and what runs beyond the horizon (a lease longer than the
 * horizon) is a commitment after the project, reported, never funded.
 *
 * Months count from the project start (<finance start_date> or <period
 * start>). The period is <period start end> (end month included); without
 * one it runs to the end of the first Japanese fiscal year (March), ASSUMED:
 * a ② demonstration contract normally ends within the fiscal year, and ③'s
 * grant year is the fiscal year of the grant; without any date, 12 months.
 * One-off items fall at the project start: inside the period when it starts
 * at month 0. Fees booked in the first year (<procurement cloud_booked>) are
 * paid inside the period for all their months (③ ※3 then caps them at 60).
 *
 * Invariants (tests/test_compare_money.c): per row 0 <= eligible <= cost;
 * the rows' total never exceeds the horizon's cash-flow total, so with
 * ineligible = cost - eligible and burden = cost - subsidy, eligible +
 * ineligible = cost, subsidy <= eligible x rate and burden >= 0. */
#define _GNU_SOURCE
#include "dx_internal.h"
#include "compare_internal.h"

#include <stdio.h>
#include <string.h>

/* Months from month p0 of the project to the end of that fiscal year (March),
 * or -1 without a start date. */
static int months_to_fy_end(const dx_scenario *sc, int p0)
{
    int y, m, d;
    if (!dx__compare_start_date(sc, &y, &m, &d))
        return -1;
    int m0 = (m - 1 + p0) % 12 + 1; /* calendar month of p0 */
    return m0 >= 4 ? 12 - (m0 - 4) : 4 - m0;
}

int dx__compare_period_past_fy(const dx_scenario *sc)
{
    if (!sc->have_period || strcmp(sc->menu, "r7-3") != 0)
        return 0;
    int left = months_to_fy_end(sc, sc->period_start_m);
    return left > 0 && sc->period_end_m > sc->period_start_m + left;
}

void dx__compare_period(const dx_scenario *sc, int *p0, int *p1, int *horizon_m)
{
    *horizon_m = (int)lround(sc->horizon_years * 12.0);
    if (sc->have_period) {
        *p0 = sc->period_start_m;
        *p1 = sc->period_end_m;
        /* ③ grants the costs of the grant's fiscal year (briefing ③ 整備費用,
         * ※3 for later fees booked in year one; ASSUMED reading): a period
         * running past March counts only to the end of that March */
        if (dx__compare_period_past_fy(sc))
            *p1 = *p0 + months_to_fy_end(sc, *p0);
        return;
    }
    *p0 = 0;
    int y, m, d;
    if (dx__compare_start_date(sc, &y, &m, &d))
        *p1 = m >= 4 ? 12 - (m - 4) : 4 - m; /* months to the end of March */
    else
        *p1 = 12;
}

static int is_monthly(const dx_cost_item *it)
{
    return it->procurement == DX_PROCURE_LEASE || it->procurement == DX_PROCURE_SUBSCRIPTION ||
           it->category == DX_COST_CAT_LEASE || it->category == DX_COST_CAT_SUBSCRIPTION ||
           it->category == DX_COST_CAT_CLOUD ||
           (it->procurement == DX_PROCURE_SERVICE && it->months > 0.0);
}

int dx__compare_purchase_month(const dx_cost_item *it, int s0, int H, int k)
{
    /* as the cash flows charge it (cost.c item_flows, replace_at_end_of_life):
     * at s0, then again at months life, 2 life, ... before the horizon's end;
     * an item dated after the project start is charged once
     * (dx__compare_mode_flows) */
    if (k == 0)
        return s0 < H ? s0 : -1;
    int life_m = (int)lround(it->useful_life_years * 12.0);
    if (is_monthly(it) || s0 > 0 || it->procurement != DX_PROCURE_PURCHASE || life_m <= 0 ||
        k > (H - 1) / life_m)
        return -1;
    return k * life_m;
}

int dx__compare_purchases(const dx_cost_item *it, int s0, int p0, int p1, int H, int *n_in_period)
{
    int n = 0, in = 0;
    for (int k = 0, m; (m = dx__compare_purchase_month(it, s0, H, k)) >= 0; k++) {
        n++;
        in += p0 <= m && m < p1;
    }
    *n_in_period = in;
    return n;
}

static dx_status push(dx_cost_item *out, size_t cap, size_t *n, const dx_cost_item *it,
                      double months, int in_period, const char *suffix)
{
    if (*n >= cap)
        DX_FAIL(DX_EBUFSIZE, "more than %zu programme rows", cap);
    dx_cost_item *o = &out[(*n)++];
    *o = *it;
    o->months = months;
    o->in_period = in_period;
    if (suffix) {
        /* names are read with room for the suffix (DX__SC_ITEM_SUFFIX_MAX);
         * a longer one from the bill of materials is cut before a whole character */
        size_t len = strlen(o->name);
        /* keep whole UTF-8 characters: cut only before a lead byte */
        size_t room = sizeof o->name - 1 - strlen(suffix);
        if (len > room) {
            len = room;
            while (len > 0 && ((unsigned char)o->name[len] & 0xC0) == 0x80)
                len--;
        }
        memcpy(o->name + len, suffix, strlen(suffix) + 1); /* fits: len <= room */
    }
    return DX_OK;
}

/* Fees booked (paid) in the first year: the item's own flag, or every
 * recurring rental / cloud fee when <procurement cloud_booked="yes"> (MIC ③ ※3). */
int dx__compare_booked(const dx_scenario *sc, const dx_cost_item *it)
{
    if (!is_monthly(it))
        return 0;
    return it->booked_in_first_year ||
           (sc->cloud_booked && (it->category == DX_COST_CAT_CLOUD ||
                                 it->category == DX_COST_CAT_SUBSCRIPTION ||
                                 it->category == DX_COST_CAT_LEASE));
}

/* Months an item runs from its start s0: its own months, or to the end of the
 * horizon H when it gives none. */
static double run_months(const dx_cost_item *it, int s0, int H)
{
    return it->months > 0 ? it->months : (double)(H - s0);
}

static double monthly_incl(const dx_cost_item *it)
{
    return it->unit_price_jpy * dx__item_tax_included_factor(it) * it->quantity;
}

dx_status dx__compare_programme_rows(const dx_scenario *sc, size_t n_items, const dx_cost_item *items,
                                     const int *start_m, size_t cap, dx_cost_item *out,
                                     size_t *n_out, double *out_commitment_jpy)
{
    int p0, p1, H;
    dx__compare_period(sc, &p0, &p1, &H);
    *n_out = 0;
    double commitment = 0;
    for (size_t i = 0; i < n_items; i++) {
        dx_cost_item it = items[i];
        it.booked_in_first_year = dx__compare_booked(sc, &it);
        int s0 = start_m ? start_m[i] : 0;
        if (!is_monthly(&it)) {
            if (s0 >= H)
                continue;
            /* bought at month s0 of the horizon, and again at the end of each
             * useful life before the horizon's end, as the cash flows charge it:
             * the purchases inside the period in one row, the others in
             * another, so the rows add up to the cost (a consumable of half a
             * year over 3 years was charged six times and listed once) */
            int n_in = 0, n_all = dx__compare_purchases(&it, s0, p0, p1, H, &n_in);
            if (n_all == 1) {
                DX_TRY(push(out, cap, n_out, &it, it.months, n_in, NULL));
                continue;
            }
            dx_cost_item again = it; /* (its useful life stays: rules read it) */
            for (int side = 1; side >= 0; side--) {
                int n = side ? n_in : n_all - n_in;
                if (n == 0)
                    continue;
                again.quantity = it.quantity * (double)n;
                DX_TRY(push(out, cap, n_out, &again, it.months, side,
                            n == n_all ? NULL
                            : side     ? " [in the period]"
                                       : " [outside the period]"));
            }
            continue;
        }
        double total = run_months(&it, s0, H);
        double unit = monthly_incl(&it);
        if (it.booked_in_first_year) {
            /* paid up front when it starts: every month is paid then (inside the
             * period when it starts inside it); starting after the horizon, it is
             * a commitment after the project */
            if (s0 >= H)
                commitment += total * unit;
            else
                DX_TRY(push(out, cap, n_out, &it, total, p0 <= s0 && s0 < p1, NULL));
            continue;
        }
        /* months [s0, s0 + total) of the project: inside the horizon, inside the period */
        double in_h = fmax(0.0, fmin(s0 + total, (double)H) - s0);
        double in_p = fmax(0.0, fmin(fmin(s0 + total, (double)H), (double)p1) - fmax((double)s0, (double)p0));
        double out_p = in_h - in_p;
        commitment += (total - in_h) * unit;
        if (in_p > 0)
            DX_TRY(push(out, cap, n_out, &it, in_p, 1,
                        out_p > 0 || total > in_h ? " [in the period]" : NULL));
        if (out_p > 0)
            DX_TRY(push(out, cap, n_out, &it, out_p, 0, " [outside the period]"));
    }
    if (out_commitment_jpy)
        *out_commitment_jpy = commitment;
    return DX_OK;
}

/* The cash flows see an item the way the programme rows do (programme.h):
 * monthly = lease/subscription procurement, lease/subscription/cloud category,
 * or a service with months; a service without months is a one-off (labour).
 * cost.c reads a purchase of a lease category as one-off and a service
 * without months as monthly over the horizon, so the item is restated. */
static dx_cost_item as_flow_item(const dx_scenario *sc, const dx_cost_item *src)
{
    dx_cost_item it = *src;
    it.booked_in_first_year = dx__compare_booked(sc, src);
    if (is_monthly(src)) {
        /* a lease of a stated term is charged over that term, as from a later start
         * (below): no re-lease after it, so the cash flows equal the programme's rows */
        if (it.procurement == DX_PROCURE_PURCHASE
            || (it.procurement == DX_PROCURE_LEASE && it.months > 0 && !it.booked_in_first_year))
            it.procurement = DX_PROCURE_SERVICE;
    } else if (it.procurement != DX_PROCURE_PURCHASE) {
        it.procurement = DX_PROCURE_PURCHASE; /* a one-off service: paid once */
        it.useful_life_years = 0;             /* and never replaced */
    }
    return it;
}

dx_status dx__compare_mode_flows(const dx_scenario *sc, const dx__cost_mode *cm, size_t n_years,
                                 double *out)
{
    DX_TRY(dx__compare_cash_flows(sc, 0, NULL, n_years, out));
    int p0, p1, H;
    dx__compare_period(sc, &p0, &p1, &H);
    double tmp[DX__MAX_YEARS];
    for (size_t i = 0; i < cm->n_items; i++) {
        const dx_cost_item it0 = as_flow_item(sc, &cm->items[i]);
        const dx_cost_item *it = &it0;
        int s0 = cm->start_m[i];
        if (s0 <= 0) {
            DX_TRY(dx__compare_cash_flows(sc, 1, it, n_years, tmp));
            for (size_t y = 0; y < n_years; y++)
                out[y] += tmp[y];
            continue;
        }
        /* an item from month s0: its charges over months [0, s0 + m) minus [0, s0),
         * as a monthly service of its price (a one-off, or fees booked up front,
         * is one month of their whole price) */
        int monthly = is_monthly(it) && !it->booked_in_first_year;
        double whole = it->booked_in_first_year ? run_months(it, s0, H) : 1.0;
        dx_cost_item d[2];
        for (int k = 0; k < 2; k++) {
            d[k] = *it;
            d[k].procurement = DX_PROCURE_SERVICE;
            d[k].category = DX_COST_CAT_OTHER;
            d[k].booked_in_first_year = 0;
            d[k].unit_price_jpy = it->unit_price_jpy * whole;
            /* months = 0 is "to the horizon": to the end of the flows' n_years (an
             * open 1e6 months was refused by the cost model's 12,000-month bound, so
             * a dated item with months="0" failed the run that validate passed) */
            double len = monthly ? (it->months > 0 ? it->months : 12.0 * (double)n_years) : 1.0;
            d[k].months = k ? (double)s0 : s0 + len;
            if (k)
                d[k].unit_price_jpy = -d[k].unit_price_jpy;
        }
        DX_TRY(dx__compare_cash_flows(sc, 2, d, n_years, tmp));
        for (size_t y = 0; y < n_years; y++)
            out[y] += tmp[y];
    }
    return DX_OK;
}

/* ASSUMED (issue 10): the generated one-off build costs (installation labour,
 * poles, power connection, licence support, bought equipment) are dated at the
 * period start when a period is given and starts after the project start. Costs
 * before the grant decision are never eligible (briefing ②-1 対象経費: 実証期間内に
 * 発生した経費のみ), so a proposal schedules the build inside the period; dated at
 * the project start they fell before it and were all ineligible, and the user
 * could not move them. The generated monthly charges (leases, subscriptions,
 * fibre, electricity, maintenance, radio fees) start with the build: run from the
 * project start, they charged months of equipment not yet installed, all
 * ineligible (6.4 M JPY of leases, power and upkeep in the July before an
 * August period in tests/data/cases/port-crane-l5g-r7-2-2.xml). The applicant's
 * own <item>s keep their own dates. */
void dx__compare_date_build(const dx_scenario *sc, dx__cost_mode *cm)
{
    int p0, p1, H;
    dx__compare_period(sc, &p0, &p1, &H);
    cm->build_moved_jpy = 0;
    if (!sc->have_period || p0 <= 0 || p0 >= H)
        return;
    for (size_t i = 0; i < cm->n_items; i++) {
        dx_cost_item *it = &cm->items[i];
        cm->start_m[i] = p0;
        if (!is_monthly(it))
            cm->build_moved_jpy += it->unit_price_jpy * it->quantity * dx__item_tax_included_factor(it);
        /* a running charge "to the horizon" (fibre, electricity, maintenance, radio
         * fees, the core or connectivity service: months = the horizon) ends with
         * the horizon, not p0 months after it: moved with the build it ran on past
         * the end, and a winter-season demonstration (period December..March,
         * horizon to March) reported the fibre, power, radio fees and cloud core of
         * April and May as 0.9 M JPY "of lease or subscription months" committed
         * after the horizon (tests/data/cases/ski-resort-l5g-rental-r7-2-1.xml). A
         * lease or a rental keeps its term (its months after the horizon are a real
         * commitment). */
        if (it->category != DX_COST_CAT_LEASE && it->procurement != DX_PROCURE_LEASE &&
            fabs(it->months - (double)H) < 0.5)
            it->months = (double)(H - p0);
    }
}

dx_status dx__compare_add_cost_lines(const dx_scenario *sc, const char *tech_id, dx__cost_mode *cm)
{
    for (size_t i = 0; i < sc->n_costs; i++) {
        const char *t = sc->cost[i].technology;
        if (t[0] && strcmp(t, "all") != 0 && strcmp(t, tech_id) != 0)
            continue;
        if (cm->n_items >= DX__MAX_ITEMS)
            DX_FAIL(DX_EBUFSIZE, "%s:%d: <costs>: more than %d items in the bill of '%s'",
                    sc->source, sc->cost[i].line, DX__MAX_ITEMS, tech_id);
        cm->items[cm->n_items] = sc->cost[i].item;
        cm->start_m[cm->n_items] = sc->cost[i].start_m;
        cm->n_items++;
    }
    return DX_OK;
}
