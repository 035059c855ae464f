/* Uncertainty engine: distributions (quantiles, moments, seeded draws) and a
 * Monte Carlo driver with P10/P50/P90, P(output i < output j) and a tornado.
 *
 * Random streams: draws are grouped in chunks of DX_UNCERTAINTY_CHUNK_DRAWS;
 * chunk k uses its own gsl_rng_mt19937 seeded with splitmix64(seed, k)
 * (Steele, Lea & Flood, "Fast splittable pseudorandom number generators",
 * OOPSLA 2014; constants as in Java's SplittableRandom). A draw therefore
 * depends only on (seed, draw index), never on the thread that computed it. */
#include "dx_internal.h"
#include "dxsim/uncertainty.h"
/* dx__log10_fast, dx__sqrt_fast: the library's branch-free log10 and sqrt, which vectorise */
#include "propagation_kernels.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#ifdef _OPENMP
#include <omp.h>
#endif

struct dx_uncertainty_result {
    size_t n_in, n_out, draws;
    double *draws_out;  /* draws x n_out, draw-major (the model writes here) */
    double *stats;      /* n_out x DX__UNC_NSTATS: mean, sd, p10, p50, p90, min, max */
    double *base_out;   /* n_out */
    dx_tornado_bar *bars; /* n_out x n_in, ranked per output */
};

enum { DX__UNC_MEAN, DX__UNC_SD, DX__UNC_P10, DX__UNC_P50, DX__UNC_P90, DX__UNC_MIN, DX__UNC_MAX,
       DX__UNC_NSTATS };

/* ---- distributions ------------------------------------------------------------ */
static dx_status check_dist(const dx_distribution *d, const char *fn, const char *what, size_t i)
{
    if (!d)
        DX_FAIL(DX_EINVAL, "%s: argument '%s' is NULL", fn, what);
    double a = d->a, b = d->b, c = d->c;
    switch (d->kind) {
    case DX_DIST_FIXED:
        if (!isfinite(a))
            DX_FAIL(DX_EDOMAIN, "%s: %s[%zu] fixed value a = %g (must be finite)", fn, what, i, a);
        return DX_OK;
    case DX_DIST_NORMAL:
    case DX_DIST_LOGNORMAL:
        if (!isfinite(a) || !(b > 0.0) || !isfinite(b))
            DX_FAIL(DX_EDOMAIN, "%s: %s[%zu] %s a = %g, b = %g (need finite a and b > 0)", fn, what,
                    i, d->kind == DX_DIST_NORMAL ? "normal mean/sd" : "lognormal mu/sigma", a, b);
        return DX_OK;
    case DX_DIST_UNIFORM:
        if (!isfinite(a) || !isfinite(b) || !(a < b))
            DX_FAIL(DX_EDOMAIN, "%s: %s[%zu] uniform low a = %g, high b = %g (need a < b)", fn, what,
                    i, a, b);
        return DX_OK;
    case DX_DIST_TRIANGULAR:
    case DX_DIST_PERT:
        if (!isfinite(a) || !isfinite(c) || !(a < c) || !(a <= b) || !(b <= c))
            DX_FAIL(DX_EDOMAIN,
                    "%s: %s[%zu] %s low a = %g, mode b = %g, high c = %g (need a <= b <= c, a < c)",
                    fn, what, i, d->kind == DX_DIST_PERT ? "PERT" : "triangular", a, b, c);
        return DX_OK;
    }
    DX_FAIL(DX_EINVAL, "%s: %s[%zu].kind = %d (allowed 0..5)", fn, what, i, (int)d->kind);
}

/* Beta shape parameters of the PERT distribution (lambda = 4). */
static void pert_shape(const dx_distribution *d, double *alpha, double *beta)
{
    double r = d->c - d->a;
    *alpha = 1.0 + 4.0 * (d->b - d->a) / r;
    *beta = 1.0 + 4.0 * (d->c - d->b) / r;
}

static double tri_quantile(double a, double m, double c, double p)
{
    double fc = (m - a) / (c - a);
    if (p < fc)
        return a + sqrt(p * (c - a) * (m - a));
    return c - sqrt((1.0 - p) * (c - a) * (c - m));
}

/* Quantile of a validated distribution; p already checked. */
static double quantile1(const dx_distribution *d, double p)
{
    switch (d->kind) {
    case DX_DIST_FIXED:
        return d->a;
    case DX_DIST_NORMAL:
        return d->a + d->b * gsl_cdf_ugaussian_Pinv(p);
    case DX_DIST_LOGNORMAL:
        return p == 0.0 ? 0.0 : exp(d->a + d->b * gsl_cdf_ugaussian_Pinv(p));
    case DX_DIST_UNIFORM:
        return d->a + p * (d->b - d->a);
    case DX_DIST_TRIANGULAR:
        return tri_quantile(d->a, d->b, d->c, p);
    case DX_DIST_PERT: {
        double al, be;
        pert_shape(d, &al, &be);
        return d->a + (d->c - d->a) * gsl_cdf_beta_Pinv(p, al, be);
    }
    }
    return NAN;
}

static int unbounded(const dx_distribution *d)
{
    return d->kind == DX_DIST_NORMAL || d->kind == DX_DIST_LOGNORMAL;
}

dx_status dx_uncertainty_quantile(const dx_distribution *d, size_t n, const double *p_ratio,
                                  double *out)
{
    DX_TRY(check_dist(d, "dx_uncertainty_quantile", "d", 0));
    if (n == 0)
        return DX_OK;
    DX_REQUIRE_PTR(p_ratio);
    DX_REQUIRE_PTR(out);
    for (size_t i = 0; i < n; i++) {
        double p = p_ratio[i];
        int ok = unbounded(d) ? (p > 0.0 && p < 1.0) || (d->kind == DX_DIST_LOGNORMAL && p == 0.0)
                              : p >= 0.0 && p <= 1.0;
        if (!ok)
            DX_FAIL(DX_EDOMAIN, "dx_uncertainty_quantile: p_ratio[%zu] = %g (allowed %s)", i, p,
                    unbounded(d) ? "0 < p < 1" : "0 <= p <= 1");
        out[i] = quantile1(d, p);
    }
    return DX_OK;
}

dx_status dx_uncertainty_moments(const dx_distribution *d, double *out_mean, double *out_sd)
{
    DX_TRY(check_dist(d, "dx_uncertainty_moments", "d", 0));
    double a = d->a, b = d->b, c = d->c, mean = 0, var = 0;
    switch (d->kind) {
    case DX_DIST_FIXED:
        mean = a;
        break;
    case DX_DIST_NORMAL:
        mean = a;
        var = b * b;
        break;
    case DX_DIST_LOGNORMAL:
        mean = exp(a + 0.5 * b * b);
        var = expm1(b * b) * exp(2.0 * a + b * b);
        break;
    case DX_DIST_UNIFORM:
        mean = 0.5 * (a + b);
        var = (b - a) * (b - a) / 12.0;
        break;
    case DX_DIST_TRIANGULAR:
        mean = (a + b + c) / 3.0;
        var = (a * a + b * b + c * c - a * b - a * c - b * c) / 18.0;
        break;
    case DX_DIST_PERT: {
        double al, be;
        pert_shape(d, &al, &be);
        mean = (a + 4.0 * b + c) / 6.0;
        var = al * be * (c - a) * (c - a) / ((al + be) * (al + be) * (al + be + 1.0));
        break;
    }
    }
    if (out_mean)
        *out_mean = mean;
    if (out_sd)
        *out_sd = sqrt(var);
    return DX_OK;
}

/* One draw of a validated distribution. */
static double draw1(gsl_rng *rng, const dx_distribution *d)
{
    switch (d->kind) {
    case DX_DIST_FIXED:
        return d->a;
    case DX_DIST_NORMAL:
        return d->a + gsl_ran_gaussian_ziggurat(rng, d->b);
    case DX_DIST_LOGNORMAL:
        return gsl_ran_lognormal(rng, d->a, d->b);
    case DX_DIST_UNIFORM:
        return gsl_ran_flat(rng, d->a, d->b);
    case DX_DIST_TRIANGULAR:
        return tri_quantile(d->a, d->b, d->c, gsl_rng_uniform(rng));
    case DX_DIST_PERT: {
        double al, be;
        pert_shape(d, &al, &be);
        return d->a + (d->c - d->a) * gsl_ran_beta(rng, al, be);
    }
    }
    return NAN;
}

static uint64_t splitmix64(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

/* Seed of the stream of chunk k; never 0 (gsl_rng_set maps 0 to a default seed). */
static unsigned long chunk_seed(unsigned long seed, size_t chunk)
{
    uint64_t s = splitmix64(splitmix64((uint64_t)seed) ^ (uint64_t)chunk);
    unsigned long v = (unsigned long)((s >> 32) ^ (s & 0xFFFFFFFFull));
    return v ? v : 1ul;
}

dx_status dx_uncertainty_sample(const dx_distribution *d, unsigned long seed, size_t n, double *out)
{
    DX_TRY(check_dist(d, "dx_uncertainty_sample", "d", 0));
    if (n == 0)
        return DX_OK;
    DX_REQUIRE_PTR(out);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!rng)
        DX_FAIL(DX_ENOMEM, "dx_uncertainty_sample: out of memory for the random generator");
    for (size_t k = 0; k < n; k++) {
        if (k % DX_UNCERTAINTY_CHUNK_DRAWS == 0)
            gsl_rng_set(rng, chunk_seed(seed, k / DX_UNCERTAINTY_CHUNK_DRAWS));
        out[k] = draw1(rng, d);
    }
    gsl_rng_free(rng);
    return DX_OK;
}

static const char *const dx__dist_names[] = {"fixed",      "normal", "lognormal",
                                              "uniform",    "triangular", "pert"};
static const int dx__dist_nparams[] = {1, 2, 2, 2, 3, 3};

dx_status dx_uncertainty_parse(const char *text, dx_distribution *out)
{
    DX_REQUIRE_PTR(text);
    DX_REQUIRE_PTR(out);
    double v;
    if (dx__parse_double(text, &v) == 0) {
        dx_distribution d = {DX_DIST_FIXED, v, 0, 0};
        DX_TRY(check_dist(&d, "dx_uncertainty_parse", "text", 0));
        *out = d;
        return DX_OK;
    }
    const char *s = text;
    while (*s == ' ' || *s == '\t')
        s++;
    const char *open = strchr(s, '(');
    const char *close = open ? strchr(open, ')') : NULL;
    int kind = -1;
    if (open) {
        size_t n = (size_t)(open - s);
        while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
            n--;
        for (int k = 0; k < 6; k++)
            if (strlen(dx__dist_names[k]) == n && strncmp(s, dx__dist_names[k], n) == 0)
                kind = k;
    }
    const char *tail = close ? close + 1 : NULL;
    while (tail && (*tail == ' ' || *tail == '\t' || *tail == '\n' || *tail == '\r'))
        tail++;
    if (kind < 0 || !close || *tail != '\0' || (size_t)(close - open) > 256)
        DX_FAIL(DX_EPARSE,
                "dx_uncertainty_parse: text = '%.80s' (expected a number or normal(mean, sd), "
                "lognormal(mu, sigma), uniform(low, high), triangular(low, mode, high), "
                "pert(low, mode, high))",
                text);
    char args[260];
    memcpy(args, open + 1, (size_t)(close - open - 1));
    args[close - open - 1] = '\0';
    double p[3] = {0, 0, 0};
    int np = 0;
    char *save = NULL;
    for (char *tok = args; np <= 3; tok = save + 1) {
        save = strchr(tok, ',');
        if (save)
            *save = '\0';
        if (np == 3 || dx__parse_double(tok, &p[np]) != 0)
            DX_FAIL(DX_EPARSE, "dx_uncertainty_parse: text = '%.80s': argument %d is not a number "
                               "or there are too many arguments",
                    text, np + 1);
        np++;
        if (!save)
            break;
    }
    if (np != dx__dist_nparams[kind])
        DX_FAIL(DX_EPARSE, "dx_uncertainty_parse: text = '%.80s': %s takes %d arguments, got %d",
                text, dx__dist_names[kind], dx__dist_nparams[kind], np);
    dx_distribution d = {(dx_dist_kind)kind, p[0], p[1], p[2]};
    DX_TRY(check_dist(&d, "dx_uncertainty_parse", "text", 0));
    *out = d;
    return DX_OK;
}

dx_status dx_uncertainty_format(const dx_distribution *d, char *buf, size_t cap)
{
    DX_REQUIRE_PTR(d);
    DX_REQUIRE_PTR(buf);
    if ((unsigned)d->kind > DX_DIST_PERT)
        DX_FAIL(DX_EINVAL, "dx_uncertainty_format: d->kind = %d (allowed 0..5)", (int)d->kind);
    char a[32], b[32], c[32], tmp[128];
    dx__format_double(a, sizeof a, d->a, 17);
    dx__format_double(b, sizeof b, d->b, 17);
    dx__format_double(c, sizeof c, d->c, 17);
    int n = dx__dist_nparams[d->kind];
    int len = snprintf(tmp, sizeof tmp, "%s(%s%s%s%s%s)", dx__dist_names[d->kind], a,
                       n > 1 ? ", " : "", n > 1 ? b : "", n > 2 ? ", " : "", n > 2 ? c : "");
    if (len < 0 || (size_t)len >= cap)
        DX_FAIL(DX_EBUFSIZE, "dx_uncertainty_format: cap = %zu bytes (need %d)", cap, len + 1);
    memcpy(buf, tmp, (size_t)len + 1);
    return DX_OK;
}

/* ---- options ----------------------------------------------------------------------- */
dx_status dx_uncertainty_options_init(dx_uncertainty_options *opts, unsigned int version)
{
    DX_REQUIRE_PTR(opts);
    if (version == 0 || version > DX_UNCERTAINTY_OPTIONS_VERSION)
        DX_FAIL(DX_EINVAL, "dx_uncertainty_options_init: version = %u (this library knows 1..%u)",
                version, (unsigned)DX_UNCERTAINTY_OPTIONS_VERSION);
    /* a caller's struct of an older version ends before the later fields */
    memset(opts, 0, version >= 3   ? sizeof *opts
                    : version == 2 ? offsetof(dx_uncertainty_options, max_values)
                                   : offsetof(dx_uncertainty_options, batch_draws));
    opts->version = version;
    if (version >= 3)
        opts->max_values = DX_UNCERTAINTY_DEFAULT_MAX_VALUES;
    opts->draws = 10000;        /* ASSUMED: P10/P90 standard error ~0.3 % of the spread */
    opts->seed = 20250310ul;    /* ASSUMED: any fixed value; the R7 first-call opening date */
    opts->threads = 1;          /* serial unless the caller asks (model must be reentrant) */
    opts->tornado_low_ratio = 0.10;  /* P10 (issue 6: swings between P10 and P90) */
    opts->tornado_high_ratio = 0.90; /* P90 */
    if (version >= 2) {
        opts->batch_draws = 4096; /* ASSUMED: 4096 x 8 inputs x 8 B = 256 KiB, L2-resident */
        opts->sampler = DX_UNCERTAINTY_SAMPLER_MT19937;
    }
    return DX_OK;
}

size_t dx_uncertainty_options_size(void) { return sizeof(dx_uncertainty_options); }

/* ---- Monte Carlo ---------------------------------------------------------------------- */
typedef struct {
    size_t n_in, n_out, draws;
    const dx_distribution *inputs;
    dx_uncertainty_model_fn model;  /* one of the two */
    dx_uncertainty_batch_fn batch;
    void *user;
    unsigned long seed;
    size_t unit_chunks;   /* chunks per work unit (one batch call) */
    int sampler;          /* DX_UNCERTAINTY_SAMPLER_* */
    double *draws_out;
    int *unit_status;     /* per unit: 0, model status, or DX_EDOMAIN (non-finite), DX_ENOMEM */
    size_t *unit_draw;    /* draw index of the failure (first draw of the block for a batch) */
    size_t *unit_output;  /* output index of a non-finite value */
    const struct zig_tables_ *zig; /* counter sampler: the ziggurat's tables */
} dx__mc;

/* Draws k0..k1-1 of the chunks of unit u into in (row-major, draw-major):
 * the same generator calls, in the same order, whatever the unit size. */
static void sample_unit(const dx__mc *mc, size_t k0, size_t k1, gsl_rng *rng, double *in)
{
    for (size_t k = k0; k < k1; k++) {
        if (k % DX_UNCERTAINTY_CHUNK_DRAWS == 0)
            gsl_rng_set(rng, chunk_seed(mc->seed, k / DX_UNCERTAINTY_CHUNK_DRAWS));
        double *row = in + (k - k0) * mc->n_in;
        for (size_t i = 0; i < mc->n_in; i++)
            row[i] = draw1(rng, &mc->inputs[i]);
    }
}

/* ---- counter-based sampler (DX_UNCERTAINTY_SAMPLER_COUNTER) ------------------------- */
/* fp-contract=fast: a * b + c as one FMA in the AVX-512 clone (the library
 * is ISO C11, -ffp-contract=off), as in coverage_grid.c: 8 % of a run of the
 * benchmark model; the price is that the last bits of a counter draw depend
 * on the CPU (documented at DX_UNCERTAINTY_SAMPLER_COUNTER). */
#if DX__HAVE_CLONES /* dx_internal.h */
#define DX__UNC_CLONES __attribute__((target_clones("default", "arch=x86-64-v4"), optimize("fp-contract=fast")))
#else
#define DX__UNC_CLONES
#endif

/* 64 random bits number k of stream `key`: SplitMix64's finaliser of
 * key + (k + 1) * golden gamma (Steele, Lea & Flood, OOPSLA 2014). */
DX__KINLINE uint64_t ctr_bits(uint64_t key, uint64_t k)
{
    uint64_t z = key + (k + 1) * 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Uniform in (0, 1) number k of stream `key`: the top 53 bits of ctr_bits. */
DX__KINLINE double ctr_u01(uint64_t key, uint64_t k)
{
    return ((double)(ctr_bits(key, k) >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

DX__KINLINE double ln_fast(double x)
{
    return dx__log10_fast(x) * 2.30258509299404568402;
}

/* Standard normal quantile, Wichura's AS 241 (PPND16; Applied Statistics
 * 37(3) 477-484, 1988): a rational approximation in the central region
 * |p - 0.5| < 0.425 (as241_central, on q = p - 0.5) and two in the tails
 * (as241_tail); as241 chooses per value. The counter sampler's redraws of
 * Marsaglia-Tsang gammas use it (its columns of normals use the ziggurat
 * below). p in (0, 1). */
DX__KINLINE double as241_central(double q)
{
    double r = 0.180625 - q * q;
    double a = (((((((2.5090809287301226727e+3 * r + 3.3430575583588128105e+4) * r +
                     6.7265770927008700853e+4) * r + 4.5921953931549871457e+4) * r +
                   1.3731693765509461125e+4) * r + 1.9715909503065514427e+3) * r +
                 1.3314166789178437745e+2) * r + 3.3871328727963666080e+0);
    double b = (((((((5.2264952788528545610e+3 * r + 2.8729085735721942674e+4) * r +
                     3.9307895800092710610e+4) * r + 2.1213794301586595867e+4) * r +
                   5.3941960214247511077e+3) * r + 6.8718700749205790830e+2) * r +
                 4.2313330701600911252e+1) * r + 1.0);
    return q * a / b;
}

DX__KINLINE double as241_tail(double p)
{
    double q = p - 0.5;
    /* selects as bit blends (dx__select): a ternary with a constant arm
     * becomes a branch in GCC and the loop would not vectorise */
    double pt = dx__select(q < 0.0, p, 1.0 - p);
    double t = dx__sqrt_fast(-ln_fast(pt));
    double s = t - 1.6;
    double c = (((((((7.74545014278341407640e-4 * s + 2.27238449892691845833e-2) * s +
                     2.41780725177450611770e-1) * s + 1.27045825245236838258e+0) * s +
                   3.64784832476320460504e+0) * s + 5.76949722146069140550e+0) * s +
                 4.63033784615654529590e+0) * s + 1.42343711074968357734e+0);
    double d = (((((((1.05075007164441684324e-9 * s + 5.47593808499534494600e-4) * s +
                     1.51986665636164571966e-2) * s + 1.48103976427480074590e-1) * s +
                   6.89767334985100004550e-1) * s + 1.67638483018380384940e+0) * s +
                 2.05319162663775882187e+0) * s + 1.0);
    double w = t - 5.0;
    double e = (((((((2.01033439929228813265e-7 * w + 2.71155556874348757815e-5) * w +
                     1.24266094738807843860e-3) * w + 2.65321895265761230930e-2) * w +
                   2.96560571828504891230e-1) * w + 1.78482653991729133580e+0) * w +
                 5.46378491116411436990e+0) * w + 6.65790464350110377720e+0);
    double f = (((((((2.04426310338993978564e-15 * w + 1.42151175831644588870e-7) * w +
                     1.84631831751005468180e-5) * w + 7.86869131145613259100e-4) * w +
                   1.48753612908506148525e-2) * w + 1.36929880922735805310e-1) * w +
                 5.99832206555887937690e-1) * w + 1.0);
    /* one division: numerator and denominator of the region are chosen
     * first (c / d or e / f: the same quotient, so the same bits) */
    const int near = t <= 5.0;
    double r_ = dx__select(near, c, e) / dx__select(near, d, f);
    return dx__select(q >= 0.0, r_, -r_);
}

DX__KINLINE int as241_is_central(double q) { return (q < 0.425) & (q > -0.425); }

DX__KINLINE double as241(double p)
{
    double q = p - 0.5;
    return as241_is_central(q) ? as241_central(q) : as241_tail(p);
}

/* exp(x) for finite x, branch-free so the loop vectorises (libm's exp is a
 * scalar call): x = n ln2 + r with |r| <= ln2 / 2 (ln2 in two parts,
 * Cody-Waite), e^r by its Taylor series to r^12 (truncation < 2e-16
 * relative), times 2^n as two powers of two built in the exponent bits (so
 * overflow to +inf above 709.78 and gradual underflow below -708.4 come out
 * of the multiplication). Max relative error about 4e-16 in the normal range
 * (measured against libm in tests/test_uncertainty.c). */
DX__KINLINE double exp_vec(double x)
{
    const double shifter = 6755399441055744.0; /* 1.5 * 2^52: adding it rounds to an integer */
    double xc = dx__select(x > 710.0, 710.0, dx__select(x < -746.0, -746.0, x));
    double nd = (xc * 1.44269504088896340736 + shifter) - shifter;
    double r = (xc - nd * 6.93147180369123816490e-01) - nd * 1.90821492927058770002e-10;
    double p = dx__exp_taylor12(r);
    int64_t n = (int64_t)nd, h = n / 2; /* n in [-1077, 1025]: both halves are normal powers */
    uint64_t b1 = (uint64_t)(h + 1023) << 52, b2 = (uint64_t)(n - h + 1023) << 52;
    double s1, s2;
    memcpy(&s1, &b1, sizeof s1);
    memcpy(&s2, &b2, sizeof s2);
    return p * s1 * s2;
}

/* Keys of input i's streams (normal/uniform 0, gamma X 0-1, gamma Y 2-3). */
static uint64_t ctr_key(unsigned long seed, size_t input, unsigned stream)
{
    return splitmix64(splitmix64((uint64_t)seed) ^ (0xD1B54A32D192ED03ull * ((uint64_t)input + 1)) ^
                      ((uint64_t)stream << 56));
}

/* A stream derived from stream `key`: tag 0 the ziggurat's wedge and tail
 * uniforms, tag 1 the normals of Marsaglia-Tsang redraws. */
static uint64_t ctr_subkey(uint64_t key, unsigned tag)
{
    return splitmix64(key ^ (0xA0761D6478BD642Full * ((uint64_t)tag + 1)));
}

/* Standard normals by a 256-layer ziggurat (Marsaglia & Tsang, "The
 * ziggurat method for generating random variables", J. Stat. Software 5(8),
 * 2000) in its 64-bit form (Doornik 2005; numpy's): of one 64-bit word, 8
 * bits choose the layer i, one the sign and 52 the position u in [0, 1);
 * x = u X[i] is returned at once when u < X[i+1] / X[i] (inside the
 * rectangle under the layer above: 98.5 % of values); otherwise the exact
 * wedge test against exp(-x^2 / 2) or, in the base layer, Marsaglia's tail
 * method beyond r, and a rejected attempt (0.7 %) starts again from a
 * further counter. Every layer (the base one with the tail) has area v;
 * the boundaries X[i] follow from r by the paper's recurrence, computed in
 * double with libm once per run (zig_init). */
#define DX__ZIG_R 3.6541528853610088 /* r of the 256-layer table (Marsaglia & Tsang) */
typedef struct zig_tables_ {
    double w[256];   /* X[i] / 2^52: the 52-bit integer u times w[i] is u X[i] */
    uint64_t k[256]; /* floor(2^52 X[i+1] / X[i]): the fast test on the integer u */
    double f[257];   /* exp(-X[i]^2 / 2); f[256] = 1 (X[256] = 0) */
    int v4;          /* the CPU runs normal_v4 */
} zig_tables;

static int zig_have_v4(void);

static void zig_init(zig_tables *t)
{
    const double r = DX__ZIG_R, fr = exp(-0.5 * r * r);
    /* area of a layer: the base is [0, r] x [0, f(r)] and the tail beyond r */
    const double v = r * fr + 1.25331413731550025121 * erfc(r * 0.70710678118654752440);
    double X[257];
    X[0] = v / fr; /* the base layer's width: a rectangle of area v */
    X[1] = r;
    for (int i = 2; i < 256; i++)
        X[i] = sqrt(-2.0 * log(v / X[i - 1] + exp(-0.5 * X[i - 1] * X[i - 1])));
    X[256] = 0.0;
    for (int i = 0; i < 256; i++) {
        t->w[i] = X[i] * 0x1p-52;
        t->k[i] = (uint64_t)(X[i + 1] / X[i] * 0x1p52);
        t->f[i] = exp(-0.5 * X[i] * X[i]);
    }
    t->f[256] = 1.0;
    t->v4 = zig_have_v4();
}

/* The wedge test of layer i >= 1 for |x| = x0: a height uniform between
 * f[i] and f[i + 1] below exp(-x0^2 / 2) (exp_vec: the vectorised and the
 * scalar test decide alike). */
DX__KINLINE int zig_wedge_ok(const double *tf, size_t i, double x0, double uaux)
{
    return tf[i] + uaux * (tf[i + 1] - tf[i]) < exp_vec(-0.5 * x0 * x0);
}

/* The value of lane k whose first attempt (counter k of `key`) neither
 * passed the fast test nor the wedge test, or fell in the base layer's
 * tail: attempt j from counter k + j 2^40 of `key`, its wedge uniform from
 * the same counter of `kaux`, the tail's pairs from further counters of
 * `kaux`. Scalar; the tail with libm's log. */
static double zig_slow(const zig_tables *t, uint64_t key, uint64_t kaux, uint64_t k)
{
    for (uint64_t j = 0;; j++) {
        const uint64_t c = k + (j << 40), b = ctr_bits(key, c), u = b >> 12;
        const size_t i = (size_t)(b & 255u);
        const double x0 = (double)(int64_t)u * t->w[i], x = (b & 256u) ? -x0 : x0;
        if (j > 0 && u < t->k[i])
            return x;
        if (i == 0) {
            /* |x| beyond r: Marsaglia's tail method (Ann. Math. Stat. 35, 1964) */
            for (uint64_t m = 0;; m++) {
                const double e = -log(ctr_u01(kaux, c + ((2 * m + 1) << 50))) / DX__ZIG_R;
                const double y = -log(ctr_u01(kaux, c + ((2 * m + 2) << 50)));
                if (y + y > e * e)
                    return (b & 256u) ? -(DX__ZIG_R + e) : DX__ZIG_R + e;
            }
        }
        if (j > 0 && zig_wedge_ok(t->f, i, x0, ctr_u01(kaux, c)))
            return x;
    }
}

/* Scratch of one column (sized by run_impl for a whole unit). */
typedef struct {
    double *col, *z1, *z2; /* the column; two more (PERT: normals, the gamma Y) */
    uint32_t *list;        /* lanes that need a second look */
    unsigned char *flag;
    const zig_tables *zig;
} ctr_scratch;

/* Indices k < n with fl[k] = 1 (fl[k] is 0 or 1) into list, in increasing
 * order; returns how many. Branch-free (a branch per flag, or per set bit of
 * eight flags, mispredicts: measured 10 % slower overall). */
DX__KINLINE size_t compact_flags(const unsigned char *restrict fl, size_t n,
                                 uint32_t *restrict list)
{
    size_t m = 0;
    for (size_t k = 0; k < n; k++) {
        list[m] = (uint32_t)k;
        m += fl[k];
    }
    return m;
}

/* Standard normals of stream `key` at counters k0..k0+n-1 into z:
 * 1. every lane: the fast test (vectorised; the table reads are gathers,
 *    emulated by scalar loads under GCC's generic tuning),
 *    z[k] = +-u X[i] whether it passes or not;
 * 2. the lanes it left open (1.5 %), listed eight flags at a time (a
 *    group holds one in 11 % of cases, so the branch mostly predicts):
 *    the wedge test, vectorised over the list (z[k] already holds x);
 * 3. the rest (base-layer tail and rejected, 0.7 %): zig_slow. */
DX__KINLINE void normal_body(const zig_tables *t, uint64_t key, uint64_t k0, size_t n,
                             double *restrict z, unsigned char *restrict fl,
                             uint32_t *restrict list)
{
    const double *restrict tw = t->w, *restrict tf = t->f;
    const uint64_t *restrict tk = t->k;
#pragma omp simd
    for (size_t k = 0; k < n; k++) {
        const uint64_t b = ctr_bits(key, k0 + k), u = b >> 12;
        const size_t i = (size_t)(b & 255u);
        /* bit 8 is the sign: +-u as an integer (a sign bit set through
         * memcpy keeps GCC 12 from vectorising the loop) */
        const int64_t sg = -(int64_t)((b >> 8) & 1u);
        z[k] = (double)(((int64_t)u ^ sg) - sg) * tw[i];
        fl[k] = (unsigned char)(u >= tk[i]);
    }
    size_t m = 0, k = 0;
    for (; k + 8 <= n; k += 8) {
        uint64_t g;
        memcpy(&g, fl + k, sizeof g);
        if (g)
            for (size_t j = k; j < k + 8; j++) {
                list[m] = (uint32_t)j;
                m += fl[j];
            }
    }
    for (; k < n; k++) {
        list[m] = (uint32_t)k;
        m += fl[k];
    }
    const uint64_t kaux = ctr_subkey(key, 0);
#pragma omp simd
    for (size_t j = 0; j < m; j++) {
        const uint32_t kk = list[j];
        const uint64_t b = ctr_bits(key, k0 + kk);
        const size_t i = (size_t)(b & 255u);
        const double x = z[kk];
        fl[j] = (unsigned char)((i == 0) | !zig_wedge_ok(tf, i, x, ctr_u01(kaux, k0 + kk)));
    }
    size_t r = 0;
    for (size_t j = 0; j < m; j++) { /* in place: r <= j */
        const uint32_t kk = list[j];
        list[r] = kk;
        r += fl[j];
    }
    for (size_t j = 0; j < r; j++)
        z[list[j]] = zig_slow(t, key, kaux, k0 + list[j]);
}

/* Two builds of it, chosen at run time (zig_tables.v4): GCC 12 vectorises
 * the table reads (gathers) in a function with its own target attribute,
 * not in a target_clones one. Neither contracts multiply-adds, so both give
 * the same bits. */
__attribute__((noinline)) static void normal_base(const zig_tables *t, uint64_t key, uint64_t k0,
                                                  size_t n, double *z, unsigned char *fl,
                                                  uint32_t *list)
{
    normal_body(t, key, k0, n, z, fl, list);
}
#if DX__HAVE_CLONES
__attribute__((noinline, target("arch=x86-64-v4"))) static void
normal_v4(const zig_tables *t, uint64_t key, uint64_t k0, size_t n, double *z, unsigned char *fl,
          uint32_t *list)
{
    normal_body(t, key, k0, n, z, fl, list);
}
#endif

static int zig_have_v4(void)
{
#if DX__HAVE_CLONES
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
           __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") &&
           __builtin_cpu_supports("bmi2");
#else
    return 0;
#endif
}

DX__KINLINE void normal_column(uint64_t key, uint64_t k0, size_t n, double *restrict z,
                               const ctr_scratch *w)
{
#if DX__HAVE_CLONES
    if (w->zig->v4) {
        normal_v4(w->zig, key, k0, n, z, w->flag, w->list);
        return;
    }
#endif
    normal_base(w->zig, key, k0, n, z, w->flag, w->list);
}

/* Marsaglia-Tsang gamma(alpha >= 1), d = alpha - 1/3, c = 1 / sqrt(9 d),
 * from the normal z and the uniform u of one attempt: the candidate d v^3,
 * and whether it is accepted (*ok). The squeeze u < 1 - 0.0331 z^4 accepts
 * without logarithms; *ok = 2 when the squeeze did not decide (the full
 * test mt_gamma_full_ok must). */
DX__KINLINE double mt_gamma_squeeze(double d, double c, double z, double u, int *ok)
{
    double v = 1.0 + c * z;
    int pos = v > 0.0;
    v = dx__select(pos, v * v * v, 1.0);
    double z2 = z * z;
    *ok = pos * (2 - (u < 1.0 - 0.0331 * z2 * z2)); /* arithmetic, not ?: (vectorises) */
    return d * v;
}

DX__KINLINE int mt_gamma_full_ok(double d, double c, double z, double u)
{
    double v = 1.0 + c * z;
    int pos = v > 0.0;
    v = dx__select(pos, v * v * v, 1.0);
    return pos & (ln_fast(u) < 0.5 * z * z + d - d * v + d * ln_fast(v));
}

/* One attempt from streams (kz, ku) at counter k (scalar, for redraws). */
static double mt_gamma_try(double d, double c, uint64_t kz, uint64_t ku, uint64_t k, int *ok)
{
    double z = as241(ctr_u01(kz, k)), u = ctr_u01(ku, k);
    double x = mt_gamma_squeeze(d, c, z, u, ok);
    if (*ok == 2)
        *ok = mt_gamma_full_ok(d, c, z, u);
    return x;
}

/* Rejected attempts redraw from counters k + j * 2^40 (j = 1, 2, ...). */
static double mt_gamma_retry(double d, double c, uint64_t kz, uint64_t ku, uint64_t k)
{
    for (uint64_t j = 1;; j++) {
        int ok;
        double x = mt_gamma_try(d, c, kz, ku, k + (j << 40), &ok);
        if (ok)
            return x;
    }
}

/* Gamma(alpha >= 1) variates at counters k0..k0+n-1 into g, by Marsaglia &
 * Tsang (ACM TOMS 26(3), 2000), d = alpha - 1/3, c = 1 / sqrt(9 d): the
 * normals of stream kz (into the scratch z), the uniforms of stream ku.
 * 1. every lane: the candidate d v^3 and the squeeze (no logarithm);
 * 2. the lanes it leaves open (about 10 %), listed by a branch-free
 *    compaction: the logarithmic test, vectorised over the list;
 * 3. the rejected (1-2 %), listed again: redraws, scalar, the normals from
 *    a stream derived from kz (as241 of its uniforms). */
DX__KINLINE void gamma_column(double d, double c, uint64_t kz, uint64_t ku, uint64_t k0, size_t n,
                              double *restrict g, double *restrict z, const ctr_scratch *w)
{
    unsigned char *restrict fl = w->flag;
    uint32_t *restrict list = w->list;
    normal_column(kz, k0, n, z, w);
#pragma omp simd
    for (size_t k = 0; k < n; k++) {
        int ok;
        g[k] = mt_gamma_squeeze(d, c, z[k], ctr_u01(ku, k0 + k), &ok);
        fl[k] = (unsigned char)(ok != 1);
    }
    const size_t m = compact_flags(fl, n, list);
#pragma omp simd
    for (size_t j = 0; j < m; j++) {
        const uint32_t k = list[j];
        fl[j] = (unsigned char)!mt_gamma_full_ok(d, c, z[k], ctr_u01(ku, k0 + k));
    }
    size_t nr = 0;
    for (size_t j = 0; j < m; j++) { /* in place: nr <= j */
        const uint32_t k = list[j];
        list[nr] = k;
        nr += fl[j];
    }
    const uint64_t kzr = ctr_subkey(kz, 1);
    for (size_t j = 0; j < nr; j++)
        g[list[j]] = mt_gamma_retry(d, c, kzr, ku, k0 + list[j]);
}

/* Column of input i for draws k0..k0+n-1 into w->col (contiguous). */
DX__UNC_CLONES
static void ctr_column(const dx_distribution *dist, unsigned long seed, size_t input, size_t k0,
                       size_t n, const ctr_scratch *w)
{
    const double a = dist->a, b = dist->b, c = dist->c;
    const uint64_t k0u = (uint64_t)k0, key0 = ctr_key(seed, input, 0);
    double *restrict col = w->col;
    switch (dist->kind) {
    case DX_DIST_FIXED:
        for (size_t k = 0; k < n; k++)
            col[k] = a;
        return;
    case DX_DIST_NORMAL:
        normal_column(key0, k0u, n, col, w);
#pragma omp simd
        for (size_t k = 0; k < n; k++)
            col[k] = a + b * col[k];
        return;
    case DX_DIST_LOGNORMAL:
        normal_column(key0, k0u, n, col, w);
#pragma omp simd
        for (size_t k = 0; k < n; k++)
            col[k] = exp_vec(a + b * col[k]);
        return;
    case DX_DIST_UNIFORM:
#pragma omp simd
        for (size_t k = 0; k < n; k++)
            col[k] = a + (b - a) * ctr_u01(key0, k0u + k);
        return;
    case DX_DIST_TRIANGULAR: {
        const double fc = (b - a) / (c - a), lo = (c - a) * (b - a), hi = (c - a) * (c - b);
#pragma omp simd
        for (size_t k = 0; k < n; k++) {
            const double p = ctr_u01(key0, k0u + k);
            const int left = p < fc;
            /* one square root: of the chosen side's argument */
            const double s = dx__sqrt_fast(dx__select(left, p * lo, (1.0 - p) * hi));
            col[k] = dx__select(left, a + s, c - s);
        }
        return;
    }
    case DX_DIST_PERT: {
        /* X / (X + Y) of X ~ gamma(alpha), Y ~ gamma(beta) */
        double al, be;
        pert_shape(dist, &al, &be);
        const double dx_ = al - 1.0 / 3.0, cx = 1.0 / sqrt(9.0 * dx_);
        const double dy = be - 1.0 / 3.0, cy = 1.0 / sqrt(9.0 * dy);
        double *restrict gy = w->z2;
        gamma_column(dx_, cx, key0, ctr_key(seed, input, 1), k0u, n, col, w->z1, w);
        gamma_column(dy, cy, ctr_key(seed, input, 2), ctr_key(seed, input, 3), k0u, n, gy, w->z1,
                     w);
#pragma omp simd
        for (size_t k = 0; k < n; k++)
            col[k] = a + (c - a) * (col[k] / (col[k] + gy[k]));
        return;
    }
    }
}

/* 1 when every x[0..n) is finite (exponent bits not all ones), branch-free. */
DX__UNC_CLONES
static int all_finite(const double *restrict x, size_t n)
{
    uint64_t bad = 0;
#pragma omp simd reduction(| : bad)
    for (size_t k = 0; k < n; k++) {
        uint64_t b;
        memcpy(&b, &x[k], sizeof b);
        bad |= (uint64_t)((b & 0x7ff0000000000000ull) == 0x7ff0000000000000ull);
    }
    return bad == 0;
}

/* Columns cols[i * cap + k] (k < m) into row-major rows[k * n_in + i]: rows
 * written in order, the n_in column streams read side by side (a per-column
 * strided store is a scatter: 3 x slower). With GCC, blocks of 8 inputs x 8
 * draws go through an 8 x 8 transpose of vectors (three rounds of two-input
 * shuffles: 24 shuffles for 64 values instead of 64 scalar loads and
 * stores; the scalar loop took 7 % of a run of the 8-input benchmark). */
#if defined(__GNUC__) && !defined(__clang__)
typedef double dx__v8d __attribute__((vector_size(64)));
typedef int64_t dx__v8i __attribute__((vector_size(64)));
#define DX__SHUF(a, b, ...) __builtin_shuffle((a), (b), (dx__v8i){__VA_ARGS__})
DX__KINLINE void transpose8(const double *src, size_t src_stride, double *dst, size_t dst_stride)
{
    dx__v8d r[8], t[8], u[8];
    for (int i = 0; i < 8; i++)
        memcpy(&r[i], src + (size_t)i * src_stride, sizeof r[i]);
    for (int i = 0; i < 8; i += 2) {
        t[i] = DX__SHUF(r[i], r[i + 1], 0, 8, 2, 10, 4, 12, 6, 14);
        t[i + 1] = DX__SHUF(r[i], r[i + 1], 1, 9, 3, 11, 5, 13, 7, 15);
    }
    for (int i = 0; i < 8; i += 4)
        for (int j = 0; j < 2; j++) {
            u[i + j] = DX__SHUF(t[i + j], t[i + j + 2], 0, 1, 8, 9, 4, 5, 12, 13);
            u[i + j + 2] = DX__SHUF(t[i + j], t[i + j + 2], 2, 3, 10, 11, 6, 7, 14, 15);
        }
    for (int j = 0; j < 4; j++) {
        dx__v8d lo = DX__SHUF(u[j], u[j + 4], 0, 1, 2, 3, 8, 9, 10, 11);
        dx__v8d hi = DX__SHUF(u[j], u[j + 4], 4, 5, 6, 7, 12, 13, 14, 15);
        memcpy(dst + (size_t)j * dst_stride, &lo, sizeof lo);
        memcpy(dst + (size_t)(j + 4) * dst_stride, &hi, sizeof hi);
    }
}
#undef DX__SHUF
#endif

DX__SIMD_CLONES
static void put_columns(const double *restrict cols, size_t cap, size_t m, size_t n_in,
                        double *restrict rows)
{
    size_t k0 = 0;
#if defined(__GNUC__) && !defined(__clang__)
    for (; k0 + 8 <= m; k0 += 8) {
        size_t i = 0;
        for (; i + 8 <= n_in; i += 8)
            transpose8(cols + i * cap + k0, cap, rows + k0 * n_in + i, n_in);
        for (; i < n_in; i++)
            for (size_t k = k0; k < k0 + 8; k++)
                rows[k * n_in + i] = cols[i * cap + k];
    }
#endif
    for (size_t k = k0; k < m; k++)
        for (size_t i = 0; i < n_in; i++)
            rows[k * n_in + i] = cols[i * cap + k];
}

static void run_unit(const dx__mc *mc, size_t u, gsl_rng *rng, double *in)
{
    size_t k0 = u * mc->unit_chunks * DX_UNCERTAINTY_CHUNK_DRAWS;
    size_t k1 = k0 + mc->unit_chunks * DX_UNCERTAINTY_CHUNK_DRAWS;
    if (k1 > mc->draws)
        k1 = mc->draws;
    if (!rng || !in) {
        mc->unit_status[u] = DX_ENOMEM;
        mc->unit_draw[u] = k0;
        return;
    }
    if (mc->sampler == DX_UNCERTAINTY_SAMPLER_COUNTER) {
        /* columns into the tail of in (sized for it), then rows */
        const size_t m = k1 - k0, cap = mc->unit_chunks * DX_UNCERTAINTY_CHUNK_DRAWS;
        double *cols = in + cap * mc->n_in, *z = cols + cap * mc->n_in;
        ctr_scratch w = {cols, z, z + cap, (uint32_t *)(z + 2 * cap),
                         (unsigned char *)(z + 2 * cap + cap / 2 + 1), mc->zig};
        for (size_t i = 0; i < mc->n_in; i++) {
            w.col = cols + i * cap;
            ctr_column(&mc->inputs[i], mc->seed, i, k0, m, &w);
        }
        put_columns(cols, cap, m, mc->n_in, in);
    } else {
        sample_unit(mc, k0, k1, rng, in);
    }
    double *o = mc->draws_out + k0 * mc->n_out;
    size_t end = k1; /* draws whose outputs the model wrote */
    int st = DX_OK;
    if (mc->batch) {
        st = mc->batch(k1 - k0, in, mc->n_in, o, mc->n_out, mc->user);
        if (st < 0) {
            mc->unit_status[u] = st;
            mc->unit_draw[u] = k0;
            return;
        }
    } else {
        for (size_t k = k0; k < k1; k++) {
            st = mc->model(in + (k - k0) * mc->n_in, mc->n_in, mc->draws_out + k * mc->n_out,
                           mc->n_out, mc->user);
            if (st < 0) {
                end = k;
                break;
            }
        }
    }
    /* one vectorised pass says whether any output is not finite; only then
     * a per-draw scan finds the first (it wins over a later model failure,
     * as when the draws were checked one by one) */
    if (!all_finite(o, (end - k0) * mc->n_out))
        for (size_t k = k0; k < end; k++) {
            const double *ok = mc->draws_out + k * mc->n_out;
            for (size_t j = 0; j < mc->n_out; j++)
                if (!isfinite(ok[j])) {
                    mc->unit_status[u] = DX_EDOMAIN;
                    mc->unit_draw[u] = k;
                    mc->unit_output[u] = j;
                    return;
                }
        }
    if (st < 0) {
        mc->unit_status[u] = st;
        mc->unit_draw[u] = end;
    }
}

static int dbl_cmp(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

/* Rearrange a[0..n) so that a[k] is the k-th smallest, nothing above it is
 * smaller and nothing below it larger (C++ nth_element): quickselect with a
 * median-of-three pivot and Hoare's partition, O(n) on average; after
 * 2 log2(n) + 8 rounds without reaching a small range it sorts what is left
 * (so O(n log n) at worst). Values must not be NaN. */
static void select_kth(double *a, size_t n, size_t k)
{
    size_t lo = 0, hi = n; /* k is in [lo, hi) */
    int budget = 8;
    for (size_t m = n; m > 1; m >>= 1)
        budget += 2;
    while (hi - lo > 16) {
        if (budget-- == 0) {
            qsort(a + lo, hi - lo, sizeof *a, dbl_cmp);
            return;
        }
        size_t mid = lo + (hi - lo) / 2, last = hi - 1;
        /* median of a[lo], a[mid], a[last] to a[lo] */
        double x = a[lo], y = a[mid], z = a[last];
        size_t med = (x < y) ? ((y < z) ? mid : ((x < z) ? last : lo))
                             : ((x < z) ? lo : ((y < z) ? last : mid));
        double t = a[lo];
        a[lo] = a[med];
        a[med] = t;
        const double pv = a[lo];
        ptrdiff_t i = (ptrdiff_t)lo - 1, j = (ptrdiff_t)hi;
        for (;;) {
            do
                i++;
            while (a[i] < pv);
            do
                j--;
            while (a[j] > pv);
            if (i >= j)
                break;
            t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        /* a[lo..j] <= pv <= a[j+1..hi), lo <= j < hi - 1 */
        if (k <= (size_t)j)
            hi = (size_t)j + 1;
        else
            lo = (size_t)j + 1;
    }
    for (size_t i = lo + 1; i < hi; i++) { /* insertion sort of the small range */
        double v = a[i];
        size_t j = i;
        while (j > lo && a[j - 1] > v) {
            a[j] = a[j - 1];
            j--;
        }
        a[j] = v;
    }
}

/* gsl_stats_quantile_from_sorted_data(f) on data that is not sorted: the two
 * order statistics it reads are found by selection, and the same expression
 * combines them, so the value is the one from sorted data. *from: every element
 * at or above it is >= every element below it (0 the first time); quantiles
 * asked in increasing f reuse the earlier selections. */
static double quantile_select(double *a, size_t n, double f, size_t *from)
{
    const double index = f * (double)(n - 1);
    const size_t lhs = (size_t)index;
    const double delta = index - (double)lhs;
    size_t lo = *from <= lhs ? *from : 0;
    select_kth(a + lo, n - lo, lhs - lo);
    *from = lhs;
    if (lhs == n - 1)
        return a[lhs];
    double next = a[lhs + 1];
    for (size_t i = lhs + 2; i < n; i++)
        next = a[i] < next ? a[i] : next;
    return (1 - delta) * a[lhs] + delta * next;
}

/* Mean, sample sd (n - 1), min and max of a strided column: two passes,
 * eight partial sums in a fixed order (the same bits on any ISA and thread
 * count; GSL's running mean divides per element and does not vectorise).
 * Min and max also per lane (one running pair was a chain of dependent
 * compares: 3 % of a run); a contiguous column (stride 1) gets its own
 * vectorised copy. No multiply-add contraction (DX__SIMD_CLONES), so the
 * sums are those of the scalar code. */
DX__KINLINE void moments_body(const double *x, size_t stride, size_t n, double *mean, double *sd,
                              double *mn, double *mx)
{
    double s[8] = {0}, lo[8], hi[8];
    for (int j = 0; j < 8; j++)
        lo[j] = hi[j] = x[0];
    size_t k = 0;
    for (; k + 8 <= n; k += 8)
        for (int j = 0; j < 8; j++) {
            double v = x[(k + (size_t)j) * stride];
            s[j] += v;
            lo[j] = v < lo[j] ? v : lo[j];
            hi[j] = v > hi[j] ? v : hi[j];
        }
    for (; k < n; k++) {
        double v = x[k * stride];
        s[0] += v;
        lo[0] = v < lo[0] ? v : lo[0];
        hi[0] = v > hi[0] ? v : hi[0];
    }
    for (int j = 1; j < 8; j++) {
        lo[0] = lo[j] < lo[0] ? lo[j] : lo[0];
        hi[0] = hi[j] > hi[0] ? hi[j] : hi[0];
    }
    double m = (((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]))) / (double)n;
    double q[8] = {0};
    for (k = 0; k + 8 <= n; k += 8)
        for (int j = 0; j < 8; j++) {
            double d = x[(k + (size_t)j) * stride] - m;
            q[j] += d * d;
        }
    for (; k < n; k++) {
        double d = x[k * stride] - m;
        q[0] += d * d;
    }
    double ss = ((q[0] + q[1]) + (q[2] + q[3])) + ((q[4] + q[5]) + (q[6] + q[7]));
    *mean = m;
    *sd = n > 1 ? sqrt(ss / (double)(n - 1)) : 0.0;
    *mn = lo[0];
    *mx = hi[0];
}

DX__SIMD_CLONES
static void column_moments(const double *x, size_t stride, size_t n, double *mean, double *sd,
                           double *mn, double *mx)
{
    if (stride == 1)
        moments_body(x, 1, n, mean, sd, mn, mx);
    else
        moments_body(x, stride, n, mean, sd, mn, mx);
}

/* Bucket index of every draw of a strided column (bucket (v - min) * scale,
 * the top one closed): one vectorised pass, 2 bytes per draw. */
#define DX__UNC_BUCKETS 8192
DX__UNC_CLONES
static void bucket_indices(const double *restrict x, size_t stride, size_t n, double mn,
                           double scale, uint16_t *restrict idx)
{
#pragma omp simd
    for (size_t k = 0; k < n; k++) {
        double t = (x[k * stride] - mn) * scale;
        t = dx__select(t < (double)(DX__UNC_BUCKETS - 1), t, (double)(DX__UNC_BUCKETS - 1));
        idx[k] = (uint16_t)(int32_t)t;
    }
}

/* P10/P50/P90 of one output straight from the draws (stride n_out), without
 * a copy of the column: bucket counts over [min, max] (the bucket index
 * (v - min) * scale is non-decreasing in v, so buckets are in value order),
 * then one pass gathers, for every quantile at once, the buckets that hold
 * the two order statistics it reads, and those few are selected. The values
 * are exact order statistics combined as gsl_stats_quantile_from_sorted_data
 * does, so they equal the values from sorted data (ties included: equal
 * values share a bucket). fs increasing, nf <= 8. Returns DX_ENOMEM or DX_OK. */
static dx_status column_quantiles(const double *x, size_t stride, size_t n, double mn, double mx,
                                  const double *fs, size_t nf, double *out)
{
    if (!(mx > mn)) {
        for (size_t q = 0; q < nf; q++)
            out[q] = mn;
        return DX_OK;
    }
    size_t *start = dx__calloc(DX__UNC_BUCKETS + 1, sizeof *start);
    unsigned char *mark = dx__calloc(DX__UNC_BUCKETS, 1);
    uint16_t *idx = dx__malloc(n * sizeof *idx);
    double *g[8] = {0};
    size_t b1[8], lhs[8], m[8], got[8] = {0};
    dx_status st = DX_OK;
    if (!start || !mark || !idx) {
        st = DX_ENOMEM;
        goto done;
    }
    bucket_indices(x, stride, n, mn, (double)DX__UNC_BUCKETS / (mx - mn), idx);
    for (size_t k = 0; k < n; k++)
        start[idx[k] + 1]++;
    for (size_t b = 0; b < DX__UNC_BUCKETS; b++)
        start[b + 1] += start[b]; /* start[b] = rank of bucket b's first element */
    for (size_t q = 0; q < nf; q++) {
        lhs[q] = (size_t)(fs[q] * (double)(n - 1));
        const size_t rhs = lhs[q] + 1 < n ? lhs[q] + 1 : lhs[q];
        size_t lo = 0, hi;
        while (start[lo + 1] <= lhs[q])
            lo++;
        hi = lo;
        while (start[hi + 1] <= rhs)
            hi++;
        b1[q] = lo;
        m[q] = start[hi + 1] - start[lo];
        for (size_t b = lo; b <= hi; b++)
            mark[b] |= (unsigned char)(1u << q);
        if (!(g[q] = dx__malloc(m[q] * sizeof *g[q]))) {
            st = DX_ENOMEM;
            goto done;
        }
    }
    for (size_t k = 0; k < n; k++) {
        unsigned bits = mark[idx[k]];
        if (bits) {
            const double v = x[k * stride];
            for (size_t q = 0; q < nf; q++)
                if (bits >> q & 1u)
                    g[q][got[q]++] = v;
        }
    }
    for (size_t q = 0; q < nf; q++) {
        const double delta = fs[q] * (double)(n - 1) - (double)lhs[q];
        size_t r1 = lhs[q] - start[b1[q]];
        select_kth(g[q], m[q], r1);
        double lo = g[q][r1];
        if (lhs[q] == n - 1) {
            out[q] = lo;
        } else {
            double hi = g[q][r1 + 1];
            for (size_t i = r1 + 2; i < m[q]; i++)
                hi = g[q][i] < hi ? g[q][i] : hi;
            out[q] = (1 - delta) * lo + delta * hi;
        }
    }
done:
    for (size_t q = 0; q < nf; q++)
        dx__free(g[q]);
    dx__free(idx);
    dx__free(mark);
    dx__free(start);
    return st;
}

static int bar_cmp(const void *x, const void *y)
{
    const dx_tornado_bar *a = x, *b = y;
    if (a->swing > b->swing)
        return -1;
    if (a->swing < b->swing)
        return 1;
    return a->input < b->input ? -1 : a->input > b->input;
}

void dx_uncertainty_result_free(dx_uncertainty_result *r)
{
    if (!r)
        return;
    dx__free(r->draws_out);
    dx__free(r->stats);
    dx__free(r->base_out);
    dx__free(r->bars);
    dx__free(r);
}

/* Runs the model (either kind) on rows draw-major inputs; checks the outputs. */
static dx_status call_model(const dx__mc *mc, size_t rows, const double *in, double *out,
                            const char *what)
{
    int st = DX_OK;
    if (mc->batch) {
        st = mc->batch(rows, in, mc->n_in, out, mc->n_out, mc->user);
    } else {
        for (size_t k = 0; k < rows && st >= 0; k++)
            st = mc->model(in + k * mc->n_in, mc->n_in, out + k * mc->n_out, mc->n_out, mc->user);
    }
    if (st < 0)
        DX_FAIL((dx_status)st, "dx_uncertainty_run: the model failed (%s) at the %s run%s",
                dx_status_name(st), what, rows > 1 ? "s" : "");
    for (size_t k = 0; k < rows; k++)
        for (size_t j = 0; j < mc->n_out; j++)
            if (!isfinite(out[k * mc->n_out + j]))
                DX_FAIL(DX_EDOMAIN, "dx_uncertainty_run: model output[%zu] = %g at the %s run%s%zu "
                                    "(must be finite)",
                        j, out[k * mc->n_out + j], what, rows > 1 ? " of input " : "",
                        rows > 1 ? k / 2 : 0);
    return DX_OK;
}

static dx_status run_impl(size_t n_inputs, const dx_distribution *inputs,
                          const double *base_values, size_t n_outputs,
                          dx_uncertainty_model_fn model, dx_uncertainty_batch_fn batch, void *user,
                          const dx_uncertainty_options *opts, dx_uncertainty_result **out)
{
    DX_REQUIRE_PTR(out);
    *out = NULL;
    DX_REQUIRE_PTR(inputs);
    if (!model && !batch)
        DX_FAIL(DX_EINVAL, "dx_uncertainty_run: argument 'model' is NULL");
    if (n_inputs == 0 || n_outputs == 0)
        DX_FAIL(DX_EINVAL, "dx_uncertainty_run: n_inputs = %zu, n_outputs = %zu (both must be >= 1)",
                n_inputs, n_outputs);
    dx_uncertainty_options o;
    dx_uncertainty_options_init(&o, DX_UNCERTAINTY_OPTIONS_VERSION);
    if (opts) {
        if (opts->version == 0 || opts->version > DX_UNCERTAINTY_OPTIONS_VERSION)
            DX_FAIL(DX_EINVAL, "dx_uncertainty_run: opts->version = %u (this library knows 1..%u)",
                    opts->version, (unsigned)DX_UNCERTAINTY_OPTIONS_VERSION);
        /* only the fields of the caller's version; later ones keep their defaults */
        memcpy(&o, opts, opts->version >= 3   ? sizeof o
                         : opts->version == 2 ? offsetof(dx_uncertainty_options, max_values)
                                              : offsetof(dx_uncertainty_options, batch_draws));
        o.version = DX_UNCERTAINTY_OPTIONS_VERSION;
    }
    if (o.draws < 2)
        DX_FAIL(DX_EDOMAIN, "dx_uncertainty_run: opts->draws = %zu (allowed >= 2)", o.draws);
    if (o.threads < 0)
        DX_FAIL(DX_EDOMAIN, "dx_uncertainty_run: opts->threads = %d (allowed >= 0, 0 = OpenMP "
                            "default)",
                o.threads);
    if (!(o.tornado_low_ratio > 0.0 && o.tornado_low_ratio < o.tornado_high_ratio &&
          o.tornado_high_ratio < 1.0))
        DX_FAIL(DX_EDOMAIN,
                "dx_uncertainty_run: opts->tornado_low_ratio = %g, tornado_high_ratio = %g (need 0 "
                "< low < high < 1)",
                o.tornado_low_ratio, o.tornado_high_ratio);
    if (o.sampler != DX_UNCERTAINTY_SAMPLER_MT19937 && o.sampler != DX_UNCERTAINTY_SAMPLER_COUNTER)
        DX_FAIL(DX_EINVAL, "dx_uncertainty_run: opts->sampler = %d (allowed 0 = MT19937, 1 = COUNTER)",
                o.sampler);
    if (o.sampler == DX_UNCERTAINTY_SAMPLER_COUNTER && (uint64_t)o.draws > ((uint64_t)1 << 40))
        DX_FAIL(DX_EDOMAIN, "dx_uncertainty_run: opts->draws = %zu (the counter sampler allows "
                            "<= 2^40: redraws use counters k + j 2^40)", o.draws);
    if (o.batch_draws == 0 || o.batch_draws > ((size_t)1 << 24))
        DX_FAIL(DX_EDOMAIN, "dx_uncertainty_run: opts->batch_draws = %zu (allowed 1..2^24)",
                o.batch_draws);
    for (size_t i = 0; i < n_inputs; i++) {
        DX_TRY(check_dist(&inputs[i], "dx_uncertainty_run", "inputs", i));
        if (base_values && !isfinite(base_values[i]))
            DX_FAIL(DX_EDOMAIN, "dx_uncertainty_run: base_values[%zu] = %g (must be finite)", i,
                    base_values[i]);
    }
    size_t n_values, bytes_checked;
    if (dx__mul_size("draws x outputs", o.draws, n_outputs, &n_values) != DX_OK ||
        n_values > o.max_values)
        DX_FAIL(DX_EDOMAIN,
                "dx_uncertainty_run: opts->draws = %zu x n_outputs = %zu (allowed draws x outputs <= "
                "opts->max_values = %zu)",
                o.draws, n_outputs, o.max_values);
    DX_TRY(dx__mul3_size("dx_uncertainty_run: 2 x draws x outputs doubles", 2, n_values,
                         sizeof(double), &bytes_checked));
    DX_TRY(dx__mul3_size("dx_uncertainty_run: tornado bars (outputs x inputs)", n_outputs, n_inputs,
                         sizeof(dx_tornado_bar), &bytes_checked));
    DX_TRY(dx__mul3_size("dx_uncertainty_run: 2 x inputs doubles", 2, n_inputs, sizeof(double),
                         &bytes_checked));
    if (n_inputs > ((size_t)-1) / sizeof(double) / (4 * o.batch_draws + 8))
        DX_FAIL(DX_EDOMAIN, "dx_uncertainty_run: n_inputs = %zu is too large for batches of %zu "
                            "draws", n_inputs, o.batch_draws);

    /* work units: batch_draws (whole chunks) per call for a batch model;
     * for a per-draw model the same blocks of sampling (one pass per input
     * column, as long as the counter sampler's), but at least four per
     * thread for the dynamic schedule. Draws never depend on the units. */
#ifdef _OPENMP
    const int nt = o.threads > 0 ? o.threads : omp_get_max_threads();
#else
    const int nt = 1;
#endif
    size_t unit_chunks =
        (o.batch_draws + DX_UNCERTAINTY_CHUNK_DRAWS - 1) / DX_UNCERTAINTY_CHUNK_DRAWS;
    if (!batch) {
        const size_t chunks = (o.draws + DX_UNCERTAINTY_CHUNK_DRAWS - 1) / DX_UNCERTAINTY_CHUNK_DRAWS;
        const size_t most = chunks / (4 * (size_t)nt);
        unit_chunks = most < 1 ? 1 : most < unit_chunks ? most : unit_chunks;
    }
    const size_t unit_draws = unit_chunks * DX_UNCERTAINTY_CHUNK_DRAWS;
    size_t n_units = (o.draws + unit_draws - 1) / unit_draws;
    dx_uncertainty_result *r = dx__calloc(1, sizeof *r);
    const size_t n_torn = 2 * n_inputs;
    double *work = dx__malloc((n_inputs + n_torn * n_inputs) * sizeof *work);
    double *torn_out = dx__malloc(n_torn * n_outputs * sizeof *torn_out);
    int *unit_status = dx__calloc(n_units, sizeof *unit_status);
    size_t *unit_idx = dx__calloc(2 * n_units, sizeof *unit_idx);
    dx_status st = DX_OK;
    if (r) {
        r->n_in = n_inputs;
        r->n_out = n_outputs;
        r->draws = o.draws;
        r->draws_out = dx__malloc(o.draws * n_outputs * sizeof(double));
        r->stats = dx__malloc(n_outputs * DX__UNC_NSTATS * sizeof(double));
        r->base_out = dx__malloc(n_outputs * sizeof(double));
        r->bars = dx__malloc(n_outputs * n_inputs * sizeof(dx_tornado_bar));
    }
    if (!r || !work || !torn_out || !unit_status || !unit_idx || !r->draws_out ||
        !r->stats || !r->base_out || !r->bars) {
        dx__set_error("dx_uncertainty_run: out of memory for %zu draws x %zu outputs", o.draws,
                      n_outputs);
        st = DX_ENOMEM;
        goto done;
    }
    zig_tables zig;
    if (o.sampler == DX_UNCERTAINTY_SAMPLER_COUNTER)
        zig_init(&zig);
    dx__mc mc = {n_inputs, n_outputs, o.draws, inputs, model, batch, user, o.seed, unit_chunks,
                 o.sampler, r->draws_out, unit_status, unit_idx, unit_idx + n_units, &zig};

    /* base run: given values or each input's median */
    double *base = work, *torn = work + n_inputs;
    for (size_t i = 0; i < n_inputs; i++)
        base[i] = base_values ? base_values[i] : quantile1(&inputs[i], 0.5);
    st = call_model(&mc, 1, base, r->base_out, "base");
    if (st != DX_OK)
        goto done;

    /* tornado: one input at a time at its low / high point, the others at
     * base; rows 2i (low) and 2i + 1 (high), one call for a batch model */
    for (size_t i = 0; i < n_inputs; i++) {
        double lo = quantile1(&inputs[i], o.tornado_low_ratio);
        double hi = quantile1(&inputs[i], o.tornado_high_ratio);
        for (int side = 0; side < 2; side++) {
            double *row = torn + (2 * i + (size_t)side) * n_inputs;
            memcpy(row, base, n_inputs * sizeof *row);
            row[i] = side ? hi : lo;
        }
        for (size_t j = 0; j < n_outputs; j++) {
            dx_tornado_bar *b = &r->bars[j * n_inputs + i];
            b->input = i;
            b->input_low = lo;
            b->input_high = hi;
        }
    }
    st = call_model(&mc, n_torn, torn, torn_out, "tornado");
    if (st != DX_OK)
        goto done;
    for (size_t j = 0; j < n_outputs; j++) {
        for (size_t i = 0; i < n_inputs; i++) {
            dx_tornado_bar *b = &r->bars[j * n_inputs + i];
            b->output_low = torn_out[(2 * i) * n_outputs + j];
            b->output_high = torn_out[(2 * i + 1) * n_outputs + j];
            b->swing = fabs(b->output_high - b->output_low);
        }
        qsort(&r->bars[j * n_inputs], n_inputs, sizeof(dx_tornado_bar), bar_cmp);
    }

    /* Monte Carlo draws, unit by unit */
    for (size_t u = 0; u < n_units; u++)
        mc.unit_output[u] = (size_t)-1;
    /* rows, then (counter sampler) a column per input, two normal columns,
     * a list of lanes (uint32) and a flag per lane (ctr_scratch) */
    const size_t in_len = 2 * unit_draws * n_inputs + 2 * unit_draws + unit_draws / 2 + 1 +
                          unit_draws / sizeof(double) + 1;
#ifdef _OPENMP
#pragma omp parallel num_threads(nt) if (nt > 1 && n_units > 1)
    {
        gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
        double *in = malloc(in_len * sizeof *in); /* per thread; not dx__malloc (not thread-safe hook) */
#pragma omp for schedule(dynamic, 1)
        for (size_t u = 0; u < n_units; u++)
            run_unit(&mc, u, rng, in);
        free(in);
        if (rng)
            gsl_rng_free(rng);
    }
#else
    {
        gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
        double *in = malloc(in_len * sizeof *in);
        for (size_t u = 0; u < n_units; u++)
            run_unit(&mc, u, rng, in);
        free(in);
        if (rng)
            gsl_rng_free(rng);
    }
#endif
    for (size_t u = 0; u < n_units; u++) /* lowest failing unit: same message for any thread count */
        if (unit_status[u] < 0) {
            st = (dx_status)unit_status[u];
            if (st == DX_ENOMEM)
                dx__set_error("dx_uncertainty_run: out of memory in a worker thread");
            else if (st == DX_EDOMAIN && mc.unit_output[u] < n_outputs)
                dx__set_error("dx_uncertainty_run: model output[%zu] = %g at draw %zu (must be finite)",
                              mc.unit_output[u],
                              r->draws_out[mc.unit_draw[u] * n_outputs + mc.unit_output[u]],
                              mc.unit_draw[u]);
            else
                dx__set_error("dx_uncertainty_run: the model failed (%s) at draw %zu%s",
                              dx_status_name(st), mc.unit_draw[u],
                              batch ? " (first draw of the block)" : "");
            goto done;
        }
    /* per output: moments in draw order, then P10/P50/P90 by bucketed selection */
    for (size_t j = 0; j < n_outputs; j++) {
        const double *c = r->draws_out + j;
        double *sv = r->stats + j * DX__UNC_NSTATS, mn, mx;
        column_moments(c, n_outputs, o.draws, &sv[DX__UNC_MEAN], &sv[DX__UNC_SD], &mn, &mx);
        sv[DX__UNC_MIN] = mn;
        sv[DX__UNC_MAX] = mx;
        static const double fs[3] = {0.10, 0.50, 0.90};
        if (column_quantiles(c, n_outputs, o.draws, mn, mx, fs, 3, sv + DX__UNC_P10) != DX_OK) {
            dx__set_error("dx_uncertainty_run: out of memory for the percentiles of %zu draws",
                          o.draws);
            st = DX_ENOMEM;
            goto done;
        }
    }

done:
    dx__free(work);
    dx__free(torn_out);
    dx__free(unit_status);
    dx__free(unit_idx);
    if (st != DX_OK) {
        dx_uncertainty_result_free(r);
        return st;
    }
    *out = r;
    return DX_OK;
}

dx_status dx_uncertainty_run(size_t n_inputs, const dx_distribution *inputs,
                             const double *base_values, size_t n_outputs,
                             dx_uncertainty_model_fn model, void *user,
                             const dx_uncertainty_options *opts, dx_uncertainty_result **out)
{
    DX_REQUIRE_PTR(model);
    return run_impl(n_inputs, inputs, base_values, n_outputs, model, NULL, user, opts, out);
}

dx_status dx_uncertainty_run_batch(size_t n_inputs, const dx_distribution *inputs,
                                   const double *base_values, size_t n_outputs,
                                   dx_uncertainty_batch_fn model, void *user,
                                   const dx_uncertainty_options *opts,
                                   dx_uncertainty_result **out)
{
    DX_REQUIRE_PTR(model);
    return run_impl(n_inputs, inputs, base_values, n_outputs, NULL, model, user, opts, out);
}

/* ---- accessors ------------------------------------------------------------------------ */
size_t dx_uncertainty_result_draws(const dx_uncertainty_result *r) { return r ? r->draws : 0; }
size_t dx_uncertainty_result_input_count(const dx_uncertainty_result *r) { return r ? r->n_in : 0; }
size_t dx_uncertainty_result_output_count(const dx_uncertainty_result *r)
{
    return r ? r->n_out : 0;
}

static dx_status check_output(const dx_uncertainty_result *r, size_t j, const char *fn)
{
    if (!r)
        DX_FAIL(DX_EINVAL, "%s: argument 'r' is NULL", fn);
    if (j >= r->n_out)
        DX_FAIL(DX_EINVAL, "%s: output = %zu (the result has %zu outputs)", fn, j, r->n_out);
    return DX_OK;
}

dx_status dx_uncertainty_result_summary(const dx_uncertainty_result *r, size_t output,
                                        dx_uncertainty_summary *out)
{
    DX_TRY(check_output(r, output, "dx_uncertainty_result_summary"));
    DX_REQUIRE_PTR(out);
    const double *sv = r->stats + output * DX__UNC_NSTATS;
    out->base = r->base_out[output];
    out->mean = sv[DX__UNC_MEAN];
    out->sd = sv[DX__UNC_SD];
    out->p10 = sv[DX__UNC_P10];
    out->p50 = sv[DX__UNC_P50];
    out->p90 = sv[DX__UNC_P90];
    out->min = sv[DX__UNC_MIN];
    out->max = sv[DX__UNC_MAX];
    return DX_OK;
}

dx_status dx_uncertainty_result_percentile(const dx_uncertainty_result *r, size_t output,
                                           double p_ratio, double *out)
{
    DX_TRY(check_output(r, output, "dx_uncertainty_result_percentile"));
    DX_REQUIRE_PTR(out);
    if (!(p_ratio >= 0.0 && p_ratio <= 1.0))
        DX_FAIL(DX_EDOMAIN, "dx_uncertainty_result_percentile: p_ratio = %g (allowed 0..1)", p_ratio);
    /* selection on a copy (the result stays const and thread-safe to read) */
    double *tmp = dx__malloc(r->draws * sizeof *tmp);
    if (!tmp)
        DX_FAIL(DX_ENOMEM, "dx_uncertainty_result_percentile: %zu draws", r->draws);
    for (size_t k = 0; k < r->draws; k++)
        tmp[k] = r->draws_out[k * r->n_out + output];
    size_t from = 0;
    *out = quantile_select(tmp, r->draws, p_ratio, &from);
    dx__free(tmp);
    return DX_OK;
}

dx_status dx_uncertainty_result_prob_less(const dx_uncertainty_result *r, size_t i, size_t j,
                                          double *out_ratio)
{
    DX_TRY(check_output(r, i, "dx_uncertainty_result_prob_less"));
    DX_TRY(check_output(r, j, "dx_uncertainty_result_prob_less"));
    DX_REQUIRE_PTR(out_ratio);
    size_t n = 0;
    for (size_t k = 0; k < r->draws; k++)
        n += r->draws_out[k * r->n_out + i] < r->draws_out[k * r->n_out + j];
    *out_ratio = (double)n / (double)r->draws;
    return DX_OK;
}

dx_status dx_uncertainty_result_output_draws(const dx_uncertainty_result *r, size_t output,
                                             size_t n, double *out)
{
    DX_TRY(check_output(r, output, "dx_uncertainty_result_output_draws"));
    DX_REQUIRE_PTR(out);
    if (n < r->draws)
        DX_FAIL(DX_EBUFSIZE, "dx_uncertainty_result_output_draws: n = %zu (need >= %zu draws)", n,
                r->draws);
    for (size_t k = 0; k < r->draws; k++)
        out[k] = r->draws_out[k * r->n_out + output];
    return DX_OK;
}

dx_status dx_uncertainty_result_tornado(const dx_uncertainty_result *r, size_t output, size_t rank,
                                        dx_tornado_bar *out)
{
    DX_TRY(check_output(r, output, "dx_uncertainty_result_tornado"));
    DX_REQUIRE_PTR(out);
    if (rank >= r->n_in)
        DX_FAIL(DX_EINVAL, "dx_uncertainty_result_tornado: rank = %zu (the result has %zu inputs)",
                rank, r->n_in);
    *out = r->bars[output * r->n_in + rank];
    return DX_OK;
}
