/*
 * Capacity models (dxsim/capacity.h): demand classes, NR cell throughput,
 * Bianchi DCF saturation throughput, LoRa ALOHA collisions and ARIB limits,
 * LTE-M assumed share.
 */
#include <math.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>
#include "dx_internal.h"
#include "coverage_internal.h"
#include "dxsim/capacity.h"
#include "dxsim/phy.h"

dx_status dx_demand_class_init(dx_demand_class *d, const char *name)
{
    DX_REQUIRE_PTR(d);
    memset(d, 0, sizeof *d);
    if (name) {
        size_t len = strlen(name);
        if (len >= DX_DEMAND_NAME_MAX) /* refused, never cut (a cut can split a UTF-8 character) */
            DX_FAIL(DX_EINVAL, "dx_demand_class_init: name is %zu bytes (at most %d bytes)", len,
                    DX_DEMAND_NAME_MAX - 1);
        memcpy(d->name, name, len + 1);
    }
    return DX_OK;
}

dx_status dx_demand_offered_bps(const dx_demand_class *d, double *out_ul_bps, double *out_dl_bps)
{
    DX_REQUIRE_PTR(d);
#define CHECK_NONNEG(field, unit)                                                              \
    if (!(d->field >= 0.0) || !isfinite(d->field))                                             \
        DX_FAIL(DX_EDOMAIN, "dx_demand_offered_bps: %s.%s = %g %s (allowed >= 0)", d->name,     \
                #field, d->field, unit);
    CHECK_NONNEG(count, "devices")
    CHECK_NONNEG(ul_bps, "bit/s")
    CHECK_NONNEG(dl_bps, "bit/s")
    CHECK_NONNEG(msg_bytes, "bytes")
    CHECK_NONNEG(msgs_per_day, "messages/day")
#undef CHECK_NONNEG
    if (out_ul_bps)
        *out_ul_bps = d->ul_bps + d->msg_bytes * 8.0 * d->msgs_per_day / 86400.0;
    if (out_dl_bps)
        *out_dl_bps = d->dl_bps;
    return DX_OK;
}

/* ---- NR ------------------------------------------------------------------ */

dx_status dx_capacity_nr_cell_throughput_mbps(size_t n, const double *rate_mbps, int scheduler,
                                              double *out_mbps, double *out_outage_ratio)
{
    DX_REQUIRE_PTR(rate_mbps);
    DX_REQUIRE_PTR(out_mbps);
    if (n == 0)
        DX_FAIL(DX_EINVAL, "dx_capacity_nr_cell_throughput_mbps: n = 0 (allowed >= 1)");
    if (scheduler != DX_SCHED_ROUND_ROBIN && scheduler != DX_SCHED_EQUAL_RATE)
        DX_FAIL(DX_EINVAL, "dx_capacity_nr_cell_throughput_mbps: scheduler = %d (allowed 0 or 1)",
                scheduler);
    double sum = 0.0, inv = 0.0;
    size_t served = 0;
    for (size_t i = 0; i < n; i++) {
        double r = rate_mbps[i];
        if (!(r >= 0.0) || !isfinite(r))
            DX_FAIL(DX_EDOMAIN,
                    "dx_capacity_nr_cell_throughput_mbps: rate_mbps[%zu] = %g Mbit/s (allowed >= 0)",
                    i, r);
        if (r > 0.0) {
            sum += r;
            inv += 1.0 / r;
            served++;
        }
    }
    if (served == 0)
        *out_mbps = 0.0;
    else if (scheduler == DX_SCHED_ROUND_ROBIN)
        *out_mbps = sum / (double)served;
    else
        *out_mbps = (double)served / inv;
    if (out_outage_ratio)
        *out_outage_ratio = (double)(n - served) / (double)n;
    return DX_OK;
}

/* ---- Wi-Fi: Bianchi 2000 ------------------------------------------------- */

dx_status dx_wifi_mac_params_init(dx_wifi_mac_params *p, unsigned int version, int family,
                                  double phy_rate_bps)
{
    DX_REQUIRE_PTR(p);
    if (version == 0 || version > DX_WIFI_MAC_PARAMS_VERSION)
        DX_FAIL(DX_EINVAL, "dx_wifi_mac_params_init: version = %u (this library knows 1..%d)",
                version, DX_WIFI_MAC_PARAMS_VERSION);
    if (!(phy_rate_bps > 0.0) || !isfinite(phy_rate_bps))
        DX_FAIL(DX_EDOMAIN, "dx_wifi_mac_params_init: phy_rate_bps = %g bit/s (allowed > 0)",
                phy_rate_bps);
    memset(p, 0, sizeof *p);
    p->version = version;
    /* 1500-byte payload + 36 bytes MAC header, FCS and LLC/SNAP (ASSUMED typical MSDU) */
    p->payload_bits = 1500.0 * 8.0;
    const double mac_overhead_bits = 36.0 * 8.0;
    const double ack_bits = 14.0 * 8.0; /* ACK frame: 14 octets (IEEE 802.11-2020 §9.3.1.3) */
    double preamble_s, ack_rate_bps;
    switch (family) {
    case DX_TECH_FAMILY_WIFI_HE:
    case DX_TECH_FAMILY_WIFI_EHT:
        /* IEEE 802.11-2020 Table 17-21 (OFDM PHY characteristics) */
        p->slot_s = 9e-6;
        p->sifs_s = 16e-6;
        p->cw_min = 15.0;
        p->max_backoff_stage = 6; /* CWmax 1023 = 2^6 * 16 - 1 */
        /* HE SU preamble: L-STF/LTF/SIG 20 us + RL-SIG 4 + HE-SIG-A 8 + HE-STF 4 + 2 HE-LTF 2*6.4 us
         * (IEEE 802.11ax-2021 §27.3.4), about 48.8 us (ASSUMED 2 LTFs) */
        preamble_s = 48.8e-6;
        ack_rate_bps = 6e6; /* ACK at the lowest mandatory OFDM rate (legacy PPDU) */
        break;
    case DX_TECH_FAMILY_WIFI_S1G:
        /* IEEE 802.11ah-2016 Table 23-61 (S1G PHY characteristics): aSlotTime 52 us, aSIFSTime 160 us */
        p->slot_s = 52e-6;
        p->sifs_s = 160e-6;
        p->cw_min = 15.0;
        p->max_backoff_stage = 6;
        /* S1G_1M preamble: STF 4 + LTF1 4 + SIG 6 symbols of 40 us = 560 us (IEEE 802.11ah §23.3.2) */
        preamble_s = 560e-6;
        ack_rate_bps = 0.3e6; /* S1G MCS0 1 MHz 1 SS, 8 us GI: 300 kbit/s (IEEE 802.11ah Table 23-41) */
        break;
    default:
        DX_FAIL(DX_EINVAL, "dx_wifi_mac_params_init: family = %d (allowed Wi-Fi HE/EHT/S1G)", family);
    }
    p->difs_s = p->sifs_s + 2.0 * p->slot_s; /* DIFS = SIFS + 2 aSlotTime (IEEE 802.11-2020 §10.3.2.3.7) */
    p->data_s = preamble_s + (p->payload_bits + mac_overhead_bits) / phy_rate_bps;
    p->ack_s = preamble_s + ack_bits / ack_rate_bps;
    if (family != DX_TECH_FAMILY_WIFI_S1G)
        p->ack_s = 20e-6 + ack_bits / ack_rate_bps; /* legacy preamble for the ACK */
    return DX_OK;
}

size_t dx_wifi_mac_params_size(void)
{
    return sizeof(dx_wifi_mac_params);
}

typedef struct {
    double n, w;
    int m;
} bianchi_ctx;

/* tau(p) from Bianchi's eq. (7); written to stay finite at p = 1/2 */
static double bianchi_tau(double p, double w, int m)
{
    double q = 2.0 * p;
    /* (1 - (2p)^m) / (1 - 2p) = sum_{k<m} (2p)^k : no division by zero at p = 1/2 */
    double geo = 0.0, t = 1.0;
    for (int k = 0; k < m; k++) {
        geo += t;
        t *= q;
    }
    /* tau = 2 (1-2p) / ((1-2p)(W+1) + pW(1-(2p)^m)) = 2 / ((W+1) + pW geo) */
    return 2.0 / ((w + 1.0) + p * w * geo);
}

static double bianchi_residual(double tau, void *vp)
{
    const bianchi_ctx *c = vp;
    double p = 1.0 - pow(1.0 - tau, c->n - 1.0);
    return tau - bianchi_tau(p, c->w, c->m);
}

dx_status dx_capacity_wifi_saturation(double n_stations, const dx_wifi_mac_params *p,
                                      double *out_bps, double *out_ratio)
{
    DX_REQUIRE_PTR(p);
    if (!(n_stations >= 1.0) || !isfinite(n_stations))
        DX_FAIL(DX_EDOMAIN, "dx_capacity_wifi_saturation: n_stations = %g (allowed >= 1)",
                n_stations);
    if (!(p->cw_min >= 1.0) || p->max_backoff_stage < 0 || p->max_backoff_stage > 16)
        DX_FAIL(DX_EDOMAIN,
                "dx_capacity_wifi_saturation: cw_min = %g, max_backoff_stage = %d (allowed >= 1, 0..16)",
                p->cw_min, p->max_backoff_stage);
    if (!(p->slot_s > 0.0) || !(p->data_s > 0.0) || !(p->payload_bits > 0.0) ||
        !(p->sifs_s >= 0.0) || !(p->difs_s >= 0.0) || !(p->ack_s >= 0.0))
        DX_FAIL(DX_EDOMAIN, "dx_capacity_wifi_saturation: timing slot_s = %g s, data_s = %g s, "
                            "payload_bits = %g (allowed > 0), sifs/difs/ack >= 0",
                p->slot_s, p->data_s, p->payload_bits);
    bianchi_ctx c = {n_stations, p->cw_min + 1.0, p->max_backoff_stage};
    double tau;
    if (n_stations == 1.0) {
        tau = 2.0 / (c.w + 1.0);
    } else {
        gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
        if (!s)
            DX_FAIL(DX_ENOMEM, "dx_capacity_wifi_saturation: gsl_root_fsolver_alloc failed");
        gsl_function F = {bianchi_residual, &c};
        /* residual(0+) < 0 (tau(0) = 2/(W+1) > 0), residual(1) > 0 since tau(p) <= 2/(W+1) <= 1 */
        int st = gsl_root_fsolver_set(s, &F, 1e-12, 1.0);
        int iter = 0;
        tau = 0.0;
        while (st == GSL_SUCCESS && iter++ < 200) {
            st = gsl_root_fsolver_iterate(s);
            if (st != GSL_SUCCESS)
                break;
            tau = gsl_root_fsolver_root(s);
            st = gsl_root_test_interval(gsl_root_fsolver_x_lower(s), gsl_root_fsolver_x_upper(s),
                                        0.0, 1e-12);
            if (st == GSL_SUCCESS)
                break;
            if (st != GSL_CONTINUE)
                break;
            st = GSL_SUCCESS;
        }
        gsl_root_fsolver_free(s);
        if (st != GSL_SUCCESS)
            return dx__from_gsl(st, "dx_capacity_wifi_saturation: Brent solve for tau");
    }
    double n = n_stations;
    double ptr = 1.0 - pow(1.0 - tau, n);
    double ps = n * tau * pow(1.0 - tau, n - 1.0) / ptr;
    double ts = p->data_s + p->sifs_s + p->ack_s + p->difs_s;
    double tc = p->data_s + p->difs_s;
    double s_bps = ps * ptr * p->payload_bits /
                   ((1.0 - ptr) * p->slot_s + ptr * ps * ts + ptr * (1.0 - ps) * tc);
    if (out_bps)
        *out_bps = s_bps;
    if (out_ratio)
        *out_ratio = s_bps * p->data_s / p->payload_bits;
    return DX_OK;
}

dx_status dx_capacity_wifi_efficiency_ratio(double n_stations, int family, double phy_rate_bps,
                                            double *out_ratio)
{
    DX_REQUIRE_PTR(out_ratio);
    dx_wifi_mac_params p;
    DX_TRY(dx_wifi_mac_params_init(&p, DX_WIFI_MAC_PARAMS_VERSION, family, phy_rate_bps));
    double bps = 0.0;
    DX_TRY(dx_capacity_wifi_saturation(n_stations, &p, &bps, NULL));
    *out_ratio = bps / phy_rate_bps;
    return DX_OK;
}

/* ---- LoRa ---------------------------------------------------------------- */

static dx_status lora_check(const char *fn, double n_devices, double msgs_per_day,
                            double airtime_s, int n_channels, double capture_ratio)
{
    if (!(n_devices >= 0.0) || !isfinite(n_devices))
        DX_FAIL(DX_EDOMAIN, "%s: n_devices = %g (allowed >= 0)", fn, n_devices);
    if (!(msgs_per_day >= 0.0) || !isfinite(msgs_per_day))
        DX_FAIL(DX_EDOMAIN, "%s: msgs_per_day = %g (allowed >= 0)", fn, msgs_per_day);
    if (!(airtime_s > 0.0) || !isfinite(airtime_s))
        DX_FAIL(DX_EDOMAIN, "%s: airtime_s = %g s (allowed > 0)", fn, airtime_s);
    if (n_channels < 1)
        DX_FAIL(DX_EDOMAIN, "%s: n_channels = %d (allowed >= 1)", fn, n_channels);
    if (!(capture_ratio >= 0.0 && capture_ratio <= 1.0))
        DX_FAIL(DX_EDOMAIN, "%s: capture_ratio = %g (allowed 0..1)", fn, capture_ratio);
    return DX_OK;
}

dx_status dx_capacity_lora_pdr_ratio(double n_devices, double msgs_per_day, double airtime_s,
                                     int n_channels, double capture_ratio, double *out_pdr_ratio,
                                     double *out_load_erlang)
{
    DX_REQUIRE_PTR(out_pdr_ratio);
    DX_TRY(lora_check("dx_capacity_lora_pdr_ratio", n_devices, msgs_per_day, airtime_s,
                      n_channels, capture_ratio));
    double g = n_devices * msgs_per_day / 86400.0 * airtime_s / n_channels;
    *out_pdr_ratio = exp(-2.0 * g * (1.0 - capture_ratio));
    if (out_load_erlang)
        *out_load_erlang = g;
    return DX_OK;
}

dx_status dx_capacity_lora_max_devices(double target_pdr_ratio, double msgs_per_day,
                                       double airtime_s, int n_channels, double capture_ratio,
                                       double *out_devices)
{
    DX_REQUIRE_PTR(out_devices);
    if (!(target_pdr_ratio > 0.0 && target_pdr_ratio < 1.0))
        DX_FAIL(DX_EDOMAIN, "dx_capacity_lora_max_devices: target_pdr_ratio = %g (allowed 0 < p < 1)",
                target_pdr_ratio);
    DX_TRY(lora_check("dx_capacity_lora_max_devices", 1.0, msgs_per_day, airtime_s, n_channels,
                      capture_ratio));
    double per_device = 2.0 * (1.0 - capture_ratio) * msgs_per_day / 86400.0 * airtime_s / n_channels;
    *out_devices = per_device > 0.0 ? -log(target_pdr_ratio) / per_device : INFINITY;
    return DX_OK;
}

_Static_assert((int)DX_ARIB_CS_5MS == (int)DX_PHY_ARIB_CS_LONG &&
                   (int)DX_ARIB_CS_128US == (int)DX_PHY_ARIB_CS_SHORT,
               "capacity's ARIB modes are the phy module's");

/* The ARIB STD-T108 arithmetic lives in the phy module
 * (dx_phy_arib_max_messages_per_hour); this adds the AS923 dwell limit. */
dx_status dx_capacity_lora_arib_max_msgs_per_hour(double airtime_s, int mode, int dwell_limit,
                                                  double *out_max_per_hour)
{
    DX_REQUIRE_PTR(out_max_per_hour);
    if (!(airtime_s > 0.0) || !isfinite(airtime_s))
        DX_FAIL(DX_EDOMAIN, "dx_capacity_lora_arib_max_msgs_per_hour: airtime_s = %g s (allowed > 0)",
                airtime_s);
    if (mode != DX_ARIB_CS_5MS && mode != DX_ARIB_CS_128US)
        DX_FAIL(DX_EDOMAIN, "dx_capacity_lora_arib_max_msgs_per_hour: mode = %d (allowed 0 or 1)",
                mode);
    if (dwell_limit && airtime_s > 0.4) /* AS923 400 ms dwell, domain-japan §4.1 */
        DX_FAIL(DX_EREFUSED,
                "dx_capacity_lora_arib_max_msgs_per_hour: airtime_s = %g s exceeds the AS923 "
                "uplink dwell time of 0.4 s",
                airtime_s);
    return dx_phy_arib_max_messages_per_hour(airtime_s, (dx_phy_arib_mode)mode, out_max_per_hour);
}

dx_status dx_lora_sim_options_init(dx_lora_sim_options *o, unsigned int version)
{
    DX_REQUIRE_PTR(o);
    if (version == 0 || version > DX_LORA_SIM_OPTIONS_VERSION)
        DX_FAIL(DX_EINVAL, "dx_lora_sim_options_init: version = %u (this library knows 1..%d)",
                version, DX_LORA_SIM_OPTIONS_VERSION);
    memset(o, 0, sizeof *o);
    o->version = version;
    o->duration_s = 86400.0;
    o->capture_threshold_db = 6.0; /* co-SF capture, Bor et al. MSWiM 2016 */
    o->power_spread_db = 0.0;
    o->seed = 1;
    return DX_OK;
}

size_t dx_lora_sim_options_size(void)
{
    return sizeof(dx_lora_sim_options);
}

dx_status dx_capacity_lora_simulate_pdr(double n_devices, double msgs_per_day, double airtime_s,
                                        int n_channels, const dx_lora_sim_options *opts,
                                        double *out_pdr_ratio, double *out_sent)
{
    DX_REQUIRE_PTR(out_pdr_ratio);
    DX_TRY(lora_check("dx_capacity_lora_simulate_pdr", n_devices, msgs_per_day, airtime_s,
                      n_channels, 0.0));
    dx_lora_sim_options def;
    if (!opts) {
        dx_lora_sim_options_init(&def, DX_LORA_SIM_OPTIONS_VERSION);
        opts = &def;
    }
    if (!(opts->duration_s > 0.0) || !isfinite(opts->duration_s))
        DX_FAIL(DX_EDOMAIN, "dx_capacity_lora_simulate_pdr: opts->duration_s = %g s (allowed > 0)",
                opts->duration_s);
    if (!(opts->power_spread_db >= 0.0))
        DX_FAIL(DX_EDOMAIN,
                "dx_capacity_lora_simulate_pdr: opts->power_spread_db = %g dB (allowed >= 0)",
                opts->power_spread_db);
    double rate_per_ch = n_devices * msgs_per_day / 86400.0 / n_channels; /* messages/s */
    double expect = rate_per_ch * opts->duration_s;
    if (!(expect <= 5e7)) /* also NaN, before the size_t conversion below */
        DX_FAIL(DX_EDOMAIN,
                "dx_capacity_lora_simulate_pdr: %g expected messages per channel (allowed <= 5e7; "
                "shorten opts->duration_s)",
                expect);
    size_t cap = (size_t)(expect + 10.0 * sqrt(expect) + 16.0);
    double *t = dx__malloc(cap * sizeof *t);
    double *pw = dx__malloc(cap * sizeof *pw);
    if (!t || !pw) {
        dx__free(t);
        dx__free(pw);
        DX_FAIL(DX_ENOMEM, "dx_capacity_lora_simulate_pdr: %zu messages", cap);
    }
    double sent = 0.0, ok = 0.0;
    for (int ch = 0; ch < n_channels && rate_per_ch > 0.0; ch++) {
        dx__cov_rng g = {dx__cov_hash3(opts->seed, 0x10a7, (uint64_t)ch)};
        size_t m = 0;
        double now = 0.0;
        for (;;) {
            now += -log(dx__cov_u01(dx__cov_next(&g))) / rate_per_ch;
            if (now >= opts->duration_s)
                break;
            if (m == cap) {
                size_t ncap = cap * 2;
                double *nt = dx__realloc(t, ncap * sizeof *t);
                if (!nt)
                    goto nomem;
                t = nt;
                double *np = dx__realloc(pw, ncap * sizeof *pw);
                if (!np)
                    goto nomem;
                pw = np;
                cap = ncap;
            }
            t[m] = now;
            uint64_t r1 = dx__cov_next(&g), r2 = dx__cov_next(&g);
            pw[m] = opts->power_spread_db > 0.0 ? opts->power_spread_db * dx__cov_normal(r1, r2) : 0.0;
            m++;
        }
        for (size_t i = 0; i < m; i++) {
            int lost = 0;
            for (size_t k = i; k-- > 0 && t[i] - t[k] < airtime_s;)
                if (!(pw[i] - pw[k] >= opts->capture_threshold_db)) {
                    lost = 1;
                    break;
                }
            for (size_t k = i + 1; !lost && k < m && t[k] - t[i] < airtime_s; k++)
                if (!(pw[i] - pw[k] >= opts->capture_threshold_db))
                    lost = 1;
            ok += lost ? 0.0 : 1.0;
        }
        sent += (double)m;
    }
    dx__free(t);
    dx__free(pw);
    *out_pdr_ratio = sent > 0.0 ? ok / sent : 1.0;
    if (out_sent)
        *out_sent = sent;
    return DX_OK;
nomem:
    dx__free(t);
    dx__free(pw);
    DX_FAIL(DX_ENOMEM, "dx_capacity_lora_simulate_pdr: growing the message list");
}

/* ---- cell capacity -------------------------------------------------------- */

dx_status dx_capacity_cell_capacity_mbps(const dx_technology *tech, double mean_rate_mbps,
                                         double n_devices, double *out_mbps)
{
    DX_REQUIRE_PTR(tech);
    DX_REQUIRE_PTR(out_mbps);
    if (!(mean_rate_mbps >= 0.0) || !isfinite(mean_rate_mbps))
        DX_FAIL(DX_EDOMAIN, "dx_capacity_cell_capacity_mbps: mean_rate_mbps = %g (allowed >= 0)",
                mean_rate_mbps);
    if (!(n_devices >= 0.0) || !isfinite(n_devices))
        DX_FAIL(DX_EDOMAIN, "dx_capacity_cell_capacity_mbps: n_devices = %g (allowed >= 0)",
                n_devices);
    switch (tech->family) {
    case DX_TECH_FAMILY_NR:
        *out_mbps = mean_rate_mbps;
        return DX_OK;
    case DX_TECH_FAMILY_WIFI_HE:
    case DX_TECH_FAMILY_WIFI_EHT:
    case DX_TECH_FAMILY_WIFI_S1G: {
        if (mean_rate_mbps <= 0.0) {
            *out_mbps = 0.0;
            return DX_OK;
        }
        dx_wifi_mac_params p;
        double s1 = 0.0, sn = 0.0;
        DX_TRY(dx_wifi_mac_params_init(&p, DX_WIFI_MAC_PARAMS_VERSION, tech->family,
                                       mean_rate_mbps * 1e6));
        DX_TRY(dx_capacity_wifi_saturation(1.0, &p, &s1, NULL));
        DX_TRY(dx_capacity_wifi_saturation(n_devices < 1.0 ? 1.0 : n_devices, &p, &sn, NULL));
        *out_mbps = mean_rate_mbps * sn / s1;
        return DX_OK;
    }
    case DX_TECH_FAMILY_LTEM:
    case DX_TECH_FAMILY_CARRIER:
        *out_mbps = DX_CAPACITY_LTEM_SHARE_RATIO * tech->nominal_ul_bps / 1e6;
        return DX_OK;
    default:
        DX_FAIL(DX_EINVAL,
                "dx_capacity_cell_capacity_mbps: tech->family = %s has no bit-rate capacity "
                "(use dx_capacity_lora_max_devices)",
                dx_tech_family_name(tech->family));
    }
}
