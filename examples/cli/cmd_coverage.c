/* dxsim coverage SCENARIO.xml [-o DIR] [--tech ID] [--res M] [--lat DEG --lon DEG] [--target R]
 * Plans sites for each candidate technology of a scenario (hexagonal layout
 * clipped to the study area, until the area-coverage target is met) and writes,
 * per technology, DIR/coverage-<id>.csv, .geojson, .kml and .png.
 * Demand classes are not yet exposed by dxsim/scenario.h, so this command plans
 * for coverage only; the library planner (dx_coverage_plan) also takes demand. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "dxcli.h"

static int num_arg(const char *what, const char *s, double *out)
{
    char *end = NULL;
    double v = strtod(s, &end);
    if (end == s || *end != '\0') {
        fprintf(stderr, "dxsim: coverage: %s = '%s' is not a number\n", what, s);
        return -1;
    }
    *out = v;
    return 0;
}

/* A route of the scenario along the planned sites: handovers, outage and
 * whether the required uplink is sustained (menu ②-3 autonomous driving). */
static int print_route(const dx_scenario *sc, size_t i, size_t n_sites, const dx_site *sites,
                       const dx_technology *t, const dx_coverage_options *o)
{
    const char *name;
    size_t n;
    const double *x, *y;
    double ul_kbps, step;
    int st = dx_scenario_route(sc, i, &name, &n, &x, &y, &ul_kbps, &step);
    dx_coverage_route_summary rs;
    if (st == DX_OK)
        st = dx_coverage_route(n_sites, sites, t, o, n, x, y, step, ul_kbps / 1e3, &rs, 0, NULL,
                               NULL, NULL, NULL, NULL);
    if (st != DX_OK)
        return st;
    printf("  route '%s': %.0f m, %zu samples, %zu handovers, %zu outage segments (%.0f m), "
           "covered %.1f %%, UL >= %.3g Mbit/s on %.1f %% (worst %.3g Mbit/s)%s\n",
           name, rs.length_m, rs.n_samples, rs.n_handovers, rs.n_outage_segments,
           rs.outage_length_m, 100 * rs.covered_ratio, ul_kbps / 1e3,
           100 * rs.ul_sustained_ratio, rs.min_rate_ul_mbps,
           rs.ul_sustained ? ": sustained" : ": NOT sustained");
    return DX_OK;
}

int dxcli_coverage(int argc, char **argv)
{
    const char *path = NULL, *dir = ".", *only = NULL;
    double res = 0.0, lat0 = 35.6812, lon0 = 139.7671, target = 0.95; /* Tokyo Station: placeholder origin */
    int have_origin = 0;
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'}, {"tech", required_argument, NULL, 't'},
        {"res", required_argument, NULL, 'r'},    {"lat", required_argument, NULL, 'a'},
        {"lon", required_argument, NULL, 'n'},    {"target", required_argument, NULL, 'g'},
        {0, 0, 0, 0}};
    for (int c; (c = dxcli_getopt(argc, argv, "o:", longopts)) != -1;) {
        if (c == 'o')
            dir = optarg;
        else if (c == 't')
            only = optarg;
        else if (c == 'r') {
            if (num_arg("--res", optarg, &res) < 0)
                return 2;
        } else if (c == 'a') {
            have_origin = 1;
            if (num_arg("--lat", optarg, &lat0) < 0)
                return 2;
        } else if (c == 'n') {
            if (num_arg("--lon", optarg, &lon0) < 0)
                return 2;
        } else if (c == 'g') {
            if (num_arg("--target", optarg, &target) < 0)
                return 2;
        } else
            return 2;
    }
    if (optind < argc)
        path = argv[optind++];
    if (!path)
        return dxcli_usage_error(argv[0], "no scenario file");
    if (optind < argc)
        return dxcli_usage_error(argv[0], "unexpected argument '%s'", argv[optind]);
    if (dxcli_mkdir_p(dir) != 0) /* -o a/b/c: parents too */
        return 1;
    dx_scenario *sc = NULL;
    int st = dx_scenario_load(path, NULL, &sc);
    if (st != DX_OK)
        return dxcli_fail("coverage", st);
    double w = 0, h = 0;
    dx_environment env;
    dx_scenario_area(sc, &w, &h, &env);
    if (res <= 0.0)
        res = (w > h ? w : h) / 200.0 > 10.0 ? (w > h ? w : h) / 200.0 : 10.0;
    dx_grid g = {0.0, 0.0, res, (size_t)(w / res + 0.999), (size_t)(h / res + 0.999)};
    printf("scenario %s: %.0f m x %.0f m (%s), grid %zu x %zu at %.3g m, coverage target %.2f\n",
           dx_scenario_name(sc), w, h, dx_environment_name(env), g.nx, g.ny, res, target);
    if (!have_origin)
        printf("maps are placed at a DEFAULT origin (%.4f N, %.4f E, Tokyo Station), not at the "
               "site: give --lat/--lon of the area's south-west corner\n",
               lat0, lon0);
    printf("coverage probability: TR 38.901 LOS/NLOS mixture of the serving cell (as `dxsim run`); "
           "best server, SINR and rates on the NLOS curve\n");
    printf("%-16s %-12s %6s %9s %9s %11s %11s\n", "technology", "model", "sites", "coverage",
           "reliable", "mean DL", "mean UL");
    int rc = 0;
    for (size_t k = 0; k < dx_scenario_technology_count(sc); k++) {
        const char *id = dx_scenario_technology_id(sc, k);
        if (only && strcmp(only, id) != 0)
            continue;
        dx_technology t;
        if ((st = dx_technology_find(id, &t)) != DX_OK) {
            rc = dxcli_fail(id, st);
            continue;
        }
        dx_coverage_options o;
        dx_coverage_options_init(&o, DX_COVERAGE_OPTIONS_VERSION);
        /* the same model, LOS/NLOS mixture, rules and required rate as `dxsim run` */
        o.model = (dx_propagation_model)dx_compare_propagation_model(env, t.bs_height_m);
        o.los_mixture = 1;
        if (dx_link_check_power_limit(&t, t.bs_tx_power_dbm, t.bs_antenna_gain_dbi,
                                      env <= DX_ENV_URBAN) != DX_OK) {
            printf("%-16s not allowed: %s\n", id, dx_last_error());
            continue;
        }
        double need_ul = 0, need_dl = 0;
        if ((st = dx_compare_planning_rates_mbps(sc, id, &need_ul, &need_dl)) != DX_OK) {
            rc = dxcli_fail(id, st);
            continue;
        }
        o.criterion = DX_COVERAGE_BY_RATE;
        o.rate_direction = DX_PHY_UL;
        o.required_rate_mbps = need_ul; /* 0 = the lowest MCS */
        if (t.subscription_only) {
            /* a carrier's sites are not known: its coverage is the operator's area map */
            printf("%-16s carrier network: coverage is the operator's (not planned here)\n", id);
            continue;
        }
        dx_plan_options po;
        dx_plan_options_init(&po, DX_PLAN_OPTIONS_VERSION);
        po.target_coverage_ratio = target;
        po.max_sites = 400;
        dx_site *sites = malloc(po.max_sites * sizeof *sites);
        dx_plan_result pr;
        st = sites ? dx_coverage_plan(&g, &t, &o, &po, 0, NULL, 0, NULL, po.max_sites, sites, &pr)
                   : DX_ENOMEM;
        if (st != DX_OK) {
            rc = dxcli_fail(id, st);
            free(sites);
            continue;
        }
        dx_coverage_assign_channels(pr.n_sites, sites, &t); /* so the maps show the channels */
        dx_coverage_result *r = NULL;
        if ((st = dx_coverage_run(&g, pr.n_sites, sites, &t, &o, &r)) != DX_OK) {
            rc = dxcli_fail(id, st);
            free(sites);
            continue;
        }
        dx_coverage_summary sm;
        dx_coverage_result_summary(r, &sm);
        printf("%-16s %-12s %6zu %8.1f%% %8.1f%% %7.2f Mb/s %7.2f Mb/s%s\n", id,
               dx_propagation_model_name(o.model), pr.n_sites, 100 * sm.coverage_ratio,
               100 * sm.coverage_reliable_ratio, sm.mean_rate_dl_mbps, sm.mean_rate_ul_mbps,
               pr.met ? "" : "  (target not met)");
        char base[1024], png[256];
        snprintf(png, sizeof png, "coverage-%s.png", id);
        const char *ext[3] = {"csv", "geojson", "kml"};
        for (int e = 0; e < 3 && st == DX_OK; e++) {
            snprintf(base, sizeof base, "%s/coverage-%s.%s", dir, id, ext[e]);
            if (e == 0)
                st = dx_coverage_write_csv(r, lat0, lon0, base);
            else if (e == 1)
                st = dx_coverage_write_geojson(r, pr.n_sites, sites, lat0, lon0, base);
            else
                st = dx_coverage_write_kml(r, DX_COVERAGE_LAYER_PROB, pr.n_sites, sites, lat0, lon0,
                                           base, png);
        }
        if (st != DX_OK)
            rc = dxcli_fail(id, st);
        for (size_t k2 = 0; k2 < dx_scenario_route_count(sc) && st == DX_OK; k2++)
            st = print_route(sc, k2, pr.n_sites, sites, &t, &o);
        if (st != DX_OK)
            rc = dxcli_fail(id, st);
        dx_coverage_result_free(r);
        free(sites);
    }
    printf("wrote %s/coverage-*.csv, .geojson, .kml, .png\n", dir);
    dx_scenario_free(sc);
    return rc;
}
