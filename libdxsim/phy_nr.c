/* Stage 3 (PHY), 5G NR: PRB counts, MCS/CQI tables, the TS 38.306 data-rate
 * formula, TDD shares and the SINR -> MCS/CQI link abstraction. */
#include "dx_internal.h"
#include "dxsim/phy.h"
#include "phy_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- N_RB: TS 38.101-1 Table 5.3.2-1 (FR1) and TS 38.101-2 Table 5.3.2-1 (FR2) ---- */

typedef struct {
    double scs_khz;
    double bw_mhz;
    int n_rb;
} nr_rb_row;

static const nr_rb_row nr_rb_table[] = {
    /* FR1, TS 38.101-1 Table 5.3.2-1 (Rel-17) */
    {15, 5, 25},   {15, 10, 52},  {15, 15, 79},  {15, 20, 106}, {15, 25, 133}, {15, 30, 160},
    {15, 35, 188}, {15, 40, 216}, {15, 45, 242}, {15, 50, 270},
    {30, 5, 11},   {30, 10, 24},  {30, 15, 38},  {30, 20, 51},  {30, 25, 65},  {30, 30, 78},
    {30, 35, 92},  {30, 40, 106}, {30, 45, 119}, {30, 50, 133}, {30, 60, 162}, {30, 70, 189},
    {30, 80, 217}, {30, 90, 245}, {30, 100, 273},
    {60, 10, 11},  {60, 15, 18},  {60, 20, 24},  {60, 25, 31},  {60, 30, 38},  {60, 35, 44},
    {60, 40, 51},  {60, 45, 58},  {60, 50, 65},  {60, 60, 79},  {60, 70, 93},  {60, 80, 107},
    {60, 90, 121}, {60, 100, 135},
    /* FR2, TS 38.101-2 Table 5.3.2-1 (60 kHz at 50/100 MHz is taken from FR1 above) */
    {60, 200, 264},
    {120, 50, 32}, {120, 100, 66}, {120, 200, 132}, {120, 400, 264},
};

dx_status dx_phy_nr_n_rb(double bw_mhz, double scs_khz, int *out_n_rb)
{
    DX_REQUIRE_PTR(out_n_rb);
    for (size_t i = 0; i < sizeof nr_rb_table / sizeof nr_rb_table[0]; i++)
        if (fabs(nr_rb_table[i].scs_khz - scs_khz) < 1e-9 &&
            fabs(nr_rb_table[i].bw_mhz - bw_mhz) < 1e-6) {
            *out_n_rb = nr_rb_table[i].n_rb;
            return DX_OK;
        }
    DX_FAIL(DX_EDOMAIN,
            "dx_phy_nr_n_rb: bw_mhz = %g MHz with scs_khz = %g kHz is not in TS 38.101-1/-2 "
            "Table 5.3.2-1 (FR1 15 kHz: 5-50 MHz, 30 kHz: 5-100 MHz, 60 kHz: 10-100 MHz; "
            "FR2 60 kHz: 50-200 MHz, 120 kHz: 50-400 MHz)",
            bw_mhz, scs_khz);
}

/* ---- MCS and CQI tables, TS 38.214 (values: Qm, R x 1024, spectral efficiency) ---- */

typedef struct {
    int qm;
    double r1024;
    double se;
} mcs_row;

/* TS 38.214 Table 5.1.3.1-1: MCS index table 1 for PDSCH (64-QAM), 0-28 (29-31 reserved). */
static const mcs_row mcs_t1[] = {
    {2, 120, 0.2344}, {2, 157, 0.3066}, {2, 193, 0.3770}, {2, 251, 0.4902}, {2, 308, 0.6016},
    {2, 379, 0.7402}, {2, 449, 0.8770}, {2, 526, 1.0273}, {2, 602, 1.1758}, {2, 679, 1.3262},
    {4, 340, 1.3281}, {4, 378, 1.4766}, {4, 434, 1.6953}, {4, 490, 1.9141}, {4, 553, 2.1602},
    {4, 616, 2.4063}, {4, 658, 2.5703}, {6, 438, 2.5664}, {6, 466, 2.7305}, {6, 517, 3.0293},
    {6, 567, 3.3223}, {6, 616, 3.6094}, {6, 666, 3.9023}, {6, 719, 4.2129}, {6, 772, 4.5234},
    {6, 822, 4.8164}, {6, 873, 5.1152}, {6, 910, 5.3320}, {6, 948, 5.5547},
};
/* TS 38.214 Table 5.1.3.1-2: MCS index table 2 for PDSCH (256-QAM), 0-27 (28-31 reserved). */
static const mcs_row mcs_t2[] = {
    {2, 120, 0.2344},   {2, 193, 0.3770}, {2, 308, 0.6016}, {2, 449, 0.8770}, {2, 602, 1.1758},
    {4, 378, 1.4766},   {4, 434, 1.6953}, {4, 490, 1.9141}, {4, 553, 2.1602}, {4, 616, 2.4063},
    {4, 658, 2.5703},   {6, 466, 2.7305}, {6, 517, 3.0293}, {6, 567, 3.3223}, {6, 616, 3.6094},
    {6, 666, 3.9023},   {6, 719, 4.2129}, {6, 772, 4.5234}, {6, 822, 4.8164}, {6, 873, 5.1152},
    {8, 682.5, 5.3320}, {8, 711, 5.5547}, {8, 754, 5.8906}, {8, 797, 6.2266}, {8, 841, 6.5703},
    {8, 885, 6.9141},   {8, 916.5, 7.1602}, {8, 948, 7.4063},
};
/* TS 38.214 Table 5.1.3.1-3: MCS index table 3 for PDSCH (low SE), 0-28 (29-31 reserved). */
static const mcs_row mcs_t3[] = {
    {2, 30, 0.0586},  {2, 40, 0.0781},  {2, 50, 0.0977},  {2, 64, 0.1250},  {2, 78, 0.1523},
    {2, 99, 0.1934},  {2, 120, 0.2344}, {2, 157, 0.3066}, {2, 193, 0.3770}, {2, 251, 0.4902},
    {2, 308, 0.6016}, {2, 379, 0.7402}, {2, 449, 0.8770}, {2, 526, 1.0273}, {2, 602, 1.1758},
    {4, 340, 1.3281}, {4, 378, 1.4766}, {4, 434, 1.6953}, {4, 490, 1.9141}, {4, 553, 2.1602},
    {4, 616, 2.4063}, {6, 438, 2.5664}, {6, 466, 2.7305}, {6, 517, 3.0293}, {6, 567, 3.3223},
    {6, 616, 3.6094}, {6, 666, 3.9023}, {6, 719, 4.2129}, {6, 772, 4.5234},
};
/* TS 38.214 Table 5.2.2.1-2: 4-bit CQI table 1 (64-QAM), CQI 1-15. */
static const mcs_row cqi_t1[] = {
    {2, 78, 0.1523},  {2, 120, 0.2344}, {2, 193, 0.3770}, {2, 308, 0.6016}, {2, 449, 0.8770},
    {2, 602, 1.1758}, {4, 378, 1.4766}, {4, 490, 1.9141}, {4, 616, 2.4063}, {6, 466, 2.7305},
    {6, 567, 3.3223}, {6, 666, 3.9023}, {6, 772, 4.5234}, {6, 873, 5.1152}, {6, 948, 5.5547},
};
/* TS 38.214 Table 5.2.2.1-3: 4-bit CQI table 2 (256-QAM), CQI 1-15. */
static const mcs_row cqi_t2[] = {
    {2, 78, 0.1523},  {2, 193, 0.3770}, {2, 449, 0.8770}, {4, 378, 1.4766}, {4, 490, 1.9141},
    {4, 616, 2.4063}, {6, 466, 2.7305}, {6, 567, 3.3223}, {6, 666, 3.9023}, {6, 772, 4.5234},
    {6, 873, 5.1152}, {8, 711, 5.5547}, {8, 797, 6.2266}, {8, 885, 6.9141}, {8, 948, 7.4063},
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const mcs_row *mcs_table(int table, size_t *n)
{
    switch (table) {
    case 1:
        *n = NELEM(mcs_t1);
        return mcs_t1;
    case 2:
        *n = NELEM(mcs_t2);
        return mcs_t2;
    case 3:
        *n = NELEM(mcs_t3);
        return mcs_t3;
    default:
        *n = 0;
        return NULL;
    }
}

int dx__phy_nr_mcs_count(int table)
{
    size_t n;
    (void)mcs_table(table, &n);
    return (int)n;
}

static void fill_entry(const mcs_row *r, dx_phy_mcs_entry *out)
{
    out->qm = r->qm;
    out->code_rate_x1024 = r->r1024;
    out->spectral_efficiency = r->se;
}

dx_status dx_phy_nr_mcs(int table, int index, dx_phy_mcs_entry *out)
{
    DX_REQUIRE_PTR(out);
    size_t n;
    const mcs_row *t = mcs_table(table, &n);
    if (!t)
        DX_FAIL(DX_EDOMAIN, "dx_phy_nr_mcs: table = %d (allowed 1..3: TS 38.214 Table 5.1.3.1-1..3)",
                table);
    if (index < 0 || (size_t)index >= n)
        DX_FAIL(DX_EDOMAIN,
                "dx_phy_nr_mcs: index = %d (allowed 0..%zu for MCS table %d; higher indices are "
                "reserved for retransmissions)",
                index, n - 1, table);
    fill_entry(&t[index], out);
    return DX_OK;
}

dx_status dx_phy_nr_cqi(int table, int index, dx_phy_mcs_entry *out)
{
    DX_REQUIRE_PTR(out);
    const mcs_row *t = table == 1 ? cqi_t1 : table == 2 ? cqi_t2 : NULL;
    if (!t)
        DX_FAIL(DX_EDOMAIN,
                "dx_phy_nr_cqi: table = %d (allowed 1..2: TS 38.214 Table 5.2.2.1-2, -3)", table);
    if (index < 1 || index > 15)
        DX_FAIL(DX_EDOMAIN, "dx_phy_nr_cqi: index = %d (allowed 1..15; CQI 0 is out of range)",
                index);
    fill_entry(&t[index - 1], out);
    return DX_OK;
}

/* ---- TS 38.306 §4.1.2 approximate data rate ---- */

/* Rmax = 948/1024 (TS 38.306 §4.1.2). */
#define DX__NR_RMAX (948.0 / 1024.0)

/* Frequency range by numerology and width: 120 kHz and widths above 100 MHz
 * exist only in FR2 (TS 38.101-2); everything else is taken as FR1. */
static int nr_is_fr2(double bw_mhz, double scs_khz) { return scs_khz >= 120.0 || bw_mhz > 100.0; }

dx_status dx_phy_nr_max_rate_mbps(double bw_mhz, double scs_khz, int layers, int qm, double scaling,
                                  double overhead, dx_phy_direction dir, double tdd_share,
                                  double *out_mbps)
{
    DX_REQUIRE_PTR(out_mbps);
    int n_rb;
    DX_TRY(dx_phy_nr_n_rb(bw_mhz, scs_khz, &n_rb));
    if (layers < 1 || layers > 8)
        DX_FAIL(DX_EDOMAIN, "dx_phy_nr_max_rate_mbps: layers = %d (allowed 1..8)", layers);
    if (qm < 1 || qm > 10)
        DX_FAIL(DX_EDOMAIN, "dx_phy_nr_max_rate_mbps: qm = %d bits/symbol (allowed 1..10)", qm);
    if (!(scaling > 0.0 && scaling <= 1.0))
        DX_FAIL(DX_EDOMAIN, "dx_phy_nr_max_rate_mbps: scaling = %g (allowed 0 < f <= 1)", scaling);
    if (!(overhead < 1.0))
        DX_FAIL(DX_EDOMAIN,
                "dx_phy_nr_max_rate_mbps: overhead = %g (allowed 0..1, negative = standard)",
                overhead);
    if (!(tdd_share > 0.0 && tdd_share <= 1.0))
        DX_FAIL(DX_EDOMAIN, "dx_phy_nr_max_rate_mbps: tdd_share = %g (allowed 0 < share <= 1)",
                tdd_share);
    if (dir != DX_PHY_DL && dir != DX_PHY_UL)
        DX_FAIL(DX_EINVAL, "dx_phy_nr_max_rate_mbps: dir = %d (allowed DX_PHY_DL, DX_PHY_UL)",
                (int)dir);
    if (overhead < 0.0) {
        /* TS 38.306 §4.1.2: OH = 0.14 FR1 DL, 0.18 FR2 DL, 0.08 FR1 UL, 0.10 FR2 UL. */
        int fr2 = nr_is_fr2(bw_mhz, scs_khz);
        overhead = dir == DX_PHY_DL ? (fr2 ? 0.18 : 0.14) : (fr2 ? 0.10 : 0.08);
    }
    double mu = log2(scs_khz / 15.0);
    double ts_s = 1e-3 / (14.0 * pow(2.0, mu));
    *out_mbps = 1e-6 * layers * qm * scaling * DX__NR_RMAX * (n_rb * 12.0) / ts_s *
                (1.0 - overhead) * tdd_share;
    return DX_OK;
}

/* ---- TDD shares, domain-japan.md §1.2 ---- */

dx_status dx_phy_tdd_shares(const char *pattern, const char *special, double *out_dl_share,
                            double *out_ul_share)
{
    DX_REQUIRE_PTR(pattern);
    if (!special || !*special)
        special = "6:4:4"; /* domain-japan §1.2: common split with DDDSUUDDDD (UNVERIFIED) */
    int sd, sg, su;
    char tail;
    if (sscanf(special, "%d:%d:%d%c", &sd, &sg, &su, &tail) != 3 || sd < 0 || sg < 0 || su < 0 ||
        sd + sg + su != 14)
        DX_FAIL(DX_EINVAL,
                "dx_phy_tdd_shares: special = '%s' (expected DL:GP:UL symbols summing to 14, "
                "e.g. 6:4:4)",
                special);
    /* A frame may be named as in the catalogue (domain-japan §1.2): "sync" or
     * "synchronous", "qs1".."qs3" for the quasi-synchronous frames TDD1-3. */
    dx_technology l5g;
    if (strcmp(pattern, "synchronous") == 0)
        pattern = "sync";
    if (strcmp(pattern, "sync") == 0 || strncmp(pattern, "qs", 2) == 0) {
        DX_TRY(dx_technology_find("l5g-sub6", &l5g));
        DX_TRY(dx_technology_set_tdd_frame(&l5g, pattern));
        pattern = l5g.tdd_pattern;
    }
    size_t n = strlen(pattern);
    if (n == 0 || n > 80)
        DX_FAIL(DX_EINVAL, "dx_phy_tdd_shares: pattern = '%s' (expected 1..80 slots of D/U/S, or "
                           "a frame name: sync, qs1, qs2, qs3)",
                pattern);
    double dl = 0.0, ul = 0.0;
    for (size_t i = 0; i < n; i++) {
        switch (pattern[i]) {
        case 'D':
        case 'd':
            dl += 1.0;
            break;
        case 'U':
        case 'u':
            ul += 1.0;
            break;
        case 'S':
        case 's':
            dl += sd / 14.0;
            ul += su / 14.0;
            break;
        default:
            DX_FAIL(DX_EINVAL, "dx_phy_tdd_shares: pattern[%zu] = '%c' in '%s' (allowed D, U, S)",
                    i, pattern[i], pattern);
        }
    }
    if (out_dl_share)
        *out_dl_share = dl / (double)n;
    if (out_ul_share)
        *out_ul_share = ul / (double)n;
    return DX_OK;
}

/* ---- SINR -> MCS/CQI ---- */

/* Link abstraction: SINR needed for a spectral efficiency at the 10 % BLER
 * target that TS 38.214 §5.2.2.1 uses for CQI reporting. Piecewise linear in
 * SE through the AWGN 10 % BLER thresholds of the 15 LTE/NR CQI-table-1 entries
 * (Vienna LTE link-level simulator, Mehlfuehrer et al., EUSIPCO 2009, as widely
 * reproduced; INDICATIVE), extended linearly with the end slopes for table 3
 * (SE < 0.15) and the 256-QAM entries (SE > 5.55). */
static const double cqi1_se[15] = {0.1523, 0.2344, 0.3770, 0.6016, 0.8770, 1.1758, 1.4766, 1.9141,
                                   2.4063, 2.7305, 3.3223, 3.9023, 4.5234, 5.1152, 5.5547};
static const double cqi1_sinr_db[15] = {-6.7, -4.7, -2.3, 0.2,  2.4,  4.3,  5.9, 8.1,
                                        10.3, 11.7, 14.1, 16.3, 18.7, 21.0, 22.7};

static double se_required_sinr_db(double se)
{
    int k = 0;
    if (se <= cqi1_se[0])
        k = 0;
    else if (se >= cqi1_se[14])
        k = 13;
    else
        while (k < 13 && se > cqi1_se[k + 1])
            k++;
    double slope = (cqi1_sinr_db[k + 1] - cqi1_sinr_db[k]) / (cqi1_se[k + 1] - cqi1_se[k]);
    return cqi1_sinr_db[k] + slope * (se - cqi1_se[k]);
}

dx_status dx_phy_nr_mcs_required_sinr_db(int table, int index, double *out_sinr_db)
{
    DX_REQUIRE_PTR(out_sinr_db);
    dx_phy_mcs_entry e;
    DX_TRY(dx_phy_nr_mcs(table, index, &e));
    *out_sinr_db = se_required_sinr_db(e.spectral_efficiency);
    return DX_OK;
}

dx_status dx_phy_nr_mcs_from_sinr(int table, int max_qm, double sinr_db, int *out_index)
{
    DX_REQUIRE_PTR(out_index);
    size_t n;
    const mcs_row *t = mcs_table(table, &n);
    if (!t)
        DX_FAIL(DX_EDOMAIN, "dx_phy_nr_mcs_from_sinr: table = %d (allowed 1..3)", table);
    int best = -1;
    for (size_t i = 0; i < n; i++) {
        if (max_qm > 0 && t[i].qm > max_qm)
            continue;
        if (se_required_sinr_db(t[i].se) <= sinr_db)
            best = (int)i;
    }
    *out_index = best;
    return DX_OK;
}

dx_status dx_phy_nr_cqi_from_sinr(int table, double sinr_db, int *out_cqi)
{
    DX_REQUIRE_PTR(out_cqi);
    const mcs_row *t = table == 1 ? cqi_t1 : table == 2 ? cqi_t2 : NULL;
    if (!t)
        DX_FAIL(DX_EDOMAIN, "dx_phy_nr_cqi_from_sinr: table = %d (allowed 1..2)", table);
    int best = 0;
    for (int i = 0; i < 15; i++)
        if (se_required_sinr_db(t[i].se) <= sinr_db)
            best = i + 1;
    *out_cqi = best;
    return DX_OK;
}
