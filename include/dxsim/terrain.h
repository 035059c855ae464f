/**
 * @file dxsim/terrain.h
 * Digital elevation models (GSI 基盤地図情報 数値標高モデル, synthetic grids),
 * elevation queries, terrain profiles along the geodesic, and terrain-aware
 * path loss (LOS / Fresnel clearance, P.526 diffraction, ITM) including a grid
 * kernel for the planning stage.
 *
 * A dx_dem is a mosaic of tiles. GSI tiles are placed by their mesh code
 * (JIS X 0410) with integer arithmetic in units of 0.2" and checked against
 * the file's envelope; where tiles overlap, the finer/better product wins
 * per cell (DEM1A > DEM5A > DEM5B > DEM5C > DEM10A > DEM10B > synthetic grids),
 * and a no-data cell falls through to the next product.
 *
 * Heights are orthometric metres (T.P.); positions are JGD2011 lat/lon
 * degrees (treated as WGS84, see docs/terrain.md). Sea cells (海水面) read as
 * 0 m with class DX_DEM_CLASS_SEA.
 *
 * Thread safety: a dx_dem is read-only after loading; queries on one dem may
 * run on several threads at once. Loading (dx_dem_add_*) needs exclusive use.
 */
#ifndef DXSIM_TERRAIN_H
#define DXSIM_TERRAIN_H

#include <stddef.h>
#include "dxsim/common.h"
#include "dxsim/itm.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Product of a tile (also its priority order, best first). */
typedef enum {
    DX_DEM_PRODUCT_DEM1A = 1,
    DX_DEM_PRODUCT_DEM5A = 2,
    DX_DEM_PRODUCT_DEM5B = 3,
    DX_DEM_PRODUCT_DEM5C = 4,
    DX_DEM_PRODUCT_DEM10A = 5,
    DX_DEM_PRODUCT_DEM10B = 6,
    DX_DEM_PRODUCT_GRID = 7 /**< a grid added with dx_dem_add_grid */
} dx_dem_product;

/** Class of one DEM cell (from the GSI tuple label and value). */
typedef enum {
    DX_DEM_CLASS_NODATA = 0,       /**< データなし, -9999., or outside the tuples */
    DX_DEM_CLASS_GROUND = 1,       /**< 地表面 / 表層面 / その他 with a height */
    DX_DEM_CLASS_SEA = 2,          /**< 海水面 / 海水底面: read as 0 m */
    DX_DEM_CLASS_INLAND_WATER = 3  /**< 内水面 with a height (water surface) */
} dx_dem_class;

typedef struct dx_dem dx_dem;

/** Description of one loaded tile. */
typedef struct {
    char mesh_code[16];        /**< "52387400" (8 digits DEM1/5, 6 digits DEM10), "" for grids */
    int product;               /**< dx_dem_product */
    int edition_yyyymmdd;      /**< from <lfSpanFr>, 0 if absent */
    size_t cols, rows;         /**< grid size; row 0 is the northern edge */
    size_t start_col, start_row; /**< gml:startPoint */
    size_t n_tuples;           /**< tuples present in the file */
    size_t n_nodata;           /**< cells without a height (including absent tuples) */
    size_t n_sea;              /**< sea cells (read as 0 m) */
    double south_deg, west_deg, north_deg, east_deg; /**< exact bounds */
    double dlat_deg, dlon_deg; /**< cell size */
} dx_dem_tile_info;

DX_API dx_status dx_dem_create(dx_dem **out);
DX_API void dx_dem_free(dx_dem *dem); /* NULL is a no-op */

/**
 * Add GSI DEM XML from a file: a .xml file, or a GSI .zip (every member
 * whose content is a DEM Dataset; members that are not are skipped).
 * Errors: DX_EIO (file or zip member unreadable), DX_EPARSE (malformed XML,
 * DOCTYPE present, unknown label, too many tuples, envelope that does not
 * match the mesh code ...): the message names the file (and member) and value.
 */
DX_API dx_status dx_dem_add_file(dx_dem *dem, const char *path);
/** Same, XML text already in memory (name is used in messages). */
DX_API dx_status dx_dem_add_gsi_xml_memory(dx_dem *dem, const char *name, const char *xml,
                                           size_t len);
/**
 * Add a regular lat/lon grid (e.g. synthetic terrain, or a DEM read elsewhere).
 * heights_m: rows*cols values, row 0 = north, cell centres at
 * north - (r+0.5) dlat, west + (c+0.5) dlon; NaN = no data. Copied.
 */
DX_API dx_status dx_dem_add_grid(dx_dem *dem, double south_deg, double west_deg,
                                 double dlat_deg, double dlon_deg, size_t rows, size_t cols,
                                 const float *heights_m);

DX_API size_t dx_dem_tile_count(const dx_dem *dem);
DX_API dx_status dx_dem_tile_info_get(const dx_dem *dem, size_t index, dx_dem_tile_info *out);
/** Copy one tile's cells (rows*cols, row 0 north): heights (NaN where no
 *  data) and optional classes. DX_EBUFSIZE if cap < rows*cols. */
DX_API dx_status dx_dem_tile_cells(const dx_dem *dem, size_t index, size_t cap,
                                   float *out_height_m, unsigned char *out_class);

typedef enum {
    DX_DEM_NEAREST = 0,  /**< value of the cell containing the point */
    DX_DEM_BILINEAR = 1  /**< bilinear on cell centres; no-data corners are left out
                              and the weights renormalised */
} dx_dem_interp;

/**
 * Elevation at n points. out_class (optional) receives dx_dem_class.
 * A point no tile covers, or whose cells are all no-data, gets NaN and class
 * NODATA; the call still returns DX_OK and *out_n_missing counts them
 * (optional). DX_EDOMAIN for non-finite or out-of-range coordinates.
 */
DX_API dx_status dx_dem_elevation_m(const dx_dem *dem, dx_dem_interp interp, size_t n,
                                    const double *lat_deg, const double *lon_deg,
                                    double *out_height_m, unsigned char *out_class,
                                    size_t *out_n_missing);

/** Options of a terrain profile. */
typedef struct {
    unsigned int version;     /**< DX_DEM_PROFILE_OPTIONS_VERSION */
    double k_factor;          /**< effective-Earth factor for the bulge term; default 4/3
                                   (ITU-R P.453 median); 0 = no bulge (raw heights) */
    int interp;               /**< dx_dem_interp; default DX_DEM_BILINEAR */
    int fill_missing;         /**< 1: no-data samples are filled linearly from their
                                   neighbours along the profile (default 1); 0: DX_EDOMAIN */
} dx_dem_profile_options;
#define DX_DEM_PROFILE_OPTIONS_VERSION 1
DX_API dx_status dx_dem_profile_options_init(dx_dem_profile_options *o, unsigned int version);
DX_API size_t dx_dem_profile_options_size(void);

/**
 * Terrain profile of n_points equally spaced points along the GRS80 geodesic
 * from (lat1, lon1) to (lat2, lon2) (Karney's algorithm, PROJ geodesic.h).
 * out_dist_m[i] = distance from the start; out_height_m[i] = terrain height,
 * plus the Earth bulge d_i (D - d_i) / (2 k a) when k_factor > 0, with
 * a = 6 371 008.8 m (IUGG mean radius).
 * Fails with DX_EDOMAIN when an end point has no data, or when an inner
 * point has none and fill_missing = 0 (the message names the point).
 */
DX_API dx_status dx_dem_profile(const dx_dem *dem, double lat1_deg, double lon1_deg,
                                double lat2_deg, double lon2_deg, size_t n_points,
                                const dx_dem_profile_options *opts, double *out_dist_m,
                                double *out_height_m);

/* ------------------------------------------------------------------------ */
/* Mesh codes (JIS X 0410)                                                  */

/**
 * Bounds of a standard regional mesh code: 4 digits (1st), 6 (2nd) or
 * 8 (3rd); computed exactly in units of 0.2" (1/18000 degree).
 */
DX_API dx_status dx_mesh_bounds(const char *mesh_code, double *out_south_deg,
                                double *out_west_deg, double *out_north_deg,
                                double *out_east_deg);
/** Mesh code (level 1, 2 or 3) of the mesh containing a point; buffer >= 9 chars. */
DX_API dx_status dx_mesh_code(double lat_deg, double lon_deg, int level, char *out_code,
                              size_t cap);

/* ------------------------------------------------------------------------ */
/* Terrain-aware path loss                                                  */

/** Models for the extra terrain loss. */
typedef enum {
    DX_TERRAIN_LOSS_BULLINGTON = 0, /**< P.526 Bullington diffraction (propagation.h) */
    DX_TERRAIN_LOSS_DEYGOUT = 1,    /**< P.526 Deygout (propagation.h) */
    DX_TERRAIN_LOSS_ITM_EXCESS = 2  /**< ITM point-to-point loss minus free space */
} dx_terrain_loss_model;

/**
 * Line of sight and first-Fresnel-zone clearance over one profile
 * (heights WITHOUT bulge; the bulge for k_factor is added here).
 * out_clearance_ratio = min over inner points of (ray height - terrain)/r1,
 * r1 = sqrt(lambda d1 d2 / d): >= 0.6 is the usual "clear" criterion,
 * < 0 means the ray is blocked. out_los = 1 when no point blocks the ray.
 */
DX_API dx_status dx_terrain_clearance(size_t n_points, const double *dist_m,
                                      const double *height_m, double h_tx_m, double h_rx_m,
                                      double fc_hz, double k_factor, int *out_los,
                                      double *out_clearance_ratio);

/** Options of the terrain-loss grid kernel. */
typedef struct {
    unsigned int version;    /**< DX_TERRAIN_GRID_OPTIONS_VERSION */
    int model;               /**< dx_terrain_loss_model; default ITM excess */
    double spacing_m;        /**< profile sample spacing (m); default 0 = the DEM cell
                                  size at the site, sqrt(cell height x cell width) */
    double k_factor;         /**< effective Earth for the P.526 models; default 4/3 */
    dx_itm_params itm;       /**< ITM parameters (defaults of dx_itm_params_init) */
    int method;              /**< dx_terrain_grid_method; default RADIAL */
} dx_terrain_grid_options;

/** How dx_terrain_loss_grid builds the profiles. */
typedef enum {
    DX_TERRAIN_GRID_RADIAL = 0,   /**< the DEM is sampled once along radials from the site
                                       (one radial per DEM cell of arc at the farthest
                                       pixel); each pixel takes the nearest radial up to its
                                       distance, with its own terrain height as the end point.
                                       Lateral offset <= half a DEM cell, profile points
                                       stretched by < half a sample: approximations of a
                                       coverage map, exact per-pixel profiles are METHOD 1 */
    DX_TERRAIN_GRID_PER_PIXEL = 1 /**< a bilinear profile on the straight line to every pixel */
} dx_terrain_grid_method;
#define DX_TERRAIN_GRID_OPTIONS_VERSION 1
DX_API dx_status dx_terrain_grid_options_init(dx_terrain_grid_options *o, unsigned int version);
DX_API size_t dx_terrain_grid_options_size(void);

/**
 * Extra terrain loss for one site and n pixels: for each pixel, the terrain
 * profile from the site to the pixel is sampled at about spacing_m and
 *  - BULLINGTON / DEYGOUT: out_loss_db = P.526 diffraction loss (>= 0);
 *  - ITM_EXCESS: out_loss_db = ITM loss - free-space loss (can be < 0 near
 *    two-ray peaks; ITM warnings are not reported per pixel).
 * out_shadow[i] = 1 when the terrain blocks the direct ray (k_factor bulge).
 * Pixels closer than 2 samples to the site get 0 dB, not shadowed.
 * Pixels where the DEM has no data at the site or the pixel get NaN and
 * shadow 0 (counted in *out_n_missing, optional). Runs on OpenMP threads when
 * built with OpenMP; results do not depend on the thread count.
 */
DX_API dx_status dx_terrain_loss_grid(const dx_dem *dem, double site_lat_deg,
                                      double site_lon_deg, double h_tx_m, double fc_hz,
                                      size_t n, const double *lat_deg, const double *lon_deg,
                                      const double *h_rx_m, const dx_terrain_grid_options *opts,
                                      double *out_loss_db, unsigned char *out_shadow,
                                      size_t *out_n_missing);

#ifdef __cplusplus
}
#endif
#endif /* DXSIM_TERRAIN_H */
