/* compare.h: the pipeline end to end. Claims about ranking, the MIC rules as
 * applied by the pipeline, Japanese power rules, a cost worked by hand from the
 * price book (docs/domain-japan.md §9 and §5), determinism and the reports. */
#include "dx_test.h"
#include <dxsim.h>

#define HEAD "<?xml version=\"1.0\"?>\n<scenario name=\"t\">\n"

static dx_results *run_xml(const char *xml)
{
    dx_scenario *sc = NULL;
    dx_status st = dx_scenario_load_memory(xml, strlen(xml), "t.xml", NULL, &sc);
    if (st != DX_OK)
        print_error("load: %s\n", dx_last_error());
    assert_int_equal(st, DX_OK);
    dx_results *r = NULL;
    st = dx_compare_run(sc, &r);
    if (st != DX_OK)
        print_error("run: %s\n", dx_last_error());
    assert_int_equal(st, DX_OK);
    dx_scenario_free(sc);
    return r;
}

static dx_tech_result find(const dx_results *r, const char *id)
{
    dx_tech_result t;
    memset(&t, 0, sizeof t);
    for (size_t i = 0; i < dx_results_count(r); i++) {
        assert_int_equal(dx_results_get(r, i, &t), DX_OK);
        if (strcmp(t.id, id) == 0)
            return t;
    }
    fail_msg("technology %s not in the results", id);
    return t;
}

static void test_compare__demo_ranks_feasible_first_then_by_total_cost(void **state)
{
    (void)state;
    dx_scenario *sc = NULL;
    assert_int_equal(dx_scenario_demo(&sc), DX_OK);
    dx_results *r = NULL;
    assert_int_equal(dx_compare_run(sc, &r), DX_OK);
    dx_scenario_free(sc);
    size_t n = dx_results_count(r);
    assert_true(n >= 7);
    dx_tech_result prev, cur;
    assert_int_equal(dx_results_get(r, 0, &prev), DX_OK);
    assert_int_equal(prev.rank, 1);
    assert_true(prev.feasible);
    /* first the feasible designs ③ can fund (the carrier data services build no
     * wireless network of their own: ③ ※2 非該当, programme_ok = 0, no subsidy),
     * then the other feasible ones, then the rest */
    int seen_carrier = 0;
#define GROUP(t) (2 * ((t).feasible && (t).programme_ok) + (t).feasible)
    for (size_t i = 1; i < n; i++) {
        assert_int_equal(dx_results_get(r, i, &cur), DX_OK);
        assert_int_equal(cur.rank, (int)i + 1);
        assert_true(GROUP(prev) >= GROUP(cur));
        if (strcmp(cur.id, "carrier-lte5g") == 0 || strcmp(cur.id, "ltem-carrier") == 0) {
            seen_carrier++;
            assert_int_equal(cur.programme_ok, 0);
            dx_assert_close(cur.subsidy_jpy, 0, 0, 0);
        }
        /* issue 10: the ranking basis is the total project cost, not the burden */
        if (GROUP(prev) == GROUP(cur) && isfinite(cur.rank_cost_jpy)) {
            assert_true(prev.rank_cost_jpy <= cur.rank_cost_jpy);
            dx_assert_close(cur.rank_cost_jpy, cur.cost_jpy[cur.mode], 0, 0);
        }
        prev = cur;
    }
#undef GROUP
    assert_int_equal(seen_carrier, 2);
    assert_int_equal(dx_results_get(r, n, &cur), DX_EINVAL);
    dx_results_free(r);
}

/* MIC briefing ③ 補助率 1/2 (domain-japan §6.1 FIRM); ②-1 is a fixed-amount
 * contract (請負（定額）): the whole eligible cost is paid. */
static void test_compare__subsidy_follows_the_menu(void **state)
{
    (void)state;
    const char *body =
        "  <area width_m=\"1200\" height_m=\"900\" environment=\"rural\"/>\n"
        "  <demand><devices name=\"sensors\" count=\"40\" message_bytes=\"20\" "
        "messages_per_day=\"24\" role=\"solution\" solution_price_jpy=\"30000\"/></demand>\n"
        "  <technologies><technology id=\"halow\" bw_mhz=\"1\"/></technologies>\n";
    char xml[2048];
    snprintf(xml, sizeof xml, HEAD "%s  <programme menu=\"r7-3\"/>\n</scenario>\n", body);
    dx_results *r = run_xml(xml);
    dx_tech_result t = find(r, "halow");
    assert_true(t.eligible_jpy > 0);
    /* every yen of the cost plan is either eligible or not */
    dx_assert_close(t.eligible_jpy + t.ineligible_jpy, t.cost_jpy[t.mode], 1e-3, 1e-12);
    dx_assert_close(t.subsidy_jpy, 0.5 * t.eligible_jpy, 1e-6, 1e-12);
    dx_assert_close(t.net_cost_jpy, t.cost_jpy[t.mode] - t.subsidy_jpy, 1e-6, 1e-12);
    dx_results_free(r);
    /* ②-1 demonstrations exclude equipment purchases: leasing makes it eligible */
    snprintf(xml, sizeof xml,
             HEAD "%s  <procurement mode=\"lease\"/>\n  <programme menu=\"r7-2-1\"/>\n</scenario>\n",
             body);
    r = run_xml(xml);
    t = find(r, "halow");
    assert_int_equal(t.mode, DX_COMPARE_LEASE);
    dx_assert_close(t.subsidy_jpy, t.eligible_jpy, 1e-6, 1e-12);
    dx_results_free(r);
}

/* domain-japan §2.1: LPI is indoor only; VLP may be used outdoors. */
static void test_compare__lpi_refused_outdoors_but_allowed_indoors(void **state)
{
    (void)state;
    const char *fmt = HEAD "  <area width_m=\"60\" height_m=\"40\" environment=\"%s\"/>\n"
                           "  <demand><devices name=\"tablets\" count=\"30\" ul_kbps=\"500\" "
                           "dl_kbps=\"2000\" required_dl_kbps=\"20000\"/></demand>\n"
                           "  <technologies><technology id=\"wifi6e-lpi\"/></technologies>\n"
                           "</scenario>\n";
    char xml[1024];
    snprintf(xml, sizeof xml, fmt, "suburban");
    dx_results *r = run_xml(xml);
    dx_tech_result t = find(r, "wifi6e-lpi");
    assert_false(t.feasible);
    assert_non_null(strstr(t.verdict, "LPI"));
    dx_results_free(r);
    snprintf(xml, sizeof xml, fmt, "indoor-office");
    r = run_xml(xml);
    t = find(r, "wifi6e-lpi");
    assert_true(t.feasible);
    assert_string_equal(t.propagation_model, "38901-inh");
    assert_true(t.edge_dl_mbps >= 20.0);
    dx_results_free(r);
}

/* Carrier LTE-M worked by hand from the price book defaults (domain-japan §9
 * rows 18, 19, 25, all ASSUMED) and the 5-year lease-rate factor 1.789 %/month
 * (domain-japan §5, INDICATIVE), tax 10 % (§5 FIRM):
 *   module lease   50 x 12,000 x 0.01789 x 60 months = 644,040
 *   connectivity   50 x 400 x 60 months             = 1,200,000
 *   maintenance    10 %/year x 50 x 12,000 x 5 years = 300,000
 *   total tax-excluded 2,144,040 -> tax-included 2,358,444 JPY. */
static void test_compare__carrier_ltem_cost_matches_hand_calculation(void **state)
{
    (void)state;
    dx_results *r = run_xml(HEAD
        "  <area width_m=\"1500\" height_m=\"1500\" environment=\"rural\"/>\n"
        "  <demand><devices name=\"meters\" count=\"50\" message_bytes=\"40\" "
        "messages_per_day=\"4\" role=\"other\"/></demand>\n"
        "  <technologies><technology id=\"ltem-carrier\"/></technologies>\n"
        "  <procurement mode=\"subscription\"/>\n</scenario>\n");
    dx_tech_result t = find(r, "ltem-carrier");
    assert_int_equal(t.mode_available[DX_COMPARE_PURCHASE], 0);
    assert_int_equal(t.mode_available[DX_COMPARE_SUBSCRIPTION], 1);
    dx_assert_close(t.cost_jpy[DX_COMPARE_SUBSCRIPTION], 2358444.0, 1.0, 1e-9);
    assert_true(t.feasible);
    assert_string_equal(t.bound_by, "carrier");
    dx_results_free(r);
}

static void test_compare__runs_are_deterministic_and_percentiles_ordered(void **state)
{
    (void)state;
    dx_scenario *sc = NULL;
    assert_int_equal(dx_scenario_demo(&sc), DX_OK);
    dx_results *a = NULL, *b = NULL;
    assert_int_equal(dx_compare_run(sc, &a), DX_OK);
    assert_int_equal(dx_compare_run(sc, &b), DX_OK);
    dx_scenario_free(sc);
    double sum_p = 0;
    for (size_t i = 0; i < dx_results_count(a); i++) {
        dx_tech_result x, y;
        dx_results_get(a, i, &x);
        dx_results_get(b, i, &y);
        assert_string_equal(x.id, y.id);
        assert_memory_equal(&x.net_cost_p50_jpy, &y.net_cost_p50_jpy, sizeof(double));
        if (isfinite(x.net_cost_p10_jpy)) {
            assert_true(x.net_cost_p10_jpy <= x.net_cost_p50_jpy);
            assert_true(x.net_cost_p50_jpy <= x.net_cost_p90_jpy);
            sum_p += x.p_cheapest_ratio;
        }
    }
    /* P(cheapest feasible) sums to at most 1 over the technologies */
    assert_true(sum_p <= 1.0 + 1e-12);
    assert_true(sum_p > 0.5);
    dx_results_free(a);
    dx_results_free(b);
}

static void test_compare__unknown_price_key_names_the_line(void **state)
{
    (void)state;
    const char *xml = HEAD
        "  <area width_m=\"500\" height_m=\"500\" environment=\"rural\"/>\n"
        "  <demand><devices count=\"5\" ul_kbps=\"1\"/></demand>\n"
        "  <technologies><technology id=\"halow\" bw_mhz=\"1\"/></technologies>\n"
        "  <prices><price key=\"halow.apx\" jpy=\"90000\"/></prices>\n</scenario>\n";
    dx_scenario *sc = NULL;
    assert_int_equal(dx_scenario_load_memory(xml, strlen(xml), "t.xml", NULL, &sc), DX_OK);
    dx_results *r = NULL;
    dx_status st = dx_compare_run(sc, &r);
    assert_true(st < 0);
    assert_null(r);
    assert_non_null(strstr(dx_last_error(), "t.xml:6"));
    assert_non_null(strstr(dx_last_error(), "halow.apx"));
    dx_scenario_free(sc);
}

static void test_compare__price_override_moves_the_cost(void **state)
{
    (void)state;
    const char *fmt = HEAD
        "  <area width_m=\"500\" height_m=\"500\" environment=\"rural\"/>\n"
        "  <demand><devices count=\"5\" message_bytes=\"10\" messages_per_day=\"10\"/></demand>\n"
        "  <technologies><technology id=\"lorawan-as923\"/></technologies>\n"
        "  <prices><price key=\"lora.gw\" jpy=\"%d\"/></prices>\n</scenario>\n";
    char xml[1024];
    snprintf(xml, sizeof xml, fmt, 150000);
    dx_results *r = run_xml(xml);
    dx_tech_result a = find(r, "lorawan-as923");
    dx_results_free(r);
    snprintf(xml, sizeof xml, fmt, 250000);
    r = run_xml(xml);
    dx_tech_result b = find(r, "lorawan-as923");
    dx_results_free(r);
    /* one gateway bought (plus spares), 10 % tax, maintenance on the price */
    assert_true(b.cost_jpy[0] - a.cost_jpy[0] >= 100000 * 1.1 - 1e-6);
    assert_true(a.sites >= 1);
}

/* Radio inputs with distributions re-run the design in every draw: the mast
 * height spreads the coverage and the site count drives the cost spread. */
static void test_compare__radio_inputs_carry_distributions(void **state)
{
    (void)state;
    const char *fmt = HEAD
        "  <area width_m=\"1500\" height_m=\"1000\" environment=\"rural\"/>\n"
        "  <demand><devices name=\"meters\" count=\"80\" message_bytes=\"20\" "
        "messages_per_day=\"24\" role=\"other\"/></demand>\n"
        "  <technologies><technology id=\"halow\" bw_mhz=\"1\"/></technologies>\n"
        "  <uncertainty draws=\"64\" seed=\"11\">\n"
        "    <input target=\"%s\" dist=\"uniform\" a=\"%s\" b=\"%s\"/>\n"
        "  </uncertainty>\n</scenario>\n";
    char xml[1400];
    snprintf(xml, sizeof xml, fmt, "technology:halow.bs_height_m", "6", "30");
    dx_results *r = run_xml(xml);
    dx_tech_result t = find(r, "halow");
    assert_true(t.net_cost_p10_jpy < t.net_cost_p90_jpy); /* taller masts: fewer sites */
    dx_results_free(r);
    snprintf(xml, sizeof xml, fmt, "devices:meters.count", "40", "400");
    r = run_xml(xml);
    t = find(r, "halow");
    assert_true(t.net_cost_p10_jpy < t.net_cost_p90_jpy); /* more meters, more modules */
    dx_results_free(r);
    snprintf(xml, sizeof xml, fmt, "devices:pumps.count", "40", "400");
    dx_scenario *sc = NULL;
    assert_int_equal(dx_scenario_load_memory(xml, strlen(xml), "t.xml", NULL, &sc), DX_OK);
    assert_int_equal(dx_compare_run(sc, &r), DX_EINVAL);
    assert_non_null(strstr(dx_last_error(), "t.xml:7"));
    assert_non_null(strstr(dx_last_error(), "no demand class with that name"));
    dx_scenario_free(sc);
}

static void test_compare__reports_render_in_every_format(void **state)
{
    (void)state;
    dx_scenario *sc = NULL;
    assert_int_equal(dx_scenario_demo(&sc), DX_OK);
    dx_results *r = NULL;
    assert_int_equal(dx_compare_run(sc, &r), DX_OK);
    dx_scenario_free(sc);
    char *t = NULL;
    dx_report_options en;
    assert_int_equal(dx_report_options_init(&en, DX_REPORT_OPTIONS_VERSION), DX_OK);
    assert_int_equal(en.lang, DX_REPORT_LANG_JA); /* Japanese is the default */
    en.lang = DX_REPORT_LANG_EN;
    assert_int_equal(dx_results_render_opts(r, DX_REPORT_MARKDOWN, &en, &t), DX_OK);
    assert_non_null(strstr(t, "## Comparison"));
    assert_non_null(strstr(t, "## Assumptions"));
    assert_non_null(strstr(t, "公募要領"));
    /* cost plans name categories as dx_cost_category_name does, not by enum number */
    assert_non_null(strstr(t, "| equipment | "));
    assert_non_null(strstr(t, "| radio-usage-fee | "));
    dx_free(t);
    assert_int_equal(dx_results_render(r, DX_REPORT_CSV, &t), DX_OK);
    int lines = 0;
    for (char *p = t; *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, (int)dx_results_count(r) + 1);
    dx_free(t);
    assert_int_equal(dx_results_render(r, DX_REPORT_JSON, &t), DX_OK);
    assert_int_equal(t[0], '{');
    assert_non_null(strstr(t, "\"category\": \"equipment\", \"procurement\": \"purchase\""));
    /* the demo starts on 2025-07-01: Japanese fiscal years FY2025 (from April 2025,
     * 9 months here) to FY2030 (3 months) carry the 5-year horizon */
    assert_non_null(strstr(t, "\"first_fiscal_year\": 2025"));
    dx_free(t);
    assert_int_equal(dx_results_render_opts(r, DX_REPORT_MARKDOWN, &en, &t), DX_OK);
    assert_non_null(strstr(t, "FY2025 "));
    assert_non_null(strstr(t, "FY2030 "));
    assert_null(strstr(t, "FY2031"));
    dx_free(t);
    /* the default report is Japanese: 令和 fiscal years (FY2025 = 令和7年度, the
     * era began on 2019-05-01, so FY2019 is 令和元年度), the ministry's headings */
    assert_int_equal(dx_results_render(r, DX_REPORT_MARKDOWN, &t), DX_OK);
    assert_non_null(strstr(t, "## 経費内訳"));
    assert_non_null(strstr(t, "## 費用対効果"));
    assert_non_null(strstr(t, "| 令和7年度 |"));
    assert_non_null(strstr(t, "| 令和12年度 |"));
    assert_null(strstr(t, "令和13年度"));
    assert_non_null(strstr(t, "見積書で置き換えてください"));
    dx_free(t);
    en.lang = (dx_report_lang)7;
    assert_int_equal(dx_results_render_opts(r, DX_REPORT_MARKDOWN, &en, &t), DX_EINVAL);
    assert_non_null(strstr(dx_last_error(), "lang = 7"));
    assert_int_equal(dx_results_render(r, (dx_report_format)9, &t), DX_EINVAL);
    assert_int_equal(dx_results_write(r, "/nonexistent/dir/out"), DX_EIO);
    assert_non_null(strstr(dx_last_error(), "/nonexistent/dir/out"));
    dx_results_free(r);
    assert_int_equal(dx_tech_result_size(), sizeof(dx_tech_result));
}

int main(void)
{
    dx_global_init(DX_INIT_GSL_HANDLER_OFF);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compare__demo_ranks_feasible_first_then_by_total_cost),
        cmocka_unit_test(test_compare__subsidy_follows_the_menu),
        cmocka_unit_test(test_compare__lpi_refused_outdoors_but_allowed_indoors),
        cmocka_unit_test(test_compare__carrier_ltem_cost_matches_hand_calculation),
        cmocka_unit_test(test_compare__runs_are_deterministic_and_percentiles_ordered),
        cmocka_unit_test(test_compare__unknown_price_key_names_the_line),
        cmocka_unit_test(test_compare__price_override_moves_the_cost),
        cmocka_unit_test(test_compare__radio_inputs_carry_distributions),
        cmocka_unit_test(test_compare__reports_render_in_every_format),
    };
    return cmocka_run_group_tests_name("compare", tests, NULL, NULL);
}
