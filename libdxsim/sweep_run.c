/*
 * Sweep execution: run one job through the public pipeline API
 * (dx_scenario_load_memory → dx_compare_run → dx_results_get/_write) into a
 * record of rows; keep the write-ahead journal (framed records with a
 * completion marker and checksum, fsync'ed, torn tail cut off on resume);
 * write the final table (CSV, JSON Lines), summary.md and summary.svg; and
 * run a whole sweep in one process over OpenMP threads.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef DXSIM_HAVE_OPENMP
#include <omp.h>
#endif
#include "sweep_internal.h"
#include "dxsim/compare.h"
#include "dxsim/scenario.h"

/* ---- columns ------------------------------------------------------------------ */

typedef enum { K_DBL, K_INT, K_STR, K_BOOL, K_MODE, K_WIDTH, K_HEIGHT, K_AREA, K_ENV, K_SOURCE } col_kind;

#define TR(f) offsetof(dx_tech_result, f)
static const struct {
    const char *name;
    col_kind kind;
    size_t off;
} columns[] = {
    {"name", K_STR, TR(name)},
    {"rank", K_INT, TR(rank)},
    {"feasible", K_BOOL, TR(feasible)},
    {"verdict", K_STR, TR(verdict)},
    {"propagation_model", K_STR, TR(propagation_model)},
    {"fc_hz", K_DBL, TR(fc_hz)},
    {"bw_hz", K_DBL, TR(bw_hz)},
    {"mapl_dl_db", K_DBL, TR(mapl_dl_db)},
    {"mapl_ul_db", K_DBL, TR(mapl_ul_db)},
    {"shadow_margin_db", K_DBL, TR(shadow_margin_db)},
    {"cell_radius_m", K_DBL, TR(cell_radius_m)},
    {"limiting_link", K_STR, TR(limiting_link)},
    {"coverage_ratio", K_DBL, TR(coverage_ratio)},
    {"sites", K_DBL, TR(sites)},
    {"radios", K_DBL, TR(radios)},
    {"bound_by", K_STR, TR(bound_by)},
    {"edge_dl_mbps", K_DBL, TR(edge_dl_mbps)},
    {"edge_ul_mbps", K_DBL, TR(edge_ul_mbps)},
    {"capacity_dl_mbps", K_DBL, TR(capacity_dl_mbps)},
    {"capacity_ul_mbps", K_DBL, TR(capacity_ul_mbps)},
    {"devices", K_DBL, TR(devices)},
    {"cost_purchase_jpy", K_DBL, TR(cost_jpy[DX_COMPARE_PURCHASE])},
    {"cost_lease_jpy", K_DBL, TR(cost_jpy[DX_COMPARE_LEASE])},
    {"cost_subscription_jpy", K_DBL, TR(cost_jpy[DX_COMPARE_SUBSCRIPTION])},
    {"npv_purchase_jpy", K_DBL, TR(npv_cost_jpy[DX_COMPARE_PURCHASE])},
    {"npv_lease_jpy", K_DBL, TR(npv_cost_jpy[DX_COMPARE_LEASE])},
    {"npv_subscription_jpy", K_DBL, TR(npv_cost_jpy[DX_COMPARE_SUBSCRIPTION])},
    {"menu", K_STR, TR(menu)},
    {"mode", K_MODE, TR(mode)},
    {"eligible_jpy", K_DBL, TR(eligible_jpy)},
    {"ineligible_jpy", K_DBL, TR(ineligible_jpy)},
    {"subsidy_jpy", K_DBL, TR(subsidy_jpy)},
    {"net_cost_jpy", K_DBL, TR(net_cost_jpy)},
    {"programme_ok", K_BOOL, TR(programme_ok)},
    {"cost_per_device_jpy", K_DBL, TR(cost_per_device_jpy)},
    {"cost_per_km2_jpy", K_DBL, TR(cost_per_km2_jpy)},
    {"cost_per_mbps_jpy", K_DBL, TR(cost_per_mbps_jpy)},
    {"benefit_npv_jpy", K_DBL, TR(benefit_npv_jpy)},
    {"benefit_cost_ratio", K_DBL, TR(benefit_cost_ratio)},
    {"net_cost_p10_jpy", K_DBL, TR(net_cost_p10_jpy)},
    {"net_cost_p50_jpy", K_DBL, TR(net_cost_p50_jpy)},
    {"net_cost_p90_jpy", K_DBL, TR(net_cost_p90_jpy)},
    {"coverage_p10_ratio", K_DBL, TR(coverage_p10_ratio)},
    {"coverage_p50_ratio", K_DBL, TR(coverage_p50_ratio)},
    {"coverage_p90_ratio", K_DBL, TR(coverage_p90_ratio)},
    {"p_cheapest_ratio", K_DBL, TR(p_cheapest_ratio)},
    {"width_m", K_WIDTH, 0},
    {"height_m", K_HEIGHT, 0},
    {"area_km2", K_AREA, 0}, /* geodesic for a polygon area, else width x height */
    {"environment", K_ENV, 0},
    {"source", K_SOURCE, 0},
};
#undef TR
#define N_COLUMNS (sizeof columns / sizeof columns[0])

int dx__sweep_column_find(const char *name)
{
    for (size_t i = 0; i < N_COLUMNS; i++)
        if (strcmp(columns[i].name, name) == 0)
            return (int)i;
    return -1;
}

const char *dx__sweep_column_list(void)
{
    static const char list[] =
        "name, rank, feasible, verdict, propagation_model, fc_hz, bw_hz, mapl_dl_db, mapl_ul_db, "
        "shadow_margin_db, cell_radius_m, limiting_link, coverage_ratio, sites, radios, bound_by, "
        "edge_dl_mbps, edge_ul_mbps, capacity_dl_mbps, capacity_ul_mbps, devices, cost_purchase_jpy, "
        "cost_lease_jpy, cost_subscription_jpy, npv_purchase_jpy, npv_lease_jpy, npv_subscription_jpy, "
        "menu, mode, eligible_jpy, ineligible_jpy, subsidy_jpy, net_cost_jpy, programme_ok, "
        "cost_per_device_jpy, cost_per_km2_jpy, cost_per_mbps_jpy, benefit_npv_jpy, benefit_cost_ratio, "
        "net_cost_p10_jpy, net_cost_p50_jpy, net_cost_p90_jpy, coverage_p10_ratio, coverage_p50_ratio, "
        "coverage_p90_ratio, p_cheapest_ratio, width_m, height_m, area_km2, environment, source";
    return list;
}

size_t dx__sweep_default_columns(int *out, size_t cap)
{
    static const char *const def[] = {"rank", "feasible", "net_cost_jpy", "subsidy_jpy",
                                       "coverage_ratio", "sites", "bound_by", "cost_purchase_jpy",
                                       "cost_lease_jpy", "cost_subscription_jpy", "menu", "mode",
                                       "programme_ok", "net_cost_p10_jpy", "net_cost_p50_jpy",
                                       "net_cost_p90_jpy", "p_cheapest_ratio", "verdict"};
    size_t n = 0;
    for (size_t i = 0; i < sizeof def / sizeof def[0] && n < cap; i++)
        out[n++] = dx__sweep_column_find(def[i]);
    return n;
}

/* ---- formatting ------------------------------------------------------------------ */

static void csv_str(dx__buf *b, const char *s)
{
    int quote = strpbrk(s, ",\"\n\r\t") != NULL;
    if (!quote) {
        dx__buf_append(b, s);
        return;
    }
    dx__buf_append(b, "\"");
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            dx__buf_append(b, "\"\"");
        else if (*p == '\n' || *p == '\r' || *p == '\t')
            dx__buf_append(b, " "); /* a record line is one line */
        else {
            char one[2] = {*p, 0};
            dx__buf_append(b, one);
        }
    }
    dx__buf_append(b, "\"");
}

static void json_str(dx__buf *b, const char *s)
{
    dx__buf_append(b, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"')
            dx__buf_append(b, "\\\"");
        else if (*p == '\\')
            dx__buf_append(b, "\\\\");
        else if (*p < 0x20)
            dx__buf_appendf(b, "\\u%04x", *p);
        else {
            char one[2] = {(char)*p, 0};
            dx__buf_append(b, one);
        }
    }
    dx__buf_append(b, "\"");
}

static void fmt_num(char *buf, size_t cap, double v)
{
    if (!isfinite(v))
        buf[0] = '\0';
    else
        dx__format_double(buf, cap, v, 10);
}

static const char *const mode_names[DX_COMPARE_N_MODES] = {"purchase", "lease", "subscription"};

typedef struct {
    const char *scenario, *variant, *source;
    double width_m, height_m, area_km2;
    dx_environment env;
} row_ctx;

/* One row: CSV part and JSON part, tab-separated, newline-terminated. */
static void append_row(dx__buf *b, const dx_sweep *sw, const row_ctx *rc, const dx_tech_result *tr,
                       const char *error)
{
    dx__buf csv, js;
    dx__buf_init(&csv);
    dx__buf_init(&js);
    csv_str(&csv, rc->scenario);
    dx__buf_append(&csv, ",");
    csv_str(&csv, rc->variant);
    dx__buf_append(&csv, ",");
    csv_str(&csv, tr ? tr->id : "");
    dx__buf_append(&csv, tr ? ",ok," : ",error,");
    csv_str(&csv, error ? error : "");
    dx__buf_append(&js, "{\"scenario\":");
    json_str(&js, rc->scenario);
    dx__buf_append(&js, ",\"variant\":");
    json_str(&js, rc->variant);
    dx__buf_append(&js, ",\"technology\":");
    if (tr)
        json_str(&js, tr->id);
    else
        dx__buf_append(&js, "null");
    dx__buf_append(&js, tr ? ",\"status\":\"ok\"" : ",\"status\":\"error\",\"error\":");
    if (!tr)
        json_str(&js, error ? error : "");
    for (size_t c = 0; c < sw->n_cols; c++) {
        int k = sw->cols[c];
        dx__buf_append(&csv, ",");
        if (!tr)
            continue; /* an error row has only its message */
        dx__buf_appendf(&js, ",\"%s\":", columns[k].name);
        const char *base = (const char *)tr + columns[k].off;
        char nb[48];
        switch (columns[k].kind) {
        case K_DBL:
        case K_WIDTH:
        case K_HEIGHT:
        case K_AREA: {
            double v = columns[k].kind == K_DBL      ? *(const double *)(const void *)base
                       : columns[k].kind == K_WIDTH  ? rc->width_m
                       : columns[k].kind == K_HEIGHT ? rc->height_m
                                                     : rc->area_km2;
            fmt_num(nb, sizeof nb, v);
            dx__buf_append(&csv, nb);
            dx__buf_append(&js, nb[0] ? nb : "null");
            break;
        }
        case K_INT:
            dx__buf_appendf(&csv, "%d", *(const int *)(const void *)base);
            dx__buf_appendf(&js, "%d", *(const int *)(const void *)base);
            break;
        case K_BOOL: {
            int v = *(const int *)(const void *)base;
            dx__buf_append(&csv, v ? "1" : "0");
            dx__buf_append(&js, v ? "true" : "false");
            break;
        }
        case K_MODE: {
            int m = *(const int *)(const void *)base;
            const char *s = m >= 0 && m < DX_COMPARE_N_MODES ? mode_names[m] : "";
            csv_str(&csv, s);
            json_str(&js, s);
            break;
        }
        case K_STR:
        case K_ENV:
        case K_SOURCE: {
            const char *s = columns[k].kind == K_STR   ? base
                            : columns[k].kind == K_ENV ? dx_environment_name(rc->env)
                                                       : rc->source;
            csv_str(&csv, s);
            json_str(&js, s);
            break;
        }
        }
    }
    dx__buf_append(&js, "}");
    dx__buf_append(b, "R\t");
    dx__buf_append(b, csv.data ? csv.data : "");
    dx__buf_append(b, "\t");
    dx__buf_append(b, js.data ? js.data : "");
    dx__buf_append(b, "\n");
    if (csv.failed || js.failed)
        b->failed = 1;
    dx__buf_dispose(&csv);
    dx__buf_dispose(&js);
}

static dx_status mkdir_p(const char *dir)
{
    char buf[4096];
    if (snprintf(buf, sizeof buf, "%s", dir) >= (int)sizeof buf)
        DX_FAIL(DX_EINVAL, "folder name too long: '%s'", dir);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0777) != 0 && errno != EEXIST)
            DX_FAIL(DX_EIO, "cannot create folder '%s': %s", buf, strerror(errno));
        *p = '/';
    }
    if (mkdir(buf, 0777) != 0 && errno != EEXIST)
        DX_FAIL(DX_EIO, "cannot create folder '%s': %s", buf, strerror(errno));
    return DX_OK;
}

void dx__sweep_report_name(const char *key, char *out, size_t cap)
{
    size_t k = 0;
    for (const char *p = key; *p && k + 1 < cap; p++) {
        unsigned char ch = (unsigned char)*p;
        out[k++] = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                           ch == '.' || ch == '-' || ch == '_' || ch >= 0x80
                       ? (char)ch
                       : '_';
    }
    out[k] = '\0';
    if (k == 0 || out[0] == '.')
        out[0] = '_';
}

static dx_status error_record(const dx__sweep_job *j, const dx_sweep *sw, const char *msg,
                              char **out_record)
{
    dx__buf b;
    dx__buf_init(&b);
    row_ctx rc = {j->scenario, j->variant, j->source, NAN, NAN, NAN, DX_ENV_RURAL};
    append_row(&b, sw, &rc, NULL, msg);
    dx__buf_append(&b, "S\terror\t-\t\n");
    *out_record = dx__buf_take(&b);
    return *out_record ? DX_OK : DX_ENOMEM;
}

dx_status dx_sweep_run_job(const dx_sweep *sw, size_t i, const char *out_dir, char **out_record)
{
    DX_REQUIRE_PTR(out_record);
    *out_record = NULL;
    DX_REQUIRE_PTR(sw);
    if (i >= sw->n_jobs)
        DX_FAIL(DX_EINVAL, "job index %zu is out of range (0 .. %zu)", i, sw->n_jobs);
    const dx__sweep_job *j = &sw->jobs[i];
    if (j->error)
        return error_record(j, sw, j->error, out_record);
    dx_scenario *sc = NULL;
    dx_load_options lo;
    dx_load_options_init(&lo, DX_LOAD_OPTIONS_VERSION);
    lo.base_dir = j->dir; /* the base file's folder: j->source is a decorated name */
    dx_status st = dx_scenario_load_memory(j->xml, j->xml_len, j->source, &lo, &sc);
    if (st == DX_ENOMEM)
        return st;
    if (st != DX_OK)
        return error_record(j, sw, dx_last_error(), out_record);
    dx_results *res = NULL;
    st = dx_compare_run(sc, &res);
    if (st == DX_ENOMEM) {
        dx_scenario_free(sc);
        return st;
    }
    if (st != DX_OK) {
        char msg[1200];
        snprintf(msg, sizeof msg, "%s: %s (%s)", j->source, dx_last_error(), dx_status_name(st));
        dx_scenario_free(sc);
        return error_record(j, sw, msg, out_record);
    }
    row_ctx rc = {j->scenario, j->variant, j->source, NAN, NAN, NAN, DX_ENV_RURAL};
    dx_scenario_area(sc, &rc.width_m, &rc.height_m, &rc.env);
    if (dx_scenario_area_m2(sc, &rc.area_km2) == DX_OK)
        rc.area_km2 /= 1e6;
    dx__buf b;
    dx__buf_init(&b);
    const char *winner = "none";
    double winner_jpy = NAN;
    dx_tech_result tr, best;
    size_t n = dx_results_count(res);
    for (size_t k = 0; k < n && st == DX_OK; k++) {
        st = dx_results_get(res, k, &tr);
        if (st != DX_OK)
            break;
        append_row(&b, sw, &rc, &tr, NULL);
        if (!isfinite(winner_jpy) && tr.feasible) {
            best = tr;
            winner = best.id;
            winner_jpy = best.net_cost_jpy;
        }
    }
    char nb[48];
    fmt_num(nb, sizeof nb, winner_jpy);
    dx__buf_appendf(&b, "S\tok\t%s\t%s\n", winner, nb);
    if (st == DX_OK && sw->reports && out_dir) {
        char name[DX__SWEEP_REPORT_NAME_MAX];
        dx__sweep_report_name(j->key, name, sizeof name);
        size_t len = strlen(out_dir) + strlen(name) + 16;
        char *dir = dx__malloc(len);
        if (!dir)
            st = DX_ENOMEM;
        else {
            snprintf(dir, len, "%s/reports", out_dir);
            st = mkdir_p(dir);
            snprintf(dir, len, "%s/reports/%s", out_dir, name);
            if (st == DX_OK)
                st = dx_results_write(res, dir);
            dx__free(dir);
        }
    }
    dx_results_free(res);
    dx_scenario_free(sc);
    if (st != DX_OK) {
        dx__buf_dispose(&b);
        return st;
    }
    *out_record = dx__buf_take(&b);
    return *out_record ? DX_OK : DX_ENOMEM;
}

/* ---- journal ------------------------------------------------------------------------ */
/*
 * journal.dxj is a sequence of records:
 *     #begin <job hash, 16 hex> <payload bytes>\n<payload>#end <payload hash, 16 hex>\n
 * appended with one write() on an O_APPEND descriptor and fsync'ed. A record
 * counts only when its end marker and checksum are complete, so a crash
 * mid-write leaves a torn tail that the next resume cuts off.
 */

struct dx_sweep_journal {
    const dx_sweep *sw;
    char *dir;
    char *path;
    int fd;
    char **payload; /* per job; NULL = not done */
    size_t done, failed;
    int sync_each;  /* fsync every append */
    int dirty;      /* appended since the last fsync */
};

typedef struct {
    uint64_t hash;
    size_t idx;
} hash_idx;

static int cmp_hash(const void *a, const void *b)
{
    uint64_t x = ((const hash_idx *)a)->hash, y = ((const hash_idx *)b)->hash;
    return x < y ? -1 : (x > y);
}

static int record_failed(const char *payload)
{
    const char *s = strstr(payload, "\nS\t");
    s = s ? s + 1 : (strncmp(payload, "S\t", 2) == 0 ? payload : NULL);
    return s && strncmp(s, "S\terror", 7) == 0;
}

static void take_payload(dx_sweep_journal *j, size_t i, char *p)
{
    j->payload[i] = p;
    j->done++;
    j->failed += record_failed(p) ? 1u : 0u;
}

/* Parse an existing journal; returns the offset of the end of the last good record. */
static dx_status load_records(dx_sweep_journal *j, const char *text, size_t len, size_t *good_end)
{
    const dx_sweep *sw = j->sw;
    hash_idx *map = dx__malloc((sw->n_jobs ? sw->n_jobs : 1) * sizeof *map);
    if (!map)
        DX_FAIL(DX_ENOMEM, "out of memory");
    for (size_t i = 0; i < sw->n_jobs; i++) {
        map[i].hash = sw->jobs[i].hash;
        map[i].idx = i;
    }
    qsort(map, sw->n_jobs, sizeof *map, cmp_hash);
    size_t pos = 0;
    *good_end = 0;
    while (pos < len) {
        unsigned long long h = 0, plen = 0;
        int used = 0;
        if (len - pos < 8 || memcmp(text + pos, "#begin ", 7) != 0)
            break;
        char head[80];
        size_t hl = 0;
        while (pos + hl < len && text[pos + hl] != '\n' && hl + 1 < sizeof head) {
            head[hl] = text[pos + hl];
            hl++;
        }
        head[hl] = '\0';
        if (pos + hl >= len || text[pos + hl] != '\n' ||
            sscanf(head, "#begin %16llx %llu%n", &h, &plen, &used) != 2 || (size_t)used != hl)
            break;
        size_t body = pos + hl + 1;
        if (plen > len || body + plen + 22 > len)
            break;
        const char *end = text + body + plen;
        unsigned long long ph = 0;
        if (memcmp(end, "#end ", 5) != 0 || sscanf(end + 5, "%16llx", &ph) != 1 || end[21] != '\n')
            break;
        if (dx__sweep_fnv1a(DX__SWEEP_FNV_OFFSET, text + body, (size_t)plen) != (uint64_t)ph)
            break;
        hash_idx key = {(uint64_t)h, 0};
        hash_idx *hit = bsearch(&key, map, sw->n_jobs, sizeof *map, cmp_hash);
        if (hit && !j->payload[hit->idx]) {
            char *p = dx__malloc((size_t)plen + 1);
            if (!p) {
                dx__free(map);
                DX_FAIL(DX_ENOMEM, "out of memory");
            }
            memcpy(p, text + body, (size_t)plen);
            p[plen] = '\0';
            take_payload(j, hit->idx, p);
        }
        pos = body + (size_t)plen + 22;
        *good_end = pos;
    }
    dx__free(map);
    return DX_OK;
}

void dx_sweep_journal_close(dx_sweep_journal *j)
{
    if (!j)
        return;
    if (j->fd >= 0) {
        if (j->dirty)
            (void)fdatasync(j->fd); /* best effort: close cannot report */
        close(j->fd);
    }
    for (size_t i = 0; j->payload && i < j->sw->n_jobs; i++)
        dx__free(j->payload[i]);
    dx__free(j->payload);
    dx__free(j->dir);
    dx__free(j->path);
    dx__free(j);
}

dx_status dx_sweep_journal_open(const dx_sweep *sw, const char *out_dir, int resume,
                                dx_sweep_journal **out)
{
    DX_REQUIRE_PTR(out);
    *out = NULL;
    DX_REQUIRE_PTR(sw);
    if (!out_dir)
        out_dir = sw->out_dir;
    DX_TRY(mkdir_p(out_dir));
    dx_sweep_journal *j = dx__calloc(1, sizeof *j);
    if (!j)
        DX_FAIL(DX_ENOMEM, "out of memory");
    j->sw = sw;
    j->fd = -1;
    j->sync_each = 1;
    size_t n = strlen(out_dir) + 16;
    j->dir = dx__strdup(out_dir);
    j->path = dx__malloc(n);
    j->payload = dx__calloc(sw->n_jobs ? sw->n_jobs : 1, sizeof *j->payload);
    if (!j->dir || !j->path || !j->payload) {
        dx_sweep_journal_close(j);
        DX_FAIL(DX_ENOMEM, "out of memory");
    }
    snprintf(j->path, n, "%s/journal.dxj", out_dir);
    j->fd = open(j->path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC | (resume ? 0 : O_TRUNC), 0666);
    if (j->fd < 0) {
        int e = errno;
        dx__set_error("cannot open the journal '%s': %s", j->path, strerror(e));
        dx_sweep_journal_close(j);
        return DX_EIO;
    }
    if (!resume)
        return *out = j, DX_OK;
    struct stat stt;
    dx_status st = fstat(j->fd, &stt) == 0 ? DX_OK : DX_EIO;
    size_t len = st == DX_OK ? (size_t)stt.st_size : 0;
    char *text = st == DX_OK ? dx__malloc(len + 1) : NULL;
    if (st == DX_OK && !text)
        st = DX_ENOMEM;
    size_t got = 0;
    while (st == DX_OK && got < len) {
        ssize_t r = pread(j->fd, text + got, len - got, (off_t)got);
        if (r <= 0)
            st = DX_EIO;
        else
            got += (size_t)r;
    }
    /* load_records sscanf()s the "#end <hash>" line in place; sscanf takes the
     * strlen of its input, so the text must be NUL-terminated (hence len + 1). */
    if (st == DX_OK)
        text[len] = '\0';
    size_t good = 0;
    if (st == DX_OK)
        st = load_records(j, text, len, &good);
    dx__free(text);
    /* Cut a torn tail, so the next record starts on a record boundary. */
    if (st == DX_OK && good < len && (ftruncate(j->fd, (off_t)good) != 0 || fsync(j->fd) != 0))
        st = DX_EIO;
    if (st != DX_OK) {
        if (st == DX_EIO)
            dx__set_error("cannot read the journal '%s': %s", j->path, strerror(errno));
        dx_sweep_journal_close(j);
        return st;
    }
    *out = j;
    return DX_OK;
}

int dx_sweep_journal_has(const dx_sweep_journal *j, size_t i)
{
    return j && i < j->sw->n_jobs && j->payload[i] != NULL;
}

size_t dx_sweep_journal_done_count(const dx_sweep_journal *j) { return j ? j->done : 0; }
size_t dx_sweep_journal_failed_count(const dx_sweep_journal *j) { return j ? j->failed : 0; }

dx_status dx_sweep_journal_append(dx_sweep_journal *j, size_t i, const char *record)
{
    DX_REQUIRE_PTR(j);
    DX_REQUIRE_PTR(record);
    if (i >= j->sw->n_jobs)
        DX_FAIL(DX_EINVAL, "job index %zu is out of range (0 .. %zu)", i, j->sw->n_jobs);
    if (strncmp(record, "R\t", 2) != 0 || !strstr(record, "\nS\t"))
        DX_FAIL(DX_EINVAL, "record of job %zu is not a dx_sweep_run_job record", i);
    if (j->payload[i])
        return DX_OK;
    size_t plen = strlen(record);
    char head[64], tail[32];
    int hl = snprintf(head, sizeof head, "#begin %016llx %zu\n", (unsigned long long)j->sw->jobs[i].hash, plen);
    int tl = snprintf(tail, sizeof tail, "#end %016llx\n",
                      (unsigned long long)dx__sweep_fnv1a(DX__SWEEP_FNV_OFFSET, record, plen));
    size_t total = (size_t)hl + plen + (size_t)tl;
    char *frame = dx__malloc(total);
    char *copy = dx__malloc(plen + 1);
    if (!frame || !copy) {
        dx__free(frame);
        dx__free(copy);
        DX_FAIL(DX_ENOMEM, "out of memory");
    }
    memcpy(frame, head, (size_t)hl);
    memcpy(frame + hl, record, plen);
    memcpy(frame + hl + plen, tail, (size_t)tl);
    memcpy(copy, record, plen + 1);
    size_t off = 0;
    while (off < total) {
        ssize_t w = write(j->fd, frame + off, total - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            int e = errno;
            dx__free(frame);
            dx__free(copy);
            DX_FAIL(DX_EIO, "cannot append to the journal '%s': %s", j->path, strerror(e));
        }
        off += (size_t)w;
    }
    dx__free(frame);
    take_payload(j, i, copy);
    j->dirty = 1;
    return j->sync_each ? dx_sweep_journal_sync(j) : DX_OK;
}

void dx_sweep_journal_set_sync(dx_sweep_journal *j, int every_append)
{
    if (j)
        j->sync_each = every_append != 0;
}

dx_status dx_sweep_journal_sync(dx_sweep_journal *j)
{
    DX_REQUIRE_PTR(j);
    if (!j->dirty)
        return DX_OK;
    if (fdatasync(j->fd) != 0)
        DX_FAIL(DX_EIO, "cannot sync the journal '%s': %s", j->path, strerror(errno));
    j->dirty = 0;
    return DX_OK;
}

/* ---- final table ---------------------------------------------------------------- */

static dx_status write_out(const dx_sweep_journal *j, const char *name, dx__buf *b)
{
    char *text = dx__buf_take(b);
    if (!text)
        return DX_ENOMEM;
    size_t n = strlen(j->dir) + strlen(name) + 2;
    char *path = dx__malloc(n);
    dx_status st = DX_ENOMEM;
    if (path) {
        snprintf(path, n, "%s/%s", j->dir, name);
        st = dx__write_file_atomic(path, text, strlen(text));
    } else {
        dx__set_error("out of memory");
    }
    dx__free(path);
    dx__free(text);
    return st;
}

static void xml_text(dx__buf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': dx__buf_append(b, "&amp;"); break;
        case '<': dx__buf_append(b, "&lt;"); break;
        case '>': dx__buf_append(b, "&gt;"); break;
        case '"': dx__buf_append(b, "&quot;"); break;
        default: {
            char one[2] = {*s, 0};
            dx__buf_append(b, one);
        }
        }
    }
}

typedef struct {
    char id[32];
    size_t wins;
} tech_count;

static int cmp_tech(const void *a, const void *b)
{
    return strcmp(((const tech_count *)a)->id, ((const tech_count *)b)->id);
}

/* Parse the S line of a record: status, winner, cost. */
static void summary_of(const char *payload, char *status, char *winner, double *jpy)
{
    const char *s = strstr(payload, "\nS\t");
    s = s ? s + 3 : payload + 2;
    status[0] = winner[0] = '\0';
    *jpy = NAN;
    char costbuf[48] = "";
    sscanf(s, "%15[^\t\n]\t%31[^\t\n]\t%47[^\t\n]", status, winner, costbuf);
    if (costbuf[0])
        dx__parse_double(costbuf, jpy);
}

static const char *const palette[] = {"#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e",
                                      "#e6ab02", "#a6761d", "#666666"};

static dx_status write_summary(const dx_sweep_journal *j)
{
    const dx_sweep *sw = j->sw;
    tech_count techs[64];
    size_t n_t = 0;
    double max_jpy = 0;
    for (size_t i = 0; i < sw->n_jobs; i++) {
        char status[16], winner[32];
        double jpy;
        summary_of(j->payload[i], status, winner, &jpy);
        if (strcmp(status, "ok") != 0 || !isfinite(jpy))
            continue;
        if (jpy > max_jpy)
            max_jpy = jpy;
        size_t k = 0;
        while (k < n_t && strcmp(techs[k].id, winner) != 0)
            k++;
        if (k == n_t && n_t < 64) {
            snprintf(techs[n_t].id, sizeof techs[n_t].id, "%s", winner);
            techs[n_t++].wins = 0;
        }
        if (k < n_t)
            techs[k].wins++;
    }
    qsort(techs, n_t, sizeof *techs, cmp_tech);
    dx__buf md;
    dx__buf_init(&md);
    dx__buf_appendf(&md, "# Sweep: %s\n\n%zu jobs, %zu failed. Table: results.csv, results.jsonl%s.\n\n",
                    sw->name, sw->n_jobs, j->failed, sw->chart ? "; chart: summary.svg" : "");
    dx__buf_append(&md, "## Cheapest feasible technology (net cost after subsidy)\n\n"
                        "| technology | jobs where it is cheapest |\n|---|---|\n");
    for (size_t k = 0; k < n_t; k++)
        dx__buf_appendf(&md, "| %s | %zu |\n", techs[k].id, techs[k].wins);
    dx__buf_append(&md, "\n| job | cheapest feasible | net cost (JPY) |\n|---|---|---|\n");
    for (size_t i = 0; i < sw->n_jobs; i++) {
        char status[16], winner[32], nb[48];
        double jpy;
        summary_of(j->payload[i], status, winner, &jpy);
        fmt_num(nb, sizeof nb, jpy);
        dx__buf_appendf(&md, "| %s | %s | %s |\n", sw->jobs[i].key,
                        strcmp(status, "ok") == 0 ? winner : "(error)", nb[0] ? nb : "-");
    }
    if (j->failed) {
        dx__buf_append(&md, "\n## Errors\n\n");
        for (size_t i = 0; i < sw->n_jobs; i++)
            if (record_failed(j->payload[i]))
                dx__buf_appendf(&md, "- %s: %s\n", sw->jobs[i].key,
                                sw->jobs[i].error ? sw->jobs[i].error : "see results.csv");
    }
    DX_TRY(write_out(j, "summary.md", &md));
    if (!sw->chart)
        return DX_OK;

    /* Horizontal bars: per job, the cheapest feasible technology's net cost. */
    const int bar_h = 18, label_w = 260, plot_w = 420, top = 72;
    int height = top + (int)sw->n_jobs * bar_h + 30;
    dx__buf svg;
    dx__buf_init(&svg);
    dx__buf_appendf(&svg,
                    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                    "font-family=\"sans-serif\" font-size=\"11\">\n"
                    "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n<text x=\"8\" y=\"18\" "
                    "font-size=\"14\" font-weight=\"bold\">",
                    label_w + plot_w + 200, height);
    xml_text(&svg, sw->name);
    dx__buf_append(&svg, "</text>\n<text x=\"8\" y=\"36\">Per job: the cheapest feasible technology and its "
                         "net cost over the horizon after subsidy (million JPY)</text>\n");
    for (size_t k = 0; k < n_t; k++) {
        int x = 8 + (int)k * 150;
        dx__buf_appendf(&svg, "<rect x=\"%d\" y=\"46\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                              "<text x=\"%d\" y=\"56\">",
                        x, palette[k % 8], x + 16);
        xml_text(&svg, techs[k].id);
        dx__buf_appendf(&svg, " (%zu)</text>\n", techs[k].wins);
    }
    for (size_t i = 0; i < sw->n_jobs; i++) {
        char status[16], winner[32];
        double jpy;
        summary_of(j->payload[i], status, winner, &jpy);
        int y = top + (int)i * bar_h;
        dx__buf_appendf(&svg, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", label_w - 6, y + 13);
        xml_text(&svg, sw->jobs[i].key);
        dx__buf_append(&svg, "</text>\n");
        if (strcmp(status, "ok") != 0 || !isfinite(jpy) || max_jpy <= 0) {
            dx__buf_appendf(&svg, "<text x=\"%d\" y=\"%d\" fill=\"#b00\">%s</text>\n", label_w, y + 13,
                            strcmp(status, "ok") != 0 ? "error (see summary.md)" : "no feasible technology");
            continue;
        }
        size_t k = 0;
        while (k < n_t && strcmp(techs[k].id, winner) != 0)
            k++;
        int w = (int)lround(jpy / max_jpy * plot_w);
        double mjpy = fabs(jpy) < 5e4 ? 0.0 : jpy / 1e6; /* no "-0.0" for rounding noise */
        dx__buf_appendf(&svg, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>"
                              "<text x=\"%d\" y=\"%d\">",
                        label_w, y + 2, w > 0 ? w : 1, bar_h - 4, palette[k % 8], label_w + w + 4, y + 13);
        xml_text(&svg, winner);
        dx__buf_appendf(&svg, " %.1f M</text>\n", mjpy);
    }
    dx__buf_append(&svg, "</svg>\n");
    return write_out(j, "summary.svg", &svg);
}

dx_status dx_sweep_journal_finish(dx_sweep_journal *j)
{
    DX_REQUIRE_PTR(j);
    const dx_sweep *sw = j->sw;
    DX_TRY(dx_sweep_journal_sync(j));
    for (size_t i = 0; i < sw->n_jobs; i++)
        if (!j->payload[i])
            DX_FAIL(DX_EINVAL, "job %zu ('%s') has no record in the journal yet", i, sw->jobs[i].key);
    dx__buf csv, jl;
    dx__buf_init(&csv);
    dx__buf_init(&jl);
    /* UTF-8 BOM: Excel on Japanese Windows reads a CSV without one as
     * Shift_JIS (CP932), and scenario names, paths and errors may be Japanese */
    dx__buf_append(&csv, "\xEF\xBB\xBF"
                         "scenario,variant,technology,status,error");
    for (size_t c = 0; c < sw->n_cols; c++)
        dx__buf_appendf(&csv, ",%s", columns[sw->cols[c]].name);
    dx__buf_append(&csv, "\n");
    for (size_t i = 0; i < sw->n_jobs; i++) {
        for (const char *p = j->payload[i]; *p;) {
            const char *eol = strchr(p, '\n');
            size_t len = eol ? (size_t)(eol - p) : strlen(p);
            if (len > 2 && p[0] == 'R' && p[1] == '\t') {
                const char *tab = memchr(p + 2, '\t', len - 2);
                if (tab) {
                    dx__buf_appendf(&csv, "%.*s\n", (int)(tab - (p + 2)), p + 2);
                    dx__buf_appendf(&jl, "%.*s\n", (int)(p + len - tab - 1), tab + 1);
                }
            }
            p += len + (eol ? 1 : 0);
        }
    }
    if (!jl.data)
        dx__buf_append(&jl, "");
    dx_status st = write_out(j, "results.csv", &csv);
    if (st == DX_OK)
        st = write_out(j, "results.jsonl", &jl);
    dx__buf_dispose(&csv);
    dx__buf_dispose(&jl);
    if (st == DX_OK)
        st = write_summary(j);
    return st;
}

/* ---- one process ------------------------------------------------------------------ */

dx_status dx_sweep_options_init(dx_sweep_options *opts, unsigned int version)
{
    DX_REQUIRE_PTR(opts);
    if (version == 0 || version > DX_SWEEP_OPTIONS_VERSION)
        DX_FAIL(DX_EINVAL, "dx_sweep_options version %u is not supported (1 .. %d)", version,
                DX_SWEEP_OPTIONS_VERSION);
    memset(opts, 0, sizeof *opts);
    opts->version = version;
    return DX_OK;
}

size_t dx_sweep_options_size(void) { return sizeof(dx_sweep_options); }

dx_status dx_sweep_run(const dx_sweep *sw, const dx_sweep_options *opts, size_t *out_failed)
{
    DX_REQUIRE_PTR(sw);
    dx_sweep_options def;
    if (!opts) {
        dx_sweep_options_init(&def, DX_SWEEP_OPTIONS_VERSION);
        opts = &def;
    }
    if (opts->threads < 0 || opts->threads > 4096)
        DX_FAIL(DX_EINVAL, "dx_sweep_options.threads = %d (allowed 0 .. 4096)", opts->threads);
    const char *dir = opts->out_dir ? opts->out_dir : sw->out_dir;
    dx_sweep_journal *j = NULL;
    DX_TRY(dx_sweep_journal_open(sw, dir, opts->resume, &j));
    size_t *order = dx__malloc((sw->n_jobs ? sw->n_jobs : 1) * sizeof *order);
    if (!order) {
        dx_sweep_journal_close(j);
        DX_FAIL(DX_ENOMEM, "out of memory");
    }
    dx_sweep_job_order(sw, order);
    size_t todo = 0;
    for (size_t k = 0; k < sw->n_jobs; k++)
        if (!dx_sweep_journal_has(j, order[k]))
            order[todo++] = order[k];
    int threads = opts->threads;
#ifdef DXSIM_HAVE_OPENMP
    if (threads == 0)
        threads = omp_get_num_procs();
#else
    threads = 1;
    (void)threads; /* the parallel-for pragma below is ignored without OpenMP */
#endif
    if (opts->progress)
        opts->progress(dx_sweep_journal_done_count(j), sw->n_jobs, dx_sweep_journal_failed_count(j),
                       opts->progress_user);
    int first = DX_OK;
    char first_msg[1024] = "";
    long n_todo = (long)todo;
#ifdef DXSIM_HAVE_OPENMP
    omp_lock_t lock;
    omp_init_lock(&lock);
#endif
#ifdef DXSIM_HAVE_OPENMP
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads) if (threads > 1)
#endif
    for (long k = 0; k < n_todo; k++) {
        int stop;
#ifdef DXSIM_HAVE_OPENMP
#pragma omp atomic read
#endif
        stop = first;
        if (stop != DX_OK)
            continue;
        char *rec = NULL;
        dx_status st = dx_sweep_run_job(sw, order[k], dir, &rec);
#ifdef DXSIM_HAVE_OPENMP
        omp_set_lock(&lock); /* a named critical would export a symbol */
#endif
        {
            if (st == DX_OK)
                st = dx_sweep_journal_append(j, order[k], rec);
            if (st != DX_OK && first == DX_OK) {
                snprintf(first_msg, sizeof first_msg, "%s", dx_last_error());
#ifdef DXSIM_HAVE_OPENMP
#pragma omp atomic write
#endif
                first = st;
            } else if (st == DX_OK && opts->progress) {
                opts->progress(dx_sweep_journal_done_count(j), sw->n_jobs,
                               dx_sweep_journal_failed_count(j), opts->progress_user);
            }
        }
#ifdef DXSIM_HAVE_OPENMP
        omp_unset_lock(&lock);
#endif
        dx__free(rec);
    }
#ifdef DXSIM_HAVE_OPENMP
    omp_destroy_lock(&lock);
#endif
    dx__free(order);
    dx_status st = (dx_status)first;
    if (st != DX_OK)
        dx__set_error("%s", first_msg);
    if (st == DX_OK)
        st = dx_sweep_journal_finish(j);
    if (out_failed)
        *out_failed = dx_sweep_journal_failed_count(j);
    dx_sweep_journal_close(j);
    return st;
}
