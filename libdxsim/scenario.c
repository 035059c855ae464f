/* Scenario XML reader (libxml2, safe options: no network, no DTD loading, no
 * entity substitution, DOCTYPE refused). Errors name file, line, element path,
 * attribute, value, unit and allowed range. Format: docs/scenario-format.md. */
#define _GNU_SOURCE
#include "dx_internal.h"
#include "scenario_internal.h"
#include "dxsim/programme.h"
#include "dxsim/technology.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <math.h>
#include <unistd.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

const char *dx_environment_name(dx_environment e)
{
    static const char *n[] = {"rural", "suburban", "urban", "indoor-office", "indoor-factory"};
    return (unsigned)e < 5 ? n[e] : "unknown";
}

dx_status dx_load_options_init(dx_load_options *opts, unsigned int version)
{
    DX_REQUIRE_PTR(opts);
    if (version == 0 || version > DX_LOAD_OPTIONS_VERSION)
        DX_FAIL(DX_EINVAL, "dx_load_options_init: version = %u (this library knows 1..%u)", version,
                DX_LOAD_OPTIONS_VERSION);
    opts->version = version;
    opts->max_bytes = (size_t)8 << 20; /* a scenario is a few kB; 8 MiB bounds hostile input */
    return DX_OK;
}

/* ---- element helpers ------------------------------------------------------ */
typedef struct {
    const char *file;
    char path[256]; /* element path of the current node */
} ctx;

static void node_path(const xmlNode *n, char *buf, size_t cap)
{
    const xmlNode *chain[16];
    int k = 0;
    for (const xmlNode *p = n; p && p->type == XML_ELEMENT_NODE && k < 16; p = p->parent)
        chain[k++] = p;
    buf[0] = '\0';
    size_t len = 0;
    for (int i = k - 1; i >= 0 && len + 4 < cap; i--) {
        int w = snprintf(buf + len, cap - len, "%s<%s>", i == k - 1 ? "" : "/",
                         (const char *)chain[i]->name);
        if (w < 0 || (size_t)w >= cap - len)
            break;
        len += (size_t)w;
    }
}

#define SC_FAIL(code, c, n, ...)                                                              \
    do {                                                                                      \
        char p_[256];                                                                         \
        node_path((n), p_, sizeof p_);                                                        \
        dx__set_error(__VA_ARGS__);                                                           \
        dx__prefix_error("%s:%ld: %s", (c)->file, (long)xmlGetLineNo(n), p_);                 \
        return (code);                                                                        \
    } while (0)

/* Every attribute of n must be in the NULL-terminated allowed list. */
static dx_status check_attrs(ctx *c, xmlNode *n, const char *const *allowed)
{
    for (xmlAttr *a = n->properties; a; a = a->next) {
        int ok = 0;
        for (const char *const *p = allowed; *p; p++)
            if (strcmp((const char *)a->name, *p) == 0)
                ok = 1;
        if (!ok) {
            char list[256] = "";
            for (const char *const *p = allowed; *p; p++) {
                strncat(list, *p, sizeof list - strlen(list) - 1);
                if (p[1])
                    strncat(list, ", ", sizeof list - strlen(list) - 1);
            }
            SC_FAIL(DX_EPARSE, c, n, "unknown attribute '%s' (allowed: %s)", (const char *)a->name,
                    list);
        }
    }
    return DX_OK;
}

/* Text attributes longer than their field. attr_text's callers only test
 * presence, so it cannot fail: overlong values are recorded here (per thread)
 * and read_root refuses the document right after the section that held one,
 * naming the attribute and the field's limit. attr_num/attr_enum read values
 * in full, so a short presence probe followed by one of them is not an error
 * (the record is dropped). */
#define DX__SC_OVERLONG_MAX 8
static _Thread_local struct {
    xmlNode *node;
    char attr[64];
    size_t len, limit;
} dx__sc_overlong[DX__SC_OVERLONG_MAX];
static _Thread_local int dx__sc_n_overlong;

static void overlong_forget(xmlNode *n, const char *name)
{
    int k = 0;
    for (int i = 0; i < dx__sc_n_overlong; i++)
        if (!(dx__sc_overlong[i].node == n && !strcmp(dx__sc_overlong[i].attr, name)))
            dx__sc_overlong[k++] = dx__sc_overlong[i];
    dx__sc_n_overlong = k;
}

/* Read attribute text into buf; returns 1 if present, 0 if absent. A value of
 * cap bytes or more is never silently used cut short: see dx__sc_overlong. */
static int attr_text(xmlNode *n, const char *name, char *buf, size_t cap)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    if (!v)
        return 0;
    size_t len = strlen((const char *)v);
    if (len >= cap) {
        int k = dx__sc_n_overlong < DX__SC_OVERLONG_MAX ? dx__sc_n_overlong++ : DX__SC_OVERLONG_MAX - 1;
        dx__sc_overlong[k].node = n;
        snprintf(dx__sc_overlong[k].attr, sizeof dx__sc_overlong[k].attr, "%s", name);
        dx__sc_overlong[k].len = len;
        dx__sc_overlong[k].limit = cap - 1;
    }
    snprintf(buf, cap, "%s", (const char *)v);
    xmlFree(v);
    return 1;
}

/* Refuse the document if attr_text met a value longer than its field. */
static dx_status check_overlong(ctx *c)
{
    if (dx__sc_n_overlong == 0)
        return DX_OK;
    xmlNode *n = dx__sc_overlong[0].node;
    dx__sc_n_overlong = 0;
    SC_FAIL(DX_EDOMAIN, c, n, "attribute %s is %zu bytes long (limit %zu bytes for this field)",
            dx__sc_overlong[0].attr, dx__sc_overlong[0].len, dx__sc_overlong[0].limit);
}

/* Numeric attribute with unit and allowed range [lo, hi]; keeps *out when absent
 * unless required. The whole value is parsed (no fixed-size copy, so trailing
 * text after a number is refused however far it is). */
static dx_status attr_num(ctx *c, xmlNode *n, const char *name, const char *unit, double lo,
                          double hi, int required, double *out)
{
    overlong_forget(n, name); /* read in full below */
    xmlChar *xv = xmlGetProp(n, (const xmlChar *)name);
    if (!xv) {
        if (required)
            SC_FAIL(DX_EPARSE, c, n, "required attribute %s [%s] is missing (allowed %g .. %g %s)",
                    name, unit, lo, hi, unit);
        return DX_OK;
    }
    double v;
    int bad = dx__parse_double((const char *)xv, &v) != 0;
    if (bad) {
        char shown[48];
        size_t len = strlen((const char *)xv);
        snprintf(shown, sizeof shown, "%s", (const char *)xv);
        xmlFree(xv);
        SC_FAIL(DX_EPARSE, c, n,
                "attribute %s = '%s%s' (%zu bytes) is not a number (unit %s, allowed %g .. %g)", name,
                shown, len >= sizeof shown ? "..." : "", len, unit, lo, hi);
    }
    xmlFree(xv);
    if (!(v >= lo && v <= hi))
        SC_FAIL(DX_EDOMAIN, c, n, "attribute %s = %g %s is outside the allowed range %g .. %g %s",
                name, v, unit, lo, hi, unit);
    *out = v;
    return DX_OK;
}

static dx_status attr_int(ctx *c, xmlNode *n, const char *name, int lo, int hi, int *out)
{
    double v = *out;
    DX_TRY(attr_num(c, n, name, "count", lo, hi, 0, &v));
    if (v != (double)(long)v)
        SC_FAIL(DX_EDOMAIN, c, n, "attribute %s = %g must be a whole number (%d .. %d)", name, v, lo,
                hi);
    *out = (int)v;
    return DX_OK;
}

/* Keyword attribute: value must be one of words[]; *out gets its index. */
static dx_status attr_enum(ctx *c, xmlNode *n, const char *name, const char *const *words,
                           int *out)
{
    overlong_forget(n, name); /* read in full below */
    xmlChar *xv = xmlGetProp(n, (const xmlChar *)name);
    if (!xv)
        return DX_OK;
    char list[256] = "";
    for (int i = 0; words[i]; i++) {
        if (strcmp((const char *)xv, words[i]) == 0) { /* whole value, no cut */
            xmlFree(xv);
            *out = i;
            return DX_OK;
        }
        strncat(list, words[i], sizeof list - strlen(list) - 1);
        if (words[i + 1])
            strncat(list, ", ", sizeof list - strlen(list) - 1);
    }
    char shown[64];
    size_t len = strlen((const char *)xv);
    snprintf(shown, sizeof shown, "%s", (const char *)xv);
    xmlFree(xv);
    SC_FAIL(DX_EDOMAIN, c, n, "attribute %s = '%s%s' is not allowed (one of: %s)", name, shown,
            len >= sizeof shown ? "..." : "", list);
}

static dx_status attr_bool(ctx *c, xmlNode *n, const char *name, int *out)
{
    static const char *const words[] = {"no", "yes", "false", "true", "0", "1", NULL};
    int k = -1;
    DX_TRY(attr_enum(c, n, name, words, &k));
    if (k >= 0)
        *out = k % 2;
    return DX_OK;
}

static int is_elem(const xmlNode *n) { return n->type == XML_ELEMENT_NODE; }
static int named(const xmlNode *n, const char *s) { return strcmp((const char *)n->name, s) == 0; }

/* Only whitespace and comments may stand between elements. */
static dx_status check_children(ctx *c, xmlNode *n, const char *const *allowed)
{
    for (xmlNode *k = n->children; k; k = k->next) {
        if (k->type == XML_TEXT_NODE) {
            for (const xmlChar *t = k->content; t && *t; t++)
                if (*t != ' ' && *t != '\t' && *t != '\n' && *t != '\r')
                    SC_FAIL(DX_EPARSE, c, n, "unexpected text '%.20s'", (const char *)k->content);
            continue;
        }
        if (!is_elem(k))
            continue;
        int ok = 0;
        for (const char *const *p = allowed; *p; p++)
            if (named(k, *p))
                ok = 1;
        if (!ok) {
            char list[256] = "";
            for (const char *const *p = allowed; *p; p++) {
                strncat(list, "<", sizeof list - strlen(list) - 1);
                strncat(list, *p, sizeof list - strlen(list) - 1);
                strncat(list, p[1] ? ">, " : ">", sizeof list - strlen(list) - 1);
            }
            SC_FAIL(DX_EPARSE, c, k, "unknown element (allowed inside <%s>: %s)",
                    (const char *)n->name, list[0] ? list : "none");
        }
    }
    return DX_OK;
}

/* ---- sections -------------------------------------------------------------- */
static dx_status read_area(ctx *c, xmlNode *n, dx_scenario *sc)
{
    static const char *const attrs[] = {"width_m", "height_m", "environment", NULL};
    static const char *const envs[] = {"rural", "suburban", "urban", "indoor-office",
                                       "indoor-factory", NULL};
    DX_TRY(check_attrs(c, n, attrs));
    /* 10 m .. 200 km: a room up to a prefecture */
    DX_TRY(attr_num(c, n, "width_m", "m", 10, 200e3, 1, &sc->width_m));
    DX_TRY(attr_num(c, n, "height_m", "m", 10, 200e3, 1, &sc->height_m));
    int e = -1;
    char tmp[8];
    if (!attr_text(n, "environment", tmp, sizeof tmp))
        SC_FAIL(DX_EPARSE, c, n, "required attribute environment is missing (one of: rural, "
                                 "suburban, urban, indoor-office, indoor-factory)");
    DX_TRY(attr_enum(c, n, "environment", envs, &e));
    sc->env = (dx_environment)e;
    return DX_OK;
}

static dx_status read_demand(ctx *c, xmlNode *sec, dx_scenario *sc)
{
    static const char *const kids[] = {"devices", NULL};
    static const char *const attrs[] = {"name",        "count",         "ul_kbps",
                                        "dl_kbps",     "required_ul_kbps", "required_dl_kbps",
                                        "message_bytes", "messages_per_day", "indoor",
                                        "role",        "solution_price_jpy", "solution_key",
                                        NULL};
    static const char *const roles[] = {"solution", "other", NULL};
    DX_TRY(check_children(c, sec, kids));
    for (xmlNode *n = sec->children; n; n = n->next) {
        if (!is_elem(n))
            continue;
        if (sc->n_demand >= DX__SC_MAX_DEMAND)
            SC_FAIL(DX_EDOMAIN, c, n, "too many demand classes (at most %d)", DX__SC_MAX_DEMAND);
        dx__sc_demand *d = &sc->demand[sc->n_demand];
        memset(d, 0, sizeof *d);
        d->line = (int)xmlGetLineNo(n);
        DX_TRY(check_attrs(c, n, attrs));
        if (!attr_text(n, "name", d->name, sizeof d->name))
            snprintf(d->name, sizeof d->name, "class %zu", sc->n_demand + 1);
        DX_TRY(attr_num(c, n, "count", "devices", 1, 1e6, 1, &d->count));
        double v = 0;
        /* 10 Gbit/s per device is far above anything the catalogue carries */
        DX_TRY(attr_num(c, n, "ul_kbps", "kbit/s", 0, 1e7, 0, &v));
        d->ul_bps = v * 1e3;
        v = 0;
        DX_TRY(attr_num(c, n, "dl_kbps", "kbit/s", 0, 1e7, 0, &v));
        d->dl_bps = v * 1e3;
        v = d->ul_bps / 1e3;
        DX_TRY(attr_num(c, n, "required_ul_kbps", "kbit/s", 0, 1e7, 0, &v));
        d->required_ul_bps = v * 1e3;
        v = d->dl_bps / 1e3;
        DX_TRY(attr_num(c, n, "required_dl_kbps", "kbit/s", 0, 1e7, 0, &v));
        d->required_dl_bps = v * 1e3;
        DX_TRY(attr_num(c, n, "message_bytes", "bytes", 0, 65535, 0, &d->message_bytes));
        DX_TRY(attr_num(c, n, "messages_per_day", "messages/day", 0, 86400, 0,
                        &d->messages_per_day));
        DX_TRY(attr_bool(c, n, "indoor", &d->indoor));
        int role = 0; /* devices are solution equipment unless said otherwise */
        DX_TRY(attr_enum(c, n, "role", roles, &role));
        d->solution = role == 0;
        DX_TRY(attr_num(c, n, "solution_price_jpy", "JPY", 0, 1e9, 0, &d->solution_price_jpy));
        attr_text(n, "solution_key", d->solution_key, sizeof d->solution_key);
        if (d->solution_key[0] && d->solution_price_jpy > 0)
            SC_FAIL(DX_EPARSE, c, n, "give solution_price_jpy or solution_key, not both");
        if (d->message_bytes > 0 && d->messages_per_day > 0 && d->ul_bps == 0) {
            d->ul_bps = d->message_bytes * 8.0 * d->messages_per_day / 86400.0;
            if (d->required_ul_bps == 0)
                d->required_ul_bps = d->ul_bps;
        }
        if (d->ul_bps == 0 && d->dl_bps == 0)
            SC_FAIL(DX_EDOMAIN, c, n,
                    "demand class '%s' has no traffic: give ul_kbps/dl_kbps or "
                    "message_bytes with messages_per_day",
                    d->name);
        sc->n_demand++;
    }
    if (sc->n_demand == 0)
        SC_FAIL(DX_EPARSE, c, sec, "no <devices> element: at least one demand class is needed");
    return DX_OK;
}

static dx_status read_technologies(ctx *c, xmlNode *sec, dx_scenario *sc)
{
    static const char *const kids[] = {"technology", NULL};
    static const char *const attrs[] = {"id", "tdd", "bw_mhz", "bs_height_m", NULL};
    DX_TRY(check_children(c, sec, kids));
    for (xmlNode *n = sec->children; n; n = n->next) {
        if (!is_elem(n))
            continue;
        DX_TRY(check_attrs(c, n, attrs));
        char id[32];
        if (!attr_text(n, "id", id, sizeof id))
            SC_FAIL(DX_EPARSE, c, n, "required attribute id is missing (see `dxsim techs`)");
        if (strcmp(id, "all") == 0) {
            for (size_t i = 0; i < dx_technology_count() && sc->n_tech < DX__SC_MAX_TECH; i++) {
                dx_technology t;
                DX_TRY(dx_technology_get(i, &t));
                dx__sc_tech *e = &sc->tech[sc->n_tech++];
                memset(e, 0, sizeof *e);
                snprintf(e->id, sizeof e->id, "%s", t.id);
                e->line = (int)xmlGetLineNo(n);
            }
            continue;
        }
        dx_technology t;
        if (dx_technology_find(id, &t) != DX_OK)
            SC_FAIL(DX_ENOTFOUND, c, n, "%s", dx_last_error());
        if (sc->n_tech >= DX__SC_MAX_TECH)
            SC_FAIL(DX_EDOMAIN, c, n, "too many technologies (at most %d)", DX__SC_MAX_TECH);
        dx__sc_tech *e = &sc->tech[sc->n_tech];
        memset(e, 0, sizeof *e);
        e->line = (int)xmlGetLineNo(n);
        snprintf(e->id, sizeof e->id, "%s", id);
        if (attr_text(n, "tdd", e->tdd_frame, sizeof e->tdd_frame)) {
            if (dx_technology_set_tdd_frame(&t, e->tdd_frame) != DX_OK)
                SC_FAIL(DX_EDOMAIN, c, n, "attribute tdd: %s", dx_last_error());
        }
        DX_TRY(attr_num(c, n, "bw_mhz", "MHz", 0.125, 400, 0, &e->bw_mhz));
        if (e->bw_mhz > 0) {
            int ok = 0;
            char list[128] = "";
            for (size_t k = 0; k < t.n_bw_options; k++) {
                if (fabs(t.bw_options_hz[k] - e->bw_mhz * 1e6) < 1.0)
                    ok = 1;
                char one[24];
                snprintf(one, sizeof one, k ? ", %g" : "%g", t.bw_options_hz[k] / 1e6);
                strncat(list, one, sizeof list - strlen(list) - 1);
            }
            if (!ok)
                SC_FAIL(DX_EDOMAIN, c, n, "attribute bw_mhz = %g MHz is not a channel width of %s "
                                          "(allowed: %s MHz)", e->bw_mhz, id, list);
        }
        /* 1.5 m (handheld) .. 150 m (TR 38.901 RMa upper validity limit) */
        DX_TRY(attr_num(c, n, "bs_height_m", "m", 1.5, 150, 0, &e->bs_height_m));
        sc->n_tech++;
    }
    if (sc->n_tech == 0)
        SC_FAIL(DX_EPARSE, c, sec, "no <technology> element: name at least one (or id=\"all\")");
    return DX_OK;
}

static dx_status read_coverage(ctx *c, xmlNode *n, dx_scenario *sc)
{
    static const char *const attrs[] = {"edge_probability", "target_area", "carrier_coverage",
                                        NULL};
    DX_TRY(check_attrs(c, n, attrs));
    DX_TRY(attr_num(c, n, "edge_probability", "ratio", 0.5, 0.999, 0, &sc->edge_probability_ratio));
    DX_TRY(attr_num(c, n, "target_area", "ratio", 0.1, 1.0, 0, &sc->target_area_ratio));
    DX_TRY(attr_num(c, n, "carrier_coverage", "ratio", 0.0, 1.0, 0, &sc->carrier_coverage_ratio));
    return DX_OK;
}

static dx_status read_finance(ctx *c, xmlNode *n, dx_scenario *sc)
{
    static const char *const attrs[] = {"horizon_years", "discount_rate", "prices", "start_date",
                                        NULL};
    static const char *const tax[] = {"tax-excluded", "tax-included", NULL};
    DX_TRY(check_attrs(c, n, attrs));
    DX_TRY(attr_num(c, n, "horizon_years", "years", 1, 30, 0, &sc->horizon_years));
    if (sc->horizon_years != (double)(int)sc->horizon_years)
        SC_FAIL(DX_EDOMAIN, c, n, "attribute horizon_years = %g must be a whole number of years",
                sc->horizon_years);
    DX_TRY(attr_num(c, n, "discount_rate", "ratio", -0.05, 0.5, 0, &sc->discount_rate_ratio));
    DX_TRY(attr_enum(c, n, "prices", tax, &sc->prices_tax_included));
    if (attr_text(n, "start_date", sc->start_date, sizeof sc->start_date)) {
        /* exactly YYYY-MM-DD, and a day that exists (Gregorian leap years) */
        int y = 0, m = 0, d = 0, used = 0;
        const char *sd = sc->start_date;
        int shape = strlen(sd) == 10 && sd[4] == '-' && sd[7] == '-';
        for (int i = 0; i < 10 && shape; i++)
            if (i != 4 && i != 7 && (sd[i] < '0' || sd[i] > '9'))
                shape = 0;
        if (!shape || sscanf(sd, "%4d-%2d-%2d%n", &y, &m, &d, &used) != 3 || used != 10 ||
            y < 2000 || y > 2100 || m < 1 || m > 12)
            SC_FAIL(DX_EDOMAIN, c, n, "attribute start_date = '%s' (expected YYYY-MM-DD, 2000..2100)",
                    sc->start_date);
        static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        int dim = mdays[m - 1] + (m == 2 && leap);
        if (d < 1 || d > dim)
            SC_FAIL(DX_EDOMAIN, c, n,
                    "attribute start_date = '%s': %04d-%02d has %d days (allowed day 1..%d)",
                    sc->start_date, y, m, dim, dim);
    }
    return DX_OK;
}

static dx_status read_procurement(ctx *c, xmlNode *n, dx_scenario *sc)
{
    static const char *const attrs[] = {"mode", "core", NULL};
    static const char *const modes[] = {"purchase", "lease", "subscription", NULL};
    static const char *const cores[] = {"cloud", "on-premises", NULL};
    DX_TRY(check_attrs(c, n, attrs));
    DX_TRY(attr_enum(c, n, "mode", modes, &sc->procurement_mode));
    DX_TRY(attr_enum(c, n, "core", cores, &sc->core_on_premises));
    return DX_OK;
}

static dx_status read_programme(ctx *c, xmlNode *n, dx_scenario *sc)
{
    static const char *const attrs[] = {"menu", NULL};
    static const char *const menus[] = {"none",   "r7-1-1", "r7-1-2", "r7-1-3", "r7-2-1",
                                        "r7-2-2", "r7-2-3", "r7-3",   NULL};
    DX_TRY(check_attrs(c, n, attrs));
    int k = -1;
    DX_TRY(attr_enum(c, n, "menu", menus, &k));
    if (k >= 0)
        snprintf(sc->menu, sizeof sc->menu, "%s", menus[k]);
    return DX_OK;
}

static dx_status read_applicant(ctx *c, xmlNode *n, dx_scenario *sc)
{
    static const char *const attrs[] = {"type", "consortium_local_governments",
                                        "fiscal_strength_index", "previously_selected",
                                        "partner_municipalities", NULL};
    DX_TRY(check_attrs(c, n, attrs));
    char type[32];
    if (attr_text(n, "type", type, sizeof type)) {
        dx_applicant_type t;
        if (dx_applicant_type_from_name(type, &t) != DX_OK)
            SC_FAIL(DX_EDOMAIN, c, n, "attribute type: %s", dx_last_error());
        snprintf(sc->applicant_type, sizeof sc->applicant_type, "%s", dx_applicant_type_name(t));
    }
    DX_TRY(attr_int(c, n, "consortium_local_governments", 0, 1000,
                    &sc->consortium_local_governments));
    DX_TRY(attr_num(c, n, "fiscal_strength_index", "index", 0, 5, 0, &sc->fiscal_strength_index));
    DX_TRY(attr_bool(c, n, "previously_selected", &sc->previously_selected));
    DX_TRY(attr_int(c, n, "partner_municipalities", 0, 1000, &sc->partner_municipalities));
    return DX_OK;
}

static dx_status read_prices(ctx *c, xmlNode *sec, dx_scenario *sc)
{
    static const char *const kids[] = {"price", NULL};
    static const char *const attrs[] = {"key", "jpy", NULL};
    DX_TRY(check_children(c, sec, kids));
    for (xmlNode *n = sec->children; n; n = n->next) {
        if (!is_elem(n))
            continue;
        DX_TRY(check_attrs(c, n, attrs));
        if (sc->n_price >= DX__SC_MAX_PRICE)
            SC_FAIL(DX_EDOMAIN, c, n, "too many price overrides (at most %d)", DX__SC_MAX_PRICE);
        dx__sc_price *p = &sc->price[sc->n_price];
        if (!attr_text(n, "key", p->key, sizeof p->key))
            SC_FAIL(DX_EPARSE, c, n, "required attribute key is missing (a price-book key)");
        DX_TRY(attr_num(c, n, "jpy", "JPY", 0, 1e11, 1, &p->jpy));
        p->line = (int)xmlGetLineNo(n);
        sc->n_price++;
    }
    return DX_OK;
}

static dx_status read_benefits(ctx *c, xmlNode *sec, dx_scenario *sc)
{
    static const char *const kids[] = {"benefit", NULL};
    static const char *const attrs[] = {"name", "jpy_per_year", "hours_per_year", "jpy_per_hour",
                                        NULL};
    DX_TRY(check_children(c, sec, kids));
    for (xmlNode *n = sec->children; n; n = n->next) {
        if (!is_elem(n))
            continue;
        DX_TRY(check_attrs(c, n, attrs));
        if (sc->n_benefit >= DX__SC_MAX_BENEFIT)
            SC_FAIL(DX_EDOMAIN, c, n, "too many benefits (at most %d)", DX__SC_MAX_BENEFIT);
        dx__sc_benefit *b = &sc->benefit[sc->n_benefit];
        if (!attr_text(n, "name", b->name, sizeof b->name))
            snprintf(b->name, sizeof b->name, "benefit %zu", sc->n_benefit + 1);
        double hours = -1, wage = -1;
        b->jpy_per_year = -1;
        DX_TRY(attr_num(c, n, "jpy_per_year", "JPY/year", 0, 1e11, 0, &b->jpy_per_year));
        DX_TRY(attr_num(c, n, "hours_per_year", "h/year", 0, 1e7, 0, &hours));
        DX_TRY(attr_num(c, n, "jpy_per_hour", "JPY/h", 0, 1e6, 0, &wage));
        if (b->jpy_per_year < 0) {
            if (hours < 0 || wage < 0)
                SC_FAIL(DX_EPARSE, c, n, "give jpy_per_year, or hours_per_year with jpy_per_hour");
            b->jpy_per_year = hours * wage;
        }
        sc->n_benefit++;
    }
    return DX_OK;
}

static dx_status read_uncertainty(ctx *c, xmlNode *sec, dx_scenario *sc)
{
    static const char *const attrs[] = {"draws", "seed", NULL};
    static const char *const kids[] = {"input", NULL};
    static const char *const in_attrs[] = {"target", "dist", "a", "b", "c", NULL};
    static const char *const dists[] = {"normal", "lognormal", "uniform", "triangular", "pert",
                                        NULL};
    DX_TRY(check_attrs(c, sec, attrs));
    DX_TRY(check_children(c, sec, kids));
    double draws = 2000, seed = 20250401;
    DX_TRY(attr_num(c, sec, "draws", "draws", 10, 1e6, 0, &draws));
    if (draws != floor(draws))
        SC_FAIL(DX_EDOMAIN, c, sec, "attribute draws = %g must be a whole number of draws (10 .. 1e6)",
                draws);
    DX_TRY(attr_num(c, sec, "seed", "seed", 0, 4294967295.0, 0, &seed));
    if (seed != floor(seed))
        SC_FAIL(DX_EDOMAIN, c, sec, "attribute seed = %g must be a whole number (0 .. 4294967295)",
                seed);
    sc->mc_draws = (size_t)draws;
    sc->mc_seed = (unsigned long)seed;
    for (xmlNode *n = sec->children; n; n = n->next) {
        if (!is_elem(n))
            continue;
        DX_TRY(check_attrs(c, n, in_attrs));
        if (sc->n_uncertain >= DX__SC_MAX_UNCERTAIN)
            SC_FAIL(DX_EDOMAIN, c, n, "too many uncertain inputs (at most %d)", DX__SC_MAX_UNCERTAIN);
        dx__sc_uncertain *u = &sc->uncertain[sc->n_uncertain];
        memset(u, 0, sizeof *u);
        u->line = (int)xmlGetLineNo(n);
        if (!attr_text(n, "target", u->target, sizeof u->target))
            SC_FAIL(DX_EPARSE, c, n, "required attribute target is missing "
                                     "(e.g. price:KEY, discount_rate, edge_probability)");
        int k = -1;
        DX_TRY(attr_enum(c, n, "dist", dists, &k));
        if (k < 0)
            SC_FAIL(DX_EPARSE, c, n, "required attribute dist is missing "
                                     "(normal, lognormal, uniform, triangular, pert)");
        snprintf(u->dist, sizeof u->dist, "%s", dists[k]);
        u->c = NAN;
        DX_TRY(attr_num(c, n, "a", "value", -1e12, 1e12, 1, &u->a));
        DX_TRY(attr_num(c, n, "b", "value", -1e12, 1e12, 1, &u->b));
        DX_TRY(attr_num(c, n, "c", "value", -1e12, 1e12, k >= 3, &u->c));
        int ordered = k >= 3 ? (u->a <= u->b && u->b <= u->c && u->a < u->c)
                             : (k == 2 ? u->a < u->b : u->b > 0);
        if (!ordered)
            SC_FAIL(DX_EDOMAIN, c, n, "%s parameters a=%g b=%g c=%g are inconsistent (%s)", u->dist,
                    u->a, u->b, u->c,
                    k >= 3 ? "need low a <= mode b <= high c, a < c"
                           : (k == 2 ? "need low a < high b" : "need spread b > 0"));
        sc->n_uncertain++;
    }
    return DX_OK;
}

static dx_status read_routes(ctx *c, xmlNode *sec, dx_scenario *sc)
{
    static const char *const kids[] = {"route", NULL};
    static const char *const attrs[] = {"name", "required_ul_kbps", "step_m", NULL};
    static const char *const pkids[] = {"point", NULL};
    static const char *const pattrs[] = {"x_m", "y_m", NULL};
    DX_TRY(check_children(c, sec, kids));
    for (xmlNode *n = sec->children; n; n = n->next) {
        if (!is_elem(n))
            continue;
        if (sc->n_routes >= DX__SC_MAX_ROUTES)
            SC_FAIL(DX_EDOMAIN, c, n, "too many routes (at most %d)", DX__SC_MAX_ROUTES);
        DX_TRY(check_attrs(c, n, attrs));
        DX_TRY(check_children(c, n, pkids));
        dx__sc_route *r = &sc->route[sc->n_routes];
        memset(r, 0, sizeof *r);
        r->line = (int)xmlGetLineNo(n);
        if (!attr_text(n, "name", r->name, sizeof r->name))
            snprintf(r->name, sizeof r->name, "route %zu", sc->n_routes + 1);
        DX_TRY(attr_num(c, n, "required_ul_kbps", "kbit/s", 0, 1e7, 0, &r->required_ul_kbps));
        r->step_m = 10.0; /* ASSUMED: a sample every 10 m (about 1 s at 36 km/h) */
        DX_TRY(attr_num(c, n, "step_m", "m", 0.5, 1000, 0, &r->step_m));
        for (xmlNode *p = n->children; p; p = p->next) {
            if (!is_elem(p))
                continue;
            if (r->n_points >= DX__SC_MAX_ROUTE_POINTS)
                SC_FAIL(DX_EDOMAIN, c, p, "too many points (at most %d per route)",
                        DX__SC_MAX_ROUTE_POINTS);
            DX_TRY(check_attrs(c, p, pattrs));
            /* inside the study area (local metres from its south-west corner) */
            DX_TRY(attr_num(c, p, "x_m", "m", 0, sc->width_m, 1, &r->x_m[r->n_points]));
            DX_TRY(attr_num(c, p, "y_m", "m", 0, sc->height_m, 1, &r->y_m[r->n_points]));
            r->n_points++;
        }
        if (r->n_points < 2)
            SC_FAIL(DX_EPARSE, c, n, "a route needs at least 2 <point> elements (has %zu)",
                    r->n_points);
        sc->n_routes++;
    }
    return DX_OK;
}

static void defaults(dx_scenario *sc)
{
    memset(sc, 0, sizeof *sc);
    sc->horizon_years = 5;            /* MIC ③ counts cloud/rental fees up to 5 years (briefing p.③ ※3) */
    sc->discount_rate_ratio = 0.04;   /* domain-japan §5 social discount rate (MLIT), FIRM */
    sc->prices_tax_included = 0;      /* domain-japan §9 price book is tax-excluded */
    sc->procurement_mode = 0;         /* purchase */
    sc->core_on_premises = 0;         /* cloud 5GC */
    snprintf(sc->menu, sizeof sc->menu, "r7-3"); /* MIC ③ infrastructure subsidy (issue 2) */
    snprintf(sc->applicant_type, sizeof sc->applicant_type, "municipality");
    sc->consortium_local_governments = 1;
    sc->fiscal_strength_index = 0.5;  /* ASSUMED: a typical rural municipality (below 1) */
    sc->edge_probability_ratio = 0.9; /* ASSUMED planning target: 90 % at the cell edge */
    sc->target_area_ratio = 0.95;     /* ASSUMED planning target: 95 % of the area */
    sc->carrier_coverage_ratio = 1.0; /* ASSUMED: carrier's published area map covers the site */
    sc->mc_draws = 2000;
    sc->mc_seed = 20250401;
}

static dx_status read_root(ctx *c, xmlNode *root, dx_scenario *sc)
{
    static const char *const attrs[] = {"name", "version", NULL};
    static const char *const kids[] = {"area",     "demand",    "technologies", "coverage",
                                       "finance",  "procurement", "programme",  "applicant",
                                       "prices",   "benefits",  "uncertainty",  "routes",
                                       NULL};
    dx__sc_n_overlong = 0;
    if (!named(root, "scenario"))
        SC_FAIL(DX_EPARSE, c, root, "the root element must be <scenario>");
    DX_TRY(check_attrs(c, root, attrs));
    double version = 1;
    DX_TRY(attr_num(c, root, "version", "format version", 1, 1, 0, &version));
    if (!attr_text(root, "name", sc->name, sizeof sc->name))
        snprintf(sc->name, sizeof sc->name, "unnamed scenario");
    DX_TRY(check_children(c, root, kids));
    int have_area = 0, have_demand = 0, have_tech = 0;
    xmlNode *seen[sizeof kids / sizeof kids[0]] = {NULL};
    /* a section that fails because of a value attr_text had to cut reports the cut */
#define DX_SECTION(expr)                                                                        \
    do {                                                                                       \
        dx_status s_ = (expr);                                                                 \
        if (s_ != DX_OK) {                                                                     \
            DX_TRY(check_overlong(c));                                                         \
            return s_;                                                                         \
        }                                                                                      \
    } while (0)
    for (xmlNode *n = root->children; n; n = n->next) {
        DX_TRY(check_overlong(c));
        if (!is_elem(n))
            continue;
        /* each section at most once: a second <finance> would silently win */
        for (size_t k = 0; kids[k]; k++)
            if (named(n, kids[k])) {
                if (seen[k])
                    SC_FAIL(DX_EPARSE, c, n, "duplicate section <%s> (first at line %ld; allowed once)",
                            kids[k], (long)xmlGetLineNo(seen[k]));
                seen[k] = n;
            }
        if (named(n, "area")) {
            DX_SECTION(read_area(c, n, sc));
            have_area = 1;
        } else if (named(n, "demand")) {
            DX_SECTION(read_demand(c, n, sc));
            have_demand = 1;
        } else if (named(n, "technologies")) {
            DX_SECTION(read_technologies(c, n, sc));
            have_tech = 1;
        } else if (named(n, "coverage"))
            DX_SECTION(read_coverage(c, n, sc));
        else if (named(n, "finance"))
            DX_SECTION(read_finance(c, n, sc));
        else if (named(n, "procurement"))
            DX_SECTION(read_procurement(c, n, sc));
        else if (named(n, "programme"))
            DX_SECTION(read_programme(c, n, sc));
        else if (named(n, "applicant"))
            DX_SECTION(read_applicant(c, n, sc));
        else if (named(n, "prices"))
            DX_SECTION(read_prices(c, n, sc));
        else if (named(n, "benefits"))
            DX_SECTION(read_benefits(c, n, sc));
        else if (named(n, "uncertainty"))
            DX_SECTION(read_uncertainty(c, n, sc));
    }
#undef DX_SECTION
    DX_TRY(check_overlong(c));
    /* routes lie inside the area: read them once the area is known */
    for (xmlNode *n = root->children; n && have_area; n = n->next)
        if (is_elem(n) && named(n, "routes"))
            DX_TRY(read_routes(c, n, sc));
    DX_TRY(check_overlong(c));
    if (!have_area || !have_demand || !have_tech)
        SC_FAIL(DX_EPARSE, c, root, "missing required element <%s>",
                !have_area ? "area" : (!have_demand ? "demand" : "technologies"));
    return DX_OK;
}

typedef struct {
    long line;
    char message[256];
} first_error;

/* libxml2 structured error callback: keep the first error of the document. */
static void keep_first_error(void *user, xmlErrorPtr e)
{
    xmlParserCtxtPtr pctx = user;
    first_error *f = pctx ? pctx->_private : NULL;
    if (!f || f->line || !e || !e->message)
        return;
    f->line = e->line > 0 ? e->line : 1;
    snprintf(f->message, sizeof f->message, "%s", e->message);
    size_t m = strlen(f->message);
    while (m && (f->message[m - 1] == '\n' || f->message[m - 1] == '\r'))
        f->message[--m] = '\0';
}

dx_status dx_scenario_load_memory(const char *xml, size_t len, const char *name,
                                  const dx_load_options *opts, dx_scenario **out)
{
    DX_REQUIRE_PTR(out);
    *out = NULL;
    DX_REQUIRE_PTR(xml);
    const char *fname = name ? name : "(memory)";
    dx_load_options def;
    if (!opts) {
        dx_load_options_init(&def, DX_LOAD_OPTIONS_VERSION);
        opts = &def;
    }
    if (len > opts->max_bytes)
        DX_FAIL(DX_EPARSE, "%s: document is %zu bytes (limit %zu bytes, dx_load_options.max_bytes)",
                fname, len, opts->max_bytes);
    if (len > (size_t)0x7fffffff)
        DX_FAIL(DX_EPARSE, "%s: document too large", fname);

    /* Refuse DTDs before parsing, so entity tricks never reach the parser. */
    static const char doctype[] = "<!DOCTYPE";
    const char *hit = memmem(xml, len, doctype, sizeof doctype - 1);
    if (hit) {
        long line = 1;
        for (const char *p = xml; p < hit; p++)
            line += *p == '\n';
        DX_FAIL(DX_EPARSE, "%s:%ld: a DOCTYPE is not allowed in a scenario (no DTDs or entities "
                           "are processed, for safety)",
                fname, line);
    }
    xmlParserCtxtPtr pctx = xmlNewParserCtxt();
    if (!pctx)
        DX_FAIL(DX_ENOMEM, "%s: out of memory creating the XML parser", fname);
    /* Safe options: NONET (never fetch), no NOENT (no entity substitution), no
     * DTDLOAD/DTDATTR/DTDVALID; errors are collected, never printed. */
    /* BIG_LINES: line numbers past 65535 are reported as they are, not as 65535 */
    int xopts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA |
                XML_PARSE_BIG_LINES;
    /* Report the FIRST error (an unclosed element), not the last one libxml2
     * keeps (usually "premature end of data" at the end of the file). */
    first_error first = {0, ""};
    pctx->_private = &first;
    pctx->sax->serror = keep_first_error;
    xmlDocPtr doc = xmlCtxtReadMemory(pctx, xml, (int)len, fname, NULL, xopts);
    if (!doc) {
        if (!first.line) {
            const xmlError *e = xmlCtxtGetLastError(pctx);
            if (e && e->message)
                keep_first_error(pctx, (xmlErrorPtr)e);
        }
        xmlFreeParserCtxt(pctx);
        DX_FAIL(DX_EPARSE, "%s:%ld: malformed XML: %s", fname, first.line,
                first.message[0] ? first.message : "not well-formed XML");
    }
    xmlFreeParserCtxt(pctx);
    ctx c = {.file = fname};
    dx_status st = DX_OK;
    xmlNode *root = xmlDocGetRootElement(doc);
    if (doc->intSubset || doc->extSubset) {
        long line = doc->intSubset ? (long)xmlGetLineNo((xmlNode *)doc->intSubset) : 0;
        dx__set_error("%s:%ld: a DOCTYPE is not allowed in a scenario (no DTDs or entities are "
                      "processed, for safety)",
                      fname, line > 0 ? line : 1);
        st = DX_EPARSE;
    } else if (!root) {
        dx__set_error("%s:1: empty document (expected <scenario>)", fname);
        st = DX_EPARSE;
    }
    dx_scenario *sc = NULL;
    if (st == DX_OK) {
        sc = dx__malloc(sizeof *sc);
        if (!sc) {
            dx__set_error("%s: out of memory", fname);
            st = DX_ENOMEM;
        }
    }
    if (st == DX_OK) {
        defaults(sc);
        snprintf(sc->source, sizeof sc->source, "%s", fname);
        st = read_root(&c, root, sc);
    }
    xmlFreeDoc(doc);
    if (st != DX_OK) {
        dx__free(sc);
        return st;
    }
    *out = sc;
    return DX_OK;
}

dx_status dx_scenario_load(const char *path, const dx_load_options *opts, dx_scenario **out)
{
    DX_REQUIRE_PTR(out);
    *out = NULL;
    DX_REQUIRE_PTR(path);
    dx_load_options def;
    if (!opts) {
        dx_load_options_init(&def, DX_LOAD_OPTIONS_VERSION);
        opts = &def;
    }
    /* O_NONBLOCK: opening a FIFO (or a device) must not block before fstat can
     * refuse it; a regular file reads the same with or without the flag. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        DX_FAIL(DX_EIO, "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        DX_FAIL(DX_EIO, "%s: not a regular file (a FIFO, device or folder cannot be a scenario)",
                path);
    }
    if ((size_t)st.st_size > opts->max_bytes) {
        close(fd);
        DX_FAIL(DX_EPARSE, "%s: file is %lld bytes (limit %zu bytes, dx_load_options.max_bytes)",
                path, (long long)st.st_size, opts->max_bytes);
    }
    size_t n = (size_t)st.st_size;
    char *buf = dx__malloc(n + 1);
    if (!buf) {
        close(fd);
        DX_FAIL(DX_ENOMEM, "%s: out of memory reading %zu bytes", path, n);
    }
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, buf + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    if (got != n) {
        dx__free(buf);
        DX_FAIL(DX_EIO, "%s: short read (%zu of %zu bytes)", path, got, n);
    }
    buf[n] = '\0';
    dx_status s = dx_scenario_load_memory(buf, n, path, opts, out);
    dx__free(buf);
    return s;
}

const char *dx_scenario_demo_xml(void)
{
    return dx__embedded_data("demo-scenario.xml", NULL);
}

dx_status dx_scenario_demo(dx_scenario **out)
{
    size_t len = 0;
    const char *xml = dx__embedded_data("demo-scenario.xml", &len);
    if (!xml)
        DX_FAIL(DX_ERROR, "the demo scenario is not embedded (build error)");
    return dx_scenario_load_memory(xml, len, "demo-scenario.xml", NULL, out);
}

void dx_scenario_free(dx_scenario *sc) { dx__free(sc); }
const char *dx_scenario_name(const dx_scenario *sc) { return sc ? sc->name : ""; }
const char *dx_scenario_source(const dx_scenario *sc) { return sc ? sc->source : ""; }

dx_status dx_scenario_area(const dx_scenario *sc, double *width_m, double *height_m,
                           dx_environment *env)
{
    DX_REQUIRE_PTR(sc);
    if (width_m)
        *width_m = sc->width_m;
    if (height_m)
        *height_m = sc->height_m;
    if (env)
        *env = sc->env;
    return DX_OK;
}

size_t dx_scenario_demand_count(const dx_scenario *sc) { return sc ? sc->n_demand : 0; }
size_t dx_scenario_technology_count(const dx_scenario *sc) { return sc ? sc->n_tech : 0; }
const char *dx_scenario_technology_id(const dx_scenario *sc, size_t i)
{
    return sc && i < sc->n_tech ? sc->tech[i].id : NULL;
}

size_t dx_scenario_route_count(const dx_scenario *sc) { return sc ? sc->n_routes : 0; }

dx_status dx_scenario_route(const dx_scenario *sc, size_t i, const char **name, size_t *n_points,
                            const double **x_m, const double **y_m, double *required_ul_kbps,
                            double *step_m)
{
    DX_REQUIRE_PTR(sc);
    if (i >= sc->n_routes)
        DX_FAIL(DX_EINVAL, "dx_scenario_route: i = %zu (the scenario has %zu routes)", i,
                sc->n_routes);
    const dx__sc_route *r = &sc->route[i];
    if (name)
        *name = r->name;
    if (n_points)
        *n_points = r->n_points;
    if (x_m)
        *x_m = r->x_m;
    if (y_m)
        *y_m = r->y_m;
    if (required_ul_kbps)
        *required_ul_kbps = r->required_ul_kbps;
    if (step_m)
        *step_m = r->step_m;
    return DX_OK;
}
