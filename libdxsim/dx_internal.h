/*
 * Private helpers shared by the libdxsim sources: error reporting, allocation
 * wrappers (with failure injection for tests), GSL status mapping,
 * locale-independent number parsing/formatting and access to the data files
 * embedded at build time. Never included by a public header.
 */
#ifndef DXSIM_DX_INTERNAL_H
#define DXSIM_DX_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <math.h>
#include "dxsim/common.h"
#include "dxsim/technology.h" /* dx_value_class */
#include "dxsim/programme.h"  /* dx__programme_evaluate_text */

#if defined(__GNUC__)
#define DX__PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define DX__PRINTF(f, a)
#endif

/* Internal, non-static symbols carry the dx__ prefix and no DX_API, so the
 * shared library does not export them (hidden visibility). */

/** Record a printf-style message for the calling thread (no allocation). */
void dx__set_error(const char *fmt, ...) DX__PRINTF(1, 2);
/** Prefix the current message with "ctx: " (used to add file/line context). */
void dx__prefix_error(const char *fmt, ...) DX__PRINTF(1, 2);

/** Set the message and return the code: one breakpoint catches every failure. */
#define DX_FAIL(code, ...)                                                     \
    do {                                                                       \
        dx__set_error(__VA_ARGS__);                                            \
        return (code);                                                         \
    } while (0)

/** Propagate a failure status unchanged (message already set). */
#define DX_TRY(expr)                                                           \
    do {                                                                       \
        int dx__st_ = (expr);                                                  \
        if (dx__st_ < 0)                                                       \
            return (dx_status)dx__st_;                                         \
    } while (0)

/** Fail with DX_EINVAL when a required pointer argument is NULL. */
#define DX_REQUIRE_PTR(p)                                                      \
    do {                                                                       \
        if ((p) == NULL)                                                       \
            DX_FAIL(DX_EINVAL, "%s: argument '%s' is NULL", __func__, #p);     \
    } while (0)

/* Allocation wrappers. Tests can make the k-th allocation fail. */
void *dx__malloc(size_t size);
void *dx__calloc(size_t count, size_t size);
void *dx__realloc(void *ptr, size_t size);
void dx__free(void *ptr);
char *dx__strdup(const char *s);

/* file_read.c: the one reader of input files. Refuses FIFOs, devices and
 * folders without blocking (O_NONBLOCK open, fstat S_ISREG) and files above
 * max_bytes (DX_EPARSE naming limit_name) before allocating; *out is
 * NUL-terminated, freed with dx__free. what: "a scenario", "a DEM tile" ... */
dx_status dx__file_read(const char *path, size_t max_bytes, const char *what,
                        const char *limit_name, char **out, size_t *out_len);
/* The same check alone (for readers that open the file themselves, e.g. minizip). */
dx_status dx__file_check_regular(const char *path, const char *what);
/* What a non-regular file is ("a FIFO (named pipe)", "a character device" ...),
 * for messages; mode is a struct stat st_mode. */
const char *dx__file_kind(unsigned int mode);

/** Map a GSL error number to a dx_status and set a message naming the call. */
dx_status dx__from_gsl(int gsl_errno, const char *what);

/* Consumption tax (domain-japan §5, FIRM since 2019-10-01): the one home of the
 * rate for new code (compare_glue.c still defines the same value locally). */
#define DX__CONSUMPTION_TAX_RATIO 0.10

/* The one rule for consumption tax on a cost item (defined in cost.c):
 * the multiplier from the item's unit price to its tax-included amount
 * (1 when the price includes tax or the item is not taxable, 1.10 otherwise) */
double dx__item_tax_included_factor(const dx_cost_item *it);
/* the tax-excluded amount of a tax-included amount: itself for an item that
 * is not taxable (不課税: state fees such as 免許申請手数料, 電波利用料), else / 1.10 */
double dx__tax_excluded_jpy(double tax_included_jpy, int not_taxable);


/* Locale-independent numbers ("C" numeric locale whatever the host set). */
/** Parse a whole string as a double; returns 0 on success, -1 if not a number. */
int dx__parse_double(const char *s, double *out);
/** Like snprintf with "%.*g" in the C locale. */
int dx__format_double(char *buf, size_t cap, double v, int digits);
/** Switch this thread to the C locale for numbers; returns the previous locale for
 *  dx__c_numeric_end (NULL: nothing to restore). */
void *dx__c_numeric_begin(void);
void dx__c_numeric_end(void *old);
/** vsnprintf in the C numeric locale (for report writers). */
int dx__vsnprintf_c(char *buf, size_t cap, const char *fmt, va_list ap);
/* Text for a person (notes, verdicts, reasons) into a fixed buffer, C locale:
 * when it does not fit it is cut before a whole UTF-8 character and ends with
 * " [...]" so the cut is visible (issue 10: never cut silently, always valid
 * UTF-8). Returns 1 when cut, else 0. */
int dx__text_vfmt(char *buf, size_t cap, const char *fmt, va_list ap);
int dx__text_fmt(char *buf, size_t cap, const char *fmt, ...) DX__PRINTF(3, 4);

/** Strip leading blanks and trailing blanks/CR in place (data-file lines). */
char *dx__trim(char *s);
/* Bytes of a UTF-8 byte-order mark at the start of text (0 or 3): the CSV
 * readers skip it (Excel's "CSV UTF-8" starts with one; the header's first
 * column name was not recognised). */
size_t dx__utf8_bom_len(const char *text, size_t len);
/** "FIRM", "INDICATIVE", "ASSUMED", "UNVERIFIED" -> class; 0 on success, -1 otherwise. */
int dx__parse_value_class(const char *s, dx_value_class *out);

/* Growable text buffer used by report writers. */
typedef struct {
    char *data;
    size_t len;
    size_t cap;
    int failed; /* set after an allocation failure; further appends are no-ops */
} dx__buf;
void dx__buf_init(dx__buf *b);
void dx__buf_dispose(dx__buf *b);
void dx__buf_append(dx__buf *b, const char *s);
void dx__buf_appendf(dx__buf *b, const char *fmt, ...) DX__PRINTF(2, 3);
/** Detach the text (caller frees with dx_free); NULL and DX_ENOMEM message on failure. */
char *dx__buf_take(dx__buf *b);

/* One row of a CSV table (csv_table.c): cells owned by the row. */
typedef struct {
    char **cells;
    size_t n;
    long line; /* 1-based line where the row starts */
} dx__csv_row;
/** Read the row at *pos of s[0..len) (RFC 4180 quotes, CRLF; a leading UTF-8
 *  BOM, '#' and empty lines skipped; cells trimmed): 1 for a row, 0 at the
 *  end, -1 with the message "line N: ..." (unclosed quote, NUL byte), -2 out
 *  of memory.
 *  *line counts lines (start at 1); free each row with dx__csv_row_free. */
int dx__csv_next(const char *s, size_t len, size_t *pos, long *line, dx__csv_row *row);
void dx__csv_row_free(dx__csv_row *r);
/** One turn of a reader's loop: frees *row, reads the next one; 1 with a row,
 *  0 at the end or on error (*st = DX_EPARSE or DX_ENOMEM, the message
 *  prefixed with file: "plan.csv: line 4: unclosed quote"). */
int dx__csv_step(const char *s, size_t len, size_t *pos, long *line, dx__csv_row *row,
                 const char *file, dx_status *st);

/** Built-in data file embedded at build time (libdxsim/data/<name>).
 *  Returns NULL when there is no such file. */
const char *dx__embedded_data(const char *name, size_t *out_len);

/** Write one file atomically through an output transaction (output_internal.h):
 *  a private mkdtemp folder beside the file, O_EXCL|O_NOFOLLOW, fsync, rename. */
dx_status dx__write_file_atomic(const char *path, const char *data, size_t len);

/** Initialise libxml2 once (thread-safe, pthread_once) and route its generic
 *  error output into dx_last_error() for the calling thread. Call before any
 *  libxml2 function (libdxsim/xml.c). */
void dx__xml_init(void);

/** Parse one XML document safely, the one place every XML reader of the
 *  library goes through (scenario, sweep spec, KML area, GSI DEM; xml.c):
 *  XML_PARSE_NONET (nothing is ever fetched), no entity substitution, no DTD
 *  loading; a DOCTYPE in any encoding (UTF-16 too) stops the parser at once
 *  (a SAX hook), so no entity declaration is ever processed. extra_options
 *  adds libxml2 options (XML_PARSE_HUGE for DEM tiles). On a parse error the
 *  message is "NAME:LINE: malformed XML: <libxml2's first error> (in <a>/<b>)"
 *  naming the element being read: the start tag being parsed or the innermost
 *  open element. what ("a scenario", "a sweep spec" ...) names the document in
 *  the DOCTYPE refusal. *out is freed by the caller with xmlFreeDoc. */
struct _xmlDoc;
dx_status dx__xml_read(const char *text, size_t len, const char *name, const char *what,
                       int extra_options, struct _xmlDoc **out);

/* Parsers of the embedded data files from any text, for the fuzz harnesses
 * (tests/fuzz) and tests: the same code as the built-in copies go through. */
/** Parse a technology catalogue (technologies.txt format); *out_n = entries. */
dx_status dx__technology_parse_catalogue(const char *text, size_t len, size_t *out_n);
/** dx_programme_evaluate with the rules read from rules_text (programme-r7.txt format). */
/* programme_items.c: mark it as conditional (a purchase that cannot be leased,
 * eligible only once MIC accepts its justification): leasable = 0; refused
 * with `where` ("file:line", NULL = none) unless it is a purchase with a
 * justification. The CSV column and the scenario attribute `conditional`. */
dx_status dx__cost_item_conditional(dx_cost_item *it, const char *where);
dx_status dx__programme_evaluate_text(const char *rules_text, size_t rules_len, const char *menu,
                                      size_t n_items, const dx_cost_item *items,
                                      const dx_applicant *applicant, dx_programme_result **out);

/* 1 when the deciding rule of an item verdict is the "unleasable purchase with a
 * reason" rule (conditional: eligible only once MIC consents). The one test the
 * conditional subtotal (compare.c) and the cost table (report_doc.c) share. */
int dx__rule_is_conditional(const char *rule);

/* programme.c: dx_programme_evaluate computing the numbers only (a Monte Carlo
 * draw): the same verdicts (eligible, amounts, class), checks (passed,
 * blocking) and totals, but no rule id, reason or warning text (empty
 * strings, no warnings). */
dx_status dx__programme_evaluate_numbers(const char *menu, size_t n_items, const dx_cost_item *items,
                                         const dx_applicant *applicant, dx_programme_result **out);
/* 1 when item i of r was decided by the conditional rule (unleasable_with_reason),
 * what dx__rule_is_conditional says of its rule id; set in both kinds of evaluation. */
int dx__programme_result_item_conditional(const dx_programme_result *r, size_t i);

/* ---- checked sizes and conversions (issue 13) ------------------------------
 * Every size computed from user input goes through these before an allocation
 * or a loop bound, so a wrapped product can never reach malloc. */

/** *out = a * b; DX_EDOMAIN naming `what` ("grid pixels nx x ny") on size_t overflow. */
static inline dx_status dx__mul_size(const char *what, size_t a, size_t b, size_t *out)
{
    if (a != 0 && b > SIZE_MAX / a) {
        dx__set_error("%s: %zu x %zu overflows size_t (allowed product <= %zu)", what, a, b,
                      (size_t)-1);
        *out = 0;
        return DX_EDOMAIN;
    }
    *out = a * b;
    return DX_OK;
}

/** *out = a * b * c (e.g. count x count x sizeof), checked like dx__mul_size. */
static inline dx_status dx__mul3_size(const char *what, size_t a, size_t b, size_t c, size_t *out)
{
    if ((a != 0 && b > SIZE_MAX / a) || (a * b != 0 && c > SIZE_MAX / (a * b))) {
        dx__set_error("%s: %zu x %zu x %zu overflows size_t (allowed product <= %zu)", what, a, b,
                      c, (size_t)-1);
        *out = 0;
        return DX_EDOMAIN;
    }
    *out = a * b * c;
    return DX_OK;
}

/** Round-to-nearest conversion of a double count to int: DX_EDOMAIN naming `what`
 *  when v is NaN/inf or outside [INT_MIN, INT_MAX] (instead of the undefined
 *  behaviour of a plain cast, e.g. "n_sites = -2147483648"). */
dx_status dx__to_int_checked(double v, const char *what, int *out);
/** Same for size_t: v must be finite, >= 0 and <= SIZE_MAX (rounded up with ceil
 *  when round_up, else to nearest). */
dx_status dx__to_size_checked(double v, const char *what, int round_up, size_t *out);
/** DX_EDOMAIN "`fn`: `what` = v `unit` (allowed: finite)" when v is NaN or +-inf. */
dx_status dx__require_finite(const char *fn, const char *what, double v, const char *unit);
/** Same for n values: the message names the first bad index. */
dx_status dx__require_finite_n(const char *fn, const char *what, size_t n, const double *v,
                               const char *unit);

/* Test hook (exported from the static/object build only, used by tests). */
void dx__test_fail_alloc_after(long n); /* -1 = never fail */

/* Hot array kernels get x86-64-v4 (AVX-512) and v3 (AVX2 + FMA) clones next
 * to the baseline build; the loader picks the best one for the CPU at run time
 * (GCC function multiversioning), so the library stays portable. Sanitizer
 * builds use the baseline only: the clones' ifunc resolvers run during
 * relocation, before a sanitizer runtime is up (a GCC -fsanitize=thread build
 * crashed at load). One condition for every cloned kernel: DX__HAVE_CLONES. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__) &&       \
    !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
#define DX__HAVE_CLONES 1
#else
#define DX__HAVE_CLONES 0
#endif
#if DX__HAVE_CLONES
#define DX__SIMD_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define DX__SIMD_CLONES
#endif

#define DX_PI 3.14159265358979323846
#define DX_SPEED_OF_LIGHT_M_PER_S 299792458.0 /* SI definition (exact) */
#define DX_BOLTZMANN_J_PER_K 1.380649e-23     /* SI definition (exact), 2019 */
/* GRS80 ellipsoid of JGD2011 (GSI): semi-major axis and flattening */
#define DX_GRS80_A_M 6378137.0
#define DX_GRS80_F (1.0 / 298.257222101)
#define DX_EARTH_MEAN_RADIUS_M 6371008.8 /* IUGG mean radius R1 (Moritz 2000) */
/** GRS80 metres per radian of latitude (meridian radius M) and of longitude
 *  (N cos phi) at lat_deg; geo.c. Local frames use them at the mid-latitude. */
void dx__grs80_radii(double lat_deg, double *m_per_rad_lat, double *m_per_rad_lon);
/* Even-odd point in polygon for a planar ring of n vertices (geo.c). */
int dx__geo_ring_contains_xy(size_t n, const double *x, const double *y, double px, double py);

#endif
