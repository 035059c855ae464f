/* Path-loss models: parameters, model names, validity ranges and the public
 * array kernel dx_propagation_path_loss_db; 38.901 LOS probability and
 * shadow-fading sigma. The 38.901 formulas live in propagation_kernels.h. */
/* Contract a*b+c into FMA in the hot kernels (ISO C mode turns contraction off;
 * results change by at most an ulp or two, far inside every tolerance). */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("fp-contract=fast")
#endif
/* The hot loops vectorise at the project's -O2 without -ffast-math or
 * -fno-math-errno: propagation_kernels.h uses no libm call in the 38.901 / FSPL
 * paths (its own log10 and sqrt) and branch-free selects; check with
 * -fopt-info-vec. target_clones adds x86-64-v3 (AVX2/FMA) and x86-64-v4 (AVX-512)
 * versions, picked at load time. */
#include "dx_internal.h"
#include "propagation_kernels.h"
#include "propagation_lines.h"
#include "dxsim/propagation.h"

#include <math.h>
#include <string.h>



/* Vectorise the hot loops: OpenMP SIMD when the build has OpenMP (or
 * -fopenmp-simd), otherwise GCC's ivdep hint. */
#if defined(_OPENMP)
#define DX__SIMD _Pragma("omp simd")
#elif defined(__GNUC__) && !defined(__clang__) /* clang has no "GCC ivdep" */
#define DX__SIMD _Pragma("GCC ivdep")
#else
#define DX__SIMD
#endif

static const char *const dx__prop_names[DX_PROPAGATION_MODEL_COUNT] = {
    "fspl",         "log-distance", "two-ray",      "hata",         "cost231-hata",
    "p1411-los",    "p1411-nlos",   "38901-rma",    "38901-uma",    "38901-umi",
    "38901-inh",    "38901-inf-sl", "38901-inf-dl", "38901-inf-sh", "38901-inf-dh"};

dx_status dx_propagation_params_init(dx_propagation_params *p, unsigned int version)
{
    DX_REQUIRE_PTR(p);
    if (version == 0 || version > DX_PROPAGATION_PARAMS_VERSION)
        DX_FAIL(DX_EINVAL, "dx_propagation_params_init: version = %u (this library knows 1..%u)",
                version, (unsigned)DX_PROPAGATION_PARAMS_VERSION);
    memset(p, 0, sizeof *p);
    p->version = version;
    p->los = DX_PROPAGATION_LOS;
    p->pl0_db = NAN;      /* free-space loss at d0 */
    p->d0_m = 1.0;        /* ns-3 LogDistancePropagationLossModel default */
    p->exponent = 3.0;    /* ASSUMED: ns-3 default exponent */
    p->environment = DX_PROPAGATION_ENV_URBAN_MEDIUM;
    p->h_building_m = 5.0;    /* 38.901 Table 7.4.1-1 RMa: h = 5 m */
    p->street_width_m = 20.0; /* 38.901 Table 7.4.1-1 RMa: W = 20 m */
    p->h_roof_m = 20.0;               /* ASSUMED (ns-3 ItuR1411NlosOverRooftop default) */
    p->building_separation_m = 50.0;  /* ASSUMED (ns-3 default) */
    p->street_orientation_deg = 45.0; /* ASSUMED (ns-3 default) */
    p->building_extent_m = 80.0;      /* ASSUMED (ns-3 default) */
    p->h_e_m = 1.0;                   /* 38.901 §7.4.1 note 1 */
    p->inh_open_office = 0;
    p->clutter_density_ratio = 0.0; /* 0 = sub-scenario default */
    p->clutter_size_m = 0.0;
    p->clutter_height_m = 0.0;
    return DX_OK;
}

size_t dx_propagation_params_size(void) { return sizeof(dx_propagation_params); }

dx_status dx_propagation_model_from_name(const char *name, dx_propagation_model *out)
{
    DX_REQUIRE_PTR(name);
    DX_REQUIRE_PTR(out);
    for (int i = 0; i < DX_PROPAGATION_MODEL_COUNT; i++)
        if (strcmp(name, dx__prop_names[i]) == 0) {
            *out = (dx_propagation_model)i;
            return DX_OK;
        }
    DX_FAIL(DX_ENOTFOUND,
            "dx_propagation_model_from_name: name = '%s' is not a model (fspl, log-distance, "
            "two-ray, hata, cost231-hata, p1411-los, p1411-nlos, 38901-rma, 38901-uma, "
            "38901-umi, 38901-inh, 38901-inf-sl, 38901-inf-dl, 38901-inf-sh, 38901-inf-dh)",
            name);
}

const char *dx_propagation_model_name(dx_propagation_model m)
{
    if ((int)m < 0 || (int)m >= DX_PROPAGATION_MODEL_COUNT)
        return "unknown";
    return dx__prop_names[m];
}

/* ---- validity ranges -------------------------------------------------------- */

typedef struct {
    double fc_min_hz, fc_max_hz;
    double d_min_m, d_max_m; /* on d2D or d3D */
    int d_is_3d;
    double hbs_min_m, hbs_max_m;
    double hut_min_m, hut_max_m;
    double hbs_nominal_m; /* 0 = none */
    const char *source;
} dx__range;

static void dx__model_range(dx_propagation_model m, const dx_propagation_params *p, dx__range *r)
{
    r->fc_min_hz = 0.0;
    r->fc_max_hz = INFINITY;
    r->d_min_m = 0.0;
    r->d_max_m = INFINITY;
    r->d_is_3d = 1;
    r->hbs_min_m = 0.0;
    r->hbs_max_m = INFINITY;
    r->hut_min_m = 0.0;
    r->hut_max_m = INFINITY;
    r->hbs_nominal_m = 0.0;
    r->source = "";
    switch (m) {
    case DX_PROPAGATION_FSPL:
    case DX_PROPAGATION_TWO_RAY:
        r->source = "far field, d > 0";
        break;
    case DX_PROPAGATION_LOG_DISTANCE:
        r->d_min_m = p->d0_m; /* the model is defined from d0 outwards */
        r->source = "log-distance model, d >= d0";
        break;
    case DX_PROPAGATION_HATA: /* Hata (1980), IEEE Trans. VT-29(3): stated ranges */
        r->fc_min_hz = 150e6;
        r->fc_max_hz = 1500e6;
        r->d_min_m = 1000.0;
        r->d_max_m = 20000.0;
        r->hbs_min_m = 30.0;
        r->hbs_max_m = 200.0;
        r->hut_min_m = 1.0;
        r->hut_max_m = 10.0;
        r->source = "Hata 1980: 150-1500 MHz, 1-20 km, h_bs 30-200 m, h_ut 1-10 m";
        break;
    case DX_PROPAGATION_COST231_HATA: /* COST 231 final report §4.4.1 */
        r->fc_min_hz = 1500e6;
        r->fc_max_hz = 2000e6;
        r->d_min_m = 1000.0;
        r->d_max_m = 20000.0;
        r->hbs_min_m = 30.0;
        r->hbs_max_m = 200.0;
        r->hut_min_m = 1.0;
        r->hut_max_m = 10.0;
        r->source = "COST 231 §4.4.1: 1500-2000 MHz, 1-20 km, h_bs 30-200 m, h_ut 1-10 m";
        break;
    case DX_PROPAGATION_P1411_LOS: /* P.1411 §4.1.1: UHF, up to about 1 km */
        r->fc_min_hz = 300e6;
        r->fc_max_hz = 3000e6;
        r->d_max_m = 1000.0;
        r->source = "ITU-R P.1411 §4.1.1 (UHF): 300-3000 MHz, d <= 1 km";
        break;
    case DX_PROPAGATION_P1411_NLOS: /* P.1411-4 §4.2.1 */
        r->fc_min_hz = 800e6;
        r->fc_max_hz = 16e9;
        r->d_min_m = 20.0;
        r->d_max_m = 5000.0;
        r->hbs_min_m = 4.0;
        r->hbs_max_m = 55.0;
        r->hut_min_m = 1.0;
        r->hut_max_m = 3.0;
        r->source = "ITU-R P.1411 §4.2.1: 0.8-16 GHz, 20-5000 m, h_bs 4-55 m, h_ut 1-3 m";
        break;
    case DX_PROPAGATION_38901_RMA:
        r->fc_min_hz = 0.5e9;
        r->fc_max_hz = 30e9; /* Table 7.4.1-1 note: f_c,max = 30 GHz for RMa */
        r->d_is_3d = 0;
        r->d_min_m = 10.0;
        r->d_max_m = p->los == DX_PROPAGATION_LOS ? 10000.0 : 5000.0;
        r->hbs_min_m = 10.0;
        r->hbs_max_m = 150.0;
        r->hut_min_m = 1.0;
        r->hut_max_m = 10.0;
        r->source = "3GPP TR 38.901 Table 7.4.1-1 RMa: 0.5-30 GHz, d2D 10 m-10 km (LOS) / "
                    "5 km (NLOS), h_BS 10-150 m, h_UT 1-10 m";
        break;
    case DX_PROPAGATION_38901_UMA:
        r->fc_min_hz = 0.5e9;
        r->fc_max_hz = 100e9;
        r->d_is_3d = 0;
        r->d_min_m = 10.0;
        r->d_max_m = 5000.0;
        r->hut_min_m = 1.5;
        r->hut_max_m = 22.5;
        r->hbs_nominal_m = 25.0;
        r->source = "3GPP TR 38.901 Table 7.4.1-1 UMa: 0.5-100 GHz, d2D 10-5000 m, "
                    "h_UT 1.5-22.5 m, h_BS = 25 m";
        break;
    case DX_PROPAGATION_38901_UMI:
        r->fc_min_hz = 0.5e9;
        r->fc_max_hz = 100e9;
        r->d_is_3d = 0;
        r->d_min_m = 10.0;
        r->d_max_m = 5000.0;
        r->hut_min_m = 1.5;
        r->hut_max_m = 22.5;
        r->hbs_nominal_m = 10.0;
        r->source = "3GPP TR 38.901 Table 7.4.1-1 UMi: 0.5-100 GHz, d2D 10-5000 m, "
                    "h_UT 1.5-22.5 m, h_BS = 10 m";
        break;
    case DX_PROPAGATION_38901_INH:
        r->fc_min_hz = 0.5e9;
        r->fc_max_hz = 100e9;
        r->d_min_m = 1.0;
        r->d_max_m = 150.0;
        r->hbs_nominal_m = 3.0;
        r->source = "3GPP TR 38.901 Table 7.4.1-1 InH: 0.5-100 GHz, d3D 1-150 m, h_BS = 3 m";
        break;
    default: /* InF */
        r->fc_min_hz = 0.5e9;
        r->fc_max_hz = 100e9;
        r->d_min_m = 1.0;
        r->d_max_m = 600.0;
        r->source = "3GPP TR 38.901 Table 7.4.1-1 InF: 0.5-100 GHz, d3D 1-600 m";
        break;
    }
}

static int dx__is_38901(dx_propagation_model m)
{
    return m >= DX_PROPAGATION_38901_RMA && m <= DX_PROPAGATION_38901_INF_DH;
}

/* Parameters used by the model must be valid. */
static dx_status dx__check_params(dx_propagation_model m, const dx_propagation_params *p,
                                  const char *fn)
{
    if (p->version == 0 || p->version > DX_PROPAGATION_PARAMS_VERSION)
        DX_FAIL(DX_EINVAL, "%s: params->version = %u (call dx_propagation_params_init)", fn,
                p->version);
    if (p->los != DX_PROPAGATION_LOS && p->los != DX_PROPAGATION_NLOS)
        DX_FAIL(DX_EINVAL, "%s: params->los = %d (allowed 0 = LOS, 1 = NLOS)", fn, (int)p->los);
    if ((int)p->environment < 0 || (int)p->environment > DX_PROPAGATION_ENV_OPEN)
        DX_FAIL(DX_EINVAL, "%s: params->environment = %d (allowed 0..3)", fn,
                (int)p->environment);
#define DX__POS(field, unit)                                                                   \
    if (!(p->field > 0.0) || !isfinite(p->field))                                              \
        DX_FAIL(DX_EDOMAIN, "%s: params->" #field " = %g " unit " (allowed > 0)", fn, p->field);
    switch (m) {
    case DX_PROPAGATION_LOG_DISTANCE:
        DX__POS(d0_m, "m");
        if (!isfinite(p->exponent))
            DX_FAIL(DX_EDOMAIN, "%s: params->exponent = %g (must be finite)", fn, p->exponent);
        if (!isnan(p->pl0_db) && !isfinite(p->pl0_db))
            DX_FAIL(DX_EDOMAIN, "%s: params->pl0_db = %g dB (finite, or NaN for free space)", fn,
                    p->pl0_db);
        break;
    case DX_PROPAGATION_COST231_HATA:
        if (p->environment == DX_PROPAGATION_ENV_OPEN)
            DX_FAIL(DX_EINVAL,
                    "%s: params->environment = open is not defined for COST-231 Hata (allowed "
                    "urban-medium, urban-large, suburban)",
                    fn);
        break;
    case DX_PROPAGATION_P1411_NLOS:
        DX__POS(h_roof_m, "m");
        DX__POS(street_width_m, "m");
        DX__POS(building_separation_m, "m");
        DX__POS(building_extent_m, "m");
        if (!(p->street_orientation_deg >= 0.0 && p->street_orientation_deg <= 90.0))
            DX_FAIL(DX_EDOMAIN, "%s: params->street_orientation_deg = %g deg (allowed 0..90)", fn,
                    p->street_orientation_deg);
        break;
    case DX_PROPAGATION_38901_RMA:
        DX__POS(h_building_m, "m");
        DX__POS(street_width_m, "m");
        break;
    case DX_PROPAGATION_38901_UMA:
    case DX_PROPAGATION_38901_UMI:
        if (!(p->h_e_m >= 0.0) || !isfinite(p->h_e_m))
            DX_FAIL(DX_EDOMAIN, "%s: params->h_e_m = %g m (allowed >= 0)", fn, p->h_e_m);
        break;
    default:
        break;
    }
#undef DX__POS
    return DX_OK;
}

/* ---- the models that are not in propagation_kernels.h ------------------------- */

/* Okumura-Hata (Hata 1980, eqs. as in ITU-R P.529-3 Annex 1 §1.1): f in MHz,
 * heights in m, d in km. */
static double dx__hata_a_hm(double lf, double f_mhz, double hm, dx_propagation_environment env)
{
    if (env == DX_PROPAGATION_ENV_URBAN_LARGE) {
        if (f_mhz < 300.0) { /* Hata: f <= 200 MHz; ASSUMED split at 300 MHz */
            double t = log10(1.54 * hm);
            return 8.29 * t * t - 1.1;
        }
        double t = log10(11.75 * hm); /* Hata: f >= 400 MHz */
        return 3.2 * t * t - 4.97;
    }
    return (1.1 * lf - 0.7) * hm - (1.56 * lf - 0.8);
}

static double dx__pl_hata_db(double f_mhz, double d_km, double hb, double hm,
                             dx_propagation_environment env)
{
    double lf = log10(f_mhz);
    double lhb = log10(hb);
    double base = 69.55 + 26.16 * lf - 13.82 * lhb + (44.9 - 6.55 * lhb) * log10(d_km);
    switch (env) {
    case DX_PROPAGATION_ENV_URBAN_LARGE:
    case DX_PROPAGATION_ENV_URBAN_MEDIUM:
        return base - dx__hata_a_hm(lf, f_mhz, hm, env);
    case DX_PROPAGATION_ENV_SUBURBAN: {
        double t = log10(f_mhz / 28.0);
        return base - dx__hata_a_hm(lf, f_mhz, hm, DX_PROPAGATION_ENV_URBAN_MEDIUM) - 2.0 * t * t -
               5.4;
    }
    default:
        return base - dx__hata_a_hm(lf, f_mhz, hm, DX_PROPAGATION_ENV_URBAN_MEDIUM) -
               4.78 * lf * lf + 18.33 * lf - 40.94;
    }
}

/* COST 231 final report §4.4.1 (COST-Hata): C_m = 3 dB for metropolitan
 * centres, 0 dB for medium sized cities and suburban centres; a(h_m) is
 * Hata's medium/small-city correction. */
static double dx__pl_cost231_db(double f_mhz, double d_km, double hb, double hm,
                                dx_propagation_environment env)
{
    double lf = log10(f_mhz);
    double lhb = log10(hb);
    double a = (1.1 * lf - 0.7) * hm - (1.56 * lf - 0.8);
    double cm = env == DX_PROPAGATION_ENV_URBAN_LARGE ? 3.0 : 0.0;
    return 46.3 + 33.9 * lf - 13.82 * lhb - a + (44.9 - 6.55 * lhb) * log10(d_km) + cm;
}

/* ITU-R P.1411 §4.1.1 (UHF, LOS in a street canyon): median of the lower and
 * upper bounds, eqs. (2)-(5): R_bp = 4 h1 h2 / lambda,
 * L_bp = |20 log10(lambda^2 / (8 pi h1 h2))|. */
static double dx__pl_p1411_los_db(double f_hz, double d, double h1, double h2)
{
    double lambda = DX_SPEED_OF_LIGHT_M_PER_S / f_hz;
    double rbp = 4.0 * h1 * h2 / lambda;
    double lbp = fabs(20.0 * log10(lambda * lambda / (8.0 * DX_PI * h1 * h2)));
    double x = log10(d / rbp);
    double lo = d <= rbp ? lbp + 20.0 * x : lbp + 40.0 * x;
    double up = d <= rbp ? lbp + 20.0 + 25.0 * x : lbp + 20.0 + 40.0 * x;
    return 0.5 * (lo + up);
}

/* ITU-R P.1411-4 §4.2.1, NLOS propagation over roof-tops, eqs. (10)-(26).
 * d in m (path length), f in MHz. */
static double dx__pl_p1411_nlos_db(double f_hz, double d, double hb, double hm,
                                   const dx_propagation_params *p)
{
    double f = f_hz / 1e6;
    double lambda = DX_SPEED_OF_LIGHT_M_PER_S / f_hz;
    double hr = p->h_roof_m, b = p->building_separation_m, w = p->street_width_m;
    double phi = p->street_orientation_deg;
    double dhb = hb - hr;
    double dhm = hr - hm;
    /* free-space loss, eq. (11) */
    double lbf = 32.4 + 20.0 * log10(d / 1000.0) + 20.0 * log10(f);
    /* roof-top-to-street diffraction, eqs. (12)-(13) */
    double lori = phi < 35.0 ? -10.0 + 0.354 * phi
                  : phi < 55.0 ? 2.5 + 0.075 * (phi - 35.0)
                               : 4.0 - 0.114 * (phi - 55.0);
    double lrts = -8.2 - 10.0 * log10(w) + 10.0 * log10(f) + 20.0 * log10(dhm) + lori;
    /* multi-screen diffraction: settled field distance d_s, eq. (14) */
    double lmsd;
    int settled = dhb != 0.0 && p->building_extent_m > lambda * d * d / (dhb * dhb);
    if (settled) { /* l > d_s: eqs. (15)-(20) */
        double lbsh = dhb > 0.0 ? -18.0 * log10(1.0 + dhb) : 0.0;
        double ka;
        if (dhb > 0.0)
            ka = f > 2000.0 ? 71.4 : 54.0;
        else
            ka = 54.0 - (d >= 500.0 ? 0.8 * dhb : 1.6 * dhb * d / 1000.0); /* any f */
        double kd = dhb > 0.0 ? 18.0 : 18.0 - 15.0 * dhb / hr;
        double kf;
        if (f > 2000.0)
            kf = -8.0;
        else if (p->environment == DX_PROPAGATION_ENV_URBAN_LARGE)
            kf = -4.0 + 1.5 * (f / 925.0 - 1.0); /* metropolitan centres */
        else
            kf = -4.0 + 0.7 * (f / 925.0 - 1.0); /* medium sized city, suburban centres */
        lmsd = lbsh + ka + kd * log10(d / 1000.0) + kf * log10(f) - 9.0 * log10(b);
    } else { /* l < d_s: eqs. (21)-(24) */
        double qm;
        if (fabs(dhb) < 1.0) {
            qm = b / d;
        } else if (dhb > 0.0) {
            qm = 2.35 * pow(dhb / d * sqrt(b / lambda), 0.9);
        } else {
            double theta = atan(dhb / b);
            double rho = sqrt(dhb * dhb + b * b);
            qm = b / (2.0 * DX_PI * d) * sqrt(lambda / rho) *
                 (1.0 / theta - 1.0 / (2.0 * DX_PI + theta));
        }
        lmsd = -10.0 * log10(qm * qm);
    }
    /* eq. (10) */
    return lrts + lmsd > 0.0 ? lbf + lrts + lmsd : lbf;
}

/* ---- public kernel ------------------------------------------------------------ */

DX__SIMD_CLONES
static void dx__kernel_umx_site(size_t n, const dx__umx_site *site, const double *d2d_m,
                                int nlos, double *out)
{
    const dx__umx_site s = *site;
    DX__SIMD
    for (size_t i = 0; i < n; i++)
        out[i] = dx__pl_38901_umx_site_db(&s, d2d_m[i], nlos);
}

DX__SIMD_CLONES
static void dx__kernel_uma(size_t n, int same_site, const double *fc_hz,
                           const double *d2d_m, const double *h_bs_m, const double *h_ut_m,
                           int nlos, double h_e_m, double *out)
{
    if (same_site) {
        dx__umx_site s = dx__uma_site_make(fc_hz[0] * 1e-9, h_bs_m[0], h_ut_m[0], h_e_m);
        dx__kernel_umx_site(n, &s, d2d_m, nlos, out);
        return;
    }
    DX__SIMD
    for (size_t i = 0; i < n; i++)
        out[i] = dx__pl_38901_uma_he_db(fc_hz[i] * 1e-9, d2d_m[i], h_bs_m[i], h_ut_m[i], nlos,
                                        h_e_m);
}

DX__SIMD_CLONES
static void dx__kernel_umi(size_t n, int same_site, const double *fc_hz,
                           const double *d2d_m, const double *h_bs_m, const double *h_ut_m,
                           int nlos, double h_e_m, double *out)
{
    if (same_site) {
        dx__umx_site s = dx__umi_site_make(fc_hz[0] * 1e-9, h_bs_m[0], h_ut_m[0], h_e_m);
        dx__kernel_umx_site(n, &s, d2d_m, nlos, out);
        return;
    }
    DX__SIMD
    for (size_t i = 0; i < n; i++)
        out[i] = dx__pl_38901_umi_he_db(fc_hz[i] * 1e-9, d2d_m[i], h_bs_m[i], h_ut_m[i], nlos,
                                        h_e_m);
}

DX__SIMD_CLONES
static void dx__kernel_rma(size_t n, const double *fc_hz, const double *d2d_m,
                           const double *h_bs_m, const double *h_ut_m, int nlos, double h,
                           double w, double *out)
{
    dx__rma_coef c = dx__rma_coef_make(h, w);
    DX__SIMD
    for (size_t i = 0; i < n; i++)
        out[i] = dx__pl_38901_rma_coef_db(fc_hz[i] * 1e-9, d2d_m[i], h_bs_m[i], h_ut_m[i], nlos,
                                          &c);
}

DX__SIMD_CLONES
static void dx__kernel_inh(size_t n, const double *fc_hz, const double *d2d_m,
                           const double *h_bs_m, const double *h_ut_m, int nlos, double *out)
{
    DX__SIMD
    for (size_t i = 0; i < n; i++)
        out[i] = dx__pl_38901_inh_db(fc_hz[i] * 1e-9, d2d_m[i], h_bs_m[i], h_ut_m[i], nlos);
}

DX__SIMD_CLONES
static void dx__kernel_inf(size_t n, int sub, const double *fc_hz, const double *d2d_m,
                           const double *h_bs_m, const double *h_ut_m, int nlos, double *out)
{
    DX__SIMD
    for (size_t i = 0; i < n; i++)
        out[i] = dx__pl_38901_inf_db(sub, fc_hz[i] * 1e-9, d2d_m[i], h_bs_m[i], h_ut_m[i], nlos);
}

DX__SIMD_CLONES
static void dx__kernel_fspl(size_t n, const double *fc_hz, const double *d2d_m,
                            const double *h_bs_m, const double *h_ut_m, double *out)
{
    DX__SIMD
    for (size_t i = 0; i < n; i++)
        out[i] = dx__pl_fspl_link_db(fc_hz[i] * 1e-9, d2d_m[i], h_bs_m[i], h_ut_m[i]);
}

static const char *dx__arg_name(int k)
{
    static const char *const names[] = {"fc_hz", "d2d_m", "h_bs_m", "h_ut_m"};
    return names[k];
}

/* First invalid input (EDOMAIN), or DX_OK; base is the index of element 0 (for
 * the message). Heights may be 0 for the models that only use the height
 * difference. Scalar: only run on a chunk that dx__check_chunk rejected. */
static dx_status dx__validate(const char *fn, int heights_may_be_zero, size_t base, size_t n,
                              const double *fc_hz, const double *d2d_m, const double *h_bs_m,
                              const double *h_ut_m)
{
    for (size_t j = 0; j < n; j++) {
        size_t i = base + j;
        double v[4] = {fc_hz[j], d2d_m[j], h_bs_m[j], h_ut_m[j]};
        for (int k = 0; k < 4; k++) {
            if (!isfinite(v[k]))
                DX_FAIL(DX_EDOMAIN, "%s: %s[%zu] = %g %s (must be finite)", fn, dx__arg_name(k),
                        i, v[k], k == 0 ? "Hz" : "m");
        }
        if (!(v[0] > 0.0))
            DX_FAIL(DX_EDOMAIN, "%s: fc_hz[%zu] = %g Hz (allowed > 0)", fn, i, v[0]);
        if (!(v[1] >= 0.0))
            DX_FAIL(DX_EDOMAIN, "%s: d2d_m[%zu] = %g m (allowed >= 0)", fn, i, v[1]);
        for (int k = 2; k < 4; k++) {
            if (heights_may_be_zero ? !(v[k] >= 0.0) : !(v[k] > 0.0))
                DX_FAIL(DX_EDOMAIN, "%s: %s[%zu] = %g m (allowed %s 0)", fn, dx__arg_name(k), i,
                        v[k], heights_may_be_zero ? ">=" : ">");
        }
        if (!(v[1] > 0.0 || v[2] != v[3]))
            DX_FAIL(DX_EDOMAIN,
                    "%s: link %zu has zero 3D distance (d2d_m = %g m, h_bs_m = h_ut_m = %g m)", fn,
                    i, v[1], v[2]);
    }
    return DX_OK;
}

/* Validity ranges as squared-distance bounds so the check needs no sqrt. */
typedef struct {
    dx__range r;
    double dmin2, dmax2;
    int all_outside; /* a parameter (RMa h or W) is outside its range: every element */
    int has_nominal;
} dx__range_check;

/* One branch-free pass over a chunk (so it vectorises): bit DX__CHUNK_VALID when
 * every element is a valid input, bit DX__CHUNK_SAME_SITE when fc, h_BS and h_UT
 * are the same for all elements (one site, one UT height: the per-site kernels
 * then need one logarithm per link, and only the distance needs a range check). */
#define DX__CHUNK_VALID 1
#define DX__CHUNK_SAME_SITE 2
DX__SIMD_CLONES
static int dx__check_chunk(size_t n, const double *fc_hz, const double *d2d_m,
                           const double *h_bs_m, const double *h_ut_m, int heights_may_be_zero)
{
    const double big = 1.7976931348623157e308; /* DBL_MAX: rejects inf; NaN fails every compare */
    const double hmin = heights_may_be_zero ? 0.0 : 5e-324; /* smallest positive double */
    const double f0 = fc_hz[0], b0 = h_bs_m[0], u0 = h_ut_m[0];
    int ok = 1, same = 1;
    DX__SIMD
    for (size_t i = 0; i < n; i++) {
        double f = fc_hz[i], d = d2d_m[i], hb = h_bs_m[i], hu = h_ut_m[i];
        ok &= (f > 0.0) & (f <= big) & (d >= 0.0) & (d <= big) & (hb >= hmin) & (hb <= big) &
              (hu >= hmin) & (hu <= big) & ((d > 0.0) | (hb != hu));
        same &= (f == f0) & (hb == b0) & (hu == u0);
    }
    return (ok ? DX__CHUNK_VALID : 0) | (same ? DX__CHUNK_SAME_SITE : 0);
}

/* dx__check_chunk fused with the UMa/UMi per-site kernel for the site of
 * element 0: one pass that streams the four inputs from memory once and keeps
 * the arithmetic busy while they arrive. The caller discards the path losses
 * unless the chunk is valid and one site (else it reruns the general kernel). */
DX__SIMD_CLONES
static int dx__check_chunk_umx(size_t n, const double *fc_hz, const double *d2d_m,
                               const double *h_bs_m, const double *h_ut_m,
                               const dx__umx_site *site, int nlos, double *out)
{
    const double big = 1.7976931348623157e308;
    const double hmin = 5e-324;
    const double f0 = fc_hz[0], b0 = h_bs_m[0], u0 = h_ut_m[0];
    const dx__umx_site st = *site;
    int ok = 1, same = 1;
    DX__SIMD
    for (size_t i = 0; i < n; i++) {
        double f = fc_hz[i], d = d2d_m[i], hb = h_bs_m[i], hu = h_ut_m[i];
        ok &= (f > 0.0) & (f <= big) & (d >= 0.0) & (d <= big) & (hb >= hmin) & (hb <= big) &
              (hu >= hmin) & (hu <= big) & ((d > 0.0) | (hb != hu));
        same &= (f == f0) & (hb == b0) & (hu == u0);
        out[i] = dx__pl_38901_umx_site_db(&st, d, nlos);
    }
    return (ok ? DX__CHUNK_VALID : 0) | (same ? DX__CHUNK_SAME_SITE : 0);
}

/* Range flags of a chunk in general; returns the OUTSIDE count, *n_nominal the
 * NOMINAL_HEIGHT count. */
DX__SIMD_CLONES
static size_t dx__flag_chunk(const dx__range_check *rc, size_t n, const double *fc_hz,
                             const double *d2d_m, const double *h_bs_m, const double *h_ut_m,
                             unsigned char *flags, size_t *n_nominal)
{
    /* locals: flags (unsigned char *) may alias anything, so keep the bounds in registers */
    const double k3d = rc->r.d_is_3d ? 1.0 : 0.0;
    const double fmin = rc->r.fc_min_hz, fmax = rc->r.fc_max_hz;
    const double dmin2 = rc->dmin2, dmax2 = rc->dmax2;
    const double bmin = rc->r.hbs_min_m, bmax = rc->r.hbs_max_m;
    const double umin = rc->r.hut_min_m, umax = rc->r.hut_max_m;
    const double hnom = rc->r.hbs_nominal_m;
    const int all_out = rc->all_outside, has_nom = rc->has_nominal;
    size_t count = 0, nom = 0;
    DX__SIMD
    for (size_t i = 0; i < n; i++) {
        double dz = (h_bs_m[i] - h_ut_m[i]) * k3d;
        double d2 = d2d_m[i] * d2d_m[i] + dz * dz;
        int out = (fc_hz[i] < fmin) | (fc_hz[i] > fmax) | (d2 < dmin2) | (d2 > dmax2) |
                  (h_bs_m[i] < bmin) | (h_bs_m[i] > bmax) | (h_ut_m[i] < umin) |
                  (h_ut_m[i] > umax) | all_out;
        int nominal = has_nom & ((h_bs_m[i] - hnom > 1e-6) | (hnom - h_bs_m[i] > 1e-6));
        flags[i] = (unsigned char)(out | (nominal << 1));
        count += (size_t)out;
        nom += (size_t)nominal;
    }
    *n_nominal = nom;
    return count;
}

/* Range flags of a one-site chunk: fc, h_BS, h_UT are those of element 0, so
 * only the distance varies; same result as dx__flag_chunk. */
DX__SIMD_CLONES
static size_t dx__flag_chunk_site(const dx__range_check *rc, size_t n, double fc_hz,
                                  const double *d2d_m, double h_bs_m, double h_ut_m,
                                  unsigned char *flags, size_t *n_nominal)
{
    const dx__range *r = &rc->r;
    double dz = r->d_is_3d ? h_bs_m - h_ut_m : 0.0;
    const double dz2 = dz * dz, dmin2 = rc->dmin2, dmax2 = rc->dmax2;
    int fixed_out = fc_hz < r->fc_min_hz || fc_hz > r->fc_max_hz || h_bs_m < r->hbs_min_m ||
                    h_bs_m > r->hbs_max_m || h_ut_m < r->hut_min_m || h_ut_m > r->hut_max_m ||
                    rc->all_outside;
    int nominal = rc->has_nominal && fabs(h_bs_m - r->hbs_nominal_m) > 1e-6;
    const unsigned char base = (unsigned char)((fixed_out ? 1 : 0) | (nominal ? 2 : 0));
    size_t count = 0;
    DX__SIMD
    for (size_t i = 0; i < n; i++) {
        double d2 = d2d_m[i] * d2d_m[i] + dz2;
        int out = (d2 < dmin2) | (d2 > dmax2);
        flags[i] = (unsigned char)(base | out);
        count += (size_t)out;
    }
    *n_nominal = nominal ? n : 0;
    return fixed_out ? n : count;
}

static void dx__range_check_make(dx_propagation_model model, const dx_propagation_params *p,
                                 dx__range_check *rc)
{
    dx__model_range(model, p, &rc->r);
    rc->dmin2 = rc->r.d_min_m * rc->r.d_min_m;
    rc->dmax2 = rc->r.d_max_m * rc->r.d_max_m;
    /* Table 7.4.1-1 RMa: 5 <= h <= 50 m, 5 <= W <= 50 m */
    rc->all_outside = model == DX_PROPAGATION_38901_RMA &&
                      (p->h_building_m < 5.0 || p->h_building_m > 50.0 ||
                       p->street_width_m < 5.0 || p->street_width_m > 50.0);
    rc->has_nominal = rc->r.hbs_nominal_m > 0.0;
}

static void dx__kernel_dispatch(dx_propagation_model model, const dx_propagation_params *p,
                                size_t n, int same_site, const double *fc_hz, const double *d2d_m,
                                const double *h_bs_m, const double *h_ut_m, double *out_pl_db)
{
    int nlos = p->los == DX_PROPAGATION_NLOS;
    switch (model) {
    case DX_PROPAGATION_FSPL:
        dx__kernel_fspl(n, fc_hz, d2d_m, h_bs_m, h_ut_m, out_pl_db);
        break;
    case DX_PROPAGATION_LOG_DISTANCE:
        for (size_t i = 0; i < n; i++) {
            double pl0 = isnan(p->pl0_db) ? dx__pl_fspl_db(fc_hz[i] * 1e-9, p->d0_m) : p->pl0_db;
            double d = dx__d3d_m(d2d_m[i], h_bs_m[i], h_ut_m[i]);
            out_pl_db[i] = pl0 + 10.0 * p->exponent * log10(d / p->d0_m);
        }
        break;
    case DX_PROPAGATION_TWO_RAY:
        for (size_t i = 0; i < n; i++) {
            double d = dx__d3d_m(d2d_m[i], h_bs_m[i], h_ut_m[i]);
            double lambda = DX_SPEED_OF_LIGHT_M_PER_S / fc_hz[i];
            double dc = 4.0 * DX_PI * h_bs_m[i] * h_ut_m[i] / lambda; /* crossover */
            out_pl_db[i] = d <= dc ? 20.0 * log10(4.0 * DX_PI * d / lambda)
                                   : 40.0 * log10(d) - 20.0 * log10(h_bs_m[i] * h_ut_m[i]);
        }
        break;
    case DX_PROPAGATION_HATA:
    case DX_PROPAGATION_COST231_HATA:
        for (size_t i = 0; i < n; i++) {
            double d = dx__d3d_m(d2d_m[i], h_bs_m[i], h_ut_m[i]) / 1000.0;
            out_pl_db[i] =
                model == DX_PROPAGATION_HATA
                    ? dx__pl_hata_db(fc_hz[i] / 1e6, d, h_bs_m[i], h_ut_m[i], p->environment)
                    : dx__pl_cost231_db(fc_hz[i] / 1e6, d, h_bs_m[i], h_ut_m[i], p->environment);
        }
        break;
    case DX_PROPAGATION_P1411_LOS:
        for (size_t i = 0; i < n; i++)
            out_pl_db[i] = dx__pl_p1411_los_db(
                fc_hz[i], dx__d3d_m(d2d_m[i], h_bs_m[i], h_ut_m[i]), h_bs_m[i], h_ut_m[i]);
        break;
    case DX_PROPAGATION_P1411_NLOS:
        for (size_t i = 0; i < n; i++)
            out_pl_db[i] = dx__pl_p1411_nlos_db(
                fc_hz[i], dx__d3d_m(d2d_m[i], h_bs_m[i], h_ut_m[i]), h_bs_m[i], h_ut_m[i], p);
        break;
    case DX_PROPAGATION_38901_RMA:
        dx__kernel_rma(n, fc_hz, d2d_m, h_bs_m, h_ut_m, nlos, p->h_building_m, p->street_width_m,
                       out_pl_db);
        break;
    case DX_PROPAGATION_38901_UMA:
        dx__kernel_uma(n, same_site, fc_hz, d2d_m, h_bs_m, h_ut_m, nlos, p->h_e_m, out_pl_db);
        break;
    case DX_PROPAGATION_38901_UMI:
        dx__kernel_umi(n, same_site, fc_hz, d2d_m, h_bs_m, h_ut_m, nlos, p->h_e_m, out_pl_db);
        break;
    case DX_PROPAGATION_38901_INH:
        dx__kernel_inh(n, fc_hz, d2d_m, h_bs_m, h_ut_m, nlos, out_pl_db);
        break;
    default:
        dx__kernel_inf(n, (int)model - (int)DX_PROPAGATION_38901_INF_SL, fc_hz, d2d_m, h_bs_m,
                       h_ut_m, nlos, out_pl_db);
        break;
    }
}

/* Links are processed in chunks that stay in cache: validate, compute, flag. */
#define DX__PROP_CHUNK 2048

/* quiet = 1: a successful call leaves the last-error message alone (internal
 * callers that take the counts or flags and say it once themselves; formatting
 * the message per call was most of a scenario Monte Carlo's time). */
static dx_status path_loss_db(dx_propagation_model model, const dx_propagation_params *params,
                              size_t n, const double *fc_hz, const double *d2d_m,
                              const double *h_bs_m, const double *h_ut_m, double *out_pl_db,
                              unsigned char *out_flags, size_t *out_n_outside, int quiet)
{
    static const char fn[] = "dx_propagation_path_loss_db";
    dx_propagation_params defaults;
    if ((int)model < 0 || (int)model >= DX_PROPAGATION_MODEL_COUNT)
        DX_FAIL(DX_EINVAL, "%s: model = %d is not a dx_propagation_model (allowed 0..%d)", fn,
                (int)model, DX_PROPAGATION_MODEL_COUNT - 1);
    if (params == NULL) {
        dx_propagation_params_init(&defaults, DX_PROPAGATION_PARAMS_VERSION);
        params = &defaults;
    }
    DX_TRY(dx__check_params(model, params, fn));
    if (out_n_outside)
        *out_n_outside = 0;
    if (n == 0)
        return DX_OK;
    if (!fc_hz || !d2d_m || !h_bs_m || !h_ut_m || !out_pl_db)
        DX_FAIL(DX_EINVAL, "%s: an input or output array is NULL (n = %zu)", fn, n);
    int zero_ok = model == DX_PROPAGATION_FSPL || model == DX_PROPAGATION_LOG_DISTANCE;
    if (model == DX_PROPAGATION_P1411_NLOS) {
        DX_TRY(dx__validate(fn, zero_ok, 0, n, fc_hz, d2d_m, h_bs_m, h_ut_m));
        for (size_t i = 0; i < n; i++)
            if (!(params->h_roof_m > h_ut_m[i]))
                DX_FAIL(DX_EDOMAIN,
                        "%s: p1411-nlos: h_ut_m[%zu] = %g m is not below params->h_roof_m = %g m "
                        "(the model puts the UT in a street below roof level)",
                        fn, i, h_ut_m[i], params->h_roof_m);
    }
    dx__range_check rc;
    dx__range_check_make(model, params, &rc);
    unsigned char scratch[DX__PROP_CHUNK];
    const int umx = model == DX_PROPAGATION_38901_UMA || model == DX_PROPAGATION_38901_UMI;
    const int nlos = params->los == DX_PROPAGATION_NLOS;
    int try_site = 1; /* fused one-site pass while the chunks keep being one site */
    size_t count = 0, nominal = 0, first = (size_t)-1, first_nominal = (size_t)-1;
    for (size_t b = 0; b < n; b += DX__PROP_CHUNK) {
        size_t m = n - b < DX__PROP_CHUNK ? n - b : DX__PROP_CHUNK;
        const double *f = fc_hz + b, *d = d2d_m + b, *hb = h_bs_m + b, *hu = h_ut_m + b;
        int chk, same;
        if (umx && try_site) { /* UMa/UMi: check and per-site kernel in one pass */
            dx__umx_site site = model == DX_PROPAGATION_38901_UMA
                                    ? dx__uma_site_make(f[0] * 1e-9, hb[0], hu[0], params->h_e_m)
                                    : dx__umi_site_make(f[0] * 1e-9, hb[0], hu[0], params->h_e_m);
            chk = dx__check_chunk_umx(m, f, d, hb, hu, &site, nlos, out_pl_db + b);
            if (!(chk & DX__CHUNK_VALID))
                DX_TRY(dx__validate(fn, zero_ok, b, m, f, d, hb, hu));
            same = (chk & DX__CHUNK_SAME_SITE) != 0;
            if (!same)
                dx__kernel_dispatch(model, params, m, 0, f, d, hb, hu, out_pl_db + b);
        } else {
            chk = dx__check_chunk(m, f, d, hb, hu, zero_ok);
            if (!(chk & DX__CHUNK_VALID))
                DX_TRY(dx__validate(fn, zero_ok, b, m, f, d, hb, hu));
            same = (chk & DX__CHUNK_SAME_SITE) != 0;
            dx__kernel_dispatch(model, params, m, same, f, d, hb, hu, out_pl_db + b);
        }
        try_site = same;
        unsigned char *fl = out_flags ? out_flags + b : scratch;
        size_t nom_chunk = 0;
        size_t c = same ? dx__flag_chunk_site(&rc, m, f[0], d, hb[0], hu[0], fl, &nom_chunk)
                        : dx__flag_chunk(&rc, m, f, d, hb, hu, fl, &nom_chunk);
        if (c > 0 && count == 0)
            for (size_t j = 0; j < m; j++)
                if (fl[j] & DX_PROPAGATION_FLAG_OUTSIDE) {
                    first = b + j;
                    break;
                }
        if (nom_chunk > 0 && nominal == 0)
            for (size_t j = 0; j < m; j++)
                if (fl[j] & DX_PROPAGATION_FLAG_NOMINAL_HEIGHT) {
                    first_nominal = b + j;
                    break;
                }
        count += c;
        nominal += nom_chunk;
    }
    if (quiet) {
        /* nothing to say */
    } else if (count > 0) {
        size_t i = first;
        double d = rc.r.d_is_3d ? dx__d3d_m(d2d_m[i], h_bs_m[i], h_ut_m[i]) : d2d_m[i];
        dx__set_error("%s: %s: %zu of %zu link(s) outside the validity range (%s); first: "
                      "link %zu with fc_hz = %g Hz, %s = %g m, h_bs_m = %g m, h_ut_m = %g m",
                      fn, dx_propagation_model_name(model), count, n, rc.r.source, i, fc_hz[i],
                      rc.r.d_is_3d ? "d3d" : "d2d_m", d, h_bs_m[i], h_ut_m[i]);
    } else if (nominal > 0) {
        dx__set_error("%s: %s: h_bs_m[%zu] = %g m differs from the scenario's nominal BS height "
                      "%g m (flag 0x2, informative)",
                      fn, dx_propagation_model_name(model), first_nominal,
                      h_bs_m[first_nominal], rc.r.hbs_nominal_m);
    }
    if (out_n_outside)
        *out_n_outside = count;
    return DX_OK;
}

dx_status dx_propagation_path_loss_db(dx_propagation_model model,
                                      const dx_propagation_params *params, size_t n,
                                      const double *fc_hz, const double *d2d_m,
                                      const double *h_bs_m, const double *h_ut_m,
                                      double *out_pl_db, unsigned char *out_flags,
                                      size_t *out_n_outside)
{
    return path_loss_db(model, params, n, fc_hz, d2d_m, h_bs_m, h_ut_m, out_pl_db, out_flags,
                        out_n_outside, 0);
}

dx_status dx__propagation_path_loss_quiet_db(dx_propagation_model model,
                                             const dx_propagation_params *params, size_t n,
                                             const double *fc_hz, const double *d2d_m,
                                             const double *h_bs_m, const double *h_ut_m,
                                             double *out_pl_db, unsigned char *out_flags,
                                             size_t *out_n_outside)
{
    return path_loss_db(model, params, n, fc_hz, d2d_m, h_bs_m, h_ut_m, out_pl_db, out_flags,
                        out_n_outside, 1);
}

/* ---- LOS probability (38.901 Table 7.4.2-1) ----------------------------------- */

/* InF clutter defaults. ASSUMED: the calibration values of 38.901 §7.8
 * (Table 7.8-7) as commonly quoted: sparse (SL/SH) r = 0.2, d_clutter = 10 m,
 * h_c = 2 m; dense (DL/DH) r = 0.6, d_clutter = 2 m, h_c = 6 m. */
static void dx__inf_clutter(dx_propagation_model m, const dx_propagation_params *p, double *r,
                            double *dc, double *hc)
{
    int dense = m == DX_PROPAGATION_38901_INF_DL || m == DX_PROPAGATION_38901_INF_DH;
    *r = p->clutter_density_ratio > 0.0 ? p->clutter_density_ratio : (dense ? 0.6 : 0.2);
    *dc = p->clutter_size_m > 0.0 ? p->clutter_size_m : (dense ? 2.0 : 10.0);
    *hc = p->clutter_height_m > 0.0 ? p->clutter_height_m : (dense ? 6.0 : 2.0);
}

static double dx__los_prob(dx_propagation_model m, const dx_propagation_params *p, double d,
                           double hbs, double hut)
{
    switch (m) {
    case DX_PROPAGATION_38901_RMA:
        return d <= 10.0 ? 1.0 : exp(-(d - 10.0) / 1000.0);
    case DX_PROPAGATION_38901_UMI:
        return d <= 18.0 ? 1.0 : 18.0 / d + exp(-d / 36.0) * (1.0 - 18.0 / d);
    case DX_PROPAGATION_38901_UMA: {
        if (d <= 18.0)
            return 1.0;
        double c = hut <= 13.0 ? 0.0 : pow((hut - 13.0) / 10.0, 1.5);
        double x = d / 100.0;
        return (18.0 / d + exp(-d / 63.0) * (1.0 - 18.0 / d)) *
               (1.0 + c * 1.25 * x * x * x * exp(-d / 150.0));
    }
    case DX_PROPAGATION_38901_INH:
        if (p->inh_open_office) {
            if (d <= 5.0)
                return 1.0;
            if (d <= 49.0)
                return exp(-(d - 5.0) / 70.8);
            return exp(-(d - 49.0) / 211.7) * 0.54;
        }
        if (d <= 1.2)
            return 1.0;
        if (d < 6.5)
            return exp(-(d - 1.2) / 4.7);
        return exp(-(d - 6.5) / 32.6) * 0.32;
    default: { /* InF */
        double r, dc, hc;
        dx__inf_clutter(m, p, &r, &dc, &hc);
        double k = -dc / log(1.0 - r);
        if (m == DX_PROPAGATION_38901_INF_SH || m == DX_PROPAGATION_38901_INF_DH) {
            if (hut >= hc || hbs <= hut)
                return 1.0; /* UT above the clutter: no clutter blocks the path */
            if (hbs <= hc)
                return exp(-d / k); /* BS not above the clutter: as the low-BS case */
            k *= (hc - hut) / (hbs - hut);
        }
        return exp(-d / k);
    }
    }
}

dx_status dx_propagation_los_probability_bs(dx_propagation_model model,
                                            const dx_propagation_params *params, size_t n,
                                            const double *d2d_m, const double *h_bs_m,
                                            const double *h_ut_m, double *out_ratio)
{
    static const char fn[] = "dx_propagation_los_probability";
    dx_propagation_params defaults;
    if (!dx__is_38901(model))
        DX_FAIL(DX_EINVAL,
                "%s: model = %d (%s) has no LOS probability (allowed: the 38901-* models)", fn,
                (int)model, dx_propagation_model_name(model));
    if (params == NULL) {
        dx_propagation_params_init(&defaults, DX_PROPAGATION_PARAMS_VERSION);
        params = &defaults;
    }
    if (n == 0)
        return DX_OK;
    if (!d2d_m || !h_ut_m || !out_ratio)
        DX_FAIL(DX_EINVAL, "%s: an input or output array is NULL (n = %zu)", fn, n);
    if (model >= DX_PROPAGATION_38901_INF_SL) {
        double r, dc, hc;
        dx__inf_clutter(model, params, &r, &dc, &hc);
        if (!(r > 0.0 && r < 1.0))
            DX_FAIL(DX_EDOMAIN, "%s: params->clutter_density_ratio = %g (allowed 0 < r < 1)", fn,
                    r);
    }
    for (size_t i = 0; i < n; i++) {
        double hbs = h_bs_m ? h_bs_m[i] : 8.0; /* Table 7.2-4: InF high BS 8 m */
        if (!(d2d_m[i] >= 0.0) || !isfinite(d2d_m[i]))
            DX_FAIL(DX_EDOMAIN, "%s: d2d_m[%zu] = %g m (allowed >= 0)", fn, i, d2d_m[i]);
        if (!(h_ut_m[i] > 0.0) || !isfinite(h_ut_m[i]))
            DX_FAIL(DX_EDOMAIN, "%s: h_ut_m[%zu] = %g m (allowed > 0)", fn, i, h_ut_m[i]);
        if (!(hbs > 0.0) || !isfinite(hbs))
            DX_FAIL(DX_EDOMAIN, "%s: h_bs_m[%zu] = %g m (allowed > 0)", fn, i, hbs);
        double pr = dx__los_prob(model, params, d2d_m[i], hbs, h_ut_m[i]);
        out_ratio[i] = pr < 0.0 ? 0.0 : pr > 1.0 ? 1.0 : pr;
    }
    return DX_OK;
}

dx_status dx_propagation_los_probability(dx_propagation_model model,
                                         const dx_propagation_params *params, size_t n,
                                         const double *d2d_m, const double *h_ut_m,
                                         double *out_ratio)
{
    return dx_propagation_los_probability_bs(model, params, n, d2d_m, NULL, h_ut_m, out_ratio);
}

/* ---- shadow fading (38.901 Table 7.4.1-1) --------------------------------------- */

dx_status dx_propagation_shadow_fading_sigma_db(dx_propagation_model model,
                                                dx_propagation_los los, double fc_hz,
                                                double d2d_m, double *out_sigma_db)
{
    static const char fn[] = "dx_propagation_shadow_fading_sigma_db";
    DX_REQUIRE_PTR(out_sigma_db);
    if (!dx__is_38901(model))
        DX_FAIL(DX_EINVAL,
                "%s: model = %d (%s) has no shadow-fading sigma in its standard (allowed: the "
                "38901-* models)",
                fn, (int)model, dx_propagation_model_name(model));
    if (los != DX_PROPAGATION_LOS && los != DX_PROPAGATION_NLOS)
        DX_FAIL(DX_EINVAL, "%s: los = %d (allowed 0 = LOS, 1 = NLOS)", fn, (int)los);
    if (!(fc_hz > 0.0) || !isfinite(fc_hz))
        DX_FAIL(DX_EDOMAIN, "%s: fc_hz = %g Hz (allowed > 0)", fn, fc_hz);
    if (!(d2d_m >= 0.0) || !isfinite(d2d_m))
        DX_FAIL(DX_EDOMAIN, "%s: d2d_m = %g m (allowed >= 0)", fn, d2d_m);
    int l = los == DX_PROPAGATION_LOS;
    double s;
    switch (model) {
    case DX_PROPAGATION_38901_RMA: {
        /* d_BP with the RMa default heights h_BS = 35 m, h_UT = 1.5 m */
        double dbp = 2.0 * DX_PI * 35.0 * 1.5 * fc_hz / DX__C_38901_M_PER_S;
        s = l ? (d2d_m <= dbp ? 4.0 : 6.0) : 8.0;
        break;
    }
    case DX_PROPAGATION_38901_UMA:
        s = l ? 4.0 : 6.0;
        break;
    case DX_PROPAGATION_38901_UMI:
        s = l ? 4.0 : 7.82;
        break;
    case DX_PROPAGATION_38901_INH:
        s = l ? 3.0 : 8.03;
        break;
    case DX_PROPAGATION_38901_INF_SL:
        s = l ? 4.3 : 5.7;
        break;
    case DX_PROPAGATION_38901_INF_DL:
        s = l ? 4.3 : 7.2;
        break;
    case DX_PROPAGATION_38901_INF_SH:
        s = l ? 4.3 : 5.9;
        break;
    default:
        s = l ? 4.3 : 4.0;
        break;
    }
    *out_sigma_db = s;
    return DX_OK;
}

/* ---- one site's path loss as lines in log10(d3D) (fused grid kernels) -------- */

/* See propagation_kernels.h. Each case restates the formula of the scalar
 * kernel above (same constants, same clauses) with the distance terms split
 * from the per-site constants; tests/test_coverage.c compares the fused grid
 * built on this with dx_propagation_path_loss_db for every model over 1 m to
 * 100 km. */
int dx__propagation_lines(dx_propagation_model model, const dx_propagation_params *p,
                          double fc_hz, double h_bs_m, double h_ut_m, dx__prop_lines *out)
{
    dx__prop_lines L;
    memset(&L, 0, sizeof L);
    L.sel = DX__LINES_MAX;
    L.thr2 = -1.0;
    const double fc_ghz = fc_hz * 1e-9, lf = log10(fc_ghz);
    const int nlos = p->los == DX_PROPAGATION_NLOS;
    if (!(fc_hz > 0.0) || !(h_bs_m > 0.0) || !(h_ut_m > 0.0) || !isfinite(fc_hz) ||
        !isfinite(h_bs_m) || !isfinite(h_ut_m) || dx__check_params(model, p, "lines") != DX_OK)
        return 0;
    switch (model) {
    case DX_PROPAGATION_FSPL: /* P.525 eq. (4) */
        L.a_db = 32.447783221 + 20.0 * lf;
        L.a_k = 20.0;
        break;
    case DX_PROPAGATION_LOG_DISTANCE: {
        double pl0 = isnan(p->pl0_db) ? 32.447783221 + 20.0 * lf + 20.0 * log10(p->d0_m) : p->pl0_db;
        L.a_db = pl0 - 10.0 * p->exponent * log10(p->d0_m);
        L.a_k = 10.0 * p->exponent;
        break;
    }
    case DX_PROPAGATION_TWO_RAY: {
        /* Friis below the crossover dc = 4 pi h_bs h_ut / lambda, plane earth
         * beyond: continuous at dc (both give 20 log10(4 pi dc / lambda)) and
         * the plane-earth line is steeper, so PL = max of the two lines. */
        double lambda = DX_SPEED_OF_LIGHT_M_PER_S / fc_hz;
        L.a_db = 20.0 * log10(4.0 * DX_PI / lambda);
        L.a_k = 20.0;
        L.b_db = -20.0 * log10(h_bs_m * h_ut_m);
        L.b_k = 40.0;
        L.two = 1;
        break;
    }
    case DX_PROPAGATION_HATA:
    case DX_PROPAGATION_COST231_HATA: {
        /* PL = PL(1 km) + (44.9 - 6.55 log10 h_b) log10(d_km), log10 d_km = L - 3 */
        double k = 44.9 - 6.55 * log10(h_bs_m);
        double pl1km = model == DX_PROPAGATION_HATA
                           ? dx__pl_hata_db(fc_hz / 1e6, 1.0, h_bs_m, h_ut_m, p->environment)
                           : dx__pl_cost231_db(fc_hz / 1e6, 1.0, h_bs_m, h_ut_m, p->environment);
        L.a_db = pl1km - 3.0 * k;
        L.a_k = k;
        break;
    }
    case DX_PROPAGATION_P1411_LOS: {
        /* median of the bounds: lbp + 10 + 22.5 x before R_bp, lbp + 10 + 40 x
         * beyond (x = log10(d / R_bp)): continuous, steeper beyond: the max */
        double lambda = DX_SPEED_OF_LIGHT_M_PER_S / fc_hz;
        double rbp = 4.0 * h_bs_m * h_ut_m / lambda;
        double lbp = fabs(20.0 * log10(lambda * lambda / (8.0 * DX_PI * h_bs_m * h_ut_m)));
        double lr = log10(rbp);
        L.a_db = lbp + 10.0 - 22.5 * lr;
        L.a_k = 22.5;
        L.b_db = lbp + 10.0 - 40.0 * lr;
        L.b_k = 40.0;
        L.two = 1;
        break;
    }
    case DX_PROPAGATION_P1411_NLOS: {
        if (!(p->h_roof_m > h_ut_m))
            return 0; /* the public kernel refuses it; the generic path reports it */
        double f = fc_hz / 1e6, lfm = log10(f);
        double lambda = DX_SPEED_OF_LIGHT_M_PER_S / fc_hz;
        double hr = p->h_roof_m, b = p->building_separation_m, w = p->street_width_m;
        double phi = p->street_orientation_deg;
        double dhb = h_bs_m - hr, dhm = hr - h_ut_m;
        double lori = phi < 35.0 ? -10.0 + 0.354 * phi
                      : phi < 55.0 ? 2.5 + 0.075 * (phi - 35.0)
                                   : 4.0 - 0.114 * (phi - 55.0);
        double lrts = -8.2 - 10.0 * log10(w) + 10.0 * log10(f) + 20.0 * log10(dhm) + lori;
        double lbf0 = 32.4 - 60.0 + 20.0 * lfm; /* lbf = lbf0 + 20 L */
        /* settled field (l > lambda d^2 / dhb^2) <=> d^2 < l dhb^2 / lambda */
        double thr = dhb != 0.0 ? p->building_extent_m * dhb * dhb / lambda : -1.0;
        /* A: settled, eqs. (15)-(20) */
        double lbsh = dhb > 0.0 ? -18.0 * log10(1.0 + dhb) : 0.0;
        double kd = dhb > 0.0 ? 18.0 : 18.0 - 15.0 * dhb / hr;
        double kf = f > 2000.0 ? -8.0
                    : p->environment == DX_PROPAGATION_ENV_URBAN_LARGE ? -4.0 + 1.5 * (f / 925.0 - 1.0)
                                                                      : -4.0 + 0.7 * (f / 925.0 - 1.0);
        double ka = dhb > 0.0 ? (f > 2000.0 ? 71.4 : 54.0) : 54.0;
        if (dhb <= 0.0 && thr > 0.0) {
            /* ka = 54 - 1.6 dhb d / 1000 for d < 500 m, 54 - 0.8 dhb beyond:
             * one line only if the settled region ends before 500 m */
            if (thr >= 500.0 * 500.0)
                return 0;
            L.a_m = -1.6 * dhb / 1000.0;
        }
        L.a_db = lbf0 + lrts + lbsh + ka - 3.0 * kd + kf * lfm - 9.0 * log10(b);
        L.a_k = 20.0 + kd;
        /* B: not settled, eqs. (21)-(24): lmsd = -20 log10(qm), qm = K d^-s */
        double lk, s;
        if (fabs(dhb) < 1.0) {
            lk = log10(b);
            s = 1.0;
        } else if (dhb > 0.0) {
            lk = log10(2.35) + 0.9 * log10(dhb * sqrt(b / lambda));
            s = 0.9;
        } else {
            double theta = atan(dhb / b);
            double rho = sqrt(dhb * dhb + b * b);
            lk = log10(fabs(b / (2.0 * DX_PI) * sqrt(lambda / rho) *
                            (1.0 / theta - 1.0 / (2.0 * DX_PI + theta))));
            s = 1.0;
        }
        L.b_db = lbf0 + lrts - 20.0 * lk;
        L.b_k = 20.0 + 20.0 * s;
        L.sel = DX__LINES_SEL_3D;
        L.thr2 = thr > 0.0 ? nextafter(thr, 0.0) : -1.0; /* strict '<' */
        /* eq. (10): lbf + lrts + lmsd when lrts + lmsd > 0, else lbf: the max with lbf */
        L.n_db = lbf0;
        L.n_k = 20.0;
        L.has_n = 1;
        L.two = 1;
        break;
    }
    case DX_PROPAGATION_38901_RMA: {
        dx__rma_coef c = dx__rma_coef_make(p->h_building_m, p->street_width_m);
        double dbp = 2.0 * 3.14159265358979323846 * h_bs_m * h_ut_m * fc_ghz * 1e9 /
                     DX__C_38901_M_PER_S;
        double ldbp = log10(dbp);
        L.a_db = 32.441772186 + 20.0 * lf - c.b_h;
        L.a_k = 20.0 + c.a_h;
        L.a_m = c.c_h;
        double pl1_bp = 32.441772186 + 20.0 * ldbp + 20.0 * lf + c.a_h * ldbp - c.b_h + c.c_h * dbp;
        L.b_db = pl1_bp - 40.0 * ldbp;
        L.b_k = 40.0;
        L.sel = DX__LINES_SEL_2D;
        L.thr2 = dbp * dbp;
        L.two = 1;
        double lhbs = log10(h_bs_m), r = c.h / h_bs_m, lu = log10(11.75 * h_ut_m);
        L.n_k = 43.42 - 3.1 * lhbs;
        L.n_db = 161.04 - 7.1 * c.lw + 7.5 * c.lh - (24.37 - 3.7 * r * r) * lhbs - 3.0 * L.n_k +
                 20.0 * lf - (3.2 * lu * lu - 4.97);
        L.has_n = nlos;
        break;
    }
    case DX_PROPAGATION_38901_UMA:
    case DX_PROPAGATION_38901_UMI: {
        dx__umx_site s = model == DX_PROPAGATION_38901_UMA
                             ? dx__uma_site_make(fc_ghz, h_bs_m, h_ut_m, p->h_e_m)
                             : dx__umi_site_make(fc_ghz, h_bs_m, h_ut_m, p->h_e_m);
        /* LOS = max(PL1, PL2) (continuous at d'BP, PL2 steeper); d'BP <= 0: PL2 */
        L.a_db = s.dbp > 0.0 ? s.c_pl1 : s.c_pl2;
        L.a_k = s.dbp > 0.0 ? s.k_pl1 : 40.0;
        L.b_db = s.c_pl2;
        L.b_k = 40.0;
        L.two = 1;
        L.n_db = s.c_nlos;
        L.n_k = s.k_nlos;
        L.has_n = nlos;
        break;
    }
    case DX_PROPAGATION_38901_INH:
        L.a_db = 32.4 + 20.0 * lf;
        L.a_k = 17.3;
        L.n_db = 17.30 + 24.9 * lf;
        L.n_k = 38.3;
        L.has_n = nlos;
        break;
    default: { /* InF: LOS 31.84 + 21.50 L + 19.00 log fc */
        int sub = (int)model - (int)DX_PROPAGATION_38901_INF_SL;
        static const double nl_c[4] = {33.0, 18.6, 32.4, 33.63}, nl_k[4] = {25.5, 35.7, 23.0, 21.9};
        L.a_db = 31.84 + 19.0 * lf;
        L.a_k = 21.5;
        if (nlos && sub == DX__INF_DL) { /* max(PL_LOS, PL_SL, PL_DL) */
            L.b_db = 33.0 + 20.0 * lf;
            L.b_k = 25.5;
            L.two = 1;
        }
        L.n_db = nl_c[sub] + 20.0 * lf;
        L.n_k = nl_k[sub];
        L.has_n = nlos;
        break;
    }
    }
    if (!L.two) { /* one LOS line: B = A */
        L.b_db = L.a_db;
        L.b_k = L.a_k;
    }
    *out = L;
    return 1;
}

void dx__propagation_site_range(dx_propagation_model model, const dx_propagation_params *p,
                                double fc_hz, double h_bs_m, double h_ut_m, dx__prop_site_range *out)
{
    dx__range_check rc;
    dx__range_check_make(model, p, &rc);
    const dx__range *r = &rc.r;
    double dz = r->d_is_3d ? h_bs_m - h_ut_m : 0.0;
    out->dz2 = dz * dz;
    out->dmin2 = rc.dmin2;
    out->dmax2 = rc.dmax2;
    out->all_outside = fc_hz < r->fc_min_hz || fc_hz > r->fc_max_hz || h_bs_m < r->hbs_min_m ||
                       h_bs_m > r->hbs_max_m || h_ut_m < r->hut_min_m || h_ut_m > r->hut_max_m ||
                       rc.all_outside;
}
