/* dxsim coverage SCENARIO.xml [-o DIR] [--tech ID] [--fidelity grid|analytic] [--res M]
 *                             [--lat DEG --lon DEG] [--map-width PX] [--geotiff] [-q]
 * The scenario's design from the planning stage (dx_compare_plan: the same
 * design `dxsim run` costs), checked on the grid, with per technology
 * DIR/coverage-<id>.csv, .geojson, .kml and .png and the routes of the
 * scenario checked sample by sample along the planned sites. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "dxcli.h"

/* Route k as the plan checked it along technology i's sites: handovers,
 * outage and whether the required uplink is sustained (menu ②-3). */
static int print_route(const dx_scenario *sc, const dx_plan *plan, size_t i, size_t k)
{
    const char *name;
    double ul_kbps;
    dx_coverage_route_summary rs;
    int st = dx_scenario_route(sc, k, &name, NULL, NULL, NULL, &ul_kbps, NULL);
    if (st == DX_OK)
        st = dx_plan_route(plan, i, k, &rs);
    if (st != DX_OK)
        return st;
    printf("  route '%s': %.0f m, %zu samples, %zu handovers, %zu outage segments (%.0f m), "
           "covered %.1f %%, UL on %.1f %% of samples (worst %.3g Mbit/s)%s\n",
           name, rs.length_m, rs.n_samples, rs.n_handovers, rs.n_outage_segments,
           rs.outage_length_m, 100 * rs.covered_ratio, 100 * rs.ul_sustained_ratio,
           rs.min_rate_ul_mbps, rs.ul_sustained ? ": sustained" : ": NOT sustained");
    return DX_OK;
}

int dxcli_coverage(int argc, char **argv)
{
    const char *path = NULL, *dir = ".", *only = NULL;
    /* ASSUMED default origin (Tokyo Station) when neither the scenario nor --lat/--lon
     * places the area; the output says so */
    double res = 0.0, lat0 = 35.6812, lon0 = 139.7671, map_w = 0.0;
    int have_lat = 0, have_lon = 0, fidelity = -1, geotiff = 0, quiet = 0;
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'}, {"tech", required_argument, NULL, 't'},
        {"res", required_argument, NULL, 'r'},    {"lat", required_argument, NULL, 'a'},
        {"lon", required_argument, NULL, 'n'},    {"fidelity", required_argument, NULL, 'f'},
        {"map-width", required_argument, NULL, 'w'}, {"geotiff", no_argument, NULL, 'g'},
        {"quiet", no_argument, NULL, 'q'},        {0, 0, 0, 0}};
    for (int c; (c = dxcli_getopt(argc, argv, "o:q", longopts)) != -1;) {
        if (c == 'o')
            dir = optarg;
        else if (c == 't')
            only = optarg;
        else if (c == 'f') {
            if (strcmp(optarg, "grid") == 0)
                fidelity = DX_PLAN_FIDELITY_GRID;
            else if (strcmp(optarg, "analytic") == 0)
                fidelity = DX_PLAN_FIDELITY_ANALYTIC;
            else
                return dxcli_usage_error(argv[0], "--fidelity = '%s' (allowed: grid, analytic)",
                                         optarg);
        } else if (c == 'r') {
            if (dxcli_number(argv[0], "--res", optarg, &res) < 0)
                return 2;
        } else if (c == 'a') {
            have_lat = 1;
            if (dxcli_number(argv[0], "--lat", optarg, &lat0) < 0)
                return 2;
        } else if (c == 'n') {
            have_lon = 1;
            if (dxcli_number(argv[0], "--lon", optarg, &lon0) < 0)
                return 2;
        } else if (c == 'w') {
            if (dxcli_number(argv[0], "--map-width", optarg, &map_w) < 0)
                return 2;
            if (!(map_w >= 400 && map_w <= 8000))
                return dxcli_usage_error(argv[0], "--map-width = %s px (allowed 400 .. 8000)", optarg);
        } else if (c == 'g')
            geotiff = 1;
        else if (c == 'q')
            quiet = 1;
        else
            return 2;
    }
    if (optind < argc)
        path = argv[optind++];
    if (!path)
        return dxcli_usage_error(argv[0], "no scenario file");
    if (optind < argc)
        return dxcli_usage_error(argv[0], "unexpected argument '%s'", argv[optind]);
    if (have_lat != have_lon)
        return dxcli_usage_error(argv[0], "give both --lat and --lon, or neither");
    /* checked before anything is computed: --lat=nan was taken (strtod) and the
     * CSVs were written before the GeoJSON writer refused it, leaving a partial set */
    if (have_lat && !(fabs(lat0) < 89.0 && fabs(lon0) <= 180.0))
        return dxcli_usage_error(argv[0], "--lat = %g, --lon = %g degrees (allowed |lat| < 89, "
                                          "|lon| <= 180)", lat0, lon0);
    if (dxcli_output_check("coverage", dir) != 0 || dxcli_mkdir_p(dir) != 0) /* -o a/b/c too */
        return 1;
    dx_scenario *sc = NULL;
    int st = dx_scenario_load(path, NULL, &sc);
    if (st != DX_OK)
        return dxcli_fail("coverage", st);
    double w = 0, h = 0;
    dx_environment env;
    dx_scenario_area(sc, &w, &h, &env);
    /* --res against the map grid's pixel bound before the plan is computed:
     * --res=1e-9 planned every technology, printed the table, refused every map
     * and then said "wrote coverage-*.csv ..." over an empty folder */
    if (res > 0) {
        const double px = ceil(w / res - 0.001) * ceil(h / res - 0.001);
        if (!(px <= (double)DX_COVERAGE_DEFAULT_MAX_PIXELS)) {
            const double min_res = sqrt(w * h / (double)DX_COVERAGE_DEFAULT_MAX_PIXELS);
            dx_scenario_free(sc);
            return dxcli_usage_error(argv[0],
                                     "--res = %g m gives %.3g pixels over the %.0f m x %.0f m "
                                     "area (allowed up to %.0f pixels, DX_COVERAGE_DEFAULT_MAX_"
                                     "PIXELS: --res >= %.3g m)",
                                     res, px, w, h, (double)DX_COVERAGE_DEFAULT_MAX_PIXELS,
                                     min_res * 1.001);
        }
    }
    dx_plan_run_options po;
    dx_plan_run_options_init(&po, DX_PLAN_RUN_OPTIONS_VERSION);
    po.fidelity = fidelity;
    po.grid_resolution_m = res;
    po.only_tech = only;
    if (!quiet && isatty(STDERR_FILENO))
        po.progress_fn = dxcli_progress_line;
    /* where the maps go: --lat/--lon, else the scenario's <area lat_deg lon_deg>,
     * else the ASSUMED default (said below) */
    int origin_from = 2; /* 0 options, 1 scenario, 2 assumed */
    if (have_lat)
        origin_from = 0;
    else if (dx_scenario_origin(sc, &lat0, &lon0) == DX_OK)
        origin_from = 1;
    else {
        lat0 = 35.6812;
        lon0 = 139.7671;
    }
    dx_plan *plan = NULL;
    if ((st = dx_compare_plan(sc, &po, &plan)) != DX_OK) {
        dx_scenario_free(sc);
        return dxcli_fail("coverage", st);
    }
    /* The fidelity the plan used (the scenario's <plan fidelity> unless
     * --fidelity says otherwise): `dxsim run` costs the scenario's own, so the
     * header says so only when the two are the same plan. */
    dx_plan_tech d0;
    int used = fidelity;
    if (used < 0 && dx_plan_count(plan) > 0 && dx_plan_get(plan, 0, &d0) == DX_OK)
        used = (int)d0.fidelity;
    if (fidelity < 0)
        printf("scenario %s: %.0f m x %.0f m (%s), %s fidelity (the scenario's <plan>): the "
               "design `dxsim run` costs\n",
               dx_scenario_name(sc), w, h, dx_environment_name(env),
               dx_plan_fidelity_name((dx_plan_fidelity)used));
    else
        printf("scenario %s: %.0f m x %.0f m (%s), %s fidelity (--fidelity): `dxsim run` costs "
               "the design of the scenario's own <plan fidelity>, which may place other sites\n",
               dx_scenario_name(sc), w, h, dx_environment_name(env),
               dx_plan_fidelity_name((dx_plan_fidelity)used));
    if (origin_from == 2)
        printf("NOTE: the scenario has no location (<area lat_deg lon_deg>): maps are placed at "
               "an ASSUMED origin (%.4f N, %.4f E, Tokyo Station), not at the site; give "
               "--lat/--lon of the area's south-west corner or add the location\n",
               lat0, lon0);
    else
        printf("maps placed with the area's south-west corner at %.6f N, %.6f E (%s)\n", lat0,
               lon0, origin_from == 0 ? "--lat/--lon" : "scenario");
    printf("coverage probability: TR 38.901 LOS/NLOS mixture of the serving cell; best server, "
           "SINR and rates on the NLOS curve\n");
    printf("coverage: the design's, as `dxsim run` reports and costs it; map grid, reliable and "
           "rates: the same design on the maps' grid below\n");
    printf("%-16s %-12s %6s %6s %9s %9s %9s %11s %11s  %s\n", "technology", "model", "width",
           "sites", "coverage", "map grid", "reliable", "mean DL", "mean UL", "verdict");
    int rc = 0;
    size_t n_written = 0; /* technologies whose maps were all written */
    for (size_t k = 0; k < dx_plan_count(plan); k++) {
        dx_plan_tech d;
        dx_technology t;
        dx_plan_get(plan, k, &d);
        dx_plan_technology(plan, k, &t);
        if (t.subscription_only) {
            printf("%-16s %-12s %6s %6s %8.1f%%  carrier network: coverage is the operator's "
                   "(not planned here)\n",
                   d.id, "carrier", "-", "-", 100 * d.coverage_ratio);
            continue;
        }
        for (size_t n = 0; n < dx_plan_note_count(plan, k); n++) {
            const char *note = dx_plan_note(plan, k, n);
            if (strncmp(note, "WARNING", 7) == 0 || strncmp(note, "terrain:", 8) == 0 ||
                strncmp(note, "calibration applied", 19) == 0)
                printf("  %s: %s\n", d.id, note);
        }
        size_t n_sites = 0;
        dx_plan_sites(plan, k, 0, NULL, &n_sites);
        if (!d.legal || n_sites == 0) {
            printf("%-16s %-12s %4g MHz %6zu %9s %9s %11s %11s  %s\n", d.id, d.propagation_model,
                   d.bw_hz / 1e6, d.sites, "-", "-", "-", "-", d.verdict);
            continue;
        }
        dx_site *sites = malloc(n_sites * sizeof *sites);
        dx_coverage_options o;
        st = sites ? dx_plan_sites(plan, k, n_sites, sites, &n_sites) : DX_ENOMEM;
        if (st == DX_OK)
            st = dx_plan_coverage_options(plan, k, &o);
        double r_px = res > 0 ? res : ((w > h ? w : h) / 200.0 > 10.0 ? (w > h ? w : h) / 200.0 : 10.0);
        dx_grid g = {0.0, 0.0, r_px, (size_t)(w / r_px + 0.999), (size_t)(h / r_px + 0.999)};
        dx_coverage_result *r = NULL;
        if (st == DX_OK)
            st = dx_coverage_assign_channels(n_sites, sites, &t); /* so the maps show the channels */
        if (st == DX_OK)
            st = dx_coverage_run(&g, n_sites, sites, &t, &o, &r);
        if (st != DX_OK) {
            rc = dxcli_fail(d.id, st);
            free(sites);
            continue;
        }
        dx_coverage_summary sm;
        dx_coverage_result_summary(r, &sm);
        printf("%-16s %-12s %4g MHz %6zu %8.1f%% %8.1f%% %8.1f%% %6.2f Mb/s %6.2f Mb/s  %s\n",
               d.id, d.propagation_model, d.bw_hz / 1e6, d.sites, 100 * d.coverage_ratio,
               100 * sm.coverage_ratio, 100 * sm.coverage_reliable_ratio, sm.mean_rate_dl_mbps,
               sm.mean_rate_ul_mbps, d.feasible ? "feasible" : d.verdict);
        /* the maps' grid is finer than a grid plan's, or checks an analytic
         * one: a design `run` calls feasible that misses the scenario's area
         * target there is what the proposal must not miss (the feasible
         * column stays run's verdict). A corridor design (route classes only)
         * is judged along its routes, not over the area. */
        double target = 0.0;
        dx_scenario_target_area_ratio(sc, &target);
        if (d.feasible && d.sites_area > 0 && sm.coverage_ratio < target)
            printf("  %s: WARNING: on the maps' %g m grid the design covers %.1f %% of the area, "
                   "below the scenario's target %.1f %% (`dxsim run` reports %.1f %%, %s "
                   "fidelity); check the design with <plan fidelity=\"grid\"> and a finer "
                   "grid_resolution_m before the proposal relies on it\n",
                   d.id, r_px, 100 * sm.coverage_ratio, 100 * target, 100 * d.coverage_ratio,
                   dx_plan_fidelity_name(d.fidelity));
        char base[1024], png[256];
        snprintf(png, sizeof png, "coverage-%s.png", d.id);
        const char *ext[3] = {"csv", "geojson", "kml"};
        for (int e = 0; e < 3 && st == DX_OK; e++) {
            snprintf(base, sizeof base, "%s/coverage-%s.%s", dir, d.id, ext[e]);
            if (e == 0)
                st = dx_coverage_write_csv(r, lat0, lon0, base);
            else if (e == 1)
                st = dx_coverage_write_geojson(r, n_sites, sites, lat0, lon0, base);
            else
                st = dx_coverage_write_kml(r, DX_COVERAGE_LAYER_PROB, n_sites, sites, lat0, lon0,
                                           base, png);
        }
        if (st == DX_OK) {
            snprintf(base, sizeof base, "%s/map-%s.png", dir, d.id);
            st = dx_plan_write_map_png(plan, k, (int)map_w, base);
        }
        for (size_t k2 = 0; k2 < d.n_routes && st == DX_OK; k2++)
            st = print_route(sc, plan, k, k2);
        if (st == DX_OK && d.n_routes) {
            char gj[1024], km[1024];
            snprintf(gj, sizeof gj, "%s/routes-%s.geojson", dir, d.id);
            snprintf(km, sizeof km, "%s/routes-%s.kml", dir, d.id);
            st = dx_plan_write_routes(plan, k, lat0, lon0, gj, km);
        }
        /* last: a GeoTIFF that cannot be written (no GDAL) costs the run no other file */
        if (st == DX_OK && geotiff) {
            snprintf(base, sizeof base, "%s/coverage-%s.tif", dir, d.id);
            st = dx_coverage_write_geotiff(r, DX_COVERAGE_LAYER_PROB, lat0, lon0, base);
        }
        if (st != DX_OK)
            rc = dxcli_fail(d.id, st);
        else
            n_written++;
        dx_coverage_result_free(r);
        free(sites);
    }
    if (n_written == 0) {
        fprintf(stderr, "dxsim coverage: no map written (no technology was mapped)\n");
        dx_plan_free(plan);
        dx_scenario_free(sc);
        return rc ? rc : 1;
    }
    printf("wrote %s/coverage-*.csv, .geojson, .kml, .png%s, map-*.png%s\n", dir,
           geotiff ? ", .tif" : "",
           dx_scenario_route_count(sc) ? " and routes-*.geojson, .kml (route, outage segments, "
                                         "handover points, sites)" : "");
    dx_plan_free(plan);
    dx_scenario_free(sc);
    return rc;
}
