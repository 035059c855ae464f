/* libFuzzer harness: the cost-plan CSV reader of `dxsim programme`
 * (dx_programme_items_parse_csv), then the rules engine on what it accepted. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dx_cost_item items[64];
    size_t n = 0;
    int st = dx_programme_items_parse_csv((const char *)data, size, "fuzz.csv", 64, items, &n);
    if (st != DX_OK)
        return 0;
    dx_applicant a;
    dx_programme_applicant_init(&a);
    dx_programme_result *r = NULL;
    if (dx_programme_evaluate("r7-2-1", n, items, &a, &r) == DX_OK)
        dx_programme_result_free(r);
    return 0;
}
