/* Names and notes are never cut silently (issue 10, money): the text helpers
 * cut only before a whole UTF-8 character and visibly; a full note list says
 * how many more notes it did not keep; names longer than their field are
 * refused where they are read, naming the file, line, element and limit.
 * The end-to-end check (a 200-byte name and 42 notes through `dxsim run`) is
 * tests/check_long_names.py (ctest cli_long_names_whole). */
#include "dx_test.h"
#include <dxsim.h>
#include "dx_internal.h"
#include "compare_internal.h"

/* 1 when s is valid UTF-8 (RFC 3629: no overlong forms, no surrogates, <= U+10FFFF) */
static int utf8_valid(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned c = *p;
        int n = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : -1;
        if (n < 0 || (n == 1 && c < 0xC2) || (c == 0xF4 && p[1] > 0x8F) || c > 0xF4 ||
            (c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] > 0x9F) || (c == 0xF0 && p[1] < 0x90))
            return 0;
        for (int k = 1; k <= n; k++)
            if ((p[k] & 0xC0) != 0x80)
                return 0;
        p += n + 1;
    }
    return 1;
}

static void test_money_text__cut_only_visibly_before_a_whole_character(void **state)
{
    (void)state;
    /* "水位" is 6 bytes; 40 of them = 240 bytes, into 100 bytes */
    char src[256] = "";
    for (int k = 0; k < 40; k++)
        strcat(src, "水位");
    for (size_t cap = 8; cap <= 100; cap++) {
        char buf[128];
        int cut = dx__text_fmt(buf, cap, "%s", src);
        assert_int_equal(cut, 1);
        assert_true(strlen(buf) < cap);
        assert_true(utf8_valid(buf));
        /* the mark says it was cut; what precedes it is whole characters of src */
        size_t len = strlen(buf);
        assert_true(len >= 6 && strcmp(buf + len - 6, " [...]") == 0);
        assert_int_equal((len - 6) % 3, 0);
        assert_memory_equal(buf, src, len - 6);
    }
    char buf[32];
    assert_int_equal(dx__text_fmt(buf, sizeof buf, "%s", "水位"), 0);
    assert_string_equal(buf, "水位");
}

static void test_money_text__a_full_note_list_counts_what_it_did_not_keep(void **state)
{
    (void)state;
    dx__tech_out *o = calloc(1, sizeof *o);
    assert_non_null(o);
    for (int k = 0; k < 100; k++)
        dx__compare_note(o, "note %d", k);
    /* DX__MAX_NOTES - 1 notes kept, the last one counts the other 100 - 63 = 37 */
    assert_int_equal(o->n_notes, DX__MAX_NOTES);
    assert_string_equal(o->notes[0], "note 0");
    assert_string_equal(o->notes[DX__MAX_NOTES - 2], "note 62");
    assert_int_equal(o->n_more_notes, 100 - (DX__MAX_NOTES - 1));
    assert_non_null(strstr(o->notes[DX__MAX_NOTES - 1], "37 more notes not listed"));
    free(o);
}

static void test_money_text__longer_names_are_refused_with_the_limit(void **state)
{
    (void)state;
    /* 80 x 3 bytes = 240 bytes: over the cost item's 231 (256 - 1 - 24 for the suffix) */
    char name[512] = "";
    for (int k = 0; k < 80; k++)
        strcat(name, "経");
    char xml[2048];
    snprintf(xml, sizeof xml,
             "<scenario name=\"n\" version=\"1\">\n<area width_m=\"500\" height_m=\"500\" environment=\"rural\"/>\n"
             "<demand><devices name=\"s\" count=\"10\" message_bytes=\"20\" messages_per_day=\"24\"/></demand>\n"
             "<technologies><technology id=\"halow\"/></technologies>\n"
             "<costs>\n<item name=\"%s\" unit_price_jpy=\"1000\"/>\n</costs>\n</scenario>\n",
             name);
    dx_scenario *sc = NULL;
    dx_status st = dx_scenario_load_memory(xml, strlen(xml), "long.xml", NULL, &sc);
    assert_int_equal(st, DX_EDOMAIN);
    assert_null(sc);
    const char *msg = dx_last_error();
    assert_non_null(strstr(msg, "long.xml:6: <scenario>/<costs>/<item>"));
    assert_non_null(strstr(msg, "<item>"));
    assert_non_null(strstr(msg, "240 bytes long (at most 231 bytes"));
    /* the CSV item form: a 300-byte name, over 255 */
    char csv[1024] = "name,unit_price_jpy\n";
    for (int k = 0; k < 100; k++)
        strcat(csv, "経");
    strcat(csv, ",1000\n");
    dx_cost_item items[2];
    size_t n = 0;
    assert_int_not_equal(dx_programme_items_parse_csv(csv, strlen(csv), "items.csv", 2, items, &n), DX_OK);
    assert_non_null(strstr(dx_last_error(), "items.csv:2: column name is 300 bytes long (at most 255 bytes)"));
    /* the capacity stage's demand class */
    dx_demand_class d;
    assert_int_equal(dx_demand_class_init(&d, csv + 20), DX_EINVAL);
    assert_non_null(strstr(dx_last_error(), "at most 255 bytes"));
    name[200] = '\0'; /* 200 bytes: kept whole */
    assert_int_equal(dx_demand_class_init(&d, name), DX_OK);
    assert_string_equal(d.name, name);
}

int main(void)
{
    dx_global_init(DX_INIT_GSL_HANDLER_OFF);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_money_text__cut_only_visibly_before_a_whole_character),
        cmocka_unit_test(test_money_text__a_full_note_list_counts_what_it_did_not_keep),
        cmocka_unit_test(test_money_text__longer_names_are_refused_with_the_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
