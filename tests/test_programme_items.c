/* dx_programme_items_parse_csv: the cost-plan CSV of `dxsim programme`.
 * Expected values are the cells of tests/data/programme_cli_items.csv as
 * written there (parsing is a transcription, there is no external reference);
 * the errors must name file, line, column and value. */
#include "dx_test.h"
#include <dxsim.h>

static char *slurp(const char *name, size_t *len)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", getenv("DXSIM_TEST_DATA") ? getenv("DXSIM_TEST_DATA") : ".",
             name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char buf[1 << 16];
    *len = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[*len] = '\0';
    return buf;
}

static void test_programme_items__cli_file_reads_every_cell(void **state)
{
    (void)state;
    size_t len = 0, n = 0;
    const char *text = slurp("programme_cli_items.csv", &len);
    dx_cost_item it[8];
    assert_int_equal(dx_programme_items_parse_csv(text, len, "items.csv", 8, it, &n), DX_OK);
    assert_int_equal(n, 5);
    assert_string_equal(it[0].name, "gNB + 5GC lease");
    assert_int_equal(it[0].category, DX_COST_CAT_LEASE);
    assert_int_equal(it[0].procurement, DX_PROCURE_LEASE);
    assert_int_equal(it[0].role, DX_COST_ROLE_NETWORK);
    dx_assert_close(it[0].unit_price_jpy, 300000, 0, 0);
    dx_assert_close(it[0].months, 6, 0, 0);
    assert_int_equal(it[1].tax_included, 1);
    dx_assert_close(it[1].quantity, 4, 0, 0);
    dx_assert_close(it[1].useful_life_years, 5, 0, 0);
    dx_assert_close(it[1].months, 0, 0, 0); /* empty cell: default */
    assert_int_equal(it[3].category, DX_COST_CAT_LICENCE_APPLICATION_FEE);
    assert_int_equal(it[3].procurement, DX_PROCURE_SERVICE);
    assert_int_equal(it[4].category, DX_COST_CAT_LABOUR);
    dx_assert_close(it[4].unit_price_jpy, 2385000, 0, 0);
    /* defaults of columns the file does not have */
    assert_int_equal(it[4].leasable, 1);
    assert_int_equal(it[4].in_period, 1);
}

static void test_programme_items__small_buffer_says_how_many(void **state)
{
    (void)state;
    size_t len = 0, n = 0;
    const char *text = slurp("programme_cli_items.csv", &len);
    dx_cost_item it[2];
    assert_int_equal(dx_programme_items_parse_csv(text, len, "items.csv", 2, it, &n), DX_EBUFSIZE);
    assert_int_equal(n, 5);
    assert_string_equal(it[1].name, "water-level sensor");
    assert_int_equal(dx_programme_items_parse_csv(text, len, "items.csv", 0, NULL, &n), DX_EBUFSIZE);
    assert_int_equal(n, 5);
}

static void expect_parse_error(const char *csv, const char *needle)
{
    dx_cost_item it[4];
    size_t n = 99;
    assert_int_equal(dx_programme_items_parse_csv(csv, strlen(csv), "plan.csv", 4, it, &n), DX_EPARSE);
    assert_int_equal(n, 0);
    if (!strstr(dx_last_error(), needle))
        fail_msg("message '%s' lacks '%s'", dx_last_error(), needle);
}

static void test_programme_items__errors_name_line_column_value(void **state)
{
    (void)state;
    expect_parse_error("# plan\nname,quantity\nrouter,two\n", "plan.csv:3: column quantity = 'two' is not a number");
    expect_parse_error("name,colour\nrouter,red\n", "plan.csv:1: unknown column 'colour'");
    expect_parse_error("name,quantity,quantity\n", "plan.csv:1: column 'quantity' is named twice");
    expect_parse_error("name,tax_included\nrouter,maybe\n", "plan.csv:2: column tax_included = 'maybe' is not a flag");
    expect_parse_error("name,category\nrouter,gadgets\n", "plan.csv:2: column category = 'gadgets' is not a known category name");
    expect_parse_error("name\nrouter,extra\n", "plan.csv:2: more cells than the 1 columns");
    expect_parse_error("# only comments\n\n", "plan.csv: no header line");
    expect_parse_error("name,unit_price_jpy\nrouter,1e999\n", "column unit_price_jpy = '1e999' is not a number");
}

static void test_programme_items__crlf_trailing_comma_and_no_final_newline(void **state)
{
    (void)state;
    const char csv[] = "name,quantity,procurement,category\r\nrouter,3,purchase,lease,\r\nswitch,2,,";
    dx_cost_item it[4];
    size_t n = 0;
    assert_int_equal(dx_programme_items_parse_csv(csv, sizeof csv - 1, NULL, 4, it, &n), DX_OK);
    assert_int_equal(n, 2);
    dx_assert_close(it[0].quantity, 3, 0, 0);
    /* a procurement cell wins over the category's default, whatever the order */
    assert_int_equal(it[0].procurement, DX_PROCURE_PURCHASE);
    assert_string_equal(it[1].name, "switch");
}

/* A cost plan written in Excel and saved as "CSV UTF-8": a BOM before the
 * header, Japanese names with commas, a price with thousands separators and
 * a justification over two lines in quotes (RFC 4180; before the shared reader, csv_table.c, the BOM made
 * "name" an unknown column and the commas split the cells). */
static void test_programme_items__excel_bom_and_quoted_cells(void **state)
{
    (void)state;
    const char csv[] = "\xEF\xBB\xBFname,quantity,unit_price_jpy,justification\r\n"
                       "\"\xE5\x9F\xBA\xE5\x9C\xB0\xE5\xB1\x80, \xE5\xB1\x8B\xE5\xA4\x96\xE5\x9E\x8B\",2,"
                       "\"1,200,000\",\"leased units are not sold for 4.7 GHz,\r\nso bought\"\r\n"
                       "switch,1,80000,\r\n";
    dx_cost_item it[4];
    size_t n = 0;
    size_t len = sizeof csv - 1;
    /* "1,200,000" is one cell: Excel's export of a price formatted with
     * thousands separators, read as 1200000 */
    assert_int_equal(dx_programme_items_parse_csv(csv, len, "plan.csv", 4, it, &n), DX_OK);
    assert_int_equal(n, 2);
    dx_assert_close(it[0].unit_price_jpy, 1200000, 0, 0);
    /* separators anywhere else are refused with the line and the value */
    const char bad[] = "name,unit_price_jpy\nrouter,\"1,20,0\"\n";
    assert_int_equal(dx_programme_items_parse_csv(bad, sizeof bad - 1, "plan.csv", 4, it, &n),
                     DX_EPARSE);
    assert_non_null(strstr(dx_last_error(), "plan.csv:2: column unit_price_jpy = '1,20,0'"));
    const char qty[] = "name,quantity\nrouter,\"1,000\"\n";
    assert_int_equal(dx_programme_items_parse_csv(qty, sizeof qty - 1, "plan.csv", 4, it, &n),
                     DX_EPARSE);
    const char ok[] = "\xEF\xBB\xBFname,quantity,unit_price_jpy,justification\r\n"
                      "\"\xE5\x9F\xBA\xE5\x9C\xB0\xE5\xB1\x80, \xE5\xB1\x8B\xE5\xA4\x96\xE5\x9E\x8B\",2,"
                      "1200000,\"leased units are not sold for 4.7 GHz,\r\nso bought\"\r\n"
                      "switch,1,80000,\r\n";
    assert_int_equal(dx_programme_items_parse_csv(ok, sizeof ok - 1, "plan.csv", 4, it, &n), DX_OK);
    assert_int_equal(n, 2);
    assert_string_equal(it[0].name, "\xE5\x9F\xBA\xE5\x9C\xB0\xE5\xB1\x80, \xE5\xB1\x8B\xE5\xA4\x96\xE5\x9E\x8B");
    dx_assert_close(it[0].quantity, 2, 0, 0);
    dx_assert_close(it[0].unit_price_jpy, 1200000, 0, 0);
    assert_non_null(strstr(it[0].justification, "4.7 GHz,"));
    assert_non_null(strstr(it[0].justification, "so bought"));
    assert_string_equal(it[1].name, "switch");
}

static void test_programme_items__null_arguments_are_refused(void **state)
{
    (void)state;
    size_t n = 0;
    dx_cost_item it[1];
    assert_int_equal(dx_programme_items_parse_csv("name\n", 5, NULL, 1, it, NULL), DX_EINVAL);
    assert_int_equal(dx_programme_items_parse_csv(NULL, 5, NULL, 1, it, &n), DX_EINVAL);
    assert_non_null(strstr(dx_last_error(), "text"));
    assert_int_equal(dx_programme_items_parse_csv("name\n", 5, NULL, 1, NULL, &n), DX_EINVAL);
    assert_non_null(strstr(dx_last_error(), "out_items"));
}

static void test_programme_items__utf8_bom_is_skipped(void **state)
{
    (void)state;
    /* Excel's "CSV UTF-8": the BOM made the header's first column unknown */
    const char *csv = "\xEF\xBB\xBF" "name,category,procurement,unit_price_jpy\r\n"
                      "design labour,labour,service,120000\r\n";
    dx_cost_item it[2];
    size_t n = 0;
    assert_int_equal(dx_programme_items_parse_csv(csv, strlen(csv), "bom.csv", 2, it, &n), DX_OK);
    assert_int_equal(n, 1);
    assert_string_equal(it[0].name, "design labour");
    dx_assert_close(it[0].unit_price_jpy, 120000, 0, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_programme_items__cli_file_reads_every_cell),
        cmocka_unit_test(test_programme_items__small_buffer_says_how_many),
        cmocka_unit_test(test_programme_items__errors_name_line_column_value),
        cmocka_unit_test(test_programme_items__crlf_trailing_comma_and_no_final_newline),
        cmocka_unit_test(test_programme_items__excel_bom_and_quoted_cells),
        cmocka_unit_test(test_programme_items__null_arguments_are_refused),
        cmocka_unit_test(test_programme_items__utf8_bom_is_skipped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
