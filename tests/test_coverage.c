/* coverage.h: analytic planning checked against published values and hand
 * calculations; the grid engine checked against the analytic results. */
#include "dx_test.h"
#include <dxsim.h>

static void test_coverage__margin_matches_normal_table(void **state)
{
    (void)state;
    dx_csv c;
    assert_int_equal(dx_csv_load(&c, "coverage_margin.csv"), 0);
    for (int r = 0; r < c.nrows; r++) {
        double m = 0.0;
        assert_int_equal(dx_coverage_shadow_margin_db(dx_csv_num(&c, r, "sigma_db"),
                                                      dx_csv_num(&c, r, "edge_ratio"), &m),
                         DX_OK);
        print_message("row %d: margin %.6f dB\n", r, m);
        dx_assert_close(m, dx_csv_num(&c, r, "margin_db"), dx_csv_num(&c, r, "tol"), 0);
    }
    dx_csv_free(&c);
}

static void test_coverage__jakes_area_matches_published_curve(void **state)
{
    (void)state;
    dx_csv c;
    assert_int_equal(dx_csv_load(&c, "coverage_jakes.csv"), 0);
    for (int r = 0; r < c.nrows; r++) {
        double sigma = dx_csv_num(&c, r, "sigma_db"), m = 0.0, a = 0.0;
        assert_int_equal(dx_coverage_shadow_margin_db(sigma > 0 ? sigma : 1.0,
                                                      dx_csv_num(&c, r, "edge_ratio"), &m),
                         DX_OK);
        if (sigma == 0.0)
            m = 0.0;
        assert_int_equal(dx_coverage_area_probability_ratio(sigma, dx_csv_num(&c, r, "n"), m, &a),
                         DX_OK);
        print_message("row %d: area %.4f\n", r, a);
        dx_assert_close(a, dx_csv_num(&c, r, "area_ratio"), dx_csv_num(&c, r, "tol"), 0);
    }
    dx_csv_free(&c);
}

/* Independent check of the closed form: integrate Q((thr - P(r)) / sigma) over
 * the disc numerically (midpoint rule, 20000 rings). */
static void test_coverage__jakes_closed_form_equals_disc_integral(void **state)
{
    (void)state;
    const double sigma = 7.3, n = 3.76, margins[] = {-4.1, 0.0, 5.2, 11.7};
    for (size_t k = 0; k < 4; k++) {
        double a = 0.0;
        assert_int_equal(dx_coverage_area_probability_ratio(sigma, n, margins[k], &a), DX_OK);
        const int N = 20000;
        double sum = 0.0;
        for (int i = 0; i < N; i++) {
            double x = (i + 0.5) / N; /* r / R */
            double excess = margins[k] - 10.0 * n * log10(x);
            sum += 0.5 * erfc(-excess / (sigma * sqrt(2.0))) * 2.0 * x / N;
        }
        dx_assert_close(a, sum, 1e-6, 0);
    }
}

static void test_coverage__hex_site_counts_match_hand_calculation(void **state)
{
    (void)state;
    double s = 0.0, a = 0.0;
    /* Holma & Toskala, WCDMA for UMTS, Table 8.7: K = 2.6 (omni), 1.95 (3 sectors), 2.6 (6) */
    assert_int_equal(dx_coverage_hex_site_area_m2(1.0, 1, &a), DX_OK);
    dx_assert_close(a, 2.6, 0.005, 0);
    assert_int_equal(dx_coverage_hex_site_area_m2(1.0, 3, &a), DX_OK);
    dx_assert_close(a, 1.95, 0.005, 0);
    assert_int_equal(dx_coverage_hex_site_area_m2(1.0, 6, &a), DX_OK);
    dx_assert_close(a, 2.6, 0.005, 0);
    /* 10.385 km^2, r = 1.2 km: omni 2.598 * 1.44 km^2 = 3.741 km^2 -> 2.78 -> 3 sites;
     * 3 sectors 1.949 * 1.44 = 2.806 km^2 -> 3.70 -> 4 sites */
    assert_int_equal(dx_coverage_hex_site_count(10.385e6, 1200.0, 1, &s), DX_OK);
    dx_assert_close(s, 3.0, 0, 0);
    assert_int_equal(dx_coverage_hex_site_count(10.385e6, 1200.0, 3, &s), DX_OK);
    dx_assert_close(s, 4.0, 0, 0);
    assert_int_equal(dx_coverage_hex_site_count(0.0, 1200.0, 3, &s), DX_OK);
    dx_assert_close(s, 0.0, 0, 0);
    /* indoor: 2 floors of 2385 m^2, 25 m radius: 2385 / 1623.8 = 1.47 -> 2 per floor -> 4 */
    assert_int_equal(dx_coverage_indoor_ap_count(2385.0, 2, 25.0, &s), DX_OK);
    dx_assert_close(s, 4.0, 0, 0);
}

static void test_coverage__radius_inverts_log_distance_exactly(void **state)
{
    (void)state;
    dx_propagation_params p;
    assert_int_equal(dx_propagation_params_init(&p, DX_PROPAGATION_PARAMS_VERSION), DX_OK);
    p.pl0_db = 41.3;
    p.d0_m = 1.0;
    p.exponent = 3.5;
    double r = 0.0;
    /* equal heights: d3D = d2D; d = 10^((138.7 - 41.3) / 35) = 606.7 m */
    assert_int_equal(dx_coverage_cell_radius_m(DX_PROPAGATION_LOG_DISTANCE, &p, 3.5e9, 1.5, 1.5,
                                               138.7, 1.0, 50e3, &r),
                     DX_OK);
    dx_assert_close(r, pow(10.0, (138.7 - 41.3) / 35.0), 0, 1e-7);
}

static void test_coverage__radius_uma_nlos_matches_hand_calculation(void **state)
{
    (void)state;
    dx_propagation_params p;
    assert_int_equal(dx_propagation_params_init(&p, DX_PROPAGATION_PARAMS_VERSION), DX_OK);
    p.los = DX_PROPAGATION_NLOS;
    double r = 0.0;
    /* 38.901 Table 7.4.1-1 UMa NLOS' = 13.54 + 39.08 log d3D + 20 log 3.5 (hUT = 1.5):
     * 141.2 dB -> log d3D = (141.2 - 13.54 - 10.8814) / 39.08; d2D = sqrt(d3D^2 - 23.5^2).
     * LOS at that distance is about 30 dB lower, so NLOS' is the max. */
    double d3 = pow(10.0, (141.2 - 13.54 - 20.0 * log10(3.5)) / 39.08);
    double d2 = sqrt(d3 * d3 - 23.5 * 23.5);
    assert_int_equal(dx_coverage_cell_radius_m(DX_PROPAGATION_38901_UMA, &p, 3.5e9, 25.0, 1.5,
                                               141.2, 10.0, 5000.0, &r),
                     DX_OK);
    dx_assert_close(r, d2, 0.01, 1e-6);
}

static void test_coverage__radius_flags_cap_and_refuses_no_coverage(void **state)
{
    (void)state;
    double r = 0.0;
    unsigned int flags = 0;
    assert_int_equal(dx_coverage_cell_radius_flags_m(DX_PROPAGATION_FSPL, NULL, 924.5e6, 6.0, 1.5,
                                                     200.0, 1.0, 2385.0, &r, &flags),
                     DX_OK);
    dx_assert_close(r, 2385.0, 0, 0);
    assert_int_equal(flags, DX_COVERAGE_RADIUS_CAPPED);
    assert_int_equal(dx_coverage_cell_radius_m(DX_PROPAGATION_FSPL, NULL, 924.5e6, 6.0, 1.5, 20.0,
                                               1.0, 2385.0, &r),
                     DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "max_path_loss_db"));
    assert_int_equal(dx_coverage_cell_radius_m(DX_PROPAGATION_FSPL, NULL, 924.5e6, 6.0, 1.5, 120.0,
                                               -1.0, 2385.0, &r),
                     DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "r_min_m"));
}

static void test_coverage__analytic_errors_name_the_argument(void **state)
{
    (void)state;
    double v;
    assert_int_equal(dx_coverage_shadow_margin_db(-1.0, 0.9, &v), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "sigma_db"));
    assert_int_equal(dx_coverage_shadow_margin_db(8.0, 1.0, &v), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "edge_probability_ratio"));
    assert_int_equal(dx_coverage_shadow_margin_db(8.0, 0.9, NULL), DX_EINVAL);
    assert_int_equal(dx_coverage_area_probability_ratio(8.0, 0.0, 3.0, &v), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "path_loss_exponent"));
    assert_int_equal(dx_coverage_hex_site_count(1e6, 500.0, 2, &v), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "sectors"));
    assert_int_equal(dx_coverage_hex_site_count(-5.0, 500.0, 3, &v), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "area_m2"));
    assert_int_equal(dx_coverage_indoor_ap_count(100.0, 0, 20.0, &v), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "n_floors"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_coverage__margin_matches_normal_table),
        cmocka_unit_test(test_coverage__jakes_area_matches_published_curve),
        cmocka_unit_test(test_coverage__jakes_closed_form_equals_disc_integral),
        cmocka_unit_test(test_coverage__hex_site_counts_match_hand_calculation),
        cmocka_unit_test(test_coverage__radius_inverts_log_distance_exactly),
        cmocka_unit_test(test_coverage__radius_uma_nlos_matches_hand_calculation),
        cmocka_unit_test(test_coverage__radius_flags_cap_and_refuses_no_coverage),
        cmocka_unit_test(test_coverage__analytic_errors_name_the_argument),
    };
    dx_global_init(DX_INIT_GSL_HANDLER_OFF);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
