/* Scenario XML reader (libxml2, safe options: no network, no DTD loading, no
 * entity substitution, DOCTYPE refused). Errors name file, line, element path,
 * attribute, value, unit and allowed range. Format: docs/scenario-format.md. */
#define _GNU_SOURCE
#include "dx_internal.h"
#include "scenario_internal.h"
#include "dxsim/coverage.h"
#include "dxsim/geo.h"
#include "dxsim/programme.h"
#include "dxsim/propagation.h"
#include "dxsim/technology.h"
#include "dxsim/terrain.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <dirent.h>
#include <stdlib.h>
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
    if (version >= 2)
        opts->base_dir = NULL;
    return DX_OK;
}

/* ---- element helpers ------------------------------------------------------ */
typedef struct {
    const char *file;
    const char *base_dir; /* relative file references resolve here; NULL = file's folder */
    char path[256];       /* element path of the current node */
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
/* A number as the user wrote it, for messages: %g showed 100000.5 as
 * "100000" ("draws = 100000 must be a whole number") and 9.9999999 against a
 * lower bound of 10 as "10 is outside 10 ..". The shortest of %.15g / %.17g
 * that reads back to the same double. */
static const char *num_text(double v, char buf[40])
{
    snprintf(buf, 40, "%.15g", v);
    if (isfinite(v) && strtod(buf, NULL) != v)
        snprintf(buf, 40, "%.17g", v);
    return buf;
}

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
    if (!(v >= lo && v <= hi)) {
        char vt[40];
        SC_FAIL(DX_EDOMAIN, c, n, "attribute %s = %s %s is outside the allowed range %g .. %g %s",
                name, num_text(v, vt), unit, lo, hi, unit);
    }
    *out = v;
    return DX_OK;
}

static dx_status attr_int(ctx *c, xmlNode *n, const char *name, int lo, int hi, int *out)
{
    double v = *out;
    DX_TRY(attr_num(c, n, name, "count", lo, hi, 0, &v));
    char vt[40];
    if (v != (double)(long)v)
        SC_FAIL(DX_EDOMAIN, c, n, "attribute %s = %s must be a whole number (%d .. %d)", name,
                num_text(v, vt), lo, hi);
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
/* Refuse a name given twice among the count entries of arr read so far (each
 * with .line): designs, routes, Monte Carlo targets and outputs refer to them
 * by name, and a repeat silently doubled or shadowed an entry (two <technology
 * id="halow"> gave two ranked rows). SAME(e) compares entry e with the new one. */
#define SC_UNIQUE(c, n, arr, count, SAME, ...)                                                \
    do {                                                                                      \
        for (size_t u_ = 0; u_ < (count); u_++)                                               \
            if (SAME(&(arr)[u_]))                                                             \
                SC_FAIL(DX_EPARSE, c, n, __VA_ARGS__, (arr)[u_].line);                        \
    } while (0)

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
static dx_status sc_file_attr(const ctx *c, xmlNode *n, const char *what, char *file, size_t cap,
                              char *path, size_t pcap, int *found);

/* ---- the area as polygons in latitude/longitude ------------------------------ */

/* One <ring> or <hole>: "lon,lat lon,lat ..." (as KML, GeoJSON order), closed. */
static dx_status read_ring_text(ctx *c, xmlNode *n, dx_geo_area *a, int is_hole)
{
    static const char *const none[] = {NULL};
    DX_TRY(check_attrs(c, n, none));
    xmlChar *t = xmlNodeGetContent(n);
    if (!t)
        SC_FAIL(DX_ENOMEM, c, n, "out of memory reading the ring");
    size_t cap = 64, k = 0;
    double *la = dx__malloc(cap * sizeof *la), *lo = dx__malloc(cap * sizeof *lo);
    dx_status st = DX_OK;
    char msg[320] = "";
    if (!la || !lo) {
        st = DX_ENOMEM;
        snprintf(msg, sizeof msg, "out of memory reading the ring");
    }
    for (const char *p = (const char *)t; st == DX_OK && *p;) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        if (!*p)
            break;
        const char *e = p;
        while (*e && *e != ' ' && *e != '\t' && *e != '\n' && *e != '\r')
            e++;
        char tok[96], *comma;
        double v[2];
        snprintf(tok, sizeof tok, "%.*s", (int)(e - p), p);
        comma = strchr(tok, ',');
        if ((size_t)(e - p) >= sizeof tok || !comma) {
            st = DX_EPARSE;
            snprintf(msg, sizeof msg, "position %zu '%.40s' is not lon,lat (degrees, no spaces "
                     "around the comma)", k + 1, tok);
            break;
        }
        *comma = '\0';
        char *comma2 = strchr(comma + 1, ',');
        if (comma2)
            *comma2 = '\0'; /* a third value (height) is ignored, as in KML */
        if (dx__parse_double(tok, &v[0]) != 0 || dx__parse_double(comma + 1, &v[1]) != 0) {
            st = DX_EPARSE;
            snprintf(msg, sizeof msg, "position %zu '%.20s,%.20s' is not a number pair lon,lat",
                     k + 1, tok, comma + 1);
            break;
        }
        /* Japan lies within 20-46 N, 122-154 E (as the rectangle's origin) */
        if (!(v[1] >= 20 && v[1] <= 46) || !(v[0] >= 122 && v[0] <= 154)) {
            st = DX_EDOMAIN;
            snprintf(msg, sizeof msg, "position %zu lon,lat = %g,%g degrees is outside the allowed "
                     "range (lat 20 .. 46 N, lon 122 .. 154 E; lon comes first)", k + 1, v[0], v[1]);
            break;
        }
        if (k == cap) {
            cap *= 2;
            double *t1 = dx__realloc(la, cap * sizeof *la);
            if (t1)
                la = t1;
            double *t2 = t1 ? dx__realloc(lo, cap * sizeof *lo) : NULL;
            if (t2)
                lo = t2;
            if (!t1 || !t2) {
                st = DX_ENOMEM;
                snprintf(msg, sizeof msg, "out of memory reading the ring");
                break;
            }
        }
        lo[k] = v[0];
        la[k] = v[1];
        k++;
        p = e;
    }
    xmlFree(t);
    if (st == DX_OK && k < 4) {
        st = DX_EPARSE;
        snprintf(msg, sizeof msg, "a ring needs >= 4 positions lon,lat with the first repeated "
                 "last (a triangle at least), got %zu", k);
    } else if (st == DX_OK && (la[0] != la[k - 1] || lo[0] != lo[k - 1])) {
        st = DX_EPARSE;
        snprintf(msg, sizeof msg, "the ring is not closed: it starts at %.7f,%.7f and ends at "
                 "%.7f,%.7f (repeat the first position last)", lo[0], la[0], lo[k - 1], la[k - 1]);
    }
    if (st == DX_OK && (st = dx_geo_area_add_ring(a, is_hole, k, la, lo)) != DX_OK)
        snprintf(msg, sizeof msg, "%s", dx_last_error());
    dx__free(la);
    dx__free(lo);
    if (st != DX_OK)
        SC_FAIL(st, c, n, "%s", msg);
    return DX_OK;
}

static dx_status read_area_polygons(ctx *c, xmlNode *n, dx_geo_area *a)
{
    static const char *const kids[] = {"ring", "hole", NULL};
    static const char *const none[] = {NULL};
    for (xmlNode *p = n->children; p; p = p->next) {
        if (!is_elem(p))
            continue;
        DX_TRY(check_attrs(c, p, none));
        DX_TRY(check_children(c, p, kids));
        int rings = 0;
        for (xmlNode *r = p->children; r; r = r->next) {
            if (!is_elem(r))
                continue;
            if (named(r, "ring")) {
                if (rings++)
                    SC_FAIL(DX_EPARSE, c, r, "a <polygon> has one <ring> (its boundary); give "
                                             "another part as another <polygon>");
                DX_TRY(read_ring_text(c, r, a, 0));
            } else {
                if (!rings)
                    SC_FAIL(DX_EPARSE, c, r, "<hole> before the polygon's <ring>: give the "
                                             "boundary first");
                DX_TRY(read_ring_text(c, r, a, 1));
            }
        }
        if (!rings)
            SC_FAIL(DX_EPARSE, c, p, "a <polygon> needs a <ring> of lon,lat positions");
    }
    return DX_OK;
}

/* Plane Rectangular area of the rings (shoelace, holes subtracted); NaN if PROJ fails. */
static double plane_area_m2(const dx_geo_area *a, int epsg)
{
    dx_geo_projection *pj = NULL;
    if (dx_geo_projection_create(epsg, &pj) != DX_OK)
        return NAN;
    double total = 0.0;
    size_t nr = dx_geo_area_ring_count(a);
    for (size_t r = 0; r < nr && !isnan(total); r++) {
        size_t n = 0;
        int hole = 0;
        dx_geo_area_ring(a, r, 0, NULL, NULL, &n, &hole, NULL);
        double *v = dx__malloc(4 * n * sizeof *v);
        if (!v || dx_geo_area_ring(a, r, n, v, v + n, NULL, NULL, NULL) != DX_OK ||
            dx_geo_project(pj, n, v, v + n, v + 2 * n, v + 3 * n) != DX_OK) {
            total = NAN;
        } else {
            double s = 0.0;
            const double *x = v + 2 * n, *y = v + 3 * n;
            for (size_t i = 0; i < n; i++)
                s += x[i] * y[(i + 1) % n] - x[(i + 1) % n] * y[i];
            total += hole ? -fabs(s) / 2 : fabs(s) / 2;
        }
        dx__free(v);
    }
    dx_geo_projection_free(pj);
    return total;
}

/* Join the rings into one ring for the even-odd rule: ring 0 closed at its
 * first vertex A, then each other ring R as R..., R0, A (the bridge A-R0 is
 * walked both ways, so it adds no crossing). */
static dx_status join_rings(ctx *c, xmlNode *n, dx_scenario *sc, const dx_geo_area *a)
{
    const size_t nr = dx_geo_area_ring_count(a);
    size_t total = 0, k = 0;
    for (size_t r = 0; r < nr; r++) {
        size_t m = 0;
        dx_geo_area_ring(a, r, 0, NULL, NULL, &m, NULL, NULL);
        total += m + (r == 0 ? 1 : 2);
    }
    if (total > DX__SC_MAX_AREA_VERTICES)
        SC_FAIL(DX_EDOMAIN, c, n, "the area's %zu vertices in %zu rings need %zu joined vertices "
                "(at most %d): simplify the boundary (e.g. to 10 m)",
                sc->polygon.n_vertices, nr, total, DX__SC_MAX_AREA_VERTICES);
    double *v = dx__malloc(2 * total * sizeof *v);
    if (!v)
        SC_FAIL(DX_ENOMEM, c, n, "out of memory joining %zu vertices", total);
    dx_status st = DX_OK;
    for (size_t r = 0; r < nr && st == DX_OK; r++) {
        size_t m = 0;
        dx_geo_area_ring(a, r, 0, NULL, NULL, &m, NULL, NULL);
        st = dx_geo_area_ring(a, r, m, v, v + m, NULL, NULL, NULL);
        if (st == DX_OK)
            st = dx_coverage_geo_to_local(sc->origin_lat_deg, sc->origin_lon_deg, m, v, v + m,
                                          sc->polygon.x_m + k, sc->polygon.y_m + k);
        if (st != DX_OK)
            break;
        const size_t r0 = k;
        int hole = 0;
        size_t part = 0;
        dx_geo_area_ring(a, r, 0, NULL, NULL, NULL, &hole, &part);
        if (part < DX__SC_MAX_PARTS) {
            /* the part's box (outer ring) and planar area (shoelace, holes subtracted) */
            double sx = 0, x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
            for (size_t i = 0; i < m; i++) {
                const double *x = sc->polygon.x_m + r0, *y = sc->polygon.y_m + r0;
                sx += x[i] * y[(i + 1) % m] - x[(i + 1) % m] * y[i];
                x0 = fmin(x0, x[i]), x1 = fmax(x1, x[i]), y0 = fmin(y0, y[i]), y1 = fmax(y1, y[i]);
            }
            if (part >= sc->polygon.n_parts) {
                sc->polygon.n_parts = part + 1;
                sc->polygon.part[part].area_m2 = 0;
            }
            if (!hole) {
                sc->polygon.part[part].x0 = x0, sc->polygon.part[part].y0 = y0;
                sc->polygon.part[part].x1 = x1, sc->polygon.part[part].y1 = y1;
            }
            sc->polygon.part[part].area_m2 += (hole ? -0.5 : 0.5) * fabs(sx);
        }
        k += m;
        sc->polygon.x_m[k] = sc->polygon.x_m[r0];
        sc->polygon.y_m[k] = sc->polygon.y_m[r0];
        k++;
        if (r > 0) {
            sc->polygon.x_m[k] = sc->polygon.x_m[0];
            sc->polygon.y_m[k] = sc->polygon.y_m[0];
            k++;
        }
    }
    dx__free(v);
    if (st != DX_OK)
        SC_FAIL(st, c, n, "joining the area's rings: %s", dx_last_error());
    sc->polygon.n = k;
    if (dx_geo_area_polygon_count(a) > DX__SC_MAX_PARTS)
        sc->polygon.n_parts = 0; /* too many to tell apart: planned as one area */
    return DX_OK;
}

/* <area environment=".." [epsg=".."]><polygon><ring>lon,lat ...</ring><hole>...</hole></polygon></area>
 * or <area environment=".." file="town.geojson|town.kml"/>: sets the polygon,
 * the origin (south-west corner of the bounding box) and width/height. */
static dx_status read_area_geo(ctx *c, xmlNode *n, dx_scenario *sc)
{
    dx_geo_area *a = NULL;
    char file[sizeof sc->polygon.file] = "", path[1024];
    int has_file;
    DX_TRY(sc_file_attr(c, n, "a GeoJSON or KML file", file, sizeof file, path, sizeof path,
                        &has_file));
    if (has_file) {
        dx_status st = dx_geo_area_read_file(path, &a);
        if (st != DX_OK)
            SC_FAIL(st, c, n, "area file '%s' (%s): %s", file, path, dx_last_error());
        snprintf(sc->polygon.file, sizeof sc->polygon.file, "%s", file);
        if (dx_geo_area_polygon_count(a) == 0) {
            dx_geo_area_free(a);
            SC_FAIL(DX_EPARSE, c, n, "area file '%s' holds no Polygon", file);
        }
        /* the same range as inline rings: Japan */
        double s, w, no, e;
        dx_geo_area_bounds(a, &s, &w, &no, &e);
        if (!(s >= 20 && no <= 46 && w >= 122 && e <= 154)) {
            dx_geo_area_free(a);
            SC_FAIL(DX_EDOMAIN, c, n, "area file '%s' spans %g .. %g N, %g .. %g E: outside the "
                    "allowed range (lat 20 .. 46 N, lon 122 .. 154 E; GeoJSON is [lon, lat])",
                    file, s, no, w, e);
        }
    } else {
        if (dx_geo_area_create(&a) != DX_OK)
            SC_FAIL(DX_ENOMEM, c, n, "out of memory");
        dx_status st = read_area_polygons(c, n, a);
        if (st != DX_OK) {
            dx_geo_area_free(a);
            return st;
        }
    }
    /* the joined-vertex bound of join_rings, before the ring checks: an area
     * file of 10^6 vertices was validated (pairs of edges) before it was refused */
    size_t nv = 0, nr = dx_geo_area_ring_count(a);
    for (size_t r = 0; r < nr; r++) {
        size_t m = 0;
        dx_geo_area_ring(a, r, 0, NULL, NULL, &m, NULL, NULL);
        nv += m;
    }
    if (nv + 2 * nr - 1 > DX__SC_MAX_AREA_VERTICES) {
        dx_geo_area_free(a);
        SC_FAIL(DX_EDOMAIN, c, n, "the area's %zu vertices in %zu rings need %zu joined vertices "
                "(at most %d): simplify the boundary (e.g. to 10 m)",
                nv, nr, nv + 2 * nr - 1, DX__SC_MAX_AREA_VERTICES);
    }
    dx_status st = dx_geo_area_validate(a);
    if (st != DX_OK) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s", dx_last_error());
        dx_geo_area_free(a);
        SC_FAIL(st, c, n, "%s%s%s%s", file[0] ? "area file '" : "", file[0] ? file : "",
                file[0] ? "': " : "", msg);
    }
    double s, w, no, e;
    dx_geo_area_bounds(a, &s, &w, &no, &e);
    sc->origin_lat_deg = s;
    sc->origin_lon_deg = w;
    sc->polygon.on = 1;
    sc->polygon.n_polygons = dx_geo_area_polygon_count(a);
    sc->polygon.n_holes = dx_geo_area_ring_count(a) - sc->polygon.n_polygons;
    sc->polygon.n_vertices = 0;
    for (size_t r = 0; r < dx_geo_area_ring_count(a); r++) {
        size_t m = 0;
        dx_geo_area_ring(a, r, 0, NULL, NULL, &m, NULL, NULL);
        sc->polygon.n_vertices += m;
    }
    dx_geo_area_m2(a, &sc->polygon.area_m2);
    /* the zone: given, else MLIT's zone for the bounding box's centre */
    double epsg = NAN;
    st = attr_num(c, n, "epsg", "EPSG code", 6669, 6687, 0, &epsg);
    if (st == DX_OK && isnan(epsg)) {
        int z = 0;
        st = dx_geo_plane_zone_epsg(0.5 * (s + no), 0.5 * (w + e), NULL, &z);
        epsg = z;
    }
    if (st == DX_OK) {
        sc->polygon.epsg = (int)epsg;
        sc->polygon.plane_area_m2 = plane_area_m2(a, sc->polygon.epsg);
        st = join_rings(c, n, sc, a);
    }
    dx_geo_area_free(a);
    DX_TRY(st);
    double xmax = 0, ymax = 0;
    for (size_t i = 0; i < sc->polygon.n; i++) {
        xmax = fmax(xmax, sc->polygon.x_m[i]);
        ymax = fmax(ymax, sc->polygon.y_m[i]);
    }
    if (!(xmax >= 10 && ymax >= 10 && xmax <= 200e3 && ymax <= 200e3))
        SC_FAIL(DX_EDOMAIN, c, n, "the polygon's bounding box is %.0f m x %.0f m (allowed 10 m .. "
                "200 km on each side)", xmax, ymax);
    sc->width_m = xmax;
    sc->height_m = ymax;
    return DX_OK;
}

double dx__sc_area_m2(const dx_scenario *sc)
{
    return sc->polygon.on ? sc->polygon.area_m2 : sc->width_m * sc->height_m;
}

static dx_status read_area(ctx *c, xmlNode *n, dx_scenario *sc)
{
    static const char *const attrs[] = {"width_m", "height_m", "environment", "lat_deg", "lon_deg",
                                        "file",    "epsg",     NULL};
    static const char *const kids[] = {"polygon", NULL};
    static const char *const envs[] = {"rural", "suburban", "urban", "indoor-office",
                                       "indoor-factory", NULL};
    DX_TRY(check_attrs(c, n, attrs));
    DX_TRY(check_children(c, n, kids));
    int e = -1;
    char tmp[8];
    if (!attr_text(n, "environment", tmp, sizeof tmp))
        SC_FAIL(DX_EPARSE, c, n, "required attribute environment is missing (one of: rural, "
                                 "suburban, urban, indoor-office, indoor-factory)");
    DX_TRY(attr_enum(c, n, "environment", envs, &e));
    sc->env = (dx_environment)e;
    int polygons = 0;
    for (xmlNode *k = n->children; k; k = k->next)
        polygons += is_elem(k);
    const int file = xmlHasProp(n, (const xmlChar *)"file") != NULL;
    if (polygons || file) {
        static const char *const rect[] = {"width_m", "height_m", "lat_deg", "lon_deg", NULL};
        for (const char *const *r = rect; *r; r++)
            if (xmlHasProp(n, (const xmlChar *)*r))
                SC_FAIL(DX_EPARSE, c, n, "attribute %s with a %s: the polygon gives the area's "
                        "extent and origin (remove width_m, height_m, lat_deg, lon_deg)", *r,
                        file ? "file" : "<polygon>");
        if (polygons && file)
            SC_FAIL(DX_EPARSE, c, n, "give the area either inline (<polygon>) or as file=, "
                                     "not both");
        return read_area_geo(c, n, sc);
    }
    if (xmlHasProp(n, (const xmlChar *)"epsg"))
        SC_FAIL(DX_EPARSE, c, n, "attribute epsg applies to a polygon area (<polygon> or file=)");
    /* 10 m .. 200 km: a room up to a prefecture */
    DX_TRY(attr_num(c, n, "width_m", "m", 10, 200e3, 1, &sc->width_m));
    DX_TRY(attr_num(c, n, "height_m", "m", 10, 200e3, 1, &sc->height_m));
    /* south-west corner of the area (JGD2011); Japan lies within 20-46 N, 122-154 E */
    DX_TRY(attr_num(c, n, "lat_deg", "degrees north", 20, 46, 0, &sc->origin_lat_deg));
    DX_TRY(attr_num(c, n, "lon_deg", "degrees east", 122, 154, 0, &sc->origin_lon_deg));
    if (isnan(sc->origin_lat_deg) != isnan(sc->origin_lon_deg))
        SC_FAIL(DX_EPARSE, c, n, "give both lat_deg and lon_deg of the area's south-west corner");
    return DX_OK;
}

static dx_status read_demand(ctx *c, xmlNode *sec, dx_scenario *sc)
{
    static const char *const kids[] = {"devices", NULL};
    static const char *const attrs[] = {"name",        "count",         "ul_kbps",
                                        "dl_kbps",     "required_ul_kbps", "required_dl_kbps",
                                        "message_bytes", "messages_per_day", "indoor",
                                        "role",        "solution_price_jpy", "solution_key",
                                        "route",       "terminal",      "devices_per_terminal",
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
#define SAME_CLASS(e) (strcmp((e)->name, d->name) == 0)
        SC_UNIQUE(c, n, sc->demand, sc->n_demand, SAME_CLASS,
                  "demand class name = '%s' is given twice (first at line %d; each <devices "
                  "name> must be unique)", d->name);
#undef SAME_CLASS
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
        d->route = -1;
        attr_text(n, "route", d->route_name, sizeof d->route_name); /* resolved after <routes> */
        static const char *const terms[] = {"module", "cpe", "gateway", "builtin", NULL};
        d->terminal = -1;
        DX_TRY(attr_enum(c, n, "terminal", terms, &d->terminal));
        d->devices_per_terminal = 1;
        DX_TRY(attr_num(c, n, "devices_per_terminal", "devices", 1, 10000, 0,
                        &d->devices_per_terminal));
        if (d->devices_per_terminal > 1 && d->terminal != DX__TERMINAL_GATEWAY)
            SC_FAIL(DX_EPARSE, c, n, "devices_per_terminal = %g needs terminal=\"gateway\"",
                    d->devices_per_terminal);
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

static dx_status unique_tech(ctx *c, xmlNode *n, const dx_scenario *sc, const char *id)
{
#define SAME_TECH(e) (strcmp((e)->id, id) == 0)
    SC_UNIQUE(c, n, sc->tech, sc->n_tech, SAME_TECH,
              "technology id = '%s' is given twice (first at line %d, id=\"all\" names every "
              "catalogued one; each technology is compared once)", id);
#undef SAME_TECH
    return DX_OK;
}

static dx_status read_technologies(ctx *c, xmlNode *sec, dx_scenario *sc)
{
    static const char *const kids[] = {"technology", NULL};
    static const char *const attrs[] = {"id", "tdd", "bw_mhz", "bs_height_m", "propagation", NULL};
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
                DX_TRY(unique_tech(c, n, sc, t.id));
                dx__sc_tech *e = &sc->tech[sc->n_tech++];
                memset(e, 0, sizeof *e);
                e->model = -1;
                snprintf(e->id, sizeof e->id, "%s", t.id);
                e->line = (int)xmlGetLineNo(n);
            }
            continue;
        }
        dx_technology t;
        if (dx_technology_find(id, &t) != DX_OK)
            SC_FAIL(DX_ENOTFOUND, c, n, "%s", dx_last_error());
        DX_TRY(unique_tech(c, n, sc, id));
        if (sc->n_tech >= DX__SC_MAX_TECH)
            SC_FAIL(DX_EDOMAIN, c, n, "too many technologies (at most %d)", DX__SC_MAX_TECH);
        dx__sc_tech *e = &sc->tech[sc->n_tech];
        memset(e, 0, sizeof *e);
        e->line = (int)xmlGetLineNo(n);
        e->model = -1;
        snprintf(e->id, sizeof e->id, "%s", id);
        char model[32];
        if (attr_text(n, "propagation", model, sizeof model)) {
            dx_propagation_model m;
            if (dx_propagation_model_from_name(model, &m) != DX_OK)
                SC_FAIL(DX_EDOMAIN, c, n, "attribute propagation: %s", dx_last_error());
            e->model = (int)m;
        }
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

static dx_status read_plan(ctx *c, xmlNode *n, dx_scenario *sc)
{
    static const char *const attrs[] = {"fidelity", "planning_life_years", "grid_resolution_m",
                                        NULL};
    static const char *const fids[] = {"analytic", "grid", NULL};
    DX_TRY(check_attrs(c, n, attrs));
    DX_TRY(attr_enum(c, n, "fidelity", fids, &sc->plan_fidelity));
    /* 1 .. 30 years: the statutory lives of the equipment (domain-japan §5) lie inside */
    DX_TRY(attr_num(c, n, "planning_life_years", "years", 1, 30, 0, &sc->planning_life_years));
    DX_TRY(attr_num(c, n, "grid_resolution_m", "m", 1, 10000, 0, &sc->grid_resolution_m));
    return DX_OK;
}

/* A real calendar date "YYYY-MM-DD" in 2000..2100 (2025-02-31 is refused). */
static int parse_date(const char *s, int *y, int *m, int *d)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    char tail;
    if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", y, m, d, &tail) != 3 || *y < 2000 ||
        *y > 2100 || *m < 1 || *m > 12 || *d < 1)
        return -1;
    int leap = (*y % 4 == 0 && *y % 100 != 0) || *y % 400 == 0;
    return *d <= mdays[*m - 1] + (*m == 2 && leap) ? 0 : -1;
}

static dx_status date_attr(ctx *c, xmlNode *n, const char *name, char *buf, size_t cap, int *present)
{
    *present = attr_text(n, name, buf, cap);
    int y, m, d;
    if (*present && parse_date(buf, &y, &m, &d) != 0) {
        static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        if (y >= 2000 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && strlen(buf) == 10) {
            int dim = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
            SC_FAIL(DX_EDOMAIN, c, n, "attribute %s = '%s': %04d-%02d has %d days (allowed day "
                                      "1..%d)", name, buf, y, m, dim, dim);
        }
        SC_FAIL(DX_EDOMAIN, c, n, "attribute %s = '%s' is not a calendar date (expected YYYY-MM-DD, "
                                  "2000..2100)", name, buf);
    }
    return DX_OK;
}

/* Whole months from date a to date b (day of month ignored: months are the
 * cost model's resolution). */
static int months_between(const char *a, const char *b)
{
    int ya, ma, da, yb, mb, db;
    parse_date(a, &ya, &ma, &da);
    parse_date(b, &yb, &mb, &db);
    return (yb - ya) * 12 + (mb - ma);
}

static dx_status read_period(ctx *c, xmlNode *n, dx_scenario *sc)
{
    static const char *const attrs[] = {"start", "end", NULL};
    DX_TRY(check_attrs(c, n, attrs));
    int a = 0, b = 0;
    DX_TRY(date_attr(c, n, "start", sc->period_start, sizeof sc->period_start, &a));
    DX_TRY(date_attr(c, n, "end", sc->period_end, sizeof sc->period_end, &b));
    if (!a || !b)
        SC_FAIL(DX_EPARSE, c, n, "required attributes start and end (YYYY-MM-DD) of the "
                                 "demonstration or grant period");
    if (strcmp(sc->period_end, sc->period_start) <= 0)
        SC_FAIL(DX_EDOMAIN, c, n, "end = %s is not after start = %s", sc->period_end,
                sc->period_start);
    sc->have_period = 1;
    return DX_OK;
}

static dx_status read_finance(ctx *c, xmlNode *n, dx_scenario *sc)
{
    static const char *const attrs[] = {"horizon_years", "horizon_months", "horizon_end",
                                        "discount_rate", "prices", "start_date", NULL};
    static const char *const tax[] = {"tax-excluded", "tax-included", NULL};
    DX_TRY(check_attrs(c, n, attrs));
    DX_TRY(attr_num(c, n, "horizon_years", "years", 1, 30, 0, &sc->horizon_years));
    if (sc->horizon_years != (double)(int)sc->horizon_years)
        SC_FAIL(DX_EDOMAIN, c, n, "attribute horizon_years = %g must be a whole number of years "
                                  "(give horizon_months or horizon_end for a part year)",
                sc->horizon_years);
    double hm = 0;
    DX_TRY(attr_num(c, n, "horizon_months", "months", 1, 360, 0, &hm));
    if (hm > 0) {
        if (hm != floor(hm))
            SC_FAIL(DX_EDOMAIN, c, n, "attribute horizon_months = %g must be a whole number", hm);
        sc->horizon_years = hm / 12.0;
    }
    char hend[16];
    int have_end = 0;
    DX_TRY(date_attr(c, n, "horizon_end", hend, sizeof hend, &have_end));
    if (have_end)
        snprintf(sc->horizon_end, sizeof sc->horizon_end, "%s", hend);
    DX_TRY(attr_num(c, n, "discount_rate", "ratio", -0.05, 0.5, 0, &sc->discount_rate_ratio));
    DX_TRY(attr_enum(c, n, "prices", tax, &sc->prices_tax_included));
    int have_start = 0;
    DX_TRY(date_attr(c, n, "start_date", sc->start_date, sizeof sc->start_date, &have_start));
    return DX_OK;
}

static dx_status read_procurement(ctx *c, xmlNode *n, dx_scenario *sc)
{
    static const char *const attrs[] = {"mode", "core", "cloud_booked", "rental", NULL};
    static const char *const modes[] = {"purchase", "lease", "subscription", NULL};
    static const char *const cores[] = {"cloud", "on-premises", NULL};
    static const char *const rentals[] = {"no", "yes", "auto", NULL};
    DX_TRY(check_attrs(c, n, attrs));
    DX_TRY(attr_enum(c, n, "mode", modes, &sc->procurement_mode));
    DX_TRY(attr_enum(c, n, "rental", rentals, &sc->rental));
    DX_TRY(attr_enum(c, n, "core", cores, &sc->core_on_premises));
    DX_TRY(attr_bool(c, n, "cloud_booked", &sc->cloud_booked));
    return DX_OK;
}

static dx_status read_programme(ctx *c, xmlNode *n, dx_scenario *sc)
{
    static const char *const attrs[] = {"menu", "compare_booking", "rank_by", "visits",
                                        "online_hours", NULL};
    static const char *const ranks[] = {"total", "burden", NULL};
    static const char *const menus[] = {"none",   "r7-1-1", "r7-1-2", "r7-1-3", "r7-2-1",
                                        "r7-2-2", "r7-2-3", "r7-3",   NULL};
    DX_TRY(check_attrs(c, n, attrs));
    int k = -1;
    DX_TRY(attr_enum(c, n, "menu", menus, &k));
    if (k >= 0)
        snprintf(sc->menu, sizeof sc->menu, "%s", menus[k]);
    DX_TRY(attr_bool(c, n, "compare_booking", &sc->compare_booking));
    DX_TRY(attr_enum(c, n, "rank_by", ranks, &sc->rank_by_burden));
    /* ①-3 adviser dispatch requested (limits: programme-r7.txt [r7-1-3]) */
    DX_TRY(attr_int(c, n, "visits", 0, 365, &sc->advisor_visits_per_year));
    DX_TRY(attr_num(c, n, "online_hours", "hours per year", 0, 8760, 0,
                    &sc->advisor_online_hours_per_year));
    return DX_OK;
}

static dx_status read_applicant(ctx *c, xmlNode *n, dx_scenario *sc)
{
    static const char *const attrs[] = {"type", "consortium_local_governments",
                                        "fiscal_strength_index", "previously_selected",
                                        "partner_municipalities", "consortium_members",
                                        "deducts_input_tax", NULL};
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
    DX_TRY(attr_int(c, n, "consortium_members", 0, 1000, &sc->consortium_members));
    DX_TRY(attr_bool(c, n, "deducts_input_tax", &sc->deducts_input_tax));
    return DX_OK;
}

static dx_status read_prices(ctx *c, xmlNode *sec, dx_scenario *sc)
{
    static const char *const kids[] = {"price", NULL};
    static const char *const attrs[] = {"key", "jpy", "technology", NULL};
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
        p->technology[0] = '\0';
        if (attr_text(n, "technology", p->technology, sizeof p->technology)) {
            dx_technology t;
            if (dx_technology_find(p->technology, &t) != DX_OK)
                SC_FAIL(DX_ENOTFOUND, c, n, "attribute technology: %s", dx_last_error());
        }
        p->line = (int)xmlGetLineNo(n);
#define SAME_PRICE(e) (strcmp((e)->key, p->key) == 0 && strcmp((e)->technology, p->technology) == 0)
        SC_UNIQUE(c, n, sc->price, sc->n_price, SAME_PRICE,
                  "price key = '%s'%s%s is given twice (first at line %d; one override per key "
                  "and technology)", p->key, p->technology[0] ? " for technology " : "",
                  p->technology);
#undef SAME_PRICE
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
        b->line = (int)xmlGetLineNo(n);
#define SAME_BENEFIT(e) (strcmp((e)->name, b->name) == 0)
        SC_UNIQUE(c, n, sc->benefit, sc->n_benefit, SAME_BENEFIT,
                  "benefit name = '%s' is given twice (first at line %d; each <benefit name> "
                  "must be unique)", b->name);
#undef SAME_BENEFIT
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
    char vt[40];
    /* at most DX__SC_MAX_DRAWS (scenario_internal.h, ASSUMED: a bound on the
     * run time of price-only draws, which --max-replans does not count) */
    DX_TRY(attr_num(c, sec, "draws", "draws", 10, DX__SC_MAX_DRAWS, 0, &draws));
    if (draws != floor(draws))
        SC_FAIL(DX_EDOMAIN, c, sec,
                "attribute draws = %s must be a whole number of draws (10 .. %d)",
                num_text(draws, vt), DX__SC_MAX_DRAWS);
    DX_TRY(attr_num(c, sec, "seed", "seed", 0, 4294967295.0, 0, &seed));
    if (seed != floor(seed))
        SC_FAIL(DX_EDOMAIN, c, sec, "attribute seed = %s must be a whole number (0 .. 4294967295)",
                num_text(seed, vt));
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
#define SAME_TARGET(e) (strcmp((e)->target, u->target) == 0)
        SC_UNIQUE(c, n, sc->uncertain, sc->n_uncertain, SAME_TARGET,
                  "input target = '%s' is given twice (first at line %d; one distribution per "
                  "target)", u->target);
#undef SAME_TARGET
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
    static const char *const pattrs[] = {"x_m", "y_m", "lat_deg", "lon_deg", NULL};
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
#define SAME_ROUTE(e) (strcmp((e)->name, r->name) == 0)
        SC_UNIQUE(c, n, sc->route, sc->n_routes, SAME_ROUTE,
                  "route name = '%s' is given twice (first at line %d; devices refer to a route "
                  "by its name)", r->name);
#undef SAME_ROUTE
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
            /* inside the study area (local metres from its south-west corner), or
             * lat/lon converted to them as a site's */
            double lat = NAN, lon = NAN;
            DX_TRY(attr_num(c, p, "lat_deg", "degrees north", 20, 46, 0, &lat));
            DX_TRY(attr_num(c, p, "lon_deg", "degrees east", 122, 154, 0, &lon));
            if (!isnan(lat) || !isnan(lon)) {
                if (isnan(lat) || isnan(lon) || xmlHasProp(p, (const xmlChar *)"x_m") ||
                    xmlHasProp(p, (const xmlChar *)"y_m"))
                    SC_FAIL(DX_EPARSE, c, p, "give a route point either as x_m/y_m or as "
                                             "lat_deg/lon_deg");
                if (isnan(sc->origin_lat_deg))
                    SC_FAIL(DX_EPARSE, c, p, "a route point in lat_deg/lon_deg needs the area's "
                                             "origin (<area lat_deg=... lon_deg=...> or a polygon)");
                double *x = &r->x_m[r->n_points], *y = &r->y_m[r->n_points];
                DX_TRY(dx_coverage_geo_to_local(sc->origin_lat_deg, sc->origin_lon_deg, 1, &lat,
                                                &lon, x, y));
                if (!(*x >= -0.5 && *x <= sc->width_m + 0.5 && *y >= -0.5 &&
                      *y <= sc->height_m + 0.5))
                    SC_FAIL(DX_EDOMAIN, c, p, "route point at %.6f N %.6f E lies %.0f m east, "
                            "%.0f m north of the area's origin: outside the %g m x %g m area",
                            lat, lon, *x, *y, sc->width_m, sc->height_m);
                *x = fmin(fmax(*x, 0.0), sc->width_m);
                *y = fmin(fmax(*y, 0.0), sc->height_m);
            } else {
                DX_TRY(attr_num(c, p, "x_m", "m", 0, sc->width_m, 1, &r->x_m[r->n_points]));
                DX_TRY(attr_num(c, p, "y_m", "m", 0, sc->height_m, 1, &r->y_m[r->n_points]));
            }
            r->n_points++;
        }
        if (r->n_points < 2)
            SC_FAIL(DX_EPARSE, c, n, "a route needs at least 2 <point> elements (has %zu)",
                    r->n_points);
        sc->n_routes++;
    }
    return DX_OK;
}

static dx_status read_sites(ctx *c, xmlNode *sec, dx_scenario *sc)
{
    static const char *const kids[] = {"site", NULL};
    static const char *const attrs[] = {"name", "x_m", "y_m", "lat_deg", "lon_deg", "height_m",
                                        "kind", "pole", "power", "backhaul", NULL};
    static const char *const kinds[] = {"given", "candidate", NULL};
    DX_TRY(check_children(c, sec, kids));
    for (xmlNode *n = sec->children; n; n = n->next) {
        if (!is_elem(n))
            continue;
        DX_TRY(check_attrs(c, n, attrs));
        if (sc->n_sites >= DX__SC_MAX_SITES)
            SC_FAIL(DX_EDOMAIN, c, n, "too many sites (at most %d)", DX__SC_MAX_SITES);
        dx__sc_site *s = &sc->site[sc->n_sites];
        memset(s, 0, sizeof *s);
        s->line = (int)xmlGetLineNo(n);
        if (!attr_text(n, "name", s->name, sizeof s->name))
            snprintf(s->name, sizeof s->name, "site %zu", sc->n_sites + 1);
        double lat = NAN, lon = NAN;
        s->x_m = s->y_m = NAN;
        DX_TRY(attr_num(c, n, "x_m", "m", 0, sc->width_m, 0, &s->x_m));
        DX_TRY(attr_num(c, n, "y_m", "m", 0, sc->height_m, 0, &s->y_m));
        DX_TRY(attr_num(c, n, "lat_deg", "degrees north", 20, 46, 0, &lat));
        DX_TRY(attr_num(c, n, "lon_deg", "degrees east", 122, 154, 0, &lon));
        if (!isnan(lat) || !isnan(lon)) {
            if (isnan(lat) || isnan(lon) || !isnan(s->x_m) || !isnan(s->y_m))
                SC_FAIL(DX_EPARSE, c, n, "give a site either as x_m/y_m or as lat_deg/lon_deg");
            if (isnan(sc->origin_lat_deg))
                SC_FAIL(DX_EPARSE, c, n, "a site in lat_deg/lon_deg needs the area's origin "
                                         "(<area lat_deg=... lon_deg=...>)");
            DX_TRY(dx_coverage_geo_to_local(sc->origin_lat_deg, sc->origin_lon_deg, 1, &lat, &lon,
                                            &s->x_m, &s->y_m));
            if (!(s->x_m >= 0 && s->x_m <= sc->width_m && s->y_m >= 0 && s->y_m <= sc->height_m))
                SC_FAIL(DX_EDOMAIN, c, n, "site at %.6f N %.6f E lies %.0f m east, %.0f m north "
                                          "of the area's origin: outside the %g m x %g m area",
                        lat, lon, s->x_m, s->y_m, sc->width_m, sc->height_m);
        } else if (isnan(s->x_m) || isnan(s->y_m))
            SC_FAIL(DX_EPARSE, c, n, "required: x_m and y_m (m from the area's south-west corner) "
                                     "or lat_deg and lon_deg");
        DX_TRY(attr_num(c, n, "height_m", "m", 1.5, 150, 0, &s->height_m));
        DX_TRY(attr_enum(c, n, "kind", kinds, &s->candidate));
        DX_TRY(attr_bool(c, n, "pole", &s->pole));
        DX_TRY(attr_bool(c, n, "power", &s->power));
        DX_TRY(attr_bool(c, n, "backhaul", &s->backhaul));
        sc->n_sites++;
    }
    return DX_OK;
}

static dx_status read_design(ctx *c, xmlNode *n, dx_scenario *sc)
{
    static const char *const attrs[] = {"name", "search", NULL};
    static const char *const kids[] = {"assign", NULL};
    static const char *const aattrs[] = {"class", "technology", NULL};
    DX_TRY(check_attrs(c, n, attrs));
    DX_TRY(check_children(c, n, kids));
    DX_TRY(attr_bool(c, n, "search", &sc->design_search));
    int any = 0;
    for (xmlNode *a = n->children; a; a = a->next)
        any |= is_elem(a);
    if (!any)
        return DX_OK; /* <design search="..."/> alone: only the search switch */
    if (sc->n_designs >= DX__SC_MAX_DESIGNS)
        SC_FAIL(DX_EDOMAIN, c, n, "too many <design> elements (at most %d)", DX__SC_MAX_DESIGNS);
    size_t k = sc->n_designs;
    if (!attr_text(n, "name", sc->design[k].name, sizeof sc->design[k].name))
        snprintf(sc->design[k].name, sizeof sc->design[k].name, "design %zu", k + 1);
    sc->design[k].line = (int)xmlGetLineNo(n);
    for (size_t i = 0; i < DX__SC_MAX_DEMAND; i++)
        sc->design[k].tech_of_class[i] = -1;
    for (xmlNode *a = n->children; a; a = a->next) {
        if (!is_elem(a))
            continue;
        DX_TRY(check_attrs(c, a, aattrs));
        char cls[64] = "", tech[32] = "";
        if (!attr_text(a, "class", cls, sizeof cls) || !attr_text(a, "technology", tech, sizeof tech))
            SC_FAIL(DX_EPARSE, c, a, "required attributes: class (a <devices> name) and technology "
                                     "(a candidate <technology> id)");
        int ci = -1, ti = -1;
        for (size_t i = 0; i < sc->n_demand; i++)
            if (strcmp(sc->demand[i].name, cls) == 0)
                ci = (int)i;
        for (size_t i = 0; i < sc->n_tech; i++)
            if (strcmp(sc->tech[i].id, tech) == 0)
                ti = (int)i;
        if (ci < 0)
            SC_FAIL(DX_EDOMAIN, c, a, "attribute class = '%s' names no demand class of the scenario",
                    cls);
        if (ti < 0)
            SC_FAIL(DX_EDOMAIN, c, a, "attribute technology = '%s' is not a candidate <technology> "
                                      "of the scenario", tech);
        if (sc->design[k].tech_of_class[ci] >= 0)
            SC_FAIL(DX_EPARSE, c, a, "demand class '%s' is assigned twice", cls);
        sc->design[k].tech_of_class[ci] = ti;
    }
    for (size_t i = 0; i < sc->n_demand; i++)
        if (sc->design[k].tech_of_class[i] < 0)
            SC_FAIL(DX_EPARSE, c, n, "design '%s' does not assign demand class '%s' (every class "
                                     "needs an <assign class technology>)",
                    sc->design[k].name, sc->demand[i].name);
    sc->n_designs++;
    return DX_OK;
}

/* The applicant's cost lines: every key the programme engine knows
 * (docs/cost-model.md "Cost lines"); the same columns as `dxsim programme
 * --template`. Dates are resolved against the project start after reading. */
static dx_status read_costs(ctx *c, xmlNode *sec, dx_scenario *sc)
{
    static const char *const kids[] = {"item", NULL};
    static const char *const attrs[] = {
        "name", "category", "procurement", "role", "unit_price_jpy", "tax", "quantity",
        "useful_life_years", "leasable", "months", "start", "end", "booked_in_first_year", "taxable",
        "justification", "technology", "conditional", NULL};
    static const char *const taxes[] = {"excluded", "included", NULL};
    DX_TRY(check_children(c, sec, kids));
    for (xmlNode *n = sec->children; n; n = n->next) {
        if (!is_elem(n))
            continue;
        DX_TRY(check_attrs(c, n, attrs));
        if (sc->n_costs >= DX__SC_MAX_COSTS)
            SC_FAIL(DX_EDOMAIN, c, n, "too many cost items (at most %d)", DX__SC_MAX_COSTS);
        dx_cost_item *it = &sc->cost[sc->n_costs].item;
        memset(it, 0, sizeof *it);
        sc->cost[sc->n_costs].line = (int)xmlGetLineNo(n);
        if (!attr_text(n, "name", it->name, sizeof it->name))
            SC_FAIL(DX_EPARSE, c, n, "required attribute name is missing");
        if (strlen(it->name) > sizeof it->name - 1 - DX__SC_ITEM_SUFFIX_MAX)
            SC_FAIL(DX_EDOMAIN, c, n, "attribute name is %zu bytes long (at most %zu bytes: "
                    "the period split adds a suffix to the name)",
                    strlen(it->name), sizeof it->name - 1 - DX__SC_ITEM_SUFFIX_MAX);
        char buf[64];
        it->category = DX_COST_CAT_OTHER;
        if (attr_text(n, "category", buf, sizeof buf) &&
            dx_cost_category_from_name(buf, &it->category) != DX_OK)
            SC_FAIL(DX_EDOMAIN, c, n, "attribute category: %s", dx_last_error());
        it->procurement = DX_PROCURE_PURCHASE;
        if (attr_text(n, "procurement", buf, sizeof buf) &&
            dx_procurement_from_name(buf, &it->procurement) != DX_OK)
            SC_FAIL(DX_EDOMAIN, c, n, "attribute procurement: %s", dx_last_error());
        it->role = DX_COST_ROLE_OTHER;
        if (attr_text(n, "role", buf, sizeof buf) && dx_cost_role_from_name(buf, &it->role) != DX_OK)
            SC_FAIL(DX_EDOMAIN, c, n, "attribute role: %s", dx_last_error());
        it->unit_price_jpy = NAN;
        DX_TRY(attr_num(c, n, "unit_price_jpy", "JPY (monthly for a monthly item)", 0, 1e11, 1,
                        &it->unit_price_jpy));
        int tax = sc->prices_tax_included;
        DX_TRY(attr_enum(c, n, "tax", taxes, &tax));
        it->tax_included = tax;
        /* taxable="no": a state fee (不課税, e.g. 免許申請手数料), no consumption tax;
         * the default follows the category (licence-application-fee, radio-usage-fee) */
        int taxable = !dx_cost_category_not_taxable(it->category);
        DX_TRY(attr_bool(c, n, "taxable", &taxable));
        it->not_taxable = !taxable;
        it->quantity = 1;
        DX_TRY(attr_num(c, n, "quantity", "units", 0, 1e7, 0, &it->quantity));
        it->useful_life_years = 0;
        DX_TRY(attr_num(c, n, "useful_life_years", "years", 0, 100, 0, &it->useful_life_years));
        it->leasable = 1;
        DX_TRY(attr_bool(c, n, "leasable", &it->leasable));
        DX_TRY(attr_num(c, n, "months", "months", 0, 360, 0, &it->months));
        DX_TRY(attr_bool(c, n, "booked_in_first_year", &it->booked_in_first_year));
        attr_text(n, "justification", it->justification, sizeof it->justification);
        int conditional = 0;
        DX_TRY(attr_bool(c, n, "conditional", &conditional));
        if (conditional && dx__cost_item_conditional(it, NULL) != DX_OK)
            SC_FAIL(DX_EDOMAIN, c, n, "attribute %s", dx_last_error());
        char *tech = sc->cost[sc->n_costs].technology;
        tech[0] = '\0';
        if (attr_text(n, "technology", tech, 32) && strcmp(tech, "all") != 0) {
            int found = 0;
            for (size_t i = 0; i < sc->n_tech; i++)
                found |= strcmp(sc->tech[i].id, tech) == 0;
            if (!found)
                SC_FAIL(DX_EDOMAIN, c, n, "attribute technology = '%s' is not a candidate "
                                          "<technology> of the scenario (or \"all\")", tech);
        }
        int a = 0, b = 0;
        char start[16] = "", end[16] = "";
        DX_TRY(date_attr(c, n, "start", start, sizeof start, &a));
        DX_TRY(date_attr(c, n, "end", end, sizeof end, &b));
        if (b && !a)
            SC_FAIL(DX_EPARSE, c, n, "attribute end needs start");
        if (a && b) {
            if (strcmp(end, start) < 0)
                SC_FAIL(DX_EDOMAIN, c, n, "end = %s is before start = %s", end, start);
            if (it->months > 0)
                SC_FAIL(DX_EPARSE, c, n, "give months or start/end dates, not both");
            it->months = months_between(start, end) + 1; /* whole months, end month included */
        }
        snprintf(it->source, sizeof it->source, "%.100s:%d <costs>/<item> (applicant's line)",
                 sc->source, sc->cost[sc->n_costs].line);
        it->value_class = DX_VALUE_INDICATIVE;
        /* a start date becomes a month offset once the project start is known: the
         * date waits in price_key (an applicant's line has no price-book key) */
        sc->cost[sc->n_costs].start_m = a ? -1 : 0;
        if (a)
            snprintf(it->price_key, sizeof it->price_key, "@%s", start);
        sc->n_costs++;
    }
    return DX_OK;
}

/* ---- terrain and calibration (docs/terrain.md, docs/calibration.md) ------------ */

/* A file reference of the scenario: absolute as written, else relative to
 * the loader's base_dir (dx_load_options version 2: a sweep's job text read
 * from memory under a decorated name), else to the scenario file's folder. */
static void sc_relative_path(const ctx *c, const char *rel, char *out, size_t cap)
{
    const char *slash = strrchr(c->file, '/');
    if (rel[0] == '/')
        snprintf(out, cap, "%s", rel);
    else if (c->base_dir && c->base_dir[0])
        snprintf(out, cap, "%s/%s", c->base_dir, rel);
    else if (!slash)
        snprintf(out, cap, "%s", rel);
    else
        snprintf(out, cap, "%.*s/%s", (int)(slash - c->file), c->file, rel);
}

/* The file attribute of <area> or <calibration>: *found = 0 when absent;
 * else its text in file[cap] (non-empty, or DX_EPARSE naming what the file
 * should be) and the path to open in path[pcap] (sc_relative_path). */
static dx_status sc_file_attr(const ctx *c, xmlNode *n, const char *what, char *file, size_t cap,
                              char *path, size_t pcap, int *found)
{
    *found = attr_text(n, "file", file, cap);
    if (!*found)
        return DX_OK;
    if (!file[0])
        SC_FAIL(DX_EPARSE, c, n, "attribute file is empty (%s, relative to the scenario file)",
                what);
    sc_relative_path(c, file, path, pcap);
    return DX_OK;
}

static int has_dem_suffix(const char *name)
{
    size_t L = strlen(name);
    return (L > 4 && (strcasecmp(name + L - 4, ".xml") == 0 || strcasecmp(name + L - 4, ".zip") == 0));
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Add one dem entry: a .xml or .zip file, or a folder (its *.xml and *.zip
 * files, in name order). */
static dx_status terrain_add_path(ctx *c, xmlNode *n, dx_scenario *sc, const char *entry)
{
    char path[1024];
    sc_relative_path(c, entry, path, sizeof path);
    struct stat st;
    if (stat(path, &st) != 0)
        SC_FAIL(DX_EIO, c, n, "dem '%s': %s does not exist (%s); paths are relative to the "
                              "scenario file",
                entry, path, strerror(errno));
    if (!S_ISDIR(st.st_mode)) {
        dx_status r = dx_dem_add_file(sc->terrain.dem, path);
        if (r != DX_OK) {
            char p_[256];
            node_path(n, p_, sizeof p_);
            dx__prefix_error("%s:%ld: %s: dem '%s'", c->file, (long)xmlGetLineNo(n), p_, entry);
        }
        return r;
    }
    DIR *d = opendir(path);
    if (!d)
        SC_FAIL(DX_EIO, c, n, "dem '%s': cannot open folder %s (%s)", entry, path, strerror(errno));
    char *names[256];
    size_t k = 0;
    for (struct dirent *de; (de = readdir(d)) != NULL;)
        if (de->d_name[0] != '.' && has_dem_suffix(de->d_name) && k < 256)
            names[k++] = strdup(de->d_name);
    closedir(d);
    dx_status r = DX_OK;
    for (size_t i = 0; i < k; i++)
        if (!names[i])
            r = DX_ENOMEM;
    if (r != DX_OK) {
        for (size_t i = 0; i < k; i++)
            free(names[i]);
        SC_FAIL(DX_ENOMEM, c, n, "dem '%s': out of memory listing %s", entry, path);
    }
    qsort(names, k, sizeof *names, cmp_str);
    for (size_t i = 0; i < k && r == DX_OK; i++) {
        char f[1280];
        snprintf(f, sizeof f, "%s/%s", path, names[i]);
        r = dx_dem_add_file(sc->terrain.dem, f);
        if (r != DX_OK) {
            char p_[256];
            node_path(n, p_, sizeof p_);
            dx__prefix_error("%s:%ld: %s: dem '%s'", c->file, (long)xmlGetLineNo(n), p_, entry);
        }
    }
    for (size_t i = 0; i < k; i++)
        free(names[i]);
    if (r == DX_OK && k == 0)
        SC_FAIL(DX_EIO, c, n, "dem '%s': the folder %s holds no .xml or .zip DEM file", entry, path);
    return r;
}

/* <terrain dem="a.xml;tiles/;b.zip" model="p526|p526-deygout|itm" k_factor="1.333"/> */
static dx_status read_terrain(ctx *c, xmlNode *n, dx_scenario *sc)
{
    static const char *const attrs[] = {"dem", "model", "k_factor", NULL};
    static const char *const models[] = {"p526", "p526-deygout", "itm", NULL};
    DX_TRY(check_attrs(c, n, attrs));
    DX_TRY(check_children(c, n, attrs + 3));
    sc->terrain.line = (int)xmlGetLineNo(n);
    if (!attr_text(n, "dem", sc->terrain.dem_attr, sizeof sc->terrain.dem_attr) ||
        !sc->terrain.dem_attr[0])
        SC_FAIL(DX_EPARSE, c, n, "required attribute dem is missing (GSI DEM .xml or .zip files "
                                 "or folders, separated by ';', relative to the scenario file)");
    DX_TRY(check_overlong(c));
    int m = 0;
    DX_TRY(attr_enum(c, n, "model", models, &m));
    sc->terrain.model = m == 0 ? DX_TERRAIN_LOSS_BULLINGTON
                        : m == 1 ? DX_TERRAIN_LOSS_DEYGOUT
                                 : DX_TERRAIN_LOSS_ITM_EXCESS;
    sc->terrain.k_factor = 4.0 / 3.0; /* ITU-R P.453 median effective-Earth factor */
    DX_TRY(attr_num(c, n, "k_factor", "ratio", 0.1, 100, 0, &sc->terrain.k_factor));
    if (isnan(sc->origin_lat_deg))
        SC_FAIL(DX_EPARSE, c, n, "<terrain> needs the area's geographic origin: give <area "
                                 "lat_deg=... lon_deg=...> (its south-west corner, JGD2011)");
    if (dx_dem_create(&sc->terrain.dem) != DX_OK)
        SC_FAIL(DX_ENOMEM, c, n, "out of memory for the DEM");
    char list[sizeof sc->terrain.dem_attr];
    snprintf(list, sizeof list, "%s", sc->terrain.dem_attr);
    char *save = NULL;
    for (char *tok = strtok_r(list, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
        while (*tok == ' ' || *tok == '\t' || *tok == '\n')
            tok++;
        size_t L = strlen(tok);
        while (L && (tok[L - 1] == ' ' || tok[L - 1] == '\t' || tok[L - 1] == '\n'))
            tok[--L] = '\0';
        if (L)
            DX_TRY(terrain_add_path(c, n, sc, tok));
    }
    sc->terrain.n_tiles = dx_dem_tile_count(sc->terrain.dem);
    if (sc->terrain.n_tiles == 0)
        SC_FAIL(DX_EPARSE, c, n, "dem '%s' holds no DEM tile", sc->terrain.dem_attr);
    static const char *const prod[] = {"", "DEM1A", "DEM5A", "DEM5B", "DEM5C", "DEM10A", "DEM10B",
                                       "grid"};
    size_t len = 0;
    for (size_t i = 0; i < sc->terrain.n_tiles; i++) {
        dx_dem_tile_info ti;
        dx_dem_tile_info_get(sc->terrain.dem, i, &ti);
        if (len + 40 >= sizeof sc->terrain.tiles) {
            snprintf(sc->terrain.tiles + len, sizeof sc->terrain.tiles - len, ", ...");
            break;
        }
        len += (size_t)snprintf(sc->terrain.tiles + len, sizeof sc->terrain.tiles - len, "%s%s %s",
                                i ? ", " : "", ti.mesh_code,
                                ti.product >= 1 && ti.product <= 7 ? prod[ti.product] : "?");
    }
    /* the area must lie on the DEM: a lattice of points every ~1/32 of each
     * side, each inside some tile's bounds; no-data cells inside a tile (GSI
     * tiles have holes) are tolerated up to half the area: profiles fill them
     * from their neighbours, and a pixel on one gets no terrain loss */
    const int N = 33;
    size_t holes = 0;
    for (int j = 0; j < N; j++)
        for (int i = 0; i < N; i++) {
            double x = sc->width_m * (i + 0.5) / N, y = sc->height_m * (j + 0.5) / N;
            double lat, lon, h;
            size_t miss = 0;
            DX_TRY(dx_coverage_local_to_geo(sc->origin_lat_deg, sc->origin_lon_deg, 1, &x, &y, &lat,
                                            &lon));
            DX_TRY(dx_dem_elevation_m(sc->terrain.dem, DX_DEM_NEAREST, 1, &lat, &lon, &h, NULL,
                                      &miss));
            if (!miss)
                continue;
            int inside = 0;
            for (size_t k = 0; k < sc->terrain.n_tiles && !inside; k++) {
                dx_dem_tile_info ti;
                dx_dem_tile_info_get(sc->terrain.dem, k, &ti);
                inside = lat >= ti.south_deg && lat < ti.north_deg && lon >= ti.west_deg &&
                         lon < ti.east_deg;
            }
            if (!inside)
                SC_FAIL(DX_EDOMAIN, c, n,
                        "the area is not covered by the DEM: point (%.0f, %.0f) m from the area's "
                        "south-west corner = %.6f N %.6f E lies outside every tile of dem '%s' "
                        "(tiles: %s); add the missing tiles or move/shrink the area",
                        x, y, lat, lon, sc->terrain.dem_attr, sc->terrain.tiles);
            holes++;
        }
    if (2 * holes > (size_t)(N * N))
        SC_FAIL(DX_EDOMAIN, c, n,
                "the DEM has no elevation at %zu of %d points sampled over the area (dem '%s', "
                "tiles: %s): more than half the area has no data",
                holes, N * N, sc->terrain.dem_attr, sc->terrain.tiles);
    sc->terrain.nodata_ratio = (double)holes / (double)(N * N);
    sc->terrain.on = 1;
    return DX_OK;
}

/* The figures of a <calibration> element: inline in the scenario, or the root
 * of the file dx_calibrate_write_xml wrote. */
static dx_status calibration_figures(ctx *c, xmlNode *n, dx_scenario *sc, int in_file)
{
    static const char *const attrs[] = {
        "offset_db",     "slope_db_per_decade", "d_ref_m",   "sigma_db",   "technology",
        "source",        "model",               "fc_hz",     "h_bs_m",     "h_ut_m",
        "rmse_db",       "loo_rmse_db",         "bias_db",   "model_rmse_db",
        "sigma_location_db", "n_samples",       "n_censored", "n_groups",  "file", NULL};
    static const char *const file_attrs[] = {"file", "technology", "source", NULL};
    static const char *const none[] = {NULL};
    if (!in_file && xmlHasProp(n, (const xmlChar *)"file"))
        DX_TRY(check_attrs(c, n, file_attrs));
    else if (in_file && xmlHasProp(n, (const xmlChar *)"file"))
        SC_FAIL(DX_EPARSE, c, n, "a calibration file cannot name another file");
    else
        DX_TRY(check_attrs(c, n, attrs));
    DX_TRY(check_children(c, n, none));
    if (xmlHasProp(n, (const xmlChar *)"file"))
        return DX_OK; /* read by read_calibration */
    xmlChar *has_off = xmlGetProp(n, (const xmlChar *)"offset_db");
    xmlChar *has_slope = xmlGetProp(n, (const xmlChar *)"slope_db_per_decade");
    int any = has_off || has_slope;
    xmlFree(has_off);
    xmlFree(has_slope);
    if (!any)
        SC_FAIL(DX_EPARSE, c, n, "give offset_db and/or slope_db_per_decade (the fit `dxsim "
                                 "calibrate` prints), or file= (what `dxsim calibrate --out` writes)");
    /* the measured biases in issue 12 reach -50 .. +28 dB: +-80 dB leaves room */
    DX_TRY(attr_num(c, n, "offset_db", "dB", -80, 80, 0, &sc->calibration.offset_db));
    DX_TRY(attr_num(c, n, "slope_db_per_decade", "dB per decade", -60, 60, 0,
                    &sc->calibration.slope_db_per_decade));
    DX_TRY(attr_num(c, n, "d_ref_m", "m", 1, 1e6, 0, &sc->calibration.d_ref_m));
    DX_TRY(attr_num(c, n, "sigma_db", "dB", 0, 30, 0, &sc->calibration.sigma_db));
    /* what the fit was made against and how well it did (shown in the report) */
    attr_text(n, "model", sc->calibration.model, sizeof sc->calibration.model);
    DX_TRY(attr_num(c, n, "fc_hz", "Hz", 1e6, 1e12, 0, &sc->calibration.fc_hz));
    DX_TRY(attr_num(c, n, "h_bs_m", "m", 0, 3000, 0, &sc->calibration.h_bs_m));
    DX_TRY(attr_num(c, n, "h_ut_m", "m", 0, 3000, 0, &sc->calibration.h_ut_m));
    DX_TRY(attr_num(c, n, "rmse_db", "dB", 0, 100, 0, &sc->calibration.rmse_db));
    DX_TRY(attr_num(c, n, "loo_rmse_db", "dB", 0, 100, 0, &sc->calibration.loo_rmse_db));
    DX_TRY(attr_num(c, n, "bias_db", "dB", -100, 100, 0, &sc->calibration.bias_db));
    DX_TRY(attr_num(c, n, "model_rmse_db", "dB", 0, 200, 0, &sc->calibration.model_rmse_db));
    double sloc = NAN;
    DX_TRY(attr_num(c, n, "sigma_location_db", "dB", 0, 100, 0, &sloc));
    DX_TRY(attr_num(c, n, "n_samples", "samples", 0, 1e7, 0, &sc->calibration.n_samples));
    DX_TRY(attr_num(c, n, "n_censored", "samples", 0, 1e7, 0, &sc->calibration.n_censored));
    DX_TRY(attr_num(c, n, "n_groups", "groups", 0, 1e7, 0, &sc->calibration.n_groups));
    if (attr_text(n, "technology", sc->calibration.technology, sizeof sc->calibration.technology)) {
        int found = 0;
        for (size_t i = 0; i < sc->n_tech; i++)
            found |= strcmp(sc->tech[i].id, sc->calibration.technology) == 0;
        if (!found)
            SC_FAIL(DX_EDOMAIN, c, n, "technology = '%s' is not one of the scenario's "
                                      "<technologies>",
                    sc->calibration.technology);
    }
    attr_text(n, "source", sc->calibration.source, sizeof sc->calibration.source);
    return DX_OK;
}

static dx_status sc_parse_xml(const char *xml, size_t len, const char *fname, const char *what,
                              const char *root_name, xmlDocPtr *out_doc);

/* <calibration offset_db=".." slope_db_per_decade=".." d_ref_m="1000" sigma_db=".."
 *              [technology=".."] [source=".."] [rmse_db=".." loo_rmse_db=".." ...]/>
 * or <calibration file="fit.xml" [technology=".."] [source=".."]/> (docs/calibration.md) */
static dx_status read_calibration(ctx *c, xmlNode *n, dx_scenario *sc)
{
    sc->calibration.line = (int)xmlGetLineNo(n);
    sc->calibration.offset_db = 0.0;
    sc->calibration.slope_db_per_decade = 0.0;
    sc->calibration.d_ref_m = 1000.0; /* dx_calibrate_options_init's d_ref_m */
    sc->calibration.sigma_db = NAN;
    sc->calibration.fc_hz = sc->calibration.h_bs_m = sc->calibration.h_ut_m = NAN;
    sc->calibration.rmse_db = sc->calibration.loo_rmse_db = NAN;
    sc->calibration.bias_db = sc->calibration.model_rmse_db = NAN;
    sc->calibration.n_samples = sc->calibration.n_censored = sc->calibration.n_groups = NAN;
    DX_TRY(calibration_figures(c, n, sc, 0));
    char file[sizeof sc->calibration.file], path[1024];
    int has_file;
    DX_TRY(sc_file_attr(c, n, "the XML `dxsim calibrate --out` writes", file, sizeof file, path,
                        sizeof path, &has_file));
    if (has_file) {
        char *text = NULL;
        size_t len = 0;
        /* a fit is one element: 1 MiB bounds a hostile file */
        dx_status st = dx__file_read(path, (size_t)1 << 20, "a calibration file", "1 MiB", &text,
                                     &len);
        xmlDocPtr doc = NULL;
        if (st == DX_OK)
            st = sc_parse_xml(text, len, path, "a calibration file", "calibration", &doc);
        dx__free(text);
        if (st != DX_OK)
            SC_FAIL(st, c, n, "calibration file '%s': %s", file, dx_last_error());
        xmlNode *root = xmlDocGetRootElement(doc);
        ctx fc = {.file = path};
        if (!named(root, "calibration")) {
            dx__set_error("%s:%ld: the root element is <%s> (expected <calibration>, as written "
                          "by dxsim calibrate --out)",
                          path, (long)xmlGetLineNo(root), (const char *)root->name);
            st = DX_EPARSE;
        } else {
            st = calibration_figures(&fc, root, sc, 1);
        }
        xmlFreeDoc(doc);
        if (st != DX_OK)
            SC_FAIL(st, c, n, "calibration file '%s': %s", file, dx_last_error());
        snprintf(sc->calibration.file, sizeof sc->calibration.file, "%s", file);
        /* the scenario's element may narrow the fit to one technology or restate its source */
        char tech[sizeof sc->calibration.technology];
        if (attr_text(n, "technology", tech, sizeof tech)) {
            int found = 0;
            for (size_t i = 0; i < sc->n_tech; i++)
                found |= strcmp(sc->tech[i].id, tech) == 0;
            if (!found)
                SC_FAIL(DX_EDOMAIN, c, n, "technology = '%s' is not one of the scenario's "
                                          "<technologies>",
                        tech);
            snprintf(sc->calibration.technology, sizeof sc->calibration.technology, "%s", tech);
        }
        attr_text(n, "source", sc->calibration.source, sizeof sc->calibration.source);
        if (!sc->calibration.source[0])
            snprintf(sc->calibration.source, sizeof sc->calibration.source, "%.127s", file);
    }
    DX_TRY(check_overlong(c));
    sc->calibration.on = 1;
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
    sc->plan_fidelity = 0;            /* DX_PLAN_FIDELITY_ANALYTIC (plan.h) */
    sc->origin_lat_deg = sc->origin_lon_deg = NAN;
    sc->design_search = 1;
    sc->grid_resolution_m = 0;        /* automatic: 1/200 of the longer side, at least 10 m */
    /* ASSUMED: 5 years, the programme's cloud-fee horizon (briefing ③ ※3) and the
     * shortest common equipment life (servers, domain-japan §5), so the design
     * is chosen on what a proposal's owner pays in the years it is judged on */
    sc->planning_life_years = 5;
    sc->mc_draws = 2000;
    sc->mc_seed = 20250401;
}

static dx_status read_root(ctx *c, xmlNode *root, dx_scenario *sc)
{
    static const char *const attrs[] = {"name", "version", NULL};
    static const char *const kids[] = {"area",     "demand",    "technologies", "coverage",
                                       "finance",  "procurement", "programme",  "applicant",
                                       "prices",   "benefits",  "uncertainty",  "routes",
                                       "plan",     "sites",     "design",       "period",
                                       "costs",    "terrain",   "calibration", NULL};
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
        /* each section at most once: a second <finance> would silently win
         * (<design> repeats: one element per fixed mixed design) */
        for (size_t k = 0; kids[k]; k++)
            if (named(n, kids[k]) && !named(n, "design")) {
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
        else if (named(n, "plan"))
            DX_SECTION(read_plan(c, n, sc));
        else if (named(n, "period"))
            DX_SECTION(read_period(c, n, sc));
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
    /* routes and sites lie inside the area: read them once the area is known */
    for (xmlNode *n = root->children; n && have_area; n = n->next) {
        if (is_elem(n) && named(n, "routes"))
            DX_TRY(read_routes(c, n, sc));
        if (is_elem(n) && named(n, "sites"))
            DX_TRY(read_sites(c, n, sc));
    }
    /* cost lines may name a technology: read them once the technologies are known */
    for (xmlNode *n = root->children; n && have_tech; n = n->next)
        if (is_elem(n) && named(n, "costs"))
            DX_TRY(read_costs(c, n, sc));
    /* terrain and calibration: once the area (origin) and the technologies are known */
    for (xmlNode *n = root->children; n && have_area && have_tech; n = n->next) {
        if (is_elem(n) && named(n, "terrain"))
            DX_TRY(read_terrain(c, n, sc));
        if (is_elem(n) && named(n, "calibration"))
            DX_TRY(read_calibration(c, n, sc));
    }
    /* designs name demand classes and technologies: read them once both are known */
    for (xmlNode *n = root->children; n && have_demand && have_tech; n = n->next)
        if (is_elem(n) && named(n, "design"))
            DX_TRY(read_design(c, n, sc));
    DX_TRY(check_overlong(c));
    if (!have_area || !have_demand || !have_tech)
        SC_FAIL(DX_EPARSE, c, root, "missing required element <%s>",
                !have_area ? "area" : (!have_demand ? "demand" : "technologies"));
    /* dates: the project starts at the finance start date, else at the period's start;
     * the period and a horizon end date become months from the project start */
    if (!sc->start_date[0] && sc->have_period)
        snprintf(sc->start_date, sizeof sc->start_date, "%s", sc->period_start);
    if (sc->have_period) {
        sc->period_start_m = months_between(sc->start_date, sc->period_start);
        sc->period_end_m = months_between(sc->start_date, sc->period_end) + 1; /* end month included */
        if (sc->period_start_m < 0)
            SC_FAIL(DX_EDOMAIN, c, root, "<period start=\"%s\"> is before the project start "
                                         "(<finance start_date=\"%s\">)",
                    sc->period_start, sc->start_date);
    }
    for (size_t i = 0; i < sc->n_costs; i++) {
        dx_cost_item *it = &sc->cost[i].item;
        if (sc->cost[i].start_m >= 0)
            continue;
        if (!sc->start_date[0]) {
            dx__set_error("%s:%d: <costs>/<item>: attribute start needs the project start date "
                          "(<finance start_date> or <period start>)",
                          c->file, sc->cost[i].line);
            return DX_EPARSE;
        }
        sc->cost[i].start_m = months_between(sc->start_date, it->price_key + 1);
        it->price_key[0] = '\0';
        if (sc->cost[i].start_m < 0) {
            dx__set_error("%s:%d: <costs>/<item>: start is before the project start %s", c->file,
                          sc->cost[i].line, sc->start_date);
            return DX_EDOMAIN;
        }
    }
    if (sc->horizon_end[0]) {
        if (!sc->start_date[0])
            SC_FAIL(DX_EPARSE, c, root, "<finance horizon_end> needs a start date "
                                        "(<finance start_date> or <period start>)");
        int m = months_between(sc->start_date, sc->horizon_end) + 1;
        if (m < 1 || m > 360)
            SC_FAIL(DX_EDOMAIN, c, root, "<finance horizon_end=\"%s\"> gives %d months from the "
                                         "start %s (allowed 1 .. 360)",
                    sc->horizon_end, m, sc->start_date);
        sc->horizon_years = m / 12.0;
    }
    /* demand classes on a route name one of the <routes> */
    for (size_t i = 0; i < sc->n_demand; i++) {
        dx__sc_demand *d = &sc->demand[i];
        if (!d->route_name[0])
            continue;
        for (size_t k = 0; k < sc->n_routes; k++)
            if (strcmp(sc->route[k].name, d->route_name) == 0)
                d->route = (int)k;
        if (d->route < 0) {
            char names[256] = "";
            for (size_t k = 0; k < sc->n_routes; k++) {
                strncat(names, k ? ", '" : "'", sizeof names - strlen(names) - 1);
                strncat(names, sc->route[k].name, sizeof names - strlen(names) - 1);
                strncat(names, "'", sizeof names - strlen(names) - 1);
            }
            dx__set_error("%s:%d: <scenario>/<demand>/<devices>: attribute route = '%s' names no "
                          "route of the scenario (routes: %s)",
                          c->file, d->line, d->route_name, names[0] ? names : "none");
            return DX_EDOMAIN;
        }
    }
    return DX_OK;
}

/* Parse an XML document safely (dx__xml_read: DOCTYPE refused in any
 * encoding, no network, no entity substitution; the first error with its
 * line and element). *out_doc is freed by the caller. */
static dx_status sc_parse_xml(const char *xml, size_t len, const char *fname, const char *what,
                              const char *root_name, xmlDocPtr *out_doc)
{
    (void)root_name; /* an empty document is refused by dx__xml_read */
    return dx__xml_read(xml, len, fname, what, 0, out_doc);
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

    xmlDocPtr doc = NULL;
    DX_TRY(sc_parse_xml(xml, len, fname, "a scenario", "scenario", &doc));
    ctx c = {.file = fname, .base_dir = opts->version >= 2 ? opts->base_dir : NULL};
    dx_status st = DX_OK;
    xmlNode *root = xmlDocGetRootElement(doc);
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
        dx_scenario_free(sc);
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
    char *buf = NULL;
    size_t n = 0;
    DX_TRY(dx__file_read(path, opts->max_bytes, "a scenario", "dx_load_options.max_bytes", &buf,
                         &n));
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

void dx_scenario_free(dx_scenario *sc)
{
    if (!sc)
        return;
    dx_dem_free(sc->terrain.dem);
    dx__free(sc);
}
const char *dx_scenario_name(const dx_scenario *sc) { return sc ? sc->name : ""; }
const char *dx_scenario_source(const dx_scenario *sc) { return sc ? sc->source : ""; }

dx_status dx_scenario_origin(const dx_scenario *sc, double *lat_deg, double *lon_deg)
{
    DX_REQUIRE_PTR(sc);
    if (lat_deg)
        *lat_deg = sc->origin_lat_deg;
    if (lon_deg)
        *lon_deg = sc->origin_lon_deg;
    if (isnan(sc->origin_lat_deg) || isnan(sc->origin_lon_deg))
        DX_FAIL(DX_ENOTFOUND, "scenario '%s' has no location (<area lat_deg lon_deg>)", sc->name);
    return DX_OK;
}

dx_status dx_scenario_target_area_ratio(const dx_scenario *sc, double *out_ratio)
{
    DX_REQUIRE_PTR(sc);
    DX_REQUIRE_PTR(out_ratio);
    *out_ratio = sc->target_area_ratio;
    return DX_OK;
}

dx_status dx_scenario_area_m2(const dx_scenario *sc, double *out_area_m2)
{
    DX_REQUIRE_PTR(sc);
    DX_REQUIRE_PTR(out_area_m2);
    *out_area_m2 = dx__sc_area_m2(sc);
    return DX_OK;
}

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
