/* Coverage map of a design as a PNG (map_internal.h, issue 11): coverage
 * probability on the viridis ramp, legend, scale bar, north arrow, sites
 * with sector directions, routes with outage segments and handover points,
 * title and location note, text in a built-in 5x7 bitmap font. Drawing is
 * done on an RGB canvas in memory; libpng encodes it. */
#define _GNU_SOURCE
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#ifdef DXSIM_HAVE_PNG
#include <png.h>
#endif

#include "coverage_internal.h"
#include "map_internal.h"
#include "plan_internal.h"
#include "scenario_internal.h"

/* ---- 5x7 font: glyphs drawn for this library (row bits, 0x10 = left column) */
static const struct {
    char c;
    unsigned char rows[7];
} font[] = {
    {' ', {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00}},
    {'%', {0x18, 0x19, 0x02, 0x04, 0x08, 0x13, 0x03}},
    {'\'', {0x04, 0x04, 0x08, 0x00, 0x00, 0x00, 0x00}},
    {'(', {0x02, 0x04, 0x08, 0x08, 0x08, 0x04, 0x02}},
    {')', {0x08, 0x04, 0x02, 0x02, 0x02, 0x04, 0x08}},
    {'+', {0x00, 0x04, 0x04, 0x1f, 0x04, 0x04, 0x00}},
    {',', {0x00, 0x00, 0x00, 0x00, 0x0c, 0x04, 0x08}},
    {'-', {0x00, 0x00, 0x00, 0x1f, 0x00, 0x00, 0x00}},
    {'.', {0x00, 0x00, 0x00, 0x00, 0x00, 0x0c, 0x0c}},
    {'/', {0x00, 0x01, 0x02, 0x04, 0x08, 0x10, 0x00}},
    {'0', {0x0e, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0e}},
    {'1', {0x04, 0x0c, 0x04, 0x04, 0x04, 0x04, 0x0e}},
    {'2', {0x0e, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1f}},
    {'3', {0x1f, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0e}},
    {'4', {0x02, 0x06, 0x0a, 0x12, 0x1f, 0x02, 0x02}},
    {'5', {0x1f, 0x10, 0x1e, 0x01, 0x01, 0x11, 0x0e}},
    {'6', {0x06, 0x08, 0x10, 0x1e, 0x11, 0x11, 0x0e}},
    {'7', {0x1f, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08}},
    {'8', {0x0e, 0x11, 0x11, 0x0e, 0x11, 0x11, 0x0e}},
    {'9', {0x0e, 0x11, 0x11, 0x0f, 0x01, 0x02, 0x0c}},
    {':', {0x00, 0x0c, 0x0c, 0x00, 0x0c, 0x0c, 0x00}},
    {'<', {0x02, 0x04, 0x08, 0x10, 0x08, 0x04, 0x02}},
    {'=', {0x00, 0x00, 0x1f, 0x00, 0x1f, 0x00, 0x00}},
    {'>', {0x08, 0x04, 0x02, 0x01, 0x02, 0x04, 0x08}},
    {'?', {0x0e, 0x11, 0x01, 0x02, 0x04, 0x00, 0x04}},
    {'A', {0x0e, 0x11, 0x11, 0x1f, 0x11, 0x11, 0x11}},
    {'B', {0x1e, 0x11, 0x11, 0x1e, 0x11, 0x11, 0x1e}},
    {'C', {0x0e, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0e}},
    {'D', {0x1c, 0x12, 0x11, 0x11, 0x11, 0x12, 0x1c}},
    {'E', {0x1f, 0x10, 0x10, 0x1e, 0x10, 0x10, 0x1f}},
    {'F', {0x1f, 0x10, 0x10, 0x1e, 0x10, 0x10, 0x10}},
    {'G', {0x0e, 0x11, 0x10, 0x17, 0x11, 0x11, 0x0f}},
    {'H', {0x11, 0x11, 0x11, 0x1f, 0x11, 0x11, 0x11}},
    {'I', {0x0e, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0e}},
    {'J', {0x07, 0x02, 0x02, 0x02, 0x02, 0x12, 0x0c}},
    {'K', {0x11, 0x12, 0x14, 0x18, 0x14, 0x12, 0x11}},
    {'L', {0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1f}},
    {'M', {0x11, 0x1b, 0x15, 0x15, 0x11, 0x11, 0x11}},
    {'N', {0x11, 0x11, 0x19, 0x15, 0x13, 0x11, 0x11}},
    {'O', {0x0e, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0e}},
    {'P', {0x1e, 0x11, 0x11, 0x1e, 0x10, 0x10, 0x10}},
    {'Q', {0x0e, 0x11, 0x11, 0x11, 0x15, 0x12, 0x0d}},
    {'R', {0x1e, 0x11, 0x11, 0x1e, 0x14, 0x12, 0x11}},
    {'S', {0x0f, 0x10, 0x10, 0x0e, 0x01, 0x01, 0x1e}},
    {'T', {0x1f, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04}},
    {'U', {0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0e}},
    {'V', {0x11, 0x11, 0x11, 0x11, 0x11, 0x0a, 0x04}},
    {'W', {0x11, 0x11, 0x11, 0x15, 0x15, 0x15, 0x0a}},
    {'X', {0x11, 0x11, 0x0a, 0x04, 0x0a, 0x11, 0x11}},
    {'Y', {0x11, 0x11, 0x0a, 0x04, 0x04, 0x04, 0x04}},
    {'Z', {0x1f, 0x01, 0x02, 0x04, 0x08, 0x10, 0x1f}},
    {'_', {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x1f}},
    {'a', {0x00, 0x00, 0x0e, 0x01, 0x0f, 0x11, 0x0f}},
    {'b', {0x10, 0x10, 0x16, 0x19, 0x11, 0x11, 0x1e}},
    {'c', {0x00, 0x00, 0x0e, 0x10, 0x10, 0x11, 0x0e}},
    {'d', {0x01, 0x01, 0x0d, 0x13, 0x11, 0x11, 0x0f}},
    {'e', {0x00, 0x00, 0x0e, 0x11, 0x1f, 0x10, 0x0e}},
    {'f', {0x06, 0x09, 0x08, 0x1c, 0x08, 0x08, 0x08}},
    {'g', {0x00, 0x0f, 0x11, 0x11, 0x0f, 0x01, 0x0e}},
    {'h', {0x10, 0x10, 0x16, 0x19, 0x11, 0x11, 0x11}},
    {'i', {0x04, 0x00, 0x0c, 0x04, 0x04, 0x04, 0x0e}},
    {'j', {0x02, 0x00, 0x06, 0x02, 0x02, 0x12, 0x0c}},
    {'k', {0x10, 0x10, 0x12, 0x14, 0x18, 0x14, 0x12}},
    {'l', {0x0c, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0e}},
    {'m', {0x00, 0x00, 0x1a, 0x15, 0x15, 0x11, 0x11}},
    {'n', {0x00, 0x00, 0x16, 0x19, 0x11, 0x11, 0x11}},
    {'o', {0x00, 0x00, 0x0e, 0x11, 0x11, 0x11, 0x0e}},
    {'p', {0x00, 0x00, 0x1e, 0x11, 0x1e, 0x10, 0x10}},
    {'q', {0x00, 0x00, 0x0d, 0x13, 0x0f, 0x01, 0x01}},
    {'r', {0x00, 0x00, 0x16, 0x19, 0x10, 0x10, 0x10}},
    {'s', {0x00, 0x00, 0x0e, 0x10, 0x0e, 0x01, 0x1e}},
    {'t', {0x08, 0x08, 0x1c, 0x08, 0x08, 0x09, 0x06}},
    {'u', {0x00, 0x00, 0x11, 0x11, 0x11, 0x13, 0x0d}},
    {'v', {0x00, 0x00, 0x11, 0x11, 0x11, 0x0a, 0x04}},
    {'w', {0x00, 0x00, 0x11, 0x11, 0x15, 0x15, 0x0a}},
    {'x', {0x00, 0x00, 0x11, 0x0a, 0x04, 0x0a, 0x11}},
    {'y', {0x00, 0x00, 0x11, 0x11, 0x0f, 0x01, 0x0e}},
    {'z', {0x00, 0x00, 0x1f, 0x02, 0x04, 0x08, 0x1f}},
};

const unsigned char *dx__map_glyph(char c)
{
    for (size_t k = 0; k < sizeof font / sizeof font[0]; k++)
        if (font[k].c == c)
            return font[k].rows;
    return NULL;
}

void dx__map_style_init(dx__map_style *s)
{
    memset(s, 0, sizeof *s);
    s->width_px = 1200;
    s->show_routes = 1;
    s->show_sites = 1;
    s->lat0_deg = s->lon0_deg = NAN;
}

/* ---- canvas --------------------------------------------------------------- */

typedef struct {
    int w, h;
    unsigned char *px; /* RGB, row 0 at the top */
} canvas;

static void dot(canvas *c, int x, int y, const unsigned char rgb[3], double alpha)
{
    if (x < 0 || y < 0 || x >= c->w || y >= c->h)
        return;
    unsigned char *p = c->px + 3 * ((size_t)y * (size_t)c->w + (size_t)x);
    for (int k = 0; k < 3; k++)
        p[k] = (unsigned char)(p[k] + alpha * (rgb[k] - p[k]) + 0.5);
}

static void rect(canvas *c, int x0, int y0, int x1, int y1, const unsigned char rgb[3])
{
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++)
            dot(c, x, y, rgb, 1.0);
}

static void frame(canvas *c, int x0, int y0, int x1, int y1, const unsigned char rgb[3])
{
    rect(c, x0, y0, x1, y0 + 1, rgb);
    rect(c, x0, y1 - 1, x1, y1, rgb);
    rect(c, x0, y0, x0 + 1, y1, rgb);
    rect(c, x1 - 1, y0, x1, y1, rgb);
}

static void disc(canvas *c, double cx, double cy, double r, const unsigned char rgb[3])
{
    for (int y = (int)floor(cy - r); y <= (int)ceil(cy + r); y++)
        for (int x = (int)floor(cx - r); x <= (int)ceil(cx + r); x++)
            if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r)
                dot(c, x, y, rgb, 1.0);
}

/* a line of width w (discs along it, one per pixel step) */
static void line(canvas *c, double x0, double y0, double x1, double y1, double w,
                 const unsigned char rgb[3])
{
    double len = hypot(x1 - x0, y1 - y0);
    int n = (int)ceil(len) + 1;
    if (n > 100000)
        n = 100000;
    for (int k = 0; k <= n; k++) {
        double t = (double)k / n;
        double x = x0 + t * (x1 - x0), y = y0 + t * (y1 - y0);
        if (w <= 1.0)
            dot(c, (int)lround(x), (int)lround(y), rgb, 1.0);
        else
            disc(c, x, y, 0.5 * w, rgb);
    }
}

static void triangle(canvas *c, const double x[3], const double y[3], const unsigned char rgb[3])
{
    int xa = (int)floor(fmin(x[0], fmin(x[1], x[2]))), xb = (int)ceil(fmax(x[0], fmax(x[1], x[2])));
    int ya = (int)floor(fmin(y[0], fmin(y[1], y[2]))), yb = (int)ceil(fmax(y[0], fmax(y[1], y[2])));
    for (int py = ya; py <= yb; py++)
        for (int px = xa; px <= xb; px++) {
            double s = 0;
            int pos = 0, neg = 0;
            for (int k = 0; k < 3; k++) {
                int l = (k + 1) % 3;
                s = (x[l] - x[k]) * (py + 0.5 - y[k]) - (y[l] - y[k]) * (px + 0.5 - x[k]);
                pos |= s > 0;
                neg |= s < 0;
            }
            if (!(pos && neg))
                dot(c, px, py, rgb, 1.0);
        }
}

/* text at (x, y) = top-left, scale s; bytes outside the font (UTF-8 names) as '?'
 * (one per character). Returns the width drawn. */
static int text(canvas *c, int x, int y, int s, const char *t, const unsigned char rgb[3])
{
    int x0 = x;
    for (const unsigned char *p = (const unsigned char *)t; *p; p++) {
        if ((*p & 0xC0) == 0x80)
            continue; /* UTF-8 continuation byte */
        const unsigned char *g = dx__map_glyph(*p < 0x80 ? (char)*p : '?');
        if (!g)
            g = dx__map_glyph('?');
        for (int r = 0; r < 7; r++)
            for (int k = 0; k < 5; k++)
                if (g[r] & (0x10 >> k))
                    rect(c, x + k * s, y + r * s, x + (k + 1) * s, y + (r + 1) * s, rgb);
        x += 6 * s;
    }
    return x - x0;
}

void dx__map_default_title(const char *name, const char *source, const char *tech_id, char *buf, size_t cap)
{
    int drawable = name && name[0];
    for (const char *p = name; drawable && *p; p++)
        drawable = dx__map_glyph(*p) != NULL; /* bytes >= 0x80 have no glyph */
    if (drawable) {
        snprintf(buf, cap, "%s - %s coverage", name, tech_id);
        return;
    }
    /* a Japanese name would be drawn as '?' per character ("???? ??????"): name the
     * scenario by its file (ASCII in practice) and fall back to "scenario" */
    const char *base = source ? strrchr(source, '/') : NULL;
    base = base ? base + 1 : source;
    size_t n = base ? strcspn(base, ".") : 0;
    int ok = n > 0;
    for (size_t k = 0; ok && k < n; k++)
        ok = dx__map_glyph(base[k]) != NULL;
    if (ok)
        snprintf(buf, cap, "%.*s - %s coverage", (int)n, base, tech_id);
    else
        snprintf(buf, cap, "scenario - %s coverage", tech_id);
}

static int text_width(int s, const char *t)
{
    int n = 0;
    for (const unsigned char *p = (const unsigned char *)t; *p; p++)
        n += (*p & 0xC0) != 0x80;
    return 6 * s * n;
}

/* the same ramp as the coverage PNG and KML overlays (viridis key colours) */
void dx__map_ramp(double t, unsigned char rgb[3])
{
    static const unsigned char stops[5][3] = {
        {68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};
    if (!(t >= 0.0))
        t = 0.0;
    if (t > 1.0)
        t = 1.0;
    double x = t * 4.0;
    int k = (int)x;
    if (k > 3)
        k = 3;
    double f = x - k;
    for (int q = 0; q < 3; q++)
        rgb[q] = (unsigned char)(stops[k][q] + f * (stops[k + 1][q] - stops[k][q]) + 0.5);
}

/* ---- PNG encoding ---------------------------------------------------------- */

#ifdef DXSIM_HAVE_PNG
typedef struct {
    unsigned char *d;
    size_t n, cap;
    int failed;
} bytes;

static void png_to_bytes(png_structp png, png_bytep data, png_size_t len)
{
    bytes *b = png_get_io_ptr(png);
    if (b->failed)
        return;
    if (b->n + len > b->cap) {
        size_t cap = b->cap ? b->cap : 65536;
        while (cap < b->n + len)
            cap *= 2;
        unsigned char *d = dx__realloc(b->d, cap);
        if (!d) {
            b->failed = 1;
            return;
        }
        b->d = d;
        b->cap = cap;
    }
    memcpy(b->d + b->n, data, len);
    b->n += len;
}
static void png_flush_noop(png_structp png)
{
    (void)png;
}
#endif

dx_status dx__map_png_encode(int w, int h, int channels, const unsigned char *px,
                             unsigned char **out, size_t *n_bytes)
{
    *out = NULL;
    *n_bytes = 0;
#ifndef DXSIM_HAVE_PNG
    (void)w;
    (void)h;
    (void)channels;
    (void)px;
    DX_FAIL(DX_EINVAL, "PNG maps: libdxsim was built without libpng (DXSIM_WITH_PNG=OFF)");
#else
    if (w <= 0 || h <= 0 || (channels != 3 && channels != 4))
        DX_FAIL(DX_EINVAL, "PNG maps: %d x %d pixels, %d channels (allowed > 0, 3 or 4)", w, h,
                channels);
    volatile bytes b = {0};
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!png || !info) {
        png_destroy_write_struct(&png, &info);
        DX_FAIL(DX_ENOMEM, "PNG maps: libpng structures");
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        dx__free(b.d);
        DX_FAIL(DX_EIO, "PNG maps: libpng failed encoding %d x %d pixels", w, h);
    }
    png_set_write_fn(png, (void *)&b, png_to_bytes, png_flush_noop);
    png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8,
                 channels == 4 ? PNG_COLOR_TYPE_RGBA : PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (int y = 0; y < h; y++)
        png_write_row(png, (png_bytep)(px + (size_t)y * (size_t)w * (size_t)channels));
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    if (b.failed) {
        dx__free(b.d);
        DX_FAIL(DX_ENOMEM, "PNG maps: %d x %d image", w, h);
    }
    *out = b.d;
    *n_bytes = b.n;
    return DX_OK;
#endif
}

/* ---- the map ------------------------------------------------------------------ */

static const unsigned char BLACK[3] = {0, 0, 0}, WHITE[3] = {255, 255, 255},
                           GREY[3] = {225, 225, 225}, DARK[3] = {90, 90, 90},
                           ROUTE[3] = {0, 114, 178}, OUTAGE[3] = {213, 0, 0},
                           HANDOVER[3] = {255, 200, 0};

typedef struct {
    int x0, y0;   /* map frame top-left (px) */
    double scale; /* px per metre */
    double h_m;   /* area height (m) */
} view;

static double vx(const view *v, double x_m)
{
    return v->x0 + x_m * v->scale;
}
static double vy(const view *v, double y_m)
{
    return v->y0 + (v->h_m - y_m) * v->scale;
}

static void fmt_num(char *out, size_t cap, double v, int digits)
{
    dx__format_double(out, cap, v, digits);
}

/* scale bar: 1, 2 or 5 x 10^k metres, about a quarter of the map width */
static void scale_bar(canvas *c, const view *v, double area_w_m, int x, int y)
{
    double target = area_w_m / 4.0, len = 1.0;
    for (double p = 1.0; p < 1e7; p *= 10.0)
        for (int k = 0; k < 3; k++) {
            double m = p * (k == 0 ? 1 : k == 1 ? 2 : 5);
            if (m <= target)
                len = m;
        }
    int px = (int)lround(len * v->scale);
    rect(c, x, y, x + px / 2, y + 6, BLACK);
    rect(c, x + px / 2, y, x + px, y + 6, WHITE);
    frame(c, x, y, x + px + 1, y + 7, BLACK);
    char lab[32], num[24];
    if (len >= 1000.0) {
        fmt_num(num, sizeof num, len / 1000.0, 6);
        snprintf(lab, sizeof lab, "%s km", num);
    } else {
        fmt_num(num, sizeof num, len, 6);
        snprintf(lab, sizeof lab, "%s m", num);
    }
    text(c, x, y + 11, 2, "0", BLACK);
    text(c, x + px - text_width(2, lab) / 2, y + 11, 2, lab, BLACK);
}

static void north_arrow(canvas *c, int cx, int top)
{
    double xs[3] = {cx, cx - 10, cx}, ys[3] = {top + 14, top + 44, top + 36};
    triangle(c, xs, ys, BLACK);
    double xs2[3] = {cx, cx + 10, cx}, ys2[3] = {top + 14, top + 44, top + 36};
    triangle(c, xs2, ys2, DARK);
    text(c, cx - 5, top, 2, "N", BLACK);
}

static void draw_site(canvas *c, const view *v, const dx_site *s)
{
    double x = vx(v, s->x_m), y = vy(v, s->y_m);
    if (s->sectors > 1)
        for (int k = 0; k < s->sectors; k++) {
            double az = (s->azimuth_deg + k * 360.0 / s->sectors) * M_PI / 180.0;
            line(c, x, y, x + 16 * sin(az), y - 16 * cos(az), 2.0, BLACK);
        }
    disc(c, x, y, 6.5, BLACK);
    disc(c, x, y, 4.5, WHITE);
    disc(c, x, y, 2.0, BLACK);
}

static void diamond(canvas *c, double x, double y, double r, const unsigned char rgb[3])
{
    double xs[3] = {x - r, x + r, x}, ys[3] = {y, y, y - r};
    triangle(c, xs, ys, rgb);
    ys[2] = y + r;
    triangle(c, xs, ys, rgb);
}

static dx_status draw_routes(canvas *c, const view *v, const dx_plan *plan, size_t ti,
                             size_t *n_outage, size_t *n_handover)
{
    const dx_scenario *sc = dx__plan_scenario(plan);
    for (size_t k = 0; k < sc->n_routes; k++) {
        const dx__sc_route *rt = &sc->route[k];
        for (size_t q = 0; q + 1 < rt->n_points; q++) {
            line(c, vx(v, rt->x_m[q]), vy(v, rt->y_m[q]), vx(v, rt->x_m[q + 1]),
                 vy(v, rt->y_m[q + 1]), 6.0, WHITE);
            line(c, vx(v, rt->x_m[q]), vy(v, rt->y_m[q]), vx(v, rt->x_m[q + 1]),
                 vy(v, rt->y_m[q + 1]), 3.0, ROUTE);
        }
        dx__route_samples s;
        DX_TRY(dx__plan_route_samples(plan, ti, k, &s));
        for (size_t j = 0; j + 1 < s.n; j++)
            if (s.outage[j] || s.outage[j + 1]) {
                line(c, vx(v, s.x[j]), vy(v, s.y[j]), vx(v, s.x[j + 1]), vy(v, s.y[j + 1]), 5.0,
                     OUTAGE);
                *n_outage += 1;
            }
        if (s.n == 1 && s.outage[0])
            disc(c, vx(v, s.x[0]), vy(v, s.y[0]), 3.0, OUTAGE);
        for (size_t j = 1; j < s.n; j++)
            if (s.cell[j] != s.cell[j - 1] && s.cell[j] >= 0 && s.cell[j - 1] >= 0) {
                diamond(c, vx(v, s.x[j]), vy(v, s.y[j]), 7.0, BLACK);
                diamond(c, vx(v, s.x[j]), vy(v, s.y[j]), 5.0, HANDOVER);
                *n_handover += 1;
            }
        dx__route_samples_free(&s);
    }
    return DX_OK;
}

dx_status dx__map_render_png(const dx_plan *plan, size_t ti, const dx__map_style *style,
                             const dx_coverage_result *cov, unsigned char **png, size_t *n_bytes)
{
    DX_REQUIRE_PTR(plan);
    DX_REQUIRE_PTR(png);
    DX_REQUIRE_PTR(n_bytes);
    *png = NULL;
    *n_bytes = 0;
    dx__map_style st0;
    dx__map_style_init(&st0);
    const dx__map_style *st = style ? style : &st0;
    const dx__plan_out *o = dx__plan_out_at(plan, ti);
    if (!o)
        DX_FAIL(DX_EINVAL, "map: tech_index = %zu (the plan holds %zu technologies)", ti,
                dx_plan_count(plan));
    int W = st->width_px ? st->width_px : 1200; /* ASSUMED: legible on an A4 page at 150 dpi */
    if (W < 400 || W > 8000)
        DX_FAIL(DX_EDOMAIN, "map: width_px = %d px (allowed 400 .. 8000, 0 = 1200)", W);
    if (o->tech.subscription_only || o->n_sites == 0 || !o->sites)
        DX_FAIL(DX_EINVAL, "map: technology '%s' has no sites to map (%s)", o->d.id,
                o->tech.subscription_only ? "a carrier network" : "no design placed");
    const dx_scenario *sc = dx__plan_scenario(plan);
    double aw = sc->width_m, ah = sc->height_m;

    /* coverage of the design on a grid (the `dxsim coverage` default grid) */
    dx_coverage_result *own = NULL;
    dx_site *sites = dx__malloc(o->n_sites * sizeof *sites);
    if (!sites)
        DX_FAIL(DX_ENOMEM, "map: %zu sites", o->n_sites);
    memcpy(sites, o->sites, o->n_sites * sizeof *sites);
    dx_status rc = DX_OK;
    if (!cov) {
        double longer = aw > ah ? aw : ah;
        double r_px = longer / 200.0 > 10.0 ? longer / 200.0 : 10.0;
        dx_grid g = {0.0, 0.0, r_px, (size_t)(aw / r_px + 0.999), (size_t)(ah / r_px + 0.999)};
        dx_coverage_options co;
        rc = dx_plan_coverage_options(plan, ti, &co);
        if (rc == DX_OK)
            rc = dx_coverage_assign_channels(o->n_sites, sites, &o->tech);
        if (rc == DX_OK)
            rc = dx_coverage_run(&g, o->n_sites, sites, &o->tech, &co, &own);
        cov = own;
    }
    if (rc != DX_OK) {
        dx__free(sites);
        return rc;
    }
    const float *prob = dx__coverage_result_layer_f32(cov, DX_COVERAGE_LAYER_PROB);
    dx_grid g;
    dx_coverage_result_grid(cov, &g);

    /* layout: title band, map, legend panel on the right, scale bar and notes below */
    const int margin = 20, panel = 200, top = 64;
    int map_w = W - 2 * margin - panel;
    double scale = map_w / aw;
    if (ah * scale > 1.5 * W)
        scale = 1.5 * W / ah;
    int map_h = (int)lround(ah * scale);
    if (map_h < 300)
        map_h = 300 < (int)lround(ah * scale) ? (int)lround(ah * scale) : map_h;
    int H = top + map_h + 110;
    if (H < top + 420)
        H = top + 420;
    canvas c = {W, H, dx__malloc((size_t)W * (size_t)H * 3)};
    if (!c.px) {
        dx_coverage_result_free(own);
        dx__free(sites);
        DX_FAIL(DX_ENOMEM, "map: %d x %d image", W, H);
    }
    memset(c.px, 255, (size_t)W * (size_t)H * 3);
    view v = {margin, top, scale, ah};
    int mx1 = margin + (int)lround(aw * scale), my1 = top + map_h;

    /* coverage pixels: nearest grid cell per image pixel; with a polygon area,
     * which image pixels lie outside it (NaN cells), for its outline below */
    int outline = sc->polygon.on && prob;
    unsigned char *outside = outline ? dx__calloc((size_t)(mx1 - margin) * (size_t)map_h, 1) : NULL;
    for (int y = top; y < my1; y++)
        for (int x = margin; x < mx1; x++) {
            double xm = (x + 0.5 - margin) / scale, ym = ah - (y + 0.5 - top) / scale;
            long i = (long)floor((xm - g.x0_m) / g.resolution_m);
            long j = (long)floor((ym - g.y0_m) / g.resolution_m);
            if (!prob || i < 0 || j < 0 || (size_t)i >= g.nx || (size_t)j >= g.ny) {
                dot(&c, x, y, GREY, 1.0);
                continue;
            }
            float p = prob[(size_t)j * g.nx + (size_t)i];
            if (isnan(p)) { /* outside the area (polygon, hole): left white */
                if (outside)
                    outside[(size_t)(y - top) * (size_t)(mx1 - margin) + (size_t)(x - margin)] = 1;
                continue;
            }
            dot(&c, x, y, GREY, 1.0);
            if (p < 0.01f)
                continue;
            unsigned char rgb[3];
            dx__map_ramp(p, rgb);
            dot(&c, x, y, rgb, 0.85);
        }
    /* the area's boundary (outer rings and holes, at the map's pixel size): an
     * inside pixel with an outside 4-neighbour, drawn 2 px wide so it reads on
     * paper; without memory for the mask the map is drawn without it */
    if (outside) {
        size_t mw = (size_t)(mx1 - margin);
        for (int y = 0; y < map_h; y++)
            for (int x = 0; x < mx1 - margin; x++) {
                if (outside[(size_t)y * mw + (size_t)x])
                    continue;
                int edge = (x > 0 && outside[(size_t)y * mw + (size_t)x - 1]) ||
                           (x + 1 < mx1 - margin && outside[(size_t)y * mw + (size_t)x + 1]) ||
                           (y > 0 && outside[(size_t)(y - 1) * mw + (size_t)x]) ||
                           (y + 1 < map_h && outside[(size_t)(y + 1) * mw + (size_t)x]);
                if (edge)
                    rect(&c, margin + x - 1, top + y - 1, margin + x + 1, top + y + 1, DARK);
            }
        dx__free(outside);
    }
    frame(&c, margin - 1, top - 1, mx1 + 1, my1 + 1, BLACK);

    size_t n_out = 0, n_ho = 0;
    if (st->show_routes)
        rc = draw_routes(&c, &v, plan, ti, &n_out, &n_ho);
    if (rc == DX_OK && st->show_sites)
        for (size_t s = 0; s < o->n_sites; s++)
            draw_site(&c, &v, &sites[s]);

    /* title (cut visibly with "..." below when wider than the image) */
    char buf[DX_NAME_MAX + 64];
    if (st->title)
        snprintf(buf, sizeof buf, "%s", st->title);
    else
        dx__map_default_title(sc->name, sc->source, o->d.id, buf, sizeof buf);
    {
        int ts = text_width(3, buf) <= W - 2 * margin ? 3 : 2; /* smaller, then cut, to fit */
        size_t fit = (size_t)((W - 2 * margin) / (6 * ts));
        if (strlen(buf) > fit && fit > 3)
            memcpy(buf + fit - 3, "...", 4);
        text(&c, margin, 14, ts, buf, BLACK);
    }
    {
        char pct[24], res[24];
        dx_coverage_summary sm;
        dx_coverage_result_summary(cov, &sm);
        fmt_num(pct, sizeof pct, 100.0 * sm.coverage_ratio, 3);
        fmt_num(res, sizeof res, g.resolution_m, 4);
        snprintf(buf, sizeof buf, "%zu sites, area coverage %s %%, grid %s m", o->n_sites, pct, res);
        text(&c, margin, 44, 2, buf, DARK);
    }

    /* legend: colour bar with % labels, then the symbols */
    int lx = W - panel + 10, ly = top + 60;
    text(&c, lx, top, 2, "Coverage", BLACK);
    text(&c, lx, top + 18, 2, "probability", BLACK);
    const int bar_h = 200;
    for (int y = 0; y < bar_h; y++) {
        unsigned char rgb[3];
        dx__map_ramp(1.0 - (double)y / (bar_h - 1), rgb);
        rect(&c, lx, ly + y, lx + 24, ly + y + 1, rgb);
    }
    frame(&c, lx - 1, ly - 1, lx + 25, ly + bar_h + 1, BLACK);
    for (int k = 0; k <= 4; k++) {
        int y = ly + (int)lround((1.0 - k / 4.0) * (bar_h - 1));
        rect(&c, lx + 24, y, lx + 30, y + 1, BLACK);
        snprintf(buf, sizeof buf, "%d %%", 25 * k);
        text(&c, lx + 34, y - 7, 2, buf, BLACK);
    }
    int sy = ly + bar_h + 24;
    rect(&c, lx, sy, lx + 24, sy + 14, GREY);
    frame(&c, lx, sy, lx + 24, sy + 14, DARK);
    text(&c, lx + 34, sy, 2, "< 1 %", BLACK);
    sy += 26;
    if (sc->polygon.on) { /* pixels outside the area's polygons or in a hole */
        frame(&c, lx, sy, lx + 24, sy + 14, DARK);
        text(&c, lx + 34, sy, 2, "not area", BLACK);
        sy += 26;
        rect(&c, lx, sy + 6, lx + 24, sy + 8, DARK);
        text(&c, lx + 34, sy, 2, "area outline", BLACK);
        sy += 26;
    }
    dx_site key = {0};
    key.x_m = (lx + 12 - v.x0) / scale;
    key.y_m = ah - (sy + 7 - v.y0) / scale;
    key.sectors = 1;
    draw_site(&c, &v, &key);
    text(&c, lx + 34, sy, 2, "site", BLACK);
    if (st->show_routes && sc->n_routes) {
        sy += 26;
        line(&c, lx, sy + 7, lx + 24, sy + 7, 3.0, ROUTE);
        text(&c, lx + 34, sy, 2, "route", BLACK);
        sy += 26;
        line(&c, lx, sy + 7, lx + 24, sy + 7, 5.0, OUTAGE);
        text(&c, lx + 34, sy, 2, "outage", BLACK);
        sy += 26;
        diamond(&c, lx + 12, sy + 7, 7.0, BLACK);
        diamond(&c, lx + 12, sy + 7, 5.0, HANDOVER);
        text(&c, lx + 34, sy, 2, "handover", BLACK);
    }
    north_arrow(&c, lx + 150, top + 60);

    /* scale bar and location note under the map */
    scale_bar(&c, &v, aw, margin, my1 + 14);
    double la = isfinite(st->lat0_deg) ? st->lat0_deg : sc->origin_lat_deg;
    double lo = isfinite(st->lon0_deg) ? st->lon0_deg : sc->origin_lon_deg;
    if (isfinite(la) && isfinite(lo)) {
        char a[24], b2[24];
        fmt_num(a, sizeof a, la, 7);
        fmt_num(b2, sizeof b2, lo, 7);
        snprintf(buf, sizeof buf, "South-west corner %s N %s E (JGD2011), north up", a, b2);
    } else
        snprintf(buf, sizeof buf, "No location in the scenario: local metres from the south-west "
                                  "corner (ASSUMED origin)");
    text(&c, margin, my1 + 52, 2, buf, isfinite(la) && isfinite(lo) ? DARK : OUTAGE);
    snprintf(buf, sizeof buf, "libdxsim: TR 38.901 LOS/NLOS coverage probability of the serving cell");
    text(&c, margin, my1 + 76, 1, buf, DARK);

    if (rc == DX_OK)
        rc = dx__map_png_encode(W, H, 3, c.px, png, n_bytes);
    dx__free(c.px);
    dx_coverage_result_free(own);
    dx__free(sites);
    return rc;
}

dx_status dx_plan_write_map_png(const dx_plan *p, size_t i, int width_px, const char *path)
{
    DX_REQUIRE_PTR(p);
    DX_REQUIRE_PTR(path);
    dx__map_style st;
    dx__map_style_init(&st);
    st.width_px = width_px;
    unsigned char *png = NULL;
    size_t n = 0;
    DX_TRY(dx__map_render_png(p, i, &st, NULL, &png, &n));
    dx_status rc = dx__write_file_atomic(path, (const char *)png, n);
    dx__free(png);
    return rc;
}
