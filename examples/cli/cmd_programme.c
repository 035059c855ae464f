/* dxsim programme MENU ITEMS.csv [applicant options]: apply the MIC programme
 * rules of one menu (r7-1-1 ... r7-3) to a cost plan and print each item's
 * verdict with the deciding rule, the project checks, the totals and the
 * warnings.
 *
 * ITEMS.csv: '#' lines are comments; the first other line names the columns
 * (any order, missing ones take defaults): name, category, procurement, role,
 * unit_price_jpy, tax_included, quantity, useful_life_years, leasable, months,
 * booked_in_first_year, in_period, justification. Cells must not contain ','. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dxcli.h"

#define PROG_MAX_ITEMS 1000
#define PROG_MAX_COLS 16

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        *--e = '\0';
    return s;
}

static int num(const char *s, double *out)
{
    char *end = NULL;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

static int flag(const char *s)
{
    return strcmp(s, "1") == 0 || strcmp(s, "true") == 0 || strcmp(s, "yes") == 0;
}

/* Fill one item from a row; returns 0 or prints the error and returns -1. */
static int set_field(dx_cost_item *it, const char *col, const char *val, const char *path, int line)
{
    double v = 0;
    if (strcmp(col, "name") == 0) {
        snprintf(it->name, sizeof it->name, "%s", val);
        return 0;
    }
    if (strcmp(col, "justification") == 0) {
        snprintf(it->justification, sizeof it->justification, "%s", val);
        return 0;
    }
    if (strcmp(col, "category") == 0) {
        if (dx_cost_category_from_name(val, &it->category) != DX_OK)
            goto bad;
        if (it->category == DX_COST_CAT_LEASE)
            it->procurement = DX_PROCURE_LEASE;
        else if (it->category == DX_COST_CAT_SUBSCRIPTION || it->category == DX_COST_CAT_CLOUD)
            it->procurement = DX_PROCURE_SUBSCRIPTION;
        else if (it->category > DX_COST_CAT_SOFTWARE && it->category != DX_COST_CAT_OTHER)
            it->procurement = DX_PROCURE_SERVICE;
        return 0;
    }
    if (strcmp(col, "procurement") == 0) {
        if (dx_procurement_from_name(val, &it->procurement) != DX_OK)
            goto bad;
        return 0;
    }
    if (strcmp(col, "role") == 0) {
        if (dx_cost_role_from_name(val, &it->role) != DX_OK)
            goto bad;
        return 0;
    }
    if (strcmp(col, "tax_included") == 0 || strcmp(col, "leasable") == 0 ||
        strcmp(col, "booked_in_first_year") == 0 || strcmp(col, "in_period") == 0) {
        int f = flag(val);
        if (!f && strcmp(val, "0") != 0 && strcmp(val, "false") != 0 && strcmp(val, "no") != 0)
            goto bad;
        if (col[0] == 't')
            it->tax_included = f;
        else if (col[0] == 'l')
            it->leasable = f;
        else if (col[0] == 'b')
            it->booked_in_first_year = f;
        else
            it->in_period = f;
        return 0;
    }
    if (num(val, &v) != 0)
        goto bad;
    if (strcmp(col, "unit_price_jpy") == 0)
        it->unit_price_jpy = v;
    else if (strcmp(col, "quantity") == 0)
        it->quantity = v;
    else if (strcmp(col, "useful_life_years") == 0)
        it->useful_life_years = v;
    else if (strcmp(col, "months") == 0)
        it->months = v;
    else {
        fprintf(stderr, "dxsim: programme: %s:%d: unknown column '%s'\n", path, line, col);
        return -1;
    }
    return 0;
bad:
    fprintf(stderr, "dxsim: programme: %s:%d: column %s = '%s' is not valid\n", path, line, col, val);
    return -1;
}

static int read_items(const char *path, dx_cost_item *items, size_t *n_items)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "dxsim: programme: cannot open '%s'\n", path);
        return -1;
    }
    char line[2048], header[2048];
    char *cols[PROG_MAX_COLS];
    int ncols = 0, lineno = 0, rc = 0;
    *n_items = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        char *s = trim(line);
        if (*s == '\0' || *s == '#')
            continue;
        if (ncols == 0) {
            snprintf(header, sizeof header, "%s", s);
            for (char *p = header; p && ncols < PROG_MAX_COLS;) {
                char *comma = strchr(p, ',');
                if (comma)
                    *comma = '\0';
                cols[ncols++] = trim(p);
                p = comma ? comma + 1 : NULL;
            }
            continue;
        }
        if (*n_items >= PROG_MAX_ITEMS) {
            fprintf(stderr, "dxsim: programme: %s: more than %d items\n", path, PROG_MAX_ITEMS);
            rc = -1;
            break;
        }
        dx_cost_item *it = &items[(*n_items)++];
        memset(it, 0, sizeof *it);
        it->quantity = 1;
        it->leasable = 1;
        it->in_period = 1;
        it->role = DX_COST_ROLE_OTHER;
        snprintf(it->name, sizeof it->name, "item %zu", *n_items);
        int c = 0;
        for (char *p = s; p && c < ncols; c++) {
            char *comma = strchr(p, ',');
            if (comma)
                *comma = '\0';
            char *v = trim(p);
            if (*v && set_field(it, cols[c], v, path, lineno) != 0) {
                rc = -1;
                break;
            }
            p = comma ? comma + 1 : NULL;
        }
        if (rc)
            break;
    }
    fclose(f);
    if (rc == 0 && ncols == 0) {
        fprintf(stderr, "dxsim: programme: %s: no header line\n", path);
        rc = -1;
    }
    return rc;
}

static void usage(void)
{
    fprintf(stderr,
            "usage: dxsim programme MENU ITEMS.csv [--type TYPE] [--lg N] [--fsi X] [--partners N]\n"
            "                       [--previous [PREV_PARTNERS]]\n"
            "  MENU: r7-1-1 r7-1-2 r7-1-3 r7-2-1 r7-2-2 r7-2-3 r7-3 (R7 = FY2025)\n"
            "  TYPE: municipality (default), prefecture, company, nonprofit, gov-funded-corporation\n"
            "  --lg N: local governments in the consortium; --fsi X: fiscal strength index\n");
}

int dxcli_programme(int argc, char **argv)
{
    if (argc < 3) {
        usage();
        return 2;
    }
    dx_applicant a;
    dx_programme_applicant_init(&a);
    for (int i = 3; i < argc; i++) {
        const char *opt = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        double v = 0;
        if (strcmp(opt, "--previous") == 0) {
            a.previously_selected = 1;
            if (val && num(val, &v) == 0) {
                a.previous_partner_municipalities = (int)v;
                i++;
            }
            continue;
        }
        if (!val) {
            usage();
            return 2;
        }
        i++;
        if (strcmp(opt, "--type") == 0) {
            if (dx_applicant_type_from_name(val, &a.type) != DX_OK) {
                fprintf(stderr, "dxsim: programme: --type: %s\n", dx_last_error());
                return 2;
            }
        } else if (num(val, &v) != 0) {
            fprintf(stderr, "dxsim: programme: %s '%s' is not a number\n", opt, val);
            return 2;
        } else if (strcmp(opt, "--lg") == 0) {
            a.consortium_local_governments = (int)v;
        } else if (strcmp(opt, "--fsi") == 0) {
            a.fiscal_strength_index = v;
        } else if (strcmp(opt, "--partners") == 0) {
            a.partner_municipalities = (int)v;
        } else {
            usage();
            return 2;
        }
    }
    static dx_cost_item items[PROG_MAX_ITEMS];
    size_t n = 0;
    if (read_items(argv[2], items, &n) != 0)
        return 2;
    dx_programme_result *r = NULL;
    int st = dx_programme_evaluate(argv[1], n, items, &a, &r);
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
