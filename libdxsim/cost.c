/* Stage 6 (cost): price book, design -> bill of materials, yearly cash flows,
 * summaries, lease factors and the Monte Carlo NPV kernel. */
#define _GNU_SOURCE
#include "counters_internal.h"
#include "dx_internal.h"
#include "dxsim/cost.h"
#include "dxsim/finance.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- enum names (the one spelling of dx_cost_category / dx_procurement /
 *      dx_cost_role; programme.c, report.c, the CLI and the Python binding use it) -- */

static const char *const dx__cost_cat_names[] = {
    "equipment",   "software",     "lease",     "subscription",
    "cloud",       "labour",       "communications", "utilities",
    "travel",      "construction", "licence-application-fee", "radio-usage-fee",
    "other"};
static const char *const dx__procure_names[] = {"purchase", "lease", "subscription", "service"};
static const char *const dx__cost_role_names[] = {"network", "solution", "other"};
#define DX__NAMES(t) (t), (sizeof(t) / sizeof((t)[0]))

_Static_assert(sizeof dx__cost_cat_names / sizeof *dx__cost_cat_names == DX_COST_CAT_OTHER + 1,
               "one name per dx_cost_category");
_Static_assert(sizeof dx__procure_names / sizeof *dx__procure_names == DX_PROCURE_SERVICE + 1,
               "one name per dx_procurement");
_Static_assert(sizeof dx__cost_role_names / sizeof *dx__cost_role_names == DX_COST_ROLE_OTHER + 1,
               "one name per dx_cost_role");

static const char *enum_name(const char *const *names, size_t n, int v)
{
    return v >= 0 && (size_t)v < n ? names[v] : "unknown";
}

/* Index of name in names; DX_ENOTFOUND lists the allowed names. */
static dx_status enum_from_name(const char *fn, const char *const *names, size_t n,
                                const char *name, int *out)
{
    if (!name || !out)
        DX_FAIL(DX_EINVAL, "%s: argument '%s' is NULL", fn, name ? "out" : "name");
    for (size_t i = 0; i < n; i++)
        if (strcmp(name, names[i]) == 0) {
            *out = (int)i;
            return DX_OK;
        }
    char allowed[256] = "";
    size_t len = 0;
    for (size_t i = 0; i < n && len < sizeof allowed; i++) {
        int k = snprintf(allowed + len, sizeof allowed - len, "%s%s", i ? ", " : "", names[i]);
        len += k > 0 ? (size_t)k : 0;
    }
    DX_FAIL(DX_ENOTFOUND, "%s: name = '%s' (allowed: %s)", fn, name, allowed);
}

const char *dx_cost_category_name(dx_cost_category c)
{
    return enum_name(DX__NAMES(dx__cost_cat_names), (int)c);
}

const char *dx_procurement_name(dx_procurement p)
{
    return enum_name(DX__NAMES(dx__procure_names), (int)p);
}

const char *dx_cost_role_name(dx_cost_role r)
{
    return enum_name(DX__NAMES(dx__cost_role_names), (int)r);
}

dx_status dx_cost_category_from_name(const char *name, dx_cost_category *out)
{
    int v = 0;
    dx_status st = enum_from_name(__func__, DX__NAMES(dx__cost_cat_names), name, out ? &v : NULL);
    if (st == DX_OK)
        *out = (dx_cost_category)v;
    return st;
}

dx_status dx_procurement_from_name(const char *name, dx_procurement *out)
{
    int v = 0;
    dx_status st = enum_from_name(__func__, DX__NAMES(dx__procure_names), name, out ? &v : NULL);
    if (st == DX_OK)
        *out = (dx_procurement)v;
    return st;
}

dx_status dx_cost_role_from_name(const char *name, dx_cost_role *out)
{
    int v = 0;
    dx_status st = enum_from_name(__func__, DX__NAMES(dx__cost_role_names), name, out ? &v : NULL);
    if (st == DX_OK)
        *out = (dx_cost_role)v;
    return st;
}

/* ---- price book ------------------------------------------------------------ */

typedef struct {
    char *key, *name, *unit, *source;
    double low, value, high;
    dx_value_class cls;
    int tax_included;
    int not_taxable; /* "none" in the book: 不課税 (state fees) */
    unsigned hash;   /* of key (pb_append): lookups compare it before the string */
} pb_entry;

/* FNV-1a of a price-book key (a Monte Carlo draw looks up dozens of keys in
 * every bill of materials: a hash compare per entry instead of a strcmp). */
static unsigned pb_hash(const char *k)
{
    unsigned h = 2166136261u;
    for (; *k; k++)
        h = (h ^ (unsigned char)*k) * 16777619u;
    return h;
}

struct dx_price_book {
    size_t n, cap;
    pb_entry *e;
};

static void pb_entry_dispose(pb_entry *e)
{
    dx__free(e->key);
    dx__free(e->name);
    dx__free(e->unit);
    dx__free(e->source);
}

void dx_price_book_free(dx_price_book *book)
{
    if (!book)
        return;
    for (size_t i = 0; i < book->n; i++)
        pb_entry_dispose(&book->e[i]);
    dx__free(book->e);
    dx__free(book);
}

static pb_entry *pb_lookup(const dx_price_book *b, const char *key)
{
    const unsigned h = pb_hash(key);
    for (size_t i = 0; i < b->n; i++)
        if (b->e[i].hash == h && strcmp(b->e[i].key, key) == 0)
            return &b->e[i];
    return NULL;
}

/* Append a copy of *src (strings duplicated). */
static dx_status pb_append(dx_price_book *b, const pb_entry *src)
{
    if (b->n == b->cap) {
        size_t nc = b->cap ? 2 * b->cap : 64;
        pb_entry *ne = dx__realloc(b->e, nc * sizeof *ne);
        if (!ne)
            DX_FAIL(DX_ENOMEM, "price book: out of memory growing to %zu entries", nc);
        b->e = ne;
        b->cap = nc;
    }
    pb_entry *d = &b->e[b->n];
    memset(d, 0, sizeof *d);
    d->key = dx__strdup(src->key);
    d->name = dx__strdup(src->name);
    d->unit = dx__strdup(src->unit);
    d->source = dx__strdup(src->source);
    if (!d->key || !d->name || !d->unit || !d->source) {
        pb_entry_dispose(d);
        DX_FAIL(DX_ENOMEM, "price book: out of memory copying entry '%s'", src->key);
    }
    d->low = src->low;
    d->value = src->value;
    d->high = src->high;
    d->cls = src->cls;
    d->tax_included = src->tax_included;
    d->not_taxable = src->not_taxable;
    d->hash = pb_hash(d->key);
    b->n++;
    return DX_OK;
}

/* Parse text into b (appending; a key already present is replaced). */
static dx_status pb_parse_into(dx_price_book *b, const char *text, size_t len, const char *what)
{
    char *copy = dx__malloc(len + 1);
    if (!copy)
        DX_FAIL(DX_ENOMEM, "%s: out of memory (%zu bytes)", what, len);
    memcpy(copy, text, len);
    copy[len] = '\0';
    int lineno = 0;
    dx_status st = DX_OK;
    char *save = NULL, *tsave = NULL;
    for (char *line = copy; line && st == DX_OK; line = save) {
        char *nl = strchr(line, '\n');
        save = nl ? nl + 1 : NULL;
        if (nl)
            *nl = '\0';
        lineno++;
        char *s = dx__trim(line);
        if (*s == '\0' || *s == '#')
            continue;
        char *f[6];
        char *eq = strchr(s, '=');
        if (!eq) {
            dx__set_error("%s line %d: missing '=' (format: key = low, default, high | unit | CLASS | tax | name | source)",
                          what, lineno);
            st = DX_EPARSE;
            break;
        }
        *eq = '\0';
        char *key = dx__trim(s);
        char *rest = eq + 1;
        int nf = 0;
        for (char *q = rest; nf < 6;) {
            f[nf++] = q;
            char *bar = strchr(q, '|');
            if (!bar || nf == 6)
                break;
            *bar = '\0';
            q = bar + 1;
        }
        if (nf != 6 || *key == '\0') {
            dx__set_error("%s line %d: expected 6 '|'-separated fields after '=', found %d", what, lineno, nf);
            st = DX_EPARSE;
            break;
        }
        for (int i = 0; i < 6; i++)
            f[i] = dx__trim(f[i]);
        double v[3];
        char *nums = f[0];
        int nv = 0;
        for (char *tok = strtok_r(nums, ",", &tsave); tok && nv < 4; tok = strtok_r(NULL, ",", &tsave)) {
            if (nv == 3 || dx__parse_double(dx__trim(tok), &v[nv]) != 0) {
                nv = -1;
                break;
            }
            nv++;
        }
        pb_entry e = {0};
        if (nv != 3 || !(v[0] <= v[1] && v[1] <= v[2]) || v[0] < 0.0) {
            dx__set_error("%s line %d: key '%s': need 'low, default, high' numbers with 0 <= low <= default <= high",
                          what, lineno, key);
            st = DX_EPARSE;
            break;
        }
        if (dx__parse_value_class(f[2], &e.cls) != 0) {
            dx__set_error("%s line %d: key '%s': class '%s' (allowed: FIRM, INDICATIVE, ASSUMED, UNVERIFIED)", what,
                          lineno, key, f[2]);
            st = DX_EPARSE;
            break;
        }
        e.not_taxable = strcmp(f[3], "none") == 0;
        if (strcmp(f[3], "excl") == 0)
            e.tax_included = 0;
        else if (strcmp(f[3], "incl") == 0 || strcmp(f[3], "none") == 0)
            e.tax_included = 1;
        else {
            dx__set_error("%s line %d: key '%s': tax '%s' (allowed: excl, incl, none)", what, lineno, key, f[3]);
            st = DX_EPARSE;
            break;
        }
        e.key = key;
        e.unit = f[1];
        e.name = f[4];
        e.source = f[5];
        e.low = v[0];
        e.value = v[1];
        e.high = v[2];
        pb_entry *old = pb_lookup(b, key);
        if (old) {
            pb_entry tmp = *old;
            size_t idx = (size_t)(old - b->e);
            b->e[idx] = b->e[b->n - 1];
            b->n--;
            st = pb_append(b, &e);
            if (st != DX_OK) {
                b->e[b->n++] = tmp; /* restore */
            } else {
                /* keep file order: move the new entry back to idx */
                pb_entry ne = b->e[b->n - 1];
                b->e[b->n - 1] = b->e[idx];
                b->e[idx] = ne;
                pb_entry_dispose(&tmp);
            }
        } else {
            st = pb_append(b, &e);
        }
    }
    dx__free(copy);
    return st;
}

static struct {
    dx_price_book book;
    dx_status status;
    char error[256];
} dx__pb;
static pthread_once_t dx__pb_once = PTHREAD_ONCE_INIT;

static void load_builtin(void)
{
    size_t len = 0;
    const char *data = dx__embedded_data("pricebook.txt", &len);
    if (!data) {
        dx__pb.status = DX_EPARSE;
        snprintf(dx__pb.error, sizeof dx__pb.error, "pricebook.txt is not embedded");
        return;
    }
    dx__count(DX__COUNT_PRICE_BOOK_PARSE);
    dx__pb.status = pb_parse_into(&dx__pb.book, data, len, "pricebook.txt");
    if (dx__pb.status != DX_OK)
        snprintf(dx__pb.error, sizeof dx__pb.error, "%s", dx_last_error());
}

static dx_status builtin(const dx_price_book **out)
{
    pthread_once(&dx__pb_once, load_builtin);
    if (dx__pb.status != DX_OK)
        DX_FAIL(dx__pb.status, "built-in price book: %s", dx__pb.error);
    *out = &dx__pb.book;
    return DX_OK;
}

static dx_status book_or_builtin(const dx_price_book *book, const dx_price_book **out)
{
    if (book) {
        *out = book;
        return DX_OK;
    }
    return builtin(out);
}

static dx_status pb_new(dx_price_book **out)
{
    *out = dx__calloc(1, sizeof **out);
    if (!*out)
        DX_FAIL(DX_ENOMEM, "price book: out of memory");
    return DX_OK;
}

static dx_status pb_add_missing_builtin(dx_price_book *b)
{
    const dx_price_book *bi;
    DX_TRY(builtin(&bi));
    /* an empty book (dx_price_book_builtin, once per bill of materials) takes every
     * entry: no lookup, so the copy is linear instead of quadratic in strcmp */
    int empty = b->n == 0;
    for (size_t i = 0; i < bi->n; i++)
        if (empty || !pb_lookup(b, bi->e[i].key))
            DX_TRY(pb_append(b, &bi->e[i]));
    return DX_OK;
}

dx_status dx_price_book_builtin(dx_price_book **out)
{
    DX_REQUIRE_PTR(out);
    *out = NULL;
    dx__count(DX__COUNT_PRICE_BOOK_COPY);
    dx_price_book *b;
    DX_TRY(pb_new(&b));
    dx_status st = pb_add_missing_builtin(b);
    if (st != DX_OK) {
        dx_price_book_free(b);
        return st;
    }
    *out = b;
    return DX_OK;
}

dx_status dx_price_book_parse(const char *text, size_t len, dx_price_book **out)
{
    DX_REQUIRE_PTR(text);
    DX_REQUIRE_PTR(out);
    *out = NULL;
    dx_price_book *b;
    DX_TRY(pb_new(&b));
    dx__count(DX__COUNT_PRICE_BOOK_PARSE);
    dx_status st = pb_parse_into(b, text, len, "price book");
    if (st == DX_OK)
        st = pb_add_missing_builtin(b);
    if (st != DX_OK) {
        dx_price_book_free(b);
        return st;
    }
    *out = b;
    return DX_OK;
}

/* Largest price-book file read: 16 MiB (ASSUMED; the built-in book is ~30 kB). */
#define DX__PRICE_BOOK_MAX_BYTES ((size_t)16 << 20)

dx_status dx_price_book_load(const char *path, dx_price_book **out)
{
    DX_REQUIRE_PTR(path);
    DX_REQUIRE_PTR(out);
    *out = NULL;
    char *text = NULL;
    size_t len = 0;
    DX_TRY(dx__file_read(path, DX__PRICE_BOOK_MAX_BYTES, "a price book", NULL, &text, &len));
    if (strlen(text) != len) {
        dx__free(text);
        DX_FAIL(DX_EPARSE, "dx_price_book_load: '%s' contains a NUL byte", path);
    }
    dx_status st = dx_price_book_parse(text, len, out);
    dx__free(text);
    if (st != DX_OK)
        dx__prefix_error("%s", path);
    return st;
}

dx_status dx_price_book_override_ex(dx_price_book *book, const char *key, double value,
                                    dx_value_class value_class, const char *source)
{
    DX_REQUIRE_PTR(book);
    DX_REQUIRE_PTR(key);
    if (!isfinite(value) || value < 0.0)
        DX_FAIL(DX_EDOMAIN, "dx_price_book_override: value = %g for key '%s' (allowed: finite, >= 0)", value, key);
    if ((unsigned)value_class > DX_VALUE_UNVERIFIED)
        DX_FAIL(DX_EINVAL, "dx_price_book_override: value_class = %d (allowed: 0..3)", (int)value_class);
    pb_entry *e = pb_lookup(book, key);
    if (!e)
        DX_FAIL(DX_ENOTFOUND, "dx_price_book_override: key = '%s' is not in the price book", key);
    char *src = dx__strdup(source ? source : "scenario override");
    if (!src)
        DX_FAIL(DX_ENOMEM, "dx_price_book_override: out of memory");
    dx__free(e->source);
    e->source = src;
    e->low = e->value = e->high = value;
    e->cls = value_class;
    return DX_OK;
}

dx_status dx_price_book_override(dx_price_book *book, const char *key, double value)
{
    return dx_price_book_override_ex(book, key, value, DX_VALUE_INDICATIVE, NULL);
}

size_t dx_price_book_count(const dx_price_book *book)
{
    const dx_price_book *b;
    if (book_or_builtin(book, &b) != DX_OK)
        return 0;
    return b->n;
}

static void fill_entry(const pb_entry *e, dx_price_entry *out)
{
    out->key = e->key;
    out->name = e->name;
    out->unit = e->unit;
    out->low = e->low;
    out->value = e->value;
    out->high = e->high;
    out->value_class = e->cls;
    out->source = e->source;
    out->tax_included = e->tax_included;
    out->not_taxable = e->not_taxable;
}

dx_status dx_price_book_entry(const dx_price_book *book, size_t i, dx_price_entry *out)
{
    DX_REQUIRE_PTR(out);
    const dx_price_book *b;
    DX_TRY(book_or_builtin(book, &b));
    if (i >= b->n)
        DX_FAIL(DX_EINVAL, "dx_price_book_entry: i = %zu (allowed: < %zu entries)", i, b->n);
    fill_entry(&b->e[i], out);
    return DX_OK;
}

dx_status dx_price_book_find(const dx_price_book *book, const char *key, dx_price_entry *out)
{
    DX_REQUIRE_PTR(key);
    DX_REQUIRE_PTR(out);
    const dx_price_book *b;
    DX_TRY(book_or_builtin(book, &b));
    const pb_entry *e = pb_lookup(b, key);
    if (!e)
        DX_FAIL(DX_ENOTFOUND, "dx_price_book_find: key = '%s' is not in the price book", key);
    fill_entry(e, out);
    return DX_OK;
}

/* ---- options and design ------------------------------------------------------ */

dx_status dx_cost_options_init(dx_cost_options *o, unsigned int version)
{
    DX_REQUIRE_PTR(o);
    if (version == 0 || version > DX_COST_OPTIONS_VERSION)
        DX_FAIL(DX_EINVAL, "dx_cost_options_init: version = %u (allowed: 1..%u)", version,
                (unsigned)DX_COST_OPTIONS_VERSION);
    memset(o, 0, sizeof *o);
    o->version = version;
    o->horizon_years = 5.0;          /* domain-japan §5 note: 5-year cloud/rental horizon (§6) */
    o->discount_rate_ratio = DX_FINANCE_SOCIAL_DISCOUNT_RATE_RATIO; /* domain-japan §5, MLIT 4 % */
    o->tax_rate_ratio = 0.10;        /* domain-japan §5: consumption tax 10 % since 2019-10-01, FIRM */
    o->output_tax_included = 1;
    o->start_year = 0;
    o->start_month = 0;
    o->replace_at_end_of_life = 1;
    o->release_after_term = 1;       /* domain-japan §5: re-lease at 1 month's fee per year, INDICATIVE */
    o->credit_residual_value = 0;
    return DX_OK;
}

size_t dx_cost_options_size(void) { return sizeof(dx_cost_options); }

dx_status dx_cost_design_init(dx_cost_design *d, unsigned int version)
{
    DX_REQUIRE_PTR(d);
    if (version == 0 || version > DX_COST_DESIGN_VERSION)
        DX_FAIL(DX_EINVAL, "dx_cost_design_init: version = %u (allowed: 1..%u)", version,
                (unsigned)DX_COST_DESIGN_VERSION);
    memset(d, 0, sizeof *d);
    d->version = version;
    d->horizon_years = 5.0; /* domain-japan §5 note */
    d->include_spares = 1;
    return DX_OK;
}

size_t dx_cost_design_size(void) { return sizeof(dx_cost_design); }

static dx_status check_options(const dx_cost_options *o)
{
    static const char fn[] = "dx_cost_options";
    if (o->version == 0 || o->version > DX_COST_OPTIONS_VERSION)
        DX_FAIL(DX_EINVAL, "%s: version = %u (allowed: 1..%u; call dx_cost_options_init)", fn, o->version,
                (unsigned)DX_COST_OPTIONS_VERSION);
    if (!isfinite(o->horizon_years) || o->horizon_years <= 0.0 || o->horizon_years > 100.0)
        DX_FAIL(DX_EDOMAIN, "%s: horizon_years = %g years (allowed: (0, 100])", fn, o->horizon_years);
    /* above 10 (1,000 %/year) the annuity factor of the EAC overflows to inf
     * (--rate=1e308 printed an equivalent annual cost of inf JPY/year) */
    if (!isfinite(o->discount_rate_ratio) || o->discount_rate_ratio <= -1.0 ||
        o->discount_rate_ratio > 10.0)
        DX_FAIL(DX_EDOMAIN, "%s: discount_rate_ratio = %g (allowed: > -1 .. 10)", fn,
                o->discount_rate_ratio);
    if (!isfinite(o->tax_rate_ratio) || o->tax_rate_ratio < 0.0 || o->tax_rate_ratio >= 1.0)
        DX_FAIL(DX_EDOMAIN, "%s: tax_rate_ratio = %g (allowed: [0, 1))", fn, o->tax_rate_ratio);
    if (o->start_year != 0 && (o->start_month < 1 || o->start_month > 12))
        DX_FAIL(DX_EDOMAIN, "%s: start_month = %d (allowed: 1..12 when start_year is set)", fn, o->start_month);
    if (o->start_year != 0 && (o->start_year < 1900 || o->start_year > 2200))
        DX_FAIL(DX_EDOMAIN, "%s: start_year = %d (allowed: 0 = no date, or 1900..2200)", fn,
                o->start_year);
    return DX_OK;
}

static int horizon_months(const dx_cost_options *o) { return (int)lround(o->horizon_years * 12.0); }

/* Months between the start of year 0 and the first month. */
static int month_offset(const dx_cost_options *o)
{
    if (o->start_year == 0)
        return 0;
    return (o->start_month - 4 + 12) % 12; /* Japanese fiscal year starts in April */
}

size_t dx_cost_n_years(const dx_cost_options *opts)
{
    dx_cost_options def;
    if (!opts) {
        dx_cost_options_init(&def, DX_COST_OPTIONS_VERSION);
        opts = &def;
    }
    if (check_options(opts) != DX_OK)
        return 0;
    int last = month_offset(opts) + horizon_months(opts) - 1;
    return (size_t)(last / 12 + 1);
}

/* ---- cash flows --------------------------------------------------------------- */

static int is_monthly(const dx_cost_item *it)
{
    return it->procurement != DX_PROCURE_PURCHASE || it->category == DX_COST_CAT_CLOUD;
}

/* Longest item duration (months): 1000 years, far past any horizon (<= 100 y);
 * ASSUMED bound whose only job is to keep month arithmetic inside an int. */
#define DX__COST_MAX_MONTHS 12000.0

static dx_status check_item(size_t i, const dx_cost_item *it)
{
    static const char fn[] = "dx_cost_cash_flows_jpy";
    if (!isfinite(it->unit_price_jpy))
        DX_FAIL(DX_EDOMAIN, "%s: items[%zu].unit_price_jpy = %g JPY ('%s'; allowed: finite)", fn, i,
                it->unit_price_jpy, it->name);
    if (!isfinite(it->quantity) || it->quantity < 0.0)
        DX_FAIL(DX_EDOMAIN, "%s: items[%zu].quantity = %g ('%s'; allowed: finite, >= 0)", fn, i, it->quantity,
                it->name);
    /* upper bounds keep the month counts inside an int (lround of 1e20 months
     * overflowed); 1200 months / 100 years is the longest horizon anyway */
    if (!isfinite(it->months) || it->months < 0.0 || it->months > DX__COST_MAX_MONTHS)
        DX_FAIL(DX_EDOMAIN, "%s: items[%zu].months = %g ('%s'; allowed: finite, 0 .. %g)", fn, i, it->months,
                it->name, DX__COST_MAX_MONTHS);
    if (!isfinite(it->useful_life_years) || it->useful_life_years < 0.0 ||
        it->useful_life_years > DX__COST_MAX_MONTHS / 12.0)
        DX_FAIL(DX_EDOMAIN, "%s: items[%zu].useful_life_years = %g years ('%s'; allowed: finite, 0 .. %g)", fn,
                i, it->useful_life_years, it->name, DX__COST_MAX_MONTHS / 12.0);
    if ((unsigned)it->procurement > DX_PROCURE_SERVICE)
        DX_FAIL(DX_EDOMAIN, "%s: items[%zu].procurement = %d ('%s'; allowed: 0..3)", fn, i, (int)it->procurement,
                it->name);
    return DX_OK;
}

/* Add amount per month for months [m0, m1) (months since the first month) to out. */
static void add_months(double *out, size_t n_years, int off, int m0, int m1, double per_month)
{
    if (m1 <= m0)
        return;
    int a = off + m0, b = off + m1; /* absolute month indices from the start of year 0 */
    int y0 = a / 12, y1 = (b - 1) / 12;
    for (int y = y0; y <= y1 && (size_t)y < n_years; y++) {
        int lo = a > 12 * y ? a : 12 * y;
        int hi = b < 12 * (y + 1) ? b : 12 * (y + 1);
        out[y] += per_month * (double)(hi - lo);
    }
}

static void add_at_month(double *out, size_t n_years, int off, int m, double amount)
{
    size_t y = (size_t)((off + m) / 12);
    if (y < n_years)
        out[y] += amount;
}

/* Cash flow of one item (already checked) added into out, scaled by scale. */
static void item_flows(const dx_cost_item *it, const dx_cost_options *o, size_t n_years, double scale,
                       double *out)
{
    int off = month_offset(o), hm = horizon_months(o);
    double t = o->tax_rate_ratio;
    double tm = it->not_taxable ? 1.0 /* 不課税: the same with or without tax */
                : it->tax_included ? (o->output_tax_included ? 1.0 : 1.0 / (1.0 + t))
                                   : (o->output_tax_included ? 1.0 + t : 1.0);
    double amount = it->unit_price_jpy * it->quantity * tm * scale;
    if (!is_monthly(it)) {
        int life_m = (int)lround(it->useful_life_years * 12.0);
        int last = 0;
        add_at_month(out, n_years, off, 0, amount);
        if (o->replace_at_end_of_life && life_m > 0)
            for (int m = life_m; m < hm; m += life_m) {
                add_at_month(out, n_years, off, m, amount);
                last = m;
            }
        if (o->credit_residual_value && life_m > 0) {
            double used = (double)(hm - last) / (double)life_m;
            if (used < 1.0)
                add_at_month(out, n_years, off, hm - 1, -amount * (1.0 - used));
        }
        return;
    }
    int months = it->months > 0.0 ? (int)lround(it->months) : hm;
    if (it->booked_in_first_year) {
        out[0] += amount * (double)months; /* prepaid in year 0 */
        return;
    }
    add_months(out, n_years, off, 0, months < hm ? months : hm, amount);
    if (it->procurement == DX_PROCURE_LEASE && o->release_after_term && months < hm)
        for (int m = months; m < hm; m += 12)
            add_at_month(out, n_years, off, m, amount); /* re-lease: one monthly fee per year */
}

static dx_status resolve_opts(const dx_cost_options *opts, dx_cost_options *def, const dx_cost_options **o)
{
    if (!opts) {
        dx_cost_options_init(def, DX_COST_OPTIONS_VERSION);
        *o = def;
        return DX_OK;
    }
    DX_TRY(check_options(opts));
    *o = opts;
    return DX_OK;
}

dx_status dx_cost_cash_flows_jpy(size_t n_items, const dx_cost_item *items, const dx_cost_options *opts,
                                 size_t n_years, double *out_cost_per_year_jpy)
{
    if (n_items > 0)
        DX_REQUIRE_PTR(items);
    DX_REQUIRE_PTR(out_cost_per_year_jpy);
    dx_cost_options def;
    const dx_cost_options *o;
    /* the options first: dx_cost_n_years gives 0 for bad options, and the
     * message then blamed n_years instead of naming the bad option */
    DX_TRY(resolve_opts(opts, &def, &o));
    if (n_years == 0)
        DX_FAIL(DX_EINVAL, "dx_cost_cash_flows_jpy: n_years = 0 (need at least one year)");
    for (size_t i = 0; i < n_items; i++)
        DX_TRY(check_item(i, &items[i]));
    for (size_t y = 0; y < n_years; y++)
        out_cost_per_year_jpy[y] = 0.0;
    for (size_t i = 0; i < n_items; i++)
        item_flows(&items[i], o, n_years, 1.0, out_cost_per_year_jpy);
    return DX_OK;
}

#define DX__MAX_YEARS 64
#define DX__MAX_INPUTS 32

dx_status dx_cost_summarise(size_t n_items, const dx_cost_item *items, const dx_cost_design *design,
                            const dx_cost_options *opts, dx_cost_summary *out)
{
    DX_REQUIRE_PTR(out);
    dx_cost_options def;
    const dx_cost_options *o;
    DX_TRY(resolve_opts(opts, &def, &o));
    size_t ny = dx_cost_n_years(o);
    if (ny > DX__MAX_YEARS)
        DX_FAIL(DX_EDOMAIN, "dx_cost_summarise: %zu years (allowed: <= %d)", ny, DX__MAX_YEARS);
    double cf[DX__MAX_YEARS];
    DX_TRY(dx_cost_cash_flows_jpy(n_items, items, o, ny, cf));
    memset(out, 0, sizeof *out);
    for (size_t y = 0; y < ny; y++)
        out->total_jpy += cf[y];
    DX_TRY(dx_finance_npv_jpy(o->discount_rate_ratio, ny, cf, &out->npv_cost_jpy));
    DX_TRY(dx_finance_eac_jpy(o->discount_rate_ratio, o->horizon_years, out->npv_cost_jpy, &out->eac_jpy_per_year));
    /* capex: one-off items bought at month 0 */
    dx_cost_options once = *o;
    once.replace_at_end_of_life = 0;
    once.credit_residual_value = 0;
    for (size_t i = 0; i < n_items; i++)
        if (!is_monthly(&items[i])) {
            double c[DX__MAX_YEARS] = {0};
            item_flows(&items[i], &once, ny, 1.0, c);
            out->capex_jpy += c[0];
        }
    out->opex_jpy_per_year = (out->total_jpy - out->capex_jpy) / o->horizon_years;
    out->cost_per_km2_jpy = out->cost_per_device_jpy = out->cost_per_mbps_jpy = NAN;
    if (design) {
        if (design->area_km2 > 0.0)
            out->cost_per_km2_jpy = out->npv_cost_jpy / design->area_km2;
        int dev = design->n_devices + design->n_solution_devices;
        if (dev > 0)
            out->cost_per_device_jpy = out->npv_cost_jpy / dev;
        if (design->delivered_bps > 0.0)
            out->cost_per_mbps_jpy = out->npv_cost_jpy / (design->delivered_bps / 1e6);
    }
    return DX_OK;
}

dx_status dx_cost_depreciation_jpy(size_t n_items, const dx_cost_item *items, int method,
                                   const dx_cost_options *opts, size_t n_years, double *out_depreciation_jpy)
{
    static const char fn[] = "dx_cost_depreciation_jpy";
    if (n_items > 0)
        DX_REQUIRE_PTR(items);
    DX_REQUIRE_PTR(out_depreciation_jpy);
    dx_cost_options def;
    const dx_cost_options *o;
    DX_TRY(resolve_opts(opts, &def, &o)); /* before n_years, as in dx_cost_cash_flows_jpy */
    if (n_years == 0)
        DX_FAIL(DX_EINVAL, "%s: n_years = 0 (need at least one year)", fn);
    if (method < DX_DEPRECIATION_STRAIGHT_LINE || method > DX_DEPRECIATION_JP_DECLINING_200)
        DX_FAIL(DX_EINVAL, "%s: method = %d (allowed: 0..2, dx_depreciation_method)", fn, method);
    for (size_t y = 0; y < n_years; y++)
        out_depreciation_jpy[y] = 0.0;
    int off = month_offset(o), hm = horizon_months(o);
    for (size_t i = 0; i < n_items; i++) {
        const dx_cost_item *it = &items[i];
        DX_TRY(check_item(i, it));
        if (is_monthly(it) || it->useful_life_years < 1.0 || it->quantity <= 0.0 || it->unit_price_jpy <= 0.0)
            continue;
        double cf[DX__MAX_YEARS] = {0};
        dx_cost_options once = *o;
        once.replace_at_end_of_life = 0;
        once.credit_residual_value = 0;
        item_flows(it, &once, 1, 1.0, cf); /* one purchase, with the output tax rule */
        double cost = cf[0];
        int life = (int)lround(it->useful_life_years);
        if (life < 2)
            life = 2;
        dx_depreciation_method m = (dx_depreciation_method)method;
        if (m == DX_DEPRECIATION_JP_DECLINING_200 && life > 20)
            m = DX_DEPRECIATION_JP_STRAIGHT_LINE;
        int life_m = life * 12;
        for (int start = 0; start < hm; start += life_m) {
            size_t y0 = (size_t)((off + start) / 12);
            if (y0 >= n_years)
                break;
            size_t ny = n_years - y0;
            double dep[DX__MAX_YEARS];
            if (ny > DX__MAX_YEARS)
                ny = DX__MAX_YEARS;
            dx_status st = dx_finance_depreciation_jpy(m, cost, 0.0, life, 0, ny, dep, NULL);
            if (st != DX_OK) {
                dx__prefix_error("%s: items[%zu] ('%s')", fn, i, it->name);
                return st;
            }
            for (size_t k = 0; k < ny; k++)
                out_depreciation_jpy[y0 + k] += dep[k];
            if (!o->replace_at_end_of_life)
                break;
        }
    }
    return DX_OK;
}

/* ---- leases -------------------------------------------------------------------- */

/* domain-japan §5: public lease scheme, standard tier, monthly lease-rate factor
 * by term (paperzz.com/doc/6138364). INDICATIVE. */
static const double dx__lease_factor[5] = {0.02944, 0.02223, 0.01789, 0.01497, 0.01288}; /* 3..7 y */

dx_status dx_cost_lease_rate_factor_ratio(double term_years, double *out_ratio_per_month)
{
    DX_REQUIRE_PTR(out_ratio_per_month);
    if (!(term_years >= 3.0 && term_years <= 7.0))
        DX_FAIL(DX_EDOMAIN, "dx_cost_lease_rate_factor_ratio: term_years = %g years (allowed: 3..7, domain-japan §5 table)",
                term_years);
    int k = (int)floor(term_years) - 3;
    if (k >= 4) {
        *out_ratio_per_month = dx__lease_factor[4];
        return DX_OK;
    }
    double f = term_years - floor(term_years);
    *out_ratio_per_month = dx__lease_factor[k] + f * (dx__lease_factor[k + 1] - dx__lease_factor[k]);
    return DX_OK;
}

/* One rental company's term rates (期間レンタル料率), months 1..12, INDICATIVE:
 * sooki.co.jp/irental/howtorental/price (docs/cost-model.md). */
static const double dx__rental_term_rate[12] = {1.00, 0.90, 0.80, 0.75, 0.70, 0.65,
                                                0.63, 0.61, 0.59, 0.57, 0.55, 0.53};

dx_status dx_cost_rental_term_rate_ratio(int months, double *out_ratio)
{
    DX_REQUIRE_PTR(out_ratio);
    if (months < 1 || months > 1200)
        DX_FAIL(DX_EDOMAIN, "dx_cost_rental_term_rate_ratio: months = %d (allowed: 1..1200)", months);
    *out_ratio = dx__rental_term_rate[months > 12 ? 11 : months - 1];
    return DX_OK;
}

dx_status dx_cost_lease_vs_purchase_jpy(const dx_cost_item *purchase_item, double maintenance_ratio_per_year,
                                        double term_years, const dx_cost_options *opts,
                                        double *out_pv_purchase_jpy, double *out_pv_lease_jpy)
{
    DX_REQUIRE_PTR(purchase_item);
    DX_REQUIRE_PTR(out_pv_purchase_jpy);
    DX_REQUIRE_PTR(out_pv_lease_jpy);
    if (!isfinite(maintenance_ratio_per_year) || maintenance_ratio_per_year < 0.0)
        DX_FAIL(DX_EDOMAIN, "dx_cost_lease_vs_purchase_jpy: maintenance_ratio_per_year = %g (allowed: >= 0)",
                maintenance_ratio_per_year);
    double factor;
    DX_TRY(dx_cost_lease_rate_factor_ratio(term_years, &factor));
    dx_cost_options def;
    const dx_cost_options *o;
    DX_TRY(resolve_opts(opts, &def, &o));
    size_t ny = dx_cost_n_years(o);
    if (ny > DX__MAX_YEARS)
        DX_FAIL(DX_EDOMAIN, "dx_cost_lease_vs_purchase_jpy: %zu years (allowed: <= %d)", ny, DX__MAX_YEARS);
    dx_cost_item it[2];
    it[0] = *purchase_item;
    it[0].procurement = DX_PROCURE_PURCHASE;
    it[1] = *purchase_item;
    it[1].procurement = DX_PROCURE_SERVICE;
    it[1].category = DX_COST_CAT_OTHER;
    it[1].unit_price_jpy = purchase_item->unit_price_jpy * maintenance_ratio_per_year / 12.0;
    it[1].months = 0.0;
    it[1].booked_in_first_year = 0;
    double cf[DX__MAX_YEARS];
    DX_TRY(dx_cost_cash_flows_jpy(2, it, o, ny, cf));
    DX_TRY(dx_finance_npv_jpy(o->discount_rate_ratio, ny, cf, out_pv_purchase_jpy));
    it[0].procurement = DX_PROCURE_LEASE;
    it[0].category = DX_COST_CAT_LEASE;
    it[0].unit_price_jpy = purchase_item->unit_price_jpy * factor;
    it[0].months = round(term_years * 12.0);
    it[0].booked_in_first_year = 0;
    DX_TRY(dx_cost_cash_flows_jpy(2, it, o, ny, cf));
    DX_TRY(dx_finance_npv_jpy(o->discount_rate_ratio, ny, cf, out_pv_lease_jpy));
    return DX_OK;
}

dx_status dx_cost_lease_payment_jpy(double price_jpy, double term_years, double annual_rate_ratio,
                                    double residual_ratio, int when_begin, double *out_jpy_per_month)
{
    static const char fn[] = "dx_cost_lease_payment_jpy";
    DX_REQUIRE_PTR(out_jpy_per_month);
    if (!isfinite(price_jpy) || price_jpy <= 0.0)
        DX_FAIL(DX_EDOMAIN, "%s: price_jpy = %g JPY (allowed: finite, > 0)", fn, price_jpy);
    if (!isfinite(term_years) || term_years <= 0.0)
        DX_FAIL(DX_EDOMAIN, "%s: term_years = %g years (allowed: finite, > 0)", fn, term_years);
    if (!(residual_ratio >= 0.0 && residual_ratio < 1.0))
        DX_FAIL(DX_EDOMAIN, "%s: residual_ratio = %g (allowed: 0 <= r < 1)", fn, residual_ratio);
    if (!isfinite(annual_rate_ratio) || annual_rate_ratio <= -1.0)
        DX_FAIL(DX_EDOMAIN, "%s: annual_rate_ratio = %g (allowed: finite, > -1)", fn, annual_rate_ratio);
    double pmt;
    DX_TRY(dx_finance_pmt_jpy(annual_rate_ratio / 12.0, term_years * 12.0, price_jpy, -residual_ratio * price_jpy,
                              when_begin, &pmt));
    *out_jpy_per_month = -pmt;
    return DX_OK;
}

dx_status dx_cost_compare_procurement_jpy(const dx_technology *tech, const dx_cost_design *design,
                                          const dx_price_book *book, const dx_cost_options *opts,
                                          double out_pv_jpy[3])
{
    DX_REQUIRE_PTR(out_pv_jpy);
    DX_REQUIRE_PTR(design);
    dx_cost_options def;
    if (!opts) { /* defaults, over the design's horizon */
        dx_cost_options_init(&def, DX_COST_OPTIONS_VERSION);
        def.horizon_years = design->horizon_years;
        opts = &def;
    }
    static const dx_procurement modes[3] = {DX_PROCURE_PURCHASE, DX_PROCURE_LEASE, DX_PROCURE_SUBSCRIPTION};
    for (int m = 0; m < 3; m++) {
        size_t n = 0;
        dx_status st = dx_cost_bom(tech, design, modes[m], book, 0, NULL, &n);
        if (st != DX_OK && st != DX_EBUFSIZE)
            return st;
        dx_cost_item *items = dx__calloc(n ? n : 1, sizeof *items);
        if (!items)
            DX_FAIL(DX_ENOMEM, "dx_cost_compare_procurement_jpy: out of memory for %zu items", n);
        st = dx_cost_bom(tech, design, modes[m], book, n, items, &n);
        dx_cost_summary s;
        if (st == DX_OK)
            st = dx_cost_summarise(n, items, design, opts, &s);
        dx__free(items);
        if (st != DX_OK)
            return st;
        out_pv_jpy[modes[m]] = s.npv_cost_jpy;
    }
    return DX_OK;
}

/* ---- Monte Carlo kernel ---------------------------------------------------------- */

/* Monte Carlo NPV for horizons up to 8 years. The NPV is linear in the scales:
 * NPV_d = q_fixed(x_d) + sum_k s_dk q_k(x_d), q_k(x) = sum_y p_k[y] x^y, x_d = 1/(1 + r_d).
 * Blocks of draws are evaluated input by input with the draw as the inner
 * (vector) dimension; with ny a compile-time constant at each call site (the
 * switch in dx_cost_npv_draws_jpy) Horner's rule unrolls to ny - 1 FMAs. */
static inline __attribute__((always_inline)) void
npv_blocks(const size_t ny, const double p8[][8], size_t n_inputs, size_t n_draws,
           const double *input_scale, const double *rate_ratio, double r0, double *out)
{
    enum { B = 64 };
    for (size_t d0 = 0; d0 < n_draws; d0 += B) {
        size_t nb = n_draws - d0 < B ? n_draws - d0 : B;
        double x[B], acc[B];
        for (size_t j = 0; j < nb; j++)
            x[j] = 1.0 / (1.0 + (rate_ratio ? rate_ratio[d0 + j] : r0));
        const double *f = p8[n_inputs]; /* fixed-price items */
        for (size_t j = 0; j < nb; j++) {
            double q = f[ny - 1];
            for (size_t y = ny - 1; y-- > 0;)
                q = q * x[j] + f[y];
            acc[j] = q;
        }
        for (size_t k = 0; k < n_inputs; k++) {
            const double *c = p8[k];
            const double *sk = input_scale + d0 * n_inputs + k;
            for (size_t j = 0; j < nb; j++) {
                double q = c[ny - 1];
                for (size_t y = ny - 1; y-- > 0;)
                    q = q * x[j] + c[y];
                acc[j] += sk[j * n_inputs] * q;
            }
        }
        memcpy(out + d0, acc, nb * sizeof acc[0]);
    }
}

/* The draw loop is the Monte Carlo hot path: SIMD clones (dx_internal.h). */
DX__SIMD_CLONES
dx_status dx_cost_npv_draws_jpy(size_t n_items, const dx_cost_item *items, const dx_cost_options *opts,
                                const int *input_of_item, size_t n_inputs, size_t n_draws,
                                const double *input_scale, const double *rate_ratio, double *out_npv_cost_jpy)
{
    static const char fn[] = "dx_cost_npv_draws_jpy";
    if (n_items > 0) {
        DX_REQUIRE_PTR(items);
        DX_REQUIRE_PTR(input_of_item);
    }
    if (n_draws > 0)
        DX_REQUIRE_PTR(out_npv_cost_jpy);
    if (n_inputs > DX__MAX_INPUTS)
        DX_FAIL(DX_EDOMAIN, "%s: n_inputs = %zu (allowed: <= %d)", fn, n_inputs, DX__MAX_INPUTS);
    if (n_inputs > 0 && n_draws > 0)
        DX_REQUIRE_PTR(input_scale);
    size_t n_scales; /* input_scale[d * n_inputs + k]: the index must not wrap */
    DX_TRY(dx__mul3_size("dx_cost_npv_draws_jpy: n_draws x n_inputs doubles", n_draws, n_inputs,
                         sizeof(double), &n_scales));
    dx_cost_options def;
    const dx_cost_options *o;
    DX_TRY(resolve_opts(opts, &def, &o));
    size_t ny = dx_cost_n_years(o);
    if (ny > DX__MAX_YEARS)
        DX_FAIL(DX_EDOMAIN, "%s: %zu years (allowed: <= %d)", fn, ny, DX__MAX_YEARS);
    /* profile[k][y]: yearly cost of the items driven by input k at scale 1;
     * row n_inputs holds the fixed items. */
    double profile[DX__MAX_INPUTS + 1][DX__MAX_YEARS];
    memset(profile, 0, sizeof profile);
    for (size_t i = 0; i < n_items; i++) {
        DX_TRY(check_item(i, &items[i]));
        int k = input_of_item[i];
        if (k < -1 || k >= (int)n_inputs)
            DX_FAIL(DX_EDOMAIN, "%s: input_of_item[%zu] = %d (allowed: -1..%zu)", fn, i, k, n_inputs - 1);
        item_flows(&items[i], o, ny, 1.0, profile[k < 0 ? n_inputs : (size_t)k]);
    }
    const double *fixed = profile[n_inputs];
    double r0 = o->discount_rate_ratio;
    if (rate_ratio)
        for (size_t d = 0; d < n_draws; d++)
            if (!(rate_ratio[d] > -1.0) || !isfinite(rate_ratio[d]))
                DX_FAIL(DX_EDOMAIN, "%s: rate_ratio[%zu] = %g (allowed: finite, > -1)", fn, d, rate_ratio[d]);
    if (ny <= 8) {
        double p8[DX__MAX_INPUTS + 1][8];
        memset(p8, 0, sizeof p8);
        for (size_t k = 0; k <= n_inputs; k++)
            for (size_t y = 0; y < ny; y++)
                p8[k][y] = profile[k][y];
        switch (ny) {
#define DX__NPV_CASE(Y)                                                                            \
    case Y:                                                                                        \
        npv_blocks(Y, p8, n_inputs, n_draws, input_scale, rate_ratio, r0, out_npv_cost_jpy);       \
        return DX_OK;
            DX__NPV_CASE(1)
            DX__NPV_CASE(2)
            DX__NPV_CASE(3)
            DX__NPV_CASE(4)
            DX__NPV_CASE(5)
            DX__NPV_CASE(6)
            DX__NPV_CASE(7)
            DX__NPV_CASE(8)
#undef DX__NPV_CASE
        }
    }
    for (size_t d = 0; d < n_draws; d++) {
        double r = rate_ratio ? rate_ratio[d] : r0;
        const double *s = input_scale ? input_scale + d * n_inputs : NULL;
        /* yearly costs of this draw: independent accumulators, k outer (vectorisable over y) */
        double c[DX__MAX_YEARS];
        for (size_t y = 0; y < ny; y++)
            c[y] = fixed[y];
        for (size_t k = 0; k < n_inputs; k++) {
            double sk = s[k];
            const double *pk = profile[k];
            for (size_t y = 0; y < ny; y++)
                c[y] += sk * pk[y];
        }
        /* NPV by Horner's rule in x = 1/(1+r) */
        double x = 1.0 / (1.0 + r), npv = c[ny - 1];
        for (size_t y = ny - 1; y-- > 0;)
            npv = npv * x + c[y];
        out_npv_cost_jpy[d] = npv;
    }
    return DX_OK;
}

/* ---- bill of materials -------------------------------------------------------------- */

typedef struct {
    const dx_price_book *book;
    const dx_cost_design *d;
    dx_procurement mode;
    double lease_factor;     /* monthly lease-rate (or rental) factor, dx_cost_hire_terms */
    double lease_months;
    int rental;              /* 1: short-term rental instead of a lease */
    int horizon_months;
    size_t cap, n;
    dx_cost_item *out;
    double equipment_value_jpy; /* purchased or leased equipment, for maintenance */
    int maint_tax_included;
} bom_ctx;

static dx_status price(const bom_ctx *c, const char *key, const pb_entry **out)
{
    *out = pb_lookup(c->book, key);
    if (!*out)
        DX_FAIL(DX_ENOTFOUND, "dx_cost_bom: price key '%s' is not in the price book", key);
    return DX_OK;
}

static dx_cost_item *next_item(bom_ctx *c)
{
    dx_cost_item *it = c->n < c->cap ? &c->out[c->n] : NULL;
    c->n++;
    return it;
}

double dx__item_tax_included_factor(const dx_cost_item *it)
{
    return it->tax_included || it->not_taxable ? 1.0 : 1.0 + DX__CONSUMPTION_TAX_RATIO;
}

double dx__tax_excluded_jpy(double tax_included_jpy, int not_taxable)
{
    return not_taxable ? tax_included_jpy : tax_included_jpy / (1.0 + DX__CONSUMPTION_TAX_RATIO);
}

int dx_cost_category_not_taxable(dx_cost_category cat)
{
    return cat == DX_COST_CAT_LICENCE_APPLICATION_FEE || cat == DX_COST_CAT_RADIO_USAGE_FEE;
}

/* snprintf(dst, cap, "%s", src) without the printf machinery (a Monte Carlo
 * draw builds every bill of materials again): at most cap - 1 bytes and a NUL. */
static void copy_text(char *dst, size_t cap, const char *src)
{
    size_t n = strnlen(src, cap - 1);
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static void fill_common(dx_cost_item *it, const char *name, const pb_entry *e, dx_cost_category cat,
                        dx_procurement proc, dx_cost_role role, double unit_price, double qty)
{
    memset(it, 0, sizeof *it);
    copy_text(it->name, sizeof it->name, name);
    copy_text(it->price_key, sizeof it->price_key, e ? e->key : "");
    it->category = cat;
    it->procurement = proc;
    it->role = role;
    it->unit_price_jpy = unit_price;
    it->tax_included = e ? e->tax_included : 0;
    it->not_taxable = e ? e->not_taxable : 0;
    it->quantity = qty;
    it->in_period = 1;
    it->value_class = e ? e->cls : DX_VALUE_ASSUMED;
    copy_text(it->source, sizeof it->source, e ? e->source : "");
}

/* Equipment bought, leased or taken as a service, per the mode. */
static dx_status equip(bom_ctx *c, const char *key, double qty, const char *life_key, dx_cost_role role)
{
    if (qty <= 0.0)
        return DX_OK;
    const pb_entry *e, *life;
    DX_TRY(price(c, key, &e));
    DX_TRY(price(c, life_key, &life));
    char monthly_key[DX_COST_KEY_MAX + 16];
    snprintf(monthly_key, sizeof monthly_key, "%s.monthly", key);
    const pb_entry *svc = c->mode == DX_PROCURE_SUBSCRIPTION ? pb_lookup(c->book, monthly_key) : NULL;
    dx_cost_item *it = next_item(c);
    if (svc) {
        if (it) {
            fill_common(it, svc->name, svc, DX_COST_CAT_SUBSCRIPTION, DX_PROCURE_SUBSCRIPTION, role, svc->value, qty);
            it->months = c->horizon_months;
        }
        return DX_OK; /* the service includes maintenance */
    }
    int rent = c->mode != DX_PROCURE_PURCHASE && c->rental;
    if (!rent) { /* a rental includes its upkeep (dx_cost_hire_terms) */
        c->equipment_value_jpy += e->value * qty;
        c->maint_tax_included = e->tax_included;
    }
    if (!it)
        return DX_OK;
    if (c->mode == DX_PROCURE_PURCHASE) {
        fill_common(it, e->name, e, DX_COST_CAT_EQUIPMENT, DX_PROCURE_PURCHASE, role, e->value, qty);
    } else if (rent) {
        char name[DX_COST_NAME_MAX];
        dx__text_fmt(name, sizeof name, "%s (short-term rental)", e->name);
        fill_common(it, name, e, DX_COST_CAT_LEASE, DX_PROCURE_LEASE, role, e->value * c->lease_factor, qty);
        it->months = c->lease_months;
        it->value_class = DX_VALUE_ASSUMED; /* rental.monthly_ratio is ASSUMED */
        dx__text_fmt(it->source, sizeof it->source,
                     "%s; rental.monthly_ratio (ASSUMED) x term rate %.0f months (sooki.co.jp, INDICATIVE)",
                     e->source, c->lease_months);
    } else {
        fill_common(it, e->name, e, DX_COST_CAT_LEASE, DX_PROCURE_LEASE, role, e->value * c->lease_factor, qty);
        it->months = c->lease_months;
        snprintf(it->source, sizeof it->source, "%s; lease factor domain-japan §5 (INDICATIVE)", e->source);
    }
    it->useful_life_years = life->value;
    it->leasable = 1;
    return DX_OK;
}

/* A one-off item that is never leased (labour, construction, SIMs). */
static dx_status one_off(bom_ctx *c, const char *key, double qty, dx_cost_category cat, dx_cost_role role,
                         const char *life_key, const char *why)
{
    if (qty <= 0.0)
        return DX_OK;
    const pb_entry *e, *life = NULL;
    DX_TRY(price(c, key, &e));
    if (life_key)
        DX_TRY(price(c, life_key, &life));
    dx_cost_item *it = next_item(c);
    if (!it)
        return DX_OK;
    fill_common(it, e->name, e, cat, DX_PROCURE_PURCHASE, role, e->value, qty);
    it->useful_life_years = life ? life->value : 0.0;
    it->leasable = 0;
    copy_text(it->justification, sizeof it->justification, why);
    return DX_OK;
}

/* A recurring item; monthly = factor * book value (e.g. 1/12 of a yearly fee). */
static dx_status recurring(bom_ctx *c, const char *key, double qty, double factor, dx_cost_category cat,
                           dx_procurement proc, dx_cost_role role, const char *name)
{
    if (qty <= 0.0)
        return DX_OK;
    const pb_entry *e;
    DX_TRY(price(c, key, &e));
    dx_cost_item *it = next_item(c);
    if (!it)
        return DX_OK;
    fill_common(it, name ? name : e->name, e, cat, proc, role, e->value * factor, qty);
    it->months = c->horizon_months;
    copy_text(it->justification, sizeof it->justification, "recurring fee, not an asset");
    return DX_OK;
}

/* Electricity for qty units drawing the power of power_key around the clock. */
static dx_status electricity(bom_ctx *c, const char *power_key, double qty, const char *what)
{
    if (qty <= 0.0)
        return DX_OK;
    const pb_entry *p, *e;
    DX_TRY(price(c, power_key, &p));
    DX_TRY(price(c, "electricity", &e));
    dx_cost_item *it = next_item(c);
    if (!it)
        return DX_OK;
    char name[DX_COST_NAME_MAX];
    snprintf(name, sizeof name, "Electricity, %s (%g W each, 24 h/day)", what, p->value);
    /* kWh per month = W * 8766 h / 12 / 1000 (mean Gregorian year of 365.25 d) */
    double kwh_per_month = p->value * 8766.0 / 12.0 / 1000.0;
    fill_common(it, name, e, DX_COST_CAT_UTILITIES, DX_PROCURE_SERVICE, DX_COST_ROLE_NETWORK,
                e->value * kwh_per_month, qty);
    it->months = c->horizon_months;
    it->value_class = DX_VALUE_ASSUMED;
    snprintf(it->source, sizeof it->source, "%s x %s (%s)", e->key, p->key, "both ASSUMED");
    return DX_OK;
}

static dx_status check_design(const dx_cost_design *d)
{
    static const char fn[] = "dx_cost_bom";
    if (d->version == 0 || d->version > DX_COST_DESIGN_VERSION)
        DX_FAIL(DX_EINVAL, "%s: design->version = %u (allowed: 1..%u; call dx_cost_design_init)", fn, d->version,
                (unsigned)DX_COST_DESIGN_VERSION);
    struct {
        const char *name;
        int v;
    } ints[] = {{"n_sites", d->n_sites},       {"sectors_per_site", d->sectors_per_site},
                {"n_radios", d->n_radios},     {"n_devices", d->n_devices},
                {"n_solution_devices", d->n_solution_devices}, {"n_edge_servers", d->n_edge_servers},
                {"n_sites_with_pole", d->version >= 2 ? d->n_sites_with_pole : 0},
                {"n_sites_with_power", d->version >= 2 ? d->n_sites_with_power : 0},
                {"n_sites_with_backhaul", d->version >= 2 ? d->n_sites_with_backhaul : 0},
                {"n_modules", d->version >= 2 ? d->n_modules : 0},
                {"n_cpes", d->version >= 2 ? d->n_cpes : 0}};
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++)
        if (ints[i].v < 0)
            DX_FAIL(DX_EDOMAIN, "%s: design->%s = %d (allowed: >= 0)", fn, ints[i].name, ints[i].v);
    if (d->version >= 2 && (d->n_sites_with_pole > d->n_sites || d->n_sites_with_power > d->n_sites ||
                            d->n_sites_with_backhaul > d->n_sites))
        DX_FAIL(DX_EDOMAIN, "%s: design has %d sites but %d with a pole, %d with power, %d with "
                            "backhaul (each at most n_sites)",
                fn, d->n_sites, d->n_sites_with_pole, d->n_sites_with_power, d->n_sites_with_backhaul);
    if (!isfinite(d->horizon_years) || d->horizon_years <= 0.0 || d->horizon_years > 100.0)
        DX_FAIL(DX_EDOMAIN, "%s: design->horizon_years = %g years (allowed: (0, 100])", fn, d->horizon_years);
    if (!isfinite(d->area_km2) || d->area_km2 < 0.0)
        DX_FAIL(DX_EDOMAIN, "%s: design->area_km2 = %g km2 (allowed: >= 0)", fn, d->area_km2);
    if (!isfinite(d->delivered_bps) || d->delivered_bps < 0.0)
        DX_FAIL(DX_EDOMAIN, "%s: design->delivered_bps = %g bit/s (allowed: >= 0)", fn, d->delivered_bps);
    if (d->lease_term_years != 0.0 && !(d->lease_term_years >= 3.0 && d->lease_term_years <= 7.0))
        DX_FAIL(DX_EDOMAIN, "%s: design->lease_term_years = %g years (allowed: 0 = auto, or 3..7)", fn,
                d->lease_term_years);
    if (d->version >= 3 && (d->rental_months < 0 || d->rental_months > 1200))
        DX_FAIL(DX_EDOMAIN, "%s: design->rental_months = %d months (allowed: 0 = lease, or 1..1200)", fn,
                d->rental_months);
    return DX_OK;
}

dx_status dx_cost_hire_terms(const dx_cost_design *design, const dx_price_book *book,
                             double *out_factor_per_month, double *out_months, int *out_rental)
{
    DX_REQUIRE_PTR(design);
    DX_REQUIRE_PTR(out_factor_per_month);
    DX_REQUIRE_PTR(out_months);
    DX_TRY(check_design(design));
    const dx_cost_design *d = design;
    if (d->version >= 3 && d->rental_months > 0) {
        const dx_price_book *b;
        DX_TRY(book_or_builtin(book, &b));
        const pb_entry *r = pb_lookup(b, "rental.monthly_ratio");
        if (!r)
            DX_FAIL(DX_ENOTFOUND, "dx_cost_hire_terms: price key 'rental.monthly_ratio' is not in the price book");
        double term;
        DX_TRY(dx_cost_rental_term_rate_ratio(d->rental_months, &term));
        *out_factor_per_month = r->value * term;
        *out_months = d->rental_months;
        if (out_rental)
            *out_rental = 1;
        return DX_OK;
    }
    double term = d->lease_term_years;
    if (term == 0.0) /* ASSUMED: lease term = horizon, clamped to the 3..7 y table */
        term = d->horizon_years < 3.0 ? 3.0 : d->horizon_years > 7.0 ? 7.0 : d->horizon_years;
    DX_TRY(dx_cost_lease_rate_factor_ratio(term, out_factor_per_month));
    *out_months = round(term * 12.0);
    if (out_rental)
        *out_rental = 0;
    return DX_OK;
}

dx_status dx_cost_bom(const dx_technology *tech, const dx_cost_design *design, dx_procurement mode,
                      const dx_price_book *book, size_t cap, dx_cost_item *out_items, size_t *out_n)
{
    DX_REQUIRE_PTR(tech);
    DX_REQUIRE_PTR(design);
    DX_REQUIRE_PTR(out_n);
    *out_n = 0;
    if (cap > 0)
        DX_REQUIRE_PTR(out_items);
    if (mode != DX_PROCURE_PURCHASE && mode != DX_PROCURE_LEASE && mode != DX_PROCURE_SUBSCRIPTION)
        DX_FAIL(DX_EINVAL, "dx_cost_bom: mode = %d (allowed: DX_PROCURE_PURCHASE, _LEASE, _SUBSCRIPTION)", (int)mode);
    DX_TRY(check_design(design));
    const dx_cost_design *d = design;
    bom_ctx c = {0};
    DX_TRY(book_or_builtin(book, &c.book));
    c.d = d;
    c.mode = mode;
    c.cap = cap;
    c.out = out_items;
    c.horizon_months = (int)lround(d->horizon_years * 12.0);
    if (mode != DX_PROCURE_PURCHASE)
        DX_TRY(dx_cost_hire_terms(d, c.book, &c.lease_factor, &c.lease_months, &c.rental));

    double sites = d->n_sites;
    double radios = d->n_radios > 0 ? d->n_radios : sites * (d->sectors_per_site > 0 ? d->sectors_per_site : 1);
    double devices = d->n_devices;
    int v2 = d->version >= 2;
    /* terminals: one of the family's kind per device, or modules and CPEs as the design says */
    int by_kind = v2 && d->terminals_by_kind;
    double modules = by_kind ? d->n_modules : 0.0, cpes = by_kind ? d->n_cpes : devices;
    double need_pole = sites - (v2 ? d->n_sites_with_pole : 0);
    double need_power = sites - (v2 ? d->n_sites_with_power : 0);
    double need_backhaul = sites - (v2 ? d->n_sites_with_backhaul : 0);
    const pb_entry *sp;
    DX_TRY(price(&c, "spares.ratio", &sp));
    double spares = d->include_spares ? ceil(sp->value * radios - 1e-9) : 0.0;
    int outdoor = d->outdoor != 0;
    const dx_cost_role NET = DX_COST_ROLE_NETWORK, SOL = DX_COST_ROLE_SOLUTION;
    const char *radio_power = NULL;
    double radio_power_qty = radios;

    switch (tech->family) {
    case DX_TECH_FAMILY_NR: {
        int mmw = tech->fc_hz > 24e9;
        if (mmw) {
            DX_TRY(equip(&c, "l5g.ru.mmw", radios + spares, "life.comm_equipment", NET));
            radio_power = "power.l5g.bs.indoor";
        } else if (outdoor) {
            double first = sites < radios ? sites : radios;
            DX_TRY(equip(&c, "l5g.bs.outdoor", first, "life.comm_equipment", NET));
            DX_TRY(equip(&c, "l5g.ru.sector", radios - first + spares, "life.comm_equipment", NET));
            DX_TRY(electricity(&c, "power.l5g.bs.outdoor", first, "L5G outdoor base station"));
            radio_power = "power.l5g.ru.sector";
            radio_power_qty = radios - first;
        } else {
            DX_TRY(equip(&c, "l5g.bs.indoor", radios + spares, "life.comm_equipment", NET));
            radio_power = "power.l5g.bs.indoor";
        }
        if (d->core_on_premises) {
            DX_TRY(equip(&c, "l5g.core.onprem", 1, "life.server", NET));
            DX_TRY(electricity(&c, "power.l5g.core", 1, "on-premises 5GC"));
        } else {
            DX_TRY(recurring(&c, "l5g.core.cloud", 1, 1.0, DX_COST_CAT_CLOUD, DX_PROCURE_SUBSCRIPTION, NET, NULL));
        }
        DX_TRY(one_off(&c, "l5g.sim", devices, DX_COST_CAT_EQUIPMENT, NET, NULL, "consumable (SIM), not leasable"));
        DX_TRY(equip(&c, "l5g.module", modules, "life.comm_equipment", NET));
        DX_TRY(equip(&c, "l5g.cpe", cpes, "life.comm_equipment", NET));
        DX_TRY(one_off(&c, "l5g.licence_support", 1, DX_COST_CAT_LABOUR, NET, NULL, "engineering service"));
        DX_TRY(recurring(&c, "l5g.fee.terminal", devices, 1.0 / 12.0, DX_COST_CAT_RADIO_USAGE_FEE,
                         DX_PROCURE_SERVICE, NET, "Radio usage fee (電波利用料), terminals (yearly fee / 12 per month)"));
        DX_TRY(recurring(&c, "l5g.fee.bs", radios, 1.0 / 12.0, DX_COST_CAT_RADIO_USAGE_FEE, DX_PROCURE_SERVICE, NET,
                         "Radio usage fee (電波利用料), base stations (yearly fee / 12 per month)"));
        break;
    }
    case DX_TECH_FAMILY_WIFI_HE:
    case DX_TECH_FAMILY_WIFI_EHT: {
        const char *ap = outdoor ? "wifi.ap.outdoor"
                                 : tech->family == DX_TECH_FAMILY_WIFI_EHT ? "wifi7.ap.indoor" : "wifi6e.ap.indoor";
        DX_TRY(equip(&c, ap, radios + spares, "life.comm_equipment", NET));
        DX_TRY(recurring(&c, "wifi.cloud_licence", radios, 1.0 / 12.0, DX_COST_CAT_CLOUD, DX_PROCURE_SUBSCRIPTION, NET,
                         "Wi-Fi cloud management licence (yearly fee / 12 per month, per AP)"));
        radio_power = "power.wifi.ap";
        break;
    }
    case DX_TECH_FAMILY_WIFI_S1G:
        DX_TRY(equip(&c, "halow.ap", radios + spares, "life.comm_equipment", NET));
        DX_TRY(equip(&c, "halow.module", modules, "life.comm_equipment", NET));
        DX_TRY(equip(&c, "halow.sta", cpes, "life.comm_equipment", NET));
        radio_power = "power.halow.ap";
        break;
    case DX_TECH_FAMILY_LORA:
        DX_TRY(equip(&c, "lora.gw", radios + spares, "life.comm_equipment", NET));
        DX_TRY(equip(&c, "lora.module", modules, "life.comm_equipment", NET));
        DX_TRY(equip(&c, "lora.node", cpes, "life.comm_equipment", NET));
        DX_TRY(recurring(&c, "lora.ns", radios, 1.0, DX_COST_CAT_CLOUD, DX_PROCURE_SUBSCRIPTION, NET, NULL));
        radio_power = "power.lora.gw";
        break;
    case DX_TECH_FAMILY_LTEM:
    case DX_TECH_FAMILY_CARRIER:
        break;
    default:
        DX_FAIL(DX_EINVAL, "dx_cost_bom: tech->family = %d (unknown)", (int)tech->family);
    }

    if (tech->subscription_only || tech->family == DX_TECH_FAMILY_LTEM) {
        /* carrier network: no radios, sites, installation or electricity. The
         * routers/modules and the data plan use the carrier's network: they are
         * not the applicant's own wireless network equipment (③ ※2: ① 無線ネット
         * ワーク設備; インターネット接続サービスの提供やソリューション機器のみの整備は
         * 非該当, FIRM), so their role is OTHER, not NETWORK */
        DX_TRY(equip(&c, tech->family == DX_TECH_FAMILY_LTEM ? "ltem.module" : "carrier.router",
                     by_kind ? modules + cpes : devices, "life.comm_equipment", DX_COST_ROLE_OTHER));
        DX_TRY(recurring(&c, tech->family == DX_TECH_FAMILY_LTEM ? "ltem.connectivity" : "carrier.data",
                         devices, 1.0, DX_COST_CAT_COMMUNICATIONS, DX_PROCURE_SUBSCRIPTION,
                         DX_COST_ROLE_OTHER, NULL));
    } else {
        if (outdoor) {
            DX_TRY(one_off(&c, "site.pole_civil", need_pole, DX_COST_CAT_CONSTRUCTION, NET, "life.construction",
                           "construction work, not leasable"));
            if (v2)
                DX_TRY(one_off(&c, "site.power", need_power, DX_COST_CAT_CONSTRUCTION, NET, "life.construction",
                               "construction work, not leasable"));
            DX_TRY(one_off(&c, "install.outdoor", sites, DX_COST_CAT_LABOUR, NET, NULL, "installation labour"));
            DX_TRY(recurring(&c, "backhaul.fibre", need_backhaul, 1.0, DX_COST_CAT_COMMUNICATIONS, DX_PROCURE_SERVICE,
                             NET, NULL));
            /* further radios at a site (sectors, extra APs): per-unit installation rate (ASSUMED) */
            double extra = radios > sites ? radios - sites : 0.0;
            size_t at = c.n;
            DX_TRY(one_off(&c, "install.indoor", extra, DX_COST_CAT_LABOUR, NET, NULL,
                           "installation labour: further radios at an outdoor site, per-unit rate (ASSUMED)"));
            /* the per-unit rate of the indoor book entry, named for what it is: a ski
             * slope's sector radios were billed as "indoor AP / small cell" labour
             * (tests/data/cases/ski-resort-l5g-rental-r7-2-1.xml) */
            if (extra > 0.0 && at < c.cap && at < c.n)
                copy_text(c.out[at].name, sizeof c.out[at].name,
                          "Installation labour, further radio at an outdoor site (sector, extra AP), per unit");
        } else {
            DX_TRY(one_off(&c, "install.indoor", radios, DX_COST_CAT_LABOUR, NET, NULL, "installation labour"));
        }
        if (radio_power)
            DX_TRY(electricity(&c, radio_power, radio_power_qty, "radio units"));
    }

    /* solution part */
    DX_TRY(equip(&c, "solution.camera", d->n_solution_devices, "life.camera", SOL));
    DX_TRY(equip(&c, "solution.edge_server", d->n_edge_servers, "life.server", SOL));
    DX_TRY(electricity(&c, "power.edge_server", d->n_edge_servers, "edge servers"));

    /* maintenance of purchased / leased equipment (finance leases exclude it, domain-japan §5) */
    if (c.equipment_value_jpy > 0.0) {
        const pb_entry *m;
        DX_TRY(price(&c, "maintenance.ratio", &m));
        dx_cost_item *it = next_item(&c);
        if (it) {
            fill_common(it, "Maintenance of equipment (share of price per year, monthly)", m, DX_COST_CAT_OTHER,
                        DX_PROCURE_SERVICE, NET, c.equipment_value_jpy * m->value / 12.0, 1.0);
            it->tax_included = c.maint_tax_included;
            it->months = c.horizon_months;
            copy_text(it->justification, sizeof it->justification, "recurring service");
        }
    }
    *out_n = c.n;
    if (cap < c.n)
        DX_FAIL(DX_EBUFSIZE, "dx_cost_bom: cap = %zu items but the bill of materials has %zu", cap, c.n);
    return DX_OK;
}
