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

/* The numbers-only evaluation of a Monte Carlo draw (dx__programme_evaluate_numbers)
 * gives the full evaluation's numbers for every menu: each item's verdict,
 * amounts, class, source and conditional rule, each check's outcome and the
 * totals; only the texts are left out (no reason, no warning). */
static void test_programme__numbers_only_gives_the_full_evaluations_numbers(void **state)
{
    (void)state;
    enum { N = 9 };
    dx_cost_item items[N];
    memset(items, 0, sizeof items);
    for (int i = 0; i < N; i++) {
        snprintf(items[i].name, sizeof items[i].name, "item %d", i);
        items[i].unit_price_jpy = 50000.0 + 40000.0 * i;
        items[i].quantity = 1 + i % 3;
        items[i].in_period = i != 8;
        items[i].leasable = 1;
        items[i].useful_life_years = i == 2 ? 0.5 : 6;
        items[i].role = (dx_cost_role)(i % 3);
    }
    items[3].leasable = 0; /* not leasable, with a reason */
    snprintf(items[3].justification, sizeof items[3].justification, "fixed to the pole");
    items[4].leasable = 0; /* not leasable, no reason */
    items[5].category = DX_COST_CAT_LEASE;
    items[5].procurement = DX_PROCURE_LEASE;
    items[5].months = 60;
    items[6].category = DX_COST_CAT_CLOUD;
    items[6].procurement = DX_PROCURE_SUBSCRIPTION;
    items[6].months = 36;
    items[6].booked_in_first_year = 1;
    items[7].category = DX_COST_CAT_LABOUR;
    items[7].procurement = DX_PROCURE_SERVICE;
    const char *menus[] = {"r7-1-1", "r7-1-2", "r7-1-3", "r7-2-1", "r7-2-2", "r7-2-3", "r7-3"};
    dx_applicant a;
    dx_programme_applicant_init(&a);
    a.type = DX_APPLICANT_COMPANY;
    a.consortium_local_governments = 1;
    for (size_t m = 0; m < sizeof menus / sizeof *menus; m++) {
        dx_programme_result *full = NULL, *num = NULL;
        assert_int_equal(dx_programme_evaluate(menus[m], N, items, &a, &full), DX_OK);
        assert_int_equal(dx__programme_evaluate_numbers(menus[m], N, items, &a, &num), DX_OK);
        for (size_t i = 0; i < N; i++) {
            dx_programme_item_verdict f, q;
            assert_int_equal(dx_programme_result_item(full, i, &f), DX_OK);
            assert_int_equal(dx_programme_result_item(num, i, &q), DX_OK);
            assert_int_equal(f.eligible, q.eligible);
            assert_memory_equal(&f.cost_jpy, &q.cost_jpy, sizeof f.cost_jpy);
            assert_memory_equal(&f.eligible_jpy, &q.eligible_jpy, sizeof f.eligible_jpy);
            assert_int_equal(f.value_class, q.value_class);
            assert_string_equal(f.source, q.source);
            assert_int_equal(dx__rule_is_conditional(f.rule),
                             dx__programme_result_item_conditional(num, i));
            assert_int_equal(dx__programme_result_item_conditional(full, i),
                             dx__programme_result_item_conditional(num, i));
            assert_string_equal(q.reason, ""); /* no text */
        }
        assert_int_equal(dx_programme_result_check_count(full), dx_programme_result_check_count(num));
        for (size_t i = 0; i < dx_programme_result_check_count(full); i++) {
            dx_programme_check f, q;
            assert_int_equal(dx_programme_result_check(full, i, &f), DX_OK);
            assert_int_equal(dx_programme_result_check(num, i, &q), DX_OK);
            assert_int_equal(f.passed, q.passed);
            assert_int_equal(f.blocking, q.blocking);
        }
        dx_programme_totals tf, tq;
        assert_int_equal(dx_programme_result_totals(full, &tf), DX_OK);
        assert_int_equal(dx_programme_result_totals(num, &tq), DX_OK);
        const double df[] = {tf.total_cost_jpy, tf.eligible_total_jpy, tf.ineligible_total_jpy,
                             tf.funding_ratio, tf.cap_jpy, tf.subsidy_jpy, tf.applicant_burden_jpy};
        const double dq[] = {tq.total_cost_jpy, tq.eligible_total_jpy, tq.ineligible_total_jpy,
                             tq.funding_ratio, tq.cap_jpy, tq.subsidy_jpy, tq.applicant_burden_jpy};
        assert_memory_equal(df, dq, sizeof df); /* bit for bit */
        assert_int_equal(tf.project_eligible, tq.project_eligible);
        assert_true(dx_programme_result_warning_count(full) >= 1);
        assert_int_equal(dx_programme_result_warning_count(num), 0);
        dx_programme_result_free(full);
        dx_programme_result_free(num);
    }
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
        cmocka_unit_test(test_programme__numbers_only_gives_the_full_evaluations_numbers),
        cmocka_unit_test(test_uncertainty__every_failed_allocation_returns_enomem_and_leaks_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
