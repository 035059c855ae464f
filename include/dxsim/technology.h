/**
 * @file dxsim/technology.h
 * Stage 1 of the pipeline: the built-in technology catalogue.
 *
 * The catalogue is the data file libdxsim/data/technologies.txt, embedded in
 * the library at build time. Every parameter carries a class (FIRM,
 * INDICATIVE, ASSUMED, UNVERIFIED) and its source, normally a row of
 * docs/domain-japan.md or a standard clause, so reports can list every value
 * that is not FIRM.
 */
#ifndef DXSIM_TECHNOLOGY_H
#define DXSIM_TECHNOLOGY_H

#include <stddef.h>
#include "dxsim/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Air-interface family: selects the PHY model. */
typedef enum {
    DX_TECH_FAMILY_NR = 0,       /**< 5G NR (Local 5G), TS 38.214/38.306 */
    DX_TECH_FAMILY_WIFI_HE = 1,  /**< IEEE 802.11ax (Wi-Fi 6/6E) */
    DX_TECH_FAMILY_WIFI_EHT = 2, /**< IEEE 802.11be (Wi-Fi 7) */
    DX_TECH_FAMILY_WIFI_S1G = 3, /**< IEEE 802.11ah (Wi-Fi HaLow) */
    DX_TECH_FAMILY_LORA = 4,     /**< LoRa / LoRaWAN */
    DX_TECH_FAMILY_LTEM = 5,     /**< carrier LTE-M (3GPP Cat-M1) */
    DX_TECH_FAMILY_CARRIER = 6   /**< carrier LTE/5G data service (public network, nominal rates) */
} dx_tech_family;

/** Which Japanese transmit-power rule applies (enforced by the link module). */
typedef enum {
    DX_POWER_REGIME_NONE = 0,         /**< no cap known (value is a design input) */
    DX_POWER_REGIME_LOCAL5G = 1,      /**< licensed; cap per licence (domain-japan §1.3 GAP) */
    DX_POWER_REGIME_WIFI6G_LPI = 2,   /**< 6 GHz LPI: 23 dBm EIRP, indoor only */
    DX_POWER_REGIME_WIFI6G_VLP = 3,   /**< 6 GHz VLP: 14 dBm EIRP, indoor and outdoor */
    DX_POWER_REGIME_ARIB_T108_20MW = 4, /**< 920 MHz specified low power: 20 mW antenna power */
    DX_POWER_REGIME_LORA_AS923_JP = 5,  /**< AS923 Japan: 16 dBm EIRP */
    DX_POWER_REGIME_CARRIER = 6       /**< carrier network: operator's responsibility */
} dx_power_regime;

/** Confidence class of a catalogued value (docs/domain-japan.md §0). */
typedef enum {
    DX_VALUE_FIRM = 0,
    DX_VALUE_INDICATIVE = 1,
    DX_VALUE_ASSUMED = 2,
    DX_VALUE_UNVERIFIED = 3
} dx_value_class;

/** Name of a value class, e.g. "INDICATIVE". Never NULL. */
DX_API const char *dx_value_class_name(dx_value_class c);

#define DX_TECH_ID_MAX 32
#define DX_TECH_NAME_MAX 96
#define DX_TECH_MAX_BW_OPTIONS 8

/**
 * A technology profile: plain values, copied out of the catalogue.
 * Units are in the field names. Fields that do not apply to a family are 0
 * (or "" for strings).
 */
typedef struct {
    char id[DX_TECH_ID_MAX];     /**< "l5g-sub6", "wifi7", "lorawan-as923", ... */
    char name[DX_TECH_NAME_MAX]; /**< human-readable name */
    dx_tech_family family;
    dx_power_regime power_regime;

    double fc_hz;       /**< design carrier centre frequency */
    double f_min_hz;    /**< lowest frequency of the band usable for this profile */
    double f_max_hz;    /**< highest frequency */
    double bw_hz;       /**< default channel bandwidth */
    size_t n_bw_options;
    double bw_options_hz[DX_TECH_MAX_BW_OPTIONS]; /**< selectable channel bandwidths */
    double scs_khz;     /**< NR subcarrier spacing (kHz); 0 otherwise */
    int channels_available; /**< non-overlapping channels at bw_hz in Japan */

    int indoor_only;       /**< 1 when the rule allows indoor use only */
    int subscription_only; /**< 1 when it can only be bought as a service (carrier LTE-M) */
    int licensed;          /**< 1 when a radio station licence is needed */

    /* Base station / access point / gateway side */
    double bs_tx_power_dbm;     /**< conducted power at the antenna port */
    double bs_antenna_gain_dbi;
    double bs_cable_loss_db;
    double bs_noise_figure_db;
    double bs_height_m;
    int sectors;                /**< sectors per site (1 = omni) */
    double max_eirp_dbm;        /**< regulatory EIRP cap (0 = none catalogued) */
    double max_tx_power_dbm;    /**< regulatory conducted-power cap (0 = none) */

    /* Device side */
    double ue_tx_power_dbm;
    double ue_antenna_gain_dbi;
    double ue_noise_figure_db;
    double ue_height_m;

    /* PHY */
    int mimo_layers_dl;  /**< NR layers / Wi-Fi spatial streams, downlink */
    int mimo_layers_ul;
    int max_qm;          /**< bits per symbol of the highest modulation (8 = 256-QAM, 12 = 4096-QAM) */
    int nr_mcs_table;    /**< TS 38.214 MCS table 1..3 */
    char tdd_pattern[16];   /**< NR TDD frame, e.g. "DDDSUUDDDD" */
    char tdd_special[16];   /**< special-slot split DL:GP:UL symbols, e.g. "6:4:4" */
    double gi_us;        /**< Wi-Fi guard interval */
    int lora_sf_min;
    int lora_sf_max;
    double dwell_time_s; /**< maximum time on air per transmission (0 = none) */
    double max_coupling_loss_db; /**< LTE-M / NB-IoT MCL (coverage) */
    double nominal_dl_bps;   /**< subscription technologies: nominal rates */
    double nominal_ul_bps;
} dx_technology;

/** Number of built-in technology profiles. */
DX_API size_t dx_technology_count(void);

/**
 * Copy profile number index (0-based, catalogue order) into *out.
 * @return DX_OK; DX_EINVAL for a NULL out or index >= dx_technology_count();
 *         DX_EPARSE when the embedded catalogue is corrupt (a build error).
 */
DX_API dx_status dx_technology_get(size_t index, dx_technology *out);

/** Copy the profile with this id into *out. @return DX_OK; DX_ENOTFOUND. */
DX_API dx_status dx_technology_find(const char *id, dx_technology *out);

/** Provenance of one catalogued parameter (strings borrowed, valid for the process lifetime). */
typedef struct {
    const char *key;    /**< e.g. "bs_tx_power_dbm" */
    const char *value;  /**< the value as written in the catalogue */
    dx_value_class value_class;
    const char *source; /**< e.g. "domain-japan.md §2.1 (LPI)" */
} dx_tech_param;

/** Number of catalogued parameters of technology id (0 when unknown). */
DX_API size_t dx_technology_param_count(const char *id);

/** Parameter i of technology id. @return DX_OK; DX_ENOTFOUND; DX_EINVAL for i out of range. */
DX_API dx_status dx_technology_param(const char *id, size_t i, dx_tech_param *out);

/** Look a parameter up by key. @return DX_OK; DX_ENOTFOUND. */
DX_API dx_status dx_technology_param_find(const char *id, const char *key, dx_tech_param *out);

/**
 * Select a named TDD frame of an NR profile ("sync", "qs1", "qs2", "qs3"
 * from the catalogue's tdd_frames), writing t->tdd_pattern.
 * @return DX_OK; DX_EINVAL when t is not NR; DX_ENOTFOUND for an unknown frame.
 */
DX_API dx_status dx_technology_set_tdd_frame(dx_technology *t, const char *frame);

/**
 * Non-overlapping channels of t at its current channel width t->bw_hz. NR and
 * Wi-Fi profiles divide their usable band (f_max_hz - f_min_hz) by the width
 * (domain-japan §2.2: 480 MHz of 6 GHz gives 24/12/6/3/1 channels at
 * 20/40/80/160/320 MHz; §1.1: 100 MHz outdoor Local 5G gives one 100 MHz
 * channel); other families scale the catalogue's count at its default width
 * (channels_available x default width / width, at least 1).
 * @return the count (>= 1); 0 for NULL.
 */
DX_API int dx_technology_channel_count(const dx_technology *t);

/** Family name ("nr", "wifi-he", "wifi-eht", "wifi-s1g", "lora", "ltem", "carrier"). Never NULL. */
DX_API const char *dx_tech_family_name(dx_tech_family f);

#ifdef __cplusplus
}
#endif
#endif /* DXSIM_TECHNOLOGY_H */
