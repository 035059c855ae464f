/*
 * DEM mosaic: GSI 基盤地図情報 数値標高モデル (JPGIS 2014 GML) reader, zip
 * archives, synthetic grids, elevation queries and geodesic profiles.
 *
 * Format rules follow GSI's FGD_DLFileSpec and the checks in
 * shared/docs/geodata.md §1: +x-y order (rows from the north), gml:startPoint
 * offset, missing trailing tuples = no data, 海水面 = 0 m sea, -9999 = no data,
 * BOM and CRLF tolerated, DOCTYPE refused, XML_PARSE_HUGE for full DEM10B
 * tiles, XML_PARSE_NONET and no entity substitution.
 *
 * Zip archives (GSI distributes DEMs as zips) are read with minizip
 * (Debian libminizip-dev, zlib licence): a small, stable library already in
 * Debian that needs nothing beyond zlib, whereas GDAL's /vsizip/ would make
 * GDAL (optional in libdxsim) mandatory for the normal GSI download.
 */
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <geodesic.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <unzip.h>

#include "dx_internal.h"
#include "terrain_internal.h"

#define FGD_NS "http://fgd.gsi.go.jp/spec/2008/FGD_GMLSchema"
#define UNITS_PER_DEG 18000L /* 0.2" units */
#define ZIP_MEMBER_MAX_BYTES ((size_t)1 << 30) /* 1 GiB: far above a DEM10B tile (16 MB) */

/* ---------------------------------------------------------------------- */
/* Mosaic                                                                  */

dx_status dx_dem_create(dx_dem **out)
{
    DX_REQUIRE_PTR(out);
    *out = dx__calloc(1, sizeof(dx_dem));
    if (!*out)
        DX_FAIL(DX_ENOMEM, "dx_dem_create: out of memory");
    return DX_OK;
}

void dx_dem_free(dx_dem *dem)
{
    if (!dem)
        return;
    /* shared by a scenario and the plans made from it (dx__dem_retain) */
    if (__atomic_sub_fetch(&dem->extra_refs, 1, __ATOMIC_ACQ_REL) >= 0)
        return;
    dx__terrain_cache_clear(dem);
    for (size_t i = 0; i < dem->n; i++) {
        dx__free(dem->t[i].h);
        dx__free(dem->t[i].cls);
    }
    dx__free(dem->t);
    dx__free(dem->key);
    dx__free(dem->key_tile);
    dx__free(dem);
}

const dx_dem *dx__dem_retain(const dx_dem *dem)
{
    if (dem)
        __atomic_add_fetch(&((dx_dem *)dem)->extra_refs, 1, __ATOMIC_RELAXED);
    return dem;
}

static long long mesh_int(const char *code)
{
    long long v = 0;
    for (const char *p = code; *p; p++)
        v = v * 10 + (*p - '0');
    return v;
}

/* Rebuilds the mesh-code index after an insertion (tiles are few thousand at
 * most); the key arrays hold dem->cap entries (reserved by dem_insert). */
static void dem_reindex(dx_dem *dem)
{
    size_t m = 0;
    dem->products = 0;
    for (size_t i = 0; i < dem->n; i++) {
        dem->products |= 1u << dem->t[i].info.product;
        if (!dem->t[i].info.mesh_code[0])
            continue;
        long long key = (long long)dem->t[i].info.product * 10000000000LL +
                        mesh_int(dem->t[i].info.mesh_code);
        /* insertion into the sorted array */
        size_t j = m++;
        while (j > 0 && dem->key[j - 1] > key) {
            dem->key[j] = dem->key[j - 1];
            dem->key_tile[j] = dem->key_tile[j - 1];
            j--;
        }
        dem->key[j] = key;
        dem->key_tile[j] = i;
    }
    dem->n_key = m;
}

/* Inserts a tile keeping the array sorted by product priority (stable). */
static dx_status dem_insert(dx_dem *dem, dx__dem_tile *t)
{
    if (dem->n == dem->cap) {
        size_t cap = dem->cap ? dem->cap * 2 : 8;
        dx__dem_tile *nt = dx__realloc(dem->t, cap * sizeof *nt);
        if (!nt)
            DX_FAIL(DX_ENOMEM, "dx_dem: out of memory for %zu tiles", cap);
        dem->t = nt;
        long long *k = dx__realloc(dem->key, cap * sizeof *k);
        if (!k)
            DX_FAIL(DX_ENOMEM, "dx_dem: out of memory for the tile index");
        dem->key = k;
        size_t *kt = dx__realloc(dem->key_tile, cap * sizeof *kt);
        if (!kt)
            DX_FAIL(DX_ENOMEM, "dx_dem: out of memory for the tile index");
        dem->key_tile = kt;
        dem->cap = cap;
    }
    dx__terrain_cache_clear(dem); /* cached losses were computed on the old mosaic */
    size_t pos = dem->n;
    while (pos > 0 && dem->t[pos - 1].info.product > t->info.product)
        pos--;
    memmove(dem->t + pos + 1, dem->t + pos, (dem->n - pos) * sizeof *t);
    dem->t[pos] = *t;
    dem->n++;
    /* a newer edition of the same mesh and product replaces the older one */
    for (size_t i = 0; i < dem->n; i++) {
        if (i == pos || dem->t[i].info.product != t->info.product || !t->info.mesh_code[0] ||
            strcmp(dem->t[i].info.mesh_code, t->info.mesh_code) != 0)
            continue;
        size_t drop = dem->t[i].info.edition_yyyymmdd <= t->info.edition_yyyymmdd ? i : pos;
        dx__free(dem->t[drop].h);
        dx__free(dem->t[drop].cls);
        memmove(dem->t + drop, dem->t + drop + 1, (dem->n - drop - 1) * sizeof *t);
        dem->n--;
        break;
    }
    dem_reindex(dem);
    return DX_OK;
}

size_t dx_dem_tile_count(const dx_dem *dem) { return dem ? dem->n : 0; }

dx_status dx_dem_tile_info_get(const dx_dem *dem, size_t index, dx_dem_tile_info *out)
{
    DX_REQUIRE_PTR(dem);
    DX_REQUIRE_PTR(out);
    if (index >= dem->n)
        DX_FAIL(DX_EINVAL, "dx_dem_tile_info_get: index %zu (the DEM has %zu tiles)", index,
                dem->n);
    *out = dem->t[index].info;
    return DX_OK;
}

dx_status dx_dem_tile_cells(const dx_dem *dem, size_t index, size_t cap, float *out_height_m,
                            unsigned char *out_class)
{
    DX_REQUIRE_PTR(dem);
    DX_REQUIRE_PTR(out_height_m);
    if (index >= dem->n)
        DX_FAIL(DX_EINVAL, "dx_dem_tile_cells: index %zu (the DEM has %zu tiles)", index, dem->n);
    const dx__dem_tile *t = &dem->t[index];
    size_t nc = t->info.rows * t->info.cols;
    if (cap < nc)
        DX_FAIL(DX_EBUFSIZE, "dx_dem_tile_cells: cap %zu < rows*cols = %zu", cap, nc);
    memcpy(out_height_m, t->h, nc * sizeof(float));
    if (out_class)
        memcpy(out_class, t->cls, nc);
    return DX_OK;
}

dx_status dx_dem_add_grid(dx_dem *dem, double south_deg, double west_deg, double dlat_deg,
                          double dlon_deg, size_t rows, size_t cols, const float *heights_m)
{
    DX_REQUIRE_PTR(dem);
    DX_REQUIRE_PTR(heights_m);
    if (!(south_deg >= -90.0 && south_deg < 90.0))
        DX_FAIL(DX_EDOMAIN, "dx_dem_add_grid: south_deg = %g (allowed -90..90)", south_deg);
    if (!(west_deg >= -180.0 && west_deg < 360.0))
        DX_FAIL(DX_EDOMAIN, "dx_dem_add_grid: west_deg = %g (allowed -180..360)", west_deg);
    if (!(dlat_deg > 0.0 && dlat_deg <= 10.0) || !(dlon_deg > 0.0 && dlon_deg <= 10.0))
        DX_FAIL(DX_EDOMAIN, "dx_dem_add_grid: cell size %g x %g deg (allowed (0, 10])", dlat_deg,
                dlon_deg);
    if (rows == 0 || cols == 0 || rows > 100000 || cols > 100000)
        DX_FAIL(DX_EINVAL, "dx_dem_add_grid: %zu rows x %zu cols (allowed 1..100000 each)", rows,
                cols);
    if (south_deg + rows * dlat_deg > 90.0 + 1e-9)
        DX_FAIL(DX_EDOMAIN, "dx_dem_add_grid: grid reaches latitude %g deg (> 90)",
                south_deg + rows * dlat_deg);
    dx__dem_tile t;
    memset(&t, 0, sizeof t);
    size_t nc = rows * cols;
    t.h = dx__malloc(nc * sizeof(float));
    t.cls = dx__malloc(nc);
    if (!t.h || !t.cls) {
        dx__free(t.h);
        dx__free(t.cls);
        DX_FAIL(DX_ENOMEM, "dx_dem_add_grid: out of memory for %zu cells", nc);
    }
    for (size_t i = 0; i < nc; i++) {
        float v = heights_m[i];
        if (isfinite(v)) {
            t.h[i] = v;
            t.cls[i] = DX_DEM_CLASS_GROUND;
        } else {
            t.h[i] = NAN;
            t.cls[i] = DX_DEM_CLASS_NODATA;
            t.info.n_nodata++;
        }
    }
    t.info.product = DX_DEM_PRODUCT_GRID;
    t.info.rows = rows;
    t.info.cols = cols;
    t.info.n_tuples = nc;
    t.info.south_deg = south_deg;
    t.info.west_deg = west_deg;
    t.info.dlat_deg = dlat_deg;
    t.info.dlon_deg = dlon_deg;
    t.info.north_deg = south_deg + rows * dlat_deg;
    t.info.east_deg = west_deg + cols * dlon_deg;
    dx_status st = dem_insert(dem, &t);
    if (st != DX_OK) {
        dx__free(t.h);
        dx__free(t.cls);
    }
    return st;
}

/* ---------------------------------------------------------------------- */
/* Mesh codes                                                              */

/* Parses 4, 6 or 8 digits into the SW corner and size in 0.2" units. */
static int mesh_units(const char *code, long *s, long *w, long *ds, long *dw)
{
    size_t L = strlen(code);
    if (L != 4 && L != 6 && L != 8)
        return -1;
    for (size_t i = 0; i < L; i++)
        if (!isdigit((unsigned char)code[i]))
            return -1;
    long pp = (code[0] - '0') * 10 + (code[1] - '0');
    long uu = (code[2] - '0') * 10 + (code[3] - '0');
    *s = pp * 12000; /* 40' = 12000 units */
    *w = (uu + 100) * UNITS_PER_DEG;
    *ds = 12000;
    *dw = UNITS_PER_DEG;
    if (L >= 6) {
        long q = code[4] - '0', v = code[5] - '0';
        if (q > 7 || v > 7)
            return -1;
        *s += q * 1500; /* 5' */
        *w += v * 2250; /* 7'30" */
        *ds = 1500;
        *dw = 2250;
    }
    if (L == 8) {
        long r = code[6] - '0', x = code[7] - '0';
        *s += r * 150; /* 30" */
        *w += x * 225; /* 45" */
        *ds = 150;
        *dw = 225;
    }
    return 0;
}

dx_status dx_mesh_bounds(const char *mesh_code, double *out_south_deg, double *out_west_deg,
                         double *out_north_deg, double *out_east_deg)
{
    DX_REQUIRE_PTR(mesh_code);
    long s, w, ds, dw;
    if (mesh_units(mesh_code, &s, &w, &ds, &dw) != 0)
        DX_FAIL(DX_EINVAL,
                "dx_mesh_bounds: mesh code '%.20s' (need 4, 6 or 8 digits; 2nd-level digits 0-7)",
                mesh_code);
    if (out_south_deg)
        *out_south_deg = (double)s / UNITS_PER_DEG;
    if (out_west_deg)
        *out_west_deg = (double)w / UNITS_PER_DEG;
    if (out_north_deg)
        *out_north_deg = (double)(s + ds) / UNITS_PER_DEG;
    if (out_east_deg)
        *out_east_deg = (double)(w + dw) / UNITS_PER_DEG;
    return DX_OK;
}

dx_status dx_mesh_code(double lat_deg, double lon_deg, int level, char *out_code, size_t cap)
{
    DX_REQUIRE_PTR(out_code);
    if (!(lat_deg >= 0.0 && lat_deg < 66.66) || !(lon_deg >= 100.0 && lon_deg < 200.0))
        DX_FAIL(DX_EDOMAIN,
                "dx_mesh_code: point %g N %g E outside the JIS X 0410 area (lat 0..66.66, lon "
                "100..200)",
                lat_deg, lon_deg);
    if (level < 1 || level > 3)
        DX_FAIL(DX_EINVAL, "dx_mesh_code: level %d (allowed 1..3)", level);
    if (cap < 9)
        DX_FAIL(DX_EBUFSIZE, "dx_mesh_code: cap %zu (need >= 9)", cap);
    /* work in 0.2" units, rounded down */
    long s = (long)floor(lat_deg * UNITS_PER_DEG + 1e-7);
    long w = (long)floor(lon_deg * UNITS_PER_DEG + 1e-7);
    long pp = s / 12000, uu = w / UNITS_PER_DEG - 100;
    long rs = s - pp * 12000, rw = w - (uu + 100) * UNITS_PER_DEG;
    long q = rs / 1500, v = rw / 2250;
    long r = (rs - q * 1500) / 150, x = (rw - v * 2250) / 225;
    if (level == 1)
        snprintf(out_code, cap, "%02ld%02ld", pp, uu);
    else if (level == 2)
        snprintf(out_code, cap, "%02ld%02ld%ld%ld", pp, uu, q, v);
    else
        snprintf(out_code, cap, "%02ld%02ld%ld%ld%ld%ld", pp, uu, q, v, r, x);
    return DX_OK;
}

/* ---------------------------------------------------------------------- */
/* GSI XML                                                                 */

static xmlNode *find_elem(xmlNode *n, const char *local)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (strcmp((const char *)n->name, local) == 0)
            return n;
        xmlNode *c = find_elem(n->children, local);
        if (c)
            return c;
    }
    return NULL;
}

/* Text of the first element named local below n (trimmed copy into buf). */
static const char *elem_text(xmlNode *n, const char *local, char *buf, size_t cap)
{
    xmlNode *e = find_elem(n, local);
    if (!e)
        return NULL;
    xmlChar *t = xmlNodeGetContent(e);
    if (!t)
        return NULL;
    snprintf(buf, cap, "%s", (const char *)t);
    xmlFree(t);
    return dx__trim(buf);
}

static int parse_two(const char *s, double *a, double *b)
{
    char tmp[128];
    snprintf(tmp, sizeof tmp, "%s", s);
    char *p = dx__trim(tmp);
    char *sp = p;
    while (*sp && !isspace((unsigned char)*sp))
        sp++;
    if (!*sp)
        return -1;
    *sp++ = '\0';
    while (isspace((unsigned char)*sp))
        sp++;
    return (dx__parse_double(p, a) == 0 && dx__parse_double(dx__trim(sp), b) == 0) ? 0 : -1;
}

/* Locale-free "[-]digits[.digits]" parser; returns end pointer or NULL. */
static const char *fast_number(const char *p, const char *end, double *out)
{
    int neg = 0;
    if (p < end && (*p == '-' || *p == '+')) {
        neg = *p == '-';
        p++;
    }
    double v = 0.0;
    int digits = 0;
    while (p < end && *p >= '0' && *p <= '9') {
        v = v * 10.0 + (*p - '0');
        p++;
        digits++;
    }
    if (p < end && *p == '.') {
        p++;
        double scale = 0.1;
        long frac = 0, div = 1;
        int fd = 0;
        while (p < end && *p >= '0' && *p <= '9') {
            if (fd < 15) {
                frac = frac * 10 + (*p - '0');
                div *= 10;
            }
            p++;
            fd++;
            digits++;
        }
        (void)scale;
        v += (double)frac / (double)div;
    }
    if (!digits)
        return NULL;
    *out = neg ? -v : v;
    return p;
}

/* UTF-8 labels (geodata.md §1.5). */
static int label_class(const char *l, size_t n, double v, float *h, unsigned char *c)
{
#define LBL(s) (n == sizeof(s) - 1 && memcmp(l, s, n) == 0)
    const int nodata = v <= -9998.0;
    if (LBL("地表面") || LBL("表層面") || LBL("その他")) {
        *c = nodata ? DX_DEM_CLASS_NODATA : DX_DEM_CLASS_GROUND;
    } else if (LBL("海水面") || LBL("海水底面")) {
        *c = DX_DEM_CLASS_SEA;
        *h = 0.0f;
        return 0;
    } else if (LBL("内水面")) {
        *c = nodata ? DX_DEM_CLASS_NODATA : DX_DEM_CLASS_INLAND_WATER;
    } else if (LBL("内水底面") || LBL("データなし")) {
        /* inland-water bottom: the water surface height is unknown -> no data */
        *c = DX_DEM_CLASS_NODATA;
    } else {
        return -1;
    }
#undef LBL
    *h = *c == DX_DEM_CLASS_NODATA ? NAN : (float)v;
    return 0;
}

static int product_from(const char *type, const char *name)
{
    char up[512];
    size_t i = 0;
    for (; name && name[i] && i < sizeof up - 1; i++)
        up[i] = (char)toupper((unsigned char)name[i]);
    up[i] = '\0';
    /* file names tell 5B from 5C (same <type> string) */
    if (strstr(up, "DEM1A"))
        return DX_DEM_PRODUCT_DEM1A;
    if (strstr(up, "DEM5A"))
        return DX_DEM_PRODUCT_DEM5A;
    if (strstr(up, "DEM5B"))
        return DX_DEM_PRODUCT_DEM5B;
    if (strstr(up, "DEM5C"))
        return DX_DEM_PRODUCT_DEM5C;
    if (strstr(up, "DEM10A"))
        return DX_DEM_PRODUCT_DEM10A;
    if (strstr(up, "DEM10B"))
        return DX_DEM_PRODUCT_DEM10B;
    if (!type)
        return 0;
    if (strcmp(type, "1mメッシュ（標高）") == 0)
        return DX_DEM_PRODUCT_DEM1A;
    if (strcmp(type, "5mメッシュ（標高）") == 0)
        return DX_DEM_PRODUCT_DEM5A;
    if (strcmp(type, "5mメッシュ（数値地形）") == 0)
        return DX_DEM_PRODUCT_DEM5B;
    if (strcmp(type, "10mメッシュ（火山標高）") == 0)
        return DX_DEM_PRODUCT_DEM10A;
    if (strcmp(type, "10mメッシュ（標高）") == 0)
        return DX_DEM_PRODUCT_DEM10B;
    return 0;
}

/* 1 when the text declares a DOCTYPE before its root element. */
/* Parses one document. skip_non_dem: return 1 (not an error) when the
 * document is well-formed but not a GSI DEM dataset. */
static dx_status parse_gsi(dx_dem *dem, const char *name, const char *xml, size_t len,
                           int skip_non_dem, int *out_skipped)
{
    if (out_skipped)
        *out_skipped = 0;
    if (len > (size_t)INT32_MAX)
        DX_FAIL(DX_EPARSE, "%s: %zu bytes is too large for one DEM document", name, len);
    /* dx__xml_read: no network, no entities, a DOCTYPE refused in any
     * encoding (the byte search before missed UTF-16); HUGE for full tiles */
    xmlDoc *doc = NULL;
    DX_TRY(dx__xml_read(xml, len, name, "a DEM file", XML_PARSE_HUGE, &doc));
    dx_status st = DX_OK;
    dx__dem_tile t;
    memset(&t, 0, sizeof t);
    char buf[256], buf2[256];
    xmlNode *root = xmlDocGetRootElement(doc);
    xmlNode *demn = NULL;
    if (root && strcmp((const char *)root->name, "Dataset") == 0 && root->ns &&
        strcmp((const char *)root->ns->href, FGD_NS) == 0)
        demn = find_elem(root->children, "DEM");
    if (!demn) {
        xmlFreeDoc(doc);
        if (skip_non_dem) {
            if (out_skipped)
                *out_skipped = 1;
            return DX_OK;
        }
        DX_FAIL(DX_EPARSE, "%s: not a GSI DEM dataset (root must be Dataset in namespace %s "
                           "with a DEM child)",
                name, FGD_NS);
    }
#define PFAIL(...)                                                                             \
    do {                                                                                       \
        dx__set_error(__VA_ARGS__);                                                            \
        st = DX_EPARSE;                                                                        \
        goto done;                                                                             \
    } while (0)
    const char *type = elem_text(demn, "type", buf2, sizeof buf2);
    t.info.product = product_from(type, name);
    if (!t.info.product)
        PFAIL("%s: unknown DEM <type> '%s'", name, type ? type : "(missing)");
    const char *mesh = elem_text(demn, "mesh", buf, sizeof buf);
    if (!mesh)
        PFAIL("%s: <mesh> missing", name);
    snprintf(t.info.mesh_code, sizeof t.info.mesh_code, "%s", mesh);
    long ms, mw, mds, mdw;
    if (mesh_units(t.info.mesh_code, &ms, &mw, &mds, &mdw) != 0 || strlen(mesh) == 4)
        PFAIL("%s: <mesh> '%s' is not a 6- or 8-digit mesh code", name, mesh);
    {
        xmlNode *lf = find_elem(demn->children, "lfSpanFr");
        const char *d = lf ? elem_text(lf->children, "timePosition", buf, sizeof buf) : NULL;
        int y, m, dd;
        if (d && sscanf(d, "%d-%d-%d", &y, &m, &dd) == 3)
            t.info.edition_yyyymmdd = y * 10000 + m * 100 + dd;
    }
    xmlNode *env = find_elem(demn->children, "Envelope");
    if (!env)
        PFAIL("%s: gml:Envelope missing", name);
    {
        xmlChar *srs = xmlGetProp(env, (const xmlChar *)"srsName");
        int ok = srs && (strstr((const char *)srs, "jgd2011") || strstr((const char *)srs, "jgd2000") ||
                         strstr((const char *)srs, "jgd2024"));
        if (!ok) {
            snprintf(buf, sizeof buf, "%s", srs ? (const char *)srs : "(missing)");
            xmlFree(srs);
            PFAIL("%s: srsName '%s' (expected fguuid:jgd2011.bl, jgd2000.bl or jgd2024.bl)",
                  name, buf);
        }
        xmlFree(srs);
    }
    double lat0, lon0, lat1, lon1;
    const char *lc = elem_text(env->children, "lowerCorner", buf, sizeof buf);
    if (!lc || parse_two(lc, &lat0, &lon0) != 0)
        PFAIL("%s: gml:lowerCorner '%s' is not 'lat lon'", name, lc ? lc : "(missing)");
    const char *uc = elem_text(env->children, "upperCorner", buf, sizeof buf);
    if (!uc || parse_two(uc, &lat1, &lon1) != 0)
        PFAIL("%s: gml:upperCorner '%s' is not 'lat lon'", name, uc ? uc : "(missing)");
    t.info.south_deg = (double)ms / UNITS_PER_DEG;
    t.info.west_deg = (double)mw / UNITS_PER_DEG;
    t.info.north_deg = (double)(ms + mds) / UNITS_PER_DEG;
    t.info.east_deg = (double)(mw + mdw) / UNITS_PER_DEG;
    /* !(d <= tol): a NaN corner ("nan 138.5") compared false and passed */
    if (!(fabs(lat0 - t.info.south_deg) <= 1e-6) || !(fabs(lon0 - t.info.west_deg) <= 1e-6) ||
        !(fabs(lat1 - t.info.north_deg) <= 1e-6) || !(fabs(lon1 - t.info.east_deg) <= 1e-6))
        PFAIL("%s: envelope %.9f %.9f .. %.9f %.9f does not match mesh %s (%.9f %.9f .. %.9f "
              "%.9f)",
              name, lat0, lon0, lat1, lon1, t.info.mesh_code, t.info.south_deg, t.info.west_deg,
              t.info.north_deg, t.info.east_deg);
    double lx, ly, hx, hy;
    const char *low = elem_text(demn->children, "low", buf, sizeof buf);
    if (!low || parse_two(low, &lx, &ly) != 0 || lx != 0.0 || ly != 0.0)
        PFAIL("%s: gml:GridEnvelope low '%s' (must be '0 0')", name, low ? low : "(missing)");
    const char *high = elem_text(demn->children, "high", buf, sizeof buf);
    if (!high || parse_two(high, &hx, &hy) != 0 || hx < 0 || hy < 0 || hx > 99999 ||
        hy > 99999 || hx != floor(hx) || hy != floor(hy))
        PFAIL("%s: gml:GridEnvelope high '%s' (need two integers 0..99999)", name,
              high ? high : "(missing)");
    t.info.cols = (size_t)hx + 1;
    t.info.rows = (size_t)hy + 1;
    t.info.dlat_deg = (t.info.north_deg - t.info.south_deg) / (double)t.info.rows;
    t.info.dlon_deg = (t.info.east_deg - t.info.west_deg) / (double)t.info.cols;
    {
        xmlNode *seq = find_elem(demn->children, "sequenceRule");
        if (seq) {
            xmlChar *ord = xmlGetProp(seq, (const xmlChar *)"order");
            int ok = !ord || strcmp((const char *)ord, "+x-y") == 0;
            snprintf(buf, sizeof buf, "%s", ord ? (const char *)ord : "");
            xmlFree(ord);
            if (!ok)
                PFAIL("%s: gml:sequenceRule order '%s' (only +x-y is defined for GSI DEMs)",
                      name, buf);
        }
    }
    double sx = 0, sy = 0;
    const char *sp = elem_text(demn->children, "startPoint", buf, sizeof buf);
    if (sp && (parse_two(sp, &sx, &sy) != 0 || sx < 0 || sy < 0 || sx >= (double)t.info.cols ||
               sy >= (double)t.info.rows || sx != floor(sx) || sy != floor(sy)))
        PFAIL("%s: gml:startPoint '%s' outside the %zu x %zu grid", name, sp, t.info.cols,
              t.info.rows);
    t.info.start_col = (size_t)sx;
    t.info.start_row = (size_t)sy;
    const size_t ncell = t.info.rows * t.info.cols;
    t.h = dx__malloc(ncell * sizeof(float));
    t.cls = dx__malloc(ncell);
    if (!t.h || !t.cls) {
        dx__set_error("%s: out of memory for %zu cells", name, ncell);
        st = DX_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < ncell; i++) {
        t.h[i] = NAN;
        t.cls[i] = DX_DEM_CLASS_NODATA;
    }
    xmlNode *tl = find_elem(demn->children, "tupleList");
    xmlChar *text = tl ? xmlNodeGetContent(tl) : NULL;
    size_t k = t.info.start_row * t.info.cols + t.info.start_col;
    size_t line_no = 0;
    if (text) {
        const char *p = (const char *)text;
        const char *end = p + strlen(p);
        while (p < end) {
            const char *eol = memchr(p, '\n', (size_t)(end - p));
            if (!eol)
                eol = end;
            const char *a = p, *b = eol;
            while (a < b && (unsigned char)*a <= ' ')
                a++;
            while (b > a && (unsigned char)b[-1] <= ' ')
                b--;
            p = eol + 1;
            if (a == b)
                continue;
            line_no++;
            const char *comma = memchr(a, ',', (size_t)(b - a));
            double v;
            const char *ne = comma ? fast_number(comma + 1, b, &v) : NULL;
            if (!comma || !ne || ne != b) {
                int L = (int)(b - a) > 60 ? 60 : (int)(b - a);
                dx__set_error("%s: tuple %zu '%.*s' is not 'label,value'", name, line_no, L, a);
                xmlFree(text);
                st = DX_EPARSE;
                goto done;
            }
            if (k >= ncell) {
                xmlFree(text);
                PFAIL("%s: more tuples than the grid holds (%zu cells, start %zu %zu)", name,
                      ncell, t.info.start_col, t.info.start_row);
            }
            if (label_class(a, (size_t)(comma - a), v, &t.h[k], &t.cls[k]) != 0) {
                int L = (int)(comma - a) > 40 ? 40 : (int)(comma - a);
                dx__set_error("%s: tuple %zu has unknown label '%.*s'", name, line_no, L, a);
                xmlFree(text);
                st = DX_EPARSE;
                goto done;
            }
            k++;
        }
        xmlFree(text);
    }
    t.info.n_tuples = line_no;
    for (size_t i = 0; i < ncell; i++) {
        if (t.cls[i] == DX_DEM_CLASS_NODATA)
            t.info.n_nodata++;
        else if (t.cls[i] == DX_DEM_CLASS_SEA)
            t.info.n_sea++;
    }
    st = dem_insert(dem, &t);
    if (st == DX_OK) {
        t.h = NULL;
        t.cls = NULL;
    }
#undef PFAIL
done:
    dx__free(t.h);
    dx__free(t.cls);
    xmlFreeDoc(doc);
    return st;
}

dx_status dx_dem_add_gsi_xml_memory(dx_dem *dem, const char *name, const char *xml, size_t len)
{
    DX_REQUIRE_PTR(dem);
    DX_REQUIRE_PTR(xml);
    return parse_gsi(dem, name ? name : "(memory)", xml, len, 0, NULL);
}

/* Largest DEM XML tile read: 256 MiB (ASSUMED; a DEM5A tile is ~10 MB, DEM1A ~60 MB). */
#define DX__DEM_MAX_BYTES ((size_t)256 << 20)

static dx_status read_whole(const char *path, char **out, size_t *len)
{
    return dx__file_read(path, DX__DEM_MAX_BYTES, "a DEM tile", "256 MiB", out, len);
}

static dx_status add_zip(dx_dem *dem, const char *path)
{
    /* minizip opens the file itself (blocking): refuse a FIFO or device first */
    DX_TRY(dx__file_check_regular(path, "a DEM archive"));
    unzFile z = unzOpen64(path);
    if (!z)
        DX_FAIL(DX_EIO, "%s: cannot open as a zip archive", path);
    dx_status st = DX_OK;
    size_t n_dem = 0;
    int rc = unzGoToFirstFile(z);
    while (rc == UNZ_OK) {
        unz_file_info64 fi;
        char mname[512];
        if (unzGetCurrentFileInfo64(z, &fi, mname, sizeof mname, NULL, 0, NULL, 0) != UNZ_OK) {
            dx__set_error("%s: corrupt zip directory", path);
            st = DX_EIO;
            break;
        }
        size_t L = strlen(mname);
        int is_xml = L > 4 && (strcmp(mname + L - 4, ".xml") == 0 || strcmp(mname + L - 4, ".XML") == 0);
        if (is_xml) {
            if (fi.uncompressed_size > ZIP_MEMBER_MAX_BYTES) {
                dx__set_error("%s: member %s is %llu bytes (limit %zu)", path, mname,
                              (unsigned long long)fi.uncompressed_size, ZIP_MEMBER_MAX_BYTES);
                st = DX_EIO;
                break;
            }
            size_t sz = (size_t)fi.uncompressed_size;
            char *b = dx__malloc(sz + 1);
            if (!b) {
                dx__set_error("%s: out of memory for member %s", path, mname);
                st = DX_ENOMEM;
                break;
            }
            int got = -1;
            if (unzOpenCurrentFile(z) == UNZ_OK) {
                got = sz ? unzReadCurrentFile(z, b, (unsigned)sz) : 0;
                if (unzCloseCurrentFile(z) != UNZ_OK) /* CRC check */
                    got = -1;
            }
            if (got != (int)sz) {
                dx__free(b);
                dx__set_error("%s: member %s could not be read (corrupt or truncated)", path,
                              mname);
                st = DX_EIO;
                break;
            }
            b[sz] = '\0';
            char full[1100];
            snprintf(full, sizeof full, "%s:%s", path, mname);
            int skipped = 0;
            st = parse_gsi(dem, full, b, sz, 1, &skipped);
            dx__free(b);
            if (st != DX_OK)
                break;
            if (!skipped)
                n_dem++;
        }
        rc = unzGoToNextFile(z);
    }
    if (st == DX_OK && rc != UNZ_END_OF_LIST_OF_FILE) {
        dx__set_error("%s: corrupt zip directory (minizip code %d)", path, rc);
        st = DX_EIO;
    }
    unzClose(z);
    if (st == DX_OK && n_dem == 0)
        DX_FAIL(DX_EPARSE, "%s: the zip holds no GSI DEM XML", path);
    return st;
}

dx_status dx_dem_add_file(dx_dem *dem, const char *path)
{
    DX_REQUIRE_PTR(dem);
    DX_REQUIRE_PTR(path);
    size_t L = strlen(path);
    if (L > 4 && (strcmp(path + L - 4, ".zip") == 0 || strcmp(path + L - 4, ".ZIP") == 0))
        return add_zip(dem, path);
    char *b;
    size_t n;
    DX_TRY(read_whole(path, &b, &n));
    dx_status st = parse_gsi(dem, path, b, n, 0, NULL);
    dx__free(b);
    return st;
}

/* ---------------------------------------------------------------------- */
/* Queries                                                                 */

static int tile_contains(const dx__dem_tile *t, double lat, double lon)
{
    return lat >= t->info.south_deg && lat < t->info.north_deg && lon >= t->info.west_deg &&
           lon < t->info.east_deg;
}

/* Index of the cell at row coordinate u = (north - lat) / dlat and column
 * coordinate v = (lon - west) / dlon of tile t, clamped to the tile. */
static size_t tile_index(const dx__dem_tile *t, double u, double v)
{
    long r = (long)u, q = (long)v;
    if (r < 0)
        r = 0;
    if (q < 0)
        q = 0;
    if (r >= (long)t->info.rows)
        r = (long)t->info.rows - 1;
    if (q >= (long)t->info.cols)
        q = (long)t->info.cols - 1;
    return (size_t)r * t->info.cols + (size_t)q;
}

/* Value of the cell containing (lat, lon) in tile t; 0 when no data. */
static int tile_cell(const dx__dem_tile *t, double lat, double lon, float *h, unsigned char *c)
{
    size_t i = tile_index(t, (t->info.north_deg - lat) / t->info.dlat_deg,
                          (lon - t->info.west_deg) / t->info.dlon_deg);
    if (t->cls[i] == DX_DEM_CLASS_NODATA)
        return 0;
    *h = t->h[i];
    *c = t->cls[i];
    return 1;
}

/* Mesh code (as an integer) of the 3rd (level 3) or 2nd (level 2) mesh of a point. */
static long long point_mesh(double lat, double lon, int level)
{
    const long s = (long)floor(lat * UNITS_PER_DEG + 1e-7);
    const long w = (long)floor(lon * UNITS_PER_DEG + 1e-7);
    const long pp = s / 12000, uu = w / UNITS_PER_DEG - 100;
    const long rs = s - pp * 12000, rw = w - (uu + 100) * UNITS_PER_DEG;
    const long q = rs / 1500, v = rw / 2250;
    if (level == 2)
        return pp * 10000 + uu * 100 + q * 10 + v;
    const long r = (rs - q * 1500) / 150, x = (rw - v * 2250) / 225;
    return pp * 1000000 + uu * 10000 + q * 1000 + v * 100 + r * 10 + x;
}

int dx__dem_nearest(const dx_dem *dem, double lat, double lon, size_t *hint, float *h,
                    unsigned char *c)
{
    if (dem->n == 0)
        return 0;
    /* the last tile used, when nothing better than its product is loaded */
    if (hint && *hint < dem->n) {
        const dx__dem_tile *t = &dem->t[*hint];
        if (t->info.product == dem->t[0].info.product && tile_contains(t, lat, lon) &&
            tile_cell(t, lat, lon, h, c))
            return 1;
    }
    /* GSI products in priority order, found by mesh code */
    if (lat >= 0.0 && lat < 66.66 && lon >= 100.0 && lon < 200.0) {
        for (int pr = DX_DEM_PRODUCT_DEM1A; pr <= DX_DEM_PRODUCT_DEM10B; pr++) {
            if (!(dem->products & (1u << pr)))
                continue;
            const long long key = (long long)pr * 10000000000LL +
                                  point_mesh(lat, lon, pr <= DX_DEM_PRODUCT_DEM5C ? 3 : 2);
            size_t lo = 0, hi = dem->n_key;
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (dem->key[mid] < key)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            if (lo < dem->n_key && dem->key[lo] == key) {
                const size_t i = dem->key_tile[lo];
                if (tile_contains(&dem->t[i], lat, lon) && tile_cell(&dem->t[i], lat, lon, h, c)) {
                    if (hint)
                        *hint = i;
                    return 1;
                }
            }
        }
    }
    /* grids (last in priority), by a scan */
    for (size_t i = 0; i < dem->n; i++) {
        const dx__dem_tile *t = &dem->t[i];
        if (t->info.product != DX_DEM_PRODUCT_GRID)
            continue;
        if (tile_contains(t, lat, lon) && tile_cell(t, lat, lon, h, c)) {
            if (hint)
                *hint = i;
            return 1;
        }
    }
    return 0;
}

/* floor(x) as a long, exact for |x| < 2^52 (no libm call on baseline x86-64) */
static inline long floor_long(double x)
{
    long t = (long)x;
    return (double)t > x ? t - 1 : t;
}

static inline __attribute__((always_inline)) int
bilinear_at(const dx_dem *dem, double lat, double lon, size_t *hint, double *h, unsigned char *c)
{
    /* lattice of the best tile with data at the point */
    float h0;
    unsigned char c0;
    size_t ti = hint ? *hint : 0;
    double u, v; /* (north - lat) / dlat and (lon - west) / dlon in that tile */
    const dx__dem_tile *t;
    if (dem->n && ti < dem->n && dem->t[ti].info.product == dem->t[0].info.product &&
        tile_contains(&dem->t[ti], lat, lon)) {
        /* the hint's tile (what dx__dem_nearest tries first), its cell
         * computed once for the lookup and the weights */
        t = &dem->t[ti];
        u = (t->info.north_deg - lat) / t->info.dlat_deg;
        v = (lon - t->info.west_deg) / t->info.dlon_deg;
        const size_t i = tile_index(t, u, v);
        if (t->cls[i] == DX_DEM_CLASS_NODATA)
            goto general;
        h0 = t->h[i];
        c0 = t->cls[i];
    } else {
    general:
        ti = hint ? *hint : 0;
        if (!dx__dem_nearest(dem, lat, lon, &ti, &h0, &c0))
            return 0;
        if (hint)
            *hint = ti;
        t = &dem->t[ti];
        u = (t->info.north_deg - lat) / t->info.dlat_deg;
        v = (lon - t->info.west_deg) / t->info.dlon_deg;
    }
    const double fy = u - 0.5;
    const double fx = v - 0.5;
    const long r0 = floor_long(fy), q0 = floor_long(fx);
    const double wy = fy - r0, wx = fx - q0;
    double sum = 0.0, wsum = 0.0;
    for (int dr = 0; dr < 2; dr++) {
        for (int dq = 0; dq < 2; dq++) {
            const double w = (dr ? wy : 1.0 - wy) * (dq ? wx : 1.0 - wx);
            if (w <= 0.0)
                continue;
            const long r = r0 + dr, q = q0 + dq;
            float hv;
            unsigned char cv;
            int ok;
            if (r >= 0 && q >= 0 && r < (long)t->info.rows && q < (long)t->info.cols) {
                size_t i = (size_t)r * t->info.cols + (size_t)q;
                ok = t->cls[i] != DX_DEM_CLASS_NODATA;
                hv = t->h[i];
            } else {
                /* neighbour cell centre lies in another tile */
                const double la = t->info.north_deg - (r + 0.5) * t->info.dlat_deg;
                const double lo = t->info.west_deg + (q + 0.5) * t->info.dlon_deg;
                ok = dx__dem_nearest(dem, la, lo, NULL, &hv, &cv);
            }
            if (ok) {
                sum += w * hv;
                wsum += w;
            }
        }
    }
    *c = c0;
    *h = wsum > 0.0 ? sum / wsum : (double)h0;
    return 1;
}

int dx__dem_bilinear(const dx_dem *dem, double lat, double lon, size_t *hint, double *h,
                     unsigned char *c)
{
    return bilinear_at(dem, lat, lon, hint, h, c);
}

void dx__dem_bilinear_ray(const dx_dem *dem, double lat0, double lon0, double s_m, double ca,
                          double sa, double m_per_deg_lat, double m_per_deg_lon, size_t n,
                          size_t *hint, double *out)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c;
        double h;
        const double r = s_m * (double)i;
        if (!bilinear_at(dem, lat0 + r * ca / m_per_deg_lat, lon0 + r * sa / m_per_deg_lon, hint,
                         &h, &c))
            h = NAN;
        out[i] = h;
    }
}

dx_status dx_dem_elevation_m(const dx_dem *dem, dx_dem_interp interp, size_t n,
                             const double *lat_deg, const double *lon_deg, double *out_height_m,
                             unsigned char *out_class, size_t *out_n_missing)
{
    DX_REQUIRE_PTR(dem);
    if (n && (!lat_deg || !lon_deg || !out_height_m))
        DX_FAIL(DX_EINVAL, "dx_dem_elevation_m: NULL array with n = %zu", n);
    if (interp != DX_DEM_NEAREST && interp != DX_DEM_BILINEAR)
        DX_FAIL(DX_EINVAL, "dx_dem_elevation_m: interp = %d (0 nearest, 1 bilinear)", (int)interp);
    size_t miss = 0, hint = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(fabs(lat_deg[i]) <= 90.0) || !(lon_deg[i] >= -180.0 && lon_deg[i] <= 360.0))
            DX_FAIL(DX_EDOMAIN, "dx_dem_elevation_m: point %zu at %g N %g E (lat -90..90, lon "
                                "-180..360)",
                    i, lat_deg[i], lon_deg[i]);
        unsigned char c = DX_DEM_CLASS_NODATA;
        int ok;
        double h = NAN;
        if (interp == DX_DEM_NEAREST) {
            float hf;
            ok = dx__dem_nearest(dem, lat_deg[i], lon_deg[i], &hint, &hf, &c);
            h = hf;
        } else {
            ok = dx__dem_bilinear(dem, lat_deg[i], lon_deg[i], &hint, &h, &c);
        }
        if (!ok) {
            h = NAN;
            c = DX_DEM_CLASS_NODATA;
            miss++;
        }
        out_height_m[i] = h;
        if (out_class)
            out_class[i] = c;
    }
    if (out_n_missing)
        *out_n_missing = miss;
    return DX_OK;
}

dx_status dx_dem_profile_options_init(dx_dem_profile_options *o, unsigned int version)
{
    DX_REQUIRE_PTR(o);
    if (version == 0 || version > DX_DEM_PROFILE_OPTIONS_VERSION)
        DX_FAIL(DX_EINVAL, "dx_dem_profile_options_init: version %u (this library knows 1..%u)",
                version, (unsigned)DX_DEM_PROFILE_OPTIONS_VERSION);
    memset(o, 0, sizeof *o);
    o->version = version;
    o->k_factor = 4.0 / 3.0;
    o->interp = DX_DEM_BILINEAR;
    o->fill_missing = 1;
    return DX_OK;
}

size_t dx_dem_profile_options_size(void) { return sizeof(dx_dem_profile_options); }

dx_status dx_dem_profile(const dx_dem *dem, double lat1_deg, double lon1_deg, double lat2_deg,
                         double lon2_deg, size_t n_points, const dx_dem_profile_options *opts,
                         double *out_dist_m, double *out_height_m)
{
    DX_REQUIRE_PTR(dem);
    DX_REQUIRE_PTR(out_dist_m);
    DX_REQUIRE_PTR(out_height_m);
    dx_dem_profile_options def;
    if (!opts) {
        dx_dem_profile_options_init(&def, DX_DEM_PROFILE_OPTIONS_VERSION);
        opts = &def;
    }
    if (n_points < 2)
        DX_FAIL(DX_EINVAL, "dx_dem_profile: n_points = %zu (need >= 2)", n_points);
    if (!(opts->k_factor >= 0.0 && opts->k_factor <= 100.0))
        DX_FAIL(DX_EDOMAIN, "dx_dem_profile: k_factor = %g (allowed 0..100, 0 = no bulge)",
                opts->k_factor);
    const double pts[4] = {lat1_deg, lon1_deg, lat2_deg, lon2_deg};
    for (int i = 0; i < 4; i += 2)
        if (!(fabs(pts[i]) <= 90.0) || !(fabs(pts[i + 1]) <= 360.0))
            DX_FAIL(DX_EDOMAIN, "dx_dem_profile: end point %d at %g N %g E is not a position",
                    i / 2, pts[i], pts[i + 1]);
    struct geod_geodesic g;
    struct geod_geodesicline line;
    geod_init(&g, DX_GRS80_A_M, DX_GRS80_F);
    geod_inverseline(&line, &g, lat1_deg, lon1_deg, lat2_deg, lon2_deg, GEOD_LATITUDE |
                     GEOD_LONGITUDE | GEOD_DISTANCE_IN);
    const double D = line.s13;
    size_t hint = 0, n_missing = 0;
    for (size_t i = 0; i < n_points; i++) {
        const double s = D * (double)i / (double)(n_points - 1);
        double la, lo;
        geod_position(&line, s, &la, &lo, NULL);
        unsigned char c;
        double h;
        int ok;
        if (opts->interp == DX_DEM_NEAREST) {
            float hf;
            ok = dx__dem_nearest(dem, la, lo, &hint, &hf, &c);
            h = hf;
        } else {
            ok = dx__dem_bilinear(dem, la, lo, &hint, &h, &c);
        }
        out_dist_m[i] = s;
        if (!ok) {
            if (i == 0 || i == n_points - 1 || !opts->fill_missing)
                DX_FAIL(DX_EDOMAIN, "dx_dem_profile: no DEM data at point %zu (%.6f N %.6f E)", i,
                        la, lo);
            h = NAN;
            n_missing++;
        }
        out_height_m[i] = h;
    }
    if (n_missing) { /* linear fill between valid neighbours (ends are valid) */
        size_t last = 0;
        for (size_t i = 1; i < n_points; i++) {
            if (isnan(out_height_m[i]))
                continue;
            for (size_t j = last + 1; j < i; j++)
                out_height_m[j] = out_height_m[last] + (out_height_m[i] - out_height_m[last]) *
                                                           (double)(j - last) / (double)(i - last);
            last = i;
        }
    }
    if (opts->k_factor > 0.0) {
        const double ae = opts->k_factor * DX_EARTH_MEAN_RADIUS_M;
        for (size_t i = 0; i < n_points; i++)
            out_height_m[i] += out_dist_m[i] * (D - out_dist_m[i]) / (2.0 * ae);
    }
    return DX_OK;
}
