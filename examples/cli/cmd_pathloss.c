/* dxsim pathloss MODEL FC_HZ D2D_M H_BS_M H_UT_M [los|nlos] [KEY=VALUE ...]
 * One link's basic transmission loss, with the validity flag; for the 38.901
 * models also the LOS probability and the shadow-fading sigma. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dxcli.h"

static int parse_num(const char *what, const char *s, double *out)
{
    char *end = NULL;
    double v = strtod(s, &end);
    if (end == s || *end != '\0') {
        fprintf(stderr, "dxsim: pathloss: %s = '%s' is not a number\n", what, s);
        return -1;
    }
    *out = v;
    return 0;
}

static int set_param(dx_propagation_params *p, const char *kv)
{
    const char *eq = strchr(kv, '=');
    if (!eq) {
        fprintf(stderr, "dxsim: pathloss: '%s' is not KEY=VALUE\n", kv);
        return -1;
    }
    size_t klen = (size_t)(eq - kv);
    const char *val = eq + 1;
    if (klen == 11 && strncmp(kv, "environment", klen) == 0) {
        static const char *const envs[] = {"urban-medium", "urban-large", "suburban", "open"};
        for (int i = 0; i < 4; i++)
            if (strcmp(val, envs[i]) == 0) {
                p->environment = (dx_propagation_environment)i;
                return 0;
            }
        fprintf(stderr, "dxsim: pathloss: environment = '%s' (urban-medium, urban-large, "
                        "suburban, open)\n", val);
        return -1;
    }
    static const struct {
        const char *key;
        size_t off;
    } keys[] = {
        {"pl0_db", offsetof(dx_propagation_params, pl0_db)},
        {"d0_m", offsetof(dx_propagation_params, d0_m)},
        {"exponent", offsetof(dx_propagation_params, exponent)},
        {"h_building_m", offsetof(dx_propagation_params, h_building_m)},
        {"street_width_m", offsetof(dx_propagation_params, street_width_m)},
        {"h_roof_m", offsetof(dx_propagation_params, h_roof_m)},
        {"building_separation_m", offsetof(dx_propagation_params, building_separation_m)},
        {"street_orientation_deg", offsetof(dx_propagation_params, street_orientation_deg)},
        {"building_extent_m", offsetof(dx_propagation_params, building_extent_m)},
        {"h_e_m", offsetof(dx_propagation_params, h_e_m)},
        {"clutter_density_ratio", offsetof(dx_propagation_params, clutter_density_ratio)},
        {"clutter_size_m", offsetof(dx_propagation_params, clutter_size_m)},
        {"clutter_height_m", offsetof(dx_propagation_params, clutter_height_m)},
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (strlen(keys[i].key) == klen && strncmp(kv, keys[i].key, klen) == 0)
            return parse_num(keys[i].key, val, (double *)((char *)p + keys[i].off));
    fprintf(stderr, "dxsim: pathloss: unknown parameter '%.*s'\n", (int)klen, kv);
    return -1;
}

int dxcli_pathloss(int argc, char **argv)
{
    /* no options besides --help (main.c); "-2.385" is an operand */
    if (dxcli_getopt(argc, argv, "+", NULL) != -1)
        return 2;
    argc -= optind - 1;
    argv += optind - 1;
    if (argc < 6) {
        fprintf(stderr, "usage: dxsim pathloss MODEL FC_HZ D2D_M H_BS_M H_UT_M [los|nlos] "
                        "[KEY=VALUE ...]\n  models:");
        for (int m = 0; m < DX_PROPAGATION_MODEL_COUNT; m++)
            fprintf(stderr, " %s", dx_propagation_model_name((dx_propagation_model)m));
        fprintf(stderr, "\n");
        return 2;
    }
    dx_propagation_model model;
    int st = dx_propagation_model_from_name(argv[1], &model);
    if (st != DX_OK)
        return dxcli_fail("pathloss", st);
    double fc, d, hb, hu;
    if (parse_num("FC_HZ", argv[2], &fc) || parse_num("D2D_M", argv[3], &d) ||
        parse_num("H_BS_M", argv[4], &hb) || parse_num("H_UT_M", argv[5], &hu))
        return 2;
    dx_propagation_params p;
    dx_propagation_params_init(&p, DX_PROPAGATION_PARAMS_VERSION);
    for (int i = 6; i < argc; i++) {
        if (strcmp(argv[i], "los") == 0)
            p.los = DX_PROPAGATION_LOS;
        else if (strcmp(argv[i], "nlos") == 0)
            p.los = DX_PROPAGATION_NLOS;
        else if (set_param(&p, argv[i]) != 0)
            return 2;
    }
    double pl;
    unsigned char flag = 0;
    size_t n_out = 0;
    st = dx_propagation_path_loss_db(model, &p, 1, &fc, &d, &hb, &hu, &pl, &flag, &n_out);
    if (st != DX_OK)
        return dxcli_fail("pathloss", st);
    char note[1024] = "";
    if (flag)
        snprintf(note, sizeof note, "%s", dx_last_error());
    printf("model            %s (%s)\n", dx_propagation_model_name(model),
           p.los == DX_PROPAGATION_NLOS ? "nlos" : "los");
    printf("path_loss        %.4f dB\n", pl);
    printf("validity         %s\n", (flag & DX_PROPAGATION_FLAG_OUTSIDE) ? "OUTSIDE the model's range"
                                    : (flag & DX_PROPAGATION_FLAG_NOMINAL_HEIGHT)
                                        ? "inside (BS height differs from the scenario's nominal)"
                                        : "inside");
    if (model >= DX_PROPAGATION_38901_RMA) {
        double pr, sigma;
        if (dx_propagation_los_probability_bs(model, &p, 1, &d, &hb, &hu, &pr) == DX_OK)
            printf("los_probability  %.4f\n", pr);
        if (dx_propagation_shadow_fading_sigma_db(model, p.los, fc, d, &sigma) == DX_OK)
            printf("shadow_sigma     %.2f dB\n", sigma);
    }
    if (note[0])
        printf("note             %s\n", note);
    return 0;
}
