/* IRR of long cash-flow series (issue 13: 3,000 flows took over 60 s).
 * Baseline in the same run: one NPV of the same series (a single Horner pass),
 * so "IRR / NPV" says how many NPV evaluations an IRR costs; and, for scale,
 * GSL's companion-matrix solver (the old method, O(m^3)) at a few sizes.
 * Series: a level annuity bought at its present value (IRR 4.7 %), and the
 * two-root series (x - 1/1.1)(x - 1/1.2)(1 + x + ... ) (IRRs 10 % and 20 %,
 * the scan path). Run: build/bench/bench_finance */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_poly.h>
#include <dxsim.h>

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static void annuity(size_t n, double *cf)
{
    const double r = 0.047, A = 1234.5;
    cf[0] = -A * (1.0 - pow(1.0 + r, -(double)(n - 1))) / r;
    for (size_t t = 1; t < n; t++)
        cf[t] = A;
}

static void two_roots(size_t n, double *cf)
{
    const double a = 1.0 / 1.1, b = 1.0 / 1.2, q[3] = {a * b, -(a + b), 1.0};
    for (size_t t = 0; t < n; t++)
        cf[t] = 0.0;
    for (size_t i = 0; i < 3; i++)
        for (size_t j = 0; j + 2 < n; j++)
            cf[i + j] += q[i];
}

/* seconds per call of f, repeated for at least 0.2 s */
#define TIME_PER_CALL(expr, out)                                                                   \
    do {                                                                                           \
        long reps_ = 0;                                                                            \
        double t0_ = now_s(), t_;                                                                  \
        do {                                                                                       \
            expr;                                                                                  \
            reps_++;                                                                               \
        } while ((t_ = now_s() - t0_) < 0.2);                                                      \
        (out) = t_ / (double)reps_;                                                                \
    } while (0)

int main(void)
{
    dx_global_init(DX_INIT_GSL_HANDLER_OFF);
    static const size_t sizes[] = {100, 1000, 3000, 100000};
    printf("%-10s %8s %12s %12s %10s\n", "series", "n", "NPV s", "IRR s", "IRR/NPV");
    for (int kind = 0; kind < 2; kind++) {
        for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
            size_t n = sizes[k];
            double *cf = malloc(n * sizeof *cf), v = 0, r = 0, roots[4];
            size_t nr = 0;
            if (!cf)
                return 1;
            if (kind == 0)
                annuity(n, cf);
            else
                two_roots(n, cf);
            double t_npv, t_irr;
            TIME_PER_CALL(dx_finance_npv_jpy(0.05, n, cf, &v), t_npv);
            if (kind == 0)
                TIME_PER_CALL(dx_finance_irr_ratio(n, cf, &r), t_irr);
            else
                TIME_PER_CALL(dx_finance_irr_roots_ratio(n, cf, 4, roots, &nr), t_irr);
            printf("%-10s %8zu %12.3g %12.3g %10.0f\n", kind ? "two-roots" : "annuity", n, t_npv,
                   t_irr, t_irr / t_npv);
            free(cf);
        }
    }
    /* the old method for scale: companion matrix of the annuity polynomial */
    printf("\nGSL companion matrix (old method, O(n^3)):\n");
    static const size_t old_sizes[] = {100, 300, 600};
    for (size_t k = 0; k < sizeof old_sizes / sizeof old_sizes[0]; k++) {
        size_t n = old_sizes[k];
        double *cf = malloc(n * sizeof *cf), *z = malloc(2 * n * sizeof *z);
        if (!cf || !z)
            return 1;
        annuity(n, cf);
        for (size_t t = 0; t < n; t++)
            cf[t] /= 1234.5;
        gsl_poly_complex_workspace *w = gsl_poly_complex_workspace_alloc(n);
        double t0 = now_s();
        int st = gsl_poly_complex_solve(cf, n, w, z);
        double t = now_s() - t0;
        gsl_poly_complex_workspace_free(w);
        printf("  n = %5zu: %.3g s (status %d)\n", n, t, st);
        free(cf);
        free(z);
    }
    return 0;
}
