/* GSI DEM reader, mosaic, mesh codes, profiles and terrain loss.
 * Real GSI files in tests/data/gsi-dem (origins in its README.md); expected
 * values are read independently from the XML text with plain string search,
 * or come from the files' documentation (shared/data/gsi-dem/README.md) and
 * JIS X 0410 arithmetic. */
#include "dx_test.h"
#include <iconv.h>
#include <unistd.h>
#include "dxsim/propagation.h"
#include "dxsim/terrain.h"

static char *slurp(const char *name, size_t *len)
{
    FILE *f = fopen(dx_test_data_path(name), "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
    b[n] = 0;
    fclose(f);
    *len = (size_t)n;
    return b;
}

/* Independent reading of a tuple list: the k-th non-empty line after
 * "<gml:tupleList>", split at the comma, with strtod (C locale in tests). */
typedef struct {
    char label[64];
    double value;
} tuple;

static size_t read_tuples(const char *xml, tuple *out, size_t cap)
{
    const char *p = strstr(xml, "<gml:tupleList>");
    assert_non_null(p);
    p += strlen("<gml:tupleList>");
    const char *end = strstr(p, "</gml:tupleList>");
    assert_non_null(end);
    size_t n = 0;
    while (p < end) {
        const char *eol = strchr(p, '\n');
        if (!eol || eol > end)
            eol = end;
        const char *c = memchr(p, ',', (size_t)(eol - p));
        if (c) {
            const char *a = p;
            while (*a == ' ' || *a == '\t' || *a == '\r')
                a++;
            if (n < cap) {
                size_t L = (size_t)(c - a);
                if (L > 63)
                    L = 63;
                memcpy(out[n].label, a, L);
                out[n].label[L] = 0;
                out[n].value = strtod(c + 1, NULL);
            }
            n++;
        }
        p = eol + 1;
    }
    return n;
}

static void start_point(const char *xml, size_t *sx, size_t *sy)
{
    const char *p = strstr(xml, "<gml:startPoint>");
    assert_non_null(p);
    assert_int_equal(sscanf(p + strlen("<gml:startPoint>"), "%zu %zu", sx, sy), 2);
}

/* Checks every tuple of a file against the tile's cells. */
static void check_tile_against_text(const dx_dem *dem, size_t ti, const char *xml)
{
    dx_dem_tile_info info;
    assert_int_equal(dx_dem_tile_info_get(dem, ti, &info), DX_OK);
    size_t nc = info.rows * info.cols;
    float *h = malloc(nc * sizeof(float));
    unsigned char *c = malloc(nc);
    assert_int_equal(dx_dem_tile_cells(dem, ti, nc, h, c), DX_OK);
    size_t cap = 1000000;
    tuple *t = malloc(cap * sizeof(tuple));
    size_t nt = read_tuples(xml, t, cap);
    size_t sx, sy;
    start_point(xml, &sx, &sy);
    assert_int_equal(info.start_col, sx);
    assert_int_equal(info.start_row, sy);
    assert_int_equal(info.n_tuples, nt);
    size_t k0 = sy * info.cols + sx, nodata = 0;
    for (size_t i = 0; i < k0; i++)
        assert_int_equal(c[i], DX_DEM_CLASS_NODATA);
    nodata += k0;
    for (size_t k = 0; k < nt; k++) {
        size_t i = k0 + k;
        if (strcmp(t[k].label, "海水面") == 0) {
            assert_int_equal(c[i], DX_DEM_CLASS_SEA);
            dx_assert_close(h[i], 0.0, 0, 0);
        } else if (t[k].value <= -9999.0 || strcmp(t[k].label, "データなし") == 0) {
            assert_int_equal(c[i], DX_DEM_CLASS_NODATA);
            assert_true(isnan(h[i]));
            nodata++;
        } else {
            assert_int_not_equal(c[i], DX_DEM_CLASS_NODATA);
            dx_assert_close(h[i], t[k].value, 1e-4, 0);
        }
    }
    for (size_t i = k0 + nt; i < nc; i++)
        assert_int_equal(c[i], DX_DEM_CLASS_NODATA);
    nodata += nc - k0 - nt;
    assert_int_equal(info.n_nodata, nodata);
    free(t);
    free(h);
    free(c);
}

static void test_terrain__dem5a_full_tile_matches_its_text(void **state)
{
    (void)state;
    size_t len;
    char *xml = slurp("gsi-dem/FG-GML-5238-74-00-DEM5A-20161001.xml", &len);
    dx_dem *dem;
    assert_int_equal(dx_dem_create(&dem), DX_OK);
    assert_int_equal(dx_dem_add_file(dem, dx_test_data_path("gsi-dem/FG-GML-5238-74-00-DEM5A-20161001.xml")), DX_OK);
    assert_int_equal(dx_dem_tile_count(dem), 1);
    dx_dem_tile_info in;
    dx_dem_tile_info_get(dem, 0, &in);
    assert_string_equal(in.mesh_code, "52387400");
    assert_int_equal(in.product, DX_DEM_PRODUCT_DEM5A);
    assert_int_equal(in.edition_yyyymmdd, 20161001);
    assert_int_equal(in.cols, 225);
    assert_int_equal(in.rows, 150);
    /* corners from the envelope text (35.25 138.5 / 35.258333333 138.5125) */
    dx_assert_close(in.south_deg, 35.25, 1e-12, 0);
    dx_assert_close(in.west_deg, 138.5, 1e-12, 0);
    dx_assert_close(in.north_deg, 35.258333333, 1e-6, 0);
    dx_assert_close(in.east_deg, 138.5125, 1e-12, 0);
    dx_assert_close(in.dlat_deg, 1.0 / 18000, 1e-15, 0);
    /* README: 33750 tuples, 302 内水面,-9999. */
    assert_int_equal(in.n_tuples, 33750);
    assert_int_equal(in.n_nodata, 302);
    check_tile_against_text(dem, 0, xml);
    /* README: row 0 col 0 = 145.30, row 149 col 224 = 261.59; cell centres */
    double lat[2] = {35.258333333333 - 0.5 / 18000, 35.25 + 0.5 / 18000};
    double lon[2] = {138.5 + 0.5 / 18000, 138.5125 - 0.5 / 18000};
    double h[2];
    unsigned char c[2];
    size_t miss;
    assert_int_equal(dx_dem_elevation_m(dem, DX_DEM_NEAREST, 2, lat, lon, h, c, &miss), DX_OK);
    dx_assert_close(h[0], 145.30, 1e-4, 0);
    dx_assert_close(h[1], 261.59, 1e-4, 0);
    assert_int_equal(miss, 0);
    /* bilinear at a cell centre is the cell value */
    assert_int_equal(dx_dem_elevation_m(dem, DX_DEM_BILINEAR, 2, lat, lon, h, c, &miss), DX_OK);
    dx_assert_close(h[0], 145.30, 1e-3, 0);
    dx_assert_close(h[1], 261.59, 1e-3, 0);
    /* outside the DEM: NaN, counted, not an error */
    double la = 36.0, lo = 139.0;
    assert_int_equal(dx_dem_elevation_m(dem, DX_DEM_NEAREST, 1, &la, &lo, h, c, &miss), DX_OK);
    assert_true(isnan(h[0]));
    assert_int_equal(miss, 1);
    dx_dem_free(dem);
    free(xml);
}

static void test_terrain__dem10b_offset_start_and_trailing_gap(void **state)
{
    (void)state;
    size_t len;
    char *xml = slurp("gsi-dem/FG-GML-3926-76-DEM10B-20161001.xml", &len);
    dx_dem *dem;
    dx_dem_create(&dem);
    assert_int_equal(dx_dem_add_file(dem, dx_test_data_path("gsi-dem/FG-GML-3926-76-DEM10B-20161001.xml")), DX_OK);
    dx_dem_tile_info in;
    dx_dem_tile_info_get(dem, 0, &in);
    assert_string_equal(in.mesh_code, "392676");
    assert_int_equal(in.product, DX_DEM_PRODUCT_DEM10B);
    assert_int_equal(in.cols, 1125);
    assert_int_equal(in.rows, 750);
    assert_int_equal(in.start_col, 743);
    assert_int_equal(in.start_row, 639);
    assert_int_equal(in.n_tuples, 37074);
    dx_assert_close(in.south_deg, 26.583333333, 1e-6, 0);
    dx_assert_close(in.west_deg, 126.75, 1e-12, 0);
    /* README: 297 land cells (その他 with heights) */
    assert_int_equal(in.rows * in.cols - in.n_nodata, 297);
    check_tile_against_text(dem, 0, xml);
    /* north-up rows: the land lies on Kume Torishima, 26.592-26.596 N */
    size_t nc = in.rows * in.cols;
    float *h = malloc(nc * sizeof(float));
    dx_dem_tile_cells(dem, 0, nc, h, NULL);
    for (size_t i = 0; i < nc; i++) {
        if (isnan(h[i]))
            continue;
        double lat = in.north_deg - ((double)(i / in.cols) + 0.5) * in.dlat_deg;
        double lon = in.west_deg + ((double)(i % in.cols) + 0.5) * in.dlon_deg;
        assert_true(lat > 26.591 && lat < 26.597);
        assert_true(lon > 126.826 && lon < 126.834);
    }
    free(h);
    /* the zip holds the same file: identical cells */
    dx_dem *dz;
    dx_dem_create(&dz);
    assert_int_equal(dx_dem_add_file(dz, dx_test_data_path("gsi-dem/FG-GML-3926-76-DEM10B.zip")), DX_OK);
    assert_int_equal(dx_dem_tile_count(dz), 1);
    check_tile_against_text(dz, 0, xml);
    dx_dem_free(dz);
    dx_dem_free(dem);
    free(xml);
}

static void test_terrain__dem5b_single_tuple_bom_and_zip_mosaic(void **state)
{
    (void)state;
    size_t len;
    char *xml = slurp("gsi-dem/FG-GML-3624-30-98-DEM5B-20170202.xml", &len);
    assert_true((unsigned char)xml[0] == 0xEF); /* the file does start with a BOM */
    dx_dem *dem;
    dx_dem_create(&dem);
    assert_int_equal(dx_dem_add_file(dem, dx_test_data_path("gsi-dem/FG-GML-3624-30-98-DEM5B-20170202.xml")), DX_OK);
    dx_dem_tile_info in;
    dx_dem_tile_info_get(dem, 0, &in);
    assert_int_equal(in.product, DX_DEM_PRODUCT_DEM5B);
    assert_int_equal(in.n_tuples, 1);
    assert_int_equal(in.start_col, 1);
    assert_int_equal(in.start_row, 94);
    check_tile_against_text(dem, 0, xml);
    /* README: the one value sits at 24.3280833 N, 124.1000833 E */
    double la = 24.3280833, lo = 124.1000833, h;
    unsigned char c;
    assert_int_equal(dx_dem_elevation_m(dem, DX_DEM_NEAREST, 1, &la, &lo, &h, &c, NULL), DX_OK);
    dx_assert_close(h, 0.0, 1e-9, 0);
    assert_int_equal(c, DX_DEM_CLASS_GROUND);
    dx_dem_free(dem);

    /* the 2nd-mesh zip: eight 3rd-mesh tiles, the 98 one identical to the XML */
    dx_dem_create(&dem);
    assert_int_equal(dx_dem_add_file(dem, dx_test_data_path("gsi-dem/FG-GML-3624-30-DEM5B.zip")), DX_OK);
    assert_int_equal(dx_dem_tile_count(dem), 8);
    const char *want[] = {"36243076", "36243077", "36243086", "36243087",
                          "36243088", "36243096", "36243097", "36243098"};
    int seen[8] = {0};
    for (size_t i = 0; i < 8; i++) {
        dx_dem_tile_info_get(dem, i, &in);
        for (int k = 0; k < 8; k++)
            if (strcmp(in.mesh_code, want[k]) == 0)
                seen[k]++;
        double s, w, n, e;
        assert_int_equal(dx_mesh_bounds(in.mesh_code, &s, &w, &n, &e), DX_OK);
        dx_assert_close(in.south_deg, s, 1e-12, 0);
        dx_assert_close(in.east_deg, e, 1e-12, 0);
        if (strcmp(in.mesh_code, "36243098") == 0)
            check_tile_against_text(dem, i, xml);
    }
    for (int k = 0; k < 8; k++)
        assert_int_equal(seen[k], 1);
    dx_dem_free(dem);
    free(xml);
}

static void test_terrain__mesh_codes_match_jis_x0410_and_the_samples(void **state)
{
    (void)state;
    double s, w, n, e;
    /* geodata.md §1.2: 5238-74-00 -> 35.25 N 138.5 E; 3926-76 -> 26.5833 N 126.75 E;
     * 3624-30-98 -> 24.325 N 124.1 E */
    assert_int_equal(dx_mesh_bounds("52387400", &s, &w, &n, &e), DX_OK);
    dx_assert_close(s, 35.25, 1e-12, 0);
    dx_assert_close(w, 138.5, 1e-12, 0);
    dx_assert_close(n - s, 30.0 / 3600, 1e-12, 0);
    dx_assert_close(e - w, 45.0 / 3600, 1e-12, 0);
    assert_int_equal(dx_mesh_bounds("392676", &s, &w, &n, &e), DX_OK);
    dx_assert_close(s, 26.0 + 35.0 / 60, 1e-12, 0);
    dx_assert_close(w, 126.75, 1e-12, 0);
    assert_int_equal(dx_mesh_bounds("36243098", &s, &w, &n, &e), DX_OK);
    dx_assert_close(s, 24.325, 1e-12, 0);
    dx_assert_close(w, 124.1, 1e-12, 0);
    /* 1st mesh 5339: Tokyo, 35.3333-36 N, 139-140 E (JIS X 0410 definition) */
    assert_int_equal(dx_mesh_bounds("5339", &s, &w, &n, &e), DX_OK);
    dx_assert_close(s, 53.0 / 1.5, 1e-12, 0);
    dx_assert_close(e, 140.0, 1e-12, 0);
    char code[16];
    assert_int_equal(dx_mesh_code(35.254, 138.506, 3, code, sizeof code), DX_OK);
    assert_string_equal(code, "52387400");
    assert_int_equal(dx_mesh_code(26.594, 126.83, 2, code, sizeof code), DX_OK);
    assert_string_equal(code, "392676");
    assert_int_equal(dx_mesh_bounds("5238x4", &s, &w, &n, &e), DX_EINVAL);
    assert_int_equal(dx_mesh_bounds("523884", &s, &w, &n, &e), DX_EINVAL); /* 8 > 7 */
}

/* Minimal synthetic documents (geodata.md §1.9): 3 x 2 grid of mesh 52387400. */
static char *doc(const char *prefix, const char *start, const char *tuples)
{
    static char buf[8192];
    snprintf(buf, sizeof buf,
             "%s<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n"
             "<Dataset xmlns=\"http://fgd.gsi.go.jp/spec/2008/FGD_GMLSchema\" "
             "xmlns:gml=\"http://www.opengis.net/gml/3.2\" gml:id=\"Dataset1\">\r\n"
             "<DEM gml:id=\"DEM001\"><type>5mメッシュ（標高）</type><mesh>52387400</mesh>\r\n"
             "<coverage gml:id=\"c\"><gml:boundedBy><gml:Envelope srsName=\"fguuid:jgd2011.bl\">"
             "<gml:lowerCorner>35.25 138.5</gml:lowerCorner>"
             "<gml:upperCorner>35.258333333 138.5125</gml:upperCorner></gml:Envelope></gml:boundedBy>"
             "<gml:gridDomain><gml:Grid dimension=\"2\" gml:id=\"g\"><gml:limits><gml:GridEnvelope>"
             "<gml:low>0 0</gml:low><gml:high>2 1</gml:high></gml:GridEnvelope></gml:limits>"
             "</gml:Grid></gml:gridDomain><gml:rangeSet><gml:DataBlock><gml:tupleList>\r\n%s"
             "</gml:tupleList></gml:DataBlock></gml:rangeSet><gml:coverageFunction><gml:GridFunction>"
             "<gml:sequenceRule order=\"+x-y\">Linear</gml:sequenceRule>"
             "<gml:startPoint>%s</gml:startPoint></gml:GridFunction></gml:coverageFunction>"
             "</coverage></DEM></Dataset>\r\n",
             prefix, tuples, start);
    return buf;
}

static void test_terrain__synthetic_variants_labels_and_refusals(void **state)
{
    (void)state;
    dx_dem *dem;
    dx_dem_create(&dem);
    /* (d) labels: 地表面, 海水面,-9999., 内水面,50.5, 内水面,-9999., データなし, その他,12.0 */
    const char *t = "地表面,10.00\r\n海水面,-9999.\r\n内水面,50.5\r\n内水面,-9999.\r\n"
                    "データなし,-9999.\r\nその他,12.0\r\n";
    char *x = doc("\xEF\xBB\xBF", "0 0", t); /* (e) BOM + CRLF */
    assert_int_equal(dx_dem_add_gsi_xml_memory(dem, "labels.xml", x, strlen(x)), DX_OK);
    float h[6];
    unsigned char c[6];
    assert_int_equal(dx_dem_tile_cells(dem, 0, 6, h, c), DX_OK);
    const unsigned char ce[6] = {DX_DEM_CLASS_GROUND, DX_DEM_CLASS_SEA, DX_DEM_CLASS_INLAND_WATER,
                                 DX_DEM_CLASS_NODATA, DX_DEM_CLASS_NODATA, DX_DEM_CLASS_GROUND};
    const double he[6] = {10.0, 0.0, 50.5, NAN, NAN, 12.0};
    for (int i = 0; i < 6; i++) {
        assert_int_equal(c[i], ce[i]);
        if (isnan(he[i]))
            assert_true(isnan(h[i]));
        else
            dx_assert_close(h[i], he[i], 1e-6, 0);
    }
    dx_dem_free(dem);
    /* (b) startPoint 1 0 with 5 tuples; (c) start 0 0 with 4 tuples */
    dx_dem_create(&dem);
    x = doc("", "1 0", "地表面,1\n地表面,2\n地表面,3\n地表面,4\n地表面,5\n");
    assert_int_equal(dx_dem_add_gsi_xml_memory(dem, "b.xml", x, strlen(x)), DX_OK);
    dx_dem_tile_cells(dem, 0, 6, h, c);
    assert_true(isnan(h[0]));
    dx_assert_close(h[1], 1.0, 0, 0);
    dx_assert_close(h[5], 5.0, 0, 0);
    dx_dem_free(dem);
    dx_dem_create(&dem);
    x = doc("", "0 0", "地表面,1\n地表面,2\n地表面,3\n地表面,4\n");
    assert_int_equal(dx_dem_add_gsi_xml_memory(dem, "c.xml", x, strlen(x)), DX_OK);
    dx_dem_tile_cells(dem, 0, 6, h, c);
    dx_assert_close(h[3], 4.0, 0, 0);
    assert_true(isnan(h[4]) && isnan(h[5]));
    /* (g) too many tuples */
    x = doc("", "1 0", "地表面,1\n地表面,2\n地表面,3\n地表面,4\n地表面,5\n地表面,6\n");
    assert_int_equal(dx_dem_add_gsi_xml_memory(dem, "g.xml", x, strlen(x)), DX_EPARSE);
    assert_non_null(strstr(dx_last_error(), "g.xml"));
    assert_non_null(strstr(dx_last_error(), "more tuples"));
    /* unknown label, bad value */
    x = doc("", "0 0", "火山,1\n");
    assert_int_equal(dx_dem_add_gsi_xml_memory(dem, "u.xml", x, strlen(x)), DX_EPARSE);
    assert_non_null(strstr(dx_last_error(), "火山"));
    x = doc("", "0 0", "地表面,1,5\n");
    assert_int_equal(dx_dem_add_gsi_xml_memory(dem, "v.xml", x, strlen(x)), DX_EPARSE);
    /* (h) DOCTYPE with an entity is refused */
    const char *evil = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"aaaa\">]><Dataset/>";
    assert_int_equal(dx_dem_add_gsi_xml_memory(dem, "h.xml", evil, strlen(evil)), DX_EPARSE);
    assert_non_null(strstr(dx_last_error(), "DOCTYPE"));
    /* (i) a NaN corner: "fabs(nan - 35.25) > 1e-6" is false, so the envelope
     * check let it through (round 2); the envelope must match the mesh */
    {
        char *v = strdup(doc("", "0 0", "地表面,1\n"));
        char *lc = strstr(v, "<gml:lowerCorner>35.25 138.5<");
        assert_non_null(lc);
        memcpy(lc + strlen("<gml:lowerCorner>"), "nan  ", 5); /* "35.25" -> "nan  " */
        assert_int_equal(dx_dem_add_gsi_xml_memory(dem, "nan.xml", v, strlen(v)), DX_EPARSE);
        free(v);
        if (!strstr(dx_last_error(), "nan.xml: envelope nan 138.500000000 .. "))
            fail_msg("message: %s", dx_last_error());
    }
    /* malformed XML, not a DEM, missing file, corrupt zip */
    assert_int_equal(dx_dem_add_gsi_xml_memory(dem, "m.xml", "<Dataset>", 9), DX_EPARSE);
    assert_int_equal(dx_dem_add_gsi_xml_memory(dem, "n.xml", "<a/>", 4), DX_EPARSE);
    assert_int_equal(dx_dem_add_file(dem, "/nonexistent/FG-GML-0000-00-DEM5A.xml"), DX_EIO);
    assert_non_null(strstr(dx_last_error(), "/nonexistent/FG-GML-0000-00-DEM5A.xml"));
    {
        char tmpl[] = "/tmp/dxsim_corrupt_XXXXXX";
        int fd = mkstemp(tmpl);
        assert_true(fd >= 0);
        close(fd);
        char zp[64];
        snprintf(zp, sizeof zp, "%s.zip", tmpl);
        FILE *zf = fopen(zp, "wb");
        fputs("PK\x03\x04 this is not a zip archive", zf);
        fclose(zf);
        assert_int_equal(dx_dem_add_file(dem, zp), DX_EIO);
        assert_non_null(strstr(dx_last_error(), zp));
        remove(zp);
        remove(tmpl);
    }
    /* envelope that disagrees with the mesh code */
    x = doc("", "0 0", "地表面,1\n");
    char *m = strstr(x, "<mesh>52387400");
    memcpy(m + 6, "52387401", 8);
    assert_int_equal(dx_dem_add_gsi_xml_memory(dem, "e.xml", x, strlen(x)), DX_EPARSE);
    assert_non_null(strstr(dx_last_error(), "does not match mesh"));
    assert_int_equal(dx_dem_tile_count(dem), 1);
    dx_dem_free(dem);
}

/* (i) a full DEM10B tile: 843 750 tuples, a ~17 MB text node that libxml2
 * refuses without XML_PARSE_HUGE (geodata.md §1.7) */
static void test_terrain__full_dem10b_tile_needs_xml_parse_huge(void **state)
{
    (void)state;
    const size_t W = 1125, H = 750, n = W * H;
    const char *head =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<Dataset xmlns=\"http://fgd.gsi.go.jp/spec/2008/FGD_GMLSchema\" "
        "xmlns:gml=\"http://www.opengis.net/gml/3.2\"><DEM><type>10mメッシュ（標高）</type>"
        "<mesh>533945</mesh><coverage><gml:boundedBy><gml:Envelope srsName=\"fguuid:jgd2011.bl\">"
        "<gml:lowerCorner>35.666666667 139.625</gml:lowerCorner>"
        "<gml:upperCorner>35.75 139.75</gml:upperCorner></gml:Envelope></gml:boundedBy>"
        "<gml:gridDomain><gml:Grid><gml:limits><gml:GridEnvelope><gml:low>0 0</gml:low>"
        "<gml:high>1124 749</gml:high></gml:GridEnvelope></gml:limits></gml:Grid></gml:gridDomain>"
        "<gml:rangeSet><gml:DataBlock><gml:tupleList>\n";
    const char *tail = "</gml:tupleList></gml:DataBlock></gml:rangeSet><gml:coverageFunction>"
                       "<gml:GridFunction><gml:startPoint>0 0</gml:startPoint></gml:GridFunction>"
                       "</gml:coverageFunction></coverage></DEM></Dataset>\n";
    const char *one = "地表面,123.45\n";
    size_t tl = strlen(one), len = strlen(head) + n * tl + strlen(tail);
    char *x = malloc(len + 1), *p = x;
    memcpy(p, head, strlen(head));
    p += strlen(head);
    for (size_t i = 0; i < n; i++, p += tl)
        memcpy(p, one, tl);
    memcpy(p, tail, strlen(tail) + 1);
    assert_true(len > 11u * 1024 * 1024);
    dx_dem *dem;
    dx_dem_create(&dem);
    assert_int_equal(dx_dem_add_gsi_xml_memory(dem, "huge.xml", x, len), DX_OK);
    dx_dem_tile_info in;
    dx_dem_tile_info_get(dem, 0, &in);
    assert_int_equal(in.n_tuples, n);
    assert_int_equal(in.n_nodata, 0);
    /* mesh 533945: 35 40' N, 139 37'30" E (JIS X 0410) */
    dx_assert_close(in.south_deg, 35.0 + 40.0 / 60, 1e-12, 0);
    dx_assert_close(in.west_deg, 139.625, 1e-12, 0);
    dx_assert_close(in.dlat_deg, 0.4 / 3600, 1e-15, 0);
    dx_dem_free(dem);
    free(x);
}

/* (f) the same text encoded Shift_JIS (older DEM5B archives, geodata §1.6) */
static void test_terrain__shift_jis_document(void **state)
{
    (void)state;
    char *u = doc("", "0 0", "地表面,10.5\n海水面,-9999.\n内水面,3.25\n");
    char *decl = strstr(u, "encoding=\"UTF-8\"");
    assert_non_null(decl);
    memcpy(decl, "encoding=\"SJIS\"  ", 16); /* same length as encoding="UTF-8" */
    iconv_t cd = iconv_open("SHIFT_JIS", "UTF-8");
    assert_true(cd != (iconv_t)-1);
    char out[8192];
    char *in = u, *o = out;
    size_t il = strlen(u), ol = sizeof out;
    assert_true(iconv(cd, &in, &il, &o, &ol) != (size_t)-1);
    iconv_close(cd);
    size_t len = sizeof out - ol;
    /* really Shift_JIS: 地 is 0x92 0x6E there */
    assert_non_null(memchr(out, 0x92, len));
    dx_dem *dem;
    dx_dem_create(&dem);
    assert_int_equal(dx_dem_add_gsi_xml_memory(dem, "sjis.xml", out, len), DX_OK);
    float h[6];
    unsigned char c[6];
    dx_dem_tile_cells(dem, 0, 6, h, c);
    dx_assert_close(h[0], 10.5, 1e-6, 0);
    assert_int_equal(c[1], DX_DEM_CLASS_SEA);
    assert_int_equal(c[2], DX_DEM_CLASS_INLAND_WATER);
    dx_assert_close(h[2], 3.25, 1e-6, 0);
    dx_dem_free(dem);
}

static void test_terrain__mosaic_priority_and_fallthrough(void **state)
{
    (void)state;
    dx_dem *dem;
    dx_dem_create(&dem);
    /* a DEM5A 3x2 tile with a hole, over a coarse synthetic grid of 7 m */
    char *x = doc("", "0 0", "地表面,1\nデータなし,-9999.\n地表面,3\n地表面,4\n地表面,5\n地表面,6\n");
    assert_int_equal(dx_dem_add_gsi_xml_memory(dem, "a.xml", x, strlen(x)), DX_OK);
    float g[4] = {7, 7, 7, 7};
    assert_int_equal(dx_dem_add_grid(dem, 35.0, 138.0, 0.5, 0.5, 2, 2, g), DX_OK);
    double s, w, n, e;
    dx_mesh_bounds("52387400", &s, &w, &n, &e);
    double dlat = (n - s) / 2, dlon = (e - w) / 3;
    double la[3] = {n - 0.5 * dlat, n - 0.5 * dlat, 35.1};
    double lo[3] = {w + 0.5 * dlon, w + 1.5 * dlon, 138.1};
    double h[3];
    assert_int_equal(dx_dem_elevation_m(dem, DX_DEM_NEAREST, 3, la, lo, h, NULL, NULL), DX_OK);
    dx_assert_close(h[0], 1.0, 0, 0); /* the GSI tile wins */
    dx_assert_close(h[1], 7.0, 0, 0); /* its hole falls through to the grid */
    dx_assert_close(h[2], 7.0, 0, 0);
    dx_dem_free(dem);
}

static void test_terrain__profile_follows_the_geodesic_with_bulge(void **state)
{
    (void)state;
    dx_dem *dem;
    dx_dem_create(&dem);
    assert_int_equal(dx_dem_add_file(dem, dx_test_data_path("gsi-dem/FG-GML-5238-74-00-DEM5A-20161001.xml")), DX_OK);
    /* along the meridian 138.506 E from 35.2505 to 35.2580 N */
    enum { N = 101 };
    double d[N], hb[N], h0[N];
    dx_dem_profile_options o;
    dx_dem_profile_options_init(&o, DX_DEM_PROFILE_OPTIONS_VERSION);
    o.k_factor = 0;
    assert_int_equal(dx_dem_profile(dem, 35.2505, 138.506, 35.2580, 138.506, N, &o, d, h0), DX_OK);
    o.k_factor = 4.0 / 3.0;
    assert_int_equal(dx_dem_profile(dem, 35.2505, 138.506, 35.2580, 138.506, N, &o, d, hb), DX_OK);
    /* meridian arc: M(phi) dphi with M = a(1-e2)/(1-e2 sin2 phi)^1.5 (GRS80) */
    double a = 6378137.0, f = 1 / 298.257222101, e2 = f * (2 - f);
    double ph = (35.2505 + 35.2580) / 2 * 3.14159265358979323846 / 180, sw = 1 - e2 * sin(ph) * sin(ph);
    double M = a * (1 - e2) / (sw * sqrt(sw));
    dx_assert_close(d[N - 1], M * 0.0075 * 3.14159265358979323846 / 180, 0.01, 0);
    /* ends equal bilinear elevation; bulge d1 d2 / (2 k R) in the middle */
    double la = 35.2505, lo = 138.506, he;
    dx_dem_elevation_m(dem, DX_DEM_BILINEAR, 1, &la, &lo, &he, NULL, NULL);
    dx_assert_close(h0[0], he, 1e-9, 0);
    double mid = d[50] * (d[N - 1] - d[50]) / (2 * 4.0 / 3.0 * 6371008.8);
    dx_assert_close(hb[50] - h0[50], mid, 1e-9, 0);
    /* an end point outside the DEM fails naming the point */
    assert_int_equal(dx_dem_profile(dem, 35.2505, 138.506, 35.30, 138.506, N, &o, d, hb),
                     DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "no DEM data at point"));
    dx_dem_free(dem);
}

static void test_terrain__clearance_and_grid_loss_on_a_ridge(void **state)
{
    (void)state;
    /* flat 100 m plain with a 300 m north-south ridge halfway to the pixel */
    enum { R = 400, C = 400 };
    float *g = malloc(sizeof(float) * R * C);
    const double dd = 1.0 / 3600; /* 1" cells over 35.4-35.51 N, 138.4-138.51 E */
    for (int r = 0; r < R; r++)
        for (int c = 0; c < C; c++)
            g[r * C + c] = (c >= 199 && c <= 201) ? 300.0f : 100.0f;
    dx_dem *dem;
    dx_dem_create(&dem);
    assert_int_equal(dx_dem_add_grid(dem, 35.4, 138.4, dd, dd, R, C, g), DX_OK);
    double slat = 35.45, slon = 138.4 + 50.5 * dd;
    double plat[3] = {35.45, 35.45, 35.45};
    double plon[3] = {138.4 + 150.5 * dd, 138.4 + 350.5 * dd, 138.4 + 51 * dd};
    double hrx[3] = {1.5, 1.5, 1.5};
    double L[3];
    unsigned char sh[3];
    dx_terrain_grid_options o;
    dx_terrain_grid_options_init(&o, DX_TERRAIN_GRID_OPTIONS_VERSION);
    o.model = DX_TERRAIN_LOSS_BULLINGTON;
    assert_int_equal(dx_terrain_loss_grid(dem, slat, slon, 20, 920e6, 3, plat, plon, hrx, &o, L,
                                          sh, NULL),
                     DX_OK);
    assert_int_equal(sh[0], 0); /* same side of the ridge */
    assert_int_equal(sh[1], 1); /* behind the ridge */
    assert_int_equal(sh[2], 0);
    dx_assert_close(L[2], 0.0, 0, 0); /* closer than two samples */
    assert_true(L[1] > 20.0);
    /* ITM excess behind the ridge is large and positive as well */
    o.model = DX_TERRAIN_LOSS_ITM_EXCESS;
    assert_int_equal(dx_terrain_loss_grid(dem, slat, slon, 20, 920e6, 3, plat, plon, hrx, &o, L,
                                          sh, NULL),
                     DX_OK);
    assert_true(L[1] > 15.0);
    /* ITM is specified for paths longer than 1 km (NTIA): a shorter path over
     * the ridge (site 19.5 cells before it, pixel 14.5 cells behind: 34 cells
     * of 25.2 m = 0.86 km) takes P.526 Bullington over the same profile,
     * a longer one (1.5 km) stays ITM */
    {
        double s2lon = 138.4 + 180.5 * dd;
        double qlat[2] = {35.45, 35.45}, qlon[2] = {138.4 + 214.5 * dd, 138.4 + 240.5 * dd};
        double qh[2] = {1.5, 1.5}, Li[2], Lb[2];
        unsigned char qs[2];
        o.model = DX_TERRAIN_LOSS_ITM_EXCESS;
        o.method = DX_TERRAIN_GRID_PER_PIXEL;
        assert_int_equal(dx_terrain_loss_grid(dem, slat, s2lon, 20, 920e6, 2, qlat, qlon, qh, &o,
                                              Li, qs, NULL),
                         DX_OK);
        o.model = DX_TERRAIN_LOSS_BULLINGTON;
        assert_int_equal(dx_terrain_loss_grid(dem, slat, s2lon, 20, 920e6, 2, qlat, qlon, qh, &o,
                                              Lb, qs, NULL),
                         DX_OK);
        assert_true(Lb[0] > 20.0); /* behind a 200 m ridge */
        dx_assert_close(Li[0], Lb[0], 0, 0);
        assert_true(fabs(Li[1] - Lb[1]) > 0.1);
        o.model = DX_TERRAIN_LOSS_ITM_EXCESS;
        o.method = DX_TERRAIN_GRID_RADIAL;
    }
    /* pixel outside the DEM: NaN, counted */
    double olat = 35.6, olon = 138.45, oh = 1.5, ol;
    unsigned char osh;
    size_t miss = 0;
    assert_int_equal(dx_terrain_loss_grid(dem, slat, slon, 20, 920e6, 1, &olat, &olon, &oh, &o,
                                          &ol, &osh, &miss),
                     DX_OK);
    assert_true(isnan(ol));
    assert_int_equal(miss, 1);
    /* clearance: a ray 10 m above flat ground at 920 MHz over 1 km:
     * r1 mid = sqrt(lambda 500 500 / 1000) = 9.03 m -> ratio 10/9.03 at the middle */
    double pd[11], ph[11];
    for (int i = 0; i < 11; i++) {
        pd[i] = 100.0 * i;
        ph[i] = 0.0;
    }
    int los;
    double cr;
    assert_int_equal(dx_terrain_clearance(11, pd, ph, 10, 10, 920e6, 0, &los, &cr), DX_OK);
    assert_int_equal(los, 1);
    double lam = 299792458.0 / 920e6;
    dx_assert_close(cr, 10.0 / sqrt(lam * 500 * 500 / 1000), 1e-9, 0);
    ph[5] = 12.0;
    assert_int_equal(dx_terrain_clearance(11, pd, ph, 10, 10, 920e6, 0, &los, &cr), DX_OK);
    assert_int_equal(los, 0);
    assert_true(cr < 0);
    free(g);
    dx_dem_free(dem);
}

static void test_terrain__radial_method_agrees_with_per_pixel_profiles(void **state)
{
    (void)state;
    /* the benchmark terrain (issue 12), 3" cells, 4 km around 35.5 N 138.5 E */
    enum { NC = 1200 };
    float *g = malloc(sizeof(float) * NC * NC);
    for (int y = 0; y < NC; y++)
        for (int x = 0; x < NC; x++)
            g[y * NC + x] = (float)(100.0 + 30.0 * sin(2 * 3.14159265358979 * x / (NC / 12.0)) *
                                                cos(2 * 3.14159265358979 * y / (NC / 9.0)));
    dx_dem *dem;
    dx_dem_create(&dem);
    assert_int_equal(dx_dem_add_grid(dem, 35.0, 138.0, 1.0 / NC, 1.0 / NC, NC, NC, g), DX_OK);
    free(g);
    enum { M = 4000 };
    double *la = malloc(M * sizeof(double)), *lo = malloc(M * sizeof(double));
    double *hr = malloc(M * sizeof(double)), *L1 = malloc(M * sizeof(double)),
           *L2 = malloc(M * sizeof(double));
    unsigned char *s1 = malloc(M), *s2 = malloc(M);
    for (int i = 0; i < M; i++) {
        la[i] = 35.5 + ((i * 37) % 97 - 48) / 1200.0;
        lo[i] = 138.5 + ((i * 53) % 101 - 50) / 1200.0;
        hr[i] = 1.5;
    }
    dx_terrain_grid_options o;
    dx_terrain_grid_options_init(&o, DX_TERRAIN_GRID_OPTIONS_VERSION);
    for (int model = 0; model < 3; model += 2) {
        o.model = model;
        o.method = DX_TERRAIN_GRID_RADIAL;
        assert_int_equal(dx_terrain_loss_grid(dem, 35.5, 138.5, 20, 920e6, M, la, lo, hr, &o, L1,
                                              s1, NULL),
                         DX_OK);
        o.method = DX_TERRAIN_GRID_PER_PIXEL;
        assert_int_equal(dx_terrain_loss_grid(dem, 35.5, 138.5, 20, 920e6, M, la, lo, hr, &o, L2,
                                              s2, NULL),
                         DX_OK);
        double sum = 0;
        int agree = 0;
        for (int i = 0; i < M; i++) {
            sum += fabs(L1[i] - L2[i]);
            agree += s1[i] == s2[i];
        }
        assert_true(sum / M < 0.5);      /* dB, mean absolute difference */
        assert_true(agree >= 0.98 * M);  /* shadow flags */
    }
    free(la);
    free(lo);
    free(hr);
    free(L1);
    free(L2);
    free(s1);
    free(s2);
    dx_dem_free(dem);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_terrain__dem5a_full_tile_matches_its_text),
        cmocka_unit_test(test_terrain__dem10b_offset_start_and_trailing_gap),
        cmocka_unit_test(test_terrain__dem5b_single_tuple_bom_and_zip_mosaic),
        cmocka_unit_test(test_terrain__mesh_codes_match_jis_x0410_and_the_samples),
        cmocka_unit_test(test_terrain__synthetic_variants_labels_and_refusals),
        cmocka_unit_test(test_terrain__mosaic_priority_and_fallthrough),
        cmocka_unit_test(test_terrain__shift_jis_document),
        cmocka_unit_test(test_terrain__full_dem10b_tile_needs_xml_parse_huge),
        cmocka_unit_test(test_terrain__profile_follows_the_geodesic_with_bulge),
        cmocka_unit_test(test_terrain__clearance_and_grid_loss_on_a_ridge),
        cmocka_unit_test(test_terrain__radial_method_agrees_with_per_pixel_profiles),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
