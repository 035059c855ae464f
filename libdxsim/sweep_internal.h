/*
 * Private to the sweep module (sweep_spec.c reads specs and expands jobs,
 * sweep_sources.c reads <file>/<folder>/<grid>/<table>, sweep_xml.c builds a
 * job's scenario XML, sweep_run.c runs jobs, keeps the
 * journal and writes the table).
 */
#ifndef DXSIM_SWEEP_INTERNAL_H
#define DXSIM_SWEEP_INTERNAL_H

#include <stdint.h>
#include <stddef.h>
#include "dx_internal.h"
#include "dxsim/sweep.h"

/* One edit of a scenario document. */
typedef enum {
    DX__SWEEP_SET = 0,        /* set attribute (creating missing elements on the path) */
    DX__SWEEP_SCALE = 1,      /* multiply a numeric attribute on every matching element */
    DX__SWEEP_REMOVE = 2,     /* remove every matching element */
    DX__SWEEP_SCALE_PRICES = 3, /* <prices>/<price> override for every JPY price-book key × factor */
    DX__SWEEP_UNSET = 4         /* remove an attribute from every matching element */
} dx__sweep_op;

typedef struct {
    dx__sweep_op op;
    char *path;   /* "procurement", "prices/price[key=lora.gw]" ('' = the root) */
    char *attr;   /* attribute name (SET, SCALE, UNSET) */
    char *value;  /* SET */
    double factor; /* SCALE, SCALE_PRICES */
} dx__sweep_edit;

typedef struct {
    char *key;      /* "SCENARIO" or "SCENARIO|VARIANT" */
    char *scenario; /* scenario part of the key (seeds derive from it) */
    char *variant;  /* "" without variants */
    char *source;   /* file (or file and row) the scenario comes from, for messages */
    char *dir;      /* folder of the base scenario file: its relative file references
                       (terrain dem, area, calibration) resolve here when the job is read */
    char *xml;      /* scenario text, NULL when it could not be built */
    size_t xml_len;
    char *error;    /* why the text could not be built (file:line: ...) */
    double cost;    /* estimated relative cost */
    uint64_t hash;  /* FNV-1a of key and text: identifies the job in the journal */
} dx__sweep_job;

struct dx_sweep {
    char *name;
    char *out_dir;
    int reports;       /* write per-job reports */
    int chart;         /* write summary.svg */
    int derive_seeds;  /* <uncertainty seed> from the scenario key */
    size_t n_cols;
    int *cols;         /* indices into the column table (sweep_run.c) */
    dx__sweep_job *jobs;
    size_t n_jobs, cap_jobs;
};

/* FNV-1a 64 (Fowler/Noll/Vo, http://www.isthe.com/chongo/tech/comp/fnv/): job identity. */
static inline uint64_t dx__sweep_fnv1a(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 0x100000001b3ull;
    }
    return h;
}
#define DX__SWEEP_FNV_OFFSET 0xcbf29ce484222325ull

/* Folder name of a job's reports (DIR/reports/NAME): the key with every byte
 * but letters, digits, '.', '-', '_' and UTF-8 replaced by '_', at most cap - 1
 * bytes, never starting with '.'. Two keys can give one name ('a/b', 'a_b'):
 * dx_sweep_load refuses that when the spec writes reports. */
#define DX__SWEEP_REPORT_NAME_MAX 256
void dx__sweep_report_name(const char *key, char *out, size_t cap);

/* Seed of a scenario's Monte Carlo, derived from its key alone (not from the
 * variant, the rank or the order): variants of one scenario share their draws. */
unsigned long dx__sweep_seed(const char *scenario_key);

/* ---- sweep_xml.c: the one place that turns base + edits into scenario XML ---- */

/* Build the scenario text of a job: parse base (safely), apply edits in order,
 * set <uncertainty seed> when seed_set, serialise. Line numbers of the base
 * document are kept (attributes change in place; new elements go on the line
 * of their parent's last child). On success *out_xml (dx__malloc'ed), *out_len
 * and *out_cost (estimated cost) are set. */
dx_status dx__sweep_build_xml(const char *base, size_t len, const char *name,
                              const dx__sweep_edit *const *edits, size_t n_edits, int seed_set,
                              unsigned long seed, char **out_xml, size_t *out_len, double *out_cost);

/* Parse a document with the safe options (NONET, no DTD, no entities, DOCTYPE
 * refused). Returns an xmlDocPtr as void* (NULL on failure, message set as
 * "name:line: ..."). */
void *dx__sweep_read_xml(const char *text, size_t len, const char *name, const char *what);

/* ---- sweep_run.c ---- */
/* Column index by name; -1 when unknown. */
int dx__sweep_column_find(const char *name);
/* Comma-separated list of the column names (for messages). */
const char *dx__sweep_column_list(void);
/* Default columns. */
size_t dx__sweep_default_columns(int *out, size_t cap);

/* ---- spec reading, shared by sweep_spec.c and sweep_sources.c ---- */
#include <libxml/tree.h>

#define DX__SWEEP_MAX_JOBS 10000000.0
#define DX__SWEEP_MAX_GRID_VALUES 100000.0
/* Scenario text a sweep holds (every job's XML is built when the spec is read),
 * ASSUMED: 1 GiB, about 200,000 jobs of a 5 KB scenario. */
#define DX__SWEEP_MAX_TEXT_BYTES ((double)(1u << 30))

typedef struct {
    const char *file;
    const char *dir; /* folder of the spec */
} spec_ctx;
typedef struct {
    dx__sweep_edit *v;
    size_t n, cap;
} edit_list;

/* Fail with "file:line: <a>/<b>: message" for element node. */
#define DX__SWEEP_SPEC_FAIL(code, c, node, ...)                                                      \
    do {                                                                                   \
        char path_[256];                                                                   \
        char msg_[768];                                                                    \
        dx__sweep_elem_path((node), path_, sizeof path_);                                            \
        snprintf(msg_, sizeof msg_, __VA_ARGS__);                                          \
        dx__set_error("%s:%ld: %s: %s", (c)->file, (long)xmlGetLineNo(node), path_, msg_); \
        return (code);                                                                     \
    } while (0)

typedef struct {
    char *name;  /* display name (spec-relative path) */
    char *dir;   /* folder of the file (spec folder joined with the name's) */
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

char *dx__sweep_strdup(const char *s);
char *dx__sweep_join_path(const char *dir, const char *rel);
/* The folder of a path made by dx__sweep_join_path, which it takes over: the
 * path cut at its last '/', or "." when it has none (NULL when out of memory
 * or path is NULL). */
char *dx__sweep_folder_of(char *path);
dx_status dx__sweep_read_file(const char *path, char **out, size_t *out_len);
void dx__sweep_elem_path(const xmlNode *n, char *buf, size_t cap);
char *dx__sweep_prop(const xmlNode *n, const char *name);
dx_status dx__sweep_check_attrs(spec_ctx *c, xmlNode *n, const char *const *allowed);
dx_status dx__sweep_req_prop(spec_ctx *c, xmlNode *n, const char *name, const char *what, char **out);
dx_status dx__sweep_num_prop(spec_ctx *c, xmlNode *n, const char *name, const char *unit, double lo,
                             double hi, int required, double *out);
dx_status dx__sweep_edits_add(edit_list *l, dx__sweep_op op, const char *path, const char *attr,
                              const char *value, double factor);
/* The scenario sources (sweep_sources.c). */
dx_status dx__sweep_read_file_entry(loader *L, xmlNode *n);
dx_status dx__sweep_read_folder_entry(loader *L, xmlNode *n);
dx_status dx__sweep_read_grid_entry(loader *L, xmlNode *n);
dx_status dx__sweep_read_table_entry(loader *L, xmlNode *n);

#endif
