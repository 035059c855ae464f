/*
 * Private: scalar path-loss kernels of 3GPP TR 38.901 Table 7.4.1-1 (and
 * free space) as static inline functions, so that a fused grid kernel (the
 * coverage engine) and the public array kernel dx_propagation_path_loss_db
 * share ONE implementation.
 *
 * Conventions of every function here:
 *   - fc_ghz in GHz, distances and heights in metres, result in dB;
 *   - d2d_m >= 0, heights > 0; the 3D distance sqrt(d2d^2 + (h_bs-h_ut)^2) must
 *     be > 0. NO validation and NO range flags here: callers validate (the
 *     public kernel does; a fused kernel validates its inputs once);
 *   - nlos = 0 gives the LOS formula; nlos != 0 gives NLOS as Table 7.4.1-1
 *     defines it, max(PL_LOS, PL'_NLOS);
 *   - logarithms use dx__log10_fast (below), which vectorises under
 *     `#pragma omp simd` / -O3 without glibc's vector math library.
 *     Its documented maximum error is 2e-12 in log10, i.e. below 1e-10 dB in
 *     any formula here (the largest coefficient is 40 dB/decade); a test in
 *     tests/test_propagation_internal.c checks it against libm over 1e-6..1e9.
 *
 * Breakpoints (Table 7.4.1-1 notes 1, 5): RMa d_BP = 2 pi h_BS h_UT f_c / c,
 * UMa/UMi d'_BP = 4 h'_BS h'_UT f_c / c with h' = h - h_E, c = 3.0e8 m/s.
 */
#ifndef DXSIM_PROPAGATION_KERNELS_H
#define DXSIM_PROPAGATION_KERNELS_H

#include <math.h>
#include <stdint.h>
#include <string.h>

/* Force inlining so that loops calling these stay vectorisable at -O2. */
#if defined(__GNUC__)
#define DX__KINLINE static inline __attribute__((always_inline))
#else
#define DX__KINLINE static inline
#endif

/* e^r by its Taylor series to r^12 (Horner), for |r| <= ln2 / 2: truncation
 * below 0.347^13 / 13! < 2e-16 relative. The one polynomial of the branch-free
 * exponentials (uncertainty.c exp_vec, coverage_internal.h
 * dx__cov_exp10_fast); each scales it by its own power of two. */
DX__KINLINE double dx__exp_taylor12(double r)
{
    double p = 1.0 / 479001600.0;
    p = p * r + 1.0 / 39916800.0;
    p = p * r + 1.0 / 3628800.0;
    p = p * r + 1.0 / 362880.0;
    p = p * r + 1.0 / 40320.0;
    p = p * r + 1.0 / 5040.0;
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r + 1.0;
    return p * r + 1.0;
}

/* c as written in 38.901 (§7.4.1 note 1: "c = 3.0x10^8 m/s"), not the SI value. */
#define DX__C_38901_M_PER_S 3.0e8

/**
 * log10(x) for positive, normal, finite x, branch-free so loops vectorise.
 * x = 2^e m with m in [sqrt(1/2), sqrt(2)); ln m = 2 atanh(s), s = (m-1)/(m+1),
 * |s| <= 0.1716; the odd series to s^13 leaves a truncation error below
 * 2 |s|^15 / 15 < 5e-13 in ln m. Max error of the result: 2e-12 (absolute).
 * Zero, negative, subnormal, NaN or infinite x give meaningless results.
 * Measured max error over 1e-300..1e300: 2.8e-13 (tests/test_propagation_internal.c).
 */
DX__KINLINE double dx__log10_fast(double x)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    int32_t hi = (int32_t)(bits >> 32);
    int32_t e = ((hi >> 20) & 0x7ff) - 1023;
    uint64_t mbits = (bits & UINT64_C(0x000fffffffffffff)) | UINT64_C(0x3ff0000000000000);
    /* bring m into [sqrt(1/2), sqrt(2)) with integer operations only (no FP compare, so the
     * select never counts as a trapping operation and the loop if-converts) */
    int64_t big = mbits > UINT64_C(0x3ff6a09e667f3bcd); /* mantissa bits of sqrt(2) */
    mbits -= (uint64_t)big << 52;                        /* m /= 2 when big */
    double m;
    memcpy(&m, &mbits, sizeof m);
    double ed = (double)(e + (int32_t)big);
    double s = (m - 1.0) / (m + 1.0);
    double s2 = s * s;
    double p = 1.0 / 13.0;
    p = p * s2 + 1.0 / 11.0;
    p = p * s2 + 1.0 / 9.0;
    p = p * s2 + 1.0 / 7.0;
    p = p * s2 + 1.0 / 5.0;
    p = p * s2 + 1.0 / 3.0;
    p = p * s2 + 1.0;
    double ln_m = 2.0 * s * p;
    return (ed * 0.69314718055994530942 + ln_m) * 0.43429448190325182765;
}

/** Branch-free select: c ? a : b, as a bit blend so loops stay free of control flow
 *  (an FP compare feeding a branch would block if-conversion under -ftrapping-math). */
DX__KINLINE double dx__select(int c, double a, double b)
{
    uint64_t ua, ub, m = UINT64_C(0) - (uint64_t)(c != 0);
    memcpy(&ua, &a, sizeof ua);
    memcpy(&ub, &b, sizeof ub);
    uint64_t r = (ua & m) | (ub & ~m);
    double out;
    memcpy(&out, &r, sizeof out);
    return out;
}

/**
 * sqrt(x) for positive, normal, finite x without libm (libm's sqrt may set errno,
 * which GCC 12 cannot vectorise around): reciprocal square root from the bit
 * pattern, four Newton steps (error 3.4e-2 -> 1.7e-3 -> 4.5e-6 -> 3e-11 -> <1e-15),
 * then x * rsqrt(x). Max relative error 5e-16 (2 ulp; measured 4.4e-16 in
 * tests/test_propagation_internal.c).
 */
DX__KINLINE double dx__sqrt_fast(double x)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    bits = UINT64_C(0x5fe6eb50c7b537a9) - (bits >> 1);
    double y;
    memcpy(&y, &bits, sizeof y);
    double hx = 0.5 * x;
    y = y * (1.5 - hx * y * y);
    y = y * (1.5 - hx * y * y);
    y = y * (1.5 - hx * y * y);
    y = y * (1.5 - hx * y * y);
    return x * y;
}

/** 3D distance (m) from horizontal distance and the two heights. */
DX__KINLINE double dx__d3d_m(double d2d_m, double h_bs_m, double h_ut_m)
{
    double dz = h_bs_m - h_ut_m;
    return dx__sqrt_fast(d2d_m * d2d_m + dz * dz);
}

/** log10 of the 3D distance without a square root: 0.5 log10(d2d^2 + dz^2). */
DX__KINLINE double dx__log10_d3d(double d2d_m, double h_bs_m, double h_ut_m)
{
    double dz = h_bs_m - h_ut_m;
    return 0.5 * dx__log10_fast(d2d_m * d2d_m + dz * dz);
}

/** Free-space basic transmission loss, ITU-R P.525-4 eq. (4):
 *  20 log10(4 pi d / lambda) = 32.4478 + 20 log10(f_GHz) + 20 log10(d_m)
 *  with the SI speed of light. */
DX__KINLINE double dx__pl_fspl_db(double fc_ghz, double d3d_m)
{
    /* 20 log10(4 pi 1e9 / 299792458) = 32.44778322 */
    return 32.447783221 + 20.0 * dx__log10_fast(fc_ghz) + 20.0 * dx__log10_fast(d3d_m);
}

/** Free-space loss from the link geometry (d3D = sqrt(d2d^2 + (h_bs - h_ut)^2)). */
DX__KINLINE double dx__pl_fspl_link_db(double fc_ghz, double d2d_m, double h_bs_m,
                                         double h_ut_m)
{
    return 32.447783221 + 20.0 * dx__log10_fast(fc_ghz) +
           20.0 * dx__log10_d3d(d2d_m, h_bs_m, h_ut_m);
}

/**
 * 38.901 UMa (Table 7.4.1-1) with an explicit effective environment height h_E.
 * LOS: PL1 = 28 + 22 log d3D + 20 log fc (d2D <= d'BP),
 *      PL2 = 28 + 40 log d3D + 20 log fc - 9 log(d'BP^2 + (hBS-hUT)^2);
 * NLOS: max(PL_LOS, 13.54 + 39.08 log d3D + 20 log fc - 0.6 (hUT - 1.5)).
 */
DX__KINLINE double dx__pl_38901_uma_he_db(double fc_ghz, double d2d_m, double h_bs_m,
                                            double h_ut_m, int nlos, double h_e_m)
{
    double dz = h_bs_m - h_ut_m;
    double ld = 0.5 * dx__log10_fast(d2d_m * d2d_m + dz * dz); /* log10 d3D */
    double lf = dx__log10_fast(fc_ghz);
    double dbp = 4.0 * (h_bs_m - h_e_m) * (h_ut_m - h_e_m) * fc_ghz * 1e9 / DX__C_38901_M_PER_S;
    double pl1 = 28.0 + 22.0 * ld + 20.0 * lf;
    double pl2 = 28.0 + 40.0 * ld + 20.0 * lf - 9.0 * dx__log10_fast(dbp * dbp + dz * dz);
    double los = dx__select(d2d_m <= dbp, pl1, pl2);
    double pn = 13.54 + 39.08 * ld + 20.0 * lf - 0.6 * (h_ut_m - 1.5);
    double nl = dx__select(pn > los, pn, los);
    return dx__select(nlos, nl, los);
}

/** 38.901 UMa with h_E = 1 m (its value for h_UT < 13 m; §7.4.1 note 1). */
DX__KINLINE double dx__pl_38901_uma_db(double fc_ghz, double d2d_m, double h_bs_m,
                                         double h_ut_m, int nlos)
{
    return dx__pl_38901_uma_he_db(fc_ghz, d2d_m, h_bs_m, h_ut_m, nlos, 1.0);
}

/**
 * 38.901 UMi street canyon with explicit h_E (1 m in the standard).
 * LOS: PL1 = 32.4 + 21 log d3D + 20 log fc,
 *      PL2 = 32.4 + 40 log d3D + 20 log fc - 9.5 log(d'BP^2 + (hBS-hUT)^2);
 * NLOS: max(PL_LOS, 35.3 log d3D + 22.4 + 21.3 log fc - 0.3 (hUT - 1.5)).
 */
DX__KINLINE double dx__pl_38901_umi_he_db(double fc_ghz, double d2d_m, double h_bs_m,
                                            double h_ut_m, int nlos, double h_e_m)
{
    double dz = h_bs_m - h_ut_m;
    double ld = 0.5 * dx__log10_fast(d2d_m * d2d_m + dz * dz); /* log10 d3D */
    double lf = dx__log10_fast(fc_ghz);
    double dbp = 4.0 * (h_bs_m - h_e_m) * (h_ut_m - h_e_m) * fc_ghz * 1e9 / DX__C_38901_M_PER_S;
    double pl1 = 32.4 + 21.0 * ld + 20.0 * lf;
    double pl2 = 32.4 + 40.0 * ld + 20.0 * lf - 9.5 * dx__log10_fast(dbp * dbp + dz * dz);
    double los = dx__select(d2d_m <= dbp, pl1, pl2);
    double pn = 35.3 * ld + 22.4 + 21.3 * lf - 0.3 * (h_ut_m - 1.5);
    double nl = dx__select(pn > los, pn, los);
    return dx__select(nlos, nl, los);
}

/** 38.901 UMi street canyon, h_E = 1 m. */
DX__KINLINE double dx__pl_38901_umi_db(double fc_ghz, double d2d_m, double h_bs_m,
                                         double h_ut_m, int nlos)
{
    return dx__pl_38901_umi_he_db(fc_ghz, d2d_m, h_bs_m, h_ut_m, nlos, 1.0);
}

/** RMa terms that depend only on h and W (computed once per call, outside the loop). */
typedef struct {
    double a_h; /* min(0.03 h^1.72, 10) */
    double b_h; /* min(0.044 h^1.72, 14.77) */
    double c_h; /* 0.002 log10(h) */
    double lh;  /* log10(h) */
    double lw;  /* log10(W) */
    double h;   /* h (m) */
} dx__rma_coef;

DX__KINLINE dx__rma_coef dx__rma_coef_make(double h_building_m, double street_width_m)
{
    dx__rma_coef c;
    double h172 = pow(h_building_m, 1.72);
    c.a_h = 0.03 * h172 < 10.0 ? 0.03 * h172 : 10.0;
    c.b_h = 0.044 * h172 < 14.77 ? 0.044 * h172 : 14.77;
    c.lh = log10(h_building_m);
    c.c_h = 0.002 * c.lh;
    c.lw = log10(street_width_m);
    c.h = h_building_m;
    return c;
}

/**
 * 38.901 RMa with precomputed h/W terms (see dx__rma_coef_make).
 * LOS: PL1(d) = 20 log(40 pi d fc/3) + min(0.03 h^1.72, 10) log d
 *               - min(0.044 h^1.72, 14.77) + 0.002 log(h) d       (d2D <= dBP)
 *      PL2 = PL1(dBP) + 40 log(d3D / dBP)                          (d2D >  dBP)
 * NLOS: max(PL_LOS, 161.04 - 7.1 log W + 7.5 log h - (24.37 - 3.7 (h/hBS)^2) log hBS
 *           + (43.42 - 3.1 log hBS)(log d3D - 3) + 20 log fc
 *           - (3.2 (log(11.75 hUT))^2 - 4.97)).
 */
DX__KINLINE double dx__pl_38901_rma_coef_db(double fc_ghz, double d2d_m, double h_bs_m,
                                              double h_ut_m, int nlos, const dx__rma_coef *c)
{
    double d3 = dx__d3d_m(d2d_m, h_bs_m, h_ut_m);
    double ld = dx__log10_fast(d3);
    double lf = dx__log10_fast(fc_ghz);
    double dbp = 2.0 * 3.14159265358979323846 * h_bs_m * h_ut_m * fc_ghz * 1e9 /
                 DX__C_38901_M_PER_S;
    double ldbp = dx__log10_fast(dbp);
    /* 20 log10(40 pi d fc / 3) = 20 log10(40 pi / 3) + 20 log d + 20 log fc */
    double pl1 = 32.441772186 + 20.0 * ld + 20.0 * lf + c->a_h * ld - c->b_h + c->c_h * d3;
    double pl1_bp = 32.441772186 + 20.0 * ldbp + 20.0 * lf + c->a_h * ldbp - c->b_h + c->c_h * dbp;
    double pl2 = pl1_bp + 40.0 * (ld - ldbp);
    double los = dx__select(d2d_m <= dbp, pl1, pl2);
    double lhbs = dx__log10_fast(h_bs_m);
    double r = c->h / h_bs_m;
    double lu = dx__log10_fast(11.75 * h_ut_m);
    double pn = 161.04 - 7.1 * c->lw + 7.5 * c->lh - (24.37 - 3.7 * r * r) * lhbs +
                (43.42 - 3.1 * lhbs) * (ld - 3.0) + 20.0 * lf - (3.2 * lu * lu - 4.97);
    double nl = dx__select(pn > los, pn, los);
    return dx__select(nlos, nl, los);
}

/** 38.901 RMa with average building height h_building_m (h) and street width
 *  street_width_m (W); computes the h/W terms on every call (use the _coef form
 *  in loops). */
DX__KINLINE double dx__pl_38901_rma_hw_db(double fc_ghz, double d2d_m, double h_bs_m,
                                            double h_ut_m, int nlos, double h_building_m,
                                            double street_width_m)
{
    dx__rma_coef c = dx__rma_coef_make(h_building_m, street_width_m);
    return dx__pl_38901_rma_coef_db(fc_ghz, d2d_m, h_bs_m, h_ut_m, nlos, &c);
}

/** 38.901 RMa with the scenario defaults h = 5 m, W = 20 m (Table 7.4.1-1). */
DX__KINLINE double dx__pl_38901_rma_db(double fc_ghz, double d2d_m, double h_bs_m,
                                         double h_ut_m, int nlos)
{
    return dx__pl_38901_rma_hw_db(fc_ghz, d2d_m, h_bs_m, h_ut_m, nlos, 5.0, 20.0);
}

/**
 * 38.901 InH office. LOS: 32.4 + 17.3 log d3D + 20 log fc;
 * NLOS: max(PL_LOS, 38.3 log d3D + 17.30 + 24.9 log fc).
 */
DX__KINLINE double dx__pl_38901_inh_db(double fc_ghz, double d2d_m, double h_bs_m,
                                         double h_ut_m, int nlos)
{
    double ld = dx__log10_d3d(d2d_m, h_bs_m, h_ut_m);
    double lf = dx__log10_fast(fc_ghz);
    double los = 32.4 + 17.3 * ld + 20.0 * lf;
    double pn = 38.3 * ld + 17.30 + 24.9 * lf;
    double nl = dx__select(pn > los, pn, los);
    return dx__select(nlos, nl, los);
}

/** InF sub-scenarios (order as dx_propagation_model INF_SL..INF_DH). */
enum { DX__INF_SL = 0, DX__INF_DL = 1, DX__INF_SH = 2, DX__INF_DH = 3 };

/**
 * 38.901 InF. LOS: 31.84 + 21.50 log d3D + 19.00 log fc.
 * NLOS (all with fc in GHz, d3D in m):
 *   SL: max(PL_LOS, 33 + 25.5 log d3D + 20 log fc)
 *   DL: max(PL_LOS, PL_SL, 18.6 + 35.7 log d3D + 20 log fc)
 *   SH: max(PL_LOS, 32.4 + 23.0 log d3D + 20 log fc)
 *   DH: max(PL_LOS, 33.63 + 21.9 log d3D + 20 log fc)
 */
DX__KINLINE double dx__pl_38901_inf_db(int sub, double fc_ghz, double d2d_m, double h_bs_m,
                                         double h_ut_m, int nlos)
{
    double ld = dx__log10_d3d(d2d_m, h_bs_m, h_ut_m);
    double lf = dx__log10_fast(fc_ghz);
    double los = 31.84 + 21.50 * ld + 19.00 * lf;
    double sl = 33.0 + 25.5 * ld + 20.0 * lf;
    double dl = 18.6 + 35.7 * ld + 20.0 * lf;
    double sh = 32.4 + 23.0 * ld + 20.0 * lf;
    double dh = 33.63 + 21.9 * ld + 20.0 * lf;
    double dlsl = dx__select(dl > sl, dl, sl); /* InF-DL: max(PL_DL, PL_SL) */
    double pn = dx__select(sub == DX__INF_SL, sl,
                           dx__select(sub == DX__INF_DL, dlsl,
                                      dx__select(sub == DX__INF_SH, sh, dh)));
    double nl = dx__select(pn > los, pn, los);
    return dx__select(nlos, nl, los);
}

/*
 * Per-site forms: when fc, h_BS and h_UT are the same for many links (one site
 * seen from many pixels), everything but the distance terms is computed once.
 * dx__*_site_make() precomputes; dx__*_site_db() evaluates one link. They give
 * the same values as the functions above (same formulas, same rounding order up
 * to a few ulp).
 */
typedef struct {
    double dz2;     /* (h_BS - h_UT)^2 */
    double dbp;     /* d'_BP (m) */
    double c_pl1;   /* PL1 constant part: 28 + 20 log fc (UMa) / 32.4 + 20 log fc (UMi) */
    double c_pl2;   /* PL2 constant part incl. -9 (-9.5) log(d'BP^2 + dz^2) */
    double c_nlos;  /* PL'_NLOS constant part */
    double k_pl1;   /* PL1 slope on log d3D: 22 (UMa) / 21 (UMi) */
    double k_nlos;  /* PL'_NLOS slope: 39.08 (UMa) / 35.3 (UMi) */
} dx__umx_site;

/** UMa site constants (Table 7.4.1-1, h_E as given). */
DX__KINLINE dx__umx_site dx__uma_site_make(double fc_ghz, double h_bs_m, double h_ut_m,
                                           double h_e_m)
{
    dx__umx_site s;
    double dz = h_bs_m - h_ut_m;
    double lf = dx__log10_fast(fc_ghz);
    s.dz2 = dz * dz;
    s.dbp = 4.0 * (h_bs_m - h_e_m) * (h_ut_m - h_e_m) * fc_ghz * 1e9 / DX__C_38901_M_PER_S;
    s.c_pl1 = 28.0 + 20.0 * lf;
    s.c_pl2 = 28.0 + 20.0 * lf - 9.0 * dx__log10_fast(s.dbp * s.dbp + s.dz2);
    s.c_nlos = 13.54 + 20.0 * lf - 0.6 * (h_ut_m - 1.5);
    s.k_pl1 = 22.0;
    s.k_nlos = 39.08;
    return s;
}

/** UMi street-canyon site constants. */
DX__KINLINE dx__umx_site dx__umi_site_make(double fc_ghz, double h_bs_m, double h_ut_m,
                                           double h_e_m)
{
    dx__umx_site s;
    double dz = h_bs_m - h_ut_m;
    double lf = dx__log10_fast(fc_ghz);
    s.dz2 = dz * dz;
    s.dbp = 4.0 * (h_bs_m - h_e_m) * (h_ut_m - h_e_m) * fc_ghz * 1e9 / DX__C_38901_M_PER_S;
    s.c_pl1 = 32.4 + 20.0 * lf;
    s.c_pl2 = 32.4 + 20.0 * lf - 9.5 * dx__log10_fast(s.dbp * s.dbp + s.dz2);
    s.c_nlos = 22.4 + 21.3 * lf - 0.3 * (h_ut_m - 1.5);
    s.k_pl1 = 21.0;
    s.k_nlos = 35.3;
    return s;
}

/** UMa or UMi path loss of one link of a site (one log per link). */
DX__KINLINE double dx__pl_38901_umx_site_db(const dx__umx_site *s, double d2d_m, int nlos)
{
    double ld = 0.5 * dx__log10_fast(d2d_m * d2d_m + s->dz2);
    double pl1 = s->c_pl1 + s->k_pl1 * ld;
    double pl2 = s->c_pl2 + 40.0 * ld;
    double los = dx__select(d2d_m <= s->dbp, pl1, pl2);
    double pn = s->c_nlos + s->k_nlos * ld;
    double nl = dx__select(pn > los, pn, los);
    return dx__select(nlos, nl, los);
}

#endif /* DXSIM_PROPAGATION_KERNELS_H */
