/* Private structures of the DEM mosaic shared by terrain_dem.c and terrain_loss.c. */
#ifndef DXSIM_TERRAIN_INTERNAL_H
#define DXSIM_TERRAIN_INTERNAL_H
#include <stdint.h>

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
    struct dx__terrain_cache *cache; /* memo of terrain loss (terrain_cache.c), NULL = empty */
    unsigned char cache_lock;        /* spin lock of the memo */
    struct dx__dem_memo *memo;       /* memo of whole results on this DEM (terrain_cache.c) */
    unsigned char memo_lock;         /* spin lock of that memo */
};

/* Memo of terrain loss per site position and block of pixels (terrain_cache.c).
 * The key is two independent 64-bit hashes of every input the loss depends on;
 * a hit returns the loss exactly as it was computed. Thread-safe. */
typedef struct {
    uint64_t h0, h1;
} dx__terrain_key;
void dx__terrain_key_init(dx__terrain_key *k);
void dx__terrain_key_add(dx__terrain_key *k, size_t n, const double *v);
/* 1 and out[0..n) filled on a hit, 0 on a miss. */
int dx__terrain_cache_get(const dx_dem *dem, const dx__terrain_key *k, size_t n, double *out);
/* Best effort: an allocation failure or an entry above the bound only skips the memo. */
void dx__terrain_cache_put(const dx_dem *dem, const dx__terrain_key *k, size_t n,
                           const double *loss);
/* Empties both memos (the DEM's data changed, or it is freed). */
void dx__terrain_cache_clear(dx_dem *dem);
void dx__terrain_cache_stats(const dx_dem *dem, unsigned long *hits, unsigned long *misses,
                             size_t *bytes);

/* Memo of whole results computed over this DEM (docs/terrain.md §6), keyed
 * by value: the key is the complete byte serialisation of every input other
 * than the DEM itself (the caller builds it; a byte that differs only costs a
 * miss), compared in full, never by hash alone. A hit copies the stored value
 * bytes exactly as they were put. Thread-safe, bounded, oldest dropped first;
 * emptied with the terrain memo when tiles are added. Used by
 * dx_coverage_plan (coverage_plan.c) for its plans with terrain. */
/* 1 and out[0..*len) filled on a hit (the value fits in cap), 0 on a miss. */
int dx__dem_memo_get(const dx_dem *dem, const void *key, size_t klen, void *out, size_t cap,
                     size_t *len);
/* Best effort: an allocation failure or an entry above the bound only skips the memo. */
void dx__dem_memo_put(const dx_dem *dem, const void *key, size_t klen, const void *val,
                      size_t vlen);
void dx__dem_memo_stats(const dx_dem *dem, unsigned long *hits, unsigned long *misses,
                        size_t *entries);

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
/* n samples along a radial, as dx__dem_bilinear at lat0 + r ca / m_per_deg_lat,
 * lon0 + r sa / m_per_deg_lon with r = s_m i (those expressions exactly);
 * NaN where there is no data. hint: in/out tile index, as above. */
void dx__dem_bilinear_ray(const dx_dem *dem, double lat0, double lon0, double s_m, double ca,
                          double sa, double m_per_deg_lat, double m_per_deg_lon, size_t n,
                          size_t *hint, double *out);
#endif
