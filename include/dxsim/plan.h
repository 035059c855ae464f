/**
 * @file dxsim/plan.h
 * The planning stage: the one place that turns a scenario's radio side into a
 * design (docs/DESIGN.md §1, docs/planning.md).
 *
 * For every candidate technology of a scenario the plan decides, in this order:
 *  1. the technology record as the scenario sets it (TDD frame, channel
 *     width, mast height: <technology tdd bw_mhz bs_height_m>);
 *  2. the propagation model (environment, mast height and frequency; a model
 *     used outside its validity is flagged with a visible note);
 *  3. the demand classes it can carry and the rate the cell edge must give;
 *  4. the link budget per direction (maximum allowable path loss);
 *  5. the cell radius (TR 38.901 LOS/NLOS composite coverage meeting the
 *     cell-edge and area targets) and the sites: a hexagonal layout over the
 *     area (analytic fidelity) or sites placed and checked by the grid
 *     engine (grid fidelity);
 *  6. the capacity against the demand (sites added until it is carried) and
 *     the 920 MHz rules (ARIB airtime, AS923 dwell, LoRa ALOHA);
 *  7. when the scenario leaves the channel width open, every catalogued width
 *     is planned and the design kept is the feasible one with the lowest
 *     total cost of ownership over the planning life (tax included,
 *     discounted, at purchase prices). The evaluation horizon, the
 *     procurement mode and the programme menu are never consulted: who pays
 *     does not change the design.
 *
 * The cost of a candidate design is a later stage (cost.h): the plan asks it
 * through a callback (dx_plan_tco_fn), so this header does not depend on it.
 * dx_compare_plan (compare.h) wires that callback; `dxsim run`,
 * `dxsim coverage`, the Monte Carlo re-runs and Python all get their design
 * from there, so they cannot disagree.
 */
#ifndef DXSIM_PLAN_H
#define DXSIM_PLAN_H

#include <stddef.h>
#include "dxsim/common.h"
#include "dxsim/coverage.h"
#include "dxsim/scenario.h"
#include "dxsim/technology.h"

#ifdef __cplusplus
extern "C" {
#endif

/** How finely a design is checked. */
typedef enum {
    DX_PLAN_FIDELITY_ANALYTIC = 0, /**< link budget -> radius -> hexagonal site count */
    DX_PLAN_FIDELITY_GRID = 1      /**< sites placed on the area and checked pixel by pixel
                                        (best server, SINR, LOS/NLOS coverage probability) */
} dx_plan_fidelity;

/** "analytic" or "grid"; "unknown" otherwise. Never NULL. */
DX_API const char *dx_plan_fidelity_name(dx_plan_fidelity f);

#define DX_PLAN_ID_MAX 32
#define DX_PLAN_TEXT_MAX 1024

/** The design of one technology. Units are in the field names. */
typedef struct {
    char id[DX_PLAN_ID_MAX];        /**< catalogue id */
    dx_plan_fidelity fidelity;      /**< how the design was checked */
    int legal;                      /**< 0 when a Japanese rule forbids the design (see verdict) */
    int feasible;                   /**< 1 when legal, covering the area and carrying every class */
    char verdict[DX_PLAN_TEXT_MAX]; /**< why it is or is not feasible (one line) */

    /* technology as planned */
    char tdd_frame[16];             /**< NR: the Japanese TDD frame used ("" for others) */
    double fc_hz;
    double bw_hz;                   /**< channel width chosen (or given by the scenario) */
    double bs_height_m;             /**< mast height used */
    int sectors;                    /**< cells per site */

    /* propagation and link */
    char propagation_model[24];     /**< e.g. "38901-rma"; "carrier" for a carrier network */
    int model_out_of_range;         /**< 1 when the model was evaluated outside its validity */
    double mapl_dl_db, mapl_ul_db;  /**< maximum allowable path loss per direction */
    char limiting_link[4];          /**< "DL" or "UL" */
    double shadow_sigma_db;         /**< NLOS shadow-fading sigma of the model */
    double shadow_margin_db;        /**< margin the NLOS sigma alone would need at the edge target */
    double cell_radius_m;           /**< planned cell radius (NaN for carrier networks) */
    double interference_margin_db;  /**< 0, or the reuse-1 margin when cells outnumber channels */

    /* sites */
    size_t sites;                   /**< sites of the design (all origins) */
    size_t radios;                  /**< radio units (sites x sectors, LoRa gateways, APs) */
    char bound_by[16];              /**< "coverage", "capacity" or "carrier" */
    double coverage_ratio;          /**< area coverage probability of the design */

    /* demand and capacity */
    double devices;                 /**< devices of the classes the technology carries */
    size_t classes_unserved;        /**< demand classes it cannot carry */
    double required_dl_mbps, required_ul_mbps; /**< rate the cell edge must give */
    double edge_dl_mbps, edge_ul_mbps;         /**< rate one device gets at the edge */
    double offered_dl_mbps, offered_ul_mbps;   /**< total average demand carried */
    double capacity_dl_mbps, capacity_ul_mbps; /**< what the design carries (planned load) */

    /* selection */
    double tco_jpy;                 /**< total cost of ownership over the planning life (PV, tax
                                         included, purchase prices); NaN without a cost callback */
    double planning_life_years;     /**< life the TCO was computed over */

    /* sites by purpose */
    size_t sites_area;              /**< sites planned over the area (area demand classes) */
    size_t sites_corridor;          /**< roadside sites along the routes (route demand classes) */
    double corridor_spacing_m;      /**< spacing of the roadside sites along the route (NaN: none) */
    size_t n_routes;                /**< routes checked (dx_plan_route) */

    /* where the sites come from (<sites> of the scenario) and what they need */
    size_t sites_given;             /**< existing sites used (poles, rooftops, street lights) */
    size_t sites_candidate;         /**< candidate sites used */
    size_t sites_new;               /**< new sites */
    size_t sites_need_pole;         /**< sites that need a pole and civil works */
    size_t sites_need_power;        /**< sites that need a power connection */
    size_t sites_need_backhaul;     /**< sites that need a backhaul line */

    /* terminals of the devices (each class's terminal kind, or the default by class) */
    double terminals_module;        /**< radio modules embedded in devices */
    double terminals_cpe;           /**< CPEs / routers / bridges (gateways shared by several) */
} dx_plan_tech;

/** sizeof(dx_plan_tech), for bindings to check their layout. */
DX_API size_t dx_plan_tech_size(void);

/**
 * Total cost of ownership of a candidate design (PV, JPY), used to choose
 * among feasible channel widths. Return DX_OK and write *out_jpy; any error
 * stops the plan.
 */
typedef dx_status (*dx_plan_tco_fn)(const dx_scenario *sc, const dx_plan_tech *design,
                                    double planning_life_years, void *user, double *out_jpy);

/** Options of dx_plan_run. */
typedef struct {
    unsigned int version;          /**< DX_PLAN_RUN_OPTIONS_VERSION */
    int fidelity;                  /**< -1 (default): the scenario's <plan fidelity>;
                                        else a dx_plan_fidelity */
    double grid_resolution_m;      /**< grid fidelity: pixel size; 0 (default) = the scenario's
                                        <plan grid_resolution_m>, else 1/200 of the longer side,
                                        at least 10 m */
    dx_plan_tco_fn tco_fn;         /**< cost of a candidate design; NULL = fewest radios */
    void *tco_user;                /**< passed to tco_fn */
    const char *only_tech;         /**< plan only this technology id; NULL = all */
    /* version 2 */
    dx_progress_fn progress_fn;    /**< progress per technology planned; NULL = none */
    void *progress_user;           /**< passed to progress_fn */
} dx_plan_run_options;
#define DX_PLAN_RUN_OPTIONS_VERSION 2

/** Fill defaults. @return DX_OK; DX_EINVAL for NULL or a newer version. */
DX_API dx_status dx_plan_run_options_init(dx_plan_run_options *o, unsigned int version);
DX_API size_t dx_plan_run_options_size(void);

/** Opaque plan of a scenario: one design per candidate technology, in scenario order. */
typedef struct dx_plan dx_plan;

/**
 * Plan every candidate technology of a scenario.
 * @param sc    the scenario (not modified)
 * @param opts  options or NULL for defaults
 * @param out   receives the plan; free with dx_plan_free
 * @return DX_OK; DX_EINVAL; DX_ENOMEM; any stage's error with its message.
 */
DX_API dx_status dx_plan_run(const dx_scenario *sc, const dx_plan_run_options *opts,
                             dx_plan **out);

/** Free a plan. NULL is a no-op. */
DX_API void dx_plan_free(dx_plan *p);

/** Number of technologies planned. */
DX_API size_t dx_plan_count(const dx_plan *p);

/** Design of technology i (scenario order). @return DX_OK; DX_EINVAL for i out of range. */
DX_API dx_status dx_plan_get(const dx_plan *p, size_t i, dx_plan_tech *out);

/**
 * Site positions of technology i (local metres from the area's south-west
 * corner, with height, power and sectors). Grid fidelity places every site;
 * the analytic fidelity places its hexagonal layout clipped to the area.
 * Carrier networks have none.
 * @param cap, out_sites  capacity and buffer (may be NULL when cap = 0)
 * @param out_n           receives the number of sites
 * @return DX_OK; DX_EBUFSIZE when cap is too small; DX_EINVAL.
 */
DX_API dx_status dx_plan_sites(const dx_plan *p, size_t i, size_t cap, dx_site *out_sites,
                               size_t *out_n);

/**
 * The technology record technology i was planned on (catalogue values with the
 * scenario's TDD frame, mast height and the chosen channel width).
 * @return DX_OK; DX_EINVAL for i out of range.
 */
DX_API dx_status dx_plan_technology(const dx_plan *p, size_t i, dx_technology *out);

/**
 * Grid-engine options that reproduce technology i's design on a grid: the
 * same propagation model, LOS/NLOS mixture, shadowing and required rate
 * (for maps of an analytic design, or to re-check a grid design).
 * @return DX_OK; DX_EINVAL for i out of range; DX_ENOTFOUND for a carrier network.
 */
DX_API dx_status dx_plan_coverage_options(const dx_plan *p, size_t i, dx_coverage_options *out);

/**
 * Route k of the scenario checked along technology i's sites: length,
 * handovers, outage segments and whether the required uplink is sustained
 * (dx_coverage_route at median signal, every route's step_m).
 * @return DX_OK; DX_EINVAL for i or k out of range.
 */
DX_API dx_status dx_plan_route(const dx_plan *p, size_t i, size_t k,
                               dx_coverage_route_summary *out);

/**
 * Write technology i's routes as maps: GeoJSON (RFC 7946, lon/lat) and KML 2.2
 * with styles, holding each route line, its outage segments (samples not
 * covered or below the required uplink, red), its handover points (where
 * the serving cell changes) and the design's sites. Local metres are placed
 * from the area's south-west corner at (lat0_deg, lon0_deg). Either path may
 * be NULL. Files are written atomically.
 * @return DX_OK; DX_EINVAL; DX_EDOMAIN (origin); DX_EIO; DX_ENOMEM.
 */
DX_API dx_status dx_plan_write_routes(const dx_plan *p, size_t i, double lat0_deg,
                                      double lon0_deg, const char *geojson_path,
                                      const char *kml_path);

/**
 * Write technology i's coverage map as a PNG image (width_px wide, 0 = 1200):
 * coverage probability of the design's sites (viridis ramp) with a legend
 * (colour bar 0-100 %), a scale bar in m/km, a north arrow, the sites with
 * their sector directions, each route with its outage segments and handover
 * points, a title, and the location of the south-west corner (or a note that
 * the scenario has none and the origin is ASSUMED). Written atomically.
 * @return DX_OK; DX_EINVAL (index, carrier network, built without libpng);
 *         DX_EDOMAIN (width_px outside 400..8000); DX_EIO; DX_ENOMEM.
 */
DX_API dx_status dx_plan_write_map_png(const dx_plan *p, size_t i, int width_px,
                                       const char *path);

/**
 * Number of notes of technology i (planning decisions and warnings: chosen
 * width, interference margin, model validity, ...), and note k (borrowed
 * from p, valid until dx_plan_free; NULL when out of range).
 */
DX_API size_t dx_plan_note_count(const dx_plan *p, size_t i);
DX_API const char *dx_plan_note(const dx_plan *p, size_t i, size_t k);

#ifdef __cplusplus
}
#endif
#endif /* DXSIM_PLAN_H */
