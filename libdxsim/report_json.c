/* results.json over the report model (layout: docs/results.schema.json). */
#include "report_internal.h"

#include <string.h>

static void fstr(dx__buf *b, const char *k, const char *v)
{
    dx__buf_appendf(b, ", \"%s\": ", k);
    dx__report_json(b, v);
}

static void fnum(dx__buf *b, const char *k, double v)
{
    dx__buf_appendf(b, ", \"%s\": ", k);
    dx__report_json_num(b, v);
}

static void fbool(dx__buf *b, const char *k, int v) { dx__buf_appendf(b, ", \"%s\": %s", k, v ? "true" : "false"); }

static void tech(dx__buf *b, const dx__report_model *m, const dx__report_tech *t)
{
    const dx_tech_result *r = &t->res;
    const struct {
        const char *k;
        double v;
    } nums[] = {
        {"rank", r->rank}, {"fc_hz", r->fc_hz}, {"bw_hz", r->bw_hz}, {"mapl_dl_db", r->mapl_dl_db},
        {"mapl_ul_db", r->mapl_ul_db}, {"shadow_sigma_db", r->shadow_sigma_db},
        {"shadow_margin_db", r->shadow_margin_db}, {"cell_radius_m", r->cell_radius_m},
        {"coverage_ratio", r->coverage_ratio}, {"sites", r->sites}, {"radios", r->radios},
        {"edge_dl_mbps", r->edge_dl_mbps}, {"edge_ul_mbps", r->edge_ul_mbps},
        {"required_dl_mbps", r->required_dl_mbps}, {"required_ul_mbps", r->required_ul_mbps},
        {"offered_dl_mbps", r->offered_dl_mbps}, {"offered_ul_mbps", r->offered_ul_mbps},
        {"capacity_dl_mbps", r->capacity_dl_mbps}, {"capacity_ul_mbps", r->capacity_ul_mbps},
        {"devices", r->devices}, {"cost_purchase_jpy", r->cost_jpy[0]},
        {"cost_lease_jpy", r->cost_jpy[1]}, {"cost_subscription_jpy", r->cost_jpy[2]},
        {"npv_cost_purchase_jpy", r->npv_cost_jpy[0]}, {"npv_cost_lease_jpy", r->npv_cost_jpy[1]},
        {"npv_cost_subscription_jpy", r->npv_cost_jpy[2]}, {"eligible_jpy", r->eligible_jpy},
        {"ineligible_jpy", r->ineligible_jpy}, {"subsidy_jpy", r->subsidy_jpy},
        {"net_cost_jpy", r->net_cost_jpy}, {"cost_per_device_jpy", r->cost_per_device_jpy},
        {"cost_per_km2_jpy", r->cost_per_km2_jpy}, {"cost_per_mbps_jpy", r->cost_per_mbps_jpy},
        {"benefit_npv_jpy", r->benefit_npv_jpy}, {"benefit_cost_ratio", r->benefit_cost_ratio},
        {"net_cost_p10_jpy", r->net_cost_p10_jpy}, {"net_cost_p50_jpy", r->net_cost_p50_jpy},
        {"net_cost_p90_jpy", r->net_cost_p90_jpy}, {"coverage_p10_ratio", r->coverage_p10_ratio},
        {"coverage_p50_ratio", r->coverage_p50_ratio}, {"coverage_p90_ratio", r->coverage_p90_ratio},
        {"p_cheapest_ratio", r->p_cheapest_ratio}, {"rank_cost_jpy", r->rank_cost_jpy},
        {"benefit_cost_applicant_ratio", r->benefit_cost_applicant_ratio},
        {"running_cost_jpy_per_year", r->running_cost_jpy_per_year},
        {"commitment_jpy", r->commitment_jpy}, {"repeat_cost_jpy", r->repeat_cost_jpy},
        {"eligible_tax_excluded_jpy", r->eligible_tax_excluded_jpy},
        {"subsidy_tax_excluded_jpy", r->subsidy_tax_excluded_jpy},
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
        {"bs_height_m", t->design.bs_height_m}, {"sectors", t->design.sectors},
        {"interference_margin_db", t->design.interference_margin_db},
        {"tco_jpy", t->design.tco_jpy}, {"planning_life_years", t->design.planning_life_years},
    };
    dx__buf_append(b, "    {\"id\": ");
    dx__report_json(b, r->id);
    fstr(b, "name", r->name);
    fbool(b, "feasible", r->feasible);
    fstr(b, "verdict", r->verdict);
    fstr(b, "propagation_model", r->propagation_model);
    fstr(b, "fidelity", dx_plan_fidelity_name(t->design.fidelity));
    fstr(b, "tdd_frame", t->design.tdd_frame);
    fstr(b, "limiting_link", r->limiting_link);
    fstr(b, "bound_by", r->bound_by);
    fstr(b, "menu", r->menu);
    fstr(b, "mode", dx__report_mode_label(DX_REPORT_LANG_EN, r->mode));
    fbool(b, "model_out_of_range", r->model_out_of_range);
    fbool(b, "programme_ok", r->programme_ok);
    for (size_t k = 0; k < sizeof nums / sizeof nums[0]; k++)
        fnum(b, nums[k].k, nums[k].v);
    dx__buf_append(b, ",\n     \"notes\": [");
    for (size_t k = 0; k < t->n_notes; k++) {
        dx__buf_append(b, k ? ", " : "");
        dx__report_json(b, t->notes[k]);
    }
    dx__buf_append(b, "],\n     \"routes\": [");
    for (size_t k = 0; k < t->n_routes; k++) {
        const dx_coverage_route_summary *rs = &t->routes[k].summary;
        dx__buf_append(b, k ? ", {\"name\": " : "{\"name\": ");
        dx__report_json(b, t->routes[k].name);
        fnum(b, "length_m", rs->length_m);
        dx__buf_appendf(b, ", \"samples\": %zu, \"handovers\": %zu, \"outage_segments\": %zu",
                        rs->n_samples, rs->n_handovers, rs->n_outage_segments);
        fnum(b, "outage_length_m", rs->outage_length_m);
        fnum(b, "covered_ratio", rs->covered_ratio);
        fnum(b, "ul_sustained_ratio", rs->ul_sustained_ratio);
        fnum(b, "min_rate_ul_mbps", rs->min_rate_ul_mbps);
        fbool(b, "ul_sustained", rs->ul_sustained);
        dx__buf_append(b, "}");
    }
    dx__buf_append(b, "],\n     \"cash_flow_jpy\": [");
    for (size_t y = 0; y < m->sc.n_years; y++) {
        dx__buf_append(b, y ? ", " : "");
        dx__report_json_num(b, t->flow_jpy[r->mode][y]);
    }
    dx__buf_append(b, "],\n     \"cash_flow_by_mode_jpy\": {");
    for (int md = 0; md < DX_COMPARE_N_MODES; md++) {
        dx__buf_appendf(b, "%s\"%s\": [", md ? ", " : "", dx__report_mode_label(DX_REPORT_LANG_EN, md));
        for (size_t y = 0; y < m->sc.n_years; y++) {
            dx__buf_append(b, y ? ", " : "");
            dx__report_json_num(b, t->flow_jpy[md][y]);
        }
        dx__buf_append(b, "]");
    }
    dx__buf_append(b, "},\n     \"items\": [");
    for (size_t k = 0; k < t->n_items; k++) {
        const dx_report_item *it = &t->items[k];
        dx__buf_append(b, k ? ",\n       {\"name\": " : "\n       {\"name\": ");
        dx__report_json(b, it->name);
        fstr(b, "category", it->category);
        fstr(b, "procurement", it->procurement);
        fnum(b, "quantity", it->quantity);
        fnum(b, "unit_price_jpy", it->unit_price_jpy);
        fnum(b, "months", it->months);
        fbool(b, "in_period", it->in_period);
        fbool(b, "tax_included", it->unit_price_tax_included);
        fstr(b, "class", it->value_class);
        fstr(b, "source", it->source);
        fnum(b, "cost_jpy", it->cost_jpy);
        fnum(b, "cost_tax_excluded_jpy", it->cost_tax_excluded_jpy);
        fnum(b, "consumption_tax_jpy", it->consumption_tax_jpy);
        if (it->eligible >= 0) {
            fbool(b, "eligible", it->eligible);
            fnum(b, "eligible_jpy", it->eligible_jpy);
            fstr(b, "rule", it->rule);
            fstr(b, "reason", it->reason);
            fbool(b, "verify", it->verify);
        }
        dx__buf_append(b, ", \"per_year_jpy\": [");
        for (size_t y = 0; y < m->sc.n_years; y++) {
            dx__buf_append(b, y ? ", " : "");
            dx__report_json_num(b, it->per_year_jpy[y]);
        }
        dx__buf_append(b, "]}");
    }
    dx__buf_append(b, "]}");
}

dx_status dx__report_json_render(const dx__report_model *m, dx__buf *b)
{
    const dx_report_scenario *sc = &m->sc;
    dx__buf_append(b, "{\n  \"schema_version\": \"" DX__REPORT_SCHEMA_VERSION "\",\n  \"library_version\": ");
    dx__report_json(b, dx_version_string());
    dx__buf_append(b, ",\n  \"scenario\": {\"name\": ");
    dx__report_json(b, sc->title);
    fstr(b, "source", sc->source);
    fstr(b, "environment", sc->environment);
    fnum(b, "width_m", sc->width_m);
    fnum(b, "height_m", sc->height_m);
    fnum(b, "area_km2", sc->area_km2);
    if (sc->area_polygons) {
        dx__buf_append(b, ", \"area_polygon\": {\"file\": ");
        dx__report_json(b, sc->area_file);
        dx__buf_appendf(b, ", \"polygons\": %zu, \"holes\": %zu, \"vertices\": %zu, "
                           "\"epsg\": %d",
                        sc->area_polygons, sc->area_holes, sc->area_vertices, sc->area_epsg);
        fnum(b, "plane_area_km2", sc->area_plane_km2);
        dx__buf_append(b, "}");
    } else
        dx__buf_append(b, ", \"area_polygon\": null");
    fnum(b, "horizon_years", sc->horizon_years);
    fnum(b, "first_fiscal_year", sc->first_fiscal_year ? (double)sc->first_fiscal_year : NAN);
    dx__buf_appendf(b, ", \"n_years\": %zu", sc->n_years);
    fnum(b, "discount_rate_ratio", sc->discount_rate_ratio);
    fstr(b, "menu", sc->menu);
    fstr(b, "procurement", sc->procurement);
    fstr(b, "applicant_type", sc->applicant_type);
    fstr(b, "plan_fidelity", sc->plan_fidelity);
    fnum(b, "planning_life_years", sc->planning_life_years);
    fstr(b, "rank_basis", sc->rank_by_burden ? "burden" : "total_cost");
    fstr(b, "period_start", sc->period_start);
    fstr(b, "period_end", sc->period_end);
    dx__buf_appendf(b, ", \"period_start_month\": %d, \"period_end_month\": %d", sc->period_start_m,
                    sc->period_end_m);
    dx__buf_appendf(b, ", \"demand_classes\": %zu, \"monte_carlo_draws\": %zu},\n", sc->n_demand,
                    m->unc.draws);
    dx__buf_append(b, "  \"technologies\": [\n");
    for (size_t i = 0; i < m->n; i++) {
        tech(b, m, &m->t[i]);
        dx__buf_append(b, i + 1 < m->n ? ",\n" : "\n");
    }
    dx__buf_append(b, "  ],\n  \"p_first_cheaper_than_second_ratio\": ");
    dx__report_json_num(b, m->unc.p_first_cheaper_ratio);
    dx__buf_append(b, ",\n  \"tornado\": [");
    for (size_t k = 0; k < m->unc.n_tornado; k++) {
        dx__buf_append(b, k ? ", {\"input\": " : "{\"input\": ");
        dx__report_json(b, m->unc.tornado[k].input);
        fnum(b, "low_jpy", m->unc.tornado[k].low_jpy);
        fnum(b, "high_jpy", m->unc.tornado[k].high_jpy);
        dx__buf_append(b, "}");
    }
    dx__buf_append(b, "],\n  \"assumptions\": [");
    for (size_t k = 0; k < m->n_assump; k++) {
        const dx_report_assumption *a = &m->assump[k];
        dx__buf_append(b, k ? ",\n    {\"subject\": " : "\n    {\"subject\": ");
        dx__report_json(b, a->subject);
        fstr(b, "key", a->key);
        fstr(b, "value", a->value);
        fstr(b, "class", a->value_class);
        fstr(b, "source", a->source);
        dx__buf_append(b, "}");
    }
    dx__buf_append(b, "]\n}\n");
    return DX_OK;
}
