/* Progress reports (dx_progress_fn; issue 11): dx_plan_run and
 * dx_compare_run_ex call back with a done ratio that never decreases and
 * ends at 1, from the planning and the Monte Carlo (with worker threads);
 * old option versions and dx_compare_run keep working without progress;
 * the map PNG of a plan is a PNG of the requested width. */
#include "dx_test.h"
#include <unistd.h>
#include <dxsim.h>

#define HEAD "<?xml version=\"1.0\"?>\n<scenario name=\"t\">\n"
static const char *xml_mc = HEAD
    "  <area width_m=\"1500\" height_m=\"1000\" environment=\"rural\"/>\n"
    "  <demand><devices name=\"meters\" count=\"80\" message_bytes=\"20\" "
    "messages_per_day=\"24\" role=\"other\"/></demand>\n"
    "  <technologies><technology id=\"halow\" bw_mhz=\"1\"/>"
    "<technology id=\"lorawan-as923\"/></technologies>\n"
    "  <uncertainty draws=\"300\" seed=\"11\">\n"
    "    <input target=\"technology:halow.bs_height_m\" dist=\"uniform\" a=\"6\" b=\"30\"/>\n"
    "  </uncertainty>\n</scenario>\n";

typedef struct {
    size_t n, n_mc, bad_order;
    double last;
    char last_stage[32];
} log_t;

static void record(void *user, const char *stage, double r)
{
    log_t *l = user;
    if (l->n && r < l->last)
        l->bad_order++;
    if (!(r >= 0.0 && r <= 1.0))
        l->bad_order++;
    l->last = r;
    l->n++;
    l->n_mc += strcmp(stage, "monte_carlo") == 0;
    snprintf(l->last_stage, sizeof l->last_stage, "%s", stage);
}

static void test_progress__compare_run_reports_monotone_to_one(void **state)
{
    (void)state;
    dx_scenario *sc = NULL;
    assert_int_equal(dx_scenario_load_memory(xml_mc, strlen(xml_mc), "t.xml", NULL, &sc), DX_OK);
    dx_compare_run_options o;
    assert_int_equal(dx_compare_run_options_init(&o, DX_COMPARE_RUN_OPTIONS_VERSION), DX_OK);
    assert_int_equal(dx_compare_run_options_size(), sizeof o);
    log_t l = {0};
    o.progress_fn = record;
    o.progress_user = &l;
    dx_results *r = NULL;
    assert_int_equal(dx_compare_run_ex(sc, &o, &r), DX_OK);
    assert_int_equal(l.bad_order, 0);
    assert_true(l.n >= 10);   /* planning and at least every 1 % ... of the draws */
    assert_true(l.n <= 110);  /* ... but not once per draw */
    assert_true(l.n_mc >= 5); /* the Monte Carlo reports */
    assert_true(l.last == 1.0);
    assert_string_equal(l.last_stage, "done");
    /* the same results as the plain call */
    dx_results *r2 = NULL;
    assert_int_equal(dx_compare_run(sc, &r2), DX_OK);
    dx_tech_result a, b;
    assert_int_equal(dx_results_get(r, 0, &a), DX_OK);
    assert_int_equal(dx_results_get(r2, 0, &b), DX_OK);
    assert_true(a.net_cost_p50_jpy == b.net_cost_p50_jpy);
    dx_results_free(r);
    dx_results_free(r2);
    o.version = 99;
    assert_int_equal(dx_compare_run_ex(sc, &o, &r), DX_EINVAL);
    assert_non_null(strstr(dx_last_error(), "version"));
    dx_scenario_free(sc);
}

static void test_progress__plan_run_reports_per_technology(void **state)
{
    (void)state;
    dx_scenario *sc = NULL;
    assert_int_equal(dx_scenario_demo(&sc), DX_OK);
    dx_plan_run_options po;
    assert_int_equal(dx_plan_run_options_init(&po, DX_PLAN_RUN_OPTIONS_VERSION), DX_OK);
    log_t l = {0};
    po.progress_fn = record;
    po.progress_user = &l;
    po.fidelity = DX_PLAN_FIDELITY_ANALYTIC;
    dx_plan *p = NULL;
    assert_int_equal(dx_plan_run(sc, &po, &p), DX_OK);
    assert_int_equal(l.bad_order, 0);
    assert_true(l.n >= 2);
    assert_true(l.last == 1.0);
    dx_plan_free(p);
    /* a version-1 caller (no progress fields read) still works */
    log_t l1 = {0};
    po.version = 1;
    assert_int_equal(dx_plan_run(sc, &po, &p), DX_OK);
    assert_int_equal(l1.n, 0);
    dx_plan_free(p);
    dx_scenario_free(sc);
}

static void test_progress__map_png_has_the_requested_width(void **state)
{
    (void)state;
    dx_scenario *sc = NULL;
    assert_int_equal(dx_scenario_load_memory(xml_mc, strlen(xml_mc), "t.xml", NULL, &sc), DX_OK);
    double lat, lon;
    assert_int_equal(dx_scenario_origin(sc, &lat, &lon), DX_ENOTFOUND);
    assert_true(isnan(lat));
    dx_plan_run_options po;
    dx_plan_run_options_init(&po, DX_PLAN_RUN_OPTIONS_VERSION);
    po.fidelity = DX_PLAN_FIDELITY_ANALYTIC;
    dx_plan *p = NULL;
    assert_int_equal(dx_compare_plan(sc, &po, &p), DX_OK);
    char path[] = "/tmp/dxsim-map-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(dx_plan_write_map_png(p, 0, 1000, path), DX_OK);
    unsigned char h[24];
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fread(h, 1, 24, f), 24);
    fclose(f);
    unlink(path);
    /* PNG signature and IHDR width (ISO/IEC 15948 sections 5.2, 11.2.2) */
    assert_memory_equal(h, "\x89PNG\r\n\x1a\n", 8);
    assert_memory_equal(h + 12, "IHDR", 4);
    assert_int_equal((h[16] << 24) | (h[17] << 16) | (h[18] << 8) | h[19], 1000);
    assert_int_equal(dx_plan_write_map_png(p, 0, 100, path), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "width_px"));
    assert_int_equal(dx_plan_write_map_png(p, 7, 0, path), DX_EINVAL);
    dx_plan_free(p);
    dx_scenario_free(sc);
}

int main(void)
{
    dx_global_init(DX_INIT_GSL_HANDLER_OFF);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_progress__compare_run_reports_monotone_to_one),
        cmocka_unit_test(test_progress__plan_run_reports_per_technology),
        cmocka_unit_test(test_progress__map_png_has_the_requested_width),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
