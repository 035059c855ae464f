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
dx_status dx__itm_p2p(double h_tx_m, double h_rx_m, int np, double xi, const double *z,
                      double f_hz, const dx_itm_params *p, double *out_db,
                      dx_itm_details *det);
#endif
