/* dxsim programme MENU ITEMS.csv [applicant options]: apply the MIC programme
 * rules of one menu (r7-1-1 ... r7-3) to a cost plan and print each item's
 * verdict with the deciding rule, the project checks, the totals and the
 * warnings.
 *
 * ITEMS.csv: '#' lines are comments; the first other line names the columns
 * (any order, missing ones take defaults): name, category, procurement, role,
 * unit_price_jpy, tax_included, quantity, useful_life_years, leasable, months,
 * booked_in_first_year, in_period, justification. A cell with ',' is quoted (RFC 4180).
 * `dxsim programme --template` prints the table with every column documented. */
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
    /* the library's reader: a FIFO or device is refused at once, size bounded (64 MiB) */
    char *text = NULL;
    size_t len = 0;
    if (dx_file_read(path, (size_t)64 << 20, &text, &len) != DX_OK) {
        fprintf(stderr, "dxsim: programme: %s\n", dx_last_error());
        return -1;
    }
    int st = dx_programme_items_parse_csv(text, len, path, PROG_MAX_ITEMS, items, n_items);
    dx_free(text);
    if (st != DX_OK) {
        fprintf(stderr, "dxsim: programme: %s\n", dx_last_error());
        return -1;
    }
    return 0;
}

/* `dxsim programme --template`: an items table with every column, documented
 * (docs/cost-model.md "Cost lines"), and example rows the command reads back. */
static void print_template(void)
{
    fputs("# dxsim programme items table (docs/cost-model.md \"Cost lines\").\n"
          "# One row per cost item; '#' lines are comments; a cell with ',' goes in double quotes.\n"
          "# Empty cells keep the default. Columns (any order, each at most once):\n"
          "#   name                  text (default \"item N\")\n"
          "#   category              equipment software lease subscription cloud labour\n"
          "#                         communications utilities travel construction\n"
          "#                         licence-application-fee radio-usage-fee other (default other)\n"
          "#   procurement           purchase lease subscription service (default: from the category)\n"
          "#   role                  network solution other (MIC ③ needs network + solution; default other)\n"
          "#   unit_price_jpy        JPY; MONTHLY for lease / subscription / cloud and for a service with months\n"
          "#   tax_included          1 when the price includes the 10 % consumption tax (default 0)\n"
          "#   quantity              units (default 1)\n"
          "#   useful_life_years     statutory useful life, years (default 0)\n"
          "#   leasable              0 when the item cannot be leased (default 1)\n"
          "#   months                months charged (monthly items; required for them)\n"
          "#   booked_in_first_year  1 when multi-year fees are booked (paid) in year one (MIC ③ ※3)\n"
          "#   in_period             0 when the cost arises outside the demonstration / grant period (default 1)\n"
          "#   justification         why a purchase cannot be leased (②: needs MIC's consent)\n"
          "#   conditional           1: a purchase that cannot be leased, eligible only once MIC accepts the\n"
          "#                         justification (needs one; sets leasable 0; reported apart, not approved)\n"
          "#   taxable               0: no consumption tax (不課税: fees of the state such as 免許申請手数料 or\n"
          "#                         電波利用料); tax-excluded = tax-included (default 1; 0 for the\n"
          "#                         categories licence-application-fee and radio-usage-fee)\n"
          "name,category,procurement,role,unit_price_jpy,tax_included,quantity,useful_life_years,"
          "leasable,months,booked_in_first_year,in_period,justification,conditional,taxable\n"
          "HaLow access point lease,lease,lease,network,4500,0,6,,1,12,0,1,,0,1\n"
          "Farm app cloud service,cloud,subscription,solution,50000,0,1,,1,60,1,1,,0,1\n"
          "Design and installation labour,labour,service,network,2400000,0,1,,1,,0,1,,0,1\n"
          "Engineers' travel,travel,service,other,25000,0,12,,1,,0,1,,0,1\n"
          "Water-level sensor (quotation),equipment,purchase,solution,9000,0,180,5,1,,0,1,,0,1\n"
          "Custom gate controller,equipment,purchase,solution,850000,0,2,6,0,,0,1,"
          "built to order: no lessor offers it,1,1\n"
          "Radio station licence application fee,licence-application-fee,service,network,6500,1,2,,1,,0,1,,0,0\n",
          stdout);
}

int dxcli_programme(int argc, char **argv)
{
    dx_applicant a;
    dx_programme_applicant_init(&a);
    enum { OPT_TYPE = 256, OPT_LG, OPT_FSI, OPT_PARTNERS, OPT_PREVIOUS, OPT_TEMPLATE, OPT_VISITS,
           OPT_ONLINE };
    static const struct option longopts[] = {
        {"type", required_argument, NULL, OPT_TYPE},         {"lg", required_argument, NULL, OPT_LG},
        {"fsi", required_argument, NULL, OPT_FSI},           {"partners", required_argument, NULL, OPT_PARTNERS},
        {"previous", optional_argument, NULL, OPT_PREVIOUS}, {"template", no_argument, NULL, OPT_TEMPLATE},
        {"visits", required_argument, NULL, OPT_VISITS},     {"online-hours", required_argument, NULL, OPT_ONLINE},
        {0, 0, 0, 0}};
    for (int c; (c = dxcli_getopt(argc, argv, "", longopts)) != -1;) {
        double v = 0;
        const char *val = optarg;
        if (c == OPT_TEMPLATE) {
            print_template();
            return 0;
        }
        if (c == OPT_VISITS) {
            if (dxcli_int(argv[0], "--visits", val, &a.advisor_onsite_visits_per_year))
                return 2;
            continue;
        }
        if (c == OPT_ONLINE) {
            if (dxcli_number(argv[0], "--online-hours", val, &a.advisor_online_hours_per_year))
                return 2;
            continue;
        }
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
