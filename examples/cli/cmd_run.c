/* dxsim demo / run / validate: the main job. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "dxcli.h"

/* -o/--output DIR, -q/--quiet, --lang ja|en, --no-map, --max-replans N
 * (dxcli_getopt); returns the index of the first operand, or -1 after printing
 * the error. */
static int parse_out(int argc, char **argv, const char **dir, int *quiet, dx_report_options *ro,
                     dx_compare_run_options *co)
{
    static const struct option longopts[] = {{"output", required_argument, NULL, 'o'},
                                             {"quiet", no_argument, NULL, 'q'},
                                             {"lang", required_argument, NULL, 'L'},
                                             {"no-map", no_argument, NULL, 'M'},
                                             {"max-replans", required_argument, NULL, 'R'},
                                             {0, 0, 0, 0}};
    dx_report_options_init(ro, DX_REPORT_OPTIONS_VERSION);
    dx_compare_run_options_init(co, DX_COMPARE_RUN_OPTIONS_VERSION);
    for (int c; (c = dxcli_getopt(argc, argv, "o:q", longopts)) != -1;) {
        if (c == 'o')
            *dir = optarg;
        else if (c == 'q')
            *quiet = 1;
        else if (c == 'M')
            ro->html_map = 0;
        else if (c == 'R') {
            double v;
            if (dxcli_number(argv[0], "--max-replans", optarg, &v) != 0)
                return -1;
            if (!(v >= 0 && v <= 1e15 && v == floor(v))) {
                dxcli_usage_error(argv[0], "--max-replans = %s re-plans (allowed: a whole number "
                                           "0 .. 1e15; 0 = no bound)", optarg);
                return -1;
            }
            co->max_mc_replans = (size_t)v;
        }
        else if (c == 'L' && strcmp(optarg, "ja") == 0)
            ro->lang = DX_REPORT_LANG_JA;
        else if (c == 'L' && strcmp(optarg, "en") == 0)
            ro->lang = DX_REPORT_LANG_EN;
        else if (c == 'L') {
            dxcli_usage_error(argv[0], "--lang '%s' (allowed: ja, en)", optarg);
            return -1;
        } else
            return -1;
    }
    return optind;
}

static int run_and_report(dx_scenario *sc, const char *dir, int quiet, const dx_report_options *ro,
                          const dx_compare_run_options *co)
{
    dx_results *res = NULL;
    dx_compare_run_options o = *co; /* the caller's bound, plus this run's progress line */
    if (!quiet && isatty(STDERR_FILENO)) /* a log file gets no  lines */
        o.progress_fn = dxcli_progress_line;
    int st = dx_compare_run_ex(sc, &o, &res);
    if (st != DX_OK) {
        dx_scenario_free(sc);
        return dxcli_fail("comparison", st);
    }
    char *text = NULL;
    st = dx_results_render(res, DX_REPORT_TEXT, &text);
    if (st == DX_OK && !quiet)
        fputs(text, stdout);
    dx_free(text);
    if (st == DX_OK && dxcli_mkdir_p(dir) != 0) /* -o a/b/c: parents too */
        st = DX_EIO;
    if (st == DX_OK)
        st = dx_results_write_opts(res, dir, ro);
    dx_results_free(res);
    dx_scenario_free(sc);
    if (st != DX_OK)
        return dxcli_fail("report", st);
    if (!quiet)
        printf("\nwrote %s/report.md, %s/report.html, %s/results.json, %s/results.csv, "
               "%s/items.csv, %s/cashflows.csv\n",
               dir, dir, dir, dir, dir, dir);
    return 0;
}

int dxcli_demo(int argc, char **argv)
{
    const char *dir = "dxsim-demo";
    int quiet = 0;
    dx_report_options ro;
    dx_compare_run_options co;
    int first = parse_out(argc, argv, &dir, &quiet, &ro, &co);
    if (first < 0)
        return 2;
    if (first < argc)
        return dxcli_usage_error(argv[0], "unexpected argument '%s'", argv[first]);
    if (dxcli_output_check("demo", dir) != 0) /* a bad -o fails now, not after the run */
        return 1;
    dx_scenario *sc = NULL;
    int st = dx_scenario_demo(&sc);
    if (st != DX_OK)
        return dxcli_fail("demo scenario", st);
    return run_and_report(sc, dir, quiet, &ro, &co);
}

int dxcli_run(int argc, char **argv)
{
    const char *dir = "dxsim-out";
    int quiet = 0;
    dx_report_options ro;
    dx_compare_run_options co;
    int first = parse_out(argc, argv, &dir, &quiet, &ro, &co);
    if (first < 0)
        return 2;
    if (first >= argc)
        return dxcli_usage_error(argv[0], "no scenario file");
    if (dxcli_output_check("run", dir) != 0) /* a bad -o fails now, not after the run */
        return 1;
    /* several scenarios: DIR/<stem>/ each; one failing does not stop the others */
    int rc = 0;
    for (int i = first; i < argc; i++) {
        const char *file = argv[i];
        char sub[4096], stem[256];
        if (argc - first > 1)
            snprintf(sub, sizeof sub, "%s/%s", dir, dxcli_stem(file, stem, sizeof stem));
        else
            snprintf(sub, sizeof sub, "%s", dir);
        dx_scenario *sc = NULL;
        int st = dx_scenario_load(file, NULL, &sc);
        if (st != DX_OK) {
            fprintf(stderr, "dxsim: %s (%s)\n", dx_last_error(), dx_status_name(st));
            rc = 1;
            continue;
        }
        if (run_and_report(sc, sub, quiet, &ro, &co) != 0)
            rc = 1;
    }
    return rc;
}

int dxcli_validate(int argc, char **argv)
{
    if (dxcli_getopt(argc, argv, "", NULL) != -1)
        return 2;
    if (optind >= argc)
        return dxcli_usage_error(argv[0], "no scenario file");
    int rc = 0;
    for (int i = optind; i < argc; i++) {
        dx_scenario *sc = NULL;
        int st = dx_scenario_load(argv[i], NULL, &sc);
        if (st == DX_OK && (st = dx_compare_check(sc)) != DX_OK) /* the checks `run` makes */
            dx_scenario_free(sc);
        if (st != DX_OK) {
            fprintf(stderr, "dxsim: %s (%s)\n", dx_last_error(), dx_status_name(st));
            rc = 1;
            continue;
        }
        printf("%s: valid (%zu demand classes, %zu technologies)\n", argv[i],
               dx_scenario_demand_count(sc), dx_scenario_technology_count(sc));
        dx_scenario_free(sc);
    }
    return rc;
}

int dxcli_demo_xml(int argc, char **argv)
{
    if (dxcli_getopt(argc, argv, "", NULL) != -1)
        return 2;
    if (optind < argc)
        return dxcli_usage_error(argv[0], "unexpected argument '%s'", argv[optind]);
    fputs(dx_scenario_demo_xml(), stdout);
    return 0;
}
