/* Shared by cmd_sweep.c (one process) and sweep_mpi.c (MPI driver). */
#ifndef DXCLI_SWEEP_CLI_H
#define DXCLI_SWEEP_CLI_H
#include <stddef.h>

typedef struct {
    const char *spec;
    const char *dir; /* NULL = the spec's <output dir> */
    int resume;
    int threads; /* per rank; 0 = one per core */
    int quiet;
    double rank_timeout_s; /* a rank silent this long is declared lost */
} dxcli_sweep_args;

typedef struct {
    int quiet, tty;
    double t0, last;
    size_t first_done;
} dxcli_sweep_progress;

double dxcli_sweep_now_s(void);
void dxcli_sweep_progress_init(dxcli_sweep_progress *p, int quiet);
void dxcli_sweep_progress_show(dxcli_sweep_progress *p, size_t done, size_t total, size_t failed,
                               int final);

#ifdef DXSIM_HAVE_MPI
int dxcli_sweep_mpi(const dxcli_sweep_args *a);
#endif
#endif
