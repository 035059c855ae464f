/**
 * @file dxsim/link.h
 * Stage 3 of the pipeline (link): noise, EIRP, link budget, antenna patterns
 * and the Japanese transmit-power rules (domain-japan.md §1.3, §2.1, §3.1, §4.1).
 *
 * A design above a Japanese power cap is refused (DX_EREFUSED, with a message
 * naming the rule, the value, the cap and the source), never silently clipped.
 * All functions are reentrant (no mutable state).
 */
#ifndef DXSIM_LINK_H
#define DXSIM_LINK_H

#include <stddef.h>
#include "dxsim/common.h"
#include "dxsim/technology.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Receiver noise floor kTB + NF (dBm) at T = 290 K (ITU-R P.372 reference
 * temperature): -174.0 dBm/Hz + 10 log10(B) + NF.
 * @param n               number of values
 * @param bw_hz           n bandwidths (Hz), > 0
 * @param noise_figure_db n noise figures (dB), >= 0
 * @param out_dbm         receives n noise powers (dBm)
 * @return DX_OK; DX_EINVAL for NULL; DX_EDOMAIN naming the first bad index
 */
DX_API dx_status dx_link_thermal_noise_dbm(size_t n, const double *bw_hz,
                                           const double *noise_figure_db, double *out_dbm);

/**
 * EIRP (dBm) = conducted power + antenna gain - cable loss.
 * @return DX_OK; DX_EINVAL for NULL; DX_EDOMAIN for a negative cable loss
 */
DX_API dx_status dx_link_eirp_dbm(size_t n, const double *tx_power_dbm,
                                  const double *antenna_gain_dbi, const double *cable_loss_db,
                                  double *out_eirp_dbm);

/**
 * SINR (dB) = S / (N + sum I) with all powers in dBm; interference given as one
 * aggregate power per value (use -INFINITY for none).
 * @return DX_OK; DX_EINVAL for NULL
 */
DX_API dx_status dx_link_sinr_db(size_t n, const double *signal_dbm, const double *noise_dbm,
                                 const double *interference_dbm, double *out_sinr_db);

/** A point-to-point link budget (one direction). */
typedef struct {
    unsigned int version;          /**< DX_LINK_BUDGET_VERSION */
    double tx_power_dbm;           /**< conducted power at the antenna port; default 23 */
    double tx_antenna_gain_dbi;    /**< default 0 */
    double tx_cable_loss_db;       /**< default 0 */
    double rx_antenna_gain_dbi;    /**< default 0 */
    double rx_cable_loss_db;       /**< default 0 */
    double body_loss_db;           /**< user body loss; default 0 (handheld: 3 dB, ASSUMED) */
    double penetration_loss_db;    /**< building/vehicle entry loss; default 0 */
    double interference_margin_db; /**< noise rise allowance; default 0 */
    double bandwidth_hz;           /**< receiver noise bandwidth; default 20e6 */
    double noise_figure_db;        /**< receiver NF; default 7 */
    double required_sinr_db;       /**< SINR of the target MCS; default 0 */
    double shadowing_margin_db;    /**< log-normal fade margin; default 0 */
    double other_loss_db;          /**< any further loss (foliage, polarisation); default 0 */
} dx_link_budget;
#define DX_LINK_BUDGET_VERSION 1u

/** Fill *lb with the defaults. @return DX_OK; DX_EINVAL for NULL or a newer version */
DX_API dx_status dx_link_budget_init(dx_link_budget *lb, unsigned int version);
/** sizeof(dx_link_budget), for bindings. */
DX_API size_t dx_link_budget_size(void);

/**
 * Maximum allowable path loss (dB):
 * MAPL = EIRP - body - penetration - other losses + rx gain - rx cable
 *        - (kTB + NF + required SINR + interference margin + shadowing margin).
 * @return DX_OK; DX_EINVAL for NULL; DX_EDOMAIN for bandwidth <= 0, negative losses
 */
DX_API dx_status dx_link_max_path_loss_db(const dx_link_budget *lb, double *out_mapl_db);

/**
 * Required receive level (dBm) at the antenna connector for the budget's
 * required SINR: kTB + NF + required SINR + interference margin.
 * @return DX_OK; DX_EINVAL; DX_EDOMAIN
 */
DX_API dx_status dx_link_required_rx_level_dbm(const dx_link_budget *lb, double *out_dbm);

/**
 * Received power (dBm) after each path loss: EIRP - losses + rx gain - rx cable
 * (margins are not subtracted).
 * @return DX_OK; DX_EINVAL
 */
DX_API dx_status dx_link_received_power_dbm(const dx_link_budget *lb, size_t n,
                                            const double *path_loss_db, double *out_dbm);

/**
 * Check a transmitter against the Japanese rule of tech->power_regime
 * (domain-japan.md): 6 GHz LPI 23 dBm EIRP indoor only (outdoor refused),
 * VLP 14 dBm EIRP, ARIB STD-T108 specified low power 20 mW antenna power and
 * 3 dBi (EIRP 16.0 dBm), LoRaWAN AS923 Japan 16 dBm EIRP and 20 mW, plus any
 * cap catalogued in tech->max_eirp_dbm / max_tx_power_dbm.
 * @param tech             technology profile; not NULL
 * @param tx_power_dbm     conducted power at the antenna port (dBm)
 * @param antenna_gain_dbi antenna gain (dBi)
 * @param outdoor          1 for an outdoor installation, 0 indoor
 * @return DX_OK; DX_EREFUSED with a message naming the rule, the value, the
 *         cap and the source; DX_EINVAL for NULL
 */
DX_API dx_status dx_link_check_power_limit(const dx_technology *tech, double tx_power_dbm,
                                           double antenna_gain_dbi, int outdoor);

/* ------------------------------------------------------------------------ */
/* Antenna patterns                                                          */
/* ------------------------------------------------------------------------ */

/** Antenna pattern model. */
typedef enum {
    DX_LINK_ANTENNA_OMNI = 0,        /**< constant gain max_gain_dbi */
    DX_LINK_ANTENNA_3GPP_SECTOR = 1, /**< 3GPP TR 38.901 Table 7.3-1 element, with tilt */
    DX_LINK_ANTENNA_TABLE = 2        /**< user horizontal and vertical cuts */
} dx_link_antenna_kind;

/**
 * Antenna pattern. Angles: azimuth relative to boresight (degrees, any range),
 * zenith angle theta (0 = up, 90 = horizon, 180 = down). Gain =
 * max_gain_dbi - min(-(A_H(phi) + A_V(theta)), front_back_db) for the sector
 * and table kinds.
 */
typedef struct {
    unsigned int version;       /**< DX_LINK_ANTENNA_VERSION */
    dx_link_antenna_kind kind;  /**< default DX_LINK_ANTENNA_3GPP_SECTOR */
    double max_gain_dbi;        /**< default 8 (TR 38.901 Table 7.3-1) */
    double hpbw_h_deg;          /**< horizontal 3 dB beamwidth; default 65 */
    double hpbw_v_deg;          /**< vertical 3 dB beamwidth; default 65 */
    double front_back_db;       /**< A_max; default 30 */
    double sla_v_db;            /**< vertical side-lobe level; default 30 */
    double downtilt_deg;        /**< beam below the horizon (positive down); default 0 */
    /* DX_LINK_ANTENNA_TABLE: attenuation cuts (dB <= 0 relative to max gain),
     * borrowed, linear interpolation; azimuth cut periodic over 360 degrees,
     * vertical cut indexed by theta - downtilt (90 = boresight). */
    size_t n_h;                 /**< points in the horizontal cut (>= 2) */
    const double *h_azimuth_deg;/**< increasing, within [-180, 180] */
    const double *h_gain_db;    /**< relative gain (dB) */
    size_t n_v;                 /**< points in the vertical cut (>= 2) */
    const double *v_zenith_deg; /**< increasing, within [0, 180] */
    const double *v_gain_db;    /**< relative gain (dB) */
} dx_link_antenna;
#define DX_LINK_ANTENNA_VERSION 1u

/** Fill *a with the TR 38.901 Table 7.3-1 sector defaults. @return DX_OK; DX_EINVAL */
DX_API dx_status dx_link_antenna_init(dx_link_antenna *a, unsigned int version);
/** sizeof(dx_link_antenna), for bindings. */
DX_API size_t dx_link_antenna_size(void);

/**
 * Antenna gain (dBi) toward n directions.
 * @param a            pattern; not NULL (table arrays borrowed for the call)
 * @param n            number of directions
 * @param azimuth_deg  n azimuths relative to boresight (deg)
 * @param zenith_deg   n zenith angles (deg, 90 = horizon)
 * @param out_gain_dbi receives n gains (dBi)
 * @return DX_OK; DX_EINVAL; DX_EDOMAIN for bad pattern parameters or a zenith
 *         outside 0..180
 */
DX_API dx_status dx_link_antenna_gain_dbi(const dx_link_antenna *a, size_t n,
                                          const double *azimuth_deg, const double *zenith_deg,
                                          double *out_gain_dbi);

#ifdef __cplusplus
}
#endif
#endif /* DXSIM_LINK_H */
