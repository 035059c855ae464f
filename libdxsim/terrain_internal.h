/* Private structures of the DEM mosaic shared by terrain_dem.c and terrain_loss.c. */
#ifndef DXSIM_TERRAIN_INTERNAL_H
#define DXSIM_TERRAIN_INTERNAL_H
#include "dxsim/terrain.h"

typedef struct {
    dx_dem_tile_info info;
    float *h;           /* rows*cols heights, row 0 north; NaN where no data */
    unsigned char *cls; /* dx_dem_class per cell */
} dx__dem_tile;

struct dx_dem {
    dx__dem_tile *t; /* sorted by product priority (best first) */
    size_t n, cap;
    /* index of the GSI tiles: key = product * 1e10 + mesh code, sorted */
    long long *key;
    size_t *key_tile;
    size_t n_key;
    unsigned products; /* bit p set when a tile of product p is loaded */
    int extra_refs;    /* holders beyond the creator (dx__dem_retain); dx_dem_free frees at -1 */
};

/* Take one more reference to a DEM (a plan keeping its scenario's terrain);
 * each reference is dropped with dx_dem_free. Returns dem. Thread-safe. */
const dx_dem *dx__dem_retain(const dx_dem *dem);

/* Cell containing the point, best product with data first; 0 = no data.
 * hint: optional in/out tile index cache. */
int dx__dem_nearest(const dx_dem *dem, double lat, double lon, size_t *hint, float *h,
                    unsigned char *c);
/* Bilinear on cell centres of the best tile with data at the point. */
int dx__dem_bilinear(const dx_dem *dem, double lat, double lon, size_t *hint, double *h,
                     unsigned char *c);
#endif
