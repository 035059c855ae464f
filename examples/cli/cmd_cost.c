/* dxsim cost TECH [options]: bill of materials (with price classes), yearly
 * cash flows, NPV / EAC / cost per device and km², and the PV of the whole
 * BOM bought, leased and taken as a service. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dxcli.h"

enum { OPT_SITES = 256, OPT_SECTORS, OPT_RADIOS, OPT_DEVICES, OPT_SOLUTION, OPT_EDGE, OPT_OUTDOOR,
       OPT_ONPREM, OPT_MODE, OPT_YEARS, OPT_START, OPT_RATE, OPT_AREA, OPT_TAX_EXCLUDED,
       OPT_RENTAL };
static const struct option longopts[] = {
    {"sites", required_argument, NULL, OPT_SITES},     {"sectors", required_argument, NULL, OPT_SECTORS},
    {"radios", required_argument, NULL, OPT_RADIOS},   {"devices", required_argument, NULL, OPT_DEVICES},
    {"solution", required_argument, NULL, OPT_SOLUTION}, {"edge", required_argument, NULL, OPT_EDGE},
    {"outdoor", no_argument, NULL, OPT_OUTDOOR},       {"onprem-core", no_argument, NULL, OPT_ONPREM},
    {"mode", required_argument, NULL, OPT_MODE},       {"years", required_argument, NULL, OPT_YEARS},
    {"start", required_argument, NULL, OPT_START},     {"rate", required_argument, NULL, OPT_RATE},
    {"area", required_argument, NULL, OPT_AREA},
    {"tax-excluded", no_argument, NULL, OPT_TAX_EXCLUDED},
    {"rental-months", required_argument, NULL, OPT_RENTAL},
    {0, 0, 0, 0}};

int dxcli_cost(int argc, char **argv)
{
    dx_cost_design d;
    dx_cost_options o;
    dx_cost_design_init(&d, DX_COST_DESIGN_VERSION);
    dx_cost_options_init(&o, DX_COST_OPTIONS_VERSION);
    d.n_sites = 1;
    dx_procurement mode = DX_PROCURE_PURCHASE;
    const char *cmd = argv[0];
    for (int c; (c = dxcli_getopt(argc, argv, "", longopts)) != -1;) {
        const char *v = optarg;
        int bad = 0;
        double x = 0;
        switch (c) {
        case OPT_OUTDOOR: d.outdoor = 1; break;
        case OPT_ONPREM: d.core_on_premises = 1; break;
        case OPT_TAX_EXCLUDED: o.output_tax_included = 0; break;
        case OPT_SITES: bad = dxcli_int(cmd, "--sites", v, &d.n_sites); break;
        case OPT_SECTORS: bad = dxcli_int(cmd, "--sectors", v, &d.sectors_per_site); break;
        case OPT_RADIOS: bad = dxcli_int(cmd, "--radios", v, &d.n_radios); break;
        case OPT_DEVICES: bad = dxcli_int(cmd, "--devices", v, &d.n_devices); break;
        case OPT_SOLUTION: bad = dxcli_int(cmd, "--solution", v, &d.n_solution_devices); break;
        case OPT_EDGE: bad = dxcli_int(cmd, "--edge", v, &d.n_edge_servers); break;
        case OPT_RENTAL: bad = dxcli_int(cmd, "--rental-months", v, &d.rental_months); break;
        case OPT_YEARS:
            if (!(bad = dxcli_number(cmd, "--years", v, &x)))
                d.horizon_years = o.horizon_years = x;
            break;
        case OPT_RATE: bad = dxcli_number(cmd, "--rate", v, &o.discount_rate_ratio); break;
        case OPT_AREA: bad = dxcli_number(cmd, "--area", v, &d.area_km2); break;
        case OPT_START:
        {
            int used = 0; /* the whole value: "2026-02x" was read as 2026-02 */
            if (sscanf(v, "%4d-%2d%n", &o.start_year, &o.start_month, &used) != 2 ||
                v[used] != '\0')
                return dxcli_usage_error(cmd, "--start = '%s' is not YYYY-MM", v);
        }
            break;
        case OPT_MODE:
            if (strcmp(v, "purchase") == 0)
                mode = DX_PROCURE_PURCHASE;
            else if (strcmp(v, "lease") == 0)
                mode = DX_PROCURE_LEASE;
            else if (strcmp(v, "subscription") == 0)
                mode = DX_PROCURE_SUBSCRIPTION;
            else
                return dxcli_usage_error(cmd, "--mode = '%s' (purchase, lease, subscription)", v);
            break;
        default: return 2;
        }
        if (bad)
            return 2;
    }
    if (optind >= argc)
        return dxcli_usage_error(cmd, "no technology");
    if (argc - optind > 1)
        return dxcli_usage_error(cmd, "unexpected argument '%s'", argv[optind + 1]);
    dx_technology t;
    int st = dx_technology_find(argv[optind], &t);
    if (st != DX_OK)
        return dxcli_fail(argv[optind], st);
    size_t n = 0;
    st = dx_cost_bom(&t, &d, mode, NULL, 0, NULL, &n);
    if (st != DX_OK && st != DX_EBUFSIZE)
        return dxcli_fail("bom", st);
    dx_cost_item *items = calloc(n ? n : 1, sizeof *items);
    if (!items)
        return dxcli_fail("bom", DX_ENOMEM);
    st = dx_cost_bom(&t, &d, mode, NULL, n, items, &n);
    if (st != DX_OK) {
        free(items);
        return dxcli_fail("bom", st);
    }
    /* every figure first, then the printout: a failing step prints nothing */
    size_t ny = dx_cost_n_years(&o);
    double *cf = calloc(ny ? ny : 1, sizeof *cf);
    if (!cf) {
        free(items);
        return dxcli_fail("cash flows", DX_ENOMEM);
    }
    st = dx_cost_cash_flows_jpy(n, items, &o, ny, cf);
    dx_cost_summary s;
    if (st == DX_OK)
        st = dx_cost_summarise(n, items, &d, &o, &s);
    if (st != DX_OK) {
        free(items);
        free(cf);
        return dxcli_fail("cash flows", st);
    }
    double pv[3];
    st = dx_cost_compare_procurement_jpy(&t, &d, NULL, &o, pv);
    if (st != DX_OK) {
        free(items);
        free(cf);
        return dxcli_fail("procurement comparison", st);
    }
    printf("%s (%s), %s, %g years, prices %s\n\n", t.id, t.name, dx_procurement_name(mode), o.horizon_years,
           o.output_tax_included ? "incl. 10 % consumption tax" : "excl. tax");
    printf("%-62s %8s %14s %-12s %-10s\n", "item", "qty", "unit JPY", "procurement", "class");
    for (size_t i = 0; i < n; i++) {
        const dx_cost_item *it = &items[i];
        int monthly = it->procurement != DX_PROCURE_PURCHASE || it->category == DX_COST_CAT_CLOUD;
        char price[32];
        snprintf(price, sizeof price, "%.0f%s", it->unit_price_jpy, monthly ? "/mo" : "");
        printf("%-62s %8g %14s %-12s %-10s\n", it->name, it->quantity, price, dx_procurement_name(it->procurement),
               dx_value_class_name(it->value_class));
    }
    free(items);
    printf("\n%-8s %16s\n", o.start_year ? "FY" : "year", "cost JPY");
    for (size_t y = 0; y < ny; y++) {
        if (o.start_year)
            printf("%-8d %16.0f\n", (o.start_month >= 4 ? o.start_year : o.start_year - 1) + (int)y, cf[y]);
        else
            printf("%-8zu %16.0f\n", y, cf[y]);
    }
    printf("\n%-28s %16.0f JPY\n", "total", s.total_jpy);
    printf("%-28s %16.0f JPY (discount rate %.3g)\n", "present value of costs", s.npv_cost_jpy,
           o.discount_rate_ratio);
    printf("%-28s %16.0f JPY/year\n", "equivalent annual cost", s.eac_jpy_per_year);
    printf("%-28s %16.0f JPY\n", "one-off (capex)", s.capex_jpy);
    if (isfinite(s.cost_per_device_jpy))
        printf("%-28s %16.0f JPY\n", "PV per device", s.cost_per_device_jpy);
    if (isfinite(s.cost_per_km2_jpy))
        printf("%-28s %16.0f JPY\n", "PV per km2", s.cost_per_km2_jpy);
    free(cf);
    printf("\nPV of the whole BOM: purchase %.0f, lease %.0f, subscription %.0f JPY\n", pv[0], pv[1], pv[2]);
    printf("Prices marked ASSUMED are placeholders (docs: domain-japan §9): replace them with quotations.\n");
    return 0;
}
