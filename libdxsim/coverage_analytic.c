/*
 * Analytic coverage planning (dxsim/coverage.h, first half): shadowing margin,
 * Jakes/Reudink area coverage, cell radius by Brent root finding, hexagonal
 * site counts, indoor AP counts.
 */
#include <math.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>
#include "dx_internal.h"
#include "coverage_internal.h"
#include "dxsim/coverage.h"

dx_status dx_coverage_shadow_margin_db(double sigma_db, double edge_probability_ratio,
                                       double *out_margin_db)
{
    DX_REQUIRE_PTR(out_margin_db);
    if (!(sigma_db >= 0.0) || !isfinite(sigma_db))
        DX_FAIL(DX_EDOMAIN, "dx_coverage_shadow_margin_db: sigma_db = %g dB (allowed >= 0)",
                sigma_db);
    if (!(edge_probability_ratio > 0.0 && edge_probability_ratio < 1.0))
        DX_FAIL(DX_EDOMAIN,
                "dx_coverage_shadow_margin_db: edge_probability_ratio = %g (allowed 0 < p < 1)",
                edge_probability_ratio);
    *out_margin_db = sigma_db * gsl_cdf_ugaussian_Pinv(edge_probability_ratio);
    return DX_OK;
}

double dx__coverage_jakes_area(double sigma_db, double n, double margin_db)
{
    if (sigma_db <= 0.0) {
        if (margin_db >= 0.0)
            return 1.0;
        /* deterministic: covered disc radius r_c / R = 10^(margin / (10 n)) */
        double rr = pow(10.0, margin_db / (10.0 * n));
        return rr * rr;
    }
    const double a = -margin_db / (sigma_db * sqrt(2.0));
    const double b = 10.0 * n * log10(exp(1.0)) / (sigma_db * sqrt(2.0));
    /* exp((1-2ab)/b^2) * erfc((1-ab)/b): combine in log space to avoid overflow */
    const double arg = (1.0 - a * b) / b;
    const double e = (1.0 - 2.0 * a * b) / (b * b);
    double term;
    if (arg > 5.0) {
        /* erfc(x) = exp(-x^2) erfcx(x); erfcx(x) ~ 1/(x sqrt(pi)) (1 - 1/(2x^2) + 3/(4x^4)) */
        double x2 = arg * arg;
        double erfcx = 1.0 / (arg * sqrt(DX_PI)) * (1.0 - 0.5 / x2 + 0.75 / (x2 * x2));
        term = exp(e - x2) * erfcx;
    } else {
        term = exp(e) * erfc(arg);
    }
    double f = 0.5 * (erfc(a) + term);
    if (f > 1.0)
        f = 1.0;
    if (f < 0.0)
        f = 0.0;
    return f;
}

dx_status dx_coverage_area_probability_ratio(double sigma_db, double path_loss_exponent,
                                             double edge_margin_db, double *out_ratio)
{
    DX_REQUIRE_PTR(out_ratio);
    if (!(sigma_db >= 0.0) || !isfinite(sigma_db))
        DX_FAIL(DX_EDOMAIN, "dx_coverage_area_probability_ratio: sigma_db = %g dB (allowed >= 0)",
                sigma_db);
    if (!(path_loss_exponent > 0.0) || !isfinite(path_loss_exponent))
        DX_FAIL(DX_EDOMAIN,
                "dx_coverage_area_probability_ratio: path_loss_exponent = %g (allowed > 0)",
                path_loss_exponent);
    if (!isfinite(edge_margin_db))
        DX_FAIL(DX_EDOMAIN, "dx_coverage_area_probability_ratio: edge_margin_db = %g dB (allowed finite)",
                edge_margin_db);
    *out_ratio = dx__coverage_jakes_area(sigma_db, path_loss_exponent, edge_margin_db);
    return DX_OK;
}

/* ---- cell radius -------------------------------------------------------- */

typedef struct {
    dx__coverage_pl_fn fn;
    void *ctx;
    double target_db;
    int failed;
} radius_ctx;

static double radius_residual(double log_r, void *p)
{
    radius_ctx *c = p;
    double pl = 0.0;
    if (c->fn(exp(log_r), c->ctx, &pl) != DX_OK) {
        c->failed = 1;
        return GSL_NAN;
    }
    return pl - c->target_db;
}

dx_status dx__coverage_radius_fn(dx__coverage_pl_fn fn, void *ctx, double max_path_loss_db,
                                 double r_min_m, double r_max_m, double *out_radius_m,
                                 unsigned int *out_flags)
{
    *out_flags = 0;
    if (!(r_min_m > 0.0) || !isfinite(r_min_m))
        DX_FAIL(DX_EDOMAIN, "dx_coverage_cell_radius_m: r_min_m = %g m (allowed > 0)", r_min_m);
    if (!(r_max_m > r_min_m) || !isfinite(r_max_m))
        DX_FAIL(DX_EDOMAIN, "dx_coverage_cell_radius_m: r_max_m = %g m (allowed > r_min_m = %g m)",
                r_max_m, r_min_m);
    if (!isfinite(max_path_loss_db))
        DX_FAIL(DX_EDOMAIN, "dx_coverage_cell_radius_m: max_path_loss_db = %g dB (allowed finite)",
                max_path_loss_db);
    radius_ctx rc = {fn, ctx, max_path_loss_db, 0};
    double f0 = radius_residual(log(r_min_m), &rc);
    if (rc.failed)
        return DX_EDOMAIN; /* message set by the path-loss call */
    if (f0 > 0.0)
        DX_FAIL(DX_EDOMAIN,
                "dx_coverage_cell_radius_m: max_path_loss_db = %g dB is below the path loss "
                "%g dB at r_min_m = %g m (no coverage)",
                max_path_loss_db, f0 + max_path_loss_db, r_min_m);
    if (f0 == 0.0) {
        *out_radius_m = r_min_m;
        return DX_OK;
    }
    /* logarithmic scan for the first sign change */
    const int n_scan = 64;
    const double l0 = log(r_min_m), l1 = log(r_max_m);
    double lo = l0, hi = l0;
    int found = 0;
    for (int k = 1; k <= n_scan; k++) {
        double l = l0 + (l1 - l0) * k / n_scan;
        double f = radius_residual(l, &rc);
        if (rc.failed)
            return DX_EDOMAIN;
        if (f >= 0.0) {
            hi = l;
            found = 1;
            if (f == 0.0) {
                *out_radius_m = exp(l);
                return DX_OK;
            }
            break;
        }
        lo = l;
    }
    if (!found) {
        *out_radius_m = r_max_m;
        *out_flags = DX_COVERAGE_RADIUS_CAPPED;
        return DX_OK;
    }
    gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (!s)
        DX_FAIL(DX_ENOMEM, "dx_coverage_cell_radius_m: gsl_root_fsolver_alloc failed");
    gsl_function F = {radius_residual, &rc};
    int st = gsl_root_fsolver_set(s, &F, lo, hi);
    if (st != GSL_SUCCESS) {
        gsl_root_fsolver_free(s);
        return dx__from_gsl(st, "dx_coverage_cell_radius_m: gsl_root_fsolver_set");
    }
    double root = 0.5 * (lo + hi);
    int iter = 0;
    do {
        st = gsl_root_fsolver_iterate(s);
        if (rc.failed) {
            gsl_root_fsolver_free(s);
            return DX_EDOMAIN;
        }
        if (st != GSL_SUCCESS)
            break;
        root = gsl_root_fsolver_root(s);
        /* 1e-9 in ln r = relative 1e-9 in r (far below any map resolution) */
        st = gsl_root_test_interval(gsl_root_fsolver_x_lower(s), gsl_root_fsolver_x_upper(s),
                                    1e-10, 1e-9);
    } while (st == GSL_CONTINUE && ++iter < 200);
    gsl_root_fsolver_free(s);
    if (st != GSL_SUCCESS)
        DX_FAIL(DX_ENOCONV, "dx_coverage_cell_radius_m: Brent solver stopped after %d iterations "
                            "(gsl status %d) for max_path_loss_db = %g dB",
                iter, st, max_path_loss_db);
    *out_radius_m = exp(root);
    return DX_OK;
}

/* ---- hexagonal layouts --------------------------------------------------- */

dx_status dx_coverage_hex_site_area_m2(double cell_radius_m, int sectors, double *out_area_m2)
{
    DX_REQUIRE_PTR(out_area_m2);
    if (!(cell_radius_m > 0.0) || !isfinite(cell_radius_m))
        DX_FAIL(DX_EDOMAIN, "dx_coverage_hex_site_area_m2: cell_radius_m = %g m (allowed > 0)",
                cell_radius_m);
    double k;
    switch (sectors) {
    case 1:
    case 6:
        k = 1.5 * sqrt(3.0); /* hexagon of circumradius r */
        break;
    case 3:
        k = 9.0 * sqrt(3.0) / 8.0; /* three hexagons of circumradius r/2 */
        break;
    default:
        DX_FAIL(DX_EDOMAIN, "dx_coverage_hex_site_area_m2: sectors = %d (allowed 1, 3 or 6)",
                sectors);
    }
    *out_area_m2 = k * cell_radius_m * cell_radius_m;
    return DX_OK;
}

dx_status dx_coverage_hex_site_count(double area_m2, double cell_radius_m, int sectors,
                                     double *out_sites)
{
    DX_REQUIRE_PTR(out_sites);
    if (!(area_m2 >= 0.0) || !isfinite(area_m2))
        DX_FAIL(DX_EDOMAIN, "dx_coverage_hex_site_count: area_m2 = %g m^2 (allowed >= 0)", area_m2);
    double s = 0.0;
    DX_TRY(dx_coverage_hex_site_area_m2(cell_radius_m, sectors, &s));
    double n = ceil(area_m2 / s * (1.0 - 1e-12));
    if (area_m2 > 0.0 && n < 1.0)
        n = 1.0;
    *out_sites = n;
    return DX_OK;
}

dx_status dx_coverage_indoor_ap_count(double floor_area_m2, int n_floors, double cell_radius_m,
                                      double *out_aps)
{
    DX_REQUIRE_PTR(out_aps);
    if (!(floor_area_m2 >= 0.0) || !isfinite(floor_area_m2))
        DX_FAIL(DX_EDOMAIN, "dx_coverage_indoor_ap_count: floor_area_m2 = %g m^2 (allowed >= 0)",
                floor_area_m2);
    if (n_floors < 1)
        DX_FAIL(DX_EDOMAIN, "dx_coverage_indoor_ap_count: n_floors = %d (allowed >= 1)", n_floors);
    double per_floor = 0.0;
    DX_TRY(dx_coverage_hex_site_count(floor_area_m2, cell_radius_m, 1, &per_floor));
    *out_aps = per_floor * n_floors;
    return DX_OK;
}

dx_status dx_coverage_indoor_wall_budget_db(double mapl_db, double wall_loss_db,
                                            double n_walls_per_10m, double r_m,
                                            double *out_budget_db)
{
    DX_REQUIRE_PTR(out_budget_db);
    if (!(wall_loss_db >= 0.0))
        DX_FAIL(DX_EDOMAIN, "dx_coverage_indoor_wall_budget_db: wall_loss_db = %g dB (allowed >= 0)",
                wall_loss_db);
    if (!(n_walls_per_10m >= 0.0))
        DX_FAIL(DX_EDOMAIN,
                "dx_coverage_indoor_wall_budget_db: n_walls_per_10m = %g (allowed >= 0)",
                n_walls_per_10m);
    if (!(r_m >= 0.0))
        DX_FAIL(DX_EDOMAIN, "dx_coverage_indoor_wall_budget_db: r_m = %g m (allowed >= 0)", r_m);
    *out_budget_db = mapl_db - wall_loss_db * n_walls_per_10m * r_m / 10.0;
    return DX_OK;
}

/* ---- cell radius through the propagation module -------------------------- */

typedef struct {
    dx_propagation_model model;
    const dx_propagation_params *params;
    double fc_hz, h_bs_m, h_ut_m;
} prop_ctx;

static dx_status prop_pl(double d_m, void *vp, double *out_pl_db)
{
    const prop_ctx *c = vp;
    /* flags are not needed: the validity range is the caller's r_min..r_max choice */
    return dx__propagation_path_loss_quiet_db(c->model, c->params, 1, &c->fc_hz, &d_m, &c->h_bs_m,
                                       &c->h_ut_m, out_pl_db, NULL, NULL);
}

dx_status dx_coverage_cell_radius_flags_m(dx_propagation_model model,
                                          const dx_propagation_params *params, double fc_hz,
                                          double h_bs_m, double h_ut_m, double max_path_loss_db,
                                          double r_min_m, double r_max_m, double *out_radius_m,
                                          unsigned int *out_flags)
{
    DX_REQUIRE_PTR(out_radius_m);
    DX_REQUIRE_PTR(out_flags);
    if (!(fc_hz > 0.0) || !isfinite(fc_hz))
        DX_FAIL(DX_EDOMAIN, "dx_coverage_cell_radius_m: fc_hz = %g Hz (allowed > 0)", fc_hz);
    if (!(h_bs_m > 0.0) || !isfinite(h_bs_m))
        DX_FAIL(DX_EDOMAIN, "dx_coverage_cell_radius_m: h_bs_m = %g m (allowed > 0)", h_bs_m);
    if (!(h_ut_m > 0.0) || !isfinite(h_ut_m))
        DX_FAIL(DX_EDOMAIN, "dx_coverage_cell_radius_m: h_ut_m = %g m (allowed > 0)", h_ut_m);
    prop_ctx c = {model, params, fc_hz, h_bs_m, h_ut_m};
    return dx__coverage_radius_fn(prop_pl, &c, max_path_loss_db, r_min_m, r_max_m, out_radius_m,
                                  out_flags);
}

dx_status dx_coverage_cell_radius_m(dx_propagation_model model,
                                    const dx_propagation_params *params, double fc_hz,
                                    double h_bs_m, double h_ut_m, double max_path_loss_db,
                                    double r_min_m, double r_max_m, double *out_radius_m)
{
    unsigned int flags = 0;
    return dx_coverage_cell_radius_flags_m(model, params, fc_hz, h_bs_m, h_ut_m,
                                           max_path_loss_db, r_min_m, r_max_m, out_radius_m,
                                           &flags);
}
