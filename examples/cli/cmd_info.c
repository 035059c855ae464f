/* dxsim version / dxsim techs */
#include <stdio.h>
#include <string.h>
#include "dxcli.h"

int dxcli_version(int argc, char **argv)
{
    if (dxcli_getopt(argc, argv, "", NULL) != -1)
        return 2;
    if (optind < argc)
        return dxcli_usage_error("version", "unexpected argument '%s'", argv[optind]);
    int maj, min, pat;
    dx_version(&maj, &min, &pat);
    printf("dxsim %d.%d.%d (headers %s)\n", maj, min, pat, DX_VERSION_STRING);
    return 0;
}

static void print_params(const char *id)
{
    size_t n = dx_technology_param_count(id);
    for (size_t i = 0; i < n; i++) {
        dx_tech_param p;
        if (dx_technology_param(id, i, &p) == DX_OK)
            printf("    %-22s %-26s %-10s %s\n", p.key, p.value, dx_value_class_name(p.value_class),
                   p.source);
    }
}

int dxcli_techs(int argc, char **argv)
{
    if (dxcli_getopt(argc, argv, "", NULL) != -1)
        return 2;
    if (argc - optind > 1)
        return dxcli_usage_error(argv[0], "unexpected argument '%s'", argv[optind + 1]);
    const char *only = optind < argc ? argv[optind] : NULL;
    size_t n = dx_technology_count();
    if (n == 0)
        return dxcli_fail("catalogue", DX_EPARSE);
    printf("%-16s %-9s %10s %9s %9s  %s\n", "id", "family", "fc [MHz]", "bw [MHz]", "EIRP cap",
           "name");
    for (size_t i = 0; i < n; i++) {
        dx_technology t;
        int st = dx_technology_get(i, &t);
        if (st != DX_OK)
            return dxcli_fail("catalogue", st);
        if (only && strcmp(only, t.id) != 0)
            continue;
        char cap[16] = "-";
        if (t.max_eirp_dbm != 0.0)
            snprintf(cap, sizeof cap, "%.0f dBm", t.max_eirp_dbm);
        printf("%-16s %-9s %10.1f %9.3g %9s  %s\n", t.id, dx_tech_family_name(t.family),
               t.fc_hz / 1e6, t.bw_hz / 1e6, cap, t.name);
        if (only)
            print_params(t.id);
    }
    if (only && dx_technology_param_count(only) == 0) {
        fprintf(stderr, "dxsim: techs: no technology '%s'\n", only);
        return 1;
    }
    return 0;
}
