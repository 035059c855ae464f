/* Stage 3 (PHY), Wi-Fi: HE (802.11ax), EHT (802.11be) and S1G (802.11ah)
 * rates from first principles, minimum sensitivities and a MAC-efficiency model. */
#include "dx_internal.h"
#include "dxsim/phy.h"

#include <math.h>
#include <string.h>

/* Modulation bits per subcarrier and code rate per MCS index (the HE-MCS,
 * EHT-MCS and S1G-MCS rate tables of IEEE 802.11ax §27.5, 802.11be §36.5 and
 * 802.11ah §23.5: MCS 0-9 as VHT, 10-11 1024-QAM, 12-13 4096-QAM). */
static const struct {
    int nbpscs;
    int r_num, r_den;
} wifi_mcs[14] = {
    {1, 1, 2}, {2, 1, 2}, {2, 3, 4}, {4, 1, 2}, {4, 3, 4},   {6, 2, 3},   {6, 3, 4},
    {6, 5, 6}, {8, 3, 4}, {8, 5, 6}, {10, 3, 4}, {10, 5, 6}, {12, 3, 4}, {12, 5, 6},
};

static const char *std_name(dx_phy_wifi_standard s)
{
    return s == DX_PHY_WIFI_HE ? "HE (802.11ax)" : s == DX_PHY_WIFI_EHT ? "EHT (802.11be)" : "S1G (802.11ah)";
}

/* Number of data subcarriers N_SD of a full-band PPDU. HE (802.11ax §27.3):
 * 242/484/996/2x996-tone RUs carry 234, 468, 980, 1960. EHT (802.11be §36.3)
 * adds 320 MHz (4x996: 3920). S1G (802.11ah §23.3; Keysight 802.11ah
 * introduction table): 1/2/4/8/16 MHz carry 24, 52, 108, 234, 468.
 * Returns 0 when undefined. */
static int n_sd(dx_phy_wifi_standard std, double bw_mhz)
{
    static const double he_bw[] = {20, 40, 80, 160, 320};
    static const int he_sd[] = {234, 468, 980, 1960, 3920};
    static const double s1g_bw[] = {1, 2, 4, 8, 16};
    static const int s1g_sd[] = {24, 52, 108, 234, 468};
    if (std == DX_PHY_WIFI_S1G) {
        for (int i = 0; i < 5; i++)
            if (fabs(bw_mhz - s1g_bw[i]) < 1e-9)
                return s1g_sd[i];
        return 0;
    }
    int nmax = std == DX_PHY_WIFI_EHT ? 5 : 4;
    for (int i = 0; i < nmax; i++)
        if (fabs(bw_mhz - he_bw[i]) < 1e-9)
            return he_sd[i];
    return 0;
}

static dx_status check_std(dx_phy_wifi_standard std, const char *fn)
{
    if (std != DX_PHY_WIFI_HE && std != DX_PHY_WIFI_EHT && std != DX_PHY_WIFI_S1G)
        DX_FAIL(DX_EDOMAIN, "%s: std = %d (allowed DX_PHY_WIFI_HE, _EHT, _S1G)", fn, (int)std);
    return DX_OK;
}

static int max_mcs(dx_phy_wifi_standard std)
{
    return std == DX_PHY_WIFI_HE ? 11 : std == DX_PHY_WIFI_EHT ? 13 : 10;
}

static dx_status check_mcs_bw(dx_phy_wifi_standard std, int mcs, double bw_mhz, const char *fn)
{
    DX_TRY(check_std(std, fn));
    if (mcs < 0 || mcs > max_mcs(std))
        DX_FAIL(DX_EDOMAIN, "%s: mcs = %d (allowed 0..%d for %s)", fn, mcs, max_mcs(std),
                std_name(std));
    if (n_sd(std, bw_mhz) == 0)
        DX_FAIL(DX_EDOMAIN, "%s: bw_mhz = %g MHz (allowed %s for %s)", fn, bw_mhz,
                std == DX_PHY_WIFI_S1G   ? "1, 2, 4, 8, 16"
                : std == DX_PHY_WIFI_EHT ? "20, 40, 80, 160, 320"
                                         : "20, 40, 80, 160",
                std_name(std));
    if (std == DX_PHY_WIFI_S1G && mcs == 10 && fabs(bw_mhz - 1.0) > 1e-9)
        DX_FAIL(DX_EDOMAIN, "%s: mcs = 10 with bw_mhz = %g MHz (S1G MCS 10 exists only at 1 MHz)",
                fn, bw_mhz);
    return DX_OK;
}

dx_status dx_phy_wifi_rate_mbps(dx_phy_wifi_standard std, int mcs, double bw_mhz, int nss,
                                double gi_us, double *out_mbps)
{
    DX_REQUIRE_PTR(out_mbps);
    DX_TRY(check_mcs_bw(std, mcs, bw_mhz, "dx_phy_wifi_rate_mbps"));
    int nss_max = std == DX_PHY_WIFI_S1G ? 4 : std == DX_PHY_WIFI_HE ? 8 : 16;
    if (nss < 1 || nss > nss_max)
        DX_FAIL(DX_EDOMAIN, "dx_phy_wifi_rate_mbps: nss = %d (allowed 1..%d for %s)", nss, nss_max,
                std_name(std));
    double t_dft_us;
    if (std == DX_PHY_WIFI_S1G) {
        /* 802.11ah S1G timing parameters: T_DFT = 32 us; GI 8 us (normal), 4 us (short). */
        if (fabs(gi_us - 8.0) > 1e-9 && fabs(gi_us - 4.0) > 1e-9)
            DX_FAIL(DX_EDOMAIN, "dx_phy_wifi_rate_mbps: gi_us = %g us (S1G allows 8 or 4)", gi_us);
        if (mcs == 10 && nss != 1)
            DX_FAIL(DX_EDOMAIN, "dx_phy_wifi_rate_mbps: nss = %d with S1G MCS 10 (only 1 stream)",
                    nss);
        t_dft_us = 32.0;
    } else {
        /* 802.11ax / 802.11be timing parameters: T_DFT = 12.8 us; GI 0.8, 1.6, 3.2 us. */
        if (fabs(gi_us - 0.8) > 1e-9 && fabs(gi_us - 1.6) > 1e-9 && fabs(gi_us - 3.2) > 1e-9)
            DX_FAIL(DX_EDOMAIN, "dx_phy_wifi_rate_mbps: gi_us = %g us (%s allows 0.8, 1.6, 3.2)",
                    gi_us, std_name(std));
        t_dft_us = 12.8;
    }
    int sd = n_sd(std, bw_mhz);
    double bits; /* data bits per OFDM symbol, N_DBPS */
    if (std == DX_PHY_WIFI_S1G && mcs == 10) {
        /* 802.11ah S1G_1M MCS 10 = BPSK, R = 1/2 with 2x repetition (0.15 Mbit/s,
         * cfg80211_calculate_bitrate_s1g; domain-japan §3.3). */
        bits = sd * 1 * 0.5 / 2.0;
    } else {
        long num = (long)sd * wifi_mcs[mcs].nbpscs * nss * wifi_mcs[mcs].r_num;
        if (std == DX_PHY_WIFI_S1G && num % wifi_mcs[mcs].r_den != 0)
            /* 802.11ah rate tables (as VHT, 802.11ac §21.5) omit combinations
             * whose N_DBPS is not an integer, e.g. 2 MHz MCS 9 with one stream. */
            DX_FAIL(DX_EDOMAIN,
                    "dx_phy_wifi_rate_mbps: S1G mcs = %d, bw_mhz = %g, nss = %d is not a valid "
                    "combination (N_DBPS = %ld/%d is not an integer)",
                    mcs, bw_mhz, nss, num, wifi_mcs[mcs].r_den);
        bits = (double)num / wifi_mcs[mcs].r_den;
    }
    *out_mbps = bits / (t_dft_us + gi_us);
    return DX_OK;
}

/* Minimum sensitivity at the narrowest width, dBm per MCS.
 * HE: IEEE 802.11ax Table 27-51 (20 MHz; same in the Russian transposition,
 * docs.cntd.ru 902238635 table, checked). EHT: 802.11be adds MCS 12 -49 and
 * MCS 13 -46 dBm at 20 MHz (80/320 MHz values -43/-40 and -37/-34 as in
 * github AlexBurgo/IEEE-802.11be-WLAN-Simulation mcsFor80.m/mcsFor320.m).
 * S1G: UNVERIFIED (the 802.11ah table was not available offline): 2 MHz =
 * VHT 20 MHz - 10 dB (the >= 2 MHz S1G PHY is VHT clocked down 10x, with the
 * same NF 10 dB and 5 dB implementation-loss assumptions), 1 MHz = 2 MHz - 3 dB,
 * MCS 10 = 1 MHz MCS 0 - 3 dB (2x repetition). */
static const double sens_20mhz_dbm[14] = {-82, -79, -77, -74, -70, -66, -65,
                                          -64, -59, -57, -54, -52, -49, -46};

dx_status dx_phy_wifi_sensitivity_dbm(dx_phy_wifi_standard std, int mcs, double bw_mhz,
                                      double *out_dbm)
{
    DX_REQUIRE_PTR(out_dbm);
    DX_TRY(check_mcs_bw(std, mcs, bw_mhz, "dx_phy_wifi_sensitivity_dbm"));
    double s;
    if (std == DX_PHY_WIFI_S1G) {
        if (mcs == 10)
            s = sens_20mhz_dbm[0] - 10.0 - 3.0 - 3.0;
        else
            s = sens_20mhz_dbm[mcs] - 10.0 + 3.0 * log2(bw_mhz / 2.0);
    } else {
        /* +3 dB per doubling of width (802.11ax Table 27-51 columns). */
        s = sens_20mhz_dbm[mcs] + 3.0 * log2(bw_mhz / 20.0);
    }
    *out_dbm = s;
    return DX_OK;
}

dx_status dx_phy_wifi_required_sinr_db(dx_phy_wifi_standard std, int mcs, double bw_mhz,
                                       double *out_sinr_db)
{
    DX_REQUIRE_PTR(out_sinr_db);
    double sens;
    DX_TRY(dx_phy_wifi_sensitivity_dbm(std, mcs, bw_mhz, &sens));
    /* The standards' sensitivities assume NF 10 dB and include a 5 dB
     * implementation margin (the 802.11 receiver minimum input sensitivity
     * convention: sensitivity = -174 + 10 log10(B) + NF 10 + IL 5 + SNR); 290 K.
     * Widths follow the 3 dB-per-doubling convention exactly (log2 steps). */
    double bw_ref_mhz = std == DX_PHY_WIFI_S1G ? 2.0 : 20.0;
    double noise = -174.0 + 10.0 * log10(bw_ref_mhz * 1e6) + 3.0 * log2(bw_mhz / bw_ref_mhz) + 10.0;
    *out_sinr_db = sens - noise;
    return DX_OK;
}

/* ---- MAC efficiency ---- */

dx_status dx_phy_wifi_mac_options_init(dx_phy_wifi_mac_options *o, unsigned int version)
{
    DX_REQUIRE_PTR(o);
    if (version == 0 || version > DX_PHY_WIFI_MAC_OPTIONS_VERSION)
        DX_FAIL(DX_EINVAL, "dx_phy_wifi_mac_options_init: version = %u (this library knows 1..%u)",
                version, DX_PHY_WIFI_MAC_OPTIONS_VERSION);
    memset(o, 0, sizeof *o);
    o->version = version;
    o->mpdu_bytes = 1500.0;    /* Ethernet MTU-sized MSDU (ASSUMED traffic) */
    o->ampdu_max_mpdus = 0;    /* 0 = the standard's largest Block Ack window, see timing() */
    o->max_ppdu_s = 0.0;       /* 0 = the standard's limit, see max_ppdu() */
    o->n_stations = 1;
    return DX_OK;
}

size_t dx_phy_wifi_mac_options_size(void) { return sizeof(dx_phy_wifi_mac_options); }

typedef struct {
    double slot_us, sifs_us, preamble_us, ba_us, max_ppdu_us;
    int max_mpdus;
} mac_timing;

static mac_timing timing(dx_phy_wifi_standard std)
{
    mac_timing t;
    if (std == DX_PHY_WIFI_S1G) {
        /* 802.11ah S1G PHY characteristics: aSlotTime 52 us, aSIFSTime 160 us. S1G_1M
         * preamble: STF 160 + LTF1 160 + SIG 240 us = 560 us (S1G_1M format). Block
         * Ack: NDP BA frame (1 MHz S1G_1M NDP, 14 symbols x 40 us = 560 us).
         * Max PPDU: 100 ms in the Japanese vendor table (domain-japan §3.2,
         * INDICATIVE), well inside the 400 ms Type B limit. */
        t.slot_us = 52.0;
        t.sifs_us = 160.0;
        t.preamble_us = 560.0;
        t.ba_us = 560.0;
        t.max_ppdu_us = 100e3;
        t.max_mpdus = 64; /* 802.11ah: 64-MPDU Block Ack window (as 802.11n/ac) */
    } else {
        /* 802.11ax (6 GHz OFDM PHY): aSlotTime 9 us, aSIFSTime 16 us. HE SU
         * preamble: L-STF 8 + L-LTF 8 + L-SIG 4 + RL-SIG 4 + HE-SIG-A 8 +
         * HE-STF 4 + 2 HE-LTF x 8 = 52 us (two streams). Block Ack: 32-byte
         * compressed BA at 24 Mbit/s legacy OFDM = 20 + 3 x 4 us = 32 us.
         * aPPDUMaxTime 5.484 ms (802.11ax HE PHY characteristics). */
        t.slot_us = 9.0;
        t.sifs_us = 16.0;
        t.preamble_us = 52.0;
        t.ba_us = 32.0;
        t.max_ppdu_us = 5484.0;
        /* Largest Block Ack window: 256 MPDUs in 802.11ax, 1024 in 802.11be. */
        t.max_mpdus = std == DX_PHY_WIFI_EHT ? 1024 : 256;
    }
    return t;
}

dx_status dx_phy_wifi_mac_efficiency_ratio(dx_phy_wifi_standard std, double phy_rate_mbps,
                                           const dx_phy_wifi_mac_options *opts, double *out_ratio)
{
    DX_REQUIRE_PTR(out_ratio);
    DX_TRY(check_std(std, "dx_phy_wifi_mac_efficiency_ratio"));
    dx_phy_wifi_mac_options def;
    if (!opts) {
        dx_phy_wifi_mac_options_init(&def, DX_PHY_WIFI_MAC_OPTIONS_VERSION);
        opts = &def;
    }
    if (opts->version == 0 || opts->version > DX_PHY_WIFI_MAC_OPTIONS_VERSION)
        DX_FAIL(DX_EINVAL, "dx_phy_wifi_mac_efficiency_ratio: opts->version = %u", opts->version);
    if (!(phy_rate_mbps > 0.0) || !isfinite(phy_rate_mbps))
        DX_FAIL(DX_EDOMAIN, "dx_phy_wifi_mac_efficiency_ratio: phy_rate_mbps = %g (allowed > 0)",
                phy_rate_mbps);
    if (!(opts->mpdu_bytes >= 1.0 && opts->mpdu_bytes <= 11454.0))
        DX_FAIL(DX_EDOMAIN,
                "dx_phy_wifi_mac_efficiency_ratio: opts->mpdu_bytes = %g (allowed 1..11454)",
                opts->mpdu_bytes);
    if (opts->ampdu_max_mpdus < 0 || opts->ampdu_max_mpdus > 1024)
        DX_FAIL(DX_EDOMAIN,
                "dx_phy_wifi_mac_efficiency_ratio: opts->ampdu_max_mpdus = %d (allowed 1..1024, "
                "0 = standard's window)",
                opts->ampdu_max_mpdus);
    if (opts->n_stations < 1)
        DX_FAIL(DX_EDOMAIN, "dx_phy_wifi_mac_efficiency_ratio: opts->n_stations = %d (allowed >= 1)",
                opts->n_stations);
    if (opts->max_ppdu_s < 0.0)
        DX_FAIL(DX_EDOMAIN, "dx_phy_wifi_mac_efficiency_ratio: opts->max_ppdu_s = %g s (allowed >= 0)",
                opts->max_ppdu_s);
    mac_timing t = timing(std);
    double max_ppdu_us = opts->max_ppdu_s > 0.0 ? opts->max_ppdu_s * 1e6 : t.max_ppdu_us;
    /* Per MPDU on air: MSDU + LLC/SNAP 8 + QoS MAC header 26 + FCS 4 +
     * A-MPDU delimiter 4 bytes (802.11-2020 frame formats), padded to 4 bytes. */
    double mpdu_air_bytes = ceil((opts->mpdu_bytes + 8.0 + 26.0 + 4.0 + 4.0) / 4.0) * 4.0;
    double us_per_mpdu = mpdu_air_bytes * 8.0 / phy_rate_mbps;
    int n = (int)floor((max_ppdu_us - t.preamble_us) / us_per_mpdu);
    int n_max = opts->ampdu_max_mpdus > 0 ? opts->ampdu_max_mpdus : t.max_mpdus;
    if (n > n_max)
        n = n_max;
    if (n < 1)
        n = 1;
    double data_us = n * us_per_mpdu;
    /* EDCA best effort: AIFSN 3, CWmin 15 (802.11-2020 default EDCA parameter set, AC_BE):
     * AIFS = SIFS + 3 slots; mean backoff CWmin/2 slots, shared by n stations. */
    double aifs_us = t.sifs_us + 3.0 * t.slot_us;
    double backoff_us = 7.5 * t.slot_us / opts->n_stations;
    double success_us = aifs_us + t.preamble_us + data_us + t.sifs_us + t.ba_us;
    /* Collisions (Bianchi-style approximation with a fixed attempt probability
     * tau = 2/(CWmin+2)): p = 1 - (1-tau)^(n-1); each collision wastes one
     * PPDU plus AIFS; expected collisions per success p/(1-p). */
    double tau = 2.0 / (15.0 + 2.0);
    double p = 1.0 - pow(1.0 - tau, opts->n_stations - 1);
    double coll_us = aifs_us + t.preamble_us + data_us + t.sifs_us + t.ba_us;
    double total_us = backoff_us + success_us + (p / (1.0 - p)) * (coll_us + backoff_us);
    double payload_bits = n * opts->mpdu_bytes * 8.0;
    *out_ratio = payload_bits / (phy_rate_mbps * total_us);
    return DX_OK;
}
