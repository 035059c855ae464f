/*
 * Terrain and calibration in the grid engine (dx_coverage_options version 4):
 * for every site and block of points, the extra terrain loss of
 * dx_terrain_loss_grid (radial profiles over the DEM from the site) is added
 * to the model's path loss (P.526 Bullington / Deygout), or ITM replaces the
 * model (free space + ITM excess loss); the calibrated offset and slope
 * (dxsim/calibrate.h form) are added to either. Without
 * a DEM and with a zero calibration nothing here runs, and the engine keeps
 * its fused single-precision path (results identical to version 3).
 */
#include <math.h>
#include <string.h>

#include "dx_internal.h"
#include "coverage_internal.h"
#include "dxsim/coverage.h"
#include "dxsim/terrain.h"
#include "terrain_internal.h"

int dx__coverage_terrain_on(const dx_coverage_options *o)
{
    return o->dem != NULL || o->pl_offset_db != 0.0 || o->pl_slope_db_per_decade != 0.0;
}

dx_status dx__coverage_terrain_check(const dx_coverage_options *o, const char *fn)
{
    if (!isfinite(o->pl_offset_db) || !isfinite(o->pl_slope_db_per_decade) ||
        !(o->pl_d_ref_m > 0.0) || !isfinite(o->pl_d_ref_m))
        DX_FAIL(DX_EDOMAIN, "%s: opts calibration pl_offset_db = %g dB, pl_slope_db_per_decade "
                            "= %g dB, pl_d_ref_m = %g m (allowed finite offset and slope, "
                            "d_ref > 0)",
                fn, o->pl_offset_db, o->pl_slope_db_per_decade, o->pl_d_ref_m);
    if (!o->dem)
        return DX_OK;
    if (!(fabs(o->origin_lat_deg) < 89.0) || !(fabs(o->origin_lon_deg) <= 360.0))
        DX_FAIL(DX_EDOMAIN, "%s: opts->dem is set but origin_lat_deg = %g, origin_lon_deg = %g "
                            "(a DEM needs the geographic origin of the local frame)",
                fn, o->origin_lat_deg, o->origin_lon_deg);
    if (o->terrain_model < DX_TERRAIN_LOSS_BULLINGTON || o->terrain_model > DX_TERRAIN_LOSS_ITM_EXCESS)
        DX_FAIL(DX_EINVAL, "%s: opts->terrain_model = %d (allowed 0 Bullington, 1 Deygout, 2 ITM "
                           "excess)",
                fn, o->terrain_model);
    if (!(o->terrain_k_factor > 0.0 && o->terrain_k_factor <= 100.0))
        DX_FAIL(DX_EDOMAIN, "%s: opts->terrain_k_factor = %g (allowed (0, 100], default 4/3)", fn,
                o->terrain_k_factor);
    return DX_OK;
}

dx_status dx__coverage_terrain_add(const dx_coverage_options *o, double fc_hz, double site_x_m,
                                   double site_y_m, double h_tx_m, double h_rx_m, size_t n,
                                   const double *x_m, const double *y_m, const double *d2d_m,
                                   const double *base_pl_db, double *pl_db)
{
    if (o->pl_offset_db != 0.0 || o->pl_slope_db_per_decade != 0.0)
        for (size_t i = 0; i < n; i++) {
            /* the engine evaluates models at >= 1 m; so does the slope term */
            const double d = d2d_m[i] > 1.0 ? d2d_m[i] : 1.0;
            pl_db[i] += o->pl_offset_db + o->pl_slope_db_per_decade * log10(d / o->pl_d_ref_m);
        }
    if (!o->dem || n == 0)
        return DX_OK;
    /* the memo on the DEM (terrain_cache.c): a site at a position already
     * evaluated for these points (another layout of the planner, the maps,
     * a Monte Carlo draw) reuses its terrain loss */
    dx__terrain_key key;
    dx__terrain_key_init(&key);
    {
        const double sc[] = {o->origin_lat_deg, o->origin_lon_deg, site_x_m, site_y_m,
                             h_tx_m, h_rx_m, fc_hz, (double)o->terrain_model,
                             o->terrain_k_factor, (double)n};
        dx__terrain_key_add(&key, sizeof sc / sizeof sc[0], sc);
        dx__terrain_key_add(&key, n, x_m);
        dx__terrain_key_add(&key, n, y_m);
    }
    double *buf = dx__malloc(4 * n * sizeof(double));
    unsigned char *shadow = dx__malloc(n);
    if (!buf || !shadow) {
        dx__free(buf);
        dx__free(shadow);
        DX_FAIL(DX_ENOMEM, "terrain loss of %zu points", n);
    }
    double *lat = buf, *lon = buf + n, *hrx = buf + 2 * n, *loss = buf + 3 * n;
    dx_status st = DX_OK;
    if (!dx__terrain_cache_get(o->dem, &key, n, loss)) {
        double site_lat, site_lon;
        st = dx_coverage_local_to_geo(o->origin_lat_deg, o->origin_lon_deg, 1, &site_x_m,
                                      &site_y_m, &site_lat, &site_lon);
        if (st == DX_OK)
            st = dx_coverage_local_to_geo(o->origin_lat_deg, o->origin_lon_deg, n, x_m, y_m, lat,
                                          lon);
        for (size_t i = 0; i < n; i++)
            hrx[i] = h_rx_m;
        dx_terrain_grid_options to;
        if (st == DX_OK)
            st = dx_terrain_grid_options_init(&to, DX_TERRAIN_GRID_OPTIONS_VERSION);
        if (st == DX_OK) {
            to.model = o->terrain_model;
            to.k_factor = o->terrain_k_factor;
            st = dx_terrain_loss_grid(o->dem, site_lat, site_lon, h_tx_m, fc_hz, n, lat, lon, hrx,
                                      &to, loss, shadow, NULL);
        }
        if (st == DX_OK)
            dx__terrain_cache_put(o->dem, &key, n, loss);
    }
    /* no DEM data at the site or the point: flat earth there (documented) */
    if (st == DX_OK && o->terrain_model == DX_TERRAIN_LOSS_ITM_EXCESS) {
        /* ITM is a whole path-loss model: it replaces the base model,
         * PL = free space (NTIA's expression) + ITM's excess loss */
        for (size_t i = 0; i < n; i++)
            if (isfinite(loss[i])) {
                const double d_km = (d2d_m[i] > 1.0 ? d2d_m[i] : 1.0) / 1000.0;
                const double fspl = 32.45 + 20.0 * log10(fc_hz / 1e6) + 20.0 * log10(d_km);
                pl_db[i] += fspl + loss[i] - base_pl_db[i];
            }
    } else if (st == DX_OK) {
        for (size_t i = 0; i < n; i++) /* P.526: diffraction added to the base model */
            if (isfinite(loss[i]))
                pl_db[i] += loss[i];
    }
    dx__free(buf);
    dx__free(shadow);
    return st;
}
