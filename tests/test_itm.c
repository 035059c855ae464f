/* ITM (Longley-Rice): every NTIA reference vector (tests/data/itm_*.csv,
 * copied from NTIA/itm with their source named in the files). */
#include "dx_test.h"
#include "dxsim/itm.h"

/* Reads the k-th line (0-based) of a PFL-layout file: n-1, spacing, heights. */
static int read_pfl_line(const char *name, int k, double **out, size_t *n_out, double *xi_out)
{
    FILE *f = fopen(dx_test_data_path(name), "rb");
    if (!f)
        return -1;
    static char line[200000];
    int idx = 0, rc = -1;
    while (fgets(line, sizeof line, f)) {
        if (idx++ != k)
            continue;
        double *v = malloc(sizeof(double) * 8192);
        size_t m = 0;
        for (char *tok = strtok(line, ",\r\n"); tok && m < 8192; tok = strtok(NULL, ",\r\n"))
            if (*tok)
                v[m++] = strtod(tok, NULL);
        size_t np = (size_t)v[0] + 1;
        assert_int_equal(m, np + 2);
        *xi_out = v[1];
        *n_out = np;
        *out = malloc(sizeof(double) * np);
        memcpy(*out, v + 2, sizeof(double) * np);
        free(v);
        rc = 0;
        break;
    }
    fclose(f);
    return rc;
}

static void test_itm__p2p_reproduces_every_ntia_vector(void **state)
{
    (void)state;
    dx_csv c;
    assert_int_equal(dx_csv_load(&c, "itm_p2p.csv"), 0);
    assert_int_equal(c.nrows, 5);
    for (int r = 0; r < c.nrows; r++) {
        double *z = NULL, xi = 0;
        size_t n = 0;
        assert_int_equal(read_pfl_line("itm_pfls.csv", r, &z, &n, &xi), 0);
        dx_itm_params p;
        assert_int_equal(dx_itm_params_init(&p, DX_ITM_PARAMS_VERSION), DX_OK);
        p.climate = (int)dx_csv_num(&c, r, "climate");
        p.n0_n_units = dx_csv_num(&c, r, "N_0");
        p.polarization_vertical = (int)dx_csv_num(&c, r, "pol");
        p.epsilon_ratio = dx_csv_num(&c, r, "epsilon");
        p.sigma_s_per_m = dx_csv_num(&c, r, "sigma");
        p.mdvar = (int)dx_csv_num(&c, r, "mdvar");
        p.time_ratio = dx_csv_num(&c, r, "time") / 100.0;
        p.location_ratio = dx_csv_num(&c, r, "location") / 100.0;
        p.situation_ratio = dx_csv_num(&c, r, "situation") / 100.0;
        double loss = 0;
        dx_itm_details det;
        assert_int_equal(dx_itm_p2p_loss_db(dx_csv_num(&c, r, "h_tx__meter"),
                                            dx_csv_num(&c, r, "h_rx__meter"), n, xi, z,
                                            dx_csv_num(&c, r, "f__mhz") * 1e6, &p, &loss, &det),
                         DX_OK);
        dx_assert_close(loss, dx_csv_num(&c, r, "A__db"), dx_csv_num(&c, r, "tol_db"), 0);
        /* NTIA: cases 2 and 5 carry warnings (0x400 / 0x600), the others none */
        if (r == 1)
            assert_int_equal(det.warnings, 0x400);
        else if (r == 4)
            assert_int_equal(det.warnings, 0x600);
        else
            assert_int_equal(det.warnings, 0);
        free(z);
    }
    dx_csv_free(&c);
}

static void test_itm__area_reproduces_every_ntia_vector(void **state)
{
    (void)state;
    dx_csv c;
    assert_int_equal(dx_csv_load(&c, "itm_area.csv"), 0);
    assert_int_equal(c.nrows, 5);
    for (int r = 0; r < c.nrows; r++) {
        dx_itm_params p;
        dx_itm_params_init(&p, DX_ITM_PARAMS_VERSION);
        p.climate = (int)dx_csv_num(&c, r, "climate");
        p.n0_n_units = dx_csv_num(&c, r, "N_0");
        p.polarization_vertical = (int)dx_csv_num(&c, r, "pol");
        p.epsilon_ratio = dx_csv_num(&c, r, "epsilon");
        p.sigma_s_per_m = dx_csv_num(&c, r, "sigma");
        p.mdvar = (int)dx_csv_num(&c, r, "mdvar");
        p.time_ratio = dx_csv_num(&c, r, "time") / 100.0;
        p.location_ratio = dx_csv_num(&c, r, "location") / 100.0;
        p.situation_ratio = dx_csv_num(&c, r, "situation") / 100.0;
        double loss = 0;
        assert_int_equal(dx_itm_area_loss_db(dx_csv_num(&c, r, "h_tx__meter"),
                                             dx_csv_num(&c, r, "h_rx__meter"),
                                             (int)dx_csv_num(&c, r, "tx_siting_criteria"),
                                             (int)dx_csv_num(&c, r, "rx_siting_criteria"),
                                             dx_csv_num(&c, r, "d__km") * 1e3,
                                             dx_csv_num(&c, r, "delta_h__meter"),
                                             dx_csv_num(&c, r, "f__mhz") * 1e6, &p, &loss, NULL),
                         DX_OK);
        /* published with one decimal: within rounding (0.05) plus the 0.1 dB budget */
        dx_assert_close(loss, dx_csv_num(&c, r, "A__db"), dx_csv_num(&c, r, "tol_db"), 0);
    }
    dx_csv_free(&c);
}

static double kv(const dx_csv *c, const char *key)
{
    for (int r = 0; r < c->nrows; r++)
        if (strcmp(c->cells[r][0], key) == 0)
            return strtod(c->cells[r][1], NULL);
    fail_msg("key %s missing", key);
    return NAN;
}

static void test_itm__command_line_example_114_5_db_with_intermediate_values(void **state)
{
    (void)state;
    dx_csv c;
    assert_int_equal(dx_csv_load(&c, "itm_cmd_example.csv"), 0);
    double *z = NULL, xi = 0;
    size_t n = 0;
    assert_int_equal(read_pfl_line("itm_cmd_example_pfl.txt", 0, &z, &n, &xi), 0);
    dx_itm_params p;
    dx_itm_params_init(&p, DX_ITM_PARAMS_VERSION);
    p.climate = (int)kv(&c, "climate");
    p.n0_n_units = kv(&c, "N_0");
    p.polarization_vertical = (int)kv(&c, "pol");
    p.epsilon_ratio = kv(&c, "epsilon");
    p.sigma_s_per_m = kv(&c, "sigma");
    p.mdvar = (int)kv(&c, "mdvar");
    p.time_ratio = kv(&c, "time") / 100;
    p.location_ratio = kv(&c, "location") / 100;
    p.situation_ratio = kv(&c, "situation") / 100;
    double loss;
    dx_itm_details d;
    assert_int_equal(dx_itm_p2p_loss_db(kv(&c, "h_tx__meter"), kv(&c, "h_rx__meter"), n, xi, z,
                                        kv(&c, "f__mhz") * 1e6, &p, &loss, &d),
                     DX_OK);
    /* values printed with 1 decimal (3 for km / mrad, 0 for metres): half a unit */
    dx_assert_close(loss, kv(&c, "expect_A__db"), 0.05, 0);
    dx_assert_close(d.free_space_db, kv(&c, "expect_free_space_db"), 0.05, 0);
    dx_assert_close(d.d_m / 1e3, kv(&c, "expect_d__km"), 0.0005, 0);
    dx_assert_close(d.theta_hzn_rad[0] * 1e3, kv(&c, "expect_theta_hzn_tx_mrad"), 0.0005, 0);
    dx_assert_close(d.theta_hzn_rad[1] * 1e3, kv(&c, "expect_theta_hzn_rx_mrad"), 0.0005, 0);
    dx_assert_close(d.d_hzn_m[0], kv(&c, "expect_d_hzn_tx__meter"), 0.5, 0);
    dx_assert_close(d.d_hzn_m[1], kv(&c, "expect_d_hzn_rx__meter"), 0.5, 0);
    dx_assert_close(d.h_e_m[0], kv(&c, "expect_h_e_tx__meter"), 0.05, 0);
    dx_assert_close(d.h_e_m[1], kv(&c, "expect_h_e_rx__meter"), 0.05, 0);
    dx_assert_close(d.n_s_n_units, kv(&c, "expect_N_s"), 0.05, 0);
    dx_assert_close(d.delta_h_m, kv(&c, "expect_delta_h__meter"), 0.05, 0);
    dx_assert_close(d.a_ref_db, kv(&c, "expect_A_ref__db"), 0.05, 0);
    assert_int_equal(d.mode, (int)kv(&c, "expect_mode"));
    assert_int_equal(d.warnings, 0);
    free(z);
    dx_csv_free(&c);
}

static void test_itm__bad_inputs_name_argument_and_range(void **state)
{
    (void)state;
    double z[5] = {0, 1, 2, 1, 0}, loss;
    assert_int_equal(dx_itm_p2p_loss_db(10, 2, 5, 100, z, 30e9, NULL, &loss, NULL), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "f_hz"));
    assert_int_equal(dx_itm_p2p_loss_db(0.1, 2, 5, 100, z, 900e6, NULL, &loss, NULL), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "h_tx_m"));
    assert_int_equal(dx_itm_p2p_loss_db(10, 2, 2, 100, z, 900e6, NULL, &loss, NULL), DX_EINVAL);
    dx_itm_params p;
    dx_itm_params_init(&p, DX_ITM_PARAMS_VERSION);
    p.time_ratio = 1.0;
    assert_int_equal(dx_itm_p2p_loss_db(10, 2, 5, 100, z, 900e6, &p, &loss, NULL), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "time_ratio"));
    assert_int_equal(dx_itm_area_loss_db(10, 2, 3, 0, 1e4, 90, 900e6, NULL, &loss, NULL),
                     DX_EINVAL);
    assert_non_null(strstr(dx_last_error(), "tx_siting"));
    assert_int_equal(dx_itm_params_init(&p, 99), DX_EINVAL);
    assert_int_equal(dx_itm_params_size(), sizeof(dx_itm_params));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_itm__p2p_reproduces_every_ntia_vector),
        cmocka_unit_test(test_itm__area_reproduces_every_ntia_vector),
        cmocka_unit_test(test_itm__command_line_example_114_5_db_with_intermediate_values),
        cmocka_unit_test(test_itm__bad_inputs_name_argument_and_range),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
