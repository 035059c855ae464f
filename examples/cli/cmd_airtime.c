/* dxsim airtime: LoRa time on air and what the Japanese rules allow.
 *   dxsim airtime SF BW_KHZ PHY_PAYLOAD_BYTES [CR] [--preamble N] [--implicit] [--no-crc] [--ldro 0|1]
 *   dxsim airtime --dr DR APP_PAYLOAD_BYTES     LoRaWAN AS923 uplink (13 bytes of MAC overhead added)
 * Prints the time on air, the AS923 payload limits (with --dr) and the ARIB STD-T108
 * maximum messages per hour for both carrier-sense classes. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dxcli.h"

/* LoRaWAN uplink overhead without FOpts: MHDR 1 + FHDR 7 + FPort 1 + MIC 4 bytes
 * (LoRaWAN 1.0.x §4). */
#define LORAWAN_OVERHEAD_BYTES 13

static int usage(void) { return dxcli_usage_error("airtime", "bad or missing arguments"); }

static int as_int(const char *s, int *out)
{
    char *end = NULL;
    long v = strtol(s, &end, 10);
    if (end == s || *end != '\0')
        return -1;
    *out = (int)v;
    return 0;
}

static void arib(double toa)
{
    static const struct {
        dx_phy_arib_mode mode;
        const char *label;
    } m[2] = {{DX_PHY_ARIB_CS_SHORT, "arib_cs_128us"}, {DX_PHY_ARIB_CS_LONG, "arib_cs_5ms"}};
    for (int i = 0; i < 2; i++) {
        double n;
        if (dx_phy_arib_max_messages_per_hour(toa, m[i].mode, &n) == DX_OK)
            printf("%-18s %.0f messages/hour\n", m[i].label, n);
        else
            printf("%-18s refused: %s\n", m[i].label, dx_last_error());
    }
}

int dxcli_airtime(int argc, char **argv)
{
    int sf, payload, cr = 1, preamble = 8, explicit_header = 1, crc = 1, ldro = -1, dr = -1;
    double bw_hz;
    int app_payload = -1, have_dr = 0;
    enum { OPT_PREAMBLE = 256, OPT_LDRO, OPT_IMPLICIT, OPT_NO_CRC, OPT_DR };
    static const struct option longopts[] = {
        {"preamble", required_argument, NULL, OPT_PREAMBLE}, {"ldro", required_argument, NULL, OPT_LDRO},
        {"implicit", no_argument, NULL, OPT_IMPLICIT},       {"no-crc", no_argument, NULL, OPT_NO_CRC},
        {"dr", required_argument, NULL, OPT_DR},             {0, 0, 0, 0}};
    for (int c; (c = dxcli_getopt(argc, argv, "", longopts)) != -1;) {
        if (c == OPT_PREAMBLE) {
            if (dxcli_int("airtime", "--preamble", optarg, &preamble))
                return 2;
        } else if (c == OPT_LDRO) {
            if (dxcli_int("airtime", "--ldro", optarg, &ldro))
                return 2;
        } else if (c == OPT_DR) {
            have_dr = 1;
            if (dxcli_int("airtime", "--dr", optarg, &dr))
                return 2;
        } else if (c == OPT_IMPLICIT)
            explicit_header = 0;
        else if (c == OPT_NO_CRC)
            crc = 0;
        else
            return 2;
    }
    /* operands from argv[1] on, as before the options were parsed */
    argc -= optind - 1;
    argv += optind - 1;
    if (have_dr) {
        if (argc != 2 || as_int(argv[1], &app_payload))
            return usage();
        int st = dx_phy_lorawan_dr(dr, "AS923", &sf, &bw_hz);
        if (st != DX_OK)
            return dxcli_fail("airtime", st);
        if (sf == 0) {
            fprintf(stderr, "dxsim airtime: DR%d is FSK, not LoRa\n", dr);
            return 1;
        }
        payload = app_payload + LORAWAN_OVERHEAD_BYTES;
    } else {
        double bw_khz;
        char *end = NULL;
        if (argc < 4 || argc > 5 || as_int(argv[1], &sf) || as_int(argv[3], &payload))
            return usage();
        bw_khz = strtod(argv[2], &end);
        if (end == argv[2] || *end != '\0')
            return usage();
        bw_hz = bw_khz * 1e3;
        if (argc > 4 && as_int(argv[4], &cr))
            return usage();
    }
    double toa;
    int st = dx_phy_lora_time_on_air_s(sf, bw_hz, payload, cr, preamble, explicit_header, crc, ldro,
                                       &toa);
    if (st != DX_OK)
        return dxcli_fail("airtime", st);
    printf("sf                 %d\nbw                 %g kHz\n", sf, bw_hz / 1e3);
    printf("phy_payload        %d bytes\n", payload);
    printf("coding_rate        4/%d\n", cr + 4);
    printf("time_on_air        %.6f s\n", toa);
    printf("bit_rate           %.1f bit/s\n", sf * bw_hz / pow(2.0, sf) * 4.0 / (4.0 + cr));
    if (dr >= 0) {
        int n0, n1;
        if ((st = dx_phy_lorawan_max_payload_bytes(dr, 0, "AS923", &n0)) != DX_OK ||
            (st = dx_phy_lorawan_max_payload_bytes(dr, 1, "AS923", &n1)) != DX_OK)
            return dxcli_fail("airtime", st);
        printf("max_payload        %d bytes (no dwell limit), %d bytes (400 ms dwell)\n", n0, n1);
        if (app_payload > n1)
            printf("dwell_check        refused: %d bytes > %d allowed at DR%d with the AS923 "
                   "400 ms dwell limit (LoRaMac-node RegionAS923.h)\n",
                   app_payload, n1, dr);
        else
            printf("dwell_check        ok\n");
    }
    arib(toa);
    return 0;
}
