/* Calibration: synthetic measurements from a known model plus log-normal
 * shadowing recover offset, slope and sigma inside their intervals; Tobit
 * with censoring; leave-one-out figures checked by hand on tiny sets; the
 * LoRa signal-power rule of the Semtech SX1276 datasheet §5.5.5. */
#include "dx_test.h"
#include "dxsim/calibrate.h"
#include "dxsim/uncertainty.h"

/* seeded draws through the library's one RNG (uncertainty.h) */
static void draws(dx_dist_kind kind, double a, double b, unsigned long seed, size_t n, double *out)
{
    dx_distribution dd = {kind, a, b, 0};
    assert_int_equal(dx_uncertainty_sample(&dd, seed, n, out), DX_OK);
}

#define N 600

static void synth(unsigned long seed, double off, double slope, double sig, double *d,
                  double *model, double *meas)
{
    double u[N], g[N];
    draws(DX_DIST_UNIFORM, 0.0, 1.0, seed, N, u);
    draws(DX_DIST_NORMAL, 0.0, sig, seed + 100000, N, g);
    for (int i = 0; i < N; i++) {
        d[i] = 100.0 * pow(10.0, 2.0 * u[i]);           /* 100 m .. 10 km */
        model[i] = 120.0 + 35.0 * log10(d[i] / 1000.0); /* any base model */
        meas[i] = model[i] + off + slope * log10(d[i] / 1000.0) + g[i];
    }
}

static void test_calibrate__recovers_offset_slope_sigma_within_intervals(void **state)
{
    (void)state;
    double d[N], m[N], y[N];
    /* several seeds: every interval must cover the truth in (nearly) all runs */
    int covered = 0, runs = 20;
    for (int s = 0; s < runs; s++) {
        synth(1000 + s, 6.0, -4.0, 7.0, d, m, y);
        dx_calibration c;
        assert_int_equal(dx_calibrate_fit(N, d, m, y, NULL, NULL, NULL, NULL, &c), DX_OK);
        int ok = c.offset_ci_db[0] <= 6.0 && 6.0 <= c.offset_ci_db[1] &&
                 c.slope_ci_db_per_decade[0] <= -4.0 && -4.0 <= c.slope_ci_db_per_decade[1] &&
                 c.sigma_ci_db[0] <= 7.0 && 7.0 <= c.sigma_ci_db[1];
        covered += ok;
        /* estimates near the truth: 5 standard errors at most */
        dx_assert_close(c.offset_db, 6.0, 5 * 7.0 / sqrt(N) * 1.5, 0);
        dx_assert_close(c.sigma_db, 7.0, 1.0, 0);
        dx_assert_close(c.bias_db, 0.0, 1e-9, 0); /* OLS with an intercept */
        assert_true(c.rmse_db < c.model_rmse_db);
        assert_true(c.loo_rmse_db >= c.rmse_db);
        dx_assert_close(c.loo_rmse_db, c.rmse_db, 0.1, 0);
        assert_int_equal(c.censored_ml, 0);
    }
    /* 95 % intervals: the joint coverage of three is about 0.86; 20 runs */
    assert_true(covered >= 13);
}

static void test_calibrate__tobit_handles_censored_losses(void **state)
{
    (void)state;
    double d[N], m[N], y[N], yc[N];
    unsigned char cens[N];
    synth(77, 6.0, -4.0, 7.0, d, m, y);
    /* packets lost when the loss exceeds 130 dB: only the bound is known */
    size_t nc = 0;
    for (int i = 0; i < N; i++) {
        cens[i] = y[i] > 130.0;
        yc[i] = cens[i] ? 130.0 : y[i];
        nc += cens[i];
    }
    assert_true(nc > N / 5); /* a real censoring share */
    dx_calibration c, naive;
    dx_status st_ = dx_calibrate_fit(N, d, m, yc, cens, NULL, NULL, NULL, &c);
    if (st_ != DX_OK)
        print_error("%s\n", dx_last_error());
    assert_int_equal(st_, DX_OK);
    assert_int_equal(c.n_censored, nc);
    assert_int_equal(c.censored_ml, 1);
    assert_true(c.offset_ci_db[0] <= 6.0 && 6.0 <= c.offset_ci_db[1]);
    assert_true(c.slope_ci_db_per_decade[0] <= -4.0 && -4.0 <= c.slope_ci_db_per_decade[1]);
    assert_true(c.sigma_ci_db[0] <= 7.0 && 7.0 <= c.sigma_ci_db[1]);
    /* dropping the lost packets instead biases the fit (the reason for Tobit) */
    unsigned char keep[N];
    double dk[N], mk[N], yk[N];
    size_t k = 0;
    for (int i = 0; i < N; i++)
        if (!cens[i]) {
            dk[k] = d[i];
            mk[k] = m[i];
            yk[k] = y[i];
            keep[k++] = 0;
        }
    (void)keep;
    assert_int_equal(dx_calibrate_fit(k, dk, mk, yk, NULL, NULL, NULL, NULL, &naive), DX_OK);
    assert_true(fabs(naive.slope_db_per_decade + 4.0) > fabs(c.slope_db_per_decade + 4.0));
    assert_true(naive.sigma_db < c.sigma_db);
}

static void test_calibrate__leave_one_out_by_hand(void **state)
{
    (void)state;
    /* offset only, residuals y - model = 1, 2, 3, 6:
     * leave-one-out means 11/3, 10/3, 3, 2 -> errors -8/3, -4/3, 0, 4,
     * RMSE = sqrt((64/9 + 16/9 + 0 + 16) / 4) */
    double d[4] = {100, 200, 300, 400}, m[4] = {0, 0, 0, 0}, y[4] = {1, 2, 3, 6};
    dx_calibrate_options o;
    dx_calibrate_options_init(&o, DX_CALIBRATE_OPTIONS_VERSION);
    o.fit_slope = 0;
    dx_calibration c;
    assert_int_equal(dx_calibrate_fit(4, d, m, y, NULL, NULL, NULL, &o, &c), DX_OK);
    dx_assert_close(c.offset_db, 3.0, 1e-12, 0);
    dx_assert_close(c.loo_rmse_db, sqrt((64.0 / 9 + 16.0 / 9 + 16.0) / 4), 1e-12, 0);
    /* sample sigma: sqrt(((-2)^2 + 1 + 0 + 9) / 3); rmse sqrt(14/4) */
    dx_assert_close(c.sigma_db, sqrt(14.0 / 3), 1e-12, 0);
    dx_assert_close(c.rmse_db, sqrt(14.0 / 4), 1e-12, 0);
    /* t(0.975, 3) = 3.182446: CI = 3 +- 3.182446 sigma / 2 */
    dx_assert_close(c.offset_ci_db[1] - 3.0, 3.182446305 * sqrt(14.0 / 3) / 2, 1e-6, 0);
    /* groups {a, a, b, b}: means of the others 4.5 and 1.5 ->
     * errors -3.5, -2.5, 1.5, 4.5 -> RMSE sqrt(41 / 4) */
    int g[4] = {7, 7, 9, 9};
    assert_int_equal(dx_calibrate_fit(4, d, m, y, NULL, NULL, g, &o, &c), DX_OK);
    dx_assert_close(c.loo_rmse_db, sqrt(41.0 / 4), 1e-12, 0);
    assert_int_equal(c.n_groups, 2);
    /* offset + slope on 4 points: x = log10(d / 1000); refits by hand-checked
     * group path equal the hat-matrix shortcut */
    dx_calibrate_options_init(&o, DX_CALIBRATE_OPTIONS_VERSION);
    int gi[4] = {0, 1, 2, 3};
    dx_calibration c1, c2;
    assert_int_equal(dx_calibrate_fit(4, d, m, y, NULL, NULL, NULL, &o, &c1), DX_OK);
    assert_int_equal(dx_calibrate_fit(4, d, m, y, NULL, NULL, gi, &o, &c2), DX_OK);
    dx_assert_close(c1.loo_rmse_db, c2.loo_rmse_db, 1e-9, 0);
}

static void test_calibrate__fast_fading_window_and_apply(void **state)
{
    (void)state;
    /* Rayleigh fast fading on top of 4 dB shadowing that is constant over
     * windows of 20 samples: the location sigma comes back near 4 dB while
     * the raw sigma is larger */
    enum { W = 20, B = 150 };
    static double d[W * B], m[W * B], y[W * B], u[W * B], shv[B];
    draws(DX_DIST_NORMAL, 0.0, 4.0, 5, B, shv);
    draws(DX_DIST_UNIFORM, 0.0, 1.0, 6, W * B, u);
    for (int b = 0; b < B; b++) {
        double sh = shv[b], dist = 200.0 + 30.0 * b;
        for (int k = 0; k < W; k++) {
            int i = b * W + k;
            d[i] = dist;
            m[i] = 100 + 30 * log10(dist / 1000);
            double pw = -log(1.0 - u[i]); /* Rayleigh power: exponential, mean 1 */
            y[i] = m[i] + sh - 10 * log10(pw);
        }
    }
    dx_calibrate_options o;
    dx_calibrate_options_init(&o, DX_CALIBRATE_OPTIONS_VERSION);
    o.fast_fading_window = W;
    dx_calibration c;
    assert_int_equal(dx_calibrate_fit(W * B, d, m, y, NULL, NULL, NULL, &o, &c), DX_OK);
    assert_true(c.sigma_db > 6.0);                       /* 4 dB (+) 5.6 dB Rayleigh */
    dx_assert_close(c.sigma_location_db, 4.0, 0.8, 0);
    double dd[2] = {1000, 10000}, mm[2] = {100, 130}, out[2];
    assert_int_equal(dx_calibrate_apply(&c, 2, dd, mm, NULL, out), DX_OK);
    dx_assert_close(out[0], 100 + c.offset_db, 1e-12, 0);
    dx_assert_close(out[1], 130 + c.offset_db + c.slope_db_per_decade, 1e-12, 0);
}

static void test_calibrate__lora_signal_from_rssi_and_snr(void **state)
{
    (void)state;
    /* SNR >= 0: packet RSSI (Semtech §5.5.5); SNR < 0: RSSI + SNR - 10 lg(1 + 10^(SNR/10)),
     * which approaches Semtech's RSSI + SNR far below the noise floor */
    double rssi[3] = {-100, -118, -120}, snr[3] = {5, -10, -20}, s[3];
    assert_int_equal(dx_calibrate_lora_signal_dbm(3, rssi, snr, 0, s), DX_OK);
    dx_assert_close(s[0], -100, 1e-12, 0);
    dx_assert_close(s[1], -118 - 10 - 10 * log10(1.1), 1e-9, 0);
    dx_assert_close(s[2], -140, 0.05, 0);
    /* exact split: S = (S+N) SNR / (1 + SNR) in linear units */
    assert_int_equal(dx_calibrate_lora_signal_dbm(1, rssi, snr, 1, s), DX_OK);
    dx_assert_close(s[0], -100 + 10 * log10(pow(10, 0.5) / (1 + pow(10, 0.5))), 1e-9, 0);
    double bad = -50;
    assert_int_equal(dx_calibrate_lora_signal_dbm(1, rssi, &bad, 0, s), DX_EDOMAIN);
}

static void test_calibrate__bad_input_names_the_sample(void **state)
{
    (void)state;
    double d[4] = {100, -1, 300, 400}, m[4] = {0}, y[4] = {1, 2, 3, 6};
    dx_calibration c;
    assert_int_equal(dx_calibrate_fit(4, d, m, y, NULL, NULL, NULL, NULL, &c), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "d2d_m[1]"));
    d[1] = 100;
    /* all distances equal: slope not identifiable */
    double de[4] = {100, 100, 100, 100};
    assert_int_equal(dx_calibrate_fit(4, de, m, y, NULL, NULL, NULL, NULL, &c), DX_EDOMAIN);
    assert_int_equal(dx_calibrate_fit(2, d, m, y, NULL, NULL, NULL, NULL, &c), DX_EINVAL);
    assert_int_equal(dx_calibrate_options_size(), sizeof(dx_calibrate_options));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_calibrate__recovers_offset_slope_sigma_within_intervals),
        cmocka_unit_test(test_calibrate__tobit_handles_censored_losses),
        cmocka_unit_test(test_calibrate__leave_one_out_by_hand),
        cmocka_unit_test(test_calibrate__fast_fading_window_and_apply),
        cmocka_unit_test(test_calibrate__lora_signal_from_rssi_and_snr),
        cmocka_unit_test(test_calibrate__bad_input_names_the_sample),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
