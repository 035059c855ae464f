/* dxsim: command-line front end of libdxsim. */
#include <stdio.h>
#include <string.h>
#include "dxcli.h"

/* One row per sub-command; the implementation lives in cmd_<name>.c. */
static const dxcli_command commands[] = {
    {"demo", dxcli_demo, "demo [-o DIR] [-q]      compare every technology on the built-in demo scenario"},
    {"run", dxcli_run, "run FILE.xml [-o DIR]   compare the technologies of a scenario; writes report.md, results.json, results.csv"},
    {"validate", dxcli_validate, "validate FILE.xml       check a scenario file and report the first error"},
    {"demo-xml", dxcli_demo_xml, "demo-xml                print the demo scenario (a template to edit)"},
    {"coverage", dxcli_coverage, "coverage FILE.xml [-o DIR] [--tech ID] [--res M] [--lat DEG --lon DEG]  plan sites per technology; coverage maps (CSV, GeoJSON, KML+PNG)"},
    {"version", dxcli_version, "version                 library and header versions"},
    {"techs", dxcli_techs, "techs [ID]              built-in technology catalogue (with sources)"},
    {"pathloss", dxcli_pathloss, "pathloss MODEL FC_HZ D2D_M H_BS_M H_UT_M [los|nlos] [KEY=VALUE]  path loss of one link (38901-uma, hata, p1411-nlos, ...)"},
    {"npv", dxcli_npv, "npv RATE CF0 CF1 ...    NPV, IRR and payback of yearly cash flows (CF0 at t = 0)"},
    {"cost", dxcli_cost, "cost TECH [--sites N] ... bill of materials, yearly costs, NPV, purchase vs lease"},
    {"rate", dxcli_rate, "rate ax|be|ah|nr|TECH ...  PHY rate calculators (Wi-Fi MCS, TS 38.306, SINR -> throughput)"},
    {"airtime", dxcli_airtime, "airtime SF BW_KHZ BYTES  LoRa time on air, AS923 payloads (--dr DR BYTES), ARIB messages/hour"},
    {"sweep", dxcli_sweep, "sweep SPEC.xml [-o DIR] [--resume] [-j THREADS] [-q]  many scenarios x variants into one table (also under mpirun)"},
    {"programme", dxcli_programme, "programme MENU ITEMS.csv  MIC programme rules per cost item (r7-2-1, r7-3, ...): eligible, rule, subsidy"},
};

int dxcli_fail(const char *what, int status)
{
    fprintf(stderr, "dxsim: %s: %s (%s)\n", what, dx_last_error(), dx_status_name(status));
    return 1;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: dxsim COMMAND [ARGS]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %s\n", commands[i].usage);
}

int main(int argc, char **argv)
{
    if (dx_global_init(DX_INIT_GSL_HANDLER_OFF) != DX_OK)
        return dxcli_fail("init", DX_ERROR);
    if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "dxsim: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
