/* coverage.h, composite LOS/NLOS coverage: the disc mean of the served
 * probability against the Jakes/Reudink curve values (Rappaport 2002 §4.9.2,
 * tests/data/coverage_jakes.csv), the radius inversion, and the TR 38.901
 * LOS mixture's properties. */
#include "dx_test.h"
#include <dxsim.h>

/* A log-distance link with exponent n whose loss reaches L at exactly r_edge. */
static dx_coverage_link log_distance_link(double n, double sigma_db, double edge_ratio,
                                          double r_edge_m)
{
    dx_coverage_link l;
    assert_int_equal(dx_coverage_link_init(&l, DX_COVERAGE_LINK_VERSION), DX_OK);
    l.model = DX_PROPAGATION_LOG_DISTANCE;
    l.params.exponent = n;
    l.params.d0_m = 1.0;
    l.params.pl0_db = 40.0;
    l.fc_hz = 2.385e9;
    l.h_bs_m = 1.5; /* equal heights: the model's 3D distance equals the 2D one */
    l.h_ut_m = 1.5;
    l.sigma_nlos_db = sigma_db;
    /* mean loss at r_edge, plus the margin that gives edge_ratio */
    double margin = 0.0;
    assert_int_equal(dx_coverage_shadow_margin_db(sigma_db, edge_ratio, &margin), DX_OK);
    l.max_path_loss_db = 40.0 + 10.0 * n * log10(r_edge_m) + margin;
    return l;
}

static void test_coverage_composite__disc_mean_matches_the_jakes_curve(void **state)
{
    (void)state;
    dx_csv csv;
    assert_int_equal(dx_csv_load(&csv, "coverage_jakes.csv"), 0);
    int checked = 0;
    for (int i = 0; i < csv.nrows; i++) {
        double sigma = dx_csv_num(&csv, i, "sigma_db"), n = dx_csv_num(&csv, i, "n");
        if (sigma <= 0)
            continue; /* the disc mean needs a shadowing σ to integrate */
        double edge = dx_csv_num(&csv, i, "edge_ratio");
        dx_coverage_link l = log_distance_link(n, sigma, edge, 2385.0);
        double area = 0;
        assert_int_equal(dx_coverage_disc_served_ratio(&l, 2385.0, &area), DX_OK);
        dx_assert_close(area, dx_csv_num(&csv, i, "area_ratio"), dx_csv_num(&csv, i, "tol"), 0);
        /* and the closed form of the same integral to the quadrature's accuracy */
        double margin, jakes;
        dx_coverage_shadow_margin_db(sigma, edge, &margin);
        assert_int_equal(dx_coverage_area_probability_ratio(sigma, n, margin, &jakes), DX_OK);
        dx_assert_close(area, jakes, 2e-4, 0);
        checked++;
    }
    assert_true(checked >= 2);
    dx_csv_free(&csv);
}

static void test_coverage_composite__radius_inverts_the_edge_probability(void **state)
{
    (void)state;
    dx_coverage_link l = log_distance_link(3.5, 8.0, 0.9, 1234.5);
    double r = 0, area = 0;
    assert_int_equal(dx_coverage_composite_radius_m(&l, 0.9, 0.0, 10.0, 30000.0, &r, &area), DX_OK);
    dx_assert_close(r, 1234.5, 0, 1e-6);
    double p;
    assert_int_equal(dx_coverage_served_probability_ratio(&l, 1, &r, &p), DX_OK);
    dx_assert_close(p, 0.9, 1e-6, 0);
    /* an area target stricter than the edge target's area shrinks the radius */
    double r2 = 0, area2 = 0;
    assert_int_equal(dx_coverage_composite_radius_m(&l, 0.9, area + 0.01, 10.0, 30000.0, &r2,
                                                    &area2),
                     DX_OK);
    assert_true(r2 < r);
    dx_assert_close(area2, area + 0.01, 1e-5, 0);
}

static void test_coverage_composite__los_share_extends_a_rural_cell(void **state)
{
    (void)state;
    dx_coverage_link l;
    assert_int_equal(dx_coverage_link_init(&l, DX_COVERAGE_LINK_VERSION), DX_OK);
    l.model = DX_PROPAGATION_38901_RMA;
    l.fc_hz = 4.85e9;
    l.h_bs_m = 20.0;
    l.max_path_loss_db = 131.7;
    double d[6] = {35, 120, 480, 960, 2385, 4800}, p[6];
    assert_int_equal(dx_coverage_served_probability_ratio(&l, 6, d, p), DX_OK);
    for (int i = 1; i < 6; i++)
        assert_true(p[i] <= p[i - 1] + 1e-12); /* served probability falls with distance */
    double r_mix = 0;
    assert_int_equal(dx_coverage_composite_radius_m(&l, 0.9, 0.0, 10.0, 30000.0, &r_mix, NULL),
                     DX_OK);
    /* NLOS alone (the common shortcut): RMa NLOS path loss with its 8 dB sigma */
    double r_nlos = 0;
    dx_propagation_params nl = l.params;
    nl.los = DX_PROPAGATION_NLOS;
    double margin;
    dx_coverage_shadow_margin_db(8.0, 0.9, &margin);
    assert_int_equal(dx_coverage_cell_radius_m(l.model, &nl, l.fc_hz, l.h_bs_m, l.h_ut_m,
                                               l.max_path_loss_db - margin, 10.0, 30000.0, &r_nlos),
                     DX_OK);
    assert_true(r_mix > r_nlos);
}

/* The grid engine's LOS mixture over a disc agrees with the analytic disc mean
 * of the same link (one omni site, no interference, received-level criterion). */
static void test_coverage_composite__grid_mixture_matches_the_analytic_disc(void **state)
{
    (void)state;
    dx_technology t;
    assert_int_equal(dx_technology_find("l5g-sub6", &t), DX_OK);
    dx_site site;
    assert_int_equal(dx_coverage_site_init(&site, &t, 0.0, 0.0), DX_OK);
    site.sectors = 1;
    site.height_m = 20.0;
    double eirp = site.tx_power_dbm + site.antenna_gain_dbi - site.cable_loss_db;
    const double R = 1200.0, mapl = 128.5;
    double vx[72], vy[72];
    for (int i = 0; i < 72; i++) {
        vx[i] = R * cos(2 * 3.14159265358979 * i / 72);
        vy[i] = R * sin(2 * 3.14159265358979 * i / 72);
    }
    dx_grid g;
    assert_int_equal(dx_coverage_grid_for_polygon(72, vx, vy, 8.0, &g), DX_OK);
    dx_coverage_options o;
    assert_int_equal(dx_coverage_options_init(&o, DX_COVERAGE_OPTIONS_VERSION), DX_OK);
    o.model = DX_PROPAGATION_38901_RMA;
    o.criterion = DX_COVERAGE_BY_RX_LEVEL;
    o.threshold_dbm = eirp + t.ue_antenna_gain_dbi - mapl;
    o.n_area = 72;
    o.area_x_m = vx;
    o.area_y_m = vy;
    o.layers = 0;
    dx_coverage_summary nlos_only, mixed;
    dx_coverage_result *r = NULL;
    assert_int_equal(dx_coverage_run(&g, 1, &site, &t, &o, &r), DX_OK);
    dx_coverage_result_summary(r, &nlos_only);
    dx_coverage_result_free(r);
    o.los_mixture = 1;
    assert_int_equal(dx_coverage_run(&g, 1, &site, &t, &o, &r), DX_OK);
    dx_coverage_result_summary(r, &mixed);
    dx_coverage_result_free(r);

    dx_coverage_link l;
    assert_int_equal(dx_coverage_link_init(&l, DX_COVERAGE_LINK_VERSION), DX_OK);
    l.model = DX_PROPAGATION_38901_RMA;
    l.fc_hz = t.fc_hz;
    l.h_bs_m = 20.0;
    l.h_ut_m = t.ue_height_m;
    l.max_path_loss_db = mapl;
    double analytic = 0;
    assert_int_equal(dx_coverage_disc_served_ratio(&l, R, &analytic), DX_OK);
    /* 8 m pixels on a 1.2 km disc: quadrature and pixelisation differ by < 0.5 % */
    dx_assert_close(mixed.coverage_ratio, analytic, 0.005, 0);
    assert_true(mixed.coverage_ratio > nlos_only.coverage_ratio + 0.01);
}

static void test_coverage_composite__errors_name_the_argument(void **state)
{
    (void)state;
    dx_coverage_link l;
    assert_int_equal(dx_coverage_link_init(&l, 99), DX_EINVAL);
    assert_int_equal(dx_coverage_link_init(&l, DX_COVERAGE_LINK_VERSION), DX_OK);
    double d = -2.385, p, r;
    assert_int_equal(dx_coverage_served_probability_ratio(&l, 1, &d, &p), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "d2d_m[0] = -2.385"));
    assert_int_equal(dx_coverage_disc_served_ratio(&l, 0.0, &p), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "radius_m"));
    l.max_path_loss_db = 20.0; /* nothing is served even at 10 m */
    assert_int_equal(dx_coverage_composite_radius_m(&l, 0.9, 0.95, 10.0, 30000.0, &r, NULL),
                     DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "r_min_m = 10"));
    assert_int_equal(dx_coverage_composite_radius_m(&l, 1.5, 0.95, 10.0, 30000.0, &r, NULL),
                     DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "edge_probability_ratio = 1.5"));
    assert_int_equal(dx_coverage_link_size(), sizeof(dx_coverage_link));
}

int main(void)
{
    dx_global_init(DX_INIT_GSL_HANDLER_OFF);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_coverage_composite__disc_mean_matches_the_jakes_curve),
        cmocka_unit_test(test_coverage_composite__radius_inverts_the_edge_probability),
        cmocka_unit_test(test_coverage_composite__los_share_extends_a_rural_cell),
        cmocka_unit_test(test_coverage_composite__grid_mixture_matches_the_analytic_disc),
        cmocka_unit_test(test_coverage_composite__errors_name_the_argument),
    };
    return cmocka_run_group_tests_name("coverage_composite", tests, NULL, NULL);
}
