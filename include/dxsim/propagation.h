/**
 * @file dxsim/propagation.h
 * Stage 2 of the pipeline: path loss and the extra losses on a link.
 *
 * Every model is implemented from its standard (the clause is cited beside
 * each declaration), declares its validity range, and is tested against
 * values published by somebody else (tests/data/propagation_*.csv).
 *
 * Array kernels take a count, input arrays of that many elements and
 * caller-owned output arrays. Inputs outside a model's validity range are
 * never silently extrapolated: the value is still computed from the model's
 * formula, the element is flagged (bit DX_PROPAGATION_FLAG_OUTSIDE in
 * out_flags), the flagged elements are counted (out_n_outside) and
 * dx_last_error() describes the first one, while the call returns DX_OK.
 * Invalid inputs (NaN, negative distance, zero frequency, unknown model)
 * return DX_EINVAL or DX_EDOMAIN with a message naming the argument, index,
 * value and unit; outputs are then unspecified.
 *
 * Thread safety: every function is reentrant (no mutable global state).
 */
#ifndef DXSIM_PROPAGATION_H
#define DXSIM_PROPAGATION_H

#include <stddef.h>
#include "dxsim/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Path-loss models of dx_propagation_path_loss_db (names: dx_propagation_model_name). */
typedef enum {
    DX_PROPAGATION_FSPL = 0,         /**< "fspl": free space, ITU-R P.525 eq. (4), 3D distance */
    DX_PROPAGATION_LOG_DISTANCE = 1, /**< "log-distance": PL0 + 10 n log10(d/d0) */
    DX_PROPAGATION_TWO_RAY = 2,      /**< "two-ray": Friis below the crossover, plane earth beyond */
    DX_PROPAGATION_HATA = 3,         /**< "hata": Okumura-Hata (Hata 1980), 150-1500 MHz */
    DX_PROPAGATION_COST231_HATA = 4, /**< "cost231-hata": COST 231 final report §4.4.1, 1.5-2 GHz */
    DX_PROPAGATION_P1411_LOS = 5,    /**< "p1411-los": ITU-R P.1411 §4.1.1 LOS in street canyons (UHF) */
    DX_PROPAGATION_P1411_NLOS = 6,   /**< "p1411-nlos": ITU-R P.1411-4 §4.2.1 NLOS over roof-tops
                                          (steps where d_s crosses l, as in that revision) */
    DX_PROPAGATION_38901_RMA = 7,    /**< "38901-rma": 3GPP TR 38.901 Table 7.4.1-1 RMa */
    DX_PROPAGATION_38901_UMA = 8,    /**< "38901-uma": UMa */
    DX_PROPAGATION_38901_UMI = 9,    /**< "38901-umi": UMi street canyon */
    DX_PROPAGATION_38901_INH = 10,   /**< "38901-inh": InH office */
    DX_PROPAGATION_38901_INF_SL = 11, /**< "38901-inf-sl": InF sparse clutter, low BS */
    DX_PROPAGATION_38901_INF_DL = 12, /**< "38901-inf-dl": InF dense clutter, low BS */
    DX_PROPAGATION_38901_INF_SH = 13, /**< "38901-inf-sh": InF sparse clutter, high BS */
    DX_PROPAGATION_38901_INF_DH = 14  /**< "38901-inf-dh": InF dense clutter, high BS */
} dx_propagation_model;

/** Number of dx_propagation_model values. */
#define DX_PROPAGATION_MODEL_COUNT 15

/** Line-of-sight condition of a link. */
typedef enum { DX_PROPAGATION_LOS = 0, DX_PROPAGATION_NLOS = 1 } dx_propagation_los;

/**
 * Environment class for Okumura-Hata, COST-231 Hata and the P.1411 NLOS
 * frequency term k_f (which uses COST 231's medium-city / metropolitan split).
 */
typedef enum {
    DX_PROPAGATION_ENV_URBAN_MEDIUM = 0, /**< Hata small/medium city; COST-231 and P.1411 "medium
                                              sized city and suburban centres" (C_m = 0 dB) */
    DX_PROPAGATION_ENV_URBAN_LARGE = 1,  /**< Hata large city; COST-231 and P.1411 "metropolitan
                                              centres" (C_m = 3 dB) */
    DX_PROPAGATION_ENV_SUBURBAN = 2,     /**< Hata suburban correction; COST-231 as medium city */
    DX_PROPAGATION_ENV_OPEN = 3          /**< Hata open area; not defined for COST-231 (DX_EINVAL) */
} dx_propagation_environment;

/** Per-element flag bit: the element lies outside the model's validity range. */
#define DX_PROPAGATION_FLAG_OUTSIDE 0x1u
/**
 * Per-element flag bit (informative, not counted in out_n_outside): a 38.901
 * scenario with a fixed nominal BS height (UMa 25 m, UMi 10 m, InH 3 m) was
 * evaluated at another BS height.
 */
#define DX_PROPAGATION_FLAG_NOMINAL_HEIGHT 0x2u

/**
 * Model parameters. Fill with dx_propagation_params_init, then change fields.
 * Fields are only appended; each addition bumps DX_PROPAGATION_PARAMS_VERSION.
 */
typedef struct {
    unsigned int version;     /**< DX_PROPAGATION_PARAMS_VERSION */
    dx_propagation_los los;   /**< LOS or NLOS formula; default DX_PROPAGATION_LOS */
    /* log-distance */
    double pl0_db;            /**< loss at d0_m; default NaN = free-space loss at d0_m for fc */
    double d0_m;              /**< reference distance; default 1 m */
    double exponent;          /**< path-loss exponent n; default 3 (ASSUMED, ns-3 default) */
    /* Hata, COST-231, P.1411 NLOS */
    dx_propagation_environment environment; /**< default DX_PROPAGATION_ENV_URBAN_MEDIUM */
    /* 38.901 RMa (Table 7.4.1-1 note: h and W of the RMa scenario) */
    double h_building_m;      /**< average building height h; default 5 m (38.901 RMa) */
    double street_width_m;    /**< average street width W (RMa) and w (P.1411); default 20 m */
    /* P.1411-4 §4.2.1 NLOS over roof-tops (defaults ASSUMED, as ns-3's) */
    double h_roof_m;          /**< average roof-top height h_R; default 20 m */
    double building_separation_m; /**< building separation b; default 50 m */
    double street_orientation_deg; /**< street angle phi to the direct path, 0..90; default 45 */
    double building_extent_m; /**< length l of the path covered by buildings; default 80 m */
    /* 38.901 UMa/UMi breakpoint (§7.4.1 note 1) */
    double h_e_m;             /**< effective environment height h_E; default 1 m (its value with
                                   probability 1/(1+C) in UMa, always in UMi) */
    /* 38.901 InH LOS probability (Table 7.4.2-1) */
    int inh_open_office;      /**< 0 = mixed office (default), 1 = open office */
    /* 38.901 InF (Table 7.2-4); 0 = the sub-scenario's default (see .c) */
    double clutter_density_ratio; /**< clutter density r, 0..1 */
    double clutter_size_m;    /**< clutter size d_clutter */
    double clutter_height_m;  /**< clutter height h_c */
} dx_propagation_params;

/** Version of dx_propagation_params this header describes. */
#define DX_PROPAGATION_PARAMS_VERSION 1

/**
 * Fill a parameter struct with the defaults documented on each field.
 * @param p        struct to fill (caller-owned)
 * @param version  DX_PROPAGATION_PARAMS_VERSION
 * @return DX_OK; DX_EINVAL if p is NULL or version is newer than the library
 */
DX_API dx_status dx_propagation_params_init(dx_propagation_params *p, unsigned int version);

/** sizeof(dx_propagation_params) in the library (bindings check their layout). */
DX_API size_t dx_propagation_params_size(void);

/**
 * Model from its name ("fspl", "log-distance", "two-ray", "hata",
 * "cost231-hata", "p1411-los", "p1411-nlos", "38901-rma", "38901-uma",
 * "38901-umi", "38901-inh", "38901-inf-sl", "38901-inf-dl", "38901-inf-sh",
 * "38901-inf-dh").
 * @return DX_OK; DX_EINVAL for NULL arguments; DX_ENOTFOUND for an unknown name
 */
DX_API dx_status dx_propagation_model_from_name(const char *name, dx_propagation_model *out);

/** Name of a model, e.g. "38901-uma"; "unknown" for other values. Never NULL, static. */
DX_API const char *dx_propagation_model_name(dx_propagation_model m);

/**
 * Basic transmission loss of n links.
 *
 * Distances: d2d_m is the horizontal distance; the models that need the
 * direct (3D) distance use sqrt(d2d^2 + (h_bs - h_ut)^2). Heights are above
 * local ground. 38.901 NLOS is max(PL_LOS, PL'_NLOS) as Table 7.4.1-1 defines
 * it; InF-DL also takes the max with InF-SL. Breakpoint distances use the
 * effective heights of §7.4.1 note 1 (h_e_m).
 *
 * @param model          path-loss model
 * @param params         parameters, or NULL for the defaults (LOS)
 * @param n              number of links (0 is allowed: nothing is written)
 * @param fc_hz          n carrier frequencies (Hz), > 0
 * @param d2d_m          n horizontal distances (m), >= 0 (3D distance must be > 0)
 * @param h_bs_m         n base-station (transmitter) antenna heights (m), > 0
 * @param h_ut_m         n user-terminal (receiver) antenna heights (m), > 0
 * @param out_pl_db      n path losses (dB), caller-owned
 * @param out_flags      n flag bytes (DX_PROPAGATION_FLAG_*), or NULL
 * @param out_n_outside  number of elements outside the validity range, or NULL
 * @return DX_OK (also when elements are flagged; dx_last_error() then describes
 *         the first); DX_EINVAL for NULL arrays or an unknown model/parameter;
 *         DX_EDOMAIN for NaN, negative or zero inputs (message names index,
 *         value and unit)
 */
DX_API dx_status dx_propagation_path_loss_db(dx_propagation_model model,
                                             const dx_propagation_params *params, size_t n,
                                             const double *fc_hz, const double *d2d_m,
                                             const double *h_bs_m, const double *h_ut_m,
                                             double *out_pl_db, unsigned char *out_flags,
                                             size_t *out_n_outside);

/**
 * LOS probability of 3GPP TR 38.901 Table 7.4.2-1 for n links.
 * Models other than the 38.901 ones give DX_EINVAL. InF uses the clutter
 * parameters of params; InF-SH/DH also need the BS height and take the
 * Table 7.2-4 value h_BS = 8 m here (use dx_propagation_los_probability_bs
 * for another height).
 * @param model      a 38.901 model
 * @param params     parameters (InH office type, InF clutter), or NULL
 * @param n          number of links
 * @param d2d_m      n horizontal distances (m), >= 0
 * @param h_ut_m     n UT heights (m), > 0 (UMa uses C'(h_UT); InF-SH/DH use it)
 * @param out_ratio  n probabilities in [0, 1]
 * @return DX_OK; DX_EINVAL / DX_EDOMAIN as for dx_propagation_path_loss_db
 */
DX_API dx_status dx_propagation_los_probability(dx_propagation_model model,
                                                const dx_propagation_params *params, size_t n,
                                                const double *d2d_m, const double *h_ut_m,
                                                double *out_ratio);

/**
 * As dx_propagation_los_probability with an explicit BS height per link
 * (used by InF-SH/DH, ignored by the other models).
 * @param h_bs_m  n BS heights (m), > 0
 */
DX_API dx_status dx_propagation_los_probability_bs(dx_propagation_model model,
                                                   const dx_propagation_params *params, size_t n,
                                                   const double *d2d_m, const double *h_bs_m,
                                                   const double *h_ut_m, double *out_ratio);

/**
 * Shadow-fading standard deviation of 3GPP TR 38.901 Table 7.4.1-1.
 * RMa LOS depends on the distance (4 dB before the breakpoint, 6 dB after);
 * its breakpoint is computed with the RMa default heights h_BS = 35 m,
 * h_UT = 1.5 m. Other models have no σ in their standard: DX_EINVAL.
 * @param model         a 38.901 model
 * @param los           condition
 * @param fc_hz         carrier frequency (Hz), > 0 (RMa breakpoint)
 * @param d2d_m         horizontal distance (m), >= 0 (RMa LOS only)
 * @param out_sigma_db  receives σ_SF (dB)
 * @return DX_OK; DX_EINVAL for another model or NULL out; DX_EDOMAIN for bad fc/d
 */
DX_API dx_status dx_propagation_shadow_fading_sigma_db(dx_propagation_model model,
                                                       dx_propagation_los los, double fc_hz,
                                                       double d2d_m, double *out_sigma_db);

/* ---- ITU-R extra losses --------------------------------------------------- */

/**
 * ITU-R P.838-3 rain coefficients k and alpha (eqs. 2-5) for n links.
 * Validity: 1-1000 GHz (flagged outside).
 * @param f_ghz          n frequencies (GHz), > 0
 * @param elevation_deg  n path elevations (degrees), -90..90
 * @param tilt_deg       n polarisation tilt angles (degrees; 0 horizontal,
 *                       90 vertical, 45 circular)
 * @param out_k          n values of k
 * @param out_alpha      n values of alpha
 * @param out_flags      n flag bytes, or NULL
 * @param out_n_outside  count of flagged elements, or NULL
 */
DX_API dx_status dx_propagation_p838_coefficients(size_t n, const double *f_ghz,
                                                  const double *elevation_deg,
                                                  const double *tilt_deg, double *out_k,
                                                  double *out_alpha, unsigned char *out_flags,
                                                  size_t *out_n_outside);

/**
 * ITU-R P.838-3 rain specific attenuation gamma_R = k R^alpha (eq. 1), dB/km.
 * @param rain_mm_per_h  n rain rates (mm/h), >= 0
 * Other arguments as dx_propagation_p838_coefficients.
 */
DX_API dx_status dx_propagation_p838_specific_attenuation_db_per_km(
    size_t n, const double *f_ghz, const double *rain_mm_per_h, const double *elevation_deg,
    const double *tilt_deg, double *out_db_per_km, unsigned char *out_flags,
    size_t *out_n_outside);

/**
 * ITU-R P.676-12 Annex 1 line-by-line gaseous specific attenuation (eqs. 1-9).
 * Validity: 1-1000 GHz (flagged outside).
 * @param f_ghz                   n frequencies (GHz), > 0
 * @param pressure_hpa            n dry-air pressures p (hPa), > 0
 * @param temperature_k           n temperatures (K), > 0
 * @param water_vapour_g_per_m3   n water-vapour densities rho (g/m^3), >= 0
 * @param out_oxygen_db_per_km    n dry-air (oxygen) attenuations gamma_o
 * @param out_water_db_per_km     n water-vapour attenuations gamma_w
 */
DX_API dx_status dx_propagation_p676_specific_attenuation_db_per_km(
    size_t n, const double *f_ghz, const double *pressure_hpa, const double *temperature_k,
    const double *water_vapour_g_per_m3, double *out_oxygen_db_per_km,
    double *out_water_db_per_km, unsigned char *out_flags, size_t *out_n_outside);

/** Clutter categories of ITU-R P.2108 Table 3. */
typedef enum {
    DX_P2108_WATER_SEA = 0,
    DX_P2108_OPEN_RURAL = 1,
    DX_P2108_SUBURBAN = 2,
    DX_P2108_URBAN = 3,
    DX_P2108_TREES_FOREST = 4,
    DX_P2108_DENSE_URBAN = 5
} dx_p2108_clutter;

/**
 * ITU-R P.2108-1 §3.1 height-gain terminal correction (eqs. (2a)-(2g)): for h < R,
 * Kh2-log model for water/sea and open/rural, J(nu) - 6.03 diffraction model otherwise;
 * 0 for h >= R.
 * Validity: 0.03-3 GHz (flagged outside).
 * @param f_ghz           n frequencies (GHz)
 * @param h_m             n antenna heights above ground (m), > 0
 * @param street_width_m  n street widths w_s (m), > 0 (Table 3 suggests 27 m)
 * @param r_m             n representative clutter heights R (m), > 0, or NULL
 *                        for Table 3's default of the clutter type
 * @param clutter         clutter type (selects the model of Table 3)
 * @param out_db          n corrections A_h (dB)
 */
DX_API dx_status dx_propagation_p2108_height_gain_correction_db(
    size_t n, const double *f_ghz, const double *h_m, const double *street_width_m,
    const double *r_m, dx_p2108_clutter clutter, double *out_db, unsigned char *out_flags,
    size_t *out_n_outside);

/**
 * ITU-R P.2108-1 §3.2 statistical clutter loss for terrestrial paths (eqs. (3)-(6):
 * never more than the 2 km value), for one end of the path; Q^-1 is the exact
 * inverse complementary normal (GSL). Validity: 2-67 GHz, d >= 0.25 km, 0 < p < 100.
 * @param d_km       n path lengths (km), > 0
 * @param p_percent  n percentages of locations, 0 < p < 100
 */
DX_API dx_status dx_propagation_p2108_terrestrial_clutter_loss_db(
    size_t n, const double *f_ghz, const double *d_km, const double *p_percent, double *out_db,
    unsigned char *out_flags, size_t *out_n_outside);

/**
 * ITU-R P.2108-1 §3.3 earth-space and aeronautical statistical clutter loss
 * (K1 = 93 f^0.175, A1 = 0.05). Validity: 10-100 GHz, elevation 0-90 deg, 0 < p < 100.
 */
DX_API dx_status dx_propagation_p2108_earth_space_clutter_loss_db(
    size_t n, const double *f_ghz, const double *elevation_deg, const double *p_percent,
    double *out_db, unsigned char *out_flags, size_t *out_n_outside);

/** Building types of ITU-R P.2109 Table 1. */
typedef enum {
    DX_P2109_TRADITIONAL = 0,
    DX_P2109_THERMALLY_EFFICIENT = 1
} dx_p2109_building;

/**
 * ITU-R P.2109-1 building entry loss not exceeded for p % of locations
 * (Annex 1 §3 with the Table 1 coefficients; F^-1 is the exact inverse normal).
 * Validity: 0.08-100 GHz, 0 < p < 100, |elevation| <= 90.
 */
DX_API dx_status dx_propagation_p2109_building_entry_loss_db(
    size_t n, const double *f_ghz, const double *p_percent, const double *elevation_deg,
    dx_p2109_building building, double *out_db, unsigned char *out_flags,
    size_t *out_n_outside);

/**
 * ITU-R P.833-9 §2 (eqs. 1-2): excess loss of a terrestrial path with one
 * terminal in woodland, A_ev = A_m (1 - exp(-d gamma / A_m)).
 * gamma and A_m are inputs; NULL takes them from P.833-9 Table 1 (vertical
 * polarisation, measured at 105.9-2117.5 MHz), interpolated linearly in
 * log(f) between its rows; with those defaults, frequencies outside
 * 105.9-2117.5 MHz are flagged (the table's end values are then used).
 * @param f_hz            n frequencies (Hz), > 0
 * @param depth_m         n vegetation depths d (m), >= 0
 * @param gamma_db_per_m  n specific attenuations gamma (dB/m), > 0, or NULL
 * @param a_max_db        n maximum attenuations A_m (dB), > 0, or NULL
 * @param out_db          n excess losses A_ev (dB)
 */
DX_API dx_status dx_propagation_p833_vegetation_loss_db(size_t n, const double *f_hz,
                                                        const double *depth_m,
                                                        const double *gamma_db_per_m,
                                                        const double *a_max_db, double *out_db,
                                                        unsigned char *out_flags,
                                                        size_t *out_n_outside);

/**
 * ITU-R P.526-15 eq. (31): single knife-edge loss J(v) in dB, with J = 0 for
 * v <= -0.78.
 * @param v       n diffraction parameters (any finite value)
 * @param out_db  n losses (dB)
 */
DX_API dx_status dx_propagation_p526_knife_edge_loss_db(size_t n, const double *v,
                                                        double *out_db);

/** Terrain-diffraction methods of ITU-R P.526. */
typedef enum {
    DX_DIFFRACTION_BULLINGTON = 0, /**< Bullington construction as written in ITU-R P.452-17
                                        §4.2.1 eqs. (14)-(22) (used by P.526-15 for a general
                                        path), with the (10 + 0.02 d) correction */
    DX_DIFFRACTION_DEYGOUT = 1     /**< ITU-R P.526 Deygout construction: principal edge and one
                                        secondary edge each side, L = J(nu_p) + T [J(nu_t) +
                                        J(nu_r) + C], T = 1 - exp(-J(nu_p)/6), C = 10 + 0.04 D */
} dx_diffraction_method;

/**
 * Diffraction loss over one terrain profile (ITU-R P.526), effective Earth
 * radius 8 495 km (k = 4/3).
 * @param method        Bullington or Deygout
 * @param n_points      profile points, >= 3 (first = transmitter, last = receiver)
 * @param distance_m    n_points distances from the transmitter (m), increasing, first 0
 * @param height_m      n_points terrain heights above sea level (m)
 * @param fc_hz         frequency (Hz), > 0
 * @param h_tx_m        transmitter antenna height above the first terrain point (m)
 * @param h_rx_m        receiver antenna height above the last terrain point (m)
 * @param out_loss_db   receives the diffraction loss (dB)
 * @return DX_OK; DX_EINVAL for NULL or n_points < 3; DX_EDOMAIN for bad values
 */
DX_API dx_status dx_propagation_diffraction_loss_db(dx_diffraction_method method,
                                                    size_t n_points, const double *distance_m,
                                                    const double *height_m, double fc_hz,
                                                    double h_tx_m, double h_rx_m,
                                                    double *out_loss_db);

#ifdef __cplusplus
}
#endif
#endif /* DXSIM_PROPAGATION_H */
