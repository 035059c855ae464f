/* dxsim cost TECH [options]: bill of materials (with price classes), yearly
 * cash flows, NPV / EAC / cost per device and km², and the PV of the whole
 * BOM bought, leased and taken as a service. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dxcli.h"

static int usage(void)
{
    fprintf(stderr,
            "usage: dxsim cost TECH [--sites N] [--sectors N] [--radios N] [--devices N]\n"
            "                       [--solution N] [--edge N] [--outdoor] [--onprem-core]\n"
            "                       [--mode purchase|lease|subscription] [--years Y]\n"
            "                       [--start YYYY-MM] [--rate R] [--area KM2] [--tax-excluded]\n");
    return 2;
}

int dxcli_cost(int argc, char **argv)
{
    if (argc < 2 || argv[1][0] == '-')
        return usage();
    dx_technology t;
    int st = dx_technology_find(argv[1], &t);
    if (st != DX_OK)
        return dxcli_fail(argv[1], st);
    dx_cost_design d;
    dx_cost_options o;
    dx_cost_design_init(&d, DX_COST_DESIGN_VERSION);
    dx_cost_options_init(&o, DX_COST_OPTIONS_VERSION);
    d.n_sites = 1;
    dx_procurement mode = DX_PROCURE_PURCHASE;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--outdoor") == 0)
            d.outdoor = 1;
        else if (strcmp(a, "--onprem-core") == 0)
            d.core_on_premises = 1;
        else if (strcmp(a, "--tax-excluded") == 0)
            o.output_tax_included = 0;
        else if (!v)
            return usage();
        else {
            i++;
            if (strcmp(a, "--sites") == 0)
                d.n_sites = atoi(v);
            else if (strcmp(a, "--sectors") == 0)
                d.sectors_per_site = atoi(v);
            else if (strcmp(a, "--radios") == 0)
                d.n_radios = atoi(v);
            else if (strcmp(a, "--devices") == 0)
                d.n_devices = atoi(v);
            else if (strcmp(a, "--solution") == 0)
                d.n_solution_devices = atoi(v);
            else if (strcmp(a, "--edge") == 0)
                d.n_edge_servers = atoi(v);
            else if (strcmp(a, "--years") == 0)
                d.horizon_years = o.horizon_years = atof(v);
            else if (strcmp(a, "--rate") == 0)
                o.discount_rate_ratio = atof(v);
            else if (strcmp(a, "--area") == 0)
                d.area_km2 = atof(v);
            else if (strcmp(a, "--start") == 0) {
                if (sscanf(v, "%d-%d", &o.start_year, &o.start_month) != 2)
                    return usage();
            } else if (strcmp(a, "--mode") == 0) {
                if (strcmp(v, "purchase") == 0)
                    mode = DX_PROCURE_PURCHASE;
                else if (strcmp(v, "lease") == 0)
                    mode = DX_PROCURE_LEASE;
                else if (strcmp(v, "subscription") == 0)
                    mode = DX_PROCURE_SUBSCRIPTION;
                else
                    return usage();
            } else
                return usage();
        }
    }
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
    size_t ny = dx_cost_n_years(&o);
    double cf[64];
    if (ny > 64)
        ny = 64;
    st = dx_cost_cash_flows_jpy(n, items, &o, ny, cf);
    dx_cost_summary s;
    if (st == DX_OK)
        st = dx_cost_summarise(n, items, &d, &o, &s);
    free(items);
    if (st != DX_OK)
        return dxcli_fail("cash flows", st);
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
    double pv[3];
    st = dx_cost_compare_procurement_jpy(&t, &d, NULL, &o, pv);
    if (st != DX_OK)
        return dxcli_fail("procurement comparison", st);
    printf("\nPV of the whole BOM: purchase %.0f, lease %.0f, subscription %.0f JPY\n", pv[0], pv[1], pv[2]);
    printf("Prices marked ASSUMED are placeholders (docs: domain-japan §9): replace them with quotations.\n");
    return 0;
}
