/* capacity.h: Bianchi DCF against ns-3's reference table, LoRa ALOHA
 * collisions (Monte Carlo) against the pure-ALOHA closed form, ARIB limits
 * and cell sharing against hand calculations. */
#include "dx_test.h"
#include <dxsim.h>

static void test_capacity__bianchi_matches_ns3_reference_table(void **state)
{
    (void)state;
    dx_csv c;
    assert_int_equal(dx_csv_load(&c, "capacity_bianchi_ns3.csv"), 0);
    dx_wifi_mac_params p;
    assert_int_equal(dx_wifi_mac_params_init(&p, DX_WIFI_MAC_PARAMS_VERSION, DX_TECH_FAMILY_WIFI_HE,
                                             1e6),
                     DX_OK);
    p.cw_min = 31;
    p.max_backoff_stage = 5;
    p.slot_s = 20e-6;
    p.sifs_s = 10e-6;
    p.difs_s = 50e-6;
    p.payload_bits = 1500 * 8;
    p.data_s = 192e-6 + 1536 * 8 / 1e6;
    p.ack_s = 192e-6 + 14 * 8 / 1e6;
    for (int r = 0; r < c.nrows; r++) {
        double bps = 0;
        assert_int_equal(dx_capacity_wifi_saturation(dx_csv_num(&c, r, "n_stations"), &p, &bps, NULL),
                         DX_OK);
        print_message("n=%g: %.4f Mbit/s (ns-3 %.4f)\n", dx_csv_num(&c, r, "n_stations"), bps / 1e6,
                      dx_csv_num(&c, r, "throughput_mbps"));
        dx_assert_close(bps / 1e6, dx_csv_num(&c, r, "throughput_mbps"), 0, 0.015);
    }
    dx_csv_free(&c);
}

static void test_capacity__wifi_efficiency_falls_with_stations(void **state)
{
    (void)state;
    double e1, e10, e50;
    assert_int_equal(dx_capacity_wifi_efficiency_ratio(1, DX_TECH_FAMILY_WIFI_S1G, 3.9e6, &e1), DX_OK);
    assert_int_equal(dx_capacity_wifi_efficiency_ratio(10, DX_TECH_FAMILY_WIFI_S1G, 3.9e6, &e10), DX_OK);
    assert_int_equal(dx_capacity_wifi_efficiency_ratio(50, DX_TECH_FAMILY_WIFI_S1G, 3.9e6, &e50), DX_OK);
    assert_true(e1 > e10 && e10 > e50 && e50 > 0.2 && e1 < 1.0);
    assert_int_equal(dx_capacity_wifi_efficiency_ratio(0.5, DX_TECH_FAMILY_WIFI_S1G, 3.9e6, &e1),
                     DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "n_stations"));
    assert_int_equal(dx_capacity_wifi_efficiency_ratio(5, DX_TECH_FAMILY_LORA, 3.9e6, &e1), DX_EINVAL);
    assert_int_equal(dx_wifi_mac_params_size(), sizeof(dx_wifi_mac_params));
}

/* Pure ALOHA with Poisson arrivals: P(success) = exp(-2G) exactly (Abramson 1970);
 * the event simulator (no capture) must reproduce it within 4 binomial sigmas. */
static void test_capacity__lora_simulation_matches_pure_aloha(void **state)
{
    (void)state;
    const double airtime_s = 0.3707; /* SF10, 12-byte payload, 125 kHz */
    const double loads[] = {0.05, 0.2, 0.5};
    for (int k = 0; k < 3; k++) {
        int nch = 3;
        double msgs_per_day = 24.0;
        double n_dev = loads[k] * nch * 86400.0 / (msgs_per_day * airtime_s);
        dx_lora_sim_options o;
        assert_int_equal(dx_lora_sim_options_init(&o, DX_LORA_SIM_OPTIONS_VERSION), DX_OK);
        o.capture_threshold_db = INFINITY;
        o.duration_s = 86400.0 * 2;
        o.seed = 2385 + (uint64_t)k;
        double pdr = 0, sent = 0, closed = 0, g = 0;
        assert_int_equal(dx_capacity_lora_simulate_pdr(n_dev, msgs_per_day, airtime_s, nch, &o, &pdr,
                                                       &sent),
                         DX_OK);
        assert_int_equal(dx_capacity_lora_pdr_ratio(n_dev, msgs_per_day, airtime_s, nch, 0.0, &closed,
                                                    &g),
                         DX_OK);
        dx_assert_close(g, loads[k], 1e-12, 0);
        dx_assert_close(closed, exp(-2.0 * loads[k]), 1e-12, 0);
        double se = sqrt(closed * (1 - closed) / sent);
        print_message("G=%.2f: simulated %.4f (%.0f messages), closed form %.4f\n", g, pdr, sent, closed);
        dx_assert_close(pdr, closed, 4 * se, 0);
    }
}

static void test_capacity__lora_capture_improves_delivery(void **state)
{
    (void)state;
    dx_lora_sim_options o;
    dx_lora_sim_options_init(&o, DX_LORA_SIM_OPTIONS_VERSION);
    o.power_spread_db = 8.0;
    o.duration_s = 86400.0;
    double no_cap = 0, cap = 0;
    double n_dev = 3000, airtime = 0.1853;
    assert_int_equal(dx_capacity_lora_pdr_ratio(n_dev, 96, airtime, 1, 0.0, &no_cap, NULL), DX_OK);
    assert_int_equal(dx_capacity_lora_simulate_pdr(n_dev, 96, airtime, 1, &o, &cap, NULL), DX_OK);
    assert_true(cap > no_cap + 0.05);
    /* max devices inverts the closed form */
    double nmax = 0, pdr = 0;
    assert_int_equal(dx_capacity_lora_max_devices(0.9, 96, airtime, 8, 0.0, &nmax), DX_OK);
    assert_int_equal(dx_capacity_lora_pdr_ratio(nmax, 96, airtime, 8, 0.0, &pdr, NULL), DX_OK);
    dx_assert_close(pdr, 0.9, 1e-12, 0);
    assert_int_equal(dx_capacity_lora_pdr_ratio(-1, 96, airtime, 8, 0.0, &pdr, NULL), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "n_devices"));
}

/* ARIB STD-T108 / H31 MIC notice 123 (domain-japan §4.1): 128 us carrier sense ->
 * 0.4 s per transmission, 2 ms pause, 360 s per hour; 5 ms -> 4 s, 50 ms, no hourly cap. */
static void test_capacity__arib_limits_match_hand_calculation(void **state)
{
    (void)state;
    double m = 0;
    assert_int_equal(dx_capacity_lora_arib_max_msgs_per_hour(0.3707, DX_ARIB_CS_128US, 1, &m), DX_OK);
    dx_assert_close(m, floor(360.0 / 0.3707), 0, 0); /* 971 */
    assert_int_equal(dx_capacity_lora_arib_max_msgs_per_hour(0.3707, DX_ARIB_CS_5MS, 1, &m), DX_OK);
    /* each cycle is carrier sense (5 ms) + transmission + pause (50 ms) */
    dx_assert_close(m, floor(3600.0 / (0.005 + 0.3707 + 0.050)), 0, 0); /* 8456 */
    assert_int_equal(dx_capacity_lora_arib_max_msgs_per_hour(1.4828, DX_ARIB_CS_5MS, 1, &m),
                     DX_EREFUSED); /* SF12 airtime beyond the 400 ms dwell */
    assert_non_null(strstr(dx_last_error(), "dwell"));
    assert_int_equal(dx_capacity_lora_arib_max_msgs_per_hour(1.4828, DX_ARIB_CS_5MS, 0, &m), DX_OK);
    assert_int_equal(dx_capacity_lora_arib_max_msgs_per_hour(4.2, DX_ARIB_CS_5MS, 0, &m), DX_EREFUSED);
    assert_int_equal(dx_capacity_lora_arib_max_msgs_per_hour(0.0, DX_ARIB_CS_5MS, 0, &m), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "airtime_s"));
}

static void test_capacity__nr_cell_sharing_hand_calculation(void **state)
{
    (void)state;
    const double r[5] = {120.0, 60.0, 0.0, 30.0, 240.0};
    double t = 0, out = 0;
    assert_int_equal(dx_capacity_nr_cell_throughput_mbps(5, r, DX_SCHED_ROUND_ROBIN, &t, &out), DX_OK);
    dx_assert_close(t, (120 + 60 + 30 + 240) / 4.0, 1e-12, 0);
    dx_assert_close(out, 0.2, 1e-15, 0);
    assert_int_equal(dx_capacity_nr_cell_throughput_mbps(5, r, DX_SCHED_EQUAL_RATE, &t, NULL), DX_OK);
    dx_assert_close(t, 4.0 / (1 / 120.0 + 1 / 60.0 + 1 / 30.0 + 1 / 240.0), 1e-12, 0);
    const double bad[2] = {10.0, -1.0};
    assert_int_equal(dx_capacity_nr_cell_throughput_mbps(2, bad, 0, &t, NULL), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "rate_mbps[1]"));
}

static void test_capacity__demand_and_cell_capacity(void **state)
{
    (void)state;
    dx_demand_class d;
    assert_int_equal(dx_demand_class_init(&d, "water level"), DX_OK);
    d.count = 120;
    d.msg_bytes = 32;
    d.msgs_per_day = 48;
    d.ul_bps = 0.0;
    double ul = 0, dl = 0;
    assert_int_equal(dx_demand_offered_bps(&d, &ul, &dl), DX_OK);
    dx_assert_close(ul, 32.0 * 8 * 48 / 86400.0, 1e-12, 0);
    d.msgs_per_day = -3;
    assert_int_equal(dx_demand_offered_bps(&d, &ul, &dl), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "msgs_per_day"));

    dx_technology t;
    double cap1 = 0, cap20 = 0;
    assert_int_equal(dx_technology_find("halow", &t), DX_OK);
    assert_int_equal(dx_capacity_cell_capacity_mbps(&t, 2.4, 1, &cap1), DX_OK);
    assert_int_equal(dx_capacity_cell_capacity_mbps(&t, 2.4, 20, &cap20), DX_OK);
    dx_assert_close(cap1, 2.4, 1e-12, 0);
    assert_true(cap20 < cap1);
    assert_int_equal(dx_technology_find("ltem-carrier", &t), DX_OK);
    assert_int_equal(dx_capacity_cell_capacity_mbps(&t, 0.0, 100, &cap1), DX_OK);
    dx_assert_close(cap1, DX_CAPACITY_LTEM_SHARE_RATIO * t.nominal_ul_bps / 1e6, 1e-12, 0);
    assert_int_equal(dx_technology_find("lorawan-as923", &t), DX_OK);
    assert_int_equal(dx_capacity_cell_capacity_mbps(&t, 0.0, 100, &cap1), DX_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_capacity__bianchi_matches_ns3_reference_table),
        cmocka_unit_test(test_capacity__wifi_efficiency_falls_with_stations),
        cmocka_unit_test(test_capacity__lora_simulation_matches_pure_aloha),
        cmocka_unit_test(test_capacity__lora_capture_improves_delivery),
        cmocka_unit_test(test_capacity__arib_limits_match_hand_calculation),
        cmocka_unit_test(test_capacity__nr_cell_sharing_hand_calculation),
        cmocka_unit_test(test_capacity__demand_and_cell_capacity),
    };
    dx_global_init(DX_INIT_GSL_HANDLER_OFF);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
