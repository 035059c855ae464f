/*
 * Coverage maps (dxsim/coverage.h, outputs): grid CSV, GeoJSON (RFC 7946),
 * KML 2.2 GroundOverlay + PNG (libpng) and site placemarks.
 * Numbers are written in the C locale (dx__buf_appendf / dx__format_double);
 * every file goes through an output transaction (output_internal.h): private
 * temporary folder, O_EXCL|O_NOFOLLOW, fsync, rename; a KML and its PNG together.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#ifdef DXSIM_HAVE_GDAL
#include <gdal.h>
#include <ogr_srs_api.h>
#include <cpl_conv.h>
#include <unistd.h>
#endif
#include "dx_internal.h"
#include "coverage_internal.h"
#include "output_internal.h"
#include "map_internal.h"
#include "dxsim/coverage.h"

static const struct {
    unsigned int bit;
    const char *name;
} layer_names[] = {
    {DX_COVERAGE_LAYER_BEST_CELL, "best_cell"},
    {DX_COVERAGE_LAYER_RX_DBM, "rx_dbm"},
    {DX_COVERAGE_LAYER_SINR_DL_DB, "sinr_dl_db"},
    {DX_COVERAGE_LAYER_SNR_UL_DB, "snr_ul_db"},
    {DX_COVERAGE_LAYER_RATE_DL_MBPS, "rate_dl_mbps"},
    {DX_COVERAGE_LAYER_RATE_UL_MBPS, "rate_ul_mbps"},
    {DX_COVERAGE_LAYER_PROB, "coverage_prob_ratio"},
};
#define N_LAYERS (sizeof layer_names / sizeof layer_names[0])

static void append_num(dx__buf *b, double v, int digits)
{
    char tmp[40];
    dx__format_double(tmp, sizeof tmp, v, digits);
    dx__buf_append(b, tmp);
}

/* A pixel is outside the study area when every float layer is NaN there. */
static int pixel_in_area(const dx_coverage_result *r, size_t g)
{
    for (size_t k = 1; k < N_LAYERS; k++) {
        const float *l = dx__coverage_result_layer_f32(r, layer_names[k].bit);
        if (l)
            return !isnan(l[g]);
    }
    return 1; /* only BEST_CELL kept: -1 is both "outside" and "no service" */
}

dx_status dx_coverage_write_csv(const dx_coverage_result *r, double lat0_deg, double lon0_deg,
                                const char *path)
{
    DX_REQUIRE_PTR(r);
    DX_REQUIRE_PTR(path);
    dx_grid g;
    dx_coverage_result_grid(r, &g);
    int geo = isfinite(lat0_deg) && isfinite(lon0_deg);
    if (geo && !(fabs(lat0_deg) < 89.0))
        DX_FAIL(DX_EDOMAIN, "dx_coverage_write_csv: lat0_deg = %g (allowed |lat| < 89)", lat0_deg);
    unsigned int layers = dx__coverage_result_layers(r);
    dx__buf b;
    dx__buf_init(&b);
    dx__buf_append(&b, geo ? "x_m,y_m,lat_deg,lon_deg" : "x_m,y_m");
    for (size_t k = 0; k < N_LAYERS; k++)
        if (layers & layer_names[k].bit) {
            dx__buf_append(&b, ",");
            dx__buf_append(&b, layer_names[k].name);
        }
    dx__buf_append(&b, "\n");
    const int32_t *best = dx__coverage_result_best(r);
    for (size_t j = 0; j < g.ny && !b.failed; j++)
        for (size_t i = 0; i < g.nx; i++) {
            size_t p = j * g.nx + i;
            if (!pixel_in_area(r, p))
                continue;
            double x = g.x0_m + (i + 0.5) * g.resolution_m, y = g.y0_m + (j + 0.5) * g.resolution_m;
            append_num(&b, x, 10);
            dx__buf_append(&b, ",");
            append_num(&b, y, 10);
            if (geo) {
                double lat, lon;
                dx_coverage_local_to_geo(lat0_deg, lon0_deg, 1, &x, &y, &lat, &lon);
                dx__buf_append(&b, ",");
                append_num(&b, lat, 10);
                dx__buf_append(&b, ",");
                append_num(&b, lon, 10);
            }
            for (size_t k = 0; k < N_LAYERS; k++) {
                if (!(layers & layer_names[k].bit))
                    continue;
                dx__buf_append(&b, ",");
                if (layer_names[k].bit == DX_COVERAGE_LAYER_BEST_CELL)
                    dx__buf_appendf(&b, "%d", (int)best[p]);
                else
                    append_num(&b, dx__coverage_result_layer_f32(r, layer_names[k].bit)[p], 6);
            }
            dx__buf_append(&b, "\n");
        }
    if (b.failed) {
        dx__buf_dispose(&b);
        DX_FAIL(DX_ENOMEM, "dx_coverage_write_csv: text for %zu x %zu pixels", g.nx, g.ny);
    }
    dx_status st = dx__write_file_atomic(path, b.data, b.len);
    dx__buf_dispose(&b);
    return st;
}

static void append_lonlat(dx__buf *b, double lat0, double lon0, double x, double y)
{
    double lat, lon;
    dx_coverage_local_to_geo(lat0, lon0, 1, &x, &y, &lat, &lon);
    dx__buf_append(b, "[");
    append_num(b, lon, 10);
    dx__buf_append(b, ",");
    append_num(b, lat, 10);
    dx__buf_append(b, "]");
}

dx_status dx_coverage_write_geojson(const dx_coverage_result *r, size_t n_sites,
                                    const dx_site *sites, double lat0_deg, double lon0_deg,
                                    const char *path)
{
    DX_REQUIRE_PTR(r);
    DX_REQUIRE_PTR(path);
    if (n_sites && !sites)
        DX_FAIL(DX_EINVAL, "dx_coverage_write_geojson: argument 'sites' is NULL");
    if (!(fabs(lat0_deg) < 89.0) || !isfinite(lon0_deg))
        DX_FAIL(DX_EDOMAIN, "dx_coverage_write_geojson: lat0_deg = %g, lon0_deg = %g (allowed |lat| < 89)",
                lat0_deg, lon0_deg);
    const float *prob = dx__coverage_result_layer_f32(r, DX_COVERAGE_LAYER_PROB);
    if (!prob)
        DX_FAIL(DX_EINVAL, "dx_coverage_write_geojson: the result did not keep DX_COVERAGE_LAYER_PROB");
    dx_grid g;
    dx_coverage_result_grid(r, &g);
    const double target = dx__coverage_result_pixel_target(r);
    dx__buf b;
    dx__buf_init(&b);
    dx__buf_append(&b, "{\"type\":\"FeatureCollection\",\"features\":[\n");
    for (size_t s = 0; s < n_sites; s++) {
        dx__buf_append(&b, "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":");
        append_lonlat(&b, lat0_deg, lon0_deg, sites[s].x_m, sites[s].y_m);
        dx__buf_appendf(&b, "},\"properties\":{\"kind\":\"site\",\"index\":%zu,\"height_m\":", s);
        append_num(&b, sites[s].height_m, 6);
        dx__buf_appendf(&b, ",\"sectors\":%d,\"channel\":%d,\"eirp_dbm\":", sites[s].sectors,
                        sites[s].channel);
        append_num(&b, sites[s].tx_power_dbm + sites[s].antenna_gain_dbi - sites[s].cable_loss_db, 6);
        dx__buf_append(&b, "}},\n");
    }
    /* coverage: the covered pixels dissolved into polygons (shells counter-clockwise,
     * holes clockwise, no touching rings: map_dissolve.c) */
    unsigned char *mask = dx__malloc(g.nx * g.ny > 0 ? g.nx * g.ny : 1);
    if (!mask) {
        dx__buf_dispose(&b);
        DX_FAIL(DX_ENOMEM, "dx_coverage_write_geojson: mask of %zu x %zu pixels", g.nx, g.ny);
    }
    for (size_t p = 0; p < g.nx * g.ny; p++)
        mask[p] = prob[p] >= target;
    dx__map_polygons P;
    dx_status dst = dx__map_dissolve(g.nx, g.ny, mask, g.x0_m, g.y0_m, g.resolution_m, &P);
    dx__free(mask);
    if (dst != DX_OK) {
        dx__buf_dispose(&b);
        return dst;
    }
    dx__buf_append(&b, "{\"type\":\"Feature\",\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":[");
    for (size_t q = 0; q < P.n_polygons && !b.failed; q++) {
        dx__buf_append(&b, q ? ",\n[" : "\n[");
        for (size_t rg = P.poly_ring[q]; rg < P.poly_ring[q + 1]; rg++) {
            dx__buf_append(&b, rg > P.poly_ring[q] ? ",[" : "[");
            for (size_t k = P.ring_pt[rg]; k < P.ring_pt[rg + 1]; k++) {
                if (k > P.ring_pt[rg])
                    dx__buf_append(&b, ",");
                append_lonlat(&b, lat0_deg, lon0_deg, P.x_m[k], P.y_m[k]);
            }
            dx__buf_append(&b, "]");
        }
        dx__buf_append(&b, "]");
    }
    dx__map_polygons_dispose(&P);
    dx_coverage_summary sm;
    dx_coverage_result_summary(r, &sm);
    dx__buf_append(&b, "]},\"properties\":{\"kind\":\"coverage\",\"dissolved\":true,\"pixel_target_ratio\":");
    append_num(&b, target, 6);
    dx__buf_append(&b, ",\"coverage_ratio\":");
    append_num(&b, sm.coverage_ratio, 6);
    dx__buf_append(&b, ",\"coverage_reliable_ratio\":");
    append_num(&b, sm.coverage_reliable_ratio, 6);
    dx__buf_append(&b, "}}\n]}\n");
    if (b.failed) {
        dx__buf_dispose(&b);
        DX_FAIL(DX_ENOMEM, "dx_coverage_write_geojson: text for %zu x %zu pixels", g.nx, g.ny);
    }
    dx_status st = dx__write_file_atomic(path, b.data, b.len);
    dx__buf_dispose(&b);
    return st;
}

/* ---- PNG --------------------------------------------------------------- */

static void ramp(double t, unsigned char rgb[3])
{
    dx__map_ramp(t, rgb); /* one ramp for every map (map_render.c) */
}

#if defined(__GNUC__)
__attribute__((noinline)) /* keeps its locals out of write_png's setjmp frame (-Wclobbered) */
#endif
static dx_status layer_scale(const dx_coverage_result *r, unsigned int layer, const float **data,
                             double *lo, double *hi, const char *fn)
{
    if (layer == 0 || (layer & (layer - 1)) || layer == DX_COVERAGE_LAYER_BEST_CELL ||
        !(layer & DX_COVERAGE_LAYER_ALL))
        DX_FAIL(DX_EINVAL, "%s: layer = 0x%x (allowed one float DX_COVERAGE_LAYER_* bit)", fn, layer);
    *data = dx__coverage_result_layer_f32(r, layer);
    if (!*data)
        DX_FAIL(DX_EINVAL, "%s: layer 0x%x was not kept in the result", fn, layer);
    switch (layer) {
    case DX_COVERAGE_LAYER_PROB:
        *lo = 0.0;
        *hi = 1.0;
        break;
    case DX_COVERAGE_LAYER_RX_DBM:
        *lo = -120.0;
        *hi = -40.0;
        break;
    case DX_COVERAGE_LAYER_SINR_DL_DB:
    case DX_COVERAGE_LAYER_SNR_UL_DB:
        *lo = -10.0;
        *hi = 30.0;
        break;
    default: {
        dx_grid g;
        dx_coverage_result_grid(r, &g);
        double m = 0.0;
        for (size_t i = 0; i < g.nx * g.ny; i++)
            if ((*data)[i] > m)
                m = (*data)[i];
        *lo = 0.0;
        *hi = m > 0.0 ? m : 1.0;
    }
    }
    return DX_OK;
}

/* Encode a layer as PNG into *b_out (caller disposes it, also on failure). */
static dx_status render_png(const dx_coverage_result *r, unsigned int layer, const char *path,
                            dx__buf *b_out)
{
    (void)path;
    const float *data;
    double lo, hi;
    DX_TRY(layer_scale(r, layer, &data, &lo, &hi, "dx_coverage_write_png"));
    dx_grid g;
    dx_coverage_result_grid(r, &g);
    if (g.nx > 0x7fffffff / 4 || g.ny > 0x7fffffff || g.nx * g.ny > ((size_t)1 << 31))
        DX_FAIL(DX_EDOMAIN, "dx_coverage_write_png: %zu x %zu pixels (too large for PNG: allowed "
                            "nx <= %d, ny <= %d, at most 2^31 pixels)", g.nx, g.ny, 0x7fffffff / 4,
                0x7fffffff);
    unsigned char *img = dx__malloc(g.nx * g.ny > 0 ? g.nx * g.ny * 4 : 4);
    if (!img)
        DX_FAIL(DX_ENOMEM, "dx_coverage_write_png: %zu x %zu pixels", g.nx, g.ny);
    const int is_rate = layer == DX_COVERAGE_LAYER_RATE_DL_MBPS || layer == DX_COVERAGE_LAYER_RATE_UL_MBPS;
    for (size_t jj = 0; jj < g.ny; jj++) {
        size_t j = g.ny - 1 - jj; /* north up */
        for (size_t i = 0; i < g.nx; i++) {
            float v = data[j * g.nx + i];
            unsigned char *px = img + 4 * (jj * g.nx + i);
            int transparent = isnan(v) || v <= -299.0f || (is_rate && v <= 0.0f) ||
                              (layer == DX_COVERAGE_LAYER_PROB && v < 0.01f);
            if (transparent) {
                px[0] = px[1] = px[2] = px[3] = 0;
                continue;
            }
            ramp((v - lo) / (hi - lo), px);
            px[3] = 200; /* slightly transparent over the base map */
        }
    }
    unsigned char *png = NULL;
    size_t n = 0;
    dx_status st = dx__map_png_encode((int)g.nx, (int)g.ny, 4, img, &png, &n);
    dx__free(img);
    if (st != DX_OK)
        return st;
    b_out->data = (char *)png;
    b_out->len = n;
    b_out->cap = n;
    return DX_OK;
}

dx_status dx_coverage_write_png(const dx_coverage_result *r, unsigned int layer, const char *path)
{
    DX_REQUIRE_PTR(r);
    DX_REQUIRE_PTR(path);
    dx__buf b;
    dx__buf_init(&b);
    DX_TRY(render_png(r, layer, path, &b));
    dx_status st = dx__write_file_atomic(path, b.data, b.len);
    dx__buf_dispose(&b);
    return st;
}

static void xml_escape(dx__buf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<':
            dx__buf_append(b, "&lt;");
            break;
        case '>':
            dx__buf_append(b, "&gt;");
            break;
        case '&':
            dx__buf_append(b, "&amp;");
            break;
        case '"':
            dx__buf_append(b, "&quot;");
            break;
        default: {
            char c[2] = {*s, 0};
            dx__buf_append(b, c);
        }
        }
    }
}

dx_status dx_coverage_write_kml(const dx_coverage_result *r, unsigned int layer, size_t n_sites,
                                const dx_site *sites, double lat0_deg, double lon0_deg,
                                const char *kml_path, const char *png_name)
{
    DX_REQUIRE_PTR(r);
    DX_REQUIRE_PTR(kml_path);
    DX_REQUIRE_PTR(png_name);
    if (n_sites && !sites)
        DX_FAIL(DX_EINVAL, "dx_coverage_write_kml: argument 'sites' is NULL");
    if (!(fabs(lat0_deg) < 89.0) || !isfinite(lon0_deg))
        DX_FAIL(DX_EDOMAIN, "dx_coverage_write_kml: lat0_deg = %g, lon0_deg = %g (allowed |lat| < 89)",
                lat0_deg, lon0_deg);
    if (strchr(png_name, '/') || strchr(png_name, '\\'))
        DX_FAIL(DX_EINVAL, "dx_coverage_write_kml: png_name = '%s' (a file name next to the KML, no folders)",
                png_name);
    /* PNG next to the KML, both in one output transaction (PNG placed first) */
    const char *slash = strrchr(kml_path, '/');
    const char *kml_name = slash ? slash + 1 : kml_path;
    if (!strcmp(kml_name, png_name))
        DX_FAIL(DX_EINVAL, "dx_coverage_write_kml: png_name = '%s' is the KML's own name", png_name);
    dx__buf pb;
    dx__buf_init(&pb);
    DX_TRY(render_png(r, layer, png_name, &pb));
    dx_grid g;
    dx_coverage_result_grid(r, &g);
    double xs[2] = {g.x0_m, g.x0_m + g.nx * g.resolution_m};
    double ys[2] = {g.y0_m, g.y0_m + g.ny * g.resolution_m};
    double lat[2], lon[2];
    dx_coverage_local_to_geo(lat0_deg, lon0_deg, 2, xs, ys, lat, lon);
    const char *lname = "layer";
    for (size_t k = 0; k < N_LAYERS; k++)
        if (layer_names[k].bit == layer)
            lname = layer_names[k].name;
    dx__buf b;
    dx__buf_init(&b);
    dx__buf_append(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                       "<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document>\n");
    dx__buf_appendf(&b, "<name>libdxsim coverage: %s</name>\n", lname);
    /* styles (issue 11): sites as labelled green pins, the overlay at 75 % opacity
     * so the base map shows through (KML colours are aabbggrr) */
    dx__buf_append(&b, "<Style id=\"site\"><IconStyle><color>ff00ff00</color><scale>0.9</scale></IconStyle>"
                       "<LabelStyle><scale>0.7</scale></LabelStyle></Style>\n");
    dx__buf_append(&b, "<GroundOverlay>\n<name>");
    dx__buf_append(&b, lname);
    dx__buf_append(&b, "</name>\n<color>bfffffff</color>\n<Icon><href>");
    xml_escape(&b, png_name);
    dx__buf_append(&b, "</href></Icon>\n<LatLonBox>\n<north>");
    append_num(&b, lat[1], 10);
    dx__buf_append(&b, "</north>\n<south>");
    append_num(&b, lat[0], 10);
    dx__buf_append(&b, "</south>\n<east>");
    append_num(&b, lon[1], 10);
    dx__buf_append(&b, "</east>\n<west>");
    append_num(&b, lon[0], 10);
    dx__buf_append(&b, "</west>\n</LatLonBox>\n</GroundOverlay>\n");
    for (size_t s = 0; s < n_sites; s++) {
        double la, lo;
        dx_coverage_local_to_geo(lat0_deg, lon0_deg, 1, &sites[s].x_m, &sites[s].y_m, &la, &lo);
        dx__buf_appendf(&b, "<Placemark>\n<name>site %zu</name>\n<styleUrl>#site</styleUrl>\n"
                           "<description>height ", s);
        append_num(&b, sites[s].height_m, 6);
        dx__buf_appendf(&b, " m, %d sector(s), channel %d</description>\n<Point><coordinates>",
                        sites[s].sectors, sites[s].channel);
        append_num(&b, lo, 10);
        dx__buf_append(&b, ",");
        append_num(&b, la, 10);
        dx__buf_append(&b, ",0</coordinates></Point>\n</Placemark>\n");
    }
    dx__buf_append(&b, "</Document>\n</kml>\n");
    dx_status st = DX_OK;
    if (b.failed) {
        dx__set_error("dx_coverage_write_kml: document text");
        st = DX_ENOMEM;
    }
    char *dir = NULL;
    if (st == DX_OK) {
        dir = slash ? dx__malloc((size_t)(slash - kml_path) + 2) : dx__strdup(".");
        if (dir && slash) {
            size_t dl = slash == kml_path ? 1 : (size_t)(slash - kml_path);
            memcpy(dir, kml_path, dl);
            dir[dl] = '\0';
        }
        if (!dir) {
            dx__set_error("dx_coverage_write_kml: out of memory");
            st = DX_ENOMEM;
        }
    }
    dx__output *t = NULL;
    if (st == DX_OK)
        st = dx__output_begin(dir, DX__OUTPUT_FILES, &t);
    if (st == DX_OK)
        st = dx__output_add(t, png_name, pb.data, pb.len);
    if (st == DX_OK)
        st = dx__output_add(t, kml_name, b.data, b.len);
    if (st == DX_OK) {
        st = dx__output_commit(t);
        t = NULL;
    }
    dx__output_abort(t);
    dx__free(dir);
    dx__buf_dispose(&pb);
    dx__buf_dispose(&b);
    return st;
}

/* ---- GeoTIFF (optional, GDAL) -------------------------------------------- */

dx_status dx_coverage_write_geotiff(const dx_coverage_result *r, unsigned int layer,
                                    double lat0_deg, double lon0_deg, const char *path)
{
    DX_REQUIRE_PTR(r);
    DX_REQUIRE_PTR(path);
#ifndef DXSIM_HAVE_GDAL
    (void)layer;
    (void)lat0_deg;
    (void)lon0_deg;
    DX_FAIL(DX_EINVAL, "dx_coverage_write_geotiff: libdxsim was built without GDAL "
                       "(configure with -DDXSIM_WITH_GDAL=ON)");
#else
    if (!(fabs(lat0_deg) < 89.0) || !isfinite(lon0_deg))
        DX_FAIL(DX_EDOMAIN, "dx_coverage_write_geotiff: lat0_deg = %g, lon0_deg = %g (allowed |lat| < 89)",
                lat0_deg, lon0_deg);
    const float *data;
    double lo, hi;
    DX_TRY(layer_scale(r, layer, &data, &lo, &hi, "dx_coverage_write_geotiff"));
    dx_grid g;
    dx_coverage_result_grid(r, &g);
    if (g.nx > 2147483647u || g.ny > 2147483647u)
        DX_FAIL(DX_EDOMAIN, "dx_coverage_write_geotiff: %zu x %zu pixels (too large)", g.nx, g.ny);
    double xs[2] = {g.x0_m, g.x0_m + g.nx * g.resolution_m};
    double ys[2] = {g.y0_m, g.y0_m + g.ny * g.resolution_m};
    double lat[2], lon[2];
    dx_coverage_local_to_geo(lat0_deg, lon0_deg, 2, xs, ys, lat, lon);
    const char *slash = strrchr(path, '/');
    char *dir = slash ? dx__malloc((size_t)(slash - path) + 2) : dx__strdup(".");
    if (!dir)
        DX_FAIL(DX_ENOMEM, "dx_coverage_write_geotiff: out of memory");
    if (slash) {
        size_t dl = slash == path ? 1 : (size_t)(slash - path);
        memcpy(dir, path, dl);
        dir[dl] = '\0';
    }
    dx__output *t = NULL;
    const char *tmp = NULL;
    dx_status st = dx__output_begin(dir, DX__OUTPUT_FILES, &t);
    dx__free(dir);
    if (st == DX_OK)
        st = dx__output_reserve(t, slash ? slash + 1 : path, &tmp);
    if (st != DX_OK) {
        dx__output_abort(t);
        return st;
    }
    GDALAllRegister(); /* idempotent driver registration */
    GDALDriverH drv = GDALGetDriverByName("GTiff");
    GDALDatasetH ds = drv ? GDALCreate(drv, tmp, (int)g.nx, (int)g.ny, 1, GDT_Float32, NULL) : NULL;
    if (!ds) {
        dx__output_abort(t);
        DX_FAIL(DX_EIO, "dx_coverage_write_geotiff: GDAL cannot create '%s'", path);
    }
    double gt[6] = {lon[0], (lon[1] - lon[0]) / (double)g.nx, 0.0,
                    lat[1], 0.0, -(lat[1] - lat[0]) / (double)g.ny};
    int bad = GDALSetGeoTransform(ds, gt) != CE_None;
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    /* JGD2011 geographic 2D; WGS 84 if the PROJ database is missing (JGD2011 is
     * ITRF2008-based: the two agree to about a metre) */
    if (OSRImportFromEPSG(srs, 6668) != OGRERR_NONE)
        OSRSetWellKnownGeogCS(srs, "WGS84");
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    char *wkt = NULL;
    if (OSRExportToWkt(srs, &wkt) == OGRERR_NONE && wkt)
        bad |= GDALSetProjection(ds, wkt) != CE_None;
    CPLFree(wkt);
    OSRDestroySpatialReference(srs);
    GDALRasterBandH band = GDALGetRasterBand(ds, 1);
    bad |= GDALSetRasterNoDataValue(band, NAN) != CE_None;
    for (size_t jj = 0; jj < g.ny && !bad; jj++) {
        size_t j = g.ny - 1 - jj; /* north up */
        bad |= GDALRasterIO(band, GF_Write, 0, (int)jj, (int)g.nx, 1, (void *)(data + j * g.nx),
                            (int)g.nx, 1, GDT_Float32, 0, 0) != CE_None;
    }
    GDALClose(ds);
    if (bad) {
        dx__output_abort(t);
        DX_FAIL(DX_EIO, "dx_coverage_write_geotiff: GDAL could not write '%s'", path);
    }
    return dx__output_commit(t);
#endif
}

/* ---- report.html's map (issue 11): the shared ramp and PNG encoder of map_render.c ---- */
void dx__coverage_ramp_rgb(double t, unsigned char rgb[3]) { ramp(t, rgb); }

dx_status dx__coverage_png_encode_rgba(size_t w, size_t h, const unsigned char *rgba,
                                       unsigned char **out, size_t *n)
{
    if (w == 0 || h == 0 || w > 100000 || h > 100000)
        DX_FAIL(DX_EDOMAIN, "map image %zu x %zu px (allowed 1..100000 each way)", w, h);
    return dx__map_png_encode((int)w, (int)h, 4, rgba, out, n);
}
