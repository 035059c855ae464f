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
    double cost_per_mbps_jpy;
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

/** Options of dx_compare_run_ex. */
typedef struct {
    unsigned int version;        /**< DX_COMPARE_RUN_OPTIONS_VERSION */
    dx_progress_fn progress_fn;  /**< progress of planning and Monte Carlo; NULL = none */
    void *progress_user;         /**< passed to progress_fn */
} dx_compare_run_options;
#define DX_COMPARE_RUN_OPTIONS_VERSION 1

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
    DX_REPORT_MARKDOWN = 0, /**< report.md: tables, per-technology detail, assumptions */
    DX_REPORT_JSON = 1,     /**< results.json */
    DX_REPORT_CSV = 2,      /**< results.csv: one row per technology */
    DX_REPORT_TEXT = 3      /**< the console comparison table */
} dx_report_format;

/**
 * Render the results as text in the given format.
 * @param out_text receives a NUL-terminated buffer the caller frees with dx_free
 */
DX_API dx_status dx_results_render(const dx_results *r, dx_report_format fmt, char **out_text);

/**
 * Write report.md, results.json and results.csv into dir (created if missing).
 * Each file is written to a temporary name and renamed, so an interrupted run
 * never leaves a half-written report.
 */
DX_API dx_status dx_results_write(const dx_results *r, const char *dir);

#ifdef __cplusplus
}
#endif
#endif /* DXSIM_COMPARE_H */
