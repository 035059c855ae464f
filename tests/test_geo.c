/* Coordinates: PROJ plane-rectangular / UTM (values checked with PROJ 9.1 in
 * shared/docs/geodata.md §4.2), geodesics (Vincenty 1975 / Geoscience
 * Australia's GRS80 Flinders Peak - Buninyong example), polygons and their
 * GeoJSON / KML readers. */
#include "dx_test.h"
#include <time.h>
#include <unistd.h>
#include "dxsim/geo.h"

static void test_geo__plane_rectangular_viii_and_utm54_match_geodata(void **state)
{
    (void)state;
    dx_geo_projection *p;
    assert_int_equal(dx_geo_projection_create(6676, &p), DX_OK);
    double lat = 35.254, lon = 138.506, e, n, la, lo;
    assert_int_equal(dx_geo_project(p, 1, &lat, &lon, &e, &n), DX_OK);
    dx_assert_close(e, 545.976, 0.0005, 0);
    dx_assert_close(n, -82761.978, 0.0005, 0);
    assert_int_equal(dx_geo_unproject(p, 1, &e, &n, &la, &lo), DX_OK);
    dx_assert_close(la, lat, 1e-9, 0);
    dx_assert_close(lo, lon, 1e-9, 0);
    dx_geo_projection_free(p);
    assert_int_equal(dx_geo_projection_create(6691, &p), DX_OK);
    assert_int_equal(dx_geo_project(p, 1, &lat, &lon, &e, &n), DX_OK);
    dx_assert_close(e, 273099.763, 0.0005, 0);
    dx_assert_close(n, 3904062.756, 0.0005, 0);
    dx_geo_projection_free(p);
    assert_int_equal(dx_geo_projection_create(4326, &p), DX_EINVAL);
    assert_non_null(strstr(dx_last_error(), "epsg = 4326"));
}

static void test_geo__zone_chooser_follows_the_mlit_notice(void **state)
{
    (void)state;
    int epsg;
    assert_int_equal(dx_geo_plane_zone_epsg(35.254, 138.506, "Shizuoka", &epsg), DX_OK);
    assert_int_equal(epsg, 6676); /* VIII */
    assert_int_equal(dx_geo_plane_zone_epsg(35.254, 138.506, "静岡県", &epsg), DX_OK);
    assert_int_equal(epsg, 6676);
    assert_int_equal(dx_geo_plane_zone_epsg(35.68, 139.76, "東京都", &epsg), DX_OK);
    assert_int_equal(epsg, 6677); /* IX */
    assert_int_equal(dx_geo_plane_zone_epsg(27.09, 142.19, "Tokyo", &epsg), DX_OK);
    assert_int_equal(epsg, 6682); /* XIV Ogasawara */
    assert_int_equal(dx_geo_plane_zone_epsg(43.06, 141.35, "Hokkaido", &epsg), DX_OK);
    assert_int_equal(epsg, 6680); /* XII Sapporo */
    assert_int_equal(dx_geo_plane_zone_epsg(24.34, 124.16, "Okinawa", &epsg), DX_OK);
    assert_int_equal(epsg, 6684); /* XVI Ishigaki */
    assert_int_equal(dx_geo_plane_zone_epsg(28.38, 129.49, "Kagoshima", &epsg), DX_OK);
    assert_int_equal(epsg, 6669); /* I: Amami */
    assert_int_equal(dx_geo_plane_zone_epsg(31.56, 130.56, "Kagoshima", &epsg), DX_OK);
    assert_int_equal(epsg, 6670); /* II */
    assert_int_equal(dx_geo_plane_zone_epsg(34.69, 135.50, NULL, &epsg), DX_OK);
    assert_int_equal(epsg, 6674); /* VI Osaka by longitude */
    assert_int_equal(dx_geo_plane_zone_epsg(35.0, 135.0, "Atlantis", &epsg), DX_EINVAL);
    assert_int_equal(dx_geo_plane_zone_epsg(48.0, 2.0, NULL, &epsg), DX_EDOMAIN);
}

static double dms(double d, double m, double s) { return (d < 0 ? -1 : 1) * (fabs(d) + m / 60 + s / 3600); }

static void test_geo__geodesic_matches_vincenty_flinders_peak_example(void **state)
{
    (void)state;
    /* Geoscience Australia (GDA, GRS80): Flinders Peak -> Buninyong,
     * s = 54972.271 m, azimuth 306 52 05.37, reverse azimuth 127 10 25.07 */
    double la1 = dms(-37, 57, 3.72030), lo1 = dms(144, 25, 29.52440);
    double la2 = dms(-37, 39, 10.15610), lo2 = dms(143, 55, 35.38390);
    double s, a1, a2;
    assert_int_equal(dx_geo_inverse(1, &la1, &lo1, &la2, &lo2, &s, &a1, &a2), DX_OK);
    dx_assert_close(s, 54972.271, 0.0005, 0);
    dx_assert_close(a1 + 360.0, dms(306, 52, 5.37), 0.01 / 3600, 0);
    dx_assert_close(a2 + 180.0 + 360.0, dms(127, 10, 25.07) + 360.0, 0.01 / 3600, 0);
    double la, lo;
    assert_int_equal(dx_geo_direct(1, &la1, &lo1, &a1, &s, &la, &lo), DX_OK);
    dx_assert_close(la, la2, 1e-9, 0);
    dx_assert_close(lo, lo2, 1e-9, 0);
    double pla[5], plo[5], pd[5];
    assert_int_equal(dx_geo_line_points(la1, lo1, la2, lo2, 5, pla, plo, pd), DX_OK);
    dx_assert_close(pd[4], 54972.271, 0.0005, 0);
    dx_assert_close(pla[4], la2, 1e-9, 0);
    double s2;
    assert_int_equal(dx_geo_inverse(1, &la1, &lo1, &pla[2], &plo[2], &s2, NULL, NULL), DX_OK);
    dx_assert_close(s2, 54972.271 / 2, 0.001, 0);
    double bad = 91;
    assert_int_equal(dx_geo_inverse(1, &bad, &lo1, &la2, &lo2, &s, NULL, NULL), DX_EDOMAIN);
}

/* small lat/lon rectangle: M N cos(phi) dphi dlambda at the mid-latitude */
static double rect_m2(double s, double w, double n, double e)
{
    double a = 6378137.0, f = 1 / 298.257222101, e2 = f * (2 - f), r = 3.14159265358979323846 / 180;
    double ph = (s + n) / 2 * r, sw = 1 - e2 * sin(ph) * sin(ph);
    double M = a * (1 - e2) / (sw * sqrt(sw)), N = a / sqrt(sw);
    return M * N * cos(ph) * (n - s) * r * (e - w) * r;
}

static void check_area(dx_geo_area *a, size_t n_poly)
{
    assert_int_equal(dx_geo_area_polygon_count(a), n_poly);
    double lat[6] = {35.255, 35.2551, 35.251, 35.27, 35.2595, 35.2505};
    double lon[6] = {138.505, 138.5051, 138.509, 138.505, 138.6005, 138.6095};
    unsigned char in[6];
    assert_int_equal(dx_geo_area_contains(a, 6, lat, lon, in), DX_OK);
    assert_int_equal(in[0], 0); /* in the hole */
    assert_int_equal(in[1], 0);
    assert_int_equal(in[2], 1);
    assert_int_equal(in[3], 0); /* north of everything */
    if (n_poly > 1) {
        assert_int_equal(in[4], 0); /* triangle: above the diagonal is outside */
        assert_int_equal(in[5], 1);
    }
    double A;
    assert_int_equal(dx_geo_area_m2(a, &A), DX_OK);
    double want = rect_m2(35.25, 138.50, 35.26, 138.51) - rect_m2(35.254, 138.504, 35.256, 138.506);
    if (n_poly > 1)
        want += rect_m2(35.25, 138.60, 35.26, 138.61) / 2 + rect_m2(35.25, 138.70, 35.26, 138.71);
    dx_assert_close(A, want, 0, 2e-4);
}

static void test_geo__area_polygons_from_geojson_and_kml(void **state)
{
    (void)state;
    dx_geo_area *a;
    assert_int_equal(dx_geo_area_read_file(dx_test_data_path("geo_area.geojson"), &a), DX_OK);
    assert_int_equal(dx_geo_area_ring_count(a), 4);
    size_t nv;
    int hole;
    size_t poly;
    assert_int_equal(dx_geo_area_ring(a, 1, 0, NULL, NULL, &nv, &hole, &poly), DX_OK);
    assert_int_equal(nv, 4);
    assert_int_equal(hole, 1);
    assert_int_equal(poly, 0);
    check_area(a, 3);
    double s, w, n, e;
    dx_geo_area_bounds(a, &s, &w, &n, &e);
    dx_assert_close(w, 138.50, 0, 0);
    dx_assert_close(e, 138.71, 0, 0);
    dx_geo_area_free(a);
    assert_int_equal(dx_geo_area_read_file(dx_test_data_path("geo_area.kml"), &a), DX_OK);
    check_area(a, 1);
    dx_geo_area_free(a);
}

static dx_status read_text(const char *text, dx_geo_area **a)
{
    char path[] = "/tmp/dxsim_geo_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    dx_status st = dx_geo_area_read_file(path, a);
    remove(path);
    return st;
}

static void test_geo__strict_readers_reject_bad_files(void **state)
{
    (void)state;
    dx_geo_area *a = NULL;
    const char *bad[] = {
        "{\"type\": \"Polygon\", \"coordinates\": [[[1,2],[3,4],[5,6],[1,2]]],}",   /* trailing comma */
        "{\"type\": \"Polygon\", \"coordinates\": [[[1,2],[3,4],[1,2]]]}",          /* 3 positions */
        "{\"type\": \"Polygon\", \"coordinates\": [[[1,NaN],[3,4],[5,6],[1,2]]]}",  /* NaN */
        "{\"type\": \"Polygon\", \"coordinates\": [[[1,2],[3,4],[5,6],[1,2]]]} x", /* trailing */
        "{\"type\": \"Point\", \"coordinates\": [1,2]}",                            /* no polygon */
        "{\"a\": \"\x01\"}",
        "<?xml version=\"1.0\"?><!DOCTYPE k [<!ENTITY x \"y\">]><kml/>",
        ("<kml><Placemark><Polygon><outerBoundaryIs><LinearRing><coordinates>1,2 3,x 5,6 1,2"
         "</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></kml>"),
        /* two outer boundaries in one Polygon: the second silently replaced the first */
        ("<kml><Placemark><Polygon><outerBoundaryIs><LinearRing><coordinates>138.44,35.35 "
         "138.46,35.35 138.46,35.37 138.44,35.37 138.44,35.35</coordinates></LinearRing>"
         "</outerBoundaryIs>\n<outerBoundaryIs><LinearRing><coordinates>138.44,35.35 138.46,35.35 "
         "138.46,35.37 138.44,35.35</coordinates></LinearRing></outerBoundaryIs></Polygon>"
         "</Placemark></kml>"),
        "hello",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(read_text(bad[i], &a), DX_EPARSE);
        assert_null(a);
        assert_non_null(strstr(dx_last_error(), "/tmp/dxsim_geo_"));
    }
    assert_int_equal(read_text(bad[8], &a), DX_EPARSE); /* the two outer boundaries */
    assert_non_null(strstr(dx_last_error(), ": line 2: a second outerBoundaryIs in one Polygon (the "
                                            "first at line 1;"));
    /* deep nesting stops at 64 levels */
    char deep[300];
    memset(deep, '[', 200);
    deep[200] = 0;
    char doc[400];
    snprintf(doc, sizeof doc, "{\"x\": %s}", deep);
    assert_int_equal(read_text(doc, &a), DX_EPARSE);
    assert_non_null(strstr(dx_last_error(), "deeper than 64"));
    assert_int_equal(dx_geo_area_read_file("/nonexistent.geojson", &a), DX_EIO);
}


/* Round 2: dx_geo_area_validate compared every pair of edges, O(n^2): a ring of
 * 10^6 vertices (a fine coastline in an area file) ran for hours (200,000
 * vertices: 2e10 pairs). The edges are now swept west to east; the pair
 * reported is still the first of the pairwise order. */
static void test_geo__validate_is_fast_on_huge_rings_and_names_the_first_crossing(void **state)
{
    (void)state;
    const size_t n = 200000;
    double *lat = malloc(n * sizeof *lat), *lon = malloc(n * sizeof *lon);
    assert_non_null(lat);
    assert_non_null(lon);
    for (size_t k = 0; k < n; k++) { /* a circle of radius 0.01 deg around 35.37 N 138.46 E */
        const double t = 2 * 3.14159265358979323846 * (double)k / (double)n;
        lat[k] = 35.37 + 0.01 * sin(t);
        lon[k] = 138.46 + 0.01 * cos(t);
    }
    dx_geo_area *a = NULL;
    assert_int_equal(dx_geo_area_create(&a), DX_OK);
    assert_int_equal(dx_geo_area_add_ring(a, 0, n, lat, lon), DX_OK);
    clock_t t0 = clock();
    assert_int_equal(dx_geo_area_validate(a), DX_OK);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    dx_geo_area_free(a);
    if (secs > 5.0)
        fail_msg("validating %zu vertices took %.1f s", n, secs);
    /* swap vertices 10 and 11 of the circle: edges 10-11 and 12-13 (1-based
     * 10-11 .. ) now cross; the first pair in (i, j) order is edge 10-11 with
     * edge 12-13 (1-based), as the pairwise loop reported it */
    double tl = lat[10], tn = lon[10];
    lat[10] = lat[11], lon[10] = lon[11];
    lat[11] = tl, lon[11] = tn;
    assert_int_equal(dx_geo_area_create(&a), DX_OK);
    assert_int_equal(dx_geo_area_add_ring(a, 0, n, lat, lon), DX_OK);
    t0 = clock();
    assert_int_equal(dx_geo_area_validate(a), DX_EDOMAIN);
    secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    dx_geo_area_free(a);
    if (!strstr(dx_last_error(), "polygon 1 exterior ring is self-intersecting: edge 10-11 ("))
        fail_msg("message: %s", dx_last_error());
    if (!strstr(dx_last_error(), ") meets edge 12-13 ("))
        fail_msg("message: %s", dx_last_error());
    assert_true(secs < 5.0);
    free(lat);
    free(lon);
    /* two rings of different polygons crossing: the first (r, q, i, j) pair.
     * Square A (1-based edges 1-2 south, 2-3 east, 3-4 north, 4-1 west) and
     * square B shifted half a side east and north: A's east edge 2-3 meets B's
     * south edge 1-2 first; A's north edge 3-4 meets B's west edge 4-1 later. */
    const double alat[] = {35.0, 35.0, 35.1, 35.1}, alon[] = {138.0, 138.1, 138.1, 138.0};
    const double blat[] = {35.05, 35.05, 35.15, 35.15}, blon[] = {138.05, 138.15, 138.15, 138.05};
    assert_int_equal(dx_geo_area_create(&a), DX_OK);
    assert_int_equal(dx_geo_area_add_ring(a, 0, 4, alat, alon), DX_OK);
    assert_int_equal(dx_geo_area_add_ring(a, 0, 4, blat, blon), DX_OK);
    assert_int_equal(dx_geo_area_validate(a), DX_EDOMAIN);
    dx_geo_area_free(a);
    if (!strstr(dx_last_error(), "polygon 1 exterior ring edge 2-3 meets polygon 2 exterior ring "
                                 "edge 1-2 near 35.0500000 N 138.0500000 E"))
        fail_msg("message: %s", dx_last_error());
}


/* Round 2: the ring-against-ring checks ran over every pair of rings: 20,000
 * islands (a prefecture's coastline from N03 boundary data has thousands)
 * took 23 s. Only pairs that can fail are checked now; the first failing
 * pair in (r, q) order is still the one named. */
static void test_geo__many_rings_validate_fast_and_nesting_is_still_caught(void **state)
{
    (void)state;
    dx_geo_area *a = NULL;
    assert_int_equal(dx_geo_area_create(&a), DX_OK);
    const size_t n = 20000;
    for (size_t i = 0; i < n; i++) { /* 200 x 100 squares of 0.0001 deg, 0.0001 deg apart */
        const double x = 138.0 + 0.0002 * (double)(i % 200), y = 35.0 + 0.0002 * (double)(i / 200);
        const double lat[] = {y, y, y + 0.0001, y + 0.0001}, lon[] = {x, x + 0.0001, x + 0.0001, x};
        assert_int_equal(dx_geo_area_add_ring(a, 0, 4, lat, lon), DX_OK);
    }
    clock_t t0 = clock();
    assert_int_equal(dx_geo_area_validate(a), DX_OK);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    if (secs > 3.0)
        fail_msg("validating %zu rings took %.1f s", n, secs);
    /* polygon 20001: a small square inside polygon 150 (x = 138.0298, y = 35.0):
     * "one polygon lies inside the other" names 150 and 20001 */
    const double lat[] = {35.00002, 35.00002, 35.00004, 35.00004};
    const double lon[] = {138.02982, 138.02984, 138.02984, 138.02982};
    assert_int_equal(dx_geo_area_add_ring(a, 0, 4, lat, lon), DX_OK);
    assert_int_equal(dx_geo_area_validate(a), DX_EDOMAIN);
    dx_geo_area_free(a);
    if (!strstr(dx_last_error(), "polygon 150 exterior ring and polygon 20001 exterior ring "
                                 "overlap: one polygon lies inside the other"))
        fail_msg("message: %s", dx_last_error());
    /* a hole outside its exterior, far from it (its box overlaps nothing) */
    assert_int_equal(dx_geo_area_create(&a), DX_OK);
    const double elat[] = {35.0, 35.0, 35.1, 35.1}, elon[] = {138.0, 138.1, 138.1, 138.0};
    const double hlat[] = {36.0, 36.0, 36.01, 36.01}, hlon[] = {139.0, 139.01, 139.01, 139.0};
    assert_int_equal(dx_geo_area_add_ring(a, 0, 4, elat, elon), DX_OK);
    assert_int_equal(dx_geo_area_add_ring(a, 1, 4, hlat, hlon), DX_OK);
    assert_int_equal(dx_geo_area_validate(a), DX_EDOMAIN);
    dx_geo_area_free(a);
    if (!strstr(dx_last_error(), "polygon 1 hole 1 lies outside its exterior ring"))
        fail_msg("message: %s", dx_last_error());
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_geo__plane_rectangular_viii_and_utm54_match_geodata),
        cmocka_unit_test(test_geo__zone_chooser_follows_the_mlit_notice),
        cmocka_unit_test(test_geo__geodesic_matches_vincenty_flinders_peak_example),
        cmocka_unit_test(test_geo__area_polygons_from_geojson_and_kml),
        cmocka_unit_test(test_geo__strict_readers_reject_bad_files),
        cmocka_unit_test(test_geo__validate_is_fast_on_huge_rings_and_names_the_first_crossing),
        cmocka_unit_test(test_geo__many_rings_validate_fast_and_nesting_is_still_caught),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
