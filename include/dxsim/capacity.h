/**
 * @file dxsim/capacity.h
 * Stage 5 of the pipeline: what the network carries against what the devices ask for.
 *
 * Models (each documented at its function):
 *  - NR: cell throughput = mean full-buffer rate over the served area
 *    (round-robin / equal time share; the rate already includes PRBs, layers
 *    and the TDD share from the PHY module), shared by the cell's devices;
 *  - Wi-Fi (HE/EHT) and HaLow (S1G): DCF saturation throughput of Bianchi
 *    (IEEE JSAC 18(3), 2000, eqs. 7, 9, 13) against the station count;
 *  - LoRaWAN: pure-ALOHA collisions per spreading factor and channel
 *    (P = exp(-2G)) with an optional capture fraction, the ARIB STD-T108 /
 *    AS923 time-on-air limits, and a Monte Carlo event simulator with power
 *    capture used to check the closed form;
 *  - LTE-M: an ASSUMED share of a carrier's nominal rates (no public
 *    per-cell capacity for Japanese carriers).
 */
#ifndef DXSIM_CAPACITY_H
#define DXSIM_CAPACITY_H

#include <stddef.h>
#include <stdint.h>
#include "dxsim/common.h"
#include "dxsim/technology.h"
#include "dxsim/coverage.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Demand classes                                                           */
/* ------------------------------------------------------------------------ */

/** Where the devices of a demand class are. */
typedef enum {
    DX_DEMAND_UNIFORM = 0,   /**< uniformly over the study area */
    DX_DEMAND_CLUSTERED = 1, /**< n_clusters discs of cluster_radius_m at seeded random centres */
    DX_DEMAND_POINTS = 2     /**< at the n_points given points (x_m, y_m), count shared equally */
} dx_demand_distribution;

/** Latency class of a demand (informative; used for reporting). */
typedef enum {
    DX_LATENCY_TOLERANT = 0, /**< minutes: metering, sensors */
    DX_LATENCY_INTERACTIVE = 1, /**< about 1 s: control, chat */
    DX_LATENCY_REALTIME = 2  /**< < 100 ms: video, remote operation */
} dx_latency_class;

/** Bytes of a demand class name, NUL included (longer names are refused, never cut). */
#define DX_DEMAND_NAME_MAX DX_NAME_MAX

/** One class of devices with the same traffic. */
typedef struct {
    char name[DX_DEMAND_NAME_MAX];    /**< e.g. "water-level sensor" */
    double count;                     /**< number of devices, >= 0 */
    dx_demand_distribution distribution;
    double ul_bps;                    /**< sustained uplink bit rate per device */
    double dl_bps;                    /**< sustained downlink bit rate per device */
    double msg_bytes;                 /**< message size (adds msg_bytes * 8 * msgs_per_day / 86400 bps UL) */
    double msgs_per_day;              /**< messages per device per day */
    double peak_ul_bps;               /**< rate one device needs while active (0 = none) */
    double peak_dl_bps;
    dx_latency_class latency;
    size_t n_clusters;                /**< DX_DEMAND_CLUSTERED */
    double cluster_radius_m;          /**< DX_DEMAND_CLUSTERED */
    size_t n_points;                  /**< DX_DEMAND_POINTS */
    const double *points_x_m;         /**< borrowed, n_points values (DX_DEMAND_POINTS) */
    const double *points_y_m;
} dx_demand_class;

/** Zero a demand class and set its name (truncated). @return DX_OK; DX_EINVAL for NULL. */
DX_API dx_status dx_demand_class_init(dx_demand_class *d, const char *name);

/**
 * Mean offered load of one device of class d (bit/s):
 * UL = ul_bps + msg_bytes * 8 * msgs_per_day / 86400, DL = dl_bps.
 * @return DX_OK; DX_EDOMAIN for negative fields (message names the field).
 */
DX_API dx_status dx_demand_offered_bps(const dx_demand_class *d, double *out_ul_bps,
                                       double *out_dl_bps);

/* ------------------------------------------------------------------------ */
/* NR                                                                       */
/* ------------------------------------------------------------------------ */

/** Scheduler assumed when a cell's devices share it. */
typedef enum {
    DX_SCHED_ROUND_ROBIN = 0,   /**< equal time share: cell rate = arithmetic mean of rates */
    DX_SCHED_EQUAL_RATE = 1     /**< equal throughput: cell rate = harmonic mean of rates */
} dx_scheduler;

/**
 * Cell throughput when devices spread over the served area share the cell:
 * the arithmetic (round robin) or harmonic (equal throughput, also Wi-Fi's
 * "performance anomaly", Heusse et al., INFOCOM 2003) mean of the
 * full-buffer rates at n served locations. Locations with rate 0 are
 * outages: they are excluded and counted in *out_outage_ratio (may be NULL).
 * @param n            number of locations (pixels of the cell), >= 1
 * @param rate_mbps    n full-buffer rates (Mbit/s), >= 0
 * @param scheduler    DX_SCHED_ROUND_ROBIN or DX_SCHED_EQUAL_RATE
 * @param out_mbps     receives the cell throughput (Mbit/s), 0 when all are outages
 * @return DX_OK; DX_EINVAL (n = 0, NULL, bad scheduler); DX_EDOMAIN for a negative rate.
 */
DX_API dx_status dx_capacity_nr_cell_throughput_mbps(size_t n, const double *rate_mbps,
                                                     int scheduler, double *out_mbps,
                                                     double *out_outage_ratio);

/* ------------------------------------------------------------------------ */
/* Wi-Fi / HaLow contention (Bianchi 2000)                                  */
/* ------------------------------------------------------------------------ */

/** MAC/PHY timing of one DCF contention domain (basic access, no RTS/CTS). */
typedef struct {
    unsigned int version;   /**< DX_WIFI_MAC_PARAMS_VERSION */
    double cw_min;          /**< CWmin (W = cw_min + 1 in Bianchi's notation) */
    int max_backoff_stage;  /**< m: CWmax + 1 = 2^m (CWmin + 1) */
    double slot_s;          /**< aSlotTime */
    double sifs_s;          /**< aSIFSTime */
    double difs_s;          /**< DIFS = SIFS + 2 slots */
    double data_s;          /**< duration of a data PPDU (preamble + MAC header + payload) */
    double ack_s;           /**< duration of the ACK PPDU */
    double payload_bits;    /**< payload bits carried per successful PPDU */
} dx_wifi_mac_params;
#define DX_WIFI_MAC_PARAMS_VERSION 1

/**
 * Defaults for a family: OFDM timing of IEEE 802.11-2020 Table 17-21 (slot
 * 9 us, SIFS 16 us, CWmin 15, CWmax 1023) for HE/EHT; S1G timing of
 * IEEE 802.11ah-2016 Table 23-61 (slot 52 us, SIFS 160 us, CWmin 15,
 * CWmax 1023) for HaLow; then data_s / ack_s for a 1500-byte payload at
 * phy_rate_bps with a PHY preamble of 20 us (OFDM legacy), 40 us (HE SU,
 * ASSUMED with 2 HE-LTFs) or 240 us (S1G >= 2 MHz long preamble, ASSUMED)
 * and an ACK at the lowest basic rate (6 Mbit/s OFDM, 0.3 Mbit/s S1G MCS10 1 MHz
 * approximated by MCS0 at 1 MHz: 0.3 Mbit/s).
 * @param p             receives the defaults
 * @param version       DX_WIFI_MAC_PARAMS_VERSION
 * @param family        DX_TECH_FAMILY_WIFI_HE, _EHT or _S1G
 * @param phy_rate_bps  data rate of the payload (bit/s), > 0
 * @return DX_OK; DX_EINVAL (NULL, newer version, other family); DX_EDOMAIN for the rate.
 */
DX_API dx_status dx_wifi_mac_params_init(dx_wifi_mac_params *p, unsigned int version,
                                         int family, double phy_rate_bps);
DX_API size_t dx_wifi_mac_params_size(void);

/**
 * Saturation throughput of n_stations contending stations (Bianchi 2000):
 * tau = 2(1-2p) / ((1-2p)(W+1) + pW(1-(2p)^m)), p = 1 - (1-tau)^(n-1) solved
 * with GSL Brent; S = Ps Ptr E[P] / ((1-Ptr) slot + Ptr Ps Ts + Ptr (1-Ps) Tc)
 * with Ts = data + SIFS + ACK + DIFS and Tc = data + DIFS.
 * @param n_stations     number of saturated stations, >= 1
 * @param p              timing (not NULL)
 * @param out_bps        receives the aggregate payload throughput (bit/s); may be NULL
 * @param out_ratio      receives S / (payload_bits / data_s): the fraction of the
 *                       rate seen by a lone transmitter that survives contention; may be NULL
 * @return DX_OK; DX_EDOMAIN for n < 1 or bad timing; DX_ENOCONV.
 */
DX_API dx_status dx_capacity_wifi_saturation(double n_stations, const dx_wifi_mac_params *p,
                                             double *out_bps, double *out_ratio);

/**
 * MAC efficiency against station count: the saturation payload throughput of
 * n_stations (dx_capacity_wifi_saturation with dx_wifi_mac_params_init
 * defaults for family at phy_rate_bps) divided by phy_rate_bps. It includes
 * preamble, SIFS/DIFS/ACK overheads and contention losses (backoff, collisions).
 * @return DX_OK; DX_EINVAL (NULL, not a Wi-Fi family); DX_EDOMAIN; DX_ENOCONV.
 */
DX_API dx_status dx_capacity_wifi_efficiency_ratio(double n_stations, int family,
                                                   double phy_rate_bps, double *out_ratio);

/* ------------------------------------------------------------------------ */
/* LoRaWAN                                                                  */
/* ------------------------------------------------------------------------ */

/**
 * Pure-ALOHA packet delivery ratio of one (spreading factor, channel) pool:
 * G = n_devices * msgs_per_day / 86400 * airtime_s / n_channels (offered load
 * per channel, Erlang) and PDR = exp(-2 G (1 - capture_ratio)) (Abramson 1970;
 * LoRa SFs are treated as orthogonal, Bor et al., MSWiM 2016).
 * capture_ratio is the probability that an overlapping packet is survived
 * through capture (0 = none).
 * @param out_pdr_ratio     receives the PDR (0..1)
 * @param out_load_erlang   receives G (may be NULL)
 * @return DX_OK; DX_EDOMAIN naming the bad argument; DX_EINVAL for NULL.
 */
DX_API dx_status dx_capacity_lora_pdr_ratio(double n_devices, double msgs_per_day,
                                            double airtime_s, int n_channels,
                                            double capture_ratio, double *out_pdr_ratio,
                                            double *out_load_erlang);

/**
 * Devices one gateway can serve at PDR >= target in one pool:
 * n = -ln(target) / (2 (1 - capture) * msgs_per_day / 86400 * airtime_s / n_channels).
 * @return DX_OK; DX_EDOMAIN naming the bad argument.
 */
DX_API dx_status dx_capacity_lora_max_devices(double target_pdr_ratio, double msgs_per_day,
                                              double airtime_s, int n_channels,
                                              double capture_ratio, double *out_devices);

/** Carrier-sense mode of a 920 MHz device (ARIB STD-T108 / H31 MIC notice 123). */
typedef enum {
    DX_ARIB_CS_5MS = 0,   /**< >= 5 ms carrier sense: <= 4 s per transmission, >= 50 ms pause, no hourly cap */
    DX_ARIB_CS_128US = 1  /**< 128 us carrier sense: <= 0.4 s per transmission, >= 2 ms pause, <= 360 s per hour */
} dx_arib_cs_mode;

/**
 * Messages per hour one 920 MHz device may send under the ARIB limits
 * (domain-japan §3.1/§4.1 rows "Type A", "Carrier sense / tx-time rules"),
 * with the AS923 uplink dwell time (400 ms, domain-japan §4.1 "Dwell time")
 * applied when dwell_limit is non-zero.
 * @param airtime_s        time on air of one message (s), > 0
 * @param mode             dx_arib_cs_mode
 * @param dwell_limit      1 to apply the 400 ms AS923 dwell limit
 * @param out_max_per_hour receives the maximum messages per hour
 * @return DX_OK; DX_EREFUSED when one message exceeds the per-transmission or
 *         dwell limit (message names the limit); DX_EDOMAIN for bad arguments.
 */
DX_API dx_status dx_capacity_lora_arib_max_msgs_per_hour(double airtime_s, int mode,
                                                         int dwell_limit,
                                                         double *out_max_per_hour);

/** Options of the LoRa collision Monte Carlo simulator. */
typedef struct {
    unsigned int version;       /**< DX_LORA_SIM_OPTIONS_VERSION */
    double duration_s;          /**< simulated time, default 86400 s */
    double capture_threshold_db;/**< a packet survives if it exceeds every overlapping
                                     packet by this much; default 6 dB (Bor et al. 2016
                                     co-SF rejection); use INFINITY for no capture */
    double power_spread_db;     /**< std. dev. of received power between devices
                                     (log-normal), default 0 dB (all equal => no capture) */
    uint64_t seed;              /**< default 1 */
} dx_lora_sim_options;
#define DX_LORA_SIM_OPTIONS_VERSION 1
DX_API dx_status dx_lora_sim_options_init(dx_lora_sim_options *o, unsigned int version);
DX_API size_t dx_lora_sim_options_size(void);

/**
 * Event simulation of one pool: n_devices Poisson sources of msgs_per_day
 * each, messages of airtime_s on a channel drawn uniformly from n_channels;
 * a message is lost when it overlaps another on the same channel, unless it
 * captures (see options). Deterministic for a given seed.
 * @param out_pdr_ratio   delivered / sent
 * @param out_sent        messages sent (may be NULL)
 * @return DX_OK; DX_EDOMAIN; DX_ENOMEM.
 */
DX_API dx_status dx_capacity_lora_simulate_pdr(double n_devices, double msgs_per_day,
                                               double airtime_s, int n_channels,
                                               const dx_lora_sim_options *opts,
                                               double *out_pdr_ratio, double *out_sent);

/* ------------------------------------------------------------------------ */
/* Cell load                                                                */
/* ------------------------------------------------------------------------ */

/**
 * Capacity of one cell (Mbit/s, per direction) for a technology:
 *  - NR: mean_rate_mbps (the cell's average full-buffer rate, e.g. from
 *    the grid engine, which already includes PRBs, layers and TDD share);
 *  - Wi-Fi, HaLow: mean_rate_mbps (dx_phy_throughput_mbps already applies
 *    the MAC efficiency of one station holding the channel) times the
 *    contention loss S(n)/S(1) of dx_capacity_wifi_saturation at
 *    max(1, n_devices) stations (default timing, 1500-byte payloads);
 *  - LTE-M: ASSUMED 10 % of the nominal catalogue rate per cell is available
 *    to one customer's devices (no carrier figure is public);
 *  - LoRa: payload bit rate at PDR 0.9 is not a bit-rate problem; use
 *    dx_capacity_lora_max_devices (returns DX_EINVAL here).
 * @return DX_OK; DX_EINVAL (NULL, LoRa family); DX_EDOMAIN.
 */
DX_API dx_status dx_capacity_cell_capacity_mbps(const dx_technology *tech, double mean_rate_mbps,
                                                double n_devices, double *out_mbps);

/** Share of a carrier's nominal LTE-M rate assumed usable by one customer per cell (ASSUMED). */
#define DX_CAPACITY_LTEM_SHARE_RATIO 0.1

/* ------------------------------------------------------------------------ */
/* Planner (coverage + capacity)                                            */
/* ------------------------------------------------------------------------ */

/** How the planner places sites. */
typedef enum {
    DX_PLAN_HEX = 0,        /**< hexagonal lattice clipped to the area: spacing shrunk by 20 % until
                                 coverage is met, bisected (6 steps) for the fewest covering sites,
                                 then shrunk by 10 % per step until capacity is met */
    DX_PLAN_CANDIDATES = 1  /**< greedy choice among candidate sites (poles, rooftops, public buildings) */
} dx_plan_method;

/** Which target fixed the site count. */
typedef enum {
    DX_PLAN_BOUND_COVERAGE = 0, /**< coverage needed the most sites (capacity was met on the way) */
    DX_PLAN_BOUND_CAPACITY = 1, /**< sites were added beyond coverage to carry the demand */
    DX_PLAN_BOUND_UNMET = 2     /**< max_sites or the candidates ran out before both targets were met */
} dx_plan_bound;

/** Planner options (dx_plan_options_init holds the defaults). */
typedef struct {
    unsigned int version;          /**< DX_PLAN_OPTIONS_VERSION */
    dx_plan_method method;         /**< default DX_PLAN_HEX */
    double target_coverage_ratio;  /**< area coverage target (mean coverage probability); default 0.95 */
    double max_utilisation_ratio;  /**< busiest cell's offered load / capacity; default 0.7 (ASSUMED
                                        planning headroom) */
    size_t max_sites;              /**< default 500 */
    double lora_target_pdr_ratio;  /**< LoRa: delivery ratio per gateway; default 0.9 (ASSUMED) */
    double lora_airtime_s;         /**< LoRa: time on air per message; default 0.3707 s
                                        (SF10, 12-byte payload, 125 kHz; Semtech AN1200.13) */
    uint64_t seed;                 /**< cluster centres of DX_DEMAND_CLUSTERED; default 1 */
} dx_plan_options;
#define DX_PLAN_OPTIONS_VERSION 1
DX_API dx_status dx_plan_options_init(dx_plan_options *o, unsigned int version);
DX_API size_t dx_plan_options_size(void);

/** Planner outcome. */
typedef struct {
    size_t n_sites;                /**< sites in the plan (written to out_sites) */
    size_t sites_for_coverage;     /**< sites when the coverage target alone was first met (0 if never) */
    double coverage_ratio;         /**< area coverage of the plan */
    double max_utilisation_ratio;  /**< busiest cell of the plan */
    size_t busiest_cell;           /**< its index */
    dx_plan_bound bound;           /**< which target fixed the count */
    int met;                       /**< 1 when both targets are met */
    double offered_ul_bps;         /**< total demand */
    double offered_dl_bps;
} dx_plan_result;

/**
 * Add sites until both the coverage and the capacity target are met and
 * report which one bound. Each step runs the grid engine (dx_coverage_run) on
 * grid with cov (NULL = defaults); demand is spread over the area's pixels
 * (uniform, clustered discs, or points) and assigned to the serving cell of
 * its pixel; a cell's capacity comes from dx_capacity_cell_capacity_mbps
 * (NR, Wi-Fi, HaLow, LTE-M) or dx_capacity_lora_max_devices (LoRa).
 * Candidates method: greedy on covered demand per added site using each
 * candidate's best-server coverage probability map (interference is checked
 * by the full run after each addition); when capacity binds, the unused
 * candidate nearest to the busiest cell's demand centroid is added.
 * @param n_candidates, candidates  candidate sites (DX_PLAN_CANDIDATES), else ignored
 * @param n_demand, demand          demand classes (may be 0/NULL: coverage only)
 * @param cap, out_sites            receives the planned sites (cap >= result n_sites)
 * @return DX_OK (also when the targets are unmet: see out->met); DX_EINVAL;
 *         DX_EDOMAIN; DX_EBUFSIZE when cap is too small; DX_ENOMEM.
 */
DX_API dx_status dx_coverage_plan(const dx_grid *grid, const dx_technology *tech,
                                  const dx_coverage_options *cov, const dx_plan_options *plan,
                                  size_t n_candidates, const dx_site *candidates, size_t n_demand,
                                  const dx_demand_class *demand, size_t cap,
                                  dx_site *out_sites, dx_plan_result *out);



/** Load of one cell (dx_capacity_cell_loads). */
typedef struct {
    double devices;            /**< devices served by the cell */
    double offered_ul_bps;     /**< their mean offered load */
    double offered_dl_bps;
    double capacity_ul_mbps;   /**< dx_capacity_cell_capacity_mbps at the cell's mean rate (NaN for LoRa) */
    double capacity_dl_mbps;
    double max_devices;        /**< LoRa: devices at plan->lora_target_pdr_ratio (NaN otherwise) */
    double utilisation_ratio;  /**< max over directions of offered / capacity (LoRa: devices / max_devices) */
} dx_capacity_cell_load;

/**
 * Per-cell load of a grid result: demand classes spread over the area pixels
 * (as in dx_coverage_plan; the area polygon comes from cov, NULL = whole grid)
 * and assigned to each pixel's serving cell. LoRa, when the result kept
 * DX_COVERAGE_LAYER_SNR_UL_DB: each pixel's devices use the lowest spreading
 * factor whose demodulation floor the UL SNR meets, and each SF is its own
 * pure-ALOHA pool over the channels; utilisation = the busiest pool's load /
 * the load giving plan->lora_target_pdr_ratio (G* = -ln(PDR*)/2). Without that
 * layer, one pool with plan->lora_airtime_s.
 * @param r      a result that kept DX_COVERAGE_LAYER_BEST_CELL
 * @param plan   LoRa target PDR, airtime and the cluster seed (NULL = defaults)
 * @param cap, out  summary.n_cells entries
 * @return DX_OK; DX_EINVAL (layer missing, NULL); DX_EBUFSIZE; DX_EDOMAIN; DX_ENOMEM.
 */
DX_API dx_status dx_capacity_cell_loads(const dx_coverage_result *r, const dx_technology *tech,
                                        const dx_coverage_options *cov,
                                        const dx_plan_options *plan, size_t n_demand,
                                        const dx_demand_class *demand, size_t cap,
                                        dx_capacity_cell_load *out);

#ifdef __cplusplus
}
#endif
#endif /* DXSIM_CAPACITY_H */
