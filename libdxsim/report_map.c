/* The coverage map of one technology of a run as a PNG for report.html: the
 * design's sites from the run's plan, a coverage-probability grid over the
 * scenario area (about 250 cells along the longer side), drawn north up at an
 * integer scale to at least 1000 px wide with the sites marked, and encoded by
 * coverage_output.c's PNG writer. The legend and scale are drawn by the page. */
#include "report_internal.h"
#include "compare_internal.h"
#include "coverage_internal.h"

#include <stdlib.h>
#include <string.h>

#define MAP_MIN_WIDTH_PX 1000
#define MAP_CELLS 250.0

static void put(unsigned char *img, size_t W, size_t H, long x, long y, unsigned char v)
{
    if (x < 0 || y < 0 || (size_t)x >= W || (size_t)y >= H)
        return;
    unsigned char *p = img + 4 * ((size_t)y * W + (size_t)x);
    p[0] = p[1] = p[2] = v;
    p[3] = 255;
}

static dx_status draw(const dx_results *R, const dx_grid *g, const float *prob, size_t n_sites,
                      const dx_site *sites, unsigned char **png, size_t *n)
{
    size_t scale = (MAP_MIN_WIDTH_PX + g->nx - 1) / g->nx;
    if (scale < 1)
        scale = 1;
    size_t W = g->nx * scale, H = g->ny * scale;
    unsigned char *img = dx__malloc(W * H * 4);
    if (!img)
        DX_FAIL(DX_ENOMEM, "report map: %zu x %zu image", W, H);
    for (size_t y = 0; y < H; y++) {
        size_t j = g->ny - 1 - y / scale; /* north up */
        for (size_t x = 0; x < W; x++) {
            unsigned char *p = img + 4 * (y * W + x);
            float v = prob[j * g->nx + x / scale];
            if (!(v >= 0.01f)) {
                p[0] = p[1] = p[2] = 236;
            } else {
                dx__coverage_ramp_rgb(v, p);
            }
            p[3] = 255;
        }
    }
    /* sites: a black square with a white rim */
    double px_per_m = (double)scale / g->resolution_m;
    for (size_t s = 0; s < n_sites; s++) {
        long cx = lround((sites[s].x_m - g->x0_m) * px_per_m);
        long cy = (long)H - 1 - lround((sites[s].y_m - g->y0_m) * px_per_m);
        for (long dy = -6; dy <= 6; dy++)
            for (long dx = -6; dx <= 6; dx++)
                put(img, W, H, cx + dx, cy + dy, (labs(dx) > 4 || labs(dy) > 4) ? 255 : 0);
    }
    (void)R;
    dx_status st = dx__coverage_png_encode_rgba(W, H, img, png, n);
    dx__free(img);
    return st;
}

dx_status dx__report_map_png(const dx_results *R, size_t rank_index, unsigned char **png, size_t *n)
{
    DX_REQUIRE_PTR(R);
    DX_REQUIRE_PTR(png);
    DX_REQUIRE_PTR(n);
    *png = NULL;
    *n = 0;
    if (rank_index >= R->n)
        DX_FAIL(DX_EINVAL, "report map: rank_index = %zu (the results hold %zu)", rank_index, R->n);
    if (!R->plan)
        DX_FAIL(DX_EINVAL, "report map: the results carry no plan");
    const char *id = R->t[rank_index].design.id;
    size_t k = 0, np = dx_plan_count(R->plan);
    dx_plan_tech d;
    for (; k < np; k++)
        if (dx_plan_get(R->plan, k, &d) == DX_OK && !strcmp(d.id, id))
            break;
    if (k == np)
        DX_FAIL(DX_EINVAL, "report map: no planned design for technology '%s'", id);
    dx_technology t;
    DX_TRY(dx_plan_technology(R->plan, k, &t));
    if (t.subscription_only)
        DX_FAIL(DX_EINVAL, "report map: '%s' is a carrier network (its coverage is the operator's)", id);
    size_t n_sites = 0;
    dx_status st0 = dx_plan_sites(R->plan, k, 0, NULL, &n_sites); /* asks the count */
    if (st0 != DX_OK && st0 != DX_EBUFSIZE)
        return st0;
    if (n_sites == 0)
        DX_FAIL(DX_EINVAL, "report map: the design of '%s' has no sites", id);
    dx_site *sites = dx__calloc(n_sites, sizeof *sites);
    if (!sites)
        DX_FAIL(DX_ENOMEM, "report map: %zu sites", n_sites);
    dx_coverage_options o;
    dx_status st = dx_plan_sites(R->plan, k, n_sites, sites, &n_sites);
    if (st == DX_OK)
        st = dx_plan_coverage_options(R->plan, k, &o);
    double w = R->sc.width_m, h = R->sc.height_m;
    double res_m = (w > h ? w : h) / MAP_CELLS;
    dx_grid g = {0.0, 0.0, res_m, (size_t)(w / res_m + 0.999), (size_t)(h / res_m + 0.999)};
    dx_coverage_result *r = NULL;
    if (st == DX_OK) {
        o.layers = DX_COVERAGE_LAYER_PROB;
        st = dx_coverage_assign_channels(n_sites, sites, &t);
    }
    if (st == DX_OK)
        st = dx_coverage_run(&g, n_sites, sites, &t, &o, &r);
    if (st == DX_OK) {
        const float *prob = dx__coverage_result_layer_f32(r, DX_COVERAGE_LAYER_PROB);
        if (!prob)
            st = DX_EINVAL, dx__set_error("report map: no coverage-probability layer");
        else
            st = draw(R, &g, prob, n_sites, sites, png, n);
    }
    dx_coverage_result_free(r);
    dx__free(sites);
    return st;
}
