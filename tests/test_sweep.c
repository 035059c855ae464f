/* Sweeps (dxsim/sweep.h): spec errors name file, line, element and the
 * allowed values; variants and grids edit the scenario text as asked; a
 * job's rows carry exactly what dx_compare_run gives for the same scenario;
 * the scenario reader's messages keep the base file's line numbers; the
 * journal keeps complete records and cuts a torn tail. */
#define _POSIX_C_SOURCE 200809L
#include "dx_test.h"
#include <dxsim.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *data_dir(void)
{
    const char *d = getenv("DXSIM_TEST_DATA");
    return d ? d : "../tests/data";
}

static dx_status load_text(const char *xml, dx_sweep **out)
{
    return dx_sweep_load_memory(xml, strlen(xml), "spec.xml", data_dir(), out);
}

static const char spec_ok[] =
    "<?xml version=\"1.0\"?>\n"
    "<sweep name=\"t\">\n"
    "  <output columns=\"rank,feasible,net_cost_jpy,sites,mode,menu\"/>\n"
    "  <scenarios>\n"
    "    <set path=\"uncertainty\" attribute=\"draws\" value=\"30\"/>\n"
    "    <file path=\"../../examples/scenarios/farm-halow-lorawan.xml\" key=\"farm\"/>\n"
    "    <file path=\"scenario_bad_value.xml\"/>\n"
    "    <grid base=\"../../examples/scenarios/farm-halow-lorawan.xml\" key=\"g\">\n"
    "      <param path=\"area\" attribute=\"width_m\" name=\"w\" from=\"1000\" to=\"2000\" step=\"500\"/>\n"
    "    </grid>\n"
    "  </scenarios>\n"
    "  <variants>\n"
    "    <variant name=\"buy\"><set path=\"procurement\" attribute=\"mode\" value=\"purchase\"/></variant>\n"
    "    <variant name=\"quote\"><set path=\"prices/price[key=lora.gw]\" attribute=\"jpy\" value=\"123456\"/>"
    "<remove path=\"benefits\"/></variant>\n"
    "  </variants>\n"
    "</sweep>\n";

static void test_sweep__spec_errors_name_file_line_and_element(void **state)
{
    (void)state;
    dx_sweep *sw = NULL;
    assert_int_equal(load_text("<?xml version=\"1.0\"?>\n<!DOCTYPE sweep [<!ENTITY x \"y\">]>\n<sweep/>", &sw),
                     DX_EPARSE);
    assert_null(sw);
    assert_non_null(strstr(dx_last_error(), "spec.xml:2: a DOCTYPE is not allowed"));

    assert_int_equal(load_text("<sweep>\n<output colums=\"rank\"/>\n<scenarios/></sweep>", &sw), DX_EPARSE);
    assert_non_null(strstr(dx_last_error(), "spec.xml:2: <sweep>/<output>: unknown attribute 'colums'"));

    assert_int_equal(load_text("<sweep>\n<output columns=\"rank,net_cost\"/>\n<scenarios/></sweep>", &sw),
                     DX_EPARSE);
    assert_non_null(strstr(dx_last_error(), "unknown column 'net_cost' (allowed: name, rank"));

    assert_int_equal(load_text("<sweep>\n<scenarios>\n<grid base=\"scenario_bad_value.xml\">\n"
                               "<param attribute=\"draws\" path=\"uncertainty\" from=\"10\" to=\"5\" step=\"1\"/>"
                               "</grid></scenarios></sweep>", &sw),
                     DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "spec.xml:4: <sweep>/<scenarios>/<grid>/<param>: from = 10, to = 5"));

    assert_int_equal(load_text("<sweep>\n<scenarios>\n<file path=\"scenario_bad_value.xml\"/>\n"
                               "<file path=\"scenario_bad_value.xml\"/></scenarios></sweep>", &sw),
                     DX_EPARSE);
    assert_non_null(strstr(dx_last_error(), "scenario key 'scenario_bad_value' occurs twice"));

    /* keys 'a/b' and 'a_b' wrote their reports to one folder, reports/a_b */
    const char *two = "<sweep>\n<output reports=\"%s\"/>\n<scenarios>\n"
                      "<file path=\"scenario_bad_value.xml\" key=\"a/b\"/>\n"
                      "<file path=\"scenario_bad_value.xml\" key=\"a_b\"/></scenarios></sweep>";
    char spec[512];
    snprintf(spec, sizeof spec, two, "yes");
    assert_int_equal(load_text(spec, &sw), DX_EPARSE);
    assert_null(sw);
    assert_non_null(strstr(dx_last_error(), "scenario keys 'a/b' (from scenario_bad_value.xml) and "
                                            "'a_b' (from scenario_bad_value.xml) both write their "
                                            "reports to reports/a_b"));
    snprintf(spec, sizeof spec, two, "no"); /* no reports: the keys are distinct */
    assert_int_equal(load_text(spec, &sw), DX_OK);
    dx_sweep_free(sw);

    /* 10000 x 1000 grid points of a 334-byte base: 10^7 scenario texts (3.3 GB)
     * built and held, within the 10^7-point bound (1e5 jobs of the 3.7 KB farm
     * example held 470 MB); refused before the points are expanded */
    assert_int_equal(load_text("<sweep>\n<scenarios>\n<grid base=\"scenario_bad_value.xml\">\n"
                               "<param path=\"area\" attribute=\"width_m\" from=\"1\" to=\"10000\" step=\"1\"/>"
                               "<param path=\"area\" attribute=\"height_m\" from=\"1\" to=\"1000\" step=\"1\"/>"
                               "</grid></scenarios></sweep>", &sw),
                     DX_EDOMAIN);
    assert_null(sw);
    assert_non_null(strstr(dx_last_error(), "spec.xml:3: <sweep>/<scenarios>/<grid>: the grid's 1e+07 "
                                            "points are about 3340 MB"));
    assert_non_null(strstr(dx_last_error(), "MB of scenario text (allowed up to 1074 MB"));
}

static void test_sweep__expands_scenarios_times_variants_with_edits(void **state)
{
    (void)state;
    dx_sweep *sw = NULL;
    assert_int_equal(load_text(spec_ok, &sw), DX_OK);
    /* (farm, bad, g[w=1000], g[w=1500], g[w=2000]) x (buy, quote) */
    assert_int_equal(dx_sweep_job_count(sw), 10);
    assert_string_equal(dx_sweep_job_key(sw, 0), "farm|buy");
    assert_string_equal(dx_sweep_job_key(sw, 1), "farm|quote");
    assert_string_equal(dx_sweep_job_key(sw, 7), "g[w=1500]|quote");
    assert_null(dx_sweep_job_key(sw, 10));

    char *xml = NULL;
    assert_int_equal(dx_sweep_job_xml(sw, 0, &xml), DX_OK);
    assert_non_null(strstr(xml, "<procurement mode=\"purchase\"/>"));
    assert_non_null(strstr(xml, "draws=\"30\""));
    /* the seed derives from the scenario key, so both variants share it */
    const char *seed0 = strstr(xml, "seed=\"");
    assert_non_null(seed0);
    char s0[32];
    snprintf(s0, sizeof s0, "%.*s", (int)(strchr(seed0 + 6, '"') - seed0), seed0);
    dx_free(xml);
    assert_int_equal(dx_sweep_job_xml(sw, 1, &xml), DX_OK);
    assert_non_null(strstr(xml, s0));
    assert_non_null(strstr(xml, "<price key=\"lora.gw\" jpy=\"123456\"/>"));
    assert_null(strstr(xml, "<benefits>"));
    assert_non_null(strstr(xml, "<procurement mode=\"lease\"/>")); /* base value kept */
    dx_free(xml);
    assert_int_equal(dx_sweep_job_xml(sw, 6, &xml), DX_OK);
    assert_non_null(strstr(xml, "width_m=\"1500\""));
    dx_free(xml);

    /* largest first: the 2000 m grid point costs more than the 1000 m one */
    assert_true(dx_sweep_job_cost(sw, 8) > dx_sweep_job_cost(sw, 4));
    size_t order[10];
    assert_int_equal(dx_sweep_job_order(sw, order), DX_OK);
    for (size_t i = 1; i < 10; i++)
        assert_true(dx_sweep_job_cost(sw, order[i - 1]) >= dx_sweep_job_cost(sw, order[i]));
    dx_sweep_free(sw);
}

/* Columns may be separated by blanks as well as commas; the column array was
 * sized from the commas alone, so "rank feasible,..." wrote one past its end
 * (heap-buffer-overflow found by fuzz_sweep_spec; corpus unit
 * tests/fuzz/corpus/sweep_spec/regress-columns-blank-separator.xml). The
 * error row of a missing scenario file has one empty CSV cell per column, so
 * its trailing commas count the columns that were read. */
static size_t record_columns(const dx_sweep *sw)
{
    char *rec = NULL;
    assert_int_equal(dx_sweep_run_job(sw, 0, NULL, &rec), DX_OK);
    const char *tab = strchr(rec + 2, '\t'); /* end of the CSV part of "R\t<csv>\t<json>" */
    assert_non_null(tab);
    size_t n = 0;
    while (tab - n > rec && tab[-(long)n - 1] == ',')
        n++;
    dx_free(rec);
    return n;
}

static void test_sweep__columns_separated_by_blanks_fit_the_column_array(void **state)
{
    (void)state;
    static const char *const lists[] = {
        /* the fuzzer's input: 11 columns, 10 separators of which one is a blank */
        "rank feasible,net_cost_jpy,subsidy_jpy,sites,mode,menu,net_cost_p50_jpy,width_m,environment,verdict",
        /* no comma at all: the array held one column */
        "rank feasible net_cost_jpy subsidy_jpy sites mode menu net_cost_p50_jpy width_m environment verdict",
        /* mixed separators, runs of them, and a newline character reference */
        " rank,\tfeasible , net_cost_jpy&#10;subsidy_jpy sites\t\tmode,,menu net_cost_p50_jpy width_m environment,verdict ",
    };
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        char spec[1024];
        snprintf(spec, sizeof spec,
                 "<sweep>\n<output columns=\"%s\"/>\n"
                 "<scenarios><file path=\"no-such-scenario.xml\" key=\"missing\"/></scenarios></sweep>",
                 lists[i]);
        dx_sweep *sw = NULL;
        assert_int_equal(load_text(spec, &sw), DX_OK);
        assert_int_equal(dx_sweep_job_count(sw), 1);
        assert_int_equal(record_columns(sw), 11);
        dx_sweep_free(sw);
    }
}

/* The value of "key": in a JSON row. */
static double json_num(const char *row, const char *key)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    const char *p = strstr(row, pat);
    assert_non_null(p);
    return strtod(p + strlen(pat), NULL);
}

static void test_sweep__rows_equal_a_direct_comparison_run(void **state)
{
    (void)state;
    dx_sweep *sw = NULL;
    assert_int_equal(load_text(spec_ok, &sw), DX_OK);
    char *xml = NULL, *rec = NULL;
    assert_int_equal(dx_sweep_job_xml(sw, 7, &xml), DX_OK);
    assert_int_equal(dx_sweep_run_job(sw, 7, NULL, &rec), DX_OK);
    dx_scenario *sc = NULL;
    dx_results *res = NULL;
    assert_int_equal(dx_scenario_load_memory(xml, strlen(xml), "direct.xml", NULL, &sc), DX_OK);
    assert_int_equal(dx_compare_run(sc, &res), DX_OK);
    size_t n = dx_results_count(res);
    assert_true(n >= 2);
    const char *row = rec;
    for (size_t i = 0; i < n; i++) {
        dx_tech_result tr;
        assert_int_equal(dx_results_get(res, i, &tr), DX_OK);
        row = strstr(row, "{\"scenario\":\"g[w=1500]\",\"variant\":\"quote\",\"technology\":\"");
        assert_non_null(row);
        char tech[64];
        snprintf(tech, sizeof tech, "\"technology\":\"%s\"", tr.id);
        assert_non_null(strstr(row, tech));
        dx_assert_close(json_num(row, "net_cost_jpy"), tr.net_cost_jpy, 1e-3, 1e-9);
        dx_assert_close(json_num(row, "sites"), tr.sites, 1e-9, 1e-9);
        dx_assert_close(json_num(row, "rank"), tr.rank, 0, 0);
        row++;
    }
    dx_results_free(res);
    dx_scenario_free(sc);
    dx_free(rec);
    dx_free(xml);
    dx_sweep_free(sw);
}

static void test_sweep__error_row_keeps_the_base_files_line(void **state)
{
    (void)state;
    dx_sweep *sw = NULL;
    assert_int_equal(load_text(spec_ok, &sw), DX_OK);
    char *rec = NULL;
    assert_int_equal(dx_sweep_run_job(sw, 2, NULL, &rec), DX_OK); /* scenario_bad_value|buy */
    /* the same message as `dxsim validate` on the file (cli_validate_bad_value) */
    assert_non_null(strstr(rec, "\"status\":\"error\",\"error\":\"scenario_bad_value.xml:4: <scenario>/<area>: "
                                "attribute width_m = -250 m is outside the allowed range 10 .. 200000 m"));
    dx_free(rec);
    dx_sweep_free(sw);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    if (fread(b, 1, (size_t)n, f) != (size_t)n)
        n = 0;
    b[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return b;
}

static void test_sweep__journal_resumes_and_cuts_a_torn_tail(void **state)
{
    (void)state;
    char dir[] = "/tmp/dxsim-test-sweep-XXXXXX";
    assert_non_null(mkdtemp(dir));
    dx_sweep *sw = NULL;
    assert_int_equal(load_text(spec_ok, &sw), DX_OK);
    dx_sweep_options o;
    assert_int_equal(dx_sweep_options_init(&o, DX_SWEEP_OPTIONS_VERSION), DX_OK);
    assert_int_equal(dx_sweep_options_size(), sizeof o);
    o.out_dir = dir;
    o.threads = 2;
    size_t failed = 0;
    assert_int_equal(dx_sweep_run(sw, &o, &failed), DX_OK);
    assert_int_equal(failed, 2);
    char path[256];
    snprintf(path, sizeof path, "%s/results.csv", dir);
    size_t len1 = 0, lenj = 0, len2 = 0;
    char *csv1 = slurp(path, &len1);
    assert_non_null(csv1);
    /* UTF-8 BOM first, as every CSV written for people (Excel on Japanese
     * Windows reads a CSV without one as Shift_JIS) */
    assert_true(len1 > 20);
    assert_memory_equal(csv1, "\xEF\xBB\xBFscenario,variant,technology,", 29);
    snprintf(path, sizeof path, "%s/journal.dxj", dir);
    char *jr = slurp(path, &lenj);
    assert_non_null(jr);
    /* torn tail: half of a record */
    FILE *f = fopen(path, "ab");
    fwrite(jr, 1, lenj / 20 + 10, f);
    fclose(f);
    dx_sweep_journal *j = NULL;
    assert_int_equal(dx_sweep_journal_open(sw, dir, 1, &j), DX_OK);
    assert_int_equal(dx_sweep_journal_done_count(j), 10);
    assert_int_equal(dx_sweep_journal_failed_count(j), 2);
    assert_true(dx_sweep_journal_has(j, 9));
    assert_int_equal(dx_sweep_journal_finish(j), DX_OK);
    dx_sweep_journal_close(j);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal((size_t)st.st_size, lenj); /* the torn tail was cut */
    snprintf(path, sizeof path, "%s/results.csv", dir);
    char *csv2 = slurp(path, &len2);
    assert_int_equal(len1, len2);
    assert_memory_equal(csv1, csv2, len1);
    /* a fresh journal (no resume) starts empty; finishing then names the missing job */
    assert_int_equal(dx_sweep_journal_open(sw, dir, 0, &j), DX_OK);
    assert_int_equal(dx_sweep_journal_done_count(j), 0);
    assert_int_equal(dx_sweep_journal_finish(j), DX_EINVAL);
    assert_non_null(strstr(dx_last_error(), "job 0 ('farm|buy') has no record"));
    assert_int_equal(dx_sweep_journal_append(j, 0, "not a record"), DX_EINVAL);
    dx_sweep_journal_close(j);
    free(csv1);
    free(csv2);
    free(jr);
    dx_sweep_free(sw);
    const char *files[] = {"results.csv", "results.jsonl", "summary.md", "summary.svg", "journal.dxj"};
    for (size_t i = 0; i < 5; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        remove(path);
    }
    rmdir(dir);
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* A CSV row's area as a polygon file (column area_file, relative to the CSV):
 * the job's scenario is the base with <area file> instead of its rectangle,
 * and the area_km2 column is the polygon's geodesic area. Hand check:
 * examples/scenarios/valley-town.geojson is the polygon of
 * valley-town-polygon.xml, whose area tests/test_scenario.c checks; here the
 * row must carry the same area as that scenario read directly. */
static void test_sweep__table_area_file_is_the_rows_polygon(void **state)
{
    (void)state;
    char dir[] = "/tmp/dxsim-test-sweep-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char csv[256], spec[2600], farm[1024], geo[1024], poly[1024];
    snprintf(csv, sizeof csv, "%s/munis.csv", dir);
    snprintf(geo, sizeof geo, "%s/../../examples/scenarios/valley-town.geojson", data_dir());
    char text[2400];
    snprintf(text, sizeof text,
             "name,area_km2,area_file\n"
             "valley,,%s\n"
             "missing,,no-such-town.geojson\n"
             "both,2,%s\n",
             geo, geo);
    write_text(csv, text);
    snprintf(farm, sizeof farm, "%s/../../examples/scenarios/farm-halow-lorawan.xml", data_dir());
    snprintf(spec, sizeof spec,
             "<sweep>\n<output chart=\"no\" columns=\"area_km2,width_m\"/>\n"
             "<scenarios><set path=\"uncertainty\" attribute=\"draws\" value=\"20\"/>\n"
             "<table base=\"%s\" csv=\"%s\"/></scenarios></sweep>",
             farm, csv);
    dx_sweep *sw = NULL;
    assert_int_equal(load_text(spec, &sw), DX_OK);
    assert_int_equal(dx_sweep_job_count(sw), 3);
    /* the scenario with the same polygon, read directly */
    snprintf(poly, sizeof poly, "%s/../../examples/scenarios/valley-town-polygon.xml", data_dir());
    dx_scenario *sc = NULL;
    assert_int_equal(dx_scenario_load(poly, NULL, &sc), DX_OK);
    double a_m2 = 0, w_m = 0;
    assert_int_equal(dx_scenario_area_m2(sc, &a_m2), DX_OK);
    assert_int_equal(dx_scenario_area(sc, &w_m, NULL, NULL), DX_OK);
    dx_scenario_free(sc);
    char *rec = NULL;
    assert_int_equal(dx_sweep_run_job(sw, 0, NULL, &rec), DX_OK);
    assert_null(strstr(rec, "\"status\":\"error\""));
    const char *at = strstr(rec, "\"area_km2\":");
    assert_non_null(at);
    assert_true(fabs(strtod(at + 11, NULL) - a_m2 / 1e6) <= 1e-9 * a_m2 / 1e6);
    at = strstr(rec, "\"width_m\":"); /* the polygon's bounding box */
    assert_non_null(at);
    assert_true(fabs(strtod(at + 10, NULL) - w_m) <= 1e-6);
    dx_free(rec);
    assert_int_equal(dx_sweep_run_job(sw, 1, NULL, &rec), DX_OK);
    assert_non_null(strstr(rec, "munis.csv:3: column area_file = 'no-such-town.geojson'"));
    dx_free(rec);
    assert_int_equal(dx_sweep_run_job(sw, 2, NULL, &rec), DX_OK);
    assert_non_null(strstr(rec, "munis.csv:4: columns area_km2 and area_file are both given"));
    dx_free(rec);
    dx_sweep_free(sw);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

/* A table saved by Excel as "CSV UTF-8" (a BOM before the header, CRLF, a
 * quoted Japanese name with a comma): the header's first column is "name",
 * not "\xEF\xBB\xBFname" (an unknown column before the shared CSV reader,
 * csv_table.c, skipped the BOM). */
static void test_sweep__table_excel_bom_and_quoted_name(void **state)
{
    (void)state;
    char dir[] = "/tmp/dxsim-test-sweep-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char csv[256], spec[2600], farm[1024];
    snprintf(csv, sizeof csv, "%s/munis.csv", dir);
    write_text(csv, "\xEF\xBB\xBFname,area_km2\r\n\"\xE5\xA4\xA7\xE7\x94\xBA, north\",2.5\r\n");
    snprintf(farm, sizeof farm, "%s/../../examples/scenarios/farm-halow-lorawan.xml", data_dir());
    snprintf(spec, sizeof spec,
             "<sweep>\n<output chart=\"no\" columns=\"area_km2\"/>\n"
             "<scenarios><set path=\"uncertainty\" attribute=\"draws\" value=\"20\"/>\n"
             "<table base=\"%s\" csv=\"%s\"/></scenarios></sweep>",
             farm, csv);
    dx_sweep *sw = NULL;
    assert_int_equal(load_text(spec, &sw), DX_OK);
    assert_int_equal(dx_sweep_job_count(sw), 1);
    char *rec = NULL;
    assert_int_equal(dx_sweep_run_job(sw, 0, NULL, &rec), DX_OK);
    assert_null(strstr(rec, "\"status\":\"error\""));
    assert_non_null(strstr(rec, "\xE5\xA4\xA7\xE7\x94\xBA, north"));
    const char *at = strstr(rec, "\"area_km2\":");
    assert_non_null(at);
    assert_true(fabs(strtod(at + 11, NULL) - 2.5) < 1e-9);
    dx_free(rec);
    dx_sweep_free(sw);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

/* A base scenario's relative file references (here the hilly example's
 * <terrain dem="../../tests/data/...">) resolve next to the base file, for
 * every source: the job is read from memory under a decorated name ("BASE
 * (sub/munis.csv:2 ridge)"), whose last '/' lies inside the CSV path, so the
 * DEM used to be looked for in "BASE (sub/../../tests/..." and the row was an
 * error. The spec is read from another folder than the current one. */
static void test_sweep__base_file_references_resolve_next_to_the_base(void **state)
{
    (void)state;
    char dir[] = "/tmp/dxsim-test-sweep-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char sub[64], csv[128], base[1024], spec[1600];
    snprintf(sub, sizeof sub, "%s/sub", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    snprintf(csv, sizeof csv, "%s/munis.csv", sub);
    write_text(csv, "name\nridge\n");
    char *cwd = getcwd(NULL, 0);
    assert_non_null(cwd);
    snprintf(base, sizeof base, "%s%s%s/../../examples/scenarios/hilly-ridge-dem5a.xml",
             data_dir()[0] == '/' ? "" : cwd, data_dir()[0] == '/' ? "" : "/", data_dir());
    free(cwd);
    snprintf(spec, sizeof spec,
             "<sweep><output columns=\"sites\"/><scenarios>"
             "<set path=\"uncertainty\" attribute=\"draws\" value=\"10\"/>"
             "<table base=\"%s\" csv=\"sub/munis.csv\"/></scenarios></sweep>",
             base);
    dx_sweep *sw = NULL;
    assert_int_equal(dx_sweep_load_memory(spec, strlen(spec), "spec.xml", dir, &sw), DX_OK);
    assert_int_equal(dx_sweep_job_count(sw), 1);
    char *rec = NULL;
    assert_int_equal(dx_sweep_run_job(sw, 0, NULL, &rec), DX_OK);
    if (strstr(rec, "\"status\":\"error\""))
        print_error("%s\n", rec);
    assert_null(strstr(rec, "\"status\":\"error\""));
    assert_non_null(strstr(rec, "\"sites\":9")); /* the terrain design (9 Local 5G sites) */
    dx_free(rec);
    dx_sweep_free(sw);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static void test_sweep__table_rows_folders_and_reports(void **state)
{
    (void)state;
    char dir[] = "/tmp/dxsim-test-sweep-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char csv[256], spec[2600], farm[1024];
    snprintf(csv, sizeof csv, "%s/munis.csv", dir);
    /* row 3: not an area; row 4: an environment the scenario reader refuses */
    write_text(csv, "# synthetic\n"
                    "name,area_km2,environment,demand/devices[name=paddy water-level sensors]@count\n"
                    "a,\"2.5\",suburban,120\n"
                    "b,big,rural,10\n"
                    "c,1,desert,10\n");
    snprintf(farm, sizeof farm, "%s/../../examples/scenarios/farm-halow-lorawan.xml", data_dir());
    snprintf(spec, sizeof spec,
             "<sweep>\n<output reports=\"yes\" chart=\"no\" columns=\"width_m,environment,devices\"/>\n"
             "<scenarios><set path=\"uncertainty\" attribute=\"draws\" value=\"20\"/>\n"
             "<table base=\"%s\" csv=\"%s\"/>\n"
             "<folder path=\"../../examples/scenarios\"/></scenarios></sweep>",
             farm, csv);
    dx_sweep *sw = NULL;
    assert_int_equal(load_text(spec, &sw), DX_OK);
    assert_true(dx_sweep_job_count(sw) >= 6);
    assert_string_equal(dx_sweep_job_key(sw, 0), "a");
    assert_string_equal(dx_sweep_job_key(sw, 2), "c");
    /* a folder's files come in name order */
    for (size_t i = 4; i < dx_sweep_job_count(sw); i++)
        assert_true(strcmp(dx_sweep_job_key(sw, i - 1), dx_sweep_job_key(sw, i)) < 0);
    char *rec = NULL;
    assert_int_equal(dx_sweep_run_job(sw, 0, dir, &rec), DX_OK);
    /* 2.5 km2 as a square: sqrt(2.5e6) = 1581.13883 m */
    assert_non_null(strstr(rec, "\"width_m\":1581.13883"));
    assert_non_null(strstr(rec, "\"environment\":\"suburban\""));
    assert_non_null(strstr(rec, "\"devices\":160")); /* 120 sensors + 40 stations of the base */
    dx_free(rec);
    char path[512];
    snprintf(path, sizeof path, "%s/reports/a/report.md", dir);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(dx_sweep_run_job(sw, 1, NULL, &rec), DX_OK);
    assert_non_null(strstr(rec, "munis.csv:4: column area_km2 = 'big' is not an area in km2 (allowed 0.0001 .. 40000)"));
    dx_free(rec);
    assert_int_equal(dx_sweep_run_job(sw, 2, NULL, &rec), DX_OK);
    assert_non_null(strstr(rec, "\"status\":\"error\""));
    assert_non_null(strstr(rec, "farm-halow-lorawan.xml (")); /* the base file, with the row */
    assert_non_null(strstr(rec, ":11: <scenario>/<area>")); /* line of <area> in the base file */
    assert_non_null(strstr(rec, "desert"));
    dx_free(rec);
    dx_sweep_free(sw);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

/* Excel's "CSV UTF-8" starts with a BOM (the header's 'name' was unknown); a
 * column named twice is refused (the later one silently won), and a NUL byte. */
static void test_sweep__table_bom_and_repeated_column(void **state)
{
    (void)state;
    char dir[] = "/tmp/dxsim-test-sweep-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char csv[256], spec[1600], farm[1024];
    snprintf(csv, sizeof csv, "%s/munis.csv", dir);
    snprintf(farm, sizeof farm, "%s/../../examples/scenarios/farm-halow-lorawan.xml", data_dir());
    snprintf(spec, sizeof spec,
             "<sweep>\n<output chart=\"no\" columns=\"width_m\"/>\n"
             "<scenarios><table base=\"%s\" csv=\"%s\"/></scenarios></sweep>", farm, csv);
    write_text(csv, "\xEF\xBB\xBF" "name,width_m\r\nx,1500\r\n");
    dx_sweep *sw = NULL;
    assert_int_equal(load_text(spec, &sw), DX_OK);
    assert_int_equal(dx_sweep_job_count(sw), 1);
    assert_string_equal(dx_sweep_job_key(sw, 0), "x");
    dx_sweep_free(sw);
    write_text(csv, "name,width_m,width_m\nx,1500,3000\n");
    assert_int_equal(load_text(spec, &sw), DX_EPARSE);
    assert_non_null(strstr(dx_last_error(), "munis.csv:1: column 'width_m' is named twice "
                                            "(columns 2 and 3)"));
    /* a NUL byte was dropped: the key "town\0a" became "towna" */
    static const char nul_row[] = "name,width_m\ntown\0a,1500\n";
    FILE *f = fopen(csv, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(nul_row, 1, sizeof nul_row - 1, f), sizeof nul_row - 1);
    fclose(f);
    assert_int_equal(load_text(spec, &sw), DX_EPARSE);
    assert_non_null(strstr(dx_last_error(), "munis.csv: line 2: a NUL byte in the line"));
    remove(csv);
    rmdir(dir);
}

int main(void)
{
    dx_global_init(DX_INIT_GSL_HANDLER_OFF);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sweep__spec_errors_name_file_line_and_element),
        cmocka_unit_test(test_sweep__expands_scenarios_times_variants_with_edits),
        cmocka_unit_test(test_sweep__columns_separated_by_blanks_fit_the_column_array),
        cmocka_unit_test(test_sweep__rows_equal_a_direct_comparison_run),
        cmocka_unit_test(test_sweep__table_area_file_is_the_rows_polygon),
        cmocka_unit_test(test_sweep__table_excel_bom_and_quoted_name),
        cmocka_unit_test(test_sweep__base_file_references_resolve_next_to_the_base),
        cmocka_unit_test(test_sweep__error_row_keeps_the_base_files_line),
        cmocka_unit_test(test_sweep__journal_resumes_and_cuts_a_torn_tail),
        cmocka_unit_test(test_sweep__table_rows_folders_and_reports),
        cmocka_unit_test(test_sweep__table_bom_and_repeated_column),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
