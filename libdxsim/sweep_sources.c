/*
 * Sweep scenario sources: the <file>, <folder>, <grid> and <table> (CSV)
 * elements of a spec, each turned into scenario entries (key, base document,
 * edits) for sweep_spec.c to cross with the variants.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/tree.h>
#include "sweep_internal.h"

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
    b->name = dx__sweep_strdup(rel);
    if (!b->name)
        return DX_ENOMEM;
    char *full = dx__sweep_join_path(L->c->dir, rel);
    if (!full) {
        dx__free(b->name);
        return DX_ENOMEM;
    }
    dx_status st = dx__sweep_read_file(full, &b->bytes, &b->len);
    b->dir = dx__sweep_folder_of(full); /* for the base's relative references */
    if (st == DX_OK && !b->dir)
        st = DX_ENOMEM;
    if (st == DX_ENOMEM) {
        dx__free(b->dir);
        dx__free(b->name);
        return DX_ENOMEM;
    }
    if (st != DX_OK) {
        b->error = dx__sweep_strdup(dx_last_error()); /* the jobs of this base become error rows */
        if (!b->error) {
            dx__free(b->dir);
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
    e->key = dx__sweep_strdup(key);
    e->source = dx__sweep_strdup(source);
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

dx_status dx__sweep_read_file_entry(loader *L, xmlNode *n)
{
    static const char *const a[] = {"path", "key", NULL};
    DX_TRY(dx__sweep_check_attrs(L->c, n, a));
    char *path = NULL;
    DX_TRY(dx__sweep_req_prop(L->c, n, "path", "scenario file, relative to the spec", &path));
    char *key = dx__sweep_prop(n, "key");
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

dx_status dx__sweep_read_folder_entry(loader *L, xmlNode *n)
{
    static const char *const a[] = {"path", NULL};
    DX_TRY(dx__sweep_check_attrs(L->c, n, a));
    char *path = NULL;
    DX_TRY(dx__sweep_req_prop(L->c, n, "path", "folder of scenario files, relative to the spec", &path));
    char *full = dx__sweep_join_path(L->c->dir, path);
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
        DX__SWEEP_SPEC_FAIL(DX_EIO, L->c, n, "attribute path = '%s': cannot open the folder: %s", pb, strerror(e));
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
        char *rel = dx__sweep_join_path(path, names[i]);
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
    DX_TRY(dx__sweep_check_attrs(c, n, a));
    p->path = dx__sweep_prop(n, "path");
    DX_TRY(dx__sweep_req_prop(c, n, "attribute", "attribute the parameter sets", &p->attr));
    p->label = dx__sweep_prop(n, "name");
    char *values = dx__sweep_prop(n, "values");
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
            DX__SWEEP_SPEC_FAIL(DX_EPARSE, c, n, "attribute values is empty (expected values separated by spaces)");
        return DX_OK;
    }
    double from = 0, to = 0, step = 0;
    DX_TRY(dx__sweep_num_prop(c, n, "from", "value", -1e300, 1e300, 1, &from));
    DX_TRY(dx__sweep_num_prop(c, n, "to", "value", -1e300, 1e300, 1, &to));
    DX_TRY(dx__sweep_num_prop(c, n, "step", "value", 1e-300, 1e300, 1, &step));
    double count = floor((to - from) / step + 1e-9) + 1;
    if (!(count >= 1 && count <= DX__SWEEP_MAX_GRID_VALUES))
        DX__SWEEP_SPEC_FAIL(DX_EDOMAIN, c, n, "from = %g, to = %g, step = %g give %g values (allowed 1 .. %g)",
                  from, to, step, count < 1 ? 0.0 : count, DX__SWEEP_MAX_GRID_VALUES);
    for (double k = 0; k < count; k++) {
        char buf[40];
        dx__format_double(buf, sizeof buf, from + k * step, 12);
        DX_TRY(push_value(p, buf, strlen(buf)));
    }
    return DX_OK;
}

dx_status dx__sweep_read_grid_entry(loader *L, xmlNode *n)
{
    spec_ctx *c = L->c;
    static const char *const a[] = {"base", "key", NULL};
    DX_TRY(dx__sweep_check_attrs(c, n, a));
    char *base = NULL;
    DX_TRY(dx__sweep_req_prop(c, n, "base", "base scenario file, relative to the spec", &base));
    char *key = dx__sweep_prop(n, "key");
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
            DX__SWEEP_SPEC_FAIL(DX_EPARSE, c, k, "unknown element (allowed in <grid>: <param>)");
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
        DX__SWEEP_SPEC_FAIL(DX_EPARSE, c, n, "a <grid> needs at least one <param>");
    }
    if (st == DX_OK && total > DX__SWEEP_MAX_JOBS) {
        xmlFree(base);
        params_free(ps, np);
        DX__SWEEP_SPEC_FAIL(DX_EDOMAIN, c, n, "the grid has %g points (allowed 1 .. %g)", total, DX__SWEEP_MAX_JOBS);
    }
    /* before the points are expanded (a million points took 620 MB to list):
     * each point's scenario text is built and held (the bound of dx_sweep_load) */
    double text_bytes = total * (double)L->bases[b].len;
    if (st == DX_OK && text_bytes > DX__SWEEP_MAX_TEXT_BYTES) {
        xmlFree(base);
        params_free(ps, np);
        DX__SWEEP_SPEC_FAIL(DX_EDOMAIN, c, n,
                            "the grid's %g points are about %.0f MB of scenario text (allowed up "
                            "to %.0f MB, each job's text is held in memory): use fewer values",
                            total, text_bytes / 1e6, DX__SWEEP_MAX_TEXT_BYTES / 1e6);
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
            st = dx__sweep_edits_add(&e->edits, DX__SWEEP_SET, ps[i].path ? ps[i].path : "", ps[i].attr,
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

/* ---- CSV tables (read by dx__csv_step, csv_table.c) ---------------------------------- */


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

/* Column area_file: the row's area is the polygon of a GeoJSON/KML file named
 * relative to the CSV's folder. The job's scenario gets <area file=> as an
 * absolute path (the job is parsed from memory, away from the CSV) and loses
 * the base's rectangle attributes, which a polygon area may not carry. A file
 * that does not exist is the row's error (its content is checked when the
 * job's scenario is read, with the scenario reader's message). */
static dx_status area_file_edits(const char *spec_dir, const char *csv, long line, const char *v,
                                 entry *e)
{
    char *csv_dir = dx__sweep_folder_of(dx__sweep_join_path(spec_dir, csv));
    if (!csv_dir)
        DX_FAIL(DX_ENOMEM, "out of memory");
    char *joined = v[0] == '/' ? dx__sweep_strdup(v) : dx__sweep_join_path(csv_dir, v);
    dx__free(csv_dir);
    if (!joined)
        DX_FAIL(DX_ENOMEM, "out of memory");
    char *abs = realpath(joined, NULL);
    if (!abs) {
        char msg[1200];
        snprintf(msg, sizeof msg, "%s:%ld: column area_file = '%s': %s (%s; a GeoJSON or KML file "
                 "relative to the CSV's folder)", csv, line, v, strerror(errno), joined);
        dx__free(joined);
        e->error = dx__sweep_strdup(msg);
        return e->error ? DX_OK : DX_ENOMEM;
    }
    dx__free(joined);
    static const char *const rect[] = {"width_m", "height_m", "lat_deg", "lon_deg"};
    dx_status st = DX_OK;
    for (size_t k = 0; k < sizeof rect / sizeof rect[0] && st == DX_OK; k++)
        st = dx__sweep_edits_add(&e->edits, DX__SWEEP_UNSET, "area", rect[k], NULL, 1);
    if (st == DX_OK)
        st = dx__sweep_edits_add(&e->edits, DX__SWEEP_SET, "area", "file", abs, 1);
    free(abs);
    return st;
}

dx_status dx__sweep_read_table_entry(loader *L, xmlNode *n)
{
    spec_ctx *c = L->c;
    static const char *const a[] = {"base", "csv", "key", NULL};
    DX_TRY(dx__sweep_check_attrs(c, n, a));
    char *base = NULL, *csv = NULL;
    DX_TRY(dx__sweep_req_prop(c, n, "base", "base scenario file, relative to the spec", &base));
    dx_status st = dx__sweep_req_prop(c, n, "csv", "CSV table, relative to the spec", &csv);
    if (st != DX_OK) {
        xmlFree(base);
        return st;
    }
    char *keycol = dx__sweep_prop(n, "key");
    char *full = dx__sweep_join_path(c->dir, csv);
    char *text = NULL;
    size_t len = 0;
    size_t b = 0;
    st = full ? dx__sweep_read_file(full, &text, &len) : DX_ENOMEM;
    dx__free(full);
    if (st != DX_OK) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s", dx_last_error());
        xmlFree(base);
        xmlFree(csv);
        xmlFree(keycol);
        DX__SWEEP_SPEC_FAIL(st, c, n, "%s", msg);
    }
    st = add_base(L, base, &b);
    size_t pos = 0; /* the reader skips a BOM */
    long line = 1;
    dx__csv_row head = {0};
    int got_head = st == DX_OK && dx__csv_step(text, len, &pos, &line, &head, csv, &st);
    if (st == DX_OK && !got_head) {
        dx__set_error("%s:1: empty table (expected a header line)", csv);
        st = DX_EPARSE;
    }
    /* Resolve the header: shorthand, "area_km2", "area_file", or path@attribute. */
    long key_idx = -1, area_idx = -1, file_idx = -1;
    for (size_t i = 0; st == DX_OK && i < head.n; i++) {
        const char *h = head.cells[i];
        for (size_t j = 0; j < i && st == DX_OK; j++)
            if (strcmp(h, head.cells[j]) == 0) { /* the later one silently won */
                dx__set_error("%s:%ld: column '%s' is named twice (columns %zu and %zu)", csv,
                              head.line, h, j + 1, i + 1);
                st = DX_EPARSE;
            }
        if (st != DX_OK)
            break;
        if (strcmp(h, keycol && keycol[0] ? keycol : "name") == 0)
            key_idx = (long)i;
        if (strcmp(h, "area_km2") == 0) {
            area_idx = (long)i;
            continue;
        }
        if (strcmp(h, "area_file") == 0) {
            file_idx = (long)i;
            continue;
        }
        if (strchr(h, '@'))
            continue;
        int known = 0;
        for (size_t k = 0; k < N_SHORTHANDS && !known; k++)
            known = strcmp(h, shorthands[k].column) == 0;
        if (!known && !(keycol && strcmp(h, keycol) == 0)) {
            dx__set_error("%s:%ld: column '%s' is not known (allowed: name, area_km2, area_file, environment, "
                          "width_m, height_m, menu, applicant, consortium_local_governments, "
                          "procurement, draws, or PATH@ATTRIBUTE such as "
                          "demand/devices[name=sensors]@count or prices/price[key=lora.gw]@jpy)",
                          csv, head.line, h);
            st = DX_EPARSE;
        }
    }
    dx__csv_row row = {0};
    long n_row = 0;
    while (st == DX_OK && dx__csv_step(text, len, &pos, &line, &row, csv, &st)) {
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
            e->error = dx__sweep_strdup(msg);
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
                    e->error = dx__sweep_strdup(msg);
                    break;
                }
                char side[40];
                dx__format_double(side, sizeof side, sqrt(km2) * 1000.0, 10);
                st = dx__sweep_edits_add(&e->edits, DX__SWEEP_SET, "area", "width_m", side, 1);
                if (st == DX_OK)
                    st = dx__sweep_edits_add(&e->edits, DX__SWEEP_SET, "area", "height_m", side, 1);
                continue;
            }
            if ((long)i == file_idx) {
                if (area_idx >= 0 && (size_t)area_idx < row.n && row.cells[area_idx][0]) {
                    char msg[512];
                    snprintf(msg, sizeof msg, "%s:%ld: columns area_km2 and area_file are both given "
                             "(a row's area is a square of area_km2 or the polygon of area_file)",
                             csv, row.line);
                    e->error = dx__sweep_strdup(msg);
                    break;
                }
                st = area_file_edits(c->dir, csv, row.line, v, e);
                continue;
            }
            const char *at = strrchr(h, '@');
            if (at) {
                char pb[512];
                snprintf(pb, sizeof pb, "%.*s", (int)(at - h), h);
                st = dx__sweep_edits_add(&e->edits, DX__SWEEP_SET, pb, at + 1, v, 1);
                continue;
            }
            for (size_t k = 0; k < N_SHORTHANDS; k++)
                if (strcmp(h, shorthands[k].column) == 0)
                    st = dx__sweep_edits_add(&e->edits, DX__SWEEP_SET, shorthands[k].path, shorthands[k].attr, v, 1);
        }
    }
    dx__csv_row_free(&row);
    dx__csv_row_free(&head);
    dx__free(text);
    xmlFree(base);
    xmlFree(csv);
    xmlFree(keycol);
    return st;
}
