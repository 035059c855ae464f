/* Private interfaces shared by the coverage and capacity sources. */
#ifndef DXSIM_COVERAGE_INTERNAL_H
#define DXSIM_COVERAGE_INTERNAL_H

#include <math.h>
#include "dxsim/common.h"
#include "dxsim/coverage.h"

/** dx_propagation_path_loss_db without the success-time range message (propagation.c):
 *  for callers that read the counts or flags, or that say nothing about the range. */
dx_status dx__propagation_path_loss_quiet_db(dx_propagation_model model,
                                             const dx_propagation_params *params, size_t n,
                                             const double *fc_hz, const double *d2d_m,
                                             const double *h_bs_m, const double *h_ut_m,
                                             double *out_pl_db, unsigned char *out_flags,
                                             size_t *out_n_outside);

/** Path loss (dB) at horizontal distance d_m; returns a dx_status. */
typedef dx_status (*dx__coverage_pl_fn)(double d_m, void *ctx, double *out_pl_db);

/** Smallest radius in [r_min_m, r_max_m] where fn reaches max_path_loss_db (Brent). */
dx_status dx__coverage_radius_fn(dx__coverage_pl_fn fn, void *ctx, double max_path_loss_db,
                                 double r_min_m, double r_max_m, double *out_radius_m,
                                 unsigned int *out_flags);

/** Jakes/Reudink area coverage without argument checks. */
double dx__coverage_jakes_area(double sigma_db, double n, double margin_db);


#include <stdint.h>

/* Counter-based random numbers (SplitMix64 finaliser, Steele et al., OOPSLA
 * 2014): any (seed, stream, counter) maps to the same value on any thread,
 * which makes tiled Monte Carlo bit-identical for any thread count. */
static inline uint64_t dx__cov_mix64(uint64_t z)
{
    z += 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
static inline uint64_t dx__cov_hash3(uint64_t seed, uint64_t a, uint64_t b)
{
    return dx__cov_mix64(dx__cov_mix64(dx__cov_mix64(seed) ^ a) ^ b);
}
/** Uniform in (0, 1) from 64 random bits (53-bit mantissa, never 0). */
static inline double dx__cov_u01(uint64_t r)
{
    return ((double)(r >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}
/** Standard normal from two independent 64-bit words (Box-Muller). */
static inline double dx__cov_normal(uint64_t r1, uint64_t r2)
{
    double u1 = dx__cov_u01(r1), u2 = dx__cov_u01(r2);
    return sqrt(-2.0 * log(u1)) * cos(2.0 * 3.14159265358979323846 * u2);
}

/* Sequential generator state for non-tiled simulations. */
typedef struct {
    uint64_t s;
} dx__cov_rng;
static inline uint64_t dx__cov_next(dx__cov_rng *g)
{
    g->s += 0x9E3779B97F4A7C15ull;
    uint64_t z = g->s;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

#include <string.h>
#include "propagation_kernels.h" /* dx__exp_taylor12 */

/* 10^y for |y| < 300, branch-free so `#pragma omp simd` loops vectorise.
 * 10^y = 2^t, t = y log2(10) = k + f, k = round(t) (1.5*2^52 trick), |f| <= 1/2;
 * 2^f = exp(f ln 2) by its Taylor series to degree 12: truncation below
 * (0.347^13 / 13!) < 2e-16 relative; the rounding of y log2(10) adds up to
 * 2e-13 relative at |y| = 300. 2^k is built in the exponent bits.
 * Results are clamped to 2^-1020 for y < -307. */
static inline double dx__cov_exp10_fast(double y)
{
    double t = y * 3.32192809488736234787;
    t = t < -1020.0 ? -1020.0 : t;
    t = t > 1020.0 ? 1020.0 : t;
    const double magic = 6755399441055744.0; /* 1.5 * 2^52 */
    double u = t + magic;
    double k = u - magic;
    double f = (t - k) * 0.69314718055994530942;
    double p = dx__exp_taylor12(f);
    uint64_t ub, mb;
    memcpy(&ub, &u, sizeof ub);
    memcpy(&mb, &magic, sizeof mb);
    uint64_t eb = (ub - mb + 1023u) << 52;
    double scale;
    memcpy(&scale, &eb, sizeof scale);
    return p * scale;
}

/* Single-precision helpers of the fused grid kernel (16 lanes per AVX-512
 * vector). log2 of a positive normal float: x = 2^e (1 + t), 1 + t in
 * [sqrt(1/2), sqrt 2); log2(1 + t) = t P(t) with P of degree 6, a near-minimax
 * fit (Lawson-weighted least squares on 4000 Chebyshev nodes; no division in
 * the loop); the maximum error evaluated in float over 200001 points is 3.7e-7
 * (2e-6 dB in a 40 dB/decade path loss); tests/test_coverage_internal.c
 * compares with libm. The centring is integer-only (as in musl's logf):
 * subtracting the bits of sqrt(1/2) before the shift makes the exponent e
 * round so that the mantissa lands in [sqrt(1/2), sqrt 2) directly (no
 * compare, select or halving in the loop). */
static inline float dx__cov_log2f_fast(float x)
{
    uint32_t b;
    memcpy(&b, &x, sizeof b);
    uint32_t off = b - 0x3f3504f3u; /* bits of sqrt(1/2) */
    int32_t e = (int32_t)off >> 23;  /* arithmetic shift: floor */
    uint32_t mb = b - (off & 0xff800000u);
    float m;
    memcpy(&m, &mb, sizeof m);
    float t = m - 1.0f;
    float p = 0.17062972986335137f;
    p = p * t - 0.27269569508966796f;
    p = p * t + 0.29726326571399460f;
    p = p * t - 0.35896216948443627f;
    p = p * t + 0.48046500007606463f;
    p = p * t - 0.72137586045339730f;
    p = p * t + 1.44269972704793000f;
    return (float)e + t * p;
}

/* 2^t for float t: k = round(t) (1.5 * 2^23 trick), f = t - k, 2^f for
 * |f| <= 1/2 by a degree-5 polynomial (2.3e-7 relative, 1e-6 dB), times 2^k
 * built in the exponent bits. Accurate to that for t in [-125, 126]. Domain
 * |t| < 1e7: k is clamped to [-125, 126] in integer arithmetic, so smaller t
 * give a floor in [2^-125.5, 2^-124] (never a subnormal) and larger t a finite
 * ceiling in [2^124, 2^128) (callers keep |t| < 1e7; beyond, the result is finite but
 * meaningless, as for NaN).
 * Clamping k rather than t matters for speed: a float clamp of t has
 * constant arms, GCC turns the constant results into a branch (PRE) and the
 * vectoriser into masked code, about 8 extra instructions per call. */
static inline float dx__cov_exp2f_fast(float t)
{
    const float magic = 12582912.0f;
    float u = t + magic;
    float k = u - magic;
    float f = t - k;
    /* 2^f on [-1/2, 1/2], near-minimax degree 5 (Lawson-weighted fit): 2.3e-7 relative */
    float p = 0.001327656907501552f;
    p = p * f + 0.00967554249577609f;
    p = p * f + 0.05550712976855047f;
    p = p * f + 0.24022119695049748f;
    p = p * f + 0.69314696724179630f;
    p = p * f + 1.00000007166345600f;
    int32_t ub, mgb;
    memcpy(&ub, &u, sizeof ub);
    memcpy(&mgb, &magic, sizeof mgb);
    /* biased exponent round(t) + 127 (exact for |t| < 2^22, with the right
     * sign up to |t| < 1.5 * 2^23), clamped to [2, 253] = k in [-125, 126] */
    int32_t ki = (int32_t)((uint32_t)ub - ((uint32_t)mgb - 127u));
    ki = 2 > ki ? 2 : ki;
    ki = 253 < ki ? 253 : ki;
    uint32_t eb = (uint32_t)ki << 23;
    float scale;
    memcpy(&scale, &eb, sizeof scale);
    return p * scale;
}

/* dx__cov_exp2f_fast without the clamp, for callers that know t is in
 * [-125, 126] (the fused kernel checks it per block of pixels): the same bits
 * as dx__cov_exp2f_fast there, two instructions fewer. */
static inline float dx__cov_exp2f_fast_inrange(float t)
{
    const float magic = 12582912.0f;
    float u = t + magic;
    float k = u - magic;
    float f = t - k;
    float p = 0.001327656907501552f;
    p = p * f + 0.00967554249577609f;
    p = p * f + 0.05550712976855047f;
    p = p * f + 0.24022119695049748f;
    p = p * f + 0.69314696724179630f;
    p = p * f + 1.00000007166345600f;
    uint32_t ub, mgb;
    memcpy(&ub, &u, sizeof ub);
    memcpy(&mgb, &magic, sizeof mgb);
    uint32_t eb = (ub - (mgb - 127u)) << 23;
    float scale;
    memcpy(&scale, &eb, sizeof scale);
    return p * scale;
}

/* erfc(x) by Abramowitz & Stegun 7.1.26 (|error| <= 1.5e-7 absolute),
 * branch-free for vector loops; exp through dx__cov_exp10_fast. */
static inline double dx__cov_erfc_fast(double x)
{
    double ax = x < 0.0 ? -x : x;
    double t = 1.0 / (1.0 + 0.3275911 * ax);
    double poly =
        t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
    double ax2 = ax < 27.0 ? ax * ax : 729.0;
    double r = poly * dx__cov_exp10_fast(-ax2 * 0.43429448190325182765);
    return x < 0.0 ? 2.0 - r : r;
}

/* 1/sqrt(x) for x > 0 (normal), branch-free: bit-level initial guess
 * (0x5FE6EB50C7B537A9, Lomont 2003) and 4 Newton steps, relative error < 1e-15.
 * Used instead of sqrt() in vector loops: without -fno-math-errno GCC keeps a
 * scalar libm call for sqrt() (errno) and will not vectorise the loop. */
static inline double dx__cov_rsqrt_fast(double x)
{
    uint64_t b;
    memcpy(&b, &x, sizeof b);
    b = 0x5FE6EB50C7B537A9ull - (b >> 1);
    double y;
    memcpy(&y, &b, sizeof y);
    double h = 0.5 * x;
    y = y * (1.5 - h * y * y);
    y = y * (1.5 - h * y * y);
    y = y * (1.5 - h * y * y);
    y = y * (1.5 - h * y * y);
    return y;
}

/* acos(x) for |x| <= 1, Abramowitz & Stegun 4.4.45 (|error| <= 6.7e-5 rad =
 * 0.004 deg, far below any antenna-pattern resolution), branch-free. */
static inline double dx__cov_acos_fast(double x)
{
    double ax = x < 0.0 ? -x : x;
    ax = ax > 1.0 ? 1.0 : ax;
    double om = 1.0 - ax + 1e-300;
    double r = om * dx__cov_rsqrt_fast(om) * (1.5707288 + ax * (-0.2121144 + ax * (0.0742610 - 0.0187293 * ax)));
    return x < 0.0 ? 3.14159265358979323846 - r : r;
}

/* Correlated shadowing by random Fourier features (coverage_grid.c). */
#define DX__COV_RFF_M 64
typedef struct {
    double kx[DX__COV_RFF_M], ky[DX__COV_RFF_M], ph[DX__COV_RFF_M];
} dx__cov_rff;
void dx__coverage_rff_init(dx__cov_rff *f, uint64_t seed, uint64_t stream, double corr_m);
double dx__coverage_rff_eval(const dx__cov_rff *f, double x, double y);

/* Result internals for the writers (coverage_output.c). */
#include "dxsim/coverage.h"
const float *dx__coverage_result_layer_f32(const dx_coverage_result *r, unsigned int layer);
const int32_t *dx__coverage_result_best(const dx_coverage_result *r);
double dx__coverage_result_pixel_target(const dx_coverage_result *r);
unsigned int dx__coverage_result_layers(const dx_coverage_result *r);

/** Options of any caller version -> current version (later fields at their
 *  defaults); checks max_pixels and the area polygon's coordinates. */
dx_status dx__coverage_options_resolve(const dx_coverage_options *in, dx_coverage_options *out,
                                       const char *fn);
/** Checked pixel count of a grid: finite origin and resolution, nx x ny without
 *  size_t overflow and <= o->max_pixels (DX_EDOMAIN naming fn otherwise). */
dx_status dx__coverage_grid_pixels(const dx_grid *g, const dx_coverage_options *o, const char *fn,
                                   size_t *out_npx);

/* coverage_grid.c: 1 (default) lets 3-sector sites whose sectors share one
 * channel take the shared-gain pass of the fused kernel; tests set 0 to
 * compare with the per-sector pass. Not thread-safe: tests only. */
extern int dx__cov_sector_shared;

/* coverage_terrain.c: terrain and calibration of the grid engine
 * (dx_coverage_options version 4). */
/* Check the version-4 fields of resolved options (fn names the caller). */
dx_status dx__coverage_terrain_check(const dx_coverage_options *o, const char *fn);
/* 1 when the options ask for terrain or a calibration (the engine then takes
 * the double-precision path). */
int dx__coverage_terrain_on(const dx_coverage_options *o);
/* Add to pl_db (in place) what the calibration and the terrain of one site
 * (x, y, height h_tx_m) change at n points: P.526 loss, or for ITM the
 * difference ITM - base_pl_db (the model's path loss at the points); d2d_m are
 * the points' horizontal distances. Points without DEM data keep the base
 * model (flat earth). */
dx_status dx__coverage_terrain_add(const dx_coverage_options *o, double fc_hz, double site_x_m,
                                   double site_y_m, double h_tx_m, double h_rx_m, size_t n,
                                   const double *x_m, const double *y_m, const double *d2d_m,
                                   const double *base_pl_db, double *pl_db);

/* coverage_output.c (report branch, issue 11): the map colour ramp, and an RGBA
 * image (rows north first, 4 bytes a pixel) encoded as PNG; *out freed with dx_free. */
void dx__coverage_ramp_rgb(double t, unsigned char rgb[3]);
dx_status dx__coverage_png_encode_rgba(size_t w, size_t h, const unsigned char *rgba,
                                       unsigned char **out, size_t *n);

#endif
