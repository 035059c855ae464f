/* Report entry points (render, write) and the console table of a comparison run;
 * the other formats are renderers over the report model (report_*.c).
 * Numbers are formatted in the C locale whatever the host application set. */
#define _GNU_SOURCE
#include "dx_internal.h"
#include "compare_internal.h"
#include "output_internal.h"
#include "report_internal.h"

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

static const char *yesno(int v) { return v ? "yes" : "no"; }

/* ---- console table ------------------------------------------------------------ */
static void render_text(const dx_results *R, dx__buf *b)
{
    const dx_scenario *sc = &R->sc;
    char a[48], c[48], d[48], e[48], f[48], g[48], h[48], k[48], l[48];
    dx__buf_appendf(b, "%s\n", sc->name);
    if (sc->polygon.on)
        dx__buf_appendf(b, "area %.4g km2 (polygon%s%s: %zu part(s), %zu hole(s), geodesic), "
                           "bounding box ",
                        dx__sc_area_m2(sc) / 1e6, sc->polygon.file[0] ? " " : "",
                        sc->polygon.file, sc->polygon.n_polygons, sc->polygon.n_holes);
    dx__buf_appendf(b, "%s%.0f m x %.0f m (%s), %zu demand classes, %g-year horizon, "
                       "discount %.1f %%, programme %s evaluated for %s\n\n",
                    sc->polygon.on ? "" : "area ", sc->width_m, sc->height_m,
                    dx_environment_name(sc->env), sc->n_demand,
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
    dx__buf_appendf(b, "ranked (feasible designs the menu can fund first, then other feasible ones) by "
                       "the %s\n",
                    sc->rank_by_burden ? "applicant's burden (<programme rank_by=\"burden\">)"
                                       : "total cost of the evaluated mode (the ministry's money)");
    /* the proposal's money that is not in the columns above (issue 10) */
    for (size_t i = 0; i < R->n; i++) {
        const dx_tech_result *r = &R->t[i].res;
        if (r->conditional_eligible_jpy > 0.5)
            dx__buf_appendf(b, "%-16s conditional (awaiting MIC's consent, not in eligible): %s, "
                               "subsidy +%s if accepted\n",
                            r->id, mjpy(a, sizeof a, r->conditional_eligible_jpy),
                            mjpy(c, sizeof c, r->conditional_subsidy_jpy));
        if (r->licence_labour_verify_jpy > 0.5)
            dx__buf_appendf(b, "%-16s licence-related labour to verify (免許関係諸費用?): %s\n", r->id,
                            mjpy(a, sizeof a, r->licence_labour_verify_jpy));
    }
    int booking = 0;
    for (size_t i = 0; i < R->n; i++)
        booking |= R->t[i].res.booking_compared;
    if (booking) {
        dx__buf_appendf(b, "\nrental / cloud fees booked in year one vs paid yearly (M JPY; MIC ③ note 3)\n");
        dx__buf_appendf(b, "%-2s %-16s %9s %9s %9s %9s %9s %9s %10s\n", "#", "technology",
                        "bk.elig.", "bk.subs.", "bk.burden", "yr.elig.", "yr.subs.", "yr.burden",
                        "subs.diff.");
        for (size_t i = 0; i < R->n; i++) {
            const dx_tech_result *r = &R->t[i].res;
            if (!r->booking_compared)
                continue;
            dx__buf_appendf(b, "%-2d %-16s %9s %9s %9s %9s %9s %9s %10s\n", r->rank, r->id,
                            mjpy(a, sizeof a, r->booked_eligible_jpy),
                            mjpy(c, sizeof c, r->booked_subsidy_jpy),
                            mjpy(d, sizeof d, r->booked_net_cost_jpy),
                            mjpy(e, sizeof e, r->yearly_eligible_jpy),
                            mjpy(f, sizeof f, r->yearly_subsidy_jpy),
                            mjpy(g, sizeof g, r->yearly_net_cost_jpy),
                            mjpy(h, sizeof h, r->booking_subsidy_difference_jpy));
        }
    }
    dx__buf_append(b, "\n");
    for (size_t i = 0; i < R->n; i++) {
        const dx_tech_result *r = &R->t[i].res;
        dx__buf_appendf(b, "%-16s %s\n", r->id, r->verdict);
        /* a feasible design the menu cannot fund ranks after the fundable ones:
         * say why here, not only in the report's notes */
        if (r->feasible && !dx__compare_ranks_first(r))
            for (size_t q = 0; q < dx_results_note_count(R, i); q++) {
                const char *nt = dx_results_note(R, i, q);
                if (nt && strstr(nt, "NOT ELIGIBLE"))
                    dx__buf_appendf(b, "%-16s   %s\n", "", nt);
            }
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

/* Every format but the console table goes through the report model
 * (report_model.c) and its renderer (report_md.c, report_html.c, report_json.c,
 * report_csv.c). */
static dx_status render(const dx_results *r, dx_report_format fmt, const dx_report_options *o,
                        char **out)
{
    *out = NULL;
    dx__buf b;
    dx__buf_init(&b);
    if (fmt == DX_REPORT_TEXT) {
        render_text(r, &b);
    } else {
        if ((int)fmt < 0 || (int)fmt > DX_REPORT_CASHFLOWS_CSV)
            DX_FAIL(DX_EINVAL, "dx_results_render: fmt = %d (allowed 0..%d)", (int)fmt,
                    DX_REPORT_CASHFLOWS_CSV);
        dx__report_model m;
        DX_TRY(dx__report_model_build(r, o, &m));
        dx_status st = DX_OK;
        switch (fmt) {
        case DX_REPORT_MARKDOWN: st = dx__report_md_render(&m, &b); break;
        case DX_REPORT_JSON: st = dx__report_json_render(&m, &b); break;
        case DX_REPORT_CSV: st = dx__report_csv_summary(&m, &b); break;
        case DX_REPORT_HTML: st = dx__report_html_render(&m, &b); break;
        case DX_REPORT_ITEMS_CSV: st = dx__report_csv_items(&m, &b); break;
        case DX_REPORT_CASHFLOWS_CSV: st = dx__report_csv_cashflows(&m, &b); break;
        default: break;
        }
        dx__report_model_dispose(&m);
        if (st != DX_OK) {
            dx__buf_dispose(&b);
            return st;
        }
    }
    *out = dx__buf_take(&b);
    if (!*out)
        return DX_ENOMEM;
    return DX_OK;
}

dx_status dx__report_render(const dx_results *r, dx_report_format fmt, char **out)
{
    return render(r, fmt, NULL, out);
}

dx_status dx_results_render(const dx_results *r, dx_report_format fmt, char **out_text)
{
    return dx_results_render_opts(r, fmt, NULL, out_text);
}

dx_status dx_results_render_opts(const dx_results *r, dx_report_format fmt,
                                 const dx_report_options *opts, char **out_text)
{
    DX_REQUIRE_PTR(r);
    DX_REQUIRE_PTR(out_text);
    *out_text = NULL;
    void *old = dx__c_numeric_begin();
    dx_status st = render(r, fmt, opts, out_text);
    dx__c_numeric_end(old);
    return st;
}

dx_status dx_results_write(const dx_results *r, const char *dir)
{
    return dx_results_write_opts(r, dir, NULL);
}

dx_status dx_results_write_opts(const dx_results *r, const char *dir, const dx_report_options *opts)
{
    DX_REQUIRE_PTR(r);
    DX_REQUIRE_PTR(dir);
    static const struct {
        dx_report_format f;
        const char *name;
    } files[] = {{DX_REPORT_MARKDOWN, "report.md"},   {DX_REPORT_HTML, "report.html"},
                 {DX_REPORT_JSON, "results.json"},     {DX_REPORT_CSV, "results.csv"},
                 {DX_REPORT_ITEMS_CSV, "items.csv"},   {DX_REPORT_CASHFLOWS_CSV, "cashflows.csv"}};
    enum { NF = sizeof files / sizeof files[0] };
    /* Render everything first, then one output transaction (output_internal.h):
     * the files appear together or not at all, never beside an older run's. */
    char *text[NF] = {NULL};
    dx_status st = DX_OK;
    void *old = dx__c_numeric_begin();
    for (int i = 0; i < NF && st == DX_OK; i++)
        st = render(r, files[i].f, opts, &text[i]);
    dx__c_numeric_end(old);
    dx__output *t = NULL;
    if (st == DX_OK)
        st = dx__output_begin(dir, DX__OUTPUT_FOLDER, &t);
    for (int i = 0; i < NF && st == DX_OK; i++)
        st = dx__output_add(t, files[i].name, text[i], strlen(text[i]));
    if (st == DX_OK) {
        st = dx__output_commit(t);
        t = NULL;
    }
    dx__output_abort(t);
    for (int i = 0; i < NF; i++)
        dx_free(text[i]);
    return st;
}
