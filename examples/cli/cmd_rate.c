/* dxsim rate: PHY-rate calculators of the phy module.
 *   dxsim rate ax|be|ah MCS BW_MHZ [NSS] [GI_US]   Wi-Fi PHY rate, sensitivity, required SINR
 *   dxsim rate nr BW_MHZ SCS_KHZ LAYERS QM [dl|ul] [TDD_PATTERN [S_SPLIT]]
 *                                                  TS 38.306 approximate data rate
 *   dxsim rate TECH_ID [SINR_DB] [dl|ul]           throughput of a catalogued technology
 *                                                  (a SINR table when SINR_DB is omitted) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dxcli.h"

static int num(const char *s, double *out)
{
    char *end = NULL;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || !isfinite(v)) {
        fprintf(stderr, "dxsim rate: '%s' is not a number\n", s);
        return -1;
    }
    *out = v;
    return 0;
}

static int usage(void) { return dxcli_usage_error("rate", "bad or missing arguments"); }

static int wifi(int argc, char **argv)
{
    dx_phy_wifi_standard std = strcmp(argv[1], "ax") == 0   ? DX_PHY_WIFI_HE
                               : strcmp(argv[1], "be") == 0 ? DX_PHY_WIFI_EHT
                                                            : DX_PHY_WIFI_S1G;
    double mcs, bw, nss = 1, gi = std == DX_PHY_WIFI_S1G ? 8.0 : 0.8;
    if (argc < 4 || num(argv[2], &mcs) || num(argv[3], &bw) || (argc > 4 && num(argv[4], &nss)) ||
        (argc > 5 && num(argv[5], &gi)))
        return usage();
    if (fabs(mcs) > 1e6 || fabs(nss) > 1e6) /* (int) of a huge double is undefined */
        return usage();
    double r, sens, sinr, eff;
    int st = dx_phy_wifi_rate_mbps(std, (int)mcs, bw, (int)nss, gi, &r);
    if (st != DX_OK)
        return dxcli_fail("rate", st);
    if ((st = dx_phy_wifi_sensitivity_dbm(std, (int)mcs, bw, &sens)) != DX_OK ||
        (st = dx_phy_wifi_required_sinr_db(std, (int)mcs, bw, &sinr)) != DX_OK ||
        (st = dx_phy_wifi_mac_efficiency_ratio(std, r, NULL, &eff)) != DX_OK)
        return dxcli_fail("rate", st);
    printf("standard           %s\n", std == DX_PHY_WIFI_HE    ? "802.11ax (HE)"
                                       : std == DX_PHY_WIFI_EHT ? "802.11be (EHT)"
                                                                : "802.11ah (S1G)");
    printf("mcs                %d\nbw                 %g MHz\nnss                %d\n", (int)mcs, bw,
           (int)nss);
    printf("gi                 %g us\n", gi);
    printf("phy_rate           %.4f Mbit/s\n", r);
    printf("sensitivity        %.1f dBm\n", sens);
    printf("required_sinr      %.2f dB\n", sinr);
    printf("mac_efficiency     %.4f\n", eff);
    printf("mac_throughput     %.4f Mbit/s\n", r * eff);
    return 0;
}

static int nr(int argc, char **argv)
{
    double bw, scs, layers, qm;
    if (argc < 6 || num(argv[2], &bw) || num(argv[3], &scs) || num(argv[4], &layers) ||
        num(argv[5], &qm) || fabs(layers) > 1e6 || fabs(qm) > 1e6)
        return usage();
    dx_phy_direction dir = argc > 6 && strcmp(argv[6], "ul") == 0 ? DX_PHY_UL : DX_PHY_DL;
    double share = 1.0, dl = 1.0, ul = 1.0;
    if (argc > 7) {
        int st = dx_phy_tdd_shares(argv[7], argc > 8 ? argv[8] : NULL, &dl, &ul);
        if (st != DX_OK)
            return dxcli_fail("rate", st);
        share = dir == DX_PHY_DL ? dl : ul;
    }
    int n_rb;
    double r;
    int st = dx_phy_nr_n_rb(bw, scs, &n_rb);
    if (st == DX_OK)
        st = dx_phy_nr_max_rate_mbps(bw, scs, (int)layers, (int)qm, 1.0, -1.0, dir, share, &r);
    if (st != DX_OK)
        return dxcli_fail("rate", st);
    printf("n_rb               %d\n", n_rb);
    printf("direction          %s\n", dir == DX_PHY_DL ? "dl" : "ul");
    printf("tdd_share          %.4f\n", share);
    printf("nr_rate            %.4f Mbit/s\n", r);
    return 0;
}

static int tech(int argc, char **argv)
{
    dx_technology t;
    int st = dx_technology_find(argv[1], &t);
    if (st != DX_OK)
        return dxcli_fail("rate", st);
    double pk_dl, pk_ul;
    if ((st = dx_phy_peak_rate_mbps(&t, DX_PHY_DL, &pk_dl)) != DX_OK ||
        (st = dx_phy_peak_rate_mbps(&t, DX_PHY_UL, &pk_ul)) != DX_OK)
        return dxcli_fail("rate", st);
    printf("technology         %s (%s)\n", t.id, dx_tech_family_name(t.family));
    printf("peak_dl            %.6g Mbit/s\npeak_ul            %.6g Mbit/s\n", pk_dl, pk_ul);
    if (argc > 2) {
        double s, o;
        if (num(argv[2], &s))
            return usage();
        dx_phy_direction dir = argc > 3 && strcmp(argv[3], "ul") == 0 ? DX_PHY_UL : DX_PHY_DL;
        if ((st = dx_phy_throughput_mbps(&t, dir, 1, &s, &o)) != DX_OK)
            return dxcli_fail("rate", st);
        printf("throughput_%s      %.6g Mbit/s at %g dB SINR\n", dir == DX_PHY_DL ? "dl" : "ul", o,
               s);
        return 0;
    }
    printf("%9s %14s %14s\n", "SINR [dB]", "DL [Mbit/s]", "UL [Mbit/s]");
    for (double s = -20; s <= 45; s += 5) {
        double d, u;
        if ((st = dx_phy_throughput_mbps(&t, DX_PHY_DL, 1, &s, &d)) != DX_OK ||
            (st = dx_phy_throughput_mbps(&t, DX_PHY_UL, 1, &s, &u)) != DX_OK)
            return dxcli_fail("rate", st);
        printf("%9.0f %14.6g %14.6g\n", s, d, u);
    }
    return 0;
}

int dxcli_rate(int argc, char **argv)
{
    /* no options besides --help (main.c); "-12.6" is an operand */
    if (dxcli_getopt(argc, argv, "+", NULL) != -1)
        return 2;
    argc -= optind - 1;
    argv += optind - 1;
    if (argc < 2)
        return usage();
    if (strcmp(argv[1], "ax") == 0 || strcmp(argv[1], "be") == 0 || strcmp(argv[1], "ah") == 0)
        return wifi(argc, argv);
    if (strcmp(argv[1], "nr") == 0)
        return nr(argc, argv);
    return tech(argc, argv);
}
