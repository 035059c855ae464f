/* Private: the scenario record the pipeline reads (stage inputs). */
#ifndef DXSIM_SCENARIO_INTERNAL_H
#define DXSIM_SCENARIO_INTERNAL_H

#include "dxsim/cost.h"
#include "dxsim/scenario.h"

#define DX__SC_MAX_DEMAND 16
#define DX__SC_MAX_TECH 16
#define DX__SC_MAX_PRICE 32
#define DX__SC_MAX_BENEFIT 8
#define DX__SC_MAX_UNCERTAIN 16
/* <uncertainty draws> at most (ASSUMED, docs/robustness.md): a bound on the
 * run time. Every draw re-prices every technology and mixed design; price-only
 * draws re-plan nothing, so the re-plan bound (--max-replans) never counted
 * them and 10^6 draws ran about 2 minutes. 10^5 draws of the five-technology
 * farm example take about 10 CPU seconds; the P10/P90 sampling error there is
 * sqrt(0.1 x 0.9 / 10^5) = 0.1 % in probability, far inside any input's spread. */
#define DX__SC_MAX_DRAWS 100000
#define DX__SC_MAX_ROUTES 4
#define DX__SC_MAX_ROUTE_POINTS 64
#define DX__SC_MAX_SITES 256
#define DX__SC_MAX_DESIGNS 4
#define DX__SC_MAX_COSTS 48
/* Vertices of the area polygon in local metres after its rings are joined into
 * one even-odd ring (each extra ring costs 2 bridge vertices): a town boundary
 * simplified to ~10 m has a few hundred to a few thousand vertices. */
#define DX__SC_MAX_AREA_VERTICES 4096
/* Separate parts of a polygon area kept apart for the site count (ASSUMED bound). */
#define DX__SC_MAX_PARTS 64
/* Bytes a cost item's name keeps free for the period split's suffix
 * (compare_period.c: " [outside the period]"), so a split row's name is whole. */
#define DX__SC_ITEM_SUFFIX_MAX 24

typedef struct {
    char name[DX_NAME_MAX]; /* common.h: longer names are refused when read */
    double count;
    double ul_bps;          /* average offered uplink traffic per device */
    double dl_bps;          /* average offered downlink traffic per device */
    double required_ul_bps; /* rate one device must get at the cell edge */
    double required_dl_bps;
    double message_bytes;   /* LPWA-style traffic: payload per message (0 = stream) */
    double messages_per_day;
    int indoor;             /* device inside a building (adds building entry loss) */
    int solution;           /* device is solution equipment (camera, sensor) for MIC ③ */
    double solution_price_jpy;   /* price of the solution device itself (0 = not priced) */
    char solution_key[48];       /* or a price-book key for it ("solution.camera") */
    int terminal;           /* dx__sc_terminal; -1 = the default by class */
    double devices_per_terminal; /* gateway: devices sharing one terminal */
    char route_name[64];    /* devices that move along (or stand beside) this route; "" = area */
    int route;              /* index of that route in the scenario, -1 = spread over the area */
    int line;               /* line in the source file (for messages) */
} dx__sc_demand;

/* How a device reaches the network (the terminal the bill of materials prices). */
typedef enum {
    DX__TERMINAL_MODULE = 0,  /* radio module embedded in the device */
    DX__TERMINAL_CPE = 1,     /* one CPE / router / bridge per device */
    DX__TERMINAL_GATEWAY = 2, /* one CPE shared by devices_per_terminal devices */
    DX__TERMINAL_BUILTIN = 3  /* radio built into the device (phones, tablets, PCs): no cost */
} dx__sc_terminal;

/* An existing site (pole, rooftop, street light) or a candidate the plan may use. */
typedef struct {
    char name[64];
    double x_m, y_m;   /* local metres from the area's south-west corner */
    double height_m;   /* antenna height available there (0 = the technology's) */
    int candidate;     /* 0: given (existing, used first); 1: candidate (used next) */
    int pole, power, backhaul; /* what is already there */
    int line;
} dx__sc_site;

typedef struct {
    char id[32];
    char tdd_frame[16]; /* "" = catalogue default */
    double bw_mhz;      /* 0 = catalogue default */
    double bs_height_m; /* 0 = catalogue default */
    int model;          /* dx_propagation_model chosen by the scenario; -1 = the plan chooses */
    int line;
} dx__sc_tech;

typedef struct {
    char key[48];
    double jpy;
    char technology[32]; /* "" = every technology */
    int line;
} dx__sc_price;

typedef struct {
    char name[64];
    double jpy_per_year;
    int line;
} dx__sc_benefit;

/* An uncertain input: a named scenario number with a distribution. */
typedef struct {
    char target[48];  /* e.g. "price:l5g.bs.outdoor", "discount_rate", "edge_probability" */
    char dist[16];    /* "normal", "lognormal", "uniform", "triangular", "pert" */
    double a, b, c;
    int line;
} dx__sc_uncertain;

/* A route to check along its length (bus line, river bank). */
typedef struct {
    char name[64];
    size_t n_points;
    double x_m[DX__SC_MAX_ROUTE_POINTS];
    double y_m[DX__SC_MAX_ROUTE_POINTS];
    double required_ul_kbps; /* uplink each vehicle must sustain (remote monitoring video) */
    double step_m;           /* sampling step along the route */
    int line;
} dx__sc_route;

struct dx_scenario {
    char name[DX_NAME_MAX]; /* common.h: longer names are refused when read */
    char source[256];
    double width_m, height_m;
    dx_environment env;
    double origin_lat_deg, origin_lon_deg; /* south-west corner (JGD2011); NaN = not given */
    /* the area as lat/lon polygons with holes (<area><polygon> or <area file>):
     * width/height/origin are then its bounding box; the rings, joined into one
     * even-odd ring in local metres, are the demand area of the grid engine
     * (dx_coverage_options.area_x_m); area_m2 is geodesic (GRS80) */
    struct {
        int on;
        char file[256];         /* the file attribute as written, "" = inline */
        size_t n_polygons, n_holes, n_vertices;
        double area_m2;         /* geodesic, holes subtracted */
        int epsg;               /* Plane Rectangular zone (given or from the centre) */
        double plane_area_m2;   /* shoelace area in that zone (NaN if PROJ failed) */
        size_t n;               /* joined ring */
        double x_m[DX__SC_MAX_AREA_VERTICES], y_m[DX__SC_MAX_AREA_VERTICES];
        /* the separate parts (polygons) in local metres: bounding box and planar
         * area (outer ring minus holes), for the site count and placement of an
         * area of several parts (plan.c dx__plan_part_groups); n_parts = 0 when
         * there are more than DX__SC_MAX_PARTS (the parts are then not told apart) */
        size_t n_parts;
        struct {
            double x0, y0, x1, y1, area_m2;
        } part[DX__SC_MAX_PARTS];
    } polygon;
    size_t n_demand;
    dx__sc_demand demand[DX__SC_MAX_DEMAND];
    size_t n_tech;
    dx__sc_tech tech[DX__SC_MAX_TECH];
    /* finance */
    double horizon_years;
    double discount_rate_ratio;
    int prices_tax_included; /* how the scenario's own prices are written */
    char start_date[16];     /* "YYYY-MM-DD" or "" */
    char horizon_end[16];    /* "YYYY-MM-DD" or "": the horizon ends with that month */
    /* demonstration / grant period (docs/cost-model.md "Period"), in months from
     * the project start: [period_start_m, period_end_m); have_period = 0 when the
     * scenario gives none (then: to the end of the first fiscal year, ASSUMED) */
    int have_period;
    char period_start[16], period_end[16];
    int period_start_m, period_end_m;
    int rental;              /* <procurement rental>: 0 no (lease), 1 yes, 2 auto (rent when the
                                horizon is shorter than the shortest lease, 36 months) */
    int cloud_booked;        /* recurring cloud/rental fees booked in the first year (MIC ③ ※3) */
    int compare_booking;     /* report booked and yearly fees side by side */
    int rank_by_burden;      /* rank by the applicant's burden instead of the total cost */
    /* procurement */
    int procurement_mode;    /* dx_procurement used for the programme evaluation */
    int core_on_premises;
    /* programme */
    char menu[16];
    char applicant_type[32];
    int consortium_local_governments;
    double fiscal_strength_index;
    int previously_selected;
    int partner_municipalities;
    int consortium_members;          /* 0 = unknown (issue 10, money) */
    int deducts_input_tax;           /* applicant deducts 仕入控除税額: money tax-excluded */
    int advisor_visits_per_year;     /* ①-3 adviser on-site visits requested */
    double advisor_online_hours_per_year; /* ①-3 online-only support hours requested */
    /* planning (docs/planning.md) */
    int plan_fidelity;          /* dx_plan_fidelity */
    double grid_resolution_m;   /* 0 = automatic */
    double planning_life_years; /* life of the total cost of ownership that chooses a design */
    /* coverage targets */
    double edge_probability_ratio;
    double target_area_ratio;
    double carrier_coverage_ratio;
    /* overrides and extras */
    size_t n_price;
    dx__sc_price price[DX__SC_MAX_PRICE];
    size_t n_benefit;
    dx__sc_benefit benefit[DX__SC_MAX_BENEFIT];
    size_t n_uncertain;
    dx__sc_uncertain uncertain[DX__SC_MAX_UNCERTAIN];
    unsigned long mc_seed;
    size_t mc_draws;
    size_t n_routes;
    dx__sc_route route[DX__SC_MAX_ROUTES];
    size_t n_sites;
    dx__sc_site site[DX__SC_MAX_SITES];
    /* mixed designs: fixed assignments of demand classes to technologies */
    size_t n_designs;
    struct {
        char name[64];
        int tech_of_class[DX__SC_MAX_DEMAND]; /* index into tech[] */
        int line;
    } design[DX__SC_MAX_DESIGNS];
    int design_search; /* 1 (default): also search the assignments for the best mixed design */
    /* the applicant's own cost lines (<costs>/<item>), added to every design's bill */
    size_t n_costs;
    struct {
        dx_cost_item item;     /* prices as written (tax flag set), months of a monthly item */
        char technology[32];   /* "" / "all" = every technology, else one catalogue id */
        int start_m;           /* months from the project start (0 = at the start) */
        int line;
    } cost[DX__SC_MAX_COSTS];
    /* terrain (<terrain>, docs/terrain.md): the DEM is loaded and checked against
     * the area when the scenario is read; dem is owned by the scenario (plans
     * made from it hold a reference, dx__dem_retain) */
    struct {
        int on;
        char dem_attr[512];   /* the dem attribute as written */
        int model;            /* dx_terrain_loss_model */
        double k_factor;
        struct dx_dem *dem;
        size_t n_tiles;
        char tiles[256];      /* "52387400 DEM5A, ..." for the notes */
        double nodata_ratio;  /* share of the area's sample points on no-data cells */
        int line;
    } terrain;
    /* calibration of the path-loss model (<calibration>, docs/calibration.md) */
    struct {
        int on;
        char technology[32];  /* "" = every technology */
        double offset_db, slope_db_per_decade, d_ref_m;
        double sigma_db;      /* NaN = keep the model's shadowing sigma */
        char source[128];     /* where the figures come from, as written */
        int line;
        /* the fit's file (<calibration file>) and its validation figures (NaN /
         * 0 when not stated): dx_calibrate_write_xml writes them */
        char file[256];
        char model[32];
        double fc_hz, h_bs_m, h_ut_m;
        double rmse_db, loo_rmse_db, bias_db, model_rmse_db;
        double n_samples, n_censored, n_groups;
    } calibration;
};

/* The demand area in m^2: the polygon's geodesic area, else width x height. */
double dx__sc_area_m2(const dx_scenario *sc);

#endif
