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

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_statistics_double.h>
#ifdef _OPENMP
#include <omp.h>
#endif

struct dx_uncertainty_result {
    size_t n_in, n_out, draws;
    double *draws_out;  /* draws x n_out, draw-major (the model writes here) */
    double *sorted;     /* n_out x draws, each output sorted ascending */
    double *base_out;   /* n_out */
    dx_tornado_bar *bars; /* n_out x n_in, ranked per output */
};

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
    memset(opts, 0, version >= 2 ? sizeof *opts : offsetof(dx_uncertainty_options, max_values));
    opts->version = version;
    if (version >= 2)
        opts->max_values = DX_UNCERTAINTY_DEFAULT_MAX_VALUES;
    opts->draws = 10000;        /* ASSUMED: P10/P90 standard error ~0.3 % of the spread */
    opts->seed = 20250310ul;    /* ASSUMED: any fixed value; the R7 first-call opening date */
    opts->threads = 1;          /* serial unless the caller asks (model must be reentrant) */
    opts->tornado_low_ratio = 0.10;  /* P10 (issue 6: swings between P10 and P90) */
    opts->tornado_high_ratio = 0.90; /* P90 */
    return DX_OK;
}

size_t dx_uncertainty_options_size(void) { return sizeof(dx_uncertainty_options); }

/* ---- Monte Carlo ---------------------------------------------------------------------- */
typedef struct {
    size_t n_in, n_out, draws;
    const dx_distribution *inputs;
    dx_uncertainty_model_fn model;
    void *user;
    unsigned long seed;
    double *draws_out;
    int *chunk_status;    /* per chunk: 0, model status, or DX_EDOMAIN (non-finite), DX_ENOMEM */
    size_t *chunk_draw;   /* draw index of the failure */
    size_t *chunk_output; /* output index of a non-finite value */
} dx__mc;

static void run_chunk(const dx__mc *mc, size_t chunk, gsl_rng *rng, double *in)
{
    size_t k0 = chunk * DX_UNCERTAINTY_CHUNK_DRAWS;
    size_t k1 = k0 + DX_UNCERTAINTY_CHUNK_DRAWS;
    if (k1 > mc->draws)
        k1 = mc->draws;
    if (!rng || !in) {
        mc->chunk_status[chunk] = DX_ENOMEM;
        mc->chunk_draw[chunk] = k0;
        return;
    }
    gsl_rng_set(rng, chunk_seed(mc->seed, chunk));
    for (size_t k = k0; k < k1; k++) {
        for (size_t i = 0; i < mc->n_in; i++)
            in[i] = draw1(rng, &mc->inputs[i]);
        double *o = mc->draws_out + k * mc->n_out;
        int st = mc->model(in, mc->n_in, o, mc->n_out, mc->user);
        if (st < 0) {
            mc->chunk_status[chunk] = st;
            mc->chunk_draw[chunk] = k;
            return;
        }
        for (size_t j = 0; j < mc->n_out; j++)
            if (!isfinite(o[j])) {
                mc->chunk_status[chunk] = DX_EDOMAIN;
                mc->chunk_draw[chunk] = k;
                mc->chunk_output[chunk] = j;
                return;
            }
    }
}

static int dbl_cmp(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
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
    dx__free(r->sorted);
    dx__free(r->base_out);
    dx__free(r->bars);
    dx__free(r);
}

static dx_status call_model(dx_uncertainty_model_fn model, const double *in, size_t n_in,
                            double *out, size_t n_out, void *user, const char *what, size_t idx)
{
    int st = model(in, n_in, out, n_out, user);
    if (st < 0)
        DX_FAIL((dx_status)st, "dx_uncertainty_run: the model failed (%s) at the %s run%s%zu",
                dx_status_name(st), what, idx == (size_t)-1 ? "" : " of input ",
                idx == (size_t)-1 ? 0 : idx);
    for (size_t j = 0; j < n_out; j++)
        if (!isfinite(out[j]))
            DX_FAIL(DX_EDOMAIN, "dx_uncertainty_run: model output[%zu] = %g at the %s run (must be "
                                "finite)",
                    j, out[j], what);
    return DX_OK;
}

dx_status dx_uncertainty_run(size_t n_inputs, const dx_distribution *inputs,
                             const double *base_values, size_t n_outputs,
                             dx_uncertainty_model_fn model, void *user,
                             const dx_uncertainty_options *opts, dx_uncertainty_result **out)
{
    DX_REQUIRE_PTR(out);
    *out = NULL;
    DX_REQUIRE_PTR(inputs);
    DX_REQUIRE_PTR(model);
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
        memcpy(&o, opts, opts->version >= 2 ? sizeof o : offsetof(dx_uncertainty_options, max_values));
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

    dx_uncertainty_result *r = dx__calloc(1, sizeof *r);
    size_t n_chunks = (o.draws + DX_UNCERTAINTY_CHUNK_DRAWS - 1) / DX_UNCERTAINTY_CHUNK_DRAWS;
    double *base = dx__malloc(2 * n_inputs * sizeof *base);
    double *tmp_out = dx__malloc(n_outputs * sizeof *tmp_out);
    int *chunk_status = dx__calloc(n_chunks, sizeof *chunk_status);
    size_t *chunk_idx = dx__calloc(2 * n_chunks, sizeof *chunk_idx);
    dx_status st = DX_OK;
    if (r) {
        r->n_in = n_inputs;
        r->n_out = n_outputs;
        r->draws = o.draws;
        r->draws_out = dx__malloc(o.draws * n_outputs * sizeof(double));
        r->sorted = dx__malloc(o.draws * n_outputs * sizeof(double));
        r->base_out = dx__malloc(n_outputs * sizeof(double));
        r->bars = dx__malloc(n_outputs * n_inputs * sizeof(dx_tornado_bar));
    }
    if (!r || !base || !tmp_out || !chunk_status || !chunk_idx || !r->draws_out || !r->sorted ||
        !r->base_out || !r->bars) {
        dx__set_error("dx_uncertainty_run: out of memory for %zu draws x %zu outputs", o.draws,
                      n_outputs);
        st = DX_ENOMEM;
        goto done;
    }

    /* base run: given values or each input's median */
    for (size_t i = 0; i < n_inputs; i++)
        base[i] = base_values ? base_values[i] : quantile1(&inputs[i], 0.5);
    st = call_model(model, base, n_inputs, r->base_out, n_outputs, user, "base", (size_t)-1);
    if (st != DX_OK)
        goto done;

    /* tornado: one input at a time at its low / high point, the others at base */
    double *work = base + n_inputs;
    for (size_t i = 0; i < n_inputs; i++) {
        double lo = quantile1(&inputs[i], o.tornado_low_ratio);
        double hi = quantile1(&inputs[i], o.tornado_high_ratio);
        memcpy(work, base, n_inputs * sizeof *work);
        for (int side = 0; side < 2; side++) {
            work[i] = side ? hi : lo;
            st = call_model(model, work, n_inputs, tmp_out, n_outputs, user, "tornado", i);
            if (st != DX_OK)
                goto done;
            for (size_t j = 0; j < n_outputs; j++) {
                dx_tornado_bar *b = &r->bars[j * n_inputs + i];
                b->input = i;
                b->input_low = lo;
                b->input_high = hi;
                if (side)
                    b->output_high = tmp_out[j];
                else
                    b->output_low = tmp_out[j];
            }
        }
    }
    for (size_t j = 0; j < n_outputs; j++) {
        for (size_t i = 0; i < n_inputs; i++) {
            dx_tornado_bar *b = &r->bars[j * n_inputs + i];
            b->swing = fabs(b->output_high - b->output_low);
        }
        qsort(&r->bars[j * n_inputs], n_inputs, sizeof(dx_tornado_bar), bar_cmp);
    }

    /* Monte Carlo draws, chunk by chunk */
    dx__mc mc = {n_inputs, n_outputs, o.draws, inputs, model, user, o.seed, r->draws_out,
                 chunk_status, chunk_idx, chunk_idx + n_chunks};
    for (size_t c = 0; c < n_chunks; c++)
        mc.chunk_output[c] = (size_t)-1;
#ifdef _OPENMP
    int nt = o.threads > 0 ? o.threads : omp_get_max_threads();
#pragma omp parallel num_threads(nt) if (nt > 1 && n_chunks > 1)
    {
        gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
        double *in = malloc(n_inputs * sizeof *in); /* per thread; not dx__malloc (not thread-safe hook) */
#pragma omp for schedule(dynamic, 1)
        for (size_t c = 0; c < n_chunks; c++)
            run_chunk(&mc, c, rng, in);
        free(in);
        if (rng)
            gsl_rng_free(rng);
    }
#else
    {
        gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
        double *in = malloc(n_inputs * sizeof *in);
        for (size_t c = 0; c < n_chunks; c++)
            run_chunk(&mc, c, rng, in);
        free(in);
        if (rng)
            gsl_rng_free(rng);
    }
#endif
    for (size_t c = 0; c < n_chunks; c++) /* lowest failing chunk: same message for any thread count */
        if (chunk_status[c] < 0) {
            st = (dx_status)chunk_status[c];
            if (st == DX_ENOMEM)
                dx__set_error("dx_uncertainty_run: out of memory in a worker thread");
            else if (st == DX_EDOMAIN && mc.chunk_output[c] < n_outputs)
                dx__set_error("dx_uncertainty_run: model output[%zu] = %g at draw %zu (must be finite)",
                              mc.chunk_output[c],
                              r->draws_out[mc.chunk_draw[c] * n_outputs + mc.chunk_output[c]],
                              mc.chunk_draw[c]);
            else
                dx__set_error("dx_uncertainty_run: the model failed (%s) at draw %zu",
                              dx_status_name(st), mc.chunk_draw[c]);
            goto done;
        }
    /* sorted copies for percentiles */
    for (size_t j = 0; j < n_outputs; j++) {
        double *s = r->sorted + j * o.draws;
        for (size_t k = 0; k < o.draws; k++)
            s[k] = r->draws_out[k * n_outputs + j];
        qsort(s, o.draws, sizeof *s, dbl_cmp); /* glibc merge sort: ~1.4x gsl_sort's heapsort */
    }

done:
    dx__free(base);
    dx__free(tmp_out);
    dx__free(chunk_status);
    dx__free(chunk_idx);
    if (st != DX_OK) {
        dx_uncertainty_result_free(r);
        return st;
    }
    *out = r;
    return DX_OK;
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
    const double *s = r->sorted + output * r->draws;
    out->base = r->base_out[output];
    out->mean = gsl_stats_mean(s, 1, r->draws);
    out->sd = gsl_stats_sd_m(s, 1, r->draws, out->mean);
    out->p10 = gsl_stats_quantile_from_sorted_data(s, 1, r->draws, 0.10);
    out->p50 = gsl_stats_quantile_from_sorted_data(s, 1, r->draws, 0.50);
    out->p90 = gsl_stats_quantile_from_sorted_data(s, 1, r->draws, 0.90);
    out->min = s[0];
    out->max = s[r->draws - 1];
    return DX_OK;
}

dx_status dx_uncertainty_result_percentile(const dx_uncertainty_result *r, size_t output,
                                           double p_ratio, double *out)
{
    DX_TRY(check_output(r, output, "dx_uncertainty_result_percentile"));
    DX_REQUIRE_PTR(out);
    if (!(p_ratio >= 0.0 && p_ratio <= 1.0))
        DX_FAIL(DX_EDOMAIN, "dx_uncertainty_result_percentile: p_ratio = %g (allowed 0..1)", p_ratio);
    *out = gsl_stats_quantile_from_sorted_data(r->sorted + output * r->draws, 1, r->draws, p_ratio);
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
