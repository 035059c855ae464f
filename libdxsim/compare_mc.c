/* Monte Carlo wrapper of the comparison (uncertainty module). */
#define _GNU_SOURCE
#include "dx_internal.h"
#include "compare_internal.h"

dx_status dx__compare_uncertainty(dx_results *R)
{
    (void)R;
    return DX_OK;
}
