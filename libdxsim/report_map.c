/* The coverage maps of report.html: for the technology shown, the map that
 * `dxsim coverage` writes (map_render.c: coverage probability with a legend,
 * scale bar and north arrow, the sites, each route with its outage segments
 * and handover points), at least 1000 px wide. A mixed design gets one map per
 * part: each technology of its assignment, drawn with that technology's design
 * from the run's plan (the design the part's sites were placed from). */
#include "report_internal.h"
#include "compare_internal.h"
#include "map_internal.h"

#include <stdio.h>
#include <string.h>

#define MAP_WIDTH_PX 1200 /* >= 1000 (issue 11); the `dxsim coverage` default */

static size_t plan_index(const dx_plan *p, const char *id, size_t id_len)
{
    size_t np = dx_plan_count(p);
    dx_plan_tech d;
    for (size_t k = 0; k < np; k++)
        if (dx_plan_get(p, k, &d) == DX_OK && strlen(d.id) == id_len && !strncmp(d.id, id, id_len))
            return k;
    return (size_t)-1;
}

dx_status dx__report_map_parts(const dx_results *R, size_t rank_index, size_t cap, size_t *plan_idx,
                               size_t *n_parts)
{
    DX_REQUIRE_PTR(R);
    DX_REQUIRE_PTR(plan_idx);
    DX_REQUIRE_PTR(n_parts);
    *n_parts = 0;
    if (rank_index >= R->n)
        DX_FAIL(DX_EINVAL, "report map: rank_index = %zu (the results hold %zu)", rank_index, R->n);
    if (!R->plan)
        DX_FAIL(DX_EINVAL, "report map: the results carry no plan");
    const dx__tech_out *t = &R->t[rank_index];
    if (!t->mixed) {
        size_t k = plan_index(R->plan, t->design.id, strlen(t->design.id));
        if (k == (size_t)-1)
            DX_FAIL(DX_EINVAL, "report map: no planned design for technology '%s'", t->design.id);
        if (cap > 0)
            plan_idx[0] = k;
        *n_parts = 1;
        return DX_OK;
    }
    /* "class -> id; class -> id ...": the technology after each " -> " (ids
     * hold no ';'), each once, in the assignment's order */
    for (const char *p = strstr(t->assignment, " -> "); p; p = strstr(p, " -> ")) {
        p += 4;
        size_t len = strcspn(p, "; ");
        size_t k = plan_index(R->plan, p, len);
        int seen = k == (size_t)-1;
        for (size_t j = 0; j < *n_parts && j < cap && !seen; j++)
            seen = plan_idx[j] == k;
        if (!seen) {
            if (*n_parts < cap)
                plan_idx[*n_parts] = k;
            (*n_parts)++;
        }
    }
    if (*n_parts == 0)
        DX_FAIL(DX_EINVAL, "report map: mixed design '%s' names no planned technology",
                t->design.id);
    return DX_OK;
}

dx_status dx__report_map_png(const dx_results *R, size_t plan_index_, unsigned char **png, size_t *n)
{
    DX_REQUIRE_PTR(R);
    DX_REQUIRE_PTR(png);
    DX_REQUIRE_PTR(n);
    *png = NULL;
    *n = 0;
    if (!R->plan)
        DX_FAIL(DX_EINVAL, "report map: the results carry no plan");
    dx_plan_tech d;
    DX_TRY(dx_plan_get(R->plan, plan_index_, &d));
    dx__map_style st;
    dx__map_style_init(&st);
    st.width_px = MAP_WIDTH_PX;
    st.show_routes = 1;
    st.show_sites = 1;
    char title[160]; /* the map's font is ASCII: the technology id, not the (Japanese) name */
    snprintf(title, sizeof title, "%s: coverage probability, sites, routes", d.id);
    st.title = title;
    return dx__map_render_png(R->plan, plan_index_, &st, NULL, png, n);
}

void dx__report_map_tech_id(const dx_results *R, size_t plan_index_, char *id, size_t cap)
{
    dx_plan_tech d;
    if (!id || cap == 0)
        return;
    id[0] = '\0';
    if (R && R->plan && dx_plan_get(R->plan, plan_index_, &d) == DX_OK)
        snprintf(id, cap, "%s", d.id);
}
