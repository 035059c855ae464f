/* Throughput of the SINR -> rate kernel (dx_phy_throughput_mbps) per technology:
 * values per second for one call on n SINR values (ladder built once per call),
 * and the cost of building the ladder (n = 1 calls).
 * usage: bench_phy [n=1000000] [repeats=5]
 * Prints "id values_per_s single_calls_per_s". */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <dxsim.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)atol(argv[1]) : 1000000;
    int repeats = argc > 2 ? atoi(argv[2]) : 5;
    dx_global_init(DX_INIT_GSL_HANDLER_OFF);
    double *sinr = malloc(n * sizeof *sinr), *out = malloc(n * sizeof *out);
    if (!sinr || !out)
        return 1;
    for (size_t i = 0; i < n; i++)
        sinr[i] = -30.0 + 70.0 * (double)i / (double)n;
    size_t nt = dx_technology_count();
    for (size_t k = 0; k < nt; k++) {
        dx_technology t;
        if (dx_technology_get(k, &t) != DX_OK)
            return 1;
        double best = 1e30, checksum = 0;
        for (int r = 0; r < repeats; r++) {
            double t0 = now_s();
            if (dx_phy_throughput_mbps(&t, DX_PHY_DL, n, sinr, out) != DX_OK)
                return 1;
            double dt = now_s() - t0;
            if (dt < best)
                best = dt;
        }
        for (size_t i = 0; i < n; i += 997)
            checksum += out[i];
        size_t m = 20000;
        double t0 = now_s();
        for (size_t i = 0; i < m; i++)
            if (dx_phy_throughput_mbps(&t, DX_PHY_DL, 1, &sinr[i % n], &out[0]) != DX_OK)
                return 1;
        double single = (double)m / (now_s() - t0);
        printf("%-14s %12.4g %12.4g   (checksum %.6g)\n", t.id, (double)n / best, single, checksum);
    }
    free(sinr);
    free(out);
    return 0;
}
