/* Progress reports (progress_internal.h). */
#include <math.h>
#include "dx_internal.h"
#include "progress_internal.h"


void dx__progress_report(dx__progress *p, const char *stage, double r)
{
    if (!p || !p->fn)
        return;
    if (!(r >= 0.0))
        r = 0.0;
    if (r > 1.0)
        r = 1.0;
    double v = p->lo + r * (p->hi - p->lo);
    while (__atomic_test_and_set(&p->lock, __ATOMIC_ACQUIRE))
        ; /* another thread is reporting: calls are short */
    {
        /* only forward, at most every 1 % (and always the stage's end) */
        if (v > p->last && (v - p->last >= 0.01 || v >= p->hi || p->last < 0.0)) {
            p->last = v;
            p->fn(p->user, stage, v);
        }
    }
    __atomic_clear(&p->lock, __ATOMIC_RELEASE);
}

void dx__progress_step(dx__progress *p, const char *stage)
{
    if (!p || !p->fn || p->total == 0)
        return;
    size_t d = __atomic_add_fetch(&p->done, 1, __ATOMIC_RELAXED);
    dx__progress_report(p, stage, (double)d / (double)p->total);
}
