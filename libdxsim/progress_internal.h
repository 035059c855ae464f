/* Progress reports (issue 11): the C API's dx_progress_fn called from long
 * stages (grid planning, Monte Carlo) with a done ratio that only grows.
 * A stage maps its own 0..1 onto [lo, hi] of the whole run. Steps may come
 * from OpenMP worker threads: the count is atomic and the callback is called
 * under this report's own lock (a nested report has its own), never concurrently, only when the ratio grew
 * by at least 1 % (or reached hi). */
#ifndef DXSIM_PROGRESS_INTERNAL_H
#define DXSIM_PROGRESS_INTERNAL_H

#include <stddef.h>
#include "dxsim/common.h"

typedef struct dx__progress_s {
    dx_progress_fn fn; /* NULL: no reports */
    void *user;
    double lo, hi;     /* this stage's share of the run */
    size_t total;      /* steps in the stage (dx__progress_step) */
    size_t done;       /* atomic */
    double last;       /* last ratio reported (whole run) */
    char lock;         /* spin lock of this report (atomic flag; nested reports use their own) */
} dx__progress;

/** Report the stage at ratio_in_stage (0..1) of its share. */
void dx__progress_report(dx__progress *p, const char *stage, double ratio_in_stage);
/** One more of p->total steps done (thread-safe). */
void dx__progress_step(dx__progress *p, const char *stage);

#endif
