/* Planning stage, analytic fidelity: the radio design of one technology at one
 * channel width — propagation model, demand it can carry, link budget per
 * direction, cell radius, hexagonal site count, capacity and the 920 MHz
 * rules. Every number comes from the stage modules (propagation, link, phy,
 * coverage, capacity) through their public headers. */
#define _GNU_SOURCE
#include "dx_internal.h"
#include "plan_internal.h"

#include <stdio.h>
#include <string.h>

#include "dxsim/capacity.h"
#include "dxsim/coverage.h"
#include "dxsim/link.h"
#include "dxsim/phy.h"
#include "dxsim/propagation.h"

/* ---- planning constants (each with its source) ---------------------------- */
/* Interference margin for reuse-1 multi-cell layouts when sites outnumber the
 * channels of the band: ASSUMED 3 dB (typical planning value for a loaded
 * neighbour cell; the grid fidelity computes SINR explicitly). */
#define DX__INTERFERENCE_MARGIN_DB 3.0
/* Largest cell radius searched: 30 km (beyond the validity of every catalogued
 * terrestrial model: TR 38.901 RMa is specified to 10 km, Hata to 20 km). */
#define DX__R_MAX_M 30000.0
#define DX__R_MIN_M 10.0
/* Planned load of a cell: ASSUMED 70 % of its capacity (headroom for peaks). */
#define DX__UTILISATION_RATIO 0.7
/* LoRaWAN planning target: 90 % packet delivery per gateway pool (ASSUMED). */
#define DX__LORA_TARGET_PDR 0.9
/* Largest design the plan sizes: beyond this many sites a design is reported
 * as not feasible instead of being costed (a municipality-scale proposal has
 * tens to hundreds of sites; 100,000 keeps every count exact in a double and
 * every cost finite). */
#define DX__MAX_SITES 100000.0

void dx__note_list_add(char (*notes)[DX__NOTE_LEN], size_t max, size_t *n, size_t *n_more,
                       const char *fmt, va_list ap)
{
    if (max == 0)
        return;
    if (*n + 1 < max) {
        dx__text_vfmt(notes[(*n)++], DX__NOTE_LEN, fmt, ap);
        return;
    }
    /* the last slot counts what does not fit (issue 10: no silent cap) */
    ++*n_more;
    *n = max;
    dx__text_fmt(notes[max - 1], DX__NOTE_LEN,
                 "%zu more note%s not listed (a list holds %zu; raise it in the source or "
                 "shorten the scenario)",
                 *n_more, *n_more == 1 ? "" : "s", max - 1);
}

void dx__plan_note(dx__plan_out *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    dx__note_list_add(o->notes, DX__PLAN_MAX_NOTES, &o->n_notes, &o->n_more_notes, fmt, ap);
    va_end(ap);
}

dx_status dx__plan_technology(const dx__sc_tech *c, double bw_hz, dx_technology *t)
{
    DX_TRY(dx_technology_find(c->id, t));
    if (c->tdd_frame[0])
        DX_TRY(dx_technology_set_tdd_frame(t, c->tdd_frame)); /* validated by the reader */
    double bw = bw_hz > 0 ? bw_hz : c->bw_mhz * 1e6;
    if (bw > 0) {
        t->bw_hz = bw;
        t->channels_available = dx_technology_channel_count(t); /* of the chosen width */
    }
    if (c->bs_height_m > 0)
        t->bs_height_m = c->bs_height_m;
    return DX_OK;
}

/* ---- propagation model ------------------------------------------------------- */

/* Validity of the candidate models (TR 38.901 Table 7.4.1-1 and its notes;
 * Hata 1980 / COST 231 §4.4.1 ranges): which model covers the case. */
static int hata_covers(double fc_hz, double h_bs_m)
{
    return fc_hz >= 150e6 && fc_hz <= 1500e6 && h_bs_m >= 30.0 && h_bs_m <= 200.0;
}

dx_propagation_model dx__plan_model(const dx_scenario *sc, const dx__sc_tech *choice,
                                    const dx_technology *t, char *note, size_t cap)
{
    note[0] = '\0';
    const double h = t->bs_height_m, fc = t->fc_hz;
    if (choice && choice->model >= 0) {
        dx_propagation_model m = (dx_propagation_model)choice->model;
        if ((m == DX_PROPAGATION_38901_UMA && fabs(h - 25.0) > 10.0) ||
            (m == DX_PROPAGATION_38901_UMI && fabs(h - 10.0) > 5.0))
            snprintf(note, cap, "WARNING: the scenario's model %s is specified for a %s m mast "
                                "(TR 38.901 Table 7.4.1-1) and has no mast-height term in NLOS: "
                                "at %g m the planned cell size does not follow the mast height",
                     dx_propagation_model_name(m), m == DX_PROPAGATION_38901_UMA ? "25" : "10", h);
        return m;
    }
    switch (sc->env) {
    case DX_ENV_INDOOR_OFFICE:
        return DX_PROPAGATION_38901_INH;
    case DX_ENV_INDOOR_FACTORY:
        /* ASSUMED: dense clutter, high base station (TR 38.901 InF-DH) */
        return DX_PROPAGATION_38901_INF_DH;
    case DX_ENV_RURAL:
        /* RMa: h_BS 10-150 m with a mast-height term in LOS and NLOS, 0.5-30 GHz */
        if (h < 10.0)
            snprintf(note, cap, "WARNING: TR 38.901 RMa is specified for masts of 10-150 m; "
                                "%g m is below that range", h);
        return DX_PROPAGATION_38901_RMA;
    case DX_ENV_SUBURBAN:
    case DX_ENV_URBAN:
        break;
    }
    /* Sub-GHz on a tall mast: Okumura-Hata has the mast-height term UMa lacks. */
    if (hata_covers(fc, h))
        return DX_PROPAGATION_HATA;
    if (h < 15.0)
        return DX_PROPAGATION_38901_UMI; /* street-level sites, TR 38.901 UMi h_BS = 10 m */
    if (h > 35.0)
        snprintf(note, cap, "WARNING: TR 38.901 UMa is specified for a 25 m mast and has no "
                            "mast-height term in NLOS: at %g m (%.3g GHz, outside Okumura-Hata's "
                            "150-1500 MHz) the planned cell does not grow with the mast",
                 h, fc / 1e9);
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

/* ---- terrain and calibration (docs/terrain.md, docs/calibration.md) -------------- */

/* 1 when the scenario's <calibration> applies to technology id. */
static int calibrated(const dx_scenario *sc, const char *id)
{
    return sc->calibration.on &&
           (!sc->calibration.technology[0] || strcmp(sc->calibration.technology, id) == 0);
}

/* The calibration term PL_cal - PL_model at d_m (dxsim/calibrate.h form), 0 if none applies. */
static double calibration_db(const dx_scenario *sc, const char *id, double d_m)
{
    if (!calibrated(sc, id))
        return 0.0;
    return sc->calibration.offset_db +
           sc->calibration.slope_db_per_decade * log10(fmax(d_m, 1.0) / sc->calibration.d_ref_m);
}

void dx__plan_terrain_options(const dx_scenario *sc, const dx__sc_tech *choice,
                              dx_coverage_options *co)
{
    /* the area's geographic origin (NaN when the scenario gives none): maps use it */
    co->origin_lat_deg = sc->origin_lat_deg;
    co->origin_lon_deg = sc->origin_lon_deg;
    if (sc->polygon.on) { /* pixels outside the polygon (or in a hole) are not demand area */
        co->n_area = sc->polygon.n;
        co->area_x_m = sc->polygon.x_m;
        co->area_y_m = sc->polygon.y_m;
    }
    if (sc->terrain.on) {
        co->dem = sc->terrain.dem;
        co->terrain_model = sc->terrain.model;
        co->terrain_k_factor = sc->terrain.k_factor;
    }
    if (choice && calibrated(sc, choice->id)) {
        co->pl_offset_db = sc->calibration.offset_db;
        co->pl_slope_db_per_decade = sc->calibration.slope_db_per_decade;
        co->pl_d_ref_m = sc->calibration.d_ref_m;
    }
}

/* Devices inside buildings in an outdoor environment (<devices indoor="yes">)
 * lose the building entry: TR 38.901 §7.4.3.1 O2I low-loss model (Table
 * 7.4.3-2: 30 % standard glass 2 + 0.2 f, 70 % concrete 5 + 4 f dB, f in GHz,
 * PL_tw = 5 - 10 log10(0.3·10^(-Lglass/10) + 0.7·10^(-Lconcrete/10))) plus the
 * indoor loss 0.5 dB/m at the mean depth 25/3 m (d_2D-in = the smaller of two
 * uniform 0..25 m, UMa/UMi). The indoor environments' models include the walls.
 * The flag was read but never used: bed sensors inside three care facilities
 * were planned as if outdoors (tests/data/cases/welfare-3sites-subscription-r7-3.xml).
 * The analytic link budget subtracts it from the MAPL; the grid adds it to every
 * path loss (dx__plan_coverage_options), so both fidelities see the same walls. */
double dx__plan_o2i_db(const dx_scenario *sc, double fc_hz, const char **out_class, double *out_wall_db,
                       double *out_inside_db)
{
    const char *cls = NULL;
    for (size_t i = 0; i < sc->n_demand && !cls; i++)
        if (sc->demand[i].indoor && sc->demand[i].count > 0)
            cls = sc->demand[i].name;
    if (out_class)
        *out_class = cls;
    if (!cls || sc->env > DX_ENV_URBAN || !(fc_hz > 0))
        return 0.0;
    const double f = fc_hz / 1e9, l_glass = 2.0 + 0.2 * f, l_concrete = 5.0 + 4.0 * f;
    const double wall = 5.0 - 10.0 * log10(0.3 * pow(10.0, -l_glass / 10.0) + 0.7 * pow(10.0, -l_concrete / 10.0));
    const double inside = 0.5 * 25.0 / 3.0;
    if (out_wall_db)
        *out_wall_db = wall;
    if (out_inside_db)
        *out_inside_db = inside;
    return wall + inside;
}

const char *dx__plan_terrain_model_name(int model)
{
    return model == DX_TERRAIN_LOSS_BULLINGTON ? "ITU-R P.526 Bullington diffraction (p526)"
           : model == DX_TERRAIN_LOSS_DEYGOUT  ? "ITU-R P.526 Deygout diffraction (p526-deygout)"
                                               : "Longley-Rice ITM excess loss (itm)";
}

/* ---- link budget -------------------------------------------------------------- */

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

/* Received SINR (dB) at path loss pl_db in one direction: the link budget
 * (dx_link_max_path_loss_db at 0 dB required SINR) minus the loss. */
static double sinr_at(const dx_technology *t, dx_phy_direction dir, double pl_db, double im_db,
                      double pen_db)
{
    double mapl0 = NAN;
    if (mapl_db(t, dir, 0.0, im_db, pen_db, &mapl0) != DX_OK)
        return NAN;
    return mapl0 - pl_db;
}

static double rate_mbps(const dx_technology *t, dx_phy_direction dir, double sinr_db)
{
    double r = 0.0;
    if (!isfinite(sinr_db) || dx_phy_throughput_mbps(t, dir, 1, &sinr_db, &r) != DX_OK)
        return 0.0;
    return r;
}

/* Uplink of a power-limited device: it needs only part of the channel for its
 * rate, and concentrating its power in fewer resource blocks raises its SNR.
 * The planner tries allocations f = 1, 1/2, 1/4 ... of the channel (NR only:
 * its scheduler allocates PRBs per UE, TS 38.214 §6.1.2.2) and keeps the one
 * with the largest allowable path loss. Wi-Fi/HaLow/LoRa transmit on the
 * whole channel. */
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
} dx__link_plan;

static dx_status plan_link(const dx_technology *t, dx_phy_direction dir, double rate,
                           double im, double pen, dx__link_plan *out)
{
    double f[12];
    int nf = dir == DX_PHY_UL ? ul_fractions(t, f, 12) : 1;
    if (dir == DX_PHY_DL)
        f[0] = 1.0;
    out->mapl_db = -INFINITY;
    dx_status last = DX_EDOMAIN;
    for (int k = 0; k < nf; k++) {
        double sinr;
        dx_status st = dx_phy_required_sinr_db(t, dir, rate / f[k], &sinr);
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

/* ---- demand ------------------------------------------------------------------ */

/* Which demand classes the technology can carry at all (rate and traffic type). */
static int class_served(const dx_technology *t, const dx__sc_demand *d, double peak_dl,
                        double peak_ul, char *why, size_t cap)
{
    if (d->required_dl_bps / 1e6 > peak_dl || d->required_ul_bps / 1e6 > peak_ul) {
        int ul = d->required_ul_bps / 1e6 > peak_ul;
        if (cap) /* why may be NULL (dx__plan_rates) */
            snprintf(why, cap, "'%s' needs %.3g Mbit/s %s per device, the peak is %.3g Mbit/s",
                     d->name, (ul ? d->required_ul_bps : d->required_dl_bps) / 1e6,
                     ul ? "UL" : "DL", ul ? peak_ul : peak_dl);
        return 0;
    }
    /* terminal="builtin" means phones, tablets and PCs (docs/planning.md): none has
     * a 920 MHz HaLow or LoRa radio, so such a class (visitors' smartphones) cannot
     * join those networks at any rate; before, HaLow "carried" 400 visitor phones
     * with no terminal cost and won the comparison for a visitor Wi-Fi. */
    if (d->terminal == DX__TERMINAL_BUILTIN &&
        (t->family == DX_TECH_FAMILY_WIFI_S1G || t->family == DX_TECH_FAMILY_LORA)) {
        if (cap)
            snprintf(why, cap, "'%s' are phones, tablets or PCs (terminal builtin): none has a %s radio "
                               "built in", d->name,
                     t->family == DX_TECH_FAMILY_LORA ? "LoRa" : "Wi-Fi HaLow");
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

/* Rates (bit/s) the cell edge must give, per direction: the most demanding
 * class the technology can carry; a 920 MHz station may transmit 10 % of the
 * time (ARIB STD-T108, 360 s per hour), so to carry its average rate it needs
 * average / duty at the cell edge, and the planner sizes the cells for that
 * instead of refusing the design. */
void dx__plan_rates(const dx_scenario *sc, const dx_technology *t, double *req_dl, double *req_ul)
{
    double peak_dl = 0, peak_ul = 0, duty = 1.0;
    dx_phy_peak_rate_mbps(t, DX_PHY_DL, &peak_dl);
    dx_phy_peak_rate_mbps(t, DX_PHY_UL, &peak_ul);
    dx_phy_regulatory_duty_ratio(t, &duty);
    int duty_bound = duty > 0 && duty < 1 && t->family != DX_TECH_FAMILY_LORA;
    *req_dl = *req_ul = 0;
    for (size_t i = 0; i < sc->n_demand; i++) {
        const dx__sc_demand *d = &sc->demand[i];
        if (!class_served(t, d, peak_dl, peak_ul, NULL, 0))
            continue;
        *req_dl = fmax(*req_dl, d->required_dl_bps);
        *req_ul = fmax(*req_ul, d->required_ul_bps);
        if (duty_bound && d->ul_bps / duty <= peak_ul * 1e6)
            *req_ul = fmax(*req_ul, d->ul_bps / duty);
    }
}

/* ---- capacity ------------------------------------------------------------------ */

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

/* The cell-mean DL and UL rates over a disc of the radius. The same question
 * comes back on every Monte Carlo draw whose inputs do not touch the link or
 * the technology (demand, prices): a per-thread memo of successful answers,
 * keyed on the whole records (no pointers in either; equal bytes, equal
 * question; a padding-only difference is a miss), like phy.c's ladder cache. */
#define DX__MEAN_MEMO 4
static _Thread_local struct {
    int valid;
    dx_coverage_link cov;
    dx_technology t;
    double radius, im, dl, ul;
} dx__mean_memo[DX__MEAN_MEMO];
static _Thread_local unsigned dx__mean_memo_next;

static dx_status cell_mean_rates(const dx_coverage_link *cov, const dx_technology *t,
                                 double radius, double im, double *dl, double *ul)
{
    for (unsigned i = 0; i < DX__MEAN_MEMO; i++)
        if (dx__mean_memo[i].valid && dx__mean_memo[i].radius == radius &&
            dx__mean_memo[i].im == im && memcmp(&dx__mean_memo[i].cov, cov, sizeof *cov) == 0 &&
            memcmp(&dx__mean_memo[i].t, t, sizeof *t) == 0) {
            *dl = dx__mean_memo[i].dl;
            *ul = dx__mean_memo[i].ul;
            return DX_OK;
        }
    dx__rate_arg adl = {t, DX_PHY_DL, im}, aul = {t, DX_PHY_UL, im};
    DX_TRY(dx_coverage_disc_expectation(cov, radius, rate_at_pl, &adl, dl));
    DX_TRY(dx_coverage_disc_expectation(cov, radius, rate_at_pl, &aul, ul));
    unsigned i = dx__mean_memo_next++ % DX__MEAN_MEMO;
    dx__mean_memo[i].valid = 1;
    memcpy(&dx__mean_memo[i].cov, cov, sizeof *cov); /* padding too: memcmp above */
    memcpy(&dx__mean_memo[i].t, t, sizeof *t);
    dx__mean_memo[i].radius = radius;
    dx__mean_memo[i].im = im;
    dx__mean_memo[i].dl = *dl;
    dx__mean_memo[i].ul = *ul;
    return DX_OK;
}

static double sector_mbps(const dx_technology *t, double phy_rate_mbps, double devices_per_sector)
{
    if (t->family == DX_TECH_FAMILY_LORA)
        return phy_rate_mbps; /* LoRa capacity is a collision question: see lpwa_rules */
    double out = 0;
    if (dx_capacity_cell_capacity_mbps(t, phy_rate_mbps, devices_per_sector, &out) != DX_OK)
        return 0;
    return out;
}

/* Whether n_sites sites of `sectors` sectors carry the offered traffic at the
 * planned utilisation, the devices spread evenly over the sectors. */
static int site_capacity_met(const dx_technology *t, double devices, int sectors, double n_sites,
                             double mean_dl, double mean_ul, double off_dl, double off_ul)
{
    double per_sector = devices / (n_sites * sectors);
    double k = DX__UTILISATION_RATIO * sectors * n_sites;
    return off_dl <= sector_mbps(t, mean_dl, per_sector) * k &&
           off_ul <= sector_mbps(t, mean_ul, per_sector) * k;
}

/* Lowest SF whose demodulation floor the SINR meets (SX1276 Table 13 via phy). */
static int lora_sf_at(const dx_technology *t, double sinr_db)
{
    for (int sf = t->lora_sf_min; sf <= t->lora_sf_max; sf++) {
        double floor_db;
        if (dx_phy_lora_demod_snr_db(sf, &floor_db) == DX_OK && sinr_db >= floor_db)
            return sf;
    }
    return t->lora_sf_max;
}

/* 920 MHz: the ARIB airtime rules, AS923 dwell time and LoRa ALOHA collisions
 * (which can add gateways: the design is then capacity-bound). */
static void lpwa_rules(const dx_scenario *sc, const dx_technology *t, dx__plan_out *o,
                       double median_sinr_db)
{
    dx_plan_tech *r = &o->d;
    if (t->family == DX_TECH_FAMILY_WIFI_S1G) {
        /* Each station may transmit 360 s per hour (ARIB STD-T108 Type B,
         * domain-japan §3.1): the phy module's regulatory duty ratio. */
        double duty = 1.0;
        dx_phy_regulatory_duty_ratio(t, &duty);
        for (size_t i = 0; i < sc->n_demand; i++) {
            const dx__sc_demand *d = &sc->demand[i];
            if (d->required_ul_bps / 1e6 > r->required_ul_mbps + 1e-12)
                continue; /* not served: reported by the design */
            double rate = r->edge_ul_mbps * 1e6;
            double share = rate > 0 ? d->ul_bps / rate : INFINITY;
            if (share > duty) {
                o->lpwa_overloaded = 1;
                snprintf(o->lpwa_reason, sizeof o->lpwa_reason,
                         "'%s' would transmit %.0f %% of the time at the cell edge; ARIB STD-T108 "
                         "allows %.0f %% (360 s/hour)",
                         d->name, 100 * share, 100 * duty);
            }
        }
        return;
    }
    if (t->family != DX_TECH_FAMILY_LORA)
        return;
    int sf = lora_sf_at(t, median_sinr_db);
    double need_sites = (double)r->sites;
    for (size_t i = 0; i < sc->n_demand; i++) {
        const dx__sc_demand *d = &sc->demand[i];
        if (d->message_bytes <= 0 || d->messages_per_day <= 0)
            continue; /* a stream: reported as unserved by the design */
        /* LoRaWAN frame: 13 bytes of MAC header/FPort/MIC overhead on the payload
         * (LoRaWAN 1.0.3 §4: MHDR 1 + FHDR 7 + FPort 1 + MIC 4). */
        int phy_bytes = (int)d->message_bytes + 13;
        double toa = 0;
        if (dx_phy_lora_time_on_air_s(sf, t->bw_hz, phy_bytes, 1, 8, 1, 1, -1, &toa) != DX_OK)
            continue;
        double per_hour = 0;
        if (dx_phy_arib_max_messages_per_hour(toa, DX_PHY_ARIB_CS_SHORT, &per_hour) != DX_OK ||
            per_hour < d->messages_per_day / 24.0 || toa > t->dwell_time_s) {
            o->lpwa_overloaded = 1;
            snprintf(o->lpwa_reason, sizeof o->lpwa_reason,
                     "'%s': %d-byte messages at SF%d take %.0f ms on air; ARIB/AS923 dwell rules "
                     "refuse them or allow fewer than %.0f per day",
                     d->name, (int)d->message_bytes, sf, 1e3 * toa, d->messages_per_day);
            continue;
        }
        double max_dev = 0;
        if (dx_capacity_lora_max_devices(DX__LORA_TARGET_PDR, d->messages_per_day, toa,
                                         t->channels_available, 0.0, &max_dev) == DX_OK &&
            max_dev > 0) {
            double s = ceil(d->count / max_dev);
            if (s > need_sites)
                need_sites = s;
        }
    }
    if (need_sites > (double)r->sites && !o->lpwa_overloaded && need_sites <= DX__MAX_SITES) {
        r->sites = (size_t)need_sites;
        r->radios = r->sites;
        snprintf(r->bound_by, sizeof r->bound_by, "capacity");
    }
}

/* ---- the analytic design ------------------------------------------------------- */

static dx_status carrier_design(const dx_scenario *sc, dx__plan_out *o, int legal,
                                int n_unserved, const char *why)
{
    dx_plan_tech *r = &o->d;
    const dx_technology *t = &o->tech;
    snprintf(r->propagation_model, sizeof r->propagation_model, "carrier");
    snprintf(r->bound_by, sizeof r->bound_by, "carrier");
    r->coverage_ratio = sc->carrier_coverage_ratio;
    dx__plan_note(o, "coverage = %.0f %% is the carrier's (scenario coverage/@carrier_coverage, "
                     "default ASSUMED 100 %%): check the operator's area map",
                  100 * sc->carrier_coverage_ratio);
    r->edge_dl_mbps = t->nominal_dl_bps / 1e6;
    r->edge_ul_mbps = t->nominal_ul_bps / 1e6;
    r->capacity_dl_mbps = r->capacity_ul_mbps = NAN;
    r->cell_radius_m = NAN;
    r->mapl_dl_db = r->mapl_ul_db = t->max_coupling_loss_db;
    snprintf(r->limiting_link, sizeof r->limiting_link, "-");
    r->sites = r->radios = 0;
    if (legal) {
        r->feasible = !n_unserved && r->coverage_ratio >= sc->target_area_ratio - 1e-9;
        if (n_unserved)
            dx__text_fmt(r->verdict, sizeof r->verdict, "cannot carry %d of %zu demand classes: %s",
                     n_unserved, sc->n_demand, why);
        else if (!r->feasible)
            snprintf(r->verdict, sizeof r->verdict,
                     "the carrier's coverage %.1f %% is below the %.0f %% target",
                     100 * r->coverage_ratio, 100 * sc->target_area_ratio);
        else
            snprintf(r->verdict, sizeof r->verdict,
                     "carrier network: nominal rates (%.3g/%.3g Mbit/s DL/UL) meet every demand "
                     "class",
                     r->edge_dl_mbps, r->edge_ul_mbps);
    }
    return DX_OK;
}

dx_status dx__plan_radio(const dx_scenario *sc, const dx__sc_tech *choice, dx__plan_out *o)
{
    dx_plan_tech *r = &o->d;
    const dx_technology *t = &o->tech;
    const double area_m2 = dx__sc_area_m2(sc);
    const int outdoor = sc->env <= DX_ENV_URBAN;
    double peak_dl = 0, peak_ul = 0;
    DX_TRY(dx_phy_peak_rate_mbps(t, DX_PHY_DL, &peak_dl));
    DX_TRY(dx_phy_peak_rate_mbps(t, DX_PHY_UL, &peak_ul));

    snprintf(r->id, sizeof r->id, "%s", t->id);
    snprintf(r->tdd_frame, sizeof r->tdd_frame, "%s",
             t->family == DX_TECH_FAMILY_NR ? (choice->tdd_frame[0] ? choice->tdd_frame : "sync")
                                            : "");
    r->fc_hz = t->fc_hz;
    r->bw_hz = t->bw_hz;
    r->bs_height_m = t->bs_height_m;
    r->sectors = t->sectors > 0 ? t->sectors : 1;
    r->tco_jpy = NAN;

    /* Demand the technology can carry; classes it cannot are reported, not sized for. */
    double req_dl = 0, req_ul = 0, off_dl = 0, off_ul = 0, devices = 0;
    int n_unserved = 0;
    char why[DX__NOTE_LEN] = "";
    dx__plan_rates(sc, t, &req_dl, &req_ul);
    for (size_t i = 0; i < sc->n_demand; i++) {
        const dx__sc_demand *d = &sc->demand[i];
        char w[DX__NOTE_LEN];
        if (!class_served(t, d, peak_dl, peak_ul, w, sizeof w)) {
            if (!n_unserved++)
                dx__text_fmt(why, sizeof why, "%s", w);
            dx__plan_note(o, "cannot carry demand class %s", w);
            continue;
        }
        o->served_mask |= 1u << i;
        devices += d->count;
        off_dl += d->count * d->dl_bps;
        off_ul += d->count * d->ul_bps;
    }
    r->classes_unserved = (size_t)n_unserved;
    /* say why the edge rate exceeds every class's own requirement: the 920 MHz
     * duty limit of dx__plan_rates (a 0.5 Mbit/s camera needs 5 Mbit/s); not for
     * a rate below HaLow's slowest MCS (MCS10, 150 kbit/s at 1 MHz, domain-japan
     * §3.3), which sizes no cell (a sensor's 85 bit/s) */
    double duty = 1.0, own_ul = 0;
    dx_phy_regulatory_duty_ratio(t, &duty);
    for (size_t i = 0; i < sc->n_demand; i++)
        if (o->served_mask & (1u << i))
            own_ul = fmax(own_ul, sc->demand[i].required_ul_bps);
    for (size_t i = 0; i < sc->n_demand && req_ul > own_ul * (1 + 1e-9) && req_ul >= 150e3 && duty > 0;
         i++) {
        const dx__sc_demand *d = &sc->demand[i];
        if ((o->served_mask & (1u << i)) && d->ul_bps / duty >= req_ul * (1 - 1e-9)) {
            dx__plan_note(o, "'%s' sends %.3g Mbit/s UL on average; a 920 MHz station may transmit "
                             "%.3g %% of the time (ARIB STD-T108, 360 s per hour), so the cell edge must "
                             "give %.3g Mbit/s UL",
                          d->name, d->ul_bps / 1e6, duty * 100, req_ul / 1e6);
            break;
        }
    }
    r->required_dl_mbps = req_dl / 1e6;
    r->required_ul_mbps = req_ul / 1e6;
    r->offered_dl_mbps = off_dl / 1e6;
    r->offered_ul_mbps = off_ul / 1e6;
    r->devices = devices;

    /* Regulatory checks first: a design the rules forbid is refused, not clipped.
     * The rest of the design is still computed so every column shows what the
     * technology would need. */
    int legal = 1;
    if (dx_link_check_power_limit(t, t->bs_tx_power_dbm, t->bs_antenna_gain_dbi, outdoor) != DX_OK) {
        legal = 0;
        snprintf(r->verdict, sizeof r->verdict, "not allowed: %s", dx_last_error());
    }
    r->legal = legal;

    if (t->subscription_only)
        return carrier_design(sc, o, legal, n_unserved, why);

    char model_note[DX__NOTE_LEN];
    dx_propagation_model m = dx__plan_model(sc, choice, t, model_note, sizeof model_note);
    dx_propagation_params pp;
    DX_TRY(dx_propagation_params_init(&pp, DX_PROPAGATION_PARAMS_VERSION));
    pp.los = DX_PROPAGATION_NLOS;
    if (m == DX_PROPAGATION_HATA)
        pp.environment = sc->env == DX_ENV_URBAN ? DX_PROPAGATION_ENV_URBAN_MEDIUM
                                                 : DX_PROPAGATION_ENV_SUBURBAN;
    snprintf(r->propagation_model, sizeof r->propagation_model, "%s",
             dx_propagation_model_name(m));
    if (model_note[0]) {
        r->model_out_of_range = 1;
        dx__plan_note(o, "%s", model_note);
    }

    /* Shadowing: the NLOS sigma and the margin it alone would need (reported;
     * the radius itself comes from the composite LOS/NLOS model below). */
    double sigma = NAN;
    if (dx_propagation_shadow_fading_sigma_db(m, DX_PROPAGATION_NLOS, t->fc_hz, 1000.0, &sigma) !=
        DX_OK)
        sigma = 8.0; /* models without a sigma: the coverage module's ASSUMED 8 dB */
    r->shadow_sigma_db = sigma;
    DX_TRY(dx_coverage_shadow_margin_db(sigma, sc->edge_probability_ratio, &r->shadow_margin_db));

    /* Rate to plan for: the most demanding served class (or the lowest MCS when
     * no class is served, so the columns still describe the technology's best). */
    double plan_dl = req_dl > 0 ? req_dl / 1e6 : 1e-6;
    double plan_ul = req_ul > 0 ? req_ul / 1e6 : 1e-6;
    const int sectors = r->sectors;
    const char *indoor_class = NULL;
    double wall = 0, inside = 0;
    const double pen = dx__plan_o2i_db(sc, t->fc_hz, &indoor_class, &wall, &inside);
    if (pen > 0)
        dx__plan_note(o, "devices indoors ('%s'): building entry loss %.1f dB added to the link "
                         "budget (TR 38.901 §7.4.3 O2I low-loss model at %.3g GHz: wall %.1f dB + "
                         "indoor %.1f dB at the mean depth 8.3 m)",
                      indoor_class, pen, t->fc_hz / 1e9, wall, inside);

    dx_coverage_link cov;
    DX_TRY(dx_coverage_link_init(&cov, DX_COVERAGE_LINK_VERSION));
    cov.model = m;
    cov.params = pp;
    cov.fc_hz = t->fc_hz;
    cov.h_bs_m = t->bs_height_m;
    cov.h_ut_m = t->ue_height_m;
    cov.sigma_nlos_db = sigma;
    if (calibrated(sc, r->id)) {
        /* the calibrated model: PL + offset + slope log10(d / d_ref) in every
         * radius, probability and rate below; its sigma replaces the model's */
        cov.pl_offset_db = sc->calibration.offset_db;
        cov.pl_slope_db_per_decade = sc->calibration.slope_db_per_decade;
        cov.pl_d_ref_m = sc->calibration.d_ref_m;
        if (!isnan(sc->calibration.sigma_db)) {
            sigma = sc->calibration.sigma_db;
            cov.sigma_nlos_db = sigma;
            r->shadow_sigma_db = sigma;
            DX_TRY(dx_coverage_shadow_margin_db(sigma, sc->edge_probability_ratio,
                                                &r->shadow_margin_db));
        }
        char sig[48] = ", shadowing sigma: the model's";
        if (!isnan(sc->calibration.sigma_db))
            snprintf(sig, sizeof sig, ", shadowing sigma %.3g dB", sc->calibration.sigma_db);
        /* the fit's validation figures, when the scenario or its fit file states them */
        char fit[320] = "";
        if (!isnan(sc->calibration.rmse_db) || !isnan(sc->calibration.n_samples)) {
            size_t k = (size_t)snprintf(fit, sizeof fit, "; fit%s%s%s",
                                        sc->calibration.model[0] ? " against " : "",
                                        sc->calibration.model,
                                        sc->calibration.model[0] ? " NLOS" : "");
            if (!isnan(sc->calibration.fc_hz) && k < sizeof fit)
                k += (size_t)snprintf(fit + k, sizeof fit - k, " at %.6g MHz",
                                      sc->calibration.fc_hz / 1e6);
            if (k < sizeof fit)
                k += (size_t)snprintf(fit + k, sizeof fit - k, ":");
            if (!isnan(sc->calibration.n_samples) && k < sizeof fit)
                k += (size_t)snprintf(fit + k, sizeof fit - k, " n = %.0f samples",
                                      sc->calibration.n_samples);
            if (!isnan(sc->calibration.n_groups) && sc->calibration.n_groups > 0 && k < sizeof fit)
                k += (size_t)snprintf(fit + k, sizeof fit - k, " in %.0f groups",
                                      sc->calibration.n_groups);
            if (!isnan(sc->calibration.n_censored) && sc->calibration.n_censored > 0 &&
                k < sizeof fit)
                k += (size_t)snprintf(fit + k, sizeof fit - k, " (%.0f censored)",
                                      sc->calibration.n_censored);
            if (!isnan(sc->calibration.rmse_db) && k < sizeof fit)
                k += (size_t)snprintf(fit + k, sizeof fit - k, ", RMSE %.2f dB",
                                      sc->calibration.rmse_db);
            if (!isnan(sc->calibration.loo_rmse_db) && k < sizeof fit)
                k += (size_t)snprintf(fit + k, sizeof fit - k, ", leave-one-group-out RMSE %.2f dB",
                                      sc->calibration.loo_rmse_db);
            if (!isnan(sc->calibration.bias_db) && k < sizeof fit)
                k += (size_t)snprintf(fit + k, sizeof fit - k, ", bias %.2f dB",
                                      sc->calibration.bias_db);
            if (!isnan(sc->calibration.model_rmse_db) && k < sizeof fit)
                k += (size_t)snprintf(fit + k, sizeof fit - k, " (uncalibrated RMSE %.2f dB)",
                                      sc->calibration.model_rmse_db);
        }
        dx__plan_note(o, "calibration applied (scenario line %d%s%s): path loss = %s NLOS + %.2f dB "
                         "+ %.2f dB x log10(d / %g m)%s%s",
                      sc->calibration.line, sc->calibration.source[0] ? ", " : "",
                      sc->calibration.source, r->propagation_model, sc->calibration.offset_db,
                      sc->calibration.slope_db_per_decade, sc->calibration.d_ref_m, sig, fit);
        /* an offset fitted against one model does not carry over to another */
        dx_propagation_model fit_m, plan_m;
        if (sc->calibration.model[0] &&
            dx_propagation_model_from_name(sc->calibration.model, &fit_m) == DX_OK &&
            dx_propagation_model_from_name(r->propagation_model, &plan_m) == DX_OK &&
            fit_m != plan_m)
            dx__plan_note(o, "WARNING: the calibration was fitted against %s but this design "
                             "uses %s: its offset and slope correct %s, not %s; refit with "
                             "dxsim calibrate --model %s",
                          sc->calibration.model, r->propagation_model, sc->calibration.model,
                          r->propagation_model, r->propagation_model);
    }
    if (sc->terrain.on)
        dx__plan_note(o, "terrain: DEM tiles %s (%zu tile%s), model %s, k = %.4g; the grid "
                         "fidelity %s from each site to every pixel (%.1f %% of the area on "
                         "no-data cells: no terrain there)",
                      sc->terrain.tiles, sc->terrain.n_tiles, sc->terrain.n_tiles == 1 ? "" : "s",
                      dx__plan_terrain_model_name(sc->terrain.model), sc->terrain.k_factor,
                      sc->terrain.model == DX_TERRAIN_LOSS_ITM_EXCESS
                          ? "replaces the base model by ITM (free space + ITM excess loss)"
                          : "adds the diffraction loss to the base model",
                      100.0 * sc->terrain.nodata_ratio);
    if (sc->terrain.on && sc->terrain.model == DX_TERRAIN_LOSS_ITM_EXCESS)
        dx__plan_note(o, "WARNING: ITM (Longley-Rice) is specified for paths longer than 1 km "
                         "(NTIA ITM): pixels closer than 1 km to a site take the P.526 Bullington "
                         "loss over the same profile instead (ITM's line-of-sight formula, "
                         "extrapolated there, grows as the path shortens; docs/terrain.md §1); "
                         "for cells mostly under 1 km use model=\"p526\"");

    /* Pass 1 without, pass 2 with the interference margin once the layout needs
     * more cells than the band has channels (reuse 1). */
    double im = 0.0, radius = NAN, sites_cov = 1, area_ratio = 0;
    size_t n_groups = 0;
    dx__link_plan pdl, pul;
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
            r->sites = r->radios = 0;
            r->feasible = 0;
            if (legal)
                snprintf(r->verdict, sizeof r->verdict, "link budget too short: %s", dx_last_error());
            return DX_OK;
        }
        DX_TRY(dx_coverage_hex_site_count(area_m2, radius, sectors, &sites_cov));
        sites_cov = fmax(1.0, ceil(sites_cov));
        /* an area of separate parts (three facilities 2 km apart) is covered part by
         * part: counted over the whole area, one 315 m HaLow cell was planned for
         * three sites 1.5-2.2 km apart and the grid found 33 % of the area covered
         * (tests/data/cases/welfare-3sites-subscription-r7-3.xml) */
        double by_part = 0;
        n_groups = dx__plan_part_groups(sc, radius, sectors, NULL, 0, &by_part);
        if (n_groups > 0)
            sites_cov = by_part;
        if (im > 0 || t->channels_available <= 0 || sites_cov * sectors <= t->channels_available)
            break;
        im = DX__INTERFERENCE_MARGIN_DB;
    }
    r->interference_margin_db = im;
    o->link = cov;
    o->have_link = 1;
    if (im > 0)
        dx__plan_note(o, "%g sites x %d sectors exceed the %d channel(s) of the band: planned "
                         "with a %.0f dB interference margin (ASSUMED)",
                      sites_cov, sectors, t->channels_available, im);
    if (n_groups > 0)
        dx__plan_note(o, "the area has %zu separate parts: sites counted part by part (parts "
                         "that fit together within %.0f m, half the cell radius, share a site at "
                         "the centre of their box): %.0f site(s) in %zu group(s)",
                      sc->polygon.n_parts, 0.5 * radius, sites_cov, n_groups);
    if (pul.fraction < 1.0)
        dx__plan_note(o, "uplink planned on %.3g %% of the channel (power concentrated in the PRBs "
                         "the device needs)", 100 * pul.fraction);
    snprintf(r->limiting_link, sizeof r->limiting_link, "%s",
             pdl.mapl_db <= pul.mapl_db ? "DL" : "UL");
    r->cell_radius_m = radius;
    int outside = 0;
    path_loss(m, &pp, t, radius, &outside);
    if (outside) {
        r->model_out_of_range = 1;
        dx__plan_note(o, "WARNING: %s evaluated outside its validity range (%s)",
                      r->propagation_model, dx_last_error());
    }
    if (m >= DX_PROPAGATION_38901_RMA) {
        double p_los_edge = 0;
        dx_propagation_los_probability_bs(m, &pp, 1, &radius, &t->bs_height_m, &t->ue_height_m,
                                          &p_los_edge);
        dx__plan_note(o, "LOS probability at the cell edge %.0f %% (TR 38.901 Table 7.4.2-1); "
                         "coverage combines LOS and NLOS path loss and shadowing",
                      100 * p_los_edge);
    }

    /* Edge rates: at the planned allowable loss. Sector capacity: the mean rate
     * over the cell (LOS-weighted, median shadowing), shared by its devices. */
    double pl_edge = cov.max_path_loss_db - 1e-6; /* 1 µdB inside the budget: rounding must not drop an MCS */
    r->edge_dl_mbps = best_rate_mbps(t, DX_PHY_DL, pl_edge, im, pen);
    r->edge_ul_mbps = best_rate_mbps(t, DX_PHY_UL, pl_edge, im, pen);
    double mean_dl = 0, mean_ul = 0;
    DX_TRY(cell_mean_rates(&cov, t, radius, im, &mean_dl, &mean_ul));

    /* Capacity sites: the fewest sites S >= the coverage count whose sectors,
     * each shared by devices / (S x sectors), carry the offered traffic at the
     * planned utilisation. The sector capacity depends on S (a contention MAC
     * loses throughput as its station count grows), so S is searched, not
     * divided out once at the coverage count: 10^6 devices on a few HaLow
     * sites collapse the saturation throughput to ~1e-74 of the PHY rate and
     * the one-shot division gave ~1e77 sites (issue 13). */
    double sites_cap = 0, cap_dl = 0, cap_ul = 0;
    int cap_bound = 0;
    if (!site_capacity_met(t, devices, sectors, sites_cov, mean_dl, mean_ul,
                                  r->offered_dl_mbps, r->offered_ul_mbps)) {
        cap_bound = 1;
        if (sites_cov >= DX__MAX_SITES ||
            !site_capacity_met(t, devices, sectors, DX__MAX_SITES, mean_dl, mean_ul,
                               r->offered_dl_mbps, r->offered_ul_mbps)) {
            sites_cap = INFINITY; /* more than the planner sizes */
        } else {
            double lo = sites_cov, hi = DX__MAX_SITES; /* lo fails, hi meets */
            while (hi - lo > 1.0) {
                double mid = floor(0.5 * (lo + hi));
                if (site_capacity_met(t, devices, sectors, mid, mean_dl, mean_ul,
                                      r->offered_dl_mbps, r->offered_ul_mbps))
                    hi = mid;
                else
                    lo = mid;
            }
            sites_cap = hi;
        }
    }
    double sites = cap_bound ? sites_cap : sites_cov;
    snprintf(r->bound_by, sizeof r->bound_by, "%s", cap_bound ? "capacity" : "coverage");
    if (isfinite(sites)) {
        double per_sector = devices / (sites * sectors);
        cap_dl = sector_mbps(t, mean_dl, per_sector);
        cap_ul = sector_mbps(t, mean_ul, per_sector);
    }
    r->coverage_ratio = area_ratio;
    if (!(sites <= DX__MAX_SITES)) {
        r->sites = r->radios = 0;
        r->feasible = 0;
        if (legal && isfinite(sites)) /* coverage-bound: the count is meaningful */
            snprintf(r->verdict, sizeof r->verdict,
                     "would need %.0f sites (%s-bound), more than the %.0f the planner sizes",
                     sites, r->bound_by, DX__MAX_SITES);
        else if (legal)
            snprintf(r->verdict, sizeof r->verdict,
                     "would need more than %.0f sites (%s-bound): the offered %.4g/%.4g Mbit/s "
                     "DL/UL of %.0f devices exceeds what %.0f sites carry",
                     DX__MAX_SITES, r->bound_by, r->offered_dl_mbps, r->offered_ul_mbps,
                     devices, DX__MAX_SITES);
        return DX_OK;
    }
    r->sites = (size_t)sites;
    r->radios = r->sites * (size_t)sectors;
    r->capacity_dl_mbps = cap_dl * DX__UTILISATION_RATIO * sectors * sites;
    r->capacity_ul_mbps = cap_ul * DX__UTILISATION_RATIO * sectors * sites;

    /* 920 MHz: the ARIB airtime rules, dwell time and ALOHA collisions. */
    lpwa_rules(sc, t, o,
               sinr_at(t, DX_PHY_UL,
                       path_loss(m, &pp, t, radius / sqrt(2.0), NULL) +
                           calibration_db(sc, r->id, radius / sqrt(2.0)),
                       im, pen));

    if (legal) {
        int cover_ok = r->coverage_ratio >= sc->target_area_ratio - 1e-9;
        int carry_ok = r->capacity_dl_mbps >= r->offered_dl_mbps &&
                       r->capacity_ul_mbps >= r->offered_ul_mbps && !o->lpwa_overloaded;
        r->feasible = !n_unserved && cover_ok && carry_ok;
        if (n_unserved)
            dx__text_fmt(r->verdict, sizeof r->verdict, "cannot carry %d of %zu demand classes: %s",
                     n_unserved, sc->n_demand, why);
        else if (!cover_ok)
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
