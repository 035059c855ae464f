/* Shared start-up of the libFuzzer harnesses: GSL must not abort. */
#ifndef DXSIM_FUZZ_COMMON_H
#define DXSIM_FUZZ_COMMON_H
#include <stddef.h>
#include <stdint.h>
#include <dxsim.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return dx_global_init(DX_INIT_GSL_HANDLER_OFF) == DX_OK ? 0 : 1;
}
#endif
