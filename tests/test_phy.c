/* PHY module: rates, airtime, tables and SINR -> throughput, checked against
 * other people's numbers (CSV files name their sources and tolerances). */
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

/* ---- Wi-Fi ---------------------------------------------------------------- */

static void test_phy__wifi_rates_match_linux_cfg80211(void **state)
{
    (void)state;
    dx_csv c;
    assert_int_equal(dx_csv_load(&c, "phy_wifi_rates.csv"), 0);
    assert_true(c.nrows > 100);
    for (int i = 0; i < c.nrows; i++) {
        const char *s = dx_csv_str(&c, i, "standard");
        dx_phy_wifi_standard std = strcmp(s, "ax") == 0   ? DX_PHY_WIFI_HE
                                   : strcmp(s, "be") == 0 ? DX_PHY_WIFI_EHT
                                                          : DX_PHY_WIFI_S1G;
        double r = -1;
        int st = dx_phy_wifi_rate_mbps(std, (int)dx_csv_num(&c, i, "mcs"), dx_csv_num(&c, i, "bw_mhz"),
                                       (int)dx_csv_num(&c, i, "nss"), dx_csv_num(&c, i, "gi_us"), &r);
        if (st != DX_OK)
            print_error("row %d: %s\n", i, dx_last_error());
        assert_int_equal(st, DX_OK);
        double e = dx_csv_num(&c, i, "expected_mbps");
        double tol = 0.1 + 2e-4 * e; /* truncation to 100 kbit/s plus rounded divisors */
        if (fabs(r - e) > tol)
            print_error("row %d (%s mcs %s bw %s nss %s gi %s)\n", i, s, dx_csv_str(&c, i, "mcs"),
                        dx_csv_str(&c, i, "bw_mhz"), dx_csv_str(&c, i, "nss"),
                        dx_csv_str(&c, i, "gi_us"));
        dx_assert_close(r, e, tol, 0);
    }
    dx_csv_free(&c);
}

static void test_phy__wifi_rates_from_first_principles(void **state)
{
    (void)state;
    double r;
    /* HE 20 MHz MCS 11: 234 x 10 x 5/6 / 13.6 us = 143.382 Mbit/s (802.11ax Table 27-64). */
    assert_int_equal(dx_phy_wifi_rate_mbps(DX_PHY_WIFI_HE, 11, 20, 1, 0.8, &r), DX_OK);
    dx_assert_close(r, 234.0 * 10 * 5 / 6 / 13.6, 1e-9, 0);
    /* S1G 1 MHz MCS 10: 0.15 Mbit/s (domain-japan §3.3: "150 kbps (MCS10)"). */
    assert_int_equal(dx_phy_wifi_rate_mbps(DX_PHY_WIFI_S1G, 10, 1, 1, 8, &r), DX_OK);
    dx_assert_close(r, 0.15, 1e-12, 0);
    /* S1G 1 MHz MCS 9 = 4 Mbit/s (domain-japan §3.3: "up to 4 Mbps (MCS9, 256-QAM)"). */
    assert_int_equal(dx_phy_wifi_rate_mbps(DX_PHY_WIFI_S1G, 9, 1, 1, 8, &r), DX_OK);
    dx_assert_close(r, 4.0, 1e-12, 0);
    /* Silex SX-NEWAH headline: 4 MHz, short GI, MCS 7 = 15 Mbit/s (domain-japan §3.3). */
    assert_int_equal(dx_phy_wifi_rate_mbps(DX_PHY_WIFI_S1G, 7, 4, 1, 4, &r), DX_OK);
    dx_assert_close(r, 15.0, 1e-9, 0);
}

static void test_phy__wifi_undefined_combinations_are_refused(void **state)
{
    (void)state;
    double r;
    expect_error(dx_phy_wifi_rate_mbps(DX_PHY_WIFI_S1G, 9, 2, 1, 8, &r), DX_EDOMAIN, "N_DBPS");
    expect_error(dx_phy_wifi_rate_mbps(DX_PHY_WIFI_S1G, 10, 2, 1, 8, &r), DX_EDOMAIN, "mcs = 10");
    expect_error(dx_phy_wifi_rate_mbps(DX_PHY_WIFI_HE, 12, 20, 1, 0.8, &r), DX_EDOMAIN, "mcs = 12");
    expect_error(dx_phy_wifi_rate_mbps(DX_PHY_WIFI_HE, 7, 320, 1, 0.8, &r), DX_EDOMAIN, "bw_mhz = 320");
    expect_error(dx_phy_wifi_rate_mbps(DX_PHY_WIFI_EHT, 7, 80, 1, 0.4, &r), DX_EDOMAIN, "gi_us = 0.4");
    expect_error(dx_phy_wifi_rate_mbps(DX_PHY_WIFI_S1G, 7, 4, 5, 8, &r), DX_EDOMAIN, "nss = 5");
    expect_error(dx_phy_wifi_rate_mbps(DX_PHY_WIFI_HE, 7, 80, 1, 0.8, NULL), DX_EINVAL, "out_mbps");
}

static void test_phy__wifi_sensitivity_follows_the_standard_tables(void **state)
{
    (void)state;
    double s;
    /* 802.11ax Table 27-51 (same numbers in docs.cntd.ru 902238635): 20 MHz MCS 0 -82,
     * MCS 11 -52; 160 MHz MCS 11 -43. */
    assert_int_equal(dx_phy_wifi_sensitivity_dbm(DX_PHY_WIFI_HE, 0, 20, &s), DX_OK);
    dx_assert_close(s, -82, 1e-9, 0);
    assert_int_equal(dx_phy_wifi_sensitivity_dbm(DX_PHY_WIFI_HE, 11, 160, &s), DX_OK);
    dx_assert_close(s, -43, 1e-9, 0);
    /* 802.11be at 80 and 320 MHz (AlexBurgo/IEEE-802.11be-WLAN-Simulation mcsFor80.m,
     * mcsFor320.m thresholds): MCS 13 -40 / -34, MCS 0 -76 / -70. */
    assert_int_equal(dx_phy_wifi_sensitivity_dbm(DX_PHY_WIFI_EHT, 13, 80, &s), DX_OK);
    dx_assert_close(s, -40, 1e-9, 0);
    assert_int_equal(dx_phy_wifi_sensitivity_dbm(DX_PHY_WIFI_EHT, 13, 320, &s), DX_OK);
    dx_assert_close(s, -34, 1e-9, 0);
    assert_int_equal(dx_phy_wifi_sensitivity_dbm(DX_PHY_WIFI_EHT, 0, 320, &s), DX_OK);
    dx_assert_close(s, -70, 1e-9, 0);
    /* Required SINR at MCS 0 = -82 + 174 - 73.01 - 10 = 8.99 dB (NF 10 dB convention). */
    assert_int_equal(dx_phy_wifi_required_sinr_db(DX_PHY_WIFI_HE, 0, 20, &s), DX_OK);
    dx_assert_close(s, -82 + 174 - 10 * log10(20e6) - 10, 1e-9, 0);
}

static void test_phy__wifi_mac_efficiency_is_a_fraction_that_grows_with_aggregation(void **state)
{
    (void)state;
    dx_phy_wifi_mac_options o;
    assert_int_equal(dx_phy_wifi_mac_options_init(&o, DX_PHY_WIFI_MAC_OPTIONS_VERSION), DX_OK);
    assert_int_equal(dx_phy_wifi_mac_options_size(), sizeof o);
    double e1, e64;
    o.ampdu_max_mpdus = 1;
    assert_int_equal(dx_phy_wifi_mac_efficiency_ratio(DX_PHY_WIFI_HE, 573.5, &o, &e1), DX_OK);
    o.ampdu_max_mpdus = 64;
    assert_int_equal(dx_phy_wifi_mac_efficiency_ratio(DX_PHY_WIFI_HE, 573.5, &o, &e64), DX_OK);
    assert_true(e1 > 0.0 && e1 < e64 && e64 < 1.0);
    /* Without aggregation at 573.5 Mbit/s a 1500-byte MSDU takes ~21.7 us against ~230 us of
     * overhead: efficiency about 0.09 (the known collapse of unaggregated high-rate Wi-Fi). */
    assert_true(e1 < 0.15);
    o.n_stations = 20;
    double e20;
    assert_int_equal(dx_phy_wifi_mac_efficiency_ratio(DX_PHY_WIFI_HE, 573.5, &o, &e20), DX_OK);
    assert_true(e20 < e64);
    o.n_stations = 0;
    expect_error(dx_phy_wifi_mac_efficiency_ratio(DX_PHY_WIFI_HE, 573.5, &o, &e20), DX_EDOMAIN,
                 "n_stations");
    expect_error(dx_phy_wifi_mac_efficiency_ratio(DX_PHY_WIFI_HE, -3.5, NULL, &e20), DX_EDOMAIN,
                 "phy_rate_mbps");
}

/* ---- LoRa ---------------------------------------------------------------- */

static void test_phy__lora_time_on_air_matches_ns3_and_ttn(void **state)
{
    (void)state;
    dx_csv c;
    assert_int_equal(dx_csv_load(&c, "phy_lora_toa.csv"), 0);
    assert_int_equal(c.nrows, 30);
    for (int i = 0; i < c.nrows; i++) {
        double t = -1;
        int st = dx_phy_lora_time_on_air_s(
            (int)dx_csv_num(&c, i, "sf"), dx_csv_num(&c, i, "bw_hz"),
            (int)dx_csv_num(&c, i, "payload_bytes"), (int)dx_csv_num(&c, i, "coding_rate"),
            (int)dx_csv_num(&c, i, "preamble"), (int)dx_csv_num(&c, i, "explicit_header"),
            (int)dx_csv_num(&c, i, "crc"), (int)dx_csv_num(&c, i, "ldro"), &t);
        assert_int_equal(st, DX_OK);
        double e = dx_csv_num(&c, i, "expected_s");
        if (fabs(t - e) > dx_csv_num(&c, i, "tol_s"))
            print_error("row %d (%s)\n", i, dx_csv_str(&c, i, "source"));
        dx_assert_close(t, e, dx_csv_num(&c, i, "tol_s"), 0);
    }
    dx_csv_free(&c);
}

static void test_phy__lora_bad_arguments_are_named(void **state)
{
    (void)state;
    double t;
    expect_error(dx_phy_lora_time_on_air_s(13, 125e3, 10, 1, 8, 1, 1, -1, &t), DX_EDOMAIN, "sf = 13");
    expect_error(dx_phy_lora_time_on_air_s(7, 125e3, 256, 1, 8, 1, 1, -1, &t), DX_EDOMAIN,
                 "payload_bytes = 256");
    expect_error(dx_phy_lora_time_on_air_s(7, 125e3, 10, 5, 8, 1, 1, -1, &t), DX_EDOMAIN,
                 "coding_rate = 5");
    expect_error(dx_phy_lora_time_on_air_s(7, 1e3, 10, 1, 8, 1, 1, -1, &t), DX_EDOMAIN, "bw_hz");
}

static void test_phy__lora_floors_and_sensitivity_follow_semtech(void **state)
{
    (void)state;
    double s;
    /* SX1276 datasheet Table 13: SF7 -7.5 dB, SF12 -20 dB. */
    assert_int_equal(dx_phy_lora_demod_snr_db(7, &s), DX_OK);
    dx_assert_close(s, -7.5, 1e-12, 0);
    assert_int_equal(dx_phy_lora_demod_snr_db(12, &s), DX_OK);
    dx_assert_close(s, -20, 1e-12, 0);
    /* SX1276 datasheet receiver sensitivities at 125 kHz (SF7..SF12: -123, -126, -129, -132,
     * -133, -136 dBm), as tabulated in a LoRa simulator's RxSensitivity enum citing
     * DOI 10.3390/s16091466. The AN1200.22 formula -174 + 10 log10(BW) + NF + SNR floor
     * with NF = 7 dB reproduces them within 1 dB. */
    static const double sx1276_125k[6] = {-123, -126, -129, -132, -133, -136};
    for (int sf = 7; sf <= 12; sf++) {
        assert_int_equal(dx_phy_lora_sensitivity_dbm(sf, 125e3, 7.0, &s), DX_OK);
        dx_assert_close(s, sx1276_125k[sf - 7], 1.0, 0);
    }
    expect_error(dx_phy_lora_sensitivity_dbm(7, 125e3, -1.0, &s), DX_EDOMAIN, "noise_figure_db");
}

static void test_phy__lorawan_as923_matches_loramac_node(void **state)
{
    (void)state;
    dx_csv c;
    assert_int_equal(dx_csv_load(&c, "phy_lorawan_as923.csv"), 0);
    assert_int_equal(c.nrows, 16);
    for (int i = 0; i < c.nrows; i++) {
        const char *region = dx_csv_str(&c, i, "region");
        int dr = (int)dx_csv_num(&c, i, "dr"), sf, n0, n1;
        double bw;
        assert_int_equal(dx_phy_lorawan_dr(dr, region, &sf, &bw), DX_OK);
        assert_int_equal(sf, (int)dx_csv_num(&c, i, "sf"));
        dx_assert_close(bw, dx_csv_num(&c, i, "bw_hz"), 0, 0);
        assert_int_equal(dx_phy_lorawan_max_payload_bytes(dr, 0, region, &n0), DX_OK);
        assert_int_equal(dx_phy_lorawan_max_payload_bytes(dr, 1, region, &n1), DX_OK);
        assert_int_equal(n0, (int)dx_csv_num(&c, i, "max_payload_dwell0"));
        assert_int_equal(n1, (int)dx_csv_num(&c, i, "max_payload_dwell1"));
    }
    dx_csv_free(&c);
    int n;
    expect_error(dx_phy_lorawan_max_payload_bytes(8, 1, "AS923", &n), DX_EDOMAIN, "dr = 8");
    expect_error(dx_phy_lorawan_max_payload_bytes(2, 1, "EU868", &n), DX_ENOTFOUND, "EU868");
}

static void test_phy__dwell_limited_payload_fits_in_400_ms(void **state)
{
    (void)state;
    /* Consistency of two independent sources: every AS923 dwell-limited maximum
     * (LoRaMac-node) fits in the 400 ms dwell time with the 13-byte LoRaWAN overhead
     * (MHDR 1 + FHDR 7 + FPort 1 + MIC 4), and the dwell-off maxima of DR0-DR2 do not. */
    for (int dr = 2; dr <= 6; dr++) {
        int sf, n;
        double bw, t;
        assert_int_equal(dx_phy_lorawan_dr(dr, NULL, &sf, &bw), DX_OK);
        assert_int_equal(dx_phy_lorawan_max_payload_bytes(dr, 1, NULL, &n), DX_OK);
        assert_int_equal(dx_phy_lora_time_on_air_s(sf, bw, n + 13, 1, 8, 1, 1, -1, &t), DX_OK);
        assert_true(t <= 0.4);
    }
    for (int dr = 0; dr <= 2; dr++) {
        int sf, n;
        double bw, t;
        assert_int_equal(dx_phy_lorawan_dr(dr, NULL, &sf, &bw), DX_OK);
        assert_int_equal(dx_phy_lorawan_max_payload_bytes(dr, 0, NULL, &n), DX_OK);
        assert_int_equal(dx_phy_lora_time_on_air_s(sf, bw, n + 13, 1, 8, 1, 1, -1, &t), DX_OK);
        assert_true(t > 0.4);
    }
}

static void test_phy__arib_hourly_budget_and_per_transmission_limit(void **state)
{
    (void)state;
    double n;
    /* Hand calculation, domain-japan §3.1 Type B: 0.2873 s per message, 2 ms pause and
     * 128 us carrier sense: the 360 s/hour budget binds first: floor(360/0.2873) = 1253. */
    assert_int_equal(dx_phy_arib_max_messages_per_hour(0.2873, DX_PHY_ARIB_CS_SHORT, &n), DX_OK);
    dx_assert_close(n, 1253, 0, 0);
    /* Short messages: the pause binds: 0.01 s + 2 ms + 128 us per message, floor(3600/0.012128). */
    assert_int_equal(dx_phy_arib_max_messages_per_hour(0.01, DX_PHY_ARIB_CS_SHORT, &n), DX_OK);
    dx_assert_close(n, 36000, 0, 0); /* 360 s / 0.01 s = 36000 < 296833 */
    /* 5 ms CS class, 1.5 s messages: floor(3600 / (0.005 + 1.5 + 0.05)) = 2315. */
    assert_int_equal(dx_phy_arib_max_messages_per_hour(1.5, DX_PHY_ARIB_CS_LONG, &n), DX_OK);
    dx_assert_close(n, 2315, 0, 0);
    expect_error(dx_phy_arib_max_messages_per_hour(0.41, DX_PHY_ARIB_CS_SHORT, &n), DX_EREFUSED,
                 "400 ms");
    expect_error(dx_phy_arib_max_messages_per_hour(4.2, DX_PHY_ARIB_CS_LONG, &n), DX_EREFUSED,
                 "domain-japan");
    expect_error(dx_phy_arib_max_messages_per_hour(-1, DX_PHY_ARIB_CS_LONG, &n), DX_EDOMAIN,
                 "time_on_air_s");
}

static void test_phy__lorawan_app_rate_under_arib_worked_by_hand(void **state)
{
    (void)state;
    /* DR2 (SF10/125 kHz) with the dwell limit: 11-byte payload + 13 bytes of MAC = 24 bytes:
     * T_sym 8.192 ms; ceil((192 - 40 + 28 + 16) / 40) = 5 -> 8 + 25 = 33 symbols + 12.25
     * preamble = 45.25 x 8.192 ms = 0.370688 s. 128 us class: floor(360 / 0.370688) = 971
     * messages/hour (about one per 3.7 s; SORACOM's estimate, domain-japan §4.1, is one per
     * ~4.4 s), 11 x 8 x 971 / 3600 = 23.74 bit/s. */
    double bps, n;
    assert_int_equal(dx_phy_lorawan_max_app_rate_bps(2, 1, DX_PHY_ARIB_CS_SHORT, &bps, &n), DX_OK);
    dx_assert_close(n, 971, 0, 0);
    dx_assert_close(bps, 11 * 8 * 971 / 3600.0, 1e-9, 0);
    assert_int_equal(dx_phy_lorawan_max_app_rate_bps(0, 1, DX_PHY_ARIB_CS_SHORT, &bps, &n), DX_OK);
    dx_assert_close(bps, 0, 0, 0);
    /* Without the dwell limit DR0 frames (51 + 13 bytes at SF12) last 2.47 s: refused in the
     * 400 ms class. */
    expect_error(dx_phy_lorawan_max_app_rate_bps(0, 0, DX_PHY_ARIB_CS_SHORT, &bps, &n), DX_EREFUSED,
                 "400 ms");
    expect_error(dx_phy_lorawan_max_app_rate_bps(7, 0, DX_PHY_ARIB_CS_SHORT, &bps, &n), DX_EDOMAIN,
                 "dr = 7");
}

static void test_phy__duty_ratio_applies_to_920mhz_type_b_profiles_only(void **state)
{
    (void)state;
    static const struct {
        const char *id;
        double duty;
    } rows[] = {{"halow", 0.1}, {"lorawan-as923", 0.1}, {"wifi7", 1.0}, {"l5g-sub6", 1.0},
                {"ltem-carrier", 1.0}};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        dx_technology t;
        double d;
        assert_int_equal(dx_technology_find(rows[i].id, &t), DX_OK);
        assert_int_equal(dx_phy_regulatory_duty_ratio(&t, &d), DX_OK);
        dx_assert_close(d, rows[i].duty, 0, 0);
    }
}

/* ---- NR ------------------------------------------------------------------ */

static void test_phy__nr_n_rb_matches_ts38101(void **state)
{
    (void)state;
    dx_csv c;
    assert_int_equal(dx_csv_load(&c, "phy_nr_rb.csv"), 0);
    assert_int_equal(c.nrows, 44);
    for (int i = 0; i < c.nrows; i++) {
        int n = 0;
        assert_int_equal(dx_phy_nr_n_rb(dx_csv_num(&c, i, "bw_mhz"), dx_csv_num(&c, i, "scs_khz"), &n),
                         DX_OK);
        assert_int_equal(n, (int)dx_csv_num(&c, i, "n_rb"));
    }
    dx_csv_free(&c);
    int n;
    expect_error(dx_phy_nr_n_rb(100, 15, &n), DX_EDOMAIN, "bw_mhz = 100");
}

static void test_phy__nr_mcs_and_cqi_tables_match_ts38214(void **state)
{
    (void)state;
    dx_csv c;
    assert_int_equal(dx_csv_load(&c, "phy_nr_mcs.csv"), 0);
    assert_int_equal(c.nrows, 101);
    for (int i = 0; i < c.nrows; i++) {
        dx_phy_mcs_entry e;
        int table = (int)dx_csv_num(&c, i, "table"), idx = (int)dx_csv_num(&c, i, "index");
        int is_mcs = strcmp(dx_csv_str(&c, i, "kind"), "mcs") == 0;
        assert_int_equal(is_mcs ? dx_phy_nr_mcs(table, idx, &e) : dx_phy_nr_cqi(table, idx, &e), DX_OK);
        assert_int_equal(e.qm, (int)dx_csv_num(&c, i, "qm"));
        dx_assert_close(e.code_rate_x1024, dx_csv_num(&c, i, "code_rate_x1024"), 0, 0);
        /* The tables' SE column is Qm*R/1024 rounded to 4 decimals. */
        dx_assert_close(e.spectral_efficiency, e.qm * e.code_rate_x1024 / 1024.0, 5.01e-5, 0);
        if (!is_mcs)
            dx_assert_close(e.spectral_efficiency, dx_csv_num(&c, i, "spectral_efficiency"), 1e-9, 0);
    }
    dx_csv_free(&c);
    dx_phy_mcs_entry e;
    expect_error(dx_phy_nr_mcs(2, 28, &e), DX_EDOMAIN, "index = 28");
    expect_error(dx_phy_nr_mcs(4, 0, &e), DX_EDOMAIN, "table = 4");
    expect_error(dx_phy_nr_cqi(1, 0, &e), DX_EDOMAIN, "index = 0");
    /* CQI table 2 top entry = MCS table 2 top entry (TS 38.214: 256-QAM, 948). */
    assert_int_equal(dx_phy_nr_cqi(2, 15, &e), DX_OK);
    assert_int_equal(e.qm, 8);
    dx_assert_close(e.code_rate_x1024, 948, 0, 0);
}

static void test_phy__nr_peak_rate_reproduces_the_published_2_34_gbps(void **state)
{
    (void)state;
    /* Worked by hand (TS 38.306 §4.1.2): 100 MHz, 30 kHz (mu = 1, N_RB = 273), 4 layers,
     * 256-QAM (Qm = 8), f = 1, FR1 DL overhead 0.14:
     *   Ts = 1e-3 / (14 * 2) = 35.714 us; N_RB*12 = 3276 subcarriers
     *   rate = 1e-6 * 4 * 8 * 1 * (948/1024) * 3276 / 35.714e-6 * 0.86 = 2337.0 Mbit/s,
     * the "2.34 Gbps" single-carrier FR1 peak quoted for this configuration. */
    double r;
    assert_int_equal(dx_phy_nr_max_rate_mbps(100, 30, 4, 8, 1.0, -1.0, DX_PHY_DL, 1.0, &r), DX_OK);
    dx_assert_close(r, 2337.0, 0.05, 0);
    /* UL, 1 layer, 64-QAM, FR1 UL overhead 0.08:
     *   1e-6 * 1 * 6 * 0.92578 * 3276 / 35.714e-6 * 0.92 = 468.8 Mbit/s. */
    assert_int_equal(dx_phy_nr_max_rate_mbps(100, 30, 1, 6, 1.0, -1.0, DX_PHY_UL, 1.0, &r), DX_OK);
    dx_assert_close(r, 1e-6 * 6 * (948.0 / 1024) * 3276 / (1e-3 / 28) * 0.92, 1e-6, 0);
    dx_assert_close(r, 468.8, 0.05, 0);
    /* FR2: 400 MHz at 120 kHz (N_RB 264, mu 3), 2 layers 64-QAM, DL overhead 0.18:
     *   1e-6 * 2 * 6 * 0.92578 * 3168 / (1e-3/112) * 0.82 = 3232.3 Mbit/s. */
    assert_int_equal(dx_phy_nr_max_rate_mbps(400, 120, 2, 6, 1.0, -1.0, DX_PHY_DL, 1.0, &r), DX_OK);
    dx_assert_close(r, 3232.3, 0.05, 0);
    expect_error(dx_phy_nr_max_rate_mbps(100, 30, 9, 8, 1, -1, DX_PHY_DL, 1, &r), DX_EDOMAIN,
                 "layers = 9");
    expect_error(dx_phy_nr_max_rate_mbps(100, 30, 4, 8, 1.2, -1, DX_PHY_DL, 1, &r), DX_EDOMAIN,
                 "scaling = 1.2");
    expect_error(dx_phy_nr_max_rate_mbps(100, 30, 4, 8, 1, -1, DX_PHY_DL, 0, &r), DX_EDOMAIN,
                 "tdd_share = 0");
}

static void test_phy__tdd_shares_match_the_domain_japan_table(void **state)
{
    (void)state;
    /* domain-japan.md §1.2 derived shares (S = 6:4:4), printed to 0.1 %. */
    static const struct {
        const char *p;
        double dl, ul;
    } rows[] = {{"DDDSUUDDDD", 0.743, 0.229},
                {"DDDSUUDSUU", 0.486, 0.457},
                {"DDSUUUDSUU", 0.386, 0.557},
                {"DSUUUUDSUU", 0.286, 0.657}};
    for (size_t i = 0; i < 4; i++) {
        double dl, ul;
        assert_int_equal(dx_phy_tdd_shares(rows[i].p, "6:4:4", &dl, &ul), DX_OK);
        dx_assert_close(dl, rows[i].dl, 0.0005, 0);
        dx_assert_close(ul, rows[i].ul, 0.0005, 0);
    }
    double dl, ul;
    /* The special-slot split is a parameter: 10:2:2 moves 4/14 of a slot to DL. */
    assert_int_equal(dx_phy_tdd_shares("DDDSUUDDDD", "10:2:2", &dl, &ul), DX_OK);
    dx_assert_close(dl, (7 + 10.0 / 14) / 10, 1e-12, 0);
    dx_assert_close(ul, (2 + 2.0 / 14) / 10, 1e-12, 0);
    expect_error(dx_phy_tdd_shares("DDXSUUDDDD", NULL, &dl, &ul), DX_EINVAL, "pattern[2]");
    expect_error(dx_phy_tdd_shares("DDDSUUDDDD", "6:4:5", &dl, &ul), DX_EINVAL, "special");
}

static void test_phy__nr_sinr_mapping_is_monotone_with_10pct_bler_anchors(void **state)
{
    (void)state;
    double s;
    /* Anchors of the model (CQI table 1 at 10 % BLER): MCS table 1 index 0 (SE 0.2344 = CQI 2)
     * needs -4.7 dB; index 28 (SE 5.5547 = CQI 15) needs 22.7 dB. */
    assert_int_equal(dx_phy_nr_mcs_required_sinr_db(1, 0, &s), DX_OK);
    dx_assert_close(s, -4.7, 1e-9, 0);
    assert_int_equal(dx_phy_nr_mcs_required_sinr_db(1, 28, &s), DX_OK);
    dx_assert_close(s, 22.7, 1e-9, 0);
    /* Required SINR grows with spectral efficiency (the tables themselves are not
     * monotone in SE at the modulation switch points, e.g. table 1 index 16 -> 17). */
    for (int t = 1; t <= 3; t++) {
        double prev = -1e9, prev_se = -1.0;
        for (int i = 0;; i++) {
            dx_phy_mcs_entry e;
            if (dx_phy_nr_mcs_required_sinr_db(t, i, &s) != DX_OK)
                break;
            assert_int_equal(dx_phy_nr_mcs(t, i, &e), DX_OK);
            if (e.spectral_efficiency >= prev_se)
                assert_true(s >= prev);
            else
                assert_true(s < prev);
            prev = s;
            prev_se = e.spectral_efficiency;
        }
    }
    int m, cqi;
    assert_int_equal(dx_phy_nr_mcs_from_sinr(2, 0, 100.0, &m), DX_OK);
    assert_int_equal(m, 27);
    assert_int_equal(dx_phy_nr_mcs_from_sinr(2, 6, 100.0, &m), DX_OK);
    assert_int_equal(m, 19); /* capped at 64-QAM */
    assert_int_equal(dx_phy_nr_mcs_from_sinr(1, 0, -30.0, &m), DX_OK);
    assert_int_equal(m, -1);
    assert_int_equal(dx_phy_nr_cqi_from_sinr(1, 10.3, &cqi), DX_OK);
    assert_int_equal(cqi, 9);
    assert_int_equal(dx_phy_nr_cqi_from_sinr(1, -7.0, &cqi), DX_OK);
    assert_int_equal(cqi, 0);
}

/* ---- Generic throughput ---------------------------------------------------- */

static void test_phy__attenuated_shannon_follows_tr36942(void **state)
{
    (void)state;
    double s[4] = {-10.5, 20.0, 35.0, 10.0}, o[4];
    assert_int_equal(dx_phy_shannon_attenuated_bps_per_hz(DX_PHY_DL, 4, s, o), DX_OK);
    dx_assert_close(o[0], 0.0, 0, 0);
    dx_assert_close(o[1], 0.6 * log2(101.0), 1e-12, 0);
    dx_assert_close(o[2], 4.4, 1e-12, 0);
    assert_int_equal(dx_phy_shannon_attenuated_bps_per_hz(DX_PHY_UL, 4, s, o), DX_OK);
    dx_assert_close(o[3], 0.4 * log2(11.0), 1e-12, 0);
    dx_assert_close(o[2], 2.0, 1e-12, 0);
}

static void test_phy__every_catalogued_technology_is_monotone_and_invertible(void **state)
{
    (void)state;
    size_t nt = dx_technology_count();
    assert_true(nt >= 8);
    for (size_t k = 0; k < nt; k++) {
        dx_technology t;
        assert_int_equal(dx_technology_get(k, &t), DX_OK);
        for (int d = 0; d < 2; d++) {
            /* -30 .. +55 dB: the top Wi-Fi 7 MCS needs 45 dB by the standard's sensitivity. */
            double sinr[171], out[171], peak;
            for (int i = 0; i < 171; i++)
                sinr[i] = -30.0 + 0.5 * i;
            int st = dx_phy_throughput_mbps(&t, (dx_phy_direction)d, 171, sinr, out);
            if (st != DX_OK)
                print_error("%s: %s\n", t.id, dx_last_error());
            assert_int_equal(st, DX_OK);
            assert_int_equal(dx_phy_peak_rate_mbps(&t, (dx_phy_direction)d, &peak), DX_OK);
            assert_true(peak > 0.0);
            dx_assert_close(out[170], peak, 1e-9, 0);
            dx_assert_close(out[0], 0.0, 0, 0);
            for (int i = 1; i < 171; i++)
                assert_true(out[i] >= out[i - 1]);
            /* required_sinr inverts throughput: at the returned SINR the rate is reached. */
            for (int i = 0; i < 171; i += 7) {
                if (out[i] <= 0.0)
                    continue;
                double req, got;
                assert_int_equal(dx_phy_required_sinr_db(&t, (dx_phy_direction)d, out[i], &req),
                                 DX_OK);
                assert_true(req <= sinr[i] + 1e-9);
                assert_int_equal(dx_phy_throughput_mbps(&t, (dx_phy_direction)d, 1, &req, &got),
                                 DX_OK);
                assert_true(got >= out[i] - 1e-9);
            }
            double req;
            expect_error(dx_phy_required_sinr_db(&t, (dx_phy_direction)d, peak * 1.01 + 1e-6, &req),
                         DX_EDOMAIN, "peak");
        }
    }
}

static void test_phy__local5g_peak_is_ts38306_times_the_sync_tdd_share(void **state)
{
    (void)state;
    dx_technology t;
    assert_int_equal(dx_technology_find("l5g-sub6", &t), DX_OK);
    double peak, ref, dl;
    assert_int_equal(dx_phy_peak_rate_mbps(&t, DX_PHY_DL, &peak), DX_OK);
    assert_int_equal(dx_phy_tdd_shares(t.tdd_pattern, t.tdd_special, &dl, NULL), DX_OK);
    assert_int_equal(dx_phy_nr_max_rate_mbps(t.bw_hz / 1e6, t.scs_khz, t.mimo_layers_dl, t.max_qm,
                                             1.0, -1.0, DX_PHY_DL, dl, &ref),
                     DX_OK);
    dx_assert_close(peak, ref, 1e-9, 1e-12);
    dx_assert_close(peak, 2337.0 * 0.742857, 0.1, 0);
}

static void test_phy__lora_throughput_uses_the_fastest_sf_the_sinr_allows(void **state)
{
    (void)state;
    dx_technology t;
    assert_int_equal(dx_technology_find("lorawan-as923", &t), DX_OK);
    /* -12.6 dB misses SF9's -12.5 dB floor: SF10, 10 * 125 kHz / 1024 * 4/5 = 976.6 bit/s. */
    double s[3] = {-12.6, -12.5, -25.0}, o[3];
    assert_int_equal(dx_phy_throughput_mbps(&t, DX_PHY_UL, 3, s, o), DX_OK);
    dx_assert_close(o[0], 10 * 125e3 / 1024 * 0.8 / 1e6, 1e-12, 0);
    dx_assert_close(o[1], 9 * 125e3 / 512 * 0.8 / 1e6, 1e-12, 0);
    dx_assert_close(o[2], 0, 0, 0);
}

static void test_phy__ltem_classes_follow_the_coupling_loss(void **state)
{
    (void)state;
    dx_technology t;
    assert_int_equal(dx_technology_find("ltem-carrier", &t), DX_OK);
    dx_phy_ce_class c;
    double r;
    assert_int_equal(dx_phy_ltem_coverage_class(&t, 128.35, &c, &r), DX_OK);
    assert_int_equal(c, DX_PHY_CE_NORMAL);
    dx_assert_close(r, 1.0, 0, 0);
    assert_int_equal(dx_phy_ltem_coverage_class(&t, 145.2, &c, &r), DX_OK);
    assert_int_equal(c, DX_PHY_CE_MODE_A);
    assert_int_equal(dx_phy_ltem_coverage_class(&t, 153.85, &c, &r), DX_OK);
    assert_int_equal(c, DX_PHY_CE_MODE_B);
    assert_int_equal(dx_phy_ltem_coverage_class(&t, 160.0, &c, &r), DX_OK);
    assert_int_equal(c, DX_PHY_CE_OUT);
    dx_assert_close(r, 0.0, 0, 0);
    /* In normal coverage the nominal rates apply. */
    double s = 10.0, o;
    assert_int_equal(dx_phy_throughput_mbps(&t, DX_PHY_DL, 1, &s, &o), DX_OK);
    dx_assert_close(o, t.nominal_dl_bps / 1e6, 1e-12, 0);
    dx_technology wifi;
    assert_int_equal(dx_technology_find("wifi7", &wifi), DX_OK);
    expect_error(dx_phy_ltem_coverage_class(&wifi, 120, &c, &r), DX_EINVAL, "wifi7");
}

static void test_phy__throughput_by_id_and_bad_arguments(void **state)
{
    (void)state;
    double s = 25.0, a, b;
    assert_int_equal(dx_phy_throughput_for_id_mbps("wifi6e-lpi", 0, DX_PHY_DL, 1, &s, &a), DX_OK);
    assert_int_equal(dx_phy_throughput_for_id_mbps("wifi6e-lpi", 40e6, DX_PHY_DL, 1, &s, &b), DX_OK);
    assert_true(b < a && b > 0);
    expect_error(dx_phy_throughput_for_id_mbps("no-such-tech", 0, DX_PHY_DL, 1, &s, &a), DX_ENOTFOUND,
                 "no-such-tech");
    expect_error(dx_phy_throughput_for_id_mbps("wifi6e-lpi", 33e6, DX_PHY_DL, 1, &s, &a), DX_EDOMAIN,
                 "bw_mhz = 33");
    dx_technology t;
    assert_int_equal(dx_technology_find("wifi7", &t), DX_OK);
    expect_error(dx_phy_throughput_mbps(&t, (dx_phy_direction)2, 1, &s, &a), DX_EINVAL, "dir = 2");
    expect_error(dx_phy_throughput_mbps(NULL, DX_PHY_DL, 1, &s, &a), DX_EINVAL, "'tech'");
    double nanv = NAN;
    assert_int_equal(dx_phy_throughput_mbps(&t, DX_PHY_DL, 1, &nanv, &a), DX_OK);
    assert_true(isnan(a));
}

/* domain-japan §1.2 table: the named frames give the same shares as their patterns. */
static void test_phy__tdd_frames_by_name(void **state)
{
    (void)state;
    double dl, ul;
    assert_int_equal(dx_phy_tdd_shares("synchronous", NULL, &dl, &ul), DX_OK);
    dx_assert_close(dl, 0.743, 0.0005, 0);
    dx_assert_close(ul, 0.229, 0.0005, 0);
    assert_int_equal(dx_phy_tdd_shares("qs3", "6:4:4", &dl, &ul), DX_OK);
    dx_assert_close(dl, 0.286, 0.0005, 0);
    dx_assert_close(ul, 0.657, 0.0005, 0);
    assert_int_equal(dx_phy_tdd_shares("qs9", NULL, &dl, &ul), DX_ENOTFOUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_phy__tdd_frames_by_name),
        cmocka_unit_test(test_phy__wifi_rates_match_linux_cfg80211),
        cmocka_unit_test(test_phy__wifi_rates_from_first_principles),
        cmocka_unit_test(test_phy__wifi_undefined_combinations_are_refused),
        cmocka_unit_test(test_phy__wifi_sensitivity_follows_the_standard_tables),
        cmocka_unit_test(test_phy__wifi_mac_efficiency_is_a_fraction_that_grows_with_aggregation),
        cmocka_unit_test(test_phy__lora_time_on_air_matches_ns3_and_ttn),
        cmocka_unit_test(test_phy__lora_bad_arguments_are_named),
        cmocka_unit_test(test_phy__lora_floors_and_sensitivity_follow_semtech),
        cmocka_unit_test(test_phy__lorawan_as923_matches_loramac_node),
        cmocka_unit_test(test_phy__dwell_limited_payload_fits_in_400_ms),
        cmocka_unit_test(test_phy__arib_hourly_budget_and_per_transmission_limit),
        cmocka_unit_test(test_phy__lorawan_app_rate_under_arib_worked_by_hand),
        cmocka_unit_test(test_phy__duty_ratio_applies_to_920mhz_type_b_profiles_only),
        cmocka_unit_test(test_phy__nr_n_rb_matches_ts38101),
        cmocka_unit_test(test_phy__nr_mcs_and_cqi_tables_match_ts38214),
        cmocka_unit_test(test_phy__nr_peak_rate_reproduces_the_published_2_34_gbps),
        cmocka_unit_test(test_phy__tdd_shares_match_the_domain_japan_table),
        cmocka_unit_test(test_phy__nr_sinr_mapping_is_monotone_with_10pct_bler_anchors),
        cmocka_unit_test(test_phy__attenuated_shannon_follows_tr36942),
        cmocka_unit_test(test_phy__every_catalogued_technology_is_monotone_and_invertible),
        cmocka_unit_test(test_phy__local5g_peak_is_ts38306_times_the_sync_tdd_share),
        cmocka_unit_test(test_phy__lora_throughput_uses_the_fastest_sf_the_sinr_allows),
        cmocka_unit_test(test_phy__ltem_classes_follow_the_coupling_loss),
        cmocka_unit_test(test_phy__throughput_by_id_and_bad_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
