/* coverage.h: analytic planning checked against published values and hand
 * calculations; the grid engine checked against the analytic results. */
#include "dx_test.h"
#include <locale.h>
#include <math.h>
#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif
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


/* ---- grid engine ---------------------------------------------------------- */

typedef struct {
    dx_technology tech;
    dx_site site;
    dx_grid grid;
    dx_coverage_options o;
    double poly_x[256], poly_y[256];
    double radius_m, sigma_db, edge_ratio, n_exp;
} disc_scenario;

/* One omni site at the centre of a disc of radius R; threshold set so that the
 * edge coverage probability is edge_ratio under sigma_db shadowing. */
static void disc_setup(disc_scenario *d)
{
    assert_int_equal(dx_technology_find("l5g-sub6", &d->tech), DX_OK);
    d->radius_m = 812.5;
    d->sigma_db = 8.0;
    d->edge_ratio = 0.9;
    d->n_exp = 3.908; /* 38.901 UMa NLOS': 39.08 dB/decade */
    assert_int_equal(dx_coverage_site_init(&d->site, &d->tech, 0.0, 0.0), DX_OK);
    d->site.sectors = 1;
    d->site.height_m = 25.0;
    for (int k = 0; k < 256; k++) {
        d->poly_x[k] = d->radius_m * cos(2 * M_PI * k / 256.0);
        d->poly_y[k] = d->radius_m * sin(2 * M_PI * k / 256.0);
    }
    assert_int_equal(dx_coverage_grid_for_polygon(256, d->poly_x, d->poly_y, 5.0, &d->grid), DX_OK);
    assert_int_equal(dx_coverage_options_init(&d->o, DX_COVERAGE_OPTIONS_VERSION), DX_OK);
    d->o.n_area = 256;
    d->o.area_x_m = d->poly_x;
    d->o.area_y_m = d->poly_y;
    d->o.shadow_sigma_db = d->sigma_db;
    d->o.criterion = DX_COVERAGE_BY_RX_LEVEL;
    d->o.ue_height_m = 1.5;
    double pl = 0.0, fc = d->tech.fc_hz, r = d->radius_m, hb = 25.0, hu = 1.5, margin = 0.0;
    assert_int_equal(dx_propagation_path_loss_db(DX_PROPAGATION_38901_UMA, &d->o.prop, 1, &fc, &r,
                                                 &hb, &hu, &pl, NULL, NULL),
                     DX_OK);
    assert_int_equal(dx_coverage_shadow_margin_db(d->sigma_db, d->edge_ratio, &margin), DX_OK);
    double eirp = d->site.tx_power_dbm + d->site.antenna_gain_dbi - d->site.cable_loss_db;
    d->o.threshold_dbm = eirp - pl - margin;
}

static void test_coverage__grid_agrees_with_jakes_and_monte_carlo(void **state)
{
    (void)state;
    disc_scenario d;
    disc_setup(&d);
    d.o.mc_runs = 8;
    d.o.shadow_corr_m = 0.0;
    dx_coverage_result *r = NULL;
    assert_int_equal(dx_coverage_run(&d.grid, 1, &d.site, &d.tech, &d.o, &r), DX_OK);
    dx_coverage_summary s;
    assert_int_equal(dx_coverage_result_summary(r, &s), DX_OK);
    double margin = 0.0, jakes = 0.0;
    dx_coverage_shadow_margin_db(d.sigma_db, d.edge_ratio, &margin);
    dx_coverage_area_probability_ratio(d.sigma_db, d.n_exp, margin, &jakes);
    print_message("pixels %zu: grid %.5f, Jakes %.5f, MC %.5f +- %.5f, median %.5f\n", s.n_pixels,
                  s.coverage_ratio, jakes, s.coverage_mc_ratio, s.coverage_mc_std_ratio,
                  s.coverage_median_ratio);
    /* stated tolerances: grid vs analytic 0.005 (disc polygon, pixelisation and
     * the 3D-vs-2D distance near the mast); MC vs grid 0.003 (8 runs of ~83000
     * independent pixels: standard error < 0.0005) */
    dx_assert_close(s.coverage_ratio, jakes, 0.005, 0);
    dx_assert_close(s.coverage_mc_ratio, s.coverage_ratio, 0.003, 0);
    dx_assert_close(s.area_m2, M_PI * d.radius_m * d.radius_m, 0, 0.01);
    assert_true(s.coverage_median_ratio > 0.999); /* margin > 0: whole disc covered at the median */
    dx_coverage_result_free(r);

    /* correlated shadowing: same mean, wider spread between runs */
    d.o.mc_runs = 24;
    d.o.shadow_corr_m = 50.0;
    d.o.layers = 0;
    assert_int_equal(dx_coverage_grid_for_polygon(256, d.poly_x, d.poly_y, 12.5, &d.grid), DX_OK);
    assert_int_equal(dx_coverage_run(&d.grid, 1, &d.site, &d.tech, &d.o, &r), DX_OK);
    dx_coverage_summary s2;
    dx_coverage_result_summary(r, &s2);
    print_message("correlated MC %.5f +- %.5f\n", s2.coverage_mc_ratio, s2.coverage_mc_std_ratio);
    dx_assert_close(s2.coverage_mc_ratio, jakes, 0.015, 0);
    assert_true(s2.coverage_mc_std_ratio > s.coverage_mc_std_ratio);
    dx_coverage_result_free(r);
}

static void test_coverage__grid_is_identical_for_any_thread_count(void **state)
{
    (void)state;
    disc_scenario d;
    disc_setup(&d);
    dx_site sites[5];
    for (int k = 0; k < 5; k++) {
        dx_coverage_site_init(&sites[k], &d.tech, 420.0 * cos(k * 1.3), 380.0 * sin(k * 1.3));
        sites[k].azimuth_deg = 37.0 * k;
    }
    d.o.criterion = DX_COVERAGE_BY_RATE;
    d.o.mc_runs = 3;
    d.o.tile_px = 16;
    dx_coverage_result *r1 = NULL, *r2 = NULL;
    d.o.threads = 1;
    assert_int_equal(dx_coverage_run(&d.grid, 5, sites, &d.tech, &d.o, &r1), DX_OK);
    d.o.threads = 2;
    assert_int_equal(dx_coverage_run(&d.grid, 5, sites, &d.tech, &d.o, &r2), DX_OK);
    dx_coverage_summary a, b;
    dx_coverage_result_summary(r1, &a);
    dx_coverage_result_summary(r2, &b);
    assert_memory_equal(&a, &b, sizeof a);
    size_t n = d.grid.nx * d.grid.ny;
    double *l1 = malloc(n * sizeof *l1), *l2 = malloc(n * sizeof *l2);
    unsigned layers[] = {DX_COVERAGE_LAYER_BEST_CELL, DX_COVERAGE_LAYER_SINR_DL_DB,
                         DX_COVERAGE_LAYER_RATE_UL_MBPS, DX_COVERAGE_LAYER_PROB};
    for (int k = 0; k < 4; k++) {
        assert_int_equal(dx_coverage_result_layer(r1, layers[k], n, l1), DX_OK);
        assert_int_equal(dx_coverage_result_layer(r2, layers[k], n, l2), DX_OK);
        assert_memory_equal(l1, l2, n * sizeof *l1);
    }
    for (size_t c = 0; c < a.n_cells; c++) {
        dx_coverage_cell_stats c1, c2;
        dx_coverage_result_cell(r1, c, &c1);
        dx_coverage_result_cell(r2, c, &c2);
        assert_memory_equal(&c1, &c2, sizeof c1);
    }
    /* served areas add up to the study area */
    double served = 0.0;
    for (size_t c = 0; c < a.n_cells; c++) {
        dx_coverage_cell_stats cs;
        dx_coverage_result_cell(r1, c, &cs);
        served += cs.served_area_m2;
    }
    dx_assert_close(served, a.area_m2, 0, 1e-12);
    /* oversubscribed thread counts too: the random streams are per tile, not per thread */
    for (int th = 3; th <= 7; th += 4) {
        dx_coverage_result *r3 = NULL;
        d.o.threads = th;
        assert_int_equal(dx_coverage_run(&d.grid, 5, sites, &d.tech, &d.o, &r3), DX_OK);
        dx_coverage_summary c3;
        dx_coverage_result_summary(r3, &c3);
        assert_memory_equal(&a, &c3, sizeof a);
        assert_int_equal(dx_coverage_result_layer(r3, DX_COVERAGE_LAYER_PROB, n, l2), DX_OK);
        assert_int_equal(dx_coverage_result_layer(r1, DX_COVERAGE_LAYER_PROB, n, l1), DX_OK);
        assert_memory_equal(l1, l2, n * sizeof *l1);
        dx_coverage_result_free(r3);
    }
    free(l1);
    free(l2);
    dx_coverage_result_free(r1);
    dx_coverage_result_free(r2);
}

/* Fused kernel vs the public propagation kernel, point by point: received
 * power and SINR from an independent, straightforward evaluation. */
static void test_coverage__points_match_direct_link_budget(void **state)
{
    (void)state;
    dx_technology t;
    assert_int_equal(dx_technology_find("l5g-sub6", &t), DX_OK);
    dx_site s[2];
    dx_coverage_site_init(&s[0], &t, 0.0, 0.0);
    dx_coverage_site_init(&s[1], &t, 1385.0, 212.0);
    s[0].sectors = s[1].sectors = 1;
    s[0].channel = s[1].channel = 0; /* co-channel */
    dx_coverage_options o;
    dx_coverage_options_init(&o, DX_COVERAGE_OPTIONS_VERSION);
    const double px[3] = {317.0, 702.5, -1210.0}, py[3] = {-45.0, 130.0, 388.0};
    double rx[3], sinr[3];
    int best[3];
    assert_int_equal(dx_coverage_points(2, s, &t, &o, 3, px, py, best, rx, sinr, NULL, NULL, NULL),
                     DX_OK);
    double eirp = s[0].tx_power_dbm + s[0].antenna_gain_dbi - s[0].cable_loss_db;
    double bw = t.bw_hz, nf = t.ue_noise_figure_db, noise = 0.0;
    dx_link_thermal_noise_dbm(1, &bw, &nf, &noise);
    for (int i = 0; i < 3; i++) {
        double p[2];
        for (int k = 0; k < 2; k++) {
            double d = hypot(px[i] - s[k].x_m, py[i] - s[k].y_m), fc = t.fc_hz, hb = s[k].height_m,
                   hu = t.ue_height_m, pl;
            dx_propagation_path_loss_db(DX_PROPAGATION_38901_UMA, &o.prop, 1, &fc, &d, &hb, &hu, &pl,
                                        NULL, NULL);
            p[k] = eirp - pl;
        }
        int b = p[1] > p[0];
        double other = p[1 - b];
        double want_sinr = p[b] - 10 * log10(pow(10, other / 10) + pow(10, noise / 10));
        assert_int_equal(best[i], b);
        dx_assert_close(rx[i], p[b], 1e-4, 0); /* single-precision fused kernel */
        dx_assert_close(sinr[i], want_sinr, 1e-4, 0);
    }
}

/* The fused single-precision kernel (squared distance -> 38.901 path loss as
 * c - k log2(d3D^2) -> 2^x mW) against the public double-precision path loss,
 * over the whole distance range 1 m - 100 km, both LOS branches (points on
 * each side of the breakpoint) and the NLOS' line, UMa and UMi, LOS and NLOS.
 * The kernel's float log2/exp2 polynomials are good to about 3e-6 dB and float
 * coordinates add < 1e-5 dB at 100 km; the bound checked is the 1e-4 dB of
 * test_coverage__points_match_direct_link_budget. */
static void test_coverage__fused_power_matches_path_loss_1m_to_100km(void **state)
{
    (void)state;
    dx_technology t;
    assert_int_equal(dx_technology_find("l5g-sub6", &t), DX_OK);
    const dx_propagation_model models[2] = {DX_PROPAGATION_38901_UMA, DX_PROPAGATION_38901_UMI};
    const double hbs[2] = {25.0, 10.0}, hut = 1.5, fc = t.fc_hz;
    enum { N = 420 };
    double px[N], py[N], d[N], rx[N];
    for (int m = 0; m < 2; m++)
        for (int los = 0; los < 2; los++) {
            dx_site s;
            dx_coverage_site_init(&s, &t, 0.0, 0.0);
            s.sectors = 1;
            s.height_m = hbs[m];
            dx_coverage_options o;
            dx_coverage_options_init(&o, DX_COVERAGE_OPTIONS_VERSION);
            o.model = models[m];
            o.prop.los = los ? DX_PROPAGATION_NLOS : DX_PROPAGATION_LOS;
            o.ue_height_m = hut;
            /* 400 log-spaced distances 1 m .. 100 km, and 20 within 1 % of d'BP */
            double dbp = 4.0 * (hbs[m] - 1.0) * (hut - 1.0) * fc / 299792458.0;
            for (int i = 0; i < N; i++) {
                d[i] = i < 400 ? pow(10.0, 5.0 * i / 399.0) : dbp * (0.99 + 0.02 * (i - 400) / 19.0);
                px[i] = 0.6 * d[i];
                py[i] = -0.8 * d[i];
            }
            assert_int_equal(dx_coverage_points(1, &s, &t, &o, N, px, py, NULL, rx, NULL, NULL,
                                                NULL, NULL),
                             DX_OK);
            double eirp = s.tx_power_dbm + s.antenna_gain_dbi - s.cable_loss_db, worst = 0.0;
            for (int i = 0; i < N; i++) {
                double pl, dd = hypot(px[i], py[i]);
                assert_int_equal(dx_propagation_path_loss_db(o.model, &o.prop, 1, &fc, &dd,
                                                             &s.height_m, &hut, &pl, NULL, NULL),
                                 DX_OK);
                double err = fabs(rx[i] - (eirp - pl));
                worst = err > worst ? err : worst;
                dx_assert_close(rx[i], eirp - pl, 1e-4, 0);
            }
            print_message("%s %s: max |error| %.2g dB over 1 m - 100 km\n",
                          m ? "UMi" : "UMa", los ? "NLOS" : "LOS", worst);
        }
}

/* Every path-loss model on the fused single-precision path (its lines in
 * log10 d3D, propagation_lines.h) against the public double-precision
 * dx_propagation_path_loss_db, 1 m - 100 km, LOS and NLOS, omni: received
 * power within 1e-4 dB (the contract of the UMa/UMi kernel above). RMa
 * exercises the d3D-linear term and the d2D breakpoint selection, P.1411 NLOS
 * (BS below the roofs) the settled-field selection and its distance-linear
 * k_a, two-ray and P.1411 LOS the max of two lines. */
static void test_coverage__fused_every_model_matches_path_loss_1m_to_100km(void **state)
{
    (void)state;
    dx_technology t;
    assert_int_equal(dx_technology_find("l5g-sub6", &t), DX_OK);
    const double hut = 1.5, fc = t.fc_hz;
    enum { N = 400 };
    double px[N], py[N], rx[N];
    for (int i = 0; i < N; i++) {
        double d = pow(10.0, 5.0 * i / (N - 1.0));
        px[i] = 0.28 * d;
        py[i] = 0.96 * d;
    }
    for (int m = 0; m < DX_PROPAGATION_MODEL_COUNT + 1; m++)
        for (int los = 0; los < 2; los++) {
            dx_coverage_options o;
            dx_coverage_options_init(&o, DX_COVERAGE_OPTIONS_VERSION);
            o.model = (dx_propagation_model)(m < DX_PROPAGATION_MODEL_COUNT ? m : DX_PROPAGATION_P1411_NLOS);
            o.prop.los = los ? DX_PROPAGATION_NLOS : DX_PROPAGATION_LOS;
            o.ue_height_m = hut;
            dx_site s;
            dx_coverage_site_init(&s, &t, 0.0, 0.0);
            s.sectors = 1;
            o.shadow_sigma_db = 8.0; /* the non-38.901 models have no default sigma */
            s.height_m = o.model == DX_PROPAGATION_38901_INH ? 3.0
                         : o.model >= DX_PROPAGATION_38901_INF_SL ? 4.5
                         : o.model == DX_PROPAGATION_38901_RMA ? 35.0
                         : m == DX_PROPAGATION_MODEL_COUNT ? 15.0 /* P.1411 NLOS below the roofs */
                                                          : 27.5;
            assert_int_equal(dx_coverage_points(1, &s, &t, &o, N, px, py, NULL, rx, NULL, NULL,
                                                NULL, NULL),
                             DX_OK);
            double eirp = s.tx_power_dbm + s.antenna_gain_dbi - s.cable_loss_db, worst = 0.0;
            for (int i = 0; i < N; i++) {
                double pl, dd = hypot(px[i], py[i]);
                assert_int_equal(dx_propagation_path_loss_db(o.model, &o.prop, 1, &fc, &dd,
                                                             &s.height_m, &hut, &pl, NULL, NULL),
                                 DX_OK);
                double err = fabs(rx[i] - (eirp - pl));
                worst = err > worst ? err : worst;
                if (err > 1e-4)
                    print_message("%s d = %.6g m: fused %.9g, public %.9g dBm\n",
                                  dx_propagation_model_name(o.model), dd, rx[i], eirp - pl);
                dx_assert_close(rx[i], eirp - pl, 1e-4, 0);
            }
            print_message("%-13s %s h_bs %4.1f m: max |error| %.2g dB over 1 m - 100 km\n",
                          dx_propagation_model_name(o.model), los ? "NLOS" : "LOS ", s.height_m,
                          worst);
        }
}

/* Pairs outside the model's validity range: the fused grid counts them as
 * dx_propagation_path_loss_db does for the same pixel-cell pairs (UMa
 * d2D 10 m - 5 km, RMa 10 m - 5 km NLOS, Hata 1 - 20 km in d3D), up to pixels
 * within float rounding of a range limit. */
static void test_coverage__outside_validity_counts_match_path_loss(void **state)
{
    (void)state;
    dx_technology t;
    assert_int_equal(dx_technology_find("l5g-sub6", &t), DX_OK);
    t.fc_hz = 0.9e9; /* inside Hata's 150-1500 MHz */
    const dx_propagation_model models[3] = {DX_PROPAGATION_38901_UMA, DX_PROPAGATION_38901_RMA,
                                            DX_PROPAGATION_HATA};
    dx_grid g = {-6000.0, -4000.0, 97.0, 131, 83};
    for (int m = 0; m < 3; m++) {
        dx_site s[3];
        for (int k = 0; k < 3; k++) {
            dx_coverage_site_init(&s[k], &t, 1500.0 * k - 900.0, 700.0 * k - 350.0);
            s[k].sectors = k == 1 ? 3 : 1;
            s[k].height_m = 35.0;
        }
        dx_coverage_options o;
        dx_coverage_options_init(&o, DX_COVERAGE_OPTIONS_VERSION);
        o.model = models[m];
        o.shadow_sigma_db = 8.0;
        o.layers = 0;
        dx_coverage_result *r = NULL;
        assert_int_equal(dx_coverage_run(&g, 3, s, &t, &o, &r), DX_OK);
        dx_coverage_summary sm;
        dx_coverage_result_summary(r, &sm);
        dx_coverage_result_free(r);
        size_t want = 0;
        double hut = t.ue_height_m, fc = t.fc_hz;
        for (int k = 0; k < 3; k++)
            for (size_t j = 0; j < g.ny; j++)
                for (size_t i = 0; i < g.nx; i++) {
                    double x = g.x0_m + (i + 0.5) * g.resolution_m, y = g.y0_m + (j + 0.5) * g.resolution_m;
                    double d = hypot(x - s[k].x_m, y - s[k].y_m), pl;
                    size_t nout = 0;
                    dx_propagation_path_loss_db(o.model, &o.prop, 1, &fc, &d, &s[k].height_m, &hut,
                                                &pl, NULL, &nout);
                    want += nout * (size_t)s[k].sectors;
                }
        print_message("%s: %zu pairs outside (public kernel %zu) of %zu\n",
                      dx_propagation_model_name(o.model), sm.n_outside_validity, want,
                      g.nx * g.ny * 5);
        assert_true(want > 0);
        dx_assert_close((double)sm.n_outside_validity, (double)want, 2.0, 0);
    }
}

/* Sectorised sites: the strongest sector's power at points all around a
 * 3-sector site equals EIRP - PL + A(phi) with the 38.901 Table 7.3-1
 * horizontal pattern A = -min(12 (phi / 65 deg)^2, 30) dB evaluated exactly
 * (acos from libm), within 1e-4 dB; RMa (general lines) and UMa. */
static void test_coverage__sector_pattern_matches_table_7_3_1(void **state)
{
    (void)state;
    dx_technology t;
    assert_int_equal(dx_technology_find("l5g-sub6", &t), DX_OK);
    t.channels_available = 3;
    enum { N = 360 };
    double px[N], py[N], rx[N];
    for (int i = 0; i < N; i++) {
        double az = (i + 0.37) * 2.0 * M_PI / N, d = 40.0 * pow(10.0, 2.5 * (i % 17) / 16.0);
        px[i] = d * sin(az);
        py[i] = d * cos(az);
    }
    const dx_propagation_model models[2] = {DX_PROPAGATION_38901_UMA, DX_PROPAGATION_38901_RMA};
    for (int m = 0; m < 2; m++) {
        dx_site s;
        dx_coverage_site_init(&s, &t, 0.0, 0.0);
        s.sectors = 3;
        s.azimuth_deg = 17.0;
        s.height_m = 30.0;
        dx_coverage_options o;
        dx_coverage_options_init(&o, DX_COVERAGE_OPTIONS_VERSION);
        o.model = models[m];
        double hut = t.ue_height_m, fc = t.fc_hz;
        assert_int_equal(dx_coverage_points(1, &s, &t, &o, N, px, py, NULL, rx, NULL, NULL, NULL,
                                            NULL),
                         DX_OK);
        double eirp = s.tx_power_dbm + s.antenna_gain_dbi - s.cable_loss_db, worst = 0.0;
        for (int i = 0; i < N; i++) {
            double pl, dd = hypot(px[i], py[i]), best = -1e300;
            assert_int_equal(dx_propagation_path_loss_db(o.model, &o.prop, 1, &fc, &dd, &s.height_m,
                                                         &hut, &pl, NULL, NULL),
                             DX_OK);
            for (int k = 0; k < 3; k++) {
                double az = (s.azimuth_deg + 120.0 * k) * M_PI / 180.0;
                double c = (px[i] * sin(az) + py[i] * cos(az)) / dd;
                double phi = acos(c > 1.0 ? 1.0 : c) * 180.0 / M_PI;
                double a = 12.0 * (phi / 65.0) * (phi / 65.0);
                double p = eirp - pl - (a < 30.0 ? a : 30.0);
                best = p > best ? p : best;
            }
            double err = fabs(rx[i] - best);
            worst = err > worst ? err : worst;
            dx_assert_close(rx[i], best, 1e-4, 0);
        }
        print_message("3-sector %s: max |error| %.2g dB\n", dx_propagation_model_name(o.model), worst);
    }
}

/* dx_coverage_run_ws: the same bits as dx_coverage_run for 1, 2 and 3
 * threads, across repeated runs, a grid that grows the workspace and a run
 * with other layers; the previous result gives its layers back. */
/* The two ways a tile lists its pixels (no area polygon: every pixel; a
 * polygon: the pixels inside) give the same result when the polygon holds the
 * whole grid, and the area and per-cell sums (vector reductions over runs of
 * one server) equal sums recomputed here from the layers. */
static void test_coverage__whole_grid_polygon_equals_no_polygon(void **state)
{
    (void)state;
    dx_technology t;
    assert_int_equal(dx_technology_find("l5g-sub6", &t), DX_OK);
    dx_site s[5];
    for (int k = 0; k < 5; k++) {
        dx_coverage_site_init(&s[k], &t, 60.0 + 170.0 * k, 90.0 + 140.0 * (k % 3));
        s[k].sectors = k == 1 ? 3 : 1;
        s[k].azimuth_deg = 25.0 * k;
    }
    const dx_grid g = {0.0, 0.0, 10.0, 83, 45};
    const size_t n = g.nx * g.ny;
    double vx[4] = {-5.0, 900.0, 900.0, -5.0}, vy[4] = {-5.0, -5.0, 500.0, 500.0};
    dx_coverage_options o;
    dx_coverage_options_init(&o, DX_COVERAGE_OPTIONS_VERSION);
    o.tile_px = 16;
    o.criterion = DX_COVERAGE_BY_RATE;
    o.shadow_sigma_db = 8.0;
    dx_coverage_result *a = NULL, *b = NULL;
    assert_int_equal(dx_coverage_run(&g, 5, s, &t, &o, &a), DX_OK);
    o.n_area = 4;
    o.area_x_m = vx;
    o.area_y_m = vy;
    assert_int_equal(dx_coverage_run(&g, 5, s, &t, &o, &b), DX_OK);
    dx_coverage_summary sa, sb;
    dx_coverage_result_summary(a, &sa);
    dx_coverage_result_summary(b, &sb);
    assert_memory_equal(&sa, &sb, sizeof sa);
    assert_int_equal(sa.n_pixels, n);
    double *la = malloc(n * sizeof *la), *lb = malloc(n * sizeof *lb);
    double *best = malloc(n * sizeof *best), *prob = malloc(n * sizeof *prob);
    double *rdl = malloc(n * sizeof *rdl);
    for (unsigned bit = 1; bit <= DX_COVERAGE_LAYER_PROB; bit <<= 1) {
        assert_int_equal(dx_coverage_result_layer(a, bit, n, la), DX_OK);
        assert_int_equal(dx_coverage_result_layer(b, bit, n, lb), DX_OK);
        assert_memory_equal(la, lb, n * sizeof *la);
    }
    dx_coverage_result_layer(a, DX_COVERAGE_LAYER_BEST_CELL, n, best);
    dx_coverage_result_layer(a, DX_COVERAGE_LAYER_PROB, n, prob);
    dx_coverage_result_layer(a, DX_COVERAGE_LAYER_RATE_DL_MBPS, n, rdl);
    /* sums from the layers (float layers: relative tolerance 1e-6) */
    double psum = 0.0, rsum = 0.0;
    for (size_t i = 0; i < n; i++) {
        psum += prob[i];
        rsum += rdl[i];
    }
    dx_assert_close(sa.coverage_ratio, psum / (double)n, 0, 1e-6);
    dx_assert_close(sa.mean_rate_dl_mbps, rsum / (double)n, 0, 1e-6);
    size_t served_total = 0;
    for (size_t c = 0; c < sa.n_cells; c++) {
        dx_coverage_cell_stats ca, cb;
        dx_coverage_result_cell(a, c, &ca);
        dx_coverage_result_cell(b, c, &cb);
        assert_memory_equal(&ca, &cb, sizeof ca);
        size_t served = 0;
        double cp = 0.0, cr = 0.0;
        for (size_t i = 0; i < n; i++)
            if (best[i] == (double)c) {
                served++;
                cp += prob[i];
                cr += rdl[i];
            }
        assert_int_equal(ca.served_pixels, served);
        dx_assert_close(ca.covered_pixels, cp, 1e-9, 1e-6);
        if (served)
            dx_assert_close(ca.mean_rate_dl_mbps, cr / (double)served, 1e-9, 1e-6);
        served_total += served;
    }
    assert_int_equal(served_total, n);
    free(la);
    free(lb);
    free(best);
    free(prob);
    free(rdl);
    dx_coverage_result_free(a);
    dx_coverage_result_free(b);
}

static void test_coverage__workspace_runs_equal_plain_runs(void **state)
{
    (void)state;
    dx_technology t;
    assert_int_equal(dx_technology_find("l5g-sub6", &t), DX_OK);
    dx_site s[4];
    for (int k = 0; k < 4; k++) {
        dx_coverage_site_init(&s[k], &t, 150.0 + 210.0 * k, 120.0 + 95.0 * (k % 2));
        s[k].sectors = k == 2 ? 3 : 1;
    }
    dx_coverage_options o;
    dx_coverage_options_init(&o, DX_COVERAGE_OPTIONS_VERSION);
    o.tile_px = 16;
    dx_coverage_workspace *ws = NULL;
    assert_int_equal(dx_coverage_workspace_create(0, 0, &ws), DX_OK);
    const dx_grid grids[2] = {{0.0, 0.0, 12.5, 57, 31}, {0.0, 0.0, 10.0, 93, 47}};
    const unsigned layers[2] = {DX_COVERAGE_LAYER_ALL, DX_COVERAGE_LAYER_PROB | DX_COVERAGE_LAYER_BEST_CELL};
    for (int gi = 0; gi < 2; gi++)
        for (int li = 0; li < 2; li++)
            for (int th = 1; th <= 3; th++) {
                const dx_grid *g = &grids[gi];
                size_t n = g->nx * g->ny;
                o.threads = th;
                o.layers = layers[li];
                dx_coverage_result *a = NULL, *b = NULL, *b2 = NULL;
                assert_int_equal(dx_coverage_run(g, 4, s, &t, &o, &a), DX_OK);
                assert_int_equal(dx_coverage_run_ws(g, 4, s, &t, &o, ws, &b), DX_OK);
                dx_coverage_summary sa, sb;
                dx_coverage_result_summary(a, &sa);
                dx_coverage_result_summary(b, &sb);
                assert_memory_equal(&sa, &sb, sizeof sa);
                double *la = malloc(n * sizeof *la), *lb = malloc(n * sizeof *lb);
                for (unsigned bit = 1; bit <= DX_COVERAGE_LAYER_PROB; bit <<= 1)
                    if (o.layers & bit) {
                        assert_int_equal(dx_coverage_result_layer(a, bit, n, la), DX_OK);
                        assert_int_equal(dx_coverage_result_layer(b, bit, n, lb), DX_OK);
                        assert_memory_equal(la, lb, n * sizeof *la);
                    }
                /* the next run takes the layers back from b */
                assert_int_equal(dx_coverage_run_ws(g, 4, s, &t, &o, ws, &b2), DX_OK);
                assert_int_equal(dx_coverage_result_layer(b, DX_COVERAGE_LAYER_PROB, n, lb),
                                 DX_EINVAL);
                assert_int_equal(dx_coverage_result_layer(b2, DX_COVERAGE_LAYER_PROB, n, lb), DX_OK);
                assert_int_equal(dx_coverage_result_layer(a, DX_COVERAGE_LAYER_PROB, n, la), DX_OK);
                assert_memory_equal(la, lb, n * sizeof *la);
                for (size_t c = 0; c < sa.n_cells; c++) {
                    dx_coverage_cell_stats ca, cb;
                    dx_coverage_result_cell(a, c, &ca);
                    dx_coverage_result_cell(b, c, &cb);
                    assert_memory_equal(&ca, &cb, sizeof ca);
                }
                free(la);
                free(lb);
                dx_coverage_result_free(a);
                dx_coverage_result_free(b);
                dx_coverage_result_free(b2);
            }
    /* another technology: the workspace's rate tables are rebuilt for it */
    dx_technology t2 = t;
    t2.bw_hz *= 0.5;
    o.threads = 1;
    o.layers = DX_COVERAGE_LAYER_RATE_DL_MBPS;
    for (int k = 0; k < 2; k++) {
        const dx_technology *tk = k ? &t : &t2;
        dx_coverage_result *a = NULL, *b = NULL;
        assert_int_equal(dx_coverage_run(&grids[0], 4, s, tk, &o, &a), DX_OK);
        assert_int_equal(dx_coverage_run_ws(&grids[0], 4, s, tk, &o, ws, &b), DX_OK);
        dx_coverage_summary sa, sb;
        dx_coverage_result_summary(a, &sa);
        dx_coverage_result_summary(b, &sb);
        assert_memory_equal(&sa, &sb, sizeof sa);
        dx_coverage_result_free(a);
        dx_coverage_result_free(b);
    }
    dx_coverage_workspace_free(ws);
    dx_coverage_workspace_free(NULL);
}

/* Every pixel is computed from its own coordinates only: the per-pixel layers
 * do not depend on the tile size (a pixel falls in the vector body of a loop
 * for one size and in its remainder for another; FMA contraction and the
 * 4/2/1-cell passes must give the same bits) and equal dx_coverage_points at
 * the pixel centres (blocks of 1024 points). Seven omni co-channel sites (a
 * 4-, a 2- and a 1-cell pass) and one 3-sector site. */
static void test_coverage__pixels_identical_for_any_tile_size(void **state)
{
    (void)state;
    dx_technology t;
    assert_int_equal(dx_technology_find("l5g-sub6", &t), DX_OK);
    t.channels_available = 1;
    dx_site s[8];
    for (int k = 0; k < 8; k++) {
        dx_coverage_site_init(&s[k], &t, 137.0 + 181.0 * (k % 4), 95.0 + 433.0 * (k / 4));
        s[k].sectors = k == 5 ? 3 : 1;
        s[k].azimuth_deg = 23.0;
        s[k].channel = 0;
    }
    dx_grid g = {0.0, 0.0, 7.5, 101, 83};
    dx_coverage_options o;
    dx_coverage_options_init(&o, DX_COVERAGE_OPTIONS_VERSION);
    o.threads = 1;
    const size_t npx = g.nx * g.ny;
    double *l[2][3];
    const unsigned layers[3] = {DX_COVERAGE_LAYER_RX_DBM, DX_COVERAGE_LAYER_SINR_DL_DB,
                                DX_COVERAGE_LAYER_BEST_CELL};
    const size_t tiles[2] = {16, 61};
    for (int a = 0; a < 2; a++) {
        o.tile_px = tiles[a];
        dx_coverage_result *r = NULL;
        assert_int_equal(dx_coverage_run(&g, 8, s, &t, &o, &r), DX_OK);
        for (int k = 0; k < 3; k++) {
            l[a][k] = malloc(npx * sizeof(double));
            assert_non_null(l[a][k]);
            assert_int_equal(dx_coverage_result_layer(r, layers[k], npx, l[a][k]), DX_OK);
        }
        dx_coverage_result_free(r);
    }
    for (int k = 0; k < 3; k++)
        assert_memory_equal(l[0][k], l[1][k], npx * sizeof(double));
    double *px = malloc(npx * sizeof(double)), *py = malloc(npx * sizeof(double));
    double *rx = malloc(npx * sizeof(double)), *sinr = malloc(npx * sizeof(double));
    int *best = malloc(npx * sizeof(int));
    assert_true(px && py && rx && sinr && best);
    for (size_t j = 0; j < g.ny; j++)
        for (size_t i = 0; i < g.nx; i++) {
            px[j * g.nx + i] = g.x0_m + ((double)i + 0.5) * g.resolution_m;
            py[j * g.nx + i] = g.y0_m + ((double)j + 0.5) * g.resolution_m;
        }
    assert_int_equal(dx_coverage_points(8, s, &t, &o, npx, px, py, best, rx, sinr, NULL, NULL, NULL),
                     DX_OK);
    for (size_t i = 0; i < npx; i++) {
        assert_true((double)(float)rx[i] == l[0][0][i]);
        assert_true((double)(float)sinr[i] == l[0][1][i]);
        assert_true((double)best[i] == l[0][2][i]);
    }
    for (int a = 0; a < 2; a++)
        for (int k = 0; k < 3; k++)
            free(l[a][k]);
    free(px);
    free(py);
    free(rx);
    free(sinr);
    free(best);
}

static void test_coverage__route_finds_handover_and_outage(void **state)
{
    (void)state;
    dx_technology t;
    assert_int_equal(dx_technology_find("halow", &t), DX_OK);
    dx_site s[2];
    dx_coverage_site_init(&s[0], &t, 0.0, 0.0);
    dx_coverage_site_init(&s[1], &t, 900.0, 0.0);
    dx_coverage_options o;
    dx_coverage_options_init(&o, DX_COVERAGE_OPTIONS_VERSION);
    o.model = DX_PROPAGATION_38901_UMI;
    o.criterion = DX_COVERAGE_BY_RX_LEVEL;
    o.threshold_dbm = -110.0;
    o.shadow_sigma_db = 0.0;
    /* a river bank from site 0 past site 1 and 3 km beyond */
    const double rx[3] = {0.0, 900.0, 3900.0}, ry[3] = {10.0, 10.0, 10.0};
    dx_coverage_route_summary sum;
    assert_int_equal(dx_coverage_route(2, s, &t, &o, 3, rx, ry, 25.0, 0.1, &sum, 0, NULL, NULL, NULL,
                                       NULL, NULL),
                     DX_OK);
    size_t ns = sum.n_samples;
    assert_int_equal(ns, 3900 / 25 + 1);
    double *sm = malloc(ns * sizeof *sm), *ul = malloc(ns * sizeof *ul);
    int *best = malloc(ns * sizeof *best);
    double *rxd = malloc(ns * sizeof *rxd);
    assert_int_equal(dx_coverage_route(2, s, &t, &o, 3, rx, ry, 25.0, 0.1, &sum, ns, sm, best, rxd,
                                       NULL, ul),
                     DX_OK);
    print_message("handovers %zu, outage segments %zu (%.0f m), covered %.3f, UL sustained %.3f\n",
                  sum.n_handovers, sum.n_outage_segments, sum.outage_length_m, sum.covered_ratio,
                  sum.ul_sustained_ratio);
    dx_assert_close(sum.length_m, 3900.0, 1e-9, 0);
    assert_int_equal(sum.n_handovers, 1);      /* site 0 -> site 1 near x = 450 m */
    assert_int_equal(sum.n_outage_segments, 1); /* the far end, beyond site 1's reach */
    assert_true(sum.outage_length_m > 1000.0);
    assert_int_equal(sum.ul_sustained, 0);
    assert_int_equal(best[0], 0);
    assert_true(rxd[0] > rxd[ns - 1]);
    assert_true(rxd[ns - 1] < -110.0); /* the far end is in outage at the -110 dBm threshold */
    free(rxd);
    dx_assert_close(sm[ns - 1], 3900.0, 1e-9, 0);
    assert_int_equal(dx_coverage_route(2, s, &t, &o, 3, rx, ry, 25.0, 0.1, &sum, 3, sm, NULL, NULL,
                                       NULL, NULL),
                     DX_EBUFSIZE);
    free(sm);
    free(ul);
    free(best);
}

static void test_coverage__grid_errors_name_the_field(void **state)
{
    (void)state;
    dx_technology t;
    dx_technology_find("wifi6e-vlp", &t);
    dx_site s;
    dx_coverage_site_init(&s, &t, 0, 0);
    dx_grid g = {-100, -100, 0.0, 10, 10};
    dx_coverage_result *r = NULL;
    assert_int_equal(dx_coverage_run(&g, 1, &s, &t, NULL, &r), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "resolution_m"));
    assert_null(r);
    g.resolution_m = 7.5;
    s.sectors = 2;
    assert_int_equal(dx_coverage_run(&g, 1, &s, &t, NULL, &r), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "sites[0].sectors"));
    s.sectors = 1;
    dx_coverage_options o;
    dx_coverage_options_init(&o, DX_COVERAGE_OPTIONS_VERSION);
    o.interference_load_ratio = 1.5;
    assert_int_equal(dx_coverage_run(&g, 1, &s, &t, &o, &r), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "interference_load_ratio"));
    o.interference_load_ratio = 1.0;
    o.layers = DX_COVERAGE_LAYER_PROB;
    assert_int_equal(dx_coverage_run(&g, 1, &s, &t, &o, &r), DX_OK);
    double buf[100];
    assert_int_equal(dx_coverage_result_layer(r, DX_COVERAGE_LAYER_RX_DBM, 100, buf), DX_EINVAL);
    assert_int_equal(dx_coverage_result_layer(r, DX_COVERAGE_LAYER_PROB, 99, buf), DX_EBUFSIZE);
    assert_int_equal(dx_coverage_result_layer(r, DX_COVERAGE_LAYER_PROB, 100, buf), DX_OK);
    dx_coverage_result_free(r);
    assert_int_equal(dx_coverage_options_init(&o, 99), DX_EINVAL);
    assert_int_equal(dx_coverage_options_size(), sizeof(dx_coverage_options));
}

static void test_coverage__geo_round_trip_and_scale(void **state)
{
    (void)state;
    /* 1 degree of latitude at 35.68 N on GRS80 is 110.95 km (GSI distance
     * calculator / standard meridian-arc tables: 110.94-110.96 km) */
    double x = 0.0, y = 110950.0, lat, lon, x2, y2;
    assert_int_equal(dx_coverage_local_to_geo(35.68, 139.77, 1, &x, &y, &lat, &lon), DX_OK);
    dx_assert_close(lat, 36.68, 2e-4, 0);
    x = 2385.0;
    y = -1234.5;
    dx_coverage_local_to_geo(35.68, 139.77, 1, &x, &y, &lat, &lon);
    dx_coverage_geo_to_local(35.68, 139.77, 1, &lat, &lon, &x2, &y2);
    dx_assert_close(x2, x, 1e-6, 0);
    dx_assert_close(y2, y, 1e-6, 0);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *d = malloc((size_t)n + 1);
    if (fread(d, 1, (size_t)n, f) != (size_t)n) {
        fclose(f);
        free(d);
        return NULL;
    }
    fclose(f);
    d[n] = 0;
    *len = (size_t)n;
    return d;
}

static void test_coverage__writers_produce_csv_geojson_kml_png(void **state)
{
    (void)state;
    setlocale(LC_NUMERIC, "de_DE.UTF-8"); /* numbers must stay "1.5" whatever the locale */
    dx_technology t;
    assert_int_equal(dx_technology_find("halow", &t), DX_OK);
    dx_site s[2];
    dx_coverage_site_init(&s[0], &t, 120.0, 80.0);
    dx_coverage_site_init(&s[1], &t, 610.0, 395.0);
    const double ax[4] = {0, 800, 800, 0}, ay[4] = {0, 0, 500, 500};
    dx_grid g;
    assert_int_equal(dx_coverage_grid_for_polygon(4, ax, ay, 25.0, &g), DX_OK);
    assert_int_equal(g.nx, 32);
    assert_int_equal(g.ny, 20);
    dx_coverage_options o;
    dx_coverage_options_init(&o, DX_COVERAGE_OPTIONS_VERSION);
    o.model = DX_PROPAGATION_38901_UMI;
    dx_coverage_result *r = NULL;
    assert_int_equal(dx_coverage_run(&g, 2, s, &t, &o, &r), DX_OK);
    const double lat0 = 33.6405, lon0 = 130.6903; /* Tagawa, Fukuoka */
    assert_int_equal(dx_coverage_write_csv(r, lat0, lon0, "cov_test.csv"), DX_OK);
    assert_int_equal(dx_coverage_write_geojson(r, 2, s, lat0, lon0, "cov_test.geojson"), DX_OK);
    assert_int_equal(dx_coverage_write_kml(r, DX_COVERAGE_LAYER_PROB, 2, s, lat0, lon0, "cov_test.kml",
                                           "cov_test.png"),
                     DX_OK);
    size_t n = 0;
    char *csv = slurp("cov_test.csv", &n);
    assert_non_null(csv);
    assert_non_null(strstr(csv, "x_m,y_m,lat_deg,lon_deg,best_cell,rx_dbm"));
    size_t lines = 0;
    for (size_t i = 0; i < n; i++)
        lines += csv[i] == '\n';
    assert_int_equal(lines, 1 + 32 * 20);
    assert_non_null(strstr(csv, "\n12.5,12.5,33.64"));
    free(csv);
    char *gj = slurp("cov_test.geojson", &n);
    assert_non_null(gj);
    assert_non_null(strstr(gj, "\"FeatureCollection\""));
    assert_non_null(strstr(gj, "\"MultiPolygon\""));
    assert_non_null(strstr(gj, "\"kind\":\"site\""));
    free(gj);
    char *kml = slurp("cov_test.kml", &n);
    assert_non_null(kml);
    assert_non_null(strstr(kml, "<kml xmlns=\"http://www.opengis.net/kml/2.2\">"));
    assert_non_null(strstr(kml, "<GroundOverlay>"));
    assert_non_null(strstr(kml, "<href>cov_test.png</href>"));
    assert_non_null(strstr(kml, "<north>33.64"));
    assert_non_null(strstr(kml, "<Placemark>"));
    free(kml);
    char *png = slurp("cov_test.png", &n);
    assert_non_null(png);
    assert_true(n > 8 && memcmp(png, "\x89PNG\r\n\x1a\n", 8) == 0);
    free(png);
    /* GeoTIFF only with the optional GDAL build */
    dx_status gt = dx_coverage_write_geotiff(r, DX_COVERAGE_LAYER_SINR_DL_DB, lat0, lon0,
                                             "cov_test.tif");
    if (gt == DX_OK) {
        char *tif = slurp("cov_test.tif", &n);
        assert_non_null(tif);
        assert_true(n > 4 && (memcmp(tif, "II*", 4) == 0 || memcmp(tif, "MM", 3) == 0));
        free(tif);
    } else {
        assert_int_equal(gt, DX_EINVAL);
        assert_non_null(strstr(dx_last_error(), "GDAL"));
    }
    assert_int_equal(dx_coverage_write_kml(r, DX_COVERAGE_LAYER_BEST_CELL, 2, s, lat0, lon0,
                                           "cov_test2.kml", "x.png"),
                     DX_EINVAL);
    assert_int_equal(dx_coverage_write_csv(r, lat0, lon0, "/nonexistent-dir/x.csv"), DX_EIO);
    dx_coverage_result_free(r);
    setlocale(LC_NUMERIC, "C");
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
        cmocka_unit_test(test_coverage__grid_agrees_with_jakes_and_monte_carlo),
        cmocka_unit_test(test_coverage__grid_is_identical_for_any_thread_count),
        cmocka_unit_test(test_coverage__points_match_direct_link_budget),
        cmocka_unit_test(test_coverage__fused_power_matches_path_loss_1m_to_100km),
        cmocka_unit_test(test_coverage__fused_every_model_matches_path_loss_1m_to_100km),
        cmocka_unit_test(test_coverage__sector_pattern_matches_table_7_3_1),
        cmocka_unit_test(test_coverage__outside_validity_counts_match_path_loss),
        cmocka_unit_test(test_coverage__workspace_runs_equal_plain_runs),
        cmocka_unit_test(test_coverage__whole_grid_polygon_equals_no_polygon),
        cmocka_unit_test(test_coverage__pixels_identical_for_any_tile_size),
        cmocka_unit_test(test_coverage__route_finds_handover_and_outage),
        cmocka_unit_test(test_coverage__grid_errors_name_the_field),
        cmocka_unit_test(test_coverage__geo_round_trip_and_scale),
        cmocka_unit_test(test_coverage__writers_produce_csv_geojson_kml_png),
    };
    dx_global_init(DX_INIT_GSL_HANDLER_OFF);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
