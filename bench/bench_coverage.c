/*
 * Benchmark of the fused coverage grid kernel (distance -> 38.901 UMa NLOS
 * path loss -> best server -> SINR -> rate) against a minimal reference loop
 * written for speed alone, on the same scenario: an n x n grid at 10 m with
 * `sites` omni sites on a jittered square lattice, all co-channel.
 *
 * usage: bench_coverage [n=1024] [sites=64] [repeats=3]
 *        bench_coverage large   (4096 x 4096 pixels x 200 sites, statistics only:
 *                                prints the time and the peak resident memory)
 *        bench_coverage models [n=1024] [sites=64] [repeats=3]
 *                               (UMa/RMa/UMi/Hata, omni and 3 sectors, vs the reference)
 *        bench_coverage scaling [repeats=3]   (sites, pixels, threads)
 *        bench_coverage alloc [repeats=3]     (all layers: fresh vs workspace, page faults)
 *        bench_coverage one MODEL SECTORS [repeats=20]  (one configuration of `models`,
 *                               n = 1024, 64 sites: for profiling with perf)
 * Prints "name pairs_per_s seconds" lines (parsed by bench/bench_coverage.py).
 * The reference loop computes the same quantities (squared distance, the same
 * 38.901 formulas with the library's fast float log2 and exp2, best server,
 * co-channel SINR, attenuated-Shannon rate) in one flat single-threaded loop
 * with no tiling, validation, sectors or per-technology rate tables: the
 * practical limit on this machine.
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime in strict C11 (clang) */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
#include <dxsim.h>
#include "propagation_kernels.h"
#include "coverage_internal.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

typedef struct {
    double x, y, h, eirp;
} bsite;

/* The reference: one flat loop nest, single precision, rows of pixels as the
 * unit-stride vector dimension, sites outer; the same 38.901 UMa NLOS formula
 * written in log2 units (power = 2^(c - k log2 d3D^2)) with the library's
 * shortcuts (min of the three lines; the NLOS' line alone where a row's
 * d3D^2 range lies where it wins), best server and co-channel sum, then SINR
 * and the attenuated Shannon rate per pixel. */
/* The library fuses a * b + c into FMAs in its kernels (fp-contract=fast;
 * the build is ISO C11, whose default is off): so does the reference. */
#if defined(__GNUC__) && !defined(__clang__)
__attribute__((optimize("fp-contract=fast")))
#endif
static double reference(size_t n, double res, size_t ns, const bsite *s, double fc_ghz, double hut,
                        double noise_mw, double bw_hz, double *checksum)
{
    const double lf = log10(fc_ghz), sc = 3.3219280948873623 / 10.0, hh = 0.5 * 0.3010299956639812;
    float *sx = malloc(ns * sizeof(float)), *sy = malloc(ns * sizeof(float));
    float *dz2 = malloc(ns * sizeof(float)), *dbp2 = malloc(ns * sizeof(float));
    float *c1 = malloc(ns * sizeof(float)), *c2 = malloc(ns * sizeof(float));
    float *cn = malloc(ns * sizeof(float));
    double *ulo = malloc(ns * sizeof(double)), *uhi = malloc(ns * sizeof(double));
    for (size_t k = 0; k < ns; k++) {
        double dz = s[k].h - hut;
        double dbp = 4.0 * (s[k].h - 1.0) * (hut - 1.0) * fc_ghz * 1e9 / 3e8;
        sx[k] = (float)s[k].x;
        sy[k] = (float)s[k].y;
        dz2[k] = (float)(dz * dz);
        dbp2[k] = (float)(dbp * dbp);
        c1[k] = (float)((s[k].eirp - (28.0 + 20.0 * lf)) * sc);
        c2[k] = (float)((s[k].eirp - (28.0 + 20.0 * lf - 9.0 * log10(dbp * dbp + dz * dz))) * sc);
        cn[k] = (float)((s[k].eirp - (13.54 + 20.0 * lf - 0.6 * (hut - 1.5))) * sc);
    }
    const float k1 = (float)(22.0 * hh * sc), k2 = (float)(40.0 * hh * sc), kn = (float)(39.08 * hh * sc);
    /* d3D^2 range where the NLOS' line alone wins by 1e-3 (log2 units), as in
     * the library: en <= e1 - m beyond 2^lo, en <= e2 - m below 2^hi */
    for (size_t k = 0; k < ns; k++) {
        double lo = ((double)cn[k] - c1[k] + 1e-3) / ((double)kn - k1);
        double hi = ((double)c2[k] - cn[k] - 1e-3) / ((double)k2 - kn);
        /* and en within [-125, 126]: exp2 without its clamp */
        lo = fmax(lo, ((double)cn[k] - 126.0 + 1e-3) / kn);
        hi = fmin(hi, ((double)cn[k] + 125.0 - 1e-3) / kn);
        ulo[k] = exp2(fmin(lo, 200.0));
        uhi[k] = exp2(fmin(hi, 200.0));
    }
    float *best = malloc(n * sizeof(float)), *tot = malloc(n * sizeof(float));
    float *xs = malloc(n * sizeof(float));
    for (size_t i = 0; i < n; i++)
        xs[i] = (float)((i + 0.5) * res);
    double sum = 0.0;
    double t0 = now_s();
    for (size_t j = 0; j < n; j++) {
        const float y = (float)((j + 0.5) * res);
        for (size_t i = 0; i < n; i++)
            best[i] = tot[i] = 0.0f;
        for (size_t k = 0; k < ns; k++) {
            const float kx = sx[k], dy = y - sy[k], dyz = dy * dy + dz2[k];
            const float a1 = c1[k], a2 = c2[k], an = cn[k];
            /* the row's d3D^2 range: NLOS' line alone, else min of the three
             * lines (LOS = max(PL1, PL2), continuous at d'BP) */
            double ex = fmax(0.0, fmax((double)xs[0] - kx, (double)kx - xs[n - 1]));
            double fx = fmax(fabs((double)xs[0] - kx), fabs((double)xs[n - 1] - kx));
            if ((ex * ex + dyz) * (1.0 - 1e-6) >= ulo[k] && (fx * fx + dyz) * (1.0 + 1e-6) <= uhi[k]) {
#pragma omp simd
                for (size_t i = 0; i < n; i++) {
                    float dx = xs[i] - kx;
                    float u = dx__cov_log2f_fast(dx * dx + dyz);
                    float p = dx__cov_exp2f_fast_inrange(an - kn * u);
                    tot[i] += p;
                    best[i] = p > best[i] ? p : best[i];
                }
                continue;
            }
#pragma omp simd
            for (size_t i = 0; i < n; i++) {
                float dx = xs[i] - kx;
                float u = dx__cov_log2f_fast(dx * dx + dyz);
                float e1 = a1 - k1 * u, e2 = a2 - k2 * u, en = an - kn * u;
                float el = e1 < e2 ? e1 : e2;
                float p = dx__cov_exp2f_fast(en < el ? en : el);
                tot[i] += p;
                best[i] = p > best[i] ? p : best[i];
            }
        }
        for (size_t i = 0; i < n; i++) {
            double sinr = best[i] / ((double)tot[i] - best[i] + noise_mw);
            /* TR 36.942 A.1 attenuated Shannon, DL: 0.6 log2(1 + SINR) capped at 4.4 */
            double se = 0.6 * log2(1.0 + sinr);
            se = se > 4.4 ? 4.4 : se;
            sum += se * bw_hz * 1e-6;
        }
    }
    double t = now_s() - t0;
    *checksum = sum / (double)(n * n);
    free(best);
    free(tot);
    free(xs);
    free(sx);
    free(sy);
    free(dz2);
    free(dbp2);
    free(c1);
    free(c2);
    free(cn);
    free(ulo);
    free(uhi);
    return t;
}

static int large(void)
{
    dx_technology t;
    if (dx_technology_find("l5g-sub6", &t) != DX_OK)
        return 1;
    const size_t n = 4096, ns = 200;
    const double res = 5.0;
    dx_site *sites = calloc(ns, sizeof *sites);
    for (size_t k = 0; k < ns; k++) {
        dx_coverage_site_init(&sites[k], &t, ((k % 15) + 0.5) * n * res / 15,
                              ((k / 15) + 0.5) * n * res / 14);
    }
    dx_grid g = {0.0, 0.0, res, n, n};
    dx_coverage_options o;
    dx_coverage_options_init(&o, DX_COVERAGE_OPTIONS_VERSION);
    o.layers = 0;
    dx_coverage_result *r = NULL;
    double t0 = now_s();
    if (dx_coverage_run(&g, ns, sites, &t, &o, &r) != DX_OK) {
        fprintf(stderr, "%s\n", dx_last_error());
        return 1;
    }
    double dt = now_s() - t0;
    dx_coverage_summary sm;
    dx_coverage_result_summary(r, &sm);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("large: %zux%zu pixels x %zu cells (%zu sites, 3 sectors) in %.2f s (%.3g pairs/s), "
           "coverage %.4f, peak RSS %.1f MiB (pixel x cell matrix would be %.1f GiB)\n",
           n, n, sm.n_cells, ns, dt, (double)n * n * sm.n_cells / dt, sm.coverage_ratio,
           ru.ru_maxrss / 1024.0, (double)n * n * sm.n_cells * 4 / 1073741824.0);
    dx_coverage_result_free(r);
    free(sites);
    return 0;
}

/* Sites of the benchmark lattice: ns sites jittered on a square lattice over
 * an n x n grid at res m (the same as main()). */
static void lattice(const dx_technology *t, size_t n, double res, size_t ns, int sectors,
                    double h_m, dx_site *sites)
{
    size_t side = (size_t)ceil(sqrt((double)ns));
    uint64_t rng = 12345;
    for (size_t k = 0; k < ns; k++) {
        rng = rng * 6364136223846793005ull + 1442695040888963407ull;
        double jx = ((rng >> 33) % 1000) / 1000.0 - 0.5;
        double jy = ((rng >> 13) % 1000) / 1000.0 - 0.5;
        double x = ((k % side) + 0.5 + 0.3 * jx) * n * res / side;
        double y = ((k / side) + 0.5 + 0.3 * jy) * n * res / side;
        dx_coverage_site_init(&sites[k], t, x, y);
        sites[k].sectors = sectors;
        sites[k].azimuth_deg = 30.0;
        sites[k].channel = 0;
        if (h_m > 0.0)
            sites[k].height_m = h_m;
    }
}

/* Best time of dx_coverage_run (or _ws) for one configuration; *faults gets
 * the minor page faults of the best call. */
static double grid_run(const dx_technology *t, size_t n, size_t ns, dx_propagation_model model,
                       int sectors, double h_m, int threads, int repeats, unsigned int layers,
                       dx_coverage_workspace *ws, long *faults)
{
    const double res = 10.0;
    dx_site *sites = calloc(ns, sizeof *sites);
    lattice(t, n, res, ns, sectors, h_m, sites);
    dx_grid g = {0.0, 0.0, res, n, n};
    dx_coverage_options o;
    dx_coverage_options_init(&o, DX_COVERAGE_OPTIONS_VERSION);
    o.model = model;
    o.layers = layers;
    o.criterion = DX_COVERAGE_BY_RX_LEVEL;
    o.shadow_sigma_db = 8.0;
    o.threads = threads;
    double best_t = 1e30;
    for (int r = 0; r < repeats; r++) {
        dx_coverage_result *res_h = NULL;
        struct rusage ru0, ru1;
        getrusage(RUSAGE_SELF, &ru0);
        double t0 = now_s();
        if (dx_coverage_run_ws(&g, ns, sites, t, &o, ws, &res_h) != DX_OK) {
            fprintf(stderr, "dx_coverage_run: %s\n", dx_last_error());
            exit(1);
        }
        double dt = now_s() - t0;
        getrusage(RUSAGE_SELF, &ru1);
        dx_coverage_result_free(res_h);
        if (dt < best_t) {
            best_t = dt;
            if (faults)
                *faults = ru1.ru_minflt - ru0.ru_minflt;
        }
    }
    free(sites);
    return best_t;
}

/* Reference (hand-tuned UMa omni loop) time on the same lattice. */
static double reference_run(const dx_technology *t, size_t n, size_t ns, int repeats)
{
    const double res = 10.0;
    dx_site *sites = calloc(ns, sizeof *sites);
    bsite *bs = calloc(ns, sizeof *bs);
    lattice(t, n, res, ns, 1, 0.0, sites);
    for (size_t k = 0; k < ns; k++) {
        bs[k].x = sites[k].x_m;
        bs[k].y = sites[k].y_m;
        bs[k].h = sites[k].height_m;
        bs[k].eirp = sites[k].tx_power_dbm + sites[k].antenna_gain_dbi - sites[k].cable_loss_db;
    }
    double bw = t->bw_hz, nf = t->ue_noise_figure_db, noise_dbm, chk, best_t = 1e30;
    dx_link_thermal_noise_dbm(1, &bw, &nf, &noise_dbm);
    for (int r = 0; r < repeats; r++) {
        double dt = reference(n, res, ns, bs, t->fc_hz / 1e9, t->ue_height_m,
                              pow(10, noise_dbm / 10), t->bw_hz, &chk);
        best_t = dt < best_t ? dt : best_t;
    }
    free(sites);
    free(bs);
    return best_t;
}

static const struct {
    const char *name;
    dx_propagation_model model;
    double h_m; /* site height (0 = the technology's) */
} bench_models[4] = {{"uma", DX_PROPAGATION_38901_UMA, 0.0},
                     {"rma", DX_PROPAGATION_38901_RMA, 35.0}, /* RMa: 10-150 m */
                     {"umi", DX_PROPAGATION_38901_UMI, 0.0},
                     {"hata", DX_PROPAGATION_HATA, 35.0}};   /* Hata: 30-200 m */

/* Per model and sector count, one thread, statistics only: pixel-site and
 * pixel-cell pairs per second, and the time relative to the UMa omni run and
 * to the hand-tuned reference (UMa omni), all in one run. Prints the sites
 * and parameters for bench_models.py's numpy chains. */
static int models(int argc, char **argv)
{
    size_t n = argc > 2 ? (size_t)atol(argv[2]) : 1024;
    size_t ns = argc > 3 ? (size_t)atol(argv[3]) : 64;
    int repeats = argc > 4 ? atoi(argv[4]) : 3;
    dx_technology t;
    if (dx_technology_find("l5g-sub6", &t) != DX_OK)
        return 1;
    t.channels_available = 1;
    const double pairs = (double)n * n * ns;
    double t_ref = reference_run(&t, n, ns, repeats);
    printf("reference_1t %.6g %.6g\n", pairs / t_ref, t_ref);
    double t_uma = 0.0;
    for (int m = 0; m < 4; m++)
        for (int sec = 1; sec <= 3; sec += 2) {
            double dt = grid_run(&t, n, ns, bench_models[m].model, sec, bench_models[m].h_m, 1,
                                 repeats, 0, NULL, NULL);
            if (m == 0 && sec == 1)
                t_uma = dt;
            printf("model_%s_%dsec %.6g %.6g cell_pairs_per_s=%.4g vs_uma_omni=%.3f "
                   "vs_reference=%.3f\n",
                   bench_models[m].name, sec, pairs / dt, dt, pairs * sec / dt, t_uma / dt,
                   t_ref / dt);
        }
    double bw = t.bw_hz, nf = t.ue_noise_figure_db, noise_dbm;
    dx_link_thermal_noise_dbm(1, &bw, &nf, &noise_dbm);
    printf("params fc_ghz=%.6g hut=%.6g noise_dbm=%.6g bw_hz=%.6g res=%.6g\n", t.fc_hz / 1e9,
           t.ue_height_m, noise_dbm, t.bw_hz, 10.0);
    dx_site *sites = calloc(ns, sizeof *sites);
    lattice(&t, n, 10.0, ns, 1, 0.0, sites);
    for (size_t k = 0; k < ns; k++)
        printf("site %.6f %.6f %.6f %.6f\n", sites[k].x_m, sites[k].y_m, sites[k].height_m,
               sites[k].tx_power_dbm + sites[k].antenna_gain_dbi - sites[k].cable_loss_db);
    free(sites);
    return 0;
}

/* Scaling with sites, pixels and threads (UMa omni, statistics only), each
 * against the reference on the same configuration. */
static int scaling(int repeats)
{
    dx_technology t;
    if (dx_technology_find("l5g-sub6", &t) != DX_OK)
        return 1;
    t.channels_available = 1;
    const size_t site_counts[5] = {4, 8, 16, 64, 256};
    for (int k = 0; k < 5; k++) {
        size_t n = 1024, ns = site_counts[k];
        double dt = grid_run(&t, n, ns, DX_PROPAGATION_38901_UMA, 1, 0.0, 1, repeats, 0, NULL, NULL);
        double tr = reference_run(&t, n, ns, repeats);
        printf("scale_sites n=%zu sites=%zu threads=1 pairs_per_s=%.4g reference=%.4g ratio=%.3f\n",
               n, ns, (double)n * n * ns / dt, (double)n * n * ns / tr, tr / dt);
    }
    const size_t sizes[4] = {256, 512, 1024, 2048};
    for (int k = 0; k < 4; k++) {
        size_t n = sizes[k], ns = 64;
        double dt = grid_run(&t, n, ns, DX_PROPAGATION_38901_UMA, 1, 0.0, 1, repeats, 0, NULL, NULL);
        double tr = reference_run(&t, n, ns, repeats);
        printf("scale_pixels n=%zu sites=%zu threads=1 pairs_per_s=%.4g reference=%.4g ratio=%.3f\n",
               n, ns, (double)n * n * ns / dt, (double)n * n * ns / tr, tr / dt);
    }
    for (int th = 1; th <= 2; th++) {
        size_t n = 1024, ns = 64;
        double dt = grid_run(&t, n, ns, DX_PROPAGATION_38901_UMA, 1, 0.0, th, repeats, 0, NULL, NULL);
        printf("scale_threads n=%zu sites=%zu threads=%d pairs_per_s=%.4g\n", n, ns, th,
               (double)n * n * ns / dt);
    }
    return 0;
}

/* Output layers: every layer kept (1024 x 1024, 64 sites, UMa, one thread),
 * fresh result per call (dx_coverage_run) against a reused workspace
 * (dx_coverage_run_ws), with the minor page faults of a call; against the
 * reference. Run it under the glibc settings to compare (bench_models.py runs
 * it with the defaults and with MALLOC_TOP_PAD_/MALLOC_MMAP_THRESHOLD_). */
static int alloc_mode(int repeats)
{
    dx_technology t;
    if (dx_technology_find("l5g-sub6", &t) != DX_OK)
        return 1;
    t.channels_available = 1;
    size_t n = 1024, ns = 64;
    double pairs = (double)n * n * ns;
    double tr = reference_run(&t, n, ns, repeats);
    long f_plain = 0, f_ws = 0, f_stats = 0;
    double t_stats = grid_run(&t, n, ns, DX_PROPAGATION_38901_UMA, 1, 0.0, 1, repeats, 0, NULL,
                              &f_stats);
    double t_plain = grid_run(&t, n, ns, DX_PROPAGATION_38901_UMA, 1, 0.0, 1, repeats,
                              DX_COVERAGE_LAYER_ALL, NULL, &f_plain);
    dx_coverage_workspace *ws = NULL;
    dx_coverage_workspace_create(n * n, DX_COVERAGE_LAYER_ALL, &ws);
    double t_ws = grid_run(&t, n, ns, DX_PROPAGATION_38901_UMA, 1, 0.0, 1, repeats,
                           DX_COVERAGE_LAYER_ALL, ws, &f_ws);
    dx_coverage_workspace_free(ws);
    printf("alloc reference_1t pairs_per_s=%.4g\n", pairs / tr);
    printf("alloc stats_only pairs_per_s=%.4g faults_per_call=%ld vs_reference=%.3f\n",
           pairs / t_stats, f_stats, tr / t_stats);
    printf("alloc all_layers_fresh pairs_per_s=%.4g faults_per_call=%ld vs_reference=%.3f\n",
           pairs / t_plain, f_plain, tr / t_plain);
    printf("alloc all_layers_workspace pairs_per_s=%.4g faults_per_call=%ld vs_reference=%.3f\n",
           pairs / t_ws, f_ws, tr / t_ws);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "models") == 0) {
        dx_global_init(DX_INIT_GSL_HANDLER_OFF);
        return models(argc, argv);
    }
    if (argc > 1 && strcmp(argv[1], "scaling") == 0) {
        dx_global_init(DX_INIT_GSL_HANDLER_OFF);
        return scaling(argc > 2 ? atoi(argv[2]) : 3);
    }
    if (argc > 1 && strcmp(argv[1], "alloc") == 0) {
        dx_global_init(DX_INIT_GSL_HANDLER_OFF);
        return alloc_mode(argc > 2 ? atoi(argv[2]) : 3);
    }
    if (argc > 3 && strcmp(argv[1], "one") == 0) {
        dx_global_init(DX_INIT_GSL_HANDLER_OFF);
        dx_technology t;
        if (dx_technology_find("l5g-sub6", &t) != DX_OK)
            return 1;
        t.channels_available = 1;
        for (int m = 0; m < 4; m++)
            if (strcmp(argv[2], bench_models[m].name) == 0) {
                double dt = grid_run(&t, 1024, 64, bench_models[m].model, atoi(argv[3]),
                                     bench_models[m].h_m, 1, argc > 4 ? atoi(argv[4]) : 20, 0,
                                     NULL, NULL);
                printf("model_%s_%ssec %.6g %.6g\n", argv[2], argv[3], 1024.0 * 1024 * 64 / dt,
                       dt);
                return 0;
            }
        return 1;
    }
    if (argc > 1 && strcmp(argv[1], "large") == 0) {
        dx_global_init(DX_INIT_GSL_HANDLER_OFF);
        return large();
    }
    size_t n = argc > 1 ? (size_t)atol(argv[1]) : 1024;
    size_t ns = argc > 2 ? (size_t)atol(argv[2]) : 64;
    int repeats = argc > 3 ? atoi(argv[3]) : 3;
    const double res = 10.0;
    dx_global_init(DX_INIT_GSL_HANDLER_OFF);
    dx_technology t;
    if (dx_technology_find("l5g-sub6", &t) != DX_OK)
        return 1;
    t.channels_available = 1;
    dx_site *sites = calloc(ns, sizeof *sites);
    bsite *bs = calloc(ns, sizeof *bs);
    size_t side = (size_t)ceil(sqrt((double)ns));
    uint64_t rng = 12345;
    for (size_t k = 0; k < ns; k++) {
        rng = rng * 6364136223846793005ull + 1442695040888963407ull;
        double jx = ((rng >> 33) % 1000) / 1000.0 - 0.5;
        double jy = ((rng >> 13) % 1000) / 1000.0 - 0.5;
        double x = ((k % side) + 0.5 + 0.3 * jx) * n * res / side;
        double y = ((k / side) + 0.5 + 0.3 * jy) * n * res / side;
        dx_coverage_site_init(&sites[k], &t, x, y);
        sites[k].sectors = 1;
        sites[k].channel = 0;
        bs[k].x = x;
        bs[k].y = y;
        bs[k].h = sites[k].height_m;
        bs[k].eirp = sites[k].tx_power_dbm + sites[k].antenna_gain_dbi - sites[k].cable_loss_db;
    }
    dx_grid g = {0.0, 0.0, res, n, n};
    dx_coverage_options o;
    dx_coverage_options_init(&o, DX_COVERAGE_OPTIONS_VERSION);
    o.layers = 0;                      /* statistics only, as the reference */
    o.criterion = DX_COVERAGE_BY_RX_LEVEL;
    o.shadow_sigma_db = 8.0;
    const double pairs = (double)n * n * ns;
    printf("# grid %zux%zu, %zu sites, %.3g pairs\n", n, n, ns, pairs);
    int thread_counts[2] = {1, 2};
    for (int ti = 0; ti < 2; ti++) {
        o.threads = thread_counts[ti];
        double best_t = 1e30, mean_dl = 0;
        for (int r = 0; r < repeats; r++) {
            dx_coverage_result *res_h = NULL;
            double t0 = now_s();
            if (dx_coverage_run(&g, ns, sites, &t, &o, &res_h) != DX_OK) {
                fprintf(stderr, "dx_coverage_run: %s\n", dx_last_error());
                return 1;
            }
            double dt = now_s() - t0;
            dx_coverage_summary sm;
            dx_coverage_result_summary(res_h, &sm);
            mean_dl = sm.mean_rate_dl_mbps;
            dx_coverage_result_free(res_h);
            if (dt < best_t)
                best_t = dt;
        }
        printf("fused_%dt %.6g %.6g mean_dl_mbps=%.4g\n", thread_counts[ti], pairs / best_t, best_t,
               mean_dl);
    }
    double bw = t.bw_hz, nf = t.ue_noise_figure_db, noise_dbm;
    dx_link_thermal_noise_dbm(1, &bw, &nf, &noise_dbm);
    double best_t = 1e30, chk = 0;
    for (int r = 0; r < repeats; r++) {
        double dt = reference(n, res, ns, bs, t.fc_hz / 1e9, t.ue_height_m, pow(10, noise_dbm / 10),
                              t.bw_hz, &chk);
        if (dt < best_t)
            best_t = dt;
    }
    printf("reference_1t %.6g %.6g mean_dl_mbps=%.4g\n", pairs / best_t, best_t, chk);
    /* parameters for the numpy baseline */
    printf("params fc_ghz=%.6g hut=%.6g noise_dbm=%.6g bw_hz=%.6g res=%.6g\n", t.fc_hz / 1e9,
           t.ue_height_m, noise_dbm, t.bw_hz, res);
    for (size_t k = 0; k < ns; k++)
        printf("site %.6f %.6f %.6f %.6f\n", bs[k].x, bs[k].y, bs[k].h, bs[k].eirp);
    free(sites);
    free(bs);
    return 0;
}
