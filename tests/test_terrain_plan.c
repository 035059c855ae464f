/* Terrain and calibration in the planning stage and the grid engine (issue 12).
 *
 * Data: the real GSI DEM5A tile 5238-74-00 in tests/data/gsi-dem (origin in
 * its README.md) under the scenario tests/data/terrain_ridge.xml.
 * Independent truth:
 *  - the single knife-edge loss of one profile is computed here by hand from
 *    the profile's geometry written below: ITU-R P.526-15 eq. (31)
 *    J(v) = 6.9 + 20 log10(sqrt((v - 0.1)^2 + 1) + v - 0.1),
 *    v = h sqrt((2 / lambda)(1 / d1 + 1 / d2)), plus the Bullington
 *    correction (1 - exp(-J / 6))(10 + 0.02 d_km) of ITU-R P.452-17 §4.2.1
 *    (both horizons of this profile are the same crest sample, so the
 *    Bullington point is that knife edge);
 *  - physics: terrain only removes signal (Bullington loss >= 0), so every
 *    pixel's received power with the DEM is at most the flat-earth one, the
 *    pixel behind the crest loses about the hand-computed loss, the area
 *    coverage falls and the grid plan needs more sites than on flat earth;
 *  - a calibration offset X with zero slope is the same as an allowable path
 *    loss lower by X (identity of the dxsim/calibrate.h form).
 * The site counts themselves are regression pins of this tile, not published values. */
#include "dx_test.h"
#include <signal.h>
#include <unistd.h>
#include "dxsim/compare.h"
#include "dxsim/coverage.h"
#include "dxsim/plan.h"
#include "dxsim/scenario.h"
#include "dxsim/terrain.h"

static const char *RIDGE = "terrain_ridge.xml";
/* the scenario's <area lat_deg lon_deg> */
static const double LAT0 = 35.2502, LON0 = 138.5003;

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
    b[n] = 0;
    fclose(f);
    *len = (size_t)n;
    return b;
}

/* The ridge scenario with one element replaced (from 'from' to the end of
 * its line) by 'with'; loaded under the original's name so relative DEM paths
 * resolve the same way. */
static dx_status load_variant(const char *from, const char *with, dx_scenario **out)
{
    char path[4096];
    snprintf(path, sizeof path, "%s", dx_test_data_path(RIDGE));
    size_t len;
    char *xml = slurp(path, &len);
    char *buf = malloc(len + strlen(with) + 1);
    char *p = strstr(xml, from);
    assert_non_null(p);
    char *eol = strchr(p, '\n');
    assert_non_null(eol);
    size_t head = (size_t)(p - xml);
    memcpy(buf, xml, head);
    strcpy(buf + head, with);
    strcat(buf, eol);
    dx_status st = dx_scenario_load_memory(buf, strlen(buf), path, NULL, out);
    free(buf);
    free(xml);
    return st;
}

static dx_plan *plan_one(const dx_scenario *sc, const char *tech, int fidelity, double res_m)
{
    dx_plan_run_options po;
    assert_int_equal(dx_plan_run_options_init(&po, DX_PLAN_RUN_OPTIONS_VERSION), DX_OK);
    po.fidelity = fidelity;
    po.grid_resolution_m = res_m;
    po.only_tech = tech;
    dx_plan *p = NULL;
    dx_status st = dx_plan_run(sc, &po, &p);
    if (st != DX_OK)
        print_error("dx_plan_run: %s\n", dx_last_error());
    assert_int_equal(st, DX_OK);
    return p;
}

static int has_note(const dx_plan *p, const char *text)
{
    for (size_t k = 0; k < dx_plan_note_count(p, 0); k++)
        if (strstr(dx_plan_note(p, 0, k), text))
            return 1;
    return 0;
}

static void test_terrain_plan__grid_needs_more_sites_behind_the_ridge(void **state)
{
    (void)state;
    dx_scenario *hilly = NULL, *flat = NULL;
    assert_int_equal(dx_scenario_load(dx_test_data_path(RIDGE), NULL, &hilly), DX_OK);
    assert_int_equal(load_variant("<terrain", "", &flat), DX_OK);
    dx_plan *ph = plan_one(hilly, "l5g-sub6", DX_PLAN_FIDELITY_GRID, 40.0);
    dx_plan *pf = plan_one(flat, "l5g-sub6", DX_PLAN_FIDELITY_GRID, 40.0);
    dx_plan_tech th, tf;
    assert_int_equal(dx_plan_get(ph, 0, &th), DX_OK);
    assert_int_equal(dx_plan_get(pf, 0, &tf), DX_OK);
    print_message("l5g-sub6 on 40 m pixels: %zu sites with terrain, %zu on flat earth\n", th.sites,
                  tf.sites);
    /* the same analytic link on both: only the terrain differs */
    dx_assert_close(th.cell_radius_m, tf.cell_radius_m, 1e-9, 0);
    assert_true(th.sites > tf.sites);
    assert_true(has_note(ph, "terrain: DEM tiles 52387400 DEM5A"));
    assert_true(has_note(ph, "P.526 Bullington"));
    assert_false(has_note(pf, "terrain:"));
    /* the analytic fidelity says that it ignores the terrain */
    dx_plan *pa = plan_one(hilly, "l5g-sub6", DX_PLAN_FIDELITY_ANALYTIC, 0.0);
    assert_true(has_note(pa, "WARNING: the analytic fidelity ignores the terrain"));
    dx_plan_free(pa);
    dx_plan_free(ph);
    dx_plan_free(pf);
    dx_scenario_free(hilly);
    dx_scenario_free(flat);
}

/* One site in the valley, the same design with and without the DEM. */
static void test_terrain_plan__shadowed_pixels_are_lost_never_gained(void **state)
{
    (void)state;
    dx_scenario *sc = NULL;
    assert_int_equal(dx_scenario_load(dx_test_data_path(RIDGE), NULL, &sc), DX_OK);
    dx_plan *p = plan_one(sc, "l5g-sub6", DX_PLAN_FIDELITY_ANALYTIC, 0.0);
    dx_technology t;
    dx_coverage_options o;
    assert_int_equal(dx_plan_technology(p, 0, &t), DX_OK);
    assert_int_equal(dx_plan_coverage_options(p, 0, &o), DX_OK);
    assert_non_null(o.dem);
    dx_assert_close(o.origin_lat_deg, LAT0, 1e-12, 0);
    dx_site s;
    assert_int_equal(dx_coverage_site_init(&s, &t, 250.0, 300.0), DX_OK);
    s.sectors = 1;
    const dx_grid g = {0.0, 0.0, 50.0, 22, 17}; /* 1100 m x 850 m */
    dx_coverage_options flat = o;
    flat.dem = NULL;
    dx_coverage_result *rt = NULL, *rf = NULL;
    assert_int_equal(dx_coverage_run(&g, 1, &s, &t, &o, &rt), DX_OK);
    assert_int_equal(dx_coverage_run(&g, 1, &s, &t, &flat, &rf), DX_OK);
    size_t n = g.nx * g.ny;
    double *rxt = malloc(n * sizeof *rxt), *rxf = malloc(n * sizeof *rxf);
    assert_int_equal(dx_coverage_result_layer(rt, DX_COVERAGE_LAYER_RX_DBM, n, rxt), DX_OK);
    assert_int_equal(dx_coverage_result_layer(rf, DX_COVERAGE_LAYER_RX_DBM, n, rxf), DX_OK);
    size_t lost10 = 0;
    for (size_t i = 0; i < n; i++) {
        /* flat earth runs in single precision (1e-4 dB), terrain in double */
        assert_true(rxt[i] <= rxf[i] + 1e-3);
        lost10 += rxt[i] < rxf[i] - 10.0;
    }
    /* the pixel whose centre is (725, 325) m, 35 m from the hand-calculated
     * receiver behind the crest (30 dB at 920 MHz; more at Local 5G's 4.7 GHz) */
    size_t k = 6 * g.nx + 14;
    print_message("pixel (725, 325) m: %.1f dBm with terrain, %.1f dBm flat; %zu of %zu pixels "
                  "lose > 10 dB\n",
                  rxt[k], rxf[k], lost10, n);
    assert_true(rxf[k] - rxt[k] > 20.0);
    assert_true(lost10 > n / 10);
    dx_coverage_summary st, sf;
    dx_coverage_result_summary(rt, &st);
    dx_coverage_result_summary(rf, &sf);
    assert_true(st.coverage_ratio < sf.coverage_ratio - 0.05);
    /* ITM replaces the model: PL = NTIA free space + the ITM excess of the same profile */
    dx_coverage_options oi = o;
    oi.terrain_model = DX_TERRAIN_LOSS_ITM_EXCESS;
    double px = 725.0, py = 325.0, rx_itm = NAN, la, lo, h_ut = t.ue_height_m, excess = NAN;
    assert_int_equal(dx_coverage_points(1, &s, &t, &oi, 1, &px, &py, NULL, &rx_itm, NULL, NULL,
                                        NULL, NULL),
                     DX_OK);
    double sx = s.x_m, sy = s.y_m, slat, slon;
    assert_int_equal(dx_coverage_local_to_geo(LAT0, LON0, 1, &px, &py, &la, &lo), DX_OK);
    assert_int_equal(dx_coverage_local_to_geo(LAT0, LON0, 1, &sx, &sy, &slat, &slon), DX_OK);
    dx_terrain_grid_options go;
    dx_terrain_grid_options_init(&go, DX_TERRAIN_GRID_OPTIONS_VERSION);
    go.model = DX_TERRAIN_LOSS_ITM_EXCESS;
    go.k_factor = o.terrain_k_factor;
    unsigned char shf;
    assert_int_equal(dx_terrain_loss_grid(o.dem, slat, slon, s.height_m, t.fc_hz, 1, &la, &lo,
                                          &h_ut, &go, &excess, &shf, NULL),
                     DX_OK);
    const double d_km = hypot(px - sx, py - sy) / 1000.0;
    const double fspl = 32.45 + 20.0 * log10(t.fc_hz / 1e6) + 20.0 * log10(d_km);
    const double eirp = s.tx_power_dbm + s.antenna_gain_dbi - s.cable_loss_db;
    print_message("ITM at (725, 325) m: excess %.1f dB, RX %.2f dBm\n", excess, rx_itm);
    dx_assert_close(rx_itm, eirp - fspl - excess, 1e-6, 0);
    free(rxt);
    free(rxf);
    dx_coverage_result_free(rt);
    dx_coverage_result_free(rf);
    dx_plan_free(p);
    dx_scenario_free(sc);
}

static double j_of_v(double v) /* ITU-R P.526-15 eq. (31), v > -0.78 */
{
    return 6.9 + 20.0 * log10(sqrt((v - 0.1) * (v - 0.1) + 1.0) + v - 0.1);
}

/* Site at (250, 300) m, receiver at (700, 300) m east of it: the crest 350 m
 * from the site blocks the path. Geometry (metres, heights above T.P. read
 * bilinearly from the DEM5A tile; asserted against the DEM below): */
static void test_terrain_plan__one_profile_matches_a_hand_knife_edge(void **state)
{
    (void)state;
    const double fc_hz = 920e6, h_tx = 10.0, h_rx = 1.5;
    const double ground_tx = 127.73, ground_rx = 332.25, crest = 298.57;
    const double d1 = 350.0, d_total = 450.0, d2 = d_total - d1;
    const double lat = 35.2529040386, lon_tx = 138.5030469682, lon_rx = 138.5079915110,
                 lon_crest = 138.5068927238;
    dx_dem *dem = NULL;
    assert_int_equal(dx_dem_create(&dem), DX_OK);
    assert_int_equal(
        dx_dem_add_file(dem, dx_test_data_path("gsi-dem/FG-GML-5238-74-00-DEM5A-20161001.xml")),
        DX_OK);
    /* the positions are the scenario's local metres (the frame of dx_coverage_local_to_geo) */
    double x[3] = {250.0, 700.0, 600.0}, y[3] = {300.0, 300.0, 300.0}, la[3], lo[3], h[3];
    assert_int_equal(dx_coverage_local_to_geo(LAT0, LON0, 3, x, y, la, lo), DX_OK);
    dx_assert_close(la[0], lat, 1e-9, 0);
    dx_assert_close(lo[0], lon_tx, 1e-9, 0);
    dx_assert_close(lo[1], lon_rx, 1e-9, 0);
    dx_assert_close(lo[2], lon_crest, 1e-9, 0);
    assert_int_equal(dx_dem_elevation_m(dem, DX_DEM_BILINEAR, 3, la, lo, h, NULL, NULL), DX_OK);
    dx_assert_close(h[0], ground_tx, 0.01, 0);
    dx_assert_close(h[1], ground_rx, 0.01, 0);
    dx_assert_close(h[2], crest, 0.01, 0);
    /* hand calculation: edge height above the TX-RX ray (k = 4/3 bulge, 2 mm here) */
    const double lambda = 299792458.0 / fc_hz;
    const double z_tx = ground_tx + h_tx, z_rx = ground_rx + h_rx;
    const double edge = crest + d1 * d2 / (2.0 * 8495e3) - (z_tx + (z_rx - z_tx) * d1 / d_total);
    const double v = edge * sqrt(2.0 / lambda * (1.0 / d1 + 1.0 / d2));
    const double j = j_of_v(v);
    const double bull = j + (1.0 - exp(-j / 6.0)) * (10.0 + 0.02 * d_total / 1000.0);
    print_message("edge %.2f m above the ray, v = %.3f, J(v) = %.2f dB, Bullington %.2f dB\n", edge,
                  v, j, bull);
    dx_assert_close(v, 2.354, 0.005, 0); /* the geometry above, evaluated once by hand */
    dx_terrain_grid_options o;
    assert_int_equal(dx_terrain_grid_options_init(&o, DX_TERRAIN_GRID_OPTIONS_VERSION), DX_OK);
    o.model = DX_TERRAIN_LOSS_BULLINGTON;
    double loss = NAN;
    unsigned char shadow = 0;
    o.method = DX_TERRAIN_GRID_PER_PIXEL;
    assert_int_equal(dx_terrain_loss_grid(dem, lat, lon_tx, h_tx, fc_hz, 1, &lat, &lon_rx, &h_rx,
                                          &o, &loss, &shadow, NULL),
                     DX_OK);
    assert_int_equal(shadow, 1);
    dx_assert_close(loss, bull, 0.05, 0); /* 5 m samples: the crest is a sample */
    /* the radial approximation the grid engine uses (lateral offset <= half a cell) */
    o.method = DX_TERRAIN_GRID_RADIAL;
    assert_int_equal(dx_terrain_loss_grid(dem, lat, lon_tx, h_tx, fc_hz, 1, &lat, &lon_rx, &h_rx,
                                          &o, &loss, &shadow, NULL),
                     DX_OK);
    dx_assert_close(loss, bull, 0.5, 0);
    /* another k_factor moves the bulge: k = 0.5 raises the crest by d1 d2 (1/(2 0.5 a) - 1/(2 a_e)) */
    o.method = DX_TERRAIN_GRID_PER_PIXEL;
    o.k_factor = 0.5;
    double loss_k = NAN;
    assert_int_equal(dx_terrain_loss_grid(dem, lat, lon_tx, h_tx, fc_hz, 1, &lat, &lon_rx, &h_rx,
                                          &o, &loss_k, &shadow, NULL),
                     DX_OK);
    const double edge_k = edge + d1 * d2 * (1.0 / (2.0 * 0.5 * 6371008.8) - 1.0 / (2.0 * 8495e3));
    const double v_k = edge_k * sqrt(2.0 / lambda * (1.0 / d1 + 1.0 / d2));
    const double j_k = j_of_v(v_k);
    dx_assert_close(loss_k, j_k + (1.0 - exp(-j_k / 6.0)) * (10.0 + 0.02 * d_total / 1000.0), 0.05,
                    0);
    dx_dem_free(dem);
}

static void expect_load_error(const char *from, const char *with, dx_status code, const char *text)
{
    dx_scenario *sc = NULL;
    dx_status st = load_variant(from, with, &sc);
    if (st != code || !strstr(dx_last_error(), text))
        print_error("got %s: %s\n", dx_status_name(st), dx_last_error());
    assert_int_equal(st, code);
    assert_non_null(strstr(dx_last_error(), text));
    assert_null(sc);
}

static void test_terrain_plan__bad_terrain_is_refused_with_file_line_and_value(void **state)
{
    (void)state;
    expect_load_error("<terrain", "<terrain dem=\"gsi-dem/no-such-tile.xml\"/>", DX_EIO,
                      "no-such-tile.xml does not exist");
    expect_load_error("<terrain", "<terrain dem=\"gsi-dem/no-such-tile.xml\"/>", DX_EIO,
                      "terrain_ridge.xml:9: <scenario>/<terrain>");
    /* a DEM10B tile of Okinawa: the area near Mt Fuji lies outside it */
    expect_load_error("<terrain", "<terrain dem=\"gsi-dem/FG-GML-3926-76-DEM10B-20161001.xml\"/>",
                      DX_EDOMAIN, "lies outside every tile");
    expect_load_error("<terrain", "<terrain dem=\"gsi-dem/FG-GML-3926-76-DEM10B-20161001.xml\"/>",
                      DX_EDOMAIN, "392676 DEM10B");
    expect_load_error("<terrain", "<terrain dem=\"gsi-dem\" model=\"hata\"/>", DX_EDOMAIN,
                      "model = 'hata' is not allowed (one of: p526, p526-deygout, itm)");
    expect_load_error("<terrain", "<terrain dem=\"gsi-dem\" k_factor=\"0\"/>", DX_EDOMAIN,
                      "k_factor = 0");
    expect_load_error("<area", "<area width_m=\"1100\" height_m=\"880\" environment=\"rural\"/>",
                      DX_EPARSE, "needs the area's geographic origin");
    /* a corrupt tile: the DEM reader's message, prefixed with the element */
    char bad[] = "/tmp/dxsim-test-corrupt-XXXXXX";
    int fd = mkstemp(bad);
    assert_true(fd >= 0);
    const char *junk = "<?xml version=\"1.0\"?><Dataset><DEM><mesh>5238740";
    assert_int_equal(write(fd, junk, strlen(junk)), (long)strlen(junk));
    close(fd);
    char path[64];
    snprintf(path, sizeof path, "%s.xml", bad);
    assert_int_equal(rename(bad, path), 0);
    char elem[256];
    snprintf(elem, sizeof elem, "<terrain dem=\"%s\"/>", path);
    expect_load_error("<terrain", elem, DX_EPARSE, "<scenario>/<terrain>: dem '/tmp/dxsim-test");
    unlink(path);
    /* a folder: every .xml/.zip in it, mosaicked (the DEM5A tile covers the area) */
    dx_scenario *sc = NULL;
    assert_int_equal(load_variant("<terrain", "<terrain dem=\"gsi-dem\" model=\"itm\"/>", &sc),
                     DX_OK);
    dx_scenario_free(sc);
}

static void test_terrain_plan__calibration_offset_equals_a_smaller_budget(void **state)
{
    (void)state;
    dx_coverage_link a, b;
    assert_int_equal(dx_coverage_link_init(&a, DX_COVERAGE_LINK_VERSION), DX_OK);
    a.model = DX_PROPAGATION_38901_RMA;
    a.fc_hz = 4.75e9;
    a.h_bs_m = 20.0;
    a.max_path_loss_db = 138.5;
    b = a;
    a.pl_offset_db = 7.25;
    b.max_path_loss_db -= 7.25;
    double ra, rb;
    assert_int_equal(dx_coverage_composite_radius_m(&a, 0.9, 0.0, 10.0, 20000.0, &ra, NULL), DX_OK);
    assert_int_equal(dx_coverage_composite_radius_m(&b, 0.9, 0.0, 10.0, 20000.0, &rb, NULL), DX_OK);
    dx_assert_close(ra, rb, 0, 1e-9);
    /* a slope of s dB/decade at d_ref = the radius itself changes nothing at that radius */
    a.pl_slope_db_per_decade = 12.5;
    a.pl_d_ref_m = ra;
    double ps;
    assert_int_equal(dx_coverage_served_probability_ratio(&a, 1, &ra, &ps), DX_OK);
    dx_assert_close(ps, 0.9, 1e-6, 0);
    a.pl_d_ref_m = 0.0;
    assert_int_equal(dx_coverage_served_probability_ratio(&a, 1, &ra, &ps), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "pl_d_ref_m = 0"));

    /* in a scenario: the plan uses it and says so */
    dx_scenario *plain = NULL, *cal = NULL;
    assert_int_equal(load_variant("<terrain", "", &plain), DX_OK);
    assert_int_equal(load_variant("<terrain",
                                  "<calibration offset_db=\"6\" sigma_db=\"5.5\" "
                                  "technology=\"l5g-sub6\" source=\"drive test (example)\"/>",
                                  &cal),
                     DX_OK);
    dx_plan *pp = plan_one(plain, "l5g-sub6", DX_PLAN_FIDELITY_ANALYTIC, 0.0);
    dx_plan *pc = plan_one(cal, "l5g-sub6", DX_PLAN_FIDELITY_ANALYTIC, 0.0);
    dx_plan_tech tp, tc;
    dx_plan_get(pp, 0, &tp);
    dx_plan_get(pc, 0, &tc);
    assert_true(tc.cell_radius_m < tp.cell_radius_m);
    dx_assert_close(tc.shadow_sigma_db, 5.5, 1e-12, 0);
    assert_true(has_note(pc, "calibration applied (scenario line 9, drive test (example))"));
    assert_true(has_note(pc, "+ 6.00 dB"));
    dx_coverage_options oc;
    assert_int_equal(dx_plan_coverage_options(pc, 0, &oc), DX_OK);
    dx_assert_close(oc.pl_offset_db, 6.0, 0, 0);
    assert_null(oc.dem);
    dx_plan_free(pp);
    dx_plan_free(pc);
    /* the calibration of another technology leaves this one alone */
    dx_scenario_free(cal);
    assert_int_equal(load_variant("<terrain", "<calibration offset_db=\"6\" technology=\"halow\"/>",
                                  &cal),
                     DX_OK);
    pc = plan_one(cal, "l5g-sub6", DX_PLAN_FIDELITY_ANALYTIC, 0.0);
    dx_plan_get(pc, 0, &tc);
    dx_assert_close(tc.cell_radius_m, tp.cell_radius_m, 0, 0);
    dx_plan_free(pc);
    dx_scenario_free(cal);
    dx_scenario_free(plain);
    expect_load_error("<terrain", "<calibration technology=\"l5g-sub6\"/>", DX_EPARSE,
                      "give offset_db and/or slope_db_per_decade");
    expect_load_error("<terrain", "<calibration offset_db=\"3\" technology=\"wifi9\"/>",
                      DX_EDOMAIN, "technology = 'wifi9' is not one of");
    expect_load_error("<terrain", "<calibration offset_db=\"300\"/>", DX_EDOMAIN,
                      "offset_db = 300 dB is outside the allowed range");
}

/* The terrain memo (terrain_cache.c) returns the loss exactly as computed: a
 * plan made again from the same scenario (every site position already in the
 * memo) equals the first one site for site, and so does a plan from a freshly
 * loaded copy of the scenario (an empty memo). */
static void test_terrain_plan__memo_repeats_the_plan_exactly(void **state)
{
    (void)state;
    dx_scenario *a = NULL, *b = NULL;
    assert_int_equal(dx_scenario_load(dx_test_data_path(RIDGE), NULL, &a), DX_OK);
    assert_int_equal(dx_scenario_load(dx_test_data_path(RIDGE), NULL, &b), DX_OK);
    dx_plan *p1 = plan_one(a, "halow", DX_PLAN_FIDELITY_GRID, 40.0);
    dx_plan *p2 = plan_one(a, "halow", DX_PLAN_FIDELITY_GRID, 40.0); /* from the memo */
    dx_plan *p3 = plan_one(b, "halow", DX_PLAN_FIDELITY_GRID, 40.0); /* empty memo */
    dx_plan_tech t1, t2, t3;
    assert_int_equal(dx_plan_get(p1, 0, &t1), DX_OK);
    assert_int_equal(dx_plan_get(p2, 0, &t2), DX_OK);
    assert_int_equal(dx_plan_get(p3, 0, &t3), DX_OK);
    assert_int_equal(t1.sites, t2.sites);
    assert_int_equal(t1.sites, t3.sites);
    assert_true(t1.coverage_ratio == t2.coverage_ratio && t1.coverage_ratio == t3.coverage_ratio);
    dx_site s1[64], s2[64];
    size_t n1 = 0, n2 = 0;
    assert_int_equal(dx_plan_sites(p1, 0, 64, s1, &n1), DX_OK);
    assert_int_equal(dx_plan_sites(p2, 0, 64, s2, &n2), DX_OK);
    assert_int_equal(n1, n2);
    for (size_t k = 0; k < n1; k++) {
        assert_true(s1[k].x_m == s2[k].x_m && s1[k].y_m == s2[k].y_m);
        /* with terrain the sites stand on pixel centres (x0 + (i + 1/2) res) */
        double fx = fmod(s1[k].x_m, 40.0), fy = fmod(s1[k].y_m, 40.0);
        dx_assert_close(fabs(fx), 20.0, 1e-6, 0);
        dx_assert_close(fabs(fy), 20.0, 1e-6, 0);
    }
    dx_plan_free(p1);
    dx_plan_free(p2);
    dx_plan_free(p3);
    dx_scenario_free(a);
    dx_scenario_free(b);
}

/* Monte Carlo draws that re-plan use the terrain (grid fidelity, terrain loss
 * from the memo): on this ridge every draw's Local 5G design needs more sites
 * than on flat earth (physics: terrain only removes signal), so the cost
 * percentiles of the hilly run lie above the flat ones. */
static void test_terrain_plan__monte_carlo_draws_see_the_terrain(void **state)
{
    (void)state;
    static const char *mc =
        "  <plan fidelity=\"grid\" grid_resolution_m=\"40\"/>\n"
        "  <finance horizon_years=\"5\" discount_rate=\"0.04\" prices=\"tax-excluded\"/>\n"
        "  <uncertainty draws=\"40\" seed=\"3\"><input target=\"target_area\" dist=\"uniform\" "
        "a=\"0.8\" b=\"0.99\"/></uncertainty>";
    dx_scenario *hilly = NULL, *flat = NULL;
    assert_int_equal(load_variant("<plan", mc, &hilly), DX_OK);
    /* the flat copy: the same text without <terrain> */
    char path[4096];
    snprintf(path, sizeof path, "%s", dx_test_data_path(RIDGE));
    size_t len;
    char *xml = slurp(path, &len);
    char *t = strstr(xml, "<terrain"), *te = strchr(t, '\n');
    memmove(t, te, strlen(te) + 1);
    char *pl = strstr(xml, "<plan"), *pe = strchr(pl, '\n');
    size_t head = (size_t)(pl - xml);
    char *buf = malloc(strlen(xml) + strlen(mc) + 1);
    memcpy(buf, xml, head);
    strcpy(buf + head, mc);
    strcat(buf, pe);
    assert_int_equal(dx_scenario_load_memory(buf, strlen(buf), path, NULL, &flat), DX_OK);
    free(buf);
    free(xml);
    dx_results *rh = NULL, *rf = NULL;
    dx_status st = dx_compare_run(hilly, &rh);
    if (st != DX_OK)
        print_error("dx_compare_run: %s\n", dx_last_error());
    assert_int_equal(st, DX_OK);
    assert_int_equal(dx_compare_run(flat, &rf), DX_OK);
    int seen = 0;
    for (size_t i = 0; i < dx_results_count(rh); i++) {
        dx_tech_result h, f;
        assert_int_equal(dx_results_get(rh, i, &h), DX_OK);
        if (strcmp(h.id, "l5g-sub6") != 0)
            continue;
        for (size_t j = 0; j < dx_results_count(rf); j++) {
            assert_int_equal(dx_results_get(rf, j, &f), DX_OK);
            if (strcmp(f.id, "l5g-sub6") != 0)
                continue;
            print_message("l5g-sub6 net cost P10/P50/P90: %.0f/%.0f/%.0f with terrain, "
                          "%.0f/%.0f/%.0f flat\n",
                          h.net_cost_p10_jpy, h.net_cost_p50_jpy, h.net_cost_p90_jpy,
                          f.net_cost_p10_jpy, f.net_cost_p50_jpy, f.net_cost_p90_jpy);
            assert_true(isfinite(h.net_cost_p50_jpy) && isfinite(f.net_cost_p50_jpy));
            assert_true(h.net_cost_p10_jpy > f.net_cost_p10_jpy);
            assert_true(h.net_cost_p50_jpy > f.net_cost_p50_jpy);
            seen = 1;
        }
    }
    assert_true(seen);
    dx_results_free(rh);
    dx_results_free(rf);
    dx_scenario_free(hilly);
    dx_scenario_free(flat);
}

/* A million cameras on the ridge: the grid plan's capacity step shrank the hex
 * spacing to millimetres (1e11 lattice points per layout, each compared with
 * every site placed): the run had not ended after 120 s. Below half a pixel the
 * layout cannot get denser (sites stand on pixel centres), so the plan stops
 * there with every pixel a site; the alarm fails the test if it hangs again. */
static void on_alarm(int sig)
{
    (void)sig;
    static const char m[] = "test_terrain_plan: the million-camera plan hung\n";
    if (write(2, m, sizeof m - 1) < 0)
        _exit(2);
    _exit(1);
}

static void test_terrain_plan__huge_demand_stops_at_every_pixel_a_site(void **state)
{
    (void)state;
    dx_scenario *sc = NULL;
    assert_int_equal(load_variant("<devices", "<devices name=\"slope cameras\" count=\"1e6\" "
                                              "ul_kbps=\"2000\" required_ul_kbps=\"2000\"/>", &sc),
                     DX_OK);
    signal(SIGALRM, on_alarm);
    alarm(120); /* about 3 s (plain) / 30 s (ASan) after the fix */
    dx_plan *p = plan_one(sc, "l5g-sub6", DX_PLAN_FIDELITY_GRID, 40.0);
    alarm(0);
    dx_plan_tech t;
    assert_int_equal(dx_plan_get(p, 0, &t), DX_OK);
    /* 1100 m x 880 m on 40 m pixels: 28 x 22 = 616 pixel centres */
    assert_true(t.sites > 0 && t.sites <= 616);
    dx_plan_free(p);
    dx_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_terrain_plan__grid_needs_more_sites_behind_the_ridge),
        cmocka_unit_test(test_terrain_plan__shadowed_pixels_are_lost_never_gained),
        cmocka_unit_test(test_terrain_plan__one_profile_matches_a_hand_knife_edge),
        cmocka_unit_test(test_terrain_plan__bad_terrain_is_refused_with_file_line_and_value),
        cmocka_unit_test(test_terrain_plan__calibration_offset_equals_a_smaller_budget),
        cmocka_unit_test(test_terrain_plan__memo_repeats_the_plan_exactly),
        cmocka_unit_test(test_terrain_plan__monte_carlo_draws_see_the_terrain),
        cmocka_unit_test(test_terrain_plan__huge_demand_stops_at_every_pixel_a_site),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
