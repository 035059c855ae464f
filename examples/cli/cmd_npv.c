/* dxsim npv RATE CF0 CF1 ... : NPV, IRR, simple and discounted payback of a
 * yearly cash-flow series (CF0 at t = 0, money received positive). RATE is a
 * ratio (0.04) or a percentage with '%' (4%). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dxcli.h"

#define NPV_MAX_FLOWS 200

static int parse_number(const char *s, double *out, int allow_percent)
{
    char *end = NULL;
    double v = strtod(s, &end);
    if (end == s)
        return -1;
    if (allow_percent && *end == '%') {
        v /= 100.0;
        end++;
    }
    if (*end != '\0' || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

static void print_years(const char *label, double y)
{
    if (isinf(y))
        printf("%-18s never (within the series)\n", label);
    else
        printf("%-18s %.4f years\n", label, y);
}

int dxcli_npv(int argc, char **argv)
{
    /* no options besides --help (main.c); "-15000" is an operand */
    if (dxcli_getopt(argc, argv, "+", NULL) != -1)
        return 2;
    argc -= optind - 1;
    argv += optind - 1;
    if (argc < 3) {
        fprintf(stderr, "usage: dxsim npv RATE CF0 CF1 ...   (RATE as 0.04 or 4%%; CF0 at t = 0)\n");
        return 2;
    }
    double rate;
    if (parse_number(argv[1], &rate, 1) != 0) {
        fprintf(stderr, "dxsim: npv: RATE = '%s' is not a number (e.g. 0.04 or 4%%)\n", argv[1]);
        return 2;
    }
    size_t n = (size_t)(argc - 2);
    if (n > NPV_MAX_FLOWS) {
        fprintf(stderr, "dxsim: npv: %zu cash flows (at most %d)\n", n, NPV_MAX_FLOWS);
        return 2;
    }
    double cf[NPV_MAX_FLOWS];
    for (size_t i = 0; i < n; i++) {
        if (parse_number(argv[2 + i], &cf[i], 0) != 0) {
            fprintf(stderr, "dxsim: npv: CF%zu = '%s' is not a number\n", i, argv[2 + i]);
            return 2;
        }
        /* ASSUMED bound: 10^15 JPY (1,000 trillion yen, above Japan's nominal GDP of
         * about 600 trillion): "npv 0.04 1e308 1e308" printed "npv inf" */
        if (!(fabs(cf[i]) <= 1e15)) {
            fprintf(stderr, "dxsim: npv: CF%zu = %g JPY (allowed -1e15 .. 1e15 JPY)\n", i, cf[i]);
            return 2;
        }
    }
    double npv, pb, dpb;
    int st = dx_finance_npv_jpy(rate, n, cf, &npv);
    if (st != DX_OK)
        return dxcli_fail("npv", st);
    if (!isfinite(npv)) { /* a rate near -100 % over many years: (1 + r)^-t overflows */
        fprintf(stderr, "dxsim: npv: the NPV at rate %g over %zu years is not finite (the "
                        "discount factor (1 + rate)^-t overflows): use a rate further from -1\n",
                rate, n);
        return 1;
    }
    printf("%-18s %.6f\n", "rate", rate);
    printf("%-18s %.2f\n", "npv", npv);
    double irr;
    st = n >= 2 ? dx_finance_irr_ratio(n, cf, &irr) : DX_EINVAL;
    if (st == DX_OK)
        printf("%-18s %.10f\n", "irr", irr);
    else if (n < 2)
        printf("%-18s n/a (needs at least two cash flows)\n", "irr");
    else if (st == DX_ENOTFOUND)
        printf("%-18s none (no rate > -100 %% makes the NPV zero)\n", "irr");
    else if (st == DX_EDOMAIN) {
        double roots[16];
        size_t nr = 0;
        dx_finance_irr_roots_ratio(n, cf, 16, roots, &nr);
        printf("%-18s ambiguous: %zu roots:", "irr", nr);
        for (size_t i = 0; i < nr && i < 16; i++)
            printf(" %.10f", roots[i]);
        printf("\n");
    } else
        return dxcli_fail("irr", st);
    st = dx_finance_payback_years(n, cf, NAN, &pb);
    if (st != DX_OK)
        return dxcli_fail("payback", st);
    st = dx_finance_payback_years(n, cf, rate, &dpb);
    if (st != DX_OK)
        return dxcli_fail("discounted payback", st);
    print_years("payback", pb);
    print_years("discounted payback", dpb);
    return 0;
}
