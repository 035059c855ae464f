/* Stage 7: the MIC programme rules engine. The rules of one fiscal year are the
 * embedded data file libdxsim/data/programme-r<year>.txt ("[menu]" sections of
 * "key = value | CLASS | source [| verify]" lines); this file holds only the
 * order in which the rules are applied. Each menu's section of the embedded
 * file is parsed once per process and kept, immutable, in a small table under
 * a mutex (a scenario Monte Carlo evaluates the programme thousands of times);
 * rules given as text (dx__programme_evaluate_text) are parsed per call. */
#define _GNU_SOURCE
#include "dx_internal.h"
#include "counters_internal.h"
#include "dxsim/programme.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DX__PROG_PARAM_MAX 64
#define DX__PROG_CHECK_MAX 16
#define DX__PROG_RULE_MAX 96
#define DX__PROG_REASON_MAX 1024 /* a name (255) + a justification (511) + the rule text */
#define DX__PROG_VERIFY "verify against the call guidelines (公募要領)"

typedef struct {
    const char *key, *value, *source;
    dx_value_class cls;
    int verify;
    /* parsed once with the file (a Monte Carlo evaluates the rules thousands
     * of times): the key's hash, and the value as a number when it is one */
    unsigned hash;
    int is_num;
    double num;
} dx__prog_param;

typedef struct {
    char menu[32];
    char *text; /* mutable copy of the rule file; params point into it */
    int shared; /* 1: text belongs to the process-wide table (rules_load) */
    size_t n;
    dx__prog_param p[DX__PROG_PARAM_MAX];
} dx__prog_rules;

typedef struct {
    int eligible;
    double cost_jpy, eligible_jpy;
    char rule[DX__PROG_RULE_MAX];
    char reason[DX__PROG_REASON_MAX];
    dx_value_class cls;
    const char *source;
    dx_cost_role role_; /* copied from the input item (③ combination check) */
    int conditional;    /* decided by unleasable_with_reason (dx__programme_result_item_conditional) */
} dx__prog_item;

typedef struct {
    int passed, blocking;
    char rule[DX__PROG_RULE_MAX];
    char reason[DX__PROG_REASON_MAX];
    dx_value_class cls;
    const char *source;
} dx__prog_check;

struct dx_programme_result {
    dx__prog_rules rules;
    const char *title;
    size_t n_items;
    dx__prog_item *items;
    size_t n_checks;
    dx__prog_check checks[DX__PROG_CHECK_MAX];
    size_t n_warnings, cap_warnings;
    char **warnings;
    dx_programme_totals totals;
    /* 1: numbers only (dx__programme_evaluate_numbers, a Monte Carlo draw):
     * no rule id, reason or warning text is formatted; verdicts, checks'
     * passed/blocking and the totals are those of a full evaluation */
    int numbers_only;
};

static const char *const dx__applicant_names[] = {"municipality", "prefecture", "company",
                                                  "nonprofit", "gov-funded-corporation"};
#define DX__N_APPLICANT_TYPES (sizeof dx__applicant_names / sizeof dx__applicant_names[0])
_Static_assert(DX__N_APPLICANT_TYPES == DX_APPLICANT_GOV_FUNDED_CORPORATION + 1,
               "one name per dx_applicant_type");

const char *dx_applicant_type_name(dx_applicant_type t)
{
    return (unsigned)t < DX__N_APPLICANT_TYPES ? dx__applicant_names[t] : "unknown";
}

dx_status dx_applicant_type_from_name(const char *name, dx_applicant_type *out)
{
    DX_REQUIRE_PTR(name);
    DX_REQUIRE_PTR(out);
    for (size_t i = 0; i < DX__N_APPLICANT_TYPES; i++)
        if (strcmp(name, dx__applicant_names[i]) == 0) {
            *out = (dx_applicant_type)i;
            return DX_OK;
        }
    DX_FAIL(DX_ENOTFOUND, "applicant type '%s' is not known (allowed: municipality, prefecture, "
                          "company, nonprofit, gov-funded-corporation)", name);
}

/* ---- small helpers ---------------------------------------------------------- */
static void fmt(char *buf, size_t cap, const char *f, ...) DX__PRINTF(3, 4);
static void fmt(char *buf, size_t cap, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    /* a reason too long for its buffer is cut visibly (" [...]"), before a
     * whole UTF-8 character (issue 10: never cut silently) */
    dx__text_vfmt(buf, cap, f, ap);
    va_end(ap);
}

/* A reason or warning text, formatted only when the result keeps texts (not
 * in a numbers-only evaluation: a Monte Carlo draw reads the numbers alone). */
#define TEXT(buf, ...) (res->numbers_only ? (void)0 : fmt(buf, sizeof buf, __VA_ARGS__))

/* ---- rule file ------------------------------------------------------------- */
static void rules_dispose(dx__prog_rules *r)
{
    if (!r->shared)
        dx__free(r->text);
    r->text = NULL;
    r->n = 0;
}

/* FNV-1a of a key: param() compares hashes before strings. */
static unsigned key_hash(const char *k)
{
    unsigned h = 2166136261u;
    for (; *k; k++)
        h = (h ^ (unsigned char)*k) * 16777619u;
    return h;
}

/* Parse the section [menu] of programme-r<year>.txt; text != NULL parses that
 * text instead of the embedded file (dx__programme_evaluate_text, fuzzing). */
static dx_status rules_parse(const char *menu, const char *text, size_t text_len, dx__prog_rules *r)
{
    memset(r, 0, sizeof *r);
    dx__count(DX__COUNT_RULES_PARSE);
    size_t ml = strlen(menu);
    const char *dash = strchr(menu, '-');
    if (menu[0] != 'r' || !dash || dash == menu + 1 || ml >= sizeof r->menu ||
        (size_t)(dash - menu) > 8)
        DX_FAIL(DX_ENOTFOUND,
                "dx_programme_evaluate: menu = '%s' is not a menu id (expected r<fiscal "
                "year>-<menu>, e.g. r7-2-1)",
                menu);
    char file[32];
    fmt(file, sizeof file, "programme-%.*s.txt", (int)(dash - menu), menu);
    size_t len = text_len;
    const char *data = text ? text : dx__embedded_data(file, &len);
    if (!data)
        DX_FAIL(DX_ENOTFOUND,
                "dx_programme_evaluate: menu = '%s': no rules for fiscal year '%.*s' (file %s "
                "is not embedded; known: r7)",
                menu, (int)(dash - menu), menu, file);
    memcpy(r->menu, menu, ml + 1);
    r->text = dx__malloc(len + 1);
    if (!r->text)
        DX_FAIL(DX_ENOMEM, "dx_programme_evaluate: out of memory loading %s", file);
    memcpy(r->text, data, len);
    r->text[len] = '\0';
    int lineno = 0, in_menu = 0, found = 0;
    char known[256] = "";
    /* Split lines by hand (strtok_r would skip empty lines and break line numbers). */
    char *line = r->text;
    while (line) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        lineno++;
        char *s = dx__trim(line);
        line = nl ? nl + 1 : NULL;
        if (*s == '\0' || *s == '#')
            continue;
        if (*s == '[') {
            char *end = strchr(s, ']');
            if (!end)
                goto bad;
            *end = '\0';
            in_menu = strcmp(s + 1, menu) == 0;
            found |= in_menu;
            if (strlen(known) + strlen(s + 1) + 3 < sizeof known) {
                if (known[0])
                    strcat(known, ", ");
                strcat(known, s + 1);
            }
            continue;
        }
        char *eq = strchr(s, '=');
        char *bar1 = eq ? strchr(eq, '|') : NULL;
        char *bar2 = bar1 ? strchr(bar1 + 1, '|') : NULL;
        if (!eq || !bar1 || !bar2)
            goto bad;
        if (!in_menu)
            continue;
        if (r->n >= DX__PROG_PARAM_MAX)
            goto bad;
        char *bar3 = strchr(bar2 + 1, '|');
        *eq = *bar1 = *bar2 = '\0';
        dx__prog_param *p = &r->p[r->n];
        p->verify = 0;
        if (bar3) {
            *bar3 = '\0';
            if (strcmp(dx__trim(bar3 + 1), "verify") != 0)
                goto bad;
            p->verify = 1;
        }
        p->key = dx__trim(s);
        p->value = dx__trim(eq + 1);
        p->source = dx__trim(bar2 + 1);
        p->hash = key_hash(p->key);
        p->is_num = dx__parse_double(p->value, &p->num) == 0;
        if (dx__parse_value_class(dx__trim(bar1 + 1), &p->cls) != 0)
            goto bad;
        r->n++;
    }
    if (!found) {
        rules_dispose(r);
        DX_FAIL(DX_ENOTFOUND, "dx_programme_evaluate: menu = '%s' is not in %s (known: %s)", menu,
                file, known);
    }
    return DX_OK;
bad:
    rules_dispose(r);
    DX_FAIL(DX_EPARSE, "%s line %d: malformed rule line", file, lineno);
}

/* Parsed sections of the embedded files, one per menu, for the process: an
 * entry is written once under the lock and never changed or freed after, so
 * readers hold a shallow copy (shared = 1) whose pointers stay valid. */
#define DX__PROG_CACHE 16
static struct {
    int used;
    dx__prog_rules r;
} dx__prog_cache[DX__PROG_CACHE];
static pthread_mutex_t dx__prog_cache_lock = PTHREAD_MUTEX_INITIALIZER;

static int cache_find(const char *menu, dx__prog_rules *r)
{
    for (int i = 0; i < DX__PROG_CACHE && dx__prog_cache[i].used; i++)
        if (strcmp(dx__prog_cache[i].r.menu, menu) == 0) {
            *r = dx__prog_cache[i].r;
            return 1;
        }
    return 0;
}

/* The rules of [menu]: the embedded file's (parsed once, see above) or, with
 * text != NULL, that text's (parsed now, owned by r). */
static dx_status rules_load(const char *menu, const char *text, size_t text_len, dx__prog_rules *r)
{
    if (text)
        return rules_parse(menu, text, text_len, r);
    pthread_mutex_lock(&dx__prog_cache_lock);
    int hit = cache_find(menu, r);
    pthread_mutex_unlock(&dx__prog_cache_lock);
    if (hit)
        return DX_OK;
    DX_TRY(rules_parse(menu, NULL, 0, r));
    pthread_mutex_lock(&dx__prog_cache_lock);
    dx__prog_rules other;
    if (cache_find(menu, &other)) { /* another thread parsed it meanwhile: use that one */
        pthread_mutex_unlock(&dx__prog_cache_lock);
        rules_dispose(r);
        *r = other;
        return DX_OK;
    }
    for (int i = 0; i < DX__PROG_CACHE; i++)
        if (!dx__prog_cache[i].used) { /* the table takes the text; full: r keeps its own */
            r->shared = 1;
            dx__prog_cache[i].r = *r;
            dx__prog_cache[i].used = 1;
            break;
        }
    pthread_mutex_unlock(&dx__prog_cache_lock);
    return DX_OK;
}

static const dx__prog_param *param(const dx__prog_rules *r, const char *key)
{
    const unsigned h = key_hash(key);
    for (size_t i = 0; i < r->n; i++)
        if (r->p[i].hash == h && strcmp(r->p[i].key, key) == 0)
            return &r->p[i];
    return NULL;
}

/* Numeric parameter; returns 1 and sets *v when present and numeric. */
static int num(const dx__prog_rules *r, const char *key, double *v)
{
    const dx__prog_param *p = param(r, key);
    if (!p || !p->is_num)
        return 0;
    *v = p->num;
    return 1;
}

static int flag(const dx__prog_rules *r, const char *key)
{
    double v = 0;
    return num(r, key, &v) && v != 0.0;
}

/* ---- result building ---------------------------------------------------------- */
static dx_status add_warning(dx_programme_result *res, const char *text)
{
    if (res->numbers_only)
        return DX_OK;
    for (size_t i = 0; i < res->n_warnings; i++)
        if (strcmp(res->warnings[i], text) == 0)
            return DX_OK;
    if (res->n_warnings == res->cap_warnings) {
        size_t cap = res->cap_warnings ? 2 * res->cap_warnings : 8;
        char **w = dx__realloc(res->warnings, cap * sizeof *w);
        if (!w)
            DX_FAIL(DX_ENOMEM, "dx_programme_evaluate: out of memory adding a warning");
        res->warnings = w;
        res->cap_warnings = cap;
    }
    char *d = dx__strdup(text);
    if (!d)
        DX_FAIL(DX_ENOMEM, "dx_programme_evaluate: out of memory adding a warning");
    res->warnings[res->n_warnings++] = d;
    return DX_OK;
}

/* Record the deciding rule of an item; adds "verify" to the reason when needed. */
static dx_status decide(dx_programme_result *res, dx__prog_item *it, const dx__prog_param *p,
                        const char *key, int eligible, double eligible_jpy, const char *reason)
{
    it->eligible = eligible && eligible_jpy > 0.0;
    it->eligible_jpy = eligible ? eligible_jpy : 0.0;
    it->conditional = strcmp(key, "unleasable_with_reason") == 0;
    it->cls = p ? p->cls : DX_VALUE_ASSUMED;
    it->source = p ? p->source : "";
    if (res->numbers_only)
        return DX_OK;
    dx__count(DX__COUNT_PROG_REASON);
    fmt(it->rule, sizeof it->rule, "%s/%s", res->rules.menu, key);
    int verify = p && (p->verify || p->cls != DX_VALUE_FIRM);
    fmt(it->reason, sizeof it->reason, "%s%s%s", reason, verify ? "; " : "",
        verify ? DX__PROG_VERIFY : "");
    if (verify) {
        char w[DX__PROG_REASON_MAX];
        TEXT(w, "rule %s is %s (%s): %s", it->rule, dx_value_class_name(it->cls),
            it->source, DX__PROG_VERIFY);
        DX_TRY(add_warning(res, w));
    }
    return DX_OK;
}

static dx__prog_check *add_check(dx_programme_result *res, const dx__prog_param *p,
                                 const char *key, int passed, int blocking)
{
    if (res->n_checks >= DX__PROG_CHECK_MAX)
        return NULL; /* cannot happen: fewer check kinds than slots */
    dx__prog_check *c = &res->checks[res->n_checks++];
    c->passed = passed;
    c->blocking = blocking;
    if (!res->numbers_only)
        fmt(c->rule, sizeof c->rule, "%s/%s", res->rules.menu, key);
    c->cls = p ? p->cls : DX_VALUE_ASSUMED;
    c->source = p ? p->source : "";
    c->reason[0] = '\0';
    return c;
}

/* Finish a check: reason text (+verify) and a warning when it failed. */
static dx_status finish_check(dx_programme_result *res, dx__prog_check *c, const dx__prog_param *p,
                              const char *reason)
{
    if (res->numbers_only)
        return DX_OK;
    dx__count(DX__COUNT_PROG_REASON);
    int verify = p && (p->verify || p->cls != DX_VALUE_FIRM);
    fmt(c->reason, sizeof c->reason, "%s%s%s", reason, verify ? "; " : "",
        verify ? DX__PROG_VERIFY : "");
    if (!c->passed) {
        char w[DX__PROG_REASON_MAX];
        TEXT(w, "%s %s: %s", c->blocking ? "NOT ELIGIBLE" : "note", c->rule, c->reason);
        DX_TRY(add_warning(res, w));
    }
    return DX_OK;
}

/* Item texts may fill their arrays without a NUL: print at most the array. */
#define NAME_ARG(it) (int)strnlen((it)->name, sizeof (it)->name), (it)->name
#define JUST_ARG(it) (int)strnlen((it)->justification, sizeof (it)->justification), (it)->justification

/* Monthly: leases, subscriptions and cloud fees, and a service that runs for a
 * number of months (the cost module's recurring items: utilities, backhaul,
 * radio usage fees, maintenance). A service without months is one-off
 * (labour, a licence application). */
static int is_monthly(const dx_cost_item *it)
{
    return it->procurement == DX_PROCURE_LEASE || it->procurement == DX_PROCURE_SUBSCRIPTION ||
           it->category == DX_COST_CAT_LEASE || it->category == DX_COST_CAT_SUBSCRIPTION ||
           it->category == DX_COST_CAT_CLOUD ||
           (it->procurement == DX_PROCURE_SERVICE && it->months > 0.0);
}

static int is_goods(dx_cost_category c)
{
    return c == DX_COST_CAT_EQUIPMENT || c == DX_COST_CAT_SOFTWARE || c == DX_COST_CAT_OTHER;
}

static dx_status validate_item(const dx_cost_item *it, size_t i)
{
    if ((unsigned)it->category > DX_COST_CAT_OTHER)
        DX_FAIL(DX_EINVAL, "dx_programme_evaluate: items[%zu].category = %d (allowed 0..12)", i,
                (int)it->category);
    if ((unsigned)it->procurement > DX_PROCURE_SERVICE)
        DX_FAIL(DX_EINVAL, "dx_programme_evaluate: items[%zu].procurement = %d (allowed 0..3)", i,
                (int)it->procurement);
    if ((unsigned)it->role > DX_COST_ROLE_OTHER)
        DX_FAIL(DX_EINVAL, "dx_programme_evaluate: items[%zu].role = %d (allowed 0..2)", i,
                (int)it->role);
    /* The upper bounds are a scenario's <cost> item bounds (scenario.c): a
     * unit price of 1e300 JPY was printed as a 300-digit total cost, 1e9 months
     * charged for 83 million years. */
    if (!(it->unit_price_jpy >= 0.0 && it->unit_price_jpy <= 1e11))
        DX_FAIL(DX_EDOMAIN,
                "dx_programme_evaluate: items[%zu].unit_price_jpy = %g JPY (allowed 0 .. 1e11; "
                "item '%.*s')",
                i, it->unit_price_jpy, NAME_ARG(it));
    if (!(it->quantity >= 0.0 && it->quantity <= 1e7))
        DX_FAIL(DX_EDOMAIN,
                "dx_programme_evaluate: items[%zu].quantity = %g units (allowed 0 .. 1e7; item "
                "'%.*s')",
                i, it->quantity, NAME_ARG(it));
    if (!(it->useful_life_years >= 0.0 && it->useful_life_years <= 100))
        DX_FAIL(DX_EDOMAIN,
                "dx_programme_evaluate: items[%zu].useful_life_years = %g years (allowed 0 .. 100, "
                "0 = unknown; item '%.*s')",
                i, it->useful_life_years, NAME_ARG(it));
    if (is_monthly(it) && !(it->months > 0.0 && it->months <= 360))
        DX_FAIL(DX_EDOMAIN,
                "dx_programme_evaluate: items[%zu].months = %g months (allowed > 0 .. 360 for a "
                "monthly lease/subscription/cloud item '%.*s')",
                i, it->months, NAME_ARG(it));
    if (!(it->months >= 0.0 && it->months <= 360))
        DX_FAIL(DX_EDOMAIN,
                "dx_programme_evaluate: items[%zu].months = %g months (allowed 0 .. 360; item "
                "'%.*s')",
                i, it->months, NAME_ARG(it));
    return DX_OK;
}

/* Apply the item rules in their fixed order; the first rule that decides wins. */
static dx_status evaluate_item(dx_programme_result *res, const dx_cost_item *it, dx__prog_item *out)
{
    const dx__prog_rules *r = &res->rules;
    char why[DX__PROG_REASON_MAX];
    why[0] = '\0';
    double tax = 0.10; /* domain-japan §5 (FIRM); overridden by the rule file's tax_ratio */
    num(r, "tax_ratio", &tax);
    /* not taxable (不課税 state fees): the price is the same with or without tax */
    double unit_incl = it->tax_included || it->not_taxable ? it->unit_price_jpy : it->unit_price_jpy * (1.0 + tax);
    int monthly = is_monthly(it);
    double cost = unit_incl * it->quantity * (monthly ? it->months : 1.0);
    out->cost_jpy = cost;
    const char *cat = dx_cost_category_name(it->category);

    /* 1. demonstration period */
    if (flag(r, "require_in_period") && !it->in_period) {
        TEXT(why, "'%.*s' arises outside the demonstration period", NAME_ARG(it));
        return decide(res, out, param(r, "require_in_period"), "require_in_period", 0, 0, why);
    }

    double note_months = 0;
    if (monthly && num(r, "period_note_months", &note_months) && it->months > note_months) {
        char w[DX__PROG_REASON_MAX];
        TEXT(w,
            "'%.*s' is charged for %g months: only the months inside the demonstration period are "
            "eligible, which normally ends within the fiscal year (%g months assumed); verify "
            "against the call guidelines (公募要領)",
            NAME_ARG(it), it->months, note_months);
        DX_TRY(add_warning(res, w));
    }

    /* 2. purchased goods and their three exceptions */
    double limit = 0, life = 0;
    if (it->procurement == DX_PROCURE_PURCHASE && is_goods(it->category) &&
        num(r, "purchase_limit_jpy_incl_tax", &limit)) {
        if (unit_incl < limit) {
            TEXT(why,
                "purchase of '%.*s' allowed: unit price %.0f JPY tax-included%s is below %.0f JPY "
                "(税込10万円未満)",
                NAME_ARG(it), unit_incl, it->tax_included ? "" : " (tax-excluded price with consumption tax)", limit);
            return decide(res, out, param(r, "purchase_limit_jpy_incl_tax"),
                          "purchase_limit_jpy_incl_tax", 1, cost, why);
        }
        if (num(r, "consumable_life_years", &life) && it->useful_life_years > 0.0 &&
            it->useful_life_years < life) {
            TEXT(why,
                "purchase of '%.*s' allowed: usable for %g years, less than %g (consumable)",
                NAME_ARG(it), it->useful_life_years, life);
            return decide(res, out, param(r, "consumable_life_years"), "consumable_life_years", 1,
                          cost, why);
        }
        if (flag(r, "unleasable_with_reason") && !it->leasable) {
            if (it->justification[0] != '\0') {
                char w[DX__PROG_REASON_MAX];
                TEXT(why,
                    "purchase of '%.*s' allowed because it cannot be leased (reason given: %.*s); the "
                    "reason must be submitted and accepted by MIC",
                    NAME_ARG(it), JUST_ARG(it));
                TEXT(w,
                    "'%.*s': purchase eligible only if MIC accepts the reason it cannot be leased "
                    "(リースなどで調達できない理由)",
                    NAME_ARG(it));
                DX_TRY(add_warning(res, w));
                return decide(res, out, param(r, "unleasable_with_reason"), "unleasable_with_reason",
                              1, cost, why);
            }
            TEXT(why,
                "'%.*s' is marked as not leasable but no justification is given (a reason must be "
                "submitted to MIC)",
                NAME_ARG(it));
            return decide(res, out, param(r, "unleasable_with_reason"), "unleasable_with_reason", 0,
                          0, why);
        }
        const dx__prog_param *g = param(r, "purchase_general");
        const char *txt = g ? strchr(g->value, ';') : NULL;
        if (txt)
            for (txt++; *txt == ' '; txt++)
                ;
        TEXT(why, "purchase of '%.*s' (unit price %.0f JPY tax-included, not below %.0f JPY): %s",
            NAME_ARG(it), unit_incl, limit, txt ? txt : "purchase excluded");
        return decide(res, out, g, "purchase_general", 0, 0, why);
    }

    /* 3. category verdict; leased or subscribed goods are judged as a lease / subscription */
    const char *rule_cat = cat;
    if (is_goods(it->category) && it->procurement == DX_PROCURE_LEASE)
        rule_cat = dx_cost_category_name(DX_COST_CAT_LEASE);
    else if (is_goods(it->category) && it->procurement == DX_PROCURE_SUBSCRIPTION)
        rule_cat = dx_cost_category_name(DX_COST_CAT_SUBSCRIPTION);
    char key[64];
    size_t cl = strlen(rule_cat);
    if (cl + 5 <= sizeof key) { /* "cat." + the name: what fmt gives, without a printf per item */
        memcpy(key, "cat.", 4);
        memcpy(key + 4, rule_cat, cl + 1);
    } else
        fmt(key, sizeof key, "cat.%s", rule_cat);
    const dx__prog_param *c = param(r, key);
    if (!c) {
        c = param(r, "default");
        fmt(key, sizeof key, "default");
    }
    if (!c) {
        TEXT(why, "no rule of %s covers category '%s'", r->menu, rule_cat);
        return decide(res, out, NULL, "none", 0, 0, why);
    }
    int elig = strncmp(c->value, "eligible", 8) == 0;
    const char *semi = strchr(c->value, ';');
    const char *text = semi ? semi + 1 : c->value;
    while (*text == ' ')
        text++;

    /* 4. ③: an eligible item must belong to the network or the solution */
    if (elig && flag(r, "require_role") && it->role == DX_COST_ROLE_OTHER) {
        TEXT(why,
            "'%.*s' (%s) belongs neither to the wireless network nor to the connected solution (role "
            "other)",
            NAME_ARG(it), cat);
        return decide(res, out, param(r, "require_role"), "require_role", 0, 0, why);
    }

    /* 5. ③: multi-year rental / cloud fees */
    double booked_max = 0, unbooked = 0;
    if (elig && monthly && num(r, "multiyear_booked_max_months", &booked_max) &&
        num(r, "multiyear_unbooked_months", &unbooked) && it->months > unbooked) {
        double per_month = cost / it->months;
        if (it->booked_in_first_year) {
            double m = it->months < booked_max ? it->months : booked_max;
            TEXT(why,
                "%s: '%.*s' runs %g months, booked in year one: %g months eligible (at most %g)",
                text, NAME_ARG(it), it->months, m, booked_max);
            return decide(res, out, param(r, "multiyear_booked_max_months"),
                          "multiyear_booked_max_months", 1, per_month * m, why);
        }
        TEXT(why,
            "%s: '%.*s' runs %g months but is not booked in year one: only %g months eligible",
            text, NAME_ARG(it), it->months, unbooked);
        return decide(res, out, param(r, "multiyear_unbooked_months"), "multiyear_unbooked_months",
                      1, per_month * unbooked, why);
    }
    TEXT(why, "%s", text);
    return decide(res, out, c, key, elig, cost, why);
}

static int is_local_government(dx_applicant_type t)
{
    return t == DX_APPLICANT_MUNICIPALITY || t == DX_APPLICANT_PREFECTURE;
}

/* Project-level checks; run after the items so they can look at the totals. */
static dx_status evaluate_project(dx_programme_result *res, const dx_applicant *a)
{
    const dx__prog_rules *r = &res->rules;
    dx_programme_totals *t = &res->totals;
    char why[DX__PROG_REASON_MAX];
    why[0] = '\0';
    const char *type = dx__applicant_names[a->type];
    const dx__prog_param *p;
    dx__prog_check *c;
    double v = 0;

    /* applicant type */
    if ((p = param(r, "applicant_types")) != NULL) {
        int ok = 0;
        size_t tl = strlen(type);
        for (const char *s = p->value; s && *s;) {
            const char *comma = strchr(s, ',');
            size_t n = comma ? (size_t)(comma - s) : strlen(s);
            if (n == tl && strncmp(s, type, n) == 0)
                ok = 1;
            s = comma ? comma + 1 : NULL;
        }
        c = add_check(res, p, "applicant_types", ok, 1);
        TEXT(why, "applicant type '%s' %s (allowed: %s)", type,
            ok ? "may apply" : "may not apply", p->value);
        DX_TRY(finish_check(res, c, p, why));
    }
    /* fiscal strength index (①-1) */
    if (num(r, "fiscal_strength_max", &v)) {
        p = param(r, "fiscal_strength_max");
        double f = a->fiscal_strength_index;
        if (isnan(f)) {
            c = add_check(res, p, "fiscal_strength_max", 1, 1);
            TEXT(why,
                "fiscal strength index (財政力指数) not given: it must be below %g for the "
                "applicant's local government",
                v);
            DX_TRY(finish_check(res, c, p, why));
            DX_TRY(add_warning(res, why));
        } else {
            int ok = f < v;
            c = add_check(res, p, "fiscal_strength_max", ok, 1);
            TEXT(why, "fiscal strength index %.3g is %s %g", f,
                ok ? "below" : "not below", v);
            DX_TRY(finish_check(res, c, p, why));
        }
    }
    int lg = is_local_government(a->type);
    int consortium_lg = a->consortium_local_governments;
    if (lg && consortium_lg < 1)
        consortium_lg = 1; /* the applicant itself is a local government */
    if (flag(r, "non_government_needs_local_government") && !lg) {
        p = param(r, "non_government_needs_local_government");
        int ok = a->consortium_local_governments >= 1;
        c = add_check(res, p, "non_government_needs_local_government", ok, 1);
        TEXT(why,
            "a %s applicant needs a consortium with at least 1 local government (has %d)", type,
            a->consortium_local_governments);
        DX_TRY(finish_check(res, c, p, why));
    }
    if (flag(r, "company_needs_local_government") && a->type == DX_APPLICANT_COMPANY) {
        p = param(r, "company_needs_local_government");
        int ok = a->consortium_local_governments >= 1;
        c = add_check(res, p, "company_needs_local_government", ok, 1);
        TEXT(why,
            "a company applicant needs a local government's recommendation and a joint project "
            "with it (local governments: %d)",
            a->consortium_local_governments);
        DX_TRY(finish_check(res, c, p, why));
    }
    if (flag(r, "nonprofit_needs_recommendation") && !lg && a->type != DX_APPLICANT_COMPANY)
        DX_TRY(add_warning(res, "the applicant needs a recommendation (推薦) from the regional "
                                "bureau (総合通信局) or a local government"));
    if (flag(r, "consortium_needs_local_government")) {
        p = param(r, "consortium_needs_local_government");
        int ok = consortium_lg >= 1;
        c = add_check(res, p, "consortium_needs_local_government", ok, 1);
        TEXT(why,
            "the consortium must include at least 1 local government (has %d)", consortium_lg);
        DX_TRY(finish_check(res, c, p, why));
    }
    if (num(r, "consortium_min_members", &v)) {
        /* a lone applicant (a municipality on its own) forms no consortium */
        p = param(r, "consortium_min_members");
        int members = consortium_lg + (lg ? 0 : 1);
        if (a->consortium_members > members)
            members = a->consortium_members;
        int ok = members >= v;
        c = add_check(res, p, "consortium_min_members", ok, 1);
        TEXT(why,
            "a consortium needs at least %g members, the applicant included (has %d%s)", v,
            members, a->consortium_members > 0 ? "" : ": give consortium_members");
        DX_TRY(finish_check(res, c, p, why));
    }
    /* partner municipalities (①-2) */
    if (num(r, "partner_municipalities_min", &v)) {
        p = param(r, "partner_municipalities_min");
        double need = v, extra = 0;
        const char *key = "partner_municipalities_min";
        if (a->previously_selected && num(r, "previously_selected_extra_partners", &extra)) {
            double prev = a->previous_partner_municipalities + extra;
            if (prev > need)
                need = prev;
            p = param(r, "previously_selected_extra_partners");
            key = "previously_selected_extra_partners";
            if (a->previous_partner_municipalities <= 0)
                DX_TRY(add_warning(res, "previously selected: the application needs at least one "
                                        "more partner municipality than the previous one (previous "
                                        "count not given)"));
        }
        int ok = a->partner_municipalities >= need;
        c = add_check(res, p, key, ok, 1);
        TEXT(why, "%d partner municipalities, at least %.0f needed%s",
            a->partner_municipalities, need,
            a->previously_selected ? " (previously selected: one more than before)" : "");
        DX_TRY(finish_check(res, c, p, why));
    }
    /* adviser dispatch limits (①-3) */
    double visits = 0, hours = 0;
    if (num(r, "advisor_max_onsite_visits", &visits) && num(r, "advisor_max_online_hours", &hours)) {
        if (a->advisor_onsite_visits_per_year > 0) {
            p = param(r, "advisor_max_onsite_visits");
            int ok = a->advisor_onsite_visits_per_year <= visits;
            c = add_check(res, p, "advisor_max_onsite_visits", ok, 0);
            TEXT(why, "%d on-site visits a year requested (at most %g)",
                a->advisor_onsite_visits_per_year, visits);
            DX_TRY(finish_check(res, c, p, why));
        } else {
            p = param(r, "advisor_max_online_hours");
            int ok = a->advisor_online_hours_per_year <= hours;
            c = add_check(res, p, "advisor_max_online_hours", ok, 0);
            TEXT(why, "%g hours of online-only support requested (at most %g)",
                a->advisor_online_hours_per_year, hours);
            DX_TRY(finish_check(res, c, p, why));
        }
    }
    /* ③: network and solution combined */
    if (flag(r, "require_network_and_solution")) {
        int net = 0, sol = 0;
        for (size_t i = 0; i < res->n_items; i++)
            if (res->items[i].eligible) {
                net |= res->items[i].role_ == DX_COST_ROLE_NETWORK;
                sol |= res->items[i].role_ == DX_COST_ROLE_SOLUTION;
            }
        p = param(r, "require_network_and_solution");
        c = add_check(res, p, "require_network_and_solution", net && sol, 1);
        TEXT(why, "%s",
            net && sol ? "the design combines eligible wireless network and solution equipment"
            : net      ? "network-only design (internet access service) is not eligible: add "
                         "connected solution equipment"
            : sol      ? "solution-only design is not eligible: the wireless network must be part "
                         "of it"
                       : "no eligible network or solution equipment");
        DX_TRY(finish_check(res, c, p, why));
    }

    t->ineligible_total_jpy = t->total_cost_jpy - t->eligible_total_jpy;
    t->project_eligible = 1;
    for (size_t i = 0; i < res->n_checks; i++)
        if (!res->checks[i].passed && res->checks[i].blocking)
            t->project_eligible = 0;
    t->funding_ratio = 0;
    num(r, "funding_ratio", &t->funding_ratio);
    double paid = t->eligible_total_jpy * t->funding_ratio;

    /* cap */
    t->cap_jpy = 0;
    const char *cap_key = "cap_jpy";
    if (a->previously_selected && num(r, "cap_previous_jpy", &t->cap_jpy))
        cap_key = "cap_previous_jpy";
    else
        num(r, "cap_jpy", &t->cap_jpy);
    if (t->cap_jpy > 0) {
        p = param(r, cap_key);
        int ok = paid <= t->cap_jpy;
        c = add_check(res, p, cap_key, ok, 0);
        TEXT(why, "%.0f JPY of eligible funding %s the cap of %.0f JPY%s", paid,
            ok ? "is within" : "exceeds", t->cap_jpy, ok ? "" : " (capped)");
        DX_TRY(finish_check(res, c, p, why));
        if (!ok)
            paid = t->cap_jpy;
    }
    /* project-size guidance (warning only), on the eligible cost (事業規模) */
    double lo = 0, hi = 0;
    int has_lo = num(r, "size_min_jpy", &lo), has_hi = num(r, "size_max_jpy", &hi);
    if (has_lo || has_hi) {
        int ok = (!has_lo || t->eligible_total_jpy >= lo) && (!has_hi || t->eligible_total_jpy <= hi);
        p = param(r, has_lo && t->eligible_total_jpy < lo ? "size_min_jpy"
                     : has_hi                             ? "size_max_jpy"
                                                          : "size_min_jpy");
        c = add_check(res, p, p->key, ok, 0);
        if (has_hi)
            TEXT(why,
                "eligible project size %.0f JPY is %s the guidance of %.0f-%.0f JPY (事業規模の目安)",
                t->eligible_total_jpy, ok ? "within" : "outside", lo, hi);
        else
            TEXT(why, "eligible project size %.0f JPY is %s the minimum of %.0f JPY",
                t->eligible_total_jpy, ok ? "at or above" : "below", lo);
        DX_TRY(finish_check(res, c, p, why));
    }
    t->subsidy_jpy = t->project_eligible ? paid : 0.0;
    t->applicant_burden_jpy = t->total_cost_jpy - t->subsidy_jpy;
    return DX_OK;
}

/* ---- public API ------------------------------------------------------------------ */
dx_status dx_programme_applicant_init(dx_applicant *a)
{
    DX_REQUIRE_PTR(a);
    memset(a, 0, sizeof *a);
    a->type = DX_APPLICANT_MUNICIPALITY;
    a->fiscal_strength_index = NAN;
    return DX_OK;
}

size_t dx_programme_applicant_size(void) { return sizeof(dx_applicant); }
size_t dx_programme_cost_item_size(void) { return sizeof(dx_cost_item); }

void dx_programme_result_free(dx_programme_result *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_warnings; i++)
        dx__free(r->warnings[i]);
    dx__free(r->warnings);
    dx__free(r->items);
    rules_dispose(&r->rules);
    dx__free(r);
}

static dx_status validate_applicant(const dx_applicant *a)
{
    if ((unsigned)a->type > DX_APPLICANT_GOV_FUNDED_CORPORATION)
        DX_FAIL(DX_EINVAL, "dx_programme_evaluate: applicant->type = %d (allowed 0..4)", (int)a->type);
    if (a->consortium_local_governments < 0)
        DX_FAIL(DX_EDOMAIN,
                "dx_programme_evaluate: applicant->consortium_local_governments = %d (allowed >= 0)",
                a->consortium_local_governments);
    if (a->partner_municipalities < 0 || a->previous_partner_municipalities < 0)
        DX_FAIL(DX_EDOMAIN,
                "dx_programme_evaluate: applicant->partner_municipalities = %d, "
                "previous_partner_municipalities = %d (allowed >= 0)",
                a->partner_municipalities, a->previous_partner_municipalities);
    if (!(a->fiscal_strength_index >= 0.0) && !isnan(a->fiscal_strength_index))
        DX_FAIL(DX_EDOMAIN,
                "dx_programme_evaluate: applicant->fiscal_strength_index = %g (allowed >= 0, NaN = "
                "unknown)",
                a->fiscal_strength_index);
    if (a->advisor_onsite_visits_per_year < 0 || !(a->advisor_online_hours_per_year >= 0.0))
        DX_FAIL(DX_EDOMAIN,
                "dx_programme_evaluate: applicant advisor_onsite_visits_per_year = %d, "
                "advisor_online_hours_per_year = %g h (allowed >= 0)",
                a->advisor_onsite_visits_per_year, a->advisor_online_hours_per_year);
    return DX_OK;
}

static dx_status evaluate(const char *menu, const char *rules_text, size_t rules_len,
                          size_t n_items, const dx_cost_item *items, const dx_applicant *applicant,
                          int numbers_only, dx_programme_result **out);

dx_status dx_programme_evaluate(const char *menu, size_t n_items, const dx_cost_item *items,
                                const dx_applicant *applicant, dx_programme_result **out)
{
    return evaluate(menu, NULL, 0, n_items, items, applicant, 0, out);
}

dx_status dx__programme_evaluate_numbers(const char *menu, size_t n_items, const dx_cost_item *items,
                                         const dx_applicant *applicant, dx_programme_result **out)
{
    return evaluate(menu, NULL, 0, n_items, items, applicant, 1, out);
}

int dx__programme_result_item_conditional(const dx_programme_result *r, size_t i)
{
    return r && i < r->n_items && r->items[i].conditional;
}

dx_status dx__programme_evaluate_text(const char *rules_text, size_t rules_len, const char *menu,
                                      size_t n_items, const dx_cost_item *items,
                                      const dx_applicant *applicant, dx_programme_result **out)
{
    DX_REQUIRE_PTR(rules_text);
    return evaluate(menu, rules_text, rules_len, n_items, items, applicant, 0, out);
}

static dx_status evaluate(const char *menu, const char *rules_text, size_t rules_len,
                          size_t n_items, const dx_cost_item *items, const dx_applicant *applicant,
                          int numbers_only, dx_programme_result **out)
{
    DX_REQUIRE_PTR(out);
    *out = NULL;
    DX_REQUIRE_PTR(menu);
    DX_REQUIRE_PTR(applicant);
    if (n_items > 0)
        DX_REQUIRE_PTR(items);
    DX_TRY(validate_applicant(applicant));
    for (size_t i = 0; i < n_items; i++)
        DX_TRY(validate_item(&items[i], i));

    dx_programme_result *res = dx__calloc(1, sizeof *res);
    if (!res)
        DX_FAIL(DX_ENOMEM, "dx_programme_evaluate: out of memory");
    res->numbers_only = numbers_only;
    dx_status st = rules_load(menu, rules_text, rules_len, &res->rules);
    if (st != DX_OK) {
        dx__free(res);
        return st;
    }
    const dx__prog_param *title = param(&res->rules, "title");
    res->title = title ? title->value : res->rules.menu;
    res->n_items = n_items;
    res->items = dx__calloc(n_items ? n_items : 1, sizeof *res->items);
    if (!res->items) {
        dx_programme_result_free(res);
        DX_FAIL(DX_ENOMEM, "dx_programme_evaluate: out of memory for %zu items", n_items);
    }
    st = add_warning(res, "R7 (FY2025) rules are taken from the MIC Kanto bureau briefing of March "
                          "2025: verify against the call guidelines (公募要領 / 実施要領) of the "
                          "fiscal year before submitting");
    for (size_t i = 0; st == DX_OK && i < n_items; i++) {
        st = evaluate_item(res, &items[i], &res->items[i]);
        res->items[i].role_ = items[i].role;
        res->totals.total_cost_jpy += res->items[i].cost_jpy;
        res->totals.eligible_total_jpy += res->items[i].eligible_jpy;
    }
    if (st == DX_OK)
        st = evaluate_project(res, applicant);
    if (st != DX_OK) {
        dx_programme_result_free(res);
        return st;
    }
    *out = res;
    return DX_OK;
}

const char *dx_programme_result_menu(const dx_programme_result *r) { return r ? r->rules.menu : ""; }
const char *dx_programme_result_title(const dx_programme_result *r) { return r ? r->title : ""; }
size_t dx_programme_result_item_count(const dx_programme_result *r) { return r ? r->n_items : 0; }

dx_status dx_programme_result_item(const dx_programme_result *r, size_t i,
                                   dx_programme_item_verdict *out)
{
    DX_REQUIRE_PTR(r);
    DX_REQUIRE_PTR(out);
    if (i >= r->n_items)
        DX_FAIL(DX_EINVAL, "dx_programme_result_item: i = %zu (the result has %zu items)", i,
                r->n_items);
    const dx__prog_item *it = &r->items[i];
    out->eligible = it->eligible;
    out->cost_jpy = it->cost_jpy;
    out->eligible_jpy = it->eligible_jpy;
    out->rule = it->rule;
    out->reason = it->reason;
    out->value_class = it->cls;
    out->source = it->source;
    return DX_OK;
}

dx_status dx_programme_result_totals(const dx_programme_result *r, dx_programme_totals *out)
{
    DX_REQUIRE_PTR(r);
    DX_REQUIRE_PTR(out);
    *out = r->totals;
    return DX_OK;
}

size_t dx_programme_result_check_count(const dx_programme_result *r) { return r ? r->n_checks : 0; }

dx_status dx_programme_result_check(const dx_programme_result *r, size_t i, dx_programme_check *out)
{
    DX_REQUIRE_PTR(r);
    DX_REQUIRE_PTR(out);
    if (i >= r->n_checks)
        DX_FAIL(DX_EINVAL, "dx_programme_result_check: i = %zu (the result has %zu checks)", i,
                r->n_checks);
    const dx__prog_check *c = &r->checks[i];
    out->passed = c->passed;
    out->blocking = c->blocking;
    out->rule = c->rule;
    out->reason = c->reason;
    out->value_class = c->cls;
    out->source = c->source;
    return DX_OK;
}

size_t dx_programme_result_warning_count(const dx_programme_result *r)
{
    return r ? r->n_warnings : 0;
}

const char *dx_programme_result_warning(const dx_programme_result *r, size_t i)
{
    return r && i < r->n_warnings ? r->warnings[i] : NULL;
}

dx_status dx_programme_param(const char *menu, const char *key, double *out_value,
                             dx_value_class *out_class)
{
    DX_REQUIRE_PTR(menu);
    DX_REQUIRE_PTR(key);
    DX_REQUIRE_PTR(out_value);
    dx__prog_rules r;
    DX_TRY(rules_load(menu, NULL, 0, &r));
    const dx__prog_param *p = param(&r, key);
    double v = 0;
    if (!p || dx__parse_double(p->value, &v) != 0) {
        rules_dispose(&r);
        DX_FAIL(DX_ENOTFOUND, "dx_programme_param: menu '%s' has no numeric parameter '%s'", menu,
                key);
    }
    *out_value = v;
    if (out_class)
        *out_class = p->cls;
    rules_dispose(&r);
    return DX_OK;
}

int dx__rule_is_conditional(const char *rule)
{
    return rule && strstr(rule, "/unleasable_with_reason") != NULL;
}
