/*
 * Benchmark of the whole-scenario Monte Carlo (issue 14), all in one run:
 *
 * 1. Per example scenario (every .xml in examples/scenarios, or the files given): the
 *    whole run as `dxsim run` does it (dx_compare_run, then dx_results_write
 *    of results.json, report.md/.html, CSVs) deterministic (the scenario
 *    without <uncertainty>) and with a 2,000-draw Monte Carlo whose inputs
 *    re-design the radio (demand_scale triangular 0.8/1.0/1.3 and
 *    price_scale:radio PERT 0.7/1.0/1.5, seed 7). Prints both times, their
 *    ratio (target <= 10) and the Monte Carlo's draws per second.
 * 2. Prepared vs hand loop, on farm-halow-lorawan with the same inputs: the
 *    Monte Carlo stage alone (dx__compare_uncertainty on a finished run: the
 *    draws, percentiles, tornado, P(cheapest)) against a hand-written loop over
 *    the same base design that samples the same two inputs
 *    (dx_uncertainty_sample) and re-plans every single-technology design per
 *    draw (dx__compare_tech, numbers only like a draw: no text formatted) with
 *    nothing else. 1 thread each; target <= 2.
 *
 * usage: bench_scenario_mc [draws=2000] [scenario.xml ...]
 * Prints "name value unit" lines. Times are the best of 3 (the machine is shared);
 * "first run CPU" is the first of the 3, before the memos on a DEM hold its
 * plans and terrain loss (later runs of the same loaded scenario reuse them).
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <dxsim.h>
#include "dx_internal.h"
#include "compare_internal.h"
#include "scenario_internal.h"
#ifdef _OPENMP
#include <omp.h>
#endif

#ifndef DXSIM_BENCH_SCENARIO_DIR
#define DXSIM_BENCH_SCENARIO_DIR "examples/scenarios"
#endif

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double cpu_s(void) /* CPU time of the whole process, all threads */
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void die(const char *what)
{
    fprintf(stderr, "bench_scenario_mc: %s: %s\n", what, dx_last_error());
    exit(1);
}

static void add_input(dx_scenario *sc, const char *target, const char *dist, double a, double b,
                      double c)
{
    dx__sc_uncertain *u = &sc->uncertain[sc->n_uncertain++];
    memset(u, 0, sizeof *u);
    snprintf(u->target, sizeof u->target, "%s", target);
    snprintf(u->dist, sizeof u->dist, "%s", dist);
    u->a = a;
    u->b = b;
    u->c = c;
    u->line = 1;
}

/* The scenario with the benchmark's Monte Carlo (draws > 0) or none (0). */
static dx_scenario *variant(const char *path, size_t draws)
{
    dx_scenario *sc = NULL;
    if (dx_scenario_load(path, NULL, &sc) != DX_OK)
        die(path);
    sc->n_uncertain = 0;
    if (draws) {
        add_input(sc, "demand_scale", "triangular", 0.8, 1.0, 1.3);
        add_input(sc, "price_scale:radio", "pert", 0.7, 1.0, 1.5);
        sc->mc_draws = draws;
        sc->mc_seed = 7;
    }
    return sc;
}

/* One whole run: compare and write the report files into dir; *cpu gets the
 * CPU seconds of all threads (on a loaded shared machine the wall time says
 * more about the other processes). */
static double whole_run_s(const dx_scenario *sc, const char *dir, double *cpu)
{
    double t0 = now_s(), c0 = cpu_s();
    dx_results *r = NULL;
    if (dx_compare_run(sc, &r) != DX_OK)
        die("dx_compare_run");
    if (dx_results_write(r, dir) != DX_OK)
        die("dx_results_write");
    dx_results_free(r);
    *cpu = cpu_s() - c0;
    return now_s() - t0;
}

/* Best of n; *first_cpu: the CPU time of the first run, before the memos on
 * the scenario's DEM (plans and terrain loss, docs/terrain.md §6) hold
 * anything of it: the cost a `dxsim run` process pays. */
static double best_of(int n, const dx_scenario *sc, const char *dir, double *best_cpu,
                      double *first_cpu)
{
    double best = INFINITY;
    *best_cpu = INFINITY;
    for (int i = 0; i < n; i++) {
        double c, t = whole_run_s(sc, dir, &c);
        if (i == 0)
            *first_cpu = c;
        best = t < best ? t : best;
        *best_cpu = c < *best_cpu ? c : *best_cpu;
    }
    return best;
}

static int has_suffix(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* dx_compare_run's Monte Carlo stage (compare_mc.c), timed on its own. */
dx_status dx__compare_uncertainty(dx_results *R);

/* The hand loop: same inputs, same base design, nothing but the re-plans. */
static double hand_loop_s(const dx_results *R, size_t draws, double *sink)
{
    dx_distribution dem = {DX_DIST_TRIANGULAR, 0.8, 1.0, 1.3};
    dx_distribution rad = {DX_DIST_PERT, 0.7, 1.0, 1.5};
    double t0 = now_s();
    double *v = malloc(2 * draws * sizeof *v);
    dx_scenario *sc = malloc(sizeof *sc);
    dx__tech_out *o = calloc(1, sizeof *o);
    if (!v || !sc || !o)
        die("out of memory");
    o->numbers_only = 1; /* like the draws: the numbers only, no text (like for like) */
    if (dx_uncertainty_sample(&dem, 7, draws, v) != DX_OK ||
        dx_uncertainty_sample(&rad, 8, draws, v + draws) != DX_OK)
        die("dx_uncertainty_sample");
    for (size_t d = 0; d < draws; d++) {
        *sc = R->sc;
        sc->compare_booking = 0;
        for (size_t i = 0; i < sc->n_demand; i++)
            sc->demand[i].count = fmax(1.0, round(sc->demand[i].count * v[d]));
        dx__price_scales s = {v[draws + d], 1, 1, 1, 1, NULL};
        for (size_t i = 0; i < R->n; i++) {
            const dx__tech_out *b = &R->t[i];
            if (b->mixed || !isfinite(b->res.rank_cost_jpy))
                continue;
            for (size_t k = 0; k < sc->n_tech; k++)
                if (strcmp(sc->tech[k].id, b->res.id) == 0) {
                    dx__plan_cfg cfg;
                    dx__compare_plan_cfg(sc, &s, 0, &cfg);
                    cfg.fidelity = DX_PLAN_FIDELITY_ANALYTIC;
                    if (dx__compare_tech(sc, &sc->tech[k], &cfg, &s, o) != DX_OK)
                        die("dx__compare_tech");
                    *sink += o->res.rank_cost_jpy;
                }
        }
    }
    free(o);
    free(sc);
    free(v);
    return now_s() - t0;
}

int main(int argc, char **argv)
{
    dx_global_init(DX_INIT_GSL_HANDLER_OFF);
    size_t draws = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 2000;
    char *files[64];
    size_t nf = 0;
    for (int i = 2; i < argc && nf < 64; i++)
        files[nf++] = strdup(argv[i]);
    if (nf == 0) {
        char cmd[4200];
        snprintf(cmd, sizeof cmd, "ls %s/*.xml", DXSIM_BENCH_SCENARIO_DIR);
        FILE *p = popen(cmd, "r");
        char line[4096];
        while (p && nf < 64 && fgets(line, sizeof line, p)) {
            line[strcspn(line, "\n")] = '\0';
            if (has_suffix(line, ".xml"))
                files[nf++] = strdup(line);
        }
        if (p)
            pclose(p);
        qsort(files, nf, sizeof *files, cmp_str);
    }
    char dir[] = "/tmp/bench_scenario_mc_XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    int threads = 1;
#ifdef _OPENMP
    threads = omp_get_max_threads();
#endif
    printf("# whole run (compare + report files), best of 3, %d thread(s), %zu draws\n", threads,
           draws);
    double worst_ratio = 0, worst_mc = 0, worst_cpu_ratio = 0;
    for (size_t f = 0; f < nf; f++) {
        const char *base = strrchr(files[f], '/') ? strrchr(files[f], '/') + 1 : files[f];
        dx_scenario *det = variant(files[f], 0), *mc = variant(files[f], draws);
        double cd, cm, fd, fm, td = best_of(3, det, dir, &cd, &fd), tm = best_of(3, mc, dir, &cm, &fm);
        double ratio = tm / td;
        worst_ratio = ratio > worst_ratio ? ratio : worst_ratio;
        worst_mc = tm > worst_mc ? tm : worst_mc;
        worst_cpu_ratio = cm / cd > worst_cpu_ratio ? cm / cd : worst_cpu_ratio;
        printf("%-26s wall: det %.3f s mc %.3f s mc/det %.2f, %.0f draws/s | CPU: det %.3f s "
               "mc %.3f s mc/det %.2f | first run CPU: det %.3f s mc %.3f s\n",
               base, td, tm, ratio, tm > td ? (double)draws / (tm - td) : INFINITY, cd, cm,
               cm / cd, fd, fm);
        dx_scenario_free(det);
        dx_scenario_free(mc);
    }
    printf("worst_mc_over_det %.2f ratio wall, %.2f CPU (target <= 10)\n", worst_ratio,
           worst_cpu_ratio);
    printf("worst_mc_whole_run %.3f s (target < 1)\n", worst_mc);

    /* 2. prepared vs hand loop, one thread */
    char farm[4200];
    snprintf(farm, sizeof farm, "%s/farm-halow-lorawan.xml", DXSIM_BENCH_SCENARIO_DIR);
    if (access(farm, R_OK) == 0) {
#ifdef _OPENMP
        omp_set_num_threads(1);
#endif
        dx_scenario *mc = variant(farm, draws);
        dx_results *R = NULL;
        if (dx_compare_run(mc, &R) != DX_OK)
            die("dx_compare_run");
        double best_mc = INFINITY, best_hand = INFINITY, sink = 0;
        for (int rep = 0; rep < 3; rep++) {
            double t0 = now_s();
            if (dx__compare_uncertainty(R) != DX_OK)
                die("dx__compare_uncertainty");
            double t = now_s() - t0;
            best_mc = t < best_mc ? t : best_mc;
            t = hand_loop_s(R, draws, &sink);
            best_hand = t < best_hand ? t : best_hand;
        }
        printf("# farm-halow-lorawan, 1 thread, %zu draws (sink %g)\n", draws, sink);
        printf("scenario_mc_stage %.3f s  %.0f draws/s\n", best_mc, (double)draws / best_mc);
        printf("hand_loop %.3f s  %.0f draws/s\n", best_hand, (double)draws / best_hand);
        printf("prepared_over_hand_loop %.2f ratio (target <= 2)\n", best_mc / best_hand);
        dx_results_free(R);
        dx_scenario_free(mc);
    }
    for (size_t f = 0; f < nf; f++)
        free(files[f]);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "bench_scenario_mc: could not remove %s\n", dir);
    return 0;
}
