/*
 * Irregular Terrain Model (Longley-Rice) in C.
 *
 * Written from the published algorithm (Hufford 1995, "The ITS Irregular
 * Terrain Model, version 1.2.2: the algorithm" = [Alg]; ERL 79-ITS 67 =
 * [ERL]; NBS Technical Note 101 = [TN101]; Vogler 1964 for smooth-Earth
 * diffraction) and checked term by term against NTIA/ITS's public-domain C++
 * reference (github.com/NTIA/itm, v1.4). Credit: NTIA/ITS. The numerical
 * constants below are the model's own (tables of [Alg] §5 and §6); they are
 * not libdxsim defaults and are not tunable.
 *
 * Changes from NTIA's code: C11; the profile is (n, spacing, heights) rather
 * than the PFL array; frequency in Hz and quantiles as ratios at the API;
 * errors are dx_status codes with messages.
 */
#include <complex.h>
#include <math.h>
#include <string.h>

#include "dx_internal.h"
#include "itm_internal.h"
#include "dxsim/itm.h"

#define ITM_A0_M 6370e3        /* actual Earth radius [Alg] */
#define ITM_A9000_M 9000e3     /* reference radius for the effective distance [Alg 5.3] */
#define ITM_GAMMA_A 157e-9     /* curvature of the actual Earth, 1/m */
#define ITM_THIRD (1.0 / 3.0)
#define ITM_MODE_P2P 0
#define ITM_MODE_AREA 1

/* Warning bits as NTIA numbers them (include/Warnings.h). */
#define W_TX_HEIGHT 0x0001L
#define W_RX_HEIGHT 0x0002L
#define W_FREQUENCY 0x0004L
#define W_DIST_BIG_1 0x0008L
#define W_DIST_BIG_2 0x0010L
#define W_DIST_SMALL_1 0x0020L
#define W_DIST_SMALL_2 0x0040L
#define W_TX_HZN_ANGLE 0x0080L
#define W_RX_HZN_ANGLE 0x0100L
#define W_TX_HZN_DIST_1 0x0200L
#define W_RX_HZN_DIST_1 0x0400L
#define W_TX_HZN_DIST_2 0x0800L
#define W_RX_HZN_DIST_2 0x1000L
#define W_EXTREME_VAR 0x2000L
#define W_SURFACE_REFR 0x4000L

static double dmin(double a, double b) { return a < b ? a : b; }
static double dmax(double a, double b) { return a > b ? a : b; }
static double dpos(double a, double b) { return a > b ? a - b : 0.0; } /* fdim */
static double sq(double x) { return x * x; }

/* ---------------------------------------------------------------------- */
/* Profile analysis                                                        */

/* Least-squares line through z[i_start..i_end] of a profile with np
 * intervals of spacing xi; returns the line's heights at x = 0 and x = np. */
static void itm_fit_line(int np, double xi, const double *z, const dx__itm_prefix *pre,
                         double d_start, double d_end, double *y_first, double *y_last)
{
    int i0 = (int)dpos(d_start / xi, 0.0);
    int i1 = np - (int)dpos((double)np, d_end / xi);
    if (i1 <= i0) {
        i0 = (int)dpos((double)i0, 1.0);
        i1 = np - (int)dpos((double)np, i1 + 1.0);
    }
    const double len = i1 - i0;
    double xm = -0.5 * len;
    const double x_end_shift = i1 + xm;
    double sum = 0.5 * (z[i0] + z[i1]);
    double sxy = 0.5 * (z[i0] - z[i1]) * xm;
    if (pre && i1 - i0 >= 2 && i1 - 1 <= pre->n) {
        /* interior points i0 < i < i1 from prefix sums: the same sums in
         * another order (differences of ~1e-12 m) */
        const double s0 = pre->c0[i1] - pre->c0[i0 + 1], s1 = pre->c1[i1] - pre->c1[i0 + 1];
        sum += s0;
        sxy += s1 - 0.5 * (i0 + i1) * s0;
    } else {
        int i = i0;
        for (int k = 2; k <= len; k++) {
            i++;
            xm += 1.0;
            sum += z[i];
            sxy += z[i] * xm;
        }
    }
    sum /= len;
    sxy *= 12.0 / ((len * len + 2.0) * len);
    *y_first = sum - sxy * x_end_shift;
    *y_last = sum + sxy * (np - x_end_shift);
}

/* Element of rank k (0-based, ascending) of v[lo..hi], partially reordering
 * v (Hoare quickselect with a median-of-three pivot). */
static double select_rank(double *v, int lo, int hi, int k)
{
    while (hi > lo) {
        const int mid = lo + (hi - lo) / 2;
        double a = v[lo], b = v[mid], c = v[hi];
        double pivot = a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b));
        int i = lo, j = hi;
        while (i <= j) {
            while (v[i] < pivot)
                i++;
            while (v[j] > pivot)
                j--;
            if (i <= j) {
                const double t = v[i];
                v[i] = v[j];
                v[j] = t;
                i++;
                j--;
            }
        }
        if (k <= j)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            return v[k];
    }
    return v[k];
}

/* Ranks by a 64-bin histogram between the minimum and maximum: the bin
 * holding a rank is found from the counts, then only that bin's few values
 * are ranked (exact: the same value any selection returns; few mispredicted
 * branches, which dominate a quickselect on ~200 values). */
/* k-th largest and k-th smallest (1 <= k <= n) of v[0..n), n <= 256, whose
 * minimum and maximum are lo and hi. */
static void kth_extremes(double *v, int n, int k, double lo, double hi, double *kth_large,
                         double *kth_small)
{
    if (!(hi > lo)) {
        *kth_large = *kth_small = lo;
        return;
    }
    enum { NB = 64 };
    unsigned char bin[256];
    int cum[NB + 1] = {0};
    const double scale = (NB - 1e-9) / (hi - lo);
    for (int i = 0; i < n; i++) {
        int b = (int)((v[i] - lo) * scale);
        b = b < NB ? b : NB - 1;
        bin[i] = (unsigned char)b;
        cum[b + 1]++;
    }
    for (int b = 0; b < NB; b++)
        cum[b + 1] += cum[b];
    /* the bins holding ranks k - 1 and n - k, then one pass collecting both */
    const int r_small = k - 1, r_large = n - k;
    int bs = 0, bl = 0;
    while (cum[bs + 1] <= r_small)
        bs++;
    while (cum[bl + 1] <= r_large)
        bl++;
    double sa[256], sb[256];
    int ma = 0, mb = 0;
    for (int i = 0; i < n; i++) {
        sa[ma] = v[i];
        sb[mb] = v[i];
        ma += bin[i] == bs;
        mb += bin[i] == bl;
    }
    *kth_small = select_rank(sa, 0, ma - 1, r_small - cum[bs]);
    *kth_large = select_rank(sb, 0, mb - 1, r_large - cum[bl]);
}

/* Terrain irregularity delta_h between two distances [ERL eq. 3]: the
 * interdecile range of the terrain about a straight-line fit, on a
 * resampled profile of at most 245 points. */
static double itm_delta_h(int np, double xi, const double *z, double d_start, double d_end)
{
    double s[247];
    double x0 = d_start / xi;
    double x1 = d_end / xi;
    if (x1 - x0 < 2.0)
        return 0.0;
    int p10 = (int)(0.1 * (x1 - x0 + 8.0));
    if (p10 < 4)
        p10 = 4;
    if (p10 > 25)
        p10 = 25;
    const int n = 10 * p10 - 5;
    const double ns = n - 1;
    const double step = (x1 - x0) / ns;
    int i = (int)x0;
    x0 -= (float)(i + 1.0); /* NTIA narrows to float here; kept for identical sampling */
    /* the line fit of the resampled points (itm_fit_line over s[0..n-1]) is
     * summed while resampling: the interior sums, then the two ends */
    double sum = 0.0, sxy = 0.0;
    const double xm0 = -0.5 * ns;
    for (int j = 0; j < n; j++) {
        while (x0 > 0.0 && (i + 1) < np) {
            x0 -= 1.0;
            i++;
        }
        const double v = z[i + 1] + (z[i + 1] - z[i]) * x0;
        s[j] = v;
        sum += v;
        sxy += v * (xm0 + j);
        x0 += step;
    }
    sum -= 0.5 * (s[0] + s[n - 1]);
    sxy -= 0.5 * (s[0] * xm0 + s[n - 1] * (xm0 + ns));
    sum /= ns;
    sxy *= 12.0 / ((ns * ns + 2.0) * ns);
    double y0 = sum - sxy * 0.5 * ns; /* the line at x = 0 and its slope */
    const double slope = sxy;
    double lo = INFINITY, hi = -INFINITY;
    for (int j = 0; j < n; j++) {
        const double v = s[j] - y0;
        s[j] = v;
        lo = v < lo ? v : lo;
        hi = v > hi ? v : hi;
        y0 += slope;
    }
    /* q10: the p10-th largest; q90: element n - p10 in descending order, i.e.
     * the p10-th smallest */
    double q10, q90;
    kth_extremes(s, n, p10, lo, hi, &q10, &q90);
    return (q10 - q90) / (1.0 - 0.8 * exp(-(d_end - d_start) / 50e3));
}

/* Horizon angles and distances of both terminals [TN101 6.15]. */
static void itm_horizons(int np, double xi, const double *z, double a_e, const double h[2],
                         double th[2], double dh[2])
{
    const double d = np * xi;
    const double ztx = z[0] + h[0];
    const double zrx = z[np] + h[1];
    th[0] = (zrx - ztx) / d - d / (2 * a_e);
    th[1] = -(zrx - ztx) / d - d / (2 * a_e);
    dh[0] = d;
    dh[1] = d;
    double dt = 0.0, dr = d;
    const double inv2a = 1.0 / (2 * a_e);
    for (int i = 1; i < np; i++) {
        dt += xi;
        dr -= xi;
        /* a > th0 tested as a * dt > th0 * dt (dt > 0): no division per point;
         * the angle itself is computed only when it wins */
        if ((z[i] - ztx) - dt * dt * inv2a > th[0] * dt) {
            th[0] = (z[i] - ztx) / dt - dt * inv2a;
            dh[0] = dt;
        }
        if (-(zrx - z[i]) - dr * dr * inv2a > th[1] * dr) {
            th[1] = -(zrx - z[i]) / dr - dr * inv2a;
            dh[1] = dr;
        }
    }
}

/* Effective heights, horizons and delta_h from a profile ([Alg] §3, "qlrpfl"). */
static void itm_profile(int np, double xi, const double *z, const dx__itm_prefix *pre,
                        double gamma_e, const double h[2], double th[2], double dh[2],
                        double he[2], double *delta_h, double *d)
{
    *d = np * xi;
    const double a_e = 1.0 / gamma_e;
    itm_horizons(np, xi, z, a_e, h, th, dh);
    /* terrain considered from 15 tower heights (Hufford 1982) or 10 % of the horizon */
    const double d_start = dmin(15.0 * h[0], 0.1 * dh[0]);
    const double d_end = *d - dmin(15.0 * h[1], 0.1 * dh[1]);
    *delta_h = itm_delta_h(np, xi, z, d_start, d_end);
    double ftx, frx, dummy;
    if (dh[0] + dh[1] > 1.5 * *d) {
        itm_fit_line(np, xi, z, pre, d_start, d_end, &ftx, &frx);
        he[0] = h[0] + dpos(z[0], ftx);
        he[1] = h[1] + dpos(z[np], frx);
        for (int i = 0; i < 2; i++)
            dh[i] = sqrt(2.0 * he[i] * a_e) * exp(-0.07 * sqrt(*delta_h / dmax(he[i], 5.0)));
        const double sum = dh[0] + dh[1];
        if (sum <= *d) {
            const double q = sq(*d / sum);
            for (int i = 0; i < 2; i++) {
                he[i] *= q;
                dh[i] = sqrt(2.0 * he[i] * a_e) * exp(-0.07 * sqrt(*delta_h / dmax(he[i], 5.0)));
            }
        }
        for (int i = 0; i < 2; i++) {
            const double q = sqrt(2.0 * he[i] * a_e);
            th[i] = (0.65 * *delta_h * (q / dh[i] - 1.0) - 2.0 * he[i]) / q;
        }
    } else {
        itm_fit_line(np, xi, z, pre, d_start, 0.9 * dh[0], &ftx, &dummy);
        he[0] = h[0] + dpos(z[0], ftx);
        itm_fit_line(np, xi, z, pre, *d - 0.9 * dh[1], d_end, &dummy, &frx);
        he[1] = h[1] + dpos(z[np], frx);
    }
}

/* ---------------------------------------------------------------------- */
/* Reference attenuation                                                   */

static double itm_knife_nu2_loss(double v2)
{
    /* [TN101 III.24b/c]: v2 is nu squared */
    return v2 < 5.76 ? 6.02 + 9.11 * sqrt(v2) - 1.27 * v2 : 12.953 + 10.0 * log10(v2);
}

static double itm_roughness(double d, double delta_h)
{
    return delta_h * (1.0 - 0.8 * exp(-d / 50e3)); /* [ERL eq. 3] */
}

static double itm_sigma_h(double delta_h)
{
    return 0.78 * delta_h * exp(-0.5 * sqrt(sqrt(delta_h))); /* [ERL 3.6a]; delta_h^0.25 */
}

/* Vogler height-gain function F(x, K). */
static double itm_height_gain(double x, double K)
{
    if (x < 200.0) {
        const double w = -log(K);
        if (K < 1e-5 || x * w * w * w > 5495.0) {
            double r = -117.0;
            if (x > 1.0)
                r += 17.372 * log(x);
            return r;
        }
        return 2.5e-5 * x * x / K - 8.686 * w - 15.0;
    }
    double r = 0.05751 * x - 4.343 * log(x);
    if (x < 2000.0) {
        const double w = 0.0134 * x * exp(-0.005 * x);
        r = (1.0 - w) * r + w * (17.372 * log(x) - 117.0);
    }
    return r;
}

typedef struct {
    double f_mhz, a_e, theta_los, d_sml, delta_h;
    double dh[2], he[2], h[2], th[2];
    double n_s;
    double complex zg;
    int mode;
    const dx__itm_prep *K;
    double afo; /* clutter factor of itm_diffraction, once afo_set */
    int afo_set;
} itm_path;

static double itm_smooth_earth(const itm_path *P, double d)
{
    const double theta_nlos = d / P->a_e - P->theta_los;
    const double d_ml = P->dh[0] + P->dh[1];
    double a[3], dk[3], C0[3], K[3], x[3];
    a[0] = (d - d_ml) / (d / P->a_e - P->theta_los);
    a[1] = 0.5 * sq(P->dh[0]) / P->he[0];
    a[2] = 0.5 * sq(P->dh[1]) / P->he[1];
    dk[0] = a[0] * theta_nlos / 1000.0;
    dk[1] = P->dh[0] / 1000.0;
    dk[2] = P->dh[1] / 1000.0;
    const double fth = P->K->fth;
    const double zabs = P->K->zabs;
    for (int i = 0; i < 3; i++) {
        C0[i] = cbrt((4.0 / 3.0) * ITM_A0_M / a[i]); /* [Vogler eq. 2]; cbrt = ^(1/3), cheaper */
        K[i] = 0.017778 * C0[i] / fth / zabs;                  /* [Vogler 6a/7a] */
        x[i] = (1.607 - K[i]) * C0[i] * C0[i] * fth * dk[i];   /* B_0 from [Vogler fig. 4] */
    }
    x[0] += x[1] + x[2];
    const double G = 0.05751 * x[0] - 10.0 * log10(x[0]);
    return G - itm_height_gain(x[1], K[1]) - itm_height_gain(x[2], K[2]) - 20.0;
}

static double itm_diffraction(itm_path *P, double d)
{
    const double d_ml = P->dh[0] + P->dh[1];
    /* double knife edge [TN101 I.7] */
    const double theta_nlos = d / P->a_e - P->theta_los;
    const double d_nlos = d - d_ml;
    const double c = 0.0795775 * (P->f_mhz / 47.7) * theta_nlos * theta_nlos * d_nlos;
    const double Ak = itm_knife_nu2_loss(c * P->dh[0] / (d_nlos + P->dh[0])) +
                      itm_knife_nu2_loss(c * P->dh[1] / (d_nlos + P->dh[1]));
    const double Ase = itm_smooth_earth(P, d);
    /* clutter factor [ERL 3.38c]: the same at every d of one path, so
     * computed at the path's first call (afo_set) */
    if (!P->afo_set) {
        const double sh = itm_sigma_h(itm_roughness(P->d_sml, P->delta_h));
        P->afo = dmin(15.0, 5.0 * log10(1.0 + 1e-5 * P->h[0] * P->h[1] * P->f_mhz * sh));
        P->afo_set = 1;
    }
    const double Afo = P->afo;
    /* weighting [ERL 3.23] */
    const double dhd = itm_roughness(d, P->delta_h);
    double q = P->h[0] * P->h[1];
    const double qk = P->he[0] * P->he[1] - q;
    if (P->mode == ITM_MODE_P2P)
        q += 10.0;
    const double t1 = sqrt(1.0 + qk / q);
    q = (t1 + (-P->theta_los * P->a_e + d_ml) / d) * dmin(dhd * P->f_mhz / 47.7, 6283.2);
    const double w = 25.1 / (25.1 + sqrt(q));
    return w * Ase + (1.0 - w) * Ak + Afo;
}

static double itm_los(const itm_path *P, double d, double Md, double Ad0)
{
    const double sh = itm_sigma_h(itm_roughness(d, P->delta_h));
    const double wn = P->f_mhz / 47.7;
    const double hs = P->he[0] + P->he[1];
    const double sin_psi = hs / sqrt(d * d + hs * hs); /* [Alg 4.46] */
    double complex Re =
        (sin_psi - P->zg) / (sin_psi + P->zg) * exp(-dmin(10.0, wn * sh * sin_psi)); /* 4.47 */
    const double q = sq(creal(Re)) + sq(cimag(Re));
    if (q < 0.25 || q < sin_psi)
        Re *= sqrt(sin_psi / q);
    double dphi = wn * 2.0 * P->he[0] * P->he[1] / d; /* 4.49 */
    if (dphi > DX_PI / 2.0)
        dphi = DX_PI - sq(DX_PI / 2.0) / dphi; /* 4.50 */
    const double complex rr = cos(dphi) - I * sin(dphi) + Re;
    const double At = -10.0 * log10(sq(creal(rr)) + sq(cimag(rr)));
    const double Ad = Md * d + Ad0;
    const double w = 1.0 / (1.0 + P->f_mhz * P->delta_h / dmax(10e3, P->d_sml));
    return w * At + (1.0 - w) * Ad;
}

static double itm_f_function(double td)
{
    static const double a[] = {133.4, 104.6, 71.8};
    static const double b[] = {0.332e-3, 0.212e-3, 0.157e-3};
    static const double c[] = {-10.0, -2.5, 5.0};
    const int i = td <= 10e3 ? 0 : (td <= 70e3 ? 1 : 2); /* [Alg 6.9] */
    return a[i] + b[i] * td + c[i] * log10(td);
}

static double itm_h0_curve(int j, double r)
{
    static const double a[] = {25.0, 80.0, 177.0, 395.0, 705.0};
    static const double b[] = {24.0, 45.0, 68.0, 80.0, 105.0};
    const double ir2 = 1.0 / (r * r);
    return 10.0 * log10(1.0 + a[j] * ir2 * ir2 + b[j] * ir2); /* [Alg 6.13] */
}

static double itm_h0(double r, double eta)
{
    eta = dmin(dmax(eta, 1.0), 5.0);
    const int i = (int)eta;
    const double q = eta - i;
    double v = itm_h0_curve(i - 1, r);
    if (q != 0.0)
        v = (1.0 - q) * v + q * itm_h0_curve(i, r);
    return v;
}

static double itm_troposcatter(const itm_path *P, double d, double *h0_state)
{
    const double wn = P->f_mhz / 47.7;
    double H0;
    if (*h0_state > 15.0) {
        H0 = *h0_state;
    } else {
        double ad = P->dh[0] - P->dh[1];
        double rr = P->he[1] / P->he[0];
        if (ad < 0.0) {
            ad = -ad;
            rr = 1.0 / rr;
        }
        const double theta = P->th[0] + P->th[1] + d / P->a_e;
        const double r1 = 2.0 * wn * theta * P->he[0]; /* [TN101 9.4a] */
        const double r2 = 2.0 * wn * theta * P->he[1];
        if (r1 < 0.2 && r2 < 0.2)
            return 1001.0; /* A_scat undefined [Alg p. 11] */
        double s = (d - ad) / (d + ad);
        const double q = dmin(dmax(0.1, rr / s), 10.0);
        s = dmax(0.1, s);
        const double h0m = (d - ad) * (d + ad) * theta * 0.25 / d; /* [Alg 4.66] */
        const double eta = (h0m / 1.7556e3) *
                           (1.0 + (0.031 - P->n_s * 2.32e-3 + P->n_s * P->n_s * 5.67e-6) *
                                      exp(-pow(dmin(1.7, h0m / 8.0e3), 6)));
        const double H00 = (itm_h0(r1, eta) + itm_h0(r2, eta)) / 2.0;
        const double dH0 = dmin(H00, 6.0 * (0.6 - log10(dmax(eta, 1.0))) * log10(s) * log10(q));
        H0 = dmax(H00 + dH0, 0.0);
        if (eta < 1.0) {
            const double s2 = sqrt(2.0);
            H0 = eta * H0 + (1.0 - eta) * 10.0 *
                                log10(sq((1.0 + s2 / r1) * (1.0 + s2 / r2)) * (r1 + r2) /
                                      (r1 + r2 + 2.0 * s2));
        }
        if (H0 > 15.0 && *h0_state >= 0.0)
            H0 = *h0_state;
    }
    *h0_state = H0;
    const double th = d / P->a_e - P->theta_los;
    return itm_f_function(th * d) + 10.0 * log10(wn * 47.7 * pow(th, 4)) -
           0.1 * (P->n_s - 301.0) * exp(-th * d / 40e3) + H0; /* [Alg 4.63] */
}

/* Longley-Rice reference attenuation; returns 0 or a negative dx_status. */
static dx_status itm_reference(itm_path *P, double d, double *A_ref, long *warn, int *mode)
{
    const double a_e = P->a_e;
    const double ds0 = sqrt(2.0 * P->he[0] * a_e), ds1 = sqrt(2.0 * P->he[1] * a_e);
    P->d_sml = ds0 + ds1;
    const double d_ml = P->dh[0] + P->dh[1];
    P->theta_los = -dmax(P->th[0] + P->th[1], -d_ml / a_e);
    if (fabs(P->th[0]) > 200e-3)
        *warn |= W_TX_HZN_ANGLE;
    if (fabs(P->th[1]) > 200e-3)
        *warn |= W_RX_HZN_ANGLE;
    if (P->dh[0] < 0.1 * ds0)
        *warn |= W_TX_HZN_DIST_1;
    if (P->dh[1] < 0.1 * ds1)
        *warn |= W_RX_HZN_DIST_1;
    if (P->dh[0] > 3.0 * ds0)
        *warn |= W_TX_HZN_DIST_2;
    if (P->dh[1] > 3.0 * ds1)
        *warn |= W_RX_HZN_DIST_2;
    if (P->n_s < 150.0 || P->n_s > 400.0)
        DX_FAIL(DX_EDOMAIN, "ITM: surface refractivity N_s = %g N-units (allowed 150..400)",
                P->n_s);
    if (P->n_s < 250.0)
        *warn |= W_SURFACE_REFR;
    if (a_e < 4000000.0 || a_e > 13333333.0)
        DX_FAIL(DX_EDOMAIN, "ITM: effective Earth radius %g m (allowed 4e6..1.3333e7 m)", a_e);
    if (creal(P->zg) <= fabs(cimag(P->zg)))
        DX_FAIL(DX_EDOMAIN, "ITM: ground impedance invalid (check epsilon_ratio, sigma_s_per_m)");

    const double scale = cbrt(a_e * a_e / P->f_mhz);
    const double d3 = dmax(P->d_sml, d_ml + 5.0 * scale);
    const double d4 = d3 + 10.0 * scale;
    const double A3 = itm_diffraction(P, d3);
    const double A4 = itm_diffraction(P, d4);
    const double Md = (A4 - A3) / (d4 - d3);
    const double Ad0 = A3 - Md * d3;

    if (d < fabs(P->he[0] - P->he[1]) / 200e-3)
        *warn |= W_DIST_SMALL_1;
    if (d < 1e3)
        *warn |= W_DIST_SMALL_2;
    if (d > 1000e3)
        *warn |= W_DIST_BIG_1;
    if (d > 2000e3)
        *warn |= W_DIST_BIG_2;

    double A;
    if (d < P->d_sml) {
        const double Asml = P->d_sml * Md + Ad0;
        double d0 = 0.04 * P->f_mhz * P->he[0] * P->he[1]; /* [ERL 3.16a] */
        double d1;
        if (Ad0 >= 0.0) {
            d0 = dmin(d0, 0.5 * d_ml);
            d1 = d0 + 0.25 * (d_ml - d0); /* [ERL 3.16d] */
        } else {
            d1 = dmax(-Ad0 / Md, 0.25 * d_ml);
        }
        const double A1 = itm_los(P, d1, Md, Ad0);
        int flag = 0;
        double k1 = 0.0, k2 = 0.0;
        if (d0 < d1) {
            const double A0 = itm_los(P, d0, Md, Ad0);
            const double q = log(P->d_sml / d0);
            k2 = dmax(0.0, ((P->d_sml - d0) * (A1 - A0) - (d1 - d0) * (Asml - A0)) /
                               ((P->d_sml - d0) * log(d1 / d0) - (d1 - d0) * q)); /* 3.20 */
            flag = Ad0 > 0.0 || k2 > 0.0;
            if (flag) {
                k1 = (Asml - A0 - k2 * q) / (P->d_sml - d0); /* 3.21 */
                if (k1 < 0.0) {
                    k1 = 0.0;
                    k2 = dpos(Asml, A0) / q;
                    if (k2 == 0.0)
                        k1 = Md;
                }
            }
        }
        if (!flag) {
            k1 = dpos(Asml, A1) / (P->d_sml - d1);
            k2 = 0.0;
            if (k1 == 0.0)
                k1 = Md;
        }
        const double Ao = Asml - k1 * P->d_sml - k2 * log(P->d_sml);
        A = Ao + k1 * d + k2 * log(d); /* 3.19 */
        *mode = DX_ITM_MODE_LINE_OF_SIGHT;
    } else if (d <= dmax(P->d_sml, d_ml + 1.088 * scale * log(P->f_mhz))) {
        /* Short of the least d_x the branch below can give (d_x is the larger
         * of this bound and the diffraction/troposcatter crossing, or 10e6 m
         * when troposcatter is undefined), so the path is in diffraction
         * whatever the troposcatter values: skip computing them. The result
         * is the same bit for bit; it saves the scatter terms on every
         * pixel of a coverage map. */
        A = Md * d + Ad0;
        *mode = DX_ITM_MODE_DIFFRACTION;
    } else {
        const double d5 = d_ml + 200e3, d6 = d_ml + 400e3;
        double h0 = -1.0;
        const double A6 = itm_troposcatter(P, d6, &h0);
        const double A5 = itm_troposcatter(P, d5, &h0);
        double Ms, As0, dx;
        if (A5 < 1000.0) {
            Ms = (A6 - A5) / 200e3;
            dx = dmax(dmax(P->d_sml, d_ml + 1.088 * scale * log(P->f_mhz)),
                      (A5 - Ad0 - Ms * d5) / (Md - Ms));
            As0 = (Md - Ms) * dx + Ad0;
        } else {
            Ms = Md;
            As0 = Ad0;
            dx = 10e6;
        }
        if (d > dx) {
            A = Ms * d + As0;
            *mode = DX_ITM_MODE_TROPOSCATTER;
        } else {
            A = Md * d + Ad0;
            *mode = DX_ITM_MODE_DIFFRACTION;
        }
    }
    *A_ref = dmax(A, 0.0);
    return DX_OK;
}

/* ---------------------------------------------------------------------- */
/* Variability                                                             */

/* Inverse complementary normal CDF, Abramowitz & Stegun 26.2.23 (|err| < 4.5e-4),
 * as ITM uses it (the approximation is part of the model's reference values). */
static double itm_qerfi(double q)
{
    double x = q > 0.5 ? 1.0 - q : q;
    const double t = sqrt(-2.0 * log(x));
    const double z = t - ((0.010328 * t + 0.802853) * t + 2.515516) /
                             (((0.001308 * t + 0.189269) * t + 1.432788) * t + 1.0);
    return q > 0.5 ? -z : z;
}

static double itm_curve(double c1, double c2, double x1, double x2, double x3, double de)
{
    const double r = sq(de / x1);
    return (c1 + c2 / (1.0 + sq((de - x2) / x3))) * r / (1.0 + r); /* [TN101 III.69/70] */
}

static double itm_variability(const dx__itm_prep *K, const double he[2], double delta_h,
                              double f_mhz, double d, double A_ref, long *warn)
{
    /* climate curves, [TN101 fig. 10.13] fitted as in [Alg §5] */
    static const double all_year[5][7] = {
        {-9.67, -0.62, 1.26, -9.21, -0.62, -0.39, 3.15},
        {12.7, 9.19, 15.5, 9.05, 9.19, 2.86, 857.9},
        {144.9e3, 228.9e3, 262.6e3, 84.1e3, 228.9e3, 141.7e3, 2222.e3},
        {190.3e3, 205.2e3, 185.2e3, 101.1e3, 205.2e3, 315.9e3, 164.8e3},
        {133.8e3, 143.6e3, 99.8e3, 98.6e3, 143.6e3, 167.4e3, 116.3e3}};
    static const double bsm1[] = {2.13, 2.66, 6.11, 1.98, 2.68, 6.86, 8.51};
    static const double bsm2[] = {159.5, 7.67, 6.65, 13.11, 7.16, 10.38, 169.8};
    static const double xsm1[] = {762.2e3, 100.4e3, 138.2e3, 139.1e3, 93.7e3, 187.8e3, 609.8e3};
    static const double xsm2[] = {123.6e3, 172.5e3, 242.2e3, 132.7e3, 186.8e3, 169.6e3, 119.9e3};
    static const double xsm3[] = {94.5e3, 136.4e3, 178.6e3, 193.5e3, 133.5e3, 108.9e3, 106.6e3};
    static const double bsp1[] = {2.11, 6.87, 10.08, 3.68, 4.75, 8.58, 8.43};
    static const double bsp2[] = {102.3, 15.53, 9.60, 159.3, 8.12, 13.97, 8.19};
    static const double xsp1[] = {636.9e3, 138.7e3, 165.3e3, 464.4e3, 93.2e3, 216.0e3, 136.2e3};
    static const double xsp2[] = {134.8e3, 143.7e3, 225.7e3, 93.1e3, 135.9e3, 152.0e3, 188.5e3};
    static const double xsp3[] = {95.6e3, 98.6e3, 129.7e3, 94.2e3, 113.4e3, 122.7e3, 122.9e3};
    static const double C_D[] = {1.224, 0.801, 1.380, 1.000, 1.224, 1.518, 1.518};
    static const double z_D[] = {1.282, 2.161, 1.282, 20.0, 1.282, 1.282, 1.282};
    static const double bfm1[] = {1.0, 1.0, 1.0, 1.0, 0.92, 1.0, 1.0};
    static const double bfm2[] = {0.0, 0.0, 0.0, 0.0, 0.25, 0.0, 0.0};
    static const double bfm3[] = {0.0, 0.0, 0.0, 0.0, 1.77, 0.0, 0.0};
    static const double bfp1[] = {1.0, 0.93, 1.0, 0.93, 0.93, 1.0, 1.0};
    static const double bfp2[] = {0.0, 0.31, 0.0, 0.19, 0.31, 0.0, 0.0};
    static const double bfp3[] = {0.0, 2.00, 0.0, 1.79, 2.00, 0.0, 0.0};

    const dx_itm_params *p = &K->p;
    double zT = K->z_time;
    double zL = K->z_location;
    const double zS = K->z_situation;
    const int c = p->climate - 1;
    const double wn = f_mhz / 47.7;
    const double dex = sqrt(2 * ITM_A9000_M * he[0]) + sqrt(2 * ITM_A9000_M * he[1]) +
                       K->dex_term_m; /* [Alg 5.3] */
    const double de = d < dex ? 130e3 * d / dex : 130e3 + d - dex;

    int mdvar = p->mdvar;
    const int plus20 = mdvar >= 20;
    if (plus20)
        mdvar -= 20;
    const double sS = plus20 ? 0.0 : 5.0 + 3.0 * exp(-de / 100e3); /* [Alg 5.10] */
    const int plus10 = mdvar >= 10;
    if (plus10)
        mdvar -= 10;
    const double Vmed = itm_curve(all_year[0][c], all_year[1][c], all_year[2][c],
                                  all_year[3][c], all_year[4][c], de);
    if (mdvar == DX_ITM_MDVAR_SINGLE_MESSAGE) {
        zT = zS;
        zL = zS;
    } else if (mdvar == DX_ITM_MDVAR_ACCIDENTAL) {
        zL = zS;
    } else if (mdvar == DX_ITM_MDVAR_MOBILE) {
        zL = zT;
    }
    if (fabs(zT) > 3.10 || fabs(zL) > 3.10 || fabs(zS) > 3.10)
        *warn |= W_EXTREME_VAR;

    double sL = 0.0;
    if (!plus10) {
        const double dhd = itm_roughness(d, delta_h);
        sL = 10.0 * wn * dhd / (wn * dhd + 13.0);
    }
    const double YL = sL * zL;

    const double q = K->log_0133_wn;
    const double gm = bfm1[c] + bfm2[c] / (sq(bfm3[c] * q) + 1.0);
    const double gp = bfp1[c] + bfp2[c] / (sq(bfp3[c] * q) + 1.0);
    const double sTm = itm_curve(bsm1[c], bsm2[c], xsm1[c], xsm2[c], xsm3[c], de) * gm;
    const double sTp = itm_curve(bsp1[c], bsp2[c], xsp1[c], xsp2[c], xsp3[c], de) * gp;
    const double sTD = C_D[c] * sTp;
    const double tgtd = (sTp - sTD) * z_D[c];
    double sT;
    if (zT < 0.0)
        sT = sTm;
    else if (zT <= z_D[c])
        sT = sTp;
    else
        sT = sTD + tgtd / zT;
    const double YT = sT * zT;
    const double Ys0 = sS * sS + YT * YT / (7.8 + zS * zS) + YL * YL / (24.0 + zS * zS);
    double YR, YS;
    if (mdvar == DX_ITM_MDVAR_SINGLE_MESSAGE) {
        YR = 0.0;
        YS = sqrt(sT * sT + sL * sL + Ys0) * zS;
    } else if (mdvar == DX_ITM_MDVAR_ACCIDENTAL) {
        YR = YT;
        YS = sqrt(sL * sL + Ys0) * zS;
    } else if (mdvar == DX_ITM_MDVAR_MOBILE) {
        YR = sqrt(sT * sT + sL * sL) * zT;
        YS = sqrt(Ys0) * zS;
    } else {
        YR = YT + YL;
        YS = sqrt(Ys0) * zS;
    }
    double r = A_ref - Vmed - YR - YS;
    if (r < 0.0)
        r = r * (29.0 - r) / (29.0 - 10.0 * r); /* [Alg eq. 52] */
    return r;
}

/* ---------------------------------------------------------------------- */
/* Public API                                                              */

dx_status dx_itm_params_init(dx_itm_params *p, unsigned int version)
{
    DX_REQUIRE_PTR(p);
    if (version == 0 || version > DX_ITM_PARAMS_VERSION)
        DX_FAIL(DX_EINVAL, "dx_itm_params_init: version %u (this library knows 1..%u)", version,
                (unsigned)DX_ITM_PARAMS_VERSION);
    memset(p, 0, sizeof *p);
    p->version = version;
    p->climate = DX_ITM_CLIMATE_CONTINENTAL_TEMPERATE;
    p->n0_n_units = 301.0;
    p->polarization_vertical = 1;
    p->epsilon_ratio = 15.0;
    p->sigma_s_per_m = 0.005;
    p->mdvar = DX_ITM_MDVAR_ACCIDENTAL;
    p->time_ratio = 0.5;
    p->location_ratio = 0.5;
    p->situation_ratio = 0.5;
    return DX_OK;
}

size_t dx_itm_params_size(void) { return sizeof(dx_itm_params); }

static dx_status itm_validate_heights(double h_tx_m, double h_rx_m, long *warn)
{
    if (!(h_tx_m >= 0.5 && h_tx_m <= 3000.0))
        DX_FAIL(DX_EDOMAIN, "ITM: h_tx_m = %g m (allowed 0.5..3000 m)", h_tx_m);
    if (!(h_rx_m >= 0.5 && h_rx_m <= 3000.0))
        DX_FAIL(DX_EDOMAIN, "ITM: h_rx_m = %g m (allowed 0.5..3000 m)", h_rx_m);
    if (h_tx_m < 1.0 || h_tx_m > 1000.0)
        *warn |= W_TX_HEIGHT;
    if (h_rx_m < 1.0 || h_rx_m > 1000.0)
        *warn |= W_RX_HEIGHT;
    return DX_OK;
}

static dx_status itm_validate(double f_hz, const dx_itm_params *p, long *warn)
{
    if (p->climate < 1 || p->climate > 7)
        DX_FAIL(DX_EINVAL, "ITM: climate = %d (allowed 1..7)", p->climate);
    if (!(p->n0_n_units >= 250.0 && p->n0_n_units <= 400.0))
        DX_FAIL(DX_EDOMAIN, "ITM: n0_n_units = %g N-units (allowed 250..400)", p->n0_n_units);
    if (!(f_hz >= 20e6 && f_hz <= 20e9))
        DX_FAIL(DX_EDOMAIN, "ITM: f_hz = %g Hz (allowed 20 MHz..20 GHz)", f_hz);
    if (f_hz < 40e6 || f_hz > 10e9)
        *warn |= W_FREQUENCY;
    if (p->polarization_vertical != 0 && p->polarization_vertical != 1)
        DX_FAIL(DX_EINVAL, "ITM: polarization_vertical = %d (allowed 0 or 1)",
                p->polarization_vertical);
    if (!(p->epsilon_ratio >= 1.0))
        DX_FAIL(DX_EDOMAIN, "ITM: epsilon_ratio = %g (must be >= 1)", p->epsilon_ratio);
    if (!(p->sigma_s_per_m > 0.0))
        DX_FAIL(DX_EDOMAIN, "ITM: sigma_s_per_m = %g S/m (must be > 0)", p->sigma_s_per_m);
    const int m = p->mdvar;
    if (m < 0 || (m > 3 && m < 10) || (m > 13 && m < 20) || (m > 23 && m < 30) || m > 33)
        DX_FAIL(DX_EINVAL, "ITM: mdvar = %d (allowed 0..3, +10, +20, +30)", m);
    if (!(p->time_ratio > 0.0 && p->time_ratio < 1.0))
        DX_FAIL(DX_EDOMAIN, "ITM: time_ratio = %g (allowed 0 < q < 1)", p->time_ratio);
    if (!(p->location_ratio > 0.0 && p->location_ratio < 1.0))
        DX_FAIL(DX_EDOMAIN, "ITM: location_ratio = %g (allowed 0 < q < 1)", p->location_ratio);
    if (!(p->situation_ratio > 0.0 && p->situation_ratio < 1.0))
        DX_FAIL(DX_EDOMAIN, "ITM: situation_ratio = %g (allowed 0 < q < 1)", p->situation_ratio);
    return DX_OK;
}

/* Ground impedance, N_s and effective curvature ([TN101 4.3, 4.4]). */
static void itm_init_ground(const dx__itm_prep *K, double h_sys, double *n_s, double *gamma_e,
                            double complex *zg)
{
    *n_s = h_sys == 0.0 ? K->p.n0_n_units : K->p.n0_n_units * exp(-h_sys / 9460.0);
    *gamma_e = ITM_GAMMA_A * (1.0 - 0.04665 * exp(*n_s / 179.3));
    *zg = K->zg_re + I * K->zg_im;
}

/* Everything that depends only on the frequency and the parameters. */
dx_status dx__itm_prepare(double f_hz, const dx_itm_params *p, dx__itm_prep *K)
{
    memset(K, 0, sizeof *K);
    DX_TRY(itm_validate(f_hz, p, &K->warn0));
    K->p = *p;
    K->f_hz = f_hz;
    const double f_mhz = f_hz / 1e6, wn = f_mhz / 47.7;
    const double complex er = p->epsilon_ratio + I * (18000.0 * p->sigma_s_per_m / f_mhz);
    double complex zg = csqrt(er - 1.0);
    if (p->polarization_vertical)
        zg /= er;
    K->zg_re = creal(zg);
    K->zg_im = cimag(zg);
    K->zabs = cabs(zg);
    K->fth = pow(f_mhz, ITM_THIRD);
    K->z_time = itm_qerfi(p->time_ratio);
    K->z_location = itm_qerfi(p->location_ratio);
    K->z_situation = itm_qerfi(p->situation_ratio);
    K->dex_term_m = pow(575.7e12 / wn, ITM_THIRD);
    K->log_0133_wn = log(0.133 * wn);
    K->fs_f_db = 32.45 + 20.0 * log10(f_mhz);
    return DX_OK;
}

static void itm_fill_details(dx_itm_details *o, const itm_path *P, double d, double fs,
                             double aref, int mode, long warn)
{
    if (!o)
        return;
    o->d_m = d;
    o->free_space_db = fs;
    o->a_ref_db = aref;
    for (int i = 0; i < 2; i++) {
        o->theta_hzn_rad[i] = P->th[i];
        o->d_hzn_m[i] = P->dh[i];
        o->h_e_m[i] = P->he[i];
    }
    o->n_s_n_units = P->n_s;
    o->delta_h_m = P->delta_h;
    o->mode = mode;
    o->warnings = warn;
}

dx_status dx__itm_p2p_prepared(const dx__itm_prep *K, double h_tx_m, double h_rx_m, int np,
                               double xi, const double *z, double *out_db, dx_itm_details *det)
{
    return dx__itm_p2p_prepared_pre(K, h_tx_m, h_rx_m, np, xi, z, NULL, out_db, det);
}

int dx__itm_mean_range(int np, int *i_first, int *i_last)
{
    const int p10 = (int)(0.1 * np);
    *i_first = p10;
    *i_last = np - p10;
    return np - 2 * p10 + 1;
}

dx_status dx__itm_p2p_prepared_pre(const dx__itm_prep *K, double h_tx_m, double h_rx_m, int np,
                                   double xi, const double *z, const dx__itm_prefix *pre,
                                   double *out_db, dx_itm_details *det)
{
    long warn = K->warn0;
    DX_TRY(itm_validate_heights(h_tx_m, h_rx_m, &warn));
    const double f_mhz = K->f_hz / 1e6;
    /* mean path height, first and last 10 % ignored (or the caller's sum of
     * the same points, e.g. from prefix sums along a radial) */
    double hs;
    int i0, i1;
    const int cnt = dx__itm_mean_range(np, &i0, &i1);
    if (pre && i1 <= pre->n) {
        hs = (pre->c0[i1 + 1] - pre->c0[i0]) / cnt;
    } else {
        hs = 0.0;
        for (int i = i0; i <= i1; i++)
            hs += z[i];
        hs /= cnt;
    }
    itm_path P;
    memset(&P, 0, sizeof P);
    P.K = K;
    double gamma_e;
    itm_init_ground(K, hs, &P.n_s, &gamma_e, &P.zg);
    P.h[0] = h_tx_m;
    P.h[1] = h_rx_m;
    P.f_mhz = f_mhz;
    P.a_e = 1.0 / gamma_e;
    P.mode = ITM_MODE_P2P;
    double d;
    itm_profile(np, xi, z, pre, gamma_e, P.h, P.th, P.dh, P.he, &P.delta_h, &d);
    double aref;
    int mode = 0;
    DX_TRY(itm_reference(&P, d, &aref, &warn, &mode));
    const double fs = K->fs_f_db + 20.0 * log10(d / 1000.0);
    *out_db = itm_variability(K, P.he, P.delta_h, f_mhz, d, aref, &warn) + fs;
    itm_fill_details(det, &P, d, fs, aref, mode, warn);
    return DX_OK;
}

dx_status dx__itm_p2p(double h_tx_m, double h_rx_m, int np, double xi, const double *z,
                      double f_hz, const dx_itm_params *p, double *out_db,
                      dx_itm_details *det)
{
    dx__itm_prep K;
    DX_TRY(dx__itm_prepare(f_hz, p, &K));
    return dx__itm_p2p_prepared(&K, h_tx_m, h_rx_m, np, xi, z, out_db, det);
}

dx_status dx_itm_p2p_loss_db(double h_tx_m, double h_rx_m, size_t n_points, double spacing_m,
                             const double *elev_m, double f_hz, const dx_itm_params *p,
                             double *out_loss_db, dx_itm_details *out_details)
{
    DX_REQUIRE_PTR(elev_m);
    DX_REQUIRE_PTR(out_loss_db);
    dx_itm_params def;
    if (!p) {
        dx_itm_params_init(&def, DX_ITM_PARAMS_VERSION);
        p = &def;
    }
    if (n_points < 3 || n_points > 10000000)
        DX_FAIL(DX_EINVAL, "dx_itm_p2p_loss_db: n_points = %zu (allowed 3..1e7)", n_points);
    if (!(spacing_m > 0.0 && isfinite(spacing_m)))
        DX_FAIL(DX_EDOMAIN, "dx_itm_p2p_loss_db: spacing_m = %g m (must be > 0)", spacing_m);
    for (size_t i = 0; i < n_points; i++)
        if (!isfinite(elev_m[i]))
            DX_FAIL(DX_EDOMAIN, "dx_itm_p2p_loss_db: elev_m[%zu] = %g m (must be finite)", i,
                    elev_m[i]);
    return dx__itm_p2p(h_tx_m, h_rx_m, (int)(n_points - 1), spacing_m, elev_m, f_hz, p,
                       out_loss_db, out_details);
}

dx_status dx_itm_area_loss_db(double h_tx_m, double h_rx_m, int tx_siting, int rx_siting,
                              double d_m, double delta_h_m, double f_hz, const dx_itm_params *p,
                              double *out_loss_db, dx_itm_details *out_details)
{
    DX_REQUIRE_PTR(out_loss_db);
    dx_itm_params def;
    if (!p) {
        dx_itm_params_init(&def, DX_ITM_PARAMS_VERSION);
        p = &def;
    }
    dx__itm_prep K;
    DX_TRY(dx__itm_prepare(f_hz, p, &K));
    long warn = K.warn0;
    DX_TRY(itm_validate_heights(h_tx_m, h_rx_m, &warn));
    if (tx_siting < 0 || tx_siting > 2)
        DX_FAIL(DX_EINVAL, "dx_itm_area_loss_db: tx_siting = %d (allowed 0..2)", tx_siting);
    if (rx_siting < 0 || rx_siting > 2)
        DX_FAIL(DX_EINVAL, "dx_itm_area_loss_db: rx_siting = %d (allowed 0..2)", rx_siting);
    if (!(d_m > 0.0 && isfinite(d_m)))
        DX_FAIL(DX_EDOMAIN, "dx_itm_area_loss_db: d_m = %g m (must be > 0)", d_m);
    if (!(delta_h_m >= 0.0 && isfinite(delta_h_m)))
        DX_FAIL(DX_EDOMAIN, "dx_itm_area_loss_db: delta_h_m = %g m (must be >= 0)", delta_h_m);
    const double f_mhz = f_hz / 1e6;
    itm_path P;
    memset(&P, 0, sizeof P);
    P.K = &K;
    double gamma_e;
    itm_init_ground(&K, 0.0, &P.n_s, &gamma_e, &P.zg);
    P.h[0] = h_tx_m;
    P.h[1] = h_rx_m;
    P.f_mhz = f_mhz;
    P.a_e = 1.0 / gamma_e;
    P.mode = ITM_MODE_AREA;
    P.delta_h = delta_h_m;
    const int site[2] = {tx_siting, rx_siting};
    for (int i = 0; i < 2; i++) {
        if (site[i] == DX_ITM_SITING_RANDOM) {
            P.he[i] = P.h[i];
        } else {
            double B = site[i] == DX_ITM_SITING_CAREFUL ? 4.0 : 9.0;
            if (P.h[i] < 5.0)
                B *= sin(0.1 * DX_PI * P.h[i]);
            P.he[i] = P.h[i] + (1.0 + B) * exp(-dmin(20.0, 2.0 * P.h[i] / dmax(1e-3, delta_h_m)));
        }
        const double dls = sqrt(2.0 * P.he[i] / gamma_e);
        P.dh[i] = dls * exp(-0.07 * sqrt(delta_h_m / dmax(P.he[i], 5.0))); /* [Alg 3.3] */
        P.th[i] = (0.65 * delta_h_m * (dls / P.dh[i] - 1.0) - 2.0 * P.he[i]) / dls; /* 3.4 */
    }
    double aref;
    int mode = 0;
    DX_TRY(itm_reference(&P, d_m, &aref, &warn, &mode));
    const double fs = 32.45 + 20.0 * log10(f_mhz) + 20.0 * log10(d_m / 1000.0);
    *out_loss_db = fs + itm_variability(&K, P.he, delta_h_m, f_mhz, d_m, aref, &warn);
    itm_fill_details(out_details, &P, d_m, fs, aref, mode, warn);
    return DX_OK;
}
