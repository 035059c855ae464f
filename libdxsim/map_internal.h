/*
 * Maps (internal): the covered area of a grid as valid polygons, and the
 * coverage map of a design as a PNG with legend, scale bar, north arrow,
 * sites, routes and title (issue 11). Used by coverage_output.c (GeoJSON,
 * KML), plan_output.c and the HTML report (report_map.c).
 */
#ifndef DXSIM_MAP_INTERNAL_H
#define DXSIM_MAP_INTERNAL_H

#include <stddef.h>
#include "dx_internal.h"
#include "dxsim/coverage.h"
#include "dxsim/plan.h"

/* ---- dissolve (map_dissolve.c) ------------------------------------------ */

/** Polygons of a dissolved cell mask, in local metres. Polygon p owns rings
 *  poly_ring[p] .. poly_ring[p+1]-1: the first is its shell (counter-clockwise,
 *  positive area), the others its holes (clockwise). Ring r holds the points
 *  ring_pt[r] .. ring_pt[r+1]-1 of x_m/y_m, closed (last point = first),
 *  at least 5 positions. Rings never touch or cross one another or themselves:
 *  where two covered cells meet only at a corner (a saddle), the corner is
 *  cut by split_m on each ring so the two passes stay apart. */
typedef struct {
    size_t n_polygons, n_rings, n_points;
    size_t *poly_ring; /* n_polygons + 1 */
    size_t *ring_pt;   /* n_rings + 1 */
    double *x_m, *y_m; /* n_points */
    double split_m;    /* corner cut at saddles */
} dx__map_polygons;

/**
 * Dissolve the cells with mask[j*nx+i] != 0 (row j = 0 in the south, cell
 * (i, j) spans x0_m + [i, i+1]*res_m, y0_m + [j, j+1]*res_m) into polygons:
 * boundary tracing on the cell lattice with the covered side on the left
 * (outer rings counter-clockwise, holes clockwise: the RFC 7946 right-hand
 * rule once x/y become lon/lat), only corner points kept; cells sharing only
 * a corner belong to separate rings (4-connectivity), the shared corner split.
 * @return DX_OK; DX_EINVAL; DX_ENOMEM. out is disposed with dx__map_polygons_dispose.
 */
dx_status dx__map_dissolve(size_t nx, size_t ny, const unsigned char *mask, double x0_m,
                           double y0_m, double res_m, dx__map_polygons *out);
void dx__map_polygons_dispose(dx__map_polygons *p);

/* ---- rendered map (map_render.c) ----------------------------------------- */

/** What a rendered map shows. Zero-initialise, or call dx__map_style_init. */
typedef struct {
    int width_px;          /**< image width; 0 = 1200 (>= 400, <= 8000) */
    int show_routes;       /**< routes with outage segments and handover points */
    int show_sites;        /**< sites (with sector directions) */
    const char *title;     /**< title; NULL = "<scenario> - <technology> coverage" */
    double lat0_deg, lon0_deg; /**< origin for the corner label; NaN = the scenario's
                                    location (or "no location" note when it has none) */
} dx__map_style;

void dx__map_style_init(dx__map_style *s);

/**
 * Render technology tech_index of a plan as a PNG map: coverage probability
 * (viridis ramp) of the design's sites on a grid (the plan's resolution, or
 * 1/200 of the longer side), a legend (colour bar 0-100 %), a scale bar in
 * m/km, a north arrow, the sites (sector directions when sectored), each
 * route with its outage segments (red) and handover points (yellow), the
 * title and, when the scenario has no location, a note saying that the map
 * is in local metres from an ASSUMED origin. Text in a built-in 5x7 font.
 * @param plan        a plan (dx_plan_run / dx_compare_plan)
 * @param tech_index  technology index in the plan
 * @param style       NULL = defaults (1200 px wide, routes and sites shown)
 * @param cov         a coverage result of that design to draw, or NULL to compute it
 * @param png         receives the PNG bytes (dx__free); NULL on failure
 * @param n_bytes     receives the byte count
 * @return DX_OK; DX_EINVAL (index, carrier network, no sites, no libpng);
 *         DX_EDOMAIN (width); DX_ENOMEM; any coverage error.
 */
dx_status dx__map_render_png(const dx_plan *plan, size_t tech_index, const dx__map_style *style,
                             const dx_coverage_result *cov, unsigned char **png,
                             size_t *n_bytes);

/** Viridis key-colour ramp (matplotlib's _cm_listed stops) at t in 0..1. */
void dx__map_ramp(double t, unsigned char rgb[3]);

/** Encode w x h pixels (channels 3 = RGB or 4 = RGBA, rows top first) as PNG;
 *  *out (dx__free) receives the bytes. DX_EINVAL without libpng. */
dx_status dx__map_png_encode(int w, int h, int channels, const unsigned char *px,
                             unsigned char **out, size_t *n_bytes);

/* ---- route samples (plan_output.c) ---------------------------------------- */

typedef struct {
    size_t n;
    double *x, *y; /* sample positions (local m) */
    int *cell;     /* serving cell, -1 none */
    int *outage;   /* 1: not covered or uplink below the requirement */
} dx__route_samples;

/** Route k of the scenario checked along the design of plan technology i. */
dx_status dx__plan_route_samples(const dx_plan *p, size_t i, size_t k, dx__route_samples *s);
void dx__route_samples_free(dx__route_samples *s);

/* ---- 5x7 bitmap font (map_render.c) --------------------------------------- */

/** Column bits of glyph c (7 rows, bit 4 = left column), or NULL when the font
 *  has no glyph for c. */
const unsigned char *dx__map_glyph(char c);

/** Title of a coverage map: "NAME - TECH coverage" when the font draws the scenario's
 *  name, else the scenario file's name without its folder and extension (a Japanese
 *  name would be drawn as '?' per character), else "scenario". */
void dx__map_default_title(const char *name, const char *source, const char *tech_id, char *buf, size_t cap);

#endif
