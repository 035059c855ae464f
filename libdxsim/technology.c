/* Stage 1: the built-in technology catalogue, parsed once from the embedded
 * data file libdxsim/data/technologies.txt ("key = value | CLASS | source"). */
#define _GNU_SOURCE
#include "dx_internal.h"
#include "dxsim/technology.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DX__TECH_MAX 16
#define DX__PARAM_MAX 48

typedef struct {
    char *key, *value, *source;
    dx_value_class cls;
} dx__param;

typedef struct {
    dx_technology tech;
    size_t n_params;
    dx__param params[DX__PARAM_MAX];
} dx__entry;

typedef struct {
    size_t n;
    dx__entry e[DX__TECH_MAX];
    dx_status status;
    char error[256];
    char *text; /* one mutable copy of the data file; params point into it */
} dx__catalogue;
static dx__catalogue dx__cat;
static pthread_once_t dx__cat_once = PTHREAD_ONCE_INIT;

const char *dx_value_class_name(dx_value_class c)
{
    switch (c) {
    case DX_VALUE_FIRM:
        return "FIRM";
    case DX_VALUE_INDICATIVE:
        return "INDICATIVE";
    case DX_VALUE_ASSUMED:
        return "ASSUMED";
    case DX_VALUE_UNVERIFIED:
        return "UNVERIFIED";
    }
    return "UNKNOWN";
}

int dx__parse_value_class(const char *s, dx_value_class *out)
{
    for (int i = DX_VALUE_FIRM; i <= DX_VALUE_UNVERIFIED; i++)
        if (strcmp(s, dx_value_class_name((dx_value_class)i)) == 0) {
            *out = (dx_value_class)i;
            return 0;
        }
    return -1;
}

const char *dx_tech_family_name(dx_tech_family f)
{
    static const char *names[] = {"nr", "wifi-he", "wifi-eht", "wifi-s1g", "lora", "ltem", "carrier"};
    return (unsigned)f < 7 ? names[f] : "unknown";
}

/* Apply one key to the struct. Returns 0, or -1 for an unknown key / bad value. */
static int apply(dx_technology *t, const char *key, const char *val)
{
    double v = 0.0;
    int is_num = dx__parse_double(val, &v) == 0;
    struct {
        const char *key;
        double *field;
        double scale;
    } dbl[] = {
        {"fc_mhz", &t->fc_hz, 1e6},
        {"f_min_mhz", &t->f_min_hz, 1e6},
        {"f_max_mhz", &t->f_max_hz, 1e6},
        {"bw_mhz", &t->bw_hz, 1e6},
        {"scs_khz", &t->scs_khz, 1.0},
        {"bs_tx_power_dbm", &t->bs_tx_power_dbm, 1.0},
        {"bs_antenna_gain_dbi", &t->bs_antenna_gain_dbi, 1.0},
        {"bs_cable_loss_db", &t->bs_cable_loss_db, 1.0},
        {"bs_noise_figure_db", &t->bs_noise_figure_db, 1.0},
        {"bs_height_m", &t->bs_height_m, 1.0},
        {"max_eirp_dbm", &t->max_eirp_dbm, 1.0},
        {"max_tx_power_dbm", &t->max_tx_power_dbm, 1.0},
        {"ue_tx_power_dbm", &t->ue_tx_power_dbm, 1.0},
        {"ue_antenna_gain_dbi", &t->ue_antenna_gain_dbi, 1.0},
        {"ue_noise_figure_db", &t->ue_noise_figure_db, 1.0},
        {"ue_height_m", &t->ue_height_m, 1.0},
        {"gi_us", &t->gi_us, 1.0},
        {"dwell_time_s", &t->dwell_time_s, 1.0},
        {"max_coupling_loss_db", &t->max_coupling_loss_db, 1.0},
        {"nominal_dl_kbps", &t->nominal_dl_bps, 1e3},
        {"nominal_ul_kbps", &t->nominal_ul_bps, 1e3},
    };
    struct {
        const char *key;
        int *field;
    } ints[] = {
        {"channels_available", &t->channels_available},
        {"indoor_only", &t->indoor_only},
        {"subscription_only", &t->subscription_only},
        {"licensed", &t->licensed},
        {"sectors", &t->sectors},
        {"mimo_layers_dl", &t->mimo_layers_dl},
        {"mimo_layers_ul", &t->mimo_layers_ul},
        {"max_qm", &t->max_qm},
        {"nr_mcs_table", &t->nr_mcs_table},
        {"lora_sf_min", &t->lora_sf_min},
        {"lora_sf_max", &t->lora_sf_max},
    };
    for (size_t i = 0; i < sizeof dbl / sizeof dbl[0]; i++)
        if (strcmp(key, dbl[i].key) == 0) {
            if (!is_num)
                return -1;
            *dbl[i].field = v * dbl[i].scale;
            return 0;
        }
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++)
        if (strcmp(key, ints[i].key) == 0) {
            /* range first: (int)v of an out-of-range double is undefined */
            if (!is_num || !(v >= -2147483648.0 && v <= 2147483647.0) || v != (double)(int)v)
                return -1;
            *ints[i].field = (int)v;
            return 0;
        }
    if (strcmp(key, "name") == 0) {
        snprintf(t->name, sizeof t->name, "%s", val);
        return 0;
    }
    if (strcmp(key, "tdd_pattern") == 0) {
        snprintf(t->tdd_pattern, sizeof t->tdd_pattern, "%s", val);
        return 0;
    }
    if (strcmp(key, "tdd_special") == 0) {
        snprintf(t->tdd_special, sizeof t->tdd_special, "%s", val);
        return 0;
    }
    if (strcmp(key, "tdd_frames") == 0)
        return 0; /* provenance only; resolved by dx_technology_set_tdd_frame */
    if (strcmp(key, "family") == 0) {
        for (int f = 0; f <= DX_TECH_FAMILY_CARRIER; f++)
            if (strcmp(val, dx_tech_family_name((dx_tech_family)f)) == 0) {
                t->family = (dx_tech_family)f;
                return 0;
            }
        return -1;
    }
    if (strcmp(key, "power_regime") == 0) {
        static const char *names[] = {"none",           "local5g",       "wifi6g-lpi", "wifi6g-vlp",
                                      "arib-t108-20mw", "lora-as923-jp", "carrier"};
        for (int r = 0; r < 7; r++)
            if (strcmp(val, names[r]) == 0) {
                t->power_regime = (dx_power_regime)r;
                return 0;
            }
        return -1;
    }
    if (strcmp(key, "bw_options_mhz") == 0) {
        char tmp[128];
        snprintf(tmp, sizeof tmp, "%s", val);
        t->n_bw_options = 0;
        char *save = NULL;
        for (char *tok = strtok_r(tmp, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
            double b;
            if (dx__parse_double(tok, &b) != 0 || b <= 0 || t->n_bw_options >= DX_TECH_MAX_BW_OPTIONS)
                return -1;
            t->bw_options_hz[t->n_bw_options++] = b * 1e6;
        }
        return 0;
    }
    return -1;
}

/* Parse a catalogue text (len bytes) into *cat (status and error set). */
static void parse_catalogue(dx__catalogue *cat, const char *data, size_t len)
{
    cat->status = DX_EPARSE;
    cat->text = malloc(len + 1);
    if (!cat->text) {
        cat->status = DX_ENOMEM;
        snprintf(cat->error, sizeof cat->error, "out of memory loading the catalogue");
        return;
    }
    memcpy(cat->text, data, len);
    cat->text[len] = '\0';
    int lineno = 0;
    dx__entry *cur = NULL;
    char *save = NULL;
    for (char *line = strtok_r(cat->text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        lineno++;
        char *s = dx__trim(line);
        if (*s == '\0' || *s == '#')
            continue;
        if (*s == '[') {
            char *end = strchr(s, ']');
            if (!end || cat->n >= DX__TECH_MAX)
                goto bad;
            *end = '\0';
            cur = &cat->e[cat->n++];
            memset(cur, 0, sizeof *cur);
            snprintf(cur->tech.id, sizeof cur->tech.id, "%s", s + 1);
            continue;
        }
        char *eq = strchr(s, '=');
        char *bar1 = eq ? strchr(eq, '|') : NULL;
        char *bar2 = bar1 ? strchr(bar1 + 1, '|') : NULL;
        if (!cur || !eq || !bar1 || !bar2 || cur->n_params >= DX__PARAM_MAX)
            goto bad;
        *eq = *bar1 = *bar2 = '\0';
        dx__param *p = &cur->params[cur->n_params];
        p->key = dx__trim(s);
        p->value = dx__trim(eq + 1);
        p->source = dx__trim(bar2 + 1);
        if (dx__parse_value_class(dx__trim(bar1 + 1), &p->cls) != 0 || apply(&cur->tech, p->key, p->value) != 0)
            goto bad;
        cur->n_params++;
    }
    cat->status = DX_OK;
    return;
bad:
    snprintf(cat->error, sizeof cat->error,
             "technologies.txt line %d: malformed catalogue entry", lineno);
    cat->n = 0;
}

static void load_catalogue(void)
{
    size_t len = 0;
    const char *data = dx__embedded_data("technologies.txt", &len);
    if (!data) {
        dx__cat.status = DX_EPARSE;
        snprintf(dx__cat.error, sizeof dx__cat.error, "technologies.txt is not embedded");
        return;
    }
    parse_catalogue(&dx__cat, data, len);
}

dx_status dx__technology_parse_catalogue(const char *text, size_t len, size_t *out_n)
{
    DX_REQUIRE_PTR(text);
    dx__catalogue *cat = calloc(1, sizeof *cat);
    if (!cat)
        DX_FAIL(DX_ENOMEM, "dx__technology_parse_catalogue: out of memory");
    parse_catalogue(cat, text, len);
    dx_status st = cat->status;
    if (st == DX_OK && out_n)
        *out_n = cat->n;
    if (st != DX_OK)
        dx__set_error("%s", cat->error);
    free(cat->text);
    free(cat);
    return st;
}

static dx_status catalogue(void)
{
    pthread_once(&dx__cat_once, load_catalogue);
    if (dx__cat.status != DX_OK)
        DX_FAIL(dx__cat.status, "%s", dx__cat.error);
    return DX_OK;
}

size_t dx_technology_count(void) { return catalogue() == DX_OK ? dx__cat.n : 0; }

dx_status dx_technology_get(size_t index, dx_technology *out)
{
    DX_REQUIRE_PTR(out);
    DX_TRY(catalogue());
    if (index >= dx__cat.n)
        DX_FAIL(DX_EINVAL, "dx_technology_get: index = %zu (allowed 0..%zu)", index, dx__cat.n - 1);
    *out = dx__cat.e[index].tech;
    return DX_OK;
}

static const dx__entry *find(const char *id)
{
    if (!id || catalogue() != DX_OK)
        return NULL;
    for (size_t i = 0; i < dx__cat.n; i++)
        if (strcmp(dx__cat.e[i].tech.id, id) == 0)
            return &dx__cat.e[i];
    return NULL;
}

static dx_status not_found(const char *id)
{
    char known[512] = "";
    for (size_t i = 0; i < dx__cat.n; i++) {
        strncat(known, dx__cat.e[i].tech.id, sizeof known - strlen(known) - 1);
        if (i + 1 < dx__cat.n)
            strncat(known, ", ", sizeof known - strlen(known) - 1);
    }
    DX_FAIL(DX_ENOTFOUND, "technology '%s' is not in the catalogue (known: %s)", id ? id : "(null)",
            known);
}

dx_status dx_technology_find(const char *id, dx_technology *out)
{
    DX_REQUIRE_PTR(id);
    DX_REQUIRE_PTR(out);
    DX_TRY(catalogue());
    const dx__entry *e = find(id);
    if (!e)
        return not_found(id);
    *out = e->tech;
    return DX_OK;
}

size_t dx_technology_param_count(const char *id)
{
    const dx__entry *e = find(id);
    return e ? e->n_params : 0;
}

static void fill_param(const dx__param *p, dx_tech_param *out)
{
    out->key = p->key;
    out->value = p->value;
    out->value_class = p->cls;
    out->source = p->source;
}

dx_status dx_technology_param(const char *id, size_t i, dx_tech_param *out)
{
    DX_REQUIRE_PTR(out);
    const dx__entry *e = find(id);
    if (!e)
        return not_found(id);
    if (i >= e->n_params)
        DX_FAIL(DX_EINVAL, "dx_technology_param: i = %zu (technology '%s' has %zu parameters)", i,
                id, e->n_params);
    fill_param(&e->params[i], out);
    return DX_OK;
}

dx_status dx_technology_param_find(const char *id, const char *key, dx_tech_param *out)
{
    DX_REQUIRE_PTR(key);
    DX_REQUIRE_PTR(out);
    const dx__entry *e = find(id);
    if (!e)
        return not_found(id);
    for (size_t i = 0; i < e->n_params; i++)
        if (strcmp(e->params[i].key, key) == 0) {
            fill_param(&e->params[i], out);
            return DX_OK;
        }
    DX_FAIL(DX_ENOTFOUND, "technology '%s' has no parameter '%s'", id, key);
}

dx_status dx_technology_set_tdd_frame(dx_technology *t, const char *frame)
{
    DX_REQUIRE_PTR(t);
    DX_REQUIRE_PTR(frame);
    if (t->family != DX_TECH_FAMILY_NR)
        DX_FAIL(DX_EINVAL, "technology '%s' is not NR: it has no TDD frame (tdd = '%s')", t->id, frame);
    dx_tech_param p;
    DX_TRY(dx_technology_param_find(t->id, "tdd_frames", &p));
    size_t fl = strlen(frame);
    const char *s = p.value;
    while (s && *s) {
        const char *colon = strchr(s, ':');
        const char *comma = strchr(s, ',');
        if (!colon)
            break;
        if ((size_t)(colon - s) == fl && strncmp(s, frame, fl) == 0) {
            size_t n = comma ? (size_t)(comma - colon - 1) : strlen(colon + 1);
            if (n >= sizeof t->tdd_pattern)
                break;
            memcpy(t->tdd_pattern, colon + 1, n);
            t->tdd_pattern[n] = '\0';
            return DX_OK;
        }
        s = comma ? comma + 1 : NULL;
    }
    DX_FAIL(DX_ENOTFOUND, "technology '%s': unknown TDD frame '%s' (allowed: %s)", t->id, frame,
            p.value);
}

int dx_technology_channel_count(const dx_technology *t)
{
    if (!t || !(t->bw_hz > 0))
        return 0;
    double n;
    if (t->family == DX_TECH_FAMILY_NR || t->family == DX_TECH_FAMILY_WIFI_HE ||
        t->family == DX_TECH_FAMILY_WIFI_EHT) {
        n = floor((t->f_max_hz - t->f_min_hz) / t->bw_hz + 1e-9);
    } else {
        dx_technology def;
        if (dx_technology_find(t->id, &def) != DX_OK || !(def.bw_hz > 0))
            return t->channels_available > 0 ? t->channels_available : 1;
        n = floor(def.channels_available * def.bw_hz / t->bw_hz + 1e-9);
    }
    return n >= 1 ? (int)n : 1;
}
