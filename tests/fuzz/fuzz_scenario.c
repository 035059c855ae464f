/* libFuzzer harness: the scenario XML reader (dx_scenario_load_memory), then
 * the accessors a caller uses on a loaded scenario. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dx_scenario *sc = NULL;
    if (dx_scenario_load_memory((const char *)data, size, "fuzz.xml", NULL, &sc) != DX_OK)
        return 0;
    double w = 0, h = 0;
    dx_environment env;
    dx_scenario_area(sc, &w, &h, &env);
    (void)dx_scenario_name(sc);
    for (size_t i = 0; i < dx_scenario_technology_count(sc); i++)
        (void)dx_scenario_technology_id(sc, i);
    (void)dx_scenario_demand_count(sc);
    dx_scenario_free(sc);
    return 0;
}
