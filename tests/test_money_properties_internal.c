/* Property tests of the proposal's money (issue 10), over random inputs drawn
 * from a fixed seed (the library's own generator, dx_uncertainty_sample):
 *
 *  A. >= 10,000 random cost item lists, split by random periods and horizons
 *     (dx__compare_programme_rows) and evaluated under every menu:
 *       per row      0 <= eligible <= cost
 *       per list     eligible + ineligible = cost; subsidy <= eligible x rate;
 *                    burden = cost - subsidy >= 0
 *       the split    rows + commitment after the horizon = the items' whole
 *                    charges, and the rows never exceed the horizon's cash
 *                    flows (the comparison's cost), so the clamp
 *                    eligible = min(eligible, cost) in compare.c never bites.
 *  B. 200 random scenarios (XML in memory: periods, horizons, start dates,
 *     cost lines, menus, procurement modes, booked flags, ranking basis) run
 *     through dx_compare_run: the same invariants per technology, and the
 *     radio design (sites, radios, channel width) is the same whoever pays,
 *     whatever the menu, mode, period or cost lines.
 *
 * These are properties, not published values: they cannot check a rule's
 * figure, only that no combination of inputs breaks the accounting. */
#define _POSIX_C_SOURCE 200809L
#include "dx_test.h"
#include <dxsim.h>
#include "dx_internal.h"
#include "compare_internal.h"

/* ---- the random stream: uniforms in [0, 1) from the library's generator ---- */
typedef struct {
    double *u;
    size_t n, next;
} stream;

static void stream_init(stream *s, unsigned long seed, size_t n)
{
    dx_distribution d = {DX_DIST_UNIFORM, 0.0, 1.0, 0.0};
    s->u = malloc(n * sizeof *s->u);
    assert_non_null(s->u);
    assert_int_equal(dx_uncertainty_sample(&d, seed, n, s->u), DX_OK);
    s->n = n;
    s->next = 0;
}

static double U(stream *s)
{
    if (s->next >= s->n)
        fail_msg("random stream exhausted (%zu draws): raise its size", s->n);
    return s->u[s->next++];
}

static int I(stream *s, int lo, int hi) /* integer in [lo, hi] */
{
    int v = lo + (int)floor(U(s) * (hi - lo + 1));
    return v > hi ? hi : v;
}

static const char *const MENUS[] = {"r7-1-1", "r7-1-2", "r7-1-3", "r7-2-1",
                                    "r7-2-2", "r7-2-3", "r7-3"};
#define N_MENUS 7

static int monthly(const dx_cost_item *it) /* the programme's reading (programme.h) */
{
    return it->procurement == DX_PROCURE_LEASE || it->procurement == DX_PROCURE_SUBSCRIPTION ||
           it->category == DX_COST_CAT_LEASE || it->category == DX_COST_CAT_SUBSCRIPTION ||
           it->category == DX_COST_CAT_CLOUD ||
           (it->procurement == DX_PROCURE_SERVICE && it->months > 0.0);
}

static void random_item(stream *s, dx_cost_item *it, int H)
{
    memset(it, 0, sizeof *it);
    snprintf(it->name, sizeof it->name, "item %d", I(s, 0, 999));
    it->category = (dx_cost_category)I(s, 0, DX_COST_CAT_OTHER);
    it->procurement = (dx_procurement)I(s, 0, DX_PROCURE_SERVICE);
    it->role = (dx_cost_role)I(s, 0, DX_COST_ROLE_OTHER);
    it->unit_price_jpy = U(s) < 0.05 ? 0.0 : pow(10.0, 2.0 + 5.5 * U(s)); /* 100 .. 3e7 */
    it->tax_included = I(s, 0, 1);
    it->quantity = U(s) < 0.05 ? 0.0 : (double)I(s, 1, 60);
    it->useful_life_years = (double)I(s, 0, 10);
    it->leasable = U(s) < 0.7;
    if (U(s) < 0.5)
        snprintf(it->justification, sizeof it->justification, "cannot be leased: custom build");
    it->booked_in_first_year = U(s) < 0.25;
    it->in_period = 1;
    /* months: required (> 0) by the programme for monthly items; sometimes
     * longer than the horizon, sometimes a service with months */
    it->months = (double)I(s, 1, H + 48);
    if (!monthly(it) && it->procurement != DX_PROCURE_SERVICE)
        it->months = U(s) < 0.5 ? 0.0 : it->months;
}

/* cost of one row as the programme counts it (tax included) */
static double row_cost(const dx_cost_item *it)
{
    double c = it->unit_price_jpy * it->quantity * (it->tax_included ? 1.0 : 1.1);
    return monthly(it) ? c * it->months : c;
}

static void test_money__random_item_lists_keep_the_invariants(void **state)
{
    (void)state;
    enum { LISTS = 12000, MAX_N = 24 };
    stream s;
    stream_init(&s, 20251205UL, (size_t)LISTS * (8 + MAX_N * 16));
    const char *xml = "<?xml version=\"1.0\"?><scenario name=\"p\">"
                      "<area width_m=\"100\" height_m=\"100\" environment=\"rural\"/>"
                      "<demand><devices name=\"d\" count=\"1\" message_bytes=\"10\" "
                      "messages_per_day=\"1\" role=\"solution\"/></demand>"
                      "<technologies><technology id=\"halow\"/></technologies></scenario>";
    dx_scenario *sc = NULL;
    assert_int_equal(dx_scenario_load_memory(xml, strlen(xml), "p.xml", NULL, &sc), DX_OK);
    double ratio[N_MENUS];
    for (int m = 0; m < N_MENUS; m++)
        assert_int_equal(dx_programme_param(MENUS[m], "funding_ratio", &ratio[m], NULL), DX_OK);
    static const char *const starts[] = {"", "2025-04-01", "2025-07-15", "2025-10-01",
                                         "2026-01-10", "2026-03-31"};
    size_t rows_checked = 0, split_items = 0, commitments = 0;
    dx__cost_mode *cm = malloc(sizeof *cm);
    assert_non_null(cm);
    for (int l = 0; l < LISTS; l++) {
        /* the scenario's money: horizon, start, period, booking */
        int H = I(&s, 1, 120);
        sc->horizon_years = H / 12.0;
        snprintf(sc->start_date, sizeof sc->start_date, "%s", starts[I(&s, 0, 5)]);
        sc->have_period = U(&s) < 0.7;
        sc->period_start_m = I(&s, 0, 6);
        sc->period_end_m = sc->period_start_m + I(&s, 1, 30);
        sc->cloud_booked = U(&s) < 0.3;
        int p0, p1, Hc;
        dx__compare_period(sc, &p0, &p1, &Hc);
        assert_int_equal(Hc, H);
        /* the items */
        cm->n_items = (size_t)I(&s, 1, MAX_N);
        for (size_t i = 0; i < cm->n_items; i++) {
            random_item(&s, &cm->items[i], H);
            cm->start_m[i] = U(&s) < 0.6 ? 0 : I(&s, 0, H + 12);
        }
        dx_cost_item rows[DX__MAX_PROG];
        size_t nr = 0;
        double commitment = -1;
        assert_int_equal(dx__compare_programme_rows(sc, cm->n_items, cm->items, cm->start_m,
                                                    DX__MAX_PROG, rows, &nr, &commitment),
                         DX_OK);
        assert_true(commitment >= 0);
        commitments += commitment > 0;
        /* the split conserves the money: rows + commitment = every item's whole
         * charges (one-offs bought after the horizon are outside the project) */
        double rows_total = 0, whole = 0;
        for (size_t k = 0; k < nr; k++) {
            assert_true(rows[k].months >= 0);
            if (monthly(&rows[k]) && !rows[k].booked_in_first_year && rows[k].in_period)
                assert_true(rows[k].months <= p1 - p0 + 1e-9); /* never more than the period */
            rows_total += row_cost(&rows[k]);
        }
        for (size_t i = 0; i < cm->n_items; i++) {
            dx_cost_item it = cm->items[i];
            int s0 = cm->start_m[i];
            if (monthly(&it)) {
                if (it.months <= 0)
                    it.months = H - s0;
                whole += row_cost(&it);
            } else if (s0 < H) {
                /* a purchase from the project start is bought again at the end of
                 * each useful life L before the horizon's end: at 0, L, 2L, ... < H
                 * (the cash flows' replacements, listed as rows since they count
                 * in the cost); a dated one, or a one-off service, once */
                int L = (int)lround(it.useful_life_years * 12.0), times = 1;
                if (s0 == 0 && it.procurement == DX_PROCURE_PURCHASE && L > 0)
                    for (int m = L; m < H; m += L)
                        times++;
                whole += times * row_cost(&it);
            }
        }
        split_items += nr > cm->n_items;
        dx_assert_close(rows_total + commitment, whole, 1e-3, 1e-9);
        /* the rows never exceed the horizon's cash flows (the comparison's cost) */
        size_t ny = dx__compare_n_years(sc, NULL);
        double flows[DX__MAX_YEARS], flow_total = 0;
        assert_int_equal(dx__compare_mode_flows(sc, cm, ny, flows), DX_OK);
        for (size_t y = 0; y < ny; y++)
            flow_total += flows[y];
        if (!(rows_total <= flow_total * (1 + 1e-9) + 1e-3)) {
            print_error("list %d: rows %.2f > horizon cash flows %.2f (H = %d, start '%s')\n", l,
                        rows_total, flow_total, H, sc->start_date);
            fail();
        }
        /* every menu, every applicant type: the programme's accounting */
        int m = l % N_MENUS;
        dx_applicant a;
        assert_int_equal(dx_programme_applicant_init(&a), DX_OK);
        a.type = (dx_applicant_type)I(&s, 0, 4);
        a.consortium_local_governments = I(&s, 0, 3);
        a.previously_selected = I(&s, 0, 1);
        dx_programme_result *pr = NULL;
        dx_status st = dx_programme_evaluate(MENUS[m], nr, rows, &a, &pr);
        if (st != DX_OK)
            fail_msg("list %d, %s: %s", l, MENUS[m], dx_last_error());
        dx_programme_totals t;
        assert_int_equal(dx_programme_result_totals(pr, &t), DX_OK);
        double sum_e = 0, sum_c = 0;
        for (size_t k = 0; k < nr; k++) {
            dx_programme_item_verdict v;
            assert_int_equal(dx_programme_result_item(pr, k, &v), DX_OK);
            assert_true(v.eligible_jpy >= 0);
            assert_true(v.eligible_jpy <= v.cost_jpy * (1 + 1e-12));
            dx_assert_close(v.cost_jpy, row_cost(&rows[k]), 1e-6, 1e-12);
            sum_e += v.eligible_jpy;
            sum_c += v.cost_jpy;
            rows_checked++;
        }
        dx_assert_close(t.total_cost_jpy, sum_c, 1e-3, 1e-12);
        dx_assert_close(t.eligible_total_jpy, sum_e, 1e-3, 1e-12);
        dx_assert_close(t.eligible_total_jpy + t.ineligible_total_jpy, t.total_cost_jpy, 1e-3,
                        1e-12);
        assert_true(t.subsidy_jpy >= 0);
        assert_true(t.subsidy_jpy <= t.eligible_total_jpy * ratio[m] * (1 + 1e-12) + 1e-6);
        assert_true(t.applicant_burden_jpy >= -1e-6);
        dx_assert_close(t.applicant_burden_jpy, t.total_cost_jpy - t.subsidy_jpy, 1e-3, 1e-12);
        dx_programme_result_free(pr);
    }
    /* the draws reached the interesting cases */
    assert_true(rows_checked > 100000);
    assert_true(split_items > 1000);
    assert_true(commitments > 1000);
    free(cm);
    free(s.u);
    dx_scenario_free(sc);
}

/* ---- B: random scenarios through dx_compare_run ------------------------------- */

/* Radio parts: the design must not depend on anything drawn below them. */
static const char *const RADIO[] = {
    /* rural sensors: HaLow vs LoRaWAN vs carrier LTE-M (subscription only) */
    "  <area width_m=\"1200\" height_m=\"900\" environment=\"rural\"/>\n"
    "  <demand><devices name=\"sensors\" count=\"40\" message_bytes=\"20\" messages_per_day=\"24\" "
    "role=\"solution\" solution_price_jpy=\"30000\"/>\n"
    "  <devices name=\"cameras\" count=\"3\" ul_kbps=\"500\" required_ul_kbps=\"500\" "
    "role=\"solution\" solution_key=\"solution.camera\"/></demand>\n"
    "  <technologies><technology id=\"halow\"/><technology id=\"lorawan-as923\"/>"
    "<technology id=\"ltem-carrier\"/></technologies>\n",
    /* a small hall: indoor Local 5G vs Wi-Fi 6E */
    "  <area width_m=\"120\" height_m=\"80\" environment=\"indoor-factory\"/>\n"
    "  <demand><devices name=\"AGVs\" count=\"8\" ul_kbps=\"2000\" dl_kbps=\"500\" "
    "required_ul_kbps=\"10000\" role=\"solution\" solution_price_jpy=\"0\"/>\n"
    "  <devices name=\"tablets\" count=\"10\" dl_kbps=\"2000\" required_dl_kbps=\"5000\" "
    "role=\"other\"/></demand>\n"
    "  <technologies><technology id=\"l5g-sub6-indoor\" tdd=\"qs1\"/>"
    "<technology id=\"wifi6e-lpi\"/></technologies>\n",
};
#define N_RADIO 2
static const char *const RADIO_TECH[N_RADIO][3] = {{"halow", "lorawan-as923", "ltem-carrier"},
                                                   {"l5g-sub6-indoor", "wifi6e-lpi", NULL}};

static const char *const CATS[] = {"equipment", "software", "lease", "subscription", "cloud",
                                   "labour", "communications", "utilities", "travel",
                                   "construction", "licence-application-fee",
                                   "radio-usage-fee", "other"};
static const char *const PROCS[] = {"purchase", "lease", "subscription", "service"};
static const char *const ROLES[] = {"network", "solution", "other"};
static const char *const APPLICANTS[] = {"municipality", "prefecture", "company", "nonprofit",
                                         "gov-funded-corporation"};

static size_t cat_f(char *b, size_t cap, size_t n, const char *fmt, ...) DX__PRINTF(4, 5);
static size_t cat_f(char *b, size_t cap, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(b + n, cap - n, fmt, ap);
    va_end(ap);
    assert_true(k >= 0 && (size_t)k < cap - n);
    return n + (size_t)k;
}

static size_t random_scenario(stream *s, int radio, char *b, size_t cap)
{
    size_t n = cat_f(b, cap, 0, "<?xml version=\"1.0\"?>\n<scenario name=\"p\">\n%s", RADIO[radio]);
    int y0 = I(s, 2025, 2027), m0 = I(s, 1, 12);
    int dated = U(s) < 0.7;
    n = cat_f(b, cap, n, "  <finance discount_rate=\"%.3f\" prices=\"%s\"", 0.08 * U(s),
              U(s) < 0.5 ? "tax-excluded" : "tax-included");
    if (U(s) < 0.5)
        n = cat_f(b, cap, n, " horizon_months=\"%d\"", I(s, 3, 96));
    else
        n = cat_f(b, cap, n, " horizon_years=\"%d\"", I(s, 1, 8));
    if (dated)
        n = cat_f(b, cap, n, " start_date=\"%04d-%02d-01\"", y0, m0);
    n = cat_f(b, cap, n, "/>\n");
    if (dated && U(s) < 0.8) {
        int a = I(s, 0, 3), len = I(s, 1, 24);
        int sm = m0 - 1 + a, em = sm + len - 1;
        n = cat_f(b, cap, n, "  <period start=\"%04d-%02d-%02d\" end=\"%04d-%02d-28\"/>\n",
                  y0 + sm / 12, sm % 12 + 1, a ? 1 : I(s, 1, 28), y0 + em / 12, em % 12 + 1);
    }
    static const char *const RENTALS[] = {"no", "yes", "auto"};
    const char *mode = PROCS[I(s, 0, 2)];
    const char *booked = U(s) < 0.4 ? "yes" : "no";
    n = cat_f(b, cap, n, "  <procurement mode=\"%s\" cloud_booked=\"%s\" rental=\"%s\"/>\n",
              mode, booked, RENTALS[I(s, 0, 2)]);
    n = cat_f(b, cap, n, "  <programme menu=\"%s\" compare_booking=\"%s\" rank_by=\"%s\"/>\n",
              U(s) < 0.1 ? "none" : MENUS[I(s, 0, N_MENUS - 1)], U(s) < 0.5 ? "yes" : "no",
              U(s) < 0.3 ? "burden" : "total");
    n = cat_f(b, cap, n, "  <applicant type=\"%s\" consortium_local_governments=\"%d\"/>\n",
              APPLICANTS[I(s, 0, 4)], I(s, 0, 2));
    int nc = I(s, 0, 6);
    if (nc) {
        n = cat_f(b, cap, n, "  <costs>\n");
        for (int k = 0; k < nc; k++) {
            int cat = I(s, 0, 12), proc = I(s, 0, 3);
            n = cat_f(b, cap, n,
                      "    <item name=\"line %d\" category=\"%s\" procurement=\"%s\" role=\"%s\" "
                      "unit_price_jpy=\"%.0f\" quantity=\"%d\" tax=\"%s\" leasable=\"%s\"",
                      k, CATS[cat], PROCS[proc], ROLES[I(s, 0, 2)], pow(10.0, 3 + 4 * U(s)),
                      I(s, 1, 20), U(s) < 0.5 ? "excluded" : "included",
                      U(s) < 0.7 ? "yes" : "no");
            int is_monthly = proc == 1 || proc == 2 || cat == 2 || cat == 3 || cat == 4;
            if (dated && U(s) < 0.5) {
                int a = I(s, 0, 30), len = I(s, 1, 40);
                n = cat_f(b, cap, n, " start=\"%04d-%02d-01\"", y0 + (m0 - 1 + a) / 12,
                          (m0 - 1 + a) % 12 + 1);
                if (is_monthly || proc == 3)
                    n = cat_f(b, cap, n, " end=\"%04d-%02d-01\"", y0 + (m0 - 2 + a + len) / 12,
                              (m0 - 2 + a + len) % 12 + 1);
            } else if (is_monthly || (proc == 3 && U(s) < 0.5)) {
                n = cat_f(b, cap, n, " months=\"%d\"", I(s, 1, 72));
            }
            if (U(s) < 0.2)
                n = cat_f(b, cap, n, " booked_in_first_year=\"yes\"");
            int t = I(s, -1, 2);
            if (t >= 0 && RADIO_TECH[radio][t])
                n = cat_f(b, cap, n, " technology=\"%s\"", RADIO_TECH[radio][t]);
            n = cat_f(b, cap, n, "/>\n");
        }
        n = cat_f(b, cap, n, "  </costs>\n");
    }
    if (U(s) < 0.5)
        n = cat_f(b, cap, n, "  <benefits><benefit name=\"b\" hours_per_year=\"%d\" "
                             "jpy_per_hour=\"2000\"/></benefits>\n", I(s, 10, 3000));
    return cat_f(b, cap, n, "</scenario>\n");
}

static void test_money__random_scenarios_keep_the_invariants_and_the_design(void **state)
{
    (void)state;
    enum { SCENARIOS = 200 };
    stream s;
    stream_init(&s, 7UL, SCENARIOS * 400);
    struct {
        int seen;
        char id[32];
        double sites, radios, bw_hz;
    } design[N_RADIO][8];
    memset(design, 0, sizeof design);
    char *xml = malloc(1 << 16);
    assert_non_null(xml);
    for (int k = 0; k < SCENARIOS; k++) {
        int radio = k % N_RADIO;
        size_t len = random_scenario(&s, radio, xml, 1 << 16);
        dx_scenario *sc = NULL;
        dx_status st = dx_scenario_load_memory(xml, len, "p.xml", NULL, &sc);
        if (st != DX_OK)
            fail_msg("scenario %d: %s\n%s", k, dx_last_error(), xml);
        dx_results *r = NULL;
        st = dx_compare_run(sc, &r);
        if (st != DX_OK)
            fail_msg("scenario %d: %s\n%s", k, dx_last_error(), xml);
        double ratio = 0;
        const char *menu = sc->menu;
        if (strcmp(menu, "none") != 0)
            assert_int_equal(dx_programme_param(menu, "funding_ratio", &ratio, NULL), DX_OK);
        for (size_t i = 0; i < dx_results_count(r); i++) {
            dx_tech_result t;
            assert_int_equal(dx_results_get(r, i, &t), DX_OK);
            if (!isfinite(t.sites))
                continue; /* no design: nothing costed */
            int mixed = strncmp(t.id, "mixed", 5) == 0;
            double cost = t.cost_jpy[t.mode];
            if (!(t.eligible_jpy >= 0 && t.eligible_jpy <= cost * (1 + 1e-12) + 1e-6) ||
                !(t.subsidy_jpy <= t.eligible_jpy * ratio * (1 + 1e-12) + 1e-6) ||
                !(t.net_cost_jpy >= -1e-6) || !(t.subsidy_jpy >= 0))
                fail_msg("scenario %d, %s: cost %.0f eligible %.0f subsidy %.0f burden %.0f "
                         "(ratio %g)\n%s", k, t.id, cost, t.eligible_jpy, t.subsidy_jpy,
                         t.net_cost_jpy, ratio, xml);
            dx_assert_close(t.eligible_jpy + t.ineligible_jpy, cost, 1e-3, 1e-12);
            /* the conditional subtotal (awaiting MIC's consent) is outside the approved money */
            assert_true(t.conditional_eligible_jpy >= 0 && t.conditional_subsidy_jpy >= -1e-6);
            assert_true(t.eligible_jpy + t.conditional_eligible_jpy <= cost * (1 + 1e-12) + 1e-6);
            dx_assert_close(t.net_cost_jpy, cost - t.subsidy_jpy, 1e-3, 1e-12);
            if (t.booking_compared) {
                /* both options obey the same accounting */
                for (int b = 0; b < 2; b++) {
                    double c = b ? t.booked_cost_jpy : t.yearly_cost_jpy;
                    double e = b ? t.booked_eligible_jpy : t.yearly_eligible_jpy;
                    double sb = b ? t.booked_subsidy_jpy : t.yearly_subsidy_jpy;
                    double nb = b ? t.booked_net_cost_jpy : t.yearly_net_cost_jpy;
                    assert_true(e >= 0 && e <= c * (1 + 1e-12) + 1e-6);
                    assert_true(sb >= 0 && sb <= e * ratio * (1 + 1e-12) + 1e-6);
                    dx_assert_close(nb, c - sb, 1e-3, 1e-12);
                    assert_true(nb >= -1e-6);
                }
                dx_assert_close(t.booking_subsidy_difference_jpy,
                                t.booked_subsidy_jpy - t.yearly_subsidy_jpy, 1e-3, 1e-12);
            }
            /* the same radio design whoever pays, whatever the menu (a mixed
             * design is chosen by cost, so only its parts are compared) */
            if (mixed)
                continue;
            int slot = -1;
            for (int j = 0; j < 8; j++)
                if (!design[radio][j].seen || strcmp(design[radio][j].id, t.id) == 0) {
                    slot = j;
                    break;
                }
            assert_true(slot >= 0);
            if (!design[radio][slot].seen) {
                design[radio][slot].seen = 1;
                snprintf(design[radio][slot].id, sizeof design[radio][slot].id, "%s", t.id);
                design[radio][slot].sites = t.sites;
                design[radio][slot].radios = t.radios;
                design[radio][slot].bw_hz = t.bw_hz;
            } else if (design[radio][slot].sites != t.sites ||
                       design[radio][slot].radios != t.radios ||
                       design[radio][slot].bw_hz != t.bw_hz) {
                fail_msg("scenario %d, %s: design %g sites / %g radios / %g Hz differs from "
                         "%g / %g / %g with other money inputs\n%s", k, t.id, t.sites, t.radios,
                         t.bw_hz, design[radio][slot].sites, design[radio][slot].radios,
                         design[radio][slot].bw_hz, xml);
            }
        }
        dx_results_free(r);
        dx_scenario_free(sc);
    }
    free(xml);
    free(s.u);
}

int main(void)
{
    dx_global_init(DX_INIT_GSL_HANDLER_OFF);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_money__random_item_lists_keep_the_invariants),
        cmocka_unit_test(test_money__random_scenarios_keep_the_invariants_and_the_design),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
