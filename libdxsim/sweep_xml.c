/*
 * Sweep jobs as scenario XML: the one place that turns a base scenario and a
 * job's edits (set an attribute, scale one, remove an element, scale every
 * price) into the text given to dx_scenario_load_memory. The DOM is edited
 * with libxml2; the base document's line numbers are kept, so the scenario
 * reader's messages (file:line: element) point into the base file.
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlsave.h>
#include "sweep_internal.h"
#include "dxsim/cost.h"
#include "dxsim/technology.h"

#define SWEEP_MAX_XML_BYTES ((size_t)8 << 20) /* as dx_load_options.max_bytes */

void *dx__sweep_read_xml(const char *text, size_t len, const char *name, const char *what)
{
    if (len > SWEEP_MAX_XML_BYTES || len > (size_t)0x7fffffff) {
        dx__set_error("%s: document is %zu bytes (limit %zu bytes)", name, len, SWEEP_MAX_XML_BYTES);
        return NULL;
    }
    char article[64];
    snprintf(article, sizeof article, "a %s", what);
    xmlDocPtr doc = NULL;
    if (dx__xml_read(text, len, name, article, 0, &doc) != DX_OK)
        return NULL;
    return doc;
}

/* ---- element paths: "a/b[attr=value]/c" ----------------------------------- */

typedef struct {
    char name[64];
    char sel_attr[64]; /* "" = no selector */
    char sel_value[256];
} path_seg;

#define MAX_SEGS 8

static dx_status parse_path(const char *path, path_seg *segs, size_t *n_out)
{
    size_t n = 0;
    const char *p = path;
    while (*p) {
        if (n == MAX_SEGS)
            DX_FAIL(DX_EDOMAIN, "path '%s' has more than %d elements", path, MAX_SEGS);
        path_seg *s = &segs[n++];
        memset(s, 0, sizeof *s);
        size_t k = 0;
        while (*p && *p != '/' && *p != '[') {
            if (k + 1 >= sizeof s->name)
                DX_FAIL(DX_EDOMAIN, "path '%s': element name too long", path);
            s->name[k++] = *p++;
        }
        if (k == 0)
            DX_FAIL(DX_EDOMAIN, "path '%s': empty element name (expected e.g. "
                                "'prices/price[key=lora.gw]')", path);
        if (*p == '[') {
            p++;
            k = 0;
            while (*p && *p != '=' && *p != ']') {
                if (k + 1 >= sizeof s->sel_attr)
                    DX_FAIL(DX_EDOMAIN, "path '%s': selector name too long", path);
                s->sel_attr[k++] = *p++;
            }
            if (*p != '=' || k == 0)
                DX_FAIL(DX_EDOMAIN, "path '%s': selector must read [attribute=value]", path);
            p++;
            char quote = (*p == '\'' || *p == '"') ? *p++ : 0;
            k = 0;
            while (*p && (quote ? *p != quote : *p != ']')) {
                if (k + 1 >= sizeof s->sel_value)
                    DX_FAIL(DX_EDOMAIN, "path '%s': selector value too long", path);
                s->sel_value[k++] = *p++;
            }
            if (quote) {
                if (*p != quote)
                    DX_FAIL(DX_EDOMAIN, "path '%s': unclosed quote in selector", path);
                p++;
            }
            if (*p != ']')
                DX_FAIL(DX_EDOMAIN, "path '%s': selector must end with ']'", path);
            p++;
        }
        if (*p == '/')
            p++;
        else if (*p)
            DX_FAIL(DX_EDOMAIN, "path '%s': expected '/' after ']'", path);
    }
    *n_out = n;
    return DX_OK;
}

static int seg_matches(const xmlNode *n, const path_seg *s)
{
    if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, s->name) != 0)
        return 0;
    if (!s->sel_attr[0])
        return 1;
    xmlChar *v = xmlGetProp(n, (const xmlChar *)s->sel_attr);
    int ok = v && strcmp((const char *)v, s->sel_value) == 0;
    xmlFree(v);
    return ok;
}

/* Every element matching segs[k..] below parent (children order). */
typedef struct {
    xmlNode **v;
    size_t n, cap;
    int failed;
} node_list;

static void list_push(node_list *l, xmlNode *n)
{
    if (l->failed)
        return;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        xmlNode **v = dx__realloc(l->v, cap * sizeof *v);
        if (!v) {
            l->failed = 1;
            return;
        }
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = n;
}

static void collect(xmlNode *parent, const path_seg *segs, size_t n_segs, node_list *out)
{
    if (n_segs == 0) {
        list_push(out, parent);
        return;
    }
    for (xmlNode *c = parent->children; c; c = c->next)
        if (seg_matches(c, &segs[0]))
            collect(c, segs + 1, n_segs - 1, out);
}

/* First element on the path, creating what is missing. */
static dx_status find_or_create(xmlNode *root, const path_seg *segs, size_t n_segs, xmlNode **out)
{
    xmlNode *cur = root;
    for (size_t i = 0; i < n_segs; i++) {
        xmlNode *hit = NULL;
        for (xmlNode *c = cur->children; c && !hit; c = c->next)
            if (seg_matches(c, &segs[i]))
                hit = c;
        if (!hit) {
            hit = xmlNewChild(cur, NULL, (const xmlChar *)segs[i].name, NULL);
            if (!hit || (segs[i].sel_attr[0] &&
                         !xmlSetProp(hit, (const xmlChar *)segs[i].sel_attr,
                                     (const xmlChar *)segs[i].sel_value)))
                DX_FAIL(DX_ENOMEM, "out of memory adding <%s>", segs[i].name);
        }
        cur = hit;
    }
    *out = cur;
    return DX_OK;
}

static dx_status set_num(xmlNode *n, const char *attr, double v)
{
    char buf[40];
    dx__format_double(buf, sizeof buf, v, 15);
    if (!xmlSetProp(n, (const xmlChar *)attr, (const xmlChar *)buf))
        DX_FAIL(DX_ENOMEM, "out of memory setting %s", attr);
    return DX_OK;
}

static dx_status scale_attr(xmlNode *n, const char *attr, double factor, const char *path)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
    if (!v)
        return DX_OK; /* nothing to scale on this element */
    double x;
    int bad = dx__parse_double((const char *)v, &x) != 0;
    if (bad) {
        dx__set_error("line %ld: <%s> attribute %s = '%s' is not a number, cannot scale it (path '%s')",
                      (long)xmlGetLineNo(n), (const char *)n->name, attr, (const char *)v, path);
        xmlFree(v);
        return DX_EDOMAIN;
    }
    xmlFree(v);
    return set_num(n, attr, x * factor);
}

/* <prices>/<price key jpy> for every JPY price-book entry written in the
 * scenario's tax convention, × factor; existing overrides are scaled. */
static dx_status scale_prices(xmlNode *root, double factor)
{
    int tax_included = 0;
    for (xmlNode *c = root->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, "finance") == 0) {
            xmlChar *v = xmlGetProp(c, (const xmlChar *)"prices");
            tax_included = v && strcmp((const char *)v, "tax-included") == 0;
            xmlFree(v);
        }
    path_seg prices_seg[1];
    size_t ns = 0;
    DX_TRY(parse_path("prices", prices_seg, &ns));
    xmlNode *prices = NULL;
    DX_TRY(find_or_create(root, prices_seg, 1, &prices));
    for (xmlNode *c = prices->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, "price") == 0)
            DX_TRY(scale_attr(c, "jpy", factor, "prices/price"));
    dx_price_book *book = NULL;
    DX_TRY(dx_price_book_builtin(&book));
    dx_status st = DX_OK;
    size_t n = dx_price_book_count(book);
    for (size_t i = 0; i < n && st == DX_OK; i++) {
        dx_price_entry e;
        if (dx_price_book_entry(book, i, &e) != DX_OK || strncmp(e.unit, "jpy", 3) != 0 ||
            e.tax_included != tax_included)
            continue;
        int have = 0;
        for (xmlNode *c = prices->children; c && !have; c = c->next) {
            if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, "price") != 0)
                continue;
            xmlChar *k = xmlGetProp(c, (const xmlChar *)"key");
            have = k && strcmp((const char *)k, e.key) == 0;
            xmlFree(k);
        }
        if (have)
            continue;
        xmlNode *p = xmlNewChild(prices, NULL, (const xmlChar *)"price", NULL);
        if (!p || !xmlSetProp(p, (const xmlChar *)"key", (const xmlChar *)e.key)) {
            dx__set_error("out of memory adding <price key=\"%s\">", e.key);
            st = DX_ENOMEM;
        } else {
            st = set_num(p, "jpy", e.value * factor);
        }
    }
    dx_price_book_free(book);
    return st;
}

static dx_status apply_edit(xmlNode *root, const dx__sweep_edit *e)
{
    path_seg segs[MAX_SEGS];
    size_t n = 0;
    if (e->op == DX__SWEEP_SCALE_PRICES)
        return scale_prices(root, e->factor);
    DX_TRY(parse_path(e->path, segs, &n));
    if (e->op == DX__SWEEP_SET) {
        xmlNode *node = NULL;
        DX_TRY(find_or_create(root, segs, n, &node));
        if (!xmlSetProp(node, (const xmlChar *)e->attr, (const xmlChar *)e->value))
            DX_FAIL(DX_ENOMEM, "out of memory setting %s", e->attr);
        return DX_OK;
    }
    node_list l = {0};
    collect(root, segs, n, &l);
    dx_status st = l.failed ? DX_ENOMEM : DX_OK;
    if (l.failed)
        dx__set_error("out of memory resolving path '%s'", e->path);
    for (size_t i = 0; i < l.n && st == DX_OK; i++) {
        if (e->op == DX__SWEEP_SCALE) {
            st = scale_attr(l.v[i], e->attr, e->factor, e->path);
        } else if (e->op == DX__SWEEP_UNSET) {
            xmlAttr *a = xmlHasProp(l.v[i], (const xmlChar *)e->attr);
            if (a)
                xmlRemoveProp(a);
        } else if (l.v[i] != root) {
            xmlUnlinkNode(l.v[i]);
            xmlFreeNode(l.v[i]);
        }
    }
    dx__free(l.v);
    return st;
}

static double attr_double(xmlNode *n, const char *attr, double def)
{
    xmlChar *v = n ? xmlGetProp(n, (const xmlChar *)attr) : NULL;
    double x = def;
    if (v && dx__parse_double((const char *)v, &x) != 0)
        x = def;
    xmlFree(v);
    return x;
}

static xmlNode *child(xmlNode *parent, const char *name)
{
    for (xmlNode *c = parent ? parent->children : NULL; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, name) == 0)
            return c;
    return NULL;
}

/* Relative cost of a scenario, for scheduling only (ASSUMED shape, calibrated
 * against nothing better than bench/bench_sweep.c): each technology is one
 * design, each 200 Monte Carlo draws cost about one more, and larger areas
 * plan more sites. */
static double estimate_cost(xmlNode *root)
{
    double techs = 0;
    for (xmlNode *c = child(root, "technologies") ? child(root, "technologies")->children : NULL; c;
         c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        xmlChar *id = xmlGetProp(c, (const xmlChar *)"id");
        techs += (id && strcmp((const char *)id, "all") == 0) ? (double)dx_technology_count() : 1.0;
        xmlFree(id);
    }
    xmlNode *unc = child(root, "uncertainty");
    double draws = (unc && child(unc, "input")) ? attr_double(unc, "draws", 2000) : 0;
    xmlNode *area = child(root, "area");
    double km2 = attr_double(area, "width_m", 1000) * attr_double(area, "height_m", 1000) * 1e-6;
    if (!(km2 > 0))
        km2 = 1;
    return (techs > 0 ? techs : 1) * (1.0 + draws / 200.0) * (1.0 + sqrt(km2) / 4.0);
}

dx_status dx__sweep_build_xml(const char *base, size_t len, const char *name,
                              const dx__sweep_edit *const *edits, size_t n_edits, int seed_set,
                              unsigned long seed, char **out_xml, size_t *out_len, double *out_cost)
{
    *out_xml = NULL;
    xmlDocPtr doc = dx__sweep_read_xml(base, len, name, "scenario");
    if (!doc)
        return DX_EPARSE;
    xmlNode *root = xmlDocGetRootElement(doc);
    dx_status st = DX_OK;
    for (size_t i = 0; i < n_edits && st == DX_OK; i++) {
        st = apply_edit(root, edits[i]);
        if (st != DX_OK)
            dx__prefix_error("%s: edit %s%s%s", name, edits[i]->path ? edits[i]->path : "",
                             edits[i]->attr ? "@" : "", edits[i]->attr ? edits[i]->attr : "");
    }
    xmlNode *unc = child(root, "uncertainty");
    if (st == DX_OK && seed_set && unc)
        st = set_num(unc, "seed", (double)seed);
    if (st == DX_OK)
        *out_cost = estimate_cost(root);
    if (st == DX_OK) {
        /* Keep the declaration only when the base had one, so lines stay put. */
        size_t skip = 0;
        while (skip < len && (base[skip] == ' ' || base[skip] == '\t' || base[skip] == '\r' ||
                              base[skip] == '\n' || (unsigned char)base[skip] == 0xEF ||
                              (unsigned char)base[skip] == 0xBB || (unsigned char)base[skip] == 0xBF))
            skip++;
        int has_decl = len - skip >= 5 && memcmp(base + skip, "<?xml", 5) == 0;
        xmlBufferPtr buf = xmlBufferCreate();
        xmlSaveCtxtPtr sv = buf ? xmlSaveToBuffer(buf, "UTF-8", has_decl ? 0 : XML_SAVE_NO_DECL) : NULL;
        if (!sv || xmlSaveDoc(sv, doc) < 0) {
            if (sv)
                xmlSaveClose(sv);
            dx__set_error("%s: out of memory writing the scenario XML", name);
            st = DX_ENOMEM;
        } else {
            xmlSaveClose(sv);
            size_t n = (size_t)xmlBufferLength(buf);
            char *text = dx__malloc(n + 1);
            if (!text) {
                dx__set_error("%s: out of memory", name);
                st = DX_ENOMEM;
            } else {
                memcpy(text, xmlBufferContent(buf), n);
                text[n] = '\0';
                *out_xml = text;
                *out_len = n;
            }
        }
        if (buf)
            xmlBufferFree(buf);
    }
    xmlFreeDoc(doc);
    return st;
}
