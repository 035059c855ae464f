/* technology.h: the embedded catalogue holds the required profiles, each
 * parameter with a class and a source, with values from docs/domain-japan.md. */
#include "dx_test.h"
#include <dxsim.h>

static void test_technology__catalogue_has_the_seven_required_profiles(void **state)
{
    (void)state;
    const char *ids[] = {"l5g-sub6", "l5g-mmw", "wifi6e-lpi", "wifi6e-vlp",
                         "wifi7",    "halow",   "lorawan-as923", "ltem-carrier"};
    assert_true(dx_technology_count() >= 7);
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        dx_technology t;
        assert_int_equal(dx_technology_find(ids[i], &t), DX_OK);
        assert_string_equal(t.id, ids[i]);
        assert_true(t.fc_hz > 0);
        assert_true(t.bw_hz > 0);
    }
}

/* Values checked against docs/domain-japan.md (the project's sourced reference). */
static void test_technology__japanese_rules_match_domain_reference(void **state)
{
    (void)state;
    dx_technology t;
    assert_int_equal(dx_technology_find("l5g-sub6", &t), DX_OK);
    dx_assert_close(t.f_min_hz, 4800e6, 0, 0); /* §1.1 outdoor 4.8-4.9 GHz */
    dx_assert_close(t.f_max_hz, 4900e6, 0, 0);
    dx_assert_close(t.bw_hz, 100e6, 0, 0);
    dx_assert_close(t.scs_khz, 30, 0, 0);
    assert_string_equal(t.tdd_pattern, "DDDSUUDDDD");
    assert_int_equal(dx_technology_find("l5g-sub6-indoor", &t), DX_OK);
    dx_assert_close(t.f_min_hz, 4600e6, 0, 0); /* §1.1 indoor 4.6-4.9 GHz */
    assert_int_equal(t.indoor_only, 1);
    assert_int_equal(dx_technology_find("l5g-mmw", &t), DX_OK);
    assert_true(t.f_min_hz >= 28200e6 && t.f_max_hz <= 29100e6); /* n257 Local 5G block */
    assert_int_equal(dx_technology_find("wifi6e-lpi", &t), DX_OK);
    dx_assert_close(t.max_eirp_dbm, 23, 0, 0); /* §2.1 LPI 200 mW */
    assert_int_equal(t.indoor_only, 1);
    assert_int_equal(dx_technology_find("wifi6e-vlp", &t), DX_OK);
    dx_assert_close(t.max_eirp_dbm, 14, 0, 0); /* §2.1 VLP 25 mW */
    assert_int_equal(t.indoor_only, 0);
    assert_int_equal(dx_technology_find("wifi7", &t), DX_OK);
    dx_assert_close(t.bw_hz, 320e6, 0, 0);
    assert_int_equal(t.max_qm, 12); /* 4096-QAM */
    assert_int_equal(dx_technology_find("halow", &t), DX_OK);
    dx_assert_close(pow(10, t.bs_tx_power_dbm / 10), 20, 0.05, 0); /* 20 mW */
    assert_int_equal((int)t.n_bw_options, 3);
    assert_int_equal(dx_technology_find("lorawan-as923", &t), DX_OK);
    dx_assert_close(t.max_eirp_dbm, 16, 0, 0);
    dx_assert_close(t.dwell_time_s, 0.4, 0, 0);
    assert_int_equal(t.lora_sf_min, 7);
    assert_int_equal(t.lora_sf_max, 12);
    assert_int_equal(dx_technology_find("ltem-carrier", &t), DX_OK);
    assert_int_equal(t.subscription_only, 1);
}

static void test_technology__every_parameter_has_class_and_source(void **state)
{
    (void)state;
    for (size_t i = 0; i < dx_technology_count(); i++) {
        dx_technology t;
        assert_int_equal(dx_technology_get(i, &t), DX_OK);
        size_t n = dx_technology_param_count(t.id);
        assert_true(n >= 10);
        for (size_t k = 0; k < n; k++) {
            dx_tech_param p;
            assert_int_equal(dx_technology_param(t.id, k, &p), DX_OK);
            assert_true(strlen(p.source) > 3);
            assert_true(p.value_class <= DX_VALUE_UNVERIFIED);
        }
    }
    dx_tech_param p;
    assert_int_equal(dx_technology_param_find("wifi6e-lpi", "max_eirp_dbm", &p), DX_OK);
    assert_int_equal(p.value_class, DX_VALUE_FIRM);
    assert_non_null(strstr(p.source, "domain-japan"));
}

static void test_technology__tdd_frames_are_selectable(void **state)
{
    (void)state;
    dx_technology t;
    assert_int_equal(dx_technology_find("l5g-sub6", &t), DX_OK);
    const char *names[] = {"qs1", "qs2", "qs3", "sync"};
    const char *pats[] = {"DDDSUUDSUU", "DDSUUUDSUU", "DSUUUUDSUU", "DDDSUUDDDD"};
    for (int i = 0; i < 4; i++) {
        assert_int_equal(dx_technology_set_tdd_frame(&t, names[i]), DX_OK);
        assert_string_equal(t.tdd_pattern, pats[i]);
    }
    assert_int_equal(dx_technology_set_tdd_frame(&t, "qs9"), DX_ENOTFOUND);
    assert_non_null(strstr(dx_last_error(), "qs9"));
    assert_int_equal(dx_technology_find("halow", &t), DX_OK);
    assert_int_equal(dx_technology_set_tdd_frame(&t, "sync"), DX_EINVAL);
}

static void test_technology__errors_name_the_argument(void **state)
{
    (void)state;
    dx_technology t;
    assert_int_equal(dx_technology_find("wifi8", &t), DX_ENOTFOUND);
    assert_non_null(strstr(dx_last_error(), "wifi8"));
    assert_non_null(strstr(dx_last_error(), "halow")); /* lists the known ids */
    assert_int_equal(dx_technology_get(999, &t), DX_EINVAL);
    assert_non_null(strstr(dx_last_error(), "index"));
    assert_int_equal(dx_technology_get(0, NULL), DX_EINVAL);
    assert_int_equal(dx_technology_param_count("nope"), 0);
}

/* domain-japan §2.2: 24/12/6/3/1 channels of 20/40/80/160/320 MHz in 5945-6425 MHz. */
static void test_technology__channel_count_follows_the_width(void **state)
{
    (void)state;
    dx_technology t;
    assert_int_equal(dx_technology_find("wifi7", &t), DX_OK);
    const double bw[5] = {20e6, 40e6, 80e6, 160e6, 320e6};
    const int n[5] = {24, 12, 6, 3, 1};
    for (int i = 0; i < 5; i++) {
        t.bw_hz = bw[i];
        assert_int_equal(dx_technology_channel_count(&t), n[i]);
    }
    assert_int_equal(dx_technology_find("l5g-sub6-indoor", &t), DX_OK);
    assert_int_equal(dx_technology_channel_count(&t), 3); /* 300 MHz / 100 MHz, §1.1 */
    assert_int_equal(dx_technology_find("halow", &t), DX_OK);
    assert_int_equal(dx_technology_channel_count(&t), 6); /* §3.2 at 1 MHz */
    t.bw_hz = 4e6;
    assert_int_equal(dx_technology_channel_count(&t), 1);
    assert_int_equal(dx_technology_channel_count(NULL), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_technology__catalogue_has_the_seven_required_profiles),
        cmocka_unit_test(test_technology__japanese_rules_match_domain_reference),
        cmocka_unit_test(test_technology__every_parameter_has_class_and_source),
        cmocka_unit_test(test_technology__tdd_frames_are_selectable),
        cmocka_unit_test(test_technology__errors_name_the_argument),
        cmocka_unit_test(test_technology__channel_count_follows_the_width),
    };
    return cmocka_run_group_tests_name("technology", tests, NULL, NULL);
}
