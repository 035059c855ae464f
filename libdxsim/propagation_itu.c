/* ITU-R extra losses: P.838 rain, P.676 gases, P.2108 clutter, P.2109
 * building entry, P.833 vegetation, P.526 knife-edge and terrain diffraction
 * (Bullington, Deygout). Each function cites its recommendation and clauses. */
#include "dx_internal.h"
#include "dxsim/propagation.h"

#include <math.h>
#include <string.h>
#include <gsl/gsl_cdf.h>

#define DX__DEG (DX_PI / 180.0)

/* ---- shared argument checks ------------------------------------------------------ */

static dx_status dx__need(const char *fn, size_t n, const void *a, const void *b, const void *c,
                          const void *d)
{
    if (n == 0)
        return DX_OK;
    if (!a || !b || !c || !d)
        DX_FAIL(DX_EINVAL, "%s: an input or output array is NULL (n = %zu)", fn, n);
    return DX_OK;
}

#define DX__CHECK(cond, fn, name, i, v, unit, allowed)                                         \
    do {                                                                                       \
        if (!(cond) || !isfinite(v))                                                           \
            DX_FAIL(DX_EDOMAIN, "%s: %s[%zu] = %g %s (allowed %s)", fn, name, (size_t)(i),     \
                    (double)(v), unit, allowed);                                               \
    } while (0)

/* Record flag f for element i; keep the count and the first index. */
typedef struct {
    size_t count;
    size_t first;
    unsigned char *flags;
} dx__flagger;

static void dx__flag(dx__flagger *fl, size_t i, int outside)
{
    if (fl->flags)
        fl->flags[i] = outside ? DX_PROPAGATION_FLAG_OUTSIDE : 0;
    if (outside) {
        if (fl->count == 0)
            fl->first = i;
        fl->count++;
    }
}

static dx_status dx__flag_done(dx__flagger *fl, size_t *out_n_outside, const char *fn,
                               const char *range, size_t n)
{
    if (out_n_outside)
        *out_n_outside = fl->count;
    if (fl->count)
        dx__set_error("%s: %zu of %zu element(s) outside the validity range (%s); first: "
                      "element %zu",
                      fn, fl->count, n, range, fl->first);
    return DX_OK;
}

/* ---- ITU-R P.838-3 ------------------------------------------------------------------- */

/* P.838-3 Tables 1-4: (a_j, b_j, c_j) and (m, c) of eqs. (2)-(3). */
static const double dx__p838_kh[4][3] = {{-5.33980, -0.10008, 1.13098},
                                         {-0.35351, 1.26970, 0.45400},
                                         {-0.23789, 0.86036, 0.15354},
                                         {-0.94158, 0.64552, 0.16817}};
static const double dx__p838_kh_mc[2] = {-0.18961, 0.71147};
static const double dx__p838_kv[4][3] = {{-3.80595, 0.56934, 0.81061},
                                         {-3.44965, -0.22911, 0.51059},
                                         {-0.39902, 0.73042, 0.11899},
                                         {0.50167, 1.07319, 0.27195}};
static const double dx__p838_kv_mc[2] = {-0.16398, 0.63297};
static const double dx__p838_ah[5][3] = {{-0.14318, 1.82442, -0.55187},
                                         {0.29591, 0.77564, 0.19822},
                                         {0.32177, 0.63773, 0.13164},
                                         {-5.37610, -0.96230, 1.47828},
                                         {16.1721, -3.29980, 3.43990}};
static const double dx__p838_ah_mc[2] = {0.67849, -1.95537};
static const double dx__p838_av[5][3] = {{-0.07771, 2.33840, -0.76284},
                                         {0.56727, 0.95545, 0.54039},
                                         {-0.20238, 1.14520, 0.26809},
                                         {-48.2991, 0.791669, 0.116226},
                                         {48.5833, 0.791459, 0.116479}};
static const double dx__p838_av_mc[2] = {-0.053739, 0.83433};

static double dx__p838_sum(const double (*t)[3], int nj, const double *mc, double lf)
{
    double s = 0.0;
    for (int j = 0; j < nj; j++) {
        double x = (lf - t[j][1]) / t[j][2];
        s += t[j][0] * exp(-x * x);
    }
    return s + mc[0] * lf + mc[1];
}

static void dx__p838(double f_ghz, double el_deg, double tau_deg, double *k, double *alpha)
{
    double lf = log10(f_ghz);
    double kh = pow(10.0, dx__p838_sum(dx__p838_kh, 4, dx__p838_kh_mc, lf)); /* eq. (2) */
    double kv = pow(10.0, dx__p838_sum(dx__p838_kv, 4, dx__p838_kv_mc, lf));
    double ah = dx__p838_sum(dx__p838_ah, 5, dx__p838_ah_mc, lf); /* eq. (3) */
    double av = dx__p838_sum(dx__p838_av, 5, dx__p838_av_mc, lf);
    double ce = cos(el_deg * DX__DEG);
    double c = ce * ce * cos(2.0 * tau_deg * DX__DEG);
    *k = (kh + kv + (kh - kv) * c) / 2.0;                                  /* eq. (4) */
    *alpha = (kh * ah + kv * av + (kh * ah - kv * av) * c) / (2.0 * *k); /* eq. (5) */
}

static dx_status dx__p838_check(const char *fn, size_t n, const double *f, const double *el,
                                const double *tau)
{
    for (size_t i = 0; i < n; i++) {
        DX__CHECK(f[i] > 0.0, fn, "f_ghz", i, f[i], "GHz", "> 0");
        DX__CHECK(el[i] >= -90.0 && el[i] <= 90.0, fn, "elevation_deg", i, el[i], "deg",
                  "-90..90");
        DX__CHECK(tau[i] >= -90.0 && tau[i] <= 180.0, fn, "tilt_deg", i, tau[i], "deg",
                  "-90..180");
    }
    return DX_OK;
}

dx_status dx_propagation_p838_coefficients(size_t n, const double *f_ghz,
                                           const double *elevation_deg, const double *tilt_deg,
                                           double *out_k, double *out_alpha,
                                           unsigned char *out_flags, size_t *out_n_outside)
{
    static const char fn[] = "dx_propagation_p838_coefficients";
    if (out_n_outside)
        *out_n_outside = 0;
    DX_TRY(dx__need(fn, n, f_ghz, elevation_deg, tilt_deg, out_k));
    DX_TRY(dx__need(fn, n, out_alpha, out_alpha, out_alpha, out_alpha));
    DX_TRY(dx__p838_check(fn, n, f_ghz, elevation_deg, tilt_deg));
    dx__flagger fl = {0, 0, out_flags};
    for (size_t i = 0; i < n; i++) {
        dx__p838(f_ghz[i], elevation_deg[i], tilt_deg[i], &out_k[i], &out_alpha[i]);
        dx__flag(&fl, i, f_ghz[i] < 1.0 || f_ghz[i] > 1000.0);
    }
    return dx__flag_done(&fl, out_n_outside, fn, "ITU-R P.838-3: 1-1000 GHz", n);
}

dx_status dx_propagation_p838_specific_attenuation_db_per_km(
    size_t n, const double *f_ghz, const double *rain_mm_per_h, const double *elevation_deg,
    const double *tilt_deg, double *out_db_per_km, unsigned char *out_flags,
    size_t *out_n_outside)
{
    static const char fn[] = "dx_propagation_p838_specific_attenuation_db_per_km";
    if (out_n_outside)
        *out_n_outside = 0;
    DX_TRY(dx__need(fn, n, f_ghz, rain_mm_per_h, elevation_deg, tilt_deg));
    DX_TRY(dx__need(fn, n, out_db_per_km, out_db_per_km, out_db_per_km, out_db_per_km));
    DX_TRY(dx__p838_check(fn, n, f_ghz, elevation_deg, tilt_deg));
    for (size_t i = 0; i < n; i++)
        DX__CHECK(rain_mm_per_h[i] >= 0.0, fn, "rain_mm_per_h", i, rain_mm_per_h[i], "mm/h",
                  ">= 0");
    dx__flagger fl = {0, 0, out_flags};
    for (size_t i = 0; i < n; i++) {
        double k, a;
        dx__p838(f_ghz[i], elevation_deg[i], tilt_deg[i], &k, &a);
        out_db_per_km[i] = k * pow(rain_mm_per_h[i], a); /* eq. (1) */
        dx__flag(&fl, i, f_ghz[i] < 1.0 || f_ghz[i] > 1000.0);
    }
    return dx__flag_done(&fl, out_n_outside, fn, "ITU-R P.838-3: 1-1000 GHz", n);
}

/* ---- ITU-R P.676-12 Annex 1 ----------------------------------------------------------- */

/* Table 1 (oxygen): f0 (GHz), a1..a6. */
static const double dx__p676_ox[44][7] = {
    {50.474214, 0.975, 9.651, 6.690, 0.0, 2.566, 6.850},
    {50.987745, 2.529, 8.653, 7.170, 0.0, 2.246, 6.800},
    {51.503360, 6.193, 7.709, 7.640, 0.0, 1.947, 6.729},
    {52.021429, 14.320, 6.819, 8.110, 0.0, 1.667, 6.640},
    {52.542418, 31.240, 5.983, 8.580, 0.0, 1.388, 6.526},
    {53.066934, 64.290, 5.201, 9.060, 0.0, 1.349, 6.206},
    {53.595775, 124.600, 4.474, 9.550, 0.0, 2.227, 5.085},
    {54.130025, 227.300, 3.800, 9.960, 0.0, 3.170, 3.750},
    {54.671180, 389.700, 3.182, 10.370, 0.0, 3.558, 2.654},
    {55.221384, 627.100, 2.618, 10.890, 0.0, 2.560, 2.952},
    {55.783815, 945.300, 2.109, 11.340, 0.0, -1.172, 6.135},
    {56.264774, 543.400, 0.014, 17.030, 0.0, 3.525, -0.978},
    {56.363399, 1331.800, 1.654, 11.890, 0.0, -2.378, 6.547},
    {56.968211, 1746.600, 1.255, 12.230, 0.0, -3.545, 6.451},
    {57.612486, 2120.100, 0.910, 12.620, 0.0, -5.416, 6.056},
    {58.323877, 2363.700, 0.621, 12.950, 0.0, -1.932, 0.436},
    {58.446588, 1442.100, 0.083, 14.910, 0.0, 6.768, -1.273},
    {59.164204, 2379.900, 0.387, 13.530, 0.0, -6.561, 2.309},
    {59.590983, 2090.700, 0.207, 14.080, 0.0, 6.957, -0.776},
    {60.306056, 2103.400, 0.207, 14.150, 0.0, -6.395, 0.699},
    {60.434778, 2438.000, 0.386, 13.390, 0.0, 6.342, -2.825},
    {61.150562, 2479.500, 0.621, 12.920, 0.0, 1.014, -0.584},
    {61.800158, 2275.900, 0.910, 12.630, 0.0, 5.014, -6.619},
    {62.411220, 1915.400, 1.255, 12.170, 0.0, 3.029, -6.759},
    {62.486253, 1503.000, 0.083, 15.130, 0.0, -4.499, 0.844},
    {62.997984, 1490.200, 1.654, 11.740, 0.0, 1.856, -6.675},
    {63.568526, 1078.000, 2.108, 11.340, 0.0, 0.658, -6.139},
    {64.127775, 728.700, 2.617, 10.880, 0.0, -3.036, -2.895},
    {64.678910, 461.300, 3.181, 10.380, 0.0, -3.968, -2.590},
    {65.224078, 274.000, 3.800, 9.960, 0.0, -3.528, -3.680},
    {65.764779, 153.000, 4.473, 9.550, 0.0, -2.548, -5.002},
    {66.302096, 80.400, 5.200, 9.060, 0.0, -1.660, -6.091},
    {66.836834, 39.800, 5.982, 8.580, 0.0, -1.680, -6.393},
    {67.369601, 18.560, 6.818, 8.110, 0.0, -1.956, -6.475},
    {67.900868, 8.172, 7.708, 7.640, 0.0, -2.216, -6.545},
    {68.431006, 3.397, 8.652, 7.170, 0.0, -2.492, -6.600},
    {68.960312, 1.334, 9.650, 6.690, 0.0, -2.773, -6.650},
    {118.750334, 940.300, 0.010, 16.640, 0.0, -0.439, 0.079},
    {368.498246, 67.400, 0.048, 16.400, 0.0, 0.0, 0.0},
    {424.763020, 637.700, 0.044, 16.400, 0.0, 0.0, 0.0},
    {487.249273, 237.400, 0.049, 16.000, 0.0, 0.0, 0.0},
    {715.392902, 98.100, 0.145, 16.000, 0.0, 0.0, 0.0},
    {773.839490, 572.300, 0.141, 16.200, 0.0, 0.0, 0.0},
    {834.145546, 183.100, 0.145, 14.700, 0.0, 0.0, 0.0}};

/* Table 2 (water vapour): f0 (GHz), b1..b6. */
static const double dx__p676_wv[35][7] = {
    {22.235080, 0.1079, 2.144, 26.38, 0.76, 5.087, 1.00},
    {67.803960, 0.0011, 8.732, 28.58, 0.69, 4.930, 0.82},
    {119.995940, 0.0007, 8.353, 29.48, 0.70, 4.780, 0.79},
    {183.310087, 2.273, 0.668, 29.06, 0.77, 5.022, 0.85},
    {321.225630, 0.0470, 6.179, 24.04, 0.67, 4.398, 0.54},
    {325.152888, 1.514, 1.541, 28.23, 0.64, 4.893, 0.74},
    {336.227764, 0.0010, 9.825, 26.93, 0.69, 4.740, 0.61},
    {380.197353, 11.67, 1.048, 28.11, 0.54, 5.063, 0.89},
    {390.134508, 0.0045, 7.347, 21.52, 0.63, 4.810, 0.55},
    {437.346667, 0.0632, 5.048, 18.45, 0.60, 4.230, 0.48},
    {439.150807, 0.9098, 3.595, 20.07, 0.63, 4.483, 0.52},
    {443.018343, 0.1920, 5.048, 15.55, 0.60, 5.083, 0.50},
    {448.001085, 10.41, 1.405, 25.64, 0.66, 5.028, 0.67},
    {470.888999, 0.3254, 3.597, 21.34, 0.66, 4.506, 0.65},
    {474.689092, 1.260, 2.379, 23.20, 0.65, 4.804, 0.64},
    {488.490108, 0.2529, 2.852, 25.86, 0.69, 5.201, 0.72},
    {503.568532, 0.0372, 6.731, 16.12, 0.61, 3.980, 0.43},
    {504.482692, 0.0124, 6.731, 16.12, 0.61, 4.010, 0.45},
    {547.676440, 0.9785, 0.158, 26.00, 0.70, 4.500, 1.00},
    {552.020960, 0.1840, 0.158, 26.00, 0.70, 4.500, 1.00},
    {556.935985, 497.0, 0.159, 30.86, 0.69, 4.552, 1.00},
    {620.700807, 5.015, 2.391, 24.38, 0.71, 4.856, 0.68},
    {645.766085, 0.0067, 8.633, 18.00, 0.60, 4.000, 0.50},
    {658.005280, 0.2732, 7.816, 32.10, 0.69, 4.140, 1.00},
    {752.033113, 243.4, 0.396, 30.86, 0.68, 4.352, 0.84},
    {841.051732, 0.0134, 8.177, 15.90, 0.33, 5.760, 0.45},
    {859.965698, 0.1325, 8.055, 30.60, 0.68, 4.090, 0.84},
    {899.303175, 0.0547, 7.914, 29.85, 0.68, 4.530, 0.90},
    {902.611085, 0.0386, 8.429, 28.65, 0.70, 5.100, 0.95},
    {906.205957, 0.1836, 5.110, 24.08, 0.70, 4.700, 0.53},
    {916.171582, 8.400, 1.441, 26.73, 0.70, 5.150, 0.78},
    {923.112692, 0.0079, 10.293, 29.00, 0.70, 5.000, 0.80},
    {970.315022, 9.009, 1.919, 25.50, 0.64, 4.940, 0.67},
    {987.926764, 134.6, 0.257, 29.85, 0.68, 4.550, 0.90},
    {1780.000000, 17506.0, 0.952, 196.3, 2.00, 24.15, 5.00}};

/* Line shape factor F_i, eq. (5). */
static double dx__p676_shape(double f, double fi, double df, double delta)
{
    return f / fi *
           ((df - delta * (fi - f)) / ((fi - f) * (fi - f) + df * df) +
            (df - delta * (fi + f)) / ((fi + f) * (fi + f) + df * df));
}

static void dx__p676(double f, double p, double t, double rho, double *g_ox, double *g_wv)
{
    double th = 300.0 / t;
    double e = rho * t / 216.7; /* water-vapour partial pressure (hPa), eq. (4) note */
    double n_ox = 0.0, n_wv = 0.0;
    for (int i = 0; i < 44; i++) {
        const double *a = dx__p676_ox[i];
        double s = a[1] * 1e-7 * p * th * th * th * exp(a[2] * (1.0 - th)); /* eq. (3) */
        double df = a[3] * 1e-4 * (p * pow(th, 0.8 - a[4]) + 1.1 * e * th);  /* eq. (6a) */
        df = sqrt(df * df + 2.25e-6);                                       /* eq. (6b) */
        double delta = (a[5] + a[6] * th) * 1e-4 * (p + e) * pow(th, 0.8);   /* eq. (7) */
        n_ox += s * dx__p676_shape(f, a[0], df, delta);
    }
    /* dry continuum N''_D, eqs. (8)-(9) */
    double d = 5.6e-4 * (p + e) * pow(th, 0.8);
    double nd = f * p * th * th *
                (6.14e-5 / (d * (1.0 + (f / d) * (f / d))) +
                 1.4e-12 * p * pow(th, 1.5) / (1.0 + 1.9e-5 * pow(f, 1.5)));
    for (int i = 0; i < 35; i++) {
        const double *b = dx__p676_wv[i];
        double s = b[1] * 1e-1 * e * pow(th, 3.5) * exp(b[2] * (1.0 - th)); /* eq. (3) */
        double df = b[3] * 1e-4 * (p * pow(th, b[4]) + b[5] * e * pow(th, b[6])); /* (6a) */
        df = 0.535 * df + sqrt(0.217 * df * df + 2.1316e-12 * b[0] * b[0] / th); /* (6b) */
        n_wv += s * dx__p676_shape(f, b[0], df, 0.0);
    }
    *g_ox = 0.1820 * f * (n_ox + nd); /* eq. (1) */
    *g_wv = 0.1820 * f * n_wv;
}

dx_status dx_propagation_p676_specific_attenuation_db_per_km(
    size_t n, const double *f_ghz, const double *pressure_hpa, const double *temperature_k,
    const double *water_vapour_g_per_m3, double *out_oxygen_db_per_km,
    double *out_water_db_per_km, unsigned char *out_flags, size_t *out_n_outside)
{
    static const char fn[] = "dx_propagation_p676_specific_attenuation_db_per_km";
    if (out_n_outside)
        *out_n_outside = 0;
    DX_TRY(dx__need(fn, n, f_ghz, pressure_hpa, temperature_k, water_vapour_g_per_m3));
    DX_TRY(dx__need(fn, n, out_oxygen_db_per_km, out_water_db_per_km, f_ghz, f_ghz));
    for (size_t i = 0; i < n; i++) {
        DX__CHECK(f_ghz[i] > 0.0, fn, "f_ghz", i, f_ghz[i], "GHz", "> 0");
        DX__CHECK(pressure_hpa[i] > 0.0, fn, "pressure_hpa", i, pressure_hpa[i], "hPa", "> 0");
        DX__CHECK(temperature_k[i] > 0.0, fn, "temperature_k", i, temperature_k[i], "K", "> 0");
        DX__CHECK(water_vapour_g_per_m3[i] >= 0.0, fn, "water_vapour_g_per_m3", i,
                  water_vapour_g_per_m3[i], "g/m^3", ">= 0");
    }
    dx__flagger fl = {0, 0, out_flags};
    for (size_t i = 0; i < n; i++) {
        dx__p676(f_ghz[i], pressure_hpa[i], temperature_k[i], water_vapour_g_per_m3[i],
                 &out_oxygen_db_per_km[i], &out_water_db_per_km[i]);
        dx__flag(&fl, i, f_ghz[i] < 1.0 || f_ghz[i] > 1000.0);
    }
    return dx__flag_done(&fl, out_n_outside, fn, "ITU-R P.676-12 Annex 1: 1-1000 GHz", n);
}

/* ---- ITU-R P.526-15 knife edge ---------------------------------------------------------- */

/* eq. (31): J(v) = 6.9 + 20 log10(sqrt((v - 0.1)^2 + 1) + v - 0.1) for v > -0.78, else 0 */
static double dx__knife_edge_db(double v)
{
    if (v <= -0.78)
        return 0.0;
    double x = v - 0.1;
    return 6.9 + 20.0 * log10(sqrt(x * x + 1.0) + x);
}

dx_status dx_propagation_p526_knife_edge_loss_db(size_t n, const double *v, double *out_db)
{
    static const char fn[] = "dx_propagation_p526_knife_edge_loss_db";
    DX_TRY(dx__need(fn, n, v, out_db, v, v));
    for (size_t i = 0; i < n; i++)
        DX__CHECK(1, fn, "v", i, v[i], "", "finite");
    for (size_t i = 0; i < n; i++)
        out_db[i] = dx__knife_edge_db(v[i]);
    return DX_OK;
}

/* ---- ITU-R P.2108-1 ------------------------------------------------------------------------ */

/* Table 3 of P.2108: representative clutter height R (m) per clutter type. */
static const double dx__p2108_r_default_m[6] = {10.0, 10.0, 10.0, 15.0, 15.0, 20.0};

dx_status dx_propagation_p2108_height_gain_correction_db(
    size_t n, const double *f_ghz, const double *h_m, const double *street_width_m,
    const double *r_m, dx_p2108_clutter clutter, double *out_db, unsigned char *out_flags,
    size_t *out_n_outside)
{
    static const char fn[] = "dx_propagation_p2108_height_gain_correction_db";
    if (out_n_outside)
        *out_n_outside = 0;
    if ((int)clutter < 0 || (int)clutter > DX_P2108_DENSE_URBAN)
        DX_FAIL(DX_EINVAL, "%s: clutter = %d (allowed 0..5, dx_p2108_clutter)", fn, (int)clutter);
    DX_TRY(dx__need(fn, n, f_ghz, h_m, street_width_m, out_db));
    for (size_t i = 0; i < n; i++) {
        DX__CHECK(f_ghz[i] > 0.0, fn, "f_ghz", i, f_ghz[i], "GHz", "> 0");
        DX__CHECK(h_m[i] > 0.0, fn, "h_m", i, h_m[i], "m", "> 0");
        DX__CHECK(street_width_m[i] > 0.0, fn, "street_width_m", i, street_width_m[i], "m",
                  "> 0");
        if (r_m)
            DX__CHECK(r_m[i] > 0.0, fn, "r_m", i, r_m[i], "m", "> 0");
    }
    dx__flagger fl = {0, 0, out_flags};
    for (size_t i = 0; i < n; i++) {
        double f = f_ghz[i], h = h_m[i];
        double r = r_m ? r_m[i] : dx__p2108_r_default_m[clutter];
        double a = 0.0;
        if (h < r) {
            double hdif = r - h;                                     /* eq. (2d) */
            double theta = atan(hdif / street_width_m[i]) / DX__DEG; /* eq. (2e), degrees */
            if (clutter == DX_P2108_WATER_SEA || clutter == DX_P2108_OPEN_RURAL) {
                double kh2 = 21.8 + 6.2 * log10(f); /* eq. (2f) */
                a = -kh2 * log10(h / r);            /* eq. (2b) */
            } else {
                double knu = 0.342 * sqrt(f);           /* eq. (2g) */
                double nu = knu * sqrt(hdif * theta);   /* eq. (2c) */
                a = dx__knife_edge_db(nu) - 6.03;       /* eq. (2a) */
            }
        }
        out_db[i] = a;
        dx__flag(&fl, i, f < 0.03 || f > 3.0);
    }
    return dx__flag_done(&fl, out_n_outside, fn, "ITU-R P.2108-1 §3.1: 0.03-3 GHz", n);
}

/* §3.2 eqs. (3)-(5) at one distance */
static double dx__p2108_tsm_db(double f, double d_km, double p)
{
    double ll = -2.0 * log10(pow(10.0, -5.0 * log10(f) - 12.5) + pow(10.0, -16.5)); /* (4a) */
    double ls = 32.98 + 23.9 * log10(d_km) + 3.0 * log10(f);                          /* (5a) */
    double wl = pow(10.0, -0.2 * ll), ws = pow(10.0, -0.2 * ls);
    double sl = 4.0, ss = 6.0; /* sigma_l (4b), sigma_s (5b) */
    double scb = sqrt((sl * sl * wl + ss * ss * ws) / (wl + ws)); /* (3b) */
    return -5.0 * log10(wl + ws) - scb * gsl_cdf_ugaussian_Qinv(p / 100.0); /* (3a) */
}

dx_status dx_propagation_p2108_terrestrial_clutter_loss_db(size_t n, const double *f_ghz,
                                                           const double *d_km,
                                                           const double *p_percent,
                                                           double *out_db,
                                                           unsigned char *out_flags,
                                                           size_t *out_n_outside)
{
    static const char fn[] = "dx_propagation_p2108_terrestrial_clutter_loss_db";
    if (out_n_outside)
        *out_n_outside = 0;
    DX_TRY(dx__need(fn, n, f_ghz, d_km, p_percent, out_db));
    for (size_t i = 0; i < n; i++) {
        DX__CHECK(f_ghz[i] > 0.0, fn, "f_ghz", i, f_ghz[i], "GHz", "> 0");
        DX__CHECK(d_km[i] > 0.0, fn, "d_km", i, d_km[i], "km", "> 0");
        DX__CHECK(p_percent[i] > 0.0 && p_percent[i] < 100.0, fn, "p_percent", i, p_percent[i],
                  "%", "0 < p < 100");
    }
    dx__flagger fl = {0, 0, out_flags};
    for (size_t i = 0; i < n; i++) {
        double l_d = dx__p2108_tsm_db(f_ghz[i], d_km[i], p_percent[i]);
        double l_2 = dx__p2108_tsm_db(f_ghz[i], 2.0, p_percent[i]);
        out_db[i] = l_d < l_2 ? l_d : l_2; /* eq. (6): not more than the 2 km value */
        dx__flag(&fl, i, f_ghz[i] < 0.5 || f_ghz[i] > 67.0 || d_km[i] < 0.25);
    }
    return dx__flag_done(&fl, out_n_outside, fn, "ITU-R P.2108-1 §3.2: 0.5-67 GHz, d >= 0.25 km",
                         n);
}

dx_status dx_propagation_p2108_earth_space_clutter_loss_db(size_t n, const double *f_ghz,
                                                           const double *elevation_deg,
                                                           const double *p_percent,
                                                           double *out_db,
                                                           unsigned char *out_flags,
                                                           size_t *out_n_outside)
{
    static const char fn[] = "dx_propagation_p2108_earth_space_clutter_loss_db";
    if (out_n_outside)
        *out_n_outside = 0;
    DX_TRY(dx__need(fn, n, f_ghz, elevation_deg, p_percent, out_db));
    for (size_t i = 0; i < n; i++) {
        DX__CHECK(f_ghz[i] > 0.0, fn, "f_ghz", i, f_ghz[i], "GHz", "> 0");
        DX__CHECK(elevation_deg[i] >= 0.0 && elevation_deg[i] <= 90.0, fn, "elevation_deg", i,
                  elevation_deg[i], "deg", "0..90");
        DX__CHECK(p_percent[i] > 0.0 && p_percent[i] < 100.0, fn, "p_percent", i, p_percent[i],
                  "%", "0 < p < 100");
    }
    dx__flagger fl = {0, 0, out_flags};
    for (size_t i = 0; i < n; i++) {
        double f = f_ghz[i], th = elevation_deg[i], p = p_percent[i];
        double k1 = 93.0 * pow(f, 0.175); /* §3.3 */
        double a1 = 0.05;                 /* §3.3 */
        double arg = a1 * (1.0 - th / 90.0) + DX_PI * th / 180.0;
        /* §3.3 clutter loss L_ces not exceeded for p % of locations */
        out_db[i] = pow(-k1 * log(1.0 - p / 100.0) / tan(arg), 0.5 * (90.0 - th) / 90.0) - 1.0 -
                    0.6 * gsl_cdf_ugaussian_Qinv(p / 100.0);
        dx__flag(&fl, i, f < 10.0 || f > 100.0);
    }
    return dx__flag_done(&fl, out_n_outside, fn, "ITU-R P.2108-1 §3.3: 10-100 GHz", n);
}

/* ---- ITU-R P.2109-2 (Annex 1 §3) ----------------------------------------------------------------------- */

/* Table 1: r, s, t, u, v, w, x, y, z */
static const double dx__p2109_coef[2][9] = {
    {12.64, 3.72, 0.96, 9.6, 2.0, 9.1, -3.0, 4.5, -2.0},
    {28.19, -3.00, 8.48, 13.5, 3.8, 27.8, -2.9, 9.4, -2.1}};

dx_status dx_propagation_p2109_building_entry_loss_db(size_t n, const double *f_ghz,
                                                      const double *p_percent,
                                                      const double *elevation_deg,
                                                      dx_p2109_building building,
                                                      double *out_db,
                                                      unsigned char *out_flags,
                                                      size_t *out_n_outside)
{
    static const char fn[] = "dx_propagation_p2109_building_entry_loss_db";
    if (out_n_outside)
        *out_n_outside = 0;
    if ((int)building < 0 || (int)building > DX_P2109_THERMALLY_EFFICIENT)
        DX_FAIL(DX_EINVAL, "%s: building = %d (allowed 0 = traditional, 1 = thermally efficient)",
                fn, (int)building);
    DX_TRY(dx__need(fn, n, f_ghz, p_percent, elevation_deg, out_db));
    for (size_t i = 0; i < n; i++) {
        DX__CHECK(f_ghz[i] > 0.0, fn, "f_ghz", i, f_ghz[i], "GHz", "> 0");
        DX__CHECK(p_percent[i] > 0.0 && p_percent[i] < 100.0, fn, "p_percent", i, p_percent[i],
                  "%", "0 < p < 100");
        DX__CHECK(elevation_deg[i] >= -90.0 && elevation_deg[i] <= 90.0, fn, "elevation_deg", i,
                  elevation_deg[i], "deg", "-90..90");
    }
    const double *c = dx__p2109_coef[building];
    dx__flagger fl = {0, 0, out_flags};
    for (size_t i = 0; i < n; i++) {
        double lf = log10(f_ghz[i]);
        double lh = c[0] + c[1] * lf + c[2] * lf * lf;       /* horizontal-path loss L_h */
        double le = 0.212 * fabs(elevation_deg[i]);          /* elevation correction L_e */
        double mu1 = lh + le, mu2 = c[5] + c[6] * lf;
        double s1 = c[3] + c[4] * lf, s2 = c[7] + c[8] * lf;
        double finv = gsl_cdf_ugaussian_Pinv(p_percent[i] / 100.0);
        double a = finv * s1 + mu1, b = finv * s2 + mu2, cc = -3.0; /* A(P), B(P), C */
        out_db[i] = 10.0 * log10(pow(10.0, 0.1 * a) + pow(10.0, 0.1 * b) + pow(10.0, 0.1 * cc));
        dx__flag(&fl, i, f_ghz[i] < 0.08 || f_ghz[i] > 100.0);
    }
    return dx__flag_done(&fl, out_n_outside, fn, "ITU-R P.2109-2: 0.08-100 GHz", n);
}

/* ---- ITU-R P.833-9 ------------------------------------------------------------------------- */

/* Table 1 of P.833-9 (vertical polarisation): f (MHz), gamma (dB/m), A_m (dB). */
static const double dx__p833_t1[5][3] = {{105.9, 0.04, 9.4},
                                         {466.475, 0.12, 18.0},
                                         {949.0, 0.17, 26.5},
                                         {1852.2, 0.30, 29.0},
                                         {2117.5, 0.34, 34.1}};

static void dx__p833_table(double f_mhz, double *gamma, double *am)
{
    if (f_mhz <= dx__p833_t1[0][0]) {
        *gamma = dx__p833_t1[0][1];
        *am = dx__p833_t1[0][2];
        return;
    }
    for (int j = 1; j < 5; j++) {
        if (f_mhz <= dx__p833_t1[j][0]) {
            double t = (log(f_mhz) - log(dx__p833_t1[j - 1][0])) /
                       (log(dx__p833_t1[j][0]) - log(dx__p833_t1[j - 1][0]));
            *gamma = dx__p833_t1[j - 1][1] + t * (dx__p833_t1[j][1] - dx__p833_t1[j - 1][1]);
            *am = dx__p833_t1[j - 1][2] + t * (dx__p833_t1[j][2] - dx__p833_t1[j - 1][2]);
            return;
        }
    }
    *gamma = dx__p833_t1[4][1];
    *am = dx__p833_t1[4][2];
}

dx_status dx_propagation_p833_vegetation_loss_db(size_t n, const double *f_hz,
                                                 const double *depth_m,
                                                 const double *gamma_db_per_m,
                                                 const double *a_max_db, double *out_db,
                                                 unsigned char *out_flags,
                                                 size_t *out_n_outside)
{
    static const char fn[] = "dx_propagation_p833_vegetation_loss_db";
    if (out_n_outside)
        *out_n_outside = 0;
    DX_TRY(dx__need(fn, n, f_hz, depth_m, out_db, out_db));
    for (size_t i = 0; i < n; i++) {
        DX__CHECK(f_hz[i] > 0.0, fn, "f_hz", i, f_hz[i], "Hz", "> 0");
        DX__CHECK(depth_m[i] >= 0.0, fn, "depth_m", i, depth_m[i], "m", ">= 0");
        if (gamma_db_per_m)
            DX__CHECK(gamma_db_per_m[i] > 0.0, fn, "gamma_db_per_m", i, gamma_db_per_m[i],
                      "dB/m", "> 0");
        if (a_max_db)
            DX__CHECK(a_max_db[i] > 0.0, fn, "a_max_db", i, a_max_db[i], "dB", "> 0");
    }
    dx__flagger fl = {0, 0, out_flags};
    for (size_t i = 0; i < n; i++) {
        double f_mhz = f_hz[i] / 1e6, g, am;
        dx__p833_table(f_mhz, &g, &am);
        if (gamma_db_per_m)
            g = gamma_db_per_m[i];
        if (a_max_db)
            am = a_max_db[i];
        out_db[i] = am * (1.0 - exp(-depth_m[i] * g / am)); /* eq. (1) */
        int uses_table = !gamma_db_per_m || !a_max_db;
        dx__flag(&fl, i,
                 uses_table ? (f_mhz < dx__p833_t1[0][0] || f_mhz > dx__p833_t1[4][0])
                            : (f_mhz < 30.0 || f_mhz > 30000.0));
    }
    return dx__flag_done(&fl, out_n_outside, fn,
                         "ITU-R P.833-9 §2: 30 MHz-30 GHz; Table 1 defaults 105.9-2117.5 MHz",
                         n);
}

/* ---- terrain diffraction (ITU-R P.526-15, P.452-17 §4.2.1) --------------------------------- */

#define DX__AE_KM 8495.0 /* effective Earth radius, k = 4/3 (ITU-R P.452 eq. 6a, median) */

/* Deygout principal edge between points a and b (exclusive), terminals at
 * heights ya (at a) and yb (at b) above sea level. Returns the index with the
 * largest nu (or 0 if none) and writes nu. */
static size_t dx__deygout_edge(const double *d_km, const double *h_m, size_t a, size_t b,
                               double ya, double yb, double dtot, double lambda_m, double *nu_out)
{
    size_t best = 0;
    double numax = -INFINITY;
    double da = d_km[a], dab = d_km[b] - d_km[a];
    for (size_t i = a + 1; i < b; i++) {
        double d1 = d_km[i] - da, d2 = d_km[b] - d_km[i];
        /* Earth bulge relative to the whole path's chord (k = 4/3) */
        double bulge = 500.0 * d_km[i] * (dtot - d_km[i]) / DX__AE_KM;
        double los = ya + (yb - ya) * d1 / dab;
        double hgt = h_m[i] + bulge - los;
        double nu = hgt * sqrt(0.002 * dab / (lambda_m * d1 * d2));
        if (nu > numax) {
            numax = nu;
            best = i;
        }
    }
    *nu_out = numax;
    return best;
}

dx_status dx_propagation_diffraction_loss_db(dx_diffraction_method method, size_t n_points,
                                             const double *distance_m, const double *height_m,
                                             double fc_hz, double h_tx_m, double h_rx_m,
                                             double *out_loss_db)
{
    static const char fn[] = "dx_propagation_diffraction_loss_db";
    DX_REQUIRE_PTR(distance_m);
    DX_REQUIRE_PTR(height_m);
    DX_REQUIRE_PTR(out_loss_db);
    if (method != DX_DIFFRACTION_BULLINGTON && method != DX_DIFFRACTION_DEYGOUT)
        DX_FAIL(DX_EINVAL, "%s: method = %d (allowed 0 = Bullington, 1 = Deygout)", fn,
                (int)method);
    if (n_points < 3)
        DX_FAIL(DX_EINVAL, "%s: n_points = %zu (a profile needs >= 3 points)", fn, n_points);
    if (!(fc_hz > 0.0) || !isfinite(fc_hz))
        DX_FAIL(DX_EDOMAIN, "%s: fc_hz = %g Hz (allowed > 0)", fn, fc_hz);
    if (!(h_tx_m >= 0.0) || !isfinite(h_tx_m))
        DX_FAIL(DX_EDOMAIN, "%s: h_tx_m = %g m (allowed >= 0)", fn, h_tx_m);
    if (!(h_rx_m >= 0.0) || !isfinite(h_rx_m))
        DX_FAIL(DX_EDOMAIN, "%s: h_rx_m = %g m (allowed >= 0)", fn, h_rx_m);
    if (distance_m[0] != 0.0)
        DX_FAIL(DX_EDOMAIN, "%s: distance_m[0] = %g m (the profile starts at the transmitter, 0 m)",
                fn, distance_m[0]);
    for (size_t i = 0; i < n_points; i++) {
        if (!isfinite(height_m[i]))
            DX_FAIL(DX_EDOMAIN, "%s: height_m[%zu] = %g m (must be finite)", fn, i, height_m[i]);
        if (i > 0 && !(distance_m[i] > distance_m[i - 1]))
            DX_FAIL(DX_EDOMAIN, "%s: distance_m[%zu] = %g m (must be finite and > distance_m[%zu] "
                    "= %g m)", fn, i, distance_m[i], i - 1, distance_m[i - 1]);
        if (!isfinite(distance_m[i]))
            DX_FAIL(DX_EDOMAIN, "%s: distance_m[%zu] = %g m (must be finite)", fn, i,
                    distance_m[i]);
    }
    double lambda = DX_SPEED_OF_LIGHT_M_PER_S / fc_hz;
    double hts = height_m[0] + h_tx_m, hrs = height_m[n_points - 1] + h_rx_m;
    double dtot_km = distance_m[n_points - 1] / 1000.0;
    if (method == DX_DIFFRACTION_BULLINGTON) {
        /* Bullington construction, P.452-17 §4.2.1 eqs. (14)-(22), distances in km.
         * The same expressions as one loop over S_tim, S_rim and nu_max, in
         * passes that skip what the case does not use (the terrain planner
         * calls this per pixel): S_tim first; a line-of-sight path (eq. 17)
         * then needs only nu_max, an obstructed one (eqs. 19-21) only S_rim.
         * Skipped without changing a bit: a slope whose numerator is below
         * the running maximum times its (positive) denominator by a 1e-12
         * margin (its quotient cannot exceed the maximum), and the square
         * root of a nu that lies below -0.78 by a 1e-4 margin on nu^2
         * (J(nu) = 0 there, so it cannot change J(nu_max)). Distances in km
         * and bulged heights are kept from the first pass. */
        double ce = 1.0 / DX__AE_KM;
        double stim = -INFINITY, srim = -INFINITY, numax = -INFINITY;
        double str = (hrs - hts) / dtot_km;
        double keep_small[2 * 512];
        double *keep = keep_small;
        if (n_points > 512) {
            keep = dx__malloc(2 * n_points * sizeof *keep);
            if (!keep)
                DX_FAIL(DX_ENOMEM, "%s: no memory for a %zu-point profile", fn, n_points);
        }
        double *dk = keep, *bk = keep + n_points;
        for (size_t i = 1; i + 1 < n_points; i++) {
            double di = distance_m[i] / 1000.0;
            double bul = height_m[i] + 500.0 * ce * di * (dtot_km - di);
            dk[i] = di;
            bk[i] = bul;
            const double x = bul - hts, m = stim * di;
            if (x < m - fabs(m) * 1e-12)
                continue; /* (bul - hts) / di < stim */
            double s1 = x / di; /* eq. (14) */
            if (s1 > stim)
                stim = s1;
        }
        double luc;
        if (stim < str) {
            const double k2 = 0.002 * dtot_km, lim2 = 0.6084 * 1.0001; /* 0.78^2 */
            for (size_t i = 1; i + 1 < n_points; i++) {
                double di = dk[i];
                double bul = bk[i];
                double a = bul - (hts * (dtot_km - di) + hrs * di) / dtot_km;
                double q = lambda * di * (dtot_km - di);
                /* nu = a sqrt(k2 / q) <= -0.78 <=> a < 0 and a^2 k2 >= 0.6084 q */
                if (a < 0.0 && a * a * k2 > lim2 * q)
                    continue;
                double nu = a * sqrt(0.002 * dtot_km / (lambda * di * (dtot_km - di))); /* eq. (16) */
                if (nu > numax)
                    numax = nu;
            }
            luc = dx__knife_edge_db(numax); /* eq. (17) */
        } else {
            /* from the receiver's end, where the steepest S_rim usually is */
            for (size_t i = n_points - 2; i >= 1; i--) {
                const double e = dtot_km - dk[i];
                const double x = bk[i] - hrs, m = srim * e;
                if (x < m - fabs(m) * 1e-12)
                    continue; /* (bul - hrs) / (d - di) < srim */
                double s2 = x / e; /* eq. (18) */
                if (s2 > srim)
                    srim = s2;
            }
            double db = (hrs - hts + srim * dtot_km) / (stim + srim); /* eq. (19) */
            double nub = (hts + stim * db - (hts * (dtot_km - db) + hrs * db) / dtot_km) *
                         sqrt(0.002 * dtot_km / (lambda * db * (dtot_km - db))); /* (20) */
            luc = dx__knife_edge_db(nub);                                       /* (21) */
        }
        if (keep != keep_small)
            dx__free(keep);
        /* eq. (22): L_b = L_uc + [1 - exp(-L_uc/6)](10 + 0.02 d) */
        *out_loss_db = luc + (1.0 - exp(-luc / 6.0)) * (10.0 + 0.02 * dtot_km);
        return DX_OK;
    }
    /* Deygout, three edges (ITU-R P.526 construction; the same T and C terms are used by
     * the independent Veins EnvironmentalDiffraction implementation):
     * L = J(nu_p) + T [J(nu_t) + J(nu_r) + C], T = 1 - exp(-J(nu_p)/6), C = 10 + 0.04 D.
     * Distances in km through a km view of the profile. */
    double dkm_small[512];
    double *dkm = dkm_small;
    double *heap = NULL;
    if (n_points > 512) {
        heap = dx__malloc(n_points * sizeof *heap);
        if (!heap)
            DX_FAIL(DX_ENOMEM, "%s: no memory for a %zu-point profile", fn, n_points);
        dkm = heap;
    }
    for (size_t i = 0; i < n_points; i++)
        dkm[i] = distance_m[i] / 1000.0;
    double nup, nut = -INFINITY, nur = -INFINITY;
    size_t ip = dx__deygout_edge(dkm, height_m, 0, n_points - 1, hts, hrs, dtot_km, lambda, &nup);
    double lp = dx__knife_edge_db(nup);
    double loss = lp;
    if (lp > 0.0) {
        double bulge_p = 500.0 * dkm[ip] * (dtot_km - dkm[ip]) / DX__AE_KM;
        double yp = height_m[ip] + bulge_p;
        if (ip > 1)
            (void)dx__deygout_edge(dkm, height_m, 0, ip, hts, yp, dtot_km, lambda, &nut);
        if (ip + 2 < n_points)
            (void)dx__deygout_edge(dkm, height_m, ip, n_points - 1, yp, hrs, dtot_km, lambda,
                                   &nur);
        double t = 1.0 - exp(-lp / 6.0);
        double c = 10.0 + 0.04 * dtot_km;
        loss = lp + t * (dx__knife_edge_db(nut) + dx__knife_edge_db(nur) + c);
    }
    dx__free(heap);
    *out_loss_db = loss;
    return DX_OK;
}
