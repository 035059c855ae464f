/* Stage 3 (PHY): SINR -> throughput for every technology family. Each family
 * is turned into a "ladder" of (required SINR, rate) rungs from its MCS table
 * and sensitivities; docs/throughput-model.md explains each model. */
#include "dx_internal.h"
#include "dxsim/link.h"
#include "dxsim/phy.h"
#include "phy_internal.h"

#include <math.h>
#include <string.h>

#define DX__LADDER_MAX 160 /* NR table 2: 28 MCS x 4 ranks */

typedef struct {
    double sinr_db;
    double rate_mbps;
} rung;

typedef struct {
    size_t n;
    rung r[DX__LADDER_MAX];
    int continuous; /* 1: attenuated Shannon over bw_hz (no table) */
    double bw_hz;
} ladder;

static void push(ladder *l, double sinr_db, double rate_mbps)
{
    if (l->n < DX__LADDER_MAX) {
        l->r[l->n].sinr_db = sinr_db;
        l->r[l->n].rate_mbps = rate_mbps;
        l->n++;
    }
}

static int layers_of(const dx_technology *t, dx_phy_direction dir)
{
    int n = dir == DX_PHY_DL ? t->mimo_layers_dl : t->mimo_layers_ul;
    return n > 0 ? n : 1;
}

/* Rank adaptation: k spatial layers share the transmit power, so each layer
 * sees the SINR less 10 log10(k) (equal power split, ideal spatial separation:
 * an optimistic first-order model, ASSUMED). The ladder keeps every (rank,
 * MCS) rung and the envelope picks the best, so the cell edge runs rank 1 and
 * full rank needs 10 log10(layers) dB more than single-layer peak. */
static double rank_penalty_db(int k) { return 10.0 * log10((double)k); }

static dx_status nr_ladder(const dx_technology *t, dx_phy_direction dir, ladder *l)
{
    int table = t->nr_mcs_table > 0 ? t->nr_mcs_table : 1;
    double bw_mhz = t->bw_hz / 1e6;
    double share = 1.0;
    if (t->tdd_pattern[0]) {
        double dl, ul;
        DX_TRY(dx_phy_tdd_shares(t->tdd_pattern, t->tdd_special[0] ? t->tdd_special : NULL, &dl,
                                 &ul));
        share = dir == DX_PHY_DL ? dl : ul;
    }
    if (share <= 0.0)
        return DX_OK; /* no slots in this direction: empty ladder, rate 0 */
    int layers = layers_of(t, dir);
    /* TS 38.306 rate with one layer, Qm = 1 and R = Rmax, once; each MCS scales
     * it by Qm * R / Rmax and each rank k by k. */
    double unit;
    DX_TRY(dx_phy_nr_max_rate_mbps(bw_mhz, t->scs_khz, 1, 1, 1.0, -1.0, dir, share, &unit));
    int n_mcs = dx__phy_nr_mcs_count(table);
    if (n_mcs == 0)
        DX_FAIL(DX_EDOMAIN, "%s: nr_mcs_table = %d (allowed 1..3)", t->id, t->nr_mcs_table);
    for (int k = 1; k <= layers; k++)
        for (int i = 0; i < n_mcs; i++) {
            dx_phy_mcs_entry e;
            double sinr;
            DX_TRY(dx_phy_nr_mcs(table, i, &e));
            if (t->max_qm > 0 && e.qm > t->max_qm)
                continue;
            DX_TRY(dx_phy_nr_mcs_required_sinr_db(table, i, &sinr));
            push(l, sinr + rank_penalty_db(k), k * unit * e.qm * e.code_rate_x1024 / 948.0);
        }
    return DX_OK;
}

static dx_status wifi_ladder(const dx_technology *t, dx_phy_direction dir, ladder *l)
{
    static const int nbpscs[14] = {1, 2, 2, 4, 4, 6, 6, 6, 8, 8, 10, 10, 12, 12};
    dx_phy_wifi_standard std = t->family == DX_TECH_FAMILY_WIFI_HE    ? DX_PHY_WIFI_HE
                               : t->family == DX_TECH_FAMILY_WIFI_EHT ? DX_PHY_WIFI_EHT
                                                                      : DX_PHY_WIFI_S1G;
    double bw_mhz = t->bw_hz / 1e6;
    double gi = t->gi_us > 0.0 ? t->gi_us : (std == DX_PHY_WIFI_S1G ? 8.0 : 0.8);
    int nss = layers_of(t, dir);
    int top = std == DX_PHY_WIFI_HE ? 11 : 13;
    if (std == DX_PHY_WIFI_S1G) {
        top = 9;
        double r, s, eff;
        /* MCS 10 (1 MHz only) is the most robust rung. */
        if (fabs(bw_mhz - 1.0) < 1e-9 && nss == 1 &&
            dx_phy_wifi_rate_mbps(std, 10, bw_mhz, 1, gi, &r) == DX_OK) {
            DX_TRY(dx_phy_wifi_required_sinr_db(std, 10, bw_mhz, &s));
            DX_TRY(dx_phy_wifi_mac_efficiency_ratio(std, r, NULL, &eff));
            push(l, s, r * eff);
        }
    }
    for (int k = 1; k <= nss; k++)
        for (int m = 0; m <= top; m++) {
            if (t->max_qm > 0 && nbpscs[m] > t->max_qm)
                continue;
            double r, s, eff;
            dx_status st = dx_phy_wifi_rate_mbps(std, m, bw_mhz, k, gi, &r);
            if (st != DX_OK) {
                if (m == 0)
                    return st; /* width / GI / NSS unusable: report it */
                continue;      /* an MCS the standard omits at this width */
            }
            DX_TRY(dx_phy_wifi_required_sinr_db(std, m, bw_mhz, &s));
            DX_TRY(dx_phy_wifi_mac_efficiency_ratio(std, r, NULL, &eff));
            push(l, s + rank_penalty_db(k), r * eff);
        }
    dx_clear_error();
    return DX_OK;
}

static dx_status lora_ladder(const dx_technology *t, ladder *l)
{
    int sf_min = t->lora_sf_min > 0 ? t->lora_sf_min : 7;
    int sf_max = t->lora_sf_max > 0 ? t->lora_sf_max : 12;
    if (sf_min < 5 || sf_max > 12 || sf_min > sf_max)
        DX_FAIL(DX_EDOMAIN, "%s: lora_sf_min = %d, lora_sf_max = %d (allowed 5 <= min <= max <= 12)",
                t->id, sf_min, sf_max);
    if (!(t->bw_hz > 0.0))
        DX_FAIL(DX_EDOMAIN, "%s: bw_hz = %g Hz (allowed > 0)", t->id, t->bw_hz);
    for (int sf = sf_max; sf >= sf_min; sf--) {
        double snr;
        DX_TRY(dx_phy_lora_demod_snr_db(sf, &snr));
        /* Raw LoRa bit rate R_b = SF * BW / 2^SF * 4/(4+CR), CR = 1 (4/5, the
         * LoRaWAN coding rate); Semtech AN1200.22 §4. */
        push(l, snr, sf * t->bw_hz / pow(2.0, sf) * 4.0 / 5.0 / 1e6);
    }
    return DX_OK;
}

/* SINR at the maximum coupling loss, from the uplink (the limiting link of
 * TR 36.888 / TR 45.820 MCL tables, defined without antenna gains):
 * SINR = P_UE - MCL - (kTB + NF_BS), B = one PRB (180 kHz, PUSCH in deep coverage). */
static dx_status ltem_mcl_sinr_db(const dx_technology *t, double *out)
{
    if ((t->family != DX_TECH_FAMILY_LTEM && t->family != DX_TECH_FAMILY_CARRIER) ||
        !(t->max_coupling_loss_db > 0.0))
        DX_FAIL(DX_EINVAL, "%s: not an LTE-M / carrier profile with max_coupling_loss_db > 0 (family %s, "
                "max_coupling_loss_db = %g dB)", t->id, dx_tech_family_name(t->family),
                t->max_coupling_loss_db);
    double bw = 180e3, nf = t->bs_noise_figure_db > 0 ? t->bs_noise_figure_db : 5.0, noise;
    DX_TRY(dx_link_thermal_noise_dbm(1, &bw, &nf, &noise));
    double ptx = t->ue_tx_power_dbm != 0.0 ? t->ue_tx_power_dbm : 23.0;
    *out = ptx - t->max_coupling_loss_db - noise;
    return DX_OK;
}

/* Coverage-class repetition scaling (ASSUMED: 1, 1/4, 1/32 of the nominal rate
 * for normal coverage, CE mode A and CE mode B; 3GPP Rel-13 allows up to 32
 * repetitions in mode A and 2048 in mode B). */
static const double ce_scale[3] = {1.0, 0.25, 1.0 / 32.0};
/* Class edges below the MCL: legacy LTE reaches MCL - 15 dB (TR 36.888: 140.7 vs
 * 155.7 dB); mode A is taken up to MCL - 5 dB (ASSUMED). */
#define DX__CE_NORMAL_MARGIN_DB 15.0
#define DX__CE_A_MARGIN_DB 5.0

static dx_status ltem_ladder(const dx_technology *t, dx_phy_direction dir, ladder *l)
{
    double thr;
    DX_TRY(ltem_mcl_sinr_db(t, &thr));
    double nominal = (dir == DX_PHY_DL ? t->nominal_dl_bps : t->nominal_ul_bps) / 1e6;
    push(l, thr, nominal * ce_scale[2]);
    push(l, thr + DX__CE_A_MARGIN_DB, nominal * ce_scale[1]);
    push(l, thr + DX__CE_NORMAL_MARGIN_DB, nominal * ce_scale[0]);
    return DX_OK;
}

/* Sort the rungs by required SINR and make the rates a running maximum, so the
 * rate at an SINR is the envelope value of the last rung at or below it. */
static void finish_ladder(ladder *l)
{
    for (size_t i = 1; i < l->n; i++) {
        rung x = l->r[i];
        size_t j = i;
        while (j > 0 && l->r[j - 1].sinr_db > x.sinr_db) {
            l->r[j] = l->r[j - 1];
            j--;
        }
        l->r[j] = x;
    }
    for (size_t i = 1; i < l->n; i++)
        if (l->r[i].rate_mbps < l->r[i - 1].rate_mbps)
            l->r[i].rate_mbps = l->r[i - 1].rate_mbps;
}

static dx_status build_family_ladder(const dx_technology *t, dx_phy_direction dir, ladder *l);

/* The scenario Monte Carlo asks for the rates of the same few technology records
 * thousands of times: a small per-thread cache of finished ladders keyed on the whole
 * record (no pointers in dx_technology, so equal bytes mean an equal record; a copy
 * that differs only in padding is merely a miss). Only successful builds are kept. */
#define DX__LADDER_CACHE 8
static _Thread_local struct {
    int valid;
    dx_phy_direction dir;
    dx_technology tech;
    ladder l;
} dx__ladder_cache[DX__LADDER_CACHE];
static _Thread_local unsigned dx__ladder_next;

static void ladder_copy(ladder *dst, const ladder *src)
{
    dst->n = src->n;
    dst->continuous = src->continuous;
    dst->bw_hz = src->bw_hz;
    memcpy(dst->r, src->r, src->n * sizeof src->r[0]);
}

static dx_status build_ladder(const dx_technology *t, dx_phy_direction dir, ladder *l)
{
    DX_REQUIRE_PTR(t);
    for (unsigned i = 0; i < DX__LADDER_CACHE; i++)
        if (dx__ladder_cache[i].valid && dx__ladder_cache[i].dir == dir
            && memcmp(&dx__ladder_cache[i].tech, t, sizeof *t) == 0) {
            ladder_copy(l, &dx__ladder_cache[i].l);
            return DX_OK;
        }
    DX_TRY(build_family_ladder(t, dir, l));
    finish_ladder(l);
    unsigned k = dx__ladder_next++ % DX__LADDER_CACHE;
    dx__ladder_cache[k].valid = 1;
    dx__ladder_cache[k].dir = dir;
    memcpy(&dx__ladder_cache[k].tech, t, sizeof *t);
    ladder_copy(&dx__ladder_cache[k].l, l);
    return DX_OK;
}

static dx_status build_family_ladder(const dx_technology *t, dx_phy_direction dir, ladder *l)
{
    DX_REQUIRE_PTR(t);
    if (dir != DX_PHY_DL && dir != DX_PHY_UL)
        DX_FAIL(DX_EINVAL, "dir = %d (allowed DX_PHY_DL = 0, DX_PHY_UL = 1)", (int)dir);
    memset(l, 0, sizeof *l);
    switch (t->family) {
    case DX_TECH_FAMILY_NR:
        return nr_ladder(t, dir, l);
    case DX_TECH_FAMILY_WIFI_HE:
    case DX_TECH_FAMILY_WIFI_EHT:
    case DX_TECH_FAMILY_WIFI_S1G:
        return wifi_ladder(t, dir, l);
    case DX_TECH_FAMILY_LORA:
        return lora_ladder(t, l);
    case DX_TECH_FAMILY_LTEM:
        return ltem_ladder(t, dir, l);
    case DX_TECH_FAMILY_CARRIER: {
        /* a carrier's data service: its nominal rate wherever the coupling loss
         * is within the network's MCL (no coverage-enhancement modes) */
        double thr;
        DX_TRY(ltem_mcl_sinr_db(t, &thr));
        push(l, thr, (dir == DX_PHY_DL ? t->nominal_dl_bps : t->nominal_ul_bps) / 1e6);
        return DX_OK;
    }
    }
    /* No table for this family: attenuated Shannon (TR 36.942 Annex A). */
    if (!(t->bw_hz > 0.0))
        DX_FAIL(DX_EDOMAIN, "%s: bw_hz = %g Hz (allowed > 0)", t->id, t->bw_hz);
    l->continuous = 1;
    l->bw_hz = t->bw_hz;
    return DX_OK;
}

/* TR 36.942 Annex A.2 (Table A.2): DL alpha 0.6, SINR_MIN -10 dB, Thr_MAX 4.4
 * bit/s/Hz; UL alpha 0.4, SINR_MIN -10 dB, Thr_MAX 2.0 bit/s/Hz. */
static void shannon_params(dx_phy_direction dir, double *alpha, double *smin, double *tmax)
{
    *alpha = dir == DX_PHY_DL ? 0.6 : 0.4;
    *smin = -10.0;
    *tmax = dir == DX_PHY_DL ? 4.4 : 2.0;
}

static double shannon_se(dx_phy_direction dir, double sinr_db)
{
    double a, smin, tmax;
    shannon_params(dir, &a, &smin, &tmax);
    if (isnan(sinr_db))
        return NAN;
    if (sinr_db < smin)
        return 0.0;
    return fmin(a * log2(1.0 + pow(10.0, sinr_db / 10.0)), tmax);
}

dx_status dx_phy_shannon_attenuated_bps_per_hz(dx_phy_direction dir, size_t n,
                                               const double *sinr_db, double *out_bps_per_hz)
{
    if (dir != DX_PHY_DL && dir != DX_PHY_UL)
        DX_FAIL(DX_EINVAL, "dx_phy_shannon_attenuated_bps_per_hz: dir = %d (allowed 0, 1)",
                (int)dir);
    if (n == 0)
        return DX_OK;
    DX_REQUIRE_PTR(sinr_db);
    DX_REQUIRE_PTR(out_bps_per_hz);
    for (size_t i = 0; i < n; i++)
        out_bps_per_hz[i] = shannon_se(dir, sinr_db[i]);
    return DX_OK;
}

static double ladder_rate(const ladder *l, dx_phy_direction dir, double sinr_db)
{
    if (isnan(sinr_db))
        return NAN;
    if (l->continuous)
        return shannon_se(dir, sinr_db) * l->bw_hz / 1e6;
    if (l->n == 0 || sinr_db < l->r[0].sinr_db)
        return 0.0;
    size_t lo = 0, hi = l->n; /* invariant: r[lo].sinr_db <= sinr_db, r[hi] above (or end) */
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (l->r[mid].sinr_db <= sinr_db)
            lo = mid;
        else
            hi = mid;
    }
    return l->r[lo].rate_mbps;
}

dx_status dx_phy_throughput_mbps(const dx_technology *tech, dx_phy_direction dir, size_t n,
                                 const double *sinr_db, double *out_mbps)
{
    DX_REQUIRE_PTR(tech);
    ladder l;
    DX_TRY(build_ladder(tech, dir, &l));
    if (n == 0)
        return DX_OK;
    DX_REQUIRE_PTR(sinr_db);
    DX_REQUIRE_PTR(out_mbps);
    for (size_t i = 0; i < n; i++)
        out_mbps[i] = ladder_rate(&l, dir, sinr_db[i]);
    return DX_OK;
}

static double ladder_peak(const ladder *l, dx_phy_direction dir)
{
    if (l->continuous)
        return shannon_se(dir, 1e3) * l->bw_hz / 1e6;
    double best = 0.0;
    for (size_t k = 0; k < l->n; k++)
        if (l->r[k].rate_mbps > best)
            best = l->r[k].rate_mbps;
    return best;
}

dx_status dx_phy_peak_rate_mbps(const dx_technology *tech, dx_phy_direction dir, double *out_mbps)
{
    DX_REQUIRE_PTR(out_mbps);
    ladder l;
    DX_TRY(build_ladder(tech, dir, &l));
    *out_mbps = ladder_peak(&l, dir);
    return DX_OK;
}

dx_status dx_phy_required_sinr_db(const dx_technology *tech, dx_phy_direction dir,
                                  double rate_mbps, double *out_sinr_db)
{
    DX_REQUIRE_PTR(out_sinr_db);
    ladder l;
    DX_TRY(build_ladder(tech, dir, &l));
    if (!(rate_mbps >= 0.0) || !isfinite(rate_mbps))
        DX_FAIL(DX_EDOMAIN, "dx_phy_required_sinr_db: rate_mbps = %g Mbit/s (allowed >= 0)",
                rate_mbps);
    double peak = ladder_peak(&l, dir);
    if (rate_mbps > peak || peak <= 0.0)
        DX_FAIL(DX_EDOMAIN,
                "dx_phy_required_sinr_db: rate_mbps = %g Mbit/s is above the %s peak of %g "
                "Mbit/s (%s) for technology '%s'",
                rate_mbps, dir == DX_PHY_DL ? "downlink" : "uplink", peak,
                dx_tech_family_name(tech->family), tech->id);
    if (l.continuous) {
        double a, smin, tmax;
        shannon_params(dir, &a, &smin, &tmax);
        double se = rate_mbps * 1e6 / l.bw_hz;
        double s = 10.0 * log10(pow(2.0, se / a) - 1.0);
        *out_sinr_db = fmax(s, smin);
        return DX_OK;
    }
    double best = INFINITY;
    for (size_t k = 0; k < l.n; k++)
        if (l.r[k].rate_mbps >= rate_mbps && l.r[k].sinr_db < best)
            best = l.r[k].sinr_db;
    *out_sinr_db = best;
    return DX_OK;
}

dx_status dx_phy_throughput_for_id_mbps(const char *tech_id, double bw_hz, dx_phy_direction dir,
                                        size_t n, const double *sinr_db, double *out_mbps)
{
    DX_REQUIRE_PTR(tech_id);
    dx_technology t;
    DX_TRY(dx_technology_find(tech_id, &t));
    if (bw_hz < 0.0 || !isfinite(bw_hz))
        DX_FAIL(DX_EDOMAIN, "dx_phy_throughput_for_id_mbps: bw_hz = %g Hz (allowed > 0, or 0 for "
                "the profile default)", bw_hz);
    if (bw_hz > 0.0)
        t.bw_hz = bw_hz;
    return dx_phy_throughput_mbps(&t, dir, n, sinr_db, out_mbps);
}

dx_status dx_phy_ltem_coverage_class(const dx_technology *tech, double coupling_loss_db,
                                     dx_phy_ce_class *out_class, double *out_rate_scale_ratio)
{
    DX_REQUIRE_PTR(tech);
    DX_REQUIRE_PTR(out_class);
    double thr;
    DX_TRY(ltem_mcl_sinr_db(tech, &thr));
    if (isnan(coupling_loss_db))
        DX_FAIL(DX_EDOMAIN, "dx_phy_ltem_coverage_class: coupling_loss_db is NaN");
    double mcl = tech->max_coupling_loss_db;
    dx_phy_ce_class c;
    if (coupling_loss_db > mcl)
        c = DX_PHY_CE_OUT;
    else if (coupling_loss_db > mcl - DX__CE_A_MARGIN_DB)
        c = DX_PHY_CE_MODE_B;
    else if (coupling_loss_db > mcl - DX__CE_NORMAL_MARGIN_DB)
        c = DX_PHY_CE_MODE_A;
    else
        c = DX_PHY_CE_NORMAL;
    *out_class = c;
    if (out_rate_scale_ratio)
        *out_rate_scale_ratio = c == DX_PHY_CE_OUT ? 0.0 : ce_scale[c];
    return DX_OK;
}

dx_status dx_phy_regulatory_duty_ratio(const dx_technology *tech, double *out_ratio)
{
    DX_REQUIRE_PTR(tech);
    DX_REQUIRE_PTR(out_ratio);
    /* domain-japan §3.1 Type B / §4.1: 128 us carrier sense, <= 400 ms per
     * transmission, <= 360 s per hour. */
    int arib = tech->power_regime == DX_POWER_REGIME_ARIB_T108_20MW ||
               tech->power_regime == DX_POWER_REGIME_LORA_AS923_JP;
    *out_ratio = arib && tech->dwell_time_s > 0.0 && tech->dwell_time_s <= 0.4 + 1e-12 ? 0.1 : 1.0;
    return DX_OK;
}
