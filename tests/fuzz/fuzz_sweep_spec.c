/* libFuzzer harness: the sweep-spec reader (dx_sweep_load_memory) and the job
 * expansion every rank performs (keys, costs, order, per-job scenario XML). */
#include <stdlib.h>
#include <string.h>
#include "fuzz_common.h"

/* Relative paths resolve against tests/data/sweep of the source tree (found from
 * __FILE__), so the seeds' scenario files exist and the expansion is reached. */
static char base_dir[4096];

static const char *sweep_base(void)
{
    if (!base_dir[0]) {
        const char *tail = "/fuzz/fuzz_sweep_spec.c";
        size_t n = strlen(__FILE__), t = strlen(tail);
        if (n > t && n - t + sizeof "/data/sweep" < sizeof base_dir) {
            memcpy(base_dir, __FILE__, n - t);
            strcpy(base_dir + (n - t), "/data/sweep");
        } else {
            strcpy(base_dir, "/nonexistent");
        }
    }
    return base_dir;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dx_sweep *sw = NULL;
    if (dx_sweep_load_memory((const char *)data, size, "fuzz.xml", sweep_base(), &sw) != DX_OK)
        return 0;
    size_t n = dx_sweep_job_count(sw);
    size_t *order = n ? malloc(n * sizeof *order) : NULL;
    if (order)
        (void)dx_sweep_job_order(sw, order);
    free(order);
    for (size_t i = 0; i < n && i < 16; i++) {
        char *xml = NULL;
        (void)dx_sweep_job_key(sw, i);
        (void)dx_sweep_job_cost(sw, i);
        if (dx_sweep_job_xml(sw, i, &xml) == DX_OK)
            dx_free(xml);
    }
    dx_sweep_free(sw);
    return 0;
}
