/* Speed-ups of the terrain path that must not change a bit (issue 14):
 *  - Bullington (dx_propagation_diffraction_loss_db) in passes against the
 *    single loop it replaced, copied below as the reference, on random
 *    profiles (line of sight, grazing and obstructed);
 *  - the bilinear DEM sample (dx__dem_bilinear) with its hint fast path
 *    against the previous code, copied below, on a mosaic of two grids with
 *    holes, across tile edges, one by one and along radials;
 *  - the memo of plans on the DEM (dx_coverage_plan with terrain): a repeated
 *    plan is a hit and equals the computed one byte for byte (result and
 *    every site slot, the slots the plan did not write untouched), a plan on a
 *    fresh DEM (empty memo) equals it too, and another device count misses.
 * The truth is the previous code itself: these are equivalence tests. */
#include "dx_test.h"
#include <dxsim.h>
#include "terrain_internal.h"

/* ---- Bullington: the reference is the previous single loop ---------------- */

static double ref_knife(double v)
{
    if (v <= -0.78)
        return 0.0;
    double x = v - 0.1;
    return 6.9 + 20.0 * log10(sqrt(x * x + 1.0) + x);
}

static double ref_bullington(size_t n_points, const double *distance_m, const double *height_m,
                             double fc_hz, double h_tx_m, double h_rx_m)
{
    const double ae_km = 8495.0;
    double lambda = 299792458.0 / fc_hz;
    double hts = height_m[0] + h_tx_m, hrs = height_m[n_points - 1] + h_rx_m;
    double dtot_km = distance_m[n_points - 1] / 1000.0;
    double ce = 1.0 / ae_km;
    double stim = -INFINITY, srim = -INFINITY, numax = -INFINITY;
    double str = (hrs - hts) / dtot_km;
    for (size_t i = 1; i + 1 < n_points; i++) {
        double di = distance_m[i] / 1000.0;
        double bul = height_m[i] + 500.0 * ce * di * (dtot_km - di);
        double s1 = (bul - hts) / di;
        double s2 = (bul - hrs) / (dtot_km - di);
        double nu = (bul - (hts * (dtot_km - di) + hrs * di) / dtot_km) *
                    sqrt(0.002 * dtot_km / (lambda * di * (dtot_km - di)));
        if (s1 > stim)
            stim = s1;
        if (s2 > srim)
            srim = s2;
        if (nu > numax)
            numax = nu;
    }
    double luc;
    if (stim < str) {
        luc = ref_knife(numax);
    } else {
        double db = (hrs - hts + srim * dtot_km) / (stim + srim);
        double nub = (hts + stim * db - (hts * (dtot_km - db) + hrs * db) / dtot_km) *
                     sqrt(0.002 * dtot_km / (lambda * db * (dtot_km - db)));
        luc = ref_knife(nub);
    }
    return luc + (1.0 - exp(-luc / 6.0)) * (10.0 + 0.02 * dtot_km);
}

static uint64_t rng_state = 0x243f6a8885a308d3ULL;
static double urand(void) /* xorshift64*, [0, 1) */
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (double)((rng_state * 0x2545f4914f6cdd1dULL) >> 11) * (1.0 / 9007199254740992.0);
}

static void test_terrain_internal__bullington_passes_equal_the_single_loop(void **state)
{
    (void)state;
    double d[600], z[600];
    size_t n_los = 0, n_obs = 0, n_zero = 0;
    for (int trial = 0; trial < 20000; trial++) {
        const size_t n = 3 + (size_t)(urand() * 590);
        const double D = 20.0 + urand() * 20000.0, xi = D / (double)(n - 1);
        const double base = urand() * 800.0, relief = urand() < 0.3 ? 0.5 : urand() * 150.0;
        const double ph = urand() * 6.3, wl = 0.05 + urand();
        for (size_t i = 0; i < n; i++) {
            d[i] = xi * (double)i;
            z[i] = base + relief * sin(ph + wl * (double)i * 6.3 / (double)n) +
                   (urand() - 0.5) * relief * 0.2;
        }
        d[n - 1] = D;
        const double fc = 100e6 + urand() * 6e9, htx = urand() * 60.0, hrx = urand() * 10.0;
        double got;
        assert_int_equal(dx_propagation_diffraction_loss_db(DX_DIFFRACTION_BULLINGTON, n, d, z, fc,
                                                            htx, hrx, &got),
                         DX_OK);
        const double want = ref_bullington(n, d, z, fc, htx, hrx);
        if (memcmp(&got, &want, sizeof got) != 0)
            fail_msg("trial %d (n %zu, D %.3f m): %.17g dB, the single loop %.17g dB", trial, n, D,
                     got, want);
        n_zero += got == 0.0;
        /* which branch: the reference's own S_tim test */
        double hts = z[0] + htx, hrs = z[n - 1] + hrx, dk = D / 1000.0, stim = -INFINITY;
        for (size_t i = 1; i + 1 < n; i++) {
            double di = d[i] / 1000.0;
            double s1 = (z[i] + 500.0 * (1.0 / 8495.0) * di * (dk - di) - hts) / di;
            stim = s1 > stim ? s1 : stim;
        }
        if (stim < (hrs - hts) / dk)
            n_los++;
        else
            n_obs++;
    }
    print_message("line of sight %zu (of which loss 0: %zu), obstructed %zu\n", n_los, n_zero,
                  n_obs);
    assert_true(n_los > 1000 && n_obs > 1000 && n_zero > 100);
}

/* ---- bilinear sample: the reference is the previous code ----------------- */

static int ref_bilinear(const dx_dem *dem, double lat, double lon, size_t *hint, double *h,
                        unsigned char *c)
{
    float h0;
    unsigned char c0;
    size_t ti = hint ? *hint : 0;
    if (!dx__dem_nearest(dem, lat, lon, &ti, &h0, &c0))
        return 0;
    if (hint)
        *hint = ti;
    const dx__dem_tile *t = &dem->t[ti];
    const double fy = (t->info.north_deg - lat) / t->info.dlat_deg - 0.5;
    const double fx = (lon - t->info.west_deg) / t->info.dlon_deg - 0.5;
    const long r0 = (long)floor(fy), q0 = (long)floor(fx);
    const double wy = fy - r0, wx = fx - q0;
    double sum = 0.0, wsum = 0.0;
    for (int dr = 0; dr < 2; dr++) {
        for (int dq = 0; dq < 2; dq++) {
            const double w = (dr ? wy : 1.0 - wy) * (dq ? wx : 1.0 - wx);
            if (w <= 0.0)
                continue;
            const long r = r0 + dr, q = q0 + dq;
            float hv;
            unsigned char cv;
            int ok;
            if (r >= 0 && q >= 0 && r < (long)t->info.rows && q < (long)t->info.cols) {
                size_t i = (size_t)r * t->info.cols + (size_t)q;
                ok = t->cls[i] != DX_DEM_CLASS_NODATA;
                hv = t->h[i];
            } else {
                const double la = t->info.north_deg - (r + 0.5) * t->info.dlat_deg;
                const double lo = t->info.west_deg + (q + 0.5) * t->info.dlon_deg;
                ok = dx__dem_nearest(dem, la, lo, NULL, &hv, &cv);
            }
            if (ok) {
                sum += w * hv;
                wsum += w;
            }
        }
    }
    *c = c0;
    *h = wsum > 0.0 ? sum / wsum : (double)h0;
    return 1;
}

static void test_terrain_internal__bilinear_equals_the_previous_code(void **state)
{
    (void)state;
    dx_dem *dem = NULL;
    assert_int_equal(dx_dem_create(&dem), DX_OK);
    /* two grids side by side (cells of 0.2" and 0.4"), a hole in each */
    enum { R1 = 60, C1 = 80, R2 = 30, C2 = 40 };
    static float a[R1 * C1], b[R2 * C2];
    for (int i = 0; i < R1 * C1; i++)
        a[i] = (float)(100.0 + 50.0 * sin(i * 0.37) + (i % 7));
    for (int i = 0; i < R2 * C2; i++)
        b[i] = (float)(300.0 + 40.0 * cos(i * 0.23));
    for (int r = 10; r < 14; r++)
        for (int q = 20; q < 26; q++)
            a[r * C1 + q] = NAN;
    for (int r = 0; r < 3; r++)
        b[r * C2 + 0] = NAN;
    const double s = 0.2 / 3600.0;
    assert_int_equal(dx_dem_add_grid(dem, 35.0, 138.0, s, s, R1, C1, a), DX_OK);
    assert_int_equal(dx_dem_add_grid(dem, 35.0, 138.0 + C1 * s, 2 * s, 2 * s, R2, C2, b), DX_OK);
    size_t hint_new = 0, hint_ref = 0, n_ok = 0;
    for (int k = 0; k < 200000; k++) {
        /* a walk (the hint is reused, as along a radial) with random jumps */
        static double lat = 35.0 + 1e-5, lon = 138.0 + 1e-5;
        if (k % 500 == 0) {
            lat = 35.0 - 2 * s + urand() * (R1 + 4) * s;
            lon = 138.0 - 2 * s + urand() * (C1 + 2 * C2 + 4) * s;
        }
        lat += (urand() - 0.5) * s;
        lon += (urand() - 0.3) * s;
        double h1 = -1, h2 = -1;
        unsigned char c1 = 99, c2 = 99;
        const int ok1 = dx__dem_bilinear(dem, lat, lon, &hint_new, &h1, &c1);
        const int ok2 = ref_bilinear(dem, lat, lon, &hint_ref, &h2, &c2);
        assert_int_equal(ok1, ok2);
        assert_int_equal(hint_new, hint_ref);
        if (ok1) {
            n_ok++;
            assert_int_equal(c1, c2);
            if (memcmp(&h1, &h2, sizeof h1) != 0)
                fail_msg("point %d (%.9f N %.9f E): %.17g m, previous code %.17g m", k, lat, lon,
                         h1, h2);
        }
        double h3 = -1, h4 = -1; /* without a hint */
        assert_int_equal(dx__dem_bilinear(dem, lat, lon, NULL, &h3, &c1),
                         ref_bilinear(dem, lat, lon, NULL, &h4, &c2));
        assert_memory_equal(&h3, &h4, sizeof h3);
    }
    assert_true(n_ok > 100000);
    /* radials (grid_radial's sampler) equal the samples one by one */
    for (int k = 0; k < 400; k++) {
        const double lat0 = 35.0 + urand() * R1 * s, lon0 = 138.0 + urand() * (C1 + 2 * C2) * s;
        const double az = urand() * 6.283185307179586, sp = 3.0 + urand() * 5.0;
        const double mlat = 110950.0 + urand() * 10.0, mlon = 91290.0 + urand() * 10.0;
        double ray[300], one[300];
        size_t h1 = 0, h2 = 0;
        dx__dem_bilinear_ray(dem, lat0, lon0, sp, cos(az), sin(az), mlat, mlon, 300, &h1, ray);
        for (size_t i = 0; i < 300; i++) {
            unsigned char c;
            const double r = sp * (double)i;
            if (!ref_bilinear(dem, lat0 + r * cos(az) / mlat, lon0 + r * sin(az) / mlon, &h2,
                              &one[i], &c))
                one[i] = NAN;
        }
        assert_int_equal(h1, h2);
        assert_memory_equal(ray, one, sizeof ray);
    }
    dx_dem_free(dem);
}

/* ---- the memo of plans on the DEM --------------------------------------- */

static dx_dem *ridge_dem(void)
{
    dx_dem *dem = NULL;
    assert_int_equal(dx_dem_create(&dem), DX_OK);
    enum { N = 120 };
    static float z[N * N];
    for (int r = 0; r < N; r++)
        for (int q = 0; q < N; q++) /* a north-south ridge at q = 60 */
            z[r * N + q] = (float)(100.0 + 120.0 * exp(-(q - 60) * (q - 60) / 40.0) + 0.1 * r);
    const double s = 0.4 / 3600.0;
    assert_int_equal(dx_dem_add_grid(dem, 35.0, 138.0, s, s, N, N, z), DX_OK);
    return dem;
}

static dx_status plan_on(const dx_dem *dem, double count, dx_site *sites, size_t cap,
                         dx_plan_result *r)
{
    dx_technology t;
    assert_int_equal(dx_technology_find("halow", &t), DX_OK);
    dx_grid g = {0.0, 0.0, 40.0, 30, 30};
    dx_coverage_options o;
    dx_coverage_options_init(&o, DX_COVERAGE_OPTIONS_VERSION);
    o.model = DX_PROPAGATION_38901_RMA;
    o.criterion = DX_COVERAGE_BY_RATE;
    o.rate_direction = 1;
    o.threads = 1;
    o.dem = dem;
    o.origin_lat_deg = 35.0 + 5e-4;
    o.origin_lon_deg = 138.0 + 5e-4;
    dx_plan_options po;
    dx_plan_options_init(&po, DX_PLAN_OPTIONS_VERSION);
    po.target_coverage_ratio = 0.9;
    dx_demand_class d;
    dx_demand_class_init(&d, "camera");
    d.count = count;
    d.ul_bps = 0.5e6;
    return dx_coverage_plan(&g, &t, &o, &po, 0, NULL, 1, &d, cap, sites, r);
}

static void test_terrain_internal__plan_memo_repeats_plans_byte_for_byte(void **state)
{
    (void)state;
    enum { CAP = 64 };
    dx_dem *dem = ridge_dem(), *fresh = ridge_dem();
    dx_site s1[CAP], s2[CAP], s3[CAP];
    memset(s1, 0xab, sizeof s1);
    memset(s2, 0xab, sizeof s2);
    memset(s3, 0xab, sizeof s3);
    dx_plan_result r1, r2, r3;
    unsigned long hits, misses;
    size_t entries;
    assert_int_equal(plan_on(dem, 12, s1, CAP, &r1), DX_OK);
    dx__dem_memo_stats(dem, &hits, &misses, &entries);
    assert_int_equal(hits, 0);
    assert_int_equal(entries, 1);
    assert_true(r1.n_sites >= 1);
    assert_int_equal(plan_on(dem, 12, s2, CAP, &r2), DX_OK); /* from the memo */
    dx__dem_memo_stats(dem, &hits, &misses, &entries);
    assert_int_equal(hits, 1);
    assert_int_equal(plan_on(fresh, 12, s3, CAP, &r3), DX_OK); /* computed again */
    assert_memory_equal(&r1, &r2, sizeof r1);
    assert_memory_equal(&r1, &r3, sizeof r1);
    assert_memory_equal(s1, s2, sizeof s1); /* slots not written keep 0xab in both */
    assert_memory_equal(s1, s3, sizeof s1);
    /* another device count is another plan: a miss, then stored */
    dx_plan_result r4;
    assert_int_equal(plan_on(dem, 400, s2, CAP, &r4), DX_OK);
    dx__dem_memo_stats(dem, &hits, &misses, &entries);
    assert_int_equal(hits, 1);
    assert_int_equal(entries, 2);
    assert_true(r4.offered_ul_bps != r1.offered_ul_bps);
    /* adding tiles empties the memo */
    float one = 5.0f;
    assert_int_equal(dx_dem_add_grid(dem, 10.0, 10.0, 0.1, 0.1, 1, 1, &one), DX_OK);
    dx__dem_memo_stats(dem, &hits, &misses, &entries);
    assert_int_equal(entries, 0);
    dx_dem_free(dem);
    dx_dem_free(fresh);
}

int main(void)
{
    dx_global_init(DX_INIT_GSL_HANDLER_OFF);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_terrain_internal__bullington_passes_equal_the_single_loop),
        cmocka_unit_test(test_terrain_internal__bilinear_equals_the_previous_code),
        cmocka_unit_test(test_terrain_internal__plan_memo_repeats_plans_byte_for_byte),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
