/**
 * @file dxsim/coverage.h
 * Stage 4 of the pipeline: where the signal reaches and how many sites it takes.
 *
 * Two levels:
 *  - analytic planning: shadowing margin for a cell-edge probability, the
 *    Jakes/Reudink area-coverage probability of a circular cell, the cell
 *    radius at which a propagation model reaches the maximum allowable path
 *    loss (Brent root finding), and hexagonal site counts;
 *  - a grid engine: an area rasterised at a chosen resolution, sites given or
 *    planned, per pixel best server, received power, SINR with co-channel
 *    interference, coverage probability under log-normal shadowing and rate;
 *    route analysis along a polyline; maps written as CSV, GeoJSON, KML + PNG.
 *
 * Conventions: local coordinates are metres east (x) and north (y) of an
 * origin; geographic coordinates are JGD2011 latitude/longitude in degrees
 * (GRS80 ellipsoid), converted with a local tangent-plane approximation.
 */
#ifndef DXSIM_COVERAGE_H
#define DXSIM_COVERAGE_H

#include <stddef.h>
#include <stdint.h>
#include "dxsim/common.h"
#include "dxsim/technology.h"
#include "dxsim/propagation.h"
#include "dxsim/terrain.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Analytic planning                                                        */
/* ------------------------------------------------------------------------ */

/**
 * Edge margin so that P(received >= threshold at the cell edge) equals
 * edge_probability_ratio under zero-mean log-normal shadowing of standard
 * deviation sigma_db: margin = sigma_db * Phi^-1(edge_probability_ratio)
 * (Jakes 1974, Microwave Mobile Communications, §2.4; Rappaport 2002 §4.9.2).
 * A probability below 0.5 gives a negative margin.
 * @param sigma_db                 shadow-fading standard deviation, >= 0 dB
 * @param edge_probability_ratio   target edge probability, 0 < p < 1
 * @param out_margin_db            receives the margin (dB); not NULL
 * @return DX_OK; DX_EDOMAIN for sigma_db < 0 or p outside (0, 1); DX_EINVAL for NULL.
 */
DX_API dx_status dx_coverage_shadow_margin_db(double sigma_db, double edge_probability_ratio,
                                              double *out_margin_db);

/**
 * Area-coverage probability of a circular cell (Jakes 1974 eq. 2.4-6, after
 * Reudink): the fraction of the disc where the received power exceeds the
 * threshold, when the mean power falls as 10 n log10(r) and the mean at the
 * edge exceeds the threshold by edge_margin_db:
 *   F_u = 1/2 [1 - erf(a) + exp((1 - 2ab)/b^2) (1 - erf((1 - ab)/b))],
 *   a = -edge_margin_db / (sigma_db sqrt 2),  b = 10 n log10(e) / (sigma_db sqrt 2).
 * With sigma_db = 0 the result is 1 for a margin >= 0 and the disc fraction
 * 10^(2 margin / (10 n)) otherwise.
 * @param sigma_db            shadow-fading standard deviation, >= 0 dB
 * @param path_loss_exponent  n, > 0 (e.g. 3.908 for 38.901 UMa NLOS)
 * @param edge_margin_db      mean edge power minus threshold (dB), any value
 * @param out_ratio           receives the covered area fraction, 0..1; not NULL
 * @return DX_OK; DX_EDOMAIN for sigma_db < 0 or n <= 0; DX_EINVAL for NULL.
 */
DX_API dx_status dx_coverage_area_probability_ratio(double sigma_db, double path_loss_exponent,
                                                    double edge_margin_db, double *out_ratio);

/** Flag of dx_coverage_cell_radius_flags_m: the path loss stays below the
 *  maximum up to r_max_m, so the radius was capped at r_max_m. */
#define DX_COVERAGE_RADIUS_CAPPED 1u

/**
 * Cell radius (horizontal distance) at which the path loss of a propagation
 * model first reaches max_path_loss_db, found with GSL's Brent solver
 * (gsl_root_fsolver_brent) on [r_min_m, r_max_m]. When the path loss is not
 * monotonic (LOS breakpoints), the smallest bracketed crossing on a
 * logarithmic scan of 64 points is refined.
 * @param model             propagation model (dxsim/propagation.h)
 * @param params            model parameters (LOS/NLOS etc.), or NULL for the defaults
 * @param fc_hz             carrier frequency (Hz), > 0
 * @param h_bs_m, h_ut_m    antenna heights (m), > 0
 * @param max_path_loss_db  maximum allowable path loss (dB)
 * @param r_min_m, r_max_m  search interval, 0 < r_min_m < r_max_m
 * @param out_radius_m      receives the radius; r_max_m when never reached
 *                          (see dx_coverage_cell_radius_flags_m to detect it)
 * @return DX_OK; DX_EDOMAIN when the path loss at r_min_m already exceeds the
 *         maximum (no coverage) or an argument is out of range (message names it);
 *         DX_ENOCONV when the solver fails; DX_EINVAL for NULL out.
 */
DX_API dx_status dx_coverage_cell_radius_m(dx_propagation_model model,
                                           const dx_propagation_params *params, double fc_hz,
                                           double h_bs_m, double h_ut_m, double max_path_loss_db,
                                           double r_min_m, double r_max_m, double *out_radius_m);

/** As dx_coverage_cell_radius_m; *out_flags (not NULL) receives DX_COVERAGE_RADIUS_CAPPED or 0. */
DX_API dx_status dx_coverage_cell_radius_flags_m(dx_propagation_model model,
                                                 const dx_propagation_params *params, double fc_hz,
                                                 double h_bs_m, double h_ut_m,
                                                 double max_path_loss_db, double r_min_m,
                                                 double r_max_m, double *out_radius_m,
                                                 unsigned int *out_flags);

/**
 * Covered area of one site whose cells reach cell_radius_m from the site,
 * for a hexagonal layout: S = K r^2 with K = 3 sqrt(3)/2 = 2.598 (omni:
 * hexagon of circumradius r), K = 9 sqrt(3)/8 = 1.949 (3 sectors: three
 * hexagons of circumradius r/2 meeting at the site, "clover leaf") and
 * K = 3 sqrt(3)/2 (6 sectors: six triangles of the site hexagon).
 * Source: Holma & Toskala, WCDMA for UMTS, 5th ed., §8.2.1 Table 8.7
 * (K = 2.6, 1.95, 2.6 for omni, 3- and 6-sectored sites).
 * @return DX_OK; DX_EDOMAIN for r <= 0 or sectors not 1, 3 or 6.
 */
DX_API dx_status dx_coverage_hex_site_area_m2(double cell_radius_m, int sectors,
                                              double *out_area_m2);

/**
 * Sites needed to cover area_m2 with the hexagonal layout of
 * dx_coverage_hex_site_area_m2: ceil(area_m2 / S) (at least 1 for area > 0),
 * returned as a double.
 * @param area_m2        area to cover (m^2), >= 0
 * @param cell_radius_m  maximum range of a cell from its site (m), > 0
 * @param sectors        1, 3 or 6
 * @param out_sites      receives the site count; not NULL
 * @return DX_OK; DX_EDOMAIN naming the bad argument; DX_EINVAL for NULL.
 */
DX_API dx_status dx_coverage_hex_site_count(double area_m2, double cell_radius_m, int sectors,
                                            double *out_sites);

/**
 * Indoor planning: access points for n_floors floors of floor_area_m2 each
 * when one AP covers a hexagon of circumradius cell_radius_m on its own floor
 * (no coverage across floors is assumed: floor loss of concrete slabs is
 * 15-20 dB, ITU-R P.1238-12 Table 5, so each floor is planned alone).
 * @return DX_OK; DX_EDOMAIN naming the bad argument; DX_EINVAL for NULL.
 */
DX_API dx_status dx_coverage_indoor_ap_count(double floor_area_m2, int n_floors,
                                             double cell_radius_m, double *out_aps);

/**
 * Maximum allowable path loss reduced by internal walls: the radius at which
 * a log-distance indoor path loss with n_walls_per_10m walls of wall_loss_db
 * each every 10 m reaches the budget. Returns the effective path-loss budget
 * at radius r: mapl_db - wall_loss_db * n_walls_per_10m * r / 10.
 * (Multi-wall model, COST 231 final report §4.7.)
 */
DX_API dx_status dx_coverage_indoor_wall_budget_db(double mapl_db, double wall_loss_db,
                                                   double n_walls_per_10m, double r_m,
                                                   double *out_budget_db);


/* ------------------------------------------------------------------------ */
/* Geography                                                                */
/* ------------------------------------------------------------------------ */

/**
 * Local east/north metres <-> JGD2011 latitude/longitude (degrees) around an
 * origin, with the GRS80 meridional and prime-vertical radii of curvature at
 * the origin latitude (equirectangular tangent plane; error below 0.1 % of
 * the distance within 20 km of the origin). GRS80: a = 6378137 m,
 * f = 1/298.257222101 (JGD2011 datum, GSI).
 * @return DX_OK; DX_EDOMAIN for |lat0| >= 89 deg; DX_EINVAL for NULL.
 */
DX_API dx_status dx_coverage_local_to_geo(double lat0_deg, double lon0_deg, size_t n,
                                          const double *x_m, const double *y_m,
                                          double *out_lat_deg, double *out_lon_deg);
/** Inverse of dx_coverage_local_to_geo. */
DX_API dx_status dx_coverage_geo_to_local(double lat0_deg, double lon0_deg, size_t n,
                                          const double *lat_deg, const double *lon_deg,
                                          double *out_x_m, double *out_y_m);

/* ---- LOS/NLOS composite coverage (TR 38.901) ------------------------------ */

/**
 * One link class for composite coverage: TR 38.901 draws each link's LOS
 * state with the probability of Table 7.4.2-1 and its shadowing from the σ of
 * that state (Table 7.4.1-1), so the probability that a device at horizontal
 * distance d is served (path loss below max_path_loss_db) is
 *   p(d) = P_LOS(d) Φ((L − PL_LOS(d)) / σ_LOS) + (1 − P_LOS(d)) Φ((L − PL_NLOS(d)) / σ_NLOS).
 * Models without a LOS probability (free space, log-distance, two-ray, Hata,
 * COST-231, P.1411) use the one condition params.los with sigma_nlos_db.
 * Planning on NLOS alone, the common shortcut, under-states a rural mast's reach.
 */
typedef struct {
    unsigned int version;          /**< DX_COVERAGE_LINK_VERSION */
    dx_propagation_model model;    /**< default DX_PROPAGATION_38901_UMA */
    dx_propagation_params params;  /**< model parameters; los is ignored by 38.901 models */
    double fc_hz;                  /**< carrier (Hz); default 3.5e9 */
    double h_bs_m;                 /**< site antenna height (m); default 25 */
    double h_ut_m;                 /**< device height (m); default 1.5 */
    double max_path_loss_db;       /**< allowable path loss L (dB); default 130 */
    double sigma_los_db;           /**< LOS shadowing σ; default -1 = the model's (Table 7.4.1-1) */
    double sigma_nlos_db;          /**< NLOS σ; default -1 = the model's (8 dB, ASSUMED, for models without one) */
    /* version 2: a calibration (dxsim/calibrate.h) of the model's path loss,
     * PL + pl_offset_db + pl_slope_db_per_decade log10(d2d / pl_d_ref_m); default 0, 0, 1000 m */
    double pl_offset_db;
    double pl_slope_db_per_decade;
    double pl_d_ref_m;
} dx_coverage_link;
#define DX_COVERAGE_LINK_VERSION 2

/** Fill defaults. @return DX_OK; DX_EINVAL for NULL or a newer version. */
DX_API dx_status dx_coverage_link_init(dx_coverage_link *l, unsigned int version);
DX_API size_t dx_coverage_link_size(void);

/**
 * Served probability p(d) at n distances (array kernel).
 * @param d2d_m      n horizontal distances (m), > 0 (distances below 10 m are evaluated at 10 m,
 *                   the lower validity limit of the 38.901 outdoor models)
 * @param out_ratio  n probabilities (0..1)
 * @return DX_OK; DX_EINVAL for NULL; DX_EDOMAIN naming the bad distance or link field.
 */
DX_API dx_status dx_coverage_served_probability_ratio(const dx_coverage_link *l, size_t n,
                                                      const double *d2d_m, double *out_ratio);

/**
 * Mean served probability over a disc of radius_m (the area coverage of a
 * circular cell): (2 / R²) ∫0^R p(r) r dr, Simpson's rule with 64 intervals.
 * With a single condition and a log-distance model it reproduces the
 * Jakes/Reudink closed form (dx_coverage_area_probability_ratio).
 * @return DX_OK; DX_EINVAL; DX_EDOMAIN for radius_m <= 0.
 */
DX_API dx_status dx_coverage_disc_served_ratio(const dx_coverage_link *l, double radius_m,
                                               double *out_ratio);

/** A per-link quantity of the path loss and the shadowing σ of the link's state. */
typedef double (*dx_coverage_link_fn)(double path_loss_db, double sigma_db, void *user);

/**
 * Mean over a disc of radius_m of a per-link quantity, expected over the LOS
 * state: (2 / R²) ∫0^R [P_LOS f(PL_LOS(r), σ_LOS) + (1 − P_LOS) f(PL_NLOS(r), σ_NLOS)] r dr
 * (Simpson, 64 intervals). With f = Φ((L − PL)/σ) it is dx_coverage_disc_served_ratio;
 * with f = rate(SINR(PL)) it is a cell's mean full-buffer rate at median shadowing.
 * @param fn    the quantity; must not fail (return NaN to poison the mean)
 * @return DX_OK; DX_EINVAL; DX_EDOMAIN for radius_m <= 0 or a bad link.
 */
DX_API dx_status dx_coverage_disc_expectation(const dx_coverage_link *l, double radius_m,
                                              dx_coverage_link_fn fn, void *user, double *out);

/**
 * Largest cell radius in [r_min_m, r_max_m] meeting both targets: the served
 * probability at the edge >= edge_probability_ratio and the mean over the disc
 * >= area_ratio (pass 0 to ignore a target). Both are decreasing in the
 * radius; each is inverted with GSL's Brent solver on log r.
 * @param out_radius_m      the radius (r_max_m when both targets hold there)
 * @param out_area_ratio    the disc mean at that radius (may be NULL)
 * @return DX_OK; DX_EDOMAIN when even r_min_m misses a target (the message
 *         gives the probability reached) or for bad arguments; DX_ENOCONV.
 */
DX_API dx_status dx_coverage_composite_radius_m(const dx_coverage_link *l,
                                                double edge_probability_ratio, double area_ratio,
                                                double r_min_m, double r_max_m,
                                                double *out_radius_m, double *out_area_ratio);

/* ------------------------------------------------------------------------ */
/* Sites, grid, options                                                     */
/* ------------------------------------------------------------------------ */

/** A site: one mast with 1 (omni), 3 or 6 sector cells. */
typedef struct {
    double x_m, y_m;        /**< local position (m east, m north) */
    double height_m;        /**< antenna height above ground (m), > 0 */
    double tx_power_dbm;    /**< conducted power per cell (dBm) */
    double antenna_gain_dbi;/**< boresight gain per cell (dBi) */
    double cable_loss_db;   /**< feeder loss (dB) */
    int sectors;            /**< 1, 3 or 6 cells at azimuth_deg + k 360/sectors */
    double azimuth_deg;     /**< boresight of sector 0, clockwise from north */
    int channel;            /**< channel of sector 0, 0..channels-1; -1 = assign automatically */
} dx_site;

/**
 * A site at (x_m, y_m) with the technology's defaults: height, power, gain,
 * cable loss, sectors (tech->sectors, 1 when 0), azimuth 0, channel -1.
 * The EIRP is capped at tech->max_eirp_dbm when one is catalogued (by lowering
 * tx_power_dbm).
 * @return DX_OK; DX_EINVAL for NULL.
 */
DX_API dx_status dx_coverage_site_init(dx_site *s, const dx_technology *tech, double x_m,
                                       double y_m);

/** A raster: nx columns (east) by ny rows (north); pixel (i, j) has its centre at
 *  (x0_m + (i + 0.5) res, y0_m + (j + 0.5) res); row 0 is the southernmost. */
typedef struct {
    double x0_m, y0_m;      /**< south-west corner (m) */
    double resolution_m;    /**< pixel size (m), > 0 */
    size_t nx, ny;          /**< columns, rows, >= 1 */
} dx_grid;

/**
 * The grid covering the bounding box of a polygon at resolution_m.
 * @return DX_OK; DX_EDOMAIN (fewer than 3 vertices, resolution <= 0, more than 2^31 pixels).
 */
DX_API dx_status dx_coverage_grid_for_polygon(size_t n, const double *x_m, const double *y_m,
                                              double resolution_m, dx_grid *out);

/** Per-pixel layers a result keeps (bit mask). */
#define DX_COVERAGE_LAYER_BEST_CELL 0x01u  /**< index of the serving cell (site * sectors + k), -1 none */
#define DX_COVERAGE_LAYER_RX_DBM 0x02u     /**< received power from the best cell (dBm) */
#define DX_COVERAGE_LAYER_SINR_DL_DB 0x04u /**< downlink SINR (dB) */
#define DX_COVERAGE_LAYER_SNR_UL_DB 0x08u  /**< uplink SNR incl. the interference margin (dB) */
#define DX_COVERAGE_LAYER_RATE_DL_MBPS 0x10u
#define DX_COVERAGE_LAYER_RATE_UL_MBPS 0x20u
#define DX_COVERAGE_LAYER_PROB 0x40u       /**< coverage probability under shadowing (0..1) */
#define DX_COVERAGE_LAYER_ALL 0x7fu

/** Coverage criterion. */
typedef enum {
    DX_COVERAGE_BY_RX_LEVEL = 0, /**< received power >= threshold_dbm */
    DX_COVERAGE_BY_RATE = 1      /**< SINR (SNR for UL) >= SINR needed for required_rate_mbps */
} dx_coverage_criterion;

/** Options of the grid engine (dx_coverage_options_init holds the defaults). */
typedef struct {
    unsigned int version;           /**< DX_COVERAGE_OPTIONS_VERSION */
    dx_propagation_model model;     /**< default DX_PROPAGATION_38901_UMA */
    dx_propagation_params prop;     /**< default dx_propagation_params_init with los = NLOS */
    double ue_height_m;             /**< device antenna height; default 0 = tech->ue_height_m */
    double shadow_sigma_db;         /**< log-normal sigma; default -1 = the model's NLOS sigma
                                         (dx_propagation_shadow_fading_sigma_db) */
    dx_coverage_criterion criterion;/**< default DX_COVERAGE_BY_RATE */
    double threshold_dbm;           /**< DX_COVERAGE_BY_RX_LEVEL; default -100 dBm (ASSUMED) */
    double required_rate_mbps;      /**< DX_COVERAGE_BY_RATE; default 0 = lowest MCS */
    int rate_direction;             /**< dx_phy_direction for the criterion; default UL (0 = DL, 1 = UL) */
    double interference_load_ratio; /**< share of time co-channel cells transmit; default 1 (full load, ASSUMED) */
    double ul_interference_margin_db; /**< uplink noise rise; default 3 dB (ASSUMED) */
    unsigned int layers;            /**< DX_COVERAGE_LAYER_* kept in the result; default ALL */
    size_t tile_px;                 /**< tile edge (pixels); default 64 */
    int mc_runs;                    /**< Monte Carlo shadowing runs; default 0 (off) */
    double shadow_corr_m;           /**< Gudmundson decorrelation distance d_corr of
                                         rho = exp(-r / d_corr); 0 = independent pixels;
                                         default 50 m (38.901 Table 7.5-6 UMa NLOS) */
    uint64_t seed;                  /**< Monte Carlo seed; default 1 */
    int threads;                    /**< OpenMP threads; default 0 = OpenMP's choice */
    size_t n_area;                  /**< polygon vertices of the study area (0 = whole grid) */
    const double *area_x_m;         /**< borrowed, n_area values */
    const double *area_y_m;
    double pixel_target_ratio;      /**< a pixel counts as "reliably covered" at P >= this; default 0.9 */
    /* version 2 */
    int los_mixture;                /**< 1: for a TR 38.901 model, the coverage probability of a pixel
                                         combines its serving cell's LOS and NLOS path loss with the
                                         Table 7.4.2-1 LOS probability and per-state sigma
                                         (the model of dx_coverage_served_probability_ratio); best
                                         server, SINR and rates stay on the NLOS curve. Default 0. */
    /* version 3 */
    size_t max_pixels;              /**< grids of more pixels (nx x ny) are refused with DX_EDOMAIN
                                         by dx_coverage_run and dx_coverage_plan before anything is
                                         allocated; default DX_COVERAGE_DEFAULT_MAX_PIXELS. Raise it
                                         for big studies (memory: about 40 bytes per pixel with all
                                         layers). A version-1/2 struct gets the default. */
    /* version 4: terrain and calibration (docs/terrain.md, docs/calibration.md). With the
     * defaults (no DEM, zero offset and slope) results are those of version 3. */
    const dx_dem *dem;              /**< borrowed terrain (dxsim/terrain.h); NULL = flat earth
                                         (default). With a DEM every pixel-cell link takes the
                                         terrain loss of dx_terrain_loss_grid (radial profiles
                                         from the site, default options but model and k):
                                         P.526 models add it to the model's path loss; ITM
                                         replaces the model (PL = free space + ITM excess).
                                         Points or sites on DEM no-data keep the model's loss.
                                         The engine then takes the double-precision path. */
    double origin_lat_deg;          /**< JGD2011 position of the local origin (x = y = 0), */
    double origin_lon_deg;          /**< needed with a DEM (local metres -> lat/lon as
                                         dx_coverage_local_to_geo); default NaN */
    int terrain_model;              /**< dx_terrain_loss_model; default DX_TERRAIN_LOSS_BULLINGTON */
    double terrain_k_factor;        /**< effective-Earth factor of the terrain profiles;
                                         default 4/3 (ITU-R P.453 median) */
    double pl_offset_db;            /**< calibration (dxsim/calibrate.h): added to every path
                                         loss, PL + offset + slope log10(d2d / d_ref); default 0 */
    double pl_slope_db_per_decade;  /**< default 0 */
    double pl_d_ref_m;              /**< reference distance of the slope; default 1000 m */
} dx_coverage_options;
#define DX_COVERAGE_OPTIONS_VERSION 4
/** Default of dx_coverage_options.max_pixels: 10^8 pixels, e.g. 10 km x 10 km at 1 m
 *  (ASSUMED: a bound that keeps a full-layer result near 4 GB). */
#define DX_COVERAGE_DEFAULT_MAX_PIXELS ((size_t)100000000u)

/** Fill defaults. @return DX_OK; DX_EINVAL for NULL or a newer version. */
DX_API dx_status dx_coverage_options_init(dx_coverage_options *o, unsigned int version);
DX_API size_t dx_coverage_options_size(void);

/**
 * Assign channels to cells whose channel is -1: greedy, each cell takes the
 * channel whose nearest co-channel cell is farthest (ties: lowest channel).
 * Channels come from tech->channels_available (at least 1). Cells of one site
 * get distinct channels when there are enough.
 * @param sites   n_sites sites, updated in place (channel of sector 0; the other
 *                sectors follow as (channel + k) mod channels)
 * @return DX_OK; DX_EINVAL for NULL.
 */
DX_API dx_status dx_coverage_assign_channels(size_t n_sites, dx_site *sites,
                                             const dx_technology *tech);

/** Opaque result of a grid run; free with dx_coverage_result_free. */
typedef struct dx_coverage_result dx_coverage_result;

/** Area-wide figures of a grid run. */
typedef struct {
    size_t n_pixels;               /**< pixels inside the area */
    double area_m2;                /**< their area */
    double coverage_ratio;         /**< mean per-pixel coverage probability = expected covered area fraction */
    double coverage_reliable_ratio;/**< fraction of pixels with probability >= pixel_target_ratio */
    double coverage_median_ratio;  /**< fraction covered without shadowing (median signal) */
    double coverage_mc_ratio;      /**< Monte Carlo mean covered fraction (NaN without MC) */
    double coverage_mc_std_ratio;  /**< its standard deviation over runs (NaN without MC) */
    double mean_rate_dl_mbps;      /**< area mean full-buffer rates */
    double mean_rate_ul_mbps;
    double shadow_sigma_db;        /**< sigma used */
    double required_sinr_db;       /**< SINR threshold used (criterion BY_RATE) */
    double noise_dl_dbm, noise_ul_dbm; /**< noise floors used */
    size_t n_cells;                /**< cells (sites x sectors) */
    size_t n_outside_validity;     /**< pixel-cell pairs outside the model's validity range */
} dx_coverage_summary;

/** Per-cell figures. */
typedef struct {
    size_t site;                   /**< site index */
    int sector;                    /**< sector index within the site */
    int channel;                   /**< channel of the technology's plan (0..channels_available-1) */
    size_t served_pixels;          /**< pixels (inside the area) this cell serves best */
    double served_area_m2;
    double mean_rate_dl_mbps;      /**< arithmetic mean over served pixels (round robin) */
    double mean_rate_ul_mbps;
    double hmean_rate_dl_mbps;     /**< harmonic mean over served pixels with rate > 0 */
    double hmean_rate_ul_mbps;
    double covered_pixels;         /**< sum of coverage probability over served pixels */
} dx_coverage_cell_stats;

/**
 * Run the grid engine: for every pixel of grid (inside the area polygon of
 * opts), path loss to every cell, best server, received power, DL SINR with
 * co-channel interference (channels from the sites, -1 assigned automatically
 * on a copy), UL SNR, rates (dx_phy_throughput_mbps) and coverage probability
 * Q((threshold - level) / sigma) of the best server. Pixels are processed in
 * tiles (OpenMP), so memory is O(pixels x kept layers + threads x tile x
 * channels), never pixels x cells; results are bit-identical for any thread
 * count (Monte Carlo streams are counter-based per cell, run and pixel).
 * Every path-loss model runs on a fused single-precision kernel (each
 * model's formula written as lines in log10(d3D); received power within
 * 1e-4 dB of dx_propagation_path_loss_db over 1 m - 100 km, measured 2.2e-5
 * dB); Monte Carlo runs, and the P.1411 NLOS corner that has no such form,
 * call dx_propagation_path_loss_db per tile in double precision. Rates are read
 * from dx_phy_throughput_mbps tabulated on a 0.01 dB SINR grid (SINR rounded down).
 * Sector pattern: 38.901 Table 7.3-1 horizontal cut, A = -min(12 (phi/65)^2, 30) dB
 * (a polynomial in cos(phi), within 1.3e-5 dB).
 * @param grid, n_sites, sites, tech  inputs (borrowed, unchanged)
 * @param opts   options or NULL for defaults
 * @param out    receives the result (caller frees with dx_coverage_result_free); NULL on failure
 * @return DX_OK; DX_EINVAL; DX_EDOMAIN naming the bad field; DX_ENOMEM.
 */
DX_API dx_status dx_coverage_run(const dx_grid *grid, size_t n_sites, const dx_site *sites,
                                 const dx_technology *tech, const dx_coverage_options *opts,
                                 dx_coverage_result **out);

/** Reusable memory of grid runs (opaque); see dx_coverage_workspace_create. */
typedef struct dx_coverage_workspace dx_coverage_workspace;

/**
 * Create a workspace: reusable memory of grid runs (GSL style): the per-pixel layers,
 * the per-thread tile buffers and the per-tile sums. Repeated runs through
 * dx_coverage_run_ws allocate (and page-fault) nothing once the workspace has
 * grown to the largest grid and thread count seen.
 *
 * Memory (4-byte values): a kept layer is 4 bytes per pixel (BEST_CELL int32,
 * the others float), so all seven are 28 B/pixel (29.4 MB for 1024 x 1024);
 * per thread 128 + 12 x channels bytes per tile pixel (T x T pixels,
 * T = opts.tile_px: 0.57 MB at T = 64 with one channel in use); per tile
 * about 330 B plus 56 B per cell it serves; per call the rate tables
 * (240 KB) and 100 B per cell. Nothing scales with pixels x cells.
 * @param n_pixels  pixels to reserve for (nx * ny of the largest grid; 0 = grow on demand)
 * @param layers    DX_COVERAGE_LAYER_* to allocate now (others on first use)
 * @param out       receives the workspace (free with dx_coverage_workspace_free)
 * @return DX_OK; DX_EDOMAIN for n_pixels > 2^31; DX_ENOMEM; DX_EINVAL for NULL.
 * Thread safety: one run at a time per workspace; separate workspaces may run
 * on separate threads.
 */
DX_API dx_status dx_coverage_workspace_create(size_t n_pixels, unsigned int layers,
                                              dx_coverage_workspace **out);

/** Free a workspace. NULL is a no-op. A result that borrows its layers must be
 *  freed first (dx_coverage_result_free on it stays valid, its layers are gone). */
DX_API void dx_coverage_workspace_free(dx_coverage_workspace *ws);

/**
 * dx_coverage_run with caller-owned memory: the result's layers live in ws
 * (borrowed, not copied) until the next run with ws or dx_coverage_workspace_free;
 * the next run takes them back (the older result then reports no kept layers;
 * its summary and cell figures stay valid). Results are bit-identical to
 * dx_coverage_run. ws = NULL is dx_coverage_run. One run at a time per workspace.
 * @return as dx_coverage_run.
 */
DX_API dx_status dx_coverage_run_ws(const dx_grid *grid, size_t n_sites, const dx_site *sites,
                                    const dx_technology *tech, const dx_coverage_options *opts,
                                    dx_coverage_workspace *ws, dx_coverage_result **out);

/** Free a result. NULL is a no-op. */
DX_API void dx_coverage_result_free(dx_coverage_result *r);

/** Area-wide figures. @return DX_OK; DX_EINVAL for NULL. */
DX_API dx_status dx_coverage_result_summary(const dx_coverage_result *r, dx_coverage_summary *out);

/** The grid of a result. @return DX_OK; DX_EINVAL. */
DX_API dx_status dx_coverage_result_grid(const dx_coverage_result *r, dx_grid *out);

/** Figures of cell i (0 <= i < summary.n_cells). @return DX_OK; DX_EINVAL for i out of range. */
DX_API dx_status dx_coverage_result_cell(const dx_coverage_result *r, size_t i,
                                         dx_coverage_cell_stats *out);

/**
 * Copy one layer (a single DX_COVERAGE_LAYER_* bit) into out (nx * ny values,
 * row-major, row 0 south). Pixels outside the area are NaN (-1 for BEST_CELL).
 * @return DX_OK; DX_EINVAL (not one bit, or the layer was not kept);
 *         DX_EBUFSIZE when cap < nx * ny.
 */
DX_API dx_status dx_coverage_result_layer(const dx_coverage_result *r, unsigned int layer,
                                          size_t cap, double *out);

/**
 * Evaluate the same per-pixel model at n arbitrary points (points of interest).
 * Any output may be NULL.
 * @return DX_OK; as dx_coverage_run.
 */
DX_API dx_status dx_coverage_points(size_t n_sites, const dx_site *sites,
                                    const dx_technology *tech, const dx_coverage_options *opts,
                                    size_t n, const double *x_m, const double *y_m,
                                    int *out_best_cell, double *out_rx_dbm,
                                    double *out_sinr_dl_db, double *out_rate_dl_mbps,
                                    double *out_rate_ul_mbps, double *out_prob_ratio);

/* ------------------------------------------------------------------------ */
/* Routes                                                                   */
/* ------------------------------------------------------------------------ */

/** Route analysis summary. */
typedef struct {
    double length_m;               /**< polyline length */
    size_t n_samples;              /**< samples taken (every step_m, plus the end) */
    size_t n_handovers;            /**< changes of serving cell between consecutive samples */
    size_t n_outage_segments;      /**< maximal runs of samples that are not covered */
    double outage_length_m;        /**< total length of those runs (samples x step) */
    double covered_ratio;          /**< share of samples meeting the criterion (median signal) */
    double ul_sustained_ratio;     /**< share of samples with UL rate >= required_ul_mbps */
    int ul_sustained;              /**< 1 when every sample sustains required_ul_mbps */
    double min_rate_ul_mbps;       /**< worst UL rate along the route */
} dx_coverage_route_summary;

/**
 * Sample a polyline every step_m and evaluate each sample (dx_coverage_points).
 * Per-sample outputs (any may be NULL) need capacity cap >= the number of
 * samples, which is returned in summary->n_samples (call first with cap = 0
 * and NULL outputs to learn it; DX_EBUFSIZE is returned only when outputs
 * are given and too small).
 * @param n_vertices, x_m, y_m  polyline (>= 2 vertices)
 * @param step_m                sample spacing (m), > 0
 * @param required_ul_mbps      uplink rate that must be sustained (e.g. a video stream)
 * Handover points are the samples where out_best_cell changes.
 * @param out_s_m               distance along the route of each sample
 * @param out_best_cell, out_rx_dbm, out_sinr_dl_db, out_rate_ul_mbps  per sample
 * @return DX_OK; DX_EDOMAIN; DX_EBUFSIZE; DX_ENOMEM.
 */
DX_API dx_status dx_coverage_route(size_t n_sites, const dx_site *sites,
                                   const dx_technology *tech, const dx_coverage_options *opts,
                                   size_t n_vertices, const double *x_m, const double *y_m,
                                   double step_m, double required_ul_mbps,
                                   dx_coverage_route_summary *out_summary, size_t cap,
                                   double *out_s_m, int *out_best_cell, double *out_rx_dbm,
                                   double *out_sinr_dl_db, double *out_rate_ul_mbps);

/* ------------------------------------------------------------------------ */
/* Outputs                                                                  */
/* ------------------------------------------------------------------------ */

/**
 * Write the kept layers as CSV: one row per pixel inside the area with
 * columns x_m,y_m[,lat_deg,lon_deg],<layers...>. Locale-independent numbers;
 * written atomically. lat0/lon0 = NaN omits the geographic columns.
 * @return DX_OK; DX_EIO; DX_ENOMEM.
 */
DX_API dx_status dx_coverage_write_csv(const dx_coverage_result *r, double lat0_deg,
                                       double lon0_deg, const char *path);

/**
 * GeoJSON FeatureCollection (RFC 7946, WGS84/JGD2011 lon-lat order): one
 * Point per site, and one MultiPolygon "coverage" of the pixels whose
 * coverage probability >= opts pixel_target_ratio (pixel rows merged into runs).
 * @return DX_OK; DX_EINVAL (PROB layer not kept); DX_EIO; DX_ENOMEM.
 */
DX_API dx_status dx_coverage_write_geojson(const dx_coverage_result *r, size_t n_sites,
                                           const dx_site *sites, double lat0_deg,
                                           double lon0_deg, const char *path);

/**
 * KML 2.2 document with a GroundOverlay of a PNG rendering of one layer
 * (written next to the KML as png_name) and one Placemark per site.
 * Colour scale: PROB 0..1, RX -120..-40 dBm, SINR -10..30 dB, rates 0..max;
 * pixels outside the area or without service are transparent.
 * @return DX_OK; DX_EINVAL (layer not kept, or built without libpng); DX_EIO; DX_ENOMEM.
 */
DX_API dx_status dx_coverage_write_kml(const dx_coverage_result *r, unsigned int layer,
                                       size_t n_sites, const dx_site *sites, double lat0_deg,
                                       double lon0_deg, const char *kml_path,
                                       const char *png_name);

/**
 * Write one float layer as a single-band Float32 GeoTIFF through GDAL (optional
 * build feature DXSIM_WITH_GDAL): geographic JGD2011 (EPSG:6668) grid from the
 * local grid's corners (equirectangular, see dx_coverage_local_to_geo), north
 * up, NaN outside the area (nodata). Written to a temporary name and renamed.
 * @return DX_OK; DX_EINVAL (layer not kept, or built without GDAL); DX_EIO.
 */
DX_API dx_status dx_coverage_write_geotiff(const dx_coverage_result *r, unsigned int layer,
                                           double lat0_deg, double lon0_deg, const char *path);

/** Write one layer as a PNG colour map (north up). @return DX_OK; DX_EINVAL without libpng. */
DX_API dx_status dx_coverage_write_png(const dx_coverage_result *r, unsigned int layer,
                                       const char *path);



/* The planner (dx_coverage_plan) needs demand classes: it is declared in dxsim/capacity.h. */

#ifdef __cplusplus
}
#endif
#endif /* DXSIM_COVERAGE_H */
