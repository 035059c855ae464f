/* Dissolve of a cell mask into valid polygons (map_internal.h): boundary
 * tracing on the vertex lattice. Every boundary edge between a covered and
 * an uncovered (or outside) cell is directed with the covered cell on its
 * left; at every lattice vertex there are as many incoming as outgoing
 * edges (0, 1, or 2 at a saddle), so following "the edge leaving the vertex
 * we arrive at" closes rings. At a saddle the left turn is taken (the ring
 * stays with the cell it came along: 4-connected regions), and the vertex is
 * replaced by two points cut back by split_m along the two edges, so the two
 * rings through a saddle do not touch (OGC simple features: rings meet
 * nowhere). Shells have positive area (counter-clockwise), holes negative
 * (clockwise); each hole goes to the smallest shell containing it. */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "map_internal.h"

enum { E = 0, N = 1, W = 2, S = 3 };
static const int dxs[4] = {1, 0, -1, 0}, dys[4] = {0, 1, 0, -1};

typedef struct {
    size_t nx, ny;
    const unsigned char *m;
} cells;

static int cov(const cells *c, long i, long j)
{
    return i >= 0 && j >= 0 && (size_t)i < c->nx && (size_t)j < c->ny && c->m[(size_t)j * c->nx + (size_t)i];
}

/* outgoing edges of vertex (i, j) as a 4-bit set */
static unsigned out_edges(const cells *c, long i, long j)
{
    unsigned e = 0;
    if (cov(c, i, j) && !cov(c, i, j - 1))
        e |= 1u << E;
    if (cov(c, i - 1, j) && !cov(c, i, j))
        e |= 1u << N;
    if (cov(c, i - 1, j - 1) && !cov(c, i - 1, j))
        e |= 1u << W;
    if (cov(c, i, j - 1) && !cov(c, i - 1, j - 1))
        e |= 1u << S;
    return e;
}

/* the edge leaving a vertex with edge set e, arriving along direction d */
static int next_dir(unsigned e, int d)
{
    int left = (d + 1) & 3, straight = d, right = (d + 3) & 3;
    if (e & (1u << left))
        return left;
    if (e & (1u << straight))
        return straight;
    return right;
}

typedef struct {
    double *x, *y;
    size_t n, cap;
    int failed;
} pts;

static void put(pts *p, double x, double y)
{
    if (p->failed)
        return;
    if (p->n == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 1024;
        double *nx = dx__realloc(p->x, cap * sizeof *nx);
        if (!nx) {
            p->failed = 1;
            return;
        }
        p->x = nx;
        double *ny = dx__realloc(p->y, cap * sizeof *ny);
        if (!ny) {
            p->failed = 1;
            return;
        }
        p->y = ny;
        p->cap = cap;
    }
    p->x[p->n] = x;
    p->y[p->n] = y;
    p->n++;
}

static double ring_area(const double *x, const double *y, size_t n)
{
    double a = 0.0;
    for (size_t k = 0; k + 1 < n; k++)
        a += x[k] * y[k + 1] - x[k + 1] * y[k];
    return 0.5 * a;
}

static int ring_contains(const double *x, const double *y, size_t n, double px, double py)
{
    int in = 0;
    for (size_t k = 0, l = n - 1; k < n; l = k++)
        if ((y[k] > py) != (y[l] > py) &&
            px < (x[l] - x[k]) * (py - y[k]) / (y[l] - y[k]) + x[k])
            in = !in;
    return in;
}

void dx__map_polygons_dispose(dx__map_polygons *p)
{
    if (!p)
        return;
    dx__free(p->poly_ring);
    dx__free(p->ring_pt);
    dx__free(p->x_m);
    dx__free(p->y_m);
    memset(p, 0, sizeof *p);
}

dx_status dx__map_dissolve(size_t nx, size_t ny, const unsigned char *mask, double x0_m,
                           double y0_m, double res_m, dx__map_polygons *out)
{
    DX_REQUIRE_PTR(out);
    memset(out, 0, sizeof *out);
    if (nx && ny)
        DX_REQUIRE_PTR(mask);
    if (!(res_m > 0.0) || !isfinite(x0_m) || !isfinite(y0_m))
        DX_FAIL(DX_EINVAL, "dx__map_dissolve: res_m = %g m, origin (%g, %g) m (allowed res_m > 0, "
                           "finite origin)", res_m, x0_m, y0_m);
    if (nx > (SIZE_MAX / 8) / (ny + 2) || nx >= (size_t)LONG_MAX / 2 || ny >= (size_t)LONG_MAX / 2)
        DX_FAIL(DX_EDOMAIN, "dx__map_dissolve: %zu x %zu cells (too large)", nx, ny);
    cells c = {nx, ny, mask};
    const size_t vx = nx + 1, nv = (nx + 1) * (ny + 1);
    unsigned char *used = dx__calloc(nv ? nv : 1, 1); /* bit d: edge d leaving the vertex taken */
    if (!used)
        DX_FAIL(DX_ENOMEM, "dx__map_dissolve: %zu x %zu cells", nx, ny);
    const double split = res_m / 32.0; /* ASSUMED: 1/32 of a cell, far above float rounding */
    out->split_m = split;
    pts p = {0};
    size_t *rs = NULL, n_rings = 0, cap_rings = 0;
    int failed = 0;
    for (size_t v0 = 0; v0 < nv && !failed && !p.failed; v0++) {
        long i0 = (long)(v0 % vx), j0 = (long)(v0 / vx);
        unsigned e0 = out_edges(&c, i0, j0);
        for (int d0 = 0; d0 < 4 && !failed && !p.failed; d0++) {
            if (!(e0 & (1u << d0)) || (used[v0] & (1u << d0)))
                continue;
            if (n_rings + 2 > cap_rings) {
                size_t cap = cap_rings ? 2 * cap_rings : 64;
                size_t *nr = dx__realloc(rs, cap * sizeof *nr);
                if (!nr) {
                    failed = 1;
                    break;
                }
                rs = nr;
                cap_rings = cap;
            }
            rs[n_rings] = p.n;
            long i = i0, j = j0;
            int d = d0;
            for (;;) {
                used[(size_t)j * vx + (size_t)i] |= (unsigned char)(1u << d);
                i += dxs[d];
                j += dys[d];
                unsigned e = out_edges(&c, i, j);
                int dn = next_dir(e, d);
                double x = x0_m + (double)i * res_m, y = y0_m + (double)j * res_m;
                if ((e & (e - 1u)) != 0) { /* two edges leave: a saddle, cut the corner */
                    put(&p, x - split * dxs[d], y - split * dys[d]);
                    put(&p, x + split * dxs[dn], y + split * dys[dn]);
                } else if (dn != d)
                    put(&p, x, y);
                if (i == i0 && j == j0 && dn == d0)
                    break;
                d = dn;
            }
            put(&p, p.x ? p.x[rs[n_rings]] : 0.0, p.y ? p.y[rs[n_rings]] : 0.0); /* close */
            n_rings++;
            rs[n_rings] = p.n;
        }
    }
    dx__free(used);
    if (failed || p.failed) {
        dx__free(rs);
        dx__free(p.x);
        dx__free(p.y);
        DX_FAIL(DX_ENOMEM, "dx__map_dissolve: rings of %zu x %zu cells", nx, ny);
    }
    /* classify and order: shell, its holes; next shell ... */
    double *area = dx__malloc((n_rings ? n_rings : 1) * sizeof *area);
    size_t *parent = dx__malloc((n_rings ? n_rings : 1) * sizeof *parent);
    double *bb = dx__malloc((n_rings ? n_rings : 1) * 4 * sizeof *bb);
    size_t *poly = dx__malloc((n_rings + 1) * sizeof *poly);
    size_t *ring_pt = dx__malloc((n_rings + 1) * sizeof *ring_pt);
    double *ox = dx__malloc((p.n ? p.n : 1) * sizeof *ox), *oy = dx__malloc((p.n ? p.n : 1) * sizeof *oy);
    if (!area || !parent || !bb || !poly || !ring_pt || !ox || !oy) {
        dx__free(area);
        dx__free(parent);
        dx__free(bb);
        dx__free(poly);
        dx__free(ring_pt);
        dx__free(ox);
        dx__free(oy);
        dx__free(rs);
        dx__free(p.x);
        dx__free(p.y);
        DX_FAIL(DX_ENOMEM, "dx__map_dissolve: %zu rings", n_rings);
    }
    for (size_t r = 0; r < n_rings; r++) {
        const double *x = p.x + rs[r], *y = p.y + rs[r];
        size_t n = rs[r + 1] - rs[r];
        area[r] = ring_area(x, y, n);
        bb[4 * r] = bb[4 * r + 2] = x[0];
        bb[4 * r + 1] = bb[4 * r + 3] = y[0];
        for (size_t k = 1; k < n; k++) {
            bb[4 * r] = fmin(bb[4 * r], x[k]);
            bb[4 * r + 1] = fmin(bb[4 * r + 1], y[k]);
            bb[4 * r + 2] = fmax(bb[4 * r + 2], x[k]);
            bb[4 * r + 3] = fmax(bb[4 * r + 3], y[k]);
        }
        parent[r] = SIZE_MAX;
    }
    for (size_t h = 0; h < n_rings; h++) {
        if (area[h] > 0.0)
            continue;
        double px = p.x[rs[h]], py = p.y[rs[h]], best = INFINITY;
        for (size_t s = 0; s < n_rings; s++) {
            if (area[s] <= 0.0 || area[s] >= best || px < bb[4 * s] || px > bb[4 * s + 2] ||
                py < bb[4 * s + 1] || py > bb[4 * s + 3])
                continue;
            if (ring_contains(p.x + rs[s], p.y + rs[s], rs[s + 1] - rs[s], px, py)) {
                best = area[s];
                parent[h] = s;
            }
        }
    }
    size_t nr = 0, np = 0, npoly = 0;
    for (size_t s = 0; s < n_rings; s++) {
        if (area[s] <= 0.0)
            continue;
        poly[npoly++] = nr;
        for (size_t r = s, first = 1; r < n_rings; r = first ? 0 : r + 1, first = 0) {
            if (!first && (r == s || parent[r] != s))
                continue;
            ring_pt[nr++] = np;
            size_t n = rs[r + 1] - rs[r];
            memcpy(ox + np, p.x + rs[r], n * sizeof *ox);
            memcpy(oy + np, p.y + rs[r], n * sizeof *oy);
            np += n;
        }
    }
    poly[npoly] = nr;
    ring_pt[nr] = np;
    dx__free(area);
    dx__free(parent);
    dx__free(bb);
    dx__free(rs);
    dx__free(p.x);
    dx__free(p.y);
    out->n_polygons = npoly;
    out->n_rings = nr;
    out->n_points = np;
    out->poly_ring = poly;
    out->ring_pt = ring_pt;
    out->x_m = ox;
    out->y_m = oy;
    return DX_OK;
}
