/* libxml2 set-up (libdxsim/xml.c): initialised once, and libxml2's generic
 * error channel lands in dx_last_error() instead of stderr. */
#include "dx_test.h"
#include <fcntl.h>
#include <time.h>
#include <unistd.h>
#include <dxsim.h>
#include <dxsim/terrain.h>
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


static void expect_scenario_error(const char *xml, size_t len, const char *want)
{
    dx_scenario *sc = NULL;
    int st = dx_scenario_load_memory(xml, len, "t.xml", NULL, &sc);
    assert_int_equal(st, DX_EPARSE);
    assert_null(sc);
    if (!strstr(dx_last_error(), want))
        fail_msg("wanted '%s' in: %s", want, dx_last_error());
}

#define HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<scenario name=\"s\" version=\"1\">\n"

/* libxml2-level errors named the line only: the element is named too, the
 * start tag being read (and the attribute, when the error lies in a value),
 * or the innermost open element. */
static void test_xml__libxml2_errors_name_the_element(void **state)
{
    (void)state;
    /* invalid UTF-8 (0xFF) inside an attribute value, line 4 */
    const char utf8[] = HEAD "<demand>\n<devices count=\"3\" name=\"a\xff b\"/>\n</demand>\n</scenario>\n";
    expect_scenario_error(utf8, sizeof utf8 - 1,
                          "t.xml:4: malformed XML: Input is not proper UTF-8, indicate encoding ! "
                          "Bytes: 0xFF 0x20 0x62 0x22; save the file as UTF-8");
    expect_scenario_error(utf8, sizeof utf8 - 1,
                          "encoding=\"Shift_JIS\"?> (in attribute name= of "
                          "<scenario>/<demand>/<devices>)");
    /* a file saved as Shift_JIS without a declaration: the fix is named */
    expect_scenario_error(utf8, sizeof utf8 - 1,
                          "; save the file as UTF-8, or declare its encoding in the first line, "
                          "e.g. <?xml version=\"1.0\" encoding=\"Shift_JIS\"?>");
    /* undefined entity in an attribute value */
    const char ent[] = HEAD "<demand>\n<devices count=\"3\" name=\"a &foo; b\"/>\n</demand>\n</scenario>\n";
    expect_scenario_error(ent, sizeof ent - 1,
                          "t.xml:4: malformed XML: Entity 'foo' not defined (in attribute name= of "
                          "<scenario>/<demand>/<devices>)");
    /* undefined entity in content */
    const char ent2[] = HEAD "<technologies>\n&bar;\n</technologies>\n</scenario>\n";
    expect_scenario_error(ent2, sizeof ent2 - 1,
                          "t.xml:4: malformed XML: Entity 'bar' not defined (inside "
                          "<scenario>/<technologies>)");
    /* unclosed tag: the mismatch is seen at </technologies>, line 5 */
    const char unclosed[] = HEAD "<technologies>\n<technology id=\"halow\">\n</technologies>\n</scenario>\n";
    expect_scenario_error(unclosed, sizeof unclosed - 1,
                          "t.xml:5: malformed XML: Opening and ending tag mismatch: technology "
                          "line 4 and technologies (inside <scenario>/<technologies>/<technology>)");
    /* a broken start tag (no attribute value after '=') */
    const char tag[] = HEAD "<coverage edge_probability=/>\n</scenario>\n";
    expect_scenario_error(tag, sizeof tag - 1, "(in the start tag of <scenario>/<coverage>)");
    /* a truncated file: every element still open */
    const char cut[] = HEAD "<demand>\n<devices count=\"3\" name=\"a\"/>\n";
    expect_scenario_error(cut, sizeof cut - 1, "(inside <scenario>/<demand>)");
    /* 300 nested elements: libxml2 stops at 256 levels; the path is cut in
     * the middle and the depth given (it filled the message with 256 names) */
    {
        static char deep[8192];
        size_t k = (size_t)snprintf(deep, sizeof deep, HEAD);
        for (int i = 0; i < 300; i++)
            k += (size_t)snprintf(deep + k, sizeof deep - k, "<x>");
        expect_scenario_error(deep, k, "(inside <scenario>/<x>/.../<x>/<x>/<x>/<x>, ");
        if (!strstr(dx_last_error(), " elements deep)"))
            fail_msg("message: %s", dx_last_error());
    }
    /* the same reader serves the KML area files */
    char dir[] = "/tmp/dxsim-xml-kml-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/area.kml", dir);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    assert_true(fd >= 0);
    const char kml[] = "<kml>\n<Placemark>\n<Polygon>\n<outerBoundaryIs>\n</Polygon>\n</kml>\n";
    assert_int_equal(write(fd, kml, sizeof kml - 1), (long)(sizeof kml - 1));
    close(fd);
    dx_geo_area *a = NULL;
    assert_int_equal(dx_geo_area_read_file(path, &a), DX_EPARSE);
    unlink(path);
    rmdir(dir);
    if (!strstr(dx_last_error(), ":5: malformed XML: Opening and ending tag mismatch: "
                                 "outerBoundaryIs line 4 and Polygon (inside "
                                 "<kml>/<Placemark>/<Polygon>/<outerBoundaryIs>)"))
        fail_msg("KML: %s", dx_last_error());
}

/* UTF-16 encodes "<!DOCTYPE" as "<\0!\0D\0..": the byte search done before
 * parsing missed it, and libxml2 read the internal subset (its entities).
 * Now the parser stops at the DOCTYPE in any encoding, on its line. */
static size_t to_utf16le(const char *ascii, char *out, size_t room)
{
    size_t n = 0;
    out[n++] = (char)0xFF; /* BOM */
    out[n++] = (char)0xFE;
    for (const char *p = ascii; *p && n + 2 <= room; p++) {
        out[n++] = *p;
        out[n++] = 0;
    }
    return n;
}

static void test_xml__doctype_refused_in_any_encoding_and_fast(void **state)
{
    (void)state;
    static char text[1 << 16], buf[1 << 17];
    /* external entities (a local file and a URL) and a parameter entity */
    snprintf(text, sizeof text,
             "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n"
             "<!DOCTYPE scenario [ <!ENTITY x SYSTEM \"file:///etc/passwd\">\n"
             "<!ENTITY y SYSTEM \"http://127.0.0.1:9/x\"> <!ENTITY %% p SYSTEM \"file:///etc/passwd\"> %%p; ]>\n"
             "<scenario name=\"a&x;\" version=\"1\">&y;</scenario>\n");
    size_t n = to_utf16le(text, buf, sizeof buf);
    expect_scenario_error(buf, n, "t.xml:2: a DOCTYPE is not allowed in a scenario");
    /* billion laughs: 10 levels of 10 references */
    int len = snprintf(text, sizeof text,
                       "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<!DOCTYPE scenario [\n"
                       "<!ENTITY a0 \"lollollollollollollollollollol\">\n");
    for (int i = 1; i < 10; i++) {
        len += snprintf(text + len, sizeof text - (size_t)len, "<!ENTITY a%d \"", i);
        for (int k = 0; k < 10; k++)
            len += snprintf(text + len, sizeof text - (size_t)len, "&a%d;", i - 1);
        len += snprintf(text + len, sizeof text - (size_t)len, "\">\n");
    }
    snprintf(text + len, sizeof text - (size_t)len,
             "]>\n<scenario name=\"&a9;\" version=\"1\">&a9;</scenario>\n");
    n = to_utf16le(text, buf, sizeof buf);
    clock_t t0 = clock();
    expect_scenario_error(buf, n, "t.xml:2: a DOCTYPE is not allowed in a scenario");
    assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 1.0);
    /* a DEM tile and a sweep spec go through the same reader */
    dx_dem *dem = NULL;
    assert_int_equal(dx_dem_create(&dem), DX_OK);
    assert_int_equal(dx_dem_add_gsi_xml_memory(dem, "tile.xml", buf, n), DX_EPARSE);
    dx_dem_free(dem);
    if (!strstr(dx_last_error(), "tile.xml:2: a DOCTYPE is not allowed in a DEM file"))
        fail_msg("DEM: %s", dx_last_error());
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xml__generic_errors_go_to_the_last_error),
        cmocka_unit_test(test_xml__malformed_scenario_error_names_line_and_is_not_printed),
        cmocka_unit_test(test_xml__libxml2_errors_name_the_element),
        cmocka_unit_test(test_xml__doctype_refused_in_any_encoding_and_fast),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
