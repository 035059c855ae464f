/* Planning stage, outputs: the routes of a design as maps (GeoJSON RFC 7946
 * and KML 2.2): the route line, its outage segments and its handover points,
 * with the design's sites. Samples come from the same route check as the
 * plan's summaries (dx_coverage_route with the design's sites and options).
 * Numbers are written in the C locale; files are written atomically. */
#define _GNU_SOURCE
#include "dx_internal.h"
#include "plan_internal.h"
#include "map_internal.h"

#include <stdio.h>
#include <string.h>

#include "dxsim/coverage.h"

typedef dx__route_samples route_samples;

void dx__route_samples_free(dx__route_samples *s)
{
    dx__free(s->x);
    dx__free(s->cell);
    memset(s, 0, sizeof *s);
}

static dx_status sample_route(const dx_scenario *sc, const dx__plan_out *o, size_t k,
                              route_samples *s)
{
    memset(s, 0, sizeof *s);
    const dx__sc_route *rt = &sc->route[k];
    const dx__sc_tech *choice = NULL;
    for (size_t i = 0; i < sc->n_tech; i++)
        if (strcmp(sc->tech[i].id, o->d.id) == 0)
            choice = &sc->tech[i];
    dx_coverage_options co;
    DX_TRY(dx__plan_coverage_options(sc, choice, o, &co));
    double req = dx__plan_route_required_ul_mbps(sc, k);
    dx_coverage_route_summary sum;
    DX_TRY(dx_coverage_route(o->n_sites, o->sites, &o->tech, &co, rt->n_points, rt->x_m, rt->y_m,
                             rt->step_m, req, &sum, 0, NULL, NULL, NULL, NULL, NULL));
    size_t n = sum.n_samples;
    double *buf = dx__calloc(n ? 4 * n : 1, sizeof(double));
    int *ibuf = dx__calloc(n ? 2 * n : 1, sizeof(int));
    if (!buf || !ibuf) {
        dx__free(buf);
        dx__free(ibuf);
        DX_FAIL(DX_ENOMEM, "out of memory sampling route '%s'", rt->name);
    }
    s->n = n;
    s->x = buf;
    s->y = buf + n;
    double *s_m = buf + 2 * n, *rate = buf + 3 * n;
    s->cell = ibuf;
    s->outage = ibuf + n;
    dx_status st = dx_coverage_route(o->n_sites, o->sites, &o->tech, &co, rt->n_points, rt->x_m,
                                     rt->y_m, rt->step_m, req, &sum, n, s_m, s->cell, NULL, NULL,
                                     rate);
    for (size_t j = 0; st == DX_OK && j < n; j++) {
        double ux, uy;
        dx__plan_route_point(rt, s_m[j], &s->x[j], &s->y[j], &ux, &uy);
        s->outage[j] = s->cell[j] < 0 || rate[j] < req;
    }
    if (st != DX_OK)
        dx__route_samples_free(s);
    return st;
}

dx_status dx__plan_route_samples(const dx_plan *p, size_t i, size_t k, dx__route_samples *s)
{
    DX_REQUIRE_PTR(p);
    DX_REQUIRE_PTR(s);
    memset(s, 0, sizeof *s);
    const dx__plan_out *o = dx__plan_out_at(p, i);
    const dx_scenario *sc = dx__plan_scenario(p);
    if (!o || k >= sc->n_routes)
        DX_FAIL(DX_EINVAL, "route samples: technology %zu, route %zu (the plan holds %zu "
                           "technologies, the scenario %zu routes)", i, k, dx_plan_count(p),
                sc->n_routes);
    return sample_route(sc, o, k, s);
}

static void coord(dx__buf *b, double lat0, double lon0, double x, double y, int kml)
{
    double lat, lon;
    dx_coverage_local_to_geo(lat0, lon0, 1, &x, &y, &lat, &lon);
    char a[32], c[32];
    dx__format_double(a, sizeof a, lon, 10);
    dx__format_double(c, sizeof c, lat, 10);
    if (kml)
        dx__buf_appendf(b, "%s,%s,0 ", a, c);
    else
        dx__buf_appendf(b, "[%s, %s]", a, c);
}

/* Escape &, <, > and quotes for XML and JSON names. */
static void text(dx__buf *b, const char *s, int kml)
{
    for (; *s; s++) {
        char one[2] = {*s, 0};
        if (kml && *s == '&')
            dx__buf_append(b, "&amp;");
        else if (kml && *s == '<')
            dx__buf_append(b, "&lt;");
        else if (kml && *s == '>')
            dx__buf_append(b, "&gt;");
        else if (!kml && (*s == '"' || *s == '\\'))
            dx__buf_appendf(b, "\\%c", *s);
        else if ((unsigned char)*s < 0x20)
            dx__buf_append(b, " ");
        else
            dx__buf_append(b, one);
    }
}

dx_status dx_plan_write_routes(const dx_plan *p, size_t i, double lat0_deg, double lon0_deg,
                               const char *geojson_path, const char *kml_path)
{
    DX_REQUIRE_PTR(p);
    const dx__plan_out *o = dx__plan_out_at(p, i);
    if (!o)
        DX_FAIL(DX_EINVAL, "dx_plan_write_routes: i = %zu (the plan holds %zu technologies)", i,
                dx_plan_count(p));
    if (!(lat0_deg >= -90 && lat0_deg <= 90 && lon0_deg >= -180 && lon0_deg <= 180))
        DX_FAIL(DX_EDOMAIN, "dx_plan_write_routes: origin %g N %g E is not a latitude/longitude",
                lat0_deg, lon0_deg);
    const dx_scenario *sc = dx__plan_scenario(p);
    dx__buf g, k;
    dx__buf_init(&g);
    dx__buf_init(&k);
    dx__buf_append(&g, "{\"type\": \"FeatureCollection\", \"features\": [");
    dx__buf_append(&k, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                       "<kml xmlns=\"http://www.opengis.net/kml/2.2\"><Document>\n<name>");
    text(&k, o->d.id, 1);
    dx__buf_append(&k, " routes</name>\n"
                       "<Style id=\"route\"><LineStyle><color>ffff7f00</color><width>3</width></LineStyle></Style>\n"
                       "<Style id=\"outage\"><LineStyle><color>ff0000ff</color><width>6</width></LineStyle></Style>\n"
                       "<Style id=\"handover\"><IconStyle><color>ff00ffff</color><scale>0.6</scale></IconStyle></Style>\n"
                       "<Style id=\"site\"><IconStyle><color>ff00ff00</color><scale>0.9</scale></IconStyle></Style>\n");
    int first = 1;
    dx_status st = DX_OK;
    for (size_t r = 0; r < sc->n_routes && st == DX_OK; r++) {
        const dx__sc_route *rt = &sc->route[r];
        route_samples s;
        st = sample_route(sc, o, r, &s);
        if (st != DX_OK)
            break;
        /* the route line */
        dx__buf_append(&g, first ? "\n" : ",\n");
        first = 0;
        dx__buf_append(&g, " {\"type\": \"Feature\", \"properties\": {\"kind\": \"route\", \"name\": \"");
        text(&g, rt->name, 0);
        dx__buf_append(&g, "\"}, \"geometry\": {\"type\": \"LineString\", \"coordinates\": [");
        dx__buf_append(&k, "<Placemark><name>");
        text(&k, rt->name, 1);
        dx__buf_append(&k, "</name><styleUrl>#route</styleUrl><LineString><coordinates>");
        for (size_t v = 0; v < rt->n_points; v++) {
            if (v)
                dx__buf_append(&g, ", ");
            coord(&g, lat0_deg, lon0_deg, rt->x_m[v], rt->y_m[v], 0);
            coord(&k, lat0_deg, lon0_deg, rt->x_m[v], rt->y_m[v], 1);
        }
        dx__buf_append(&g, "]}}");
        dx__buf_append(&k, "</coordinates></LineString></Placemark>\n");
        /* outage segments: maximal runs of outage samples (a lone sample is a point pair) */
        for (size_t j = 0; j < s.n;) {
            if (!s.outage[j]) {
                j++;
                continue;
            }
            size_t e = j;
            while (e + 1 < s.n && s.outage[e + 1])
                e++;
            size_t a = j > 0 ? j - 1 : j, z = e + 1 < s.n ? e + 1 : e;
            dx__buf_append(&g, ",\n {\"type\": \"Feature\", \"properties\": {\"kind\": \"outage\", "
                               "\"route\": \"");
            text(&g, rt->name, 0);
            dx__buf_append(&g, "\"}, \"geometry\": {\"type\": \"LineString\", \"coordinates\": [");
            dx__buf_append(&k, "<Placemark><name>outage</name><styleUrl>#outage</styleUrl>"
                               "<LineString><coordinates>");
            for (size_t q = a; q <= z; q++) {
                if (q > a)
                    dx__buf_append(&g, ", ");
                coord(&g, lat0_deg, lon0_deg, s.x[q], s.y[q], 0);
                coord(&k, lat0_deg, lon0_deg, s.x[q], s.y[q], 1);
            }
            dx__buf_append(&g, "]}}");
            dx__buf_append(&k, "</coordinates></LineString></Placemark>\n");
            j = e + 1;
        }
        /* handover points: where the serving cell changes */
        for (size_t j = 1; j < s.n; j++) {
            if (s.cell[j] == s.cell[j - 1] || s.cell[j] < 0 || s.cell[j - 1] < 0)
                continue;
            dx__buf_appendf(&g, ",\n {\"type\": \"Feature\", \"properties\": {\"kind\": "
                                "\"handover\", \"from_cell\": %d, \"to_cell\": %d}, \"geometry\": "
                                "{\"type\": \"Point\", \"coordinates\": ",
                            s.cell[j - 1], s.cell[j]);
            coord(&g, lat0_deg, lon0_deg, s.x[j], s.y[j], 0);
            dx__buf_append(&g, "}}");
            dx__buf_appendf(&k, "<Placemark><name>handover %d to %d</name><styleUrl>#handover"
                                "</styleUrl><Point><coordinates>",
                            s.cell[j - 1], s.cell[j]);
            coord(&k, lat0_deg, lon0_deg, s.x[j], s.y[j], 1);
            dx__buf_append(&k, "</coordinates></Point></Placemark>\n");
        }
        dx__route_samples_free(&s);
    }
    for (size_t j = 0; j < o->n_sites && st == DX_OK; j++) {
        dx__buf_append(&g, first ? "\n" : ",\n");
        first = 0;
        dx__buf_appendf(&g, " {\"type\": \"Feature\", \"properties\": {\"kind\": \"site\", "
                            "\"index\": %zu, \"height_m\": %g}, \"geometry\": {\"type\": \"Point\", "
                            "\"coordinates\": ",
                        j, o->sites[j].height_m);
        coord(&g, lat0_deg, lon0_deg, o->sites[j].x_m, o->sites[j].y_m, 0);
        dx__buf_append(&g, "}}");
        dx__buf_appendf(&k, "<Placemark><name>site %zu</name><styleUrl>#site</styleUrl><Point>"
                            "<coordinates>",
                        j + 1);
        coord(&k, lat0_deg, lon0_deg, o->sites[j].x_m, o->sites[j].y_m, 1);
        dx__buf_append(&k, "</coordinates></Point></Placemark>\n");
    }
    dx__buf_append(&g, "\n]}\n");
    dx__buf_append(&k, "</Document></kml>\n");
    if (st == DX_OK && (g.failed || k.failed)) {
        st = DX_ENOMEM;
        dx__set_error("out of memory writing the routes of '%s'", o->d.id);
    }
    if (st == DX_OK && geojson_path)
        st = dx__write_file_atomic(geojson_path, g.data, g.len);
    if (st == DX_OK && kml_path)
        st = dx__write_file_atomic(kml_path, k.data, k.len);
    dx__buf_dispose(&g);
    dx__buf_dispose(&k);
    return st;
}
