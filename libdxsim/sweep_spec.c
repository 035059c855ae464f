/*
 * Sweep specs: read the XML spec (safely, every error with file:line:element,
 * value and allowed range), its edits and variants; take the scenarios from
 * sweep_sources.c; expand them into jobs (scenario × variant) and build each
 * job's scenario text through sweep_xml.c. Format: docs/sweep-format.md.
 */
#define _GNU_SOURCE
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
#define DX__SWEEP_MAX_JOBS 10000000.0
#define DX__SWEEP_MAX_GRID_VALUES 100000.0

/* ---- small helpers ----------------------------------------------------------- */

char *dx__sweep_strdup(const char *s)
{
    char *d = dx__strdup(s ? s : "");
    if (!d)
        dx__set_error("out of memory");
    return d;
}

char *dx__sweep_join_path(const char *dir, const char *rel)
{
    if (!dir || !dir[0] || rel[0] == '/')
        return dx__sweep_strdup(rel);
    size_t n = strlen(dir) + strlen(rel) + 2;
    char *p = dx__malloc(n);
    if (!p) {
        dx__set_error("out of memory");
        return NULL;
    }
    snprintf(p, n, "%s/%s", dir, rel);
    return p;
}

char *dx__sweep_folder_of(char *path)
{
    if (!path)
        return NULL;
    char *slash = strrchr(path, '/');
    if (slash) {
        *slash = '\0';
        return path;
    }
    dx__free(path);
    return dx__sweep_strdup(".");
}

/* Read a whole file (at most SPEC_MAX_BYTES). */
dx_status dx__sweep_read_file(const char *path, char **out, size_t *out_len)
{
    return dx__file_read(path, SPEC_MAX_BYTES, "a sweep file", NULL, out, out_len);
}

unsigned long dx__sweep_seed(const char *scenario_key)
{
    uint64_t h = dx__sweep_fnv1a(DX__SWEEP_FNV_OFFSET, scenario_key, strlen(scenario_key));
    return (unsigned long)((h ^ (h >> 32)) & 0xffffffffu);
}

/* ---- spec context and messages ---------------------------------------------------- */

void dx__sweep_elem_path(const xmlNode *n, char *buf, size_t cap)
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

char *dx__sweep_prop(const xmlNode *n, const char *name)
{
    return (char *)xmlGetProp(n, (const xmlChar *)name);
}

dx_status dx__sweep_check_attrs(spec_ctx *c, xmlNode *n, const char *const *allowed)
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
            DX__SWEEP_SPEC_FAIL(DX_EPARSE, c, n, "unknown attribute '%s' (allowed: %s)", (const char *)a->name,
                      list[0] ? list : "none");
        }
    }
    return DX_OK;
}

dx_status dx__sweep_req_prop(spec_ctx *c, xmlNode *n, const char *name, const char *what, char **out)
{
    *out = dx__sweep_prop(n, name);
    if (!*out || !(*out)[0]) {
        xmlFree(*out);
        *out = NULL;
        DX__SWEEP_SPEC_FAIL(DX_EPARSE, c, n, "required attribute %s (%s) is missing", name, what);
    }
    return DX_OK;
}

dx_status dx__sweep_num_prop(spec_ctx *c, xmlNode *n, const char *name, const char *unit, double lo,
                          double hi, int required, double *out)
{
    char *v = dx__sweep_prop(n, name);
    if (!v) {
        if (required)
            DX__SWEEP_SPEC_FAIL(DX_EPARSE, c, n, "required attribute %s [%s] is missing (allowed %g .. %g)",
                      name, unit, lo, hi);
        return DX_OK;
    }
    double x;
    int bad = dx__parse_double(v, &x) != 0;
    if (bad) {
        char vb[64];
        snprintf(vb, sizeof vb, "%s", v);
        xmlFree(v);
        DX__SWEEP_SPEC_FAIL(DX_EPARSE, c, n, "attribute %s = '%s' is not a number (%s, allowed %g .. %g)",
                  name, vb, unit, lo, hi);
    }
    xmlFree(v);
    if (!(x >= lo && x <= hi))
        DX__SWEEP_SPEC_FAIL(DX_EDOMAIN, c, n, "attribute %s = %g %s is outside the allowed range %g .. %g %s",
                  name, x, unit, lo, hi, unit);
    *out = x;
    return DX_OK;
}

static dx_status yes_no(spec_ctx *c, xmlNode *n, const char *name, int *out)
{
    char *v = dx__sweep_prop(n, name);
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
        DX__SWEEP_SPEC_FAIL(DX_EPARSE, c, n, "attribute %s = '%s' (allowed: yes, no)", name, vb);
    }
    xmlFree(v);
    return DX_OK;
}

/* ---- edits ------------------------------------------------------------------- */

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

dx_status dx__sweep_edits_add(edit_list *l, dx__sweep_op op, const char *path, const char *attr,
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
    char *path = dx__sweep_prop(n, "path"), *attr = NULL, *value = NULL;
    dx_status st = DX_OK;
    double factor = 1;
    if (strcmp(s, "scale-prices") == 0) {
        static const char *const a[] = {"factor", NULL};
        st = dx__sweep_check_attrs(c, n, a);
        if (st == DX_OK)
            st = dx__sweep_num_prop(c, n, "factor", "ratio", 1e-6, 1e6, 1, &factor);
        if (st == DX_OK)
            st = dx__sweep_edits_add(out, DX__SWEEP_SCALE_PRICES, NULL, NULL, NULL, factor);
        xmlFree(path);
        return st;
    }
    if (strcmp(s, "set") == 0) {
        static const char *const a[] = {"path", "attribute", "value", NULL};
        st = dx__sweep_check_attrs(c, n, a);
        if (st == DX_OK)
            st = dx__sweep_req_prop(c, n, "attribute", "attribute name", &attr);
        if (st == DX_OK) {
            value = dx__sweep_prop(n, "value");
            if (!value) {
                xmlFree(path);
                xmlFree(attr);
                DX__SWEEP_SPEC_FAIL(DX_EPARSE, c, n, "required attribute value is missing");
            }
        }
        if (st == DX_OK)
            st = dx__sweep_edits_add(out, DX__SWEEP_SET, path ? path : "", attr, value, 1);
    } else if (strcmp(s, "scale") == 0) {
        static const char *const a[] = {"path", "attribute", "factor", NULL};
        st = dx__sweep_check_attrs(c, n, a);
        if (st == DX_OK)
            st = dx__sweep_req_prop(c, n, "attribute", "attribute name", &attr);
        if (st == DX_OK)
            st = dx__sweep_num_prop(c, n, "factor", "ratio", -1e12, 1e12, 1, &factor);
        if (st == DX_OK)
            st = dx__sweep_edits_add(out, DX__SWEEP_SCALE, path ? path : "", attr, NULL, factor);
    } else {
        static const char *const a[] = {"path", NULL};
        st = dx__sweep_check_attrs(c, n, a);
        if (st == DX_OK && (!path || !path[0])) {
            xmlFree(path);
            DX__SWEEP_SPEC_FAIL(DX_EPARSE, c, n, "required attribute path (element to remove) is missing");
        }
        if (st == DX_OK)
            st = dx__sweep_edits_add(out, DX__SWEEP_REMOVE, path, NULL, NULL, 1);
    }
    xmlFree(path);
    xmlFree(attr);
    xmlFree(value);
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
        dx__free(L->bases[i].dir);
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
        dx__free(j->dir);
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
    const base_doc *b = &L->bases[e->base];
    j->dir = dx__strdup(b->dir ? b->dir : ".");
    if (!j->key || !j->scenario || !j->variant || !j->source || !j->dir)
        DX_FAIL(DX_ENOMEM, "out of memory");
    snprintf(j->key, klen, "%s%s%s", e->key, v ? "|" : "", v ? v->name : "");
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

static int cmp_report_name(const void *a, const void *b, void *ctx)
{
    const dx_sweep *sw = ctx;
    char na[DX__SWEEP_REPORT_NAME_MAX], nb[DX__SWEEP_REPORT_NAME_MAX];
    dx__sweep_report_name(sw->jobs[*(const size_t *)a].key, na, sizeof na);
    dx__sweep_report_name(sw->jobs[*(const size_t *)b].key, nb, sizeof nb);
    return strcmp(na, nb);
}

static dx_status read_spec(spec_ctx *c, xmlNode *root, dx_sweep *sw)
{
    if (strcmp((const char *)root->name, "sweep") != 0)
        DX__SWEEP_SPEC_FAIL(DX_EPARSE, c, root, "root element must be <sweep>");
    static const char *const ra[] = {"name", "version", "seeds", NULL};
    DX_TRY(dx__sweep_check_attrs(c, root, ra));
    double version = 1;
    DX_TRY(dx__sweep_num_prop(c, root, "version", "format version", 1, 1, 0, &version));
    char *name = dx__sweep_prop(root, "name");
    sw->name = dx__sweep_strdup(name ? name : "unnamed sweep");
    xmlFree(name);
    if (!sw->name)
        return DX_ENOMEM;
    sw->derive_seeds = 1;
    char *seeds = dx__sweep_prop(root, "seeds");
    if (seeds) {
        int ok = strcmp(seeds, "derived") == 0 || strcmp(seeds, "scenario") == 0;
        sw->derive_seeds = strcmp(seeds, "derived") == 0;
        char vb[64];
        snprintf(vb, sizeof vb, "%s", seeds);
        xmlFree(seeds);
        if (!ok)
            DX__SWEEP_SPEC_FAIL(DX_EPARSE, c, root, "attribute seeds = '%s' (allowed: derived, scenario)", vb);
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
            DX_TRY(dx__sweep_check_attrs(c, n, a));
            DX_TRY(yes_no(c, n, "reports", &sw->reports));
            DX_TRY(yes_no(c, n, "chart", &sw->chart));
            xmlFree(out_dir);
            out_dir = dx__sweep_prop(n, "dir");
            char *cols = dx__sweep_prop(n, "columns");
            if (cols) {
                /* strtok below splits on commas AND blanks ("rank feasible" is two
                 * columns), so bound the count by every separator, not by the
                 * commas only: counting commas under-allocated sw->cols and the
                 * last column was written one past its end (fuzz_sweep_spec). */
                static const char col_seps[] = ", \t\n";
                size_t cap = 1;
                for (const char *p = cols; *p; p++)
                    cap += strchr(col_seps, *p) != NULL;
                dx__free(sw->cols);
                sw->cols = dx__malloc(cap * sizeof *sw->cols);
                sw->n_cols = 0;
                if (!sw->cols) {
                    xmlFree(cols);
                    xmlFree(out_dir);
                    DX_FAIL(DX_ENOMEM, "out of memory");
                }
                for (char *tok = strtok(cols, col_seps); tok; tok = strtok(NULL, col_seps)) {
                    int k = dx__sweep_column_find(tok);
                    if (k < 0) {
                        char tb[64];
                        snprintf(tb, sizeof tb, "%s", tok);
                        xmlFree(cols);
                        xmlFree(out_dir);
                        DX__SWEEP_SPEC_FAIL(DX_EPARSE, c, n, "attribute columns: unknown column '%s' (allowed: %s)",
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
            DX__SWEEP_SPEC_FAIL(DX_EPARSE, c, n, "unknown element (allowed in <sweep>: <output>, <scenarios>, <variants>)");
        }
    }
    /* like dxsim run -o: relative to the current folder, not the spec's */
    char *od = dx__sweep_strdup(out_dir ? out_dir : "dxsim-sweep");
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
        DX__SWEEP_SPEC_FAIL(DX_EPARSE, c, root, "a <scenarios> element is required");

    loader L = {.c = c};
    variant *vars = NULL;
    size_t n_vars = 0;
    dx_status st = DX_OK;
    for (xmlNode *n = scen->children; n && st == DX_OK; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        const char *s = (const char *)n->name;
        if (strcmp(s, "file") == 0)
            st = dx__sweep_read_file_entry(&L, n);
        else if (strcmp(s, "folder") == 0)
            st = dx__sweep_read_folder_entry(&L, n);
        else if (strcmp(s, "grid") == 0)
            st = dx__sweep_read_grid_entry(&L, n);
        else if (strcmp(s, "table") == 0)
            st = dx__sweep_read_table_entry(&L, n);
        else if (is_edit_element(n))
            st = read_edit(c, n, &L.common);
        else {
            char path[256];
            dx__sweep_elem_path(n, path, sizeof path);
            dx__set_error("%s:%ld: %s: unknown element (allowed in <scenarios>: <file>, <folder>, "
                          "<grid>, <table>, <set>, <scale>, <remove>, <scale-prices>)",
                          c->file, (long)xmlGetLineNo(n), path);
            st = DX_EPARSE;
        }
    }
    if (st == DX_OK && L.n_entries == 0) {
        char path[256];
        dx__sweep_elem_path(scen, path, sizeof path);
        dx__set_error("%s:%ld: %s: no scenarios (add <file>, <folder>, <grid> or <table>)", c->file,
                      (long)xmlGetLineNo(scen), path);
        st = DX_EPARSE;
    }
    for (xmlNode *n = vars_node ? vars_node->children : NULL; n && st == DX_OK; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        char path[256];
        dx__sweep_elem_path(n, path, sizeof path);
        if (strcmp((const char *)n->name, "variant") != 0) {
            dx__set_error("%s:%ld: %s: unknown element (allowed in <variants>: <variant>)", c->file,
                          (long)xmlGetLineNo(n), path);
            st = DX_EPARSE;
            break;
        }
        static const char *const a[] = {"name", NULL};
        st = dx__sweep_check_attrs(c, n, a);
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
        v->name = dx__sweep_prop(n, "name");
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
                dx__sweep_elem_path(k, path, sizeof path);
                dx__set_error("%s:%ld: %s: unknown element (allowed in <variant>: <set>, <scale>, "
                              "<remove>, <scale-prices>)",
                              c->file, (long)xmlGetLineNo(k), path);
                st = DX_EPARSE;
            } else {
                st = read_edit(c, k, &v->edits);
            }
        }
    }
    /* Every job's text is built and kept below: estimate it first (the base's
     * size per job). Two grid parameters of 1,000 values each were a million
     * jobs, 4.7 GB built before the first ran; within the 10^7-job bound
     * the spec could ask for ~47 GB. */
    double text_bytes = 0, n_jobs = (double)L.n_entries * (double)(n_vars ? n_vars : 1);
    for (size_t i = 0; i < L.n_entries; i++)
        text_bytes += (double)L.bases[L.entries[i].base].len * (double)(n_vars ? n_vars : 1);
    if (st == DX_OK && text_bytes > DX__SWEEP_MAX_TEXT_BYTES) {
        dx__set_error("%s: %.0f jobs (scenarios x variants) of about %.0f MB of scenario text in "
                      "all (allowed up to %.0f MB, each job's text is held in memory): split the "
                      "sweep or use fewer grid values",
                      c->file, n_jobs, text_bytes / 1e6, DX__SWEEP_MAX_TEXT_BYTES / 1e6);
        st = DX_EDOMAIN;
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
    /* ... and so must their report folders: 'a/b' and 'a_b' both wrote reports/a_b,
     * one job's reports silently replacing the other's */
    if (st == DX_OK && sw->reports) {
        qsort_r(idx, sw->n_jobs, sizeof *idx, cmp_report_name, sw);
        char a[DX__SWEEP_REPORT_NAME_MAX], b[DX__SWEEP_REPORT_NAME_MAX];
        for (size_t i = 1; i < sw->n_jobs && st == DX_OK; i++) {
            dx__sweep_report_name(sw->jobs[idx[i - 1]].key, a, sizeof a);
            dx__sweep_report_name(sw->jobs[idx[i]].key, b, sizeof b);
            if (strcmp(a, b) == 0) {
                dx__set_error("%s: <output reports=\"yes\">: scenario keys '%s' (from %s) and '%s' "
                              "(from %s) both write their reports to reports/%s (a key's bytes "
                              "other than letters, digits, '.', '-', '_' become '_', at most %d "
                              "bytes); rename one",
                              c->file, sw->jobs[idx[i - 1]].key, sw->jobs[idx[i - 1]].source,
                              sw->jobs[idx[i]].key, sw->jobs[idx[i]].source, a,
                              DX__SWEEP_REPORT_NAME_MAX - 1);
                st = DX_EPARSE;
            }
        }
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
    DX_TRY(dx__sweep_read_file(path, &text, &len));
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
