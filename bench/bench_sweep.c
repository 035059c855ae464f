/*
 * Per-scenario cost split of a sweep job, as far as the public API lets it be
 * timed (bench/bench_sweep.sh runs it; figures in docs/benchmarks.md):
 *   load      dx_scenario_load_memory of the job's XML
 *   design    dx_compare_run without <uncertainty> (plan, cost, programme, ranking)
 *   mc        dx_compare_run with it, minus design (the Monte Carlo draws)
 *   render    dx_results_render JSON
 *   write     dx_results_write (report.md, results.json, results.csv)
 *   job       dx_sweep_run_job (what a sweep pays per job, rows included)
 * and the load balance of the scheduler on this work mix: the measured job
 * times handed out in dx_sweep_job_order (largest estimated cost first) to P
 * workers, each job to the first free one; efficiency = sum / (P x makespan),
 * for P = 2 on the spec's jobs and for P = 64 on 1,741 jobs drawn cyclically
 * from them (the national sweep's shape).
 * usage: bench_sweep SPEC.xml [REPEATS]   (single thread: set OMP_NUM_THREADS=1)
 */
#define _POSIX_C_SOURCE 200809L
#include <dxsim.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* CPU time of the process, not wall time: the figures stay meaningful on a
 * machine shared with other work (run single-threaded: OMP_NUM_THREADS=1). */
static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The job's XML without its <uncertainty> block (a string edit is enough here). */
static char *without_uncertainty(const char *xml)
{
    char *copy = strdup(xml);
    char *a = strstr(copy, "<uncertainty");
    char *b = a ? strstr(a, "</uncertainty>") : NULL;
    if (a && b)
        memmove(a, b + strlen("</uncertainty>"), strlen(b + strlen("</uncertainty>")) + 1);
    return copy;
}

/* Greedy list schedule of m jobs (job j is measured job order[j % n]'s time,
 * taken in estimated-cost order) on p workers: sum / (p x makespan). */
static double balance(const double *t, const size_t *order, size_t n, size_t m, int p)
{
    double free_at[64] = {0}, sum = 0, makespan = 0;
    /* jobs in order: the cyclic copies of the largest come first as well */
    for (size_t r = 0; r < n; r++)
        for (size_t c = r; c < m; c += n) {
            double d = t[order[r]];
            int w = 0;
            for (int q = 1; q < p; q++)
                if (free_at[q] < free_at[w])
                    w = q;
            free_at[w] += d;
            sum += d;
            if (free_at[w] > makespan)
                makespan = free_at[w];
        }
    return makespan > 0 ? sum / (p * makespan) : 1.0;
}

static void check(int st, const char *what)
{
    if (st != DX_OK) {
        fprintf(stderr, "bench_sweep: %s: %s (%s)\n", what, dx_last_error(), dx_status_name(st));
        exit(1);
    }
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_sweep SPEC.xml [REPEATS]\n");
        return 2;
    }
    int repeats = argc > 2 ? atoi(argv[2]) : 1;
    dx_global_init(DX_INIT_GSL_HANDLER_OFF);
    dx_sweep *sw = NULL;
    check(dx_sweep_load(argv[1], &sw), "spec");
    char dir[] = "/tmp/dxsim-bench-sweep-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    double t_load = 0, t_design = 0, t_full = 0, t_render = 0, t_write = 0, t_job = 0;
    size_t n = dx_sweep_job_count(sw);
    double *job_times = calloc(n + 1, sizeof *job_times);
    for (int r = 0; r < repeats; r++) {
        for (size_t i = 0; i < n; i++) {
            char *xml = NULL;
            check(dx_sweep_job_xml(sw, i, &xml), "job xml");
            char *nomc = without_uncertainty(xml);
            dx_scenario *sc = NULL, *sc0 = NULL;
            dx_results *res = NULL, *res0 = NULL;
            double t0 = now_s();
            check(dx_scenario_load_memory(xml, strlen(xml), "bench.xml", NULL, &sc), "load");
            double t1 = now_s();
            check(dx_scenario_load_memory(nomc, strlen(nomc), "bench.xml", NULL, &sc0), "load");
            double t2 = now_s();
            check(dx_compare_run(sc0, &res0), "run without uncertainty");
            double t3 = now_s();
            check(dx_compare_run(sc, &res), "run with uncertainty");
            double t4 = now_s();
            char *text = NULL;
            check(dx_results_render(res, DX_REPORT_JSON, &text), "render");
            double t5 = now_s();
            char sub[96];
            snprintf(sub, sizeof sub, "%s/job", dir);
            check(dx_results_write(res, sub), "write");
            double t6 = now_s();
            char *rec = NULL;
            check(dx_sweep_run_job(sw, i, NULL, &rec), "run job");
            double t7 = now_s();
            t_load += t1 - t0;
            t_design += t3 - t2;
            t_full += t4 - t3;
            t_render += t5 - t4;
            t_write += t6 - t5;
            t_job += t7 - t6;
            job_times[i] += t7 - t6;
            dx_free(rec);
            dx_free(text);
            dx_results_free(res);
            dx_results_free(res0);
            dx_scenario_free(sc);
            dx_scenario_free(sc0);
            free(nomc);
            dx_free(xml);
        }
    }
    double k = 1.0 / ((double)n * repeats);
    double *job_s = job_times;
    double mc = t_full - t_design;
    double total = t_load + t_full + t_render + t_write;
    printf("jobs %zu x %d repeats, CPU time per job (ms):\n", n, repeats);
    printf("  load      %9.3f  %5.1f %%\n", 1e3 * t_load * k, 100 * t_load / total);
    printf("  design    %9.3f  %5.1f %%  (plan, cost, programme, ranking: run without uncertainty)\n",
           1e3 * t_design * k, 100 * t_design / total);
    printf("  mc        %9.3f  %5.1f %%  (run with uncertainty minus run without)\n", 1e3 * mc * k,
           100 * mc / total);
    printf("  render    %9.3f  %5.1f %%  (JSON)\n", 1e3 * t_render * k, 100 * t_render / total);
    printf("  write     %9.3f  %5.1f %%  (report.md, results.json, results.csv)\n", 1e3 * t_write * k,
           100 * t_write / total);
    printf("  sum       %9.3f\n", 1e3 * total * k);
    printf("  sweep job %9.3f  (dx_sweep_run_job: load + run + rows, no report)\n", 1e3 * t_job * k);
    printf("job_s %.6f\n", t_job * k);
    if (repeats > 0 && n > 0) {
        double lo = job_s[0], hi = job_s[0];
        for (size_t i = 1; i < n; i++) {
            lo = job_s[i] < lo ? job_s[i] : lo;
            hi = job_s[i] > hi ? job_s[i] : hi;
        }
        printf("job sizes: smallest %.1f ms, largest %.1f ms (%.1f x)\n", 1e3 * lo / repeats,
               1e3 * hi / repeats, hi / lo);
        size_t *order = malloc(n * sizeof *order);
        dx_sweep_job_order(sw, order);
        printf("scheduler balance (largest estimated cost first, measured job times): "
               "2 workers %.1f %%",
               100 * balance(job_s, order, n, n, 2));
        printf(", 64 workers x 1741 jobs %.1f %%\n", 100 * balance(job_s, order, n, 1741, 64));
        free(order);
    }
    free(job_times);
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "bench_sweep: could not remove %s\n", dir);
    dx_sweep_free(sw);
    return 0;
}
