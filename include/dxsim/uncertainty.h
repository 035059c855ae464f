/**
 * @file dxsim/uncertainty.h
 * Uncertainty engine: any numeric scenario input may carry a probability
 * distribution; a seeded Monte Carlo run of a user model gives P10/P50/P90 of
 * every output, the probability that one output is below another (computed
 * draw by draw, e.g. "technology A cheaper than B") and a tornado ranking
 * (one-at-a-time swings of each input between its P10 and P90 with the other
 * inputs at their base values).
 *
 * Reproducibility: draws are grouped in chunks of DX_UNCERTAINTY_CHUNK_DRAWS;
 * chunk k has its own GSL Mersenne Twister (gsl_rng_mt19937) seeded from
 * (seed, k) with the splitmix64 mixer, so the results are bit-identical for any
 * thread count. Percentiles are GSL's gsl_stats_quantile_from_sorted_data
 * (linear interpolation between order statistics, numpy's default "linear"),
 * found by selection (no full sort): the same values as from sorted data.
 *
 * Two kinds of model: one call per draw (dx_uncertainty_model_fn with
 * dx_uncertainty_run), or one call per block of draws
 * (dx_uncertainty_batch_fn with dx_uncertainty_run_batch), which lets a
 * vectorised model (C loops, numpy) run at array speed. Both see the same
 * draws and give identical results.
 */
#ifndef DXSIM_UNCERTAINTY_H
#define DXSIM_UNCERTAINTY_H

#include <stddef.h>
#include "dxsim/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Kind of distribution; the meaning of a, b, c depends on it. */
typedef enum {
    DX_DIST_FIXED = 0,      /**< a = the value (b, c unused) */
    DX_DIST_NORMAL = 1,     /**< a = mean, b = standard deviation > 0 */
    DX_DIST_LOGNORMAL = 2,  /**< a = mu, b = sigma > 0 of ln X (median = exp(mu));
                                 GSL's gsl_ran_lognormal(zeta = mu, sigma) */
    DX_DIST_UNIFORM = 3,    /**< a = low, b = high, low < high */
    DX_DIST_TRIANGULAR = 4, /**< a = low, b = mode, c = high, low <= mode <= high, low < high */
    DX_DIST_PERT = 5        /**< a = low, b = mode, c = high (beta-PERT, lambda = 4:
                                 mean (a + 4b + c)/6), low <= mode <= high, low < high */
} dx_dist_kind;

/** A distribution of one input. Units are those of the input it describes. */
typedef struct {
    dx_dist_kind kind;
    double a, b, c;
} dx_distribution;

/**
 * Parse a distribution from text, as written in a scenario file:
 * a plain number (fixed), "normal(mean, sd)", "lognormal(mu, sigma)",
 * "uniform(low, high)", "triangular(low, mode, high)", "pert(low, mode, high)"
 * or "fixed(value)". Numbers use '.' whatever the locale; spaces are allowed.
 * @return DX_OK; DX_EINVAL for NULL; DX_EPARSE for text that is not one of the
 *         forms (message quotes it); DX_EDOMAIN for parameters out of range.
 */
DX_API dx_status dx_uncertainty_parse(const char *text, dx_distribution *out);

/**
 * Write a distribution in the form dx_uncertainty_parse reads (17 significant digits).
 * @param buf  capacity cap bytes, NUL-terminated on success
 * @return DX_OK; DX_EINVAL for NULL or an unknown kind; DX_EBUFSIZE if cap is too small.
 */
DX_API dx_status dx_uncertainty_format(const dx_distribution *d, char *buf, size_t cap);

/** Draws per random stream (fixed, so results do not depend on the thread count). */
#define DX_UNCERTAINTY_CHUNK_DRAWS 256

/**
 * Quantiles (inverse CDF) of a distribution, an array kernel.
 * @param d        the distribution; not NULL
 * @param n        number of probabilities
 * @param p_ratio  n probabilities in (0, 1) (0 and 1 are allowed for bounded kinds)
 * @param out      n quantiles (caller-owned)
 * @return DX_OK; DX_EINVAL for NULL or an unknown kind; DX_EDOMAIN for bad
 *         parameters (message names a/b/c) or p_ratio[i] outside the range.
 */
DX_API dx_status dx_uncertainty_quantile(const dx_distribution *d, size_t n, const double *p_ratio,
                                         double *out);

/**
 * Mean and standard deviation of a distribution (closed forms).
 * @param out_mean, out_sd  may be NULL
 * @return DX_OK; DX_EINVAL / DX_EDOMAIN as dx_uncertainty_quantile.
 */
DX_API dx_status dx_uncertainty_moments(const dx_distribution *d, double *out_mean,
                                        double *out_sd);

/**
 * n seeded random draws of one distribution. Draw k comes from the stream of
 * chunk k / DX_UNCERTAINTY_CHUNK_DRAWS, so the same (seed, k) always gives the
 * same value.
 * @return DX_OK; DX_EINVAL / DX_EDOMAIN as dx_uncertainty_quantile; DX_ENOMEM.
 */
DX_API dx_status dx_uncertainty_sample(const dx_distribution *d, unsigned long seed, size_t n,
                                       double *out);

/**
 * The model: computes n_outputs outputs from n_inputs inputs.
 * Must be reentrant: with threads != 1 it is called from several OpenMP
 * threads at once, each with its own inputs/outputs buffers. Return DX_OK, or
 * a negative dx_status to stop the run.
 */
typedef int (*dx_uncertainty_model_fn)(const double *inputs, size_t n_inputs, double *outputs,
                                       size_t n_outputs, void *user);

/**
 * A batch model: computes the outputs of n_draws draws at once.
 * @param n_draws    draws in this block (>= 1)
 * @param inputs     n_draws x n_inputs values, draw-major (row k = draw k of the block)
 * @param outputs    n_draws x n_outputs values to fill, draw-major
 * Must be reentrant as dx_uncertainty_model_fn. Return DX_OK, or a negative
 * dx_status to stop the run.
 */
typedef int (*dx_uncertainty_batch_fn)(size_t n_draws, const double *inputs, size_t n_inputs,
                                       double *outputs, size_t n_outputs, void *user);

/** Options of a Monte Carlo run. Initialise with dx_uncertainty_options_init. */
typedef struct {
    unsigned int version;      /**< DX_UNCERTAINTY_OPTIONS_VERSION */
    size_t draws;              /**< number of Monte Carlo draws; default 10000 (ASSUMED) */
    unsigned long seed;        /**< default 20250310 (ASSUMED; any value) */
    int threads;               /**< 1 = serial (default), 0 = OpenMP default, n = n threads */
    double tornado_low_ratio;  /**< probability of the low swing point; default 0.10 (P10) */
    double tornado_high_ratio; /**< probability of the high swing point; default 0.90 (P90) */
    /* version 2 */
    size_t batch_draws;        /**< draws per call of a batch model, rounded up to a multiple of
                                    DX_UNCERTAINTY_CHUNK_DRAWS; default 4096 (ASSUMED: a block
                                    of 8 inputs stays in L1/L2). A per-draw model's draws are
                                    sampled in blocks of at most this size (fewer when the run
                                    has under four blocks per thread). Results do not depend
                                    on it. */
    int sampler;               /**< DX_UNCERTAINTY_SAMPLER_*; default MT19937 (the streams
                                    described at the top of this file) */
    /* version 3 */
    size_t max_values;         /**< draws x n_outputs above this are refused with DX_EDOMAIN before
                                    anything is allocated; default DX_UNCERTAINTY_DEFAULT_MAX_VALUES.
                                    A version-1 or -2 struct gets the default. */
} dx_uncertainty_options;

/** The documented GSL Mersenne Twister streams, one per chunk (the default). */
#define DX_UNCERTAINTY_SAMPLER_MT19937 0
/**
 * Counter-based, vectorised sampling: uniform k of input i is the SplitMix64
 * finaliser (Steele et al., OOPSLA 2014) of (seed, i, stream, k); normal
 * inputs by a 256-layer ziggurat (Marsaglia & Tsang, J. Stat. Software 5(8),
 * 2000, in the 64-bit form numpy uses: of one 64-bit word, 8 bits pick the
 * layer, 1 the sign, 52 the position; the wedge and tail tests exact, a
 * rejected attempt redrawn from further counters), lognormal as exp of it (a
 * vectorised exp within 1e-15 of libm's), triangular by its inverse CDF, PERT
 * as X / (X + Y) of two gamma variates by Marsaglia & Tsang (ACM TOMS 26(3),
 * 2000; their squeeze first, the logarithmic test only where it does not
 * decide) with rejected lanes redrawn from further counters. The same
 * distributions as the default with other draws, identical for any thread
 * count and block size; several times faster. On an AVX-512 CPU the vector
 * code fuses multiply-adds (not in the normals), so the last bits of a draw
 * can differ from a CPU without it (the default sampler's draws do not).
 * Draw indices must stay below 2^40.
 */
#define DX_UNCERTAINTY_SAMPLER_COUNTER 1

#define DX_UNCERTAINTY_OPTIONS_VERSION 3
/** Default of dx_uncertainty_options.max_values: 10^8 stored draws x outputs
 *  (ASSUMED: about 1.6 GB with the sorted copy). */
#define DX_UNCERTAINTY_DEFAULT_MAX_VALUES ((size_t)100000000u)

/** Fill opts with defaults. @return DX_OK; DX_EINVAL for NULL or a version newer than the library. */
DX_API dx_status dx_uncertainty_options_init(dx_uncertainty_options *opts, unsigned int version);

/** sizeof(dx_uncertainty_options) (binding layout check). */
DX_API size_t dx_uncertainty_options_size(void);

/** Opaque result of a run. Free with dx_uncertainty_result_free. */
typedef struct dx_uncertainty_result dx_uncertainty_result;

/**
 * Run the model once at the base values, 2 * n_inputs times for the tornado,
 * then opts->draws times with every input drawn from its distribution.
 * @param n_inputs     >= 1
 * @param inputs       n_inputs distributions
 * @param base_values  n_inputs base values, or NULL to use each distribution's median
 * @param n_outputs    >= 1
 * @param model        the model; not NULL
 * @param user         passed to the model unchanged
 * @param opts         NULL for defaults
 * @param out          receives the result (caller frees); NULL on failure
 * @return DX_OK; DX_EINVAL for NULL or zero counts; DX_EDOMAIN for a bad
 *         distribution (message names inputs[i]) or bad options, or a NaN/inf
 *         model output (names the draw and output); the model's own negative
 *         status if it fails (message names the draw); DX_ENOMEM.
 */
DX_API dx_status dx_uncertainty_run(size_t n_inputs, const dx_distribution *inputs,
                                    const double *base_values, size_t n_outputs,
                                    dx_uncertainty_model_fn model, void *user,
                                    const dx_uncertainty_options *opts,
                                    dx_uncertainty_result **out);

/**
 * As dx_uncertainty_run with a batch model: the base run is one call with
 * one draw, the tornado one call with 2 * n_inputs rows (input i low, then
 * input i high, for i = 0..n_inputs-1), and the Monte Carlo draws go in
 * blocks of opts->batch_draws. The draws, and so every result, are identical
 * to dx_uncertainty_run with the same model written per draw, for any thread
 * count and block size.
 * @return as dx_uncertainty_run; a failing block names its first draw.
 */
DX_API dx_status dx_uncertainty_run_batch(size_t n_inputs, const dx_distribution *inputs,
                                          const double *base_values, size_t n_outputs,
                                          dx_uncertainty_batch_fn model, void *user,
                                          const dx_uncertainty_options *opts,
                                          dx_uncertainty_result **out);

/** Free a result. NULL is a no-op. */
DX_API void dx_uncertainty_result_free(dx_uncertainty_result *r);

/** Summary statistics of one output over the draws. */
typedef struct {
    double base;  /**< output at the base values */
    double mean;
    double sd;    /**< sample standard deviation (n - 1) */
    double p10, p50, p90;
    double min, max;
} dx_uncertainty_summary;

/** Number of draws, inputs, outputs of a result (0 for NULL). */
DX_API size_t dx_uncertainty_result_draws(const dx_uncertainty_result *r);
DX_API size_t dx_uncertainty_result_input_count(const dx_uncertainty_result *r);
DX_API size_t dx_uncertainty_result_output_count(const dx_uncertainty_result *r);

/** Summary of output i. @return DX_OK; DX_EINVAL for NULL or i out of range. */
DX_API dx_status dx_uncertainty_result_summary(const dx_uncertainty_result *r, size_t output,
                                               dx_uncertainty_summary *out);

/**
 * Any percentile of output i (by selection on a copy of the draws: O(draws)).
 * @param p_ratio  in [0, 1]
 * @return DX_OK; DX_EINVAL for NULL or i out of range; DX_EDOMAIN for p_ratio;
 *         DX_ENOMEM.
 */
DX_API dx_status dx_uncertainty_result_percentile(const dx_uncertainty_result *r, size_t output,
                                                  double p_ratio, double *out);

/**
 * Share of draws in which output i < output j (strictly), e.g. the probability
 * that technology A is cheaper than B.
 * @return DX_OK; DX_EINVAL for NULL or an index out of range.
 */
DX_API dx_status dx_uncertainty_result_prob_less(const dx_uncertainty_result *r, size_t i,
                                                 size_t j, double *out_ratio);

/**
 * Copy the draws of output i (in draw order) into out, capacity n.
 * @return DX_OK; DX_EBUFSIZE if n < draws; DX_EINVAL for NULL or i out of range.
 */
DX_API dx_status dx_uncertainty_result_output_draws(const dx_uncertainty_result *r, size_t output,
                                                    size_t n, double *out);

/** One bar of a tornado chart. */
typedef struct {
    size_t input;        /**< index of the input */
    double input_low;    /**< input at its low point (P10 by default) */
    double input_high;   /**< input at its high point (P90) */
    double output_low;   /**< output with this input at input_low, others at base */
    double output_high;  /**< output with this input at input_high, others at base */
    double swing;        /**< |output_high - output_low| */
} dx_tornado_bar;

/**
 * Tornado bar of a given rank for one output: rank 0 is the input that moves
 * the output most (ties: lower input index first). Ranks run 0..n_inputs-1.
 * @return DX_OK; DX_EINVAL for NULL or an index out of range.
 */
DX_API dx_status dx_uncertainty_result_tornado(const dx_uncertainty_result *r, size_t output,
                                               size_t rank, dx_tornado_bar *out);

#ifdef __cplusplus
}
#endif
#endif /* DXSIM_UNCERTAINTY_H */
