/**
 * @file dxsim/calibrate.h
 * Calibrating a path-loss model to drive-test / LPWA measurements:
 *
 *   PL_cal(d) = PL_model(d) + offset_db + slope_db_per_decade log10(d / d_ref_m)
 *               + sum_k coef_k x_k                 (optional extra columns)
 *
 * fitted by least squares (LAPACKE_dgels, QR), or, when some samples are
 * censored (packets lost below the receiver sensitivity: the true loss is at
 * least the recorded value), by Tobit maximum likelihood (GSL BFGS). Reports
 * confidence intervals of every parameter, the residual sigma (and the
 * location sigma after averaging out fast fading over consecutive samples),
 * in-sample RMSE and bias, and the leave-one-group-out RMSE.
 *
 * Thread safety: every function is reentrant.
 */
#ifndef DXSIM_CALIBRATE_H
#define DXSIM_CALIBRATE_H

#include <stddef.h>
#include "dxsim/common.h"
#include "dxsim/propagation.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Most extra regressor columns a fit accepts. */
#define DX_CALIBRATE_MAX_EXTRA 8

typedef struct {
    unsigned int version;      /**< DX_CALIBRATE_OPTIONS_VERSION */
    double d_ref_m;            /**< reference distance of the slope term; default 1000 m
                                    (ASSUMED: mid-range of LPWA / Local 5G cells) */
    int fit_offset;            /**< 1 (default): fit offset_db; 0: offset fixed at 0 */
    int fit_slope;             /**< 1 (default): fit slope_db_per_decade; 0: fixed at 0 */
    size_t n_extra;            /**< extra columns in `extra` (0..DX_CALIBRATE_MAX_EXTRA) */
    double confidence_ratio;   /**< two-sided confidence level of the intervals; default 0.95 */
    size_t fast_fading_window; /**< consecutive samples (same group) averaged in linear power
                                    before the location sigma; default 0 = no averaging */
    int max_iterations;        /**< Tobit ML iterations; default 200 */
} dx_calibrate_options;
#define DX_CALIBRATE_OPTIONS_VERSION 1
DX_API dx_status dx_calibrate_options_init(dx_calibrate_options *o, unsigned int version);
DX_API size_t dx_calibrate_options_size(void);

/** Result of a fit. Unused intervals are NaN. */
typedef struct {
    double offset_db;
    double slope_db_per_decade;
    double d_ref_m;
    double extra_coef[DX_CALIBRATE_MAX_EXTRA];
    size_t n_extra;
    double offset_ci_db[2];               /**< confidence interval (low, high) */
    double slope_ci_db_per_decade[2];
    double extra_ci[DX_CALIBRATE_MAX_EXTRA][2];
    double sigma_db;          /**< residual standard deviation (unbiased; ML with censoring) */
    double sigma_ci_db[2];    /**< chi-square interval (uncensored) or Wald interval of log sigma */
    double sigma_location_db; /**< sigma of window means (fast fading removed); = sigma_db
                                   when fast_fading_window < 2 */
    double rmse_db;           /**< in-sample RMSE of the calibrated model (uncensored samples) */
    double bias_db;           /**< mean(measured - calibrated) over uncensored samples */
    double model_rmse_db;     /**< RMSE of the uncalibrated model */
    double model_bias_db;     /**< mean(measured - model) of the uncalibrated model */
    double loo_rmse_db;       /**< leave-one-group-out RMSE (each sample its own group when
                                   groups is NULL); NaN if fewer than 2 groups */
    size_t n_samples, n_censored, n_groups;
    int censored_ml;          /**< 1 when the Tobit likelihood was used */
} dx_calibration;

/**
 * Fit the calibration.
 * @param n            samples (>= number of fitted parameters + 1)
 * @param d2d_m        n distances (m), > 0
 * @param pl_model_db  n model path losses (dB) at the samples
 * @param pl_meas_db   n measured path losses (dB); for a censored sample the
 *                     lower bound (TX power + gains - sensitivity)
 * @param censored     n flags (1 = lost packet, loss >= pl_meas_db) or NULL
 * @param extra        n x n_extra row-major extra columns, or NULL
 * @param groups       n group ids for leave-one-group-out (e.g. route or site),
 *                     or NULL (leave-one-sample-out)
 * @param opts         options or NULL (defaults)
 * @param out          result
 * @return DX_OK; DX_EINVAL / DX_EDOMAIN naming the sample; DX_ENOCONV if the
 *         Tobit fit does not converge (too few uncensored samples, say)
 */
DX_API dx_status dx_calibrate_fit(size_t n, const double *d2d_m, const double *pl_model_db,
                                  const double *pl_meas_db, const unsigned char *censored,
                                  const double *extra, const int *groups,
                                  const dx_calibrate_options *opts, dx_calibration *out);

/**
 * Same, with the model path loss computed here by dx_propagation_path_loss_db
 * with the NLOS formula (params->los is overridden to NLOS).
 */
DX_API dx_status dx_calibrate_fit_model(dx_propagation_model model,
                                        const dx_propagation_params *params, double fc_hz,
                                        double h_bs_m, double h_ut_m, size_t n,
                                        const double *d2d_m, const double *pl_meas_db,
                                        const unsigned char *censored, const double *extra,
                                        const int *groups, const dx_calibrate_options *opts,
                                        dx_calibration *out);

/** Calibrated path loss for n links: pl_model + offset + slope log10(d/d_ref) + extras. */
DX_API dx_status dx_calibrate_apply(const dx_calibration *cal, size_t n, const double *d2d_m,
                                    const double *pl_model_db, const double *extra,
                                    double *out_pl_db);

/** What a fit was made against, written beside its figures (dx_calibrate_write_xml). */
typedef struct {
    const char *model;      /**< propagation model name ("hata"), or NULL */
    double fc_hz;           /**< NaN = not stated */
    double h_bs_m, h_ut_m;  /**< NaN = not stated */
    const char *technology; /**< catalogue id the fit is for, or NULL (every technology) */
    const char *source;     /**< where the measurements come from (file name), or NULL */
} dx_calibration_info;

/**
 * Write a fit as the XML file a scenario reads with <calibration file="fit.xml"/>:
 * one <calibration> element with offset_db, slope_db_per_decade, d_ref_m,
 * sigma_db (the figures a scenario's inline <calibration> takes), then the
 * validation figures rmse_db, loo_rmse_db, bias_db, model_rmse_db,
 * sigma_location_db, n_samples, n_censored, n_groups, and info's model,
 * fc_hz, h_bs_m, h_ut_m, technology, source. Numbers are written with 10
 * significant digits, locale-independent; NaN figures are left out. The file
 * is written atomically (temporary name, then rename).
 * @param info  may be NULL
 * @return DX_OK; DX_EINVAL (non-finite offset/slope, d_ref <= 0, sigma < 0); DX_EIO; DX_ENOMEM.
 */
DX_API dx_status dx_calibrate_write_xml(const dx_calibration *c, const dx_calibration_info *info,
                                        const char *path);

/**
 * LoRa received signal power from the RSSI and SNR a Semtech chip reports.
 * The packet RSSI is the in-band power of signal plus noise, so it saturates
 * at the noise floor. Semtech SX1276/77/78/79 datasheet §5.5.5 (and SX1272
 * §5.5.5): packet strength = PacketRssi + PacketSnr when SNR < 0, PacketRssi
 * otherwise. libdxsim uses the exact split of S + N = RSSI:
 *   S = RSSI + SNR - 10 log10(1 + 10^(SNR/10))
 * for SNR < 0 (it tends to Semtech's RSSI + SNR well below the floor), and
 * S = RSSI for SNR >= 0 as Semtech; exact_all_snr = 1 applies the exact
 * split at every SNR (continuous at 0 dB, where the two rules differ by 3 dB).
 */
DX_API dx_status dx_calibrate_lora_signal_dbm(size_t n, const double *rssi_dbm,
                                              const double *snr_db, int exact_all_snr,
                                              double *out_signal_dbm);

/** Measurements read from a drive-test / LPWA table (dx_calibrate_samples_parse_csv). */
typedef struct {
    size_t n;                  /**< samples */
    double *d2d_m;             /**< n horizontal distances to the base station (m, > 0) */
    double *path_loss_db;      /**< n path losses (dB); a lower bound where lost[i] = 1 */
    unsigned char *lost;       /**< n flags: 1 = packet lost (censored sample) */
    int *group;                /**< n group indices (0 without a group column) */
    size_t n_groups;           /**< distinct group names (0 without a group column) */
    int has_lost;              /**< 1 when any sample is lost */
    int has_group;             /**< 1 when the table has a group column */
} dx_calibrate_samples;

/**
 * Parse the measurement table of `dxsim calibrate` (CSV; '#' lines are
 * comments; the header names the columns in any order): d2d_m, or the
 * positions lat, lon, site_lat, site_lon in degrees (aliases latitude,
 * longitude, lng, 緯度, 経度, gw_lat, gtw_lat, gateway_lat, gateway_latitude, bs_lat,
 * site_latitude and the same for _lon; any case, a unit in brackets; d2d_m = the GRS80
 * geodesic, and without a group column each site position is a group),
 * path_loss_db, or rssi_dbm and snr_db (also rssi, snr: path loss = tx_dbm -
 * LoRa signal, see dx_calibrate_lora_signal_dbm), or a received power rx_dbm,
 * rsrp_dbm, rsrp, or rssi_dbm / rssi without an SNR column (path loss =
 * tx_dbm - value); lost (0/1, optional: the loss is at least
 * path_loss_db, or tx_dbm - sensitivity_dbm); group (optional, any text).
 * Lines are read in full; numbers must be finite. At most 10^7 samples.
 * @param name             file name for messages (NULL: "(measurements)")
 * @param tx_dbm           EIRP + RX antenna gain (dBm), NaN when not given
 * @param sensitivity_dbm  receiver sensitivity (dBm), NaN when not given
 * @param out              filled; release with dx_calibrate_samples_dispose
 * @return DX_OK; DX_EPARSE / DX_EDOMAIN / DX_EINVAL naming file, line, column
 *         and value; DX_ENOMEM. On error *out is empty.
 */
DX_API dx_status dx_calibrate_samples_parse_csv(const char *text, size_t len, const char *name,
                                                double tx_dbm, double sensitivity_dbm,
                                                dx_calibrate_samples *out);

/** Options of dx_calibrate_samples_read_csv. */
typedef struct {
    unsigned int version;      /**< DX_CALIBRATE_CSV_OPTIONS_VERSION */
    double tx_dbm;             /**< EIRP + RX antenna gain (dBm); NaN (default) when not given */
    double sensitivity_dbm;    /**< receiver sensitivity (dBm); NaN (default) when not given */
    /** The site every row was measured from, for a table of positions lat, lon
     * without site columns (a drive test around one base station): degrees,
     * JGD2011/WGS84; NaN (default): the table's site_lat/site_lon columns.
     * Both or neither; refused together with a d2d_m or site column. Without
     * a group column the samples are then one group (no leave-one-group-out). */
    double site_lat_deg, site_lon_deg;
} dx_calibrate_csv_options;
#define DX_CALIBRATE_CSV_OPTIONS_VERSION 1
/** Defaults: every field NaN (not given). DX_EINVAL for NULL or another version. */
DX_API dx_status dx_calibrate_csv_options_init(dx_calibrate_csv_options *o, unsigned int version);
/** sizeof(dx_calibrate_csv_options), for bindings to check their layout. */
DX_API size_t dx_calibrate_csv_options_size(void);

/**
 * dx_calibrate_samples_parse_csv with options (the tables it reads, its
 * errors), and a site position for tables that log the measurement point
 * only (opts->site_lat_deg, site_lon_deg).
 * @return as dx_calibrate_samples_parse_csv; DX_EDOMAIN for a site position
 *         out of range or given half; DX_EINVAL for a site given twice (option
 *         and column) or an options version this library does not know.
 */
DX_API dx_status dx_calibrate_samples_read_csv(const char *text, size_t len, const char *name,
                                               const dx_calibrate_csv_options *opts,
                                               dx_calibrate_samples *out);

/** Free the arrays of s and zero it. NULL is a no-op. */
DX_API void dx_calibrate_samples_dispose(dx_calibrate_samples *s);

#ifdef __cplusplus
}
#endif
#endif /* DXSIM_CALIBRATE_H */
