/* Link module: noise floor, link budget, antenna patterns and the Japanese
 * transmit-power rules (refused, never clipped). */
#include "dx_test.h"
#include <dxsim.h>

static void expect_error(int st, int code, const char *needle)
{
    assert_int_equal(st, code);
    if (!strstr(dx_last_error(), needle)) {
        print_error("dx_last_error() = '%s' does not name '%s'\n", dx_last_error(), needle);
        fail();
    }
}

static void test_link__thermal_noise_is_minus_174_dbm_per_hz_plus_nf(void **state)
{
    (void)state;
    /* Textbook kTB at 290 K: -174 dBm/Hz (exactly -173.975 with the SI Boltzmann constant).
     * 20 MHz, NF 7 dB: -174 + 73.01 + 7 = -93.99 dBm; 180 kHz, NF 5 dB: -116.45 dBm
     * (3GPP TR 36.888 / TR 45.820 MCL tables use -174 dBm/Hz). */
    double bw[3] = {20e6, 180e3, 2.385e6}, nf[3] = {7, 5, 6.2}, out[3];
    assert_int_equal(dx_link_thermal_noise_dbm(3, bw, nf, out), DX_OK);
    dx_assert_close(out[0], -93.99, 0.03, 0);
    dx_assert_close(out[1], -116.45, 0.03, 0);
    dx_assert_close(out[2], -174 + 10 * log10(2.385e6) + 6.2, 0.03, 0);
    bw[1] = -1;
    expect_error(dx_link_thermal_noise_dbm(3, bw, nf, out), DX_EDOMAIN, "bw_hz[1]");
    bw[1] = 1e6;
    nf[2] = -0.5;
    expect_error(dx_link_thermal_noise_dbm(3, bw, nf, out), DX_EDOMAIN, "noise_figure_db[2]");
    expect_error(dx_link_thermal_noise_dbm(3, NULL, nf, out), DX_EINVAL, "bw_hz");
}

static void test_link__eirp_and_sinr_combine_powers(void **state)
{
    (void)state;
    double p = 24.9, g = 15, l = 1, e;
    assert_int_equal(dx_link_eirp_dbm(1, &p, &g, &l, &e), DX_OK);
    dx_assert_close(e, 38.9, 1e-12, 0);
    /* S = -80 dBm, N = -95 dBm, I = -95 dBm: S/(N+I) = 15 - 3.0103 dB. */
    double s = -80, n = -95, i = -95, none = -INFINITY, out;
    assert_int_equal(dx_link_sinr_db(1, &s, &n, &i, &out), DX_OK);
    dx_assert_close(out, 15 - 10 * log10(2.0), 1e-9, 0);
    assert_int_equal(dx_link_sinr_db(1, &s, &n, &none, &out), DX_OK);
    dx_assert_close(out, 15, 1e-9, 0);
}

static void test_link__max_path_loss_matches_a_hand_budget(void **state)
{
    (void)state;
    dx_link_budget lb;
    assert_int_equal(dx_link_budget_init(&lb, DX_LINK_BUDGET_VERSION), DX_OK);
    assert_int_equal(dx_link_budget_size(), sizeof lb);
    /* TR 36.888-style eMTC PUSCH budget: 23 dBm UE, 0 dBi, eNB NF 5 dB, 180 kHz,
     * required SINR -16.25 dB: MCL = 23 - (-116.45 - 16.25) = 155.7 dB (the
     * 3GPP Rel-13 coverage target, TR 36.888). */
    lb.tx_power_dbm = 23;
    lb.bandwidth_hz = 180e3;
    lb.noise_figure_db = 5;
    lb.required_sinr_db = -16.25;
    double mapl, req;
    assert_int_equal(dx_link_max_path_loss_db(&lb, &mapl), DX_OK);
    dx_assert_close(mapl, 155.7, 0.05, 0);
    /* Every loss and margin subtracts one for one. */
    lb.body_loss_db = 3;
    lb.penetration_loss_db = 12.5;
    lb.interference_margin_db = 2;
    lb.shadowing_margin_db = 7.8;
    lb.tx_cable_loss_db = 0.5;
    lb.rx_antenna_gain_dbi = 17;
    lb.rx_cable_loss_db = 2;
    double mapl2;
    assert_int_equal(dx_link_max_path_loss_db(&lb, &mapl2), DX_OK);
    dx_assert_close(mapl2, mapl - 3 - 12.5 - 2 - 7.8 - 0.5 + 17 - 2, 1e-9, 0);
    assert_int_equal(dx_link_required_rx_level_dbm(&lb, &req), DX_OK);
    dx_assert_close(req, -116.45 - 16.25 + 2, 0.03, 0);
    /* At the MAPL minus the fade margin the received power equals the required level. */
    double pl = mapl2 + lb.shadowing_margin_db, rx;
    assert_int_equal(dx_link_received_power_dbm(&lb, 1, &pl, &rx), DX_OK);
    dx_assert_close(rx, req, 1e-9, 0);
    lb.penetration_loss_db = -1;
    expect_error(dx_link_max_path_loss_db(&lb, &mapl), DX_EDOMAIN, "penetration_loss_db");
    expect_error(dx_link_budget_init(&lb, 99), DX_EINVAL, "version");
}

static void test_link__japanese_caps_refuse_designs_above_them(void **state)
{
    (void)state;
    dx_technology lpi, vlp, halow, lora, l5g, w7;
    assert_int_equal(dx_technology_find("wifi6e-lpi", &lpi), DX_OK);
    assert_int_equal(dx_technology_find("wifi6e-vlp", &vlp), DX_OK);
    assert_int_equal(dx_technology_find("halow", &halow), DX_OK);
    assert_int_equal(dx_technology_find("lorawan-as923", &lora), DX_OK);
    assert_int_equal(dx_technology_find("l5g-sub6", &l5g), DX_OK);
    assert_int_equal(dx_technology_find("wifi7", &w7), DX_OK);
    /* 6 GHz LPI: 200 mW EIRP indoors (domain-japan §2.1). */
    assert_int_equal(dx_link_check_power_limit(&lpi, 20, 3, 0), DX_OK);
    expect_error(dx_link_check_power_limit(&lpi, 20, 3, 1), DX_EREFUSED, "outdoors");
    expect_error(dx_link_check_power_limit(&lpi, 21.5, 3, 0), DX_EREFUSED, "24.50 dBm");
    expect_error(dx_link_check_power_limit(&w7, 20, 3, 1), DX_EREFUSED, "domain-japan.md §2.1");
    /* VLP: 25 mW ("14 dBm") EIRP indoors and outdoors. */
    assert_int_equal(dx_link_check_power_limit(&vlp, 11, 3, 1), DX_OK);
    expect_error(dx_link_check_power_limit(&vlp, 12, 3, 1), DX_EREFUSED, "VLP");
    /* HaLow: 20 mW antenna power and 3 dBi (ARIB STD-T108, domain-japan §3.1). */
    assert_int_equal(dx_link_check_power_limit(&halow, 13, 3, 1), DX_OK);
    expect_error(dx_link_check_power_limit(&halow, 14, 0, 1), DX_EREFUSED, "20 mW");
    expect_error(dx_link_check_power_limit(&halow, 13, 6, 1), DX_EREFUSED, "EIRP");
    /* LoRaWAN AS923 Japan: 16 dBm EIRP (domain-japan §4.1). */
    assert_int_equal(dx_link_check_power_limit(&lora, 13, 2.15, 1), DX_OK);
    expect_error(dx_link_check_power_limit(&lora, 13, 5, 1), DX_EREFUSED, "16 dBm");
    /* Local 5G: cap per licence, none catalogued: accepted. */
    assert_int_equal(dx_link_check_power_limit(&l5g, 24.9, 15, 1), DX_OK);
    /* 4.6-4.8 GHz Local 5G is indoor only (domain-japan §1.1): outdoor use refused. */
    dx_technology l5gi;
    if (dx_technology_find("l5g-sub6-indoor", &l5gi) == DX_OK && l5gi.indoor_only) {
        assert_int_equal(dx_link_check_power_limit(&l5gi, l5gi.bs_tx_power_dbm, 3, 0), DX_OK);
        expect_error(dx_link_check_power_limit(&l5gi, l5gi.bs_tx_power_dbm, 3, 1), DX_EREFUSED,
                     "indoor only");
    }
    expect_error(dx_link_check_power_limit(NULL, 1, 1, 0), DX_EINVAL, "tech");
}

static void test_link__3gpp_sector_pattern_follows_tr38901(void **state)
{
    (void)state;
    dx_link_antenna a;
    assert_int_equal(dx_link_antenna_init(&a, DX_LINK_ANTENNA_VERSION), DX_OK);
    assert_int_equal(dx_link_antenna_size(), sizeof a);
    /* TR 38.901 Table 7.3-1: 8 dBi at boresight; -3 dB at phi = 32.5 deg (half of 65);
     * -12 dB at 65 deg; floor A_max = 30 dB behind; vertical -3 dB at theta = 90 +/- 32.5. */
    double az[5] = {0, 32.5, 65, 180, 0}, th[5] = {90, 90, 90, 90, 122.5}, g[5];
    assert_int_equal(dx_link_antenna_gain_dbi(&a, 5, az, th, g), DX_OK);
    dx_assert_close(g[0], 8, 1e-12, 0);
    dx_assert_close(g[1], 5, 1e-12, 0);
    dx_assert_close(g[2], -4, 1e-12, 0);
    dx_assert_close(g[3], -22, 1e-12, 0);
    dx_assert_close(g[4], 5, 1e-12, 0);
    /* A 6.35 deg downtilt moves the maximum to theta = 96.35 deg. */
    a.downtilt_deg = 6.35;
    double th2 = 96.35, az2 = -360.0, g2;
    assert_int_equal(dx_link_antenna_gain_dbi(&a, 1, &az2, &th2, &g2), DX_OK);
    dx_assert_close(g2, 8, 1e-12, 0);
    /* Omni: constant. */
    a.kind = DX_LINK_ANTENNA_OMNI;
    a.max_gain_dbi = 2.15;
    assert_int_equal(dx_link_antenna_gain_dbi(&a, 5, az, th, g), DX_OK);
    dx_assert_close(g[3], 2.15, 0, 0);
    double bad = 181;
    expect_error(dx_link_antenna_gain_dbi(&a, 1, &az2, &bad, &g2), DX_EDOMAIN, "zenith_deg[0]");
}

static void test_link__table_pattern_interpolates_the_cuts(void **state)
{
    (void)state;
    dx_link_antenna a;
    assert_int_equal(dx_link_antenna_init(&a, DX_LINK_ANTENNA_VERSION), DX_OK);
    static const double haz[] = {-180, -90, 0, 90, 180}, hg[] = {-25, -10, 0, -10, -25};
    static const double vth[] = {0, 80, 90, 100, 180}, vg[] = {-20, -4, 0, -4, -20};
    a.kind = DX_LINK_ANTENNA_TABLE;
    a.max_gain_dbi = 12.0;
    a.n_h = 5;
    a.h_azimuth_deg = haz;
    a.h_gain_db = hg;
    a.n_v = 5;
    a.v_zenith_deg = vth;
    a.v_gain_db = vg;
    double az[3] = {45, 270, 0}, th[3] = {95, 90, 90}, g[3];
    assert_int_equal(dx_link_antenna_gain_dbi(&a, 3, az, th, g), DX_OK);
    dx_assert_close(g[0], 12 - 5 - 2, 1e-12, 0); /* H(45) = -5, V(95) = -2 */
    dx_assert_close(g[1], 12 - 10, 1e-12, 0);    /* 270 deg wraps to -90 */
    dx_assert_close(g[2], 12, 1e-12, 0);
    static const double bad_az[] = {-180, 0, -10, 180, 190};
    a.h_azimuth_deg = bad_az;
    expect_error(dx_link_antenna_gain_dbi(&a, 3, az, th, g), DX_EDOMAIN, "h_azimuth_deg[2]");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_link__thermal_noise_is_minus_174_dbm_per_hz_plus_nf),
        cmocka_unit_test(test_link__eirp_and_sinr_combine_powers),
        cmocka_unit_test(test_link__max_path_loss_matches_a_hand_budget),
        cmocka_unit_test(test_link__japanese_caps_refuse_designs_above_them),
        cmocka_unit_test(test_link__3gpp_sector_pattern_follows_tr38901),
        cmocka_unit_test(test_link__table_pattern_interpolates_the_cuts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
