/* dxsim calibrate MEASUREMENTS.csv [--model M] [--fc-hz F] [--h-bs-m H] [--h-ut-m H]
 *                 [--d-ref-m D] [--terms offset,slope] [--window W] [--confidence C]
 *                 [--tx-dbm P] [--sensitivity-dbm S] [KEY=VALUE ...]
 *
 * Fits PL_cal(d) = PL_model,NLOS(d) + offset + slope log10(d / d_ref) to drive-test
 * or LPWA measurements (include/dxsim/calibrate.h) and prints the parameters
 * with their confidence intervals, sigma, RMSE, bias and leave-one-group-out RMSE.
 *
 * CSV (header names the columns, any order; '#' lines are comments):
 *   d2d_m                   horizontal distance to the base station, or
 *   lat,lon,site_lat,site_lon  the point and the site/gateway that heard it (degrees;
 *                           also latitude/longitude/lng, gw_lat/gw_lon, gateway_lat/
 *                           gateway_lon): distance = GRS80 geodesic, and without a
 *                           group column each site is a group
 *   path_loss_db            measured path loss, or
 *   rssi_dbm,snr_db         LoRa packet RSSI / SNR: path loss = --tx-dbm - signal
 *                           (signal per dx_calibrate_lora_signal_dbm; also rssi,snr), or
 *   rx_dbm | rsrp_dbm | rsrp | rssi_dbm alone   a received power: path loss =
 *                           --tx-dbm - value (RSRP: --tx-dbm = RS EPRE + gains)
 *   lost                    optional 0/1: packet lost, the loss is at least
 *                           path_loss_db, or --tx-dbm - --sensitivity-dbm
 *   group                   optional route/site id for leave-one-group-out
 * --site-lat/--site-lon give the one site of a table of positions lat,lon without
 * site columns (a drive test around one base station).
 * KEY=VALUE sets model parameters as in 'dxsim pathloss' (e.g. environment=open). */
#define _GNU_SOURCE /* fmemopen */
#include <math.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include "dxcli.h"

/* Largest measurements file read: 256 MiB (ASSUMED: millions of samples). */
#define DXCLI_MEASUREMENTS_MAX_BYTES ((size_t)256 << 20)

enum { OPT_MODEL = 256, OPT_OUT, OPT_TECH, OPT_TERMS, OPT_FC, OPT_HBS, OPT_HUT, OPT_DREF,
       OPT_CONF, OPT_TX, OPT_SENS, OPT_WINDOW, OPT_SLAT, OPT_SLON };
static const struct option longopts[] = {
    {"model", required_argument, NULL, OPT_MODEL},   {"out", required_argument, NULL, OPT_OUT},
    {"technology", required_argument, NULL, OPT_TECH}, {"terms", required_argument, NULL, OPT_TERMS},
    {"fc-hz", required_argument, NULL, OPT_FC},      {"h-bs-m", required_argument, NULL, OPT_HBS},
    {"h-ut-m", required_argument, NULL, OPT_HUT},    {"d-ref-m", required_argument, NULL, OPT_DREF},
    {"confidence", required_argument, NULL, OPT_CONF}, {"tx-dbm", required_argument, NULL, OPT_TX},
    {"sensitivity-dbm", required_argument, NULL, OPT_SENS},
    {"window", required_argument, NULL, OPT_WINDOW},
    {"site-lat", required_argument, NULL, OPT_SLAT}, {"site-lon", required_argument, NULL, OPT_SLON},
    {0, 0, 0, 0}};

/* The largest --window (samples averaged for the location residual), ASSUMED:
 * far above any drive test's run of samples at one spot. */
#define DXCLI_MAX_WINDOW 1000000

int dxcli_calibrate(int argc, char **argv)
{
    /* getopt_long like every command (the help's --fc-hz=F form, options before
     * or after the file): the old hand loop took argv[1] as the file and refused
     * '--fc-hz=920e6' and anything given before the file as unknown options */
    const char *cmd = argv[0];
    const char *path = NULL, *model_name = "hata", *terms = "offset,slope", *out = NULL;
    const char *tech = NULL;
    double fc = 920e6, hbs = 20.0, hut = 1.5, dref = 1000.0, conf = 0.95, tx = NAN, sens = NAN;
    double slat = NAN, slon = NAN;
    int window = 0;
    dx_propagation_params pp;
    dx_propagation_params_init(&pp, DX_PROPAGATION_PARAMS_VERSION);
    for (int c; (c = dxcli_getopt(argc, argv, "", longopts)) != -1;) {
        const char *v = optarg;
        int bad = 0;
        switch (c) {
        case OPT_MODEL: model_name = v; break;
        case OPT_OUT: out = v; break;
        case OPT_TECH: tech = v; break;
        case OPT_TERMS: terms = v; break;
        case OPT_FC: bad = dxcli_number(cmd, "--fc-hz", v, &fc); break;
        case OPT_HBS: bad = dxcli_number(cmd, "--h-bs-m", v, &hbs); break;
        case OPT_HUT: bad = dxcli_number(cmd, "--h-ut-m", v, &hut); break;
        case OPT_DREF: bad = dxcli_number(cmd, "--d-ref-m", v, &dref); break;
        case OPT_CONF: bad = dxcli_number(cmd, "--confidence", v, &conf); break;
        case OPT_TX: bad = dxcli_number(cmd, "--tx-dbm", v, &tx); break;
        case OPT_SENS: bad = dxcli_number(cmd, "--sensitivity-dbm", v, &sens); break;
        case OPT_SLAT: bad = dxcli_number(cmd, "--site-lat", v, &slat); break;
        case OPT_SLON: bad = dxcli_number(cmd, "--site-lon", v, &slon); break;
        case OPT_WINDOW:
            /* was cast to size_t unchecked: nan, -1 and 1e30 were undefined behaviour */
            bad = dxcli_int(cmd, "--window", v, &window);
            if (!bad && (window < 0 || window > DXCLI_MAX_WINDOW))
                return dxcli_usage_error(cmd, "--window = %d samples (allowed 0 .. %d)", window,
                                         DXCLI_MAX_WINDOW);
            break;
        default: return 2;
        }
        if (bad)
            return 2;
    }
    for (int i = optind; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "environment=open"))
            pp.environment = DX_PROPAGATION_ENV_OPEN;
        else if (!strcmp(a, "environment=suburban"))
            pp.environment = DX_PROPAGATION_ENV_SUBURBAN;
        else if (!strcmp(a, "environment=urban-large"))
            pp.environment = DX_PROPAGATION_ENV_URBAN_LARGE;
        else if (!strcmp(a, "environment=urban-medium"))
            pp.environment = DX_PROPAGATION_ENV_URBAN_MEDIUM;
        else if (!path && !strchr(a, '='))
            path = a;
        else
            return dxcli_usage_error(cmd, "unexpected argument '%s'", a);
    }
    if (!path)
        return dxcli_usage_error(cmd, "no measurements file");
    if (isnan(slat) != isnan(slon))
        return dxcli_usage_error(cmd, "--site-lat and --site-lon go together (the site every "
                                      "row was measured from)");
    if (!isnan(slat) && (!(fabs(slat) <= 90.0) || !(fabs(slon) <= 180.0)))
        return dxcli_usage_error(cmd, "site %g N %g E (allowed latitude -90 .. 90 deg, longitude "
                                      "-180 .. 180 deg)", slat, slon);
    if (out) { /* a bad --out fails now, not after the fit has been printed */
        struct stat so;
        if (lstat(out, &so) == 0 && !S_ISREG(so.st_mode) && !S_ISLNK(so.st_mode))
            return dxcli_usage_error(cmd, "--out '%s' exists and is not a regular file", out);
        char dir[4096];
        const char *slash = strrchr(out, '/');
        snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - out) + (slash == out) : 1,
                 slash ? out : ".");
        struct stat sd;
        if (stat(dir, &sd) != 0 || !S_ISDIR(sd.st_mode))
            return dxcli_usage_error(cmd, "--out '%s': the folder '%s' does not exist", out, dir);
        if (dxcli_output_check(cmd, dir) != 0)
            return 1;
    }
    dx_propagation_model model;
    int st = dx_propagation_model_from_name(model_name, &model);
    if (st != DX_OK)
        return dxcli_fail("calibrate", st);
    /* the library's reader (a FIFO or device is refused at once, size bounded)
     * and the library's parser (fuzzed: tests/fuzz/fuzz_measurements.c) */
    char *text = NULL;
    size_t text_len = 0;
    st = dx_file_read(path, DXCLI_MEASUREMENTS_MAX_BYTES, &text, &text_len);
    if (st != DX_OK)
        return dxcli_fail("calibrate", st);
    dx_calibrate_samples smp;
    dx_calibrate_csv_options co;
    dx_calibrate_csv_options_init(&co, DX_CALIBRATE_CSV_OPTIONS_VERSION);
    co.tx_dbm = tx;
    co.sensitivity_dbm = sens;
    co.site_lat_deg = slat;
    co.site_lon_deg = slon;
    st = dx_calibrate_samples_read_csv(text, text_len, path, &co, &smp);
    dx_free(text);
    if (st != DX_OK)
        return dxcli_fail("calibrate", st);
    int rc = 0;
    size_t n = smp.n;
    int any_lost = smp.has_lost, any_grp = smp.has_group;
    double *d = smp.d2d_m, *pl = smp.path_loss_db;
    unsigned char *lost = smp.lost;
    int *grp = smp.group;
    if (!rc) {
        dx_calibrate_options o;
        dx_calibrate_options_init(&o, DX_CALIBRATE_OPTIONS_VERSION);
        o.d_ref_m = dref;
        o.confidence_ratio = conf;
        o.fast_fading_window = (size_t)window;
        o.fit_offset = strstr(terms, "offset") != NULL;
        o.fit_slope = strstr(terms, "slope") != NULL;
        dx_calibration c;
        st = dx_calibrate_fit_model(model, &pp, fc, hbs, hut, n, d, pl, any_lost ? lost : NULL,
                                    NULL, any_grp ? grp : NULL, &o, &c);
        if (st != DX_OK) {
            rc = dxcli_fail("calibrate", st);
        } else {
            printf("model                %s (NLOS), fc %.6g Hz, h_bs %.3g m, h_ut %.3g m\n",
                   model_name, fc, hbs, hut);
            printf("samples              %zu (%zu censored%s), %zu groups\n", c.n_samples,
                   c.n_censored, c.censored_ml ? ", Tobit maximum likelihood" : "",
                   c.n_groups);
            if (o.fit_offset)
                printf("offset_db            %.3f  [%.3f, %.3f] (%g %% CI)\n", c.offset_db,
                       c.offset_ci_db[0], c.offset_ci_db[1], 100 * conf);
            if (o.fit_slope)
                printf("slope_db_per_decade  %.3f  [%.3f, %.3f] (d_ref %g m)\n",
                       c.slope_db_per_decade, c.slope_ci_db_per_decade[0],
                       c.slope_ci_db_per_decade[1], c.d_ref_m);
            printf("sigma_db             %.3f  [%.3f, %.3f]\n", c.sigma_db, c.sigma_ci_db[0],
                   c.sigma_ci_db[1]);
            printf("sigma_location_db    %.3f\n", c.sigma_location_db);
            printf("rmse_db              %.3f (uncalibrated model %.3f)\n", c.rmse_db,
                   c.model_rmse_db);
            printf("bias_db              %.3f (uncalibrated model %.3f)\n", c.bias_db,
                   c.model_bias_db);
            if (isnan(c.loo_rmse_db) && any_grp && smp.n_groups < 2)
                /* one site, no group column: there is no group to leave out */
                printf("loo_rmse_db          n/a (one group: leave-one-group-out needs two or "
                       "more; add a group column, e.g. the route)\n");
            else
                printf("loo_rmse_db          %.3f (leave one %s out)\n", c.loo_rmse_db,
                       any_grp ? "group" : "sample");
            if (out) {
                /* the file a scenario reads: <calibration file="FIT.xml"/> */
                dx_calibration_info info = {model_name, fc, hbs, hut, tech, path};
                st = dx_calibrate_write_xml(&c, &info, out);
                if (st != DX_OK)
                    rc = dxcli_fail("calibrate", st);
                else
                    printf("wrote %s (use it as <calibration file=\"%s\"/>)\n", out, out);
            }
        }
    }
    dx_calibrate_samples_dispose(&smp);
    return rc;
}
