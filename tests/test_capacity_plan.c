/* dx_coverage_plan (capacity.h): the planner adds sites until coverage and
 * capacity are met and reports which target bound. */
#include "dx_test.h"
#include <dxsim.h>

static void setup(dx_technology *t, dx_grid *g, dx_coverage_options *o)
{
    assert_int_equal(dx_technology_find("halow", t), DX_OK);
    g->x0_m = 0;
    g->y0_m = 0;
    g->resolution_m = 25.0;
    g->nx = 96; /* 2.4 km */
    g->ny = 64; /* 1.6 km */
    dx_coverage_options_init(o, DX_COVERAGE_OPTIONS_VERSION);
    o->model = DX_PROPAGATION_38901_UMI;
    o->criterion = DX_COVERAGE_BY_RATE;
    o->rate_direction = 1; /* UL */
    o->required_rate_mbps = 0.0;
}

static void test_capacity_plan__coverage_only_is_coverage_bound(void **state)
{
    (void)state;
    dx_technology t;
    dx_grid g;
    dx_coverage_options o;
    setup(&t, &g, &o);
    dx_plan_options po;
    assert_int_equal(dx_plan_options_init(&po, DX_PLAN_OPTIONS_VERSION), DX_OK);
    po.target_coverage_ratio = 0.9;
    dx_site sites[200];
    dx_plan_result r;
    assert_int_equal(dx_coverage_plan(&g, &t, &o, &po, 0, NULL, 0, NULL, 200, sites, &r), DX_OK);
    print_message("coverage only: %zu sites, coverage %.3f\n", r.n_sites, r.coverage_ratio);
    assert_int_equal(r.met, 1);
    assert_int_equal(r.bound, DX_PLAN_BOUND_COVERAGE);
    assert_true(r.coverage_ratio >= 0.9);
    assert_int_equal(r.sites_for_coverage, r.n_sites);
}

static void test_capacity_plan__heavy_uplink_demand_is_capacity_bound(void **state)
{
    (void)state;
    dx_technology t;
    dx_grid g;
    dx_coverage_options o;
    setup(&t, &g, &o);
    dx_plan_options po;
    dx_plan_options_init(&po, DX_PLAN_OPTIONS_VERSION);
    po.target_coverage_ratio = 0.9;
    dx_demand_class d;
    dx_demand_class_init(&d, "camera");
    d.count = 60;
    d.ul_bps = 0.25e6; /* remote-monitoring video, 250 kbit/s each */
    d.distribution = DX_DEMAND_UNIFORM;
    dx_site sites[400];
    dx_plan_result r;
    assert_int_equal(dx_coverage_plan(&g, &t, &o, &po, 0, NULL, 1, &d, 400, sites, &r), DX_OK);
    print_message("with demand: %zu sites (coverage alone %zu), util %.2f, bound %d, met %d\n",
                  r.n_sites, r.sites_for_coverage, r.max_utilisation_ratio, (int)r.bound, r.met);
    dx_assert_close(r.offered_ul_bps, 60 * 0.25e6, 1e-6, 0);
    if (r.met) {
        assert_int_equal(r.bound, DX_PLAN_BOUND_CAPACITY);
        assert_true(r.n_sites > r.sites_for_coverage);
        assert_true(r.max_utilisation_ratio <= 0.7);
    } else {
        assert_int_equal(r.bound, DX_PLAN_BOUND_UNMET);
    }
}

static void test_capacity_plan__greedy_candidates_cover_with_a_subset(void **state)
{
    (void)state;
    dx_technology t;
    dx_grid g;
    dx_coverage_options o;
    setup(&t, &g, &o);
    dx_site cand[48];
    for (int k = 0; k < 48; k++) /* poles on a 8 x 6 lattice, 300 m apart */
        dx_coverage_site_init(&cand[k], &t, 150.0 + 300.0 * (k % 8), 100.0 + 280.0 * (k / 8));
    dx_plan_options po;
    dx_plan_options_init(&po, DX_PLAN_OPTIONS_VERSION);
    po.method = DX_PLAN_CANDIDATES;
    po.target_coverage_ratio = 0.85;
    dx_site sites[48];
    dx_plan_result r;
    assert_int_equal(dx_coverage_plan(&g, &t, &o, &po, 48, cand, 0, NULL, 48, sites, &r), DX_OK);
    print_message("candidates: %zu of 48 sites, coverage %.3f\n", r.n_sites, r.coverage_ratio);
    assert_int_equal(r.met, 1);
    assert_true(r.n_sites < 48);
    assert_true(r.coverage_ratio >= 0.85);
    po.target_coverage_ratio = 1.5;
    assert_int_equal(dx_coverage_plan(&g, &t, &o, &po, 48, cand, 0, NULL, 48, sites, &r), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "target_coverage_ratio"));
    assert_int_equal(dx_plan_options_size(), sizeof(dx_plan_options));
}

static void test_capacity_plan__cell_loads_add_up_to_the_demand(void **state)
{
    (void)state;
    dx_technology t;
    dx_grid g;
    dx_coverage_options o;
    setup(&t, &g, &o);
    dx_site s[3];
    dx_coverage_site_init(&s[0], &t, 400.0, 400.0);
    dx_coverage_site_init(&s[1], &t, 1200.0, 800.0);
    dx_coverage_site_init(&s[2], &t, 2000.0, 400.0);
    dx_coverage_result *r = NULL;
    assert_int_equal(dx_coverage_run(&g, 3, s, &t, &o, &r), DX_OK);
    const double px[2] = {410.0, 1990.0}, py[2] = {395.0, 420.0};
    dx_demand_class d[2];
    dx_demand_class_init(&d[0], "sensor");
    d[0].count = 385;
    d[0].msg_bytes = 24;
    d[0].msgs_per_day = 96;
    dx_demand_class_init(&d[1], "gate camera");
    d[1].count = 2;
    d[1].ul_bps = 0.5e6;
    d[1].distribution = DX_DEMAND_POINTS;
    d[1].n_points = 2;
    d[1].points_x_m = px;
    d[1].points_y_m = py;
    dx_capacity_cell_load L[3];
    assert_int_equal(dx_capacity_cell_loads(r, &t, &o, NULL, 2, d, 3, L), DX_OK);
    double dev = 0, ul = 0;
    for (int c = 0; c < 3; c++) {
        dev += L[c].devices;
        ul += L[c].offered_ul_bps;
        assert_true(L[c].utilisation_ratio >= 0.0);
    }
    dx_assert_close(dev, 387.0, 1e-9, 0); /* every pixel is served in this layout */
    dx_assert_close(ul, 385 * 24 * 8 * 96 / 86400.0 + 2 * 0.5e6, 1e-6, 0);
    assert_true(L[0].offered_ul_bps > 0.5e6 && L[2].offered_ul_bps > 0.5e6); /* one camera each */
    assert_int_equal(dx_capacity_cell_loads(r, &t, &o, NULL, 2, d, 2, L), DX_EBUFSIZE);
    dx_coverage_result_free(r);
}

/* LoRa: per-SF pools. With every pixel close to the gateway all devices use
 * SF7, so the utilisation equals G / G* with G = N x msgs/s x ToA(SF7) / channels. */
static void test_capacity_plan__lora_pools_per_spreading_factor(void **state)
{
    (void)state;
    dx_technology t;
    assert_int_equal(dx_technology_find("lorawan-as923", &t), DX_OK);
    dx_grid g = {-100.0, -100.0, 20.0, 10, 10};
    dx_coverage_options o;
    dx_coverage_options_init(&o, DX_COVERAGE_OPTIONS_VERSION);
    o.model = DX_PROPAGATION_38901_UMI;
    dx_site s;
    dx_coverage_site_init(&s, &t, 0.0, 0.0);
    dx_coverage_result *r = NULL;
    assert_int_equal(dx_coverage_run(&g, 1, &s, &t, &o, &r), DX_OK);
    dx_demand_class d;
    dx_demand_class_init(&d, "meter");
    d.count = 2385;
    d.msg_bytes = 11;
    d.msgs_per_day = 48;
    dx_capacity_cell_load L;
    assert_int_equal(dx_capacity_cell_loads(r, &t, &o, NULL, 1, &d, 1, &L), DX_OK);
    double toa = 0;
    assert_int_equal(dx_phy_lora_time_on_air_s(7, t.bw_hz, 11 + 13, 1, 8, 1, 1, -1, &toa), DX_OK);
    double g_load = 2385 * 48 / 86400.0 * toa / t.channels_available;
    dx_assert_close(L.utilisation_ratio, g_load / (-log(0.9) / 2.0), 0, 1e-9);
    dx_coverage_result_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_capacity_plan__coverage_only_is_coverage_bound),
        cmocka_unit_test(test_capacity_plan__heavy_uplink_demand_is_capacity_bound),
        cmocka_unit_test(test_capacity_plan__greedy_candidates_cover_with_a_subset),
        cmocka_unit_test(test_capacity_plan__cell_loads_add_up_to_the_demand),
        cmocka_unit_test(test_capacity_plan__lora_pools_per_spreading_factor),
    };
    dx_global_init(DX_INIT_GSL_HANDLER_OFF);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
