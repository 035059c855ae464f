/* Status names, thread-local error messages, allocation wrappers, GSL glue,
 * locale-independent numbers, atomic file writes. */
#define _GNU_SOURCE
#include "counters_internal.h"
#include "dx_internal.h"

#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gsl/gsl_errno.h>

#define DX__ERRBUF 1024
static _Thread_local char dx__errbuf[DX__ERRBUF];

const char *dx_status_name(int status)
{
    switch (status) {
#define DX_STATUS_NAME_(name, value, text)                                     \
    case (value):                                                              \
        return "DX_" #name;
        DX_STATUS_MAP(DX_STATUS_NAME_)
#undef DX_STATUS_NAME_
    default:
        return "DX_UNKNOWN";
    }
}

const char *dx_status_message(int status)
{
    switch (status) {
#define DX_STATUS_TEXT_(name, value, text)                                     \
    case (value):                                                              \
        return text;
        DX_STATUS_MAP(DX_STATUS_TEXT_)
#undef DX_STATUS_TEXT_
    default:
        return "unknown status code";
    }
}

const char *dx_last_error(void) { return dx__errbuf; }
void dx_clear_error(void) { dx__errbuf[0] = '\0'; }

void dx__set_error(const char *fmt, ...)
{
    /* Format into a scratch buffer first: an argument may be dx_last_error() itself. */
    char tmp[DX__ERRBUF];
    va_list ap;
    va_start(ap, fmt);
    dx__vsnprintf_c(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    memcpy(dx__errbuf, tmp, sizeof tmp);
}

void dx__prefix_error(const char *fmt, ...)
{
    char old[DX__ERRBUF];
    char pre[DX__ERRBUF];
    va_list ap;
    memcpy(old, dx__errbuf, sizeof old);
    va_start(ap, fmt);
    dx__vsnprintf_c(pre, sizeof pre, fmt, ap);
    va_end(ap);
    size_t n = strlen(pre);
    if (n + 2 < sizeof dx__errbuf) {
        memcpy(dx__errbuf, pre, n);
        memcpy(dx__errbuf + n, ": ", 2);
        size_t room = sizeof dx__errbuf - n - 3;
        size_t m = strlen(old);
        if (m > room)
            m = room;
        memcpy(dx__errbuf + n + 2, old, m);
        dx__errbuf[n + 2 + m] = '\0';
    }
}

/* ---- test-only work counters (counters_internal.h) ------------------------ */
unsigned long dx__counters[DX__COUNT_N];

/* ---- allocation with failure injection ---------------------------------- */
static long dx__alloc_budget = -1; /* test hook only; not touched otherwise */

void dx__test_fail_alloc_after(long n) { dx__alloc_budget = n; }

static int dx__alloc_should_fail(void)
{
    if (dx__alloc_budget < 0)
        return 0;
    if (dx__alloc_budget == 0)
        return 1;
    dx__alloc_budget--;
    return 0;
}

void *dx__malloc(size_t size)
{
    if (dx__alloc_should_fail())
        return NULL;
    return malloc(size ? size : 1);
}
void *dx__calloc(size_t count, size_t size)
{
    if (dx__alloc_should_fail())
        return NULL;
    return calloc(count ? count : 1, size ? size : 1);
}
void *dx__realloc(void *ptr, size_t size)
{
    if (dx__alloc_should_fail())
        return NULL;
    return realloc(ptr, size ? size : 1);
}
void dx__free(void *ptr) { free(ptr); }
void dx_free(void *ptr) { free(ptr); }

char *dx__strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = dx__malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

/* ---- GSL ----------------------------------------------------------------- */
dx_status dx__from_gsl(int gsl_errno, const char *what)
{
    if (gsl_errno == GSL_SUCCESS)
        return DX_OK;
    dx__set_error("%s: GSL error %d (%s)", what, gsl_errno, gsl_strerror(gsl_errno));
    switch (gsl_errno) {
    case GSL_EDOM:
    case GSL_ERANGE:
        return DX_EDOMAIN;
    case GSL_EINVAL:
        return DX_EINVAL;
    case GSL_ENOMEM:
        return DX_ENOMEM;
    case GSL_EMAXITER:
    case GSL_ENOPROG:
    case GSL_ETOL:
        return DX_ENOCONV;
    default:
        return DX_ERROR;
    }
}

dx_status dx_global_init(unsigned int flags)
{
    if (flags & ~DX_INIT_GSL_HANDLER_OFF)
        DX_FAIL(DX_EINVAL, "dx_global_init: flags = 0x%x has unknown bits (allowed 0x%x)",
                flags, DX_INIT_GSL_HANDLER_OFF);
    if (flags & DX_INIT_GSL_HANDLER_OFF)
        gsl_set_error_handler_off();
    dx__xml_init(); /* libxml2 initialised before any thread parses */
    return DX_OK;
}

void dx_version(int *major, int *minor, int *patch)
{
    if (major)
        *major = DX_VERSION_MAJOR;
    if (minor)
        *minor = DX_VERSION_MINOR;
    if (patch)
        *patch = DX_VERSION_PATCH;
}

const char *dx_version_string(void) { return DX_VERSION_STRING; }

/* ---- C-locale numbers ---------------------------------------------------- */
/* Created once through pthread_once: the former lazy "benign race" was a data
 * race under the C11 memory model, and ThreadSanitizer reported it when
 * threads loaded scenarios concurrently (tests/test_threads.c). */
static locale_t dx__c_locale_obj = (locale_t)0;
static void dx__c_locale_once(void) { dx__c_locale_obj = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0); }
static locale_t dx__c_locale(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, dx__c_locale_once);
    return dx__c_locale_obj;
}

/* The calling thread formats numbers in the C locale until dx__c_numeric_end
 * (uselocale is per thread): public entry points whose stages write prose with
 * snprintf (verdicts, notes) wrap themselves in it, so a host application's
 * German locale never turns "96.9 %" into "96,9 %" (issue 11). */
void *dx__c_numeric_begin(void)
{
    locale_t loc = dx__c_locale();
    return loc ? (void *)uselocale(loc) : NULL;
}

void dx__c_numeric_end(void *old)
{
    if (old)
        uselocale((locale_t)old);
}

int dx__parse_double(const char *s, double *out)
{
    char *end = NULL;
    if (s == NULL)
        return -1;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    if (*s == '\0')
        return -1;
    /* decimal only: strtod also reads hexadecimal, so count="0x10" was 16 devices
     * and "0x1p3" was 8 (a typo or a spreadsheet's hex cell became a number) */
    const char *digits = (*s == '+' || *s == '-') ? s + 1 : s;
    if (digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X'))
        return -1;
    errno = 0;
    double v = strtod_l(s, &end, dx__c_locale());
    if (end == s)
        return -1;
    while (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r')
        end++;
    if (*end != '\0' || errno == ERANGE)
        return -1;
    *out = v;
    return 0;
}

/* vsnprintf for a format whose only conversions are plain %s and %%: the
 * same bytes, count and NULL rendering ("(null)", as glibc), without the
 * locale switch and printf's machinery; -1 when fmt has anything else (the
 * caller then uses vsnprintf). Notes, verdicts and programme reasons are
 * mostly such concatenations, formatted thousands of times per Monte Carlo. */
static int strings_only(const char *fmt)
{
    for (const char *f = fmt; *f; f++)
        if (*f == '%') {
            if (f[1] != 's' && f[1] != '%')
                return 0;
            f++;
        }
    return 1;
}

static int cat_strings(char *buf, size_t cap, const char *fmt, va_list ap)
{
    size_t n = 0;
    for (const char *f = fmt; *f; f++) {
        const char *piece = f;
        size_t len = 1;
        if (*f == '%') {
            f++;
            if (*f == 's') {
                piece = va_arg(ap, const char *);
                if (!piece)
                    piece = "(null)";
                len = strlen(piece);
            } /* else "%%": the second '%' */
            else
                piece = f;
        }
        if (n + 1 < cap) {
            size_t room = cap - 1 - n;
            memcpy(buf + n, piece, len < room ? len : room);
        }
        n += len;
    }
    if (cap > 0)
        buf[n < cap ? n : cap - 1] = '\0';
    return n > (size_t)INT_MAX ? -1 : (int)n;
}

int dx__vsnprintf_c(char *buf, size_t cap, const char *fmt, va_list ap)
{
    if (strings_only(fmt))
        return cat_strings(buf, cap, fmt, ap);
    locale_t loc = dx__c_locale();
    locale_t old = loc ? uselocale(loc) : (locale_t)0;
    int n = vsnprintf(buf, cap, fmt, ap);
    if (loc)
        uselocale(old);
    return n;
}

int dx__text_vfmt(char *buf, size_t cap, const char *fmt, va_list ap)
{
    static const char mark[] = " [...]";
    if (cap == 0)
        return 0;
    int n = dx__vsnprintf_c(buf, cap, fmt, ap);
    if (n >= 0 && (size_t)n < cap)
        return 0;
    if (n < 0) {
        buf[0] = '\0';
        return 1;
    }
    if (cap <= sizeof mark)
        return buf[0] = '\0', 1;
    size_t len = cap - sizeof mark; /* room for the mark and the NUL */
    while (len > 0 && ((unsigned char)buf[len] & 0xC0) == 0x80)
        len--; /* buf[len] is now a character's first byte: cut before it */
    memcpy(buf + len, mark, sizeof mark);
    return 1;
}

int dx__text_fmt(char *buf, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int cut = dx__text_vfmt(buf, cap, fmt, ap);
    va_end(ap);
    return cut;
}

static int dx__snprintf_c(char *buf, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = dx__vsnprintf_c(buf, cap, fmt, ap);
    va_end(ap);
    return n;
}

int dx__format_double(char *buf, size_t cap, double v, int digits)
{
    return dx__snprintf_c(buf, cap, "%.*g", digits, v);
}

size_t dx__utf8_bom_len(const char *text, size_t len)
{
    return text && len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

char *dx__trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
        *--e = '\0';
    return s;
}

/* ---- growable buffer ----------------------------------------------------- */
void dx__buf_init(dx__buf *b) { memset(b, 0, sizeof *b); }
void dx__buf_dispose(dx__buf *b)
{
    dx__free(b->data);
    dx__buf_init(b);
}

static int dx__buf_reserve(dx__buf *b, size_t extra)
{
    if (b->failed)
        return -1;
    if (b->len + extra + 1 <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *d = dx__realloc(b->data, cap);
    if (!d) {
        b->failed = 1;
        return -1;
    }
    b->data = d;
    b->cap = cap;
    return 0;
}

void dx__buf_append(dx__buf *b, const char *s)
{
    size_t n = strlen(s);
    if (dx__buf_reserve(b, n) < 0)
        return;
    memcpy(b->data + b->len, s, n + 1);
    b->len += n;
}

void dx__buf_appendf(dx__buf *b, const char *fmt, ...)
{
    char small[512];
    va_list ap;
    va_start(ap, fmt);
    int n = dx__vsnprintf_c(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof small) {
        dx__buf_append(b, small);
        return;
    }
    if (dx__buf_reserve(b, (size_t)n) < 0)
        return;
    va_start(ap, fmt);
    dx__vsnprintf_c(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

char *dx__buf_take(dx__buf *b)
{
    if (b->failed || dx__buf_reserve(b, 0) < 0) {
        dx__buf_dispose(b);
        dx__set_error("out of memory while building text output");
        return NULL;
    }
    char *d = b->data;
    dx__buf_init(b);
    return d;
}

/* ---- checked conversions ------------------------------------------------- */

dx_status dx__to_int_checked(double v, const char *what, int *out)
{
    *out = 0;
    double r = nearbyint(v);
    if (!isfinite(v) || r < (double)INT_MIN || r > (double)INT_MAX)
        DX_FAIL(DX_EDOMAIN, "%s = %g does not fit an int (allowed %d..%d)", what, v, INT_MIN,
                INT_MAX);
    *out = (int)r;
    return DX_OK;
}

dx_status dx__to_size_checked(double v, const char *what, int round_up, size_t *out)
{
    *out = 0;
    double r = round_up ? ceil(v) : nearbyint(v);
    /* (double)SIZE_MAX rounds up to 2^64, itself out of range: compare with >= */
    if (!isfinite(v) || r < 0.0 || r >= (double)SIZE_MAX)
        DX_FAIL(DX_EDOMAIN, "%s = %g does not fit a count (allowed 0..%zu)", what, v, (size_t)SIZE_MAX);
    *out = (size_t)r;
    return DX_OK;
}

dx_status dx__require_finite(const char *fn, const char *what, double v, const char *unit)
{
    if (!isfinite(v))
        DX_FAIL(DX_EDOMAIN, "%s: %s = %g%s%s (allowed: finite)", fn, what, v, unit && *unit ? " " : "",
                unit ? unit : "");
    return DX_OK;
}

dx_status dx__require_finite_n(const char *fn, const char *what, size_t n, const double *v,
                               const char *unit)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(v[i]))
            DX_FAIL(DX_EDOMAIN, "%s: %s[%zu] = %g%s%s (allowed: finite)", fn, what, i, v[i],
                    unit && *unit ? " " : "", unit ? unit : "");
    return DX_OK;
}
