/**
 * @file dxsim/compare.h
 * The pipeline end to end: for every candidate technology of a scenario,
 * link budget → maximum allowable path loss → cell radius → site count →
 * throughput and capacity against demand → bill of materials → cash flows
 * under purchase, lease and subscription → MIC programme eligibility and
 * subsidy → net cost → ranked comparison.
 *
 * Each stage is the public module of its own header (technology, propagation,
 * link, phy, coverage, capacity, cost, finance, programme, uncertainty); this
 * module only wires their results forward (docs/DESIGN.md §1).
 */
#ifndef DXSIM_COMPARE_H
#define DXSIM_COMPARE_H

#include <stddef.h>
#include "dxsim/common.h"
#include "dxsim/plan.h"
#include "dxsim/scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Procurement modes compared for every technology (index into the cost arrays). */
#define DX_COMPARE_PURCHASE 0
#define DX_COMPARE_LEASE 1
#define DX_COMPARE_SUBSCRIPTION 2
#define DX_COMPARE_N_MODES 3

/** Outcome for one candidate technology. Units are in the field names. */
typedef struct {
    char id[32];
    char name[96];
    int rank;            /**< 1 = best (feasible first, then lowest net cost) */
    int feasible;        /**< 1 when it covers the area and carries every demand class */
    char verdict[DX_PLAN_TEXT_MAX]; /**< why it is or is not feasible (one line) */

    /* propagation and link */
    char propagation_model[24]; /**< model used for the cell radius, e.g. "38901-rma" */
    double fc_hz;
    double bw_hz;
    double mapl_dl_db;   /**< maximum allowable path loss, downlink */
    double mapl_ul_db;   /**< maximum allowable path loss, uplink */
    double shadow_sigma_db;
    double shadow_margin_db;
    double cell_radius_m;
    char limiting_link[4];      /**< "DL" or "UL": which direction set the radius */
    int model_out_of_range;     /**< 1 when the model was evaluated outside its validity range */

    /* coverage and capacity */
    double coverage_ratio;      /**< area coverage probability achieved by the design */
    double sites;               /**< sites (base stations / APs / gateways locations) */
    double radios;              /**< radio units (sites × sectors) */
    char bound_by[16];          /**< "coverage", "capacity" or "carrier" */
    double edge_dl_mbps;        /**< rate one device gets at the cell edge, downlink */
    double edge_ul_mbps;
    double required_dl_mbps;    /**< highest per-device rate any demand class requires */
    double required_ul_mbps;
    double offered_dl_mbps;     /**< total average demand, downlink */
    double offered_ul_mbps;
    double capacity_dl_mbps;    /**< what the network carries (all sites), downlink */
    double capacity_ul_mbps;
    double devices;             /**< devices served */

    /* cost over the horizon, tax included (JPY), per procurement mode */
    double cost_jpy[DX_COMPARE_N_MODES];   /**< undiscounted total */
    double npv_cost_jpy[DX_COMPARE_N_MODES]; /**< present value of the costs */
    int mode_available[DX_COMPARE_N_MODES];  /**< 0 when a mode does not exist for the technology */

    /* programme (menu of the scenario, procurement mode of the scenario) */
    char menu[16];
    int mode;                     /**< procurement mode evaluated (DX_COMPARE_*) */
    double eligible_jpy;
    double ineligible_jpy;
    double subsidy_jpy;
    double net_cost_jpy;          /**< applicant's burden: cost of the chosen mode − subsidy */
    int programme_ok;             /**< 0 when an applicant/design rule makes the menu unavailable */

    /* cost-effectiveness */
    double cost_per_device_jpy;
    double cost_per_km2_jpy;
    double cost_per_mbps_jpy;     /**< total cost / offered Mbit/s (DL+UL); NaN when not feasible */
    double benefit_npv_jpy;
    double benefit_cost_ratio;    /**< MLIT basis: PV(benefits from service start) / PV(total cost) */

    /* uncertainty (NaN when the scenario has no distributions) */
    double net_cost_p10_jpy, net_cost_p50_jpy, net_cost_p90_jpy;
    double coverage_p10_ratio, coverage_p50_ratio, coverage_p90_ratio;
    double p_cheapest_ratio;      /**< probability that this is the cheapest feasible technology */

    /* the proposal's money (issue 10) */
    double rank_cost_jpy;         /**< the ranking's basis: total cost of the evaluated mode (the
                                       ministry's money), or the burden with <programme rank_by="burden"> */
    double benefit_cost_applicant_ratio; /**< PV(benefits) / PV(cost - subsidy): the applicant's view */
    double running_cost_jpy_per_year;    /**< recurring cost per year after the period (tax incl.) */
    double commitment_jpy;        /**< lease/subscription months beyond the horizon (not in the cost) */
    double repeat_cost_jpy;       /**< cost of repeating the project in one more town (横展開):
                                       the evaluated mode without one-off project-level labour */
    double eligible_tax_excluded_jpy; /**< eligible_jpy without the 10 % consumption tax */
    double subsidy_tax_excluded_jpy;  /**< subsidy_jpy without the 10 % consumption tax */

    /* <programme compare_booking="yes">: the evaluated mode with the recurring
     * rental / cloud fees booked (paid) in the first year (MIC ③ ※3, up to 60
     * months) and paid yearly (only the grant period's months), side by side.
     * NaN when the scenario does not ask or the menu is "none". */
    double booked_cost_jpy;       /**< total cost over the horizon, fees booked up front */
    double booked_eligible_jpy;
    double booked_subsidy_jpy;
    double booked_net_cost_jpy;   /**< the applicant's burden, fees booked */
    double yearly_cost_jpy;       /**< total cost over the horizon, fees paid month by month */
    double yearly_eligible_jpy;
    double yearly_subsidy_jpy;
    double yearly_net_cost_jpy;   /**< the applicant's burden, fees paid yearly */
    double booking_subsidy_difference_jpy; /**< booked_subsidy_jpy - yearly_subsidy_jpy */
    int booking_compared;         /**< 1 when the booked/yearly fields are filled */

    /** B/C (MLIT basis) over the Monte Carlo draws when the scenario is
     *  uncertain; a draw whose design is infeasible counts 0. NaN without
     *  draws or without a base B/C. */
    double benefit_cost_p10_ratio, benefit_cost_p50_ratio, benefit_cost_p90_ratio;

    /** Purchases that cannot be leased, allowed with a justification awaiting
     *  MIC's consent (②): eligible only once MIC accepts; NOT in eligible_jpy or
     *  subsidy_jpy (they are in ineligible_jpy). */
    double conditional_eligible_jpy;
    double conditional_subsidy_jpy;  /**< subsidy added if MIC consents */
    /** eligible labour whose name says it is for the radio licence: may be
     *  免許関係諸費用 (②-1 対象外経費); counted as eligible, flagged to verify */
    double licence_labour_verify_jpy;
} dx_tech_result;

/**
 * The design of every candidate technology of a scenario, as `dxsim run`
 * costs it: the planning stage (plan.h) with the comparison's total cost of
 * ownership as its choice among channel widths. `dxsim coverage`, Python and
 * the comparison itself take their design from here, so they agree.
 * @param opts  fidelity, grid resolution, one technology (NULL = the scenario's
 *              choices); its tco_fn/tco_user are ignored: the comparison supplies them
 * @param out   receives the plan; free with dx_plan_free
 * @return DX_OK; errors of dx_plan_run.
 */
DX_API dx_status dx_compare_plan(const dx_scenario *sc, const dx_plan_run_options *opts,
                                 dx_plan **out);

/** Opaque result of a comparison run. */
typedef struct dx_results dx_results;

/**
 * Run the whole pipeline on a scenario.
 * @param sc   the scenario (not modified; may be freed after the call)
 * @param out  receives the results; free with dx_results_free
 * @return DX_OK; any stage's error code with its message.
 */
DX_API dx_status dx_compare_run(const dx_scenario *sc, dx_results **out);

/**
 * Every check dx_compare_run makes before it plans: horizon length, price
 * keys of <prices> and solution_key, the programme menu and applicant,
 * every <uncertainty> input's target and distribution, the Monte Carlo work
 * against DX_COMPARE_DEFAULT_MAX_MC_REPLANS. `dxsim validate`
 * calls it, so a file it accepts passes these checks in `dxsim run`.
 * @return DX_OK; DX_EDOMAIN, DX_ENOTFOUND, DX_EINVAL naming file, line and value.
 */
DX_API dx_status dx_compare_check(const dx_scenario *sc);

/**
 * Default bound on the Monte Carlo work of a run: draws x technologies
 * re-planned per draw (a draw that moves a radio input re-plans every designed
 * technology; price-only draws re-plan nothing). ASSUMED: 200,000 re-plans,
 * about 10 minutes of CPU at the ~3 ms per analytic re-plan measured on the
 * demo scenario (docs/robustness.md); 10^6 draws of a radio input over 10
 * technologies (10^7 re-plans, about 8 CPU hours) are refused before planning
 * instead of running unbounded.
 */
#define DX_COMPARE_DEFAULT_MAX_MC_REPLANS 200000

/** Options of dx_compare_run_ex. */
typedef struct {
    unsigned int version;        /**< DX_COMPARE_RUN_OPTIONS_VERSION */
    dx_progress_fn progress_fn;  /**< progress of planning and Monte Carlo; NULL = none */
    void *progress_user;         /**< passed to progress_fn */
    /** (version 2) largest Monte Carlo work accepted, in re-plans (draws x
     *  technologies re-planned per draw); a run above it is refused with
     *  DX_EDOMAIN before planning. 0 = no bound. Default
     *  DX_COMPARE_DEFAULT_MAX_MC_REPLANS (also for version-1 structs). */
    size_t max_mc_replans;
} dx_compare_run_options;
#define DX_COMPARE_RUN_OPTIONS_VERSION 2

/**
 * Monte Carlo work of a run of sc, in re-plans: draws x candidate technologies
 * when an <uncertainty> input moves the radio design (devices, rates, area,
 * coverage targets, antenna heights, demand_scale), else 0. The bound of
 * dx_compare_run_options.max_mc_replans is checked against this figure.
 * @return DX_OK; DX_EINVAL for NULL or an unknown uncertainty target.
 */
DX_API dx_status dx_compare_mc_replans(const dx_scenario *sc, double *out_replans);

/** Fill defaults (no progress). @return DX_OK; DX_EINVAL for NULL or a newer version. */
DX_API dx_status dx_compare_run_options_init(dx_compare_run_options *o, unsigned int version);
DX_API size_t dx_compare_run_options_size(void);

/**
 * dx_compare_run with options: progress reports (stage "plan" for the first
 * share, "monte_carlo" per draw when the scenario has <uncertainty>, and
 * "done" at 1). dx_compare_run(sc, out) = dx_compare_run_ex(sc, NULL, out).
 * Thread safety: progress_fn may be called from a Monte Carlo worker thread,
 * never concurrently.
 * @return as dx_compare_run; DX_EINVAL for a bad options version.
 */
DX_API dx_status dx_compare_run_ex(const dx_scenario *sc, const dx_compare_run_options *opts,
                                   dx_results **out);

/** Free results. NULL is a no-op. */
DX_API void dx_results_free(dx_results *r);

/** Number of technologies compared. */
DX_API size_t dx_results_count(const dx_results *r);

/** Copy the result of technology i (in rank order: 0 = best). @return DX_OK; DX_EINVAL. */
DX_API dx_status dx_results_get(const dx_results *r, size_t i, dx_tech_result *out);

/** Size of dx_tech_result, for bindings to check their layout. */
DX_API size_t dx_tech_result_size(void);

/** Report formats. */
typedef enum {
    DX_REPORT_MARKDOWN = 0, /**< report.md: the report (docs/report.md), tables escaped */
    DX_REPORT_JSON = 1,     /**< results.json ("schema_version", docs/results.schema.json) */
    DX_REPORT_CSV = 2,      /**< results.csv: one row per technology */
    DX_REPORT_TEXT = 3,     /**< the console comparison table */
    DX_REPORT_HTML = 4,     /**< report.html: self-contained, inline SVG charts, embedded map */
    DX_REPORT_ITEMS_CSV = 5, /**< items.csv: one row per cost item (UTF-8 with BOM, yen) */
    DX_REPORT_CASHFLOWS_CSV = 6 /**< cashflows.csv: one row per item × year (UTF-8 with BOM, yen) */
} dx_report_format;

/**
 * Render the results as text in the given format, with the default report
 * options (Japanese, map in report.html): dx_results_render_opts with opts NULL.
 * @param out_text receives a NUL-terminated buffer the caller frees with dx_free
 * @return DX_OK; DX_EINVAL for an unknown format; DX_ENOMEM.
 */
DX_API dx_status dx_results_render(const dx_results *r, dx_report_format fmt, char **out_text);

/**
 * Write report.md, report.html, results.json, results.csv, items.csv and
 * cashflows.csv into dir (created if missing), with the default report options
 * (Japanese; docs/report.md). The files are written in one output transaction,
 * so an interrupted run never leaves a half-written report.
 */
DX_API dx_status dx_results_write(const dx_results *r, const char *dir);
/* (dx_results_write writes the files of dx_results_write_opts with the default options.) */


/* ------------------------------------------------------------------------ */
/* Report model (issue 11): what a report needs, read through public accessors.
 * Every renderer (report.md, report.html, results.json, the CSV files) reads
 * the results through these functions only. Texts are valid UTF-8 (a name cut
 * by a fixed-size buffer upstream loses its broken tail, never half a character). */
/* ------------------------------------------------------------------------ */

/** Language of the report texts. */
typedef enum {
    DX_REPORT_LANG_JA = 0, /**< Japanese (default): 千円, 令和X年度, ministry terms */
    DX_REPORT_LANG_EN = 1  /**< English */
} dx_report_lang;

/** Options of dx_results_render_opts / dx_results_write_opts. */
typedef struct {
    unsigned int version;  /**< DX_REPORT_OPTIONS_VERSION */
    dx_report_lang lang;   /**< default DX_REPORT_LANG_JA */
    int html_map;          /**< 1 (default): report.html embeds the coverage map of the best
                                technology (a coverage grid is computed); 0: no map */
} dx_report_options;
#define DX_REPORT_OPTIONS_VERSION 1

/** Fill o with the defaults. @return DX_OK; DX_EINVAL for a NULL o or a version newer than the library. */
DX_API dx_status dx_report_options_init(dx_report_options *o, unsigned int version);
/** sizeof(dx_report_options), for bindings. */
DX_API size_t dx_report_options_size(void);

/**
 * Render the results in a format (DX_REPORT_* above) and language.
 * @param opts      NULL = defaults (Japanese)
 * @param out_text  receives a NUL-terminated UTF-8 buffer freed with dx_free
 * @return DX_OK; DX_EINVAL for an unknown format or language; DX_ENOMEM.
 */
DX_API dx_status dx_results_render_opts(const dx_results *r, dx_report_format fmt,
                                        const dx_report_options *opts, char **out_text);

/**
 * Write report.md, report.html, results.json, results.csv, items.csv and
 * cashflows.csv into dir in one output transaction (all appear together or
 * none). @param opts NULL = defaults. dx_results_write is this with opts NULL.
 */
DX_API dx_status dx_results_write_opts(const dx_results *r, const char *dir,
                                       const dx_report_options *opts);

#define DX_REPORT_TEXT_MAX 1024 /**< bytes of the longer texts of the accessors below */
#define DX_REPORT_MAX_YEARS 30  /**< yearly columns at most */
#define DX_REPORT_MAX_UNCERTAIN 16

/** The scenario as a report states it. */
typedef struct {
    char title[256];           /**< the scenario's name */
    char source[256];          /**< the file it was read from */
    char environment[24];
    double width_m, height_m, area_km2;
    double horizon_years;
    double discount_rate_ratio;
    char menu[16];             /**< programme menu ("r7-2-1", "none" ...) */
    char procurement[16];      /**< procurement mode evaluated for the programme */
    char applicant_type[32];
    int consortium_local_governments;
    int prices_tax_included;   /**< how the scenario's own prices were written */
    int core_on_premises;
    char plan_fidelity[16];
    double planning_life_years;
    int rank_by_burden;
    int first_fiscal_year;     /**< fiscal year (April–March) of the first column; 0 = plain years */
    size_t n_years;            /**< yearly columns of the cash flows */
    int have_period;           /**< 1 when the scenario states the demonstration period */
    char period_start[16], period_end[16]; /**< "YYYY-MM-DD" or "" */
    int period_start_m, period_end_m;      /**< months from the project start, [start, end) */
    double edge_probability_ratio, target_area_ratio;
    size_t n_demand;
    size_t n_routes;
    /* the area as lat/lon polygons (<area><polygon> or <area file>); area_polygons = 0 for
     * the rectangle. area_km2 is then the geodesic area (GRS80) of the polygons minus holes,
     * and width_m x height_m their bounding box. */
    size_t area_polygons, area_holes, area_vertices;
    char area_file[256];       /**< the GeoJSON/KML file as written, "" = inline */
    int area_epsg;             /**< Plane Rectangular zone (given or from the centre) */
    double area_plane_km2;     /**< the same polygons' area in that zone (NaN if PROJ failed) */
} dx_report_scenario;

/** @return DX_OK; DX_EINVAL for NULL pointers. */
DX_API dx_status dx_results_scenario(const dx_results *r, dx_report_scenario *out);

/** One demand class of the scenario. */
typedef struct {
    char name[DX_NAME_MAX];
    double count;
    double ul_bps, dl_bps;                   /**< average offered traffic per device */
    double required_ul_bps, required_dl_bps; /**< rate one device needs at the cell edge */
    int solution;                            /**< solution equipment (camera, sensor) */
} dx_report_demand;

/** Demand class k (k < dx_report_scenario.n_demand). @return DX_OK; DX_EINVAL. */
DX_API dx_status dx_results_demand_get(const dx_results *r, size_t k, dx_report_demand *out);

/** One cost item of technology i's evaluated procurement mode, as the programme
 *  sees it (a recurring item spanning the period's end is two rows). */
typedef struct {
    char name[DX_REPORT_TEXT_MAX];
    char category[24];        /**< dx_cost_category_name: "equipment", "labour" ... */
    char procurement[16];     /**< "purchase", "lease", "subscription", "service" */
    double quantity;
    double unit_price_jpy;    /**< as priced (monthly for recurring items) */
    int unit_price_tax_included;
    double months;            /**< months charged (recurring items) */
    int in_period;            /**< 1 inside the demonstration period */
    int eligible;             /**< 1 対象, 0 対象外, -1 no programme evaluated (menu "none") */
    char rule[96];            /**< the rule that decided it */
    char reason[DX_REPORT_TEXT_MAX];
    int verify;               /**< 1 when the reason asks to verify with the call guidelines */
    double cost_jpy;          /**< tax included, over the horizon */
    double cost_tax_excluded_jpy;
    double consumption_tax_jpy; /**< cost_jpy − cost_tax_excluded_jpy (10 %, domain-japan §5) */
    double eligible_jpy;      /**< eligible part, tax included */
    char value_class[16];     /**< FIRM, INDICATIVE, ASSUMED, UNVERIFIED */
    char source[DX_REPORT_TEXT_MAX];
    double per_year_jpy[DX_REPORT_MAX_YEARS]; /**< cash flow per column, tax included */
} dx_report_item;

/** Items of technology i (rank order). 0 for a bad i. */
DX_API size_t dx_results_item_count(const dx_results *r, size_t i);
/** Item k of technology i. @return DX_OK; DX_EINVAL naming the index. */
DX_API dx_status dx_results_item_get(const dx_results *r, size_t i, size_t k, dx_report_item *out);

/**
 * Yearly cash flow (tax included, JPY) of technology i under a procurement mode.
 * @param n_years  columns of out (dx_report_scenario.n_years covers the horizon)
 * @return DX_OK; DX_EINVAL for a bad i, mode or n_years > DX_REPORT_MAX_YEARS.
 */
DX_API dx_status dx_results_cash_flow_jpy(const dx_results *r, size_t i, int mode, size_t n_years,
                                          double *out_jpy);

/** Notes of technology i. 0 for a bad i. */
DX_API size_t dx_results_note_count(const dx_results *r, size_t i);
/** Note k of technology i, borrowed from r (valid while r lives); NULL for bad indices. */
DX_API const char *dx_results_note(const dx_results *r, size_t i, size_t k);

/** The design technology i was costed on (plan.h). @return DX_OK; DX_EINVAL. */
DX_API dx_status dx_results_design_get(const dx_results *r, size_t i, dx_plan_tech *out);

/** One route checked along technology i's sites. */
typedef struct {
    char name[64];
    dx_coverage_route_summary summary;
} dx_report_route;

/** Routes of technology i. */
DX_API size_t dx_results_route_count(const dx_results *r, size_t i);
DX_API dx_status dx_results_route_get(const dx_results *r, size_t i, size_t k, dx_report_route *out);

/** A value used by the run that is not FIRM: replace it with a quotation. */
typedef struct {
    char subject[96];        /**< technology id, or "" for a planning constant */
    char key[128];           /**< parameter, price item or constant */
    char value[128];         /**< as used, with its unit */
    char value_class[16];    /**< INDICATIVE, ASSUMED or UNVERIFIED */
    char source[DX_REPORT_TEXT_MAX];
} dx_report_assumption;

DX_API size_t dx_results_assumption_count(const dx_results *r);
DX_API dx_status dx_results_assumption_get(const dx_results *r, size_t k, dx_report_assumption *out);

/** Monte Carlo summary (draws = 0 without distributions). */
typedef struct {
    size_t draws;
    unsigned long seed;
    double p_first_cheaper_ratio;   /**< P(rank 1 cheaper than rank 2); NaN when not computed */
    size_t n_inputs;
    char inputs[DX_REPORT_MAX_UNCERTAIN][64];
    size_t n_tornado;               /**< tornado of the best technology's net cost */
    struct {
        char input[64];
        double low_jpy, high_jpy;   /**< net cost with the input at P10 / P90 */
    } tornado[DX_REPORT_MAX_UNCERTAIN];
} dx_report_uncertainty;

DX_API dx_status dx_results_uncertainty(const dx_results *r, dx_report_uncertainty *out);

#ifdef __cplusplus
}
#endif
#endif /* DXSIM_COMPARE_H */
