/**
 * @file dxsim/itm.h
 * The Irregular Terrain Model (ITM, Longley-Rice), point-to-point and area
 * mode, with time / location / situation variability.
 *
 * Written in C from the published description of ITM v1.2.2 (Hufford 1995
 * "The ITS Irregular Terrain Model, version 1.2.2: the algorithm";
 * ERL 79-ITS 67; NBS TN 101) and checked, formula by formula, against the
 * public-domain reference implementation of the U.S. National
 * Telecommunications and Information Administration, Institute for
 * Telecommunication Sciences (NTIA/ITS, github.com/NTIA/itm). Credit: NTIA/ITS.
 * Changes from NTIA's code: C11 instead of C++, SI units (Hz) at the API,
 * percentages given as ratios 0..1, dx_status error codes with messages, and
 * a profile given as (count, spacing, heights) instead of the PFL array.
 *
 * Tests reproduce every NTIA reference vector (tests/data/itm_*.csv) to 0.1 dB.
 * Validity (NTIA): 20 MHz-20 GHz (warning outside 40 MHz-10 GHz), terminal
 * heights 0.5-3000 m (warning outside 1-1000 m), paths of 1-2000 km
 * (shorter paths still compute, with a warning bit).
 *
 * Thread safety: every function is reentrant.
 */
#ifndef DXSIM_ITM_H
#define DXSIM_ITM_H

#include <stddef.h>
#include "dxsim/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Radio climates of ITM (NTIA numbering). */
typedef enum {
    DX_ITM_CLIMATE_EQUATORIAL = 1,
    DX_ITM_CLIMATE_CONTINENTAL_SUBTROPICAL = 2,
    DX_ITM_CLIMATE_MARITIME_SUBTROPICAL = 3,
    DX_ITM_CLIMATE_DESERT = 4,
    DX_ITM_CLIMATE_CONTINENTAL_TEMPERATE = 5,
    DX_ITM_CLIMATE_MARITIME_TEMPERATE_LAND = 6,
    DX_ITM_CLIMATE_MARITIME_TEMPERATE_SEA = 7
} dx_itm_climate;

/** Mode of variability (NTIA mdvar 0-3; add 10 to drop location variability,
 *  20 to drop direct situation variability, as in NTIA's code). */
typedef enum {
    DX_ITM_MDVAR_SINGLE_MESSAGE = 0,
    DX_ITM_MDVAR_ACCIDENTAL = 1,
    DX_ITM_MDVAR_MOBILE = 2,
    DX_ITM_MDVAR_BROADCAST = 3
} dx_itm_mdvar;

/** Siting criteria (area mode). */
typedef enum {
    DX_ITM_SITING_RANDOM = 0,
    DX_ITM_SITING_CAREFUL = 1,
    DX_ITM_SITING_VERY_CAREFUL = 2
} dx_itm_siting;

/** Propagation mode reported by ITM. */
typedef enum {
    DX_ITM_MODE_LINE_OF_SIGHT = 1,
    DX_ITM_MODE_DIFFRACTION = 2,
    DX_ITM_MODE_TROPOSCATTER = 3
} dx_itm_mode;

/** Environment and variability parameters shared by both modes. */
typedef struct {
    unsigned int version;        /**< DX_ITM_PARAMS_VERSION */
    int climate;                 /**< dx_itm_climate; default 5 continental temperate
                                      (ASSUMED for Honshu inland; use 6 near coasts) */
    double n0_n_units;           /**< surface refractivity N_0; default 301 (ITM's
                                      "average atmospheric conditions", Hufford 1995) */
    int polarization_vertical;   /**< 1 vertical (default), 0 horizontal */
    double epsilon_ratio;        /**< relative permittivity of the ground; default 15
                                      (ITM "average ground") */
    double sigma_s_per_m;        /**< ground conductivity (S/m); default 0.005
                                      (ITM "average ground") */
    int mdvar;                   /**< dx_itm_mdvar (+10/+20 modifiers); default 1 accidental
                                      (NTIA command-line example) */
    double time_ratio;           /**< time variability quantile 0<q<1; default 0.5 */
    double location_ratio;       /**< location variability quantile 0<q<1; default 0.5 */
    double situation_ratio;      /**< situation (confidence) quantile 0<q<1; default 0.5 */
} dx_itm_params;
#define DX_ITM_PARAMS_VERSION 1
DX_API dx_status dx_itm_params_init(dx_itm_params *p, unsigned int version);
DX_API size_t dx_itm_params_size(void);

/** Intermediate values of one ITM evaluation (NTIA's IntermediateValues). */
typedef struct {
    double d_m;                 /**< path length (m) */
    double free_space_db;       /**< free-space loss NTIA style, 32.45 + 20 lg f_MHz + 20 lg d_km */
    double a_ref_db;            /**< reference attenuation (median, before variability) */
    double theta_hzn_rad[2];    /**< horizon elevation angles, TX and RX (rad) */
    double d_hzn_m[2];          /**< horizon distances (m) */
    double h_e_m[2];            /**< effective heights (m) */
    double n_s_n_units;         /**< surface refractivity at the path height */
    double delta_h_m;           /**< terrain irregularity parameter (m) */
    int mode;                   /**< dx_itm_mode */
    long warnings;              /**< NTIA warning bits (0 = none); see docs/terrain.md */
} dx_itm_details;

/**
 * ITM point-to-point: basic transmission loss over one terrain profile.
 * @param h_tx_m     TX antenna height above the first profile point (m), 0.5..3000
 * @param h_rx_m     RX antenna height above the last profile point (m), 0.5..3000
 * @param n_points   profile points including both ends, >= 3
 * @param spacing_m  uniform point spacing (m), > 0
 * @param elev_m     n_points terrain heights above sea level (m), TX first
 * @param f_hz       frequency (Hz), 20 MHz..20 GHz
 * @param p          parameters (NULL = defaults)
 * @param out_loss_db   basic transmission loss (dB)
 * @param out_details   optional intermediate values (may be NULL)
 * @return DX_OK; DX_EINVAL / DX_EDOMAIN naming the argument otherwise
 */
DX_API dx_status dx_itm_p2p_loss_db(double h_tx_m, double h_rx_m, size_t n_points,
                                    double spacing_m, const double *elev_m, double f_hz,
                                    const dx_itm_params *p, double *out_loss_db,
                                    dx_itm_details *out_details);

/**
 * ITM area mode: median-terrain prediction from the terrain irregularity
 * parameter delta_h instead of a profile.
 * @param h_tx_m, h_rx_m   structural antenna heights (m)
 * @param tx_siting, rx_siting   dx_itm_siting
 * @param d_m        path length (m), > 0
 * @param delta_h_m  terrain irregularity parameter (m), >= 0 (90 m = hills, ITM)
 * @param f_hz       frequency (Hz)
 */
DX_API dx_status dx_itm_area_loss_db(double h_tx_m, double h_rx_m, int tx_siting,
                                     int rx_siting, double d_m, double delta_h_m, double f_hz,
                                     const dx_itm_params *p, double *out_loss_db,
                                     dx_itm_details *out_details);

#ifdef __cplusplus
}
#endif
#endif /* DXSIM_ITM_H */
