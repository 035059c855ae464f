/*
 * Calibration of a path-loss model to measurements: least squares through
 * LAPACKE (dgels QR solve; dpotrf/dpotri for the covariance), Tobit maximum
 * likelihood for censored samples (GSL BFGS, analytic gradient; covariance
 * from the numerical Hessian of the log-likelihood), confidence intervals,
 * location sigma with fast fading averaged out, leave-one-group-out RMSE.
 *
 * Tobit model (Tobin 1958; e.g. Greene, Econometric Analysis, ch. 19):
 *   y_i = x_i' b + e_i, e_i ~ N(0, s^2); a censored sample only says y_i >= c_i:
 *   log L = sum_obs [log phi((y-xb)/s) - log s] + sum_cens log Phi((xb-c)/s).
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_sf_erf.h>
#include <lapacke.h>

#include "dx_internal.h"
#include "dxsim/calibrate.h"

#define MAXP (2 + DX_CALIBRATE_MAX_EXTRA)

dx_status dx_calibrate_options_init(dx_calibrate_options *o, unsigned int version)
{
    DX_REQUIRE_PTR(o);
    if (version == 0 || version > DX_CALIBRATE_OPTIONS_VERSION)
        DX_FAIL(DX_EINVAL, "dx_calibrate_options_init: version %u (this library knows 1..%u)",
                version, (unsigned)DX_CALIBRATE_OPTIONS_VERSION);
    memset(o, 0, sizeof *o);
    o->version = version;
    o->d_ref_m = 1000.0;
    o->fit_offset = 1;
    o->fit_slope = 1;
    o->confidence_ratio = 0.95;
    o->max_iterations = 200;
    return DX_OK;
}

size_t dx_calibrate_options_size(void) { return sizeof(dx_calibrate_options); }

/* Design row of sample i. */
static int design_row(const dx_calibrate_options *o, double d, const double *extra, size_t i,
                      double *row)
{
    int p = 0;
    if (o->fit_offset)
        row[p++] = 1.0;
    if (o->fit_slope)
        row[p++] = log10(d / o->d_ref_m);
    for (size_t k = 0; k < o->n_extra; k++)
        row[p++] = extra[i * o->n_extra + k];
    return p;
}

typedef struct {
    size_t n;    /* rows in use */
    int p;
    double *X;   /* n x p row-major */
    double *y;   /* n */
    unsigned char *cens; /* n or NULL */
} fit_data;

/* (X'X)^-1 into cov (p x p, full). Returns 0 on success. */
static int xtx_inverse(const fit_data *D, double *cov)
{
    const int p = D->p;
    for (int a = 0; a < p; a++)
        for (int b = 0; b < p; b++) {
            double s = 0.0;
            for (size_t i = 0; i < D->n; i++)
                s += D->X[i * p + a] * D->X[i * p + b];
            cov[a * p + b] = s;
        }
    if (LAPACKE_dpotrf(LAPACK_ROW_MAJOR, 'U', p, cov, p) != 0)
        return -1;
    if (LAPACKE_dpotri(LAPACK_ROW_MAJOR, 'U', p, cov, p) != 0)
        return -1;
    for (int a = 0; a < p; a++)
        for (int b = 0; b < a; b++)
            cov[a * p + b] = cov[b * p + a];
    return 0;
}

/* Ordinary least squares on uncensored rows; beta (p), rss. */
static dx_status ols(const fit_data *D, double *beta, double *rss)
{
    const int p = D->p;
    if (D->n <= (size_t)p)
        DX_FAIL(DX_EINVAL, "calibrate: %zu usable samples for %d parameters (need more)", D->n,
                p);
    double *A = dx__malloc(D->n * (size_t)p * sizeof(double));
    double *b = dx__malloc(D->n * sizeof(double));
    if (!A || !b) {
        dx__free(A);
        dx__free(b);
        DX_FAIL(DX_ENOMEM, "calibrate: out of memory for %zu samples", D->n);
    }
    memcpy(A, D->X, D->n * (size_t)p * sizeof(double));
    memcpy(b, D->y, D->n * sizeof(double));
    lapack_int info = LAPACKE_dgels(LAPACK_ROW_MAJOR, 'N', (lapack_int)D->n, p, 1, A, p, b, 1);
    dx_status st = DX_OK;
    if (info != 0) {
        dx__set_error("calibrate: the design matrix is rank deficient (LAPACKE_dgels info %d): "
                      "are all distances equal, or an extra column constant?",
                      (int)info);
        st = DX_EDOMAIN;
    } else {
        memcpy(beta, b, (size_t)p * sizeof(double));
        double s = 0.0;
        for (size_t i = 0; i < D->n; i++) {
            double r = D->y[i];
            for (int k = 0; k < p; k++)
                r -= D->X[i * p + k] * beta[k];
            s += r * r;
        }
        *rss = s;
    }
    dx__free(A);
    dx__free(b);
    return st;
}

/* ---- Tobit ---- */

static double log_Phi(double z) { return gsl_sf_log_erfc(-z / 1.4142135623730951) - 0.6931471805599453; }

/* negative log-likelihood and gradient at theta = (beta, log sigma) */
static double tobit_nll(const fit_data *D, const double *th, double *g)
{
    const int p = D->p;
    const double ls = th[p], s = exp(ls);
    double f = 0.0;
    if (g)
        for (int k = 0; k <= p; k++)
            g[k] = 0.0;
    for (size_t i = 0; i < D->n; i++) {
        const double *x = D->X + i * p;
        double mu = 0.0;
        for (int k = 0; k < p; k++)
            mu += x[k] * th[k];
        if (D->cens && D->cens[i]) {
            const double z = (mu - D->y[i]) / s;
            const double lP = log_Phi(z);
            f -= lP;
            if (g) {
                const double lam = exp(-0.5 * z * z - 0.5 * log(2.0 * DX_PI) - lP);
                for (int k = 0; k < p; k++)
                    g[k] -= lam * x[k] / s;
                g[p] += lam * z;
            }
        } else {
            const double r = (D->y[i] - mu) / s;
            f += 0.5 * r * r + ls + 0.5 * log(2.0 * DX_PI);
            if (g) {
                for (int k = 0; k < p; k++)
                    g[k] -= r * x[k] / s;
                g[p] += 1.0 - r * r;
            }
        }
    }
    return f;
}

static double gsl_f(const gsl_vector *v, void *P) { return tobit_nll(P, v->data, NULL); }
static void gsl_df(const gsl_vector *v, void *P, gsl_vector *g) { tobit_nll(P, v->data, g->data); }
static void gsl_fdf(const gsl_vector *v, void *P, double *f, gsl_vector *g)
{
    *f = tobit_nll(P, v->data, g->data);
}

/* Tobit ML: th (p+1) in = start, out = estimate; cov (p+1)^2 of th (may be NULL). */
static dx_status tobit(const fit_data *D, int max_it, double *th, double *cov)
{
    const int m = D->p + 1;
    gsl_multimin_function_fdf F = {gsl_f, gsl_df, gsl_fdf, (size_t)m, (void *)D};
    gsl_vector *x = gsl_vector_alloc((size_t)m);
    gsl_multimin_fdfminimizer *mz =
        gsl_multimin_fdfminimizer_alloc(gsl_multimin_fdfminimizer_vector_bfgs2, (size_t)m);
    if (!x || !mz) {
        gsl_vector_free(x);
        gsl_multimin_fdfminimizer_free(mz);
        DX_FAIL(DX_ENOMEM, "calibrate: out of memory (minimiser)");
    }
    for (int k = 0; k < m; k++)
        gsl_vector_set(x, (size_t)k, th[k]);
    dx_status st = DX_OK;
    int rc = gsl_multimin_fdfminimizer_set(mz, &F, x, 0.1, 0.1);
    int it = 0, conv = 0;
    while (rc == GSL_SUCCESS && it < max_it) {
        it++;
        rc = gsl_multimin_fdfminimizer_iterate(mz);
        /* the log-likelihood is a sum over samples: scale the gradient tolerance */
        if (gsl_multimin_test_gradient(mz->gradient, 1e-6 * (double)(D->n + 1)) == GSL_SUCCESS) {
            conv = 1;
            break;
        }
    }
    /* BFGS may stop making progress right at the optimum (GSL_ENOPROG) */
    if (!conv && gsl_multimin_test_gradient(mz->gradient, 1e-5 * (double)(D->n + 1)) == GSL_SUCCESS)
        conv = 1;
    if (!conv) {
        dx__set_error("calibrate: Tobit likelihood did not converge in %d iterations (GSL code "
                      "%d, |gradient| %g); too few uncensored samples?",
                      it, rc, gsl_blas_dnrm2(mz->gradient));
        st = DX_ENOCONV;
    } else {
        for (int k = 0; k < m; k++)
            th[k] = gsl_vector_get(mz->x, (size_t)k);
    }
    gsl_multimin_fdfminimizer_free(mz);
    gsl_vector_free(x);
    if (st != DX_OK || !cov)
        return st;
    /* observed information: central differences of the analytic gradient */
    double H[MAXP + 1][MAXP + 1], gp[MAXP + 1], gm[MAXP + 1], t[MAXP + 1];
    for (int a = 0; a < m; a++) {
        memcpy(t, th, (size_t)m * sizeof(double));
        const double h = 1e-5 * (1.0 + fabs(th[a]));
        t[a] = th[a] + h;
        tobit_nll(D, t, gp);
        t[a] = th[a] - h;
        tobit_nll(D, t, gm);
        for (int b = 0; b < m; b++)
            H[a][b] = (gp[b] - gm[b]) / (2.0 * h);
    }
    for (int a = 0; a < m; a++)
        for (int b = 0; b < m; b++)
            cov[a * m + b] = 0.5 * (H[a][b] + H[b][a]);
    if (LAPACKE_dpotrf(LAPACK_ROW_MAJOR, 'U', m, cov, m) != 0 ||
        LAPACKE_dpotri(LAPACK_ROW_MAJOR, 'U', m, cov, m) != 0)
        DX_FAIL(DX_ENOCONV, "calibrate: the Tobit information matrix is not positive definite");
    for (int a = 0; a < m; a++)
        for (int b = 0; b < a; b++)
            cov[a * m + b] = cov[b * m + a];
    return DX_OK;
}

/* Fit on the rows where use[i] (NULL = all); beta out; sigma out; cov of beta
 * (p x p) and se of log sigma (Tobit) optional. */
static dx_status fit_core(const fit_data *All, const unsigned char *use, int any_cens, int max_it,
                          double *beta, double *sigma, double *cov, double *se_log_sigma,
                          size_t *dof)
{
    const int p = All->p;
    fit_data D = *All;
    double *X = NULL, *y = NULL;
    unsigned char *c = NULL;
    size_t n = 0;
    if (use || !any_cens) {
        /* OLS works on uncensored rows only; Tobit on all used rows */
        X = dx__malloc(All->n * (size_t)p * sizeof(double) + 1);
        y = dx__malloc(All->n * sizeof(double) + 1);
        c = dx__malloc(All->n + 1);
        if (!X || !y || !c) {
            dx__free(X);
            dx__free(y);
            dx__free(c);
            DX_FAIL(DX_ENOMEM, "calibrate: out of memory");
        }
        for (size_t i = 0; i < All->n; i++) {
            if (use && !use[i])
                continue;
            const int ci = All->cens ? All->cens[i] : 0;
            if (!any_cens && ci)
                continue;
            memcpy(X + n * p, All->X + i * p, (size_t)p * sizeof(double));
            y[n] = All->y[i];
            c[n] = (unsigned char)ci;
            n++;
        }
        D.X = X;
        D.y = y;
        D.cens = any_cens ? c : NULL;
        D.n = n;
    }
    dx_status st = DX_OK;
    double rss = 0.0;
    /* start: OLS on the uncensored rows */
    fit_data U = D;
    double *UX = NULL, *Uy = NULL;
    if (any_cens) {
        UX = dx__malloc(D.n * (size_t)p * sizeof(double) + 1);
        Uy = dx__malloc(D.n * sizeof(double) + 1);
        if (!UX || !Uy) {
            st = DX_ENOMEM;
            dx__set_error("calibrate: out of memory");
            goto out;
        }
        size_t m = 0;
        for (size_t i = 0; i < D.n; i++)
            if (!D.cens[i]) {
                memcpy(UX + m * p, D.X + i * p, (size_t)p * sizeof(double));
                Uy[m++] = D.y[i];
            }
        U.X = UX;
        U.y = Uy;
        U.n = m;
        U.cens = NULL;
    }
    if ((st = ols(&U, beta, &rss)) != DX_OK)
        goto out;
    *dof = U.n - (size_t)p;
    *sigma = sqrt(rss / (double)*dof);
    if (!any_cens) {
        if (cov) {
            if (xtx_inverse(&U, cov) != 0) {
                dx__set_error("calibrate: X'X is singular");
                st = DX_EDOMAIN;
                goto out;
            }
            for (int k = 0; k < p * p; k++)
                cov[k] *= *sigma * *sigma;
        }
    } else {
        double th[MAXP + 1], C[(MAXP + 1) * (MAXP + 1)];
        memcpy(th, beta, (size_t)p * sizeof(double));
        th[p] = log(*sigma > 0 ? *sigma : 1.0);
        if ((st = tobit(&D, max_it, th, cov ? C : NULL)) != DX_OK)
            goto out;
        memcpy(beta, th, (size_t)p * sizeof(double));
        *sigma = exp(th[p]);
        *dof = D.n - (size_t)p;
        if (cov) {
            for (int a = 0; a < p; a++)
                for (int b = 0; b < p; b++)
                    cov[a * p + b] = C[a * (p + 1) + b];
            if (se_log_sigma)
                *se_log_sigma = sqrt(C[p * (p + 1) + p]);
        }
    }
out:
    dx__free(UX);
    dx__free(Uy);
    dx__free(X);
    dx__free(y);
    dx__free(c);
    return st;
}

static void set_ci(double est, double se, double q, double ci[2])
{
    ci[0] = est - q * se;
    ci[1] = est + q * se;
}

dx_status dx_calibrate_fit(size_t n, const double *d2d_m, const double *pl_model_db,
                           const double *pl_meas_db, const unsigned char *censored,
                           const double *extra, const int *groups,
                           const dx_calibrate_options *opts, dx_calibration *out)
{
    DX_REQUIRE_PTR(d2d_m);
    DX_REQUIRE_PTR(pl_model_db);
    DX_REQUIRE_PTR(pl_meas_db);
    DX_REQUIRE_PTR(out);
    dx_calibrate_options def;
    if (!opts) {
        dx_calibrate_options_init(&def, DX_CALIBRATE_OPTIONS_VERSION);
        opts = &def;
    }
    if (opts->n_extra > DX_CALIBRATE_MAX_EXTRA)
        DX_FAIL(DX_EINVAL, "dx_calibrate_fit: n_extra = %zu (allowed 0..%d)", opts->n_extra,
                DX_CALIBRATE_MAX_EXTRA);
    if (opts->n_extra && !extra)
        DX_FAIL(DX_EINVAL, "dx_calibrate_fit: n_extra = %zu but extra is NULL", opts->n_extra);
    if (!(opts->d_ref_m > 0.0 && isfinite(opts->d_ref_m)))
        DX_FAIL(DX_EDOMAIN, "dx_calibrate_fit: d_ref_m = %g m (must be > 0)", opts->d_ref_m);
    if (!(opts->confidence_ratio > 0.0 && opts->confidence_ratio < 1.0))
        DX_FAIL(DX_EDOMAIN, "dx_calibrate_fit: confidence_ratio = %g (allowed 0 < c < 1)",
                opts->confidence_ratio);
    const int p = (opts->fit_offset ? 1 : 0) + (opts->fit_slope ? 1 : 0) + (int)opts->n_extra;
    if (p == 0)
        DX_FAIL(DX_EINVAL, "dx_calibrate_fit: nothing to fit (offset, slope and extras all off)");
    size_t n_cens = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(d2d_m[i] > 0.0 && isfinite(d2d_m[i])))
            DX_FAIL(DX_EDOMAIN, "dx_calibrate_fit: d2d_m[%zu] = %g m (must be > 0)", i, d2d_m[i]);
        if (!isfinite(pl_model_db[i]))
            DX_FAIL(DX_EDOMAIN, "dx_calibrate_fit: pl_model_db[%zu] = %g dB (must be finite)", i,
                    pl_model_db[i]);
        if (!isfinite(pl_meas_db[i]))
            DX_FAIL(DX_EDOMAIN, "dx_calibrate_fit: pl_meas_db[%zu] = %g dB (must be finite)", i,
                    pl_meas_db[i]);
        for (size_t k = 0; k < opts->n_extra; k++)
            if (!isfinite(extra[i * opts->n_extra + k]))
                DX_FAIL(DX_EDOMAIN, "dx_calibrate_fit: extra[%zu][%zu] = %g (must be finite)", i,
                        k, extra[i * opts->n_extra + k]);
        if (censored && censored[i])
            n_cens++;
    }
    if (n - n_cens <= (size_t)p)
        DX_FAIL(DX_EINVAL,
                "dx_calibrate_fit: %zu uncensored samples for %d parameters (need more)",
                n - n_cens, p);
    const int any_cens = n_cens > 0;

    fit_data D;
    D.n = n;
    D.p = p;
    D.X = dx__malloc(n * (size_t)p * sizeof(double));
    D.y = dx__malloc(n * sizeof(double));
    D.cens = (unsigned char *)censored;
    unsigned char *use = dx__malloc(n);
    double *resid = dx__malloc(n * sizeof(double));
    int *gid = dx__malloc(n * sizeof(int));
    dx_status st = DX_OK;
    if (!D.X || !D.y || !use || !resid || !gid) {
        dx__set_error("dx_calibrate_fit: out of memory for %zu samples", n);
        st = DX_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        design_row(opts, d2d_m[i], extra, i, D.X + i * p);
        D.y[i] = pl_meas_db[i] - pl_model_db[i];
    }

    double beta[MAXP], cov[MAXP * MAXP], sigma, se_ls = NAN;
    size_t dof;
    if ((st = fit_core(&D, NULL, any_cens, opts->max_iterations, beta, &sigma, cov, &se_ls,
                       &dof)) != DX_OK)
        goto done;

    memset(out, 0, sizeof *out);
    out->d_ref_m = opts->d_ref_m;
    out->n_extra = opts->n_extra;
    out->n_samples = n;
    out->n_censored = n_cens;
    out->censored_ml = any_cens;
    const double alpha = 1.0 - opts->confidence_ratio;
    const double q = any_cens ? gsl_cdf_ugaussian_Pinv(1.0 - alpha / 2)
                              : gsl_cdf_tdist_Pinv(1.0 - alpha / 2, (double)dof);
    out->offset_ci_db[0] = out->offset_ci_db[1] = NAN;
    out->slope_ci_db_per_decade[0] = out->slope_ci_db_per_decade[1] = NAN;
    for (int k = 0; k < DX_CALIBRATE_MAX_EXTRA; k++)
        out->extra_ci[k][0] = out->extra_ci[k][1] = NAN;
    int k = 0;
    if (opts->fit_offset) {
        out->offset_db = beta[k];
        set_ci(beta[k], sqrt(cov[k * p + k]), q, out->offset_ci_db);
        k++;
    }
    if (opts->fit_slope) {
        out->slope_db_per_decade = beta[k];
        set_ci(beta[k], sqrt(cov[k * p + k]), q, out->slope_ci_db_per_decade);
        k++;
    }
    for (size_t e = 0; e < opts->n_extra; e++, k++) {
        out->extra_coef[e] = beta[k];
        set_ci(beta[k], sqrt(cov[k * p + k]), q, out->extra_ci[e]);
    }
    out->sigma_db = sigma;
    if (!any_cens) {
        const double v = (double)dof;
        out->sigma_ci_db[0] = sigma * sqrt(v / gsl_cdf_chisq_Pinv(1.0 - alpha / 2, v));
        out->sigma_ci_db[1] = sigma * sqrt(v / gsl_cdf_chisq_Pinv(alpha / 2, v));
    } else {
        out->sigma_ci_db[0] = sigma * exp(-q * se_ls);
        out->sigma_ci_db[1] = sigma * exp(q * se_ls);
    }

    /* in-sample figures on uncensored samples */
    size_t nu = 0;
    double s1 = 0, s2 = 0, m1 = 0, m2 = 0;
    for (size_t i = 0; i < n; i++) {
        double mu = 0.0;
        for (int j = 0; j < p; j++)
            mu += D.X[i * p + j] * beta[j];
        resid[i] = D.y[i] - mu;
        if (censored && censored[i])
            continue;
        nu++;
        s1 += resid[i];
        s2 += resid[i] * resid[i];
        m1 += D.y[i];
        m2 += D.y[i] * D.y[i];
    }
    out->bias_db = s1 / (double)nu;
    out->rmse_db = sqrt(s2 / (double)nu);
    out->model_bias_db = m1 / (double)nu;
    out->model_rmse_db = sqrt(m2 / (double)nu);

    /* location sigma: power means over windows of consecutive uncensored
     * samples of one group, then the spread of those means */
    out->sigma_location_db = sigma;
    if (opts->fast_fading_window >= 2) {
        double bs = 0, bs2 = 0;
        size_t nb = 0, i = 0;
        while (i < n) {
            size_t j = i, cnt = 0;
            double acc = 0.0;
            while (j < n && cnt < opts->fast_fading_window && !(censored && censored[j]) &&
                   (!groups || groups[j] == groups[i])) {
                acc += pow(10.0, -resid[j] / 10.0);
                cnt++;
                j++;
            }
            if (cnt == opts->fast_fading_window) {
                const double r = -10.0 * log10(acc / (double)cnt);
                bs += r;
                bs2 += r * r;
                nb++;
            }
            i = j > i ? j : i + 1;
        }
        if (nb >= 2) {
            const double mean = bs / (double)nb;
            out->sigma_location_db = sqrt(fmax(0.0, (bs2 - nb * mean * mean) / (double)(nb - 1)));
        } else {
            out->sigma_location_db = NAN;
        }
    }

    /* leave-one-group-out */
    size_t ng = 0;
    for (size_t i = 0; i < n; i++) {
        if (!groups) {
            gid[i] = (int)i;
            continue;
        }
        size_t g = 0;
        for (; g < i; g++)
            if (groups[g] == groups[i])
                break;
        gid[i] = g < i ? gid[g] : (int)ng++;
    }
    if (!groups)
        ng = n;
    out->n_groups = ng;
    out->loo_rmse_db = NAN;
    if (ng >= 2) {
        double se = 0.0;
        size_t cnt = 0;
        int ok = 1;
        if (!groups && !any_cens) {
            /* OLS leave-one-out: e_i / (1 - h_ii), h_ii = x_i' (X'X)^-1 x_i */
            double inv[MAXP * MAXP];
            if (xtx_inverse(&D, inv) != 0)
                ok = 0;
            for (size_t i = 0; ok && i < n; i++) {
                const double *x = D.X + i * p;
                double h = 0.0;
                for (int a = 0; a < p; a++)
                    for (int b = 0; b < p; b++)
                        h += x[a] * inv[a * p + b] * x[b];
                if (h >= 1.0 - 1e-12) {
                    ok = 0;
                    break;
                }
                const double e = resid[i] / (1.0 - h);
                se += e * e;
                cnt++;
            }
        } else {
            for (size_t g = 0; ok && g < ng; g++) {
                for (size_t i = 0; i < n; i++)
                    use[i] = gid[i] != (int)g;
                double b2[MAXP], s2g;
                size_t dof2;
                if (fit_core(&D, use, any_cens, opts->max_iterations, b2, &s2g, NULL, NULL,
                             &dof2) != DX_OK) {
                    ok = 0;
                    break;
                }
                for (size_t i = 0; i < n; i++) {
                    if (use[i] || (censored && censored[i]))
                        continue;
                    double mu = 0.0;
                    for (int j = 0; j < p; j++)
                        mu += D.X[i * p + j] * b2[j];
                    const double e = D.y[i] - mu;
                    se += e * e;
                    cnt++;
                }
            }
        }
        if (ok && cnt)
            out->loo_rmse_db = sqrt(se / (double)cnt);
    }
done:
    dx__free(D.X);
    dx__free(D.y);
    dx__free(use);
    dx__free(resid);
    dx__free(gid);
    return st;
}

dx_status dx_calibrate_fit_model(dx_propagation_model model, const dx_propagation_params *params,
                                 double fc_hz, double h_bs_m, double h_ut_m, size_t n,
                                 const double *d2d_m, const double *pl_meas_db,
                                 const unsigned char *censored, const double *extra,
                                 const int *groups, const dx_calibrate_options *opts,
                                 dx_calibration *out)
{
    DX_REQUIRE_PTR(d2d_m);
    dx_propagation_params pp;
    if (params)
        pp = *params;
    else
        DX_TRY(dx_propagation_params_init(&pp, DX_PROPAGATION_PARAMS_VERSION));
    pp.los = DX_PROPAGATION_NLOS;
    double *buf = dx__malloc(4 * n * sizeof(double) + 1);
    if (!buf)
        DX_FAIL(DX_ENOMEM, "dx_calibrate_fit_model: out of memory for %zu samples", n);
    double *f = buf, *hb = buf + n, *hu = buf + 2 * n, *pl = buf + 3 * n;
    for (size_t i = 0; i < n; i++) {
        f[i] = fc_hz;
        hb[i] = h_bs_m;
        hu[i] = h_ut_m;
    }
    size_t n_out = 0;
    dx_status st = dx_propagation_path_loss_db(model, &pp, n, f, d2d_m, hb, hu, pl, NULL, &n_out);
    if (st == DX_OK)
        st = dx_calibrate_fit(n, d2d_m, pl, pl_meas_db, censored, extra, groups, opts, out);
    dx__free(buf);
    return st;
}

dx_status dx_calibrate_apply(const dx_calibration *cal, size_t n, const double *d2d_m,
                             const double *pl_model_db, const double *extra, double *out_pl_db)
{
    DX_REQUIRE_PTR(cal);
    if (n && (!d2d_m || !pl_model_db || !out_pl_db))
        DX_FAIL(DX_EINVAL, "dx_calibrate_apply: NULL array with n = %zu", n);
    if (cal->n_extra > DX_CALIBRATE_MAX_EXTRA || (cal->n_extra && n && !extra))
        DX_FAIL(DX_EINVAL, "dx_calibrate_apply: the calibration has %zu extra columns; extra "
                           "must hold n x %zu values",
                cal->n_extra, cal->n_extra);
    if (!(cal->d_ref_m > 0.0))
        DX_FAIL(DX_EDOMAIN, "dx_calibrate_apply: d_ref_m = %g m (must be > 0)", cal->d_ref_m);
    for (size_t i = 0; i < n; i++) {
        if (!(d2d_m[i] > 0.0))
            DX_FAIL(DX_EDOMAIN, "dx_calibrate_apply: d2d_m[%zu] = %g m (must be > 0)", i,
                    d2d_m[i]);
        double v = pl_model_db[i] + cal->offset_db +
                   cal->slope_db_per_decade * log10(d2d_m[i] / cal->d_ref_m);
        for (size_t k = 0; k < cal->n_extra; k++)
            v += cal->extra_coef[k] * extra[i * cal->n_extra + k];
        out_pl_db[i] = v;
    }
    return DX_OK;
}

dx_status dx_calibrate_lora_signal_dbm(size_t n, const double *rssi_dbm, const double *snr_db,
                                       int exact_all_snr, double *out_signal_dbm)
{
    if (n && (!rssi_dbm || !snr_db || !out_signal_dbm))
        DX_FAIL(DX_EINVAL, "dx_calibrate_lora_signal_dbm: NULL array with n = %zu", n);
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(rssi_dbm[i]) || !(snr_db[i] > -40.0 && snr_db[i] < 60.0))
            DX_FAIL(DX_EDOMAIN,
                    "dx_calibrate_lora_signal_dbm: sample %zu RSSI %g dBm, SNR %g dB (SNR "
                    "allowed -40..60 dB)",
                    i, rssi_dbm[i], snr_db[i]);
        if (snr_db[i] < 0.0 || exact_all_snr)
            out_signal_dbm[i] =
                rssi_dbm[i] + snr_db[i] - 10.0 * log10(1.0 + pow(10.0, snr_db[i] / 10.0));
        else
            out_signal_dbm[i] = rssi_dbm[i];
    }
    return DX_OK;
}
