/* Failing-allocator tests of the programme and uncertainty modules (static build:
 * needs the hidden dx__test_fail_alloc_after hook). Every allocation in turn is
 * made to fail: the call must return DX_ENOMEM, leave *out NULL and leak nothing
 * (the sanitizer build checks the leaks). */
#define _POSIX_C_SOURCE 200809L
#include "dx_test.h"
#include <dxsim.h>
#include "dx_internal.h"

static int square_model(const double *in, size_t n_in, double *out, size_t n_out, void *user)
{
    (void)n_in;
    (void)n_out;
    (void)user;
    out[0] = in[0] * in[0];
    return DX_OK;
}

static void test_programme__every_failed_allocation_returns_enomem_and_leaks_nothing(void **state)
{
    (void)state;
    dx_cost_item items[3];
    memset(items, 0, sizeof items);
    const char *names[] = {"HaLow AP", "sensor", "licence"};
    for (int i = 0; i < 3; i++) {
        snprintf(items[i].name, sizeof items[i].name, "%s", names[i]);
        items[i].unit_price_jpy = 80000.0 + 2385.0 * i;
        items[i].quantity = 2;
        items[i].in_period = 1;
        items[i].leasable = i != 1; /* item 1: not leasable, no reason */
        items[i].useful_life_years = 10;
        items[i].role = i ? DX_COST_ROLE_SOLUTION : DX_COST_ROLE_NETWORK;
    }
    items[1].unit_price_jpy = 385000;
    items[2].category = DX_COST_CAT_LICENCE_APPLICATION_FEE;
    items[2].procurement = DX_PROCURE_SERVICE;
    dx_applicant a;
    dx_programme_applicant_init(&a);
    a.type = DX_APPLICANT_COMPANY;
    int ok_seen = 0;
    for (long k = 0; k < 200 && !ok_seen; k++) {
        dx__test_fail_alloc_after(k);
        dx_programme_result *r = NULL;
        dx_status st = dx_programme_evaluate("r7-2-1", 3, items, &a, &r);
        dx__test_fail_alloc_after(-1);
        if (st == DX_OK) {
            ok_seen = 1;
            assert_non_null(r);
            assert_int_equal(dx_programme_result_item_count(r), 3);
        } else {
            assert_int_equal(st, DX_ENOMEM);
            assert_null(r);
            assert_non_null(strstr(dx_last_error(), "memory"));
        }
        dx_programme_result_free(r);
    }
    assert_true(ok_seen);
}

static void test_uncertainty__every_failed_allocation_returns_enomem_and_leaks_nothing(void **state)
{
    (void)state;
    dx_distribution d = {DX_DIST_TRIANGULAR, 1, 3, 4};
    dx_uncertainty_options o;
    dx_uncertainty_options_init(&o, DX_UNCERTAINTY_OPTIONS_VERSION);
    o.draws = 600;
    int ok_seen = 0;
    for (long k = 0; k < 50 && !ok_seen; k++) {
        dx__test_fail_alloc_after(k);
        dx_uncertainty_result *r = NULL;
        dx_status st = dx_uncertainty_run(1, &d, NULL, 1, square_model, NULL, &o, &r);
        dx__test_fail_alloc_after(-1);
        if (st == DX_OK) {
            ok_seen = 1;
            assert_non_null(r);
        } else {
            assert_int_equal(st, DX_ENOMEM);
            assert_null(r);
        }
        dx_uncertainty_result_free(r);
    }
    assert_true(ok_seen);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_programme__every_failed_allocation_returns_enomem_and_leaks_nothing),
        cmocka_unit_test(test_uncertainty__every_failed_allocation_returns_enomem_and_leaks_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
