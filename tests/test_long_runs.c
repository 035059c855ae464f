/* Long and huge runs of issue 13 through the public API: a valid scenario
 * with 10^6 devices gets a finite, self-consistent site count (not ~1e77);
 * the Monte Carlo work bound (draws x re-planned technologies) refuses a run
 * above it before planning and lets a raised bound through; Monte Carlo
 * inputs clamped to their physical range are reported in the notes. */
#define _GNU_SOURCE
#include "dx_test.h"
#include <dxsim.h>

static dx_scenario *load(const char *xml)
{
    dx_scenario *sc = NULL;
    int st = dx_scenario_load_memory(xml, strlen(xml), "long-runs.xml", NULL, &sc);
    if (st != DX_OK)
        fail_msg("load: %s", dx_last_error());
    return sc;
}

static int find(const dx_results *r, const char *id, dx_tech_result *out)
{
    for (size_t i = 0; i < dx_results_count(r); i++)
        if (dx_results_get(r, i, out) == DX_OK && !strcmp(out->id, id))
            return (int)i;
    fail_msg("no technology %s in the results", id);
    return -1;
}

/* ---- 10^6 devices at 1 kbit/s on HaLow ------------------------------------ */

static const char *million_xml =
    "<scenario name=\"1e6 meters\" version=\"1\">"
    "<area width_m=\"2000\" height_m=\"1500\" environment=\"rural\"/>"
    "<demand><devices name=\"meters\" count=\"1000000\" ul_kbps=\"1\" required_ul_kbps=\"1\"/>"
    "</demand>"
    "<technologies><technology id=\"halow\"/><technology id=\"wifi7\"/></technologies>"
    "<finance horizon_years=\"5\" discount_rate=\"0.04\"/></scenario>";

static void test_million_devices__site_count_is_finite_and_just_enough(void **state)
{
    (void)state;
    dx_scenario *sc = load(million_xml);
    dx_results *r = NULL;
    assert_int_equal(dx_compare_run(sc, &r), DX_OK);
    const char *ids[] = {"halow", "wifi7"};
    for (int k = 0; k < 2; k++) {
        dx_tech_result t;
        find(r, ids[k], &t);
        /* offered uplink by hand: 10^6 devices x 1 kbit/s = 1000 Mbit/s */
        dx_assert_close(t.offered_ul_mbps, 1e6 * 1e3 / 1e6, 1e-9, 1e-9);
        /* the old one-shot division at the coverage site count gave 2.43e77 */
        assert_true(t.sites >= 1 && t.sites <= 1e5);
        assert_true(t.sites == floor(t.sites));
        /* enough capacity, and (the search takes the fewest sites) not much
         * more than needed: one site fewer would fall short, so the surplus is
         * at most one site's worth (capacity/sites) plus the MAC gain of the
         * extra site (< 1 % at these counts) */
        assert_true(t.capacity_ul_mbps >= t.offered_ul_mbps);
        if (!strcmp(t.bound_by, "capacity")) {
            double one_site = t.capacity_ul_mbps / t.sites;
            assert_true(t.capacity_ul_mbps - t.offered_ul_mbps <=
                        one_site + 0.01 * t.offered_ul_mbps);
        }
        if (k == 0) /* HaLow's 1.28 Mbit/s edge rate: capacity, not coverage, sets the count */
            assert_string_equal(t.bound_by, "capacity");
        assert_true(strstr(t.verdict, "e+") == NULL); /* no astronomic count in the text */
    }
    dx_results_free(r);
    dx_scenario_free(sc);
}

/* ---- Monte Carlo work bound ------------------------------------------------- */

/* two candidate technologies; DRAWS draws of INPUT */
static char *mc_xml(long draws, const char *input)
{
    static char buf[4096];
    snprintf(buf, sizeof buf,
             "<scenario name=\"mc\" version=\"1\">"
             "<area width_m=\"1500\" height_m=\"1000\" environment=\"rural\"/>"
             "<demand><devices name=\"sensors\" count=\"200\" message_bytes=\"16\" "
             "messages_per_day=\"96\"/></demand>"
             "<technologies><technology id=\"lorawan-as923\"/><technology id=\"halow\"/>"
             "</technologies>"
             "<finance horizon_years=\"5\" discount_rate=\"0.04\"/>"
             "<uncertainty draws=\"%ld\" seed=\"11\">%s</uncertainty></scenario>",
             draws, input);
    return buf;
}

static const char *radio_input =
    "<input target=\"devices:sensors.count\" dist=\"uniform\" a=\"100\" b=\"300\"/>";
static const char *price_input =
    "<input target=\"price_scale:radio\" dist=\"uniform\" a=\"0.8\" b=\"1.2\"/>";

static int n_progress;
static void count_progress(void *user, const char *stage, double r)
{
    (void)user, (void)stage, (void)r;
    n_progress++;
}

static void test_mc_work__estimate_is_draws_times_technologies(void **state)
{
    (void)state;
    dx_scenario *sc = load(mc_xml(50, radio_input));
    double w = -1;
    assert_int_equal(dx_compare_mc_replans(sc, &w), DX_OK);
    dx_assert_close(w, 50.0 * 2.0, 0, 0); /* by hand: 50 draws x 2 technologies */
    dx_scenario_free(sc);
    sc = load(mc_xml(50, price_input)); /* price-only draws keep the design: no re-plan */
    assert_int_equal(dx_compare_mc_replans(sc, &w), DX_OK);
    dx_assert_close(w, 0.0, 0, 0);
    dx_scenario_free(sc);
}

static void test_mc_work__refused_above_the_bound_before_planning(void **state)
{
    (void)state;
    dx_scenario *sc = load(mc_xml(50, radio_input));
    dx_compare_run_options o;
    assert_int_equal(dx_compare_run_options_init(&o, DX_COMPARE_RUN_OPTIONS_VERSION), DX_OK);
    assert_int_equal(o.max_mc_replans, DX_COMPARE_DEFAULT_MAX_MC_REPLANS);
    assert_int_equal(DX_COMPARE_DEFAULT_MAX_MC_REPLANS, 200000);
    o.max_mc_replans = 99; /* one below the 100 re-plans */
    o.progress_fn = count_progress;
    n_progress = 0;
    dx_results *r = NULL;
    assert_int_equal(dx_compare_run_ex(sc, &o, &r), DX_EDOMAIN);
    assert_null(r);
    assert_int_equal(n_progress, 0); /* refused before planning anything */
    const char *msg = dx_last_error();
    assert_non_null(strstr(msg, "long-runs.xml:"));
    assert_non_null(strstr(msg, "50 draws x 2 technologies"));
    assert_non_null(strstr(msg, "= 100 re-plans, above the bound of 99"));
    assert_non_null(strstr(msg, "--max-replans"));
    o.max_mc_replans = 100; /* at the bound: runs */
    assert_int_equal(dx_compare_run_ex(sc, &o, &r), DX_OK);
    dx_report_uncertainty u;
    assert_int_equal(dx_results_uncertainty(r, &u), DX_OK);
    assert_int_equal(u.draws, 50);
    dx_results_free(r);
    dx_scenario_free(sc);
}

static void test_mc_work__default_bound_for_validate_and_old_structs(void **state)
{
    (void)state;
    /* 66,667 draws x 3 technologies = 200,001 re-plans: one above the default
     * (100,001 draws x 2 before draws were capped at 100,000, DX__SC_MAX_DRAWS) */
    char three[4096];
    snprintf(three, sizeof three, "%s", mc_xml(66667, radio_input));
    char *tail = strstr(three, "</technologies>");
    assert_non_null(tail);
    static const char extra[] = "<technology id=\"ltem-carrier\"/>";
    memmove(tail + strlen(extra), tail, strlen(tail) + 1);
    memcpy(tail, extra, strlen(extra));
    dx_scenario *sc = load(three);
    assert_int_equal(dx_compare_check(sc), DX_EDOMAIN); /* what dxsim validate calls */
    assert_non_null(strstr(dx_last_error(), "200001 re-plans, above the bound of 200000"));
    dx_compare_run_options o1;
    assert_int_equal(dx_compare_run_options_init(&o1, 1), DX_OK); /* a version-1 caller */
    dx_results *r = NULL;
    assert_int_equal(dx_compare_run_ex(sc, &o1, &r), DX_EDOMAIN);
    assert_int_equal(dx_compare_run(sc, &r), DX_EDOMAIN);
    dx_scenario_free(sc);
    sc = load(mc_xml(100000, radio_input)); /* exactly the default: accepted */
    assert_int_equal(dx_compare_check(sc), DX_OK);
    dx_scenario_free(sc);
    /* a price-only input does not count: the most draws a scenario takes pass */
    sc = load(mc_xml(100000, price_input));
    assert_int_equal(dx_compare_check(sc), DX_OK);
    dx_scenario_free(sc);
    /* price-only draws are bounded by the draws cap instead (10^6 ran ~2 minutes) */
    const char *million = mc_xml(1000000, price_input);
    sc = NULL;
    assert_int_equal(dx_scenario_load_memory(million, strlen(million), "mc.xml", NULL, &sc),
                     DX_EDOMAIN);
    assert_null(sc);
    assert_non_null(strstr(dx_last_error(), "draws = 1000000 draws is outside the allowed range "
                                            "10 .. 100000 draws"));
}

/* ---- clamped Monte Carlo inputs are reported ---------------------------------- */

static void test_mc_clamp__noted_with_the_share_of_draws(void **state)
{
    (void)state;
    /* discount_rate ~ normal(0.04, 0.05) is clamped to [-0.05, 0.5]:
     * P(x < -0.05) = Phi(-1.8) = 0.03593 (normal table), P(x > 0.5) = Phi(-9.2) ~ 0 */
    dx_scenario *sc = load(mc_xml(4000, "<input target=\"discount_rate\" dist=\"normal\" "
                                        "a=\"0.04\" b=\"0.05\"/>"));
    dx_results *r = NULL;
    assert_int_equal(dx_compare_run(sc, &r), DX_OK);
    int found = 0;
    for (size_t i = 0; i < dx_results_count(r); i++)
        for (size_t k = 0; k < dx_results_note_count(r, i); k++) {
            const char *n = dx_results_note(r, i, k);
            if (!strstr(n, "Monte Carlo: input discount_rate"))
                continue;
            found++;
            assert_non_null(strstr(n, "physical range [-0.05, 0.5]"));
            unsigned long nc = 0;
            size_t nd = 0;
            const char *p = strstr(n, "] in ");
            assert_non_null(p);
            assert_int_equal(sscanf(p, "] in %lu of %zu draws", &nc, &nd), 2);
            assert_int_equal(nd, 4000);
            /* binomial sd sqrt(p(1-p)/n) = 0.0029: 4 sd */
            dx_assert_close((double)nc / 4000.0, 0.03593, 0.012, 0);
        }
    assert_true(found >= 1);
    /* the same notes reach the JSON report */
    char *json = NULL;
    assert_int_equal(dx_results_render(r, DX_REPORT_JSON, &json), DX_OK);
    assert_non_null(strstr(json, "was outside its physical range [-0.05, 0.5]"));
    dx_free(json);
    dx_results_free(r);
    dx_scenario_free(sc);
    /* an input inside its range: no note */
    sc = load(mc_xml(200, "<input target=\"discount_rate\" dist=\"uniform\" a=\"0.01\" "
                          "b=\"0.06\"/>"));
    assert_int_equal(dx_compare_run(sc, &r), DX_OK);
    for (size_t i = 0; i < dx_results_count(r); i++)
        for (size_t k = 0; k < dx_results_note_count(r, i); k++)
            assert_null(strstr(dx_results_note(r, i, k), "physical range"));
    dx_results_free(r);
    dx_scenario_free(sc);
}

static void test_over_the_planner_limit__verdicts_are_finite_text(void **state)
{
    (void)state;
    /* capacity: 10^6 devices x 2 Mbit/s = 2 x 10^6 Mbit/s on HaLow (94,240
     * sites carry half of it): more than 100,000 sites, said as such */
    const char *cap_xml =
        "<scenario name=\"cap\" version=\"1\">"
        "<area width_m=\"2000\" height_m=\"1500\" environment=\"rural\"/>"
        "<demand><devices name=\"cams\" count=\"1000000\" ul_kbps=\"2000\"/></demand>"
        "<technologies><technology id=\"halow\"/></technologies>"
        "<finance horizon_years=\"5\" discount_rate=\"0.04\"/></scenario>";
    dx_scenario *sc = load(cap_xml);
    dx_results *r = NULL;
    assert_int_equal(dx_compare_run(sc, &r), DX_OK);
    dx_tech_result t;
    find(r, "halow", &t);
    assert_int_equal(t.feasible, 0);
    if (!strstr(t.verdict, "would need more than 100000 sites (capacity-bound)") ||
        !strstr(t.verdict, "the offered 0/2e+06 Mbit/s DL/UL of 1000000 devices"))
        fail_msg("verdict: %s", t.verdict);
    dx_results_free(r);
    dx_scenario_free(sc);
    /* coverage: 200 km x 200 km of Wi-Fi 6E VLP cells: the count is exact and said */
    const char *cov_xml =
        "<scenario name=\"cov\" version=\"1\">"
        "<area width_m=\"200000\" height_m=\"200000\" environment=\"rural\"/>"
        "<demand><devices name=\"s\" count=\"10\" ul_kbps=\"1\"/></demand>"
        "<technologies><technology id=\"wifi6e-vlp\"/></technologies>"
        "<finance horizon_years=\"5\" discount_rate=\"0.04\"/></scenario>";
    sc = load(cov_xml);
    assert_int_equal(dx_compare_run(sc, &r), DX_OK);
    find(r, "wifi6e-vlp", &t);
    assert_int_equal(t.feasible, 0);
    if (!strstr(t.verdict, "sites (coverage-bound), more than the 100000 the planner sizes"))
        fail_msg("verdict: %s", t.verdict);
    assert_null(strstr(t.verdict, "e+"));
    dx_results_free(r);
    dx_scenario_free(sc);
}

int main(void)
{
    dx_global_init(DX_INIT_GSL_HANDLER_OFF);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_million_devices__site_count_is_finite_and_just_enough),
        cmocka_unit_test(test_over_the_planner_limit__verdicts_are_finite_text),
        cmocka_unit_test(test_mc_work__estimate_is_draws_times_technologies),
        cmocka_unit_test(test_mc_work__refused_above_the_bound_before_planning),
        cmocka_unit_test(test_mc_work__default_bound_for_validate_and_old_structs),
        cmocka_unit_test(test_mc_clamp__noted_with_the_share_of_draws),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
