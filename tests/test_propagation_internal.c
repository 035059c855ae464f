/* propagation_kernels.h: the private inline kernels shared with the coverage
 * engine. Checks the documented accuracy of the fast log10 and sqrt against
 * libm, that the per-site forms equal the general ones, and that the public
 * array kernel returns exactly what the inline functions return (one
 * implementation). */
#include "dx_test.h"
#include <dxsim.h>
#include "dx_internal.h"
#include "propagation_kernels.h"

/* Documented: absolute error below 2e-12 for positive normal x. */
static void test_prop_internal__fast_log10_within_documented_error(void **state)
{
    (void)state;
    double worst = 0.0;
    for (double x = 1e-300; x < 1e300; x *= 1.0007) {
        double e = fabs(dx__log10_fast(x) - log10(x));
        if (e > worst)
            worst = e;
    }
    for (double x = 0.5; x < 4.0; x += 1.3e-6) { /* dense over the reduced range */
        double e = fabs(dx__log10_fast(x) - log10(x));
        if (e > worst)
            worst = e;
    }
    /* exact powers of two and the range-reduction boundary sqrt(2) */
    const double special[] = {1.0, 2.0, 0.5, 1.4142135623730951, 1.4142135623730949,
                              1.4142135623730954, 2.385e3, 3.5e9, 4.85e9, 1e-300};
    for (size_t i = 0; i < sizeof special / sizeof special[0]; i++) {
        double e = fabs(dx__log10_fast(special[i]) - log10(special[i]));
        if (e > worst)
            worst = e;
    }
    print_message("max |log10_fast - log10| = %.3g\n", worst);
    assert_true(worst < 2e-12);
}

/* Documented: relative error below 5e-16 (2 ulp). */
static void test_prop_internal__fast_sqrt_within_documented_error(void **state)
{
    (void)state;
    double worst = 0.0;
    for (double x = 1e-300; x < 1e300; x *= 1.0007) {
        double e = fabs(dx__sqrt_fast(x) - sqrt(x)) / sqrt(x);
        if (e > worst)
            worst = e;
    }
    print_message("max relative |sqrt_fast - sqrt| = %.3g\n", worst);
    assert_true(worst < 5e-16);
}

static void test_prop_internal__per_site_forms_equal_general_forms(void **state)
{
    (void)state;
    const double fcs[] = {0.92, 3.5, 4.85, 28.5};
    const double hbs[] = {25.0, 10.0, 35.0};
    const double huts[] = {1.5, 2.385, 12.7};
    for (size_t a = 0; a < 4; a++)
        for (size_t b = 0; b < 3; b++)
            for (size_t c = 0; c < 3; c++) {
                dx__umx_site su = dx__uma_site_make(fcs[a], hbs[b], huts[c], 1.0);
                dx__umx_site si = dx__umi_site_make(fcs[a], hbs[b], huts[c], 1.0);
                for (double d = 0.0; d < 6000.0; d += 13.7)
                    for (int nlos = 0; nlos < 2; nlos++) {
                        dx_assert_close(dx__pl_38901_umx_site_db(&su, d, nlos),
                                        dx__pl_38901_uma_he_db(fcs[a], d, hbs[b], huts[c], nlos,
                                                               1.0),
                                        1e-9, 0);
                        dx_assert_close(dx__pl_38901_umx_site_db(&si, d, nlos),
                                        dx__pl_38901_umi_he_db(fcs[a], d, hbs[b], huts[c], nlos,
                                                               1.0),
                                        1e-9, 0);
                    }
            }
}

/* The public kernel (both its general and its per-site path) is the inline code. */
static void test_prop_internal__public_kernel_is_the_inline_kernel(void **state)
{
    (void)state;
    enum { N = 5000 };
    static double fc[N], d[N], hb[N], hu[N], out[N];
    for (int i = 0; i < N; i++) {
        fc[i] = 3.5e9;
        d[i] = 10.0 + 0.9973 * i;
        hb[i] = 25.0;
        hu[i] = 1.5 + (i % 7) * 0.5; /* varying: general path */
    }
    dx_propagation_params p;
    dx_propagation_params_init(&p, DX_PROPAGATION_PARAMS_VERSION);
    for (int nlos = 0; nlos < 2; nlos++) {
        p.los = (dx_propagation_los)nlos;
        assert_int_equal(dx_propagation_path_loss_db(DX_PROPAGATION_38901_UMA, &p, N, fc, d, hb,
                                                     hu, out, NULL, NULL),
                         DX_OK);
        /* same code; the library contracts a*b+c into FMA, so allow a few ulp */
        for (int i = 0; i < N; i++)
            dx_assert_close(out[i], dx__pl_38901_uma_db(3.5, d[i], 25.0, hu[i], nlos), 1e-11, 0);
        assert_int_equal(dx_propagation_path_loss_db(DX_PROPAGATION_38901_RMA, &p, N, fc, d, hb,
                                                     hu, out, NULL, NULL),
                         DX_OK);
        for (int i = 0; i < N; i++)
            dx_assert_close(out[i], dx__pl_38901_rma_db(3.5, d[i], 25.0, hu[i], nlos), 1e-12, 0);
    }
    /* constant UT height: the per-site path, within 1e-9 dB of the general inline code */
    for (int i = 0; i < N; i++)
        hu[i] = 1.5;
    p.los = DX_PROPAGATION_NLOS;
    assert_int_equal(dx_propagation_path_loss_db(DX_PROPAGATION_38901_UMI, &p, N, fc, d, hb, hu,
                                                 out, NULL, NULL),
                     DX_OK);
    for (int i = 0; i < N; i++)
        dx_assert_close(out[i], dx__pl_38901_umi_db(3.5, d[i], 25.0, 1.5, 1), 1e-9, 0);
}

/* A Deygout profile longer than the stack buffer allocates: DX_ENOMEM when that fails. */
static void test_prop_internal__long_deygout_profile_reports_enomem(void **state)
{
    (void)state;
    enum { N = 700 };
    static double d[N], h[N];
    for (int i = 0; i < N; i++) {
        d[i] = 12.5 * i;
        h[i] = 40.0 + 15.0 * sin(i * 0.05);
    }
    double loss;
    dx__test_fail_alloc_after(0);
    dx_status st = dx_propagation_diffraction_loss_db(DX_DIFFRACTION_DEYGOUT, N, d, h, 3.5e9, 25,
                                                      1.5, &loss);
    dx__test_fail_alloc_after(-1);
    assert_int_equal(st, DX_ENOMEM);
    assert_non_null(strstr(dx_last_error(), "700-point"));
    assert_int_equal(dx_propagation_diffraction_loss_db(DX_DIFFRACTION_DEYGOUT, N, d, h, 3.5e9, 25,
                                                        1.5, &loss),
                     DX_OK);
    assert_true(loss > 0.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prop_internal__fast_log10_within_documented_error),
        cmocka_unit_test(test_prop_internal__fast_sqrt_within_documented_error),
        cmocka_unit_test(test_prop_internal__per_site_forms_equal_general_forms),
        cmocka_unit_test(test_prop_internal__public_kernel_is_the_inline_kernel),
        cmocka_unit_test(test_prop_internal__long_deygout_profile_reports_enomem),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
