/* Shared helpers for the cmocka tests: tolerant double comparison and a
 * reader for reference-vector CSV files in tests/data (with their sources). */
#ifndef DXSIM_TEST_H
#define DXSIM_TEST_H
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* strtok_r */
#endif

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

/* cmocka 1.1.5 (Debian 12) only has assert_float_equal, which casts to float. */
#define dx_assert_close(actual, expected, abs_tol, rel_tol)                      \
    dx_assert_close_at((actual), (expected), (abs_tol), (rel_tol), #actual, __FILE__, __LINE__)

static inline void dx_assert_close_at(double a, double e, double abs_tol, double rel_tol,
                                      const char *what, const char *file, int line)
{
    double tol = abs_tol;
    if (rel_tol * fabs(e) > tol)
        tol = rel_tol * fabs(e);
    if (!(fabs(a - e) <= tol)) {
        print_error("%s = %.12g, expected %.12g (tol %.3g, diff %.3g)\n", what, a, e, tol,
                    a - e);
        _fail(file, line);
    }
}

/* Path of a file in tests/data (DXSIM_TEST_DATA set by ctest). */
static inline const char *dx_test_data_path(const char *name)
{
    static char buf[4096];
    const char *dir = getenv("DXSIM_TEST_DATA");
    snprintf(buf, sizeof buf, "%s/%s", dir ? dir : "../tests/data", name);
    return buf;
}

/* Whole text of a file of tests/data (name relative to it, so
 * "../../examples/scenarios/x.xml" reaches the examples), NUL-terminated, at
 * most 1 MiB; fails the test when it cannot be opened. free() it. */
static inline char *dx_test_read_data(const char *name, size_t *len)
{
    const char *path = dx_test_data_path(name);
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    char *buf = malloc(1 << 20);
    assert_non_null(buf);
    *len = fread(buf, 1, (1 << 20) - 1, f);
    buf[*len] = '\0';
    fclose(f);
    return buf;
}

/* Reference-vector CSV: '#' lines are comments (the source is named there);
 * the first other line is the header; cells are split on ','. */
typedef struct {
    int ncols;
    int nrows;
    char *cells[512][24];
    char *header[24];
    char *storage;
} dx_csv;

static inline void dx_csv_free(dx_csv *c)
{
    free(c->storage);
    memset(c, 0, sizeof *c);
}

static inline int dx_csv_load(dx_csv *c, const char *name)
{
    memset(c, 0, sizeof *c);
    FILE *f = fopen(dx_test_data_path(name), "rb");
    if (!f)
        return -1;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    c->storage = malloc((size_t)n + 1);
    if (!c->storage || fread(c->storage, 1, (size_t)n, f) != (size_t)n) {
        fclose(f);
        return -1;
    }
    fclose(f);
    c->storage[n] = '\0';
    char *save = NULL;
    int have_header = 0;
    for (char *line = strtok_r(c->storage, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        size_t L = strlen(line);
        if (L && line[L - 1] == '\r')
            line[--L] = '\0';
        if (L == 0 || line[0] == '#')
            continue;
        char **dst = have_header ? c->cells[c->nrows] : c->header;
        int col = 0;
        char *p = line;
        while (col < 24) {
            dst[col++] = p;
            char *comma = strchr(p, ',');
            if (!comma)
                break;
            *comma = '\0';
            p = comma + 1;
        }
        if (!have_header) {
            c->ncols = col;
            have_header = 1;
        } else if (c->nrows < 511) {
            c->nrows++;
        }
    }
    return have_header ? 0 : -1;
}

static inline int dx_csv_col(const dx_csv *c, const char *name)
{
    for (int i = 0; i < c->ncols; i++)
        if (strcmp(c->header[i], name) == 0)
            return i;
    print_error("column '%s' missing from CSV\n", name);
    return -1;
}

static inline double dx_csv_num(const dx_csv *c, int row, const char *col)
{
    int k = dx_csv_col(c, col);
    return k < 0 ? NAN : strtod(c->cells[row][k], NULL);
}

static inline const char *dx_csv_str(const dx_csv *c, int row, const char *col)
{
    int k = dx_csv_col(c, col);
    return k < 0 ? "" : c->cells[row][k];
}

#endif
