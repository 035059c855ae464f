/* Stage 3 (link): noise floor, EIRP, link budget, antenna patterns and the
 * Japanese transmit-power rules. */
#include "dx_internal.h"
#include "dxsim/link.h"

#include <math.h>
#include <string.h>

/* kT at T0 = 290 K in dBm/Hz: 10 log10(1.380649e-23 * 290 / 1e-3) = -173.975
 * (ITU-R P.372 reference temperature 290 K; Boltzmann constant, SI 2019). */
static double kt_dbm_per_hz(void) { return 10.0 * log10(DX_BOLTZMANN_J_PER_K * 290.0 / 1e-3); }

dx_status dx_link_thermal_noise_dbm(size_t n, const double *bw_hz, const double *noise_figure_db,
                                    double *out_dbm)
{
    if (n == 0)
        return DX_OK;
    DX_REQUIRE_PTR(bw_hz);
    DX_REQUIRE_PTR(noise_figure_db);
    DX_REQUIRE_PTR(out_dbm);
    const double kt = kt_dbm_per_hz();
    for (size_t i = 0; i < n; i++) {
        if (!(bw_hz[i] > 0.0) || !isfinite(bw_hz[i]))
            DX_FAIL(DX_EDOMAIN, "dx_link_thermal_noise_dbm: bw_hz[%zu] = %g Hz (allowed > 0)", i,
                    bw_hz[i]);
        if (!(noise_figure_db[i] >= 0.0) || !isfinite(noise_figure_db[i]))
            DX_FAIL(DX_EDOMAIN,
                    "dx_link_thermal_noise_dbm: noise_figure_db[%zu] = %g dB (allowed >= 0)", i,
                    noise_figure_db[i]);
        out_dbm[i] = kt + 10.0 * log10(bw_hz[i]) + noise_figure_db[i];
    }
    return DX_OK;
}

dx_status dx_link_eirp_dbm(size_t n, const double *tx_power_dbm, const double *antenna_gain_dbi,
                           const double *cable_loss_db, double *out_eirp_dbm)
{
    if (n == 0)
        return DX_OK;
    DX_REQUIRE_PTR(tx_power_dbm);
    DX_REQUIRE_PTR(antenna_gain_dbi);
    DX_REQUIRE_PTR(cable_loss_db);
    DX_REQUIRE_PTR(out_eirp_dbm);
    for (size_t i = 0; i < n; i++) {
        if (!(cable_loss_db[i] >= 0.0))
            DX_FAIL(DX_EDOMAIN, "dx_link_eirp_dbm: cable_loss_db[%zu] = %g dB (allowed >= 0)", i,
                    cable_loss_db[i]);
        out_eirp_dbm[i] = tx_power_dbm[i] + antenna_gain_dbi[i] - cable_loss_db[i];
    }
    return DX_OK;
}

dx_status dx_link_sinr_db(size_t n, const double *signal_dbm, const double *noise_dbm,
                          const double *interference_dbm, double *out_sinr_db)
{
    if (n == 0)
        return DX_OK;
    DX_REQUIRE_PTR(signal_dbm);
    DX_REQUIRE_PTR(noise_dbm);
    DX_REQUIRE_PTR(interference_dbm);
    DX_REQUIRE_PTR(out_sinr_db);
    for (size_t i = 0; i < n; i++) {
        double nl = pow(10.0, noise_dbm[i] / 10.0);
        double il = isinf(interference_dbm[i]) && interference_dbm[i] < 0
                        ? 0.0
                        : pow(10.0, interference_dbm[i] / 10.0);
        out_sinr_db[i] = signal_dbm[i] - 10.0 * log10(nl + il);
    }
    return DX_OK;
}

dx_status dx_link_budget_init(dx_link_budget *lb, unsigned int version)
{
    DX_REQUIRE_PTR(lb);
    if (version == 0 || version > DX_LINK_BUDGET_VERSION)
        DX_FAIL(DX_EINVAL, "dx_link_budget_init: version = %u (this library knows 1..%u)", version,
                DX_LINK_BUDGET_VERSION);
    memset(lb, 0, sizeof *lb);
    lb->version = version;
    lb->tx_power_dbm = 23.0;    /* 3GPP power class 3 UE (TS 38.101-1 §6.2.1) */
    lb->bandwidth_hz = 20e6;    /* ASSUMED: one 20 MHz channel */
    lb->noise_figure_db = 7.0;  /* ASSUMED: typical Wi-Fi / UE receiver */
    return DX_OK;
}

size_t dx_link_budget_size(void) { return sizeof(dx_link_budget); }

static dx_status check_budget(const dx_link_budget *lb, const char *fn)
{
    DX_REQUIRE_PTR(lb);
    if (lb->version == 0 || lb->version > DX_LINK_BUDGET_VERSION)
        DX_FAIL(DX_EINVAL, "%s: lb->version = %u (call dx_link_budget_init)", fn, lb->version);
    if (!(lb->bandwidth_hz > 0.0))
        DX_FAIL(DX_EDOMAIN, "%s: lb->bandwidth_hz = %g Hz (allowed > 0)", fn, lb->bandwidth_hz);
    if (!(lb->noise_figure_db >= 0.0))
        DX_FAIL(DX_EDOMAIN, "%s: lb->noise_figure_db = %g dB (allowed >= 0)", fn,
                lb->noise_figure_db);
    const struct {
        const char *name;
        double v;
    } losses[] = {{"tx_cable_loss_db", lb->tx_cable_loss_db},
                  {"rx_cable_loss_db", lb->rx_cable_loss_db},
                  {"body_loss_db", lb->body_loss_db},
                  {"penetration_loss_db", lb->penetration_loss_db},
                  {"other_loss_db", lb->other_loss_db}};
    for (size_t i = 0; i < sizeof losses / sizeof losses[0]; i++)
        if (!(losses[i].v >= 0.0))
            DX_FAIL(DX_EDOMAIN, "%s: lb->%s = %g dB (allowed >= 0)", fn, losses[i].name,
                    losses[i].v);
    return DX_OK;
}

static double rx_after_loss(const dx_link_budget *lb, double path_loss_db)
{
    return lb->tx_power_dbm + lb->tx_antenna_gain_dbi - lb->tx_cable_loss_db - lb->body_loss_db -
           lb->penetration_loss_db - lb->other_loss_db - path_loss_db + lb->rx_antenna_gain_dbi -
           lb->rx_cable_loss_db;
}

dx_status dx_link_required_rx_level_dbm(const dx_link_budget *lb, double *out_dbm)
{
    DX_TRY(check_budget(lb, "dx_link_required_rx_level_dbm"));
    DX_REQUIRE_PTR(out_dbm);
    double noise;
    DX_TRY(dx_link_thermal_noise_dbm(1, &lb->bandwidth_hz, &lb->noise_figure_db, &noise));
    *out_dbm = noise + lb->required_sinr_db + lb->interference_margin_db;
    return DX_OK;
}

dx_status dx_link_max_path_loss_db(const dx_link_budget *lb, double *out_mapl_db)
{
    DX_TRY(check_budget(lb, "dx_link_max_path_loss_db"));
    DX_REQUIRE_PTR(out_mapl_db);
    double req;
    DX_TRY(dx_link_required_rx_level_dbm(lb, &req));
    *out_mapl_db = rx_after_loss(lb, 0.0) - req - lb->shadowing_margin_db;
    return DX_OK;
}

dx_status dx_link_received_power_dbm(const dx_link_budget *lb, size_t n, const double *path_loss_db,
                                     double *out_dbm)
{
    DX_TRY(check_budget(lb, "dx_link_received_power_dbm"));
    if (n == 0)
        return DX_OK;
    DX_REQUIRE_PTR(path_loss_db);
    DX_REQUIRE_PTR(out_dbm);
    for (size_t i = 0; i < n; i++)
        out_dbm[i] = rx_after_loss(lb, path_loss_db[i]);
    return DX_OK;
}

/* ---- Japanese power rules ------------------------------------------------ */

/* Tolerance for comparing a design with a cap. The rules give mW; Japanese
 * documents and vendors quote them rounded to whole dBm (25 mW "14 dBm",
 * 200 mW "23 dBm", 20 mW "13 dBm"; domain-japan §2.1, §3.1). A design at the
 * rounded value is accepted; anything above it by more than 0.05 dB is refused. */
#define DX__CAP_TOL_DB 0.05

static double mw_to_dbm(double mw) { return 10.0 * log10(mw); }

dx_status dx_link_check_power_limit(const dx_technology *tech, double tx_power_dbm,
                                    double antenna_gain_dbi, int outdoor)
{
    DX_REQUIRE_PTR(tech);
    if (!isfinite(tx_power_dbm) || !isfinite(antenna_gain_dbi))
        DX_FAIL(DX_EINVAL,
                "dx_link_check_power_limit: tx_power_dbm = %g dBm, antenna_gain_dbi = %g dBi "
                "(must be finite)",
                tx_power_dbm, antenna_gain_dbi);
    const double eirp = tx_power_dbm + antenna_gain_dbi;
    switch (tech->power_regime) {
    case DX_POWER_REGIME_WIFI6G_LPI: {
        if (outdoor)
            DX_FAIL(DX_EREFUSED,
                    "%s: 6 GHz LPI (low power indoor) may not be used outdoors (outdoor = 1; "
                    "rule: indoor only, 200 mW EIRP; source: domain-japan.md §2.1 LPI, "
                    "令和4年総務省令第59号). Use the VLP profile (14 dBm EIRP) outdoors",
                    tech->id);
        const double cap = mw_to_dbm(200.0); /* domain-japan §2.1 LPI: 200 mW EIRP */
        if (eirp > cap + DX__CAP_TOL_DB)
            DX_FAIL(DX_EREFUSED,
                    "%s: EIRP %.2f dBm (tx %.2f dBm + %.2f dBi) exceeds the 6 GHz LPI cap of "
                    "%.2f dBm (200 mW EIRP; source: domain-japan.md §2.1 LPI)",
                    tech->id, eirp, tx_power_dbm, antenna_gain_dbi, cap);
        break;
    }
    case DX_POWER_REGIME_WIFI6G_VLP: {
        const double cap = mw_to_dbm(25.0); /* domain-japan §2.1 VLP: 25 mW EIRP */
        if (eirp > cap + DX__CAP_TOL_DB)
            DX_FAIL(DX_EREFUSED,
                    "%s: EIRP %.2f dBm (tx %.2f dBm + %.2f dBi) exceeds the 6 GHz VLP cap of "
                    "%.2f dBm (25 mW EIRP; source: domain-japan.md §2.1 VLP)",
                    tech->id, eirp, tx_power_dbm, antenna_gain_dbi, cap);
        break;
    }
    case DX_POWER_REGIME_ARIB_T108_20MW: {
        /* domain-japan §3.1: specified low-power station <= 20 mW antenna power;
         * with the <= 3 dBi antenna of the vendor regdb (16 dBm EIRP). A higher
         * gain needs a correspondingly lower power: EIRP cap 20 mW + 3 dBi. */
        const double cap = mw_to_dbm(20.0);
        if (tx_power_dbm > cap + DX__CAP_TOL_DB)
            DX_FAIL(DX_EREFUSED,
                    "%s: antenna power %.2f dBm (%.1f mW) exceeds the ARIB STD-T108 specified "
                    "low-power cap of 20 mW (%.2f dBm; source: domain-japan.md §3.1 Station "
                    "class / power)",
                    tech->id, tx_power_dbm, pow(10.0, tx_power_dbm / 10.0), cap);
        if (eirp > cap + 3.0 + DX__CAP_TOL_DB)
            DX_FAIL(DX_EREFUSED,
                    "%s: EIRP %.2f dBm (tx %.2f dBm + %.2f dBi) exceeds 20 mW + 3 dBi = %.2f dBm "
                    "(ARIB STD-T108 specified low power; source: domain-japan.md §3.1 EIRP used "
                    "by chip vendor)",
                    tech->id, eirp, tx_power_dbm, antenna_gain_dbi, cap + 3.0);
        break;
    }
    case DX_POWER_REGIME_LORA_AS923_JP: {
        const double cap_tx = mw_to_dbm(20.0); /* domain-japan §4.1: 20 mW antenna power */
        const double cap_eirp = 16.0;          /* domain-japan §4.1: AS923_DEFAULT_MAX_EIRP 16 */
        if (eirp > cap_eirp + DX__CAP_TOL_DB)
            DX_FAIL(DX_EREFUSED,
                    "%s: EIRP %.2f dBm (tx %.2f dBm + %.2f dBi) exceeds the LoRaWAN AS923 Japan "
                    "cap of 16 dBm EIRP (source: domain-japan.md §4.1 Max EIRP, LoRaMac-node "
                    "RegionAS923.h)",
                    tech->id, eirp, tx_power_dbm, antenna_gain_dbi);
        if (tx_power_dbm > cap_tx + DX__CAP_TOL_DB)
            DX_FAIL(DX_EREFUSED,
                    "%s: antenna power %.2f dBm exceeds 20 mW (%.2f dBm), the ARIB STD-T108 "
                    "limit behind AS923 Japan (source: domain-japan.md §4.1 Max EIRP)",
                    tech->id, tx_power_dbm, cap_tx);
        break;
    }
    case DX_POWER_REGIME_NONE:
    case DX_POWER_REGIME_LOCAL5G:  /* cap per licence: domain-japan §1.3 GAP */
    case DX_POWER_REGIME_CARRIER:  /* operator's responsibility */
        break;
    }
    /* Any cap catalogued for the profile also applies (same rule, or a licence value). */
    if (tech->max_eirp_dbm != 0.0 && eirp > tech->max_eirp_dbm + DX__CAP_TOL_DB)
        DX_FAIL(DX_EREFUSED,
                "%s: EIRP %.2f dBm (tx %.2f dBm + %.2f dBi) exceeds the catalogued cap "
                "max_eirp_dbm = %.2f dBm (source: technologies.txt, see dxsim techs %s)",
                tech->id, eirp, tx_power_dbm, antenna_gain_dbi, tech->max_eirp_dbm, tech->id);
    if (tech->max_tx_power_dbm != 0.0 && tx_power_dbm > tech->max_tx_power_dbm + DX__CAP_TOL_DB)
        DX_FAIL(DX_EREFUSED,
                "%s: conducted power %.2f dBm exceeds the catalogued cap max_tx_power_dbm = "
                "%.2f dBm (source: technologies.txt, see dxsim techs %s)",
                tech->id, tx_power_dbm, tech->max_tx_power_dbm, tech->id);
    if (outdoor && tech->indoor_only)
        DX_FAIL(DX_EREFUSED,
                "%s: profile is indoor only (indoor_only = 1 in the catalogue) but outdoor = 1",
                tech->id);
    return DX_OK;
}

/* ---- Antenna patterns ------------------------------------------------------ */

dx_status dx_link_antenna_init(dx_link_antenna *a, unsigned int version)
{
    DX_REQUIRE_PTR(a);
    if (version == 0 || version > DX_LINK_ANTENNA_VERSION)
        DX_FAIL(DX_EINVAL, "dx_link_antenna_init: version = %u (this library knows 1..%u)",
                version, DX_LINK_ANTENNA_VERSION);
    memset(a, 0, sizeof *a);
    a->version = version;
    a->kind = DX_LINK_ANTENNA_3GPP_SECTOR;
    /* 3GPP TR 38.901 Table 7.3-1: G_max 8 dBi, theta_3dB = phi_3dB = 65 deg,
     * SLA_V = 30 dB, A_max = 30 dB. */
    a->max_gain_dbi = 8.0;
    a->hpbw_h_deg = 65.0;
    a->hpbw_v_deg = 65.0;
    a->front_back_db = 30.0;
    a->sla_v_db = 30.0;
    return DX_OK;
}

size_t dx_link_antenna_size(void) { return sizeof(dx_link_antenna); }

static double wrap180(double deg)
{
    double x = fmod(deg + 180.0, 360.0);
    if (x < 0)
        x += 360.0;
    return x - 180.0;
}

/* Linear interpolation in an increasing table, clamped at the ends. */
static double interp(size_t n, const double *x, const double *y, double v)
{
    if (v <= x[0])
        return y[0];
    if (v >= x[n - 1])
        return y[n - 1];
    size_t lo = 0, hi = n - 1;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (x[mid] <= v)
            lo = mid;
        else
            hi = mid;
    }
    double t = (v - x[lo]) / (x[hi] - x[lo]);
    return y[lo] + t * (y[hi] - y[lo]);
}

static dx_status check_antenna(const dx_link_antenna *a)
{
    if (a->version == 0 || a->version > DX_LINK_ANTENNA_VERSION)
        DX_FAIL(DX_EINVAL, "dx_link_antenna_gain_dbi: a->version = %u (call dx_link_antenna_init)",
                a->version);
    if (a->kind == DX_LINK_ANTENNA_OMNI)
        return DX_OK;
    if (!(a->front_back_db > 0.0))
        DX_FAIL(DX_EDOMAIN, "dx_link_antenna_gain_dbi: a->front_back_db = %g dB (allowed > 0)",
                a->front_back_db);
    if (a->kind == DX_LINK_ANTENNA_3GPP_SECTOR) {
        if (!(a->hpbw_h_deg > 0.0 && a->hpbw_h_deg <= 360.0))
            DX_FAIL(DX_EDOMAIN, "dx_link_antenna_gain_dbi: a->hpbw_h_deg = %g deg (allowed 0..360)",
                    a->hpbw_h_deg);
        if (!(a->hpbw_v_deg > 0.0 && a->hpbw_v_deg <= 180.0))
            DX_FAIL(DX_EDOMAIN, "dx_link_antenna_gain_dbi: a->hpbw_v_deg = %g deg (allowed 0..180)",
                    a->hpbw_v_deg);
        if (!(a->sla_v_db > 0.0))
            DX_FAIL(DX_EDOMAIN, "dx_link_antenna_gain_dbi: a->sla_v_db = %g dB (allowed > 0)",
                    a->sla_v_db);
        return DX_OK;
    }
    if (a->kind == DX_LINK_ANTENNA_TABLE) {
        if (a->n_h < 2 || !a->h_azimuth_deg || !a->h_gain_db)
            DX_FAIL(DX_EDOMAIN,
                    "dx_link_antenna_gain_dbi: a->n_h = %zu (need >= 2 points and both arrays)",
                    a->n_h);
        if (a->n_v < 2 || !a->v_zenith_deg || !a->v_gain_db)
            DX_FAIL(DX_EDOMAIN,
                    "dx_link_antenna_gain_dbi: a->n_v = %zu (need >= 2 points and both arrays)",
                    a->n_v);
        for (size_t i = 1; i < a->n_h; i++)
            if (!(a->h_azimuth_deg[i] > a->h_azimuth_deg[i - 1]))
                DX_FAIL(DX_EDOMAIN,
                        "dx_link_antenna_gain_dbi: a->h_azimuth_deg[%zu] = %g deg (must increase)",
                        i, a->h_azimuth_deg[i]);
        for (size_t i = 1; i < a->n_v; i++)
            if (!(a->v_zenith_deg[i] > a->v_zenith_deg[i - 1]))
                DX_FAIL(DX_EDOMAIN,
                        "dx_link_antenna_gain_dbi: a->v_zenith_deg[%zu] = %g deg (must increase)",
                        i, a->v_zenith_deg[i]);
        return DX_OK;
    }
    DX_FAIL(DX_EINVAL, "dx_link_antenna_gain_dbi: a->kind = %d (allowed 0..2)", (int)a->kind);
}

dx_status dx_link_antenna_gain_dbi(const dx_link_antenna *a, size_t n, const double *azimuth_deg,
                                   const double *zenith_deg, double *out_gain_dbi)
{
    DX_REQUIRE_PTR(a);
    DX_TRY(check_antenna(a));
    if (n == 0)
        return DX_OK;
    DX_REQUIRE_PTR(azimuth_deg);
    DX_REQUIRE_PTR(zenith_deg);
    DX_REQUIRE_PTR(out_gain_dbi);
    for (size_t i = 0; i < n; i++) {
        double th = zenith_deg[i];
        if (!(th >= 0.0 && th <= 180.0))
            DX_FAIL(DX_EDOMAIN, "dx_link_antenna_gain_dbi: zenith_deg[%zu] = %g deg (allowed 0..180)",
                    i, th);
        if (a->kind == DX_LINK_ANTENNA_OMNI) {
            out_gain_dbi[i] = a->max_gain_dbi;
            continue;
        }
        double phi = wrap180(azimuth_deg[i]);
        /* Tilt: boresight at theta = 90 + downtilt (TR 38.901 §7.3 with the
         * field pattern rotated by the mechanical/electrical downtilt). */
        double dth = th - 90.0 - a->downtilt_deg;
        double ah, av;
        if (a->kind == DX_LINK_ANTENNA_3GPP_SECTOR) {
            /* TR 38.901 Table 7.3-1: A_V = -min(12 ((theta-90)/theta_3dB)^2, SLA_V),
             * A_H = -min(12 (phi/phi_3dB)^2, A_max). */
            av = -fmin(12.0 * (dth / a->hpbw_v_deg) * (dth / a->hpbw_v_deg), a->sla_v_db);
            ah = -fmin(12.0 * (phi / a->hpbw_h_deg) * (phi / a->hpbw_h_deg), a->front_back_db);
        } else {
            ah = interp(a->n_h, a->h_azimuth_deg, a->h_gain_db, phi);
            double tv = 90.0 + dth;
            av = interp(a->n_v, a->v_zenith_deg, a->v_gain_db, tv);
        }
        /* TR 38.901 Table 7.3-1: A = -min(-(A_V + A_H), A_max). */
        out_gain_dbi[i] = a->max_gain_dbi - fmin(-(av + ah), a->front_back_db);
    }
    return DX_OK;
}
