/* Maps (libdxsim/map_dissolve.c, map_render.c; issue 11): the dissolve of a
 * cell mask into valid polygons, checked against the mask itself (every
 * cell centre inside the polygons exactly when the cell is covered; area
 * equal to the covered cells' area less the saddle cuts) and against the
 * OGC simple-features validity rules (closed rings of >= 4 positions,
 * shells counter-clockwise and holes clockwise per RFC 7946 section 3.1.6,
 * no ring touching or crossing itself or another ring); and the 5x7 font. */
#define _GNU_SOURCE
#include "dx_test.h"
#include <dxsim.h>
#include "dx_internal.h"
#include "map_internal.h"

static double ring_area(const double *x, const double *y, size_t n)
{
    double a = 0;
    for (size_t k = 0; k + 1 < n; k++)
        a += x[k] * y[k + 1] - x[k + 1] * y[k];
    return 0.5 * a;
}

static int in_ring(const double *x, const double *y, size_t n, double px, double py)
{
    int in = 0;
    for (size_t k = 0, l = n - 1; k < n; l = k++)
        if ((y[k] > py) != (y[l] > py) && px < (x[l] - x[k]) * (py - y[k]) / (y[l] - y[k]) + x[k])
            in = !in;
    return in;
}

static double cross(double ax, double ay, double bx, double by, double cx, double cy)
{
    return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

static int on_seg(double ax, double ay, double bx, double by, double px, double py)
{
    return fmin(ax, bx) <= px && px <= fmax(ax, bx) && fmin(ay, by) <= py && py <= fmax(ay, by);
}

/* closed segments AB and CD share a point */
static int seg_meet(double ax, double ay, double bx, double by, double cx, double cy, double dx,
                    double dy)
{
    double d1 = cross(cx, cy, dx, dy, ax, ay), d2 = cross(cx, cy, dx, dy, bx, by);
    double d3 = cross(ax, ay, bx, by, cx, cy), d4 = cross(ax, ay, bx, by, dx, dy);
    if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)))
        return 1;
    return (d1 == 0 && on_seg(cx, cy, dx, dy, ax, ay)) || (d2 == 0 && on_seg(cx, cy, dx, dy, bx, by)) ||
           (d3 == 0 && on_seg(ax, ay, bx, by, cx, cy)) || (d4 == 0 && on_seg(ax, ay, bx, by, dx, dy));
}

/* OGC validity of the dissolve's output; returns a message or NULL */
static const char *invalid(const dx__map_polygons *P)
{
    for (size_t r = 0; r < P->n_rings; r++) {
        size_t a = P->ring_pt[r], n = P->ring_pt[r + 1] - a;
        if (n < 4)
            return "ring with fewer than 4 positions";
        if (P->x_m[a] != P->x_m[a + n - 1] || P->y_m[a] != P->y_m[a + n - 1])
            return "ring not closed";
    }
    for (size_t p = 0; p < P->n_polygons; p++)
        for (size_t r = P->poly_ring[p]; r < P->poly_ring[p + 1]; r++) {
            size_t a = P->ring_pt[r], n = P->ring_pt[r + 1] - a;
            double ar = ring_area(P->x_m + a, P->y_m + a, n);
            if (r == P->poly_ring[p] ? !(ar > 0) : !(ar < 0))
                return "shell not counter-clockwise or hole not clockwise";
            if (r != P->poly_ring[p]) {
                size_t s = P->ring_pt[P->poly_ring[p]], sn = P->ring_pt[P->poly_ring[p] + 1] - s;
                if (!in_ring(P->x_m + s, P->y_m + s, sn, P->x_m[a], P->y_m[a]))
                    return "hole outside its shell";
            }
        }
    /* every segment against every other: only consecutive segments of one ring meet,
     * and only at their shared end */
    size_t ns = 0;
    for (size_t r = 0; r < P->n_rings; r++)
        ns += P->ring_pt[r + 1] - P->ring_pt[r] - 1;
    for (size_t r = 0; r < P->n_rings; r++)
        for (size_t k = P->ring_pt[r]; k + 1 < P->ring_pt[r + 1]; k++)
            for (size_t r2 = r; r2 < P->n_rings; r2++)
                for (size_t k2 = r2 == r ? k + 1 : P->ring_pt[r2]; k2 + 1 < P->ring_pt[r2 + 1]; k2++) {
                    int adjacent = r2 == r && (k2 == k + 1 || (k == P->ring_pt[r] && k2 + 2 == P->ring_pt[r + 1]));
                    if (adjacent)
                        continue;
                    if (seg_meet(P->x_m[k], P->y_m[k], P->x_m[k + 1], P->y_m[k + 1], P->x_m[k2],
                                 P->y_m[k2], P->x_m[k2 + 1], P->y_m[k2 + 1]))
                        return r2 == r ? "ring touches or crosses itself" : "two rings touch or cross";
                }
    (void)ns;
    return NULL;
}

static int covered_at(const dx__map_polygons *P, double px, double py)
{
    int hits = 0;
    for (size_t p = 0; p < P->n_polygons; p++) {
        size_t s = P->poly_ring[p];
        if (!in_ring(P->x_m + P->ring_pt[s], P->y_m + P->ring_pt[s], P->ring_pt[s + 1] - P->ring_pt[s], px, py))
            continue;
        int in_hole = 0;
        for (size_t r = s + 1; r < P->poly_ring[p + 1]; r++)
            in_hole |= in_ring(P->x_m + P->ring_pt[r], P->y_m + P->ring_pt[r],
                               P->ring_pt[r + 1] - P->ring_pt[r], px, py);
        hits += !in_hole;
    }
    return hits;
}

static void check_mask(size_t nx, size_t ny, const unsigned char *m, size_t want_polys, size_t want_rings)
{
    const double x0 = -123.25, y0 = 456.5, res = 12.5;
    dx__map_polygons P;
    assert_int_equal(dx__map_dissolve(nx, ny, m, x0, y0, res, &P), DX_OK);
    const char *why = invalid(&P);
    if (why)
        fail_msg("%zu x %zu mask: %s", nx, ny, why);
    size_t count = 0;
    for (size_t j = 0; j < ny; j++)
        for (size_t i = 0; i < nx; i++) {
            count += m[j * nx + i] != 0;
            int h = covered_at(&P, x0 + (i + 0.5) * res, y0 + (j + 0.5) * res);
            if (h != (m[j * nx + i] != 0))
                fail_msg("cell (%zu, %zu) covered %d, inside %d polygons", i, j, m[j * nx + i], h);
        }
    double area = 0;
    for (size_t r = 0; r < P.n_rings; r++)
        area += ring_area(P.x_m + P.ring_pt[r], P.y_m + P.ring_pt[r], P.ring_pt[r + 1] - P.ring_pt[r]);
    /* each saddle cut takes split^2/2 off a covered corner */
    dx_assert_close(area, (double)count * res * res, 0.5 * res * res, 0.0);
    assert_true(area <= (double)count * res * res + 1e-9);
    if (want_polys != (size_t)-1) {
        assert_int_equal(P.n_polygons, want_polys);
        assert_int_equal(P.n_rings, want_rings);
    }
    dx__map_polygons_dispose(&P);
}

static void test_map__dissolve_of_known_shapes(void **state)
{
    (void)state;
    /* a ring of 8 cells around a hole: one polygon, one hole, 5 positions each */
    const unsigned char ring[9] = {1, 1, 1, 1, 0, 1, 1, 1, 1};
    check_mask(3, 3, ring, 1, 2);
    /* two cells meeting at a corner (saddle): two polygons, not touching */
    const unsigned char diag[4] = {1, 0, 0, 1};
    check_mask(2, 2, diag, 2, 2);
    const unsigned char anti[4] = {0, 1, 1, 0};
    check_mask(2, 2, anti, 2, 2);
    /* a C shape closed by a corner: one polygon whose ring would touch itself
     * without the split; the hole is open through the saddle, so no hole */
    const unsigned char c_shape[16] = {1, 1, 1, 0, /**/ 1, 0, 0, 1, /**/ 1, 0, 0, 1, /**/ 1, 1, 1, 1};
    check_mask(4, 4, c_shape, 1, 1);
    /* island in a hole in a shell: two polygons, three rings */
    unsigned char nest[49];
    for (int j = 0; j < 7; j++)
        for (int i = 0; i < 7; i++)
            nest[j * 7 + i] = (i == 0 || j == 0 || i == 6 || j == 6 || (i == 3 && j == 3));
    check_mask(7, 7, nest, 2, 3);
    /* nothing covered, everything covered */
    const unsigned char none[6] = {0}, all[6] = {1, 1, 1, 1, 1, 1};
    check_mask(3, 2, none, 0, 0);
    check_mask(3, 2, all, 1, 1);
}

static void test_map__dissolve_of_random_masks_is_valid_and_exact(void **state)
{
    (void)state;
    uint64_t s = 0x9E3779B97F4A7C15u;
    for (int trial = 0; trial < 60; trial++) {
        size_t nx = 1 + trial % 13, ny = 1 + (trial * 7) % 11;
        unsigned char m[13 * 11];
        unsigned thresh = (unsigned)(20 + (trial * 37) % 60); /* 20 .. 79 % covered */
        for (size_t k = 0; k < nx * ny; k++) {
            s = s * 6364136223846793005u + 1442695040888963407u;
            m[k] = (unsigned)((s >> 33) % 100) < thresh;
        }
        check_mask(nx, ny, m, (size_t)-1, 0);
    }
}

static void test_map__dissolve_refuses_bad_arguments(void **state)
{
    (void)state;
    dx__map_polygons P;
    unsigned char m[1] = {1};
    assert_int_equal(dx__map_dissolve(1, 1, m, 0, 0, 0.0, &P), DX_EINVAL);
    assert_non_null(strstr(dx_last_error(), "res_m"));
    assert_int_equal(dx__map_dissolve(1, 1, NULL, 0, 0, 1.0, &P), DX_EINVAL);
}

static void test_map__font_has_the_map_characters(void **state)
{
    (void)state;
    const char *need = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz%.,:-()/ ";
    for (const char *c = need; *c; c++) {
        const unsigned char *g = dx__map_glyph(*c);
        if (!g)
            fail_msg("no glyph for '%c'", *c);
        int ink = 0;
        for (int r = 0; r < 7; r++) {
            assert_true(g[r] < 32); /* 5 columns */
            ink += g[r] != 0;
        }
        if (*c != ' ')
            assert_true(ink > 0);
    }
    /* distinct glyphs for characters that look alike at 5x7 only when drawn wrong */
    assert_memory_not_equal(dx__map_glyph('0'), dx__map_glyph('O'), 7);
    assert_memory_not_equal(dx__map_glyph('1'), dx__map_glyph('l'), 7);
    assert_null(dx__map_glyph('\x01'));
}

/* A Japanese scenario name has no glyph: the coverage map's title was "???? ??????????? (?, ..." */
static void test_map__default_title_is_drawable(void **state)
{
    (void)state;
    char t[128];
    dx__map_default_title("Port demo", "/x/port.xml", "l5g-sub6", t, sizeof t);
    assert_string_equal(t, "Port demo - l5g-sub6 coverage");
    dx__map_default_title("山間集落 土砂災害監視", "/d/cases/mountain-village.xml", "halow", t, sizeof t);
    assert_string_equal(t, "mountain-village - halow coverage");
    dx__map_default_title("山間集落", "", "halow", t, sizeof t);
    assert_string_equal(t, "scenario - halow coverage");
    dx__map_default_title("", "村.xml", "halow", t, sizeof t);
    assert_string_equal(t, "scenario - halow coverage");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_map__dissolve_of_known_shapes),
        cmocka_unit_test(test_map__dissolve_of_random_masks_is_valid_and_exact),
        cmocka_unit_test(test_map__dissolve_refuses_bad_arguments),
        cmocka_unit_test(test_map__font_has_the_map_characters),
        cmocka_unit_test(test_map__default_title_is_drawable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
