/*
 * Benchmark of the uncertainty engine and the programme rules engine.
 *
 * 1. Monte Carlo: draws per second of dx_uncertainty_run for a cheap model
 *    (sum of 8 inputs: 2 normal, 2 lognormal, 2 triangular, 2 PERT) with 1 and
 *    2 threads, against a reference loop that draws the same distributions
 *    straight from one gsl_rng_mt19937 with no chunk reseeding, storage,
 *    sorting or tornado: the practical limit of the generators themselves.
 * 2. Programme: evaluations per second of dx_programme_evaluate("r7-3") on a
 *    50-item plan (the rule file is parsed once per menu per process, then kept).
 *
 *    The per-draw run also with the counter-based sampler, 1 thread.
 * 3. The same Monte Carlo with the model as a batch (dx_uncertainty_run_batch,
 *    blocks of 4096 draws), 1 and 2 threads, with the default MT19937 streams
 *    and with the counter-based sampler (DX_UNCERTAINTY_SAMPLER_COUNTER).
 *
 * usage: bench_uncertainty [draws=1000000] [repeats=3]
 * Prints "name value unit" lines.
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime in strict C11 (clang) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <dxsim.h>

/* BENCH_CLOCK=cpu: process CPU time (user + system of all threads) instead
 * of wall time, for a machine shared with other work: one-thread figures
 * then do not depend on the other jobs' share of the cores (2-thread
 * figures become CPU throughput, not wall speed). */
static double now_s(void)
{
    static int cpu = -1;
    if (cpu < 0) {
        const char *c = getenv("BENCH_CLOCK");
        cpu = c && strcmp(c, "cpu") == 0;
    }
    struct timespec ts;
    clock_gettime(cpu ? CLOCK_PROCESS_CPUTIME_ID : CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int sum_model(const double *in, size_t n_in, double *out, size_t n_out, void *user)
{
    (void)n_out;
    (void)user;
    double s = 0;
    for (size_t i = 0; i < n_in; i++)
        s += in[i];
    out[0] = s;
    return 0;
}

/* The same model over a block of draws (dx_uncertainty_batch_fn). */
static int sum_batch(size_t n_draws, const double *in, size_t n_in, double *out, size_t n_out,
                     void *user)
{
    (void)n_out;
    (void)user;
    for (size_t k = 0; k < n_draws; k++) {
        const double *row = in + k * n_in;
        double s = 0;
        for (size_t i = 0; i < n_in; i++)
            s += row[i];
        out[k] = s;
    }
    return 0;
}

static const dx_distribution dists[8] = {
    {DX_DIST_NORMAL, 2385.0, 120.0, 0},     {DX_DIST_NORMAL, 3.5, 0.2, 0},
    {DX_DIST_LOGNORMAL, 1.2, 0.35, 0},      {DX_DIST_LOGNORMAL, 0.5, 0.1, 0},
    {DX_DIST_TRIANGULAR, 1.5, 2.5, 4.0},    {DX_DIST_TRIANGULAR, 80, 150, 300},
    {DX_DIST_PERT, 1.5e6, 2.5e6, 4.0e6},    {DX_DIST_PERT, 120, 200, 350},
};

static double reference(size_t draws, double *checksum)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    double s = 0, t0 = now_s();
    for (size_t k = 0; k < draws; k++) {
        double y = 0;
        y += 2385.0 + gsl_ran_gaussian_ziggurat(rng, 120.0);
        y += 3.5 + gsl_ran_gaussian_ziggurat(rng, 0.2);
        y += gsl_ran_lognormal(rng, 1.2, 0.35);
        y += gsl_ran_lognormal(rng, 0.5, 0.1);
        for (int t = 0; t < 2; t++) {
            double a = t ? 80 : 1.5, m = t ? 150 : 2.5, c = t ? 300 : 4.0;
            double u = gsl_rng_uniform(rng), fc = (m - a) / (c - a);
            y += u < fc ? a + sqrt(u * (c - a) * (m - a)) : c - sqrt((1 - u) * (c - a) * (c - m));
        }
        for (int t = 0; t < 2; t++) {
            double a = t ? 120 : 1.5e6, m = t ? 200 : 2.5e6, c = t ? 350 : 4.0e6;
            double al = 1 + 4 * (m - a) / (c - a), be = 1 + 4 * (c - m) / (c - a);
            y += a + (c - a) * gsl_ran_beta(rng, al, be);
        }
        s += y;
    }
    double dt = now_s() - t0;
    gsl_rng_free(rng);
    *checksum = s / (double)draws;
    return dt;
}

int main(int argc, char **argv)
{
    size_t draws = argc > 1 ? (size_t)atol(argv[1]) : 1000000;
    int repeats = argc > 2 ? atoi(argv[2]) : 3;
    dx_global_init(DX_INIT_GSL_HANDLER_OFF);
    double best_ref = 1e300, chk = 0;
    for (int r = 0; r < repeats; r++) {
        double t = reference(draws, &chk);
        if (t < best_ref)
            best_ref = t;
    }
    printf("reference_draws_per_s %.4g draws/s (mean %.6g)\n", draws / best_ref, chk);
    for (int v = 0; v < 3; v++) { /* MT19937 1 and 2 threads, counter sampler 1 thread */
        const int threads = 1 + v % 2, sampler = v / 2;
        dx_uncertainty_options o;
        dx_uncertainty_options_init(&o, DX_UNCERTAINTY_OPTIONS_VERSION);
        o.draws = draws;
        o.threads = threads;
        o.sampler = sampler;
        double best = 1e300, mean = 0;
        for (int r = 0; r < repeats; r++) {
            dx_uncertainty_result *res = NULL;
            double t0 = now_s();
            if (dx_uncertainty_run(8, dists, NULL, 1, sum_model, NULL, &o, &res) != DX_OK) {
                fprintf(stderr, "run failed: %s\n", dx_last_error());
                return 1;
            }
            double t = now_s() - t0;
            dx_uncertainty_summary s;
            dx_uncertainty_result_summary(res, 0, &s);
            mean = s.mean;
            dx_uncertainty_result_free(res);
            if (t < best)
                best = t;
        }
        printf("run%s_threads%d_draws_per_s %.4g draws/s (%.3f of reference, mean %.6g)\n",
               sampler ? "_counter" : "", threads, draws / best, best_ref / best, mean);
    }
    for (int v = 0; v < 4; v++) {
        int threads = 1 + v % 2, sampler = v / 2;
        dx_uncertainty_options o;
        dx_uncertainty_options_init(&o, DX_UNCERTAINTY_OPTIONS_VERSION);
        o.draws = draws;
        o.threads = threads;
        o.sampler = sampler;
        double best = 1e300, mean = 0;
        for (int r = 0; r < repeats; r++) {
            dx_uncertainty_result *res = NULL;
            double t0 = now_s();
            if (dx_uncertainty_run_batch(8, dists, NULL, 1, sum_batch, NULL, &o, &res) != DX_OK) {
                fprintf(stderr, "run failed: %s\n", dx_last_error());
                return 1;
            }
            double t = now_s() - t0;
            dx_uncertainty_summary s;
            dx_uncertainty_result_summary(res, 0, &s);
            mean = s.mean;
            dx_uncertainty_result_free(res);
            if (t < best)
                best = t;
        }
        printf("run_batch%s_threads%d_draws_per_s %.4g draws/s (%.3f of reference, mean %.6g)\n",
               sampler ? "_counter" : "", threads, draws / best, best_ref / best, mean);
    }

    /* programme */
    dx_cost_item items[50];
    memset(items, 0, sizeof items);
    for (int i = 0; i < 50; i++) {
        snprintf(items[i].name, sizeof items[i].name, "item %d", i);
        items[i].category = (dx_cost_category)(i % 13);
        items[i].procurement = i % 13 == 2 ? DX_PROCURE_LEASE
                               : (i % 13 == 3 || i % 13 == 4) ? DX_PROCURE_SUBSCRIPTION
                               : i % 13 < 2 ? DX_PROCURE_PURCHASE
                                            : DX_PROCURE_SERVICE;
        items[i].role = (dx_cost_role)(i % 3);
        items[i].unit_price_jpy = 12345.0 * (i + 1);
        items[i].quantity = 2;
        items[i].months = 24 + i;
        items[i].in_period = 1;
        items[i].leasable = 1;
    }
    dx_applicant a;
    dx_programme_applicant_init(&a);
    int n_eval = 2000;
    double t0 = now_s();
    for (int k = 0; k < n_eval; k++) {
        dx_programme_result *r = NULL;
        if (dx_programme_evaluate("r7-3", 50, items, &a, &r) != DX_OK) {
            fprintf(stderr, "evaluate failed: %s\n", dx_last_error());
            return 1;
        }
        dx_programme_result_free(r);
    }
    double t = now_s() - t0;
    printf("programme_evaluations_per_s %.4g evals/s (50 items, r7-3)\n", n_eval / t);
    return 0;
}
