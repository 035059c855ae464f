/* The drive-test / LPWA measurement table of `dxsim calibrate` (issue 13: a
 * library parser, so it is fuzzed like every other one: tests/fuzz/
 * fuzz_measurements.c). Lines are read in full (no fixed-size cut), numbers
 * must be finite and whole cells, every error names file, line and column. */
#define _GNU_SOURCE
#include "dx_internal.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dxsim/calibrate.h"
#include "dxsim/geo.h"

/* Largest table: 10^7 samples (ASSUMED; a drive test logs ~10^5). */
#define DX__CAL_MAX_SAMPLES 10000000u

/* Plausible measurements (ASSUMED bounds, far outside any real drive test): a
 * distance within 1,000 km and a path loss of 0 .. 300 dB (a passive path has
 * no gain; 300 dB is ~100 dB above the deepest LPWA link budget). */
#define DX__CAL_MAX_D2D_M 1e6
#define DX__CAL_MAX_PATH_LOSS_DB 300.0

/* A header cell as the reader matches it (drive-test tools write "Latitude",
 * "RSRP (dBm)", "SS-RSRP [dBm]"): surrounding blanks dropped, a trailing unit
 * in round or square brackets split off (lower case, blanks dropped), ASCII
 * letters in lower case, blanks and '-' as '_'. Keys longer than the slot are
 * cut (they then match no name the reader knows, all of which are short). */
#define DX__CAL_KEY 64
typedef struct {
    char key[DX__CAL_KEY], unit[16];
} hdr_key;

/* The unit between u0 and u1 (lower case, no blanks) into k->unit; returns the
 * end of the name: the opening bracket at o, blanks before it dropped. */
static const char *split_unit(hdr_key *k, const char *b, const char *o, const char *u0,
                              const char *u1)
{
    size_t u = 0;
    for (const char *q = u0; q < u1 && u + 1 < sizeof k->unit; q++)
        if (*q != ' ')
            k->unit[u++] = (char)(*q >= 'A' && *q <= 'Z' ? *q - 'A' + 'a' : *q);
    k->unit[u] = '\0';
    while (o > b && (o[-1] == ' ' || o[-1] == '\t'))
        o--;
    return o;
}

static void header_key(const char *cell, hdr_key *k)
{
    const char *b = cell, *e = cell + strlen(cell);
    while (b < e && (*b == ' ' || *b == '\t'))
        b++;
    while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
        e--;
    k->unit[0] = '\0';
    /* full-width brackets of a Japanese header, "緯度（度）", "RSRP［dBm］" */
    static const char *const fw[2][2] = {{"\xef\xbc\x88", "\xef\xbc\x89"},   /* （ ） */
                                         {"\xef\xbc\xbb", "\xef\xbc\xbd"}};  /* ［ ］ */
    for (int f = 0; f < 2 && !k->unit[0]; f++) {
        if (e - b < 6 || memcmp(e - 3, fw[f][1], 3) != 0)
            continue;
        for (const char *o = e - 6; o > b; o--) /* a name before the bracket */
            if (memcmp(o, fw[f][0], 3) == 0) {
                e = split_unit(k, b, o, o + 3, e - 3);
                break;
            }
    }
    if (!k->unit[0] && e > b && (e[-1] == ')' || e[-1] == ']')) {
        char open = e[-1] == ')' ? '(' : '[';
        const char *o = e - 1;
        while (o > b && *o != open)
            o--;
        if (*o == open && o > b)
            e = split_unit(k, b, o, o + 1, e - 1);
    }
    size_t n = 0;
    for (const char *q = b; q < e && n + 1 < sizeof k->key; q++)
        k->key[n++] = (char)(*q >= 'A' && *q <= 'Z' ? *q - 'A' + 'a'
                             : *q == ' ' || *q == '-' ? '_' : *q);
    k->key[n] = '\0';
}

static long col_of(const hdr_key *h, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(h[i].key, name) == 0)
            return (long)i;
    return -1;
}

/* The first of the names (NULL-terminated) that is a column. */
static long col_any(const hdr_key *h, size_t n, const char *const *names)
{
    for (; *names; names++) {
        long c = col_of(h, n, *names);
        if (c >= 0)
            return c;
    }
    return -1;
}


static dx_status num(const char *file, size_t line, const char *col, const char *s, double *out)
{
    double v = NAN; /* the library's one number reader: C locale, decimal, whole cell */
    if (dx__parse_double(s, &v) != 0 || !isfinite(v))
        DX_FAIL(DX_EPARSE, "%s:%zu: %s = '%.40s' is not a finite number", file, line, col, s);
    *out = v;
    return DX_OK;
}

/* Position columns of a measurement set that logs coordinates instead of
 * distances (a TTN Mapper-style export: the point and the gateway that heard
 * it, JGD2011/WGS84 degrees): the distance is the GRS80 geodesic. */
static const char *const LAT_COLS[] = {"lat", "latitude", "緯度", NULL};
static const char *const LON_COLS[] = {"lon", "lng", "longitude", "経度", NULL};
static const char *const SITE_LAT_COLS[] = {"site_lat", "site_latitude", "gw_lat", "gtw_lat",
                                             "gateway_lat", "gateway_latitude", "bs_lat", NULL};
static const char *const SITE_LON_COLS[] = {"site_lon", "site_longitude", "gw_lon", "gtw_lon",
                                             "gateway_lon", "gateway_longitude", "bs_lon", NULL};
/* Signal columns: LoRa packet RSSI and SNR (TTN Mapper writes rssi, snr), or
 * a received power as logged (RSRP of a 5G/LTE drive test, a Wi-Fi RSSI) */
static const char *const RSSI_COLS[] = {"rssi_dbm", "rssi", NULL};
static const char *const SNR_COLS[] = {"snr_db", "snr", NULL};
static const char *const RX_COLS[] = {"rx_dbm", "rsrp_dbm", "rsrp", "ss_rsrp", "ss_rsrp_dbm",
                                      NULL}; /* SS-RSRP: a 5G NR drive test */

/* The unit a column may state in brackets (lower case; "" = none): a column
 * read in another unit would be misread ("RSRP (mW)"), so it is refused. */
static int unit_ok(long col, const hdr_key *h, const char *const *units)
{
    if (col < 0 || !h[col].unit[0])
        return 1;
    for (; *units; units++)
        if (strcmp(h[col].unit, *units) == 0)
            return 1;
    return 0;
}

/* A key the reader reads (a name of one of its columns). */
static int known_key(const char *key)
{
    static const char *const single[] = {"d2d_m", "path_loss_db", "lost", "group", NULL};
    const char *const *lists[] = {single,   LAT_COLS, LON_COLS, SITE_LAT_COLS, SITE_LON_COLS,
                                  RSSI_COLS, SNR_COLS, RX_COLS};
    for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++)
        for (const char *const *p = lists[l]; *p; p++)
            if (strcmp(key, *p) == 0)
                return 1;
    return 0;
}

static dx_status coord(const char *file, size_t line, const char *col, const char *s, double lim,
                       double *out)
{
    DX_TRY(num(file, line, col, s, out));
    if (!(fabs(*out) <= lim))
        DX_FAIL(DX_EDOMAIN, "%s:%zu: %s = %g deg (allowed -%g .. %g deg)", file, line, col, *out,
                lim, lim);
    return DX_OK;
}

static dx_status grow(dx_calibrate_samples *o, size_t *cap)
{
    if (o->n < *cap)
        return DX_OK;
    if (o->n >= DX__CAL_MAX_SAMPLES)
        DX_FAIL(DX_EDOMAIN, "more than %u measurements (limit of the reader)", DX__CAL_MAX_SAMPLES);
    size_t nc = *cap ? 2 * *cap : 1024;
    double *d = dx__realloc(o->d2d_m, nc * sizeof *d);
    if (d)
        o->d2d_m = d;
    double *pl = d ? dx__realloc(o->path_loss_db, nc * sizeof *pl) : NULL;
    if (pl)
        o->path_loss_db = pl;
    unsigned char *l = pl ? dx__realloc(o->lost, nc) : NULL;
    if (l)
        o->lost = l;
    int *g = l ? dx__realloc(o->group, nc * sizeof *g) : NULL;
    if (g)
        o->group = g;
    if (!g)
        DX_FAIL(DX_ENOMEM, "out of memory for %zu measurements", nc);
    *cap = nc;
    return DX_OK;
}

/* Index of group name s, added when new. */
static dx_status intern(char ***names, size_t *n, size_t *cap, const char *s, int *out)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*names)[i], s) == 0) {
            *out = (int)i;
            return DX_OK;
        }
    if (*n >= (size_t)INT32_MAX)
        DX_FAIL(DX_EDOMAIN, "too many groups");
    if (*n == *cap) {
        size_t nc = *cap ? 2 * *cap : 16;
        char **p = dx__realloc(*names, nc * sizeof *p);
        if (!p)
            DX_FAIL(DX_ENOMEM, "out of memory for group names");
        *names = p;
        *cap = nc;
    }
    char *c = dx__strdup(s);
    if (!c)
        DX_FAIL(DX_ENOMEM, "out of memory for group names");
    (*names)[*n] = c;
    *out = (int)(*n)++;
    return DX_OK;
}

void dx_calibrate_samples_dispose(dx_calibrate_samples *s)
{
    if (!s)
        return;
    dx__free(s->d2d_m);
    dx__free(s->path_loss_db);
    dx__free(s->lost);
    dx__free(s->group);
    memset(s, 0, sizeof *s);
}

dx_status dx_calibrate_csv_options_init(dx_calibrate_csv_options *o, unsigned int version)
{
    DX_REQUIRE_PTR(o);
    if (version != DX_CALIBRATE_CSV_OPTIONS_VERSION)
        DX_FAIL(DX_EINVAL, "dx_calibrate_csv_options_init: version %u (this library: %u)",
                version, (unsigned)DX_CALIBRATE_CSV_OPTIONS_VERSION);
    memset(o, 0, sizeof *o);
    o->version = version;
    o->tx_dbm = NAN;
    o->sensitivity_dbm = NAN;
    o->site_lat_deg = NAN;
    o->site_lon_deg = NAN;
    return DX_OK;
}

size_t dx_calibrate_csv_options_size(void) { return sizeof(dx_calibrate_csv_options); }

dx_status dx_calibrate_samples_parse_csv(const char *text, size_t len, const char *name,
                                         double tx_dbm, double sensitivity_dbm,
                                         dx_calibrate_samples *out)
{
    dx_calibrate_csv_options o;
    dx_calibrate_csv_options_init(&o, DX_CALIBRATE_CSV_OPTIONS_VERSION);
    o.tx_dbm = tx_dbm;
    o.sensitivity_dbm = sensitivity_dbm;
    return dx_calibrate_samples_read_csv(text, len, name, &o, out);
}

dx_status dx_calibrate_samples_read_csv(const char *text, size_t len, const char *name,
                                        const dx_calibrate_csv_options *opts,
                                        dx_calibrate_samples *out)
{
    DX_REQUIRE_PTR(out);
    memset(out, 0, sizeof *out);
    DX_REQUIRE_PTR(text);
    DX_REQUIRE_PTR(opts);
    if (opts->version != DX_CALIBRATE_CSV_OPTIONS_VERSION)
        DX_FAIL(DX_EINVAL, "dx_calibrate_samples_read_csv: options version %u (this library: %u)",
                opts->version, (unsigned)DX_CALIBRATE_CSV_OPTIONS_VERSION);
    const double tx_dbm = opts->tx_dbm, sensitivity_dbm = opts->sensitivity_dbm;
    /* one site for every row (a drive test around one base station logs the
     * measurement point only): both coordinates or neither */
    const double fix_la = opts->site_lat_deg, fix_lo = opts->site_lon_deg;
    const int fixed_site = !isnan(fix_la) || !isnan(fix_lo);
    if (fixed_site && (!(fabs(fix_la) <= 90.0) || !(fabs(fix_lo) <= 180.0)))
        DX_FAIL(DX_EDOMAIN, "site position (site_lat_deg %g, site_lon_deg %g): both are needed, "
                "latitude -90 .. 90 deg and longitude -180 .. 180 deg", fix_la, fix_lo);
    const char *file = name ? name : "(measurements)";
    dx__csv_row hdr = {0}, row = {0};
    size_t cap = 0, n_names = 0, names_cap = 0;
    char **names = NULL;
    long c_d = -1, c_pl = -1, c_rssi = -1, c_snr = -1, c_rx = -1, c_lost = -1, c_grp = -1;
    long c_lat = -1, c_lon = -1, c_slat = -1, c_slon = -1; /* positions (no d2d_m) */
    hdr_key *keys = NULL; /* the header's cells as matched */
    int have_header = 0;
    dx_status st = DX_OK;
    size_t pos = 0;
    long line_no = 1;
    while (st == DX_OK &&
           dx__csv_step(text, len, &pos, &line_no, have_header ? &row : &hdr, file, &st)) {
        dx__csv_row *dst = have_header ? &row : &hdr;
        size_t ln = (size_t)dst->line;
        if (!have_header) {
            have_header = 1;
            if (!(keys = dx__calloc(hdr.n ? hdr.n : 1, sizeof *keys))) {
                st = DX_ENOMEM;
                dx__set_error("%s:%zu: out of memory for %zu column names", file, ln, hdr.n);
                break;
            }
            for (size_t i = 0; i < hdr.n; i++)
                header_key(hdr.cells[i], &keys[i]);
            const size_t nk = hdr.n;
            /* a column the reader uses, named twice (also "RSRP" and "rsrp"),
             * would be read from one of them silently; other repeats are
             * the exporter's business */
            for (size_t i = 0; i < hdr.n && st == DX_OK; i++)
                for (size_t j = 0; j < i && st == DX_OK; j++)
                    if (strcmp(keys[i].key, keys[j].key) == 0 && known_key(keys[i].key)) {
                        st = DX_EPARSE;
                        dx__set_error("%s:%zu: column '%s' is named twice (columns %zu and %zu)",
                                      file, ln, hdr.cells[i], j + 1, i + 1);
                    }
            if (st != DX_OK)
                break;
            c_d = col_of(keys, nk, "d2d_m");
            c_pl = col_of(keys, nk, "path_loss_db");
            c_rssi = col_any(keys, nk, RSSI_COLS);
            c_snr = col_any(keys, nk, SNR_COLS);
            c_rx = col_any(keys, nk, RX_COLS);
            if (c_rx < 0 && c_snr < 0)
                c_rx = c_rssi; /* an RSSI alone is the received power as reported */
            c_lost = col_of(keys, nk, "lost");
            c_grp = col_of(keys, nk, "group");
            if (c_d < 0) {
                c_lat = col_any(keys, nk, LAT_COLS);
                c_lon = col_any(keys, nk, LON_COLS);
                c_slat = col_any(keys, nk, SITE_LAT_COLS);
                c_slon = col_any(keys, nk, SITE_LON_COLS);
            }
            static const char *const U_M[] = {"m", NULL}, *const U_DB[] = {"db", NULL},
                                     *const U_DBM[] = {"dbm", NULL}, *const U_NONE[] = {NULL},
                                     *const U_DEG[] = {"deg", "degree", "degrees", "°", "度", NULL};
            const struct {
                long col;
                const char *const *units;
            } uc[] = {{c_d, U_M},       {c_pl, U_DB},    {c_rssi, U_DBM}, {c_snr, U_DB},
                      {c_rx, U_DBM},    {c_lost, U_NONE}, {c_grp, U_NONE}, {c_lat, U_DEG},
                      {c_lon, U_DEG},   {c_slat, U_DEG}, {c_slon, U_DEG}};
            for (size_t u = 0; u < sizeof uc / sizeof uc[0] && st == DX_OK; u++)
                if (!unit_ok(uc[u].col, keys, uc[u].units)) {
                    st = DX_EPARSE;
                    dx__set_error("%s:%zu: column '%s' states the unit '%s'; %s is read in %s",
                                  file, ln, hdr.cells[uc[u].col], keys[uc[u].col].unit,
                                  keys[uc[u].col].key, uc[u].units[0] ? uc[u].units[0] : "no unit");
                }
            if (st != DX_OK)
                break;
            if (fixed_site && (c_d >= 0 || c_slat >= 0 || c_slon >= 0)) {
                st = DX_EINVAL;
                dx__set_error("%s:%zu: the site position is given (--site-lat/--site-lon) and the "
                              "table has a column '%s': give the site once", file, ln,
                              hdr.cells[c_d >= 0 ? c_d : c_slat >= 0 ? c_slat : c_slon]);
                break;
            }
            int at_pos = c_lat >= 0 && c_lon >= 0 && ((c_slat >= 0 && c_slon >= 0) || fixed_site);
            int lora = c_rssi >= 0 && c_snr >= 0;
            if ((c_d < 0 && !at_pos) || (c_pl < 0 && !lora && c_rx < 0)) {
                st = DX_EPARSE;
                dx__set_error("%s:%zu: the header needs d2d_m (or the positions lat, lon, site_lat, "
                              "site_lon in degrees, or lat, lon with the site given once: "
                              "--site-lat/--site-lon) and path_loss_db (or rssi_dbm and snr_db "
                              "of LoRa packets, or a received power rx_dbm, rsrp_dbm or rssi_dbm "
                              "alone)", file, ln);
                break;
            }
            if (c_pl < 0 && !isfinite(tx_dbm)) {
                st = DX_EINVAL;
                dx__set_error("%s: %s needs tx_dbm (--tx-dbm: EIRP + RX antenna gain, dBm; for "
                              "RSRP the reference signal's EPRE + gains)", file,
                              lora ? "rssi_dbm/snr_db" : hdr.cells[c_rx]);
                break;
            }
            continue;
        }
        if (row.n < hdr.n) {
            st = DX_EPARSE;
            dx__set_error("%s:%zu: %zu cells, the header has %zu", file, ln, row.n, hdr.n);
            break;
        }
        if ((st = grow(out, &cap)) != DX_OK) {
            dx__prefix_error("%s:%zu", file, ln);
            break;
        }
        size_t n = out->n;
        double lv = 0, d = 0, pl = 0;
        if (c_lost >= 0 && (st = num(file, ln, "lost", row.cells[c_lost], &lv)) != DX_OK)
            break;
        if (lv != 0 && lv != 1) {
            st = DX_EDOMAIN;
            dx__set_error("%s:%zu: lost = %g (allowed: 0 or 1)", file, ln, lv);
            break;
        }
        double la = 0, lo = 0, sla = 0, slo = 0;
        if (c_d >= 0) {
            if ((st = num(file, ln, "d2d_m", row.cells[c_d], &d)) != DX_OK)
                break;
        } else {
            if ((st = coord(file, ln, hdr.cells[c_lat], row.cells[c_lat], 90, &la)) != DX_OK ||
                (st = coord(file, ln, hdr.cells[c_lon], row.cells[c_lon], 180, &lo)) != DX_OK)
                break;
            if (fixed_site) {
                sla = fix_la;
                slo = fix_lo;
            } else if ((st = coord(file, ln, hdr.cells[c_slat], row.cells[c_slat], 90, &sla)) !=
                           DX_OK ||
                       (st = coord(file, ln, hdr.cells[c_slon], row.cells[c_slon], 180, &slo)) !=
                           DX_OK)
                break;
            if ((st = dx_geo_inverse(1, &sla, &slo, &la, &lo, &d, NULL, NULL)) != DX_OK) {
                dx__prefix_error("%s:%zu", file, ln);
                break;
            }
        }
        if (!(d > 0 && d <= DX__CAL_MAX_D2D_M)) {
            st = DX_EDOMAIN;
            if (c_d >= 0)
                dx__set_error("%s:%zu: d2d_m = %g m (allowed > 0 .. %g m)", file, ln, d,
                              DX__CAL_MAX_D2D_M);
            else
                dx__set_error("%s:%zu: the point (%g, %g) is %g m from the site (%g, %g) "
                              "(allowed > 0 .. %g m)", file, ln, la, lo, d, sla, slo,
                              DX__CAL_MAX_D2D_M);
            break;
        }
        if (lv != 0 && c_pl < 0) {
            if (!isfinite(sensitivity_dbm)) {
                st = DX_EINVAL;
                dx__set_error("%s:%zu: a lost packet needs sensitivity_dbm (--sensitivity-dbm) "
                              "or a path_loss_db bound", file, ln);
                break;
            }
            pl = tx_dbm - sensitivity_dbm;
        } else if (c_pl >= 0) {
            if ((st = num(file, ln, "path_loss_db", row.cells[c_pl], &pl)) != DX_OK)
                break;
        } else if (c_rssi >= 0 && c_snr >= 0) {
            double r, s, sig;
            if ((st = num(file, ln, hdr.cells[c_rssi], row.cells[c_rssi], &r)) != DX_OK ||
                (st = num(file, ln, hdr.cells[c_snr], row.cells[c_snr], &s)) != DX_OK)
                break;
            if ((st = dx_calibrate_lora_signal_dbm(1, &r, &s, 0, &sig)) != DX_OK) {
                dx__prefix_error("%s:%zu", file, ln);
                break;
            }
            pl = tx_dbm - sig;
        } else {
            double r;
            if ((st = num(file, ln, hdr.cells[c_rx], row.cells[c_rx], &r)) != DX_OK)
                break;
            pl = tx_dbm - r;
        }
        if (!(pl >= 0 && pl <= DX__CAL_MAX_PATH_LOSS_DB)) {
            /* 1e300 dB was fitted into an offset of -9.6e299 dB without a word */
            st = DX_EDOMAIN;
            dx__set_error("%s:%zu: path loss = %g dB%s (allowed 0 .. %g dB)", file, ln, pl,
                          c_pl >= 0 ? " (path_loss_db)" : " (tx_dbm - the measured signal)",
                          DX__CAL_MAX_PATH_LOSS_DB);
            break;
        }
        int g = 0;
        if (c_grp >= 0) {
            if ((st = intern(&names, &n_names, &names_cap, row.cells[c_grp], &g)) != DX_OK)
                break;
            out->has_group = 1;
        } else if (c_d < 0) {
            /* no group column: the site (gateway) is the group, so the
             * leave-one-group-out RMSE validates on a site left out */
            char key[64];
            snprintf(key, sizeof key, "%.7f,%.7f", sla, slo);
            if ((st = intern(&names, &n_names, &names_cap, key, &g)) != DX_OK)
                break;
            out->has_group = 1;
        }
        out->d2d_m[n] = d;
        out->path_loss_db[n] = pl;
        out->lost[n] = lv != 0;
        out->group[n] = g;
        out->has_lost |= lv != 0;
        out->n++;
    }
    if (st == DX_OK && !have_header) {
        st = DX_EPARSE;
        dx__set_error("%s: no header line", file);
    }
    if (st == DX_OK && out->n == 0) {
        st = DX_EPARSE;
        dx__set_error("%s: a header and no measurements", file);
    }
    out->n_groups = n_names;
    for (size_t i = 0; i < n_names; i++)
        dx__free(names[i]);
    dx__free(names);
    dx__free(keys);
    dx__csv_row_free(&hdr);
    dx__csv_row_free(&row);
    if (st != DX_OK)
        dx_calibrate_samples_dispose(out);
    return st;
}

/* ---- the fit as a file a scenario reads: <calibration file="fit.xml"/> ---- */

static void xml_attr_text(dx__buf *b, const char *name, const char *v)
{
    dx__buf_appendf(b, "\n             %s=\"", name);
    for (const char *p = v; *p; p++) {
        switch (*p) {
        case '&': dx__buf_append(b, "&amp;"); break;
        case '<': dx__buf_append(b, "&lt;"); break;
        case '>': dx__buf_append(b, "&gt;"); break;
        case '"': dx__buf_append(b, "&quot;"); break;
        case '\n': case '\r': case '\t': dx__buf_append(b, " "); break;
        default: {
            char c[2] = {*p, '\0'};
            dx__buf_append(b, c);
        }
        }
    }
    dx__buf_append(b, "\"");
}

static void xml_attr_num(dx__buf *b, const char *name, double v)
{
    if (!isfinite(v))
        return; /* NaN (no value, e.g. LOGO with one group) is left out */
    char t[40];
    dx__format_double(t, sizeof t, v, 10); /* locale-independent, 10 significant digits */
    dx__buf_appendf(b, " %s=\"%s\"", name, t);
}

dx_status dx_calibrate_write_xml(const dx_calibration *c, const dx_calibration_info *info,
                                 const char *path)
{
    DX_REQUIRE_PTR(c);
    DX_REQUIRE_PTR(path);
    if (!isfinite(c->offset_db) || !isfinite(c->slope_db_per_decade) || !(c->d_ref_m > 0) ||
        !(c->sigma_db >= 0))
        DX_FAIL(DX_EINVAL, "dx_calibrate_write_xml: offset %g dB, slope %g dB/decade, d_ref %g m, "
                           "sigma %g dB (need finite values, d_ref > 0, sigma >= 0)",
                c->offset_db, c->slope_db_per_decade, c->d_ref_m, c->sigma_db);
    dx__buf b;
    dx__buf_init(&b);
    dx__buf_append(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                       "<!-- Path-loss calibration fitted by dxsim calibrate (docs/calibration.md):\n"
                       "     PL_cal(d) = PL_model,NLOS(d) + offset_db + slope_db_per_decade log10(d / d_ref_m).\n"
                       "     Use it in a scenario as <calibration file=\"this file\"/>. -->\n"
                       "<calibration");
    xml_attr_num(&b, "offset_db", c->offset_db);
    xml_attr_num(&b, "slope_db_per_decade", c->slope_db_per_decade);
    xml_attr_num(&b, "d_ref_m", c->d_ref_m);
    xml_attr_num(&b, "sigma_db", c->sigma_db);
    if (info && info->model && info->model[0])
        xml_attr_text(&b, "model", info->model);
    if (info) {
        xml_attr_num(&b, "fc_hz", info->fc_hz);
        xml_attr_num(&b, "h_bs_m", info->h_bs_m);
        xml_attr_num(&b, "h_ut_m", info->h_ut_m);
    }
    dx__buf_append(&b, "\n            ");
    xml_attr_num(&b, "rmse_db", c->rmse_db);
    xml_attr_num(&b, "loo_rmse_db", c->loo_rmse_db);
    xml_attr_num(&b, "bias_db", c->bias_db);
    xml_attr_num(&b, "model_rmse_db", c->model_rmse_db);
    xml_attr_num(&b, "sigma_location_db", c->sigma_location_db);
    dx__buf_appendf(&b, "\n             n_samples=\"%zu\" n_censored=\"%zu\" n_groups=\"%zu\"",
                    c->n_samples, c->n_censored, c->n_groups);
    if (info && info->technology && info->technology[0])
        xml_attr_text(&b, "technology", info->technology);
    if (info && info->source && info->source[0])
        xml_attr_text(&b, "source", info->source);
    dx__buf_append(&b, "/>\n");
    char *text = dx__buf_take(&b);
    if (!text)
        return DX_ENOMEM;
    dx_status st = dx__write_file_atomic(path, text, strlen(text));
    dx_free(text);
    return st;
}
