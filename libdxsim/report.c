/* Report writers: console table, Markdown, JSON and CSV of a comparison run.
 * Numbers are formatted in the C locale whatever the host application set. */
#define _GNU_SOURCE
#include "dx_internal.h"
#include "compare_internal.h"
#include "output_internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* ---- small formatting helpers ------------------------------------------------ */
static const char *mjpy(char *buf, size_t cap, double jpy)
{
    if (fabs(jpy) < 0.5)
        jpy = 0.0; /* floating-point residue of cost - subsidy, not money */
    if (!isfinite(jpy))
        snprintf(buf, cap, "-");
    else
        dx__format_double(buf, cap, jpy / 1e6, 4), strncat(buf, "M", cap - strlen(buf) - 1);
    return buf;
}

/* Whole yen with thousands separators: 1256920 -> "1,256,920". */
static const char *yen(char *buf, size_t cap, double jpy)
{
    if (!isfinite(jpy)) {
        snprintf(buf, cap, "-");
        return buf;
    }
    char digits[40];
    snprintf(digits, sizeof digits, "%.0f", fabs(jpy));
    size_t n = strlen(digits), o = 0;
    if (jpy < 0 && o + 1 < cap && lround(jpy) != 0)
        buf[o++] = '-';
    for (size_t i = 0; i < n && o + 2 < cap; i++) {
        if (i && (n - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
    return buf;
}

static const char *num(char *buf, size_t cap, double v, int digits)
{
    if (!isfinite(v))
        snprintf(buf, cap, isnan(v) ? "-" : "inf");
    else
        dx__format_double(buf, cap, v, digits);
    return buf;
}

static const char *pct(char *buf, size_t cap, double ratio)
{
    if (!isfinite(ratio)) {
        snprintf(buf, cap, "-");
        return buf;
    }
    char tmp[24];
    dx__format_double(tmp, sizeof tmp, 100.0 * ratio, 3);
    snprintf(buf, cap, "%s%%", tmp);
    return buf;
}

/* Length of the valid UTF-8 sequence at p (1..4), or 0 when it is invalid or
 * cut short (fixed-size message buffers may truncate a multi-byte character). */
static int utf8_len(const unsigned char *p)
{
    int n = *p < 0x80 ? 1 : (*p >> 5) == 6 ? 2 : (*p >> 4) == 14 ? 3 : (*p >> 3) == 30 ? 4 : 0;
    for (int i = 1; i < n; i++)
        if ((p[i] & 0xC0) != 0x80)
            return 0;
    return n;
}

static void json_str(dx__buf *b, const char *s)
{
    dx__buf_append(b, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        char e[8];
        int n = utf8_len(p);
        if (n == 0)
            continue; /* drop a broken byte rather than emit invalid JSON text */
        if (n > 1) {
            memcpy(e, p, (size_t)n);
            e[n] = 0;
            dx__buf_append(b, e);
            p += n - 1;
            continue;
        }
        if (*p == '"' || *p == '\\') {
            e[0] = '\\';
            e[1] = (char)*p;
            e[2] = 0;
        } else if (*p < 0x20) {
            snprintf(e, sizeof e, "\\u%04x", *p);
        } else {
            e[0] = (char)*p;
            e[1] = 0;
        }
        dx__buf_append(b, e);
    }
    dx__buf_append(b, "\"");
}

static void json_num(dx__buf *b, double v)
{
    char t[40];
    if (!isfinite(v))
        dx__buf_append(b, "null");
    else {
        dx__format_double(t, sizeof t, v, 12);
        dx__buf_append(b, t);
    }
}

/* ", \"key\": <value>" for the JSON writers. */
static void json_field_str(dx__buf *b, const char *key, const char *value)
{
    dx__buf_appendf(b, ", \"%s\": ", key);
    json_str(b, value);
}

static void json_field_num(dx__buf *b, const char *key, double value)
{
    dx__buf_appendf(b, ", \"%s\": ", key);
    json_num(b, value);
}

static void csv_str(dx__buf *b, const char *s)
{
    dx__buf_append(b, "\"");
    for (const char *p = s; *p; p++) {
        char e[3] = {*p, 0, 0};
        if (*p == '"')
            e[1] = '"';
        dx__buf_append(b, e);
    }
    dx__buf_append(b, "\"");
}

static const char *yesno(int v) { return v ? "yes" : "no"; }

/* ---- console table ------------------------------------------------------------ */
static void render_text(const dx_results *R, dx__buf *b)
{
    const dx_scenario *sc = &R->sc;
    char a[48], c[48], d[48], e[48], f[48], g[48], h[48], k[48], l[48];
    dx__buf_appendf(b, "%s\n", sc->name);
    dx__buf_appendf(b, "area %.0f m x %.0f m (%s), %zu demand classes, %g-year horizon, "
                       "discount %.1f %%, programme %s evaluated for %s\n\n",
                    sc->width_m, sc->height_m, dx_environment_name(sc->env), sc->n_demand,
                    sc->horizon_years, 100 * sc->discount_rate_ratio, sc->menu,
                    dx__compare_mode_name(sc->procurement_mode));
    dx__buf_appendf(b, "%-2s %-16s %-4s %7s %6s %8s %-19s %-19s %s\n", "#", "technology", "ok?",
                    "cover", "sites", "radius", "edge DL/UL Mbit/s", "need DL/UL Mbit/s",
                    "capacity UL / offered Mbit/s");
    for (size_t i = 0; i < R->n; i++) {
        const dx_tech_result *r = &R->t[i].res;
        char edge[100], need[100], cap[100];
        snprintf(edge, sizeof edge, "%s/%s", num(a, sizeof a, r->edge_dl_mbps, 3),
                 num(c, sizeof c, r->edge_ul_mbps, 3));
        snprintf(need, sizeof need, "%s/%s", num(d, sizeof d, r->required_dl_mbps, 3),
                 num(e, sizeof e, r->required_ul_mbps, 3));
        snprintf(cap, sizeof cap, "%s / %s", num(f, sizeof f, r->capacity_ul_mbps, 4),
                 num(g, sizeof g, r->offered_ul_mbps, 4));
        char sites[48], radius[64];
        if (strcmp(r->bound_by, "carrier") == 0)
            snprintf(sites, sizeof sites, "carr.");
        else
            num(sites, sizeof sites, r->sites, 4);
        snprintf(radius, sizeof radius, "%s m", num(h, sizeof h, r->cell_radius_m, 4));
        dx__buf_appendf(b, "%-2d %-16s %-4s %7s %6s %8s %-19s %-19s %s\n", r->rank, r->id,
                        yesno(r->feasible), pct(k, sizeof k, r->coverage_ratio), sites,
                        isfinite(r->cell_radius_m) ? radius : "-", edge, need, cap);
    }
    dx__buf_appendf(b, "\ncosts in million JPY, tax included, undiscounted over the horizon; "
                       "burden = cost of the evaluated mode - subsidy; subscr. marked '=L' is the "
                       "lease price (no as-a-service price in the book)\n");
    dx__buf_appendf(b, "%-2s %-16s %9s %9s %9s %9s %10s %9s %9s %12s %6s\n", "#", "technology",
                    "purchase", "lease", "subscr.", "eligible", "ineligible", "subsidy",
                    "burden", "JPY/device", "B/C");
    for (size_t i = 0; i < R->n; i++) {
        const dx_tech_result *r = &R->t[i].res;
        mjpy(d, sizeof d, r->cost_jpy[2]);
        if (r->cost_jpy[2] == r->cost_jpy[1])
            strncat(d, "=L", sizeof d - strlen(d) - 1);
        dx__buf_appendf(b, "%-2d %-16s %9s %9s %9s %9s %10s %9s %9s %12s %6s\n", r->rank, r->id,
                        mjpy(a, sizeof a, r->cost_jpy[0]), mjpy(c, sizeof c, r->cost_jpy[1]),
                        d, mjpy(e, sizeof e, r->eligible_jpy),
                        mjpy(f, sizeof f, r->ineligible_jpy), mjpy(g, sizeof g, r->subsidy_jpy),
                        mjpy(h, sizeof h, r->net_cost_jpy),
                        yen(k, sizeof k, r->cost_per_device_jpy),
                        num(l, sizeof l, r->benefit_cost_ratio, 3));
    }
    dx__buf_append(b, "\n");
    for (size_t i = 0; i < R->n; i++) {
        const dx_tech_result *r = &R->t[i].res;
        dx__buf_appendf(b, "%-16s %s\n", r->id, r->verdict);
    }
    if (R->have_mc) {
        dx__buf_appendf(b, "\nuncertainty (%zu draws): %s P10 / P50 / P90 (M JPY), "
                           "P(cheapest feasible)\n",
                        R->mc_draws, R->sc.rank_by_burden ? "burden" : "total cost");
        for (size_t i = 0; i < R->n; i++) {
            const dx_tech_result *r = &R->t[i].res;
            dx__buf_appendf(b, "%-16s %9s %9s %9s   %s\n", r->id,
                            mjpy(a, sizeof a, r->net_cost_p10_jpy),
                            mjpy(c, sizeof c, r->net_cost_p50_jpy),
                            mjpy(d, sizeof d, r->net_cost_p90_jpy),
                            pct(e, sizeof e, r->p_cheapest_ratio));
        }
        if (isfinite(R->p_first_cheaper_ratio))
            dx__buf_appendf(b, "P(%s cheaper than %s) = %s\n", R->t[0].res.id, R->t[1].res.id,
                            pct(a, sizeof a, R->p_first_cheaper_ratio));
    }
}

/* ---- assumptions: every non-FIRM value that influenced a result ------------------ */
static void render_assumptions(const dx_results *R, dx__buf *b)
{
    dx__buf_append(b, "\n## Assumptions and indicative values to replace with quotations\n\n"
                      "Every value below is INDICATIVE, ASSUMED or UNVERIFIED "
                      "(docs/domain-japan.md §0) and influenced the results above.\n\n");
    dx__buf_append(b, "### Planning constants\n\n"
                      "| value | class | source |\n|---|---|---|\n");
    const dx_scenario *sc = &R->sc;
    dx__buf_appendf(b, "| cell-edge coverage probability %.0f %% | %s | scenario <coverage edge_probability> "
                       "(default ASSUMED 90 %%) |\n",
                    100 * sc->edge_probability_ratio, "ASSUMED/scenario");
    dx__buf_appendf(b, "| area coverage target %.0f %% | %s | scenario <coverage target_area> "
                       "(default ASSUMED 95 %%) |\n",
                    100 * sc->target_area_ratio, "ASSUMED/scenario");
    dx__buf_append(b, "| interference margin 3 dB when sites outnumber channels | ASSUMED | "
                      "libdxsim planning default (the grid engine computes SINR explicitly) |\n");
    dx__buf_append(b, "| planned cell load 70 % of capacity | ASSUMED | libdxsim planning default |\n");
    dx__buf_append(b, "| cell radius from the TR 38.901 LOS/NLOS mixture (Table 7.4.2-1 LOS "
                      "probability, per-state path loss and σ), median user for capacity | "
                      "FIRM model / ASSUMED use | 3GPP TR 38.901 §7.4 |\n");
    dx__buf_append(b, "| each technology is designed alone to carry every demand class (no "
                      "mixed designs such as LoRaWAN for sensors plus another link for cameras) "
                      "| ASSUMED | libdxsim comparison scope |\n");
    dx__buf_append(b, "\n### Technology parameters\n\n| technology | parameter | value | class | "
                      "source |\n|---|---|---|---|---|\n");
    for (size_t i = 0; i < R->n; i++) {
        const char *id = R->t[i].res.id;
        size_t np = dx_technology_param_count(id);
        for (size_t k = 0; k < np; k++) {
            dx_tech_param p;
            if (dx_technology_param(id, k, &p) != DX_OK || p.value_class == DX_VALUE_FIRM)
                continue;
            dx__buf_appendf(b, "| %s | %s | %s | %s | %s |\n", id, p.key, p.value,
                            dx_value_class_name(p.value_class), p.source);
        }
    }
    dx__buf_append(b, "\n### Prices\n\n| technology | item | unit price JPY | class | source "
                      "|\n|---|---|---|---|---|\n");
    for (size_t i = 0; i < R->n; i++) {
        const dx__tech_out *o = &R->t[i];
        const dx__cost_mode *cm = &o->mode[o->res.mode];
        for (size_t k = 0; k < cm->n_items; k++) {
            const dx_cost_item *it = &cm->items[k];
            if (it->value_class == DX_VALUE_FIRM)
                continue;
            char p[32];
            dx__buf_appendf(b, "| %s | %s | %s%s | %s | %s |\n", o->res.id, it->name,
                            yen(p, sizeof p, it->unit_price_jpy),
                            it->procurement != DX_PROCURE_PURCHASE ||
                                    it->category == DX_COST_CAT_CLOUD ||
                                    it->category == DX_COST_CAT_SUBSCRIPTION
                                ? "/month"
                                : "",
                            dx_value_class_name(it->value_class), it->source);
        }
    }
    dx__buf_append(b, "\nProgramme rules are the FY2025 (R7) rules of the MIC briefing "
                      "(docs/mic-briefing-2025.txt); verify against the call guidelines "
                      "(公募要領 / 実施要領) of the year you apply in.\n");
}

/* ---- Markdown report -------------------------------------------------------------- */
static void render_markdown(const dx_results *R, dx__buf *b)
{
    const dx_scenario *sc = &R->sc;
    char a[48], c[48], d[48], e[48], f[48], g[48], h[48], q[48];
    dx__buf_appendf(b, "# Technology comparison: %s\n\n", sc->name);
    dx__buf_appendf(b, "Generated by libdxsim %s from `%s`.\n\n", dx_version_string(), sc->source);
    dx__buf_append(b, "## Scenario\n\n");
    dx__buf_appendf(b, "- Area: %.0f m × %.0f m = %s km², environment **%s**\n", sc->width_m,
                    sc->height_m, num(a, sizeof a, sc->width_m * sc->height_m / 1e6, 4),
                    dx_environment_name(sc->env));
    dx__buf_appendf(b, "- Horizon %g years, discount rate %s %%, prices %s, procurement evaluated "
                       "for the programme: %s%s\n",
                    sc->horizon_years, num(c, sizeof c, 100 * sc->discount_rate_ratio, 3),
                    sc->prices_tax_included ? "tax-included" : "tax-excluded (10 % consumption "
                                                               "tax added)",
                    dx__compare_mode_name(sc->procurement_mode),
                    sc->core_on_premises ? ", 5GC on premises" : ", 5GC as a cloud service");
    dx__buf_appendf(b, "- MIC programme menu: %s; applicant: %s (%d local governments in the "
                       "consortium)\n",
                    sc->menu, sc->applicant_type, sc->consortium_local_governments);
    dx__buf_appendf(b, "- Design: planned at **%s** fidelity; each technology's channel width is "
                       "chosen on feasibility, then the lowest %g-year total cost of ownership at "
                       "purchase prices (the procurement mode, horizon and menu above do not "
                       "change the design)\n\n",
                    dx_plan_fidelity_name((dx_plan_fidelity)sc->plan_fidelity),
                    sc->planning_life_years);
    dx__buf_append(b, "| demand class | devices | UL avg kbit/s | DL avg kbit/s | UL needed kbit/s "
                      "| DL needed kbit/s | role |\n|---|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < sc->n_demand; i++) {
        const dx__sc_demand *dm = &sc->demand[i];
        dx__buf_appendf(b, "| %s | %g | %s | %s | %s | %s | %s |\n", dm->name, dm->count,
                        num(a, sizeof a, dm->ul_bps / 1e3, 4), num(c, sizeof c, dm->dl_bps / 1e3, 4),
                        num(d, sizeof d, dm->required_ul_bps / 1e3, 4),
                        num(e, sizeof e, dm->required_dl_bps / 1e3, 4),
                        dm->solution ? "solution" : "other");
    }
    dx__buf_append(b, "\n## Comparison\n\nCosts in million JPY, tax included, undiscounted over "
                      "the horizon; ranked feasible first, then by the ranking basis below. A subscription cost "
                      "marked \"= lease\" is the lease price: the price book has no "
                      "equipment-as-a-service price for that technology.\n\n");
    dx__buf_append(b, "| # | technology | feasible | coverage | sites | edge DL / UL Mbit/s | "
                      "needed DL / UL | purchase | lease | subscription | eligible | ineligible | "
                      "subsidy | net cost |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < R->n; i++) {
        const dx_tech_result *r = &R->t[i].res;
        char s1[48], s2[48], s3[48], s4[48];
        char ineligible[48];
        dx__buf_appendf(b, "| %d | %s | %s | %s | %s | %s / %s | %s / %s | %s | %s | %s | %s | %s | "
                           "%s | %s |\n",
                        r->rank, r->id, yesno(r->feasible), pct(a, sizeof a, r->coverage_ratio),
                        strcmp(r->bound_by, "carrier") == 0 ? "carrier" : num(c, sizeof c, r->sites, 4),
                        num(s1, sizeof s1, r->edge_dl_mbps, 3), num(s2, sizeof s2, r->edge_ul_mbps, 3),
                        num(s3, sizeof s3, r->required_dl_mbps, 3),
                        num(s4, sizeof s4, r->required_ul_mbps, 3), mjpy(d, sizeof d, r->cost_jpy[0]),
                        mjpy(e, sizeof e, r->cost_jpy[1]),
                        r->cost_jpy[2] == r->cost_jpy[1] ? "= lease"
                                                          : mjpy(f, sizeof f, r->cost_jpy[2]),
                        mjpy(g, sizeof g, r->eligible_jpy),
                        mjpy(ineligible, sizeof ineligible, r->ineligible_jpy),
                        mjpy(h, sizeof h, r->subsidy_jpy), mjpy(q, sizeof q, r->net_cost_jpy));
    }
    dx__buf_appendf(b, "\n## Cost-effectiveness (費用対効果)\n\nRanked by the %s of the evaluated "
                       "mode over the horizon. Per-unit costs are on the total project cost. B/C "
                       "(MLIT basis, domain-japan §5) = PV(benefits from service start) / PV(total "
                       "project cost); the applicant's view divides by the PV of its burden after "
                       "the subsidy. Running cost: every recurring charge per year after the period "
                       "(who pays from the next fiscal year). Repeat: the same project in one more "
                       "town (横展開), without its one-off project labour.\n\n| technology | per "
                       "device JPY | per km² covered JPY | per Mbit/s offered JPY | PV of total "
                       "cost (M JPY) | PV of benefits (M JPY) | B/C (MLIT) | B/C applicant | running "
                       "JPY/year | repeat (M JPY) |\n|---|---|---|---|---|---|---|---|---|---|\n",
                    sc->rank_by_burden ? "applicant's burden (<programme rank_by=\"burden\">)"
                                       : "total project cost (the ministry's and the applicant's "
                                         "money together)");
    for (size_t i = 0; i < R->n; i++) {
        const dx_tech_result *r = &R->t[i].res;
        char s5[48], s6[48], s7[48];
        dx__buf_appendf(b, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", r->id,
                        yen(a, sizeof a, r->cost_per_device_jpy),
                        yen(c, sizeof c, r->cost_per_km2_jpy),
                        yen(d, sizeof d, r->cost_per_mbps_jpy),
                        mjpy(e, sizeof e, r->npv_cost_jpy[r->mode]),
                        mjpy(f, sizeof f, r->benefit_npv_jpy),
                        num(g, sizeof g, r->benefit_cost_ratio, 3),
                        num(s5, sizeof s5, r->benefit_cost_applicant_ratio, 3),
                        yen(s6, sizeof s6, r->running_cost_jpy_per_year),
                        mjpy(s7, sizeof s7, r->repeat_cost_jpy));
    }
    /* issue 10, money branch: booked vs yearly rental / cloud fees side by side */
    if (sc->compare_booking && strcmp(sc->menu, "none") != 0) {
        dx__buf_append(b, "\n## Booking of rental and cloud fees (compare_booking)\n\nThe "
                          "evaluated mode with the recurring rental / cloud fees booked (paid) in "
                          "the first year (MIC ③ ※3: up to 60 months eligible) and paid month by "
                          "month (only the period's months eligible), M JPY tax included.\n\n"
                          "| technology | booked: cost | eligible | subsidy | burden | yearly: cost "
                          "| eligible | subsidy | burden | subsidy difference |\n"
                          "|---|---|---|---|---|---|---|---|---|---|\n");
        for (size_t i = 0; i < R->n; i++) {
            const dx_tech_result *r = &R->t[i].res;
            if (!r->booking_compared)
                continue;
            char v[9][48];
            const double x[9] = {r->booked_cost_jpy, r->booked_eligible_jpy, r->booked_subsidy_jpy,
                                 r->booked_net_cost_jpy, r->yearly_cost_jpy, r->yearly_eligible_jpy,
                                 r->yearly_subsidy_jpy, r->yearly_net_cost_jpy,
                                 r->booking_subsidy_difference_jpy};
            for (int k = 0; k < 9; k++)
                mjpy(v[k], sizeof v[k], x[k]);
            dx__buf_appendf(b, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", r->id,
                            v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]);
        }
    }
    if (R->have_mc) {
        dx__buf_appendf(b, "\n## Uncertainty\n\n%zu seeded Monte Carlo draws (seed %lu) over: ",
                        R->mc_draws, sc->mc_seed);
        for (size_t k = 0; k < R->n_mc_inputs; k++)
            dx__buf_appendf(b, "%s`%s`", k ? ", " : "", R->mc_inputs[k]);
        dx__buf_append(b, ".\n\n| technology | net cost P10 | P50 | P90 (M JPY) | coverage P10 | "
                          "P50 | P90 | P(cheapest feasible) |\n|---|---|---|---|---|---|---|---|\n");
        for (size_t i = 0; i < R->n; i++) {
            const dx_tech_result *r = &R->t[i].res;
            dx__buf_appendf(b, "| %s | %s | %s | %s | %s | %s | %s | %s |\n", r->id,
                            mjpy(a, sizeof a, r->net_cost_p10_jpy),
                            mjpy(c, sizeof c, r->net_cost_p50_jpy),
                            mjpy(d, sizeof d, r->net_cost_p90_jpy),
                            pct(e, sizeof e, r->coverage_p10_ratio),
                            pct(f, sizeof f, r->coverage_p50_ratio),
                            pct(g, sizeof g, r->coverage_p90_ratio),
                            pct(h, sizeof h, r->p_cheapest_ratio));
        }
        if (isfinite(R->p_first_cheaper_ratio))
            dx__buf_appendf(b, "\nProbability that **%s** is cheaper than **%s**: %s.\n",
                            R->t[0].res.id, R->t[1].res.id,
                            pct(a, sizeof a, R->p_first_cheaper_ratio));
        if (R->n_tornado && R->n) {
            dx__buf_appendf(b, "\nTornado of the net cost of **%s** (each input at its P10 and P90, "
                               "the others at base):\n\n| input | net cost at P10 (M JPY) | at P90 "
                               "| swing |\n|---|---|---|---|\n",
                            R->t[0].res.id);
            for (size_t k = 0; k < R->n_tornado; k++)
                dx__buf_appendf(b, "| %s | %s | %s | %s |\n", R->tornado[k].input,
                                mjpy(a, sizeof a, R->tornado[k].low_jpy),
                                mjpy(c, sizeof c, R->tornado[k].high_jpy),
                                mjpy(d, sizeof d, fabs(R->tornado[k].high_jpy - R->tornado[k].low_jpy)));
        }
    }
    if (sc->n_routes) {
        dx__buf_append(b, "\n## Routes\n\nEach route checked sample by sample along each "
                          "design's sites (median signal): handovers, outage segments and whether "
                          "the required uplink is sustained. `dxsim coverage` draws them "
                          "(routes-ID.geojson / .kml).\n\n| technology | route | length | "
                          "handovers | outage segments | outage length | uplink sustained |\n"
                          "|---|---|---|---|---|---|---|\n");
        for (size_t i = 0; i < R->n; i++)
            for (size_t k = 0; k < R->t[i].n_routes && k < sc->n_routes; k++) {
                const dx_coverage_route_summary *rs = &R->t[i].route[k];
                dx__buf_appendf(b, "| %s | %s | %.0f m | %zu | %zu | %.0f m | %s (%s of samples, "
                                   "worst %s Mbit/s) |\n",
                                R->t[i].res.id, sc->route[k].name, rs->length_m, rs->n_handovers,
                                rs->n_outage_segments, rs->outage_length_m,
                                rs->ul_sustained ? "yes" : "**no**",
                                pct(a, sizeof a, rs->ul_sustained_ratio),
                                num(c, sizeof c, rs->min_rate_ul_mbps, 3));
            }
    }
    dx__buf_append(b, "\n## Per technology\n");
    for (size_t i = 0; i < R->n; i++) {
        const dx__tech_out *o = &R->t[i];
        const dx_tech_result *r = &o->res;
        dx__buf_appendf(b, "\n### %d. %s (`%s`)\n\n**%s**: %s\n\n", r->rank, r->name, r->id,
                        r->feasible ? "Feasible" : "Not feasible", r->verdict);
        dx__buf_appendf(b, "- Radio: %s MHz carrier, %s MHz channel; propagation model `%s`%s\n",
                        num(a, sizeof a, r->fc_hz / 1e6, 6), num(c, sizeof c, r->bw_hz / 1e6, 4),
                        r->propagation_model,
                        r->model_out_of_range ? " (**outside its validity range**)" : "");
        dx__buf_appendf(b, "- Max allowable path loss DL %s dB / UL %s dB (limiting: %s); shadowing "
                           "σ %s dB → edge margin %s dB; cell radius %s m\n",
                        num(a, sizeof a, r->mapl_dl_db, 4), num(c, sizeof c, r->mapl_ul_db, 4),
                        r->limiting_link, num(d, sizeof d, r->shadow_sigma_db, 3),
                        num(e, sizeof e, r->shadow_margin_db, 3),
                        num(f, sizeof f, r->cell_radius_m, 4));
        dx__buf_appendf(b, "- Sites %s (%s radios, %s-bound); capacity DL %s / UL %s Mbit/s against "
                           "offered %s / %s Mbit/s\n",
                        num(a, sizeof a, r->sites, 4), num(c, sizeof c, r->radios, 4), r->bound_by,
                        num(d, sizeof d, r->capacity_dl_mbps, 4),
                        num(e, sizeof e, r->capacity_ul_mbps, 4),
                        num(f, sizeof f, r->offered_dl_mbps, 4),
                        num(g, sizeof g, r->offered_ul_mbps, 4));
        for (size_t k = 0; k < o->n_notes; k++)
            dx__buf_appendf(b, "- Note: %s\n", o->notes[k]);
        const dx__cost_mode *cm = &o->mode[r->mode];
        dx__buf_appendf(b, "\nCost plan (%s), programme %s:\n\n| item | category | qty | unit price "
                           "JPY | eligible JPY | rule | reason |\n|---|---|---|---|---|---|---|\n",
                        dx__compare_mode_name(r->mode), r->menu);
        for (size_t k = 0; k < o->n_prog; k++) {
            const dx_cost_item *it = &o->prog[k];
            const dx__verdict *v = strcmp(r->menu, "none") ? &o->verdict[k] : NULL;
            dx__buf_appendf(b, "| %s | %s | %s | %s | %s | %s | %s |\n", it->name,
                            dx_cost_category_name(it->category),
                            num(a, sizeof a, it->quantity, 6),
                            yen(c, sizeof c, it->unit_price_jpy),
                            v ? yen(d, sizeof d, v->eligible_jpy) : "-", v ? v->rule : "-",
                            v ? v->reason : "-");
        }
        int fy0 = 0;
        size_t ny = dx__compare_n_years(sc, &fy0);
        dx__buf_appendf(b, "\nCash flow by %s (M JPY, tax included): ",
                        fy0 ? "Japanese fiscal year (April-March)" : "year");
        for (size_t y = 0; y < ny; y++) {
            if (fy0)
                dx__buf_appendf(b, "%sFY%d %s", y ? ", " : "", fy0 + (int)y,
                                mjpy(a, sizeof a, cm->per_year_jpy[y]));
            else
                dx__buf_appendf(b, "%sY%zu %s", y ? ", " : "", y + 1,
                                mjpy(a, sizeof a, cm->per_year_jpy[y]));
        }
        dx__buf_append(b, "\n");
    }
    render_assumptions(R, b);
}

/* ---- JSON ---------------------------------------------------------------------- */
static void json_result(dx__buf *b, const dx__tech_out *o, size_t horizon)
{
    const dx_tech_result *r = &o->res;
    struct {
        const char *k;
        double v;
    } nums[] = {
        {"rank", r->rank},
        {"fc_hz", r->fc_hz},
        {"bw_hz", r->bw_hz},
        {"mapl_dl_db", r->mapl_dl_db},
        {"mapl_ul_db", r->mapl_ul_db},
        {"shadow_sigma_db", r->shadow_sigma_db},
        {"shadow_margin_db", r->shadow_margin_db},
        {"cell_radius_m", r->cell_radius_m},
        {"coverage_ratio", r->coverage_ratio},
        {"sites", r->sites},
        {"radios", r->radios},
        {"edge_dl_mbps", r->edge_dl_mbps},
        {"edge_ul_mbps", r->edge_ul_mbps},
        {"required_dl_mbps", r->required_dl_mbps},
        {"required_ul_mbps", r->required_ul_mbps},
        {"offered_dl_mbps", r->offered_dl_mbps},
        {"offered_ul_mbps", r->offered_ul_mbps},
        {"capacity_dl_mbps", r->capacity_dl_mbps},
        {"capacity_ul_mbps", r->capacity_ul_mbps},
        {"devices", r->devices},
        {"cost_purchase_jpy", r->cost_jpy[0]},
        {"cost_lease_jpy", r->cost_jpy[1]},
        {"cost_subscription_jpy", r->cost_jpy[2]},
        {"npv_cost_purchase_jpy", r->npv_cost_jpy[0]},
        {"npv_cost_lease_jpy", r->npv_cost_jpy[1]},
        {"npv_cost_subscription_jpy", r->npv_cost_jpy[2]},
        {"eligible_jpy", r->eligible_jpy},
        {"ineligible_jpy", r->ineligible_jpy},
        {"subsidy_jpy", r->subsidy_jpy},
        {"net_cost_jpy", r->net_cost_jpy},
        {"cost_per_device_jpy", r->cost_per_device_jpy},
        {"cost_per_km2_jpy", r->cost_per_km2_jpy},
        {"cost_per_mbps_jpy", r->cost_per_mbps_jpy},
        {"benefit_npv_jpy", r->benefit_npv_jpy},
        {"benefit_cost_ratio", r->benefit_cost_ratio},
        {"net_cost_p10_jpy", r->net_cost_p10_jpy},
        {"net_cost_p50_jpy", r->net_cost_p50_jpy},
        {"net_cost_p90_jpy", r->net_cost_p90_jpy},
        {"coverage_p10_ratio", r->coverage_p10_ratio},
        {"coverage_p50_ratio", r->coverage_p50_ratio},
        {"coverage_p90_ratio", r->coverage_p90_ratio},
        {"p_cheapest_ratio", r->p_cheapest_ratio},
        {"rank_cost_jpy", r->rank_cost_jpy},
        {"benefit_cost_applicant_ratio", r->benefit_cost_applicant_ratio},
        {"running_cost_jpy_per_year", r->running_cost_jpy_per_year},
        {"commitment_jpy", r->commitment_jpy},
        {"repeat_cost_jpy", r->repeat_cost_jpy},
        {"eligible_tax_excluded_jpy", r->eligible_tax_excluded_jpy},
        {"subsidy_tax_excluded_jpy", r->subsidy_tax_excluded_jpy},
        /* issue 10, money branch: <programme compare_booking="yes"> (NaN -> null otherwise) */
        {"booked_cost_jpy", r->booked_cost_jpy},
        {"booked_eligible_jpy", r->booked_eligible_jpy},
        {"booked_subsidy_jpy", r->booked_subsidy_jpy},
        {"booked_net_cost_jpy", r->booked_net_cost_jpy},
        {"yearly_cost_jpy", r->yearly_cost_jpy},
        {"yearly_eligible_jpy", r->yearly_eligible_jpy},
        {"yearly_subsidy_jpy", r->yearly_subsidy_jpy},
        {"yearly_net_cost_jpy", r->yearly_net_cost_jpy},
        {"booking_subsidy_difference_jpy", r->booking_subsidy_difference_jpy},
        {"conditional_eligible_jpy", r->conditional_eligible_jpy},
        {"conditional_subsidy_jpy", r->conditional_subsidy_jpy},
        {"licence_labour_verify_jpy", r->licence_labour_verify_jpy},
        {"benefit_cost_p10_ratio", r->benefit_cost_p10_ratio},
        {"benefit_cost_p50_ratio", r->benefit_cost_p50_ratio},
        {"benefit_cost_p90_ratio", r->benefit_cost_p90_ratio},
        {"bs_height_m", o->design.bs_height_m},
        {"sectors", o->design.sectors},
        {"interference_margin_db", o->design.interference_margin_db},
        {"tco_jpy", o->design.tco_jpy},
        {"planning_life_years", o->design.planning_life_years},
    };
    dx__buf_append(b, "    {\"id\": ");
    json_str(b, r->id);
    json_field_str(b, "name", r->name);
    dx__buf_appendf(b, ", \"feasible\": %s, \"verdict\": ", r->feasible ? "true" : "false");
    json_str(b, r->verdict);
    json_field_str(b, "propagation_model", r->propagation_model);
    json_field_str(b, "fidelity", dx_plan_fidelity_name(o->design.fidelity));
    json_field_str(b, "tdd_frame", o->design.tdd_frame);
    json_field_str(b, "limiting_link", r->limiting_link);
    json_field_str(b, "bound_by", r->bound_by);
    json_field_str(b, "menu", r->menu);
    json_field_str(b, "mode", dx__compare_mode_name(r->mode));
    dx__buf_appendf(b, ", \"model_out_of_range\": %s, \"programme_ok\": %s",
                    r->model_out_of_range ? "true" : "false", r->programme_ok ? "true" : "false");
    for (size_t k = 0; k < sizeof nums / sizeof nums[0]; k++)
        json_field_num(b, nums[k].k, nums[k].v);
    dx__buf_append(b, ",\n     \"notes\": [");
    for (size_t k = 0; k < o->n_notes; k++) {
        if (k)
            dx__buf_append(b, ", ");
        json_str(b, o->notes[k]);
    }
    dx__buf_append(b, "],\n     \"routes\": [");
    for (size_t k = 0; k < o->n_routes; k++) {
        const dx_coverage_route_summary *rs = &o->route[k];
        dx__buf_append(b, k ? ", {\"length_m\": " : "{\"length_m\": ");
        json_num(b, rs->length_m);
        dx__buf_appendf(b, ", \"samples\": %zu, \"handovers\": %zu, \"outage_segments\": %zu",
                        rs->n_samples, rs->n_handovers, rs->n_outage_segments);
        json_field_num(b, "outage_length_m", rs->outage_length_m);
        json_field_num(b, "covered_ratio", rs->covered_ratio);
        json_field_num(b, "ul_sustained_ratio", rs->ul_sustained_ratio);
        json_field_num(b, "min_rate_ul_mbps", rs->min_rate_ul_mbps);
        dx__buf_appendf(b, ", \"ul_sustained\": %s}", rs->ul_sustained ? "true" : "false");
    }
    const dx__cost_mode *cm = &o->mode[r->mode];
    dx__buf_append(b, "],\n     \"cash_flow_jpy\": [");
    for (size_t y = 0; y < horizon && y < DX__MAX_YEARS; y++) {
        if (y)
            dx__buf_append(b, ", ");
        json_num(b, cm->per_year_jpy[y]);
    }
    dx__buf_append(b, "],\n     \"items\": [");
    for (size_t k = 0; k < o->n_prog; k++) {
        const dx_cost_item *it = &o->prog[k];
        const dx__verdict *v = strcmp(r->menu, "none") ? &o->verdict[k] : NULL;
        dx__buf_append(b, k ? ",\n       {\"name\": " : "\n       {\"name\": ");
        json_str(b, it->name);
        json_field_str(b, "category", dx_cost_category_name(it->category));
        json_field_str(b, "procurement", dx_procurement_name(it->procurement));
        json_field_num(b, "quantity", it->quantity);
        json_field_num(b, "unit_price_jpy", it->unit_price_jpy);
        json_field_num(b, "months", it->months);
        dx__buf_appendf(b, ", \"in_period\": %s", it->in_period ? "true" : "false");
        dx__buf_appendf(b, ", \"tax_included\": %s, \"class\": ", it->tax_included ? "true" : "false");
        json_str(b, dx_value_class_name(it->value_class));
        json_field_str(b, "source", it->source);
        if (v) {
            json_field_num(b, "cost_jpy", v->cost_jpy);
            dx__buf_appendf(b, ", \"eligible\": %s, \"eligible_jpy\": ", v->eligible ? "true" : "false");
            json_num(b, v->eligible_jpy);
            json_field_str(b, "rule", v->rule);
            json_field_str(b, "reason", v->reason);
        }
        dx__buf_append(b, "}");
    }
    dx__buf_append(b, "]}");
}

static void render_json(const dx_results *R, dx__buf *b)
{
    const dx_scenario *sc = &R->sc;
    dx__buf_append(b, "{\n  \"library_version\": ");
    json_str(b, dx_version_string());
    dx__buf_append(b, ",\n  \"scenario\": {\"name\": ");
    json_str(b, sc->name);
    json_field_str(b, "source", sc->source);
    json_field_str(b, "environment", dx_environment_name(sc->env));
    json_field_num(b, "width_m", sc->width_m);
    json_field_num(b, "height_m", sc->height_m);
    json_field_num(b, "horizon_years", sc->horizon_years);
    int fy0 = 0;
    dx__compare_n_years(sc, &fy0);
    json_field_num(b, "first_fiscal_year", fy0 ? (double)fy0 : NAN);
    json_field_num(b, "discount_rate_ratio", sc->discount_rate_ratio);
    json_field_str(b, "menu", sc->menu);
    json_field_str(b, "procurement", dx__compare_mode_name(sc->procurement_mode));
    json_field_str(b, "plan_fidelity", dx_plan_fidelity_name((dx_plan_fidelity)sc->plan_fidelity));
    json_field_num(b, "planning_life_years", sc->planning_life_years);
    json_field_str(b, "rank_basis", sc->rank_by_burden ? "burden" : "total_cost");
    dx__buf_appendf(b, ", \"demand_classes\": %zu, \"monte_carlo_draws\": %zu},\n", sc->n_demand,
                    R->have_mc ? R->mc_draws : (size_t)0);
    dx__buf_append(b, "  \"technologies\": [\n");
    for (size_t i = 0; i < R->n; i++) {
        json_result(b, &R->t[i], dx__compare_n_years(sc, NULL));
        dx__buf_append(b, i + 1 < R->n ? ",\n" : "\n");
    }
    dx__buf_append(b, "  ],\n  \"p_first_cheaper_than_second_ratio\": ");
    json_num(b, R->p_first_cheaper_ratio);
    dx__buf_append(b, ",\n  \"tornado\": [");
    for (size_t k = 0; k < R->n_tornado; k++) {
        dx__buf_append(b, k ? ", {\"input\": " : "{\"input\": ");
        json_str(b, R->tornado[k].input);
        json_field_num(b, "low_jpy", R->tornado[k].low_jpy);
        json_field_num(b, "high_jpy", R->tornado[k].high_jpy);
        dx__buf_append(b, "}");
    }
    dx__buf_append(b, "]\n}\n");
}

/* ---- CSV ----------------------------------------------------------------------- */
static void render_csv(const dx_results *R, dx__buf *b)
{
    dx__buf_append(b, "rank,id,feasible,coverage_ratio,sites,radios,bound_by,cell_radius_m,"
                      "mapl_dl_db,mapl_ul_db,edge_dl_mbps,edge_ul_mbps,required_dl_mbps,"
                      "required_ul_mbps,capacity_dl_mbps,capacity_ul_mbps,offered_dl_mbps,"
                      "offered_ul_mbps,cost_purchase_jpy,cost_lease_jpy,cost_subscription_jpy,"
                      "npv_purchase_jpy,npv_lease_jpy,npv_subscription_jpy,eligible_jpy,"
                      "ineligible_jpy,subsidy_jpy,net_cost_jpy,cost_per_device_jpy,benefit_cost_ratio,"
                      "net_cost_p10_jpy,net_cost_p50_jpy,net_cost_p90_jpy,route_handovers,"
                      "route_outage_segments,route_ul_sustained,verdict\n");
    for (size_t i = 0; i < R->n; i++) {
        const dx_tech_result *r = &R->t[i].res;
        double v[] = {r->coverage_ratio,   r->sites,            r->radios,
                      NAN,                 r->cell_radius_m,    r->mapl_dl_db,
                      r->mapl_ul_db,       r->edge_dl_mbps,     r->edge_ul_mbps,
                      r->required_dl_mbps, r->required_ul_mbps, r->capacity_dl_mbps,
                      r->capacity_ul_mbps, r->offered_dl_mbps,  r->offered_ul_mbps,
                      r->cost_jpy[0],      r->cost_jpy[1],      r->cost_jpy[2],
                      r->npv_cost_jpy[0],  r->npv_cost_jpy[1],  r->npv_cost_jpy[2],
                      r->eligible_jpy,     r->ineligible_jpy,   r->subsidy_jpy,
                      r->net_cost_jpy,
                      r->cost_per_device_jpy, r->benefit_cost_ratio, r->net_cost_p10_jpy,
                      r->net_cost_p50_jpy, r->net_cost_p90_jpy};
        dx__buf_appendf(b, "%d,%s,%d", r->rank, r->id, r->feasible);
        for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) {
            char t[40];
            if (k == 3) {
                dx__buf_appendf(b, ",%s", r->bound_by);
                continue;
            }
            dx__buf_appendf(b, ",%s", isfinite(v[k]) ? (dx__format_double(t, sizeof t, v[k], 10), t) : "");
        }
        size_t ho = 0, out = 0;
        int sus = 1;
        for (size_t k = 0; k < R->t[i].n_routes; k++) {
            ho += R->t[i].route[k].n_handovers;
            out += R->t[i].route[k].n_outage_segments;
            sus = sus && R->t[i].route[k].ul_sustained;
        }
        if (R->t[i].n_routes)
            dx__buf_appendf(b, ",%zu,%zu,%d", ho, out, sus);
        else
            dx__buf_append(b, ",,,");
        dx__buf_append(b, ",");
        csv_str(b, r->verdict);
        dx__buf_append(b, "\n");
    }
}

dx_status dx__report_render(const dx_results *r, dx_report_format fmt, char **out)
{
    dx__buf b;
    dx__buf_init(&b);
    switch (fmt) {
    case DX_REPORT_MARKDOWN:
        render_markdown(r, &b);
        break;
    case DX_REPORT_JSON:
        render_json(r, &b);
        break;
    case DX_REPORT_CSV:
        render_csv(r, &b);
        break;
    case DX_REPORT_TEXT:
        render_text(r, &b);
        break;
    default:
        DX_FAIL(DX_EINVAL, "dx_results_render: fmt = %d (allowed 0..3)", (int)fmt);
    }
    *out = dx__buf_take(&b);
    if (!*out)
        return DX_ENOMEM;
    return DX_OK;
}

dx_status dx_results_render(const dx_results *r, dx_report_format fmt, char **out_text)
{
    DX_REQUIRE_PTR(r);
    DX_REQUIRE_PTR(out_text);
    *out_text = NULL;
    return dx__report_render(r, fmt, out_text);
}

dx_status dx_results_write(const dx_results *r, const char *dir)
{
    DX_REQUIRE_PTR(r);
    DX_REQUIRE_PTR(dir);
    struct {
        dx_report_format f;
        const char *name;
    } files[] = {{DX_REPORT_MARKDOWN, "report.md"},
                 {DX_REPORT_JSON, "results.json"},
                 {DX_REPORT_CSV, "results.csv"}};
    /* Render everything first, then one output transaction (output_internal.h):
     * the three files appear together or not at all, never beside an older run's. */
    char *text[3] = {NULL, NULL, NULL};
    dx_status st = DX_OK;
    for (int i = 0; i < 3 && st == DX_OK; i++)
        st = dx__report_render(r, files[i].f, &text[i]);
    dx__output *t = NULL;
    if (st == DX_OK)
        st = dx__output_begin(dir, DX__OUTPUT_FOLDER, &t);
    for (int i = 0; i < 3 && st == DX_OK; i++)
        st = dx__output_add(t, files[i].name, text[i], strlen(text[i]));
    if (st == DX_OK) {
        st = dx__output_commit(t);
        t = NULL;
    }
    dx__output_abort(t);
    for (int i = 0; i < 3; i++)
        dx_free(text[i]);
    return st;
}
