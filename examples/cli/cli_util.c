/* Helpers shared by the dxsim sub-commands: getopt_long wrapper, number
 * parsing, mkdir -p, file stems. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <sys/stat.h>
#include "dxcli.h"

static int is_number(const char *s)
{
    char *end = NULL;
    if (!s || !*s)
        return 0;
    (void)strtod(s, &end);
    return end != s && *end == '\0';
}

int dxcli_getopt(int argc, char **argv, const char *optstring, const struct option *longopts)
{
    /* ':' after the mode character: a missing value is reported as ':' */
    char spec[128];
    int stop_at_operand = optstring[0] == '+';
    snprintf(spec, sizeof spec, "%s:%s", stop_at_operand ? "+" : "", optstring + stop_at_operand);
    opterr = 0;
    if (stop_at_operand && optind < argc && argv[optind][0] == '-' && is_number(argv[optind]))
        return -1; /* "-2.385" is an operand, not options -2 -. ... */
    int c = getopt_long(argc, argv, spec, longopts, NULL);
    if (c == '?' || c == ':') {
        const char *arg = optind > 0 && optind <= argc ? argv[optind - 1] : "?";
        char shortopt[3] = {'-', (char)optopt, '\0'};
        /* a short option inside a cluster ("-qx") is named by its letter */
        const char *name = optopt && optopt < 128 && strncmp(arg, "--", 2) != 0 ? shortopt : arg;
        if (c == ':')
            dxcli_usage_error(argv[0], "option '%s' needs a value", name);
        else
            dxcli_usage_error(argv[0], "unknown option '%s'", name);
        return '?';
    }
    return c;
}

int dxcli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "dxsim %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    dxcli_print_usage(cmd, stderr);
    fprintf(stderr, "Try 'dxsim %s --help' for more information.\n", cmd);
    return 2;
}

int dxcli_number(const char *cmd, const char *what, const char *s, double *out)
{
    char *end = NULL;
    double v = s ? strtod(s, &end) : 0.0;
    if (!s || end == s || *end != '\0' || !isfinite(v)) {
        fprintf(stderr, "dxsim %s: %s = '%s' is not a number\n", cmd, what, s ? s : "");
        return -1;
    }
    *out = v;
    return 0;
}

int dxcli_int(const char *cmd, const char *what, const char *s, int *out)
{
    char *end = NULL;
    errno = 0;
    long v = s ? strtol(s, &end, 10) : 0;
    if (!s || end == s || *end != '\0' || errno == ERANGE || v < -2147483647L || v > 2147483647L) {
        fprintf(stderr, "dxsim %s: %s = '%s' is not an integer\n", cmd, what, s ? s : "");
        return -1;
    }
    *out = (int)v;
    return 0;
}

int dxcli_output_check(const char *cmd, const char *dir)
{
    char buf[4096];
    size_t n = strlen(dir);
    if (n == 0 || n >= sizeof buf) {
        fprintf(stderr, "dxsim: %s: output folder '%s': %s\n", cmd, dir,
                n ? "path too long" : "empty path");
        return -1;
    }
    memcpy(buf, dir, n + 1);
    /* the shortest prefix that does not exist (or is not a folder) is what
     * the run creates first: check that one, else the folder itself */
    for (size_t i = 1; i < n; i++) {
        if (buf[i] != '/' || buf[i - 1] == '/')
            continue;
        buf[i] = '\0';
        struct stat st;
        int missing = stat(buf, &st) != 0 || !S_ISDIR(st.st_mode);
        if (missing)
            break;
        buf[i] = '/';
    }
    if (dx_output_check(buf) != DX_OK) {
        if (strcmp(buf, dir) != 0)
            fprintf(stderr, "dxsim: %s: output folder '%s': %s (DX_EIO)\n", cmd, dir,
                    dx_last_error());
        else
            fprintf(stderr, "dxsim: %s: %s (DX_EIO)\n", cmd, dx_last_error());
        return -1;
    }
    return 0;
}

int dxcli_mkdir_p(const char *path)
{
    char buf[4096];
    size_t n = strlen(path);
    if (n == 0)
        return 0;
    if (n >= sizeof buf) {
        fprintf(stderr, "dxsim: cannot create '%s': path too long\n", path);
        return -1;
    }
    memcpy(buf, path, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (buf[i] != '/' && buf[i] != '\0')
            continue;
        char keep = buf[i];
        buf[i] = '\0';
        struct stat st;
        if (mkdir(buf, 0777) != 0 && errno != EEXIST) {
            fprintf(stderr, "dxsim: cannot create '%s': %s\n", buf, strerror(errno));
            return -1;
        }
        if (stat(buf, &st) != 0 || !S_ISDIR(st.st_mode)) {
            fprintf(stderr, "dxsim: cannot create '%s': a file of that name exists\n", buf);
            return -1;
        }
        buf[i] = keep;
    }
    return 0;
}

const char *dxcli_stem(const char *path, char *buf, size_t cap)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    snprintf(buf, cap, "%s", base);
    char *dot = strrchr(buf, '.');
    if (dot && dot != buf)
        *dot = '\0';
    return buf;
}

void dxcli_progress_line(void *user, const char *stage, double done_ratio)
{
    (void)user;
    fprintf(stderr, "\r%-12s %5.1f %%%s", stage, 100.0 * done_ratio, done_ratio >= 1.0 ? "\n" : "");
    fflush(stderr);
}
