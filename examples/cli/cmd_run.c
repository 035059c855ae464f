/* dxsim demo / run / validate: the main job. */
#include <stdio.h>
#include <string.h>
#include "dxcli.h"

static int parse_out(int argc, char **argv, int first, const char **file, const char **dir,
                     int *quiet)
{
    for (int i = first; i < argc; i++) {
        if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
            *dir = argv[++i];
        else if (strcmp(argv[i], "-q") == 0)
            *quiet = 1;
        else if (argv[i][0] == '-') {
            fprintf(stderr, "dxsim %s: unknown option '%s'\n", argv[0], argv[i]);
            return -1;
        } else if (file && !*file)
            *file = argv[i];
        else {
            fprintf(stderr, "dxsim %s: unexpected argument '%s'\n", argv[0], argv[i]);
            return -1;
        }
    }
    return 0;
}

static int run_and_report(dx_scenario *sc, const char *dir, int quiet)
{
    dx_results *res = NULL;
    int st = dx_compare_run(sc, &res);
    if (st != DX_OK) {
        dx_scenario_free(sc);
        return dxcli_fail("comparison", st);
    }
    char *text = NULL;
    st = dx_results_render(res, DX_REPORT_TEXT, &text);
    if (st == DX_OK && !quiet)
        fputs(text, stdout);
    dx_free(text);
    if (st == DX_OK)
        st = dx_results_write(res, dir);
    dx_results_free(res);
    dx_scenario_free(sc);
    if (st != DX_OK)
        return dxcli_fail("report", st);
    if (!quiet)
        printf("\nwrote %s/report.md, %s/results.json, %s/results.csv\n", dir, dir, dir);
    return 0;
}

int dxcli_demo(int argc, char **argv)
{
    const char *dir = "dxsim-demo";
    int quiet = 0;
    if (parse_out(argc, argv, 1, NULL, &dir, &quiet) != 0)
        return 2;
    dx_scenario *sc = NULL;
    int st = dx_scenario_demo(&sc);
    if (st != DX_OK)
        return dxcli_fail("demo scenario", st);
    return run_and_report(sc, dir, quiet);
}

int dxcli_run(int argc, char **argv)
{
    const char *file = NULL, *dir = "dxsim-out";
    int quiet = 0;
    if (parse_out(argc, argv, 1, &file, &dir, &quiet) != 0)
        return 2;
    if (!file) {
        fprintf(stderr, "usage: dxsim run SCENARIO.xml [-o DIR] [-q]\n");
        return 2;
    }
    dx_scenario *sc = NULL;
    int st = dx_scenario_load(file, NULL, &sc);
    if (st != DX_OK) {
        fprintf(stderr, "dxsim: %s (%s)\n", dx_last_error(), dx_status_name(st));
        return 1;
    }
    return run_and_report(sc, dir, quiet);
}

int dxcli_validate(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: dxsim validate SCENARIO.xml\n");
        return 2;
    }
    dx_scenario *sc = NULL;
    int st = dx_scenario_load(argv[1], NULL, &sc);
    if (st != DX_OK) {
        fprintf(stderr, "dxsim: %s (%s)\n", dx_last_error(), dx_status_name(st));
        return 1;
    }
    printf("%s: valid (%zu demand classes, %zu technologies)\n", argv[1],
           dx_scenario_demand_count(sc), dx_scenario_technology_count(sc));
    dx_scenario_free(sc);
    return 0;
}

int dxcli_demo_xml(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs(dx_scenario_demo_xml(), stdout);
    return 0;
}
