/*
 * Memo of terrain loss on the DEM handle (docs/terrain.md §6). The terrain
 * loss of a site at a position for a block of pixels depends only on the DEM,
 * the site, the pixels and the model settings, so the planner's layouts, the
 * coverage maps and the Monte Carlo draws that put a site at a position
 * already evaluated reuse the result instead of recomputing the profiles.
 *
 * Entries are keyed by two independent 64-bit hashes of every input (the
 * caller builds them with dx__terrain_key_*) and the pixel count; values are
 * the loss array exactly as computed, so results are bit-identical with and
 * without the memo. A spin lock guards the table (held for a lookup or a
 * copy, never during a computation); the table is bounded in bytes and
 * evicts the oldest entries first. Adding tiles to the DEM empties it.
 */
#include <stdint.h>
#include <string.h>

#include "dx_internal.h"
#include "terrain_internal.h"

/* ASSUMED: 64 MiB of cached loss (8 bytes per pixel per site position); a
 * 20 km x 20 km area at 40 m pixels is 2 MiB per site position. */
#define CACHE_MAX_BYTES ((size_t)64 << 20)

typedef struct {
    uint64_t k0, k1;
    size_t n;
    double *loss;
} entry;

struct dx__terrain_cache {
    entry *e; /* ring of cap entries, oldest at head */
    size_t cap, head, count, bytes;
    unsigned long hits, misses;
};

/* The spin lock of one of the DEM's memos (a flag in dx_dem: the memos are
 * the DEM's, shared by the threads that read it through a const pointer). */
static void spin_lock(const unsigned char *flag)
{
    while (__atomic_test_and_set((unsigned char *)flag, __ATOMIC_ACQUIRE))
        ;
}

static void spin_unlock(const unsigned char *flag)
{
    __atomic_clear((unsigned char *)flag, __ATOMIC_RELEASE);
}

static void lock(const dx_dem *dem) { spin_lock(&dem->cache_lock); }
static void unlock(const dx_dem *dem) { spin_unlock(&dem->cache_lock); }

void dx__terrain_key_init(dx__terrain_key *k)
{
    k->h0 = 0x9e3779b97f4a7c15ULL;
    k->h1 = 0xc2b2ae3d27d4eb4fULL;
}

/* splitmix64 finaliser: a bijective avalanche mix */
static uint64_t mix(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

void dx__terrain_key_add(dx__terrain_key *k, size_t n, const double *v)
{
    uint64_t a = k->h0, b = k->h1;
    for (size_t i = 0; i < n; i++) {
        uint64_t x;
        memcpy(&x, &v[i], sizeof x);
        a = mix(a ^ x) + 0x632be59bd9b4e019ULL;
        b = mix(b + (x ^ 0x85ebca6b0c2f4a7dULL)) ^ (b >> 17);
    }
    k->h0 = a;
    k->h1 = b;
}

int dx__terrain_cache_get(const dx_dem *dem, const dx__terrain_key *k, size_t n, double *out)
{
    int hit = 0;
    lock(dem);
    struct dx__terrain_cache *c = dem->cache;
    if (c) {
        for (size_t j = 0; j < c->count && !hit; j++) {
            const entry *e = &c->e[(c->head + j) % c->cap];
            if (e->n == n && e->k0 == k->h0 && e->k1 == k->h1) {
                memcpy(out, e->loss, n * sizeof *out);
                hit = 1;
            }
        }
        if (hit)
            c->hits++;
        else
            c->misses++;
    }
    unlock(dem);
    return hit;
}

static void drop_oldest(struct dx__terrain_cache *c)
{
    entry *e = &c->e[c->head];
    c->bytes -= e->n * sizeof(double);
    dx__free(e->loss);
    e->loss = NULL;
    c->head = (c->head + 1) % c->cap;
    c->count--;
}

void dx__terrain_cache_put(const dx_dem *dem, const dx__terrain_key *k, size_t n,
                           const double *loss)
{
    const size_t bytes = n * sizeof(double);
    if (n == 0 || bytes > CACHE_MAX_BYTES)
        return;
    double *copy = dx__malloc(bytes); /* outside the lock; a failure only skips the memo */
    if (!copy)
        return;
    memcpy(copy, loss, bytes);
    lock(dem);
    dx_dem *d = (dx_dem *)dem;
    struct dx__terrain_cache *c = d->cache;
    if (!c && (c = d->cache = dx__calloc(1, sizeof *c)) != NULL)
        c->misses = 1; /* the miss that led here came before the table existed */
    int stored = 0;
    if (c) {
        int dup = 0;
        for (size_t j = 0; j < c->count && !dup; j++) {
            const entry *e = &c->e[(c->head + j) % c->cap];
            dup = e->n == n && e->k0 == k->h0 && e->k1 == k->h1; /* another thread was first */
        }
        while (!dup && c->count && c->bytes + bytes > CACHE_MAX_BYTES)
            drop_oldest(c);
        if (!dup && c->count == c->cap) { /* grow the ring, oldest first */
            size_t cap = c->cap ? 2 * c->cap : 64;
            entry *ne = dx__malloc(cap * sizeof *ne);
            if (ne) {
                for (size_t j = 0; j < c->count; j++)
                    ne[j] = c->e[(c->head + j) % c->cap];
                dx__free(c->e);
                c->e = ne;
                c->cap = cap;
                c->head = 0;
            }
        }
        if (!dup && c->count < c->cap) {
            c->e[(c->head + c->count) % c->cap] = (entry){k->h0, k->h1, n, copy};
            c->count++;
            c->bytes += bytes;
            stored = 1;
        }
    }
    unlock(dem);
    if (!stored)
        dx__free(copy);
}

static void memo_free(struct dx__dem_memo *m);

void dx__terrain_cache_clear(dx_dem *dem)
{
    lock(dem);
    struct dx__terrain_cache *c = dem->cache;
    dem->cache = NULL;
    unlock(dem);
    spin_lock(&dem->memo_lock);
    struct dx__dem_memo *m = dem->memo;
    dem->memo = NULL;
    spin_unlock(&dem->memo_lock);
    memo_free(m);
    if (!c)
        return;
    while (c->count)
        drop_oldest(c);
    dx__free(c->e);
    dx__free(c);
}

void dx__terrain_cache_stats(const dx_dem *dem, unsigned long *hits, unsigned long *misses,
                             size_t *bytes)
{
    lock(dem);
    const struct dx__terrain_cache *c = dem->cache;
    *hits = c ? c->hits : 0;
    *misses = c ? c->misses : 0;
    *bytes = c ? c->bytes : 0;
    unlock(dem);
}

/* ---- memo of whole results (dx__dem_memo_*) ------------------------------ */

/* ASSUMED: 16 MiB and 4096 entries; a grid plan's entry is a few KiB of key
 * (the inputs) and its sites. */
#define MEMO_MAX_BYTES ((size_t)16 << 20)
#define MEMO_MAX_ENTRIES 4096

typedef struct {
    uint64_t h;
    size_t klen, vlen;
    unsigned char *kv; /* key bytes then value bytes, one allocation */
} memo_entry;

struct dx__dem_memo {
    memo_entry *e; /* ring of cap entries, oldest at head */
    size_t cap, head, count, bytes;
    unsigned long hits, misses;
};

static void memo_lock(const dx_dem *dem) { spin_lock(&dem->memo_lock); }
static void memo_unlock(const dx_dem *dem) { spin_unlock(&dem->memo_lock); }

/* FNV-1a over 8-byte words with the splitmix64 finaliser: a quick reject
 * before the full comparison */
static uint64_t memo_hash(const unsigned char *k, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL ^ n;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t x;
        memcpy(&x, k + i, sizeof x);
        h = (h ^ x) * 0x100000001b3ULL;
    }
    for (; i < n; i++)
        h = (h ^ k[i]) * 0x100000001b3ULL;
    return mix(h);
}

static void memo_drop_oldest(struct dx__dem_memo *m)
{
    memo_entry *e = &m->e[m->head];
    m->bytes -= e->klen + e->vlen;
    dx__free(e->kv);
    e->kv = NULL;
    m->head = (m->head + 1) % m->cap;
    m->count--;
}

static void memo_free(struct dx__dem_memo *m)
{
    if (!m)
        return;
    while (m->count)
        memo_drop_oldest(m);
    dx__free(m->e);
    dx__free(m);
}

static const memo_entry *memo_find(const struct dx__dem_memo *m, uint64_t h, const void *key,
                                   size_t klen)
{
    for (size_t j = 0; j < m->count; j++) {
        const memo_entry *e = &m->e[(m->head + j) % m->cap];
        if (e->h == h && e->klen == klen && memcmp(e->kv, key, klen) == 0)
            return e;
    }
    return NULL;
}

int dx__dem_memo_get(const dx_dem *dem, const void *key, size_t klen, void *out, size_t cap,
                     size_t *len)
{
    const uint64_t h = memo_hash(key, klen);
    int hit = 0;
    memo_lock(dem);
    struct dx__dem_memo *m = dem->memo;
    if (m) {
        const memo_entry *e = memo_find(m, h, key, klen);
        if (e && e->vlen <= cap) {
            memcpy(out, e->kv + e->klen, e->vlen);
            *len = e->vlen;
            hit = 1;
        }
        if (hit)
            m->hits++;
        else
            m->misses++;
    }
    memo_unlock(dem);
    return hit;
}

void dx__dem_memo_put(const dx_dem *dem, const void *key, size_t klen, const void *val,
                      size_t vlen)
{
    const size_t bytes = klen + vlen;
    if (klen == 0 || bytes > MEMO_MAX_BYTES / 16)
        return;
    const uint64_t h = memo_hash(key, klen);
    unsigned char *kv = dx__malloc(bytes); /* outside the lock; a failure only skips the memo */
    if (!kv)
        return;
    memcpy(kv, key, klen);
    memcpy(kv + klen, val, vlen);
    memo_lock(dem);
    dx_dem *d = (dx_dem *)dem;
    struct dx__dem_memo *m = d->memo;
    if (!m && (m = d->memo = dx__calloc(1, sizeof *m)) != NULL)
        m->misses = 1; /* the miss that led here came before the table existed */
    int stored = 0;
    if (m && !memo_find(m, h, key, klen)) { /* another thread may have been first */
        while (m->count && (m->bytes + bytes > MEMO_MAX_BYTES || m->count >= MEMO_MAX_ENTRIES))
            memo_drop_oldest(m);
        if (m->count == m->cap) { /* grow the ring, oldest first */
            size_t cap = m->cap ? 2 * m->cap : 16;
            memo_entry *ne = dx__malloc(cap * sizeof *ne);
            if (ne) {
                for (size_t j = 0; j < m->count; j++)
                    ne[j] = m->e[(m->head + j) % m->cap];
                dx__free(m->e);
                m->e = ne;
                m->cap = cap;
                m->head = 0;
            }
        }
        if (m->count < m->cap) {
            m->e[(m->head + m->count) % m->cap] = (memo_entry){h, klen, vlen, kv};
            m->count++;
            m->bytes += bytes;
            stored = 1;
        }
    }
    memo_unlock(dem);
    if (!stored)
        dx__free(kv);
}

void dx__dem_memo_stats(const dx_dem *dem, unsigned long *hits, unsigned long *misses,
                        size_t *entries)
{
    memo_lock(dem);
    const struct dx__dem_memo *m = dem->memo;
    *hits = m ? m->hits : 0;
    *misses = m ? m->misses : 0;
    *entries = m ? m->count : 0;
    memo_unlock(dem);
}
