/* scenario.h: the XML reader accepts the documented format and refuses bad
 * input with file, line, element, value, unit and range in the message. */
#include "dx_test.h"
#include <dxsim.h>
#include <math.h>
#include <stdlib.h>

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

/* Area of the zone lat1..lat2 x dlon on the GRS80 ellipsoid, by hand from the
 * authalic formula (e.g. Snyder, Map Projections: A Working Manual, eq. 3-12):
 * A = dlon b^2/2 [q(lat2) - q(lat1)], q = sin/(1 - e^2 sin^2) + ln((1+e sin)/(1-e sin))/(2e).
 * A geodesic quadrilateral differs from the parallel-bounded zone by the bulge
 * of its east-west edges: under 0.01 m^2 for 0.01 degree sides. */
static double zone_m2(double lat1, double lat2, double lon1, double lon2)
{
    const double a = 6378137.0, f = 1 / 298.257222101, e2 = f * (2 - f), e = sqrt(e2);
    const double b = a * (1 - f), d2r = 3.14159265358979323846 / 180;
    double q[2], lat[2] = {lat1, lat2};
    for (int k = 0; k < 2; k++) {
        const double s = sin(lat[k] * d2r);
        q[k] = s / (1 - e2 * s * s) + log((1 + e * s) / (1 - e * s)) / (2 * e);
    }
    return (lon2 - lon1) * d2r * b * b / 2 * (q[1] - q[0]);
}

#define POLY_HEAD HEAD "<scenario>\n  <area environment=\"rural\"><polygon>\n"
#define POLY_TAIL                                                                          \
    "  </polygon></area>\n"                                                                \
    "  <demand><devices name=\"s\" count=\"10\" message_bytes=\"16\" messages_per_day=\"96\"/>" \
    "</demand>\n  <technologies><technology id=\"halow\"/></technologies>\n</scenario>\n"
#define SQUARE "<ring>138.50,35.00 138.51,35.00 138.51,35.01 138.50,35.01 138.50,35.00</ring>\n"
#define HOLE "<hole>138.504,35.004 138.504,35.006 138.506,35.006 138.506,35.004 138.504,35.004</hole>\n"

static void test_scenario__polygon_area_with_a_hole(void **state)
{
    (void)state;
    dx_scenario *sc = NULL;
    assert_int_equal(load(POLY_HEAD SQUARE HOLE POLY_TAIL, &sc), DX_OK);
    double m2 = 0, lat = 0, lon = 0, w = 0, h = 0;
    assert_int_equal(dx_scenario_area_m2(sc, &m2), DX_OK);
    const double hand = zone_m2(35.0, 35.01, 138.50, 138.51) - zone_m2(35.004, 35.006, 138.504, 138.506);
    dx_assert_close(m2, hand, 0.01, 0); /* 972,187.607 m^2 */
    assert_int_equal(dx_scenario_origin(sc, &lat, &lon), DX_OK);
    dx_assert_close(lat, 35.0, 0, 0);
    dx_assert_close(lon, 138.5, 0, 0);
    /* bounding box: 0.01 deg of longitude N(35) cos 35 and of latitude M(35.005), to 1 m */
    assert_int_equal(dx_scenario_area(sc, &w, &h, NULL), DX_OK);
    dx_assert_close(w, 912.9, 1.0, 0);
    dx_assert_close(h, 1109.4, 1.0, 0);
    /* the grid covers the polygon minus the hole: the share of 5 m pixels in
     * the area is the area over the bounding box's (1 - 0.2 x 0.2 = 0.96 by hand) */
    dx_plan_run_options po;
    dx_plan_run_options_init(&po, DX_PLAN_RUN_OPTIONS_VERSION);
    dx_plan *plan = NULL;
    assert_int_equal(dx_plan_run(sc, &po, &plan), DX_OK);
    dx_coverage_options co;
    assert_int_equal(dx_plan_coverage_options(plan, 0, &co), DX_OK);
    assert_true(co.n_area >= 10);
    dx_technology t;
    assert_int_equal(dx_plan_technology(plan, 0, &t), DX_OK);
    dx_site site;
    assert_int_equal(dx_coverage_site_init(&site, &t, 450, 550), DX_OK);
    dx_grid g = {0, 0, 5, (size_t)ceil(w / 5), (size_t)ceil(h / 5)};
    co.layers = DX_COVERAGE_LAYER_PROB;
    dx_coverage_result *r = NULL;
    assert_int_equal(dx_coverage_run(&g, 1, &site, &t, &co, &r), DX_OK);
    size_t np = g.nx * g.ny, in = 0;
    double *p = malloc(np * sizeof *p);
    assert_non_null(p);
    assert_int_equal(dx_coverage_result_layer(r, DX_COVERAGE_LAYER_PROB, np, p), DX_OK);
    for (size_t i = 0; i < np; i++)
        in += !isnan(p[i]);
    /* pixels: (183 x 222) - the hole's ~ (37 x 45); edge pixels give ~1 % */
    dx_assert_close((double)in / (double)np, 0.96 * (w * h) / (g.nx * g.ny * 25.0), 0.01, 0);
    /* the hole's centre pixel and a corner pixel are outside, the rest inside */
    size_t hx = (size_t)(w * 0.5 / 5), hy = (size_t)(h * 0.5 / 5);
    assert_true(isnan(p[hy * g.nx + hx]));
    assert_false(isnan(p[(hy / 2) * g.nx + hx / 2]));
    free(p);
    dx_coverage_result_free(r);
    dx_plan_free(plan);
    dx_scenario_free(sc);
}

static void test_scenario__bad_polygons_are_refused_with_file_line_and_range(void **state)
{
    (void)state;
    const char *unclosed[] = {"t.xml:4:", "<ring>", "not closed", NULL};
    expect(POLY_HEAD "<ring>138.50,35.00 138.51,35.00 138.51,35.01 138.50,35.01</ring>\n" POLY_TAIL,
           DX_EPARSE, unclosed);
    const char *few[] = {"<ring>", ">= 4 positions", "got 3", NULL};
    expect(POLY_HEAD "<ring>138.50,35.00 138.51,35.00 138.50,35.00</ring>\n" POLY_TAIL, DX_EPARSE,
           few);
    const char *bowtie[] = {"t.xml:", "self-intersecting", "edge 1-2", "edge 3-4", NULL};
    expect(POLY_HEAD "<ring>138.50,35.00 138.51,35.01 138.51,35.00 138.50,35.01 138.50,35.00</ring>\n"
               POLY_TAIL,
           DX_EDOMAIN, bowtie);
    const char *latlon[] = {"<hole>", "position 2", "lon,lat = 138.504,47", "lat 20 .. 46 N", NULL};
    expect(POLY_HEAD SQUARE "<hole>138.504,35.004 138.504,47 138.506,35.006 138.504,35.004</hole>\n"
               POLY_TAIL,
           DX_EDOMAIN, latlon);
    const char *swapped[] = {"lon comes first", NULL};
    expect(POLY_HEAD "<ring>35.00,138.50 35.00,138.51 35.01,138.51 35.00,138.50</ring>\n" POLY_TAIL,
           DX_EDOMAIN, swapped);
    const char *outside[] = {"<area>", "polygon 1 hole 1 lies outside its exterior ring", NULL};
    expect(POLY_HEAD SQUARE
           "<hole>138.52,35.004 138.52,35.006 138.53,35.006 138.53,35.004 138.52,35.004</hole>\n"
               POLY_TAIL,
           DX_EDOMAIN, outside);
    const char *crossing[] = {"polygon 1 exterior ring edge", "meets polygon 1 hole 1", NULL};
    expect(POLY_HEAD SQUARE
           "<hole>138.505,35.004 138.505,35.006 138.515,35.006 138.515,35.004 138.505,35.004</hole>\n"
               POLY_TAIL,
           DX_EDOMAIN, crossing);
    const char *both[] = {"attribute width_m with a <polygon>", NULL};
    expect(HEAD "<scenario>\n  <area environment=\"rural\" width_m=\"100\"><polygon>\n" SQUARE
               POLY_TAIL,
           DX_EPARSE, both);
    const char *nofile[] = {"t.xml:3:", "area file 'nowhere.geojson'", NULL};
    expect(HEAD "<scenario>\n  <area environment=\"rural\" file=\"nowhere.geojson\"/>\n"
                "  <demand><devices name=\"s\" count=\"10\"/></demand>\n"
                "  <technologies><technology id=\"halow\"/></technologies>\n</scenario>\n",
           DX_EIO, nofile);
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
        cmocka_unit_test(test_scenario__polygon_area_with_a_hole),
        cmocka_unit_test(test_scenario__bad_polygons_are_refused_with_file_line_and_range),
    };
    return cmocka_run_group_tests_name("scenario", tests, NULL, NULL);
}
