/* dxsim sweep: many scenarios × variants into one table, in one process
 * (threads) or over MPI ranks (sweep_mpi.c) when launched by mpirun. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "dxcli.h"
#include "sweep_cli.h"

double dxcli_sweep_now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void dxcli_sweep_progress_init(dxcli_sweep_progress *p, int quiet)
{
    memset(p, 0, sizeof *p);
    p->quiet = quiet;
    p->tty = isatty(2);
    p->t0 = dxcli_sweep_now_s();
    p->first_done = (size_t)-1;
}

void dxcli_sweep_progress_show(dxcli_sweep_progress *p, size_t done, size_t total, size_t failed,
                               int final)
{
    if (p->quiet)
        return;
    double now = dxcli_sweep_now_s();
    if (p->first_done == (size_t)-1) {
        p->first_done = done; /* jobs a resumed journal already had */
        if (done > 0)
            fprintf(stderr, "sweep: resuming: %zu of %zu jobs already done\n", done, total);
    }
    if (!final && now - p->last < (p->tty ? 0.2 : 2.0))
        return;
    p->last = now;
    double el = now - p->t0;
    size_t ran = done - p->first_done;
    double rate = el > 0 ? (double)ran / el : 0;
    double eta = rate > 0 ? (double)(total - done) / rate : 0;
    char eta_text[32] = "ETA ?";
    if (rate > 0)
        snprintf(eta_text, sizeof eta_text, "ETA %.0f s", eta);
    fprintf(stderr, "%ssweep: %zu/%zu scenarios done (%zu failed), %.1f/s, %s%s", p->tty ? "\r" : "",
            done, total, failed, rate, eta_text, p->tty && !final ? "   " : "\n");
    fflush(stderr);
}

static void progress_cb(size_t done, size_t total, size_t failed, void *user)
{
    dxcli_sweep_progress_show(user, done, total, failed, done == total);
}

/* Launched by mpirun/srun with more than one rank? */
static int mpi_world_size(void)
{
    static const char *const vars[] = {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE", NULL};
    for (size_t i = 0; vars[i]; i++) {
        const char *v = getenv(vars[i]);
        if (v && atoi(v) > 0)
            return atoi(v);
    }
    return 1;
}

int dxcli_sweep(int argc, char **argv)
{
    dxcli_sweep_args a = {0};
    a.rank_timeout_s = 60;
    /* getopt_long like every command: "-j1", "-oDIR", "--rank-timeout=5" and
     * "-o" without a value were refused as unknown options */
    enum { OPT_RESUME = 1000, OPT_RANK_TIMEOUT };
    static const struct option longopts[] = {{"resume", no_argument, NULL, OPT_RESUME},
                                             {"rank-timeout", required_argument, NULL,
                                              OPT_RANK_TIMEOUT},
                                             {0, 0, 0, 0}};
    for (int c; (c = dxcli_getopt(argc, argv, "o:j:q", longopts)) != -1;) {
        if (c == 'o')
            a.dir = optarg;
        /* whole values (atoi/atof read "-j abc" as 0 threads and "-j 1e9" as 1) */
        else if (c == 'j') {
            if (dxcli_int(argv[0], "-j", optarg, &a.threads) != 0)
                return 2;
            if (a.threads < 0)
                return dxcli_usage_error(argv[0], "-j = %d threads (allowed: 0 = OpenMP's "
                                                  "choice, or a positive count)",
                                         a.threads);
        } else if (c == OPT_RANK_TIMEOUT) {
            if (dxcli_number(argv[0], "--rank-timeout", optarg, &a.rank_timeout_s) != 0)
                return 2;
            if (!(a.rank_timeout_s > 0))
                return dxcli_usage_error(argv[0], "--rank-timeout = %g s (allowed: > 0)",
                                         a.rank_timeout_s);
        } else if (c == OPT_RESUME)
            a.resume = 1;
        else if (c == 'q')
            a.quiet = 1;
        else
            return 2;
    }
    if (optind < argc)
        a.spec = argv[optind++];
    if (optind < argc)
        return dxcli_usage_error(argv[0], "unexpected argument '%s' (one SPEC.xml)", argv[optind]);
    if (!a.spec || a.threads < 0 || !(a.rank_timeout_s > 0)) {
        fprintf(stderr, "usage: dxsim sweep SPEC.xml [-o DIR] [--resume] [-j THREADS] [-q] "
                        "[--rank-timeout SECONDS]\n");
        return 2;
    }
    if (mpi_world_size() > 1) {
#ifdef DXSIM_HAVE_MPI
        return dxcli_sweep_mpi(&a);
#else
        fprintf(stderr, "dxsim sweep: launched as %d MPI ranks, but this dxsim was built without "
                        "MPI (configure with -DDXSIM_WITH_MPI=ON and install libopenmpi-dev)\n",
                mpi_world_size());
        return 2;
#endif
    }
    dx_sweep *sw = NULL;
    int st = dx_sweep_load(a.spec, &sw);
    if (st != DX_OK) {
        fprintf(stderr, "dxsim: %s (%s)\n", dx_last_error(), dx_status_name(st));
        return 1;
    }
    if (dxcli_output_check("sweep", a.dir ? a.dir : dx_sweep_output_dir(sw)) != 0) {
        dx_sweep_free(sw);
        return 1;
    }
    dxcli_sweep_progress prog;
    dxcli_sweep_progress_init(&prog, a.quiet);
    dx_sweep_options o;
    dx_sweep_options_init(&o, DX_SWEEP_OPTIONS_VERSION);
    o.threads = a.threads;
    o.resume = a.resume;
    o.out_dir = a.dir;
    o.progress = progress_cb;
    o.progress_user = &prog;
    size_t failed = 0;
    st = dx_sweep_run(sw, &o, &failed);
    const char *dir = a.dir ? a.dir : dx_sweep_output_dir(sw);
    if (st == DX_OK && !a.quiet)
        fprintf(stderr, "sweep: wrote %s/results.csv, %s/results.jsonl, %s/summary.md (%zu jobs, %zu failed)\n",
                dir, dir, dir, dx_sweep_job_count(sw), failed);
    dx_sweep_free(sw);
    if (st != DX_OK)
        return dxcli_fail("sweep", st);
    return 0;
}
