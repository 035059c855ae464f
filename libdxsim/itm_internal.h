/* Private ITM entry used by the terrain grid kernels (no argument checks on
 * the profile: np >= 2 intervals of spacing xi, z[0..np] finite). */
#ifndef DXSIM_ITM_INTERNAL_H
#define DXSIM_ITM_INTERNAL_H
#include "dxsim/itm.h"

/* Constants of one frequency and parameter set (validated once). */
typedef struct {
    dx_itm_params p;
    double f_hz;
    double zg_re, zg_im, zabs; /* ground impedance */
    double fth;                /* f_MHz^(1/3) */
    double z_time, z_location, z_situation; /* inverse normal of the quantiles */
    double dex_term_m;         /* (575.7e12 / wn)^(1/3) of [Alg 5.3] */
    double log_0133_wn;
    double fs_f_db;            /* 32.45 + 20 lg f_MHz */
    long warn0;                /* warnings that depend on f only */
} dx__itm_prep;

dx_status dx__itm_prepare(double f_hz, const dx_itm_params *p, dx__itm_prep *out);
dx_status dx__itm_p2p_prepared(const dx__itm_prep *k, double h_tx_m, double h_rx_m, int np,
                               double xi, const double *z, double *out_db, dx_itm_details *det);
/* Prefix sums of a profile's heights, c0[k] = z[0] + ... + z[k-1] and
 * c1[k] = 0 z[0] + 1 z[1] + ... + (k-1) z[k-1], valid for k <= n + 1 (points
 * z[0..n] agree with the profile; the last point, the pixel's own height, may
 * not). They let a radial share the sums of ITM's mean height and line fits
 * between its pixels. */
typedef struct {
    const double *c0, *c1;
    int n;
} dx__itm_prefix;
/* dx__itm_p2p_prepared with optional prefix sums (NULL = summed here). */
dx_status dx__itm_p2p_prepared_pre(const dx__itm_prep *k, double h_tx_m, double h_rx_m, int np,
                                   double xi, const double *z, const dx__itm_prefix *pre,
                                   double *out_db, dx_itm_details *det);
int dx__itm_mean_range(int np, int *i_first, int *i_last);
dx_status dx__itm_p2p(double h_tx_m, double h_rx_m, int np, double xi, const double *z,
                      double f_hz, const dx_itm_params *p, double *out_db,
                      dx_itm_details *det);
#endif
