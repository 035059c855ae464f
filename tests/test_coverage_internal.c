/* Internals of the coverage engine: the fused path-loss form against the
 * shared scalar 38.901 kernels (propagation_kernels.h), the fast math helpers
 * against libm, and allocation failures (no leak, DX_ENOMEM, message). */
#include "dx_test.h"
#include <dxsim.h>
#include "dx_internal.h"
#include "coverage_internal.h"
#include "propagation_kernels.h"

double dx__coverage_fused_pl_db(int model, double fc_ghz, double d2d_m, double h_bs, double h_ut,
                                int nlos, double h_e);

static void test_coverage_internal__fused_pl_equals_shared_38901_kernels(void **state)
{
    (void)state;
    const double fcs[] = {0.9245, 3.5, 4.85, 28.65};
    const double hbs[] = {10.0, 25.0, 35.0};
    for (int f = 0; f < 4; f++)
        for (int h = 0; h < 3; h++)
            for (int nlos = 0; nlos < 2; nlos++)
                for (double d = 10.0; d < 5000.0; d *= 1.173) {
                    double a = dx__coverage_fused_pl_db(DX_PROPAGATION_38901_UMA, fcs[f], d, hbs[h],
                                                        1.5, nlos, 1.0);
                    double b = dx__pl_38901_uma_he_db(fcs[f], d, hbs[h], 1.5, nlos, 1.0);
                    dx_assert_close(a, b, 1e-9, 0);
                    a = dx__coverage_fused_pl_db(DX_PROPAGATION_38901_UMI, fcs[f], d, hbs[h] / 2.5,
                                                 1.5, nlos, 1.0);
                    b = dx__pl_38901_umi_he_db(fcs[f], d, hbs[h] / 2.5, 1.5, nlos, 1.0);
                    dx_assert_close(a, b, 1e-9, 0);
                }
}

int dx__coverage_fused_path(size_t n_sites, const dx_site *sites, const dx_technology *tech,
                            const dx_coverage_options *opts);

/* Every path-loss model takes the fused single-precision grid path (the
 * accuracy of that path is checked in tests/test_coverage.c); the P.1411 NLOS
 * corner that cannot be written as lines (BS below the roofs with a settled
 * field beyond 500 m) falls back to double precision. */
static void test_coverage_internal__every_model_takes_the_fused_path(void **state)
{
    (void)state;
    dx_technology t;
    assert_int_equal(dx_technology_find("l5g-sub6", &t), DX_OK);
    dx_site s;
    dx_coverage_site_init(&s, &t, 0.0, 0.0);
    s.height_m = 25.0;
    for (int m = 0; m < DX_PROPAGATION_MODEL_COUNT; m++)
        for (int sec = 1; sec <= 3; sec += 2) {
            dx_coverage_options o;
            dx_coverage_options_init(&o, DX_COVERAGE_OPTIONS_VERSION);
            o.model = (dx_propagation_model)m;
            o.shadow_sigma_db = 8.0; /* the non-38.901 models have no default sigma */
            s.sectors = sec;
            assert_int_equal(dx__coverage_fused_path(1, &s, &t, &o), 1);
        }
    dx_coverage_options o;
    dx_coverage_options_init(&o, DX_COVERAGE_OPTIONS_VERSION);
    o.model = DX_PROPAGATION_P1411_NLOS;
    o.shadow_sigma_db = 8.0;
    o.prop.h_roof_m = 60.0; /* dhb = -35 m: settled up to 1.6 km at 4.85 GHz */
    assert_int_equal(dx__coverage_fused_path(1, &s, &t, &o), 0);
}

static void test_coverage_internal__fast_math_matches_libm(void **state)
{
    (void)state;
    for (double y = -300.0; y <= 300.0; y += 0.737)
        dx_assert_close(dx__cov_exp10_fast(y), pow(10.0, y), 0, 2e-13); /* rounding of y log2 10 */
    for (float x = 1e-30f; x < 1e30f; x *= 3.37f)
        dx_assert_close(dx__cov_log2f_fast(x), log2((double)x), 4e-7, 1.2e-7); /* fit + float ulp */
    for (float t = -120.0f; t <= 120.0f; t += 0.3791f)
        dx_assert_close(dx__cov_exp2f_fast(t), exp2((double)t), 0, 4e-7);
    for (double x = -5.0; x <= 5.0; x += 0.0137)
        dx_assert_close(dx__cov_erfc_fast(x), erfc(x), 1.5e-7, 0); /* A&S 7.1.26 bound */
    for (double c = -1.0; c <= 1.0; c += 0.0123)
        dx_assert_close(dx__cov_acos_fast(c), acos(c), 6.8e-5, 0); /* A&S 4.4.45 bound */
    for (double x = 1e-10; x < 1e10; x *= 2.71)
        dx_assert_close(dx__cov_rsqrt_fast(x), 1.0 / sqrt(x), 0, 1e-14);
}

/* The integer-only centring of dx__cov_log2f_fast around the mantissa
 * boundaries (sqrt 2 and powers of two, where the exponent switches), and the
 * integer clamp of dx__cov_exp2f_fast over its whole stated domain |t| < 1e7:
 * a normal floor in [2^-125.5, 2^-124] below -125, a finite ceiling in
 * [2^124, 2^128) above 126. */
static void test_coverage_internal__fast_math_edges(void **state)
{
    (void)state;
    for (int e = -120; e <= 120; e += 7)
        for (int j = -8; j <= 8; j++) {
            float b[2] = {(float)ldexp(1.4142135623730951, e), (float)ldexp(1.0, e)};
            for (int k = 0; k < 2; k++) {
                float x = b[k] * (1.0f + 1.2e-7f * (float)j);
                dx_assert_close(dx__cov_log2f_fast(x), log2((double)x), 4e-7, 1.2e-7);
            }
        }
    for (double t = -1e7; t <= -125.0; t = t * 0.93 + 0.7) {
        double v = dx__cov_exp2f_fast((float)t);
        assert_true(v >= ldexp(1.0, -126) && v <= ldexp(1.0, -124)); /* normal floor */
    }
    for (float t = -125.0f; t <= 126.0f; t += 0.01173f) { /* the unclamped variant: same bits */
        float a = dx__cov_exp2f_fast(t), b = dx__cov_exp2f_fast_inrange(t);
        assert_memory_equal(&a, &b, sizeof a);
    }
    for (double t = 126.0; t < 1e7; t = t * 1.13 + 0.9) {
        double v = dx__cov_exp2f_fast((float)t);
        assert_true(isfinite(v) && v >= ldexp(1.0, 124)); /* finite ceiling */
    }
}

/* Gudmundson (1991): the correlation of the shadowing field at separation r
 * is exp(-r / d_corr); estimated over 4000 independent fields (standard error
 * about 0.014 at r = d_corr), tolerance 0.05. */
static void test_coverage_internal__correlated_shadowing_follows_gudmundson(void **state)
{
    (void)state;
    const double d = 50.0, r[4] = {0.0, 25.0, 50.0, 120.0};
    const int N = 4000;
    double s0 = 0, s00 = 0, sr[4] = {0}, srr[4] = {0}, s0r[4] = {0};
    for (int k = 0; k < N; k++) {
        dx__cov_rff f;
        dx__coverage_rff_init(&f, 2385, (uint64_t)k, d);
        double x0 = dx__coverage_rff_eval(&f, 1234.5, -678.9);
        s0 += x0;
        s00 += x0 * x0;
        for (int j = 0; j < 4; j++) {
            double th = 0.7 * j; /* isotropy: any direction */
            double xr = dx__coverage_rff_eval(&f, 1234.5 + r[j] * cos(th), -678.9 + r[j] * sin(th));
            sr[j] += xr;
            srr[j] += xr * xr;
            s0r[j] += x0 * xr;
        }
    }
    dx_assert_close(s00 / N, 1.0, 0.06, 0); /* unit variance */
    dx_assert_close(s0 / N, 0.0, 0.05, 0);
    for (int j = 0; j < 4; j++) {
        double cov = s0r[j] / N - (s0 / N) * (sr[j] / N);
        double rho = cov / sqrt((s00 / N - (s0 / N) * (s0 / N)) * (srr[j] / N - (sr[j] / N) * (sr[j] / N)));
        print_message("r = %.0f m: rho %.3f (Gudmundson %.3f)\n", r[j], rho, exp(-r[j] / d));
        dx_assert_close(rho, exp(-r[j] / d), 0.05, 0);
    }
}

/* Every allocation of a run, a route, a plan and the writers may fail: the
 * call returns DX_ENOMEM (or succeeds), never crashes or leaks (ASan build). */
static void test_coverage_internal__allocation_failures_are_clean(void **state)
{
    (void)state;
    dx_technology t;
    assert_int_equal(dx_technology_find("halow", &t), DX_OK);
    dx_site s[2];
    dx_coverage_site_init(&s[0], &t, 100.0, 100.0);
    dx_coverage_site_init(&s[1], &t, 500.0, 260.0);
    dx_grid g = {0.0, 0.0, 25.0, 24, 16};
    dx_coverage_options o;
    dx_coverage_options_init(&o, DX_COVERAGE_OPTIONS_VERSION);
    o.threads = 1; /* the failure counter is process-global */
    o.mc_runs = 2;
    o.tile_px = 8;
    int saw_nomem = 0, saw_ok = 0;
    for (long k = 0; k < 400 && !saw_ok; k++) {
        dx__test_fail_alloc_after(k);
        dx_coverage_result *r = NULL;
        dx_status st = dx_coverage_run(&g, 2, s, &t, &o, &r);
        if (st == DX_OK) {
            dx_status w = dx_coverage_write_geojson(r, 2, s, 33.6, 130.7, "alloc_test.geojson");
            assert_true(w == DX_OK || w == DX_ENOMEM);
            dx_coverage_result_free(r);
            saw_ok = 1;
        } else {
            assert_int_equal(st, DX_ENOMEM);
            assert_null(r);
            saw_nomem = 1;
        }
    }
    dx__test_fail_alloc_after(-1);
    assert_true(saw_nomem && saw_ok);
    const double rx[2] = {0.0, 900.0}, ry[2] = {10.0, 10.0};
    dx_site sites[50];
    dx_plan_options po;
    dx_plan_options_init(&po, DX_PLAN_OPTIONS_VERSION);
    po.target_coverage_ratio = 0.5;
    for (long k = 0; k < 200; k++) {
        dx__test_fail_alloc_after(k);
        dx_coverage_route_summary rs;
        dx_status st = dx_coverage_route(2, s, &t, &o, 2, rx, ry, 50.0, 0.0, &rs, 0, NULL, NULL,
                                         NULL, NULL, NULL);
        assert_true(st == DX_OK || st == DX_ENOMEM);
        dx_plan_result pr;
        st = dx_coverage_plan(&g, &t, &o, &po, 0, NULL, 0, NULL, 50, sites, &pr);
        assert_true(st == DX_OK || st == DX_ENOMEM);
    }
    dx__test_fail_alloc_after(-1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_coverage_internal__fused_pl_equals_shared_38901_kernels),
        cmocka_unit_test(test_coverage_internal__every_model_takes_the_fused_path),
        cmocka_unit_test(test_coverage_internal__fast_math_matches_libm),
        cmocka_unit_test(test_coverage_internal__fast_math_edges),
        cmocka_unit_test(test_coverage_internal__correlated_shadowing_follows_gudmundson),
        cmocka_unit_test(test_coverage_internal__allocation_failures_are_clean),
    };
    dx_global_init(DX_INIT_GSL_HANDLER_OFF);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
