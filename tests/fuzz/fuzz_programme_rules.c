/* libFuzzer harness: the programme rule-file reader (programme-r7.txt format)
 * and the rules engine reading its values, through the internal
 * dx__programme_evaluate_text of the static twin, on a fixed small cost plan. */
#include <string.h>
#include "fuzz_common.h"
#include "dx_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char plan[] = "name,category,procurement,role,unit_price_jpy,quantity,months\n"
                               "gNB lease,lease,lease,network,300000,1,6\n"
                               "sensor,equipment,purchase,solution,99999,4,\n"
                               "labour,construction,service,network,2385000,1,\n";
    dx_cost_item items[8];
    size_t n = 0;
    if (dx_programme_items_parse_csv(plan, sizeof plan - 1, "plan", 8, items, &n) != DX_OK)
        __builtin_trap(); /* the fixed plan is valid */
    static const char *const menus[] = {"r7-2-1", "r7-3", "r7-1-1"};
    dx_applicant a;
    dx_programme_applicant_init(&a);
    dx_programme_result *r = NULL;
    const char *menu = menus[size ? data[0] % 3 : 0];
    if (dx__programme_evaluate_text((const char *)data, size, menu, n, items, &a, &r) == DX_OK) {
        dx_programme_totals t;
        dx_programme_result_totals(r, &t);
        dx_programme_result_free(r);
    }
    return 0;
}
