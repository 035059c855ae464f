/* Private ITM entry used by the terrain grid kernels (no argument checks on
 * the profile: np >= 2 intervals of spacing xi, z[0..np] finite). */
#ifndef DXSIM_ITM_INTERNAL_H
#define DXSIM_ITM_INTERNAL_H
#include "dxsim/itm.h"

dx_status dx__itm_p2p(double h_tx_m, double h_rx_m, int np, double xi, const double *z,
                      double f_hz, const dx_itm_params *p, double *out_db,
                      dx_itm_details *det);
#endif
