/* Example: run the comparison on every scenario named on the command line (or
 * the example scenarios in DIR), print the best technology and its net cost.
 *
 *   example_compare_scenarios examples/scenarios
 */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <dxsim.h>

static int compare_one(const char *path)
{
    dx_scenario *sc = NULL;
    dx_status st = dx_scenario_load(path, NULL, &sc);
    if (st != DX_OK) {
        fprintf(stderr, "%s\n", dx_last_error());
        return 1;
    }
    dx_results *res = NULL;
    st = dx_compare_run(sc, &res);
    dx_scenario_free(sc);
    if (st != DX_OK) {
        fprintf(stderr, "%s: %s\n", path, dx_last_error());
        return 1;
    }
    dx_tech_result best;
    dx_results_get(res, 0, &best);
    printf("%s\n  best: %s (%s), %.0f sites, coverage %.1f %%, net cost %.1f M JPY\n  %s\n", path,
           best.id, best.feasible ? "feasible" : "NOT feasible", best.sites,
           100 * best.coverage_ratio, best.net_cost_jpy / 1e6, best.verdict);
    dx_results_free(res);
    return 0;
}

int main(int argc, char **argv)
{
    if (dx_global_init(DX_INIT_GSL_HANDLER_OFF) != DX_OK)
        return 1;
    if (argc < 2) {
        fprintf(stderr, "usage: %s DIR | FILE.xml...\n", argv[0]);
        return 2;
    }
    int bad = 0, n = 0;
    DIR *d = opendir(argv[1]);
    if (d && argc == 2) {
        struct dirent *e;
        char path[4096];
        while ((e = readdir(d))) {
            size_t L = strlen(e->d_name);
            if (L < 4 || strcmp(e->d_name + L - 4, ".xml") != 0)
                continue;
            snprintf(path, sizeof path, "%s/%s", argv[1], e->d_name);
            bad |= compare_one(path);
            n++;
        }
        closedir(d);
    } else {
        if (d)
            closedir(d);
        for (int i = 1; i < argc; i++, n++)
            bad |= compare_one(argv[i]);
    }
    return bad || n == 0;
}
