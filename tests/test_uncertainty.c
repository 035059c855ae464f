/* Tests of the uncertainty engine (include/dxsim/uncertainty.h).
 * Independent truth: published quantiles (tests/data/uncertainty_quantiles.csv:
 * stats_arrays test suite, Abramowitz & Stegun / NIST normal table), closed-form
 * moments (PERT mean (a+4m+c)/6 and variance (mu-a)(c-mu)/7, triangular and
 * lognormal moments), and analytic results of linear models of normal inputs.
 * Monte Carlo tolerances are 4-5 standard errors of the estimator. */
#define _POSIX_C_SOURCE 200809L
#include "dx_test.h"
#include <dxsim.h>

#define DX_TEST_PI 3.14159265358979323846

static const double Z90 = 1.2815515655446004; /* standard normal 0.9 quantile (A&S Table 26.5) */

static void test_uncertainty__quantiles_match_published_values(void **state)
{
    (void)state;
    dx_csv csv;
    assert_int_equal(dx_csv_load(&csv, "uncertainty_quantiles.csv"), 0);
    assert_true(csv.nrows >= 20);
    for (int row = 0; row < csv.nrows; row++) {
        dx_distribution d = {(dx_dist_kind)(int)dx_csv_num(&csv, row, "kind"),
                             dx_csv_num(&csv, row, "a"), dx_csv_num(&csv, row, "b"),
                             dx_csv_num(&csv, row, "c")};
        double p = dx_csv_num(&csv, row, "p"), q = NAN;
        int st = dx_uncertainty_quantile(&d, 1, &p, &q);
        if (st != DX_OK)
            print_error("row %d: %s\n", row, dx_last_error());
        assert_int_equal(st, DX_OK);
        double want = dx_csv_num(&csv, row, "expected");
        double at = dx_csv_num(&csv, row, "abs_tol"), rt = dx_csv_num(&csv, row, "rel_tol");
        if (!(fabs(q - want) <= fmax(at, rt * fabs(want))))
            print_error("row %d (%s): q(%g) = %.15g, expected %.15g\n", row,
                        dx_csv_str(&csv, row, "source"), p, q, want);
        dx_assert_close(q, want, at, rt);
    }
    dx_csv_free(&csv);
}

/* Sample mean and sd of 200,000 draws against the closed forms (tolerance 5 standard errors). */
static void test_uncertainty__sample_moments_match_closed_forms(void **state)
{
    (void)state;
    const dx_distribution dists[] = {
        {DX_DIST_NORMAL, 2385.0, 120.0, 0},
        {DX_DIST_LOGNORMAL, 1.2, 0.35, 0},
        {DX_DIST_UNIFORM, 4.8, 4.9, 0},
        {DX_DIST_TRIANGULAR, 1.5, 2.385, 7.2},
        {DX_DIST_PERT, 1.5, 2.385, 7.2},
        {DX_DIST_FIXED, 3.5e9, 0, 0},
    };
    /* closed forms, written out independently of the library */
    double a = 1.5, m = 2.385, c = 7.2;
    double pert_mean = (a + 4 * m + c) / 6;
    double want_mean[] = {2385.0, exp(1.2 + 0.35 * 0.35 / 2), 4.85, (a + m + c) / 3, pert_mean,
                          3.5e9};
    double want_sd[] = {120.0, sqrt((exp(0.35 * 0.35) - 1) * exp(2 * 1.2 + 0.35 * 0.35)),
                        0.1 / sqrt(12.0),
                        sqrt((a * a + m * m + c * c - a * m - a * c - m * c) / 18),
                        sqrt((pert_mean - a) * (c - pert_mean) / 7), 0.0};
    enum { N = 200000 };
    static double x[N];
    for (size_t k = 0; k < sizeof dists / sizeof dists[0]; k++) {
        double mean = NAN, sd = NAN;
        assert_int_equal(dx_uncertainty_moments(&dists[k], &mean, &sd), DX_OK);
        dx_assert_close(mean, want_mean[k], 1e-12, 1e-12);
        dx_assert_close(sd, want_sd[k], 1e-12, 1e-12);
        assert_int_equal(dx_uncertainty_sample(&dists[k], 20250310ul + k, N, x), DX_OK);
        double s = 0, s2 = 0;
        for (int i = 0; i < N; i++)
            s += x[i];
        double mu = s / N;
        for (int i = 0; i < N; i++)
            s2 += (x[i] - mu) * (x[i] - mu);
        double sdev = sqrt(s2 / (N - 1));
        dx_assert_close(mu, want_mean[k], 5 * want_sd[k] / sqrt((double)N), 1e-15);
        /* sd of the sample sd ~ sd * sqrt((kurtosis - 1) / 4N); kurtosis < 10 here */
        dx_assert_close(sdev, want_sd[k], 5 * want_sd[k] * sqrt(9.0 / (4.0 * N)), 1e-15);
    }
}

static void test_uncertainty__same_seed_gives_same_draws_and_another_seed_differs(void **state)
{
    (void)state;
    dx_distribution d = {DX_DIST_PERT, 1.5, 2.385, 7.2};
    double x1[700], x2[700], x3[700];
    assert_int_equal(dx_uncertainty_sample(&d, 42, 700, x1), DX_OK);
    assert_int_equal(dx_uncertainty_sample(&d, 42, 700, x2), DX_OK);
    assert_int_equal(dx_uncertainty_sample(&d, 43, 700, x3), DX_OK);
    assert_memory_equal(x1, x2, sizeof x1);
    assert_true(memcmp(x1, x3, sizeof x1) != 0);
    /* a prefix is the same whatever n: draws depend on (seed, index) only */
    assert_int_equal(dx_uncertainty_sample(&d, 42, 300, x3), DX_OK);
    assert_memory_equal(x1, x3, 300 * sizeof(double));
}

/* ---- Monte Carlo runs -------------------------------------------------------- */
/* y0 = 3 x0 - 2 x1 + 1000, y1 = x0, y2 = x1 */
static int linear_model(const double *in, size_t n_in, double *out, size_t n_out, void *user)
{
    (void)n_in;
    (void)n_out;
    (void)user;
    out[0] = 3.0 * in[0] - 2.0 * in[1] + 1000.0;
    out[1] = in[0];
    out[2] = in[1];
    return DX_OK;
}

static void test_uncertainty__p10_p50_p90_of_a_linear_model_match_the_normal_closed_form(void **state)
{
    (void)state;
    dx_distribution in[2] = {{DX_DIST_NORMAL, 100.0, 15.0, 0}, {DX_DIST_NORMAL, 40.0, 8.0, 0}};
    dx_uncertainty_options o;
    assert_int_equal(dx_uncertainty_options_init(&o, DX_UNCERTAINTY_OPTIONS_VERSION), DX_OK);
    o.draws = 100000;
    dx_uncertainty_result *r = NULL;
    assert_int_equal(dx_uncertainty_run(2, in, NULL, 3, linear_model, NULL, &o, &r), DX_OK);
    assert_int_equal(dx_uncertainty_result_draws(r), 100000);
    dx_uncertainty_summary s;
    assert_int_equal(dx_uncertainty_result_summary(r, 0, &s), DX_OK);
    double mean = 1220.0, sd = sqrt(9 * 225.0 + 4 * 64.0);
    double n = 100000.0;
    /* standard error of the p-quantile: sqrt(p(1-p)) / (f(q) sqrt(n)) */
    double phi10 = exp(-0.5 * Z90 * Z90) / sqrt(2 * DX_TEST_PI);
    double se10 = sqrt(0.09) * sd / (phi10 * sqrt(n));
    double se50 = 0.5 * sd * sqrt(2 * DX_TEST_PI) / sqrt(n);
    dx_assert_close(s.base, mean, 1e-9, 0); /* medians of the inputs */
    dx_assert_close(s.mean, mean, 4 * sd / sqrt(n), 0);
    dx_assert_close(s.sd, sd, 4 * sd / sqrt(2 * n), 0);
    dx_assert_close(s.p10, mean - Z90 * sd, 4 * se10, 0);
    dx_assert_close(s.p50, mean, 4 * se50, 0);
    dx_assert_close(s.p90, mean + Z90 * sd, 4 * se10, 0);
    assert_true(s.min < s.p10 && s.p90 < s.max);
    double p25;
    assert_int_equal(dx_uncertainty_result_percentile(r, 0, 0.25, &p25), DX_OK);
    dx_assert_close(p25, mean - 0.6744897501960817 * sd, 4 * 0.433 * sd / (0.3178 * sqrt(n)), 0);
    dx_uncertainty_result_free(r);
}

/* P(A < B) for independent normals: Phi((muB - muA) / sqrt(sA^2 + sB^2)). */
static int two_costs(const double *in, size_t n_in, double *out, size_t n_out, void *user)
{
    (void)n_in;
    (void)n_out;
    (void)user;
    out[0] = in[0];
    out[1] = in[1];
    return DX_OK;
}

static void test_uncertainty__probability_a_cheaper_than_b_matches_normal_difference(void **state)
{
    (void)state;
    dx_distribution in[2] = {{DX_DIST_NORMAL, 100.0, 10.0, 0}, {DX_DIST_NORMAL, 105.0, 10.0, 0}};
    dx_uncertainty_options o;
    dx_uncertainty_options_init(&o, DX_UNCERTAINTY_OPTIONS_VERSION);
    o.draws = 100000;
    dx_uncertainty_result *r = NULL;
    assert_int_equal(dx_uncertainty_run(2, in, NULL, 2, two_costs, NULL, &o, &r), DX_OK);
    double p = NAN, q = NAN, z = NAN;
    assert_int_equal(dx_uncertainty_result_prob_less(r, 0, 1, &p), DX_OK);
    assert_int_equal(dx_uncertainty_result_prob_less(r, 1, 0, &q), DX_OK);
    assert_int_equal(dx_uncertainty_result_prob_less(r, 1, 1, &z), DX_OK);
    double want = 0.5 * erfc(-(5.0 / sqrt(200.0)) / sqrt(2.0)); /* 0.63816... */
    double se = sqrt(want * (1 - want) / 100000.0);
    dx_assert_close(p, want, 4 * se, 0);
    dx_assert_close(p + q, 1.0, 1e-12, 0); /* ties have probability 0 */
    dx_assert_close(z, 0.0, 0, 0);
    dx_uncertainty_result_free(r);
}

/* A model that burns some work so threads really interleave. */
static int busy_model(const double *in, size_t n_in, double *out, size_t n_out, void *user)
{
    (void)user;
    double acc = 0;
    for (size_t i = 0; i < n_in; i++)
        acc += sin(in[i]) * in[i];
    for (size_t j = 0; j < n_out; j++)
        out[j] = acc * (double)(j + 1) + in[j % n_in];
    return DX_OK;
}

static void test_uncertainty__results_are_bit_identical_for_any_thread_count(void **state)
{
    (void)state;
    dx_distribution in[4] = {{DX_DIST_NORMAL, 2.385, 0.3, 0},
                             {DX_DIST_LOGNORMAL, 0.5, 0.2, 0},
                             {DX_DIST_TRIANGULAR, 1, 3, 4},
                             {DX_DIST_PERT, 4.8, 4.85, 4.9}};
    enum { N = 3001 }; /* not a multiple of the chunk size */
    static double ref[3][N], got[3][N];
    const int threads[] = {1, 2, 3, 0};
    for (int t = 0; t < 4; t++) {
        dx_uncertainty_options o;
        dx_uncertainty_options_init(&o, DX_UNCERTAINTY_OPTIONS_VERSION);
        o.draws = N;
        o.seed = 7;
        o.threads = threads[t];
        dx_uncertainty_result *r = NULL;
        assert_int_equal(dx_uncertainty_run(4, in, NULL, 3, busy_model, NULL, &o, &r), DX_OK);
        for (size_t j = 0; j < 3; j++)
            assert_int_equal(dx_uncertainty_result_output_draws(r, j, N, t ? got[j] : ref[j]),
                             DX_OK);
        if (t)
            assert_memory_equal(ref, got, sizeof ref);
        dx_uncertainty_result_free(r);
    }
}

/* busy_model over a block of draws (dx_uncertainty_batch_fn). */
static int busy_batch(size_t n_draws, const double *in, size_t n_in, double *out, size_t n_out,
                      void *user)
{
    for (size_t k = 0; k < n_draws; k++)
        busy_model(in + k * n_in, n_in, out + k * n_out, n_out, user);
    return DX_OK;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The batch model path sees the same draws as the per-draw path: every
 * output draw, summary, tornado bar and percentile is identical for 1, 2 and
 * 3 threads and block sizes of 1 chunk, 4096 draws and more than the run.
 * Percentiles (found by selection) equal GSL's
 * gsl_stats_quantile_from_sorted_data on the fully sorted draws. */
static void batch_equals_per_draw(int sampler)
{
    dx_distribution in[4] = {{DX_DIST_NORMAL, 2.385, 0.3, 0},
                             {DX_DIST_LOGNORMAL, 0.5, 0.2, 0},
                             {DX_DIST_TRIANGULAR, 1, 3, 4},
                             {DX_DIST_PERT, 4.8, 4.85, 4.9}};
    enum { N = 9001 };
    static double ref[3][N], got[3][N], sorted[N];
    dx_uncertainty_options o;
    dx_uncertainty_options_init(&o, DX_UNCERTAINTY_OPTIONS_VERSION);
    o.draws = N;
    o.seed = 11;
    o.threads = 1;
    o.sampler = sampler;
    dx_uncertainty_result *r0 = NULL;
    assert_int_equal(dx_uncertainty_run(4, in, NULL, 3, busy_model, NULL, &o, &r0), DX_OK);
    for (size_t j = 0; j < 3; j++)
        assert_int_equal(dx_uncertainty_result_output_draws(r0, j, N, ref[j]), DX_OK);
    /* percentiles by selection = GSL on sorted data */
    const double ps[] = {0.0, 0.001, 0.1, 0.25, 0.5, 0.5 + 1e-9, 0.9, 0.975, 1.0};
    for (size_t j = 0; j < 3; j++) {
        memcpy(sorted, ref[j], sizeof sorted);
        qsort(sorted, N, sizeof *sorted, cmp_double);
        for (size_t q = 0; q < sizeof ps / sizeof ps[0]; q++) {
            double v = 0, want;
            assert_int_equal(dx_uncertainty_result_percentile(r0, j, ps[q], &v), DX_OK);
            /* gsl_stats_quantile_from_sorted_data, written out */
            double idx = ps[q] * (N - 1);
            size_t lhs = (size_t)idx;
            double delta = idx - (double)lhs;
            want = lhs == N - 1 ? sorted[lhs] : (1 - delta) * sorted[lhs] + delta * sorted[lhs + 1];
            assert_true(v == want);
        }
        dx_uncertainty_summary sm;
        assert_int_equal(dx_uncertainty_result_summary(r0, j, &sm), DX_OK);
        assert_true(sm.min == sorted[0] && sm.max == sorted[N - 1]);
        double p90 = 0;
        dx_uncertainty_result_percentile(r0, j, 0.9, &p90);
        assert_true(sm.p90 == p90);
    }
    const int threads[] = {1, 2, 3};
    const size_t blocks[] = {1, 4096, 100000};
    for (int t = 0; t < 3; t++)
        for (int b = 0; b < 3; b++) {
            o.threads = threads[t];
            o.batch_draws = blocks[b];
            dx_uncertainty_result *r = NULL;
            assert_int_equal(dx_uncertainty_run_batch(4, in, NULL, 3, busy_batch, NULL, &o, &r),
                             DX_OK);
            for (size_t j = 0; j < 3; j++) {
                assert_int_equal(dx_uncertainty_result_output_draws(r, j, N, got[j]), DX_OK);
                dx_uncertainty_summary a, c;
                dx_uncertainty_result_summary(r0, j, &a);
                dx_uncertainty_result_summary(r, j, &c);
                assert_memory_equal(&a, &c, sizeof a);
                for (size_t k = 0; k < 4; k++) {
                    dx_tornado_bar ba, bc;
                    dx_uncertainty_result_tornado(r0, j, k, &ba);
                    dx_uncertainty_result_tornado(r, j, k, &bc);
                    assert_memory_equal(&ba, &bc, sizeof ba);
                }
            }
            assert_memory_equal(ref, got, sizeof ref);
            dx_uncertainty_result_free(r);
        }
    dx_uncertainty_result_free(r0);
}

/* Outputs with many ties (a floor, a clamp, a constant) and the NaN policy:
 * P10/P50/P90 of the summary and dx_uncertainty_result_percentile (both by
 * selection) equal gsl_stats_quantile_from_sorted_data on the sorted draws,
 * written out here; a NaN output is refused (DX_EDOMAIN naming the output
 * and the draw), never sorted. */
static int ties_model(const double *in, size_t n_in, double *out, size_t n_out, void *user)
{
    (void)n_in;
    (void)n_out;
    const double x = in[0];
    out[0] = floor(x);                 /* 6 values */
    out[1] = x < 4.0 ? 4.0 : x;        /* 80 % of the draws at 4 */
    out[2] = 7.0;                      /* all equal */
    out[3] = floor(x * 2.0) * 0.5 + (user ? NAN : 0.0);
    return DX_OK;
}

static void test_uncertainty__percentiles_with_ties_equal_sorted_data(void **state)
{
    (void)state;
    dx_distribution in[1] = {{DX_DIST_UNIFORM, 0.0, 5.0, 0}};
    enum { N = 20001 };
    static double col[N];
    const double ps[] = {0.0, 0.1, 0.2, 0.5, 0.8, 0.80005, 0.9, 1.0};
    for (int sampler = 0; sampler < 2; sampler++) {
        dx_uncertainty_options o;
        dx_uncertainty_options_init(&o, DX_UNCERTAINTY_OPTIONS_VERSION);
        o.draws = N;
        o.seed = 3;
        o.sampler = sampler;
        dx_uncertainty_result *r = NULL;
        assert_int_equal(dx_uncertainty_run(1, in, NULL, 4, ties_model, NULL, &o, &r), DX_OK);
        for (size_t j = 0; j < 4; j++) {
            assert_int_equal(dx_uncertainty_result_output_draws(r, j, N, col), DX_OK);
            qsort(col, N, sizeof *col, cmp_double);
            dx_uncertainty_summary sm;
            assert_int_equal(dx_uncertainty_result_summary(r, j, &sm), DX_OK);
            for (size_t q = 0; q < sizeof ps / sizeof ps[0]; q++) {
                double idx = ps[q] * (N - 1), v = 0;
                size_t lhs = (size_t)idx;
                double delta = idx - (double)lhs;
                double want =
                    lhs == N - 1 ? col[lhs] : (1 - delta) * col[lhs] + delta * col[lhs + 1];
                assert_int_equal(dx_uncertainty_result_percentile(r, j, ps[q], &v), DX_OK);
                assert_true(v == want);
                if (ps[q] == 0.1)
                    assert_true(sm.p10 == want);
                if (ps[q] == 0.5)
                    assert_true(sm.p50 == want);
                if (ps[q] == 0.9)
                    assert_true(sm.p90 == want);
            }
        }
        dx_uncertainty_result_free(r);
        assert_int_equal(dx_uncertainty_run(1, in, NULL, 4, ties_model, (void *)1, &o, &r),
                         DX_EDOMAIN);
        assert_null(r);
        assert_non_null(strstr(dx_last_error(), "output[3]"));
    }
}

/* The counter sampler's lognormal is exp (a vectorised one) of its normal:
 * input i draws the same standard normals z_k as a normal input at the same
 * index, so lognormal(mu, s) draw k / libm exp(normal(mu, s) draw k) - 1 is
 * the error of that exp: within 1e-15 over mu from -650 to 650, s = 1.5
 * (results from about 1e-286 to 1e286; +-700 would leave the finite range). */
static int identity_model(const double *in, size_t n_in, double *out, size_t n_out, void *user)
{
    (void)user;
    for (size_t j = 0; j < n_out && j < n_in; j++)
        out[j] = in[j];
    return DX_OK;
}

static void test_uncertainty__counter_lognormal_is_libm_exp_of_its_normal(void **state)
{
    (void)state;
    enum { N = 20000 };
    static double zn[N], ln[N];
    double worst = 0;
    for (double mu = -650.0; mu <= 650.0; mu += 50.0) {
        dx_distribution a[1] = {{DX_DIST_NORMAL, mu, 1.5, 0}};
        dx_distribution b[1] = {{DX_DIST_LOGNORMAL, mu, 1.5, 0}};
        dx_uncertainty_options o;
        dx_uncertainty_options_init(&o, DX_UNCERTAINTY_OPTIONS_VERSION);
        o.draws = N;
        o.seed = 5;
        o.sampler = DX_UNCERTAINTY_SAMPLER_COUNTER;
        dx_uncertainty_result *r = NULL;
        assert_int_equal(dx_uncertainty_run(1, a, NULL, 1, identity_model, NULL, &o, &r), DX_OK);
        assert_int_equal(dx_uncertainty_result_output_draws(r, 0, N, zn), DX_OK);
        dx_uncertainty_result_free(r);
        assert_int_equal(dx_uncertainty_run(1, b, NULL, 1, identity_model, NULL, &o, &r), DX_OK);
        assert_int_equal(dx_uncertainty_result_output_draws(r, 0, N, ln), DX_OK);
        dx_uncertainty_result_free(r);
        for (size_t k = 0; k < N; k++) {
            double e = exp(zn[k]);
            if (e < 1e-300 || e > 1e300)
                continue;
            double rel = fabs(ln[k] / e - 1.0);
            worst = rel > worst ? rel : worst;
        }
    }
    assert_true(worst <= 1e-15);
    assert_true(worst > 0.0); /* it is a different exp: the comparison is not vacuous */
}

/* The counter sampler's draws against each distribution's CDF, an
 * independent truth (the inverse CDFs of dx_uncertainty_quantile: GSL's for
 * normal, lognormal and PERT, the closed form for triangular): the largest
 * gap between the empirical CDF and p over the grid p = 0.005, 0.010, ...,
 * 0.995 is below the Kolmogorov-Smirnov 0.1 % critical value 1.95 / sqrt(n),
 * and the shares below the far quantiles (p = 1e-4, 1e-3 and their
 * complements: the normal's ziggurat tail starts at 3.65 sd, p = 1.3e-4)
 * are within 5 binomial standard errors. */
static int dbl_less(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

static size_t count_at_or_below(const double *sorted, size_t n, double q)
{
    size_t lo = 0, hi = n; /* first index with sorted[i] > q */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (sorted[mid] <= q)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void test_uncertainty__counter_sampler_follows_the_cdfs(void **state)
{
    (void)state;
    enum { N = 400000, NI = 5 };
    const dx_distribution in[NI] = {{DX_DIST_NORMAL, 0.0, 1.0, 0},
                                    {DX_DIST_LOGNORMAL, 0.5, 0.8, 0},
                                    {DX_DIST_TRIANGULAR, 80, 150, 300},
                                    {DX_DIST_PERT, 1.5e6, 2.5e6, 4.0e6},
                                    {DX_DIST_PERT, 1.0, 1.0, 3.5}};
    dx_uncertainty_options o;
    dx_uncertainty_options_init(&o, DX_UNCERTAINTY_OPTIONS_VERSION);
    o.draws = N;
    o.seed = 20261206;
    o.sampler = DX_UNCERTAINTY_SAMPLER_COUNTER;
    dx_uncertainty_result *r = NULL;
    assert_int_equal(dx_uncertainty_run(NI, in, NULL, NI, identity_model, NULL, &o, &r), DX_OK);
    static double x[N];
    for (size_t i = 0; i < NI; i++) {
        assert_int_equal(dx_uncertainty_result_output_draws(r, i, N, x), DX_OK);
        qsort(x, N, sizeof *x, dbl_less);
        double gap = 0;
        for (int j = 1; j < 200; j++) {
            double p = j / 200.0, q;
            assert_int_equal(dx_uncertainty_quantile(&in[i], 1, &p, &q), DX_OK);
            double g = fabs((double)count_at_or_below(x, N, q) / N - p);
            gap = g > gap ? g : gap;
        }
        if (!(gap < 1.95 / sqrt((double)N)))
            print_error("input %zu: KS gap %g (limit %g)\n", i, gap, 1.95 / sqrt((double)N));
        assert_true(gap < 1.95 / sqrt((double)N));
        const double tails[4] = {1e-4, 1e-3, 1.0 - 1e-3, 1.0 - 1e-4};
        for (int j = 0; j < 4; j++) {
            double q;
            assert_int_equal(dx_uncertainty_quantile(&in[i], 1, &tails[j], &q), DX_OK);
            double frac = (double)count_at_or_below(x, N, q) / N;
            dx_assert_close(frac, tails[j], 5.0 * sqrt(tails[j] * (1.0 - tails[j]) / N), 0);
        }
    }
    dx_uncertainty_result_free(r);
}

/* The counter sampler's standard normals (a ziggurat: a wrong table, wedge
 * or tail test shows as a local excess or lack of a few per cent) in 162
 * bins, 0.05 wide from -4 to 4 and the two tails, against the normal CDF
 * (libm's erfc): Pearson's chi-square of 2,000,000 draws below 161 + 5.5
 * sd (sd = sqrt(2 x 161) = 18; P(false alarm) about 1e-6). */
static void test_uncertainty__counter_normals_pass_a_chi_square_test(void **state)
{
    (void)state;
    enum { N = 2000000, NB = 162 };
    const dx_distribution in[1] = {{DX_DIST_NORMAL, 0.0, 1.0, 0}};
    dx_uncertainty_options o;
    dx_uncertainty_options_init(&o, DX_UNCERTAINTY_OPTIONS_VERSION);
    o.draws = N;
    o.seed = 77;
    o.sampler = DX_UNCERTAINTY_SAMPLER_COUNTER;
    dx_uncertainty_result *r = NULL;
    assert_int_equal(dx_uncertainty_run(1, in, NULL, 1, identity_model, NULL, &o, &r), DX_OK);
    static double x[N];
    assert_int_equal(dx_uncertainty_result_output_draws(r, 0, N, x), DX_OK);
    dx_uncertainty_result_free(r);
    static size_t count[NB];
    memset(count, 0, sizeof count);
    for (size_t k = 0; k < N; k++) {
        size_t b = x[k] < -4.0 ? 0 : x[k] >= 4.0 ? NB - 1 : 1 + (size_t)((x[k] + 4.0) / 0.05);
        count[x[k] < 4.0 && b > NB - 2 ? NB - 2 : b]++; /* rounding just below 4 */
    }
    double chi2 = 0;
    for (size_t b = 0; b < NB; b++) {
        double lo = b == 0 ? -INFINITY : -4.0 + 0.05 * (double)(b - 1);
        double hi = b == NB - 1 ? INFINITY : -4.0 + 0.05 * (double)b;
        double p = 0.5 * erfc(-hi / sqrt(2.0)) - 0.5 * erfc(-lo / sqrt(2.0));
        double e = p * N, d = (double)count[b] - e;
        chi2 += d * d / e;
    }
    if (!(chi2 < 161.0 + 5.5 * 18.0))
        print_error("chi-square %g with 161 degrees of freedom\n", chi2);
    assert_true(chi2 < 161.0 + 5.5 * 18.0);
}

/* The counter sampler's draws of input i depend on (seed, i, draw) only, so
 * the same inputs in runs of 3, 11 and 16 inputs give the same draws: this
 * checks the transposition of columns into rows (blocks of 8 inputs x 8
 * draws, and the rest) against the plain loop that 3 inputs take; 1001
 * draws leave a partial block. */
static void test_uncertainty__counter_draws_do_not_depend_on_the_input_count(void **state)
{
    (void)state;
    enum { N = 1001, NMAX = 16 };
    dx_distribution in[NMAX];
    for (int i = 0; i < NMAX; i++) {
        dx_distribution d = {(dx_dist_kind)(1 + i % 5), 1.0 + i, 2.0 + i, 4.0 + i};
        in[i] = d;
    }
    static double want[3][N], got[N];
    const size_t counts[3] = {3, 11, 16};
    for (int c = 0; c < 3; c++) {
        dx_uncertainty_options o;
        dx_uncertainty_options_init(&o, DX_UNCERTAINTY_OPTIONS_VERSION);
        o.draws = N;
        o.seed = 11;
        o.sampler = DX_UNCERTAINTY_SAMPLER_COUNTER;
        dx_uncertainty_result *r = NULL;
        assert_int_equal(dx_uncertainty_run(counts[c], in, NULL, counts[c], identity_model, NULL, &o, &r),
                         DX_OK);
        for (size_t i = 0; i < counts[c]; i++) {
            assert_int_equal(dx_uncertainty_result_output_draws(r, i, N, got), DX_OK);
            if (i < 3 && c == 0)
                memcpy(want[i], got, sizeof got);
            else if (i < 3)
                assert_memory_equal(want[i], got, sizeof got);
        }
        dx_uncertainty_result_free(r);
    }
    /* the first 7 draws of all 16 inputs (a run of 7 draws takes the plain
     * loop throughout) equal those of the 1001-draw run (in 8 x 8 blocks) */
    {
        static double first[NMAX][7];
        dx_uncertainty_options o;
        dx_uncertainty_options_init(&o, DX_UNCERTAINTY_OPTIONS_VERSION);
        o.draws = 7;
        o.seed = 11;
        o.sampler = DX_UNCERTAINTY_SAMPLER_COUNTER;
        dx_uncertainty_result *r = NULL;
        assert_int_equal(dx_uncertainty_run(NMAX, in, NULL, NMAX, identity_model, NULL, &o, &r), DX_OK);
        for (size_t i = 0; i < NMAX; i++)
            assert_int_equal(dx_uncertainty_result_output_draws(r, i, 7, first[i]), DX_OK);
        dx_uncertainty_result_free(r);
        o.draws = N;
        assert_int_equal(dx_uncertainty_run(NMAX, in, NULL, NMAX, identity_model, NULL, &o, &r), DX_OK);
        for (size_t i = 0; i < NMAX; i++) {
            assert_int_equal(dx_uncertainty_result_output_draws(r, i, N, got), DX_OK);
            assert_memory_equal(first[i], got, sizeof first[i]);
        }
        dx_uncertainty_result_free(r);
    }
    /* every input lands in its own place: 19 fixed inputs (two blocks of 8 and 3) */
    {
        dx_distribution fx[19];
        for (int i = 0; i < 19; i++) {
            dx_distribution d = {DX_DIST_FIXED, (double)i, 0, 0};
            fx[i] = d;
        }
        dx_uncertainty_options o;
        dx_uncertainty_options_init(&o, DX_UNCERTAINTY_OPTIONS_VERSION);
        o.draws = N;
        o.sampler = DX_UNCERTAINTY_SAMPLER_COUNTER;
        dx_uncertainty_result *r = NULL;
        assert_int_equal(dx_uncertainty_run(19, fx, NULL, 19, identity_model, NULL, &o, &r), DX_OK);
        for (size_t i = 0; i < 19; i++) {
            assert_int_equal(dx_uncertainty_result_output_draws(r, i, N, got), DX_OK);
            for (size_t k = 0; k < N; k++)
                assert_true(got[k] == (double)i);
        }
        dx_uncertainty_result_free(r);
    }
    /* and the first input alone draws the same values as in any of those runs */
    dx_uncertainty_options o;
    dx_uncertainty_options_init(&o, DX_UNCERTAINTY_OPTIONS_VERSION);
    o.draws = N;
    o.seed = 11;
    o.sampler = DX_UNCERTAINTY_SAMPLER_COUNTER;
    dx_uncertainty_result *r = NULL;
    assert_int_equal(dx_uncertainty_run(1, in, NULL, 1, identity_model, NULL, &o, &r), DX_OK);
    assert_int_equal(dx_uncertainty_result_output_draws(r, 0, N, got), DX_OK);
    assert_memory_equal(want[0], got, sizeof got);
    dx_uncertainty_result_free(r);
}

static void test_uncertainty__batch_model_equals_per_draw_model_for_any_threads(void **state)
{
    (void)state;
    batch_equals_per_draw(DX_UNCERTAINTY_SAMPLER_MT19937);
    batch_equals_per_draw(DX_UNCERTAINTY_SAMPLER_COUNTER);
}

/* The counter-based sampler draws the same distributions: mean and sd
 * against the closed forms of dx_uncertainty_moments (5 standard errors), and
 * the share of draws below the P01, P10, P50, P90, P99 quantiles (inverse
 * CDFs: GSL's for normal/lognormal/PERT, closed form for triangular/uniform)
 * within 5 binomial standard errors. */
static void test_uncertainty__counter_sampler_matches_moments_and_quantiles(void **state)
{
    (void)state;
    enum { N = 200000, NI = 6 };
    const dx_distribution in[NI] = {{DX_DIST_NORMAL, 2385.0, 120.0, 0},
                                    {DX_DIST_LOGNORMAL, 1.2, 0.35, 0},
                                    {DX_DIST_UNIFORM, 4.8, 4.9, 0},
                                    {DX_DIST_TRIANGULAR, 80, 150, 300},
                                    {DX_DIST_PERT, 1.5e6, 2.5e6, 4.0e6},
                                    {DX_DIST_PERT, 1.0, 1.0, 3.5}}; /* alpha = 1 */
    dx_uncertainty_options o;
    dx_uncertainty_options_init(&o, DX_UNCERTAINTY_OPTIONS_VERSION);
    o.draws = N;
    o.seed = 20261205;
    o.sampler = DX_UNCERTAINTY_SAMPLER_COUNTER;
    dx_uncertainty_result *r = NULL;
    assert_int_equal(dx_uncertainty_run(NI, in, NULL, NI, identity_model, NULL, &o, &r), DX_OK);
    static double x[N];
    const double ps[5] = {0.01, 0.10, 0.50, 0.90, 0.99};
    for (size_t i = 0; i < NI; i++) {
        double mean, sd;
        assert_int_equal(dx_uncertainty_moments(&in[i], &mean, &sd), DX_OK);
        dx_uncertainty_summary sm;
        assert_int_equal(dx_uncertainty_result_summary(r, i, &sm), DX_OK);
        dx_assert_close(sm.mean, mean, 5.0 * sd / sqrt((double)N), 0);
        dx_assert_close(sm.sd, sd, 5.0 * 1.5 * sd / sqrt(2.0 * N), 0);
        assert_int_equal(dx_uncertainty_result_output_draws(r, i, N, x), DX_OK);
        double q[5];
        assert_int_equal(dx_uncertainty_quantile(&in[i], 5, ps, q), DX_OK);
        for (int k = 0; k < 5; k++) {
            size_t below = 0;
            for (size_t j = 0; j < N; j++)
                below += x[j] <= q[k];
            double frac = (double)below / N, se = sqrt(ps[k] * (1 - ps[k]) / N);
            dx_assert_close(frac, ps[k], 5.0 * se, 0);
        }
    }
    dx_uncertainty_result_free(r);
    o.sampler = 7;
    assert_int_equal(dx_uncertainty_run(NI, in, NULL, NI, identity_model, NULL, &o, &r), DX_EINVAL);
    assert_non_null(strstr(dx_last_error(), "sampler"));
}

static int failing_batch(size_t n_draws, const double *in, size_t n_in, double *out, size_t n_out,
                         void *user)
{
    (void)in, (void)n_in, (void)user;
    for (size_t k = 0; k < n_draws * n_out; k++)
        out[k] = 1.0;
    return n_draws > 100 ? DX_ENOCONV : DX_OK; /* fails on the Monte Carlo blocks */
}

static void test_uncertainty__batch_errors_name_the_block(void **state)
{
    (void)state;
    dx_distribution in[1] = {{DX_DIST_UNIFORM, 1, 2, 0}};
    dx_uncertainty_options o;
    dx_uncertainty_options_init(&o, DX_UNCERTAINTY_OPTIONS_VERSION);
    o.draws = 1000;
    o.batch_draws = 512;
    dx_uncertainty_result *r = NULL;
    assert_int_equal(dx_uncertainty_run_batch(1, in, NULL, 1, failing_batch, NULL, &o, &r),
                     DX_ENOCONV);
    assert_null(r);
    assert_non_null(strstr(dx_last_error(), "draw 0 (first draw of the block)"));
    o.batch_draws = 0;
    assert_int_equal(dx_uncertainty_run_batch(1, in, NULL, 1, failing_batch, NULL, &o, &r),
                     DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "batch_draws"));
    /* a version-1 options struct keeps working (no batch_draws field) */
    dx_uncertainty_options v1;
    assert_int_equal(dx_uncertainty_options_init(&v1, 1), DX_OK);
    v1.draws = 600;
    assert_int_equal(dx_uncertainty_run_batch(1, in, NULL, 1, busy_batch, NULL, &v1, &r), DX_OK);
    dx_uncertainty_result_free(r);
}

/* y0 = 1 u0 + 5 u1 + 0.1 u2, y1 = -4 u2 with u ~ U(-1, 1): P10/P90 = -0.8/0.8. */
static int tornado_model(const double *in, size_t n_in, double *out, size_t n_out, void *user)
{
    (void)n_in;
    (void)n_out;
    (void)user;
    out[0] = 1.0 * in[0] + 5.0 * in[1] + 0.1 * in[2];
    out[1] = -4.0 * in[2];
    return DX_OK;
}

static void test_uncertainty__tornado_ranks_inputs_by_known_sensitivity(void **state)
{
    (void)state;
    dx_distribution in[3] = {{DX_DIST_UNIFORM, -1, 1, 0}, {DX_DIST_UNIFORM, -1, 1, 0},
                             {DX_DIST_UNIFORM, -1, 1, 0}};
    double base[3] = {0.25, -0.5, 0.125};
    dx_uncertainty_options o;
    dx_uncertainty_options_init(&o, DX_UNCERTAINTY_OPTIONS_VERSION);
    o.draws = 512;
    dx_uncertainty_result *r = NULL;
    assert_int_equal(dx_uncertainty_run(3, in, base, 2, tornado_model, NULL, &o, &r), DX_OK);
    const size_t order0[] = {1, 0, 2};
    const double swing0[] = {8.0, 1.6, 0.16};
    for (size_t k = 0; k < 3; k++) {
        dx_tornado_bar b;
        assert_int_equal(dx_uncertainty_result_tornado(r, 0, k, &b), DX_OK);
        assert_int_equal(b.input, order0[k]);
        dx_assert_close(b.swing, swing0[k], 1e-12, 1e-12);
        dx_assert_close(b.input_low, -0.8, 1e-12, 0);
        dx_assert_close(b.input_high, 0.8, 1e-12, 0);
    }
    dx_tornado_bar b;
    assert_int_equal(dx_uncertainty_result_tornado(r, 0, 0, &b), DX_OK);
    /* others at base: 0.25 + 5 * (-0.8) + 0.1 * 0.125 */
    dx_assert_close(b.output_low, 0.25 - 4.0 + 0.0125, 1e-12, 0);
    assert_int_equal(dx_uncertainty_result_tornado(r, 1, 0, &b), DX_OK);
    assert_int_equal(b.input, 2);
    dx_assert_close(b.swing, 6.4, 1e-12, 1e-12);
    dx_assert_close(b.output_low, 3.2, 1e-12, 0);
    assert_int_equal(dx_uncertainty_result_tornado(r, 1, 1, &b), DX_OK);
    assert_int_equal(b.input, 0); /* tie at swing 0: lower index first */
    dx_assert_close(b.swing, 0.0, 0, 0);
    dx_uncertainty_summary s;
    assert_int_equal(dx_uncertainty_result_summary(r, 0, &s), DX_OK);
    dx_assert_close(s.base, 0.25 - 2.5 + 0.0125, 1e-12, 0);
    dx_uncertainty_result_free(r);
}

static int failing_model(const double *in, size_t n_in, double *out, size_t n_out, void *user)
{
    (void)n_in;
    (void)n_out;
    int *calls = user;
    (*calls)++;
    out[0] = in[0];
    return in[0] > 2.0 ? DX_EDOMAIN : DX_OK;
}

static int nan_model(const double *in, size_t n_in, double *out, size_t n_out, void *user)
{
    (void)n_in;
    (void)n_out;
    (void)user;
    out[0] = in[0] > 1.5 ? NAN : in[0];
    return DX_OK;
}

static void test_uncertainty__errors_name_the_argument(void **state)
{
    (void)state;
    dx_uncertainty_result *r = NULL;
    dx_distribution good = {DX_DIST_NORMAL, 1, 0.5, 0};
    dx_distribution in[2] = {good, {DX_DIST_NORMAL, 1, -0.5, 0}};
    assert_int_equal(dx_uncertainty_run(2, in, NULL, 1, nan_model, NULL, NULL, &r), DX_EDOMAIN);
    assert_null(r);
    assert_non_null(strstr(dx_last_error(), "inputs[1]"));

    dx_distribution tri = {DX_DIST_TRIANGULAR, 3, 5, 4};
    double p = 0.5, q;
    assert_int_equal(dx_uncertainty_quantile(&tri, 1, &p, &q), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "mode b = 5"));
    p = 1.0;
    assert_int_equal(dx_uncertainty_quantile(&good, 1, &p, &q), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "p_ratio[0]"));
    dx_distribution bad_kind = {(dx_dist_kind)9, 0, 0, 0};
    assert_int_equal(dx_uncertainty_quantile(&bad_kind, 1, &p, &q), DX_EINVAL);
    assert_non_null(strstr(dx_last_error(), "kind"));

    dx_uncertainty_options o;
    assert_int_equal(dx_uncertainty_options_init(&o, 99), DX_EINVAL);
    assert_non_null(strstr(dx_last_error(), "version"));
    dx_uncertainty_options_init(&o, DX_UNCERTAINTY_OPTIONS_VERSION);
    o.threads = -1;
    assert_int_equal(dx_uncertainty_run(1, &good, NULL, 1, nan_model, NULL, &o, &r), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "threads"));
    o.threads = 1;
    o.draws = 1;
    assert_int_equal(dx_uncertainty_run(1, &good, NULL, 1, nan_model, NULL, &o, &r), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "draws"));
    o.draws = 1000;
    o.tornado_low_ratio = 0.9;
    assert_int_equal(dx_uncertainty_run(1, &good, NULL, 1, nan_model, NULL, &o, &r), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "tornado_low_ratio"));
    o.tornado_low_ratio = 0.1;

    /* the model's own status comes back, with the draw named; same for any thread count */
    char msg1[256] = "";
    for (int t = 1; t <= 2; t++) {
        int calls = 0;
        o.threads = t;
        assert_int_equal(dx_uncertainty_run(1, &good, NULL, 1, failing_model, &calls, &o, &r),
                         DX_EDOMAIN);
        assert_null(r);
        assert_non_null(strstr(dx_last_error(), "at draw"));
        if (t == 1)
            snprintf(msg1, sizeof msg1, "%s", dx_last_error());
        else
            assert_string_equal(msg1, dx_last_error());
    }
    assert_int_equal(dx_uncertainty_run(1, &good, NULL, 1, nan_model, NULL, &o, &r), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "output[0]"));

    assert_int_equal(dx_uncertainty_run(0, &good, NULL, 1, nan_model, NULL, &o, &r), DX_EINVAL);
    assert_non_null(strstr(dx_last_error(), "n_inputs"));
    assert_int_equal(dx_uncertainty_run(1, &good, NULL, 1, NULL, NULL, &o, &r), DX_EINVAL);
    assert_non_null(strstr(dx_last_error(), "model"));

    /* accessors */
    dx_distribution small = {DX_DIST_UNIFORM, 0, 1, 0};
    assert_int_equal(dx_uncertainty_run(1, &small, NULL, 1, nan_model, NULL, &o, &r), DX_OK);
    double buf[10];
    assert_int_equal(dx_uncertainty_result_output_draws(r, 0, 10, buf), DX_EBUFSIZE);
    assert_non_null(strstr(dx_last_error(), "n = 10"));
    dx_uncertainty_summary s;
    assert_int_equal(dx_uncertainty_result_summary(r, 1, &s), DX_EINVAL);
    assert_non_null(strstr(dx_last_error(), "output = 1"));
    dx_tornado_bar b;
    assert_int_equal(dx_uncertainty_result_tornado(r, 0, 1, &b), DX_EINVAL);
    assert_non_null(strstr(dx_last_error(), "rank = 1"));
    assert_int_equal(dx_uncertainty_result_percentile(r, 0, 1.5, buf), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "p_ratio"));
    dx_uncertainty_result_free(r);
    dx_uncertainty_result_free(NULL);
    assert_true(dx_uncertainty_options_size() == sizeof(dx_uncertainty_options));
}

static void test_uncertainty__text_form_round_trips_and_rejects_malformed_text(void **state)
{
    (void)state;
    const char *texts[] = {"2385", " pert(1.5e6, 2.5e6, 4e6) ", "normal(3.5, 0.2)",
                           "lognormal (1.2,0.35)", "uniform(4.8, 4.9)", "triangular(1, 3, 4)",
                           "fixed(-7.25)"};
    const dx_distribution want[] = {{DX_DIST_FIXED, 2385, 0, 0},
                                    {DX_DIST_PERT, 1.5e6, 2.5e6, 4e6},
                                    {DX_DIST_NORMAL, 3.5, 0.2, 0},
                                    {DX_DIST_LOGNORMAL, 1.2, 0.35, 0},
                                    {DX_DIST_UNIFORM, 4.8, 4.9, 0},
                                    {DX_DIST_TRIANGULAR, 1, 3, 4},
                                    {DX_DIST_FIXED, -7.25, 0, 0}};
    for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++) {
        dx_distribution d, back;
        assert_int_equal(dx_uncertainty_parse(texts[k], &d), DX_OK);
        assert_int_equal(d.kind, want[k].kind);
        assert_true(d.a == want[k].a && d.b == want[k].b && d.c == want[k].c);
        char buf[128];
        assert_int_equal(dx_uncertainty_format(&d, buf, sizeof buf), DX_OK);
        assert_int_equal(dx_uncertainty_parse(buf, &back), DX_OK);
        assert_int_equal(back.kind, d.kind); /* compare fields: the struct has padding */
        assert_true(back.a == d.a && back.b == d.b && back.c == d.c);
    }
    dx_distribution d;
    const char *bad[] = {"gamma(1, 2)", "pert(1, 2)", "normal(1, 2, 3)", "pert(1, x, 3)",
                         "normal(1, 2) extra", "", "normal()"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        assert_int_equal(dx_uncertainty_parse(bad[k], &d), DX_EPARSE);
        assert_non_null(strstr(dx_last_error(), "text"));
    }
    assert_int_equal(dx_uncertainty_parse("triangular(4, 1, 3)", &d), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "mode b = 1"));
    char tiny[8];
    dx_distribution p = {DX_DIST_PERT, 1.5e6, 2.5e6, 4e6};
    assert_int_equal(dx_uncertainty_format(&p, tiny, sizeof tiny), DX_EBUFSIZE);
    assert_non_null(strstr(dx_last_error(), "cap = 8"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_uncertainty__quantiles_match_published_values),
        cmocka_unit_test(test_uncertainty__sample_moments_match_closed_forms),
        cmocka_unit_test(test_uncertainty__same_seed_gives_same_draws_and_another_seed_differs),
        cmocka_unit_test(test_uncertainty__p10_p50_p90_of_a_linear_model_match_the_normal_closed_form),
        cmocka_unit_test(test_uncertainty__probability_a_cheaper_than_b_matches_normal_difference),
        cmocka_unit_test(test_uncertainty__results_are_bit_identical_for_any_thread_count),
        cmocka_unit_test(test_uncertainty__batch_model_equals_per_draw_model_for_any_threads),
        cmocka_unit_test(test_uncertainty__batch_errors_name_the_block),
        cmocka_unit_test(test_uncertainty__counter_sampler_matches_moments_and_quantiles),
        cmocka_unit_test(test_uncertainty__percentiles_with_ties_equal_sorted_data),
        cmocka_unit_test(test_uncertainty__counter_lognormal_is_libm_exp_of_its_normal),
        cmocka_unit_test(test_uncertainty__counter_sampler_follows_the_cdfs),
        cmocka_unit_test(test_uncertainty__counter_normals_pass_a_chi_square_test),
        cmocka_unit_test(test_uncertainty__counter_draws_do_not_depend_on_the_input_count),
        cmocka_unit_test(test_uncertainty__tornado_ranks_inputs_by_known_sensitivity),
        cmocka_unit_test(test_uncertainty__text_form_round_trips_and_rejects_malformed_text),
        cmocka_unit_test(test_uncertainty__errors_name_the_argument),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
