/* libxml2 set-up (libdxsim/xml.c): initialised once, and libxml2's generic
 * error channel lands in dx_last_error() instead of stderr. */
#include "dx_test.h"
#include <unistd.h>
#include <dxsim.h>
#include <libxml/globals.h>
#include <libxml/xmlerror.h>
#include "dx_internal.h"

static void test_xml__generic_errors_go_to_the_last_error(void **state)
{
    (void)state;
    dx__xml_init();
    dx__xml_init(); /* idempotent */
    dx_clear_error();
    /* libxml2 emits one message in pieces; the newline completes it */
    xmlGenericError(xmlGenericErrorContext, "I/O error %d", 7);
    assert_string_equal(dx_last_error(), "");
    xmlGenericError(xmlGenericErrorContext, ": %s\n", "no such file");
    assert_string_equal(dx_last_error(), "libxml2: I/O error 7: no such file");
}

static void test_xml__malformed_scenario_error_names_line_and_is_not_printed(void **state)
{
    (void)state;
    const char bad[] = "<scenario>\n<area width_m='100'>\n</scenario>\n";
    dx_scenario *sc = NULL;
    /* stderr into a temporary file while the reader runs: it must stay empty */
    FILE *tmp = tmpfile();
    assert_non_null(tmp);
    fflush(stderr);
    int saved = dup(fileno(stderr));
    assert_true(saved >= 0);
    assert_true(dup2(fileno(tmp), fileno(stderr)) >= 0);
    int st = dx_scenario_load_memory(bad, sizeof bad - 1, "bad.xml", NULL, &sc);
    fflush(stderr);
    dup2(saved, fileno(stderr));
    close(saved);
    long printed = ftell(tmp) >= 0 ? (fseek(tmp, 0, SEEK_END), ftell(tmp)) : -1;
    fclose(tmp);
    assert_int_equal(st, DX_EPARSE);
    assert_null(sc);
    assert_int_equal(printed, 0);
    if (!strstr(dx_last_error(), "bad.xml:3: malformed XML"))
        fail_msg("message: %s", dx_last_error());
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xml__generic_errors_go_to_the_last_error),
        cmocka_unit_test(test_xml__malformed_scenario_error_names_line_and_is_not_printed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
