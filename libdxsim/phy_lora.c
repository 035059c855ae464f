/* Stage 3 (PHY), LoRa / LoRaWAN AS923 / ARIB STD-T108: time on air,
 * demodulation floors, data rates, maximum payloads and transmission-time rules. */
#include "dx_internal.h"
#include "dxsim/phy.h"

#include <math.h>
#include <string.h>

dx_status dx_phy_lora_time_on_air_s(int sf, double bw_hz, int payload_bytes, int coding_rate,
                                    int preamble_symbols, int explicit_header, int crc,
                                    int low_data_rate_optimize, double *out_s)
{
    DX_REQUIRE_PTR(out_s);
    if (sf < 5 || sf > 12)
        DX_FAIL(DX_EDOMAIN, "dx_phy_lora_time_on_air_s: sf = %d (allowed 5..12)", sf);
    if (!(bw_hz >= 7.8e3 && bw_hz <= 1625e3))
        DX_FAIL(DX_EDOMAIN, "dx_phy_lora_time_on_air_s: bw_hz = %g Hz (allowed 7.8e3..1.625e6)",
                bw_hz);
    if (payload_bytes < 0 || payload_bytes > 255)
        DX_FAIL(DX_EDOMAIN, "dx_phy_lora_time_on_air_s: payload_bytes = %d (allowed 0..255)",
                payload_bytes);
    if (coding_rate < 1 || coding_rate > 4)
        DX_FAIL(DX_EDOMAIN,
                "dx_phy_lora_time_on_air_s: coding_rate = %d (allowed 1..4 for 4/5..4/8)",
                coding_rate);
    if (preamble_symbols < 0 || preamble_symbols > 65535)
        DX_FAIL(DX_EDOMAIN, "dx_phy_lora_time_on_air_s: preamble_symbols = %d (allowed 0..65535)",
                preamble_symbols);
    if (low_data_rate_optimize < -1 || low_data_rate_optimize > 1)
        DX_FAIL(DX_EDOMAIN,
                "dx_phy_lora_time_on_air_s: low_data_rate_optimize = %d (allowed -1 auto, 0, 1)",
                low_data_rate_optimize);
    double t_sym = pow(2.0, sf) / bw_hz;
    /* Automatic: on when the symbol lasts 16 ms or more (SX1276 datasheet
     * §4.1.1.6; LoRaWAN uses it for SF11/SF12 at 125 kHz). */
    int de = low_data_rate_optimize >= 0 ? low_data_rate_optimize : (t_sym >= 16e-3 - 1e-12);
    int ih = explicit_header ? 0 : 1;
    int crc_on = crc ? 1 : 0;
    /* Semtech AN1200.13 "LoRa Modem Designer's Guide" §4 / SX1276 §4.1.1.7. */
    double num = 8.0 * payload_bytes - 4.0 * sf + 28.0 + 16.0 * crc_on - 20.0 * ih;
    double den = 4.0 * (sf - 2 * de);
    double n_payload = 8.0 + fmax(ceil(num / den) * (coding_rate + 4), 0.0);
    double t_preamble = (preamble_symbols + 4.25) * t_sym;
    *out_s = t_preamble + n_payload * t_sym;
    return DX_OK;
}

dx_status dx_phy_lora_demod_snr_db(int sf, double *out_snr_db)
{
    DX_REQUIRE_PTR(out_snr_db);
    if (sf < 5 || sf > 12)
        DX_FAIL(DX_EDOMAIN, "dx_phy_lora_demod_snr_db: sf = %d (allowed 5..12)", sf);
    /* SX1276 datasheet Table 13 (SF6 -5 ... SF12 -20 dB, 2.5 dB steps);
     * the SX1261/2 datasheet adds SF5 at -2.5 dB. */
    *out_snr_db = -5.0 - 2.5 * (sf - 6);
    return DX_OK;
}

dx_status dx_phy_lora_sensitivity_dbm(int sf, double bw_hz, double noise_figure_db, double *out_dbm)
{
    DX_REQUIRE_PTR(out_dbm);
    double snr;
    DX_TRY(dx_phy_lora_demod_snr_db(sf, &snr));
    if (!(bw_hz > 0.0))
        DX_FAIL(DX_EDOMAIN, "dx_phy_lora_sensitivity_dbm: bw_hz = %g Hz (allowed > 0)", bw_hz);
    if (!(noise_figure_db >= 0.0))
        DX_FAIL(DX_EDOMAIN, "dx_phy_lora_sensitivity_dbm: noise_figure_db = %g dB (allowed >= 0)",
                noise_figure_db);
    /* Semtech AN1200.22: S = -174 + 10 log10(BW) + NF + SNR. */
    *out_dbm = -174.0 + 10.0 * log10(bw_hz) + noise_figure_db + snr;
    return DX_OK;
}

/* Region names: "AS923" / "AS923-1" (RP002-1.0.1 and later, the current
 * Regional Parameters) and "AS923-RP1.0.3" (LoRaWAN 1.0.3 Regional Parameters,
 * whose dwell-0 payload at DR2 was 51 bytes instead of 115). Returns 0 for
 * RP002, 1 for RP 1.0.3, -1 unknown. */
static int region_version(const char *region)
{
    if (region == NULL || strcmp(region, "AS923") == 0 || strcmp(region, "AS923-1") == 0 ||
        strcmp(region, "as923") == 0)
        return 0;
    if (strcmp(region, "AS923-RP1.0.3") == 0)
        return 1;
    return -1;
}

static dx_status check_region(const char *region, const char *fn)
{
    if (region_version(region) >= 0)
        return DX_OK;
    DX_FAIL(DX_ENOTFOUND,
            "%s: region = '%s' (modelled: AS923, AS923-1, AS923-RP1.0.3)", fn, region);
}

dx_status dx_phy_lorawan_dr(int dr, const char *region, int *out_sf, double *out_bw_hz)
{
    DX_TRY(check_region(region, "dx_phy_lorawan_dr"));
    if (dr < 0 || dr > 7)
        DX_FAIL(DX_EDOMAIN, "dx_phy_lorawan_dr: dr = %d (allowed 0..7 in AS923)", dr);
    /* LoRaWAN RP002-1.0.x AS923 data rates (LoRaMac-node RegionAS923.h
     * DataratesAS923 / BandwidthsAS923): DR0..DR5 = SF12..SF7 / 125 kHz,
     * DR6 = SF7 / 250 kHz, DR7 = FSK 50 kbit/s. */
    int sf = dr <= 5 ? 12 - dr : dr == 6 ? 7 : 0;
    double bw = dr <= 5 ? 125e3 : dr == 6 ? 250e3 : 0.0;
    if (out_sf)
        *out_sf = sf;
    if (out_bw_hz)
        *out_bw_hz = bw;
    return DX_OK;
}

dx_status dx_phy_lorawan_max_payload_bytes(int dr, int dwell_time_limited, const char *region,
                                           int *out_bytes)
{
    DX_REQUIRE_PTR(out_bytes);
    DX_TRY(check_region(region, "dx_phy_lorawan_max_payload_bytes"));
    if (dr < 0 || dr > 7)
        DX_FAIL(DX_EDOMAIN, "dx_phy_lorawan_max_payload_bytes: dr = %d (allowed 0..7 in AS923)",
                dr);
    /* LoRaWAN Regional Parameters "AS923 maximum payload size" tables, N column
     * (LoRaMac-node src/mac/region/RegionAS923.h MaxPayloadOfDatarateDwell0AS923
     * for REGION_VERSION 0x02010001 = RP002-1.0.1 and 0x01010003 = RP 1.0.3,
     * MaxPayloadOfDatarateDwell1AS923 for both). */
    static const int n_dwell0_rp002[8] = {51, 51, 115, 115, 242, 242, 242, 242};
    static const int n_dwell0_rp103[8] = {51, 51, 51, 115, 242, 242, 242, 242};
    static const int n_dwell1[8] = {0, 0, 11, 53, 125, 242, 242, 242};
    if (dwell_time_limited)
        *out_bytes = n_dwell1[dr];
    else
        *out_bytes = region_version(region) == 1 ? n_dwell0_rp103[dr] : n_dwell0_rp002[dr];
    return DX_OK;
}

dx_status dx_phy_arib_max_messages_per_hour(double time_on_air_s, dx_phy_arib_mode mode,
                                            double *out_per_hour)
{
    DX_REQUIRE_PTR(out_per_hour);
    if (!(time_on_air_s > 0.0) || !isfinite(time_on_air_s))
        DX_FAIL(DX_EDOMAIN,
                "dx_phy_arib_max_messages_per_hour: time_on_air_s = %g s (allowed > 0)",
                time_on_air_s);
    double cs_s, max_tx_s, pause_s, hourly_s;
    const char *rule;
    switch (mode) {
    case DX_PHY_ARIB_CS_LONG:
        /* domain-japan §3.1 Type A / §4.1: CS >= 5 ms, each transmission <= 4 s,
         * pause >= 50 ms, no hourly total (ARIB STD-T108, H31 総務省告示第123号). */
        cs_s = 5e-3;
        max_tx_s = 4.0;
        pause_s = 50e-3;
        hourly_s = 0.0;
        rule = "carrier sense >= 5 ms: each transmission <= 4 s, pause >= 50 ms";
        break;
    case DX_PHY_ARIB_CS_SHORT:
        /* domain-japan §3.1 Type B / §4.1: CS >= 128 us, each transmission
         * <= 400 ms, pause >= 2 ms, total <= 360 s per hour. */
        cs_s = 128e-6;
        max_tx_s = 0.4;
        pause_s = 2e-3;
        hourly_s = 360.0;
        rule = "carrier sense >= 128 us: each transmission <= 400 ms, pause >= 2 ms, 360 s/hour";
        break;
    default:
        DX_FAIL(DX_EINVAL,
                "dx_phy_arib_max_messages_per_hour: mode = %d (allowed DX_PHY_ARIB_CS_LONG, "
                "DX_PHY_ARIB_CS_SHORT)",
                (int)mode);
    }
    if (time_on_air_s > max_tx_s + 1e-12)
        DX_FAIL(DX_EREFUSED,
                "dx_phy_arib_max_messages_per_hour: time_on_air_s = %g s exceeds the %g s "
                "per-transmission limit (ARIB STD-T108 rule: %s; source: domain-japan.md §3.1, "
                "§4.1)",
                time_on_air_s, max_tx_s, rule);
    double n = floor(3600.0 / (cs_s + time_on_air_s + pause_s));
    if (hourly_s > 0.0) {
        double n_budget = floor(hourly_s / time_on_air_s + 1e-9);
        if (n_budget < n)
            n = n_budget;
    }
    *out_per_hour = n;
    return DX_OK;
}

/* LoRaWAN 1.0.x §4: MHDR 1 + FHDR 7 (no FOpts) + FPort 1 + MIC 4 bytes. */
#define DX__LORAWAN_OVERHEAD_BYTES 13

dx_status dx_phy_lorawan_max_app_rate_bps(int dr, int dwell_time_limited, dx_phy_arib_mode mode,
                                          double *out_bps, double *out_messages_per_hour)
{
    DX_REQUIRE_PTR(out_bps);
    if (dr < 0 || dr > 6)
        DX_FAIL(DX_EDOMAIN, "dx_phy_lorawan_max_app_rate_bps: dr = %d (allowed 0..6, LoRa DRs of AS923)",
                dr);
    int sf, n;
    double bw, toa, per_hour;
    DX_TRY(dx_phy_lorawan_dr(dr, NULL, &sf, &bw));
    DX_TRY(dx_phy_lorawan_max_payload_bytes(dr, dwell_time_limited, NULL, &n));
    if (n == 0) {
        *out_bps = 0.0;
        if (out_messages_per_hour)
            *out_messages_per_hour = 0.0;
        return DX_OK;
    }
    DX_TRY(dx_phy_lora_time_on_air_s(sf, bw, n + DX__LORAWAN_OVERHEAD_BYTES, 1, 8, 1, 1, -1, &toa));
    DX_TRY(dx_phy_arib_max_messages_per_hour(toa, mode, &per_hour));
    *out_bps = n * 8.0 * per_hour / 3600.0;
    if (out_messages_per_hour)
        *out_messages_per_hour = per_hour;
    return DX_OK;
}
