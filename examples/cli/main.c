/* dxsim: command-line front end of libdxsim. */
#include <stdio.h>
#include <string.h>
#include "dxcli.h"

/* One row per sub-command; the implementation lives in cmd_<name>.c. The help
 * texts are also the man page (cmake/DxsimManPage.cmake runs `dxsim --help`
 * and `dxsim COMMAND --help`) and name every option of the bash completion
 * (examples/cli/dxsim.bash-completion; tests/check_cli_docs.cmake compares). */
static const dxcli_command commands[] = {
    {"demo", dxcli_demo, "demo [-o DIR] [-q] [--lang ja|en]",
     "compare every technology on the built-in demo scenario",
     "Runs the comparison on the built-in demo scenario (`dxsim demo-xml` prints it),\n"
     "prints the ranked table and writes DIR/report.md, report.html, results.json,\n"
     "results.csv, items.csv and cashflows.csv.\n\n"
     "options:\n"
     "  -o, --output=DIR   output folder, created with its parents (default dxsim-demo)\n"
     "  -q, --quiet        do not print the table nor the progress line\n"
     "      --lang=ja|en   language of report.md and report.html (default ja)\n"
     "      --no-map       report.html without the coverage map (no coverage grid computed)\n"
     "      --max-replans=N  Monte Carlo work bound: refuse a scenario whose draws x re-planned\n"
     "                     technologies exceed N (default 200000, ASSUMED; 0 = no bound)\n"},
    {"run", dxcli_run, "run [-o DIR] [-q] [--lang ja|en] SCENARIO.xml...",
     "compare the technologies of scenarios; writes report.md/.html, results.json, CSVs",
     "Loads each scenario, designs, prices and ranks every candidate technology and\n"
     "writes DIR/report.md, report.html (charts, map), results.json (docs/results.schema.json),\n"
     "results.csv, items.csv and cashflows.csv (UTF-8 with BOM, yen). With several scenarios each\n"
     "one gets DIR/<scenario file name without .xml>/. A scenario that fails is\n"
     "reported and the others still run; the exit status is then 1. When standard\n"
     "error is a terminal, a progress line shows the stage (plan, monte_carlo, done).\n\n"
     "options:\n"
     "  -o, --output=DIR   output folder, created with its parents (default dxsim-out)\n"
     "  -q, --quiet        do not print the tables nor the progress line\n"
     "      --lang=ja|en   language of report.md and report.html (default ja)\n"
     "      --no-map       report.html without the coverage map (no coverage grid computed)\n"
     "      --max-replans=N  Monte Carlo work bound: refuse a scenario whose draws x re-planned\n"
     "                     technologies exceed N (default 200000, ASSUMED; 0 = no bound)\n"},
    {"validate", dxcli_validate, "validate SCENARIO.xml...",
     "check scenario files and report the first error of each",
     "Reads each scenario and prints 'FILE: valid (...)' or the first error, naming\n"
     "file, line, element, value, unit and allowed range. Exit status 1 when any\n"
     "file is invalid.\n"},
    {"demo-xml", dxcli_demo_xml, "demo-xml", "print the demo scenario (a template to edit)",
     "Prints the built-in demo scenario as XML on standard output.\n"},
    {"coverage", dxcli_coverage,
     "coverage [-o DIR] [--tech=ID] [--fidelity=grid|analytic] [--res=M] [--lat=DEG --lon=DEG] [--map-width=PX] [--geotiff] [-q] SCENARIO.xml",
     "the design `run` costs, checked on the grid: maps (CSV, GeoJSON, KML+PNG), routes",
     "Takes each candidate technology's design from the planning stage (the same\n"
     "design `dxsim run` costs: docs/planning.md), checks it on the grid and writes\n"
     "DIR/coverage-<id>.csv, .geojson (dissolved polygons), .kml and .png (overlay),\n"
     "DIR/map-<id>.png (map with legend, scale bar, north arrow, sites and routes),\n"
     "and for scenarios with routes DIR/routes-<id>.geojson and .kml (route, outage\n"
     "segments, handover points). Maps are placed at the scenario's <area lat_deg\n"
     "lon_deg>; without one, at an ASSUMED origin that the output says.\n\n"
     "options:\n"
     "  -o, --output=DIR   output folder, created with its parents (default .)\n"
     "      --tech=ID      only this technology\n"
     "      --fidelity=F   grid or analytic: how the design is placed and checked (default:\n"
     "                     the scenario's <plan fidelity>, the design `dxsim run` costs)\n"
     "      --res=M        grid resolution in metres (default: 1/200 of the area, >= 10 m)\n"
     "      --lat=DEG      latitude of the area's south-west corner (maps)\n"
     "      --lon=DEG      longitude of the area's south-west corner (maps)\n"
     "      --map-width=PX map image width in pixels (default 1200, 400..8000)\n"
     "      --geotiff      also DIR/coverage-<id>.tif (float32 probability; needs GDAL)\n"
     "  -q, --quiet        no progress line on standard error\n"},
    {"sweep", dxcli_sweep,
     "sweep [-o DIR] [--resume] [-j THREADS] [-q] [--rank-timeout SECONDS] SPEC.xml",
     "many scenarios x variants into one table (also under mpirun; docs/sweep-format.md)",
     "Runs every scenario x variant of a sweep spec and streams one row per scenario x\n"
     "technology into DIR/results.csv and results.jsonl (byte-identical for any number\n"
     "of threads and MPI ranks), with summary.md and summary.svg. A failing scenario\n"
     "gives an error row naming file, line and element; a killed run resumes from its\n"
     "journal. Under `mpirun -np N dxsim sweep ...` rank 0 hands out the jobs.\n\n"
     "options:\n"
     "  -o DIR                 output folder (default: the spec's)\n"
     "      --resume           continue a killed run from DIR/journal.dxj\n"
     "  -j THREADS             threads per rank (0 = OpenMP's choice)\n"
     "  -q                     no progress line\n"
     "      --rank-timeout S   seconds before a silent MPI rank's work is re-issued\n"},
    {"version", dxcli_version, "version", "library and header versions",
     "Prints the version of the library and of the headers dxsim was built with\n"
     "(also `dxsim --version`).\n"},
    {"techs", dxcli_techs, "techs [ID]", "built-in technology catalogue (with sources)",
     "Lists the technology catalogue; with ID, every parameter of that technology\n"
     "with its class (FIRM, INDICATIVE, ASSUMED, UNVERIFIED) and source.\n"},
    {"calibrate", dxcli_calibrate,
     "calibrate [--model=M] [--fc-hz=F] [--h-bs-m=H] [--h-ut-m=H] [--d-ref-m=D] [--terms=T] [--window=W]\n"
     "          [--confidence=C] [--tx-dbm=P] [--sensitivity-dbm=S] [--site-lat=LAT --site-lon=LON]\n"
     "          [--out=FIT.xml] [--technology=ID] MEASUREMENTS.csv",
     "fit offset/slope/sigma of a path-loss model to measurements (docs/calibration.md)",
     "Fits PL_cal(d) = PL_model,NLOS(d) + offset + slope log10(d / d_ref) (+ terms) by\n"
     "least squares (LAPACK), Tobit for packets lost below sensitivity; prints the\n"
     "parameters with confidence intervals, sigma, RMSE, bias and leave-one-group-out\n"
     "RMSE. CSV columns: d2d_m (or lat, lon, site_lat, site_lon in degrees, or lat, lon\n"
     "with --site-lat/--site-lon) and\n"
     "path_loss_db, or rssi_dbm and snr_db (LoRa) or rx_dbm / rsrp_dbm with --tx-dbm.\n\n"
     "options:\n"
     "      --model=M            base model (dxsim pathloss names), default hata\n"
     "                           (defaults: --fc-hz=920e6 --h-bs-m=20 --h-ut-m=1.5)\n"
     "      --fc-hz=F            carrier frequency (Hz)\n"
     "      --h-bs-m=H           transmitter height (m)\n"
     "      --h-ut-m=H           receiver height (m)\n"
     "      --d-ref-m=D          reference distance of the slope term (m)\n"
     "      --terms=T            offset or offset,slope (default)\n"
     "      --window=W           samples averaged for the location residual\n"
     "      --confidence=C       confidence level of the intervals (default 0.95)\n"
     "      --tx-dbm=P           EIRP + receive gain, for RSSI/SNR columns (dBm)\n"
     "      --sensitivity-dbm=S  receiver sensitivity of lost packets (dBm)\n"
     "      --site-lat=LAT, --site-lon=LON\n"
     "                           the site every row was measured from (degrees), for\n"
     "                           a table of positions lat, lon without site columns\n"
     "      --out=FIT.xml        also write the fit and its validation figures for a\n"
     "                           scenario's <calibration file=\"FIT.xml\"/>\n"
     "      --technology=ID      the technology the fit is for (written to FIT.xml)\n"},
    {"pathloss", dxcli_pathloss,
     "pathloss MODEL FC_HZ D2D_M H_BS_M H_UT_M [los|nlos] [KEY=VALUE...]",
     "path loss of one link (38901-uma, hata, p1411-nlos, ...)",
     "Basic transmission loss of one link with the model's validity flag; for the\n"
     "TR 38.901 models also the LOS probability and the shadow-fading sigma.\n"
     "KEY=VALUE sets a model parameter (environment=urban-medium|urban-large|\n"
     "suburban|open, h_building_m, street_width_m, exponent, ...). Negative numbers\n"
     "are operands, not options.\n"},
    {"npv", dxcli_npv, "npv RATE CF0 CF1...",
     "NPV, IRR and payback of yearly cash flows (CF0 at t = 0)",
     "RATE is a ratio (0.04) or a percentage (4%); cash flows are yearly, CF0 at\n"
     "t = 0, money received positive. Prints the NPV, the IRR (or every root when\n"
     "there are several), the simple and the discounted payback.\n"},
    {"cost", dxcli_cost,
     "cost TECH [--sites=N] [--sectors=N] [--radios=N] [--devices=N] [--solution=N]\n"
     "     [--edge=N] [--outdoor] [--onprem-core] [--mode=purchase|lease|subscription]\n"
     "     [--years=Y] [--start=YYYY-MM] [--rate=R] [--area=KM2] [--tax-excluded]\n"
     "     [--rental-months=N]",
     "bill of materials, yearly costs, NPV, purchase vs lease",
     "Bill of materials of a catalogued technology with each price's class, yearly\n"
     "cash flows (by Japanese fiscal year with --start), NPV, EAC and the PV of the\n"
     "whole BOM bought, leased and taken as a service.\n\n"
     "options:\n"
     "      --sites=N        sites (default 1)\n"
     "      --sectors=N      sectors per site\n"
     "      --radios=N       radios (access points, gateways)\n"
     "      --devices=N      terminals\n"
     "      --solution=N     solution devices (cameras, sensors)\n"
     "      --edge=N         edge servers\n"
     "      --outdoor        outdoor installation\n"
     "      --onprem-core    Local 5G core on the premises\n"
     "      --mode=MODE      purchase (default), lease or subscription\n"
     "      --years=Y        horizon in years\n"
     "      --start=YYYY-MM  start month: cash flows by fiscal year\n"
     "      --rate=R         discount rate (ratio)\n"
     "      --area=KM2       area for the cost per km2\n"
     "      --tax-excluded   prices without the 10 % consumption tax\n"
     "      --rental-months=N  with --mode=lease: rent the equipment short-term for N\n"
     "                       months instead of leasing it (rental.monthly_ratio x term rate)\n"},
    {"rate", dxcli_rate,
     "rate ax|be|ah MCS BW_MHZ [NSS] [GI_US]\n"
     "rate nr BW_MHZ SCS_KHZ LAYERS QM [dl|ul] [TDD_PATTERN [DL:GP:UL]]\n"
     "rate TECH [SINR_DB] [dl|ul]",
     "PHY rate calculators (Wi-Fi MCS, TS 38.306, SINR -> throughput)",
     "Wi-Fi HE/EHT/S1G PHY rate, sensitivity and required SINR; the TS 38.306 NR\n"
     "data rate with a Japanese TDD frame; or a catalogued technology's throughput at\n"
     "a SINR (a table when SINR_DB is omitted). Negative numbers are operands.\n"},
    {"airtime", dxcli_airtime,
     "airtime SF BW_KHZ PHY_PAYLOAD_BYTES [CR] [--preamble=N] [--implicit] [--no-crc] [--ldro=0|1]\n"
     "airtime --dr=DR APP_PAYLOAD_BYTES",
     "LoRa time on air, AS923 payloads, ARIB messages/hour",
     "LoRa time on air (Semtech AN1200.13) and the ARIB STD-T108 maximum messages\n"
     "per hour for both carrier-sense classes; with --dr a LoRaWAN AS923 uplink\n"
     "(13 bytes of MAC overhead added) and its payload limits.\n\n"
     "options:\n"
     "      --preamble=N   preamble symbols (default 8)\n"
     "      --implicit     implicit header\n"
     "      --no-crc       no payload CRC\n"
     "      --ldro=0|1     low data-rate optimisation (default: automatic)\n"
     "      --dr=DR        LoRaWAN AS923 data rate\n"},
    {"programme", dxcli_programme,
     "programme MENU ITEMS.csv [--type=TYPE] [--lg=N] [--fsi=X] [--partners=N]\n"
     "          [--previous[=PREV_PARTNERS]] [--visits=N] [--online-hours=H]\n"
     "          | programme --template",
     "MIC programme rules per cost item (r7-2-1, r7-3, ...): eligible, rule, subsidy",
     "Applies the MIC programme rules of one menu to a cost plan and prints each\n"
     "item's verdict with the deciding rule, the project checks and the subsidy.\n"
     "MENU: r7-1-1 r7-1-2 r7-1-3 r7-2-1 r7-2-2 r7-2-3 r7-3 (R7 = FY2025).\n"
     "ITEMS.csv: '#' lines are comments; the first other line names the columns\n"
     "(any order): name, category, procurement, role, unit_price_jpy, tax_included,\n"
     "quantity, useful_life_years, leasable, months, booked_in_first_year,\n"
     "in_period, justification.\n\n"
     "options:\n"
     "      --type=TYPE        municipality (default), prefecture, company, nonprofit,\n"
     "                         gov-funded-corporation\n"
     "      --lg=N             local governments in the consortium\n"
     "      --fsi=X            fiscal strength index\n"
     "      --partners=N       partner municipalities\n"
     "      --previous[=N]     previously selected (N: partner municipalities then)\n"
     "      --visits=N         ①-3 adviser on-site visits requested per year\n"
     "      --online-hours=H   ①-3 adviser online-only support hours requested per year\n"
     "      --template         print an items table with every column documented and\n"
     "                         example rows (docs/cost-model.md \"Cost lines\")\n"},
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

int dxcli_fail(const char *what, int status)
{
    fprintf(stderr, "dxsim: %s: %s (%s)\n", what, dx_last_error(), dx_status_name(status));
    return 1;
}

static const dxcli_command *find(const char *name)
{
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(name, commands[i].name) == 0)
            return &commands[i];
    return NULL;
}

void dxcli_print_usage(const char *cmd, FILE *f)
{
    const dxcli_command *c = find(cmd);
    if (!c)
        return;
    const char *s = c->synopsis;
    for (int first = 1; *s; first = 0) {
        const char *nl = strchr(s, '\n');
        int len = nl ? (int)(nl - s) : (int)strlen(s);
        if (*s == ' ') /* continuation of the previous line's options */
            fprintf(f, "            %.*s\n", len, s);
        else
            fprintf(f, "%s dxsim %.*s\n", first ? "usage:" : "      ", len, s);
        s += len + (nl != NULL);
    }
}

static void usage(FILE *f)
{
    fprintf(f, "usage: dxsim COMMAND [OPTIONS] [ARGS]\n"
               "       dxsim COMMAND --help\n"
               "       dxsim --version\n\n"
               "Technology comparison, coverage, cost and MIC subsidy for Japanese regional-DX\n"
               "wireless deployments (Local 5G, Wi-Fi HaLow, Wi-Fi 6E/7, LoRaWAN, LTE-M).\n\n"
               "commands:\n");
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\nOptions take the forms -o DIR, -oDIR, --output DIR and --output=DIR.\n");
}

static int help(const dxcli_command *c)
{
    dxcli_print_usage(c->name, stdout);
    printf("\n%s: %s.\n\n%s", c->name, c->summary, c->details);
    return 0;
}

int main(int argc, char **argv)
{
    if (dx_global_init(DX_INIT_GSL_HANDLER_OFF) != DX_OK)
        return dxcli_fail("init", DX_ERROR);
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0)
        return dxcli_version(1, argv + 1);
    if (strcmp(argv[1], "help") == 0) {
        const dxcli_command *c = argc > 2 ? find(argv[2]) : NULL;
        if (argc > 2 && !c) {
            fprintf(stderr, "dxsim: unknown command '%s'\n", argv[2]);
            return 2;
        }
        if (c)
            return help(c);
        usage(stdout);
        return 0;
    }
    const dxcli_command *c = find(argv[1]);
    if (!c) {
        fprintf(stderr, "dxsim: unknown command '%s'\n", argv[1]);
        usage(stderr);
        return 2;
    }
    /* `dxsim COMMAND ... --help` (before a "--"): the command's help */
    for (int i = 2; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return help(c);
    return c->fn(argc - 1, argv + 1);
}
