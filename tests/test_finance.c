/* Tests of include/dxsim/finance.h against independently computed values:
 * numpy-financial's Decimal test values, Excel documentation examples,
 * pycel's Excel-checked values, Japanese depreciation worked examples (TKC,
 * 弥生, toyama-tax) and closed forms derived by hand in the comments. */
#define _POSIX_C_SOURCE 200809L
#include "dx_test.h"
#include <dxsim.h>

static void split_flows(char *s, double *v, size_t *n)
{
    *n = 0;
    char *save = NULL;
    for (char *t = strtok_r(s, ";", &save); t && *n < 32; t = strtok_r(NULL, ";", &save))
        v[(*n)++] = strtod(t, NULL);
}

/* ---- NPV ------------------------------------------------------------------ */

static void test_npv__matches_numpy_financial_decimal_value(void **state)
{
    (void)state;
    /* numpy-financial test_npv_decimal: npv(0.05, [-15000, 1500, 2500, 3500, 4500, 6000])
     * = 122.894854950942692161628715 (Python Decimal, cash[0] at t = 0). */
    const double cf[] = {-15000, 1500, 2500, 3500, 4500, 6000};
    double npv = 0;
    assert_int_equal(dx_finance_npv_jpy(0.05, 6, cf, &npv), DX_OK);
    dx_assert_close(npv, 122.894854950942692161628715, 0, 1e-9);
}

static void test_npv__matches_spreadsheet_examples(void **state)
{
    (void)state;
    dx_csv csv;
    assert_int_equal(dx_csv_load(&csv, "finance_npv.csv"), 0);
    assert_int_equal(csv.nrows, 4);
    for (int r = 0; r < csv.nrows; r++) {
        char buf[256];
        double cf[33];
        size_t n;
        snprintf(buf, sizeof buf, "%s", dx_csv_str(&csv, r, "values"));
        split_flows(buf, cf + 1, &n);
        cf[0] = 0.0; /* spreadsheet NPV: first value at the end of period 1 */
        double npv;
        assert_int_equal(dx_finance_npv_jpy(dx_csv_num(&csv, r, "rate"), n + 1, cf, &npv), DX_OK);
        dx_assert_close(npv, dx_csv_num(&csv, r, "expected"), dx_csv_num(&csv, r, "abs_tol"),
                        dx_csv_num(&csv, r, "rel_tol"));
    }
    dx_csv_free(&csv);
}

static void test_npv__of_one_period_equals_cash_flow(void **state)
{
    (void)state;
    const double cf[] = {-2385.5};
    double npv = 0;
    assert_int_equal(dx_finance_npv_jpy(0.04, 1, cf, &npv), DX_OK);
    dx_assert_close(npv, -2385.5, 0, 1e-15);
}

static void test_npv__by_hand_at_social_discount_rate(void **state)
{
    (void)state;
    /* by hand: -1e6 + 3e5/1.04 + 3e5/1.04^2 + 5e5/1.04^3 = -1e6 + 288461.538461538...
     * + 277366.863905325... + 444498.179335457... = 10326.5817023... */
    const double cf[] = {-1e6, 3e5, 3e5, 5e5};
    double expected = -1e6 + 3e5 / 1.04 + 3e5 / (1.04 * 1.04) + 5e5 / (1.04 * 1.04 * 1.04);
    double npv = 0;
    assert_int_equal(dx_finance_npv_jpy(DX_FINANCE_SOCIAL_DISCOUNT_RATE_RATIO, 4, cf, &npv), DX_OK);
    dx_assert_close(npv, expected, 0, 1e-12);
    dx_assert_close(npv, 10326.58170233, 1e-6, 0);
}

static void test_npv__rejects_bad_arguments_naming_them(void **state)
{
    (void)state;
    const double cf[] = {-1, NAN, 2};
    double npv;
    assert_int_equal(dx_finance_npv_jpy(-1.0, 3, cf, &npv), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "rate_ratio"));
    assert_int_equal(dx_finance_npv_jpy(0.04, 3, cf, &npv), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "cash_jpy[1]"));
    assert_int_equal(dx_finance_npv_jpy(0.04, 0, cf, &npv), DX_EINVAL);
    assert_non_null(strstr(dx_last_error(), "n = 0"));
    assert_int_equal(dx_finance_npv_jpy(0.04, 3, NULL, &npv), DX_EINVAL);
    assert_non_null(strstr(dx_last_error(), "cash_jpy"));
}

/* ---- annuities ---------------------------------------------------------------- */

static void test_annuity__matches_reference_table(void **state)
{
    (void)state;
    dx_csv csv;
    assert_int_equal(dx_csv_load(&csv, "finance_annuity.csv"), 0);
    assert_true(csv.nrows >= 15);
    for (int r = 0; r < csv.nrows; r++) {
        const char *fn = dx_csv_str(&csv, r, "func");
        double rate = dx_csv_num(&csv, r, "rate"), nper = dx_csv_num(&csv, r, "nper");
        double a = dx_csv_num(&csv, r, "a"), b = dx_csv_num(&csv, r, "b");
        int when = (int)dx_csv_num(&csv, r, "when");
        double got = NAN;
        int st;
        if (strcmp(fn, "pmt") == 0)
            st = dx_finance_pmt_jpy(rate, nper, a, b, when, &got);
        else if (strcmp(fn, "pv") == 0)
            st = dx_finance_pv_jpy(rate, nper, a, b, when, &got);
        else
            st = dx_finance_fv_jpy(rate, nper, a, b, when, &got);
        if (st != DX_OK)
            print_error("row %d (%s): %s\n", r, dx_csv_str(&csv, r, "source"), dx_last_error());
        assert_int_equal(st, DX_OK);
        print_message("row %d %s: got %.15g expected %s\n", r, fn, got, dx_csv_str(&csv, r, "expected"));
        dx_assert_close(got, dx_csv_num(&csv, r, "expected"), dx_csv_num(&csv, r, "abs_tol"),
                        dx_csv_num(&csv, r, "rel_tol"));
    }
    dx_csv_free(&csv);
}

static void test_annuity__pv_pmt_fv_are_mutually_consistent(void **state)
{
    (void)state;
    double pmt, pv, fv;
    assert_int_equal(dx_finance_pmt_jpy(0.0235, 48, 2385000, 125000, 1, &pmt), DX_OK);
    assert_int_equal(dx_finance_pv_jpy(0.0235, 48, pmt, 125000, 1, &pv), DX_OK);
    dx_assert_close(pv, 2385000, 0, 1e-12);
    assert_int_equal(dx_finance_fv_jpy(0.0235, 48, pmt, 2385000, 1, &fv), DX_OK);
    dx_assert_close(fv, 125000, 1e-6, 1e-10);
}

static void test_annuity__rejects_bad_arguments_naming_them(void **state)
{
    (void)state;
    double out;
    assert_int_equal(dx_finance_pmt_jpy(0.01, 0, 100, 0, 0, &out), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "nper"));
    assert_int_equal(dx_finance_pmt_jpy(0.01, 10, 100, 0, 2, &out), DX_EINVAL);
    assert_non_null(strstr(dx_last_error(), "when_begin"));
    assert_int_equal(dx_finance_pv_jpy(-1.5, 10, 100, 0, 0, &out), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "rate_ratio"));
    assert_int_equal(dx_finance_fv_jpy(0.01, 10, INFINITY, 0, 0, &out), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "pmt"));
}

/* ---- IRR ------------------------------------------------------------------------ */

static void test_irr__matches_reference_table(void **state)
{
    (void)state;
    dx_csv csv;
    assert_int_equal(dx_csv_load(&csv, "finance_irr.csv"), 0);
    assert_true(csv.nrows >= 10);
    for (int r = 0; r < csv.nrows; r++) {
        char flows[256];
        snprintf(flows, sizeof flows, "%s", dx_csv_str(&csv, r, "flows"));
        double cf[32];
        size_t n;
        split_flows(flows, cf, &n);
        double expected = dx_csv_num(&csv, r, "expected");
        double at = dx_csv_num(&csv, r, "abs_tol"), rt = dx_csv_num(&csv, r, "rel_tol");
        if (strcmp(dx_csv_str(&csv, r, "kind"), "unique") == 0) {
            double irr = NAN;
            int st = dx_finance_irr_ratio(n, cf, &irr);
            if (st != DX_OK)
                print_error("row %d: %s\n", r, dx_last_error());
            assert_int_equal(st, DX_OK);
            dx_assert_close(irr, expected, at, rt);
            /* congruence (numpy-financial test_npv_irr_congruence): NPV(IRR) = 0 */
            double npv;
            assert_int_equal(dx_finance_npv_jpy(irr, n, cf, &npv), DX_OK);
            dx_assert_close(npv, 0.0, 1e-7 * fabs(cf[0]), 0);
        } else {
            double roots[8];
            size_t nr = 0;
            assert_int_equal(dx_finance_irr_roots_ratio(n, cf, 8, roots, &nr), DX_OK);
            assert_true(nr >= 2);
            size_t best = 0;
            for (size_t i = 1; i < nr; i++)
                if (fabs(roots[i] - expected) < fabs(roots[best] - expected))
                    best = i;
            dx_assert_close(roots[best], expected, at, rt);
            double irr;
            assert_int_equal(dx_finance_irr_ratio(n, cf, &irr), DX_EDOMAIN);
            assert_true(isnan(irr));
            assert_non_null(strstr(dx_last_error(), "internal rates of return"));
        }
    }
    dx_csv_free(&csv);
}

static void test_irr__extreme_scale_series_of_numpy_financial_gh15(void **state)
{
    (void)state;
    /* numpy-financial TestIrr.test_gh_15 (coefficients down to denormal 1e-313): the
     * suite expects -0.9999999990596069 with rtol 1e-9 ("rough approximation taken from
     * the issue"). Without preconditioning GSL's companion solver never returns here. */
    const double v[] = {-3000.0, 2.3926932267015667e-07, 4.1672087103345505e-16, 5.3965110036378706e-25,
                        5.1962551071806174e-34, 3.7202955645436402e-43, 1.9804961711632469e-52,
                        7.8393517651814181e-62, 2.3072565113911438e-71, 5.0491839233308912e-81,
                        8.2159177668499263e-91, 9.9403244366963527e-101, 8.942410813633967e-111,
                        5.9816122646481191e-121, 2.9750309031844241e-131, 1.1002067043497954e-141,
                        3.0252876563518021e-152, 6.1854121948207909e-163, 9.4032980015353301e-174,
                        1.0629218520017728e-184, 8.9337141847171845e-196, 5.5830607698467935e-207,
                        2.5943122036622652e-218, 8.9635842466507006e-230, 2.3027710094332358e-241,
                        4.3987510596745562e-253, 6.2476630372575209e-265, 6.598046841695288e-277,
                        5.1811095266842017e-289, 3.0250999925830644e-301, 1.3133070599585015e-313};
    double irr;
    assert_int_equal(dx_finance_irr_ratio(sizeof v / sizeof v[0], v, &irr), DX_OK);
    dx_assert_close(irr, -0.9999999990596069, 0, 1e-9);
}

static void test_irr__two_period_closed_form(void **state)
{
    (void)state;
    /* by hand: -100 + 60/y + 60/y^2 = 0 with y = 1 + r  ->  100 y^2 - 60 y - 60 = 0
     * -> y = (60 + sqrt(3600 + 24000)) / 200 = (3 + sqrt(69)) / 10
     * -> r = (sqrt(69) - 7) / 10 = 0.1306623862918075 */
    const double cf[] = {-100, 60, 60};
    double irr;
    assert_int_equal(dx_finance_irr_ratio(3, cf, &irr), DX_OK);
    dx_assert_close(irr, (sqrt(69.0) - 7.0) / 10.0, 0, 1e-12);
}

static void test_irr__two_roots_are_reported_as_ambiguous(void **state)
{
    (void)state;
    /* by hand: -100 + 230/y - 132/y^2 = 0 -> 100 y^2 - 230 y + 132 = 0
     * -> y = (230 +- sqrt(52900 - 52800)) / 200 = 1.1 or 1.2 -> r = 0.1 and 0.2 */
    const double cf[] = {-100, 230, -132};
    double roots[4];
    size_t nr = 0;
    assert_int_equal(dx_finance_irr_roots_ratio(3, cf, 4, roots, &nr), DX_OK);
    assert_int_equal(nr, 2);
    dx_assert_close(roots[0], 0.1, 0, 1e-12);
    dx_assert_close(roots[1], 0.2, 0, 1e-12);
    double irr;
    assert_int_equal(dx_finance_irr_ratio(3, cf, &irr), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "2 internal rates of return"));
    assert_int_equal(dx_finance_irr_roots_ratio(3, cf, 1, roots, &nr), DX_EBUFSIZE);
    assert_int_equal(nr, 2);
}

static void test_irr__double_root_counts_once(void **state)
{
    (void)state;
    /* by hand: -100 + 210/y - 110.25/y^2 = -(10 - 10.5/y)^2 ... roots y = 1.05 (double) */
    const double cf[] = {-100, 210, -110.25};
    double irr;
    assert_int_equal(dx_finance_irr_ratio(3, cf, &irr), DX_OK);
    dx_assert_close(irr, 0.05, 1e-7, 0);
}

static void test_irr__no_sign_change_has_no_irr(void **state)
{
    (void)state;
    const double cf[] = {-1, -2, -3}; /* numpy-financial test_numpy_gh_6744: nan */
    double irr = 0;
    assert_int_equal(dx_finance_irr_ratio(3, cf, &irr), DX_ENOTFOUND);
    assert_true(isnan(irr));
    assert_non_null(strstr(dx_last_error(), "no internal rate of return"));
    const double one[] = {-1};
    assert_int_equal(dx_finance_irr_ratio(1, one, &irr), DX_EINVAL);
    assert_non_null(strstr(dx_last_error(), "n = 1"));
}

/* ---- payback, EAC, benefit-cost -------------------------------------------------- */

static void test_payback__simple_and_discounted_by_hand(void **state)
{
    (void)state;
    const double cf[] = {-1000, 300, 300, 300, 300, 300};
    double y;
    /* by hand: cumulative -700, -400, -100 after year 3; year 4 brings 300 -> 3 + 100/300 */
    assert_int_equal(dx_finance_payback_years(6, cf, NAN, &y), DX_OK);
    dx_assert_close(y, 3.0 + 100.0 / 300.0, 0, 1e-12);
    assert_int_equal(dx_finance_payback_years(6, cf, -1.0, &y), DX_OK);
    dx_assert_close(y, 3.0 + 100.0 / 300.0, 0, 1e-12);
    /* by hand at 10 %: discounted inflows 300/1.1^t; after 4 years the cumulative is
     * -1000 + 300 (1/1.1 + 1/1.21 + 1/1.331 + 1/1.4641) = -49.0404...; year 5 brings
     * 300/1.61051 = 186.2764... -> 4 + 49.0404/186.2764 = 4.2633... */
    double left = -1000 + 300 * (1 / 1.1 + 1 / 1.21 + 1 / 1.331 + 1 / 1.4641);
    double expected = 4.0 - left / (300 / 1.61051);
    assert_int_equal(dx_finance_payback_years(6, cf, 0.10, &y), DX_OK);
    dx_assert_close(y, expected, 0, 1e-12);
    dx_assert_close(y, 4.2633, 1e-4, 0);
}

static void test_payback__never_paid_back_is_infinite(void **state)
{
    (void)state;
    const double cf[] = {-1000, 100, 100};
    double y = 0;
    assert_int_equal(dx_finance_payback_years(3, cf, 0.04, &y), DX_OK);
    assert_true(isinf(y));
    const double pos[] = {10, 5};
    assert_int_equal(dx_finance_payback_years(2, pos, NAN, &y), DX_OK);
    dx_assert_close(y, 0.0, 0, 0);
    const double bad[] = {-1, NAN};
    assert_int_equal(dx_finance_payback_years(2, bad, NAN, &y), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "cash_jpy[1]"));
}

static void test_eac__is_capital_recovery_factor_times_pv(void **state)
{
    (void)state;
    /* by hand: CRF(10 %, 3) = 0.1 * 1.331 / (1.331 - 1) = 0.402114803625378 */
    double eac;
    assert_int_equal(dx_finance_eac_jpy(0.10, 3, 1000, &eac), DX_OK);
    dx_assert_close(eac, 1000 * 0.1 * 1.331 / 0.331, 0, 1e-12);
    assert_int_equal(dx_finance_eac_jpy(0.0, 4, 1000, &eac), DX_OK);
    dx_assert_close(eac, 250, 0, 1e-15);
    assert_int_equal(dx_finance_eac_jpy(0.04, 0, 1000, &eac), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "life_years"));
}

static void test_benefit_cost__ratio_of_present_values(void **state)
{
    (void)state;
    /* labour saved: 1200 h/yr x 2385 JPY/h = 2,862,000 JPY in years 1..5; cost 9e6 at t0 + 5e5/yr */
    double cost[6] = {9e6, 5e5, 5e5, 5e5, 5e5, 5e5}, ben[6] = {0};
    for (int t = 1; t < 6; t++)
        ben[t] = 1200.0 * 2385.0;
    double pc, pb, bcr;
    assert_int_equal(dx_finance_benefit_cost(0.04, 6, cost, ben, &pc, &pb, &bcr), DX_OK);
    double a5 = (1 - pow(1.04, -5)) / 0.04; /* annuity factor, by hand 4.45182233... */
    dx_assert_close(pc, 9e6 + 5e5 * a5, 0, 1e-12);
    dx_assert_close(pb, 2862000.0 * a5, 0, 1e-12);
    dx_assert_close(bcr, pb / pc, 0, 1e-15);
    dx_assert_close(a5, 4.451822331, 1e-9, 0);
}

/* ---- depreciation ---------------------------------------------------------------- */

static void test_depreciation__reproduces_japanese_worked_examples(void **state)
{
    (void)state;
    dx_csv csv;
    assert_int_equal(dx_csv_load(&csv, "finance_depreciation.csv"), 0);
    assert_int_equal(csv.nrows, 4);
    for (int r = 0; r < csv.nrows; r++) {
        char buf[512];
        double want[32], got[32], book[32];
        size_t n;
        snprintf(buf, sizeof buf, "%s", dx_csv_str(&csv, r, "amounts"));
        split_flows(buf, want, &n);
        const char *m = dx_csv_str(&csv, r, "method");
        double cost = dx_csv_num(&csv, r, "cost"), life = dx_csv_num(&csv, r, "life");
        int rnd = (int)dx_csv_num(&csv, r, "round");
        int st;
        if (strcmp(m, "db") == 0) {
            double rates[3];
            size_t k;
            snprintf(buf, sizeof buf, "%s", dx_csv_str(&csv, r, "rates"));
            split_flows(buf, rates, &k);
            assert_int_equal(k, 3);
            st = dx_finance_declining_schedule_jpy(cost, rates[0], rates[1], rates[2], rnd, n, got, book);
        } else {
            dx_depreciation_method dm =
                strcmp(m, "jp200") == 0 ? DX_DEPRECIATION_JP_DECLINING_200 : DX_DEPRECIATION_JP_STRAIGHT_LINE;
            st = dx_finance_depreciation_jpy(dm, cost, 0, life, rnd, n, got, book);
        }
        assert_int_equal(st, DX_OK);
        double total = 0;
        for (size_t i = 0; i < n; i++) {
            if (fabs(got[i] - want[i]) > 1e-6)
                print_error("%s year %zu: got %.3f expected %.0f\n", dx_csv_str(&csv, r, "case"), i + 1, got[i],
                            want[i]);
            dx_assert_close(got[i], want[i], 1e-6, 0);
            total += got[i];
        }
        dx_assert_close(book[n - 1], 1.0, 1e-6, 0); /* 備忘価額 1 JPY */
        dx_assert_close(total, cost - 1.0, 1e-6, 0);
    }
    dx_csv_free(&csv);
}

static void test_depreciation__rates_match_ordinance_tables(void **state)
{
    (void)state;
    dx_csv csv;
    assert_int_equal(dx_csv_load(&csv, "finance_jp_rates.csv"), 0);
    assert_true(csv.nrows >= 30);
    for (int r = 0; r < csv.nrows; r++) {
        int life = (int)dx_csv_num(&csv, r, "life");
        double sl;
        assert_int_equal(dx_finance_jp_straight_line_rate(life, &sl), DX_OK);
        if (fabs(sl - dx_csv_num(&csv, r, "sl")) > 1e-12)
            print_error("life %d: straight-line rate %.3f\n", life, sl);
        dx_assert_close(sl, dx_csv_num(&csv, r, "sl"), 1e-12, 0);
        if (life > 20)
            continue;
        double db, rev, g;
        assert_int_equal(dx_finance_jp_declining_rates(life, &db, &rev, &g), DX_OK);
        dx_assert_close(db, dx_csv_num(&csv, r, "db"), 1e-12, 0);
        dx_assert_close(rev, dx_csv_num(&csv, r, "revised"), 1e-12, 0);
        dx_assert_close(g, dx_csv_num(&csv, r, "guarantee"), 1e-12, 0);
    }
    dx_csv_free(&csv);
    double x;
    assert_int_equal(dx_finance_jp_declining_rates(21, &x, NULL, NULL), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "life_years = 21"));
}

static void test_depreciation__straight_line_reaches_residual(void **state)
{
    (void)state;
    double d[7], b[7];
    assert_int_equal(dx_finance_depreciation_jpy(DX_DEPRECIATION_STRAIGHT_LINE, 2385000, 385000, 5, 0, 7, d, b),
                     DX_OK);
    for (int i = 0; i < 5; i++)
        dx_assert_close(d[i], 400000, 1e-6, 0);
    dx_assert_close(d[5], 0, 1e-9, 0);
    dx_assert_close(b[6], 385000, 1e-6, 0);
    assert_int_equal(dx_finance_depreciation_jpy(DX_DEPRECIATION_STRAIGHT_LINE, 1000, 2000, 5, 0, 7, d, b),
                     DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "residual_jpy"));
    assert_int_equal(dx_finance_depreciation_jpy(DX_DEPRECIATION_JP_DECLINING_200, 1000, 0, 7.5, 0, 7, d, b),
                     DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "life_years"));
    assert_int_equal(dx_finance_depreciation_jpy((dx_depreciation_method)9, 1000, 0, 7, 0, 7, d, b), DX_EINVAL);
    assert_non_null(strstr(dx_last_error(), "method"));
}

/* ---- IRR of long series (issue 13: 3,000 flows took over a minute) --------- */

static void test_irr__long_annuity_matches_closed_form(void **state)
{
    (void)state;
    /* A level annuity A for N periods bought at P = A (1 - (1+r)^-N) / r has
     * IRR r (the annuity present-value formula, e.g. Brealey-Myers ch. 2):
     * N = 3000, r = 4.7 %. Also r = -0.3 % (a loss, root in the r < 0 half). */
    const size_t N = 3000;
    double *cf = malloc((N + 1) * sizeof *cf);
    assert_non_null(cf);
    const double rates[] = {0.047, -0.003};
    for (size_t k = 0; k < 2; k++) {
        double r = rates[k], A = 1234.5;
        cf[0] = -A * (1.0 - pow(1.0 + r, -(double)N)) / r;
        for (size_t t = 1; t <= N; t++)
            cf[t] = A;
        double irr = 0;
        assert_int_equal(dx_finance_irr_ratio(N + 1, cf, &irr), DX_OK);
        dx_assert_close(irr, r, 1e-12, 1e-9);
    }
    free(cf);
}

static void test_irr__long_series_with_two_roots_is_refused_and_listed(void **state)
{
    (void)state;
    /* p(x) = (x - 1/1.1)(x - 1/1.2) (1 + x + ... + x^2997): the cubic-free
     * factor has no positive root, so the rates are exactly 10 % and 20 %. */
    const size_t M = 2998, n = M + 2;
    double *cf = calloc(n, sizeof *cf);
    assert_non_null(cf);
    const double a = 1.0 / 1.1, b = 1.0 / 1.2; /* (x-a)(x-b) = ab - (a+b) x + x^2 */
    const double q[3] = {a * b, -(a + b), 1.0};
    for (size_t i = 0; i < 3; i++)
        for (size_t j = 0; j < M; j++)
            cf[i + j] += q[i];
    double roots[4];
    size_t nr = 0;
    assert_int_equal(dx_finance_irr_roots_ratio(n, cf, 4, roots, &nr), DX_OK);
    assert_int_equal(nr, 2);
    dx_assert_close(roots[0], 0.1, 1e-9, 0);
    dx_assert_close(roots[1], 0.2, 1e-9, 0);
    double irr;
    assert_int_equal(dx_finance_irr_ratio(n, cf, &irr), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "2 internal rates of return"));
    for (size_t t = 0; t < n; t++)
        cf[t] = 1.0 + (double)(t % 7); /* all positive: no IRR */
    assert_int_equal(dx_finance_irr_ratio(n, cf, &irr), DX_ENOTFOUND);
    free(cf);
}

int main(void)
{
    dx_global_init(DX_INIT_GSL_HANDLER_OFF);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_npv__matches_numpy_financial_decimal_value),
        cmocka_unit_test(test_npv__matches_spreadsheet_examples),
        cmocka_unit_test(test_npv__of_one_period_equals_cash_flow),
        cmocka_unit_test(test_npv__by_hand_at_social_discount_rate),
        cmocka_unit_test(test_npv__rejects_bad_arguments_naming_them),
        cmocka_unit_test(test_annuity__matches_reference_table),
        cmocka_unit_test(test_annuity__pv_pmt_fv_are_mutually_consistent),
        cmocka_unit_test(test_annuity__rejects_bad_arguments_naming_them),
        cmocka_unit_test(test_irr__matches_reference_table),
        cmocka_unit_test(test_irr__extreme_scale_series_of_numpy_financial_gh15),
        cmocka_unit_test(test_irr__two_period_closed_form),
        cmocka_unit_test(test_irr__two_roots_are_reported_as_ambiguous),
        cmocka_unit_test(test_irr__double_root_counts_once),
        cmocka_unit_test(test_irr__no_sign_change_has_no_irr),
        cmocka_unit_test(test_payback__simple_and_discounted_by_hand),
        cmocka_unit_test(test_payback__never_paid_back_is_infinite),
        cmocka_unit_test(test_eac__is_capital_recovery_factor_times_pv),
        cmocka_unit_test(test_benefit_cost__ratio_of_present_values),
        cmocka_unit_test(test_depreciation__reproduces_japanese_worked_examples),
        cmocka_unit_test(test_depreciation__rates_match_ordinance_tables),
        cmocka_unit_test(test_depreciation__straight_line_reaches_residual),
        cmocka_unit_test(test_irr__long_annuity_matches_closed_form),
        cmocka_unit_test(test_irr__long_series_with_two_roots_is_refused_and_listed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
