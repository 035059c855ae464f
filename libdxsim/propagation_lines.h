/*
 * Private: the path loss of one site (carrier, antenna heights and model
 * parameters fixed) written as straight lines in L = log10(d3D), so that a
 * fused grid kernel can evaluate any model with one logarithm per link and no
 * per-model code in its loop:
 *
 *   PL_A = a_db + a_k L + a_m d3D      (a_m != 0 only for RMa PL1 and P.1411 ka)
 *   PL_B = b_db + b_k L
 *   PL_AB = max(PL_A, PL_B)                    sel == DX__LINES_MAX
 *         = d2D^2 <= thr2 ? PL_A : PL_B        sel == DX__LINES_SEL_2D
 *         = d3D^2 <= thr2 ? PL_A : PL_B        sel == DX__LINES_SEL_3D
 *   PL = has_n ? max(PL_AB, PL_N) : PL_AB,  PL_N = n_db + n_k L
 *
 * Defined in propagation.c beside the scalar formulas it restates.
 */
#ifndef DXSIM_PROPAGATION_LINES_H
#define DXSIM_PROPAGATION_LINES_H

#include "dxsim/propagation.h"

enum { DX__LINES_MAX = 0, DX__LINES_SEL_2D = 1, DX__LINES_SEL_3D = 2 };

typedef struct {
    double a_db, a_k, a_m; /* line A (dB, dB per decade, dB per metre of d3D) */
    double b_db, b_k;      /* line B */
    double n_db, n_k;      /* line N (NLOS', or the free-space floor of P.1411 NLOS) */
    double thr2;           /* selection threshold on the squared distance (m^2) */
    int sel;               /* DX__LINES_* */
    int has_n;             /* line N takes part */
    int two;               /* line B differs from line A */
} dx__prop_lines;

/** Lines of one site; returns 1, or 0 when the model cannot be written so
 *  for these inputs (then callers use dx_propagation_path_loss_db). */
int dx__propagation_lines(dx_propagation_model model, const dx_propagation_params *p,
                          double fc_hz, double h_bs_m, double h_ut_m, dx__prop_lines *out);

/** Validity range of one site's links (as dx_propagation_path_loss_db flags
 *  them): every link is outside when all_outside; otherwise a link is outside
 *  when d2D^2 + dz2 is below dmin2 or above dmax2. */
typedef struct {
    double dz2, dmin2, dmax2;
    int all_outside;
} dx__prop_site_range;
void dx__propagation_site_range(dx_propagation_model model, const dx_propagation_params *p,
                                double fc_hz, double h_bs_m, double h_ut_m,
                                dx__prop_site_range *out);

#endif
