/* scenario.h: the XML reader accepts the documented format and refuses bad
 * input with file, line, element, value, unit and range in the message. */
#include "dx_test.h"
#include <dxsim.h>

#define HEAD "<?xml version=\"1.0\"?>\n"
#define OK_BODY                                                                           \
    "  <area width_m=\"2385\" height_m=\"1500\" environment=\"suburban\"/>\n"             \
    "  <demand><devices name=\"cams\" count=\"12\" ul_kbps=\"2000\"/></demand>\n"         \
    "  <technologies><technology id=\"l5g-sub6\" tdd=\"qs2\" bw_mhz=\"80\"/>"             \
    "<technology id=\"halow\"/></technologies>\n"

static dx_status load(const char *xml, dx_scenario **sc)
{
    return dx_scenario_load_memory(xml, strlen(xml), "t.xml", NULL, sc);
}

static void test_scenario__valid_document_loads(void **state)
{
    (void)state;
    dx_scenario *sc = NULL;
    assert_int_equal(load(HEAD "<scenario name=\"ok\">\n" OK_BODY "</scenario>\n", &sc), DX_OK);
    assert_string_equal(dx_scenario_name(sc), "ok");
    double w, h;
    dx_environment env;
    assert_int_equal(dx_scenario_area(sc, &w, &h, &env), DX_OK);
    dx_assert_close(w, 2385, 0, 0);
    dx_assert_close(h, 1500, 0, 0);
    assert_int_equal(env, DX_ENV_SUBURBAN);
    assert_int_equal(dx_scenario_demand_count(sc), 1);
    assert_int_equal(dx_scenario_technology_count(sc), 2);
    assert_string_equal(dx_scenario_technology_id(sc, 1), "halow");
    assert_null(dx_scenario_technology_id(sc, 2));
    dx_scenario_free(sc);
}

static void test_scenario__all_expands_to_the_catalogue(void **state)
{
    (void)state;
    dx_scenario *sc = NULL;
    assert_int_equal(dx_scenario_demo(&sc), DX_OK);
    assert_int_equal(dx_scenario_technology_count(sc), dx_technology_count());
    dx_scenario_free(sc);
    assert_non_null(strstr(dx_scenario_demo_xml(), "<scenario"));
}

static void expect(const char *xml, dx_status code, const char *const *needles)
{
    dx_scenario *sc = (dx_scenario *)0x1;
    dx_status st = load(xml, &sc);
    if (st != code)
        print_error("status %s, expected %s: %s\n", dx_status_name(st), dx_status_name(code),
                    dx_last_error());
    assert_int_equal(st, code);
    assert_null(sc);
    for (; *needles; needles++) {
        if (!strstr(dx_last_error(), *needles))
            print_error("message '%s' lacks '%s'\n", dx_last_error(), *needles);
        assert_non_null(strstr(dx_last_error(), *needles));
    }
}

static void test_scenario__malformed_xml_names_file_and_line(void **state)
{
    (void)state;
    const char *n[] = {"t.xml:", "malformed XML", NULL};
    expect(HEAD "<scenario>\n<area width_m=\"1\"\n</scenario>", DX_EPARSE, n);
}

static void test_scenario__value_out_of_range_names_field_value_unit_range(void **state)
{
    (void)state;
    const char *n[] = {"t.xml:3:", "<scenario>/<area>", "width_m", "-250", " m", "10", NULL};
    expect(HEAD "<scenario>\n  <area width_m=\"-250\" height_m=\"100\" environment=\"rural\"/>\n"
                "  <demand><devices count=\"1\" ul_kbps=\"1\"/></demand>\n"
                "  <technologies><technology id=\"halow\"/></technologies>\n</scenario>",
           DX_EDOMAIN, n);
}

static void test_scenario__unknown_attribute_and_element_are_refused(void **state)
{
    (void)state;
    const char *a[] = {"widht_m", "allowed: width_m", NULL};
    expect(HEAD "<scenario>\n  <area widht_m=\"100\" height_m=\"100\" environment=\"rural\"/>\n"
                "</scenario>",
           DX_EPARSE, a);
    const char *e[] = {"<budget>", "unknown element", NULL};
    expect(HEAD "<scenario>\n" OK_BODY "  <budget/>\n</scenario>", DX_EPARSE, e);
}

static void test_scenario__doctype_and_entities_are_refused(void **state)
{
    (void)state;
    const char *n[] = {"DOCTYPE", NULL};
    expect(HEAD "<!DOCTYPE scenario [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
                "<scenario name=\"&x;\">\n" OK_BODY "</scenario>",
           DX_EPARSE, n);
}

static void test_scenario__unknown_technology_and_frame_are_named(void **state)
{
    (void)state;
    const char *n[] = {"wifi8", "<technology>", NULL};
    expect(HEAD "<scenario>\n  <area width_m=\"100\" height_m=\"100\" environment=\"rural\"/>\n"
                "  <demand><devices count=\"1\" ul_kbps=\"1\"/></demand>\n"
                "  <technologies><technology id=\"wifi8\"/></technologies>\n</scenario>",
           DX_ENOTFOUND, n);
    const char *f[] = {"qs7", "tdd", NULL};
    expect(HEAD "<scenario>\n  <area width_m=\"100\" height_m=\"100\" environment=\"rural\"/>\n"
                "  <demand><devices count=\"1\" ul_kbps=\"1\"/></demand>\n"
                "  <technologies><technology id=\"l5g-sub6\" tdd=\"qs7\"/></technologies>\n"
                "</scenario>",
           DX_EDOMAIN, f);
    const char *b[] = {"bw_mhz", "3 MHz", "1, 2, 4", NULL};
    expect(HEAD "<scenario>\n  <area width_m=\"100\" height_m=\"100\" environment=\"rural\"/>\n"
                "  <demand><devices count=\"1\" ul_kbps=\"1\"/></demand>\n"
                "  <technologies><technology id=\"halow\" bw_mhz=\"3\"/></technologies>\n"
                "</scenario>",
           DX_EDOMAIN, b);
}

static void test_scenario__missing_sections_and_traffic_are_reported(void **state)
{
    (void)state;
    const char *n[] = {"<technologies>", NULL};
    expect(HEAD "<scenario>\n  <area width_m=\"100\" height_m=\"100\" environment=\"rural\"/>\n"
                "  <demand><devices count=\"1\" ul_kbps=\"1\"/></demand>\n</scenario>",
           DX_EPARSE, n);
    const char *t[] = {"no traffic", NULL};
    expect(HEAD "<scenario>\n  <area width_m=\"100\" height_m=\"100\" environment=\"rural\"/>\n"
                "  <demand><devices count=\"1\"/></demand>\n"
                "  <technologies><technology id=\"halow\"/></technologies>\n</scenario>",
           DX_EDOMAIN, t);
}

static void test_scenario__file_errors(void **state)
{
    (void)state;
    dx_scenario *sc = NULL;
    assert_int_equal(dx_scenario_load("/nonexistent/dir/s.xml", NULL, &sc), DX_EIO);
    assert_non_null(strstr(dx_last_error(), "/nonexistent/dir/s.xml"));
    assert_int_equal(dx_scenario_load(dx_test_data_path("scenario_malformed.xml"), NULL, &sc),
                     DX_EPARSE);
    assert_non_null(strstr(dx_last_error(), "scenario_malformed.xml:"));
    dx_load_options o;
    assert_int_equal(dx_load_options_init(&o, DX_LOAD_OPTIONS_VERSION), DX_OK);
    o.max_bytes = 64;
    assert_int_equal(dx_scenario_load(dx_test_data_path("scenario_bad_value.xml"), &o, &sc),
                     DX_EPARSE);
    assert_non_null(strstr(dx_last_error(), "limit"));
    assert_int_equal(dx_load_options_init(&o, 99), DX_EINVAL);
    assert_int_equal(dx_scenario_load(NULL, NULL, &sc), DX_EINVAL);
}

static void test_scenario__routes_are_read_inside_the_area(void **state)
{
    (void)state;
    const char *xml = HEAD "<scenario>\n" OK_BODY
        "  <routes><route name=\"bus 1\" required_ul_kbps=\"4000\" step_m=\"5\">\n"
        "    <point x_m=\"10\" y_m=\"20\"/><point x_m=\"2300\" y_m=\"1400\"/>\n"
        "  </route></routes>\n</scenario>\n";
    dx_scenario *sc = NULL;
    assert_int_equal(load(xml, &sc), DX_OK);
    assert_int_equal(dx_scenario_route_count(sc), 1);
    const char *name;
    size_t n;
    const double *x, *y;
    double ul, step;
    assert_int_equal(dx_scenario_route(sc, 0, &name, &n, &x, &y, &ul, &step), DX_OK);
    assert_string_equal(name, "bus 1");
    assert_int_equal(n, 2);
    dx_assert_close(x[1], 2300, 0, 0);
    dx_assert_close(y[1], 1400, 0, 0);
    dx_assert_close(ul, 4000, 0, 0);
    dx_assert_close(step, 5, 0, 0);
    assert_int_equal(dx_scenario_route(sc, 1, NULL, NULL, NULL, NULL, NULL, NULL), DX_EINVAL);
    dx_scenario_free(sc);
    /* a point outside the 2385 m x 1500 m area names the field and the range */
    const char *out[] = {"<point>", "y_m = 1600 m", "0 .. 1500 m", NULL};
    expect(HEAD "<scenario>\n" OK_BODY
                "  <routes><route><point x_m=\"1\" y_m=\"1\"/><point x_m=\"5\" y_m=\"1600\"/>"
                "</route></routes>\n</scenario>\n",
           DX_EDOMAIN, out);
    const char *one[] = {"at least 2 <point>", NULL};
    expect(HEAD "<scenario>\n" OK_BODY
                "  <routes><route><point x_m=\"1\" y_m=\"1\"/></route></routes>\n</scenario>\n",
           DX_EPARSE, one);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scenario__valid_document_loads),
        cmocka_unit_test(test_scenario__all_expands_to_the_catalogue),
        cmocka_unit_test(test_scenario__malformed_xml_names_file_and_line),
        cmocka_unit_test(test_scenario__value_out_of_range_names_field_value_unit_range),
        cmocka_unit_test(test_scenario__unknown_attribute_and_element_are_refused),
        cmocka_unit_test(test_scenario__doctype_and_entities_are_refused),
        cmocka_unit_test(test_scenario__unknown_technology_and_frame_are_named),
        cmocka_unit_test(test_scenario__missing_sections_and_traffic_are_reported),
        cmocka_unit_test(test_scenario__file_errors),
        cmocka_unit_test(test_scenario__routes_are_read_inside_the_area),
    };
    return cmocka_run_group_tests_name("scenario", tests, NULL, NULL);
}
