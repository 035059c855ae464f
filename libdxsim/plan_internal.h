/* Private: the planning stage's working record (plan.c, plan_radio.c, plan_grid.c).
 * Later stages (compare, its Monte Carlo) call dx__plan_one on a scenario copy. */
#ifndef DXSIM_PLAN_INTERNAL_H
#define DXSIM_PLAN_INTERNAL_H

#include "dxsim/plan.h"
#include "dxsim/technology.h"
#include "scenario_internal.h"

#define DX__PLAN_MAX_NOTES 32
#define DX__NOTE_LEN 1024

/* One technology's design with the record it was planned on. Plain data
 * except `sites` (owned; dx__plan_out_dispose frees it). */
typedef struct {
    dx_plan_tech d;
    dx_technology tech;      /* catalogue record with the scenario's choices and the chosen width */
    int lpwa_overloaded;     /* a 920 MHz airtime / dwell / ALOHA rule is broken */
    char lpwa_reason[DX__NOTE_LEN];
    size_t n_notes;
    size_t n_more_notes;     /* notes past the list's room, counted in its last note */
    char notes[DX__PLAN_MAX_NOTES][DX__NOTE_LEN];
    size_t n_sites;
    dx_site *sites;          /* positions (NULL when not placed: Monte Carlo draws) */
    unsigned served_mask;    /* bit i: demand class i is carried */
    dx_coverage_link link;   /* the planned link (model, heights, allowable loss) */
    int have_link;
    size_t n_routes;         /* routes of the scenario checked against the design */
    dx_coverage_route_summary route[DX__SC_MAX_ROUTES];
} dx__plan_out;

/* How dx__plan_one works: fidelity, grid size, whether to place sites, TCO callback. */
typedef struct {
    dx_plan_fidelity fidelity;
    double grid_resolution_m;
    int place_sites;         /* analytic fidelity: also lay out the hexagonal positions */
    dx_plan_tco_fn tco_fn;
    void *tco_user;
} dx__plan_cfg;

void dx__plan_out_dispose(dx__plan_out *o);
/* Append a note to a list of max notes (plan and compare records): each note
 * is cut only visibly (dx__text_vfmt); once the list is full its last note
 * says how many more were not kept, so no note goes missing silently. */
void dx__note_list_add(char (*notes)[DX__NOTE_LEN], size_t max, size_t *n, size_t *n_more,
                       const char *fmt, va_list ap);
void dx__plan_note(dx__plan_out *o, const char *fmt, ...) DX__PRINTF(2, 3);

/* plan.c: the design of one candidate (choice = the scenario's <technology>),
 * every catalogued width tried when the scenario leaves it open. */
dx_status dx__plan_one(const dx_scenario *sc, const dx__sc_tech *choice, const dx__plan_cfg *cfg,
                       dx__plan_out *o);

/* plan_radio.c: the analytic design at one fixed width (tech already set up). */
dx_status dx__plan_radio(const dx_scenario *sc, const dx__sc_tech *choice, dx__plan_out *o);
/* plan_radio.c: the technology record of a <technology> choice (catalogue + tdd/bw/height). */
dx_status dx__plan_technology(const dx__sc_tech *choice, double bw_hz, dx_technology *out);
/* plan_radio.c: the planning rates (bit/s) of the demand classes tech can carry. */
void dx__plan_rates(const dx_scenario *sc, const dx_technology *t, double *req_dl_bps,
                    double *req_ul_bps);
/* plan_radio.c: model for a case, with the note that explains a validity problem ("" if none). */
dx_propagation_model dx__plan_model(const dx_scenario *sc, const dx__sc_tech *choice,
                                    const dx_technology *t, char *note, size_t cap);

/* plan_radio.c: the scenario's terrain (DEM, model, k) and the calibration that
 * applies to choice, set on grid-engine options (nothing when the scenario has neither). */
void dx__plan_terrain_options(const dx_scenario *sc, const dx__sc_tech *choice,
                              dx_coverage_options *co);
/* plan_radio.c: a dx_terrain_loss_model as the notes name it. */
const char *dx__plan_terrain_model_name(int model);

/* plan.c: grid-engine options that reproduce o's design (model, mixture, rate, sigma). */
dx_status dx__plan_coverage_options(const dx_scenario *sc, const dx__sc_tech *choice,
                                    const dx__plan_out *o, dx_coverage_options *co);
/* plan_corridor.c: roadside sites along the scenario's routes for the route
 * demand classes, from route's design (its link), appended to o's sites; the
 * routes are then checked along o's sites (route summaries in o). */
dx_status dx__plan_corridor(const dx_scenario *sc, const dx__sc_tech *choice,
                            const dx__plan_out *route, dx__plan_out *o);
/* plan_corridor.c: the point at arc length s along a route and the unit direction there. */
void dx__plan_route_point(const dx__sc_route *rt, double s, double *x, double *y, double *ux,
                          double *uy);
/* plan_corridor.c: the uplink route k must sustain (its own or its classes', Mbit/s). */
double dx__plan_route_required_ul_mbps(const dx_scenario *sc, size_t k);
/* plan_corridor.c: check every route of the scenario along o's sites. */
dx_status dx__plan_check_routes(const dx_scenario *sc, const dx__sc_tech *choice, dx__plan_out *o);

/* plan.c: the working record of technology i of a plan (borrowed; NULL out of range). */
const dx__plan_out *dx__plan_out_at(const dx_plan *p, size_t i);
/* plan.c: the scenario a plan was made for (borrowed). */
const dx_scenario *dx__plan_scenario(const dx_plan *p);

/* plan.c: grid fidelity (sites placed and checked by the grid engine),
 * starting from the analytic design in o. */
dx_status dx__plan_grid(const dx_scenario *sc, const dx__plan_cfg *cfg, dx__plan_out *o);
/* plan.c: hexagonal positions of the analytic design, clipped to the area. */
dx_status dx__plan_hex_positions(const dx_scenario *sc, dx__plan_out *o);
/* plan_radio.c: building entry loss (dB) of indoor devices in an outdoor area at fc_hz
 * (TR 38.901 §7.4.3 O2I low-loss), 0 when no demand class is indoors or the
 * environment is indoor; the first indoor class and the wall / indoor parts */
double dx__plan_o2i_db(const dx_scenario *sc, double fc_hz, const char **out_class, double *out_wall_db,
                       double *out_inside_db);
/* plan.c: an area of several separate parts (<area> with several <polygon>s)
 * is covered part by part: a part gets its own hexagon count of cells of
 * radius r (at least one site), and parts that fit together near one site
 * (their common box's half-diagonal <= r / 2, ASSUMED) share one site at that box's centre.
 * Fills up to cap groups (g may be NULL) and returns the number of groups;
 * *out_sites is the sites of all groups. 0 groups: one part (or more than
 * DX__SC_MAX_PARTS), counted over the whole area as before. */
typedef struct {
    double x0, y0, x1, y1, area_m2;
    double sites;
} dx__plan_group;
size_t dx__plan_part_groups(const dx_scenario *sc, double radius_m, int sectors, dx__plan_group *g,
                            size_t cap, double *out_sites);

#endif
