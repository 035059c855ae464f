/**
 * @file dxsim/phy.h
 * Stage 3 of the pipeline (PHY): from SINR to bit/s, per technology.
 *
 * - 5G NR (Local 5G): PRB counts (TS 38.101-1/-2 Table 5.3.2-1), MCS tables
 *   1-3 and CQI tables 1-2 (TS 38.214), the TS 38.306 §4.1.2 approximate
 *   data rate, Japanese TDD frames (domain-japan.md §1.2).
 * - Wi-Fi 802.11ax (HE), 802.11be (EHT) and 802.11ah (S1G) PHY rates from
 *   first principles, receiver minimum sensitivities and a MAC-efficiency model.
 * - LoRa / LoRaWAN AS923: time on air (Semtech AN1200.13), demodulation SNR
 *   floors, maximum payloads with and without the 400 ms dwell limit, and the
 *   ARIB STD-T108 transmission-time rules turned into messages per hour.
 * - Carrier LTE-M: coverage class by coupling loss, nominal rates.
 * - SINR -> throughput for every catalogued technology, with the attenuated
 *   Shannon bound of 3GPP TR 36.942 Annex A as the fallback.
 *
 * The throughput model of each technology is summarised in
 * docs/throughput-model.md. All functions are reentrant (no mutable state).
 */
#ifndef DXSIM_PHY_H
#define DXSIM_PHY_H

#include <stddef.h>
#include "dxsim/common.h"
#include "dxsim/technology.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Link direction. */
typedef enum {
    DX_PHY_DL = 0, /**< downlink: base station / AP / gateway to device */
    DX_PHY_UL = 1  /**< uplink: device to base station */
} dx_phy_direction;

/* ------------------------------------------------------------------------ */
/* Generic SINR -> throughput                                                */
/* ------------------------------------------------------------------------ */

/**
 * Achievable user throughput at each SINR: the PHY rate of the fastest MCS
 * (or LoRa spreading factor) whose SINR requirement is met, including the
 * technology's control/reference overhead, the NR TDD share and, for Wi-Fi,
 * the default MAC efficiency (one user holding the whole channel).
 * 0 below the lowest MCS. Model per family: docs/throughput-model.md.
 * @param tech        technology profile (e.g. from dx_technology_find); not NULL
 * @param dir         DX_PHY_DL or DX_PHY_UL
 * @param n           number of SINR values
 * @param sinr_db     n SINR values (dB); NaN gives NaN
 * @param out_mbps    receives n throughputs (Mbit/s), caller-owned
 * @return DX_OK; DX_EINVAL for NULL pointers or a bad direction; DX_EDOMAIN when
 *         the profile is unusable (e.g. an NR bandwidth/SCS with no PRB count)
 */
DX_API dx_status dx_phy_throughput_mbps(const dx_technology *tech, dx_phy_direction dir, size_t n,
                                        const double *sinr_db, double *out_mbps);

/**
 * Lowest SINR (dB) at which tech reaches rate_mbps in direction dir (the
 * inverse of dx_phy_throughput_mbps; steps of the MCS table).
 * @param tech         technology profile; not NULL
 * @param dir          direction
 * @param rate_mbps    wanted throughput (Mbit/s), >= 0 (0 gives the lowest MCS)
 * @param out_sinr_db  receives the SINR (dB)
 * @return DX_OK; DX_EDOMAIN with a message naming the peak if rate_mbps is above it
 */
DX_API dx_status dx_phy_required_sinr_db(const dx_technology *tech, dx_phy_direction dir,
                                         double rate_mbps, double *out_sinr_db);

/**
 * Peak throughput (Mbit/s) of tech in direction dir: dx_phy_throughput_mbps at
 * a very high SINR.
 * @return DX_OK; DX_EINVAL; DX_EDOMAIN for an unusable profile
 */
DX_API dx_status dx_phy_peak_rate_mbps(const dx_technology *tech, dx_phy_direction dir,
                                       double *out_mbps);

/**
 * Same as dx_phy_throughput_mbps for the catalogued technology tech_id, with
 * the channel bandwidth overridden (convenient for bindings).
 * @param tech_id   catalogue id, e.g. "l5g-sub6"; not NULL
 * @param bw_hz     channel bandwidth (Hz), or 0 for the profile's default
 * @return DX_OK; DX_ENOTFOUND for an unknown id; as dx_phy_throughput_mbps
 */
DX_API dx_status dx_phy_throughput_for_id_mbps(const char *tech_id, double bw_hz,
                                               dx_phy_direction dir, size_t n,
                                               const double *sinr_db, double *out_mbps);

/**
 * Attenuated Shannon bound of 3GPP TR 36.942 Annex A.1 (Table A.2 defaults):
 * 0 below -10 dB, alpha*log2(1+SINR) up to the cap, then the cap
 * (DL: alpha 0.6, cap 4.4 bit/s/Hz; UL: alpha 0.4, cap 2.0 bit/s/Hz).
 * @param dir         direction (selects the parameter set)
 * @param n           number of values
 * @param sinr_db     n SINR values (dB)
 * @param out_bps_per_hz receives n spectral efficiencies (bit/s/Hz)
 * @return DX_OK; DX_EINVAL
 */
DX_API dx_status dx_phy_shannon_attenuated_bps_per_hz(dx_phy_direction dir, size_t n,
                                                      const double *sinr_db,
                                                      double *out_bps_per_hz);

/* ------------------------------------------------------------------------ */
/* 5G NR                                                                     */
/* ------------------------------------------------------------------------ */

/**
 * Maximum transmission bandwidth configuration N_RB, TS 38.101-1 Table
 * 5.3.2-1 (FR1: SCS 15/30/60 kHz) and TS 38.101-2 Table 5.3.2-1 (FR2: 60/120 kHz).
 * At 60 kHz, 10-100 MHz are the FR1 values and 200 MHz the FR2 value.
 * @return DX_OK; DX_EDOMAIN for a combination the tables do not define
 */
DX_API dx_status dx_phy_nr_n_rb(double bw_mhz, double scs_khz, int *out_n_rb);

/** One row of an NR MCS or CQI table. */
typedef struct {
    int qm;                        /**< modulation order, bits per symbol (2, 4, 6, 8) */
    double code_rate_x1024;        /**< target code rate R x 1024 */
    double spectral_efficiency;    /**< bit/s/Hz per layer (qm * R) */
} dx_phy_mcs_entry;

/**
 * TS 38.214 PDSCH MCS index tables: table 1 = Table 5.1.3.1-1 (64-QAM,
 * index 0-28), 2 = Table 5.1.3.1-2 (256-QAM, 0-27), 3 = Table 5.1.3.1-3
 * (low-SE 64-QAM, 0-28). Reserved indices are refused.
 * @return DX_OK; DX_EDOMAIN for an unknown table or index (message gives the range)
 */
DX_API dx_status dx_phy_nr_mcs(int table, int index, dx_phy_mcs_entry *out);

/**
 * TS 38.214 CQI tables: 1 = Table 5.2.2.1-2 (64-QAM), 2 = Table 5.2.2.1-3
 * (256-QAM); index 1-15 (0 = out of range is refused).
 * @return DX_OK; DX_EDOMAIN
 */
DX_API dx_status dx_phy_nr_cqi(int table, int index, dx_phy_mcs_entry *out);

/**
 * Approximate NR data rate of TS 38.306 §4.1.2 for one carrier:
 * 1e-6 * layers * qm * scaling * Rmax * N_RB*12 / Ts * (1 - overhead) * tdd_share,
 * Rmax = 948/1024, Ts = 1e-3 / (14 * 2^mu).
 * @param bw_mhz       channel bandwidth (MHz), with scs_khz giving N_RB
 * @param scs_khz      subcarrier spacing (kHz): 15, 30, 60, 120
 * @param layers       MIMO layers, 1..8
 * @param qm           modulation order 1..10 (8 = 256-QAM)
 * @param scaling      scaling factor f, 0 < f <= 1 (TS 38.306: 1, 0.8, 0.75, 0.4)
 * @param overhead     overhead ratio 0..1, or negative for the standard's value
 *                     (FR1 DL 0.14, FR2 DL 0.18, FR1 UL 0.08, FR2 UL 0.10)
 * @param dir          direction (only used for the standard overhead)
 * @param tdd_share    fraction of time in direction dir, 0 < share <= 1
 * @param out_mbps     receives the rate (Mbit/s)
 * @return DX_OK; DX_EDOMAIN naming the argument out of range
 */
DX_API dx_status dx_phy_nr_max_rate_mbps(double bw_mhz, double scs_khz, int layers, int qm,
                                         double scaling, double overhead, dx_phy_direction dir,
                                         double tdd_share, double *out_mbps);

/**
 * DL and UL time shares of an NR TDD frame (domain-japan.md §1.2):
 * share = (full slots + S-slot symbols / 14) / slots in the pattern.
 * @param pattern   slot letters D, U, S (e.g. "DDDSUUDDDD"), not NULL, 1..80 slots; or a
 *                  Japanese frame name: "sync" / "synchronous", "qs1", "qs2", "qs3"
 *                  (quasi-synchronous TDD1-3 of the catalogue)
 * @param special   S-slot split "DL:GP:UL" symbols summing to 14 (e.g. "6:4:4"),
 *                  or NULL for "6:4:4"
 * @param out_dl_share  receives the DL share (0..1); may be NULL
 * @param out_ul_share  receives the UL share (0..1); may be NULL
 * @return DX_OK; DX_EINVAL for a malformed pattern or split
 */
DX_API dx_status dx_phy_tdd_shares(const char *pattern, const char *special, double *out_dl_share,
                                   double *out_ul_share);

/**
 * SINR required by an NR MCS (dB) at the 10 % BLER target of TS 38.214
 * §5.2.2.1: piecewise linear in spectral efficiency through the AWGN 10 % BLER
 * thresholds of the 15 CQI-table-1 entries (-6.7 dB at CQI 1 ... 22.7 dB at
 * CQI 15; Vienna LTE link-level simulator, INDICATIVE), extended with the end
 * slopes (table 3 MCS 0: -9.0 dB; table 2 MCS 27: 29.9 dB).
 * @return DX_OK; DX_EDOMAIN for an unknown table or index
 */
DX_API dx_status dx_phy_nr_mcs_required_sinr_db(int table, int index, double *out_sinr_db);

/**
 * Highest MCS index of table whose required SINR (dx_phy_nr_mcs_required_sinr_db)
 * is met, limited to modulation order max_qm (0 = no limit); -1 when even MCS 0 fails.
 * @return DX_OK; DX_EDOMAIN for an unknown table
 */
DX_API dx_status dx_phy_nr_mcs_from_sinr(int table, int max_qm, double sinr_db, int *out_index);

/**
 * Highest CQI index of table (1..15) whose required SINR is met (same model as
 * MCS); 0 = out of range.
 * @return DX_OK; DX_EDOMAIN for an unknown table
 */
DX_API dx_status dx_phy_nr_cqi_from_sinr(int table, double sinr_db, int *out_cqi);

/* ------------------------------------------------------------------------ */
/* Wi-Fi                                                                     */
/* ------------------------------------------------------------------------ */

/** Wi-Fi PHY generation. */
typedef enum {
    DX_PHY_WIFI_HE = 0,  /**< IEEE 802.11ax (HE SU PPDU): MCS 0-11, 20-160 MHz */
    DX_PHY_WIFI_EHT = 1, /**< IEEE 802.11be (EHT MU PPDU, full band): MCS 0-13, 20-320 MHz */
    DX_PHY_WIFI_S1G = 2  /**< IEEE 802.11ah: MCS 0-10 (10 only at 1 MHz), 1/2/4/8/16 MHz */
} dx_phy_wifi_standard;

/**
 * PHY data rate from first principles: N_SD * N_BPSCS * R * N_SS / (T_DFT + GI).
 * HE/EHT: T_DFT = 12.8 us, GI 0.8/1.6/3.2 us. S1G: T_DFT = 32 us, GI 8 (normal)
 * or 4 (short) us; MCS 10 is BPSK 1/2 with 2x repetition.
 * @param std     standard
 * @param mcs     MCS index
 * @param bw_mhz  channel width (MHz)
 * @param nss     spatial streams: HE 1..8, EHT 1..16, S1G 1..4 (MCS 10: 1)
 * @param gi_us   guard interval (us)
 * @param out_mbps receives the rate (Mbit/s)
 * @return DX_OK; DX_EDOMAIN for an MCS/width/GI/NSS combination the standard
 *         does not define (S1G: N_DBPS must be an integer, as in its rate tables)
 */
DX_API dx_status dx_phy_wifi_rate_mbps(dx_phy_wifi_standard std, int mcs, double bw_mhz, int nss,
                                       double gi_us, double *out_mbps);

/**
 * Receiver minimum input sensitivity (dBm) of the standard for an MCS and
 * width: IEEE 802.11ax Table 27-51 (20 MHz: MCS 0 -82 ... MCS 11 -52 dBm), 802.11be
 * adds MCS 12 -49 and MCS 13 -46 dBm; +3 dB per doubling of width. 802.11ah:
 * UNVERIFIED derivation (2 MHz = VHT 20 MHz - 10 dB, 1 MHz = 2 MHz - 3 dB,
 * MCS 10 = 1 MHz MCS 0 - 3 dB), see docs/throughput-model.md.
 * @return DX_OK; DX_EDOMAIN
 */
DX_API dx_status dx_phy_wifi_sensitivity_dbm(dx_phy_wifi_standard std, int mcs, double bw_mhz,
                                             double *out_dbm);

/**
 * SINR needed by an MCS (dB), derived from the standard's minimum sensitivity
 * with the standard's own assumptions (noise figure 10 dB, implementation margin
 * included): SINR = sensitivity + 174 - 10 log10(B) - 10, with B the nominal width
 * in Hz. Independent of the actual receiver noise figure.
 * @return DX_OK; DX_EDOMAIN
 */
DX_API dx_status dx_phy_wifi_required_sinr_db(dx_phy_wifi_standard std, int mcs, double bw_mhz,
                                              double *out_sinr_db);

/** MAC efficiency model options (all times from the standards, see the fields). */
typedef struct {
    unsigned int version;      /**< DX_PHY_WIFI_MAC_OPTIONS_VERSION */
    double mpdu_bytes;         /**< MSDU size in each MPDU; default 1500 (Ethernet frame) */
    int ampdu_max_mpdus;       /**< A-MPDU aggregation limit; default 0 = the standard's Block
                                    Ack window (HE 256, EHT 1024, S1G 64) */
    double max_ppdu_s;         /**< longest PPDU (s); default 0 = the standard's (HE/EHT
                                    5.484e-3 aPPDUMaxTime; S1G 0.1, domain-japan §3.2) */
    int n_stations;            /**< contending stations (Bianchi-free approximation); default 1 */
} dx_phy_wifi_mac_options;
#define DX_PHY_WIFI_MAC_OPTIONS_VERSION 1u

/** Fill *o with the defaults. @return DX_OK; DX_EINVAL for a NULL o or a newer version */
DX_API dx_status dx_phy_wifi_mac_options_init(dx_phy_wifi_mac_options *o, unsigned int version);
/** sizeof(dx_phy_wifi_mac_options), for bindings. */
DX_API size_t dx_phy_wifi_mac_options_size(void);

/**
 * MAC efficiency (MAC payload bit/s per PHY bit/s, 0..1) of saturated A-MPDU
 * transfers at a given PHY rate: each TXOP costs DIFS + mean backoff + preamble
 * + A-MPDU + SIFS + Block Ack (model in docs/throughput-model.md).
 * @param std        standard (selects slot, SIFS, preamble and symbol times)
 * @param phy_rate_mbps data rate (Mbit/s), > 0
 * @param opts       options, or NULL for defaults
 * @param out_ratio  receives the efficiency (0..1)
 * @return DX_OK; DX_EDOMAIN
 */
DX_API dx_status dx_phy_wifi_mac_efficiency_ratio(dx_phy_wifi_standard std, double phy_rate_mbps,
                                                  const dx_phy_wifi_mac_options *opts,
                                                  double *out_ratio);

/* ------------------------------------------------------------------------ */
/* LoRa / LoRaWAN / ARIB STD-T108                                            */
/* ------------------------------------------------------------------------ */

/**
 * LoRa time on air (s), Semtech AN1200.13 / SX1276 datasheet §4.1.1.7:
 * T = (n_preamble + 4.25) T_sym + (8 + max(ceil((8 PL - 4 SF + 28 + 16 CRC - 20 IH)
 *     / (4 (SF - 2 DE))) (CR + 4), 0)) T_sym, T_sym = 2^SF / BW.
 * @param sf                spreading factor 5..12
 * @param bw_hz             bandwidth (Hz), > 0 (7.8 kHz .. 500 kHz)
 * @param payload_bytes     PHY payload length (LoRaWAN PHYPayload) 0..255
 * @param coding_rate       1..4 for 4/5..4/8
 * @param preamble_symbols  programmed preamble length (LoRaWAN: 8), 0..65535
 * @param explicit_header   1 explicit header, 0 implicit
 * @param crc               1 payload CRC on, 0 off
 * @param low_data_rate_optimize 1 on, 0 off, -1 automatic (on when T_sym >= 16 ms,
 *                          i.e. SF11/SF12 at 125 kHz, as LoRaWAN mandates)
 * @param out_s             receives the time on air (s)
 * @return DX_OK; DX_EDOMAIN naming the argument out of range
 */
DX_API dx_status dx_phy_lora_time_on_air_s(int sf, double bw_hz, int payload_bytes,
                                           int coding_rate, int preamble_symbols,
                                           int explicit_header, int crc,
                                           int low_data_rate_optimize, double *out_s);

/**
 * Demodulation SNR floor of LoRa (dB): SX1276 datasheet Table 13
 * (SF6 -5, SF7 -7.5 ... SF12 -20 dB, 2.5 dB per SF); SF5 -2.5 (SX1262).
 * @return DX_OK; DX_EDOMAIN for sf outside 5..12
 */
DX_API dx_status dx_phy_lora_demod_snr_db(int sf, double *out_snr_db);

/**
 * LoRa receiver sensitivity (dBm) = -174 + 10 log10(BW) + NF + SNR floor
 * (Semtech AN1200.22 formula).
 * @return DX_OK; DX_EDOMAIN
 */
DX_API dx_status dx_phy_lora_sensitivity_dbm(int sf, double bw_hz, double noise_figure_db,
                                             double *out_dbm);

/**
 * LoRaWAN data rate: spreading factor and bandwidth of data rate dr.
 * AS923 (RP002-1.0.x §2.7.3; LoRaMac-node RegionAS923.h): DR0-5 = SF12-SF7 at
 * 125 kHz, DR6 = SF7 at 250 kHz; DR7 (FSK 50 kbit/s) gives sf = 0, bw 0.
 * @param dr      data rate index 0..7
 * @param region  "AS923" (also "AS923-1", "AS923-RP1.0.3"); NULL means "AS923"
 * @return DX_OK; DX_EDOMAIN for dr; DX_ENOTFOUND for another region
 */
DX_API dx_status dx_phy_lorawan_dr(int dr, const char *region, int *out_sf, double *out_bw_hz);

/**
 * Maximum application payload N (FRMPayload bytes, no FOpts) of LoRaWAN data
 * rate dr, from the Regional Parameters "AS923 maximum payload size" tables
 * (LoRaMac-node RegionAS923.h). UplinkDwellTime = 0 (no 400 ms limit):
 * 51,51,115,115,242,242,242,242 ("AS923", RP002-1.0.1 and later) or
 * 51,51,51,115,242,... ("AS923-RP1.0.3"); UplinkDwellTime = 1 (400 ms):
 * 0,0,11,53,125,242,242,242, where 0 means the data rate may not be used.
 * @param region  "AS923", "AS923-1", "AS923-RP1.0.3"; NULL means "AS923"
 * @return DX_OK; DX_EDOMAIN for dr; DX_ENOTFOUND for another region
 */
DX_API dx_status dx_phy_lorawan_max_payload_bytes(int dr, int dwell_time_limited,
                                                  const char *region, int *out_bytes);

/** ARIB STD-T108 carrier-sense classes of the 920 MHz band (domain-japan.md §3.1, §4.1). */
typedef enum {
    /** CS >= 5 ms: each transmission <= 4 s, pause >= 50 ms, no hourly total */
    DX_PHY_ARIB_CS_LONG = 0,
    /** CS >= 128 us: each transmission <= 400 ms, pause >= 2 ms, <= 360 s per hour */
    DX_PHY_ARIB_CS_SHORT = 1
} dx_phy_arib_mode;

/**
 * Largest number of transmissions of time_on_air_s one device may make per
 * hour under ARIB STD-T108: min(floor(3600 / (CS + ToA + pause)),
 * floor(360 / ToA) in DX_PHY_ARIB_CS_SHORT).
 * @param time_on_air_s   air time of one transmission (s), > 0
 * @param mode            carrier-sense class
 * @param out_per_hour    receives the count
 * @return DX_OK; DX_EREFUSED when one transmission is longer than the class
 *         allows (message names the rule, the value, the limit and the source);
 *         DX_EDOMAIN for time_on_air_s <= 0
 */
DX_API dx_status dx_phy_arib_max_messages_per_hour(double time_on_air_s, dx_phy_arib_mode mode,
                                                   double *out_per_hour);

/**
 * Sustained application throughput of one LoRaWAN AS923 device sending
 * maximum-size uplinks at data rate dr as often as ARIB STD-T108 allows:
 * N bytes x 8 x messages per hour / 3600, with N = dx_phy_lorawan_max_payload_bytes,
 * a PHY payload of N + 13 bytes (MHDR 1, FHDR 7, FPort 1, MIC 4), CR 4/5,
 * 8-symbol preamble, explicit header, CRC on.
 * @param dr                  AS923 LoRa data rate 0..6
 * @param dwell_time_limited  1 for the 400 ms uplink dwell limit
 * @param mode                ARIB carrier-sense class
 * @param out_bps             receives the application bit rate (bit/s); 0 when the
 *                            data rate carries no payload under the dwell limit
 * @param out_messages_per_hour receives the message count; may be NULL
 * @return DX_OK; DX_EDOMAIN for dr; DX_EREFUSED when one maximum-size frame is
 *         longer than the ARIB class allows
 */
DX_API dx_status dx_phy_lorawan_max_app_rate_bps(int dr, int dwell_time_limited,
                                                 dx_phy_arib_mode mode, double *out_bps,
                                                 double *out_messages_per_hour);

/**
 * Fraction of time a transmitter of this profile may be on air under the
 * Japanese rules (domain-japan.md §3.1, §4.1): 0.1 (360 s per hour, ARIB
 * STD-T108 128 us carrier-sense class) for 920 MHz profiles whose dwell time is
 * 400 ms or less (tech->dwell_time_s, HaLow Type B and LoRaWAN AS923), 1
 * otherwise. dx_phy_throughput_mbps does NOT apply it (it is the rate while
 * transmitting); multiply for a sustained per-device rate.
 * @return DX_OK; DX_EINVAL for NULL
 */
DX_API dx_status dx_phy_regulatory_duty_ratio(const dx_technology *tech, double *out_ratio);

/* ------------------------------------------------------------------------ */
/* Carrier LTE-M / NB-IoT                                                    */
/* ------------------------------------------------------------------------ */

/** Coverage class of a carrier LPWA device. */
typedef enum {
    DX_PHY_CE_OUT = -1,   /**< coupling loss above the MCL: no service */
    DX_PHY_CE_NORMAL = 0, /**< within legacy LTE coverage (MCL - 15 dB) */
    DX_PHY_CE_MODE_A = 1, /**< moderate repetition (up to MCL - 5 dB) */
    DX_PHY_CE_MODE_B = 2  /**< deep coverage, up to the MCL */
} dx_phy_ce_class;

/**
 * Coverage class for a coupling loss (dB) given the technology's maximum
 * coupling loss (tech->max_coupling_loss_db; TR 36.888 / TR 45.820 use
 * legacy LTE 140.7 dB and a 15 dB enhancement target), plus the nominal rate
 * scaled by the repetition assumed for the class (1, 1/4, 1/32; ASSUMED).
 * @param out_class  receives the class
 * @param out_rate_scale_ratio receives the rate scaling (0 out of coverage); may be NULL
 * @return DX_OK; DX_EINVAL when tech is not LTE-M or has no MCL
 */
DX_API dx_status dx_phy_ltem_coverage_class(const dx_technology *tech, double coupling_loss_db,
                                            dx_phy_ce_class *out_class,
                                            double *out_rate_scale_ratio);

#ifdef __cplusplus
}
#endif
#endif /* DXSIM_PHY_H */
