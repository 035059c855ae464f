/* The measurement table of `dxsim calibrate` read by the library
 * (dx_calibrate_samples_parse_csv, issue 13): columns in any order, comments,
 * CRLF, lines longer than the CLI's old 4096-byte buffer, LoRa RSSI/SNR and
 * lost packets computed by hand, and every bad cell refused with file, line,
 * column and value. */
#include "dx_test.h"
#include <time.h>
#include <dxsim.h>

static void test_parse__columns_groups_and_lost(void **state)
{
    (void)state;
    const char *t = "# comment\r\n"
                    "group, lost ,path_loss_db,d2d_m\r\n"
                    "r1,0,100.5,150\r\n"
                    "\r\n"
                    "r2,1,150,2000\n"
                    "r1,0,110,300";
    dx_calibrate_samples s;
    assert_int_equal(dx_calibrate_samples_parse_csv(t, strlen(t), "m.csv", NAN, NAN, &s), DX_OK);
    assert_int_equal(s.n, 3);
    dx_assert_close(s.d2d_m[0], 150, 0, 0);
    dx_assert_close(s.path_loss_db[1], 150, 0, 0);
    dx_assert_close(s.d2d_m[2], 300, 0, 0);
    assert_int_equal(s.lost[1], 1);
    assert_int_equal(s.has_lost, 1);
    assert_int_equal(s.has_group, 1);
    assert_int_equal(s.n_groups, 2);
    assert_int_equal(s.group[0], s.group[2]);
    assert_int_not_equal(s.group[0], s.group[1]);
    dx_calibrate_samples_dispose(&s);
}

static void test_parse__lora_signal_and_lost_bound(void **state)
{
    (void)state;
    /* SNR >= 0: signal = RSSI (SX1276 §5.5.5): PL = 30 - (-90) = 120 dB.
     * SNR = -10 dB: S = RSSI + SNR - 10 log10(1 + 10^-1) = -120 - 10 - 0.41393 dB,
     * PL = 30 + 130.41393 = 160.41393 dB. Lost: PL >= tx - sensitivity = 30 + 137 = 167 dB. */
    const char *t = "d2d_m,rssi_dbm,snr_db,lost\n100,-90,5,0\n900,-120,-10,0\n3000,0,0,1\n";
    dx_calibrate_samples s;
    assert_int_equal(dx_calibrate_samples_parse_csv(t, strlen(t), "lora.csv", 30, -137, &s),
                     DX_OK);
    assert_int_equal(s.n, 3);
    dx_assert_close(s.path_loss_db[0], 120, 1e-9, 0);
    dx_assert_close(s.path_loss_db[1], 30 + 130 + 10 * log10(1.1), 1e-9, 0);
    dx_assert_close(s.path_loss_db[2], 167, 1e-9, 0);
    dx_calibrate_samples_dispose(&s);
}

/* Received power as logged: RSRP of a Local 5G drive test (tx_dbm = the
 * reference signal's EPRE + antenna gains), a Wi-Fi RSSI, or an RSSI column
 * without SNR: PL = tx_dbm - value. With an SNR column beside it, "rssi"
 * and "snr" (TTN Mapper's names) are LoRa packets (SX1276 §5.5.5). */
static void test_parse__received_power_columns(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        double pl;
    } cases[] = {
        {"d2d_m,rsrp_dbm\n100,-95.5\n", 20 + 95.5},
        {"d2d_m,rsrp\n100,-95.5\n", 20 + 95.5},
        {"d2d_m,rx_dbm\n100,-60\n", 20 + 60},
        {"d2d_m,rssi_dbm\n100,-71\n", 20 + 71},
        {"d2d_m,rssi,snr\n100,-120,-10\n", 20 + 130 + 0.41392685158225073},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        dx_calibrate_samples s;
        assert_int_equal(dx_calibrate_samples_parse_csv(cases[i].text, strlen(cases[i].text),
                                                        "rx.csv", 20, NAN, &s),
                         DX_OK);
        assert_int_equal(s.n, 1);
        dx_assert_close(s.path_loss_db[0], cases[i].pl, 1e-9, 0);
        dx_calibrate_samples_dispose(&s);
    }
}

/* A table saved by Excel as "CSV UTF-8": a BOM before the header, every
 * cell quoted, CRLF; a group name with a comma and a doubled quote inside
 * quotes (RFC 4180, the same reader as the sweep's <table>). */
static void test_parse__excel_bom_and_quotes(void **state)
{
    (void)state;
    const char *t = "\xEF\xBB\xBF\"d2d_m\",\"path_loss_db\",\"group\"\r\n"
                    "\"100\",\"95.5\",\"route 1, north\"\r\n"
                    "200,101,\"the \"\"old\"\" road\"\r\n"
                    "300,104,\"route 1, north\"\r\n";
    dx_calibrate_samples s;
    assert_int_equal(dx_calibrate_samples_parse_csv(t, strlen(t), "excel.csv", NAN, NAN, &s),
                     DX_OK);
    assert_int_equal(s.n, 3);
    dx_assert_close(s.d2d_m[0], 100, 0, 0);
    dx_assert_close(s.path_loss_db[0], 95.5, 0, 0);
    assert_int_equal(s.n_groups, 2);
    assert_int_equal(s.group[0], s.group[2]);
    assert_int_not_equal(s.group[0], s.group[1]);
    dx_calibrate_samples_dispose(&s);
}

static void test_parse__long_line_read_in_full(void **state)
{
    (void)state;
    /* a group name of 6000 bytes: the CLI's fgets(4096) cut it into two rows */
    size_t L = 6000;
    char *t = malloc(L + 64);
    assert_non_null(t);
    strcpy(t, "d2d_m,path_loss_db,group\n100,90,");
    size_t p = strlen(t);
    memset(t + p, 'g', L);
    strcpy(t + p + L, "\n200,95,x\n");
    dx_calibrate_samples s;
    assert_int_equal(dx_calibrate_samples_parse_csv(t, strlen(t), "long.csv", NAN, NAN, &s),
                     DX_OK);
    assert_int_equal(s.n, 2);
    assert_int_equal(s.n_groups, 2);
    dx_calibrate_samples_dispose(&s);
    free(t);
}

/* A set that logs positions (TTN Mapper-style: the point and the gateway that
 * heard it) instead of distances. The distance is the GRS80 geodesic:
 * Geoscience Australia's Vincenty example, Flinders Peak (37 57 03.72030 S,
 * 144 25 29.52440 E) to Buninyong (37 39 10.15610 S, 143 55 35.38390 E),
 * 54 972.271 m (as tests/test_geo.c). Without a group column each gateway is
 * a group, so leave-one-group-out leaves a site out. */
static void test_parse__positions_give_geodesic_distances_and_site_groups(void **state)
{
    (void)state;
    const char *t = "latitude,lng,gw_lat,gw_lon,path_loss_db\n"
                    "-37.65282114,143.92649553,-37.95103342,144.42486789,140\n"
                    "35.6812,139.7671,35.6895,139.6917,120\n"
                    "35.6700,139.7000,35.6895,139.6917,110\n";
    dx_calibrate_samples s;
    assert_int_equal(dx_calibrate_samples_parse_csv(t, strlen(t), "ttn.csv", NAN, NAN, &s), DX_OK);
    assert_int_equal(s.n, 3);
    dx_assert_close(s.d2d_m[0], 54972.271, 0.002, 0);
    /* Tokyo station from the Shinjuku gateway, about 6.9 km; the third point 2.3 km */
    double la[2] = {35.6812, 35.6700}, lo[2] = {139.7671, 139.7000}, sla = 35.6895, slo = 139.6917;
    for (int i = 0; i < 2; i++) {
        double d;
        assert_int_equal(dx_geo_inverse(1, &sla, &slo, &la[i], &lo[i], &d, NULL, NULL), DX_OK);
        dx_assert_close(s.d2d_m[1 + i], d, 1e-9, 0);
    }
    assert_true(s.d2d_m[1] > 6800 && s.d2d_m[1] < 7000);
    assert_int_equal(s.has_group, 1);
    assert_int_equal(s.n_groups, 2);
    assert_int_equal(s.group[1], s.group[2]);
    assert_int_not_equal(s.group[0], s.group[1]);
    dx_calibrate_samples_dispose(&s);
}

/* A drive test around one base station logs the measurement point only: the
 * site is given once (the CLI's --site-lat/--site-lon). The same Vincenty
 * example as above (Flinders Peak as the site, Buninyong as the point:
 * 54 972.271 m), and a Tokyo point against dx_geo_inverse; no group column:
 * one group. A site given twice, given half or out of range is refused. */
static void test_parse__one_site_given_once(void **state)
{
    (void)state;
    const char *t = "lat,lon,rsrp_dbm\n"
                    "-37.65282114,143.92649553,-80\n"
                    "-37.70,144.00,-95.5\n";
    dx_calibrate_csv_options o;
    assert_int_equal(dx_calibrate_csv_options_init(&o, DX_CALIBRATE_CSV_OPTIONS_VERSION), DX_OK);
    assert_true(isnan(o.tx_dbm) && isnan(o.site_lat_deg) && isnan(o.site_lon_deg));
    o.tx_dbm = 18.0; /* RS EPRE + gains */
    o.site_lat_deg = -37.95103342;
    o.site_lon_deg = 144.42486789;
    dx_calibrate_samples s;
    assert_int_equal(dx_calibrate_samples_read_csv(t, strlen(t), "drive.csv", &o, &s), DX_OK);
    assert_int_equal(s.n, 2);
    dx_assert_close(s.d2d_m[0], 54972.271, 0.002, 0);
    double la = -37.70, lo = 144.00, d;
    assert_int_equal(dx_geo_inverse(1, &o.site_lat_deg, &o.site_lon_deg, &la, &lo, &d, NULL, NULL),
                     DX_OK);
    dx_assert_close(s.d2d_m[1], d, 1e-9, 0);
    dx_assert_close(s.path_loss_db[0], 18.0 - (-80.0), 1e-12, 0); /* 98 dB */
    dx_assert_close(s.path_loss_db[1], 18.0 - (-95.5), 1e-12, 0); /* 113.5 dB */
    assert_int_equal(s.n_groups, 1);
    assert_int_equal(s.group[0], s.group[1]);
    dx_calibrate_samples_dispose(&s);

    /* the site twice: option and columns */
    const char *t2 = "lat,lon,site_lat,site_lon,path_loss_db\n35,139,35.1,139,90\n";
    assert_int_equal(dx_calibrate_samples_read_csv(t2, strlen(t2), "drive.csv", &o, &s), DX_EINVAL);
    assert_non_null(strstr(dx_last_error(), "drive.csv:1: the site position is given"));
    assert_non_null(strstr(dx_last_error(), "'site_lat'"));
    const char *t3 = "d2d_m,path_loss_db\n100,90\n";
    assert_int_equal(dx_calibrate_samples_read_csv(t3, strlen(t3), "drive.csv", &o, &s), DX_EINVAL);
    assert_non_null(strstr(dx_last_error(), "'d2d_m'"));
    /* half a site, out of range */
    o.site_lon_deg = NAN;
    assert_int_equal(dx_calibrate_samples_read_csv(t, strlen(t), "drive.csv", &o, &s), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "both are needed"));
    o.site_lon_deg = 181.0;
    assert_int_equal(dx_calibrate_samples_read_csv(t, strlen(t), "drive.csv", &o, &s), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "site_lon_deg 181"));
    assert_int_equal(s.n, 0);
    /* without the site, positions alone are not enough */
    o.site_lat_deg = o.site_lon_deg = NAN;
    assert_int_equal(dx_calibrate_samples_read_csv(t, strlen(t), "drive.csv", &o, &s), DX_EPARSE);
    assert_non_null(strstr(dx_last_error(), "--site-lat/--site-lon"));
    o.version = 99;
    assert_int_equal(dx_calibrate_samples_read_csv(t, strlen(t), "drive.csv", &o, &s), DX_EINVAL);
    assert_int_equal(dx_calibrate_csv_options_init(&o, 2), DX_EINVAL);
}

/* Headers as drive-test tools and Excel write them: any case, a unit in
 * brackets, '-' or blanks for '_', SS-RSRP of a 5G NR drive test, Japanese
 * 緯度/経度; columns the reader does not use may repeat. A unit that is not
 * the one the column is read in, or a used column named twice in another
 * case, is refused. PL = tx - RSRP by hand. */
static void test_parse__headers_as_tools_write_them(void **state)
{
    (void)state;
    dx_calibrate_csv_options o;
    dx_calibrate_csv_options_init(&o, DX_CALIBRATE_CSV_OPTIONS_VERSION);
    o.tx_dbm = 15.0;
    o.site_lat_deg = 33.64;
    o.site_lon_deg = 130.81;
    const char *ok[] = {
        "Time,Latitude,Longitude,SS-RSRP [dBm],PCI,Time\n12:00,33.65,130.81,-88.5,1,x\n",
        "緯度,経度,RSRP (dBm)\n33.65,130.81,-88.5\n",
        " LAT , Lon (deg) ,rsrp_dbm\n33.65,130.81,-88.5\n",
        "緯度（度）,経度（度）,RSRP［dBm］\n33.65,130.81,-88.5\n", /* full-width brackets */
    };
    /* gateway columns under other exporters' names */
    const char *gw = "lat,lon,Gateway_Latitude,GTW-LON,rssi\n33.65,130.81,33.64,130.81,-88.5\n";
    dx_calibrate_csv_options o2 = o;
    o2.site_lat_deg = o2.site_lon_deg = NAN;
    dx_calibrate_samples s2;
    assert_int_equal(dx_calibrate_samples_read_csv(gw, strlen(gw), "gw.csv", &o2, &s2), DX_OK);
    assert_int_equal(s2.n, 1);
    dx_calibrate_samples_dispose(&s2);
    double la = 33.65, lo = 130.81, d;
    assert_int_equal(dx_geo_inverse(1, &o.site_lat_deg, &o.site_lon_deg, &la, &lo, &d, NULL, NULL),
                     DX_OK);
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        dx_calibrate_samples s;
        assert_int_equal(dx_calibrate_samples_read_csv(ok[i], strlen(ok[i]), "tool.csv", &o, &s),
                         DX_OK);
        assert_int_equal(s.n, 1);
        dx_assert_close(s.d2d_m[0], d, 1e-9, 0);
        dx_assert_close(s.path_loss_db[0], 15.0 + 88.5, 1e-12, 0); /* 103.5 dB */
        dx_calibrate_samples_dispose(&s);
    }
    static const struct {
        const char *text, *msg;
    } bad[] = {
        {"lat,lon,RSRP (mW)\n33.65,130.81,1e-9\n",
         "tool.csv:1: column 'RSRP (mW)' states the unit 'mw'; rsrp is read in dbm"},
        {"lat,lon,RSRP,rsrp\n33.65,130.81,-80,-81\n",
         "tool.csv:1: column 'rsrp' is named twice (columns 3 and 4)"},
        {"Latitude (rad),lon,rsrp\n0.58,130.81,-80\n",
         "column 'Latitude (rad)' states the unit 'rad'; latitude is read in deg"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        dx_calibrate_samples s;
        assert_int_equal(dx_calibrate_samples_read_csv(bad[i].text, strlen(bad[i].text), "tool.csv",
                                                       &o, &s),
                         DX_EPARSE);
        if (!strstr(dx_last_error(), bad[i].msg))
            fail_msg("case %zu: '%s' lacks '%s'", i, dx_last_error(), bad[i].msg);
    }
}

static void test_parse__bad_cells_are_named(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        double tx, sens;
        int status;
        const char *msg;
    } cases[] = {
        {"d2d_m,path_loss_db\n100,nan\n", NAN, NAN, DX_EPARSE, "bad.csv:2: path_loss_db = 'nan' is not a finite number"},
        {"d2d_m,path_loss_db\n100,90x\n", NAN, NAN, DX_EPARSE, "bad.csv:2: path_loss_db = '90x'"},
        {"d2d_m,path_loss_db\n-5,90\n", NAN, NAN, DX_EDOMAIN, "bad.csv:2: d2d_m = -5 m (allowed > 0 .. 1e+06 m)"},
        {"d2d_m,path_loss_db,lost\n5,90,2\n", NAN, NAN, DX_EDOMAIN, "lost = 2 (allowed: 0 or 1)"},
        {"d2d_m,path_loss_db\n5\n", NAN, NAN, DX_EPARSE, "bad.csv:2: 1 cells, the header has 2"},
        {"distance,pl\n5,90\n", NAN, NAN, DX_EPARSE, "the header needs d2d_m"},
        {"d2d_m,rssi_dbm,snr_db\n5,-90,3\n", NAN, NAN, DX_EINVAL, "rssi_dbm/snr_db needs tx_dbm"},
        {"d2d_m,rsrp\n5,-90\n", NAN, NAN, DX_EINVAL, "rsrp needs tx_dbm"},
        {"d2d_m,rsrp_dbm\n5,-9O\n", 30, NAN, DX_EPARSE, "bad.csv:2: rsrp_dbm = '-9O'"},
        {"d2d_m,rssi_dbm,snr_db,lost\n5,0,0,1\n", 30, NAN, DX_EINVAL, "needs sensitivity_dbm"},
        {"# only a comment\n", NAN, NAN, DX_EPARSE, "no header line"},
        {"d2d_m,path_loss_db\n100,\"95\n", NAN, NAN, DX_EPARSE, "bad.csv: line 2: unclosed quote"},
        {"d2d_m,path_loss_db,group\n100,95,\"a\"b\n", NAN, NAN, DX_EPARSE, "bad.csv: line 2: text after the closing quote of a cell ('b'"},
        {"lat,lon,site_lat,path_loss_db\n35,139,35,90\n", NAN, NAN, DX_EPARSE, "or the positions lat, lon, site_lat, site_lon"},
        {"lat,lon,site_lat,site_lon,path_loss_db\n95,139,35,139,90\n", NAN, NAN, DX_EDOMAIN, "bad.csv:2: lat = 95 deg (allowed -90 .. 90 deg)"},
        {"lat,lon,site_lat,site_lon,path_loss_db\n35,139,35,139,90\n", NAN, NAN, DX_EDOMAIN, "bad.csv:2: the point (35, 139) is 0 m from the site (35, 139) (allowed > 0 .. 1e+06 m)"},
        {"d2d_m,path_loss_db\n", NAN, NAN, DX_EPARSE, "no measurements"},
        {"d2d_m,path_loss_db\n5,9\0" "0\n", NAN, NAN, DX_EPARSE, "NUL byte"},
        /* hostile inputs: a repeated column (the first was used), an absurd loss
         * (fitted into an offset of -9.6e299 dB) or distance */
        {"d2d_m,d2d_m,path_loss_db\n5,6,90\n", NAN, NAN, DX_EPARSE,
         "bad.csv:1: column 'd2d_m' is named twice (columns 1 and 2)"},
        {"d2d_m,path_loss_db\n100,1e300\n", NAN, NAN, DX_EDOMAIN,
         "bad.csv:2: path loss = 1e+300 dB (path_loss_db) (allowed 0 .. 300 dB)"},
        {"d2d_m,path_loss_db\n100,-20\n", NAN, NAN, DX_EDOMAIN, "path loss = -20 dB"},
        {"d2d_m,path_loss_db\n1e308,90\n", NAN, NAN, DX_EDOMAIN,
         "bad.csv:2: d2d_m = 1e+308 m (allowed > 0 .. 1e+06 m)"},
        {"d2d_m,rssi_dbm,snr_db\n5,-90,3\n", 1e308, NAN, DX_EDOMAIN, "(tx_dbm - the measured signal) (allowed 0 .. 300 dB)"},
        {"d2d_m,path_loss_db\n0x64,90\n", NAN, NAN, DX_EPARSE, "d2d_m = '0x64' is not a finite number"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        dx_calibrate_samples s;
        size_t len = strlen(cases[i].text);
        if (strstr(cases[i].msg, "NUL"))
            len += 3; /* past the embedded NUL */
        int st = dx_calibrate_samples_parse_csv(cases[i].text, len, "bad.csv", cases[i].tx,
                                                cases[i].sens, &s);
        if (st != cases[i].status || !strstr(dx_last_error(), cases[i].msg))
            fail_msg("case %zu: got %s '%s', expected %s with '%s'", i, dx_status_name(st),
                     dx_last_error(), dx_status_name(cases[i].status), cases[i].msg);
        assert_int_equal(s.n, 0);
        assert_null(s.d2d_m);
    }
}

static void test_parse__utf8_bom_and_crlf(void **state)
{
    (void)state;
    /* Excel's "CSV UTF-8": the BOM made the header's first name unknown */
    const char *t = "\xEF\xBB\xBF" "d2d_m,path_loss_db\r\n100,90\r\n200,95\r\n";
    dx_calibrate_samples s;
    assert_int_equal(dx_calibrate_samples_parse_csv(t, strlen(t), "bom.csv", NAN, NAN, &s), DX_OK);
    assert_int_equal(s.n, 2);
    dx_assert_close(s.d2d_m[1], 200, 0, 0);
    dx_assert_close(s.path_loss_db[1], 95, 0, 0);
    dx_calibrate_samples_dispose(&s);
}


/* Round 2 of the shared CSV reader (libdxsim/csv_table.c). */
static void test_parse__cr_line_ends_utf16_and_wide_rows(void **state)
{
    (void)state;
    dx_calibrate_samples s;
    /* old Mac "CSV (Macintosh)": lone CR line ends; the '#' line swallowed the
     * whole file ("no header line") */
    const char *cr = "# drive test\rd2d_m,path_loss_db\r100,90\r200,95\r";
    assert_int_equal(dx_calibrate_samples_parse_csv(cr, strlen(cr), "mac.csv", NAN, NAN, &s), DX_OK);
    assert_int_equal(s.n, 2);
    dx_assert_close(s.path_loss_db[1], 95, 0, 0);
    dx_calibrate_samples_dispose(&s);
    /* line numbers count lone CRs: the bad cell is on line 4 */
    const char *crbad = "# drive test\rd2d_m,path_loss_db\r100,90\r200,9x\r";
    assert_int_equal(dx_calibrate_samples_parse_csv(crbad, strlen(crbad), "mac.csv", NAN, NAN, &s),
                     DX_EPARSE);
    if (!strstr(dx_last_error(), "mac.csv:4: path_loss_db = '9x'"))
        fail_msg("message: %s", dx_last_error());
    /* UTF-16 (Excel's "Unicode text"): named, instead of "a NUL byte in the line" */
    const char u16[] = "\xFF\xFE" "d\0" "2\0";
    assert_int_equal(dx_calibrate_samples_parse_csv(u16, sizeof u16 - 1, "u16.csv", NAN, NAN, &s),
                     DX_EPARSE);
    if (!strstr(dx_last_error(), "u16.csv: line 1: the file is UTF-16 (byte order mark FF FE): "
                                 "save it as UTF-8"))
        fail_msg("message: %s", dx_last_error());
    /* 100,000 columns: the header's repeated-name check compared every pair
     * (minutes); refused at 4,097 cells, 4,096 pass the reader */
    size_t n = 100000, cap = n * 8 + 64, k = 0;
    char *wide = malloc(cap);
    assert_non_null(wide);
    for (size_t i = 0; i < n; i++)
        k += (size_t)snprintf(wide + k, cap - k, "%sc%zu", i ? "," : "", i);
    k += (size_t)snprintf(wide + k, cap - k, "\n");
    clock_t t0 = clock();
    assert_int_equal(dx_calibrate_samples_parse_csv(wide, k, "wide.csv", NAN, NAN, &s), DX_EPARSE);
    assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 2.0);
    if (!strstr(dx_last_error(), "wide.csv: line 1: more than 4096 cells in a row"))
        fail_msg("message: %s", dx_last_error());
    /* 4,096 columns: read, then refused for what they are (no d2d_m column) */
    k = 0;
    for (size_t i = 0; i < 4096; i++)
        k += (size_t)snprintf(wide + k, cap - k, "%sc%zu", i ? "," : "", i);
    k += (size_t)snprintf(wide + k, cap - k, "\n");
    assert_int_equal(dx_calibrate_samples_parse_csv(wide, k, "wide.csv", NAN, NAN, &s), DX_EPARSE);
    if (!strstr(dx_last_error(), "the header needs d2d_m"))
        fail_msg("message: %s", dx_last_error());
    free(wide);
}

int main(void)
{
    dx_global_init(DX_INIT_GSL_HANDLER_OFF);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse__columns_groups_and_lost),
        cmocka_unit_test(test_parse__lora_signal_and_lost_bound),
        cmocka_unit_test(test_parse__received_power_columns),
        cmocka_unit_test(test_parse__excel_bom_and_quotes),
        cmocka_unit_test(test_parse__long_line_read_in_full),
        cmocka_unit_test(test_parse__positions_give_geodesic_distances_and_site_groups),
        cmocka_unit_test(test_parse__one_site_given_once),
        cmocka_unit_test(test_parse__headers_as_tools_write_them),
        cmocka_unit_test(test_parse__bad_cells_are_named),
        cmocka_unit_test(test_parse__utf8_bom_and_crlf),
        cmocka_unit_test(test_parse__cr_line_ends_utf16_and_wide_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
