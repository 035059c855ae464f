/* The pipeline end to end (docs/DESIGN.md §1): every stage is called through
 * its public header; this file only wires results forward and records which
 * non-FIRM values influenced them. */
#define _GNU_SOURCE
#include "dx_internal.h"
#include "compare_internal.h"

#include <stdio.h>
#include <string.h>

#include "dxsim/capacity.h"
#include "dxsim/cost.h"
#include "dxsim/coverage.h"
#include "dxsim/finance.h"
#include "dxsim/link.h"
#include "dxsim/phy.h"
#include "dxsim/programme.h"
#include "dxsim/propagation.h"

/* ---- planning constants (each with its source) ---------------------------- */
/* Interference margin for reuse-1 multi-cell layouts when sites outnumber the
 * channels of the band: ASSUMED 3 dB (typical planning value for a loaded
 * neighbour cell; the grid engine computes SINR explicitly). */
#define DX__INTERFERENCE_MARGIN_DB 3.0
/* Largest cell radius searched: 30 km (beyond the validity of every catalogued
 * terrestrial model: TR 38.901 RMa is specified to 10 km, Hata to 20 km). */
#define DX__R_MAX_M 30000.0
#define DX__R_MIN_M 10.0
/* Planned load of a cell: ASSUMED 70 % of its capacity (headroom for peaks). */
#define DX__UTILISATION_RATIO 0.7

/* The comparison's modes are the first three procurement modes of cost.h. */
_Static_assert(DX_COMPARE_PURCHASE == DX_PROCURE_PURCHASE && DX_COMPARE_LEASE == DX_PROCURE_LEASE &&
                   DX_COMPARE_SUBSCRIPTION == DX_PROCURE_SUBSCRIPTION,
               "compare modes follow dx_procurement");

const char *dx__compare_mode_name(int mode) { return dx_procurement_name((dx_procurement)mode); }

static void note(dx__tech_out *o, const char *fmt, ...) DX__PRINTF(2, 3);
static void note(dx__tech_out *o, const char *fmt, ...)
{
    if (o->n_notes >= DX__MAX_NOTES)
        return;
    va_list ap;
    va_start(ap, fmt);
    dx__vsnprintf_c(o->notes[o->n_notes++], DX__NOTE_LEN, fmt, ap);
    va_end(ap);
}

/* Propagation model per environment (TR 38.901 §7.4.1 scenarios). Planning
 * combines the model's LOS and NLOS curves (dx_coverage_composite_radius_m). */
int dx_compare_propagation_model(dx_environment env, double bs_height_m)
{
    switch (env) {
    case DX_ENV_RURAL:
        return DX_PROPAGATION_38901_RMA;
    case DX_ENV_SUBURBAN:
    case DX_ENV_URBAN:
        /* UMi street canyon for low street-level sites (TR 38.901: h_BS = 10 m), UMa above */
        return bs_height_m < 15.0 ? DX_PROPAGATION_38901_UMI : DX_PROPAGATION_38901_UMA;
    case DX_ENV_INDOOR_OFFICE:
        return DX_PROPAGATION_38901_INH;
    case DX_ENV_INDOOR_FACTORY:
        /* ASSUMED: dense clutter, high base station (TR 38.901 InF-DH) */
        return DX_PROPAGATION_38901_INF_DH;
    }
    return DX_PROPAGATION_38901_UMA;
}

static double path_loss(dx_propagation_model m, const dx_propagation_params *pp,
                        const dx_technology *t, double d_m, int *outside)
{
    double pl = NAN;
    unsigned char flag = 0;
    size_t nout = 0;
    if (dx_propagation_path_loss_db(m, pp, 1, &t->fc_hz, &d_m, &t->bs_height_m, &t->ue_height_m,
                                    &pl, &flag, &nout) != DX_OK)
        return NAN;
    if (outside && nout)
        *outside = 1;
    return pl;
}

/* Link budget of one direction at the required SINR; returns MAPL (dB). */
static dx_status mapl_db(const dx_technology *t, dx_phy_direction dir, double required_sinr_db,
                         double interference_margin_db, double penetration_db, double *out)
{
    dx_link_budget lb;
    DX_TRY(dx_link_budget_init(&lb, DX_LINK_BUDGET_VERSION));
    if (dir == DX_PHY_DL) {
        lb.tx_power_dbm = t->bs_tx_power_dbm;
        lb.tx_antenna_gain_dbi = t->bs_antenna_gain_dbi;
        lb.tx_cable_loss_db = t->bs_cable_loss_db;
        lb.rx_antenna_gain_dbi = t->ue_antenna_gain_dbi;
        lb.rx_cable_loss_db = 0.0;
        lb.noise_figure_db = t->ue_noise_figure_db;
    } else {
        lb.tx_power_dbm = t->ue_tx_power_dbm;
        lb.tx_antenna_gain_dbi = t->ue_antenna_gain_dbi;
        lb.tx_cable_loss_db = 0.0;
        lb.rx_antenna_gain_dbi = t->bs_antenna_gain_dbi;
        lb.rx_cable_loss_db = t->bs_cable_loss_db;
        lb.noise_figure_db = t->bs_noise_figure_db;
    }
    lb.bandwidth_hz = t->bw_hz;
    lb.required_sinr_db = required_sinr_db;
    lb.interference_margin_db = interference_margin_db;
    lb.penetration_loss_db = penetration_db;
    return dx_link_max_path_loss_db(&lb, out);
}

/* Received SINR (dB) at distance d in one direction, noise-limited plus margin. */
static double sinr_at(const dx_technology *t, dx_phy_direction dir, double pl_db, double im_db,
                      double pen_db)
{
    double eirp, rx_gain, nf;
    if (dir == DX_PHY_DL) {
        eirp = t->bs_tx_power_dbm + t->bs_antenna_gain_dbi - t->bs_cable_loss_db;
        rx_gain = t->ue_antenna_gain_dbi;
        nf = t->ue_noise_figure_db;
    } else {
        eirp = t->ue_tx_power_dbm + t->ue_antenna_gain_dbi;
        rx_gain = t->bs_antenna_gain_dbi - t->bs_cable_loss_db;
        nf = t->bs_noise_figure_db;
    }
    double noise = NAN;
    if (dx_link_thermal_noise_dbm(1, &t->bw_hz, &nf, &noise) != DX_OK)
        return NAN;
    return eirp - pl_db - pen_db + rx_gain - noise - im_db;
}

static double rate_mbps(const dx_technology *t, dx_phy_direction dir, double sinr_db)
{
    double r = 0.0;
    if (dx_phy_throughput_mbps(t, dir, 1, &sinr_db, &r) != DX_OK)
        return 0.0;
    return r;
}

static void apply_choice(const dx__sc_tech *c, dx_technology *t)
{
    if (c->tdd_frame[0])
        dx_technology_set_tdd_frame(t, c->tdd_frame); /* validated by the scenario reader */
    if (c->bw_mhz > 0) {
        t->bw_hz = c->bw_mhz * 1e6;
        t->channels_available = dx_technology_channel_count(t); /* of the chosen width */
    }
    if (c->bs_height_m > 0)
        t->bs_height_m = c->bs_height_m;
}

/* ---- stage 4-5: radio design ----------------------------------------------- */

/* Uplink of a power-limited device: it needs only part of the channel for its
 * rate, and concentrating its power in fewer resource blocks raises its SNR.
 * The planner tries allocations f = 1, 1/2, 1/4 ... of the channel (NR and
 * LTE-M only: their schedulers allocate PRBs per UE, TS 38.214 §6.1.2.2) and
 * keeps the one with the largest allowable path loss. Wi-Fi/HaLow/LoRa
 * transmit on the whole channel. */
static int ul_fractions(const dx_technology *t, double *f, int cap)
{
    int n = 0;
    f[n++] = 1.0;
    if (t->family != DX_TECH_FAMILY_NR)
        return n;
    /* down to about one PRB: 12 subcarriers x SCS (TS 38.211 §4.4.4.1) */
    double min_f = 12.0 * t->scs_khz * 1e3 / t->bw_hz;
    while (n < cap && f[n - 1] / 2.0 >= min_f) {
        f[n] = f[n - 1] / 2.0;
        n++;
    }
    return n;
}

typedef struct {
    double mapl_db;
    double sinr_db;  /* required SINR over the allocated part */
    double fraction; /* allocated share of the channel */
} dx__ul_plan;

static dx_status plan_link(const dx_technology *t, dx_phy_direction dir, double rate_mbps,
                           double im, double pen, dx__ul_plan *out)
{
    double f[12];
    int nf = dir == DX_PHY_UL ? ul_fractions(t, f, 12) : 1;
    if (dir == DX_PHY_DL)
        f[0] = 1.0;
    out->mapl_db = -INFINITY;
    dx_status last = DX_EDOMAIN;
    for (int k = 0; k < nf; k++) {
        double sinr;
        dx_status st = dx_phy_required_sinr_db(t, dir, rate_mbps / f[k], &sinr);
        if (st != DX_OK) {
            last = st;
            continue;
        }
        dx_technology part = *t;
        part.bw_hz = t->bw_hz * f[k];
        double m;
        DX_TRY(mapl_db(&part, dir, sinr, im, pen, &m));
        if (m > out->mapl_db) {
            out->mapl_db = m;
            out->sinr_db = sinr;
            out->fraction = f[k];
        }
    }
    if (!isfinite(out->mapl_db))
        return last;
    return DX_OK;
}

/* Best rate a device gets at path loss pl: max over allocations of f x rate(SINR_f). */
static double best_rate_mbps(const dx_technology *t, dx_phy_direction dir, double pl_db,
                             double im, double pen)
{
    double f[12];
    int nf = dir == DX_PHY_UL ? ul_fractions(t, f, 12) : 1;
    if (dir == DX_PHY_DL)
        f[0] = 1.0;
    double best = 0;
    for (int k = 0; k < nf; k++) {
        dx_technology part = *t;
        part.bw_hz = t->bw_hz * f[k];
        double r = f[k] * rate_mbps(t, dir, sinr_at(&part, dir, pl_db, im, pen));
        if (r > best)
            best = r;
    }
    return best;
}

/* Which demand classes the technology can carry at all (rate and traffic type). */
static int class_served(const dx_technology *t, const dx__sc_demand *d, double peak_dl,
                        double peak_ul, char *why, size_t cap)
{
    if (d->required_dl_bps / 1e6 > peak_dl || d->required_ul_bps / 1e6 > peak_ul) {
        int ul = d->required_ul_bps / 1e6 > peak_ul;
        if (cap) /* why may be NULL (planning_rates) */
            snprintf(why, cap, "'%s' needs %.3g Mbit/s %s per device, the peak is %.3g Mbit/s",
                     d->name, (ul ? d->required_ul_bps : d->required_dl_bps) / 1e6, ul ? "UL" : "DL",
                     ul ? peak_ul : peak_dl);
        return 0;
    }
    if (t->family == DX_TECH_FAMILY_LORA && !(d->message_bytes > 0 && d->messages_per_day > 0)) {
        if (cap)
            snprintf(why, cap, "'%s' is a stream (%.3g kbit/s), not messages: LoRaWAN carries "
                               "small messages only", d->name, d->ul_bps / 1e3);
        return 0;
    }
    return 1;
}

/* Expected full-buffer rate of a link at path loss pl (median shadowing), for
 * the cell-mean capacity (dx_coverage_disc_expectation). */
typedef struct {
    const dx_technology *t;
    dx_phy_direction dir;
    double im_db;
} dx__rate_arg;

static double rate_at_pl(double pl_db, double sigma_db, void *user)
{
    (void)sigma_db;
    const dx__rate_arg *a = user;
    return rate_mbps(a->t, a->dir, sinr_at(a->t, a->dir, pl_db, a->im_db, 0.0));
}

/* Rates (bit/s) the cell edge must give, per direction: the most demanding
 * class the technology can carry; a 920 MHz station may transmit 10 % of the
 * time (ARIB STD-T108, 360 s per hour), so to carry its average rate it needs
 * average / duty at the cell edge, and the planner sizes the cells for that
 * instead of refusing the design. */
static void planning_rates(const dx_scenario *sc, const dx_technology *t, double peak_dl,
                           double peak_ul, double *req_dl, double *req_ul)
{
    double duty = 1.0;
    dx_phy_regulatory_duty_ratio(t, &duty);
    int duty_bound = duty > 0 && duty < 1 && t->family != DX_TECH_FAMILY_LORA;
    *req_dl = *req_ul = 0;
    for (size_t i = 0; i < sc->n_demand; i++) {
        const dx__sc_demand *d = &sc->demand[i];
        if (!class_served(t, d, peak_dl, peak_ul, NULL, 0)) /* the reason is not needed here */
            continue;
        *req_dl = fmax(*req_dl, d->required_dl_bps);
        *req_ul = fmax(*req_ul, d->required_ul_bps);
        if (duty_bound && d->ul_bps / duty <= peak_ul * 1e6)
            *req_ul = fmax(*req_ul, d->ul_bps / duty);
    }
}

dx_status dx_compare_planning_rates_mbps(const dx_scenario *sc, const char *tech_id,
                                         double *out_ul_mbps, double *out_dl_mbps)
{
    DX_REQUIRE_PTR(sc);
    DX_REQUIRE_PTR(tech_id);
    dx_technology t;
    DX_TRY(dx_technology_find(tech_id, &t));
    for (size_t i = 0; i < sc->n_tech; i++)
        if (strcmp(sc->tech[i].id, tech_id) == 0)
            apply_choice(&sc->tech[i], &t);
    double peak_dl = 0, peak_ul = 0, dl, ul;
    DX_TRY(dx_phy_peak_rate_mbps(&t, DX_PHY_DL, &peak_dl));
    DX_TRY(dx_phy_peak_rate_mbps(&t, DX_PHY_UL, &peak_ul));
    planning_rates(sc, &t, peak_dl, peak_ul, &dl, &ul);
    if (out_ul_mbps)
        *out_ul_mbps = ul / 1e6;
    if (out_dl_mbps)
        *out_dl_mbps = dl / 1e6;
    return DX_OK;
}

static dx_status design_radio(const dx_scenario *sc, const dx_technology *t, dx__tech_out *o)
{
    dx_tech_result *r = &o->res;
    const double area_m2 = sc->width_m * sc->height_m;
    const int outdoor = sc->env <= DX_ENV_URBAN;
    double peak_dl = 0, peak_ul = 0;
    DX_TRY(dx_phy_peak_rate_mbps(t, DX_PHY_DL, &peak_dl));
    DX_TRY(dx_phy_peak_rate_mbps(t, DX_PHY_UL, &peak_ul));

    /* Demand the technology can carry; classes it cannot are reported, not sized for. */
    double req_dl = 0, req_ul = 0, off_dl = 0, off_ul = 0, devices = 0;
    int n_unserved = 0;
    char why[220] = "";
    planning_rates(sc, t, peak_dl, peak_ul, &req_dl, &req_ul);
    for (size_t i = 0; i < sc->n_demand; i++) {
        const dx__sc_demand *d = &sc->demand[i];
        devices += d->count;
        char w[220];
        if (!class_served(t, d, peak_dl, peak_ul, w, sizeof w)) {
            if (!n_unserved++)
                snprintf(why, sizeof why, "%s", w);
            note(o, "cannot carry demand class %s", w);
            continue;
        }
        off_dl += d->count * d->dl_bps;
        off_ul += d->count * d->ul_bps;
    }
    r->required_dl_mbps = req_dl / 1e6;
    r->required_ul_mbps = req_ul / 1e6;
    r->offered_dl_mbps = off_dl / 1e6;
    r->offered_ul_mbps = off_ul / 1e6;
    r->devices = devices;
    r->fc_hz = t->fc_hz;
    r->bw_hz = t->bw_hz;

    /* Regulatory checks first: a design the rules forbid is refused, not clipped.
     * The rest of the design is still computed so every column shows what the
     * technology would need. */
    int legal = 1;
    if (dx_link_check_power_limit(t, t->bs_tx_power_dbm, t->bs_antenna_gain_dbi, outdoor) != DX_OK) {
        legal = 0;
        snprintf(r->verdict, sizeof r->verdict, "not allowed: %s", dx_last_error());
    }

    if (t->subscription_only) {
        /* Carrier network: coverage is the carrier's, capacity the carrier's. */
        snprintf(r->propagation_model, sizeof r->propagation_model, "carrier");
        snprintf(r->bound_by, sizeof r->bound_by, "carrier");
        r->coverage_ratio = sc->carrier_coverage_ratio;
        note(o, "coverage = %.0f %% is the carrier's (scenario coverage/@carrier_coverage, "
                "default ASSUMED 100 %%): check the operator's LTE-M area map",
             100 * sc->carrier_coverage_ratio);
        r->edge_dl_mbps = t->nominal_dl_bps / 1e6;
        r->edge_ul_mbps = t->nominal_ul_bps / 1e6;
        r->capacity_dl_mbps = r->capacity_ul_mbps = NAN;
        r->cell_radius_m = NAN;
        r->mapl_dl_db = r->mapl_ul_db = t->max_coupling_loss_db;
        snprintf(r->limiting_link, sizeof r->limiting_link, "-");
        r->sites = 0;
        r->radios = 0;
        if (legal) {
            r->feasible = !n_unserved && r->coverage_ratio >= sc->target_area_ratio;
            if (n_unserved) {
                if (snprintf(r->verdict, sizeof r->verdict, "cannot carry %d demand class(es): %s",
                             n_unserved, why) < 0) /* truncation accepted (-Wformat-truncation) */
                    r->verdict[0] = '\0';
            } else
                snprintf(r->verdict, sizeof r->verdict,
                         "carrier LTE-M: nominal Cat-M1 rates meet every demand class");
        }
        return DX_OK;
    }

    dx_propagation_model m = (dx_propagation_model)dx_compare_propagation_model(sc->env,
                                                                                t->bs_height_m);
    dx_propagation_params pp;
    DX_TRY(dx_propagation_params_init(&pp, DX_PROPAGATION_PARAMS_VERSION));
    pp.los = DX_PROPAGATION_NLOS;
    snprintf(r->propagation_model, sizeof r->propagation_model, "%s",
             dx_propagation_model_name(m));

    /* Shadowing: the NLOS sigma and the margin it alone would need (reported;
     * the radius itself comes from the composite LOS/NLOS model below). */
    double sigma = NAN;
    DX_TRY(dx_propagation_shadow_fading_sigma_db(m, DX_PROPAGATION_NLOS, t->fc_hz, 1000.0, &sigma));
    r->shadow_sigma_db = sigma;
    DX_TRY(dx_coverage_shadow_margin_db(sigma, sc->edge_probability_ratio, &r->shadow_margin_db));

    /* Rate to plan for: the most demanding served class (or the lowest MCS when
     * no class is served, so the columns still describe the technology's best). */
    double plan_dl = req_dl > 0 ? req_dl / 1e6 : 1e-6;
    double plan_ul = req_ul > 0 ? req_ul / 1e6 : 1e-6;
    const int sectors = t->sectors > 0 ? t->sectors : 1;
    const double pen = 0.0; /* devices are where the environment says (indoor models include walls) */

    /* Coverage: TR 38.901 LOS probability with per-state path loss and σ
     * (dx_coverage_composite_radius_m); the radius meets the cell-edge
     * probability and the mean over the cell meets the area target. */
    dx_coverage_link cov;
    DX_TRY(dx_coverage_link_init(&cov, DX_COVERAGE_LINK_VERSION));
    cov.model = m;
    cov.params = pp;
    cov.fc_hz = t->fc_hz;
    cov.h_bs_m = t->bs_height_m;
    cov.h_ut_m = t->ue_height_m;

    /* Pass 1 without, pass 2 with the interference margin once the layout needs
     * more cells than the band has channels (reuse 1). */
    double im = 0.0, radius = NAN, sites_cov = 1, area_ratio = 0;
    dx__ul_plan pdl, pul;
    for (int pass = 0; pass < 2; pass++) {
        DX_TRY(plan_link(t, DX_PHY_DL, plan_dl, im, pen, &pdl));
        DX_TRY(plan_link(t, DX_PHY_UL, plan_ul, im, pen, &pul));
        r->mapl_dl_db = pdl.mapl_db;
        r->mapl_ul_db = pul.mapl_db;
        cov.max_path_loss_db = fmin(pdl.mapl_db, pul.mapl_db);
        dx_status st = dx_coverage_composite_radius_m(&cov, sc->edge_probability_ratio,
                                                      sc->target_area_ratio, DX__R_MIN_M,
                                                      DX__R_MAX_M, &radius, &area_ratio);
        if (st != DX_OK) {
            r->cell_radius_m = 0;
            r->coverage_ratio = 0;
            r->sites = NAN;
            r->feasible = 0;
            if (legal)
                snprintf(r->verdict, sizeof r->verdict, "link budget too short: %s", dx_last_error());
            return DX_OK;
        }
        DX_TRY(dx_coverage_hex_site_count(area_m2, radius, sectors, &sites_cov));
        sites_cov = fmax(1.0, ceil(sites_cov));
        if (im > 0 || t->channels_available <= 0 || sites_cov * sectors <= t->channels_available)
            break;
        im = DX__INTERFERENCE_MARGIN_DB;
    }
    if (im > 0)
        note(o, "%g sites x %d sectors exceed the %d channel(s) of the band: planned with a %.0f dB "
                "interference margin (ASSUMED)",
             sites_cov, sectors, t->channels_available, im);
    if (pul.fraction < 1.0)
        note(o, "uplink planned on %.3g %% of the channel (power concentrated in the PRBs the "
                "device needs)", 100 * pul.fraction);
    snprintf(r->limiting_link, sizeof r->limiting_link, "%s",
             pdl.mapl_db <= pul.mapl_db ? "DL" : "UL");
    r->cell_radius_m = radius;
    int outside = 0;
    path_loss(m, &pp, t, radius, &outside);
    r->model_out_of_range = outside;
    if (outside)
        note(o, "%s evaluated outside its validity range (%s)", r->propagation_model,
             dx_last_error());
    double p_los_edge = 0;
    dx_propagation_los_probability_bs(m, &pp, 1, &radius, &t->bs_height_m, &t->ue_height_m,
                                      &p_los_edge);
    note(o, "LOS probability at the cell edge %.0f %% (TR 38.901 Table 7.4.2-1); coverage "
            "combines LOS and NLOS path loss and shadowing",
         100 * p_los_edge);

    /* Edge rates: at the planned allowable loss. Sector capacity: the mean rate
     * over the cell (LOS-weighted, median shadowing), shared by its devices. */
    double pl_edge = cov.max_path_loss_db - 1e-6; /* 1 µdB inside the budget: rounding must not drop an MCS */
    r->edge_dl_mbps = best_rate_mbps(t, DX_PHY_DL, pl_edge, im, pen);
    r->edge_ul_mbps = best_rate_mbps(t, DX_PHY_UL, pl_edge, im, pen);
    double per_sector = devices / (sites_cov * sectors);
    dx__rate_arg adl = {t, DX_PHY_DL, im}, aul = {t, DX_PHY_UL, im};
    double mean_dl = 0, mean_ul = 0;
    DX_TRY(dx_coverage_disc_expectation(&cov, radius, rate_at_pl, &adl, &mean_dl));
    DX_TRY(dx_coverage_disc_expectation(&cov, radius, rate_at_pl, &aul, &mean_ul));
    double cap_dl = dx__compare_sector_mbps(t, mean_dl, per_sector);
    double cap_ul = dx__compare_sector_mbps(t, mean_ul, per_sector);

    /* Capacity sites: offered traffic of the served classes against usable sector capacity. */
    double sites_cap = 0;
    if (cap_dl > 0 && cap_ul > 0) {
        double need_dl = r->offered_dl_mbps / (cap_dl * DX__UTILISATION_RATIO * sectors);
        double need_ul = r->offered_ul_mbps / (cap_ul * DX__UTILISATION_RATIO * sectors);
        sites_cap = ceil(fmax(need_dl, need_ul));
    }
    double sites = fmax(sites_cov, sites_cap);
    snprintf(r->bound_by, sizeof r->bound_by, "%s", sites_cap > sites_cov ? "capacity" : "coverage");
    r->sites = sites;
    r->radios = sites * sectors;
    r->capacity_dl_mbps = cap_dl * DX__UTILISATION_RATIO * sectors * sites;
    r->capacity_ul_mbps = cap_ul * DX__UTILISATION_RATIO * sectors * sites;
    r->coverage_ratio = area_ratio;

    /* 920 MHz: the ARIB airtime rules, dwell time and ALOHA collisions. */
    dx__compare_lpwa_check(sc, t, r, o,
                            sinr_at(t, DX_PHY_UL, path_loss(m, &pp, t, radius / sqrt(2.0), NULL),
                                    im, pen));

    if (legal) {
        int cover_ok = r->coverage_ratio >= sc->target_area_ratio - 1e-9;
        int carry_ok = r->capacity_dl_mbps >= r->offered_dl_mbps &&
                       r->capacity_ul_mbps >= r->offered_ul_mbps && !o->lpwa_overloaded;
        r->feasible = !n_unserved && cover_ok && carry_ok;
        if (n_unserved) {
            if (snprintf(r->verdict, sizeof r->verdict, "cannot carry %d of %zu demand classes: %s",
                         n_unserved, sc->n_demand, why) < 0) /* truncation accepted */
                r->verdict[0] = '\0';
        } else if (!cover_ok)
            snprintf(r->verdict, sizeof r->verdict, "area coverage %.1f %% below the %.0f %% target",
                     100 * r->coverage_ratio, 100 * sc->target_area_ratio);
        else if (!carry_ok)
            snprintf(r->verdict, sizeof r->verdict, "%s",
                     o->lpwa_overloaded ? o->lpwa_reason : "capacity below the offered traffic");
        else
            snprintf(r->verdict, sizeof r->verdict,
                     "covers %.1f %% of the area and carries every demand class (%s-bound, "
                     "%.0f m cells)",
                     100 * r->coverage_ratio, r->bound_by, radius);
    }
    return DX_OK;
}

/* ---- stages 6-7: cost, programme --------------------------------------------- */
static dx_status cost_modes(const dx_scenario *sc, const dx__price_scales *scales,
                            const dx_technology *t, dx__tech_out *o)
{
    dx_tech_result *r = &o->res;
    dx_cost_design d;
    DX_TRY(dx_cost_design_init(&d, DX_COST_DESIGN_VERSION));
    d.n_sites = isfinite(r->sites) ? (int)ceil(r->sites) : 0;
    d.sectors_per_site = t->sectors > 0 ? t->sectors : 1;
    d.n_radios = isfinite(r->radios) ? (int)ceil(r->radios) : 0;
    d.n_devices = (int)ceil(r->devices);
    d.n_solution_devices = 0; /* priced per demand class by dx__compare_bom */
    d.outdoor = sc->env <= DX_ENV_URBAN;
    d.core_on_premises = sc->core_on_premises;
    d.horizon_years = sc->horizon_years;
    d.area_km2 = sc->width_m * sc->height_m / 1e6;

    const size_t ny = dx__compare_n_years(sc, NULL);
    for (int mode = 0; mode < DX_COMPARE_N_MODES; mode++) {
        dx__cost_mode *cm = &o->mode[mode];
        cm->n_items = 0;
        if (t->subscription_only && mode != DX_COMPARE_SUBSCRIPTION) {
            /* a carrier service cannot be bought or leased */
            r->mode_available[mode] = 0;
            r->cost_jpy[mode] = r->npv_cost_jpy[mode] = NAN;
            continue;
        }
        DX_TRY(dx__compare_bom(sc, scales, t, &d, mode, DX__MAX_ITEMS, cm->items, &cm->n_items));
        r->mode_available[mode] = 1;
        DX_TRY(dx__compare_cash_flows(sc, cm->n_items, cm->items, ny, cm->per_year_jpy));
        double total = 0;
        for (size_t y = 0; y < ny; y++)
            total += cm->per_year_jpy[y];
        r->cost_jpy[mode] = total;
        DX_TRY(dx_finance_npv_jpy(sc->discount_rate_ratio, ny, cm->per_year_jpy,
                                  &r->npv_cost_jpy[mode]));
    }
    return DX_OK;
}

static dx_status programme(const dx_scenario *sc, dx__tech_out *o)
{
    dx_tech_result *r = &o->res;
    int mode = sc->procurement_mode;
    if (!r->mode_available[mode]) {
        /* e.g. carrier LTE-M can only be subscribed: evaluate the mode that exists */
        for (int k = 0; k < DX_COMPARE_N_MODES; k++)
            if (r->mode_available[k]) {
                mode = k;
                break;
            }
    }
    r->mode = mode;
    snprintf(r->menu, sizeof r->menu, "%s", sc->menu);
    dx__cost_mode *cm = &o->mode[mode];
    if (strcmp(sc->menu, "none") == 0) {
        r->eligible_jpy = 0;
        r->ineligible_jpy = r->cost_jpy[mode];
        r->subsidy_jpy = 0;
        r->net_cost_jpy = r->cost_jpy[mode];
        r->programme_ok = 0;
        return DX_OK;
    }
    dx_applicant a;
    DX_TRY(dx_programme_applicant_init(&a));
    DX_TRY(dx__compare_applicant(sc, &a));
    dx_programme_result *pr = NULL;
    DX_TRY(dx_programme_evaluate(sc->menu, cm->n_items, cm->items, &a, &pr));
    dx_programme_totals tot;
    dx_status st = dx_programme_result_totals(pr, &tot);
    if (st == DX_OK) {
        r->eligible_jpy = tot.eligible_total_jpy;
        r->ineligible_jpy = tot.ineligible_total_jpy;
        r->subsidy_jpy = tot.subsidy_jpy;
        r->programme_ok = tot.project_eligible;
        /* The applicant pays the whole horizon's cost less the subsidy. The
         * programme total covers the cost plan's items; the horizon cost can
         * differ only by discounting, which is not applied to r->cost_jpy. */
        r->net_cost_jpy = r->cost_jpy[mode] - r->subsidy_jpy;
        size_t ni = dx_programme_result_item_count(pr);
        for (size_t i = 0; i < ni && i < DX__MAX_ITEMS; i++) {
            dx_programme_item_verdict v;
            if (dx_programme_result_item(pr, i, &v) != DX_OK)
                continue;
            cm->verdict[i].eligible = v.eligible;
            cm->verdict[i].cost_jpy = v.cost_jpy;
            cm->verdict[i].eligible_jpy = v.eligible_jpy;
            snprintf(cm->verdict[i].rule, sizeof cm->verdict[i].rule, "%s", v.rule ? v.rule : "");
            snprintf(cm->verdict[i].reason, sizeof cm->verdict[i].reason, "%s",
                     v.reason ? v.reason : "");
        }
        cm->n_verdicts = ni < DX__MAX_ITEMS ? ni : DX__MAX_ITEMS;
        size_t nc = dx_programme_result_check_count(pr);
        for (size_t i = 0; i < nc; i++) {
            dx_programme_check ch;
            if (dx_programme_result_check(pr, i, &ch) == DX_OK && !ch.passed)
                note(o, "programme %s: %s [%s]", sc->menu, ch.reason, ch.rule);
        }
        size_t nw = dx_programme_result_warning_count(pr);
        for (size_t i = 0; i < nw; i++)
            note(o, "programme %s: %s", sc->menu, dx_programme_result_warning(pr, i));
    }
    dx_programme_result_free(pr);
    return st;
}

static void effectiveness(const dx_scenario *sc, dx__tech_out *o)
{
    dx_tech_result *r = &o->res;
    double net = r->net_cost_jpy;
    r->cost_per_device_jpy = r->devices > 0 ? net / r->devices : NAN;
    double km2 = sc->width_m * sc->height_m / 1e6 * r->coverage_ratio;
    r->cost_per_km2_jpy = km2 > 0 ? net / km2 : NAN;
    double mbps = r->offered_dl_mbps + r->offered_ul_mbps;
    r->cost_per_mbps_jpy = mbps > 0 ? net / mbps : NAN;
    /* Benefits accrue in every year of the horizon, discounted like the costs. */
    size_t ny = (size_t)sc->horizon_years;
    double flows[64] = {0};
    for (size_t y = 0; y < ny && y < 64; y++)
        for (size_t b = 0; b < sc->n_benefit; b++)
            flows[y] += sc->benefit[b].jpy_per_year;
    r->benefit_npv_jpy = 0;
    if (sc->n_benefit)
        dx_finance_npv_jpy(sc->discount_rate_ratio, ny, flows, &r->benefit_npv_jpy);
    /* B/C only for a design that delivers the service the benefits assume. */
    double cost_pv = r->npv_cost_jpy[r->mode] - r->subsidy_jpy;
    r->benefit_cost_ratio =
        r->feasible && cost_pv > 0 && sc->n_benefit ? r->benefit_npv_jpy / cost_pv : NAN;
}

/* Stages 6-7 and the cost-effectiveness figures, on a finished radio design. */
dx_status dx__compare_finish(const dx_scenario *sc, const dx__price_scales *scales, dx__tech_out *o)
{
    dx_tech_result *r = &o->res;
    for (int k = 0; k < DX_COMPARE_N_MODES; k++)
        r->cost_jpy[k] = r->npv_cost_jpy[k] = NAN;
    r->eligible_jpy = r->ineligible_jpy = r->subsidy_jpy = r->net_cost_jpy = NAN;
    r->cost_per_device_jpy = r->cost_per_km2_jpy = r->cost_per_mbps_jpy = r->benefit_npv_jpy =
        r->benefit_cost_ratio = NAN;
    /* No design (the link budget does not reach the first metres): nothing to cost. */
    if (!isfinite(r->sites))
        return DX_OK;
    dx_status st = cost_modes(sc, scales, &o->tech, o);
    if (st == DX_OK)
        st = programme(sc, o);
    if (st != DX_OK) {
        dx__prefix_error("technology '%s'", r->id);
        return st;
    }
    effectiveness(sc, o);
    return DX_OK;
}

dx_status dx__compare_tech(const dx_scenario *sc, const dx__sc_tech *choice,
                           const dx__price_scales *scales, dx__tech_out *o)
{
    memset(o, 0, sizeof *o);
    dx_tech_result *r = &o->res;
    dx_technology t;
    DX_TRY(dx_technology_find(choice->id, &t));
    apply_choice(choice, &t);
    o->tech = t;
    snprintf(r->id, sizeof r->id, "%s", t.id);
    snprintf(r->name, sizeof r->name, "%s", t.name);
    r->net_cost_p10_jpy = r->net_cost_p50_jpy = r->net_cost_p90_jpy = NAN;
    r->coverage_p10_ratio = r->coverage_p50_ratio = r->coverage_p90_ratio = NAN;
    r->p_cheapest_ratio = NAN;
    dx_status st = design_radio(sc, &t, o);
    if (st != DX_OK) {
        dx__prefix_error("technology '%s'", t.id);
        return st;
    }
    return dx__compare_finish(sc, scales, o);
}
