/* common.h: status names, thread-local last error, version, global init,
 * allocation-failure injection (internal build). */
#include "dx_test.h"
#include <pthread.h>
#include <dxsim.h>
#include "dx_internal.h"

static void test_common__status_names_cover_every_code(void **state)
{
    (void)state;
    assert_string_equal(dx_status_name(DX_OK), "DX_OK");
    assert_string_equal(dx_status_name(DX_EDOMAIN), "DX_EDOMAIN");
    assert_string_equal(dx_status_name(DX_EREFUSED), "DX_EREFUSED");
    assert_string_equal(dx_status_name(-999), "DX_UNKNOWN");
    assert_string_equal(dx_status_message(DX_EPARSE), "malformed scenario document");
}

static void test_common__global_init_refuses_unknown_flags(void **state)
{
    (void)state;
    assert_int_equal(dx_global_init(DX_INIT_GSL_HANDLER_OFF), DX_OK);
    assert_int_equal(dx_global_init(0x80u), DX_EINVAL);
    assert_non_null(strstr(dx_last_error(), "flags"));
}

static void test_common__version_matches_headers(void **state)
{
    (void)state;
    int a = -1, b = -1, c = -1;
    dx_version(&a, &b, &c);
    assert_int_equal(a, DX_VERSION_MAJOR);
    assert_int_equal(b, DX_VERSION_MINOR);
    assert_int_equal(c, DX_VERSION_PATCH);
    assert_string_equal(dx_version_string(), DX_VERSION_STRING);
    assert_true(DX_VERSION_AT_LEAST(0, 0, 1));
    dx_version(NULL, NULL, NULL); /* NULL outputs are allowed */
}

static void *other_thread(void *arg)
{
    (void)arg;
    dx__set_error("message of thread B");
    return NULL;
}

static void test_common__last_error_is_thread_local(void **state)
{
    (void)state;
    dx__set_error("message of thread A: %g m", 2.385);
    pthread_t t;
    pthread_create(&t, NULL, other_thread, NULL);
    pthread_join(t, NULL);
    assert_string_equal(dx_last_error(), "message of thread A: 2.385 m");
    dx_clear_error();
    assert_string_equal(dx_last_error(), "");
}

static void test_common__prefix_keeps_the_original_message(void **state)
{
    (void)state;
    dx__set_error("value = %d", 7);
    dx__prefix_error("file.xml:%d", 12);
    assert_string_equal(dx_last_error(), "file.xml:12: value = 7");
}

static void test_common__numbers_parse_in_the_c_locale(void **state)
{
    (void)state;
    double v = 0;
    assert_int_equal(dx__parse_double(" 145.30 ", &v), 0);
    dx_assert_close(v, 145.30, 0, 1e-15);
    assert_int_equal(dx__parse_double("1,5", &v), -1);
    assert_int_equal(dx__parse_double("", &v), -1);
    assert_int_equal(dx__parse_double("12abc", &v), -1);
    char buf[32];
    dx__format_double(buf, sizeof buf, 0.125, 6);
    assert_string_equal(buf, "0.125");
}

static void test_common__allocation_failure_is_reported(void **state)
{
    (void)state;
    dx__test_fail_alloc_after(0);
    dx_scenario *sc = (dx_scenario *)0x1;
    int st = dx_scenario_demo(&sc);
    dx__test_fail_alloc_after(-1);
    assert_int_equal(st, DX_ENOMEM);
    assert_null(sc);
}

static void test_common__buffer_grows_and_formats(void **state)
{
    (void)state;
    dx__buf b;
    dx__buf_init(&b);
    for (int i = 0; i < 1000; i++)
        dx__buf_appendf(&b, "%d,", i);
    char *s = dx__buf_take(&b);
    assert_non_null(s);
    assert_int_equal(strncmp(s, "0,1,2,", 6), 0);
    assert_non_null(strstr(s, "999,"));
    dx_free(s);
}

/* dx__vsnprintf_c's fast path for %s-only formats gives vsnprintf's bytes and
 * count, also when the buffer is too small (then dx__text_fmt's visible cut). */
static void test_common__string_only_formats_match_snprintf(void **state)
{
    (void)state;
    static const char *const a[] = {"", "r7-2-1", "補助対象外 (rule)", "100%"};
    char fast[32];
    for (size_t cap = 1; cap <= sizeof fast; cap += 3)
        for (size_t i = 0; i < 4; i++)
            for (size_t j = 0; j < 4; j++) {
                memset(fast, 'x', sizeof fast);
                int n = dx__text_fmt(fast, cap, "%s/%s %% done: %s", a[i], a[j], a[i]);
                char full[256];
                int m = snprintf(full, sizeof full, "%s/%s %% done: %s", a[i], a[j], a[i]);
                if ((size_t)m < cap) {
                    assert_int_equal(n, 0);
                    assert_string_equal(fast, full);
                } else {
                    assert_int_equal(n, 1); /* cut, ends with the mark or is empty */
                    assert_true(fast[0] == '\0' || strstr(fast, " [...]") != NULL);
                }
            }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_common__status_names_cover_every_code),
        cmocka_unit_test(test_common__global_init_refuses_unknown_flags),
        cmocka_unit_test(test_common__version_matches_headers),
        cmocka_unit_test(test_common__last_error_is_thread_local),
        cmocka_unit_test(test_common__prefix_keeps_the_original_message),
        cmocka_unit_test(test_common__numbers_parse_in_the_c_locale),
        cmocka_unit_test(test_common__allocation_failure_is_reported),
        cmocka_unit_test(test_common__buffer_grows_and_formats),
        cmocka_unit_test(test_common__string_only_formats_match_snprintf),
    };
    return cmocka_run_group_tests_name("common", tests, NULL, NULL);
}
