/*
 * One reader for the CSV tables users give the library (RFC 4180: quoted
 * cells, doubled quotes, line breaks inside quotes, CRLF), used by the sweep's
 * <table>, the calibration measurements and the cost plan of dxsim programme:
 * a UTF-8 BOM (Excel's "CSV UTF-8") is skipped, '#' lines and empty lines are
 * comments, cells are trimmed of blanks, and a NUL byte is refused with its
 * line. Lines end at CRLF, LF or a lone CR (the old Mac "CSV (Macintosh)":
 * its first '#' line used to swallow the whole file). A UTF-16 file (BOM FF FE
 * or FE FF) is refused naming the encoding, and a row holds at most
 * DX__CSV_MAX_CELLS cells (the callers' repeated-column checks compare every
 * pair of names: 10^5 columns ran for minutes).
 */
#include <string.h>

#include "dx_internal.h"

/* ASSUMED: the tables read here have tens of columns (the widest, a sweep
 * <table>, one per parameter); 4,096 leaves room and keeps a header check of
 * every pair of names at 8 million comparisons. */
#define DX__CSV_MAX_CELLS 4096

void dx__csv_row_free(dx__csv_row *r)
{
    for (size_t i = 0; i < r->n; i++)
        dx__free(r->cells[i]);
    dx__free(r->cells);
    r->cells = NULL;
    r->n = 0;
}

/* Append s[0..n) to a cell under construction. */
static int cell_add(char **cell, size_t *len, size_t *cap, const char *s, size_t n)
{
    if (*len + n + 1 > *cap) {
        size_t nc = *cap ? *cap : 32;
        while (nc < *len + n + 1)
            nc *= 2;
        char *p = dx__realloc(*cell, nc);
        if (!p)
            return 0;
        *cell = p;
        *cap = nc;
    }
    memcpy(*cell + *len, s, n);
    *len += n;
    (*cell)[*len] = '\0';
    return 1;
}

/* A row that cannot be read: the cell under construction and the row's
 * cells are freed (the message is set by the caller); returns rc. */
static int give_up(char *cell, dx__csv_row *row, int rc)
{
    dx__free(cell);
    dx__csv_row_free(row);
    return rc;
}

int dx__csv_step(const char *s, size_t len, size_t *pos, long *line, dx__csv_row *row,
                 const char *file, dx_status *st)
{
    dx__csv_row_free(row);
    int got = len ? dx__csv_next(s, len, pos, line, row) : 0;
    if (got < 0) {
        *st = got == -2 ? DX_ENOMEM : DX_EPARSE;
        dx__prefix_error("%s", file);
    }
    return got > 0;
}

int dx__csv_next(const char *s, size_t len, size_t *pos, long *line, dx__csv_row *row)
{
    row->n = 0;
    row->cells = NULL;
    if (*pos == 0) {
        if (len >= 2 && ((unsigned char)s[0] == 0xFF && (unsigned char)s[1] == 0xFE)) {
            dx__set_error("line 1: the file is UTF-16 (byte order mark FF FE): save it as UTF-8 "
                          "(Excel: \"CSV UTF-8\")");
            return -1;
        }
        if (len >= 2 && ((unsigned char)s[0] == 0xFE && (unsigned char)s[1] == 0xFF)) {
            dx__set_error("line 1: the file is UTF-16 (byte order mark FE FF): save it as UTF-8 "
                          "(Excel: \"CSV UTF-8\")");
            return -1;
        }
        *pos = dx__utf8_bom_len(s, len);
    }
    while (*pos < len && (s[*pos] == '\n' || s[*pos] == '\r' || s[*pos] == '#')) {
        if (s[*pos] == '#')
            while (*pos < len && s[*pos] != '\n' && s[*pos] != '\r')
                (*pos)++;
        /* one line end: CRLF, LF or a lone CR */
        if (*pos < len && s[*pos] == '\r') {
            (*pos)++;
            if (*pos < len && s[*pos] == '\n')
                (*pos)++;
            (*line)++;
        } else if (*pos < len && s[*pos] == '\n') {
            (*pos)++;
            (*line)++;
        }
    }
    if (*pos >= len)
        return 0;
    row->line = *line;
    size_t cap_cells = 0;
    for (;;) {
        char *cell = NULL;
        size_t cl = 0, cc = 0;
        int ok = cell_add(&cell, &cl, &cc, "", 0), quoted = 0;
        if (ok && *pos < len && s[*pos] == '"') {
            quoted = 1;
            (*pos)++;
            for (;;) {
                if (*pos >= len) {
                    dx__set_error("line %ld: unclosed quote", row->line);
                    return give_up(cell, row, -1);
                }
                const char *q = memchr(s + *pos, '"', len - *pos);
                size_t span = q ? (size_t)(q - (s + *pos)) : len - *pos;
                for (size_t k = 0; k < span; k++)
                    if (s[*pos + k] == '\n')
                        (*line)++;
                if (memchr(s + *pos, '\0', span)) {
                    dx__set_error("line %ld: a NUL byte in the line", *line);
                    return give_up(cell, row, -1);
                }
                ok = ok && cell_add(&cell, &cl, &cc, s + *pos, span);
                *pos += span;
                if (!q)
                    continue; /* unclosed: reported on the next turn */
                (*pos)++;     /* the quote */
                if (*pos < len && s[*pos] == '"') {
                    (*pos)++;
                    ok = ok && cell_add(&cell, &cl, &cc, "\"", 1);
                    continue;
                }
                break;
            }
        }
        size_t start = *pos;
        while (*pos < len && s[*pos] != ',' && s[*pos] != '\n' && s[*pos] != '\r' && s[*pos] != '\0')
            (*pos)++;
        for (size_t k = start; quoted && k < *pos; k++)
            if (s[k] != ' ' && s[k] != '\t') { /* "a"b: not RFC 4180, and ambiguous */
                dx__set_error("line %ld: text after the closing quote of a cell ('%.*s'; a quote "
                              "inside a quoted cell is written twice: \"\")",
                              *line, (int)(*pos - start < 40 ? *pos - start : 40), s + start);
                return give_up(cell, row, -1);
            }
        if (*pos < len && s[*pos] == '\0') {
            dx__set_error("line %ld: a NUL byte in the line", *line);
            return give_up(cell, row, -1);
        }
        ok = ok && cell_add(&cell, &cl, &cc, s + start, *pos - start);
        if (row->n == DX__CSV_MAX_CELLS) {
            dx__set_error("line %ld: more than %d cells in a row (the limit of the CSV reader)",
                          row->line, DX__CSV_MAX_CELLS);
            return give_up(cell, row, -1);
        }
        if (ok && row->n == cap_cells) {
            size_t nc = cap_cells ? 2 * cap_cells : 16;
            char **v = dx__realloc(row->cells, nc * sizeof *v);
            if (v) {
                row->cells = v;
                cap_cells = nc;
            }
            ok = v != NULL;
        }
        if (!ok) {
            dx__set_error("out of memory reading CSV");
            return give_up(cell, row, -2);
        }
        char *t = dx__trim(cell);
        if (t != cell)
            memmove(cell, t, strlen(t) + 1);
        row->cells[row->n++] = cell;
        if (*pos < len && s[*pos] == ',') {
            (*pos)++;
            continue;
        }
        if (*pos < len && s[*pos] == '\r') {
            (*pos)++;
            if (*pos < len && s[*pos] == '\n')
                (*pos)++;
            (*line)++; /* CRLF or a lone CR */
        } else if (*pos < len && s[*pos] == '\n') {
            (*pos)++;
            (*line)++;
        }
        return 1;
    }
}
