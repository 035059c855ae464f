/*
 * Sweep specs: read the XML spec (safely, every error with file:line:element,
 * value and allowed range), expand it into jobs (scenario × variant) and
 * build each job's scenario text through sweep_xml.c. Format:
 * docs/sweep-format.md.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include "sweep_internal.h"

#define SPEC_MAX_BYTES ((size_t)8 << 20)
#define SPEC_MAX_JOBS 10000000.0
#define SPEC_MAX_GRID_VALUES 100000.0

/* ---- small helpers ----------------------------------------------------------- */

static char *xstrdup(const char *s)
{
    char *d = dx__strdup(s ? s : "");
    if (!d)
        dx__set_error("out of memory");
    return d;
}

static char *join_path(const char *dir, const char *rel)
{
    if (!dir || !dir[0] || rel[0] == '/')
        return xstrdup(rel);
    size_t n = strlen(dir) + strlen(rel) + 2;
    char *p = dx__malloc(n);
    if (!p) {
        dx__set_error("out of memory");
        return NULL;
    }
    snprintf(p, n, "%s/%s", dir, rel);
    return p;
}

/* Read a whole file (at most SPEC_MAX_BYTES). */
static dx_status read_file(const char *path, char **out, size_t *out_len)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        DX_FAIL(DX_EIO, "cannot read '%s': %s", path, strerror(errno));
    size_t cap = 65536, n = 0;
    char *buf = dx__malloc(cap + 1);
    if (!buf) {
        fclose(f);
        DX_FAIL(DX_ENOMEM, "out of memory reading '%s'", path);
    }
    for (;;) {
        if (n == cap) {
            if (cap >= SPEC_MAX_BYTES) {
                fclose(f);
                dx__free(buf);
                DX_FAIL(DX_EPARSE, "'%s' is larger than %zu bytes", path, SPEC_MAX_BYTES);
            }
            char *nb = dx__realloc(buf, 2 * cap + 1);
            if (!nb) {
                fclose(f);
                dx__free(buf);
                DX_FAIL(DX_ENOMEM, "out of memory reading '%s'", path);
            }
            buf = nb;
            cap *= 2;
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0)
            break;
    }
    int err = ferror(f);
    fclose(f);
    if (err) {
        dx__free(buf);
        DX_FAIL(DX_EIO, "cannot read '%s'", path);
    }
    buf[n] = '\0';
    *out = buf;
    *out_len = n;
    return DX_OK;
}

unsigned long dx__sweep_seed(const char *scenario_key)
{
    uint64_t h = dx__sweep_fnv1a(DX__SWEEP_FNV_OFFSET, scenario_key, strlen(scenario_key));
    return (unsigned long)((h ^ (h >> 32)) & 0xffffffffu);
}

/* ---- spec context and messages ---------------------------------------------------- */

typedef struct {
    const char *file;
    const char *dir; /* folder of the spec */
} spec_ctx;

static void elem_path(const xmlNode *n, char *buf, size_t cap)
{
    const xmlNode *chain[16];
    size_t k = 0;
    for (const xmlNode *p = n; p && p->type == XML_ELEMENT_NODE && k < 16; p = p->parent)
        chain[k++] = p;
    size_t len = 0;
    buf[0] = '\0';
    while (k-- > 0 && len + 4 < cap) {
        int w = snprintf(buf + len, cap - len, "%s<%s>", len ? "/" : "", (const char *)chain[k]->name);
        if (w < 0)
            break;
        len += (size_t)w < cap - len ? (size_t)w : cap - len - 1;
    }
}

#define SPEC_FAIL(code, c, node, ...)                                                      \
    do {                                                                                   \
        char path_[256];                                                                   \
        char msg_[768];                                                                    \
        elem_path((node), path_, sizeof path_);                                            \
        snprintf(msg_, sizeof msg_, __VA_ARGS__);                                          \
        dx__set_error("%s:%ld: %s: %s", (c)->file, (long)xmlGetLineNo(node), path_, msg_); \
        return (code);                                                                     \
    } while (0)

static char *prop(const xmlNode *n, const char *name)
{
    return (char *)xmlGetProp(n, (const xmlChar *)name);
}

static dx_status check_attrs(spec_ctx *c, xmlNode *n, const char *const *allowed)
{
    for (xmlAttr *a = n->properties; a; a = a->next) {
        int ok = 0;
        for (size_t i = 0; allowed[i] && !ok; i++)
            ok = strcmp((const char *)a->name, allowed[i]) == 0;
        if (!ok) {
            char list[256] = "";
            for (size_t i = 0; allowed[i]; i++) {
                strncat(list, i ? ", " : "", sizeof list - strlen(list) - 1);
                strncat(list, allowed[i], sizeof list - strlen(list) - 1);
            }
            SPEC_FAIL(DX_EPARSE, c, n, "unknown attribute '%s' (allowed: %s)", (const char *)a->name,
                      list[0] ? list : "none");
        }
    }
    return DX_OK;
}

static dx_status req_prop(spec_ctx *c, xmlNode *n, const char *name, const char *what, char **out)
{
    *out = prop(n, name);
    if (!*out || !(*out)[0]) {
        xmlFree(*out);
        *out = NULL;
        SPEC_FAIL(DX_EPARSE, c, n, "required attribute %s (%s) is missing", name, what);
    }
    return DX_OK;
}

static dx_status num_prop(spec_ctx *c, xmlNode *n, const char *name, const char *unit, double lo,
                          double hi, int required, double *out)
{
    char *v = prop(n, name);
    if (!v) {
        if (required)
            SPEC_FAIL(DX_EPARSE, c, n, "required attribute %s [%s] is missing (allowed %g .. %g)",
                      name, unit, lo, hi);
        return DX_OK;
    }
    double x;
    int bad = dx__parse_double(v, &x) != 0;
    if (bad) {
        char vb[64];
        snprintf(vb, sizeof vb, "%s", v);
        xmlFree(v);
        SPEC_FAIL(DX_EPARSE, c, n, "attribute %s = '%s' is not a number (%s, allowed %g .. %g)",
                  name, vb, unit, lo, hi);
    }
    xmlFree(v);
    if (!(x >= lo && x <= hi))
        SPEC_FAIL(DX_EDOMAIN, c, n, "attribute %s = %g %s is outside the allowed range %g .. %g %s",
                  name, x, unit, lo, hi, unit);
    *out = x;
    return DX_OK;
}

static dx_status yes_no(spec_ctx *c, xmlNode *n, const char *name, int *out)
{
    char *v = prop(n, name);
    if (!v)
        return DX_OK;
    int ok = 1;
    if (strcmp(v, "yes") == 0)
        *out = 1;
    else if (strcmp(v, "no") == 0)
        *out = 0;
    else
        ok = 0;
    if (!ok) {
        char vb[64];
        snprintf(vb, sizeof vb, "%s", v);
        xmlFree(v);
        SPEC_FAIL(DX_EPARSE, c, n, "attribute %s = '%s' (allowed: yes, no)", name, vb);
    }
    xmlFree(v);
    return DX_OK;
}

/* ---- edits ------------------------------------------------------------------- */

typedef struct {
    dx__sweep_edit *v;
    size_t n, cap;
} edit_list;

static void edit_dispose(dx__sweep_edit *e)
{
    dx__free(e->path);
    dx__free(e->attr);
    dx__free(e->value);
}

static void edits_free(edit_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        edit_dispose(&l->v[i]);
    dx__free(l->v);
    memset(l, 0, sizeof *l);
}

static dx_status edits_add(edit_list *l, dx__sweep_op op, const char *path, const char *attr,
                           const char *value, double factor)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 4;
        dx__sweep_edit *v = dx__realloc(l->v, cap * sizeof *v);
        if (!v)
            DX_FAIL(DX_ENOMEM, "out of memory");
        l->v = v;
        l->cap = cap;
    }
    dx__sweep_edit *e = &l->v[l->n];
    memset(e, 0, sizeof *e);
    e->op = op;
    e->factor = factor;
    e->path = path ? dx__strdup(path) : NULL;
    e->attr = attr ? dx__strdup(attr) : NULL;
    e->value = value ? dx__strdup(value) : NULL;
    if ((path && !e->path) || (attr && !e->attr) || (value && !e->value)) {
        edit_dispose(e);
        DX_FAIL(DX_ENOMEM, "out of memory");
    }
    l->n++;
    return DX_OK;
}

static int is_edit_element(const xmlNode *n)
{
    const char *s = (const char *)n->name;
    return strcmp(s, "set") == 0 || strcmp(s, "scale") == 0 || strcmp(s, "remove") == 0 ||
           strcmp(s, "scale-prices") == 0;
}

/* <set path attribute value/>, <scale path attribute factor/>, <remove path/>, <scale-prices factor/> */
static dx_status read_edit(spec_ctx *c, xmlNode *n, edit_list *out)
{
    const char *s = (const char *)n->name;
    char *path = prop(n, "path"), *attr = NULL, *value = NULL;
    dx_status st = DX_OK;
    double factor = 1;
    if (strcmp(s, "scale-prices") == 0) {
        static const char *const a[] = {"factor", NULL};
        st = check_attrs(c, n, a);
        if (st == DX_OK)
            st = num_prop(c, n, "factor", "ratio", 1e-6, 1e6, 1, &factor);
        if (st == DX_OK)
            st = edits_add(out, DX__SWEEP_SCALE_PRICES, NULL, NULL, NULL, factor);
        xmlFree(path);
        return st;
    }
    if (strcmp(s, "set") == 0) {
        static const char *const a[] = {"path", "attribute", "value", NULL};
        st = check_attrs(c, n, a);
        if (st == DX_OK)
            st = req_prop(c, n, "attribute", "attribute name", &attr);
        if (st == DX_OK) {
            value = prop(n, "value");
            if (!value) {
                xmlFree(path);
                xmlFree(attr);
                SPEC_FAIL(DX_EPARSE, c, n, "required attribute value is missing");
            }
        }
        if (st == DX_OK)
            st = edits_add(out, DX__SWEEP_SET, path ? path : "", attr, value, 1);
    } else if (strcmp(s, "scale") == 0) {
        static const char *const a[] = {"path", "attribute", "factor", NULL};
        st = check_attrs(c, n, a);
        if (st == DX_OK)
            st = req_prop(c, n, "attribute", "attribute name", &attr);
        if (st == DX_OK)
            st = num_prop(c, n, "factor", "ratio", -1e12, 1e12, 1, &factor);
        if (st == DX_OK)
            st = edits_add(out, DX__SWEEP_SCALE, path ? path : "", attr, NULL, factor);
    } else {
        static const char *const a[] = {"path", NULL};
        st = check_attrs(c, n, a);
        if (st == DX_OK && (!path || !path[0])) {
            xmlFree(path);
            SPEC_FAIL(DX_EPARSE, c, n, "required attribute path (element to remove) is missing");
        }
        if (st == DX_OK)
            st = edits_add(out, DX__SWEEP_REMOVE, path, NULL, NULL, 1);
    }
    xmlFree(path);
    xmlFree(attr);
    xmlFree(value);
    return st;
}

/* ---- scenario entries (before variants) ---------------------------------------------- */

typedef struct {
    char *name;  /* display name (spec-relative path) */
    char *bytes; /* NULL when unreadable */
    size_t len;
    char *error; /* why unreadable */
} base_doc;

typedef struct {
    char *key;
    char *source;
    size_t base;
    edit_list edits;
    char *error; /* a row-level input error (CSV value) */
} entry;

typedef struct {
    spec_ctx *c;
    base_doc *bases;
    size_t n_bases, cap_bases;
    entry *entries;
    size_t n_entries, cap_entries;
    edit_list common;
} loader;

static dx_status add_base(loader *L, const char *rel, size_t *out)
{
    for (size_t i = 0; i < L->n_bases; i++)
        if (strcmp(L->bases[i].name, rel) == 0) {
            *out = i;
            return DX_OK;
        }
    if (L->n_bases == L->cap_bases) {
        size_t cap = L->cap_bases ? 2 * L->cap_bases : 8;
        base_doc *v = dx__realloc(L->bases, cap * sizeof *v);
        if (!v)
            DX_FAIL(DX_ENOMEM, "out of memory");
        L->bases = v;
        L->cap_bases = cap;
    }
    base_doc *b = &L->bases[L->n_bases];
    memset(b, 0, sizeof *b);
    b->name = xstrdup(rel);
    if (!b->name)
        return DX_ENOMEM;
    char *full = join_path(L->c->dir, rel);
    if (!full) {
        dx__free(b->name);
        return DX_ENOMEM;
    }
    dx_status st = read_file(full, &b->bytes, &b->len);
    dx__free(full);
    if (st == DX_ENOMEM) {
        dx__free(b->name);
        return st;
    }
    if (st != DX_OK) {
        b->error = xstrdup(dx_last_error()); /* the jobs of this base become error rows */
        if (!b->error) {
            dx__free(b->name);
            return DX_ENOMEM;
        }
    }
    *out = L->n_bases++;
    return DX_OK;
}

static entry *add_entry(loader *L, const char *key, const char *source, size_t base)
{
    if (L->n_entries == L->cap_entries) {
        size_t cap = L->cap_entries ? 2 * L->cap_entries : 16;
        entry *v = dx__realloc(L->entries, cap * sizeof *v);
        if (!v) {
            dx__set_error("out of memory");
            return NULL;
        }
        L->entries = v;
        L->cap_entries = cap;
    }
    entry *e = &L->entries[L->n_entries];
    memset(e, 0, sizeof *e);
    e->key = xstrdup(key);
    e->source = xstrdup(source);
    e->base = base;
    if (!e->key || !e->source) {
        dx__free(e->key);
        dx__free(e->source);
        return NULL;
    }
    L->n_entries++;
    return e;
}

static void stem(const char *path, char *out, size_t cap)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    snprintf(out, cap, "%s", b);
    size_t n = strlen(out);
    if (n > 4 && strcmp(out + n - 4, ".xml") == 0)
        out[n - 4] = '\0';
}

static dx_status read_file_entry(loader *L, xmlNode *n)
{
    static const char *const a[] = {"path", "key", NULL};
    DX_TRY(check_attrs(L->c, n, a));
    char *path = NULL;
    DX_TRY(req_prop(L->c, n, "path", "scenario file, relative to the spec", &path));
    char *key = prop(n, "key");
    char kb[256];
    stem(path, kb, sizeof kb);
    size_t b = 0;
    dx_status st = add_base(L, path, &b);
    if (st == DX_OK && !add_entry(L, key && key[0] ? key : kb, path, b))
        st = DX_ENOMEM;
    xmlFree(path);
    xmlFree(key);
    return st;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static dx_status read_folder_entry(loader *L, xmlNode *n)
{
    static const char *const a[] = {"path", NULL};
    DX_TRY(check_attrs(L->c, n, a));
    char *path = NULL;
    DX_TRY(req_prop(L->c, n, "path", "folder of scenario files, relative to the spec", &path));
    char *full = join_path(L->c->dir, path);
    if (!full) {
        xmlFree(path);
        return DX_ENOMEM;
    }
    DIR *d = opendir(full);
    dx__free(full);
    if (!d) {
        char pb[256];
        snprintf(pb, sizeof pb, "%s", path);
        int e = errno;
        xmlFree(path);
        SPEC_FAIL(DX_EIO, L->c, n, "attribute path = '%s': cannot open the folder: %s", pb, strerror(e));
    }
    char **names = NULL;
    size_t nn = 0, cap = 0;
    dx_status st = DX_OK;
    for (struct dirent *de; st == DX_OK && (de = readdir(d));) {
        size_t len = strlen(de->d_name);
        if (len < 5 || strcmp(de->d_name + len - 4, ".xml") != 0 || de->d_name[0] == '.')
            continue;
        if (nn == cap) {
            cap = cap ? 2 * cap : 16;
            char **v = dx__realloc(names, cap * sizeof *v);
            if (!v) {
                st = DX_ENOMEM;
                break;
            }
            names = v;
        }
        names[nn] = dx__strdup(de->d_name);
        if (!names[nn])
            st = DX_ENOMEM;
        else
            nn++;
    }
    closedir(d);
    if (st == DX_OK)
        qsort(names, nn, sizeof *names, cmp_str); /* readdir order is not reproducible */
    for (size_t i = 0; i < nn && st == DX_OK; i++) {
        char *rel = join_path(path, names[i]);
        char kb[256];
        size_t b = 0;
        st = rel ? add_base(L, rel, &b) : DX_ENOMEM;
        stem(names[i], kb, sizeof kb);
        if (st == DX_OK && !add_entry(L, kb, rel, b))
            st = DX_ENOMEM;
        dx__free(rel);
    }
    for (size_t i = 0; i < nn; i++)
        dx__free(names[i]);
    dx__free(names);
    xmlFree(path);
    if (st == DX_ENOMEM)
        dx__set_error("out of memory listing a folder");
    return st;
}

/* <grid base key> <param path attribute name values | from to step/> ... </grid> */
typedef struct {
    char *path, *attr, *label;
    char **values;
    size_t n;
} grid_param;

static void params_free(grid_param *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        xmlFree(p[i].path);
        xmlFree(p[i].attr);
        xmlFree(p[i].label);
        for (size_t k = 0; k < p[i].n; k++)
            dx__free(p[i].values[k]);
        dx__free(p[i].values);
    }
    dx__free(p);
}

static dx_status push_value(grid_param *p, const char *v, size_t len)
{
    char **nv = dx__realloc(p->values, (p->n + 1) * sizeof *nv);
    if (!nv)
        DX_FAIL(DX_ENOMEM, "out of memory");
    p->values = nv;
    char *s = dx__malloc(len + 1);
    if (!s)
        DX_FAIL(DX_ENOMEM, "out of memory");
    memcpy(s, v, len);
    s[len] = '\0';
    p->values[p->n++] = s;
    return DX_OK;
}

static dx_status read_param(spec_ctx *c, xmlNode *n, grid_param *p)
{
    static const char *const a[] = {"path", "attribute", "name", "values", "from", "to", "step", NULL};
    DX_TRY(check_attrs(c, n, a));
    p->path = prop(n, "path");
    DX_TRY(req_prop(c, n, "attribute", "attribute the parameter sets", &p->attr));
    p->label = prop(n, "name");
    char *values = prop(n, "values");
    if (values) {
        dx_status st = DX_OK;
        for (const char *s = values; *s && st == DX_OK;) {
            while (*s == ' ' || *s == '\t' || *s == '\n' || *s == ',')
                s++;
            const char *e = s;
            while (*e && *e != ' ' && *e != '\t' && *e != '\n' && *e != ',')
                e++;
            if (e > s)
                st = push_value(p, s, (size_t)(e - s));
            s = e;
        }
        xmlFree(values);
        if (st != DX_OK)
            return st;
        if (p->n == 0)
            SPEC_FAIL(DX_EPARSE, c, n, "attribute values is empty (expected values separated by spaces)");
        return DX_OK;
    }
    double from = 0, to = 0, step = 0;
    DX_TRY(num_prop(c, n, "from", "value", -1e300, 1e300, 1, &from));
    DX_TRY(num_prop(c, n, "to", "value", -1e300, 1e300, 1, &to));
    DX_TRY(num_prop(c, n, "step", "value", 1e-300, 1e300, 1, &step));
    double count = floor((to - from) / step + 1e-9) + 1;
    if (!(count >= 1 && count <= SPEC_MAX_GRID_VALUES))
        SPEC_FAIL(DX_EDOMAIN, c, n, "from = %g, to = %g, step = %g give %g values (allowed 1 .. %g)",
                  from, to, step, count < 1 ? 0.0 : count, SPEC_MAX_GRID_VALUES);
    for (double k = 0; k < count; k++) {
        char buf[40];
        dx__format_double(buf, sizeof buf, from + k * step, 12);
        DX_TRY(push_value(p, buf, strlen(buf)));
    }
    return DX_OK;
}

static dx_status read_grid_entry(loader *L, xmlNode *n)
{
    spec_ctx *c = L->c;
    static const char *const a[] = {"base", "key", NULL};
    DX_TRY(check_attrs(c, n, a));
    char *base = NULL;
    DX_TRY(req_prop(c, n, "base", "base scenario file, relative to the spec", &base));
    char *key = prop(n, "key");
    char kb[256];
    stem(base, kb, sizeof kb);
    if (key && key[0])
        snprintf(kb, sizeof kb, "%s", key);
    xmlFree(key);
    size_t b = 0;
    dx_status st = add_base(L, base, &b);
    grid_param *ps = NULL;
    size_t np = 0;
    double total = 1;
    for (xmlNode *k = n->children; k && st == DX_OK; k = k->next) {
        if (k->type != XML_ELEMENT_NODE)
            continue;
        if (strcmp((const char *)k->name, "param") != 0) {
            xmlFree(base);
            params_free(ps, np);
            SPEC_FAIL(DX_EPARSE, c, k, "unknown element (allowed in <grid>: <param>)");
        }
        grid_param *v = dx__realloc(ps, (np + 1) * sizeof *v);
        if (!v) {
            st = DX_ENOMEM;
            break;
        }
        ps = v;
        memset(&ps[np], 0, sizeof ps[np]);
        np++;
        st = read_param(c, k, &ps[np - 1]);
        total *= (double)ps[np - 1].n;
    }
    if (st == DX_OK && np == 0) {
        xmlFree(base);
        SPEC_FAIL(DX_EPARSE, c, n, "a <grid> needs at least one <param>");
    }
    if (st == DX_OK && total > SPEC_MAX_JOBS) {
        xmlFree(base);
        params_free(ps, np);
        SPEC_FAIL(DX_EDOMAIN, c, n, "the grid has %g points (allowed 1 .. %g)", total, SPEC_MAX_JOBS);
    }
    size_t *idx = st == DX_OK ? dx__calloc(np, sizeof *idx) : NULL;
    if (st == DX_OK && !idx)
        st = DX_ENOMEM;
    /* Cartesian product in document order, the last parameter fastest. */
    for (size_t pt = 0; st == DX_OK && pt < (size_t)total; pt++) {
        char k2[1024], src[2304];
        size_t len = (size_t)snprintf(k2, sizeof k2, "%s[", kb);
        for (size_t i = 0; i < np && len < sizeof k2; i++)
            len += (size_t)snprintf(k2 + len, sizeof k2 - len, "%s%s=%s", i ? "," : "",
                                    ps[i].label ? ps[i].label : ps[i].attr, ps[i].values[idx[i]]);
        if (len < sizeof k2)
            snprintf(k2 + len, sizeof k2 - len, "]");
        snprintf(src, sizeof src, "%s (%s)", base, k2);
        entry *e = add_entry(L, k2, src, b);
        if (!e)
            st = DX_ENOMEM;
        for (size_t i = 0; i < np && st == DX_OK; i++)
            st = edits_add(&e->edits, DX__SWEEP_SET, ps[i].path ? ps[i].path : "", ps[i].attr,
                           ps[i].values[idx[i]], 1);
        for (size_t i = np; i-- > 0;) {
            if (++idx[i] < ps[i].n)
                break;
            idx[i] = 0;
        }
    }
    dx__free(idx);
    params_free(ps, np);
    xmlFree(base);
    return st;
}

/* ---- CSV tables (RFC 4180: quotes, doubled quotes, CRLF) ---------------------------- */

typedef struct {
    char **cells;
    size_t n;
    long line;
} csv_row;

static void row_free(csv_row *r)
{
    for (size_t i = 0; i < r->n; i++)
        dx__free(r->cells[i]);
    dx__free(r->cells);
    r->cells = NULL;
    r->n = 0;
}

/* Read one record starting at *pos; returns 0 at end of input, 1 for a row, -1 on error. */
static int csv_next(const char *s, size_t len, size_t *pos, long *line, csv_row *row)
{
    row->n = 0;
    row->cells = NULL;
    while (*pos < len && (s[*pos] == '\n' || s[*pos] == '\r' || s[*pos] == '#')) {
        if (s[*pos] == '#')
            while (*pos < len && s[*pos] != '\n')
                (*pos)++;
        if (*pos < len && s[*pos] == '\n')
            (*line)++;
        if (*pos < len)
            (*pos)++;
    }
    if (*pos >= len)
        return 0;
    row->line = *line;
    dx__buf cell;
    for (;;) {
        dx__buf_init(&cell);
        if (*pos < len && s[*pos] == '"') {
            (*pos)++;
            for (;;) {
                if (*pos >= len) {
                    dx__buf_dispose(&cell);
                    dx__set_error("line %ld: unclosed quote", row->line);
                    return -1;
                }
                char ch = s[(*pos)++];
                if (ch == '"') {
                    if (*pos < len && s[*pos] == '"') {
                        (*pos)++;
                        dx__buf_append(&cell, "\"");
                        continue;
                    }
                    break;
                }
                if (ch == '\n')
                    (*line)++;
                char one[2] = {ch, 0};
                dx__buf_append(&cell, one);
            }
        }
        while (*pos < len && s[*pos] != ',' && s[*pos] != '\n' && s[*pos] != '\r') {
            char one[2] = {s[(*pos)++], 0};
            dx__buf_append(&cell, one);
        }
        if (!cell.data)
            dx__buf_append(&cell, "");
        char *text = dx__buf_take(&cell);
        char **v = text ? dx__realloc(row->cells, (row->n + 1) * sizeof *v) : NULL;
        if (!v) {
            dx__free(text);
            dx__set_error("out of memory reading CSV");
            return -1;
        }
        row->cells = v;
        char *t = dx__trim(text);
        if (t != text)
            memmove(text, t, strlen(t) + 1);
        row->cells[row->n++] = text;
        if (*pos < len && s[*pos] == ',') {
            (*pos)++;
            continue;
        }
        if (*pos < len && s[*pos] == '\r')
            (*pos)++;
        if (*pos < len && s[*pos] == '\n') {
            (*pos)++;
            (*line)++;
        }
        return 1;
    }
}

/* Shorthand columns of a municipality table; everything else is path@attribute. */
static const struct {
    const char *column, *path, *attr;
} shorthands[] = {
    {"name", "", "name"},
    {"environment", "area", "environment"},
    {"width_m", "area", "width_m"},
    {"height_m", "area", "height_m"},
    {"menu", "programme", "menu"},
    {"applicant", "applicant", "type"},
    {"consortium_local_governments", "applicant", "consortium_local_governments"},
    {"procurement", "procurement", "mode"},
    {"draws", "uncertainty", "draws"},
};
#define N_SHORTHANDS (sizeof shorthands / sizeof shorthands[0])

static dx_status read_table_entry(loader *L, xmlNode *n)
{
    spec_ctx *c = L->c;
    static const char *const a[] = {"base", "csv", "key", NULL};
    DX_TRY(check_attrs(c, n, a));
    char *base = NULL, *csv = NULL;
    DX_TRY(req_prop(c, n, "base", "base scenario file, relative to the spec", &base));
    dx_status st = req_prop(c, n, "csv", "CSV table, relative to the spec", &csv);
    if (st != DX_OK) {
        xmlFree(base);
        return st;
    }
    char *keycol = prop(n, "key");
    char *full = join_path(c->dir, csv);
    char *text = NULL;
    size_t len = 0;
    size_t b = 0;
    st = full ? read_file(full, &text, &len) : DX_ENOMEM;
    dx__free(full);
    if (st != DX_OK) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s", dx_last_error());
        xmlFree(base);
        xmlFree(csv);
        xmlFree(keycol);
        SPEC_FAIL(st, c, n, "%s", msg);
    }
    st = add_base(L, base, &b);
    size_t pos = 0;
    long line = 1;
    csv_row head = {0};
    int r = st == DX_OK ? csv_next(text, len, &pos, &line, &head) : 0;
    if (st == DX_OK && r <= 0) {
        dx__prefix_error("%s", csv);
        if (r == 0)
            dx__set_error("%s:1: empty table (expected a header line)", csv);
        st = DX_EPARSE;
    }
    /* Resolve the header: shorthand, "area_km2", or path@attribute. */
    long key_idx = -1, area_idx = -1;
    for (size_t i = 0; st == DX_OK && i < head.n; i++) {
        const char *h = head.cells[i];
        if (strcmp(h, keycol && keycol[0] ? keycol : "name") == 0)
            key_idx = (long)i;
        if (strcmp(h, "area_km2") == 0) {
            area_idx = (long)i;
            continue;
        }
        if (strchr(h, '@'))
            continue;
        int known = 0;
        for (size_t k = 0; k < N_SHORTHANDS && !known; k++)
            known = strcmp(h, shorthands[k].column) == 0;
        if (!known && !(keycol && strcmp(h, keycol) == 0)) {
            dx__set_error("%s:%ld: column '%s' is not known (allowed: name, area_km2, environment, "
                          "width_m, height_m, menu, applicant, consortium_local_governments, "
                          "procurement, draws, or PATH@ATTRIBUTE such as "
                          "demand/devices[name=sensors]@count or prices/price[key=lora.gw]@jpy)",
                          csv, head.line, h);
            st = DX_EPARSE;
        }
    }
    csv_row row = {0};
    long n_row = 0;
    while (st == DX_OK && (r = csv_next(text, len, &pos, &line, &row)) == 1) {
        n_row++;
        char kb[512], src[1600];
        if (key_idx >= 0 && (size_t)key_idx < row.n && row.cells[key_idx][0])
            snprintf(kb, sizeof kb, "%s", row.cells[key_idx]);
        else
            snprintf(kb, sizeof kb, "row %ld", n_row);
        snprintf(src, sizeof src, "%s (%s:%ld %s)", base, csv, row.line, kb);
        entry *e = add_entry(L, kb, src, b);
        if (!e)
            st = DX_ENOMEM;
        if (st == DX_OK && row.n != head.n) {
            char msg[512];
            snprintf(msg, sizeof msg, "%s:%ld: row has %zu cells, the header %zu", csv, row.line, row.n,
                     head.n);
            e->error = xstrdup(msg);
        }
        for (size_t i = 0; st == DX_OK && !e->error && i < row.n; i++) {
            const char *h = head.cells[i], *v = row.cells[i];
            if (!v[0] || (keycol && strcmp(h, keycol) == 0 && strcmp(keycol, "name") != 0))
                continue;
            if ((long)i == area_idx) {
                double km2;
                if (dx__parse_double(v, &km2) != 0 || !(km2 >= 1e-4 && km2 <= 40000)) {
                    char msg[512];
                    snprintf(msg, sizeof msg,
                             "%s:%ld: column area_km2 = '%s' is not an area in km2 (allowed 0.0001 .. 40000)",
                             csv, row.line, v);
                    e->error = xstrdup(msg);
                    break;
                }
                char side[40];
                dx__format_double(side, sizeof side, sqrt(km2) * 1000.0, 10);
                st = edits_add(&e->edits, DX__SWEEP_SET, "area", "width_m", side, 1);
                if (st == DX_OK)
                    st = edits_add(&e->edits, DX__SWEEP_SET, "area", "height_m", side, 1);
                continue;
            }
            const char *at = strrchr(h, '@');
            if (at) {
                char pb[512];
                snprintf(pb, sizeof pb, "%.*s", (int)(at - h), h);
                st = edits_add(&e->edits, DX__SWEEP_SET, pb, at + 1, v, 1);
                continue;
            }
            for (size_t k = 0; k < N_SHORTHANDS; k++)
                if (strcmp(h, shorthands[k].column) == 0)
                    st = edits_add(&e->edits, DX__SWEEP_SET, shorthands[k].path, shorthands[k].attr, v, 1);
        }
        row_free(&row);
    }
    if (st == DX_OK && r < 0) {
        dx__prefix_error("%s", csv);
        st = DX_EPARSE;
    }
    row_free(&row);
    row_free(&head);
    dx__free(text);
    xmlFree(base);
    xmlFree(csv);
    xmlFree(keycol);
    return st;
}

/* ---- the spec ------------------------------------------------------------------ */

typedef struct {
    char *name;
    edit_list edits;
} variant;

static void loader_free(loader *L, variant *vars, size_t n_vars)
{
    for (size_t i = 0; i < L->n_bases; i++) {
        dx__free(L->bases[i].name);
        dx__free(L->bases[i].bytes);
        dx__free(L->bases[i].error);
    }
    dx__free(L->bases);
    for (size_t i = 0; i < L->n_entries; i++) {
        dx__free(L->entries[i].key);
        dx__free(L->entries[i].source);
        dx__free(L->entries[i].error);
        edits_free(&L->entries[i].edits);
    }
    dx__free(L->entries);
    edits_free(&L->common);
    for (size_t i = 0; i < n_vars; i++) {
        xmlFree(vars[i].name);
        edits_free(&vars[i].edits);
    }
    dx__free(vars);
}

void dx_sweep_free(dx_sweep *sw)
{
    if (!sw)
        return;
    for (size_t i = 0; i < sw->n_jobs; i++) {
        dx__sweep_job *j = &sw->jobs[i];
        dx__free(j->key);
        dx__free(j->scenario);
        dx__free(j->variant);
        dx__free(j->source);
        dx__free(j->xml);
        dx__free(j->error);
    }
    dx__free(sw->jobs);
    dx__free(sw->cols);
    dx__free(sw->name);
    dx__free(sw->out_dir);
    dx__free(sw);
}

static dx_status add_job(dx_sweep *sw, loader *L, const entry *e, const variant *v)
{
    if (sw->n_jobs == sw->cap_jobs) {
        size_t cap = sw->cap_jobs ? 2 * sw->cap_jobs : 64;
        dx__sweep_job *nj = dx__realloc(sw->jobs, cap * sizeof *nj);
        if (!nj)
            DX_FAIL(DX_ENOMEM, "out of memory");
        sw->jobs = nj;
        sw->cap_jobs = cap;
    }
    dx__sweep_job *j = &sw->jobs[sw->n_jobs];
    memset(j, 0, sizeof *j);
    sw->n_jobs++;
    size_t klen = strlen(e->key) + (v ? strlen(v->name) + 2 : 1);
    j->key = dx__malloc(klen);
    j->scenario = dx__strdup(e->key);
    j->variant = dx__strdup(v ? v->name : "");
    j->source = dx__strdup(e->source);
    if (!j->key || !j->scenario || !j->variant || !j->source)
        DX_FAIL(DX_ENOMEM, "out of memory");
    snprintf(j->key, klen, "%s%s%s", e->key, v ? "|" : "", v ? v->name : "");
    const base_doc *b = &L->bases[e->base];
    const char *err = e->error ? e->error : b->error;
    j->cost = 1;
    if (!err) {
        size_t ne = L->common.n + e->edits.n + (v ? v->edits.n : 0), k = 0;
        const dx__sweep_edit **ed = dx__malloc((ne ? ne : 1) * sizeof *ed);
        if (!ed)
            DX_FAIL(DX_ENOMEM, "out of memory");
        for (size_t i = 0; i < L->common.n; i++)
            ed[k++] = &L->common.v[i];
        for (size_t i = 0; i < e->edits.n; i++)
            ed[k++] = &e->edits.v[i];
        for (size_t i = 0; v && i < v->edits.n; i++)
            ed[k++] = &v->edits.v[i];
        dx_status st = dx__sweep_build_xml(b->bytes, b->len, j->source, ed, ne, sw->derive_seeds,
                                           dx__sweep_seed(e->key), &j->xml, &j->xml_len, &j->cost);
        dx__free(ed);
        if (st == DX_ENOMEM)
            return st;
        if (st != DX_OK)
            err = dx_last_error();
    }
    if (err) {
        j->error = dx__strdup(err);
        if (!j->error)
            DX_FAIL(DX_ENOMEM, "out of memory");
    }
    uint64_t h = dx__sweep_fnv1a(DX__SWEEP_FNV_OFFSET, j->key, strlen(j->key) + 1);
    if (j->xml)
        h = dx__sweep_fnv1a(h, j->xml, j->xml_len);
    else
        h = dx__sweep_fnv1a(h, j->error, strlen(j->error));
    j->hash = h;
    return DX_OK;
}

static int cmp_job_key(const void *a, const void *b, void *ctx)
{
    const dx_sweep *sw = ctx;
    return strcmp(sw->jobs[*(const size_t *)a].key, sw->jobs[*(const size_t *)b].key);
}

static dx_status read_spec(spec_ctx *c, xmlNode *root, dx_sweep *sw)
{
    if (strcmp((const char *)root->name, "sweep") != 0)
        SPEC_FAIL(DX_EPARSE, c, root, "root element must be <sweep>");
    static const char *const ra[] = {"name", "version", "seeds", NULL};
    DX_TRY(check_attrs(c, root, ra));
    double version = 1;
    DX_TRY(num_prop(c, root, "version", "format version", 1, 1, 0, &version));
    char *name = prop(root, "name");
    sw->name = xstrdup(name ? name : "unnamed sweep");
    xmlFree(name);
    if (!sw->name)
        return DX_ENOMEM;
    sw->derive_seeds = 1;
    char *seeds = prop(root, "seeds");
    if (seeds) {
        int ok = strcmp(seeds, "derived") == 0 || strcmp(seeds, "scenario") == 0;
        sw->derive_seeds = strcmp(seeds, "derived") == 0;
        char vb[64];
        snprintf(vb, sizeof vb, "%s", seeds);
        xmlFree(seeds);
        if (!ok)
            SPEC_FAIL(DX_EPARSE, c, root, "attribute seeds = '%s' (allowed: derived, scenario)", vb);
    }
    sw->chart = 1;
    char *out_dir = NULL;
    xmlNode *scen = NULL, *vars_node = NULL;
    for (xmlNode *n = root->children; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        const char *s = (const char *)n->name;
        if (strcmp(s, "output") == 0) {
            static const char *const a[] = {"dir", "columns", "reports", "chart", NULL};
            DX_TRY(check_attrs(c, n, a));
            DX_TRY(yes_no(c, n, "reports", &sw->reports));
            DX_TRY(yes_no(c, n, "chart", &sw->chart));
            xmlFree(out_dir);
            out_dir = prop(n, "dir");
            char *cols = prop(n, "columns");
            if (cols) {
                size_t cap = 1;
                for (const char *p = cols; *p; p++)
                    cap += *p == ',';
                dx__free(sw->cols);
                sw->cols = dx__malloc(cap * sizeof *sw->cols);
                sw->n_cols = 0;
                if (!sw->cols) {
                    xmlFree(cols);
                    xmlFree(out_dir);
                    DX_FAIL(DX_ENOMEM, "out of memory");
                }
                for (char *tok = strtok(cols, ", \t\n"); tok; tok = strtok(NULL, ", \t\n")) {
                    int k = dx__sweep_column_find(tok);
                    if (k < 0) {
                        char tb[64];
                        snprintf(tb, sizeof tb, "%s", tok);
                        xmlFree(cols);
                        xmlFree(out_dir);
                        SPEC_FAIL(DX_EPARSE, c, n, "attribute columns: unknown column '%s' (allowed: %s)",
                                  tb, dx__sweep_column_list());
                    }
                    sw->cols[sw->n_cols++] = k;
                }
                xmlFree(cols);
            }
        } else if (strcmp(s, "scenarios") == 0) {
            scen = n;
        } else if (strcmp(s, "variants") == 0) {
            vars_node = n;
        } else {
            xmlFree(out_dir);
            SPEC_FAIL(DX_EPARSE, c, n, "unknown element (allowed in <sweep>: <output>, <scenarios>, <variants>)");
        }
    }
    char *od = join_path(c->dir, out_dir ? out_dir : "dxsim-sweep");
    xmlFree(out_dir);
    if (!od)
        return DX_ENOMEM;
    sw->out_dir = od;
    if (!sw->cols) {
        sw->cols = dx__malloc(64 * sizeof *sw->cols);
        if (!sw->cols)
            DX_FAIL(DX_ENOMEM, "out of memory");
        sw->n_cols = dx__sweep_default_columns(sw->cols, 64);
    }
    if (!scen)
        SPEC_FAIL(DX_EPARSE, c, root, "a <scenarios> element is required");

    loader L = {.c = c};
    variant *vars = NULL;
    size_t n_vars = 0;
    dx_status st = DX_OK;
    for (xmlNode *n = scen->children; n && st == DX_OK; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        const char *s = (const char *)n->name;
        if (strcmp(s, "file") == 0)
            st = read_file_entry(&L, n);
        else if (strcmp(s, "folder") == 0)
            st = read_folder_entry(&L, n);
        else if (strcmp(s, "grid") == 0)
            st = read_grid_entry(&L, n);
        else if (strcmp(s, "table") == 0)
            st = read_table_entry(&L, n);
        else if (is_edit_element(n))
            st = read_edit(c, n, &L.common);
        else {
            char path[256];
            elem_path(n, path, sizeof path);
            dx__set_error("%s:%ld: %s: unknown element (allowed in <scenarios>: <file>, <folder>, "
                          "<grid>, <table>, <set>, <scale>, <remove>, <scale-prices>)",
                          c->file, (long)xmlGetLineNo(n), path);
            st = DX_EPARSE;
        }
    }
    if (st == DX_OK && L.n_entries == 0) {
        char path[256];
        elem_path(scen, path, sizeof path);
        dx__set_error("%s:%ld: %s: no scenarios (add <file>, <folder>, <grid> or <table>)", c->file,
                      (long)xmlGetLineNo(scen), path);
        st = DX_EPARSE;
    }
    for (xmlNode *n = vars_node ? vars_node->children : NULL; n && st == DX_OK; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        char path[256];
        elem_path(n, path, sizeof path);
        if (strcmp((const char *)n->name, "variant") != 0) {
            dx__set_error("%s:%ld: %s: unknown element (allowed in <variants>: <variant>)", c->file,
                          (long)xmlGetLineNo(n), path);
            st = DX_EPARSE;
            break;
        }
        static const char *const a[] = {"name", NULL};
        st = check_attrs(c, n, a);
        variant *nv = st == DX_OK ? dx__realloc(vars, (n_vars + 1) * sizeof *nv) : NULL;
        if (st == DX_OK && !nv) {
            dx__set_error("out of memory");
            st = DX_ENOMEM;
        }
        if (st != DX_OK)
            break;
        vars = nv;
        memset(&vars[n_vars], 0, sizeof vars[n_vars]);
        variant *v = &vars[n_vars++];
        v->name = prop(n, "name");
        if (!v->name || !v->name[0] || strchr(v->name, '|')) {
            dx__set_error("%s:%ld: %s: attribute name (variant name, without '|') is missing or invalid",
                          c->file, (long)xmlGetLineNo(n), path);
            st = DX_EPARSE;
            break;
        }
        for (size_t k = 0; k + 1 < n_vars; k++)
            if (strcmp(vars[k].name, v->name) == 0) {
                dx__set_error("%s:%ld: %s: variant name '%s' is used twice", c->file,
                              (long)xmlGetLineNo(n), path, v->name);
                st = DX_EPARSE;
            }
        for (xmlNode *k = n->children; k && st == DX_OK; k = k->next) {
            if (k->type != XML_ELEMENT_NODE)
                continue;
            if (!is_edit_element(k)) {
                elem_path(k, path, sizeof path);
                dx__set_error("%s:%ld: %s: unknown element (allowed in <variant>: <set>, <scale>, "
                              "<remove>, <scale-prices>)",
                              c->file, (long)xmlGetLineNo(k), path);
                st = DX_EPARSE;
            } else {
                st = read_edit(c, k, &v->edits);
            }
        }
    }
    /* Jobs: every scenario × every variant, in spec order. */
    for (size_t i = 0; i < L.n_entries && st == DX_OK; i++) {
        if (n_vars == 0)
            st = add_job(sw, &L, &L.entries[i], NULL);
        for (size_t k = 0; k < n_vars && st == DX_OK; k++)
            st = add_job(sw, &L, &L.entries[i], &vars[k]);
    }
    loader_free(&L, vars, n_vars);
    if (st != DX_OK)
        return st;
    /* Keys identify jobs in the journal: they must be unique. */
    size_t *idx = dx__malloc(sw->n_jobs * sizeof *idx);
    if (!idx)
        DX_FAIL(DX_ENOMEM, "out of memory");
    for (size_t i = 0; i < sw->n_jobs; i++)
        idx[i] = i;
    qsort_r(idx, sw->n_jobs, sizeof *idx, cmp_job_key, sw);
    for (size_t i = 1; i < sw->n_jobs && st == DX_OK; i++)
        if (strcmp(sw->jobs[idx[i]].key, sw->jobs[idx[i - 1]].key) == 0) {
            dx__set_error("%s: scenario key '%s' occurs twice (from %s and %s); give the <file> a key "
                          "or rename a table row",
                          c->file, sw->jobs[idx[i]].key, sw->jobs[idx[i - 1]].source,
                          sw->jobs[idx[i]].source);
            st = DX_EPARSE;
        }
    dx__free(idx);
    return st;
}

dx_status dx_sweep_load_memory(const char *xml, size_t len, const char *name, const char *base_dir,
                               dx_sweep **out)
{
    DX_REQUIRE_PTR(out);
    *out = NULL;
    DX_REQUIRE_PTR(xml);
    const char *fname = name ? name : "(memory)";
    xmlDocPtr doc = dx__sweep_read_xml(xml, len, fname, "sweep spec");
    if (!doc)
        return DX_EPARSE;
    dx_sweep *sw = dx__calloc(1, sizeof *sw);
    if (!sw) {
        xmlFreeDoc(doc);
        DX_FAIL(DX_ENOMEM, "out of memory");
    }
    spec_ctx c = {fname, base_dir ? base_dir : ""};
    dx_status st = read_spec(&c, xmlDocGetRootElement(doc), sw);
    xmlFreeDoc(doc);
    if (st != DX_OK) {
        dx_sweep_free(sw);
        return st;
    }
    *out = sw;
    return DX_OK;
}

dx_status dx_sweep_load(const char *path, dx_sweep **out)
{
    DX_REQUIRE_PTR(out);
    *out = NULL;
    DX_REQUIRE_PTR(path);
    char *text = NULL;
    size_t len = 0;
    DX_TRY(read_file(path, &text, &len));
    char *dir = dx__strdup(path);
    if (!dir) {
        dx__free(text);
        DX_FAIL(DX_ENOMEM, "out of memory");
    }
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        dir[0] = '\0';
    dx_status st = dx_sweep_load_memory(text, len, path, dir, out);
    dx__free(dir);
    dx__free(text);
    return st;
}

const char *dx_sweep_name(const dx_sweep *sw) { return sw ? sw->name : ""; }
const char *dx_sweep_output_dir(const dx_sweep *sw) { return sw ? sw->out_dir : ""; }
size_t dx_sweep_job_count(const dx_sweep *sw) { return sw ? sw->n_jobs : 0; }

const char *dx_sweep_job_key(const dx_sweep *sw, size_t i)
{
    return sw && i < sw->n_jobs ? sw->jobs[i].key : NULL;
}

double dx_sweep_job_cost(const dx_sweep *sw, size_t i)
{
    return sw && i < sw->n_jobs ? sw->jobs[i].cost : 0.0;
}

static int cmp_cost(const void *a, const void *b, void *ctx)
{
    const dx_sweep *sw = ctx;
    size_t i = *(const size_t *)a, k = *(const size_t *)b;
    double ci = sw->jobs[i].cost, ck = sw->jobs[k].cost;
    if (ci != ck)
        return ci > ck ? -1 : 1;
    return i < k ? -1 : (i > k);
}

dx_status dx_sweep_job_order(const dx_sweep *sw, size_t *order)
{
    DX_REQUIRE_PTR(sw);
    DX_REQUIRE_PTR(order);
    for (size_t i = 0; i < sw->n_jobs; i++)
        order[i] = i;
    qsort_r(order, sw->n_jobs, sizeof *order, cmp_cost, (void *)sw);
    return DX_OK;
}

dx_status dx_sweep_job_xml(const dx_sweep *sw, size_t i, char **out_xml)
{
    DX_REQUIRE_PTR(out_xml);
    *out_xml = NULL;
    DX_REQUIRE_PTR(sw);
    if (i >= sw->n_jobs)
        DX_FAIL(DX_EINVAL, "job index %zu is out of range (0 .. %zu)", i, sw->n_jobs);
    const dx__sweep_job *j = &sw->jobs[i];
    if (!j->xml)
        DX_FAIL(DX_EPARSE, "%s", j->error);
    char *t = dx__malloc(j->xml_len + 1);
    if (!t)
        DX_FAIL(DX_ENOMEM, "out of memory");
    memcpy(t, j->xml, j->xml_len + 1);
    *out_xml = t;
    return DX_OK;
}
