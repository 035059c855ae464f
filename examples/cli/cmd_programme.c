/* dxsim programme MENU ITEMS.csv [applicant options]: apply the MIC programme
 * rules of one menu (r7-1-1 ... r7-3) to a cost plan and print each item's
 * verdict with the deciding rule, the project checks, the totals and the
 * warnings.
 *
 * ITEMS.csv: '#' lines are comments; the first other line names the columns
 * (any order, missing ones take defaults): name, category, procurement, role,
 * unit_price_jpy, tax_included, quantity, useful_life_years, leasable, months,
 * booked_in_first_year, in_period, justification. Cells must not contain ','. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dxcli.h"

#define PROG_MAX_ITEMS 1000

static int num(const char *s, double *out)
{
    char *end = NULL;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

/* The whole file, parsed by the library (dx_programme_items_parse_csv). */
static int read_items(const char *path, dx_cost_item *items, size_t *n_items)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "dxsim: programme: cannot open '%s'\n", path);
        return -1;
    }
    size_t cap = 1 << 16, len = 0;
    char *text = malloc(cap);
    size_t got;
    while (text && (got = fread(text + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap) {
            char *bigger = cap < ((size_t)64 << 20) ? realloc(text, cap * 2) : NULL;
            if (!bigger) {
                fprintf(stderr, "dxsim: programme: %s: too large\n", path);
                free(text);
                text = NULL;
                break;
            }
            text = bigger;
            cap *= 2;
        }
    }
    fclose(f);
    if (!text)
        return -1;
    int st = dx_programme_items_parse_csv(text, len, path, PROG_MAX_ITEMS, items, n_items);
    free(text);
    if (st != DX_OK) {
        fprintf(stderr, "dxsim: programme: %s\n", dx_last_error());
        return -1;
    }
    return 0;
}

int dxcli_programme(int argc, char **argv)
{
    dx_applicant a;
    dx_programme_applicant_init(&a);
    enum { OPT_TYPE = 256, OPT_LG, OPT_FSI, OPT_PARTNERS, OPT_PREVIOUS };
    static const struct option longopts[] = {
        {"type", required_argument, NULL, OPT_TYPE},         {"lg", required_argument, NULL, OPT_LG},
        {"fsi", required_argument, NULL, OPT_FSI},           {"partners", required_argument, NULL, OPT_PARTNERS},
        {"previous", optional_argument, NULL, OPT_PREVIOUS}, {0, 0, 0, 0}};
    for (int c; (c = dxcli_getopt(argc, argv, "", longopts)) != -1;) {
        double v = 0;
        const char *val = optarg;
        if (c == OPT_PREVIOUS) {
            a.previously_selected = 1;
            /* --previous=N, or the older "--previous N" when N is a number */
            if (!val && optind < argc && num(argv[optind], &v) == 0)
                val = argv[optind++];
            if (val && dxcli_int(argv[0], "--previous", val, &a.previous_partner_municipalities))
                return 2;
            continue;
        }
        if (c == OPT_TYPE) {
            if (dx_applicant_type_from_name(val, &a.type) != DX_OK) {
                fprintf(stderr, "dxsim: programme: --type: %s\n", dx_last_error());
                return 2;
            }
        } else if (c == OPT_LG) {
            if (dxcli_int(argv[0], "--lg", val, &a.consortium_local_governments))
                return 2;
        } else if (c == OPT_FSI) {
            if (dxcli_number(argv[0], "--fsi", val, &a.fiscal_strength_index))
                return 2;
        } else if (c == OPT_PARTNERS) {
            if (dxcli_int(argv[0], "--partners", val, &a.partner_municipalities))
                return 2;
        } else
            return 2;
    }
    if (argc - optind < 2)
        return dxcli_usage_error(argv[0], "MENU and ITEMS.csv are needed");
    if (argc - optind > 2)
        return dxcli_usage_error(argv[0], "unexpected argument '%s'", argv[optind + 2]);
    const char *menu = argv[optind], *csv = argv[optind + 1];
    static dx_cost_item items[PROG_MAX_ITEMS];
    size_t n = 0;
    if (read_items(csv, items, &n) != 0)
        return 2;
    dx_programme_result *r = NULL;
    int st = dx_programme_evaluate(menu, n, items, &a, &r);
    if (st != DX_OK)
        return dxcli_fail("programme", st);
    printf("%s %s\n\n", dx_programme_result_menu(r), dx_programme_result_title(r));
    printf("%-4s %-40s %14s %14s  %s\n", "ok", "item", "cost_jpy", "eligible_jpy", "rule: reason");
    for (size_t i = 0; i < dx_programme_result_item_count(r); i++) {
        dx_programme_item_verdict v;
        dx_programme_result_item(r, i, &v);
        printf("%-4s %-40.40s %14.0f %14.0f  %s [%s]: %s\n", v.eligible ? "yes" : "no",
               items[i].name, v.cost_jpy, v.eligible_jpy, v.rule,
               dx_value_class_name(v.value_class), v.reason);
    }
    printf("\nproject checks:\n");
    for (size_t i = 0; i < dx_programme_result_check_count(r); i++) {
        dx_programme_check c;
        dx_programme_result_check(r, i, &c);
        printf("  %-6s %s: %s\n", c.passed ? "pass" : (c.blocking ? "FAIL" : "note"), c.rule,
               c.reason);
    }
    dx_programme_totals t;
    dx_programme_result_totals(r, &t);
    printf("\n%-22s %16.0f JPY (tax-included)\n", "total cost", t.total_cost_jpy);
    printf("%-22s %16.0f JPY\n", "eligible", t.eligible_total_jpy);
    printf("%-22s %16.0f JPY\n", "ineligible", t.ineligible_total_jpy);
    printf("%-22s %16.4g\n", "funding ratio", t.funding_ratio);
    printf("%-22s %16.0f JPY%s\n", "subsidy", t.subsidy_jpy,
           t.project_eligible ? "" : "  (project not eligible)");
    printf("%-22s %16.0f JPY\n", "applicant burden", t.applicant_burden_jpy);
    printf("\nwarnings:\n");
    for (size_t i = 0; i < dx_programme_result_warning_count(r); i++)
        printf("  - %s\n", dx_programme_result_warning(r, i));
    dx_programme_result_free(r);
    return 0;
}
