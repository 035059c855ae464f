/* Monte Carlo throughput of the 5-year cost + NPV model in C alone, including
 * the sampling of the 10 triangular inputs (xoshiro256+ and inverse CDF):
 *   kernel : dx_cost_npv_draws_jpy on chunks of draws
 *   engine : per draw, dx_cost_cash_flows_jpy on modified items + dx_finance_npv_jpy
 * Same model as bench/bench_cost.py (which also runs the numpy baseline and
 * prints the C / numpy ratio). Run: build-cost/bench/bench_cost [draws] */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <dxsim.h>

#define N_PRICE 9
#define CHUNK 8192
static const char *price_inputs[N_PRICE] = {"l5g.bs.outdoor", "l5g.ru.sector", "l5g.core.cloud",
                                            "l5g.cpe", "site.pole_civil", "install.outdoor",
                                            "backhaul.fibre", "electricity", "maintenance.ratio"};

static uint64_t s4[4] = {0x9E3779B97F4A7C15u, 0xD1B54A32D192ED03u, 0x8CB92BA72F3D8DD7u, 0x2385u};
static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
static inline double uniform(void) /* xoshiro256+ -> [0, 1) */
{
    uint64_t r = s4[0] + s4[3], t = s4[1] << 17;
    s4[2] ^= s4[0];
    s4[3] ^= s4[1];
    s4[1] ^= s4[2];
    s4[0] ^= s4[3];
    s4[2] ^= t;
    s4[3] = rotl(s4[3], 45);
    return (double)(r >> 11) * 0x1.0p-53;
}
static inline double triangular(double lo, double mode, double hi)
{
    double u = uniform(), f = (mode - lo) / (hi - lo);
    return u < f ? lo + sqrt(u * (hi - lo) * (mode - lo)) : hi - sqrt((1 - u) * (hi - lo) * (hi - mode));
}
static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

int main(int argc, char **argv)
{
    size_t draws = argc > 1 ? (size_t)atol(argv[1]) : 2000000;
    dx_global_init(DX_INIT_GSL_HANDLER_OFF);
    dx_technology t;
    dx_cost_design d;
    dx_cost_design_init(&d, DX_COST_DESIGN_VERSION);
    d.n_sites = 3;
    d.sectors_per_site = 3;
    d.n_devices = 200;
    d.n_solution_devices = 20;
    d.n_edge_servers = 1;
    d.outdoor = 1;
    dx_cost_item items[64];
    size_t n = 0;
    if (dx_technology_find("l5g-sub6", &t) != DX_OK || dx_cost_bom(&t, &d, DX_PROCURE_PURCHASE, NULL, 64, items, &n) != DX_OK) {
        fprintf(stderr, "bench_cost: %s\n", dx_last_error());
        return 1;
    }
    int map[64];
    double lo[N_PRICE], hi[N_PRICE];
    for (int k = 0; k < N_PRICE; k++) {
        dx_price_entry e;
        dx_price_book_find(NULL, price_inputs[k], &e);
        lo[k] = e.low / e.value;
        hi[k] = e.high / e.value;
    }
    for (size_t i = 0; i < n; i++) {
        map[i] = -1;
        for (int k = 0; k < N_PRICE; k++)
            if (strcmp(items[i].price_key, price_inputs[k]) == 0)
                map[i] = k;
    }
    static double scale[CHUNK * N_PRICE], rate[CHUNK], npv[CHUNK];
    double sum = 0, t0 = now_s();
    for (size_t done = 0; done < draws; done += CHUNK) {
        size_t m = draws - done < CHUNK ? draws - done : CHUNK;
        for (size_t j = 0; j < m; j++) {
            for (int k = 0; k < N_PRICE; k++)
                scale[j * N_PRICE + k] = triangular(lo[k], 1.0, hi[k]);
            rate[j] = triangular(0.02, 0.04, 0.06);
        }
        if (dx_cost_npv_draws_jpy(n, items, NULL, map, N_PRICE, m, scale, rate, npv) != DX_OK) {
            fprintf(stderr, "bench_cost: %s\n", dx_last_error());
            return 1;
        }
        for (size_t j = 0; j < m; j++)
            sum += npv[j];
    }
    double t_kernel = now_s() - t0;

    size_t draws_engine = draws / 20 + 1;
    double sum2 = 0;
    dx_cost_item v[64];
    t0 = now_s();
    for (size_t j = 0; j < draws_engine; j++) {
        memcpy(v, items, n * sizeof items[0]);
        double s[N_PRICE];
        for (int k = 0; k < N_PRICE; k++)
            s[k] = triangular(lo[k], 1.0, hi[k]);
        double r = triangular(0.02, 0.04, 0.06), cf[8], p;
        for (size_t i = 0; i < n; i++)
            if (map[i] >= 0)
                v[i].unit_price_jpy *= s[map[i]];
        if (dx_cost_cash_flows_jpy(n, v, NULL, 5, cf) != DX_OK || dx_finance_npv_jpy(r, 5, cf, &p) != DX_OK)
            return 1;
        sum2 += p;
    }
    double t_engine = now_s() - t0;
    printf("bench_cost: %zu BOM items, 10 uncertain inputs, 5 years\n", n);
    printf("  kernel (dx_cost_npv_draws_jpy) incl. sampling: %12.0f draws/s  (mean NPV %.0f JPY)\n",
           draws / t_kernel, sum / draws);
    printf("  engine per draw (cash flows + NPV) incl. sampling: %8.0f draws/s  (mean NPV %.0f JPY)\n",
           draws_engine / t_engine, sum2 / draws_engine);
    return 0;
}
