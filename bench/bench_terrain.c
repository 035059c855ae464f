/*
 * Terrain coverage map benchmark (issue 12): site at 35.5 N 138.5 E, 920 MHz,
 * 20 m transmitter, 1.5 m receivers; synthetic terrain
 *   h = 100 + 30 sin(2 pi x / (N/12)) cos(2 pi y / (N/9)) m
 * over the 1 deg x 1 deg tile 35-36 N, 138-139 E of N x N cells (x = column,
 * y = row from the north); maps of every pixel within
 *   - 20 km at 3" pixels (N = 1200 cells of 3"),
 *   - 10 km at 1" pixels (N = 3600 cells of 1"),
 * with (a) Okumura-Hata + P.526 Bullington terrain loss and (b) ITM.
 * Reports pixels per CPU-second (getrusage user + system, all threads) and
 * the peak resident memory. Baseline in the same run: the per-pixel-profile
 * method (DX_TERRAIN_GRID_PER_PIXEL), i.e. what a planner that extracts one
 * profile per pixel does; the reference figure for an open planner's
 * ITM on this machine class is about 150 000 px/CPU-s (20 km, 3") and
 * 70 000 px/CPU-s (10 km, 1").
 *
 * usage: bench_terrain [which=all|20km|10km|scale] [baseline=1]
 */
#define _GNU_SOURCE /* M_PI */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <dxsim.h>

static double cpu_s(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec * 1e-6 + ru.ru_stime.tv_sec +
           ru.ru_stime.tv_usec * 1e-6;
}

static double peak_mib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss / 1024.0;
}

static void run_map(const char *label, int N, double radius_m, int with_baseline)
{
    const double site_lat = 35.5, site_lon = 138.5, fc = 920e6, htx = 20.0;
    float *h = malloc(sizeof(float) * (size_t)N * N);
    for (int y = 0; y < N; y++)
        for (int x = 0; x < N; x++)
            h[(size_t)y * N + x] = (float)(100.0 + 30.0 * sin(2 * M_PI * x / (N / 12.0)) *
                                                       cos(2 * M_PI * y / (N / 9.0)));
    dx_dem *dem;
    dx_dem_create(&dem);
    const double cell = 1.0 / N;
    if (dx_dem_add_grid(dem, 35.0, 138.0, cell, cell, N, N, h) != DX_OK) {
        fprintf(stderr, "%s\n", dx_last_error());
        exit(1);
    }
    free(h);
    /* pixels: the DEM cell centres within radius_m of the site */
    double mlat = 111000.0, mlon = 111000.0 * cos(site_lat * M_PI / 180);
    size_t cap = (size_t)(M_PI * radius_m * radius_m / (cell * mlat * cell * mlon) * 1.1) + 16;
    double *lat = malloc(cap * sizeof(double)), *lon = malloc(cap * sizeof(double));
    size_t n = 0;
    int r0 = (int)((36.0 - site_lat) * N - radius_m / (cell * mlat)) - 2;
    int r1 = (int)((36.0 - site_lat) * N + radius_m / (cell * mlat)) + 2;
    int c0 = (int)((site_lon - 138.0) * N - radius_m / (cell * mlon)) - 2;
    int c1 = (int)((site_lon - 138.0) * N + radius_m / (cell * mlon)) + 2;
    double *one_lat = malloc(sizeof(double)), *one_lon = malloc(sizeof(double));
    for (int r = r0; r <= r1; r++)
        for (int c = c0; c <= c1; c++) {
            double la = 36.0 - (r + 0.5) * cell, lo = 138.0 + (c + 0.5) * cell, d;
            *one_lat = la;
            *one_lon = lo;
            dx_geo_inverse(1, &site_lat, &site_lon, one_lat, one_lon, &d, NULL, NULL);
            if (d <= radius_m && n < cap) {
                lat[n] = la;
                lon[n] = lo;
                n++;
            }
        }
    free(one_lat);
    free(one_lon);
    double *hrx = malloc(n * sizeof(double)), *loss = malloc(n * sizeof(double));
    double *loss2 = malloc(n * sizeof(double)), *d2d = malloc(n * sizeof(double));
    double *f = malloc(n * sizeof(double)), *hb = malloc(n * sizeof(double));
    double *pl = malloc(n * sizeof(double));
    unsigned char *sh = malloc(n), *sh2 = malloc(n);
    for (size_t i = 0; i < n; i++) {
        hrx[i] = 1.5;
        f[i] = fc;
        hb[i] = htx;
    }
    const char *models[2] = {"hata+bullington", "itm"};
    for (int m = 0; m < 2; m++) {
        dx_terrain_grid_options o;
        dx_terrain_grid_options_init(&o, DX_TERRAIN_GRID_OPTIONS_VERSION);
        o.model = m == 0 ? DX_TERRAIN_LOSS_BULLINGTON : DX_TERRAIN_LOSS_ITM_EXCESS;
        double t0 = cpu_s();
        size_t miss = 0;
        if (m == 0) {
            /* base model per pixel: Okumura-Hata NLOS over the 2D distance */
            double *sl = malloc(n * sizeof(double)), *so = malloc(n * sizeof(double));
            for (size_t i = 0; i < n; i++) {
                sl[i] = site_lat;
                so[i] = site_lon;
            }
            dx_geo_inverse(n, sl, so, lat, lon, d2d, NULL, NULL);
            for (size_t i = 0; i < n; i++)
                if (d2d[i] < 1.0)
                    d2d[i] = 1.0;
            dx_propagation_params pp;
            dx_propagation_params_init(&pp, DX_PROPAGATION_PARAMS_VERSION);
            pp.los = DX_PROPAGATION_NLOS;
            dx_propagation_path_loss_db(DX_PROPAGATION_HATA, &pp, n, f, d2d, hb, hrx, pl, NULL,
                                        NULL);
            free(sl);
            free(so);
        }
        dx_status st = dx_terrain_loss_grid(dem, site_lat, site_lon, htx, fc, n, lat, lon, hrx,
                                            &o, loss, sh, &miss);
        double t1 = cpu_s();
        if (st != DX_OK) {
            fprintf(stderr, "%s\n", dx_last_error());
            exit(1);
        }
        size_t nsh = 0;
        double mean = 0;
        for (size_t i = 0; i < n; i++) {
            nsh += sh[i];
            mean += loss[i];
        }
        printf("%-5s %-16s radial    %8zu px %7.3f CPU-s %10.0f px/CPU-s  shadowed %.3f  mean "
               "terrain loss %.2f dB  missing %zu\n",
               label, models[m], n, t1 - t0, n / (t1 - t0), (double)nsh / n, mean / n, miss);
        if (with_baseline) {
            o.method = DX_TERRAIN_GRID_PER_PIXEL;
            double t2 = cpu_s();
            st = dx_terrain_loss_grid(dem, site_lat, site_lon, htx, fc, n, lat, lon, hrx, &o,
                                      loss2, sh2, &miss);
            double t3 = cpu_s();
            if (st != DX_OK) {
                fprintf(stderr, "%s\n", dx_last_error());
                exit(1);
            }
            double maxd = 0, sumd = 0;
            size_t agree = 0, cnt = 0;
            for (size_t i = 0; i < n; i++) {
                if (isnan(loss[i]) || isnan(loss2[i]))
                    continue;
                double dd = fabs(loss[i] - loss2[i]);
                maxd = dd > maxd ? dd : maxd;
                sumd += dd;
                agree += sh[i] == sh2[i];
                cnt++;
            }
            printf("%-5s %-16s per-pixel %8zu px %7.3f CPU-s %10.0f px/CPU-s  speed-up %.2fx  "
                   "|radial - per-pixel| mean %.3f dB max %.2f dB, shadow agreement %.4f\n",
                   label, models[m], n, t3 - t2, n / (t3 - t2), (t3 - t2) / (t1 - t0),
                   sumd / cnt, maxd, (double)agree / cnt);
        }
    }
    printf("%-5s peak RSS so far %.1f MiB\n", label, peak_mib());
    free(lat);
    free(lon);
    free(hrx);
    free(loss);
    free(loss2);
    free(d2d);
    free(f);
    free(hb);
    free(pl);
    free(sh);
    free(sh2);
    dx_dem_free(dem);
}

int main(int argc, char **argv)
{
    const char *which = argc > 1 ? argv[1] : "all";
    int base = argc > 2 ? atoi(argv[2]) : 1;
    dx_global_init(DX_INIT_GSL_HANDLER_OFF);
    if (!strcmp(which, "all") || !strcmp(which, "20km"))
        run_map("20km", 1200, 20000.0, base);
    if (!strcmp(which, "all") || !strcmp(which, "10km"))
        run_map("10km", 3600, 10000.0, base);
    if (!strcmp(which, "scale")) { /* 3" pixels, growing radius: cost per pixel vs radius */
        run_map("5km", 1200, 5000.0, 0);
        run_map("10km3", 1200, 10000.0, 0);
        run_map("20km", 1200, 20000.0, 0);
        run_map("28km", 1200, 28000.0, 0);
    }
    return 0;
}
