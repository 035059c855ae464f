/* Failure injection for the cost module: every allocation of the price book
 * and of the procurement comparison may fail; the call then returns
 * DX_ENOMEM, leaves *out NULL and leaks nothing (checked by the ASan build). */
#define _POSIX_C_SOURCE 200809L
#include "dx_test.h"
#include <dxsim.h>

void dx__test_fail_alloc_after(long n);

static void test_cost_alloc__price_book_fails_cleanly_at_every_allocation(void **state)
{
    (void)state;
    assert_true(dx_price_book_count(NULL) > 0); /* built-in book parsed once, before injection */
    const char *text = "lora.gw = 1, 2, 3 | jpy | INDICATIVE | excl | gw | quote\n"
                       "halow.ap = 4, 5, 6 | jpy | INDICATIVE | excl | ap | quote\n";
    int saw_ok = 0;
    for (long k = 0; k < 400 && !saw_ok; k++) {
        dx_price_book *b = (dx_price_book *)&saw_ok; /* must be reset to NULL on failure */
        dx__test_fail_alloc_after(k);
        int st = dx_price_book_parse(text, strlen(text), &b);
        dx__test_fail_alloc_after(-1);
        if (st == DX_OK) {
            saw_ok = 1;
            dx_price_entry e;
            assert_int_equal(dx_price_book_find(b, "lora.gw", &e), DX_OK);
            dx_assert_close(e.value, 2, 0, 0);
        } else {
            assert_int_equal(st, DX_ENOMEM);
            assert_null(b);
            assert_non_null(strstr(dx_last_error(), "out of memory"));
        }
        dx_price_book_free(b);
    }
    assert_true(saw_ok);
    saw_ok = 0;
    for (long k = 0; k < 400 && !saw_ok; k++) {
        dx_price_book *b = NULL;
        dx__test_fail_alloc_after(k);
        int st = dx_price_book_builtin(&b);
        if (st == DX_OK)
            st = dx_price_book_override(b, "halow.ap", 77000);
        dx__test_fail_alloc_after(-1);
        if (st == DX_OK)
            saw_ok = 1;
        else
            assert_int_equal(st, DX_ENOMEM);
        dx_price_book_free(b);
    }
    assert_true(saw_ok);
}

static void test_cost_alloc__procurement_comparison_fails_cleanly(void **state)
{
    (void)state;
    dx_technology t;
    assert_int_equal(dx_technology_find("wifi7", &t), DX_OK);
    dx_cost_design d;
    dx_cost_design_init(&d, DX_COST_DESIGN_VERSION);
    d.n_radios = 12;
    d.n_sites = 12;
    double pv[3];
    dx__test_fail_alloc_after(1);
    assert_int_equal(dx_cost_compare_procurement_jpy(&t, &d, NULL, NULL, pv), DX_ENOMEM);
    dx__test_fail_alloc_after(-1);
    assert_int_equal(dx_cost_compare_procurement_jpy(&t, &d, NULL, NULL, pv), DX_OK);
    assert_true(pv[DX_PROCURE_PURCHASE] > 0 && pv[DX_PROCURE_LEASE] > 0);
}

int main(void)
{
    dx_global_init(DX_INIT_GSL_HANDLER_OFF);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cost_alloc__price_book_fails_cleanly_at_every_allocation),
        cmocka_unit_test(test_cost_alloc__procurement_comparison_fails_cleanly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
