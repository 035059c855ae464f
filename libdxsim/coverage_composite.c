/* Composite LOS/NLOS coverage of a circular cell (TR 38.901 LOS probability
 * with per-state path loss and shadowing): served probability, its disc mean
 * and the cell radius meeting edge and area targets (GSL Brent via the shared
 * monotone inversion of coverage_analytic.c). */
#include <math.h>
#include <string.h>
#include "dx_internal.h"
#include "coverage_internal.h"
#include "dxsim/coverage.h"

/* TR 38.901 outdoor models are specified from d2D = 10 m (Table 7.4.1-1). */
#define DX__COMPOSITE_D_MIN_M 10.0
/* σ for a model that has none in its standard: 8 dB (ASSUMED, the 38.901 UMa/RMa NLOS value). */
#define DX__COMPOSITE_DEFAULT_SIGMA_DB 8.0

dx_status dx_coverage_link_init(dx_coverage_link *l, unsigned int version)
{
    DX_REQUIRE_PTR(l);
    if (version == 0 || version > DX_COVERAGE_LINK_VERSION)
        DX_FAIL(DX_EINVAL, "dx_coverage_link_init: version = %u (this library knows 1..%u)",
                version, DX_COVERAGE_LINK_VERSION);
    memset(l, 0, sizeof *l);
    l->version = version;
    l->model = DX_PROPAGATION_38901_UMA;
    DX_TRY(dx_propagation_params_init(&l->params, DX_PROPAGATION_PARAMS_VERSION));
    l->fc_hz = 3.5e9;
    l->h_bs_m = 25.0;
    l->h_ut_m = 1.5;
    l->max_path_loss_db = 130.0;
    l->sigma_los_db = -1.0;
    l->sigma_nlos_db = -1.0;
    if (version >= 2)
        l->pl_d_ref_m = 1000.0; /* dx_calibrate_options_init's d_ref_m */
    return DX_OK;
}

size_t dx_coverage_link_size(void) { return sizeof(dx_coverage_link); }

static int has_los_probability(dx_propagation_model m)
{
    return m >= DX_PROPAGATION_38901_RMA && m <= DX_PROPAGATION_38901_INF_DH;
}

static double phi(double x) { return 0.5 * erfc(-x / sqrt(2.0)); }

static dx_status sigma_of(const dx_coverage_link *l, dx_propagation_los los, double d,
                          double *out)
{
    double given = los == DX_PROPAGATION_LOS ? l->sigma_los_db : l->sigma_nlos_db;
    if (given >= 0.0) {
        *out = given;
        return DX_OK;
    }
    if (!has_los_probability(l->model)) {
        *out = DX__COMPOSITE_DEFAULT_SIGMA_DB;
        return DX_OK;
    }
    return dx_propagation_shadow_fading_sigma_db(l->model, los, l->fc_hz, d, out);
}

static dx_status path_loss(const dx_coverage_link *l, dx_propagation_los los, double d,
                           double *out)
{
    dx_propagation_params p = l->params;
    if (has_los_probability(l->model))
        p.los = los;
    /* validity flags are the caller's business (the pipeline reports them) */
    DX_TRY(dx__propagation_path_loss_quiet_db(l->model, &p, 1, &l->fc_hz, &d, &l->h_bs_m, &l->h_ut_m, out,
                                       NULL, NULL));
    /* version 2: calibration of the model (dxsim/calibrate.h form) */
    if (l->version >= 2 && (l->pl_offset_db != 0.0 || l->pl_slope_db_per_decade != 0.0))
        *out += l->pl_offset_db + l->pl_slope_db_per_decade * log10(d / l->pl_d_ref_m);
    return DX_OK;
}

/* The LOS-state expectation of f at distance d. */
static dx_status expect(const dx_coverage_link *l, double d, dx_coverage_link_fn f, void *user,
                        double *out)
{
    d = fmax(d, DX__COMPOSITE_D_MIN_M);
    double p_los = 0.0, pl_n, s_n;
    if (has_los_probability(l->model)) {
        DX_TRY(dx_propagation_los_probability_bs(l->model, &l->params, 1, &d, &l->h_bs_m,
                                                 &l->h_ut_m, &p_los));
    }
    dx_propagation_los other = has_los_probability(l->model) ? DX_PROPAGATION_NLOS : l->params.los;
    DX_TRY(path_loss(l, other, d, &pl_n));
    DX_TRY(sigma_of(l, other, d, &s_n));
    double v = (1.0 - p_los) * f(pl_n, s_n, user);
    if (p_los > 0.0) {
        double pl_l, s_l;
        DX_TRY(path_loss(l, DX_PROPAGATION_LOS, d, &pl_l));
        DX_TRY(sigma_of(l, DX_PROPAGATION_LOS, d, &s_l));
        v += p_los * f(pl_l, s_l, user);
    }
    *out = v;
    return DX_OK;
}

/* f = probability that the path loss, shadowed by N(0, σ²), stays below L. */
static double served_f(double pl_db, double sigma_db, void *user)
{
    double L = *(const double *)user;
    return sigma_db > 0 ? phi((L - pl_db) / sigma_db) : (pl_db <= L ? 1.0 : 0.0);
}

static dx_status served(const dx_coverage_link *l, double d, double *out)
{
    double L = l->max_path_loss_db;
    return expect(l, d, served_f, &L, out);
}

static dx_status check_link(const dx_coverage_link *l, const char *fn)
{
    DX_REQUIRE_PTR(l);
    if (!(l->fc_hz > 0) || !(l->h_bs_m > 0) || !(l->h_ut_m > 0) || !isfinite(l->max_path_loss_db))
        DX_FAIL(DX_EDOMAIN, "%s: link fc_hz = %g Hz, h_bs_m = %g m, h_ut_m = %g m, "
                            "max_path_loss_db = %g dB (need positive frequency and heights, "
                            "finite loss)",
                fn, l->fc_hz, l->h_bs_m, l->h_ut_m, l->max_path_loss_db);
    if (l->version >= 2 && (!isfinite(l->pl_offset_db) || !isfinite(l->pl_slope_db_per_decade) ||
                            !(l->pl_d_ref_m > 0.0)))
        DX_FAIL(DX_EDOMAIN, "%s: link calibration pl_offset_db = %g dB, pl_slope_db_per_decade "
                            "= %g dB, pl_d_ref_m = %g m (need finite offset and slope, d_ref > 0)",
                fn, l->pl_offset_db, l->pl_slope_db_per_decade, l->pl_d_ref_m);
    return DX_OK;
}

dx_status dx_coverage_served_probability_ratio(const dx_coverage_link *l, size_t n,
                                               const double *d2d_m, double *out_ratio)
{
    DX_TRY(check_link(l, "dx_coverage_served_probability_ratio"));
    if (n && (!d2d_m || !out_ratio))
        DX_FAIL(DX_EINVAL, "dx_coverage_served_probability_ratio: NULL array with n = %zu", n);
    for (size_t i = 0; i < n; i++) {
        if (!(d2d_m[i] > 0.0) || !isfinite(d2d_m[i]))
            DX_FAIL(DX_EDOMAIN, "dx_coverage_served_probability_ratio: d2d_m[%zu] = %g m "
                                "(allowed > 0)", i, d2d_m[i]);
        DX_TRY(served(l, d2d_m[i], &out_ratio[i]));
    }
    return DX_OK;
}

static dx_status disc_expect(const dx_coverage_link *l, double R, dx_coverage_link_fn f,
                             void *user, double *out)
{
    const int n = 64; /* Simpson, even number of intervals */
    double h = R / n, acc = 0.0;
    for (int i = 0; i <= n; i++) {
        double r = i * h, v;
        DX_TRY(expect(l, r, f, user, &v));
        double w = (i == 0 || i == n) ? 1.0 : (i % 2 ? 4.0 : 2.0);
        acc += w * v * r;
    }
    *out = 2.0 / (R * R) * acc * h / 3.0;
    return DX_OK;
}

static dx_status disc_mean(const dx_coverage_link *l, double R, double *out)
{
    double L = l->max_path_loss_db;
    return disc_expect(l, R, served_f, &L, out);
}

dx_status dx_coverage_disc_expectation(const dx_coverage_link *l, double radius_m,
                                       dx_coverage_link_fn fn, void *user, double *out)
{
    DX_TRY(check_link(l, "dx_coverage_disc_expectation"));
    DX_REQUIRE_PTR(fn);
    DX_REQUIRE_PTR(out);
    if (!(radius_m > 0.0) || !isfinite(radius_m))
        DX_FAIL(DX_EDOMAIN, "dx_coverage_disc_expectation: radius_m = %g m (allowed > 0)", radius_m);
    return disc_expect(l, radius_m, fn, user, out);
}

dx_status dx_coverage_disc_served_ratio(const dx_coverage_link *l, double radius_m,
                                        double *out_ratio)
{
    DX_TRY(check_link(l, "dx_coverage_disc_served_ratio"));
    DX_REQUIRE_PTR(out_ratio);
    if (!(radius_m > 0.0) || !isfinite(radius_m))
        DX_FAIL(DX_EDOMAIN, "dx_coverage_disc_served_ratio: radius_m = %g m (allowed > 0)", radius_m);
    return disc_mean(l, radius_m, out_ratio);
}

/* The shared monotone inversion finds r where an increasing function reaches a
 * target: invert 1 - p(r) (edge) and 1 - mean(R) (area). */
typedef struct {
    const dx_coverage_link *l;
    int area;
} inv_ctx;

static dx_status miss_ratio(double r, void *vc, double *out)
{
    const inv_ctx *c = vc;
    double p;
    DX_TRY(c->area ? disc_mean(c->l, r, &p) : served(c->l, r, &p));
    *out = 1.0 - p;
    return DX_OK;
}

static dx_status radius_for(const dx_coverage_link *l, int area, double target, double r_min,
                            double r_max, double *out_r)
{
    inv_ctx c = {l, area};
    double miss;
    DX_TRY(miss_ratio(r_min, &c, &miss));
    if (1.0 - miss < target)
        DX_FAIL(DX_EDOMAIN, "dx_coverage_composite_radius_m: %s %.4f at r_min_m = %g m is already "
                            "below the target %.4f (allowable loss %.1f dB)",
                area ? "area coverage" : "edge probability", 1.0 - miss, r_min, target,
                l->max_path_loss_db);
    unsigned int flags = 0;
    return dx__coverage_radius_fn(miss_ratio, &c, 1.0 - target, r_min, r_max, out_r, &flags);
}

/* The radius search costs thousands of path-loss evaluations, and the planner
 * asks it the same question on every Monte Carlo draw whose inputs do not touch
 * the link (demand, prices): a small per-thread memo of successful answers,
 * keyed on the whole link record and the arguments (no pointers in the record,
 * so equal bytes mean an equal question; a copy differing only in padding is
 * merely a miss). The answer is the same double the search returns. */
#define DX__RADIUS_MEMO 8
typedef struct {
    dx_coverage_link l;
    double edge, area, r_min, r_max;
} radius_key;
static _Thread_local struct {
    int valid, have_area;
    radius_key k;
    double r, area_out;
} dx__radius_memo[DX__RADIUS_MEMO];
static _Thread_local unsigned dx__radius_memo_next;

static dx_status composite_radius(const dx_coverage_link *l, double edge_probability_ratio,
                                  double area_ratio, double r_min_m, double r_max_m,
                                  double *out_radius_m, double *out_area_ratio);

dx_status dx_coverage_composite_radius_m(const dx_coverage_link *l, double edge_probability_ratio,
                                         double area_ratio, double r_min_m, double r_max_m,
                                         double *out_radius_m, double *out_area_ratio)
{
    DX_TRY(check_link(l, "dx_coverage_composite_radius_m"));
    DX_REQUIRE_PTR(out_radius_m);
    radius_key k;
    memset(&k, 0, sizeof k);
    memcpy(&k.l, l, sizeof *l);
    k.edge = edge_probability_ratio;
    k.area = area_ratio;
    k.r_min = r_min_m;
    k.r_max = r_max_m;
    for (unsigned i = 0; i < DX__RADIUS_MEMO; i++)
        if (dx__radius_memo[i].valid && (dx__radius_memo[i].have_area || !out_area_ratio) &&
            memcmp(&dx__radius_memo[i].k, &k, sizeof k) == 0) {
            *out_radius_m = dx__radius_memo[i].r;
            if (out_area_ratio)
                *out_area_ratio = dx__radius_memo[i].area_out;
            return DX_OK;
        }
    double area_out = NAN;
    DX_TRY(composite_radius(l, edge_probability_ratio, area_ratio, r_min_m, r_max_m, out_radius_m,
                            out_area_ratio ? &area_out : NULL));
    if (out_area_ratio)
        *out_area_ratio = area_out;
    unsigned i = dx__radius_memo_next++ % DX__RADIUS_MEMO;
    dx__radius_memo[i].valid = 1;
    dx__radius_memo[i].have_area = out_area_ratio != NULL;
    memcpy(&dx__radius_memo[i].k, &k, sizeof k); /* padding too: memcmp above */
    dx__radius_memo[i].r = *out_radius_m;
    dx__radius_memo[i].area_out = area_out;
    return DX_OK;
}

static dx_status composite_radius(const dx_coverage_link *l, double edge_probability_ratio,
                                  double area_ratio, double r_min_m, double r_max_m,
                                  double *out_radius_m, double *out_area_ratio)
{
    DX_TRY(check_link(l, "dx_coverage_composite_radius_m"));
    DX_REQUIRE_PTR(out_radius_m);
    if (!(edge_probability_ratio >= 0.0 && edge_probability_ratio < 1.0) ||
        !(area_ratio >= 0.0 && area_ratio < 1.0))
        DX_FAIL(DX_EDOMAIN, "dx_coverage_composite_radius_m: edge_probability_ratio = %g, "
                            "area_ratio = %g (allowed 0 <= p < 1)",
                edge_probability_ratio, area_ratio);
    if (!(r_min_m > 0.0) || !(r_max_m > r_min_m))
        DX_FAIL(DX_EDOMAIN, "dx_coverage_composite_radius_m: r_min_m = %g m, r_max_m = %g m "
                            "(allowed 0 < r_min_m < r_max_m)", r_min_m, r_max_m);
    double r = r_max_m;
    if (edge_probability_ratio > 0.0)
        DX_TRY(radius_for(l, 0, edge_probability_ratio, r_min_m, r_max_m, &r));
    if (area_ratio > 0.0 && r > r_min_m) {
        double mean;
        DX_TRY(disc_mean(l, r, &mean));
        if (mean < area_ratio)
            DX_TRY(radius_for(l, 1, area_ratio, r_min_m, r, &r));
    }
    *out_radius_m = r;
    if (out_area_ratio)
        DX_TRY(disc_mean(l, r, out_area_ratio));
    return DX_OK;
}
