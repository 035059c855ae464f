/* dx_programme_items_parse_csv: the cost-plan CSV table of `dxsim programme`,
 * moved from the CLI into the library so that it can be fuzzed
 * (tests/fuzz/fuzz_programme_items.c) and used from the bindings. */
#include "dx_internal.h"

#include <stdio.h>
#include <string.h>
#include "dxsim/programme.h"

static const char *const dx__item_columns[] = {
    "name",     "category", "procurement",          "role",      "unit_price_jpy",
    "tax_included", "quantity", "useful_life_years", "leasable", "months",
    "booked_in_first_year", "in_period", "justification", "conditional", "taxable"};
#define DX__N_ITEM_COLUMNS (sizeof dx__item_columns / sizeof dx__item_columns[0])

static int flag_value(const char *s, int *out)
{
    if (strcmp(s, "1") == 0 || strcmp(s, "true") == 0 || strcmp(s, "yes") == 0)
        *out = 1;
    else if (strcmp(s, "0") == 0 || strcmp(s, "false") == 0 || strcmp(s, "no") == 0)
        *out = 0;
    else
        return -1;
    return 0;
}

/* A price as Excel writes a cell formatted with thousands separators
 * ("1,200,000", quoted in the CSV): digits in groups of three after the
 * first one to three, an optional decimal part. Anything else (1,20,0) is
 * left to the plain number parser, which refuses it. 0 on success. */
static int grouped_number(const char *s, double *out)
{
    char buf[64];
    size_t k = 0, i = 0, digits = 0;
    if (s[0] == '-')
        buf[k++] = s[i++];
    while (s[i] >= '0' && s[i] <= '9' && digits < 4)
        buf[k++] = s[i++], digits++;
    if (digits == 0 || digits > 3 || s[i] != ',')
        return -1;
    while (s[i] == ',') {
        i++;
        for (int d = 0; d < 3; d++) {
            if (!(s[i] >= '0' && s[i] <= '9') || k + 1 >= sizeof buf)
                return -1;
            buf[k++] = s[i++];
        }
    }
    if (s[i] == '.' && s[i + 1] >= '0' && s[i + 1] <= '9')
        while ((s[i] == '.' || (s[i] >= '0' && s[i] <= '9')) && k + 1 < sizeof buf)
            buf[k++] = s[i++];
    if (s[i] != '\0' || k + 1 >= sizeof buf)
        return -1;
    buf[k] = '\0';
    return dx__parse_double(buf, out);
}

/* One cell into the item; col indexes dx__item_columns. */
static dx_status set_cell(dx_cost_item *it, size_t col, const char *val, const char *file, int line,
                          int *procurement_given, int *conditional)
{
    const char *cn = dx__item_columns[col];
    double v = 0;
    int f = 0;
    switch (col) {
    case 0:
    case 12: {
        /* refused when too long, never cut (a cut can split a UTF-8 character) */
        char *dst = col == 0 ? it->name : it->justification;
        size_t cap = col == 0 ? sizeof it->name : sizeof it->justification;
        if (strlen(val) >= cap)
            DX_FAIL(DX_EDOMAIN, "%s:%d: column %s is %zu bytes long (at most %zu bytes)", file, line,
                    cn, strlen(val), cap - 1);
        memcpy(dst, val, strlen(val) + 1);
        return DX_OK;
    }
    case 1:
        if (dx_cost_category_from_name(val, &it->category) != DX_OK)
            break;
        it->not_taxable = dx_cost_category_not_taxable(it->category); /* a taxable cell wins */
        if (*procurement_given)
            return DX_OK;
        if (it->category == DX_COST_CAT_LEASE)
            it->procurement = DX_PROCURE_LEASE;
        else if (it->category == DX_COST_CAT_SUBSCRIPTION || it->category == DX_COST_CAT_CLOUD)
            it->procurement = DX_PROCURE_SUBSCRIPTION;
        else if (it->category > DX_COST_CAT_SOFTWARE && it->category != DX_COST_CAT_OTHER)
            it->procurement = DX_PROCURE_SERVICE;
        return DX_OK;
    case 2:
        if (dx_procurement_from_name(val, &it->procurement) != DX_OK)
            break;
        *procurement_given = 1;
        return DX_OK;
    case 3:
        if (dx_cost_role_from_name(val, &it->role) != DX_OK)
            break;
        return DX_OK;
    case 5: case 8: case 10: case 11: case 13: case 14:
        if (flag_value(val, &f) != 0)
            DX_FAIL(DX_EPARSE, "%s:%d: column %s = '%.40s' is not a flag (1/0, true/false, yes/no)",
                    file, line, cn, val);
        if (col == 5)
            it->tax_included = f;
        else if (col == 8)
            it->leasable = f;
        else if (col == 10)
            it->booked_in_first_year = f;
        else if (col == 13)
            *conditional = f;
        else if (col == 14)
            it->not_taxable = !f; /* taxable = 0: state fee, no consumption tax */
        else
            it->in_period = f;
        return DX_OK;
    default:
        if ((dx__parse_double(val, &v) != 0 && (col != 4 || grouped_number(val, &v) != 0)) ||
            !isfinite(v))
            DX_FAIL(DX_EPARSE, "%s:%d: column %s = '%.40s' is not a number%s", file, line, cn, val,
                    col == 4 ? " (yen, digits with an optional '.' part; thousands separators "
                               "only in groups of three, 1,200,000)"
                             : "");
        if (col == 4)
            it->unit_price_jpy = v;
        else if (col == 6)
            it->quantity = v;
        else if (col == 7)
            it->useful_life_years = v;
        else
            it->months = v;
        return DX_OK;
    }
    DX_FAIL(DX_EPARSE, "%s:%d: column %s = '%.40s' is not a known %s name", file, line, cn, val, cn);
}

/* conditional = yes: a purchase that cannot be leased, eligible under ② only
 * once MIC accepts its justification (briefing ②-1 対象経費の考え方: 理由を提出し
 * 総務省の了解を得る必要). It is the same as leasable = no with a justification,
 * said outright; the report keeps it in the conditional subtotal, not approved.
 * Shared by the CSV form and the scenario's <costs>/<item conditional>. */
dx_status dx__cost_item_conditional(dx_cost_item *it, const char *where)
{
    const char *sep = where ? ": " : "";
    where = where ? where : "";
    if (it->procurement != DX_PROCURE_PURCHASE)
        DX_FAIL(DX_EDOMAIN, "%s%sconditional = yes is for a purchase that cannot be leased, "
                            "but '%s' is procured as %s",
                where, sep, it->name, dx_procurement_name(it->procurement));
    if (!it->justification[0])
        DX_FAIL(DX_EDOMAIN, "%s%sconditional = yes needs a justification (why '%s' cannot be "
                            "leased: MIC must accept it)",
                where, sep, it->name);
    it->leasable = 0;
    return DX_OK;
}

static void item_defaults(dx_cost_item *it, size_t n)
{
    memset(it, 0, sizeof *it);
    it->quantity = 1;
    it->leasable = 1;
    it->in_period = 1;
    it->role = DX_COST_ROLE_OTHER;
    snprintf(it->name, sizeof it->name, "item %zu", n);
}

dx_status dx_programme_items_parse_csv(const char *text, size_t len, const char *name, size_t cap,
                                       dx_cost_item *out_items, size_t *out_n)
{
    DX_REQUIRE_PTR(out_n);
    *out_n = 0;
    if (len > 0)
        DX_REQUIRE_PTR(text);
    if (cap > 0)
        DX_REQUIRE_PTR(out_items);
    const char *file = name ? name : "(memory)";
    dx_status st = DX_OK;
    size_t col_of[DX_PROGRAMME_CSV_MAX_COLUMNS]; /* header position -> column index */
    size_t ncols = 0, n = 0;
    size_t pos = 0;
    long line_no = 1;
    dx__csv_row row = {0};
    while (st == DX_OK && dx__csv_step(text, len, &pos, &line_no, &row, file, &st)) {
        int lineno = (int)row.line;
        char **cells = row.cells;
        size_t nc = row.n;
        if ((nc == 1 && cells[0][0] == '\0') || cells[0][0] == '#')
            continue; /* a line of blanks, or an indented comment */
        if (ncols == 0) { /* the header */
            if (nc > DX_PROGRAMME_CSV_MAX_COLUMNS) {
                dx__set_error("%s:%d: more than %d columns", file, lineno,
                              DX_PROGRAMME_CSV_MAX_COLUMNS);
                st = DX_EPARSE;
                break;
            }
            for (size_t c = 0; c < nc && st == DX_OK; c++) {
                size_t k = 0;
                while (k < DX__N_ITEM_COLUMNS && strcmp(cells[c], dx__item_columns[k]) != 0)
                    k++;
                if (k == DX__N_ITEM_COLUMNS) {
                    dx__set_error("%s:%d: unknown column '%.40s' (known: name, category, "
                                  "procurement, role, unit_price_jpy, tax_included, quantity, "
                                  "useful_life_years, leasable, months, booked_in_first_year, "
                                  "in_period, justification, conditional, taxable)",
                                  file, lineno, cells[c]);
                    st = DX_EPARSE;
                }
                for (size_t j = 0; j < c && st == DX_OK; j++)
                    if (col_of[j] == k) {
                        dx__set_error("%s:%d: column '%s' is named twice", file, lineno, cells[c]);
                        st = DX_EPARSE;
                    }
                col_of[c] = k;
            }
            ncols = nc;
            continue;
        }
        if (nc > ncols) {
            /* extra cells are an error unless empty (a trailing comma) */
            int extra = nc > DX_PROGRAMME_CSV_MAX_COLUMNS;
            for (size_t c = ncols; c < nc && c < DX_PROGRAMME_CSV_MAX_COLUMNS; c++)
                extra |= cells[c][0] != '\0';
            if (extra) {
                dx__set_error("%s:%d: more cells than the %zu columns of the header", file, lineno,
                              ncols);
                st = DX_EPARSE;
                break;
            }
            nc = ncols;
        }
        dx_cost_item it;
        item_defaults(&it, n + 1);
        int procurement_given = 0, conditional = 0;
        /* procurement and taxable cells win over the category's defaults, whatever the
         * column order */
        for (int pass = 0; pass < 2 && st == DX_OK; pass++)
            for (size_t c = 0; c < nc && st == DX_OK; c++)
                if (cells[c][0] && ((col_of[c] == 2 || col_of[c] == 14) == (pass == 1)))
                    st = set_cell(&it, col_of[c], cells[c], file, lineno, &procurement_given,
                                  &conditional);
        if (st == DX_OK && conditional) {
            char where[300];
            snprintf(where, sizeof where, "%s:%d", file, lineno);
            st = dx__cost_item_conditional(&it, where);
        }
        if (st != DX_OK)
            break;
        if (n < cap)
            out_items[n] = it;
        n++;
    }
    dx__csv_row_free(&row);
    if (st != DX_OK)
        return st;
    if (ncols == 0)
        DX_FAIL(DX_EPARSE, "%s: no header line (the first line that is not a comment names the "
                           "columns)", file);
    *out_n = n;
    if (n > cap)
        DX_FAIL(DX_EBUFSIZE, "%s: %zu items, the buffer holds %zu", file, n, cap);
    return DX_OK;
}
