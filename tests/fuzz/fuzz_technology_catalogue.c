/* libFuzzer harness: the technology catalogue reader (technologies.txt
 * format), through the internal dx__technology_parse_catalogue of the static
 * twin (the public API only reads the embedded copy). */
#include "fuzz_common.h"
#include "dx_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t n = 0;
    (void)dx__technology_parse_catalogue((const char *)data, size, &n);
    return 0;
}
