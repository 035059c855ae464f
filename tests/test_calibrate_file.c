/* calibrate.h + scenario.h: a fit written by dx_calibrate_write_xml (what
 * `dxsim calibrate --out` writes) and read back by <calibration file="..."/>,
 * against figures computed by hand in this file. */
#define _GNU_SOURCE /* mkdtemp */
#include "dx_test.h"
#include <dxsim.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Three links with the model at 100 dB everywhere and measured path loss
 * 100 + 5 + 10 x + e, x = log10(d / 1000 m) = -1, 0, 1, residuals e = +1, -2, +1
 * (sum e = 0 and sum e x = 0, so least squares gives offset 5 dB and slope
 * 10 dB/decade exactly). By hand:
 *   RMSE = sqrt((1 + 4 + 1) / 3) = sqrt 2 = 1.4142 dB; bias 0;
 *   sigma = sqrt(6 / (3 - 2)) = sqrt 6 = 2.4495 dB;
 *   uncalibrated: y = -4, 3, 16 -> RMSE sqrt((16 + 9 + 256) / 3) = 9.6782 dB;
 *   leave one out: drop x=-1 -> line through (0,3), (1,16) predicts -10 for -4 (error 6);
 *   drop x=0 -> (-1,-4), (1,16) predicts 6 for 3 (3); drop x=1 -> (-1,-4), (0,3)
 *   predicts 10 for 16 (6): LOO RMSE = sqrt((36 + 9 + 36) / 3) = sqrt 27 = 5.1962 dB. */
static const double D_M[3] = {100, 1000, 10000};
static const double MODEL_DB[3] = {100, 100, 100};
static const double MEAS_DB[3] = {96, 103, 116};

static char dir[64];

static void path_in(char *buf, size_t cap, const char *name)
{
    snprintf(buf, cap, "%s/%s", dir, name);
}

static void write_text(const char *name, const char *text)
{
    char p[128];
    path_in(p, sizeof p, name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static const char *SCENARIO =
    "<?xml version=\"1.0\"?>\n<scenario name=\"cal\">\n"
    "  <area width_m=\"2000\" height_m=\"1500\" environment=\"rural\"/>\n"
    "  <demand><devices name=\"s\" count=\"20\" message_bytes=\"16\" messages_per_day=\"96\"/>"
    "</demand>\n"
    "  <technologies><technology id=\"lorawan-as923\"/></technologies>\n"
    "  <calibration file=\"%s\"%s/>\n</scenario>\n";

static void test_calibrate_file__round_trip_by_hand(void **state)
{
    (void)state;
    dx_calibration c;
    assert_int_equal(dx_calibrate_fit(3, D_M, MODEL_DB, MEAS_DB, NULL, NULL, NULL, NULL, &c), DX_OK);
    dx_assert_close(c.offset_db, 5.0, 1e-9, 0);
    dx_assert_close(c.slope_db_per_decade, 10.0, 1e-9, 0);
    dx_assert_close(c.rmse_db, sqrt(2.0), 1e-9, 0);
    dx_assert_close(c.sigma_db, sqrt(6.0), 1e-9, 0);
    dx_assert_close(c.model_rmse_db, sqrt(281.0 / 3.0), 1e-9, 0);
    dx_assert_close(c.loo_rmse_db, sqrt(27.0), 1e-9, 0);

    dx_calibration_info info = {"hata", 920e6, 20, 1.5, "lorawan-as923", "drive.csv"};
    char fit[128];
    path_in(fit, sizeof fit, "fit.xml");
    assert_int_equal(dx_calibrate_write_xml(&c, &info, fit), DX_OK);

    char xml[1024];
    snprintf(xml, sizeof xml, SCENARIO, "fit.xml", "");
    write_text("s.xml", xml);
    char sp[128];
    path_in(sp, sizeof sp, "s.xml");
    dx_scenario *sc = NULL;
    assert_int_equal(dx_scenario_load(sp, NULL, &sc), DX_OK);
    dx_plan_run_options po;
    dx_plan_run_options_init(&po, DX_PLAN_RUN_OPTIONS_VERSION);
    dx_plan *plan = NULL;
    assert_int_equal(dx_plan_run(sc, &po, &plan), DX_OK);
    dx_coverage_options co;
    assert_int_equal(dx_plan_coverage_options(plan, 0, &co), DX_OK);
    /* the figures come back to the file's 10 significant digits */
    dx_assert_close(co.pl_offset_db, 5.0, 1e-9, 0);
    dx_assert_close(co.pl_slope_db_per_decade, 10.0, 1e-9, 0);
    dx_assert_close(co.pl_d_ref_m, 1000.0, 0, 0);
    dx_assert_close(co.shadow_sigma_db, sqrt(6.0), 1e-8, 0);
    /* the report's note states the calibrated model and its validation figures */
    int seen = 0, warned = 0;
    for (size_t k = 0; k < dx_plan_note_count(plan, 0); k++) {
        const char *n = dx_plan_note(plan, 0, k);
        /* the fit was made against Hata, the rural LoRaWAN design uses 38.901 RMa */
        warned |= strstr(n, "WARNING: the calibration was fitted against hata but this design "
                            "uses 38901-rma") != NULL;
        if (!strstr(n, "calibration applied"))
            continue;
        seen = 1;
        const char *want[] = {"+ 5.00 dB", "+ 10.00 dB x log10(d / 1000 m)",
                              "shadowing sigma 2.45 dB", "fit against hata NLOS at 920 MHz:",
                              "n = 3 samples", "RMSE 1.41 dB",
                              "leave-one-group-out RMSE 5.20 dB", "bias 0.00 dB",
                              "uncalibrated RMSE 9.68 dB", "drive.csv", NULL};
        for (const char *const *w = want; *w; w++) {
            if (!strstr(n, *w))
                print_error("note '%s' lacks '%s'\n", n, *w);
            assert_non_null(strstr(n, *w));
        }
    }
    assert_true(seen);
    assert_true(warned);
    dx_plan_free(plan);
    dx_scenario_free(sc);
}

static void test_calibrate_file__bad_files_name_the_file(void **state)
{
    (void)state;
    char xml[1024], sp[128];
    path_in(sp, sizeof sp, "s.xml");
    dx_scenario *sc = NULL;
    /* missing file */
    snprintf(xml, sizeof xml, SCENARIO, "none.xml", "");
    write_text("s.xml", xml);
    assert_int_equal(dx_scenario_load(sp, NULL, &sc), DX_EIO);
    assert_non_null(strstr(dx_last_error(), "s.xml:6: <scenario>/<calibration>"));
    assert_non_null(strstr(dx_last_error(), "calibration file 'none.xml'"));
    /* wrong root, then a value out of range: the fit file's own line */
    write_text("bad.xml", "<?xml version=\"1.0\"?>\n<scenario/>\n");
    snprintf(xml, sizeof xml, SCENARIO, "bad.xml", "");
    write_text("s.xml", xml);
    assert_int_equal(dx_scenario_load(sp, NULL, &sc), DX_EPARSE);
    assert_non_null(strstr(dx_last_error(), "bad.xml:2: the root element is <scenario>"));
    write_text("bad.xml", "<?xml version=\"1.0\"?>\n\n<calibration offset_db=\"95\"/>\n");
    assert_int_equal(dx_scenario_load(sp, NULL, &sc), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "bad.xml:3: <calibration>: attribute offset_db = 95 dB"));
    assert_non_null(strstr(dx_last_error(), "-80 .. 80 dB"));
    /* figures beside file= are refused (the file holds them) */
    snprintf(xml, sizeof xml, SCENARIO, "bad.xml", " offset_db=\"3\"");
    write_text("s.xml", xml);
    assert_int_equal(dx_scenario_load(sp, NULL, &sc), DX_EPARSE);
    assert_non_null(strstr(dx_last_error(), "unknown attribute 'offset_db' (allowed: file, technology, source)"));
    assert_null(sc);
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/dxsim-calfile-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    const char *names[] = {"fit.xml", "s.xml", "bad.xml", NULL};
    char p[128];
    for (const char *const *n = names; *n; n++) {
        path_in(p, sizeof p, *n);
        unlink(p);
    }
    return rmdir(dir);
}

int main(void)
{
    dx_global_init(DX_INIT_GSL_HANDLER_OFF);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_calibrate_file__round_trip_by_hand),
        cmocka_unit_test(test_calibrate_file__bad_files_name_the_file),
    };
    return cmocka_run_group_tests_name("calibrate_file", tests, setup, teardown);
}
