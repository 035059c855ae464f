/* The CSV files over the report model: results.csv (one row per technology),
 * items.csv (one row per cost item) and cashflows.csv (one row per item ×
 * year). All three start with a UTF-8 BOM so that Excel on Japanese Windows
 * reads them as UTF-8 (without it Excel reads Shift_JIS (CP932) and the
 * Japanese demand-class names in results.csv's verdicts came out garbled);
 * amounts are whole yen, tax included unless the column says otherwise.
 * Header names are English identifiers; item and reason texts have a Japanese
 * column beside them (item_ja, reason_ja). */
#include "report_internal.h"

#include <string.h>

#define BOM "\xEF\xBB\xBF"

dx_status dx__report_csv_summary(const dx__report_model *m, dx__buf *b)
{
    dx__buf_append(b, BOM "rank,id,feasible,coverage_ratio,sites,radios,bound_by,cell_radius_m,"
                      "mapl_dl_db,mapl_ul_db,edge_dl_mbps,edge_ul_mbps,required_dl_mbps,"
                      "required_ul_mbps,capacity_dl_mbps,capacity_ul_mbps,offered_dl_mbps,"
                      "offered_ul_mbps,cost_purchase_jpy,cost_lease_jpy,cost_subscription_jpy,"
                      "npv_purchase_jpy,npv_lease_jpy,npv_subscription_jpy,eligible_jpy,"
                      "ineligible_jpy,subsidy_jpy,net_cost_jpy,cost_per_device_jpy,benefit_cost_ratio,"
                      "net_cost_p10_jpy,net_cost_p50_jpy,net_cost_p90_jpy,route_handovers,"
                      "route_outage_segments,route_ul_sustained,verdict\n");
    for (size_t i = 0; i < m->n; i++) {
        const dx__report_tech *t = &m->t[i];
        const dx_tech_result *r = &t->res;
        double v[] = {r->coverage_ratio,   r->sites,            r->radios,
                      NAN,                 r->cell_radius_m,    r->mapl_dl_db,
                      r->mapl_ul_db,       r->edge_dl_mbps,     r->edge_ul_mbps,
                      r->required_dl_mbps, r->required_ul_mbps, r->capacity_dl_mbps,
                      r->capacity_ul_mbps, r->offered_dl_mbps,  r->offered_ul_mbps,
                      r->cost_jpy[0],      r->cost_jpy[1],      r->cost_jpy[2],
                      r->npv_cost_jpy[0],  r->npv_cost_jpy[1],  r->npv_cost_jpy[2],
                      r->eligible_jpy,     r->ineligible_jpy,   r->subsidy_jpy,
                      r->net_cost_jpy,     r->cost_per_device_jpy, r->benefit_cost_ratio,
                      r->net_cost_p10_jpy, r->net_cost_p50_jpy, r->net_cost_p90_jpy};
        dx__buf_appendf(b, "%d,", r->rank);
        dx__report_csv(b, r->id);
        dx__buf_appendf(b, ",%d", r->feasible);
        for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) {
            dx__buf_append(b, ",");
            if (k == 3)
                dx__buf_append(b, r->bound_by);
            else
                dx__report_csv_num(b, v[k], 10);
        }
        size_t ho = 0, out = 0;
        int sus = 1;
        for (size_t k = 0; k < t->n_routes; k++) {
            ho += t->routes[k].summary.n_handovers;
            out += t->routes[k].summary.n_outage_segments;
            sus = sus && t->routes[k].summary.ul_sustained;
        }
        if (t->n_routes)
            dx__buf_appendf(b, ",%zu,%zu,%d,", ho, out, sus);
        else
            dx__buf_append(b, ",,,,");
        dx__report_csv(b, r->verdict);
        dx__buf_append(b, "\n");
    }
    return DX_OK;
}

static void yen_cell(dx__buf *b, double jpy)
{
    dx__buf_append(b, ",");
    dx__report_csv_num(b, isfinite(jpy) ? round(jpy) : jpy, 17);
}

/* A text cell and its Japanese beside it (the report's phrases, as in the
 * Japanese report's tables; the English text where there is no phrase): an
 * official building the 経費明細 in Excel reads the _ja column, a script the
 * English one. */
static void text_and_ja(dx__buf *b, const char *en)
{
    char ja[3 * DX_REPORT_TEXT_MAX];
    dx__report_csv(b, en);
    dx__buf_append(b, ",");
    dx__report_csv(b, dx__report_phrase(DX_REPORT_LANG_JA, en, ja, sizeof ja));
}

static void item_head(dx__buf *b, const dx__report_tech *t, size_t k)
{
    const dx_report_item *it = &t->items[k];
    dx__buf_appendf(b, "%d,", t->res.rank);
    dx__report_csv(b, t->res.id);
    dx__buf_appendf(b, ",%zu,", k + 1);
    text_and_ja(b, it->name);
}

dx_status dx__report_csv_items(const dx__report_model *m, dx__buf *b)
{
    dx__buf_append(b, BOM "rank,technology,item_no,item,item_ja,category,procurement,quantity,"
                          "unit_price_jpy,unit_price_tax_included,months,in_period,eligible,"
                          "rule,reason,reason_ja,verify,cost_tax_included_jpy,cost_tax_excluded_jpy,"
                          "consumption_tax_jpy,eligible_jpy,class,source\n");
    for (size_t i = 0; i < m->n; i++) {
        const dx__report_tech *t = &m->t[i];
        for (size_t k = 0; k < t->n_items; k++) {
            const dx_report_item *it = &t->items[k];
            item_head(b, t, k);
            dx__buf_appendf(b, ",%s,%s,", it->category, it->procurement);
            dx__report_csv_num(b, it->quantity, 10);
            yen_cell(b, it->unit_price_jpy);
            dx__buf_appendf(b, ",%d,", it->unit_price_tax_included);
            dx__report_csv_num(b, it->months, 10);
            dx__buf_appendf(b, ",%d,%s,", it->in_period,
                            it->eligible < 0 ? "" : it->eligible ? "対象" : "対象外");
            dx__report_csv(b, it->rule);
            dx__buf_append(b, ",");
            text_and_ja(b, it->reason);
            dx__buf_appendf(b, ",%d", it->verify);
            yen_cell(b, it->cost_jpy);
            yen_cell(b, it->cost_tax_excluded_jpy);
            yen_cell(b, it->consumption_tax_jpy);
            yen_cell(b, it->eligible < 0 ? NAN : it->eligible_jpy);
            dx__buf_appendf(b, ",%s,", it->value_class);
            dx__report_csv(b, it->source);
            dx__buf_append(b, "\n");
        }
    }
    return DX_OK;
}

dx_status dx__report_csv_cashflows(const dx__report_model *m, dx__buf *b)
{
    dx__buf_append(b, BOM "rank,technology,item_no,item,item_ja,year_index,fiscal_year,fiscal_year_ja,"
                          "eligible,cost_tax_included_jpy\n");
    for (size_t i = 0; i < m->n; i++) {
        const dx__report_tech *t = &m->t[i];
        for (size_t k = 0; k < t->n_items; k++) {
            const dx_report_item *it = &t->items[k];
            for (size_t y = 0; y < m->sc.n_years; y++) {
                char ja[32];
                item_head(b, t, k);
                dx__buf_appendf(b, ",%zu,", y);
                if (m->sc.first_fiscal_year)
                    dx__buf_appendf(b, "%d", m->sc.first_fiscal_year + (int)y);
                dx__buf_appendf(b, ",%s,%s",
                                dx__report_year_label(ja, sizeof ja, DX_REPORT_LANG_JA,
                                                      m->sc.first_fiscal_year, y),
                                it->eligible < 0 ? "" : it->eligible ? "対象" : "対象外");
                yen_cell(b, it->per_year_jpy[y]);
                dx__buf_append(b, "\n");
            }
        }
    }
    return DX_OK;
}
